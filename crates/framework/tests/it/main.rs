//! The framework crate's integration tests: one binary, one module per area.

mod check;
mod diff;
mod explain;
mod fixtures;
mod import;
mod lint;
mod properties;
mod render;
mod schema;
