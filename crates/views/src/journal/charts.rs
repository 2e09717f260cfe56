//! The journal's insights as server-side SVG charts, each drawn from the same
//! [`Insights`] value as the table beside it and the API's JSON, in the style of the pay
//! chart ([`crate::chart`]): a title and a description read out as the image's name
//! (`role="img"`), the text colour for text, the individual-contributor blue for marks, and
//! never colour alone to tell two things apart.
//!
//! Each image is 420 units wide, like the pay chart: narrow enough that a phone shows it at
//! about its own size with its text readable, and scaled up on a wide screen.

use askama::Template;
use pendulum_domain::journal::{INSIGHT_WEEKS, Insights};
use time::{Date, Duration};

use crate::markup::Markup;

const WIDTH: f64 = 420.0;
/// Room at the left of a plot for the value labels (`+2`, `−2`, `12`).
const LEFT: f64 = 34.0;
const RIGHT: f64 = 12.0;
/// A kind's row: its name, then its plot.
const NAME: f64 = 30.0;
/// The most characters of a kind's name the chart writes (the table has it whole).
const NAME_CHARS: usize = 22;
const PLOT: f64 = 60.0;
const ROW_GAP: f64 = 16.0;
/// Room under the last plot for the week labels.
const AXIS: f64 = 24.0;
/// The height of the learning chart's bars at the most entries of a week.
const BARS: f64 = 120.0;
/// Above the bars, for their labels.
const BAR_LABELS: f64 = 20.0;

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A figure of the insights as the page writes it: the API's number, with its sign, and a
/// true minus (`+1.5`, `−0.33`, `0`).
pub fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x}")
    } else if x < 0.0 {
        format!("−{}", -x)
    } else {
        "0".to_string()
    }
}

/// `text` cut to `most` characters, with an ellipsis when cut.
fn shortened(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let cut: String = text.chars().take(most - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A week by its Monday, short: `3 Nov`.
pub fn week_label(monday: Date) -> String {
    let month = monday.month().to_string();
    format!("{} {}", monday.day(), &month[..3])
}

/// The x of the middle of week `i` of the insights' weeks.
fn week_x(i: usize) -> f64 {
    let step = (WIDTH - LEFT - RIGHT) / f64::from(INSIGHT_WEEKS);
    LEFT + (i as f64 + 0.5) * step
}

/// The labelled weeks: every third one, ending with the current week.
fn week_ticks(since: Date) -> Vec<Tick> {
    (0..INSIGHT_WEEKS as usize)
        .filter(|i| (INSIGHT_WEEKS as usize - 1 - i).is_multiple_of(3))
        .map(|i| Tick {
            x: round(week_x(i)),
            label: week_label(since + Duration::weeks(i as i64)),
        })
        .collect()
}

pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// A value label at the left of a plot, and its grid line.
pub struct Level {
    pub y: f64,
    pub label: &'static str,
    /// The zero line is drawn darker.
    pub zero: bool,
}

/// One week's average energy for one kind.
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// The point's tooltip: the week, its average and its entries.
    pub title: String,
}

/// A line between two points of consecutive weeks.
pub struct Segment {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// One kind of work: its name line and its plot.
pub struct KindRow {
    pub kind: String,
    /// The kind's name, at the left.
    pub label: String,
    /// Its average and entries, at the right.
    pub figures: String,
    pub label_y: f64,
    pub top: f64,
    pub bottom: f64,
    pub levels: Vec<Level>,
    pub points: Vec<Point>,
    pub segments: Vec<Segment>,
}

/// Energy by kind of work over the weeks covered: one small plot per kind, one above the
/// other on the same scale (−2 to +2) and the same weeks, so that a phone reads them
/// without a legend and no two kinds are told apart by colour.
#[derive(Template)]
#[template(path = "charts/journal-energy.svg")]
pub struct EnergyChart {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub rows: Vec<KindRow>,
    pub ticks: Vec<Tick>,
    pub axis_y: f64,
}

impl EnergyChart {
    /// The chart of `insights`; `None` when no kind of work has an entry in the weeks.
    pub fn new(insights: &Insights) -> Option<Self> {
        if insights.energy_by_kind.is_empty() {
            return None;
        }
        let mut y = 4.0;
        let mut rows = Vec::new();
        for kind in &insights.energy_by_kind {
            let top = y + NAME;
            let bottom = top + PLOT;
            let value_y = |v: f64| round(top + (2.0 - v) / 4.0 * PLOT);
            let index = |week: Date| ((week - insights.since).whole_weeks()) as usize;
            let points: Vec<(usize, Point)> = kind
                .weeks
                .iter()
                .map(|w| {
                    let i = index(w.week);
                    (
                        i,
                        Point {
                            x: round(week_x(i)),
                            y: value_y(w.mean),
                            title: format!(
                                "{}, week of {}: {} on average over {} {}",
                                kind.name,
                                week_label(w.week),
                                signed(w.mean),
                                w.entries,
                                if w.entries == 1 { "entry" } else { "entries" }
                            ),
                        },
                    )
                })
                .collect();
            let segments = points
                .windows(2)
                .filter(|pair| pair[1].0 == pair[0].0 + 1)
                .map(|pair| Segment {
                    x1: pair[0].1.x,
                    y1: pair[0].1.y,
                    x2: pair[1].1.x,
                    y2: pair[1].1.y,
                })
                .collect();
            rows.push(KindRow {
                kind: kind.kind.clone(),
                label: shortened(&kind.name, NAME_CHARS),
                figures: format!(
                    "{} on average, {} {}",
                    signed(kind.mean),
                    kind.entries,
                    if kind.entries == 1 {
                        "entry"
                    } else {
                        "entries"
                    }
                ),
                label_y: round(y + 18.0),
                top: round(top),
                bottom: round(bottom),
                levels: [(2.0, "+2", false), (0.0, "0", true), (-2.0, "−2", false)]
                    .into_iter()
                    .map(|(v, label, zero)| Level {
                        y: value_y(v),
                        label,
                        zero,
                    })
                    .collect(),
                points: points.into_iter().map(|(_, p)| p).collect(),
                segments,
            });
            y = bottom + ROW_GAP;
        }
        let axis_y = round(y - ROW_GAP + 18.0);
        Some(Self {
            id: "journal-energy",
            title: "Energy by kind of work, week by week".to_string(),
            description: format!(
                "For each of the {} kinds of work you wrote about in the {INSIGHT_WEEKS} weeks from the week of {}, a small plot of the average energy of each week's entries naming it, from −2 (depleted) at the bottom to +2 (wanting more) at the top; a week without such an entry has no point, and points of consecutive weeks are joined. The table beside the chart holds the same figures.",
                insights.energy_by_kind.len(),
                week_label(insights.since)
            ),
            width: WIDTH,
            height: round(axis_y + AXIS - 14.0),
            left: LEFT,
            right: WIDTH - RIGHT,
            rows,
            ticks: week_ticks(insights.since),
            axis_y,
        })
    }

    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
    }
}

/// One week of the learning chart: a bar as tall as its entries, filled as far as its
/// entries with learning.
pub struct WeekBar {
    pub x: f64,
    pub width: f64,
    pub entries_y: f64,
    pub learned_y: f64,
    pub entries: u32,
    pub learned: u32,
    pub label_x: f64,
    pub title: String,
}

/// Learning per week: every week covered, its entries as an outlined bar and those that
/// recorded learning as a filled bar inside it, each labelled "learned/entries".
#[derive(Template)]
#[template(path = "charts/journal-learning.svg")]
pub struct LearningChart {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub baseline: f64,
    pub levels: Vec<(f64, String)>,
    pub bars: Vec<WeekBar>,
    pub ticks: Vec<Tick>,
}

impl LearningChart {
    pub fn new(insights: &Insights) -> Self {
        let most = insights
            .learning_per_week
            .iter()
            .map(|w| w.entries)
            .max()
            .unwrap_or(0)
            .max(1);
        let top = BAR_LABELS;
        let baseline = top + BARS;
        let height_of = |n: u32| f64::from(n) / f64::from(most) * BARS;
        let step = (WIDTH - LEFT - RIGHT) / f64::from(INSIGHT_WEEKS);
        let bar = (step * 0.62).min(22.0);
        let bars = insights
            .learning_per_week
            .iter()
            .enumerate()
            .map(|(i, w)| WeekBar {
                x: round(week_x(i) - bar / 2.0),
                width: round(bar),
                entries_y: round(baseline - height_of(w.entries)),
                learned_y: round(baseline - height_of(w.learned)),
                entries: w.entries,
                learned: w.learned,
                label_x: round(week_x(i)),
                title: format!(
                    "Week of {}: {} {}, {} with learning",
                    week_label(w.week),
                    w.entries,
                    if w.entries == 1 { "entry" } else { "entries" },
                    w.learned
                ),
            })
            .collect();
        Self {
            id: "journal-learning",
            title: "Learning per week".to_string(),
            description: format!(
                "For each of the {INSIGHT_WEEKS} weeks from the week of {}, an outlined bar as tall as the week's entries and, inside it, a filled bar as tall as those that recorded learning something, labelled learned over entries. The tallest bar is {most} {}. The table beside the chart holds the same figures.",
                week_label(insights.since),
                if most == 1 { "entry" } else { "entries" }
            ),
            width: WIDTH,
            height: round(baseline + AXIS),
            left: LEFT,
            right: WIDTH - RIGHT,
            baseline: round(baseline),
            levels: vec![(round(baseline), "0".to_string()), (top, most.to_string())],
            bars,
            ticks: week_ticks(insights.since),
        }
    }

    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
    }
}

/// Distance from the craft: the days from the last hands-on entry to today, drawn as a
/// span on a scale of weeks that ends today.
#[derive(Template)]
#[template(path = "charts/journal-craft.svg")]
pub struct CraftChart {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub from_x: f64,
    pub label: String,
    pub label_x: f64,
    pub label_anchor: &'static str,
    pub ticks: Vec<Tick>,
}

impl CraftChart {
    /// The chart of `days` since the last hands-on entry; `None` without one.
    pub fn new(days: Option<i64>) -> Option<Self> {
        let days = days?;
        let left = 16.0;
        let right = WIDTH - 16.0;
        // Twelve weeks, or as many four-week spans as needed.
        let weeks = (days.max(1) as f64 / 7.0).ceil().max(12.0);
        let weeks = (weeks / 4.0).ceil() * 4.0;
        let x = |days_back: f64| right - days_back / (weeks * 7.0) * (right - left);
        let from_x = round(x(days as f64));
        let label = match days {
            0 => "hands-on today".to_string(),
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        };
        let middle = (from_x + right) / 2.0;
        let (label_x, label_anchor) = if right - from_x < 80.0 {
            (round(right), "end")
        } else {
            (round(middle), "middle")
        };
        let step = (weeks / 4.0).max(1.0) as i64 * 7;
        let ticks = (0..)
            .map(|i| i * step)
            .take_while(|d| (*d as f64) <= weeks * 7.0 + 0.5)
            .map(|d| Tick {
                x: round(x(d as f64)),
                label: match d {
                    0 => "today".to_string(),
                    d => format!("{} wk", d / 7),
                },
            })
            .collect();
        Some(Self {
            id: "journal-craft",
            title: "Days since your last hands-on work".to_string(),
            description: format!(
                "A span from the day of your last hands-on entry to today: {label}, on a scale of the last {weeks} weeks, today at the right."
            ),
            width: WIDTH,
            height: 74.0,
            left,
            right,
            from_x,
            label,
            label_x,
            label_anchor,
            ticks,
        })
    }

    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
    }
}

#[cfg(test)]
mod tests {
    use pendulum_domain::journal::{KindEnergy, WeekEnergy, WeekLearning};
    use time::macros::date;

    use super::*;

    fn insights() -> Insights {
        let since = date!(2026 - 09 - 14);
        Insights {
            today: date!(2026 - 12 - 06),
            since,
            entries: 5,
            energy_by_kind: vec![KindEnergy {
                kind: "code-review".into(),
                name: "Code <review>".into(),
                hands_on: true,
                entries: 4,
                mean: 0.5,
                weeks: [(0, 2.0), (1, 1.0), (5, -1.5)]
                    .into_iter()
                    .map(|(i, mean)| WeekEnergy {
                        week: since + Duration::weeks(i),
                        entries: 1,
                        mean,
                    })
                    .collect(),
            }],
            learning_per_week: (0..12)
                .map(|i| WeekLearning {
                    week: since + Duration::weeks(i),
                    entries: u32::from(i == 11) * 3,
                    learned: u32::from(i == 11),
                })
                .collect(),
            days_since_hands_on: Some(9),
            notes: Vec::new(),
        }
    }

    #[test]
    fn figures_are_written_with_their_sign() {
        assert_eq!(signed(1.5), "+1.5");
        assert_eq!(signed(-0.33), "−0.33");
        assert_eq!(signed(0.0), "0");
        assert_eq!(signed(2.0), "+2");
        assert_eq!(week_label(date!(2026 - 11 - 02)), "2 Nov");
    }

    #[test]
    fn the_energy_chart_joins_consecutive_weeks_only_and_escapes_names() {
        let chart = EnergyChart::new(&insights()).unwrap();
        assert_eq!(chart.rows[0].points.len(), 3);
        assert_eq!(chart.rows[0].segments.len(), 1, "weeks 0 and 1 only");
        let top = chart.rows[0].top;
        assert_eq!(chart.rows[0].points[0].y, top, "+2 at the top");
        let svg = chart.to_markup().into_string();
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(svg.contains("Code &#60;review&#62;"), "{svg}");
        assert!(!svg.contains("<review>"));
        assert_eq!(shortened("Hands-on building", 26), "Hands-on building");
        assert_eq!(
            shortened("A very long kind of work indeed", 12),
            "A very long…"
        );
        let empty = Insights {
            energy_by_kind: Vec::new(),
            ..insights()
        };
        assert!(EnergyChart::new(&empty).is_none());
    }

    #[test]
    fn learning_bars_are_as_tall_as_their_entries() {
        let chart = LearningChart::new(&insights());
        assert_eq!(chart.bars.len(), 12);
        let last = chart.bars.last().unwrap();
        assert_eq!(last.entries_y, chart.baseline - BARS);
        assert!(last.learned_y > last.entries_y && last.learned_y < chart.baseline);
        assert_eq!(chart.bars[0].entries_y, chart.baseline);
        for bar in &chart.bars {
            assert!(bar.x >= LEFT && bar.x + bar.width <= WIDTH - RIGHT);
        }
    }

    #[test]
    fn the_craft_span_ends_today_and_grows_its_scale() {
        assert!(CraftChart::new(None).is_none());
        let near = CraftChart::new(Some(9)).unwrap();
        assert!(near.from_x < near.right);
        assert_eq!(near.ticks.first().unwrap().label, "today");
        assert_eq!(near.ticks.last().unwrap().label, "12 wk");
        let far = CraftChart::new(Some(400)).unwrap();
        assert!((far.from_x - far.left).abs() < 30.0, "{}", far.from_x);
        assert!(far.ticks.len() <= 6);
        let today = CraftChart::new(Some(0)).unwrap();
        assert_eq!(today.label, "hands-on today");
        assert_eq!(
            today.label_anchor, "end",
            "a short span's label ends at today"
        );
    }
}
