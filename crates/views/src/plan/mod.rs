//! Transition plans and management trials: the viewer's plans, their reports' and those
//! they mentor ([`PlansView`]), the plan's form in two steps — the target level, then what
//! the plan says ([`PlanFormView`]) — and a plan's page with its steps, its checkpoints and
//! the actions the viewer may take ([`PlanView`]).
//!
//! The views are told everything they show: the web application decides, through the plan
//! capability and the domain's rules, who sees what and which actions are offered; a view
//! draws only the forms it is given. The words describe progress and moves, in both
//! directions alike: a return to individual contribution is a move, and a rating says how
//! a criterion is going, not how good the person is.

mod form;
mod page;

use pendulum_domain::PlanId;
use pendulum_domain::plan::{Due, EndChoice, Party, PlanContent, PlanState, Proposed, Status};
use time::Date;

pub use form::{
    CriterionChoice, FormFor, PlanFormView, PlanValues, ReflectionChoice, TargetInfo, TrialTerms,
};
pub use page::{
    AGREE_FORM, CHECKPOINT_FORM, CheckpointForm, CheckpointValues, CheckpointView, CriterionView,
    END_FORM, EndForm, EndOption, EndValues, EvidenceChoice, PlanFacts, PlanView, RatingChoice,
    RatingRow, RecordView, Recording, START_FORM, SimpleForm, StartForm, StepView, TrialView,
    WITHDRAW_FORM, WithdrawForm,
};

use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::paths;

/// The id prefix of the plan form's inputs (`plan-motivation`, `plan-criteria-…`).
pub const FORM: &str = "plan";

/// How the viewer stands to a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanPart {
    /// The plan is about the viewer.
    Person,
    /// The viewer is the person's manager.
    Manager,
    /// The plan names the viewer as mentor.
    Mentor,
}

impl PlanPart {
    /// The party the viewer records and agrees as; `None` for the mentor.
    pub fn party(self) -> Option<Party> {
        match self {
            Self::Person => Some(Party::Person),
            Self::Manager => Some(Party::Manager),
            Self::Mentor => None,
        }
    }
}

/// A plan's page.
pub fn href(id: &PlanId) -> String {
    paths::fill(paths::PLAN, &[&id.to_string()])
}

/// A plan's page with the notice of what was just done (`?done=agreed`).
pub fn href_done(id: &PlanId, done: &str) -> String {
    format!("{}?done={}", href(id), paths::segment(done))
}

/// "Engineering Manager (em-1)".
pub fn level_words(title: &str, id: &str) -> String {
    if title.is_empty() || title == id {
        id.to_string()
    } else {
        format!("{title} ({id})")
    }
}

/// A state as a badge's class, so that each reads apart without colour meaning a verdict.
fn state_class(state: PlanState) -> &'static str {
    match state {
        PlanState::Draft => "badge-private",
        PlanState::Agreed => "badge-note",
        PlanState::Active => "badge-note",
        PlanState::Ended => "badge-private",
    }
}

/// Where a plan stands, in words: its state, or how it ended.
pub fn state_words(status: &Status) -> String {
    match (status.state, status.ending) {
        (PlanState::Ended, Some(ending)) => ending.label().to_string(),
        (state, _) => state.label().to_string(),
    }
}

/// What a pending proposal of the plan asks an admin to confirm.
pub fn pending_words(pending: Proposed) -> String {
    match pending {
        Proposed::Start => "Waiting for an admin to confirm the start".to_string(),
        Proposed::End(EndChoice::Stay) => {
            "Waiting for an admin to confirm that the role is kept after the trial".to_string()
        }
        Proposed::End(EndChoice::Extend) => {
            "Waiting for an admin to confirm the extension of the trial".to_string()
        }
        Proposed::End(EndChoice::Return) => {
            "Waiting for an admin to confirm the return to individual contribution".to_string()
        }
    }
}

/// "Checkpoint day 30 due on 2026-02-04" (or "was due", once the day has passed).
fn checkpoint_due(due: &Due, today: Date) -> String {
    let what = match due.at {
        pendulum_domain::plan::CheckpointAt::Day(d) => format!("Checkpoint day {d}"),
        pendulum_domain::plan::CheckpointAt::End => "The end-of-trial checkpoint".to_string(),
    };
    if due.date < today {
        format!("{what} was due on {}", due.date)
    } else {
        format!("{what} due on {}", due.date)
    }
}

/// What a plan waits for, as the viewer (`part`) reads it: an agreement, a start, an
/// admin's decision, the next checkpoint the viewer has not recorded (for the mentor: the
/// next one not recorded by both), or nothing once it ended. `due` is the trial's
/// checkpoints, each with whether the person and the manager recorded it.
pub fn waits(
    part: PlanPart,
    status: &Status,
    pending: Option<Proposed>,
    due: &[(Due, bool, bool)],
    person: &str,
    today: Date,
) -> Option<String> {
    if let Some(p) = pending {
        return Some(pending_words(p));
    }
    match status.state {
        PlanState::Draft => Some(match part {
            PlanPart::Person if !status.person_agreed => {
                if status.put_forward {
                    "Waiting for your agreement to this revision".to_string()
                } else {
                    "A private draft: waiting for your agreement".to_string()
                }
            }
            PlanPart::Person => "Waiting for your manager’s agreement".to_string(),
            PlanPart::Manager if !status.manager_agreed => "Waiting for your agreement".to_string(),
            PlanPart::Manager => format!("Waiting for {person}’s agreement"),
            PlanPart::Mentor => "Waiting for agreement".to_string(),
        }),
        PlanState::Agreed => Some(match part {
            PlanPart::Person => "Agreed; waiting for your manager to start it".to_string(),
            PlanPart::Manager => "Agreed; waiting for you to start it".to_string(),
            PlanPart::Mentor => "Agreed; not started yet".to_string(),
        }),
        PlanState::Active => {
            let next = due.iter().find(|(_, by_person, by_manager)| match part {
                PlanPart::Person => !by_person,
                PlanPart::Manager => !by_manager,
                PlanPart::Mentor => !(*by_person && *by_manager),
            });
            match (next, status.trial.and_then(|t| t.until)) {
                (Some((d, _, _)), _) => Some(checkpoint_due(d, today)),
                (None, Some(until)) => Some(format!(
                    "Every checkpoint recorded; the trial runs until {until}"
                )),
                (None, None) => None,
            }
        }
        PlanState::Ended => None,
    }
}

/// A plan in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanItem {
    /// "Towards Engineering Manager (em-1)".
    pub title: String,
    pub href: String,
    /// Whose plan, for the lists of others' plans.
    pub person: Option<String>,
    pub state: String,
    pub state_class: &'static str,
    /// "A management trial", "A move".
    pub kind: String,
    pub waits: Option<String>,
}

impl PlanItem {
    /// `content` at `status` as `part` sees it; `person` is the plan's person's name,
    /// shown in the lists of others' plans.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: &PlanId,
        content: &PlanContent,
        status: &Status,
        pending: Option<Proposed>,
        part: PlanPart,
        person: &str,
        due: &[(Due, bool, bool)],
        today: Date,
    ) -> Self {
        Self {
            title: format!(
                "Towards {}",
                level_words(&content.target_title, content.target_level.as_str())
            ),
            href: href(id),
            person: (part != PlanPart::Person).then(|| person.to_string()),
            state: state_words(status),
            state_class: state_class(status.state),
            kind: kind_words(content),
            waits: waits(part, status, pending, due, person, today),
        }
    }
}

/// "A management trial, towards management", "A move towards individual contribution".
pub fn kind_words(content: &PlanContent) -> String {
    if content.trial {
        format!("A management trial, {}", content.plan_move.label())
    } else {
        format!("A move {}", content.plan_move.label())
    }
}

/// `/plans`: the viewer's own plans, those of the people who report to them and those they
/// mentor (each list shown only when it holds a plan), and the start of a new plan.
#[derive(askama::Template)]
#[template(path = "plan/list.html", blocks = ["content"])]
pub struct PlansView {
    pub chrome: Chrome,
    pub own: Vec<PlanItem>,
    pub reports: Vec<PlanItem>,
    pub mentored: Vec<PlanItem>,
    pub notice: Option<String>,
    /// Where "Start a plan" leads; `None` for an account linked to no person.
    pub start: Option<String>,
}

crate::view!(PlansView);

impl PlansView {
    pub fn new(
        organisation: &str,
        links: &Links,
        own: Vec<PlanItem>,
        reports: Vec<PlanItem>,
        mentored: Vec<PlanItem>,
        linked: bool,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Plans", links),
            own,
            reports,
            mentored,
            notice: None,
            start: linked.then(|| paths::PLAN_NEW.to_string()),
        }
    }

    #[must_use]
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }
}

#[cfg(test)]
mod tests;
