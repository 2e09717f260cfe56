//! Private notes and account resets, over real HTTP on the matrix's organisation: a
//! person's first note comes with a recovery code shown once; an administrator's reset of
//! their password locks their journal and reflections (pages 423 with the unlock form, the
//! API 423 `private_notes_locked`, nothing of the notes shown) until the code is entered;
//! wrong codes are refused and throttled; the audit log holds the reset, the lock and the
//! unlock; a new code replaces the old one; locked notes may be deleted; what was shared
//! with a manager stays readable by them.

use pendulum_domain::{AccountId, Email, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::{Role, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{
    Body, Viewer, Who, World, call, journal_canary, reflection_canary, send, shared_canary,
    sqlite_world as world,
};

const FIRST_PASSWORD: &str = "the person's own password";
const NEW_PASSWORD: &str = "a password an admin chose";
const LOCKED_MESSAGE: &str = "Your journal and reflections are locked because your password was \
                              reset by an administrator. Enter the recovery code you saved to \
                              unlock them.";

fn org(w: &World<SqliteStore>) -> <SqliteStore as Store>::Org {
    w.store.org(w.org_a)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn form(s: String) -> Body {
    Body::Form(leak(s))
}

fn json_body(s: String) -> Body {
    Body::Json(leak(s))
}

/// A new person of the organisation with an account (password [`FIRST_PASSWORD`]) and
/// no notes yet.
async fn newcomer(w: &World<SqliteStore>, name: &str) -> (PersonId, AccountId) {
    let org = org(w);
    let address = format!("{name}@acme.test");
    let person = org
        .create_person(name, &Email::new(&address).unwrap(), None)
        .await
        .unwrap();
    org.append_event(
        person.id,
        pendulum_store::NewRoleEvent::new(
            pendulum_domain::EventKind::Hire,
            time::macros::date!(2021 - 03 - 01),
            1,
        )
        .level(pendulum_framework::ids::LevelId::new("ic-3").unwrap()),
    )
    .await
    .unwrap();
    let hash = pendulum_web::auth::hash_password(FIRST_PASSWORD).unwrap();
    let account = org
        .create_account(&Email::new(&address).unwrap(), &hash, Role::Member, false)
        .await
        .unwrap();
    (person.id, account.id)
}

/// Signs in through the sign-in form; `None` when refused.
async fn sign_in(w: &World<SqliteStore>, email: &str, password: &str) -> Option<Viewer> {
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = anonymous
        .get(format!("http://{}/login", w.addr))
        .send()
        .await
        .unwrap();
    let pair = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("pendulum_login_csrf="))?
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = pair.split_once('=').unwrap().1.to_string();
    let res = anonymous
        .post(format!("http://{}/login", w.addr))
        .header("cookie", &pair)
        .form(&[("email", email), ("password", password), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    if res.status() != StatusCode::SEE_OTHER {
        return None;
    }
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("pendulum_session="))?
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, session.parse().unwrap());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    let page = client
        .get(format!("http://{}/account", w.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = page.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let csrf = page[at..at + page[at..].find('"')?].to_string();
    Some(Viewer { client, csrf })
}

async fn as_viewer(
    w: &World<SqliteStore>,
    v: &Viewer,
    method: &str,
    path: &str,
    body: Body,
) -> (StatusCode, String) {
    call(&v.client, Some(&v.csrf), w.addr, method, path, body).await
}

/// The recovery code a page shows, if it shows one.
fn shown_code(page: &str) -> Option<String> {
    let at = page.find("id=\"recovery-code-value\"")?;
    let rest = &page[at..];
    let start = rest.find("value=\"")? + "value=\"".len();
    let code = &rest[start..start + rest[start..].find('"')?];
    Some(code.to_string())
}

/// An admin of the matrix resets `account`'s password through the accounts page's form.
async fn admin_resets(w: &World<SqliteStore>, account: AccountId, password: &str) -> String {
    let p = password.replace(' ', "+");
    let (status, page) = send(
        w,
        Who::Admin,
        "POST",
        "/admin/accounts",
        form(format!(
            "form=reset&account={account}&password={p}&confirm={p}"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("has a new password"), "{page}");
    page
}

/// The actions of the audit log about person `person` or account `account`, oldest first,
/// as the admin's API answers them.
async fn audit_actions(
    w: &World<SqliteStore>,
    person: PersonId,
    account: AccountId,
) -> Vec<String> {
    let (status, body) = send(w, Who::Admin, "GET", "/api/v1/audit?limit=200", Body::None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let entries = v["entries"]
        .as_array()
        .or(v.as_array())
        .expect("audit entries");
    let mut actions: Vec<String> = entries
        .iter()
        .filter(|e| {
            e["subject"] == format!("person/{person}")
                || e["subject"] == format!("account/{account}")
                || e["person"] == person.to_string()
        })
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    actions.reverse();
    actions
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The whole story: a first note and its code shown once, a reset by an admin that locks
/// the notes (pages, downloads, the API, writes), wrong codes refused, the right one
/// unlocking, the audit log, and a new code replacing the old one.
#[tokio::test]
async fn a_reset_locks_the_notes_until_the_person_enters_their_code() {
    let (w, _dir) = world().await;
    let (nia, nia_account) = newcomer(&w, "nia").await;
    let first = sign_in(&w, "nia@acme.test", FIRST_PASSWORD).await.unwrap();

    // No notes yet: no code.
    let (status, page) = as_viewer(&w, &first, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown_code(&page), None);
    // The first entry, then its page shows the code, once.
    let (status, _) = as_viewer(
        &w,
        &first,
        "POST",
        "/journal",
        Body::Form("date=2026-02-02&kinds=building&energy=1&note=NIACANARY+a+private+thought"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = as_viewer(&w, &first, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    let code = shown_code(&page).expect("the first note's page shows the code");
    assert_eq!(code.len(), 23, "{code}");
    assert!(page.contains("it is shown this once"), "{page}");
    assert!(page.contains("NIACANARY"), "{page}");
    let (_, page) = as_viewer(&w, &first, "GET", "/journal", Body::None).await;
    assert_eq!(shown_code(&page), None, "shown once, not on reload");
    let (_, page) = as_viewer(&w, &first, "GET", "/reflections", Body::None).await;
    assert_eq!(shown_code(&page), None, "nor on the reflections' page");
    let (_, page) = as_viewer(&w, &first, "GET", "/private-notes", Body::None).await;
    assert_eq!(shown_code(&page), None);
    assert!(
        page.contains("Your current recovery code was made on"),
        "{page}"
    );

    // An admin resets the password: the old session ends, the notes lock.
    let notice = admin_resets(&w, nia_account, NEW_PASSWORD).await;
    assert!(notice.contains("those stay locked until they enter their recovery code"));
    let (status, _) = as_viewer(&w, &first, "GET", "/api/v1/me", Body::None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(sign_in(&w, "nia@acme.test", FIRST_PASSWORD).await.is_none());
    let taken = sign_in(&w, "nia@acme.test", NEW_PASSWORD).await.unwrap();

    for path in [
        "/journal",
        "/journal/journal.csv",
        "/journal/journal.json",
        "/reflections",
        "/reflections/new",
    ] {
        let (status, page) = as_viewer(&w, &taken, "GET", path, Body::None).await;
        assert_eq!(status, StatusCode::LOCKED, "{path}: {page}");
        assert!(page.contains(LOCKED_MESSAGE), "{path}: {page}");
        assert!(page.contains("id=\"unlock-code\""), "{path}: {page}");
        assert!(!page.contains("NIACANARY"), "{path}: {page}");
        assert_eq!(shown_code(&page), None, "{path}");
    }
    let entry = org(&w)
        .journal_entries(nia, None, None, 10)
        .await
        .unwrap()
        .remove(0);
    for path in [
        format!("/journal/{}/edit", entry.id),
        format!("/journal/{}/delete", entry.id),
    ] {
        let (status, page) = as_viewer(&w, &taken, "GET", &path, Body::None).await;
        assert_eq!(status, StatusCode::LOCKED, "{path}");
        assert!(!page.contains("NIACANARY"), "{path}: {page}");
    }
    for path in [
        "/api/v1/me/journal".to_string(),
        "/api/v1/me/journal/insights".to_string(),
        format!("/api/v1/me/journal/{}", entry.id),
        "/api/v1/me/reflections".to_string(),
    ] {
        let (status, body) = as_viewer(&w, &taken, "GET", &path, Body::None).await;
        assert_eq!(status, StatusCode::LOCKED, "{path}: {body}");
        let v = json(&body);
        assert_eq!(v["error"]["code"], "private_notes_locked", "{path}");
        assert_eq!(v["error"]["message"], LOCKED_MESSAGE, "{path}");
        assert!(!body.contains("NIACANARY"), "{path}: {body}");
    }
    // Writes are refused too, and nothing is written.
    let (status, _) = as_viewer(
        &w,
        &taken,
        "POST",
        "/api/v1/me/journal",
        Body::Json(r#"{"date":"2026-02-03","kinds":["building"],"energy":1,"note":"not mine"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::LOCKED);
    let (status, _) = as_viewer(
        &w,
        &taken,
        "POST",
        &format!("/journal/{}/delete", entry.id),
        Body::Form(""),
    )
    .await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(
        org(&w).journal_entries(nia, None, None, 10).await.unwrap(),
        vec![entry.clone()]
    );
    // No new code can be chosen by whoever holds the account now.
    let (status, body) = as_viewer(
        &w,
        &taken,
        "POST",
        "/api/v1/me/private-notes/recovery-code",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::LOCKED, "{body}");
    // The home page says so, and where to unlock.
    let (status, home) = as_viewer(&w, &taken, "GET", "/", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("id=\"home-notes-locked\""), "{home}");
    assert!(home.contains("href=\"/private-notes\""), "{home}");
    let (status, body) = as_viewer(&w, &taken, "GET", "/api/v1/me/private-notes", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    let v = json(&body);
    assert_eq!(v["locked"], true);
    assert_eq!(v["cause"], "password-reset");
    assert_eq!(v["recovery_code"], true);
    assert_eq!(v["holds_notes"], false, "nothing of the notes is told");

    // A wrong code is refused, at its field, keeping nothing typed.
    let (status, page) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=unlock&next=%2Fjournal&code=ABCDE-FGHJK-MNPQR-STVWX"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"unlock-errors\""), "{page}");
    assert!(
        page.contains("That code does not unlock your notes"),
        "{page}"
    );
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    assert!(
        !page.contains("ABCDE-FGHJK"),
        "a typed code is not sent back"
    );
    assert!(!page.contains("NIACANARY"), "{page}");
    let (status, page) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=unlock&code=too+short"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("A recovery code has 20 letters and digits"),
        "{page}"
    );
    let (status, body) = as_viewer(
        &w,
        &taken,
        "POST",
        "/api/v1/me/private-notes/unlock",
        Body::Json(r#"{"recovery_code":"ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(json(&body)["error"]["code"], "invalid_recovery_code");
    assert!(org(&w).notes_lock(nia).await.unwrap().is_locked());

    // The right code, typed loosely, unlocks, and leads back to the journal.
    let loose = code.to_lowercase().replace('-', " ");
    let (status, _) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        form(format!(
            "form=unlock&next=%2Fjournal&code={}",
            loose.replace(' ', "+")
        )),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = as_viewer(&w, &taken, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("NIACANARY"), "{page}");
    assert_eq!(shown_code(&page), None, "the code stays the same");

    // The audit log: the reset, the lock and the unlock, in that order.
    let actions = audit_actions(&w, nia, nia_account).await;
    let find = |action: &str| {
        actions
            .iter()
            .position(|a| a == action)
            .unwrap_or_else(|| panic!("no {action} in {actions:?}"))
    };
    assert!(find("account.password-reset") < find("private-notes.locked"));
    assert!(find("private-notes.locked") < find("private-notes.unlocked"));

    // A new code replaces the old one: after the next reset only the new one unlocks.
    let (status, page) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=new-code"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let new_code = shown_code(&page).expect("the new code is shown");
    assert_ne!(new_code, code);
    assert!(
        page.contains("Your previous code no longer unlocks anything"),
        "{page}"
    );
    let (_, page) = as_viewer(&w, &taken, "GET", "/private-notes", Body::None).await;
    assert_eq!(shown_code(&page), None, "shown once");
    assert!(
        audit_actions(&w, nia, nia_account)
            .await
            .contains(&"private-notes.recovery-code-replaced".to_string())
    );
    admin_resets(&w, nia_account, FIRST_PASSWORD).await;
    let again = sign_in(&w, "nia@acme.test", FIRST_PASSWORD).await.unwrap();
    let (status, body) = as_viewer(
        &w,
        &again,
        "POST",
        "/api/v1/me/private-notes/unlock",
        json_body(format!(r#"{{"recovery_code":"{code}"}}"#)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old code: {body}"
    );
    let (status, body) = as_viewer(
        &w,
        &again,
        "POST",
        "/api/v1/me/private-notes/unlock",
        json_body(format!(r#"{{"recovery_code":"{new_code}"}}"#)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body)["locked"], false);
    let (status, _) = as_viewer(&w, &again, "GET", "/api/v1/me/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
}

/// Wrong codes are counted per account: after five, even the right one is refused (429)
/// without being checked, on the page and over the API.
#[tokio::test]
async fn wrong_codes_are_throttled() {
    let (w, _dir) = world().await;
    let (omar, omar_account) = newcomer(&w, "omar").await;
    let own = sign_in(&w, "omar@acme.test", FIRST_PASSWORD).await.unwrap();
    as_viewer(
        &w,
        &own,
        "POST",
        "/journal",
        Body::Form("date=2026-02-02&kinds=building&energy=1&note=OMARCANARY"),
    )
    .await;
    let (_, page) = as_viewer(&w, &own, "GET", "/journal", Body::None).await;
    let code = shown_code(&page).unwrap();
    admin_resets(&w, omar_account, NEW_PASSWORD).await;
    let taken = sign_in(&w, "omar@acme.test", NEW_PASSWORD).await.unwrap();
    for n in 0..pendulum_web::throttle::MAX_UNLOCK_FAILURES {
        let (status, _) = as_viewer(
            &w,
            &taken,
            "POST",
            "/api/v1/me/private-notes/unlock",
            json_body(format!(
                r#"{{"recovery_code":"0000{n}-00000-00000-00000"}}"#
            )),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "try {n}");
    }
    let (status, page) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        form(format!("form=unlock&code={code}")),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(page.contains("Too many wrong codes"), "{page}");
    assert!(page.contains("id=\"unlock-errors\""), "{page}");
    let res = taken
        .client
        .post(format!("http://{}/api/v1/me/private-notes/unlock", w.addr))
        .header("x-csrf-token", &taken.csrf)
        .header("content-type", "application/json")
        .body(format!(r#"{{"recovery_code":"{code}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["retry-after"], "900");
    assert_eq!(
        json(&res.text().await.unwrap())["error"]["code"],
        "too_many_requests"
    );
    assert!(org(&w).notes_lock(omar).await.unwrap().is_locked());
}

/// Someone who wrote notes before recovery codes existed is shown one the next time they
/// open their notes; a first reflection's page shows one too; an admin's reset of their
/// own password locks nothing.
#[tokio::test]
async fn codes_come_with_the_first_note_and_to_those_who_had_notes_before() {
    let (w, _dir) = world().await;
    // The matrix's people wrote notes with no code: the next page shows one, once.
    let (status, page) = send(&w, Who::Member, "GET", "/reflections", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown_code(&page).is_some(), "{page}");
    let (_, page) = send(&w, Who::Member, "GET", "/journal", Body::None).await;
    assert_eq!(shown_code(&page), None);
    assert!(page.contains(&journal_canary("mo")), "{page}");

    // A first reflection, written on its page: its summary shows the code, once.
    newcomer(&w, "pia").await;
    let pia = sign_in(&w, "pia@acme.test", FIRST_PASSWORD).await.unwrap();
    let res = pia
        .client
        .post(format!("http://{}/reflections/new", w.addr))
        .header("x-csrf-token", &pia.csrf)
        .form(&[
            ("direction", "to-management"),
            ("answer_what-draws-you", "PIACANARY"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let summary = res.headers()["location"].to_str().unwrap().to_string();
    let (status, page) = as_viewer(&w, &pia, "GET", &summary, Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("PIACANARY"), "{page}");
    assert!(shown_code(&page).is_some(), "{page}");
    let (_, page) = as_viewer(&w, &pia, "GET", &summary, Body::None).await;
    assert_eq!(shown_code(&page), None);

    // An admin resetting their own password hands nothing over.
    let ada = w.accounts[&Who::Admin];
    admin_resets(&w, ada, NEW_PASSWORD).await;
    let admin = sign_in(&w, "ada@acme.test", NEW_PASSWORD).await.unwrap();
    let (status, page) = as_viewer(&w, &admin, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&journal_canary("ada")), "{page}");
}

/// An account made for someone who keeps notes locks them. While they are locked, what
/// they shared with their manager stays readable by the manager; and they may delete their
/// locked notes (every one, the shared ones too) and start again.
#[tokio::test]
async fn shared_reflections_stay_shared_and_locked_notes_may_be_deleted() {
    let (w, _dir) = world().await;
    let rob = w.people["rob"];
    let mia = w.people["mia"];
    // Rob wrote notes, and shared a reflection with mia, but has no account: one made for
    // him by someone else (who chose its password) locks them.
    let rob_account = org(&w)
        .create_account(
            &Email::new("rob@acme.test").unwrap(),
            &pendulum_web::auth::hash_password(NEW_PASSWORD).unwrap(),
            Role::Member,
            false,
        )
        .await
        .unwrap()
        .id;
    let shared = org(&w).reflections_shared_with(rob, mia).await.unwrap();
    assert_eq!(shared.len(), 1);
    let shared_page = format!("/people/{rob}/reflections/{}", shared[0].id);
    let (status, page) = send(&w, Who::Manager, "GET", &shared_page, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(&shared_canary("rob")), "{page}");

    let taken = sign_in(&w, "rob@acme.test", NEW_PASSWORD).await.unwrap();
    let (status, page) = as_viewer(&w, &taken, "GET", "/reflections", Body::None).await;
    assert_eq!(status, StatusCode::LOCKED);
    assert!(
        page.contains("this account was created for you by someone else"),
        "{page}"
    );
    assert!(!page.contains(&shared_canary("rob")), "{page}");
    assert!(!page.contains(&reflection_canary("rob")), "{page}");

    // Deleting asks for the box to be ticked.
    let (status, page) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=delete"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"delete-notes-errors\""), "{page}");
    assert!(page.contains("href=\"#delete-notes-confirm\""), "{page}");
    assert!(org(&w).notes_lock(rob).await.unwrap().holds_notes);
    let (status, _) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=delete&confirm=yes"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) =
        as_viewer(&w, &taken, "GET", "/private-notes?done=deleted", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your locked notes are deleted"), "{page}");
    let (status, page) = as_viewer(&w, &taken, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&journal_canary("rob")), "{page}");
    let (status, _) = send(&w, Who::Manager, "GET", &shared_page, Body::None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted with the rest");
    let actions = audit_actions(&w, rob, rob_account).await;
    for action in [
        "private-notes.locked",
        "private-notes.deleted",
        "private-notes.unlocked",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    // Nothing to delete or unlock now.
    let (status, _) = as_viewer(
        &w,
        &taken,
        "POST",
        "/private-notes",
        Body::Form("form=delete&confirm=yes"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
