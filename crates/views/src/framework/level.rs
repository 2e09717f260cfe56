//! A level's page: what the level is, what it is paid and may decide, how it connects to
//! the other track, and what it expects, competency by competency.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::explain;
use pendulum_framework::format;
use pendulum_framework::ids::LevelId;
use pendulum_framework::model::Track;

use super::{Band, Link, first_sentence, kind_class, text};
use crate::markup::{Markup, Sentence, markdown};
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;
use pendulum_framework::format::categories_in_order;

pub struct Fact {
    pub label: &'static str,
    pub value: Markup,
}

pub struct AuthorityRow {
    pub right: String,
    /// Set for a right specific to one track (outside parity): that track's name.
    pub only: Option<String>,
    pub step: String,
    pub meaning: Option<String>,
}

pub struct Archetype {
    pub name: String,
    pub summary: Option<String>,
}

pub struct ExpectationView {
    /// The competency id, for the section's anchor.
    pub id: String,
    pub competency: String,
    pub step: Option<String>,
    pub step_description: Option<String>,
    pub description: Option<Markup>,
    pub criteria: Vec<String>,
    pub examples: Vec<String>,
}

pub struct CategorySection {
    pub name: String,
    pub expectations: Vec<ExpectationView>,
}

/// The next level of the track, and a count of what changes on the way there.
pub struct NextLevel {
    pub link: Link,
    pub changes_href: String,
    pub grade: Option<(String, String)>,
    pub competencies_changing: usize,
    pub new_criteria: usize,
}

#[derive(Template)]
#[template(path = "framework/level.html", blocks = ["content"])]
pub struct LevelView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub title: String,
    pub class: &'static str,
    pub facts: Vec<Fact>,
    pub summary: Option<String>,
    pub scope: Option<String>,
    pub description: Option<Markup>,
    pub pay: Vec<Band>,
    pub pay_example: bool,
    pub pay_href: String,
    pub rights: Vec<AuthorityRow>,
    pub authority_total: u64,
    pub rights_href: String,
    pub archetypes: Vec<Archetype>,
    pub return_path: Option<Markup>,
    pub returns_here: Vec<Link>,
    pub same_grade: Vec<(Link, String)>,
    pub categories: Vec<CategorySection>,
    pub next: Option<NextLevel>,
    /// What changes in a move to the equivalent level of each other track: filled by the
    /// web application, which has the page for it (the static export has none).
    pub across: Vec<Link>,
    pub previous: Option<Link>,
}

crate::view!(LevelView);

impl LevelView {
    /// The page of the level with this id; `None` when the framework has no such level.
    pub fn for_level(fw: &Framework, id: &LevelId, links: &Links) -> Option<Self> {
        let (track, _) = fw.level(id)?;
        let index = track.levels.iter().position(|l| &l.id == id)?;
        Some(Self::new(fw, track, index, links))
    }

    /// The page of the level at `index` in `track`.
    ///
    /// # Panics
    /// When `index` is not a level of `track`.
    pub fn new(fw: &Framework, track: &Track, index: usize, links: &Links) -> Self {
        let level = &track.levels[index];
        let level_link = |l: &pendulum_framework::model::Level| Link {
            label: l.title.clone(),
            href: links.level(&l.id),
        };

        let mut facts = vec![
            Fact {
                label: "Track",
                value: {
                    let s = Sentence::new().link(&track.name, &links.track(&track.id));
                    // "Management (management)" says nothing twice.
                    if track.name.eq_ignore_ascii_case(track.kind.label()) {
                        s.build()
                    } else {
                        s.text(&format!(" ({})", track.kind.label())).build()
                    }
                },
            },
            Fact {
                label: "Level id",
                value: Sentence::new().text(level.id.as_str()).build(),
            },
        ];
        if let Some(grade) = &level.grade {
            facts.push(Fact {
                label: "Grade",
                value: Sentence::new().text(grade.as_str()).build(),
            });
        }
        if !level.aliases.is_empty() {
            facts.push(Fact {
                label: "Also called",
                value: Sentence::new().text(&level.aliases.join(", ")).build(),
            });
        }
        if let Some(range) = &level.typical_months {
            facts.push(Fact {
                label: "Typical time at this level",
                value: Sentence::new().text(&format::months(range)).build(),
            });
        }
        if let Some(range) = &level.points {
            facts.push(Fact {
                label: "Points",
                value: Sentence::new().text(&format::points(range)).build(),
            });
        }

        let rights = fw
            .decision_rights
            .iter()
            .filter_map(|r| {
                let step_id = level.authority.get(&r.id)?;
                let step = r.scale.iter().find(|s| &s.id == step_id)?;
                Some(AuthorityRow {
                    right: r.name.clone(),
                    only: r
                        .track
                        .as_ref()
                        .map(|t| fw.track(t).map_or(t.to_string(), |t| t.name.clone())),
                    step: step.name.clone(),
                    meaning: text(step.description.as_deref()),
                })
            })
            .collect();
        let archetypes = level
            .archetypes
            .iter()
            .filter_map(|id| fw.archetypes.iter().find(|a| &a.id == id))
            .map(|a| Archetype {
                name: a.name.clone(),
                summary: first_sentence(a.description.as_deref()),
            })
            .collect();

        let return_path = fw.transitions.return_paths.get(&level.id).map(|to| {
            let target = fw.level(to);
            let same_grade =
                target.is_some_and(|(_, l)| l.grade.is_some() && l.grade == level.grade);
            let s = Sentence::new().text("This level returns to ");
            let s = match target {
                Some((_, l)) => s.link(&l.title, &links.level(&l.id)),
                None => s.text(to.as_str()),
            };
            let s = s.text(" on the individual-contributor track");
            let s = if same_grade {
                s.text(", at the same grade")
            } else {
                s
            };
            s.text(". The move brings a manager's view of people and organisations back to hands-on technical work.")
                .build()
        });
        let returns_here = fw
            .transitions
            .return_paths
            .iter()
            .filter(|(_, to)| **to == level.id)
            .filter_map(|(from, _)| Link::to_level(fw, links, from))
            .collect();
        let same_grade = match &level.grade {
            Some(grade) => fw
                .levels()
                .filter(|(t, l)| t.id != track.id && l.grade.as_ref() == Some(grade))
                .map(|(t, l)| (level_link(l), t.name.clone()))
                .collect(),
            None => Vec::new(),
        };

        let categories = categories_in_order(fw)
            .into_iter()
            .map(|(id, name, _)| CategorySection {
                name,
                expectations: fw
                    .competencies
                    .iter()
                    .filter(|c| c.category == id && c.used_by(&track.id))
                    .map(|c| {
                        let expectation = level.expectation(&c.id);
                        let step = expectation
                            .and_then(|e| e.step.as_ref())
                            .and_then(|s| c.scale.iter().find(|x| &x.id == s));
                        ExpectationView {
                            id: c.id.to_string(),
                            competency: c.name.clone(),
                            step: step.map(|s| s.name.clone()),
                            step_description: step.and_then(|s| text(s.description.as_deref())),
                            description: expectation
                                .and_then(|e| markdown(e.description.as_deref(), 5)),
                            criteria: expectation.map(|e| e.criteria.clone()).unwrap_or_default(),
                            examples: expectation.map(|e| e.examples.clone()).unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .filter(|c| !c.expectations.is_empty())
            .collect();

        let next = track.levels.get(index + 1).map(|next| {
            let e = explain::explain(fw, &track.id, &level.id, &next.id)
                .expect("consecutive levels of one track can always be explained");
            let changing: Vec<_> = e.changed_competencies().collect();
            NextLevel {
                link: level_link(next),
                changes_href: links.next_level(&level.id),
                grade: (level.grade != next.grade).then(|| {
                    (
                        super::grade_label(level.grade.as_ref()),
                        super::grade_label(next.grade.as_ref()),
                    )
                }),
                competencies_changing: changing.len(),
                new_criteria: changing.iter().map(|c| c.new_criteria.len()).sum(),
            }
        });

        Self {
            across: Vec::new(),
            chrome: Chrome::framework(fw, &level.title, links, Section::Other),
            trail: vec![
                Link {
                    label: fw.name.clone(),
                    href: links.index(),
                },
                Link::to_track(track, links),
            ],
            title: level.title.clone(),
            class: kind_class(track.kind),
            facts,
            summary: text(level.summary.as_deref()),
            scope: text(level.scope.as_deref()),
            description: markdown(level.description.as_deref(), 3),
            pay: level.pay.iter().map(Band::of).collect(),
            pay_example: level.pay.iter().any(|b| b.example),
            pay_href: links.pay(),
            rights,
            authority_total: fw.authority_total(level),
            rights_href: links.rights(),
            archetypes,
            return_path,
            returns_here,
            same_grade,
            categories,
            next,
            previous: index.checked_sub(1).map(|i| level_link(&track.levels[i])),
        }
    }
}
