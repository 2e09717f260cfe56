//! A plan's page (`/plans/{id}`): what the plan says, where it stands, its steps, the
//! trial's checkpoints with each party's record, and the forms of the actions the viewer
//! may take now — only those: the web application decides which, by the domain's rules,
//! and hands each form over; a mentor's page holds none.

use askama::Template;
use pendulum_domain::PlanId;
use pendulum_domain::journal::{JournalEntry, KindInfo};
use pendulum_domain::pay::RETURN_PROTECTION_MONTHS;
use pendulum_domain::plan::{
    CheckpointAt, CheckpointRecord, Due, EndChoice, MAX_NOTE_CHARS, MAX_REASON_CHARS, Party,
    PlanContent, PlanState, Proposed, Rating, Status,
};
use time::{Date, OffsetDateTime};

use super::form::and_list;
use super::{PlanPart, kind_words, level_words, state_class, state_words, waits};
use crate::dates;
use crate::forms::FormErrors;
use crate::framework::Link;
use crate::journal::EntryCard;
use crate::people::PersonLink;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::paths;

/// Everything a plan's page shows, as the web application read it for the viewer.
pub struct PlanFacts<'a> {
    pub id: &'a PlanId,
    pub content: &'a PlanContent,
    pub status: &'a Status,
    pub pending: Option<Proposed>,
    /// Whether the plan's latest proposal was declined by an admin.
    pub declined: bool,
    pub part: PlanPart,
    pub person: PersonLink,
    /// The person's manager on record now.
    pub manager: Option<PersonLink>,
    pub mentor: Option<PersonLink>,
    pub interim: Vec<PersonLink>,
    /// "Senior Engineer (ic-3)": the level held when the plan was written.
    pub from: String,
    /// The linked reflection, for the person only.
    pub reflection: Option<Link>,
    /// Each step in words, with when it was taken, oldest first.
    pub steps: Vec<(String, OffsetDateTime)>,
    /// The trial's checkpoints, each with whether the person and the manager recorded it.
    pub due: Vec<(Due, bool, bool)>,
    /// The checkpoint records, oldest first, each with the evidence shown to the viewer.
    pub records: Vec<(CheckpointRecord, Vec<JournalEntry>, OffsetDateTime)>,
    /// The framework's kinds of work, for naming an evidence entry's kinds.
    pub kinds: &'a [KindInfo],
    /// The framework's limit of extensions.
    pub max_extensions: u32,
    pub today: Date,
}

/// A success criterion as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionView {
    pub name: String,
    pub lines: Vec<String>,
    /// "Framework version 1, Engineering Manager (em-1)".
    pub source: String,
}

/// A step of the plan's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView {
    pub text: String,
    pub at: String,
}

/// A trial's dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialView {
    pub started: String,
    pub until: Option<String>,
    /// "Not extended (the framework allows 1 extension)".
    pub extensions: String,
}

/// One party's record of a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordView {
    /// "Rob’s view" / "The manager’s view (Mia)".
    pub by: String,
    pub recorded: String,
    /// Each criterion's name, its rating in words, and the rating's class.
    pub ratings: Vec<(String, &'static str, &'static str)>,
    pub note: String,
    /// The journal entries shown with it (never to the mentor).
    pub evidence: Vec<EntryCard>,
}

/// A checkpoint of the trial: when it falls due and what each party recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointView {
    /// "Day 30", "End of the trial".
    pub label: String,
    pub date: String,
    /// "Recorded by both", "Waiting for the manager’s record"…
    pub state: String,
    pub records: Vec<RecordView>,
}

/// A form that is only a button (agreeing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleForm {
    pub action: String,
    pub label: String,
    pub hint: String,
    pub errors: Option<FormErrors>,
}

/// Withdrawing the plan, with an optional reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithdrawForm {
    pub action: String,
    pub reason: String,
    pub errors: Option<FormErrors>,
    pub max_reason: usize,
}

/// How the viewer's start or end is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recording {
    /// At once: the viewer may record changes (an admin).
    AtOnce,
    /// Proposed for an admin to confirm (a manager).
    Proposed,
}

/// Starting an agreed plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartForm {
    pub action: String,
    /// `YYYY-MM-DD`.
    pub effective: String,
    /// What starting records.
    pub what: String,
    /// Whether it is recorded at once or proposed.
    pub how: String,
    pub submit: String,
    pub errors: Option<FormErrors>,
}

impl StartForm {
    /// The start of plan `id` (saying `content`), recorded as `recording`, on `effective`.
    pub fn new(id: &PlanId, content: &PlanContent, recording: Recording, effective: &str) -> Self {
        let target = level_words(&content.target_title, content.target_level.as_str());
        let what = if content.trial {
            let days: Vec<String> = content.checkpoint_days.iter().map(u32::to_string).collect();
            format!(
                "Starting records the start of a management trial as {target} from the date \
                 below, for {} months, with checkpoints on days {} and at its end.",
                content.trial_months,
                and_list(&days)
            )
        } else {
            format!(
                "Starting records the move to {target} from the date below; the plan then ends."
            )
        };
        let (how, submit) = match recording {
            Recording::AtOnce => (
                "You may record changes to a role: it is recorded at once.".to_string(),
                "Record the start".to_string(),
            ),
            Recording::Proposed => (
                "It is proposed: an admin confirms it before it is recorded, and the plan says \
                 so meanwhile."
                    .to_string(),
                "Propose the start".to_string(),
            ),
        };
        Self {
            action: paths::fill(paths::PLAN_START, &[&id.to_string()]),
            effective: effective.to_string(),
            what,
            how,
            submit,
            errors: None,
        }
    }
}

/// A rating's radio button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub input: String,
    pub checked: bool,
}

/// A criterion to rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingRow {
    /// The field's name (`rating_communication`).
    pub field: String,
    pub name: String,
    pub choices: Vec<RatingChoice>,
}

/// A journal entry of the person's, to show as evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceChoice {
    pub value: String,
    pub input: String,
    /// "Tuesday 20 January 2026: One-to-ones, +2 (energised)".
    pub label: String,
    pub note: String,
    pub checked: bool,
}

/// Recording one's view of a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointForm {
    pub action: String,
    /// The checkpoints to choose from: value, label, selected.
    pub at: Vec<(String, String, bool)>,
    pub ratings: Vec<RatingRow>,
    pub note: String,
    /// For the person: their own journal entries since the trial started.
    pub evidence: Option<Vec<EvidenceChoice>>,
    pub errors: Option<FormErrors>,
    pub max_note: usize,
}

/// What a checkpoint form holds: nothing yet, or what was submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckpointValues {
    pub at: String,
    /// By competency id.
    pub ratings: Vec<(String, String)>,
    pub note: String,
    pub evidence: Vec<String>,
}

/// The checkpoint form's id prefix.
pub const CHECKPOINT_FORM: &str = "checkpoint";
/// The end form's id prefix.
pub const END_FORM: &str = "end";
/// The start form's id prefix.
pub const START_FORM: &str = "start";
/// The withdraw form's id prefix.
pub const WITHDRAW_FORM: &str = "withdraw";
/// The agree form's id prefix.
pub const AGREE_FORM: &str = "agree";

impl CheckpointForm {
    /// The form of `part` on plan `id`: the trial's checkpoints (`due`, the first one
    /// `part` has not recorded chosen, unless `values` chose one), a rating of each
    /// criterion, a note, and for the person `entries` of their journal to show.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: &PlanId,
        content: &PlanContent,
        due: &[(Due, bool, bool)],
        party: Party,
        values: &CheckpointValues,
        entries: Option<&[JournalEntry]>,
        kinds: &[KindInfo],
    ) -> Self {
        let ids = FormErrors::new(CHECKPOINT_FORM, "");
        let chosen = if values.at.is_empty() {
            due.iter()
                .find(|(_, p, m)| match party {
                    Party::Person => !p,
                    Party::Manager => !m,
                })
                .or(due.last())
                .map(|(d, _, _)| d.at.as_string())
                .unwrap_or_default()
        } else {
            values.at.clone()
        };
        let at = due
            .iter()
            .map(|(d, p, m)| {
                let mine = match party {
                    Party::Person => *p,
                    Party::Manager => *m,
                };
                let value = d.at.as_string();
                (
                    value.clone(),
                    format!(
                        "{}, due {}{}",
                        d.at.label(),
                        d.date,
                        if mine {
                            " (recorded; record again)"
                        } else {
                            ""
                        }
                    ),
                    value == chosen,
                )
            })
            .collect();
        let ratings = content
            .criteria
            .iter()
            .map(|c| {
                let field = format!("rating_{}", c.competency);
                let given = values
                    .ratings
                    .iter()
                    .find(|(k, _)| k == c.competency.as_str())
                    .map(|(_, v)| v.as_str());
                RatingRow {
                    choices: Rating::ALL
                        .into_iter()
                        .map(|r| RatingChoice {
                            value: r.as_str(),
                            label: r.label(),
                            input: format!("{}-{}", ids.input_id(&field), r.as_str()),
                            checked: given == Some(r.as_str()),
                        })
                        .collect(),
                    name: c.competency_name.clone(),
                    field,
                }
            })
            .collect();
        let evidence = entries.map(|entries| {
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let card = EntryCard::new(e, kinds);
                    let value = e.id.to_string();
                    EvidenceChoice {
                        input: if i == 0 {
                            ids.input_id("evidence")
                        } else {
                            format!("{}-{}", ids.input_id("evidence"), i + 1)
                        },
                        label: format!(
                            "{}: {}, {} ({})",
                            card.date,
                            if card.kinds.is_empty() {
                                "no kind of work named".to_string()
                            } else {
                                card.kinds.join(", ")
                            },
                            card.energy,
                            card.energy_words
                        ),
                        note: card.note,
                        checked: values.evidence.contains(&value),
                        value,
                    }
                })
                .collect()
        });
        Self {
            action: paths::fill(paths::PLAN_CHECKPOINT, &[&id.to_string()]),
            at,
            ratings,
            note: values.note.clone(),
            evidence,
            errors: None,
            max_note: MAX_NOTE_CHARS,
        }
    }
}

/// One way to end a trial, with what it will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndOption {
    pub value: &'static str,
    pub label: String,
    pub explanation: String,
    pub input: String,
    pub checked: bool,
    /// An extension refused before it is asked (the limit is reached): the option is
    /// shown, disabled, with the reason.
    pub disabled: bool,
}

/// What an end form holds: nothing yet, or what was submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndValues {
    pub outcome: String,
    pub reason: String,
    pub effective: String,
}

/// Ending (or extending) a trial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndForm {
    pub action: String,
    pub options: Vec<EndOption>,
    pub reason: String,
    pub reason_hint: String,
    pub effective: String,
    pub how: String,
    pub submit: String,
    pub errors: Option<FormErrors>,
    pub max_reason: usize,
}

impl EndForm {
    /// The end form of plan `id`: keeping the role, extending (`extensions_left` of the
    /// framework's limit remain, a reason needed when `reason_required`), or returning to
    /// `returns_to` ("Staff Engineer (ic-4)", the level the role history's rules give a
    /// return on the day), with pay protected for [`RETURN_PROTECTION_MONTHS`] months.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: &PlanId,
        content: &PlanContent,
        status: &Status,
        returns_to: Option<&str>,
        extensions_left: u32,
        reason_required: bool,
        recording: Recording,
        values: &EndValues,
    ) -> Self {
        let ids = FormErrors::new(END_FORM, "");
        let target = level_words(&content.target_title, content.target_level.as_str());
        let until = status
            .trial
            .and_then(|t| t.until)
            .map(|u| u.to_string())
            .unwrap_or_else(|| "its planned end".to_string());
        let extension = match extensions_left {
            0 => "The framework’s limit of extensions is reached: this trial cannot be \
                  extended again."
                .to_string(),
            n => format!(
                "Extends the trial by {} months from {until}. {} of the framework’s limit \
                 remain{}{}",
                content.trial_months,
                match n {
                    1 => "1 extension".to_string(),
                    n => format!("{n} extensions"),
                },
                if n == 1 { "s" } else { "" },
                if reason_required {
                    "; the framework asks for a reason."
                } else {
                    "."
                }
            ),
        };
        let back = match returns_to {
            Some(level) => format!(
                "Ends the trial with a return to individual contribution, on {level}: the \
                 higher of the level held before the trial and the framework’s return path. \
                 Pay is protected for {RETURN_PROTECTION_MONTHS} months after the return: \
                 paying less than before the trial needs a pay administrator’s reason."
            ),
            None => format!(
                "Ends the trial with a return to individual contribution, on the higher of the \
                 level held before the trial and the framework’s return path. Pay is \
                 protected for {RETURN_PROTECTION_MONTHS} months after the return."
            ),
        };
        let options = [
            (
                EndChoice::Stay,
                "Keep the role".to_string(),
                format!("Ends the trial; {target} is kept as the role from the date below."),
            ),
            (EndChoice::Extend, "Extend the trial".to_string(), extension),
            (
                EndChoice::Return,
                "Return to individual contribution".to_string(),
                back,
            ),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (choice, label, explanation))| EndOption {
            value: choice.as_str(),
            label,
            explanation,
            input: if i == 0 {
                ids.input_id("outcome")
            } else {
                format!("{}-{}", ids.input_id("outcome"), choice.as_str())
            },
            checked: values.outcome == choice.as_str(),
            disabled: choice == EndChoice::Extend && extensions_left == 0,
        })
        .collect();
        let (how, submit) = match recording {
            Recording::AtOnce => (
                "You may record changes to a role: it is recorded at once.".to_string(),
                "Record the decision".to_string(),
            ),
            Recording::Proposed => (
                "It is proposed: an admin confirms it before it is recorded.".to_string(),
                "Propose the decision".to_string(),
            ),
        };
        Self {
            action: paths::fill(paths::PLAN_END, &[&id.to_string()]),
            options,
            reason: values.reason.clone(),
            reason_hint: if reason_required {
                "Needed for an extension; optional otherwise.".to_string()
            } else {
                "Optional.".to_string()
            },
            effective: values.effective.clone(),
            how,
            submit,
            errors: None,
            max_reason: MAX_REASON_CHARS,
        }
    }
}

/// A plan's page.
#[derive(Template)]
#[template(path = "plan/show.html", blocks = ["content"])]
pub struct PlanView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub notice: Option<String>,
    /// A refusal whose form is not on the page (any more).
    pub refused: Option<FormErrors>,
    /// Who can read the plan, or that the viewer reads it as its mentor.
    pub reading: String,
    pub read_only: bool,
    pub state: String,
    pub state_class: &'static str,
    pub kind: String,
    pub waits: Option<String>,
    pub declined: Option<String>,
    pub person: PersonLink,
    pub manager: Option<PersonLink>,
    pub from: String,
    pub target: String,
    pub revision: u32,
    pub agreement: String,
    pub motivation: String,
    pub reflection: Option<Link>,
    pub criteria: Vec<CriterionView>,
    pub onboarding: Vec<String>,
    pub mentor: Option<PersonLink>,
    pub conversations: String,
    pub proposed_title: Option<String>,
    pub interim: Vec<PersonLink>,
    pub trial: Option<TrialView>,
    /// Days into the trial at which checkpoints fall, before it started: "30, 60 and 90".
    pub checkpoint_days: Option<String>,
    pub checkpoints: Vec<CheckpointView>,
    pub steps: Vec<StepView>,
    pub csrf: String,
    pub agree: Option<SimpleForm>,
    pub edit: Option<String>,
    pub withdraw: Option<WithdrawForm>,
    pub start: Option<StartForm>,
    /// Why there is no start form for a manager who may not record or propose.
    pub start_note: Option<String>,
    pub checkpoint: Option<CheckpointForm>,
    pub end: Option<EndForm>,
}

crate::view!(PlanView);

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::OnTrack => "rating-on-track",
        Rating::Mixed => "rating-mixed",
        Rating::NotYet => "rating-not-yet",
    }
}

impl PlanView {
    pub fn new(organisation: &str, links: &Links, csrf: &str, facts: PlanFacts<'_>) -> Self {
        let c = facts.content;
        let s = facts.status;
        let target = level_words(&c.target_title, c.target_level.as_str());
        let name = facts.person.name.clone();
        let heading = match facts.part {
            PlanPart::Person => format!("Your plan towards {target}"),
            _ => format!("{name}’s plan towards {target}"),
        };
        let manager_name = facts
            .manager
            .as_ref()
            .map(|m| m.name.clone())
            .unwrap_or_else(|| "no manager on record".to_string());
        let (person_ref, manager_ref) = match facts.part {
            PlanPart::Person => ("you".to_string(), format!("your manager ({manager_name})")),
            PlanPart::Manager => (name.clone(), "you".to_string()),
            PlanPart::Mentor => (name.clone(), format!("their manager ({manager_name})")),
        };
        let agreed = |yes: bool, who: &str| {
            if yes {
                format!("agreed by {who}")
            } else {
                format!("not yet agreed by {who}")
            }
        };
        let agreement = match s.state {
            PlanState::Draft => format!(
                "Revision {}: {}; {}.",
                s.revision,
                agreed(s.person_agreed, &person_ref),
                agreed(s.manager_agreed, &manager_ref)
            ),
            _ if s.person_agreed && s.manager_agreed => format!(
                "Revision {}, agreed by {person_ref} and {manager_ref}.",
                s.revision
            ),
            _ => format!("Revision {}.", s.revision),
        };
        let (reading, read_only) = match facts.part {
            PlanPart::Mentor => (
                format!(
                    "You are the mentor named in this plan: you read it and its checkpoints, \
                     read-only, and nothing else of {name}’s. {name} and their manager act on \
                     it; the journal entries {name} shows as evidence are for their manager \
                     only."
                ),
                true,
            ),
            PlanPart::Person if !s.put_forward => (
                "Only you can see this draft. Once you agree to it, your manager and the \
                 mentor you named can read it, and your manager agrees to it too."
                    .to_string(),
                false,
            ),
            PlanPart::Person => (
                "You, your manager and the mentor you named can read this plan; nobody else \
                 can, admins included. The journal entries you show at a checkpoint are for \
                 your manager only."
                    .to_string(),
                false,
            ),
            PlanPart::Manager => (
                format!(
                    "{name}, you (their manager) and the mentor they named can read this plan. \
                     You see the journal entries {name} chooses to show at a checkpoint, and \
                     no others."
                ),
                false,
            ),
        };
        let criteria = c
            .criteria
            .iter()
            .map(|k| CriterionView {
                name: k.competency_name.clone(),
                lines: k
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                source: format!(
                    "Framework version {}, {}",
                    k.framework_version,
                    if k.level == c.target_level {
                        target.clone()
                    } else {
                        k.level.to_string()
                    }
                ),
            })
            .collect();
        let trial = s.trial.map(|t| TrialView {
            started: t.started.to_string(),
            until: t.until.map(|u| u.to_string()),
            extensions: match (s.extensions, facts.max_extensions) {
                (0, max) => format!(
                    "Not extended (the framework allows {max} extension{})",
                    if max == 1 { "" } else { "s" }
                ),
                (n, max) => format!(
                    "Extended {} (the framework allows {max})",
                    if n == 1 {
                        "once".to_string()
                    } else {
                        format!("{n} times")
                    }
                ),
            },
        });
        let checkpoints = checkpoint_views(&facts, &name, &manager_name);
        let checkpoint_days =
            (c.trial && s.trial.is_none() && !c.checkpoint_days.is_empty()).then(|| {
                and_list(
                    &c.checkpoint_days
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>(),
                )
            });
        let mut trail = vec![Link {
            label: "Plans".to_string(),
            href: paths::PLANS.to_string(),
        }];
        if facts.part != PlanPart::Person
            && let Some(href) = &facts.person.href
        {
            trail.push(Link {
                label: name.clone(),
                href: href.clone(),
            });
        }
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail,
            heading,
            notice: None,
            refused: None,
            reading,
            read_only,
            state: state_words(s),
            state_class: state_class(s.state),
            kind: kind_words(c),
            waits: waits(facts.part, s, facts.pending, &facts.due, &name, facts.today),
            declined: (facts.declined && facts.pending.is_none()).then(|| {
                "An admin declined the plan’s latest proposal; nothing was recorded.".to_string()
            }),
            person: facts.person.clone(),
            manager: facts.manager.clone(),
            from: facts.from.clone(),
            target,
            revision: s.revision,
            agreement,
            motivation: c.motivation.clone(),
            reflection: facts.reflection.clone(),
            criteria,
            onboarding: c.onboarding.iter().map(|i| i.text.clone()).collect(),
            mentor: facts.mentor.clone(),
            conversations: c.conversations.clone(),
            proposed_title: c.proposed_title.clone(),
            interim: facts.interim.clone(),
            trial,
            checkpoint_days,
            checkpoints,
            steps: facts
                .steps
                .iter()
                .map(|(text, at)| StepView {
                    text: text.clone(),
                    at: dates::timestamp(*at),
                })
                .collect(),
            csrf: csrf.to_string(),
            agree: None,
            edit: None,
            withdraw: None,
            start: None,
            start_note: None,
            checkpoint: None,
            end: None,
        }
    }

    #[must_use]
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    /// A refusal shown at the top of the page (its form is not on the page).
    #[must_use]
    pub fn with_refused(mut self, errors: FormErrors) -> Self {
        self.refused = Some(errors);
        self
    }
}

/// A record's author as the page names them to the viewer (`part`).
fn by_words(part: PlanPart, party: Party, person: &str, manager: &str) -> String {
    match (part.party() == Some(party), party) {
        (true, _) => "Your view".to_string(),
        (false, Party::Person) => format!("{person}’s view"),
        (false, Party::Manager) => format!("The manager’s view ({manager})"),
    }
}

fn record_view(
    facts: &PlanFacts<'_>,
    record: &CheckpointRecord,
    evidence: &[JournalEntry],
    at: OffsetDateTime,
    person: &str,
    manager: &str,
) -> RecordView {
    RecordView {
        by: by_words(facts.part, record.party, person, manager),
        recorded: format!("recorded {}", dates::timestamp(at)),
        ratings: record
            .ratings
            .iter()
            .map(|(k, r)| {
                let name = facts
                    .content
                    .criteria
                    .iter()
                    .find(|c| c.competency == *k)
                    .map_or_else(|| k.to_string(), |c| c.competency_name.clone());
                (name, r.label(), rating_class(*r))
            })
            .collect(),
        note: record.note.clone(),
        evidence: evidence
            .iter()
            .map(|e| EntryCard::new(e, facts.kinds))
            .collect(),
    }
}

fn checkpoint_views(facts: &PlanFacts<'_>, person: &str, manager: &str) -> Vec<CheckpointView> {
    let mut out: Vec<CheckpointView> = facts
        .due
        .iter()
        .map(|(d, by_person, by_manager)| CheckpointView {
            label: d.at.label(),
            date: d.date.to_string(),
            state: match (by_person, by_manager) {
                (true, true) => "Recorded by both".to_string(),
                (true, false) => "Waiting for the manager’s record".to_string(),
                (false, true) => format!("Waiting for {person}’s record"),
                (false, false) if d.date > facts.today => format!("Due on {}", d.date),
                (false, false) => format!("Due since {}", d.date),
            },
            records: facts
                .records
                .iter()
                .filter(|(r, _, _)| r.at == d.at)
                .map(|(r, e, at)| record_view(facts, r, e, *at, person, manager))
                .collect(),
        })
        .collect();
    // Records of a checkpoint the trial no longer has (its end moved by an extension).
    let mut others: Vec<CheckpointAt> = facts
        .records
        .iter()
        .map(|(r, _, _)| r.at)
        .filter(|at| !facts.due.iter().any(|(d, _, _)| d.at == *at))
        .collect();
    others.sort();
    others.dedup();
    for at in others {
        out.push(CheckpointView {
            label: at.label(),
            date: String::new(),
            state: "Recorded before the trial’s dates changed".to_string(),
            records: facts
                .records
                .iter()
                .filter(|(r, _, _)| r.at == at)
                .map(|(r, e, when)| record_view(facts, r, e, *when, person, manager))
                .collect(),
        });
    }
    out
}

impl PlanView {
    /// The form agreeing to the current revision.
    #[must_use]
    pub fn with_agree(mut self, id: &PlanId, errors: Option<FormErrors>) -> Self {
        self.agree = Some(SimpleForm {
            action: paths::fill(paths::PLAN_AGREE, &[&id.to_string()]),
            label: format!("Agree to revision {}", self.revision),
            hint: "Agreeing says the plan, as it stands, is the one to follow. A later revision \
                   asks for agreement again."
                .to_string(),
            errors,
        });
        self
    }

    /// The link to a new revision and the withdrawal form.
    #[must_use]
    pub fn with_edit_and_withdraw(
        mut self,
        id: &PlanId,
        reason: &str,
        errors: Option<FormErrors>,
    ) -> Self {
        let id = id.to_string();
        self.edit = Some(paths::fill(paths::PLAN_EDIT, &[&id]));
        self.withdraw = Some(WithdrawForm {
            action: paths::fill(paths::PLAN_WITHDRAW, &[&id]),
            reason: reason.to_string(),
            errors,
            max_reason: MAX_REASON_CHARS,
        });
        self
    }

    #[must_use]
    pub fn with_start(mut self, form: StartForm) -> Self {
        self.start = Some(form);
        self
    }

    /// Why a manager who may neither record nor propose sees no start form.
    #[must_use]
    pub fn with_start_note(mut self, note: &str) -> Self {
        self.start_note = Some(note.to_string());
        self
    }

    #[must_use]
    pub fn with_checkpoint(mut self, form: CheckpointForm) -> Self {
        self.checkpoint = Some(form);
        self
    }

    #[must_use]
    pub fn with_end(mut self, form: EndForm) -> Self {
        self.end = Some(form);
        self
    }

    /// Whether the page holds any form of an action.
    pub fn has_actions(&self) -> bool {
        self.agree.is_some()
            || self.withdraw.is_some()
            || self.start.is_some()
            || self.checkpoint.is_some()
            || self.end.is_some()
    }
}
