//! Bulk import and the paged reads of an export.
//!
//! An import is one `BEGIN IMMEDIATE` transaction: it reads what the batch must agree with,
//! has `pendulum_store::import::plan` check the whole batch, and writes with multi-row
//! INSERTs of [`CHUNK`] rows. Every full chunk of a table is the same SQL text, so sqlx's
//! per-connection statement cache prepares it once and reuses it. Nothing is visible to
//! anyone else before the commit, and a process killed mid-import leaves only uncommitted
//! frames in the write-ahead log, which SQLite ignores on the next open.

use std::collections::HashMap;

use pendulum_domain::{CurrentRole, PayEvent, Person, PersonId, RoleEvent};
use pendulum_store::import::{
    self, ImportBatch, ImportSummary, Progress, ProgressFn, Stage, Stored,
};
use pendulum_store::prelude::*;
use pendulum_store::rows::{CurrentRoleRow, PayEventRow, PersonRow, RoleEventRow};
use pendulum_store::sql::db;
use pendulum_store::{AuditAction, NewAuditEntry, Result, StoreError, Subject, now};
use sqlx::sqlite::{SqliteArguments, SqliteConnection};
use sqlx::{AssertSqlSafe, Sqlite};

use crate::rows::{self, key};
use crate::{SqliteOrg, audit, frameworks, projections};

/// Rows per INSERT. The widest table has 13 columns: 500 rows bind 6,500 values, well under
/// SQLite's limit of 32,766.
const CHUNK: usize = 500;

/// Ids per `IN (…)` list when reading stored histories.
const ID_CHUNK: usize = 500;

const EVENT_COLUMNS: &str = "id, person_id, seq, kind, effective, recorded_at, framework_version, \
     level_id, until_date, outcome, reason, supersedes_id";
const PAY_COLUMNS: &str =
    "id, person_id, seq, amount_minor, currency, effective, recorded_at, reason";

type Query = sqlx::query::Query<'static, Sqlite, SqliteArguments>;

pub(crate) async fn import(
    org: &SqliteOrg,
    batch: ImportBatch,
    progress: ProgressFn<'_>,
) -> Result<ImportSummary> {
    // The indexes of a large import do not fit SQLite's default page cache (2 MiB), and a
    // transaction whose dirty pages overflow the cache spills them to the log again and
    // again. The importing connection gets a large cache, and is closed afterwards rather
    // than returned to the pool with it.
    let mut conn = org.store.acquire().await?;
    conn.close_on_drop();
    sqlx::query(AssertSqlSafe(format!(
        "PRAGMA cache_size = -{IMPORT_CACHE_KIB}"
    )))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE")
        .await
        .map_err(db)?;
    require_org(&mut tx, org).await?;
    let frameworks = frameworks::load_all(&mut tx, org).await?;
    let people = stored_people(&mut tx, org).await?;
    let (with_events, with_pay) = Stored::affected(&people, &batch);
    let stored = Stored {
        events: stored_histories(
            &mut tx,
            org,
            &with_events,
            "role_events",
            EVENT_COLUMNS,
            |r| rows::role_event(r)?.into_event(),
        )
        .await?,
        pay: stored_histories(&mut tx, org, &with_pay, "pay_events", PAY_COLUMNS, |r| {
            rows::pay_event(r)?.into_event()
        })
        .await?,
        reporting: crate::reporting::all_changes(&mut tx, org).await?,
        people,
    };
    let plan = import::plan(
        org.org_id(),
        &frameworks,
        &stored,
        batch,
        org.store.clock.today(),
    )?;
    let summary = plan.summary;
    if plan.people.is_empty()
        && plan.events.is_empty()
        && plan.pay.is_empty()
        && plan.reporting.is_empty()
    {
        return Ok(summary);
    }

    let org_key = org.org_key();
    write(
        &mut tx,
        "INSERT INTO people (org_id, id, name, email, manager_id, created_at)",
        5,
        "",
        &plan.people,
        Stage::People,
        progress,
        |q, p| {
            q.bind(key(p.id.as_uuid()))
                .bind(p.name.clone())
                .bind(p.email.as_str().to_string())
                .bind(p.manager.map(|m| key(m.as_uuid())))
                .bind(rows::timestamp(now()))
        },
        org_key,
    )
    .await?;
    write(
        &mut tx,
        "INSERT INTO role_events (org_id, id, person_id, seq, kind, effective, recorded_at,
             framework_version, level_id, until_date, outcome, reason, supersedes_id)",
        12,
        "",
        &plan.events,
        Stage::Events,
        progress,
        |q, e| {
            let row = RoleEventRow::from_event(e);
            q.bind(key(row.id))
                .bind(key(row.person_id))
                .bind(row.seq)
                .bind(row.kind)
                .bind(row.effective)
                .bind(rows::timestamp(row.recorded_at))
                .bind(row.framework_version)
                .bind(row.level_id)
                .bind(row.until_date)
                .bind(row.outcome)
                .bind(row.reason)
                .bind(row.supersedes_id.map(key))
        },
        org_key,
    )
    .await?;
    write(
        &mut tx,
        "INSERT INTO pay_events (org_id, id, person_id, seq, amount_minor, currency, effective,
             recorded_at, reason)",
        8,
        "",
        &plan.pay,
        Stage::Pay,
        progress,
        |q, p| {
            let row = PayEventRow::from_event(p);
            q.bind(key(row.id))
                .bind(key(row.person_id))
                .bind(row.seq)
                .bind(row.amount_minor)
                .bind(row.currency)
                .bind(row.effective)
                .bind(rows::timestamp(row.recorded_at))
                .bind(row.reason)
        },
        org_key,
    )
    .await?;
    write(
        &mut tx,
        "INSERT INTO reporting_changes (org_id, person_id, seq, effective, manager_id, reason,
             recorded_at)",
        6,
        "",
        &plan.reporting,
        Stage::Reporting,
        progress,
        |q, c| {
            q.bind(key(c.person.as_uuid()))
                .bind(i64::from(c.seq))
                .bind(c.effective)
                .bind(c.manager.map(|m| key(m.as_uuid())))
                .bind(c.reason.clone())
                .bind(rows::timestamp(c.recorded_at))
        },
        org_key,
    )
    .await?;
    for &(person, manager, next) in &plan.managers {
        crate::reporting::project(&mut tx, org, person, manager, next).await?;
    }
    // The roles in effect in bulk; the rest of a projection (no role yet before a
    // scheduled hire, a scheduled change, or one a stored history no longer has) is rare
    // and written one by one.
    let roles: Vec<(PersonId, &CurrentRole)> = plan
        .projections
        .iter()
        .filter_map(|(p, s)| Some((*p, s.role.as_ref()?)))
        .collect();
    write(
        &mut tx,
        "INSERT INTO current_roles (org_id, person_id, status, level_id, track_id,
             framework_version, since, hired, trial_from_level, trial_target, trial_started,
             trial_until, last_event_seq)",
        12,
        " ON CONFLICT (org_id, person_id) DO UPDATE SET
             status = excluded.status, level_id = excluded.level_id, track_id = excluded.track_id,
             framework_version = excluded.framework_version, since = excluded.since,
             hired = excluded.hired, trial_from_level = excluded.trial_from_level,
             trial_target = excluded.trial_target, trial_started = excluded.trial_started,
             trial_until = excluded.trial_until, last_event_seq = excluded.last_event_seq
         WHERE current_roles.last_event_seq <= excluded.last_event_seq",
        &roles,
        Stage::Projections,
        progress,
        |q, (person, role)| {
            let row = CurrentRoleRow::from_role(*person, role);
            q.bind(key(row.person_id))
                .bind(row.status)
                .bind(row.level_id)
                .bind(row.track_id)
                .bind(row.framework_version)
                .bind(row.since)
                .bind(row.hired)
                .bind(row.trial_from_level)
                .bind(row.trial_target)
                .bind(row.trial_started)
                .bind(row.trial_until)
                .bind(row.last_event_seq)
        },
        org_key,
    )
    .await?;
    for (person, standing) in &plan.projections {
        if standing.role.is_none() {
            projections::write(&mut tx, org, *person, standing).await?;
        } else if standing.next_change.is_some() || stored.events.contains_key(person) {
            projections::write_schedule(&mut tx, org, *person, standing).await?;
        }
    }

    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::Imported,
        Subject::Import {
            people: summary.people,
            events: summary.events,
            pay: summary.pay,
        },
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(summary)
}

/// The page cache of an importing connection, in KiB (a ceiling: SQLite allocates pages as
/// it needs them).
const IMPORT_CACHE_KIB: i64 = 512 * 1024;

/// Writes `items` in chunks of [`CHUNK`] rows: `head` names the table and its columns
/// (`org_id` first), `width` is the number of other columns, which `bind` binds for one
/// item.
#[allow(clippy::too_many_arguments)]
async fn write<T>(
    conn: &mut SqliteConnection,
    head: &str,
    width: usize,
    tail: &str,
    items: &[T],
    stage: Stage,
    progress: ProgressFn<'_>,
    bind: impl Fn(Query, &T) -> Query,
    org_key: uuid::fmt::Hyphenated,
) -> Result<()> {
    let total = items.len() as u64;
    let full = insert_sql(head, width, CHUNK, tail);
    let mut done = 0;
    for chunk in items.chunks(CHUNK) {
        let sql = if chunk.len() == CHUNK {
            full.clone()
        } else {
            insert_sql(head, width, chunk.len(), tail)
        };
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for item in chunk {
            query = bind(query.bind(org_key), item);
        }
        query.execute(&mut *conn).await.map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Invalid(format!(
                "an id in this import is already used by another stored record ({})",
                d.message()
            )),
            _ => db(e),
        })?;
        done += chunk.len() as u64;
        progress(Progress { stage, done, total });
    }
    Ok(())
}

/// `head VALUES (?, ?, …), (?, ?, …)… tail`: `rows` rows of `1 + width` anonymous
/// parameters (the organisation first in each). Anonymous on purpose: SQLite looks a
/// numbered parameter's name up in a list that grows with the statement, so binding the
/// thousands of numbered parameters of a chunk by number costs time quadratic in its size
/// (it was three quarters of an import's time); anonymous ones are bound in constant time.
fn insert_sql(head: &str, width: usize, rows: usize, tail: &str) -> String {
    let row = format!("(?{})", ", ?".repeat(width));
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (row.len() + 2) + 8);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&row);
    }
    sql.push_str(tail);
    sql
}

async fn require_org(conn: &mut SqliteConnection, org: &SqliteOrg) -> Result<()> {
    sqlx::query("SELECT 1 FROM organisations WHERE id = $1")
        .bind(org.org_key())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found("organisation", org.org_id()))
}

async fn stored_people(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
) -> Result<HashMap<PersonId, Person>> {
    sqlx::query(
        "SELECT org_id, id, name, email, manager_id, NULL AS status FROM people WHERE org_id = $1",
    )
    .bind(org.org_key())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        let person = rows::person(row).and_then(PersonRow::into_person)?;
        Ok((person.id, person))
    })
    .collect()
}

/// The stored histories (role or pay) of `people`, by person.
async fn stored_histories<T>(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    people: &[PersonId],
    table: &str,
    columns: &str,
    parse: impl Fn(&sqlx::sqlite::SqliteRow) -> Result<T>,
) -> Result<HashMap<PersonId, Vec<T>>>
where
    T: HasPerson,
{
    let mut found: HashMap<PersonId, Vec<T>> = HashMap::new();
    for chunk in people.chunks(ID_CHUNK) {
        let list = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT {columns} FROM {table} WHERE org_id = ? AND person_id IN ({list}) ORDER BY person_id, seq"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(org.org_key());
        for p in chunk {
            query = query.bind(key(p.as_uuid()));
        }
        for row in query.fetch_all(&mut *conn).await.map_err(db)? {
            let item = parse(&row)?;
            found.entry(item.person()).or_default().push(item);
        }
    }
    Ok(found)
}

/// Records that belong to one person's history.
trait HasPerson {
    fn person(&self) -> PersonId;
}

impl HasPerson for RoleEvent {
    fn person(&self) -> PersonId {
        self.person
    }
}

impl HasPerson for PayEvent {
    fn person(&self) -> PersonId {
        self.person
    }
}

// --- export -----------------------------------------------------------------------------

pub(crate) async fn people_page(
    org: &SqliteOrg,
    after: Option<PersonId>,
    limit: u32,
) -> Result<Vec<Person>> {
    let select = "SELECT p.org_id, p.id, p.name, p.email, p.manager_id, c.status
         FROM people p
         LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
         WHERE p.org_id = $1 AND p.id > $2 ORDER BY p.id LIMIT $3";
    sqlx::query(select)
        .bind(org.org_key())
        .bind(after.map_or_else(String::new, |p| key(p.as_uuid()).to_string()))
        .bind(i64::from(limit))
        .fetch_all(&org.store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::person(row).and_then(PersonRow::into_person))
        .collect()
}

pub(crate) async fn events_page(
    org: &SqliteOrg,
    after: Option<(PersonId, u32)>,
    limit: u32,
) -> Result<Vec<RoleEvent>> {
    page(org, "role_events", EVENT_COLUMNS, after, limit)
        .await?
        .iter()
        .map(|row| rows::role_event(row)?.into_event())
        .collect()
}

pub(crate) async fn pay_page(
    org: &SqliteOrg,
    after: Option<(PersonId, u32)>,
    limit: u32,
) -> Result<Vec<PayEvent>> {
    page(org, "pay_events", PAY_COLUMNS, after, limit)
        .await?
        .iter()
        .map(|row| rows::pay_event(row)?.into_event())
        .collect()
}

/// Rows of a history table after `(person, seq)`, in key order (the unique index on
/// `(org_id, person_id, seq)` serves both the filter and the order).
async fn page(
    org: &SqliteOrg,
    table: &str,
    columns: &str,
    after: Option<(PersonId, u32)>,
    limit: u32,
) -> Result<Vec<sqlx::sqlite::SqliteRow>> {
    let (person, seq) = after.map_or((String::new(), 0), |(p, s)| {
        (key(p.as_uuid()).to_string(), i64::from(s))
    });
    let sql = format!(
        "SELECT {columns} FROM {table} WHERE org_id = $1 AND (person_id, seq) > ($2, $3)
         ORDER BY person_id, seq LIMIT $4"
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(org.org_key())
        .bind(person)
        .bind(seq)
        .bind(i64::from(limit))
        .fetch_all(&org.store.pool)
        .await
        .map_err(db)
}

impl ImportExport for SqliteOrg {
    async fn import_with_progress(
        &self,
        batch: ImportBatch,
        progress: ProgressFn<'_>,
    ) -> Result<ImportSummary> {
        import(self, batch, progress).await
    }
}
