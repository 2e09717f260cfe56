//! The simulator's pages (`/simulate`): the Peter-principle model, the dual-track
//! policies and the workforce projection, each a form and its results as charts and
//! tables.

pub mod charts;
