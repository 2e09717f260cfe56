//! The dual-track tool: the three policies side by side on the organisation's own ladders.

use pendulum_sim::dual::{DualReport, Policy};
use pendulum_sim::peter::{Hypothesis, Strategy};
use pendulum_sim::stats::Estimate;

use super::charts::{LineChart, Series};
use super::peter::strategy_label;
use super::plus_minus;
use crate::forms::FormErrors;
use crate::markup::Markup;

/// What the dual-track form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DualValues {
    pub hypothesis: String,
    pub strategy: String,
    pub correlation: String,
    pub noise: String,
    pub trial_threshold: String,
    pub headcount: String,
    pub runs: String,
    pub steps: String,
    pub seed: String,
}

/// A policy's row.
pub struct PolicyRow {
    pub policy: String,
    pub overall: String,
    pub individual: String,
    pub management: String,
    pub below: String,
    pub to_management: String,
    pub returns: String,
    pub exits: String,
}

/// The policies' results.
pub struct DualResults {
    pub caption: String,
    pub rows: Vec<PolicyRow>,
    pub chart: Option<Markup>,
    pub management_chart: Option<Markup>,
}

/// The tool's part of the page.
pub struct DualPart {
    pub values: DualValues,
    pub hypotheses: Vec<(&'static str, &'static str, bool)>,
    pub strategies: Vec<(&'static str, String, bool)>,
    pub errors: Option<FormErrors>,
    pub results: Option<DualResults>,
    /// "Engineering Manager (em-1) from Senior Engineer (ic-3)": where the framework's
    /// management ladder starts, or why it has none.
    pub ladders: String,
}

/// A policy as the page names it.
pub fn policy_label(policy: Policy) -> &'static str {
    match policy {
        Policy::SingleLadder => "Single ladder",
        Policy::DualTrack => "Dual track",
        Policy::DualTrackWithTrials => "Dual track with trials",
    }
}

fn per_year(e: &Estimate) -> String {
    plus_minus(e.mean, e.standard_error, 1)
}

impl DualPart {
    pub fn new(values: DualValues, ladders: String) -> Self {
        let hypotheses = Hypothesis::ALL
            .into_iter()
            .map(|h| {
                (
                    h.as_str(),
                    match h {
                        Hypothesis::CommonSense => "Common sense (competence carries over)",
                        Hypothesis::Peter => "Peter (a new level needs other skills)",
                    },
                    h.as_str() == values.hypothesis,
                )
            })
            .collect();
        let strategies = Strategy::ALL
            .into_iter()
            .map(|s| {
                (
                    s.as_str(),
                    strategy_label(s, None),
                    s.as_str() == values.strategy,
                )
            })
            .collect();
        Self {
            values,
            hypotheses,
            strategies,
            errors: None,
            results: None,
            ladders,
        }
    }

    #[must_use]
    pub fn with_results(mut self, reports: &[DualReport]) -> Self {
        let Some(first) = reports.first() else {
            return self;
        };
        let dash = || "—".to_string();
        let rows = reports
            .iter()
            .map(|r| PolicyRow {
                policy: policy_label(r.policy).to_string(),
                overall: per_year(&r.efficiency.overall.final_mean),
                individual: per_year(&r.efficiency.individual_contribution.final_mean),
                management: r
                    .efficiency
                    .management
                    .as_ref()
                    .map(|m| per_year(&m.final_mean))
                    .unwrap_or_else(dash),
                below: r
                    .managers_below_threshold
                    .as_ref()
                    .map(|m| per_year(&m.final_mean))
                    .unwrap_or_else(dash),
                to_management: per_year(&r.per_year.moves_to_management),
                returns: per_year(&r.per_year.returns),
                exits: per_year(&r.per_year.exits),
            })
            .collect();
        let lines = |pick: &dyn Fn(&DualReport) -> Option<Vec<f64>>| -> Vec<Series> {
            reports
                .iter()
                .filter_map(|r| {
                    Some(Series {
                        label: policy_label(r.policy).to_string(),
                        points: pick(r)?
                            .iter()
                            .enumerate()
                            .map(|(year, e)| (year as f64, *e))
                            .collect(),
                    })
                })
                .collect()
        };
        let chart = LineChart::new(
            "dual-efficiency",
            "The organisation's efficiency year by year, by policy",
            &format!(
                "The whole organisation's efficiency in percent, averaged over {} runs, from year 0 to year {}, one line per policy. The table below gives each policy's figures with standard errors.",
                first.runs, first.steps
            ),
            "Year",
            &lines(&|r| Some(r.efficiency.overall.series.clone())),
            Some((0.0, 100.0)),
        )
        .map(|c| c.to_markup());
        let management_chart = LineChart::new(
            "dual-management",
            "Management's efficiency year by year, by policy",
            &format!(
                "The management ladder's efficiency in percent (each manager's management competence weighted by their rung), averaged over {} runs, one line per policy.",
                first.runs
            ),
            "Year",
            &lines(&|r| r.efficiency.management.as_ref().map(|m| m.series.clone())),
            Some((0.0, 100.0)),
        )
        .map(|c| c.to_markup());
        self.results = Some(DualResults {
            caption: format!(
                "{} runs of {} years each (seed {}), every policy from the same initial organisations; final figures are the means of the last {} years, each ± its standard error. Efficiency in percent; managers below the dismissal threshold ({}) in percent of managers; moves and exits per year.",
                first.runs, first.steps, first.seed, first.final_window, first.dismissal_threshold
            ),
            rows,
            chart,
            management_chart,
        });
        self
    }
}
