//! Conformance tests of organisations: nothing of one organisation is reached through another's handle.

use pendulum_domain::{EventKind, Money, OrgId};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::Currency;
use pendulum_store::prelude::*;

use crate::Backend;
use crate::fixtures::*;

/// Nothing of organisation A can be read or changed through B's handle, and the same email
/// may be used in both.
pub async fn orgs_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let ada = hire(&a, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    a.append_pay(
        ada,
        Money {
            minor: 5_000_000,
            currency: Currency::new("EUR").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let renamed_yaml = renamed(ENGINEERING_YAML, "ic-1", "ic-1x");
    assert_eq!(a.publish_framework(&renamed_yaml).await.unwrap(), 2);

    // The same email in B is another person.
    let ada_in_b = b
        .create_person("Ada in B", &email("ada@example.com"), None)
        .await
        .expect("the same email in another organisation");
    assert_ne!(ada_in_b.id, ada);
    assert_eq!(b.list_people().await.unwrap(), vec![ada_in_b.clone()]);
    assert_eq!(
        a.person_by_email(&email("ada@example.com"))
            .await
            .unwrap()
            .id,
        ada
    );

    // A's person through B's handle: not found, whatever is asked.
    expect_not_found(b.person(ada).await);
    expect_not_found(b.events(ada).await);
    expect_not_found(b.current_role(ada).await);
    expect_not_found(b.pay_history(ada).await);
    expect_not_found(
        b.append_event(ada, at(EventKind::Promotion, date(2021, 1, 1), "ic-3"))
            .await,
    );
    expect_not_found(
        b.append_pay(
            ada,
            Money {
                minor: 1,
                currency: Currency::new("EUR").unwrap(),
            },
            date(2021, 1, 1),
            None,
        )
        .await,
    );
    // A manager from another organisation is no manager here.
    expect_not_found(
        b.create_person("Bob", &email("bob@example.com"), Some(ada))
            .await,
    );

    // B has its own framework versions and audit log.
    assert_eq!(b.framework_versions().await.unwrap().len(), 1);
    expect_not_found(b.framework(2).await);
    assert!(
        b.audit(100)
            .await
            .unwrap()
            .iter()
            .all(|entry| entry.person != Some(ada))
    );
    assert_eq!(b.rebuild_projections().await.unwrap(), 0);
    assert_eq!(b.events(ada_in_b.id).await.unwrap(), vec![]);

    // A handle for an organisation that does not exist finds nothing and writes nothing.
    let ghost = store.org(OrgId::new());
    assert_eq!(ghost.list_people().await.unwrap(), vec![]);
    assert_eq!(ghost.framework_versions().await.unwrap(), vec![]);
    expect_not_found(
        ghost
            .create_person("Ghost", &email("ada@example.com"), None)
            .await,
    );
    expect_not_found(ghost.publish_framework(ENGINEERING_YAML).await);

    // Erasing in B leaves A alone.
    b.erase_person(&email("ada@example.com")).await.unwrap();
    assert_eq!(a.events(ada).await.unwrap().len(), 1);
    assert_eq!(a.pay_history(ada).await.unwrap().len(), 1);
}
