//! Both backends' migrations produce the same tables, columns and keys.

use pendulum_store_tests::Backend;
use pendulum_store_tests::suite::TABLES;

use crate::harness::{PgDatabase, sqlite_store};

#[tokio::test]
async fn schemas_agree() {
    let (sqlite, _dir) = sqlite_store().await;
    let sqlite_schema = sqlite.schema().await;
    assert_eq!(
        sqlite_schema.keys().map(String::as_str).collect::<Vec<_>>(),
        TABLES,
        "the SQLite tables"
    );
    let Some(postgres) = PgDatabase::create().await else {
        return;
    };
    let postgres_schema = postgres.store.schema().await;
    postgres.drop_database().await;

    assert_eq!(
        sqlite_schema.keys().collect::<Vec<_>>(),
        postgres_schema.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (table, on_sqlite) in &sqlite_schema {
        assert_eq!(
            on_sqlite, &postgres_schema[table],
            "table {table}: SQLite (left) and PostgreSQL (right) disagree"
        );
    }
}

/// The store's `Debug` must not show the database password (it is in the pool's options).
#[tokio::test]
async fn postgres_store_debug_hides_the_password() {
    use std::str::FromStr;

    let options =
        sqlx::postgres::PgConnectOptions::from_str("postgres://pendulum:s3cret-pw@127.0.0.1:1/x")
            .unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new().connect_lazy_with(options);
    let store = pendulum_store_postgres::PgStore::from_pool(pool);
    let shown = format!(
        "{store:?} {:?}",
        pendulum_store::Store::org(&store, pendulum_domain::OrgId::new())
    );
    assert!(!shown.contains("s3cret-pw"), "{shown}");
}
