//! Whole histories: a career in both directions, back-dated appends, corrections, what
//! makes a set of events a history, and levels across framework versions.

use super::*;

// ---------------------------------------------------------------- a whole career

#[test]
fn a_career_in_both_directions() {
    let mut h = History::new();
    let role = h.ok(hire(date!(2016 - 09 - 05), "ic-2"));
    assert_eq!(role.level, level("ic-2"));
    h.ok(promotion(date!(2018 - 04 - 02), "ic-3"));

    // A management trial from Senior Engineer, returned: the return path of em-1 is
    // Staff Engineer, above the level held before.
    let role = h.ok(trial_start(date!(2019 - 10 - 01), "em-1"));
    assert_eq!(
        (role.level.clone(), role.trial.is_some()),
        (level("em-1"), true)
    );
    h.ok(trial_extend(
        date!(2020 - 03 - 02),
        Some(date!(2020 - 06 - 30)),
    ));
    let role = h.ok(trial_end(date!(2020 - 06 - 30), Some(TrialOutcome::Return)));
    assert_eq!((role.level.clone(), role.trial), (level("ic-4"), None));

    // Later into management for good, and up it.
    h.ok(move_to(date!(2021 - 09 - 01), Some("em-1")));
    let role = h.ok(promotion(date!(2023 - 04 - 03), "em-2"));
    assert_eq!(role.level, level("em-2"));

    // Back to IC without naming a level: em-2's return path, Senior Staff Engineer, is
    // above Staff Engineer held before management.
    let role = h.ok(move_to(date!(2024 - 10 - 01), None));
    assert_eq!(
        (role.level.clone(), role.track.clone()),
        (level("ic-5"), TrackId::new("ic").unwrap())
    );
    assert_eq!(h.last().level, Some(level("ic-5")));

    h.ok(leave(date!(2025 - 02 - 03)));
    let role = h.ok(back(date!(2025 - 08 - 04)));
    assert_eq!(
        (role.status, role.level.clone(), role.since),
        (PersonStatus::Active, level("ic-5"), date!(2024 - 10 - 01))
    );

    let role = h.ok(exit(date!(2026 - 03 - 31)));
    assert_eq!(role.status, PersonStatus::Exited);

    let role = h.ok(hire(date!(2027 - 05 - 03), "ic-5"));
    assert_eq!(
        role,
        CurrentRole {
            status: PersonStatus::Active,
            level: level("ic-5"),
            track: TrackId::new("ic").unwrap(),
            framework_version: 1,
            since: date!(2027 - 05 - 03),
            hired: date!(2027 - 05 - 03),
            trial: None,
            last_event_seq: 12,
        }
    );
    let json = serde_json::to_string(&role).unwrap();
    assert_eq!(serde_json::from_str::<CurrentRole>(&json).unwrap(), role);
}

// ---------------------------------------------------------------- back-dated events

#[test]
fn a_back_dated_event_that_breaks_a_later_one_is_refused() {
    // A back-dated exit before a later promotion.
    let mut h = senior_engineer();
    h.ok(promotion(date!(2021 - 04 - 01), "ic-4"));
    assert_eq!(
        h.refused(exit(date!(2020 - 12 - 31))),
        TimelineError::AfterExit {
            kind: EventKind::Promotion,
            date: date!(2021 - 04 - 01),
            left: date!(2020 - 12 - 31)
        }
    );
    // A back-dated promotion to the level a later promotion reaches.
    assert_eq!(
        h.refused(promotion(date!(2020 - 06 - 01), "ic-4")),
        TimelineError::PromotionNotHigher {
            date: date!(2021 - 04 - 01),
            from: "Staff Engineer (ic-4)".into(),
            to: "Staff Engineer (ic-4)".into()
        }
    );
    // A back-dated return that leaves a later return with nothing to return from.
    h.ok(leave(date!(2022 - 01 - 03)));
    h.ok(back(date!(2022 - 07 - 01)));
    assert_eq!(
        h.refused(back(date!(2022 - 04 - 01))),
        TimelineError::NothingToReturnFrom {
            date: date!(2022 - 07 - 01)
        }
    );
}

#[test]
fn a_back_dated_event_that_fits_counts_in_date_order() {
    let mut h = History::new();
    h.ok(hire(date!(2018 - 01 - 08), "ic-2"));
    h.ok(promotion(date!(2021 - 04 - 01), "ic-4"));
    let role = h.ok(promotion(date!(2019 - 07 - 01), "ic-3"));
    assert_eq!(
        (role.level, role.since, role.last_event_seq),
        (level("ic-4"), date!(2021 - 04 - 01), 3)
    );
}

#[test]
fn a_back_dated_move_resolves_against_the_role_held_at_its_date() {
    // em-1 from 2018, em-2 from 2021. A move back to IC dated 2020 lands by em-1's return
    // path (Staff Engineer), not em-2's; the 2021 promotion then no longer fits.
    let mut h = History::new();
    h.ok(hire(date!(2015 - 01 - 05), "ic-3"));
    h.ok(move_to(date!(2018 - 01 - 08), Some("em-1")));
    h.ok(promotion(date!(2021 - 01 - 04), "em-2"));
    assert_eq!(
        h.refused(move_to(date!(2020 - 06 - 01), None)),
        TimelineError::PromotionAcrossTracks {
            date: date!(2021 - 01 - 04),
            from: "Staff Engineer (ic-4)".into(),
            from_track: "Individual contributor".into(),
            to: "Senior Engineering Manager (em-2)".into(),
            to_track: "Management".into()
        }
    );
}

// ---------------------------------------------------------------- corrections

#[test]
fn a_correction_takes_the_place_of_the_event_it_corrects() {
    let mut h = senior_engineer();
    let corrected = h.id_of(2);
    let role = h.ok(RoleEvent {
        supersedes: Some(corrected),
        ..promotion(date!(2019 - 09 - 02), "ic-4")
    });
    assert_eq!(
        (role.level.clone(), role.since),
        (level("ic-4"), date!(2019 - 09 - 02))
    );
    assert_eq!(role.last_event_seq, 3);

    // A correction of a correction.
    let role = h.ok(RoleEvent {
        supersedes: Some(h.id_of(3)),
        ..promotion(date!(2019 - 09 - 02), "ic-3")
    });
    assert_eq!(role.level, level("ic-3"));

    // The hire itself can be corrected, as long as the history stays possible.
    let role = h.ok(RoleEvent {
        supersedes: Some(h.id_of(1)),
        ..hire(date!(2018 - 01 - 08), "ic-1")
    });
    assert_eq!(
        (role.level, role.hired),
        (level("ic-3"), date!(2018 - 01 - 08))
    );
}

#[test]
fn a_correction_that_makes_the_history_impossible_is_refused() {
    let mut h = senior_engineer();
    let corrected = h.id_of(1);
    assert_eq!(
        h.refused(RoleEvent {
            supersedes: Some(corrected),
            ..hire(date!(2020 - 01 - 06), "ic-2")
        }),
        TimelineError::BeforeHire {
            kind: EventKind::Promotion,
            date: date!(2019 - 07 - 01),
            hired: date!(2020 - 01 - 06)
        }
    );
}

#[test]
fn a_correction_names_an_event_of_this_history_not_corrected_already() {
    let mut h = senior_engineer();
    assert_eq!(
        h.refused(RoleEvent {
            supersedes: Some(event_id(99)),
            ..promotion(date!(2019 - 09 - 02), "ic-4")
        }),
        TimelineError::SupersedesUnknown {
            kind: EventKind::Promotion,
            date: date!(2019 - 09 - 02),
            seq: 3
        }
    );
    let corrected = h.id_of(2);
    h.ok(RoleEvent {
        supersedes: Some(corrected),
        ..promotion(date!(2019 - 09 - 02), "ic-4")
    });
    let error = h.refused(RoleEvent {
        supersedes: Some(corrected),
        ..promotion(date!(2019 - 09 - 02), "ic-5")
    });
    assert_eq!(
        error,
        TimelineError::SupersededTwice {
            kind: EventKind::Promotion,
            date: date!(2019 - 07 - 01),
            target_seq: 2,
            first_seq: 3,
            second_seq: 4
        }
    );
    assert_eq!(
        error.to_string(),
        "The promotion on 2019-07-01 (event 2) is already corrected by event 3, so event 4 cannot correct it too; correct the correction instead."
    );
}

#[test]
fn a_correction_corrects_an_earlier_event() {
    let mut events = senior_engineer().events;
    events[0].supersedes = Some(events[1].id);
    assert_eq!(
        fold(&builtin_v1(), &events),
        Err(TimelineError::SupersedesLater {
            kind: EventKind::Hire,
            date: date!(2018 - 01 - 08),
            seq: 1,
            target_seq: 2
        })
    );
    events[0].supersedes = Some(events[0].id);
    assert_eq!(
        fold(&builtin_v1(), &events),
        Err(TimelineError::SupersedesLater {
            kind: EventKind::Hire,
            date: date!(2018 - 01 - 08),
            seq: 1,
            target_seq: 1
        })
    );
}

// ---------------------------------------------------------------- what makes a history

#[test]
fn a_history_is_one_person_with_unique_events() {
    let events = senior_engineer().events;

    let mut mixed = events.clone();
    mixed[1].person = PersonId::from_uuid(Uuid::from_u128(7));
    assert_eq!(
        fold(&builtin_v1(), &mixed),
        Err(TimelineError::MixedPeople { seq: 2 })
    );

    let mut same_seq = events.clone();
    same_seq[1].seq = 1;
    assert_eq!(
        fold(&builtin_v1(), &same_seq),
        Err(TimelineError::DuplicateSeq { seq: 1 })
    );

    let mut same_id = events.clone();
    same_id[1].id = same_id[0].id;
    assert_eq!(
        fold(&builtin_v1(), &same_id),
        Err(TimelineError::DuplicateEvent { seq: 2 })
    );

    // prepare treats the proposal as the newest event, whatever sequence number it carries.
    let (stored, role) = prepare(
        &builtin_v1(),
        &events,
        RoleEvent {
            seq: 1,
            ..promotion(date!(2021 - 01 - 04), "ic-4")
        },
    )
    .unwrap();
    assert_eq!((stored.seq, role.last_event_seq), (1, 3));
}

// ---------------------------------------------------------------- framework versions

/// Version 2 of the built-in framework renames Senior Engineer's id from `ic-3` to
/// `ic-senior`; version 3 drops it without a successor.
pub(super) fn versions() -> BTreeMap<u32, Framework> {
    let renamed = variant(|fw| {
        let senior = &mut fw.tracks[0].levels[2];
        senior.renamed_from = vec![senior.id.clone()];
        senior.id = level("ic-senior");
    });
    let dropped = variant(|fw| {
        fw.tracks[0].levels.remove(2);
    });
    BTreeMap::from([(1, BUILTIN.clone()), (2, renamed), (4, dropped)])
}

pub(super) fn under(version: u32, event: RoleEvent) -> RoleEvent {
    RoleEvent {
        framework_version: version,
        ..event
    }
}

#[test]
fn a_level_is_followed_into_later_versions_by_its_rename() {
    let mut h = History::on(versions());
    h.ok(hire(date!(2018 - 01 - 08), "ic-2"));
    h.ok(promotion(date!(2019 - 07 - 01), "ic-3"));
    let role = h.ok(under(2, leave(date!(2020 - 01 - 06))));
    assert_eq!(
        (role.level.clone(), role.framework_version, role.since),
        (level("ic-senior"), 2, date!(2019 - 07 - 01))
    );
    h.ok(under(2, back(date!(2020 - 04 - 06))));
    // Recorded under version 1 again: the level is read back by its earlier id.
    let role = h.ok(under(
        1,
        event(EventKind::Leave, date!(2020 - 06 - 01), Some("ic-3")),
    ));
    assert_eq!((role.level, role.framework_version), (level("ic-3"), 1));
    h.ok(under(2, back(date!(2020 - 09 - 01))));
    let role = h.ok(under(2, promotion(date!(2021 - 01 - 04), "ic-4")));
    assert_eq!((role.level, role.framework_version), (level("ic-4"), 2));
}

#[test]
fn a_level_without_a_counterpart_in_the_version_is_refused_where_it_matters() {
    let mut h = History::on(versions());
    h.ok(hire(date!(2018 - 01 - 08), "ic-3"));
    let error = h.refused(under(4, promotion(date!(2021 - 01 - 04), "ic-4")));
    assert_eq!(
        error,
        TimelineError::LevelNotInVersion {
            kind: EventKind::Promotion,
            date: date!(2021 - 01 - 04),
            held: "Senior Engineer (ic-3)".into(),
            held_version: 1,
            version: 4
        }
    );
    assert_eq!(
        error.to_string(),
        "The promotion on 2021-01-04 was recorded under framework version 4, which has no level for Senior Engineer (ic-3) (held under version 1) and no level renamed from it."
    );
    // A leave does not depend on the level, so it can be recorded under version 4.
    let role = h.ok(under(4, leave(date!(2021 - 01 - 04))));
    assert_eq!((role.level, role.framework_version), (level("ic-3"), 1));
}
