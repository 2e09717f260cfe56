use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::ThreadPoolBuilder;

use super::engine::{Generators, Organisation, Rules, Track, common_sense_change, lanes_sum};
use super::*;
use crate::peter;
use crate::peter::engine::{Hypothesis, Model, Pyramid, Strategy};
use crate::stats::Estimate;
use rand_distr::Distribution;

/// The published model's pyramid as one individual-contributor ladder, lowest first.
fn paper_ladders() -> Ladders {
    let rungs = Pyramid::paper()
        .levels()
        .iter()
        .enumerate()
        .rev()
        .map(|(top_down, level)| Rung {
            level: format!("level-{}", top_down + 1),
            grade: (5 - top_down) as u32,
            positions: level.positions as u32,
            responsibility: level.responsibility,
        })
        .collect();
    Ladders {
        individual_contribution: Ladder { rungs },
        management: Ladder::default(),
    }
}

fn small(mut params: DualParams) -> DualParams {
    params.runs = 4;
    params.steps = 200;
    params
}

/// With one ladder, every policy is the published model: the same efficiencies, year by
/// year, to the bit, for every hypothesis and strategy.
#[test]
fn one_ladder_is_the_published_model_to_the_bit() {
    for hypothesis in Hypothesis::ALL {
        for strategy in Strategy::ALL {
            let published = peter::simulate(&peter::Params {
                hypothesis,
                strategy,
                p: 0.3,
                runs: 4,
                steps: 300,
                seed: 11,
            })
            .unwrap();
            for policy in Policy::ALL {
                let params = DualParams {
                    policy,
                    hypothesis,
                    strategy,
                    p: 0.3,
                    runs: 4,
                    steps: 300,
                    seed: 11,
                    ..DualParams::new(paper_ladders())
                };
                let ours = simulate(&params).unwrap();
                let e = &ours.efficiency.overall;
                let what = format!("{hypothesis:?} {strategy:?} {policy:?}");
                assert_eq!(e.initial, published.initial_efficiency, "{what}");
                assert_eq!(e.final_mean, published.final_efficiency, "{what}");
                assert_eq!(e.series, published.series, "{what}");
                assert_eq!(ours.efficiency.individual_contribution, *e, "{what}");
                assert!(ours.efficiency.management.is_none());
                assert!(ours.managers_below_threshold.is_none());
                assert_eq!(ours.per_year.moves_to_management.mean, 0.0);
            }
        }
    }
}

/// The whole published protocol (50 runs of 1000 years) for one combination: the
/// final efficiency is the published engine's to the bit.
#[test]
fn one_ladder_matches_the_published_protocol() {
    let published = peter::simulate(&peter::Params::paper(
        Hypothesis::Peter,
        Strategy::BestWorst,
    ))
    .unwrap();
    let params = DualParams {
        hypothesis: Hypothesis::Peter,
        strategy: Strategy::BestWorst,
        p: peter::PAPER_P,
        ..DualParams::new(paper_ladders())
    };
    let ours = simulate(&params).unwrap();
    assert_eq!(
        ours.efficiency.overall.final_mean,
        published.final_efficiency
    );
    assert_eq!(ours.efficiency.overall.series, published.series);
}

/// The built-in framework's ladders without the individual-contributor levels at or
/// above management's lowest grade: ladders the single ladder leaves as they are.
fn ladders_ending_below_management() -> Ladders {
    let mut ladders = builtin_ladders(400, &Shape::default()).unwrap();
    let entry = ladders.management.rungs[0].grade;
    ladders
        .individual_contribution
        .rungs
        .retain(|r| r.grade < entry);
    assert_eq!(ladders.single_ladder(), ladders);
    ladders
}

/// The first limit: on ladders the single ladder does not change, with a perfect
/// correlation and a perfect assessment, the dual track moves the same people into
/// management as the single ladder's best strategy, so the two reports are equal to
/// the bit (but for the policy's name), under either hypothesis.
#[test]
fn perfect_correlation_and_assessment_make_the_single_ladder_the_dual_track() {
    for hypothesis in Hypothesis::ALL {
        let dual = DualParams {
            hypothesis,
            correlation: 1.0,
            assessment_noise: 0.0,
            ..small(DualParams::new(ladders_ending_below_management()))
        };
        let single = DualParams {
            policy: Policy::SingleLadder,
            ..dual.clone()
        };
        let mut a = simulate(&dual).unwrap();
        let b = simulate(&single).unwrap();
        assert!(a.per_year.moves_to_management.mean > 0.0);
        assert_ne!(a, b);
        a.policy = Policy::SingleLadder;
        assert_eq!(a, b, "{hypothesis:?}");

        // Either one imperfect, and they part.
        for (correlation, noise) in [(0.9, 0.0), (1.0, 0.5)] {
            let dual = DualParams {
                correlation,
                assessment_noise: noise,
                ..dual.clone()
            };
            let single = DualParams {
                policy: Policy::SingleLadder,
                ..dual.clone()
            };
            let a = simulate(&dual).unwrap();
            let b = simulate(&single).unwrap();
            assert_ne!(a.efficiency.management, b.efficiency.management);
        }
    }
}

/// The same seed gives the same report on one thread and on three.
#[test]
fn the_report_does_not_depend_on_the_thread_count() {
    let params = DualParams {
        policy: Policy::DualTrackWithTrials,
        assessment_noise: 2.5,
        strategy: Strategy::Random,
        runs: 5,
        steps: 120,
        ..DualParams::new(builtin_ladders(300, &Shape::default()).unwrap())
    };
    let on = |threads: usize| {
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate(&params).unwrap())
    };
    let one = on(1);
    assert_eq!(one, on(3));
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&on(2)).unwrap()
    );
    let other_seed = simulate(&DualParams {
        seed: params.seed + 1,
        ..params.clone()
    })
    .unwrap();
    assert_ne!(
        one.efficiency.overall.series,
        other_seed.efficiency.overall.series
    );
}

/// The pieces shared with the published engine give its bits.
#[test]
fn shared_arithmetic_is_the_published_engines() {
    let model = Model::paper();
    let mut a = ChaCha8Rng::seed_from_u64(3);
    let mut b = a.clone();
    for old in [1.0, 3.9, 7.0, 9.7, 10.0] {
        let published = model.promoted_competence(Hypothesis::CommonSense, old, &mut a);
        let ours = (old + common_sense_change(&model, &mut b))
            .clamp(peter::engine::MIN_COMPETENCE, peter::engine::MAX_COMPETENCE);
        assert_eq!(published, ours);
    }
    let mut org = peter::Organisation::empty(&Pyramid::paper());
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let level = org.level_mut(5);
    let mut xs = Vec::new();
    for _ in 0..23 {
        let agent = model.recruit(&mut rng);
        xs.push(agent.competence);
        level.place(agent).unwrap();
    }
    assert_eq!(lanes_sum(&xs), org.levels()[5].competence_sum());
}

/// Generators for a test run.
fn rngs(seed: u64) -> [ChaCha8Rng; 3] {
    std::array::from_fn(|i| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(i as u64);
        rng
    })
}

/// Year by year, under every policy and strategy: no rung holds more than its
/// positions, every vacancy is filled at the end of the year, and the counts add up
/// (headcount = hires − exits; what enters and leaves each ladder balances).
#[test]
fn every_year_keeps_the_invariants() {
    let ladders = builtin_ladders(250, &Shape::default()).unwrap();
    for policy in Policy::ALL {
        for strategy in Strategy::ALL {
            let params = DualParams {
                policy,
                strategy,
                hypothesis: if strategy == Strategy::Worst {
                    Hypothesis::Peter
                } else {
                    Hypothesis::CommonSense
                },
                // A poor assessment, so that trials often end below the threshold.
                correlation: 0.0,
                assessment_noise: 6.0,
                trial_years: 2,
                ..DualParams::new(ladders.clone())
            };
            let ladders = params.simulated_ladders();
            let rules = Rules::new(&params);
            let [mut m, mut s, mut a] = rngs(9);
            let mut g = Generators {
                main: &mut m,
                second: &mut s,
                assessment: &mut a,
            };
            let mut org = Organisation::filled(&ladders, &rules, &mut g);
            let positions = ladders.positions() as usize;
            let headcount =
                |org: &Organisation| -> usize { org.rungs.iter().map(|r| r.occupants.len()).sum() };
            let managers = |org: &Organisation| -> usize {
                org.rungs
                    .iter()
                    .filter(|r| r.track == Track::Management)
                    .map(|r| r.occupants.len())
                    .sum()
            };
            assert_eq!(headcount(&org), positions);
            let managers_at_start = managers(&org);
            for year in 0..150 {
                org.step(&rules, &mut g);
                let what = format!("{policy:?} {strategy:?} year {year}");
                for r in &org.rungs {
                    assert_eq!(r.occupants.len(), r.positions, "{what}");
                    assert_eq!(r.occupants.c_m.len(), r.positions, "{what}");
                    assert_eq!(r.occupants.born.len(), r.positions, "{what}");
                }
                let c = org.counters;
                let exits = c.retirements_ic
                    + c.retirements_management
                    + c.dismissals_ic
                    + c.dismissals_management;
                assert_eq!(c.recruits, exits, "{what}");
                // Managers now = at the start + moves in − returns − managers who left.
                let left = c.dismissals_management + c.retirements_management;
                assert_eq!(
                    managers(&org) as u64 + left + c.returns,
                    managers_at_start as u64 + c.to_management,
                    "{what}"
                );
                if policy != Policy::DualTrackWithTrials {
                    assert_eq!(c.returns + c.failed_trials, 0, "{what}");
                }
                assert!(c.returns <= c.failed_trials, "{what}");
            }
            if policy == Policy::DualTrackWithTrials {
                assert!(
                    org.counters.returns > 0,
                    "{policy:?} {strategy:?} {:?}",
                    org.counters
                );
            }
        }
    }
}

/// Every bound is checked and named.
#[test]
fn each_parameter_is_bounded_and_named() {
    let ok = DualParams::builtin();
    assert_eq!(ok.check(), Ok(()));
    let err = |p: DualParams| p.check().unwrap_err();
    for c in [-1.01, 1.5, f64::NAN] {
        let e = err(DualParams {
            correlation: c,
            ..ok.clone()
        });
        assert!(matches!(e, ParamError::Correlation(_)));
        assert!(
            e.to_string()
                .starts_with("correlation must be from -1 to 1")
        );
    }
    for n in [-0.1, 10.5, f64::INFINITY] {
        let e = err(DualParams {
            assessment_noise: n,
            ..ok.clone()
        });
        assert!(
            e.to_string()
                .starts_with("assessment noise must be from 0 to 10")
        );
    }
    for t in [0, params::MAX_TRIAL_YEARS + 1] {
        assert_eq!(
            err(DualParams {
                trial_years: t,
                ..ok.clone()
            }),
            ParamError::TrialYears(t)
        );
    }
    let e = err(DualParams {
        trial_threshold: 11.0,
        ..ok.clone()
    });
    assert!(
        e.to_string()
            .starts_with("trial threshold must be from 0 to 10")
    );
    let e = err(DualParams {
        dismissal_threshold: -1.0,
        ..ok.clone()
    });
    assert!(
        e.to_string()
            .starts_with("dismissal threshold must be from 0 to 10")
    );
    assert_eq!(
        err(DualParams {
            p: 2.0,
            ..ok.clone()
        }),
        ParamError::P(2.0)
    );
    assert_eq!(
        err(DualParams {
            runs: 1,
            ..ok.clone()
        }),
        ParamError::Runs(1)
    );
    assert_eq!(
        err(DualParams {
            steps: 0,
            ..ok.clone()
        }),
        ParamError::Steps(0)
    );

    // The default protocol on the built-in ladders fits the limit for servers; ten times
    // the runs does not, and is allowed at the command line.
    let big = DualParams {
        runs: 500,
        ..ok.clone()
    };
    let e = err(big.clone());
    assert_eq!(
        e,
        ParamError::TooMuchWork {
            total: 500_000_000,
            limit: params::MAX_AGENT_STEPS
        }
    );
    assert!(
        e.to_string()
            .contains("500000000 agent-years, above the limit of 50000000")
    );
    assert_eq!(big.check_within(params::MAX_AGENT_STEPS_CLI), Ok(()));

    // Ladders are checked too, and the error says which rung.
    let mut ladders = ok.ladders.clone();
    ladders.management.rungs[1].positions = 0;
    let e = err(DualParams {
        ladders,
        ..ok.clone()
    });
    assert_eq!(
        e.to_string(),
        "ladders: rung em-2 of the management ladder has no positions"
    );
    let mut ladders = ok.ladders.clone();
    ladders.individual_contribution.rungs[2].responsibility = 1.5;
    assert!(
        err(DualParams {
            ladders,
            ..ok.clone()
        })
        .to_string()
        .contains("rung ic-3 of the individual-contribution ladder has responsibility 1.5")
    );
    let mut ladders = ok.ladders.clone();
    ladders.individual_contribution.rungs.swap(1, 2);
    assert!(matches!(
        err(DualParams {
            ladders,
            ..ok.clone()
        }),
        ParamError::Ladders(LadderError::GradesOutOfOrder { .. })
    ));
    let mut ladders = ok.ladders.clone();
    ladders.management.rungs[0].grade = 0;
    assert_eq!(
        err(DualParams {
            ladders,
            ..ok.clone()
        }),
        ParamError::Ladders(LadderError::NoFeeder { grade: 0 })
    );
    let mut ladders = ok.ladders.clone();
    ladders.individual_contribution.rungs[0].positions = ladders::MAX_HEADCOUNT;
    assert!(matches!(
        err(DualParams {
            ladders,
            ..ok.clone()
        }),
        ParamError::Ladders(LadderError::TooManyPositions { .. })
    ));
    let ladders = Ladders {
        individual_contribution: Ladder::default(),
        management: Ladder::default(),
    };
    assert_eq!(
        err(DualParams { ladders, ..ok }),
        ParamError::Ladders(LadderError::EmptyIndividualLadder)
    );
}

fn builtin_framework() -> pendulum_framework::Framework {
    pendulum_framework::check_str(
        "framework.yaml",
        pendulum_framework::builtin::ENGINEERING_YAML,
    )
    .unwrap()
    .framework
}

/// The built-in framework's ladders follow the documented shape: its levels and grades,
/// the headcount exactly, one manager per span, a pyramid by the ratio, and equal
/// responsibility at equal grades from 0.2 at the lowest grade to 1 at the highest.
#[test]
fn a_frameworks_ladders_follow_the_documented_shape() {
    let fw = builtin_framework();
    for (headcount, shape) in [
        (1_000, Shape::default()),
        (
            137,
            Shape {
                pyramid_ratio: 0.5,
                span_of_control: 5,
            },
        ),
        (1_000_000, Shape::default()),
    ] {
        let ladders = Ladders::from_framework(&fw, headcount, &shape).unwrap();
        let ic = &ladders.individual_contribution.rungs;
        let m = &ladders.management.rungs;
        let ids = |rungs: &[Rung]| rungs.iter().map(|r| r.level.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(ic),
            ["ic-1", "ic-2", "ic-3", "ic-4", "ic-5", "ic-6", "ic-7"]
        );
        assert_eq!(ids(m), ["em-1", "em-2", "em-3", "em-4"]);
        assert_eq!(
            ic.iter().map(|r| r.grade).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4, 5, 6]
        );
        assert_eq!(m.iter().map(|r| r.grade).collect::<Vec<_>>(), [3, 4, 5, 6]);
        assert_eq!(ladders.positions(), u64::from(headcount));

        let ics = ladders.individual_contribution.positions();
        let span = u64::from(shape.span_of_control);
        assert_eq!(u64::from(m[0].positions), ics.div_ceil(span));
        for pair in m.windows(2) {
            let below = u64::from(pair[0].positions);
            assert_eq!(u64::from(pair[1].positions), below.div_ceil(span).max(1));
        }
        for (i, r) in ic.iter().enumerate() {
            let exact = ics as f64 * shape.pyramid_ratio.powi(i as i32)
                / (0..ic.len())
                    .map(|j| shape.pyramid_ratio.powi(j as i32))
                    .sum::<f64>();
            assert!(
                (r.positions as f64 - exact).abs() < 1.0,
                "{} {exact}",
                r.positions
            );
        }
        assert_eq!(ic[0].responsibility, 0.2);
        assert_eq!(ic[6].responsibility, 1.0);
        for r in m {
            assert_eq!(r.responsibility, ic[r.grade as usize].responsibility);
        }
        assert_eq!(ladders.feeder(), Some(2));
        assert_eq!(ladders.return_rung(m[0].grade), Some(3));

        // The single ladder: Senior Engineer is as far as individual contribution goes,
        // and it holds everyone the IC levels above it held.
        let single = ladders.single_ladder();
        assert_eq!(
            ids(&single.individual_contribution.rungs),
            ["ic-1", "ic-2", "ic-3"]
        );
        assert_eq!(
            single.individual_contribution.rungs[2].positions,
            ic[2..].iter().map(|r| r.positions).sum::<u32>()
        );
        assert_eq!(single.management, ladders.management);
        assert_eq!(single.positions(), ladders.positions());
    }
}

#[test]
fn frameworks_the_ladders_cannot_use_are_refused_by_name() {
    let fw = builtin_framework();
    let shape = Shape::default();
    assert_eq!(
        Ladders::from_framework(&fw, 10, &shape),
        Err(LadderError::Headcount { headcount: 10 })
    );
    assert_eq!(
        Ladders::from_framework(
            &fw,
            100,
            &Shape {
                pyramid_ratio: 0.0,
                ..shape
            }
        ),
        Err(LadderError::PyramidRatio { value: 0.0 })
    );
    assert_eq!(
        Ladders::from_framework(
            &fw,
            100,
            &Shape {
                span_of_control: 1,
                ..shape
            }
        ),
        Err(LadderError::Span { value: 1 })
    );
    let mut no_grade = fw.clone();
    no_grade.tracks[0].levels[2].grade = None;
    let e = Ladders::from_framework(&no_grade, 100, &shape).unwrap_err();
    assert_eq!(
        e.to_string(),
        "level ic-3 has no grade: the simulation sets the two tracks side by side by grade"
    );
    let mut no_ic = fw.clone();
    no_ic.tracks[0].kind = pendulum_framework::model::TrackKind::Other;
    assert_eq!(
        Ladders::from_framework(&no_ic, 100, &shape),
        Err(LadderError::NoIndividualTrack)
    );
}

/// The second competence has the asked correlation with the first, and so have the two
/// changes of a common-sense promotion; at ±1 it follows the first exactly.
#[test]
fn the_two_competences_are_correlated_as_asked() {
    fn correlation(xs: &[(f64, f64)]) -> f64 {
        let n = xs.len() as f64;
        let (mx, my) = xs
            .iter()
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (x, y) in xs {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
        }
        sxy / (sxx * syy).sqrt()
    }
    for rho in [-0.6, 0.0, 0.3, 0.8] {
        let rules = Rules::new(&DualParams {
            correlation: rho,
            ..DualParams::builtin()
        });
        let [mut m, mut s, mut a] = rngs(1);
        let mut g = Generators {
            main: &mut m,
            second: &mut s,
            assessment: &mut a,
        };
        let pairs: Vec<(f64, f64)> = (0..40_000)
            .map(|_| {
                let c = rules.model.competence.sample(&mut *g.main);
                (c, rules.second(c, g.second))
            })
            .collect();
        // Cutting both to [1, 10] weakens the correlation a little.
        // ρ is the correlation before both competences are cut to [1, 10], which
        // weakens it (0.3 becomes about 0.24); never strengthens it or turns it over.
        let r = correlation(&pairs);
        if rho == 0.0 {
            assert!(r.abs() < 0.02, "ρ {rho}: {r}");
        } else {
            assert!((0.75..=1.0).contains(&(r / rho)), "ρ {rho}: {r}");
        }
        assert!(pairs.iter().all(|&(_, y)| (1.0..=10.0).contains(&y)));

        let changes: Vec<(f64, f64)> = (0..40_000)
            .map(|_| {
                let mut p = engine::Person {
                    c_ic: 5.0,
                    c_m: 5.0,
                    assessed: 5.0,
                    born: 30.0,
                    trial: 0,
                };
                rules.promote(&mut p, Track::Individual, &mut g);
                (p.c_ic - 5.0, p.c_m - 5.0)
            })
            .collect();
        let r = correlation(&changes);
        assert!((r - rho).abs() < 0.02, "ρ {rho}: changes {r}");
    }
    let exact = |rho: f64| {
        Rules::new(&DualParams {
            correlation: rho,
            ..DualParams::builtin()
        })
    };
    let [_, mut s, _] = rngs(2);
    for c in [1.0, 3.3, 7.0, 9.99, 10.0] {
        assert_eq!(exact(1.0).second(c, &mut s), c);
        assert_eq!(exact(-1.0).second(c, &mut s), (14.0 - c).clamp(1.0, 10.0));
    }
}

/// What the policies are for, measured: under the common-sense hypothesis with a
/// modest correlation, the single ladder moves the best engineers into management and
/// its management is far less efficient than the dual track's, which assesses
/// management competence; trials that ask for a competent manager raise it further,
/// with returns and no manager dismissed in a trial. Differences of many standard
/// errors, so not chance.
#[test]
fn the_dual_track_and_trials_do_what_they_are_for() {
    let base = DualParams {
        runs: 10,
        steps: 400,
        trial_threshold: 7.0,
        ..DualParams::builtin()
    };
    let run = |policy| {
        simulate(&DualParams {
            policy,
            ..base.clone()
        })
        .unwrap()
    };
    let [single, dual, trials] = Policy::ALL.map(run);
    let management = |r: &DualReport| r.efficiency.management.as_ref().unwrap().final_mean;
    let apart = |a: Estimate, b: Estimate| {
        (b.mean - a.mean) / (a.standard_error.powi(2) + b.standard_error.powi(2)).sqrt()
    };
    assert!(apart(management(&single), management(&dual)) > 10.0);
    assert!(apart(management(&dual), management(&trials)) > 5.0);
    assert!(
        apart(
            single.efficiency.overall.final_mean,
            dual.efficiency.overall.final_mean
        ) > 10.0
    );
    assert_eq!(dual.per_year.returns.mean, 0.0);
    assert!(trials.per_year.returns.mean > 0.5);
    assert!(trials.per_year.moves_to_management.mean > dual.per_year.moves_to_management.mean);
    let below = |r: &DualReport| r.managers_below_threshold.as_ref().unwrap().final_mean.mean;
    assert!(below(&single) > below(&dual));
}
