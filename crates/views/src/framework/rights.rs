//! Decision rights compared across tracks: at each grade, the step every level holds on
//! every right and the weighted totals that parity compares. Parallel tracks fail when
//! budget, headcount and strategy stay with one of them; this page shows whether they do.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::ids::GradeId;
use pendulum_framework::model::{Level, Track};

use super::{Link, kind_class};
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;

pub struct LevelHead {
    pub link: Link,
    pub track: String,
    pub track_id: String,
    pub class: &'static str,
}

pub struct RightRow {
    pub name: String,
    pub weight: u32,
    /// Set for a right specific to one track (left out of totals): that track's name.
    pub only: Option<String>,
    /// One cell per level of the grade; `None` where the level holds no step.
    pub steps: Vec<Option<String>>,
}

pub struct GradeTable {
    pub grade: String,
    pub caption: String,
    pub id: String,
    pub levels: Vec<LevelHead>,
    pub rows: Vec<RightRow>,
    pub totals: Vec<u64>,
    /// A sentence comparing the totals, when levels of more than one track share the grade.
    pub comparison: Option<String>,
}

/// A row of the overview: the weighted totals of each track's levels at one grade.
pub struct TotalsRow {
    pub grade: String,
    /// Anchor of the grade's table.
    pub id: String,
    /// One cell per track: its levels at the grade with their totals.
    pub cells: Vec<Vec<(Link, u64)>>,
}

#[derive(Template)]
#[template(path = "framework/rights.html", blocks = ["content"])]
pub struct RightsView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub tracks: Vec<(Link, &'static str)>,
    pub totals: Vec<TotalsRow>,
    pub grades: Vec<GradeTable>,
}

crate::view!(RightsView);

impl RightsView {
    pub fn new(fw: &Framework, links: &Links) -> Self {
        // Highest grade first, as on every page that runs through the grades.
        let mut grades: Vec<GradeTable> = fw
            .grades
            .iter()
            .rev()
            .map(|g| table(fw, Some(g), links))
            .collect();
        grades.push(table(fw, None, links));
        grades.retain(|t| !t.levels.is_empty());
        if fw.decision_rights.is_empty() {
            grades.clear();
        }
        let totals = grades
            .iter()
            .map(|g| TotalsRow {
                grade: g.grade.clone(),
                id: g.id.clone(),
                cells: fw
                    .tracks
                    .iter()
                    .map(|t| {
                        g.levels
                            .iter()
                            .zip(&g.totals)
                            .filter(|(l, _)| l.track_id == t.id.as_str())
                            .map(|(l, total)| (l.link.clone(), *total))
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Self {
            tracks: fw
                .tracks
                .iter()
                .map(|t| (Link::to_track(t, links), kind_class(t.kind)))
                .collect(),
            totals,
            chrome: Chrome::framework(
                fw,
                "Decision rights compared across tracks",
                links,
                Section::Rights,
            ),
            trail: vec![Link {
                label: fw.name.clone(),
                href: links.index(),
            }],
            grades,
        }
    }
}

fn table(fw: &Framework, grade: Option<&GradeId>, links: &Links) -> GradeTable {
    let levels: Vec<(&Track, &Level)> = fw
        .levels()
        .filter(|(_, l)| l.grade.as_ref() == grade)
        .collect();
    let rows = fw
        .decision_rights
        .iter()
        .map(|r| RightRow {
            name: r.name.clone(),
            weight: r.weight,
            only: r
                .track
                .as_ref()
                .map(|t| fw.track(t).map_or(t.to_string(), |t| t.name.clone())),
            steps: levels
                .iter()
                .map(|(_, l)| {
                    let step = l.authority.get(&r.id)?;
                    r.scale
                        .iter()
                        .find(|s| &s.id == step)
                        .map(|s| s.name.clone())
                })
                .collect(),
        })
        .collect();
    let totals: Vec<u64> = levels.iter().map(|(_, l)| fw.authority_total(l)).collect();
    let tracks = {
        let mut ids: Vec<_> = levels.iter().map(|(t, _)| &t.id).collect();
        ids.dedup();
        ids.len()
    };
    let comparison = (tracks > 1).then(|| {
        let low = totals.iter().min().copied().unwrap_or(0);
        let high = totals.iter().max().copied().unwrap_or(0);
        if low == high {
            format!("The weighted totals at this grade are equal: {high}.")
        } else {
            format!("The weighted totals at this grade range from {low} to {high}.")
        }
    });
    let (label, caption, id) = match grade {
        Some(g) => (
            format!("Grade {g}"),
            format!("Decision rights of the levels at grade {g}, with weighted totals"),
            format!("grade-{g}"),
        ),
        None => (
            "Levels without a grade".to_string(),
            "Decision rights of the levels without a grade, with weighted totals".to_string(),
            "no-grade".to_string(),
        ),
    };
    GradeTable {
        grade: label,
        caption,
        id,
        levels: levels
            .iter()
            .map(|(t, l)| LevelHead {
                link: Link {
                    label: l.title.clone(),
                    href: links.level(&l.id),
                },
                track: t.name.clone(),
                track_id: t.id.to_string(),
                class: kind_class(t.kind),
            })
            .collect(),
        rows,
        totals,
        comparison,
    }
}
