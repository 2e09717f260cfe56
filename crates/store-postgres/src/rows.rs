//! Reading rows: PostgreSQL has native uuid, date and timestamptz columns, and 32-bit
//! integers for sequence and version numbers; these helpers turn columns into the plain row
//! types of `pendulum_store::rows`.

use pendulum_store::Result;
use pendulum_store::rows::{CurrentRoleRow, OrganisationRow, PayEventRow, PersonRow, RoleEventRow};
use pendulum_store::sql::db;
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;
use uuid::Uuid;

/// Timestamps are bound as they are (`timestamptz` keeps microseconds, which is what
/// `pendulum_store::now` produces).
pub(crate) fn timestamp(t: OffsetDateTime) -> OffsetDateTime {
    t
}

/// Ids are bound as they are (`uuid`).
pub(crate) fn key(id: Uuid) -> Uuid {
    id
}

fn get<'r, T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>>(
    row: &'r PgRow,
    column: &str,
) -> Result<T> {
    row.try_get(column).map_err(db)
}

pub(crate) fn uuid(row: &PgRow, column: &str) -> Result<Uuid> {
    get(row, column)
}

pub(crate) fn opt_uuid(row: &PgRow, column: &str) -> Result<Option<Uuid>> {
    get(row, column)
}

pub(crate) fn time(row: &PgRow, column: &str) -> Result<OffsetDateTime> {
    get(row, column)
}

pub(crate) fn opt_time(row: &PgRow, column: &str) -> Result<Option<OffsetDateTime>> {
    get(row, column)
}

pub(crate) fn string(row: &PgRow, column: &str) -> Result<String> {
    get(row, column)
}

pub(crate) fn opt_string(row: &PgRow, column: &str) -> Result<Option<String>> {
    get(row, column)
}

/// An `integer` column, widened to the `i64` the row types use.
pub(crate) fn int(row: &PgRow, column: &str) -> Result<i64> {
    get::<i32>(row, column).map(i64::from)
}

pub(crate) fn organisation(row: &PgRow) -> Result<OrganisationRow> {
    Ok(OrganisationRow {
        id: uuid(row, "id")?,
        slug: get(row, "slug")?,
        name: get(row, "name")?,
    })
}

/// Columns: `org_id, id, name, email, manager_id, status`.
pub(crate) fn person(row: &PgRow) -> Result<PersonRow> {
    Ok(PersonRow {
        org_id: uuid(row, "org_id")?,
        id: uuid(row, "id")?,
        name: get(row, "name")?,
        email: get(row, "email")?,
        manager_id: opt_uuid(row, "manager_id")?,
        status: get(row, "status")?,
    })
}

pub(crate) fn role_event(row: &PgRow) -> Result<RoleEventRow> {
    Ok(RoleEventRow {
        id: uuid(row, "id")?,
        person_id: uuid(row, "person_id")?,
        seq: int(row, "seq")?,
        kind: get(row, "kind")?,
        effective: get(row, "effective")?,
        recorded_at: time(row, "recorded_at")?,
        framework_version: int(row, "framework_version")?,
        level_id: get(row, "level_id")?,
        until_date: get(row, "until_date")?,
        outcome: get(row, "outcome")?,
        reason: get(row, "reason")?,
        supersedes_id: opt_uuid(row, "supersedes_id")?,
    })
}

pub(crate) fn current_role(row: &PgRow) -> Result<CurrentRoleRow> {
    Ok(CurrentRoleRow {
        person_id: uuid(row, "person_id")?,
        status: get(row, "status")?,
        level_id: get(row, "level_id")?,
        track_id: get(row, "track_id")?,
        framework_version: int(row, "framework_version")?,
        since: get(row, "since")?,
        hired: get(row, "hired")?,
        trial_from_level: get(row, "trial_from_level")?,
        trial_target: get(row, "trial_target")?,
        trial_started: get(row, "trial_started")?,
        trial_until: get(row, "trial_until")?,
        last_event_seq: int(row, "last_event_seq")?,
    })
}

pub(crate) fn pay_event(row: &PgRow) -> Result<PayEventRow> {
    Ok(PayEventRow {
        id: uuid(row, "id")?,
        person_id: uuid(row, "person_id")?,
        seq: int(row, "seq")?,
        amount_minor: get(row, "amount_minor")?,
        currency: get(row, "currency")?,
        effective: get(row, "effective")?,
        recorded_at: time(row, "recorded_at")?,
        reason: get(row, "reason")?,
    })
}
