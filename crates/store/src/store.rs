//! The storage traits. [`Store`] holds what spans organisations (migrations, the list of
//! organisations); everything else lives on [`OrgStore`], a handle bound to one
//! organisation, whose every query filters by that organisation. Code that holds only an
//! `OrgStore` cannot read or write another organisation's data, and no query can forget
//! its organisation because no method takes one.
//!
//! Methods return `impl Future + Send` so that handlers generic over a backend can run on
//! a multi-threaded runtime.

use std::future::Future;

use pendulum_domain::{
    AccountId, ApiTokenId, CurrentRole, Email, EventId, EventKind, Money, OrgId, OrgSlug,
    Organisation, PayEvent, Person, PersonId, ProposalId, RoleEvent, SessionId, TrialOutcome,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use time::{Date, OffsetDateTime};

use crate::accounts::{Account, ApiToken, Invitation, Role, Session, TokenHash};
use crate::audit::{Actor, AuditAction, AuditEntry, ErasureId};
use crate::clock::Clock;
use crate::error::{Result, StoreError};
use crate::framework::FrameworkVersion;
use crate::import::{ImportBatch, ImportSummary, ProgressFn, no_progress};
use crate::proposals::Proposal;

/// A storage backend: a pool of connections to one database, which may hold many
/// organisations.
pub trait Store: Clone + Send + Sync + 'static {
    /// The organisation-scoped handle.
    type Org: OrgStore;

    /// Applies the embedded migrations that the database lacks. Idempotent.
    fn migrate(&self) -> impl Future<Output = Result<()>> + Send;

    /// The same store, recording `actor` in the audit log for the changes made through it
    /// and through the handles it hands out. A new store acts as [`Actor::system`].
    fn acting_as(&self, actor: Actor) -> Self;

    /// The same store, with `clock` saying what day it is: the day whose role in effect
    /// the current-role projections hold (events dated later are scheduled). A new store
    /// follows the system clock.
    fn with_clock(&self, clock: Clock) -> Self;

    /// Creates an organisation and publishes the built-in framework as its version 1, in
    /// one transaction. A taken slug is [`StoreError::Invalid`].
    fn create_org(
        &self,
        slug: &OrgSlug,
        name: &str,
    ) -> impl Future<Output = Result<Organisation>> + Send;

    /// Every organisation, by slug.
    fn list_orgs(&self) -> impl Future<Output = Result<Vec<Organisation>>> + Send;

    fn org_by_slug(&self, slug: &OrgSlug) -> impl Future<Output = Result<Organisation>> + Send;

    /// Creates an organisation with the id, slug and name given, and `framework_yaml` as its
    /// version 1, in one transaction: how an export is loaded into a new database with its
    /// identity intact. A taken id or slug is [`StoreError::Invalid`]; a framework that
    /// fails `check` too.
    fn create_org_with(
        &self,
        org: &Organisation,
        framework_yaml: &str,
    ) -> impl Future<Output = Result<Organisation>> + Send;

    /// The handle for one organisation. It does not check that the organisation exists:
    /// reads through a handle for a missing organisation find nothing, and writes fail with
    /// [`StoreError::NotFound`].
    fn org(&self, org: OrgId) -> Self::Org;

    /// The unexpired session whose token hashes to `hash`, with its organisation and
    /// account, in whichever organisation it is: a session cookie does not name one. The
    /// caller then works through `org(org_id)` only.
    fn session_by_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<(OrgId, Session, Account)>>> + Send;

    /// The account owning the API token that hashes to `hash`, with its organisation, in
    /// whichever organisation it is (a bearer token does not name one).
    fn account_by_api_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<(OrgId, Account)>>> + Send;

    /// Deletes every expired session of every organisation and returns how many. Run by the
    /// server now and then; an expired session is never accepted anyway.
    fn delete_expired_sessions(&self) -> impl Future<Output = Result<u64>> + Send;
}

/// Which people a directory search lists, by their current status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Everyone but those who left (and people with no history yet).
    #[default]
    Current,
    All,
    /// Only those who left.
    Left,
}

/// A directory search ([`OrgStore::search_people`]). Every filter set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Part of a name or an email address, in any case, found anywhere in either when it
    /// has three characters or more. One or two characters, which a trigram index cannot
    /// serve, match the start of a word of the name (words are separated by spaces,
    /// hyphens and apostrophes) or the start of the email. Surrounding blanks and control
    /// characters are ignored; accents are not (docs/architecture.md, "Directory search").
    pub text: Option<String>,
    /// Direct reports of this person.
    pub manager: Option<PersonId>,
    /// Only this person and everyone under them in the reporting lines, directly or
    /// through others: a manager's line, walked by the database.
    pub line_of: Option<PersonId>,
    /// Current role on this track.
    pub track: Option<pendulum_framework::ids::TrackId>,
    /// Current role at one of these levels (an empty list matches no one).
    pub levels: Option<Vec<LevelId>>,
    pub status: StatusFilter,
    /// Only these people (what a viewer may see), when given.
    pub within: Option<Vec<PersonId>>,
    /// Rows skipped, then at most `limit` returned.
    pub offset: u32,
    pub limit: u32,
}

/// A page of a directory search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeoplePage {
    /// Everyone matching, on every page.
    pub total: u64,
    pub people: Vec<(Person, Option<CurrentRole>)>,
}

/// An event to append: everything but what the store assigns (id, person, sequence number
/// and recorded-at time), so a caller cannot pick those.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRoleEvent {
    pub kind: EventKind,
    pub effective: Date,
    /// The framework version the event is recorded under; it must be published.
    pub framework_version: u32,
    pub level: Option<LevelId>,
    pub until: Option<Date>,
    pub outcome: Option<TrialOutcome>,
    pub reason: Option<String>,
    pub supersedes: Option<EventId>,
}

impl NewRoleEvent {
    /// An event of `kind` on `effective` under `framework_version`, with nothing else set.
    pub fn new(kind: EventKind, effective: Date, framework_version: u32) -> Self {
        Self {
            kind,
            effective,
            framework_version,
            level: None,
            until: None,
            outcome: None,
            reason: None,
            supersedes: None,
        }
    }

    pub fn level(mut self, level: LevelId) -> Self {
        self.level = Some(level);
        self
    }

    pub fn until(mut self, until: Date) -> Self {
        self.until = Some(until);
        self
    }

    pub fn outcome(mut self, outcome: TrialOutcome) -> Self {
        self.outcome = Some(outcome);
        self
    }

    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    pub fn supersedes(mut self, event: EventId) -> Self {
        self.supersedes = Some(event);
        self
    }

    /// The full event, with what the store assigns.
    pub fn into_event(
        self,
        id: EventId,
        person: PersonId,
        seq: u32,
        recorded_at: OffsetDateTime,
    ) -> RoleEvent {
        RoleEvent {
            id,
            person,
            seq,
            kind: self.kind,
            effective: self.effective,
            recorded_at,
            framework_version: self.framework_version,
            level: self.level,
            until: self.until,
            outcome: self.outcome,
            reason: self.reason,
            supersedes: self.supersedes,
        }
    }
}

/// How many times [`OrgStore::append_event_with_retry`] retries by default. Every
/// [`StoreError::Conflict`] means another writer's append succeeded, so the writers as a
/// whole always make progress; the bound only stops one unlucky writer from looping.
pub const DEFAULT_APPEND_RETRIES: u32 = 32;

/// Storage for one organisation. Every method reads and writes that organisation only.
pub trait OrgStore: Clone + Send + Sync + 'static {
    fn org_id(&self) -> OrgId;

    /// The same handle, recording `actor` in the audit log.
    fn acting_as(&self, actor: Actor) -> Self;

    /// Today, by the store's [`Clock`]: the day the current roles are in effect on. Pages
    /// that tell scheduled events from past ones ask this, so they agree with the store.
    fn today(&self) -> Date;

    // --- framework versions -----------------------------------------------------------

    /// Checks `yaml` and stores it as the next version, immutably, with its content hash.
    /// Refused ([`StoreError::Invalid`]) when it fails `check`, or when it drops a level
    /// that someone's current role holds or any stored event names, unless a level of the
    /// new version lists the dropped one in `renamed_from`. Two publishers racing for the
    /// same version number get [`StoreError::Conflict`].
    fn publish_framework(&self, yaml: &str) -> impl Future<Output = Result<u32>> + Send;

    /// The published versions, oldest first.
    fn framework_versions(&self) -> impl Future<Output = Result<Vec<FrameworkVersion>>> + Send;

    /// One version, parsed.
    fn framework(&self, version: u32) -> impl Future<Output = Result<Framework>> + Send;

    /// One version's text exactly as published.
    fn framework_yaml(&self, version: u32) -> impl Future<Output = Result<String>> + Send;

    // --- people -----------------------------------------------------------------------

    /// Adds a person. A taken email is [`StoreError::Invalid`]; a manager who is not in
    /// this organisation is [`StoreError::NotFound`].
    fn create_person(
        &self,
        name: &str,
        email: &Email,
        manager: Option<PersonId>,
    ) -> impl Future<Output = Result<Person>> + Send;

    fn person(&self, person: PersonId) -> impl Future<Output = Result<Person>> + Send;

    fn person_by_email(&self, email: &Email) -> impl Future<Output = Result<Person>> + Send;

    /// Everyone, by email. A person's status comes from their current role; someone with no
    /// history yet is active.
    fn list_people(&self) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// One page of the people matching `query`, by name (any case) then email, each with their current
    /// role, and how many match in all: the directory, filtered and paged in the database
    /// so that a page costs the same in a large organisation as in a small one.
    fn search_people(&self, query: &PeopleQuery)
    -> impl Future<Output = Result<PeoplePage>> + Send;

    /// Everyone who manages at least one person, by name: the choices of a manager filter.
    fn managers(&self) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// The people whose manager is `manager`, by name (none for someone who manages no
    /// one, or who is not in this organisation).
    fn direct_reports(&self, manager: PersonId)
    -> impl Future<Output = Result<Vec<Person>>> + Send;

    // --- role history -----------------------------------------------------------------

    /// Appends an event to a person's role history. The store assigns the id, the next
    /// sequence number and the recorded-at time, re-validates the whole history with the
    /// event in place (so a back-dated event is checked against everything after it), and
    /// writes the event, the current-role projection and the audit row in one transaction.
    ///
    /// [`StoreError::Rule`] when the history would be impossible (nothing is written);
    /// [`StoreError::Conflict`] when another writer appended first (nothing is written;
    /// retry, or use [`OrgStore::append_event_with_retry`]).
    fn append_event(
        &self,
        person: PersonId,
        event: NewRoleEvent,
    ) -> impl Future<Output = Result<RoleEvent>> + Send;

    /// [`OrgStore::append_event`], retried on [`StoreError::Conflict`] up to `max_retries`
    /// times. Returns the stored event and how many retries it took. Each retry reads the
    /// history afresh, so an event that became impossible meanwhile is refused with
    /// [`StoreError::Rule`] rather than stored.
    fn append_event_with_retry(
        &self,
        person: PersonId,
        event: NewRoleEvent,
        max_retries: u32,
    ) -> impl Future<Output = Result<(RoleEvent, u32)>> + Send {
        async move {
            let mut retries = 0;
            loop {
                match self.append_event(person, event.clone()).await {
                    Err(StoreError::Conflict) if retries < max_retries => retries += 1,
                    other => return other.map(|stored| (stored, retries)),
                }
            }
        }
    }

    /// A person's role history in sequence order.
    fn events(&self, person: PersonId) -> impl Future<Output = Result<Vec<RoleEvent>>> + Send;

    /// The role in effect today (by the store's [`Clock`]); `None` for someone with no
    /// history yet, or whose hire is still scheduled. A projection whose next scheduled
    /// change has arrived is brought up to date first.
    fn current_role(
        &self,
        person: PersonId,
    ) -> impl Future<Output = Result<Option<CurrentRole>>> + Send;

    /// Every current-role projection of the organisation, by person id: what a directory
    /// shows beside each name, in one query.
    fn current_roles(&self) -> impl Future<Output = Result<Vec<(PersonId, CurrentRole)>>> + Send;

    /// Recomputes every current-role projection of the organisation from the events
    /// (`fold_on` today), in one transaction, and returns how many people have a role in
    /// effect. Used after restoring or
    /// importing, and to prove that the projections equal the fold.
    fn rebuild_projections(&self) -> impl Future<Output = Result<u64>> + Send;

    // --- pay --------------------------------------------------------------------------

    /// Appends a pay change (amount in minor units, not negative) as the person's next pay
    /// event. [`StoreError::Conflict`] if another pay change for the same person was saved
    /// at the same moment (nothing was written; retry).
    fn append_pay(
        &self,
        person: PersonId,
        amount: Money,
        effective: Date,
        reason: Option<String>,
    ) -> impl Future<Output = Result<PayEvent>> + Send;

    /// A person's pay history in sequence order. Not audited: for the store's own use and
    /// the CLI. A read on someone's behalf goes through [`OrgStore::read_pay`].
    fn pay_history(&self, person: PersonId) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;

    /// A person's pay history read on behalf of this handle's actor: the history and a
    /// `pay.read` audit row about the person, in one transaction (if the audit row cannot
    /// be written, nothing is returned). A person that does not exist is
    /// [`StoreError::NotFound`].
    fn read_pay(&self, person: PersonId) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;

    // --- bulk import and export ---------------------------------------------------------

    /// [`OrgStore::import_with_progress`] without progress reports.
    fn import(&self, batch: ImportBatch) -> impl Future<Output = Result<ImportSummary>> + Send {
        self.import_with_progress(batch, &no_progress)
    }

    /// Imports people, role events and pay events, keeping their ids, sequence numbers and
    /// recorded-at times, **all or nothing, in one transaction**. Before anything is
    /// written the whole batch is checked against what is stored (see
    /// [`crate::import::plan`]): every event's person exists, every level exists in the
    /// framework version named, and every changed history folds. A record stored already
    /// with the same content is skipped, so an import can be repeated; with other content
    /// it is refused. Every problem is returned at once as [`StoreError::Import`].
    ///
    /// Rows are written in bulk with the current-role projections of every changed history
    /// and one audit row for the batch, in the same transaction; `progress` hears of each
    /// chunk written.
    fn import_with_progress(
        &self,
        batch: ImportBatch,
        progress: ProgressFn<'_>,
    ) -> impl Future<Output = Result<ImportSummary>> + Send;

    /// Up to `limit` people with ids after `after`, by id: a page of an export.
    fn people_page(
        &self,
        after: Option<PersonId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// Up to `limit` role events after `(person, seq)`, by person and sequence number.
    fn events_page(
        &self,
        after: Option<(PersonId, u32)>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<RoleEvent>>> + Send;

    /// Up to `limit` pay events after `(person, seq)`, by person and sequence number.
    fn pay_page(
        &self,
        after: Option<(PersonId, u32)>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;

    /// Everything an import takes, in a fixed order: people by id, events and pay by
    /// person and sequence number. Read page by page, so it is one consistent snapshot
    /// only while nobody writes; [`OrgStore::people_page`] and its siblings let a caller
    /// stream instead of holding it all.
    fn export(&self) -> impl Future<Output = Result<ImportBatch>> + Send {
        async move {
            const PAGE: u32 = 10_000;
            let mut batch = ImportBatch::default();
            loop {
                let page = self
                    .people_page(batch.people.last().map(|p| p.id), PAGE)
                    .await?;
                let done = page.len() < PAGE as usize;
                batch.people.extend(page);
                if done {
                    break;
                }
            }
            loop {
                let after = batch.events.last().map(|e| (e.person, e.seq));
                let page = self.events_page(after, PAGE).await?;
                let done = page.len() < PAGE as usize;
                batch.events.extend(page);
                if done {
                    break;
                }
            }
            loop {
                let after = batch.pay.last().map(|p| (p.person, p.seq));
                let page = self.pay_page(after, PAGE).await?;
                let done = page.len() < PAGE as usize;
                batch.pay.extend(page);
                if done {
                    break;
                }
            }
            Ok(batch)
        }
    }

    // --- accounts, sessions and API tokens ---------------------------------------------

    /// Adds an account, with its audit row. A taken email is [`StoreError::Invalid`];
    /// `password_hash` must be a PHC string, never a password.
    fn create_account(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
        pay: bool,
    ) -> impl Future<Output = Result<Account>> + Send;

    /// The account of this organisation with `email` that may sign in: a disabled account
    /// is not found, so signing in with it gets the answer of an unknown email. Admin
    /// screens find disabled accounts through [`OrgStore::list_accounts`] and
    /// [`OrgStore::account`].
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
    /// [`StoreError::Invalid`].
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

    /// Replaces an account's password hash, ends all its sessions and revokes all its API
    /// tokens, with an audit row, in one transaction (an admin's reset: whoever held the
    /// old credentials holds nothing now). With `hold_own_pay` (the reset is by someone
    /// without the pay capability, who now knows the password) the account's view of its
    /// own pay waits for a pay holder's approval ([`Account::own_pay_held`]).
    /// [`StoreError::NotFound`] for an account of another organisation.
    fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        hold_own_pay: bool,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Disables an account: it can no longer sign in, its sessions end and its API tokens
    /// are revoked (the rows stay, for the record), with an `account.disabled` audit row,
    /// in one transaction. Disabling a disabled account is [`StoreError::Invalid`];
    /// [`StoreError::NotFound`] for an account of another organisation.
    fn disable_account(&self, account: AccountId) -> impl Future<Output = Result<()>> + Send;

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

    // --- invitations --------------------------------------------------------------------

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
    /// held unless the invitation carries the approval. [`StoreError::NotFound`]
    /// when the token matches no pending invitation (used, expired, replaced or unknown).
    fn accept_invitation(
        &self,
        hash: &TokenHash,
        password_hash: &str,
    ) -> impl Future<Output = Result<Account>> + Send;

    // --- proposals ------------------------------------------------------------------------

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

    // --- erasure and audit ------------------------------------------------------------

    /// The one hard delete (privacy law): removes the person, their role and pay histories,
    /// their projection and the audit rows about them, clears them as anyone's manager, and
    /// writes one audit row without personal data naming a random erasure id, which it
    /// returns.
    fn erase_person(&self, email: &Email) -> impl Future<Output = Result<ErasureId>> + Send;

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
}

/// Checks a person's name before it is stored, by the rule of every door
/// ([`pendulum_domain::PersonName`]): 1–200 characters on one line, no control or
/// formatting characters. The doors parse names already; this keeps a caller that did not
/// (a test fixture, a future door) from storing what they would refuse.
pub fn person_name(name: &str) -> Result<String> {
    pendulum_domain::PersonName::new(name)
        .map(pendulum_domain::PersonName::into_string)
        .map_err(|e| StoreError::Invalid(e.0))
}

/// Checks an organisation's display name: 1–200 characters after trimming.
pub fn org_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(StoreError::Invalid(
            "an organisation's name needs 1–200 characters".into(),
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_stored_only_as_every_door_would_take_it() {
        assert_eq!(person_name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        for bad in ["", "Eve \u{202E}gnp.exe", "Eve\nSecond line", "\u{1b}[2J"] {
            let Err(StoreError::Invalid(message)) = person_name(bad) else {
                panic!("{bad:?} must be refused");
            };
            assert_eq!(
                message,
                pendulum_domain::PersonName::new(bad).unwrap_err().0
            );
        }
    }
}
