//! What changes between two levels, from `explain::explain`: the page behind a level's
//! "what changes at the next level" link, and any other pair of levels the web
//! application asks about (a move between tracks reads as a move, never as up or down).

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::explain::{
    CompetencyStep, Explanation, Movement, StepChange, StepRef, UsedBy,
};
use pendulum_framework::format;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::model::{PayBand, Range};

use super::{Link, grade_label, text};
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;

/// One line of the side-by-side comparison of the two levels.
pub struct GlanceRow {
    pub label: String,
    pub from: String,
    pub to: String,
    pub changed: bool,
}

pub struct AuthorityChange {
    pub right: String,
    pub only: Option<String>,
    pub from: String,
    pub to: String,
    pub changed: bool,
}

pub struct CompetencyChange {
    pub id: String,
    pub name: String,
    /// For a competency only one of the two tracks uses: which.
    pub side: Option<String>,
    /// In words: "Persuades → Aligns", "stays at Aligns", "newly expected: Aligns".
    pub change: String,
    pub changed: bool,
    /// What the target step means, when the step changes.
    pub meaning: Option<String>,
    pub new_criteria: Vec<String>,
    pub examples: Vec<String>,
}

pub struct CompetencyGroup {
    pub name: String,
    pub competencies: Vec<CompetencyChange>,
}

#[derive(Template)]
#[template(path = "framework/explain.html", blocks = ["content"])]
pub struct ExplainView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub kind: String,
    pub from: Link,
    pub to: Link,
    pub notes: Vec<String>,
    pub glance: Vec<GlanceRow>,
    pub pay_example: bool,
    pub authority: Vec<AuthorityChange>,
    pub authority_totals: (u64, u64),
    pub groups: Vec<CompetencyGroup>,
    pub unchanged: usize,
}

crate::view!(ExplainView);

fn band(b: &Option<PayBand>) -> String {
    b.as_ref().map_or_else(|| "none".to_string(), format::band)
}

fn months(r: &Option<Range>) -> String {
    r.as_ref()
        .map_or_else(|| "not stated".to_string(), format::months)
}

fn step(s: &Option<StepRef>) -> String {
    s.as_ref()
        .map_or_else(|| "none".to_string(), |s| s.name.clone())
}

impl ExplainView {
    /// What changes from the level with this id to the next level of its track; `None`
    /// for an unknown level or the last level of a track.
    pub fn next_level(fw: &Framework, id: &LevelId, links: &Links) -> Option<Self> {
        let (track, _) = fw.level(id)?;
        let index = track.levels.iter().position(|l| &l.id == id)?;
        let next = track.levels.get(index + 1)?;
        let e = pendulum_framework::explain::explain(fw, &track.id, id, &next.id).ok()?;
        Some(Self::new(fw, &e, links))
    }

    pub fn new(fw: &Framework, e: &Explanation, links: &Links) -> Self {
        let (from, to) = (&e.from, &e.to);
        let kind = match e.movement {
            Movement::NextLevel => "What changes at the next level".to_string(),
            Movement::LaterLevel => "What changes at a later level of the track".to_string(),
            Movement::EarlierLevel => "What changes at an earlier level of the track".to_string(),
            Movement::BetweenTracks => format!(
                "What changes in a move from the {} track to the {} track",
                from.track_name, to.track_name
            ),
        };
        let mut notes = Vec::new();
        match e.move_allowed {
            Some(true) => notes.push(format!(
                "The framework opens moves from {} to {}.",
                from.track_name, to.track_name
            )),
            Some(false) => notes.push(format!(
                "The framework does not list moves from {} to {} among its open moves.",
                from.track_name, to.track_name
            )),
            None => {}
        }
        if e.is_return_path {
            notes.push(format!(
                "{} is the return path the framework sets for {}: an ordinary move that brings a manager's view of people and organisations back to hands-on technical work.",
                to.title, from.title
            ));
        }

        let row = |label: &str, a: String, b: String| GlanceRow {
            label: label.to_string(),
            changed: a != b,
            from: a,
            to: b,
        };
        let mut glance = Vec::new();
        if from.track != to.track {
            glance.push(row("Track", from.track_name.clone(), to.track_name.clone()));
        }
        glance.push(row(
            "Grade",
            grade_label(from.grade.as_ref()),
            grade_label(to.grade.as_ref()),
        ));
        glance.push(row(
            "Typical time",
            months(&from.typical_months),
            months(&to.typical_months),
        ));
        let or_unstated =
            |t: &Option<String>| text(t.as_deref()).unwrap_or_else(|| "not stated".to_string());
        glance.push(row(
            "Scope",
            or_unstated(&from.scope),
            or_unstated(&to.scope),
        ));
        glance.push(row(
            "Summary",
            or_unstated(&from.summary),
            or_unstated(&to.summary),
        ));
        for p in &e.pay {
            glance.push(row(
                &format!("Pay ({})", p.currency),
                band(&p.from),
                band(&p.to),
            ));
        }
        glance.push(row(
            "Authority total",
            from.authority_total.to_string(),
            to.authority_total.to_string(),
        ));

        let track_name = |id: &TrackId| fw.track(id).map_or(id.to_string(), |t| t.name.clone());
        let authority = e
            .authority
            .iter()
            .map(|a| AuthorityChange {
                right: a.name.clone(),
                only: a.track.as_ref().map(track_name),
                from: step(&a.from),
                to: step(&a.to),
                changed: a.changed(),
            })
            .collect();

        let mut groups: Vec<CompetencyGroup> = Vec::new();
        let mut unchanged = 0;
        for c in &e.competencies {
            let view = competency(c, e);
            if !view.changed {
                unchanged += 1;
            }
            let name = c
                .category_name
                .clone()
                .unwrap_or_else(|| "Other".to_string());
            match groups.last_mut() {
                Some(g) if g.name == name => g.competencies.push(view),
                _ => groups.push(CompetencyGroup {
                    name,
                    competencies: vec![view],
                }),
            }
        }

        let from_track = fw.track(&from.track);
        let mut trail = vec![Link {
            label: fw.name.clone(),
            href: links.index(),
        }];
        if let Some(t) = from_track {
            trail.push(Link::to_track(t, links));
        }
        let from_link = Link {
            label: from.title.clone(),
            href: links.level(&from.id),
        };
        trail.push(from_link.clone());
        let heading = format!("From {} to {}", from.title, to.title);
        Self {
            chrome: Chrome::framework(fw, &heading, links, Section::Other),
            trail,
            kind,
            from: from_link,
            to: Link {
                label: to.title.clone(),
                href: links.level(&to.id),
            },
            heading,
            notes,
            glance,
            pay_example: e.pay.iter().any(|p| p.example()),
            authority,
            authority_totals: (from.authority_total, to.authority_total),
            groups,
            unchanged,
        }
    }
}

fn competency(c: &CompetencyStep, e: &Explanation) -> CompetencyChange {
    let name = |s: &Option<StepRef>| s.as_ref().map(|s| s.name.clone());
    let change = match (c.change, name(&c.from), name(&c.to)) {
        (StepChange::Same, _, Some(to)) => format!("stays at {to}"),
        (StepChange::Higher | StepChange::Lower, Some(from), Some(to)) => {
            format!("{from} → {to}")
        }
        (StepChange::Begins, _, Some(to)) => format!("newly expected: {to}"),
        (StepChange::Ends, Some(from), _) => format!("{from}, no longer expected"),
        _ => "no step stated".to_string(),
    };
    let side = match c.used_by {
        UsedBy::Both => None,
        UsedBy::FromTrack => Some(format!("{} track only", e.from.track_name)),
        UsedBy::ToTrack => Some(format!("{} track only", e.to.track_name)),
    };
    let changed = c.change != StepChange::Same || !c.new_criteria.is_empty();
    CompetencyChange {
        id: c.id.to_string(),
        name: c.name.clone(),
        side,
        change,
        changed,
        meaning: match c.change {
            StepChange::Same | StepChange::Unstated => None,
            _ => c.to.as_ref().and_then(|s| text(s.description.as_deref())),
        },
        new_criteria: c.new_criteria.clone(),
        examples: c.examples.clone(),
    }
}
