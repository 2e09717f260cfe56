//! The raw layer: the framework file exactly as written, with source positions.
//!
//! These types mirror the YAML format (see `docs/format.md`) field by field. They accept
//! anything shaped right and reject unknown keys, but they hold no meaning yet: ids may
//! dangle, bands may be inverted. [`crate::check`] turns them into the validated
//! [`crate::model`]. The JSON Schema printed by `pendulum framework schema` is generated
//! from these types.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::span::Sp;

/// Free-form data kept as is, so that importers lose nothing.
pub type Extra = IndexMap<String, serde_json::Value>;

/// One framework file, or one part of a framework directory.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Pendulum career framework")]
pub struct RawFramework {
    /// Format version of this file; `1`.
    pub format: Option<Sp<u32>>,
    /// The framework's name.
    pub name: Option<Sp<String>>,
    /// The framework's own version label, e.g. "2026.1".
    pub version: Option<Sp<String>>,
    /// Free text (Markdown).
    pub description: Option<Sp<String>>,
    /// Changes between versions, newest first.
    #[serde(default)]
    pub changelog: Vec<RawChangelogEntry>,
    /// Ordered grade ids, lowest first: the equivalence between tracks.
    #[serde(default)]
    pub grades: Vec<Sp<String>>,
    /// The rating scale used in assessments, lowest first.
    #[serde(default)]
    pub rating_scale: Vec<RawNamed>,
    /// Competency categories.
    #[serde(default)]
    pub categories: Vec<RawNamed>,
    #[serde(default)]
    pub competencies: Vec<RawCompetency>,
    #[serde(default)]
    pub decision_rights: Vec<RawDecisionRight>,
    /// Optional senior individual-contributor archetypes (tech lead, architect, …).
    #[serde(default)]
    pub archetypes: Vec<RawNamed>,
    /// Optional points scoring (Snowflake style).
    pub points: Option<Sp<RawPoints>>,
    #[serde(default)]
    pub tracks: Vec<RawTrack>,
    pub transitions: Option<Sp<RawTransitions>>,
    /// The questions asked before a move between tracks. Omitted: the built-in questions.
    pub reflection: Option<Sp<Vec<RawQuestion>>>,
    /// The energy-and-learning journal's settings. Omitted: the built-in kinds of work.
    pub journal: Option<Sp<RawJournal>>,
    /// Lint rules allowed (not reported) or denied (fail the run).
    pub lint: Option<Sp<RawLintPolicy>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChangelogEntry {
    pub version: Option<Sp<String>>,
    pub date: Option<Sp<String>>,
    pub notes: Option<Sp<String>>,
    #[serde(default)]
    pub extra: Extra,
}

/// An entity with an id, a name and a description (categories, ratings, archetypes, steps).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNamed {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub category: Option<Sp<String>>,
    /// Tracks that use this competency; empty means every track.
    #[serde(default)]
    pub tracks: Vec<Sp<String>>,
    pub description: Option<Sp<String>>,
    /// A shared definition this competency takes its name and description from.
    pub inherits: Option<Sp<String>>,
    /// Ordered steps, lowest first.
    #[serde(default)]
    pub scale: Vec<RawStep>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    /// Points scored for reaching this step.
    pub points: Option<Sp<u32>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDecisionRight {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    /// How much this right counts in parity totals.
    pub weight: Option<Sp<u32>>,
    /// Set when the right belongs to one track only; such rights are left out of parity.
    pub track: Option<Sp<String>>,
    /// Ordered authority steps, lowest first.
    #[serde(default)]
    pub scale: Vec<RawStep>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPoints {
    #[serde(default)]
    pub thresholds: Vec<RawThreshold>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawThreshold {
    pub points: Sp<u32>,
    pub label: Sp<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTrack {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// `individual-contributor`, `management` or `other`.
    pub kind: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    /// Ordered levels, lowest first.
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    /// Stable id: records of people name this, so it must not change between versions.
    pub id: Sp<String>,
    pub title: Option<Sp<String>>,
    /// Other titles used for this level.
    #[serde(default)]
    pub aliases: Vec<Sp<String>>,
    /// Ids this level had in earlier versions (or levels it takes over): records that name
    /// them belong here.
    #[serde(default)]
    pub renamed_from: Vec<Sp<String>>,
    pub summary: Option<Sp<String>>,
    pub scope: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub typical_months: Option<Sp<RawRange>>,
    /// At most one grade, from the framework's `grades`.
    pub grade: Option<Sp<String>>,
    #[serde(default)]
    pub archetypes: Vec<Sp<String>>,
    pub points: Option<Sp<RawRange>>,
    #[serde(default)]
    pub pay: Vec<Sp<RawPayBand>>,
    /// Decision right id -> step id on that right's scale.
    #[serde(default)]
    pub authority: IndexMap<String, Sp<String>>,
    #[serde(default)]
    pub expectations: Vec<RawExpectation>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub min: Option<Sp<u32>>,
    pub max: Option<Sp<u32>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPayBand {
    /// ISO 4217 currency code, e.g. GBP.
    pub currency: Sp<String>,
    pub min: Sp<u64>,
    pub mid: Option<Sp<u64>>,
    pub max: Sp<u64>,
    /// Marks illustrative figures.
    #[serde(default)]
    pub example: bool,
    pub description: Option<Sp<String>>,
    #[serde(default)]
    pub zones: Vec<Sp<RawPayZone>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPayZone {
    pub name: Sp<String>,
    pub min: Sp<u64>,
    pub max: Sp<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpectation {
    pub competency: Sp<String>,
    /// A step of the competency's scale that this level requires.
    pub step: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    #[serde(default)]
    pub criteria: Vec<Sp<String>>,
    #[serde(default)]
    pub examples: Vec<Sp<String>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTransitions {
    /// Default length of a management trial, in months.
    pub trial_months: Option<Sp<u32>>,
    #[serde(default)]
    pub allowed: Vec<Sp<RawMove>>,
    /// Management level id -> the individual-contributor level one returns to.
    #[serde(default)]
    pub return_paths: IndexMap<String, Sp<String>>,
    /// Days into a trial at which the person and their manager take stock, increasing; the
    /// end of the trial is always a checkpoint too. Omitted: 30, 60 and 90.
    pub checkpoints: Option<Sp<Vec<Sp<u32>>>>,
    /// How often a trial may be extended.
    pub extensions: Option<Sp<RawExtensions>>,
    /// The support a person gets when they move, per direction.
    pub onboarding: Option<Sp<RawOnboarding>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExtensions {
    /// How many times one trial may be extended, 0 to 12. Omitted: 1.
    #[schemars(range(max = 12))]
    pub max: Option<Sp<u32>>,
    /// Whether an extension must give a reason. Omitted: true.
    pub reason_required: Option<Sp<bool>>,
}

/// An onboarding checklist per direction of a move. A direction omitted gets the built-in
/// checklist.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOnboarding {
    #[serde(rename = "to-management")]
    pub to_management: Option<Sp<Vec<RawChecklistItem>>>,
    #[serde(rename = "to-ic")]
    pub to_ic: Option<Sp<Vec<RawChecklistItem>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChecklistItem {
    pub id: Sp<String>,
    pub text: Option<Sp<String>>,
    #[serde(default)]
    pub extra: Extra,
}

/// A question of the reflection.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Sp<String>,
    /// The question as the person reads it.
    pub text: Option<Sp<String>>,
    /// A line that helps to answer it.
    pub hint: Option<Sp<String>>,
    /// The moves it is asked for: `to-management`, `to-ic` or `any` (the default).
    #[schemars(extend("enum" = ["to-management", "to-ic", "any"]))]
    pub direction: Option<Sp<String>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawJournal {
    /// The kinds of work an entry can name. Omitted: the built-in kinds.
    pub kinds: Option<Sp<Vec<RawWorkKind>>>,
}

/// A kind of work a journal entry can name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWorkKind {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// Whether it is hands-on technical work. Omitted: false.
    pub hands_on: Option<Sp<bool>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMove {
    pub from: Sp<String>,
    pub to: Sp<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLintPolicy {
    #[serde(default)]
    pub allow: Vec<Sp<String>>,
    #[serde(default)]
    pub deny: Vec<Sp<String>>,
}
