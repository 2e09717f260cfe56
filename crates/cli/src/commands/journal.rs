//! `pendulum journal …`: a person's own energy-and-learning journal from the command line.
//! The journal is the `--as` account's: the person with that account's email. Entries are
//! written with the rules of the web application and the API
//! (`pendulum_web::journal::service`), insights are read through the same store function
//! as theirs, and `--format json` prints what the API answers.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pendulum_domain::journal::{Energy, Insights, JournalEntry, KindInfo};
use pendulum_domain::{Email, Person, parse_date};
use pendulum_framework::Framework;
use pendulum_store::prelude::*;
use pendulum_store::{Store, StoreError};
use pendulum_web::journal::api::{JournalPage, entry_info, insights_info};
use pendulum_web::journal::service::{self, Draft, MAX_PAGE};

use super::db::{self, DbArgs};
use super::framework::Format;
use crate::{terminal, with_store};

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Write an entry in your journal: which kinds of work the day held, how it left you,
    /// what you learned. Private to you: no one else reads it.
    Add(AddArgs),
    /// List your journal's entries, newest first.
    List {
        /// The first day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// The last day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// At most this many entries, 1–1000.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PAGE)))]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        db: DbArgs,
    },
    /// What your journal shows over the last 12 weeks: energy by kind of work, learning per
    /// week, days since hands-on work, and notes. The same figures as the web page and the
    /// API.
    Insights {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The day (YYYY-MM-DD), not after today; today when left out.
    #[arg(long)]
    date: Option<String>,
    /// A kind of work of the framework (`building`, `code-review`, `meetings`…); repeat it
    /// for each kind, at most 12.
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
    /// How the work left you: -2 (depleted), -1 (drained), 0 (even), +1 (energised) or +2
    /// (wanting more).
    #[arg(long, allow_hyphen_values = true)]
    energy: String,
    /// What you learned, in a few words (at most 1,000 characters).
    #[arg(long, value_name = "TEXT")]
    learned: Option<String>,
    /// The work was hands-on. Without this or --not-hands-on, the kinds of work decide.
    #[arg(long, conflicts_with = "not_hands_on")]
    hands_on: bool,
    /// The work was not hands-on, whatever the kinds.
    #[arg(long)]
    not_hands_on: bool,
    /// A free note (at most 4,000 characters).
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(cmd: JournalCommand) -> anyhow::Result<ExitCode> {
    let db = match &cmd {
        JournalCommand::Add(args) => &args.db,
        JournalCommand::List { db, .. } | JournalCommand::Insights { db, .. } => db,
    };
    if db.acting_as.is_none() {
        bail!(
            "whose journal? name your account with --as EMAIL (or PENDULUM_AS): a journal is its author's alone"
        );
    }
    db::block_on(async move {
        match cmd {
            JournalCommand::Add(args) => {
                let backend = args.db.open().await?;
                with_store!(&backend, store => add(store, &args).await)
            }
            JournalCommand::List {
                from,
                to,
                limit,
                format,
                db,
            } => {
                let from = from
                    .map(|d| parse_date(&d).map_err(|e| anyhow::anyhow!("--from: {e}")))
                    .transpose()?;
                let to = to
                    .map(|d| parse_date(&d).map_err(|e| anyhow::anyhow!("--to: {e}")))
                    .transpose()?;
                let backend = db.open().await?;
                with_store!(&backend, store => list(store, &db, from, to, limit, format).await)
            }
            JournalCommand::Insights { format, db } => {
                let backend = db.open().await?;
                with_store!(&backend, store => insights(store, &db, format).await)
            }
        }
    })?
}

/// The organisation, and the person whose journal it is: the one with the `--as` email.
/// Refused while their private notes are locked (their account was handed to someone
/// else), as the web application and the API refuse: they unlock them there, with their
/// recovery code.
async fn author<S: Store>(store: &S, db: &DbArgs) -> anyhow::Result<(S::Org, Person)> {
    let email = db.acting_as.as_deref().unwrap_or_default();
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let address = Email::new(email).with_context(|| format!("--as {email:?}"))?;
    match org.person_by_email(&address).await {
        Ok(person) => {
            if let Some(lock) = org.notes_lock(person.id).await?.locked {
                bail!(
                    "{} Unlock them in the web application, on the page {}, or with the API (POST /api/v1/me/private-notes/unlock); nothing was read or written",
                    lock.cause.message(),
                    pendulum_views::paths::PRIVATE_NOTES
                );
            }
            Ok((org, person))
        }
        Err(StoreError::NotFound { .. }) => bail!(
            "--as {address}: no person has this email, so the account has no journal (`pendulum person add` adds one)"
        ),
        Err(e) => Err(e.into()),
    }
}

/// The organisation's latest framework, whose kinds of work entries name.
async fn latest<O: OrgStore>(org: &O) -> anyhow::Result<Framework> {
    let version = org
        .framework_versions()
        .await?
        .last()
        .map(|v| v.version)
        .context("the organisation has no framework version")?;
    Ok(org.framework(version).await?)
}

/// The command-line argument of an entry's field, for messages.
fn argument(field: &str) -> &'static str {
    match field {
        "date" => "--date",
        "kinds" => "--kind",
        "energy" => "--energy",
        "learned" => "--learned",
        "hands_on" => "--hands-on",
        _ => "--note",
    }
}

async fn add<S: Store>(store: &S, args: &AddArgs) -> anyhow::Result<ExitCode> {
    let (org, person) = author(store, &args.db).await?;
    let fw = latest(&org).await?;
    let draft = Draft {
        date: args.date.as_deref(),
        kinds: &args.kinds,
        energy: Energy::parse(&args.energy).map_err(|e| e.0),
        learned: args.learned.as_deref(),
        hands_on: match (args.hands_on, args.not_hands_on) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        note: args.note.as_deref().unwrap_or(""),
    };
    let entry = match service::check(&fw, &draft, org.today(), &[]) {
        Ok(entry) => entry,
        Err(refusals) => {
            for (field, message) in refusals {
                eprintln!("{}: {}", argument(field), terminal::inline(&message));
            }
            eprintln!("nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    let written = match org.add_journal_entry(person.id, &entry).await {
        Ok(written) => written,
        Err(StoreError::Invalid(message)) => {
            eprintln!("not written: {}", terminal::inline(&message));
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&entry_info(&written))?),
        Format::Human => {
            let kinds = service::kinds(&fw);
            print!("wrote entry {}\n{}", written.id, describe(&written, &kinds));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An entry in lines: the day, energy, kinds, then what was learned and the note.
fn describe(e: &JournalEntry, kinds: &[KindInfo]) -> String {
    let names: Vec<String> = e
        .kinds
        .iter()
        .map(|k| {
            kinds
                .iter()
                .find(|info| info.id == k.as_str())
                .map_or_else(|| k.to_string(), |info| info.name.clone())
        })
        .collect();
    let mut out = format!("{}  {} {}", e.date, e.energy, e.energy.label());
    if !names.is_empty() {
        let _ = write!(out, "  {}", terminal::inline(&names.join(", ")));
    }
    if e.hands_on {
        out.push_str("  (hands-on)");
    }
    out.push('\n');
    if let Some(learned) = &e.learned {
        let _ = writeln!(out, "    learned: {}", terminal::inline(learned));
    }
    for line in e.note.lines() {
        let _ = writeln!(out, "    {}", terminal::inline(line));
    }
    out
}

async fn list<S: Store>(
    store: &S,
    db: &DbArgs,
    from: Option<time::Date>,
    to: Option<time::Date>,
    limit: u32,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let (org, person) = author(store, db).await?;
    let mut entries = org.journal_entries(person.id, from, to, limit + 1).await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    match format {
        Format::Json => {
            let page = JournalPage {
                entries: entries.iter().map(entry_info).collect(),
                more,
            };
            println!("{}", serde_json::to_string_pretty(&page)?);
        }
        Format::Human => {
            let kinds = service::kinds(&latest(&org).await?);
            if entries.is_empty() {
                println!("no entries");
            }
            for e in &entries {
                print!("{}", describe(e, &kinds));
            }
            if more {
                println!("(older entries left out: ask with --to or a larger --limit)");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn insights<S: Store>(store: &S, db: &DbArgs, format: Format) -> anyhow::Result<ExitCode> {
    let (org, person) = author(store, db).await?;
    let fw = latest(&org).await?;
    let read =
        pendulum_store::journal::insights(&org, person.id, &service::kinds(&fw), org.today())
            .await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&insights_info(&read))?),
        Format::Human => print!("{}", human_insights(&read)),
    }
    Ok(ExitCode::SUCCESS)
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x}")
    } else {
        x.to_string()
    }
}

fn human_insights(i: &Insights) -> String {
    let mut out = format!(
        "the 12 weeks from the week of {} to {}: {} {}\n",
        i.since,
        i.today,
        i.entries,
        if i.entries == 1 { "entry" } else { "entries" }
    );
    out.push_str("\nenergy by kind of work (week of: average, entries)\n");
    if i.energy_by_kind.is_empty() {
        out.push_str("  no entry names a kind of work in these weeks\n");
    }
    for k in &i.energy_by_kind {
        let _ = writeln!(
            out,
            "  {}{}: {} over {} {}",
            terminal::inline(&k.name),
            if k.hands_on { " (hands-on)" } else { "" },
            signed(k.mean),
            k.entries,
            if k.entries == 1 { "entry" } else { "entries" }
        );
        for w in &k.weeks {
            let _ = writeln!(out, "    {}: {}, {}", w.week, signed(w.mean), w.entries);
        }
    }
    out.push_str("\nlearning per week (week of: entries, with learning)\n");
    for w in &i.learning_per_week {
        let _ = writeln!(out, "  {}: {}, {}", w.week, w.entries, w.learned);
    }
    match i.days_since_hands_on {
        Some(days) => {
            let _ = writeln!(out, "\ndays since hands-on work: {days}");
        }
        None => out.push_str("\ndays since hands-on work: no entry is marked hands-on\n"),
    }
    if !i.notes.is_empty() {
        out.push_str("\nnotes\n");
        for n in &i.notes {
            let _ = writeln!(out, "  - {}", terminal::inline(&n.text));
        }
    }
    out
}
