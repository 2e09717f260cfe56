//! Running a model forward ([`project`]): the head count in each state year by year, and
//! the long-run figures that do not depend on the number of years asked for (the steady
//! structure, the expected years in the organisation, the time from entry to each state).
//!
//! With `n(t)` the row vector of head counts at the end of year `t`, `P` the transition
//! matrix, `r` the recruitment shares and `R(t)` the people recruited during year `t`:
//!
//! ```text
//! n(t) = n(t − 1) · P + R(t) · r
//! ```
//!
//! A year's leavers are `Σ n(t − 1) − Σ n(t − 1)·P`; its recruits `R(t)` follow the mode:
//! fixed, `total · (1 + growth)^(t − 1)`; fixed size, whatever brings the head count to
//! `size · (1 + growth)^t` (never below zero: when more must go than leave, the head count
//! falls only as fast as people leave).

use serde::{Deserialize, Serialize};

use super::linalg::{Matrix, invert, row_times, times};
use super::model::{ByState, MAX_YEARS, Mode, Model, ModelError};

/// An exit probability at or below this is taken for none: nobody leaves the state.
const NO_EXIT: f64 = 1e-9;

/// A projection: year by year, then the long run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The recruitment policy projected.
    pub recruitment: Policy,
    /// Year 0: the head counts the model starts from (no exits or recruits).
    pub start: Year,
    /// Years 1 to N.
    pub years: Vec<Year>,
    /// Where the structure settles, when it does (see [`SteadyState`]); `None` with the
    /// reason in `no_steady_state`.
    pub steady_state: Option<SteadyState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_steady_state: Option<String>,
    /// The states nobody leaves, nor moves on from to a state people leave: with them,
    /// the expected years of those who may reach them have no end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub never_leave: Vec<String>,
    /// For someone in each state today: the number of yearly counts they are expected to
    /// be part of, this year's included (the row sums of the fundamental matrix
    /// `(I − P)⁻¹`). `None` for a state from which some people never leave.
    pub expected_years_in_system: ByState<Option<f64>>,
    /// What a recruit can expect, recruits arriving as the recruitment shares say.
    pub from_entry: FromEntry,
    /// What a reader should know about the figures (merged or withheld states, for a
    /// projection of an organisation's own history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A recruitment policy with its numbers filled in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub mode: Mode,
    /// [`Mode::Fixed`]: the people recruited in year 1. [`Mode::FixedSize`]: the head
    /// count kept (before growth): the model's `total`, or the starting head count.
    pub total: f64,
    /// Yearly growth, as a fraction.
    pub growth: f64,
}

/// One year's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Year {
    pub year: u32,
    /// Expected head count in each state at the end of the year.
    pub stocks: ByState<f64>,
    pub total: f64,
    /// Expected leavers during the year.
    pub exits: f64,
    /// People recruited during the year.
    pub recruits: f64,
}

/// The long-run structure. The share of the head count in each state converges to
/// `r · ((1 + g)·I − P)⁻¹`, normalised (whatever the starting head counts), where `g` is
/// the growth: for fixed recruitment and for a fixed size alike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SteadyState {
    /// Share of the head count in each state; they sum to 1.
    pub shares: ByState<f64>,
    /// The head count in each state once settled, when the numbers settle too (no
    /// growth): fixed recruitment, `n* = R · r · (I − P)⁻¹`; fixed size, the size times
    /// the shares. `None` with growth, where the numbers keep changing.
    pub stocks: Option<ByState<f64>>,
    pub total: Option<f64>,
}

/// A recruit's prospects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FromEntry {
    /// The number of yearly counts a recruit is expected to be part of, the first
    /// included; `None` when some recruits may never leave.
    pub expected_years_in_system: Option<f64>,
    /// For each state, the chance that a recruit is ever counted in it and how long it
    /// takes; `None` when some recruits may never leave.
    pub reach: Option<ByState<Reach>>,
}

/// A recruit's chance of reaching a state, and the time it takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    pub probability: f64,
    /// Expected years from a recruit's first count to their first count in the state,
    /// among those who get there (0 for those recruited into it); `None` when nobody
    /// does.
    pub expected_years: Option<f64>,
}

/// Projects `model` over `years` years (1 to [`MAX_YEARS`]).
pub fn project(model: &Model, years: u32) -> Result<Projection, ModelError> {
    if !(1..=MAX_YEARS).contains(&years) {
        return Err(ModelError::Years { years });
    }
    let states = model.states();
    let named =
        |values: &[f64]| ByState(states.iter().cloned().zip(values.iter().copied()).collect());
    let recruitment = model.recruitment();
    let start_total: f64 = model.stocks().iter().sum();
    let size = recruitment.total.unwrap_or(start_total);
    let growth = 1.0 + recruitment.growth;

    let mut stocks = model.stocks().to_vec();
    let start = Year {
        year: 0,
        stocks: named(&stocks),
        total: start_total,
        exits: 0.0,
        recruits: 0.0,
    };
    let mut out = Vec::with_capacity(years as usize);
    for year in 1..=years {
        let before: f64 = stocks.iter().sum();
        let mut next = row_times(&stocks, model.transitions());
        let stayed: f64 = next.iter().sum();
        let exponent = i32::try_from(year).unwrap_or(i32::MAX);
        let recruits = match recruitment.mode {
            Mode::Fixed => recruitment.total.unwrap_or(0.0) * growth.powi(exponent - 1),
            Mode::FixedSize => (size * growth.powi(exponent) - stayed).max(0.0),
        };
        for (n, share) in next.iter_mut().zip(&recruitment.distribution) {
            *n += recruits * share;
        }
        stocks = next;
        out.push(Year {
            year,
            stocks: named(&stocks),
            total: stocks.iter().sum(),
            exits: (before - stayed).max(0.0),
            recruits,
        });
    }

    let chain = Chain::of(model);
    let (steady_state, no_steady_state) = match steady_state(model, &chain) {
        Ok(steady) => (Some(steady), None),
        Err(reason) => (None, Some(reason)),
    };
    let fundamental = chain.fundamental(model);
    Ok(Projection {
        recruitment: Policy {
            mode: recruitment.mode,
            total: match recruitment.mode {
                Mode::Fixed => recruitment.total.unwrap_or(0.0),
                Mode::FixedSize => size,
            },
            growth: recruitment.growth,
        },
        start,
        years: out,
        steady_state,
        no_steady_state,
        never_leave: chain.closed.iter().map(|&i| states[i].clone()).collect(),
        expected_years_in_system: ByState(
            states
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), fundamental.as_ref().and_then(|f| f.years(i))))
                .collect(),
        ),
        from_entry: from_entry(model, fundamental.as_ref()),
        notes: Vec::new(),
    })
}

/// Which states people can leave from, eventually.
struct Chain {
    /// From each state, leaving the organisation is certain in the end: no path leads to
    /// a state nobody leaves.
    finite: Vec<bool>,
    /// The states nobody leaves, directly or by moving on: no path from them leads out.
    closed: Vec<usize>,
}

impl Chain {
    fn of(model: &Model) -> Self {
        let n = model.states().len();
        let p = model.transitions();
        // Backwards from the states with an exit: the states that can reach an exit.
        let mut can_exit: Vec<bool> = (0..n)
            .map(|i| model.exit_probability(i) > NO_EXIT)
            .collect();
        let mut stack: Vec<usize> = (0..n).filter(|&i| can_exit[i]).collect();
        while let Some(j) = stack.pop() {
            for i in 0..n {
                if !can_exit[i] && p[i][j] > 0.0 {
                    can_exit[i] = true;
                    stack.push(i);
                }
            }
        }
        let closed: Vec<usize> = (0..n).filter(|&i| !can_exit[i]).collect();
        // Backwards from the closed states: the states that can reach one.
        let mut stuck = vec![false; n];
        let mut stack = closed.clone();
        for &i in &closed {
            stuck[i] = true;
        }
        while let Some(j) = stack.pop() {
            for i in 0..n {
                if !stuck[i] && p[i][j] > 0.0 {
                    stuck[i] = true;
                    stack.push(i);
                }
            }
        }
        Self {
            finite: stuck.iter().map(|s| !s).collect(),
            closed,
        }
    }

    /// The fundamental matrix `N = (I − Q)⁻¹` of the states people are certain to leave
    /// from (`Q` is `P` on those states; nobody moves from them to the others).
    fn fundamental(&self, model: &Model) -> Option<Fundamental> {
        let index: Vec<usize> = (0..self.finite.len()).filter(|&i| self.finite[i]).collect();
        if index.is_empty() {
            return None;
        }
        let p = model.transitions();
        let a: Matrix = index
            .iter()
            .enumerate()
            .map(|(a, &i)| {
                index
                    .iter()
                    .enumerate()
                    .map(|(b, &j)| f64::from(u8::from(a == b)) - p[i][j])
                    .collect()
            })
            .collect();
        let n = invert(&a)?;
        Some(Fundamental { index, n })
    }
}

/// `(I − Q)⁻¹` on the states people are certain to leave from; `index` maps its rows to
/// the model's states.
struct Fundamental {
    index: Vec<usize>,
    n: Matrix,
}

impl Fundamental {
    fn position(&self, state: usize) -> Option<usize> {
        self.index.iter().position(|&i| i == state)
    }

    /// The expected number of yearly counts from state `state`, its own included.
    fn years(&self, state: usize) -> Option<f64> {
        self.position(state).map(|a| self.n[a].iter().sum())
    }
}

/// The long-run shares `r · (sI − P)⁻¹` (normalised, `s = 1 + growth`), and the head
/// counts when they settle. `sI − P` has an inverse with no negative entry exactly when
/// the head counts of `P` alone shrink faster than `s` (its spectral radius is below `s`):
/// then the structure settles. Otherwise, why not.
fn steady_state(model: &Model, chain: &Chain) -> Result<SteadyState, String> {
    let recruitment = model.recruitment();
    let states = model.states();
    let n = states.len();
    if recruitment.mode == Mode::Fixed && recruitment.total == Some(0.0) {
        return Err(
            "Nobody is recruited, so the head count only falls as people leave: there is no long-run structure."
                .into(),
        );
    }
    let s = 1.0 + recruitment.growth;
    let p = model.transitions();
    let a: Matrix = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| if i == j { s } else { 0.0 } - p[i][j])
                .collect()
        })
        .collect();
    let inverse = invert(&a).filter(|inv| {
        let largest = inv.iter().flatten().fold(0.0_f64, |m, x| m.max(x.abs()));
        inv.iter().flatten().all(|x| *x >= -1e-9 * largest)
    });
    let Some(inverse) = inverse else {
        return Err(no_settling(model, chain));
    };
    let c = row_times(&recruitment.distribution, &inverse);
    let sum: f64 = c.iter().sum();
    if sum <= 0.0 || !sum.is_finite() {
        return Err(no_settling(model, chain));
    }
    let shares: Vec<f64> = c.iter().map(|x| x / sum).collect();
    let named =
        |values: &[f64]| ByState(states.iter().cloned().zip(values.iter().copied()).collect());
    let settled = if recruitment.growth == 0.0 {
        match recruitment.mode {
            Mode::Fixed => {
                let total = recruitment.total.unwrap_or(0.0);
                Some(c.iter().map(|x| x * total).collect::<Vec<_>>())
            }
            Mode::FixedSize => {
                let size = recruitment
                    .total
                    .unwrap_or_else(|| model.stocks().iter().sum());
                Some(shares.iter().map(|x| x * size).collect())
            }
        }
    } else {
        None
    };
    Ok(SteadyState {
        shares: named(&shares),
        total: settled.as_ref().map(|v| v.iter().sum()),
        stocks: settled.as_deref().map(named),
    })
}

/// Why the structure does not settle.
fn no_settling(model: &Model, chain: &Chain) -> String {
    let recruitment = model.recruitment();
    if !chain.closed.is_empty() && recruitment.growth <= 0.0 {
        let names: Vec<String> = chain
            .closed
            .iter()
            .map(|&i| model.states()[i].clone())
            .collect();
        closed_message(&names, recruitment.mode)
    } else {
        format!(
            "The head count is to change by {:+}% a year, but the people already here leave more slowly than that: the structure keeps following them, and does not settle.",
            recruitment.growth * 100.0
        )
    }
}

/// Why there is no steady state when nobody leaves `names`.
pub(crate) fn closed_message(names: &[String], mode: Mode) -> String {
    let names = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let outcome = match mode {
        Mode::Fixed => "the head count there grows every year without limit",
        Mode::FixedSize => "in time they hold the whole head count, and recruitment stops",
    };
    format!(
        "Nobody leaves {names}, nor moves on from there to a state people leave: {outcome}. There is no long-run structure (I − P has no inverse)."
    )
}

/// What a recruit can expect. With `N` the fundamental matrix and `r` the shares, the
/// chance of ever reaching `j` is `(rN)_j / N_jj`, and the expected years to get there,
/// among those who do, `(rN²)_j / (rN)_j − (N²)_jj / N_jj` (first-passage times of an
/// absorbing chain, from `N` alone: see docs/simulation.md).
fn from_entry(model: &Model, fundamental: Option<&Fundamental>) -> FromEntry {
    let none = FromEntry {
        expected_years_in_system: None,
        reach: None,
    };
    let Some(f) = fundamental else { return none };
    let shares = &model.recruitment().distribution;
    let mut r = vec![0.0; f.index.len()];
    for (state, share) in shares.iter().enumerate() {
        if *share > 0.0 {
            match f.position(state) {
                Some(a) => r[a] = *share,
                None => return none,
            }
        }
    }
    let rn = row_times(&r, &f.n);
    let rn2 = row_times(&rn, &f.n);
    let n2 = times(&f.n, &f.n);
    let reach = model
        .states()
        .iter()
        .enumerate()
        .map(|(state, name)| {
            let reach = match f.position(state) {
                Some(j) if rn[j] > 0.0 => Reach {
                    probability: (rn[j] / f.n[j][j]).min(1.0),
                    expected_years: Some((rn2[j] / rn[j] - n2[j][j] / f.n[j][j]).max(0.0)),
                },
                _ => Reach {
                    probability: 0.0,
                    expected_years: None,
                },
            };
            (name.clone(), reach)
        })
        .collect();
    FromEntry {
        expected_years_in_system: Some(rn.iter().sum()),
        reach: Some(ByState(reach)),
    }
}
