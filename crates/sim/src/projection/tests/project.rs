//! Projections against examples worked by hand (the arithmetic is in the comments), and the
//! long-run figures against the long way round: many years of the projection itself, and
//! first-passage times solved directly.

use super::super::linalg::{Matrix, invert, row_times};
use super::super::*;
use super::close;

/// Two states: from A, 60 % stay, 30 % move to B, 10 % leave; from B, 80 % stay, 20 %
/// leave. 100 people in A, 50 in B.
fn two_states(recruitment: &str) -> Model {
    Model::from_json(&format!(
        r#"{{"states": ["A", "B"], "stocks": [100, 50],
            "transitions": {{"A": {{"A": 0.6, "B": 0.3}}, "B": {{"B": 0.8}}}},
            "recruitment": {recruitment}}}"#
    ))
    .unwrap()
}

fn stocks(year: &Year) -> Vec<f64> {
    year.stocks.0.iter().map(|(_, v)| *v).collect()
}

#[track_caller]
fn close_all(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        close(*x, *y);
    }
}

#[test]
fn fixed_recruitment_one_step_and_two_steps() {
    let model = two_states(r#"{"mode": "fixed", "total": 20, "distribution": {"A": 1}}"#);
    let p = project(&model, 2).unwrap();
    assert_eq!(p.start.year, 0);
    close_all(&stocks(&p.start), &[100.0, 50.0]);
    // Year 1: n·P = [60, 30 + 40] = [60, 70]; 150 − 130 = 20 leave; 20 recruits into A.
    let y1 = &p.years[0];
    assert_eq!(y1.year, 1);
    close_all(&stocks(y1), &[80.0, 70.0]);
    close(y1.exits, 20.0);
    close(y1.recruits, 20.0);
    close(y1.total, 150.0);
    // Year 2: [80, 70]·P = [48, 24 + 56] = [48, 80]; 150 − 128 = 22 leave; +20 into A.
    let y2 = &p.years[1];
    close_all(&stocks(y2), &[68.0, 80.0]);
    close(y2.exits, 22.0);
    close(y2.recruits, 20.0);
    close(y2.total, 148.0);
    assert_eq!(y2.stocks.names().collect::<Vec<_>>(), ["A", "B"]);
}

#[test]
fn fixed_recruitment_settles_at_r_times_the_fundamental_matrix() {
    let model = two_states(r#"{"mode": "fixed", "total": 20, "distribution": {"A": 1}}"#);
    let p = project(&model, 3).unwrap();
    // I − P = [[0.4, −0.3], [0, 0.2]], whose inverse is N = [[2.5, 3.75], [0, 5]].
    // n* = 20 · [1, 0] · N = [50, 75].
    let steady = p.steady_state.as_ref().expect("it settles");
    let settled = steady
        .stocks
        .as_ref()
        .expect("no growth: the numbers settle");
    close_all(
        &settled.0.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        &[50.0, 75.0],
    );
    close(steady.total.unwrap(), 125.0);
    close_all(
        &steady.shares.0.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        &[0.4, 0.6],
    );
    assert_eq!(p.no_steady_state, None);
    // Row sums of N: 6.25 years from A, 5 from B.
    let years = &p.expected_years_in_system;
    assert_eq!(years.names().collect::<Vec<_>>(), ["A", "B"]);
    close(years.get("A").unwrap().unwrap(), 6.25);
    close(years.get("B").unwrap().unwrap(), 5.0);
}

#[test]
fn the_steady_state_is_where_a_long_projection_ends() {
    for recruitment in [
        r#"{"mode": "fixed", "total": 20, "distribution": {"A": 0.7, "B": 0.3}}"#,
        r#"{"mode": "fixed-size", "distribution": {"A": 0.5, "B": 0.5}}"#,
        r#"{"mode": "fixed-size", "total": 400, "distribution": {"A": 1}}"#,
    ] {
        let model = two_states(recruitment);
        let p = project(&model, MAX_YEARS).unwrap();
        let last = p.years.last().unwrap();
        let steady = p.steady_state.unwrap();
        let settled = steady.stocks.unwrap();
        for ((_, far), (_, steady)) in last.stocks.0.iter().zip(&settled.0) {
            assert!(
                (far - steady).abs() < 1e-6,
                "{recruitment}: {far} vs {steady}"
            );
        }
    }
}

#[test]
fn with_growth_the_shares_settle_and_the_numbers_do_not() {
    let model = two_states(r#"{"mode": "fixed-size", "growth": 0.1, "distribution": {"A": 1}}"#);
    let p = project(&model, MAX_YEARS).unwrap();
    // 1.1·I − P = [[0.5, −0.3], [0, 0.3]], inverse [[2, 2], [0, 10/3]]: r · it = [2, 2].
    let steady = p.steady_state.as_ref().unwrap();
    assert_eq!(steady.stocks, None);
    assert_eq!(steady.total, None);
    close_all(
        &steady.shares.0.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        &[0.5, 0.5],
    );
    let last = p.years.last().unwrap();
    let shares: Vec<f64> = stocks(last).iter().map(|n| n / last.total).collect();
    assert!((shares[0] - 0.5).abs() < 1e-6, "{shares:?}");
}

#[test]
fn fixed_size_replaces_leavers() {
    let model = two_states(r#"{"mode": "fixed-size", "distribution": {"A": 0.5, "B": 0.5}}"#);
    let p = project(&model, 2).unwrap();
    // No total given: the starting 150 are kept.
    assert_eq!(
        p.recruitment,
        Policy {
            mode: Mode::FixedSize,
            total: 150.0,
            growth: 0.0
        }
    );
    // Year 1: survivors [60, 70] (130): 20 recruits, 10 to each: [70, 80].
    close_all(&stocks(&p.years[0]), &[70.0, 80.0]);
    close(p.years[0].recruits, 20.0);
    close(p.years[0].exits, 20.0);
    // Year 2: [70, 80]·P = [42, 21 + 64] = [42, 85] (127): 23 recruits: [53.5, 96.5].
    close_all(&stocks(&p.years[1]), &[53.5, 96.5]);
    close(p.years[1].recruits, 23.0);
    close(p.years[1].total, 150.0);
    // Long run: r·N = [1.25, 4.375], shares 2/9 and 7/9 of 150.
    let steady = p.steady_state.unwrap();
    let settled = steady.stocks.unwrap();
    close(*settled.get("A").unwrap(), 150.0 * 2.0 / 9.0);
    close(*settled.get("B").unwrap(), 150.0 * 7.0 / 9.0);
    close(steady.total.unwrap(), 150.0);
}

#[test]
fn fixed_size_with_growth_follows_its_path() {
    let model = two_states(r#"{"mode": "fixed-size", "growth": 0.1, "distribution": {"A": 1}}"#);
    let p = project(&model, 2).unwrap();
    // Year 1: 150·1.1 = 165 wanted, 130 stay: 35 recruits, [95, 70].
    close_all(&stocks(&p.years[0]), &[95.0, 70.0]);
    close(p.years[0].recruits, 35.0);
    // Year 2: 181.5 wanted; [95, 70]·P = [57, 28.5 + 56] (141.5): 40 recruits.
    close_all(&stocks(&p.years[1]), &[97.0, 84.5]);
    close(p.years[1].recruits, 40.0);
    close(p.years[1].total, 181.5);
}

#[test]
fn fixed_recruitment_with_growth_grows_the_intake() {
    let model =
        two_states(r#"{"mode": "fixed", "total": 20, "growth": 0.1, "distribution": {"A": 1}}"#);
    let p = project(&model, 3).unwrap();
    close(p.years[0].recruits, 20.0);
    close(p.years[1].recruits, 22.0);
    close(p.years[2].recruits, 24.2);
}

#[test]
fn a_size_shrinking_faster_than_people_leave_takes_no_recruits() {
    let model = Model::from_json(
        r#"{"states": ["A"], "stocks": [100], "transitions": {"A": {"A": 0.9}},
            "recruitment": {"mode": "fixed-size", "growth": -0.2, "distribution": {"A": 1}}}"#,
    )
    .unwrap();
    let p = project(&model, 2).unwrap();
    // 80 wanted, 90 stay: nobody is recruited, and 90 it is; then 81.
    close(p.years[0].recruits, 0.0);
    close(p.years[0].total, 90.0);
    close(p.years[1].total, 81.0);
    // 0.8·I − P = [−0.1]: no settling (the people here leave more slowly than −20 %).
    assert_eq!(p.steady_state, None);
    let why = p.no_steady_state.unwrap();
    assert!(why.contains("-20%"), "{why}");
    assert!(why.contains("does not settle"), "{why}");
}

#[test]
fn a_state_nobody_leaves_has_no_steady_state_and_no_expected_years() {
    let model = Model::from_json(
        r#"{"states": ["A", "B", "C"], "stocks": [10, 10, 0],
            "transitions": {"A": {"A": 0.5, "B": 0.25}, "B": {"B": 1}, "C": {"C": 0.5}},
            "recruitment": {"mode": "fixed", "total": 5, "distribution": {"A": 1}}}"#,
    )
    .unwrap();
    let p = project(&model, 5).unwrap();
    assert_eq!(p.steady_state, None);
    let why = p.no_steady_state.unwrap();
    assert!(why.starts_with("Nobody leaves `B`"), "{why}");
    assert!(why.contains("grows every year"), "{why}");
    // A leads to B, which nobody leaves; C is left within two years on average.
    let years = &p.expected_years_in_system;
    assert_eq!(years.get("A"), Some(&None));
    assert_eq!(years.get("B"), Some(&None));
    close(years.get("C").unwrap().unwrap(), 2.0);
    assert_eq!(p.from_entry.expected_years_in_system, None);
    assert_eq!(p.from_entry.reach, None);
    // B's head count grows by the 2.5 a year that reach it, and more.
    assert!(p.years[4].stocks.get("B").unwrap() > &20.0);

    let size = model.with_policy(Mode::FixedSize, None, 0.0).unwrap();
    let why = project(&size, 1).unwrap().no_steady_state.unwrap();
    assert!(why.contains("hold the whole head count"), "{why}");
}

#[test]
fn no_recruitment_has_no_long_run_structure() {
    let model = two_states(r#"{"mode": "fixed", "total": 0, "distribution": {"A": 1}}"#);
    let p = project(&model, 1).unwrap();
    assert_eq!(p.steady_state, None);
    assert!(p.no_steady_state.unwrap().contains("Nobody is recruited"));
    close(p.years[0].total, 130.0);
}

#[test]
fn a_recruit_reaches_b_three_times_in_four_after_two_and_a_half_years() {
    let model = two_states(r#"{"mode": "fixed", "total": 20, "distribution": {"A": 1}}"#);
    let p = project(&model, 1).unwrap();
    // From A: 0.3 to B against 0.1 out, so 3 in 4 reach B; the wait, given they do, is
    // geometric with 0.4 a year to end it: 1 / 0.4 = 2.5 years.
    let reach = p.from_entry.reach.unwrap();
    let b = reach.get("B").unwrap();
    close(b.probability, 0.75);
    close(b.expected_years.unwrap(), 2.5);
    let a = reach.get("A").unwrap();
    close(a.probability, 1.0);
    close(a.expected_years.unwrap(), 0.0);
    close(p.from_entry.expected_years_in_system.unwrap(), 6.25);
}

/// A four-state ladder with moves up, down and across, to check the closed forms against
/// the direct computations.
fn ladder() -> Model {
    Model::from_json(
        r#"{"states": ["L1", "L2", "L3", "M1"], "stocks": [40, 30, 10, 5],
            "transitions": {
              "L1": {"L1": 0.55, "L2": 0.3},
              "L2": {"L2": 0.6, "L3": 0.15, "M1": 0.1},
              "L3": {"L3": 0.8, "M1": 0.05},
              "M1": {"M1": 0.7, "L2": 0.1, "L3": 0.1}},
            "recruitment": {"mode": "fixed", "total": 12,
                            "distribution": {"L1": 0.6, "L2": 0.3, "L3": 0.1}}}"#,
    )
    .unwrap()
}

#[test]
fn reach_agrees_with_first_passage_times_solved_directly() {
    let model = ladder();
    let p = project(&model, 1).unwrap();
    let reach = p.from_entry.reach.unwrap();
    let n = model.states().len();
    let r = &model.recruitment().distribution;
    for target in 0..n {
        // Make `target` absorbing: Q is P without it; h = chance of reaching it,
        // g = E[time; reached], from (I − Q)·h = P[·][target] and (I − Q)·g = h.
        let others: Vec<usize> = (0..n).filter(|&i| i != target).collect();
        let q: Matrix = others
            .iter()
            .map(|&i| {
                others
                    .iter()
                    .map(|&j| f64::from(u8::from(i == j)) - model.transition(i, j))
                    .collect()
            })
            .collect();
        let inv = invert(&q).unwrap();
        let column: Vec<f64> = others
            .iter()
            .map(|&i| model.transition(i, target))
            .collect();
        let h: Vec<f64> = inv
            .iter()
            .map(|row| row.iter().zip(&column).map(|(a, b)| a * b).sum())
            .collect();
        let g: Vec<f64> = inv
            .iter()
            .map(|row| row.iter().zip(&h).map(|(a, b)| a * b).sum())
            .collect();
        let probability = r[target]
            + others
                .iter()
                .enumerate()
                .map(|(a, &i)| r[i] * h[a])
                .sum::<f64>();
        let time = others
            .iter()
            .enumerate()
            .map(|(a, &i)| r[i] * g[a])
            .sum::<f64>()
            / probability;
        let got = reach.get(&model.states()[target]).unwrap();
        close(got.probability, probability);
        close(got.expected_years.unwrap(), time);
    }
}

#[test]
fn expected_years_agree_with_the_sum_of_survival() {
    // Σ over t of the head count left from one person: e_i · Pᵗ, summed to a far horizon.
    let model = ladder();
    let p = project(&model, 1).unwrap();
    for (i, name) in model.states().iter().enumerate() {
        let mut v: Vec<f64> = (0..model.states().len())
            .map(|j| f64::from(u8::from(i == j)))
            .collect();
        let mut total = 0.0;
        for _ in 0..2000 {
            total += v.iter().sum::<f64>();
            v = row_times(&v, model.transitions());
        }
        let expected = p.expected_years_in_system.get(name).unwrap().unwrap();
        assert!(
            (expected - total).abs() < 1e-6,
            "{name}: {expected} vs {total}"
        );
    }
}

#[test]
fn the_projection_serialises_as_documented() {
    let model = two_states(r#"{"mode": "fixed", "total": 20, "distribution": {"A": 1}}"#);
    let json = serde_json::to_value(project(&model, 2).unwrap()).unwrap();
    let number = |v: &serde_json::Value| v.as_f64().expect("a number");
    assert_eq!(json["years"][0]["year"], 1);
    close(number(&json["years"][0]["stocks"]["A"]), 80.0);
    close(number(&json["years"][1]["exits"]), 22.0);
    close(number(&json["years"][1]["recruits"]), 20.0);
    close(number(&json["steady_state"]["stocks"]["B"]), 75.0);
    close(number(&json["expected_years_in_system"]["A"]), 6.25);
    close(
        number(&json["from_entry"]["reach"]["B"]["probability"]),
        0.75,
    );
    assert!(json.get("no_steady_state").is_none());
    let back: Projection = serde_json::from_value(json).unwrap();
    assert_eq!(back.years.len(), 2);
}
