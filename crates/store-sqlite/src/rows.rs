//! Reading rows: SQLite keeps ids and timestamps as TEXT, and these helpers turn columns
//! into the plain row types of `pendulum_store::rows`.

use pendulum_store::rows::{CurrentRoleRow, OrganisationRow, PayEventRow, PersonRow, RoleEventRow};
use pendulum_store::sql::db;
use pendulum_store::{Result, StoreError};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
use uuid::Uuid;
use uuid::fmt::Hyphenated;

/// Fixed width, UTC, microseconds: sorts as text and round-trips exactly.
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

pub(crate) fn timestamp(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("every UTC time formats")
}

fn parse_timestamp(s: &str) -> Result<OffsetDateTime> {
    PrimitiveDateTime::parse(s, TIMESTAMP)
        .map(PrimitiveDateTime::assume_utc)
        .map_err(|e| StoreError::corrupt(format!("timestamp {s:?}: {e}")))
}

pub(crate) fn key(id: Uuid) -> Hyphenated {
    id.hyphenated()
}

fn get<'r, T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>>(
    row: &'r SqliteRow,
    column: &str,
) -> Result<T> {
    row.try_get(column).map_err(db)
}

pub(crate) fn uuid(row: &SqliteRow, column: &str) -> Result<Uuid> {
    Ok(get::<Hyphenated>(row, column)?.into_uuid())
}

pub(crate) fn opt_uuid(row: &SqliteRow, column: &str) -> Result<Option<Uuid>> {
    Ok(get::<Option<Hyphenated>>(row, column)?.map(Hyphenated::into_uuid))
}

pub(crate) fn time(row: &SqliteRow, column: &str) -> Result<OffsetDateTime> {
    parse_timestamp(&get::<String>(row, column)?)
}

pub(crate) fn opt_time(row: &SqliteRow, column: &str) -> Result<Option<OffsetDateTime>> {
    get::<Option<String>>(row, column)?
        .as_deref()
        .map(parse_timestamp)
        .transpose()
}

pub(crate) fn string(row: &SqliteRow, column: &str) -> Result<String> {
    get(row, column)
}

pub(crate) fn opt_string(row: &SqliteRow, column: &str) -> Result<Option<String>> {
    get(row, column)
}

pub(crate) fn int(row: &SqliteRow, column: &str) -> Result<i64> {
    get(row, column)
}

pub(crate) fn organisation(row: &SqliteRow) -> Result<OrganisationRow> {
    Ok(OrganisationRow {
        id: uuid(row, "id")?,
        slug: get(row, "slug")?,
        name: get(row, "name")?,
    })
}

/// Columns: `org_id, id, name, email, manager_id, status`.
pub(crate) fn person(row: &SqliteRow) -> Result<PersonRow> {
    Ok(PersonRow {
        org_id: uuid(row, "org_id")?,
        id: uuid(row, "id")?,
        name: get(row, "name")?,
        email: get(row, "email")?,
        manager_id: opt_uuid(row, "manager_id")?,
        status: get(row, "status")?,
    })
}

pub(crate) fn role_event(row: &SqliteRow) -> Result<RoleEventRow> {
    Ok(RoleEventRow {
        id: uuid(row, "id")?,
        person_id: uuid(row, "person_id")?,
        seq: get(row, "seq")?,
        kind: get(row, "kind")?,
        effective: get(row, "effective")?,
        recorded_at: time(row, "recorded_at")?,
        framework_version: get(row, "framework_version")?,
        level_id: get(row, "level_id")?,
        until_date: get(row, "until_date")?,
        outcome: get(row, "outcome")?,
        reason: get(row, "reason")?,
        supersedes_id: opt_uuid(row, "supersedes_id")?,
    })
}

pub(crate) fn current_role(row: &SqliteRow) -> Result<CurrentRoleRow> {
    Ok(CurrentRoleRow {
        person_id: uuid(row, "person_id")?,
        status: get(row, "status")?,
        level_id: get(row, "level_id")?,
        track_id: get(row, "track_id")?,
        framework_version: get(row, "framework_version")?,
        since: get(row, "since")?,
        hired: get(row, "hired")?,
        trial_from_level: get(row, "trial_from_level")?,
        trial_target: get(row, "trial_target")?,
        trial_started: get(row, "trial_started")?,
        trial_until: get(row, "trial_until")?,
        last_event_seq: get(row, "last_event_seq")?,
    })
}

pub(crate) fn pay_event(row: &SqliteRow) -> Result<PayEventRow> {
    Ok(PayEventRow {
        id: uuid(row, "id")?,
        person_id: uuid(row, "person_id")?,
        seq: get(row, "seq")?,
        amount_minor: get(row, "amount_minor")?,
        currency: get(row, "currency")?,
        effective: get(row, "effective")?,
        recorded_at: time(row, "recorded_at")?,
        reason: get(row, "reason")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_and_sort_as_text() {
        let t = pendulum_store::now();
        assert_eq!(parse_timestamp(&timestamp(t)).unwrap(), t);
        let whole = time::macros::datetime!(2024-01-02 03:04:05 UTC);
        let later = time::macros::datetime!(2024-01-02 03:04:05.5 UTC);
        assert_eq!(timestamp(whole), "2024-01-02T03:04:05.000000Z");
        assert!(timestamp(whole) < timestamp(later));
    }
}
