//! What the simulator's API and page share: running a simulation off the request threads,
//! and reading its parameters with the defaults of the published protocol.

use std::time::Duration;

use pendulum_sim::peter::{self, Hypothesis, Strategy};
use pendulum_store::Store;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{BusyWith, WebError};
use crate::state::AppState;

/// How long a simulation waits for the one running before it is refused.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// Runs `work` on the blocking threads once no other simulation runs; **503** when its
/// turn does not come within [`QUEUE_WAIT`]. The turn is held until the work ends, even
/// when the client has gone, so no more than one simulation ever runs.
pub async fn run<S: Store, T: Send + 'static>(
    state: &AppState<S>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, WebError> {
    let slots = state.simulation_slots().clone();
    let permit = tokio::time::timeout(QUEUE_WAIT, slots.acquire_owned())
        .await
        .map_err(|_| WebError::Busy(BusyWith::Simulations))?
        .map_err(|_| WebError::Busy(BusyWith::Simulations))?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        work()
    })
    .await
    .map_err(WebError::internal)
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
