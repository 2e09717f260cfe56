//! The journal API over real HTTP, on the matrix's organisation: an author writes, lists,
//! reads, changes and deletes their own entries and reads their insights; refused values
//! name their field; another person's entry is not found through anyone's journal, the
//! admin's included; an account linked to no person has no journal.

use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, call, sqlite_world as world};

async fn as_(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let v = &w.viewers[&who];
    let body = match body {
        Some(json) => Body::Json(Box::leak(json.to_string().into_boxed_str())),
        None => Body::None,
    };
    let (status, text) = call(&v.client, Some(&v.csrf), w.addr, method, path, body).await;
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    (status, value)
}

#[tokio::test]
async fn an_author_writes_reads_changes_and_deletes_their_own_entries() {
    let (w, _dir) = world().await;
    let (status, written) = as_(
        &w,
        Who::Member,
        "POST",
        "/api/v1/me/journal",
        Some(
            r#"{"date":"2026-03-02","kinds":["code-review","building","code-review"],"energy":2,
               "learned":"how sqlx binds dates","note":"a good day\nreally"}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    assert_eq!(written["date"], "2026-03-02");
    assert_eq!(
        written["kinds"],
        serde_json::json!(["code-review", "building"])
    );
    assert_eq!(written["energy"], 2);
    assert_eq!(
        written["hands_on"], true,
        "hands-on kinds make a hands-on entry"
    );
    assert_eq!(written["learned"], "how sqlx binds dates");
    assert_eq!(written["note"], "a good day\nreally");
    let id = written["id"].as_str().unwrap().to_string();

    let (status, listed) = as_(&w, Who::Member, "GET", "/api/v1/me/journal", None).await;
    assert_eq!(status, StatusCode::OK);
    let entries = listed["entries"].as_array().unwrap();
    // The matrix's world plants one entry per person; this is the newer one.
    assert_eq!(entries.len(), 2, "{listed}");
    assert_eq!(entries[0]["id"], id.as_str());
    assert_eq!(listed["more"], false);
    let (_, one) = as_(&w, Who::Member, "GET", "/api/v1/me/journal?limit=1", None).await;
    assert_eq!(one["entries"].as_array().unwrap().len(), 1);
    assert_eq!(one["more"], true);
    let (_, ranged) = as_(
        &w,
        Who::Member,
        "GET",
        "/api/v1/me/journal?from=2026-03-01&to=2026-03-31",
        None,
    )
    .await;
    assert_eq!(ranged["entries"].as_array().unwrap().len(), 1);

    let (status, changed) = as_(
        &w,
        Who::Member,
        "PUT",
        &format!("/api/v1/me/journal/{id}"),
        Some(r#"{"date":"2026-03-03","kinds":["meetings"],"energy":-2,"hands_on":false}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["id"], id.as_str());
    assert_eq!(changed["energy"], -2);
    assert_eq!(changed["learned"], Value::Null);
    assert_eq!(changed["written_at"], written["written_at"]);
    let (_, read) = as_(
        &w,
        Who::Member,
        "GET",
        &format!("/api/v1/me/journal/{id}"),
        None,
    )
    .await;
    assert_eq!(read, changed);

    // Nobody else reaches it through their own journal: not the manager, not an admin.
    for who in [Who::Admin, Who::Manager, Who::PayAdmin] {
        let (status, _) = as_(&w, who, "GET", &format!("/api/v1/me/journal/{id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
        let (status, _) = as_(&w, who, "DELETE", &format!("/api/v1/me/journal/{id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }

    let (status, _) = as_(
        &w,
        Who::Member,
        "DELETE",
        &format!("/api/v1/me/journal/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = as_(
        &w,
        Who::Member,
        "GET",
        &format!("/api/v1/me/journal/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = as_(&w, Who::Member, "GET", "/api/v1/me/journal/not-an-id", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refused_entries_name_their_field_and_write_nothing() {
    let (w, _dir) = world().await;
    let cases = [
        (r#"{"kinds":["building"],"energy":3}"#, "energy"),
        (
            r#"{"kinds":["gardening"],"energy":1}"#,
            "not a kind of work",
        ),
        (r#"{"kinds":["Building"],"energy":1}"#, "not a kind of work"),
        (
            r#"{"date":"2199-01-01","kinds":[],"energy":1}"#,
            "after today",
        ),
        (r#"{"date":"yesterday","kinds":[],"energy":1}"#, "yesterday"),
        (
            r#"{"kinds":[],"energy":0,"note":"a\u001b[2Jb"}"#,
            "escape character",
        ),
    ];
    for (body, says) in cases {
        let (status, err) = as_(&w, Who::Member, "POST", "/api/v1/me/journal", Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{body}: {message}");
    }
    let long = format!(r#"{{"kinds":[],"energy":0,"note":"{}"}}"#, "x".repeat(4001));
    let (status, _) = as_(&w, Who::Member, "POST", "/api/v1/me/journal", Some(&long)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = as_(&w, Who::Member, "GET", "/api/v1/me/journal?limit=0", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = as_(
        &w,
        Who::Member,
        "GET",
        "/api/v1/me/journal?limit=1001",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let org = w.store.org(w.org_a);
    let held = org
        .journal_entries(w.people["mo"], None, None, 100)
        .await
        .unwrap();
    assert_eq!(held.len(), 1, "only the planted entry: {held:?}");
}

#[tokio::test]
async fn insights_have_the_documented_shape() {
    let (w, _dir) = world().await;
    let today = w.store.org(w.org_a).today();
    let day = |back: i64| (today - time::Duration::days(back)).to_string();
    for (back, kinds, energy) in [
        (0, r#"["meetings"]"#, -2),
        (1, r#"["building"]"#, 2),
        (8, r#"["meetings"]"#, 1),
    ] {
        let body = format!(
            r#"{{"date":"{}","kinds":{kinds},"energy":{energy},"learned":"{}"}}"#,
            day(back),
            if back == 1 { "lifetimes" } else { "" }
        );
        let (status, e) = as_(&w, Who::Analyst, "POST", "/api/v1/me/journal", Some(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
    }
    let (status, i) = as_(&w, Who::Analyst, "GET", "/api/v1/me/journal/insights", None).await;
    assert_eq!(status, StatusCode::OK, "{i}");
    assert_eq!(i["today"], today.to_string());
    assert_eq!(i["days_since_hands_on"], 1);
    assert_eq!(i["learning_per_week"].as_array().unwrap().len(), 12);
    let learned: u64 = i["learning_per_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["learned"].as_u64().unwrap())
        .sum();
    assert_eq!(learned, 1);
    let kinds: Vec<&str> = i["energy_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"building") && kinds.contains(&"meetings"),
        "{i}"
    );
    assert!(
        i["notes"].as_array().unwrap().is_empty(),
        "too few entries for a note: {i}"
    );
}
