//! The audit log: who changed what, and when. Every write of the store adds its rows in the
//! same transaction as the change, so the log can never disagree with the data.
//!
//! Audit rows hold identifiers only, never names, emails or pay: the log must survive an
//! erasure without keeping the erased person's data. The rows about an erased person are
//! removed with them and replaced by one `person.erased` row that names a random erasure id.

use std::fmt;
use std::future::Future;

use pendulum_domain::{
    AccountId, ApiTokenId, EventId, InvitationId, OrgId, PayEventId, PersonId, ProposalId,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::base::{Actor, Base};
use crate::error::Result;

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    OrganisationCreated,
    FrameworkPublished,
    PersonCreated,
    /// A person's manager was cleared because the manager was erased.
    ManagerCleared,
    RoleEventAppended,
    /// A role event was appended that corrects (supersedes) an earlier one; the subject is
    /// the correcting event.
    RoleEventCorrected,
    PayEventAppended,
    ProjectionsRebuilt,
    PersonErased,
    /// A bulk import: one row for the whole batch.
    Imported,
    AccountCreated,
    ApiTokenCreated,
    /// Someone read a person's individual pay (written in the same transaction as the read).
    PayRead,
    ProposalMade,
    ProposalConfirmed,
    ProposalDeclined,
    InvitationCreated,
    InvitationAccepted,
    /// An admin set a new password for an account (its sessions end).
    PasswordReset,
    ApiTokenRevoked,
    /// An account signed in: a session started.
    SignedIn,
    /// A session was ended by signing out.
    SignedOut,
    /// An account was disabled: its sessions ended and its API tokens were revoked.
    AccountDisabled,
    /// A disabled account was enabled again.
    AccountEnabled,
    /// A pay holder let an account see its own pay (see `Account::own_pay_held`).
    OwnPayApproved,
    /// A person's reporting line changed (a new manager, or none, from a date).
    ManagerChanged,
    /// An account's role changed (the row names the account, not the roles).
    AccountRoleChanged,
    /// A pay change below the pay before a management trial, within the protection after
    /// the return, recorded with a pay administrator's reason (the row names the pay event,
    /// which holds the reason).
    PayBelowPreTrial,
    /// A person's private notes were locked: their account was handed to someone else (a
    /// password reset, an invitation, an account or API token made for them). The row
    /// names the person, never their notes.
    PrivateNotesLocked,
    /// A person's locked private notes were opened again: with their recovery code, or by
    /// deleting them.
    PrivateNotesUnlocked,
    /// A person replaced their recovery code (the old one no longer unlocks anything).
    RecoveryCodeReplaced,
    /// A person's locked private notes were deleted, every journal entry and reflection.
    PrivateNotesDeleted,
}

impl AuditAction {
    pub const ALL: [AuditAction; 32] = [
        Self::OrganisationCreated,
        Self::FrameworkPublished,
        Self::PersonCreated,
        Self::ManagerCleared,
        Self::RoleEventAppended,
        Self::RoleEventCorrected,
        Self::PayEventAppended,
        Self::ProjectionsRebuilt,
        Self::PersonErased,
        Self::Imported,
        Self::AccountCreated,
        Self::ApiTokenCreated,
        Self::PayRead,
        Self::ProposalMade,
        Self::ProposalConfirmed,
        Self::ProposalDeclined,
        Self::InvitationCreated,
        Self::InvitationAccepted,
        Self::PasswordReset,
        Self::ApiTokenRevoked,
        Self::SignedIn,
        Self::SignedOut,
        Self::AccountDisabled,
        Self::AccountEnabled,
        Self::OwnPayApproved,
        Self::ManagerChanged,
        Self::AccountRoleChanged,
        Self::PayBelowPreTrial,
        Self::PrivateNotesLocked,
        Self::PrivateNotesUnlocked,
        Self::RecoveryCodeReplaced,
        Self::PrivateNotesDeleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrganisationCreated => "organisation.created",
            Self::FrameworkPublished => "framework.published",
            Self::PersonCreated => "person.created",
            Self::ManagerCleared => "person.manager-cleared",
            Self::RoleEventAppended => "role-event.appended",
            Self::RoleEventCorrected => "role-event.corrected",
            Self::PayEventAppended => "pay-event.appended",
            Self::ProjectionsRebuilt => "projections.rebuilt",
            Self::PersonErased => "person.erased",
            Self::Imported => "import",
            Self::AccountCreated => "account.created",
            Self::ApiTokenCreated => "api-token.created",
            Self::PayRead => "pay.read",
            Self::ProposalMade => "proposal.made",
            Self::ProposalConfirmed => "proposal.confirmed",
            Self::ProposalDeclined => "proposal.declined",
            Self::InvitationCreated => "invitation.created",
            Self::InvitationAccepted => "invitation.accepted",
            Self::PasswordReset => "account.password-reset",
            Self::ApiTokenRevoked => "api-token.revoked",
            Self::SignedIn => "session.signed-in",
            Self::SignedOut => "session.signed-out",
            Self::AccountDisabled => "account.disabled",
            Self::AccountEnabled => "account.enabled",
            Self::OwnPayApproved => "account.own-pay-approved",
            Self::ManagerChanged => "person.manager-changed",
            Self::AccountRoleChanged => "account.role-changed",
            Self::PayBelowPreTrial => "pay-event.below-pre-trial-pay",
            Self::PrivateNotesLocked => "private-notes.locked",
            Self::PrivateNotesUnlocked => "private-notes.unlocked",
            Self::RecoveryCodeReplaced => "private-notes.recovery-code-replaced",
            Self::PrivateNotesDeleted => "private-notes.deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// The identifier of one erasure: random, so that it reveals nothing about the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErasureId(Uuid);

impl ErasureId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for ErasureId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ErasureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a change was made to, written `kind/id` in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Organisation(OrgId),
    Framework(u32),
    Person(PersonId),
    RoleEvent(EventId),
    PayEvent(PayEventId),
    Erasure(ErasureId),
    Account(AccountId),
    ApiToken(ApiTokenId),
    Proposal(ProposalId),
    Invitation(InvitationId),
    /// Every projection of the organisation.
    Projections,
    /// A bulk import, by what it wrote.
    Import {
        people: u64,
        events: u64,
        pay: u64,
    },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Organisation(id) => write!(f, "organisation/{id}"),
            Self::Framework(v) => write!(f, "framework/{v}"),
            Self::Person(id) => write!(f, "person/{id}"),
            Self::RoleEvent(id) => write!(f, "role-event/{id}"),
            Self::PayEvent(id) => write!(f, "pay-event/{id}"),
            Self::Erasure(id) => write!(f, "erasure/{id}"),
            Self::Account(id) => write!(f, "account/{id}"),
            Self::ApiToken(id) => write!(f, "api-token/{id}"),
            Self::Proposal(id) => write!(f, "proposal/{id}"),
            Self::Invitation(id) => write!(f, "invitation/{id}"),
            Self::Projections => f.write_str("projections"),
            Self::Import {
                people,
                events,
                pay,
            } => {
                write!(
                    f,
                    "import/{people} people, {events} events, {pay} pay events"
                )
            }
        }
    }
}

/// An audit row about to be written. `person` names the person the change concerns, so
/// that an erasure can remove the rows about them; it is `None` for the erasure row itself.
#[derive(Clone, Debug)]
pub struct NewAuditEntry {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub actor: Actor,
    pub action: AuditAction,
    pub subject: Subject,
    pub person: Option<PersonId>,
}

impl NewAuditEntry {
    pub fn new(actor: &Actor, action: AuditAction, subject: Subject) -> Self {
        Self {
            id: Uuid::now_v7(),
            at: crate::now(),
            actor: actor.clone(),
            action,
            subject,
            person: None,
        }
    }

    /// Marks the row as concerning `person`.
    pub fn about(mut self, person: PersonId) -> Self {
        self.person = Some(person);
        self
    }
}

/// One row of the audit log, as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: AuditAction,
    /// `kind/id`, see [`Subject`].
    pub subject: String,
    pub person: Option<PersonId>,
}

/// The audit log of an organisation.
pub trait Audit: Base {
    /// The newest `limit` audit rows, newest first.
    fn audit(&self, limit: u32) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;

    /// A page of the audit log for browsing, newest first: up to `limit` rows older than
    /// the row `before` (from the start when `None`), only of `action` and only about
    /// `person` when given.
    fn audit_page(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        person: Option<PersonId>,
    ) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;

    /// Like [`Self::audit_page`], the rows about one account instead of a person: what was
    /// done by it (the actor `account/{id}`, as the web application acts) or to it (the
    /// subject `account/{id}`).
    fn audit_page_of_account(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        account: AccountId,
    ) -> impl Future<Output = Result<Vec<AuditEntry>>> + Send;
}
