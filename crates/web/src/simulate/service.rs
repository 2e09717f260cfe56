//! What the simulator's API and page share: running a simulation off the request threads,
//! and reading its parameters with the defaults of the published protocol.

use std::time::Duration;

use pendulum_sim::peter::{self, Hypothesis, Strategy};
use pendulum_sim::{dual, projection};
use pendulum_store::Store;
use serde::Deserialize;
use tokio::sync::OwnedSemaphorePermit;
use utoipa::ToSchema;

use crate::error::{BusyWith, WebError};
use crate::state::AppState;

/// How long a simulation waits for the one running before it is refused.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// The turn to run a simulation: **503** when it does not come within [`QUEUE_WAIT`].
/// Held until the work ends, even when the client has gone, so no more than one
/// simulation (and its reading of the history) ever runs.
pub async fn turn<S: Store>(state: &AppState<S>) -> Result<OwnedSemaphorePermit, WebError> {
    let slots = state.simulation_slots().clone();
    tokio::time::timeout(QUEUE_WAIT, slots.acquire_owned())
        .await
        .map_err(|_| WebError::Busy(BusyWith::Simulations))?
        .map_err(|_| WebError::Busy(BusyWith::Simulations))
}

/// Runs `work` on the blocking threads within `turn`.
pub async fn run_in<T: Send + 'static>(
    turn: OwnedSemaphorePermit,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        work()
    })
    .await
    .map_err(WebError::internal)
}

/// Runs `work` on the blocking threads once no other simulation runs ([`turn`]).
pub async fn run<S: Store, T: Send + 'static>(
    state: &AppState<S>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, WebError> {
    run_in(turn(state).await?, work).await
}

/// A refused parameter of the Peter-principle model, at its field.
pub fn peter_refusal(e: &peter::ParamError) -> WebError {
    let field = match e {
        peter::ParamError::Runs(_) | peter::ParamError::TooMuchWork { .. } => "runs",
        peter::ParamError::Steps(_) => "steps",
        peter::ParamError::P(_) => "p",
        peter::ParamError::SweepFormat(_)
        | peter::ParamError::SweepRange { .. }
        | peter::ParamError::SweepPoints(_) => "step",
    };
    WebError::invalid("invalid_simulation", sentence(&e.to_string())).at_field(field)
}

/// A library message as a sentence: capital first, full stop last.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// A Peter-principle simulation: each field left out takes the published protocol's value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeterBody {
    /// `common-sense` (default) or `peter`.
    #[schema(value_type = Option<String>, example = "peter")]
    pub hypothesis: Option<Hypothesis>,
    /// `best`, `worst`, `random` or `best-worst`; left out, every strategy is run from the
    /// same initial organisations.
    #[schema(value_type = Option<String>, example = "random")]
    pub strategy: Option<Strategy>,
    /// The chance of promoting the best under `best-worst` (default 0.5).
    pub p: Option<f64>,
    /// Independent runs (default 50).
    pub runs: Option<usize>,
    /// Years per run (default 1000).
    pub steps: Option<usize>,
    /// The seed (default 2010): the same seed gives the same answer.
    pub seed: Option<u64>,
}

impl PeterBody {
    /// The simulations asked for, checked together: their total work is bounded.
    pub fn simulations(&self) -> Result<Vec<peter::Params>, WebError> {
        let hypothesis = self.hypothesis.unwrap_or(Hypothesis::CommonSense);
        let base = peter::Params {
            hypothesis,
            strategy: Strategy::Best,
            p: self.p.unwrap_or(peter::PAPER_P),
            runs: self.runs.unwrap_or(peter::PAPER_RUNS),
            steps: self.steps.unwrap_or(peter::PAPER_STEPS),
            seed: self.seed.unwrap_or(peter::DEFAULT_SEED),
        };
        base.check().map_err(|e| peter_refusal(&e))?;
        let strategies: Vec<Strategy> = match self.strategy {
            Some(s) => vec![s],
            None => Strategy::ALL.to_vec(),
        };
        // Every strategy together within the bound of one request's work.
        let total = base
            .runs
            .saturating_mul(base.steps)
            .saturating_mul(strategies.len());
        if total > peter::MAX_RUN_STEPS {
            return Err(peter_refusal(&peter::ParamError::TooMuchWork {
                simulations: strategies.len(),
                total,
            }));
        }
        Ok(strategies
            .into_iter()
            .map(|strategy| peter::Params { strategy, ..base })
            .collect())
    }
}

/// A sweep over `p` of the best-or-worst strategy.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepBody {
    /// `common-sense` (default) or `peter`.
    #[schema(value_type = Option<String>, example = "peter")]
    pub hypothesis: Option<Hypothesis>,
    /// The first value of p (default 0).
    pub from: Option<f64>,
    /// The last value of p (default 1).
    pub to: Option<f64>,
    /// The step between values (default 0.1).
    pub step: Option<f64>,
    /// Independent runs at each value (default 50).
    pub runs: Option<usize>,
    /// Years per run (default 1000).
    pub steps: Option<usize>,
    /// The seed (default 2010).
    pub seed: Option<u64>,
}

impl SweepBody {
    pub fn params(&self) -> Result<peter::SweepParams, WebError> {
        let params = peter::SweepParams {
            hypothesis: self.hypothesis.unwrap_or(Hypothesis::CommonSense),
            p: peter::PRange {
                from: self.from.unwrap_or(0.0),
                to: self.to.unwrap_or(1.0),
                step: self.step.unwrap_or(0.1),
            },
            runs: self.runs.unwrap_or(peter::PAPER_RUNS),
            steps: self.steps.unwrap_or(peter::PAPER_STEPS),
            seed: self.seed.unwrap_or(peter::DEFAULT_SEED),
        };
        params.check().map_err(|e| peter_refusal(&e))?;
        Ok(params)
    }
}

/// The model estimated from the organisation's role histories over `window` years up to
/// today, read in its latest framework version. The histories are read by the analysis
/// capability; the estimate runs off the request threads.
pub async fn estimate<S: Store>(
    state: &AppState<S>,
    analysis: &crate::access::Analysis<'_, S>,
    window: u32,
) -> Result<projection::Estimate, WebError> {
    let frameworks = state.all_frameworks().await?;
    let Some(latest) = frameworks.iter().map(|(version, _)| version).max() else {
        return Err(WebError::NotFound);
    };
    // The turn comes first: the whole history is in memory only within it.
    let turn = turn(state).await?;
    let events = analysis.role_events().await?;
    let today = state.sealed().today();
    run_in(turn, move || {
        let histories = projection::by_person(events);
        projection::estimate(
            &frameworks,
            histories.iter().map(Vec::as_slice),
            projection::EstimateOptions {
                today,
                window_years: window,
                framework_version: latest,
            },
        )
    })
    .await?
    .map_err(|e| {
        let field = match e {
            projection::EstimateError::Window(_) => Some("window"),
            _ => None,
        };
        let refusal = WebError::invalid("invalid_projection", sentence(&e.to_string()));
        match field {
            Some(field) => refusal.at_field(field),
            None => refusal,
        }
    })
}

/// What a projection from the organisation's history asks: each left out takes its default.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectionQuery {
    /// Years of history the rates are counted from (default 5, at most 30).
    pub window: Option<u32>,
    /// Years to project (default 5, at most 100).
    pub years: Option<u32>,
    /// `fixed-size` (default: every leaver replaced) or `fixed`.
    #[param(value_type = Option<String>)]
    pub recruitment: Option<projection::Mode>,
    /// Fixed size: the headcount to keep (default today's); fixed: recruits a year
    /// (default: as many as the history's years brought on average).
    pub total: Option<f64>,
    /// Growth a year, as a fraction (default 0; from −0.5 to 1).
    pub growth: Option<f64>,
}

/// Default years projected.
pub const DEFAULT_YEARS: u32 = 5;

/// A refused projection parameter, at its field.
pub fn model_refusal(e: &projection::ModelError) -> WebError {
    let field = match e {
        projection::ModelError::Number { field, .. } if field.ends_with("growth") => Some("growth"),
        projection::ModelError::Number { field, .. } if field.ends_with("total") => Some("total"),
        projection::ModelError::Number { field, .. } if field.ends_with("years") => Some("years"),
        projection::ModelError::MissingTotal => Some("total"),
        _ => None,
    };
    let refusal = WebError::invalid("invalid_projection", sentence(&e.to_string()));
    match field {
        Some(field) => refusal.at_field(field),
        None => refusal,
    }
}

/// A planner's projection file refused: 413 over its size limit, otherwise 422
/// `invalid_projection` with the message naming the line and column, or the state or
/// field at fault, and `field` the top-level name (`states`, `stocks`, `transitions`,
/// `recruitment`) or the query's `years`.
pub fn model_file_refusal(e: &projection::ModelError) -> WebError {
    use projection::ModelError as E;
    let top = |path: &str| {
        ["states", "stocks", "transitions", "recruitment"]
            .into_iter()
            .find(|name| path.starts_with(name))
    };
    let field = match e {
        E::TooLarge { .. } => return WebError::TooLarge,
        E::Syntax { .. } => None,
        E::NoStates | E::TooManyStates { .. } | E::StateName { .. } | E::DuplicateState(_) => {
            Some("states")
        }
        E::StocksLength { .. } => Some("stocks"),
        E::Number { field, .. } | E::UnknownState { field, .. } | E::DuplicateKey { field, .. } => {
            top(field)
        }
        E::MissingRow(_) | E::RowAboveOne { .. } => Some("transitions"),
        E::DistributionSum { .. } | E::MissingTotal => Some("recruitment"),
        E::Years { .. } => Some("years"),
    };
    // A message that starts with a field of the file (`transitions.A: …`) keeps it as
    // written; one in words starts with a capital.
    let message = e.to_string();
    let message = if message.starts_with("line ") || message.starts_with("the ") {
        sentence(&message)
    } else if message.ends_with('.') {
        message
    } else {
        format!("{message}.")
    };
    let refusal = WebError::invalid("invalid_projection", message);
    match field {
        Some(field) => refusal.at_field(field),
        None => refusal,
    }
}

/// Years to project, `DEFAULT_YEARS` when not given, refused outside 1 to
/// [`projection::MAX_YEARS`].
pub fn projection_years(years: Option<u32>) -> Result<u32, WebError> {
    let years = years.unwrap_or(DEFAULT_YEARS);
    if (1..=projection::MAX_YEARS).contains(&years) {
        Ok(years)
    } else {
        Err(WebError::invalid(
            "invalid_projection",
            format!(
                "Years to project must be from 1 to {}; got {years}.",
                projection::MAX_YEARS
            ),
        )
        .at_field("years"))
    }
}

/// What projecting a planner's model asks besides the model.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ModelProjectionQuery {
    /// Years to project, 1–100 (default 5).
    pub years: Option<u32>,
}

/// Projects `estimate` under the query's policy; what may be shown: the report and the
/// projection by groups resting on enough people.
pub async fn project_estimate<S: Store>(
    state: &AppState<S>,
    estimate: projection::Estimate,
    q: &ProjectionQuery,
) -> Result<(projection::Report, projection::Projection), WebError> {
    let years = projection_years(q.years)?;
    let mode = q.recruitment.unwrap_or(projection::Mode::FixedSize);
    // Fixed recruitment without a number recruits as many a year as the history did.
    let total = match (mode, q.total) {
        (projection::Mode::Fixed, None) => Some(estimate.hires_per_year()),
        (_, total) => total,
    };
    let growth = q.growth.unwrap_or(0.0);
    run(state, move || {
        let model = estimate.model().with_policy(mode, total, growth)?;
        let shown = estimate.disclose(&projection::project(&model, years)?);
        Ok((estimate.report(), shown))
    })
    .await?
    .map_err(|e: projection::ModelError| model_refusal(&e))
}

/// Defaults of a dual-track request on the web: three policies at once stay well within
/// the library's bound ([`dual::params::MAX_AGENT_STEPS`]).
pub const DUAL_HEADCOUNT: u32 = 500;
pub const DUAL_RUNS: usize = 20;
pub const DUAL_STEPS: usize = 500;

/// A dual-track simulation on the organisation's framework: each field left out takes
/// its default; without `policy`, the three policies from the same initial organisations.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DualBody {
    /// `single-ladder`, `dual-track` or `dual-track-with-trials`.
    #[schema(value_type = Option<String>, example = "dual-track-with-trials")]
    pub policy: Option<dual::Policy>,
    /// `common-sense` (default) or `peter`: what a promotion within a ladder does.
    #[schema(value_type = Option<String>, example = "peter")]
    pub hypothesis: Option<Hypothesis>,
    /// Whom a ladder promotes (default `best`).
    #[schema(value_type = Option<String>, example = "best")]
    pub strategy: Option<Strategy>,
    /// The chance of the best under `best-worst` (default 0.5).
    pub p: Option<f64>,
    /// The correlation of the two competences, −1 to 1 (default 0.3).
    pub correlation: Option<f64>,
    /// The assessment's error, in competence points (default 2; 0 is perfect).
    pub assessment_noise: Option<f64>,
    /// A trial's length in years (default 1).
    pub trial_years: Option<u32>,
    /// A trial ends in a return below this management competence (default 6).
    pub trial_threshold: Option<f64>,
    /// People leave below this competence at their work (default 4).
    pub dismissal_threshold: Option<f64>,
    /// The organisation's size, shaped by its framework (default 500).
    pub headcount: Option<u32>,
    /// Independent runs (default 20).
    pub runs: Option<usize>,
    /// Years per run (default 500).
    pub steps: Option<usize>,
    /// The seed (default 2010).
    pub seed: Option<u64>,
}

/// A refused dual-track parameter, at its field (the page's names).
pub fn dual_refusal(e: &dual::ParamError) -> WebError {
    let field = match e {
        dual::ParamError::Ladders(_) => "headcount",
        dual::ParamError::Correlation(_) => "correlation",
        dual::ParamError::AssessmentNoise(_) => "noise",
        dual::ParamError::TrialYears(_) => "trial_years",
        dual::ParamError::TrialThreshold(_) => "trial_threshold",
        dual::ParamError::DismissalThreshold(_) => "dismissal_threshold",
        dual::ParamError::P(_) => "p",
        dual::ParamError::Runs(_) | dual::ParamError::TooMuchWork { .. } => "runs",
        dual::ParamError::Steps(_) => "steps",
    };
    WebError::invalid("invalid_simulation", sentence(&e.to_string())).at_field(field)
}

impl DualBody {
    /// The simulations asked for on `framework`'s ladders, checked together.
    pub fn simulations(
        &self,
        framework: &pendulum_framework::Framework,
    ) -> Result<Vec<dual::DualParams>, WebError> {
        let headcount = self.headcount.unwrap_or(DUAL_HEADCOUNT);
        let ladders = dual::Ladders::from_framework(framework, headcount, &dual::Shape::default())
            .map_err(|e| dual_refusal(&dual::ParamError::Ladders(e)))?;
        let base = dual::DualParams {
            policy: dual::Policy::DualTrack,
            hypothesis: self.hypothesis.unwrap_or(Hypothesis::CommonSense),
            strategy: self.strategy.unwrap_or(Strategy::Best),
            p: self.p.unwrap_or(peter::PAPER_P),
            correlation: self
                .correlation
                .unwrap_or(dual::params::DEFAULT_CORRELATION),
            assessment_noise: self
                .assessment_noise
                .unwrap_or(dual::params::DEFAULT_ASSESSMENT_NOISE),
            trial_years: self
                .trial_years
                .unwrap_or(dual::params::DEFAULT_TRIAL_YEARS),
            trial_threshold: self
                .trial_threshold
                .unwrap_or(dual::params::DEFAULT_TRIAL_THRESHOLD),
            dismissal_threshold: self
                .dismissal_threshold
                .unwrap_or(dual::params::DEFAULT_DISMISSAL_THRESHOLD),
            runs: self.runs.unwrap_or(DUAL_RUNS),
            steps: self.steps.unwrap_or(DUAL_STEPS),
            seed: self.seed.unwrap_or(peter::DEFAULT_SEED),
            ..dual::DualParams::new(ladders)
        };
        base.check().map_err(|e| dual_refusal(&e))?;
        let policies: Vec<dual::Policy> = match self.policy {
            Some(p) => vec![p],
            None => dual::Policy::ALL.to_vec(),
        };
        // The policies together within the bound of one request's work.
        let total = base
            .ladders
            .positions()
            .saturating_mul(base.runs as u64)
            .saturating_mul(base.steps as u64)
            .saturating_mul(policies.len() as u64);
        if total > dual::params::MAX_AGENT_STEPS {
            return Err(dual_refusal(&dual::ParamError::TooMuchWork {
                total,
                limit: dual::params::MAX_AGENT_STEPS,
            }));
        }
        Ok(policies
            .into_iter()
            .map(|policy| dual::DualParams {
                policy,
                ..base.clone()
            })
            .collect())
    }
}
