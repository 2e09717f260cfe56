//! Accounts, sessions and API tokens. Lookups by token hash may span organisations (a
//! cookie or bearer token does not name one); `org` is then `None`, and every other query
//! filters by the organisation of the handle.

use pendulum_domain::{AccountId, ApiTokenId, Email, OrgId, SessionId};
use pendulum_store::accounts::{LAST_ADMIN, account_search, password_hash, token_name};
use pendulum_store::notes_lock::acts_as_account;
use pendulum_store::prelude::*;
use pendulum_store::sql::{self, Owned, constraint_or_db, db};
use pendulum_store::{
    Account, ApiToken, AuditAction, LockCause, NewAuditEntry, Result, Role, Session, StoreError,
    Subject, TokenHash, now,
};
use sqlx::Row;
use sqlx::sqlite::{SqliteConnection as DbConn, SqliteRow as DbRow};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::rows::{self, key};
use crate::{SqliteOrg as Org, SqliteStore as DbStore, audit, notes_lock};

/// The columns [`account`] reads, from `accounts a`.
macro_rules! account_columns {
    () => {
        "a.org_id, a.id, a.email, a.password_hash, a.role, a.pay, a.own_pay_held, \
         a.disabled_at, a.created_at"
    };
}

fn account(row: &DbRow) -> Result<Account> {
    let email: String = rows::string(row, "email")?;
    let role: String = rows::string(row, "role")?;
    Ok(Account {
        id: AccountId::from_uuid(rows::uuid(row, "id")?),
        org: OrgId::from_uuid(rows::uuid(row, "org_id")?),
        email: Email::new(&email)
            .map_err(|e| StoreError::corrupt(format!("account email: {e}")))?,
        password_hash: rows::string(row, "password_hash")?,
        role: Role::parse(&role).map_err(|_| StoreError::corrupt(format!("role {role:?}")))?,
        pay: row.try_get("pay").map_err(db)?,
        own_pay_held: row.try_get("own_pay_held").map_err(db)?,
        disabled_at: rows::opt_time(row, "disabled_at")?,
        created_at: rows::time(row, "created_at")?,
    })
}

fn session(row: &DbRow) -> Result<Session> {
    Ok(Session {
        id: SessionId::from_uuid(rows::uuid(row, "session_id")?),
        account: AccountId::from_uuid(rows::uuid(row, "id")?),
        csrf_token: rows::string(row, "csrf_token")?,
        created_at: rows::time(row, "session_created_at")?,
        expires_at: rows::time(row, "expires_at")?,
    })
}

pub(crate) async fn create(
    org: &Org,
    email: &Email,
    hash: &str,
    role: Role,
    pay: bool,
) -> Result<Account> {
    let account = Account {
        id: AccountId::new(),
        org: org.org_id(),
        email: email.clone(),
        password_hash: password_hash(hash)?,
        role,
        pay,
        own_pay_held: false,
        disabled_at: None,
        created_at: now(),
    };
    let mut tx = org.store.begin_write().await?;
    sqlx::query(
        "INSERT INTO accounts (org_id, id, email, password_hash, role, pay, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.org_key())
    .bind(key(account.id.as_uuid()))
    .bind(account.email.as_str())
    .bind(&account.password_hash)
    .bind(role.as_str())
    .bind(pay)
    .bind(rows::timestamp(account.created_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || {
                StoreError::Invalid(format!(
                    "an account with the email {email} is already in this organisation"
                ))
            },
            || StoreError::not_found("organisation", org.org_id()),
        )
    })?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::AccountCreated,
        Subject::Account(account.id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    // Whoever made the account chose its password.
    notes_lock::lock_email(&mut tx, org, email, LockCause::AccountCreated).await?;
    tx.commit().await.map_err(db)?;
    Ok(account)
}

pub(crate) async fn by_email(org: &Org, email: &Email) -> Result<Option<Account>> {
    sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE a.org_id = $1 AND a.email = $2 AND a.disabled_at IS NULL"
    ))
    .bind(org.org_key())
    .bind(email.as_str())
    .fetch_optional(&org.store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

pub(crate) async fn by_id(org: &Org, id: AccountId) -> Result<Account> {
    sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE a.org_id = $1 AND a.id = $2"
    ))
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .fetch_optional(&org.store.pool)
    .await
    .map_err(db)?
    .ok_or_else(|| StoreError::not_found("account", id))
    .and_then(|row| account(&row))
}

pub(crate) async fn create_session(
    org: &Org,
    account: AccountId,
    token_hash: &TokenHash,
    csrf_token: &str,
    expires_at: OffsetDateTime,
) -> Result<Session> {
    let session = Session {
        id: SessionId::new(),
        account,
        csrf_token: csrf_token.to_string(),
        created_at: now(),
        expires_at,
    };
    let mut tx = org.store.begin_write().await?;
    require_enabled(&mut tx, org, account).await?;
    sqlx::query(
        "INSERT INTO sessions (org_id, id, account_id, token_hash, csrf_token, created_at,
             expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.org_key())
    .bind(key(session.id.as_uuid()))
    .bind(key(account.as_uuid()))
    .bind(token_hash.as_str())
    .bind(&session.csrf_token)
    .bind(rows::timestamp(session.created_at))
    .bind(rows::timestamp(expires_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || StoreError::Invalid("that session token is taken".into()),
            || StoreError::not_found("account", account),
        )
    })?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::SignedIn,
        Subject::Account(account),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(session)
}

/// The unexpired session with `hash`, in organisation `org` or in any when it is `None`.
pub(crate) async fn session_by_token_hash(
    store: &DbStore,
    org: Option<OrgId>,
    hash: &TokenHash,
) -> Result<Option<(OrgId, Session, Account)>> {
    let Some(row) = sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        ", s.id AS session_id, s.csrf_token,
             s.created_at AS session_created_at, s.expires_at
         FROM sessions s
         JOIN accounts a ON a.org_id = s.org_id AND a.id = s.account_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND ($3 IS NULL OR s.org_id = $3)
           AND a.disabled_at IS NULL"
    ))
    .bind(hash.as_str())
    .bind(rows::timestamp(now()))
    .bind(org.map(|o| key(o.as_uuid())))
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    else {
        return Ok(None);
    };
    let account = account(&row)?;
    Ok(Some((account.org, session(&row)?, account)))
}

pub(crate) async fn delete_session(org: &Org, id: SessionId) -> Result<()> {
    let mut tx = org.store.begin_write().await?;
    let account: Option<String> = sqlx::query_scalar(
        "DELETE FROM sessions WHERE org_id = $1 AND id = $2 RETURNING account_id",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(db)?;
    let account = account
        .map(|a| {
            Uuid::parse_str(&a)
                .map_err(|_| StoreError::corrupt("a session's account id is not a UUID"))
        })
        .transpose()?;
    if let Some(account) = account {
        let entry = NewAuditEntry::new(
            &org.store.actor,
            AuditAction::SignedOut,
            Subject::Account(AccountId::from_uuid(account)),
        );
        audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(())
}

pub(crate) async fn create_api_token(
    org: &Org,
    account: AccountId,
    token_hash: &TokenHash,
    name: &str,
) -> Result<ApiToken> {
    let token = ApiToken {
        id: ApiTokenId::new(),
        account,
        name: token_name(name)?,
        created_at: now(),
    };
    let mut tx = org.store.begin_write().await?;
    require_enabled(&mut tx, org, account).await?;
    sqlx::query(
        "INSERT INTO api_tokens (org_id, id, account_id, token_hash, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(org.org_key())
    .bind(key(token.id.as_uuid()))
    .bind(key(account.as_uuid()))
    .bind(token_hash.as_str())
    .bind(&token.name)
    .bind(rows::timestamp(token.created_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || StoreError::Invalid("that API token is taken".into()),
            || StoreError::not_found("account", account),
        )
    })?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ApiTokenCreated,
        Subject::ApiToken(token.id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    if !acts_as_account(&org.store.actor, account) {
        notes_lock::lock_account(&mut tx, org, account, LockCause::ApiToken).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(token)
}

/// The account owning the API token with `hash`, in organisation `org` or in any when it
/// is `None`.
pub(crate) async fn account_by_api_token_hash(
    store: &DbStore,
    org: Option<OrgId>,
    hash: &TokenHash,
) -> Result<Option<Account>> {
    sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        "
         FROM api_tokens t
         JOIN accounts a ON a.org_id = t.org_id AND a.id = t.account_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND ($2 IS NULL OR t.org_id = $2)
           AND a.disabled_at IS NULL"
    ))
    .bind(hash.as_str())
    .bind(org.map(|o| key(o.as_uuid())))
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

/// Every account of the organisation, by email.
pub(crate) async fn list(org: &Org) -> Result<Vec<Account>> {
    sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE a.org_id = $1 ORDER BY a.email"
    ))
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(account)
    .collect()
}

/// The accounts whose email holds `text`, by email, at most `limit`: the database finds
/// them (a substring of a lower-case email, with no pattern characters to escape) and
/// stops at the limit.
pub(crate) async fn search(org: &Org, text: &str, limit: u32) -> Result<Vec<Account>> {
    let (text, limit) = account_search(text, limit)?;
    sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE a.org_id = $1 AND instr(a.email, $2) > 0 ORDER BY a.email LIMIT $3"
    ))
    .bind(org.org_key())
    .bind(text)
    .bind(i64::from(limit))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(account)
    .collect()
}

/// Replaces the password hash, ends every session and revokes every API token of the
/// account, holding its own pay when `hold_own_pay`, with audit rows.
pub(crate) async fn set_password(
    org: &Org,
    id: AccountId,
    hash: &str,
    hold_own_pay: bool,
) -> Result<()> {
    let hash = password_hash(hash)?;
    let mut tx = org.store.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE accounts SET password_hash = $3, own_pay_held = (own_pay_held OR $4)
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .bind(&hash)
    .bind(hold_own_pay)
    .execute(&mut *tx)
    .await
    .map_err(db)?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::not_found("account", id));
    }
    end_sign_ins(&mut tx, org, id).await?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PasswordReset,
        Subject::Account(id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    if !acts_as_account(&org.store.actor, id) {
        notes_lock::lock_account(&mut tx, org, id, LockCause::PasswordReset).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// Ends every session of the account and revokes its API tokens (keeping their rows), with
/// an `api-token.revoked` audit row per token: what a reset and disabling share.
async fn end_sign_ins(conn: &mut DbConn, org: &Org, id: AccountId) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND account_id = $2")
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let revoked: Vec<String> = sqlx::query_scalar(
        "UPDATE api_tokens SET revoked_at = $3
         WHERE org_id = $1 AND account_id = $2 AND revoked_at IS NULL
         RETURNING id",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .bind(rows::timestamp(now()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for token in revoked {
        let token = Uuid::parse_str(&token)
            .map_err(|_| StoreError::corrupt("an API token id is not a UUID"))?;
        let entry = NewAuditEntry::new(
            &org.store.actor,
            AuditAction::ApiTokenRevoked,
            Subject::ApiToken(ApiTokenId::from_uuid(token)),
        );
        audit::insert(conn, org.org_id().as_uuid(), &entry).await?;
    }
    Ok(())
}

/// Disables the account (ending its sessions and revoking its tokens) or enables it again.
pub(crate) async fn set_disabled(org: &Org, id: AccountId, disable: bool) -> Result<()> {
    let mut tx = org.store.begin_write().await?;
    let disabled_at: Option<Option<String>> =
        sqlx::query_scalar("SELECT disabled_at FROM accounts WHERE org_id = $1 AND id = $2")
            .bind(org.org_key())
            .bind(key(id.as_uuid()))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
    let Some(disabled_at) = disabled_at else {
        return Err(StoreError::not_found("account", id));
    };
    match (disable, disabled_at.is_some()) {
        (true, true) => {
            return Err(StoreError::Invalid(
                "the account is disabled already".into(),
            ));
        }
        (false, false) => return Err(StoreError::Invalid("the account is not disabled".into())),
        _ => {}
    }
    if disable {
        refuse_last_admin(&mut tx, org, id).await?;
    }
    sqlx::query("UPDATE accounts SET disabled_at = $3 WHERE org_id = $1 AND id = $2")
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .bind(disable.then(|| rows::timestamp(now())))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    // Enabling ends sign-ins too: none can exist, but the account must start afresh.
    end_sign_ins(&mut tx, org, id).await?;
    let action = if disable {
        AuditAction::AccountDisabled
    } else {
        AuditAction::AccountEnabled
    };
    let entry = NewAuditEntry::new(&org.store.actor, action, Subject::Account(id));
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// [`LAST_ADMIN`] when account `id` is the organisation's only admin in use, so that
/// disabling it or changing its role would leave no one to manage the accounts.
/// SQLite writes one transaction at a time, so the count cannot change before the commit.
async fn refuse_last_admin(conn: &mut DbConn, org: &Org, id: AccountId) -> Result<()> {
    let admins: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM accounts
         WHERE org_id = $1 AND role = 'admin' AND disabled_at IS NULL",
    )
    .bind(org.org_key())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let target = id.as_uuid().to_string();
    if admins.len() == 1 && admins[0] == target {
        return Err(StoreError::Invalid(LAST_ADMIN.into()));
    }
    Ok(())
}

/// Gives the account `role`, with an `account.role-changed` audit row.
pub(crate) async fn set_role(org: &Org, id: AccountId, role: Role) -> Result<()> {
    let mut tx = org.store.begin_write().await?;
    let current: Option<String> =
        sqlx::query_scalar("SELECT role FROM accounts WHERE org_id = $1 AND id = $2")
            .bind(org.org_key())
            .bind(key(id.as_uuid()))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
    let Some(current) = current else {
        return Err(StoreError::not_found("account", id));
    };
    if current == role.as_str() {
        return Err(StoreError::Invalid(format!(
            "the account's role is {role} already"
        )));
    }
    if role != Role::Admin {
        refuse_last_admin(&mut tx, org, id).await?;
    }
    sqlx::query("UPDATE accounts SET role = $3 WHERE org_id = $1 AND id = $2")
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .bind(role.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::AccountRoleChanged,
        Subject::Account(id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// Lets the account see its own pay, if it was held.
pub(crate) async fn approve_own_pay(org: &Org, id: AccountId) -> Result<()> {
    let mut tx = org.store.begin_write().await?;
    let held: Option<bool> =
        sqlx::query_scalar("SELECT own_pay_held FROM accounts WHERE org_id = $1 AND id = $2")
            .bind(org.org_key())
            .bind(key(id.as_uuid()))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
    match held {
        None => return Err(StoreError::not_found("account", id)),
        Some(false) => {
            return Err(StoreError::Invalid(
                "the account's own pay is not waiting for approval".into(),
            ));
        }
        Some(true) => {}
    }
    sqlx::query("UPDATE accounts SET own_pay_held = $3 WHERE org_id = $1 AND id = $2")
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .bind(false)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::OwnPayApproved,
        Subject::Account(id),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// The account's API tokens that are not revoked, oldest first.
pub(crate) async fn api_tokens(org: &Org, account: AccountId) -> Result<Vec<ApiToken>> {
    sqlx::query(
        "SELECT id, account_id, name, created_at FROM api_tokens
         WHERE org_id = $1 AND account_id = $2 AND revoked_at IS NULL
         ORDER BY created_at, id",
    )
    .bind(org.org_key())
    .bind(key(account.as_uuid()))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        Ok(ApiToken {
            id: ApiTokenId::from_uuid(rows::uuid(row, "id")?),
            account: AccountId::from_uuid(rows::uuid(row, "account_id")?),
            name: rows::string(row, "name")?,
            created_at: rows::time(row, "created_at")?,
        })
    })
    .collect()
}

/// Marks the token revoked (the row stays, for the record), with an audit row.
pub(crate) async fn revoke_api_token(
    org: &Org,
    account: AccountId,
    token: ApiTokenId,
) -> Result<()> {
    let mut tx = org.store.begin_write().await?;
    let revoked = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $4
         WHERE org_id = $1 AND id = $2 AND account_id = $3 AND revoked_at IS NULL",
    )
    .bind(org.org_key())
    .bind(key(token.as_uuid()))
    .bind(key(account.as_uuid()))
    .bind(rows::timestamp(now()))
    .execute(&mut *tx)
    .await
    .map_err(db)?
    .rows_affected();
    if revoked == 0 {
        return Err(StoreError::not_found("API token", token));
    }
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::ApiTokenRevoked,
        Subject::ApiToken(token),
    );
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// Deletes the expired sessions of every organisation.
pub(crate) async fn delete_expired_sessions(store: &DbStore) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(rows::timestamp(now()))
        .execute(&store.pool)
        .await
        .map_err(db)?
        .rows_affected())
}

/// Fails with [`StoreError::NotFound`] unless `account` is in the organisation.
pub(crate) async fn require(conn: &mut DbConn, org: &Org, account: AccountId) -> Result<()> {
    sql::require(
        conn,
        Owned::Account,
        org.org_key(),
        key(account.as_uuid()),
        account,
    )
    .await
}

/// Fails with [`StoreError::NotFound`] unless `account` is in the organisation, and with
/// [`StoreError::Invalid`] when it is disabled.
pub(crate) async fn require_enabled(
    conn: &mut DbConn,
    org: &Org,
    account: AccountId,
) -> Result<()> {
    let disabled_at: Option<Option<String>> =
        sqlx::query_scalar("SELECT disabled_at FROM accounts WHERE org_id = $1 AND id = $2")
            .bind(org.org_key())
            .bind(key(account.as_uuid()))
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    match disabled_at {
        None => Err(StoreError::not_found("account", account)),
        Some(Some(_)) => Err(StoreError::Invalid("the account is disabled".into())),
        Some(None) => Ok(()),
    }
}

/// Whether `account` (of the organisation, else [`StoreError::NotFound`]) holds the pay
/// capability.
pub(crate) async fn pay_of(conn: &mut DbConn, org: &Org, account: AccountId) -> Result<bool> {
    sqlx::query_scalar("SELECT pay FROM accounts WHERE org_id = $1 AND id = $2")
        .bind(org.org_key())
        .bind(key(account.as_uuid()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("account", account))
}

impl Accounts for Org {
    async fn create_account(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
        pay: bool,
    ) -> Result<Account> {
        create(self, email, password_hash, role, pay).await
    }

    async fn account_by_email(&self, email: &Email) -> Result<Option<Account>> {
        by_email(self, email).await
    }

    async fn account(&self, account: AccountId) -> Result<Account> {
        by_id(self, account).await
    }

    async fn create_session(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> Result<Session> {
        create_session(self, account, token_hash, csrf_token, expires_at).await
    }

    async fn session_by_token_hash(&self, hash: &TokenHash) -> Result<Option<(Session, Account)>> {
        Ok(session_by_token_hash(&self.store, Some(self.org), hash)
            .await?
            .map(|(_, session, account)| (session, account)))
    }

    async fn delete_session(&self, session: SessionId) -> Result<()> {
        delete_session(self, session).await
    }

    async fn create_api_token(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        name: &str,
    ) -> Result<ApiToken> {
        create_api_token(self, account, token_hash, name).await
    }

    async fn account_by_api_token_hash(&self, hash: &TokenHash) -> Result<Option<Account>> {
        account_by_api_token_hash(&self.store, Some(self.org), hash).await
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        list(self).await
    }

    async fn search_accounts(&self, text: &str, limit: u32) -> Result<Vec<Account>> {
        search(self, text, limit).await
    }

    async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        hold_own_pay: bool,
    ) -> Result<()> {
        set_password(self, account, password_hash, hold_own_pay).await
    }

    async fn disable_account(&self, account: AccountId) -> Result<()> {
        set_disabled(self, account, true).await
    }

    async fn set_account_role(&self, account: AccountId, role: Role) -> Result<()> {
        set_role(self, account, role).await
    }

    async fn enable_account(&self, account: AccountId) -> Result<()> {
        set_disabled(self, account, false).await
    }

    async fn approve_own_pay(&self, account: AccountId) -> Result<()> {
        approve_own_pay(self, account).await
    }

    async fn api_tokens(&self, account: AccountId) -> Result<Vec<ApiToken>> {
        api_tokens(self, account).await
    }

    async fn revoke_api_token(&self, account: AccountId, token: ApiTokenId) -> Result<()> {
        revoke_api_token(self, account, token).await
    }
}
