//! Fresh databases for each test: a SQLite file in a temporary directory, or a PostgreSQL
//! database created on the server at `PENDULUM_TEST_POSTGRES_URL` and dropped afterwards.
//! Used by this crate's suite and by other crates' tests that need a real database.

use std::future::Future;
use std::io::Write;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use pendulum_store::Store;
use pendulum_store_postgres::PgStore;
use pendulum_store_sqlite::SqliteStore;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};
use tempfile::TempDir;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A migrated store over a new SQLite file; the directory goes when the `TempDir` does.
pub async fn sqlite_store() -> (SqliteStore, TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("pendulum.db").display());
    let store = SqliteStore::connect(&url).await.expect("open SQLite");
    store.migrate().await.expect("migrate SQLite");
    (store, dir)
}

pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(SqliteStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let (store, _dir) = sqlite_store().await;
    test(store).await;
}

/// A database created for one test and dropped after it.
pub struct PgDatabase {
    admin: PgPool,
    name: String,
    pub store: PgStore,
}

impl PgDatabase {
    /// A migrated store over a new database, or `None` (after a loud message) when no
    /// server is reachable outside CI.
    pub async fn create() -> Option<Self> {
        let admin = admin().await?;
        let name = format!("pendulum_test_{}", uuid::Uuid::now_v7().simple());
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .expect("create the test database");
        let options = admin_options().database(&name);
        let store = PgStore::connect_with(options)
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

pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(database) = PgDatabase::create().await else {
        return;
    };
    // Run the test as its own task so that a failing test still drops its database.
    let outcome = tokio::spawn(test(database.store.clone())).await;
    database.drop_database().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

fn postgres_url() -> String {
    std::env::var("PENDULUM_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into())
}

/// The server's address for messages, without any password the URL may hold.
fn server() -> String {
    let options = admin_options();
    format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

fn admin_options() -> PgConnectOptions {
    PgConnectOptions::from_str(&postgres_url())
        .expect("PENDULUM_TEST_POSTGRES_URL is a PostgreSQL URL")
}

/// Why PostgreSQL was found unreachable, once per test binary, so that the other tests
/// skip at once instead of each waiting for a timeout.
static UNREACHABLE: OnceLock<String> = OnceLock::new();

async fn admin() -> Option<PgPool> {
    if let Some(reason) = UNREACHABLE.get() {
        return skip(reason);
    }
    let probe = tokio::time::timeout(
        Duration::from_secs(5),
        PgConnection::connect_with(&admin_options()),
    )
    .await;
    let reason = match probe {
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(admin_options())
                .await
                .expect("connect to PostgreSQL again");
            return Some(pool);
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => "no answer within 5 seconds".to_string(),
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true and PostgreSQL at {} is unreachable: {reason}",
            server()
        );
    }
    if UNREACHABLE.set(reason.clone()).is_ok() {
        // Straight to the process's stderr: the test harness captures `eprintln!` of
        // passing tests, and this must not go unseen.
        let _ = writeln!(
            std::io::stderr(),
            "\n{bar}\nSKIPPING every PostgreSQL test: no server at {url}: {reason}\n\
             Start one (or set PENDULUM_TEST_POSTGRES_URL); under CI=true this fails.\n{bar}\n",
            bar = "!".repeat(78),
            url = server(),
        );
    }
    skip(&reason)
}

fn skip(reason: &str) -> Option<PgPool> {
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (PostgreSQL unreachable: {reason})"
    );
    None
}
