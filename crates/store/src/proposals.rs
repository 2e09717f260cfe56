//! Proposals: a change to a report's role history that a manager suggests and an admin
//! confirms or declines. A proposal is checked against the history's rules when it is made
//! (so a manager sees the rule's message at once) and again when it is confirmed (the
//! history may have changed meanwhile). Proposals and their decisions are kept for good:
//! a decision is a new row, never an update.

use pendulum_domain::{AccountId, EventId, PersonId, ProposalId};
use time::OffsetDateTime;

use crate::store::NewRoleEvent;

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
