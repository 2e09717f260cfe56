//! `pendulum simulate dual-track`: the dual-track policies on a framework's ladders. The
//! model and its protocol live in `pendulum_sim::dual`; this module reads the
//! arguments, builds the ladders, shows progress and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use pendulum_sim::dual::ladders::{MAX_HEADCOUNT, MIN_HEADCOUNT};
use pendulum_sim::dual::params::{
    DEFAULT_ASSESSMENT_NOISE, DEFAULT_CORRELATION, DEFAULT_DISMISSAL_THRESHOLD, DEFAULT_HEADCOUNT,
    DEFAULT_RUNS, DEFAULT_STEPS, DEFAULT_TRIAL_THRESHOLD, DEFAULT_TRIAL_YEARS, MAX_AGENT_STEPS_CLI,
};
use pendulum_sim::dual::{
    DualParams, DualReport, Ladders, Measure, Policy, Shape, simulate_within,
};
use pendulum_sim::peter::engine::{Hypothesis, Strategy};
use pendulum_sim::peter::params::{DEFAULT_SEED, PAPER_P};
use pendulum_sim::stats::Estimate;

use super::framework::{self, Format};

/// Arguments of `pendulum simulate dual-track`.
#[derive(Debug, Args)]
pub struct DualTrackArgs {
    /// The policies to compare, comma-separated; all three unless given.
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = PossibleValuesParser::new(Policy::ALL.map(Policy::as_str)).map(|s| policy(&s)),
    )]
    policy: Vec<Policy>,
    /// The framework whose individual-contributor and management tracks give the
    /// ladders (a file or a directory); the built-in framework unless given.
    #[arg(long)]
    framework: Option<PathBuf>,
    /// The number of positions the ladders are scaled to.
    #[arg(long, default_value_t = DEFAULT_HEADCOUNT, value_parser = clap::value_parser!(u32).range(i64::from(MIN_HEADCOUNT)..=i64::from(MAX_HEADCOUNT)))]
    headcount: u32,
    /// The share of each individual-contributor grade's people that the grade above
    /// holds (greater than 0, at most 1).
    #[arg(long, default_value_t = Shape::default().pyramid_ratio, allow_negative_numbers = true)]
    pyramid_ratio: f64,
    /// People per manager (2 to 50).
    #[arg(long, default_value_t = Shape::default().span_of_control)]
    span_of_control: u32,
    /// What a promotion within a ladder does to competence: common-sense (give or take
    /// at most 1) or peter (a fresh draw).
    #[arg(
        long,
        default_value = "common-sense",
        value_parser = PossibleValuesParser::new(Hypothesis::ALL.map(Hypothesis::as_str)).map(|s| hypothesis(&s)),
    )]
    hypothesis: Hypothesis,
    /// Whom each ladder promotes within itself: best, worst, random or best-worst.
    #[arg(
        long,
        default_value = "best",
        value_parser = PossibleValuesParser::new(Strategy::ALL.map(Strategy::as_str)).map(|s| strategy(&s)),
    )]
    strategy: Strategy,
    /// The chance of the best under the best-worst strategy, from 0 to 1.
    #[arg(long, default_value_t = PAPER_P, allow_negative_numbers = true)]
    p: f64,
    /// The correlation between a person's two competences, from -1 to 1.
    #[arg(long, default_value_t = DEFAULT_CORRELATION, allow_negative_numbers = true)]
    correlation: f64,
    /// The standard deviation of the error of an assessment of management competence,
    /// in competence points (0 to 10; 0 is a perfect assessment).
    #[arg(long, default_value_t = DEFAULT_ASSESSMENT_NOISE, allow_negative_numbers = true)]
    assessment_noise: f64,
    /// The length of a management trial in years (1 to 10).
    #[arg(long, default_value_t = DEFAULT_TRIAL_YEARS)]
    trial_years: u32,
    /// The management competence below which a trial ends in a return (0 to 10).
    #[arg(long, default_value_t = DEFAULT_TRIAL_THRESHOLD, allow_negative_numbers = true)]
    trial_threshold: f64,
    /// The competence below which a person leaves (0 to 10).
    #[arg(long, default_value_t = DEFAULT_DISMISSAL_THRESHOLD, allow_negative_numbers = true)]
    dismissal_threshold: f64,
    /// Independent runs, each from its own initial organisation (2 to 1000).
    #[arg(long, default_value_t = DEFAULT_RUNS)]
    runs: usize,
    /// Years per run (1 to 10000).
    #[arg(long, default_value_t = DEFAULT_STEPS)]
    steps: usize,
    /// The seed: the same seed gives the same output, on any number of threads.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// With --format json, also give the mean of every measure year by year.
    #[arg(long)]
    series: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn policy(s: &str) -> Policy {
    Policy::ALL
        .into_iter()
        .find(|p| p.as_str() == s)
        .expect("clap admits only the policies' names")
}

fn hypothesis(s: &str) -> Hypothesis {
    Hypothesis::ALL
        .into_iter()
        .find(|h| h.as_str() == s)
        .expect("clap admits only the hypotheses' names")
}

fn strategy(s: &str) -> Strategy {
    Strategy::ALL
        .into_iter()
        .find(|h| h.as_str() == s)
        .expect("clap admits only the strategies' names")
}

/// Agent-years from which a terminal shows a progress bar (the default protocol is 50
/// million and takes a few seconds).
const PROGRESS_FROM: u64 = 10_000_000;

pub fn run(args: &DualTrackArgs) -> anyhow::Result<ExitCode> {
    let Some(ladders) = ladders(args)? else {
        return Ok(ExitCode::FAILURE);
    };
    let policies = if args.policy.is_empty() {
        Policy::ALL.to_vec()
    } else {
        let mut seen = Vec::new();
        for p in &args.policy {
            if !seen.contains(p) {
                seen.push(*p);
            }
        }
        seen
    };
    let simulations: Vec<DualParams> = policies
        .iter()
        .map(|&policy| DualParams {
            ladders: ladders.clone(),
            policy,
            hypothesis: args.hypothesis,
            strategy: args.strategy,
            p: args.p,
            correlation: args.correlation,
            assessment_noise: args.assessment_noise,
            trial_years: args.trial_years,
            trial_threshold: args.trial_threshold,
            dismissal_threshold: args.dismissal_threshold,
            runs: args.runs,
            steps: args.steps,
            seed: args.seed,
        })
        .collect();
    for params in &simulations {
        params.check_within(u64::MAX)?;
    }
    // All of them together within the command line's limit.
    let work = ladders
        .positions()
        .saturating_mul((args.steps * args.runs * simulations.len()) as u64);
    if work > MAX_AGENT_STEPS_CLI {
        anyhow::bail!(
            "positions × steps × runs × policies = {work} agent-years, above the limit of {MAX_AGENT_STEPS_CLI}; use fewer positions, steps, runs or policies"
        );
    }
    let bar = super::simulate::runs_bar(
        (args.runs * simulations.len()) as u64,
        work >= PROGRESS_FROM,
    );
    let mut reports = Vec::with_capacity(simulations.len());
    for params in &simulations {
        reports.push(simulate_within(params, MAX_AGENT_STEPS_CLI, &|n| {
            bar.inc(n as u64)
        })?);
    }
    bar.finish_and_clear();

    match args.format {
        Format::Json => {
            if !args.series {
                for r in &mut reports {
                    clear_series(r);
                }
            }
            let text = match reports.as_slice() {
                [one] => serde_json::to_string_pretty(one)?,
                _ => serde_json::to_string_pretty(&serde_json::json!({ "reports": reports }))?,
            };
            println!("{text}");
        }
        Format::Human => print!("{}", human(&reports)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The ladders of the framework asked for, or of the built-in one; `None` when the
/// framework file has errors (they are printed).
fn ladders(args: &DualTrackArgs) -> anyhow::Result<Option<Ladders>> {
    let shape = Shape {
        pyramid_ratio: args.pyramid_ratio,
        span_of_control: args.span_of_control,
    };
    let ladders = match &args.framework {
        Some(path) => {
            let Some(checked) = framework::load(path)? else {
                return Ok(None);
            };
            Ladders::from_framework(&checked.framework, args.headcount, &shape)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => pendulum_sim::dual::builtin_ladders(args.headcount, &shape)?,
    };
    Ok(Some(ladders))
}

fn clear_series(r: &mut DualReport) {
    let e = &mut r.efficiency;
    for m in [Some(&mut e.overall), Some(&mut e.individual_contribution)]
        .into_iter()
        .chain([e.management.as_mut(), r.managers_below_threshold.as_mut()])
        .flatten()
    {
        m.series.clear();
    }
}

/// The reports side by side, one column per policy, with a header saying what was run.
fn human(reports: &[DualReport]) -> String {
    let first = &reports[0];
    let mut out = format!(
        "Dual-track policies: {} runs of {} years, seed {}; {} hypothesis, {} strategy{}\n",
        first.runs,
        first.steps,
        first.seed,
        first.hypothesis.as_str(),
        first.strategy.as_str(),
        first.p.map(|p| format!(" (p={p})")).unwrap_or_default(),
    );
    out.push_str(&format!(
        "Correlation of the two competences {}; assessment noise {}; dismissal below {}",
        first.correlation, first.assessment_noise, first.dismissal_threshold
    ));
    if let Some(r) = reports.iter().find(|r| r.trial_years.is_some()) {
        out.push_str(&format!(
            "; trials of {} year(s), returning below {}",
            r.trial_years.unwrap_or_default(),
            r.trial_threshold.unwrap_or_default()
        ));
    }
    out.push_str(".\n");
    out.push_str(&format!(
        "Ladders ({} positions):\n",
        first.ladders.positions()
    ));
    for r in reports {
        let rungs = |l: &pendulum_sim::dual::Ladder| {
            l.rungs
                .iter()
                .map(|r| format!("{} {}", r.level, r.positions))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "  {}: individual contribution {}; management {}\n",
            r.policy.as_str(),
            rungs(&r.ladders.individual_contribution),
            if r.ladders.management.rungs.is_empty() {
                "none".to_string()
            } else {
                rungs(&r.ladders.management)
            }
        ));
    }
    out.push_str(&format!(
        "Efficiency in percent of its maximum; final = mean of the last {} years; per year = mean over them; ± one standard error.\n\n",
        first.final_window
    ));

    let width = 24;
    out.push_str(&format!("{:<46}", ""));
    for r in reports {
        out.push_str(&format!("{:>width$}", r.policy.as_str()));
    }
    out.push('\n');
    let mut row = |label: &str, cell: &dyn Fn(&DualReport) -> String| {
        out.push_str(&format!("{label:<46}"));
        for r in reports {
            out.push_str(&format!("{:>width$}", cell(r)));
        }
        out.push('\n');
    };
    let measure = |m: Option<&Measure>, f: fn(&Measure) -> Estimate| {
        m.map(|m| estimate(f(m))).unwrap_or_else(|| "-".to_string())
    };
    row("efficiency, initial", &|r| {
        estimate(r.efficiency.overall.initial)
    });
    row("efficiency, final", &|r| {
        estimate(r.efficiency.overall.final_mean)
    });
    row("  individual contribution, final", &|r| {
        estimate(r.efficiency.individual_contribution.final_mean)
    });
    row("  management, final", &|r| {
        measure(r.efficiency.management.as_ref(), |m| m.final_mean)
    });
    row("managers below the dismissal threshold, %", &|r| {
        measure(r.managers_below_threshold.as_ref(), |m| m.final_mean)
    });
    let f = |e: fn(&pendulum_sim::dual::Flows) -> Estimate| {
        move |r: &DualReport| estimate(e(&r.per_year))
    };
    row(
        "moves into management per year",
        &f(|f| f.moves_to_management),
    );
    row(
        "returns to individual contribution per year",
        &f(|f| f.returns),
    );
    row("promotions per year", &f(|f| f.promotions));
    row("exits per year", &f(|f| f.exits));
    row("  retirements", &f(|f| f.retirements));
    row(
        "  individual contributors below threshold",
        &f(|f| f.dismissals_individual_contribution),
    );
    row(
        "  managers below threshold",
        &f(|f| f.dismissals_management),
    );
    out
}

fn estimate(e: Estimate) -> String {
    format!("{:.2} ± {:.2}", e.mean, e.standard_error)
}
