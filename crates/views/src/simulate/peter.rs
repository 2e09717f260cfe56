//! The promotion-strategies tool: every strategy of the Peter-principle model under one
//! hypothesis, and a sweep over `p`.

use pendulum_sim::peter::{Hypothesis, Report, Strategy};

use super::charts::{LineChart, Series};
use super::{gain, plus_minus, signed_plain};
use crate::forms::FormErrors;
use crate::markup::Markup;

/// What the strategies form holds, as typed (kept when refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeterValues {
    pub hypothesis: String,
    pub p: String,
    pub runs: String,
    pub steps: String,
    pub seed: String,
}

/// What the sweep form holds, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepValues {
    pub from: String,
    pub to: String,
    pub step: String,
}

/// A strategy's row of the results table.
pub struct StrategyRow {
    pub strategy: String,
    pub initial: String,
    pub last: String,
    pub gain: String,
    pub promotions: String,
    pub departures: String,
}

/// A value of `p` in the sweep's table.
pub struct SweepRow {
    pub p: String,
    pub last: String,
    pub gain: String,
}

/// The strategies' results.
pub struct StrategyResults {
    pub caption: String,
    pub rows: Vec<StrategyRow>,
    pub chart: Option<Markup>,
}

/// The sweep's results.
pub struct SweepResults {
    pub caption: String,
    pub rows: Vec<SweepRow>,
    pub chart: Option<Markup>,
}

/// The tool's part of the page.
pub struct PeterPart {
    pub values: PeterValues,
    pub sweep: SweepValues,
    pub hypotheses: Vec<(&'static str, &'static str, bool)>,
    pub errors: Option<FormErrors>,
    pub sweep_errors: Option<FormErrors>,
    pub results: Option<StrategyResults>,
    pub sweep_results: Option<SweepResults>,
    pub max_runs: usize,
    pub max_steps: usize,
}

/// A strategy as the page names it.
pub fn strategy_label(strategy: Strategy, p: Option<f64>) -> String {
    match strategy {
        Strategy::Best => "The best".to_string(),
        Strategy::Worst => "The worst".to_string(),
        Strategy::Random => "At random".to_string(),
        Strategy::BestWorst => match p {
            Some(p) => format!("Best or worst (p = {p})"),
            None => "Best or worst".to_string(),
        },
    }
}

fn hypothesis_label(h: Hypothesis) -> &'static str {
    match h {
        Hypothesis::CommonSense => "Common sense (competence carries over)",
        Hypothesis::Peter => "Peter (a new role needs other skills)",
    }
}

impl PeterPart {
    pub fn new(values: PeterValues, sweep: SweepValues, max_runs: usize, max_steps: usize) -> Self {
        let hypotheses = Hypothesis::ALL
            .into_iter()
            .map(|h| {
                (
                    h.as_str(),
                    hypothesis_label(h),
                    h.as_str() == values.hypothesis,
                )
            })
            .collect();
        Self {
            values,
            sweep,
            hypotheses,
            errors: None,
            sweep_errors: None,
            results: None,
            sweep_results: None,
            max_runs,
            max_steps,
        }
    }

    /// The results of every strategy under one hypothesis.
    #[must_use]
    pub fn with_results(mut self, reports: &[Report]) -> Self {
        let Some(first) = reports.first() else {
            return self;
        };
        let rows = reports
            .iter()
            .map(|r| StrategyRow {
                strategy: strategy_label(r.strategy, r.p),
                initial: plus_minus(
                    r.initial_efficiency.mean,
                    r.initial_efficiency.standard_error,
                    1,
                ),
                last: plus_minus(
                    r.final_efficiency.mean,
                    r.final_efficiency.standard_error,
                    1,
                ),
                gain: format!("{} ± {:.1}", gain(r.gain.mean, 1), r.gain.standard_error),
                promotions: signed_plain(r.promotions_per_year, 1),
                departures: signed_plain(r.departures_per_year, 1),
            })
            .collect();
        let series: Vec<Series> = reports
            .iter()
            .map(|r| Series {
                label: strategy_label(r.strategy, None),
                points: r
                    .series
                    .iter()
                    .enumerate()
                    .map(|(year, e)| (year as f64, *e))
                    .collect(),
            })
            .collect();
        let chart = LineChart::new(
            "peter-efficiency",
            "Efficiency year by year, by promotion strategy",
            &format!(
                "The organisation's efficiency in percent, averaged over {} runs, from year 0 to year {}, one line per strategy under the {} hypothesis. The table below gives each strategy's initial efficiency, its mean over the last {} years and the gain, with standard errors.",
                first.runs,
                first.steps,
                first.hypothesis.as_str(),
                first.final_window
            ),
            "Year",
            &series,
            Some((0.0, 100.0)),
        )
        .map(|c| c.to_markup());
        self.results = Some(StrategyResults {
            caption: format!(
                "{} runs of {} years each (seed {}), every strategy from the same initial organisations; the final efficiency is the mean of the last {} years. Efficiency in percent, gain in percentage points, each ± its standard error.",
                first.runs, first.steps, first.seed, first.final_window
            ),
            rows,
            chart,
        });
        self
    }

    /// The results of a sweep over `p`.
    #[must_use]
    pub fn with_sweep(mut self, reports: &[Report]) -> Self {
        let Some(first) = reports.first() else {
            return self;
        };
        let rows = reports
            .iter()
            .map(|r| SweepRow {
                p: r.p.map(|p| format!("{p:.2}")).unwrap_or_default(),
                last: plus_minus(
                    r.final_efficiency.mean,
                    r.final_efficiency.standard_error,
                    1,
                ),
                gain: format!("{} ± {:.1}", gain(r.gain.mean, 1), r.gain.standard_error),
            })
            .collect();
        let points = reports
            .iter()
            .filter_map(|r| Some((r.p?, r.gain.mean)))
            .collect();
        let chart = LineChart::new(
            "peter-sweep",
            "Efficiency gain by the chance of promoting the best",
            &format!(
                "The gain in efficiency (the mean of the last {} years minus the initial efficiency, in percentage points) when each vacancy goes to the best with probability p and otherwise to the worst, for p from {} to {}, under the {} hypothesis; {} runs each. The table below holds the same figures with their standard errors.",
                first.final_window,
                reports.first().and_then(|r| r.p).unwrap_or(0.0),
                reports.last().and_then(|r| r.p).unwrap_or(1.0),
                first.hypothesis.as_str(),
                first.runs
            ),
            "p, the chance of promoting the best",
            &[Series {
                label: "Gain".to_string(),
                points,
            }],
            None,
        )
        .map(|c| c.to_markup());
        self.sweep_results = Some(SweepResults {
            caption: format!(
                "{} runs of {} years at each value of p (seed {}).",
                first.runs, first.steps, first.seed
            ),
            rows,
            chart,
        });
        self
    }
}
