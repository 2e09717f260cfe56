//! The audit log: one row per change, inserted on the changing transaction's connection.

use pendulum_domain::{AccountId, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::sql::db;
use pendulum_store::{AuditAction, AuditEntry, NewAuditEntry, Result, StoreError};
use sqlx::sqlite::{SqliteConnection, SqliteRow};
use uuid::Uuid;

use crate::SqliteOrg;
use crate::rows::{self, key};

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    org: Uuid,
    entry: &NewAuditEntry,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (org_id, id, at, actor, action, subject, person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(key(org))
    .bind(key(entry.id))
    .bind(rows::timestamp(entry.at))
    .bind(entry.actor.as_str().to_string())
    .bind(entry.action.as_str())
    .bind(entry.subject.to_string())
    .bind(entry.person.map(|p| key(p.as_uuid())))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub(crate) async fn list(org: &SqliteOrg, limit: u32) -> Result<Vec<AuditEntry>> {
    sqlx::query(
        "SELECT id, at, actor, action, subject, person_id FROM audit_log
         WHERE org_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(key(org.org_id().as_uuid()))
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(entry)
    .collect()
}

/// Up to `limit` rows with ids below `before` (ids are UUIDv7, so by time), newest first,
/// filtered by action and person when given: keyset pagination on the primary key.
pub(crate) async fn page(
    org: &SqliteOrg,
    before: Option<Uuid>,
    limit: u32,
    action: Option<AuditAction>,
    person: Option<PersonId>,
) -> Result<Vec<AuditEntry>> {
    sqlx::query(
        "SELECT id, at, actor, action, subject, person_id FROM audit_log
         WHERE org_id = $1 AND ($2 IS NULL OR id < $2) AND ($3 IS NULL OR action = $3)
           AND ($4 IS NULL OR person_id = $4)
         ORDER BY id DESC LIMIT $5",
    )
    .bind(key(org.org_id().as_uuid()))
    .bind(before.map(key))
    .bind(action.map(AuditAction::as_str))
    .bind(person.map(|p| key(p.as_uuid())))
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(entry)
    .collect()
}

/// A page of the rows done by or to one account: its actor or its subject is
/// `account/{id}`.
pub(crate) async fn account_page(
    org: &SqliteOrg,
    before: Option<Uuid>,
    limit: u32,
    action: Option<AuditAction>,
    account: AccountId,
) -> Result<Vec<AuditEntry>> {
    let name = format!("account/{account}");
    sqlx::query(
        "SELECT id, at, actor, action, subject, person_id FROM audit_log
         WHERE org_id = $1 AND ($2 IS NULL OR id < $2) AND ($3 IS NULL OR action = $3)
           AND (actor = $4 OR subject = $4)
         ORDER BY id DESC LIMIT $5",
    )
    .bind(key(org.org_id().as_uuid()))
    .bind(before.map(key))
    .bind(action.map(AuditAction::as_str))
    .bind(&name)
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(entry)
    .collect()
}

fn entry(row: &SqliteRow) -> Result<AuditEntry> {
    let action = rows::string(row, "action")?;
    Ok(AuditEntry {
        id: rows::uuid(row, "id")?,
        at: rows::time(row, "at")?,
        actor: rows::string(row, "actor")?,
        action: AuditAction::parse(&action)
            .ok_or_else(|| StoreError::corrupt(format!("unknown audit action {action:?}")))?,
        subject: rows::string(row, "subject")?,
        person: rows::opt_uuid(row, "person_id")?.map(PersonId::from_uuid),
    })
}

impl Audit for SqliteOrg {
    async fn audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        list(self, limit).await
    }

    async fn audit_page(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        person: Option<PersonId>,
    ) -> Result<Vec<AuditEntry>> {
        page(self, before, limit, action, person).await
    }

    async fn audit_page_of_account(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        account: AccountId,
    ) -> Result<Vec<AuditEntry>> {
        account_page(self, before, limit, action, account).await
    }
}
