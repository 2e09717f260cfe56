//! Role histories: append (optimistically, see the crate documentation), read, and the
//! current-role projections kept beside them (written by [`projections`]).

use std::collections::BTreeMap;

use pendulum_domain::timeline::{Standing, fold_on};
use pendulum_domain::{CurrentRole, PersonId, RoleEvent};
use pendulum_store::history::prepare_append;
use pendulum_store::prelude::*;
use pendulum_store::rows::RoleEventRow;
use pendulum_store::sql::{constraint_or_db, db};
use pendulum_store::{AuditAction, NewAuditEntry, NewRoleEvent, Result, StoreError, Subject};
use sqlx::sqlite::SqliteConnection;
use uuid::Uuid;

use crate::rows::{self, key};
use crate::{SqliteOrg, audit, frameworks, import, plan_steps, projections, require_person};

/// People whose events one rebuild query reads at a time.
const REBUILD_CHUNK: usize = 500;

pub(crate) async fn append(
    org: &SqliteOrg,
    person: PersonId,
    event: NewRoleEvent,
) -> Result<RoleEvent> {
    // The history is read outside the write transaction, so readers never queue behind
    // the write lock; a writer that committed in between makes the insert below fail on
    // the unique (org_id, person_id, seq) key, which is the conflict the caller retries.
    let (event, standing) = {
        let mut conn = org.store.acquire().await?;
        prepare(&mut conn, org, person, event).await?
    };
    let mut tx = org.store.begin_write().await?;
    write(&mut tx, org, &event, &standing).await?;
    // A trial ended or extended here, outside its plan: the plan follows.
    plan_steps::follow(
        &mut tx,
        org,
        &event,
        pendulum_store::plan::actor_account(&org.store.actor),
    )
    .await?;
    tx.commit().await.map_err(db)?;
    Ok(event)
}

/// The checks of an append, on `conn` (a pooled connection, or a caller's transaction):
/// the person exists, the framework version is published, and the whole history with the
/// event in place folds. Returns the event to store and where the person stands today
/// after it.
pub(crate) async fn prepare(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    person: PersonId,
    event: NewRoleEvent,
) -> Result<(RoleEvent, Standing)> {
    require_person(conn, org, person).await?;
    let existing = load_events(conn, org, person).await?;
    let frameworks = frameworks::load_all(conn, org).await?;
    let today = org.store.clock.today();
    prepare_append(&frameworks, &existing, person, event, today)
}

/// The writes of an append, inside the caller's transaction: the event, the projection and
/// the audit row.
pub(crate) async fn write(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    event: &RoleEvent,
    standing: &Standing,
) -> Result<()> {
    insert_event(conn, org, event).await?;
    projections::write(conn, org, event.person, standing).await?;
    let action = match event.supersedes {
        Some(_) => AuditAction::RoleEventCorrected,
        None => AuditAction::RoleEventAppended,
    };
    let entry = NewAuditEntry::new(&org.store.actor, action, Subject::RoleEvent(event.id))
        .about(event.person);
    audit::insert(conn, org.org_id().as_uuid(), &entry).await
}

async fn insert_event(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    event: &RoleEvent,
) -> Result<()> {
    let row = RoleEventRow::from_event(event);
    sqlx::query(
        "INSERT INTO role_events (org_id, id, person_id, seq, kind, effective, recorded_at,
             framework_version, level_id, until_date, outcome, reason, supersedes_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(org.org_key())
    .bind(key(row.id))
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
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || StoreError::Conflict,
            || StoreError::not_found("person", event.person),
        )
    })?;
    Ok(())
}

/// Role events of the organisation, filtered further by `$tail`.
macro_rules! select_events {
    ($tail:literal) => {
        concat!(
            "SELECT id, person_id, seq, kind, effective, recorded_at, framework_version,
                 level_id, until_date, outcome, reason, supersedes_id
             FROM role_events WHERE org_id = $1",
            $tail
        )
    };
}

pub(crate) async fn load_events(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    person: PersonId,
) -> Result<Vec<RoleEvent>> {
    sqlx::query(select_events!(" AND person_id = $2 ORDER BY seq"))
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::role_event(row)?.into_event())
        .collect()
}

pub(crate) async fn events(org: &SqliteOrg, person: PersonId) -> Result<Vec<RoleEvent>> {
    let mut conn = org.store.acquire().await?;
    require_person(&mut conn, org, person).await?;
    load_events(&mut conn, org, person).await
}

pub(crate) async fn current_role(org: &SqliteOrg, person: PersonId) -> Result<Option<CurrentRole>> {
    projections::refresh_due(org).await?;
    let mut conn = org.store.acquire().await?;
    require_person(&mut conn, org, person).await?;
    sqlx::query(
        "SELECT person_id, status, level_id, track_id, framework_version, since, hired,
             trial_from_level, trial_target, trial_started, trial_until, last_event_seq
         FROM current_roles WHERE org_id = $1 AND person_id = $2",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .map(|row| rows::current_role(&row)?.into_role())
    .transpose()
}

pub(crate) async fn rebuild(org: &SqliteOrg) -> Result<u64> {
    let today = org.store.clock.today();
    let mut tx = org.store.begin_write().await?;
    let frameworks = frameworks::load_all(&mut tx, org).await?;
    let people: Vec<Uuid> = sqlx::query("SELECT id FROM people WHERE org_id = $1 ORDER BY id")
        .bind(org.org_key())
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::uuid(row, "id"))
        .collect::<Result<_>>()?;
    let mut written = 0;
    for chunk in people.chunks(REBUILD_CHUNK) {
        let mut histories = events_between(&mut tx, org, chunk[0], chunk[chunk.len() - 1]).await?;
        for &person in chunk {
            let person = PersonId::from_uuid(person);
            match histories.remove(&person) {
                Some(events) => {
                    let standing = fold_on(&frameworks, &events, today)?;
                    projections::write(&mut tx, org, person, &standing).await?;
                    written += u64::from(standing.role.is_some());
                }
                None => projections::delete(&mut tx, org, person).await?,
            }
        }
    }
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ProjectionsRebuilt,
        Subject::Projections,
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(written)
}

/// The histories of the people whose ids lie between `first` and `last`, by person.
async fn events_between(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    first: Uuid,
    last: Uuid,
) -> Result<BTreeMap<PersonId, Vec<RoleEvent>>> {
    let found = sqlx::query(select_events!(
        " AND person_id >= $2 AND person_id <= $3 ORDER BY person_id, seq"
    ))
    .bind(org.org_key())
    .bind(key(first))
    .bind(key(last))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let mut histories: BTreeMap<PersonId, Vec<RoleEvent>> = BTreeMap::new();
    for row in &found {
        let event = rows::role_event(row)?.into_event()?;
        histories.entry(event.person).or_default().push(event);
    }
    Ok(histories)
}

impl RoleHistory for SqliteOrg {
    async fn append_event(&self, person: PersonId, event: NewRoleEvent) -> Result<RoleEvent> {
        append(self, person, event).await
    }

    async fn events(&self, person: PersonId) -> Result<Vec<RoleEvent>> {
        events(self, person).await
    }

    async fn current_role(&self, person: PersonId) -> Result<Option<CurrentRole>> {
        current_role(self, person).await
    }

    async fn current_roles(&self) -> Result<Vec<(PersonId, CurrentRole)>> {
        projections::all(self).await
    }

    async fn scheduled_changes(&self) -> Result<Vec<(PersonId, time::Date)>> {
        // A row due today or earlier is brought up to date (and so dropped or moved on)
        // first, as before every read of the current roles.
        projections::refresh_due(self).await?;
        sqlx::query(
            "SELECT person_id, next_change_on FROM scheduled_changes
             WHERE org_id = $1 AND next_change_on > $2 ORDER BY person_id",
        )
        .bind(self.org_key())
        .bind(self.store.clock.today())
        .fetch_all(&self.store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| {
            Ok((
                PersonId::from_uuid(rows::uuid(row, "person_id")?),
                sqlx::Row::try_get::<time::Date, _>(row, "next_change_on").map_err(db)?,
            ))
        })
        .collect()
    }

    async fn returns_between(
        &self,
        from: time::Date,
        to: time::Date,
    ) -> Result<Vec<(PersonId, time::Date)>> {
        sqlx::query(
            "SELECT person_id, effective FROM role_events
             WHERE org_id = $1 AND kind = 'trial-end' AND outcome = 'return'
               AND effective >= $2 AND effective <= $3
             ORDER BY effective DESC, person_id",
        )
        .bind(self.org_key())
        .bind(from)
        .bind(to)
        .fetch_all(&self.store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| {
            Ok((
                PersonId::from_uuid(rows::uuid(row, "person_id")?),
                sqlx::Row::try_get::<time::Date, _>(row, "effective").map_err(db)?,
            ))
        })
        .collect()
    }

    async fn rebuild_projections(&self) -> Result<u64> {
        rebuild(self).await
    }

    async fn events_page(
        &self,
        after: Option<(PersonId, u32)>,
        limit: u32,
    ) -> Result<Vec<RoleEvent>> {
        import::events_page(self, after, limit).await
    }
}
