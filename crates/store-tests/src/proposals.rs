//! Conformance tests of proposals: their lifecycle, isolation, the database refusing changes, erasure, and
//! concurrent confirmations.

use std::sync::Arc;

use pendulum_domain::timeline::fold;
use pendulum_domain::{AccountId, EventKind, PersonId, ProposalId, TimelineError};
use pendulum_store::prelude::*;
use pendulum_store::{
    AuditAction, AuditEntry, NewRoleEvent, ProposalStatus, Role, StoreError, TokenHash,
};

use crate::Backend;
use crate::fixtures::*;

/// A proposal is checked like an append when made and again when confirmed; confirming
/// appends exactly one event, deciding twice is refused, and a refused confirmation writes
/// nothing, not even the decision.
pub async fn proposal_lifecycle<S: Backend>(store: S) {
    let org = new_org(&store, "proposals").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let person = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let audit_before = org.audit(10_000).await.unwrap().len();

    // Refused with the same error as an append, and nothing is stored.
    for refused in [
        at(EventKind::Promotion, date(2021, 1, 1), "ic-1"),
        at(EventKind::Promotion, date(2019, 1, 1), "ic-3"),
        event(EventKind::Return, date(2021, 1, 1)),
    ] {
        let proposed = org.propose_event(person, refused.clone(), manager).await;
        let appended = org.append_event(person, refused).await;
        assert!(matches!(proposed, Err(StoreError::Rule(_))), "{proposed:?}");
        assert_eq!(format!("{proposed:?}"), format!("{appended:?}"));
    }
    expect_invalid(
        org.propose_event(
            person,
            NewRoleEvent::new(EventKind::Promotion, date(2021, 1, 1), 9).level(level("ic-3")),
            manager,
        )
        .await,
        "version 9",
    );
    expect_not_found(
        org.propose_event(
            PersonId::new(),
            at(EventKind::Hire, date(2020, 1, 1), "ic-1"),
            manager,
        )
        .await,
    );
    expect_not_found(
        org.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-3"),
            AccountId::new(),
        )
        .await,
    );
    assert_eq!(org.proposals(false).await.unwrap(), vec![]);
    assert_eq!(org.audit(10_000).await.unwrap().len(), audit_before);
    assert_eq!(org.events(person).await.unwrap().len(), 1);

    // A good proposal is stored, pending, with the event as given.
    let promotion = at(EventKind::Promotion, date(2021, 1, 1), "ic-3").reason("ready");
    let proposal = org
        .propose_event(person, promotion.clone(), manager)
        .await
        .unwrap();
    assert_eq!(
        (
            &proposal.event,
            proposal.person,
            proposal.proposed_by,
            &proposal.status
        ),
        (&promotion, person, manager, &ProposalStatus::Pending)
    );
    assert_eq!(org.proposal(proposal.id).await.unwrap(), proposal);
    assert_eq!(org.proposals(true).await.unwrap(), vec![proposal.clone()]);
    assert_eq!(org.events(person).await.unwrap().len(), 1);
    let made = actions_of(&org, AuditAction::ProposalMade).await;
    assert_eq!(made.len(), 1);
    assert_eq!(
        (made[0].subject.clone(), made[0].person),
        (format!("proposal/{}", proposal.id), Some(person))
    );

    // Confirming appends exactly one event through the append's path.
    let appended = org.confirm_proposal(proposal.id, admin).await.unwrap();
    assert_eq!(
        (appended.seq, appended.kind, appended.level.clone()),
        (2, EventKind::Promotion, Some(level("ic-3")))
    );
    assert_eq!(appended.reason.as_deref(), Some("ready"));
    let events = org.events(person).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1], appended);
    let role = org.current_role(person).await.unwrap().unwrap();
    assert_eq!((role.level, role.last_event_seq), (level("ic-3"), 2));
    let confirmed = org.proposal(proposal.id).await.unwrap();
    match &confirmed.status {
        ProposalStatus::Confirmed { by, event, .. } => {
            assert_eq!((*by, *event), (admin, appended.id));
        }
        other => panic!("expected confirmed, got {other:?}"),
    }
    let appends: Vec<AuditEntry> = actions_of(&org, AuditAction::RoleEventAppended)
        .await
        .into_iter()
        .filter(|e| e.subject == format!("role-event/{}", appended.id))
        .collect();
    assert_eq!(appends.len(), 1, "{}: one append audited", S::NAME);
    assert_eq!(appends[0].person, Some(person));
    assert_eq!(
        actions_of(&org, AuditAction::ProposalConfirmed).await[0].person,
        Some(person)
    );
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);

    // Deciding again is refused, and nothing more is appended.
    expect_invalid(org.confirm_proposal(proposal.id, admin).await, "decided");
    expect_invalid(
        org.decline_proposal(proposal.id, admin, None).await,
        "decided",
    );
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    expect_not_found(org.confirm_proposal(ProposalId::new(), admin).await);
    expect_not_found(org.decline_proposal(ProposalId::new(), admin, None).await);

    // Declined, then it cannot be confirmed.
    let move_to_em = org
        .propose_event(
            person,
            at(EventKind::Move, date(2022, 1, 1), "em-1"),
            manager,
        )
        .await
        .unwrap();
    let declined = org
        .decline_proposal(move_to_em.id, admin, Some("not now".into()))
        .await
        .unwrap();
    assert!(
        matches!(&declined.status, ProposalStatus::Declined { by, reason, .. }
            if *by == admin && reason.as_deref() == Some("not now")),
        "{declined:?}"
    );
    assert_eq!(org.proposal(move_to_em.id).await.unwrap(), declined);
    expect_invalid(org.confirm_proposal(move_to_em.id, admin).await, "decided");
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::ProposalDeclined).await.len(),
        1
    );

    // A proposal that the history outgrew is refused at confirmation, and nothing of the
    // confirmation is written.
    let stale = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2024, 1, 1), "ic-4"),
            manager,
        )
        .await
        .unwrap();
    org.append_event(person, at(EventKind::Promotion, date(2023, 1, 1), "ic-5"))
        .await
        .unwrap();
    let role_before = org.current_role(person).await.unwrap();
    let audit_before = org.audit(10_000).await.unwrap().len();
    let refused = org.confirm_proposal(stale.id, admin).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(TimelineError::PromotionNotHigher { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(org.events(person).await.unwrap().len(), 3);
    assert_eq!(org.current_role(person).await.unwrap(), role_before);
    assert_eq!(org.audit(10_000).await.unwrap().len(), audit_before);
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM proposal_decisions WHERE org_id = '{}' AND proposal_id = '{}'",
                org.org_id(),
                stale.id
            ))
            .await,
        0,
        "{}: a refused confirmation leaves no decision",
        S::NAME
    );
    assert!(org.proposal(stale.id).await.unwrap().status.is_pending());
    // It can still be declined.
    org.decline_proposal(stale.id, admin, None).await.unwrap();

    // Newest first; only pending ones when asked.
    let all: Vec<ProposalId> = org
        .proposals(false)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(all, vec![stale.id, move_to_em.id, proposal.id]);
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);
}

/// Another organisation's handle can neither see nor decide A's proposals, nor propose for
/// A's people; A cannot use B's accounts to propose or decide.
pub async fn proposals_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let manager = account(&a, "manager@a.test", Role::Manager).await;
    let b_admin = account(&b, "admin@b.test", Role::Admin).await;
    let person = hire(&a, "ada@a.test", "ic-1", date(2020, 1, 1)).await;
    let proposal = a
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            manager,
        )
        .await
        .unwrap();

    expect_not_found(b.proposal(proposal.id).await);
    assert_eq!(b.proposals(false).await.unwrap(), vec![]);
    expect_not_found(b.confirm_proposal(proposal.id, b_admin).await);
    expect_not_found(b.decline_proposal(proposal.id, b_admin, None).await);
    expect_not_found(
        b.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            b_admin,
        )
        .await,
    );
    // A's proposal decided by B's account: no such account in A.
    expect_not_found(a.confirm_proposal(proposal.id, b_admin).await);
    expect_not_found(a.decline_proposal(proposal.id, b_admin, None).await);
    expect_not_found(
        a.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            b_admin,
        )
        .await,
    );
    assert!(a.proposal(proposal.id).await.unwrap().status.is_pending());
    assert_eq!(a.events(person).await.unwrap().len(), 1);
    assert!(
        b.audit(1000)
            .await
            .unwrap()
            .iter()
            .all(|e| e.person != Some(person))
    );
}

/// The database itself refuses to change or delete proposals and decisions.
pub async fn database_refuses_changing_proposals<S: Backend>(store: S) {
    let org = new_org(&store, "append-only").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    let declined = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            manager,
        )
        .await
        .unwrap();
    org.decline_proposal(declined.id, manager, Some("no".into()))
        .await
        .unwrap();
    let o = org.org_id();
    for statement in [
        format!("UPDATE proposals SET reason = 'rewritten' WHERE org_id = '{o}'"),
        format!("DELETE FROM proposals WHERE org_id = '{o}'"),
        format!("UPDATE proposal_decisions SET decision = 'confirmed' WHERE org_id = '{o}'"),
        format!("UPDATE proposal_decisions SET reason = 'yes' WHERE org_id = '{o}'"),
        format!("DELETE FROM proposal_decisions WHERE org_id = '{o}'"),
    ] {
        let result = store.execute_raw(&statement).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{}: {statement} should be refused by a trigger, got {result:?}",
            S::NAME
        );
    }
    let kept = org.proposal(declined.id).await.unwrap();
    assert_eq!(kept.event.reason, None);
    assert!(
        matches!(kept.status, ProposalStatus::Declined { ref reason, .. }
        if reason.as_deref() == Some("no"))
    );
}

/// Erasing a person removes their proposals and the decisions on them, and invitations to
/// their email; other people's proposals stay.
pub async fn erasure_removes_proposals<S: Backend>(store: S) {
    let org = new_org(&store, "erase-proposals").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let address = "ada@example.com";
    let person = hire(&org, address, "ic-1", date(2020, 1, 1)).await;
    let bystander = hire(&org, "bob@example.com", "ic-1", date(2020, 1, 1)).await;
    let confirmed = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    org.confirm_proposal(confirmed.id, admin).await.unwrap();
    let declined = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2022, 1, 1), "ic-3"),
            admin,
        )
        .await
        .unwrap();
    org.decline_proposal(declined.id, admin, Some("later".into()))
        .await
        .unwrap();
    org.propose_event(
        person,
        at(EventKind::Promotion, date(2023, 1, 1), "ic-3"),
        admin,
    )
    .await
    .unwrap();
    let kept = org
        .propose_event(
            bystander,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    org.create_invitation(
        &email(address),
        Role::Member,
        false,
        admin,
        &TokenHash::of("ada's invitation"),
        in_an_hour(),
    )
    .await
    .unwrap();
    org.create_invitation(
        &email("carol@example.com"),
        Role::Member,
        false,
        admin,
        &TokenHash::of("carol's invitation"),
        in_an_hour(),
    )
    .await
    .unwrap();

    org.erase_person(&email(address)).await.unwrap();
    let o = org.org_id();
    for (table, condition) in [
        ("proposals", format!("person_id = '{person}'")),
        ("proposal_decisions", format!("person_id = '{person}'")),
        ("invitations", format!("email = '{address}'")),
        ("audit_log", format!("person_id = '{person}'")),
    ] {
        assert_eq!(
            store
                .count_raw(&format!(
                    "SELECT count(*) FROM {table} WHERE org_id = '{o}' AND {condition}"
                ))
                .await,
            0,
            "{}: {table} still holds the erased person's rows",
            S::NAME
        );
    }
    for id in [confirmed.id, declined.id] {
        expect_not_found(org.proposal(id).await);
    }
    assert_eq!(
        org.proposals(false)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![kept.id]
    );
    assert_eq!(org.invitations().await.unwrap().len(), 1);
    assert_eq!(store.count_raw("SELECT count(*) FROM erasures").await, 0);
}

/// Confirmations racing: of several deciders confirming the same proposal exactly one
/// appends, the others are told it was decided; proposals for the same history confirmed
/// at once all land (each fits in any order), with a gapless history that folds.
pub async fn concurrent_confirmations<S: Backend>(store: S) {
    let org = new_org(&store, "confirm-race").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;

    let proposal = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2020, 2, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(6));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let org = org.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.confirm_proposal(proposal.id, admin).await
            })
        })
        .collect();
    let mut confirmed = 0;
    for task in tasks {
        match task.await.expect("decider task") {
            Ok(_) => confirmed += 1,
            Err(StoreError::Invalid(message)) => assert!(message.contains("decided")),
            Err(other) => panic!("{}: {other:?}", S::NAME),
        }
    }
    assert_eq!(confirmed, 1, "{}: exactly one confirmation", S::NAME);
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::ProposalConfirmed).await.len(),
        1
    );

    // Different proposals for the same history, confirmed at once.
    let mut proposals = Vec::new();
    for k in 3..=7u8 {
        proposals.push(
            org.propose_event(
                person,
                at(EventKind::Promotion, date(2020, k, 1), &format!("ic-{k}")),
                admin,
            )
            .await
            .unwrap()
            .id,
        );
    }
    let start = Arc::new(tokio::sync::Barrier::new(proposals.len()));
    let tasks: Vec<_> = proposals
        .iter()
        .map(|&id| {
            let org = org.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.confirm_proposal(id, admin).await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("decider task").expect("confirm");
    }
    let stored = org.events(person).await.unwrap();
    assert_eq!(
        stored.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>(),
        "{}: gapless, unique sequence",
        S::NAME
    );
    let role = fold(&frameworks(&org).await, &stored).expect("the stored history folds");
    assert_eq!(role.level, level("ic-7"));
    assert_eq!(org.current_role(person).await.unwrap(), Some(role));
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);
}

/// A proposed correction keeps the event it corrects; confirming it appends the correction
/// (audited as one). A correction that another one overtook while it waited is refused on
/// confirmation, with nothing written.
pub async fn corrections_are_proposed<S: Backend>(store: S) {
    let org = new_org(&store, "proposed-corrections").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 6)).await;
    let wrong = org
        .append_event(person, at(EventKind::Promotion, date(2021, 3, 1), "ic-3"))
        .await
        .unwrap();

    let correction = at(EventKind::Promotion, date(2021, 3, 1), "ic-2")
        .reason("the promotion was to Engineer II")
        .supersedes(wrong.id);
    let proposal = org
        .propose_event(person, correction.clone(), manager)
        .await
        .unwrap();
    assert_eq!(proposal.event, correction);
    assert_eq!(
        org.proposal(proposal.id).await.unwrap().event.supersedes,
        Some(wrong.id)
    );
    let rival = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 4, 1), "ic-2")
                .reason("a month later")
                .supersedes(wrong.id),
            manager,
        )
        .await
        .unwrap();

    let appended = org.confirm_proposal(proposal.id, admin).await.unwrap();
    assert_eq!(appended.supersedes, Some(wrong.id));
    let role = org.current_role(person).await.unwrap().unwrap();
    assert_eq!(role.level, level("ic-2"));
    let corrected = actions_of(&org, AuditAction::RoleEventCorrected).await;
    assert_eq!(corrected.len(), 1);
    assert_eq!(corrected[0].subject, format!("role-event/{}", appended.id));

    let audit_before = org.audit(10_000).await.unwrap().len();
    let refused = org.confirm_proposal(rival.id, admin).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(TimelineError::SupersededTwice { .. }))
        ),
        "{refused:?}"
    );
    assert!(org.proposal(rival.id).await.unwrap().status.is_pending());
    assert_eq!(org.events(person).await.unwrap().len(), 3);
    assert_eq!(org.audit(10_000).await.unwrap().len(), audit_before);
}

/// The count of proposals waiting for a decision takes both kinds (a role history's and a
/// reporting line's), drops as each is decided, and sees only its organisation's.
pub async fn pending_proposals_are_counted<S: Backend>(store: S) {
    let org = new_org(&store, "counted").await;
    let other = new_org(&store, "other").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bo = hire(&org, "bo@example.com", "ic-2", date(2020, 1, 1)).await;
    assert_eq!(org.pending_proposals_count().await.unwrap(), 0);

    let promotion = org
        .propose_event(
            ada,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-3"),
            manager,
        )
        .await
        .unwrap();
    let another = org
        .propose_event(
            bo,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-3"),
            manager,
        )
        .await
        .unwrap();
    org.propose_reporting_change(
        ada,
        pendulum_store::NewReportingChange {
            effective: date(2021, 1, 1),
            manager: Some(bo),
            reason: None,
        },
        manager,
    )
    .await
    .unwrap();
    assert_eq!(org.pending_proposals_count().await.unwrap(), 3);
    assert_eq!(other.pending_proposals_count().await.unwrap(), 0);

    org.confirm_proposal(promotion.id, admin).await.unwrap();
    org.decline_proposal(another.id, admin, None).await.unwrap();
    assert_eq!(org.pending_proposals_count().await.unwrap(), 1);
    assert_eq!(
        org.proposals(true).await.unwrap().len() as u64
            + org.reporting_proposals(true).await.unwrap().len() as u64,
        1,
        "the count agrees with the listings"
    );
}
