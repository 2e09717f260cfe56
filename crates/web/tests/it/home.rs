//! The home page as each role sees it, the explanation of a move between any two levels,
//! and the navigation marking the current page, on the matrix's organisation.

use pendulum_domain::{Email, EventKind};
use pendulum_framework::ids::LevelId;
use pendulum_store::prelude::*;
use pendulum_store::{NewRoleEvent, Role, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;

use crate::matrix::{Body, Who, World, call, sqlite_world as world};

async fn page(world: &World<SqliteStore>, who: Who, path: &str) -> String {
    let v = &world.viewers[&who];
    let (status, body) = call(&v.client, None, world.addr, "GET", path, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{who:?} {path}: {body}");
    body
}

/// The ids of the home page's sections, in order.
fn sections(html: &str) -> Vec<&str> {
    html.match_indices("<section class=\"home-section\" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The navigation entry marked `aria-current="page"`, by its label.
fn current_entry(html: &str) -> &str {
    let nav = &html[html
        .find("<nav class=\"app-nav\"")
        .expect("the app navigation")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let at = nav
        .find("aria-current=\"page\">")
        .unwrap_or_else(|| panic!("no current entry in {nav}"));
    let rest = &nav[at + "aria-current=\"page\">".len()..];
    &rest[..rest.find("</a>").unwrap()]
}

#[tokio::test]
async fn each_role_finds_its_own_sections_on_the_home_page() {
    let (w, _dir) = world().await;
    let expected: [(Who, &[&str]); 5] = [
        (Who::Member, &["home-role", "home-reflections"]),
        (
            Who::Manager,
            &[
                "home-role",
                "home-team",
                "home-my-proposals",
                "home-reflections",
            ],
        ),
        (
            Who::Admin,
            &["home-role", "home-to-decide", "home-reflections"],
        ),
        (
            Who::PayAdmin,
            &[
                "home-role",
                "home-to-decide",
                "home-pay",
                "home-reflections",
            ],
        ),
        (
            Who::Analyst,
            &["home-role", "home-analyst", "home-reflections"],
        ),
    ];
    for (who, want) in expected {
        let html = page(&w, who, "/").await;
        // Nobody of the matrix has written in their journal this week: the prompt comes
        // last (`journal_pages` checks it goes once they have).
        let want: Vec<&str> = want.iter().copied().chain(["home-journal"]).collect();
        assert_eq!(sections(&html), want, "{who:?}");
        assert_eq!(current_entry(&html), "Home", "{who:?}");
        // Everyone in the matrix holds Engineer III (ic-3) since 1 March 2021.
        assert!(html.contains("href=\"/framework/levels/ic-3\""), "{who:?}");
        assert!(html.contains("since 2021-03-01 ("), "{who:?}");
        assert!(html.contains("href=\"/framework/next/ic-3\""), "{who:?}");
        // The management track starts at a grade above ic-3: its first level, to which
        // the framework opens the move.
        assert!(
            html.contains("href=\"/framework/explain?from=ic-3&#38;to=em-1\""),
            "{who:?}: {html}"
        );
    }
    let analyst = page(&w, Who::Analyst, "/").await;
    assert!(
        analyst.contains("href=\"/simulate?tool=projection\""),
        "{analyst}"
    );
    let pay = page(&w, Who::PayAdmin, "/").await;
    assert!(pay.contains("href=\"/framework/compare/pay\""));
    let own_pay = format!("href=\"/people/{}/pay\"", w.people["pat"]);
    assert!(pay.contains(&own_pay), "{pay}");
}

#[tokio::test]
async fn a_manager_sees_their_team_and_their_waiting_proposals() {
    let (w, _dir) = world().await;
    let org = w.org_handle();
    // mia manages rob directly (and ria through rob).
    org.propose_event(
        w.people["rob"],
        NewRoleEvent::new(EventKind::Promotion, time::macros::date!(2024 - 01 - 01), 1)
            .level(LevelId::new("ic-4").unwrap()),
        w.accounts[&Who::Manager],
    )
    .await
    .unwrap();
    let html = page(&w, Who::Manager, "/").await;
    let team = &html[html.find("id=\"home-team\"").unwrap()..];
    let team = &team[..team.find("</section>").unwrap()];
    let rob = format!("<a href=\"/people/{}\">rob</a>", w.people["rob"]);
    assert!(team.contains(&rob), "{team}");
    assert!(
        team.contains("Engineer III (ic-3)") || team.contains("(ic-3)"),
        "{team}"
    );
    assert!(team.contains("year"), "time in role: {team}");
    assert!(!team.contains(">ria<"), "only direct reports: {team}");
    let waiting = &html[html.find("id=\"home-my-proposals\"").unwrap()..];
    let waiting = &waiting[..waiting.find("</section>").unwrap()];
    assert!(waiting.contains(&rob), "{waiting}");
    assert!(waiting.contains("(ic-4)"), "{waiting}");

    // rob leaves mia's line (he reports to ada from 2024-06-03): his page no longer opens
    // for mia, so the waiting proposal is listed without a link (and without his name,
    // which is no longer hers to read).
    org.change_manager(
        w.people["rob"],
        pendulum_store::NewReportingChange {
            effective: time::macros::date!(2024 - 06 - 03),
            manager: Some(w.people["ada"]),
            reason: None,
        },
    )
    .await
    .unwrap();
    let (status, _) = call(
        &w.viewers[&Who::Manager].client,
        None,
        w.addr,
        "GET",
        &format!("/people/{}", w.people["rob"]),
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "rob's page is closed to mia");
    let html = page(&w, Who::Manager, "/").await;
    let waiting = &html[html.find("id=\"home-my-proposals\"").unwrap()..];
    let waiting = &waiting[..waiting.find("</section>").unwrap()];
    assert!(
        waiting.contains("<li>someone outside your reporting line: Promotion to "),
        "{waiting}"
    );
    assert!(
        !waiting.contains(&format!("/people/{}", w.people["rob"])),
        "{waiting}"
    );
}

#[tokio::test]
async fn admins_see_the_proposals_to_decide_on_the_home_page_and_in_the_navigation() {
    let (w, _dir) = world().await;
    let html = page(&w, Who::Admin, "/").await;
    assert!(
        html.contains("No proposal waits for your decision"),
        "{html}"
    );
    assert!(html.contains(">Proposals</a>"));
    let org = w.org_handle();
    for person in ["mo", "rob"] {
        org.propose_event(
            w.people[person],
            NewRoleEvent::new(EventKind::Promotion, time::macros::date!(2024 - 01 - 01), 1)
                .level(LevelId::new("ic-4").unwrap()),
            w.accounts[&Who::Manager],
        )
        .await
        .unwrap();
    }
    let html = page(&w, Who::Admin, "/").await;
    assert!(
        html.contains("2 proposals wait for your decision"),
        "{html}"
    );
    // The count is in the navigation of every page, for admins only.
    let framework = page(&w, Who::Admin, "/framework/").await;
    assert!(
        framework.contains(">Proposals (2 to decide)</a>"),
        "{framework}"
    );
    let manager = page(&w, Who::Manager, "/framework/").await;
    assert!(manager.contains(">Proposals</a>"), "{manager}");
    assert!(!manager.contains("to decide"), "{manager}");
}

#[tokio::test]
async fn an_account_linked_to_no_person_is_told_whom_to_ask() {
    let (w, _dir) = world().await;
    let org = w.org_handle();
    let hash = pendulum_web::auth::hash_password("a password for the home page").unwrap();
    let account = org
        .create_account(
            &Email::new("nobody@acme.test").unwrap(),
            &hash,
            Role::Member,
            false,
        )
        .await
        .unwrap();
    let v = World::<SqliteStore>::session(&org, account.id).await;
    let (status, html) = call(&v.client, None, w.addr, "GET", "/", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sections(&html), ["home-unlinked"]);
    assert!(html.contains("not linked to a person yet"), "{html}");
    assert!(html.contains("ask an admin"), "{html}");
    // "My record" leads there instead of answering 404.
    let (status, _) = call(&v.client, None, w.addr, "GET", "/people/me", Body::None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn signed_out_the_front_page_leads_to_signing_in() {
    let (w, _dir) = world().await;
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = anonymous
        .get(format!("http://{}/", w.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test]
async fn a_move_across_tracks_is_explained_as_a_move() {
    let (w, _dir) = world().await;
    let html = page(&w, Who::Member, "/framework/explain?from=ic-4&to=em-1").await;
    assert!(html.contains("What changes in a move from the"), "{html}");
    assert!(!html.to_lowercase().contains("demotion"));
    let back = page(&w, Who::Member, "/framework/explain?from=em-1&to=ic-4").await;
    assert!(back.contains("What changes in a move from the"), "{back}");
    // The same track reads as the next level.
    let next = page(&w, Who::Member, "/framework/explain?from=ic-3&to=ic-4").await;
    assert!(next.contains("What changes at the next level"), "{next}");
    // A level page links to the move across tracks too.
    let level = page(&w, Who::Member, "/framework/levels/ic-4").await;
    assert!(
        level.contains("href=\"/framework/explain?from=ic-4&#38;to=em-1\""),
        "{level}"
    );
    let v = &w.viewers[&Who::Member];
    for bad in [
        "/framework/explain?from=ic-4&to=ic-4",
        "/framework/explain?from=ic-99&to=em-1",
        "/framework/explain?from=ic-4&to=nope",
    ] {
        let (status, _) = call(&v.client, None, w.addr, "GET", bad, Body::None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn the_navigation_marks_the_section_of_the_page() {
    let (w, _dir) = world().await;
    let cases = [
        (Who::Admin, "/people/".to_string(), "People"),
        (Who::Admin, format!("/people/{}", w.people["mo"]), "People"),
        (
            Who::Admin,
            "/framework/levels/ic-3".to_string(),
            "Framework",
        ),
        (Who::Admin, "/audit".to_string(), "Audit log"),
        (Who::Member, "/account".to_string(), "Account"),
        (Who::Manager, "/proposals".to_string(), "Proposals"),
    ];
    for (who, path, label) in cases {
        let html = page(&w, who, &path).await;
        assert_eq!(current_entry(&html), label, "{who:?} {path}");
        let nav = &html[html.find("<nav class=\"app-nav\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert_eq!(nav.matches("aria-current").count(), 1, "{path}: {nav}");
    }
}

impl World<SqliteStore> {
    fn org_handle(&self) -> <SqliteStore as Store>::Org {
        self.store.org(self.org_a)
    }
}

#[tokio::test]
async fn framework_pages_mark_the_viewers_level() {
    let (w, _dir) = world().await;
    // The member holds ic-3.
    let index = page(&w, Who::Member, "/framework/").await;
    assert_eq!(index.matches("(you are here)").count(), 1, "{index}");
    assert!(
        index.contains("ic-3\">Senior Engineer (you are here)</a>"),
        "{index}"
    );
    let own = page(&w, Who::Member, "/framework/levels/ic-3").await;
    assert!(own.contains("You are here"), "{own}");
    let other = page(&w, Who::Member, "/framework/levels/ic-4").await;
    assert!(!other.contains("You are here"));
}

#[tokio::test]
async fn framework_pages_carry_the_organisations_name_as_the_brand() {
    let (w, _dir) = world().await;
    for path in ["/", "/framework/", "/framework/levels/ic-3", "/account"] {
        let (_, html) = call(
            &w.viewers[&Who::Admin].client,
            None,
            w.addr,
            "GET",
            if path == "/people/me" {
                "/account"
            } else {
                path
            },
            Body::None,
        )
        .await;
        assert!(html.contains("class=\"brand\""), "{path}");
        let brand = &html[html.find("class=\"brand\"").unwrap()..];
        let brand = &brand[brand.find('>').unwrap() + 1..brand.find("</a>").unwrap()];
        assert_eq!(brand, "Acme", "{path}");
    }
}

/// A plan of Rob's (Mia's report) towards Engineering Manager, agreed by both and started
/// `days_ago` days ago by Ada, an admin.
async fn rob_on_trial(world: &World<SqliteStore>, days_ago: i64) -> pendulum_domain::PlanId {
    use pendulum_domain::plan::{Party, PlanContent, PlanInput};
    let org = world.store.org(world.org_a);
    let fw = pendulum_framework::check_str(
        "engineering.yaml",
        pendulum_framework::builtin::ENGINEERING_YAML,
    )
    .unwrap()
    .framework;
    let rob = world.people["rob"];
    let content = PlanContent::draft(
        &fw,
        1,
        rob,
        &LevelId::new("ic-3").unwrap(),
        &PlanInput {
            target_level: "em-1".into(),
            motivation: "Grow the team".into(),
            criteria: vec!["communication".into()],
            mentor: Some(world.people["mo"]),
            trial: true,
            ..PlanInput::default()
        },
    )
    .unwrap();
    let plan = org.create_plan(rob, &content).await.unwrap();
    org.agree_plan(plan.id, Party::Person).await.unwrap();
    org.agree_plan(plan.id, Party::Manager).await.unwrap();
    let start = org.today() - time::Duration::days(days_ago);
    org.start_plan(
        plan.id,
        start,
        pendulum_store::PlanRecording::Record {
            by: world.accounts[&Who::Admin],
        },
    )
    .await
    .unwrap();
    plan.id
}

#[tokio::test]
async fn checkpoints_due_and_trials_ending_reach_the_manager_and_the_mentor() {
    let (world, _dir) = world().await;
    // Started 26 days ago: day 30 is due in four days.
    rob_on_trial(&world, 26).await;
    let home = page(&world, Who::Manager, "/").await;
    assert!(sections(&home).contains(&"home-plans"), "{home}");
    assert!(
        home.contains("rob&#39;s trial as Engineering Manager: the checkpoint at day 30, due"),
        "{home}"
    );
    assert!(!home.contains("badge-overdue"), "not overdue yet: {home}");
    assert!(!home.contains("Ending within 30 days"));
    // The mentor is told of nothing to record; Ada, an admin who is neither, of nothing.
    let mentor = page(&world, Who::Member, "/").await;
    assert!(!mentor.contains("checkpoint at day 30"), "{mentor}");
    let admin = page(&world, Who::Admin, "/").await;
    assert!(!sections(&admin).contains(&"home-plans"), "{admin}");
    assert!(
        !admin.contains("Engineering Manager: the checkpoint"),
        "{admin}"
    );
}

#[tokio::test]
async fn an_overdue_checkpoint_and_an_ending_trial_are_said_and_a_return_reaches_pay() {
    let (world, _dir) = world().await;
    // Started about six months ago: the checkpoints are overdue, the end is near.
    let plan = rob_on_trial(&world, 170).await;
    let home = page(&world, Who::Manager, "/").await;
    assert!(home.contains("badge-overdue"), "{home}");
    assert!(home.contains("Ending within 30 days"), "{home}");
    assert!(
        home.contains("rob&#39;s trial as Engineering Manager ends on"),
        "{home}"
    );
    let mentor = page(&world, Who::Member, "/").await;
    assert!(
        mentor.contains("rob&#39;s trial as Engineering Manager ends on"),
        "{mentor}"
    );

    let org = world.store.org(world.org_a);
    org.end_plan(
        plan,
        pendulum_domain::plan::EndChoice::Return,
        None,
        org.today(),
        pendulum_store::PlanRecording::Record {
            by: world.accounts[&Who::Admin],
        },
    )
    .await
    .unwrap();
    let pay = page(&world, Who::PayAdmin, "/").await;
    assert!(sections(&pay).contains(&"home-returns"), "{pay}");
    assert!(
        pay.contains("rob returned from a management trial on"),
        "{pay}"
    );
    assert!(!pay.to_lowercase().contains("demot"));
    // An admin without pay is not pointed at pay.
    let admin = page(&world, Who::Admin, "/").await;
    assert!(!sections(&admin).contains(&"home-returns"), "{admin}");
}

#[tokio::test]
async fn a_pay_holder_sees_the_twenty_most_recent_returns_and_is_told_of_more() {
    let (world, _dir) = world().await;
    let org = world.store.org(world.org_a);
    let today = org.today();
    for n in 0..22i64 {
        let email = Email::new(format!("returned-{n}@acme.test")).unwrap();
        let person = org
            .create_person(&format!("Returned {n:02}"), &email, None)
            .await
            .unwrap();
        let hired = today - time::Duration::days(700);
        let started = today - time::Duration::days(300);
        // One return a day, the most recent for the highest n.
        let back = today - time::Duration::days(100 - n);
        for event in [
            NewRoleEvent::new(EventKind::Hire, hired, 1).level(LevelId::new("ic-3").unwrap()),
            NewRoleEvent::new(EventKind::TrialStart, started, 1)
                .level(LevelId::new("em-1").unwrap()),
            NewRoleEvent::new(EventKind::TrialEnd, back, 1)
                .outcome(pendulum_domain::TrialOutcome::Return),
        ] {
            org.append_event(person.id, event).await.unwrap();
        }
    }
    let home = page(&world, Who::PayAdmin, "/").await;
    let listed = home.matches("returned from a management trial on").count();
    assert_eq!(listed, 20, "{home}");
    assert!(
        home.contains("Returned 21 returned"),
        "the most recent: {home}"
    );
    assert!(
        !home.contains("Returned 00 returned"),
        "the oldest left out: {home}"
    );
    assert!(
        home.contains("More returns are within their protection"),
        "{home}"
    );
}
