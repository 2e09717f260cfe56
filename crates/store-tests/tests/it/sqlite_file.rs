//! Properties of the SQLite file itself.

use pendulum_domain::{Email, EventKind, OrgSlug};
use pendulum_framework::ids::LevelId;
use pendulum_store::prelude::*;
use pendulum_store::{NewRoleEvent, Role, Store};
use time::macros::date;

use crate::harness::sqlite_store;

/// `secret` appears in `bytes`.
fn holds(bytes: &[u8], secret: &str) -> bool {
    bytes.windows(secret.len()).any(|w| w == secret.as_bytes())
}

/// The terms of the directory search's index (FTS5 trigrams), read through an `fts5vocab`
/// table.
async fn search_terms(store: &pendulum_store_sqlite::SqliteStore) -> Vec<String> {
    let mut conn = store.pool().acquire().await.unwrap();
    sqlx::query(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms
         USING fts5vocab(main, people_search, row)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query_scalar("SELECT term FROM temp.search_terms ORDER BY term")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

/// After an erasure, with nothing else done, neither the database file nor its
/// write-ahead log (`-wal`) nor its index (`-shm`) holds the erased person's name, email,
/// password hash or reflections, and the directory search's index holds nothing of them: the erasure
/// checkpoints and truncates the log itself, and
/// `secure_delete` overwrites the freed space in the file.
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
    let password_hash =
        "$argon2id$v=19$m=19456,t=2,p=1$WmVidWxvblNhbHQ$WmVidWxvbkhhc2hXYWxUZXN0MDEyMzQ1Njc4OQ";
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
    org.create_account(&email, password_hash, Role::Member, false)
        .await
        .unwrap();
    // A reflection, in two versions.
    let reflection = "Quintessential reflection on a move towards management";
    let revision = "Quintessential second thoughts";
    let fw = org.framework(1).await.unwrap();
    let new_reflection = |text: &str| {
        use pendulum_domain::reflection::{Direction, NewReflection, questions};
        NewReflection::new(
            Direction::ToManagement,
            &questions(&fw, Direction::ToManagement),
            &[("what-draws-you".to_string(), text.to_string())],
        )
        .unwrap()
    };
    let written = org
        .add_reflection(person.id, &new_reflection(reflection))
        .await
        .unwrap();
    org.revise_reflection(person.id, written.id, &new_reflection(revision))
        .await
        .unwrap();
    // Before the erasure the log holds them: the search below can see what it looks for.
    let wal = dir.path().join("pendulum.db-wal");
    let before = std::fs::read(&wal).unwrap();
    assert!(holds(&before, name) && holds(&before, address) && holds(&before, password_hash));
    assert!(holds(&before, reflection) && holds(&before, revision));
    // The directory search's index holds the trigrams of the name and the email.
    let terms = search_terms(&store).await;
    for trigram in ["zeb", "qui", "@ex", "ble"] {
        assert!(terms.iter().any(|t| t == trigram), "{trigram}: {terms:?}");
    }

    org.erase_person(&email).await.unwrap();

    // The index holds no term at all now (this was the one person), nor a row number for
    // them: removing a row removed its entries (FTS5's secure-delete) instead of adding
    // deletion markers beside them.
    assert_eq!(search_terms(&store).await, Vec::<String>::new());
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM people_search_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(keys, 0);

    for file in ["pendulum.db", "pendulum.db-wal", "pendulum.db-shm"] {
        let path = dir.path().join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for secret in [name, address, password_hash, reflection, revision] {
            assert!(
                !holds(&bytes, secret),
                "{} still holds {secret:?}",
                path.display()
            );
        }
    }
}

/// A reader holding an old snapshot blocks the checkpoint that ends an erasure; the
/// erasure waits for it (and tries again) rather than leaving the data in the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_waits_for_a_reader_before_truncating_the_log() {
    let (store, dir) = sqlite_store().await;
    let org = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
        .await
        .unwrap();
    let org = store.org(org.id);
    let address = "reader.blocked@example.com";
    let email = Email::new(address).unwrap();
    org.create_person("Reader Blocked Erasable", &email, None)
        .await
        .unwrap();

    // A read transaction on its own connection, pinned to the snapshot before the erasure.
    let mut reader = store.pool().begin().await.unwrap();
    let _: i64 = sqlx::query_scalar("SELECT count(*) FROM people")
        .fetch_one(&mut *reader)
        .await
        .unwrap();
    let release = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        reader.commit().await.unwrap();
    });
    org.erase_person(&email).await.unwrap();
    release.await.unwrap();

    let wal = std::fs::read(dir.path().join("pendulum.db-wal")).unwrap_or_default();
    assert!(!holds(&wal, address), "the log still holds the email");
}

/// The SQLite backend writes its SQL with PostgreSQL's `$N` placeholders, and sqlx binds
/// SQLite's `$N` by its number, not by where it stands in the text: a statement naming
/// `$2` before `$1`, and one naming `$1` twice, get the values meant for them. (Were they
/// bound in order of appearance, the first query would return the values swapped.)
#[tokio::test]
async fn numbered_placeholders_bind_by_number_in_sqlite() {
    let (store, _dir) = sqlite_store().await;
    let (first, second): (String, i64) = sqlx::query_as("SELECT $2, $1")
        .bind(7_i64)
        .bind("second")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!((first.as_str(), second), ("second", 7));
    let (twice, other): (i64, String) = sqlx::query_as("SELECT $1 + $1, $2")
        .bind(20_i64)
        .bind("other")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!((twice, other.as_str()), (40, "other"));
}
