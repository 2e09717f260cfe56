//! The people pages and API doing their jobs, over real HTTP on the matrix's organisation:
//! recording and proposing changes, confirming proposals, pay with its audit trail, the
//! timeline, the directory's filters, invitations and API tokens.

use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, Store, TokenHash};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::matrix::{Body, Who, World, call, pay_canary, sqlite_world as world};

impl World<SqliteStore> {
    async fn as_(&self, who: Who, method: &str, path: &str, body: Body) -> (StatusCode, String) {
        let v = &self.viewers[&who];
        call(&v.client, Some(&v.csrf), self.addr, method, path, body).await
    }

    async fn json(&self, who: Who, path: &str) -> Value {
        let (status, body) = self.as_(who, "GET", path, Body::None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    fn org(&self) -> <SqliteStore as Store>::Org {
        self.store.org(self.org_a)
    }
}

fn form(s: String) -> Body {
    Body::Form(Box::leak(s.into_boxed_str()))
}

#[tokio::test]
async fn an_admin_records_a_promotion_from_the_person_page() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let before = w.org().events(rob).await.unwrap().len();
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form("kind=promotion&effective=2026-01-05&level=ic-4&reason=Led+the+migration".into()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("role=\"status\""), "a notice: {page}");
    assert!(page.contains("Recorded: promotion"), "{page}");
    let events = w.org().events(rob).await.unwrap();
    assert_eq!(events.len(), before + 1);
    assert_eq!(
        events.last().unwrap().level.as_ref().unwrap().as_str(),
        "ic-4"
    );
    // The API shows it, placed in its framework version.
    let timeline = w
        .json(Who::Admin, &format!("/api/v1/people/{rob}/timeline"))
        .await;
    let last = timeline["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "promotion");
    assert_eq!(last["level"], "ic-4");
    assert_eq!(last["reason"], "Led the migration");
    assert_eq!(timeline["current_role"]["level"], "ic-4");
    // The audit log names the admin's account, not their email.
    let audit = w.org().audit(5).await.unwrap();
    let row = audit
        .iter()
        .find(|r| r.action == AuditAction::RoleEventAppended)
        .expect("an audit row for the event");
    assert_eq!(row.actor, format!("account/{}", w.accounts[&Who::Admin]));
    assert_eq!(row.person, Some(rob));
}

#[tokio::test]
async fn a_refused_change_shows_the_rule_on_the_form_and_keeps_the_values() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let before = w.org().events(rob).await.unwrap();
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form("kind=promotion&effective=2020-01-05&level=ic-4&reason=Too+early".into()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let alert = page
        .split("role=\"alert\"")
        .nth(1)
        .expect("the refusal is announced");
    assert!(
        alert.contains("2020-01-05"),
        "the rule names the date: {alert}"
    );
    assert!(page.contains("value=\"2020-01-05\""), "the date is kept");
    assert!(page.contains("Too early"), "the reason is kept");
    assert_eq!(w.org().events(rob).await.unwrap(), before, "nothing stored");
    // The API answers the same rule as JSON.
    let (status, body) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/api/v1/people/{rob}/events"),
            Body::Json(r#"{"kind":"promotion","effective":"2020-01-05","level":"ic-4"}"#),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "rule");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2020-01-05")
    );
}

/// The input of `id`'s element: from `<… id="id"` to the end of its tag.
fn tag_of<'p>(page: &'p str, id: &str) -> &'p str {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} in the page"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

#[tokio::test]
async fn a_refused_save_on_the_person_page_marks_the_field_and_keeps_the_address() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let before = w.org().events(rob).await.unwrap();
    // Posted to the page's own address (the form's action), a promotion naming no level.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}"),
            form(
                "form=record&kind=promotion&effective=2026-01-05&level=&reason=Led+the+migration"
                    .into(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert_eq!(w.org().events(rob).await.unwrap(), before, "nothing stored");
    // The summary at the top of the form, linking to the faulty field.
    let summary = tag_of(&page, "record-errors");
    assert!(
        summary.contains("class=\"error-summary\" role=\"alert\" tabindex=\"-1\""),
        "{summary}"
    );
    assert!(page.contains("<a href=\"#record-level\">"), "{page}");
    // The level is marked, with the rule beside it; the other fields are not.
    let level = tag_of(&page, "record-level");
    assert!(
        level.contains("aria-invalid=\"true\" aria-describedby=\"record-level-error\""),
        "{level}"
    );
    let message = tag_of(&page, "record-level-error");
    assert!(
        message.starts_with("<span class=\"field-error\""),
        "{message}"
    );
    assert!(!tag_of(&page, "record-effective").contains("aria-invalid"));
    // The values are kept, and the form still posts to the page itself.
    assert!(tag_of(&page, "record-effective").contains("value=\"2026-01-05\""));
    assert!(tag_of(&page, "record-reason").contains("value=\"Led the migration\""));
    assert!(page.contains(&format!("action=\"/people/{rob}\"")));
    assert!(!page.contains(&format!("action=\"/people/{rob}/events\"")));

    // A value the form cannot read is marked too: an end date that is not a date.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}"),
            form("form=record&kind=leave&effective=2026-02-01&until=someday".into()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(tag_of(&page, "record-until").contains("aria-invalid=\"true\""));
    assert!(tag_of(&page, "record-until").contains("value=\"someday\""));
    assert!(!tag_of(&page, "record-level").contains("aria-invalid"));

    // The manager form posts to the same page; its refusal marks its own field.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}"),
            form("form=manager&manager_email=&effective=2026-02-01&reason=Reorganised".into()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(tag_of(&page, "manager-errors").contains("role=\"alert\""));
    assert!(
        tag_of(&page, "manager-email")
            .contains("aria-invalid=\"true\" aria-describedby=\"manager-email-error\"")
    );
    assert!(tag_of(&page, "manager-reason").contains("value=\"Reorganised\""));
    assert!(
        !page.contains("id=\"record-errors\""),
        "only the manager form is refused"
    );

    // Accepted, the same address records the change.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}"),
            form("form=record&kind=promotion&effective=2026-01-05&level=ic-4&reason=Led+the+migration".into()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Recorded: promotion"), "{page}");
    assert!(!page.contains("error-summary"));
    assert_eq!(w.org().events(rob).await.unwrap().len(), before.len() + 1);
}

#[tokio::test]
async fn a_manager_proposes_and_an_admin_confirms() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let before = w.org().events(ria).await.unwrap().len();
    let (status, page) = w
        .as_(
            Who::Manager,
            "POST",
            &format!("/people/{ria}/events"),
            form("kind=promotion&effective=2026-02-01&level=ic-4".into()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("An administrator will confirm it"), "{page}");
    assert_eq!(
        w.org().events(ria).await.unwrap().len(),
        before,
        "only proposed"
    );

    let listed = w.json(Who::Manager, "/api/v1/proposals").await;
    let proposal = listed.as_array().unwrap()[0].clone();
    assert_eq!(proposal["status"], "pending");
    assert_eq!(proposal["person"], ria.to_string());
    let id = proposal["id"].as_str().unwrap().to_string();
    let (_, page) = w.as_(Who::Manager, "GET", "/proposals", Body::None).await;
    assert!(page.contains("ria"), "the manager sees their proposal");

    // A manager cannot decide it; an admin can, once.
    let (status, _) = w
        .as_(
            Who::Manager,
            "POST",
            &format!("/proposals/{id}/confirm"),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/proposals/{id}/confirm"),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let events = w.org().events(ria).await.unwrap();
    assert_eq!(events.len(), before + 1);
    assert_eq!(
        events.last().unwrap().level.as_ref().unwrap().as_str(),
        "ic-4"
    );
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/proposals/{id}/decline"),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\""), "{page}");
    let listed = w.json(Who::Admin, "/api/v1/proposals").await;
    assert_eq!(listed[0]["status"], "confirmed");
}

#[tokio::test]
async fn pay_reads_are_audited_and_pay_holders_record_pay() {
    let (w, _dir) = world().await;
    let zed = w.people["zed"];
    let (status, page) = w
        .as_(
            Who::PayAdmin,
            "GET",
            &format!("/people/{zed}/pay"),
            Body::None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&pay_canary("zed")));
    let reads = w
        .org()
        .audit_page(None, 10, Some(AuditAction::PayRead), Some(zed))
        .await
        .unwrap();
    assert_eq!(reads.len(), 1, "one audited read");
    assert_eq!(
        reads[0].actor,
        format!("account/{}", w.accounts[&Who::PayAdmin])
    );

    let (status, page) = w
        .as_(
            Who::PayAdmin,
            "POST",
            &format!("/people/{zed}/pay"),
            form(
                "amount=91%2C500.50&currency=eur&effective=2026-01-01&reason=Annual+review".into(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("EUR 91,500.50"), "{page}");
    let pay = w
        .json(Who::PayAdmin, &format!("/api/v1/people/{zed}/pay"))
        .await;
    let last = pay.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["minor_units"], 9_150_050);
    assert_eq!(last["currency"], "EUR");
    // A bad amount is refused on the form, nothing stored.
    let (status, page) = w
        .as_(
            Who::PayAdmin,
            "POST",
            &format!("/people/{zed}/pay"),
            form("amount=lots&currency=EUR&effective=2026-01-01".into()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("is not an amount"), "{page}");
    assert_eq!(w.org().pay_history(zed).await.unwrap().len(), 2);
    // Everyone sees their own pay; a member's own read is audited too.
    let mo = w.people["mo"];
    let own = w
        .json(Who::Member, &format!("/api/v1/people/{mo}/pay"))
        .await;
    assert_eq!(own.as_array().unwrap().len(), 1);
    let reads = w
        .org()
        .audit_page(None, 10, Some(AuditAction::PayRead), Some(mo))
        .await
        .unwrap();
    assert_eq!(reads.len(), 1);
}

#[tokio::test]
async fn the_timeline_shows_swings_both_ways() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    for (kind, date, level) in [
        ("move", "2023-01-01", "em-1"),
        ("move", "2024-06-01", "ic-4"),
    ] {
        let body = format!(r#"{{"kind":"{kind}","effective":"{date}","level":"{level}"}}"#);
        let (status, res) = w
            .as_(
                Who::Admin,
                "POST",
                &format!("/api/v1/people/{rob}/events"),
                Body::Json(Box::leak(body.into_boxed_str())),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
    }
    let timeline = w
        .json(Who::Manager, &format!("/api/v1/people/{rob}/timeline"))
        .await;
    let swings: Vec<&str> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["swing"].as_str())
        .collect();
    assert_eq!(swings, ["to-management", "to-individual-contribution"]);

    let v = &w.viewers[&Who::Manager];
    let res = v
        .client
        .get(format!("http://{}/people/{rob}/timeline.svg", w.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let svg = res.text().await.unwrap();
    assert!(svg.contains("swing to management"));
    assert!(svg.contains("swing to individual contribution"));
    let (status, page) = w
        .as_(Who::Manager, "GET", &format!("/people/{rob}"), Body::None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<svg"), "the timeline is inline");
    assert!(!page.to_lowercase().contains("demot"));
}

#[tokio::test]
async fn the_directory_filters_and_shows_only_whom_the_viewer_may_see() {
    let (w, _dir) = world().await;
    let names = |v: &Value| -> Vec<String> {
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let all = w.json(Who::Admin, "/api/v1/people").await;
    assert_eq!(all["total"], 8);
    // A count below the directory's limit is exact, with its number of pages.
    assert_eq!(
        (
            &all["total_exact"],
            &all["page"],
            &all["pages"],
            &all["more"]
        ),
        (&json!(true), &json!(1), &json!(1), &json!(false))
    );
    // A page past the end (a link kept from a longer list) is the last page.
    let past = w.json(Who::Admin, "/api/v1/people?page=9").await;
    assert_eq!((&past["page"], &past["total"]), (&json!(1), &json!(8)));
    assert_eq!(names(&past), names(&all));
    let mia = w.people["mia"];
    let by_manager = w
        .json(Who::Admin, &format!("/api/v1/people?manager={mia}"))
        .await;
    assert_eq!(names(&by_manager), ["rob"]);
    let searched = w.json(Who::Admin, "/api/v1/people?q=RI").await;
    assert_eq!(names(&searched), ["ria"]);
    let by_level = w
        .json(Who::Admin, "/api/v1/people?level=ic-3&track=ic")
        .await;
    assert_eq!(by_level["total"], 8);
    let none = w.json(Who::Admin, "/api/v1/people?grade=g7").await;
    assert_eq!(none["total"], 0);
    // A manager sees themselves and their line; a member only themselves.
    let line = w.json(Who::Manager, "/api/v1/people").await;
    assert_eq!(names(&line), ["mia", "ria", "rob"]);
    let own = w.json(Who::Member, "/api/v1/people").await;
    assert_eq!(names(&own), ["mo"]);
    // People who left are listed only when asked for.
    let zed = w.people["zed"];
    let (status, res) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/api/v1/people/{zed}/events"),
            Body::Json(r#"{"kind":"exit","effective":"2026-01-31"}"#),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert_eq!(w.json(Who::Admin, "/api/v1/people").await["total"], 7);
    assert_eq!(
        w.json(Who::Admin, "/api/v1/people?status=all").await["total"],
        8
    );
    assert_eq!(
        names(&w.json(Who::Admin, "/api/v1/people?status=left").await),
        ["zed"]
    );
    let (status, page) = w.as_(Who::Admin, "GET", "/people/?q=ri", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("ria@acme.test"), "{page}");
    assert!(
        !page.contains("rob@acme.test"),
        "rob is only ria's manager: {page}"
    );
}

#[tokio::test]
async fn an_invitation_link_becomes_an_account_once() {
    let (w, _dir) = world().await;
    let (status, page) = w
        .as_(
            Who::PayAdmin,
            "POST",
            "/admin/invitations",
            Body::Form("email=newcomer%40acme.test&role=manager&pay=on"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let start = page.find("/invitations/").expect("the link is shown once");
    let link: String = page[start..start + "/invitations/".len() + 64].to_string();
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = anonymous
        .get(format!("http://{}{link}", w.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    let (name_value, _) = cookie.split_once(';').unwrap();
    let token = name_value.split_once('=').unwrap().1.to_string();
    let page = res.text().await.unwrap();
    assert!(page.contains("newcomer@acme.test"));
    let post = |password: &str, confirm: &str| {
        anonymous
            .post(format!("http://{}{link}", w.addr))
            .header("cookie", name_value)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "password={password}&confirm={confirm}&csrf={token}"
            ))
            .send()
    };
    let res = post("a+long+enough+password", "another+password")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A password over 1,024 bytes is refused as the command line refuses it, unhashed.
    let long = "x".repeat(1025);
    let res = post(&long, &long).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("a password needs at most 1024 bytes"),
        "{page}"
    );
    let res = post("a+long+enough+password", "a+long+enough+password")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("is ready"));
    let account = w
        .org()
        .account_by_email(&pendulum_domain::Email::new("newcomer@acme.test").unwrap())
        .await
        .unwrap()
        .expect("the account exists");
    assert_eq!(account.role, pendulum_store::Role::Manager);
    assert!(account.pay);
    assert!(pendulum_web::auth::verify_password(
        "a long enough password",
        &account.password_hash
    ));
    let res = post("a+long+enough+password", "a+long+enough+password")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a link works once");
}

#[tokio::test]
async fn api_tokens_are_shown_once_and_stop_working_when_revoked() {
    let (w, _dir) = world().await;
    let (status, page) = w
        .as_(
            Who::Member,
            "POST",
            "/account/tokens",
            Body::Form("name=laptop"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let secret: String = page
        .split("<code")
        .filter_map(|part| part.split_once('>').map(|(_, rest)| rest))
        .filter_map(|rest| rest.split('<').next())
        .find(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("the token is on the page")
        .to_string();
    let me = |secret: String| {
        reqwest::Client::new()
            .get(format!("http://{}/api/v1/me", w.addr))
            .bearer_auth(secret)
            .send()
    };
    assert_eq!(me(secret.clone()).await.unwrap().status(), StatusCode::OK);
    let (_, page) = w.as_(Who::Member, "GET", "/account", Body::None).await;
    assert!(
        page.contains("laptop") && !page.contains(&secret),
        "listed, not shown again"
    );
    let token = w
        .org()
        .api_tokens(w.accounts[&Who::Member])
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "laptop")
        .unwrap();
    // Another account cannot revoke it.
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/account/tokens/{}/revoke", token.id),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(me(secret.clone()).await.unwrap().status(), StatusCode::OK);
    let (status, _) = w
        .as_(
            Who::Member,
            "POST",
            &format!("/account/tokens/{}/revoke", token.id),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me(secret).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert!(
        w.org()
            .account_by_api_token_hash(&TokenHash::of("never issued"))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_page_the_role_does_not_include_answers_403_in_the_signed_in_layout() {
    let (w, _dir) = world().await;
    for path in ["/audit", "/admin/accounts", "/framework/publish"] {
        let (status, page) = w.as_(Who::Member, "GET", path, Body::None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.contains("You do not have access"), "{path}: {page}");
        assert!(
            page.contains("mo@acme.test"),
            "the header names the account: {page}"
        );
        assert!(page.contains("Sign out"), "{path}");
    }
    // The API's answer stays JSON.
    let (status, body) = w.as_(Who::Member, "GET", "/api/v1/audit", Body::None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
}

/// The same value is refused with the same message on the form and by the API, and
/// nothing is stored: a reason over 2,000 characters or holding a bidirectional override,
/// a date outside 1900–2200, cents in yen, pay of zero or 92 quadrillion, an unknown
/// outcome or currency.
#[tokio::test]
async fn values_are_refused_alike_by_the_forms_and_the_api() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let zed = w.people["zed"];
    let long = "x".repeat(2001);
    let events = [
        (
            format!("kind=leave&effective=2026-02-01&reason={long}"),
            format!(r#"{{"kind":"leave","effective":"2026-02-01","reason":"{long}"}}"#),
            "a reason needs at most 2,000 characters; this one has 2001",
        ),
        (
            "kind=leave&effective=2026-02-01&reason=ok%E2%80%AEgnp.exe".to_string(),
            r#"{"kind":"leave","effective":"2026-02-01","reason":"ok\u202egnp.exe"}"#.to_string(),
            "a reason cannot hold a bidirectional control character (U+202E)",
        ),
        (
            "kind=leave&effective=1850-02-01".to_string(),
            r#"{"kind":"leave","effective":"1850-02-01"}"#.to_string(),
            "1850-02-01 is out of range: dates fall in the years 1900–2200",
        ),
        (
            "kind=trial-end&effective=2026-02-01&outcome=maybe".to_string(),
            r#"{"kind":"trial-end","effective":"2026-02-01","outcome":"maybe"}"#.to_string(),
            "is not a trial outcome: use stay or return",
        ),
    ];
    let before = w.org().events(rob).await.unwrap().len();
    for (form_body, json, message) in events {
        let (status, page) = w
            .as_(
                Who::Admin,
                "POST",
                &format!("/people/{rob}/events"),
                form(form_body),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.contains(message), "form, {message}: {page}");
        assert!(page.contains("id=\"record-errors\""), "{page}");
        assert_eq!(
            page.matches("aria-invalid=\"true\"").count(),
            1,
            "{message}: {page}"
        );
        let (status, body) = w
            .as_(
                Who::Admin,
                "POST",
                &format!("/api/v1/people/{rob}/events"),
                Body::Json(Box::leak(json.into_boxed_str())),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert!(
            error.to_string().contains(message),
            "API, {message}: {body}"
        );
    }
    assert_eq!(w.org().events(rob).await.unwrap().len(), before);

    // Each refusal marks the field at fault (the amount, or the currency).
    let pay = [
        (
            "100.50",
            "JPY",
            "JPY has no minor unit: amounts in JPY are whole numbers",
            "pay-amount",
        ),
        ("0", "EUR", "an amount must be more than zero", "pay-amount"),
        (
            "92000000000000000",
            "EUR",
            "an annual amount is at most 100,000,000,000 EUR",
            "pay-amount",
        ),
        (
            "85000",
            "XYZ",
            "is not an ISO 4217 currency code for pay",
            "pay-currency",
        ),
    ];
    let before = w.org().pay_history(zed).await.unwrap().len();
    for (amount, currency, message, field) in pay {
        let (status, page) = w
            .as_(
                Who::PayAdmin,
                "POST",
                &format!("/people/{zed}/pay"),
                form(format!(
                    "amount={amount}&currency={currency}&effective=2026-01-01"
                )),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.contains(message), "form, {message}: {page}");
        assert!(page.contains("id=\"pay-errors\""), "{page}");
        assert!(
            page.contains(&format!(
                "id=\"{field}\" name=\"{}\"",
                &field["pay-".len()..]
            )) && page.contains(&format!("aria-describedby=\"{field}-error\"")),
            "{field} marked: {page}"
        );
        assert_eq!(page.matches("aria-invalid=\"true\"").count(), 1, "{page}");
        let json =
            format!(r#"{{"amount":"{amount}","currency":"{currency}","effective":"2026-01-01"}}"#);
        let (status, body) = w
            .as_(
                Who::PayAdmin,
                "POST",
                &format!("/api/v1/people/{zed}/pay"),
                Body::Json(Box::leak(json.into_boxed_str())),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(body.contains(message), "API, {message}: {body}");
    }
    assert_eq!(w.org().pay_history(zed).await.unwrap().len(), before);

    // Yen are the minor unit of JPY: stored as given, written back without decimals.
    let (status, body) = w
        .as_(
            Who::PayAdmin,
            "POST",
            &format!("/api/v1/people/{zed}/pay"),
            Body::Json(r#"{"amount":"1,500,000","currency":"jpy","effective":"2026-01-01"}"#),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let stored: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stored["minor_units"], 1_500_000, "{body}");
    assert_eq!(stored["amount"], "1500000", "{body}");
    assert_eq!(stored["currency"], "JPY", "{body}");
}

#[tokio::test]
async fn a_scheduled_promotion_is_not_the_current_role_yet() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let on = w.org().today() + time::Duration::days(40);
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form(format!("kind=promotion&effective={on}&level=ic-4")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Recorded: promotion"), "{page}");
    assert!(page.contains(&format!("scheduled from {on}")), "{page}");

    // The API answers with the role in effect today, and lists the scheduled event.
    let detail = w.json(Who::Admin, &format!("/api/v1/people/{rob}")).await;
    assert_eq!(detail["current_role"]["level"], "ic-3");
    let timeline = w
        .json(Who::Admin, &format!("/api/v1/people/{rob}/timeline"))
        .await;
    assert_eq!(timeline["current_role"]["level"], "ic-3");
    let last = timeline["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["level"].as_str(), last["effective"].as_str()),
        (Some("ic-4"), Some(on.to_string().as_str()))
    );
    // So does the directory, filters included.
    let promoted = w.json(Who::Admin, "/api/v1/people?level=ic-4").await;
    assert_eq!(promoted["total"], 0);
    let held = w
        .json(Who::Admin, "/api/v1/people?level=ic-3&track=ic")
        .await;
    assert_eq!(held["total"], 8);
}

/// The first entry of a person's history: the hire every person of the matrix has.
async fn first_entry(w: &World<SqliteStore>, person: pendulum_domain::PersonId) -> String {
    w.org().events(person).await.unwrap()[0].id.to_string()
}

#[tokio::test]
async fn an_admin_corrects_an_entry_from_the_person_page() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let hire = first_entry(&w, rob).await;

    // Each row offers the control, which opens the form filled in with the entry.
    let (_, page) = w
        .as_(Who::Admin, "GET", &format!("/people/{rob}"), Body::None)
        .await;
    let link = format!("href=\"/people/{rob}?correct={hire}#record\"");
    assert!(page.contains(&link), "{page}");
    let (status, page) = w
        .as_(
            Who::Admin,
            "GET",
            &format!("/people/{rob}?correct={hire}"),
            Body::None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(">Correct an entry</h2>"), "{page}");
    assert!(page.contains(&format!("name=\"supersedes\" value=\"{hire}\"")));
    assert!(page.contains("<option value=\"hire\" selected>"), "{page}");
    assert!(page.contains("<option value=\"ic-3\" selected>"), "{page}");
    assert!(page.contains("required value=\"2021-03-01\""), "{page}");

    // A correction without a reason is refused, and stays a correction of the entry.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form(format!(
                "kind=hire&effective=2021-02-01&level=ic-3&supersedes={hire}"
            )),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("a correction needs a reason"), "{page}");
    assert!(page.contains(&format!("name=\"supersedes\" value=\"{hire}\"")));
    assert!(page.contains("value=\"2021-02-01\""), "the values are kept");
    assert_eq!(w.org().events(rob).await.unwrap().len(), 1);

    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form(format!(
                "kind=hire&effective=2021-02-01&level=ic-3&reason=Started+a+month+earlier&supersedes={hire}"
            )),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(
            "Recorded: joining from 2021-02-01, correcting the hire of 2021-03-01 (entry 1)."
        ),
        "{page}"
    );
    // The corrected entry stays, marked, with its correction's date and reason; it offers
    // no correction any more, and the correction says what it corrects.
    assert!(page.contains("Started a month earlier"), "{page}");
    assert!(page.contains("Corrected on "), "{page}");
    assert!(
        page.contains("Corrects the hire of 2021-03-01 (entry 1)"),
        "{page}"
    );
    assert!(!page.contains(&link), "{page}");
    let events = w.org().events(rob).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[1].supersedes.map(|e| e.to_string()),
        Some(hire.clone())
    );
    let role = w.org().current_role(rob).await.unwrap().unwrap();
    assert_eq!(role.hired.to_string(), "2021-02-01");
    let audit = w.org().audit(5).await.unwrap();
    let row = audit
        .iter()
        .find(|r| r.action == AuditAction::RoleEventCorrected)
        .expect("an audit row for the correction");
    assert_eq!(row.actor, format!("account/{}", w.accounts[&Who::Admin]));
    assert_eq!(row.subject, format!("role-event/{}", events[1].id));

    // Correcting it again is refused with the rule's words: correct the correction.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/people/{rob}/events"),
            form(format!(
                "kind=hire&effective=2021-01-04&level=ic-3&reason=Earlier+still&supersedes={hire}"
            )),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("correct the correction instead"), "{page}");
    assert_eq!(w.org().events(rob).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_manager_proposes_a_correction_and_an_admin_confirms_it() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let hire = first_entry(&w, ria).await;
    let (_, page) = w
        .as_(
            Who::Manager,
            "GET",
            &format!("/people/{ria}?correct={hire}"),
            Body::None,
        )
        .await;
    assert!(page.contains(">Propose a correction</h2>"), "{page}");
    let (status, page) = w
        .as_(
            Who::Manager,
            "POST",
            &format!("/people/{ria}/events"),
            form(format!(
                "kind=hire&effective=2021-03-01&level=ic-2&reason=Joined+as+Engineer+II&supersedes={hire}"
            )),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(
            "correcting the hire of 2021-03-01 (entry 1). An administrator will confirm it."
        ),
        "{page}"
    );
    assert_eq!(w.org().events(ria).await.unwrap().len(), 1, "only proposed");

    let listed = w.json(Who::Admin, "/api/v1/proposals").await;
    let proposal = listed.as_array().unwrap()[0].clone();
    assert_eq!(proposal["supersedes"], hire.as_str());
    assert_eq!(proposal["reason"], "Joined as Engineer II");
    let id = proposal["id"].as_str().unwrap();
    let (_, page) = w.as_(Who::Admin, "GET", "/proposals", Body::None).await;
    assert!(
        page.contains("correcting the hire of 2021-03-01 (entry 1): Joined as Engineer II"),
        "the admin sees what the proposal corrects and why: {page}"
    );
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/proposals/{id}/confirm"),
            Body::Form(""),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let events = w.org().events(ria).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].supersedes.map(|e| e.to_string()), Some(hire));
    let role = w.org().current_role(ria).await.unwrap().unwrap();
    assert_eq!(role.level.as_str(), "ic-2");
}

#[tokio::test]
async fn a_member_cannot_correct_and_sees_no_control() {
    let (w, _dir) = world().await;
    let mo = w.people["mo"];
    let rob = w.people["rob"];
    let own = first_entry(&w, mo).await;
    let (status, page) = w
        .as_(
            Who::Member,
            "GET",
            &format!("/people/{mo}?correct={own}"),
            Body::None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Correct this entry"), "{page}");
    assert!(!page.contains("name=\"supersedes\""), "{page}");
    let forged = |target: &str| {
        form(format!(
            "kind=hire&effective=2021-02-01&level=ic-4&reason=Forged&supersedes={target}"
        ))
    };
    let (status, _) = w
        .as_(
            Who::Member,
            "POST",
            &format!("/people/{mo}/events"),
            forged(&own),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let robs = first_entry(&w, rob).await;
    let (status, _) = w
        .as_(
            Who::Member,
            "POST",
            &format!("/people/{rob}/events"),
            forged(&robs),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(w.org().events(mo).await.unwrap().len(), 1);
    assert_eq!(w.org().events(rob).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_api_records_a_correction_and_refuses_another_organisations_event() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let hire = first_entry(&w, rob).await;
    let other = w
        .store
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.id != w.org_a)
        .unwrap();
    let other = w.store.org(other.id);
    let canary = other
        .person_by_email(&pendulum_domain::Email::new("orgb-canary@orgb.test").unwrap())
        .await
        .unwrap();
    let foreign = other.events(canary.id).await.unwrap()[0].id.to_string();
    let sibling = first_entry(&w, w.people["ria"]).await;

    let path = format!("/api/v1/people/{rob}/events");
    let post = |body: String| {
        w.as_(
            Who::Admin,
            "POST",
            &path,
            Body::Json(Box::leak(body.into_boxed_str())),
        )
    };
    let body = |target: &str, reason: &str| {
        format!(
            r#"{{"kind":"hire","effective":"2021-02-01","level":"ic-3","reason":"{reason}","supersedes":"{target}"}}"#
        )
    };
    for target in [&foreign, &sibling] {
        let (status, answer) = post(body(target, "Not this history")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        let answer: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["error"]["code"], "rule");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not in this person's history"),
            "{answer}"
        );
        assert!(!answer.to_string().contains("OrgBCanary"));
    }
    let (status, answer) = post(
        r#"{"kind":"hire","effective":"2021-02-01","level":"ic-3","supersedes":"not-an-id","reason":"x"}"#
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer.contains("invalid_event"), "{answer}");
    let (status, answer) = post(format!(
        r#"{{"kind":"hire","effective":"2021-02-01","level":"ic-3","supersedes":"{hire}"}}"#
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer.contains("a correction needs a reason"), "{answer}");
    assert_eq!(w.org().events(rob).await.unwrap().len(), 1);

    let (status, answer) = post(body(&hire, "Started a month earlier")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["event"]["supersedes"], hire.as_str());
    assert_eq!(answer["event"]["reason"], "Started a month earlier");
}

#[tokio::test]
async fn a_proposal_shows_its_context_and_its_decision_says_what_happened() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let (status, page) = w
        .as_(
            Who::Manager,
            "POST",
            &format!("/people/{ria}/events"),
            form(
                "kind=promotion&effective=2026-02-01&level=ic-4&reason=Leads+the+migration".into(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let listed = w.json(Who::Admin, "/api/v1/proposals").await;
    let id = listed.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let (_, page) = w.as_(Who::Admin, "GET", "/proposals", Body::None).await;
    // The reason, the level held and for how long, and the change it would make.
    assert!(
        page.contains("<dt>Reason</dt><dd>Leads the migration</dd>"),
        "{page}"
    );
    let now = page.split("<dt>Now</dt><dd>").nth(1).unwrap_or_default();
    assert!(now.starts_with("Senior Engineer (ic-3), for "), "{page}");
    let change = page.split("<dt>Change</dt><dd>").nth(1).unwrap_or_default();
    assert!(
        change.starts_with("Senior Engineer (ic-3) → ") && change.contains("(ic-4)</dd>"),
        "{page}"
    );
    // The proposer's email breaks only after "@" and dots.
    assert!(
        page.contains("<td class=\"email\" data-label=\"Proposed by\">"),
        "{page}"
    );
    assert!(!page.contains("class=\"wrap-anywhere\">manager"), "{page}");

    // Confirming (posted to the page's own address) leads back to the list, which says
    // what was recorded; a reload of that address decides nothing.
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            "/proposals",
            form(format!("form=confirm&proposal={id}")),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = w
        .as_(
            Who::Admin,
            "GET",
            &format!("/proposals?confirmed={id}"),
            Body::None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("role=\"status\">Recorded: Promotion to Staff Engineer (ic-4) for ria, effective 2026-02-01.</p>"),
        "{page}"
    );
    // A decided proposal keeps its reason, not the context of a change already made.
    assert!(page.contains("<dt>Reason</dt><dd>Leads the migration</dd>"));
    assert!(!page.contains("<dt>Now</dt>"), "{page}");

    // Declining says so too.
    w.as_(
        Who::Manager,
        "POST",
        &format!("/people/{ria}/events"),
        form("kind=promotion&effective=2026-06-01&level=ic-5".into()),
    )
    .await;
    let listed = w.json(Who::Admin, "/api/v1/proposals").await;
    let id = listed.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            "/proposals",
            form(format!("form=decline&proposal={id}&reason=Not+yet")),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = w
        .as_(
            Who::Admin,
            "GET",
            &format!("/proposals?declined={id}"),
            Body::None,
        )
        .await;
    assert!(
        page.contains("role=\"status\">Declined: Promotion to "),
        "{page}"
    );
    // An id that is not in the list says nothing.
    let (_, page) = w
        .as_(
            Who::Admin,
            "GET",
            "/proposals?confirmed=nothing",
            Body::None,
        )
        .await;
    assert!(!page.contains("role=\"status\""), "{page}");
}

/// A refused decision answers 422 with the proposals page at its own address: the summary
/// at the top of the proposal's forms, a refused reason marked with its message beside it
/// and kept as typed; nothing is decided. The forms' older addresses still answer.
#[tokio::test]
async fn a_refused_decision_is_shown_at_the_proposal_by_the_forms_pattern() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let (status, page) = w
        .as_(
            Who::Manager,
            "POST",
            &format!("/people/{ria}/events"),
            form("kind=promotion&effective=2026-02-01&level=ic-4".into()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let id = w.json(Who::Admin, "/api/v1/proposals").await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // A reason over 2,000 characters.
    let long = "x".repeat(2001);
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            "/proposals",
            form(format!("form=decline&proposal={id}&reason={long}")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let decide = page
        .split("<div class=\"decide\">")
        .nth(1)
        .expect("the proposal's forms");
    assert!(
        decide.starts_with(&format!(
            "\n<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"decline-{id}-errors\""
        )),
        "{decide}"
    );
    assert!(
        page.contains(&format!(
            "<li><a href=\"#decline-{id}-reason\">A reason needs at most 2,000 characters"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "value=\"{long}\" aria-invalid=\"true\" aria-describedby=\"decline-{id}-reason-error\">"
        )),
        "the reason is kept and marked"
    );
    assert_eq!(pending(&w).await, "pending");

    // The history changed meanwhile (ria is promoted beyond ic-4): confirming is refused,
    // the summary at the proposal, no field marked.
    let (status, body) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/api/v1/people/{ria}/events"),
            Body::Json(r#"{"kind":"promotion","effective":"2026-01-05","level":"ic-5"}"#),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            "/proposals",
            form(format!("form=confirm&proposal={id}")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains(&format!("id=\"confirm-{id}-errors\"")),
        "{page}"
    );
    assert!(!page.contains("aria-invalid"), "{page}");
    assert_eq!(pending(&w).await, "pending");

    // The older address refuses alike, and declines.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/proposals/{id}/decline"),
            form(format!("reason={long}")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("id=\"decline-{id}-errors\"")));
    let (status, _) = w
        .as_(
            Who::Admin,
            "POST",
            &format!("/proposals/{id}/decline"),
            form("reason=Overtaken".into()),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(pending(&w).await, "declined");

    // Decided now: another decision is said at the top of the page, the forms gone.
    let (status, page) = w
        .as_(
            Who::Admin,
            "POST",
            "/proposals",
            form(format!("form=decline&proposal={id}")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("class=\"message message-error\" role=\"alert\""),
        "{page}"
    );
    assert!(!page.contains("error-summary"), "{page}");
    let (status, _) = w
        .as_(
            Who::Manager,
            "POST",
            "/proposals",
            form(format!("form=decline&proposal={id}")),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The status of the newest proposal, as the API lists them.
async fn pending(w: &World<SqliteStore>) -> String {
    w.json(Who::Admin, "/api/v1/proposals").await[0]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn pay_shows_its_place_in_the_band() {
    let (w, _dir) = world().await;
    let ria = w.people["ria"];
    let (status, page) = w
        .as_(
            Who::PayAdmin,
            "POST",
            &format!("/people/{ria}/pay"),
            form("amount=66000&currency=EUR&effective=2024-01-01&reason=review".into()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<dt>Place in the band</dt>"), "{page}");
    assert!(page.contains("<dt>Compa-ratio</dt>"), "{page}");
    assert!(page.contains("Senior Engineer (ic-3): EUR "), "{page}");

    let pay = w
        .json(Who::PayAdmin, &format!("/api/v1/people/{ria}/pay"))
        .await;
    let recorded = pay
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["amount"] == "66000")
        .unwrap_or_else(|| panic!("{pay}"));
    let band = &recorded["band"];
    assert_eq!(band["level"], "ic-3", "{pay}");
    let (min, mid, max) = (
        band["min"].as_u64().unwrap(),
        band["midpoint"].as_u64().unwrap(),
        band["max"].as_u64().unwrap(),
    );
    assert!(min <= mid && mid <= max, "{band}");
    let zone = band["zone"].as_str().unwrap();
    match zone {
        "below" => assert!(66_000 < min),
        "above" => assert!(66_000 > max),
        _ => {
            assert_eq!(zone, "within");
            let percent = band["percent"].as_u64().unwrap();
            assert_eq!(percent, (66_000 - min) * 100 / (max - min));
        }
    }
    assert_eq!(
        band["compa_ratio_percent"].as_u64().unwrap(),
        (66_000 * 100 + mid / 2) / mid
    );
}
