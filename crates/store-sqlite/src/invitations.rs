//! Invitations: a link that creates one account, used once before it expires. A newer
//! invitation for the same email replaces the older ones, which is decided when reading
//! (no row is changed for it); accepting one is the only change to an invitation's row.

use pendulum_domain::{AccountId, Email, InvitationId};
use pendulum_store::accounts::password_hash;
use pendulum_store::prelude::*;
use pendulum_store::sql::{constraint_or_db, db};
use pendulum_store::{
    Account, AuditAction, Invitation, LockCause, NewAuditEntry, Result, Role, StoreError, Subject,
    TokenHash, now,
};
use sqlx::Row;
use sqlx::sqlite::SqliteRow as DbRow;
use time::OffsetDateTime;

use crate::rows::{self, key};
use crate::{SqliteOrg as Org, accounts, audit, notes_lock};

/// The columns [`invitation`] reads.
macro_rules! invitation_columns {
    () => {
        "id, email, role, pay, own_pay_approved, invited_by, created_at, expires_at, accepted_at"
    };
}

/// The condition of a pending invitation (`invitations` unaliased, the time bound as `$2`):
/// not accepted, not expired, and no newer invitation for the same email.
macro_rules! pending {
    () => {
        "invitations.accepted_at IS NULL AND invitations.expires_at > $2
         AND NOT EXISTS (SELECT 1 FROM invitations newer
             WHERE newer.org_id = invitations.org_id AND newer.email = invitations.email
               AND (newer.created_at > invitations.created_at
                    OR (newer.created_at = invitations.created_at AND newer.id > invitations.id)))"
    };
}

fn invitation(row: &DbRow) -> Result<Invitation> {
    let email: String = rows::string(row, "email")?;
    let role: String = rows::string(row, "role")?;
    Ok(Invitation {
        id: InvitationId::from_uuid(rows::uuid(row, "id")?),
        email: Email::new(&email)
            .map_err(|e| StoreError::corrupt(format!("invitation email: {e}")))?,
        role: Role::parse(&role).map_err(|_| StoreError::corrupt(format!("role {role:?}")))?,
        pay: row.try_get("pay").map_err(db)?,
        own_pay_approved: row.try_get("own_pay_approved").map_err(db)?,
        invited_by: AccountId::from_uuid(rows::uuid(row, "invited_by")?),
        created_at: rows::time(row, "created_at")?,
        expires_at: rows::time(row, "expires_at")?,
        accepted_at: rows::opt_time(row, "accepted_at")?,
    })
}

fn taken(email: &Email) -> StoreError {
    StoreError::Invalid(format!(
        "an account with the email {email} is already in this organisation"
    ))
}

pub(crate) async fn create(
    org: &Org,
    email: &Email,
    role: Role,
    pay: bool,
    invited_by: AccountId,
    token_hash: &TokenHash,
    expires_at: OffsetDateTime,
) -> Result<Invitation> {
    let mut tx = org.store.begin_write().await?;
    let inviter_pay = accounts::pay_of(&mut tx, org, invited_by).await?;
    if pay && !inviter_pay {
        return Err(StoreError::Invalid(
            "only an account that sees pay may invite someone to see pay".into(),
        ));
    }
    let invitation = Invitation {
        id: InvitationId::new(),
        email: email.clone(),
        role,
        pay,
        own_pay_approved: inviter_pay,
        invited_by,
        created_at: now(),
        expires_at,
        accepted_at: None,
    };
    let existing = sqlx::query("SELECT 1 FROM accounts WHERE org_id = $1 AND email = $2")
        .bind(org.org_key())
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    if existing.is_some() {
        return Err(taken(email));
    }
    sqlx::query(
        "INSERT INTO invitations (org_id, id, email, role, pay, invited_by, token_hash,
             created_at, expires_at, accepted_at, own_pay_approved)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)",
    )
    .bind(org.org_key())
    .bind(key(invitation.id.as_uuid()))
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(pay)
    .bind(key(invited_by.as_uuid()))
    .bind(token_hash.as_str())
    .bind(rows::timestamp(invitation.created_at))
    .bind(rows::timestamp(expires_at))
    .bind(invitation.own_pay_approved)
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || StoreError::Invalid("that invitation token is taken".into()),
            || StoreError::not_found("organisation", org.org_id()),
        )
    })?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::InvitationCreated,
        Subject::Invitation(invitation.id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(invitation)
}

pub(crate) async fn by_token_hash(org: &Org, hash: &TokenHash) -> Result<Option<Invitation>> {
    sqlx::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations WHERE org_id = $1 AND token_hash = $3 AND ",
        pending!()
    ))
    .bind(org.org_key())
    .bind(rows::timestamp(now()))
    .bind(hash.as_str())
    .fetch_optional(&org.store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(invitation)
    .transpose()
}

pub(crate) async fn list(org: &Org) -> Result<Vec<Invitation>> {
    sqlx::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations WHERE org_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(invitation)
    .collect()
}

/// Marks the invitation accepted (only if it is pending, in the same statement, so two
/// acceptances cannot both succeed) and creates its account.
pub(crate) async fn accept(org: &Org, hash: &TokenHash, password: &str) -> Result<Account> {
    let password = password_hash(password)?;
    let at = now();
    let mut tx = org.store.begin_write().await?;
    let accepted = sqlx::query(concat!(
        "UPDATE invitations SET accepted_at = $2 WHERE org_id = $1 AND token_hash = $3 AND ",
        pending!(),
        " RETURNING ",
        invitation_columns!()
    ))
    .bind(org.org_key())
    .bind(rows::timestamp(at))
    .bind(hash.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db)?
    .ok_or_else(|| StoreError::not_found("invitation", "that link"))?;
    let invitation = invitation(&accepted)?;
    let account = Account {
        id: AccountId::new(),
        org: org.org_id(),
        email: invitation.email.clone(),
        password_hash: password,
        role: invitation.role,
        pay: invitation.pay,
        own_pay_held: !invitation.own_pay_approved,
        disabled_at: None,
        created_at: at,
    };
    sqlx::query(
        "INSERT INTO accounts (org_id, id, email, password_hash, role, pay, created_at,
             own_pay_held)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.org_key())
    .bind(key(account.id.as_uuid()))
    .bind(account.email.as_str())
    .bind(&account.password_hash)
    .bind(account.role.as_str())
    .bind(account.pay)
    .bind(rows::timestamp(account.created_at))
    .bind(account.own_pay_held)
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || taken(&invitation.email),
            || StoreError::not_found("organisation", org.org_id()),
        )
    })?;
    for entry in [
        NewAuditEntry::new(
            &org.store.actor,
            AuditAction::InvitationAccepted,
            Subject::Invitation(invitation.id),
        ),
        NewAuditEntry::new(
            &org.store.actor,
            AuditAction::AccountCreated,
            Subject::Account(account.id),
        ),
    ] {
        audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    }
    // Whoever held the link chose the password.
    notes_lock::lock_email(&mut tx, org, &account.email, LockCause::Invitation).await?;
    tx.commit().await.map_err(db)?;
    Ok(account)
}

impl Invitations for Org {
    async fn create_invitation(
        &self,
        email: &Email,
        role: Role,
        pay: bool,
        invited_by: AccountId,
        token_hash: &TokenHash,
        expires_at: OffsetDateTime,
    ) -> Result<Invitation> {
        create(self, email, role, pay, invited_by, token_hash, expires_at).await
    }

    async fn invitation_by_token_hash(&self, hash: &TokenHash) -> Result<Option<Invitation>> {
        by_token_hash(self, hash).await
    }

    async fn invitations(&self) -> Result<Vec<Invitation>> {
        list(self).await
    }

    async fn accept_invitation(&self, hash: &TokenHash, password_hash: &str) -> Result<Account> {
        accept(self, hash, password_hash).await
    }
}
