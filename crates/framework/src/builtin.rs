//! The built-in dual-track engineering framework written by `pendulum framework init`.

/// The framework's YAML text.
pub const ENGINEERING_YAML: &str = include_str!("../builtin/engineering.yaml");

/// The file name `init` writes.
pub const FILE_NAME: &str = "framework.yaml";
