//! The application's admin and account pages: hostile text escaped everywhere, every form
//! carrying the session's anti-forgery token, admin-only controls only for admins, secrets
//! shown once, and the audit log's paging keeping its filters.

use pendulum_views::View;
use pendulum_views::admin::{
    AccountRow, AccountSummary, AccountView, AccountsView, AuditFilter, AuditRow, AuditView,
    InvitationRow, InvitationView, InviteForm, ManagedAccount, ManagedAccountView, ProposalContext,
    ProposalRow, ProposalsView, TokenRow,
};
use pendulum_views::forms::FormErrors;
use pendulum_views::framework::Link;

use crate::escaped;
use crate::versions::{HOSTILE, app_links};

const CSRF: &str = "csrf-\"tok\"";

/// Every `<form method="post"` carries the hidden csrf field with the given value, and
/// there is at least one.
fn posts_carry_csrf(html: &str) -> usize {
    let field = format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escaped(CSRF)
    );
    let forms: Vec<&str> = html.split("<form").skip(1).collect();
    let mut posts = 0;
    for form in forms {
        let form = &form[..form.find("</form>").expect("closed form")];
        if form.contains("method=\"post\"") && !form.contains("class=\"signout\"") {
            posts += 1;
            assert!(
                form.contains(&field),
                "a form without the csrf field: {form}"
            );
        }
    }
    posts
}

fn common(view: &impl View) -> String {
    let page = view.render_page();
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    let partial = view.render_partial();
    assert!(!partial.contains("<html"));
    assert!(!partial.contains("<body"));
    assert_eq!(partial.matches("<h1").count(), 1);
    balanced(&page);
    page
}

/// Every container element opened is closed.
pub fn balanced(html: &str) {
    for tag in [
        "form", "table", "section", "details", "div", "ul", "ol", "p", "label", "select", "a",
    ] {
        let open =
            html.matches(&format!("<{tag} ")).count() + html.matches(&format!("<{tag}>")).count();
        assert_eq!(
            open,
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> in {html}"
        );
    }
}

fn audit_rows() -> Vec<AuditRow> {
    vec![
        AuditRow {
            id: "0190-b".into(),
            at: "2026-11-21 08:00".into(),
            actor: format!("acct {HOSTILE}"),
            action: "role_event.appended".into(),
            subject: format!("event {HOSTILE}"),
            person: Some(Link {
                label: format!("Ada {HOSTILE}"),
                href: "/people/p-1".into(),
            }),
        },
        AuditRow {
            id: "0190-a".into(),
            at: "2026-11-20 08:00".into(),
            actor: "cli".into(),
            action: "framework.published".into(),
            subject: "version 2".into(),
            person: None,
        },
    ]
}

#[test]
fn the_audit_log_pages_with_its_filters() {
    let filter = AuditFilter {
        action: "role_event.appended".into(),
        person: "p 1&x".into(),
    };
    let actions = ["framework.published", "role_event.appended", HOSTILE];
    let view = AuditView::new(
        "Org",
        &app_links(),
        audit_rows(),
        &actions,
        filter,
        true,
        true,
    );
    let html = common(&view);
    assert!(html.contains(&escaped(&format!("acct {HOSTILE}"))));
    assert!(html.contains(&escaped(&format!("event {HOSTILE}"))));
    assert!(html.contains(&format!(
        "<a href=\"/people/p-1\">{}</a>",
        escaped(&format!("Ada {HOSTILE}"))
    )));
    assert!(html.contains("<code>framework.published</code>"));
    // Rows in the given order, newest first.
    assert!(html.find("2026-11-21").unwrap() < html.find("2026-11-20").unwrap());
    // Filters kept in the form.
    assert!(html.contains("<option value=\"role_event.appended\" selected>"));
    assert!(html.contains(&format!("<option value=\"{}\">", escaped(HOSTILE))));
    assert!(html.contains("name=\"person\" type=\"text\" maxlength=\"254\" value=\"p 1&#38;x\""));
    // Suggestions as one types, into the field's datalist.
    assert!(html.contains("list=\"audit-person-options\""));
    assert!(html.contains("<datalist id=\"audit-person-options\"></datalist>"));
    assert!(html.contains("hx-get=\"/audit/suggestions\""));
    assert!(html.contains("method=\"get\" action=\"/audit\""));
    // Older entries: before the last id shown, with the filters, encoded.
    let older = escaped("/audit?before=0190-a&action=role_event.appended&person=p%201%26x");
    assert!(
        html.contains(&format!(
            "<a class=\"pager-next\" href=\"{older}\">Older entries</a>"
        )),
        "{html}"
    );
    let newest = escaped("/audit?action=role_event.appended&person=p%201%26x");
    assert!(html.contains(&format!("<a href=\"{newest}\">Newest entries</a>")));

    let last_page = AuditView::new(
        "Org",
        &app_links(),
        audit_rows(),
        &actions,
        AuditFilter::default(),
        false,
        false,
    );
    let html = last_page.render_page();
    assert!(!html.contains("Older entries"));
    assert!(!html.contains("Newest entries"));
    assert!(!html.contains("Clear the filters"));
    assert!(html.contains("<option value=\"\" selected>Every action</option>"));
}

#[test]
fn an_empty_audit_log_says_so() {
    let html = AuditView::new(
        "Org",
        &app_links(),
        Vec::new(),
        &[],
        AuditFilter::default(),
        false,
        false,
    )
    .render_page();
    assert!(html.contains("Nothing has been recorded yet."));
    assert!(!html.contains("<table"));
    let filtered = AuditFilter {
        action: "person.created".into(),
        person: String::new(),
    };
    let html = AuditView::new(
        "Org",
        &app_links(),
        Vec::new(),
        &["person.created"],
        filtered,
        false,
        false,
    )
    .render_page();
    assert!(html.contains("No entry matches these filters."));
    assert!(html.contains("Clear the filters"));
}

fn account() -> AccountSummary {
    AccountSummary {
        email: format!("{HOSTILE}@example.com"),
        role: "manager".into(),
        pay: false,
        own_pay_held: false,
    }
}

fn tokens() -> Vec<TokenRow> {
    vec![TokenRow {
        id: "tok-1".into(),
        name: format!("sync {HOSTILE}"),
        created: "2026-11-01".into(),
    }]
}

#[test]
fn the_account_page_shows_a_new_token_once() {
    let view = AccountView::new("Org", &app_links(), CSRF, account(), &tokens());
    let html = common(&view);
    assert_eq!(posts_carry_csrf(&html), 2);
    assert!(html.contains(&escaped(&format!("{HOSTILE}@example.com"))));
    assert!(html.contains("<dt>Role</dt><dd>manager</dd>"));
    assert!(html.contains("<dt>Sees pay</dt><dd>no</dd>"));
    assert!(html.contains(&escaped(&format!("sync {HOSTILE}"))));
    assert!(html.contains("method=\"post\" action=\"/account/tokens/tok-1/revoke\""));
    assert!(html.contains("method=\"post\" action=\"/account/tokens\""));
    assert!(html.contains("<label for=\"token-name\">"));
    assert!(!html.contains("will not be shown again"));
    assert!(!html.contains("Bearer"));

    let secret = "pdl_s3cr3t<&>";
    let created = AccountView::new("Org", &app_links(), CSRF, account(), &tokens())
        .with_new_token(secret)
        .with_notice("Token created.");
    let html = created.render_page();
    assert!(html.contains("will not be shown again"));
    assert!(html.contains(&format!(
        "<code class=\"secret\">{}</code>",
        escaped(secret)
    )));
    assert!(html.contains(&format!("Authorization: Bearer {}", escaped(secret))));
    assert!(html.contains("role=\"status\">Token created."));

    let refused = AccountView::new("Org", &app_links(), CSRF, account(), &[])
        .with_error(format!("Name taken {HOSTILE}"))
        .with_name(format!("ci {HOSTILE}"));
    let html = common(&refused);
    assert!(html.contains(&format!(
        "role=\"alert\">{}</p>",
        escaped(&format!("Name taken {HOSTILE}"))
    )));
    assert!(html.contains(&format!("value=\"{}\"", escaped(&format!("ci {HOSTILE}")))));
    assert!(html.contains("You have no API tokens."));
    assert!(!html.contains("Bearer"));
    assert!(!html.contains("Your own pay"));

    let held = AccountSummary {
        own_pay_held: true,
        ..account()
    };
    let html = common(&AccountView::new("Org", &app_links(), CSRF, held, &[]));
    assert!(html.contains("<dt>Your own pay</dt><dd>shown once a pay administrator approves"));
}

fn accounts() -> Vec<AccountRow> {
    vec![
        AccountRow {
            id: "a-1".into(),
            email: format!("{HOSTILE}@example.com"),
            role: "admin".into(),
            pay: true,
            disabled: false,
            own_pay_held: false,
            created: "2026-01-01".into(),
        },
        AccountRow {
            id: "a-2".into(),
            email: "grace@example.com".into(),
            role: "member".into(),
            pay: false,
            disabled: false,
            own_pay_held: false,
            created: "2026-02-01".into(),
        },
    ]
}

fn invitations() -> Vec<InvitationRow> {
    vec![InvitationRow {
        email: format!("new{HOSTILE}@example.com"),
        role: "analyst".into(),
        pay: false,
        expires: "2026-11-28".into(),
    }]
}

#[test]
fn the_accounts_page_invites_and_sets_passwords() {
    let view =
        AccountsView::new("Org", &app_links(), CSRF, &accounts(), invitations()).granting_pay(true);
    let html = common(&view);
    // Two password forms and the invitation form.
    assert_eq!(posts_carry_csrf(&html), 3);
    // All three post to the page's own address, the hidden `form` saying which.
    assert_eq!(html.matches("action=\"/admin/accounts\"").count(), 3);
    assert!(html.contains("name=\"account\" value=\"a-1\""));
    assert!(html.contains("name=\"account\" value=\"a-2\""));
    assert_eq!(html.matches("name=\"form\" value=\"reset\"").count(), 2);
    assert_eq!(html.matches("name=\"form\" value=\"invite\"").count(), 1);
    assert_eq!(html.matches("name=\"password\"").count(), 2);
    assert_eq!(html.matches("name=\"confirm\"").count(), 2);
    // Every field has its label.
    for id in [
        "reset-a-1-password",
        "reset-a-1-confirm",
        "reset-a-2-password",
        "reset-a-2-confirm",
        "invite-email",
        "invite-role",
        "invite-pay",
    ] {
        assert!(html.contains(&format!("<label for=\"{id}\"")), "{id}");
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    for role in ["member", "manager", "admin", "analyst"] {
        assert!(
            html.contains(&format!("<option value=\"{role}\"")),
            "{role}"
        );
    }
    assert!(html.contains("<option value=\"member\" selected>"));
    assert!(html.contains(&escaped(&format!("new{HOSTILE}@example.com"))));
    assert!(html.contains("2026-11-28"));
    assert!(!html.contains("<details open"));
    assert!(!html.contains("Send this link"));

    let refused = AccountsView::new("Org", &app_links(), CSRF, &accounts(), Vec::new())
        .granting_pay(true)
        .with_invite(InviteForm {
            email: format!("x{HOSTILE}@example.com"),
            role: "analyst".into(),
            pay: true,
        })
        .with_password_form_open("a-2")
        .with_error("The passwords differ.");
    let html = common(&refused);
    assert!(html.contains(&format!(
        "value=\"{}\"",
        escaped(&format!("x{HOSTILE}@example.com"))
    )));
    assert!(html.contains("<option value=\"analyst\" selected>"));
    assert!(html.contains("name=\"pay\" type=\"checkbox\" value=\"on\" checked>"));
    assert_eq!(html.matches("<details open>").count(), 1);
    let open = html.find("<details open>").unwrap();
    let open_form = &html[open..open + html[open..].find("</details>").unwrap()];
    assert!(open_form.contains("name=\"account\" value=\"a-2\""));
    assert!(!html[open..].contains("name=\"account\" value=\"a-1\""));
    assert!(html.contains("role=\"alert\">The passwords differ."));
    assert!(html.contains("No invitation is waiting to be accepted."));

    let invited = AccountsView::new("Org", &app_links(), CSRF, &accounts(), invitations())
        .with_invitation_link("/invitations/abc<def>")
        .with_notice("Invitation created.");
    let html = invited.render_page();
    assert!(html.contains(
        "<input id=\"invitation-link\" class=\"secret\" type=\"text\" readonly value=\"/invitations/abc&#60;def&#62;\""
    ));
    assert!(html.contains(
        "<button type=\"button\" class=\"copy-button\" data-copy=\"invitation-link\">Copy"
    ));
    assert!(html.contains("<label for=\"invitation-link\">"));
    assert!(html.contains("Send this link to the person"));
    assert!(html.contains("role=\"status\">Invitation created."));
}

/// Without the pay capability the page leaves out what grants pay: the pay checkbox, the
/// password form of an account that sees pay and the approval buttons; it still lists the
/// accounts waiting.
#[test]
fn the_accounts_page_of_an_admin_without_pay_offers_no_pay() {
    let mut rows = accounts();
    rows[1].own_pay_held = true;
    rows[1].disabled = true;
    let view = AccountsView::new("Org", &app_links(), CSRF, &rows, invitations());
    let html = common(&view);
    assert!(!html.contains("invite-pay"));
    assert!(!html.contains("name=\"account\" value=\"a-1\""));
    assert!(html.contains("name=\"account\" value=\"a-2\""));
    assert!(html.contains("Waiting for pay approval"));
    assert!(html.contains("href=\"/admin/accounts/a-2\""));
    assert!(!html.contains("/own-pay/approve"));
    assert!(html.contains("disabled; own pay waits for approval"));

    let html = common(&view_granting(&rows));
    assert!(html.contains("action=\"/admin/accounts/a-2/own-pay/approve\""));
    assert!(html.contains("name=\"account\" value=\"a-1\""));
    assert!(html.contains("invite-pay"));
}

fn view_granting(rows: &[AccountRow]) -> AccountsView {
    AccountsView::new("Org", &app_links(), CSRF, rows, Vec::new()).granting_pay(true)
}

fn managed(disabled: Option<&str>, own_pay_held: bool, own: bool) -> ManagedAccount {
    ManagedAccount {
        id: "a/1".into(),
        email: format!("{HOSTILE}@example.com"),
        role: "member".into(),
        pay: false,
        disabled: disabled.map(Into::into),
        own_pay_held,
        created: "2026-01-01".into(),
        own,
    }
}

#[test]
fn an_account_page_revokes_tokens_and_disables_or_enables() {
    let tokens = [TokenRow {
        id: "t-1".into(),
        name: format!("ci {HOSTILE}"),
        created: "2026-03-01".into(),
    }];
    let view = ManagedAccountView::new(
        "Org",
        &app_links(),
        CSRF,
        managed(None, false, false),
        &tokens,
        false,
    );
    let html = common(&view);
    // Revoking the token, changing the role and disabling.
    assert_eq!(posts_carry_csrf(&html), 3);
    assert!(html.contains("action=\"/admin/accounts/a%2F1/tokens/t-1/revoke\""));
    // The role and access forms post to the page's own address, told apart by `form`.
    assert_eq!(html.matches("action=\"/admin/accounts/a%2F1\"").count(), 2);
    assert!(html.contains("<input type=\"hidden\" name=\"form\" value=\"role\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"access\" value=\"disable\">"));
    assert!(!html.contains("value=\"enable\""));
    assert!(html.contains("<label for=\"role-role\">"));
    assert!(html.contains("<option value=\"member\" selected>"));
    assert!(!html.contains("error-summary"));
    assert!(html.contains(&escaped(&format!("ci {HOSTILE}"))));

    let disabled = ManagedAccountView::new(
        "Org",
        &app_links(),
        CSRF,
        managed(Some("2026-04-01 10:00 UTC"), true, false),
        &[],
        false,
    );
    let html = common(&disabled);
    assert!(html.contains("disabled since 2026-04-01 10:00 UTC"));
    assert!(html.contains("<input type=\"hidden\" name=\"access\" value=\"enable\">"));
    assert!(!html.contains("value=\"disable\""));
    assert!(!html.contains("/own-pay/approve"), "not a pay holder");
    assert!(html.contains("waits for a pay administrator"));

    let approving = ManagedAccountView::new(
        "Org",
        &app_links(),
        CSRF,
        managed(None, true, true),
        &[],
        true,
    )
    .with_notice("Done.");
    let html = common(&approving);
    assert!(html.contains("action=\"/admin/accounts/a%2F1/own-pay/approve\""));
    assert!(
        !html.contains("value=\"disable\"") && !html.contains("name=\"role\""),
        "one's own account is not offered to disable or to change its role"
    );
    assert!(html.contains("role=\"status\">Done."));
}

#[test]
fn accepting_an_invitation_stands_alone() {
    let view = InvitationView {
        organisation: HOSTILE,
        action: "/invitations/tok",
        csrf: CSRF,
        css: "/static/pendulum.css",
        email: &format!("{HOSTILE}@example.com"),
        role: "manager",
        error: Some("The passwords differ <b>."),
        notice: None,
        sign_in: "/login",
    };
    let html = view.render_page();
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>"));
    assert!(!html.contains("site-header"));
    assert_eq!(posts_carry_csrf(&html), 1);
    assert!(html.contains("<h1>Join &#60;script&#62;"));
    assert!(html.contains(&escaped(&format!("{HOSTILE}@example.com"))));
    assert!(html.contains("<strong>manager</strong>"));
    assert!(html.contains("at least 12 characters"));
    assert!(html.contains("minlength=\"12\""));
    assert!(html.contains("<label for=\"password\">"));
    assert!(html.contains("<label for=\"confirm\">"));
    assert!(html.contains("role=\"alert\">The passwords differ &#60;b&#62;."));

    let done = InvitationView {
        error: None,
        notice: Some("Your account is ready."),
        ..view
    };
    let html = done.render_page();
    assert!(html.contains("role=\"status\">Your account is ready."));
    assert!(html.contains("<a href=\"/login\">Sign in</a>"));
    assert!(!html.contains("<form"));
}

fn proposal(id: &str, status: &str, decision: Option<String>) -> ProposalRow {
    ProposalRow {
        id: id.into(),
        person: Link {
            label: format!("Lin {HOSTILE}"),
            href: format!("/people/{id}"),
        },
        what: format!("Move to Engineering Manager {HOSTILE}"),
        effective: "2026-12-01".into(),
        proposed_by: "manager@example.com".into(),
        proposed_at: "2026-11-20".into(),
        status: status.into(),
        decision,
        context: ProposalContext {
            reason: Some(format!("Ready to lead {HOSTILE}")),
            now: (status == "pending").then(|| "Staff Engineer (ic-4), for 2 years".into()),
            change: (status == "pending")
                .then(|| "Staff Engineer (ic-4) → Engineering Manager (em-1)".into()),
            notes: vec![format!("Changes track: IC → Management {HOSTILE}")],
        },
    }
}

fn proposals() -> Vec<ProposalRow> {
    vec![
        proposal("p-3", "declined", Some(format!("declined: {HOSTILE}"))),
        proposal("p-2", "pending", None),
        proposal("p-1", "confirmed", Some("confirmed by admin".into())),
    ]
}

#[test]
fn admins_decide_pending_proposals_first() {
    let view = ProposalsView::new("Org", &app_links(), CSRF, proposals(), true);
    let html = common(&view);
    assert_eq!(posts_carry_csrf(&html), 2);
    assert!(html.contains("<h1>Proposals</h1>"));
    // Both forms post to the page's own address, the hidden fields saying which.
    assert_eq!(html.matches("action=\"/proposals\"").count(), 2);
    assert!(html.contains("name=\"form\" value=\"confirm\""));
    assert!(html.contains("name=\"form\" value=\"decline\""));
    assert_eq!(html.matches("name=\"proposal\" value=\"p-2\"").count(), 2);
    assert!(!html.contains("value=\"p-1\""));
    assert!(!html.contains("value=\"p-3\""));
    assert!(html.contains("name=\"reason\""));
    assert!(html.contains("<label for=\"decline-p-2-reason\">"));
    assert!(html.contains("<input id=\"decline-p-2-reason\" name=\"reason\""));
    assert!(!html.contains("error-summary"));
    // Pending first.
    let p2 = html.find("/people/p-2").unwrap();
    assert!(p2 < html.find("/people/p-3").unwrap());
    assert!(p2 < html.find("/people/p-1").unwrap());
    assert!(html.contains(&escaped(&format!("declined: {HOSTILE}"))));
    assert!(html.contains(&escaped(&format!("Move to Engineering Manager {HOSTILE}"))));
    assert!(html.contains(&format!(
        "<a href=\"/people/p-2\">{}</a>",
        escaped(&format!("Lin {HOSTILE}"))
    )));
    assert!(!html.to_lowercase().contains("demotion"));
    // Each proposal carries its context: the reason, where the person stands, the change.
    assert!(html.contains(&format!(
        "<dt>Reason</dt><dd>{}</dd>",
        escaped(&format!("Ready to lead {HOSTILE}"))
    )));
    assert!(html.contains("<dt>Now</dt><dd>Staff Engineer (ic-4), for 2 years</dd>"));
    assert!(
        html.contains("<dt>Change</dt><dd>Staff Engineer (ic-4) → Engineering Manager (em-1)</dd>")
    );
    assert!(html.contains(&escaped(&format!(
        "Changes track: IC → Management {HOSTILE}"
    ))));
    // Emails break only after "@" and dots.
    assert!(html.contains(
        "<td class=\"email\" data-label=\"Proposed by\">manager@<wbr>example.<wbr>com</td>"
    ));
    assert!(!html.contains("wrap-anywhere\">manager"));

    // A refused decline: the summary at the top of the row's forms, the reason marked
    // with its message beside it and kept as typed.
    let message = format!("A reason needs at most 2,000 characters {HOSTILE}.");
    let refused = ProposalsView::new("Org", &app_links(), CSRF, proposals(), true).with_refusal(
        FormErrors::new(&ProposalsView::form_name("decline", "p-2"), message.clone())
            .at("reason", message.clone()),
        Some(format!("too long {HOSTILE}")),
    );
    let html = common(&refused);
    let decide = &html[html.find("<div class=\"decide\">").unwrap()..];
    assert!(
        decide.starts_with(
            "<div class=\"decide\">\n<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"decline-p-2-errors\""
        ),
        "{decide}"
    );
    assert!(html.contains(&format!(
        "<li><a href=\"#decline-p-2-reason\">{}</a></li>",
        escaped(&message)
    )));
    assert!(html.contains(&format!(
        "<input id=\"decline-p-2-reason\" name=\"reason\" type=\"text\" maxlength=\"2000\" value=\"{}\" aria-invalid=\"true\" aria-describedby=\"decline-p-2-reason-error\">",
        escaped(&format!("too long {HOSTILE}"))
    )));
    assert!(html.contains("<span class=\"field-error\" id=\"decline-p-2-reason-error\">"));

    // A refused confirmation names no field; a refusal about a proposal that is no longer
    // pending on the page is said at its top.
    let refused = ProposalsView::new("Org", &app_links(), CSRF, proposals(), true).with_refusal(
        FormErrors::new(
            &ProposalsView::form_name("confirm", "p-2"),
            format!("The history changed {HOSTILE}"),
        ),
        None,
    );
    let html = common(&refused);
    assert!(html.contains("id=\"confirm-p-2-errors\""));
    assert!(html.contains(&format!(
        "<p>{}</p>",
        escaped(&format!("The history changed {HOSTILE}"))
    )));
    assert!(!html.contains("aria-invalid"));
    let gone = ProposalsView::new("Org", &app_links(), CSRF, proposals(), true).with_refusal(
        FormErrors::new(
            &ProposalsView::form_name("decline", "p-1"),
            format!("Already decided {HOSTILE}"),
        ),
        None,
    );
    let html = common(&gone);
    assert!(!html.contains("error-summary"));
    assert!(html.contains(&format!(
        "role=\"alert\">{}</p>",
        escaped(&format!("Already decided {HOSTILE}"))
    )));
}

#[test]
fn managers_see_their_proposals_without_decisions() {
    let view = ProposalsView::new("Org", &app_links(), CSRF, proposals(), false);
    let html = common(&view);
    assert!(html.contains("<h1>Your proposals</h1>"));
    assert_eq!(posts_carry_csrf(&html), 0);
    assert!(!html.contains("Confirm"));
    assert!(!html.contains("Decline"));
    assert!(!html.contains("name=\"reason\""));
    // Their order is kept.
    assert!(html.find("/people/p-3").unwrap() < html.find("/people/p-2").unwrap());

    // A person the viewer may no longer open is named, not linked.
    let mut rows = proposals();
    let name = rows[1].person.label.clone();
    rows[1].person.href.clear();
    let html = ProposalsView::new("Org", &app_links(), CSRF, rows, false).render_page();
    assert!(
        html.contains(&format!("<th scope=\"row\">{}</th>", escaped(&name))),
        "{html}"
    );
    assert!(!html.contains("/people/p-2"));
    assert!(html.contains("/people/p-3"));

    let none = ProposalsView::new("Org", &app_links(), CSRF, Vec::new(), false);
    let html = none.render_page();
    assert!(!html.contains("There are no proposals."));
    assert!(html.contains("Proposals are made from a report’s page"));
    assert!(html.contains("<a href=\"/\">your home page</a>"));
    let none = ProposalsView::new("Org", &app_links(), CSRF, Vec::new(), true);
    assert!(none.render_page().contains("There are no proposals."));
}

#[test]
fn the_forbidden_page_links_home() {
    let home = Link {
        label: "Home".to_string(),
        href: "/".to_string(),
    };
    let view = pendulum_views::refused::RefusedView::forbidden(HOSTILE, &app_links(), vec![home]);
    let html = common(&view);
    assert!(html.contains("<h1>You do not have access to this page</h1>"));
    assert!(html.contains("<a href=\"/\">"));
    assert!(html.contains(&escaped(HOSTILE)));
}
