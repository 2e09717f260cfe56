//! Pay histories: append-only, like role histories: a non-negative amount, and the
//! protection after a return from a management trial. Who may read them is decided where
//! requests are authorised, not here.

use pendulum_domain::pay::return_protection;
use pendulum_domain::timeline::trial_returns;
use pendulum_domain::{Money, PayEvent, PayEventId, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::rows::{PayEventRow, to_u32};
use pendulum_store::sql::{db, unique_or_db};
use pendulum_store::{AuditAction, NewAuditEntry, Result, StoreError, Subject, now};
use sqlx::sqlite::SqliteConnection;
use time::Date;

use crate::rows::{self, key};
use crate::{SqliteOrg, audit, history, import, require_person};

pub(crate) async fn append(
    org: &SqliteOrg,
    person: PersonId,
    amount: Money,
    effective: Date,
    reason: Option<String>,
    below_protection: bool,
) -> Result<PayEvent> {
    if amount.minor < 0 {
        return Err(StoreError::Invalid(
            "a pay amount cannot be negative".into(),
        ));
    }
    let mut tx = org.store.begin_write().await?;
    require_person(&mut tx, org, person).await?;
    // The protection after a return from a management trial, read in the write's
    // transaction.
    let returns = trial_returns(&history::load_events(&mut tx, org, person).await?);
    let protected = match return_protection(
        &returns,
        &load(&mut tx, org, person).await?,
        &amount,
        effective,
    ) {
        Some(protection) if !below_protection => {
            return Err(StoreError::PayProtected(protection.message(&amount)));
        }
        protection => protection.is_some(),
    };
    let last: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) FROM pay_events WHERE org_id = $1 AND person_id = $2",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .fetch_one(&mut *tx)
    .await
    .map_err(db)?;
    let event = PayEvent {
        id: PayEventId::new(),
        person,
        seq: to_u32(last + 1, "seq")?,
        amount,
        effective,
        recorded_at: now(),
        reason,
    };
    let row = PayEventRow::from_event(&event);
    sqlx::query(
        "INSERT INTO pay_events (org_id, id, person_id, seq, amount_minor, currency, effective,
             recorded_at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(org.org_key())
    .bind(key(row.id))
    .bind(key(row.person_id))
    .bind(row.seq)
    .bind(row.amount_minor)
    .bind(row.currency)
    .bind(row.effective)
    .bind(rows::timestamp(row.recorded_at))
    .bind(row.reason)
    .execute(&mut *tx)
    .await
    .map_err(|e| unique_or_db(e, || StoreError::Conflict))?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PayEventAppended,
        Subject::PayEvent(event.id),
    )
    .about(person);
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    if protected {
        let entry = NewAuditEntry::new(
            &org.store.actor,
            AuditAction::PayBelowPreTrial,
            Subject::PayEvent(event.id),
        )
        .about(person);
        audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(event)
}

pub(crate) async fn history(org: &SqliteOrg, person: PersonId) -> Result<Vec<PayEvent>> {
    let mut conn = org.store.acquire().await?;
    require_person(&mut conn, org, person).await?;
    load(&mut conn, org, person).await
}

/// The history read on behalf of the handle's actor: the read and its `pay.read` audit row
/// in one transaction, so nobody sees pay without the log knowing.
pub(crate) async fn read(org: &SqliteOrg, person: PersonId) -> Result<Vec<PayEvent>> {
    let mut tx = org.store.begin_write().await?;
    require_person(&mut tx, org, person).await?;
    let history = load(&mut tx, org, person).await?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PayRead,
        Subject::Person(person),
    )
    .about(person);
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(history)
}

async fn load(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    person: PersonId,
) -> Result<Vec<PayEvent>> {
    sqlx::query(
        "SELECT id, person_id, seq, amount_minor, currency, effective, recorded_at, reason
         FROM pay_events WHERE org_id = $1 AND person_id = $2 ORDER BY seq",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::pay_event(row)?.into_event())
    .collect()
}

impl Pay for SqliteOrg {
    async fn append_pay(
        &self,
        person: PersonId,
        amount: Money,
        effective: Date,
        reason: Option<String>,
    ) -> Result<PayEvent> {
        append(self, person, amount, effective, reason, false).await
    }

    async fn append_pay_below_protection(
        &self,
        person: PersonId,
        amount: Money,
        effective: Date,
        reason: String,
    ) -> Result<PayEvent> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "paying less than before a management trial needs a reason".into(),
            ));
        }
        append(self, person, amount, effective, Some(reason), true).await
    }

    async fn pay_history(&self, person: PersonId) -> Result<Vec<PayEvent>> {
        history(self, person).await
    }

    async fn read_pay(&self, person: PersonId) -> Result<Vec<PayEvent>> {
        read(self, person).await
    }

    async fn pay_page(&self, after: Option<(PersonId, u32)>, limit: u32) -> Result<Vec<PayEvent>> {
        import::pay_page(self, after, limit).await
    }
}
