//! The framework's front page: tracks side by side by grade, one row per grade and one
//! column per track, so equivalent levels read across a row.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::diagnostic::Severity;
use pendulum_framework::lint::Finding;

use super::{Link, first_sentence, kind_class, moves};
use crate::markup::{Markup, markdown};
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;
use pendulum_framework::format::categories_in_order;

pub struct TrackColumn {
    pub link: Link,
    pub kind: &'static str,
    pub class: &'static str,
    pub levels: usize,
    pub summary: Option<String>,
}

pub struct GradeRow {
    pub grade: String,
    /// One cell per track, in the tracks' order; a cell lists the track's levels at the
    /// grade (usually one, possibly none).
    pub cells: Vec<Vec<Link>>,
}

pub struct UngradedLevel {
    pub link: Link,
    pub track: String,
}

pub struct CompetencyItem {
    pub name: String,
    pub tracks: String,
    pub summary: Option<String>,
}

pub struct CategoryGroup {
    pub name: String,
    pub description: Option<Markup>,
    pub competencies: Vec<CompetencyItem>,
}

pub struct RightItem {
    pub name: String,
    pub weight: u32,
    /// The track a track-specific right belongs to; such rights stay out of parity totals.
    pub only: Option<String>,
    pub steps: Vec<String>,
}

pub struct ChangelogItem {
    pub version: Option<String>,
    pub date: Option<String>,
    pub notes: Option<String>,
}

/// What the lint report found, in a sentence and a link.
pub struct LintSummary {
    pub errors: usize,
    pub warnings: usize,
    pub href: String,
}

#[derive(Template)]
#[template(path = "framework/index.html", blocks = ["content"])]
pub struct IndexView {
    pub chrome: Chrome,
    pub title: String,
    pub version: Option<String>,
    pub description: Option<Markup>,
    pub tracks: Vec<TrackColumn>,
    pub rows: Vec<GradeRow>,
    pub ungraded: Vec<UngradedLevel>,
    pub categories: Vec<CategoryGroup>,
    pub rights: Vec<RightItem>,
    pub moves: Vec<Markup>,
    pub lint: LintSummary,
    pub pay_href: String,
    pub rights_href: String,
    pub changelog: Vec<ChangelogItem>,
}

crate::view!(IndexView);

impl IndexView {
    pub fn new(fw: &Framework, findings: &[Finding], links: &Links) -> Self {
        let tracks = fw
            .tracks
            .iter()
            .map(|t| TrackColumn {
                link: Link::to_track(t, links),
                kind: t.kind.label(),
                class: kind_class(t.kind),
                levels: t.levels.len(),
                summary: first_sentence(t.description.as_deref()),
            })
            .collect();
        // Highest grade first, as on every page that runs through the grades.
        let rows = fw
            .grades
            .iter()
            .rev()
            .map(|g| GradeRow {
                grade: g.to_string(),
                cells: fw
                    .tracks
                    .iter()
                    .map(|t| {
                        t.levels
                            .iter()
                            .filter(|l| l.grade.as_ref() == Some(g))
                            .map(|l| Link {
                                label: l.title.clone(),
                                href: links.level(&l.id),
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        let ungraded = fw
            .levels()
            .filter(|(_, l)| l.grade.is_none())
            .map(|(t, l)| UngradedLevel {
                link: Link {
                    label: l.title.clone(),
                    href: links.level(&l.id),
                },
                track: t.name.clone(),
            })
            .collect();
        let categories = categories_in_order(fw)
            .into_iter()
            .map(|(id, name, description)| CategoryGroup {
                name,
                description: markdown(description.as_deref(), 4),
                competencies: fw
                    .competencies
                    .iter()
                    .filter(|c| c.category == id)
                    .map(|c| CompetencyItem {
                        name: c.name.clone(),
                        tracks: if c.tracks.is_empty() {
                            "every track".to_string()
                        } else {
                            c.tracks
                                .iter()
                                .map(|t| fw.track(t).map_or(t.to_string(), |t| t.name.clone()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                        summary: first_sentence(c.description.as_deref()),
                    })
                    .collect(),
            })
            .filter(|c| !c.competencies.is_empty())
            .collect();
        let rights = fw
            .decision_rights
            .iter()
            .map(|r| RightItem {
                name: r.name.clone(),
                weight: r.weight,
                only: r
                    .track
                    .as_ref()
                    .map(|t| fw.track(t).map_or(t.to_string(), |t| t.name.clone())),
                steps: r.scale.iter().map(|s| s.name.clone()).collect(),
            })
            .collect();
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Self {
            chrome: Chrome::framework(fw, "Tracks by grade", links, Section::Overview),
            title: fw.name.clone(),
            version: fw.version.clone(),
            description: markdown(fw.description.as_deref(), 3),
            tracks,
            rows,
            ungraded,
            categories,
            rights,
            moves: moves(fw, None, links),
            lint: LintSummary {
                errors,
                warnings: findings.len() - errors,
                href: links.lint(),
            },
            pay_href: links.pay(),
            rights_href: links.rights(),
            changelog: fw
                .changelog
                .iter()
                .map(|e| ChangelogItem {
                    version: e.version.clone(),
                    date: e.date.clone(),
                    notes: e.notes.clone(),
                })
                .collect(),
        }
    }
}
