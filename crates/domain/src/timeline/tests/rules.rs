//! One test per rule, with the exact error: hire and baseline, levels and framework
//! versions, promotions and moves.

use super::*;

// ---------------------------------------------------------------- hire and baseline

#[test]
fn a_history_starts_with_a_hire_or_a_baseline() {
    let mut h = History::new();
    assert_eq!(
        h.refused(promotion(date!(2020 - 01 - 01), "ic-3")),
        TimelineError::NoHire {
            kind: EventKind::Promotion,
            date: date!(2020 - 01 - 01)
        }
    );
    let role = h.ok(baseline(date!(2020 - 01 - 01), "ic-3"));
    assert_eq!(role.hired, date!(2020 - 01 - 01));
    assert_eq!(role.status, PersonStatus::Active);
    assert_eq!(fold(&builtin_v1(), &[]), Err(TimelineError::NoEvents));
}

#[test]
fn nothing_comes_before_the_hire() {
    let mut h = senior_engineer();
    let error = h.refused(leave(date!(2017 - 12 - 01)));
    assert_eq!(
        error,
        TimelineError::BeforeHire {
            kind: EventKind::Leave,
            date: date!(2017 - 12 - 01),
            hired: date!(2018 - 01 - 08)
        }
    );
    assert_eq!(
        error.to_string(),
        "The start of leave on 2017-12-01 comes before the person joined on 2018-01-08: a history starts with a hire or a baseline."
    );
}

#[test]
fn a_second_hire_or_baseline_while_employed_is_refused() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(hire(date!(2021 - 01 - 04), "ic-4")),
        TimelineError::AlreadyHired {
            kind: EventKind::Hire,
            date: date!(2021 - 01 - 04),
            hired: date!(2018 - 01 - 08)
        }
    );
    assert_eq!(
        h.refused(baseline(date!(2021 - 01 - 04), "ic-3")),
        TimelineError::AlreadyHired {
            kind: EventKind::Baseline,
            date: date!(2021 - 01 - 04),
            hired: date!(2018 - 01 - 08)
        }
    );
}

// ---------------------------------------------------------------- levels and versions

#[test]
fn a_level_must_exist_in_the_framework_version() {
    let mut h = senior_engineer();
    let error = h.refused(promotion(date!(2021 - 01 - 04), "ic-9"));
    assert_eq!(
        error,
        TimelineError::UnknownLevel {
            kind: EventKind::Promotion,
            date: date!(2021 - 01 - 04),
            level: "ic-9".into(),
            version: 1
        }
    );
    assert_eq!(
        error.to_string(),
        "The promotion on 2021-01-04 names the level `ic-9`, which framework version 1 does not have."
    );
    // Even on a kind that keeps the level.
    assert_eq!(
        h.refused(event(EventKind::Leave, date!(2021 - 01 - 04), Some("ic-9"))),
        TimelineError::UnknownLevel {
            kind: EventKind::Leave,
            date: date!(2021 - 01 - 04),
            level: "ic-9".into(),
            version: 1
        }
    );
}

#[test]
fn the_framework_version_must_exist() {
    let mut h = senior_engineer();
    let proposed = RoleEvent {
        framework_version: 2,
        ..leave(date!(2021 - 01 - 04))
    };
    assert_eq!(
        h.refused(proposed),
        TimelineError::UnknownFrameworkVersion {
            kind: EventKind::Leave,
            date: date!(2021 - 01 - 04),
            version: 2
        }
    );
}

#[test]
fn kinds_that_place_the_person_need_a_level() {
    let mut h = senior_engineer();
    for kind in EventKind::ALL.into_iter().filter(|k| k.requires_level()) {
        let error = h.refused(event(kind, date!(2021 - 01 - 04), None));
        // Only a move from management can be completed by the return path; from IC it
        // stays incomplete.
        assert_eq!(
            error,
            TimelineError::MissingLevel {
                kind,
                date: date!(2021 - 01 - 04)
            },
            "{kind:?}"
        );
    }
}

#[test]
fn kinds_that_keep_the_level_may_restate_it_but_not_change_it() {
    let mut h = senior_engineer();
    h.ok(event(EventKind::Leave, date!(2021 - 01 - 04), Some("ic-3")));
    h.ok(back(date!(2021 - 04 - 05)));
    assert_eq!(
        h.refused(event(EventKind::Exit, date!(2022 - 01 - 31), Some("ic-4"))),
        TimelineError::LevelChangeNotAllowed {
            kind: EventKind::Exit,
            date: date!(2022 - 01 - 31),
            held: "Senior Engineer (ic-3)".into(),
            level: "Staff Engineer (ic-4)".into()
        }
    );
}

// ---------------------------------------------------------------- promotion

#[test]
fn a_promotion_stays_on_its_track() {
    let mut h = senior_engineer();
    let error = h.refused(promotion(date!(2021 - 01 - 04), "em-1"));
    assert_eq!(
        error,
        TimelineError::PromotionAcrossTracks {
            date: date!(2021 - 01 - 04),
            from: "Senior Engineer (ic-3)".into(),
            from_track: "Individual contributor".into(),
            to: "Engineering Manager (em-1)".into(),
            to_track: "Management".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "The promotion on 2021-01-04 names Engineering Manager (em-1) on the Management track, but the person holds Senior Engineer (ic-3) on the Individual contributor track; a change of track is a move, not a promotion."
    );
}

#[test]
fn a_promotion_goes_to_a_higher_level() {
    let mut h = senior_engineer();
    for to in ["ic-3", "ic-2"] {
        assert_eq!(
            h.refused(promotion(date!(2021 - 01 - 04), to)),
            TimelineError::PromotionNotHigher {
                date: date!(2021 - 01 - 04),
                from: "Senior Engineer (ic-3)".into(),
                to: describe_builtin(to)
            }
        );
    }
    // Skipping a level is a promotion too.
    let role = h.ok(promotion(date!(2021 - 01 - 04), "ic-5"));
    assert_eq!(role.level, level("ic-5"));
    assert_eq!(role.since, date!(2021 - 01 - 04));
}

#[test]
fn a_promotion_does_not_drop_grade() {
    // ic-4 sits above ic-3 in the list but, in this variant, at a lower grade.
    let fw = variant(|fw| fw.tracks[0].levels[3].grade = Some(GradeId::new("g2").unwrap()));
    let mut h = History::on((1, &fw));
    h.ok(hire(date!(2018 - 01 - 08), "ic-3"));
    assert_eq!(
        h.refused(promotion(date!(2019 - 01 - 07), "ic-4")),
        TimelineError::PromotionNotHigher {
            date: date!(2019 - 01 - 07),
            from: "Senior Engineer (ic-3)".into(),
            to: "Staff Engineer (ic-4)".into()
        }
    );
}

fn describe_builtin(id: &str) -> String {
    levels::describe(&BUILTIN, &level(id))
}

// ---------------------------------------------------------------- moves

#[test]
fn a_move_changes_track() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(move_to(date!(2021 - 01 - 04), Some("ic-4"))),
        TimelineError::MoveWithinTrack {
            date: date!(2021 - 01 - 04),
            from: "Senior Engineer (ic-3)".into(),
            to: "Staff Engineer (ic-4)".into(),
            track: "Individual contributor".into()
        }
    );
}

#[test]
fn a_move_follows_the_transition_policy() {
    let one_way = variant(|fw| {
        fw.transitions.allowed = vec![Move {
            from: TrackId::new("ic").unwrap(),
            to: TrackId::new("management").unwrap(),
        }]
    });
    let mut h = History::on((1, &one_way));
    h.ok(hire(date!(2018 - 01 - 08), "ic-4"));
    h.ok(move_to(date!(2019 - 01 - 07), Some("em-1")));
    let error = h.refused(move_to(date!(2021 - 01 - 04), Some("ic-4")));
    assert_eq!(
        error,
        TimelineError::MoveNotAllowed {
            kind: EventKind::Move,
            date: date!(2021 - 01 - 04),
            from_track: "Management".into(),
            to_track: "Individual contributor".into(),
            version: 1
        }
    );
    assert_eq!(
        error.to_string(),
        "The move between tracks on 2021-01-04 goes from the Management track to the Individual contributor track, which framework version 1 does not allow."
    );

    // A framework that lists no moves allows every move.
    let open = variant(|fw| fw.transitions.allowed.clear());
    let mut h = History::on((1, &open));
    h.ok(hire(date!(2018 - 01 - 08), "ic-4"));
    h.ok(move_to(date!(2019 - 01 - 07), Some("em-1")));
    h.ok(move_to(date!(2021 - 01 - 04), Some("ic-4")));
}

#[test]
fn a_move_from_management_without_a_level_lands_on_the_guaranteed_level() {
    // ic-3 before management; the return path of em-1 is ic-4, which is higher.
    let mut h = manager();
    let role = h.ok(move_to(date!(2022 - 05 - 02), None));
    assert_eq!(role.level, level("ic-4"));
    assert_eq!(role.track, TrackId::new("ic").unwrap());
    assert_eq!(h.last().level, Some(level("ic-4")));
    assert_eq!(h.last().reason, None);

    // ic-6 before management is higher than em-1's return path (ic-4).
    let mut h = History::new();
    h.ok(hire(date!(2015 - 01 - 05), "ic-6"));
    h.ok(move_to(date!(2019 - 01 - 07), Some("em-1")));
    assert_eq!(
        h.ok(move_to(date!(2021 - 01 - 04), None)).level,
        level("ic-6")
    );
}

#[test]
fn a_move_from_management_to_a_lower_level_is_raised_to_the_guarantee() {
    let mut h = manager();
    let role = h.ok(move_to(date!(2022 - 05 - 02), Some("ic-2")));
    assert_eq!(role.level, level("ic-4"));
    assert_eq!(
        h.last().reason.as_deref(),
        Some("Return path: lands on Staff Engineer (ic-4).")
    );

    // A reason already given is kept.
    let mut h = manager();
    h.ok(RoleEvent {
        reason: Some("Wants to build again".into()),
        ..move_to(date!(2022 - 05 - 02), Some("ic-3"))
    });
    assert_eq!(h.last().level, Some(level("ic-4")));
    assert_eq!(h.last().reason.as_deref(), Some("Wants to build again"));

    // A higher level is kept as asked.
    let mut h = manager();
    assert_eq!(
        h.ok(move_to(date!(2022 - 05 - 02), Some("ic-5"))).level,
        level("ic-5")
    );
    assert_eq!(h.last().reason, None);
}

#[test]
fn a_move_into_management_is_not_raised() {
    let mut h = senior_engineer();
    let role = h.ok(move_to(date!(2020 - 03 - 02), Some("em-1")));
    assert_eq!(role.level, level("em-1"));
    assert_eq!(h.last().reason, None);
}
