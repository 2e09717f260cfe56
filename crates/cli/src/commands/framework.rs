//! `pendulum framework …`: the framework-as-code commands.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use pendulum_framework::diagnostic::{self, Style};
use pendulum_framework::{Checked, LoadError, builtin, lint, schema};

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// Write the built-in dual-track engineering framework to DIR (default: the current
    /// directory) as `framework.yaml`.
    Init {
        dir: Option<PathBuf>,
        /// Overwrite an existing framework.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Validate a framework file or directory; every error with its line and column.
    Check { path: PathBuf },
    /// Check parity between tracks and the framework's hygiene.
    Lint {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on every finding, not only denied ones.
        #[arg(long)]
        strict: bool,
    },
    /// Print the JSON Schema of the framework format, for editors.
    Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(cmd: FrameworkCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        FrameworkCommand::Init { dir, force } => init(dir.as_deref(), force),
        FrameworkCommand::Check { path } => check(&path),
        FrameworkCommand::Lint {
            path,
            format,
            strict,
        } => run_lint(&path, format, strict),
        FrameworkCommand::Schema => {
            println!("{}", schema::json_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn style() -> Style {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Style::Color
    } else {
        Style::Plain
    }
}

/// Loads and checks a framework; on failure prints every diagnostic and returns `None`.
pub fn load(path: &Path) -> anyhow::Result<Option<Checked>> {
    match pendulum_framework::check_path(path) {
        Ok(checked) => Ok(Some(checked)),
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        }) => {
            eprint!("{}", diagnostic::render(&diagnostics, &sources, style()));
            eprintln!(
                "{}: {} error(s); nothing was done",
                path.display(),
                diagnostics.len()
            );
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

fn init(dir: Option<&Path>, force: bool) -> anyhow::Result<ExitCode> {
    let dir = dir.unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let file = dir.join(builtin::FILE_NAME);
    if file.exists() && !force {
        bail!(
            "{} already exists; pass --force to overwrite it",
            file.display()
        );
    }
    std::fs::write(&file, builtin::ENGINEERING_YAML)
        .with_context(|| format!("cannot write {}", file.display()))?;
    println!("wrote {}", file.display());
    println!("next: pendulum framework lint {}", file.display());
    Ok(ExitCode::SUCCESS)
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    match load(path)? {
        Some(checked) => {
            let fw = &checked.framework;
            println!(
                "{}: ok ({} tracks, {} levels, {} competencies)",
                path.display(),
                fw.tracks.len(),
                fw.levels().count(),
                fw.competencies.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::FAILURE),
    }
}

fn run_lint(path: &Path, format: Format, strict: bool) -> anyhow::Result<ExitCode> {
    let Some(checked) = load(path)? else {
        return Ok(ExitCode::FAILURE);
    };
    let findings = lint::lint(&checked.framework, &lint::Options { strict });
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&lint::report(&findings, &checked.sources))?
        ),
        Format::Human => print!("{}", lint::render_human(&findings, &checked.sources)),
    }
    Ok(if lint::has_denied(&findings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
