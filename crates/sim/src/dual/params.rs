//! What a caller asks of a dual-track simulation, and the bounds that keep a request
//! short.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::ladders::{LadderError, Ladders, Shape};
use crate::peter::engine::{Hypothesis, MAX_COMPETENCE, Strategy};
use crate::peter::params::{DEFAULT_SEED, MAX_RUNS, MAX_STEPS, MIN_RUNS, PAPER_P};

/// The headcount of the built-in framework's ladders in [`DualParams::builtin`].
pub const DEFAULT_HEADCOUNT: u32 = 1_000;
/// The runs of [`DualParams::builtin`]: the published protocol's.
pub const DEFAULT_RUNS: usize = 50;
/// The years of [`DualParams::builtin`]: the published protocol's.
pub const DEFAULT_STEPS: usize = 1_000;
/// The correlation of [`DualParams::builtin`]: the two competences go together, but
/// far from fully.
pub const DEFAULT_CORRELATION: f64 = 0.3;
/// The assessment noise of [`DualParams::builtin`], in competence points: an error as
/// wide as the spread of competence itself (the assessment and the truth then correlate
/// at about 0.7), for management competence is hard to see in someone who has not yet
/// managed.
pub const DEFAULT_ASSESSMENT_NOISE: f64 = 2.0;
/// The dismissal threshold of the published model.
pub const DEFAULT_DISMISSAL_THRESHOLD: f64 = 4.0;
/// The trial length of [`DualParams::builtin`]: the built-in framework's six-month trial
/// ends within the first simulated year.
pub const DEFAULT_TRIAL_YEARS: u32 = 1;
/// The management competence a trial must show in [`DualParams::builtin`]: a point
/// below the recruits' mean, so that a trial asks for a competent manager, not merely
/// one who would not be dismissed.
pub const DEFAULT_TRIAL_THRESHOLD: f64 = 6.0;
/// The longest trial.
pub const MAX_TRIAL_YEARS: u32 = 10;
/// The largest assessment noise: the width of the competence scale.
pub const MAX_ASSESSMENT_NOISE: f64 = 10.0;
/// The most agent-years one request may simulate (positions × years × runs), for
/// callers serving others, such as the web application: about a second of one core.
pub const MAX_AGENT_STEPS: u64 = 50_000_000;
/// The most agent-years one request may simulate at the command line, where the person
/// waiting is the one who asked: an hour or so of one core.
pub const MAX_AGENT_STEPS_CLI: u64 = 100_000_000_000;

/// How the two ladders are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Past the individual-contributor rung that feeds management, management is the
    /// only way up; the most competent individual contributors (by the strategy) move
    /// into it.
    SingleLadder,
    /// Each ladder promotes within itself; management takes, from the feeding rung, the
    /// people whose management competence is assessed highest.
    DualTrack,
    /// The dual track, and every move into management is a trial: a new manager whose
    /// management competence is below the trial threshold at the trial's end returns to
    /// individual contribution at their grade; during the trial nobody is dismissed.
    DualTrackWithTrials,
}

impl Policy {
    /// The three policies, from the single ladder to trials.
    pub const ALL: [Policy; 3] = [
        Policy::SingleLadder,
        Policy::DualTrack,
        Policy::DualTrackWithTrials,
    ];

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::SingleLadder => "single-ladder",
            Policy::DualTrack => "dual-track",
            Policy::DualTrackWithTrials => "dual-track-with-trials",
        }
    }
}

/// A request that cannot be run, naming the field and its bound.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParamError {
    /// The ladders are not usable.
    #[error("ladders: {0}")]
    Ladders(#[from] LadderError),
    /// `correlation` outside [−1, 1].
    #[error("correlation must be from -1 to 1; got {0}")]
    Correlation(f64),
    /// `assessment_noise` outside [0, [`MAX_ASSESSMENT_NOISE`]].
    #[error("assessment noise must be from 0 to {MAX_ASSESSMENT_NOISE} competence points; got {0}")]
    AssessmentNoise(f64),
    /// `trial_years` outside 1..=[`MAX_TRIAL_YEARS`].
    #[error("trial years must be from 1 to {MAX_TRIAL_YEARS}; got {0}")]
    TrialYears(u32),
    /// `trial_threshold` outside [0, [`MAX_COMPETENCE`]].
    #[error("trial threshold must be from 0 to {MAX_COMPETENCE}; got {0}")]
    TrialThreshold(f64),
    /// `dismissal_threshold` outside [0, [`MAX_COMPETENCE`]].
    #[error("dismissal threshold must be from 0 to {MAX_COMPETENCE}; got {0}")]
    DismissalThreshold(f64),
    /// `p` not a probability.
    #[error("p must be a probability from 0 to 1; got {0}")]
    P(f64),
    /// `runs` outside [`MIN_RUNS`]..=[`MAX_RUNS`].
    #[error(
        "runs must be from {MIN_RUNS} to {MAX_RUNS} (a standard error needs two runs); got {0}"
    )]
    Runs(usize),
    /// `steps` outside 1..=[`MAX_STEPS`].
    #[error("steps must be from 1 to {MAX_STEPS} years; got {0}")]
    Steps(usize),
    /// More agent-years than the caller's limit.
    #[error(
        "positions × steps × runs = {total} agent-years, above the limit of {limit}; use fewer positions, steps or runs"
    )]
    TooMuchWork {
        /// The request's agent-years.
        total: u64,
        /// The limit it was checked against.
        limit: u64,
    },
}

/// One dual-track simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DualParams {
    /// The organisation, as the framework (or the caller) describes it. Under
    /// [`Policy::SingleLadder`] it is first turned into [`Ladders::single_ladder`].
    pub ladders: Ladders,
    /// How the ladders are connected.
    pub policy: Policy,
    /// What a promotion within a ladder does to competence.
    pub hypothesis: Hypothesis,
    /// Whom each ladder promotes within itself (and, under the single ladder, whom it
    /// moves into management).
    pub strategy: Strategy,
    /// The chance of the best under [`Strategy::BestWorst`]; checked, and unused, for the
    /// other strategies.
    pub p: f64,
    /// The correlation between a person's two competences, from −1 to 1.
    pub correlation: f64,
    /// The standard deviation of the error of an assessment of management competence, in
    /// competence points; 0 is a perfect assessment.
    pub assessment_noise: f64,
    /// The length of a management trial in years (used by
    /// [`Policy::DualTrackWithTrials`] only).
    pub trial_years: u32,
    /// A trial ends in a return when the new manager's management competence is below
    /// this (used by [`Policy::DualTrackWithTrials`] only).
    pub trial_threshold: f64,
    /// A person whose competence at their work is below this leaves (a manager in a
    /// trial is reviewed at its end instead).
    pub dismissal_threshold: f64,
    /// Independent runs.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed: the same seed gives the same result.
    pub seed: u64,
}

impl DualParams {
    /// The defaults on `ladders`: the dual track under the common-sense hypothesis with
    /// the best strategy, the published protocol and seed.
    pub fn new(ladders: Ladders) -> Self {
        Self {
            ladders,
            policy: Policy::DualTrack,
            hypothesis: Hypothesis::CommonSense,
            strategy: Strategy::Best,
            p: PAPER_P,
            correlation: DEFAULT_CORRELATION,
            assessment_noise: DEFAULT_ASSESSMENT_NOISE,
            trial_years: DEFAULT_TRIAL_YEARS,
            trial_threshold: DEFAULT_TRIAL_THRESHOLD,
            dismissal_threshold: DEFAULT_DISMISSAL_THRESHOLD,
            runs: DEFAULT_RUNS,
            steps: DEFAULT_STEPS,
            seed: DEFAULT_SEED,
        }
    }

    /// The defaults on the built-in framework's ladders at [`DEFAULT_HEADCOUNT`] with the
    /// default [`Shape`].
    pub fn builtin() -> Self {
        Self::new(
            builtin_ladders(DEFAULT_HEADCOUNT, &Shape::default()).expect(
                "the built-in framework scales to the default headcount with the default shape",
            ),
        )
    }

    /// Whether the simulation can run within [`MAX_AGENT_STEPS`]: every field within its
    /// bound.
    pub fn check(&self) -> Result<(), ParamError> {
        self.check_within(MAX_AGENT_STEPS)
    }

    /// Whether the simulation can run within `limit` agent-years.
    pub fn check_within(&self, limit: u64) -> Result<(), ParamError> {
        self.ladders.check()?;
        if !(-1.0..=1.0).contains(&self.correlation) {
            return Err(ParamError::Correlation(self.correlation));
        }
        if !(0.0..=MAX_ASSESSMENT_NOISE).contains(&self.assessment_noise) {
            return Err(ParamError::AssessmentNoise(self.assessment_noise));
        }
        if !(1..=MAX_TRIAL_YEARS).contains(&self.trial_years) {
            return Err(ParamError::TrialYears(self.trial_years));
        }
        if !(0.0..=MAX_COMPETENCE).contains(&self.trial_threshold) {
            return Err(ParamError::TrialThreshold(self.trial_threshold));
        }
        if !(0.0..=MAX_COMPETENCE).contains(&self.dismissal_threshold) {
            return Err(ParamError::DismissalThreshold(self.dismissal_threshold));
        }
        if !(0.0..=1.0).contains(&self.p) {
            return Err(ParamError::P(self.p));
        }
        if !(MIN_RUNS..=MAX_RUNS).contains(&self.runs) {
            return Err(ParamError::Runs(self.runs));
        }
        if !(1..=MAX_STEPS).contains(&self.steps) {
            return Err(ParamError::Steps(self.steps));
        }
        let total = self
            .ladders
            .positions()
            .saturating_mul(self.steps as u64)
            .saturating_mul(self.runs as u64);
        if total > limit {
            return Err(ParamError::TooMuchWork { total, limit });
        }
        Ok(())
    }

    /// The ladders as simulated: [`Ladders::single_ladder`] under the single ladder, the
    /// ladders as given otherwise.
    pub fn simulated_ladders(&self) -> Ladders {
        match self.policy {
            Policy::SingleLadder => self.ladders.single_ladder(),
            Policy::DualTrack | Policy::DualTrackWithTrials => self.ladders.clone(),
        }
    }
}

/// The built-in framework's ladders scaled to `headcount` people.
pub fn builtin_ladders(headcount: u32, shape: &Shape) -> Result<Ladders, LadderError> {
    let framework = pendulum_framework::check_str(
        pendulum_framework::builtin::FILE_NAME,
        pendulum_framework::builtin::ENGINEERING_YAML,
    )
    .expect("the built-in framework is valid")
    .framework;
    Ladders::from_framework(&framework, headcount, shape)
}
