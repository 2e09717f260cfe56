//! The plan's form, new (`/plans/new`) or a new revision (`/plans/{id}/edit`), in two
//! steps: the target level (a select grouped by track, asked with GET: choosing changes
//! nothing), then what the plan says, with the target level's expectations to choose the
//! success criteria from. It posts to its own address; a refusal comes back with the
//! summary, the faulty field marked and every value kept.

use askama::Template;
use pendulum_domain::plan::{Criterion, MAX_TEXT_CHARS, MAX_TITLE_CHARS, PlanMove};
use pendulum_domain::reflection::Reflection;
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;

use super::{FORM, level_words};
use crate::forms::FormErrors;
use crate::framework::Link;
use crate::people::{OptionGroup, level_groups};
use crate::reflection::direction_title;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::paths;

/// What the form holds: nothing for a new plan, the current revision when changing one,
/// what was submitted after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanValues {
    pub target: String,
    pub motivation: String,
    /// A reflection id, or empty.
    pub reflection: String,
    /// Competency ids.
    pub criteria: Vec<String>,
    /// The mentor's email.
    pub mentor: String,
    pub conversations: String,
    pub proposed_title: String,
    pub trial: bool,
    /// Emails, one per line.
    pub interim_team: String,
}

/// The target level chosen, as the form says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetInfo {
    pub id: String,
    /// "Engineering Manager (em-1)".
    pub words: String,
    /// "A move towards management".
    pub move_words: String,
}

/// An expectation of the target level, as a criterion to tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionChoice {
    /// The competency id.
    pub value: String,
    pub name: String,
    /// The expectation's words, line by line.
    pub lines: Vec<String>,
    pub checked: bool,
    /// The checkbox's id (the first one is `plan-criteria`, so the summary links to it).
    pub input: String,
}

/// One of the viewer's reflections, to link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReflectionChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl ReflectionChoice {
    /// The viewer's `reflections` as choices, `chosen` selected.
    pub fn of(reflections: &[Reflection], chosen: &str) -> Vec<Self> {
        reflections
            .iter()
            .map(|r| {
                let value = r.id.to_string();
                Self {
                    label: format!(
                        "{} (version {}, {})",
                        direction_title(r.direction),
                        r.version,
                        if r.is_shared() {
                            "shared with your manager"
                        } else {
                            "private"
                        }
                    ),
                    selected: value == chosen,
                    value,
                }
            })
            .collect()
    }
}

/// The framework's terms of a management trial, said beside the trial's box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialTerms {
    pub months: u32,
    /// "30, 60 and 90".
    pub days: String,
}

/// "30, 60 and 90".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The plan form, or before a target is chosen, the choice of target.
#[derive(Template)]
#[template(path = "plan/form.html", blocks = ["content"])]
pub struct PlanFormView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    /// Where the form posts: the page's own address, query included.
    pub action: String,
    /// Where the choice of target goes (GET): the page's path.
    pub choose: String,
    /// The link back to the choice of target, once one is chosen.
    pub choose_again: String,
    pub csrf: String,
    /// "You hold Senior Engineer (ic-3)."
    pub held: Option<String>,
    /// The levels to choose from, by track (the level held left out).
    pub groups: Vec<OptionGroup>,
    /// The target chosen; `None` while choosing.
    pub target: Option<TargetInfo>,
    pub values: PlanValues,
    pub criteria: Vec<CriterionChoice>,
    pub reflections: Vec<ReflectionChoice>,
    /// Set when the move may be tried first (a move into management).
    pub trial: Option<TrialTerms>,
    /// Whether a title may be proposed (a move towards individual contribution).
    pub title_allowed: bool,
    pub errors: Option<FormErrors>,
    pub submit: String,
    pub cancel: String,
    /// Who sees the plan once saved.
    pub privacy: String,
    /// For a revision: what saving does to the agreements.
    pub note: Option<String>,
    pub max_text: usize,
    pub max_title: usize,
}

crate::view!(PlanFormView);

/// Whether the form is for a new plan or a revision of plan `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormFor {
    New,
    /// A new revision of the plan at `href`, now at `revision`; `agreed` when anyone agreed
    /// to the current one.
    Revision {
        id: String,
        revision: u32,
        agreed: bool,
        put_forward: bool,
    },
}

impl PlanFormView {
    /// The form for `fw` (published as `version`), for someone holding `held`: the choice
    /// of target while `values.target` is empty (or `choosing`), the plan's fields
    /// otherwise. `action` is the page's own address, query included.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        action: &str,
        for_: FormFor,
        fw: &Framework,
        version: u32,
        held: Option<&LevelId>,
        values: PlanValues,
        reflections: Vec<ReflectionChoice>,
        choosing: bool,
    ) -> Self {
        let held_level = held.and_then(|h| fw.level(h));
        let target_level = (!choosing)
            .then(|| fw.levels().find(|(_, l)| l.id.as_str() == values.target))
            .flatten();
        let target = target_level.map(|(track, level)| {
            let plan_move = match held_level {
                Some((from, _)) => PlanMove::between(from.kind, track.kind),
                None => PlanMove::Lateral,
            };
            (
                TargetInfo {
                    id: level.id.to_string(),
                    words: level_words(&level.title, level.id.as_str()),
                    move_words: format!("A move {}", plan_move.label()),
                },
                plan_move,
            )
        });
        let (path, heading, trail, submit, cancel, note, privacy) = match &for_ {
            FormFor::New => (
                paths::PLAN_NEW.to_string(),
                match &target {
                    Some((t, _)) => format!("A plan towards {}", t.words),
                    None => "Start a plan".to_string(),
                },
                vec![Link {
                    label: "Plans".to_string(),
                    href: paths::PLANS.to_string(),
                }],
                "Save the draft".to_string(),
                paths::PLANS.to_string(),
                None,
                "The draft is private: only you can see it until you agree to it. Once you \
                 agree, your manager and the mentor you name can read it, and your manager \
                 agrees to it too."
                    .to_string(),
            ),
            FormFor::Revision {
                id,
                revision,
                agreed,
                put_forward,
            } => {
                let plan = paths::fill(paths::PLAN, &[id]);
                (
                    paths::fill(paths::PLAN_EDIT, &[id]),
                    "Change your plan".to_string(),
                    vec![
                        Link {
                            label: "Plans".to_string(),
                            href: paths::PLANS.to_string(),
                        },
                        Link {
                            label: "Your plan".to_string(),
                            href: plan.clone(),
                        },
                    ],
                    format!("Save as revision {}", revision + 1),
                    plan,
                    Some(if *agreed {
                        format!(
                            "Saving writes revision {}: agreement is asked for again, from you \
                             and from your manager. Revision {revision} stays in the plan’s \
                             history.",
                            revision + 1
                        )
                    } else {
                        format!(
                            "Saving writes revision {}; agreement is asked for again.",
                            revision + 1
                        )
                    }),
                    if *put_forward {
                        "Your manager and the mentor you name can read the plan, its new \
                         revision too."
                            .to_string()
                    } else {
                        "The draft is private: only you can see it until you agree to it."
                            .to_string()
                    },
                )
            }
        };
        let criteria = match &target {
            Some((t, _)) => {
                let level = LevelId::new(&t.id).expect("a level of the framework");
                criteria_choices(
                    &pendulum_domain::plan::criteria_for(fw, version, &level),
                    &values.criteria,
                )
            }
            None => Vec::new(),
        };
        let policy = fw.transition_policy();
        let trial = match &target {
            Some((_, PlanMove::ToManagement)) => Some(TrialTerms {
                months: policy.trial_months,
                days: and_list(
                    &policy
                        .checkpoints
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>(),
                ),
            }),
            _ => None,
        };
        let title_allowed = matches!(&target, Some((_, PlanMove::ToIc)));
        let mut groups = level_groups(fw, &values.target);
        if let Some(held) = held {
            for g in &mut groups {
                g.options.retain(|o| o.value != held.as_str());
            }
            groups.retain(|g| !g.options.is_empty());
        }
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail,
            heading,
            action: action.to_string(),
            choose_again: format!("{path}?choose=1"),
            choose: path,
            csrf: csrf.to_string(),
            held: held_level
                .map(|(_, l)| format!("You hold {}.", level_words(&l.title, l.id.as_str()))),
            groups,
            target: target.map(|(t, _)| t),
            values,
            criteria,
            reflections,
            trial,
            title_allowed,
            errors: None,
            submit,
            cancel,
            privacy,
            note,
            max_text: MAX_TEXT_CHARS,
            max_title: MAX_TITLE_CHARS,
        }
    }

    /// The form after a refused submission.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }
}

/// The target level's expectations as checkboxes, `chosen` ticked.
fn criteria_choices(available: &[Criterion], chosen: &[String]) -> Vec<CriterionChoice> {
    let first = FormErrors::new(FORM, "").input_id("criteria");
    available
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionChoice {
            value: c.competency.to_string(),
            name: c.competency_name.clone(),
            lines: c
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            checked: chosen.iter().any(|k| k.trim() == c.competency.as_str()),
            input: if i == 0 {
                first.clone()
            } else {
                format!("{first}-{}", c.competency)
            },
        })
        .collect()
}
