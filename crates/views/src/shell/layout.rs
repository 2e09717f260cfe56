//! What surrounds every view: the document head, the site header with its navigation,
//! and the footer (`templates/layout.html`).

use pendulum_framework::Framework;

use crate::shell::links::{Links, NavLink};

/// The parts of the layout that change from page to page.
#[derive(Clone, Debug)]
pub struct Chrome {
    /// The document's language.
    pub lang: &'static str,
    /// The page's own title, first in `<title>`.
    pub title: String,
    /// The site's name, after the page title and in the header.
    pub site: String,
    /// A line in the footer.
    pub footer: String,
    pub links: Links,
    pub nav: Vec<NavLink>,
}

/// The framework pages a navigation entry can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overview,
    Pay,
    Rights,
    Lint,
    /// A page not in the navigation (a track, a level, a diff).
    Other,
}

impl Chrome {
    /// The layout of a framework page: the framework's name as the site name and the
    /// framework navigation with `current` marked.
    pub fn framework(fw: &Framework, title: &str, links: &Links, current: Section) -> Self {
        let entry = |label: &str, href: String, section: Section| NavLink {
            label: label.to_string(),
            href,
            current: section == current,
        };
        Self {
            lang: "en",
            title: title.to_string(),
            site: fw.name.clone(),
            footer: match &fw.version {
                Some(v) => format!("{}, version {v}.", fw.name),
                None => format!("{}.", fw.name),
            },
            nav: vec![
                entry("Tracks by grade", links.index(), Section::Overview),
                entry("Pay compared", links.pay(), Section::Pay),
                entry("Decision rights compared", links.rights(), Section::Rights),
                entry("Lint report", links.lint(), Section::Lint),
            ],
            links: links.clone(),
        }
    }

    /// The layout of a page of the web application outside the framework (people, audit,
    /// accounts): the organisation's name as the site name, and the framework's navigation
    /// left out; the signed-in header comes from `links` ([`crate::AppBar`]).
    pub fn app(organisation: &str, title: &str, links: &Links) -> Self {
        Self {
            lang: "en",
            title: title.to_string(),
            site: organisation.to_string(),
            footer: format!("{organisation}."),
            nav: Vec::new(),
            links: links.clone(),
        }
    }
}
