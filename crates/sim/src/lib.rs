//! Promotion-policy simulations and workforce projections.
//!
//! Everything here is pure: no clock, no files, no database. A simulation is a function
//! of its parameters and its seed, and gives the same answer whatever the number of
//! threads rayon runs it on. The callers (the command line, the web application) read
//! the organisation's history, hand it in, and show what comes back.
//!
//! - [`peter`]: the Peter-principle model of Pluchino, Rapisarda and Garofalo (2010),
//!   as published.
//! - [`dual`]: Pendulum's extension to two ladders (individual contribution and
//!   management) and the policies that connect them.
//! - [`projection`]: a Markov manpower model, estimated from an organisation's history
//!   or given directly.
//! - [`stats`]: means and standard errors over runs.

pub mod dual;
pub mod peter;
pub mod projection;
pub mod stats;
