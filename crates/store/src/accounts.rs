//! Accounts, login sessions and API tokens: who may sign in to an organisation, and with
//! what role.
//!
//! The store keeps password hashes as the PHC strings it is given and never computes
//! them; tokens it keeps only as SHA-256 hashes ([`TokenHash`]), so a copy of the database
//! does not let anyone sign in. Deciding what a role may do is the web layer's job.

use std::fmt;
use std::future::Future;

use pendulum_domain::{AccountId, ApiTokenId, Email, OrgId, SessionId};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::base::Base;
use crate::error::{Result, StoreError};

/// What an account may do in its organisation: the domain's roles, whose rules live in
/// [`pendulum_domain::access`].
pub use pendulum_domain::Role;

/// The SHA-256 of a session or API token, in lower-case hex: what the store keeps instead
/// of the token. A token is random and long, so a fast hash is enough (unlike a password).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn of(token: &str) -> Self {
        let digest = Sha256::digest(token.as_bytes());
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A hash as stored: 64 lower-case hex digits.
    pub fn from_hex(hex: &str) -> Result<Self, StoreError> {
        if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(hex.to_string()))
        } else {
            Err(StoreError::corrupt("a token hash is not 64 hex digits"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shortened: a hash is not a secret, but there is no reason to spread it through logs.
impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenHash({}…)", &self.0[..8])
    }
}

/// An account of one organisation.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub org: OrgId,
    pub email: Email,
    /// A PHC string (`$argon2id$…`).
    pub password_hash: String,
    pub role: Role,
    /// Whether the account may see pay.
    pub pay: bool,
    /// The account's view of its own pay waits for a pay holder's approval
    /// ([`Accounts::approve_own_pay`]): someone without pay set its password, by an
    /// invitation or a reset, and so could sign in as it. Without the hold, inviting an
    /// account for an existing person and accepting the invitation oneself would show that
    /// person's pay to someone who may not read it.
    pub own_pay_held: bool,
    /// When the account was disabled: it cannot sign in, its sessions ended and its API
    /// tokens were revoked. `None` for an account in use.
    pub disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl Account {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

/// Leaves the password hash out.
impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("org", &self.org)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("role", &self.role)
            .field("pay", &self.pay)
            .field("own_pay_held", &self.own_pay_held)
            .field("disabled_at", &self.disabled_at)
            .field("created_at", &self.created_at)
            .finish()
    }
}

/// A login session. The token itself lives only in the browser's cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub account: AccountId,
    /// Sent back in every form of the session and compared on every change.
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Leaves the CSRF token out.
impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.id)
            .field("account", &self.account)
            .field("csrf_token", &"<redacted>")
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// An API token, as listed: the token itself was shown once, when it was created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub account: AccountId,
    pub name: String,
    pub created_at: OffsetDateTime,
}

/// Checks an API token's name: 1–100 characters without control characters.
pub fn token_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "a token's name needs 1–100 characters without control characters".into(),
        ));
    }
    Ok(name.to_string())
}

/// Checks a password hash before it is stored: a PHC string, never a plain password.
pub fn password_hash(hash: &str) -> Result<String, StoreError> {
    if !hash.starts_with('$') || hash.len() > 500 {
        return Err(StoreError::Invalid(
            "a password hash must be a PHC string".into(),
        ));
    }
    Ok(hash.to_string())
}

/// The most accounts one [`Accounts::search_accounts`] answers with.
pub const MAX_ACCOUNT_MATCHES: u32 = 50;

/// What [`Accounts::search_accounts`] looks for, checked: `text` trimmed and lower-cased
/// (emails are stored lower-case), 1–254 characters (an email's longest) without control
/// characters, and `limit` 1–[`MAX_ACCOUNT_MATCHES`].
pub fn account_search(text: &str, limit: u32) -> Result<(String, u32), StoreError> {
    let text = text.trim().to_lowercase();
    if text.is_empty() || text.chars().count() > 254 || text.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "an account search needs 1–254 characters without control characters".into(),
        ));
    }
    if limit == 0 || limit > MAX_ACCOUNT_MATCHES {
        return Err(StoreError::Invalid(format!(
            "an account search answers with 1–{MAX_ACCOUNT_MATCHES} accounts"
        )));
    }
    Ok((text, limit))
}

/// Why the store refuses to disable the organisation's last admin in use, or to give them
/// another role: nobody would be left to manage the accounts (or to undo the change).
pub const LAST_ADMIN: &str =
    "this is the organisation's last admin in use: give another account the role of admin first";

/// The accounts of an organisation, their sessions and their API tokens.
pub trait Accounts: Base {
    /// Adds an account, with its audit row. A taken email is [`StoreError::Invalid`];
    /// `password_hash` must be a PHC string, never a password. The private notes of the
    /// person with that email, if they keep any, lock in the same transaction
    /// ([`crate::notes_lock`]): whoever made the account chose its password.
    fn create_account(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
        pay: bool,
    ) -> impl Future<Output = Result<Account>> + Send;

    /// The account of this organisation with `email` that may sign in: a disabled account
    /// is not found, so signing in with it gets the answer of an unknown email. Admin
    /// screens find disabled accounts through [`Self::list_accounts`] and
    /// [`Self::account`].
    fn account_by_email(
        &self,
        email: &Email,
    ) -> impl Future<Output = Result<Option<Account>>> + Send;

    fn account(&self, account: AccountId) -> impl Future<Output = Result<Account>> + Send;

    /// Starts a session of `account` (of this organisation, else [`StoreError::NotFound`])
    /// until `expires_at`, with a `session.signed-in` audit row (signing in is a write like
    /// any other: who, when). A disabled account is [`StoreError::Invalid`].
    fn create_session(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> impl Future<Output = Result<Session>> + Send;

    /// The unexpired session of this organisation whose token hashes to `hash`, unless its
    /// account is disabled.
    fn session_by_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<(Session, Account)>>> + Send;

    /// Ends a session (signing out), with a `session.signed-out` audit row. Ending one that
    /// is gone already is not an error and writes nothing.
    fn delete_session(&self, session: SessionId) -> impl Future<Output = Result<()>> + Send;

    /// Adds an API token of `account`, with its audit row. A disabled account is
    /// [`StoreError::Invalid`]. Unless the handle acts as the account itself, the private
    /// notes of the account's person lock in the same transaction ([`crate::notes_lock`]).
    fn create_api_token(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        name: &str,
    ) -> impl Future<Output = Result<ApiToken>> + Send;

    /// The account of this organisation owning the API token that hashes to `hash`, unless
    /// the token is revoked or the account disabled.
    fn account_by_api_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<Account>>> + Send;

    /// Every account of the organisation, by email.
    fn list_accounts(&self) -> impl Future<Output = Result<Vec<Account>>> + Send;

    /// The accounts whose email holds `text` (in any case), by email, at most `limit`: the
    /// suggestions of a field that takes an email, read without loading every account.
    /// `text` and `limit` are checked by [`account_search`] (**Invalid** when empty, longer
    /// than an email can be, or asking for more than [`MAX_ACCOUNT_MATCHES`]).
    fn search_accounts(
        &self,
        text: &str,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Account>>> + Send;

    /// Replaces an account's password hash, ends all its sessions and revokes all its API
    /// tokens, with an audit row, in one transaction (an admin's reset: whoever held the
    /// old credentials holds nothing now). With `hold_own_pay` (the reset is by someone
    /// without the pay capability, who now knows the password) the account's view of its
    /// own pay waits for a pay holder's approval ([`Account::own_pay_held`]). Unless the
    /// handle acts as the account itself, the private notes of the account's person lock
    /// in the same transaction ([`crate::notes_lock`]).
    /// [`StoreError::NotFound`] for an account of another organisation.
    fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        hold_own_pay: bool,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Disables an account: it can no longer sign in, its sessions end and its API tokens
    /// are revoked (the rows stay, for the record), with an `account.disabled` audit row,
    /// in one transaction. Disabling a disabled account is [`StoreError::Invalid`], and so
    /// is disabling the organisation's last admin in use ([`LAST_ADMIN`]);
    /// [`StoreError::NotFound`] for an account of another organisation.
    fn disable_account(&self, account: AccountId) -> impl Future<Output = Result<()>> + Send;

    /// Changes an account's role, with an `account.role-changed` audit row. Its sessions and
    /// tokens carry on: the role is read with the account on every request. Giving an
    /// account the role it has is [`StoreError::Invalid`], and so is taking the role of
    /// admin from the organisation's last admin in use ([`LAST_ADMIN`]);
    /// [`StoreError::NotFound`] for an account of another organisation.
    fn set_account_role(
        &self,
        account: AccountId,
        role: Role,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Enables a disabled account again, with an `account.enabled` audit row. Its old
    /// sessions and tokens stay ended: it signs in afresh. Enabling an account in use is
    /// [`StoreError::Invalid`]; [`StoreError::NotFound`] for another organisation's.
    fn enable_account(&self, account: AccountId) -> impl Future<Output = Result<()>> + Send;

    /// Lets an account whose own pay is held ([`Account::own_pay_held`]) see it, with an
    /// `account.own-pay-approved` audit row. Only a pay holder may ask (the web layer's
    /// rule). [`StoreError::Invalid`] when nothing waits for approval.
    fn approve_own_pay(&self, account: AccountId) -> impl Future<Output = Result<()>> + Send;

    /// The account's API tokens that are not revoked, oldest first.
    fn api_tokens(&self, account: AccountId) -> impl Future<Output = Result<Vec<ApiToken>>> + Send;

    /// Revokes one of `account`'s API tokens, with an audit row; it stops working at once.
    /// [`StoreError::NotFound`] when the token is not that account's or is revoked already.
    fn revoke_api_token(
        &self,
        account: AccountId,
        token: ApiTokenId,
    ) -> impl Future<Output = Result<()>> + Send;
}
