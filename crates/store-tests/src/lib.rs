//! One conformance suite for every storage backend.
//!
//! [`suite`] holds the tests as generic async functions over [`Backend`]: a [`Store`] that
//! also lets a test reach past the store to the database itself (to prove that the database
//! refuses an UPDATE of an event, or to damage a projection on purpose) and describe its
//! schema. The integration-test binary (`tests/it/main.rs`) runs every function against a
//! fresh SQLite file and a fresh PostgreSQL database.

pub mod accounts;
pub mod audit;
pub mod erasure;
mod fixtures;
pub mod framework;
pub mod harness;
pub mod history;
pub mod import;
pub mod invitations;
pub mod journal;
pub mod notes_lock;
pub mod orgs;
pub mod pay;
pub mod people;
pub mod plan;
pub mod proposals;
pub mod reflection;
pub mod reporting;
pub mod scheduled;
pub mod schema;
pub mod search;
pub mod suite;

use std::future::Future;

use pendulum_store::Store;
use pendulum_store_postgres::PgStore;
use pendulum_store_sqlite::SqliteStore;
use sqlx::{AssertSqlSafe, Row};

pub use schema::Schema;

/// A backend under test.
pub trait Backend: Store {
    /// For messages: `sqlite` or `postgres`.
    const NAME: &'static str;

    /// Runs one statement on the database directly, bypassing the store; the error is the
    /// database's message.
    fn execute_raw(&self, sql: &str) -> impl Future<Output = Result<u64, String>> + Send;

    /// Runs a query that returns one integer (`SELECT count(*) …`).
    fn count_raw(&self, sql: &str) -> impl Future<Output = i64> + Send;

    /// The tables, columns and keys of the database.
    fn schema(&self) -> impl Future<Output = Schema> + Send;
}

impl Backend for SqliteStore {
    const NAME: &'static str = "sqlite";

    async fn execute_raw(&self, sql: &str) -> Result<u64, String> {
        sqlx::query(AssertSqlSafe(sql.to_string()))
            .execute(self.pool())
            .await
            .map(|done| done.rows_affected())
            .map_err(|e| e.to_string())
    }

    async fn count_raw(&self, sql: &str) -> i64 {
        sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_one(self.pool())
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    async fn schema(&self) -> Schema {
        schema::sqlite(self.pool()).await
    }
}

impl Backend for PgStore {
    const NAME: &'static str = "postgres";

    async fn execute_raw(&self, sql: &str) -> Result<u64, String> {
        sqlx::query(AssertSqlSafe(sql.to_string()))
            .execute(self.pool())
            .await
            .map(|done| done.rows_affected())
            .map_err(|e| e.to_string())
    }

    async fn count_raw(&self, sql: &str) -> i64 {
        sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_one(self.pool())
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    async fn schema(&self) -> Schema {
        schema::postgres(self.pool()).await
    }
}
