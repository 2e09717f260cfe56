//! `pendulum user …` and `pendulum token …` on a real SQLite file.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::{sql, stderr, stdout};

/// Runs `pendulum` on the SQLite file `pendulum.db` in `dir`, with `input` on stdin.
fn run(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PENDULUM_DATABASE_URL", "sqlite://pendulum.db")
        .env_remove("PENDULUM_ORG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pendulum runs");
    // A command that fails before it reads closes the pipe early; that is not an error here.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

const CREATE: [&str; 6] = [
    "user",
    "create",
    "",
    "--role",
    "manager",
    "--password-stdin",
];

fn create(dir: &Path, email: &str, password: &str) -> Output {
    let mut args = CREATE;
    args[2] = email;
    run(dir, &args, &format!("{password}\n"))
}

#[test]
fn accounts_link_to_people_and_refuse_short_passwords_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["person", "add", "Ada", "ada@example.test"],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let out = create(dir.path(), "ada@example.test", "eleven char");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("at least 12 characters"),
        "{}",
        stderr(&out)
    );
    // As long as the web's limit, in the same words: hashing cost stays bounded.
    let out = create(dir.path(), "ada@example.test", &"x".repeat(1025));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("a password needs at most 1024 bytes"),
        "{}",
        stderr(&out)
    );

    let out = create(dir.path(), "ada@example.test", "correct horse battery");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("as manager"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("linked to the person Ada"),
        "{}",
        stdout(&out)
    );

    let out = create(dir.path(), "ada@example.test", "correct horse battery");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already"), "{}", stderr(&out));

    let out = create(dir.path(), "nobody@example.test", "correct horse battery");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("no person"), "{}", stdout(&out));

    let out = run(
        dir.path(),
        &[
            "user",
            "create",
            "x@example.test",
            "--role",
            "boss",
            "--password-stdin",
        ],
        "correct horse battery\n",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not a role"), "{}", stderr(&out));
}

#[test]
fn tokens_are_printed_once_and_need_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let out = create(dir.path(), "ops@example.test", "correct horse battery");
    assert!(out.status.success(), "{}", stderr(&out));

    let out = run(dir.path(), &["token", "create", "ops@example.test"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let token = stdout(&out).trim().to_string();
    assert_eq!(token.len(), 64, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let again = run(dir.path(), &["token", "create", "ops@example.test"], "");
    assert_ne!(stdout(&again).trim(), token);

    let out = run(dir.path(), &["token", "create", "ghost@example.test"], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no account"), "{}", stderr(&out));
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args, "");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn refused(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args, "");
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        stdout(&out)
    );
    stderr(&out)
}

/// The ids `token list` prints, one a line first.
fn token_ids(listing: &str) -> Vec<String> {
    listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn accounts_are_disabled_and_enabled_and_tokens_listed_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        create(d, "ops@example.test", "correct horse battery")
            .status
            .success()
    );
    assert!(
        create(d, "dev@example.test", "correct horse battery")
            .status
            .success()
    );
    for name in ["ci", "laptop"] {
        ok(d, &["token", "create", "ops@example.test", "--name", name]);
    }
    ok(d, &["token", "create", "dev@example.test"]);
    let listing = ok(d, &["token", "list", "ops@example.test"]);
    assert_eq!(token_ids(&listing).len(), 2, "{listing}");
    assert!(
        listing.contains("ci") && listing.contains("laptop"),
        "{listing}"
    );

    let out = ok(d, &["user", "disable", "ops@example.test"]);
    assert!(out.contains("2 API tokens were revoked"), "{out}");
    assert_eq!(ok(d, &["token", "list", "ops@example.test"]), "");
    assert_eq!(
        token_ids(&ok(d, &["token", "list", "dev@example.test"])).len(),
        1
    );
    assert!(refused(d, &["user", "disable", "ops@example.test"]).contains("disabled already"));
    assert!(refused(d, &["token", "create", "ops@example.test"]).contains("disabled"));
    assert!(refused(d, &["user", "disable", "ghost@example.test"]).contains("no account"));

    let out = ok(d, &["user", "enable", "ops@example.test"]);
    assert!(out.contains("enabled ops@example.test"), "{out}");
    assert!(refused(d, &["user", "enable", "ops@example.test"]).contains("not disabled"));
    assert_eq!(
        ok(d, &["token", "list", "ops@example.test"]),
        "",
        "revoked tokens stay revoked"
    );

    // One token by its id; then every token of an account.
    ok(d, &["token", "create", "ops@example.test", "--name", "new"]);
    let id = token_ids(&ok(d, &["token", "list", "ops@example.test"])).remove(0);
    let out = ok(d, &["token", "revoke", &id]);
    assert!(out.contains("ops@example.test"), "{out}");
    assert!(refused(d, &["token", "revoke", &id]).contains("no API token"));
    assert_eq!(ok(d, &["token", "list", "ops@example.test"]), "");
    let out = ok(d, &["token", "revoke", "--all", "dev@example.test"]);
    assert!(
        out.contains("revoked 1 API token of dev@example.test"),
        "{out}"
    );
    assert_eq!(ok(d, &["token", "list", "dev@example.test"]), "");

    assert!(refused(d, &["token", "revoke", "not-an-id"]).contains("not a token id"));
    refused(d, &["token", "revoke"]);
}

/// `user role` gives an account another role, audited as the account named with `--as`;
/// the organisation's last admin in use keeps the role, the role held already and an
/// unknown role are refused, and nothing changes then.
#[test]
fn an_accounts_role_changes_but_the_last_admin_stays() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for email in ["ops@example.test", "dev@example.test"] {
        assert!(create(d, email, "correct horse battery").status.success());
    }
    let role_of = |email: &str| {
        sql(
            &d.join("pendulum.db"),
            "SELECT role FROM accounts WHERE email = ?",
            &[email],
        )
    };

    let out = ok(d, &["user", "role", "ops@example.test", "--to", "admin"]);
    assert!(
        out.contains("ops@example.test is now admin (was manager)"),
        "{out}"
    );
    assert_eq!(role_of("ops@example.test"), ["admin"]);

    // The only admin in use stays one.
    let err = refused(d, &["user", "role", "ops@example.test", "--to", "member"]);
    assert!(err.contains("last admin"), "{err}");
    assert_eq!(role_of("ops@example.test"), ["admin"]);
    let err = refused(d, &["user", "role", "dev@example.test", "--to", "manager"]);
    assert!(err.contains("already"), "{err}");
    let err = refused(d, &["user", "role", "dev@example.test", "--to", "boss"]);
    assert!(err.contains("boss"), "{err}");
    let err = refused(d, &["user", "role", "ghost@example.test", "--to", "member"]);
    assert!(err.contains("no account"), "{err}");

    // With a second admin, the first may step down; the audit log names who did it.
    ok(d, &["user", "role", "dev@example.test", "--to", "admin"]);
    let out = ok(
        d,
        &[
            "user",
            "role",
            "ops@example.test",
            "--to",
            "analyst",
            "--as",
            "dev@example.test",
        ],
    );
    assert!(out.contains("is now analyst (was admin)"), "{out}");
    assert_eq!(role_of("ops@example.test"), ["analyst"]);
    let dev = sql(
        &d.join("pendulum.db"),
        "SELECT id FROM accounts WHERE email = ?",
        &["dev@example.test"],
    );
    let actors = sql(
        &d.join("pendulum.db"),
        "SELECT actor FROM audit_log WHERE action = 'account.role-changed' ORDER BY at, rowid",
        &[],
    );
    assert_eq!(actors.len(), 3, "{actors:?}");
    assert_eq!(actors[2], format!("account/{}", dev[0]));
}
