//! Conformance tests of accounts, sessions and API tokens: isolation, password resets, revocation,
//! disabled accounts and expired sessions.

use pendulum_domain::{AccountId, ApiTokenId};
use pendulum_store::prelude::*;
use pendulum_store::{Actor, AuditAction, Role, TokenHash};

use crate::Backend;
use crate::fixtures::*;

/// Accounts are created once per email, with an audit row, and found by email and id;
/// sessions expire and end; API tokens find their account; the password hash never shows
/// in `Debug`.
pub async fn accounts_sessions_and_tokens<S: Backend>(store: S) {
    let org = new_org(&store, "acme").await;
    let ada = org
        .create_account(&email("ada@acme.test"), HASH, Role::Manager, true)
        .await
        .unwrap();
    assert_eq!(
        (ada.role, ada.pay, ada.org),
        (Role::Manager, true, org.org_id())
    );
    assert!(!format!("{ada:?}").contains("argon2id"));
    expect_invalid(
        org.create_account(&email("ada@acme.test"), HASH, Role::Member, false)
            .await,
        "ada@acme.test",
    );
    expect_invalid(
        org.create_account(&email("bob@acme.test"), "hunter2", Role::Member, false)
            .await,
        "PHC",
    );
    assert_eq!(
        org.account_by_email(&email("ada@acme.test")).await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(
        org.account_by_email(&email("nobody@acme.test"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(org.account(ada.id).await.unwrap(), ada);

    let live = TokenHash::of("live session token");
    let later = pendulum_store::now() + time::Duration::hours(1);
    let session = org
        .create_session(ada.id, &live, "csrf-1", later)
        .await
        .unwrap();
    assert_eq!(
        org.session_by_token_hash(&live).await.unwrap(),
        Some((session.clone(), ada.clone()))
    );
    assert_eq!(
        store.session_by_token_hash(&live).await.unwrap(),
        Some((org.org_id(), session.clone(), ada.clone()))
    );
    let stale = TokenHash::of("stale session token");
    let earlier = pendulum_store::now() - time::Duration::seconds(1);
    org.create_session(ada.id, &stale, "csrf-2", earlier)
        .await
        .unwrap();
    assert_eq!(store.session_by_token_hash(&stale).await.unwrap(), None);
    org.delete_session(session.id).await.unwrap();
    org.delete_session(session.id).await.unwrap();
    assert_eq!(store.session_by_token_hash(&live).await.unwrap(), None);

    let secret = TokenHash::of("api token");
    let token = org
        .create_api_token(ada.id, &secret, "laptop")
        .await
        .unwrap();
    assert_eq!((token.account, token.name.as_str()), (ada.id, "laptop"));
    assert_eq!(
        store.account_by_api_token_hash(&secret).await.unwrap(),
        Some((org.org_id(), ada.clone()))
    );
    assert_eq!(
        org.account_by_api_token_hash(&TokenHash::of("other"))
            .await
            .unwrap(),
        None
    );

    let actions: Vec<AuditAction> = org
        .audit(10)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert!(
        actions.contains(&AuditAction::AccountCreated),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::ApiTokenCreated),
        "{actions:?}"
    );
}

/// An organisation's handle finds none of another organisation's accounts, sessions or
/// tokens, and cannot start a session for another organisation's account.
pub async fn accounts_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let same = email("same@example.test");
    let in_a = a
        .create_account(&same, HASH, Role::Admin, false)
        .await
        .unwrap();
    let in_b = b
        .create_account(&same, HASH, Role::Member, false)
        .await
        .unwrap();
    assert_ne!(in_a.id, in_b.id);
    assert_eq!(b.account_by_email(&same).await.unwrap(), Some(in_b.clone()));
    expect_not_found(b.account(in_a.id).await);

    let later = pendulum_store::now() + time::Duration::hours(1);
    expect_not_found(
        b.create_session(in_a.id, &TokenHash::of("x"), "csrf", later)
            .await,
    );
    expect_not_found(b.create_api_token(in_a.id, &TokenHash::of("y"), "t").await);

    let hash = TokenHash::of("a's session");
    a.create_session(in_a.id, &hash, "csrf", later)
        .await
        .unwrap();
    assert_eq!(b.session_by_token_hash(&hash).await.unwrap(), None);
    assert_eq!(
        store
            .session_by_token_hash(&hash)
            .await
            .unwrap()
            .map(|(org, _, account)| (org, account.id)),
        Some((a.org_id(), in_a.id))
    );
    let token = TokenHash::of("a's token");
    a.create_api_token(in_a.id, &token, "ci").await.unwrap();
    assert_eq!(b.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(
        a.account_by_api_token_hash(&token).await.unwrap(),
        Some(in_a)
    );
}

/// An admin's password reset replaces the hash (the old one is nowhere in the database),
/// ends every session of the account and is audited; other accounts keep theirs.
pub async fn password_reset_ends_sessions<S: Backend>(store: S) {
    let org = new_org(&store, "reset").await;
    let ada = account(&org, "ada@example.com", Role::Member).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let first = TokenHash::of("ada one");
    let second = TokenHash::of("ada two");
    let bobs = TokenHash::of("bob's");
    for (who, hash) in [(ada, &first), (ada, &second), (bob, &bobs)] {
        org.create_session(who, hash, "csrf", in_an_hour())
            .await
            .unwrap();
    }

    expect_invalid(org.set_password(ada, "hunter2", false).await, "PHC");
    assert!(org.session_by_token_hash(&first).await.unwrap().is_some());

    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert_eq!(org.account(ada).await.unwrap().password_hash, OTHER_HASH);
    assert_eq!(org.session_by_token_hash(&first).await.unwrap(), None);
    assert_eq!(store.session_by_token_hash(&second).await.unwrap(), None);
    assert!(org.session_by_token_hash(&bobs).await.unwrap().is_some());
    let o = org.org_id();
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM sessions WHERE org_id = '{o}' AND account_id = '{ada}'"
            ))
            .await,
        0
    );
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM accounts WHERE org_id = '{o}' AND id = '{ada}'
                   AND password_hash = '{HASH}'"
            ))
            .await,
        0,
        "{}: the old hash is gone",
        S::NAME
    );
    assert_eq!(org.account(bob).await.unwrap().password_hash, HASH);
    let resets = actions_of(&org, AuditAction::PasswordReset).await;
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].subject, format!("account/{ada}"));
    assert!(!resets[0].subject.contains("argon2"));

    expect_not_found(org.set_password(AccountId::new(), OTHER_HASH, false).await);
    let other = new_org(&store, "other").await;
    expect_not_found(other.set_password(bob, OTHER_HASH, false).await);
    assert_eq!(org.account(bob).await.unwrap().password_hash, HASH);
    assert!(org.session_by_token_hash(&bobs).await.unwrap().is_some());
    assert_eq!(actions_of(&org, AuditAction::PasswordReset).await.len(), 1);
}

/// Accounts are listed by email; tokens are listed oldest first without the revoked ones;
/// a revoked token authenticates through neither lookup, stays as a record, and cannot be
/// revoked again.
pub async fn api_tokens_are_listed_and_revoked<S: Backend>(store: S) {
    let org = new_org(&store, "tokens").await;
    let ada = account(&org, "ada@example.com", Role::Admin).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let emails: Vec<String> = org
        .list_accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.email.to_string())
        .collect();
    assert_eq!(emails, ["ada@example.com", "bob@example.com"]);

    let laptop_hash = TokenHash::of("laptop token");
    let ci_hash = TokenHash::of("ci token");
    let laptop = org
        .create_api_token(ada, &laptop_hash, "laptop")
        .await
        .unwrap();
    let ci = org.create_api_token(ada, &ci_hash, "ci").await.unwrap();
    assert_eq!(
        org.api_tokens(ada).await.unwrap(),
        vec![laptop.clone(), ci.clone()]
    );
    assert_eq!(org.api_tokens(bob).await.unwrap(), vec![]);

    // Only the owner's token can be revoked through the owner.
    expect_not_found(org.revoke_api_token(bob, laptop.id).await);
    expect_not_found(org.revoke_api_token(ada, ApiTokenId::new()).await);
    assert!(
        store
            .account_by_api_token_hash(&laptop_hash)
            .await
            .unwrap()
            .is_some()
    );

    org.revoke_api_token(ada, laptop.id).await.unwrap();
    assert_eq!(
        store.account_by_api_token_hash(&laptop_hash).await.unwrap(),
        None
    );
    assert_eq!(
        org.account_by_api_token_hash(&laptop_hash).await.unwrap(),
        None
    );
    assert_eq!(org.api_tokens(ada).await.unwrap(), vec![ci.clone()]);
    assert_eq!(
        org.account_by_api_token_hash(&ci_hash)
            .await
            .unwrap()
            .map(|a| a.id),
        Some(ada)
    );
    expect_not_found(org.revoke_api_token(ada, laptop.id).await);
    let o = org.org_id();
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM api_tokens WHERE org_id = '{o}' AND id = '{}'
                   AND revoked_at IS NOT NULL",
                laptop.id
            ))
            .await,
        1,
        "{}: a revoked token stays as a record",
        S::NAME
    );
    let revoked = actions_of(&org, AuditAction::ApiTokenRevoked).await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].subject, format!("api-token/{}", laptop.id));
}

/// Another organisation's handle finds none of A's accounts, tokens or invitations and
/// can change none of them.
pub async fn account_administration_is_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let admin = account(&a, "admin@a.test", Role::Admin).await;
    let b_admin = account(&b, "admin@b.test", Role::Admin).await;
    let token_hash = TokenHash::of("a's token");
    let token = a.create_api_token(admin, &token_hash, "ci").await.unwrap();
    let invite_hash = TokenHash::of("a's invitation");
    a.create_invitation(
        &email("new@a.test"),
        Role::Member,
        false,
        admin,
        &invite_hash,
        in_an_hour(),
    )
    .await
    .unwrap();

    assert_eq!(
        b.list_accounts()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![b_admin]
    );
    assert_eq!(b.api_tokens(admin).await.unwrap(), vec![]);
    expect_not_found(b.revoke_api_token(admin, token.id).await);
    expect_not_found(b.set_password(admin, OTHER_HASH, false).await);
    assert_eq!(b.invitations().await.unwrap(), vec![]);
    assert_eq!(
        b.invitation_by_token_hash(&invite_hash).await.unwrap(),
        None
    );
    expect_not_found(b.accept_invitation(&invite_hash, HASH).await);
    // B cannot invite in the name of A's admin, nor A in the name of B's.
    expect_not_found(
        b.create_invitation(
            &email("x@b.test"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("x"),
            in_an_hour(),
        )
        .await,
    );
    expect_not_found(
        a.create_invitation(
            &email("y@a.test"),
            Role::Member,
            false,
            b_admin,
            &TokenHash::of("y"),
            in_an_hour(),
        )
        .await,
    );

    // A's things are untouched.
    assert_eq!(a.api_tokens(admin).await.unwrap(), vec![token]);
    assert_eq!(a.account(admin).await.unwrap().password_hash, HASH);
    assert!(
        a.invitation_by_token_hash(&invite_hash)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        b.account_by_email(&email("new@a.test"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(a.invitations().await.unwrap().len(), 1);
}

/// Deleting expired sessions removes those of every organisation, and only those.
pub async fn expired_sessions_are_deleted<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let in_a = account(&a, "ada@example.com", Role::Member).await;
    let in_b = account(&b, "bob@example.com", Role::Member).await;
    let live = TokenHash::of("live");
    a.create_session(in_a, &live, "csrf", in_an_hour())
        .await
        .unwrap();
    b.create_session(in_b, &TokenHash::of("b live"), "csrf", in_an_hour())
        .await
        .unwrap();
    for (org, who, token) in [(&a, in_a, "a old"), (&a, in_a, "a older")] {
        org.create_session(who, &TokenHash::of(token), "csrf", an_hour_ago())
            .await
            .unwrap();
    }
    b.create_session(in_b, &TokenHash::of("b old"), "csrf", an_hour_ago())
        .await
        .unwrap();

    assert_eq!(store.delete_expired_sessions().await.unwrap(), 3);
    assert_eq!(store.count_raw("SELECT count(*) FROM sessions").await, 2);
    assert!(store.session_by_token_hash(&live).await.unwrap().is_some());
    assert!(
        b.session_by_token_hash(&TokenHash::of("b live"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 0);
}

/// Disabling an account ends its sessions and revokes its tokens (the rows stay): none of
/// them authenticates, it is not found by email (so it cannot sign in), no new session or
/// token can be made for it, and it is audited. Enabling it again lets it sign in afresh,
/// but its old sessions and tokens stay ended. Other accounts are untouched.
pub async fn disabled_accounts_cannot_sign_in<S: Backend>(store: S) {
    let org = new_org(&store, "disable")
        .await
        .acting_as(Actor::new("account:admin").unwrap());
    let ada = account(&org, "ada@example.com", Role::Manager).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let session = TokenHash::of("ada's session");
    let bobs_session = TokenHash::of("bob's session");
    let tokens = [TokenHash::of("ada's token"), TokenHash::of("ada's other")];
    let bobs_token = TokenHash::of("bob's token");
    org.create_session(ada, &session, "csrf", in_an_hour())
        .await
        .unwrap();
    org.create_session(bob, &bobs_session, "csrf", in_an_hour())
        .await
        .unwrap();
    for hash in &tokens {
        org.create_api_token(ada, hash, "ci").await.unwrap();
    }
    org.create_api_token(bob, &bobs_token, "ci").await.unwrap();
    assert!(!org.account(ada).await.unwrap().is_disabled());

    org.disable_account(ada).await.unwrap();
    let disabled = org.account(ada).await.unwrap();
    assert!(disabled.is_disabled(), "{}", S::NAME);
    assert_eq!(org.session_by_token_hash(&session).await.unwrap(), None);
    assert_eq!(store.session_by_token_hash(&session).await.unwrap(), None);
    for hash in &tokens {
        assert_eq!(org.account_by_api_token_hash(hash).await.unwrap(), None);
        assert_eq!(store.account_by_api_token_hash(hash).await.unwrap(), None);
    }
    assert_eq!(
        org.account_by_email(&email("ada@example.com"))
            .await
            .unwrap(),
        None,
        "{}: a disabled account cannot be found to sign in",
        S::NAME
    );
    assert!(
        org.list_accounts()
            .await
            .unwrap()
            .iter()
            .any(|a| a.id == ada && a.is_disabled())
    );
    assert_eq!(org.api_tokens(ada).await.unwrap(), vec![]);
    assert_eq!(revoked_tokens(&store, &org, ada).await, 2, "rows stay");
    expect_invalid(
        org.create_session(ada, &TokenHash::of("new"), "csrf", in_an_hour())
            .await,
        "disabled",
    );
    expect_invalid(
        org.create_api_token(ada, &TokenHash::of("new token"), "ci")
            .await,
        "disabled",
    );
    expect_invalid(org.disable_account(ada).await, "disabled already");
    let audit = actions_of(&org, AuditAction::AccountDisabled).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("account/{ada}"));
    assert_eq!(audit[0].actor, "account:admin");
    assert_eq!(
        actions_of(&org, AuditAction::ApiTokenRevoked).await.len(),
        2
    );

    // Bob is untouched.
    assert!(
        org.session_by_token_hash(&bobs_session)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        org.account_by_api_token_hash(&bobs_token)
            .await
            .unwrap()
            .map(|a| a.id),
        Some(bob)
    );

    // Another organisation cannot disable or enable it.
    let other = new_org(&store, "other").await;
    expect_not_found(other.disable_account(bob).await);
    expect_not_found(other.enable_account(ada).await);
    expect_not_found(org.disable_account(AccountId::new()).await);
    assert!(org.account(ada).await.unwrap().is_disabled());

    org.enable_account(ada).await.unwrap();
    assert!(!org.account(ada).await.unwrap().is_disabled());
    assert!(
        org.account_by_email(&email("ada@example.com"))
            .await
            .unwrap()
            .is_some()
    );
    for hash in &tokens {
        assert_eq!(org.account_by_api_token_hash(hash).await.unwrap(), None);
    }
    assert_eq!(org.session_by_token_hash(&session).await.unwrap(), None);
    let fresh = TokenHash::of("ada again");
    org.create_session(ada, &fresh, "csrf", in_an_hour())
        .await
        .unwrap();
    assert!(org.session_by_token_hash(&fresh).await.unwrap().is_some());
    expect_invalid(org.enable_account(ada).await, "not disabled");
    assert_eq!(actions_of(&org, AuditAction::AccountEnabled).await.len(), 1);
}

/// A reset revokes the account's API tokens as well as ending its sessions (the rows
/// stay). A reset by someone without pay holds the account's own pay until a pay holder
/// approves; a later reset by a pay holder does not lift the hold, only approval does.
pub async fn password_reset_revokes_tokens_and_may_hold_own_pay<S: Backend>(store: S) {
    let org = new_org(&store, "reset-tokens").await;
    let ada = account(&org, "ada@example.com", Role::Member).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let token = TokenHash::of("ada's token");
    let bobs = TokenHash::of("bob's token");
    org.create_api_token(ada, &token, "ci").await.unwrap();
    org.create_api_token(bob, &bobs, "ci").await.unwrap();

    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert_eq!(org.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(store.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(revoked_tokens(&store, &org, ada).await, 1, "the row stays");
    assert!(
        org.account_by_api_token_hash(&bobs)
            .await
            .unwrap()
            .is_some()
    );
    assert!(!org.account(ada).await.unwrap().own_pay_held);

    org.set_password(ada, HASH, true).await.unwrap();
    assert!(org.account(ada).await.unwrap().own_pay_held, "{}", S::NAME);
    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert!(
        org.account(ada).await.unwrap().own_pay_held,
        "only approval lifts a hold"
    );
    assert!(!org.account(bob).await.unwrap().own_pay_held);

    let other = new_org(&store, "other").await;
    expect_not_found(other.approve_own_pay(ada).await);
    expect_invalid(org.approve_own_pay(bob).await, "not waiting");
    let approver = org.acting_as(Actor::new("account:payroll").unwrap());
    approver.approve_own_pay(ada).await.unwrap();
    assert!(!org.account(ada).await.unwrap().own_pay_held);
    expect_invalid(org.approve_own_pay(ada).await, "not waiting");
    let approvals = actions_of(&org, AuditAction::OwnPayApproved).await;
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].subject, format!("account/{ada}"));
    assert_eq!(approvals[0].actor, "account:payroll");
}

/// An account's role changes with an audit row and its sessions carry on with the new role;
/// the role it has already is refused. An organisation keeps an admin in use: its last one
/// can be neither disabled nor given another role, while a second admin makes both
/// possible; a disabled admin does not count. Another organisation cannot change the role.
pub async fn roles_change_and_an_organisation_keeps_an_admin<S: Backend>(store: S) {
    let org = new_org(&store, "roles")
        .await
        .acting_as(Actor::new("account:admin").unwrap());
    let ada = account(&org, "ada@example.com", Role::Admin).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let session = TokenHash::of("bob's session");
    org.create_session(bob, &session, "csrf", in_an_hour())
        .await
        .unwrap();

    org.set_account_role(bob, Role::Manager).await.unwrap();
    assert_eq!(
        org.account(bob).await.unwrap().role,
        Role::Manager,
        "{}",
        S::NAME
    );
    let (_, signed_in) = org.session_by_token_hash(&session).await.unwrap().unwrap();
    assert_eq!(
        signed_in.role,
        Role::Manager,
        "the session sees the new role"
    );
    expect_invalid(org.set_account_role(bob, Role::Manager).await, "already");
    let audit = actions_of(&org, AuditAction::AccountRoleChanged).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("account/{bob}"));
    assert_eq!(audit[0].actor, "account:admin");

    // Ada is the only admin: she keeps the role and stays in use.
    expect_invalid(org.set_account_role(ada, Role::Member).await, "last admin");
    expect_invalid(org.disable_account(ada).await, "last admin");
    assert_eq!(org.account(ada).await.unwrap().role, Role::Admin);
    assert!(!org.account(ada).await.unwrap().is_disabled());

    // With Bob an admin too, either may step down, but not both.
    org.set_account_role(bob, Role::Admin).await.unwrap();
    org.set_account_role(ada, Role::Analyst).await.unwrap();
    expect_invalid(org.disable_account(bob).await, "last admin");
    org.set_account_role(ada, Role::Admin).await.unwrap();
    org.disable_account(bob).await.unwrap();
    // A disabled admin is no admin in use: Ada is the last one again.
    expect_invalid(org.set_account_role(ada, Role::Manager).await, "last admin");
    assert_eq!(
        actions_of(&org, AuditAction::AccountRoleChanged)
            .await
            .len(),
        4
    );

    let other = new_org(&store, "other").await;
    expect_not_found(other.set_account_role(bob, Role::Member).await);
    expect_not_found(org.set_account_role(AccountId::new(), Role::Member).await);
}

/// The accounts whose email holds a text are found by the database, in any case, by email,
/// at most as many as asked; the characters of SQL patterns are plain text; another
/// organisation's accounts are never found; an empty, overlong or unbounded search is
/// refused.
pub async fn accounts_are_searched_in_the_database<S: Backend>(store: S) {
    let org = new_org(&store, "finding").await;
    let other = new_org(&store, "elsewhere").await;
    for address in [
        "zoe.hart@finding.test",
        "ann.lee@finding.test",
        "joanna@finding.test",
        "per%cent_x@finding.test",
    ] {
        account(&org, address, Role::Member).await;
    }
    account(&other, "anna@elsewhere.test", Role::Member).await;
    let found = |text: &'static str, limit: u32| {
        let org = &org;
        async move {
            org.search_accounts(text, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.email.as_str().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        found("ann", 8).await,
        ["ann.lee@finding.test", "joanna@finding.test"],
        "{}: anywhere in the email, by email",
        S::NAME
    );
    assert_eq!(found("  ANN ", 8).await, found("ann", 8).await, "any case");
    assert_eq!(found("ann", 1).await, ["ann.lee@finding.test"], "the limit");
    assert_eq!(found("finding.test", 50).await.len(), 4);
    assert_eq!(found("t_x", 8).await, ["per%cent_x@finding.test"]);
    assert!(found("n%", 8).await.is_empty(), "{}: % is text", S::NAME);
    assert!(found("a_n", 8).await.is_empty(), "{}: _ is text", S::NAME);
    assert!(
        found("elsewhere", 8).await.is_empty(),
        "another organisation"
    );

    expect_invalid(org.search_accounts("   ", 8).await, "1–254");
    let long = "a".repeat(255);
    expect_invalid(org.search_accounts(&long, 8).await, "1–254");
    expect_invalid(org.search_accounts("ann", 0).await, "accounts");
    expect_invalid(org.search_accounts("ann", 51).await, "accounts");
}
