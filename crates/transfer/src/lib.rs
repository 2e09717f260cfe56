//! Pendulum's data in and out: CSV files of people, role histories and pay histories, and a
//! whole organisation as a directory (`docs/data.md` documents the formats).
//!
//! An import is all or nothing. Every file is read whole and every problem is collected as
//! `file:line: column: reason` (physical lines, the header is line 1) before anything is
//! written; what the store then refuses (an impossible history, an id stored with other
//! content) is pointed back at its line too. Only a batch without problems reaches the
//! store, which writes it in one transaction ([`pendulum_store::OrgStore::import`]).
//!
//! An export is deterministic: the same database gives the same bytes, and an export
//! imported into an empty database exports again identically.
//!
//! This crate reads and writes files and talks to a store; it knows no SQL and draws no
//! progress bars (it hands progress to a callback).

mod cell;
mod export;
mod format;
pub mod journal;
mod load;
mod problem;
mod read;

use std::path::{Path, PathBuf};

use pendulum_domain::Organisation;
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_store::{ImportSummary, OrgStore, ProgressFn, Store, StoreError};

pub use cell::{escape_cell, unescape_cell};
pub use export::{ExportSummary, export};
pub use format::{FileKind, parse_date, write_amount, write_date, write_timestamp};
pub use load::Files;
pub use problem::{Problem, Problems};

/// Why an import or export failed.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The message names the file; the reason is the source, said once by a caller that
    /// prints the chain of causes.
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Every problem of the files, each as `file:line: column: reason`. Nothing was written.
    #[error("{0}")]
    Problems(Problems),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

/// What `pendulum import PATH` reads: an export directory, or one CSV file whose kind its
/// header tells.
#[derive(Clone, Debug)]
pub enum Source {
    Directory(PathBuf),
    File { path: PathBuf, kind: FileKind },
}

impl Source {
    pub fn open(path: &Path) -> Result<Self, TransferError> {
        if path.is_dir() {
            let has = |kind: FileKind| path.join(kind.file_name()).is_file();
            if !(has(FileKind::People)
                || has(FileKind::Events)
                || has(FileKind::Pay)
                || has(FileKind::Reporting))
            {
                return Err(TransferError::Invalid(format!(
                    "{} holds none of people.csv, events.csv, pay.csv and reporting.csv",
                    path.display()
                )));
            }
            return Ok(Self::Directory(path.to_path_buf()));
        }
        if !path.is_file() {
            return Err(TransferError::Invalid(format!(
                "{} is neither a file nor a directory",
                path.display()
            )));
        }
        let header = read::header(path)?;
        match FileKind::detect(&header) {
            Some(FileKind::Titles) => Err(TransferError::Invalid(format!(
                "{} is a title map: pass it with --map alongside the file it maps",
                path.display()
            ))),
            Some(kind) => Ok(Self::File {
                path: path.to_path_buf(),
                kind,
            }),
            None => Err(TransferError::Invalid(format!(
                "{}: cannot tell what this file holds from its header ({}); a people file has \
                 `name` and `email`, a role-event file `kind`, a pay file `amount`, a \
                 reporting file `manager_email` without `name`",
                path.display(),
                header.join(", ")
            ))),
        }
    }

    /// The organisation an export directory names in `organisation.json`, if any.
    pub fn organisation(&self) -> Result<Option<Organisation>, TransferError> {
        let Self::Directory(dir) = self else {
            return Ok(None);
        };
        let path = dir.join("organisation.json");
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|source| TransferError::Io {
            path: path.clone(),
            source,
        })?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| TransferError::Invalid(format!("{}: {e}", path.display())))
    }

    /// The framework versions of an export directory (`frameworks/<version>.yaml`), in
    /// version order.
    pub fn frameworks(&self) -> Result<Vec<(u32, String)>, TransferError> {
        let Self::Directory(dir) = self else {
            return Ok(Vec::new());
        };
        let folder = dir.join("frameworks");
        if !folder.is_dir() {
            return Ok(Vec::new());
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| TransferError::Io { path, source }
        };
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let path = entry.map_err(io(&folder))?.path();
            let version = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".yaml"))
                .and_then(|n| n.parse::<u32>().ok())
                .ok_or_else(|| {
                    TransferError::Invalid(format!(
                        "{}: framework files are named <version>.yaml, e.g. 1.yaml",
                        path.display()
                    ))
                })?;
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            found.push((version, text));
        }
        found.sort_by_key(|(v, _)| *v);
        Ok(found)
    }

    fn files(&self) -> Vec<(FileKind, PathBuf)> {
        match self {
            Self::File { path, kind } => vec![(*kind, path.clone())],
            Self::Directory(dir) => [
                FileKind::People,
                FileKind::Events,
                FileKind::Pay,
                FileKind::Reporting,
            ]
            .into_iter()
            .map(|k| (k, dir.join(k.file_name())))
            .filter(|(_, p)| p.is_file())
            .collect(),
        }
    }
}

/// The organisation of an export directory in `store`: the one with its slug, or, when
/// there is none, a new one with the export's id, slug and name, whose version 1 is the
/// export's `frameworks/1.yaml` (the built-in framework when the export has none). `None`
/// when the source names no organisation.
pub async fn organisation_from_export<S: Store>(
    store: &S,
    source: &Source,
) -> Result<Option<Organisation>, TransferError> {
    let Some(wanted) = source.organisation()? else {
        return Ok(None);
    };
    match store.org_by_slug(&wanted.slug).await {
        Ok(found) => Ok(Some(found)),
        Err(StoreError::NotFound { .. }) => {
            let frameworks = source.frameworks()?;
            let first = frameworks
                .iter()
                .find(|(v, _)| *v == 1)
                .map_or(ENGINEERING_YAML, |(_, text)| text.as_str());
            Ok(Some(store.create_org_with(&wanted, first).await?))
        }
        Err(e) => Err(e.into()),
    }
}

/// Makes the organisation's framework versions agree with an export directory's: a version
/// it has must have the same text, and the versions it lacks are published in order.
/// Returns the versions published.
pub async fn sync_frameworks<O: OrgStore>(
    org: &O,
    source: &Source,
) -> Result<Vec<u32>, TransferError> {
    let stored: Vec<u32> = org
        .framework_versions()
        .await?
        .iter()
        .map(|v| v.version)
        .collect();
    let mut published = Vec::new();
    for (version, text) in source.frameworks()? {
        if stored.contains(&version) {
            if org.framework_yaml(version).await? != text {
                return Err(TransferError::Invalid(format!(
                    "framework version {version} of the export differs from version {version} \
                     of the database; import into another organisation (--org) or a new database"
                )));
            }
            continue;
        }
        let got = org.publish_framework(&text).await?;
        if got != version {
            return Err(TransferError::Invalid(format!(
                "frameworks/{version}.yaml was published as version {got}: the export's versions \
                 do not follow the database's"
            )));
        }
        published.push(got);
    }
    Ok(published)
}

/// Imports the CSV files of `source` (with `titles` mapping level titles) into `org`, all or
/// nothing.
pub async fn import<O: OrgStore>(
    org: &O,
    source: &Source,
    titles: Option<&Path>,
    progress: ProgressFn<'_>,
) -> Result<ImportSummary, TransferError> {
    let files = source.files();
    let path = |kind| {
        files
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, p)| p.as_path())
    };
    let mut loaded = load::load(
        org,
        &Files {
            people: path(FileKind::People),
            events: path(FileKind::Events),
            pay: path(FileKind::Pay),
            reporting: path(FileKind::Reporting),
            titles,
        },
    )
    .await?;
    let batch = std::mem::take(&mut loaded.batch);
    match org.import_with_progress(batch, progress).await {
        Ok(summary) => Ok(summary),
        Err(StoreError::Import(problems)) => Err(TransferError::Problems(loaded.locate(problems))),
        Err(e) => Err(e.into()),
    }
}
