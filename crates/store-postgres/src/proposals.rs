//! Proposals: an event suggested for a person's history, checked by the same rules as an
//! append when it is made, and again when it is confirmed. Proposals and decisions are
//! append-only rows (triggers refuse UPDATE and DELETE outside an erasure): a decision is
//! a row of `proposal_decisions`, whose key lets each proposal be decided once.

use pendulum_domain::{AccountId, EventId, PersonId, ProposalId, RoleEvent};
use pendulum_store::prelude::*;
use pendulum_store::rows::RoleEventRow;
use pendulum_store::sql::{db, unique_or_db};
use pendulum_store::{
    AuditAction, DEFAULT_APPEND_RETRIES, NewAuditEntry, NewRoleEvent, Proposal, ProposalStatus,
    Result, StoreError, Subject, now, retry_on_conflict,
};
use sqlx::postgres::{PgConnection as DbConn, PgRow as DbRow};
use time::OffsetDateTime;

use crate::rows::{self, key};
use crate::{PgOrg as Org, accounts, audit, history, plan_steps};

/// A proposal with its decision, if any. The event's columns are named as in
/// `role_events` (the proposal's id and time standing in for the event's), so that they
/// are read by the same code.
macro_rules! select_proposals {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.person_id, 1 AS seq, p.kind, p.effective,
                 p.proposed_at AS recorded_at, p.framework_version, p.level_id, p.until_date,
                 p.outcome, p.reason, p.supersedes_id, p.proposed_by, p.proposed_at,
                 d.decision, d.decided_by, d.decided_at, d.reason AS decision_reason, d.event_id
             FROM proposals p
             LEFT JOIN proposal_decisions d ON d.org_id = p.org_id AND d.proposal_id = p.id
             WHERE p.org_id = $1",
            $tail
        )
    };
}

fn proposal(row: &DbRow) -> Result<Proposal> {
    let stored = rows::role_event(row)?.into_event()?;
    let status = match rows::opt_string(row, "decision")?.as_deref() {
        None => ProposalStatus::Pending,
        Some("confirmed") => ProposalStatus::Confirmed {
            by: AccountId::from_uuid(rows::uuid(row, "decided_by")?),
            at: rows::time(row, "decided_at")?,
            event: EventId::from_uuid(
                rows::opt_uuid(row, "event_id")?
                    .ok_or_else(|| StoreError::corrupt("a confirmed proposal without its event"))?,
            ),
        },
        Some("declined") => ProposalStatus::Declined {
            by: AccountId::from_uuid(rows::uuid(row, "decided_by")?),
            at: rows::time(row, "decided_at")?,
            reason: rows::opt_string(row, "decision_reason")?,
        },
        Some(other) => return Err(StoreError::corrupt(format!("unknown decision {other:?}"))),
    };
    Ok(Proposal {
        id: ProposalId::from_uuid(stored.id.as_uuid()),
        person: stored.person,
        event: NewRoleEvent {
            kind: stored.kind,
            effective: stored.effective,
            framework_version: stored.framework_version,
            level: stored.level,
            until: stored.until,
            outcome: stored.outcome,
            reason: stored.reason,
            supersedes: stored.supersedes,
        },
        proposed_by: AccountId::from_uuid(rows::uuid(row, "proposed_by")?),
        proposed_at: rows::time(row, "proposed_at")?,
        status,
    })
}

async fn load(conn: &mut DbConn, org: &Org, id: ProposalId) -> Result<Proposal> {
    sqlx::query(select_proposals!(" AND p.id = $2"))
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("proposal", id))
        .and_then(|row| proposal(&row))
}

pub(crate) async fn propose(
    org: &Org,
    person: PersonId,
    event: NewRoleEvent,
    proposed_by: AccountId,
) -> Result<Proposal> {
    // The same checks as an append, on the history as it is now; nothing is appended.
    {
        let mut conn = org.store.acquire().await?;
        history::prepare(&mut conn, org, person, event.clone()).await?;
    }
    let mut tx = org.store.begin_write().await?;
    let proposal = insert(&mut tx, org, person, event, proposed_by).await?;
    tx.commit().await.map_err(db)?;
    Ok(proposal)
}

/// Stores a proposal, with its audit row, inside the caller's transaction; the caller has
/// checked the event against the history.
pub(crate) async fn insert(
    conn: &mut DbConn,
    org: &Org,
    person: PersonId,
    event: NewRoleEvent,
    proposed_by: AccountId,
) -> Result<Proposal> {
    let proposal = Proposal {
        id: ProposalId::new(),
        person,
        event,
        proposed_by,
        proposed_at: now(),
        status: ProposalStatus::Pending,
    };
    // The event's columns as an append would write them.
    let row = RoleEventRow::from_event(&proposal.event.clone().into_event(
        EventId::from_uuid(proposal.id.as_uuid()),
        person,
        1,
        proposal.proposed_at,
    ));
    accounts::require(&mut *conn, org, proposed_by).await?;
    sqlx::query(
        "INSERT INTO proposals (org_id, id, person_id, kind, effective, framework_version,
             level_id, until_date, outcome, reason, supersedes_id, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(org.org_key())
    .bind(key(row.id))
    .bind(key(row.person_id))
    .bind(row.kind)
    .bind(row.effective)
    .bind(row.framework_version)
    .bind(row.level_id)
    .bind(row.until_date)
    .bind(row.outcome)
    .bind(row.reason)
    .bind(row.supersedes_id.map(key))
    .bind(key(proposed_by.as_uuid()))
    .bind(rows::timestamp(proposal.proposed_at))
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        // The person was erased since the check.
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            StoreError::not_found("person", person)
        }
        _ => db(e),
    })?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ProposalMade,
        Subject::Proposal(proposal.id),
    )
    .about(person);
    audit::insert(&mut *conn, org.org_id().as_uuid(), &entry).await?;
    Ok(proposal)
}

pub(crate) async fn by_id(org: &Org, id: ProposalId) -> Result<Proposal> {
    let mut conn = org.store.acquire().await?;
    load(&mut conn, org, id).await
}

pub(crate) async fn list(org: &Org, pending_only: bool) -> Result<Vec<Proposal>> {
    sqlx::query(select_proposals!(
        " AND (NOT $2 OR d.proposal_id IS NULL) ORDER BY p.proposed_at DESC, p.id DESC"
    ))
    .bind(org.org_key())
    .bind(pending_only)
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(proposal)
    .collect()
}

/// Pending proposals of both kinds: those without a decision row.
async fn pending_count(org: &Org) -> Result<u64> {
    let count: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM proposals p
                 WHERE p.org_id = $1 AND NOT EXISTS (
                     SELECT 1 FROM proposal_decisions d
                     WHERE d.org_id = p.org_id AND d.proposal_id = p.id))
              + (SELECT COUNT(*) FROM reporting_proposals p
                 WHERE p.org_id = $1 AND NOT EXISTS (
                     SELECT 1 FROM reporting_proposal_decisions d
                     WHERE d.org_id = p.org_id AND d.proposal_id = p.id))",
    )
    .bind(org.org_key())
    .fetch_one(&org.store.pool)
    .await
    .map_err(db)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn decided_already(id: ProposalId) -> StoreError {
    StoreError::Invalid(format!("proposal {id} was decided already"))
}

/// The pending proposal `id`, read inside the deciding transaction after locking its row:
/// a concurrent decider waits here until this transaction ends, and its next statement
/// then sees this one's decision (at READ COMMITTED each statement sees what committed
/// before it), so it is told the proposal was decided instead of re-checking the history
/// against the event this one appended.
async fn pending(conn: &mut DbConn, org: &Org, id: ProposalId) -> Result<Proposal> {
    sqlx::query("SELECT 1 FROM proposals WHERE org_id = $1 AND id = $2 FOR UPDATE")
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("proposal", id))?;
    let proposal = load(conn, org, id).await?;
    if !proposal.status.is_pending() {
        return Err(decided_already(id));
    }
    Ok(proposal)
}

/// Records a decision. The key (org_id, proposal_id) refuses a second one, also when two
/// deciders race.
#[allow(clippy::too_many_arguments)]
async fn insert_decision(
    conn: &mut DbConn,
    org: &Org,
    proposal: &Proposal,
    decision: &str,
    decided_by: AccountId,
    decided_at: OffsetDateTime,
    reason: Option<&str>,
    event: Option<EventId>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO proposal_decisions (org_id, proposal_id, person_id, decision, decided_by,
             decided_at, reason, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.org_key())
    .bind(key(proposal.id.as_uuid()))
    .bind(key(proposal.person.as_uuid()))
    .bind(decision)
    .bind(key(decided_by.as_uuid()))
    .bind(rows::timestamp(decided_at))
    .bind(reason)
    .bind(event.map(|e| key(e.as_uuid())))
    .execute(&mut *conn)
    .await
    .map_err(|e| unique_or_db(e, || decided_already(proposal.id)))?;
    Ok(())
}

/// Confirms, retrying on [`StoreError::Conflict`]: at READ COMMITTED the history is read
/// inside the transaction but not locked, so another append to the same history can take
/// the sequence number first. Nothing was written then, and the retry reads everything
/// again (a proposal decided meanwhile is refused as decided; a rule that now fails, too).
pub(crate) async fn confirm(org: &Org, id: ProposalId, decided_by: AccountId) -> Result<RoleEvent> {
    retry_on_conflict(DEFAULT_APPEND_RETRIES, || confirm_once(org, id, decided_by))
        .await
        .map(|(event, _)| event)
}

async fn confirm_once(org: &Org, id: ProposalId, decided_by: AccountId) -> Result<RoleEvent> {
    let mut tx = org.store.begin_write().await?;
    let proposal = pending(&mut tx, org, id).await?;
    accounts::require(&mut tx, org, decided_by).await?;
    // The append's own checks and writes, on this transaction: a rule that fails now
    // leaves nothing behind, the decision included.
    let (event, role) =
        history::prepare(&mut tx, org, proposal.person, proposal.event.clone()).await?;
    insert_decision(
        &mut tx,
        org,
        &proposal,
        "confirmed",
        decided_by,
        event.recorded_at,
        None,
        Some(event.id),
    )
    .await?;
    history::write(&mut tx, org, &event, &role).await?;
    // A proposal a transition plan made finishes the plan's step in this transaction.
    plan_steps::confirmed(&mut tx, org, id, &event, decided_by).await?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ProposalConfirmed,
        Subject::Proposal(id),
    )
    .about(proposal.person);
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(event)
}

pub(crate) async fn decline(
    org: &Org,
    id: ProposalId,
    decided_by: AccountId,
    reason: Option<String>,
) -> Result<Proposal> {
    let at = now();
    let mut tx = org.store.begin_write().await?;
    let mut proposal = pending(&mut tx, org, id).await?;
    accounts::require(&mut tx, org, decided_by).await?;
    insert_decision(
        &mut tx,
        org,
        &proposal,
        "declined",
        decided_by,
        at,
        reason.as_deref(),
        None,
    )
    .await?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ProposalDeclined,
        Subject::Proposal(id),
    )
    .about(proposal.person);
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    proposal.status = ProposalStatus::Declined {
        by: decided_by,
        at,
        reason,
    };
    Ok(proposal)
}

impl Proposals for Org {
    async fn propose_event(
        &self,
        person: PersonId,
        event: NewRoleEvent,
        proposed_by: AccountId,
    ) -> Result<Proposal> {
        propose(self, person, event, proposed_by).await
    }

    async fn proposal(&self, id: ProposalId) -> Result<Proposal> {
        by_id(self, id).await
    }

    async fn proposals(&self, pending_only: bool) -> Result<Vec<Proposal>> {
        list(self, pending_only).await
    }

    async fn pending_proposals_count(&self) -> Result<u64> {
        pending_count(self).await
    }

    async fn confirm_proposal(&self, id: ProposalId, decided_by: AccountId) -> Result<RoleEvent> {
        confirm(self, id, decided_by).await
    }

    async fn decline_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
        reason: Option<String>,
    ) -> Result<Proposal> {
        decline(self, id, decided_by, reason).await
    }
}
