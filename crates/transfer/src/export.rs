//! Writing an organisation out as a directory: the same database always gives the same
//! bytes, so two exports can be compared with `diff`, and an export imported into an
//! empty database exports again identically.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use pendulum_domain::{Email, Organisation, PersonId};
use pendulum_store::OrgStore;

use crate::TransferError;
use crate::cell::escape_cell;
use crate::format::{FileKind, is_text, write_amount, write_date, write_timestamp};
use pendulum_store::rows::outcome_str as outcome;

/// Rows read from the store per page.
const PAGE: u32 = 10_000;

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub frameworks: u64,
    pub people: u64,
    pub events: u64,
    pub pay: u64,
    pub reporting: u64,
}

/// Writes `organisation.json`, `frameworks/<version>.yaml`, `people.csv`, `events.csv`,
/// `pay.csv` and `reporting.csv` into `dir`, which must be missing or empty. People come by id, events and pay
/// by person and sequence number, each record with its id and recorded-at time.
pub async fn export<O: OrgStore>(
    org: &O,
    organisation: &Organisation,
    dir: &Path,
) -> Result<ExportSummary, TransferError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TransferError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(TransferError::Invalid(format!(
                "{} is not empty; export into a new or empty directory",
                dir.display()
            )));
        }
    }
    let frameworks_dir = dir.join("frameworks");
    std::fs::create_dir_all(&frameworks_dir).map_err(io(&frameworks_dir))?;
    let mut summary = ExportSummary::default();

    let path = dir.join("organisation.json");
    let json = serde_json::to_string_pretty(organisation)
        .map_err(|e| TransferError::Invalid(e.to_string()))?;
    std::fs::write(&path, json + "\n").map_err(io(&path))?;

    for version in org.framework_versions().await? {
        let path = frameworks_dir.join(format!("{}.yaml", version.version));
        let yaml = org.framework_yaml(version.version).await?;
        std::fs::write(&path, yaml).map_err(io(&path))?;
        summary.frameworks += 1;
    }

    let mut people = Vec::new();
    loop {
        let page = org
            .people_page(people.last().map(|p: &pendulum_domain::Person| p.id), PAGE)
            .await?;
        let done = page.len() < PAGE as usize;
        people.extend(page);
        if done {
            break;
        }
    }
    let emails: HashMap<PersonId, Email> = people.iter().map(|p| (p.id, p.email.clone())).collect();
    let email = |id: &PersonId| -> Result<&str, TransferError> {
        emails.get(id).map(Email::as_str).ok_or_else(|| {
            TransferError::Invalid(format!("a record names person {id}, who is not stored"))
        })
    };

    let path = dir.join(FileKind::People.file_name());
    let mut out = Sheet::create(&path, FileKind::People)?;
    for p in &people {
        let manager = p.manager.as_ref().map(&email).transpose()?.unwrap_or("");
        out.row(&[&p.id.to_string(), &p.name, p.email.as_str(), manager])?;
    }
    out.finish()?;
    summary.people = people.len() as u64;

    let path = dir.join(FileKind::Events.file_name());
    let mut out = Sheet::create(&path, FileKind::Events)?;
    let mut after = None;
    loop {
        let page = org.events_page(after, PAGE).await?;
        for e in &page {
            out.row(&[
                e.id.to_string().as_str(),
                email(&e.person)?,
                &e.seq.to_string(),
                e.kind.as_str(),
                &write_date(e.effective),
                &write_timestamp(e.recorded_at),
                &e.framework_version.to_string(),
                e.level.as_ref().map_or("", |l| l.as_str()),
                &e.until.map(write_date).unwrap_or_default(),
                e.outcome.map_or("", outcome),
                e.reason.as_deref().unwrap_or(""),
                &e.supersedes.map(|s| s.to_string()).unwrap_or_default(),
            ])?;
        }
        summary.events += page.len() as u64;
        after = page.last().map(|e| (e.person, e.seq));
        if page.len() < PAGE as usize {
            break;
        }
    }
    out.finish()?;

    let path = dir.join(FileKind::Pay.file_name());
    let mut out = Sheet::create(&path, FileKind::Pay)?;
    let mut after = None;
    loop {
        let page = org.pay_page(after, PAGE).await?;
        for p in &page {
            out.row(&[
                p.id.to_string().as_str(),
                email(&p.person)?,
                &p.seq.to_string(),
                &write_date(p.effective),
                &write_timestamp(p.recorded_at),
                &write_amount(&p.amount),
                p.amount.currency.as_str(),
                p.reason.as_deref().unwrap_or(""),
            ])?;
        }
        summary.pay += page.len() as u64;
        after = page.last().map(|p| (p.person, p.seq));
        if page.len() < PAGE as usize {
            break;
        }
    }
    out.finish()?;

    let path = dir.join(FileKind::Reporting.file_name());
    let mut out = Sheet::create(&path, FileKind::Reporting)?;
    for c in org.reporting_changes().await? {
        let manager = c.manager.as_ref().map(&email).transpose()?.unwrap_or("");
        out.row(&[
            email(&c.person)?,
            &c.seq.to_string(),
            &c.effective.map(write_date).unwrap_or_default(),
            manager,
            c.reason.as_deref().unwrap_or(""),
            &write_timestamp(c.recorded_at),
        ])?;
        summary.reporting += 1;
    }
    out.finish()?;
    Ok(summary)
}

/// A CSV file being written: the header of its kind, then rows whose text cells are
/// escaped for spreadsheets ([`escape_cell`]), so that no cell of an export starts a formula.
struct Sheet<'p> {
    out: csv::Writer<BufWriter<File>>,
    path: &'p Path,
    columns: &'static [&'static str],
}

impl<'p> Sheet<'p> {
    fn create(path: &'p Path, kind: FileKind) -> Result<Self, TransferError> {
        let file = File::create(path).map_err(|source| TransferError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::new(file));
        out.write_record(kind.columns())
            .map_err(|e| csv_io(path, e))?;
        Ok(Self {
            out,
            path,
            columns: kind.columns(),
        })
    }

    /// One record, its fields in the order of the kind's columns.
    fn row(&mut self, fields: &[&str]) -> Result<(), TransferError> {
        assert_eq!(fields.len(), self.columns.len(), "a field for every column");
        let cells: Vec<Cow<'_, str>> = self
            .columns
            .iter()
            .zip(fields)
            .map(|(column, field)| {
                if is_text(column) {
                    escape_cell(field)
                } else {
                    Cow::Borrowed(*field)
                }
            })
            .collect();
        self.out
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(|e| csv_io(self.path, e))
    }

    fn finish(self) -> Result<(), TransferError> {
        let io = |source| TransferError::Io {
            path: self.path.to_path_buf(),
            source,
        };
        let mut inner = self
            .out
            .into_inner()
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
        inner.flush().map_err(io)?;
        inner.get_ref().sync_all().map_err(io)
    }
}

fn csv_io(path: &Path, e: csv::Error) -> TransferError {
    TransferError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}
