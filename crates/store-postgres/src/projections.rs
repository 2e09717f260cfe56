//! The current-role projections: for each person, the role in effect today
//! (`current_roles`) and the date it next changes (`scheduled_changes`). Written with every
//! event, rebuilt from the events on demand, and refreshed before a read once a scheduled
//! date has arrived, so a row computed yesterday never answers for today.
//!
//! Each row carries the `last_event_seq` of the history it was computed from, and a write
//! never replaces a row computed from a longer history: a refresh or a rebuild that read
//! before an append committed cannot undo the append's projection.

use pendulum_domain::timeline::{Standing, fold_on};
use std::collections::BTreeMap;

use pendulum_domain::{CurrentRole, PersonId, RoleEvent};
use pendulum_store::Result;
use pendulum_store::rows::CurrentRoleRow;
use pendulum_store::sql::db;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use crate::rows::{self, key};
use crate::{PgOrg, frameworks};

/// People whose events one refresh query reads at a time.
const REFRESH_CHUNK: usize = 500;

/// Every projection of the organisation, by person id.
pub(crate) async fn all(org: &PgOrg) -> Result<Vec<(PersonId, CurrentRole)>> {
    refresh_due(org).await?;
    sqlx::query(
        "SELECT person_id, status, level_id, track_id, framework_version, since, hired,
             trial_from_level, trial_target, trial_started, trial_until, last_event_seq
         FROM current_roles WHERE org_id = $1 ORDER BY person_id",
    )
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        let row = rows::current_role(row)?;
        let person = PersonId::from_uuid(row.person_id);
        Ok((person, row.into_role()?))
    })
    .collect()
}

/// Brings up to date the projections whose next scheduled change is due by the store's
/// today, and returns how many. Called before every read of the projections; when nothing
/// is due (nearly always) it costs one indexed lookup.
/// A check that found everything up to date holds for a second for that organisation and
/// day ([`pendulum_store::DueChecks`]), so a page that reads several times asks once.
///
/// Each person's projection is written in a transaction of its own, holding one person's
/// rows at a time, so a refresh cannot deadlock with an import or a rebuild that locks
/// many. A history read before an append committed makes a projection that the
/// `last_event_seq` guard refuses to write, and the append's own projection stands.
pub(crate) async fn refresh_due(org: &PgOrg) -> Result<u64> {
    let today = org.store.clock.today();
    if org.store.due.fresh(org.org, today) {
        return Ok(0);
    }
    let refreshed =
        refresh_due_now(org, today).await? + crate::reporting::refresh_due_now(org, today).await?;
    org.store.due.up_to_date(org.org, today);
    Ok(refreshed)
}

/// [`refresh_due`], asking the database.
async fn refresh_due_now(org: &PgOrg, today: time::Date) -> Result<u64> {
    let people: Vec<Uuid> = sqlx::query(
        "SELECT person_id FROM scheduled_changes
         WHERE org_id = $1 AND next_change_on <= $2 ORDER BY person_id",
    )
    .bind(org.org_key())
    .bind(today)
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::uuid(row, "person_id"))
    .collect::<Result<_>>()?;
    if people.is_empty() {
        return Ok(0);
    }
    let mut conn = org.store.acquire().await?;
    let frameworks = frameworks::load_all(&mut conn, org).await?;
    for chunk in people.chunks(REFRESH_CHUNK) {
        let mut histories = events_of(&mut conn, org, chunk).await?;
        for &person in chunk {
            let person = PersonId::from_uuid(person);
            let mut tx = org.store.begin_write().await?;
            match histories.remove(&person) {
                Some(events) => {
                    let standing = fold_on(&frameworks, &events, today)?;
                    write(&mut tx, org, person, &standing).await?;
                }
                None => delete(&mut tx, org, person).await?,
            }
            tx.commit().await.map_err(db)?;
        }
    }
    Ok(people.len() as u64)
}

/// Writes where `person` stands, inside the caller's transaction: the role in effect (no
/// row before a scheduled hire) and the next scheduled change (no row when none is), unless
/// the stored rows were computed from a longer history.
pub(crate) async fn write(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    standing: &Standing,
) -> Result<()> {
    write_role(conn, org, person, standing).await?;
    write_schedule(conn, org, person, standing).await
}

/// The `current_roles` half of [`write`].
async fn write_role(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    standing: &Standing,
) -> Result<()> {
    let seq = i64::from(standing.last_event_seq);
    match &standing.role {
        Some(role) => upsert_role(conn, org, person, role).await,
        None => {
            sqlx::query(
                "DELETE FROM current_roles
                 WHERE org_id = $1 AND person_id = $2 AND last_event_seq <= $3",
            )
            .bind(org.org_key())
            .bind(key(person.as_uuid()))
            .bind(seq)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
            Ok(())
        }
    }
}

/// The `scheduled_changes` half of [`write`]: what an import writes one by one after
/// writing the roles in bulk.
pub(crate) async fn write_schedule(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    standing: &Standing,
) -> Result<()> {
    let seq = i64::from(standing.last_event_seq);
    match standing.next_change {
        Some(on) => {
            sqlx::query(
                "INSERT INTO scheduled_changes (org_id, person_id, next_change_on, last_event_seq)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (org_id, person_id) DO UPDATE SET
                     next_change_on = excluded.next_change_on,
                     last_event_seq = excluded.last_event_seq
                 WHERE scheduled_changes.last_event_seq <= excluded.last_event_seq",
            )
            .bind(org.org_key())
            .bind(key(person.as_uuid()))
            .bind(on)
            .bind(seq)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
        }
        None => {
            sqlx::query(
                "DELETE FROM scheduled_changes
                 WHERE org_id = $1 AND person_id = $2 AND last_event_seq <= $3",
            )
            .bind(org.org_key())
            .bind(key(person.as_uuid()))
            .bind(seq)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
        }
    }
    Ok(())
}

async fn upsert_role(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    role: &CurrentRole,
) -> Result<()> {
    let row = CurrentRoleRow::from_role(person, role);
    sqlx::query(
        "INSERT INTO current_roles (org_id, person_id, status, level_id, track_id, framework_version,
             since, hired, trial_from_level, trial_target, trial_started, trial_until, last_event_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (org_id, person_id) DO UPDATE SET
             status = excluded.status, level_id = excluded.level_id, track_id = excluded.track_id,
             framework_version = excluded.framework_version, since = excluded.since,
             hired = excluded.hired, trial_from_level = excluded.trial_from_level,
             trial_target = excluded.trial_target, trial_started = excluded.trial_started,
             trial_until = excluded.trial_until, last_event_seq = excluded.last_event_seq
         WHERE current_roles.last_event_seq <= excluded.last_event_seq",
    )
    .bind(org.org_key())
    .bind(key(row.person_id))
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
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Removes both rows of someone with no history.
pub(crate) async fn delete(conn: &mut PgConnection, org: &PgOrg, person: PersonId) -> Result<()> {
    sqlx::query("DELETE FROM current_roles WHERE org_id = $1 AND person_id = $2")
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    sqlx::query("DELETE FROM scheduled_changes WHERE org_id = $1 AND person_id = $2")
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// The histories of `people`, by person.
async fn events_of(
    conn: &mut PgConnection,
    org: &PgOrg,
    people: &[Uuid],
) -> Result<BTreeMap<PersonId, Vec<RoleEvent>>> {
    let found = sqlx::query(
        "SELECT id, person_id, seq, kind, effective, recorded_at, framework_version,
             level_id, until_date, outcome, reason, supersedes_id
         FROM role_events WHERE org_id = $1 AND person_id = ANY($2) ORDER BY person_id, seq",
    )
    .bind(org.org_key())
    .bind(people)
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
