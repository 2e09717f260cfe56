//! The validated model: what the rest of Pendulum works with.
//!
//! A [`Framework`] is only ever built by [`crate::check`] (from a file) or by an importer
//! whose output is checked before it is written, so every reference in it resolves: a
//! level's grade is in `grades`, an expectation's step is in its competency's scale, a
//! return path names an individual-contributor level. Serialising a `Framework` writes the
//! file format back (see `docs/format.md`).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

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
}

impl Transitions {
    pub fn is_empty(&self) -> bool {
        self.trial_months.is_none() && self.allowed.is_empty() && self.return_paths.is_empty()
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

    /// Serialises to the YAML file format.
    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(self).expect("a framework always serialises")
    }
}
