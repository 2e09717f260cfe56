//! Who the audit log names for the CLI's changes: the account given with `--as` (or
//! `PENDULUM_AS`), as `account/ID` like the web application, or else the operating-system
//! user as `os/NAME`; never a bare `system`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use super::{on_db, sql, stderr};

/// The audit actors of `action`, oldest first.
fn actors(dir: &Path, action: &str) -> Vec<String> {
    sql(
        &dir.join("pendulum.db"),
        "SELECT actor FROM audit_log WHERE action = ? ORDER BY at, rowid",
        &[action],
    )
}

fn os_user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn create_account(dir: &Path, email: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args([
            "user",
            "create",
            email,
            "--role",
            "admin",
            "--password-stdin",
        ])
        .current_dir(dir)
        .env("PENDULUM_DATABASE_URL", "sqlite://pendulum.db")
        .env_remove("PENDULUM_ORG")
        .env_remove("PENDULUM_AS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pendulum runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery staple\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn changes_are_recorded_as_the_named_account_or_the_operating_system_user() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let me = format!("os/{}", os_user());

    let out = on_db(
        dir,
        &["person", "add", "Ada Lovelace", "ada@example.org"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(actors(dir, "person.created"), [me.as_str()]);
    // The default organisation of the new database, too.
    assert_eq!(actors(dir, "organisation.created"), [me.as_str()]);

    create_account(dir, "admin@example.org");
    let id = sql(
        &dir.join("pendulum.db"),
        "SELECT id FROM accounts WHERE email = ?",
        &["admin@example.org"],
    );
    let account = format!("account/{}", id[0]);

    let out = on_db(
        dir,
        &[
            "person",
            "add",
            "Grace Hopper",
            "grace@example.org",
            "--as",
            "admin@example.org",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = on_db(
        dir,
        &[
            "person",
            "record",
            "grace@example.org",
            "--kind",
            "hire",
            "--date",
            "2024-01-02",
            "--level",
            "ic-2",
        ],
        &[("PENDULUM_AS", "admin@example.org")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        actors(dir, "person.created"),
        [me.as_str(), account.as_str()]
    );
    assert_eq!(actors(dir, "role-event.appended"), [account.as_str()]);

    let all = sql(&dir.join("pendulum.db"), "SELECT actor FROM audit_log", &[]);
    assert!(!all.iter().any(|a| a == "system"), "{all:?}");
}

#[test]
fn an_unknown_account_cannot_act() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let out = on_db(
        dir,
        &[
            "person",
            "add",
            "Ada Lovelace",
            "ada@example.org",
            "--as",
            "nobody@example.org",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("--as nobody@example.org: default has no account with this email"),
        "{err}"
    );
    assert_eq!(
        sql(&dir.join("pendulum.db"), "SELECT email FROM people", &[]),
        Vec::<String>::new(),
        "nothing was written"
    );
}
