//! Conformance tests of erasure: an erased person leaves nothing behind.

use pendulum_domain::{EventKind, Money};
use pendulum_framework::ids::Currency;
use pendulum_store::AuditAction;
use pendulum_store::prelude::*;

use crate::Backend;
use crate::fixtures::*;

/// Erasure removes every record of the person and leaves one audit row without personal
/// data.
pub async fn erasure_removes_everything<S: Backend>(store: S) {
    let org = new_org(&store, "erase").await;
    let name = "Ada Erasable";
    let address = "ada.erasable@example.com";
    let person = org
        .create_person(name, &email(address), None)
        .await
        .unwrap()
        .id;
    org.append_event(person, at(EventKind::Hire, date(2020, 1, 1), "em-1"))
        .await
        .unwrap();
    org.append_event(person, event(EventKind::Leave, date(2021, 1, 1)))
        .await
        .unwrap();
    org.append_pay(
        person,
        Money {
            minor: 7_000_000,
            currency: Currency::new("EUR").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let report = org
        .create_person("Bob", &email("bob@example.com"), Some(person))
        .await
        .unwrap()
        .id;
    let bystander = hire(&org, "carol@example.com", "ic-3", date(2019, 1, 1)).await;
    // A sign-in of the same person, with a session.
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000";
    org.create_account(&email(address), hash, pendulum_store::Role::Member, false)
        .await
        .unwrap();

    let erasure = org.erase_person(&email(address)).await.unwrap();
    assert!(
        org.account_by_email(&email(address))
            .await
            .unwrap()
            .is_none(),
        "{}: the erased person's account is gone",
        S::NAME
    );

    expect_not_found(org.person_by_email(&email(address)).await);
    expect_not_found(org.person(person).await);
    expect_not_found(org.events(person).await);
    expect_not_found(org.erase_person(&email(address)).await);
    let o = org.org_id();
    for (table, column) in [
        ("people", "id"),
        ("people", "manager_id"),
        ("role_events", "person_id"),
        ("pay_events", "person_id"),
        ("current_roles", "person_id"),
        ("audit_log", "person_id"),
        ("erasures", "person_id"),
    ] {
        let left = store
            .count_raw(&format!(
                "SELECT count(*) FROM {table} WHERE org_id = '{o}' AND {column} = '{person}'"
            ))
            .await;
        assert_eq!(
            left,
            0,
            "{}: {table}.{column} still names the erased person",
            S::NAME
        );
    }
    assert_eq!(store.count_raw("SELECT count(*) FROM erasures").await, 0);
    let mentions = store
        .count_raw(&format!(
            "SELECT count(*) FROM audit_log WHERE subject LIKE '%{person}%'
               OR actor LIKE '%{address}%' OR subject LIKE '%{address}%'
               OR actor LIKE '%{name}%' OR subject LIKE '%{name}%'"
        ))
        .await;
    assert_eq!(
        mentions,
        0,
        "{}: the audit log still mentions the erased person",
        S::NAME
    );

    let audit = org.audit(1000).await.unwrap();
    let erased: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::PersonErased)
        .collect();
    assert_eq!(erased.len(), 1);
    assert_eq!(erased[0].subject, format!("erasure/{erasure}"));
    assert_eq!(erased[0].person, None);

    // The others keep their records; the report loses only the manager.
    let bob = org.person(report).await.unwrap();
    assert_eq!(bob.manager, None);
    assert!(
        audit
            .iter()
            .any(|a| a.action == AuditAction::ManagerCleared && a.person == Some(report))
    );
    assert_eq!(org.events(bystander).await.unwrap().len(), 1);
    assert_eq!(org.rebuild_projections().await.unwrap(), 1);
}
