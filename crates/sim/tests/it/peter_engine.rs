//! The engine on hand-built organisations, and its invariants checked after every phase
//! of every year of many seeded runs.

use pendulum_sim::peter::engine::{
    Agent, Hypothesis, Level, LevelFull, LevelShape, MAX_COMPETENCE, MIN_COMPETENCE, Model,
    Organisation, Pyramid, PyramidError, Strategy, TruncatedNormal, choose,
};
use pendulum_sim::peter::protocol::{initial_organisation, run_rngs};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn shape(positions: usize, responsibility: f64) -> LevelShape {
    LevelShape {
        positions,
        responsibility,
    }
}

fn agent(competence: f64, age: f64) -> Agent {
    Agent { competence, age }
}

fn ages(level: &Level) -> Vec<f64> {
    level.ages().collect()
}

/// A model of the paper's rules on a pyramid of `levels`.
fn toy(levels: Vec<LevelShape>) -> Model {
    Model {
        pyramid: Pyramid::new(levels).unwrap(),
        ..Model::paper()
    }
}

#[test]
fn efficiency_matches_a_hand_computation() {
    // Top: 1 position weighing 1.0; bottom: 2 positions weighing 0.5.
    // Maximum: 10 × (1.0 × 1 + 0.5 × 2) = 20.
    let model = toy(vec![shape(1, 1.0), shape(2, 0.5)]);
    let mut org = Organisation::empty(&model.pyramid);
    assert_eq!(org.efficiency(), 0.0, "an empty organisation");
    org.level_mut(0).place(agent(8.0, 40.0)).unwrap();
    org.level_mut(1).place(agent(6.0, 30.0)).unwrap();
    // 8 × 1.0 + 6 × 0.5 = 11 of 20; the vacant position counts zero.
    assert!(
        (org.efficiency() - 55.0).abs() < 1e-12,
        "{}",
        org.efficiency()
    );
    org.level_mut(1).place(agent(4.0, 30.0)).unwrap();
    // 8 + 0.5 × (6 + 4) = 13 of 20.
    assert!(
        (org.efficiency() - 65.0).abs() < 1e-12,
        "{}",
        org.efficiency()
    );
    assert_eq!(
        org.level_mut(1).place(agent(5.0, 30.0)),
        Err(LevelFull { positions: 2 })
    );

    // The paper's pyramid full of competence 10 is 100 %, of 5 is 50 %.
    let paper = Model::paper();
    for (c, expected) in [(10.0, 100.0), (5.0, 50.0)] {
        let mut org = Organisation::empty(&paper.pyramid);
        for l in 0..6 {
            while org.levels()[l].vacancies() > 0 {
                org.level_mut(l).place(agent(c, 30.0)).unwrap();
            }
        }
        assert!((org.efficiency() - expected).abs() < 1e-9);
    }
    assert_eq!(paper.pyramid.positions(), 160);
    // 1 + 4.5 + 8.8 + 12.6 + 16.4 + 16.2 = 59.5, times 10.
    assert!((paper.pyramid.max_weighted_competence() - 595.0).abs() < 1e-9);
}

#[test]
fn choose_picks_the_best_the_worst_or_anyone() {
    let model = toy(vec![shape(1, 1.0), shape(4, 0.5)]);
    let mut org = Organisation::empty(&model.pyramid);
    for (c, age) in [(5.0, 20.0), (9.0, 30.0), (4.5, 40.0), (9.0, 50.0)] {
        org.level_mut(1).place(agent(c, age)).unwrap();
    }
    let level = &org.levels()[1];
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    // Of equals, the best is the first in storage order: placed first, age 30.
    let best = choose(level, Strategy::Best, 0.5, &mut rng).unwrap();
    assert_eq!(level.agent(best), agent(9.0, 30.0));
    let worst = choose(level, Strategy::Worst, 0.5, &mut rng).unwrap();
    assert_eq!(level.agent(worst), agent(4.5, 40.0));
    for _ in 0..50 {
        assert_eq!(
            choose(level, Strategy::BestWorst, 1.0, &mut rng),
            Some(best)
        );
        assert_eq!(
            choose(level, Strategy::BestWorst, 0.0, &mut rng),
            Some(worst)
        );
    }
    let mut seen = [0; 4];
    for _ in 0..4000 {
        seen[choose(level, Strategy::Random, 0.5, &mut rng).unwrap()] += 1;
    }
    assert!(seen.iter().all(|&n| (850..1150).contains(&n)), "{seen:?}");
    let mut bests = 0;
    for _ in 0..4000 {
        if choose(level, Strategy::BestWorst, 0.3, &mut rng) == Some(best) {
            bests += 1;
        }
    }
    // 1200 expected, standard deviation 29.
    assert!((1100..1300).contains(&bests), "{bests}");
    let empty = Organisation::empty(&model.pyramid);
    assert_eq!(
        choose(&empty.levels()[1], Strategy::Random, 0.5, &mut rng),
        None
    );
}

#[test]
fn a_promotion_moves_the_chosen_agent_and_changes_its_competence_by_the_hypothesis() {
    let model = toy(vec![shape(1, 1.0), shape(3, 0.5)]);
    for seed in 0..200 {
        for hypothesis in Hypothesis::ALL {
            let mut org = Organisation::empty(&model.pyramid);
            for c in [5.0, 9.6, 6.0] {
                org.level_mut(1).place(agent(c, 30.0 + c)).unwrap();
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            org.fill_vacancies(&model, hypothesis, Strategy::Best, 0.5, &mut rng);
            let top = org.levels()[0].agent(0);
            assert_eq!(top.age, 39.6, "the best (9.6) moved up, age and all");
            match hypothesis {
                Hypothesis::CommonSense => {
                    assert!((top.competence - 9.6).abs() <= 1.0, "{}", top.competence);
                    assert!(top.competence <= MAX_COMPETENCE);
                }
                Hypothesis::Peter => {
                    assert!((MIN_COMPETENCE..=MAX_COMPETENCE).contains(&top.competence))
                }
            }
            let bottom = &org.levels()[1];
            assert_eq!(bottom.occupied(), 3);
            assert!(!ages(bottom).contains(&39.6));
            assert!(bottom.competences().contains(&5.0) && bottom.competences().contains(&6.0));
            assert_eq!(org.counters().promotions_into, vec![1, 0]);
            assert_eq!(org.counters().recruits, 1);
        }
    }
}

#[test]
fn common_sense_keeps_competence_within_the_scale() {
    let model = Model::paper();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let (mut above, mut below) = (0, 0);
    for _ in 0..10_000 {
        let hi = model.promoted_competence(Hypothesis::CommonSense, 9.9, &mut rng);
        let lo = model.promoted_competence(Hypothesis::CommonSense, 1.2, &mut rng);
        assert!((8.9..=MAX_COMPETENCE).contains(&hi), "{hi}");
        assert!((MIN_COMPETENCE..=2.2).contains(&lo), "{lo}");
        above += usize::from(hi == MAX_COMPETENCE);
        below += usize::from(lo == MIN_COMPETENCE);
    }
    // A change past the bound stops at it: 45 % and 40 % of changes, give or take.
    assert!((4000..5000).contains(&above), "{above}");
    assert!((3500..4500).contains(&below), "{below}");
}

#[test]
fn a_level_whose_level_below_is_empty_is_filled_by_a_second_pass() {
    let model = toy(vec![shape(1, 1.0), shape(1, 0.8), shape(2, 0.2)]);
    let mut org = Organisation::empty(&model.pyramid);
    org.level_mut(2).place(agent(7.0, 30.0)).unwrap();
    org.level_mut(2).place(agent(8.0, 31.0)).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    org.fill_vacancies(
        &model,
        Hypothesis::CommonSense,
        Strategy::Best,
        0.5,
        &mut rng,
    );
    assert!(org.levels().iter().all(|l| l.vacancies() == 0));
    let c = org.counters();
    // First pass: the middle takes the 8.0 from the bottom, a recruit fills the bottom,
    // and the top, which found the middle empty, waits. Second pass: the top takes the
    // middle's agent, the middle the bottom's best, and a second recruit comes in.
    assert_eq!(c.repeated_passes, 1);
    assert_eq!(c.promotions_into, vec![1, 2, 0]);
    assert_eq!(c.recruits, 2);
    assert_eq!(ages(&org.levels()[0]), [31.0]);
}

#[test]
fn leavers_are_those_below_the_threshold_or_past_retirement() {
    let model = toy(vec![shape(5, 1.0)]);
    let mut org = Organisation::empty(&model.pyramid);
    for (c, a) in [
        (3.99, 30.0),
        (4.0, 30.0),
        (7.0, 60.0),
        (7.0, 59.0),
        (9.0, 61.0),
    ] {
        org.level_mut(0).place(agent(c, a)).unwrap();
    }
    org.age_one_year();
    assert_eq!(ages(&org.levels()[0]), [31.0, 31.0, 61.0, 60.0, 62.0]);
    assert_eq!(org.remove_leavers(&model), 3);
    let mut left: Vec<f64> = org.levels()[0].competences().to_vec();
    left.sort_by(f64::total_cmp);
    assert_eq!(left, vec![4.0, 7.0]);
    assert_eq!(org.counters().departures, vec![3]);
}

/// What the engine's searches must give, written the plain way: the first of equals in
/// storage order; leavers taken out from the last, each slot taking the last occupant.
fn plain_extreme(xs: &[f64], better: impl Fn(f64, f64) -> bool) -> Option<usize> {
    let mut at = None;
    for (i, &x) in xs.iter().enumerate() {
        if at.is_none_or(|j: usize| better(x, xs[j])) {
            at = Some(i);
        }
    }
    at
}

fn plain_removal(level: &mut Vec<(f64, f64)>, leaves: impl Fn(f64, f64) -> bool) {
    for i in (0..level.len()).rev() {
        if leaves(level[i].0, level[i].1) {
            level.swap_remove(i);
        }
    }
}

#[test]
fn searches_over_many_words_agree_with_the_plain_ones_tie_for_tie() {
    // Levels of 1 to 300 occupants (several words of 64), with many equal competences
    // (drawn from a few values, as the bounds of the scale make them), ages around the
    // retirement age and competences around the dismissal threshold.
    let model = Model::paper();
    let mut rng = ChaCha8Rng::seed_from_u64(41);
    let values = [1.0, 3.5, 4.0, 6.25, 9.5, 10.0];
    for trial in 0..400 {
        let n = 1 + trial % 300;
        let pyramid = Pyramid::new(vec![shape(n, 1.0)]).unwrap();
        let mut org = Organisation::empty(&pyramid);
        let mut plain = Vec::with_capacity(n);
        for _ in 0..n {
            let c = if rand::RngExt::random_bool(&mut rng, 0.5) {
                values[rand::RngExt::random_range(&mut rng, 0..values.len())]
            } else {
                rand::RngExt::random_range(&mut rng, 1.0..10.0)
            };
            let age = rand::RngExt::random_range(&mut rng, 50.0..61.0);
            org.level_mut(0).place(agent(c, age)).unwrap();
            plain.push((c, age));
        }
        let level = &org.levels()[0];
        let cs = level.competences();
        assert_eq!(level.best(), plain_extreme(cs, |a, b| a > b), "best of {n}");
        assert_eq!(
            level.worst(),
            plain_extreme(cs, |a, b| a < b),
            "worst of {n}"
        );

        org.age_one_year();
        let gone = org.remove_leavers(&model);
        plain_removal(&mut plain, |c, age| {
            c < model.dismissal_below || age + 1.0 > model.retirement_above
        });
        assert_eq!(gone, n - plain.len(), "leavers of {n}");
        let level = &org.levels()[0];
        let kept: Vec<(f64, f64)> = level
            .competences()
            .iter()
            .copied()
            .zip(level.ages())
            .collect();
        let expected: Vec<(f64, f64)> = plain.iter().map(|&(c, a)| (c, a + 1.0)).collect();
        assert_eq!(
            kept, expected,
            "the occupants and their order after leavers, of {n}"
        );
    }
}

#[test]
fn pyramids_and_distributions_are_checked() {
    assert_eq!(Pyramid::new(vec![]), Err(PyramidError::Levels(0)));
    assert_eq!(
        Pyramid::new(vec![shape(1, 1.0), shape(0, 0.5)]),
        Err(PyramidError::Positions {
            level: 1,
            positions: 0
        })
    );
    assert!(matches!(
        Pyramid::new(vec![shape(1, f64::NAN)]),
        Err(PyramidError::Responsibility { level: 0, .. })
    ));
    assert!(matches!(
        Pyramid::new(vec![shape(1, -1.0)]),
        Err(PyramidError::Responsibility { level: 0, .. })
    ));
    assert_eq!(
        Pyramid::new(vec![shape(1, 0.0), shape(2, 0.0)]),
        Err(PyramidError::NoWeight)
    );
    let err = Pyramid::new(vec![shape(1, 1.0), shape(0, 0.5)]).unwrap_err();
    assert!(err.to_string().contains("level 1 (0 is the top)"), "{err}");

    assert!(TruncatedNormal::new(7.0, 2.0, 1.0, 10.0).is_ok());
    for (mean, sd, min, max) in [
        (7.0, 0.0, 1.0, 10.0),
        (7.0, 20.0, 1.0, 10.0),
        (11.0, 2.0, 1.0, 10.0),
        (7.0, 2.0, 10.0, 1.0),
        (7.0, 2.0, 0.0, 10.0),
        (7.0, f64::NAN, 1.0, 10.0),
    ] {
        assert!(
            TruncatedNormal::new(mean, sd, min, max).is_err(),
            "{mean} {sd} {min} {max}"
        );
    }
}

#[test]
fn recruits_are_drawn_within_the_competence_scale() {
    let model = Model::paper();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 100_000;
    let (mut sum_c, mut sum_a) = (0.0, 0.0);
    for _ in 0..n {
        let a = model.recruit(&mut rng);
        assert!((MIN_COMPETENCE..=MAX_COMPETENCE).contains(&a.competence));
        sum_c += a.competence;
        sum_a += a.age;
    }
    // The mean of N(7, 2) cut to [1, 10] is 6.7315 (see the paper tests); the sample
    // mean's standard error is about 0.006.
    assert!(
        (sum_c / n as f64 - 6.7315).abs() < 0.03,
        "{}",
        sum_c / n as f64
    );
    assert!(
        (sum_a / n as f64 - 25.0).abs() < 0.08,
        "{}",
        sum_a / n as f64
    );
}

/// Sorted copy, for comparing multisets of ages.
fn sorted(xs: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = xs.into_iter().collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Whether the sorted multiset `small` is contained in the sorted multiset `big`.
fn contained(small: &[f64], big: &[f64]) -> bool {
    let mut j = 0;
    for &x in small {
        while j < big.len() && big[j] < x {
            j += 1;
        }
        if j == big.len() || big[j] != x {
            return false;
        }
        j += 1;
    }
    true
}

/// Every phase of every year of 12 runs × 300 years of each of the eight combinations:
/// ageing adds one year to everyone, exactly the agents past a threshold leave, nobody
/// stays but those who were there, every chain of promotions ends in one recruit, and
/// every position is filled at the end of the year.
#[test]
fn invariants_hold_after_every_phase_of_every_year() {
    let model = Model::paper();
    let mut years = 0;
    for hypothesis in Hypothesis::ALL {
        for strategy in Strategy::ALL {
            for run in 0..12 {
                let mut org = initial_organisation(&model, 77, run);
                let (_, mut rng) = run_rngs(77, run);
                for _ in 0..300 {
                    years += 1;
                    let before: Vec<Vec<f64>> = org.levels().iter().map(ages).collect();
                    org.age_one_year();
                    for (l, level) in org.levels().iter().enumerate() {
                        for (now, then) in level.ages().zip(&before[l]) {
                            assert!((now - (then + 1.0)).abs() < 1e-9, "{now} {then}");
                        }
                    }
                    let leaving: Vec<usize> = org
                        .levels()
                        .iter()
                        .map(|l| {
                            l.competences()
                                .iter()
                                .zip(l.ages())
                                .filter(|&(&c, a)| model.leaves(c, a))
                                .count()
                        })
                        .collect();
                    let counters = org.counters().clone();
                    let gone = org.remove_leavers(&model);
                    assert_eq!(gone, leaving.iter().sum::<usize>());
                    for (l, level) in org.levels().iter().enumerate() {
                        assert_eq!(level.vacancies(), leaving[l], "level {l}");
                        assert!(
                            level
                                .competences()
                                .iter()
                                .zip(level.ages())
                                .all(|(&c, a)| !model.leaves(c, a))
                        );
                    }
                    let stayed = sorted(org.levels().iter().flat_map(ages));

                    org.fill_vacancies(&model, hypothesis, strategy, 0.5, &mut rng);
                    let after = org.counters();
                    for (l, level) in org.levels().iter().enumerate() {
                        assert_eq!(level.occupied(), level.positions(), "level {l} is full");
                        assert!(
                            level
                                .competences()
                                .iter()
                                .all(|c| { (MIN_COMPETENCE..=MAX_COMPETENCE).contains(c) })
                        );
                        // Each departure at or above level l opened one vacancy at l,
                        // filled by a promotion from l + 1.
                        if l + 1 < org.levels().len() {
                            let into = after.promotions_into[l] - counters.promotions_into[l];
                            assert_eq!(into as usize, leaving[..=l].iter().sum::<usize>());
                        }
                    }
                    assert_eq!((after.recruits - counters.recruits) as usize, gone);
                    let now = sorted(org.levels().iter().flat_map(ages));
                    assert_eq!(now.len(), 160);
                    assert!(contained(&stayed, &now), "a stayer's age changed");
                    let e = org.efficiency();
                    assert!((0.0..=100.0).contains(&e));
                }
            }
        }
    }
    assert_eq!(years, 8 * 12 * 300);
}

/// `step` is the three phases, in order, and returns the efficiency.
#[test]
fn a_step_is_ageing_then_departures_then_filling() {
    let model = Model::paper();
    let mut by_step = initial_organisation(&model, 5, 3);
    let mut by_phase = by_step.clone();
    let (_, mut rng_a) = run_rngs(5, 3);
    let (_, mut rng_b) = run_rngs(5, 3);
    for _ in 0..200 {
        let e = by_step.step(&model, Hypothesis::Peter, Strategy::Random, 0.5, &mut rng_a);
        by_phase.age_one_year();
        by_phase.remove_leavers(&model);
        by_phase.fill_vacancies(&model, Hypothesis::Peter, Strategy::Random, 0.5, &mut rng_b);
        assert_eq!(e, by_phase.efficiency());
        assert_eq!(by_step.levels(), by_phase.levels());
    }
    assert_eq!(by_step.counters().steps, 200);
}
