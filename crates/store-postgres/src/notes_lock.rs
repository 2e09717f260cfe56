//! The lock on private notes and the recovery codes (`pendulum_store::notes_lock`): two
//! append-only histories per person whose latest row counts. Every write first locks the
//! person's row (`FOR NO KEY UPDATE`, which writes of the person's notes referring to it do
//! not wait for), so a lock, an unlock and a new code of the same person take their turns:
//! an unlock cannot pass a reset that commits meanwhile. [`lock_in`] is also called inside the transactions of the
//! writes that hand an account to someone else (`accounts.rs`, `invitations.rs`).

use pendulum_domain::{AccountId, Email, PersonId};
use pendulum_store::notes_lock::{code_hash, locked_refusal};
use pendulum_store::prelude::*;
use pendulum_store::sql::db;
use pendulum_store::{
    AuditAction, DeletedNotes, LockCause, NewAuditEntry, NotesLockState, NotesLocked,
    RecoveryCodeHash, Result, StoreError, Subject, UnlockCause, now,
};
use sqlx::Row;
use sqlx::postgres::PgConnection as DbConn;

use crate::rows::{self, key};
use crate::{PgOrg as Org, audit};

/// A person's state, with the numbers the next rows take.
struct Current {
    state: NotesLockState,
    lock_seq: i64,
    code_seq: i64,
}

/// Reads `person`'s state in one query ([`StoreError::NotFound`] for a person not in the
/// organisation).
async fn current(conn: &mut DbConn, org: &Org, person: PersonId) -> Result<Current> {
    let row = sqlx::query(
        "SELECT l.seq AS lock_seq, l.state, l.cause, l.at, l.actor,
                c.seq AS code_seq, c.code_hash, c.made_at,
                (EXISTS (SELECT 1 FROM journal_entries j
                         WHERE j.org_id = p.org_id AND j.person_id = p.id)
                 OR EXISTS (SELECT 1 FROM reflections r
                            WHERE r.org_id = p.org_id AND r.person_id = p.id)) AS holds_notes
         FROM people p
         LEFT JOIN private_notes_locks l ON l.org_id = p.org_id AND l.person_id = p.id
             AND l.seq = (SELECT max(m.seq) FROM private_notes_locks m
                          WHERE m.org_id = p.org_id AND m.person_id = p.id)
         LEFT JOIN recovery_codes c ON c.org_id = p.org_id AND c.person_id = p.id
             AND c.seq = (SELECT max(m.seq) FROM recovery_codes m
                          WHERE m.org_id = p.org_id AND m.person_id = p.id)
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .ok_or_else(|| StoreError::not_found("person", person))?;
    let lock_seq: Option<i32> = row.try_get("lock_seq").map_err(db)?;
    let locked = match rows::opt_string(&row, "state")?.as_deref() {
        Some("locked") => {
            let cause = rows::string(&row, "cause")?;
            Some(NotesLocked {
                cause: LockCause::parse(&cause)
                    .ok_or_else(|| StoreError::corrupt(format!("lock cause {cause:?}")))?,
                at: rows::time(&row, "at")?,
                actor: rows::string(&row, "actor")?,
            })
        }
        Some("unlocked") | None => None,
        Some(other) => return Err(StoreError::corrupt(format!("lock state {other:?}"))),
    };
    let code_seq: Option<i32> = row.try_get("code_seq").map_err(db)?;
    let code = match (code_seq, rows::opt_string(&row, "code_hash")?) {
        (Some(seq), Some(hash)) => Some(RecoveryCodeHash {
            seq: u32::try_from(seq).map_err(|_| StoreError::corrupt("a code's seq"))?,
            hash,
            made_at: rows::time(&row, "made_at")?,
        }),
        _ => None,
    };
    Ok(Current {
        state: NotesLockState {
            locked,
            code,
            holds_notes: row.try_get("holds_notes").map_err(db)?,
        },
        lock_seq: lock_seq.map_or(0, i64::from),
        code_seq: code_seq.map_or(0, i64::from),
    })
}

/// Locks `person`'s row until the transaction ends, so that the person's lock and codes
/// change one transaction at a time ([`StoreError::NotFound`] for a person not in the
/// organisation).
async fn hold(conn: &mut DbConn, org: &Org, person: PersonId) -> Result<()> {
    sqlx::query("SELECT 1 FROM people WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE")
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", person))?;
    Ok(())
}

/// Appends a lock or unlock row for `person` with its audit row.
async fn append_lock_row(
    conn: &mut DbConn,
    org: &Org,
    person: PersonId,
    seq: i64,
    state: &str,
    cause: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO private_notes_locks (org_id, person_id, seq, state, cause, at, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .bind(
        i32::try_from(seq)
            .map_err(|_| StoreError::Invalid("too many rows for one person".into()))?,
    )
    .bind(state)
    .bind(cause)
    .bind(rows::timestamp(now()))
    .bind(org.store.actor.as_str())
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    let action = if state == "locked" {
        AuditAction::PrivateNotesLocked
    } else {
        AuditAction::PrivateNotesUnlocked
    };
    let entry = NewAuditEntry::new(&org.store.actor, action, Subject::Person(person)).about(person);
    audit::insert(conn, org.org_id().as_uuid(), &entry).await
}

/// Appends a code row (`None`: the code is withdrawn).
async fn append_code_row(
    conn: &mut DbConn,
    org: &Org,
    person: PersonId,
    seq: i64,
    hash: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO recovery_codes (org_id, person_id, seq, code_hash, made_at, actor)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .bind(
        i32::try_from(seq)
            .map_err(|_| StoreError::Invalid("too many rows for one person".into()))?,
    )
    .bind(hash)
    .bind(rows::timestamp(now()))
    .bind(org.store.actor.as_str())
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Locks `person`'s notes for `cause` on `conn`, inside the caller's transaction: `true`
/// when it locked them, `false` when they were locked already or there is nothing to lock.
pub(crate) async fn lock_in(
    conn: &mut DbConn,
    org: &Org,
    person: PersonId,
    cause: LockCause,
) -> Result<bool> {
    hold(conn, org, person).await?;
    let now = current(conn, org, person).await?;
    if now.state.is_locked() || !(now.state.holds_notes || now.state.code.is_some()) {
        return Ok(false);
    }
    append_lock_row(
        conn,
        org,
        person,
        now.lock_seq + 1,
        "locked",
        cause.as_str(),
    )
    .await?;
    Ok(true)
}

/// The person whose email is the account's, if there is one.
async fn person_of_account(
    conn: &mut DbConn,
    org: &Org,
    account: AccountId,
) -> Result<Option<PersonId>> {
    let id: Option<uuid::Uuid> = sqlx::query_scalar(
        "SELECT p.id FROM accounts a
         JOIN people p ON p.org_id = a.org_id AND p.email = a.email
         WHERE a.org_id = $1 AND a.id = $2",
    )
    .bind(org.org_key())
    .bind(key(account.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    Ok(id.map(PersonId::from_uuid))
}

/// The person with `email`, if there is one.
async fn person_of_email(conn: &mut DbConn, org: &Org, email: &Email) -> Result<Option<PersonId>> {
    let id: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM people WHERE org_id = $1 AND email = $2")
            .bind(org.org_key())
            .bind(email.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    Ok(id.map(PersonId::from_uuid))
}

/// Locks the notes of the person of `account` (if any) for `cause`, inside the caller's
/// transaction: a write that handed the account to someone else.
pub(crate) async fn lock_account(
    conn: &mut DbConn,
    org: &Org,
    account: AccountId,
    cause: LockCause,
) -> Result<bool> {
    match person_of_account(conn, org, account).await? {
        Some(person) => lock_in(conn, org, person, cause).await,
        None => Ok(false),
    }
}

/// Locks the notes of the person with `email` (if any) for `cause`, inside the caller's
/// transaction: a new account made for that email by someone else.
pub(crate) async fn lock_email(
    conn: &mut DbConn,
    org: &Org,
    email: &Email,
    cause: LockCause,
) -> Result<bool> {
    match person_of_email(conn, org, email).await? {
        Some(person) => lock_in(conn, org, person, cause).await,
        None => Ok(false),
    }
}

impl NotesLock for Org {
    async fn notes_lock(&self, person: PersonId) -> Result<NotesLockState> {
        let mut conn = self.store.acquire().await?;
        Ok(current(&mut conn, self, person).await?.state)
    }

    async fn first_recovery_code(&self, person: PersonId, hash: &str) -> Result<bool> {
        let hash = code_hash(hash)?;
        let mut tx = self.store.begin_write().await?;
        hold(&mut tx, self, person).await?;
        let now = current(&mut tx, self, person).await?;
        if now.state.is_locked() || now.state.code.is_some() {
            return Ok(false);
        }
        append_code_row(&mut tx, self, person, now.code_seq + 1, Some(&hash)).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn new_recovery_code(&self, person: PersonId, hash: &str) -> Result<()> {
        let hash = code_hash(hash)?;
        let mut tx = self.store.begin_write().await?;
        hold(&mut tx, self, person).await?;
        let now = current(&mut tx, self, person).await?;
        if now.state.is_locked() {
            return Err(locked_refusal());
        }
        append_code_row(&mut tx, self, person, now.code_seq + 1, Some(&hash)).await?;
        let entry = NewAuditEntry::new(
            &self.store.actor,
            AuditAction::RecoveryCodeReplaced,
            Subject::Person(person),
        )
        .about(person);
        audit::insert(&mut tx, self.org_id().as_uuid(), &entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn lock_private_notes(&self, person: PersonId, cause: LockCause) -> Result<bool> {
        let mut tx = self.store.begin_write().await?;
        let locked = lock_in(&mut tx, self, person, cause).await?;
        tx.commit().await.map_err(db)?;
        Ok(locked)
    }

    async fn unlock_private_notes(&self, person: PersonId, code: u32) -> Result<()> {
        let mut tx = self.store.begin_write().await?;
        hold(&mut tx, self, person).await?;
        let now = current(&mut tx, self, person).await?;
        if !now.state.is_locked() {
            return Err(StoreError::Invalid(
                "the private notes are not locked".to_string(),
            ));
        }
        if now.state.code.as_ref().map(|c| c.seq) != Some(code) {
            return Err(StoreError::Conflict);
        }
        append_lock_row(
            &mut tx,
            self,
            person,
            now.lock_seq + 1,
            "unlocked",
            UnlockCause::RecoveryCode.as_str(),
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn delete_locked_notes(&self, person: PersonId) -> Result<DeletedNotes> {
        let mut tx = self.store.begin_write().await?;
        hold(&mut tx, self, person).await?;
        let now = current(&mut tx, self, person).await?;
        if !now.state.is_locked() {
            return Err(StoreError::Invalid(
                "the private notes are not locked: delete entries and reflections one by one"
                    .to_string(),
            ));
        }
        let journal_entries =
            sqlx::query("DELETE FROM journal_entries WHERE org_id = $1 AND person_id = $2")
                .bind(self.org_key())
                .bind(key(person.as_uuid()))
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
        sqlx::query("DELETE FROM reflection_versions WHERE org_id = $1 AND person_id = $2")
            .bind(self.org_key())
            .bind(key(person.as_uuid()))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let reflections =
            sqlx::query("DELETE FROM reflections WHERE org_id = $1 AND person_id = $2")
                .bind(self.org_key())
                .bind(key(person.as_uuid()))
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
        if now.state.code.is_some() {
            append_code_row(&mut tx, self, person, now.code_seq + 1, None).await?;
        }
        let entry = NewAuditEntry::new(
            &self.store.actor,
            AuditAction::PrivateNotesDeleted,
            Subject::Person(person),
        )
        .about(person);
        audit::insert(&mut tx, self.org_id().as_uuid(), &entry).await?;
        append_lock_row(
            &mut tx,
            self,
            person,
            now.lock_seq + 1,
            "unlocked",
            UnlockCause::NotesDeleted.as_str(),
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(DeletedNotes {
            journal_entries,
            reflections,
        })
    }
}
