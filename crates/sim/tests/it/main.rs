//! Tests of the simulations: the engine's exact invariants, determinism whatever the
//! number of threads, and agreement with what the published papers report.

mod peter_engine;
mod peter_paper;
mod peter_protocol;
