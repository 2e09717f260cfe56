//! `diff`: what changed between two versions of a framework, structurally.
//!
//! Identity is by id: a level whose id stays the same is the same level even when its
//! title, grade or track changes, and a level whose id changes is one level removed and
//! another added. That is the identity records use (assessments and role histories name
//! stable level ids), so the diff also lists every removed level and whether the new
//! version says where records at it belong. A new level says so with
//! `renamed_from: [<old level id>, …]`; a removed level that nothing maps is reported as
//! unmapped.
//!
//! The diff reports every difference the model can hold, so [`Diff::is_empty`] means the
//! two versions are the same framework. It never ranks a move between tracks: a level that
//! moves to another track, or a return path that changes, is a change, nothing more.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::format;
use crate::ids::*;
use crate::model::*;

/// A value before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

impl<T: PartialEq + Clone> Change<T> {
    /// `Some` when the two differ.
    fn of(old: &T, new: &T) -> Option<Self> {
        (old != new).then(|| Self {
            old: old.clone(),
            new: new.clone(),
        })
    }
}

/// What happened to an entity identified by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

impl Status {
    fn marker(self) -> char {
        match self {
            Self::Added => '+',
            Self::Removed => '-',
            Self::Changed => '~',
        }
    }
}

/// Which framework a diff compares: names and version labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Version {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Version {
    fn of(fw: &Framework) -> Self {
        Self {
            name: fw.name.clone(),
            version: fw.version.clone(),
        }
    }

    fn label(&self) -> String {
        match &self.version {
            Some(v) => format!("{} {v}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Keys of an `extra` map that were added, removed or changed (key order has no meaning).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExtraDiff {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
}

impl ExtraDiff {
    fn of(old: &Extra, new: &Extra) -> Option<Self> {
        let d = Self {
            added: new
                .keys()
                .filter(|k| !old.contains_key(*k))
                .cloned()
                .collect(),
            removed: old
                .keys()
                .filter(|k| !new.contains_key(*k))
                .cloned()
                .collect(),
            changed: new
                .iter()
                .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
                .map(|(k, _)| k.clone())
                .collect(),
        };
        (!d.added.is_empty() || !d.removed.is_empty() || !d.changed.is_empty()).then_some(d)
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        parts.extend(self.added.iter().map(|k| format!("+{k}")));
        parts.extend(self.removed.iter().map(|k| format!("-{k}")));
        parts.extend(self.changed.iter().map(|k| format!("~{k}")));
        parts.join(", ")
    }
}

/// Framework-wide fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MetadataDiff {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Change<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changelog_added: Vec<ChangelogEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changelog_removed: Vec<ChangelogEntry>,
    /// Entries kept but put in another order.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub changelog_reordered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Change<Option<PointsScoring>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<Change<LintPolicy>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

impl MetadataDiff {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The grade list: grades added, removed, or kept in another order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GradesDiff {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<GradeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<GradeId>,
    /// The whole list before and after, when grades in both were reordered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reordered: Option<Change<Vec<GradeId>>>,
}

impl GradesDiff {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An entry of the rating scale, a category or an archetype.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NamedDiff<I> {
    pub id: I,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// A list of named entities. Order matters for the rating scale (lowest first) and decides
/// the order of pages and tables for the others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NamedListDiff<I> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<NamedDiff<I>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reordered: Option<Change<Vec<I>>>,
}

impl<I> Default for NamedListDiff<I> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            reordered: None,
        }
    }
}

impl<I> NamedListDiff<I> {
    fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.reordered.is_none()
    }
}

/// A step of a competency's or a decision right's scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepDiff {
    pub id: StepId,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Change<Option<u32>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// A scale: steps added, removed or changed, and the order when steps in both moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScaleDiff {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reordered: Option<Change<Vec<StepId>>>,
}

impl ScaleDiff {
    fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.reordered.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompetencyDiff {
    pub id: CompetencyId,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Change<Option<CategoryId>>>,
    /// The tracks using it (empty means every track).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracks: Option<Change<Vec<TrackId>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherits: Option<Change<Option<CompetencyId>>>,
    #[serde(skip_serializing_if = "ScaleDiff::is_empty")]
    pub scale: ScaleDiff,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RightDiff {
    pub id: RightId,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Change<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<Change<Option<TrackId>>>,
    #[serde(skip_serializing_if = "ScaleDiff::is_empty")]
    pub scale: ScaleDiff,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackDiff {
    pub id: TrackId,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Change<TrackKind>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    /// The track's level ids before and after, when levels on it in both were reordered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reordered: Option<Change<Vec<LevelId>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// A level. Added and removed levels carry only their identity; a changed level carries
/// every field that differs. A level that moved to another track is listed under its new
/// track.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelDiff {
    pub id: LevelId,
    pub status: Status,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeId>,
    /// The track it belonged to before and belongs to now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<Change<TrackId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retitled: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regraded: Option<Change<Option<GradeId>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Change<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<Change<Vec<LevelId>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_months: Option<Change<Option<Range>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archetypes: Option<Change<Vec<ArchetypeId>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Change<Option<Range>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pay: Vec<PayDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authority: Vec<AuthorityDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<ExpectationDiff>,
    /// Order of the expectations changed with no expectation changing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expectations_reordered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

impl LevelDiff {
    /// Whether any field of a level present in both versions differs.
    fn has_changes(&self) -> bool {
        self.moved.is_some()
            || self.retitled.is_some()
            || self.regraded.is_some()
            || self.aliases.is_some()
            || self.renamed_from.is_some()
            || self.summary.is_some()
            || self.scope.is_some()
            || self.description.is_some()
            || self.typical_months.is_some()
            || self.archetypes.is_some()
            || self.points.is_some()
            || !self.pay.is_empty()
            || !self.authority.is_empty()
            || !self.expectations.is_empty()
            || self.expectations_reordered
            || self.extra.is_some()
    }
}

/// A pay band in one currency: `old` is absent for a new band, `new` for a dropped one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PayDiff {
    pub currency: Currency,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<PayBand>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<PayBand>,
}

/// A level's step on one decision right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuthorityDiff {
    pub right: RightId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<StepId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<StepId>,
}

/// A level's expectation for one competency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpectationDiff {
    pub competency: CompetencyId,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Change<Option<StepId>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria_added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria_removed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples_added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples_removed: Vec<String>,
    /// The same criteria or examples in another order.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// One management level's return path: `old` absent when added, `new` absent when dropped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReturnPathDiff {
    pub level: LevelId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<LevelId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<LevelId>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TransitionsDiff {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trial_months: Option<Change<Option<u32>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_added: Vec<Move>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_removed: Vec<Move>,
    /// The same allowed moves in another order.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allowed_reordered: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub return_paths: Vec<ReturnPathDiff>,
    /// Checkpoint days in effect (the built-in days when a file sets none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<Change<Vec<u32>>>,
    /// How many extensions a trial may have, in effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_extensions: Option<Change<u32>>,
    /// Whether an extension needs a reason, in effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_reason_required: Option<Change<bool>>,
    /// Onboarding items added, removed or reworded, per direction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub onboarding: Vec<ChecklistItemDiff>,
    /// Directions whose checklist kept its items in another order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub onboarding_reordered: Vec<Direction>,
}

/// An item of an onboarding checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItemDiff {
    pub direction: Direction,
    pub id: ChecklistItemId,
    pub status: Status,
    /// The item's text (the old one when removed).
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reworded: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// A reflection question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionDiff {
    pub id: QuestionId,
    pub status: Status,
    /// The question's text (the old one when removed).
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reworded: Option<Change<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Change<QuestionDirection>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

/// A kind of work a journal entry can name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkKindDiff {
    pub id: WorkKindId,
    pub status: Status,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Change<String>>,
    /// Whether it is hands-on work (the old value when removed).
    pub hands_on: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hands_on_changed: Option<Change<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraDiff>,
}

impl TransitionsDiff {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A level of the old version that the new one no longer has. Records made at it still
/// name its id, so they need a level to move to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemovedLevel {
    pub id: LevelId,
    pub title: String,
    pub track: TrackId,
    /// The new level whose `renamed_from` names this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapped_to: Option<LevelId>,
    /// For an unmapped level: a new level that looks like its successor (same title, an
    /// alias equal to its title, or the only new level at its grade on its track). A hint
    /// for the author, never applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likely_successor: Option<LevelId>,
}

/// Everything that changed between two versions of a framework.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub from: Version,
    pub to: Version,
    #[serde(skip_serializing_if = "MetadataDiff::is_empty")]
    pub metadata: MetadataDiff,
    #[serde(skip_serializing_if = "GradesDiff::is_empty")]
    pub grades: GradesDiff,
    #[serde(skip_serializing_if = "NamedListDiff::is_empty")]
    pub rating_scale: NamedListDiff<RatingId>,
    #[serde(skip_serializing_if = "NamedListDiff::is_empty")]
    pub categories: NamedListDiff<CategoryId>,
    #[serde(skip_serializing_if = "NamedListDiff::is_empty")]
    pub archetypes: NamedListDiff<ArchetypeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<CompetencyDiff>,
    /// Competency ids before and after, when competencies in both were reordered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competencies_reordered: Option<Change<Vec<CompetencyId>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decision_rights: Vec<RightDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_rights_reordered: Option<Change<Vec<RightId>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<TrackDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracks_reordered: Option<Change<Vec<TrackId>>>,
    #[serde(skip_serializing_if = "TransitionsDiff::is_empty")]
    pub transitions: TransitionsDiff,
    /// The reflection questions in effect (the built-in ones when a file has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reflection: Vec<QuestionDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection_reordered: Option<Change<Vec<QuestionId>>>,
    /// The journal's kinds of work in effect (the built-in ones when a file has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub journal_kinds: Vec<WorkKindDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_kinds_reordered: Option<Change<Vec<WorkKindId>>>,
    /// Every removed level, in the old version's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_levels: Vec<RemovedLevel>,
}

/// Compares two versions of a framework.
pub fn diff(old: &Framework, new: &Framework) -> Diff {
    Diff {
        from: Version::of(old),
        to: Version::of(new),
        metadata: metadata(old, new),
        grades: grades(&old.grades, &new.grades),
        rating_scale: named_list(&old.rating_scale, &new.rating_scale),
        categories: named_list(&old.categories, &new.categories),
        archetypes: named_list(&old.archetypes, &new.archetypes),
        competencies: competencies(old, new),
        competencies_reordered: reordered(&old.competencies, &new.competencies, |c| &c.id),
        decision_rights: decision_rights(old, new),
        decision_rights_reordered: reordered(&old.decision_rights, &new.decision_rights, |r| &r.id),
        tracks: tracks(old, new),
        tracks_reordered: reordered(&old.tracks, &new.tracks, |t| &t.id),
        transitions: transitions(old, new),
        reflection: reflection(old.reflection(), new.reflection()),
        reflection_reordered: reordered(old.reflection(), new.reflection(), |q| &q.id),
        journal_kinds: journal_kinds(old.journal_kinds(), new.journal_kinds()),
        journal_kinds_reordered: reordered(old.journal_kinds(), new.journal_kinds(), |k| &k.id),
        removed_levels: removed_levels(old, new),
    }
}

impl Diff {
    /// True when the two versions are the same framework.
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty()
            && self.grades.is_empty()
            && self.rating_scale.is_empty()
            && self.categories.is_empty()
            && self.archetypes.is_empty()
            && self.competencies.is_empty()
            && self.competencies_reordered.is_none()
            && self.decision_rights.is_empty()
            && self.decision_rights_reordered.is_none()
            && self.tracks.is_empty()
            && self.tracks_reordered.is_none()
            && self.transitions.is_empty()
            && self.reflection.is_empty()
            && self.reflection_reordered.is_none()
            && self.journal_kinds.is_empty()
            && self.journal_kinds_reordered.is_none()
            && self.removed_levels.is_empty()
    }

    /// Removed levels that no new level replaces: records at them have nowhere to go
    /// until the author says where.
    pub fn unmapped_removed_levels(&self) -> impl Iterator<Item = &RemovedLevel> {
        self.removed_levels.iter().filter(|l| l.mapped_to.is_none())
    }

    /// A changelog-like text: one section per area, `+` added, `-` removed, `~` changed.
    pub fn render_human(&self) -> String {
        Human::default().diff(self)
    }
}

// ---------------------------------------------------------------------------------------
// Comparison

/// Entities of two lists paired by id: those in the new list in its order, then those
/// only in the old list in theirs.
enum Pair<'a, T> {
    Added(&'a T),
    Removed(&'a T),
    Both(&'a T, &'a T),
}

impl<'a, T> Pair<'a, T> {
    /// The status, the old version when the entity is in both, and the version to show
    /// (the new one, or the old one when removed).
    fn parts(self) -> (Status, Option<&'a T>, &'a T) {
        match self {
            Pair::Added(n) => (Status::Added, None, n),
            Pair::Removed(o) => (Status::Removed, None, o),
            Pair::Both(o, n) => (Status::Changed, Some(o), n),
        }
    }
}

fn pair<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &K,
) -> Vec<Pair<'a, T>> {
    let mut out: Vec<Pair<'a, T>> = new
        .iter()
        .map(|n| match old.iter().find(|o| key(o) == key(n)) {
            Some(o) => Pair::Both(o, n),
            None => Pair::Added(n),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|n| key(n) == key(o)))
            .map(Pair::Removed),
    );
    out
}

/// The full id lists, when the ids present in both appear in another relative order.
fn reordered<T, K: PartialEq + Clone>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> &K,
) -> Option<Change<Vec<K>>> {
    let old_ids: Vec<K> = old.iter().map(|t| key(t).clone()).collect();
    let new_ids: Vec<K> = new.iter().map(|t| key(t).clone()).collect();
    let kept_old = old_ids.iter().filter(|k| new_ids.contains(k));
    let kept_new = new_ids.iter().filter(|k| old_ids.contains(k));
    (!kept_old.eq(kept_new)).then_some(Change {
        old: old_ids,
        new: new_ids,
    })
}

/// Items of `a` not in `b` (as a multiset difference, so duplicates count).
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    a.iter()
        .filter(|x| match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.swap_remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

fn metadata(old: &Framework, new: &Framework) -> MetadataDiff {
    let changelog_added: Vec<ChangelogEntry> = new
        .changelog
        .iter()
        .filter(|e| !old.changelog.contains(e))
        .cloned()
        .collect();
    let changelog_removed: Vec<ChangelogEntry> = old
        .changelog
        .iter()
        .filter(|e| !new.changelog.contains(e))
        .cloned()
        .collect();
    let changelog_reordered = changelog_added.is_empty()
        && changelog_removed.is_empty()
        && old.changelog != new.changelog;
    MetadataDiff {
        format: Change::of(&old.format, &new.format),
        name: Change::of(&old.name, &new.name),
        version: Change::of(&old.version, &new.version),
        description: Change::of(&old.description, &new.description),
        changelog_added,
        changelog_removed,
        changelog_reordered,
        points: Change::of(&old.points, &new.points),
        lint: Change::of(&old.lint, &new.lint),
        extra: ExtraDiff::of(&old.extra, &new.extra),
    }
}

fn grades(old: &[GradeId], new: &[GradeId]) -> GradesDiff {
    GradesDiff {
        added: new.iter().filter(|g| !old.contains(g)).cloned().collect(),
        removed: old.iter().filter(|g| !new.contains(g)).cloned().collect(),
        reordered: reordered(old, new, |g| g),
    }
}

fn named_list<I: PartialEq + Clone>(old: &[Named<I>], new: &[Named<I>]) -> NamedListDiff<I> {
    let entries = pair(old, new, |n| &n.id)
        .into_iter()
        .filter_map(|p| match p {
            Pair::Added(n) => Some(NamedDiff {
                id: n.id.clone(),
                status: Status::Added,
                name: n.name.clone(),
                renamed: None,
                description: None,
                extra: None,
            }),
            Pair::Removed(o) => Some(NamedDiff {
                id: o.id.clone(),
                status: Status::Removed,
                name: o.name.clone(),
                renamed: None,
                description: None,
                extra: None,
            }),
            Pair::Both(o, n) => {
                let d = NamedDiff {
                    id: n.id.clone(),
                    status: Status::Changed,
                    name: n.name.clone(),
                    renamed: Change::of(&o.name, &n.name),
                    description: Change::of(&o.description, &n.description),
                    extra: ExtraDiff::of(&o.extra, &n.extra),
                };
                (d.renamed.is_some() || d.description.is_some() || d.extra.is_some()).then_some(d)
            }
        })
        .collect();
    NamedListDiff {
        entries,
        reordered: reordered(old, new, |n| &n.id),
    }
}

fn scale(old: &[Step], new: &[Step]) -> ScaleDiff {
    let steps = pair(old, new, |s| &s.id)
        .into_iter()
        .filter_map(|p| {
            let (status, o, n) = p.parts();
            let mut d = StepDiff {
                id: n.id.clone(),
                status,
                name: n.name.clone(),
                renamed: None,
                description: None,
                points: None,
                extra: None,
            };
            if let Some(o) = o {
                d.renamed = Change::of(&o.name, &n.name);
                d.description = Change::of(&o.description, &n.description);
                d.points = Change::of(&o.points, &n.points);
                d.extra = ExtraDiff::of(&o.extra, &n.extra);
                if d.renamed.is_none()
                    && d.description.is_none()
                    && d.points.is_none()
                    && d.extra.is_none()
                {
                    return None;
                }
            }
            Some(d)
        })
        .collect();
    ScaleDiff {
        steps,
        reordered: reordered(old, new, |s| &s.id),
    }
}

fn competencies(old: &Framework, new: &Framework) -> Vec<CompetencyDiff> {
    pair(&old.competencies, &new.competencies, |c| &c.id)
        .into_iter()
        .filter_map(|p| {
            let (status, o, n) = p.parts();
            let mut d = CompetencyDiff {
                id: n.id.clone(),
                status,
                name: n.name.clone(),
                renamed: None,
                category: None,
                tracks: None,
                description: None,
                inherits: None,
                scale: ScaleDiff::default(),
                extra: None,
            };
            if let Some(o) = o {
                d.renamed = Change::of(&o.name, &n.name);
                d.category = Change::of(&o.category, &n.category);
                d.tracks = Change::of(&o.tracks, &n.tracks);
                d.description = Change::of(&o.description, &n.description);
                d.inherits = Change::of(&o.inherits, &n.inherits);
                d.scale = scale(&o.scale, &n.scale);
                d.extra = ExtraDiff::of(&o.extra, &n.extra);
                if d.renamed.is_none()
                    && d.category.is_none()
                    && d.tracks.is_none()
                    && d.description.is_none()
                    && d.inherits.is_none()
                    && d.scale.is_empty()
                    && d.extra.is_none()
                {
                    return None;
                }
            }
            Some(d)
        })
        .collect()
}

fn decision_rights(old: &Framework, new: &Framework) -> Vec<RightDiff> {
    pair(&old.decision_rights, &new.decision_rights, |r| &r.id)
        .into_iter()
        .filter_map(|p| {
            let (status, o, n) = p.parts();
            let mut d = RightDiff {
                id: n.id.clone(),
                status,
                name: n.name.clone(),
                renamed: None,
                description: None,
                weight: None,
                track: None,
                scale: ScaleDiff::default(),
                extra: None,
            };
            if let Some(o) = o {
                d.renamed = Change::of(&o.name, &n.name);
                d.description = Change::of(&o.description, &n.description);
                d.weight = Change::of(&o.weight, &n.weight);
                d.track = Change::of(&o.track, &n.track);
                d.scale = scale(&o.scale, &n.scale);
                d.extra = ExtraDiff::of(&o.extra, &n.extra);
                if d.renamed.is_none()
                    && d.description.is_none()
                    && d.weight.is_none()
                    && d.track.is_none()
                    && d.scale.is_empty()
                    && d.extra.is_none()
                {
                    return None;
                }
            }
            Some(d)
        })
        .collect()
}

fn tracks(old: &Framework, new: &Framework) -> Vec<TrackDiff> {
    pair(&old.tracks, &new.tracks, |t| &t.id)
        .into_iter()
        .filter_map(|p| {
            let (status, o, n) = p.parts();
            let mut d = TrackDiff {
                id: n.id.clone(),
                status,
                name: n.name.clone(),
                renamed: None,
                kind: None,
                description: None,
                reordered: None,
                levels: Vec::new(),
                extra: None,
            };
            match o {
                None if status == Status::Added => {
                    d.levels = n.levels.iter().map(|l| level_diff(old, n, l)).collect();
                }
                None => {
                    // Levels that moved to another track are listed there.
                    d.levels = n
                        .levels
                        .iter()
                        .filter(|l| new.level(&l.id).is_none())
                        .map(|l| bare_level(l, Status::Removed))
                        .collect();
                }
                Some(o) => {
                    d.renamed = Change::of(&o.name, &n.name);
                    d.kind = Change::of(&o.kind, &n.kind);
                    d.description = Change::of(&o.description, &n.description);
                    d.extra = ExtraDiff::of(&o.extra, &n.extra);
                    d.reordered = reordered(&o.levels, &n.levels, |l| &l.id);
                    d.levels = n
                        .levels
                        .iter()
                        .filter_map(|l| {
                            let ld = level_diff(old, n, l);
                            (ld.status != Status::Changed || ld.has_changes()).then_some(ld)
                        })
                        .chain(
                            o.levels
                                .iter()
                                .filter(|l| new.level(&l.id).is_none())
                                .map(|l| bare_level(l, Status::Removed)),
                        )
                        .collect();
                    if d.renamed.is_none()
                        && d.kind.is_none()
                        && d.description.is_none()
                        && d.extra.is_none()
                        && d.reordered.is_none()
                        && d.levels.is_empty()
                    {
                        return None;
                    }
                }
            }
            Some(d)
        })
        .collect()
}

fn bare_level(level: &Level, status: Status) -> LevelDiff {
    LevelDiff {
        id: level.id.clone(),
        status,
        title: level.title.clone(),
        grade: level.grade.clone(),
        moved: None,
        retitled: None,
        regraded: None,
        aliases: None,
        renamed_from: None,
        summary: None,
        scope: None,
        description: None,
        typical_months: None,
        archetypes: None,
        points: None,
        pay: Vec::new(),
        authority: Vec::new(),
        expectations: Vec::new(),
        expectations_reordered: false,
        extra: None,
    }
}

/// `level` of `track` in the new version against the level with its id in the old one,
/// wherever that was.
fn level_diff(old: &Framework, track: &Track, level: &Level) -> LevelDiff {
    let Some((old_track, o)) = old.level(&level.id) else {
        return bare_level(level, Status::Added);
    };
    let n = level;
    let mut d = bare_level(n, Status::Changed);
    d.moved = Change::of(&old_track.id, &track.id);
    d.retitled = Change::of(&o.title, &n.title);
    d.regraded = Change::of(&o.grade, &n.grade);
    d.aliases = Change::of(&o.aliases, &n.aliases);
    d.renamed_from = Change::of(&o.renamed_from, &n.renamed_from);
    d.summary = Change::of(&o.summary, &n.summary);
    d.scope = Change::of(&o.scope, &n.scope);
    d.description = Change::of(&o.description, &n.description);
    d.typical_months = Change::of(&o.typical_months, &n.typical_months);
    d.archetypes = Change::of(&o.archetypes, &n.archetypes);
    d.points = Change::of(&o.points, &n.points);
    d.pay = pair(&o.pay, &n.pay, |b| &b.currency)
        .into_iter()
        .filter_map(|p| match p {
            Pair::Added(n) => Some(PayDiff {
                currency: n.currency.clone(),
                old: None,
                new: Some(n.clone()),
            }),
            Pair::Removed(o) => Some(PayDiff {
                currency: o.currency.clone(),
                old: Some(o.clone()),
                new: None,
            }),
            Pair::Both(o, n) => (o != n).then(|| PayDiff {
                currency: n.currency.clone(),
                old: Some(o.clone()),
                new: Some(n.clone()),
            }),
        })
        .collect();
    let rights: Vec<&RightId> = n
        .authority
        .keys()
        .chain(o.authority.keys().filter(|r| !n.authority.contains_key(*r)))
        .collect();
    d.authority = rights
        .into_iter()
        .filter_map(|r| {
            let (old_step, new_step) = (o.authority.get(r), n.authority.get(r));
            (old_step != new_step).then(|| AuthorityDiff {
                right: r.clone(),
                old: old_step.cloned(),
                new: new_step.cloned(),
            })
        })
        .collect();
    d.expectations = pair(&o.expectations, &n.expectations, |e| &e.competency)
        .into_iter()
        .filter_map(|p| expectation_diff(p))
        .collect();
    d.expectations_reordered = d.expectations.is_empty()
        && reordered(&o.expectations, &n.expectations, |e| &e.competency).is_some();
    d.extra = ExtraDiff::of(&o.extra, &n.extra);
    d
}

fn expectation_diff(p: Pair<'_, Expectation>) -> Option<ExpectationDiff> {
    let (status, o, n) = p.parts();
    let mut d = ExpectationDiff {
        competency: n.competency.clone(),
        status,
        step: None,
        description: None,
        criteria_added: Vec::new(),
        criteria_removed: Vec::new(),
        examples_added: Vec::new(),
        examples_removed: Vec::new(),
        reordered: false,
        extra: None,
    };
    let Some(o) = o else {
        return Some(d);
    };
    d.step = Change::of(&o.step, &n.step);
    d.description = Change::of(&o.description, &n.description);
    d.criteria_added = minus(&n.criteria, &o.criteria);
    d.criteria_removed = minus(&o.criteria, &n.criteria);
    d.examples_added = minus(&n.examples, &o.examples);
    d.examples_removed = minus(&o.examples, &n.examples);
    d.reordered = d.criteria_added.is_empty()
        && d.criteria_removed.is_empty()
        && d.examples_added.is_empty()
        && d.examples_removed.is_empty()
        && (o.criteria != n.criteria || o.examples != n.examples);
    d.extra = ExtraDiff::of(&o.extra, &n.extra);
    let unchanged = d.step.is_none()
        && d.description.is_none()
        && d.criteria_added.is_empty()
        && d.criteria_removed.is_empty()
        && d.examples_added.is_empty()
        && d.examples_removed.is_empty()
        && !d.reordered
        && d.extra.is_none();
    (!unchanged).then_some(d)
}

fn transitions(old_fw: &Framework, new_fw: &Framework) -> TransitionsDiff {
    let (old, new) = (&old_fw.transitions, &new_fw.transitions);
    let (old_policy, new_policy) = (old_fw.transition_policy(), new_fw.transition_policy());
    let allowed_added: Vec<Move> = new
        .allowed
        .iter()
        .filter(|m| !old.allowed.contains(m))
        .cloned()
        .collect();
    let allowed_removed: Vec<Move> = old
        .allowed
        .iter()
        .filter(|m| !new.allowed.contains(m))
        .cloned()
        .collect();
    let allowed_reordered =
        allowed_added.is_empty() && allowed_removed.is_empty() && old.allowed != new.allowed;
    let levels: Vec<&LevelId> = new
        .return_paths
        .keys()
        .chain(
            old.return_paths
                .keys()
                .filter(|l| !new.return_paths.contains_key(*l)),
        )
        .collect();
    let return_paths: Vec<ReturnPathDiff> = levels
        .into_iter()
        .filter_map(|l| {
            let (o, n) = (old.return_paths.get(l), new.return_paths.get(l));
            (o != n).then(|| ReturnPathDiff {
                level: l.clone(),
                old: o.cloned(),
                new: n.cloned(),
            })
        })
        .collect();
    let mut onboarding = Vec::new();
    let mut onboarding_reordered = Vec::new();
    for direction in Direction::ALL {
        let (o, n) = (
            old_policy.onboarding(direction),
            new_policy.onboarding(direction),
        );
        onboarding.extend(checklist(direction, o, n));
        if reordered(o, n, |i| &i.id).is_some() {
            onboarding_reordered.push(direction);
        }
    }
    TransitionsDiff {
        trial_months: Change::of(&old.trial_months, &new.trial_months),
        allowed_added,
        allowed_removed,
        allowed_reordered,
        return_paths,
        checkpoints: Change::of(
            &old_policy.checkpoints.to_vec(),
            &new_policy.checkpoints.to_vec(),
        ),
        max_extensions: Change::of(&old_policy.max_extensions, &new_policy.max_extensions),
        extension_reason_required: Change::of(
            &old_policy.extension_reason_required,
            &new_policy.extension_reason_required,
        ),
        onboarding,
        onboarding_reordered,
    }
}

fn checklist(
    direction: Direction,
    old: &[ChecklistItem],
    new: &[ChecklistItem],
) -> Vec<ChecklistItemDiff> {
    pair(old, new, |i| &i.id)
        .into_iter()
        .filter_map(|p| {
            let (status, before, item) = p.parts();
            let d = ChecklistItemDiff {
                direction,
                id: item.id.clone(),
                status,
                text: item.text.clone(),
                reworded: before.and_then(|o| Change::of(&o.text, &item.text)),
                extra: before.and_then(|o| ExtraDiff::of(&o.extra, &item.extra)),
            };
            (status != Status::Changed || d.reworded.is_some() || d.extra.is_some()).then_some(d)
        })
        .collect()
}

fn reflection(old: &[ReflectionQuestion], new: &[ReflectionQuestion]) -> Vec<QuestionDiff> {
    pair(old, new, |q| &q.id)
        .into_iter()
        .filter_map(|p| {
            let (status, before, q) = p.parts();
            let d = QuestionDiff {
                id: q.id.clone(),
                status,
                text: q.text.clone(),
                reworded: before.and_then(|o| Change::of(&o.text, &q.text)),
                hint: before.and_then(|o| Change::of(&o.hint, &q.hint)),
                direction: before.and_then(|o| Change::of(&o.direction, &q.direction)),
                extra: before.and_then(|o| ExtraDiff::of(&o.extra, &q.extra)),
            };
            let changed = d.reworded.is_some()
                || d.hint.is_some()
                || d.direction.is_some()
                || d.extra.is_some();
            (status != Status::Changed || changed).then_some(d)
        })
        .collect()
}

fn journal_kinds(old: &[WorkKind], new: &[WorkKind]) -> Vec<WorkKindDiff> {
    pair(old, new, |k| &k.id)
        .into_iter()
        .filter_map(|p| {
            let (status, before, k) = p.parts();
            let d = WorkKindDiff {
                id: k.id.clone(),
                status,
                name: k.name.clone(),
                renamed: before.and_then(|o| Change::of(&o.name, &k.name)),
                hands_on: k.hands_on,
                hands_on_changed: before.and_then(|o| Change::of(&o.hands_on, &k.hands_on)),
                extra: before.and_then(|o| ExtraDiff::of(&o.extra, &k.extra)),
            };
            let changed = d.renamed.is_some() || d.hands_on_changed.is_some() || d.extra.is_some();
            (status != Status::Changed || changed).then_some(d)
        })
        .collect()
}

fn removed_levels(old: &Framework, new: &Framework) -> Vec<RemovedLevel> {
    let kept: HashSet<&LevelId> = new.levels().map(|(_, l)| &l.id).collect();
    old.levels()
        .filter(|(_, l)| !kept.contains(&l.id))
        .map(|(track, l)| {
            let mapped_to = new
                .levels()
                .find(|(_, n)| n.renamed_from.contains(&l.id))
                .map(|(_, n)| n.id.clone());
            let likely_successor = if mapped_to.is_some() {
                None
            } else {
                likely_successor(old, new, track, l)
            };
            RemovedLevel {
                id: l.id.clone(),
                title: l.title.clone(),
                track: track.id.clone(),
                mapped_to,
                likely_successor,
            }
        })
        .collect()
}

fn likely_successor(
    old: &Framework,
    new: &Framework,
    track: &Track,
    removed: &Level,
) -> Option<LevelId> {
    let added: Vec<(&Track, &Level)> = new
        .levels()
        .filter(|(_, l)| old.level(&l.id).is_none())
        .collect();
    let same_title = |l: &Level| {
        l.title.eq_ignore_ascii_case(&removed.title)
            || l.aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&removed.title))
    };
    if let Some((_, l)) = added.iter().find(|(_, l)| same_title(l)) {
        return Some(l.id.clone());
    }
    let same_place: Vec<&Level> = added
        .iter()
        .filter(|(t, l)| t.id == track.id && removed.grade.is_some() && l.grade == removed.grade)
        .map(|(_, l)| *l)
        .collect();
    match same_place.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Human rendering

#[derive(Default)]
struct Human {
    out: String,
}

fn opt(value: &Option<impl std::fmt::Display>) -> String {
    match value {
        Some(v) => v.to_string(),
        None => "(none)".to_string(),
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn tracks_list(tracks: &[TrackId]) -> String {
    if tracks.is_empty() {
        "every track".to_string()
    } else {
        list(tracks)
    }
}

fn range_opt(range: &Option<Range>, f: fn(&Range) -> String) -> String {
    range.as_ref().map_or("(none)".to_string(), f)
}

fn band_opt(band: &Option<PayBand>) -> String {
    match band {
        Some(b) if b.example => format!("{} (example figures)", format::band(b)),
        Some(b) => format::band(b),
        None => "(none)".to_string(),
    }
}

/// A short form of a long text for one line: the first 60 characters.
fn short(text: &Option<String>) -> String {
    match text {
        None => "(none)".to_string(),
        Some(t) => {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.chars().count() > 60 {
                format!("\"{}…\"", t.chars().take(60).collect::<String>())
            } else {
                format!("\"{t}\"")
            }
        }
    }
}

impl Human {
    fn line(&mut self, indent: usize, text: impl AsRef<str>) {
        let _ = writeln!(self.out, "{:indent$}{}", "", text.as_ref(), indent = indent);
    }

    fn heading(&mut self, title: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.line(0, title);
    }

    fn change<T>(
        &mut self,
        indent: usize,
        label: &str,
        c: &Option<Change<T>>,
        f: impl Fn(&T) -> String,
    ) {
        if let Some(c) = c {
            self.line(indent, format!("~ {label}: {} → {}", f(&c.old), f(&c.new)));
        }
    }

    /// A reworded text on one line, its changes marked as `git diff --word-diff` marks
    /// them (`[-removed-]{+added+}`); an added or removed text in short.
    fn text_change(&mut self, indent: usize, label: &str, c: &Option<Change<Option<String>>>) {
        match c {
            Some(Change {
                old: Some(old),
                new: Some(new),
            }) => {
                let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                let words = crate::words::word_diff(&one_line(old), &one_line(new));
                self.line(indent, format!("~ {label}: {}", words.inline()));
            }
            _ => self.change(indent, label, c, short),
        }
    }

    fn extra(&mut self, indent: usize, extra: &Option<ExtraDiff>) {
        if let Some(e) = extra {
            self.line(indent, format!("~ extra: {}", e.describe()));
        }
    }

    fn diff(mut self, d: &Diff) -> String {
        if d.from.name == d.to.name {
            let version = |v: &Version| {
                v.version
                    .clone()
                    .unwrap_or_else(|| "(no version)".to_string())
            };
            self.line(
                0,
                format!("{}: {} → {}", d.to.name, version(&d.from), version(&d.to)),
            );
        } else {
            self.line(0, format!("{} → {}", d.from.label(), d.to.label()));
        }
        if d.is_empty() {
            self.line(0, "No changes.");
            return self.out;
        }
        self.metadata(&d.metadata);
        self.grades(&d.grades);
        self.named("Rating scale", &d.rating_scale);
        self.named("Categories", &d.categories);
        self.named("Archetypes", &d.archetypes);
        if !d.competencies.is_empty() || d.competencies_reordered.is_some() {
            self.heading("Competencies");
            self.change(2, "order", &d.competencies_reordered, |v| list(v));
            for c in &d.competencies {
                self.competency(c);
            }
        }
        if !d.decision_rights.is_empty() || d.decision_rights_reordered.is_some() {
            self.heading("Decision rights");
            self.change(2, "order", &d.decision_rights_reordered, |v| list(v));
            for r in &d.decision_rights {
                self.right(r);
            }
        }
        if let Some(c) = &d.tracks_reordered {
            self.heading("Tracks");
            self.line(2, format!("~ order: {} → {}", list(&c.old), list(&c.new)));
        }
        for t in &d.tracks {
            self.track(t);
        }
        self.transitions(&d.transitions);
        self.reflection(d);
        self.journal(d);
        let unmapped: Vec<&RemovedLevel> = d.unmapped_removed_levels().collect();
        let mapped: Vec<&RemovedLevel> = d
            .removed_levels
            .iter()
            .filter(|l| l.mapped_to.is_some())
            .collect();
        if !mapped.is_empty() {
            self.heading("Removed levels and where their records go");
            for l in mapped {
                self.line(
                    2,
                    format!("{} \"{}\" → {}", l.id, l.title, opt(&l.mapped_to)),
                );
            }
        }
        if !unmapped.is_empty() {
            self.heading("Removed levels mapped by nothing (records at them need a new level)");
            for l in unmapped {
                let hint = match &l.likely_successor {
                    Some(s) => format!(" — perhaps {s}? Add `renamed_from: [{}]` to it", l.id),
                    None => String::new(),
                };
                self.line(2, format!("! {} \"{}\" ({}){hint}", l.id, l.title, l.track));
            }
        }
        self.out
    }

    fn metadata(&mut self, m: &MetadataDiff) {
        if m.is_empty() {
            return;
        }
        self.heading("Framework");
        self.change(2, "format", &m.format, ToString::to_string);
        self.change(2, "name", &m.name, Clone::clone);
        self.change(2, "version", &m.version, opt);
        self.text_change(2, "description", &m.description);
        for e in &m.changelog_added {
            self.line(2, format!("+ changelog entry {}", changelog_label(e)));
        }
        for e in &m.changelog_removed {
            self.line(2, format!("- changelog entry {}", changelog_label(e)));
        }
        if m.changelog_reordered {
            self.line(2, "~ changelog: entries reordered");
        }
        if m.points.is_some() {
            self.line(2, "~ points scoring changed");
        }
        if let Some(c) = &m.lint {
            self.line(
                2,
                format!(
                    "~ lint: allow [{}] deny [{}] → allow [{}] deny [{}]",
                    c.old.allow.join(", "),
                    c.old.deny.join(", "),
                    c.new.allow.join(", "),
                    c.new.deny.join(", ")
                ),
            );
        }
        self.extra(2, &m.extra);
    }

    fn grades(&mut self, g: &GradesDiff) {
        if g.is_empty() {
            return;
        }
        self.heading("Grades");
        for id in &g.added {
            self.line(2, format!("+ {id}"));
        }
        for id in &g.removed {
            self.line(2, format!("- {id}"));
        }
        self.change(2, "order", &g.reordered, |v| list(v));
    }

    fn named<I: std::fmt::Display>(&mut self, title: &str, n: &NamedListDiff<I>) {
        if n.is_empty() {
            return;
        }
        self.heading(title);
        self.change(2, "order", &n.reordered, |v| list(v));
        for e in &n.entries {
            self.line(2, format!("{} {} \"{}\"", e.status.marker(), e.id, e.name));
            self.change(6, "name", &e.renamed, Clone::clone);
            self.text_change(6, "description", &e.description);
            self.extra(6, &e.extra);
        }
    }

    fn scale(&mut self, indent: usize, s: &ScaleDiff) {
        self.change(indent, "step order", &s.reordered, |v| list(v));
        for step in &s.steps {
            self.line(
                indent,
                format!(
                    "{} step {} \"{}\"",
                    step.status.marker(),
                    step.id,
                    step.name
                ),
            );
            self.change(indent + 4, "name", &step.renamed, Clone::clone);
            self.text_change(indent + 4, "description", &step.description);
            self.change(indent + 4, "points", &step.points, opt);
            self.extra(indent + 4, &step.extra);
        }
    }

    fn competency(&mut self, c: &CompetencyDiff) {
        self.line(2, format!("{} {} \"{}\"", c.status.marker(), c.id, c.name));
        self.change(6, "name", &c.renamed, Clone::clone);
        self.change(6, "category", &c.category, opt);
        self.change(6, "tracks", &c.tracks, |t| tracks_list(t));
        self.text_change(6, "description", &c.description);
        self.change(6, "inherits", &c.inherits, opt);
        self.scale(6, &c.scale);
        self.extra(6, &c.extra);
    }

    fn right(&mut self, r: &RightDiff) {
        self.line(2, format!("{} {} \"{}\"", r.status.marker(), r.id, r.name));
        self.change(6, "name", &r.renamed, Clone::clone);
        self.text_change(6, "description", &r.description);
        self.change(6, "weight", &r.weight, ToString::to_string);
        self.change(6, "specific to track", &r.track, opt);
        self.scale(6, &r.scale);
        self.extra(6, &r.extra);
    }

    fn track(&mut self, t: &TrackDiff) {
        let what = match t.status {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        };
        self.heading(&format!("Track {} \"{}\" ({what})", t.id, t.name));
        self.change(2, "name", &t.renamed, Clone::clone);
        self.change(2, "kind", &t.kind, |k| k.label().to_string());
        self.text_change(2, "description", &t.description);
        self.change(2, "level order", &t.reordered, |v| list(v));
        self.extra(2, &t.extra);
        for l in &t.levels {
            self.level(l);
        }
    }

    fn level(&mut self, l: &LevelDiff) {
        let grade = l
            .grade
            .as_ref()
            .map(|g| format!(", grade {g}"))
            .unwrap_or_default();
        self.line(
            2,
            format!(
                "{} level {} \"{}\"{grade}",
                l.status.marker(),
                l.id,
                l.title
            ),
        );
        if l.status != Status::Changed {
            return;
        }
        if let Some(m) = &l.moved {
            self.line(6, format!("~ track: {} → {}", m.old, m.new));
        }
        self.change(6, "title", &l.retitled, Clone::clone);
        self.change(6, "grade", &l.regraded, opt);
        self.change(6, "aliases", &l.aliases, |v| list(v));
        self.change(6, "renamed from", &l.renamed_from, |v| list(v));
        self.text_change(6, "summary", &l.summary);
        self.text_change(6, "scope", &l.scope);
        self.text_change(6, "description", &l.description);
        self.change(6, "typical time", &l.typical_months, |r| {
            range_opt(r, format::months)
        });
        self.change(6, "archetypes", &l.archetypes, |v| list(v));
        self.change(6, "points", &l.points, |r| range_opt(r, format::points));
        for p in &l.pay {
            let marker = match (&p.old, &p.new) {
                (None, _) => '+',
                (_, None) => '-',
                _ => '~',
            };
            self.line(
                6,
                format!("{marker} pay: {} → {}", band_opt(&p.old), band_opt(&p.new)),
            );
        }
        for a in &l.authority {
            let marker = match (&a.old, &a.new) {
                (None, _) => '+',
                (_, None) => '-',
                _ => '~',
            };
            self.line(
                6,
                format!(
                    "{marker} authority {}: {} → {}",
                    a.right,
                    opt(&a.old),
                    opt(&a.new)
                ),
            );
        }
        for e in &l.expectations {
            self.expectation(e);
        }
        if l.expectations_reordered {
            self.line(6, "~ expectations: reordered");
        }
        self.extra(6, &l.extra);
    }

    fn expectation(&mut self, e: &ExpectationDiff) {
        let step = match (&e.status, &e.step) {
            (Status::Changed, Some(c)) => format!(": step {} → {}", opt(&c.old), opt(&c.new)),
            _ => String::new(),
        };
        self.line(
            6,
            format!("{} expectation {}{step}", e.status.marker(), e.competency),
        );
        for c in &e.criteria_added {
            self.line(10, format!("+ criterion: {c}"));
        }
        for c in &e.criteria_removed {
            self.line(10, format!("- criterion: {c}"));
        }
        for c in &e.examples_added {
            self.line(10, format!("+ example: {c}"));
        }
        for c in &e.examples_removed {
            self.line(10, format!("- example: {c}"));
        }
        if e.reordered {
            self.line(10, "~ criteria or examples reordered");
        }
        self.extra(10, &e.extra);
    }

    fn transitions(&mut self, t: &TransitionsDiff) {
        if t.is_empty() {
            return;
        }
        self.heading("Transitions");
        self.change(2, "trial length", &t.trial_months, |m| match m {
            Some(m) => format!("{m} months"),
            None => "(none)".to_string(),
        });
        for m in &t.allowed_added {
            self.line(2, format!("+ allowed move {} → {}", m.from, m.to));
        }
        for m in &t.allowed_removed {
            self.line(2, format!("- allowed move {} → {}", m.from, m.to));
        }
        if t.allowed_reordered {
            self.line(2, "~ allowed moves reordered");
        }
        self.change(2, "checkpoint days", &t.checkpoints, |days| list(days));
        self.change(
            2,
            "extensions a trial may have",
            &t.max_extensions,
            ToString::to_string,
        );
        self.change(
            2,
            "reason for an extension",
            &t.extension_reason_required,
            |r| if *r { "required" } else { "not required" }.to_string(),
        );
        for i in &t.onboarding {
            self.line(
                2,
                format!(
                    "{} onboarding {} {} \"{}\"",
                    i.status.marker(),
                    i.direction.as_str(),
                    i.id,
                    i.text
                ),
            );
            self.change(6, "text", &i.reworded, |t| format!("\"{t}\""));
            self.extra(6, &i.extra);
        }
        for direction in &t.onboarding_reordered {
            self.line(2, format!("~ onboarding {} reordered", direction.as_str()));
        }
        for r in &t.return_paths {
            match (&r.old, &r.new) {
                (None, Some(n)) => {
                    self.line(2, format!("+ return path {} returns to {n}", r.level))
                }
                (Some(o), None) => {
                    self.line(2, format!("- return path {} (returned to {o})", r.level))
                }
                (o, n) => self.line(
                    2,
                    format!("~ return path {}: {} → {}", r.level, opt(o), opt(n)),
                ),
            }
        }
    }
}

impl Human {
    fn reflection(&mut self, d: &Diff) {
        if d.reflection.is_empty() && d.reflection_reordered.is_none() {
            return;
        }
        self.heading("Reflection");
        self.change(2, "order", &d.reflection_reordered, |v| list(v));
        for q in &d.reflection {
            self.line(2, format!("{} {} \"{}\"", q.status.marker(), q.id, q.text));
            self.change(6, "text", &q.reworded, |t| format!("\"{t}\""));
            self.text_change(6, "hint", &q.hint);
            self.change(6, "direction", &q.direction, |d| d.as_str().to_string());
            self.extra(6, &q.extra);
        }
    }

    fn journal(&mut self, d: &Diff) {
        if d.journal_kinds.is_empty() && d.journal_kinds_reordered.is_none() {
            return;
        }
        self.heading("Journal: kinds of work");
        self.change(2, "order", &d.journal_kinds_reordered, |v| list(v));
        for k in &d.journal_kinds {
            let hands_on = if k.hands_on { " (hands-on)" } else { "" };
            let line = match k.status {
                Status::Changed => format!("~ {} \"{}\"", k.id, k.name),
                status => format!("{} {} \"{}\"{hands_on}", status.marker(), k.id, k.name),
            };
            self.line(2, line);
            self.change(6, "name", &k.renamed, |n| format!("\"{n}\""));
            self.change(6, "hands-on", &k.hands_on_changed, |h| {
                if *h { "yes" } else { "no" }.to_string()
            });
            self.extra(6, &k.extra);
        }
    }
}

fn changelog_label(e: &ChangelogEntry) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &e.version {
        parts.push(v.clone());
    }
    if let Some(d) = &e.date {
        parts.push(format!("({d})"));
    }
    if parts.is_empty() {
        parts.push(short(&e.notes));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn minus_is_a_multiset_difference() {
        let a = strings(&["x", "y", "y", "z"]);
        let b = strings(&["y", "z", "w"]);
        assert_eq!(minus(&a, &b), strings(&["x", "y"]));
        assert_eq!(minus(&b, &a), strings(&["w"]));
        assert!(minus(&a, &a).is_empty());
    }

    #[test]
    fn reordering_is_judged_on_ids_present_in_both() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let same = |old: &[&str], new: &[&str]| {
            reordered(&ids(old), &ids(new), |s: &String| s).map(|c| (c.old, c.new))
        };
        // Insertions and removals alone are not a reordering.
        assert_eq!(same(&["a", "b", "c"], &["a", "x", "b"]), None);
        assert_eq!(
            same(&["a", "b"], &["b", "a", "c"]),
            Some((ids(&["a", "b"]), ids(&["b", "a", "c"])))
        );
    }

    #[test]
    fn pairs_keep_the_new_order_then_the_removed() {
        let old = ["a", "b", "c"];
        let new = ["c", "d", "a"];
        let described: Vec<String> = pair(&old, &new, |s| s)
            .into_iter()
            .map(|p| match p {
                Pair::Added(n) => format!("+{n}"),
                Pair::Removed(o) => format!("-{o}"),
                Pair::Both(o, n) => format!("{o}={n}"),
            })
            .collect();
        assert_eq!(described, ["c=c", "+d", "a=a", "-b"]);
    }
}
