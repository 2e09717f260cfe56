//! Accounts over real HTTP on the matrix's organisation: nobody without the pay capability
//! reads pay by creating or taking over an account (an invitation with pay, an invitation
//! for a person already on record, a password reset), and a reset or disabling stops an
//! account's sessions and API tokens.

use pendulum_domain::{AccountId, Email};
use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, Store, TokenHash};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;

use crate::matrix::{Body, Who, World, call, pay_canary, send as as_, sqlite_world as world};

const NEW_PASSWORD: &str = "a brand new password";

fn org(w: &World<SqliteStore>) -> <SqliteStore as Store>::Org {
    w.store.org(w.org_a)
}

fn no_redirects() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

fn form(s: String) -> Body {
    Body::Form(Box::leak(s.into_boxed_str()))
}

async fn account_of(w: &World<SqliteStore>, address: &str) -> pendulum_store::Account {
    org(w)
        .list_accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.email.as_str() == address)
        .unwrap_or_else(|| panic!("no account {address}"))
}

/// A session signed in through the sign-in form, or the refused form's status and page.
struct SignedIn {
    client: reqwest::Client,
    csrf: String,
}

async fn sign_in(
    w: &World<SqliteStore>,
    email: &str,
    password: &str,
) -> Result<SignedIn, (StatusCode, String)> {
    let anonymous = no_redirects().build().unwrap();
    let res = anonymous
        .get(format!("http://{}/login", w.addr))
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("pendulum_login_csrf="))
        .expect("a sign-in cookie");
    let pair = cookie.split(';').next().unwrap().to_string();
    let token = pair.split_once('=').unwrap().1.to_string();
    let res = anonymous
        .post(format!("http://{}/login", w.addr))
        .header("cookie", &pair)
        .form(&[("email", email), ("password", password), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    if res.status() != StatusCode::SEE_OTHER {
        let status = res.status();
        return Err((status, res.text().await.unwrap()));
    }
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("pendulum_session="))
        .expect("a session cookie");
    let session = session.split(';').next().unwrap().to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, session.parse().unwrap());
    let client = no_redirects().default_headers(headers).build().unwrap();
    // The CSRF token of the session is in every form of its pages.
    let page = client
        .get(format!("http://{}/account", w.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = page.find("name=\"csrf\" value=\"").expect("a form") + "name=\"csrf\" value=\"".len();
    let csrf = page[at..at + page[at..].find('"').unwrap()].to_string();
    Ok(SignedIn { client, csrf })
}

impl SignedIn {
    async fn call(&self, w: &World<SqliteStore>, method: &str, path: &str) -> (StatusCode, String) {
        call(
            &self.client,
            Some(&self.csrf),
            w.addr,
            method,
            path,
            Body::None,
        )
        .await
    }
}

/// Invites `address` as `who`, accepts the link with [`NEW_PASSWORD`] and returns what the
/// invitation answered (and, when it made a link, that the account was created).
async fn invite_and_accept(w: &World<SqliteStore>, who: Who, fields: &str) -> (StatusCode, String) {
    let (status, page) = as_(
        w,
        who,
        "POST",
        "/admin/accounts",
        form(format!("form=invite&{fields}")),
    )
    .await;
    let Some(start) = page.find("/invitations/") else {
        return (status, page);
    };
    let link = page[start..start + "/invitations/".len() + 64].to_string();
    let anonymous = no_redirects().build().unwrap();
    let res = anonymous
        .get(format!("http://{}{link}", w.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    let pair = cookie.split(';').next().unwrap().to_string();
    let token = pair.split_once('=').unwrap().1.to_string();
    let res = anonymous
        .post(format!("http://{}{link}", w.addr))
        .header("cookie", &pair)
        .form(&[
            ("password", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    (status, page)
}

/// Every page and API answer where `name`'s own record shows, as `viewer` sees it: the
/// pay page and API must refuse, and no other page may carry the pay.
async fn own_pay_is_hidden(w: &World<SqliteStore>, viewer: &SignedIn, name: &str) {
    let id = w.people[name];
    for path in [
        format!("/people/{id}/pay"),
        format!("/api/v1/people/{id}/pay"),
    ] {
        let (status, body) = viewer.call(w, "GET", &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert!(!body.contains(&pay_canary(name)), "{path}");
    }
    for path in [
        format!("/people/{id}"),
        "/people/me".to_string(),
        format!("/api/v1/people/{id}"),
        format!("/api/v1/people/{id}/timeline"),
        format!("/api/v1/people/{id}/events"),
        format!("/people/{id}/timeline.svg"),
    ] {
        let (_, body) = viewer.call(w, "GET", &path).await;
        assert!(!body.contains(&pay_canary(name)), "{path} shows the pay");
    }
}

async fn own_pay_is_shown(w: &World<SqliteStore>, viewer: &SignedIn, name: &str) {
    let id = w.people[name];
    let (status, body) = viewer.call(w, "GET", &format!("/people/{id}/pay")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(&pay_canary(name)));
}

// --- pay is granted only by pay holders ----------------------------------------------

/// (a) An admin without pay cannot invite anyone to see pay (and so cannot accept such an
/// invitation themselves); a pay administrator can.
#[tokio::test]
async fn only_a_pay_holder_invites_someone_to_see_pay() {
    let (w, _dir) = world().await;
    let (status, page) = invite_and_accept(
        &w,
        Who::Admin,
        "email=accomplice%40acme.test&role=admin&pay=on",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert!(org(&w).invitations().await.unwrap().is_empty());
    assert!(
        org(&w)
            .list_accounts()
            .await
            .unwrap()
            .iter()
            .all(|a| a.email.as_str() != "accomplice@acme.test")
    );
    let (_, accounts) = as_(&w, Who::Admin, "GET", "/admin/accounts", Body::None).await;
    assert!(!accounts.contains("invite-pay"), "no pay checkbox offered");

    let (status, page) = invite_and_accept(
        &w,
        Who::PayAdmin,
        "email=payroll%40acme.test&role=admin&pay=on",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let payroll = sign_in(&w, "payroll@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    own_pay_is_shown(&w, &payroll, "zed").await;
}

/// (b) An admin without pay invites an account for a person already on record and accepts
/// the link: the account does not see that person's pay until a pay administrator
/// approves, which the admin cannot do. The approval is audited.
#[tokio::test]
async fn an_account_invited_without_pay_waits_for_approval_to_see_its_own_pay() {
    let (w, _dir) = world().await;
    let (status, page) =
        invite_and_accept(&w, Who::Admin, "email=rob%40acme.test&role=member").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let rob = sign_in(&w, "rob@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    own_pay_is_hidden(&w, &rob, "rob").await;
    let (_, page) = rob.call(&w, "GET", "/account").await;
    assert!(
        page.contains("shown once a pay administrator approves"),
        "{page}"
    );

    // The pay administrator sees it waiting; the admin without pay cannot approve.
    let account = account_of(&w, "rob@acme.test").await;
    assert!(account.own_pay_held);
    let approve = format!("/admin/accounts/{}/own-pay/approve", account.id);
    let (_, accounts) = as_(&w, Who::PayAdmin, "GET", "/admin/accounts", Body::None).await;
    assert!(accounts.contains("Waiting for pay approval"), "{accounts}");
    assert!(accounts.contains(&format!("action=\"{approve}\"")));
    let (status, _) = as_(&w, Who::Admin, "POST", &approve, Body::Form("")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    own_pay_is_hidden(&w, &rob, "rob").await;

    let (status, page) = as_(&w, Who::PayAdmin, "POST", &approve, Body::Form("")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    own_pay_is_shown(&w, &rob, "rob").await;
    let approvals: Vec<_> = org(&w)
        .audit(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::OwnPayApproved)
        .collect();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].subject, format!("account/{}", account.id));
    assert_eq!(
        approvals[0].actor,
        format!("account/{}", w.accounts[&Who::PayAdmin])
    );

    // An invitation by a pay administrator carries the approval.
    let (status, _) =
        invite_and_accept(&w, Who::PayAdmin, "email=ria%40acme.test&role=member").await;
    assert_eq!(status, StatusCode::OK);
    let ria = sign_in(&w, "ria@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    own_pay_is_shown(&w, &ria, "ria").await;
}

/// (c) An admin without pay cannot reset a pay administrator's password (and sign in as
/// them); resetting an account linked to a person holds that account's own pay.
#[tokio::test]
async fn only_a_pay_holder_resets_an_account_that_sees_pay() {
    let (w, _dir) = world().await;
    // The password forms post to the accounts page, naming the account.
    let reset = "/admin/accounts";
    let fields = |id: AccountId| {
        form(format!(
            "form=reset&account={id}&password={p}&confirm={p}",
            p = NEW_PASSWORD.replace(' ', "+")
        ))
    };
    let pat = w.accounts[&Who::PayAdmin];
    let (status, _) = as_(&w, Who::Admin, "POST", reset, fields(pat)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = sign_in(&w, "pat@acme.test", NEW_PASSWORD)
        .await
        .err()
        .unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = as_(&w, Who::PayAdmin, "GET", "/api/v1/me", Body::None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the pay administrator is still signed in"
    );
    let (_, accounts) = as_(&w, Who::Admin, "GET", "/admin/accounts", Body::None).await;
    assert!(!accounts.contains(&format!("name=\"account\" value=\"{pat}\"")));

    // A member's password reset by the admin without pay: the admin could sign in as mo,
    // so mo's own pay is held.
    let mo = w.accounts[&Who::Member];
    let (status, page) = as_(&w, Who::Admin, "POST", reset, fields(mo)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("until a pay administrator approves"),
        "{page}"
    );
    let as_mo = sign_in(&w, "mo@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    own_pay_is_hidden(&w, &as_mo, "mo").await;

    // A pay administrator's reset holds nothing.
    let ann = w.accounts[&Who::Analyst];
    let (status, _) = as_(&w, Who::PayAdmin, "POST", reset, fields(ann)).await;
    assert_eq!(status, StatusCode::OK);
    let as_ann = sign_in(&w, "ann@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    own_pay_is_shown(&w, &as_ann, "ann").await;
}

// --- sessions and tokens end --------------------------------------------------------

/// An API token of `account`, working.
async fn token_of(
    w: &World<SqliteStore>,
    account: AccountId,
    name: &str,
) -> (String, pendulum_domain::ApiTokenId) {
    let secret = pendulum_web::auth::new_token().unwrap();
    let token = org(w)
        .create_api_token(account, &TokenHash::of(&secret), name)
        .await
        .unwrap();
    assert_eq!(bearer(w, &secret).await, StatusCode::OK);
    (secret, token.id)
}

async fn bearer(w: &World<SqliteStore>, secret: &str) -> StatusCode {
    no_redirects()
        .build()
        .unwrap()
        .get(format!("http://{}/api/v1/me", w.addr))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap()
        .status()
}

/// (The form's older address, `/admin/accounts/{id}/password`, still answers for scripts.)
#[tokio::test]
async fn a_password_reset_revokes_the_accounts_api_tokens() {
    let (w, _dir) = world().await;
    let mo = w.accounts[&Who::Member];
    let (secret, id) = token_of(&w, mo, "laptop").await;
    let (theirs, _) = token_of(&w, w.accounts[&Who::Analyst], "other").await;
    let (status, _) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        &format!("/admin/accounts/{mo}/password"),
        form(format!(
            "password={p}&confirm={p}",
            p = NEW_PASSWORD.replace(' ', "+")
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bearer(&w, &secret).await, StatusCode::UNAUTHORIZED);
    assert_eq!(bearer(&w, &theirs).await, StatusCode::OK);
    let audit = org(&w).audit(1000).await.unwrap();
    assert!(audit.iter().any(
        |e| e.action == AuditAction::ApiTokenRevoked && e.subject == format!("api-token/{id}")
    ));
}

/// Disabling ends the sessions and tokens; the account cannot sign in (the same answer as
/// a wrong password) until it is enabled, and then only with a new sign-in.
#[tokio::test]
async fn a_disabled_account_cannot_sign_in_or_use_its_tokens() {
    let (w, _dir) = world().await;
    let mo = w.accounts[&Who::Member];
    let hash = pendulum_web::auth::hash_password(NEW_PASSWORD).unwrap();
    org(&w).set_password(mo, &hash, false).await.unwrap();
    let session = sign_in(&w, "mo@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    let (secret, _) = token_of(&w, mo, "laptop").await;

    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/admin/accounts/{mo}/disable"),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("is disabled"), "{page}");
    assert_eq!(bearer(&w, &secret).await, StatusCode::UNAUTHORIZED);
    let (status, _) = session.call(&w, "GET", "/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, page) = sign_in(&w, "mo@acme.test", NEW_PASSWORD)
        .await
        .err()
        .unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("do not match"), "{page}");
    let (_, accounts) = as_(&w, Who::Admin, "GET", "/admin/accounts", Body::None).await;
    assert!(accounts.contains("disabled"), "{accounts}");

    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/admin/accounts/{mo}/enable"),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        bearer(&w, &secret).await,
        StatusCode::UNAUTHORIZED,
        "tokens stay revoked"
    );
    let (status, _) = session.call(&w, "GET", "/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "sessions stay ended");
    let again = sign_in(&w, "mo@acme.test", NEW_PASSWORD)
        .await
        .ok()
        .unwrap();
    let (status, _) = again.call(&w, "GET", "/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);

    let actions: Vec<AuditAction> = org(&w)
        .audit(1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&AuditAction::AccountDisabled));
    assert!(actions.contains(&AuditAction::AccountEnabled));
}

/// An admin cannot disable their own account (no lock-out by a slip); others cannot
/// disable anyone.
#[tokio::test]
async fn an_admin_cannot_disable_their_own_account() {
    let (w, _dir) = world().await;
    let ada = w.accounts[&Who::Admin];
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/admin/accounts/{ada}/disable"),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("your own account"), "{page}");
    assert!(!org(&w).account(ada).await.unwrap().is_disabled());
    let (status, _) = as_(&w, Who::Admin, "GET", "/api/v1/me", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = as_(
        &w,
        Who::Manager,
        "POST",
        &format!("/admin/accounts/{ada}/disable"),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Admins see any account's tokens on its page and revoke them; another organisation's
/// token is not found.
#[tokio::test]
async fn admins_list_and_revoke_any_accounts_tokens() {
    let (w, _dir) = world().await;
    let mo = w.accounts[&Who::Member];
    let (secret, id) = token_of(&w, mo, "mo's laptop").await;
    let (_, page) = as_(
        &w,
        Who::Admin,
        "GET",
        &format!("/admin/accounts/{mo}"),
        Body::None,
    )
    .await;
    assert!(
        page.contains("mo&#39;s laptop")
            || page.contains("mo&#x27;s laptop")
            || page.contains("mo's laptop"),
        "{page}"
    );
    let revoke = format!("/admin/accounts/{mo}/tokens/{id}/revoke");
    assert!(page.contains(&format!("action=\"{revoke}\"")), "{page}");
    let (status, _) = as_(&w, Who::Manager, "POST", &revoke, Body::Form("")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(bearer(&w, &secret).await, StatusCode::OK);
    let (status, page) = as_(&w, Who::Admin, "POST", &revoke, Body::Form("")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(bearer(&w, &secret).await, StatusCode::UNAUTHORIZED);
    let (status, _) = as_(&w, Who::Admin, "POST", &revoke, Body::Form("")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "revoked already");
    let email = Email::new("mo@acme.test").unwrap();
    assert!(org(&w).account_by_email(&email).await.unwrap().is_some());
}

/// The same over the JSON API: an admin lists an account's tokens and revokes one (204);
/// others get 403, and an unknown account 404.
#[tokio::test]
async fn the_api_lists_and_revokes_an_accounts_tokens() {
    let (w, _dir) = world().await;
    let mo = w.accounts[&Who::Member];
    let (secret, id) = token_of(&w, mo, "sync").await;
    let list = format!("/api/v1/accounts/{mo}/tokens");
    let (status, body) = as_(&w, Who::Admin, "GET", &list, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let tokens = json["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 1, "{body}");
    assert_eq!(tokens[0]["id"], id.to_string());
    assert_eq!(tokens[0]["name"], "sync");
    assert!(!body.contains(&secret));
    let (status, _) = as_(&w, Who::Manager, "GET", &list, Body::None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let unknown = format!("/api/v1/accounts/{}/tokens", AccountId::new());
    let (status, _) = as_(&w, Who::Admin, "GET", &unknown, Body::None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let revoke = format!("/api/v1/accounts/{mo}/tokens/{id}/revoke");
    let (status, _) = as_(&w, Who::Analyst, "POST", &revoke, Body::None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(bearer(&w, &secret).await, StatusCode::OK);
    let (status, body) = as_(&w, Who::Admin, "POST", &revoke, Body::None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(bearer(&w, &secret).await, StatusCode::UNAUTHORIZED);
    let (status, _) = as_(&w, Who::Admin, "POST", &revoke, Body::None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "revoked already");
    let (_, body) = as_(&w, Who::Admin, "GET", &list, Body::None).await;
    assert!(body.contains("\"tokens\":[]"), "{body}");
}

// --- the accounts page's forms refuse by the one pattern, at the page's address ---------

/// The invitation and password forms post to the accounts page itself: a refusal answers
/// 422 with that page, the refused form's summary at its top, the faulty field marked with
/// its message beside it and the values kept (never a password); nothing is written.
#[tokio::test]
async fn the_accounts_page_refuses_its_forms_on_itself() {
    let (w, _dir) = world().await;
    let (_, page) = as_(&w, Who::PayAdmin, "GET", "/admin/accounts", Body::None).await;
    let accounts = org(&w).list_accounts().await.unwrap().len();
    assert_eq!(
        page.matches("action=\"/admin/accounts\"").count(),
        1 + accounts,
        "the invitation, and a password form for each account: {page}"
    );
    assert!(!page.contains("action=\"/admin/invitations\""));
    assert!(!page.contains("/password\""));

    // An invitation to an address that is no email.
    let invitations = org(&w).invitations().await.unwrap().len();
    let (status, page) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        "/admin/accounts",
        form("form=invite&email=not-an-email&role=analyst&pay=on".to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"invite-errors\""), "{page}");
    assert!(page.contains("<li><a href=\"#invite-email\">"), "{page}");
    assert!(
        page.contains(
            "value=\"not-an-email\" aria-invalid=\"true\" aria-describedby=\"invite-email-error\">"
        ),
        "{page}"
    );
    assert!(page.contains("<option value=\"analyst\" selected>"));
    assert!(page.contains("name=\"pay\" type=\"checkbox\" value=\"on\" checked>"));
    assert_eq!(org(&w).invitations().await.unwrap().len(), invitations);

    // An unknown role, marked at the role.
    let (status, page) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        "/admin/accounts",
        form("form=invite&email=new%40acme.test&role=boss".to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("<li><a href=\"#invite-role\">"), "{page}");
    assert!(page.contains("value=\"new@acme.test\""));

    // Two different passwords: the account's form is open, with its summary and the
    // confirmation marked; the password is not sent back.
    let mo = w.accounts[&Who::Member];
    let (status, page) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        "/admin/accounts",
        form(format!(
            "form=reset&account={mo}&password=a+long+enough+password&confirm=another+long+password"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let errors = format!("reset-{mo}-errors");
    assert!(page.contains(&format!("id=\"{errors}\"")), "{page}");
    assert!(page.contains(&format!(
        "<li><a href=\"#reset-{mo}-confirm\">The two passwords differ.</a></li>"
    )));
    assert!(page.contains(&format!("aria-describedby=\"reset-{mo}-confirm-error\"")));
    assert_eq!(page.matches("<details open>").count(), 1);
    assert!(!page.contains("a long enough password"));
    assert!(
        sign_in(&w, "mo@acme.test", "a long enough password")
            .await
            .is_err()
    );

    // A form the page does not have, and an account of no one: refused.
    let (status, _) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        "/admin/accounts",
        form("form=nothing".to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = as_(
        &w,
        Who::PayAdmin,
        "POST",
        "/admin/accounts",
        form(format!(
            "form=reset&account={}&password=a+long+enough+password&confirm=a+long+enough+password",
            AccountId::new()
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nobody but an admin posts there.
    let (status, _) = as_(
        &w,
        Who::Manager,
        "POST",
        "/admin/accounts",
        form("form=invite&email=new%40acme.test&role=member".to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
