//! Transition plans and management trials: how a person prepares a move between tracks
//! (or within one), agrees it with their manager, tries it, and keeps it or returns.
//!
//! A plan is written by the person it is about ([`PlanContent::draft`] checks what they
//! write against the framework), agreed by them and their manager, started, and ended.
//! Its life is a list of [`Step`]s, kept for good; where it stands is a fold of them
//! ([`Status::of`]), and whether an action may be taken now is [`check`]. Role changes are
//! not plan state: starting a trial appends the role history's trial-start event, and the
//! trial's end appends its trial-end event, so the role history stays the only source of
//! the current role. A plan only remembers which events were its own.
//!
//! A criterion keeps the framework version, level, competency and the words of the
//! expectation it was taken from, so a later framework version never changes a plan.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

pub use pendulum_framework::ids::{ChecklistItemId, CompetencyId, LevelId};
use pendulum_framework::model::{Direction, Framework, TrackKind};

use crate::ids::{EventId, PersonId, ProposalId, ReflectionId};
use crate::journal::prose;
use crate::person::InvalidValue;

/// The longest motivation or note on how the person and their manager will talk, in
/// characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The longest proposed title.
pub const MAX_TITLE_CHARS: usize = 120;
/// The most success criteria one plan holds.
pub const MAX_CRITERIA: usize = 30;
/// The most people one interim team holds.
pub const MAX_INTERIM_TEAM: usize = 30;
/// The longest note of a checkpoint.
pub const MAX_NOTE_CHARS: usize = 4_000;
/// The most journal entries one checkpoint cites as evidence.
pub const MAX_EVIDENCE: usize = 20;
/// The longest reason given for an extension, an end or a withdrawal.
pub const MAX_REASON_CHARS: usize = 1_000;

/// Which way a plan moves: towards management, towards individual contribution, or
/// within the same kind of track. None of them is up or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanMove {
    ToManagement,
    ToIc,
    Lateral,
}

impl PlanMove {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToManagement => "to-management",
            Self::ToIc => "to-ic",
            Self::Lateral => "lateral",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "to-management" => Some(Self::ToManagement),
            "to-ic" => Some(Self::ToIc),
            "lateral" => Some(Self::Lateral),
            _ => None,
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ToManagement => "towards management",
            Self::ToIc => "towards individual contribution",
            Self::Lateral => "within the same kind of track",
        }
    }

    /// The framework's direction, for the onboarding checklist and reflection questions;
    /// `None` for a lateral move.
    pub fn direction(self) -> Option<Direction> {
        match self {
            Self::ToManagement => Some(Direction::ToManagement),
            Self::ToIc => Some(Direction::ToIc),
            Self::Lateral => None,
        }
    }

    /// The move from a level on a track of kind `from` to one on a track of kind `to`.
    pub fn between(from: TrackKind, to: TrackKind) -> Self {
        match (from, to) {
            (TrackKind::Management, TrackKind::Management) => Self::Lateral,
            (_, TrackKind::Management) => Self::ToManagement,
            (TrackKind::Management, _) => Self::ToIc,
            _ => Self::Lateral,
        }
    }
}

/// Where a plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanState {
    /// Written by the person; not yet agreed by both.
    Draft,
    /// Agreed by the person and their manager; nothing recorded yet.
    Agreed,
    /// The trial started.
    Active,
    /// Kept, returned, moved directly, or withdrawn.
    Ended,
}

impl PlanState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Agreed => "agreed",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "agreed" => Some(Self::Agreed),
            "active" => Some(Self::Active),
            "ended" => Some(Self::Ended),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Agreed => "Agreed",
            Self::Active => "Trial under way",
            Self::Ended => "Ended",
        }
    }
}

/// The two people a plan is agreed between, and who record its checkpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The person the plan is about.
    Person,
    /// Their manager.
    Manager,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Manager => "manager",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(Self::Person),
            "manager" => Some(Self::Manager),
            _ => None,
        }
    }
}

/// How a checkpoint finds one criterion: a short rating, in words that describe progress
/// rather than judge the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    OnTrack,
    Mixed,
    NotYet,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::OnTrack, Rating::Mixed, Rating::NotYet];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTrack => "on-track",
            Self::Mixed => "mixed",
            Self::NotYet => "not-yet",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "on-track" => Some(Self::OnTrack),
            "mixed" => Some(Self::Mixed),
            "not-yet" => Some(Self::NotYet),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::OnTrack => "On track",
            Self::Mixed => "Mixed",
            Self::NotYet => "Not yet",
        }
    }
}

/// How an active trial is brought to an end (or extended): `POST plans/{id}/end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndChoice {
    /// Keep the role tried.
    Stay,
    /// Extend the trial, within the framework's limit.
    Extend,
    /// Return to individual contribution, on the level the framework promises.
    Return,
}

impl EndChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stay => "stay",
            Self::Extend => "extend",
            Self::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "stay" => Some(Self::Stay),
            "extend" => Some(Self::Extend),
            "return" => Some(Self::Return),
            _ => None,
        }
    }
}

/// How a plan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// The trial ended and the person kept the role.
    Stayed,
    /// The trial ended in a return.
    Returned,
    /// The move was recorded directly, without a trial.
    Moved,
    /// The person withdrew the plan before anything was recorded.
    Withdrawn,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stayed => "stayed",
            Self::Returned => "returned",
            Self::Moved => "moved",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "stayed" => Some(Self::Stayed),
            "returned" => Some(Self::Returned),
            "moved" => Some(Self::Moved),
            "withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }

    /// In neutral words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stayed => "Kept the role after the trial",
            Self::Returned => "Returned to individual contribution after the trial",
            Self::Moved => "Moved",
            Self::Withdrawn => "Withdrawn",
        }
    }
}

/// One success criterion, as the target level's expectation read when the plan was
/// written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub framework_version: u32,
    pub level: LevelId,
    pub competency: CompetencyId,
    /// The competency's name then.
    pub competency_name: String,
    /// The expectation's words then.
    pub text: String,
}

/// An item of the onboarding checklist, as the framework had it when the plan was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistEntry {
    pub id: ChecklistItemId,
    pub text: String,
}

/// What a person writes into a plan, before it is checked against the framework.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanInput {
    pub target_level: String,
    pub motivation: String,
    pub reflection: Option<ReflectionId>,
    /// Competency ids of the target level's expectations to take as criteria.
    pub criteria: Vec<String>,
    pub mentor: Option<PersonId>,
    /// How and when the person and their manager will talk about it.
    pub conversations: String,
    pub proposed_title: Option<String>,
    /// Whether the move is tried first (moves into management only).
    pub trial: bool,
    pub interim_team: Vec<PersonId>,
}

/// What a plan says: its content at one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    /// The framework version the target and the criteria were read in.
    pub framework_version: u32,
    /// The level held when the plan was written.
    pub from_level: LevelId,
    pub target_level: LevelId,
    /// The target level's title then.
    pub target_title: String,
    #[serde(rename = "move")]
    pub plan_move: PlanMove,
    pub motivation: String,
    pub reflection: Option<ReflectionId>,
    pub criteria: Vec<Criterion>,
    pub mentor: Option<PersonId>,
    pub onboarding: Vec<ChecklistEntry>,
    /// Days into the trial at which checkpoints fall (the end is one too).
    pub checkpoint_days: Vec<u32>,
    /// The trial's length in months, from the framework.
    pub trial_months: u32,
    pub conversations: String,
    pub proposed_title: Option<String>,
    pub trial: bool,
    pub interim_team: Vec<PersonId>,
}

/// What a refusal is about, so that a form can mark the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanField {
    TargetLevel,
    Motivation,
    Criteria,
    Mentor,
    Conversations,
    ProposedTitle,
    Trial,
    InterimTeam,
    /// The plan as a whole: its state, or who asks.
    Plan,
    Ratings,
    Note,
    Evidence,
    Reason,
}

impl PlanField {
    /// The form field's name, as the API and the pages name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::TargetLevel => "target_level",
            Self::Motivation => "motivation",
            Self::Criteria => "criteria",
            Self::Mentor => "mentor",
            Self::Conversations => "conversations",
            Self::ProposedTitle => "proposed_title",
            Self::Trial => "trial",
            Self::InterimTeam => "interim_team",
            Self::Plan => "plan",
            Self::Ratings => "ratings",
            Self::Note => "note",
            Self::Evidence => "evidence",
            Self::Reason => "reason",
        }
    }
}

/// A refused plan or action: where, and why, in words for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRefused {
    pub field: PlanField,
    pub message: String,
}

impl PlanRefused {
    pub fn new(field: PlanField, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PlanRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PlanRefused {}

fn text(
    field: PlanField,
    value: &str,
    what: &str,
    max: usize,
    required: bool,
) -> Result<String, PlanRefused> {
    let value = prose(value, what, max).map_err(|InvalidValue(m)| PlanRefused::new(field, m))?;
    let value = value.trim().to_string();
    if required && value.is_empty() {
        return Err(PlanRefused::new(field, format!("write {what}")));
    }
    Ok(value)
}

/// The words of an expectation: its description, then its criteria, one per line.
fn expectation_words(e: &pendulum_framework::model::Expectation) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(d) = &e.description {
        parts.push(d.trim());
    }
    parts.extend(e.criteria.iter().map(|c| c.trim()));
    parts.join("\n")
}

/// The criteria a plan towards `level` may take: one per expectation of the level, in the
/// framework's order, read in framework `version`.
pub fn criteria_for(fw: &Framework, version: u32, level: &LevelId) -> Vec<Criterion> {
    let Some((_, level)) = fw.level(level) else {
        return Vec::new();
    };
    level
        .expectations
        .iter()
        .map(|e| Criterion {
            framework_version: version,
            level: level.id.clone(),
            competency: e.competency.clone(),
            competency_name: fw
                .competency(&e.competency)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| e.competency.as_str().to_string()),
            text: expectation_words(e),
        })
        .collect()
}

fn shown(s: &str) -> String {
    if s.is_empty() {
        "an empty value".to_string()
    } else if s.chars().count() <= 40 {
        format!("{s:?}")
    } else {
        "this value".to_string()
    }
}

impl PlanContent {
    /// Checks what `person` wrote against framework `fw` (published as `version`), given
    /// the level they hold now:
    ///
    /// - the target is a level of the framework, other than the one held;
    /// - a trial is only for a move into management;
    /// - a proposed title only for a move towards individual contribution, at most
    ///   [`MAX_TITLE_CHARS`] characters;
    /// - criteria are competencies with an expectation at the target level, none twice, at
    ///   most [`MAX_CRITERIA`]; at least one when the level has expectations;
    /// - the mentor is not the person; the interim team is at most [`MAX_INTERIM_TEAM`]
    ///   people, none twice, neither the person nor the mentor, and only for a trial;
    /// - the motivation is written; texts are bounded, with control characters refused.
    ///
    /// The onboarding checklist, the checkpoint days and the trial length are the
    /// framework's.
    pub fn draft(
        fw: &Framework,
        version: u32,
        person: PersonId,
        held: &LevelId,
        input: &PlanInput,
    ) -> Result<Self, PlanRefused> {
        let target_id = input.target_level.trim();
        let Some((from_track, _)) = fw.level(held) else {
            return Err(PlanRefused::new(
                PlanField::TargetLevel,
                "the level you hold is not in the published framework; ask an admin to \
                 record your role in it first",
            ));
        };
        let target = fw
            .levels()
            .find(|(_, l)| l.id.as_str() == target_id)
            .ok_or_else(|| {
                PlanRefused::new(
                    PlanField::TargetLevel,
                    format!(
                        "choose a level of the framework as the target; {} is not one",
                        shown(target_id)
                    ),
                )
            })?;
        let (target_track, target_level) = target;
        if &target_level.id == held {
            return Err(PlanRefused::new(
                PlanField::TargetLevel,
                format!(
                    "you hold {} already; choose the level you want to move to",
                    target_level.title
                ),
            ));
        }
        let plan_move = PlanMove::between(from_track.kind, target_track.kind);
        if input.trial && plan_move != PlanMove::ToManagement {
            return Err(PlanRefused::new(
                PlanField::Trial,
                "a trial is for a move into management; this move is recorded directly",
            ));
        }
        let proposed_title = match input.proposed_title.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(title) => {
                if plan_move != PlanMove::ToIc {
                    return Err(PlanRefused::new(
                        PlanField::ProposedTitle,
                        "a proposed title is for a move towards individual contribution; \
                         leave it empty",
                    ));
                }
                Some(text(
                    PlanField::ProposedTitle,
                    title,
                    "a proposed title",
                    MAX_TITLE_CHARS,
                    true,
                )?)
            }
        };
        let available = criteria_for(fw, version, &target_level.id);
        if input.criteria.len() > MAX_CRITERIA {
            return Err(PlanRefused::new(
                PlanField::Criteria,
                format!(
                    "a plan holds at most {MAX_CRITERIA} criteria; this one has {}",
                    input.criteria.len()
                ),
            ));
        }
        let mut criteria: Vec<Criterion> = Vec::new();
        for id in &input.criteria {
            let id = id.trim();
            let Some(c) = available.iter().find(|c| c.competency.as_str() == id) else {
                let ids: Vec<&str> = available.iter().map(|c| c.competency.as_str()).collect();
                return Err(PlanRefused::new(
                    PlanField::Criteria,
                    format!(
                        "{} is not an expectation of {}; its expectations are {}",
                        shown(id),
                        target_level.title,
                        if ids.is_empty() {
                            "none".to_string()
                        } else {
                            ids.join(", ")
                        }
                    ),
                ));
            };
            if criteria.iter().any(|k| k.competency == c.competency) {
                return Err(PlanRefused::new(
                    PlanField::Criteria,
                    format!("{} is chosen twice", c.competency_name),
                ));
            }
            criteria.push(c.clone());
        }
        // In the framework's order, whatever order they were sent in.
        criteria.sort_by_key(|c| available.iter().position(|a| a.competency == c.competency));
        if criteria.is_empty() && !available.is_empty() {
            return Err(PlanRefused::new(
                PlanField::Criteria,
                format!(
                    "choose at least one of {}'s expectations as a success criterion",
                    target_level.title
                ),
            ));
        }
        if input.mentor == Some(person) {
            return Err(PlanRefused::new(
                PlanField::Mentor,
                "a mentor is someone else; choose a colleague, or leave it empty",
            ));
        }
        if !input.interim_team.is_empty() && !input.trial {
            return Err(PlanRefused::new(
                PlanField::InterimTeam,
                "an interim team is for a management trial",
            ));
        }
        if input.interim_team.len() > MAX_INTERIM_TEAM {
            return Err(PlanRefused::new(
                PlanField::InterimTeam,
                format!(
                    "an interim team holds at most {MAX_INTERIM_TEAM} people; this one has {}",
                    input.interim_team.len()
                ),
            ));
        }
        let mut team: Vec<PersonId> = Vec::new();
        for &member in &input.interim_team {
            if member == person {
                return Err(PlanRefused::new(
                    PlanField::InterimTeam,
                    "you cannot be in your own interim team",
                ));
            }
            if team.contains(&member) {
                return Err(PlanRefused::new(
                    PlanField::InterimTeam,
                    "someone is named twice in the interim team",
                ));
            }
            team.push(member);
        }
        let motivation = text(
            PlanField::Motivation,
            &input.motivation,
            "your motivation",
            MAX_TEXT_CHARS,
            true,
        )?;
        let conversations = text(
            PlanField::Conversations,
            &input.conversations,
            "how and when you will talk with your manager",
            MAX_TEXT_CHARS,
            false,
        )?;
        let policy = fw.transition_policy();
        let onboarding = plan_move
            .direction()
            .map(|d| {
                policy
                    .onboarding(d)
                    .iter()
                    .map(|i| ChecklistEntry {
                        id: i.id.clone(),
                        text: i.text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            framework_version: version,
            from_level: held.clone(),
            target_level: target_level.id.clone(),
            target_title: target_level.title.clone(),
            plan_move,
            motivation,
            reflection: input.reflection,
            criteria,
            mentor: input.mentor,
            onboarding,
            checkpoint_days: if input.trial {
                policy.checkpoints.to_vec()
            } else {
                Vec::new()
            },
            trial_months: policy.trial_months,
            conversations,
            proposed_title,
            trial: input.trial,
            interim_team: team,
        })
    }
}

/// One step of a plan's life, as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// From 1, in the order taken.
    pub seq: u32,
    pub at: OffsetDateTime,
    pub kind: StepKind,
}

/// What a step did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepKind {
    /// The person wrote a new revision of the plan: earlier agreements no longer count.
    Revised { revision: u32 },
    /// One party agreed to the plan at `revision`.
    Agreed { party: Party, revision: u32 },
    /// The manager asked for the trial's start (or the direct move) to be recorded; an
    /// admin decides.
    StartProposed { proposal: ProposalId },
    /// The trial started: the role history's trial-start event.
    Started {
        event: EventId,
        on: Date,
        until: Option<Date>,
    },
    /// The move was recorded directly (no trial): the plan ends.
    Moved { event: EventId, on: Date },
    /// The manager asked for the trial to be extended or ended; an admin decides.
    EndProposed {
        proposal: ProposalId,
        choice: EndChoice,
    },
    /// The trial was extended: the role history's trial-extend event.
    Extended { event: EventId, until: Date },
    /// The trial ended: the role history's trial-end event.
    Ended {
        event: EventId,
        on: Date,
        returned: bool,
    },
    /// The person withdrew the plan.
    Withdrawn { reason: Option<String> },
}

impl StepKind {
    /// The step's name, as its JSON's `kind` and the API's step list name it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Revised { .. } => "revised",
            Self::Agreed { .. } => "agreed",
            Self::StartProposed { .. } => "start-proposed",
            Self::Started { .. } => "started",
            Self::Moved { .. } => "moved",
            Self::EndProposed { .. } => "end-proposed",
            Self::Extended { .. } => "extended",
            Self::Ended { .. } => "ended",
            Self::Withdrawn { .. } => "withdrawn",
        }
    }
}

/// Where a plan stands, folded from its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub state: PlanState,
    /// The current revision.
    pub revision: u32,
    /// Whether the person agreed to the current revision.
    pub person_agreed: bool,
    /// Whether the manager agreed to the current revision.
    pub manager_agreed: bool,
    /// Whether the person ever agreed to a revision: until then the plan is theirs alone,
    /// and neither their manager nor the mentor sees it.
    pub put_forward: bool,
    /// The trial's start and planned end, once started.
    pub trial: Option<TrialWindow>,
    /// How many times the trial was extended through the plan.
    pub extensions: u32,
    pub ending: Option<Ending>,
    /// The role-history events the plan recorded, oldest first.
    pub events: Vec<EventId>,
    /// The proposals the plan made, oldest first; the newest may be pending.
    pub proposals: Vec<(ProposalId, Proposed)>,
}

/// What a plan's proposal asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proposed {
    Start,
    End(EndChoice),
}

/// A trial's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialWindow {
    pub started: Date,
    /// The planned end, after extensions.
    pub until: Option<Date>,
}

impl Status {
    /// Folds `steps` (in sequence order) from a new draft at revision 1.
    pub fn of(steps: &[Step]) -> Self {
        let mut s = Self {
            state: PlanState::Draft,
            revision: 1,
            person_agreed: false,
            manager_agreed: false,
            put_forward: false,
            trial: None,
            extensions: 0,
            ending: None,
            events: Vec::new(),
            proposals: Vec::new(),
        };
        for step in steps {
            match &step.kind {
                StepKind::Revised { revision } => {
                    s.revision = *revision;
                    s.person_agreed = false;
                    s.manager_agreed = false;
                    s.state = PlanState::Draft;
                }
                StepKind::Agreed { party, revision } => {
                    if *party == Party::Person {
                        s.put_forward = true;
                    }
                    if *revision == s.revision {
                        match party {
                            Party::Person => s.person_agreed = true,
                            Party::Manager => s.manager_agreed = true,
                        }
                    }
                    if s.person_agreed && s.manager_agreed && s.state == PlanState::Draft {
                        s.state = PlanState::Agreed;
                    }
                }
                StepKind::StartProposed { proposal } => {
                    s.proposals.push((*proposal, Proposed::Start));
                }
                StepKind::EndProposed { proposal, choice } => {
                    s.proposals.push((*proposal, Proposed::End(*choice)));
                }
                StepKind::Started { event, on, until } => {
                    s.state = PlanState::Active;
                    s.trial = Some(TrialWindow {
                        started: *on,
                        until: *until,
                    });
                    s.events.push(*event);
                }
                StepKind::Moved { event, .. } => {
                    s.state = PlanState::Ended;
                    s.ending = Some(Ending::Moved);
                    s.events.push(*event);
                }
                StepKind::Extended { event, until } => {
                    s.extensions += 1;
                    if let Some(t) = s.trial.as_mut() {
                        t.until = Some(*until);
                    }
                    s.events.push(*event);
                }
                StepKind::Ended {
                    event, returned, ..
                } => {
                    s.state = PlanState::Ended;
                    s.ending = Some(if *returned {
                        Ending::Returned
                    } else {
                        Ending::Stayed
                    });
                    s.events.push(*event);
                }
                StepKind::Withdrawn { .. } => {
                    s.state = PlanState::Ended;
                    s.ending = Some(Ending::Withdrawn);
                }
            }
        }
        s
    }
}

/// Who asks for an action, as far as a plan is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The person the plan is about.
    Person,
    /// Their manager now.
    Manager,
    /// The plan's mentor.
    Mentor,
}

/// An action on a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Revise,
    Agree,
    /// Record the trial's start, or the direct move (or propose it).
    Start,
    End(EndChoice),
    Withdraw,
    Checkpoint,
}

/// Whether `actor` may take `action` on a plan with `content` standing at `status`, with
/// `pending` true while one of the plan's proposals waits for an admin. The role history's
/// own rules (the extension limit, the return path) are checked when its event is
/// prepared; these are the plan's.
pub fn check(
    content: &PlanContent,
    status: &Status,
    actor: Actor,
    action: Action,
    pending: bool,
) -> Result<(), PlanRefused> {
    let refuse = |m: &str| Err(PlanRefused::new(PlanField::Plan, m));
    if actor == Actor::Mentor {
        return refuse(
            "a mentor reads the plan and its checkpoints; the person and their manager act on it",
        );
    }
    match action {
        Action::Revise | Action::Withdraw => {
            if actor != Actor::Person {
                return refuse("only the person the plan is about changes or withdraws it");
            }
            if !matches!(status.state, PlanState::Draft | PlanState::Agreed) {
                return refuse(match status.state {
                    PlanState::Active => {
                        "the trial has started; it ends with a decision to stay, extend or return"
                    }
                    _ => "the plan has ended",
                });
            }
            if pending {
                return refuse("an admin is deciding on this plan's start; wait for the decision");
            }
            Ok(())
        }
        Action::Agree => {
            if status.state != PlanState::Draft {
                return refuse(match status.state {
                    PlanState::Agreed => "the plan is agreed already",
                    PlanState::Active => "the trial has started",
                    _ => "the plan has ended",
                });
            }
            let already = match actor {
                Actor::Person => status.person_agreed,
                _ => status.manager_agreed,
            };
            if already {
                return refuse("you agreed to this version already; the other party agrees next");
            }
            Ok(())
        }
        Action::Start => {
            if actor != Actor::Manager {
                return refuse("the manager starts the plan, once both agreed");
            }
            if status.state != PlanState::Agreed {
                return refuse(match status.state {
                    PlanState::Draft => {
                        "the plan starts once the person and their manager both agreed to it"
                    }
                    PlanState::Active => "the trial has started already",
                    _ => "the plan has ended",
                });
            }
            if pending {
                return refuse("the start is proposed already; an admin decides on it");
            }
            Ok(())
        }
        Action::End(_) => {
            if actor != Actor::Manager {
                return refuse("the manager records how the trial ends, with the person");
            }
            if status.state != PlanState::Active || !content.trial {
                return refuse("only a trial under way can be kept, extended or ended");
            }
            if pending {
                return refuse(
                    "a decision on this trial is proposed already; an admin decides on it",
                );
            }
            Ok(())
        }
        Action::Checkpoint => {
            if status.state != PlanState::Active {
                return refuse("checkpoints are recorded while the trial is under way");
            }
            Ok(())
        }
    }
}

/// A checkpoint of a trial: a day into it, or its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckpointAt {
    Day(u32),
    End,
}

impl CheckpointAt {
    /// As the API and the pages write it: the day's number, or `end`.
    pub fn as_string(self) -> String {
        match self {
            Self::Day(d) => d.to_string(),
            Self::End => "end".to_string(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "end" => Some(Self::End),
            d => d.parse().ok().map(Self::Day),
        }
    }

    pub fn label(self) -> String {
        match self {
            Self::Day(d) => format!("Day {d}"),
            Self::End => "End of the trial".to_string(),
        }
    }
}

/// One checkpoint of a trial, and when it falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub at: CheckpointAt,
    pub date: Date,
}

/// The checkpoints of a trial that started on `window.started`: the plan's days, then its
/// end (when the trial has a planned end), in date order. Days past the planned end are
/// left out: the end is the last checkpoint.
pub fn checkpoints(content: &PlanContent, window: TrialWindow) -> Vec<Due> {
    let mut due: Vec<Due> = content
        .checkpoint_days
        .iter()
        .filter_map(|&d| {
            let date = window
                .started
                .checked_add(time::Duration::days(i64::from(d)))?;
            match window.until {
                Some(until) if date >= until => None,
                _ => Some(Due {
                    at: CheckpointAt::Day(d),
                    date,
                }),
            }
        })
        .collect();
    if let Some(until) = window.until {
        due.push(Due {
            at: CheckpointAt::End,
            date: until,
        });
    }
    due
}

/// One party's record of a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointRecord {
    pub at: CheckpointAt,
    pub party: Party,
    /// One rating per criterion, by the criterion's competency.
    pub ratings: Vec<(CompetencyId, Rating)>,
    pub note: String,
}

impl CheckpointRecord {
    /// Checks a record against the plan: a checkpoint the trial has, a rating for each
    /// criterion and only for those, a bounded note.
    pub fn new(
        content: &PlanContent,
        window: TrialWindow,
        party: Party,
        at: &str,
        ratings: &[(String, String)],
        note: &str,
    ) -> Result<Self, PlanRefused> {
        let due = checkpoints(content, window);
        let at = CheckpointAt::parse(at)
            .filter(|a| due.iter().any(|d| d.at == *a))
            .ok_or_else(|| {
                let list: Vec<String> = due.iter().map(|d| d.at.as_string()).collect();
                PlanRefused::new(
                    PlanField::Plan,
                    format!(
                        "{} is not a checkpoint of this trial; its checkpoints are {}",
                        shown(at.trim()),
                        list.join(", ")
                    ),
                )
            })?;
        if ratings.len() > MAX_CRITERIA {
            return Err(PlanRefused::new(
                PlanField::Ratings,
                format!("at most {MAX_CRITERIA} ratings"),
            ));
        }
        let mut rated: Vec<(CompetencyId, Rating)> = Vec::new();
        for (competency, rating) in ratings {
            let Some(c) = content
                .criteria
                .iter()
                .find(|c| c.competency.as_str() == competency.trim())
            else {
                return Err(PlanRefused::new(
                    PlanField::Ratings,
                    format!(
                        "{} is not a criterion of this plan",
                        shown(competency.trim())
                    ),
                ));
            };
            if rated.iter().any(|(k, _)| *k == c.competency) {
                return Err(PlanRefused::new(
                    PlanField::Ratings,
                    format!("{} is rated twice", c.competency_name),
                ));
            }
            let Some(r) = Rating::parse(rating.trim()) else {
                return Err(PlanRefused::new(
                    PlanField::Ratings,
                    format!(
                        "rate {} as on-track, mixed or not-yet; {} is none of them",
                        c.competency_name,
                        shown(rating.trim())
                    ),
                ));
            };
            rated.push((c.competency.clone(), r));
        }
        if let Some(missing) = content
            .criteria
            .iter()
            .find(|c| !rated.iter().any(|(k, _)| *k == c.competency))
        {
            return Err(PlanRefused::new(
                PlanField::Ratings,
                format!("rate {} too", missing.competency_name),
            ));
        }
        rated.sort_by_key(|(k, _)| content.criteria.iter().position(|c| c.competency == *k));
        let note = text(PlanField::Note, note, "a note", MAX_NOTE_CHARS, false)?;
        Ok(Self {
            at,
            party,
            ratings: rated,
            note,
        })
    }
}

/// A bounded reason, as an extension, an end or a withdrawal gives it; `None` when empty.
pub fn reason(value: &str) -> Result<Option<String>, PlanRefused> {
    let value = text(
        PlanField::Reason,
        value,
        "a reason",
        MAX_REASON_CHARS,
        false,
    )?;
    Ok((!value.is_empty()).then_some(value))
}

#[cfg(test)]
mod tests;
