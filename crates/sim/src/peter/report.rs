//! What a simulation answers.

use serde::Serialize;

use super::engine::{Hypothesis, Strategy};
use crate::stats::Estimate;

/// The result of one simulation: the paper's figures with their standard errors, the
/// mean efficiency year by year, and what happened inside the organisations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What promotion did to competence.
    pub hypothesis: Hypothesis,
    /// Whom it promoted.
    pub strategy: Strategy,
    /// The chance of the best; only for [`Strategy::BestWorst`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
    /// Independent runs.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed.
    pub seed: u64,
    /// The number of final years averaged in [`Report::final_efficiency`]
    /// ([`final_window`]).
    pub final_window: usize,
    /// The efficiency of the initial organisations, in percent.
    pub initial_efficiency: Estimate,
    /// Each run's mean efficiency over its final years, in percent.
    pub final_efficiency: Estimate,
    /// Final minus initial efficiency, run by run, in percentage points.
    pub gain: Estimate,
    /// The efficiency at the end of each year averaged over the runs, from year 0 (the
    /// initial organisations) to the last year: `steps + 1` values. Empty when a caller
    /// left it out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<f64>,
    /// Promotions per run-year.
    pub promotions_per_year: f64,
    /// Departures (dismissals and retirements) per run-year.
    pub departures_per_year: f64,
    /// Extra passes down the pyramid, over all runs: each time a level found the level
    /// below it empty, the filling of that year went down the pyramid once more.
    pub repeated_passes: u64,
}

/// The number of final years whose efficiency is averaged: the last two fifths of the
/// run, rounded up, which is the paper's last 400 of 1000 years.
pub fn final_window(steps: usize) -> usize {
    (2 * steps).div_ceil(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_window_is_the_papers_for_its_protocol() {
        assert_eq!(final_window(1000), 400);
        assert_eq!(final_window(1), 1);
        assert_eq!(final_window(2), 1);
        assert_eq!(final_window(3), 2);
        assert_eq!(final_window(10_000), 4000);
    }
}
