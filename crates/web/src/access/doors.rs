//! What anyone may do before signing in: find who a session cookie or an API token
//! belongs to, sign in and out, and turn an invitation into an account. Nothing here reads
//! a person's record or pay.

use pendulum_domain::Email;
use pendulum_store::prelude::*;
use pendulum_store::{Account, Actor, Invitation, Session, Store, TokenHash};
use time::OffsetDateTime;

use super::{Sealed, Signed, account_actor};
use crate::error::WebError;

/// The doors of the organisation served ([`Sealed::doors`]).
pub struct Doors<S: Store> {
    sealed: Sealed<S>,
}

impl<S: Store> Doors<S> {
    pub(super) fn new(sealed: Sealed<S>) -> Self {
        Self { sealed }
    }

    /// Who a session token or, failing that, an API token belongs to (never a disabled
    /// account's, an expired session or a revoked token).
    pub async fn authenticate(
        &self,
        session_token: Option<&str>,
        api_token: Option<&str>,
    ) -> Result<Option<Signed>, WebError> {
        let org = self.sealed.handle();
        if let Some(token) = session_token
            && let Some((session, account)) =
                org.session_by_token_hash(&TokenHash::of(token)).await?
        {
            return Ok(Some(Signed {
                account,
                session: Some(session),
            }));
        }
        if let Some(token) = api_token
            && let Some(account) = org.account_by_api_token_hash(&TokenHash::of(token)).await?
        {
            return Ok(Some(Signed {
                account,
                session: None,
            }));
        }
        Ok(None)
    }

    /// The account that signs in with `email`, if there is one in use: its password hash
    /// is what the sign-in form checks.
    pub async fn account_signing_in(&self, email: &Email) -> Result<Option<Account>, WebError> {
        Ok(self.sealed.handle().account_by_email(email).await?)
    }

    /// Opens a session for `account`, whose password was just checked (audited as the
    /// account signing in).
    pub async fn open_session(
        &self,
        account: &Account,
        token_hash: &TokenHash,
        csrf: &str,
        expires_at: OffsetDateTime,
    ) -> Result<Session, WebError> {
        Ok(self
            .sealed
            .handle()
            .acting_as(account_actor(account))
            .create_session(account.id, token_hash, csrf, expires_at)
            .await?)
    }

    /// Ends the session of a signed-in request (audited as its account signing out).
    pub async fn close_session(&self, signed: &Signed) -> Result<(), WebError> {
        if let Some(session) = &signed.session {
            self.sealed
                .handle()
                .acting_as(account_actor(&signed.account))
                .delete_session(session.id)
                .await?;
        }
        Ok(())
    }

    /// The pending invitation whose token hashes to `hash`.
    pub async fn invitation(&self, hash: &TokenHash) -> Result<Option<Invitation>, WebError> {
        Ok(self.sealed.handle().invitation_by_token_hash(hash).await?)
    }

    /// Turns the invitation into an account with `password_hash` (audited as the
    /// invitation).
    pub async fn accept_invitation(
        &self,
        invitation: &Invitation,
        hash: &TokenHash,
        password_hash: &str,
    ) -> Result<Account, WebError> {
        let actor = Actor::new(format!("invitation/{}", invitation.id)).map_err(WebError::from)?;
        Ok(self
            .sealed
            .handle()
            .acting_as(actor)
            .accept_invitation(hash, password_hash)
            .await?)
    }
}
