//! The plan pages over real HTTP, on the matrix's organisation: Rob (a member, who reports
//! to Mia, a manager) writes a plan towards Engineering Manager through its form, with Mo
//! as mentor; a refused form keeps what he wrote and marks the field; every action posts
//! to its own address and comes back with its notice, or, refused, with the plan's page
//! and the refusal in its form (422). The mentor's page holds no form and no evidence, no
//! page calls a return a demotion, and every link of every page opens for its viewer.

use std::collections::BTreeSet;

use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;

use crate::matrix::{Body, Viewer, Who, World, call, sqlite_world as world};
use crate::plan::rob;

/// A request as `viewer`; every answer is checked for the word the product never uses.
async fn ask(
    w: &World<SqliteStore>,
    viewer: &Viewer,
    method: &str,
    path: &str,
    form: Option<&str>,
) -> (StatusCode, String) {
    let body = match form {
        Some(form) => Body::Form(Box::leak(form.to_string().into_boxed_str())),
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
        !text.to_lowercase().contains("demotion"),
        "{method} {path}: {text}"
    );
    (status, text)
}

/// Posts `form` to `path` as `viewer`, expects the redirect to the plan with `done`, and
/// returns the page it leads to.
async fn post_done(
    w: &World<SqliteStore>,
    viewer: &Viewer,
    path: &str,
    form: &str,
    done: &str,
) -> (String, String) {
    let res = viewer
        .client
        .post(format!("http://{}{path}", w.addr))
        .header("x-csrf-token", &viewer.csrf)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let text = res.text().await.unwrap();
    assert_eq!(status, StatusCode::SEE_OTHER, "POST {path} {form}: {text}");
    let location = location.expect("a redirect");
    assert!(
        location.ends_with(&format!("?done={done}")),
        "{location} after {path}"
    );
    let (status, page) = ask(w, viewer, "GET", &location, None).await;
    assert_eq!(status, StatusCode::OK, "{location}");
    (location, page)
}

/// The `href`s of `html`, anchors and other sites left out.
fn hrefs(html: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/'))
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}

/// Every link of `html` opens for `viewer`: no page leads anyone to a page they may not
/// open.
async fn links_open(w: &World<SqliteStore>, viewer: &Viewer, html: &str, on: &str) {
    for href in hrefs(html) {
        let res = viewer
            .client
            .get(format!("http://{}{href}", w.addr))
            .send()
            .await
            .unwrap();
        // A link may redirect (`/people/me`): where it leads opens.
        let status = match res.headers().get("location") {
            Some(to) if res.status().is_redirection() => {
                let to = to.to_str().unwrap().to_string();
                ask(w, viewer, "GET", &to, None).await.0
            }
            _ => res.status(),
        };
        assert_eq!(status, StatusCode::OK, "{href}, linked from {on}");
    }
}

/// The text of the notice (`role="status"`) of a page.
fn notice(html: &str) -> String {
    let at = html
        .find("role=\"status\">")
        .unwrap_or_else(|| panic!("a notice in {html}"));
    let rest = &html[at + "role=\"status\">".len()..];
    rest[..rest.find('<').unwrap()].to_string()
}

fn plan_id(location: &str) -> String {
    location
        .trim_start_matches("/plans/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

const DRAFT: &str = "target_level=em-1&motivation=PAGEPLAN+I+enjoy+growing+people\
    &criteria=communication&criteria=people-management&mentor=mo%40acme.test\
    &conversations=Fortnightly&trial=yes&interim_team=ann%40acme.test";

#[tokio::test]
async fn a_plan_goes_through_its_pages_from_draft_to_return() {
    let (w, _dir) = world().await;
    let rob = rob(&w).await;
    let mia = &w.viewers[&Who::Manager];
    let mo = &w.viewers[&Who::Member];

    // The list offers a start; the start asks for the target, grouped by track.
    let (status, list) = ask(&w, &rob, "GET", "/plans", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("href=\"/plans/new\""), "{list}");
    assert!(list.contains(">Plans</a>"), "the navigation: {list}");
    links_open(&w, &rob, &list, "/plans").await;
    let (_, choose) = ask(&w, &rob, "GET", "/plans/new", None).await;
    assert!(choose.contains("<optgroup"), "{choose}");
    assert!(
        !choose.contains("value=\"ic-3\""),
        "the level held: {choose}"
    );
    let (status, refused) = ask(&w, &rob, "GET", "/plans/new?target=ic-3", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("You hold Senior Engineer already"),
        "{refused}"
    );
    let (status, form) = ask(&w, &rob, "GET", "/plans/new?target=em-1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"people-management\""), "{form}");
    assert!(form.contains("private: only you can see it"), "{form}");
    links_open(&w, &rob, &form, "/plans/new?target=em-1").await;

    // A refused form keeps every value and marks the field, at its own address.
    let unknown = DRAFT.replace("mo%40acme.test", "nobody%40acme.test");
    let (status, refused) = ask(&w, &rob, "POST", "/plans/new?target=em-1", Some(&unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("id=\"plan-errors\""), "{refused}");
    assert!(refused.contains("href=\"#plan-mentor\""), "{refused}");
    assert!(
        refused.contains("value=\"nobody@acme.test\" maxlength=\"254\" autocomplete=\"off\" aria-invalid=\"true\""),
        "{refused}"
    );
    assert!(refused.contains(">\nPAGEPLAN I enjoy growing people</textarea>"));
    assert!(
        refused.contains("value=\"people-management\" checked"),
        "{refused}"
    );
    assert!(
        refused.contains("action=\"/plans/new?target=em-1\""),
        "{refused}"
    );
    let (status, refused) = ask(
        &w,
        &rob,
        "POST",
        "/plans/new?target=em-1",
        Some("target_level=em-1&motivation=&criteria=communication"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("href=\"#plan-motivation\""), "{refused}");

    // Saved: a draft only Rob sees.
    let (location, page) = post_done(&w, &rob, "/plans/new?target=em-1", DRAFT, "created").await;
    let id = plan_id(&location);
    let plan = format!("/plans/{id}");
    assert!(notice(&page).contains("saved as a draft"), "{page}");
    assert!(page.contains("Only you can see this draft"), "{page}");
    assert!(page.contains("Framework version 1, Engineering Manager (em-1)"));
    links_open(&w, &rob, &page, &plan).await;
    for who in [Who::Manager, Who::Member, Who::Admin] {
        let (status, _) = ask(&w, &w.viewers[&who], "GET", &plan, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }

    // A new revision says agreement is asked for again, and keeps the values.
    let (status, edit) = ask(&w, &rob, "GET", &format!("{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(edit.contains("agreement is asked for again"), "{edit}");
    assert!(edit.contains("value=\"mo@acme.test\""), "{edit}");
    assert!(edit.contains(">\nann@acme.test</textarea>"), "{edit}");
    let (_, page) = post_done(
        &w,
        &rob,
        &format!("{plan}/edit"),
        &DRAFT.replace("Fortnightly", "Every+Tuesday"),
        "revised",
    )
    .await;
    assert!(notice(&page).contains("Saved as revision 2"), "{page}");

    // Rob agrees: Mia and Mo now read it; Mia agrees; the mentor has nothing to do.
    let (_, page) = post_done(&w, &rob, &format!("{plan}/agree"), "", "agreed").await;
    assert_eq!(notice(&page), "You agreed to revision 2.");
    let (status, as_mia) = ask(&w, mia, "GET", &plan, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(as_mia.contains("Agree to revision 2"), "{as_mia}");
    assert!(!as_mia.contains("Change the plan"), "{as_mia}");
    links_open(&w, mia, &as_mia, &plan).await;
    let (_, list) = ask(&w, mia, "GET", "/plans", None).await;
    assert!(
        list.contains("Plans of the people who report to you"),
        "{list}"
    );
    assert!(list.contains("Waiting for your agreement"), "{list}");
    let (_, page) = post_done(&w, mia, &format!("{plan}/agree"), "", "agreed").await;
    assert!(notice(&page).contains("agreed by both"), "{page}");
    // Agreeing again is refused, with the plan's page and the reason in view.
    let (status, again) = ask(&w, mia, "POST", &format!("{plan}/agree"), Some("")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("The plan is agreed already."), "{again}");

    // Mia starts it: a proposal, said before and after.
    let (_, as_mia) = ask(&w, mia, "GET", &plan, None).await;
    assert!(as_mia.contains("an admin confirms it before it is recorded"));
    let (status, refused) = ask(
        &w,
        mia,
        "POST",
        &format!("{plan}/start"),
        Some("effective=not-a-date"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("href=\"#start-effective\""), "{refused}");
    assert!(refused.contains("value=\"not-a-date\""), "{refused}");
    let (_, page) = post_done(
        &w,
        mia,
        &format!("{plan}/start"),
        "effective=2026-09-01",
        "started",
    )
    .await;
    assert!(notice(&page).contains("The start is proposed"), "{page}");
    assert!(page.contains("Waiting for an admin to confirm the start"));
    confirm_pending(&w).await;

    // Checkpoints: Rob shows one journal entry; Mia sees it, Mo does not.
    let org = w.store.org(w.org_a);
    use pendulum_store::prelude::*;
    let shown = org
        .add_journal_entry(
            w.people["rob"],
            &pendulum_domain::journal::NewJournalEntry::new(
                time::macros::date!(2026 - 09 - 20),
                vec![pendulum_domain::journal::KindId::new("one-to-ones").unwrap()],
                pendulum_domain::journal::Energy::new(2).unwrap(),
                None,
                false,
                "PAGEEVIDENCE first one-to-ones",
                time::macros::date!(2026 - 12 - 06),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let (_, as_rob) = ask(&w, &rob, "GET", &plan, None).await;
    assert!(
        as_rob.contains("PAGEEVIDENCE"),
        "a choice of evidence: {as_rob}"
    );
    assert!(as_rob.contains("name=\"rating_communication\""), "{as_rob}");
    let (status, refused) = ask(
        &w,
        &rob,
        "POST",
        &format!("{plan}/checkpoints"),
        Some("at=30&rating_communication=on-track&note=KEPTNOTE"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.contains("href=\"#checkpoint-ratings\""),
        "{refused}"
    );
    assert!(refused.contains(">\nKEPTNOTE</textarea>"), "{refused}");
    assert!(
        refused.contains("value=\"on-track\" required checked"),
        "the rating given stays chosen: {refused}"
    );
    let (_, page) = post_done(
        &w,
        &rob,
        &format!("{plan}/checkpoints"),
        &format!(
            "at=30&rating_communication=on-track&rating_people-management=mixed\
             &note=Going+well&evidence={}",
            shown.id
        ),
        "checkpoint",
    )
    .await;
    assert_eq!(notice(&page), "Your view of the checkpoint is recorded.");
    let (_, page) = post_done(
        &w,
        mia,
        &format!("{plan}/checkpoints"),
        "at=30&rating_communication=mixed&rating_people-management=not-yet&note=A+fair+start",
        "checkpoint",
    )
    .await;
    assert!(page.contains("PAGEEVIDENCE"), "the manager sees it: {page}");
    assert!(page.contains("Recorded by both"), "{page}");
    links_open(&w, mia, &page, &plan).await;
    let (status, as_mo) = ask(&w, mo, "GET", &plan, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!as_mo.contains("<form class=\"form"), "no form: {as_mo}");
    assert!(!as_mo.contains("PAGEEVIDENCE"), "{as_mo}");
    assert!(as_mo.contains("A fair start") && as_mo.contains("Going well"));
    assert!(as_mo.contains("read-only"), "{as_mo}");
    links_open(&w, mo, &as_mo, &plan).await;
    let (_, list) = ask(&w, mo, "GET", "/plans", None).await;
    assert!(list.contains("Plans you mentor"), "{list}");
    // The mentor's actions are refused, whatever they post.
    let (status, _) = ask(&w, mo, "POST", &format!("{plan}/end"), Some("outcome=stay")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The end: what each choice does, said before; an extension without its reason is
    // refused in the form; a return is proposed and confirmed.
    let (_, as_mia) = ask(&w, mia, "GET", &plan, None).await;
    assert!(
        as_mia.contains("return to individual contribution, on Staff Engineer (ic-4)"),
        "{as_mia}"
    );
    assert!(as_mia.contains("protected for 12 months"), "{as_mia}");
    assert!(as_mia.contains("1 extension of the framework’s limit remains"));
    let (status, refused) = ask(
        &w,
        mia,
        "POST",
        &format!("{plan}/end"),
        Some("outcome=extend&reason=&effective=2026-12-01"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("href=\"#end-reason\""), "{refused}");
    assert!(
        refused.contains("value=\"extend\" required checked"),
        "{refused}"
    );
    let (_, page) = post_done(
        &w,
        mia,
        &format!("{plan}/end"),
        "outcome=return&reason=&effective=2026-12-01",
        "ended",
    )
    .await;
    assert!(
        notice(&page).contains("The return to individual contribution is proposed"),
        "{page}"
    );
    confirm_pending(&w).await;
    let (_, page) = ask(&w, &rob, "GET", &format!("{plan}?done=ended"), None).await;
    assert!(
        notice(&page).contains("returned to individual contribution"),
        "{page}"
    );
    assert!(page.contains("Trial ended on 2026-12-01: returned to individual contribution"));
    links_open(&w, &rob, &page, &plan).await;
}

#[tokio::test]
async fn a_withdrawal_and_a_manager_who_may_record_at_once() {
    let (w, _dir) = world().await;
    // Mo (a member) reports to Ada (an admin): her start is recorded at once.
    let mo = &w.viewers[&Who::Member];
    let ada = &w.viewers[&Who::Admin];
    let (location, _) = post_done(
        &w,
        mo,
        "/plans/new?target=em-1",
        "target_level=em-1&motivation=Try+it&criteria=communication&trial=yes",
        "created",
    )
    .await;
    let plan = location.split('?').next().unwrap().to_string();
    post_done(&w, mo, &format!("{plan}/agree"), "", "agreed").await;
    let (_, page) = post_done(&w, ada, &format!("{plan}/agree"), "", "agreed").await;
    assert!(page.contains("it is recorded at once"), "{page}");
    let (_, page) = post_done(
        &w,
        ada,
        &format!("{plan}/start"),
        "effective=2026-06-01",
        "started",
    )
    .await;
    assert_eq!(
        notice(&page),
        "The trial is recorded as started on 2026-06-01."
    );
    // Started: no change, no withdrawal.
    let (_, as_mo) = ask(&w, mo, "GET", &plan, None).await;
    assert!(!as_mo.contains("Withdraw the plan"), "{as_mo}");
    let (status, refused) = ask(&w, mo, "GET", &format!("{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("The trial has started"), "{refused}");

    // Another plan, withdrawn with its reason.
    let (location, _) = post_done(
        &w,
        mo,
        "/plans/new?target=ic-4",
        "target_level=ic-4&motivation=Deeper+work&criteria=technical-depth",
        "created",
    )
    .await;
    let other = location.split('?').next().unwrap().to_string();
    let (_, page) = post_done(
        &w,
        mo,
        &format!("{other}/withdraw"),
        "reason=Not+now",
        "withdrawn",
    )
    .await;
    assert_eq!(
        notice(&page),
        "The plan is withdrawn. It stays here, ended."
    );
    assert!(page.contains("Withdrawn: Not now"), "{page}");
}

/// An admin confirms the one pending proposal.
async fn confirm_pending(w: &World<SqliteStore>) {
    let (_, proposals) = send_json(w, Who::Admin, "GET", "/api/v1/proposals").await;
    let pending: Vec<&serde_json::Value> = proposals
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "pending")
        .collect();
    assert_eq!(pending.len(), 1, "{proposals}");
    let path = format!(
        "/api/v1/proposals/{}/confirm",
        pending[0]["id"].as_str().unwrap()
    );
    let (status, body) = send_json(w, Who::Admin, "POST", &path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn send_json(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
) -> (StatusCode, serde_json::Value) {
    let (status, text) = crate::matrix::send(w, who, method, path, Body::None).await;
    let value = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    (status, value)
}
