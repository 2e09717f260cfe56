//! What the CLI says when it cannot do what was asked: each cause once, a database it
//! cannot reach named with what failed, and numbers outside their range refused by the
//! argument parser before anything runs.

use std::net::TcpListener;

use super::{on_db, pendulum, stderr};

#[test]
fn a_cause_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = pendulum(&["framework", "check", "missing.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot read missing.yaml: "),
        "{err}"
    );
    assert_eq!(err.matches("(os error").count(), 1, "{err}");

    // An export into a path under a file: the transfer crate's I/O error.
    std::fs::write(dir.path().join("file.txt"), "").unwrap();
    let out = on_db(dir.path(), &["export", "--out", "file.txt/export"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("file.txt/export"), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}

#[test]
fn an_unreachable_postgresql_server_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://app:s3cret-pw@127.0.0.1:{port}/pendulum");
    let out = on_db(dir.path(), &["org", "list", "--database-url", &url], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: cannot connect to PostgreSQL at postgres://app:***@127.0.0.1:{port}/pendulum: "
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "check that PostgreSQL is running and accepts connections at 127.0.0.1:{port}"
        )),
        "{err}"
    );
    assert!(!err.contains("s3cret-pw"), "{err}");
    assert!(!err.contains("server log"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Runs `args` and expects clap's refusal (exit code 2) naming `flag` and `range`.
fn refused(args: &[&str], flag: &str, range: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = on_db(dir.path(), args, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(flag) && err.contains(range), "{args:?}: {err}");
    assert!(
        !dir.path().join("pendulum.db").exists(),
        "{args:?} opened the database"
    );
}

#[test]
fn generate_refuses_sizes_outside_its_range() {
    let people = "a whole number of people from 1 to 100000";
    for n in ["99999999999", "100001", "0", "99999999999999999999999"] {
        refused(
            &["generate", "--people", n, "--years", "2"],
            "--people",
            people,
        );
    }
    refused(
        &["generate", "--people", "ten", "--years", "2"],
        "--people",
        "use 1 to 100000 people",
    );
    let years = "a whole number of years from 1 to 50";
    for n in ["0", "51", "4294967296"] {
        refused(
            &["generate", "--people", "10", "--years", n],
            "--years",
            years,
        );
    }
    for date in ["1949-12-31", "2201-01-01"] {
        refused(
            &[
                "generate", "--people", "10", "--years", "2", "--as-of", date,
            ],
            "--as-of",
            "the years 1950–2200",
        );
    }
    refused(
        &[
            "person",
            "record",
            "ada@example.org",
            "--kind",
            "hire",
            "--date",
            "2024-01-01",
            "--framework-version",
            "0",
        ],
        "--framework-version",
        "0",
    );
}

#[test]
fn generate_refuses_a_history_that_ends_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let tomorrow = (time::OffsetDateTime::now_utc().date() + time::Duration::days(1)).to_string();
    let out = on_db(
        dir.path(),
        &[
            "generate", "--people", "3", "--years", "1", "--as-of", &tomorrow,
        ],
        &[],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!("--as-of {tomorrow} is after today")),
        "{err}"
    );
}

#[test]
fn generate_runs_within_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let out = on_db(
        dir.path(),
        &[
            "generate",
            "--people",
            "3",
            "--years",
            "1",
            "--as-of",
            "2026-06-30",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
