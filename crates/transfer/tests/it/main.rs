//! Import and export against real databases: SQLite always, PostgreSQL at
//! `PENDULUM_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`),
//! skipped loudly when unreachable except under `CI=true`.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use pendulum_domain::generate::{Params, generate};
use pendulum_domain::{Email, EventKind, Money, OrgSlug, Organisation};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_store::prelude::*;
use pendulum_store::{ImportBatch, NewRoleEvent, Store};
use pendulum_store_postgres::PgStore;
use pendulum_store_sqlite::SqliteStore;
use pendulum_transfer::{Source, TransferError};
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::macros::date;

mod lines;
mod values;

async fn sqlite(dir: &Path, name: &str) -> SqliteStore {
    let url = format!("sqlite://{}", dir.join(name).display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    store
}

fn admin_options() -> PgConnectOptions {
    let url = std::env::var("PENDULUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    PgConnectOptions::from_str(&url).unwrap()
}

/// New PostgreSQL databases for one test, dropped by [`PgDatabases::drop_all`].
struct PgDatabases {
    admin: sqlx::PgPool,
    names: Vec<String>,
}

impl PgDatabases {
    async fn connect() -> Option<Self> {
        match PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect_with(admin_options())
            .await
        {
            Ok(admin) => Some(Self {
                admin,
                names: Vec::new(),
            }),
            Err(e) => {
                assert!(
                    std::env::var("CI").map_or(true, |v| v != "true"),
                    "CI=true and PostgreSQL is unreachable: {e}"
                );
                eprintln!("SKIPPED: PostgreSQL is unreachable ({e})");
                None
            }
        }
    }

    async fn create(&mut self) -> PgStore {
        let name = format!("pendulum_test_{}", uuid::Uuid::now_v7().simple());
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&self.admin)
            .await
            .unwrap();
        let store = PgStore::connect_with(admin_options().database(&name))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        self.names.push(name);
        store
    }

    async fn drop_all(self, stores: Vec<PgStore>) {
        for store in stores {
            store.pool().close().await;
        }
        for name in &self.names {
            sqlx::query(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&self.admin)
            .await
            .unwrap();
        }
    }
}

/// An organisation with two framework versions, a generated history, a person without a
/// history, text that needs quoting, and a pay amount with cents.
async fn populate<S: Store>(store: &S) -> Organisation {
    let organisation = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme, \"Inc\"")
        .await
        .unwrap();
    let org = store.org(organisation.id);
    let v2 = ENGINEERING_YAML.replace("title: Engineer I\n", "title: Software Engineer I\n");
    assert_eq!(org.publish_framework(&v2).await.unwrap(), 2);
    let framework = org.framework(1).await.unwrap();
    let params = Params {
        people: 120,
        years: 5,
        seed: 3,
        as_of: date!(2026 - 06 - 30),
    };
    let g = generate(&framework, 1, organisation.id, &params);
    org.import(ImportBatch {
        people: g.people,
        events: g.events,
        pay: g.pay,
        reporting: g.reporting,
    })
    .await
    .unwrap();
    let quoted = org
        .create_person(
            "Zoë \"Zed\" O'Neil",
            &Email::new("zoe@example.com").unwrap(),
            None,
        )
        .await
        .unwrap();
    org.append_event(
        quoted.id,
        NewRoleEvent::new(EventKind::Hire, date!(2024 - 01 - 02), 2)
            .level(LevelId::new("ic-2").unwrap())
            .reason("joined, after \"a long\" search\nsecond line"),
    )
    .await
    .unwrap();
    org.append_pay(
        quoted.id,
        Money {
            minor: 8_500_050,
            currency: Currency::new("GBP").unwrap(),
        },
        date!(2024 - 01 - 02),
        Some("starting, with cents".into()),
    )
    .await
    .unwrap();
    org.create_person("No History", &Email::new("new@example.com").unwrap(), None)
        .await
        .unwrap();
    // Text a spreadsheet would take for a formula, text that looks escaped already, and an
    // empty reason; each manages the next, so that emails of both columns are hostile too.
    let mut manager = None;
    for (name, email, reason) in HOSTILE {
        let person = org
            .create_person(name, &Email::new(email).unwrap(), manager)
            .await
            .unwrap();
        org.append_event(
            person.id,
            NewRoleEvent::new(EventKind::Hire, date!(2024 - 02 - 01), 2)
                .level(LevelId::new("ic-1").unwrap())
                .reason(reason),
        )
        .await
        .unwrap();
        org.append_pay(
            person.id,
            Money {
                minor: 5_000_000,
                currency: Currency::new("EUR").unwrap(),
            },
            date!(2024 - 02 - 01),
            Some(reason.to_string()),
        )
        .await
        .unwrap();
        manager = Some(person.id);
    }
    organisation
}

/// Names, emails and reasons that spreadsheets would read as formulas, that start with the
/// escape itself, or are empty.
const HOSTILE: [(&str, &str, &str); 7] = [
    (
        "=HYPERLINK(\"http://x\")",
        "=hyperlink@example.com",
        "=HYPERLINK(\"http://x\",\"click\")",
    ),
    ("+1", "+plus@example.com", "+1"),
    ("-2", "-minus@example.com", "-2"),
    ("@SUM(A1)", "sum@example.com", "@SUM(A1)"),
    ("'quoted", "'quote@example.com", "''twice"),
    ("Tab Reason", "tab@example.com", "\tindented"),
    ("Empty Reason", "empty@example.com", ""),
];

/// Every cell of an export's CSV file, with its column.
fn cells(csv: &[u8]) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_reader(csv);
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .flat_map(|r| {
            let record = r.unwrap();
            header
                .iter()
                .zip(record.iter())
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// No cell of an export starts a formula, and the hostile values are there, escaped.
fn assert_neutralised(files: &BTreeMap<String, Vec<u8>>) {
    for name in ["people.csv", "events.csv", "pay.csv"] {
        for (column, value) in cells(&files[name]) {
            assert!(
                !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{name}: {column}: {value:?} starts a formula"
            );
        }
    }
    let people = cells(&files["people.csv"]);
    let has = |column: &str, value: &str| people.iter().any(|(c, v)| c == column && v == value);
    for (name, email) in [
        ("'=HYPERLINK(\"http://x\")", "'=hyperlink@example.com"),
        ("'+1", "'+plus@example.com"),
        ("'-2", "'-minus@example.com"),
        ("'@SUM(A1)", "sum@example.com"),
        ("''quoted", "''quote@example.com"),
    ] {
        assert!(has("name", name), "{name:?}: {people:?}");
        assert!(has("email", email), "{email:?}: {people:?}");
    }
    assert!(
        has("manager_email", "'=hyperlink@example.com"),
        "{people:?}"
    );
    let reasons: Vec<String> = cells(&files["pay.csv"])
        .into_iter()
        .filter(|(c, _)| c == "reason")
        .map(|(_, v)| v)
        .collect();
    for reason in ["'+1", "'-2", "'@SUM(A1)", "'''twice", "'\tindented"] {
        assert!(
            reasons.iter().any(|r| r == reason),
            "{reason:?}: {reasons:?}"
        );
    }
    let people = String::from_utf8(files["people.csv"].clone()).unwrap();
    assert!(
        people.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",'=hyperlink@example.com,"),
        "{people}"
    );
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let name = entry.strip_prefix(dir).unwrap().display().to_string();
        out.insert(name, std::fs::read(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Export, import into an empty database, export again: the same bytes. Importing the
/// export a second time writes nothing.
async fn round_trip<S: Store>(full: &S, empty: &S, dir: &Path) {
    let organisation = populate(full).await;
    let first = dir.join("first");
    let summary = pendulum_transfer::export(&full.org(organisation.id), &organisation, &first)
        .await
        .unwrap();
    assert_eq!(summary.frameworks, 2);
    assert!(summary.events > 300, "{summary:?}");

    assert!(empty.list_orgs().await.unwrap().is_empty());
    let source = Source::open(&first).unwrap();
    let created = pendulum_transfer::organisation_from_export(empty, &source)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(created, organisation, "the organisation keeps its identity");
    let org = empty.org(created.id);
    assert_eq!(
        pendulum_transfer::sync_frameworks(&org, &source)
            .await
            .unwrap(),
        vec![2]
    );
    let imported = pendulum_transfer::import(&org, &source, None, &|_| {})
        .await
        .unwrap();
    assert_eq!(imported.people, summary.people);
    assert_eq!(imported.events, summary.events);
    assert_eq!(imported.pay, summary.pay);
    assert_eq!(imported.reporting, summary.reporting);

    let second = dir.join("second");
    pendulum_transfer::export(&org, &created, &second)
        .await
        .unwrap();
    let (a, b) = (files(&first), files(&second));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        [
            "events.csv",
            "frameworks/1.yaml",
            "frameworks/2.yaml",
            "organisation.json",
            "pay.csv",
            "people.csv",
            "reporting.csv"
        ]
    );
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs after the round trip:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[name])
        );
    }
    assert_neutralised(&a);
    let lines = String::from_utf8(a["reporting.csv"].clone()).unwrap();
    assert!(
        lines.starts_with("email,seq,effective,manager_email,reason,recorded_at\n")
            && lines.contains("Reorganisation: moved to a new team"),
        "the generated reorganisations are exported:\n{lines}"
    );
    for (name, email, reason) in HOSTILE {
        let person = org
            .person_by_email(&Email::new(email).unwrap())
            .await
            .unwrap();
        assert_eq!(person.name, name, "the import undoes the escape exactly");
        let events = org.events(person.id).await.unwrap();
        let expected = Some(reason).filter(|r| !r.is_empty());
        assert_eq!(events[0].reason.as_deref(), expected, "{name}");
    }
    let events = String::from_utf8(a["events.csv"].clone()).unwrap();
    assert!(
        events.contains("\"joined, after \"\"a long\"\" search\nsecond line\""),
        "{events}"
    );
    assert!(String::from_utf8_lossy(&a["pay.csv"]).contains(",85000.50,GBP,"));

    let again = pendulum_transfer::import(&org, &source, None, &|_| {})
        .await
        .unwrap();
    assert_eq!((again.people, again.events, again.pay), (0, 0, 0));
    assert_eq!(again.skipped_events, summary.events);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let full = sqlite(dir.path(), "full.db").await;
    let empty = sqlite(dir.path(), "empty.db").await;
    round_trip(&full, &empty, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_on_postgres() {
    let Some(mut databases) = PgDatabases::connect().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let full = databases.create().await;
    let empty = databases.create().await;
    let outcome = tokio::spawn({
        let (full, empty) = (full.clone(), empty.clone());
        let dir = dir.path().to_path_buf();
        async move { round_trip(&full, &empty, &dir).await }
    })
    .await;
    databases.drop_all(vec![full, empty]).await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// An export of SQLite loads into PostgreSQL and exports there identically, and back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_move_between_backends() {
    let Some(mut databases) = PgDatabases::connect().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let lite = sqlite(dir.path(), "full.db").await;
    let pg = databases.create().await;
    let outcome = tokio::spawn({
        let pg = pg.clone();
        let dir = dir.path().to_path_buf();
        async move {
            let organisation = populate(&lite).await;
            let first = dir.join("from-sqlite");
            pendulum_transfer::export(&lite.org(organisation.id), &organisation, &first)
                .await
                .unwrap();
            let source = Source::open(&first).unwrap();
            let created = pendulum_transfer::organisation_from_export(&pg, &source)
                .await
                .unwrap()
                .unwrap();
            let org = pg.org(created.id);
            pendulum_transfer::sync_frameworks(&org, &source)
                .await
                .unwrap();
            pendulum_transfer::import(&org, &source, None, &|_| {})
                .await
                .unwrap();
            let second = dir.join("from-postgres");
            pendulum_transfer::export(&org, &created, &second)
                .await
                .unwrap();
            assert_eq!(files(&first), files(&second));
        }
    })
    .await;
    databases.drop_all(vec![pg]).await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

const PEOPLE: &str = "\
person_id,name,email,manager_email
,Ada Lovelace,ada@example.com,
,Grace Hopper,grace@example.com,ada@example.com
,,nameless@example.com,
,Alan Turing,not-an-email,
,Edsger Dijkstra,edsger@example.com,nobody@example.com
";

/// Line 7 holds a reason over three physical lines, so the row after it is on line 10.
const EVENTS: &str = "\
email,kind,effective,level,outcome,reason
ada@example.com,hire,2020-01-06,Senior Engineer,,
grace@example.com,hire,2020-02-30,ic-2,,
grace@example.com,promotion,2021-03-01,Senior Software Engineer,,mapped title
ada@example.com,sideways,2021-01-01,ic-4,,
ada@example.com,promotion,2022-01-01,Wizard,,
ada@example.com,trial-start,2023-01-01,em-1,,\"a reason
over three
lines\"
ada@example.com,trial-end,2023-06-01,,maybe,
stranger@example.com,hire,2020-01-01,ic-1,,
";

const PAY: &str = "\
email,effective,amount,currency,reason
ada@example.com,2020-01-06,85000.505,GBP,
grace@example.com,2020-02-01,-5,gbp,
ada@example.com,2021-01-06,90000.50,GBP,
";

const TITLES: &str = "title,level\nSenior Software Engineer,ic-3\n";

/// Every problem of every file is reported as `file:line: column: reason`, with physical
/// line numbers, and nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_problem_is_reported_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path(), "db.sqlite").await;
    let organisation = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
        .await
        .unwrap();
    let org = store.org(organisation.id);
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("people.csv"), PEOPLE).unwrap();
    std::fs::write(data.join("events.csv"), EVENTS).unwrap();
    std::fs::write(data.join("pay.csv"), PAY).unwrap();
    std::fs::write(dir.path().join("titles.csv"), TITLES).unwrap();

    let source = Source::open(&data).unwrap();
    let titles = dir.path().join("titles.csv");
    let Err(TransferError::Problems(problems)) =
        pendulum_transfer::import(&org, &source, Some(&titles), &|_| {}).await
    else {
        panic!("the import must fail");
    };
    let shown: Vec<String> = problems
        .0
        .iter()
        .map(|p| {
            let file = Path::new(&p.file).file_name().unwrap().to_string_lossy();
            format!("{file}:{}: {}", p.line, p.column)
        })
        .collect();
    assert_eq!(
        shown,
        [
            "events.csv:3: effective",
            "events.csv:5: kind",
            "events.csv:6: level",
            "events.csv:10: outcome",
            "events.csv:11: email",
            "pay.csv:2: amount",
            "pay.csv:3: amount",
            "people.csv:4: name",
            "people.csv:5: email",
            "people.csv:6: manager_email",
        ],
        "{problems}"
    );
    let text = problems.to_string();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("events.csv:3: effective: \"2020-02-30\" is not a date; use YYYY-MM-DD"),
        "{text}"
    );
    assert!(text.contains("\"Wizard\""), "{text}");
    assert!(text.contains("stranger@example.com"), "{text}");
    assert!(
        text.ends_with("10 problem(s); nothing was imported"),
        "{text}"
    );
    assert_eq!(org.list_people().await.unwrap(), vec![]);

    // The same files, corrected, import; the title map and unique titles name levels.
    let people = PEOPLE
        .replace(",,nameless@example.com,", ",Nameless,nameless@example.com,")
        .replace("not-an-email", "alan@example.com")
        .replace("nobody@example.com", "ada@example.com");
    let events = "\
email,kind,effective,level,outcome,reason
ada@example.com,hire,2020-01-06,Senior Engineer,,
grace@example.com,hire,2020-02-03,ic-2,,
grace@example.com,promotion,2021-03-01,Senior Software Engineer,,mapped title
ada@example.com,trial-start,2023-01-01,em-1,,\"a reason
over three
lines\"
ada@example.com,trial-end,2023-06-01,,stay,
";
    let pay = PAY
        .replace("85000.505", "85000.5")
        .replace("-5,gbp", "50000,GBP");
    std::fs::write(data.join("people.csv"), people).unwrap();
    std::fs::write(data.join("events.csv"), events).unwrap();
    std::fs::write(data.join("pay.csv"), pay).unwrap();
    let summary = pendulum_transfer::import(&org, &source, Some(&titles), &|_| {})
        .await
        .unwrap();
    assert_eq!((summary.people, summary.events, summary.pay), (5, 5, 3));
    let grace = org
        .person_by_email(&Email::new("grace@example.com").unwrap())
        .await
        .unwrap();
    let role = org.current_role(grace.id).await.unwrap().unwrap();
    assert_eq!(role.level.as_str(), "ic-3");
    let ada = org
        .person_by_email(&Email::new("ada@example.com").unwrap())
        .await
        .unwrap();
    assert_eq!(grace.manager, Some(ada.id));
    let history = org.events(ada.id).await.unwrap();
    assert_eq!(history[0].level.as_ref().unwrap().as_str(), "ic-3");
    assert_eq!(
        history.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3],
        "sequence numbers follow the file"
    );
    assert_eq!(
        org.pay_history(ada.id).await.unwrap()[0].amount.minor,
        8_500_050
    );

    // One more file: an impossible history is the store's finding, pointed at its line.
    let more = dir.path().join("more.csv");
    std::fs::write(
        &more,
        "email,kind,effective,level\nalan@example.com,hire,2020-01-01,ic-1\nalan@example.com,promotion,2019-01-01,ic-2\n",
    )
    .unwrap();
    let source = Source::open(&more).unwrap();
    let Err(TransferError::Problems(problems)) =
        pendulum_transfer::import(&org, &source, None, &|_| {}).await
    else {
        panic!("an impossible history must fail");
    };
    assert_eq!(problems.len(), 1, "{problems}");
    let shown = problems.0[0].to_string();
    assert!(
        shown.contains("more.csv:2: row: this person's history would be impossible"),
        "{shown}"
    );
}

/// A single file's kind comes from its header; a file of no known kind is refused.
#[test]
fn single_files_are_told_apart_by_their_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    for (text, kind) in [
        ("name,email\n", pendulum_transfer::FileKind::People),
        (
            "email,kind,effective\n",
            pendulum_transfer::FileKind::Events,
        ),
        (
            "\u{feff}Email,Effective,Amount,Currency\n",
            pendulum_transfer::FileKind::Pay,
        ),
    ] {
        let path = file("x.csv", text);
        match Source::open(&path).unwrap() {
            Source::File { kind: found, .. } => assert_eq!(found, kind, "{text}"),
            other => panic!("{other:?}"),
        }
    }
    let odd = file("odd.csv", "a,b\n");
    let err = Source::open(&odd).unwrap_err().to_string();
    assert!(err.contains("cannot tell what this file holds"), "{err}");
}

/// reporting.csv: a line naming nobody is refused where it is read; a loop that only the
/// store can see (it needs every line, stored and new) is pointed back at its line too;
/// a valid file moves someone on its date and an undated line holds from the start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporting_lines_are_imported_all_or_nothing_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path(), "db.sqlite").await;
    let organisation = store
        .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
        .await
        .unwrap();
    let org = store.org(organisation.id);
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("people.csv"),
        "name,email,manager_email\nAda,ada@acme.test,\nBo,bo@acme.test,ada@acme.test\nCy,cy@acme.test,bo@acme.test\n",
    )
    .unwrap();
    let problems = |text: &'static str| {
        let data = data.clone();
        let org = org.clone();
        async move {
            std::fs::write(data.join("reporting.csv"), text).unwrap();
            let source = Source::open(&data).unwrap();
            match pendulum_transfer::import(&org, &source, None, &|_| {}).await {
                Err(TransferError::Problems(problems)) => problems.to_string(),
                other => panic!("the import must fail: {other:?}"),
            }
        }
    };

    let text = problems(
        "email,effective,manager_email,reason\n\
         bo@acme.test,,ada@acme.test,\n\
         cy@acme.test,2025-01-01,nobody@acme.test,\n",
    )
    .await;
    assert!(
        text.contains("reporting.csv:3: manager_email: nobody with the email nobody@acme.test"),
        "{text}"
    );
    let text = problems(
        "email,effective,manager_email,reason\n\
         cy@acme.test,,bo@acme.test,\n\
         ada@acme.test,2025-06-01,cy@acme.test,\"A loop, in \"\"quotes\"\"\"\n",
    )
    .await;
    assert!(
        text.contains(
            "reporting.csv:3: manager_email: From 2025-06-01, Ada would report to Cy, who \
             reports to Bo, who reports to Ada"
        ),
        "{text}"
    );
    assert!(
        org.list_people().await.unwrap().is_empty(),
        "nothing written"
    );

    std::fs::write(
        data.join("reporting.csv"),
        "email,effective,manager_email,reason\r\n\
         cy@acme.test,,ada@acme.test,\r\n\
         cy@acme.test,2025-06-01,bo@acme.test,\"Moved to\r\nBo's team\"\r\n",
    )
    .unwrap();
    let source = Source::open(&data).unwrap();
    let summary = pendulum_transfer::import(&org, &source, None, &|_| {})
        .await
        .unwrap();
    // Bo's first line comes from people.csv; Cy's two from the file.
    assert_eq!(summary.reporting, 3);
    let cy = org
        .person_by_email(&Email::new("cy@acme.test").unwrap())
        .await
        .unwrap();
    let lines = org.reporting_history(cy.id).await.unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].effective, None);
    assert_eq!(lines[1].reason.as_deref(), Some("Moved to\nBo's team"));
    let bo = org
        .person_by_email(&Email::new("bo@acme.test").unwrap())
        .await
        .unwrap();
    assert_eq!(cy.manager, Some(bo.id));
}

/// An export holds no private data: no journal entry and no reflection, shared or not, of
/// anyone. (A reflection is its author's; a shared one is for their manager to read, not
/// for whoever runs an export.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_holds_no_journal_and_no_reflection() {
    use pendulum_domain::journal::{Energy, KindId, NewJournalEntry};
    use pendulum_domain::reflection::{Direction, NewReflection, questions};

    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path(), "private.db").await;
    let organisation = store
        .create_org(&OrgSlug::new("private").unwrap(), "Private Ltd")
        .await
        .unwrap();
    let org = store.org(organisation.id);
    let hire = |name: &'static str, manager| {
        let org = org.clone();
        async move {
            let person = org
                .create_person(
                    name,
                    &Email::new(format!("{name}@private.test")).unwrap(),
                    manager,
                )
                .await
                .unwrap();
            org.append_event(
                person.id,
                NewRoleEvent::new(EventKind::Hire, date!(2020 - 01 - 01), 1)
                    .level(LevelId::new("ic-2").unwrap()),
            )
            .await
            .unwrap();
            person.id
        }
    };
    let ada = hire("ada", None).await;
    let bob = hire("bob", Some(ada)).await;
    let fw = org.framework(1).await.unwrap();
    let reflection = |text: &str| {
        NewReflection::new(
            Direction::ToManagement,
            &questions(&fw, Direction::ToManagement),
            &[("what-draws-you".to_string(), text.to_string())],
        )
        .unwrap()
    };
    org.add_reflection(bob, &reflection("UNSHAREDREFLECTIONCANARY"))
        .await
        .unwrap();
    let shared = org
        .add_reflection(bob, &reflection("SHAREDREFLECTIONCANARY"))
        .await
        .unwrap();
    org.share_reflection(bob, shared.id).await.unwrap();
    org.add_journal_entry(
        bob,
        &NewJournalEntry::new(
            date!(2026 - 01 - 05),
            vec![KindId::new("building").unwrap()],
            Energy::new(1).unwrap(),
            Some("JOURNALLEARNEDCANARY"),
            true,
            "JOURNALNOTECANARY",
            date!(2026 - 01 - 05),
        )
        .unwrap(),
    )
    .await
    .unwrap();

    let out = dir.path().join("export");
    let summary = pendulum_transfer::export(&org, &organisation, &out)
        .await
        .unwrap();
    assert_eq!(summary.people, 2, "the export ran: {summary:?}");
    let written = files(&out);
    assert!(
        String::from_utf8_lossy(&written["people.csv"]).contains("bob@private.test"),
        "the author is exported"
    );
    for (name, bytes) in &written {
        let text = String::from_utf8_lossy(bytes);
        for canary in [
            "UNSHAREDREFLECTIONCANARY",
            "SHAREDREFLECTIONCANARY",
            "JOURNALLEARNEDCANARY",
            "JOURNALNOTECANARY",
        ] {
            assert!(!text.contains(canary), "{name} holds {canary}");
        }
    }
}
