//! Transition plans over real HTTP, on the matrix's organisation: Rob (a member, who
//! reports to Mia, a manager) writes a plan towards Engineering Manager with Mo as mentor
//! and Ann as interim team; Rob and Mia agree; Mia's start and end are proposals Ada (an
//! admin) confirms; both record checkpoints, Rob with a journal entry as evidence that Mia
//! sees and Mo does not; the trial ends in a return on the promised level. Nobody else
//! reaches the plan, and no response calls the return a demotion.

use pendulum_domain::Email;
use pendulum_store::prelude::*;
use pendulum_store::{Role, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Viewer, Who, World, call, send, sqlite_world as world};

async fn json_as(
    w: &World<SqliteStore>,
    viewer: &Viewer,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let body = match body {
        Some(json) => Body::Json(Box::leak(json.to_string().into_boxed_str())),
        None => Body::None,
    };
    let (status, text) = call(
        &viewer.client,
        Some(&viewer.csrf),
        w.addr,
        method,
        path,
        body,
    )
    .await;
    assert!(
        !text.to_lowercase().contains("demot"),
        "{method} {path}: {text}"
    );
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    (status, value)
}

async fn json(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    json_as(w, &w.viewers[&who], method, path, body).await
}

/// Rob's own session (the matrix gives Rob no account).
pub(crate) async fn rob(w: &World<SqliteStore>) -> Viewer {
    let org = w.store.org(w.org_a);
    let hash = pendulum_web::auth::hash_password("a password for rob's plan").unwrap();
    let account = org
        .create_account(
            &Email::new("rob@acme.test").unwrap(),
            &hash,
            Role::Member,
            false,
        )
        .await
        .unwrap();
    // An account made for Rob by someone else locks the notes the matrix wrote for him;
    // he starts his notes afresh.
    org.delete_locked_notes(w.people["rob"]).await.unwrap();
    World::<SqliteStore>::session(&org, account.id).await
}

const PLAN: &str = r#"{"target_level":"em-1","motivation":"ROBSPLAN: I enjoy growing people",
    "criteria":["communication","people-management"],"mentor":"mo@acme.test",
    "conversations":"Fortnightly","trial":true,"interim_team":["ann@acme.test"]}"#;

#[tokio::test]
async fn a_trial_is_planned_agreed_confirmed_checkpointed_and_ends_in_a_return() {
    let (w, _dir) = world().await;
    let rob = rob(&w).await;

    // Refusals name the field, and keep nothing.
    let (status, refused) = json_as(
        &w,
        &rob,
        "POST",
        "/api/v1/plans",
        Some(r#"{"target_level":"em-1","motivation":"x","criteria":["communication"],"mentor":"nobody@acme.test"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["field"], "mentor", "{refused}");
    let (status, refused) = json_as(
        &w,
        &rob,
        "POST",
        "/api/v1/plans",
        Some(r#"{"target_level":"ic-4","motivation":"x","criteria":["technical-depth"],"trial":true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["field"], "trial", "{refused}");

    let (status, plan) = json_as(&w, &rob, "POST", "/api/v1/plans", Some(PLAN)).await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let id = plan["id"].as_str().unwrap().to_string();
    assert_eq!(plan["state"], "draft");
    assert_eq!(plan["move"], "to-management");
    assert_eq!(plan["mentor"]["name"], "mo");
    assert_eq!(plan["interim_team"][0]["name"], "ann");
    assert_eq!(plan["criteria"].as_array().unwrap().len(), 2);
    assert!(!plan["onboarding"].as_array().unwrap().is_empty());
    let path = format!("/api/v1/plans/{id}");

    // A draft is Rob's alone until he puts it forward.
    for who in [Who::Manager, Who::Member, Who::Admin, Who::PayAdmin] {
        let (status, _) = json(&w, who, "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }
    let (status, _) = json_as(&w, &rob, "POST", &format!("{path}/agree"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, seen) = json(&w, Who::Manager, "GET", &path, None).await;
    assert_eq!(
        (status, seen["viewer_is"].as_str()),
        (StatusCode::OK, Some("manager"))
    );
    let (status, seen) = json(&w, Who::Member, "GET", &path, None).await;
    assert_eq!(
        (status, seen["viewer_is"].as_str()),
        (StatusCode::OK, Some("mentor"))
    );
    assert_eq!(seen["reflection"], Value::Null);
    // Not Ada, though she is an admin and Mia's manager; not Ann, Pat.
    for who in [Who::Admin, Who::Analyst, Who::PayAdmin] {
        let (status, _) = json(&w, who, "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }
    let (_, list) = json(&w, Who::Manager, "GET", "/api/v1/plans", None).await;
    assert_eq!(list["reports"].as_array().unwrap().len(), 1, "{list}");
    let (_, list) = json(&w, Who::Member, "GET", "/api/v1/plans", None).await;
    assert_eq!(list["mentored"].as_array().unwrap().len(), 1, "{list}");

    // The mentor reads and does not act.
    let (status, refused) = json(&w, Who::Member, "POST", &format!("{path}/agree"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "mentor_reads");
    let (status, agreed) = json(&w, Who::Manager, "POST", &format!("{path}/agree"), None).await;
    assert_eq!(
        (status, agreed["state"].as_str()),
        (StatusCode::OK, Some("agreed"))
    );

    // Mia proposes the start; Ada confirms it; the trial and the interim line follow.
    let (status, started) = json(
        &w,
        Who::Manager,
        "POST",
        &format!("{path}/start"),
        Some(r#"{"effective":"2026-01-05"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["state"], "agreed");
    assert_eq!(started["pending"]["asks"], "start");
    let proposal = started["pending"]["proposal"].as_str().unwrap().to_string();
    let (status, _) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/proposals/{proposal}/confirm"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, active) = json(&w, Who::Manager, "GET", &path, None).await;
    assert_eq!(active["state"], "active", "{active}");
    assert_eq!(active["trial_dates"]["started"], "2026-01-05");
    let rob_id = w.people["rob"];
    let (_, role) = json(
        &w,
        Who::Manager,
        "GET",
        &format!("/api/v1/people/{rob_id}"),
        None,
    )
    .await;
    assert_eq!(role["current_role"]["level"], "em-1", "{role}");
    let org = w.store.org(w.org_a);
    let ann = org.reporting_history(w.people["ann"]).await.unwrap();
    assert_eq!(ann.last().unwrap().manager, Some(rob_id));

    // Checkpoints: Rob shows one journal entry of his; Mia sees it, Mo does not.
    let (status, entry) = json_as(
        &w,
        &rob,
        "POST",
        "/api/v1/me/journal",
        Some(r#"{"date":"2026-01-20","kinds":["one-to-ones"],"energy":2,"note":"EVIDENCECANARY first one-to-ones"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    let (status, _) = json_as(
        &w,
        &rob,
        "POST",
        "/api/v1/me/journal",
        Some(r#"{"date":"2026-01-21","kinds":["meetings"],"energy":-2,"note":"UNSHOWNCANARY"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let body = format!(
        r#"{{"at":"30","ratings":{{"communication":"on-track","people-management":"mixed"}},"note":"Going well","evidence":["{}"]}}"#,
        entry["id"].as_str().unwrap()
    );
    let (status, recorded) = json_as(
        &w,
        &rob,
        "POST",
        &format!("{path}/checkpoints"),
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{recorded}");
    // The manager cannot cite the person's journal, nor record as the person.
    let (status, refused) = json(
        &w,
        Who::Manager,
        "POST",
        &format!("{path}/checkpoints"),
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (status, _) = json(
        &w,
        Who::Manager,
        "POST",
        &format!("{path}/checkpoints"),
        Some(r#"{"at":"30","ratings":{"communication":"mixed","people-management":"mixed"},"note":"A fair start"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, as_manager) = json(
        &w,
        Who::Manager,
        "GET",
        &format!("{path}/checkpoints"),
        None,
    )
    .await;
    let text = as_manager.to_string();
    assert!(text.contains("EVIDENCECANARY"), "{text}");
    assert!(!text.contains("UNSHOWNCANARY"), "{text}");
    let due = &as_manager["due"][0];
    assert_eq!(
        (
            due["at"].as_str(),
            due["person_recorded"].as_bool(),
            due["manager_recorded"].as_bool()
        ),
        (Some("30"), Some(true), Some(true))
    );
    let (_, as_mentor) = json(&w, Who::Member, "GET", &format!("{path}/checkpoints"), None).await;
    assert_eq!(as_mentor["records"].as_array().unwrap().len(), 2);
    assert!(
        !as_mentor.to_string().contains("EVIDENCECANARY"),
        "{as_mentor}"
    );

    // Mia proposes the return; Ada confirms; Rob lands on the return path, above where he
    // was, and Ann's line is proposed back to Ada.
    let (status, ending) = json(
        &w,
        Who::Manager,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"return","effective":"2026-04-06"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ending}");
    let proposal = ending["pending"]["proposal"].as_str().unwrap().to_string();
    assert_eq!(ending["pending"]["asks"], "return");
    let (status, _) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("/api/v1/proposals/{proposal}/confirm"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, ended) = json_as(&w, &rob, "GET", &path, None).await;
    assert_eq!(
        (ended["state"].as_str(), ended["ending"].as_str()),
        (Some("ended"), Some("returned"))
    );
    let (_, role) = json(
        &w,
        Who::Manager,
        "GET",
        &format!("/api/v1/people/{rob_id}"),
        None,
    )
    .await;
    assert_eq!(role["current_role"]["level"], "ic-4", "{role}");
    let (_, back) = json(&w, Who::Admin, "GET", "/api/v1/reporting-proposals", None).await;
    let back = back.to_string();
    assert!(back.contains(&w.people["ann"].to_string()), "{back}");
    assert!(
        back.contains(&w.people["ada"].to_string()),
        "back to Ada: {back}"
    );
    // Nothing more to end.
    let (status, _) = json(
        &w,
        Who::Manager,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"stay"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Rob's account is handed to someone else: his journal locks, and with it the entries
    // he showed as evidence, on his side; Mia keeps what he showed her.
    assert!(
        org.lock_private_notes(
            rob_id,
            pendulum_domain::notes_lock::LockCause::PasswordReset
        )
        .await
        .unwrap()
    );
    let (status, _) = json_as(&w, &rob, "GET", "/api/v1/me/journal", None).await;
    assert_eq!(status, StatusCode::LOCKED);
    let (status, locked) = json_as(&w, &rob, "GET", &format!("{path}/checkpoints"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!locked.to_string().contains("EVIDENCECANARY"), "{locked}");
    let (_, page) = send(
        &w,
        Who::Manager,
        "GET",
        &format!("{path}/checkpoints"),
        Body::None,
    )
    .await;
    assert!(page.contains("EVIDENCECANARY"), "{page}");
    let (status, page) = call(
        &rob.client,
        None,
        w.addr,
        "GET",
        &format!("/plans/{id}"),
        Body::None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the plan opens, locked notes or not"
    );
    assert!(!page.contains("EVIDENCECANARY"), "{page}");
}

#[tokio::test]
async fn an_admin_manager_records_at_once_and_an_extension_keeps_the_limit() {
    let (w, _dir) = world().await;
    // Mo (a member) reports to Ada (an admin): Ada's start and end are recorded at once.
    let (status, plan) = json(
        &w,
        Who::Member,
        "POST",
        "/api/v1/plans",
        Some(r#"{"target_level":"em-1","motivation":"Try it","criteria":["communication"],"trial":true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let path = format!("/api/v1/plans/{}", plan["id"].as_str().unwrap());
    json(&w, Who::Member, "POST", &format!("{path}/agree"), None).await;
    let (_, agreed) = json(&w, Who::Admin, "POST", &format!("{path}/agree"), None).await;
    assert_eq!(agreed["state"], "agreed");
    let (status, refused) = json(
        &w,
        Who::Member,
        "POST",
        &format!("{path}/start"),
        Some("{}"),
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_yours"))
    );
    let (_, started) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("{path}/start"),
        Some(r#"{"effective":"2026-01-05"}"#),
    )
    .await;
    assert_eq!(
        (started["state"].as_str(), started["pending"].clone()),
        (Some("active"), Value::Null)
    );
    // An extension needs its reason (the built-in framework asks for one)…
    let (status, refused) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"extend","effective":"2026-06-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (status, extended) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"extend","reason":"A reorganisation delayed the first quarter","effective":"2026-06-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{extended}");
    assert_eq!(extended["trial_dates"]["extensions"], 1);
    // …and a second one is past the framework's limit, said plainly.
    let (status, refused) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"extend","reason":"More time","effective":"2026-09-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("extended again"),
        "{refused}"
    );
    let (_, kept) = json(
        &w,
        Who::Admin,
        "POST",
        &format!("{path}/end"),
        Some(r#"{"outcome":"stay","effective":"2026-09-01"}"#),
    )
    .await;
    assert_eq!(
        (kept["state"].as_str(), kept["ending"].as_str()),
        (Some("ended"), Some("stayed"))
    );
    let (_, sent) = send(
        &w,
        Who::Admin,
        "GET",
        &format!("/api/v1/people/{}", w.people["mo"]),
        Body::None,
    )
    .await;
    assert!(sent.contains("em-1"), "{sent}");
}
