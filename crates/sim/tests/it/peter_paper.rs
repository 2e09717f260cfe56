//! The published model under the published protocol (50 runs of 1000 years), checked
//! against what the paper reports, with tolerances in standard errors of the 50-run
//! means. The paper's Table 1 could not be read (docs/simulation.md), so the checks are
//! the findings its abstract and conclusion state in words: promoting the best lowers
//! the efficiency under the Peter hypothesis, and promoting at random or alternating the
//! best and the worst at random improves it, or at least does not lower it, under either
//! hypothesis; and the signs and order of the figures a press article gives from it. Of
//! those figures, three differ from ours by more than their rounding (docs/simulation.md
//! says which and by how much), so they are not checked as numbers. The initial
//! efficiency is checked against its exact expectation.

use std::sync::OnceLock;

use pendulum_sim::peter::engine::{Hypothesis, Strategy};
use pendulum_sim::peter::{Params, Report, SweepParams, TableParams, simulate, sweep, table};
use pendulum_sim::stats::Estimate;

/// How many standard errors a finding must clear.
const SIGNIFICANT: f64 = 3.0;

/// The paper's Table 1, run once for all the tests of this file.
fn paper_table() -> &'static [Report] {
    static TABLE: OnceLock<Vec<Report>> = OnceLock::new();
    TABLE.get_or_init(|| table(&TableParams::paper()).unwrap())
}

fn row(hypothesis: Hypothesis, strategy: Strategy) -> &'static Report {
    paper_table()
        .iter()
        .find(|r| r.hypothesis == hypothesis && r.strategy == strategy)
        .unwrap()
}

fn above_zero(e: Estimate) -> bool {
    e.mean > SIGNIFICANT * e.standard_error
}

fn below_zero(e: Estimate) -> bool {
    e.mean < -SIGNIFICANT * e.standard_error
}

/// The mean of the normal of mean 7 and standard deviation 2 cut to [1, 10], by
/// Simpson's rule on 20,000 intervals.
fn mean_competence() -> f64 {
    let density = |x: f64| (-(x - 7.0) * (x - 7.0) / 8.0).exp();
    let n = 20_000;
    let h = 9.0 / n as f64;
    let (mut mass, mut moment) = (0.0, 0.0);
    for i in 0..=n {
        let x = 1.0 + i as f64 * h;
        let w = if i == 0 || i == n {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        mass += w * density(x);
        moment += w * x * density(x);
    }
    moment / mass
}

#[test]
fn the_initial_efficiency_is_ten_times_the_mean_competence() {
    let expected = 10.0 * mean_competence();
    assert!((expected - 67.315).abs() < 0.001, "{expected}");
    for r in paper_table() {
        let e = r.initial_efficiency;
        assert!(
            e.deviations(expected).abs() < SIGNIFICANT,
            "{e:?} against {expected}"
        );
        // 160 competences of standard deviation 1.8 weighted unevenly: the spread of one
        // organisation's efficiency is 1.5 to 2 points, so 50 runs give 0.2 to 0.3.
        assert!((0.15..0.35).contains(&e.standard_error), "{e:?}");
    }
    // Another seed, other organisations, the same expectation.
    let other = simulate(&Params {
        seed: 99,
        ..Params::paper(Hypothesis::Peter, Strategy::Random)
    })
    .unwrap();
    assert!(other.initial_efficiency.deviations(expected).abs() < SIGNIFICANT);
}

#[test]
fn promoting_the_best_lowers_the_efficiency_under_the_peter_hypothesis() {
    let best = row(Hypothesis::Peter, Strategy::Best);
    assert!(below_zero(best.gain), "{:?}", best.gain);
    // Under the common-sense hypothesis it is the strategy that raises it most.
    let sense = |s| row(Hypothesis::CommonSense, s).gain.mean;
    assert!(above_zero(
        row(Hypothesis::CommonSense, Strategy::Best).gain
    ));
    for other in [Strategy::Worst, Strategy::Random, Strategy::BestWorst] {
        assert!(sense(Strategy::Best) > sense(other), "{other:?}");
    }
}

#[test]
fn random_and_best_worst_promotions_do_not_lower_the_efficiency_under_either_hypothesis() {
    for hypothesis in Hypothesis::ALL {
        for strategy in [Strategy::Random, Strategy::BestWorst] {
            let r = row(hypothesis, strategy);
            assert!(
                above_zero(r.gain),
                "{hypothesis:?} {strategy:?}: {:?}",
                r.gain
            );
        }
    }
    // Each of the two pure strategies lowers it under one hypothesis, which is why the
    // paper recommends the others when the hypothesis is unknown.
    assert!(below_zero(
        row(Hypothesis::CommonSense, Strategy::Worst).gain
    ));
    assert!(below_zero(row(Hypothesis::Peter, Strategy::Best).gain));
}

#[test]
fn the_best_worst_sweep_runs_from_the_worst_strategy_to_the_best() {
    for hypothesis in Hypothesis::ALL {
        let points = sweep(&SweepParams {
            hypothesis,
            p: "0:1:0.5".parse().unwrap(),
            runs: 50,
            steps: 1000,
            seed: pendulum_sim::peter::DEFAULT_SEED,
        })
        .unwrap();
        assert_eq!(points.len(), 3);
        // p = 0 is the worst strategy and p = 1 the best, by other random numbers: the
        // same model, so within a few standard errors of each other.
        for (point, pure) in [(&points[0], Strategy::Worst), (&points[2], Strategy::Best)] {
            let other = row(hypothesis, pure).gain;
            let se = point.gain.standard_error.hypot(other.standard_error);
            assert!(
                (point.gain.mean - other.mean).abs() < 4.0 * se,
                "{hypothesis:?} p = {:?}: {:?} against {pure:?} {other:?}",
                point.p,
                point.gain
            );
        }
        // Half and half lies between.
        let (lo, hi) = match hypothesis {
            Hypothesis::CommonSense => (&points[0], &points[2]),
            Hypothesis::Peter => (&points[2], &points[0]),
        };
        assert!(lo.gain.mean < points[1].gain.mean && points[1].gain.mean < hi.gain.mean);
    }
}

/// Of the five figures Canadian Business gave from the paper in 2010 ("Why random
/// promoting works"), the four that name a hypothesis, in points of efficiency, rounded:
/// (hypothesis, strategy, gain).
const PRESS_FIGURES: [(Hypothesis, Strategy, f64); 4] = [
    (Hypothesis::Peter, Strategy::Best, -10.0),
    (Hypothesis::Peter, Strategy::Worst, 12.0),
    (Hypothesis::Peter, Strategy::Random, 1.0),
    (Hypothesis::CommonSense, Strategy::Random, 2.0),
];

/// Each figure's sign, and the order the figures put the strategies in: under the Peter
/// hypothesis the best below random below the worst, and random gaining more under common
/// sense than under Peter. (The fifth figure, +1.5 for alternating the best and the
/// worst, names no hypothesis; both of ours are positive, checked above.)
#[test]
fn the_press_figures_keep_their_signs_and_order() {
    for (hypothesis, strategy, figure) in PRESS_FIGURES {
        let gain = row(hypothesis, strategy).gain;
        let same_sign = if figure > 0.0 {
            above_zero(gain)
        } else {
            below_zero(gain)
        };
        assert!(
            same_sign,
            "{hypothesis:?} {strategy:?}: {gain:?} against {figure}"
        );
    }
    let gain = |h, s| row(h, s).gain;
    let clearly_below = |a: Estimate, b: Estimate| {
        b.mean - a.mean > SIGNIFICANT * a.standard_error.hypot(b.standard_error)
    };
    let peter = |s| gain(Hypothesis::Peter, s);
    assert!(clearly_below(
        peter(Strategy::Best),
        peter(Strategy::Random)
    ));
    assert!(clearly_below(
        peter(Strategy::Random),
        peter(Strategy::Worst)
    ));
    assert!(clearly_below(
        peter(Strategy::Random),
        gain(Hypothesis::CommonSense, Strategy::Random)
    ));
}
