//! The permission matrix: every route of [`pendulum_web::route_table`], called as every
//! role (and signed out) on the viewer's own record, a report's, someone else's and another
//! organisation's, over real HTTP, on SQLite and on PostgreSQL. Each cell is checked
//! against the rules written out below, independently of the code under test, and every
//! response is searched for canary strings planted in another organisation's data and in
//! everyone's pay: a canary may only appear where the viewer may see it.
//!
//! A route added to the application without a row here fails the test.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::str::FromStr;

use pendulum_domain::{Email, EventKind, Money, OrgSlug, PersonId};
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_store::prelude::*;
use pendulum_store::{NewRoleEvent, OrgStore, Role, Store, TokenHash};
use pendulum_web::{AppState, Reach, RouteInfo, route_table, router};
use reqwest::{Method, StatusCode};
use time::{Date, Month};

/// The accounts of the organisation served, one per role, plus a pay administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Who {
    Member,
    Manager,
    Admin,
    Analyst,
    /// An admin with the pay capability.
    PayAdmin,
}

const EVERYONE: [Who; 5] = [
    Who::Member,
    Who::Manager,
    Who::Admin,
    Who::Analyst,
    Who::PayAdmin,
];

/// Whose resource a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Target {
    /// Not about a person.
    None,
    Own,
    /// Someone below the viewer in the reporting lines (only viewers who have reports).
    Report,
    /// Someone whose manager on record is the viewer (only viewers who have direct reports).
    DirectReport,
    /// Someone else in the organisation, outside the viewer's reporting line.
    Other,
    /// A record of another organisation in the same database.
    OtherOrg,
    /// A plan that names the viewer as its mentor.
    Mentored,
}

/// What a cell must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Let through: anything but 401, 403, 404 and 5xx (a 422 means the input was looked
    /// at, which only happens after the permission check).
    Allow,
    /// Refused with exactly this status.
    Deny(StatusCode),
}

use Expect::{Allow, Deny};
const FORBIDDEN: Expect = Deny(StatusCode::FORBIDDEN);
const NOT_FOUND: Expect = Deny(StatusCode::NOT_FOUND);

/// The person of each account, and who else is in the organisation:
///
/// ```text
/// ada (admin) ─┬─ mia (manager) ── rob ── ria
///              ├─ mo (member)
///              ├─ ann (analyst)
///              └─ pat (pay admin)
/// zed (no manager)
/// ```
const PEOPLE: [(&str, Option<&str>); 8] = [
    ("ada", None),
    ("mia", Some("ada")),
    ("rob", Some("mia")),
    ("ria", Some("rob")),
    ("mo", Some("ada")),
    ("ann", Some("ada")),
    ("pat", Some("ada")),
    ("zed", None),
];

impl Who {
    fn person(self) -> &'static str {
        match self {
            Who::Member => "mo",
            Who::Manager => "mia",
            Who::Admin => "ada",
            Who::Analyst => "ann",
            Who::PayAdmin => "pat",
        }
    }

    fn role(self) -> Role {
        match self {
            Who::Member => Role::Member,
            Who::Manager => Role::Manager,
            Who::Admin | Who::PayAdmin => Role::Admin,
            Who::Analyst => Role::Analyst,
        }
    }

    fn pay(self) -> bool {
        self == Who::PayAdmin
    }

    /// The report a viewer's "report" cell uses: an indirect one for the manager.
    fn report(self) -> Option<&'static str> {
        match self {
            Who::Manager => Some("ria"),
            Who::Admin => Some("mo"),
            _ => None,
        }
    }

    /// A person whose manager on record is this viewer's person.
    fn direct_report(self) -> Option<&'static str> {
        match self {
            Who::Manager => Some("rob"),
            Who::Admin => Some("mo"),
            _ => None,
        }
    }

    /// Whether this viewer is the manager on record of `target`'s person.
    fn manages_directly(self, target: Target) -> bool {
        match target {
            Target::DirectReport => true,
            Target::Report => self
                .report()
                .is_some_and(|r| manager_of(r) == Some(self.person())),
            _ => false,
        }
    }

    fn is_admin(self) -> bool {
        matches!(self, Who::Admin | Who::PayAdmin)
    }

    /// Whether this viewer may see `target`'s record, by the product's rules.
    fn sees(self, target: Target) -> bool {
        match target {
            Target::None | Target::Own => true,
            Target::Report | Target::DirectReport => {
                matches!(self, Who::Manager | Who::Admin | Who::PayAdmin)
            }
            // Zed's record, whose plan names the viewer as mentor.
            Target::Other | Target::Mentored => self.is_admin(),
            Target::OtherOrg => false,
        }
    }
}

/// The manager of `name` in [`PEOPLE`].
fn manager_of(name: &str) -> Option<&'static str> {
    PEOPLE
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, m)| *m)
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
}

/// A canary in `name`'s pay: it may only reach the person and pay administrators.
pub(crate) fn pay_canary(name: &str) -> String {
    format!("PAYCANARY{name}")
}

/// A canary in `name`'s journal: it may only reach its author, whatever their role.
pub(crate) fn journal_canary(name: &str) -> String {
    format!("JOURNALCANARY{name}")
}

/// A canary in `name`'s private reflection: it may only reach its author, whatever their role.
pub(crate) fn reflection_canary(name: &str) -> String {
    format!("REFLECTIONCANARY{name}")
}

/// A canary in the reflection `name` shared with their manager: it may reach its author and
/// that manager only (not an admin as such, not a manager further up).
pub(crate) fn shared_canary(name: &str) -> String {
    format!("SHAREDCANARY{name}")
}

/// A canary in a transition plan of `name` that names `mentor` (or `none`) as mentor: it
/// may reach `name`, their manager on record and the mentor, once `name` put it forward.
pub(crate) fn plan_canary(name: &str, mentor: &str) -> String {
    format!("PLANCANARY{name}MENTOR{mentor}")
}

const ORG_B_CANARIES: [&str; 4] = [
    "OrgBCanaryName",
    "orgb-canary@",
    "ORGBCANARYREASON",
    "ORGBCANARYPAY",
];

/// What kind of route a row is, which decides its cells.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Anyone, signed in or not.
    Public,
    /// A public page behind a secret link: an unknown link is not found, for anyone.
    PublicLink,
    /// A public form protected by a double-submit token: refused (403) without the
    /// token's cookie, which no cell sends.
    PublicForm,
    /// Every signed-in account.
    AnySignedIn,
    /// Admins only (403 for others).
    AdminOnly,
    /// Managers and admins (403 for others).
    ManagersAndAdmins,
    /// Admins and analysts: the simulator and the projection (403 for others).
    Analysts,
    /// Reading a person's record.
    ViewPerson,
    /// Reading a person's pay.
    ViewPay,
    /// Recording (or proposing) a change of a person's role history.
    RecordEvent,
    /// Recording a person's pay.
    RecordPay,
    /// Deciding a proposal (admins), of this organisation or another.
    DecideProposal,
    /// The viewer's own account: tokens.
    OwnAccount,
    /// An account of the organisation, by id (admins), or of another organisation.
    AdminAccount,
    /// Granting pay (pay administrators only; 403 for other admins).
    PayGrant,
    /// Granting pay to an account of the organisation, by id (pay administrators), or of
    /// another organisation.
    PayGrantAccount,
    /// The viewer's own private notes (`/journal`, `/api/v1/me/journal`): every account
    /// linked to a person.
    OwnPrivate,
    /// One entry of private notes by id: the viewer's own, or someone else's (not found,
    /// whoever asks), or another organisation's.
    OwnPrivateEntry,
    /// What a person shared with their manager: only their manager on record reads it
    /// (not found for anyone else, admins included, and for the author through this door).
    SharedWithManager,
    /// A transition plan by id: its person, their manager on record and its mentor reach
    /// it (a 422 for an action that is not theirs); anyone else, admins included, and
    /// another organisation's plan are not found.
    PlanParty,
}

/// One row of the matrix: how to call a route and what each cell must answer.
struct Row {
    kind: Kind,
    /// The request body of a POST: JSON for the API, a form for pages.
    body: Body,
}

#[derive(Clone, Copy)]
pub(crate) enum Body {
    None,
    Json(&'static str),
    Form(&'static str),
}

/// The matrix, by (method, route template). Keep it in step with the router: the test
/// fails on a route missing here and on a row for a route that does not exist.
fn matrix() -> BTreeMap<(String, &'static str), Row> {
    use Kind::*;
    let get = |path, kind| {
        (
            ("GET".to_string(), path),
            Row {
                kind,
                body: Body::None,
            },
        )
    };
    let post = |path, kind, body| (("POST".to_string(), path), Row { kind, body });
    let event = Body::Json(r#"{"kind":"leave","effective":"2026-02-01","until":"2026-03-01"}"#);
    let event_form = Body::Form("kind=leave&effective=2026-02-01&until=2026-03-01");
    let pay = Body::Json(r#"{"amount":"90000","currency":"EUR","effective":"2026-02-01"}"#);
    let pay_form = Body::Form("amount=90000&currency=EUR&effective=2026-02-01");
    let journal = Body::Json(r#"{"date":"2026-02-01","kinds":["building"],"energy":1}"#);
    let journal_form = Body::Form("date=2026-02-01&kinds=building&energy=1&note=matrix");
    let reflection =
        Body::Json(r#"{"direction":"to-management","answers":{"what-draws-you":"matrix"}}"#);
    let revision = Body::Json(r#"{"answers":{"what-draws-you":"matrix, again"}}"#);
    let reflection_form = Body::Form("direction=to-management&answer_what-draws-you=matrix");
    let plan_form = Body::Form("target_level=em-1&motivation=matrix&criteria=communication");
    let put = |path, kind, body| (("PUT".to_string(), path), Row { kind, body });
    let delete = |path, kind| {
        (
            ("DELETE".to_string(), path),
            Row {
                kind,
                body: Body::None,
            },
        )
    };
    [
        get("/", AnySignedIn),
        get("/healthz", Public),
        get("/readyz", Public),
        get("/metrics", Public),
        get("/static/{file}", Public),
        get("/login", Public),
        post(
            "/login",
            PublicForm,
            Body::Form("email=x%40y.test&password=nope&csrf=x"),
        ),
        get("/api/openapi.json", Public),
        get("/invitations/{token}", PublicLink),
        post(
            "/invitations/{token}",
            PublicForm,
            Body::Form("password=a+long+enough+password&confirm=different+password&csrf=x"),
        ),
        post("/logout", AnySignedIn, Body::Form("")),
        get("/api/v1/me", AnySignedIn),
        get("/framework", AnySignedIn),
        get("/framework/", AnySignedIn),
        get("/framework/tracks/{id}", AnySignedIn),
        get("/framework/levels/{id}", AnySignedIn),
        get("/framework/next/{id}", AnySignedIn),
        get("/framework/explain", AnySignedIn),
        get("/framework/compare/pay", AnySignedIn),
        get("/framework/compare/rights", AnySignedIn),
        get("/framework/lint", AnySignedIn),
        get("/framework/versions", AnySignedIn),
        get("/framework/versions/{version}/framework.yaml", AnySignedIn),
        get("/framework/diff", AnySignedIn),
        get("/framework/publish", AdminOnly),
        post(
            "/framework/publish",
            AdminOnly,
            Body::Form("action=check&yaml=name%3A+x"),
        ),
        get("/api/v1/framework/versions", AnySignedIn),
        get("/api/v1/framework/versions/{version}", AnySignedIn),
        get("/api/v1/framework/diff", AnySignedIn),
        post(
            "/api/v1/framework/versions",
            AdminOnly,
            Body::Json(r#"{"yaml":"name: x"}"#),
        ),
        get("/api/v1/people", AnySignedIn),
        get("/api/v1/people/{id}", ViewPerson),
        get("/api/v1/people/{id}/events", ViewPerson),
        get("/api/v1/people/{id}/timeline", ViewPerson),
        post("/api/v1/people/{id}/events", RecordEvent, event),
        get("/api/v1/people/{id}/pay", ViewPay),
        post("/api/v1/people/{id}/pay", RecordPay, pay),
        get("/api/v1/proposals", ManagersAndAdmins),
        post("/api/v1/proposals/{id}/confirm", DecideProposal, Body::None),
        post(
            "/api/v1/proposals/{id}/decline",
            DecideProposal,
            Body::Json(r#"{"reason":"not now"}"#),
        ),
        get("/api/v1/audit", AdminOnly),
        get("/api/v1/me/journal", OwnPrivate),
        post("/api/v1/me/journal", OwnPrivate, journal),
        get("/api/v1/me/journal/insights", OwnPrivate),
        get("/api/v1/me/journal/{id}", OwnPrivateEntry),
        (
            ("PUT".to_string(), "/api/v1/me/journal/{id}"),
            Row {
                kind: OwnPrivateEntry,
                body: journal,
            },
        ),
        (
            ("DELETE".to_string(), "/api/v1/me/journal/{id}"),
            Row {
                kind: OwnPrivateEntry,
                body: Body::None,
            },
        ),
        get("/journal", AnySignedIn),
        post("/journal", OwnPrivate, journal_form),
        get("/journal/{id}/edit", OwnPrivateEntry),
        post("/journal/{id}/edit", OwnPrivateEntry, journal_form),
        get("/journal/{id}/delete", OwnPrivateEntry),
        post("/journal/{id}/delete", OwnPrivateEntry, Body::Form("")),
        get("/journal/journal.csv", OwnPrivate),
        get("/journal/journal.json", OwnPrivate),
        get("/api/v1/me/reflections", OwnPrivate),
        post("/api/v1/me/reflections", OwnPrivate, reflection),
        get("/api/v1/me/reflections/{id}", OwnPrivateEntry),
        put("/api/v1/me/reflections/{id}", OwnPrivateEntry, revision),
        delete("/api/v1/me/reflections/{id}", OwnPrivateEntry),
        get("/api/v1/me/reflections/{id}/versions", OwnPrivateEntry),
        post(
            "/api/v1/me/reflections/{id}/share",
            OwnPrivateEntry,
            Body::None,
        ),
        post(
            "/api/v1/me/reflections/{id}/unshare",
            OwnPrivateEntry,
            Body::None,
        ),
        get("/api/v1/people/{id}/reflections", SharedWithManager),
        get(
            "/api/v1/people/{id}/reflections/{reflection_id}",
            SharedWithManager,
        ),
        get("/api/v1/plans", AnySignedIn),
        post(
            "/api/v1/plans",
            OwnPrivate,
            Body::Json(r#"{"target_level":"em-1","motivation":"matrix","criteria":["communication"]}"#),
        ),
        get("/api/v1/plans/{id}", PlanParty),
        (
            ("PUT".to_string(), "/api/v1/plans/{id}"),
            Row {
                kind: PlanParty,
                body: Body::Json(
                    r#"{"target_level":"em-1","motivation":"matrix","criteria":["communication"]}"#,
                ),
            },
        ),
        post("/api/v1/plans/{id}/agree", PlanParty, Body::None),
        post(
            "/api/v1/plans/{id}/withdraw",
            PlanParty,
            Body::Json(r#"{"reason":"matrix"}"#),
        ),
        post(
            "/api/v1/plans/{id}/start",
            PlanParty,
            Body::Json(r#"{"effective":"2199-01-01"}"#),
        ),
        get("/api/v1/plans/{id}/checkpoints", PlanParty),
        post(
            "/api/v1/plans/{id}/checkpoints",
            PlanParty,
            Body::Json(r#"{"at":"30","ratings":{"communication":"on-track"}}"#),
        ),
        post(
            "/api/v1/plans/{id}/end",
            PlanParty,
            Body::Json(r#"{"outcome":"stay"}"#),
        ),
        // Small runs: the matrix checks who reaches the simulator, not the model.
        post(
            "/api/v1/simulate/peter",
            Analysts,
            Body::Json(r#"{"runs":2,"steps":10,"strategy":"best"}"#),
        ),
        post(
            "/api/v1/simulate/peter/sweep",
            Analysts,
            Body::Json(r#"{"runs":2,"steps":10,"from":0,"to":1,"step":0.5}"#),
        ),
        post(
            "/api/v1/simulate/dual-track",
            Analysts,
            Body::Json(r#"{"runs":2,"steps":5,"headcount":40,"policy":"dual-track"}"#),
        ),
        get("/api/v1/projection", Analysts),
        post(
            "/api/v1/projection",
            Analysts,
            Body::Json(
                r#"{"states":["A"],"stocks":[1],"transitions":{"A":{"A":0.5}},"recruitment":{"mode":"fixed-size","distribution":{"A":1}}}"#,
            ),
        ),
        get("/simulate", Analysts),
        post(
            "/simulate/model",
            Analysts,
            Body::Form(
                "years=2&text=%7B%22states%22%3A%5B%22A%22%5D%2C%22stocks%22%3A%5B1%5D%2C%22transitions%22%3A%7B%22A%22%3A%7B%22A%22%3A0.5%7D%7D%2C%22recruitment%22%3A%7B%22mode%22%3A%22fixed-size%22%2C%22distribution%22%3A%7B%22A%22%3A1%7D%7D%7D",
            ),
        ),
        get("/plans", AnySignedIn),
        get("/plans/new", OwnPrivate),
        post("/plans/new", OwnPrivate, plan_form),
        get("/plans/{id}", PlanParty),
        get("/plans/{id}/edit", PlanParty),
        post("/plans/{id}/edit", PlanParty, plan_form),
        post("/plans/{id}/agree", PlanParty, Body::Form("")),
        post(
            "/plans/{id}/withdraw",
            PlanParty,
            Body::Form("reason=matrix"),
        ),
        post(
            "/plans/{id}/start",
            PlanParty,
            Body::Form("effective=2199-01-01"),
        ),
        post(
            "/plans/{id}/checkpoints",
            PlanParty,
            Body::Form("at=30&rating_communication=on-track&note=matrix"),
        ),
        post(
            "/plans/{id}/end",
            PlanParty,
            Body::Form("outcome=stay&effective=2199-01-01"),
        ),
        get("/reflections", OwnPrivate),
        get("/reflections/new", OwnPrivate),
        post("/reflections/new", OwnPrivate, reflection_form),
        get("/reflections/{id}", OwnPrivateEntry),
        get("/reflections/{id}/edit", OwnPrivateEntry),
        post("/reflections/{id}/edit", OwnPrivateEntry, reflection_form),
        post("/reflections/{id}/share", OwnPrivateEntry, Body::Form("")),
        post("/reflections/{id}/unshare", OwnPrivateEntry, Body::Form("")),
        get("/reflections/{id}/delete", OwnPrivateEntry),
        post("/reflections/{id}/delete", OwnPrivateEntry, Body::Form("")),
        get(
            "/people/{id}/reflections/{reflection_id}",
            SharedWithManager,
        ),
        // The lock on the viewer's own notes: nobody's is locked here, so an unlock is
        // refused once looked at (422), and a new code is made (201).
        get("/private-notes", OwnPrivate),
        post(
            "/private-notes",
            OwnPrivate,
            Body::Form("form=unlock&code=ABCDE-FGHJK-MNPQR-STVWX&next=%2Fjournal"),
        ),
        get("/api/v1/me/private-notes", OwnPrivate),
        post(
            "/api/v1/me/private-notes/unlock",
            OwnPrivate,
            Body::Json(r#"{"recovery_code":"ABCDE-FGHJK-MNPQR-STVWX"}"#),
        ),
        post(
            "/api/v1/me/private-notes/recovery-code",
            OwnPrivate,
            Body::None,
        ),
        get("/api/v1/people/{id}/reporting", ViewPerson),
        // Far in the future: scheduled, so no cell changes anyone's manager today.
        post(
            "/api/v1/people/{id}/manager",
            RecordEvent,
            Body::Json(r#"{"none":true,"effective":"2199-01-01"}"#),
        ),
        get("/api/v1/reporting-lines", AdminOnly),
        get("/api/v1/reporting-proposals", ManagersAndAdmins),
        post(
            "/api/v1/reporting-proposals/{id}/confirm",
            DecideProposal,
            Body::None,
        ),
        post(
            "/api/v1/reporting-proposals/{id}/decline",
            DecideProposal,
            Body::Json(r#"{"reason":"not now"}"#),
        ),
        post(
            "/people/{id}/manager",
            RecordEvent,
            Body::Form("none=yes&effective=2199-01-01"),
        ),
        get("/api/v1/accounts/{id}/tokens", AdminAccount),
        post(
            "/api/v1/accounts/{id}/tokens/{token_id}/revoke",
            AdminAccount,
            Body::None,
        ),
        // The spare account is a member already: refused (422) once the role is looked at.
        post(
            "/api/v1/accounts/{id}/role",
            AdminAccount,
            Body::Json(r#"{"role":"member"}"#),
        ),
        get("/people/", AnySignedIn),
        get("/people/me", AnySignedIn),
        get("/people/new", AdminOnly),
        // Refused at its fields (422) once the viewer may add people: nobody is added.
        post("/people/new", AdminOnly, Body::Form("name=&email=")),
        get("/people/{id}", ViewPerson),
        get("/people/{id}/timeline.svg", ViewPerson),
        post("/people/{id}", RecordEvent, event_form),
        post("/people/{id}/events", RecordEvent, event_form),
        get("/people/{id}/pay", ViewPay),
        post("/people/{id}/pay", RecordPay, pay_form),
        get("/proposals", ManagersAndAdmins),
        // The page's own address takes both decisions; `{id}` in a body is filled like a
        // path's (here a fresh pending proposal, or another organisation's).
        post(
            "/proposals",
            DecideProposal,
            Body::Form("form=decline&proposal={id}&reason=not+now"),
        ),
        post("/proposals/{id}/confirm", DecideProposal, Body::Form("")),
        post(
            "/proposals/{id}/decline",
            DecideProposal,
            Body::Form("reason=not+now"),
        ),
        get("/audit", AdminOnly),
        get("/audit/suggestions", AdminOnly),
        get("/account", AnySignedIn),
        post("/account/tokens", AnySignedIn, Body::Form("name=matrix")),
        post("/account/tokens/{id}/revoke", OwnAccount, Body::Form("")),
        get("/admin/accounts", AdminOnly),
        // The page's own address takes the invitation and the password forms: a new
        // password for the spare account (or another organisation's). (Inviting is the
        // same route; its cells are those of `/admin/invitations`.)
        post(
            "/admin/accounts",
            AdminAccount,
            Body::Form("form=reset&account={id}&password=another+long+password&confirm=another+long+password"),
        ),
        // Inviting with pay grants it: an admin without pay is refused. (Inviting without
        // pay, which any admin may, is tested in `accounts`.)
        post(
            "/admin/invitations",
            PayGrant,
            Body::Form("email=new-person%40acme.test&role=member&pay=on"),
        ),
        get("/admin/accounts/{id}", AdminAccount),
        // The spare account is a member already: refused (422) once the role is looked at.
        post(
            "/admin/accounts/{id}",
            AdminAccount,
            Body::Form("form=role&role=member"),
        ),
        post("/admin/accounts/{id}/disable", AdminAccount, Body::Form("")),
        post("/admin/accounts/{id}/enable", AdminAccount, Body::Form("")),
        post(
            "/admin/accounts/{id}/own-pay/approve",
            PayGrantAccount,
            Body::Form(""),
        ),
        post(
            "/admin/accounts/{id}/tokens/{token_id}/revoke",
            AdminAccount,
            Body::Form(""),
        ),
        post(
            "/admin/accounts/{id}/password",
            AdminAccount,
            Body::Form("password=another+long+password&confirm=another+long+password"),
        ),
    ]
    .into_iter()
    .collect()
}

/// The cells of a row, with what each must answer for `who` (`None`: signed out).
fn cells(kind: Kind, who: Option<Who>) -> Vec<(Target, Expect)> {
    use Kind::*;
    let Some(who) = who else {
        return match kind {
            Public => vec![(Target::None, Allow)],
            PublicForm => vec![(Target::None, FORBIDDEN)],
            PublicLink => vec![(Target::None, NOT_FOUND)],
            // Pages redirect to the sign-in form; the API answers 401. Checked apart.
            _ => vec![(Target::None, Deny(StatusCode::UNAUTHORIZED))],
        };
    };
    let person_targets = || {
        let mut t = vec![Target::Own, Target::Other, Target::OtherOrg];
        if who.report().is_some() {
            t.push(Target::Report);
        }
        t
    };
    let admin = who.is_admin();
    match kind {
        Public | AnySignedIn => vec![(Target::None, Allow)],
        PublicForm => vec![(Target::None, FORBIDDEN)],
        PublicLink => vec![(Target::None, NOT_FOUND)],
        AdminOnly => vec![(Target::None, if admin { Allow } else { FORBIDDEN })],
        Analysts => vec![(
            Target::None,
            if admin || who == Who::Analyst {
                Allow
            } else {
                FORBIDDEN
            },
        )],
        ManagersAndAdmins => vec![(
            Target::None,
            if admin || who == Who::Manager {
                Allow
            } else {
                FORBIDDEN
            },
        )],
        ViewPerson => person_targets()
            .into_iter()
            .map(|t| (t, if who.sees(t) { Allow } else { NOT_FOUND }))
            .collect(),
        ViewPay => person_targets()
            .into_iter()
            .map(|t| {
                let expect = if !who.sees(t) {
                    NOT_FOUND
                } else if t == Target::Own || who.pay() {
                    Allow
                } else {
                    FORBIDDEN
                };
                (t, expect)
            })
            .collect(),
        RecordEvent => person_targets()
            .into_iter()
            .map(|t| {
                let expect = if !who.sees(t) {
                    NOT_FOUND
                } else if admin || (who == Who::Manager && t == Target::Report) {
                    Allow
                } else {
                    FORBIDDEN
                };
                (t, expect)
            })
            .collect(),
        RecordPay => person_targets()
            .into_iter()
            .map(|t| {
                let expect = if !who.sees(t) {
                    NOT_FOUND
                } else if who.pay() && t != Target::Own {
                    Allow
                } else {
                    FORBIDDEN
                };
                (t, expect)
            })
            .collect(),
        DecideProposal => vec![
            (Target::None, if admin { Allow } else { FORBIDDEN }),
            (Target::OtherOrg, if admin { NOT_FOUND } else { FORBIDDEN }),
        ],
        OwnAccount => vec![(Target::Own, Allow), (Target::Other, NOT_FOUND)],
        AdminAccount => vec![
            (Target::Other, if admin { Allow } else { FORBIDDEN }),
            (Target::OtherOrg, if admin { NOT_FOUND } else { FORBIDDEN }),
        ],
        OwnPrivate => vec![(Target::Own, Allow)],
        OwnPrivateEntry => vec![
            (Target::Own, Allow),
            (Target::Other, NOT_FOUND),
            (Target::OtherOrg, NOT_FOUND),
        ],
        SharedWithManager => {
            let mut targets = person_targets();
            if who.direct_report().is_some() {
                targets.push(Target::DirectReport);
            }
            targets
                .into_iter()
                .map(|t| {
                    let expect = if who.manages_directly(t) {
                        Allow
                    } else {
                        NOT_FOUND
                    };
                    (t, expect)
                })
                .collect()
        }
        PlanParty => {
            let mut targets = vec![
                (Target::Own, Allow),
                (Target::Mentored, Allow),
                (Target::Other, NOT_FOUND),
                (Target::OtherOrg, NOT_FOUND),
            ];
            if who.direct_report().is_some() {
                targets.push((Target::DirectReport, Allow));
            }
            if let Some(report) = who.report()
                && manager_of(report) != Some(who.person())
            {
                // An indirect report's plan: not the viewer's to see.
                targets.push((Target::Report, NOT_FOUND));
            }
            targets
        }
        PayGrant => vec![(Target::None, if who.pay() { Allow } else { FORBIDDEN })],
        PayGrantAccount => vec![
            (Target::Other, if who.pay() { Allow } else { FORBIDDEN }),
            (
                Target::OtherOrg,
                if who.pay() { NOT_FOUND } else { FORBIDDEN },
            ),
        ],
    }
}

/// A viewer: a session (cookie and CSRF token) of one account.
pub(crate) struct Viewer {
    pub client: reqwest::Client,
    pub csrf: String,
}

/// The organisation served, another one beside it in the same database, and a server.
pub(crate) struct World<S: Store> {
    pub addr: SocketAddr,
    pub store: S,
    pub org_a: pendulum_domain::OrgId,
    pub people: HashMap<&'static str, PersonId>,
    pub viewers: HashMap<Who, Viewer>,
    pub accounts: HashMap<Who, pendulum_domain::AccountId>,
    other_org_person: PersonId,
    other_org_account: pendulum_domain::AccountId,
    other_org_proposal: pendulum_domain::ProposalId,
    other_org_reporting_proposal: pendulum_domain::ProposalId,
    other_org_token: pendulum_domain::ApiTokenId,
    other_org_journal_entry: pendulum_domain::JournalEntryId,
    other_org_reflection: pendulum_domain::ReflectionId,
    other_org_plan: pendulum_domain::PlanId,
    /// Each person's reflection shared with their manager (everyone who has one).
    shared_reflections: HashMap<&'static str, pendulum_domain::ReflectionId>,
    /// Plans no cell can change, by person and mentor ([`World::lasting_plan_of`]).
    lasting_plans: std::sync::Mutex<HashMap<(&'static str, Option<&'static str>), String>>,
    /// An account whose password admins reset, signed in.
    spare: Viewer,
    spare_account: pendulum_domain::AccountId,
}

fn client(cookie: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(cookie) = cookie {
        headers.insert(
            reqwest::header::COOKIE,
            format!("pendulum_session={cookie}").parse().unwrap(),
        );
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A reflection towards management whose one answer is `text`.
fn reflection(text: &str) -> pendulum_domain::reflection::NewReflection {
    use pendulum_domain::reflection::{Asked, Direction, NewReflection, QuestionId};
    NewReflection::new(
        Direction::ToManagement,
        &[Asked {
            id: QuestionId::new("what-draws-you").unwrap(),
            text: "What draws you to management?".to_string(),
        }],
        &[("what-draws-you".to_string(), text.to_string())],
    )
    .unwrap()
}

/// A plan towards Engineering Manager for `person` (at Senior Engineer) whose motivation
/// is `motivation`.
fn plan_content(
    person: PersonId,
    mentor: Option<PersonId>,
    motivation: &str,
) -> pendulum_domain::plan::PlanContent {
    let fw = pendulum_framework::check_str(
        "engineering.yaml",
        pendulum_framework::builtin::ENGINEERING_YAML,
    )
    .unwrap()
    .framework;
    pendulum_domain::plan::PlanContent::draft(
        &fw,
        1,
        person,
        &LevelId::new("ic-3").unwrap(),
        &pendulum_domain::plan::PlanInput {
            target_level: "em-1".into(),
            motivation: motivation.into(),
            criteria: vec!["communication".into()],
            mentor,
            trial: true,
            ..Default::default()
        },
    )
    .unwrap()
}

/// A journal entry whose note is `note`.
fn journal_entry(note: &str) -> pendulum_domain::journal::NewJournalEntry {
    pendulum_domain::journal::NewJournalEntry::new(
        date(2026, 1, 5),
        vec![pendulum_domain::journal::KindId::new("building").unwrap()],
        pendulum_domain::journal::Energy::new(1).unwrap(),
        None,
        true,
        note,
        date(2026, 1, 5),
    )
    .unwrap()
}

async fn hire<O: OrgStore>(
    org: &O,
    name: &str,
    email: &str,
    manager: Option<PersonId>,
) -> PersonId {
    let person = org
        .create_person(name, &Email::new(email).unwrap(), manager)
        .await
        .unwrap();
    org.append_event(
        person.id,
        NewRoleEvent::new(EventKind::Hire, date(2021, 3, 1), 1)
            .level(LevelId::new("ic-3").unwrap()),
    )
    .await
    .unwrap();
    person.id
}

impl<S: Store> World<S> {
    pub async fn build(store: S) -> Self {
        let slug = |s: &str| OrgSlug::new(s).unwrap();
        let a = store.create_org(&slug("acme"), "Acme").await.unwrap();
        let b = store
            .create_org(&slug("orgb"), "OrgBCanaryName Ltd")
            .await
            .unwrap();
        let org = store.org(a.id);
        let mut people = HashMap::new();
        for (name, manager) in PEOPLE {
            let manager = manager.map(|m| people[m]);
            let id = hire(&org, name, &format!("{name}@acme.test"), manager).await;
            org.append_pay(
                id,
                Money {
                    minor: 8_500_000,
                    currency: Currency::new("EUR").unwrap(),
                },
                date(2021, 3, 1),
                Some(pay_canary(name)),
            )
            .await
            .unwrap();
            people.insert(name, id);
        }
        let hash = pendulum_web::auth::hash_password("a password for the matrix").unwrap();
        let mut viewers = HashMap::new();
        let mut accounts = HashMap::new();
        for who in EVERYONE {
            let email = Email::new(format!("{}@acme.test", who.person())).unwrap();
            let account = org
                .create_account(&email, &hash, who.role(), who.pay())
                .await
                .unwrap();
            accounts.insert(who, account.id);
            viewers.insert(who, Self::session(&org, account.id).await);
        }
        let spare_account = org
            .create_account(
                &Email::new("zed@acme.test").unwrap(),
                &hash,
                Role::Member,
                false,
            )
            .await
            .unwrap();
        let spare = Self::session(&org, spare_account.id).await;
        // Private notes are written once everyone has their account: an account made for
        // someone who keeps notes locks them (`pendulum_store::notes_lock`).
        for (name, _) in PEOPLE {
            org.add_journal_entry(people[name], &journal_entry(&journal_canary(name)))
                .await
                .unwrap();
            org.add_reflection(people[name], &reflection(&reflection_canary(name)))
                .await
                .unwrap();
        }
        let mut shared_reflections = HashMap::new();
        for (name, manager) in PEOPLE {
            if manager.is_some() {
                let written = org
                    .add_reflection(people[name], &reflection(&shared_canary(name)))
                    .await
                    .unwrap();
                org.share_reflection(people[name], written.id)
                    .await
                    .unwrap();
                shared_reflections.insert(name, written.id);
            }
        }

        // Another organisation with canaries everywhere, and a proposal and token of its own.
        let other = store.org(b.id);
        let canary = hire(&other, "OrgBCanaryName", "orgb-canary@orgb.test", None).await;
        other
            .append_event(
                canary,
                NewRoleEvent::new(EventKind::Promotion, date(2022, 1, 1), 1)
                    .level(LevelId::new("ic-4").unwrap())
                    .reason("ORGBCANARYREASON"),
            )
            .await
            .unwrap();
        other
            .append_pay(
                canary,
                Money {
                    minor: 12_345_600,
                    currency: Currency::new("EUR").unwrap(),
                },
                date(2022, 1, 1),
                Some("ORGBCANARYPAY".into()),
            )
            .await
            .unwrap();
        let other_account = other
            .create_account(
                &Email::new("orgb-canary@orgb.test").unwrap(),
                &hash,
                Role::Admin,
                true,
            )
            .await
            .unwrap();
        let other_proposal = other
            .propose_event(
                canary,
                NewRoleEvent::new(EventKind::Promotion, date(2023, 1, 1), 1)
                    .level(LevelId::new("ic-5").unwrap())
                    .reason("ORGBCANARYREASON"),
                other_account.id,
            )
            .await
            .unwrap();
        let other_reporting_proposal = other
            .propose_reporting_change(
                canary,
                pendulum_store::NewReportingChange {
                    effective: date(2023, 1, 1),
                    manager: None,
                    reason: Some("ORGBCANARYREASON".into()),
                },
                other_account.id,
            )
            .await
            .unwrap();
        let other_journal_entry = other
            .add_journal_entry(canary, &journal_entry("ORGBCANARYREASON"))
            .await
            .unwrap()
            .id;
        let other_reflection = other
            .add_reflection(canary, &reflection("ORGBCANARYREASON"))
            .await
            .unwrap()
            .id;
        let other_org_plan = other
            .create_plan(canary, &plan_content(canary, None, "ORGBCANARYREASON"))
            .await
            .unwrap()
            .id;
        other
            .agree_plan(other_org_plan, pendulum_domain::plan::Party::Person)
            .await
            .unwrap();
        let other_token = other
            .create_api_token(
                other_account.id,
                &TokenHash::of("orgb-token"),
                "ORGBCANARYREASON",
            )
            .await
            .unwrap();

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(AppState::new(store.clone(), a.clone()));
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        World {
            addr,
            store,
            org_a: a.id,
            people,
            viewers,
            accounts,
            other_org_person: canary,
            other_org_account: other_account.id,
            other_org_proposal: other_proposal.id,
            other_org_reporting_proposal: other_reporting_proposal.id,
            other_org_token: other_token.id,
            other_org_journal_entry: other_journal_entry,
            other_org_reflection: other_reflection,
            other_org_plan,
            shared_reflections,
            lasting_plans: std::sync::Mutex::default(),
            spare,
            spare_account: spare_account.id,
        }
    }

    pub(crate) async fn session(org: &S::Org, account: pendulum_domain::AccountId) -> Viewer {
        let token = pendulum_web::auth::new_token().unwrap();
        let csrf = pendulum_web::auth::new_token().unwrap();
        let later = pendulum_store::now() + time::Duration::hours(1);
        org.create_session(account, &TokenHash::of(&token), &csrf, later)
            .await
            .unwrap();
        Viewer {
            client: client(Some(&token)),
            csrf,
        }
    }

    /// A fresh entry in `name`'s journal (a cell may delete it), holding their canary.
    async fn journal_entry_of(&self, name: &str) -> String {
        let org = self.store.org(self.org_a);
        org.add_journal_entry(self.people[name], &journal_entry(&journal_canary(name)))
            .await
            .unwrap()
            .id
            .to_string()
    }

    /// A fresh private reflection of `name` (a cell may delete it), holding their canary.
    async fn reflection_of(&self, name: &str) -> String {
        let org = self.store.org(self.org_a);
        org.add_reflection(self.people[name], &reflection(&reflection_canary(name)))
            .await
            .unwrap()
            .id
            .to_string()
    }

    /// A fresh plan of `name`, put forward (agreed by them), naming `mentor` as mentor,
    /// holding their canary (a cell may withdraw or agree to it).
    async fn plan_of(&self, name: &str, mentor: Option<&str>) -> String {
        let org = self.store.org(self.org_a);
        let content = plan_content(
            self.people[name],
            mentor.map(|m| self.people[m]),
            &plan_canary(name, mentor.unwrap_or("none")),
        );
        let plan = org.create_plan(self.people[name], &content).await.unwrap();
        org.agree_plan(plan.id, pendulum_domain::plan::Party::Person)
            .await
            .unwrap();
        plan.id.to_string()
    }

    /// A plan of `name` naming `mentor` that no cell can change (its viewer is the mentor,
    /// who only reads, or has no part in it and is not let in), made once and kept: a fresh
    /// one per cell would pass the most plans a person holds.
    async fn lasting_plan_of(&self, name: &'static str, mentor: Option<&'static str>) -> String {
        if let Some(id) = self.lasting_plans.lock().unwrap().get(&(name, mentor)) {
            return id.clone();
        }
        let id = self.plan_of(name, mentor).await;
        self.lasting_plans
            .lock()
            .unwrap()
            .insert((name, mentor), id.clone());
        id
    }

    /// A fresh pending proposal in the organisation served, for a decision cell.
    async fn pending_proposal(&self) -> pendulum_domain::ProposalId {
        let org = self.store.org(self.org_a);
        let email = format!("new-{}@acme.test", uuid::Uuid::now_v7().simple());
        let person = hire(&org, "A new report", &email, Some(self.people["mia"])).await;
        org.propose_event(
            person,
            NewRoleEvent::new(EventKind::Leave, date(2026, 5, 1), 1).until(date(2026, 6, 1)),
            self.accounts[&Who::Manager],
        )
        .await
        .unwrap()
        .id
    }

    /// A fresh pending reporting proposal in the organisation served (scheduled far ahead).
    async fn pending_reporting_proposal(&self) -> pendulum_domain::ProposalId {
        let org = self.store.org(self.org_a);
        let email = format!("new-{}@acme.test", uuid::Uuid::now_v7().simple());
        let person = hire(&org, "A new report", &email, Some(self.people["mia"])).await;
        org.propose_reporting_change(
            person,
            pendulum_store::NewReportingChange {
                effective: date(2199, 1, 1),
                manager: None,
                reason: None,
            },
            self.accounts[&Who::Manager],
        )
        .await
        .unwrap()
        .id
    }

    /// `body` with an `{id}` in it filled as the path `{route}/{id}` would be: the page
    /// forms that post to their page's own address name their record in a field.
    async fn body(&self, route: &str, body: Body, who: Option<Who>, target: Target) -> Body {
        match body {
            Body::Form(form) if form.contains("{id}") => {
                let path = self.path(&format!("{route}/{{id}}"), who, target).await;
                let id = path.rsplit('/').next().unwrap_or_default().to_string();
                Body::Form(Box::leak(form.replace("{id}", &id).into_boxed_str()))
            }
            other => other,
        }
    }

    /// The path of `route` for `who` on `target`, with every parameter filled in.
    async fn path(&self, route: &str, who: Option<Who>, target: Target) -> String {
        let mut path = route.to_string();
        if path.contains("{id}") {
            let id = if route.starts_with("/framework/") {
                match route {
                    "/framework/tracks/{id}" => "ic".to_string(),
                    _ => "ic-3".to_string(),
                }
            } else if route.starts_with("/api/v1/me/journal/") || route.starts_with("/journal/") {
                match (target, who) {
                    (Target::OtherOrg, _) => self.other_org_journal_entry.to_string(),
                    (Target::Own, Some(who)) => self.journal_entry_of(who.person()).await,
                    // Someone else's entry, through the viewer's own journal.
                    _ => self.journal_entry_of("zed").await,
                }
            } else if route.starts_with("/api/v1/me/reflections/")
                || route.starts_with("/reflections/")
            {
                match (target, who) {
                    (Target::OtherOrg, _) => self.other_org_reflection.to_string(),
                    (Target::Own, Some(who)) => self.reflection_of(who.person()).await,
                    // Someone else's reflection, through the viewer's own.
                    _ => self.reflection_of("zed").await,
                }
            } else if route.starts_with("/api/v1/plans/") || route.starts_with("/plans/") {
                match (target, who) {
                    (Target::OtherOrg, _) => self.other_org_plan.to_string(),
                    (Target::Own, Some(who)) => self.plan_of(who.person(), None).await,
                    (Target::DirectReport, Some(who)) => {
                        self.plan_of(who.direct_report().expect("direct reports"), None)
                            .await
                    }
                    (Target::Report, Some(who)) => {
                        self.plan_of(who.report().expect("reports"), None).await
                    }
                    (Target::Mentored, Some(who)) => {
                        self.lasting_plan_of("zed", Some(who.person())).await
                    }
                    // Someone else's: Zed has no manager and names no mentor.
                    _ => self.lasting_plan_of("zed", None).await,
                }
            } else if route.contains("/reporting-proposals/") {
                match target {
                    Target::OtherOrg => self.other_org_reporting_proposal.to_string(),
                    _ => self.pending_reporting_proposal().await.to_string(),
                }
            } else if route.contains("/proposals/") {
                match target {
                    Target::OtherOrg => self.other_org_proposal.to_string(),
                    _ => self.pending_proposal().await.to_string(),
                }
            } else if route.starts_with("/account/tokens/") {
                match (target, who) {
                    (Target::Other, _) | (_, None) => self.other_org_token.to_string(),
                    (_, Some(who)) => {
                        // Made by the account itself: a token made for it by anyone else
                        // would lock its private notes.
                        let org = self.store.org(self.org_a).acting_as(
                            pendulum_store::Actor::new(format!("account/{}", self.accounts[&who]))
                                .unwrap(),
                        );
                        let secret = pendulum_web::auth::new_token().unwrap();
                        org.create_api_token(self.accounts[&who], &TokenHash::of(&secret), "cell")
                            .await
                            .unwrap()
                            .id
                            .to_string()
                    }
                }
            } else if route.starts_with("/admin/accounts/")
                || route.starts_with("/api/v1/accounts/")
            {
                match target {
                    Target::OtherOrg => self.other_org_account.to_string(),
                    // A spare account, so that no viewer's session ends.
                    _ => self.spare_account.to_string(),
                }
            } else {
                let name = match (who, target) {
                    (_, Target::OtherOrg) => {
                        return path.replace("{id}", &self.other_org_person.to_string());
                    }
                    (Some(who), Target::Own) => who.person(),
                    (Some(who), Target::Report) => who.report().expect("a viewer with reports"),
                    (Some(who), Target::DirectReport) => {
                        who.direct_report().expect("a viewer with direct reports")
                    }
                    _ => "zed",
                };
                self.people[name].to_string()
            };
            path = path.replace("{id}", &id);
        }
        if path.contains("{reflection_id}") {
            // The reflection the target shared with their manager; the other organisation's
            // for its person; someone without a manager's own, unshared.
            let name = match (who, target) {
                (Some(who), Target::Own) => Some(who.person()),
                (Some(who), Target::Report) => who.report(),
                (Some(who), Target::DirectReport) => who.direct_report(),
                _ => None,
            };
            let reflection = match (target, name.and_then(|n| self.shared_reflections.get(n))) {
                (Target::OtherOrg, _) => self.other_org_reflection.to_string(),
                (_, Some(shared)) => shared.to_string(),
                _ => self.reflection_of("zed").await,
            };
            path = path.replace("{reflection_id}", &reflection);
        }
        if path.contains("{token_id}") {
            let token = match target {
                Target::OtherOrg => self.other_org_token,
                _ => {
                    // A token of the spare account, enabled again if a cell disabled it.
                    let org = self.store.org(self.org_a);
                    let _ = org.enable_account(self.spare_account).await;
                    let secret = pendulum_web::auth::new_token().unwrap();
                    org.create_api_token(self.spare_account, &TokenHash::of(&secret), "cell")
                        .await
                        .unwrap()
                        .id
                }
            };
            path = path.replace("{token_id}", &token.to_string());
        }
        path.replace("{file}", "pendulum.css")
            .replace("{version}", "1")
            .replace("{token}", &"ab".repeat(32))
            + match route {
                "/framework/diff" | "/api/v1/framework/diff" => "?from=1&to=1",
                "/framework/explain" => "?from=ic-4&to=em-1",
                _ => "",
            }
    }
}

/// The matrix's world ([`World::build`]) on a new SQLite file, with the directory that
/// holds it (the database lives as long as the directory).
pub(crate) async fn sqlite_world() -> (World<pendulum_store_sqlite::SqliteStore>, tempfile::TempDir)
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("world.db").display());
    let store = pendulum_store_sqlite::SqliteStore::connect(&url)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (World::build(store).await, dir)
}

/// A request as `who`, with their session and CSRF token.
pub(crate) async fn send<S: Store>(
    w: &World<S>,
    who: Who,
    method: &str,
    path: &str,
    body: Body,
) -> (StatusCode, String) {
    let v = &w.viewers[&who];
    call(&v.client, Some(&v.csrf), w.addr, method, path, body).await
}

pub(crate) async fn call(
    client: &reqwest::Client,
    csrf: Option<&str>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Body,
) -> (StatusCode, String) {
    let method = Method::from_str(method).unwrap();
    let mut req = client.request(method, format!("http://{addr}{path}"));
    if let Some(csrf) = csrf {
        req = req.header("x-csrf-token", csrf);
    }
    req = match body {
        Body::None => req,
        Body::Json(json) => req.header("content-type", "application/json").body(json),
        Body::Form(form) => req
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form),
    };
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

fn pass(expect: Expect, status: StatusCode) -> bool {
    match expect {
        // No viewer's private notes are locked here (`World::build`), so 423 is a failure
        // too: a cell let through must reach what it asks for.
        Expect::Allow => {
            !matches!(
                status,
                StatusCode::UNAUTHORIZED
                    | StatusCode::FORBIDDEN
                    | StatusCode::NOT_FOUND
                    | StatusCode::LOCKED
            ) && !status.is_server_error()
        }
        Expect::Deny(wanted) => status == wanted,
    }
}

/// Runs the whole matrix on `store` and panics with every failing cell.
pub async fn run<S: Store>(store: S) {
    let world = World::build(store).await;
    let table: Vec<RouteInfo> = route_table::<S>();
    let rows = matrix();
    let mut failures = Vec::new();

    let routes: BTreeMap<(String, &'static str), Reach> = table
        .iter()
        .map(|r| ((r.method.to_string(), r.path), r.reach))
        .collect();
    for key in routes.keys() {
        if !rows.contains_key(key) {
            failures.push(format!(
                "{} {} is not in the permission matrix",
                key.0, key.1
            ));
        }
    }
    for key in rows.keys() {
        if !routes.contains_key(key) {
            failures.push(format!(
                "{} {} is in the matrix but not in the router",
                key.0, key.1
            ));
        }
    }

    let names: Vec<&str> = PEOPLE.iter().map(|(n, _)| *n).collect();
    let mut cells_checked = 0;
    let mut canaries_seen = 0;
    let mut journal_seen = 0;
    let mut private_seen = Private::default();
    for ((method, route), row) in &rows {
        let Some(reach) = routes.get(&(method.clone(), *route)) else {
            continue;
        };
        // Signed out.
        let path = world.path(route, None, Target::None).await;
        let (status, body) = call(&client(None), None, world.addr, method, &path, row.body).await;
        let signed_out_ok = match reach {
            Reach::Public => match row.kind {
                Kind::PublicForm => status == StatusCode::FORBIDDEN,
                Kind::PublicLink => status == StatusCode::NOT_FOUND,
                _ => !status.is_server_error() && status != StatusCode::UNAUTHORIZED,
            },
            Reach::SignedIn if route.starts_with("/api/") => status == StatusCode::UNAUTHORIZED,
            Reach::SignedIn => status == StatusCode::SEE_OTHER,
        };
        if !signed_out_ok {
            failures.push(format!("signed out: {method} {path} answered {status}"));
        }
        check_canaries(
            &body,
            None,
            &names,
            &mut failures,
            &format!("signed out {method} {path}"),
            &mut journal_seen,
        );
        check_private(
            &body,
            None,
            &names,
            &mut failures,
            &format!("signed out {method} {path}"),
            &mut private_seen,
        );
        cells_checked += 1;

        for who in EVERYONE {
            for (target, expect) in cells(row.kind, Some(who)) {
                let path = world.path(route, Some(who), target).await;
                let body = world.body(route, row.body, Some(who), target).await;
                // Signing out ends a session: use a throwaway one.
                let throwaway;
                let viewer = if *route == "/logout" {
                    let org = world.store.org(world.org_a);
                    throwaway = World::<S>::session(&org, world.accounts[&who]).await;
                    &throwaway
                } else {
                    &world.viewers[&who]
                };
                let (status, body) = call(
                    &viewer.client,
                    Some(&viewer.csrf),
                    world.addr,
                    method,
                    &path,
                    body,
                )
                .await;
                cells_checked += 1;
                if !pass(expect, status) {
                    failures.push(format!(
                        "{who:?} on {target:?}: {method} {path} answered {status}, expected {expect:?}"
                    ));
                }
                canaries_seen += check_canaries(
                    &body,
                    Some(who),
                    &names,
                    &mut failures,
                    &format!("{who:?} on {target:?}: {method} {path}"),
                    &mut journal_seen,
                );
                check_private(
                    &body,
                    Some(who),
                    &names,
                    &mut failures,
                    &format!("{who:?} on {target:?}: {method} {path}"),
                    &mut private_seen,
                );
            }
        }
        // A password reset, and disabling, end the spare account's sessions.
        if method == "POST"
            && matches!(
                *route,
                "/admin/accounts"
                    | "/admin/accounts/{id}/password"
                    | "/admin/accounts/{id}/disable"
            )
        {
            failures.extend(reset_ended_sessions(&world).await);
        }
    }
    assert!(
        canaries_seen > 0,
        "no pay canary reached even its owner: the canary check proves nothing"
    );
    assert!(
        journal_seen > 0,
        "no journal canary reached even its author: the canary check proves nothing"
    );
    assert!(
        private_seen.own > 0
            && private_seen.shared_by_author > 0
            && private_seen.shared_by_manager > 0,
        "no reflection canary reached even those who may read it: the check proves nothing \
         ({private_seen:?})"
    );
    assert!(
        private_seen.plan_by_person > 0
            && private_seen.plan_by_manager > 0
            && private_seen.plan_by_mentor > 0,
        "no plan canary reached even those who may read it: the check proves nothing \
         ({private_seen:?})"
    );
    assert!(
        failures.is_empty(),
        "{} of {cells_checked} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("permission matrix: {cells_checked} cells, {canaries_seen} allowed pay canaries");
}

/// After admins reset the spare account's password, its session must be gone.
async fn reset_ended_sessions<S: Store>(world: &World<S>) -> Vec<String> {
    let (status, _) = call(
        &world.spare.client,
        None,
        world.addr,
        "GET",
        "/api/v1/me",
        Body::None,
    )
    .await;
    if status == StatusCode::UNAUTHORIZED {
        Vec::new()
    } else {
        vec![format!(
            "after a password reset the account's old session still answers {status}"
        )]
    }
}

/// Fails when `body` holds another organisation's canary, or a pay canary that `who` may
/// not see. Returns how many pay canaries it saw that were allowed.
fn check_canaries(
    body: &str,
    who: Option<Who>,
    names: &[&str],
    failures: &mut Vec<String>,
    context: &str,
    journal_seen: &mut usize,
) -> usize {
    let mut allowed = 0;
    for canary in ORG_B_CANARIES {
        if body.contains(canary) {
            failures.push(format!(
                "{context}: leaked another organisation's {canary:?}"
            ));
        }
    }
    for name in names {
        if body.contains(&journal_canary(name)) {
            let author = who.is_some_and(|who| who.person() == *name);
            if author {
                *journal_seen += 1;
            } else {
                failures.push(format!("{context}: leaked {name}'s journal"));
            }
        }
        if body.contains(&pay_canary(name)) {
            let may = match who {
                Some(who) => who.person() == *name || who.pay(),
                None => false,
            };
            if may {
                allowed += 1;
            } else {
                failures.push(format!("{context}: leaked {name}'s pay"));
            }
        }
    }
    allowed
}

/// How many reflection canaries reached those who may read them.
#[derive(Debug, Default)]
struct Private {
    /// A private reflection, by its author.
    own: usize,
    /// A shared reflection, by its author.
    shared_by_author: usize,
    /// A shared reflection, by the author's manager.
    shared_by_manager: usize,
    /// A plan, by its person, their manager and its mentor.
    plan_by_person: usize,
    plan_by_manager: usize,
    plan_by_mentor: usize,
}

/// Fails when `body` holds a private reflection's canary and `who` is not its author, or a
/// shared reflection's canary and `who` is neither its author nor their manager.
fn check_private(
    body: &str,
    who: Option<Who>,
    names: &[&str],
    failures: &mut Vec<String>,
    context: &str,
    seen: &mut Private,
) {
    let me = who.map(Who::person);
    for name in names {
        if body.contains(&reflection_canary(name)) {
            if me == Some(*name) {
                seen.own += 1;
            } else {
                failures.push(format!("{context}: leaked {name}'s private reflection"));
            }
        }
        for mentor in names.iter().copied().chain(["none"]) {
            if !body.contains(&plan_canary(name, mentor)) {
                continue;
            }
            if me == Some(*name) {
                seen.plan_by_person += 1;
            } else if me.is_some() && me == manager_of(name) {
                seen.plan_by_manager += 1;
            } else if me == Some(mentor) {
                seen.plan_by_mentor += 1;
            } else {
                failures.push(format!("{context}: leaked {name}'s plan"));
            }
        }
        if body.contains(&shared_canary(name)) {
            if me == Some(*name) {
                seen.shared_by_author += 1;
            } else if me.is_some() && me == manager_of(name) {
                seen.shared_by_manager += 1;
            } else {
                failures.push(format!(
                    "{context}: leaked the reflection {name} shared with their manager"
                ));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_as_every_role_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("matrix.db").display());
    let store = pendulum_store_sqlite::SqliteStore::connect(&url)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    run(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_as_every_role_on_postgres() {
    pendulum_store_tests::harness::on_postgres(run).await;
}
