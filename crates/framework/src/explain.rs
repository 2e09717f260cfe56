//! `explain`: what changes between two levels, competency by competency.
//!
//! The question a person asks before a promotion conversation or a move is not "what is my
//! next title?" but "what will be asked of me that is not asked now?". An [`Explanation`]
//! answers it from the framework alone: for every competency either level's track uses,
//! the step before and after (with the step's wording) and the criteria that are new at the
//! target; and around it, the title, scope, summary, grade, typical time, pay band and
//! decision rights of both levels.
//!
//! The target may be on another track (ic-4 → em-1): competencies used by one track only
//! are listed with the side they belong to. A move between tracks is described as a move,
//! never as up or down.

use std::fmt::Write as _;

use serde::Serialize;

use crate::format;
use crate::ids::*;
use crate::model::*;

/// Why two levels cannot be explained.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("there is no track `{track}`; {hint}")]
    UnknownTrack { track: TrackId, hint: String },
    #[error("there is no level `{level}`; {hint}")]
    UnknownLevel { level: LevelId, hint: String },
    #[error("level `{level}` is on track `{actual}`, not on `{track}`")]
    LevelNotOnTrack {
        level: LevelId,
        track: TrackId,
        actual: TrackId,
    },
    #[error(
        "`{level}` is both the starting level and the target; name another level as the target"
    )]
    SameLevel { level: LevelId },
}

/// How the target level relates to the starting one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    /// The level right after the starting level on the same track.
    NextLevel,
    /// A later level on the same track, more than one along.
    LaterLevel,
    /// An earlier level on the same track.
    EarlierLevel,
    /// A level on another track.
    BetweenTracks,
}

/// A level as the explanation shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelRef {
    pub id: LevelId,
    pub title: String,
    pub track: TrackId,
    pub track_name: String,
    pub track_kind: TrackKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_months: Option<Range>,
    /// Weighted authority over the rights that count for parity.
    pub authority_total: u64,
}

impl LevelRef {
    fn of(fw: &Framework, track: &Track, level: &Level) -> Self {
        Self {
            id: level.id.clone(),
            title: level.title.clone(),
            track: track.id.clone(),
            track_name: track.name.clone(),
            track_kind: track.kind,
            grade: level.grade.clone(),
            summary: level.summary.clone(),
            scope: level.scope.clone(),
            typical_months: level.typical_months,
            authority_total: fw.authority_total(level),
        }
    }
}

/// A step of a scale, with its wording.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepRef {
    pub id: StepId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Position on the scale, 0 = lowest.
    pub rank: usize,
}

impl StepRef {
    fn of(scale: &[Step], id: &StepId) -> Option<Self> {
        let rank = scale.iter().position(|s| &s.id == id)?;
        let step = &scale[rank];
        Some(Self {
            id: step.id.clone(),
            name: step.name.clone(),
            description: step.description.clone(),
            rank,
        })
    }
}

/// The pay band in one currency at each level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PayComparison {
    pub currency: Currency,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<PayBand>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<PayBand>,
}

impl PayComparison {
    pub fn changed(&self) -> bool {
        self.from != self.to
    }

    /// Either band is marked as illustrative.
    pub fn example(&self) -> bool {
        self.from.iter().chain(&self.to).any(|b| b.example)
    }
}

/// A decision right at each level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuthorityComparison {
    pub right: RightId,
    pub name: String,
    /// The track a track-specific right belongs to (such rights are outside parity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<TrackId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<StepRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<StepRef>,
}

impl AuthorityComparison {
    pub fn changed(&self) -> bool {
        self.from.as_ref().map(|s| &s.id) != self.to.as_ref().map(|s| &s.id)
    }
}

/// Which of the two tracks use a competency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsedBy {
    Both,
    /// Only the starting level's track.
    FromTrack,
    /// Only the target level's track.
    ToTrack,
}

/// How the expected step of a competency changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepChange {
    Same,
    /// A step further along the scale.
    Higher,
    /// A step earlier on the scale.
    Lower,
    /// Expected only at the target level.
    Begins,
    /// Expected only at the starting level.
    Ends,
    /// Neither level states a step.
    Unstated,
}

/// One competency, before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompetencyStep {
    pub id: CompetencyId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name: Option<String>,
    pub used_by: UsedBy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<StepRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<StepRef>,
    pub change: StepChange,
    /// Criteria of the target level that the starting level does not state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_criteria: Vec<String>,
    /// Examples given at the target level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// What changes from one level to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub movement: Movement,
    pub from: LevelRef,
    pub to: LevelRef,
    /// For a move between tracks: whether the framework's `transitions.allowed` lists it
    /// (absent when the framework lists no allowed moves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub move_allowed: Option<bool>,
    /// The target is the return path the framework sets for the starting level.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_return_path: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pay: Vec<PayComparison>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authority: Vec<AuthorityComparison>,
    pub competencies: Vec<CompetencyStep>,
}

/// Explains the change from `from` (a level of `track`) to `to` (a level of any track).
pub fn explain(
    fw: &Framework,
    track: &TrackId,
    from: &LevelId,
    to: &LevelId,
) -> Result<Explanation, ExplainError> {
    let from_track = fw.track(track).ok_or_else(|| ExplainError::UnknownTrack {
        track: track.clone(),
        hint: suggest(
            track.as_str(),
            fw.tracks.iter().map(|t| (t.id.as_str(), t.name.as_str())),
        ),
    })?;
    let (actual, from_level) = fw.level(from).ok_or_else(|| ExplainError::UnknownLevel {
        level: from.clone(),
        hint: suggest(
            from.as_str(),
            from_track
                .levels
                .iter()
                .map(|l| (l.id.as_str(), l.title.as_str())),
        ),
    })?;
    if actual.id != from_track.id {
        return Err(ExplainError::LevelNotOnTrack {
            level: from.clone(),
            track: track.clone(),
            actual: actual.id.clone(),
        });
    }
    let (to_track, to_level) = fw.level(to).ok_or_else(|| ExplainError::UnknownLevel {
        level: to.clone(),
        hint: suggest(
            to.as_str(),
            fw.levels().map(|(_, l)| (l.id.as_str(), l.title.as_str())),
        ),
    })?;
    if from == to {
        return Err(ExplainError::SameLevel {
            level: from.clone(),
        });
    }

    let movement = if to_track.id != from_track.id {
        Movement::BetweenTracks
    } else {
        let position = |id: &LevelId| from_track.levels.iter().position(|l| &l.id == id);
        match (position(from), position(to)) {
            (Some(a), Some(b)) if b == a + 1 => Movement::NextLevel,
            (Some(a), Some(b)) if b > a => Movement::LaterLevel,
            _ => Movement::EarlierLevel,
        }
    };
    let move_allowed = (movement == Movement::BetweenTracks && !fw.transitions.allowed.is_empty())
        .then(|| {
            fw.transitions
                .allowed
                .iter()
                .any(|m| m.from == from_track.id && m.to == to_track.id)
        });
    Ok(Explanation {
        movement,
        from: LevelRef::of(fw, from_track, from_level),
        to: LevelRef::of(fw, to_track, to_level),
        move_allowed,
        is_return_path: fw.transitions.return_paths.get(from) == Some(to),
        pay: pay(from_level, to_level),
        authority: authority(fw, from_level, to_level),
        competencies: competencies(fw, from_track, from_level, to_track, to_level),
    })
}

fn pay(from: &Level, to: &Level) -> Vec<PayComparison> {
    let mut currencies: Vec<&Currency> = from.pay.iter().map(|b| &b.currency).collect();
    for b in &to.pay {
        if !currencies.contains(&&b.currency) {
            currencies.push(&b.currency);
        }
    }
    currencies
        .into_iter()
        .map(|c| PayComparison {
            currency: c.clone(),
            from: from.band(c).cloned(),
            to: to.band(c).cloned(),
        })
        .collect()
}

fn authority(fw: &Framework, from: &Level, to: &Level) -> Vec<AuthorityComparison> {
    fw.decision_rights
        .iter()
        .filter(|r| from.authority.contains_key(&r.id) || to.authority.contains_key(&r.id))
        .map(|r| AuthorityComparison {
            right: r.id.clone(),
            name: r.name.clone(),
            track: r.track.clone(),
            from: from
                .authority
                .get(&r.id)
                .and_then(|s| StepRef::of(&r.scale, s)),
            to: to
                .authority
                .get(&r.id)
                .and_then(|s| StepRef::of(&r.scale, s)),
        })
        .collect()
}

fn competencies(
    fw: &Framework,
    from_track: &Track,
    from: &Level,
    to_track: &Track,
    to: &Level,
) -> Vec<CompetencyStep> {
    fw.competencies
        .iter()
        .filter_map(|c| {
            let used_by = match (c.used_by(&from_track.id), c.used_by(&to_track.id)) {
                (true, true) => UsedBy::Both,
                (true, false) => UsedBy::FromTrack,
                (false, true) => UsedBy::ToTrack,
                (false, false) => return None,
            };
            let before = from.expectation(&c.id);
            let after = to.expectation(&c.id);
            let step_of = |e: Option<&Expectation>| {
                e.and_then(|e| e.step.as_ref())
                    .and_then(|s| StepRef::of(&c.scale, s))
            };
            let (from_step, to_step) = (step_of(before), step_of(after));
            let change = match (&from_step, &to_step) {
                (Some(a), Some(b)) if b.rank > a.rank => StepChange::Higher,
                (Some(a), Some(b)) if b.rank < a.rank => StepChange::Lower,
                (Some(_), Some(_)) => StepChange::Same,
                (None, Some(_)) => StepChange::Begins,
                (Some(_), None) => StepChange::Ends,
                (None, None) => StepChange::Unstated,
            };
            let known: &[String] = before.map_or(&[], |e| &e.criteria);
            let category = c.category.as_ref();
            Some(CompetencyStep {
                id: c.id.clone(),
                name: c.name.clone(),
                category: category.cloned(),
                category_name: category.and_then(|id| {
                    fw.categories
                        .iter()
                        .find(|k| &k.id == id)
                        .map(|k| k.name.clone())
                }),
                used_by,
                from: from_step,
                to: to_step,
                change,
                new_criteria: after
                    .map(|e| {
                        e.criteria
                            .iter()
                            .filter(|c| !known.contains(c))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default(),
                examples: after.map(|e| e.examples.clone()).unwrap_or_default(),
            })
        })
        .collect()
}

/// A hint for a mistyped id: the closest known id (by spelling, or by a title it
/// abbreviates), or the list of known ids.
pub(crate) fn suggest<'a>(wanted: &str, known: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let known: Vec<(&str, &str)> = known.collect();
    if known.is_empty() {
        return "none are defined".to_string();
    }
    let by_title = known.iter().find(|(_, title)| {
        let title = title.to_lowercase();
        let slug = slugify(&title);
        slug == wanted || title.split_whitespace().any(|w| w == wanted)
    });
    let by_spelling = known
        .iter()
        .map(|k| (edit_distance(wanted, k.0), k))
        .filter(|(d, (id, _))| *d <= 2.max(id.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k);
    match by_title.or(by_spelling) {
        Some((id, title)) => format!("did you mean `{id}` ({title})?"),
        None if known.len() <= 15 => format!(
            "known: {}",
            known
                .iter()
                .map(|(id, _)| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("{} are defined; check the spelling", known.len()),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------------------
// Human rendering

impl Explanation {
    /// One sentence on what kind of change this is.
    pub fn headline(&self) -> String {
        let (from, to) = (&self.from, &self.to);
        let what = match self.movement {
            Movement::NextLevel => format!("the next level on the {} track", to.track_name),
            Movement::LaterLevel => format!("a later level on the {} track", to.track_name),
            Movement::EarlierLevel => format!("an earlier level on the {} track", to.track_name),
            Movement::BetweenTracks => format!(
                "a move from the {} track to the {} track",
                from.track_name, to.track_name
            ),
        };
        format!(
            "{} {} → {} {}: {what}",
            from.id, from.title, to.id, to.title
        )
    }

    /// Competencies whose step or criteria differ, or that one side does not use.
    pub fn changed_competencies(&self) -> impl Iterator<Item = &CompetencyStep> {
        self.competencies
            .iter()
            .filter(|c| c.change != StepChange::Same || !c.new_criteria.is_empty())
    }

    /// A plain-text rendering for the terminal.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let (from, to) = (&self.from, &self.to);
        let _ = writeln!(out, "{}", self.headline());
        if self.movement == Movement::BetweenTracks {
            match self.move_allowed {
                Some(true) => {
                    let _ = writeln!(
                        out,
                        "The framework allows moves from {} to {}.",
                        from.track, to.track
                    );
                }
                Some(false) => {
                    let _ = writeln!(
                        out,
                        "The framework does not list moves from {} to {} among its allowed moves.",
                        from.track, to.track
                    );
                }
                None => {}
            }
        }
        if self.is_return_path {
            let _ = writeln!(
                out,
                "{} is the return path the framework sets for {}.",
                to.id, from.id
            );
        }
        out.push('\n');

        // Long values (summaries, scopes) go on lines of their own.
        let field = |out: &mut String, label: &str, a: String, b: String| {
            if a == b {
                let _ = writeln!(out, "  = {label}: {a}");
            } else if label.len() + a.len() + b.len() > 90 {
                let _ = writeln!(out, "  ~ {label}:\n        {a}\n      → {b}");
            } else {
                let _ = writeln!(out, "  ~ {label}: {a} → {b}");
            }
        };
        let opt_text = |t: &Option<String>| t.clone().unwrap_or_else(|| "(not stated)".to_string());
        let opt_grade =
            |g: &Option<GradeId>| g.as_ref().map_or("(none)".to_string(), ToString::to_string);
        let opt_months = |r: &Option<Range>| {
            r.as_ref()
                .map_or("(not stated)".to_string(), format::months)
        };
        field(&mut out, "title", from.title.clone(), to.title.clone());
        field(
            &mut out,
            "grade",
            opt_grade(&from.grade),
            opt_grade(&to.grade),
        );
        field(
            &mut out,
            "typical time",
            opt_months(&from.typical_months),
            opt_months(&to.typical_months),
        );
        field(
            &mut out,
            "summary",
            opt_text(&from.summary),
            opt_text(&to.summary),
        );
        field(
            &mut out,
            "scope",
            opt_text(&from.scope),
            opt_text(&to.scope),
        );
        for p in &self.pay {
            let band = |b: &Option<PayBand>| b.as_ref().map_or("(none)".to_string(), format::band);
            let note = if p.example() {
                " (example figures)"
            } else {
                ""
            };
            field(&mut out, &format!("pay{note}"), band(&p.from), band(&p.to));
        }

        if !self.authority.is_empty() {
            let _ = writeln!(
                out,
                "\nDecision rights (parity total {} → {})",
                from.authority_total, to.authority_total
            );
            for a in &self.authority {
                let step = |s: &Option<StepRef>| {
                    s.as_ref().map_or("(none)".to_string(), |s| s.name.clone())
                };
                let scope = match &a.track {
                    Some(t) => format!(" [{t} only]"),
                    None => String::new(),
                };
                field(
                    &mut out,
                    &format!("{}{scope}", a.name),
                    step(&a.from),
                    step(&a.to),
                );
            }
        }

        let _ = writeln!(out, "\nCompetencies");
        let mut category: Option<&Option<String>> = None;
        for c in &self.competencies {
            if category != Some(&c.category_name) {
                category = Some(&c.category_name);
                let _ = writeln!(out, "  {}", c.category_name.as_deref().unwrap_or("Other"));
            }
            self.competency_human(&mut out, c);
        }
        out
    }

    fn competency_human(&self, out: &mut String, c: &CompetencyStep) {
        let name = |s: &Option<StepRef>| {
            s.as_ref()
                .map_or("(no step stated)".to_string(), |s| s.name.clone())
        };
        let (marker, text) = match c.change {
            StepChange::Same => ('=', format!("{} (same step)", name(&c.to))),
            StepChange::Higher | StepChange::Lower => {
                ('~', format!("{} → {}", name(&c.from), name(&c.to)))
            }
            StepChange::Begins => ('+', format!("{} (new at {})", name(&c.to), self.to.id)),
            StepChange::Ends => (
                '-',
                format!("{} (not expected at {})", name(&c.from), self.to.id),
            ),
            StepChange::Unstated => ('=', "(no step stated)".to_string()),
        };
        let side = match c.used_by {
            UsedBy::Both => String::new(),
            UsedBy::FromTrack => format!(" [{} track only]", self.from.track),
            UsedBy::ToTrack => format!(" [{} track only]", self.to.track),
        };
        let _ = writeln!(out, "    {marker} {}: {text}{side}", c.name);
        if c.change != StepChange::Same
            && let Some(desc) = c.to.as_ref().and_then(|s| s.description.as_ref())
        {
            let _ = writeln!(out, "        {}: {desc}", name(&c.to));
        }
        if !c.new_criteria.is_empty() {
            let _ = writeln!(out, "        new at {}:", self.to.title);
            for criterion in &c.new_criteria {
                let _ = writeln!(out, "          + {criterion}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("ic-4", "ic-4"), 0);
        assert_eq!(edit_distance("ic4", "ic-4"), 1);
        assert_eq!(edit_distance("managment", "management"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions_prefer_titles_then_spelling_then_a_list() {
        let known = [("ic-3", "Senior Engineer"), ("ic-4", "Staff Engineer")];
        assert_eq!(
            suggest("staff", known.into_iter()),
            "did you mean `ic-4` (Staff Engineer)?"
        );
        assert_eq!(
            suggest("staff-engineer", known.into_iter()),
            "did you mean `ic-4` (Staff Engineer)?"
        );
        assert_eq!(
            suggest("ic-5", known.into_iter()),
            "did you mean `ic-3` (Senior Engineer)?"
        );
        assert_eq!(
            suggest("zzzzzz", known.into_iter()),
            "known: `ic-3`, `ic-4`"
        );
        assert_eq!(suggest("x", std::iter::empty()), "none are defined");
    }
}
