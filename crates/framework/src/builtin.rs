//! The built-in dual-track engineering framework written by `pendulum framework init`, and
//! the built-in policy (reflection questions, onboarding checklists, kinds of work) that a
//! framework gets for every section it leaves out.
//!
//! The built-in framework writes the same policy out in full, so an organisation that runs
//! `init` sees it and can change it; a test keeps the two equal.

use std::sync::LazyLock;

use crate::ids::{ChecklistItemId, QuestionId, WorkKindId};
use crate::model::{
    ChecklistItem, Direction, Extra, Origin, QuestionDirection, ReflectionQuestion, WorkKind,
};

/// The framework's YAML text.
pub const ENGINEERING_YAML: &str = include_str!("../builtin/engineering.yaml");

/// The file name `init` writes.
pub const FILE_NAME: &str = "framework.yaml";

/// The built-in reflection: (id, direction, text, hint).
pub const REFLECTION: &[(&str, QuestionDirection, &str, &str)] = &[
    (
        "what-draws-you",
        QuestionDirection::ToManagement,
        "What draws you to management?",
        "Perhaps genuine interest in the work of leading people, perhaps the sense that there is no other path upward. Energy, pay and status are honest answers too; naming them helps you see the move clearly.",
    ),
    (
        "mentoring",
        QuestionDirection::ToManagement,
        "Do you seek out chances to mentor others?",
        "Think of the last few months: when did you choose to help someone grow, and how did it feel?",
    ),
    (
        "facilitating",
        QuestionDirection::ToManagement,
        "How do you facilitate technical discussions?",
        "When a group disagrees, what do you do? Do you enjoy helping others reach a decision as much as reaching it yourself?",
    ),
    (
        "strategy-and-teams",
        QuestionDirection::ToManagement,
        "How curious are you about business strategy and team dynamics?",
        "Do you follow why the organisation makes the choices it does, and how people work together, for their own sake?",
    ),
    (
        "energy",
        QuestionDirection::Any,
        "Which work leaves you depleted, and which leaves you wanting more?",
        "Your journal can help: look at the kinds of work where your energy rises and where it falls.",
    ),
    (
        "would-miss",
        QuestionDirection::Any,
        "What would you miss about the work you do now?",
        "The hands-on work, the people, the rhythm of your days, the feedback you get: whatever matters to you.",
    ),
    (
        "great-at",
        QuestionDirection::Any,
        "What do you want to be great at?",
        "Not the next level: the craft you want to master in the coming years.",
    ),
    (
        "why-now",
        QuestionDirection::ToIc,
        "Why does a return to individual contribution feel right now?",
        "What has changed for you, and what are you looking forward to?",
    ),
    (
        "what-you-bring",
        QuestionDirection::ToIc,
        "What do you bring back from your time in management?",
        "A wider view of how people, incentives and organisations shape systems is valuable in technical work.",
    ),
    (
        "title",
        QuestionDirection::ToIc,
        "Which title would reflect the value you bring?",
        "Think of the scope you want to work at and the framework's individual-contributor levels; your plan can propose it.",
    ),
];

/// The built-in onboarding checklist for a move towards management: (id, text).
pub const ONBOARDING_TO_MANAGEMENT: &[(&str, &str)] = &[
    (
        "training",
        "Management training, booked for the first weeks",
    ),
    ("mentor", "A mentor who has made this move, met regularly"),
    (
        "expectations",
        "Clear expectations and success criteria, agreed with your manager",
    ),
    (
        "first-one-to-ones",
        "First one-to-ones with each person in the team",
    ),
    (
        "peers",
        "An introduction to peer managers and the team's stakeholders",
    ),
];

/// The built-in onboarding checklist for a move towards individual contribution: (id, text).
pub const ONBOARDING_TO_IC: &[(&str, &str)] = &[
    ("technical-area", "A technical area to own"),
    (
        "pairing",
        "Pairing with engineers in the team during the first weeks",
    ),
    ("hands-on-time", "Protected time to rebuild hands-on skills"),
    (
        "expectations",
        "Clear expectations for the new role, agreed with your manager",
    ),
    (
        "handover",
        "A handover of management duties, agreed with your manager",
    ),
];

/// The built-in kinds of work: (id, name, hands-on).
pub const JOURNAL_KINDS: &[(&str, &str, bool)] = &[
    ("building", "Hands-on building", true),
    ("code-review", "Code review", true),
    ("design", "Design", true),
    ("debugging", "Debugging", true),
    ("incidents", "Incidents", true),
    ("mentoring", "Mentoring", false),
    ("one-to-ones", "One-to-ones", false),
    ("hiring", "Hiring", false),
    ("planning", "Planning", false),
    ("strategy", "Strategy", false),
    ("meetings", "Meetings", false),
    ("writing", "Writing", false),
];

static DEFAULT_REFLECTION: LazyLock<Vec<ReflectionQuestion>> = LazyLock::new(|| {
    REFLECTION
        .iter()
        .map(|(id, direction, text, hint)| ReflectionQuestion {
            id: QuestionId::new(*id).expect("built-in ids are valid"),
            text: (*text).to_string(),
            hint: Some((*hint).to_string()),
            direction: *direction,
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
});

fn checklist(items: &[(&str, &str)]) -> Vec<ChecklistItem> {
    items
        .iter()
        .map(|(id, text)| ChecklistItem {
            id: ChecklistItemId::new(*id).expect("built-in ids are valid"),
            text: (*text).to_string(),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
}

static DEFAULT_ONBOARDING_TO_MANAGEMENT: LazyLock<Vec<ChecklistItem>> =
    LazyLock::new(|| checklist(ONBOARDING_TO_MANAGEMENT));
static DEFAULT_ONBOARDING_TO_IC: LazyLock<Vec<ChecklistItem>> =
    LazyLock::new(|| checklist(ONBOARDING_TO_IC));

static DEFAULT_JOURNAL_KINDS: LazyLock<Vec<WorkKind>> = LazyLock::new(|| {
    JOURNAL_KINDS
        .iter()
        .map(|(id, name, hands_on)| WorkKind {
            id: WorkKindId::new(*id).expect("built-in ids are valid"),
            name: (*name).to_string(),
            hands_on: *hands_on,
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect()
});

/// The reflection questions a framework gets when it has no `reflection`.
pub fn default_reflection() -> &'static [ReflectionQuestion] {
    &DEFAULT_REFLECTION
}

/// The onboarding checklist a framework gets for a direction it leaves out.
pub fn default_onboarding(direction: Direction) -> &'static [ChecklistItem] {
    match direction {
        Direction::ToManagement => &DEFAULT_ONBOARDING_TO_MANAGEMENT,
        Direction::ToIc => &DEFAULT_ONBOARDING_TO_IC,
    }
}

/// The kinds of work a framework gets when it has no `journal.kinds`.
pub fn default_journal_kinds() -> &'static [WorkKind] {
    &DEFAULT_JOURNAL_KINDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QuestionDirection;

    fn builtin() -> crate::Framework {
        crate::check_str("engineering.yaml", ENGINEERING_YAML)
            .expect("the built-in framework checks")
            .framework
    }

    #[test]
    fn the_built_in_framework_writes_out_the_default_policy() {
        let fw = builtin();
        assert_eq!(fw.reflection.as_deref(), Some(default_reflection()));
        assert_eq!(
            fw.transitions.onboarding.to_management.as_deref(),
            Some(default_onboarding(Direction::ToManagement))
        );
        assert_eq!(
            fw.transitions.onboarding.to_ic.as_deref(),
            Some(default_onboarding(Direction::ToIc))
        );
        assert_eq!(fw.journal.kinds.as_deref(), Some(default_journal_kinds()));
        assert_eq!(fw.transitions.checkpoints, Some(vec![30, 60, 90]));
        assert_eq!(fw.transitions.extensions.max, Some(1));
        assert_eq!(fw.transitions.extensions.reason_required, Some(true));
    }

    #[test]
    fn the_built_in_kinds_of_work_are_the_documented_ones() {
        let ids: Vec<&str> = default_journal_kinds()
            .iter()
            .map(|k| k.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "building",
                "code-review",
                "design",
                "debugging",
                "incidents",
                "mentoring",
                "one-to-ones",
                "hiring",
                "planning",
                "strategy",
                "meetings",
                "writing"
            ]
        );
        let hands_on: Vec<&str> = default_journal_kinds()
            .iter()
            .filter(|k| k.hands_on)
            .map(|k| k.id.as_str())
            .collect();
        assert_eq!(
            hands_on,
            [
                "building",
                "code-review",
                "design",
                "debugging",
                "incidents"
            ]
        );
    }

    #[test]
    fn the_built_in_reflection_asks_in_both_directions_in_neutral_words() {
        let count = |d: QuestionDirection| REFLECTION.iter().filter(|q| q.1 == d).count();
        assert!(count(QuestionDirection::ToManagement) >= 4);
        assert!(count(QuestionDirection::ToIc) >= 3);
        assert!(count(QuestionDirection::Any) >= 3);
        for (id, _, text, hint) in REFLECTION {
            let words = format!("{text} {hint}").to_lowercase();
            for loaded in [
                "demotion",
                "demote",
                "step down",
                "backwards",
                "failure",
                "fail",
            ] {
                assert!(!words.contains(loaded), "question `{id}` says {loaded:?}");
            }
        }
    }
}
