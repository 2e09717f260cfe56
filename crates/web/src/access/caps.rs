//! The capabilities a [`Viewer`] hands out. Each is made only in this module, from a
//! viewer whose grants allow it, and borrows that viewer: its operations run on the
//! viewer's store handle, acting as the viewer's account.

use pendulum_domain::journal::{Insights, JournalEntry, KindInfo, NewJournalEntry};
use pendulum_domain::reflection::{NewReflection, Reflection, ReflectionVersion};
use pendulum_domain::{
    AccountId, ApiTokenId, Email, JournalEntryId, Money, PayEvent, Person, PersonId, ProposalId,
    ReflectionId, ReportingChange, RoleEvent,
};
use pendulum_store::prelude::*;
use pendulum_store::{
    Account, ApiToken, AuditAction, AuditEntry, DEFAULT_APPEND_RETRIES, Invitation, JournalCursor,
    NewReportingChange, NewRoleEvent, Proposal, ReportingProposal, Role, Store, StoreError,
    TokenHash, retry_on_conflict,
};
use time::{Date, OffsetDateTime};

use super::{Viewer, Visible};
use crate::error::WebError;

/// The administrator's capability ([`Viewer::admin`]): the organisation's people,
/// histories, framework versions, accounts, proposals and audit log. Pay is not in it.
pub struct Admin<'v, S: Store> {
    viewer: &'v Viewer<S>,
}

impl<'v, S: Store> Admin<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>) -> Self {
        Self { viewer }
    }

    fn org(&self) -> &S::Org {
        &self.viewer.org
    }

    /// Publishes a new framework version (after `check`).
    pub async fn publish_framework(&self, yaml: &str) -> Result<u32, StoreError> {
        self.org().publish_framework(yaml).await
    }

    /// Appends `event` to a visible person's history, retrying a lost race.
    pub async fn record(
        &self,
        person: &Visible<'_, S>,
        event: NewRoleEvent,
    ) -> Result<RoleEvent, WebError> {
        Ok(self
            .org()
            .append_event_with_retry(person.person().id, event, DEFAULT_APPEND_RETRIES)
            .await?
            .0)
    }

    /// Records a change of a visible person's manager (the manager must be in the
    /// organisation; the store refuses a loop).
    pub async fn change_manager(
        &self,
        person: &Visible<'_, S>,
        change: NewReportingChange,
    ) -> Result<ReportingChange, WebError> {
        Ok(self
            .org()
            .change_manager(person.person().id, change)
            .await?)
    }

    /// The person of the organisation with `email`, to name as a manager.
    pub async fn manager_by_email(&self, email: &Email) -> Result<Person, WebError> {
        manager_by_email(self.org(), email).await
    }

    /// Who reported to whom on `date`, for everyone: every reporting change of the
    /// organisation, for [`pendulum_domain::reporting_on`].
    pub async fn reporting_changes(&self) -> Result<Vec<ReportingChange>, WebError> {
        Ok(self.org().reporting_changes().await?)
    }

    /// The pending reporting proposals, newest first.
    pub async fn reporting_proposals(
        &self,
        pending_only: bool,
    ) -> Result<Vec<ReportingProposal>, WebError> {
        Ok(self.org().reporting_proposals(pending_only).await?)
    }

    /// Confirms a pending reporting proposal: records its change.
    pub async fn confirm_reporting(&self, id: ProposalId) -> Result<ReportingChange, WebError> {
        Ok(self
            .org()
            .confirm_reporting_proposal(id, self.viewer.account.id)
            .await?)
    }

    /// Declines a pending reporting proposal.
    pub async fn decline_reporting(
        &self,
        id: ProposalId,
        reason: Option<String>,
    ) -> Result<(), WebError> {
        Ok(self
            .org()
            .decline_reporting_proposal(id, self.viewer.account.id, reason)
            .await?)
    }

    /// Adds a person with their first role, in one transaction: the person (with their
    /// manager, if any) and their hire at `hire`'s level and date. A hire the rules refuse
    /// leaves no person behind (**422**, at the field the rule concerns), so the form can
    /// be sent again once corrected.
    pub async fn add_person(
        &self,
        name: &pendulum_domain::PersonName,
        email: &Email,
        manager: Option<PersonId>,
        hire: NewRoleEvent,
    ) -> Result<(Person, RoleEvent), WebError> {
        Ok(self
            .org()
            .create_person_with_role(name.as_str(), email, manager, hire)
            .await?)
    }

    /// Everyone in the organisation, by name.
    pub async fn everyone(&self) -> Result<Vec<Person>, WebError> {
        Ok(self.org().list_people().await?)
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, WebError> {
        Ok(self.org().list_accounts().await?)
    }

    /// At most `limit` accounts whose email holds `text`, by email: a bounded query, for
    /// suggestions as an admin types.
    pub async fn accounts_matching(
        &self,
        text: &str,
        limit: u32,
    ) -> Result<Vec<Account>, WebError> {
        Ok(self.org().search_accounts(text, limit).await?)
    }

    /// Account `id` of the organisation (404 for any other).
    pub async fn account(&self, id: AccountId) -> Result<Account, WebError> {
        Ok(self.org().account(id).await?)
    }

    pub async fn invitations(&self) -> Result<Vec<Invitation>, WebError> {
        Ok(self.org().invitations().await?)
    }

    /// Invites `email` with `role`. Inviting with pay grants pay, so it takes the pay
    /// capability as well: `with_pay` is the inviter's own [`PayDesk`].
    pub async fn invite(
        &self,
        email: &Email,
        role: Role,
        with_pay: Option<&PayDesk<'_, S>>,
        token_hash: &TokenHash,
        expires_at: OffsetDateTime,
    ) -> Result<Invitation, StoreError> {
        self.org()
            .create_invitation(
                email,
                role,
                with_pay.is_some(),
                self.viewer.account.id,
                token_hash,
                expires_at,
            )
            .await
    }

    /// Sets a new password for `target`; its sessions end and its tokens are revoked.
    /// Whoever sets a password can sign in as the account, so an account that holds pay
    /// needs the pay capability (`pay`: **403** without it), and a reset without it holds
    /// the account's own pay until a pay holder approves. Returns whether it is held now.
    /// A reset of someone else's account also locks its person's journal and reflections,
    /// in the store's transaction (`pendulum_store::notes_lock`).
    pub async fn set_password(
        &self,
        target: &Account,
        hash: &str,
        pay: Option<&PayDesk<'_, S>>,
    ) -> Result<bool, WebError> {
        let target_grants = pendulum_domain::Grants {
            role: target.role,
            pay: target.pay,
            own_pay_held: target.own_pay_held,
        };
        let grants = pendulum_domain::Grants {
            pay: pay.is_some(),
            ..*self.viewer.grants()
        };
        if !grants.may_reset_password_of(&target_grants) {
            return Err(WebError::Forbidden);
        }
        let hold_own_pay = pay.is_none() && target.id != self.viewer.account.id;
        self.org()
            .set_password(target.id, hash, hold_own_pay)
            .await?;
        Ok(hold_own_pay)
    }

    /// Disables account `id`: its sessions end, its tokens are revoked. Not one's own, so
    /// that an organisation is never locked out by a slip (**422**).
    pub async fn disable(&self, id: AccountId) -> Result<(), WebError> {
        if id == self.viewer.account.id {
            return Err(WebError::invalid(
                "own_account",
                "You cannot disable your own account: another admin can.",
            ));
        }
        Ok(self.org().disable_account(id).await?)
    }

    /// Gives account `id` the role `role`. Not one's own (**422**): an admin who stepped
    /// down by a slip could not undo it; another admin can. The store keeps the
    /// organisation's last admin in use an admin.
    pub async fn set_role(&self, id: AccountId, role: Role) -> Result<(), WebError> {
        if id == self.viewer.account.id {
            return Err(WebError::invalid(
                "own_account",
                "You cannot change the role of your own account: another admin can.",
            ));
        }
        Ok(self.org().set_account_role(id, role).await?)
    }

    pub async fn enable(&self, id: AccountId) -> Result<(), WebError> {
        Ok(self.org().enable_account(id).await?)
    }

    /// Lets account `id` see its own pay: granting pay, so it takes the pay capability.
    pub async fn approve_own_pay(
        &self,
        id: AccountId,
        _pay: &PayDesk<'_, S>,
    ) -> Result<(), WebError> {
        Ok(self.org().approve_own_pay(id).await?)
    }

    /// The API tokens of account `id` that still work.
    pub async fn tokens_of(&self, id: AccountId) -> Result<Vec<ApiToken>, WebError> {
        Ok(self.org().api_tokens(id).await?)
    }

    /// Revokes a token of any account of the organisation.
    pub async fn revoke_token(
        &self,
        account: AccountId,
        token: ApiTokenId,
    ) -> Result<(), WebError> {
        Ok(self.org().revoke_api_token(account, token).await?)
    }

    /// Confirms a pending proposal: appends its event.
    pub async fn confirm(&self, id: ProposalId) -> Result<RoleEvent, WebError> {
        Ok(self
            .org()
            .confirm_proposal(id, self.viewer.account.id)
            .await?)
    }

    /// Declines a pending proposal.
    pub async fn decline(
        &self,
        id: ProposalId,
        reason: Option<String>,
    ) -> Result<Proposal, WebError> {
        Ok(self
            .org()
            .decline_proposal(id, self.viewer.account.id, reason)
            .await?)
    }

    /// A page of the audit log, newest first.
    pub async fn audit_page(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        person: Option<PersonId>,
    ) -> Result<Vec<AuditEntry>, WebError> {
        Ok(self.org().audit_page(before, limit, action, person).await?)
    }

    /// A page of the audit log's rows done by or to account `account`, newest first.
    pub async fn audit_page_of_account(
        &self,
        before: Option<uuid::Uuid>,
        limit: u32,
        action: Option<AuditAction>,
        account: AccountId,
    ) -> Result<Vec<AuditEntry>, WebError> {
        Ok(self
            .org()
            .audit_page_of_account(before, limit, action, account)
            .await?)
    }
}

/// The pay capability ([`Viewer::pay`]): the individual pay of the people the viewer may
/// see. Every read is audited in the same transaction.
pub struct PayDesk<'v, S: Store> {
    viewer: &'v Viewer<S>,
}

impl<'v, S: Store> PayDesk<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>) -> Self {
        Self { viewer }
    }

    /// `person`'s pay history (**403** when the rules do not allow it).
    pub async fn read(&self, person: &Visible<'_, S>) -> Result<Vec<PayEvent>, WebError> {
        if !self.viewer.grants().may_view_pay(person.relation()) {
            return Err(WebError::Forbidden);
        }
        Ok(self.viewer.org.read_pay(person.person().id).await?)
    }

    /// Records a pay change for `person`: never one's own (**403**). Retries a lost race.
    pub async fn record(
        &self,
        person: &Visible<'_, S>,
        money: Money,
        effective: Date,
        reason: Option<String>,
    ) -> Result<PayEvent, WebError> {
        let id = person.person().id;
        self.append(person, || {
            self.viewer
                .org
                .append_pay(id, money.clone(), effective, reason.clone())
        })
        .await
    }

    /// [`Self::record`] for an amount below the person's pay before a management trial they
    /// returned from within 12 months, with the pay administrator's reason for paying less
    /// (audited by the store).
    pub async fn record_below_protection(
        &self,
        person: &Visible<'_, S>,
        money: Money,
        effective: Date,
        reason: String,
    ) -> Result<PayEvent, WebError> {
        let id = person.person().id;
        self.append(person, || {
            self.viewer.org.append_pay_below_protection(
                id,
                money.clone(),
                effective,
                reason.clone(),
            )
        })
        .await
    }

    /// What recording pay for `person` takes, whichever way: the rules' leave (never one's
    /// own, **403**), then `attempt` again after each lost race ([`StoreError::Conflict`]:
    /// nothing was written), up to [`DEFAULT_APPEND_RETRIES`] times.
    async fn append<Fut>(
        &self,
        person: &Visible<'_, S>,
        attempt: impl FnMut() -> Fut,
    ) -> Result<PayEvent, WebError>
    where
        Fut: std::future::Future<Output = Result<PayEvent, StoreError>>,
    {
        if !self.viewer.grants().may_record_pay(person.relation()) {
            return Err(WebError::Forbidden);
        }
        Ok(retry_on_conflict(DEFAULT_APPEND_RETRIES, attempt).await?.0)
    }
}

/// The owner-only capability ([`Viewer::owner`]): the viewer's own person, whose private
/// data is theirs alone. Made only for the viewer's own record. Its journal and reflection
/// methods answer **423** while the person's private notes are locked
/// ([`Self::notes_open`]; the lock's own methods are in `access/notes_lock.rs`).
pub struct Owner<'v, S: Store> {
    pub(super) viewer: &'v Viewer<S>,
    pub(super) person: &'v Person,
    /// Whether the private notes were found open, asked once per capability.
    notes_open: tokio::sync::OnceCell<()>,
}

impl<'v, S: Store> Owner<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>, person: &'v Person) -> Self {
        Self {
            viewer,
            person,
            notes_open: tokio::sync::OnceCell::new(),
        }
    }

    /// **423** while the owner's journal and reflections are locked (their account was
    /// handed to someone else, `pendulum_store::notes_lock`): every read and write of them
    /// below asks this first, so no handler reaches locked notes.
    pub async fn notes_open(&self) -> Result<(), WebError> {
        self.notes_open
            .get_or_try_init(|| async {
                match self.viewer.org.notes_lock(self.person.id).await?.locked {
                    Some(lock) => Err(WebError::PrivateNotesLocked(lock)),
                    None => Ok(()),
                }
            })
            .await
            .map(|_| ())
    }

    pub(super) fn viewer(&self) -> &'v Viewer<S> {
        self.viewer
    }

    pub fn person(&self) -> &Person {
        self.person
    }

    /// The owner's own pay history (audited), unless their own-pay view is held for a pay
    /// holder's approval (**403**).
    pub async fn pay(&self) -> Result<Vec<PayEvent>, WebError> {
        if !self
            .viewer
            .grants()
            .may_view_pay(pendulum_domain::Relation::Own)
        {
            return Err(WebError::Forbidden);
        }
        Ok(self.viewer.org.read_pay(self.person.id).await?)
    }

    /// The owner's journal entries dated `from`..=`to`, newest first, at most `limit`.
    pub async fn journal(
        &self,
        from: Option<Date>,
        to: Option<Date>,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .journal_entries(self.person.id, from, to, limit)
            .await?)
    }

    /// The owner's journal entries after `after` in the journal's order (newest first), at
    /// most `limit`: a page of the journal, or of a download.
    pub async fn journal_after(
        &self,
        after: Option<JournalCursor>,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .journal_entries_after(self.person.id, after, limit)
            .await?)
    }

    /// The insights of the owner's journal on `today`, naming the kinds of work as `kinds`.
    pub async fn journal_insights(
        &self,
        kinds: &[KindInfo],
        today: Date,
    ) -> Result<Insights, WebError> {
        self.notes_open().await?;
        Ok(
            pendulum_store::journal::insights(&self.viewer.org, self.person.id, kinds, today)
                .await?,
        )
    }

    /// One of the owner's journal entries; anyone else's is not found.
    pub async fn journal_entry(&self, id: JournalEntryId) -> Result<JournalEntry, WebError> {
        self.notes_open().await?;
        Ok(self.viewer.org.journal_entry(self.person.id, id).await?)
    }

    pub async fn write_journal(&self, entry: &NewJournalEntry) -> Result<JournalEntry, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .add_journal_entry(self.person.id, entry)
            .await?)
    }

    pub async fn change_journal(
        &self,
        id: JournalEntryId,
        entry: &NewJournalEntry,
    ) -> Result<JournalEntry, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .change_journal_entry(self.person.id, id, entry)
            .await?)
    }

    pub async fn delete_journal(&self, id: JournalEntryId) -> Result<(), WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .delete_journal_entry(self.person.id, id)
            .await?)
    }

    /// The owner's reflections at their current versions, the most recently written first.
    pub async fn reflections(&self) -> Result<Vec<Reflection>, WebError> {
        self.notes_open().await?;
        Ok(self.viewer.org.reflections(self.person.id).await?)
    }

    /// One of the owner's reflections; anyone else's is not found.
    pub async fn reflection(&self, id: ReflectionId) -> Result<Reflection, WebError> {
        self.notes_open().await?;
        Ok(self.viewer.org.reflection(self.person.id, id).await?)
    }

    /// Every version of one of the owner's reflections, the newest first.
    pub async fn reflection_versions(
        &self,
        id: ReflectionId,
    ) -> Result<Vec<ReflectionVersion>, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .reflection_versions(self.person.id, id)
            .await?)
    }

    pub async fn write_reflection(&self, new: &NewReflection) -> Result<Reflection, WebError> {
        self.notes_open().await?;
        Ok(self.viewer.org.add_reflection(self.person.id, new).await?)
    }

    /// A new version of one of the owner's reflections.
    pub async fn revise_reflection(
        &self,
        id: ReflectionId,
        new: &NewReflection,
    ) -> Result<Reflection, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .revise_reflection(self.person.id, id, new)
            .await?)
    }

    /// Shares one of the owner's reflections with their manager on record (**422** when
    /// they have none): nobody else can be named.
    pub async fn share_reflection(&self, id: ReflectionId) -> Result<Reflection, WebError> {
        self.notes_open().await?;
        Ok(self.viewer.org.share_reflection(self.person.id, id).await?)
    }

    pub async fn unshare_reflection(&self, id: ReflectionId) -> Result<Reflection, WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .unshare_reflection(self.person.id, id)
            .await?)
    }

    /// Deletes one of the owner's reflections with every version.
    pub async fn delete_reflection(&self, id: ReflectionId) -> Result<(), WebError> {
        self.notes_open().await?;
        Ok(self
            .viewer
            .org
            .delete_reflection(self.person.id, id)
            .await?)
    }
}

/// The capability of a person's current manager over what that person chose to share
/// with them ([`Viewer::manager_of`]): their shared reflections, read-only. Made only for
/// the person whose manager on record is the viewer, whatever the viewer's role; an admin
/// who is not the manager does not get it.
pub struct ManagerOf<'v, S: Store> {
    viewer: &'v Viewer<S>,
    /// The viewer's own person.
    manager: PersonId,
    report: Person,
}

impl<'v, S: Store> ManagerOf<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>, manager: PersonId, report: Person) -> Self {
        Self {
            viewer,
            manager,
            report,
        }
    }

    /// The person who reports to the viewer.
    pub fn report(&self) -> &Person {
        &self.report
    }

    /// The report's reflections shared with the viewer, at their current versions, the
    /// most recently written first. The store answers only those shared with the viewer
    /// while they manage the report; the domain's rule is asked again of each.
    pub async fn shared_reflections(&self) -> Result<Vec<Reflection>, WebError> {
        let mut shared = self
            .viewer
            .org
            .reflections_shared_with(self.report.id, self.manager)
            .await?;
        shared.retain(|r| {
            pendulum_domain::reflection::may_read_shared(&self.report, self.manager, r)
        });
        Ok(shared)
    }

    /// One reflection the report shared with the viewer; **404** for any other, shared or
    /// not, exactly like one that does not exist.
    pub async fn shared_reflection(&self, id: ReflectionId) -> Result<Reflection, WebError> {
        self.shared_reflections()
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(WebError::NotFound)
    }
}

/// The viewer's own account ([`Viewer::own_account`]): its API tokens.
pub struct OwnAccount<'v, S: Store> {
    viewer: &'v Viewer<S>,
}

impl<'v, S: Store> OwnAccount<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>) -> Self {
        Self { viewer }
    }

    pub async fn tokens(&self) -> Result<Vec<ApiToken>, WebError> {
        Ok(self.viewer.org.api_tokens(self.viewer.account.id).await?)
    }

    pub async fn create_token(
        &self,
        token_hash: &TokenHash,
        name: &str,
    ) -> Result<ApiToken, StoreError> {
        self.viewer
            .org
            .create_api_token(self.viewer.account.id, token_hash, name)
            .await
    }

    /// Revokes one of the account's own tokens; another account's is not found.
    pub async fn revoke_token(&self, token: ApiTokenId) -> Result<(), WebError> {
        Ok(self
            .viewer
            .org
            .revoke_api_token(self.viewer.account.id, token)
            .await?)
    }
}

/// A manager's capability to propose changes for one of their reports
/// ([`Visible::proposer`]); an admin confirms them.
pub struct Proposer<'p, 'v, S: Store> {
    person: &'p Visible<'v, S>,
}

impl<'p, 'v, S: Store> Proposer<'p, 'v, S> {
    pub(super) fn new(person: &'p Visible<'v, S>) -> Self {
        Self { person }
    }

    pub async fn propose(&self, event: NewRoleEvent) -> Result<Proposal, WebError> {
        let viewer = self.person.viewer;
        Ok(viewer
            .org
            .propose_event(self.person.person().id, event, viewer.account.id)
            .await?)
    }

    /// The person of the organisation with `email`, to name as the new manager.
    pub async fn manager_by_email(&self, email: &Email) -> Result<Person, WebError> {
        manager_by_email(&self.person.viewer.org, email).await
    }

    /// Proposes a change of the person's manager.
    pub async fn propose_manager(
        &self,
        change: NewReportingChange,
    ) -> Result<ReportingProposal, WebError> {
        let viewer = self.person.viewer;
        Ok(viewer
            .org
            .propose_reporting_change(self.person.person().id, change, viewer.account.id)
            .await?)
    }
}

/// Someone named as a manager by email: any person of the organisation (422 when nobody
/// has the email, so the form can say so beside the field).
async fn manager_by_email<O: OrgStore>(org: &O, email: &Email) -> Result<Person, WebError> {
    match org.person_by_email(email).await {
        Ok(person) => Ok(person),
        Err(StoreError::NotFound { .. }) => Err(WebError::invalid(
            "unknown_manager",
            format!("Nobody in this organisation has the email {email}."),
        )),
        Err(e) => Err(e.into()),
    }
}
