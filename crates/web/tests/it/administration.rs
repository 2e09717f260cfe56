//! People administration over real HTTP, on the matrix's organisation: an admin adds a
//! person (refused at the faulty fields first), changes an account's role and disables it
//! from the account's page, filters the audit log by a person's name or an account's email
//! with suggestions, and gets an absolute invitation link.

use pendulum_domain::EventKind;
use pendulum_store::prelude::*;
use pendulum_store::{Role, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;

use crate::matrix::{Body, Who, World, call, sqlite_world as world};

async fn as_(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    body: &str,
) -> (StatusCode, String) {
    let v = &w.viewers[&who];
    let body = if method == "GET" {
        Body::None
    } else {
        Body::Form(Box::leak(body.to_string().into_boxed_str()))
    };
    call(&v.client, Some(&v.csrf), w.addr, method, path, body).await
}

#[tokio::test]
async fn an_admin_adds_a_person_with_a_first_role_after_a_refusal_at_the_faulty_fields() {
    let (w, _dir) = world().await;
    let (status, page) = as_(&w, Who::Admin, "GET", "/people/", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/people/new\""),
        "the directory links the form"
    );
    let (_, member_page) = as_(&w, Who::Member, "GET", "/people/", "").await;
    assert!(!member_page.contains("/people/new"));

    let (status, page) = as_(&w, Who::Admin, "GET", "/people/new", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("action=\"/people/new\""));

    // No name, a bad date, an unknown level and an unknown manager: all named at once,
    // values kept.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        "/people/new",
        "name=&email=new%40acme.test&start=2025-13-01&level=ic-99&manager_email=nobody%40acme.test",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"add-errors\""));
    for field in ["add-name", "add-start", "add-level", "add-manager-email"] {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} is in the summary"
        );
        assert!(page.contains(&format!("aria-describedby=\"{field}-error\"")));
    }
    assert!(!page.contains("href=\"#add-email\""), "the email was right");
    assert!(page.contains("value=\"new@acme.test\""));
    assert!(page.contains("value=\"nobody@acme.test\""));
    let org = w.store.org(w.org_a);
    assert!(
        org.person_by_email(&pendulum_domain::Email::new("new@acme.test").unwrap())
            .await
            .is_err(),
        "nobody was added"
    );

    // Added, reporting to mia, hired at ic-1; the page that answers is theirs.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        "/people/new",
        "name=Noor+New&email=new%40acme.test&start=2025-03-01&level=ic-1&manager_email=mia%40acme.test",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let noor = org
        .person_by_email(&pendulum_domain::Email::new("new@acme.test").unwrap())
        .await
        .unwrap();
    let (status, page) = as_(&w, Who::Admin, "GET", &format!("/people/{}", noor.id), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Noor New"));
    assert_eq!(noor.manager, Some(w.people["mia"]));
    let events = org.events(noor.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Hire);
    assert_eq!(events[0].level.as_ref().map(|l| l.as_str()), Some("ic-1"));

    // The email is taken now: refused at its field.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        "/people/new",
        "name=Noor+Again&email=new%40acme.test&start=2025-03-01&level=ic-1",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("href=\"#add-email\""));
    assert!(page.contains("value=\"Noor Again\""));

    // Nobody else may add people.
    for who in [Who::Member, Who::Manager, Who::Analyst] {
        let (status, _) = as_(&w, who, "GET", "/people/new", "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
    }
}

#[tokio::test]
async fn an_admin_changes_a_role_and_disables_an_account_on_its_page_but_not_their_own() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let analyst = w.accounts[&Who::Analyst];
    let page_of = format!("/admin/accounts/{analyst}");

    let (status, page) = as_(&w, Who::Admin, "POST", &page_of, "form=role&role=manager").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("is now manager"));
    assert_eq!(org.account(analyst).await.unwrap().role, Role::Manager);
    // The analyst's session carries on, with the new role: the proposals page opens.
    let (status, _) = as_(&w, Who::Analyst, "GET", "/proposals", "").await;
    assert_eq!(status, StatusCode::OK);

    // The same role again, or no role at all: refused at the field, the choice kept.
    let (status, page) = as_(&w, Who::Admin, "POST", &page_of, "form=role&role=manager").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"role-errors\""));
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"role-role-error\""));
    let (status, page) = as_(&w, Who::Admin, "POST", &page_of, "form=role&role=boss").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"role-errors\""));

    // One's own role and account: refused, with a clear message.
    let own = format!("/admin/accounts/{}", w.accounts[&Who::Admin]);
    let (status, page) = as_(&w, Who::Admin, "POST", &own, "form=role&role=member").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("your own account"), "{page}");
    assert_eq!(
        org.account(w.accounts[&Who::Admin]).await.unwrap().role,
        Role::Admin
    );
    let (status, page) = as_(&w, Who::Admin, "POST", &own, "form=access&access=disable").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"access-errors\""));

    // Disabled: its session ends at once.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &page_of,
        "form=access&access=disable",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("is disabled"));
    let (status, _) = as_(&w, Who::Analyst, "GET", "/api/v1/people", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        &page_of,
        "form=access&access=enable",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("is enabled"));

    // A member may do none of it.
    let (status, _) = as_(&w, Who::Member, "POST", &page_of, "form=role&role=admin").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(org.account(analyst).await.unwrap().role, Role::Manager);
}

#[tokio::test]
async fn the_audit_log_is_filtered_by_a_name_or_an_email_with_suggestions() {
    let (w, _dir) = world().await;
    let analyst = w.accounts[&Who::Analyst];
    let (status, _) = as_(
        &w,
        Who::Admin,
        "POST",
        &format!("/admin/accounts/{analyst}"),
        "form=role&role=member",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let org = w.store.org(w.org_a);
    let analyst_email = org.account(analyst).await.unwrap().email;

    // Suggestions: people by name, accounts by email, a few at most.
    let (status, options) = as_(&w, Who::Admin, "GET", "/audit/suggestions?person=mi", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        options.contains("<option value=\"mia\" label=\"person, mia@acme.test\">"),
        "{options}"
    );
    let (_, options) = as_(
        &w,
        Who::Admin,
        "GET",
        &format!("/audit/suggestions?person={}", analyst_email.as_str()),
        "",
    )
    .await;
    assert!(
        options.contains(&format!("<option value=\"{}\"", analyst_email.as_str())),
        "{options}"
    );
    assert!(options.matches("<option").count() <= 16);
    let (_, none) = as_(&w, Who::Admin, "GET", "/audit/suggestions?person=", "").await;
    assert_eq!(none.trim(), "");
    // Accounts come from a bounded query: eight at most of many that match, by email.
    for n in 0..12 {
        org.create_account(
            &pendulum_domain::Email::new(format!("many-{n:02}@suggest.test")).unwrap(),
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            Role::Member,
            false,
        )
        .await
        .unwrap();
    }
    let (_, options) = as_(
        &w,
        Who::Admin,
        "GET",
        "/audit/suggestions?person=SUGGEST",
        "",
    )
    .await;
    let accounts: Vec<&str> = options
        .match_indices("<option value=\"many-")
        .map(|(i, _)| {
            &options[i + "<option value=\"".len()..i + "<option value=\"many-00@suggest.test".len()]
        })
        .collect();
    assert_eq!(
        accounts,
        (0..8)
            .map(|n| format!("many-{n:02}@suggest.test"))
            .collect::<Vec<_>>(),
        "{options}"
    );
    // What is longer than any email finds nothing; a control character finds no account.
    let long = "a".repeat(255);
    let (status, none) = as_(
        &w,
        Who::Admin,
        "GET",
        &format!("/audit/suggestions?person={long}"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(none.trim(), "");
    let (status, none) = as_(
        &w,
        Who::Admin,
        "GET",
        "/audit/suggestions?person=ma%07ny",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!none.contains("@suggest.test"), "{none}");
    let (status, _) = as_(&w, Who::Member, "GET", "/audit/suggestions?person=mi", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // By an account's email: what was done to it.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "GET",
        &format!("/audit?person={}", analyst_email.as_str()),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!(
        "Entries by or about the account {}",
        analyst_email.as_str()
    )));
    assert!(page.contains("<code>account.role-changed</code>"), "{page}");
    assert!(!page.contains("<code>person.created</code>"));

    // By a person's name, and by their id, as before.
    let (_, by_name) = as_(&w, Who::Admin, "GET", "/audit?person=MIA", "").await;
    assert!(by_name.contains("Entries by or about mia"), "{by_name}");
    assert!(by_name.contains("<code>person.created</code>"));
    assert!(!by_name.contains("<code>account.role-changed</code>"));
    let (_, by_id) = as_(
        &w,
        Who::Admin,
        "GET",
        &format!("/audit?person={}", w.people["mia"]),
        "",
    )
    .await;
    assert!(by_id.contains("Entries by or about mia"));

    // Nobody by that name: said at the field, no rows.
    let (status, page) = as_(&w, Who::Admin, "GET", "/audit?person=Nobody+Here", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"audit-person-error\""));
    assert!(page.contains("No one is called Nobody Here"));
    assert!(!page.contains("<table class=\"audit"));
}

#[tokio::test]
async fn an_invitation_link_is_absolute_with_a_copy_button() {
    let (w, _dir) = world().await;
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        "/admin/invitations",
        "email=newcomer%40acme.test&role=member",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let start = page
        .find("id=\"invitation-link\"")
        .expect("the link is shown");
    let expected = format!("value=\"http://{}/invitations/", w.addr);
    assert!(
        page[start..].contains(&expected),
        "the link is absolute, under the request's host: {}",
        &page[start..start + 200]
    );
    assert!(page.contains("data-copy=\"invitation-link\""));

    // A refused invitation: the summary at the form's top, the email marked and kept.
    let (status, page) = as_(
        &w,
        Who::Admin,
        "POST",
        "/admin/invitations",
        "email=not-an-email&role=member",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"invite-errors\""));
    assert!(page.contains("aria-describedby=\"invite-email-error\""));
    assert!(page.contains("value=\"not-an-email\""));
}

/// The API changes an account's role like the account's page: admins only, audited, never
/// one's own account, never to the role it has or to a role that does not exist.
#[tokio::test]
async fn the_api_changes_an_accounts_role() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let json = |who: Who, path: String, body: &'static str| {
        let v = &w.viewers[&who];
        call(
            &v.client,
            Some(&v.csrf),
            w.addr,
            "POST",
            Box::leak(path.into_boxed_str()),
            Body::Json(body),
        )
    };
    let analyst = w.accounts[&Who::Analyst];
    let role_of = |id| format!("/api/v1/accounts/{id}/role");

    let (status, body) = json(Who::Admin, role_of(analyst), r#"{"role":"manager"}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["role"], "manager");
    assert_eq!(answer["email"], "ann@acme.test");
    assert_eq!(org.account(analyst).await.unwrap().role, Role::Manager);
    let audit = org.audit(1000).await.unwrap();
    let changed = audit
        .iter()
        .find(|e| e.action == pendulum_store::AuditAction::AccountRoleChanged)
        .expect("an audit row");
    assert_eq!(
        changed.actor,
        format!("account/{}", w.accounts[&Who::Admin])
    );
    assert_eq!(changed.subject, format!("account/{analyst}"));

    for (who, path, body, status, says) in [
        (
            Who::Admin,
            role_of(analyst),
            r#"{"role":"manager"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "already",
        ),
        (
            Who::Admin,
            role_of(analyst),
            r#"{"role":"boss"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "boss",
        ),
        (
            Who::Admin,
            role_of(w.accounts[&Who::Admin]),
            r#"{"role":"member"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "your own account",
        ),
        (
            Who::Admin,
            role_of(pendulum_domain::AccountId::new()),
            r#"{"role":"member"}"#,
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            Who::Manager,
            role_of(analyst),
            r#"{"role":"admin"}"#,
            StatusCode::FORBIDDEN,
            "",
        ),
    ] {
        let (got, answer) = json(who, path.clone(), body).await;
        assert_eq!(got, status, "{who:?} {path} {body}: {answer}");
        assert!(answer.contains(says), "{answer}");
    }
    assert_eq!(org.account(analyst).await.unwrap().role, Role::Manager);

    // (The organisation's last admin in use could only be demoted by themselves here,
    // which is refused above; the store's own refusal is tested in the conformance suite
    // and through `pendulum user role`.)
}
