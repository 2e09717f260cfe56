//! Identifiers: UUIDv7 newtypes. Version 7 ids sort by creation time, which keeps
//! B-tree indexes append-friendly, and every key in storage is `(org_id, id)`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// An organisation: the unit of tenancy.
    OrgId
);
uuid_id!(
    /// A person within an organisation.
    PersonId
);
uuid_id!(
    /// A role-history event.
    EventId
);
uuid_id!(
    /// A pay-history event.
    PayEventId
);
uuid_id!(
    /// An account: someone who can log in to one organisation.
    AccountId
);
uuid_id!(
    /// A login session of an account.
    SessionId
);
uuid_id!(
    /// An API token of an account.
    ApiTokenId
);
uuid_id!(
    /// A change a manager proposed for a report, awaiting an admin's decision.
    ProposalId
);
uuid_id!(
    /// An invitation to create an account, sent as a link.
    InvitationId
);
uuid_id!(
    /// An entry of a person's energy-and-learning journal.
    JournalEntryId
);
uuid_id!(
    /// A person's private reflection before a move between tracks.
    ReflectionId
);
uuid_id!(
    /// A transition plan: a move prepared, agreed, tried and kept or returned from.
    PlanId
);
uuid_id!(
    /// One party's record of a checkpoint of a management trial.
    CheckpointId
);
