//! The simulator's charts, drawn on the server like the others ([`crate::chart`]): a
//! title and a description read out as the image's name, and always a table beside them
//! with the same figures. Lines are told apart by their dash pattern and their label at
//! the line's end as well as by colour, so no reader depends on colour alone.

use askama::Template;

use crate::markup::Markup;

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 40.0;
/// Room at the right for the lines' end labels.
const RIGHT: f64 = 118.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
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

/// One series of a line chart: its label and its points (x, y) in the chart's units.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A drawn line.
pub struct Line {
    pub label: String,
    pub path: String,
    pub colour: &'static str,
    pub dash: &'static str,
    pub label_x: f64,
    pub label_y: f64,
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
        let (left, right, top, bottom) = (LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM);
        let sx = |x: f64| round(left + (x - x_lo) / (x_hi - x_lo) * (right - left));
        let sy = |y: f64| round(bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top));
        let mut lines: Vec<Line> = series
            .iter()
            .zip(STYLES)
            .filter_map(|(s, (colour, dash))| {
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
                    path,
                    colour,
                    dash,
                    label_x: right + 6.0,
                    label_y: sy(last.1) + 4.0,
                })
            })
            .collect();
        // End labels never overlap: at least a line of text apart, top to bottom.
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by(|a, b| lines[*a].label_y.total_cmp(&lines[*b].label_y));
        let mut previous = f64::NEG_INFINITY;
        for i in order {
            let y = lines[i].label_y.max(previous + 14.0);
            lines[i].label_y = round(y);
            previous = y;
        }
        Some(Self {
            id: id.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            width: WIDTH,
            height: HEIGHT,
            left,
            right,
            top,
            bottom,
            x_label: x_label.to_string(),
            lines,
            x_ticks: ticks(nice_ticks(x_lo, x_hi, 5), sx),
            y_ticks: ticks(y_ticks, sy),
        })
    }

    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
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
    /// The legend, one row per band, below the plot.
    pub legend: Vec<(f64, String, &'static str, bool)>,
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
        let right = WIDTH - 16.0;
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
        let legend: Vec<(f64, String, &'static str, bool)> = bands
            .iter()
            .enumerate()
            .map(|(k, b)| {
                (
                    round(legend_top + 16.0 * k as f64),
                    b.label.clone(),
                    b.colour,
                    b.pattern,
                )
            })
            .collect();
        let height = round(legend_top + 16.0 * legend.len() as f64 + 6.0);
        Some(Self {
            id: id.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            width: WIDTH,
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
            legend,
        })
    }

    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
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
}
