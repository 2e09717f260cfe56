//! Accounts, login sessions and API tokens: who may sign in to an organisation, and with
//! what role.
//!
//! The store keeps password hashes as the PHC strings it is given and never computes
//! them; tokens it keeps only as SHA-256 hashes ([`TokenHash`]), so a copy of the database
//! does not let anyone sign in. Deciding what a role may do is the web layer's job.

use std::fmt;

use pendulum_domain::{AccountId, ApiTokenId, Email, OrgId, SessionId};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::error::StoreError;

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
    /// ([`crate::OrgStore::approve_own_pay`]): someone without pay set its password, by an
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

/// An invitation to create an account: a link carrying a random token (the store keeps its
/// hash), used once, before it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: pendulum_domain::InvitationId,
    pub email: Email,
    pub role: Role,
    pub pay: bool,
    /// Whether the account it creates sees its own pay at once: true when the inviter
    /// holds the pay capability (decided by the store from the inviter's account), false
    /// otherwise, and the account's own pay is then held until a pay holder approves.
    pub own_pay_approved: bool,
    pub invited_by: AccountId,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// When it was used to create an account.
    pub accepted_at: Option<OffsetDateTime>,
}
