//! Pendulum's extension of the published model to two ladders: individual contribution
//! and management, and the policies that connect them.
//!
//! Everyone has two competences, one for individual-contributor work and one for
//! management, correlated by a chosen coefficient. An organisation is two [`Ladders`]
//! whose rungs and grades come from a framework (the built-in one by default), and a
//! [`Policy`] says how people move between them: a single ladder (past a grade,
//! management is the only way up), a dual track (each ladder promotes within itself,
//! management takes people by an assessment of their management competence), or a dual
//! track whose moves into management are trials with a guaranteed return.
//! `docs/simulation.md` ("2. Dual-track policies") states the model and its limits: with
//! one ladder it is the published model to the bit, and with a perfect correlation and
//! a perfect assessment the single ladder and the dual track agree.
//!
//! - [`ladders`]: the organisation's rungs, made by hand or from a framework;
//! - [`params`]: what a caller asks for, with its bounds;
//! - [`protocol`]: seeded runs in parallel, and [`simulate`];
//! - [`report`]: what comes back.
//!
//! Nothing here reads a clock or a file; a result is a function of its parameters.

mod engine;
pub mod ladders;
pub mod params;
mod picker;
pub mod protocol;
pub mod report;

pub use ladders::{Ladder, LadderError, Ladders, Rung, Shape};
pub use params::{DualParams, ParamError, Policy, builtin_ladders};
pub use protocol::{simulate, simulate_within};
pub use report::{DualReport, Efficiencies, Flows, Measure};

#[cfg(test)]
mod tests;
