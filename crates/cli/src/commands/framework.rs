//! `pendulum framework …`: the framework-as-code commands.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use pendulum_framework::diagnostic::{self, Style};
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_store::Store;
use pendulum_store::prelude::*;

use super::db::{self, DbArgs};
use crate::{terminal, with_store};
use pendulum_framework::{
    Checked, LoadError, builtin, diff, explain, import, lint, render, schema,
};

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
    /// Show what changed between two versions of a framework.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explain what changes from one level to another, competency by competency.
    Explain {
        path: PathBuf,
        /// The track of the starting level.
        #[arg(long)]
        track: String,
        /// The level one is at.
        #[arg(long)]
        from: String,
        /// The level one is looking at (the next one, or one on another track).
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Render a framework as readable pages: one per track and per level.
    Render {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = RenderFormat::Markdown)]
        format: RenderFormat,
        /// Directory to write the pages to (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a framework and store it as the organisation's next immutable version.
    Publish {
        path: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the organisation's published framework versions.
    Versions {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Convert published frameworks into one Pendulum framework (one track per file).
    Import {
        /// The format of the sources.
        #[arg(long = "from", value_parser = parse_source)]
        source: import::Source,
        /// Source files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The framework file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Markdown,
    /// A static HTML site: the web application's framework pages, as files.
    Html,
}

fn parse_source(s: &str) -> Result<import::Source, String> {
    import::Source::parse(s).ok_or_else(|| {
        format!(
            "unknown source format {s:?}; use monzo, snowflake, engineeringladders or pay-bands"
        )
    })
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
        FrameworkCommand::Diff { old, new, format } => run_diff(&old, &new, format),
        FrameworkCommand::Explain {
            path,
            track,
            from,
            to,
            format,
        } => run_explain(&path, &track, &from, &to, format),
        FrameworkCommand::Render { path, format, out } => run_render(&path, format, &out),
        FrameworkCommand::Import { source, paths, out } => run_import(source, &paths, &out),
        FrameworkCommand::Publish { path, db } => publish(&path, db),
        FrameworkCommand::Versions { db } => versions(db),
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
        Format::Human => print!(
            "{}",
            terminal::lines(&lint::render_human(&findings, &checked.sources))
        ),
    }
    Ok(if lint::has_denied(&findings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn run_diff(old: &Path, new: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let (Some(old), Some(new)) = (load(old)?, load(new)?) else {
        return Ok(ExitCode::FAILURE);
    };
    let d = diff::diff(&old.framework, &new.framework);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&d)?),
        Format::Human if d.is_empty() => println!("no changes"),
        Format::Human => print!("{}", terminal::lines(&d.render_human())),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_explain(
    path: &Path,
    track: &str,
    from: &str,
    to: &str,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let Some(checked) = load(path)? else {
        return Ok(ExitCode::FAILURE);
    };
    let track = TrackId::new(track).with_context(|| format!("--track {track:?}"))?;
    let from = LevelId::new(from).with_context(|| format!("--from {from:?}"))?;
    let to = LevelId::new(to).with_context(|| format!("--to {to:?}"))?;
    let e = explain::explain(&checked.framework, &track, &from, &to)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&e)?),
        Format::Human => print!("{}", terminal::lines(&e.render_human())),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_render(path: &Path, format: RenderFormat, out: &Path) -> anyhow::Result<ExitCode> {
    let Some(checked) = load(path)? else {
        return Ok(ExitCode::FAILURE);
    };
    let pages = match format {
        RenderFormat::Markdown => render::render_markdown(&checked.framework),
        RenderFormat::Html => pendulum_views::Site {
            framework: &checked.framework,
            findings: &lint::lint(&checked.framework, &lint::Options::default()),
            sources: Some(&checked.sources),
        }
        .render(),
    };
    for page in &pages {
        let file = out.join(&page.path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&file, &page.content)
            .with_context(|| format!("cannot write {}", file.display()))?;
    }
    println!("wrote {} pages to {}", pages.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn run_import(source: import::Source, paths: &[PathBuf], out: &Path) -> anyhow::Result<ExitCode> {
    let framework = import::import(source, paths)?;
    let yaml = framework.to_yaml();
    // Every import is checked before it is written: an importer bug must not reach a file.
    let name = out.display().to_string();
    if let Err(err) = pendulum_framework::check_str(&name, &yaml) {
        if let LoadError::Invalid {
            sources,
            diagnostics,
        } = &err
        {
            eprint!("{}", diagnostic::render(diagnostics, sources, style()));
        }
        bail!("the imported framework does not pass check; nothing was written");
    }
    let header = format!(
        "# Imported by `pendulum framework import --from {source}` from:\n{}\n",
        paths
            .iter()
            .map(|p| format!("#   {}", p.display()))
            .collect::<Vec<_>>()
            .join("\n")
    );
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(out, format!("{header}{yaml}"))
        .with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "wrote {}: {} tracks, {} levels, {} competencies",
        out.display(),
        framework.tracks.len(),
        framework.levels().count(),
        framework.competencies.len()
    );
    println!("next: pendulum framework lint {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn publish(path: &Path, db: DbArgs) -> anyhow::Result<ExitCode> {
    let Some(checked) = load(path)? else {
        return Ok(ExitCode::FAILURE);
    };
    // A single file is stored as written, comments and all; a directory as its merged form.
    let yaml = if path.is_dir() {
        checked.framework.to_yaml()
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => {
            let org = db::organisation(store, db.org.as_deref()).await?;
            let handle = store.org(org.id);
            let hash = pendulum_store::framework::content_hash(&yaml);
            if let Some(latest) = handle.framework_versions().await?.last()
                && latest.sha256 == hash
            {
                println!(
                    "unchanged: version {} of {}'s framework already holds this text",
                    latest.version, org.slug
                );
                return Ok(ExitCode::SUCCESS);
            }
            let version = handle.publish_framework(&yaml).await?;
            println!(
                "published {} as version {version} of {}'s framework",
                path.display(),
                org.slug
            );
            Ok(ExitCode::SUCCESS)
        })
    })?
}

fn versions(db: DbArgs) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => {
            let org = db::organisation(store, db.org.as_deref()).await?;
            let handle = store.org(org.id);
            for v in handle.framework_versions().await? {
                let fw = handle.framework(v.version).await?;
                println!(
                    "{:>4}  {}  {}  {}{}",
                    v.version,
                    v.published_at.date(),
                    &v.sha256[..12],
                    terminal::inline(&fw.name),
                    fw.version
                        .as_deref()
                        .map(|l| format!(" {}", terminal::inline(l)))
                        .unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        })
    })?
}
