//! `pendulum journal add|list|insights` on a real SQLite file: entries written with the
//! API's rules (refusals name their argument and write nothing), and, served by
//! `pendulum serve` over the same file, `journal insights --format json` answers the
//! figures of `GET /api/v1/me/journal/insights` and `journal list --format json` the
//! entries of `GET /api/v1/me/journal`, in the same JSON; a token made for the author by
//! someone else locks the journal, and the command line refuses it too.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::{on_db, stderr, stdout};

const ADA: &str = "ada@example.test";

/// Kills the server when the test ends, passing or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = on_db(dir, args, &[]);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn journal(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["journal"];
    all.extend_from_slice(args);
    on_db(dir, &all, &[])
}

/// A person with an account of the same email, to write a journal as.
fn author(dir: &Path) {
    ok(dir, &["person", "add", "Ada", ADA]);
    let mut create = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args([
            "user",
            "create",
            ADA,
            "--role",
            "member",
            "--password-stdin",
        ])
        .current_dir(dir)
        .env("PENDULUM_DATABASE_URL", "sqlite://pendulum.db")
        .env_remove("PENDULUM_ORG")
        .env_remove("PENDULUM_AS")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    assert!(create.wait().unwrap().success());
}

/// A GET over HTTP/1.0 with a bearer token: the body of a 200 answer.
fn get(addr: &str, path: &str, token: &str) -> Value {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}\n{body}"
    );
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

fn serve(dir: &Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "sqlite://pendulum.db",
        ])
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .env_remove("PENDULUM_ORG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim()
        .trim_end_matches('/')
        .to_string();
    (Server(child), addr)
}

#[test]
fn the_command_line_writes_and_reads_the_journal_as_the_api_does() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    author(dir);
    let today = OffsetDateTime::now_utc().date();
    // Eight weeks of code review that leaves Ada less and less energised, and some
    // hands-on building long ago.
    for (weeks_back, energy) in [
        (7, "+2"),
        (6, "2"),
        (5, "1"),
        (4, "1"),
        (3, "0"),
        (2, "0"),
        (1, "-1"),
        (0, "-1"),
    ] {
        let day = (today - Duration::weeks(weeks_back)).to_string();
        let out = journal(
            dir,
            &[
                "add",
                "--as",
                ADA,
                "--date",
                &day,
                "--kind",
                "code-review",
                "--kind",
                "meetings",
                "--energy",
                energy,
                "--not-hands-on",
                "--learned",
                "something small",
                "--note",
                "one line\nand another",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).starts_with("wrote entry "), "{}", stdout(&out));
    }
    let long_ago = (today - Duration::days(200)).to_string();
    let out = journal(
        dir,
        &[
            "add", "--as", ADA, "--date", &long_ago, "--kind", "building", "--energy", "2",
            "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let written: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        written["hands_on"], true,
        "building decides when neither flag is given"
    );
    assert_eq!(written["date"], long_ago.as_str());

    // Refusals name their argument, every one, and write nothing.
    let out = journal(
        dir,
        &[
            "add",
            "--as",
            ADA,
            "--date",
            "2199-01-01",
            "--kind",
            "gardening",
            "--energy",
            "5",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for says in [
        "--date: a journal entry cannot be dated after today",
        "--kind: gardening is not a kind of work of the framework",
        "--energy: energy runs from -2 (depleted) to +2 (wanting more); 5 is outside it",
        "nothing was written",
    ] {
        assert!(err.contains(says), "{says}: {err}");
    }
    let out = journal(dir, &["add", "--kind", "building", "--energy", "1"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--as EMAIL"), "{}", stderr(&out));
    let out = journal(
        dir,
        &[
            "add",
            "--as",
            ADA,
            "--energy",
            "1",
            "--hands-on",
            "--not-hands-on",
        ],
    );
    assert!(!out.status.success(), "the two flags exclude each other");

    let listed = ok(dir, &["journal", "list", "--as", ADA]);
    assert!(
        listed.contains("code-review") || listed.contains("Code review"),
        "{listed}"
    );
    assert!(
        listed.contains("    one line\n    and another\n"),
        "{listed}"
    );
    assert_eq!(listed.matches("learned: something small").count(), 8);
    let human = ok(dir, &["journal", "insights", "--as", ADA]);
    assert!(human.contains("days since hands-on work: 200"), "{human}");
    assert!(human.contains("code review has been falling"), "{human}");

    let cli_insights: Value = serde_json::from_str(&ok(
        dir,
        &["journal", "insights", "--as", ADA, "--format", "json"],
    ))
    .unwrap();
    let cli_list: Value = serde_json::from_str(&ok(
        dir,
        &["journal", "list", "--as", ADA, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(cli_list["entries"].as_array().unwrap().len(), 9);
    assert_eq!(cli_insights["days_since_hands_on"], 200);
    assert_eq!(cli_insights["notes"][0]["kind"], "code-review");

    // Ada makes her own token (`--as` her account): a token made for her by anyone else
    // would lock her notes (below).
    let token = ok(dir, &["token", "create", ADA, "--as", ADA])
        .trim()
        .to_string();
    let (_server, addr) = serve(dir);
    let api_insights = get(&addr, "/api/v1/me/journal/insights", &token);
    let api_list = get(&addr, "/api/v1/me/journal", &token);
    assert_eq!(cli_insights, api_insights, "the same figures");
    assert_eq!(cli_list, api_list, "the same entries, in the API's JSON");

    // A token made for her by the operator locks her journal, at the command line too.
    let out = on_db(dir, &["token", "create", ADA], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("their journal and reflections are locked"),
        "{}",
        stderr(&out)
    );
    let out = journal(dir, &["list", "--as", ADA]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("someone else made an API token for your account")
            && err.contains("/private-notes")
            && err.contains("nothing was read or written"),
        "{err}"
    );
    assert!(!stdout(&out).contains("one line"), "{}", stdout(&out));
}

#[test]
fn a_generated_organisation_gets_journals_and_plans_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let out = ok(
        dir,
        &[
            "generate", "--people", "60", "--years", "4", "--notes", "20",
        ],
    );
    assert!(out.contains("wrote 20 journals ("), "{out}");
    let db = dir.join("pendulum.db");
    let count = |table: &str| {
        super::sql(
            &db,
            &format!("SELECT CAST(count(*) AS TEXT) FROM {table}"),
            &[],
        )[0]
        .clone()
    };
    let entries: u32 = count("journal_entries").parse().unwrap();
    assert!(entries > 20 * 40, "five months for each: {entries}");
    let plans: u32 = count("plans").parse().unwrap();
    assert!(plans >= 1, "one in ten at an IC level: {plans}");
    // Agreed by both; without an admin account nothing starts.
    assert_eq!(
        super::sql(&db, "SELECT DISTINCT state FROM plans", &[]),
        ["agreed"]
    );
    // Journals end today: a history generated as of another day takes none.
    let out = on_db(
        dir,
        &[
            "generate",
            "--people",
            "5",
            "--years",
            "1",
            "--as-of",
            "2020-01-01",
            "--notes",
            "2",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("leave out --as-of"),
        "{}",
        stderr(&out)
    );
    let out = on_db(
        dir,
        &[
            "generate", "--people", "5", "--years", "1", "--notes", "5000",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("from 0 to 1000"), "{}", stderr(&out));
}
