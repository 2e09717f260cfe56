//! The protocol: independent runs from seeded initial organisations, run in parallel and
//! combined in run order.
//!
//! Run `i` of a seed draws from two ChaCha8 streams of that seed: stream `2i` builds its
//! initial organisation and stream `2i + 1` drives its years. The initial organisation of
//! run `i` is therefore the same under every hypothesis, strategy and `p`, and nothing a
//! run draws depends on which thread runs it. Runs are handed to rayon in fixed groups of
//! [`RUNS_PER_TASK`]; each group sums its runs' yearly efficiencies in run order, and the
//! groups are added in order, so the result is the same bits on one thread or many.

use std::ops::Range;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::engine::{Model, Organisation};
use super::params::{ParamError, Params, SweepParams, TableParams};
use super::report::{Report, final_window};
use crate::stats::Estimate;

/// Runs per parallel task: small enough to keep both cores busy on the paper's 50 runs,
/// large enough that a task (about a millisecond) outweighs handing it out.
pub const RUNS_PER_TASK: usize = 2;

/// The two random number generators of run `run` of `seed`: the first builds the
/// initial organisation, the second drives the years.
pub fn run_rngs(seed: u64, run: usize) -> (ChaCha8Rng, ChaCha8Rng) {
    let stream = 2 * run as u64;
    let mut organisation = ChaCha8Rng::seed_from_u64(seed);
    organisation.set_stream(stream);
    let mut years = ChaCha8Rng::seed_from_u64(seed);
    years.set_stream(stream + 1);
    (organisation, years)
}

/// The initial organisation of run `run` of `seed`: every position filled with a
/// recruit of `model`.
pub fn initial_organisation(model: &Model, seed: u64, run: usize) -> Organisation {
    let (mut rng, _) = run_rngs(seed, run);
    Organisation::filled(model, &mut rng)
}

/// One run of `params` on `model`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The efficiency of the initial organisation, in percent.
    pub initial: f64,
    /// The mean efficiency over the final [`final_window`] years.
    pub final_mean: f64,
    /// The efficiency at the end of each year, year 0 first (`steps + 1` values).
    pub series: Vec<f64>,
    /// The organisation at the end of the run.
    pub organisation: Organisation,
}

/// Runs run number `run` of `params` on `model` (the parameters are not checked).
pub fn run_once(model: &Model, params: &Params, run: usize) -> Run {
    let mut series = vec![0.0; params.steps + 1];
    let (initial, final_mean, organisation) = run_into(model, params, run, &mut series);
    Run {
        initial,
        final_mean,
        series,
        organisation,
    }
}

/// Runs one run, adding its yearly efficiencies to `sum` (year 0 first); returns its
/// initial and final efficiency and the organisation it ends with.
fn run_into(
    model: &Model,
    params: &Params,
    run: usize,
    sum: &mut [f64],
) -> (f64, f64, Organisation) {
    let (mut organisation_rng, mut rng) = run_rngs(params.seed, run);
    let mut org = Organisation::filled(model, &mut organisation_rng);
    let initial = org.efficiency();
    sum[0] += initial;
    let window = final_window(params.steps);
    let first_counted = params.steps - window + 1;
    let mut tail = 0.0;
    for (year, total) in sum.iter_mut().enumerate().skip(1) {
        let e = org.step(
            model,
            params.hypothesis,
            params.strategy,
            params.p,
            &mut rng,
        );
        *total += e;
        if year >= first_counted {
            tail += e;
        }
    }
    (initial, tail / window as f64, org)
}

/// What a group of consecutive runs of one simulation adds up to.
struct Partial {
    simulation: usize,
    series: Vec<f64>,
    initial: Vec<f64>,
    finals: Vec<f64>,
    promotions: u64,
    departures: u64,
    repeated_passes: u64,
}

fn run_group(model: &Model, simulation: usize, params: &Params, runs: Range<usize>) -> Partial {
    let mut part = Partial {
        simulation,
        series: vec![0.0; params.steps + 1],
        initial: Vec::with_capacity(runs.len()),
        finals: Vec::with_capacity(runs.len()),
        promotions: 0,
        departures: 0,
        repeated_passes: 0,
    };
    for run in runs {
        let (initial, final_mean, org) = run_into(model, params, run, &mut part.series);
        part.initial.push(initial);
        part.finals.push(final_mean);
        let c = org.counters();
        part.promotions += c.promotions_into.iter().sum::<u64>();
        part.departures += c.departures.iter().sum::<u64>();
        part.repeated_passes += c.repeated_passes;
    }
    part
}

/// Runs every simulation of `sims` (already checked) on `model`, calling `progress`
/// with the number of runs each finished group held, from whichever thread ran it.
pub(super) fn run_all(
    model: &Model,
    sims: &[Params],
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Report> {
    let tasks: Vec<(usize, Range<usize>)> = sims
        .iter()
        .enumerate()
        .flat_map(|(s, params)| {
            (0..params.runs)
                .step_by(RUNS_PER_TASK)
                .map(move |start| (s, start..(start + RUNS_PER_TASK).min(params.runs)))
        })
        .collect();
    let partials: Vec<Partial> = tasks
        .into_par_iter()
        .map(|(s, runs)| {
            let n = runs.len();
            let part = run_group(model, s, &sims[s], runs);
            progress(n);
            part
        })
        .collect();

    let mut reports = Vec::with_capacity(sims.len());
    let mut partials = partials.into_iter().peekable();
    for (s, params) in sims.iter().enumerate() {
        let mut series = vec![0.0; params.steps + 1];
        let (mut initial, mut finals) = (Vec::new(), Vec::new());
        let (mut promotions, mut departures, mut repeated_passes) = (0, 0, 0);
        while let Some(part) = partials.next_if(|p| p.simulation == s) {
            for (total, x) in series.iter_mut().zip(&part.series) {
                *total += x;
            }
            initial.extend(part.initial);
            finals.extend(part.finals);
            promotions += part.promotions;
            departures += part.departures;
            repeated_passes += part.repeated_passes;
        }
        for total in &mut series {
            *total /= params.runs as f64;
        }
        let gains: Vec<f64> = finals.iter().zip(&initial).map(|(f, i)| f - i).collect();
        let estimate = |xs: &[f64]| Estimate::from_samples(xs).expect("at least two runs");
        let run_years = (params.runs * params.steps) as f64;
        reports.push(Report {
            hypothesis: params.hypothesis,
            strategy: params.strategy,
            p: (params.strategy == super::engine::Strategy::BestWorst).then_some(params.p),
            runs: params.runs,
            steps: params.steps,
            seed: params.seed,
            final_window: final_window(params.steps),
            initial_efficiency: estimate(&initial),
            final_efficiency: estimate(&finals),
            gain: estimate(&gains),
            series,
            promotions_per_year: promotions as f64 / run_years,
            departures_per_year: departures as f64 / run_years,
            repeated_passes,
        });
    }
    reports
}

/// Runs one simulation of the paper's model.
pub fn simulate(params: &Params) -> Result<Report, ParamError> {
    simulate_with_progress(params, &|_| {})
}

/// [`simulate`], calling `progress` with a number of runs each time that many finish.
pub fn simulate_with_progress(
    params: &Params,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Report, ParamError> {
    params.check()?;
    let mut reports = run_all(&Model::paper(), std::slice::from_ref(params), progress);
    Ok(reports.pop().expect("one simulation, one report"))
}

/// Runs the paper's Table 1: both hypotheses with each of the four strategies (eight
/// reports, hypothesis by hypothesis), every combination from the same initial
/// organisations.
pub fn table(params: &TableParams) -> Result<Vec<Report>, ParamError> {
    table_with_progress(params, &|_| {})
}

/// [`table`], calling `progress` as runs finish.
pub fn table_with_progress(
    params: &TableParams,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Report>, ParamError> {
    params.check()?;
    Ok(run_all(&Model::paper(), &params.simulations(), progress))
}

/// Runs the best-worst strategy under one hypothesis for each `p` of a range (one
/// report per value, in increasing `p`), every value from the same initial
/// organisations.
pub fn sweep(params: &SweepParams) -> Result<Vec<Report>, ParamError> {
    sweep_with_progress(params, &|_| {})
}

/// [`sweep`], calling `progress` as runs finish.
pub fn sweep_with_progress(
    params: &SweepParams,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Report>, ParamError> {
    params.check()?;
    Ok(run_all(&Model::paper(), &params.simulations()?, progress))
}
