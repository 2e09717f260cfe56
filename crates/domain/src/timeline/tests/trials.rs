//! Management trials: start, extension, end, and where a return lands.

use super::*;

#[test]
fn a_trial_start_defaults_its_end_to_the_framework_trial_length() {
    let mut h = senior_engineer();
    let role = h.ok(trial_start(date!(2020 - 08 - 31), "em-1"));
    assert_eq!(h.last().until, Some(date!(2021 - 02 - 28)));
    assert_eq!(
        role.trial,
        Some(Trial {
            from_level: level("ic-3"),
            target: level("em-1"),
            started: date!(2020 - 08 - 31),
            until: Some(date!(2021 - 02 - 28)),
        })
    );
    // During a trial the current role is the trial's level.
    assert_eq!(role.level, level("em-1"));
    assert_eq!(role.track, TrackId::new("management").unwrap());
    assert_eq!(role.since, date!(2020 - 08 - 31));

    let short = variant(|fw| fw.transitions.trial_months = Some(3));
    let mut h = History::on((1, &short));
    h.ok(hire(date!(2018 - 01 - 08), "ic-3"));
    h.ok(trial_start(date!(2020 - 03 - 02), "em-1"));
    assert_eq!(h.last().until, Some(date!(2020 - 06 - 02)));

    let unset = variant(|fw| fw.transitions.trial_months = None);
    let mut h = History::on((1, &unset));
    h.ok(hire(date!(2018 - 01 - 08), "ic-3"));
    h.ok(trial_start(date!(2020 - 03 - 02), "em-1"));
    assert_eq!(h.last().until, Some(date!(2020 - 09 - 02)));
}

#[test]
fn a_trial_ends_after_it_starts() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(RoleEvent {
            until: Some(date!(2020 - 03 - 02)),
            ..trial_start(date!(2020 - 03 - 02), "em-1")
        }),
        TimelineError::TrialEndsBeforeStart {
            date: date!(2020 - 03 - 02),
            until: date!(2020 - 03 - 02)
        }
    );
}

#[test]
fn no_trial_inside_a_trial() {
    let mut h = on_trial();
    let error = h.refused(trial_start(date!(2020 - 05 - 04), "em-2"));
    assert_eq!(
        error,
        TimelineError::TrialInsideTrial {
            date: date!(2020 - 05 - 04),
            target: "Engineering Manager (em-1)".into(),
            started: date!(2020 - 03 - 02)
        }
    );
    assert_eq!(
        error.to_string(),
        "The management trial starting on 2020-05-04 would be a trial inside a trial: the trial at Engineering Manager (em-1) that started on 2020-03-02 has not ended."
    );
}

#[test]
fn a_trial_is_at_a_management_level_on_another_track() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(trial_start(date!(2020 - 03 - 02), "ic-5")),
        TimelineError::TrialTargetNotManagement {
            date: date!(2020 - 03 - 02),
            level: "Senior Staff Engineer (ic-5)".into(),
            track: "Individual contributor".into()
        }
    );
    let mut h = manager();
    assert_eq!(
        h.refused(trial_start(date!(2021 - 03 - 01), "em-2")),
        TimelineError::TrialWithinTrack {
            date: date!(2021 - 03 - 01),
            track: "Management".into()
        }
    );
}

#[test]
fn a_trial_start_follows_the_transition_policy() {
    let closed = variant(|fw| {
        fw.transitions.allowed = vec![Move {
            from: TrackId::new("management").unwrap(),
            to: TrackId::new("ic").unwrap(),
        }]
    });
    let mut h = History::on((1, &closed));
    h.ok(hire(date!(2018 - 01 - 08), "ic-3"));
    assert_eq!(
        h.refused(trial_start(date!(2020 - 03 - 02), "em-1")),
        TimelineError::MoveNotAllowed {
            kind: EventKind::TrialStart,
            date: date!(2020 - 03 - 02),
            from_track: "Individual contributor".into(),
            to_track: "Management".into(),
            version: 1
        }
    );
}

#[test]
fn promotions_and_moves_wait_for_the_trial_to_end() {
    let mut h = on_trial();
    for proposed in [
        promotion(date!(2020 - 05 - 04), "em-2"),
        move_to(date!(2020 - 05 - 04), Some("ic-4")),
    ] {
        let kind = proposed.kind;
        assert_eq!(
            h.refused(proposed),
            TimelineError::DuringTrial {
                kind,
                date: date!(2020 - 05 - 04),
                target: "Engineering Manager (em-1)".into(),
                started: date!(2020 - 03 - 02)
            }
        );
    }
}

#[test]
fn a_trial_extension_needs_a_trial_and_a_later_end() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(trial_extend(
            date!(2020 - 05 - 04),
            Some(date!(2020 - 12 - 01))
        )),
        TimelineError::NotInTrial {
            kind: EventKind::TrialExtend,
            date: date!(2020 - 05 - 04)
        }
    );
    let mut h = on_trial(); // planned end 2020-09-02
    assert_eq!(
        h.refused(trial_extend(date!(2020 - 08 - 03), None)),
        TimelineError::MissingTrialUntil {
            date: date!(2020 - 08 - 03)
        }
    );
    assert_eq!(
        h.refused(trial_extend(
            date!(2020 - 08 - 03),
            Some(date!(2020 - 09 - 02))
        )),
        TimelineError::TrialExtensionNotLater {
            date: date!(2020 - 08 - 03),
            until: date!(2020 - 09 - 02),
            current: date!(2020 - 09 - 02)
        }
    );
    let role = h.ok(trial_extend(
        date!(2020 - 08 - 03),
        Some(date!(2020 - 12 - 01)),
    ));
    assert_eq!(role.trial.unwrap().until, Some(date!(2020 - 12 - 01)));
}

#[test]
fn a_new_extension_follows_the_frameworks_limit_and_needs_a_reason() {
    // The built-in framework: one extension per trial, with a reason.
    let mut h = on_trial(); // planned end 2020-09-02
    let without_reason = RoleEvent {
        reason: Some("  ".into()),
        ..trial_extend(date!(2020 - 08 - 03), Some(date!(2020 - 12 - 01)))
    };
    let refused = h.refused(without_reason);
    assert_eq!(
        refused,
        TimelineError::ExtensionNeedsReason {
            date: date!(2020 - 08 - 03)
        }
    );
    assert!(refused.to_string().contains("needs a reason"), "{refused}");
    h.ok(trial_extend(
        date!(2020 - 08 - 03),
        Some(date!(2020 - 12 - 01)),
    ));
    let refused = h.refused(trial_extend(
        date!(2020 - 11 - 02),
        Some(date!(2021 - 03 - 01)),
    ));
    assert_eq!(
        refused,
        TimelineError::TooManyExtensions {
            date: date!(2020 - 11 - 02),
            max: 1
        }
    );
    assert_eq!(
        refused.to_string(),
        "The management trial cannot be extended again on 2020-11-02: the framework allows \
         1 extension per trial, and this trial has had 1. End it instead: the person keeps \
         the role or returns."
    );
    // The trial ends; a later trial has an extension of its own.
    h.ok(trial_end(date!(2020 - 12 - 01), Some(TrialOutcome::Return)));
    h.ok(trial_start(date!(2022 - 03 - 01), "em-1"));
    h.ok(trial_extend(
        date!(2022 - 08 - 01),
        Some(date!(2022 - 12 - 01)),
    ));
}

#[test]
fn histories_with_more_extensions_than_allowed_still_fold() {
    // Stored or imported before the limit: two extensions, the second without a reason.
    let mut h = on_trial();
    h.ok(trial_extend(
        date!(2020 - 08 - 03),
        Some(date!(2020 - 12 - 01)),
    ));
    let mut events = h.events.clone();
    let seq = h.last().seq + 1;
    events.push(RoleEvent {
        seq,
        id: event_id(u128::from(seq)),
        reason: None,
        ..trial_extend(date!(2020 - 11 - 02), Some(date!(2021 - 03 - 01)))
    });
    let role = fold(&h.frameworks, &events).expect("an older history folds");
    assert_eq!(role.trial.unwrap().until, Some(date!(2021 - 03 - 01)));
    // A framework that allows more lets a new one through.
    let generous = variant(|fw| fw.transitions.extensions.max = Some(3));
    let mut h = History {
        frameworks: (1, &generous),
        events,
    };
    h.ok(trial_extend(
        date!(2021 - 02 - 01),
        Some(date!(2021 - 06 - 01)),
    ));
    let refused = h.refused(trial_extend(
        date!(2021 - 05 - 03),
        Some(date!(2021 - 09 - 01)),
    ));
    assert_eq!(
        refused,
        TimelineError::TooManyExtensions {
            date: date!(2021 - 05 - 03),
            max: 3
        }
    );
}

#[test]
fn a_trial_end_needs_a_trial_and_an_outcome() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Stay))),
        TimelineError::NotInTrial {
            kind: EventKind::TrialEnd,
            date: date!(2020 - 09 - 01)
        }
    );
    let mut h = on_trial();
    assert_eq!(
        h.refused(trial_end(date!(2020 - 09 - 01), None)),
        TimelineError::MissingOutcome {
            date: date!(2020 - 09 - 01)
        }
    );
}

#[test]
fn a_trial_that_ends_with_a_stay_keeps_the_trial_level() {
    let mut h = on_trial();
    assert_eq!(
        h.refused(RoleEvent {
            level: Some(level("em-2")),
            ..trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Stay))
        }),
        TimelineError::StayLevelMismatch {
            date: date!(2020 - 09 - 01),
            target: "Engineering Manager (em-1)".into(),
            level: "Senior Engineering Manager (em-2)".into()
        }
    );
    let role = h.ok(trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Stay)));
    assert_eq!(role.level, level("em-1"));
    assert_eq!(role.trial, None);
    assert_eq!(
        role.since,
        date!(2020 - 03 - 02),
        "placed at em-1 by the trial"
    );
}

#[test]
fn a_trial_that_ends_with_a_return_lands_on_the_higher_of_before_and_return_path() {
    // From ic-3: the return path of em-1 (ic-4) is higher.
    let mut h = on_trial();
    let role = h.ok(trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Return)));
    assert_eq!(
        (role.level, role.trial, role.since),
        (level("ic-4"), None, date!(2020 - 09 - 01))
    );
    assert_eq!(h.last().level, Some(level("ic-4")));

    // From ic-5: the level held before is higher than em-1's return path.
    let mut h = History::new();
    h.ok(hire(date!(2016 - 01 - 04), "ic-5"));
    h.ok(trial_start(date!(2020 - 03 - 02), "em-1"));
    let role = h.ok(trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Return)));
    assert_eq!(role.level, level("ic-5"));

    // A lower level asked for is raised.
    let mut h = on_trial();
    h.ok(RoleEvent {
        level: Some(level("ic-3")),
        ..trial_end(date!(2020 - 09 - 01), Some(TrialOutcome::Return))
    });
    assert_eq!(h.last().level, Some(level("ic-4")));
    assert_eq!(
        h.last().reason.as_deref(),
        Some("Return path: lands on Staff Engineer (ic-4).")
    );
}
