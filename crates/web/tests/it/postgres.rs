//! A PostgreSQL database per test, at `PENDULUM_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards. When no server is
//! reachable the test says so loudly and passes, except under `CI=true`, where it fails.

use std::str::FromStr;
use std::time::Duration;

use pendulum_store::Store;
use pendulum_store_postgres::PgStore;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct Database {
    admin: PgPool,
    name: String,
    pub store: PgStore,
}

impl Database {
    pub async fn create() -> Option<Self> {
        let url =
            std::env::var("PENDULUM_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_URL.into());
        let options = PgConnectOptions::from_str(&url).expect("a PostgreSQL URL");
        let admin = match PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options.clone())
            .await
        {
            Ok(pool) => pool,
            Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("PostgreSQL at {url} is unreachable under CI=true: {e}")
            }
            Err(e) => {
                eprintln!(
                    "\n*** SKIPPED: PostgreSQL at {url} is unreachable ({e}); \
                     the PostgreSQL permission matrix did not run ***\n"
                );
                return None;
            }
        };
        let name = format!("pendulum_web_test_{}", uuid::Uuid::now_v7().simple());
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .expect("create the test database");
        let store = PgStore::connect_with(options.database(&name))
            .await
            .expect("connect to the test database");
        store.migrate().await.expect("migrate PostgreSQL");
        Some(Self { admin, name, store })
    }

    pub async fn drop_database(self) {
        self.store.pool().close().await;
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&self.admin)
        .await
        .expect("drop the test database");
        self.admin.close().await;
    }
}
