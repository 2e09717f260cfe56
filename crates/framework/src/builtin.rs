//! The built-in dual-track engineering framework written by `pendulum framework init`, and
//! the built-in policy (reflection questions, onboarding checklists, kinds of work) that a
//! framework gets for every section it leaves out.
//!
//! The built-in framework writes the same policy out in full, so an organisation that runs
//! `init` sees it and can change it; a test keeps the two equal. The model turns these
//! tables into its defaults (`model::default_reflection` and the others).

/// The framework's YAML text.
pub const ENGINEERING_YAML: &str = include_str!("../builtin/engineering.yaml");

/// The file name `init` writes.
pub const FILE_NAME: &str = "framework.yaml";

/// The built-in reflection: (id, direction as written in a file, text, hint).
pub const REFLECTION: &[(&str, &str, &str, &str)] = &[
    (
        "what-draws-you",
        "to-management",
        "What draws you to management?",
        "Perhaps genuine interest in the work of leading people, perhaps the sense that there is no other path upward. Energy, pay and status are honest answers too; naming them helps you see the move clearly.",
    ),
    (
        "mentoring",
        "to-management",
        "Do you seek out chances to mentor others?",
        "Think of the last few months: when did you choose to help someone grow, and how did it feel?",
    ),
    (
        "facilitating",
        "to-management",
        "How do you facilitate technical discussions?",
        "When a group disagrees, what do you do? Do you enjoy helping others reach a decision as much as reaching it yourself?",
    ),
    (
        "strategy-and-teams",
        "to-management",
        "How curious are you about business strategy and team dynamics?",
        "Do you follow why the organisation makes the choices it does, and how people work together, for their own sake?",
    ),
    (
        "energy",
        "any",
        "Which work leaves you depleted, and which leaves you wanting more?",
        "Your journal can help: look at the kinds of work where your energy rises and where it falls.",
    ),
    (
        "would-miss",
        "any",
        "What would you miss about the work you do now?",
        "The hands-on work, the people, the rhythm of your days, the feedback you get: whatever matters to you.",
    ),
    (
        "great-at",
        "any",
        "What do you want to be great at?",
        "Not the next level: the craft you want to master in the coming years.",
    ),
    (
        "why-now",
        "to-ic",
        "Why does a return to individual contribution feel right now?",
        "What has changed for you, and what are you looking forward to?",
    ),
    (
        "what-you-bring",
        "to-ic",
        "What do you bring back from your time in management?",
        "A wider view of how people, incentives and organisations shape systems is valuable in technical work.",
    ),
    (
        "title",
        "to-ic",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, default_journal_kinds, default_onboarding, default_reflection};

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
        let count = |d: &str| REFLECTION.iter().filter(|q| q.1 == d).count();
        assert!(count("to-management") >= 4);
        assert!(count("to-ic") >= 3);
        assert!(count("any") >= 3);
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
