//! Scheduled events: an event dated after the day asked about is checked like any other but
//! does not change the role in effect that day.

use super::*;

/// Senior Engineer (ic-3) since 2019-07-01, with a promotion to Staff Engineer (ic-4)
/// recorded for 2026-01-05.
fn promoted_in_2026() -> History<(u32, &'static Framework)> {
    let mut h = senior_engineer();
    h.ok(promotion(date!(2026 - 01 - 05), "ic-4"));
    h
}

#[test]
fn a_scheduled_promotion_is_not_in_effect_before_its_date() {
    let h = promoted_in_2026();
    let standing = fold_on(&h.frameworks, &h.events, date!(2025 - 12 - 01)).unwrap();
    let role = standing.role.expect("hired long before");
    assert_eq!(
        (role.level, role.since, role.last_event_seq),
        (level("ic-3"), date!(2019 - 07 - 01), 3)
    );
    assert_eq!(standing.next_change, Some(date!(2026 - 01 - 05)));
    assert_eq!(standing.last_event_seq, 3);
    // The day before is still the old role.
    let eve = fold_on(&h.frameworks, &h.events, date!(2026 - 01 - 04)).unwrap();
    assert_eq!(eve.role.unwrap().level, level("ic-3"));
}

#[test]
fn a_scheduled_promotion_takes_effect_on_its_date() {
    let h = promoted_in_2026();
    let standing = fold_on(&h.frameworks, &h.events, date!(2026 - 01 - 05)).unwrap();
    assert_eq!(
        standing,
        Standing {
            role: Some(fold(&h.frameworks, &h.events).unwrap()),
            next_change: None,
            last_event_seq: 3,
        }
    );
    assert_eq!(standing.role.unwrap().level, level("ic-4"));
}

#[test]
fn the_next_change_is_the_first_scheduled_event() {
    let mut h = promoted_in_2026();
    h.ok(promotion(date!(2027 - 04 - 01), "ic-5"));
    let standing = fold_on(&h.frameworks, &h.events, date!(2025 - 06 - 30)).unwrap();
    assert_eq!(standing.next_change, Some(date!(2026 - 01 - 05)));
    let standing = fold_on(&h.frameworks, &h.events, date!(2026 - 06 - 30)).unwrap();
    assert_eq!(
        (standing.role.unwrap().level, standing.next_change),
        (level("ic-4"), Some(date!(2027 - 04 - 01)))
    );
}

#[test]
fn before_a_scheduled_hire_nobody_holds_a_role() {
    let mut h = History::new();
    h.ok(hire(date!(2030 - 02 - 01), "ic-2"));
    let standing = fold_on(&h.frameworks, &h.events, date!(2030 - 01 - 31)).unwrap();
    assert_eq!(
        standing,
        Standing {
            role: None,
            next_change: Some(date!(2030 - 02 - 01)),
            last_event_seq: 1,
        }
    );
}

#[test]
fn a_scheduled_event_is_checked_against_the_role_before_it() {
    let mut h = promoted_in_2026();
    // Ignored by the role in effect, but still a history rule: a second promotion to the
    // same level is not a promotion.
    let error = h.refused(promotion(date!(2026 - 06 - 01), "ic-4"));
    assert!(matches!(error, TimelineError::PromotionNotHigher { .. }));
    // And a scheduled event that breaks an earlier rule makes the history fail to fold on
    // any day, not only after its date.
    let mut events = h.events.clone();
    let mut bad = promotion(date!(2028 - 01 - 01), "ic-2");
    bad.seq = 4;
    events.push(bad);
    assert!(fold_on(&h.frameworks, &events, date!(2020 - 01 - 01)).is_err());
}

#[test]
fn prepare_on_answers_with_the_role_in_effect() {
    let h = senior_engineer();
    let (stored, standing) = prepare_on(
        &h.frameworks,
        &h.events,
        promotion(date!(2026 - 01 - 05), "ic-4"),
        date!(2025 - 12 - 01),
    )
    .unwrap();
    assert_eq!(stored.level, Some(level("ic-4")));
    assert_eq!(standing.role.unwrap().level, level("ic-3"));
    assert_eq!(
        (standing.next_change, standing.last_event_seq),
        (Some(date!(2026 - 01 - 05)), 3)
    );
}

#[test]
fn a_scheduled_correction_leaves_today_alone() {
    // A correction recorded today that moves a past promotion into the future: the
    // promotion no longer counts today.
    let mut h = senior_engineer();
    let corrected = h.id_of(2);
    let mut moved = promotion(date!(2026 - 03 - 02), "ic-3");
    moved.supersedes = Some(corrected);
    h.ok(moved);
    let standing = fold_on(&h.frameworks, &h.events, date!(2026 - 01 - 01)).unwrap();
    assert_eq!(
        (standing.role.unwrap().level, standing.next_change),
        (level("ic-2"), Some(date!(2026 - 03 - 02)))
    );
}

proptest! {
    /// On any day, the role in effect is the fold of the events dated up to that day, and
    /// the next change is the first later event.
    #[test]
    fn the_role_on_a_day_is_the_fold_of_the_events_up_to_it(offset in 0i64..4000) {
        let mut h = promoted_in_2026();
        h.ok(leave(date!(2027 - 02 - 01)));
        h.ok(back(date!(2027 - 05 - 03)));
        let day = date!(2017 - 06 - 01) + Duration::days(offset);
        let standing = fold_on(&h.frameworks, &h.events, day).unwrap();
        let up_to: Vec<RoleEvent> =
            h.events.iter().filter(|e| e.effective <= day).cloned().collect();
        let expected = fold(&h.frameworks, &up_to).ok().map(|role| CurrentRole {
            last_event_seq: 5,
            ..role
        });
        prop_assert_eq!(standing.role, expected);
        let next = h.events.iter().map(|e| e.effective).filter(|d| *d > day).min();
        prop_assert_eq!(standing.next_change, next);
    }
}
