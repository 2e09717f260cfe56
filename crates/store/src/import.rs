//! Bulk import: many people, events and pay events written as one all-or-nothing
//! transaction, and the paged reads an export is made of.
//!
//! A batch keeps what it is given: ids, sequence numbers and recorded-at times, so that an
//! export imported into an empty database exports again byte for byte, and so that an
//! import can be repeated: a record whose id is stored already with the same content is
//! skipped, one with other content is refused.
//!
//! [`plan`] is the part both backends share and that touches no database: given what is
//! stored already (read by the backend inside the import's transaction), it checks the
//! whole batch, collecting **every** problem rather than stopping at the first, folds each
//! affected person's full history once (stored events and new ones together, with
//! [`fold_on`] today, not an append check per event), and returns the rows to write with
//! the projections that go with them. A backend then writes them in bulk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;

use pendulum_domain::reporting::{find_cycle, manager_on, next_change_after};
use pendulum_domain::timeline::{Standing, fold_on};
use pendulum_domain::{
    Email, EventId, Frameworks, OrgId, PayEvent, PayEventId, Person, PersonId, PersonStatus,
    ReportingChange, RoleEvent,
};
use time::Date;

pub use crate::error::{ImportProblem, ImportProblems, Record};
use crate::error::{Result, StoreError};
use crate::framework::FrameworkSet;
use crate::history::RoleHistory;
use crate::pay::Pay;
use crate::people::People;
use crate::people::person_name;
use crate::reporting::{ReportingLines, loop_message};

/// People, role events and pay events to import, with the ids, sequence numbers and
/// recorded-at times they are to keep. A person's `org` and `status` are ignored: people
/// belong to the organisation they are imported into, and a status is derived from the
/// history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportBatch {
    pub people: Vec<Person>,
    pub events: Vec<RoleEvent>,
    pub pay: Vec<PayEvent>,
    /// Reporting-line changes, with their sequence numbers and recorded-at times. A new
    /// person with a manager and no change here gets one, from the start of their record;
    /// a new person with changes here must have the manager those changes give today.
    pub reporting: Vec<ReportingChange>,
}

impl ImportBatch {
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
            && self.events.is_empty()
            && self.pay.is_empty()
            && self.reporting.is_empty()
    }
}

/// What an import wrote, and what it skipped because it was stored already.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub people: u64,
    pub events: u64,
    pub pay: u64,
    /// Current-role projections written (one per person whose history changed).
    pub projections: u64,
    pub skipped_people: u64,
    pub skipped_events: u64,
    pub skipped_pay: u64,
    /// Reporting-line changes written, and those skipped as stored already.
    pub reporting: u64,
    pub skipped_reporting: u64,
}

/// The rows an import writes, in the order it writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    People,
    Events,
    Pay,
    Reporting,
    Projections,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Events => "events",
            Self::Pay => "pay events",
            Self::Reporting => "reporting changes",
            Self::Projections => "projections",
        }
    }
}

/// How far an import's writing has come: `done` of `total` rows of `stage` are written (in
/// the import's transaction, so not yet visible to anyone else).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// Told of progress while an import writes. It runs on the importing task, between
/// database round trips, so it must be quick (draw a bar, print a line).
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// A progress callback that ignores everything.
pub fn no_progress(_: Progress) {}

/// What is stored already that a batch must agree with, read by the backend inside the
/// import's transaction.
#[derive(Clone, Debug, Default)]
pub struct Stored {
    /// Every person of the organisation (needed for managers and for email uniqueness).
    pub people: HashMap<PersonId, Person>,
    /// The role histories of the stored people that the batch adds events to.
    pub events: HashMap<PersonId, Vec<RoleEvent>>,
    /// The pay histories of the stored people that the batch adds pay events to.
    pub pay: HashMap<PersonId, Vec<PayEvent>>,
    /// Every reporting-line change of the organisation: a change anywhere can close a
    /// loop with the batch's.
    pub reporting: Vec<ReportingChange>,
}

impl Stored {
    /// The stored people whose histories the backend must read before [`plan`]: those
    /// the batch adds role events to, and those it adds pay events to.
    pub fn affected(
        people: &HashMap<PersonId, Person>,
        batch: &ImportBatch,
    ) -> (Vec<PersonId>, Vec<PersonId>) {
        let pick = |ids: &mut dyn Iterator<Item = PersonId>| {
            let mut found: Vec<PersonId> = ids
                .filter(|p| people.contains_key(p))
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            found.sort();
            found
        };
        (
            pick(&mut batch.events.iter().map(|e| e.person)),
            pick(&mut batch.pay.iter().map(|p| p.person)),
        )
    }
}

/// The rows to write, checked, with the projections of every person whose history
/// changed. People come managers first, so that a manager is always written before the
/// people who report to them; events and pay come by person and sequence number.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    pub people: Vec<Person>,
    pub events: Vec<RoleEvent>,
    pub pay: Vec<PayEvent>,
    /// Where each person whose history changed stands today: the role in effect (none
    /// before a scheduled hire) and the date of their next scheduled event.
    pub projections: Vec<(PersonId, Standing)>,
    /// Reporting-line changes to write, after the people.
    pub reporting: Vec<ReportingChange>,
    /// For each person whose reporting line changed: their manager today and the date it
    /// next changes (written to `people.manager_id` and the reporting schedule).
    pub managers: Vec<ManagerToday>,
    pub summary: ImportSummary,
}

/// Checks `batch` against what is stored and against the rules of a history, and returns
/// what to write, or every problem found ([`StoreError::Import`]). Projections are of
/// `today`: events dated later are scheduled.
pub fn plan(
    org: OrgId,
    frameworks: &FrameworkSet,
    stored: &Stored,
    batch: ImportBatch,
    today: Date,
) -> Result<ImportPlan> {
    let mut problems = Vec::new();
    let mut summary = ImportSummary::default();
    let batch_people: HashSet<PersonId> = batch.people.iter().map(|p| p.id).collect();
    let people = plan_people(org, stored, batch.people, &mut problems, &mut summary);
    // A person refused above is still known: their records are not reported again.
    let known = |p: &PersonId| stored.people.contains_key(p) || batch_people.contains(p);
    let refused = |p: &PersonId| !stored.people.contains_key(p) && !people.contains_key(p);

    let (events, histories) = plan_events(
        frameworks,
        stored,
        batch.events,
        &known,
        &refused,
        &mut problems,
        &mut summary,
    );
    let pay = plan_pay(stored, batch.pay, &known, &mut problems, &mut summary);
    let (reporting, managers) = plan_reporting(
        stored,
        &people,
        batch.reporting,
        &known,
        today,
        &mut problems,
        &mut summary,
    );

    // Fold each changed history once, whole: stored events and new ones together.
    let mut projections = Vec::with_capacity(histories.len());
    for (person, (first_new, new)) in histories {
        let mut all: Vec<RoleEvent> = stored.events.get(&person).cloned().unwrap_or_default();
        all.extend(new.iter().map(|&i| events[i].clone()));
        match fold_on(frameworks, &all, today) {
            Ok(standing) => projections.push((person, standing)),
            Err(e) => problems.push(ImportProblem {
                record: Record::Event(first_new),
                field: None,
                message: format!("this person's history would be impossible: {e}"),
            }),
        }
    }

    if !problems.is_empty() {
        return Err(StoreError::Import(ImportProblems(problems)));
    }
    let people = managers_first(people);
    summary.people = people.len() as u64;
    summary.events = events.len() as u64;
    summary.pay = pay.len() as u64;
    summary.projections = projections.len() as u64;
    summary.reporting = reporting.len() as u64;
    let mut people_out = people;
    // The status a projection gives, for what the caller gets back.
    let status: HashMap<PersonId, PersonStatus> = projections
        .iter()
        .filter_map(|(p, s)| Some((*p, s.role.as_ref()?.status)))
        .collect();
    for p in &mut people_out {
        p.status = status.get(&p.id).copied().unwrap_or(PersonStatus::Active);
    }
    Ok(ImportPlan {
        people: people_out,
        events,
        pay,
        projections,
        reporting,
        managers,
        summary,
    })
}

/// A person whose reporting line changed, their manager today and the date it next
/// changes.
pub type ManagerToday = (PersonId, Option<PersonId>, Option<Date>);

/// Reporting-line changes to write, and the managers they give today. Checks each change,
/// gives a new person with a manager and no change their first line, and refuses a batch
/// whose lines, with the stored ones, would make someone their own manager on any date.
fn plan_reporting(
    stored: &Stored,
    people: &BTreeMap<PersonId, Person>,
    batch: Vec<ReportingChange>,
    known: &dyn Fn(&PersonId) -> bool,
    today: Date,
    problems: &mut Vec<ImportProblem>,
    summary: &mut ImportSummary,
) -> (Vec<ReportingChange>, Vec<ManagerToday>) {
    let stored_by_key: HashMap<(PersonId, u32), &ReportingChange> = stored
        .reporting
        .iter()
        .map(|c| ((c.person, c.seq), c))
        .collect();
    let mut seen: HashSet<(PersonId, u32)> = HashSet::new();
    let mut new: Vec<ReportingChange> = Vec::new();
    for change in batch {
        let record = Record::Reporting(change.person, change.seq);
        let mut problem = |field, message: String| {
            problems.push(ImportProblem {
                record,
                field,
                message,
            })
        };
        if !known(&change.person) {
            problem(
                Some("email"),
                format!(
                    "names person {}, who is neither in this import nor stored",
                    change.person
                ),
            );
            continue;
        }
        if change.seq == 0 {
            problem(Some("seq"), "sequence numbers start at 1".into());
            continue;
        }
        if !seen.insert((change.person, change.seq)) {
            problem(Some("seq"), "appears twice in this import".into());
            continue;
        }
        if let Some(existing) = stored_by_key.get(&(change.person, change.seq)) {
            if **existing == change {
                summary.skipped_reporting += 1;
            } else {
                problem(
                    Some("seq"),
                    "is already stored with other content; a reporting change never changes (record a new one)".into(),
                );
            }
            continue;
        }
        if let Some(manager) = change.manager {
            if manager == change.person {
                problem(
                    Some("manager_email"),
                    "a person cannot be their own manager".into(),
                );
                continue;
            }
            if !known(&manager) {
                problem(
                    Some("manager_email"),
                    format!("the manager {manager} is neither in this import nor stored"),
                );
                continue;
            }
        }
        new.push(change);
    }
    // A new person with a manager and no line of their own: the manager holds from the
    // start of their record.
    let with_lines: HashSet<PersonId> = new.iter().map(|c| c.person).collect();
    let recorded_at = crate::now();
    for person in people.values() {
        if person.manager.is_some() && !with_lines.contains(&person.id) {
            new.push(ReportingChange {
                person: person.id,
                seq: 1,
                effective: None,
                manager: person.manager,
                reason: None,
                recorded_at,
            });
        }
    }
    let mut all: Vec<ReportingChange> = stored.reporting.clone();
    all.extend(new.iter().cloned());
    if let Some(cycle) = find_cycle(&all) {
        let names: HashMap<PersonId, String> = stored
            .people
            .values()
            .chain(people.values())
            .map(|p| (p.id, p.name.clone()))
            .collect();
        let record = new
            .iter()
            .filter(|c| cycle.people.contains(&c.person) && c.effective == cycle.from)
            .map(|c| Record::Reporting(c.person, c.seq))
            .next()
            .unwrap_or(Record::Person(cycle.people[0]));
        problems.push(ImportProblem {
            record,
            field: Some("manager_email"),
            message: loop_message(&cycle, &names),
        });
        return (Vec::new(), Vec::new());
    }
    // Who reports to whom today, for everyone whose line changed.
    let mut changed: Vec<PersonId> = new.iter().map(|c| c.person).collect();
    changed.sort();
    changed.dedup();
    let mut managers = Vec::with_capacity(changed.len());
    for person in changed {
        let today_manager = manager_on(&all, person, today);
        let next = next_change_after(&all, person, today);
        if let Some(new_person) = people.get(&person) {
            if new_person.manager != today_manager {
                problems.push(ImportProblem {
                    record: Record::Person(person),
                    field: Some("manager_email"),
                    message: format!(
                        "names {}, but the person's reporting changes give {} on {today}",
                        describe(new_person.manager, &stored.people, people),
                        describe(today_manager, &stored.people, people),
                    ),
                });
                continue;
            }
            if next.is_none() {
                // Written with the person's row; nothing is scheduled.
                continue;
            }
        }
        managers.push((person, today_manager, next));
    }
    new.sort_by_key(|c| (c.person, c.seq));
    (new, managers)
}

/// A manager as a sentence names them: by email, or "no manager".
fn describe(
    manager: Option<PersonId>,
    stored: &HashMap<PersonId, Person>,
    new: &BTreeMap<PersonId, Person>,
) -> String {
    match manager {
        None => "no manager".into(),
        Some(id) => stored
            .get(&id)
            .or_else(|| new.get(&id))
            .map(|p| p.email.to_string())
            .unwrap_or_else(|| format!("person {id}")),
    }
}

fn plan_people(
    org: OrgId,
    stored: &Stored,
    batch: Vec<Person>,
    problems: &mut Vec<ImportProblem>,
    summary: &mut ImportSummary,
) -> BTreeMap<PersonId, Person> {
    let stored_emails: HashMap<&Email, PersonId> =
        stored.people.values().map(|p| (&p.email, p.id)).collect();
    let mut new: BTreeMap<PersonId, Person> = BTreeMap::new();
    let mut emails: HashMap<Email, PersonId> = HashMap::new();
    let mut problem = |id, field, message: String| {
        problems.push(ImportProblem {
            record: Record::Person(id),
            field,
            message,
        })
    };
    let batch_ids: HashSet<PersonId> = batch.iter().map(|p| p.id).collect();
    for mut person in batch {
        person.org = org;
        person.status = PersonStatus::Active;
        match person_name(&person.name) {
            Ok(name) => person.name = name,
            Err(e) => {
                problem(person.id, Some("name"), e.to_string());
                continue;
            }
        }
        if let Some(manager) = person.manager {
            if manager == person.id {
                problem(
                    person.id,
                    Some("manager_email"),
                    "a person cannot be their own manager".into(),
                );
                continue;
            }
            if !stored.people.contains_key(&manager) && !batch_ids.contains(&manager) {
                problem(
                    person.id,
                    Some("manager_email"),
                    format!("the manager {manager} is neither in this import nor stored"),
                );
                continue;
            }
        }
        if let Some(existing) = stored.people.get(&person.id) {
            if existing.name == person.name
                && existing.email == person.email
                && existing.manager == person.manager
            {
                summary.skipped_people += 1;
            } else {
                problem(
                    person.id,
                    None,
                    format!(
                        "is already stored as {} <{}> with other details; an import adds people and never changes them",
                        existing.name, existing.email
                    ),
                );
            }
            continue;
        }
        if let Some(other) = stored_emails.get(&person.email) {
            problem(
                person.id,
                Some("email"),
                format!(
                    "{} is already the email of another person ({other})",
                    person.email
                ),
            );
            continue;
        }
        if let Some(other) = emails.insert(person.email.clone(), person.id) {
            problem(
                person.id,
                Some("email"),
                format!(
                    "{} appears twice in this import (also person {other})",
                    person.email
                ),
            );
            continue;
        }
        if new.contains_key(&person.id) {
            problem(
                person.id,
                Some("person_id"),
                "appears twice in this import".into(),
            );
            continue;
        }
        new.insert(person.id, person);
    }
    // A chain of managers that loops back to itself has nobody at its top.
    let managers: HashMap<PersonId, PersonId> = new
        .values()
        .filter_map(|p| p.manager.map(|m| (p.id, m)))
        .collect();
    let looping: Vec<PersonId> = new
        .keys()
        .filter(|id| {
            let mut at = **id;
            for _ in 0..=managers.len() {
                match managers.get(&at) {
                    Some(m) if m == *id => return true,
                    Some(m) => at = *m,
                    None => return false,
                }
            }
            false
        })
        .copied()
        .collect();
    for id in looping {
        problem(
            id,
            Some("manager_email"),
            "the chain of managers loops back to this person".into(),
        );
        new.remove(&id);
    }
    new
}

/// Changed histories: for each person, the first new event (where a fold problem is
/// reported) and the indexes of their new events.
type Histories = BTreeMap<PersonId, (EventId, Vec<usize>)>;

fn plan_events(
    frameworks: &FrameworkSet,
    stored: &Stored,
    batch: Vec<RoleEvent>,
    known: &dyn Fn(&PersonId) -> bool,
    refused_person: &dyn Fn(&PersonId) -> bool,
    problems: &mut Vec<ImportProblem>,
    summary: &mut ImportSummary,
) -> (Vec<RoleEvent>, Histories) {
    let stored_by_id: HashMap<EventId, &RoleEvent> = stored
        .events
        .values()
        .flat_map(|events| events.iter().map(|e| (e.id, e)))
        .collect();
    let stored_seqs: HashSet<(PersonId, u32)> = stored
        .events
        .values()
        .flat_map(|events| events.iter().map(|e| (e.person, e.seq)))
        .collect();
    let mut ids: HashSet<EventId> = HashSet::with_capacity(batch.len());
    let mut seqs: HashSet<(PersonId, u32)> = HashSet::with_capacity(batch.len());
    let mut refused: HashSet<PersonId> = HashSet::new();
    let mut events = Vec::with_capacity(batch.len());
    for event in batch {
        let mut problem = |field, message: String| {
            problems.push(ImportProblem {
                record: Record::Event(event.id),
                field,
                message,
            })
        };
        if !known(&event.person) {
            problem(
                Some("email"),
                format!(
                    "names person {}, who is neither in this import nor stored",
                    event.person
                ),
            );
            continue;
        }
        if !ids.insert(event.id) {
            problem(Some("event_id"), "appears twice in this import".into());
            refused.insert(event.person);
            continue;
        }
        if let Some(existing) = stored_by_id.get(&event.id) {
            if **existing == event {
                summary.skipped_events += 1;
            } else {
                problem(
                    Some("event_id"),
                    "is already stored with other content; a stored event never changes (record a correction as a new event)".into(),
                );
                refused.insert(event.person);
            }
            continue;
        }
        let mut fine = true;
        if event.seq == 0 {
            problem(Some("seq"), "sequence numbers start at 1".into());
            fine = false;
        } else if stored_seqs.contains(&(event.person, event.seq)) {
            problem(
                Some("seq"),
                format!(
                    "this person's event {} is already stored, with another id",
                    event.seq
                ),
            );
            fine = false;
        } else if !seqs.insert((event.person, event.seq)) {
            problem(
                Some("seq"),
                format!(
                    "this person has two events numbered {} in this import",
                    event.seq
                ),
            );
            fine = false;
        }
        match frameworks.get(event.framework_version) {
            None => {
                problem(
                    Some("framework_version"),
                    format!(
                        "framework version {} is not published in this organisation",
                        event.framework_version
                    ),
                );
                fine = false;
            }
            Some(fw) => {
                if let Some(level) = &event.level
                    && fw.level(level).is_none()
                {
                    problem(
                        Some("level"),
                        format!(
                            "framework version {} has no level `{level}`",
                            event.framework_version
                        ),
                    );
                    fine = false;
                }
            }
        }
        if !fine {
            refused.insert(event.person);
            continue;
        }
        events.push(event);
    }
    events.sort_by_key(|e| (e.person, e.seq));
    let mut histories: Histories = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        if refused.contains(&e.person) || refused_person(&e.person) {
            continue;
        }
        histories
            .entry(e.person)
            .or_insert_with(|| (e.id, Vec::new()))
            .1
            .push(i);
    }
    (events, histories)
}

fn plan_pay(
    stored: &Stored,
    batch: Vec<PayEvent>,
    known: &dyn Fn(&PersonId) -> bool,
    problems: &mut Vec<ImportProblem>,
    summary: &mut ImportSummary,
) -> Vec<PayEvent> {
    let stored_by_id: HashMap<PayEventId, &PayEvent> = stored
        .pay
        .values()
        .flat_map(|pay| pay.iter().map(|p| (p.id, p)))
        .collect();
    let stored_seqs: HashSet<(PersonId, u32)> = stored
        .pay
        .values()
        .flat_map(|pay| pay.iter().map(|p| (p.person, p.seq)))
        .collect();
    let mut ids: HashSet<PayEventId> = HashSet::with_capacity(batch.len());
    let mut seqs: HashSet<(PersonId, u32)> = HashSet::with_capacity(batch.len());
    let mut pay = Vec::with_capacity(batch.len());
    for event in batch {
        let mut problem = |field, message: String| {
            problems.push(ImportProblem {
                record: Record::Pay(event.id),
                field,
                message,
            })
        };
        if !known(&event.person) {
            problem(
                Some("email"),
                format!(
                    "names person {}, who is neither in this import nor stored",
                    event.person
                ),
            );
            continue;
        }
        if !ids.insert(event.id) {
            problem(Some("pay_event_id"), "appears twice in this import".into());
            continue;
        }
        if let Some(existing) = stored_by_id.get(&event.id) {
            if **existing == event {
                summary.skipped_pay += 1;
            } else {
                problem(
                    Some("pay_event_id"),
                    "is already stored with other content; a stored pay event never changes".into(),
                );
            }
            continue;
        }
        if event.amount.minor < 0 {
            problem(Some("amount"), "a pay amount cannot be negative".into());
            continue;
        }
        if event.seq == 0 {
            problem(Some("seq"), "sequence numbers start at 1".into());
            continue;
        }
        if stored_seqs.contains(&(event.person, event.seq)) {
            problem(
                Some("seq"),
                format!(
                    "this person's pay event {} is already stored, with another id",
                    event.seq
                ),
            );
            continue;
        }
        if !seqs.insert((event.person, event.seq)) {
            problem(
                Some("seq"),
                format!(
                    "this person has two pay events numbered {} in this import",
                    event.seq
                ),
            );
            continue;
        }
        pay.push(event);
    }
    pay.sort_by_key(|p| (p.person, p.seq));
    pay
}

/// People ordered so that everyone comes after their manager (when the manager is new
/// too), and otherwise by id.
fn managers_first(people: BTreeMap<PersonId, Person>) -> Vec<Person> {
    let mut depth: HashMap<PersonId, usize> = HashMap::with_capacity(people.len());
    for id in people.keys() {
        // Walk up to the first manager whose depth is known (or who is stored already).
        let mut chain = vec![*id];
        let mut base = 0;
        while let Some(manager) = people
            .get(chain.last().expect("non-empty"))
            .and_then(|p| p.manager)
        {
            if let Some(d) = depth.get(&manager) {
                base = d + 1;
                break;
            }
            if !people.contains_key(&manager) {
                break;
            }
            chain.push(manager);
        }
        for (i, p) in chain.iter().rev().enumerate() {
            depth.entry(*p).or_insert(base + i);
        }
    }
    let mut ordered: Vec<Person> = people.into_values().collect();
    ordered.sort_by_key(|p| (depth[&p.id], p.id));
    ordered
}

/// Bulk import and export of an organisation's people and histories.
pub trait ImportExport: People + RoleHistory + Pay + ReportingLines {
    /// [`Self::import_with_progress`] without progress reports.
    fn import(&self, batch: ImportBatch) -> impl Future<Output = Result<ImportSummary>> + Send {
        self.import_with_progress(batch, &no_progress)
    }

    /// Imports people, role events and pay events, keeping their ids, sequence numbers and
    /// recorded-at times, **all or nothing, in one transaction**. Before anything is
    /// written the whole batch is checked against what is stored (see
    /// [`crate::import::plan`]): every event's person exists, every level exists in the
    /// framework version named, and every changed history folds. A record stored already
    /// with the same content is skipped, so an import can be repeated; with other content
    /// it is refused. Every problem is returned at once as [`StoreError::Import`].
    ///
    /// Rows are written in bulk with the current-role projections of every changed history
    /// and one audit row for the batch, in the same transaction; `progress` hears of each
    /// chunk written.
    fn import_with_progress(
        &self,
        batch: ImportBatch,
        progress: ProgressFn<'_>,
    ) -> impl Future<Output = Result<ImportSummary>> + Send;

    /// Everything an import takes, in a fixed order: people by id, events and pay by
    /// person and sequence number. Read page by page, so it is one consistent snapshot
    /// only while nobody writes; [`crate::People::people_page`] and its siblings let a caller
    /// stream instead of holding it all.
    fn export(&self) -> impl Future<Output = Result<ImportBatch>> + Send {
        async move {
            const PAGE: u32 = 10_000;
            let mut batch = ImportBatch::default();
            loop {
                let page = self
                    .people_page(batch.people.last().map(|p| p.id), PAGE)
                    .await?;
                let done = page.len() < PAGE as usize;
                batch.people.extend(page);
                if done {
                    break;
                }
            }
            loop {
                let after = batch.events.last().map(|e| (e.person, e.seq));
                let page = self.events_page(after, PAGE).await?;
                let done = page.len() < PAGE as usize;
                batch.events.extend(page);
                if done {
                    break;
                }
            }
            loop {
                let after = batch.pay.last().map(|p| (p.person, p.seq));
                let page = self.pay_page(after, PAGE).await?;
                let done = page.len() < PAGE as usize;
                batch.pay.extend(page);
                if done {
                    break;
                }
            }
            batch.reporting = self.reporting_changes().await?;
            Ok(batch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pendulum_domain::Email;

    fn person(n: u128, manager: Option<u128>) -> Person {
        Person {
            id: PersonId::from_uuid(uuid::Uuid::from_u128(n)),
            org: OrgId::from_uuid(uuid::Uuid::nil()),
            name: format!("P{n}"),
            email: Email::new(format!("p{n}@example.com")).unwrap(),
            manager: manager.map(|m| PersonId::from_uuid(uuid::Uuid::from_u128(m))),
            status: PersonStatus::Active,
        }
    }

    #[test]
    fn managers_come_before_their_reports() {
        let people: BTreeMap<_, _> = [
            person(1, Some(3)),
            person(2, None),
            person(3, Some(4)),
            person(4, None),
            person(5, Some(1)),
        ]
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        let order: Vec<u128> = managers_first(people)
            .iter()
            .map(|p| p.id.as_uuid().as_u128())
            .collect();
        assert_eq!(order, [2, 4, 3, 1, 5]);
    }

    #[test]
    fn every_problem_is_reported_and_loops_are_found() {
        let org = OrgId::from_uuid(uuid::Uuid::nil());
        let mut twin = person(7, None);
        twin.email = Email::new("p6@example.com").unwrap();
        let batch = ImportBatch {
            people: vec![
                person(1, Some(2)),
                person(2, Some(1)),
                person(3, Some(99)),
                person(6, None),
                twin,
            ],
            ..ImportBatch::default()
        };
        let today = Date::from_calendar_date(2026, time::Month::January, 5).unwrap();
        let Err(StoreError::Import(problems)) = plan(
            org,
            &FrameworkSet::default(),
            &Stored::default(),
            batch,
            today,
        ) else {
            panic!("refused");
        };
        let fields: Vec<_> = problems.0.iter().map(|p| (p.record, p.field)).collect();
        let id = |n| Record::Person(PersonId::from_uuid(uuid::Uuid::from_u128(n)));
        assert_eq!(
            fields,
            [
                (id(3), Some("manager_email")),
                (id(7), Some("email")),
                (id(1), Some("manager_email")),
                (id(2), Some("manager_email")),
            ]
        );
    }
}
