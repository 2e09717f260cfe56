//! `pendulum simulate`: promotion-policy simulations. The models and their protocol live
//! in `pendulum-sim`; this module reads the arguments, shows progress, and prints.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pendulum_sim::peter::{
    self, DEFAULT_SEED, Hypothesis, MAX_RUNS, MAX_STEPS, MIN_RUNS, PAPER_P, PAPER_RUNS,
    PAPER_STEPS, PRange, ParamError, Params, Report, Strategy, SweepParams, TableParams,
};

use super::framework::Format;

/// The simulations.
#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// The Peter-principle model (Pluchino, Rapisarda and Garofalo, 2010), as published:
    /// one hypothesis and strategy, a sweep of the best-worst strategy over p, or the
    /// paper's whole Table 1 (`--table`).
    Peter(PeterArgs),
    /// Pendulum's dual-track policies on a framework's ladders: the single ladder, the
    /// dual track, and the dual track with trials and a guaranteed return.
    DualTrack(super::simulate_dual::DualTrackArgs),
}

/// What a promotion does to the promoted person's competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HypothesisArg {
    /// The new competence is the old one give or take at most 1.
    CommonSense,
    /// The new competence is a fresh draw, unrelated to the old one.
    Peter,
}

impl From<HypothesisArg> for Hypothesis {
    fn from(h: HypothesisArg) -> Self {
        match h {
            HypothesisArg::CommonSense => Hypothesis::CommonSense,
            HypothesisArg::Peter => Hypothesis::Peter,
        }
    }
}

/// Whom to promote into a vacancy from the level below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// The most competent.
    Best,
    /// The least competent.
    Worst,
    /// Anyone, with equal chances.
    Random,
    /// The most competent with probability p (`--p`), otherwise the least competent.
    BestWorst,
}

impl From<StrategyArg> for Strategy {
    fn from(s: StrategyArg) -> Self {
        match s {
            StrategyArg::Best => Strategy::Best,
            StrategyArg::Worst => Strategy::Worst,
            StrategyArg::Random => Strategy::Random,
            StrategyArg::BestWorst => Strategy::BestWorst,
        }
    }
}

/// Arguments of `pendulum simulate peter`.
#[derive(Debug, Args)]
pub struct PeterArgs {
    /// What promotion does to competence (not with --table, which runs both).
    #[arg(
        long,
        value_enum,
        required_unless_present = "table",
        conflicts_with = "table"
    )]
    hypothesis: Option<HypothesisArg>,
    /// Whom to promote (not with --table, which runs all four; with --sweep-p only
    /// best-worst).
    #[arg(
        long,
        value_enum,
        required_unless_present_any = ["table", "sweep_p"],
        conflicts_with = "table"
    )]
    strategy: Option<StrategyArg>,
    /// The chance of promoting the best under the best-worst strategy, from 0 to 1.
    #[arg(
        long,
        value_parser = probability,
        default_value_t = PAPER_P,
        allow_negative_numbers = true,
        conflicts_with = "sweep_p"
    )]
    p: f64,
    /// Independent runs, each from its own initial organisation (2 to 1000).
    #[arg(long, value_parser = runs, default_value_t = PAPER_RUNS, allow_negative_numbers = true)]
    runs: usize,
    /// Years per run (1 to 10000).
    #[arg(long, value_parser = steps, default_value_t = PAPER_STEPS, allow_negative_numbers = true)]
    steps: usize,
    /// The seed: the same seed gives the same output, on any number of threads.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Run the best-worst strategy for each p of FROM:TO:STEP, such as 0:1:0.1.
    #[arg(
        long,
        value_name = "FROM:TO:STEP",
        value_parser = sweep_range,
        allow_hyphen_values = true,
        conflicts_with = "table"
    )]
    sweep_p: Option<PRange>,
    /// Run the paper's Table 1: both hypotheses with each of the four strategies
    /// (best-worst at --p), all from the same initial organisations.
    #[arg(long)]
    table: bool,
    /// With --format json, also give the mean efficiency of every year.
    #[arg(long)]
    series: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(cmd: SimulateCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        SimulateCommand::Peter(args) => run_peter(&args),
        SimulateCommand::DualTrack(args) => super::simulate_dual::run(&args),
    }
}

/// What `simulate peter` was asked to run.
enum Job {
    One(Params),
    Sweep(SweepParams),
    Table(TableParams),
}

impl Job {
    fn from_args(args: &PeterArgs) -> anyhow::Result<Self> {
        if args.table {
            return Ok(Job::Table(TableParams {
                p: args.p,
                runs: args.runs,
                steps: args.steps,
                seed: args.seed,
            }));
        }
        let hypothesis = args
            .hypothesis
            .expect("clap requires --hypothesis without --table")
            .into();
        if let Some(p) = args.sweep_p {
            if let Some(s) = args.strategy
                && s != StrategyArg::BestWorst
            {
                anyhow::bail!(
                    "--sweep-p runs the best-worst strategy; leave out --strategy or give --strategy best-worst"
                );
            }
            return Ok(Job::Sweep(SweepParams {
                hypothesis,
                p,
                runs: args.runs,
                steps: args.steps,
                seed: args.seed,
            }));
        }
        Ok(Job::One(Params {
            hypothesis,
            strategy: args
                .strategy
                .expect("clap requires --strategy without --table or --sweep-p")
                .into(),
            p: args.p,
            runs: args.runs,
            steps: args.steps,
            seed: args.seed,
        }))
    }

    /// The number of runs, for the progress bar, once the job is known to be valid.
    fn check(&self) -> Result<(usize, usize), ParamError> {
        match self {
            Job::One(p) => p.check().map(|()| (p.runs, p.steps)),
            Job::Sweep(s) => s
                .check()
                .map(|()| (s.runs * s.simulations().map_or(0, |v| v.len()), s.steps)),
            Job::Table(t) => t
                .check()
                .map(|()| (t.runs * t.simulations().len(), t.steps)),
        }
    }

    fn run(&self, progress: &(dyn Fn(usize) + Sync)) -> Result<Vec<Report>, ParamError> {
        match self {
            Job::One(p) => peter::simulate_with_progress(p, progress).map(|r| vec![r]),
            Job::Sweep(s) => peter::sweep_with_progress(s, progress),
            Job::Table(t) => peter::table_with_progress(t, progress),
        }
    }
}

/// Run-years from which a terminal shows a progress bar (the paper's Table 1 is 400,000
/// and takes a fraction of a second).
const PROGRESS_FROM: usize = 1_000_000;

fn run_peter(args: &PeterArgs) -> anyhow::Result<ExitCode> {
    let job = Job::from_args(args)?;
    let (runs, steps) = job.check()?;
    let bar = runs_bar(runs as u64, runs * steps >= PROGRESS_FROM);
    let mut reports = job.run(&|n| bar.inc(n as u64))?;
    bar.finish_and_clear();

    match args.format {
        Format::Json => {
            if !args.series {
                for r in &mut reports {
                    r.series.clear();
                }
            }
            let text = match job {
                Job::One(_) => serde_json::to_string_pretty(&reports[0])?,
                _ => serde_json::to_string_pretty(&serde_json::json!({ "reports": reports }))?,
            };
            println!("{text}");
        }
        Format::Human => print!("{}", human(&job, &reports)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The reports as a table, with a header saying what was run.
/// A progress bar of `runs` simulation runs on stderr, when `worth_showing` and stderr is
/// a terminal; a hidden one otherwise.
pub(super) fn runs_bar(runs: u64, worth_showing: bool) -> ProgressBar {
    if !(worth_showing && std::io::stderr().is_terminal()) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(runs), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("simulating [{bar:40}] {pos}/{len} runs ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar
}

fn human(job: &Job, reports: &[Report]) -> String {
    let first = &reports[0];
    let mut out = format!(
        "Peter-principle model (Pluchino, Rapisarda and Garofalo, 2010): {} runs of {} years, seed {}\n",
        first.runs, first.steps, first.seed
    );
    out.push_str(&format!(
        "Efficiency in percent; final = mean of the last {} years; ± one standard error.\n\n",
        first.final_window
    ));
    let sweep = matches!(job, Job::Sweep(_));
    let header = if sweep { "p" } else { "strategy" };
    out.push_str(&format!(
        "{:<13} {:<18} {:>14} {:>14} {:>16}\n",
        "hypothesis", header, "initial", "final", "gain (points)"
    ));
    for r in reports {
        let label = match (sweep, r.p) {
            (true, Some(p)) => format!("{p:.4}"),
            (_, Some(p)) => format!("{} (p={p})", r.strategy.as_str()),
            (_, None) => r.strategy.as_str().to_string(),
        };
        out.push_str(&format!(
            "{:<13} {:<18} {:>14} {:>14} {:>16}\n",
            r.hypothesis.as_str(),
            label,
            estimate(r.initial_efficiency, false),
            estimate(r.final_efficiency, false),
            estimate(r.gain, true),
        ));
    }
    out
}

fn estimate(e: pendulum_sim::stats::Estimate, signed: bool) -> String {
    if signed {
        format!("{:+.2} ± {:.2}", e.mean, e.standard_error)
    } else {
        format!("{:.2} ± {:.2}", e.mean, e.standard_error)
    }
}

/// A whole number of runs within the model's bounds.
fn runs(s: &str) -> Result<usize, String> {
    whole(s, MIN_RUNS..=MAX_RUNS, "runs", |n| {
        ParamError::Runs(n).to_string()
    })
}

/// A whole number of years within the model's bounds.
fn steps(s: &str) -> Result<usize, String> {
    whole(s, 1..=MAX_STEPS, "years", |n| {
        ParamError::Steps(n).to_string()
    })
}

/// A whole number in `range`; `out_of_range` says the bound of a number outside it.
fn whole(
    s: &str,
    range: std::ops::RangeInclusive<usize>,
    what: &str,
    out_of_range: impl Fn(usize) -> String,
) -> Result<usize, String> {
    let s = s.trim();
    match s.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        Ok(n) => Err(out_of_range(n)),
        // Digits that overflow are out of range too, not "not a number".
        Err(_) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Err(out_of_range(usize::MAX).replace(&usize::MAX.to_string(), s))
        }
        Err(_) => Err(format!(
            "not a whole number: use {} to {} {what}",
            range.start(),
            range.end()
        )),
    }
}

/// A probability from 0 to 1.
fn probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Ok(p) => Err(ParamError::P(p).to_string()),
        Err(_) => Err("not a number: use a probability from 0 to 1".to_string()),
    }
}

fn sweep_range(s: &str) -> Result<PRange, String> {
    s.parse().map_err(|e: ParamError| e.to_string())
}
