//! Problems point at the physical line of the bad field, whatever the file's line endings,
//! byte-order mark, blank lines or multi-line quoted fields.

use std::path::Path;

use pendulum_domain::{Email, OrgSlug};
use pendulum_store::prelude::*;
use pendulum_store::{OrgStore, Store};
use pendulum_transfer::{Source, TransferError};

use crate::sqlite;

const HEADER: &str = "email,kind,effective,level,reason";
const GOOD: &str = "ada@example.com,hire,2020-01-06,ic-1,";
const BAD_DATE: &str = "ada@example.com,promotion,2020-02-30,ic-2,";

/// Imports `bytes` as one role-event file for a stored person and returns each problem as
/// `line: column`.
async fn problems(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path(), "db.sqlite").await;
    let organisation = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
        .await
        .unwrap();
    let org = store.org(organisation.id);
    org.create_person("Ada", &Email::new("ada@example.com").unwrap(), None)
        .await
        .unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, bytes).unwrap();
    problems_at(&org, &path).await
}

async fn problems_at<O: OrgStore>(org: &O, path: &Path) -> Vec<String> {
    let source = Source::open(path).unwrap();
    match pendulum_transfer::import(org, &source, None, &|_| {}).await {
        Err(TransferError::Problems(problems)) => problems
            .0
            .iter()
            .map(|p| {
                assert!(p.file.ends_with("events.csv"), "{p}");
                format!("{}: {}", p.line, p.column)
            })
            .collect(),
        other => panic!("the import must fail with problems: {other:?}"),
    }
}

/// The lines joined with `ending` after each.
fn file(lines: &[&str], ending: &str) -> String {
    lines.iter().map(|l| format!("{l}{ending}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lf() {
    let text = file(&[HEADER, GOOD, GOOD, BAD_DATE, GOOD], "\n");
    assert_eq!(problems(text.as_bytes()).await, ["4: effective"]);
}

/// What Excel, Python's `csv` module and most HR systems write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crlf() {
    let text = file(&[HEADER, GOOD, GOOD, BAD_DATE, GOOD], "\r\n");
    assert_eq!(problems(text.as_bytes()).await, ["4: effective"]);
    // Line 201, as in the report that found the defect.
    let mut lines = vec![HEADER];
    lines.extend(std::iter::repeat_n(GOOD, 199));
    lines.push(BAD_DATE);
    assert_eq!(
        problems(file(&lines, "\r\n").as_bytes()).await,
        ["201: effective"]
    );
}

/// A UTF-8 byte-order mark, also before a quoted header (which it must not spoil).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn byte_order_mark() {
    for ending in ["\n", "\r\n"] {
        let text = format!("\u{feff}{}", file(&[HEADER, GOOD, BAD_DATE], ending));
        assert_eq!(
            problems(text.as_bytes()).await,
            ["3: effective"],
            "{ending:?}"
        );
    }
    let quoted = "\"email\",\"kind\",\"effective\",\"level\",\"reason\"";
    let text = format!("\u{feff}{}", file(&[quoted, GOOD, BAD_DATE], "\r\n"));
    assert_eq!(problems(text.as_bytes()).await, ["3: effective"]);
}

/// Quoted fields over several lines before the bad row, with either line ending inside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_line_fields_before_the_bad_row() {
    for ending in ["\n", "\r\n"] {
        let reason = format!(
            "ada@example.com,sideways-ish,2021-01-01,ic-2,\"over{ending}three{ending}lines\""
        );
        let text = file(&[HEADER, GOOD, &reason, BAD_DATE], ending);
        // Line 3 starts the three-line row; the bad date is on line 6.
        assert_eq!(
            problems(text.as_bytes()).await,
            ["3: kind", "6: effective"],
            "{ending:?}"
        );
    }
}

/// A field after a multi-line field in the same row is reported on its own line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_after_a_multi_line_field_is_on_its_own_line() {
    let header = "email,kind,reason,effective,level";
    for ending in ["\n", "\r\n"] {
        let row = format!("ada@example.com,hire,\"one{ending}two\",2020-02-30,Wizard");
        let text = file(&[header, &row], ending);
        assert_eq!(
            problems(text.as_bytes()).await,
            ["3: effective", "3: level"],
            "{ending:?}"
        );
    }
}

/// Mixed line endings (LF, CRLF and a lone CR, which the CSV reader also ends a row with),
/// and blank lines, which are skipped but still counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mixed_endings_and_blank_lines() {
    let text = format!("{HEADER}\r\n{GOOD}\n\r\n\n{GOOD}\r{GOOD}\r\n\r\n{BAD_DATE}\n{GOOD}\n");
    // 1 header, 2 good, 3 and 4 blank, 5 good, 6 good, 7 blank, 8 the bad row.
    assert_eq!(problems(text.as_bytes()).await, ["8: effective"]);
}

/// Bytes that are not UTF-8 are reported at their line and column.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8_names_its_line_and_column() {
    let mut bytes = file(&[HEADER, GOOD], "\r\n").into_bytes();
    bytes
        .extend_from_slice(b"ada@example.com,promotion,2021-01-01,ic-2,\"caf\xe9\r\nau lait\"\r\n");
    bytes.extend_from_slice(file(&[BAD_DATE], "\r\n").as_bytes());
    assert_eq!(
        problems(&bytes).await,
        ["3: reason", "5: effective"],
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}
