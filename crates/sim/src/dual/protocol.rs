//! The protocol: independent seeded runs, in parallel, combined in run order exactly as
//! the published model's protocol combines them.
//!
//! Run `i` of a seed draws, like the published model's run `i`, its initial
//! organisation from ChaCha8 stream `2i` of the seed and its years from stream
//! `2i + 1` (`peter::protocol::run_rngs`). The second competences come from streams
//! `2⁶² + 2i` and `2⁶² + 2i + 1`, the assessments from `2⁶³ + 2i` and `2⁶³ + 2i + 1`, so
//! that what the second ladder draws never shifts what the first one draws. Runs are
//! handed to rayon in fixed groups and summed group by group in run order: the result is
//! the same bits on one thread or many.

use std::ops::Range;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::engine::{Counters, Generators, Measures, Organisation, Rules};
use super::ladders::Ladders;
use super::params::{DualParams, MAX_AGENT_STEPS, ParamError, Policy};
use super::report::{DualReport, Efficiencies, Flows, Measure};
use crate::peter::engine::Strategy;
use crate::peter::protocol::{RUNS_PER_TASK, run_rngs};
use crate::peter::report::final_window;
use crate::stats::Estimate;

/// The first stream of the second competences.
const SECOND_STREAMS: u64 = 1 << 62;
/// The first stream of the assessments.
const ASSESSMENT_STREAMS: u64 = 1 << 63;

/// The six generators of run `run` of `seed`: (main, second, assessment) for the
/// initial organisation, then for the years.
fn generators(seed: u64, run: usize) -> ([ChaCha8Rng; 3], [ChaCha8Rng; 3]) {
    let (organisation, years) = run_rngs(seed, run);
    let stream = |base: u64, offset: u64| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(base + 2 * run as u64 + offset);
        rng
    };
    (
        [
            organisation,
            stream(SECOND_STREAMS, 0),
            stream(ASSESSMENT_STREAMS, 0),
        ],
        [
            years,
            stream(SECOND_STREAMS, 1),
            stream(ASSESSMENT_STREAMS, 1),
        ],
    )
}

/// The four measures, in the order of a [`Measures`]: overall, individual contribution,
/// management, managers below the threshold.
const MEASURES: usize = 4;

fn as_array(m: Measures) -> [f64; MEASURES] {
    [m.overall, m.individual, m.management, m.managers_below]
}

/// The eight flows, in the order of a [`Flows`].
const FLOWS: usize = 8;

fn flows(c: &Counters) -> [u64; FLOWS] {
    [
        c.to_management,
        c.returns,
        c.promotions,
        c.recruits,
        c.retirements_ic + c.retirements_management + c.dismissals_ic + c.dismissals_management,
        c.retirements_ic + c.retirements_management,
        c.dismissals_ic,
        c.dismissals_management,
    ]
}

/// One run's figures.
#[derive(Debug, Clone, PartialEq)]
struct RunFigures {
    initial: [f64; MEASURES],
    final_mean: [f64; MEASURES],
    per_year: [f64; FLOWS],
}

/// Runs run `run`, adding its yearly measures to `sums` (one series per measure, year
/// 0 first).
fn run_into(
    ladders: &Ladders,
    rules: &Rules,
    params: &DualParams,
    run: usize,
    sums: &mut [Vec<f64>; MEASURES],
) -> RunFigures {
    let ([mut main, mut second, mut assessment], [mut y_main, mut y_second, mut y_assessment]) =
        generators(params.seed, run);
    let mut org = Organisation::filled(
        ladders,
        rules,
        &mut Generators {
            main: &mut main,
            second: &mut second,
            assessment: &mut assessment,
        },
    );
    let mut g = Generators {
        main: &mut y_main,
        second: &mut y_second,
        assessment: &mut y_assessment,
    };
    let threshold = params.dismissal_threshold;
    let initial = as_array(org.measures(threshold));
    for (sum, x) in sums.iter_mut().zip(initial) {
        sum[0] += x;
    }
    let window = final_window(params.steps);
    let first_counted = params.steps - window + 1;
    let mut tail = [0.0; MEASURES];
    let mut before = [0; FLOWS];
    for year in 1..=params.steps {
        if year == first_counted {
            before = flows(&org.counters);
        }
        org.step(rules, &mut g);
        let m = as_array(org.measures(threshold));
        for ((sum, t), x) in sums.iter_mut().zip(&mut tail).zip(m) {
            sum[year] += x;
            if year >= first_counted {
                *t += x;
            }
        }
    }
    let after = flows(&org.counters);
    RunFigures {
        initial,
        final_mean: tail.map(|t| t / window as f64),
        per_year: std::array::from_fn(|i| (after[i] - before[i]) as f64 / window as f64),
    }
}

/// What a group of consecutive runs adds up to.
struct Partial {
    sums: [Vec<f64>; MEASURES],
    runs: Vec<RunFigures>,
}

fn run_group(ladders: &Ladders, rules: &Rules, params: &DualParams, runs: Range<usize>) -> Partial {
    let mut part = Partial {
        sums: std::array::from_fn(|_| vec![0.0; params.steps + 1]),
        runs: Vec::with_capacity(runs.len()),
    };
    for run in runs {
        let figures = run_into(ladders, rules, params, run, &mut part.sums);
        part.runs.push(figures);
    }
    part
}

/// Runs a dual-track simulation checked against [`MAX_AGENT_STEPS`].
pub fn simulate(params: &DualParams) -> Result<DualReport, ParamError> {
    simulate_within(params, MAX_AGENT_STEPS, &|_| {})
}

/// Runs a dual-track simulation checked against `limit` agent-years, calling `progress`
/// with a number of runs each time that many finish (from whichever thread ran them).
pub fn simulate_within(
    params: &DualParams,
    limit: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<DualReport, ParamError> {
    params.check_within(limit)?;
    let ladders = params.simulated_ladders();
    let rules = Rules::new(params);
    let tasks: Vec<Range<usize>> = (0..params.runs)
        .step_by(RUNS_PER_TASK)
        .map(|start| start..(start + RUNS_PER_TASK).min(params.runs))
        .collect();
    let partials: Vec<Partial> = tasks
        .into_par_iter()
        .map(|runs| {
            let n = runs.len();
            let part = run_group(&ladders, &rules, params, runs);
            progress(n);
            part
        })
        .collect();

    let mut series: [Vec<f64>; MEASURES] = std::array::from_fn(|_| vec![0.0; params.steps + 1]);
    let mut runs = Vec::with_capacity(params.runs);
    for part in partials {
        for (total, sum) in series.iter_mut().zip(&part.sums) {
            for (t, x) in total.iter_mut().zip(sum) {
                *t += x;
            }
        }
        runs.extend(part.runs);
    }
    for total in series.iter_mut().flatten() {
        *total /= params.runs as f64;
    }
    let estimate = |f: &dyn Fn(&RunFigures) -> f64| {
        let xs: Vec<f64> = runs.iter().map(f).collect();
        Estimate::from_samples(&xs).expect("at least two runs")
    };
    let [overall, individual, management, below] = series;
    let measure = |i: usize, series: Vec<f64>| Measure {
        initial: estimate(&|r| r.initial[i]),
        final_mean: estimate(&|r| r.final_mean[i]),
        series,
    };
    let has_management = !ladders.management.rungs.is_empty();
    let flow = |i: usize| estimate(&|r| r.per_year[i]);
    Ok(DualReport {
        policy: params.policy,
        hypothesis: params.hypothesis,
        strategy: params.strategy,
        p: (params.strategy == Strategy::BestWorst).then_some(params.p),
        correlation: params.correlation,
        assessment_noise: params.assessment_noise,
        trial_years: (params.policy == Policy::DualTrackWithTrials).then_some(params.trial_years),
        trial_threshold: (params.policy == Policy::DualTrackWithTrials)
            .then_some(params.trial_threshold),
        dismissal_threshold: params.dismissal_threshold,
        runs: params.runs,
        steps: params.steps,
        seed: params.seed,
        final_window: final_window(params.steps),
        efficiency: Efficiencies {
            overall: measure(0, overall),
            individual_contribution: measure(1, individual),
            management: has_management.then(|| measure(2, management)),
        },
        managers_below_threshold: has_management.then(|| measure(3, below)),
        per_year: Flows {
            moves_to_management: flow(0),
            returns: flow(1),
            promotions: flow(2),
            hires: flow(3),
            exits: flow(4),
            retirements: flow(5),
            dismissals_individual_contribution: flow(6),
            dismissals_management: flow(7),
        },
        ladders,
    })
}
