//! From sqlx errors to [`StoreError`].

use pendulum_store::StoreError;

/// Any database failure the caller cannot act on.
pub(crate) fn db(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::database(e)
}

/// Whether `e` is a unique-constraint (or primary-key) violation.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Maps a unique violation to `on_unique` and everything else to [`StoreError::Database`].
pub(crate) fn unique_or_db(e: sqlx::Error, on_unique: impl FnOnce() -> StoreError) -> StoreError {
    if is_unique_violation(&e) {
        on_unique()
    } else {
        db(e)
    }
}

/// Maps a foreign-key violation to `on_missing` (a row this one refers to is gone), a unique
/// violation to `on_unique`, and everything else to [`StoreError::Database`].
pub(crate) fn constraint_or_db(
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
