//! Pendulum's framework engine.
//!
//! A career framework is a versioned YAML document (see `docs/format.md`). This crate reads
//! it ([`load`]), keeps the file as written in a [`raw`] layer with source positions, turns
//! it into the validated [`model`] ([`check`]), lints it for parity ([`lint`]), compares
//! versions ([`diff`]), explains the step between two levels ([`explain`]), renders it to
//! Markdown ([`render`]) and converts published frameworks into it ([`import`]).
//!
//! The crate does no I/O beyond reading files.

pub mod builtin;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod format;
pub mod ids;
pub mod lint;
pub mod load;
pub mod model;
pub mod raw;
pub mod render;
pub mod schema;
pub mod span;
pub mod words;

pub use check::{Checked, check, check_path, check_str};
pub use diagnostic::{Diagnostic, Severity, Sources};
pub use load::LoadError;
pub use model::Framework;
pub mod import;
