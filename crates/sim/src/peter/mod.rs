//! The Peter-principle model of Pluchino, Rapisarda and Garofalo, "The Peter principle
//! revisited: a computational study", Physica A 389 (2010) 467–472 (arXiv:0907.0455), as
//! published.
//!
//! An organisation is a pyramid of levels. Every year each agent ages by one, those whose
//! competence is below 4 or whose age is above 60 leave, and each vacancy is filled from
//! the top down by promoting someone from the level just below, chosen by a
//! [`Strategy`]; the bottom level recruits. Under the common-sense [`Hypothesis`] a
//! promoted agent keeps roughly their competence, under the Peter hypothesis they get a
//! fresh one. The organisation's efficiency is the responsibility-weighted competence
//! as a percentage of its maximum. `docs/simulation.md` lists every choice the paper
//! leaves open and compares the results with the paper's.
//!
//! - [`engine`]: the pyramid, the agents, the promotion choice, the efficiency and one
//!   year, public for other models to build on;
//! - [`params`]: what a caller asks for, with its bounds;
//! - [`protocol`]: seeded runs in parallel, and [`simulate`], [`table`] and [`sweep`];
//! - [`report`]: what comes back.
//!
//! Nothing here reads a clock or a file; a result is a function of its parameters.

pub mod engine;
pub mod params;
pub mod protocol;
pub mod report;

pub use engine::{Hypothesis, Model, Organisation, Pyramid, Strategy};
pub use params::{
    DEFAULT_SEED, MAX_RUN_STEPS, MAX_RUNS, MAX_STEPS, MAX_SWEEP_POINTS, MIN_RUNS, PAPER_P,
    PAPER_RUNS, PAPER_STEPS, PRange, ParamError, Params, SweepParams, TableParams,
};
pub use protocol::{
    simulate, simulate_with_progress, sweep, sweep_with_progress, table, table_with_progress,
};
pub use report::{Report, final_window};
