//! Signing in and out, sessions, API tokens, CSRF and login throttling, over real HTTP.

use pendulum_domain::Email;
use pendulum_store::prelude::*;
use pendulum_store::{Store, TokenHash};

use crate::{CSRF, EMAIL, PASSWORD, TestApp, header};

/// Every `Set-Cookie` of a response.
fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// The value `name` is set to by one of `cookies`.
fn cookie_value(cookies: &[String], name: &str) -> Option<String> {
    cookies.iter().find_map(|c| {
        let first = c.split(';').next()?;
        let (key, value) = first.split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

/// Opens the sign-in form signed out and returns its double-submit token.
async fn login_token(app: &TestApp) -> String {
    let res = app.anonymous.get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let token = cookie_value(&set_cookies(&res), "pendulum_login_csrf").expect("a login cookie");
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("name=\"csrf\" value=\"{token}\"")),
        "{html}"
    );
    token
}

async fn post_login(app: &TestApp, email: &str, password: &str, token: &str) -> reqwest::Response {
    app.anonymous
        .post(app.url("/login"))
        .header("cookie", format!("pendulum_login_csrf={token}"))
        .form(&[("email", email), ("password", password), ("csrf", token)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_sets_an_http_only_same_site_cookie_that_opens_the_pages() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    let res = post_login(&app, EMAIL, PASSWORD, &token).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        header(&res, "location"),
        "/",
        "signing in lands on the home page"
    );
    let cookies = set_cookies(&res);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("pendulum_session="))
        .expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(session.contains("Path=/"), "{session}");
    assert!(!session.contains("Secure"), "plain HTTP here: {session}");
    let value = cookie_value(&cookies, "pendulum_session").unwrap();
    assert_eq!(value.len(), 64);

    let page = app
        .anonymous
        .get(app.url("/framework/"))
        .header("cookie", format!("pendulum_session={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    // Only the hash is stored: the cookie's value is not in the database.
    let stored = app
        .store
        .session_by_token_hash(&TokenHash::of(&value))
        .await
        .unwrap();
    assert_eq!(stored.unwrap().2.email.as_str(), EMAIL);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    let wrong = post_login(&app, EMAIL, "not the password at all", &token).await;
    assert_eq!(wrong.status(), 401);
    assert!(set_cookies(&wrong).is_empty());
    let wrong = wrong.text().await.unwrap();
    let unknown = post_login(&app, "nobody@acme.test", PASSWORD, &token).await;
    assert_eq!(unknown.status(), 401);
    let unknown = unknown.text().await.unwrap();
    let message = "That email and password do not match an account.";
    assert!(wrong.contains(message), "{wrong}");
    assert!(unknown.contains(message), "{unknown}");
}

#[tokio::test]
async fn pages_redirect_to_the_sign_in_form_when_signed_out() {
    let app = TestApp::spawn().await;
    let res = app
        .anonymous
        .get(app.url("/framework/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(header(&res, "location"), "/login");
    for public in ["/healthz", "/login", "/static/pendulum.css"] {
        let res = app.anonymous.get(app.url(public)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{public}");
    }
}

#[tokio::test]
async fn the_api_answers_401_json_when_signed_out_and_knows_a_session() {
    let app = TestApp::spawn().await;
    let res = app
        .anonymous
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(header(&res, "content-type").starts_with("application/json"));
    let body: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert!(body["error"]["message"].is_string());

    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(me["email"], EMAIL);
    assert_eq!(me["role"], "manager");
    assert_eq!(me["pay"], false);
    assert_eq!(me["org"], "acme");
}

#[tokio::test]
async fn a_bearer_token_authenticates_api_requests() {
    let app = TestApp::spawn().await;
    let org = app.store.org(app.store.list_orgs().await.unwrap()[0].id);
    let account = org
        .account_by_email(&Email::new(EMAIL).unwrap())
        .await
        .unwrap()
        .unwrap();
    org.create_api_token(account.id, &TokenHash::of("script token"), "script")
        .await
        .unwrap();
    let res = app
        .anonymous
        .get(app.url("/api/v1/me"))
        .header("authorization", "Bearer script token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(me["email"], EMAIL);

    let res = app
        .anonymous
        .get(app.url("/api/v1/me"))
        .header("authorization", "Bearer another token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_change_without_the_csrf_token_is_forbidden() {
    let app = TestApp::spawn().await;
    let res = app.client.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/logout"))
        .header("x-csrf-token", "a guess")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf", "a guess")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "still signed in");

    // The sign-in form needs its double-submit token too.
    let res = app
        .anonymous
        .post(app.url("/login"))
        .form(&[("email", EMAIL), ("password", PASSWORD), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let res = app
        .client
        .post(app.url("/logout"))
        .header("x-csrf-token", CSRF)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/framework/").await.status(), 200);
    let res = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf", CSRF)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(header(&res, "location"), "/login");
    let cleared = set_cookies(&res);
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("pendulum_session=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    // The browser would drop the cookie; a copy of it no longer works either.
    let res = app.get("/framework/").await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    // Signing in and out are in the audit log, by account id.
    let org = app.store.list_orgs().await.unwrap().remove(0);
    let audit = app.store.org(org.id).audit(10).await.unwrap();
    let account = app
        .store
        .org(org.id)
        .account_by_email(&Email::new(EMAIL).unwrap())
        .await
        .unwrap()
        .unwrap();
    let out = audit
        .iter()
        .find(|r| r.action == pendulum_store::AuditAction::SignedOut)
        .expect("signing out is audited");
    assert_eq!(out.actor, format!("account/{}", account.id));
    assert_eq!(out.subject, format!("account/{}", account.id));
    assert!(
        audit
            .iter()
            .any(|r| r.action == pendulum_store::AuditAction::SignedIn),
        "the session's start is audited"
    );
}

#[tokio::test]
async fn repeated_failures_are_throttled() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    for attempt in 0..10 {
        let res = post_login(&app, EMAIL, "a wrong password", &token).await;
        assert_eq!(res.status(), 401, "attempt {attempt}");
    }
    let res = post_login(&app, EMAIL, PASSWORD, &token).await;
    assert_eq!(res.status(), 429);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed attempts"),
        "a clear message"
    );
    // Another email from the same address is not affected.
    let res = post_login(&app, "other@acme.test", "a wrong password", &token).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn cookies_are_secure_when_the_site_is_served_over_tls() {
    let app = TestApp::spawn_secure().await;
    let token = login_token(&app).await;
    let res = post_login(&app, EMAIL, PASSWORD, &token).await;
    assert_eq!(res.status(), 303);
    let cookies = set_cookies(&res);
    assert!(cookies.iter().any(|c| c.starts_with("pendulum_session=")));
    assert!(
        cookies
            .iter()
            .filter(|c| c.starts_with("pendulum_session="))
            .all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
}

fn demo_login(role: &str, email: &str, password: &str, sees: &str) -> pendulum_web::DemoLogin {
    pendulum_web::DemoLogin {
        role: role.into(),
        email: email.into(),
        password: password.into(),
        sees: sees.into(),
    }
}

#[tokio::test]
async fn the_sign_in_page_lists_no_logins_outside_the_demo() {
    let app = TestApp::spawn().await;
    let res = app.anonymous.get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Sign in to Acme"), "{html}");
    assert!(!html.contains("Demo logins"), "{html}");
    assert!(!html.contains("demo-logins"), "{html}");
}

#[tokio::test]
async fn the_demo_sign_in_page_lists_each_login_with_what_it_sees() {
    let app = TestApp::spawn_demo(vec![
        demo_login(
            "Member",
            "ada.kowalski@example.org",
            "demo-member-password",
            "Their own career.",
        ),
        demo_login(
            "Manager",
            "sam.mensah@example.org",
            "demo-manager-password",
            "The member's manager: their team's careers.",
        ),
    ])
    .await;
    let token = login_token(&app).await;
    let html = app
        .anonymous
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let table = html
        .split_once("<section class=\"demo-logins\"")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no demo logins: {html}"));
    let member = table
        .find("ada.kowalski@example.org")
        .expect("the member's email");
    let manager = table
        .find("sam.mensah@example.org")
        .expect("the manager's email");
    assert!(member < manager, "in the order given: {table}");
    for text in [
        "Demo logins",
        "<th scope=\"row\">Member",
        "<code>demo-member-password</code>",
        "<code>demo-manager-password</code>",
        "Their own career.",
        "The member&#39;s manager: their team&#39;s careers.",
    ] {
        assert!(table.contains(text), "{text}: {table}");
    }
    // After a failed attempt the logins are still there to copy.
    let res = post_login(&app, "ada.kowalski@example.org", "wrong", &token).await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains("<code>demo-member-password</code>"), "{html}");
}
