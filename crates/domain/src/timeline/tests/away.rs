//! Leave, career breaks, returns and exits.

use super::*;

#[test]
fn leave_and_career_breaks_start_only_when_active() {
    let mut h = senior_engineer();
    h.ok(leave(date!(2021 - 01 - 04)));
    let error = h.refused(career_break(date!(2021 - 02 - 01)));
    assert_eq!(
        error,
        TimelineError::NotActive {
            kind: EventKind::CareerBreak,
            date: date!(2021 - 02 - 01),
            status: PersonStatus::OnLeave
        }
    );
    assert_eq!(
        error.to_string(),
        "The start of a career break on 2021-02-01 cannot be recorded: the person is already on leave."
    );
    h.ok(back(date!(2021 - 06 - 01)));
    h.ok(career_break(date!(2022 - 01 - 03)));
    assert_eq!(
        h.refused(leave(date!(2022 - 02 - 01))),
        TimelineError::NotActive {
            kind: EventKind::Leave,
            date: date!(2022 - 02 - 01),
            status: PersonStatus::OnCareerBreak
        }
    );
}

#[test]
fn a_return_needs_something_to_return_from() {
    let mut h = senior_engineer();
    let error = h.refused(back(date!(2021 - 01 - 04)));
    assert_eq!(
        error,
        TimelineError::NothingToReturnFrom {
            date: date!(2021 - 01 - 04)
        }
    );
    assert_eq!(
        error.to_string(),
        "The return on 2021-01-04 has nothing to return from: the person is not on leave or a career break."
    );
}

#[test]
fn a_return_keeps_the_level_unless_it_names_one() {
    let mut h = senior_engineer();
    h.ok(career_break(date!(2021 - 01 - 04)));
    let role = h.ok(back(date!(2022 - 01 - 03)));
    assert_eq!(
        (role.status, role.level.clone(), role.since),
        (PersonStatus::Active, level("ic-3"), date!(2019 - 07 - 01))
    );

    h.ok(career_break(date!(2023 - 01 - 02)));
    let role = h.ok(event(
        EventKind::Return,
        date!(2024 - 01 - 08),
        Some("ic-4"),
    ));
    assert_eq!(
        (role.level, role.since),
        (level("ic-4"), date!(2024 - 01 - 08))
    );
}

#[test]
fn a_return_on_another_track_is_a_move_between_tracks() {
    // Back from a career break at a lower IC level than the return guarantee: raised.
    let mut h = manager();
    h.ok(career_break(date!(2021 - 01 - 04)));
    let role = h.ok(event(
        EventKind::Return,
        date!(2022 - 01 - 03),
        Some("ic-2"),
    ));
    assert_eq!(
        (role.level, role.since),
        (level("ic-4"), date!(2022 - 01 - 03))
    );
    assert_eq!(
        h.last().reason.as_deref(),
        Some("Return path: lands on Staff Engineer (ic-4).")
    );

    // And the transition policy applies.
    let one_way = variant(|fw| {
        fw.transitions.allowed = vec![Move {
            from: TrackId::new("ic").unwrap(),
            to: TrackId::new("management").unwrap(),
        }]
    });
    let mut h = History::on((1, &one_way));
    h.ok(hire(date!(2018 - 01 - 08), "em-1"));
    h.ok(leave(date!(2021 - 01 - 04)));
    assert_eq!(
        h.refused(event(
            EventKind::Return,
            date!(2021 - 07 - 05),
            Some("ic-4")
        )),
        TimelineError::MoveNotAllowed {
            kind: EventKind::Return,
            date: date!(2021 - 07 - 05),
            from_track: "Management".into(),
            to_track: "Individual contributor".into(),
            version: 1
        }
    );
}

#[test]
fn after_an_exit_only_a_rehire_follows() {
    let mut h = on_trial();
    let role = h.ok(exit(date!(2020 - 06 - 30)));
    assert_eq!(role.status, PersonStatus::Exited);
    assert_eq!(role.trial, None, "leaving ends a trial");
    let error = h.refused(promotion(date!(2021 - 01 - 04), "em-2"));
    assert_eq!(
        error,
        TimelineError::AfterExit {
            kind: EventKind::Promotion,
            date: date!(2021 - 01 - 04),
            left: date!(2020 - 06 - 30)
        }
    );
    assert_eq!(
        error.to_string(),
        "The promotion on 2021-01-04 comes after the person left on 2020-06-30; only a re-hire can follow."
    );
    assert_eq!(
        h.refused(exit(date!(2021 - 01 - 04))),
        TimelineError::AlreadyExited {
            date: date!(2021 - 01 - 04),
            left: date!(2020 - 06 - 30)
        }
    );
    assert_eq!(
        h.refused(baseline(date!(2021 - 01 - 04), "ic-3")),
        TimelineError::AfterExit {
            kind: EventKind::Baseline,
            date: date!(2021 - 01 - 04),
            left: date!(2020 - 06 - 30)
        }
    );
    let role = h.ok(hire(date!(2022 - 02 - 01), "ic-4"));
    assert_eq!(
        (role.status, role.hired, role.since),
        (
            PersonStatus::Active,
            date!(2022 - 02 - 01),
            date!(2022 - 02 - 01)
        )
    );
}
