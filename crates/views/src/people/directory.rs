//! The people directory: a search form that works without JavaScript (a GET form whose
//! values come back selected) and one page of results, with links to the pages before and
//! after that keep the filters.

use askama::Template;
use pendulum_domain::{CurrentRole, Person};
use pendulum_framework::Framework;

use super::{OptionGroup, PeopleLinks, PersonLink, SelectOption, level_groups, status_label};
use crate::framework::kind_class;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// The directory's filters as the query string gave them: an empty string means "any".
/// Kept as text, so what someone typed comes back as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryFilters {
    /// Part of a name or an email address.
    pub q: String,
    /// A track id.
    pub track: String,
    /// A level id.
    pub level: String,
    /// A grade id.
    pub grade: String,
    /// A manager's person id.
    pub manager: String,
    /// Who is listed: `""` the people here now (everyone but those who left), `all`
    /// everyone on record, `left` only those who left.
    pub status: String,
}

/// The choices of the directory's "who" filter: value and label.
pub const STATUS_CHOICES: [(&str, &str); 3] = [
    ("", "People here now"),
    ("all", "Everyone on record"),
    ("left", "People who left"),
];

impl DirectoryFilters {
    /// The filters that are set, as query-string pairs in the form's order.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", self.q.as_str()),
            ("track", self.track.as_str()),
            ("level", self.level.as_str()),
            ("grade", self.grade.as_str()),
            ("manager", self.manager.as_str()),
            ("status", self.status.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
    }

    /// Whether any filter is set.
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }
}

/// One person of the page of results.
#[derive(Clone, Copy, Debug)]
pub struct DirectoryEntry<'a> {
    pub person: &'a Person,
    /// Where their history puts them now; `None` when they have no history yet.
    pub role: Option<&'a CurrentRole>,
    /// Their manager, when they have one the viewer may see.
    pub manager: Option<&'a Person>,
    /// The date of their next scheduled change (recorded, not in effect yet), if any.
    pub scheduled: Option<time::Date>,
}

/// The page of results the web application found.
#[derive(Clone, Copy, Debug)]
pub struct DirectoryPage<'a> {
    /// The people of this page, already filtered and in order.
    pub entries: &'a [DirectoryEntry<'a>],
    /// How many people match the filters, on every page (at most the count's limit).
    pub total: usize,
    /// `false` when more than `total` people match: the count stopped at its limit.
    pub exact: bool,
    /// Whether a page follows this one.
    pub more: bool,
    /// This page's number, from 1.
    pub page: usize,
    /// How many people a page holds.
    pub per_page: usize,
}

/// A row of the results table.
pub struct Row {
    pub person: PersonLink,
    pub email: String,
    pub level: Option<(String, String, String)>,
    pub track: Option<String>,
    pub class: &'static str,
    pub grade: Option<String>,
    pub manager: Option<PersonLink>,
    pub status: String,
    /// "a change scheduled from DATE" beside the role in effect.
    pub scheduled: Option<String>,
}

/// A link to another page of results.
pub struct PageLink {
    pub href: String,
    pub number: usize,
}

#[derive(Template)]
#[template(path = "people/directory.html", blocks = ["content"])]
pub struct DirectoryView {
    pub chrome: Chrome,
    pub action: String,
    pub q: String,
    pub tracks: Vec<SelectOption>,
    pub levels: Vec<OptionGroup>,
    pub grades: Vec<SelectOption>,
    pub managers: Vec<SelectOption>,
    pub statuses: Vec<SelectOption>,
    pub filtered: bool,
    pub total: usize,
    /// `false` when more than `total` match.
    pub exact: bool,
    pub rows: Vec<Row>,
    pub page: usize,
    /// The number of pages, when the count is exact.
    pub pages: Option<usize>,
    /// Whether the results take more than one page.
    pub paged: bool,
    /// "page 2 of 7", or "page 2" when the count stopped at its limit.
    pub position: String,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
    /// The form that adds a person, for admins.
    pub add_person: Option<String>,
}

crate::view!(DirectoryView);

impl DirectoryView {
    /// The directory with a link to the form that adds a person at `href` (admins).
    #[must_use]
    pub fn with_add_person(mut self, href: &str) -> Self {
        self.add_person = Some(href.to_string());
        self
    }
}

impl DirectoryView {
    /// The directory of `organisation`.
    ///
    /// - `links`: the web application's links (framework pages under `/framework/`, with
    ///   the signed-in header); level titles link to their framework page.
    /// - `people`: where the people pages are.
    /// - `fw`: the organisation's current framework: the options of the track, level and
    ///   grade filters, and the titles of the levels people hold.
    /// - `results`: the page of results, already filtered by the caller.
    /// - `managers`: the options of the manager filter, in the order to show them.
    /// - `filters`: the filters as submitted, shown again in the form and kept in the
    ///   links to other pages.
    pub fn new(
        organisation: &str,
        links: &Links,
        people: &PeopleLinks,
        fw: &Framework,
        results: DirectoryPage<'_>,
        managers: &[&Person],
        filters: &DirectoryFilters,
    ) -> Self {
        let per_page = results.per_page.max(1);
        let pages = results
            .exact
            .then(|| results.total.div_ceil(per_page).max(1));
        let page = results.page.clamp(1, pages.unwrap_or(usize::MAX));

        let mut tracks: Vec<SelectOption> = fw
            .tracks
            .iter()
            .map(|t| SelectOption::new(t.id.as_str(), &t.name, &filters.track))
            .collect();
        keep_unknown(&mut tracks, &filters.track);
        let mut grades: Vec<SelectOption> = fw
            .grades
            .iter()
            .map(|g| SelectOption::new(g.as_str(), g.as_str(), &filters.grade))
            .collect();
        keep_unknown(&mut grades, &filters.grade);
        let mut manager_options: Vec<SelectOption> = managers
            .iter()
            .map(|m| SelectOption::new(&m.id.to_string(), &m.name, &filters.manager))
            .collect();
        keep_unknown(&mut manager_options, &filters.manager);

        let rows = results
            .entries
            .iter()
            .map(|entry| {
                let placed = entry.role.map(|role| {
                    let found = fw.level(&role.level);
                    let title =
                        found.map_or_else(|| role.level.to_string(), |(_, l)| l.title.clone());
                    let track = fw
                        .track(&role.track)
                        .map_or_else(|| role.track.to_string(), |t| t.name.clone());
                    let class = found.map_or("kind-other", |(t, _)| kind_class(t.kind));
                    let grade = found.and_then(|(_, l)| l.grade.as_ref().map(ToString::to_string));
                    (
                        (title, role.level.to_string(), links.level(&role.level)),
                        track,
                        class,
                        grade,
                    )
                });
                let mut status = status_label(entry.person.status).to_string();
                if entry.role.is_some_and(|r| r.trial.is_some()) {
                    status.push_str(", in a management trial");
                }
                Row {
                    person: PersonLink::of(entry.person, people),
                    email: entry.person.email.to_string(),
                    class: placed.as_ref().map_or("kind-other", |p| p.2),
                    grade: placed.as_ref().and_then(|p| p.3.clone()),
                    track: placed.as_ref().map(|p| p.1.clone()),
                    level: placed.map(|p| p.0),
                    manager: entry.manager.map(|m| PersonLink::of(m, people)),
                    status,
                    scheduled: entry
                        .scheduled
                        .map(|d| format!("a change scheduled from {d}")),
                }
            })
            .collect();

        let page_link = |number: usize| PageLink {
            href: people.directory_query(filters, number),
            number,
        };
        Self {
            chrome: Chrome::app(organisation, "People", links),
            action: people.directory(),
            q: filters.q.clone(),
            tracks,
            levels: level_groups(fw, &filters.level),
            grades,
            managers: manager_options,
            statuses: STATUS_CHOICES
                .iter()
                .map(|(value, label)| SelectOption::new(value, label, &filters.status))
                .collect(),
            filtered: !filters.is_empty(),
            total: results.total,
            exact: results.exact,
            rows,
            page,
            pages,
            paged: pages.is_none_or(|pages| pages > 1),
            position: match pages {
                Some(pages) => format!("page {page} of {pages}"),
                None => format!("page {page}"),
            },
            previous: (page > 1).then(|| page_link(page - 1)),
            next: pages
                .map_or(results.more, |pages| page < pages)
                .then(|| page_link(page + 1)),
            add_person: None,
        }
    }
}

/// Keeps a submitted value the options do not hold, selected, so it is not lost.
fn keep_unknown(options: &mut Vec<SelectOption>, current: &str) {
    if !current.is_empty() && !options.iter().any(|o| o.selected) {
        options.push(SelectOption::new(current, current, current));
    }
}
