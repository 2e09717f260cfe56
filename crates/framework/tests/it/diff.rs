//! Tests of `diff`: a framework against itself is empty, and a copy edited in known places
//! reports exactly those edits, keyed by stable ids.

use pendulum_framework::diff::{Diff, Status, diff};
use pendulum_framework::model::Framework;
use pendulum_framework::{builtin, check_str};
use serde_json::json;

fn checked(name: &str, yaml: &str) -> Framework {
    match check_str(name, yaml) {
        Ok(c) => c.framework,
        Err(e) => panic!("{name} does not check: {e:?}"),
    }
}

fn builtin_fw() -> Framework {
    checked("engineering.yaml", builtin::ENGINEERING_YAML)
}

/// Replaces the only occurrence of `from`; fails when there is none or several, so an edit
/// never lands somewhere unintended.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur exactly once"
    );
    text.replacen(from, to, 1)
}

/// Replaces the only occurrence of `from` inside the block of level `level`.
fn replace_in_level(text: &str, level: &str, from: &str, to: &str) -> String {
    let start = text
        .find(&format!("      - id: {level}\n"))
        .unwrap_or_else(|| panic!("level {level} in the YAML"));
    let end = text[start + 1..]
        .find("\n      - id: ")
        .map_or(text.len(), |i| start + 1 + i);
    format!(
        "{}{}{}",
        &text[..start],
        replace_once(&text[start..end], from, to),
        &text[end..]
    )
}

/// The diff as JSON, where unchanged fields are left out: comparing it with an expected
/// value checks that the edits are reported and that nothing else is.
fn as_json(d: &Diff) -> serde_json::Value {
    serde_json::to_value(d).expect("a diff serialises")
}

#[test]
fn a_framework_against_itself_is_empty() {
    let fw = builtin_fw();
    let d = diff(&fw, &fw);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(d.unmapped_removed_levels().count(), 0);
    assert_eq!(
        as_json(&d),
        json!({
            "from": {"name": "Pendulum Engineering Framework", "version": "1.0.0"},
            "to": {"name": "Pendulum Engineering Framework", "version": "1.0.0"},
        })
    );
    assert_eq!(
        d.render_human(),
        "Pendulum Engineering Framework: 1.0.0 → 1.0.0\nNo changes.\n"
    );
}

/// The same framework read from differently laid-out text is the same framework.
#[test]
fn layout_and_comments_are_not_changes() {
    let old = builtin_fw();
    // Comments go (those at the top and above each level's authority; the `#` lines in
    // the description are Markdown headings inside a block scalar and stay), and the
    // grade list changes from flow to block style.
    let reformatted = builtin::ENGINEERING_YAML
        .lines()
        .filter(|l| {
            !(l.starts_with("# ")
                || l.trim_start().starts_with("# Authority")
                || l.starts_with("        #   "))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let reformatted = replace_once(
        &reformatted,
        "grades: [g1, g2, g3, g4, g5, g6, g7]",
        "grades:\n  - g1\n  - g2\n  - g3\n  - g4\n  - g5\n  - g6\n  - g7",
    );
    assert!(reformatted.len() < builtin::ENGINEERING_YAML.len() - 1000);
    let new = checked("reformatted.yaml", &reformatted);
    let d = diff(&old, &new);
    assert!(d.is_empty(), "{}", d.render_human());
}

fn edited_builtin() -> String {
    let y = builtin::ENGINEERING_YAML;
    let y = replace_once(y, "\nversion: \"1.0.0\"", "\nversion: \"1.1.0\"");
    let y = replace_once(
        &y,
        "title: Staff Engineer\n",
        "title: Staff Software Engineer\n",
    );
    let y = replace_in_level(
        &y,
        "ic-4",
        "min: 90000, mid: 102000, max: 114000",
        "min: 95000, mid: 105000, max: 118000",
    );
    let y = replace_in_level(&y, "ic-5", "grade: g5", "grade: g6");
    let y = replace_in_level(&y, "em-1", "headcount: decides", "headcount: owns");
    let y = replace_in_level(
        &y,
        "ic-2",
        "competency: strategy\n            step: aware",
        "competency: strategy\n            step: contributes",
    );
    let y = replace_in_level(
        &y,
        "ic-3",
        "              - Creates opportunities for others to lead parts of a project.\n",
        "              - Runs the team's mentoring rota.\n",
    );
    let y = replace_once(
        &y,
        "    name: Strategy\n",
        "    name: Strategy and vision\n",
    );
    let y = replace_once(&y, "trial_months: 6", "trial_months: 3");
    replace_once(&y, "em-1: ic-4", "em-1: ic-3")
}

#[test]
fn an_edited_copy_reports_exactly_the_edits() {
    let old = builtin_fw();
    let new = checked("edited.yaml", &edited_builtin());
    let d = diff(&old, &new);
    assert!(!d.is_empty());
    assert_eq!(
        as_json(&d),
        json!({
            "from": {"name": "Pendulum Engineering Framework", "version": "1.0.0"},
            "to": {"name": "Pendulum Engineering Framework", "version": "1.1.0"},
            "metadata": {"version": {"old": "1.0.0", "new": "1.1.0"}},
            "competencies": [{
                "id": "strategy",
                "status": "changed",
                "name": "Strategy and vision",
                "renamed": {"old": "Strategy", "new": "Strategy and vision"},
            }],
            "tracks": [
                {
                    "id": "ic",
                    "status": "changed",
                    "name": "Individual contributor",
                    "levels": [
                        {
                            "id": "ic-2",
                            "status": "changed",
                            "title": "Engineer II",
                            "grade": "g2",
                            "expectations": [{
                                "competency": "strategy",
                                "status": "changed",
                                "step": {"old": "aware", "new": "contributes"},
                            }],
                        },
                        {
                            "id": "ic-3",
                            "status": "changed",
                            "title": "Senior Engineer",
                            "grade": "g3",
                            "expectations": [{
                                "competency": "mentoring",
                                "status": "changed",
                                "criteria_added": ["Runs the team's mentoring rota."],
                                "criteria_removed": ["Creates opportunities for others to lead parts of a project."],
                            }],
                        },
                        {
                            "id": "ic-4",
                            "status": "changed",
                            "title": "Staff Software Engineer",
                            "grade": "g4",
                            "retitled": {"old": "Staff Engineer", "new": "Staff Software Engineer"},
                            "pay": [{
                                "currency": "EUR",
                                "old": {"currency": "EUR", "min": 90000, "mid": 102000, "max": 114000, "example": true},
                                "new": {"currency": "EUR", "min": 95000, "mid": 105000, "max": 118000, "example": true},
                            }],
                        },
                        {
                            "id": "ic-5",
                            "status": "changed",
                            "title": "Senior Staff Engineer",
                            "grade": "g6",
                            "regraded": {"old": "g5", "new": "g6"},
                        },
                    ],
                },
                {
                    "id": "management",
                    "status": "changed",
                    "name": "Management",
                    "levels": [{
                        "id": "em-1",
                        "status": "changed",
                        "title": "Engineering Manager",
                        "grade": "g4",
                        "authority": [{"right": "headcount", "old": "decides", "new": "owns"}],
                    }],
                },
            ],
            "transitions": {
                "trial_months": {"old": 6, "new": 3},
                "return_paths": [{"level": "em-1", "old": "ic-4", "new": "ic-3"}],
            },
        })
    );
    insta::assert_snapshot!("edited_builtin_human", d.render_human());
}

#[test]
fn the_human_rendering_reads_like_a_changelog() {
    let d = diff(&builtin_fw(), &checked("edited.yaml", &edited_builtin()));
    let text = d.render_human();
    for line in [
        "Pendulum Engineering Framework: 1.0.0 → 1.1.0",
        "  ~ version: 1.0.0 → 1.1.0",
        "Track ic \"Individual contributor\" (changed)",
        "  ~ level ic-4 \"Staff Software Engineer\", grade g4",
        "      ~ title: Staff Engineer → Staff Software Engineer",
        "      ~ pay: EUR 90,000–114,000 (midpoint 102,000) (example figures) → EUR 95,000–118,000 (midpoint 105,000) (example figures)",
        "      ~ grade: g5 → g6",
        "      ~ authority headcount: decides → owns",
        "      ~ expectation strategy: step aware → contributes",
        "          + criterion: Runs the team's mentoring rota.",
        "          - criterion: Creates opportunities for others to lead parts of a project.",
        "  ~ trial length: 6 months → 3 months",
        "  ~ return path em-1: ic-4 → ic-3",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in:\n{text}"
        );
    }
}

#[test]
fn a_renamed_level_id_is_a_removal_and_an_addition_and_is_reported_unmapped() {
    let y = replace_once(
        builtin::ENGINEERING_YAML,
        "      - id: ic-7\n",
        "      - id: ic-distinguished\n",
    );
    let y = replace_once(&y, "em-4: ic-7", "em-4: ic-distinguished");
    let d = diff(&builtin_fw(), &checked("renamed.yaml", &y));

    let ic = d.tracks.iter().find(|t| t.id.as_str() == "ic").unwrap();
    let statuses: Vec<(&str, Status)> = ic
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("ic-distinguished", Status::Added),
            ("ic-7", Status::Removed)
        ]
    );
    let unmapped: Vec<_> = d.unmapped_removed_levels().collect();
    assert_eq!(unmapped.len(), 1);
    assert_eq!(unmapped[0].id.as_str(), "ic-7");
    assert_eq!(
        unmapped[0].likely_successor.as_ref().map(|l| l.as_str()),
        Some("ic-distinguished"),
        "same title, so the new level is offered as a hint"
    );
    let text = d.render_human();
    assert!(text.contains("Removed levels mapped by nothing"), "{text}");
    assert!(text.contains("! ic-7 \"Distinguished Engineer\" (ic) — perhaps ic-distinguished?"));
}

#[test]
fn a_removed_level_named_in_renamed_from_is_mapped() {
    let y = replace_once(
        builtin::ENGINEERING_YAML,
        "      - id: ic-7\n",
        "      - id: ic-distinguished\n        renamed_from: [ic-7]\n",
    );
    let y = replace_once(&y, "em-4: ic-7", "em-4: ic-distinguished");
    let d = diff(&builtin_fw(), &checked("mapped.yaml", &y));
    assert_eq!(d.removed_levels.len(), 1);
    assert_eq!(
        d.removed_levels[0].mapped_to.as_ref().map(|l| l.as_str()),
        Some("ic-distinguished")
    );
    assert_eq!(d.unmapped_removed_levels().count(), 0);
    assert!(!d.render_human().contains("mapped by nothing"));
}

const SMALL: &str = r#"
format: 1
name: Small
version: "1"
grades: [g1, g2]
categories:
  - { id: craft, name: Craft }
competencies:
  - id: code
    name: Code
    category: craft
    scale:
      - { id: writes, name: Writes }
      - { id: designs, name: Designs }
decision_rights:
  - id: budget
    name: Budget
    weight: 1
    scale:
      - { id: none, name: None }
      - { id: decides, name: Decides }
tracks:
  - id: ic
    name: Engineering
    kind: individual-contributor
    levels:
      - { id: eng-1, title: Engineer, grade: g1 }
      - { id: eng-2, title: Senior Engineer, grade: g2 }
      - { id: lead, title: Lead, grade: g2 }
  - id: mgmt
    name: Management
    kind: management
    levels:
      - { id: em-1, title: Manager, grade: g2 }
transitions:
  trial_months: 6
  allowed:
    - { from: ic, to: mgmt }
  return_paths:
    em-1: eng-2
"#;

#[test]
fn a_level_that_changes_track_is_a_move_listed_under_its_new_track() {
    let old = checked("small.yaml", SMALL);
    let y = replace_once(SMALL, "      - { id: lead, title: Lead, grade: g2 }\n", "");
    let y = replace_once(
        &y,
        "      - { id: em-1, title: Manager, grade: g2 }\n",
        "      - { id: em-1, title: Manager, grade: g2 }\n      - { id: lead, title: Lead, grade: g2 }\n",
    );
    let new = checked("moved.yaml", &y);
    let d = diff(&old, &new);
    assert!(d.removed_levels.is_empty(), "a move removes nothing");
    assert_eq!(d.tracks.len(), 1, "{d:#?}");
    let mgmt = &d.tracks[0];
    assert_eq!(mgmt.id.as_str(), "mgmt");
    assert_eq!(mgmt.levels.len(), 1);
    let moved = mgmt.levels[0].moved.as_ref().expect("moved");
    assert_eq!((moved.old.as_str(), moved.new.as_str()), ("ic", "mgmt"));

    // And back again: a move towards individual contribution reads the same way.
    let back = diff(&new, &old);
    let text = back.render_human();
    assert!(text.contains("      ~ track: mgmt → ic"), "{text}");
    for text in [d.render_human(), text] {
        let lower = text.to_lowercase();
        assert!(
            !lower.contains("demot") && !lower.contains("promot"),
            "{text}"
        );
    }
}

#[test]
fn grades_scales_rights_and_moves_are_compared() {
    let old = checked("small.yaml", SMALL);
    let y = replace_once(SMALL, "grades: [g1, g2]", "grades: [g1, g2, g3]");
    let y = replace_once(
        &y,
        "      - { id: designs, name: Designs }\n",
        "      - { id: designs, name: Designs systems }\n      - { id: leads, name: Leads }\n",
    );
    let y = replace_once(&y, "    weight: 1\n", "    weight: 2\n");
    let y = replace_once(
        &y,
        "    - { from: ic, to: mgmt }\n",
        "    - { from: mgmt, to: ic }\n",
    );
    let d = diff(&old, &checked("changed.yaml", &y));
    assert_eq!(
        as_json(&d),
        json!({
            "from": {"name": "Small", "version": "1"},
            "to": {"name": "Small", "version": "1"},
            "grades": {"added": ["g3"]},
            "competencies": [{
                "id": "code",
                "status": "changed",
                "name": "Code",
                "scale": {"steps": [
                    {"id": "designs", "status": "changed", "name": "Designs systems",
                     "renamed": {"old": "Designs", "new": "Designs systems"}},
                    {"id": "leads", "status": "added", "name": "Leads"},
                ]},
            }],
            "decision_rights": [{
                "id": "budget", "status": "changed", "name": "Budget",
                "weight": {"old": 1, "new": 2},
            }],
            "transitions": {
                "allowed_added": [{"from": "mgmt", "to": "ic"}],
                "allowed_removed": [{"from": "ic", "to": "mgmt"}],
            },
        })
    );
}

#[test]
fn reordering_levels_or_grades_is_a_change() {
    let old = checked("small.yaml", SMALL);
    let y = replace_once(
        SMALL,
        "      - { id: eng-1, title: Engineer, grade: g1 }\n      - { id: eng-2, title: Senior Engineer, grade: g2 }\n",
        "      - { id: eng-2, title: Senior Engineer, grade: g2 }\n      - { id: eng-1, title: Engineer, grade: g1 }\n",
    );
    let d = diff(&old, &checked("reordered.yaml", &y));
    assert!(!d.is_empty());
    let order = d.tracks[0].reordered.as_ref().expect("level order");
    let ids = |v: &[pendulum_framework::ids::LevelId]| {
        v.iter().map(|l| l.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&order.old), ["eng-1", "eng-2", "lead"]);
    assert_eq!(ids(&order.new), ["eng-2", "eng-1", "lead"]);
    assert!(d.tracks[0].levels.is_empty(), "no level itself changed");
}

/// The built-in framework with its policy edited: a question reworded, one removed, one
/// added, one asked in another direction; checkpoint days and the extension rules changed;
/// an onboarding item reworded and another added; a kind of work no longer hands-on, one
/// renamed and one added.
fn edited_policy() -> String {
    let text = builtin::ENGINEERING_YAML;
    let text = replace_once(
        text,
        "text: What do you want to be great at?",
        "text: What would you like to become great at?",
    );
    let text = replace_once(
        &text,
        "  - id: would-miss\n    direction: any\n    text: What would you miss about the work you do now?\n    hint: >-\n      The hands-on work, the people, the rhythm of your days, the feedback you get:\n      whatever matters to you.\n",
        "",
    );
    let text = replace_once(
        &text,
        "  - id: energy\n    direction: any\n",
        "  - id: energy\n    direction: to-management\n",
    );
    let text = replace_once(
        &text,
        "# The kinds of work a journal entry can name.",
        "  - id: support\n    direction: to-ic\n    text: What support would help you settle in?\n\n# The kinds of work a journal entry can name.",
    );
    let text = replace_once(
        &text,
        "checkpoints: [30, 60, 90]",
        "checkpoints: [14, 45, 90]",
    );
    let text = replace_once(&text, "max: 1 ", "max: 2 ");
    let text = replace_once(&text, "reason_required: true ", "reason_required: false ");
    let text = replace_once(
        &text,
        "text: \"A technical area to own\"",
        "text: \"A technical area to own, agreed with the team\"",
    );
    let text = replace_once(
        &text,
        "    to-ic:\n",
        "    to-ic:\n      - { id: buddy, text: \"A buddy in the team\" }\n",
    );
    let text = replace_once(
        &text,
        "{ id: design, name: Design, hands_on: true }",
        "{ id: design, name: Design, hands_on: false }",
    );
    replace_once(
        &text,
        "{ id: writing, name: Writing, hands_on: false }",
        "{ id: writing, name: Writing documents, hands_on: false }\n    - { id: pairing, name: Pairing, hands_on: true }",
    )
}

#[test]
fn policy_edits_are_reported_question_by_question_and_item_by_item() {
    let old = builtin_fw();
    let new = checked("edited.yaml", &edited_policy());
    let d = diff(&old, &new);
    let json = as_json(&d);
    assert_eq!(
        json["reflection"],
        json!([
            {"id": "energy", "status": "changed",
             "text": "Which work leaves you depleted, and which leaves you wanting more?",
             "direction": {"old": "any", "new": "to-management"}},
            {"id": "great-at", "status": "changed",
             "text": "What would you like to become great at?",
             "reworded": {"old": "What do you want to be great at?",
                          "new": "What would you like to become great at?"}},
            {"id": "support", "status": "added",
             "text": "What support would help you settle in?"},
            {"id": "would-miss", "status": "removed",
             "text": "What would you miss about the work you do now?"},
        ])
    );
    assert!(json.get("reflection_reordered").is_none(), "{json:#}");
    let t = &json["transitions"];
    assert_eq!(
        t["checkpoints"],
        json!({"old": [30, 60, 90], "new": [14, 45, 90]})
    );
    assert_eq!(t["max_extensions"], json!({"old": 1, "new": 2}));
    assert_eq!(
        t["extension_reason_required"],
        json!({"old": true, "new": false})
    );
    assert_eq!(
        t["onboarding"],
        json!([
            {"direction": "to-ic", "id": "buddy", "status": "added", "text": "A buddy in the team"},
            {"direction": "to-ic", "id": "technical-area", "status": "changed",
             "text": "A technical area to own, agreed with the team",
             "reworded": {"old": "A technical area to own",
                          "new": "A technical area to own, agreed with the team"}},
        ])
    );
    assert_eq!(
        json["journal_kinds"],
        json!([
            {"id": "design", "status": "changed", "name": "Design", "hands_on": false,
             "hands_on_changed": {"old": true, "new": false}},
            {"id": "writing", "status": "changed", "name": "Writing documents", "hands_on": false,
             "renamed": {"old": "Writing", "new": "Writing documents"}},
            {"id": "pairing", "status": "added", "name": "Pairing", "hands_on": true},
        ])
    );
    // Nothing else changed.
    let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["from", "journal_kinds", "reflection", "to", "transitions"]
    );
    insta::assert_snapshot!("edited_policy_human", d.render_human());
}

#[test]
fn a_policy_left_to_the_defaults_equals_the_same_policy_written_out() {
    let written = builtin_fw();
    let mut omitted = written.clone();
    omitted.reflection = None;
    omitted.journal.kinds = None;
    omitted.transitions.checkpoints = None;
    omitted.transitions.extensions = Default::default();
    omitted.transitions.onboarding = Default::default();
    // Read back from its own YAML, so that the file really leaves the sections out.
    let omitted = checked("omitted.yaml", &omitted.to_yaml());
    assert!(omitted.reflection.is_none() && omitted.journal.kinds.is_none());
    assert!(
        diff(&written, &omitted).is_empty(),
        "{:#?}",
        diff(&written, &omitted)
    );
    // A section written differently from the defaults is a change against them.
    let mut fewer = omitted.clone();
    fewer.transitions.checkpoints = Some(vec![30]);
    let d = diff(&omitted, &fewer);
    assert_eq!(
        as_json(&d)["transitions"],
        json!({"checkpoints": {"old": [30, 60, 90], "new": [30]}})
    );
    assert!(
        d.render_human()
            .contains("~ checkpoint days: 30, 60, 90 → 30")
    );
}

/// One side of a `[-removed-]{+added+}` line: `keep` is the marker pair kept, `drop` the
/// pair whose text goes.
fn side_of(inline: &str, keep: (&str, &str), drop: (&str, &str)) -> String {
    let mut out = String::new();
    let mut rest = inline;
    loop {
        let next_keep = rest.find(keep.0);
        let next_drop = rest.find(drop.0);
        match (next_keep, next_drop) {
            (None, None) => {
                out.push_str(rest);
                return out;
            }
            (Some(k), d) if d.is_none_or(|d| k < d) => {
                out.push_str(&rest[..k]);
                rest = &rest[k + keep.0.len()..];
                let end = rest.find(keep.1).expect("a closed mark");
                out.push_str(&rest[..end]);
                rest = &rest[end + keep.1.len()..];
            }
            (_, Some(d)) => {
                out.push_str(&rest[..d]);
                rest = &rest[d + drop.0.len()..];
                let end = rest.find(drop.1).expect("a closed mark");
                rest = &rest[end + drop.1.len()..];
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn a_reworded_summary_shows_its_changed_words() {
    let old = "A technical leader within their team who designs systems, leads projects and raises the team's bar.";
    let new = "A technical leader within their team who designs and operates systems, leads several projects and raises the team's bar.";
    let yaml = replace_in_level(builtin::ENGINEERING_YAML, "ic-3", old, new);
    let d = diff(&builtin_fw(), &checked("edited.yaml", &yaml));
    let text = d.render_human();
    let line = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("~ summary: "))
        .unwrap_or_else(|| panic!("no summary line: {text}"));
    // Only additions, each side reads back whole, and the unchanged words are not marked.
    assert!(!line.contains("[-"), "{line}");
    assert!(
        line.contains("operates") && line.contains("several"),
        "{line}"
    );
    assert!(
        line.starts_with("A technical leader within their team who designs"),
        "{line}"
    );
    assert_eq!(side_of(line, ("{+", "+}"), ("[-", "-]")), new);
    assert_eq!(side_of(line, ("[-", "-]"), ("{+", "+}")), old);
}
