//! Conformance tests of role histories: appends, refused and back-dated events, the database refusing
//! changes to history, rebuilt projections, and concurrent appends.

use std::collections::BTreeSet;
use std::sync::Arc;

use pendulum_domain::timeline::fold;
use pendulum_domain::{
    EventKind, Money, PersonId, PersonStatus, RoleEvent, TimelineError, TrialOutcome,
};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::Currency;
use pendulum_store::prelude::*;
use pendulum_store::{Actor, AuditAction, DEFAULT_APPEND_RETRIES, NewRoleEvent, StoreError};

use crate::Backend;
use crate::fixtures::*;

/// The database itself, not only the store, refuses to change or delete history.
pub async fn database_refuses_changing_history<S: Backend>(store: S) {
    let org = new_org(&store, "history").await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    org.append_pay(
        person,
        Money {
            minor: 100,
            currency: Currency::new("GBP").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let o = org.org_id();
    for statement in [
        format!("UPDATE role_events SET reason = 'rewritten' WHERE org_id = '{o}'"),
        format!("DELETE FROM role_events WHERE org_id = '{o}'"),
        format!("UPDATE pay_events SET amount_minor = 1 WHERE org_id = '{o}'"),
        format!("DELETE FROM pay_events WHERE org_id = '{o}'"),
        format!("UPDATE framework_versions SET yaml = 'x' WHERE org_id = '{o}'"),
        format!("DELETE FROM framework_versions WHERE org_id = '{o}'"),
        format!("UPDATE audit_log SET actor = 'someone else' WHERE org_id = '{o}'"),
        format!("DELETE FROM audit_log WHERE org_id = '{o}'"),
    ] {
        let result = store.execute_raw(&statement).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{}: {statement} should be refused by a trigger, got {result:?}",
            S::NAME
        );
    }
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM role_events WHERE org_id = '{o}' AND reason IS NULL"
            ))
            .await,
        1
    );
    assert_eq!(org.pay_history(person).await.unwrap()[0].amount.minor, 100);
    assert_eq!(org.framework_yaml(1).await.unwrap(), ENGINEERING_YAML);
}

pub async fn append_and_current_role<S: Backend>(store: S) {
    let org = new_org(&store, "append")
        .await
        .acting_as(Actor::new("cli:test").unwrap());
    let person = org
        .create_person("Ada Lovelace", &email("ada@example.com"), None)
        .await
        .unwrap();
    assert_eq!(org.current_role(person.id).await.unwrap(), None);

    let hired = org
        .append_event(person.id, at(EventKind::Hire, date(2020, 1, 6), "ic-1"))
        .await
        .unwrap();
    assert_eq!((hired.seq, hired.person), (1, person.id));
    let promoted = org
        .append_event(
            person.id,
            at(EventKind::Promotion, date(2021, 3, 1), "ic-2").reason("ready for it"),
        )
        .await
        .unwrap();
    assert_eq!(promoted.seq, 2);
    assert_eq!(promoted.reason.as_deref(), Some("ready for it"));

    let events = org.events(person.id).await.unwrap();
    assert_eq!(events, vec![hired.clone(), promoted.clone()]);
    let role = org
        .current_role(person.id)
        .await
        .unwrap()
        .expect("a current role");
    assert_eq!(role, fold(&frameworks(&org).await, &events).unwrap());
    assert_eq!(role.level, level("ic-2"));
    assert_eq!(role.since, date(2021, 3, 1));
    assert_eq!(role.hired, date(2020, 1, 6));
    assert_eq!(role.last_event_seq, 2);

    org.append_event(person.id, event(EventKind::Leave, date(2022, 1, 1)))
        .await
        .unwrap();
    assert_eq!(
        org.person(person.id).await.unwrap().status,
        PersonStatus::OnLeave
    );

    let audit = org.audit(100).await.unwrap();
    let appended: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::RoleEventAppended)
        .collect();
    assert_eq!(appended.len(), 3);
    assert!(
        appended
            .iter()
            .all(|a| a.actor == "cli:test" && a.person == Some(person.id))
    );
    assert!(
        appended
            .iter()
            .any(|a| a.subject == format!("role-event/{}", hired.id))
    );
}

/// An impossible event is refused with the domain's error, and nothing of it is written:
/// no event, no projection change, no audit row.
pub async fn impossible_event_is_refused<S: Backend>(store: S) {
    let org = new_org(&store, "rules").await;
    let person = org
        .create_person("Ada", &email("ada@example.com"), None)
        .await
        .unwrap();
    let audit_before = org.audit(1000).await.unwrap().len();

    // Nothing may come before a hire.
    let refused = org
        .append_event(
            person.id,
            at(EventKind::Promotion, date(2020, 1, 1), "ic-2"),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Rule(TimelineError::NoHire { .. }))),
        "{refused:?}"
    );
    assert_eq!(org.events(person.id).await.unwrap(), vec![]);
    assert_eq!(org.current_role(person.id).await.unwrap(), None);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);

    org.append_event(person.id, at(EventKind::Hire, date(2020, 1, 1), "ic-2"))
        .await
        .unwrap();
    let role = org.current_role(person.id).await.unwrap();
    let audit_before = org.audit(1000).await.unwrap().len();
    for (proposed, what) in [
        (
            at(EventKind::Promotion, date(2019, 1, 1), "ic-3"),
            "before the hire",
        ),
        (
            at(EventKind::Promotion, date(2021, 1, 1), "ic-1"),
            "a lower level",
        ),
        (
            at(EventKind::Promotion, date(2021, 1, 1), "no-such-level"),
            "an unknown level",
        ),
        (
            event(EventKind::Return, date(2021, 1, 1)),
            "a return from nothing",
        ),
        (
            at(EventKind::Hire, date(2021, 1, 1), "ic-3"),
            "a second hire",
        ),
    ] {
        let result = org.append_event(person.id, proposed).await;
        assert!(
            matches!(result, Err(StoreError::Rule(_))),
            "{what}: {result:?}"
        );
    }
    let unpublished =
        NewRoleEvent::new(EventKind::Promotion, date(2021, 1, 1), 9).level(level("ic-3"));
    expect_invalid(org.append_event(person.id, unpublished).await, "version 9");
    assert_eq!(org.events(person.id).await.unwrap().len(), 1);
    assert_eq!(org.current_role(person.id).await.unwrap(), role);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);
    expect_not_found(
        org.append_event(
            PersonId::new(),
            at(EventKind::Hire, date(2020, 1, 1), "ic-1"),
        )
        .await,
    );
}

/// A back-dated event is checked against the events after it.
pub async fn back_dated_append_is_revalidated<S: Backend>(store: S) {
    let org = new_org(&store, "backdated").await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    org.append_event(person, at(EventKind::Promotion, date(2022, 1, 1), "ic-3"))
        .await
        .unwrap();

    // A promotion to ic-4 in 2021 would make the 2022 promotion to ic-3 a step down.
    let refused = org
        .append_event(person, at(EventKind::Promotion, date(2021, 1, 1), "ic-4"))
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(TimelineError::PromotionNotHigher { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(org.events(person).await.unwrap().len(), 2);

    // A promotion to ic-2 in 2021 fits between them: stored last, counted in date order.
    let fits = org
        .append_event(person, at(EventKind::Promotion, date(2021, 1, 1), "ic-2"))
        .await
        .unwrap();
    assert_eq!(fits.seq, 3);
    let role = org.current_role(person).await.unwrap().unwrap();
    assert_eq!((role.level, role.since), (level("ic-3"), date(2022, 1, 1)));
    assert_eq!(role.last_event_seq, 3);
}

/// Rebuilding every projection from the events gives the rows the appends wrote, and
/// repairs a damaged or missing one.
pub async fn rebuild_matches_incremental<S: Backend>(store: S) {
    let org = new_org(&store, "rebuild").await;
    let promoted = hire(&org, "promoted@example.com", "ic-1", date(2019, 1, 1)).await;
    org.append_event(promoted, at(EventKind::Promotion, date(2020, 1, 1), "ic-2"))
        .await
        .unwrap();
    let trialling = hire(&org, "trial@example.com", "ic-4", date(2018, 3, 1)).await;
    org.append_event(
        trialling,
        at(EventKind::TrialStart, date(2021, 1, 1), "em-1"),
    )
    .await
    .unwrap();
    let returned = hire(&org, "returned@example.com", "ic-4", date(2018, 3, 1)).await;
    org.append_event(
        returned,
        at(EventKind::TrialStart, date(2021, 1, 1), "em-1"),
    )
    .await
    .unwrap();
    org.append_event(
        returned,
        event(EventKind::TrialEnd, date(2021, 6, 1)).outcome(TrialOutcome::Return),
    )
    .await
    .unwrap();
    let away = hire(&org, "away@example.com", "ic-3", date(2019, 5, 1)).await;
    org.append_event(away, event(EventKind::Leave, date(2022, 1, 1)))
        .await
        .unwrap();
    let left = hire(&org, "left@example.com", "ic-2", date(2017, 1, 1)).await;
    org.append_event(left, event(EventKind::Exit, date(2020, 1, 1)))
        .await
        .unwrap();
    let newcomer = org
        .create_person("Newcomer", &email("new@example.com"), None)
        .await
        .unwrap()
        .id;

    let people = [promoted, trialling, returned, away, left, newcomer];
    let mut incremental = Vec::new();
    for person in people {
        incremental.push(org.current_role(person).await.unwrap());
    }
    assert!(
        incremental[1].as_ref().unwrap().trial.is_some(),
        "{:?}",
        incremental[1]
    );
    assert_eq!(incremental[5], None);

    // Damage one projection and lose another.
    let o = org.org_id();
    store
        .execute_raw(&format!(
            "UPDATE current_roles SET level_id = 'ic-7', status = 'exited'
             WHERE org_id = '{o}' AND person_id = '{promoted}'"
        ))
        .await
        .unwrap();
    store
        .execute_raw(&format!(
            "DELETE FROM current_roles WHERE org_id = '{o}' AND person_id = '{away}'"
        ))
        .await
        .unwrap();
    assert_ne!(org.current_role(promoted).await.unwrap(), incremental[0]);

    assert_eq!(org.rebuild_projections().await.unwrap(), 5);
    let all = frameworks(&org).await;
    for (person, expected) in people.iter().zip(&incremental) {
        let rebuilt = org.current_role(*person).await.unwrap();
        assert_eq!(&rebuilt, expected, "{person}");
        let events = org.events(*person).await.unwrap();
        if !events.is_empty() {
            assert_eq!(rebuilt, Some(fold(&all, &events).unwrap()));
        }
    }
}

/// Several writers append to the same person's history at once (on SQLite through
/// several pooled connections). Each appends a promotion that fits the history in any
/// order (ic-k on day k), so every writer must succeed eventually. Contention must really
/// happen (retries > 0), every acknowledged event must be stored exactly once, and the
/// stored history must fold.
pub async fn concurrent_appends_to_one_history<S: Backend>(store: S) {
    let org = new_org(&store, "race").await;
    let all = frameworks(&org).await;
    let mut retries = 0;
    for round in 0..ROUNDS {
        let person = hire(
            &org,
            &format!("racer{round}@example.com"),
            "ic-1",
            date(2020, 1, 1),
        )
        .await;
        let writers: Vec<u8> = (2..=7).collect();
        // All writers start together, so they read the same history.
        let start = Arc::new(tokio::sync::Barrier::new(writers.len()));
        let tasks: Vec<_> = writers
            .iter()
            .map(|&k| {
                let org = org.clone();
                let start = start.clone();
                let promotion = at(
                    EventKind::Promotion,
                    date(2020, 1 + k, 1),
                    &format!("ic-{k}"),
                );
                tokio::spawn(async move {
                    start.wait().await;
                    org.append_event_with_retry(person, promotion, DEFAULT_APPEND_RETRIES)
                        .await
                })
            })
            .collect();
        let mut acknowledged: Vec<RoleEvent> = Vec::new();
        for task in tasks {
            let (event, tries) = task.await.expect("writer task").expect("append");
            retries += tries;
            acknowledged.push(event);
        }

        let stored = org.events(person).await.unwrap();
        let seqs: Vec<u32> = stored.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (1..=7).collect::<Vec<_>>(),
            "{}: gapless, unique sequence",
            S::NAME
        );
        for event in &acknowledged {
            let copies: Vec<_> = stored.iter().filter(|s| s.id == event.id).collect();
            assert_eq!(
                copies,
                vec![event],
                "{}: acknowledged once, stored once",
                S::NAME
            );
        }
        let ids: BTreeSet<_> = stored.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), stored.len());
        let role = fold(&all, &stored).expect("the stored history folds");
        assert_eq!(role.level, level("ic-7"));
        assert_eq!(org.current_role(person).await.unwrap(), Some(role));
    }
    assert!(
        retries > 0,
        "{}: {} writers x {ROUNDS} rounds never conflicted, so the test proved nothing",
        S::NAME,
        6
    );
    eprintln!("{}: {retries} retries over {ROUNDS} rounds", S::NAME);
}

/// A correction (an event that supersedes an earlier one) takes the corrected event's place
/// in the projection and is audited as a correction. It may only name an event of the
/// same person's history in the same organisation, one not corrected already; each refusal
/// is the domain's rule and writes nothing.
pub async fn corrections_are_checked<S: Backend>(store: S) {
    let org = new_org(&store, "corrections").await;
    let ada = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 6)).await;
    let grace = hire(&org, "grace@example.com", "ic-1", date(2020, 1, 6)).await;
    let wrong = org
        .append_event(ada, at(EventKind::Promotion, date(2021, 3, 1), "ic-3"))
        .await
        .unwrap();

    let corrected = org
        .append_event(
            ada,
            at(EventKind::Promotion, date(2021, 3, 1), "ic-2")
                .reason("the promotion was to Engineer II")
                .supersedes(wrong.id),
        )
        .await
        .unwrap();
    assert_eq!(corrected.supersedes, Some(wrong.id));
    let role = org.current_role(ada).await.unwrap().unwrap();
    assert_eq!((role.level, role.last_event_seq), (level("ic-2"), 3));
    let events = org.events(ada).await.unwrap();
    assert_eq!(events.len(), 3, "the corrected event stays in the history");
    assert_eq!(events[2].supersedes, Some(wrong.id));

    let audit = org.audit(1000).await.unwrap();
    let corrections: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::RoleEventCorrected)
        .collect();
    assert_eq!(corrections.len(), 1, "{audit:?}");
    assert_eq!(
        corrections[0].subject,
        format!("role-event/{}", corrected.id)
    );
    assert_eq!(corrections[0].person, Some(ada));
    assert!(
        !audit
            .iter()
            .any(|a| a.action == AuditAction::RoleEventAppended
                && a.subject == format!("role-event/{}", corrected.id)),
        "a correction is audited once, as a correction"
    );

    let audit_before = audit.len();
    let grace_hire = org.events(grace).await.unwrap()[0].id;
    let other = new_org(&store, "elsewhere").await;
    let elsewhere = hire(&other, "ada@example.com", "ic-1", date(2020, 1, 6)).await;
    let elsewhere_hire = other.events(elsewhere).await.unwrap()[0].id;
    for (target, what) in [
        (grace_hire, "another person's event"),
        (elsewhere_hire, "another organisation's event"),
    ] {
        let refused = org
            .append_event(
                ada,
                at(EventKind::Hire, date(2020, 1, 6), "ic-1").supersedes(target),
            )
            .await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Rule(TimelineError::SupersedesUnknown { .. }))
            ),
            "{what}: {refused:?}"
        );
    }
    let twice = org
        .append_event(
            ada,
            at(EventKind::Promotion, date(2021, 3, 1), "ic-2").supersedes(wrong.id),
        )
        .await;
    assert!(
        matches!(
            twice,
            Err(StoreError::Rule(TimelineError::SupersededTwice { .. }))
        ),
        "{twice:?}"
    );
    // A correction the timeline refuses: a hire moved after the promotion.
    let impossible = org
        .append_event(
            ada,
            at(EventKind::Hire, date(2022, 1, 1), "ic-1").supersedes(events[0].id),
        )
        .await;
    assert!(
        matches!(
            impossible,
            Err(StoreError::Rule(TimelineError::BeforeHire { .. }))
        ),
        "{impossible:?}"
    );
    assert_eq!(org.events(ada).await.unwrap().len(), 3);
    assert_eq!(org.events(grace).await.unwrap().len(), 1);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);

    // The correction of a correction supersedes the newest.
    let again = org
        .append_event(
            ada,
            at(EventKind::Promotion, date(2021, 2, 1), "ic-2").supersedes(corrected.id),
        )
        .await
        .unwrap();
    let role = org.current_role(ada).await.unwrap().unwrap();
    assert_eq!(
        (role.since, role.last_event_seq),
        (date(2021, 2, 1), again.seq)
    );
}
