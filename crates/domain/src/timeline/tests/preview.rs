//! What a preview says before an event is recorded: the later entries a back-dated event
//! precedes, and the level the rules record instead of the one asked for.

use super::*;

const TODAY: Date = date!(2024 - 06 - 03);

#[test]
fn an_event_after_every_other_needs_no_confirmation() {
    let h = senior_engineer();
    let p = preview(
        &h.frameworks,
        &h.events,
        promotion(date!(2021 - 01 - 04), "ic-4"),
        TODAY,
    )
    .unwrap();
    assert!(p.later.is_empty());
    assert!(!p.needs_confirmation());
    assert_eq!(p.backdated_warning(), None);
    assert_eq!(p.raised, None);
    assert_eq!(p.events.len(), 3);
    assert_eq!(p.event.seq, 3);
    assert_eq!(p.standing.role.unwrap().level, level("ic-4"));
}

#[test]
fn a_back_dated_event_names_the_entries_it_precedes() {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2021 - 01 - 04), "ic-4"));
    // Between the hire (2018) and the promotion to ic-3 (2019-07-01): a leave.
    let p = preview(
        &h.frameworks,
        &h.events,
        leave(date!(2019 - 01 - 07)),
        TODAY,
    )
    .unwrap();
    assert!(p.needs_confirmation());
    let later: Vec<u32> = p.later.iter().map(|e| e.seq).collect();
    assert_eq!(later, [2, 3]);
    let warning = p.backdated_warning().unwrap();
    assert!(
        warning.starts_with("Dated 2019-01-07, this entry comes before 2 entries"),
        "{warning}"
    );
    assert!(
        warning.contains("the promotion of 2019-07-01 (entry 2)"),
        "{warning}"
    );
    assert!(
        warning.contains("the promotion of 2021-01-04 (entry 3)"),
        "{warning}"
    );
    // The resulting history holds the event in place, under the next sequence number.
    assert_eq!(p.events.len(), 4);
    assert_eq!(p.events.last().unwrap().seq, 4);
}

#[test]
fn an_entry_on_the_same_day_as_the_latest_is_not_back_dated() {
    let h = senior_engineer();
    let p = preview(
        &h.frameworks,
        &h.events,
        leave(date!(2019 - 07 - 01)),
        TODAY,
    )
    .unwrap();
    assert!(!p.needs_confirmation());
}

#[test]
fn a_corrected_entry_is_not_among_those_preceded() {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2021 - 01 - 04), "ic-4"));
    let corrected = h.id_of(3);
    let correction = RoleEvent {
        supersedes: Some(corrected),
        reason: Some("The promotion came earlier.".to_string()),
        ..promotion(date!(2020 - 01 - 06), "ic-4")
    };
    let p = preview(&h.frameworks, &h.events, correction, TODAY).unwrap();
    assert!(p.later.is_empty(), "{:?}", p.later);
    assert!(!p.needs_confirmation());
}

#[test]
fn a_back_dated_correction_is_warned_about_but_needs_no_confirmation() {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2021 - 01 - 04), "ic-4"));
    let correction = RoleEvent {
        supersedes: Some(h.id_of(2)),
        reason: Some("The promotion came earlier.".to_string()),
        ..promotion(date!(2019 - 04 - 01), "ic-3")
    };
    let p = preview(&h.frameworks, &h.events, correction, TODAY).unwrap();
    let later: Vec<u32> = p.later.iter().map(|e| e.seq).collect();
    assert_eq!(later, [3]);
    assert!(p.backdated_warning().is_some());
    assert!(
        !p.needs_confirmation(),
        "a correction is a deliberate rewrite"
    );
}

#[test]
fn a_refused_event_is_refused_by_the_preview_too() {
    let h = senior_engineer();
    let error = preview(
        &h.frameworks,
        &h.events,
        promotion(date!(2019 - 01 - 07), "ic-4"),
        TODAY,
    )
    .expect_err("a promotion that makes the later one impossible");
    assert_eq!(
        Err(error),
        prepare(
            &h.frameworks,
            &h.events,
            promotion(date!(2019 - 01 - 07), "ic-4")
        )
        .map(|_| ())
    );
}

#[test]
fn a_move_back_below_the_return_path_says_which_level_and_why() {
    let h = manager();
    let p = preview(
        &h.frameworks,
        &h.events,
        move_to(date!(2022 - 01 - 03), Some("ic-1")),
        TODAY,
    )
    .unwrap();
    let raised = p.raised.expect("the return path raises the level");
    assert_eq!(raised.asked, Some(level("ic-1")));
    assert_eq!(raised.recorded, p.event.level.clone().unwrap());
    let path = BUILTIN.transitions.return_paths[&level("em-1")].clone();
    assert_eq!(raised.recorded, path);
    let (_, ic1) = BUILTIN.level(&level("ic-1")).unwrap();
    let (_, landed) = BUILTIN.level(&path).unwrap();
    assert_eq!(
        raised.explanation,
        format!(
            "Recorded at {} ({}), not {} (ic-1): the return path of Engineering Manager (em-1) \
             guarantees {} ({}).",
            landed.title, landed.id, ic1.title, landed.title, landed.id
        )
    );
}

#[test]
fn a_move_at_or_above_the_return_path_is_recorded_as_asked() {
    let h = manager();
    let p = preview(
        &h.frameworks,
        &h.events,
        move_to(date!(2022 - 01 - 03), Some("ic-5")),
        TODAY,
    )
    .unwrap();
    assert_eq!(p.raised, None);
    assert_eq!(p.event.level, Some(level("ic-5")));
}

#[test]
fn a_move_back_without_a_level_says_where_it_lands() {
    let h = manager();
    let p = preview(
        &h.frameworks,
        &h.events,
        move_to(date!(2022 - 01 - 03), None),
        TODAY,
    )
    .unwrap();
    let raised = p.raised.unwrap();
    assert_eq!(raised.asked, None);
    assert!(
        raised.explanation.starts_with("Recorded at "),
        "{}",
        raised.explanation
    );
    assert!(
        !raised.explanation.contains(", not "),
        "{}",
        raised.explanation
    );
}

#[test]
fn a_trial_that_ends_in_a_return_explains_its_landing_when_raised() {
    let h = on_trial();
    let p = preview(
        &h.frameworks,
        &h.events,
        RoleEvent {
            outcome: Some(TrialOutcome::Return),
            ..event(EventKind::TrialEnd, date!(2020 - 09 - 01), Some("ic-1"))
        },
        TODAY,
    )
    .unwrap();
    let raised = p
        .raised
        .expect("ic-1 is below the level held before the trial");
    assert!(
        raised
            .explanation
            .contains("management trial that ends in a return"),
        "{}",
        raised.explanation
    );
}

#[test]
fn raised_levels_lists_the_levels_below_a_managers_return() {
    let h = manager();
    let raised = raised_levels(&h.frameworks, &h.events, 1, TODAY);
    let path = BUILTIN.transitions.return_paths[&level("em-1")].clone();
    assert!(
        raised.contains(&(level("ic-1"), path.clone())),
        "{raised:?}"
    );
    assert!(
        raised.iter().all(|(_, landed)| landed == &path),
        "{raised:?}"
    );
    assert!(
        !raised.iter().any(|(asked, _)| asked == &path),
        "{raised:?}"
    );
}

#[test]
fn raised_levels_is_empty_for_someone_in_individual_contribution() {
    let h = senior_engineer();
    assert!(raised_levels(&h.frameworks, &h.events, 1, TODAY).is_empty());
    assert!(raised_levels(&h.frameworks, &[], 1, TODAY).is_empty());
}

#[test]
fn raised_because_says_why_in_the_words_of_the_explanation() {
    let h = manager();
    let why = raised_because(&h.frameworks, &h.events, 1, TODAY).expect("a reason");
    let path = &BUILTIN.transitions.return_paths[&level("em-1")];
    assert!(
        why.starts_with("the return path of Engineering Manager (em-1) guarantees "),
        "{why}"
    );
    assert!(why.ends_with(&format!("({path})")), "{why}");
    // The explanation of a raised move ends with the same reason.
    let p = preview(
        &h.frameworks,
        &h.events,
        event(EventKind::Move, TODAY, Some("ic-1")),
        TODAY,
    )
    .unwrap();
    let explanation = p.raised.expect("raised").explanation;
    assert!(explanation.ends_with(&format!(": {why}.")), "{explanation}");

    let ic = senior_engineer();
    assert_eq!(raised_because(&ic.frameworks, &ic.events, 1, TODAY), None);
    assert_eq!(raised_because(&ic.frameworks, &[], 1, TODAY), None);
}
