//! Untrusted text reaches a terminal escaped: names stored in the database and titles from
//! a published framework are shown with their control characters and bidirectional
//! overrides as visible escapes, never as what a terminal would act on.

use super::{on_db, sql, stderr, stdout};

/// What a terminal acts on: ESC, NUL, BEL, a carriage return, a right-to-left override.
const HAZARDS: [char; 5] = ['\u{1b}', '\0', '\u{7}', '\r', '\u{202e}'];

fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = on_db(dir, args, &[]);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn stored_names_and_titles_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    ok(dir, &["framework", "init", "."]);
    let yaml = std::fs::read_to_string(dir.join("framework.yaml")).unwrap();
    let hostile = yaml.replacen(
        "title: Senior Engineer",
        r#"title: "Senior\e[2J Engineer\u202e""#,
        1,
    );
    assert_ne!(hostile, yaml);
    std::fs::write(dir.join("hostile.yaml"), hostile).unwrap();
    ok(dir, &["framework", "publish", "hostile.yaml"]);
    ok(dir, &["person", "add", "Eve Example", "eve@example.org"]);
    let recorded = ok(
        dir,
        &[
            "person",
            "record",
            "eve@example.org",
            "--kind",
            "hire",
            "--date",
            "2024-01-02",
            "--level",
            "ic-3",
        ],
    );
    assert!(
        recorded.contains(r"Senior\u{1b}[2J Engineer\u{202e} (ic-3)"),
        "{recorded}"
    );

    // Names are refused at input, so a hostile one is put in the database directly, as
    // an older version or another program could have.
    let name = "Eve\u{1b}[31m\u{202e}Evil\nforged line\0";
    let db = dir.join("pendulum.db");
    sql(
        &db,
        "UPDATE people SET name = ? WHERE email = ? RETURNING name",
        &[name, "eve@example.org"],
    );
    sql(
        &db,
        "UPDATE organisations SET name = ? RETURNING name",
        &["Org\u{1b}]0;pwned\u{7}\r\tname"],
    );

    let timeline = ok(dir, &["person", "timeline", "eve@example.org"]);
    assert!(!timeline.contains(HAZARDS), "{timeline:?}");
    assert_eq!(
        timeline.lines().next(),
        Some(r"Eve\u{1b}[31m\u{202e}Evil\nforged line\0 <eve@example.org>"),
        "{timeline}"
    );
    assert!(
        timeline.contains(r"Senior\u{1b}[2J Engineer\u{202e} (ic-3)"),
        "{timeline}"
    );

    let orgs = ok(dir, &["org", "list"]);
    assert_eq!(orgs, "default\tOrg\\u{1b}]0;pwned\\u{7}\\r\\tname\n");

    let versions = ok(dir, &["framework", "versions"]);
    assert!(!versions.contains(HAZARDS), "{versions:?}");

    // JSON keeps the stored text: serde escapes it, and its reader is a program.
    let json = ok(
        dir,
        &["person", "timeline", "eve@example.org", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["person"]["name"], name);
}
