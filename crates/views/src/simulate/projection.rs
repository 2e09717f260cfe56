//! The workforce-projection tool: the organisation's history as a Markov model, shown by
//! groups that each rest on enough people, and projected year by year.

use pendulum_sim::projection::{Projection, Report};

use super::charts::StackedChart;
use super::signed_plain;
use crate::forms::FormErrors;
use crate::markup::Markup;

/// What the projection form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectionValues {
    pub window: String,
    pub years: String,
    pub mode: String,
    pub total: String,
    pub growth: String,
}

/// A row of a table: its heading and its cells.
pub struct TableRow {
    pub heading: String,
    pub cells: Vec<String>,
}

/// The projection's results.
pub struct ProjectionResults {
    pub basis: String,
    pub merged: Vec<String>,
    pub notes: Vec<String>,
    pub chart: Option<Markup>,
    pub groups: Vec<String>,
    pub stocks: Vec<TableRow>,
    pub long_run: Vec<TableRow>,
    pub no_steady_state: Option<String>,
    pub entry_years: Option<String>,
    pub rates: Vec<TableRow>,
    pub rate_columns: Vec<String>,
}

/// The tool's part of the page.
pub struct ProjectionPart {
    pub values: ProjectionValues,
    pub modes: Vec<(&'static str, &'static str, bool)>,
    pub errors: Option<FormErrors>,
    pub results: Option<ProjectionResults>,
    pub max_years: u32,
    pub max_window: u32,
}

fn figure(v: f64) -> String {
    signed_plain(v, 1)
}

fn percent(p: f64) -> String {
    format!("{:.0} %", p * 100.0)
}

impl ProjectionPart {
    pub fn new(values: ProjectionValues, max_years: u32, max_window: u32) -> Self {
        let modes = [
            (
                "fixed-size",
                "Fixed size: every leaver replaced (and the growth below)",
            ),
            ("fixed", "Fixed recruitment: the same intake each year"),
        ]
        .into_iter()
        .map(|(v, l)| (v, l, v == values.mode))
        .collect();
        Self {
            values,
            modes,
            errors: None,
            results: None,
            max_years,
            max_window,
        }
    }

    /// The estimate's report and its projection (already keyed by the groups shown).
    #[must_use]
    pub fn with_results(mut self, report: &Report, projection: &Projection) -> Self {
        let groups: Vec<String> = projection
            .start
            .stocks
            .names()
            .map(str::to_string)
            .collect();
        // A group of one level is named by its title too: "Senior Engineer (ic-3)".
        let label = |group: &str| -> String {
            report
                .groups
                .iter()
                .find(|g| g.name == group)
                .and_then(|g| match g.levels.as_slice() {
                    [one] => one.title.as_ref().map(|t| format!("{t} ({})", one.level)),
                    _ => None,
                })
                .unwrap_or_else(|| group.to_string())
        };
        let labels: Vec<String> = groups.iter().map(|g| label(g)).collect();
        let years: Vec<f64> = std::iter::once(&projection.start)
            .chain(&projection.years)
            .map(|y| f64::from(y.year))
            .collect();
        let series: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| {
                std::iter::once(&projection.start)
                    .chain(&projection.years)
                    .map(|y| y.stocks.get(g).copied().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        let chart = StackedChart::new(
            "projection-stocks",
            "Projected headcount by group, year by year",
            &format!(
                "Headcount by group from today (year 0) to year {}, stacked so that the top of the stack is the whole organisation; {} groups. The table below gives the same figures.",
                projection.years.len(),
                groups.len()
            ),
            &years,
            &labels,
            &series,
        )
        .map(|c| c.to_markup());
        let stocks = std::iter::once(&projection.start)
            .chain(&projection.years)
            .map(|y| TableRow {
                heading: if y.year == 0 {
                    "Today".to_string()
                } else {
                    format!("Year {}", y.year)
                },
                cells: groups
                    .iter()
                    .map(|g| figure(y.stocks.get(g).copied().unwrap_or(0.0)))
                    .chain([
                        figure(y.total),
                        if y.year == 0 {
                            String::new()
                        } else {
                            figure(y.recruits)
                        },
                        if y.year == 0 {
                            String::new()
                        } else {
                            figure(y.exits)
                        },
                    ])
                    .collect(),
            })
            .collect();
        let long_run = groups
            .iter()
            .map(|g| TableRow {
                heading: label(g),
                cells: vec![
                    projection
                        .steady_state
                        .as_ref()
                        .and_then(|s| s.shares.get(g))
                        .map(|s| percent(*s))
                        .unwrap_or_else(|| "—".to_string()),
                    projection
                        .expected_years_in_system
                        .get(g)
                        .copied()
                        .flatten()
                        .map(figure)
                        .unwrap_or_else(|| "—".to_string()),
                    projection
                        .from_entry
                        .reach
                        .as_ref()
                        .and_then(|r| r.get(g))
                        .map(|r| {
                            format!(
                                "{}{}",
                                percent(r.probability),
                                r.expected_years
                                    .map(|y| format!(", after {} years", figure(y)))
                                    .unwrap_or_default()
                            )
                        })
                        .unwrap_or_else(|| "—".to_string()),
                ],
            })
            .collect();
        let rate_columns: Vec<String> = report
            .groups
            .iter()
            .filter(|g| !g.withheld)
            .map(|g| g.name.clone())
            .collect();
        let rates = report
            .transitions
            .iter()
            .map(|row| TableRow {
                heading: format!("{} ({} person-years)", label(&row.from), row.observed),
                cells: rate_columns
                    .iter()
                    .map(|to| {
                        row.to
                            .iter()
                            .find(|r| &r.to == to)
                            .map(|r| {
                                format!(
                                    "{} ({}/{}; {}–{})",
                                    percent(r.probability),
                                    r.count,
                                    r.out_of,
                                    percent(r.low),
                                    percent(r.high)
                                )
                            })
                            .unwrap_or_else(|| "0".to_string())
                    })
                    .chain(std::iter::once(format!(
                        "{} ({}/{}; {}–{})",
                        percent(row.exit.probability),
                        row.exit.count,
                        row.exit.out_of,
                        percent(row.exit.low),
                        percent(row.exit.high)
                    )))
                    .collect(),
            })
            .collect();
        self.results = Some(ProjectionResults {
            basis: format!(
                "Estimated from the role histories read on {} yearly dates ({} to {}), in framework version {}; {} recruits a year on average. A group resting on fewer than {} people is not shown on its own.",
                report.dates.len(),
                report.dates.first().cloned().unwrap_or_default(),
                report.dates.last().cloned().unwrap_or_default(),
                report.framework_version,
                figure(report.recruitment.per_year),
                report.min_people
            ),
            merged: report
                .merged
                .iter()
                .map(|m| format!("{} is counted in {}.", m.state, label(&m.group)))
                .collect(),
            notes: {
                // Both say some things the same way; each once, and as plain text.
                let mut notes: Vec<String> = Vec::new();
                for note in report.notes.iter().chain(&projection.notes) {
                    let plain = note.replace('`', "");
                    if !notes.contains(&plain) {
                        notes.push(plain);
                    }
                }
                notes
            },
            chart,
            groups: labels,
            stocks,
            long_run,
            no_steady_state: projection.no_steady_state.clone(),
            entry_years: projection
                .from_entry
                .expected_years_in_system
                .map(|y| format!("A recruit stays {} years on average.", figure(y))),
            rates,
            rate_columns: rate_columns.iter().map(|c| label(c)).collect(),
        });
        self
    }
}
