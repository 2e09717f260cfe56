//! The framework pages: tracks side by side by grade, a page per track and per level,
//! what changes at the next level, pay and decision rights compared across tracks, the
//! lint report and the diff between two versions.
//!
//! The pages follow the Markdown renderer of `pendulum-framework` (`render`) section by
//! section and share its wording of figures ([`mod@format`]); they differ where HTML can do
//! more: tables with captions and header cells, a chart, a page of its own for the next
//! level.

pub mod diff;
pub mod explain;
pub mod index;
pub mod level;
pub mod lint;
pub mod pay;
pub mod rights;
pub mod track;

use pendulum_framework::Framework;
use pendulum_framework::format;
use pendulum_framework::ids::{GradeId, LevelId, TrackId};
use pendulum_framework::model::{PayBand, Track, TrackKind};

use crate::markup::{Markup, Sentence};
use crate::shell::links::Links;

pub(crate) use crate::chart::kind_class;

pub use diff::DiffView;
pub use explain::ExplainView;
pub use index::IndexView;
pub use level::{Fact, LevelView};
pub use lint::LintView;
pub use pay::PayView;
pub use rights::RightsView;
pub use track::TrackView;

/// A link with its visible label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub href: String,
}

impl Link {
    fn to_level(fw: &Framework, links: &Links, id: &LevelId) -> Option<Self> {
        fw.level(id).map(|(_, l)| Self {
            label: l.title.clone(),
            href: links.level(&l.id),
        })
    }

    fn to_track(track: &Track, links: &Links) -> Self {
        Self {
            label: track.name.clone(),
            href: links.track(&track.id),
        }
    }
}

/// A pay band as a table cell shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    pub currency: String,
    /// `90,000–114,000`.
    pub range: String,
    pub min: String,
    pub mid: Option<String>,
    pub max: String,
    pub example: bool,
    pub zones: Vec<String>,
}

impl Band {
    fn of(b: &PayBand) -> Self {
        Self {
            currency: b.currency.to_string(),
            range: format!("{}–{}", format::amount(b.min), format::amount(b.max)),
            min: format::amount(b.min),
            mid: b.mid.map(format::amount),
            max: format::amount(b.max),
            example: b.example,
            zones: b
                .zones
                .iter()
                .map(|z| {
                    format!(
                        "{} {}–{}",
                        z.name,
                        format::amount(z.min),
                        format::amount(z.max)
                    )
                })
                .collect(),
        }
    }
}

fn grade_label(grade: Option<&GradeId>) -> String {
    grade.map_or_else(|| "no grade".to_string(), |g| g.to_string())
}

/// The first sentence of a Markdown description, flattened to one line of plain text
/// (the template escapes it).
fn first_sentence(text: Option<&str>) -> Option<String> {
    let text = text?.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    Some(text[..end].replace(['*', '`'], ""))
}

/// Plain text of an optional field, `None` when blank.
fn text(value: Option<&str>) -> Option<String> {
    value
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

/// Sentences about moves between tracks, for the index (`only` = `None`) and a track page.
fn moves(fw: &Framework, only: Option<&TrackId>, links: &Links) -> Vec<Markup> {
    let t = &fw.transitions;
    let track = |s: Sentence, id: &TrackId| match fw.track(id) {
        Some(track) => s.link(&track.name, &links.track(id)),
        None => s.text(id.as_str()),
    };
    let level = |s: Sentence, id: &LevelId| match Link::to_level(fw, links, id) {
        Some(l) => s.link(&l.label, &l.href),
        None => s.text(id.as_str()),
    };
    let mut out = Vec::new();
    for m in &t.allowed {
        if only.is_none_or(|id| *id == m.from || *id == m.to) {
            let s = track(Sentence::new().text("Moves from "), &m.from);
            let s = track(s.text(" to "), &m.to);
            out.push(s.text(" are open.").build());
        }
    }
    if let Some(months) = t.trial_months {
        let touches_management = only.is_none_or(|id| {
            fw.track(id)
                .is_some_and(|t| t.kind == TrackKind::Management)
        });
        if touches_management {
            out.push(
                Sentence::new()
                    .text(&format!(
                        "A move into management can start with a trial of {months} months, with a guaranteed way back."
                    ))
                    .build(),
            );
        }
    }
    for (from, to) in &t.return_paths {
        let on_track = |id: &LevelId| fw.level(id).map(|(t, _)| &t.id);
        if only.is_none_or(|id| on_track(from) == Some(id) || on_track(to) == Some(id)) {
            let s = level(Sentence::new(), from);
            let s = level(s.text(" returns to "), to);
            out.push(s.text(" on the individual-contributor track.").build());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_is_plain_text_on_one_line() {
        assert_eq!(
            first_sentence(Some("Leads *people*.\nThen more.")).as_deref(),
            Some("Leads people.")
        );
        assert_eq!(first_sentence(Some("  ")), None);
        assert_eq!(first_sentence(None), None);
    }
}
