//! The workforce-projection tool: the organisation's history as a Markov model, shown by
//! groups that each rest on enough people, and projected year by year.

use pendulum_sim::projection::{Projection, Report, merged_note};

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

/// The form for a planner's own model: the JSON of a projection file, pasted, and the
/// years to project. It posts (a model may be long) with the session's CSRF token.
#[derive(Clone, Debug, Default)]
pub struct ModelForm {
    pub csrf: String,
    pub text: String,
    pub years: String,
    pub errors: Option<FormErrors>,
    pub max_states: usize,
    pub max_bytes: usize,
}

impl ModelForm {
    /// Whether the form should show open: it holds a model or a refusal.
    pub fn open(&self) -> bool {
        self.errors.is_some() || !self.text.trim().is_empty()
    }

    /// `1 MiB`: the size limit as people read it.
    pub fn max_size(&self) -> String {
        match self.max_bytes {
            b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
            b if b >= 1 << 10 => format!("{} KiB", b >> 10),
            b => format!("{b} bytes"),
        }
    }
}

/// The tool's part of the page.
pub struct ProjectionPart {
    pub values: ProjectionValues,
    pub modes: Vec<(&'static str, &'static str, bool)>,
    pub errors: Option<FormErrors>,
    pub results: Option<ProjectionResults>,
    pub max_years: u32,
    pub max_window: u32,
    /// The planner's form; `None` shows none.
    pub model: Option<ModelForm>,
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
            model: None,
        }
    }

    /// The same part with the planner's form.
    #[must_use]
    pub fn with_model_form(mut self, form: ModelForm) -> Self {
        self.model = Some(form);
        self
    }

    /// A planner's model projected: its states as the groups, and no estimate (so no
    /// counts, intervals or merged groups).
    #[must_use]
    pub fn with_model_results(mut self, projection: &Projection) -> Self {
        let states = projection.start.stocks.names().count();
        let basis = format!(
            "Your model: {states} state{}, {} recruitment ({}), projected for {} year{}.",
            if states == 1 { "" } else { "s" },
            projection.recruitment.mode.as_str(),
            match projection.recruitment.mode {
                pendulum_sim::projection::Mode::Fixed => format!(
                    "{} recruits in year 1, growing {} a year",
                    figure(projection.recruitment.total),
                    percent(projection.recruitment.growth)
                ),
                pendulum_sim::projection::Mode::FixedSize => format!(
                    "a headcount of {} kept, growing {} a year",
                    figure(projection.recruitment.total),
                    percent(projection.recruitment.growth)
                ),
            },
            projection.years.len(),
            if projection.years.len() == 1 { "" } else { "s" },
        );
        self.results = Some(stock_results(
            basis,
            projection,
            &|state| state.to_string(),
            (Vec::new(), Vec::new()),
            projection
                .notes
                .iter()
                .map(|n| n.replace('`', ""))
                .collect(),
            START,
        ));
        self
    }

    /// The estimate's report and its projection (already keyed by the groups shown).
    #[must_use]
    pub fn with_results(mut self, report: &Report, projection: &Projection) -> Self {
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
        let basis = format!(
            "Estimated from the role histories read on {} yearly dates ({} to {}), in framework version {}; {} recruits a year on average. A group resting on fewer than {} people is not shown on its own.",
            report.dates.len(),
            report.dates.first().cloned().unwrap_or_default(),
            report.dates.last().cloned().unwrap_or_default(),
            report.framework_version,
            figure(report.recruitment.per_year),
            report.min_people
        );
        // Both say some things the same way; each once, and as plain text. The states
        // shown only merged are listed on their own, so their note is not repeated.
        let listed = merged_note(&report.merged);
        let mut notes: Vec<String> = Vec::new();
        for note in report.notes.iter().chain(&projection.notes) {
            if listed.as_ref() == Some(note) {
                continue;
            }
            let plain = note.replace('`', "");
            if !notes.contains(&plain) {
                notes.push(plain);
            }
        }
        let mut results = stock_results(
            basis,
            projection,
            &label,
            (rates, rate_columns.iter().map(|c| label(c)).collect()),
            notes,
            TODAY,
        );
        results.merged = report
            .merged
            .iter()
            .map(|m| format!("{} is counted in {}.", m.state, label(&m.group)))
            .collect();
        self.results = Some(results);
        self
    }
}

/// Year 0 of an estimate: the organisation as it is.
const TODAY: (&str, &str) = ("Today", "today");
/// Year 0 of a planner's model: the head counts it starts from.
const START: (&str, &str) = ("Start", "the start");

/// What any projection shows: the chart and table of stocks by group year by year, and
/// the long run; `label` names a group for people, `start` year 0 (a row heading, and
/// words for a sentence).
fn stock_results(
    basis: String,
    projection: &Projection,
    label: &dyn Fn(&str) -> String,
    (rates, rate_columns): (Vec<TableRow>, Vec<String>),
    notes: Vec<String>,
    start: (&str, &str),
) -> ProjectionResults {
    let groups: Vec<String> = projection
        .start
        .stocks
        .names()
        .map(str::to_string)
        .collect();
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
            "Headcount by group from {} (year 0) to year {}, stacked so that the top of the stack is the whole organisation; {} groups. The table below gives the same figures.",
            start.1,
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
                start.0.to_string()
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
    ProjectionResults {
        basis,
        merged: Vec::new(),
        notes,
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
        rate_columns,
    }
}
