//! The data commands end to end: organisations, people, recorded careers, framework
//! versions, on a real SQLite file and on the PostgreSQL server when one is reachable.

use std::path::Path;
use std::process::Output;

use super::{stderr, stdout};

/// Runs `pendulum` against `url` in `dir`.
fn run(url: &str, args: &[&str], dir: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PENDULUM_DATABASE_URL", url)
        .env_remove("PENDULUM_ORG")
        .output()
        .expect("pendulum runs")
}

fn ok(url: &str, args: &[&str], dir: &Path) -> String {
    let out = run(url, args, dir);
    assert!(
        out.status.success(),
        "{args:?} failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// A fresh PostgreSQL database, or `None` (loudly) when no server is reachable outside CI.
fn postgres_url() -> Option<String> {
    let name = format!("pendulum_cli_{}", std::process::id());
    let created = std::process::Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-q"])
        // Separate -c options: each runs on its own, outside a transaction block.
        .arg("-c")
        .arg(format!("DROP DATABASE IF EXISTS {name}"))
        .arg("-c")
        .arg(format!("CREATE DATABASE {name}"))
        .output();
    match created {
        Ok(o) if o.status.success() => Some(format!("postgres://postgres@127.0.0.1:5432/{name}")),
        other => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "PostgreSQL is required under CI=true: {other:?}"
            );
            eprintln!(
                "SKIPPED: no PostgreSQL at 127.0.0.1:5432; the CLI's PostgreSQL path did not run"
            );
            None
        }
    }
}

fn career(url: &str, dir: &Path) {
    // A new database holds the `default` organisation with the built-in framework as v1.
    let orgs = ok(url, &["org", "list"], dir);
    assert_eq!(orgs.trim(), "default\tDefault organisation");
    let versions = ok(url, &["framework", "versions"], dir);
    assert!(
        versions.contains("   1  ") && versions.contains("Pendulum Engineering Framework"),
        "{versions}"
    );

    ok(
        url,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        dir,
    );
    ok(
        url,
        &["person", "add", "Grace Hopper", "grace@example.org"],
        dir,
    );
    let record = |args: &[&str]| {
        let mut all = vec!["person", "record", "ada@example.org"];
        all.extend_from_slice(args);
        ok(url, &all, dir)
    };
    record(&["--kind", "hire", "--date", "2019-03-04", "--level", "ic-2"]);
    record(&[
        "--kind",
        "promotion",
        "--date",
        "2020-09-01",
        "--level",
        "ic-3",
    ]);
    record(&[
        "--kind",
        "trial-start",
        "--date",
        "2022-01-10",
        "--level",
        "em-1",
    ]);
    // The trial ends with a return: the return path (em-1 → ic-4) is above the
    // pre-trial level (ic-3), so Ada lands on Staff Engineer.
    let landed = record(&[
        "--kind",
        "trial-end",
        "--date",
        "2022-07-11",
        "--outcome",
        "return",
    ]);
    assert!(landed.contains("Staff Engineer (ic-4)"), "{landed}");
    record(&["--kind", "move", "--date", "2023-05-01", "--level", "em-1"]);
    record(&[
        "--kind",
        "promotion",
        "--date",
        "2024-04-01",
        "--level",
        "em-2",
    ]);
    let back = record(&["--kind", "move", "--date", "2025-06-02"]);
    assert!(back.contains("Senior Staff Engineer (ic-5)"), "{back}");

    // An impossible event is refused with the rule's message and nothing is stored.
    let refused = run(
        url,
        &[
            "person",
            "record",
            "ada@example.org",
            "--kind",
            "return",
            "--date",
            "2025-07-01",
        ],
        dir,
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("not recorded"),
        "{}",
        stderr(&refused)
    );

    let timeline = ok(url, &["person", "timeline", "ada@example.org"], dir);
    assert!(
        timeline.contains("now: Senior Staff Engineer (ic-5)"),
        "{timeline}"
    );
    assert_eq!(
        timeline.matches("swing to management").count(),
        2,
        "{timeline}"
    );
    assert_eq!(
        timeline.matches("swing to individual contribution").count(),
        2,
        "{timeline}"
    );
    assert!(!timeline.to_lowercase().contains("demot"));

    let json: serde_json::Value = serde_json::from_str(&ok(
        url,
        &["person", "timeline", "ada@example.org", "--format", "json"],
        dir,
    ))
    .unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 7);
    assert_eq!(json["current_role"]["level"], "ic-5");
    assert_eq!(json["current_role"]["track"], "ic");
    assert_eq!(json["events"][0]["effective"], "2019-03-04");

    // Publishing: unchanged text is not a new version; a changed one is.
    ok(url, &["framework", "init", "fw"], dir);
    let same = ok(url, &["framework", "publish", "fw/framework.yaml"], dir);
    assert!(same.contains("unchanged"), "{same}");
    let text = std::fs::read_to_string(dir.join("fw/framework.yaml")).unwrap();
    std::fs::write(
        dir.join("fw/framework.yaml"),
        text.replacen("version: \"1.0.0\"", "version: \"1.1.0\"", 1),
    )
    .unwrap();
    let published = ok(url, &["framework", "publish", "fw/framework.yaml"], dir);
    assert!(published.contains("as version 2"), "{published}");
    // Dropping a level someone holds is refused.
    let text = std::fs::read_to_string(dir.join("fw/framework.yaml")).unwrap();
    std::fs::write(dir.join("fw/framework.yaml"), text.replace("ic-5", "ic-5b")).unwrap();
    let refused = run(url, &["framework", "publish", "fw/framework.yaml"], dir);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("ic-5"), "{}", stderr(&refused));

    // A second organisation: commands must now say which one, and data stays apart.
    ok(url, &["org", "create", "acme", "--name", "Acme"], dir);
    let ambiguous = run(url, &["person", "timeline", "ada@example.org"], dir);
    assert!(
        stderr(&ambiguous).contains("--org"),
        "{}",
        stderr(&ambiguous)
    );
    let other = run(
        url,
        &["person", "timeline", "ada@example.org", "--org", "acme"],
        dir,
    );
    assert!(!other.status.success(), "Ada is not in acme");
    ok(
        url,
        &["person", "timeline", "ada@example.org", "--org", "default"],
        dir,
    );

    // Erasure needs confirmation, then removes every record.
    let unconfirmed = run(
        url,
        &["person", "erase", "grace@example.org", "--org", "default"],
        dir,
    );
    assert!(!unconfirmed.status.success());
    ok(
        url,
        &[
            "person",
            "erase",
            "ada@example.org",
            "--org",
            "default",
            "--yes",
        ],
        dir,
    );
    let gone = run(
        url,
        &["person", "timeline", "ada@example.org", "--org", "default"],
        dir,
    );
    assert!(!gone.status.success());
}

/// `person manager` and `person lines`: a new manager from a date, a scheduled one, a
/// loop refused with the names, and the history listed.
#[test]
fn reporting_lines_change_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = format!("sqlite://{}", d.join("lines.db").display());
    ok(
        &url,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        d,
    );
    ok(
        &url,
        &[
            "person",
            "add",
            "Grace Hopper",
            "grace@example.org",
            "--manager",
            "ada@example.org",
        ],
        d,
    );
    ok(
        &url,
        &["person", "add", "Alan Turing", "alan@example.org"],
        d,
    );
    let moved = ok(
        &url,
        &[
            "person",
            "manager",
            "grace@example.org",
            "--to",
            "alan@example.org",
            "--date",
            "2025-03-01",
            "--reason",
            "New compiler team",
        ],
        d,
    );
    assert_eq!(
        moved.trim(),
        "recorded reporting change #2: from 2025-03-01, Grace Hopper reports to Alan Turing <alan@example.org>"
    );
    let scheduled = ok(
        &url,
        &[
            "person",
            "manager",
            "grace@example.org",
            "--none",
            "--date",
            "2199-01-01",
        ],
        d,
    );
    assert!(
        scheduled.trim().ends_with("reports to nobody (scheduled)"),
        "{scheduled}"
    );

    // Alan reporting to Grace would make a loop from that date.
    let refused = run(
        &url,
        &[
            "person",
            "manager",
            "alan@example.org",
            "--to",
            "grace@example.org",
            "--date",
            "2025-06-01",
        ],
        d,
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains(
            "not recorded: From 2025-06-01, Alan Turing would report to Grace Hopper, who reports to Alan Turing"
        ),
        "{}",
        stderr(&refused)
    );
    // --to and --none together, or neither, are refused by the parser.
    let both = run(
        &url,
        &[
            "person",
            "manager",
            "alan@example.org",
            "--to",
            "grace@example.org",
            "--none",
            "--date",
            "2025-06-01",
        ],
        d,
    );
    assert!(!both.status.success());

    let lines = ok(&url, &["person", "lines", "grace@example.org"], d);
    assert_eq!(
        lines,
        "Grace Hopper <grace@example.org>\n  \
         from the start: reports to Ada Lovelace <ada@example.org>\n  \
         from 2025-03-01: reports to Alan Turing <alan@example.org> — New compiler team\n  \
         from 2199-01-01: reports to nobody [scheduled]\n"
    );
    let json = ok(
        &url,
        &["person", "lines", "grace@example.org", "--format", "json"],
        d,
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["changes"][1]["manager_email"], "alan@example.org");
    assert_eq!(json["changes"][0]["effective"], serde_json::Value::Null);
}

#[test]
fn a_career_recorded_and_read_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pendulum.db").display());
    career(&url, dir.path());
    assert!(dir.path().join("pendulum.db").is_file());
}

#[test]
fn a_career_recorded_and_read_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    career(&url, dir.path());
    let name = url.rsplit('/').next().unwrap();
    let _ = std::process::Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-q", "-c"])
        .arg(format!("DROP DATABASE IF EXISTS {name}"))
        .output();
}

#[test]
fn the_default_database_is_a_file_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(["migrate"])
        .current_dir(dir.path())
        .env_remove("PENDULUM_DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("pendulum.db").is_file());
}

/// The command line refuses what the web and the CSV import refuse, with the same words
/// after the argument's name, and never prints the refused text itself.
#[test]
fn values_are_refused_with_the_words_of_every_door() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pendulum.db").display());
    let refused = |args: &[&str], message: &str| {
        let out = run(&url, args, dir.path());
        assert!(!out.status.success(), "{args:?} must fail");
        let err = stderr(&out);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(
            !err.contains('\u{202E}'),
            "the override is not printed: {err:?}"
        );
    };
    refused(
        &["person", "add", "Eve \u{202E}gnp.exe", "eve@example.org"],
        "name: a name must be one line of text; it holds a bidirectional control character (U+202E)",
    );
    refused(
        &["person", "add", "Eve\nSecond Line", "eve@example.org"],
        "name: a name must be one line of text; it holds a line break (U+000A)",
    );
    refused(
        &["person", "add", &"a".repeat(201), "eve@example.org"],
        "name: a name needs at most 200 characters; this one has 201",
    );
    ok(
        &url,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        dir.path(),
    );
    let record = ["person", "record", "ada@example.org", "--kind"];
    refused(
        &[
            &record[..],
            &["hire", "--date", "1850-03-04", "--level", "ic-2"],
        ]
        .concat(),
        "--date: 1850-03-04 is out of range: dates fall in the years 1900–2200",
    );
    let long = "x".repeat(2001);
    refused(
        &[
            &record[..],
            &["leave", "--date", "2020-03-04", "--reason", &long],
        ]
        .concat(),
        "--reason: a reason needs at most 2,000 characters; this one has 2001",
    );
    refused(
        &[
            &record[..],
            &["leave", "--date", "2020-03-04", "--reason", "ok\u{202E}"],
        ]
        .concat(),
        "--reason: a reason cannot hold a bidirectional control character (U+202E)",
    );
    refused(
        &[
            &record[..],
            &["trial-end", "--date", "2020-03-04", "--outcome", "maybe"],
        ]
        .concat(),
        "--outcome: \"maybe\" is not a trial outcome: use stay or return",
    );
    let timeline = ok(&url, &["person", "timeline", "ada@example.org"], dir.path());
    assert!(timeline.contains("no history recorded yet"), "{timeline}");
    let people = ok(
        &url,
        &["person", "add", "Grace Hopper", "grace@example.org"],
        dir.path(),
    );
    assert!(people.contains("added Grace Hopper"), "{people}");
}

#[test]
fn a_promotion_dated_later_is_shown_as_scheduled() {
    let dir = tempfile::tempdir().unwrap();
    let url = "sqlite://pendulum.db";
    ok(
        url,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        dir.path(),
    );
    ok(
        url,
        &[
            "person",
            "record",
            "ada@example.org",
            "--kind",
            "hire",
            "--date",
            "2020-01-06",
            "--level",
            "ic-2",
        ],
        dir.path(),
    );
    // A year from now: well after today, whatever today is.
    let later = (time::OffsetDateTime::now_utc().date() + time::Duration::days(365)).to_string();
    ok(
        url,
        &[
            "person",
            "record",
            "ada@example.org",
            "--kind",
            "promotion",
            "--date",
            &later,
            "--level",
            "ic-3",
        ],
        dir.path(),
    );
    let timeline = ok(url, &["person", "timeline", "ada@example.org"], dir.path());
    let now = timeline.lines().find(|l| l.starts_with("now:")).unwrap();
    assert!(
        now.contains("(ic-2)"),
        "the role in effect today: {timeline}"
    );
    let promotion = timeline.lines().find(|l| l.contains(&later)).unwrap();
    assert!(promotion.ends_with("[scheduled]"), "{timeline}");
    let hire = timeline.lines().find(|l| l.contains("2020-01-06")).unwrap();
    assert!(!hire.contains("[scheduled]"), "{timeline}");
}

/// `person record --supersedes` records a correction: by entry number or event id, with a
/// reason, never of another person's entry, never of an entry corrected already (the
/// correction is corrected instead), and never one the history's rules refuse.
#[test]
fn an_entry_is_corrected_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let url = "sqlite://pendulum.db";
    let dir = dir.path();
    for (name, address) in [
        ("Ada Lovelace", "ada@example.org"),
        ("Grace Hopper", "grace@example.org"),
    ] {
        ok(url, &["person", "add", name, address], dir);
        ok(
            url,
            &[
                "person",
                "record",
                address,
                "--kind",
                "hire",
                "--date",
                "2019-03-04",
                "--level",
                "ic-2",
            ],
            dir,
        );
    }
    let record = |args: &[&str]| {
        let mut all = vec!["person", "record", "ada@example.org"];
        all.extend_from_slice(args);
        run(url, &all, dir)
    };
    let promotion = ["--kind", "promotion", "--date", "2020-09-01", "--level"];
    assert!(
        record(&[&promotion[..], &["ic-4"]].concat())
            .status
            .success()
    );

    // A reason is required.
    let out = record(&[&promotion[..], &["ic-3", "--supersedes", "2"]].concat());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--reason"), "{}", stderr(&out));

    let refused = |args: &[&str], message: &str| {
        let out = record(args);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    };
    fn with_reason(target: &str) -> Vec<&str> {
        vec![
            "--kind",
            "promotion",
            "--date",
            "2020-09-01",
            "--level",
            "ic-3",
            "--reason",
            "It was Senior Engineer",
            "--supersedes",
            target,
        ]
    }
    refused(
        &with_reason("9"),
        "--supersedes: the history of ada@example.org has no entry 9",
    );
    refused(&with_reason("last"), "is neither an entry number");
    // Grace's hire is not an entry of Ada's history.
    let grace: serde_json::Value = serde_json::from_str(&ok(
        url,
        &[
            "person",
            "timeline",
            "grace@example.org",
            "--format",
            "json",
        ],
        dir,
    ))
    .unwrap();
    let grace_hire = grace["events"][0]["id"].as_str().unwrap().to_string();
    refused(&with_reason(&grace_hire), "has no entry");
    // A correction the history's rules refuse: a hire moved after the promotion.
    let out = record(&[
        "--kind",
        "hire",
        "--date",
        "2021-01-04",
        "--level",
        "ic-2",
        "--reason",
        "Joined later",
        "--supersedes",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not recorded"), "{}", stderr(&out));

    let corrected = ok(
        url,
        &[
            &["person", "record", "ada@example.org"][..],
            &with_reason("#2"),
        ]
        .concat(),
        dir,
    );
    assert!(
        corrected.contains("#3") && corrected.contains("correcting #2"),
        "{corrected}"
    );
    refused(
        &with_reason("2"),
        "entry #2 is already corrected by #3; to correct it again, correct #3 instead",
    );

    // By id: the correction of the correction.
    let ada: serde_json::Value = serde_json::from_str(&ok(
        url,
        &["person", "timeline", "ada@example.org", "--format", "json"],
        dir,
    ))
    .unwrap();
    let third = ada["events"][2]["id"].as_str().unwrap().to_string();
    let again = record(&[
        "--kind",
        "promotion",
        "--date",
        "2020-08-03",
        "--level",
        "ic-3",
        "--reason",
        "A month earlier",
        "--supersedes",
        &third,
    ]);
    assert!(again.status.success(), "{}", stderr(&again));

    let timeline = ok(url, &["person", "timeline", "ada@example.org"], dir);
    assert!(
        timeline.contains("now: Senior Engineer (ic-3)"),
        "{timeline}"
    );
    assert_eq!(
        timeline.matches("[corrected later]").count(),
        2,
        "{timeline}"
    );
    assert!(
        timeline.contains("[corrects #2]") && timeline.contains("[corrects #3]"),
        "{timeline}"
    );
}

/// `person record` names the entries a back-dated change comes before and records it only
/// with `--confirm-backdated`; a level the return path raises is said, with why.
#[test]
fn a_back_dated_change_needs_confirming_and_a_raised_level_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let url = "sqlite://pendulum.db";
    let dir = dir.path();
    ok(
        url,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        dir,
    );
    let record = |args: &[&str]| {
        let mut all = vec!["person", "record", "ada@example.org"];
        all.extend_from_slice(args);
        run(url, &all, dir)
    };
    let hire = ["--kind", "hire", "--date", "2019-03-04", "--level", "ic-2"];
    assert!(record(&hire).status.success());
    let promotion = [
        "--kind",
        "promotion",
        "--date",
        "2021-09-01",
        "--level",
        "ic-3",
    ];
    assert!(record(&promotion).status.success());

    let leave = ["--kind", "leave", "--date", "2020-02-03"];
    let refused = record(&leave);
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(said.contains("not recorded: Dated 2020-02-03"), "{said}");
    assert!(
        said.contains("the promotion of 2021-09-01 (entry 2)"),
        "{said}"
    );
    assert!(said.contains("--confirm-backdated"), "{said}");
    let timeline = ok(url, &["person", "timeline", "ada@example.org"], dir);
    assert!(
        !timeline.contains("2020-02-03"),
        "nothing recorded: {timeline}"
    );

    let mut confirmed = leave.to_vec();
    confirmed.push("--confirm-backdated");
    let out = record(&confirmed);
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = ok(url, &["person", "timeline", "ada@example.org"], dir);
    assert!(timeline.contains("2020-02-03"), "{timeline}");

    // Back from leave, to management, then a move back asked at Engineer I (ic-1).
    for step in [
        &["--kind", "return", "--date", "2021-10-04"][..],
        &["--kind", "move", "--date", "2022-05-02", "--level", "em-1"][..],
    ] {
        let out = record(step);
        assert!(out.status.success(), "{step:?}: {}", stderr(&out));
    }
    let out = record(&["--kind", "move", "--date", "2024-01-08", "--level", "ic-1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("Recorded at "), "{said}");
    assert!(said.contains(", not "), "{said}");
    assert!(
        said.contains("(ic-1): the return path of Engineering Manager (em-1) guarantees"),
        "{said}"
    );
}
