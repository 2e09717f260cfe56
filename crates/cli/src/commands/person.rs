//! `pendulum person …`: one person's record.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;
use pendulum_domain::{
    CurrentRole, Email, EventKind, InvalidValue, Person, PersonName, Reason, RoleEvent,
    TrialOutcome, parse_date,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_framework::model::TrackKind;
use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_store::{NewReportingChange, NewRoleEvent, StoreError};
use serde::Serialize;

use super::db::{self, DbArgs};
use super::framework::Format;
use crate::{terminal, with_store};

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person (their history starts with a hire or baseline event, recorded later).
    Add {
        /// 1–200 characters on one line.
        name: String,
        email: String,
        /// Their manager's email.
        #[arg(long)]
        manager: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Record a change in a person's career: hire, promotion, move between tracks, trial,
    /// leave, career break, return or exit. The history's rules apply.
    Record {
        email: String,
        /// baseline, hire, promotion, move, trial-start, trial-extend, trial-end, leave,
        /// career-break, return or exit.
        #[arg(long, value_parser = parse_kind)]
        kind: EventKind,
        /// When it takes effect (YYYY-MM-DD, in the years 1900–2200).
        #[arg(long)]
        date: String,
        /// The level it places the person at (a level id of the framework).
        #[arg(long)]
        level: Option<String>,
        /// For trial-start and trial-extend: when the trial ends (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// For trial-end: stay or return.
        #[arg(long)]
        outcome: Option<String>,
        /// Why: up to 2,000 characters.
        #[arg(long)]
        reason: Option<String>,
        /// The framework version to record under (default: the latest).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        framework_version: Option<u32>,
        /// Record a correction of an earlier entry of this person's history: its number as
        /// `person timeline` shows it (`3` or `#3`) or its id (`person timeline --format
        /// json`). The corrected entry stays in the history, marked, and no longer counts.
        /// Needs `--reason`. An entry is corrected once: to correct it again, correct the
        /// correction.
        #[arg(long, value_name = "EVENT", requires = "reason")]
        supersedes: Option<String>,
        /// Record a back-dated change: one dated before entries already recorded, which the
        /// rules check again with it in place. Without it such a change is not recorded:
        /// the command names the entries it comes before and what the timeline becomes.
        #[arg(long)]
        confirm_backdated: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Change who a person reports to, from a date: `--to MANAGER_EMAIL`, or `--none`. The
    /// earlier lines stay in the person's reporting history; a change that would make
    /// anyone their own manager, directly or through others, is refused.
    Manager {
        email: String,
        /// The new manager's email.
        #[arg(long, conflicts_with = "none", required_unless_present = "none")]
        to: Option<String>,
        /// From the date, the person reports to nobody.
        #[arg(long)]
        none: bool,
        /// From when (YYYY-MM-DD, in the years 1900–2200). A later date is scheduled.
        #[arg(long)]
        date: String,
        /// Why: up to 2,000 characters.
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Show a person's reporting history: who they reported to, from when, and why.
    Lines {
        email: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Show a person's career: tracks, levels, dates and the swings between tracks.
    Timeline {
        email: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Erase every record of a person (the right to erasure). Cannot be undone.
    Erase {
        email: String,
        /// Confirm that the person's records are to be deleted for good.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

pub fn run(cmd: PersonCommand) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        match cmd {
            PersonCommand::Add {
                name,
                email,
                manager,
                db,
            } => {
                let name = PersonName::new(&name).map_err(|e| refused("name", e))?;
                let backend = db.open().await?;
                with_store!(&backend, store => add(store, &db, &name, &email, manager.as_deref()).await)
            }
            PersonCommand::Record {
                email,
                kind,
                date,
                level,
                until,
                outcome,
                reason,
                framework_version,
                supersedes,
                confirm_backdated,
                db,
            } => {
                let date = parse_date(&date).map_err(|e| refused("--date", e))?;
                let mut event = NewRoleEvent::new(kind, date, framework_version.unwrap_or(0));
                event.level = level.map(LevelId::new).transpose()?;
                event.until = until
                    .map(|d| parse_date(&d).map_err(|e| refused("--until", e)))
                    .transpose()?;
                event.outcome = outcome
                    .map(|o| TrialOutcome::parse(&o).map_err(|e| refused("--outcome", e)))
                    .transpose()?;
                event.reason = Reason::optional(reason.as_deref())
                    .map_err(|e| refused("--reason", e))?
                    .map(Reason::into_string);
                let backend = db.open().await?;
                with_store!(&backend, store => record(store, &db, &email, event, supersedes.as_deref(), confirm_backdated).await)
            }
            PersonCommand::Manager {
                email,
                to,
                none: _,
                date,
                reason,
                db,
            } => {
                let date = parse_date(&date).map_err(|e| refused("--date", e))?;
                let reason = Reason::optional(reason.as_deref())
                    .map_err(|e| refused("--reason", e))?
                    .map(Reason::into_string);
                let backend = db.open().await?;
                with_store!(&backend, store => manager(store, &db, &email, to.as_deref(), date, reason).await)
            }
            PersonCommand::Lines { email, format, db } => {
                let backend = db.open().await?;
                with_store!(&backend, store => lines(store, &db, &email, format).await)
            }
            PersonCommand::Timeline { email, format, db } => {
                let backend = db.open().await?;
                with_store!(&backend, store => timeline(store, &db, &email, format).await)
            }
            PersonCommand::Erase { email, yes, db } => {
                if !yes {
                    bail!(
                        "erasing {email} deletes every record of them for good; pass --yes to confirm"
                    );
                }
                let backend = db.open().await?;
                with_store!(&backend, store => erase(store, &db, &email).await)
            }
        }
    })?
}

/// A value refused where it entered, named by its argument: `--reason: a reason needs …`.
fn refused(argument: &str, e: InvalidValue) -> anyhow::Error {
    anyhow::anyhow!("{argument}: {e}")
}

async fn add<S: Store>(
    store: &S,
    db: &DbArgs,
    name: &PersonName,
    email: &str,
    manager: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let manager = match manager {
        Some(m) => Some(org.person_by_email(&Email::new(m)?).await?.id),
        None => None,
    };
    let person = org
        .create_person(name.as_str(), &Email::new(email)?, manager)
        .await?;
    println!(
        "added {} <{}>",
        terminal::inline(&person.name),
        terminal::inline(person.email.as_str())
    );
    Ok(ExitCode::SUCCESS)
}

async fn record<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &str,
    mut event: NewRoleEvent,
    supersedes: Option<&str>,
    confirm_backdated: bool,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let person = org
        .person_by_email(&Email::new(email)?)
        .await
        .with_context(|| format!("no person with email {email}"))?;
    let corrected = match supersedes {
        Some(wanted) => {
            let events = org.events(person.id).await?;
            let target = corrected_entry(&events, wanted, email)?;
            event.supersedes = Some(target.id);
            Some(target.seq)
        }
        None => None,
    };
    if event.framework_version == 0 {
        event.framework_version = org
            .framework_versions()
            .await?
            .last()
            .map(|v| v.version)
            .context("the organisation has no framework version")?;
    }
    // What the change will do, before it is recorded: a back-dated change needs
    // --confirm-backdated, and a level the rules raise is explained.
    let existing = org.events(person.id).await?;
    let mut frameworks = BTreeMap::new();
    for version in existing
        .iter()
        .map(|e| e.framework_version)
        .chain([event.framework_version])
    {
        if let Entry::Vacant(slot) = frameworks.entry(version) {
            slot.insert(org.framework(version).await?);
        }
    }
    let proposed = event.clone().into_event(
        pendulum_domain::EventId::new(),
        person.id,
        0,
        pendulum_store::now(),
    );
    let preview =
        match pendulum_domain::timeline::preview(&frameworks, &existing, proposed, org.today()) {
            Ok(preview) => preview,
            Err(rule) => {
                eprintln!("not recorded: {}", terminal::lines(&rule.to_string()));
                return Ok(ExitCode::FAILURE);
            }
        };
    if preview.needs_confirmation()
        && !confirm_backdated
        && let Some(warning) = preview.backdated_warning()
    {
        eprintln!("not recorded: {}", terminal::lines(&warning));
        if let Some(raised) = &preview.raised {
            eprintln!("{}", terminal::lines(&raised.explanation));
        }
        eprintln!("pass --confirm-backdated to record it");
        return Ok(ExitCode::FAILURE);
    }
    match org.append_event(person.id, event).await {
        Ok(stored) => {
            let fw = org.framework(stored.framework_version).await?;
            let level = stored
                .level
                .as_ref()
                .and_then(|l| fw.level(l))
                .map(|(t, l)| {
                    format!(
                        ": {} ({}), {} track",
                        terminal::inline(&l.title),
                        l.id,
                        terminal::inline(&t.name)
                    )
                })
                .unwrap_or_default();
            let correcting = corrected
                .map(|seq| format!(", correcting #{seq}"))
                .unwrap_or_default();
            println!(
                "recorded {} #{} on {}{level}{correcting}",
                stored.kind.label(),
                stored.seq,
                stored.effective
            );
            if let Some(raised) = &preview.raised {
                println!("{}", terminal::lines(&raised.explanation));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Rule(rule)) => {
            eprintln!("not recorded: {}", terminal::lines(&rule.to_string()));
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// The entry of `events` that `wanted` names, by number (`3`, `#3`) or id, refused when it
/// is not in this history (an event of another person is not) or is corrected already: an
/// entry is corrected once, and a second correction corrects the newest one.
fn corrected_entry<'e>(
    events: &'e [RoleEvent],
    wanted: &str,
    email: &str,
) -> anyhow::Result<&'e RoleEvent> {
    let wanted = wanted.trim();
    let found = match wanted.trim_start_matches('#').parse::<u32>() {
        Ok(seq) => events.iter().find(|e| e.seq == seq),
        Err(_) => match wanted.parse::<pendulum_domain::EventId>() {
            Ok(id) => events.iter().find(|e| e.id == id),
            Err(_) => bail!(
                "--supersedes: {:?} is neither an entry number (as `person timeline` shows it) nor an event id",
                terminal::inline(wanted)
            ),
        },
    };
    let target = found.with_context(|| {
        format!(
            "--supersedes: the history of {email} has no entry {}; `pendulum person timeline {email}` lists its entries",
            terminal::inline(wanted)
        )
    })?;
    if let Some(newer) = events.iter().find(|e| e.supersedes == Some(target.id)) {
        bail!(
            "--supersedes: entry #{} is already corrected by #{}; to correct it again, correct #{} instead",
            target.seq,
            newer.seq,
            newer.seq
        );
    }
    Ok(target)
}

async fn manager<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &str,
    to: Option<&str>,
    date: time::Date,
    reason: Option<String>,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let person = org
        .person_by_email(&Email::new(email)?)
        .await
        .with_context(|| format!("no person with email {email}"))?;
    let manager = match to {
        Some(m) => Some(
            org.person_by_email(&Email::new(m).map_err(|e| refused("--to", e))?)
                .await
                .with_context(|| format!("no person with email {m}"))?,
        ),
        None => None,
    };
    let change = NewReportingChange {
        effective: date,
        manager: manager.as_ref().map(|m| m.id),
        reason,
    };
    match org.change_manager(person.id, change).await {
        Ok(stored) => {
            let to = match &manager {
                Some(m) => format!(
                    "reports to {} <{}>",
                    terminal::inline(&m.name),
                    terminal::inline(m.email.as_str())
                ),
                None => "reports to nobody".to_string(),
            };
            let scheduled = if date > org.today() {
                " (scheduled)"
            } else {
                ""
            };
            println!(
                "recorded reporting change #{}: from {date}, {} {to}{scheduled}",
                stored.seq,
                terminal::inline(&person.name)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Rule(rule)) => {
            eprintln!("not recorded: {}", terminal::lines(&rule.to_string()));
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// The JSON shape of `person lines --format json`.
#[derive(Serialize)]
struct LinesJson<'a> {
    person: &'a Person,
    changes: Vec<LineJson>,
}

#[derive(Serialize)]
struct LineJson {
    seq: u32,
    effective: Option<time::Date>,
    manager_email: Option<String>,
    reason: Option<String>,
    recorded_at: time::OffsetDateTime,
}

async fn lines<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &str,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let person = org
        .person_by_email(&Email::new(email)?)
        .await
        .with_context(|| format!("no person with email {email}"))?;
    let mut changes = Vec::new();
    for c in org.reporting_history(person.id).await? {
        let manager = match c.manager {
            Some(m) => Some(org.person(m).await?),
            None => None,
        };
        changes.push((c, manager));
    }
    changes.sort_by_key(|(c, _)| (c.effective, c.seq));
    match format {
        Format::Json => {
            let json = LinesJson {
                person: &person,
                changes: changes
                    .into_iter()
                    .map(|(c, m)| LineJson {
                        seq: c.seq,
                        effective: c.effective,
                        manager_email: m.map(|m| m.email.to_string()),
                        reason: c.reason,
                        recorded_at: c.recorded_at,
                    })
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Human => {
            let mut out = format!(
                "{} <{}>\n",
                terminal::inline(&person.name),
                terminal::inline(person.email.as_str())
            );
            if changes.is_empty() {
                out.push_str("  no manager has been recorded\n");
            }
            let today = org.today();
            for (c, m) in &changes {
                let from = c
                    .effective
                    .map_or_else(|| "from the start".to_string(), |d| format!("from {d}"));
                let to = match m {
                    Some(m) => format!(
                        "{} <{}>",
                        terminal::inline(&m.name),
                        terminal::inline(m.email.as_str())
                    ),
                    None => "nobody".to_string(),
                };
                let scheduled = if c.effective.is_some_and(|d| d > today) {
                    " [scheduled]"
                } else {
                    ""
                };
                let _ = write!(out, "  {from}: reports to {to}{scheduled}");
                if let Some(reason) = &c.reason {
                    let _ = write!(out, " — {}", terminal::inline(reason));
                }
                out.push('\n');
            }
            print!("{out}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_kind(s: &str) -> Result<EventKind, String> {
    EventKind::parse(s).ok_or_else(|| {
        let kinds: Vec<_> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind {s:?}; use one of: {}", kinds.join(", "))
    })
}

async fn erase<S: Store>(store: &S, db: &DbArgs, email: &str) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let erasure = org.erase_person(&Email::new(email)?).await?;
    println!(
        "erased every record of {email}; the audit log keeps erasure {erasure}, without personal data"
    );
    Ok(ExitCode::SUCCESS)
}

/// The JSON shape of `person timeline --format json`.
#[derive(Serialize)]
struct TimelineJson<'a> {
    person: &'a Person,
    events: &'a [RoleEvent],
    current_role: Option<&'a CurrentRole>,
}

async fn timeline<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &str,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let person = org
        .person_by_email(&Email::new(email)?)
        .await
        .with_context(|| format!("no person with email {email}"))?;
    let events = org.events(person.id).await?;
    let role = org.current_role(person.id).await?;
    match format {
        Format::Json => {
            let json = TimelineJson {
                person: &person,
                events: &events,
                current_role: role.as_ref(),
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Human => {
            let mut frameworks = BTreeMap::new();
            for e in &events {
                if let Entry::Vacant(slot) = frameworks.entry(e.framework_version) {
                    slot.insert(org.framework(e.framework_version).await?);
                }
            }
            print!(
                "{}",
                render_timeline(&person, &events, role.as_ref(), &frameworks, org.today())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A person's history as text: one line per event, with the swings between tracks
/// marked as such (never as a step down), and the events dated after `today` marked as
/// scheduled (the role shown as now is the one in effect today).
pub fn render_timeline(
    person: &Person,
    events: &[RoleEvent],
    role: Option<&CurrentRole>,
    frameworks: &BTreeMap<u32, Framework>,
    today: time::Date,
) -> String {
    let mut out = String::new();
    let describe = |version: u32, level: &pendulum_framework::ids::LevelId| {
        frameworks
            .get(&version)
            .and_then(|fw| fw.level(level))
            .map(|(t, l)| {
                (
                    format!("{} ({})", terminal::inline(&l.title), l.id),
                    terminal::inline(&t.name).into_owned(),
                    t.kind,
                )
            })
            .unwrap_or_else(|| (level.to_string(), String::from("?"), TrackKind::Other))
    };
    let _ = writeln!(
        out,
        "{} <{}>",
        terminal::inline(&person.name),
        terminal::inline(person.email.as_str())
    );
    match role {
        Some(r) => {
            let (level, track, _) = describe(r.framework_version, &r.level);
            let trial = r
                .trial
                .as_ref()
                .map(|t| match t.until {
                    Some(until) => format!(", on a management trial until {until}"),
                    None => ", on a management trial".to_string(),
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "now: {level} on the {track} track since {}{trial} ({})",
                r.since,
                r.status.as_str().replace('-', " ")
            );
        }
        None => {
            let _ = writeln!(out, "no history recorded yet");
        }
    }
    let _ = writeln!(out);
    let superseded: Vec<_> = events.iter().filter_map(|e| e.supersedes).collect();
    let mut track_kind: Option<TrackKind> = None;
    // The career in the order it happened; a back-dated record takes its place in time.
    let mut ordered: Vec<&RoleEvent> = events.iter().collect();
    ordered.sort_by_key(|e| (e.effective, e.seq));
    for e in ordered {
        let mut line = format!("  {}  #{:<3} {:<26}", e.effective, e.seq, e.kind.label());
        if let Some(level) = &e.level {
            let (level, track, kind) = describe(e.framework_version, level);
            let swing = match (track_kind, kind) {
                (Some(from), to) if from != to => match to {
                    TrackKind::Management => "  ⇄ swing to management",
                    TrackKind::IndividualContributor => "  ⇄ swing to individual contribution",
                    TrackKind::Other => "  ⇄ move to another track",
                },
                _ => "",
            };
            let _ = write!(line, " {level}, {track}{swing}");
            track_kind = Some(kind);
        }
        if let Some(until) = e.until {
            let _ = write!(line, " (until {until})");
        }
        if let Some(outcome) = e.outcome {
            let _ = write!(
                line,
                " — outcome: {}",
                match outcome {
                    pendulum_domain::TrialOutcome::Stay => "stays",
                    pendulum_domain::TrialOutcome::Return => "returns",
                }
            );
        }
        if let Some(reason) = &e.reason {
            let _ = write!(line, " — {}", terminal::inline(reason));
        }
        if superseded.contains(&e.id) {
            line.push_str("  [corrected later]");
        }
        if let Some(s) = e.supersedes {
            let seq = events.iter().find(|o| o.id == s).map_or(0, |o| o.seq);
            let _ = write!(line, "  [corrects #{seq}]");
        }
        if e.effective > today {
            line.push_str("  [scheduled]");
        }
        if e.kind == EventKind::Exit {
            track_kind = None;
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}
