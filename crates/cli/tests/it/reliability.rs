//! Reliability of bulk imports, as an operator sees them: a real `pendulum` process killed
//! with SIGKILL while it is provably writing leaves nothing of the import behind; a file
//! with bad rows is refused with every problem listed and nothing written; backup and
//! restore round-trip a SQLite database.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sqlx::{ConnectOptions, Connection};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PENDULUM_DATABASE_URL")
        .env_remove("PENDULUM_ORG")
        .output()
        .expect("pendulum runs")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `queries` (each returning one integer) on a SQLite file, directly.
fn counts(db: &Path, queries: &[&str]) -> Vec<i64> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        let mut out = Vec::new();
        for q in queries {
            out.push(
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(q.to_string()))
                    .fetch_one(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{q}: {e}")),
            );
        }
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(check, "ok", "{}", db.display());
        conn.close().await.unwrap();
        out
    })
}

const DATA_ROWS: [&str; 6] = [
    "SELECT count(*) FROM people",
    "SELECT count(*) FROM role_events",
    "SELECT count(*) FROM pay_events",
    "SELECT count(*) FROM reporting_changes",
    "SELECT count(*) FROM current_roles",
    "SELECT count(*) FROM audit_log WHERE action = 'import'",
];

fn data_rows(dir: &Path, file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    // Generated data holds no line breaks inside fields: one row per line.
    text.lines().skip(1).map(str::to_string).collect()
}

/// One `import: D/T <stage> written` progress line.
fn progress(line: &str) -> Option<(String, u64, u64)> {
    let rest = line.strip_prefix("import: ")?.strip_suffix(" written")?;
    let (counts, stage) = rest.split_once(' ')?;
    let (done, total) = counts.split_once('/')?;
    Some((stage.to_string(), done.parse().ok()?, total.parse().ok()?))
}

/// The import of a few thousand people is killed with SIGKILL after about 10 %, 50 % and
/// 90 % of its rows are written (written inside its transaction, as its progress lines
/// prove, while the process is still running). Each time the database afterwards holds
/// none of the import and passes SQLite's integrity check. Then the same import, run to
/// the end in the database killed last, holds all of it and exports identically.
#[test]
fn a_killed_import_leaves_nothing_and_a_full_one_everything() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(run(
        &[
            "generate",
            "--people",
            "4000",
            "--years",
            "12",
            "--seed",
            "7",
            "--as-of",
            "2026-06-30",
            "--database-url",
            "sqlite://source.db",
        ],
        d,
    ));
    ok(run(
        &[
            "export",
            "--out",
            "data",
            "--database-url",
            "sqlite://source.db",
        ],
        d,
    ));
    let data = d.join("data");
    let people = data_rows(&data, "people.csv").len() as u64;
    let events = data_rows(&data, "events.csv");
    let with_history: BTreeSet<&str> = events
        .iter()
        .map(|row| row.split(',').nth(1).unwrap())
        .collect();
    let events = events.len() as u64;
    let pay = data_rows(&data, "pay.csv").len() as u64;
    let reporting = data_rows(&data, "reporting.csv").len() as u64;
    let projections = with_history.len() as u64;
    let total = people + events + pay + reporting + projections;
    assert!(
        events > 5_000 && pay > 5_000,
        "{people} people, {events} events, {pay} pay"
    );

    let mut killed_at = Vec::new();
    for (round, fraction) in [0.1, 0.5, 0.9].into_iter().enumerate() {
        let db = d.join(format!("killed-{round}.db"));
        let url = format!("sqlite://{}", db.display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
            .args(["import", "data", "--database-url", &url])
            .current_dir(d)
            .env("PENDULUM_PROGRESS", "lines")
            .env_remove("PENDULUM_ORG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let stages = [
            "people",
            "events",
            "pay events",
            "reporting changes",
            "projections",
        ];
        let mut seen = Vec::new();
        let mut written = None;
        for line in stderr.lines() {
            let line = line.unwrap();
            seen.push(line.clone());
            let Some((stage, done, stage_total)) = progress(&line) else {
                continue;
            };
            let before: u64 = match stages.iter().position(|s| *s == stage) {
                Some(0) => 0,
                Some(1) => people,
                Some(2) => people + events,
                Some(3) => people + events + pay,
                Some(4) => people + events + pay + reporting,
                _ => panic!("unknown stage in {line:?}"),
            };
            let so_far = before + done;
            if so_far as f64 >= fraction * total as f64 && so_far < total && done < stage_total {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "the import ended before it could be killed: {seen:?}"
                );
                child.kill().unwrap();
                written = Some(so_far);
                break;
            }
        }
        let status = child.wait().unwrap();
        let written = written.unwrap_or_else(|| panic!("no progress line to act on: {seen:?}"));
        assert_eq!(
            status.signal(),
            Some(9),
            "the import must die by SIGKILL, not finish: {status:?}"
        );
        assert!(written > 0 && written < total);
        assert_eq!(
            counts(&db, &DATA_ROWS),
            [0, 0, 0, 0, 0, 0],
            "{}: killed after {written} of {total} rows, the database holds part of the import",
            db.display()
        );
        killed_at.push(written);
    }
    assert!(
        killed_at.windows(2).all(|w| w[0] < w[1]),
        "the kills came at different points: {killed_at:?}"
    );
    eprintln!("killed after {killed_at:?} of {total} rows");

    // The database killed last, imported to the end: everything, and the same export.
    let last = d.join("killed-2.db");
    let url = format!("sqlite://{}", last.display());
    ok(run(&["import", "data", "--database-url", &url], d));
    assert_eq!(
        counts(&last, &DATA_ROWS),
        [
            people as i64,
            events as i64,
            pay as i64,
            reporting as i64,
            projections as i64,
            1
        ]
    );
    ok(run(
        &["export", "--out", "again", "--database-url", &url],
        d,
    ));
    for file in [
        "organisation.json",
        "people.csv",
        "events.csv",
        "pay.csv",
        "frameworks/1.yaml",
    ] {
        assert!(
            std::fs::read(data.join(file)).unwrap()
                == std::fs::read(d.join("again").join(file)).unwrap(),
            "{file} differs after the import"
        );
    }
}

/// Several bad rows: the import fails with every problem as `file:line: column: reason`,
/// exits 1, and writes nothing.
#[test]
fn bad_rows_are_all_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("data")).unwrap();
    std::fs::write(
        d.join("data/people.csv"),
        "name,email,manager_email\nAda,ada@example.com,\nGrace,grace@example.com,ada@example.com\n,nameless@example.com,\n",
    )
    .unwrap();
    std::fs::write(
        d.join("data/events.csv"),
        "email,kind,effective,level,reason\n\
         ada@example.com,hire,2020-01-06,ic-3,\n\
         grace@example.com,hire,2020-13-01,ic-2,\n\
         grace@example.com,promotion,2021-03-01,Chief Wizard,\"two\nlines\"\n\
         ada@example.com,vanish,2021-01-01,,\n\
         bob@example.com,hire,2020-01-01,ic-1,\n",
    )
    .unwrap();
    let url = "sqlite://target.db";
    let out = run(&["import", "data", "--database-url", url], d);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "data/events.csv:3: effective: \"2020-13-01\" is not a date; use YYYY-MM-DD",
        "data/events.csv:4: level: framework version 1 has no level with the id or title \"Chief Wizard\"",
        "data/events.csv:6: kind: \"vanish\" is not a kind of event",
        "data/events.csv:7: email: nobody with the email bob@example.com is in this import or stored",
        "data/people.csv:4: name: is required",
        "5 problem(s); nothing was imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(counts(&d.join("target.db"), &DATA_ROWS), [0, 0, 0, 0, 0, 0]);

    // One file on its own: its kind comes from its header.
    std::fs::write(d.join("people.csv"), "email,name\nada@example.com,Ada\n").unwrap();
    let out = ok(run(&["import", "people.csv", "--database-url", url], d));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("imported into default: 1 people"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A backup taken while the database is in use restores it exactly, replacing what was
/// written since; a file that is not a Pendulum database is refused; PostgreSQL points to
/// its own tools.
#[test]
fn backup_and_restore_round_trip_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = "sqlite://live.db";
    ok(run(
        &[
            "generate",
            "--people",
            "60",
            "--years",
            "3",
            "--as-of",
            "2026-06-30",
            "--database-url",
            url,
        ],
        d,
    ));
    ok(run(&["backup", "snapshot.db", "--database-url", url], d));
    ok(run(
        &["export", "--out", "before", "--database-url", url],
        d,
    ));
    ok(run(
        &[
            "person",
            "add",
            "Late Comer",
            "late@example.com",
            "--database-url",
            url,
        ],
        d,
    ));
    let refused = run(&["backup", "snapshot.db", "--database-url", url], d);
    assert!(
        !refused.status.success(),
        "a backup never overwrites a file"
    );

    std::fs::write(d.join("junk.db"), b"not a database at all").unwrap();
    let refused = run(&["restore", "junk.db", "--database-url", url], d);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is not a Pendulum database"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    ok(run(&["restore", "snapshot.db", "--database-url", url], d));
    ok(run(&["export", "--out", "after", "--database-url", url], d));
    for file in ["organisation.json", "people.csv", "events.csv", "pay.csv"] {
        assert!(
            std::fs::read(d.join("before").join(file)).unwrap()
                == std::fs::read(d.join("after").join(file)).unwrap(),
            "{file} differs after the restore"
        );
    }
    assert_eq!(
        counts(
            &d.join("live.db"),
            &["SELECT count(*) FROM people WHERE email = 'late@example.com'"]
        ),
        [0]
    );

    for command in ["backup", "restore"] {
        let out = run(
            &[
                command,
                "x.dump",
                "--database-url",
                "postgres://postgres@127.0.0.1:1/none",
            ],
            d,
        );
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("pg_dump"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
