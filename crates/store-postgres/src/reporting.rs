//! Reporting lines that change (see `pendulum_store::reporting`): the history of each
//! person's manager, the `people.manager_id` projection written with every change, and the
//! reporting proposals managers make.
//!
//! A change reads the whole organisation's lines inside its write transaction, after
//! locking the organisation's row (`FOR NO KEY UPDATE`, which leaves foreign-key checks
//! against it free): two changes that would close a loop together are made one after the
//! other, so they cannot both pass the check.

use std::collections::HashMap;

use pendulum_domain::reporting::{manager_on, next_change_after};
use pendulum_domain::{AccountId, PersonId, ProposalId, ReportingChange};
use pendulum_store::prelude::*;
use pendulum_store::reporting::{Prepared, prepare_change};
use pendulum_store::sql::db;
use pendulum_store::{
    AuditAction, NewAuditEntry, NewReportingChange, ReportingLines, ReportingProposal,
    ReportingProposalStatus, Result, StoreError, Subject, now,
};
use sqlx::Row;
use sqlx::postgres::{PgConnection, PgRow};
use time::Date;

use crate::rows::{self, key};
use crate::{PgOrg, audit, require_person};

/// Reporting changes, filtered and ordered by `$tail`.
macro_rules! select_changes {
    ($tail:literal) => {
        concat!(
            "SELECT person_id, seq, effective, manager_id, reason, recorded_at
             FROM reporting_changes ",
            $tail
        )
    };
}

fn change(row: &PgRow) -> Result<ReportingChange> {
    Ok(ReportingChange {
        person: PersonId::from_uuid(rows::uuid(row, "person_id")?),
        seq: u32::try_from(rows::int(row, "seq")?).map_err(StoreError::database)?,
        effective: row.try_get::<Option<Date>, _>("effective").map_err(db)?,
        manager: rows::opt_uuid(row, "manager_id")?.map(PersonId::from_uuid),
        reason: rows::opt_string(row, "reason")?,
        recorded_at: rows::time(row, "recorded_at")?,
    })
}

/// Every change of the organisation, by person and sequence.
pub(crate) async fn all_changes(
    conn: &mut PgConnection,
    org: &PgOrg,
) -> Result<Vec<ReportingChange>> {
    sqlx::query(select_changes!("WHERE org_id = $1 ORDER BY person_id, seq"))
        .bind(org.org_key())
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(change)
        .collect()
}

/// Everyone's name in the organisation, in one query: only for the message of a refused
/// loop, which may name anyone.
async fn names(conn: &mut PgConnection, org: &PgOrg) -> Result<HashMap<PersonId, String>> {
    sqlx::query("SELECT id, name FROM people WHERE org_id = $1")
        .bind(org.org_key())
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(|row| {
            Ok((
                PersonId::from_uuid(rows::uuid(row, "id")?),
                rows::string(row, "name")?,
            ))
        })
        .collect()
}

/// The checks and writes of a change inside the caller's write transaction.
pub(crate) async fn record(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    change: NewReportingChange,
) -> Result<ReportingChange> {
    sqlx::query("SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE")
        .bind(org.org_key())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    require_person(conn, org, person).await?;
    if let Some(manager) = change.manager {
        require_person(conn, org, manager)
            .await
            .map_err(|_| StoreError::not_found("manager", manager))?;
    }
    let existing = all_changes(conn, org).await?;
    let today = org.store.clock.today();
    // Names only matter when the change is refused; a refusal is rare, so look them up
    // only then, by trying first without them.
    let prepared = match prepare_change(
        &existing,
        person,
        change.clone(),
        today,
        now(),
        &HashMap::new(),
    ) {
        Ok(prepared) => prepared,
        Err(_) => {
            let names = names(conn, org).await?;
            prepare_change(&existing, person, change, today, now(), &names)?
        }
    };
    write(conn, org, &prepared).await?;
    Ok(prepared.change)
}

/// The change, the projection and the audit row.
async fn write(conn: &mut PgConnection, org: &PgOrg, prepared: &Prepared) -> Result<()> {
    let change = &prepared.change;
    insert(conn, org, change).await?;
    project(
        conn,
        org,
        change.person,
        prepared.manager_today,
        prepared.next_change,
    )
    .await?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ManagerChanged,
        Subject::Person(change.person),
    )
    .about(change.person);
    audit::insert(conn, org.org_id().as_uuid(), &entry).await
}

/// Inserts one change as it is (imports write their rows through here too).
pub(crate) async fn insert(
    conn: &mut PgConnection,
    org: &PgOrg,
    change: &ReportingChange,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reporting_changes
             (org_id, person_id, seq, effective, manager_id, reason, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.org_key())
    .bind(key(change.person.as_uuid()))
    .bind(i32::try_from(change.seq).map_err(StoreError::database)?)
    .bind(change.effective)
    .bind(change.manager.map(|m| key(m.as_uuid())))
    .bind(change.reason.as_deref())
    .bind(rows::timestamp(change.recorded_at))
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict,
        _ => db(e),
    })?;
    Ok(())
}

/// Writes `person`'s manager on today into `people.manager_id`, and when it next changes.
pub(crate) async fn project(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    manager: Option<PersonId>,
    next_change: Option<Date>,
) -> Result<()> {
    sqlx::query("UPDATE people SET manager_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .bind(manager.map(|m| key(m.as_uuid())))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    match next_change {
        Some(on) => sqlx::query(
            "INSERT INTO reporting_schedule (org_id, person_id, next_change_on)
             VALUES ($1, $2, $3)
             ON CONFLICT (org_id, person_id) DO UPDATE SET next_change_on = EXCLUDED.next_change_on",
        )
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .bind(on),
        None => sqlx::query("DELETE FROM reporting_schedule WHERE org_id = $1 AND person_id = $2")
            .bind(org.org_key())
            .bind(key(person.as_uuid())),
    }
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Brings `people.manager_id` up to date for everyone whose scheduled change has come by
/// `today`; returns how many. One indexed lookup when nothing is due.
pub(crate) async fn refresh_due_now(org: &PgOrg, today: Date) -> Result<u64> {
    let due: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM reporting_schedule
             WHERE org_id = $1 AND next_change_on <= $2)",
    )
    .bind(org.org_key())
    .bind(today)
    .fetch_one(&org.store.pool)
    .await
    .map_err(db)?;
    if !due {
        return Ok(0);
    }
    let mut tx = org.store.begin_write().await?;
    let people: Vec<PersonId> = sqlx::query(
        "SELECT person_id FROM reporting_schedule
         WHERE org_id = $1 AND next_change_on <= $2 ORDER BY person_id",
    )
    .bind(org.org_key())
    .bind(today)
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::uuid(row, "person_id").map(PersonId::from_uuid))
    .collect::<Result<_>>()?;
    for &person in &people {
        let changes = history_of(&mut tx, org, person).await?;
        let manager = manager_on(&changes, person, today);
        let next = next_change_after(&changes, person, today);
        project(&mut tx, org, person, manager, next).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(people.len() as u64)
}

async fn history_of(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
) -> Result<Vec<ReportingChange>> {
    sqlx::query(select_changes!(
        "WHERE org_id = $1 AND person_id = $2 ORDER BY seq"
    ))
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(change)
    .collect()
}

/// Reporting proposals with their decisions, filtered further by `$tail`.
macro_rules! select_proposals {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.person_id, p.effective, p.manager_id, p.reason,
                 p.proposed_by, p.proposed_at, d.decision, d.decided_by, d.decided_at,
                 d.reason AS decision_reason, d.change_seq
             FROM reporting_proposals p
             LEFT JOIN reporting_proposal_decisions d
                 ON d.org_id = p.org_id AND d.proposal_id = p.id
             WHERE p.org_id = $1",
            $tail
        )
    };
}

fn proposal(row: &PgRow) -> Result<ReportingProposal> {
    let decision = rows::opt_string(row, "decision")?;
    let status = match decision.as_deref() {
        None => ReportingProposalStatus::Pending,
        Some(decision) => {
            let by = AccountId::from_uuid(rows::uuid(row, "decided_by")?);
            let at = rows::time(row, "decided_at")?;
            if decision == "confirmed" {
                let seq = rows::int(row, "change_seq")?;
                ReportingProposalStatus::Confirmed {
                    by,
                    at,
                    seq: u32::try_from(seq).map_err(StoreError::database)?,
                }
            } else {
                ReportingProposalStatus::Declined {
                    by,
                    at,
                    reason: rows::opt_string(row, "decision_reason")?,
                }
            }
        }
    };
    Ok(ReportingProposal {
        id: ProposalId::from_uuid(rows::uuid(row, "id")?),
        person: PersonId::from_uuid(rows::uuid(row, "person_id")?),
        change: NewReportingChange {
            effective: row.try_get::<Date, _>("effective").map_err(db)?,
            manager: rows::opt_uuid(row, "manager_id")?.map(PersonId::from_uuid),
            reason: rows::opt_string(row, "reason")?,
        },
        proposed_by: AccountId::from_uuid(rows::uuid(row, "proposed_by")?),
        proposed_at: rows::time(row, "proposed_at")?,
        status,
    })
}

async fn proposal_by_id(
    conn: &mut PgConnection,
    org: &PgOrg,
    id: ProposalId,
) -> Result<ReportingProposal> {
    sqlx::query(select_proposals!(" AND p.id = $2"))
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("proposal", id))
        .and_then(|row| proposal(&row))
}

async fn decide(
    conn: &mut PgConnection,
    org: &PgOrg,
    proposal: &ReportingProposal,
    decided_by: AccountId,
    outcome: Result<u32, Option<String>>,
) -> Result<()> {
    let (decision, reason, seq) = match outcome {
        Ok(seq) => (
            "confirmed",
            None,
            Some(i32::try_from(seq).map_err(StoreError::database)?),
        ),
        Err(reason) => ("declined", reason, None),
    };
    sqlx::query(
        "INSERT INTO reporting_proposal_decisions
             (org_id, proposal_id, person_id, decision, decided_by, decided_at, reason, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.org_key())
    .bind(key(proposal.id.as_uuid()))
    .bind(key(proposal.person.as_uuid()))
    .bind(decision)
    .bind(key(decided_by.as_uuid()))
    .bind(rows::timestamp(now()))
    .bind(reason)
    .bind(seq)
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Invalid("this proposal has already been decided".into())
        }
        _ => db(e),
    })?;
    let action = if decision == "confirmed" {
        AuditAction::ProposalConfirmed
    } else {
        AuditAction::ProposalDeclined
    };
    let entry = NewAuditEntry::new(&org.store.actor, action, Subject::Proposal(proposal.id))
        .about(proposal.person);
    audit::insert(conn, org.org_id().as_uuid(), &entry).await
}

fn pending(proposal: &ReportingProposal) -> Result<()> {
    if proposal.status.is_pending() {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "this proposal was already {}",
            proposal.status.as_str()
        )))
    }
}

/// Stores a reporting proposal inside the caller's transaction, checked as a recording
/// would be (the recording itself is rolled back), with its audit row.
pub(crate) async fn propose_in(
    conn: &mut PgConnection,
    org: &PgOrg,
    person: PersonId,
    change: NewReportingChange,
    proposed_by: AccountId,
) -> Result<ReportingProposal> {
    // Checked as a recording would be; the recording itself is rolled back below.
    sqlx::query("SAVEPOINT reporting_check")
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    record(&mut *conn, org, person, change.clone()).await?;
    sqlx::query("ROLLBACK TO reporting_check")
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let proposal = ReportingProposal {
        id: ProposalId::new(),
        person,
        change,
        proposed_by,
        proposed_at: now(),
        status: ReportingProposalStatus::Pending,
    };
    sqlx::query(
        "INSERT INTO reporting_proposals
             (org_id, id, person_id, effective, manager_id, reason, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.org_key())
    .bind(key(proposal.id.as_uuid()))
    .bind(key(person.as_uuid()))
    .bind(proposal.change.effective)
    .bind(proposal.change.manager.map(|m| key(m.as_uuid())))
    .bind(proposal.change.reason.as_deref())
    .bind(key(proposed_by.as_uuid()))
    .bind(rows::timestamp(proposal.proposed_at))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ProposalMade,
        Subject::Proposal(proposal.id),
    )
    .about(person);
    audit::insert(&mut *conn, org.org_id().as_uuid(), &entry).await?;
    Ok(proposal)
}

impl ReportingLines for PgOrg {
    async fn change_manager(
        &self,
        person: PersonId,
        change: NewReportingChange,
    ) -> Result<ReportingChange> {
        let mut tx = self.store.begin_write().await?;
        let stored = record(&mut tx, self, person, change).await?;
        tx.commit().await.map_err(db)?;
        Ok(stored)
    }

    async fn reporting_history(&self, person: PersonId) -> Result<Vec<ReportingChange>> {
        let mut conn = self.store.acquire().await?;
        require_person(&mut conn, self, person).await?;
        history_of(&mut conn, self, person).await
    }

    async fn reporting_changes(&self) -> Result<Vec<ReportingChange>> {
        let mut conn = self.store.acquire().await?;
        all_changes(&mut conn, self).await
    }

    async fn propose_reporting_change(
        &self,
        person: PersonId,
        change: NewReportingChange,
        proposed_by: AccountId,
    ) -> Result<ReportingProposal> {
        let mut tx = self.store.begin_write().await?;
        let proposal = propose_in(&mut tx, self, person, change, proposed_by).await?;
        tx.commit().await.map_err(db)?;
        Ok(proposal)
    }

    async fn reporting_proposals(&self, pending_only: bool) -> Result<Vec<ReportingProposal>> {
        let query = if pending_only {
            select_proposals!(" AND d.proposal_id IS NULL ORDER BY p.proposed_at DESC, p.id")
        } else {
            select_proposals!(" ORDER BY p.proposed_at DESC, p.id")
        };
        sqlx::query(query)
            .bind(self.org_key())
            .fetch_all(&self.store.pool)
            .await
            .map_err(db)?
            .iter()
            .map(proposal)
            .collect()
    }

    async fn confirm_reporting_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
    ) -> Result<ReportingChange> {
        let mut tx = self.store.begin_write().await?;
        let proposal = proposal_by_id(&mut tx, self, id).await?;
        pending(&proposal)?;
        let stored = record(&mut tx, self, proposal.person, proposal.change.clone()).await?;
        decide(&mut tx, self, &proposal, decided_by, Ok(stored.seq)).await?;
        tx.commit().await.map_err(db)?;
        Ok(stored)
    }

    async fn decline_reporting_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
        reason: Option<String>,
    ) -> Result<()> {
        let mut tx = self.store.begin_write().await?;
        let proposal = proposal_by_id(&mut tx, self, id).await?;
        pending(&proposal)?;
        decide(&mut tx, self, &proposal, decided_by, Err(reason)).await?;
        tx.commit().await.map_err(db)
    }
}
