//! `pendulum project`: the workforce projection (`pendulum_sim::projection`). With
//! `--matrix FILE`, the model a planner wrote; without, the model estimated from the
//! organisation's own history, shown so that no state resting on fewer than five people
//! appears on its own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use pendulum_domain::parse_date;
use pendulum_sim::projection::{
    self, ByState, DEFAULT_WINDOW_YEARS, Estimate, EstimateOptions, MAX_FILE_BYTES,
    MAX_WINDOW_YEARS, MAX_YEARS, Mode, Model, ModelError, Projection, Report,
};
use pendulum_store::prelude::*;
use pendulum_store::{FrameworkSet, Store};
use serde::Serialize;
use time::Date;

use super::db::{self, DbArgs};
use super::framework::Format;
use crate::{terminal, with_store};

/// The most year columns the head-count table shows; a longer projection shows every
/// k-th year and the last.
const YEAR_COLUMNS: u32 = 10;
/// Role events read from the store per query.
const PAGE: u32 = 10_000;

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// A model written out (JSON; docs/data.md, "Workforce projection file"). Without it,
    /// the model is estimated from the organisation's history.
    #[arg(long, value_name = "FILE")]
    matrix: Option<PathBuf>,
    /// Years to project, 1–100.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_YEARS)))]
    years: u32,
    /// How many recruits: `fixed` (`--total` a year) or `fixed-size` (leavers replaced, the
    /// head count kept). Default: the file's; from the history, fixed-size.
    #[arg(long, value_enum)]
    recruitment: Option<RecruitmentMode>,
    /// Fixed: the recruits in year 1 (default: the file's; from the history, the yearly
    /// average of the window's recruits). Fixed size: the head count to keep (default:
    /// the file's, else today's).
    #[arg(long, value_name = "N")]
    total: Option<f64>,
    /// Yearly growth as a fraction, -0.5 to 1 (0.05 is 5 % a year): of the intake (fixed)
    /// or of the head count (fixed size). Default: the file's, else 0.
    #[arg(long, value_name = "G", allow_hyphen_values = true)]
    growth: Option<f64>,
    /// From the history: the years read back from `--as-of`, 1–30.
    #[arg(long, default_value_t = DEFAULT_WINDOW_YEARS, conflicts_with = "matrix",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_WINDOW_YEARS)))]
    window: u32,
    /// From the history: the last yearly date the states are read on (YYYY-MM-DD);
    /// default: the organisation's today.
    #[arg(long, value_name = "DATE", conflicts_with = "matrix")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RecruitmentMode {
    Fixed,
    FixedSize,
}

impl From<RecruitmentMode> for Mode {
    fn from(mode: RecruitmentMode) -> Self {
        match mode {
            RecruitmentMode::Fixed => Self::Fixed,
            RecruitmentMode::FixedSize => Self::FixedSize,
        }
    }
}

/// What `--format json` prints for a model estimated from the history: the projection,
/// and the estimate it rests on.
#[derive(Serialize)]
struct Estimated<'a> {
    #[serde(flatten)]
    projection: &'a Projection,
    estimate: &'a Report,
}

pub fn run(args: ProjectArgs) -> anyhow::Result<ExitCode> {
    match &args.matrix {
        Some(path) => from_file(path, &args),
        None => db::block_on(async move {
            let backend = args.db.open().await?;
            with_store!(&backend, store => from_history(store, &args).await)
        })?,
    }
}

fn from_file(path: &Path, args: &ProjectArgs) -> anyhow::Result<ExitCode> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {shown}"))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        bail!(
            "{shown}: the file is {size} bytes; a projection file holds at most {MAX_FILE_BYTES} bytes"
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {shown}"))?;
    let model = match Model::from_json(&text) {
        Ok(model) => model,
        Err(ModelError::Syntax {
            line,
            column,
            message,
        }) => bail!("{shown}:{line}:{column}: {message}"),
        Err(e) => bail!("{shown}: {e}"),
    };
    let recruitment = model.recruitment();
    let mode = args.recruitment.map_or(recruitment.mode, Mode::from);
    let total = args.total.or(recruitment.total);
    let growth = args.growth.unwrap_or(recruitment.growth);
    let model = model
        .with_policy(mode, total, growth)
        .map_err(|e| policy_error(&e))?;
    let projection = projection::project(&model, args.years)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&projection)?),
        Format::Human => print!("{}", terminal::lines(&render_projection(&projection))),
    }
    Ok(ExitCode::SUCCESS)
}

async fn from_history<S: Store>(store: &S, args: &ProjectArgs) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, args.db.org.as_deref()).await?.id);
    let today = match &args.as_of {
        Some(day) => parse_date(day).map_err(|e| anyhow::anyhow!("--as-of: {e}"))?,
        None => org.today(),
    };
    let estimate = estimate_from_store(&org, today, args.window).await?;
    let model = estimate.model();
    let mode = args.recruitment.map_or(Mode::FixedSize, Mode::from);
    let total = match (mode, args.total) {
        (_, Some(total)) => Some(total),
        (Mode::Fixed, None) => Some(estimate.hires_per_year()),
        (Mode::FixedSize, None) => None,
    };
    let model = model
        .with_policy(mode, total, args.growth.unwrap_or(0.0))
        .map_err(|e| policy_error(&e))?;
    let projection = estimate.disclose(&projection::project(&model, args.years)?);
    let report = estimate.report();
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&Estimated {
                projection: &projection,
                estimate: &report,
            })?
        ),
        Format::Human => {
            let text = format!(
                "{}\n{}",
                render_report(&report),
                render_projection(&projection)
            );
            print!("{}", terminal::lines(&text));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The model estimated from every role history of `org`, read in its latest framework
/// version, over the `window` years up to `today`.
pub async fn estimate_from_store<O: OrgStore>(
    org: &O,
    today: Date,
    window: u32,
) -> anyhow::Result<Estimate> {
    let mut frameworks = FrameworkSet::default();
    let versions = org.framework_versions().await?;
    for v in &versions {
        frameworks.insert(v.version, Arc::new(org.framework(v.version).await?));
    }
    let latest = versions
        .last()
        .map(|v| v.version)
        .context("the organisation has no framework version")?;
    let mut events = Vec::new();
    loop {
        let after = events
            .last()
            .map(|e: &pendulum_domain::RoleEvent| (e.person, e.seq));
        let page = org.events_page(after, PAGE).await?;
        let done = page.len() < PAGE as usize;
        events.extend(page);
        if done {
            break;
        }
    }
    let histories = projection::by_person(events);
    Ok(projection::estimate(
        &frameworks,
        histories.iter().map(Vec::as_slice),
        EstimateOptions {
            today,
            window_years: window,
            framework_version: latest,
        },
    )?)
}

/// A policy refused, in the words of the options that set it.
fn policy_error(e: &ModelError) -> anyhow::Error {
    let text = e
        .to_string()
        .replace("recruitment.total", "--total")
        .replace("recruitment.growth", "--growth");
    anyhow::anyhow!("{text}")
}

fn policy(p: &Projection) -> String {
    let growth = if p.recruitment.growth == 0.0 {
        "no growth".to_string()
    } else {
        format!("growth {:+.1}% a year", p.recruitment.growth * 100.0)
    };
    match p.recruitment.mode {
        Mode::Fixed => format!(
            "fixed recruitment, {} in year 1, {growth}",
            number(p.recruitment.total)
        ),
        Mode::FixedSize => format!(
            "fixed size, {} people kept, {growth}",
            number(p.recruitment.total)
        ),
    }
}

/// A head count to one decimal; whole numbers without.
fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round())
    } else {
        format!("{x:.1}")
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The years shown as columns: all, or every k-th and the last.
fn shown_years(years: u32) -> Vec<u32> {
    let step = years.div_ceil(YEAR_COLUMNS).max(1);
    let mut out: Vec<u32> = (1..=years).filter(|y| y % step == 0).collect();
    if out.last() != Some(&years) {
        out.push(years);
    }
    out
}

/// A table: the first `left` columns left-aligned, the others right-aligned.
fn table(rows: &[Vec<String>], left: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c < left {
                let _ = write!(line, "  {cell:<w$}", w = widths[c]);
            } else {
                let _ = write!(line, "  {cell:>w$}", w = widths[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render_projection(p: &Projection) -> String {
    let mut out = String::new();
    let years = u32::try_from(p.years.len()).unwrap_or(u32::MAX);
    let _ = writeln!(
        out,
        "Workforce projection over {years} year(s): {}.",
        policy(p)
    );
    let shown = shown_years(years);
    if shown.len() < p.years.len() {
        let _ = writeln!(out, "Every {} years shown, and the last.", shown[0]);
    }
    out.push_str("\nHead count at the end of each year\n");
    let chosen: Vec<_> = shown
        .iter()
        .filter_map(|y| p.years.get(*y as usize - 1))
        .collect();
    let mut rows = vec![
        std::iter::once("state".to_string())
            .chain(std::iter::once("now".to_string()))
            .chain(chosen.iter().map(|y| format!("year {}", y.year)))
            .collect::<Vec<_>>(),
    ];
    for (name, now) in &p.start.stocks.0 {
        let mut row = vec![terminal::inline(name).into_owned(), number(*now)];
        row.extend(chosen.iter().map(|y| {
            y.stocks
                .get(name)
                .map_or_else(String::new, |v| format!("{v:.1}"))
        }));
        rows.push(row);
    }
    let line = |label: &str, now: String, value: fn(&projection::Year) -> f64| {
        std::iter::once(label.to_string())
            .chain(std::iter::once(now))
            .chain(chosen.iter().map(|y| format!("{:.1}", value(y))))
            .collect::<Vec<_>>()
    };
    rows.push(line("total", number(p.start.total), |y| y.total));
    rows.push(line("leavers", String::new(), |y| y.exits));
    rows.push(line("recruits", String::new(), |y| y.recruits));
    out.push_str(&table(&rows, 1));

    out.push_str("\nLong run: the structure the head count settles into\n");
    match (&p.steady_state, &p.no_steady_state) {
        (Some(steady), _) => {
            let mut rows = vec![vec![
                "state".to_string(),
                "share".to_string(),
                "head count".to_string(),
            ]];
            for (name, share) in &steady.shares.0 {
                rows.push(vec![
                    terminal::inline(name).into_owned(),
                    percent(*share),
                    steady
                        .stocks
                        .as_ref()
                        .and_then(|s| s.get(name))
                        .map_or_else(|| "–".to_string(), |v| format!("{v:.1}")),
                ]);
            }
            if let Some(total) = steady.total {
                rows.push(vec!["total".into(), String::new(), format!("{total:.1}")]);
            }
            out.push_str(&table(&rows, 1));
            if steady.stocks.is_none() {
                out.push_str("  (With growth the head counts keep changing; the shares settle.)\n");
            }
        }
        (None, reason) => {
            let _ = writeln!(out, "  {}", reason.as_deref().unwrap_or("None."));
        }
    }

    out.push_str("\nYears in the organisation, and reaching each state\n");
    let mut rows = vec![vec![
        "state".to_string(),
        "expected years from here".to_string(),
        "recruits reaching it".to_string(),
        "years to reach it".to_string(),
    ]];
    let reach: Option<&ByState<projection::Reach>> = p.from_entry.reach.as_ref();
    for (name, years) in &p.expected_years_in_system.0 {
        let reached = reach.and_then(|r| r.get(name));
        rows.push(vec![
            terminal::inline(name).into_owned(),
            years.map_or_else(|| "no end".to_string(), |y| format!("{y:.1}")),
            reached.map_or_else(|| "–".to_string(), |r| percent(r.probability)),
            reached
                .and_then(|r| r.expected_years)
                .map_or_else(|| "–".to_string(), |y| format!("{y:.1}")),
        ]);
    }
    out.push_str(&table(&rows, 1));
    match p.from_entry.expected_years_in_system {
        Some(years) => {
            let _ = writeln!(
                out,
                "  A recruit is expected to be counted on {years:.1} yearly dates, the first included."
            );
        }
        None => out.push_str("  Some recruits may never leave: no expected time from entry.\n"),
    }
    out.push_str(
        "  (Years from here count the current year; years to reach a state are among those who reach it.)\n",
    );
    if !p.never_leave.is_empty() {
        let _ = writeln!(
            out,
            "  (No end: some people there never leave, nor move on to where people leave: {}.)",
            p.never_leave.join(", ")
        );
    }
    for note in &p.notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
    out
}

fn render_report(r: &Report) -> String {
    let mut out = String::new();
    let first = r.dates.first().map_or("", String::as_str);
    let last = r.dates.last().map_or("", String::as_str);
    let _ = writeln!(
        out,
        "Estimated from {} year(s) of history, each person's level read on each {} anniversary from {first} to {last}, in framework version {}.",
        r.window_years,
        anniversary(last),
        r.framework_version
    );
    out.push_str(
        "Rates are counts over the person-years they rest on, with 95% Wilson intervals.\n\n",
    );
    let mut rows = vec![vec![
        "from".to_string(),
        "to".to_string(),
        "count".to_string(),
        "rate".to_string(),
        "95% interval".to_string(),
    ]];
    for row in &r.transitions {
        let group = r.groups.iter().find(|g| g.name == row.from);
        let label = match group {
            Some(g) if g.levels.len() == 1 => {
                let level = &g.levels[0];
                let mut about = Vec::new();
                about.extend(level.title.clone());
                about.extend(level.grade.clone());
                if about.is_empty() {
                    row.from.clone()
                } else {
                    format!("{} ({})", row.from, about.join(", "))
                }
            }
            _ => row.from.clone(),
        };
        let mut first = true;
        for rate in row.to.iter().chain(std::iter::once(&row.exit)) {
            rows.push(vec![
                if first {
                    terminal::inline(&label).into_owned()
                } else {
                    String::new()
                },
                terminal::inline(&rate.to).into_owned(),
                format!("{}/{}", rate.count, rate.out_of),
                percent(rate.probability),
                format!("{}–{}", percent(rate.low), percent(rate.high)),
            ]);
            first = false;
        }
    }
    out.push_str(&table(&rows, 2));
    let by_year = r
        .recruitment
        .by_year
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "\nRecruits: {:.1} a year on average (by year, oldest first: {by_year}), first counted in:",
        r.recruitment.per_year
    );
    let mut rows = Vec::new();
    for rate in &r.recruitment.shares {
        rows.push(vec![
            terminal::inline(&rate.to).into_owned(),
            format!("{}/{}", rate.count, rate.out_of),
            percent(rate.probability),
            format!("{}–{}", percent(rate.low), percent(rate.high)),
        ]);
    }
    out.push_str(&table(&rows, 1));
    out
}

/// "30 June" of a `YYYY-MM-DD` date.
fn anniversary(day: &str) -> String {
    match parse_date(day) {
        Ok(day) => format!("{} {}", day.day(), day.month()),
        Err(_) => "yearly".to_string(),
    }
}
