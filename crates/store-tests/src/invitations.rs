//! Conformance tests of invitations: their lifecycle, concurrent acceptances, and the inviter's pay
//! approval they carry.

use std::sync::Arc;

use pendulum_domain::AccountId;
use pendulum_store::prelude::*;
use pendulum_store::{Actor, AuditAction, Role, StoreError, TokenHash};

use crate::Backend;
use crate::fixtures::*;

/// An invitation is pending until it is used, expires or is replaced by a newer one for
/// the same email; accepting creates the account it describes, once.
pub async fn invitation_lifecycle<S: Backend>(store: S) {
    let org = new_org(&store, "invites")
        .await
        .acting_as(Actor::new("account:admin").unwrap());
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let hash = TokenHash::of("invitation one");
    let invitation = org
        .create_invitation(
            &email("New@Example.com"),
            Role::Manager,
            true,
            admin,
            &hash,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            invitation.email.as_str(),
            invitation.role,
            invitation.pay,
            invitation.invited_by,
            invitation.accepted_at
        ),
        ("new@example.com", Role::Manager, true, admin, None)
    );
    assert_eq!(
        org.invitation_by_token_hash(&hash).await.unwrap(),
        Some(invitation.clone())
    );
    assert_eq!(org.invitations().await.unwrap(), vec![invitation.clone()]);
    let created = actions_of(&org, AuditAction::InvitationCreated).await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].subject, format!("invitation/{}", invitation.id));
    assert!(!created[0].subject.contains("example.com"));

    // A second invitation with the same token hash is refused.
    expect_invalid(
        org.create_invitation(
            &email("other@example.com"),
            Role::Member,
            false,
            admin,
            &hash,
            in_an_hour(),
        )
        .await,
        "token",
    );
    expect_invalid(org.accept_invitation(&hash, "hunter2").await, "PHC");
    assert!(org.invitation_by_token_hash(&hash).await.unwrap().is_some());

    let created = org.accept_invitation(&hash, OTHER_HASH).await.unwrap();
    assert_eq!(
        (
            created.email.as_str(),
            created.role,
            created.pay,
            created.org,
            created.password_hash.as_str()
        ),
        (
            "new@example.com",
            Role::Manager,
            true,
            org.org_id(),
            OTHER_HASH
        )
    );
    assert_eq!(
        org.account_by_email(&email("new@example.com"))
            .await
            .unwrap(),
        Some(created.clone())
    );
    expect_not_found(org.accept_invitation(&hash, OTHER_HASH).await);
    assert_eq!(org.invitation_by_token_hash(&hash).await.unwrap(), None);
    let listed = org.invitations().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].accepted_at.is_some());
    assert_eq!(
        actions_of(&org, AuditAction::InvitationAccepted).await[0].subject,
        format!("invitation/{}", invitation.id)
    );
    assert!(
        actions_of(&org, AuditAction::AccountCreated)
            .await
            .iter()
            .any(|e| e.subject == format!("account/{}", created.id) && e.actor == "account:admin")
    );

    // An email with an account cannot be invited.
    expect_invalid(
        org.create_invitation(
            &email("new@example.com"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("again"),
            in_an_hour(),
        )
        .await,
        "new@example.com",
    );
    expect_invalid(
        org.create_invitation(
            &email("admin@example.com"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("admin again"),
            in_an_hour(),
        )
        .await,
        "admin@example.com",
    );

    // An expired invitation is not found and cannot be used.
    let expired = TokenHash::of("expired");
    org.create_invitation(
        &email("late@example.com"),
        Role::Member,
        false,
        admin,
        &expired,
        an_hour_ago(),
    )
    .await
    .unwrap();
    assert_eq!(org.invitation_by_token_hash(&expired).await.unwrap(), None);
    expect_not_found(org.accept_invitation(&expired, HASH).await);
    assert!(
        org.account_by_email(&email("late@example.com"))
            .await
            .unwrap()
            .is_none()
    );

    // A newer invitation for the same email replaces the older one.
    let older = TokenHash::of("older");
    let newer = TokenHash::of("newer");
    for (hash, role) in [(&older, Role::Member), (&newer, Role::Analyst)] {
        org.create_invitation(
            &email("twice@example.com"),
            role,
            false,
            admin,
            hash,
            in_an_hour(),
        )
        .await
        .unwrap();
    }
    assert_eq!(org.invitation_by_token_hash(&older).await.unwrap(), None);
    expect_not_found(org.accept_invitation(&older, HASH).await);
    let replacing = org.invitation_by_token_hash(&newer).await.unwrap().unwrap();
    assert_eq!(replacing.role, Role::Analyst);
    assert_eq!(
        org.accept_invitation(&newer, HASH).await.unwrap().role,
        Role::Analyst
    );

    // Newest first.
    let listed: Vec<String> = org
        .invitations()
        .await
        .unwrap()
        .into_iter()
        .map(|i| format!("{}:{}", i.email, i.role))
        .collect();
    assert_eq!(
        listed,
        [
            "twice@example.com:analyst",
            "twice@example.com:member",
            "late@example.com:member",
            "new@example.com:manager"
        ]
    );
    expect_not_found(
        org.create_invitation(
            &email("ghost@example.com"),
            Role::Member,
            false,
            AccountId::new(),
            &TokenHash::of("ghost"),
            in_an_hour(),
        )
        .await,
    );
    expect_not_found(org.accept_invitation(&TokenHash::of("unknown"), HASH).await);
}

/// Of several people using the same invitation at once, exactly one gets the account.
pub async fn concurrent_acceptances<S: Backend>(store: S) {
    let org = new_org(&store, "accept-race").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let hash = TokenHash::of("shared link");
    org.create_invitation(
        &email("new@example.com"),
        Role::Member,
        false,
        admin,
        &hash,
        in_an_hour(),
    )
    .await
    .unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(6));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let org = org.clone();
            let start = start.clone();
            let hash = hash.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.accept_invitation(&hash, HASH).await
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        match task.await.expect("accepting task") {
            Ok(_) => accepted += 1,
            Err(StoreError::NotFound { .. }) => {}
            Err(other) => panic!("{}: {other:?}", S::NAME),
        }
    }
    assert_eq!(accepted, 1, "{}: exactly one account", S::NAME);
    assert_eq!(org.list_accounts().await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::InvitationAccepted)
            .await
            .len(),
        1
    );
}

/// Only an inviter holding pay may invite someone to see pay; an invitation carries the
/// approval of its account's own pay exactly when the inviter holds pay, and the account an
/// unapproved invitation creates has its own pay held.
pub async fn invitations_carry_the_inviters_pay_approval<S: Backend>(store: S) {
    let org = new_org(&store, "invite-pay").await;
    let payroll = account(&org, "payroll@example.com", Role::Admin).await;
    let admin = org
        .create_account(&email("admin@example.com"), HASH, Role::Admin, false)
        .await
        .unwrap()
        .id;

    expect_invalid(
        org.create_invitation(
            &email("sneaky@example.com"),
            Role::Admin,
            true,
            admin,
            &TokenHash::of("sneaky"),
            in_an_hour(),
        )
        .await,
        "pay",
    );
    assert_eq!(org.invitations().await.unwrap(), vec![]);

    let unapproved = TokenHash::of("by the admin");
    let by_admin = org
        .create_invitation(
            &email("mo@example.com"),
            Role::Member,
            false,
            admin,
            &unapproved,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert!(!by_admin.own_pay_approved);
    let approved = TokenHash::of("by payroll");
    let by_payroll = org
        .create_invitation(
            &email("pat@example.com"),
            Role::Admin,
            true,
            payroll,
            &approved,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert!(by_payroll.own_pay_approved);
    assert_eq!(
        org.invitation_by_token_hash(&unapproved).await.unwrap(),
        Some(by_admin)
    );

    let mo = org
        .accept_invitation(&unapproved, OTHER_HASH)
        .await
        .unwrap();
    assert!(mo.own_pay_held, "{}", S::NAME);
    assert!(org.account(mo.id).await.unwrap().own_pay_held);
    let pat = org.accept_invitation(&approved, OTHER_HASH).await.unwrap();
    assert!(!pat.own_pay_held);
    assert!(pat.pay);
    assert!(!org.account(pat.id).await.unwrap().own_pay_held);
}
