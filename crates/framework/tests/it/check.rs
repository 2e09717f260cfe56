//! Tests of loading and `check`: diagnostics point at the right place and say what to do.

use pendulum_framework::diagnostic::{self, Style};
use pendulum_framework::{LoadError, builtin, check_path, check_str};

/// Checks text that must fail, returning (code, line, column) of each diagnostic and the
/// plain rendering.
fn failures(name: &str, text: &str) -> (Vec<(&'static str, u32, u32)>, String) {
    match check_str(name, text) {
        Ok(_) => panic!("{name} should not pass check"),
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        }) => (
            diagnostics
                .iter()
                .map(|d| (d.code, d.pos.line, d.pos.column))
                .collect(),
            diagnostic::render(&diagnostics, &sources, Style::Plain),
        ),
        Err(other) => panic!("unexpected error {other}"),
    }
}

#[test]
fn builtin_framework_passes_check() {
    let checked =
        check_str("framework.yaml", builtin::ENGINEERING_YAML).expect("built-in is valid");
    let fw = checked.framework;
    assert_eq!(fw.tracks.len(), 2);
    assert_eq!(fw.grades.len(), 7);
    assert!(fw.levels().count() >= 11);
    assert!(
        fw.lint.allow.is_empty(),
        "the built-in framework allows no lint rule"
    );
}

const BROKEN: &str = "\
name: Broken
grades: [g1, g2, g1]
competencies:
  - id: craft
    scale:
      - id: adopts
      - id: masters
tracks:
  - id: ic
    kind: individual-contributor
    levels:
      - id: ic-1
        title: Engineer
        grade: g9
        pay:
          - { currency: GBP, min: 60000, max: 50000 }
        expectations:
          - competency: craft
            step: evangelises
  - id: empty
    kind: management
transitions:
  return_paths:
    ic-1: ic-1
";

#[test]
fn every_semantic_error_is_reported_at_its_line_and_column() {
    let (found, rendered) = failures("broken.yaml", BROKEN);
    assert_eq!(
        found,
        vec![
            ("duplicate-id", 2, 18),
            ("unknown-grade", 14, 16),
            ("band-order", 16, 35),
            ("unknown-step", 19, 19),
            ("empty-track", 20, 9),
            ("return-path", 24, 11),
        ],
        "{rendered}"
    );
    // Each diagnostic starts with path:line:column and underlines the source line.
    assert!(rendered.contains("broken.yaml:14:16: error[unknown-grade]"));
    assert!(rendered.contains("14 │         grade: g9"), "{rendered}");
    assert!(rendered.contains("did you mean `g1`?") || rendered.contains("known: `g1`, `g2`"));
    assert!(rendered.contains("its scale is: adopts → masters"));
    insta::assert_snapshot!("broken_diagnostics", rendered);
}

#[test]
fn a_shape_error_stops_at_the_first_per_file() {
    let text = "name: x\ntracks:\n  - id: a\n    levels:\n      - id: b\n        titel: B\n        grade: 3\n";
    let (found, rendered) = failures("shape.yaml", text);
    assert_eq!(found, vec![("shape", 6, 9)], "{rendered}");
    assert!(rendered.contains("unknown field `titel`"));
    assert!(rendered.contains("free-form data belongs under"));
}

#[test]
fn a_syntax_error_is_reported_as_such() {
    let (found, rendered) = failures("syntax.yaml", "name: x\ntracks: [\n  - id: a\n");
    assert_eq!(found.len(), 1, "{rendered}");
    assert_eq!(found[0].0, "syntax");
    assert_eq!(found[0].1, 3);
    assert!(rendered.starts_with("syntax.yaml:3:"));
}

#[test]
fn ids_are_validated_with_a_suggestion() {
    let text = "name: x\ntracks:\n  - id: Individual Contributor\n    levels:\n      - id: l1\n        title: One\n";
    let (found, rendered) = failures("ids.yaml", text);
    assert_eq!(found, vec![("invalid-id", 3, 9)]);
    assert!(
        rendered.contains("try `individual-contributor`"),
        "{rendered}"
    );
}

#[test]
fn unknown_lint_rules_are_refused() {
    let text = "name: x\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L }\nlint:\n  allow: [pay-parity, no-such-rule]\n";
    let (found, rendered) = failures("lint.yaml", text);
    assert_eq!(found, vec![("unknown-rule", 7, 23)], "{rendered}");
}

#[test]
fn a_directory_merges_in_path_order_and_names_each_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("00-meta.yaml"),
        "name: Split\ngrades: [g1]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("tracks")).unwrap();
    std::fs::write(
        dir.path().join("tracks/ic.yaml"),
        "tracks:\n  - id: ic\n    kind: individual-contributor\n    levels:\n      - { id: ic-1, title: Engineer, grade: g1 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tracks/mgmt.yaml"),
        "grades: [g2]\ntracks:\n  - id: mgmt\n    kind: management\n    levels:\n      - { id: em-1, title: Manager, grade: g2 }\n",
    )
    .unwrap();
    let checked = check_path(dir.path()).expect("merged framework is valid");
    let fw = checked.framework;
    assert_eq!(fw.name, "Split");
    assert_eq!(
        fw.grades.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        ["g1", "g2"]
    );
    assert_eq!(fw.tracks.len(), 2);

    // An error in the second part names that file.
    std::fs::write(
        dir.path().join("tracks/zz.yaml"),
        "name: Again\ntracks:\n  - id: x\n    levels:\n      - { id: x-1, title: X, grade: g7 }\n",
    )
    .unwrap();
    let Err(LoadError::Invalid {
        sources,
        diagnostics,
    }) = check_path(dir.path())
    else {
        panic!("duplicate name must fail");
    };
    let rendered = diagnostic::render(&diagnostics, &sources, Style::Plain);
    assert!(
        rendered.contains("zz.yaml:1:7: error[merge]: `name` is already set in"),
        "{rendered}"
    );
}

#[test]
fn the_loader_never_panics_on_bad_utf8_or_empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bin.yaml");
    std::fs::write(&file, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert!(matches!(check_path(&file), Err(LoadError::Io { .. })));
    let (found, _) = failures("empty.yaml", "");
    assert_eq!(found[0].0, "missing-name");
}

#[test]
fn a_wrong_type_says_what_was_expected_in_plain_words() {
    let text = "name: x\ntracks:\n  - id: t\n    levels:\n      - id: l\n        title: L\n        pay: [{currency: GBP, min: 44k, max: 57000}]\n";
    let (found, rendered) = failures("types.yaml", text);
    assert_eq!(found, vec![("shape", 7, 36)], "{rendered}");
    assert!(rendered.contains("expected a whole number"), "{rendered}");
}

#[test]
fn renamed_from_names_only_ids_that_no_longer_exist() {
    let text = "name: x\ntracks:\n  - id: t\n    levels:\n      - { id: a, title: A, renamed_from: [old-a] }\n      - { id: b, title: B, renamed_from: [a] }\n";
    let (found, rendered) = failures("renamed.yaml", text);
    assert_eq!(found, vec![("renamed-from", 6, 43)], "{rendered}");
    let ok = text.replace("renamed_from: [a]", "renamed_from: [old-b, older-b]");
    let fw = check_str("renamed.yaml", &ok).unwrap().framework;
    assert_eq!(fw.tracks[0].levels[1].renamed_from.len(), 2);
}

#[test]
fn diagnostics_show_terminal_controls_from_the_file_escaped() {
    // A value with an escape sequence and a right-to-left override (written as YAML
    // escapes), and a raw ESC byte and carriage return further down that YAML refuses.
    let text = "name: x\ngrades: [g1]\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L, grade: \"g\\e[2J\\u202e\" }\n# \u{1b}]0;title\u{7}\r\n";
    let (found, rendered) = failures("hostile.yaml", text);
    assert!(!found.is_empty(), "{rendered}");
    for hazard in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!rendered.contains(hazard), "{hazard:?} in {rendered:?}");
    }
    assert!(
        !rendered.replace("\r\n", "\n").contains('\r'),
        "a lone carriage return in {rendered:?}"
    );
    assert!(rendered.contains(r"\u{1b}"), "{rendered}");
}

/// A framework whose policy sections hold one mistake of each kind.
const BROKEN_POLICY: &str = "\
name: Policy
tracks:
  - id: ic
    kind: individual-contributor
    levels:
      - { id: ic-1, title: Engineer }
transitions:
  trial_months: 3
  checkpoints: [30, 30, 20, 0, 120]
  extensions: { max: 13, reason_required: false }
  onboarding:
    to-management:
      - { id: training, text: Training }
      - { id: training, text: Training again }
    to-ic:
      - { id: area }
reflection:
  - id: why
    text: Why this move?
    direction: upwards
  - id: why
    text: Why, again?
  - id: Great At
    text: What do you want to be great at?
journal:
  kinds:
    - { id: building, name: Building, hands_on: true }
    - { id: building, name: Building again }
";

#[test]
fn every_policy_mistake_is_reported_at_its_line_and_column() {
    let (found, rendered) = failures("policy.yaml", BROKEN_POLICY);
    assert_eq!(
        found,
        vec![
            // 30 again: not after 30; 20: not after 30; 0: not a day; 120: after day 93.
            ("checkpoints", 9, 21),
            ("checkpoints", 9, 25),
            ("checkpoints", 9, 29),
            ("checkpoints", 9, 32),
            ("extensions", 10, 22),
            ("duplicate-id", 14, 15),
            ("missing-text", 16, 15),
            ("direction", 20, 16),
            ("duplicate-id", 21, 9),
            ("invalid-id", 23, 9),
            ("duplicate-id", 28, 13),
        ],
        "{rendered}"
    );
    assert!(
        rendered.contains(
            "policy.yaml:9:21: error[checkpoints]: checkpoint day 30 does not come after day 30"
        ),
        "{rendered}"
    );
    assert!(
        rendered.contains("checkpoint day 120 lies after the end of a 3-month trial (day 93)"),
        "{rendered}"
    );
    assert!(
        rendered
            .contains("policy.yaml:20:16: error[direction]: direction \"upwards\" is not known"),
        "{rendered}"
    );
    assert!(
        rendered.contains("use `to-management`, `to-ic` or `any`"),
        "{rendered}"
    );
    assert!(
        rendered.contains(
            "policy.yaml:21:9: error[duplicate-id]: reflection question `why` is defined twice"
        ),
        "{rendered}"
    );
    assert!(
        rendered.contains("a trial may be extended at most 12 times; 13 is too many"),
        "{rendered}"
    );
    assert!(
        rendered.contains("kind of work `building` is defined twice"),
        "{rendered}"
    );
}

#[test]
fn unknown_keys_in_the_policy_sections_are_shape_errors() {
    let base = "name: x\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L }\n";
    for (text, at, key) in [
        (
            format!("{base}reflection:\n  - id: why\n    text: Why?\n    hnit: Think.\n"),
            (9, 5),
            "hnit",
        ),
        (
            format!("{base}transitions:\n  checkpoint: [30]\n"),
            (7, 3),
            "checkpoint",
        ),
        (
            format!("{base}transitions:\n  onboarding:\n    to-managers: []\n"),
            (8, 5),
            "to-managers",
        ),
        (
            format!("{base}transitions:\n  extensions: {{ max: 1, reasons: true }}\n"),
            (7, 25),
            "reasons",
        ),
        (
            format!("{base}journal:\n  kinds:\n    - {{ id: a, handson: true }}\n"),
            (8, 16),
            "handson",
        ),
        (format!("{base}journal:\n  types: []\n"), (7, 3), "types"),
    ] {
        let (found, rendered) = failures("keys.yaml", &text);
        assert_eq!(found, vec![("shape", at.0, at.1)], "{rendered}");
        assert!(
            rendered.contains(&format!("unknown field `{key}`")),
            "{rendered}"
        );
    }
}

#[test]
fn checkpoint_days_may_reach_the_end_of_the_trial_and_no_further() {
    let base = "name: x\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L }\n";
    // Without `trial_months` the trial lasts the default six months: 186 days.
    check_str(
        "ok.yaml",
        &format!("{base}transitions:\n  checkpoints: [1, 186]\n"),
    )
    .expect("day 186 is within a six-month trial");
    let (found, _) = failures(
        "late.yaml",
        &format!("{base}transitions:\n  checkpoints: [1, 187]\n"),
    );
    assert_eq!(found, vec![("checkpoints", 7, 20)]);
    check_str(
        "ext.yaml",
        &format!("{base}transitions:\n  extensions: {{ max: 0 }}\n"),
    )
    .expect("a trial that cannot be extended is allowed");
}

#[test]
fn policy_sections_merge_across_the_files_of_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("00-meta.yaml"),
        "name: Split\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L }\nreflection:\n  - { id: a, text: A? }\ntransitions:\n  checkpoints: [10]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("10-policy.yaml"),
        "reflection:\n  - { id: b, text: B?, direction: to-ic }\ntransitions:\n  onboarding:\n    to-ic: [{ id: pair, text: Pairing }]\njournal:\n  kinds: [{ id: code, hands_on: true }]\n",
    )
    .unwrap();
    let fw = check_path(dir.path()).expect("merges").framework;
    let ids: Vec<&str> = fw.reflection().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(fw.transition_policy().checkpoints, [10]);
    assert_eq!(fw.journal_kinds()[0].name, "code");
    std::fs::write(
        dir.path().join("20-again.yaml"),
        "transitions:\n  checkpoints: [20]\n",
    )
    .unwrap();
    let Err(LoadError::Invalid {
        sources,
        diagnostics,
    }) = check_path(dir.path())
    else {
        panic!("checkpoints set twice must fail");
    };
    let rendered = diagnostic::render(&diagnostics, &sources, Style::Plain);
    assert!(
        rendered.contains(
            "20-again.yaml:2:16: error[merge]: `transitions.checkpoints` is already set in"
        ),
        "{rendered}"
    );
}
