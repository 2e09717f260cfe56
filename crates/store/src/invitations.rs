//! Invitations: a link that lets someone create an account of an organisation, once,
//! before it expires.

use std::future::Future;

use pendulum_domain::{AccountId, Email};
use time::OffsetDateTime;

use crate::accounts::{Account, Role, TokenHash};
use crate::base::Base;
use crate::error::Result;

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

/// The invitations of an organisation.
pub trait Invitations: Base {
    /// Invites `email` to create an account with `role` and the pay flag, until
    /// `expires_at`, with an audit row. [`StoreError::Invalid`] when an account with that
    /// email exists, or when `pay` is asked by an inviter without the pay capability. The
    /// invitation carries the approval of the account's own pay when the inviter holds
    /// pay ([`Invitation::own_pay_approved`]). A newer invitation for the same email
    /// replaces older pending ones (they stop working).
    fn create_invitation(
        &self,
        email: &Email,
        role: Role,
        pay: bool,
        invited_by: AccountId,
        token_hash: &TokenHash,
        expires_at: OffsetDateTime,
    ) -> impl Future<Output = Result<Invitation>> + Send;

    /// The pending (unused, unexpired, not replaced) invitation whose token hashes to `hash`.
    fn invitation_by_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<Invitation>>> + Send;

    /// Every invitation, newest first.
    fn invitations(&self) -> impl Future<Output = Result<Vec<Invitation>>> + Send;

    /// Uses a pending invitation: creates its account with `password_hash` and marks the
    /// invitation accepted, with audit rows, in one transaction. The account's own pay is
    /// held unless the invitation carries the approval, and the private notes of the person
    /// with the invitation's email, if they keep any, lock ([`crate::notes_lock`]): whoever
    /// held the link chose the password. [`StoreError::NotFound`]
    /// when the token matches no pending invitation (used, expired, replaced or unknown).
    fn accept_invitation(
        &self,
        hash: &TokenHash,
        password_hash: &str,
    ) -> impl Future<Output = Result<Account>> + Send;
}
