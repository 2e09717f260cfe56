//! Recording without damage: a change dated before entries already recorded is shown
//! before it is recorded and needs a confirmation (pages and API), "Preview" records
//! nothing, and a level the rules raise is explained before and after recording.

use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, send, sqlite_world as world};

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The record form's level select.
fn level_select(page: &str) -> &str {
    let at = page
        .find("<select id=\"record-level\"")
        .expect("the level select");
    &page[at..at + page[at..].find("</select>").unwrap()]
}

/// The sentence under the level select naming the levels not offered, if there is one.
fn not_offered(page: &str) -> Option<String> {
    let at = page.find("id=\"record-level-not-offered\">")?;
    let rest = &page[at + "id=\"record-level-not-offered\">".len()..];
    Some(rest[..rest.find("</span>").unwrap()].to_string())
}

/// Rob joined on 2021-03-01 at ic-3; a promotion to ic-4 on 2023-06-01 is recorded first.
async fn promoted(w: &World<SqliteStore>) -> pendulum_domain::PersonId {
    let rob = w.people["rob"];
    let (status, body) = send(
        w,
        Who::Admin,
        "POST",
        &format!("/api/v1/people/{rob}/events"),
        Body::Json(r#"{"kind":"promotion","effective":"2023-06-01","level":"ic-4"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    rob
}

#[tokio::test]
async fn the_api_records_a_back_dated_change_only_when_confirmed() {
    let (w, _dir) = world().await;
    let rob = promoted(&w).await;
    let path = format!("/api/v1/people/{rob}/events");
    let before = w.store.org(w.org_a).events(rob).await.unwrap();
    let leave = r#""kind":"leave","effective":"2022-02-01","until":"2022-03-01""#;
    let (status, body) = send(
        &w,
        Who::Admin,
        "POST",
        &path,
        Body::Json(leak(format!("{{{leave}}}"))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "backdated", "{body}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("the promotion of 2023-06-01 (entry 2)"),
        "{message}"
    );
    assert_eq!(
        w.store.org(w.org_a).events(rob).await.unwrap(),
        before,
        "nothing is recorded unconfirmed"
    );

    // `false` is no confirmation either; `true` records it.
    let (status, _) = send(
        &w,
        Who::Admin,
        "POST",
        &path,
        Body::Json(leak(format!("{{{leave},\"confirm_backdated\":false}}"))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = send(
        &w,
        Who::Admin,
        "POST",
        &path,
        Body::Json(leak(format!("{{{leave},\"confirm_backdated\":true}}"))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        w.store.org(w.org_a).events(rob).await.unwrap().len(),
        before.len() + 1
    );

    // A manager's proposal is held to the same.
    let (status, body) = send(
        &w,
        Who::Manager,
        "POST",
        &path,
        Body::Json(r#"{"kind":"return","effective":"2022-03-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"backdated\""), "{body}");
}

#[tokio::test]
async fn the_person_page_previews_a_back_dated_change_before_recording_it() {
    let (w, _dir) = world().await;
    let rob = promoted(&w).await;
    let page_path = format!("/people/{rob}");
    let before = w.store.org(w.org_a).events(rob).await.unwrap();
    let fields = "form=record&kind=leave&effective=2022-02-01&until=2022-03-01&reason=Parental";

    // "Preview": the page with the preview and the values, nothing recorded.
    let (status, page) = send(
        &w,
        Who::Admin,
        "POST",
        &page_path,
        Body::Form(leak(format!("{fields}&action=preview"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("class=\"record-preview\""), "{page}");
    assert!(
        page.contains("the promotion of 2023-06-01 (entry 2)"),
        "the warning names the later entry"
    );
    assert!(page.contains("id=\"preview-timeline-title\""), "a chart");
    assert!(page.contains("name=\"confirm_backdated\""), "the box");
    assert!(page.contains("value=\"2022-02-01\""), "the date is kept");
    assert!(page.contains("value=\"Parental\""), "the reason is kept");
    assert!(!page.contains("aria-invalid"), "a preview is no refusal");
    assert_eq!(w.store.org(w.org_a).events(rob).await.unwrap(), before);

    // "Record" without the box: refused at the box, with the preview.
    let (status, page) = send(
        &w,
        Who::Admin,
        "POST",
        &page_path,
        Body::Form(leak(fields.to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("href=\"#record-confirm-backdated\""),
        "{page}"
    );
    assert!(page.contains("class=\"record-preview\""));
    assert!(
        page.contains("id=\"record-confirm-backdated\" name=\"confirm_backdated\" type=\"checkbox\" value=\"true\" aria-invalid=\"true\""),
        "{page}"
    );
    assert_eq!(w.store.org(w.org_a).events(rob).await.unwrap(), before);

    // With the box ticked: recorded.
    let (status, page) = send(
        &w,
        Who::Admin,
        "POST",
        &page_path,
        Body::Form(leak(format!("{fields}&confirm_backdated=true"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Recorded: leave from 2022-02-01"), "{page}");
    assert_eq!(
        w.store.org(w.org_a).events(rob).await.unwrap().len(),
        before.len() + 1
    );
}

#[tokio::test]
async fn a_level_the_rules_raise_is_explained_before_and_after_recording() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let (status, body) = send(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/people/{rob}/events"),
        Body::Json(r#"{"kind":"move","effective":"2023-01-02","level":"em-1"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The level select leaves out the levels a move would not land on, and says why.
    let (status, page) = send(&w, Who::Admin, "GET", &format!("/people/{rob}"), Body::None).await;
    assert_eq!(status, StatusCode::OK);
    let select = level_select(&page);
    assert!(!select.contains("<option value=\"ic-1\""), "{select}");
    assert!(select.contains("<option value=\"em-1\""), "{select}");
    let note = not_offered(&page).expect("the sentence under the select");
    assert!(note.starts_with("Levels below "), "{note}");
    assert!(
        note.contains(
            " are not offered: the return path of Engineering Manager (em-1) guarantees "
        ),
        "{note}"
    );
    // The level the return path guarantees is offered, and so is every one above it.
    let floor = note
        .rsplit('(')
        .next()
        .and_then(|rest| rest.split(')').next())
        .expect("the floor's id")
        .to_string();
    assert!(
        select.contains(&format!("<option value=\"{floor}\"")),
        "{select}"
    );
    // A correction takes an earlier entry's place: it offers every level, without the
    // sentence.
    let hire = w.store.org(w.org_a).events(rob).await.unwrap()[0].id;
    let (_, page) = send(
        &w,
        Who::Admin,
        "GET",
        &format!("/people/{rob}?correct={hire}"),
        Body::None,
    )
    .await;
    assert!(level_select(&page).contains("<option value=\"ic-1\""));
    assert!(not_offered(&page).is_none());
    // Someone in individual contribution is offered every level.
    let mo = w.people["mo"];
    let (_, page) = send(&w, Who::Admin, "GET", &format!("/people/{mo}"), Body::None).await;
    assert!(level_select(&page).contains("<option value=\"ic-1\""));
    assert!(not_offered(&page).is_none());

    // A level left out but sent anyway (by a script, say) is raised all the same, and the
    // preview says which level and why.
    let fields = "form=record&kind=move&effective=2024-04-01&level=ic-1";
    let (status, page) = send(
        &w,
        Who::Admin,
        "POST",
        &format!("/people/{rob}"),
        Body::Form(leak(format!("{fields}&action=preview"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let preview = page
        .split("class=\"record-preview\"")
        .nth(1)
        .expect("a preview");
    assert!(preview.contains("The rules change the level."), "{preview}");
    assert!(
        preview.contains("(ic-1): the return path of Engineering Manager (em-1) guarantees"),
        "{preview}"
    );

    // Recorded through the API: the note says it too.
    let (status, body) = send(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/people/{rob}/events"),
        Body::Json(r#"{"kind":"move","effective":"2024-04-01","level":"ic-1"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let note = answer["note"].as_str().expect("a note");
    assert!(note.starts_with("Recorded at "), "{note}");
    assert!(note.contains(", not "), "{note}");
    assert!(
        note.contains("the return path of Engineering Manager (em-1)"),
        "{note}"
    );
    assert_ne!(answer["event"]["level"], "ic-1");
}

#[tokio::test]
async fn the_notice_after_recording_says_when_the_rules_raised_the_level() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let (status, body) = send(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/people/{rob}/events"),
        Body::Json(r#"{"kind":"move","effective":"2023-01-02","level":"em-1"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, page) = send(
        &w,
        Who::Admin,
        "POST",
        &format!("/people/{rob}"),
        Body::Form("form=record&kind=move&effective=2024-04-01&level=ic-1"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let notice = page.split("role=\"status\"").nth(1).expect("a notice");
    let notice = &notice[..notice.find("</p>").unwrap()];
    assert!(
        notice.contains("Recorded: move between tracks from 2024-04-01."),
        "{notice}"
    );
    assert!(notice.contains(", not "), "{notice}");
    assert!(
        notice.contains("the return path of Engineering Manager (em-1)"),
        "{notice}"
    );
}
