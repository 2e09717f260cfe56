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
