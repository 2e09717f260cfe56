//! Reflections over real HTTP, on the matrix's organisation (ada, an admin, manages mia and
//! mo; mia manages rob): an author writes, revises, shares, unshares and deletes their own
//! through the API and the pages; the manager it was shared with reads it and nobody else
//! does — not an admin who is not the manager, not a manager further up, not after
//! unsharing; refused input names the problem and loses nothing; the summary puts the
//! answers beside the journal.

use pendulum_domain::Email;
use pendulum_store::prelude::*;
use pendulum_store::{Role, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, call, send, sqlite_world as world};

async fn json(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let body = match body {
        Some(json) => Body::Json(Box::leak(json.to_string().into_boxed_str())),
        None => Body::None,
    };
    let (status, text) = send(w, who, method, path, body).await;
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    (status, value)
}

async fn page(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    form: &str,
) -> (StatusCode, String) {
    let body = if method == "GET" {
        Body::None
    } else {
        Body::Form(Box::leak(form.to_string().into_boxed_str()))
    };
    send(w, who, method, path, body).await
}

/// Everyone of the matrix but `except`.
fn everyone_but(except: &[Who]) -> Vec<Who> {
    [
        Who::Member,
        Who::Manager,
        Who::Admin,
        Who::Analyst,
        Who::PayAdmin,
    ]
    .into_iter()
    .filter(|w| !except.contains(w))
    .collect()
}

#[tokio::test]
async fn an_author_writes_revises_shares_and_deletes_through_the_api() {
    let (w, _dir) = world().await;
    let (status, written) = json(
        &w,
        Who::Member,
        "POST",
        "/api/v1/me/reflections",
        Some(
            r#"{"direction":"to-management","answers":{
                "mentoring":"I do, weekly.","what-draws-you":"The people.\nAnd the puzzle.",
                "energy":"  "}}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    assert_eq!(written["direction"], "to-management");
    assert_eq!(written["version"], 1);
    assert_eq!(written["shared"], false);
    let questions: Vec<&str> = written["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["question"].as_str().unwrap())
        .collect();
    assert_eq!(
        questions,
        ["what-draws-you", "mentoring"],
        "in the framework's order, empty answers left out"
    );
    assert_eq!(
        written["answers"][0]["asked"],
        "What draws you to management?"
    );
    let id = written["id"].as_str().unwrap().to_string();
    let one = format!("/api/v1/me/reflections/{id}");

    let (status, listed) = json(&w, Who::Member, "GET", "/api/v1/me/reflections", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["reflections"][0]["id"], id.as_str(), "newest first");
    let (_, read) = json(&w, Who::Member, "GET", &one, None).await;
    assert_eq!(read, written);

    // A new version; the first stays as it was.
    let (status, revised) = json(
        &w,
        Who::Member,
        "PUT",
        &one,
        Some(r#"{"answers":{"what-draws-you":"The people, still."}}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revised}");
    assert_eq!(revised["version"], 2);
    assert_eq!(revised["created_at"], written["created_at"]);
    assert_eq!(revised["answers"].as_array().unwrap().len(), 1);
    let (status, versions) = json(&w, Who::Member, "GET", &format!("{one}/versions"), None).await;
    assert_eq!(status, StatusCode::OK);
    let versions = versions["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(
        versions[1]["answers"][0]["text"],
        "The people.\nAnd the puzzle."
    );

    // Nobody else reaches it, whatever their role, before or after it is shared, except
    // the author's manager once shared (ada, who manages mo).
    let mo = w.people["mo"];
    let theirs = format!("/api/v1/people/{mo}/reflections");
    let their_one = format!("{theirs}/{id}");
    for who in everyone_but(&[Who::Member]) {
        for path in [one.clone(), format!("{one}/versions"), their_one.clone()] {
            let (status, _) = json(&w, who, "GET", &path, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who:?} {path}");
        }
        for (method, path) in [("DELETE", one.clone()), ("POST", format!("{one}/share"))] {
            let (status, _) = json(&w, who, method, &path, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who:?} {method} {path}");
        }
    }
    let (status, shared) = json(&w, Who::Member, "POST", &format!("{one}/share"), None).await;
    assert_eq!(status, StatusCode::OK, "{shared}");
    assert_eq!(shared["shared"], true);
    assert_eq!(shared["version"], 2, "sharing writes no version");
    let (status, seen) = json(&w, Who::Admin, "GET", &their_one, None).await;
    assert_eq!(status, StatusCode::OK, "the manager reads it: {seen}");
    assert_eq!(seen["answers"][0]["text"], "The people, still.");
    let (_, all) = json(&w, Who::Admin, "GET", &theirs, None).await;
    let ids: Vec<&str> = all["reflections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()), "{all}");
    assert!(
        !all.to_string().contains("REFLECTIONCANARYmo"),
        "only what was shared: {all}"
    );
    // The earlier versions stay the author's.
    let (status, _) = json(&w, Who::Admin, "GET", &format!("{one}/versions"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for who in everyone_but(&[Who::Member, Who::Admin]) {
        let (status, _) = json(&w, who, "GET", &their_one, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
        let (status, _) = json(&w, who, "GET", &theirs, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }

    // Unsharing takes it away at once.
    let (status, private) = json(&w, Who::Member, "POST", &format!("{one}/unshare"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(private["shared"], false);
    let (status, _) = json(&w, Who::Admin, "GET", &their_one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, all) = json(&w, Who::Admin, "GET", &theirs, None).await;
    assert!(!all.to_string().contains(&id), "{all}");

    // Deleting takes every version.
    let (status, _) = json(&w, Who::Member, "DELETE", &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for path in [one.clone(), format!("{one}/versions")] {
        let (status, _) = json(&w, Who::Member, "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = json(&w, Who::Member, "DELETE", &one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = json(
        &w,
        Who::Member,
        "GET",
        "/api/v1/me/reflections/not-an-id",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A reflection shared with a manager is theirs to read, not an admin's as such, not the
/// manager's manager's, and it does not follow the author to a new manager.
#[tokio::test]
async fn only_the_current_manager_it_was_shared_with_reads_it() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let rob = w.people["rob"];
    let written = org
        .add_reflection(
            rob,
            &pendulum_domain::reflection::NewReflection::new(
                pendulum_domain::reflection::Direction::ToIc,
                &pendulum_domain::reflection::questions(
                    &org.framework(1).await.unwrap(),
                    pendulum_domain::reflection::Direction::ToIc,
                ),
                &[("why-now".to_string(), "ROBSHARED".to_string())],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    org.share_reflection(rob, written.id).await.unwrap();
    let path = format!("/api/v1/people/{rob}/reflections/{}", written.id);
    let (status, read) = json(&w, Who::Manager, "GET", &path, None).await;
    assert_eq!(status, StatusCode::OK, "mia manages rob: {read}");
    assert_eq!(read["direction"], "to-ic");
    // The admin manages mia, not rob; the pay administrator manages nobody.
    for who in [Who::Admin, Who::PayAdmin, Who::Member, Who::Analyst] {
        let (status, body) = json(&w, who, "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}: {body}");
        assert!(!body.to_string().contains("ROBSHARED"));
    }
    // The manager's page of it, read-only, and the link from rob's page.
    let page_path = format!("/people/{rob}/reflections/{}", written.id);
    let (status, html) = page(&w, Who::Manager, "GET", &page_path, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("ROBSHARED"), "{html}");
    assert!(
        html.contains("rob’s reflection towards individual contribution"),
        "{html}"
    );
    let main = &html[html.find("<main").unwrap()..];
    assert!(
        !main.contains("<form"),
        "no control for the manager: {main}"
    );
    let (_, person) = page(&w, Who::Manager, "GET", &format!("/people/{rob}"), "").await;
    assert!(
        person.contains("Reflections rob shared with you"),
        "{person}"
    );
    assert!(person.contains(&page_path), "{person}");
    let (_, admin_view) = page(&w, Who::Admin, "GET", &format!("/people/{rob}"), "").await;
    assert!(!admin_view.contains("shared with you"), "{admin_view}");
    assert!(!admin_view.contains(&written.id.to_string()));
    let (status, _) = page(&w, Who::Admin, "GET", &page_path, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Rob moves to zed: mia reads it no more, and zed does not inherit it.
    org.change_manager(
        rob,
        pendulum_store::NewReportingChange {
            effective: org.today(),
            manager: Some(w.people["zed"]),
            reason: None,
        },
    )
    .await
    .unwrap();
    let (status, _) = json(&w, Who::Manager, "GET", &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = page(&w, Who::Manager, "GET", &page_path, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        org.reflections_shared_with(rob, w.people["zed"])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn refused_input_names_the_problem_and_writes_nothing() {
    let (w, _dir) = world().await;
    let many: String = (0..51)
        .map(|i| format!(r#""q{i}":"x""#))
        .collect::<Vec<_>>()
        .join(",");
    let cases = [
        (
            r#"{"direction":"up","answers":{"energy":"x"}}"#.to_string(),
            "towards management (to-management) or towards individual contribution",
        ),
        (
            r#"{"direction":"to-ic","answers":{"mentoring":"x"}}"#.to_string(),
            "\"mentoring\" is not a question of the reflection towards individual contribution",
        ),
        (
            r#"{"direction":"to-ic","answers":{"why-now":" "}}"#.to_string(),
            "Answer at least one question",
        ),
        (
            r#"{"direction":"to-ic","answers":{}}"#.to_string(),
            "Answer at least one question",
        ),
        (
            format!(
                r#"{{"direction":"to-ic","answers":{{"why-now":"{}"}}}}"#,
                "x".repeat(10_001)
            ),
            "at most 10000 characters",
        ),
        (
            r#"{"direction":"to-ic","answers":{"why-now":"a\u202eb"}}"#.to_string(),
            "An answer cannot hold",
        ),
        (
            format!(r#"{{"direction":"to-ic","answers":{{{many}}}}}"#),
            "at most 50 answers",
        ),
    ];
    for (body, says) in &cases {
        let (status, err) = json(
            &w,
            Who::Member,
            "POST",
            "/api/v1/me/reflections",
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert_eq!(err["error"]["code"], "invalid_reflection", "{err}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{says}: {message}");
    }
    let (status, err) = json(
        &w,
        Who::Member,
        "POST",
        "/api/v1/me/reflections",
        Some(r#"{"direction":"to-ic","answers":{"why-now":null}}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "bad_request");
    let org = w.store.org(w.org_a);
    assert_eq!(
        org.reflections(w.people["mo"]).await.unwrap().len(),
        2,
        "only the planted private and shared ones"
    );

    // The author of no person: nothing to reflect with.
    let lone = org
        .create_account(
            &Email::new("lone@acme.test").unwrap(),
            &pendulum_web::auth::hash_password("a password for no one").unwrap(),
            Role::Member,
            false,
        )
        .await
        .unwrap();
    let viewer = World::<SqliteStore>::session(&org, lone.id).await;
    let (status, _) = call(
        &viewer.client,
        Some(&viewer.csrf),
        w.addr,
        "GET",
        "/api/v1/me/reflections",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &viewer.client,
        Some(&viewer.csrf),
        w.addr,
        "GET",
        "/reflections",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The newest of the member's reflections, by the API.
async fn newest(w: &World<SqliteStore>) -> Value {
    let (_, listed) = json(w, Who::Member, "GET", "/api/v1/me/reflections", None).await;
    listed["reflections"][0].clone()
}

#[tokio::test]
async fn the_pages_write_revise_share_and_delete_with_the_form_pattern() {
    let (w, _dir) = world().await;
    // The list, with the start form; choosing nothing is refused where the choice is.
    let (status, list) = page(&w, Who::Member, "GET", "/reflections", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Start a reflection"), "{list}");
    assert!(list.contains("action=\"/reflections/new\""), "{list}");
    let (status, refused) = page(&w, Who::Member, "GET", "/reflections/new?start=1", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("id=\"reflection-errors\""), "{refused}");
    assert!(
        refused.contains("href=\"#reflection-direction\""),
        "{refused}"
    );

    // The questions towards management, with their hints.
    let (status, form) = page(
        &w,
        Who::Member,
        "GET",
        "/reflections/new?direction=to-management",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("What draws you to management?"), "{form}");
    assert!(
        form.contains("id=\"reflection-answer-mentoring\""),
        "{form}"
    );
    assert!(
        form.contains("Perhaps genuine interest"),
        "the hint: {form}"
    );
    assert!(
        !form.contains("Why does a return"),
        "not the other direction's"
    );

    // A refused answer is marked beside it; every value is kept; nothing is saved.
    let (status, refused) = page(
        &w,
        Who::Member,
        "POST",
        "/reflections/new?direction=to-management",
        "direction=to-management&answer_what-draws-you=Kept+words&answer_mentoring=a%1Bb",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("href=\"#reflection-answer-mentoring\""),
        "{refused}"
    );
    assert!(
        refused.contains("id=\"reflection-answer-mentoring-error\""),
        "{refused}"
    );
    assert!(refused.contains("Kept words</textarea>"), "{refused}");
    assert!(
        refused.contains("action=\"/reflections/new?direction=to-management\""),
        "the address is kept"
    );
    let (status, empty) = page(
        &w,
        Who::Member,
        "POST",
        "/reflections/new?direction=to-management",
        "direction=to-management&answer_mentoring=",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.contains("Answer at least one question"), "{empty}");
    assert!(empty.contains("aria-invalid=\"true\""), "{empty}");
    let org = w.store.org(w.org_a);
    assert_eq!(org.reflections(w.people["mo"]).await.unwrap().len(), 2);

    // Saved, it opens on its summary.
    let (status, _) = page(
        &w,
        Who::Member,
        "POST",
        "/reflections/new?direction=to-management",
        "csrf=x&direction=to-management&answer_what-draws-you=PAGEWRITTEN&answer_energy=",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let written = newest(&w).await;
    assert_eq!(written["answers"][0]["text"], "PAGEWRITTEN");
    let id = written["id"].as_str().unwrap().to_string();
    let summary = format!("/reflections/{id}");
    let (status, html) = page(&w, Who::Member, "GET", &summary, "").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "PAGEWRITTEN",
        "From your journal",
        "Only you can read this reflection",
        "Share with ada",
        "Version 1, written",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }

    // A new version from the edit form, filled in with the current one.
    let (status, edit) = page(&w, Who::Member, "GET", &format!("{summary}/edit"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(edit.contains("PAGEWRITTEN</textarea>"), "{edit}");
    assert!(edit.contains("Save as version 2"), "{edit}");
    let (status, _) = page(
        &w,
        Who::Member,
        "POST",
        &format!("{summary}/edit"),
        "answer_what-draws-you=PAGEREVISED",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = page(&w, Who::Member, "GET", &summary, "").await;
    assert!(html.contains("PAGEREVISED") && !html.contains("PAGEWRITTEN"));
    assert!(html.contains(&format!("{summary}?version=1")), "{html}");
    let (status, old) = page(&w, Who::Member, "GET", &format!("{summary}?version=1"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(old.contains("PAGEWRITTEN"), "{old}");
    assert!(old.contains("This is version 1 of 2"), "{old}");
    for bad in ["9", "abc", "0"] {
        let (status, _) = page(
            &w,
            Who::Member,
            "GET",
            &format!("{summary}?version={bad}"),
            "",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }

    // Shared: the manager (ada) reads it from the member's page; unshared, no more.
    let (status, _) = page(&w, Who::Member, "POST", &format!("{summary}/share"), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = page(
        &w,
        Who::Member,
        "GET",
        &format!("{summary}?done=shared"),
        "",
    )
    .await;
    assert!(html.contains("Shared with your manager, ada"), "{html}");
    assert!(html.contains("Stop sharing"), "{html}");
    let mo = w.people["mo"];
    let (_, person) = page(&w, Who::Admin, "GET", &format!("/people/{mo}"), "").await;
    let shared_page = format!("/people/{mo}/reflections/{id}");
    assert!(person.contains(&shared_page), "{person}");
    let (status, read) = page(&w, Who::Admin, "GET", &shared_page, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(read.contains("PAGEREVISED") && !read.contains("PAGEWRITTEN"));
    let (status, _) = page(&w, Who::Member, "POST", &format!("{summary}/unshare"), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = page(&w, Who::Admin, "GET", &shared_page, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, person) = page(&w, Who::Admin, "GET", &format!("/people/{mo}"), "").await;
    assert!(!person.contains(&shared_page), "{person}");

    // Someone with no manager is told so, and offered no button.
    let (status, _) = json(
        &w,
        Who::Admin,
        "POST",
        "/api/v1/me/reflections",
        Some(r#"{"direction":"to-ic","answers":{"why-now":"x"}}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, mine) = json(&w, Who::Admin, "GET", "/api/v1/me/reflections", None).await;
    let ada_one = mine["reflections"][0]["id"].as_str().unwrap().to_string();
    let (_, html) = page(
        &w,
        Who::Admin,
        "GET",
        &format!("/reflections/{ada_one}"),
        "",
    )
    .await;
    assert!(html.contains("There is no manager on your"), "{html}");
    let (status, refused) = page(
        &w,
        Who::Admin,
        "POST",
        &format!("/reflections/{ada_one}/share"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("no manager on your record"), "{refused}");

    // Deleting asks first, then takes every version.
    let (status, confirm) = page(&w, Who::Member, "GET", &format!("{summary}/delete"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("all 2 of its versions"), "{confirm}");
    assert!(confirm.contains("cannot be undone"), "{confirm}");
    let (status, _) = page(&w, Who::Member, "POST", &format!("{summary}/delete"), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = page(&w, Who::Member, "GET", &summary, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = page(&w, Who::Member, "GET", "/reflections?done=deleted", "").await;
    assert!(list.contains("The reflection is deleted"), "{list}");
}

/// The summary describes the author's journal beside the answers, in words and no score.
#[tokio::test]
async fn the_summary_reads_the_journal_in_words() {
    let (w, _dir) = world().await;
    let today = w.store.org(w.org_a).today();
    for (back, kinds, energy, learned) in [
        (0, r#"["building"]"#, 2, "lifetimes"),
        (2, r#"["meetings"]"#, -2, ""),
        (9, r#"["building"]"#, 1, ""),
    ] {
        let body = format!(
            r#"{{"date":"{}","kinds":{kinds},"energy":{energy},"learned":"{learned}"}}"#,
            today - time::Duration::days(back)
        );
        let (status, e) = json(&w, Who::Analyst, "POST", "/api/v1/me/journal", Some(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
    }
    let (_, written) = json(
        &w,
        Who::Analyst,
        "POST",
        "/api/v1/me/reflections",
        Some(r#"{"direction":"to-ic","answers":{"why-now":"Building again."}}"#),
    )
    .await;
    let id = written["id"].as_str().unwrap();
    let (status, html) = page(&w, Who::Analyst, "GET", &format!("/reflections/{id}"), "").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Building again.",
        "<strong>Hands-on building</strong>: wanting more on average (+1.5), 2 entries over 2 weeks.",
        "<strong>Meetings</strong>: depleted on average (−2)",
        "You noted learning something in 1 of",
        "Your latest hands-on entry is from today.",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    let energy = html.find("Hands-on building").unwrap();
    let meetings = html.find("<strong>Meetings").unwrap();
    assert!(energy < meetings, "the most energy first");
    let main = html[html.find("<main").unwrap()..].to_lowercase();
    for word in ["score", "verdict", "recommend", "demotion", "should"] {
        assert!(!main.contains(word), "{word}");
    }
    // Someone whose journal is empty is told so.
    let (_, written) = json(
        &w,
        Who::PayAdmin,
        "POST",
        "/api/v1/me/reflections",
        Some(r#"{"direction":"to-ic","answers":{"why-now":"x"}}"#),
    )
    .await;
    // The matrix plants one (old) entry per person: an empty stretch, not an empty journal.
    let id = written["id"].as_str().unwrap();
    let (_, html) = page(&w, Who::PayAdmin, "GET", &format!("/reflections/{id}"), "").await;
    assert!(
        html.contains("No journal entries in the last 12 weeks"),
        "{html}"
    );
}

#[tokio::test]
async fn the_home_page_leads_to_the_reflections() {
    let (w, _dir) = world().await;
    for who in [Who::Member, Who::Manager, Who::Admin] {
        let (status, html) = page(&w, who, "GET", "/", "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("id=\"home-reflections\""), "{who:?}: {html}");
        assert!(html.contains("href=\"/reflections\""), "{who:?}");
    }
    let (_, html) = page(&w, Who::Member, "GET", "/", "").await;
    assert!(html.contains("Your reflections, or start one"), "{html}");
}
