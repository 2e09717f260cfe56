//! The workforce projection tool.

use crate::forms::FormErrors;

/// What the projection form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectionValues {}

/// The tool's part of the page.
pub struct ProjectionPart {
    pub values: ProjectionValues,
    pub errors: Option<FormErrors>,
}
