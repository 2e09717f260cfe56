//! `pendulum export`, `pendulum import` and `pendulum generate`: an organisation's data in
//! and out in bulk. The formats are the transfer crate's; this module picks the database
//! and the organisation and shows progress.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pendulum_domain::date::{FIRST_YEAR, LAST_YEAR};
use pendulum_domain::generate::{Params, generate};
use pendulum_store::prelude::*;
use pendulum_store::{ImportBatch, ImportSummary, Progress, Stage, Store};
use pendulum_transfer::{Source, TransferError};
use time::Date;
use time::macros::format_description;

use super::db::{self, DbArgs};
use crate::{terminal, with_store};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The directory to write (missing or empty): organisation.json, frameworks/*.yaml,
    /// people.csv, events.csv and pay.csv.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A directory written by `pendulum export`, or one CSV file (people, role events or
    /// pay events, told apart by its header).
    path: PathBuf,
    /// A CSV file with columns `title,level` mapping level titles of the files to level ids.
    #[arg(long)]
    map: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

/// The largest organisation `generate` makes: the size Pendulum is built and measured for.
/// Generating holds the whole organisation in memory before writing it (about 6 KiB a
/// person for eight years of history), so an unbounded count exhausts memory instead.
const MAX_PEOPLE: u64 = 100_000;
/// The longest history `generate` makes: a whole career.
const MAX_YEARS: u64 = 50;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// People employed at the end (roughly: exits and hires balance), 1–100000.
    #[arg(long, value_parser = people_count)]
    people: usize,
    /// Years of history, 1–50.
    #[arg(long, value_parser = years_count)]
    years: u32,
    /// The same seed gives the same organisation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last day of the history (YYYY-MM-DD, in the years 1950–2200, not after today;
    /// default: today). The history starts YEARS before it, and nothing is dated after it.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Also write private notes and plans for up to this many people (0–1000): five months
    /// of journal each, and for one in ten at an individual-contributor level an agreed
    /// plan towards Engineering Manager (its trial started when an admin account exists).
    /// Only with an as-of day of today.
    #[arg(long, value_parser = notes_count, default_value_t = 0)]
    notes: usize,
    #[command(flatten)]
    db: DbArgs,
}

/// A whole number of people in `0..=1000`.
fn notes_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= 1000 => Ok(n),
        _ => Err("use a whole number of people from 0 to 1000".to_string()),
    }
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        let backend = args.db.open().await?;
        with_store!(&backend, store => {
            let organisation = db::organisation(store, args.db.org.as_deref()).await?;
            let org = store.org(organisation.id);
            let done = pendulum_transfer::export(&org, &organisation, &args.out).await?;
            println!(
                "exported {} to {}: {} framework version(s), {} people, {} events, {} pay events, {} reporting changes",
                organisation.slug,
                args.out.display(),
                done.frameworks,
                done.people,
                done.events,
                done.pay,
                done.reporting
            );
            Ok(ExitCode::SUCCESS)
        })
    })?
}

pub fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        let source = Source::open(&args.path)?;
        // An export brings its organisation: a new database gets that one, not `default`.
        let brings_org = args.db.org.is_none() && source.organisation()?.is_some();
        let backend = args.db.open_with(!brings_org).await?;
        with_store!(&backend, store => {
            let organisation = match pendulum_transfer::organisation_from_export(store, &source).await? {
                Some(found) if args.db.org.is_none() => found,
                _ => db::organisation(store, args.db.org.as_deref()).await?,
            };
            let org = store.org(organisation.id);
            for version in pendulum_transfer::sync_frameworks(&org, &source).await? {
                eprintln!("published framework version {version}");
            }
            let started = Instant::now();
            let reporter = Reporter::new("import");
            let result =
                pendulum_transfer::import(&org, &source, args.map.as_deref(), &|p| reporter.report(p))
                    .await;
            reporter.finish();
            match result {
                Ok(summary) => {
                    print_summary("imported", &organisation.slug.to_string(), &summary, started);
                    Ok(ExitCode::SUCCESS)
                }
                Err(TransferError::Problems(problems)) => {
                    eprintln!("{}", terminal::lines(&problems.to_string()));
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            }
        })
    })?
}

pub fn generate_org(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let today = time::OffsetDateTime::now_utc().date();
    let as_of = args.as_of.unwrap_or(today);
    // A generated history is history: an event after today would be scheduled, and a
    // recording after today is impossible.
    if as_of > today {
        anyhow::bail!(
            "--as-of {as_of} is after today ({today}): generate a history up to today or an \
             earlier day"
        );
    }
    // Journals end today: an entry cannot be dated after the day it is written.
    if args.notes > 0 && as_of != today {
        anyhow::bail!("--notes writes journals up to today: leave out --as-of");
    }
    db::block_on(async move {
        let backend = args.db.open().await?;
        with_store!(&backend, store => {
            let organisation = db::organisation(store, args.db.org.as_deref()).await?;
            let org = store.org(organisation.id);
            let version = org
                .framework_versions()
                .await?
                .last()
                .map(|v| v.version)
                .context("the organisation has no framework version")?;
            let framework = org.framework(version).await?;
            let started = Instant::now();
            let params = Params {
                people: args.people,
                years: args.years,
                seed: args.seed,
                as_of,
            };
            let generated = generate(&framework, version, organisation.id, &params);
            eprintln!(
                "generated {} people, {} events and {} pay events in {:.1} s; writing",
                generated.people.len(),
                generated.events.len(),
                generated.pay.len(),
                started.elapsed().as_secs_f64()
            );
            let batch = ImportBatch {
                people: generated.people,
                events: generated.events,
                pay: generated.pay,
                reporting: generated.reporting,
            };
            let reporter = Reporter::new("generate");
            let result = org.import_with_progress(batch, &|p| reporter.report(p)).await;
            reporter.finish();
            print_summary("generated", &organisation.slug.to_string(), &result?, started);
            if args.notes > 0 {
                let admin = org
                    .list_accounts()
                    .await?
                    .into_iter()
                    .find(|a| a.role == pendulum_store::Role::Admin && !a.is_disabled())
                    .map(|a| a.id);
                let seeded =
                    super::demo_stories::seed_notes(&org, args.notes, args.seed, today, admin)
                        .await?;
                println!(
                    "wrote {} journals ({} entries) and {} plans",
                    seeded.journals, seeded.entries, seeded.plans
                );
            }
            Ok(ExitCode::SUCCESS)
        })
    })?
}

fn print_summary(verb: &str, org: &str, s: &ImportSummary, started: Instant) {
    println!(
        "{verb} into {org}: {} people, {} events, {} pay events, {} reporting changes ({} people, {} events, {} pay events and {} reporting changes were stored already) in {:.1} s",
        s.people,
        s.events,
        s.pay,
        s.reporting,
        s.skipped_people,
        s.skipped_events,
        s.skipped_pay,
        s.skipped_reporting,
        started.elapsed().as_secs_f64()
    );
}

/// A whole number in `1..=max`, or a message that states the range.
fn count(s: &str, max: u64, what: &str) -> Result<u64, String> {
    let out_of_range = || format!("out of range: use a whole number of {what} from 1 to {max}");
    match s.trim().parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        Ok(_) => Err(out_of_range()),
        // Digits that overflow u64 are out of range too, not "not a number".
        Err(_) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
            Err(out_of_range())
        }
        Err(_) => Err(format!("not a whole number: use 1 to {max} {what}")),
    }
}

fn people_count(s: &str) -> Result<usize, String> {
    count(s, MAX_PEOPLE, "people").map(|n| usize::try_from(n).expect("at most MAX_PEOPLE"))
}

fn years_count(s: &str) -> Result<u32, String> {
    count(s, MAX_YEARS, "years").map(|n| u32::try_from(n).expect("at most MAX_YEARS"))
}

/// A history ends in the years 1950–2200, so that with up to [`MAX_YEARS`] years it starts
/// within the dates Pendulum stores (1900–2200).
fn parse_date(s: &str) -> Result<Date, String> {
    let date = Date::parse(s, format_description!("[year]-[month]-[day]"))
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("{s:?} is not a date; use YYYY-MM-DD"))?;
    let first = FIRST_YEAR + i32::try_from(MAX_YEARS).expect("a small number");
    let last = LAST_YEAR;
    if (first..=last).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "out of range: use a date in the years {first}–{last}"
        ))
    }
}

/// Shows an import's progress on stderr: a bar on a terminal, nothing otherwise, and plain
/// lines (`import: 40000/1000000 events written`) when `PENDULUM_PROGRESS=lines`, which
/// scripts and tests read.
enum Reporter {
    Lines(&'static str),
    Bar(ProgressBar),
}

impl Reporter {
    fn new(what: &'static str) -> Self {
        if std::env::var("PENDULUM_PROGRESS").is_ok_and(|v| v == "lines") {
            return Self::Lines(what);
        }
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({eta})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        Self::Bar(bar)
    }

    fn report(&self, p: Progress) {
        match self {
            Self::Lines(what) => {
                eprintln!(
                    "{what}: {}/{} {} written",
                    p.done,
                    p.total,
                    p.stage.as_str()
                )
            }
            Self::Bar(bar) => {
                if bar.length() != Some(p.total) || bar.message() != p.stage.as_str() {
                    bar.set_message(p.stage.as_str());
                    bar.set_length(p.total);
                }
                bar.set_position(p.done);
                if p.stage == Stage::Projections && p.done == p.total {
                    bar.finish_and_clear();
                }
            }
        }
    }

    fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
