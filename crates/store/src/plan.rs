//! Transition plans and management trials ([`pendulum_domain::plan`]): each plan's
//! revisions, its steps, and its checkpoints.
//!
//! The store applies the domain's rules inside each write's transaction, on the plan as it
//! is then: [`pendulum_domain::plan::check`] for the plan, and the role history's own rules
//! for the events a plan records. Starting a trial (or recording a direct move) and ending
//! one append the role-history event in the same transaction as the plan's step — or, when
//! the manager may not record changes, store a proposal in that transaction, whose
//! confirmation by an admin ([`crate::Proposals::confirm_proposal`]) writes the event and
//! the step together. A plan never holds a role: the role history does.
//!
//! Who may read or act is the web layer's capabilities; the store takes the acting party
//! as the domain's [`Actor`] and refuses what the rules refuse for it. No audit row names
//! a plan or holds its words (the log is read by admins, and a plan is between a person,
//! their manager and their mentor); the role-history events and proposals a plan makes
//! are audited as every other.

use std::future::Future;

use pendulum_domain::journal::JournalEntry;
use pendulum_domain::plan::{
    Actor, CheckpointRecord, EndChoice, Party, PlanContent, PlanRefused, Proposed, Status, Step,
};
use pendulum_domain::{
    AccountId, CheckpointId, JournalEntryId, PersonId, PlanId, ProposalId, RoleEvent,
};
use time::{Date, OffsetDateTime};

use crate::base::Base;
use crate::error::{Result, StoreError};

/// The most plans one person holds. A write beyond it is refused.
pub const MAX_PLANS: u32 = 100;
/// The most revisions one plan keeps.
pub const MAX_PLAN_REVISIONS: u32 = 200;
/// The most checkpoint records one plan keeps (each party may record each checkpoint again).
pub const MAX_CHECKPOINT_RECORDS: u32 = 400;

/// A plan as stored: what it says now, and its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub id: PlanId,
    pub person: PersonId,
    pub content: PlanContent,
    pub steps: Vec<Step>,
    pub status: Status,
    /// The plan's proposal that waits for an admin's decision, if any.
    pub pending: Option<(ProposalId, Proposed)>,
    /// The plan's proposals that an admin declined.
    pub declined: Vec<ProposalId>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One party's record of a checkpoint, as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub id: CheckpointId,
    pub plan: PlanId,
    pub record: CheckpointRecord,
    /// The journal entries the person chose to show with it (their own record only), as
    /// they are now; an entry the author deleted is no longer here.
    pub evidence: Vec<JournalEntry>,
    pub recorded_at: OffsetDateTime,
}

/// How a start or an end is recorded, by whose account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRecording {
    /// The event is appended now (the account may record changes). Reporting lines a
    /// return gives back are proposed by `by`.
    Record { by: AccountId },
    /// A proposal is stored for an admin to confirm, made by `by`.
    Propose { by: AccountId },
}

/// The transition plans of an organisation.
pub trait Plans: Base {
    /// Writes `person`'s new plan as a draft at revision 1. `NotFound` when the person (or
    /// a mentor or interim member) is not in the organisation; `Invalid` past
    /// [`MAX_PLANS`].
    fn create_plan(
        &self,
        person: PersonId,
        content: &PlanContent,
    ) -> impl Future<Output = Result<Plan>> + Send;

    /// Writes a new revision of `person`'s plan `id`: agreements to earlier revisions no
    /// longer count. Refused by the plan's rules once it started or ended.
    fn revise_plan(
        &self,
        person: PersonId,
        id: PlanId,
        content: &PlanContent,
    ) -> impl Future<Output = Result<Plan>> + Send;

    /// One plan of the organisation, whoever it is about: the caller decides who may read
    /// it.
    fn plan(&self, id: PlanId) -> impl Future<Output = Result<Plan>> + Send;

    /// `person`'s plans, the most recently changed first.
    fn plans_of(&self, person: PersonId) -> impl Future<Output = Result<Vec<Plan>>> + Send;

    /// The plans about people who report to `manager` now, the most recently changed
    /// first; drafts their person has not agreed to yet are left out.
    fn plans_of_reports(&self, manager: PersonId)
    -> impl Future<Output = Result<Vec<Plan>>> + Send;

    /// The plans that name `mentor` as mentor at their current revision, the most recently
    /// changed first; drafts their person has not agreed to yet are left out.
    fn plans_mentored_by(&self, mentor: PersonId)
    -> impl Future<Output = Result<Vec<Plan>>> + Send;

    /// Records `party`'s agreement to the plan's current revision.
    fn agree_plan(&self, id: PlanId, party: Party) -> impl Future<Output = Result<Plan>> + Send;

    /// The person withdraws their plan, before anything was recorded.
    fn withdraw_plan(
        &self,
        id: PlanId,
        reason: Option<String>,
    ) -> impl Future<Output = Result<Plan>> + Send;

    /// Starts an agreed plan on `effective`: a trial's start (at the target level, for the
    /// framework's length) or, for a plan without a trial, the move itself (which ends the
    /// plan). With [`PlanRecording::Record`] the event is appended and, for a trial, the
    /// interim team's reporting changes are recorded, all in one transaction with the
    /// step; with [`PlanRecording::Propose`] a proposal is stored instead, and its
    /// confirmation does the rest.
    fn start_plan(
        &self,
        id: PlanId,
        effective: Date,
        recording: PlanRecording,
    ) -> impl Future<Output = Result<Plan>> + Send;

    /// Ends (or extends) a plan's trial on `effective`: stay, return (the return path is
    /// the role history's), or extend by the framework's trial length (the extension limit
    /// and its reason are the role history's rules). A return proposes the interim team's
    /// reporting lines back to their managers before the trial, for an admin to confirm.
    fn end_plan(
        &self,
        id: PlanId,
        choice: EndChoice,
        reason: Option<String>,
        effective: Date,
        recording: PlanRecording,
    ) -> impl Future<Output = Result<Plan>> + Send;

    /// Records one party's checkpoint, with the person's chosen journal entries as
    /// evidence (their own entries only, and only with their own record). `Invalid` when
    /// the plan's rules refuse it, an entry is not the person's, or past
    /// [`MAX_CHECKPOINT_RECORDS`].
    fn record_checkpoint(
        &self,
        id: PlanId,
        actor: Actor,
        record: &CheckpointRecord,
        evidence: &[JournalEntryId],
    ) -> impl Future<Output = Result<Checkpoint>> + Send;

    /// The plan's checkpoint records, oldest first, with their evidence.
    fn checkpoints(&self, id: PlanId) -> impl Future<Output = Result<Vec<Checkpoint>>> + Send;

    /// The plans whose trial is under way that `person` is part of: their own, those of
    /// the people who report to them now, and those naming them as mentor, the most
    /// recently changed first. The home page's checkpoints due and trials ending, chosen
    /// by the database rather than among every trial of the organisation.
    fn active_plans_of(&self, person: PersonId) -> impl Future<Output = Result<Vec<Plan>>> + Send;
}

/// The step a confirmed proposal of a plan completes, from the event it became.
pub fn step_for_event(event: &RoleEvent) -> Option<pendulum_domain::plan::StepKind> {
    use pendulum_domain::EventKind;
    use pendulum_domain::plan::StepKind;
    Some(match event.kind {
        EventKind::TrialStart => StepKind::Started {
            event: event.id,
            on: event.effective,
            until: event.until,
        },
        EventKind::Move | EventKind::Promotion => StepKind::Moved {
            event: event.id,
            on: event.effective,
        },
        EventKind::TrialExtend => StepKind::Extended {
            event: event.id,
            until: event.until?,
        },
        EventKind::TrialEnd => StepKind::Ended {
            event: event.id,
            on: event.effective,
            returned: event.outcome == Some(pendulum_domain::TrialOutcome::Return),
        },
        _ => return None,
    })
}

/// A plan's refusal as the store reports it.
pub fn refused(r: PlanRefused) -> StoreError {
    StoreError::Invalid(r.message)
}

/// The content as stored: without the mentor and the interim team, which are columns and
/// rows of their own.
pub fn body_column(content: &PlanContent) -> String {
    let mut stored = content.clone();
    stored.mentor = None;
    stored.interim_team = Vec::new();
    serde_json::to_string(&stored).expect("a plan serialises")
}

/// The content read back from [`body_column`] with its mentor and interim team.
pub fn parse_body(
    column: &str,
    mentor: Option<PersonId>,
    interim_team: Vec<PersonId>,
) -> Result<PlanContent> {
    let mut content: PlanContent = serde_json::from_str(column)
        .map_err(|e| StoreError::corrupt(format!("plan content: {e}")))?;
    content.mentor = mentor;
    content.interim_team = interim_team;
    Ok(content)
}

/// A step's detail as stored.
pub fn step_column(step: &pendulum_domain::plan::StepKind) -> String {
    serde_json::to_string(step).expect("a step serialises")
}

pub fn parse_step(column: &str) -> Result<pendulum_domain::plan::StepKind> {
    serde_json::from_str(column).map_err(|e| StoreError::corrupt(format!("plan step: {e}")))
}

/// The ratings as stored: a JSON array of `[competency, rating]`.
pub fn ratings_column(record: &CheckpointRecord) -> String {
    serde_json::to_string(&record.ratings).expect("ratings serialise")
}

pub fn parse_ratings(
    column: &str,
) -> Result<
    Vec<(
        pendulum_domain::plan::CompetencyId,
        pendulum_domain::plan::Rating,
    )>,
> {
    serde_json::from_str(column).map_err(|e| StoreError::corrupt(format!("plan ratings: {e}")))
}

/// A plan assembled from its rows: the status folded from its steps, the pending and
/// declined proposals from their decisions (`decided`: the plan's proposals that were
/// decided, with whether they were confirmed).
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    id: PlanId,
    person: PersonId,
    content: PlanContent,
    steps: Vec<Step>,
    decided: &[(ProposalId, bool)],
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
) -> Plan {
    let status = Status::of(&steps);
    let pending = status
        .proposals
        .iter()
        .rev()
        .find(|(p, _)| !decided.iter().any(|(d, _)| d == p))
        .copied();
    let declined = status
        .proposals
        .iter()
        .filter(|(p, _)| decided.iter().any(|(d, confirmed)| d == p && !confirmed))
        .map(|(p, _)| *p)
        .collect();
    Plan {
        id,
        person,
        content,
        steps,
        status,
        pending,
        declined,
        created_at,
        updated_at,
    }
}

/// The refusal of a write past [`MAX_PLANS`].
pub fn too_many_plans() -> StoreError {
    StoreError::Invalid(format!(
        "you hold {MAX_PLANS} plans, the most kept; withdraw or finish one first"
    ))
}

/// The refusal of a revision past [`MAX_PLAN_REVISIONS`].
pub fn too_many_revisions() -> StoreError {
    StoreError::Invalid(format!(
        "a plan keeps at most {MAX_PLAN_REVISIONS} revisions; start a new plan to write more"
    ))
}

/// The refusal of a checkpoint past [`MAX_CHECKPOINT_RECORDS`].
pub fn too_many_checkpoints() -> StoreError {
    StoreError::Invalid(format!(
        "a plan keeps at most {MAX_CHECKPOINT_RECORDS} checkpoint records"
    ))
}

/// The refusal of evidence that is not the person's own journal entry.
pub fn not_their_entry() -> StoreError {
    StoreError::Invalid(
        "evidence is chosen from the person's own journal entries; one of them is not".into(),
    )
}

/// The reason a plan's events carry in the role history.
pub fn event_reason(content: &PlanContent, choice: Option<EndChoice>) -> String {
    match choice {
        None if content.trial => format!(
            "Management trial as {}, as agreed in a transition plan",
            content.target_title
        ),
        None => format!(
            "Move to {}, as agreed in a transition plan",
            content.target_title
        ),
        Some(EndChoice::Stay) => "The trial ended; the role is kept".to_string(),
        Some(EndChoice::Return) => {
            "The trial ended with a return to individual contribution, as the plan allows"
                .to_string()
        }
        Some(EndChoice::Extend) => "The trial is extended".to_string(),
    }
}

/// The account an actor names (`account/{id}`, as the web application and the command line
/// name an account acting), if it names one.
pub fn actor_account(actor: &crate::Actor) -> Option<AccountId> {
    actor.as_str().strip_prefix("account/")?.parse().ok()
}
