//! Proposals: a change to a report's role history that a manager suggests and an admin
//! confirms or declines. A proposal is checked against the history's rules when it is made
//! (so a manager sees the rule's message at once) and again when it is confirmed (the
//! history may have changed meanwhile). Proposals and their decisions are kept for good:
//! a decision is a new row, never an update.

use std::future::Future;

use pendulum_domain::{AccountId, EventId, PersonId, ProposalId, RoleEvent};
use time::OffsetDateTime;

use crate::base::Base;
use crate::error::Result;
use crate::history::NewRoleEvent;

/// Where a proposal stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposalStatus {
    Pending,
    /// Confirmed by `by`; the event it became.
    Confirmed {
        by: AccountId,
        at: OffsetDateTime,
        event: EventId,
    },
    Declined {
        by: AccountId,
        at: OffsetDateTime,
        reason: Option<String>,
    },
}

impl ProposalStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed { .. } => "confirmed",
            Self::Declined { .. } => "declined",
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Pending)
    }
}

/// A proposed change to one person's role history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub id: ProposalId,
    pub person: PersonId,
    /// The event that confirming appends.
    pub event: NewRoleEvent,
    pub proposed_by: AccountId,
    pub proposed_at: OffsetDateTime,
    pub status: ProposalStatus,
}

/// The proposals of an organisation.
pub trait Proposals: Base {
    /// Stores a proposal to append `event` to `person`'s history, after checking that the
    /// history with the event in place would be possible ([`StoreError::Rule`] otherwise,
    /// with nothing stored), with an audit row.
    fn propose_event(
        &self,
        person: PersonId,
        event: NewRoleEvent,
        proposed_by: AccountId,
    ) -> impl Future<Output = Result<Proposal>> + Send;

    fn proposal(&self, id: ProposalId) -> impl Future<Output = Result<Proposal>> + Send;

    /// Every proposal, newest first; only the pending ones when `pending_only`.
    fn proposals(&self, pending_only: bool) -> impl Future<Output = Result<Vec<Proposal>>> + Send;

    /// How many proposals wait for a decision, of either kind (a change to a role history
    /// or to a reporting line): the navigation's count for admins, read on every page, so
    /// a count, not a listing.
    fn pending_proposals_count(&self) -> impl Future<Output = Result<u64>> + Send;

    /// Confirms a pending proposal: appends its event (re-checked against the history as it
    /// is now: [`StoreError::Rule`]) and records the decision, with audit rows, in one
    /// transaction. [`StoreError::Invalid`] when it was decided already.
    fn confirm_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
    ) -> impl Future<Output = Result<RoleEvent>> + Send;

    /// Declines a pending proposal, with an audit row. [`StoreError::Invalid`] when it was
    /// decided already.
    fn decline_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
        reason: Option<String>,
    ) -> impl Future<Output = Result<Proposal>> + Send;
}
