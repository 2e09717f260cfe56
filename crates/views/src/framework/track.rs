//! A track's page: its levels in order and the step of each competency at each level.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::format;
use pendulum_framework::ids::TrackId;
use pendulum_framework::model::Track;

use super::{Link, grade_label, kind_class, moves};
use crate::markup::{Markup, markdown};
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;
use pendulum_framework::format::kind_sentence;

pub struct LevelRow {
    pub link: Link,
    pub id: String,
    pub grade: String,
    pub typical: Option<String>,
}

pub struct MatrixRow {
    pub competency: String,
    /// One cell per level; `None` where the level states no step.
    pub steps: Vec<Option<String>>,
}

#[derive(Template)]
#[template(path = "framework/track.html", blocks = ["content"])]
pub struct TrackView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub name: String,
    pub kind: String,
    pub class: &'static str,
    pub description: Option<Markup>,
    pub levels: Vec<LevelRow>,
    pub matrix: Vec<MatrixRow>,
    pub moves: Vec<Markup>,
}

crate::view!(TrackView);

impl TrackView {
    /// The page of the track with this id; `None` when the framework has no such track.
    pub fn for_track(fw: &Framework, id: &TrackId, links: &Links) -> Option<Self> {
        fw.track(id).map(|t| Self::new(fw, t, links))
    }

    pub fn new(fw: &Framework, track: &Track, links: &Links) -> Self {
        // Highest level first, as on every page that runs through the grades.
        let levels = track
            .levels
            .iter()
            .rev()
            .map(|l| LevelRow {
                link: Link {
                    label: l.title.clone(),
                    href: links.level(&l.id),
                },
                id: l.id.to_string(),
                grade: grade_label(l.grade.as_ref()),
                typical: l.typical_months.as_ref().map(format::months),
            })
            .collect();
        let matrix = fw
            .competencies
            .iter()
            .filter(|c| c.used_by(&track.id))
            .map(|c| MatrixRow {
                competency: c.name.clone(),
                steps: track
                    .levels
                    .iter()
                    .map(|l| {
                        l.expectation(&c.id)
                            .and_then(|e| e.step.as_ref())
                            .and_then(|s| c.scale.iter().find(|x| &x.id == s))
                            .map(|s| s.name.clone())
                    })
                    .collect(),
            })
            .collect();
        Self {
            chrome: Chrome::framework(fw, &track.name, links, Section::Other),
            trail: vec![Link {
                label: fw.name.clone(),
                href: links.index(),
            }],
            name: track.name.clone(),
            kind: kind_sentence(track),
            class: kind_class(track.kind),
            description: markdown(track.description.as_deref(), 3),
            levels,
            matrix,
            moves: moves(fw, Some(&track.id), links),
        }
    }
}
