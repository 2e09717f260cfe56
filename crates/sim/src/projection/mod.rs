//! Workforce projection: a Markov manpower model.
//!
//! An organisation is a head count in each state (a (track, level), or whatever states a
//! planner names); each year, everyone in a state moves to another, stays, or leaves, with
//! the probabilities of one row of the transition matrix `P`, and recruits arrive in the
//! states as the recruitment shares `r` say:
//!
//! ```text
//! n(t + 1) = n(t) · P + R(t + 1) · r
//! ```
//!
//! - [`Model`]: the states, today's head counts, `P` and the recruitment policy, checked
//!   once; read from a planner's JSON file ([`Model::from_json`], the format of
//!   `pendulum project --matrix`) or estimated from the organisation's history
//!   ([`estimate`]).
//! - [`project`]: the head counts year by year, the long-run structure, the expected years
//!   in the organisation from each state, and the chance and time for a recruit to reach
//!   each state.
//! - [`Estimate::report`] and [`Estimate::disclose`]: an estimate and its projections as
//!   shown, never a state resting on fewer than [`MIN_PEOPLE`] people on its own.
//!
//! Pure, like the rest of the crate: the caller reads the histories and the framework
//! versions and hands them in, with its own today. The method is in docs/simulation.md
//! ("3. Workforce projection"), the file format in docs/data.md.

mod counts;
mod disclose;
mod estimate;
mod linalg;
mod model;
mod project;
#[cfg(test)]
mod tests;

pub use counts::MIN_PEOPLE;
pub use disclose::{
    GroupReport, LevelReport, Merged, Rate, RecruitmentReport, Report, Row, merged_note, wilson,
};
pub use estimate::{
    DEFAULT_WINDOW_YEARS, Estimate, EstimateError, EstimateOptions, MAX_WINDOW_YEARS,
    UNPLACED_TRACK, by_person, estimate, years_before,
};
pub use model::{
    ByState, MAX_FILE_BYTES, MAX_GROWTH, MAX_HEADCOUNT, MAX_STATE_NAME_CHARS, MAX_STATES,
    MAX_YEARS, MIN_GROWTH, Mode, Model, ModelError, ModelSpec, Recruitment, RecruitmentSpec,
    SUM_TOLERANCE,
};
pub use project::{FromEntry, Policy, Projection, Reach, SteadyState, Year, project};
