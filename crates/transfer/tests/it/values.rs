//! The CSV import refuses what every other door refuses, with the same words, each at its
//! row and column: a 5 MB reason, a name with a bidirectional override or a line break, a
//! date in 1850, cents in yen, pay of zero or 92 quadrillion.

use std::path::Path;

use pendulum_domain::OrgSlug;
use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_transfer::{Source, TransferError};

use crate::sqlite;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_are_refused_at_their_line_and_column_and_nothing_is_written() {
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
        "person_id,name,email,manager_email\n\
         ,Ada Lovelace,ada@example.com,\n\
         ,Eve \u{202E}gnp.exe,eve@example.com,\n\
         ,\"Mallory\nSecond Line\",mallory@example.com,\n",
    )
    .unwrap();
    let huge = "x".repeat(5 * 1024 * 1024);
    std::fs::write(
        data.join("events.csv"),
        format!(
            "email,kind,effective,level,outcome,reason\n\
             ada@example.com,hire,1850-01-06,ic-1,,\n\
             ada@example.com,leave,2021-01-01,,,{huge}\n\
             ada@example.com,trial-end,2021-06-01,,maybe,\n"
        ),
    )
    .unwrap();
    std::fs::write(
        data.join("pay.csv"),
        "email,effective,amount,currency,reason\n\
         ada@example.com,2020-01-06,100.50,JPY,\n\
         ada@example.com,2020-01-06,92000000000000000,EUR,\n\
         ada@example.com,2020-01-06,0,EUR,\n\
         ada@example.com,2020-01-06,85000,XYZ,\n\
         ada@example.com,2020-01-06,85000,EUR,\"bad \u{1b}[2J\"\n",
    )
    .unwrap();

    let source = Source::open(&data).unwrap();
    let Err(TransferError::Problems(problems)) =
        pendulum_transfer::import(&org, &source, None, &|_| {}).await
    else {
        panic!("the import must fail");
    };
    let shown: Vec<String> = problems
        .0
        .iter()
        .map(|p| {
            let file = Path::new(&p.file).file_name().unwrap().to_string_lossy();
            format!("{file}:{}: {}: {}", p.line, p.column, p.reason)
        })
        .collect();
    assert_eq!(
        shown,
        [
            "events.csv:2: effective: 1850-01-06 is out of range: dates fall in the years 1900–2200",
            "events.csv:3: reason: a reason needs at most 2,000 characters; this one has 5242880",
            "events.csv:4: outcome: \"maybe\" is not a trial outcome: use stay or return",
            "pay.csv:2: amount: JPY has no minor unit: amounts in JPY are whole numbers",
            "pay.csv:3: amount: an annual amount is at most 100,000,000,000 EUR; check the decimal separator",
            "pay.csv:4: amount: an amount must be more than zero",
            "pay.csv:5: currency: \"XYZ\" is not an ISO 4217 currency code for pay, e.g. EUR, GBP, USD or JPY",
            "pay.csv:6: reason: a reason cannot hold an escape character (U+001B); line breaks are fine",
            "people.csv:3: name: a name must be one line of text; it holds a bidirectional control character (U+202E)",
            "people.csv:4: name: a name must be one line of text; it holds a line break (U+000A)",
        ],
    );
    assert_eq!(org.list_people().await.unwrap(), vec![]);
}
