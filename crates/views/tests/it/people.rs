//! The people pages: the directory keeps its filters in the form and in the links between
//! pages, a person's page shows their role, timeline, reporting line and history and keeps
//! what was typed in its form after a refusal, and the pay page formats money. Every page
//! has one `h1` inside the layout's `main`, escapes the names people type, and never uses
//! the word the product forbids for a move to individual contribution.

use std::collections::BTreeMap;

use pendulum_domain::{
    BandPlace, BandPosition, CurrentRole, Email, EventId, EventKind, Money, OrgId, PayEvent,
    PayEventId, Person, PersonId, PersonStatus, RoleEvent, TrialOutcome, fold, prepare,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_views::people::{
    BandInfo, DirectoryEntry, DirectoryFilters, DirectoryPage, DirectoryView, FormMode, PayForm,
    PayValues, PayView, PeopleLinks, PersonPage, PersonView, RecordForm, RecordValues,
    ReportingSection,
};
use pendulum_views::{AppBar, Links, NavLink, View};
use time::macros::{date, datetime};
use time::{Date, Duration};

use crate::{attribute_values, builtin_fw, escaped};

pub const HOSTILE: &str = "<script>alert(1)</script> & \"quotes\"";
pub const TODAY: Date = date!(2026 - 11 - 21);

pub fn org() -> OrgId {
    "0195a000-0000-7000-8000-00000000000f".parse().unwrap()
}

pub fn person_id(n: u32) -> PersonId {
    format!("0195a000-0000-7000-8000-{n:012}").parse().unwrap()
}

pub fn person(n: u32, name: &str, email: &str, status: PersonStatus) -> Person {
    Person {
        id: person_id(n),
        org: org(),
        name: name.to_string(),
        email: Email::new(email).unwrap(),
        manager: None,
        status,
    }
}

pub fn frameworks() -> BTreeMap<u32, Framework> {
    BTreeMap::from([(1, builtin_fw())])
}

/// Appends events the way the store does: through `prepare`, which checks the whole
/// history again and fills in what the rules decide (a trial's end, a return path).
pub struct History<'f> {
    frameworks: &'f BTreeMap<u32, Framework>,
    person: PersonId,
    pub events: Vec<RoleEvent>,
}

impl<'f> History<'f> {
    pub fn new(frameworks: &'f BTreeMap<u32, Framework>, person: PersonId) -> Self {
        Self {
            frameworks,
            person,
            events: Vec::new(),
        }
    }

    pub fn add(
        &mut self,
        kind: EventKind,
        effective: Date,
        level: Option<&str>,
        change: impl FnOnce(&mut RoleEvent),
    ) -> EventId {
        let seq = self.events.len() as u32 + 1;
        let mut event = RoleEvent {
            id: format!("0195b000-0000-7000-8000-{:012}", seq)
                .parse()
                .unwrap(),
            person: self.person,
            seq,
            kind,
            effective,
            recorded_at: datetime!(2026-01-05 09:30 UTC) + Duration::minutes(i64::from(seq)),
            framework_version: 1,
            level: level.map(|l| LevelId::new(l).unwrap()),
            until: None,
            outcome: None,
            reason: None,
            supersedes: None,
        };
        change(&mut event);
        let (event, _) = prepare(self.frameworks, &self.events, event)
            .unwrap_or_else(|e| panic!("{kind:?} on {effective}: {e}"));
        let id = event.id;
        self.events.push(event);
        id
    }

    pub fn then(&mut self, kind: EventKind, effective: Date, level: Option<&str>) -> EventId {
        self.add(kind, effective, level, |_| {})
    }

    pub fn role(&self) -> CurrentRole {
        fold(self.frameworks, &self.events).unwrap()
    }
}

/// Alex's career: joined as Engineer II, promoted (the date corrected afterwards), tried
/// management and came back by the return path, took leave, swung to management for real,
/// was promoted there, and swung back to individual contribution. Four track changes.
pub fn alex_history(frameworks: &BTreeMap<u32, Framework>) -> Vec<RoleEvent> {
    let mut h = History::new(frameworks, person_id(1));
    h.then(EventKind::Hire, date!(2019 - 03 - 04), Some("ic-2"));
    let wrong = h.then(EventKind::Promotion, date!(2020 - 07 - 01), Some("ic-3"));
    h.add(
        EventKind::Promotion,
        date!(2020 - 06 - 01),
        Some("ic-3"),
        |e| {
            e.supersedes = Some(wrong);
            e.reason = Some("The promotion took effect a month earlier.".to_string());
        },
    );
    h.add(
        EventKind::TrialStart,
        date!(2021 - 01 - 11),
        Some("em-1"),
        |e| e.reason = Some("Interim lead of the payments team.".to_string()),
    );
    h.add(EventKind::TrialEnd, date!(2021 - 07 - 12), None, |e| {
        e.outcome = Some(TrialOutcome::Return);
        e.reason = Some("Missed the hands-on work.".to_string());
    });
    h.add(EventKind::Leave, date!(2022 - 02 - 01), None, |e| {
        e.until = Some(date!(2022 - 08 - 01));
    });
    h.then(EventKind::Return, date!(2022 - 08 - 01), None);
    h.then(EventKind::Move, date!(2023 - 03 - 01), Some("em-1"));
    h.then(EventKind::Promotion, date!(2024 - 01 - 01), Some("em-2"));
    h.add(EventKind::Move, date!(2025 - 02 - 03), None, |e| {
        e.reason = Some("Wants to build again.".to_string());
    });
    h.events
}

/// Sam: a Staff Engineer in a management trial now.
pub fn sam_history(frameworks: &BTreeMap<u32, Framework>) -> Vec<RoleEvent> {
    let mut h = History::new(frameworks, person_id(2));
    h.then(EventKind::Hire, date!(2020 - 09 - 01), Some("ic-4"));
    h.add(
        EventKind::TrialStart,
        date!(2026 - 09 - 01),
        Some("em-1"),
        |e| e.until = Some(date!(2027 - 03 - 01)),
    );
    h.events
}

pub fn links() -> Links {
    Links::web("/framework/", "/static/").with_app(AppBar {
        nav: vec![NavLink {
            label: "People".to_string(),
            href: "/people/".to_string(),
            current: true,
        }],
        who: "admin@example.org".to_string(),
        role: "admin".to_string(),
        csrf: "session-token".to_string(),
        logout: "/logout".to_string(),
    })
}

fn person_page(
    person: &Person,
    events: &[RoleEvent],
    frameworks: &BTreeMap<u32, Framework>,
    managers: &[&Person],
    reports: &[&Person],
    show_pay: bool,
    form: Option<RecordForm>,
) -> PersonView {
    PersonView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        frameworks,
        PersonPage {
            person,
            events,
            managers,
            reports,
            show_pay,
            form,
            today: TODAY,
            reporting: ReportingSection {
                history: &[],
                form: None,
            },
        },
    )
}

/// Checks every page shares: one `h1`, inside the layout's one `main`; a partial without
/// the document around it; and neutral language.
pub fn assert_page_frame(view: &impl View) {
    let page = view.render_page();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert_eq!(page.matches("<h1").count(), 1, "one h1");
    assert_eq!(page.matches("<main").count(), 1, "one main landmark");
    let main_at = page.find("<main").unwrap();
    let h1_at = page.find("<h1").unwrap();
    assert!(h1_at > main_at && h1_at < page.find("</main>").unwrap());
    let partial = view.render_partial();
    assert!(!partial.contains("<html"), "{partial}");
    assert!(!partial.contains("<main"), "{partial}");
    assert!(!partial.contains("<header"), "{partial}");
    assert_eq!(partial.matches("<h1").count(), 1);
    for html in [&page, &partial] {
        assert!(
            !html.to_lowercase().contains("demot"),
            "the product never calls a move a demotion"
        );
    }
}

#[test]
fn a_person_page_shows_role_timeline_reporting_line_and_history() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let ceo = person(10, "Robin Boss", "robin@example.org", PersonStatus::Active);
    let lead = person(11, "Casey Lead", "casey@example.org", PersonStatus::Active);
    let report = person(12, "Dana Report", "dana@example.org", PersonStatus::OnLeave);
    let view = person_page(
        &alex,
        &events,
        &fws,
        &[&ceo, &lead],
        &[&report],
        false,
        None,
    );
    assert_page_frame(&view);
    let html = view.render_page();

    // The current role: Senior Staff Engineer after the swing back, the level linked to its
    // framework page.
    assert!(
        html.contains("<h1 class=\"kind-ic\">Alex Kim</h1>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/framework/levels/ic-5\">Senior Staff Engineer</a>"));
    assert!(html.contains("<dt>Since</dt><dd><time datetime=\"2025-02-03\">2025-02-03</time>"));
    assert!(html.contains("<dt>Track</dt><dd>Individual contributor</dd>"));
    assert!(html.contains("<dt>Grade</dt><dd>g5</dd>"));
    assert!(
        !html.contains("Return path:"),
        "not on a management track now"
    );

    // The timeline inline, wide and narrow (the style sheet shows one), with its image
    // address and its table.
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains("class=\"chart timeline-chart timeline-wide\""));
    assert!(html.contains("class=\"chart timeline-chart timeline-narrow\""));
    assert!(html.contains("href=\"/people/0195a000-0000-7000-8000-000000000001/timeline.svg\""));
    let table = crate::fragment(&html, "<table class=\"full timeline-table", "table");
    let doc = roxmltree::Document::parse(&table).expect("the timeline table is well-formed");
    let rows: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .skip(1)
        .map(crate::text_of)
        .collect();
    assert_eq!(rows.len(), 9, "{rows:#?}");
    assert!(
        rows[0].starts_with("2019-03-04 2020-06-01 Engineer II (ic-2)"),
        "{rows:#?}"
    );
    assert!(rows[2].contains("swing to management"), "{rows:#?}");
    assert!(
        rows[2]
            .contains("Management trial at Engineering Manager (em-1), planned until 2021-07-11")
    );
    assert!(
        rows[3].contains("Staff Engineer (ic-4)")
            && rows[3].contains("swing to individual contribution")
    );
    assert!(
        rows[4].contains("Leave, keeping Staff Engineer (ic-4)"),
        "{rows:#?}"
    );
    assert!(rows[5].contains("back from leave"), "{rows:#?}");
    assert!(
        rows[8].starts_with("2025-02-03 today Senior Staff Engineer (ic-5)"),
        "{rows:#?}"
    );

    // The reporting line, top first, each linked; then the person, not linked.
    let chain = crate::fragment(&html, "<ol class=\"reporting-chain\"", "ol");
    let doc = roxmltree::Document::parse(&chain).unwrap();
    let items: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .map(|li| {
            let href = li
                .descendants()
                .find(|n| n.has_tag_name("a"))
                .and_then(|a| a.attribute("href").map(str::to_string));
            (crate::text_of(li), href)
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "Robin Boss".to_string(),
                Some("/people/0195a000-0000-7000-8000-000000000010".to_string())
            ),
            (
                "Casey Lead".to_string(),
                Some("/people/0195a000-0000-7000-8000-000000000011".to_string())
            ),
            ("Alex Kim".to_string(), None),
        ]
    );
    assert!(html.contains(
        "<li><a href=\"/people/0195a000-0000-7000-8000-000000000012\">Dana Report</a></li>"
    ));

    // The history: every event as recorded, the correction and what it corrects.
    let history = crate::fragment(&html, "<table class=\"full history-table", "table");
    let doc = roxmltree::Document::parse(&history).expect("the history table is well-formed");
    let rows: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), events.len());
    let text: Vec<String> = rows.iter().map(|r| crate::text_of(*r)).collect();
    let corrected = rows
        .iter()
        .find(|r| r.attribute("class") == Some("corrected"))
        .expect("the corrected promotion is still listed");
    assert!(crate::text_of(*corrected).contains("2020-07-01"));
    assert!(crate::text_of(*corrected).contains("corrected by a later entry"));
    assert!(
        crate::text_of(*corrected).contains(
            "Corrected on 2026-01-05 (entry 3): The promotion took effect a month earlier."
        ),
        "{}",
        crate::text_of(*corrected)
    );
    assert!(
        text.iter().any(
            |t| t.contains("Corrects the promotion of 2020-07-01 (entry 2)")
                && t.contains("The promotion took effect a month earlier.")
        ),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("2023-03-01 Swing to management Engineering Manager (em-1)")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|t| t.starts_with(
            "2025-02-03 Swing to individual contribution Senior Staff Engineer (ic-5)"
        ) && t.contains("Wants to build again.")),
        "{text:#?}"
    );
    assert!(text.iter().any(|t| t.contains("Management trial ended with a return by the guaranteed path (swing to individual contribution)")));
    assert!(
        text.iter().any(|t| t.contains("2026-01-05 09:31 UTC")),
        "recorded at, in UTC"
    );

    // Pay is not linked unless the viewer may see it.
    assert!(!html.contains("/pay\""), "no pay link");
    assert!(
        !html.contains("<form class=\"people-form record-form\""),
        "no form without one"
    );
}

#[test]
fn a_trial_in_progress_shows_its_guaranteed_way_back() {
    let fws = frameworks();
    let events = sam_history(&fws);
    let sam = person(2, "Sam Lee", "sam@example.org", PersonStatus::Active);
    let view = person_page(&sam, &events, &fws, &[], &[], true, None);
    assert_page_frame(&view);
    let html = view.render_page();
    assert!(html.contains("In a management trial at <a href=\"/framework/levels/em-1\">Engineering Manager (em-1)</a>, started 2026-09-01, planned until 2027-03-01."), "{html}");
    assert!(html.contains("If the trial ends with a return, Sam Lee returns to <a href=\"/framework/levels/ic-4\">Staff Engineer (ic-4)</a>"), "{html}");
    assert!(html.contains("<a href=\"/people/0195a000-0000-7000-8000-000000000002/pay\">Pay</a>"));
    assert!(html.contains("No manager is shown for Sam Lee."));
    assert!(html.contains("No direct reports are shown."));
}

#[test]
fn a_manager_sees_where_a_swing_back_lands() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(3));
    h.then(EventKind::Hire, date!(2018 - 01 - 08), Some("em-2"));
    let jo = person(3, "Jo Park", "jo@example.org", PersonStatus::Active);
    let html = person_page(&jo, &h.events, &fws, &[], &[], false, None).render_page();
    assert!(html.contains("Return path: a swing to individual contribution lands Jo Park on <a href=\"/framework/levels/ic-5\">Senior Staff Engineer (ic-5)</a> or higher"), "{html}");
}

#[test]
fn a_scheduled_change_is_shown_as_scheduled_not_as_the_current_role() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(4));
    h.then(EventKind::Hire, date!(2019 - 03 - 04), Some("ic-2"));
    h.then(EventKind::Promotion, date!(2026 - 06 - 01), Some("ic-3"));
    h.then(EventKind::Promotion, date!(2027 - 01 - 04), Some("ic-4"));
    let kai = person(4, "Kai Ito", "kai@example.org", PersonStatus::Active);
    let view = person_page(&kai, &h.events, &fws, &[], &[], false, None);
    assert_page_frame(&view);
    let html = view.render_page();
    // The role in effect today, not the one recorded for January.
    assert!(
        html.contains(
            r#"<div><dt>Level id</dt><dd><a href="/framework/levels/ic-3">ic-3</a></dd></div>"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"<time datetime="2026-06-01">2026-06-01</time>"#));
    assert!(
        html.contains("<li>Scheduled from 2027-01-04: Promotion: Staff Engineer (ic-4).</li>"),
        "{html}"
    );
    assert!(html.contains(r#"<span class="badge badge-note">scheduled from 2027-01-04</span>"#));
    // The chart's description, the timeline table and the history say so too.
    assert!(
        html.contains(
            "now Senior Engineer (ic-3); scheduled from 2027-01-04: Staff Engineer (ic-4)."
        ),
        "{html}"
    );
    assert!(
        html.contains("promotion, scheduled from 2027-01-04"),
        "{html}"
    );
    assert!(html.contains(r#"<td class="num">onwards</td>"#), "{html}");
    // Past events are not marked.
    assert!(!html.contains("scheduled from 2026-06-01"));

    // Someone whose hire is still ahead holds no role yet.
    let mut h = History::new(&fws, person_id(5));
    h.then(EventKind::Hire, date!(2027 - 02 - 01), Some("ic-1"));
    let lee = person(5, "Lee Park", "lee@example.org", PersonStatus::Active);
    let html = person_page(&lee, &h.events, &fws, &[], &[], false, None).render_page();
    assert!(
        html.contains("No role is in effect yet: scheduled from 2027-02-01."),
        "{html}"
    );
    assert!(!html.contains("<dt>Level id</dt>"), "{html}");
}

#[test]
fn the_record_form_keeps_what_was_submitted_and_says_why_it_was_refused() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let submitted = RecordValues {
        kind: "trial-start".to_string(),
        effective: "2026-12-01".to_string(),
        level: "em-2".to_string(),
        until: "2027-06-01".to_string(),
        outcome: String::new(),
        reason: "Leads the <platform> team & more".to_string(),
        supersedes: String::new(),
        confirm_backdated: false,
    };
    let refusal = "The management trial starting on 2026-12-01 names Senior Engineering Manager (em-2) on the Management track, which is not allowed.";
    let form = RecordForm::new(FormMode::Record, "tok-123", &fws[&1])
        .with_values(submitted)
        .with_error_at(Some("level"), refusal);
    let view = person_page(&alex, &events, &fws, &[], &[], false, Some(form));
    assert_page_frame(&view);
    let html = view.render_page();
    let form = crate::fragment(&html, "<form class=\"people-form record-form\"", "form");

    // The form posts to the person page itself, so the address stays the page's.
    assert!(
        form.contains("method=\"post\" action=\"/people/0195a000-0000-7000-8000-000000000001\"")
    );
    assert!(form.contains("<input type=\"hidden\" name=\"form\" value=\"record\">"));
    assert!(form.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok-123\">"));
    // The summary comes first, as an alert that can take focus, before any field, and
    // links to the faulty field.
    let alert = form.find("role=\"alert\"").expect("an alert");
    assert!(alert < form.find("<select").unwrap());
    assert!(form.contains(
        "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"record-errors\""
    ));
    assert!(form.contains(&format!(
        "<li><a href=\"#record-level\">{}</a></li>",
        escaped(refusal)
    )));
    assert!(form.contains("aria-describedby=\"record-errors\""));
    // The faulty field is marked, its message beside it; the others are not.
    assert!(form.contains(
        "<select id=\"record-level\" name=\"level\" aria-invalid=\"true\" aria-describedby=\"record-level-error\">"
    ));
    assert!(form.contains(&format!(
        "<span class=\"field-error\" id=\"record-level-error\">{}</span>",
        escaped(refusal)
    )));
    assert_eq!(form.matches("aria-invalid").count(), 1, "{form}");
    // Everything submitted is still there.
    assert!(
        form.contains("<option value=\"trial-start\" selected>"),
        "{form}"
    );
    assert_eq!(
        form.matches(" selected>").count(),
        3,
        "kind, level and the empty outcome"
    );
    assert!(
        form.contains("<option value=\"em-2\" selected>Senior Engineering Manager (em-2)</option>")
    );
    assert!(form.contains("name=\"effective\" type=\"date\" required value=\"2026-12-01\""));
    assert!(form.contains("name=\"until\" type=\"date\" value=\"2027-06-01\""));
    assert!(form.contains(&format!(
        "value=\"{}\"",
        escaped("Leads the <platform> team & more")
    )));
    // Levels grouped by track.
    assert!(form.contains("<optgroup label=\"Individual contributor\">"));
    assert!(form.contains("<optgroup label=\"Management\">"));
    // Every kind of change the domain knows but a hire or a baseline, by its own name.
    let kind_select = crate::fragment(&form, "<select id=\"record-kind\"", "select");
    let kinds: Vec<String> = attribute_values(&kind_select, "value");
    assert!(kinds.iter().all(|k| EventKind::parse(k).is_some()));
    assert_eq!(
        kinds,
        [
            "promotion",
            "move",
            "trial-start",
            "trial-extend",
            "trial-end",
            "leave",
            "career-break",
            "return",
            "exit"
        ]
    );
    assert!(form.contains("<option value=\"stay\">") && form.contains("<option value=\"return\">"));
    assert!(form.contains("<button type=\"submit\">Record</button>"));
    assert!(html.contains("<h2 id=\"record\">Record a change</h2>"));
    assert!(!form.contains("role=\"status\""));
}

#[test]
fn the_record_form_says_which_kinds_each_optional_field_applies_to() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let form = RecordForm::new(FormMode::Record, "tok", &fws[&1]);
    let html = person_page(&alex, &events, &fws, &[], &[], false, Some(form)).render_page();
    let form = crate::fragment(&html, "<form class=\"people-form record-form\"", "form");
    // pendulum.js hides the fields whose `data-kinds` do not list the kind chosen; without
    // it every field shows, with its hint.
    let kinds_of = |id: &str| {
        let at = form.find(&format!("<label for=\"{id}\"")).expect(id);
        let p = form[..at].rfind("<p").unwrap();
        let tag = &form[p..at];
        tag.split("data-kinds=\"")
            .nth(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
    };
    assert_eq!(
        kinds_of("record-level").as_deref(),
        Some("hire baseline promotion move trial-start trial-end return")
    );
    assert_eq!(
        kinds_of("record-until").as_deref(),
        Some("trial-start trial-extend leave career-break")
    );
    assert_eq!(kinds_of("record-outcome").as_deref(), Some("trial-end"));
    // The kind, the date and the reason apply to every kind.
    for always in ["record-kind", "record-effective", "record-reason"] {
        assert_eq!(kinds_of(always), None, "{always}");
    }
    assert!(form.contains("(only for the end of a trial)"));
    // No refusal, no summary and no field marked.
    assert!(!form.contains("error-summary") && !form.contains("aria-invalid"));
}

#[test]
fn a_manager_proposes_and_sees_a_notice() {
    let fws = frameworks();
    let events = sam_history(&fws);
    let sam = person(2, "Sam Lee", "sam@example.org", PersonStatus::Active);
    let form = RecordForm::new(FormMode::Propose, "tok", &fws[&1])
        .with_notice("Your proposal is waiting for an administrator.");
    let html = person_page(&sam, &events, &fws, &[], &[], false, Some(form)).render_page();
    let form = crate::fragment(&html, "<form class=\"people-form record-form\"", "form");
    assert!(form.contains("<p class=\"form-message form-notice\" role=\"status\">Your proposal is waiting for an administrator.</p>"));
    assert!(form.contains("an administrator, who confirms it"));
    assert!(form.contains("<button type=\"submit\">Propose</button>"));
    assert!(!form.contains("role=\"alert\""));
    assert!(
        !form.contains(" selected>Promotion"),
        "nothing chosen for a new form"
    );
    assert!(html.contains("<h2 id=\"record\">Propose a change</h2>"));
}

fn directory(
    entries: &[DirectoryEntry<'_>],
    total: usize,
    page: usize,
    managers: &[&Person],
    filters: &DirectoryFilters,
) -> DirectoryView {
    DirectoryView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        &builtin_fw(),
        DirectoryPage {
            entries,
            total,
            exact: true,
            more: false,
            page,
            per_page: 2,
        },
        managers,
        filters,
    )
}

#[test]
fn the_directory_keeps_its_filters_in_the_form_and_in_the_page_links() {
    let fws = frameworks();
    let alex_events = alex_history(&fws);
    let sam_events = sam_history(&fws);
    let alex_role = fold(&fws, &alex_events).unwrap();
    let sam_role = fold(&fws, &sam_events).unwrap();
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let sam = person(2, "Sam Lee", "sam@example.org", PersonStatus::Active);
    let casey = person(11, "Casey Lead", "casey@example.org", PersonStatus::Active);
    let robin = person(10, "Robin Boss", "robin@example.org", PersonStatus::Active);
    let entries = [
        DirectoryEntry {
            person: &alex,
            role: Some(&alex_role),
            manager: Some(&casey),
            scheduled: Some(date!(2027 - 01 - 04)),
        },
        DirectoryEntry {
            person: &sam,
            role: Some(&sam_role),
            manager: None,
            scheduled: None,
        },
    ];
    let filters = DirectoryFilters {
        q: "a & b".to_string(),
        track: "ic".to_string(),
        level: "ic-5".to_string(),
        grade: "g5".to_string(),
        manager: casey.id.to_string(),
        status: "all".to_string(),
    };
    let view = directory(&entries, 5, 2, &[&robin, &casey], &filters);
    assert_page_frame(&view);
    let html = view.render_page();

    // The form: a GET search that works without JavaScript, with the values kept.
    let form = crate::fragment(&html, "<form class=\"people-filters\"", "form");
    assert!(form.contains("method=\"get\" action=\"/people/\""));
    assert!(
        form.contains("name=\"q\" type=\"search\" value=\"a &#38; b\""),
        "{form}"
    );
    for selected in [
        "<option value=\"all\" selected>Everyone on record</option>",
        "<option value=\"ic\" selected>Individual contributor</option>",
        "<option value=\"ic-5\" selected>Senior Staff Engineer (ic-5)</option>",
        "<option value=\"g5\" selected>g5</option>",
        "<option value=\"0195a000-0000-7000-8000-000000000011\" selected>Casey Lead</option>",
    ] {
        assert!(form.contains(selected), "{selected} in {form}");
    }
    assert_eq!(form.matches(" selected>").count(), 5);
    for any in ["Any track", "Any level", "Any grade", "Any manager"] {
        assert!(form.contains(&format!("<option value=\"\">{any}</option>")));
    }
    assert!(form.contains("<button type=\"submit\">Search</button>"));

    // The results: each person linked, their level and manager linked.
    assert!(html.contains("<h2 id=\"results-heading\">5 people</h2>"));
    // A change recorded for later is marked beside the role in effect, for Alex only.
    assert_eq!(
        html.matches("a change scheduled from 2027-01-04").count(),
        1,
        "{html}"
    );
    assert!(html.contains("page 2 of 3"));
    assert!(html.contains("<a href=\"/people/0195a000-0000-7000-8000-000000000001\">Alex Kim</a>"));
    assert!(html.contains("<a href=\"/framework/levels/ic-5\">Senior Staff Engineer</a> <span class=\"meta id\">(ic-5)</span>"));
    assert!(html.contains(
        "<td><a href=\"/people/0195a000-0000-7000-8000-000000000011\">Casey Lead</a></td>"
    ));
    assert!(
        html.contains("<td>active, in a management trial</td>"),
        "Sam's trial"
    );

    // Page links keep every filter.
    let pager = crate::fragment(&html, "<nav class=\"pager people-pager\"", "nav");
    let hrefs = attribute_values(&pager, "href");
    let query = "q=a+%26+b&track=ic&level=ic-5&grade=g5&manager=0195a000-0000-7000-8000-000000000011&status=all";
    assert_eq!(
        hrefs,
        [
            format!("/people/?{query}"),
            format!("/people/?{query}&page=3")
        ]
    );
    assert!(pager.contains("rel=\"prev\"") && pager.contains("rel=\"next\""));
    assert!(pager.contains("Page 2 of 3"));
}

#[test]
fn a_count_that_stopped_at_its_limit_says_more_than_and_pages_on() {
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let entries = [DirectoryEntry {
        person: &alex,
        role: None,
        manager: None,
        scheduled: None,
    }];
    let filters = DirectoryFilters {
        q: "an".to_string(),
        ..DirectoryFilters::default()
    };
    let page = |more: bool| {
        DirectoryView::new(
            "Acme",
            &links(),
            &PeopleLinks::new("/people/"),
            &builtin_fw(),
            DirectoryPage {
                entries: &entries,
                total: 500,
                exact: false,
                more,
                page: 12,
                per_page: 50,
            },
            &[],
            &filters,
        )
        .render_page()
    };
    let html = page(true);
    assert!(
        html.contains("<h2 id=\"results-heading\">More than 500 people</h2>"),
        "{html}"
    );
    assert!(html.contains("More than 500 matches"));
    assert!(
        !html.contains("page 12 of"),
        "no last page is claimed: {html}"
    );
    let pager = crate::fragment(&html, "<nav class=\"pager people-pager\"", "nav");
    assert!(pager.contains("Page 12"), "{pager}");
    assert_eq!(
        attribute_values(&pager, "href"),
        ["/people/?q=an&page=11", "/people/?q=an&page=13"]
    );
    // The last page: a way back, none on.
    let pager = crate::fragment(&page(false), "<nav class=\"pager people-pager\"", "nav");
    assert_eq!(attribute_values(&pager, "href"), ["/people/?q=an&page=11"]);
}

#[test]
fn an_empty_directory_search_says_so_kindly() {
    let filters = DirectoryFilters {
        q: "nobody".to_string(),
        ..DirectoryFilters::default()
    };
    let view = directory(&[], 0, 1, &[], &filters);
    assert_page_frame(&view);
    let html = view.render_page();
    assert!(html.contains("No one matches these filters."), "{html}");
    assert!(!html.contains("<table"));
    assert!(!html.contains("people-pager"), "one page, no pager");
    assert!(html.contains("<a href=\"/people/\">Clear the filters</a>"));
}

fn pay_event(seq: u32, minor: i64, currency: &str, effective: Date, reason: &str) -> PayEvent {
    PayEvent {
        id: format!("0195c000-0000-7000-8000-{seq:012}")
            .parse::<PayEventId>()
            .unwrap(),
        person: person_id(1),
        seq,
        amount: Money {
            minor,
            currency: Currency::new(currency).unwrap(),
        },
        effective,
        recorded_at: datetime!(2026-02-01 08:00 +01:00),
        reason: Some(reason.to_string()),
    }
}

#[test]
fn pay_shows_where_each_amount_sits_in_its_band() {
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let history = vec![
        pay_event(1, 8_100_000, "EUR", date!(2021 - 03 - 01), "hire"),
        pay_event(2, 9_500_000, "EUR", date!(2022 - 03 - 01), "review"),
    ];
    let band = pendulum_framework::model::PayBand {
        currency: Currency::new("EUR").unwrap(),
        min: 80_000,
        mid: Some(90_000),
        max: 100_000,
        example: false,
        description: None,
        zones: Vec::new(),
        extra: Default::default(),
        origin: Default::default(),
    };
    let bands = |e: &PayEvent| {
        pendulum_domain::band_position(&e.amount, &band)
            .map(|pos| BandInfo::new("Senior Engineer (ic-3)".into(), &band, pos))
    };
    let view = PayView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        &alex,
        &history,
        None,
        &bands,
    );
    let html = view.render_page();
    // The current pay: 75 % into the band, 1.06 times the midpoint.
    assert!(html.contains(
        "<dt>Place in the band</dt><dd>75 % into the band <meter min=\"0\" max=\"100\" value=\"75\""
    ));
    assert!(html.contains("<dt>Compa-ratio</dt><dd>1.06 "));
    assert!(html.contains("Senior Engineer (ic-3): EUR 80,000–100,000 (midpoint 90,000)"));
    // Every row, with the columns.
    assert!(html.contains("<th scope=\"col\">Place in the band</th>"));
    assert!(html.contains("<td class=\"band-place\">5 % into the band<br>"));
    assert!(html.contains("<td class=\"num\">0.90</td>"));

    // Without bands, no such columns.
    let plain = PayView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        &alex,
        &history,
        None,
        &|_| None,
    )
    .render_page();
    assert!(!plain.contains("Place in the band"));
    assert!(!plain.contains("Compa-ratio"));
}

#[test]
fn the_pay_page_formats_money_and_keeps_its_form() {
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let history = [
        pay_event(
            2,
            12_345_678,
            "EUR",
            date!(2025 - 02 - 03),
            "Swing to individual contribution, pay kept.",
        ),
        pay_event(
            1,
            9_800_000,
            "EUR",
            date!(2023 - 03 - 01),
            "Joined management.",
        ),
    ];
    let form = PayForm::new("pay-tok");
    let view = PayView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        &alex,
        &history,
        Some(form),
        &|_| None,
    );
    assert_page_frame(&view);
    let html = view.render_page();
    assert!(html.contains("<h1>Pay of Alex Kim</h1>"));
    assert!(html.contains(
        "Only Alex Kim and pay administrators can see this page, and every view of it is logged."
    ));
    assert!(html.contains("<dt>Annual base pay</dt><dd>EUR 123,456.78</dd>"));
    let table = crate::fragment(&html, "<table class=\"full pay-history", "table");
    let doc = roxmltree::Document::parse(&table).unwrap();
    let rows: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .skip(1)
        .map(crate::text_of)
        .collect();
    assert_eq!(
        rows,
        [
            "2023-03-01 EUR 98,000.00 Joined management. 2026-02-01 07:00 UTC",
            "2025-02-03 EUR 123,456.78 Swing to individual contribution, pay kept. 2026-02-01 07:00 UTC",
        ]
    );
    let form = crate::fragment(&html, "<form class=\"people-form\"", "form");
    assert!(form.contains("action=\"/people/0195a000-0000-7000-8000-000000000001/pay\""));
    assert!(form.contains("<input type=\"hidden\" name=\"csrf\" value=\"pay-tok\">"));
    assert!(form.contains("name=\"currency\" type=\"text\" required maxlength=\"3\" size=\"4\" autocomplete=\"off\" value=\"EUR\""), "the last currency: {form}");

    // After a refusal the values come back, with the message as an alert.
    let refused = PayForm::new("pay-tok")
        .with_values(PayValues {
            amount: "12,5".to_string(),
            currency: "GBP".to_string(),
            effective: "2026-04-01".to_string(),
            reason: "Annual review".to_string(),
            below_pre_trial_reason: String::new(),
        })
        .with_error_at(
            Some("amount"),
            "“12,5” is not an amount: use digits and a decimal point.",
        );
    let view = PayView::new(
        "Acme",
        &links(),
        &PeopleLinks::new("/people/"),
        &alex,
        &history,
        Some(refused),
        &|_| None,
    );
    let html = view.render_page();
    let form = crate::fragment(&html, "<form class=\"people-form\"", "form");
    assert!(form.contains("role=\"alert\""));
    assert!(form.find("role=\"alert\"").unwrap() < form.find("<input").unwrap());
    assert!(form.contains("id=\"pay-errors\""));
    assert!(form.contains("<a href=\"#pay-amount\">"));
    assert!(form.contains("aria-invalid=\"true\" aria-describedby=\"pay-amount-error\""));
    assert!(form.contains("<span class=\"field-error\" id=\"pay-amount-error\">"));
    assert!(!form.contains("aria-describedby=\"pay-currency-error\""));
    for kept in [
        "value=\"12,5\"",
        "value=\"GBP\"",
        "value=\"2026-04-01\"",
        "value=\"Annual review\"",
    ] {
        assert!(form.contains(kept), "{kept}");
    }
}

#[test]
fn the_pay_form_announces_a_protection_after_a_return() {
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let history = [pay_event(
        1,
        10_000_000,
        "EUR",
        date!(2024 - 01 - 01),
        "Annual review",
    )];
    let protection = pendulum_domain::pay::ReturnProtection {
        trial_started: date!(2024 - 09 - 01),
        returned_on: date!(2025 - 03 - 01),
        protected_until: date!(2026 - 02 - 28),
        before_trial: history[0].amount.clone(),
    };
    let render = |form: PayForm| {
        PayView::new(
            "Acme",
            &links(),
            &PeopleLinks::new("/people/"),
            &alex,
            &history,
            Some(form),
            &|_| None,
        )
        .render_page()
    };

    let html = render(PayForm::new("pay-tok").with_protection(Some(&protection)));
    let section = crate::fragment(&html, "<section aria-labelledby=\"record-pay\"", "section");
    let notice = crate::fragment(&section, "<div class=\"pay-protection\"", "div");
    assert_eq!(
        crate::text_of(roxmltree::Document::parse(&notice).unwrap().root_element()),
        "Pay is protected until 2026-02-28. Alex Kim returned from a management trial on \
         2025-03-01; their pay before the trial was EUR 100,000.00. Until the protection ends, \
         recording less than EUR 100,000.00 needs a reason for paying less, in the field below."
    );
    assert!(section.find("pay-protection").unwrap() < section.find("<form").unwrap());
    let form = crate::fragment(&html, "<form class=\"people-form\"", "form");
    assert!(form.contains(
        "<label for=\"pay-below-pre-trial-reason\">Reason for paying less than before the trial</label>"
    ));
    assert!(
        form.contains("<input id=\"pay-below-pre-trial-reason\" name=\"below_pre_trial_reason\" type=\"text\" maxlength=\"2000\" value=\"\">"),
        "shown, not required: a raise needs no reason: {form}"
    );
    assert!(!html.to_lowercase().contains("demot"));

    // Refused for want of the reason: the summary leads to the field, now required.
    let refused = PayForm::new("pay-tok")
        .with_values(PayValues {
            amount: "90000".to_string(),
            currency: "EUR".to_string(),
            effective: "2025-06-01".to_string(),
            ..PayValues::default()
        })
        .with_error_at(
            Some("below_pre_trial_reason"),
            "90000 EUR is below 100000 EUR.",
        )
        .with_protection(Some(&protection));
    let html = render(refused);
    let form = crate::fragment(&html, "<form class=\"people-form\"", "form");
    assert!(form.contains("<a href=\"#pay-below-pre-trial-reason\">"));
    assert!(form.contains("id=\"pay-below-pre-trial-reason\" name=\"below_pre_trial_reason\" type=\"text\" maxlength=\"2000\" required value=\"\" aria-invalid=\"true\" aria-describedby=\"pay-below-pre-trial-reason-error\""));

    // No protection: no notice and no field.
    let html = render(PayForm::new("pay-tok").with_protection(None));
    assert!(!html.contains("pay-protection") && !html.contains("below_pre_trial_reason"));
}

#[test]
fn a_pay_page_without_a_form_or_history_still_reads() {
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let view = PayView::new(
        "Acme",
        &links(),
        &PeopleLinks::default(),
        &alex,
        &[],
        None,
        &|_| None,
    );
    assert_page_frame(&view);
    let html = view.render_page();
    assert!(html.contains("No pay is recorded yet."));
    assert!(!html.contains("<form class=\"people-form\""));
}

#[test]
fn hostile_names_and_reasons_are_escaped_on_every_people_page() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(1));
    h.add(EventKind::Hire, date!(2021 - 03 - 01), Some("ic-2"), |e| {
        e.reason = Some(HOSTILE.to_string());
    });
    h.then(EventKind::TrialStart, date!(2026 - 06 - 01), Some("em-1"));
    let mut victim = person(1, HOSTILE, "x@example.org", PersonStatus::Active);
    let boss = person(2, HOSTILE, "y@example.org", PersonStatus::Active);
    victim.manager = Some(boss.id);
    let role = h.role();
    let form = RecordForm::new(FormMode::Record, HOSTILE, &fws[&1])
        .with_values(RecordValues {
            reason: HOSTILE.to_string(),
            level: HOSTILE.to_string(),
            kind: HOSTILE.to_string(),
            ..RecordValues::default()
        })
        .with_error(HOSTILE);
    let person_html = person_page(
        &victim,
        &h.events,
        &fws,
        &[&boss],
        &[&boss],
        true,
        Some(form),
    );
    let entries = [DirectoryEntry {
        person: &victim,
        role: Some(&role),
        manager: Some(&boss),
        scheduled: None,
    }];
    let filters = DirectoryFilters {
        q: HOSTILE.to_string(),
        track: HOSTILE.to_string(),
        ..DirectoryFilters::default()
    };
    let directory_html = directory(&entries, 1, 1, &[&boss], &filters);
    let pay_html = PayView::new(
        "Acme <b>",
        &links(),
        &PeopleLinks::default(),
        &victim,
        &[pay_event(1, 100, "EUR", date!(2021 - 03 - 01), HOSTILE)],
        Some(
            PayForm::new(HOSTILE)
                .with_error(HOSTILE)
                .with_values(PayValues {
                    amount: HOSTILE.to_string(),
                    ..PayValues::default()
                }),
        ),
        &|_| {
            Some(BandInfo {
                level: HOSTILE.to_string(),
                band: HOSTILE.to_string(),
                position: BandPosition {
                    place: BandPlace::Above,
                    compa_ratio_percent: 130,
                },
            })
        },
    );
    let pages = [
        person_html.render_page(),
        person_html.render_partial(),
        directory_html.render_page(),
        pay_html.render_page(),
    ];
    for html in &pages {
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            !html.contains("\"quotes\""),
            "quotes escaped in text and attributes"
        );
        assert!(!html.contains("<b>"));
        assert!(html.contains(&escaped(HOSTILE)));
    }
    // The inline timeline escapes the name too and stays well-formed.
    let svg = crate::fragment(&pages[0], "<svg", "svg");
    let doc = roxmltree::Document::parse(&svg).expect("the timeline is well-formed");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        title.text(),
        Some(format!("Career timeline of {HOSTILE}").as_str())
    );
}

#[test]
fn a_trial_from_above_the_return_path_returns_to_the_level_held_before() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(4));
    h.then(EventKind::Hire, date!(2019 - 01 - 07), Some("ic-5"));
    h.then(EventKind::TrialStart, date!(2026 - 10 - 01), Some("em-1"));
    let lee = person(4, "Lee Wu", "lee@example.org", PersonStatus::Active);
    let html = person_page(&lee, &h.events, &fws, &[], &[], false, None).render_page();
    assert!(
        html.contains("If the trial ends with a return, Lee Wu returns to <a href=\"/framework/levels/ic-5\">Senior Staff Engineer (ic-5)</a>"),
        "{html}"
    );
    // The domain agrees: ending the trial with a return lands there.
    h.add(EventKind::TrialEnd, date!(2026 - 11 - 02), None, |e| {
        e.outcome = Some(TrialOutcome::Return);
    });
    assert_eq!(h.role().level.as_str(), "ic-5");
}

/// "Correct this entry" opens a correction form filled in with the entry's values: every
/// kind offered (a hire can be what was wrong), the corrected event's id hidden, a reason
/// required. Rows offer the control only to a viewer with a form, and never on an entry
/// corrected already.
#[test]
fn a_correction_form_is_filled_in_with_the_entry() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);

    let without = person_page(&alex, &events, &fws, &[], &[], false, None).render_page();
    assert!(!without.contains("Correct this entry"));

    let plain = RecordForm::new(FormMode::Propose, "tok-123", &fws[&1]);
    let html = person_page(&alex, &events, &fws, &[], &[], false, Some(plain)).render_page();
    assert_eq!(
        html.matches("class=\"correct-entry\"").count(),
        events.len() - 1,
        "every entry but the corrected one"
    );
    let corrected_row = crate::fragment(&html, "<tr id=\"entry-2\"", "tr");
    assert!(
        !corrected_row.contains("Correct this entry"),
        "{corrected_row}"
    );
    let hire = &events[0];
    assert!(html.contains(&format!(
        "href=\"/people/0195a000-0000-7000-8000-000000000001?correct={}#record\"",
        hire.id
    )));

    let form = RecordForm::new(FormMode::Propose, "tok-123", &fws[&1]).correcting(hire);
    let html = person_page(&alex, &events, &fws, &[], &[], false, Some(form)).render_page();
    assert!(html.contains(">Propose a correction</h2>"), "{html}");
    let form = crate::fragment(
        &html,
        "<form class=\"people-form record-form correction-form\"",
        "form",
    );
    assert!(
        form.contains("This corrects the hire of 2019-03-04 (entry 1)."),
        "{form}"
    );
    assert!(form.contains(&format!(
        "<input type=\"hidden\" name=\"supersedes\" value=\"{}\">",
        hire.id
    )));
    assert!(form.contains("<option value=\"hire\" selected>"), "{form}");
    assert!(form.contains("<option value=\"ic-2\" selected>"), "{form}");
    assert!(form.contains("name=\"effective\" type=\"date\" required value=\"2019-03-04\""));
    assert!(form.contains("name=\"reason\" type=\"text\" maxlength=\"2000\" value=\"\" required"));
    assert!(form.contains(">Propose the correction</button>"));
    let kinds = attribute_values(
        &crate::fragment(&form, "<select id=\"record-kind\"", "select"),
        "value",
    );
    assert_eq!(kinds.len(), 11);
}

/// A viewer who may open only some of the people a page names (a member: their own page)
/// sees the others' names as text, not links to pages that would answer 404, and their
/// breadcrumbs start at home, not at a directory they do not have.
#[test]
fn names_link_only_to_pages_the_viewer_may_open() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let ceo = person(10, "Robin Boss", "robin@example.org", PersonStatus::Active);
    let lead = person(11, "Casey Lead", "casey@example.org", PersonStatus::Active);
    let people = PeopleLinks::new("/people/").for_viewer(
        pendulum_views::people::Openable::Only([alex.id, lead.id].into()),
        false,
    );
    let view = PersonView::new(
        "Acme",
        &links(),
        &people,
        &fws,
        PersonPage {
            person: &alex,
            events: &events,
            managers: &[&ceo, &lead],
            reports: &[],
            show_pay: false,
            form: None,
            today: TODAY,
            reporting: ReportingSection {
                history: &[],
                form: None,
            },
        },
    );
    let html = view.render_page();
    let chain = crate::fragment(&html, "<ol class=\"reporting-chain\"", "ol");
    assert!(chain.contains("<li>Robin Boss</li>"), "{chain}");
    assert!(
        chain.contains(
            "<li><a href=\"/people/0195a000-0000-7000-8000-000000000011\">Casey Lead</a></li>"
        ),
        "{chain}"
    );
    assert!(
        !html.contains("0195a000-0000-7000-8000-000000000010"),
        "{html}"
    );
    let crumbs = crate::fragment(&html, "<nav class=\"breadcrumbs\"", "nav");
    assert!(crumbs.contains("<a href=\"/\">Home</a>"), "{crumbs}");
    assert!(!crumbs.contains("/people/\""), "{crumbs}");
}

/// A change's preview sits in the record form, before its buttons: the warning naming the
/// later entries of a back-dated change with the box that confirms it, the explanation of a
/// raised level, and the timeline with the change in place under ids of its own.
#[test]
fn the_record_form_shows_what_a_change_does_before_it_is_recorded() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let warning = "Dated 2019-01-07, this entry comes before an entry already recorded: the promotion of 2019-07-01 (entry 2).";
    let raised = "Recorded at Staff Engineer (ic-4), not Engineer I (ic-1): the return path of Engineering Manager (em-1) guarantees Staff Engineer (ic-4).";
    let preview = pendulum_views::people::RecordPreview::new(
        "Alex Kim",
        &events,
        &fws,
        TODAY,
        Some(warning.to_string()),
        Some(raised.to_string()),
        true,
    );
    assert!(preview.needs_confirmation());
    let form = RecordForm::new(FormMode::Record, "tok-123", &fws[&1])
        .without_levels(&below_ic_4(), NOT_OFFERED)
        .with_preview(preview);
    let html = person_page(&alex, &events, &fws, &[], &[], false, Some(form)).render_page();
    let form = crate::fragment(&html, "<form class=\"people-form record-form\"", "form");
    let at = form
        .find("<div class=\"record-preview\"")
        .expect("the preview");
    let preview = &form[at..];
    assert!(preview.contains(&escaped(warning)), "{preview}");
    assert!(preview.contains(&escaped(raised)), "{preview}");
    assert!(
        preview.contains("id=\"preview-timeline-title\""),
        "{preview}"
    );
    assert!(
        preview.contains("<input id=\"record-confirm-backdated\" name=\"confirm_backdated\" type=\"checkbox\" value=\"true\">"),
        "{preview}"
    );
    assert!(form.find("record-preview").unwrap() < form.find("<button").unwrap());
    assert!(form.contains("name=\"action\" value=\"preview\""));
    // The levels a move would not land on are not offered, and the sentence says why.
    assert!(!form.contains("<option value=\"ic-1\""), "{form}");
    assert!(form.contains("<option value=\"ic-4\""), "{form}");
    assert!(
        form.contains(&format!(
            "<span class=\"form-hint levels-not-offered\" id=\"record-level-not-offered\">{}</span>",
            escaped(NOT_OFFERED)
        )),
        "{form}"
    );
    assert!(
        form.contains(
            "<select id=\"record-level\" name=\"level\" aria-describedby=\"record-level-not-offered\">"
        ),
        "{form}"
    );
    // The page's own timeline keeps its ids: the preview's are its own.
    assert_eq!(html.matches("id=\"timeline-title\"").count(), 1);
}

/// The levels a move from management would not land on, as the web application leaves
/// them out of the built-in framework's select.
fn below_ic_4() -> Vec<String> {
    ["ic-1", "ic-2", "ic-3"].map(String::from).to_vec()
}

const NOT_OFFERED: &str = "Levels below Staff Engineer (ic-4) are not offered: the return path of Engineering Manager (em-1) guarantees Staff Engineer (ic-4).";

/// A correction takes an earlier entry's place, so it offers every level again; a level
/// left out but submitted anyway comes back selected, marked when refused, with both the
/// error and the sentence describing the select.
#[test]
fn a_level_left_out_comes_back_for_a_correction_or_when_submitted() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let form_of = |form: RecordForm| {
        let html = person_page(&alex, &events, &fws, &[], &[], false, Some(form)).render_page();
        crate::fragment(&html, "<form class=\"people-form record-form", "form").to_string()
    };
    let new = || {
        RecordForm::new(FormMode::Record, "tok-123", &fws[&1])
            .without_levels(&below_ic_4(), NOT_OFFERED)
    };

    let corrected = form_of(new().correcting(&events[0]));
    for level in ["ic-1", "ic-2", "ic-3", "ic-4"] {
        assert!(
            corrected.contains(&format!("<option value=\"{level}\"")),
            "{level}: {corrected}"
        );
    }
    assert!(
        !corrected.contains("record-level-not-offered"),
        "{corrected}"
    );
    let at = |html: &str, level: &str| html.find(&format!("<option value=\"{level}\"")).unwrap();
    assert!(
        at(&corrected, "ic-1") < at(&corrected, "ic-2")
            && at(&corrected, "ic-3") < at(&corrected, "ic-4"),
        "in the track's order"
    );

    let submitted = form_of(
        new()
            .with_values(RecordValues {
                kind: "move".into(),
                effective: "2024-04-01".into(),
                level: "ic-1".into(),
                ..RecordValues::default()
            })
            .with_error_at(Some("level"), "Not this level."),
    );
    assert!(
        submitted.contains("<option value=\"ic-1\" selected>"),
        "{submitted}"
    );
    assert!(!submitted.contains("<option value=\"ic-2\""), "{submitted}");
    assert!(!submitted.contains("Not in this framework"), "{submitted}");
    assert!(
        submitted.contains("<select id=\"record-level\" name=\"level\" aria-invalid=\"true\" aria-describedby=\"record-level-error record-level-not-offered\">"),
        "{submitted}"
    );
}

/// What is scheduled (dated after today) is drawn after the "today" line under a veil that
/// makes it lighter; a chart with nothing scheduled has no veil.
#[test]
fn the_timeline_draws_what_is_scheduled_lighter_after_today() {
    let fws = frameworks();
    let alex = person(1, "Alex Kim", "alex@example.org", PersonStatus::Active);
    let mut h = History::new(&fws, person_id(1));
    h.then(EventKind::Hire, date!(2021 - 03 - 01), Some("ic-2"));
    let now = pendulum_views::timeline::TimelineChart::new("Alex Kim", &h.events, &fws, TODAY);
    assert_eq!(now.after_today_width(), 0.0);
    assert!(!now.to_markup().to_string().contains("after-today"));

    h.then(EventKind::Promotion, date!(2027 - 06 - 01), Some("ic-3"));
    let chart = pendulum_views::timeline::TimelineChart::new("Alex Kim", &h.events, &fws, TODAY);
    assert!(chart.after_today_width() > 1.0);
    let svg = chart.to_markup().to_string();
    let veil = svg
        .find("class=\"after-today\"")
        .expect("a veil after today");
    assert!(veil > svg.find("class=\"today\"").unwrap());
    assert!(
        veil < svg.find("class=\"labels\"").unwrap(),
        "labels stay above it"
    );
    let html = person_page(&alex, &h.events, &fws, &[], &[], false, None).render_page();
    assert!(html.contains("scheduled from 2027-06-01"), "{html}");
}
