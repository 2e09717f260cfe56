//! Reporting lines over real HTTP, on the matrix's organisation (ada at the top; mia, mo,
//! ann and pat report to ada; rob to mia; ria to rob): an admin changes a manager from the
//! person page, a loop is refused on the form with the field marked, a manager proposes and
//! an admin confirms, and the API answers who reported to whom on a date.

use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, send as as_, sqlite_world as world};

async fn json(w: &World<SqliteStore>, who: Who, path: &str) -> Value {
    let (status, body) = as_(w, who, "GET", path, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn form(s: &str) -> Body {
    Body::Form(Box::leak(s.to_string().into_boxed_str()))
}

fn json_body(s: &str) -> Body {
    Body::Json(Box::leak(s.to_string().into_boxed_str()))
}

async fn manager_of(w: &World<SqliteStore>, name: &str) -> Option<String> {
    let org = w.store.org(w.org_a);
    let person = org.person(w.people[name]).await.unwrap();
    match person.manager {
        Some(m) => Some(org.person(m).await.unwrap().name),
        None => None,
    }
}

#[tokio::test]
async fn an_admin_changes_a_manager_and_the_history_tells_who_reported_to_whom() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/people/{ria}/manager"),
        form("manager_email=mo%40acme.test&effective=2026-01-05&reason=New+platform+team"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Recorded: from 2026-01-05, ria reports to mo."),
        "{page}"
    );
    assert!(page.contains("Reporting history"), "{page}");
    assert!(page.contains("New platform team"), "{page}");
    assert_eq!(manager_of(&w, "ria").await.as_deref(), Some("mo"));

    let history = json(&w, Who::Admin, &format!("/api/v1/people/{ria}/reporting")).await;
    let changes = history["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{history}");
    assert_eq!(changes[0]["effective"], Value::Null, "from the start");
    assert_eq!(changes[0]["manager"]["name"], "rob");
    assert_eq!(changes[1]["effective"], "2026-01-05");
    assert_eq!(changes[1]["manager"]["name"], "mo");

    let line_of = |lines: &Value| -> Option<String> {
        lines["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["person"]["name"] == "ria")
            .map(|l| l["manager"]["name"].as_str().unwrap().to_string())
    };
    let before = json(&w, Who::Admin, "/api/v1/reporting-lines?date=2026-01-04").await;
    assert_eq!(line_of(&before).as_deref(), Some("rob"));
    let after = json(&w, Who::Admin, "/api/v1/reporting-lines?date=2026-01-05").await;
    assert_eq!(line_of(&after).as_deref(), Some("mo"));
    let (status, _) = as_(
        &w,
        Who::Manager,
        "GET",
        "/api/v1/reporting-lines",
        Body::None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the whole organisation: admins only"
    );

    // Clearing it through the API.
    let (status, body) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/people/{ria}/manager"),
        json_body(r#"{"none":true,"effective":"2026-02-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["outcome"], "recorded");
    assert_eq!(body["change"]["manager"], Value::Null);
    assert_eq!(manager_of(&w, "ria").await, None);
}

#[tokio::test]
async fn a_loop_is_refused_on_the_form_with_the_field_marked_and_the_values_kept() {
    let (w, _dir) = world().await;
    let mia = w.people["mia"];
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/people/{mia}/manager"),
        form("manager_email=ria%40acme.test&effective=2026-03-01&reason=Swap"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let alert = page
        .split("role=\"alert\"")
        .nth(1)
        .expect("the refusal is announced");
    assert!(
        alert.contains(
            "From 2026-03-01, mia would report to ria, who reports to rob, who reports to mia"
        ),
        "{alert}"
    );
    let input = page
        .split("id=\"manager-email\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap();
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(
        input.contains("value=\"ria@acme.test\""),
        "the value is kept: {input}"
    );
    assert!(page.contains("value=\"2026-03-01\""), "the date is kept");
    assert_eq!(manager_of(&w, "mia").await.as_deref(), Some("ada"));

    // The API gives the same rule; an unknown email and "both" are refused too.
    for (body, code) in [
        (
            r#"{"manager_email":"ria@acme.test","effective":"2026-03-01"}"#,
            "rule",
        ),
        (
            r#"{"manager_email":"nobody@acme.test","effective":"2026-03-01"}"#,
            "unknown_manager",
        ),
        (
            r#"{"manager_email":"mo@acme.test","none":true,"effective":"2026-03-01"}"#,
            "invalid_manager",
        ),
        (
            r#"{"manager_email":"mo@acme.test","effective":"2026-13-01"}"#,
            "invalid_effective",
        ),
    ] {
        let (status, answer) = as_(
            &w,
            Who::Admin,
            "POST",
            &format!("/api/v1/people/{mia}/manager"),
            json_body(body),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        let answer: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["error"]["code"], code, "{body}: {answer}");
    }
    assert_eq!(manager_of(&w, "mia").await.as_deref(), Some("ada"));
}

#[tokio::test]
async fn a_manager_proposes_a_new_manager_and_an_admin_confirms() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let (status, page) = as_(
        &w,
        Who::Manager,
        "POST",
        &format!("/people/{ria}/manager"),
        form("manager_email=mo%40acme.test&effective=2026-02-01"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("An administrator will confirm it"), "{page}");
    assert!(page.contains("Propose a change of manager"), "{page}");
    assert_eq!(
        manager_of(&w, "ria").await.as_deref(),
        Some("rob"),
        "only proposed"
    );

    let listed = json(&w, Who::Manager, "/api/v1/reporting-proposals").await;
    let id = listed[0]["id"].as_str().unwrap().to_string();
    assert_eq!(listed[0]["status"], "pending");
    let (_, page) = as_(&w, Who::Admin, "GET", "/proposals", Body::None).await;
    assert!(page.contains("New manager: mo"), "{page}");

    // A member may not change their own manager, nor propose it.
    let mo = w.people["mo"];
    let (status, _) = as_(
        &w,
        Who::Member,
        "POST",
        &format!("/people/{mo}/manager"),
        form("none=yes&effective=2026-02-01"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/proposals/{id}/confirm"),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(manager_of(&w, "ria").await.as_deref(), Some("mo"));
    let listed = json(&w, Who::Admin, "/api/v1/reporting-proposals").await;
    assert_eq!(listed[0]["status"], "confirmed");
    assert_eq!(listed[0]["change"], 2);
}
