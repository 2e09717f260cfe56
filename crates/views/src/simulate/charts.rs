//! The simulator's charts, drawn on the server like the others ([`crate::chart`]): a
//! title and a description read out as the image's name, and always a table beside them
//! with the same figures. Lines are told apart by their dash pattern and their label at
//! the line's end as well as by colour, so no reader depends on colour alone.
//!
//! Each chart is drawn twice, like the timeline: a wide drawing, and a narrow one for
//! phones (`sim-narrow`, 340 units wide, so that its 12-unit text reads at about 12 px on
//! a phone's width), with its lines named in a key under the plot rather than at their
//! ends. The style sheet shows one of the two.

use askama::Template;

use crate::markup::Markup;

const WIDTH: f64 = 420.0;
/// The width of the drawing for phones.
const NARROW_WIDTH: f64 = 340.0;
/// The room at the right of a narrow plot, for the last tick's label.
const NARROW_RIGHT: f64 = 16.0;
/// The length of a line's sample in a key.
const SAMPLE: f64 = 24.0;
/// The height of a key's row.
const KEY_ROW: f64 = 16.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 40.0;
/// Room at the right for the lines' end labels, at the least; a chart whose labels need
/// more is drawn wider, so the plot keeps its width.
const RIGHT: f64 = 118.0;
/// The gap between a line's end and its label.
const LABEL_GAP: f64 = 6.0;
/// The widest a line's end label may be; a longer one is cut short with an ellipsis (its
/// whole text stays in the line's title and in the table beside the chart).
const MAX_LABEL: f64 = 200.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
/// Where a legend row's name starts, from its swatch's left edge.
const LEGEND_TEXT: f64 = 18.0;
/// The most points a line is drawn with; a longer series is thinned evenly (the table and
/// the API keep every value).
const MAX_POINTS: usize = 200;
/// Distinct marks for up to six series: colour and dash pattern together.
const STYLES: [(&str, &str); 6] = [
    ("#1d6a8a", ""),
    ("#8a4a9c", "6 3"),
    ("#b35c00", "2 3"),
    ("#2f7d32", "10 3 2 3"),
    ("#56606a", "1 2"),
    ("#a3324a", "8 2 2 2 2 2"),
];

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A generous estimate of a character's width in the charts' 12-unit font, bold, after
/// the widest common sans-serif face (DejaVu Sans, Debian's default), with a margin: a
/// label given this much room is never cut at the chart's edge.
fn char_width(c: char) -> f64 {
    let em = match c {
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' | ' ' => 0.4,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.52,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 1.06,
        '0'..='9' => 0.72,
        c if is_wide(c) => 1.06,
        c if c.is_uppercase() => 0.82,
        _ => 0.72,
    };
    em * 12.0
}

/// Characters drawn a full em wide or more: East Asian scripts, full-width forms and
/// pictographs.
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1FAFF
            | 0x20000..=0x3FFFD
    )
}

/// The estimated width of `text` ([`char_width`]).
fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// `text` as drawn in at most `room` units: whole, or cut short with an ellipsis.
fn fitted(text: &str, room: f64) -> String {
    if text_width(text) <= room {
        return text.to_string();
    }
    let mut used = char_width('…');
    let mut kept = String::new();
    for c in text.chars() {
        used += char_width(c);
        if used > room {
            break;
        }
        kept.push(c);
    }
    format!("{}…", kept.trim_end())
}

/// One series of a line chart: its label and its points (x, y) in the chart's units.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A drawn line.
pub struct Line {
    /// The series' whole name, the line's title.
    pub label: String,
    /// The name as drawn at the line's end ([`fitted`] to [`MAX_LABEL`]), or in the key
    /// ([`fitted`] to the chart's width).
    pub text: String,
    pub path: String,
    pub colour: &'static str,
    pub dash: &'static str,
    pub label_x: f64,
    pub label_y: f64,
}

/// Which of a chart's two drawings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// For a screen of 40rem or more: lines named at their ends.
    Wide,
    /// For a phone: [`NARROW_WIDTH`] wide, lines named in a key under the plot.
    Narrow,
}

impl Layout {
    /// The class the style sheet tells the drawings apart by.
    fn class(self) -> &'static str {
        match self {
            Layout::Wide => "sim-wide",
            Layout::Narrow => "sim-narrow",
        }
    }

    /// The id of the drawing's title, description and patterns, unique on the page.
    fn id(self, id: &str) -> String {
        match self {
            Layout::Wide => id.to_string(),
            Layout::Narrow => format!("{id}-narrow"),
        }
    }
}

/// A chart drawn twice: the wide drawing (what the chart's fields are read through), and
/// the narrow one for phones.
pub struct Drawn<T> {
    wide: T,
    narrow: Option<T>,
}

impl<T: Template> Drawn<T> {
    /// Both drawings of what `build` draws; `None` when there is nothing to draw.
    fn new(build: impl Fn(Layout) -> Option<T>) -> Option<Self> {
        Some(Self {
            wide: build(Layout::Wide)?,
            narrow: build(Layout::Narrow),
        })
    }

    /// The drawing for phones.
    pub fn narrow(&self) -> Option<&T> {
        self.narrow.as_ref()
    }

    /// Both drawings, the wide one first.
    pub fn to_markup(&self) -> Markup {
        let mut svg = self.wide.render().expect("a chart renders");
        if let Some(narrow) = &self.narrow {
            svg.push_str(&narrow.render().expect("a chart renders"));
        }
        Markup::trusted(svg)
    }
}

impl<T> std::ops::Deref for Drawn<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.wide
    }
}

/// An axis tick: where and what.
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// Several series over one x axis (steps, years, a probability) and one y axis.
#[derive(Template)]
#[template(path = "charts/lines.svg")]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_label: String,
    pub lines: Vec<Line>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    /// `sim-wide` or `sim-narrow`.
    pub class: &'static str,
    /// Whether the lines are named in a key under the plot, each name after a sample of
    /// its line (the narrow drawing), rather than at their ends.
    pub key: bool,
    /// Where a key's line samples end.
    pub sample_end: f64,
}

/// Round tick values framing `[lo, hi]`, about `count` of them.
fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    // From the last round value at or below `lo` to the first at or above `hi`, so the
    // ticks frame every value.
    let first = (lo / step + 1e-9).floor() * step;
    let mut ticks = Vec::new();
    let mut v = first;
    while ticks.len() < 20 {
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        if v >= hi - step * 1e-9 {
            break;
        }
        v += step;
    }
    ticks
}

/// A number as a tick label: no trailing zeros, a true minus.
pub fn tick_label(v: f64) -> String {
    let text = format!("{:.2}", v);
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    match text.strip_prefix('-') {
        Some(rest) if rest != "0" => format!("−{rest}"),
        Some(_) => "0".to_string(),
        None => text,
    }
}

/// Each value as a tick at its place on an axis (`scale`).
fn ticks(values: Vec<f64>, scale: impl Fn(f64) -> f64) -> Vec<Tick> {
    values
        .into_iter()
        .map(|v| Tick {
            at: scale(v),
            label: tick_label(v),
        })
        .collect()
}

/// Evenly thinned points: the first, the last, and about `MAX_POINTS` between.
fn thinned(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if points.len() <= MAX_POINTS {
        return points.to_vec();
    }
    let stride = points.len().div_ceil(MAX_POINTS);
    let mut out: Vec<(f64, f64)> = points.iter().step_by(stride).copied().collect();
    if let Some(last) = points.last()
        && out.last() != Some(last)
    {
        out.push(*last);
    }
    out
}

impl LineChart {
    /// A chart of `series` (at most six are drawn; `None` when none has a finite point).
    /// The y axis covers the values with a margin, and `y_floor`/`y_ceiling` when given
    /// (a percentage stays within 0–100).
    pub fn new(
        id: &str,
        title: &str,
        description: &str,
        x_label: &str,
        series: &[Series],
        y_bounds: Option<(f64, f64)>,
    ) -> Option<Drawn<Self>> {
        Drawn::new(|layout| Self::build(id, title, description, x_label, series, y_bounds, layout))
    }

    fn build(
        id: &str,
        title: &str,
        description: &str,
        x_label: &str,
        series: &[Series],
        y_bounds: Option<(f64, f64)>,
        layout: Layout,
    ) -> Option<Self> {
        let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
        let all: Vec<(f64, f64)> = series
            .iter()
            .take(STYLES.len())
            .flat_map(|s| s.points.iter().filter(finite).copied())
            .collect();
        if all.is_empty() {
            return None;
        }
        let (mut x_lo, mut x_hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut y_lo, mut y_hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (x, y) in &all {
            x_lo = x_lo.min(*x);
            x_hi = x_hi.max(*x);
            y_lo = y_lo.min(*y);
            y_hi = y_hi.max(*y);
        }
        if x_hi <= x_lo {
            x_hi = x_lo + 1.0;
        }
        let pad = ((y_hi - y_lo) * 0.08).max(0.5);
        y_lo -= pad;
        y_hi += pad;
        if let Some((floor, ceiling)) = y_bounds {
            y_lo = y_lo.max(floor);
            y_hi = y_hi.min(ceiling);
        }
        let y_ticks = nice_ticks(y_lo, y_hi, 5);
        if let (Some(first), Some(last)) = (y_ticks.first(), y_ticks.last()) {
            y_lo = y_lo.min(*first);
            y_hi = y_hi.max(*last);
        }
        let (left, top, bottom) = (LEFT, TOP, HEIGHT - BOTTOM);
        let right = match layout {
            Layout::Wide => WIDTH - RIGHT,
            Layout::Narrow => NARROW_WIDTH - NARROW_RIGHT,
        };
        let sample_end = left + SAMPLE;
        let key_x = sample_end + LABEL_GAP;
        // The widest end label, as drawn, sets the room at the right; a key's name ends
        // before the chart's edge.
        let room = match layout {
            Layout::Wide => MAX_LABEL,
            Layout::Narrow => NARROW_WIDTH - key_x - LABEL_GAP,
        };
        let texts: Vec<String> = series
            .iter()
            .take(STYLES.len())
            .map(|s| fitted(&s.label, room))
            .collect();
        let widest = texts.iter().map(|t| text_width(t)).fold(0.0, f64::max);
        let width = match layout {
            Layout::Wide => WIDTH.max((right + LABEL_GAP + widest + LABEL_GAP).ceil()),
            Layout::Narrow => NARROW_WIDTH,
        };
        let sx = |x: f64| round(left + (x - x_lo) / (x_hi - x_lo) * (right - left));
        let sy = |y: f64| round(bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top));
        let mut lines: Vec<Line> = series
            .iter()
            .zip(STYLES)
            .zip(texts)
            .filter_map(|((s, (colour, dash)), text)| {
                let points: Vec<(f64, f64)> = s.points.iter().filter(finite).copied().collect();
                let points = thinned(&points);
                let last = *points.last()?;
                let path = points
                    .iter()
                    .enumerate()
                    .map(|(i, (x, y))| {
                        format!("{}{},{}", if i == 0 { "M" } else { "L" }, sx(*x), sy(*y))
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(Line {
                    label: s.label.clone(),
                    text,
                    path,
                    colour,
                    dash,
                    label_x: right + LABEL_GAP,
                    label_y: sy(last.1) + 4.0,
                })
            })
            .collect();
        let key = layout == Layout::Narrow;
        if key {
            // A row each under the axis's title, in the order of the series.
            for (k, line) in lines.iter_mut().enumerate() {
                line.label_x = key_x;
                line.label_y = round(HEIGHT + 14.0 + KEY_ROW * k as f64);
            }
        } else {
            // End labels never overlap: at least a line of text apart, top to bottom.
            let mut order: Vec<usize> = (0..lines.len()).collect();
            order.sort_by(|a, b| lines[*a].label_y.total_cmp(&lines[*b].label_y));
            let mut previous = f64::NEG_INFINITY;
            for i in order {
                let y = lines[i].label_y.max(previous + 14.0);
                lines[i].label_y = round(y);
                previous = y;
            }
        }
        let height = if key {
            round(HEIGHT + 4.0 + KEY_ROW * lines.len() as f64 + 6.0)
        } else {
            HEIGHT
        };
        Some(Self {
            id: layout.id(id),
            title: title.to_string(),
            description: description.to_string(),
            width,
            height,
            left,
            right,
            top,
            bottom,
            x_label: x_label.to_string(),
            lines,
            x_ticks: ticks(nice_ticks(x_lo, x_hi, 5), sx),
            y_ticks: ticks(y_ticks, sy),
            class: layout.class(),
            key,
            sample_end,
        })
    }
}

/// One band of a stacked chart: a state's stock in each year.
pub struct Band {
    pub label: String,
    pub path: String,
    pub colour: &'static str,
    pub pattern: bool,
    pub title: String,
}

/// One row of a stacked chart's legend.
pub struct LegendRow {
    pub y: f64,
    /// The band's whole name, the row's title.
    pub label: String,
    /// The name as drawn: [`fitted`] to the chart's width.
    pub text: String,
    pub colour: &'static str,
    /// Whether the band is hatched (the seventh to twelfth bands reuse the colours).
    pub pattern: bool,
}

/// Stocks per state over the years, stacked: the top of the stack is the headcount.
#[derive(Template)]
#[template(path = "charts/stacked.svg")]
pub struct StackedChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub bands: Vec<Band>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    /// Where the legend's names start.
    pub legend_x: f64,
    /// The legend, one row per band, below the plot.
    pub legend: Vec<LegendRow>,
    /// `sim-wide` or `sim-narrow`.
    pub class: &'static str,
}

impl StackedChart {
    /// `years[i]` is the year of `stocks[s][i]` for each state `s` (labels in `states`).
    /// `None` without a year or a state.
    pub fn new(
        id: &str,
        title: &str,
        description: &str,
        years: &[f64],
        states: &[String],
        stocks: &[Vec<f64>],
    ) -> Option<Drawn<Self>> {
        Drawn::new(|layout| Self::build(id, title, description, years, states, stocks, layout))
    }

    fn build(
        id: &str,
        title: &str,
        description: &str,
        years: &[f64],
        states: &[String],
        stocks: &[Vec<f64>],
        layout: Layout,
    ) -> Option<Self> {
        if years.is_empty() || states.is_empty() {
            return None;
        }
        let totals: Vec<f64> = (0..years.len())
            .map(|i| {
                stocks
                    .iter()
                    .map(|s| s.get(i).copied().unwrap_or(0.0))
                    .sum()
            })
            .collect();
        let y_hi = totals.iter().copied().fold(0.0, f64::max).max(1.0);
        let y_ticks = nice_ticks(0.0, y_hi, 5);
        let y_hi = y_ticks.last().copied().unwrap_or(y_hi).max(y_hi);
        let (x_lo, x_hi) = (years[0], *years.last().unwrap_or(&years[0]));
        let x_hi = if x_hi <= x_lo { x_lo + 1.0 } else { x_hi };
        let width = match layout {
            Layout::Wide => WIDTH,
            Layout::Narrow => NARROW_WIDTH,
        };
        let right = width - 16.0;
        let (left, top, bottom) = (LEFT + 8.0, TOP, HEIGHT - BOTTOM);
        let sx = |x: f64| round(left + (x - x_lo) / (x_hi - x_lo) * (right - left));
        let sy = |y: f64| round(bottom - y / y_hi * (bottom - top));
        let mut base = vec![0.0; years.len()];
        let mut bands = Vec::new();
        for (k, (label, values)) in states.iter().zip(stocks).enumerate() {
            let (colour, _) = STYLES[k % STYLES.len()];
            let upper: Vec<f64> = base
                .iter()
                .enumerate()
                .map(|(i, b)| b + values.get(i).copied().unwrap_or(0.0).max(0.0))
                .collect();
            let mut path = String::new();
            for (i, year) in years.iter().enumerate() {
                path.push_str(&format!(
                    "{}{},{} ",
                    if i == 0 { "M" } else { "L" },
                    sx(*year),
                    sy(upper[i])
                ));
            }
            for (i, year) in years.iter().enumerate().rev() {
                path.push_str(&format!("L{},{} ", sx(*year), sy(base[i])));
            }
            path.push('Z');
            let last = values.last().copied().unwrap_or(0.0);
            bands.push(Band {
                label: label.clone(),
                path,
                colour,
                pattern: (k / STYLES.len()) % 2 == 1,
                title: format!("{label}: {} in the last year shown", tick_label(last)),
            });
            base = upper;
        }
        let legend_top = HEIGHT + 4.0;
        // A legend's name starts past its swatch and ends before the chart's edge.
        let room = width - (left + LEGEND_TEXT) - LABEL_GAP;
        let legend: Vec<LegendRow> = bands
            .iter()
            .enumerate()
            .map(|(k, b)| LegendRow {
                y: round(legend_top + 16.0 * k as f64),
                label: b.label.clone(),
                text: fitted(&b.label, room),
                colour: b.colour,
                pattern: b.pattern,
            })
            .collect();
        let height = round(legend_top + 16.0 * legend.len() as f64 + 6.0);
        Some(Self {
            id: layout.id(id),
            title: title.to_string(),
            description: description.to_string(),
            width,
            height,
            left,
            right,
            top,
            bottom,
            bands,
            // Years are whole: no tick between two.
            x_ticks: ticks(
                nice_ticks(x_lo, x_hi, 6)
                    .into_iter()
                    .filter(|v| v.fract() == 0.0)
                    .collect(),
                sx,
            ),
            y_ticks: ticks(y_ticks, sy),
            legend_x: left + LEGEND_TEXT,
            legend,
            class: layout.class(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 1.0, 4), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(tick_label(-2.5), "−2.5");
        assert_eq!(tick_label(0.25), "0.25");
        assert_eq!(tick_label(60.0), "60");
    }

    #[test]
    fn a_line_chart_names_its_lines_and_keeps_labels_apart() {
        let series = vec![
            Series {
                label: "Best".into(),
                points: (0..=1000)
                    .map(|i| (i as f64, 60.0 + i as f64 / 100.0))
                    .collect(),
            },
            Series {
                label: "Worst".into(),
                points: (0..=1000)
                    .map(|i| (i as f64, 60.0 + i as f64 / 100.0 + 0.1))
                    .collect(),
            },
        ];
        let chart = LineChart::new(
            "e",
            "Efficiency",
            "desc",
            "Step",
            &series,
            Some((0.0, 100.0)),
        )
        .unwrap();
        let svg = chart.to_markup().into_string();
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(
            svg.contains(">Best</text>") && svg.contains(">Worst</text>"),
            "{svg}"
        );
        assert!((chart.lines[0].label_y - chart.lines[1].label_y).abs() >= 14.0);
        // Thinned to at most MAX_POINTS + 1 points, the last one kept.
        let points = chart.lines[0].path.matches('L').count() + 1;
        assert!(points <= MAX_POINTS + 1, "{points}");
        assert!(chart.lines[0].path.ends_with(&format!(
            "{},{}",
            chart.right,
            chart.lines[0].path.rsplit(',').next().unwrap()
        )));
        assert!(LineChart::new("e", "t", "d", "x", &[], None).is_none());
    }

    #[test]
    fn a_stacked_chart_stacks_to_the_headcount() {
        let chart = StackedChart::new(
            "p",
            "Stocks",
            "desc",
            &[0.0, 1.0, 2.0],
            &["A".to_string(), "B".to_string()],
            &[vec![10.0, 12.0, 14.0], vec![5.0, 5.0, 5.0]],
        )
        .unwrap();
        assert_eq!(chart.bands.len(), 2);
        // The top of B's band at year 2 is at 19, the total.
        let top = chart
            .y_ticks
            .iter()
            .map(|t| t.label.parse::<f64>().unwrap_or(0.0))
            .fold(0.0, f64::max);
        assert!(top >= 19.0, "{top}");
        let svg = chart.to_markup().into_string();
        assert!(
            svg.contains("<title id=\"p-title\">Stocks</title>"),
            "{svg}"
        );
    }

    fn flat(label: &str, y: f64) -> Series {
        Series {
            label: label.to_string(),
            points: vec![(0.0, y), (10.0, y)],
        }
    }

    #[test]
    fn a_long_end_label_widens_the_chart_and_a_longer_one_is_cut() {
        let short = LineChart::new("a", "t", "d", "Year", &[flat("Best", 50.0)], None).unwrap();
        assert_eq!(short.width, WIDTH, "short labels keep the usual width");
        assert_eq!(short.lines[0].text, "Best");
        assert!(
            !short
                .to_markup()
                .into_string()
                .contains("<title>Best</title></text>")
        );

        let long = "Dual track with trials";
        let endless = "A policy whose name goes on and on, far longer than any end label should be";
        let chart = LineChart::new(
            "b",
            "t",
            "d",
            "Year",
            &[flat(long, 50.0), flat(endless, 60.0)],
            None,
        )
        .unwrap();
        // The plot keeps its width; the room at the right fits the widest label drawn.
        assert_eq!(chart.right, short.right);
        assert_eq!(chart.lines[0].text, long);
        assert!(chart.lines[0].label_x + text_width(long) <= chart.width);
        let cut = &chart.lines[1].text;
        assert!(cut.ends_with('…') && cut.len() < endless.len(), "{cut}");
        assert!(endless.starts_with(cut.trim_end_matches('…')), "{cut}");
        assert!(text_width(cut) <= MAX_LABEL, "{cut}");
        assert!(chart.lines[1].label_x + text_width(cut) <= chart.width);
        assert!(chart.width <= chart.right + 2.0 * LABEL_GAP + MAX_LABEL + 1.0);
        let svg = chart.to_markup().into_string();
        assert!(
            svg.contains(&format!("{cut}<title>{endless}</title></text>")),
            "the whole name is the cut label's title: {svg}"
        );
    }

    #[test]
    fn each_chart_has_a_narrow_drawing_with_a_key_for_phones() {
        let long = "A policy whose name goes on and on, far longer than any key should be";
        let series = [flat("Single ladder", 50.0), flat(long, 60.0)];
        let chart = LineChart::new("d", "t", "d", "Year", &series, None).unwrap();
        let narrow = chart.narrow().expect("a narrow drawing");
        assert_eq!((chart.class, narrow.class), ("sim-wide", "sim-narrow"));
        assert_eq!(narrow.width, NARROW_WIDTH);
        assert_eq!(narrow.id, "d-narrow");
        assert!(!chart.key && narrow.key);
        // One row per line, in order, below the axis's title and inside the drawing.
        let (first, second) = (&narrow.lines[0], &narrow.lines[1]);
        assert_eq!(first.text, "Single ladder");
        assert!(first.label_x > narrow.sample_end && first.label_x == second.label_x);
        assert!(first.label_y - 12.0 >= narrow.bottom + 32.0);
        assert!(second.label_y >= first.label_y + 14.0);
        assert!(second.label_y <= narrow.height);
        let cut = &second.text;
        assert!(cut.ends_with('…'), "{cut}");
        assert!(second.label_x + text_width(cut) <= narrow.width, "{cut}");
        // The plot fills the narrow width; the last tick's label stays inside.
        assert_eq!(narrow.right, NARROW_WIDTH - NARROW_RIGHT);
        let svg = chart.to_markup().into_string();
        assert_eq!(svg.matches("<svg").count(), 2, "{svg}");
        assert!(svg.contains("class=\"chart sim-chart sim-wide\""), "{svg}");
        assert!(svg.contains("id=\"d-narrow-title\""), "{svg}");
        let narrow_svg = narrow.render().unwrap();
        assert!(
            narrow_svg.contains(&format!("{cut}<title>{long}</title>")),
            "{narrow_svg}"
        );
        // The narrow drawing names its lines once, in the key.
        assert_eq!(narrow_svg.matches(">Single ladder</text>").count(), 1);
    }

    #[test]
    fn widths_are_generous_for_wide_letters_and_scripts() {
        assert!(text_width("WWWW") > text_width("iiii") * 2.0);
        assert!(text_width("MMMM") >= 4.0 * 12.0);
        // A full-width script is a full em a character.
        assert!(text_width("管理职位") >= 4.0 * 12.0);
        assert_eq!(fitted("Engineer", 1000.0), "Engineer");
        let cut = fitted("管理职位管理职位管理职位", 60.0);
        assert!(cut.ends_with('…') && text_width(&cut) <= 60.0, "{cut}");
    }

    #[test]
    fn a_long_state_name_is_cut_in_the_legend_within_the_chart() {
        let long = "Principal Engineer on the platform track, second year of a management trial with a guaranteed return";
        let chart = StackedChart::new(
            "p",
            "Stocks",
            "desc",
            &[0.0, 1.0],
            &["ic-1".to_string(), long.to_string()],
            &[vec![10.0, 12.0], vec![5.0, 5.0]],
        )
        .unwrap();
        assert_eq!(chart.legend[0].text, "ic-1");
        let cut = &chart.legend[1].text;
        assert!(cut.ends_with('…'), "{cut}");
        assert!(chart.legend_x + text_width(cut) <= chart.width, "{cut}");
        // The narrow drawing cuts it shorter, within its own width.
        let narrow = chart.narrow().expect("a narrow drawing");
        assert_eq!((narrow.width, narrow.class), (NARROW_WIDTH, "sim-narrow"));
        let short = &narrow.legend[1].text;
        assert!(
            narrow.legend_x + text_width(short) <= narrow.width,
            "{short}"
        );
        assert!(short.len() < cut.len(), "{short}");
        let svg = chart.to_markup().into_string();
        assert!(
            svg.contains(&format!("{cut}<title>{long}</title>")),
            "{svg}"
        );
        assert!(!svg.contains("<title>ic-1</title>"), "{svg}");
        // Each drawing hatches with its own pattern.
        assert!(svg.contains("id=\"p-hatch\"") && svg.contains("id=\"p-narrow-hatch\""));

        // A name written as markup is cut as text and escaped, whole in the title too.
        let hostile = "<script>alert(1)</script>".repeat(4);
        let chart = StackedChart::new(
            "h",
            "Stocks",
            "desc",
            &[0.0, 1.0],
            std::slice::from_ref(&hostile),
            &[vec![1.0, 2.0]],
        )
        .unwrap();
        assert!(chart.legend[0].text.ends_with('…'));
        let svg = chart.to_markup().into_string();
        assert!(!svg.contains("<script"), "{svg}");
        assert!(
            svg.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{svg}"
        );
    }
}
