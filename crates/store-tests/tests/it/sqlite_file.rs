//! Properties of the SQLite file itself.

use pendulum_domain::{Email, EventKind, OrgSlug};
use pendulum_framework::ids::LevelId;
use pendulum_store::{NewRoleEvent, OrgStore, Store};
use time::macros::date;

use crate::harness::sqlite_store;

/// After an erasure and a checkpoint, neither the database file nor its write-ahead log
/// holds the erased person's name or email (`secure_delete` overwrites freed space).
#[tokio::test]
async fn erased_person_is_not_left_in_the_file() {
    let (store, dir) = sqlite_store().await;
    let org = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
        .await
        .unwrap();
    let org = store.org(org.id);
    let name = "Zebulon Quintessence Erasable";
    let address = "zebulon.quintessence@example.com";
    let email = Email::new(address).unwrap();
    let person = org.create_person(name, &email, None).await.unwrap();
    org.append_event(
        person.id,
        NewRoleEvent::new(EventKind::Hire, date!(2020 - 01 - 01), 1)
            .level(LevelId::new("ic-1").unwrap())
            .reason(format!("welcome, {name}")),
    )
    .await
    .unwrap();
    org.erase_person(&email).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();

    for file in ["pendulum.db", "pendulum.db-wal"] {
        let path = dir.path().join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for secret in [name, address] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} still holds {secret:?}",
                path.display()
            );
        }
    }
}
