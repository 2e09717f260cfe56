//! The validated model: what the rest of Pendulum works with.
//!
//! A [`Framework`] is only ever built by [`crate::check`] (from a file) or by an importer
//! whose output is checked before it is written, so every reference in it resolves: a
//! level's grade is in `grades`, an expectation's step is in its competency's scale, a
//! return path names an individual-contributor level. Serialising a `Framework` writes the
//! file format back (see `docs/format.md`).

use std::sync::LazyLock;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::builtin;
use crate::ids::*;
use crate::span::Pos;

/// Free-form data kept as is.
pub type Extra = IndexMap<String, serde_json::Value>;

/// Where an entity was read from. Not part of an entity's identity: two frameworks that
/// differ only in layout compare equal.
#[derive(Clone, Copy, Debug, Default)]
pub struct Origin(pub Pos);

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Framework {
    pub format: u32,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<ChangelogEntry>,
    /// Lowest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<GradeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rating_scale: Vec<Named<RatingId>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Named<CategoryId>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<Competency>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decision_rights: Vec<DecisionRight>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub archetypes: Vec<Named<ArchetypeId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsScoring>,
    pub tracks: Vec<Track>,
    #[serde(skip_serializing_if = "Transitions::is_empty")]
    pub transitions: Transitions,
    /// The questions asked before a move; `None` when the file leaves them to the built-in
    /// set. Read them with [`Framework::reflection_questions`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection: Option<Vec<ReflectionQuestion>>,
    #[serde(skip_serializing_if = "Journal::is_empty")]
    pub journal: Journal,
    #[serde(skip_serializing_if = "LintPolicy::is_empty")]
    pub lint: LintPolicy,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChangelogEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
}

/// An entity with an id, a name and an optional description.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named<I> {
    pub id: I,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Competency {
    pub id: CompetencyId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
    /// Empty means every track.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<TrackId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherits: Option<CompetencyId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Step>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

impl Competency {
    /// Whether `track` uses this competency.
    pub fn used_by(&self, track: &TrackId) -> bool {
        self.tracks.is_empty() || self.tracks.contains(track)
    }

    /// Position of `step` in the scale (0 = lowest).
    pub fn step_rank(&self, step: &StepId) -> Option<usize> {
        self.scale.iter().position(|s| &s.id == step)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub id: StepId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionRight {
    pub id: RightId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub weight: u32,
    /// A right specific to one track; left out of parity totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<TrackId>,
    pub scale: Vec<Step>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

impl DecisionRight {
    pub fn step_rank(&self, step: &StepId) -> Option<usize> {
        self.scale.iter().position(|s| &s.id == step)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointsScoring {
    pub thresholds: Vec<Threshold>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threshold {
    pub points: u32,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrackKind {
    IndividualContributor,
    Management,
    Other,
}

impl TrackKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "individual-contributor" | "ic" => Some(Self::IndividualContributor),
            "management" => Some(Self::Management),
            "other" => Some(Self::Other),
            _ => None,
        }
    }

    /// A label for people, never a ranking.
    pub fn label(self) -> &'static str {
        match self {
            Self::IndividualContributor => "individual contributor",
            Self::Management => "management",
            Self::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Track {
    pub id: TrackId,
    pub name: String,
    pub kind: TrackKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Lowest first; never empty.
    pub levels: Vec<Level>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Level {
    pub id: LevelId,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Level ids of earlier versions that this level takes over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<LevelId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_months: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub archetypes: Vec<ArchetypeId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Range>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pay: Vec<PayBand>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub authority: IndexMap<RightId, StepId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<Expectation>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

impl Level {
    /// A level with only an id and a title; importers and tests fill in the rest.
    pub fn new(id: LevelId, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            aliases: Vec::new(),
            renamed_from: Vec::new(),
            summary: None,
            scope: None,
            description: None,
            typical_months: None,
            grade: None,
            archetypes: Vec::new(),
            points: None,
            pay: Vec::new(),
            authority: IndexMap::new(),
            expectations: Vec::new(),
            extra: Extra::new(),
            origin: Origin::default(),
        }
    }

    pub fn expectation(&self, competency: &CompetencyId) -> Option<&Expectation> {
        self.expectations
            .iter()
            .find(|e| &e.competency == competency)
    }

    pub fn band(&self, currency: &Currency) -> Option<&PayBand> {
        self.pay.iter().find(|b| &b.currency == currency)
    }
}

/// An inclusive range; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// A pay band in whole units of its currency. `min <= mid <= max` holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PayBand {
    pub currency: Currency,
    pub min: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mid: Option<u64>,
    pub max: u64,
    #[serde(skip_serializing_if = "is_false")]
    pub example: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<PayZone>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

impl PayBand {
    /// The stated midpoint, or the middle of the band.
    pub fn midpoint(&self) -> u64 {
        self.mid.unwrap_or(self.min + (self.max - self.min) / 2)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PayZone {
    pub name: String,
    pub min: u64,
    pub max: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expectation {
    pub competency: CompetencyId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<StepId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Transitions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trial_months: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<Move>,
    /// Management level -> the individual-contributor level one returns to.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub return_paths: IndexMap<LevelId, LevelId>,
    /// Days into a trial, strictly increasing; `None` leaves them to the built-in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<Vec<u32>>,
    #[serde(skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
    #[serde(skip_serializing_if = "Onboarding::is_empty")]
    pub onboarding: Onboarding,
}

impl Transitions {
    pub fn is_empty(&self) -> bool {
        self.trial_months.is_none()
            && self.allowed.is_empty()
            && self.return_paths.is_empty()
            && self.checkpoints.is_none()
            && self.extensions.is_empty()
            && self.onboarding.is_empty()
    }
}

/// How often a trial may be extended, as written; `None` leaves a value to the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Extensions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_required: Option<bool>,
}

impl Extensions {
    pub fn is_empty(&self) -> bool {
        self.max.is_none() && self.reason_required.is_none()
    }
}

/// The onboarding checklists as written; a direction left `None` gets the built-in one.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Onboarding {
    #[serde(rename = "to-management", skip_serializing_if = "Option::is_none")]
    pub to_management: Option<Vec<ChecklistItem>>,
    #[serde(rename = "to-ic", skip_serializing_if = "Option::is_none")]
    pub to_ic: Option<Vec<ChecklistItem>>,
}

impl Onboarding {
    pub fn is_empty(&self) -> bool {
        self.to_management.is_none() && self.to_ic.is_none()
    }

    /// The checklist written for `direction`, if the file writes one.
    pub fn written(&self, direction: Direction) -> Option<&[ChecklistItem]> {
        match direction {
            Direction::ToManagement => self.to_management.as_deref(),
            Direction::ToIc => self.to_ic.as_deref(),
        }
    }
}

/// An item of an onboarding checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub id: ChecklistItemId,
    pub text: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

/// The direction of a move between tracks: towards management, or towards individual
/// contribution. Neither is up or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    ToManagement,
    ToIc,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::ToManagement, Direction::ToIc];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "to-management" => Some(Self::ToManagement),
            "to-ic" => Some(Self::ToIc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToManagement => "to-management",
            Self::ToIc => "to-ic",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ToManagement => "towards management",
            Self::ToIc => "towards individual contribution",
        }
    }
}

/// The moves a reflection question is asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionDirection {
    ToManagement,
    ToIc,
    #[default]
    Any,
}

impl QuestionDirection {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "any" => Some(Self::Any),
            other => Direction::parse(other).map(Self::from),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToManagement => "to-management",
            Self::ToIc => "to-ic",
            Self::Any => "any",
        }
    }

    /// Whether a question with this direction is asked before a move in `direction`.
    pub fn applies_to(self, direction: Direction) -> bool {
        self == Self::Any || self == Self::from(direction)
    }
}

impl From<Direction> for QuestionDirection {
    fn from(d: Direction) -> Self {
        match d {
            Direction::ToManagement => Self::ToManagement,
            Direction::ToIc => Self::ToIc,
        }
    }
}

/// A question of the reflection asked before a move.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReflectionQuestion {
    pub id: QuestionId,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub direction: QuestionDirection,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

/// The journal's settings as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Journal {
    /// `None` leaves the kinds of work to the built-in set; read them with
    /// [`Framework::journal_kinds`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<WorkKind>>,
}

impl Journal {
    pub fn is_empty(&self) -> bool {
        self.kinds.is_none()
    }
}

/// A kind of work a journal entry can name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkKind {
    pub id: WorkKindId,
    pub name: String,
    pub hands_on: bool,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extra: Extra,
    #[serde(skip)]
    pub origin: Origin,
}

/// Trial length when the framework does not set `transitions.trial_months`.
pub const DEFAULT_TRIAL_MONTHS: u32 = 6;
/// Checkpoint days when the framework does not set `transitions.checkpoints`.
pub const DEFAULT_CHECKPOINTS: [u32; 3] = [30, 60, 90];
/// Extensions a trial may have when the framework does not set `transitions.extensions.max`.
pub const DEFAULT_MAX_EXTENSIONS: u32 = 1;
/// The most extensions a framework may allow.
pub const MAX_EXTENSIONS_LIMIT: u32 = 12;
/// Checkpoint days must fall within the trial: `trial_months` times this many days.
pub const DAYS_PER_TRIAL_MONTH: u32 = 31;

/// The trial policy with every default applied: what plans and trials follow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransitionPolicy<'a> {
    pub trial_months: u32,
    /// Days into a trial, strictly increasing. The end of the trial is a checkpoint too and
    /// is not listed.
    pub checkpoints: &'a [u32],
    pub max_extensions: u32,
    pub extension_reason_required: bool,
    pub onboarding_to_management: &'a [ChecklistItem],
    pub onboarding_to_ic: &'a [ChecklistItem],
}

impl<'a> TransitionPolicy<'a> {
    /// The onboarding checklist for a move in `direction`.
    pub fn onboarding(&self, direction: Direction) -> &'a [ChecklistItem] {
        match direction {
            Direction::ToManagement => self.onboarding_to_management,
            Direction::ToIc => self.onboarding_to_ic,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub from: TrackId,
    pub to: TrackId,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LintPolicy {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
}

impl LintPolicy {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }
}

// ---------------------------------------------------------------------------------------
// The built-in policy, from the tables in `builtin.rs`

static DEFAULT_REFLECTION: LazyLock<Vec<ReflectionQuestion>> = LazyLock::new(|| {
    builtin::REFLECTION
        .iter()
        .map(|(id, direction, text, hint)| ReflectionQuestion {
            id: QuestionId::new(*id).expect("built-in ids are valid"),
            text: (*text).to_string(),
            hint: Some((*hint).to_string()),
            direction: QuestionDirection::parse(direction).expect("built-in directions are valid"),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
});

fn checklist(items: &[(&str, &str)]) -> Vec<ChecklistItem> {
    items
        .iter()
        .map(|(id, text)| ChecklistItem {
            id: ChecklistItemId::new(*id).expect("built-in ids are valid"),
            text: (*text).to_string(),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
}

static DEFAULT_ONBOARDING_TO_MANAGEMENT: LazyLock<Vec<ChecklistItem>> =
    LazyLock::new(|| checklist(builtin::ONBOARDING_TO_MANAGEMENT));
static DEFAULT_ONBOARDING_TO_IC: LazyLock<Vec<ChecklistItem>> =
    LazyLock::new(|| checklist(builtin::ONBOARDING_TO_IC));

static DEFAULT_JOURNAL_KINDS: LazyLock<Vec<WorkKind>> = LazyLock::new(|| {
    builtin::JOURNAL_KINDS
        .iter()
        .map(|(id, name, hands_on)| WorkKind {
            id: WorkKindId::new(*id).expect("built-in ids are valid"),
            name: (*name).to_string(),
            hands_on: *hands_on,
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
});

/// The reflection questions a framework gets when it has no `reflection`.
pub fn default_reflection() -> &'static [ReflectionQuestion] {
    &DEFAULT_REFLECTION
}

/// The onboarding checklist a framework gets for a direction it leaves out.
pub fn default_onboarding(direction: Direction) -> &'static [ChecklistItem] {
    match direction {
        Direction::ToManagement => &DEFAULT_ONBOARDING_TO_MANAGEMENT,
        Direction::ToIc => &DEFAULT_ONBOARDING_TO_IC,
    }
}

/// The kinds of work a framework gets when it has no `journal.kinds`.
pub fn default_journal_kinds() -> &'static [WorkKind] {
    &DEFAULT_JOURNAL_KINDS
}

impl Framework {
    /// An empty framework with a name; importers fill it in.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: 1,
            name: name.into(),
            version: None,
            description: None,
            changelog: Vec::new(),
            grades: Vec::new(),
            rating_scale: Vec::new(),
            categories: Vec::new(),
            competencies: Vec::new(),
            decision_rights: Vec::new(),
            archetypes: Vec::new(),
            points: None,
            tracks: Vec::new(),
            transitions: Transitions::default(),
            reflection: None,
            journal: Journal::default(),
            lint: LintPolicy::default(),
            extra: Extra::new(),
            origin: Origin::default(),
        }
    }

    pub fn track(&self, id: &TrackId) -> Option<&Track> {
        self.tracks.iter().find(|t| &t.id == id)
    }

    pub fn competency(&self, id: &CompetencyId) -> Option<&Competency> {
        self.competencies.iter().find(|c| &c.id == id)
    }

    pub fn right(&self, id: &RightId) -> Option<&DecisionRight> {
        self.decision_rights.iter().find(|r| &r.id == id)
    }

    /// The level with this id and the track holding it.
    pub fn level(&self, id: &LevelId) -> Option<(&Track, &Level)> {
        self.tracks
            .iter()
            .find_map(|t| t.levels.iter().find(|l| &l.id == id).map(|l| (t, l)))
    }

    /// Position of `grade` in `grades` (0 = lowest).
    pub fn grade_rank(&self, grade: &GradeId) -> Option<usize> {
        self.grades.iter().position(|g| g == grade)
    }

    /// Levels of all tracks, with their track.
    pub fn levels(&self) -> impl Iterator<Item = (&Track, &Level)> {
        self.tracks
            .iter()
            .flat_map(|t| t.levels.iter().map(move |l| (t, l)))
    }

    /// Weighted authority total of a level over the rights that count for parity (those
    /// not specific to one track).
    pub fn authority_total(&self, level: &Level) -> u64 {
        self.decision_rights
            .iter()
            .filter(|r| r.track.is_none())
            .filter_map(|r| {
                let step = level.authority.get(&r.id)?;
                Some(u64::from(r.weight) * r.step_rank(step)? as u64)
            })
            .sum()
    }

    /// Every reflection question, in order (the built-in set when the file has none).
    pub fn reflection(&self) -> &[ReflectionQuestion] {
        self.reflection
            .as_deref()
            .unwrap_or_else(|| default_reflection())
    }

    /// The reflection questions asked before a move in `direction`, in order: those for
    /// that direction and those for any.
    pub fn reflection_questions(&self, direction: Direction) -> Vec<&ReflectionQuestion> {
        self.reflection()
            .iter()
            .filter(|q| q.direction.applies_to(direction))
            .collect()
    }

    /// The trial policy, with the built-in default for everything the file leaves out.
    pub fn transition_policy(&self) -> TransitionPolicy<'_> {
        let t = &self.transitions;
        TransitionPolicy {
            trial_months: t.trial_months.unwrap_or(DEFAULT_TRIAL_MONTHS),
            checkpoints: t.checkpoints.as_deref().unwrap_or(&DEFAULT_CHECKPOINTS),
            max_extensions: t.extensions.max.unwrap_or(DEFAULT_MAX_EXTENSIONS),
            extension_reason_required: t.extensions.reason_required.unwrap_or(true),
            onboarding_to_management: t
                .onboarding
                .to_management
                .as_deref()
                .unwrap_or_else(|| default_onboarding(Direction::ToManagement)),
            onboarding_to_ic: t
                .onboarding
                .to_ic
                .as_deref()
                .unwrap_or_else(|| default_onboarding(Direction::ToIc)),
        }
    }

    /// The kinds of work a journal entry can name (the built-in kinds when the file has
    /// none).
    pub fn journal_kinds(&self) -> &[WorkKind] {
        self.journal
            .kinds
            .as_deref()
            .unwrap_or_else(|| default_journal_kinds())
    }

    /// The kind of work with this id.
    pub fn journal_kind(&self, id: &WorkKindId) -> Option<&WorkKind> {
        self.journal_kinds().iter().find(|k| &k.id == id)
    }

    /// Serialises to the YAML file format.
    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(self).expect("a framework always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "name: Minimal\ntracks:\n  - id: ic\n    kind: individual-contributor\n    levels:\n      - { id: ic-1, title: Engineer }\n";

    fn checked(yaml: &str) -> Framework {
        match crate::check_str("f.yaml", yaml) {
            Ok(c) => c.framework,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_framework_without_policy_gets_the_built_in_defaults() {
        let fw = checked(MINIMAL);
        assert_eq!(fw.reflection, None);
        assert_eq!(fw.reflection(), default_reflection());
        let policy = fw.transition_policy();
        assert_eq!(policy.trial_months, 6);
        assert_eq!(policy.checkpoints, [30, 60, 90]);
        assert_eq!(policy.max_extensions, 1);
        assert!(policy.extension_reason_required);
        assert_eq!(
            policy.onboarding(Direction::ToManagement)[0].id.as_str(),
            "training"
        );
        assert_eq!(
            policy.onboarding(Direction::ToIc)[0].id.as_str(),
            "technical-area"
        );
        assert_eq!(fw.journal_kinds().len(), 12);
        let building = fw
            .journal_kind(&WorkKindId::new("building").unwrap())
            .expect("a built-in kind");
        assert!(building.hands_on);
        // Nothing of the defaults is written back: the file stays as short as it was.
        let yaml = fw.to_yaml();
        assert!(
            !yaml.contains("reflection") && !yaml.contains("journal"),
            "{yaml}"
        );
    }

    #[test]
    fn what_a_framework_writes_replaces_the_defaults_part_by_part() {
        let fw = checked(&format!(
            "{MINIMAL}transitions:\n  trial_months: 3\n  checkpoints: [14, 45]\n  extensions: {{ max: 2 }}\n  onboarding:\n    to-ic:\n      - {{ id: buddy, text: A buddy in the team }}\nreflection:\n  - {{ id: why, text: Why?, direction: to-management }}\n  - {{ id: joy, text: What brings you joy?, hint: Anything. }}\n  - {{ id: back, text: What do you bring back?, direction: to-ic }}\njournal:\n  kinds:\n    - {{ id: coding, name: Coding, hands_on: true }}\n    - {{ id: talks, name: Talks }}\n"
        ));
        let policy = fw.transition_policy();
        assert_eq!(policy.trial_months, 3);
        assert_eq!(policy.checkpoints, [14, 45]);
        assert_eq!(policy.max_extensions, 2);
        // Set separately: the reason stays required by default.
        assert!(policy.extension_reason_required);
        let ic: Vec<&str> = policy
            .onboarding(Direction::ToIc)
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(ic, ["A buddy in the team"]);
        // The direction the file leaves out keeps the built-in checklist.
        assert_eq!(
            policy.onboarding(Direction::ToManagement),
            default_onboarding(Direction::ToManagement)
        );
        let ids = |d| {
            fw.reflection_questions(d)
                .iter()
                .map(|q| q.id.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Direction::ToManagement), ["why", "joy"]);
        assert_eq!(ids(Direction::ToIc), ["joy", "back"]);
        assert_eq!(fw.reflection()[1].hint.as_deref(), Some("Anything."));
        assert_eq!(fw.reflection()[1].direction, QuestionDirection::Any);
        let kinds: Vec<(&str, bool)> = fw
            .journal_kinds()
            .iter()
            .map(|k| (k.id.as_str(), k.hands_on))
            .collect();
        assert_eq!(kinds, [("coding", true), ("talks", false)]);
        // And it survives the trip back to YAML.
        assert_eq!(checked(&fw.to_yaml()), fw);
    }

    #[test]
    fn an_empty_list_is_an_explicit_choice_not_a_default() {
        let fw = checked(&format!(
            "{MINIMAL}transitions:\n  checkpoints: []\nreflection: []\n"
        ));
        assert!(fw.transition_policy().checkpoints.is_empty());
        assert!(fw.reflection_questions(Direction::ToIc).is_empty());
    }

    #[test]
    fn directions_parse_their_file_names_only() {
        for d in Direction::ALL {
            assert_eq!(Direction::parse(d.as_str()), Some(d));
            assert!(QuestionDirection::from(d).applies_to(d));
        }
        assert_eq!(Direction::parse("any"), None);
        assert_eq!(
            QuestionDirection::parse("any"),
            Some(QuestionDirection::Any)
        );
        assert_eq!(QuestionDirection::parse("up"), None);
        assert!(!QuestionDirection::ToIc.applies_to(Direction::ToManagement));
        assert!(QuestionDirection::Any.applies_to(Direction::ToManagement));
    }
}
