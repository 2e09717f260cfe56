//! Conformance tests of the audit log: its pages.

use pendulum_domain::EventKind;
use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, AuditEntry};

use crate::Backend;
use crate::fixtures::*;

/// The audit log pages newest first by id, each page strictly older than the row it
/// starts after, filtered by action and person.
pub async fn audit_pages<S: Backend>(store: S) {
    let org = new_org(&store, "audit-pages").await;
    let ada = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-1", date(2020, 1, 1)).await;
    for year in 2021..=2023 {
        org.append_event(
            ada,
            at(
                EventKind::Promotion,
                date(year, 1, 1),
                &format!("ic-{}", year - 2019),
            ),
        )
        .await
        .unwrap();
    }
    org.append_pay(bob, eur(100), date(2020, 1, 1), None)
        .await
        .unwrap();
    org.read_pay(bob).await.unwrap();

    let everything = org.audit_page(None, 1000, None, None).await.unwrap();
    let mut expected = org.audit(1000).await.unwrap();
    expected.sort_by_key(|entry| std::cmp::Reverse(entry.id));
    assert_eq!(everything, expected);
    assert!(everything.len() >= 10, "{}", everything.len());
    assert!(everything.windows(2).all(|w| w[0].id > w[1].id));

    // Pages of three, each starting after the last row of the one before.
    let mut paged: Vec<AuditEntry> = Vec::new();
    loop {
        let page = org
            .audit_page(paged.last().map(|e| e.id), 3, None, None)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        paged.extend(page);
    }
    assert_eq!(paged, everything);
    let last = everything.last().unwrap().id;
    assert_eq!(
        org.audit_page(Some(last), 10, None, None).await.unwrap(),
        vec![]
    );
    let middle = everything[4].id;
    assert_eq!(
        org.audit_page(Some(middle), 1000, None, None)
            .await
            .unwrap(),
        everything[5..].to_vec()
    );

    // Filters.
    let appended = org
        .audit_page(None, 1000, Some(AuditAction::RoleEventAppended), None)
        .await
        .unwrap();
    assert_eq!(appended.len(), 5);
    assert!(
        appended
            .iter()
            .all(|e| e.action == AuditAction::RoleEventAppended)
    );
    let about_ada = org.audit_page(None, 1000, None, Some(ada)).await.unwrap();
    assert!(about_ada.iter().all(|e| e.person == Some(ada)));
    assert_eq!(
        about_ada.len(),
        everything.iter().filter(|e| e.person == Some(ada)).count()
    );
    let ada_appends = org
        .audit_page(None, 2, Some(AuditAction::RoleEventAppended), Some(ada))
        .await
        .unwrap();
    assert_eq!(ada_appends.len(), 2);
    let rest = org
        .audit_page(
            Some(ada_appends[1].id),
            10,
            Some(AuditAction::RoleEventAppended),
            Some(ada),
        )
        .await
        .unwrap();
    assert_eq!(rest.len(), 2);
    assert!(rest[0].id < ada_appends[1].id);
    let reads = org
        .audit_page(None, 10, Some(AuditAction::PayRead), Some(bob))
        .await
        .unwrap();
    assert_eq!(reads.len(), 1);
    assert_eq!(
        org.audit_page(None, 10, Some(AuditAction::PayRead), Some(ada))
            .await
            .unwrap(),
        vec![]
    );

    // Another organisation's log is its own.
    let other = new_org(&store, "other").await;
    assert!(
        other
            .audit_page(None, 1000, None, Some(ada))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        other
            .audit_page(None, 1000, None, None)
            .await
            .unwrap()
            .iter()
            .all(|e| !everything.contains(e))
    );
}

/// The rows of one account: what it did (its actor, `account/{id}`) and what was done to
/// it (its subject), newest first, paged and filtered by action; never another account's.
pub async fn audit_pages_of_an_account<S: Backend>(store: S) {
    use pendulum_store::{Actor, Role};
    let org = new_org(&store, "audit-accounts").await;
    let ada = account(&org, "ada@example.com", Role::Admin).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let cy = account(&org, "cy@example.com", Role::Member).await;
    let as_ada = org.acting_as(Actor::new(format!("account/{ada}")).unwrap());
    as_ada.set_account_role(bob, Role::Manager).await.unwrap();
    as_ada.disable_account(cy).await.unwrap();
    let bobs = org
        .audit_page_of_account(None, 100, None, bob)
        .await
        .unwrap();
    let subjects: Vec<(AuditAction, &str)> = bobs
        .iter()
        .map(|e| (e.action, e.subject.as_str()))
        .collect();
    let bob_name = format!("account/{bob}");
    assert_eq!(
        subjects,
        vec![
            (AuditAction::AccountRoleChanged, bob_name.as_str()),
            (AuditAction::AccountCreated, bob_name.as_str()),
        ],
        "{}",
        S::NAME
    );
    let adas = org
        .audit_page_of_account(None, 100, None, ada)
        .await
        .unwrap();
    let actions: Vec<AuditAction> = adas.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::AccountDisabled,
            AuditAction::AccountRoleChanged,
            AuditAction::AccountCreated,
        ],
        "what Ada did, and her own creation"
    );
    let disabled = org
        .audit_page_of_account(None, 100, Some(AuditAction::AccountDisabled), ada)
        .await
        .unwrap();
    assert_eq!(disabled.len(), 1);
    let older = org
        .audit_page_of_account(Some(adas[0].id), 1, None, ada)
        .await
        .unwrap();
    assert_eq!(older, vec![adas[1].clone()]);
    let other = new_org(&store, "audit-accounts-other").await;
    assert_eq!(
        other
            .audit_page_of_account(None, 100, None, bob)
            .await
            .unwrap(),
        vec![]
    );
}
