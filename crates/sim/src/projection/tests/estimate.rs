//! The estimate on a handmade history, on the built-in framework (version 1), today
//! 2026-06-30 and a window of two years: dates 2024-06-30, 2025-06-30 and 2026-06-30.
//!
//! | who            | history                                   | counted on the dates   |
//! |----------------|-------------------------------------------|------------------------|
//! | 6 people       | hired 2020 at ic-2                        | ic-2, ic-2, ic-2       |
//! | Promoted       | hired 2020 at ic-2, ic-3 from 2025-01-01  | ic-2, ic-3, ic-3       |
//! | Leaver         | hired 2020 at ic-2, left 2025-03-01       | ic-2, –, –             |
//! | 3 seniors      | hired 2020 at ic-3                        | ic-3, ic-3, ic-3       |
//! | Junior         | hired 2024-09-01 at ic-1                  | –, ic-1, ic-1          |
//! | Brief          | hired 2025-02-01, left 2025-05-01         | –, –, –                |
//! | Late           | hired 2026-01-10 at ic-3                  | –, –, ic-3             |
//! | Manager        | hired 2019 at em-1, on leave from 2025-01 | em-1, em-1, em-1       |

use std::sync::LazyLock;

use pendulum_domain::{EventId, EventKind, PersonId, RoleEvent};
use pendulum_framework::ids::LevelId;
use pendulum_framework::{Framework, builtin, check_str};
use time::macros::date;
use time::{Date, OffsetDateTime};

use super::super::linalg::row_times;
use super::super::*;
use super::close;

static BUILTIN: LazyLock<Framework> = LazyLock::new(|| {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .expect("the built-in framework checks")
        .framework
});

fn event(person: PersonId, seq: u32, kind: EventKind, on: Date, level: Option<&str>) -> RoleEvent {
    RoleEvent {
        id: EventId::new(),
        person,
        seq,
        kind,
        effective: on,
        recorded_at: OffsetDateTime::UNIX_EPOCH,
        framework_version: 1,
        level: level.map(|l| LevelId::new(l).unwrap()),
        until: None,
        outcome: None,
        reason: None,
        supersedes: None,
    }
}

/// One person's history: a hire, then `(kind, day, level)` events.
fn person(hired: Date, at: &str, then: &[(EventKind, Date, Option<&str>)]) -> Vec<RoleEvent> {
    let who = PersonId::new();
    let mut events = vec![event(who, 1, EventKind::Hire, hired, Some(at))];
    for (seq, (kind, on, level)) in (2..).zip(then) {
        events.push(event(who, seq, *kind, *on, *level));
    }
    events
}

fn organisation() -> Vec<Vec<RoleEvent>> {
    let mut all = Vec::new();
    for _ in 0..6 {
        all.push(person(date!(2020 - 03 - 01), "ic-2", &[]));
    }
    all.push(person(
        date!(2020 - 03 - 01),
        "ic-2",
        &[(EventKind::Promotion, date!(2025 - 01 - 01), Some("ic-3"))],
    ));
    all.push(person(
        date!(2020 - 03 - 01),
        "ic-2",
        &[(EventKind::Exit, date!(2025 - 03 - 01), None)],
    ));
    for _ in 0..3 {
        all.push(person(date!(2020 - 03 - 01), "ic-3", &[]));
    }
    all.push(person(date!(2024 - 09 - 01), "ic-1", &[]));
    all.push(person(
        date!(2025 - 02 - 01),
        "ic-1",
        &[(EventKind::Exit, date!(2025 - 05 - 01), None)],
    ));
    all.push(person(date!(2026 - 01 - 10), "ic-3", &[]));
    all.push(person(
        date!(2019 - 03 - 01),
        "em-1",
        &[(EventKind::Leave, date!(2025 - 01 - 01), None)],
    ));
    all
}

fn options() -> EstimateOptions {
    EstimateOptions {
        today: date!(2026 - 06 - 30),
        window_years: 2,
        framework_version: 1,
    }
}

fn estimated() -> Estimate {
    let histories = organisation();
    estimate(
        &(1, &*BUILTIN),
        histories.iter().map(Vec::as_slice),
        options(),
    )
    .unwrap()
}

#[test]
fn transitions_exits_and_hires_are_counted_year_by_year() {
    let e = estimated();
    let model = e.model();
    // In the framework's order: ic levels, then management.
    assert_eq!(model.states(), ["ic-1", "ic-2", "ic-3", "em-1"]);
    let at = |name: &str| model.states().iter().position(|s| s == name).unwrap();
    // ic-2: 8 people-years in 2024–25 (6 stay, 1 promoted, 1 left), 6 in 2025–26 (stay).
    close(model.transition(at("ic-2"), at("ic-2")), 12.0 / 14.0);
    close(model.transition(at("ic-2"), at("ic-3")), 1.0 / 14.0);
    close(model.exit_probability(at("ic-2")), 1.0 / 14.0);
    // ic-3: 3 then 4 person-years, all stays; ic-1: 1, a stay.
    close(model.transition(at("ic-3"), at("ic-3")), 1.0);
    close(model.transition(at("ic-1"), at("ic-1")), 1.0);
    // Leave is not an exit: the manager stays in em-1 both years.
    close(model.transition(at("em-1"), at("em-1")), 1.0);
    // Today: 6 at ic-2, 5 at ic-3 (promoted, seniors, the late hire), 1 each at ic-1, em-1.
    assert_eq!(model.stocks(), [1.0, 6.0, 5.0, 1.0]);
    // Two recruits counted (the junior, the late hire); the brief hire is seen by no date.
    assert_eq!(e.hires_by_year, [1, 1]);
    close(e.hires_per_year(), 1.0);
    assert_eq!(model.recruitment().distribution, [0.5, 0.0, 0.5, 0.0]);
    assert_eq!(model.recruitment().mode, Mode::FixedSize);
    assert_eq!(
        e.dates,
        [
            date!(2024 - 06 - 30),
            date!(2025 - 06 - 30),
            date!(2026 - 06 - 30)
        ]
    );
}

#[test]
fn a_years_rates_carry_that_years_head_counts_to_the_next() {
    // With a window of one year (2024-06-30 to 2025-06-30), one step of the model from the
    // head counts of 2024-06-30, plus that year's recruits where they arrived, gives the
    // head counts of 2025-06-30: nobody is lost or counted twice between the dates.
    let histories = organisation();
    let e = estimate(
        &(1, &*BUILTIN),
        histories.iter().map(Vec::as_slice),
        EstimateOptions {
            today: date!(2025 - 06 - 30),
            window_years: 1,
            framework_version: 1,
        },
    )
    .unwrap();
    let model = e.model();
    assert_eq!(model.states(), ["ic-1", "ic-2", "ic-3", "em-1"]);
    let counted_2024 = [0.0, 8.0, 3.0, 1.0];
    let mut next = row_times(&counted_2024, model.transitions());
    let recruits = f64::from(e.hires_by_year[0]);
    for (n, share) in next.iter_mut().zip(&model.recruitment().distribution) {
        *n += recruits * share;
    }
    assert_eq!(model.stocks(), [1.0, 6.0, 4.0, 1.0]);
    for (got, want) in next.iter().zip(model.stocks()) {
        close(*got, *want);
    }
}

#[test]
fn states_resting_on_fewer_than_five_people_are_merged_into_their_track() {
    let e = estimated();
    let report = e.report();
    // ic-1 rests on 1 person: merged, and the smallest shown state of the track (ic-3, 5
    // people) joins it so the group rests on 6; em-1 is a whole track of one: withheld.
    let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["ic-2", "ic: other levels", "management: all levels"]
    );
    let merged: Vec<(&str, &str)> = report
        .merged
        .iter()
        .map(|m| (m.state.as_str(), m.group.as_str()))
        .collect();
    assert_eq!(
        merged,
        [
            ("ic-1", "ic: other levels"),
            ("ic-3", "ic: other levels"),
            ("em-1", "management: all levels")
        ]
    );
    let other = &report.groups[1];
    assert_eq!(
        (other.people, other.stock, other.withheld),
        (Some(6), Some(6), false)
    );
    let management = &report.groups[2];
    assert_eq!(
        (management.people, management.stock, management.withheld),
        (None, None, true)
    );
    assert_eq!(report.groups[0].people, Some(8));
    assert_eq!(
        report.groups[0].levels[0].title.as_deref(),
        Some("Engineer II")
    );

    // Rows: ic-2 rests on 14 person-years; "other levels" on 1 + 7; management on none shown.
    assert_eq!(report.transitions.len(), 2);
    let ic2 = &report.transitions[0];
    assert_eq!((ic2.from.as_str(), ic2.observed), ("ic-2", 14));
    let to: Vec<(&str, u32)> = ic2.to.iter().map(|r| (r.to.as_str(), r.count)).collect();
    assert_eq!(to, [("ic-2", 12), ("ic: other levels", 1)]);
    assert_eq!((ic2.exit.count, ic2.exit.out_of), (1, 14));
    // The 95 % Wilson interval of 1 in 14.
    assert!((ic2.exit.low - 0.0127).abs() < 1e-4, "{}", ic2.exit.low);
    assert!((ic2.exit.high - 0.3147).abs() < 1e-4, "{}", ic2.exit.high);
    let other = &report.transitions[1];
    assert_eq!(other.observed, 8);
    assert_eq!(other.to.len(), 1);
    assert_eq!(other.to[0].count, 8);
    // Both recruits arrived in "other levels".
    let shares: Vec<(&str, u32, u32)> = report
        .recruitment
        .shares
        .iter()
        .map(|r| (r.to.as_str(), r.count, r.out_of))
        .collect();
    assert_eq!(shares, [("ic: other levels", 2, 2)]);
    assert!(
        report.notes.iter().any(|n| n.contains("`management`")),
        "{:?}",
        report.notes
    );
}

#[test]
fn a_projection_is_shown_by_group() {
    let e = estimated();
    let projection = project(e.model(), 3).unwrap();
    let shown = e.disclose(&projection);
    assert_eq!(
        shown.start.stocks.names().collect::<Vec<_>>(),
        ["ic-2", "ic: other levels"]
    );
    close(*shown.start.stocks.get("ic: other levels").unwrap(), 6.0);
    // The totals stay the organisation's, the withheld manager included.
    close(shown.start.total, 13.0);
    for (full, part) in projection.years.iter().zip(&shown.years) {
        close(full.total, part.total);
        let ic: f64 = ["ic-1", "ic-2", "ic-3"]
            .iter()
            .map(|s| full.stocks.get(s).unwrap())
            .sum();
        close(part.stocks.0.iter().map(|(_, v)| v).sum(), ic);
    }
    // No single state resting on fewer than five people is named in what is shown.
    let json = serde_json::to_string(&shown).unwrap();
    assert!(!json.contains("\"ic-1\":"), "{json}");
    assert!(!json.contains("\"em-1\":"), "{json}");
    assert!(
        shown
            .notes
            .iter()
            .any(|n| n.contains("`ic-1` in `ic: other levels`")),
        "{:?}",
        shown.notes
    );
}

#[test]
fn the_window_and_the_history_are_checked() {
    let histories = organisation();
    for years in [0, MAX_WINDOW_YEARS + 1] {
        let err = estimate(
            &(1, &*BUILTIN),
            histories.iter().map(Vec::as_slice),
            EstimateOptions {
                window_years: years,
                ..options()
            },
        )
        .unwrap_err();
        assert_eq!(err, EstimateError::Window(years));
    }
    let err = estimate(
        &(1, &*BUILTIN),
        histories.iter().map(Vec::as_slice),
        EstimateOptions {
            today: date!(2019 - 01 - 01),
            ..options()
        },
    )
    .unwrap_err();
    assert!(matches!(err, EstimateError::NoHistory { .. }), "{err:?}");
}

#[test]
fn a_state_first_seen_today_leaves_at_the_overall_rate() {
    // Six people hired at ic-4 in 2026: nobody was there a year before today.
    let mut histories = organisation();
    for _ in 0..6 {
        histories.push(person(date!(2026 - 01 - 10), "ic-4", &[]));
    }
    let e = estimate(
        &(1, &*BUILTIN),
        histories.iter().map(Vec::as_slice),
        options(),
    )
    .unwrap();
    let at = e.model().states().iter().position(|s| s == "ic-4").unwrap();
    // Overall: 1 exit (the leaver) in 8 + 1 + 3 (2024–25) and 6 + 4 + 1 + 1 (2025–26) =
    // 24 person-years.
    close(e.model().exit_probability(at), 1.0 / 24.0);
    close(e.model().transition(at, at), 23.0 / 24.0);
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("Nobody was counted in `ic-4`")),
        "{:?}",
        e.notes
    );
}

#[test]
fn states_not_shown_alone_leave_at_their_groups_rate() {
    // One of the three seniors leaves in 2025–26. "ic: other levels" (ic-1 and ic-3)
    // rests on 1 + 7 person-years with that one exit: both leave at 1 in 8, where ic-1
    // alone would never leave and ic-3 alone would leave at 1 in 7.
    let mut histories = organisation();
    let senior = histories
        .iter_mut()
        .find(|h| {
            h.len() == 1
                && h[0].level.as_ref().unwrap().as_str() == "ic-3"
                && h[0].effective == date!(2020 - 03 - 01)
        })
        .unwrap();
    let who = senior[0].person;
    senior.push(event(who, 2, EventKind::Exit, date!(2025 - 09 - 01), None));
    let e = estimate(
        &(1, &*BUILTIN),
        histories.iter().map(Vec::as_slice),
        options(),
    )
    .unwrap();
    let model = e.model();
    let at = |name: &str| model.states().iter().position(|s| s == name).unwrap();
    close(model.exit_probability(at("ic-1")), 1.0 / 8.0);
    close(model.transition(at("ic-1"), at("ic-1")), 7.0 / 8.0);
    close(model.exit_probability(at("ic-3")), 1.0 / 8.0);
    close(model.transition(at("ic-3"), at("ic-3")), 7.0 / 8.0);
    // ic-2 is shown on its own, and keeps its own rates.
    close(model.exit_probability(at("ic-2")), 1.0 / 14.0);
    // The report shows the group's own counts.
    let report = e.report();
    let other = report
        .transitions
        .iter()
        .find(|r| r.from == "ic: other levels")
        .unwrap();
    assert_eq!((other.exit.count, other.exit.out_of), (1, 8));
}

#[test]
fn anniversaries_of_29_february_fall_on_the_28th() {
    assert_eq!(
        years_before(date!(2024 - 02 - 29), 1),
        date!(2023 - 02 - 28)
    );
    assert_eq!(
        years_before(date!(2024 - 02 - 29), 4),
        date!(2020 - 02 - 29)
    );
    assert_eq!(
        years_before(date!(2026 - 06 - 30), 0),
        date!(2026 - 06 - 30)
    );
}

#[test]
fn wilson_intervals_match_published_values() {
    // 0 of 10: (0, 0.2775); 5 of 10: (0.2366, 0.7634).
    let (low, high) = wilson(0, 10);
    assert_eq!(low, 0.0);
    assert!((high - 0.2775).abs() < 1e-4, "{high}");
    let (low, high) = wilson(5, 10);
    assert!((low - 0.2366).abs() < 1e-4, "{low}");
    assert!((high - 0.7634).abs() < 1e-4, "{high}");
    assert_eq!(wilson(0, 0), (0.0, 1.0));
}

#[test]
fn by_person_groups_each_persons_events() {
    let histories = organisation();
    let mut flat: Vec<RoleEvent> = histories.iter().flatten().cloned().collect();
    flat.reverse();
    let grouped = by_person(flat);
    assert_eq!(grouped.len(), histories.len());
    assert!(
        grouped
            .iter()
            .all(|h| h.iter().all(|e| e.person == h[0].person))
    );
}
