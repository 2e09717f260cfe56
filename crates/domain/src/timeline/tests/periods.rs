//! Role over time: the role on a day for concrete histories, normalised across framework
//! versions, for a whole organisation, and (as a property) the same answer as the fold on
//! every history the rules accept.

use super::histories::{under, versions};
use super::properties::{appended, proposal};
use super::*;

fn track(id: &str) -> TrackId {
    TrackId::new(id).unwrap()
}

fn grade(id: &str) -> GradeId {
    GradeId::new(id).unwrap()
}

/// The role on `day` in the history's own version (version 1).
fn on(h: &History<(u32, &'static Framework)>, day: Date) -> Option<RoleOn> {
    role_on(&h.frameworks, &h.events, day, Terms::AsRecorded)
}

/// Status, level and `since`: what most of these tests look at.
fn brief(role: Option<RoleOn>) -> Option<(PersonStatus, LevelId, Date)> {
    role.map(|r| (r.status, r.level, r.since))
}

#[test]
fn before_the_first_hire_there_is_no_role_and_on_its_day_there_is() {
    let h = senior_engineer();
    assert_eq!(on(&h, date!(2018 - 01 - 07)), None);
    assert_eq!(
        on(&h, date!(2018 - 01 - 08)),
        Some(RoleOn {
            status: PersonStatus::Active,
            level: level("ic-2"),
            track: Some(track("ic")),
            grade: Some(grade("g2")),
            framework_version: 1,
            since: date!(2018 - 01 - 08),
            trial: None,
        })
    );
    assert_eq!(
        role_on(&h.frameworks, &[], date!(2030 - 01 - 01), Terms::AsRecorded),
        None
    );
}

#[test]
fn a_promotion_counts_from_its_own_day() {
    let h = senior_engineer();
    let active = PersonStatus::Active;
    assert_eq!(
        brief(on(&h, date!(2019 - 06 - 30))),
        Some((active, level("ic-2"), date!(2018 - 01 - 08)))
    );
    assert_eq!(
        brief(on(&h, date!(2019 - 07 - 01))),
        Some((active, level("ic-3"), date!(2019 - 07 - 01)))
    );
    let later = on(&h, date!(2024 - 01 - 01)).unwrap();
    assert_eq!(
        (later.level, later.grade),
        (level("ic-3"), Some(grade("g3")))
    );
}

#[test]
fn a_swing_to_management_and_back() {
    let mut h = manager();
    h.ok(move_to(date!(2022 - 05 - 02), None));
    let managing = on(&h, date!(2021 - 01 - 01)).unwrap();
    assert_eq!(
        (managing.level, managing.track, managing.grade),
        (level("em-1"), Some(track("management")), Some(grade("g4")))
    );
    // Back by the return path of Engineering Manager (em-1): Staff Engineer (ic-4).
    let back = on(&h, date!(2022 - 05 - 02)).unwrap();
    assert_eq!(
        (back.level, back.track, back.since),
        (level("ic-4"), Some(track("ic")), date!(2022 - 05 - 02))
    );
}

#[test]
fn a_trial_is_in_progress_from_its_start_to_its_end_and_its_extension_counts_from_its_day() {
    let mut h = on_trial();
    let planned = h.last().until.unwrap();
    let extended = date!(2021 - 03 - 01);
    h.ok(trial_extend(date!(2020 - 08 - 03), Some(extended)));
    h.ok(trial_end(date!(2021 - 02 - 01), Some(TrialOutcome::Return)));

    assert_eq!(on(&h, date!(2020 - 03 - 01)).unwrap().trial, None);
    let trial = |until| Trial {
        from_level: level("ic-3"),
        target: level("em-1"),
        started: date!(2020 - 03 - 02),
        until: Some(until),
    };
    let started = on(&h, date!(2020 - 03 - 02)).unwrap();
    assert_eq!(
        (started.level, started.trial),
        (level("em-1"), Some(trial(planned)))
    );
    // The extension is recorded, but a day before it still has the planned end.
    assert_eq!(
        on(&h, date!(2020 - 08 - 02)).unwrap().trial,
        Some(trial(planned))
    );
    assert_eq!(
        on(&h, date!(2020 - 08 - 03)).unwrap().trial,
        Some(trial(extended))
    );
    let ended = on(&h, date!(2021 - 02 - 01)).unwrap();
    assert_eq!(
        (ended.level, ended.trial, ended.since),
        (level("ic-4"), None, date!(2021 - 02 - 01))
    );
}

#[test]
fn a_trial_that_ends_with_a_stay_keeps_the_level_tried() {
    let mut h = on_trial();
    h.ok(trial_end(date!(2020 - 07 - 01), Some(TrialOutcome::Stay)));
    let stayed = on(&h, date!(2020 - 07 - 01)).unwrap();
    assert_eq!(
        (stayed.level, stayed.trial, stayed.since),
        (level("em-1"), None, date!(2020 - 03 - 02))
    );
}

#[test]
fn leave_and_a_career_break_keep_the_level_and_a_return_ends_them() {
    let mut h = senior_engineer();
    h.ok(leave(date!(2020 - 01 - 06)));
    h.ok(back(date!(2020 - 04 - 06)));
    h.ok(career_break(date!(2021 - 01 - 04)));
    h.ok(back(date!(2022 - 01 - 03)));
    let since = date!(2019 - 07 - 01);
    let ic3 = level("ic-3");
    for (day, status) in [
        (date!(2020 - 01 - 05), PersonStatus::Active),
        (date!(2020 - 01 - 06), PersonStatus::OnLeave),
        (date!(2020 - 04 - 06), PersonStatus::Active),
        (date!(2021 - 06 - 01), PersonStatus::OnCareerBreak),
        (date!(2022 - 01 - 03), PersonStatus::Active),
    ] {
        assert_eq!(
            brief(on(&h, day)),
            Some((status, ic3.clone(), since)),
            "{day}"
        );
    }
}

#[test]
fn after_an_exit_the_person_has_left_until_a_rehire() {
    let mut h = senior_engineer();
    h.ok(exit(date!(2021 - 06 - 30)));
    h.ok(hire(date!(2023 - 02 - 01), "ic-4"));
    assert_eq!(
        brief(on(&h, date!(2021 - 06 - 29))),
        Some((PersonStatus::Active, level("ic-3"), date!(2019 - 07 - 01)))
    );
    assert_eq!(
        brief(on(&h, date!(2021 - 06 - 30))),
        Some((PersonStatus::Exited, level("ic-3"), date!(2019 - 07 - 01)))
    );
    assert_eq!(
        brief(on(&h, date!(2023 - 02 - 01))),
        Some((PersonStatus::Active, level("ic-4"), date!(2023 - 02 - 01)))
    );
}

#[test]
fn a_corrected_event_no_longer_counts_even_on_its_own_day() {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2021 - 03 - 01), "ic-4"));
    // Recorded on the wrong day: corrected to 2021-04-01.
    let wrong = h.id_of(3);
    h.ok(RoleEvent {
        supersedes: Some(wrong),
        ..promotion(date!(2021 - 04 - 01), "ic-4")
    });
    assert_eq!(on(&h, date!(2021 - 03 - 15)).unwrap().level, level("ic-3"));
    assert_eq!(on(&h, date!(2021 - 04 - 01)).unwrap().level, level("ic-4"));
}

#[test]
fn a_scheduled_event_counts_only_from_its_date() {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2026 - 01 - 05), "ic-4"));
    h.ok(exit(date!(2027 - 06 - 30)));
    assert_eq!(on(&h, date!(2026 - 01 - 04)).unwrap().level, level("ic-3"));
    assert_eq!(on(&h, date!(2026 - 01 - 05)).unwrap().level, level("ic-4"));
    assert_eq!(
        on(&h, date!(2027 - 06 - 29)).unwrap().status,
        PersonStatus::Active
    );
    assert_eq!(
        on(&h, date!(2027 - 06 - 30)).unwrap().status,
        PersonStatus::Exited
    );
}

#[test]
fn the_role_is_expressed_in_the_version_asked_for() {
    // Senior Engineer is `ic-3` in version 1 and `ic-senior` in version 2; version 4 has no
    // such level.
    let mut h = History::on(versions());
    h.ok(hire(date!(2018 - 01 - 08), "ic-2"));
    h.ok(promotion(date!(2019 - 07 - 01), "ic-3"));
    h.ok(under(2, leave(date!(2020 - 01 - 06))));
    let day = date!(2020 - 02 - 01);
    let asked = |terms| role_on(&h.frameworks, &h.events, day, terms).unwrap();

    let recorded = asked(Terms::AsRecorded);
    assert_eq!(
        (recorded.level, recorded.framework_version),
        (level("ic-3"), 1)
    );
    let newer = asked(Terms::Version(2));
    assert_eq!(
        (
            newer.level.clone(),
            newer.framework_version,
            newer.track,
            newer.grade
        ),
        (level("ic-senior"), 2, Some(track("ic")), Some(grade("g3")))
    );
    // The fold reads the role in the version of the latest event: the same answer.
    let folded = fold_on(&h.frameworks, &h.events, day)
        .unwrap()
        .role
        .unwrap();
    assert_eq!(
        (folded.level, folded.framework_version),
        (newer.level, newer.framework_version)
    );
    // Without a counterpart, the level stays as recorded, and says so.
    let dropped = asked(Terms::Version(4));
    assert_eq!(
        (dropped.level, dropped.framework_version),
        (level("ic-3"), 1)
    );
}

#[test]
fn a_level_recorded_under_a_newer_version_reads_back_in_an_older_one() {
    let mut h = History::on(versions());
    h.ok(under(2, hire(date!(2018 - 01 - 08), "ic-senior")));
    let day = date!(2019 - 01 - 01);
    let role = role_on(&h.frameworks, &h.events, day, Terms::Version(1)).unwrap();
    assert_eq!(
        (role.level, role.framework_version, role.grade),
        (level("ic-3"), 1, Some(grade("g3")))
    );
}

#[test]
fn everyone_s_role_on_a_day() {
    let alex = senior_engineer().events;
    let mut sam = History::new();
    sam.ok(hire(date!(2017 - 03 - 01), "ic-4"));
    sam.ok(exit(date!(2019 - 01 - 31)));
    let sam: Vec<RoleEvent> = sam
        .events
        .into_iter()
        .map(|e| RoleEvent { person: OTHER, ..e })
        .collect();
    let mut kim = History::new();
    kim.ok(hire(date!(2022 - 09 - 01), "ic-1"));
    let kim: Vec<RoleEvent> = kim
        .events
        .into_iter()
        .map(|e| RoleEvent { person: THIRD, ..e })
        .collect();

    let roles = roles_on(
        &builtin_v1(),
        [alex.as_slice(), sam.as_slice(), kim.as_slice(), &[][..]],
        date!(2020 - 01 - 01),
        Terms::Version(1),
    );
    let brief: Vec<(PersonId, PersonStatus, LevelId)> = roles
        .into_iter()
        .map(|(person, r)| (person, r.status, r.level))
        .collect();
    // Kim is hired later, and the empty history has no one in it.
    let mut expected = vec![
        (PERSON, PersonStatus::Active, level("ic-3")),
        (OTHER, PersonStatus::Exited, level("ic-4")),
    ];
    expected.sort_by_key(|(person, ..)| *person);
    assert_eq!(brief, expected);
}

const OTHER: PersonId =
    PersonId::from_uuid(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0002));
const THIRD: PersonId =
    PersonId::from_uuid(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0003));

#[test]
fn a_history_the_rules_refuse_is_still_read_as_far_as_it_goes() {
    // A promotion dated before the hire: the fold refuses the history, and the role over
    // time passes the promotion over.
    let events = vec![
        RoleEvent {
            seq: 1,
            id: event_id(1),
            ..promotion(date!(2017 - 01 - 02), "ic-3")
        },
        RoleEvent {
            seq: 2,
            id: event_id(2),
            ..hire(date!(2018 - 01 - 08), "ic-2")
        },
    ];
    assert!(fold(&builtin_v1(), &events).is_err());
    let role = role_on(
        &builtin_v1(),
        &events,
        date!(2019 - 01 - 01),
        Terms::AsRecorded,
    );
    assert_eq!(brief(role).map(|(_, level, _)| level), Some(level("ic-2")));
}

#[test]
fn periods_follow_one_another_and_an_exit_ends_one() {
    let mut h = on_trial();
    h.ok(leave(date!(2020 - 06 - 01)));
    h.ok(back(date!(2020 - 07 - 01)));
    h.ok(trial_end(date!(2020 - 08 - 03), Some(TrialOutcome::Stay)));
    h.ok(exit(date!(2021 - 06 - 30)));
    let periods = periods(&h.events);
    let shape: Vec<(EventKind, Date, Option<Date>, bool)> = periods
        .iter()
        .map(|p| (p.began.kind, p.from, p.to, p.ended_by_exit))
        .collect();
    assert_eq!(
        shape,
        [
            (
                EventKind::Hire,
                date!(2018 - 01 - 08),
                Some(date!(2019 - 07 - 01)),
                false
            ),
            (
                EventKind::Promotion,
                date!(2019 - 07 - 01),
                Some(date!(2020 - 03 - 02)),
                false
            ),
            (
                EventKind::TrialStart,
                date!(2020 - 03 - 02),
                Some(date!(2020 - 06 - 01)),
                false
            ),
            (
                EventKind::Leave,
                date!(2020 - 06 - 01),
                Some(date!(2020 - 07 - 01)),
                false
            ),
            (
                EventKind::Return,
                date!(2020 - 07 - 01),
                Some(date!(2020 - 08 - 03)),
                false
            ),
            (
                EventKind::TrialEnd,
                date!(2020 - 08 - 03),
                Some(date!(2021 - 06 - 30)),
                true
            ),
        ]
    );
    // Time away during a trial keeps the trial, as the fold does.
    assert!(periods[3].trial.is_some() && periods[4].trial.is_some());
    assert_eq!(periods[5].trial, None);
    assert!(periods[0].starts_line && periods[1..].iter().all(|p| !p.starts_line));
}

/// The fold's role, in the terms of [`RoleOn`].
fn from_fold(role: CurrentRole) -> RoleOn {
    let grade = BUILTIN
        .level(&role.level)
        .and_then(|(_, l)| l.grade.clone());
    RoleOn {
        status: role.status,
        level: role.level,
        track: Some(role.track),
        grade,
        framework_version: role.framework_version,
        since: role.since,
        trial: role.trial,
    }
}

proptest! {
    #[test]
    fn the_role_on_a_day_is_the_fold_of_the_events_up_to_that_day(
        proposals in prop::collection::vec(proposal(), 0..60),
    ) {
        let events = appended(&proposals);
        let first = events.iter().map(|e| e.effective).min().unwrap();
        let days: BTreeSet<Date> = events
            .iter()
            .flat_map(|e| [e.effective, e.effective - Duration::days(1)])
            .collect();
        prop_assert_eq!(role_on(&builtin_v1(), &events, first - Duration::days(1), Terms::AsRecorded), None);
        for day in days {
            let expected = fold_on(&builtin_v1(), &events, day).unwrap().role.map(from_fold);
            for terms in [Terms::AsRecorded, Terms::Version(1)] {
                prop_assert_eq!(&role_on(&builtin_v1(), &events, day, terms), &expected, "on {}", day);
            }
        }
    }

    #[test]
    fn periods_are_contiguous_until_an_exit(
        proposals in prop::collection::vec(proposal(), 0..60),
    ) {
        let events = appended(&proposals);
        let periods = periods(&events);
        for pair in periods.windows(2) {
            prop_assert!(pair[0].from <= pair[1].from);
            if pair[0].ended_by_exit {
                prop_assert!(pair[1].starts_line);
            } else {
                prop_assert_eq!(pair[0].to, Some(pair[1].from));
            }
        }
        prop_assert!(periods.last().is_none_or(|p| p.to.is_none() || p.ended_by_exit));
    }
}
