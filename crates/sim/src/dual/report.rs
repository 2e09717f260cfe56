//! What a dual-track simulation answers.

use serde::Serialize;

use super::ladders::Ladders;
use super::params::Policy;
use crate::peter::engine::{Hypothesis, Strategy};
use crate::stats::Estimate;

/// The result of one dual-track simulation: the efficiency of each ladder, the managers
/// below the dismissal threshold, and the flows between ladders and out of the
/// organisation, each with its standard error over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DualReport {
    /// How the ladders were connected.
    pub policy: Policy,
    /// What a promotion within a ladder did to competence.
    pub hypothesis: Hypothesis,
    /// Whom each ladder promoted within itself.
    pub strategy: Strategy,
    /// The chance of the best; only for [`Strategy::BestWorst`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
    /// The correlation between the two competences.
    pub correlation: f64,
    /// The standard deviation of the assessment's error.
    pub assessment_noise: f64,
    /// The trial length in years; only for [`Policy::DualTrackWithTrials`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trial_years: Option<u32>,
    /// The competence below which a trial ends in a return; only for
    /// [`Policy::DualTrackWithTrials`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trial_threshold: Option<f64>,
    /// The dismissal threshold.
    pub dismissal_threshold: f64,
    /// Independent runs.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed.
    pub seed: u64,
    /// The number of final years averaged in every `final_mean` and every yearly flow
    /// (`peter::report::final_window`: the last two fifths, 400 of 1000).
    pub final_window: usize,
    /// The ladders as simulated (under the single ladder, after
    /// [`Ladders::single_ladder`]).
    pub ladders: Ladders,
    /// Efficiency of the organisation and of each ladder.
    pub efficiency: Efficiencies,
    /// Managers whose management competence is below the dismissal threshold at the end
    /// of a year, in percent of managers; `None` without a management ladder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managers_below_threshold: Option<Measure>,
    /// Moves, promotions, hires and exits per year over the final window.
    pub per_year: Flows,
}

/// The efficiencies, in percent of their maximum (every position held at the top of the
/// competence scale).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Efficiencies {
    /// The whole organisation, each person at the competence their work needs.
    pub overall: Measure,
    /// The individual-contributor ladder.
    pub individual_contribution: Measure,
    /// The management ladder; `None` without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management: Option<Measure>,
}

/// One quantity measured at the end of every year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// Its value in the initial organisations.
    pub initial: Estimate,
    /// Each run's mean over the final window.
    pub final_mean: Estimate,
    /// Its value at the end of each year averaged over the runs, from year 0 (the
    /// initial organisations) on: `steps + 1` values, for charts. Empty when a caller
    /// left it out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<f64>,
}

/// Events per year, each run's mean over the final window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flows {
    /// Moves from individual contribution into management.
    pub moves_to_management: Estimate,
    /// Moves from management back to individual contribution, at the end of a trial.
    pub returns: Estimate,
    /// Promotions within a ladder.
    pub promotions: Estimate,
    /// People hired into the lowest individual-contributor rung.
    pub hires: Estimate,
    /// Everyone who left: the three below together.
    pub exits: Estimate,
    /// People who left at the retirement age.
    pub retirements: Estimate,
    /// Individual contributors who left below the dismissal threshold.
    pub dismissals_individual_contribution: Estimate,
    /// Managers who left below the dismissal threshold.
    pub dismissals_management: Estimate,
}
