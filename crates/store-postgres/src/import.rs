//! Bulk import and the paged reads of an export.
//!
//! An import is one transaction: it reads what the batch must agree with, has
//! `pendulum_store::import::plan` check the whole batch, and streams the rows with
//! `COPY … FROM STDIN (FORMAT csv)`, PostgreSQL's bulk path, in pieces of [`PIECE`] rows so
//! that progress can be reported. Projections are upserted from arrays (`UNNEST`), since
//! `COPY` cannot resolve a conflict. Nothing is visible before the commit.

use std::collections::HashMap;
use std::fmt::Write as _;

use pendulum_domain::{CurrentRole, PayEvent, Person, PersonId, RoleEvent};
use pendulum_store::import::{
    self, ImportBatch, ImportSummary, Progress, ProgressFn, Stage, Stored,
};
use pendulum_store::prelude::*;
use pendulum_store::rows::{CurrentRoleRow, PersonRow, to_i32};
use pendulum_store::sql::db;
use pendulum_store::{AuditAction, NewAuditEntry, Result, StoreError, Subject, now};
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgConnection, PgRow};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::rows::{self, key};
use crate::{PgOrg, audit, frameworks, projections};

/// Rows per piece of a `COPY` stream, and per projection upsert.
const PIECE: usize = 5_000;

const EVENT_COLUMNS: &str = "id, person_id, seq, kind, effective, recorded_at, framework_version, \
     level_id, until_date, outcome, reason, supersedes_id";
const PAY_COLUMNS: &str =
    "id, person_id, seq, amount_minor, currency, effective, recorded_at, reason";

pub(crate) async fn import(
    org: &PgOrg,
    batch: ImportBatch,
    progress: ProgressFn<'_>,
) -> Result<ImportSummary> {
    let mut tx = org.store.begin_write().await?;
    require_org(&mut tx, org).await?;
    let frameworks = frameworks::load_all(&mut tx, org).await?;
    let people = stored_people(&mut tx, org).await?;
    let (with_events, with_pay) = Stored::affected(&people, &batch);
    let mut events: HashMap<PersonId, Vec<RoleEvent>> = HashMap::new();
    for row in histories(&mut tx, org, "role_events", EVENT_COLUMNS, &with_events).await? {
        let event = rows::role_event(&row)?.into_event()?;
        events.entry(event.person).or_default().push(event);
    }
    let mut pay: HashMap<PersonId, Vec<PayEvent>> = HashMap::new();
    for row in histories(&mut tx, org, "pay_events", PAY_COLUMNS, &with_pay).await? {
        let event = rows::pay_event(&row)?.into_event()?;
        pay.entry(event.person).or_default().push(event);
    }
    // Reporting changes check the whole organisation's lines under this lock.
    sqlx::query("SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE")
        .bind(org.org_key())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    let stored = Stored {
        reporting: crate::reporting::all_changes(&mut tx, org).await?,
        people,
        events,
        pay,
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
    let created = now();
    copy(
        &mut tx,
        "COPY people (org_id, id, name, email, manager_id, created_at) FROM STDIN (FORMAT csv)",
        &plan.people,
        Stage::People,
        progress,
        |out, p| {
            out.raw(org_key);
            out.raw(p.id);
            out.text(Some(&p.name));
            out.text(Some(p.email.as_str()));
            out.opt(p.manager);
            out.time(created);
        },
    )
    .await?;
    copy(
        &mut tx,
        "COPY role_events (org_id, id, person_id, seq, kind, effective, recorded_at,
             framework_version, level_id, until_date, outcome, reason, supersedes_id)
         FROM STDIN (FORMAT csv)",
        &plan.events,
        Stage::Events,
        progress,
        |out, e| {
            out.raw(org_key);
            out.raw(e.id);
            out.raw(e.person);
            out.raw(e.seq);
            out.raw(e.kind.as_str());
            out.date(Some(e.effective));
            out.time(e.recorded_at);
            out.raw(e.framework_version);
            out.text(e.level.as_ref().map(|l| l.as_str()));
            out.date(e.until);
            out.text(e.outcome.map(pendulum_store::rows::outcome_str));
            out.text(e.reason.as_deref());
            out.opt(e.supersedes);
        },
    )
    .await?;
    copy(
        &mut tx,
        "COPY pay_events (org_id, id, person_id, seq, amount_minor, currency, effective,
             recorded_at, reason)
         FROM STDIN (FORMAT csv)",
        &plan.pay,
        Stage::Pay,
        progress,
        |out, p| {
            out.raw(org_key);
            out.raw(p.id);
            out.raw(p.person);
            out.raw(p.seq);
            out.raw(p.amount.minor);
            out.text(Some(p.amount.currency.as_str()));
            out.date(Some(p.effective));
            out.time(p.recorded_at);
            out.text(p.reason.as_deref());
        },
    )
    .await?;
    copy(
        &mut tx,
        "COPY reporting_changes (org_id, person_id, seq, effective, manager_id, reason,
             recorded_at)
         FROM STDIN (FORMAT csv)",
        &plan.reporting,
        Stage::Reporting,
        progress,
        |out, c| {
            out.raw(org_key);
            out.raw(c.person);
            out.raw(c.seq);
            out.date(c.effective);
            out.opt(c.manager);
            out.text(c.reason.as_deref());
            out.time(c.recorded_at);
        },
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
    write_projections(&mut tx, org, &roles, progress).await?;
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
    if summary.people >= ANALYZE_FROM {
        // The planner's statistics of a table that just grew are those of the table before,
        // and its new rows are not yet marked visible to every transaction: until autovacuum
        // came by, the directory search would scan everyone instead of its index, and read
        // a row of the table for each index entry it tests. The import is stored; a failure
        // here only says so in the log.
        if let Err(err) =
            sqlx::query("VACUUM (ANALYZE) people, current_roles, people_search_prefixes")
                .execute(&org.store.pool)
                .await
        {
            tracing::warn!(error = %err, "cannot vacuum and analyse after an import");
        }
    }
    Ok(summary)
}

/// An import of at least this many people is vacuumed and analysed at once.
const ANALYZE_FROM: u64 = 1_000;

/// One `COPY` of `items`, streamed in pieces of [`PIECE`] rows; `row` writes one item's
/// fields.
async fn copy<T>(
    conn: &mut PgConnection,
    statement: &str,
    items: &[T],
    stage: Stage,
    progress: ProgressFn<'_>,
    row: impl Fn(&mut CsvRow, &T),
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let total = items.len() as u64;
    let mut copy_in = conn.copy_in_raw(statement).await.map_err(write_error)?;
    let mut done = 0;
    for piece in items.chunks(PIECE) {
        let mut out = CsvRow::default();
        for item in piece {
            row(&mut out, item);
            out.end();
        }
        if let Err(e) = copy_in.send(out.buf.into_bytes()).await {
            let _ = copy_in.abort("import failed").await;
            return Err(write_error(e));
        }
        done += piece.len() as u64;
        progress(Progress { stage, done, total });
    }
    copy_in.finish().await.map_err(write_error)?;
    Ok(())
}

/// A taken sequence number means another writer appended meanwhile (retry); any other
/// taken key is an id used by a record the import did not read.
fn write_error(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            if d.constraint()
                .is_some_and(|c| c.ends_with("_person_seq_key"))
            {
                StoreError::Conflict
            } else {
                StoreError::Invalid(format!(
                    "an id in this import is already used by another stored record ({})",
                    d.message()
                ))
            }
        }
        _ => db(e),
    }
}

/// Rows in `COPY`'s CSV format: text quoted, NULL as an empty unquoted field.
#[derive(Default)]
struct CsvRow {
    buf: String,
    fields: usize,
}

impl CsvRow {
    fn sep(&mut self) {
        if self.fields > 0 {
            self.buf.push(',');
        }
        self.fields += 1;
    }

    /// A value whose text needs no quoting (numbers, ids, kinds).
    fn raw(&mut self, value: impl std::fmt::Display) {
        self.sep();
        let _ = write!(self.buf, "{value}");
    }

    fn opt(&mut self, value: Option<impl std::fmt::Display>) {
        match value {
            Some(v) => self.raw(v),
            None => self.sep(),
        }
    }

    fn text(&mut self, value: Option<&str>) {
        self.sep();
        if let Some(text) = value {
            self.buf.push('"');
            for c in text.chars() {
                if c == '"' {
                    self.buf.push('"');
                }
                self.buf.push(c);
            }
            self.buf.push('"');
        }
    }

    fn date(&mut self, value: Option<Date>) {
        self.opt(value);
    }

    fn time(&mut self, value: OffsetDateTime) {
        let utc = value.to_offset(UtcOffset::UTC);
        self.raw(utc.format(&Rfc3339).expect("every UTC time formats"));
    }

    fn end(&mut self) {
        self.buf.push('\n');
        self.fields = 0;
    }
}

async fn write_projections(
    conn: &mut PgConnection,
    org: &PgOrg,
    projections: &[(PersonId, &CurrentRole)],
    progress: ProgressFn<'_>,
) -> Result<()> {
    let total = projections.len() as u64;
    let mut done = 0;
    for piece in projections.chunks(PIECE) {
        let rows: Vec<CurrentRoleRow> = piece
            .iter()
            .map(|(p, r)| CurrentRoleRow::from_role(*p, r))
            .collect();
        let int = |v: i64, c: &str| to_i32(u32::try_from(v).unwrap_or(u32::MAX), c);
        let versions = rows
            .iter()
            .map(|r| int(r.framework_version, "framework_version"))
            .collect::<Result<Vec<i32>>>()?;
        let seqs = rows
            .iter()
            .map(|r| int(r.last_event_seq, "last_event_seq"))
            .collect::<Result<Vec<i32>>>()?;
        sqlx::query(
            "INSERT INTO current_roles (org_id, person_id, status, level_id, track_id,
                 framework_version, since, hired, trial_from_level, trial_target, trial_started,
                 trial_until, last_event_seq)
             SELECT $1, * FROM UNNEST($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int4[],
                 $7::date[], $8::date[], $9::text[], $10::text[], $11::date[], $12::date[],
                 $13::int4[])
             ON CONFLICT (org_id, person_id) DO UPDATE SET
                 status = excluded.status, level_id = excluded.level_id, track_id = excluded.track_id,
                 framework_version = excluded.framework_version, since = excluded.since,
                 hired = excluded.hired, trial_from_level = excluded.trial_from_level,
                 trial_target = excluded.trial_target, trial_started = excluded.trial_started,
                 trial_until = excluded.trial_until, last_event_seq = excluded.last_event_seq
             WHERE current_roles.last_event_seq <= excluded.last_event_seq",
        )
        .bind(org.org_key())
        .bind(rows.iter().map(|r| r.person_id).collect::<Vec<Uuid>>())
        .bind(rows.iter().map(|r| r.status.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.level_id.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.track_id.clone()).collect::<Vec<_>>())
        .bind(versions)
        .bind(rows.iter().map(|r| r.since).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.hired).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.trial_from_level.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.trial_target.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.trial_started).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.trial_until).collect::<Vec<_>>())
        .bind(seqs)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
        done += piece.len() as u64;
        progress(Progress {
            stage: Stage::Projections,
            done,
            total,
        });
    }
    Ok(())
}

async fn require_org(conn: &mut PgConnection, org: &PgOrg) -> Result<()> {
    sqlx::query("SELECT 1 FROM organisations WHERE id = $1")
        .bind(org.org_key())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found("organisation", org.org_id()))
}

async fn stored_people(conn: &mut PgConnection, org: &PgOrg) -> Result<HashMap<PersonId, Person>> {
    sqlx::query(
        "SELECT org_id, id, name, email, manager_id, NULL::text AS status
         FROM people WHERE org_id = $1",
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

/// The stored rows of a history table for `people`.
async fn histories(
    conn: &mut PgConnection,
    org: &PgOrg,
    table: &str,
    columns: &str,
    people: &[PersonId],
) -> Result<Vec<PgRow>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = people.iter().map(|p| key(p.as_uuid())).collect();
    sqlx::query(AssertSqlSafe(format!(
        "SELECT {columns} FROM {table} WHERE org_id = $1 AND person_id = ANY($2)
         ORDER BY person_id, seq"
    )))
    .bind(org.org_key())
    .bind(ids)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)
}

// --- export -----------------------------------------------------------------------------

pub(crate) async fn people_page(
    org: &PgOrg,
    after: Option<PersonId>,
    limit: u32,
) -> Result<Vec<Person>> {
    sqlx::query(
        "SELECT p.org_id, p.id, p.name, p.email, p.manager_id, c.status
         FROM people p
         LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
         WHERE p.org_id = $1 AND p.id > $2 ORDER BY p.id LIMIT $3",
    )
    .bind(org.org_key())
    .bind(after.map_or(Uuid::nil(), |p| p.as_uuid()))
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::person(row).and_then(PersonRow::into_person))
    .collect()
}

pub(crate) async fn events_page(
    org: &PgOrg,
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
    org: &PgOrg,
    after: Option<(PersonId, u32)>,
    limit: u32,
) -> Result<Vec<PayEvent>> {
    page(org, "pay_events", PAY_COLUMNS, after, limit)
        .await?
        .iter()
        .map(|row| rows::pay_event(row)?.into_event())
        .collect()
}

/// Rows of a history table after `(person, seq)`, in the order of its unique index.
async fn page(
    org: &PgOrg,
    table: &str,
    columns: &str,
    after: Option<(PersonId, u32)>,
    limit: u32,
) -> Result<Vec<PgRow>> {
    // The nil uuid sorts first, and a first page starts after (nil, 0).
    let (person, seq) = after.map_or((Uuid::nil(), 0), |(p, s)| (p.as_uuid(), s));
    sqlx::query(AssertSqlSafe(format!(
        "SELECT {columns} FROM {table} WHERE org_id = $1 AND (person_id, seq) > ($2, $3)
         ORDER BY person_id, seq LIMIT $4"
    )))
    .bind(org.org_key())
    .bind(person)
    .bind(to_i32(seq, "seq")?)
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)
}

impl ImportExport for PgOrg {
    async fn import_with_progress(
        &self,
        batch: ImportBatch,
        progress: ProgressFn<'_>,
    ) -> Result<ImportSummary> {
        import(self, batch, progress).await
    }
}
