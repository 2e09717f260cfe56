//! What the two database backends share, written once (built with the `sqlx` feature, which
//! both enable): how a driver's errors become [`StoreError`]s, and the lookup that proves a
//! row belongs to the organisation before a write refers to it. The SQL here reads the same
//! on both databases (`$N` placeholders); anything whose SQL differs stays in its backend.

use std::fmt::Display;

use sqlx::{Database, Encode, Executor, IntoArguments, Type};

use crate::error::{Result, StoreError};

/// Any database failure the caller cannot act on.
pub fn db(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::database(e)
}

/// Whether `e` is a unique-constraint (or primary-key) violation.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Maps a unique violation to `on_unique` and everything else to [`StoreError::Database`].
pub fn unique_or_db(e: sqlx::Error, on_unique: impl FnOnce() -> StoreError) -> StoreError {
    if is_unique_violation(&e) {
        on_unique()
    } else {
        db(e)
    }
}

/// Maps a foreign-key violation to `on_missing` (a row this one refers to is gone), a unique
/// violation to `on_unique`, and everything else to [`StoreError::Database`].
pub fn constraint_or_db(
    e: sqlx::Error,
    on_unique: impl FnOnce() -> StoreError,
    on_missing: impl FnOnce() -> StoreError,
) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => on_unique(),
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => on_missing(),
        _ => db(e),
    }
}

/// A table whose rows belong to one organisation and are looked up by `(org_id, id)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owned {
    Person,
    Account,
}

impl Owned {
    /// The lookup: the table's name is one of a fixed few, never input.
    fn query(self) -> &'static str {
        match self {
            Self::Person => "SELECT 1 FROM people WHERE org_id = $1 AND id = $2",
            Self::Account => "SELECT 1 FROM accounts WHERE org_id = $1 AND id = $2",
        }
    }

    /// How a missing row is named in [`StoreError::NotFound`].
    fn name(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Account => "account",
        }
    }
}

/// Fails with [`StoreError::NotFound`] (naming `shown`) unless the row of `table` keyed
/// `id` is in the organisation keyed `org`. The keys are bound as each backend stores
/// them (text in SQLite, native UUIDs in PostgreSQL).
pub async fn require<'c, DB, K>(
    conn: impl Executor<'c, Database = DB>,
    table: Owned,
    org: K,
    id: K,
    shown: impl Display,
) -> Result<()>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    K: for<'t> Encode<'t, DB> + Type<DB> + Send,
{
    let found = sqlx::query::<DB>(table.query())
        .bind(org)
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(db)?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::not_found(table.name(), shown)),
    }
}
