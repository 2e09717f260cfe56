//! Server-side SVG charts. No script draws anything: a chart is markup like the rest of
//! the page, readable as an image with a title and a description, and always next to a
//! table that holds the same figures as text.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::format;
use pendulum_framework::ids::{Currency, GradeId};
use pendulum_framework::model::{Level, PayBand, Track, TrackKind};

use crate::markup::Markup;

/// A CSS class for a track's kind, so IC and management read apart in tables and charts
/// without either looking ranked.
pub(crate) fn kind_class(kind: TrackKind) -> &'static str {
    match kind {
        TrackKind::IndividualContributor => "kind-ic",
        TrackKind::Management => "kind-management",
        TrackKind::Other => "kind-other",
    }
}

/// Drawing units of the chart's view box; the page scales it to the width it has.
/// Narrow enough that its text stays legible when a phone shrinks it to fit.
const WIDTH: f64 = 420.0;
const MARGIN: f64 = 8.0;
/// Room on either side of the plot for the first and last tick labels.
const SIDE: f64 = 18.0;
const GROUP_HEADING: f64 = 28.0;
const LABEL: f64 = 19.0;
const BAR: f64 = 14.0;
const BAR_GAP: f64 = 9.0;
const AXIS: f64 = 26.0;

/// One level's band: a horizontal bar from minimum to maximum.
pub struct Bar {
    pub level: String,
    /// The line above the bar: title and figures (the colour, the legend and the
    /// tooltip give the track).
    pub label: String,
    /// The bar's tooltip, complete: title, track, figures.
    pub title: String,
    pub class: &'static str,
    /// The bar's colour, by track kind; the page's style sheet may override it.
    pub fill: &'static str,
    pub example: bool,
    pub label_y: f64,
    pub y: f64,
    pub x: f64,
    pub width: f64,
    /// Where the midpoint mark goes.
    pub mid_x: f64,
}

/// The bars of one grade, one per level of each track at that grade.
pub struct BarGroup {
    pub label: String,
    pub y: f64,
    pub bars: Vec<Bar>,
}

pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// Pay bands in one currency, one bar per level, grouped by grade with the tracks side by
/// side inside each group.
#[derive(Template)]
#[template(path = "charts/pay.svg")]
pub struct PayChart {
    /// Prefix of the ids of the chart's title and description, unique in a page.
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    pub ticks: Vec<Tick>,
    pub groups: Vec<BarGroup>,
}

impl PayChart {
    /// The chart of every level with a band in `currency`; `None` when no level has one.
    pub fn new(fw: &Framework, currency: &Currency) -> Option<Self> {
        let grouped = levels_by_grade(fw, currency);
        let bands: Vec<&PayBand> = grouped
            .iter()
            .flat_map(|(_, levels)| levels.iter().map(|(_, _, b)| *b))
            .collect();
        let low = bands.iter().map(|b| b.min).min()?;
        let high = bands.iter().map(|b| b.max).max()?;
        let (start, end, step) = nice_scale(low, high);
        let x = |value: u64| {
            let span = (end - start).max(1) as f64;
            SIDE + (value.saturating_sub(start)) as f64 / span * (WIDTH - 2.0 * SIDE)
        };

        let all_examples = bands.iter().all(|b| b.example);
        let mut y = MARGIN;
        let mut groups = Vec::new();
        for (grade, levels) in &grouped {
            let group_y = y + GROUP_HEADING - 10.0;
            y += GROUP_HEADING;
            let mut bars = Vec::new();
            for (track, level, band) in levels {
                let example = if band.example && !all_examples {
                    ", example figures"
                } else {
                    ""
                };
                bars.push(Bar {
                    level: level.id.to_string(),
                    label: format!(
                        "{}: {}–{}{example}",
                        level.title,
                        format::amount(band.min),
                        format::amount(band.max)
                    ),
                    title: format!(
                        "{} ({}): {}–{} {currency}, midpoint {}{example}",
                        level.title,
                        track.name,
                        format::amount(band.min),
                        format::amount(band.max),
                        format::amount(band.midpoint())
                    ),
                    class: kind_class(track.kind),
                    fill: kind_fill(track.kind),
                    example: band.example,
                    label_y: y + LABEL - 6.0,
                    y: y + LABEL,
                    x: round(x(band.min)),
                    width: round((x(band.max) - x(band.min)).max(2.0)),
                    mid_x: round(x(band.midpoint())),
                });
                y += LABEL + BAR + BAR_GAP;
            }
            groups.push(BarGroup {
                label: match grade {
                    Some(g) => format!("Grade {g}"),
                    None => "No grade".to_string(),
                },
                y: group_y,
                bars,
            });
        }
        let plot_bottom = y;
        let ticks = (0..)
            .map(|i| start + i * step)
            .take_while(|v| *v <= end)
            .map(|v| Tick {
                x: round(x(v)),
                label: short_amount(v),
            })
            .collect();

        let id = format!("pay-chart-{}", currency.as_str().to_ascii_lowercase());
        Some(Self {
            title: format!(
                "Pay bands in {currency}{}, by grade and track",
                if all_examples {
                    " (example figures)"
                } else {
                    ""
                }
            ),
            description: format!(
                "One horizontal bar per level, from the band's minimum to its maximum, with a mark at the midpoint; levels are grouped by grade, highest grade first, with the tracks side by side in each group. The scale runs from {} to {} {currency}. A table on the same page holds the same figures.",
                format::amount(start),
                format::amount(end)
            ),
            id,
            width: WIDTH,
            height: round(plot_bottom + AXIS),
            plot_top: MARGIN,
            plot_bottom: round(plot_bottom),
            ticks,
            groups,
        })
    }

    /// The chart as inline SVG for a page.
    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
    }

    /// Number of bars, one per level with a band in the currency.
    pub fn bars(&self) -> usize {
        self.groups.iter().map(|g| g.bars.len()).sum()
    }
}

/// A level with its track and its band in one currency.
pub(crate) type LevelWithBand<'a> = (&'a Track, &'a Level, &'a PayBand);

/// Levels with a band in `currency`, grouped by grade, highest first as on every page (the
/// framework's order reversed, then levels without a grade), each group in the tracks'
/// order.
pub(crate) fn levels_by_grade<'a>(
    fw: &'a Framework,
    currency: &Currency,
) -> Vec<(Option<&'a GradeId>, Vec<LevelWithBand<'a>>)> {
    let with_band = |grade: Option<&GradeId>| {
        fw.levels()
            .filter(move |(_, l)| l.grade.as_ref() == grade)
            .filter_map(|(t, l)| l.band(currency).map(|b| (t, l, b)))
            .collect::<Vec<_>>()
    };
    let mut out: Vec<_> = fw
        .grades
        .iter()
        .rev()
        .map(|g| (Some(g), with_band(Some(g))))
        .collect();
    out.push((None, with_band(None)));
    out.retain(|(_, levels)| !levels.is_empty());
    out
}

/// An axis label: `50k` for 50,000, `1.5m` for 1,500,000.
fn short_amount(v: u64) -> String {
    let (unit, suffix) = match v {
        1_000_000.. => (1_000_000, "m"),
        1_000.. => (1_000, "k"),
        _ => return v.to_string(),
    };
    if v.is_multiple_of(unit) {
        format!("{}{suffix}", v / unit)
    } else {
        let tenths = v * 10 / unit;
        if (v * 10).is_multiple_of(unit) {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        } else {
            format::amount(v)
        }
    }
}

/// Tick marks at 1, 2, 2.5 or 5 × a power of ten, covering
/// `low..=high`: `(start, end, step)`. At most six intervals, so that the labels of a
/// narrow chart do not run into each other.
fn nice_scale(low: u64, high: u64) -> (u64, u64, u64) {
    let span = high.saturating_sub(low).max(1);
    let mut magnitude = 1u64;
    while magnitude.saturating_mul(10) <= span {
        magnitude *= 10;
    }
    let step = [
        magnitude / 10,
        magnitude / 5,
        magnitude / 4,
        magnitude / 2,
        magnitude,
    ]
    .into_iter()
    .chain([magnitude * 2, magnitude * 5, magnitude * 10])
    .filter(|s| *s > 0)
    .find(|s| span.div_ceil(*s) <= 5)
    .unwrap_or(magnitude * 10);
    let start = low / step * step;
    let end = high.div_ceil(step) * step;
    (start, end.max(start + step), step)
}

fn kind_fill(kind: TrackKind) -> &'static str {
    match kind {
        TrackKind::IndividualContributor => "#1d6a8a",
        TrackKind::Management => "#8a4a9c",
        TrackKind::Other => "#5d6970",
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_cover_the_data_with_round_ticks() {
        assert_eq!(nice_scale(48_000, 210_000), (0, 250_000, 50_000));
        assert_eq!(nice_scale(90_000, 114_000), (90_000, 115_000, 5_000));
        assert_eq!(nice_scale(5, 5), (5, 6, 1));
        for (low, high) in [(1, 999_999), (123_456, 123_999), (0, 1), (10, 11), (0, 7)] {
            let (start, end, step) = nice_scale(low, high);
            assert!(start <= low && end >= high, "{low}..{high}");
            assert!((end - start) / step <= 6, "{low}..{high}: {step}");
        }
    }

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(short_amount(0), "0");
        assert_eq!(short_amount(500), "500");
        assert_eq!(short_amount(50_000), "50k");
        assert_eq!(short_amount(12_500), "12.5k");
        assert_eq!(short_amount(1_500_000), "1.5m");
        assert_eq!(short_amount(12_345), "12,345");
    }
}
