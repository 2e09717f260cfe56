//! From CSV rows to an [`ImportBatch`]: every value parsed, every email, level and
//! framework version resolved against the file and the store, and every problem kept with
//! its file, line and column. What the store then refuses is mapped back to lines too.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pendulum_domain::{
    Email, EventId, EventKind, InvalidValue, Money, OrgId, PayEvent, PayEventId, Person, PersonId,
    PersonName, PersonStatus, Reason, ReportingChange, RoleEvent, TrialOutcome, parse_currency,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_store::{ImportBatch, ImportProblems, OrgStore, Record};
use time::OffsetDateTime;

use crate::TransferError;
use crate::format::{FileKind, parse_date, parse_timestamp};
use crate::problem::Problems;
use crate::read::{self, Table};

/// The files of one import.
#[derive(Clone, Debug, Default)]
pub struct Files<'a> {
    pub people: Option<&'a Path>,
    pub events: Option<&'a Path>,
    pub pay: Option<&'a Path>,
    pub reporting: Option<&'a Path>,
    /// `--map`: titles to level ids.
    pub titles: Option<&'a Path>,
}

/// A batch ready for the store, and where each of its records came from.
pub(crate) struct Loaded {
    pub batch: ImportBatch,
    lines: HashMap<Record, (FileKind, u64)>,
    files: HashMap<FileKind, String>,
}

impl Loaded {
    /// The store's problems as `file:line: column: reason`.
    pub fn locate(&self, problems: ImportProblems) -> Problems {
        let mut out = Problems::default();
        for p in problems.0 {
            let (file, line) = match self.lines.get(&p.record) {
                Some((kind, line)) => (self.files[kind].as_str(), *line),
                None => ("(import)", 0),
            };
            let reason = match p.record {
                Record::Person(_) if p.field.is_none() => format!("this person {}", p.message),
                Record::Event(_) | Record::Pay(_)
                    if matches!(p.field, Some("event_id" | "pay_event_id")) =>
                {
                    format!("this id {}", p.message)
                }
                Record::Event(_) | Record::Pay(_) | Record::Reporting(..)
                    if p.message.starts_with("appears") =>
                {
                    format!("this record {}", p.message)
                }
                _ => p.message,
            };
            out.push(file, line, p.field.unwrap_or("row"), reason);
        }
        out.sorted()
    }
}

/// Reads and resolves the files; any problem fails the whole load.
pub(crate) async fn load<O: OrgStore>(org: &O, files: &Files<'_>) -> Result<Loaded, TransferError> {
    let mut problems = Problems::default();
    let tables: Vec<Table> = [
        (files.people, FileKind::People),
        (files.events, FileKind::Events),
        (files.pay, FileKind::Pay),
        (files.reporting, FileKind::Reporting),
        (files.titles, FileKind::Titles),
    ]
    .into_iter()
    .filter_map(|(path, kind)| path.map(|p| read::read(p, kind, &mut problems)))
    .collect::<Result<_, _>>()?;
    let table = |kind| tables.iter().find(|t: &&Table| t.kind == kind);

    let mut context = Context::new(org).await?;
    let mut loaded = Loaded {
        batch: ImportBatch::default(),
        lines: HashMap::new(),
        files: tables.iter().map(|t| (t.kind, t.file.clone())).collect(),
    };
    if let Some(t) = table(FileKind::Titles) {
        context.titles = titles(t, &mut problems);
    }
    if let Some(t) = table(FileKind::People) {
        people(t, &mut context, &mut loaded, &mut problems);
    }
    if let Some(t) = table(FileKind::Events) {
        events(org, t, &mut context, &mut loaded, &mut problems).await?;
    }
    if let Some(t) = table(FileKind::Pay) {
        pay(org, t, &mut context, &mut loaded, &mut problems).await?;
    }
    if let Some(t) = table(FileKind::Reporting) {
        reporting(org, t, &mut context, &mut loaded, &mut problems).await?;
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(TransferError::Problems(problems.sorted()))
    }
}

/// What rows are resolved against.
struct Context {
    org: OrgId,
    /// Emails of stored people and of the people file.
    emails: HashMap<Email, PersonId>,
    stored: HashSet<PersonId>,
    latest: Option<u32>,
    versions: HashSet<u32>,
    levels: HashMap<u32, LevelIndex>,
    titles: HashMap<String, String>,
    /// One time for every record that does not give its own.
    now: OffsetDateTime,
}

impl Context {
    async fn new<O: OrgStore>(org: &O) -> Result<Self, TransferError> {
        let versions: Vec<u32> = org
            .framework_versions()
            .await?
            .iter()
            .map(|v| v.version)
            .collect();
        let stored = org.list_people().await?;
        Ok(Self {
            org: org.org_id(),
            emails: stored.iter().map(|p| (p.email.clone(), p.id)).collect(),
            stored: stored.iter().map(|p| p.id).collect(),
            latest: versions.iter().max().copied(),
            versions: versions.into_iter().collect(),
            levels: HashMap::new(),
            titles: HashMap::new(),
            now: pendulum_store::now(),
        })
    }

    async fn level_index<O: OrgStore>(
        &mut self,
        org: &O,
        version: u32,
    ) -> Result<&LevelIndex, TransferError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.levels.entry(version) {
            slot.insert(LevelIndex::new(&org.framework(version).await?));
        }
        Ok(&self.levels[&version])
    }
}

/// A framework version's levels by id and by title (titles and aliases, compared without
/// case).
struct LevelIndex {
    ids: HashSet<String>,
    titles: HashMap<String, Vec<String>>,
}

impl LevelIndex {
    fn new(framework: &Framework) -> Self {
        let mut ids = HashSet::new();
        let mut titles: HashMap<String, Vec<String>> = HashMap::new();
        for level in framework.tracks.iter().flat_map(|t| &t.levels) {
            ids.insert(level.id.as_str().to_string());
            for title in std::iter::once(&level.title).chain(&level.aliases) {
                let named = titles.entry(title.trim().to_lowercase()).or_default();
                if !named.contains(&level.id.as_str().to_string()) {
                    named.push(level.id.as_str().to_string());
                }
            }
        }
        Self { ids, titles }
    }

    /// A level id, a title mapped by `--map`, or a title unique in the version.
    fn resolve(
        &self,
        named: &str,
        map: &HashMap<String, String>,
        version: u32,
    ) -> Result<LevelId, String> {
        let id = |s: &str| LevelId::new(s).map_err(|e| e.to_string());
        if self.ids.contains(named) {
            return id(named);
        }
        let key = named.trim().to_lowercase();
        if let Some(mapped) = map.get(&key) {
            return if self.ids.contains(mapped) {
                id(mapped)
            } else {
                Err(format!(
                    "the title map sends {named:?} to `{mapped}`, which framework version {version} does not have"
                ))
            };
        }
        match self.titles.get(&key).map(Vec::as_slice) {
            Some([only]) => id(only),
            Some(several) => Err(format!(
                "the title {named:?} is ambiguous in framework version {version} (levels {}); use the level id or map it with --map",
                several.join(", ")
            )),
            None => Err(format!(
                "framework version {version} has no level with the id or title {named:?}; use a level id, a title, or map it with --map"
            )),
        }
    }
}

fn titles(table: &Table, problems: &mut Problems) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut first: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let (Some(title), Some(level)) = (table.get(row, "title"), table.get(row, "level")) else {
            table.problem(problems, row, "row", "needs a title and a level");
            continue;
        };
        let key = title.to_lowercase();
        if let Some(earlier) = first.insert(key.clone(), table.line(row, "title")) {
            table.problem(
                problems,
                row,
                "title",
                format!("{title:?} is mapped already on line {earlier}"),
            );
            continue;
        }
        map.insert(key, level.to_string());
    }
    map
}

/// Parses a field with `parse`; a failure becomes a problem at the field's line and column.
fn field<T>(
    table: &Table,
    row: &read::Row,
    column: &str,
    problems: &mut Problems,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, ()> {
    match table.get(row, column) {
        None => Ok(None),
        Some(text) => match parse(text) {
            Ok(value) => Ok(Some(value)),
            Err(reason) => {
                table.problem(problems, row, column, reason);
                Err(())
            }
        },
    }
}

fn required<T>(
    table: &Table,
    row: &read::Row,
    column: &str,
    value: Result<Option<T>, ()>,
    problems: &mut Problems,
) -> Option<T> {
    match value {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            table.problem(problems, row, column, "is required");
            None
        }
        Err(()) => None,
    }
}

/// A value parsed by its domain type, whose message becomes the problem's reason: the
/// same words as on the web and the command line.
fn value<T>(parsed: Result<T, InvalidValue>) -> Result<T, String> {
    parsed.map_err(|e| e.0)
}

/// Free text parsed as written (spaces kept), a failure becoming a problem like [`field`]'s.
fn text<T>(
    table: &Table,
    row: &read::Row,
    column: &str,
    problems: &mut Problems,
    parse: impl FnOnce(Option<&str>) -> Result<Option<T>, InvalidValue>,
) -> Result<Option<T>, ()> {
    parse(table.raw(row, column)).map_err(|e| table.problem(problems, row, column, e.0))
}

fn uuid(s: &str) -> Result<uuid::Uuid, String> {
    uuid::Uuid::parse_str(s).map_err(|_| format!("{s:?} is not an id (a UUID)"))
}

fn email(s: &str) -> Result<Email, String> {
    Email::new(s).map_err(|e| e.0)
}

fn number(s: &str) -> Result<u32, String> {
    s.parse::<u32>()
        .map_err(|_| format!("{s:?} is not a whole number"))
}

fn people(table: &Table, context: &mut Context, loaded: &mut Loaded, problems: &mut Problems) {
    let mut rows = Vec::new();
    let mut seen: HashMap<Email, u64> = HashMap::new();
    for row in &table.rows {
        let id = field(table, row, "person_id", problems, uuid);
        let name = required(
            table,
            row,
            "name",
            field(table, row, "name", problems, |s| value(PersonName::new(s))),
            problems,
        );
        let address = required(
            table,
            row,
            "email",
            field(table, row, "email", problems, email),
            problems,
        );
        let manager = field(table, row, "manager_email", problems, email);
        let (Ok(id), Some(name), Some(address), Ok(manager)) = (id, name, address, manager) else {
            continue;
        };
        if let Some(earlier) = seen.insert(address.clone(), table.line(row, "email")) {
            table.problem(
                problems,
                row,
                "email",
                format!("{address} appears already on line {earlier}"),
            );
            continue;
        }
        // A person named by email only is the stored person with that email, if any.
        let id = id
            .map(PersonId::from_uuid)
            .or_else(|| context.emails.get(&address).copied())
            .unwrap_or_default();
        context.emails.insert(address.clone(), id);
        rows.push((row, id, name.into_string(), address, manager));
    }
    for (row, id, name, address, manager) in rows {
        let manager = match manager {
            None => None,
            Some(m) => match context.emails.get(&m) {
                Some(id) => Some(*id),
                None => {
                    table.problem(
                        problems,
                        row,
                        "manager_email",
                        format!("nobody with the email {m} is in this import or stored"),
                    );
                    continue;
                }
            },
        };
        loaded
            .lines
            .insert(Record::Person(id), (FileKind::People, row.line));
        loaded.batch.people.push(Person {
            id,
            org: context.org,
            name,
            email: address,
            manager,
            status: PersonStatus::Active,
        });
    }
}

fn person(
    table: &Table,
    row: &read::Row,
    context: &Context,
    problems: &mut Problems,
) -> Option<PersonId> {
    let address = required(
        table,
        row,
        "email",
        field(table, row, "email", problems, email),
        problems,
    )?;
    match context.emails.get(&address) {
        Some(id) => Some(*id),
        None => {
            table.problem(
                problems,
                row,
                "email",
                format!("nobody with the email {address} is in this import or stored"),
            );
            None
        }
    }
}

/// Which history a [`Numbering`] continues.
#[derive(Clone, Copy)]
enum History {
    Roles,
    Pay,
    Reporting,
}

/// Sequence numbers for rows that leave them out: after the highest stored or given one of
/// the same person, in file order.
struct Numbering {
    next: HashMap<PersonId, u32>,
}

impl Numbering {
    async fn new<O: OrgStore, T>(
        org: &O,
        context: &Context,
        rows: &[(PersonId, Option<u32>, T)],
        history: History,
    ) -> Result<Self, TransferError> {
        let mut next: HashMap<PersonId, u32> = HashMap::new();
        let needed: HashSet<PersonId> = rows
            .iter()
            .filter(|(_, seq, _)| seq.is_none())
            .map(|(p, _, _)| *p)
            .collect();
        for (person, seq, _) in rows {
            if let Some(seq) = seq {
                let n = next.entry(*person).or_insert(0);
                *n = (*n).max(*seq);
            }
        }
        for person in needed {
            if context.stored.contains(&person) {
                let last = match history {
                    History::Pay => org.pay_history(person).await?.iter().map(|p| p.seq).max(),
                    History::Roles => org.events(person).await?.iter().map(|e| e.seq).max(),
                    History::Reporting => org
                        .reporting_history(person)
                        .await?
                        .iter()
                        .map(|c| c.seq)
                        .max(),
                };
                let n = next.entry(person).or_insert(0);
                *n = (*n).max(last.unwrap_or(0));
            }
        }
        Ok(Self { next })
    }

    fn take(&mut self, person: PersonId, given: Option<u32>) -> u32 {
        given.unwrap_or_else(|| {
            let n = self.next.entry(person).or_insert(0);
            *n += 1;
            *n
        })
    }
}

async fn events<O: OrgStore>(
    org: &O,
    table: &Table,
    context: &mut Context,
    loaded: &mut Loaded,
    problems: &mut Problems,
) -> Result<(), TransferError> {
    struct Row {
        line: u64,
        id: Option<EventId>,
        kind: EventKind,
        effective: time::Date,
        recorded_at: Option<OffsetDateTime>,
        version: u32,
        level: Option<LevelId>,
        until: Option<time::Date>,
        outcome: Option<TrialOutcome>,
        reason: Option<String>,
        supersedes: Option<EventId>,
    }
    let mut rows: Vec<(PersonId, Option<u32>, Row)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let line = row.line;
        let id = field(table, row, "event_id", problems, uuid);
        let person = person(table, row, context, problems);
        let seq = field(table, row, "seq", problems, number);
        let kind = required(
            table,
            row,
            "kind",
            field(table, row, "kind", problems, |s| {
                EventKind::parse(s).ok_or_else(|| {
                    let kinds: Vec<_> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                    format!(
                        "{s:?} is not a kind of event; use one of: {}",
                        kinds.join(", ")
                    )
                })
            }),
            problems,
        );
        let effective = required(
            table,
            row,
            "effective",
            field(table, row, "effective", problems, parse_date),
            problems,
        );
        let recorded_at = field(table, row, "recorded_at", problems, parse_timestamp);
        let version = field(table, row, "framework_version", problems, |s| {
            let v = number(s)?;
            if context.versions.contains(&v) {
                Ok(v)
            } else {
                Err(format!(
                    "framework version {v} is not published in this organisation"
                ))
            }
        });
        let until = field(table, row, "until", problems, parse_date);
        let outcome = field(table, row, "outcome", problems, |s| {
            value(TrialOutcome::parse(s))
        });
        let reason = text(table, row, "reason", problems, Reason::optional);
        let supersedes = field(table, row, "supersedes", problems, uuid);
        let version = match version {
            Ok(Some(v)) => Some(v),
            Ok(None) => context.latest,
            Err(()) => None,
        };
        let level = match (table.get(row, "level"), version) {
            (None, _) => Ok(None),
            (Some(_), None) => Err(()),
            (Some(named), Some(v)) => {
                let map = std::mem::take(&mut context.titles);
                let resolved = context.level_index(org, v).await?.resolve(named, &map, v);
                context.titles = map;
                resolved.map(Some).map_err(|reason| {
                    table.problem(problems, row, "level", reason);
                })
            }
        };
        let (
            Ok(id),
            Some(person),
            Ok(seq),
            Some(kind),
            Some(effective),
            Ok(recorded_at),
            Some(version),
            Ok(level),
            Ok(until),
            Ok(outcome),
            Ok(reason),
            Ok(supersedes),
        ) = (
            id,
            person,
            seq,
            kind,
            effective,
            recorded_at,
            version,
            level,
            until,
            outcome,
            reason,
            supersedes,
        )
        else {
            continue;
        };
        rows.push((
            person,
            seq,
            Row {
                line,
                id: id.map(EventId::from_uuid),
                kind,
                effective,
                recorded_at,
                version,
                level,
                until,
                outcome,
                reason: reason.map(Reason::into_string),
                supersedes: supersedes.map(EventId::from_uuid),
            },
        ));
    }
    let mut numbering = Numbering::new(org, context, &rows, History::Roles).await?;
    for (person, seq, row) in rows {
        let event = RoleEvent {
            id: row.id.unwrap_or_default(),
            person,
            seq: numbering.take(person, seq),
            kind: row.kind,
            effective: row.effective,
            recorded_at: row.recorded_at.unwrap_or(context.now),
            framework_version: row.version,
            level: row.level,
            until: row.until,
            outcome: row.outcome,
            reason: row.reason,
            supersedes: row.supersedes,
        };
        loaded
            .lines
            .insert(Record::Event(event.id), (FileKind::Events, row.line));
        loaded.batch.events.push(event);
    }
    Ok(())
}

async fn pay<O: OrgStore>(
    org: &O,
    table: &Table,
    context: &mut Context,
    loaded: &mut Loaded,
    problems: &mut Problems,
) -> Result<(), TransferError> {
    struct Row {
        line: u64,
        id: Option<PayEventId>,
        effective: time::Date,
        recorded_at: Option<OffsetDateTime>,
        amount: Money,
        reason: Option<String>,
    }
    let mut rows: Vec<(PersonId, Option<u32>, Row)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let line = row.line;
        let id = field(table, row, "pay_event_id", problems, uuid);
        let person = person(table, row, context, problems);
        let seq = field(table, row, "seq", problems, number);
        let effective = required(
            table,
            row,
            "effective",
            field(table, row, "effective", problems, parse_date),
            problems,
        );
        let recorded_at = field(table, row, "recorded_at", problems, parse_timestamp);
        let currency = required(
            table,
            row,
            "currency",
            field(table, row, "currency", problems, |s| {
                value(parse_currency(s))
            }),
            problems,
        );
        // The amount is read in its currency's minor unit, so only once that is known.
        let amount = required(
            table,
            row,
            "amount",
            match &currency {
                Some(currency) => field(table, row, "amount", problems, |s| {
                    value(Money::parse(s, currency.as_str()))
                }),
                None => Err(()),
            },
            problems,
        );
        let reason = text(table, row, "reason", problems, Reason::optional);
        let (
            Ok(id),
            Some(person),
            Ok(seq),
            Some(effective),
            Ok(recorded_at),
            Some(amount),
            Ok(reason),
        ) = (id, person, seq, effective, recorded_at, amount, reason)
        else {
            continue;
        };
        rows.push((
            person,
            seq,
            Row {
                line,
                id: id.map(PayEventId::from_uuid),
                effective,
                recorded_at,
                amount,
                reason: reason.map(Reason::into_string),
            },
        ));
    }
    let mut numbering = Numbering::new(org, context, &rows, History::Pay).await?;
    for (person, seq, row) in rows {
        let event = PayEvent {
            id: row.id.unwrap_or_default(),
            person,
            seq: numbering.take(person, seq),
            amount: row.amount,
            effective: row.effective,
            recorded_at: row.recorded_at.unwrap_or(context.now),
            reason: row.reason,
        };
        loaded
            .lines
            .insert(Record::Pay(event.id), (FileKind::Pay, row.line));
        loaded.batch.pay.push(event);
    }
    Ok(())
}

async fn reporting<O: OrgStore>(
    org: &O,
    table: &Table,
    context: &mut Context,
    loaded: &mut Loaded,
    problems: &mut Problems,
) -> Result<(), TransferError> {
    struct Row {
        line: u64,
        effective: Option<time::Date>,
        manager: Option<PersonId>,
        recorded_at: Option<OffsetDateTime>,
        reason: Option<String>,
    }
    let mut rows: Vec<(PersonId, Option<u32>, Row)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let line = row.line;
        let person = person(table, row, context, problems);
        let seq = field(table, row, "seq", problems, number);
        // Empty: from the start of the person's record.
        let effective = field(table, row, "effective", problems, parse_date);
        let manager = match field(table, row, "manager_email", problems, email) {
            Ok(None) => Ok(None),
            Ok(Some(address)) => match context.emails.get(&address) {
                Some(id) => Ok(Some(*id)),
                None => {
                    table.problem(
                        problems,
                        row,
                        "manager_email",
                        format!("nobody with the email {address} is in this import or stored"),
                    );
                    Err(())
                }
            },
            Err(()) => Err(()),
        };
        let recorded_at = field(table, row, "recorded_at", problems, parse_timestamp);
        let reason = text(table, row, "reason", problems, Reason::optional);
        let (Some(person), Ok(seq), Ok(effective), Ok(manager), Ok(recorded_at), Ok(reason)) =
            (person, seq, effective, manager, recorded_at, reason)
        else {
            continue;
        };
        rows.push((
            person,
            seq,
            Row {
                line,
                effective,
                manager,
                recorded_at,
                reason: reason.map(Reason::into_string),
            },
        ));
    }
    let mut numbering = Numbering::new(org, context, &rows, History::Reporting).await?;
    for (person, seq, row) in rows {
        let change = ReportingChange {
            person,
            seq: numbering.take(person, seq),
            effective: row.effective,
            manager: row.manager,
            reason: row.reason,
            recorded_at: row.recorded_at.unwrap_or(context.now),
        };
        loaded.lines.insert(
            Record::Reporting(change.person, change.seq),
            (FileKind::Reporting, row.line),
        );
        loaded.batch.reporting.push(change);
    }
    Ok(())
}
