//! What a caller asks for, and the bounds that keep any request short.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::engine::{Hypothesis, Strategy};

/// The number of runs of the paper's protocol.
pub const PAPER_RUNS: usize = 50;
/// The number of years of the paper's protocol.
pub const PAPER_STEPS: usize = 1000;
/// The chance of promoting the best under [`Strategy::BestWorst`] in the table of all
/// combinations: the best and the worst with equal chances.
pub const PAPER_P: f64 = 0.5;
/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2010;

/// The fewest runs: a standard error needs two.
pub const MIN_RUNS: usize = 2;
/// The most runs of one simulation.
pub const MAX_RUNS: usize = 1_000;
/// The most years of one run.
pub const MAX_STEPS: usize = 10_000;
/// The most points of a sweep over `p`.
pub const MAX_SWEEP_POINTS: usize = 101;
/// The most run-years one request may simulate, over all its combinations or sweep
/// points: 2.5 million is fifty times the paper's 50 runs × 1000 years, about 1.4 s of
/// one core (docs/benchmarks.md) and less than a second on two.
pub const MAX_RUN_STEPS: usize = 2_500_000;

/// A request that cannot be run, naming the field and its bound.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParamError {
    /// `runs` outside [`MIN_RUNS`]..=[`MAX_RUNS`].
    #[error(
        "runs must be from {MIN_RUNS} to {MAX_RUNS} (a standard error needs two runs); got {0}"
    )]
    Runs(usize),
    /// `steps` outside 1..=[`MAX_STEPS`].
    #[error("steps must be from 1 to {MAX_STEPS} years; got {0}")]
    Steps(usize),
    /// `p` not a probability.
    #[error("p must be a probability from 0 to 1; got {0}")]
    P(f64),
    /// More run-years than [`MAX_RUN_STEPS`].
    #[error(
        "runs × steps × {simulations} simulation(s) = {total} run-years, above the limit of {MAX_RUN_STEPS}; use fewer runs or steps"
    )]
    TooMuchWork {
        /// How many simulations the request holds (combinations or sweep points).
        simulations: usize,
        /// Their total run-years.
        total: usize,
    },
    /// A sweep written other than `FROM:TO:STEP`.
    #[error(
        "the sweep over p must be written FROM:TO:STEP with three numbers, such as 0:1:0.1; got {0:?}"
    )]
    SweepFormat(String),
    /// A sweep whose bounds or step are out of range.
    #[error(
        "the sweep over p needs 0 <= FROM <= TO <= 1 and a STEP above 0; got {from}:{to}:{step}"
    )]
    SweepRange {
        /// The first value.
        from: f64,
        /// The last value.
        to: f64,
        /// The step.
        step: f64,
    },
    /// A sweep of more than [`MAX_SWEEP_POINTS`] values.
    #[error(
        "the sweep over p has {0} values, above the limit of {MAX_SWEEP_POINTS}; use a larger STEP"
    )]
    SweepPoints(usize),
}

/// One simulation: a hypothesis, a strategy, and the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// What promotion does to competence.
    pub hypothesis: Hypothesis,
    /// Whom to promote.
    pub strategy: Strategy,
    /// The chance of the best under [`Strategy::BestWorst`]; checked, and unused, for
    /// the other strategies.
    pub p: f64,
    /// Independent runs, each from its own initial organisation.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed: the same seed gives the same result, and run `i` starts from the same
    /// organisation under every hypothesis and strategy.
    pub seed: u64,
}

impl Params {
    /// The paper's protocol (50 runs of 1000 years) for `hypothesis` and `strategy`,
    /// with `p` = [`PAPER_P`] and the default seed.
    pub fn paper(hypothesis: Hypothesis, strategy: Strategy) -> Self {
        Self {
            hypothesis,
            strategy,
            p: PAPER_P,
            runs: PAPER_RUNS,
            steps: PAPER_STEPS,
            seed: DEFAULT_SEED,
        }
    }

    /// Whether the simulation can run: every field within its bound.
    pub fn check(&self) -> Result<(), ParamError> {
        check_p(self.p)?;
        check_protocol(self.runs, self.steps, 1)
    }
}

/// Every hypothesis with every strategy (the paper's Table 1), from the same initial
/// organisations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TableParams {
    /// The chance of the best under [`Strategy::BestWorst`].
    pub p: f64,
    /// Independent runs of each combination.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed.
    pub seed: u64,
}

impl TableParams {
    /// The paper's protocol for all eight combinations, with the default seed.
    pub fn paper() -> Self {
        Self {
            p: PAPER_P,
            runs: PAPER_RUNS,
            steps: PAPER_STEPS,
            seed: DEFAULT_SEED,
        }
    }

    /// The simulations of the table, hypothesis by hypothesis, strategy by strategy.
    pub fn simulations(&self) -> Vec<Params> {
        Hypothesis::ALL
            .iter()
            .flat_map(|&hypothesis| {
                Strategy::ALL.iter().map(move |&strategy| Params {
                    hypothesis,
                    strategy,
                    p: self.p,
                    runs: self.runs,
                    steps: self.steps,
                    seed: self.seed,
                })
            })
            .collect()
    }

    /// Whether the table can run: every field within its bound, and the eight
    /// simulations together within [`MAX_RUN_STEPS`].
    pub fn check(&self) -> Result<(), ParamError> {
        check_p(self.p)?;
        check_protocol(
            self.runs,
            self.steps,
            Hypothesis::ALL.len() * Strategy::ALL.len(),
        )
    }
}

/// The values of `p` of a sweep: `from`, `from + step`, … up to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PRange {
    /// The first value.
    pub from: f64,
    /// The last value (included when the steps land on it).
    pub to: f64,
    /// The distance between values.
    pub step: f64,
}

impl PRange {
    /// The values, each computed as `from + i × step` (never by adding up steps), the
    /// last one kept when it is within a millionth of a step past `to` and then set to
    /// `to`. Fails on bounds outside [0, 1] or more than [`MAX_SWEEP_POINTS`] values.
    pub fn values(&self) -> Result<Vec<f64>, ParamError> {
        let PRange { from, to, step } = *self;
        let ok = [from, to, step].iter().all(|v| v.is_finite())
            && (0.0..=1.0).contains(&from)
            && (0.0..=1.0).contains(&to)
            && from <= to
            && step > 0.0;
        if !ok {
            return Err(ParamError::SweepRange { from, to, step });
        }
        let slack = step * 1e-6;
        let count = ((to - from + slack) / step).floor() + 1.0;
        if count > MAX_SWEEP_POINTS as f64 {
            return Err(ParamError::SweepPoints(if count < 1e12 {
                count as usize
            } else {
                usize::MAX
            }));
        }
        let count = count as usize;
        Ok((0..count)
            .map(|i| (from + i as f64 * step).min(to))
            .collect())
    }
}

impl FromStr for PRange {
    type Err = ParamError;

    /// Reads `FROM:TO:STEP`, such as `0:1:0.05`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParamError::SweepFormat(s.to_string());
        let mut parts = s.split(':').map(|part| part.trim().parse::<f64>());
        let (Some(Ok(from)), Some(Ok(to)), Some(Ok(step)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let range = Self { from, to, step };
        range.values()?;
        Ok(range)
    }
}

impl fmt::Display for PRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.from, self.to, self.step)
    }
}

/// The best-worst strategy under one hypothesis for each `p` of a range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepParams {
    /// What promotion does to competence.
    pub hypothesis: Hypothesis,
    /// The values of `p`.
    pub p: PRange,
    /// Independent runs at each value.
    pub runs: usize,
    /// Years per run.
    pub steps: usize,
    /// The seed, the same for every value, so each value starts from the same
    /// organisations.
    pub seed: u64,
}

impl SweepParams {
    /// The simulations of the sweep, in increasing `p`.
    pub fn simulations(&self) -> Result<Vec<Params>, ParamError> {
        Ok(self
            .p
            .values()?
            .into_iter()
            .map(|p| Params {
                hypothesis: self.hypothesis,
                strategy: Strategy::BestWorst,
                p,
                runs: self.runs,
                steps: self.steps,
                seed: self.seed,
            })
            .collect())
    }

    /// Whether the sweep can run: the range, the protocol, and all points together
    /// within [`MAX_RUN_STEPS`].
    pub fn check(&self) -> Result<(), ParamError> {
        let points = self.p.values()?.len();
        check_protocol(self.runs, self.steps, points)
    }
}

fn check_p(p: f64) -> Result<(), ParamError> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(ParamError::P(p))
    }
}

fn check_protocol(runs: usize, steps: usize, simulations: usize) -> Result<(), ParamError> {
    if !(MIN_RUNS..=MAX_RUNS).contains(&runs) {
        return Err(ParamError::Runs(runs));
    }
    if !(1..=MAX_STEPS).contains(&steps) {
        return Err(ParamError::Steps(steps));
    }
    let total = runs * steps * simulations;
    if total > MAX_RUN_STEPS {
        return Err(ParamError::TooMuchWork { simulations, total });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paper_protocol_passes_and_each_bound_is_named() {
        let ok = Params::paper(Hypothesis::Peter, Strategy::BestWorst);
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(TableParams::paper().check(), Ok(()));

        let err = Params { runs: 0, ..ok }.check().unwrap_err();
        assert_eq!(err, ParamError::Runs(0));
        assert!(err.to_string().starts_with("runs must be from 2 to 1000"));
        assert_eq!(Params { runs: 1, ..ok }.check(), Err(ParamError::Runs(1)));
        assert_eq!(
            Params {
                runs: MAX_RUNS + 1,
                ..ok
            }
            .check(),
            Err(ParamError::Runs(MAX_RUNS + 1))
        );
        assert_eq!(Params { steps: 0, ..ok }.check(), Err(ParamError::Steps(0)));
        assert!(
            Params { steps: 0, ..ok }
                .check()
                .unwrap_err()
                .to_string()
                .contains("steps must be from 1 to 10000")
        );
        for p in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
            let err = Params { p, ..ok }.check().unwrap_err();
            assert!(matches!(err, ParamError::P(_)), "{p}");
            assert!(
                err.to_string()
                    .starts_with("p must be a probability from 0 to 1")
            );
        }
        let err = Params {
            runs: 1000,
            steps: 10_000,
            ..ok
        }
        .check()
        .unwrap_err();
        assert_eq!(
            err,
            ParamError::TooMuchWork {
                simulations: 1,
                total: 10_000_000
            }
        );
        // A table is eight simulations: what one may run, eight may not.
        let big = TableParams {
            runs: 1000,
            steps: 2000,
            ..TableParams::paper()
        };
        assert!(
            Params {
                runs: 1000,
                steps: 2000,
                ..ok
            }
            .check()
            .is_ok()
        );
        assert!(matches!(
            big.check(),
            Err(ParamError::TooMuchWork { simulations: 8, .. })
        ));
    }

    #[test]
    fn sweeps_are_read_and_bounded() {
        let r: PRange = "0:1:0.1".parse().unwrap();
        let v = r.values().unwrap();
        assert_eq!(v.len(), 11);
        assert_eq!(v[0], 0.0);
        assert_eq!(v[10], 1.0);
        assert!((v[3] - 0.3).abs() < 1e-15);
        assert_eq!(
            " 0.2 : 0.2 : 1 "
                .parse::<PRange>()
                .unwrap()
                .values()
                .unwrap(),
            vec![0.2]
        );
        assert_eq!(
            "0:1:0.3".parse::<PRange>().unwrap().values().unwrap().len(),
            4
        );
        assert_eq!(
            "0:1:0.01"
                .parse::<PRange>()
                .unwrap()
                .values()
                .unwrap()
                .len(),
            101
        );

        for bad in ["", "0:1", "0:1:0.1:2", "a:1:0.1", "0;1;0.1"] {
            assert_eq!(
                bad.parse::<PRange>(),
                Err(ParamError::SweepFormat(bad.to_string())),
                "{bad}"
            );
        }
        for bad in [
            "1:0:0.1",
            "0:1:0",
            "0:1:-0.1",
            "-0.5:1:0.1",
            "0:2:0.1",
            "0:1:nan",
        ] {
            assert!(
                matches!(bad.parse::<PRange>(), Err(ParamError::SweepRange { .. })),
                "{bad}"
            );
        }
        let err = "0:1:0.001".parse::<PRange>().unwrap_err();
        assert_eq!(err, ParamError::SweepPoints(1001));
        assert!(err.to_string().contains("above the limit of 101"));

        let sweep = SweepParams {
            hypothesis: Hypothesis::Peter,
            p: "0:1:0.05".parse().unwrap(),
            runs: PAPER_RUNS,
            steps: PAPER_STEPS,
            seed: 1,
        };
        assert_eq!(sweep.check(), Ok(()));
        let sims = sweep.simulations().unwrap();
        assert_eq!(sims.len(), 21);
        assert!(sims.iter().all(|s| s.strategy == Strategy::BestWorst));
        let too_big = SweepParams {
            p: "0:1:0.01".parse().unwrap(),
            ..sweep
        };
        assert!(matches!(
            too_big.check(),
            Err(ParamError::TooMuchWork {
                simulations: 101,
                ..
            })
        ));
    }
}
