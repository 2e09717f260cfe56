//! Erasure: the one hard delete. Everything about the person goes in one transaction, and
//! one audit row without personal data stays.

use pendulum_domain::{Email, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::sql::db;
use pendulum_store::{AuditAction, ErasureId, NewAuditEntry, Result, StoreError, Subject};

use crate::rows::{self, key};
use crate::{PgOrg, audit};

/// The tables holding a person's rows, in delete order. `people` comes last (the others
/// refer to it); the append-only ones allow the delete only while `erasures` lists the
/// person. Reflections others shared with the person become private again; plans that
/// name the person as mentor or in an interim team no longer do.
const PERSON_TABLES: [&str; 25] = [
    "DELETE FROM plan_evidence WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM plan_checkpoints WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM plan_steps WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM plan_interim WHERE org_id = $1 AND (member_id = $2 OR plan_id IN
       (SELECT id FROM plans WHERE org_id = $1 AND person_id = $2))",
    "DELETE FROM plan_revisions WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM plans WHERE org_id = $1 AND person_id = $2",
    "UPDATE plans SET mentor_id = NULL WHERE org_id = $1 AND mentor_id = $2",
    "UPDATE plan_revisions SET mentor_id = NULL WHERE org_id = $1 AND mentor_id = $2",
    "DELETE FROM reporting_proposal_decisions WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM reporting_proposals WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM reporting_schedule WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM reporting_changes WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM proposal_decisions WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM proposals WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM current_roles WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM scheduled_changes WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM role_events WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM pay_events WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM journal_entries WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM private_notes_locks WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM recovery_codes WHERE org_id = $1 AND person_id = $2",
    "UPDATE reflections SET shared_with = NULL, shared_at = NULL
       WHERE org_id = $1 AND shared_with = $2",
    "DELETE FROM reflection_versions WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM reflections WHERE org_id = $1 AND person_id = $2",
    "DELETE FROM audit_log WHERE org_id = $1 AND person_id = $2",
];

pub(crate) async fn erase(org: &PgOrg, email: &Email) -> Result<ErasureId> {
    let erasure = ErasureId::new();
    let mut tx = org.store.begin_write().await?;
    let person = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND email = $2")
        .bind(org.org_key())
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", email))?;
    let person = PersonId::from_uuid(rows::uuid(&person, "id")?);
    let person_key = key(person.as_uuid());

    // Whoever this person managed keeps their record, without the manager.
    let reports = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND manager_id = $2")
        .bind(org.org_key())
        .bind(person_key)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
    sqlx::query("UPDATE people SET manager_id = NULL WHERE org_id = $1 AND manager_id = $2")
        .bind(org.org_key())
        .bind(person_key)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    for report in &reports {
        let report = PersonId::from_uuid(rows::uuid(report, "id")?);
        let entry = NewAuditEntry::new(
            &org.store.actor,
            AuditAction::ManagerCleared,
            Subject::Person(report),
        )
        .about(report);
        audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    }

    // The person's sign-in goes too: an account is a record of them (its email), and so
    // is an invitation to their email.
    for statement in [
        "DELETE FROM invitations WHERE org_id = $1 AND email = $2",
        "DELETE FROM api_tokens WHERE org_id = $1 AND account_id IN
           (SELECT id FROM accounts WHERE org_id = $1 AND email = $2)",
        "DELETE FROM sessions WHERE org_id = $1 AND account_id IN
           (SELECT id FROM accounts WHERE org_id = $1 AND email = $2)",
        "DELETE FROM accounts WHERE org_id = $1 AND email = $2",
    ] {
        sqlx::query(statement)
            .bind(org.org_key())
            .bind(email.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }

    sqlx::query("INSERT INTO erasures (org_id, person_id, erasure_id) VALUES ($1, $2, $3)")
        .bind(org.org_key())
        .bind(person_key)
        .bind(key(erasure.as_uuid()))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    // Their place in others' reporting lines goes too: whoever they managed, at any date,
    // is kept with no manager for that stretch (the one change reporting_changes allows,
    // while erasures lists the manager).
    sqlx::query(
        "UPDATE reporting_changes SET manager_id = NULL WHERE org_id = $1 AND manager_id = $2",
    )
    .bind(org.org_key())
    .bind(person_key)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    for statement in PERSON_TABLES {
        sqlx::query(statement)
            .bind(org.org_key())
            .bind(person_key)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    for statement in [
        "DELETE FROM erasures WHERE org_id = $1 AND person_id = $2",
        "DELETE FROM people WHERE org_id = $1 AND id = $2",
    ] {
        sqlx::query(statement)
            .bind(org.org_key())
            .bind(person_key)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PersonErased,
        Subject::Erasure(erasure),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(erasure)
}
