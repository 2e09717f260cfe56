//! The home page at `/`: where a signed-in person starts. It is a list of sections
//! ([`HomeSection`]) that the web application picks for the viewer's role; a feature that
//! has something to say on arrival (checkpoints due, the journal's prompt) adds a variant here,
//! its markup in `templates/home/index.html`, and a line where the sections are chosen.
//!
//! The view only lays sections out: what each holds is decided by the caller.

use askama::Template;
use time::Date;

use crate::framework::Link;
use crate::people::PersonLink;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// The viewer's current role: where they are, since when, and where they could go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSection {
    /// "Senior Engineer (ic-3)", linking to the level's page.
    pub level: Link,
    /// The track, linking to its page.
    pub track: Link,
    /// "since 1 March 2022 (2 years, 3 months)".
    pub since: String,
    /// What changes at the next level of the viewer's own track; `None` at its last level.
    pub next: Option<Link>,
    /// What changes in a move to the equivalent level of each other track.
    pub across: Vec<Link>,
    /// Shown when the person holds no role today (not yet hired, or left).
    pub note: Option<String>,
}

/// A person of a manager's team, with their role and time in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamRow {
    pub person: Link,
    /// "Engineer II (ic-2)", or "no current role".
    pub role: String,
    /// "2 years, 1 month", or empty without a role.
    pub time_in_role: String,
}

/// A proposal waiting for a decision, in one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingProposal {
    /// The person it is about, linked only when the viewer may open their page (someone
    /// who has left the manager's line is named without a link).
    pub person: PersonLink,
    pub what: String,
    pub proposed_on: String,
}

/// One line of a home section that leads somewhere: "Rob's checkpoint at day 30 is due on
/// 2026-02-04", linking to the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HomeItem {
    pub text: String,
    pub href: String,
    /// Past its date: shown as overdue.
    pub overdue: bool,
}

/// What the viewer's transition plans and trials ask of them now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlansHome {
    /// Checkpoints due within a week or overdue that the viewer has not recorded: theirs,
    /// and their reports'.
    pub checkpoints: Vec<HomeItem>,
    /// Plans waiting for the viewer's agreement.
    pub waiting: Vec<HomeItem>,
    /// Trials ending within 30 days.
    pub ending: Vec<HomeItem>,
}

impl PlansHome {
    pub fn is_empty(&self) -> bool {
        self.checkpoints.is_empty() && self.waiting.is_empty() && self.ending.is_empty()
    }
}

/// One section of the home page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HomeSection {
    /// The viewer's own role.
    Role(RoleSection),
    /// The account has no person with its email: say so, and who can fix it.
    Unlinked,
    /// A manager's direct reports.
    Team(Vec<TeamRow>),
    /// Proposals the manager made that wait for an admin.
    MyProposals(Vec<WaitingProposal>),
    /// Proposals an admin has to decide.
    ToDecide { count: u64, link: String },
    /// The way to pay, for an account holding the pay capability.
    Pay { links: Vec<Link> },
    /// What the analyst role is for, and its ways into the simulator.
    Analyst {
        projection: String,
        simulate: String,
    },
    /// A gentle prompt: nothing is written in the viewer's journal this week.
    JournalPrompt { link: String },
    /// The way to the viewer's private reflections before a move.
    Reflections { link: String },
    /// The viewer's journal and reflections are locked (their account was handed to
    /// someone else): why, and the way to unlock them.
    NotesLocked { message: String, link: String },
    /// Checkpoints due, plans waiting for agreement, trials ending.
    Plans(PlansHome),
    /// For a pay holder: returns from a management trial whose pay is protected.
    Returns(Vec<HomeItem>),
}

impl HomeSection {
    /// The section's heading, also its landmark's name.
    pub fn heading(&self) -> &'static str {
        match self {
            Self::Role(_) | Self::Unlinked => "Your role",
            Self::Team(_) => "Your team",
            Self::MyProposals(_) => "Your proposals waiting for a decision",
            Self::ToDecide { .. } => "Proposals to decide",
            Self::Pay { .. } => "Pay",
            Self::Analyst { .. } => "Your role as an analyst",
            Self::JournalPrompt { .. } => "Your journal",
            Self::Reflections { .. } => "Thinking about a move?",
            Self::NotesLocked { .. } => "Your journal and reflections are locked",
            Self::Plans(_) => "Plans and trials",
            Self::Returns(_) => "Pay after a return",
        }
    }

    /// A stable name for the section (its element id, and what tests look for).
    pub fn key(&self) -> &'static str {
        match self {
            Self::Role(_) => "home-role",
            Self::Unlinked => "home-unlinked",
            Self::Team(_) => "home-team",
            Self::MyProposals(_) => "home-my-proposals",
            Self::ToDecide { .. } => "home-to-decide",
            Self::Pay { .. } => "home-pay",
            Self::Analyst { .. } => "home-analyst",
            Self::JournalPrompt { .. } => "home-journal",
            Self::Reflections { .. } => "home-reflections",
            Self::NotesLocked { .. } => "home-notes-locked",
            Self::Plans(_) => "home-plans",
            Self::Returns(_) => "home-returns",
        }
    }
}

#[derive(Template)]
#[template(path = "home/index.html", blocks = ["content"])]
pub struct HomeView {
    pub chrome: Chrome,
    pub greeting: String,
    pub sections: Vec<HomeSection>,
    pub people: String,
}

crate::view!(HomeView);

impl HomeView {
    /// - `organisation`: the organisation's name.
    /// - `name`: the person's name, or `None` for an account linked to no person.
    pub fn new(
        organisation: &str,
        links: &Links,
        name: Option<&str>,
        sections: Vec<HomeSection>,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Home", links),
            greeting: match name {
                Some(name) => format!("Welcome, {name}"),
                None => "Welcome".to_string(),
            },
            sections,
            people: crate::paths::PEOPLE.to_string(),
        }
    }
}

/// How long from `since` to `today`, in years and months ("2 years, 1 month", "5 months",
/// "less than a month"); "from <date>" for a date still to come.
pub fn time_between(since: Date, today: Date) -> String {
    if since > today {
        return format!("from {}", crate::dates::date(since));
    }
    let mut months = (today.year() - since.year()) * 12 + i32::from(u8::from(today.month()))
        - i32::from(u8::from(since.month()));
    if today.day() < since.day() {
        months -= 1;
    }
    let (years, months) = (months / 12, months % 12);
    let plural = |n: i32, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    match (years, months) {
        (0, 0) => "less than a month".to_string(),
        (0, m) => plural(m, "month"),
        (y, 0) => plural(y, "year"),
        (y, m) => format!("{}, {}", plural(y, "year"), plural(m, "month")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;
    use time::macros::date;

    #[test]
    fn time_in_a_role_reads_in_years_and_months() {
        let today = date!(2026 - 12 - 06);
        assert_eq!(
            time_between(date!(2024 - 09 - 01), today),
            "2 years, 3 months"
        );
        assert_eq!(time_between(date!(2025 - 12 - 06), today), "1 year");
        assert_eq!(
            time_between(date!(2026 - 11 - 07), today),
            "less than a month"
        );
        assert_eq!(time_between(date!(2026 - 07 - 06), today), "5 months");
        assert_eq!(
            time_between(date!(2026 - 12 - 20), today),
            "from 2026-12-20"
        );
    }

    fn link(label: &str, href: &str) -> Link {
        Link {
            label: label.to_string(),
            href: href.to_string(),
        }
    }

    #[test]
    fn each_section_renders_under_its_heading_in_the_order_given() {
        let links = Links::web("/framework/", "/static/");
        let view = HomeView::new(
            "Acme",
            &links,
            Some("Ada"),
            vec![
                HomeSection::Role(RoleSection {
                    level: link("Staff Engineer (ic-4)", "/framework/levels/ic-4"),
                    track: link("Individual contributor", "/framework/tracks/ic"),
                    since: "since 1 March 2022 (4 years, 9 months)".to_string(),
                    next: Some(link("Principal Engineer", "/framework/next/ic-4")),
                    across: vec![link(
                        "Engineering Manager",
                        "/framework/explain?from=ic-4&to=mgr-1",
                    )],
                    note: None,
                }),
                HomeSection::ToDecide {
                    count: 3,
                    link: "/proposals".to_string(),
                },
                HomeSection::Team(vec![TeamRow {
                    person: link("Bo", "/people/b"),
                    role: "Engineer II (ic-2)".to_string(),
                    time_in_role: "1 year".to_string(),
                }]),
            ],
        );
        let html = view.render_partial();
        assert!(html.contains("Welcome, Ada"), "{html}");
        let role = html.find("id=\"home-role\"").expect("the role section");
        let decide = html.find("id=\"home-to-decide\"").expect("the proposals");
        let team = html.find("id=\"home-team\"").expect("the team");
        assert!(role < decide && decide < team, "{html}");
        assert!(
            html.contains("href=\"/framework/explain?from=ic-4&#38;to=mgr-1\""),
            "{html}"
        );
        assert!(
            html.contains("3 proposals wait for your decision"),
            "{html}"
        );
        assert!(html.contains("1 year"), "{html}");
        assert!(!html.contains("id=\"home-unlinked\""));
    }

    #[test]
    fn a_waiting_proposal_links_its_person_only_when_their_page_opens() {
        let links = Links::web("/framework/", "/static/");
        let waiting = |name: &str, href: Option<&str>| WaitingProposal {
            person: PersonLink {
                name: name.to_string(),
                href: href.map(str::to_string),
            },
            what: "Promotion to Staff Engineer (ic-4)".to_string(),
            proposed_on: "2026-11-02".to_string(),
        };
        let view = HomeView::new(
            "Acme",
            &links,
            Some("Mia"),
            vec![HomeSection::MyProposals(vec![
                waiting("Rob", Some("/people/r")),
                waiting("Left The Line", None),
            ])],
        );
        let html = view.render_partial();
        assert!(
            html.contains("<li><a href=\"/people/r\">Rob</a>: Promotion"),
            "{html}"
        );
        assert!(html.contains("<li>Left The Line: Promotion"), "{html}");
    }

    #[test]
    fn plans_and_returns_say_what_waits_and_mark_what_is_overdue() {
        let links = Links::web("/framework/", "/static/");
        let item = |text: &str, overdue| HomeItem {
            text: text.to_string(),
            href: "/plans/p".to_string(),
            overdue,
        };
        let view = HomeView::new(
            "Acme",
            &links,
            Some("Mia"),
            vec![
                HomeSection::Plans(PlansHome {
                    checkpoints: vec![item("Rob's checkpoint at day 30, due 2026-02-04", true)],
                    waiting: vec![item("Rob's plan towards Engineering Manager", false)],
                    ending: vec![item("Rob's trial ends on 2026-07-05", false)],
                }),
                HomeSection::Returns(vec![item("Kim returned on 2026-04-06", false)]),
            ],
        );
        let html = view.render_partial();
        assert!(html.contains("id=\"home-plans\""), "{html}");
        assert!(
            html.contains("<a href=\"/plans/p\">Rob&#39;s checkpoint at day 30, due 2026-02-04</a> <span class=\"badge badge-overdue\">overdue</span>"),
            "{html}"
        );
        assert!(html.contains("Waiting for your agreement"), "{html}");
        assert!(html.contains("Ending within 30 days"), "{html}");
        assert!(html.contains("id=\"home-returns\""), "{html}");
        assert!(!html.to_lowercase().contains("demot"));
    }

    #[test]
    fn an_account_linked_to_no_person_is_told_what_to_do() {
        let links = Links::web("/framework/", "/static/");
        let view = HomeView::new("Acme", &links, None, vec![HomeSection::Unlinked]);
        let html = view.render_page();
        assert!(html.contains("not linked to a person yet"), "{html}");
        assert!(html.contains("ask an admin"), "{html}");
    }
}
