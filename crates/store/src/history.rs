//! Role history: the append-only events of each person's career, and the current-role
//! projections folded from them. [`prepare_append`] holds the steps of an append that do
//! not touch the database, shared by the backends so that both assign sequence numbers and
//! ask the domain rules the same way.

use std::future::Future;

use pendulum_domain::timeline::{Standing, prepare_on};
use pendulum_domain::{CurrentRole, EventId, EventKind, PersonId, RoleEvent, TrialOutcome};
use pendulum_framework::ids::LevelId;
use time::{Date, OffsetDateTime};

use crate::base::Base;
use crate::error::{Result, StoreError, retry_on_conflict};
use crate::framework::FrameworkSet;

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

/// How many times [`RoleHistory::append_event_with_retry`] retries by default. Every
/// [`StoreError::Conflict`] means another writer's append succeeded, so the writers as a
/// whole always make progress; the bound only stops one unlucky writer from looping.
pub const DEFAULT_APPEND_RETRIES: u32 = 32;

/// The role histories of an organisation's people and their current-role projections.
pub trait RoleHistory: Base {
    /// Appends an event to a person's role history. The store assigns the id, the next
    /// sequence number and the recorded-at time, re-validates the whole history with the
    /// event in place (so a back-dated event is checked against everything after it), and
    /// writes the event, the current-role projection and the audit row in one transaction.
    ///
    /// [`StoreError::Rule`] when the history would be impossible (nothing is written);
    /// [`StoreError::Conflict`] when another writer appended first (nothing is written;
    /// retry, or use [`Self::append_event_with_retry`]).
    fn append_event(
        &self,
        person: PersonId,
        event: NewRoleEvent,
    ) -> impl Future<Output = Result<RoleEvent>> + Send;

    /// [`Self::append_event`], retried on [`StoreError::Conflict`] up to `max_retries`
    /// times. Returns the stored event and how many retries it took. Each retry reads the
    /// history afresh, so an event that became impossible meanwhile is refused with
    /// [`StoreError::Rule`] rather than stored.
    fn append_event_with_retry(
        &self,
        person: PersonId,
        event: NewRoleEvent,
        max_retries: u32,
    ) -> impl Future<Output = Result<(RoleEvent, u32)>> + Send {
        retry_on_conflict(max_retries, move || {
            self.append_event(person, event.clone())
        })
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

    /// The date of each person's next scheduled change (the first event dated after today,
    /// by the store's [`Clock`]), for those who have one: what a directory marks as
    /// "scheduled from …" beside the role in effect, in one query.
    fn scheduled_changes(&self) -> impl Future<Output = Result<Vec<(PersonId, Date)>>> + Send;

    /// The people with a management trial that ended in a return dated `from`..=`to`, as
    /// recorded (a corrected event may be among them: read the person's history with
    /// `timeline::trial_returns` to be sure), in one query: what a pay administrator's
    /// home page lists as returns whose pay is protected.
    fn returns_between(
        &self,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<(PersonId, Date)>>> + Send;

    /// Recomputes every current-role projection of the organisation from the events
    /// (`fold_on` today), in one transaction, and returns how many people have a role in
    /// effect. Used after restoring or
    /// importing, and to prove that the projections equal the fold.
    fn rebuild_projections(&self) -> impl Future<Output = Result<u64>> + Send;

    /// Up to `limit` role events after `(person, seq)`, by person and sequence number.
    fn events_page(
        &self,
        after: Option<(PersonId, u32)>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<RoleEvent>>> + Send;
}

/// The event to store (with a new id, the next sequence number and the current time) and
/// where the person stands on `today` after it (an event dated later is scheduled), or why
/// the history would become impossible. `existing` is the person's whole history;
/// `frameworks` holds every published version of the organisation, since a level is
/// followed through each version between two events.
pub fn prepare_append(
    frameworks: &FrameworkSet,
    existing: &[RoleEvent],
    person: PersonId,
    event: NewRoleEvent,
    today: Date,
) -> Result<(RoleEvent, Standing)> {
    if !frameworks.contains(event.framework_version) {
        return Err(StoreError::Invalid(format!(
            "framework version {} is not published in this organisation",
            event.framework_version
        )));
    }
    let seq = existing.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
    let proposed = event.into_event(EventId::new(), person, seq, crate::now());
    Ok(prepare_on(frameworks, existing, proposed, today)?)
}
