//! The dual-track tool.

use crate::forms::FormErrors;

/// What the dual-track form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DualValues {}

/// The tool's part of the page.
pub struct DualPart {
    pub values: DualValues,
    pub errors: Option<FormErrors>,
}
