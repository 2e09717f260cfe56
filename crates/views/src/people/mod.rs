//! The people pages of the web application: the directory, a person's page (current role,
//! pendulum timeline, reporting line, history, the form that records a change) and a
//! person's pay.
//!
//! Like every view, these only render: the web application decides who may see what and
//! passes only that (the reporting line a viewer may see, whether pay is visible, whether
//! a form is offered and in which mode), and it filters and pages the directory itself.
//! Inputs are the domain's own types ([`Person`], [`RoleEvent`](pendulum_domain::RoleEvent),
//! [`CurrentRole`](pendulum_domain::CurrentRole), [`PayEvent`](pendulum_domain::PayEvent))
//! and plain strings; addresses come from [`Links`](crate::Links) for framework pages and
//! from [`PeopleLinks`] for people pages.
//!
//! Wording is neutral, as everywhere in Pendulum: a move between tracks is a move, a swing
//! to individual contribution or to management, in the same words both ways.

pub mod add;
pub mod directory;
pub mod pay;
pub mod person;

use std::collections::HashSet;

use pendulum_domain::{Money, Person, PersonId, PersonStatus};
use pendulum_framework::Framework;
use time::OffsetDateTime;
use time::UtcOffset;

pub use add::{AddPersonValues, AddPersonView};
pub use directory::{DirectoryEntry, DirectoryFilters, DirectoryPage, DirectoryView};
pub use pay::{BandInfo, PayForm, PayValues, PayView, ProtectionNotice};
pub use person::{
    CORRECTION_KINDS, FormMode, ManagerForm, ManagerValues, PersonPage, PersonView, RecordForm,
    RecordPreview, RecordValues, ReportingSection, entry_words,
};

/// Whose pages the viewer may open, as the web application decided it: a name is a link
/// only to a page that opens, and plain text otherwise (a member sees their manager's
/// name, not a link to a page that would answer 404).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Openable {
    Everyone,
    /// These people only.
    Only(HashSet<PersonId>),
}

impl Openable {
    pub fn contains(&self, id: &PersonId) -> bool {
        match self {
            Self::Everyone => true,
            Self::Only(ids) => ids.contains(id),
        }
    }
}

/// Where the people pages are: `{base}` is the directory, `{base}{id}` a person's page,
/// `{base}{id}/pay` their pay, `{base}{id}/timeline.svg` their timeline as an image, and
/// `{base}{id}/events` where the record form posts. They also hold what the viewer may
/// open ([`PeopleLinks::for_viewer`]), so that a view links only to pages that open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleLinks {
    base: String,
    openable: Openable,
    /// Whether the viewer browses the directory; otherwise breadcrumbs start at home.
    browse: bool,
    home: String,
}

impl PeopleLinks {
    /// Links under `base`, such as `/people/` (a missing final `/` is added), for a viewer
    /// who may open every person's page and the directory.
    pub fn new(base: &str) -> Self {
        let mut base = base.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Self {
            base,
            openable: Openable::Everyone,
            browse: true,
            home: crate::shell::paths::HOME.to_string(),
        }
    }

    /// The same links for a viewer who may open the pages of `openable` only, and the
    /// directory only when `browse`.
    pub fn for_viewer(mut self, openable: Openable, browse: bool) -> Self {
        self.openable = openable;
        self.browse = browse;
        self
    }

    /// The directory.
    pub fn directory(&self) -> String {
        self.base.clone()
    }

    /// The first step of a people page's breadcrumbs: the directory for a viewer who
    /// browses it, the home page for anyone else (a member has no directory to go to).
    pub fn trail_root(&self) -> crate::framework::Link {
        if self.browse {
            crate::framework::Link {
                label: "People".to_string(),
                href: self.directory(),
            }
        } else {
            crate::framework::Link {
                label: "Home".to_string(),
                href: self.home.clone(),
            }
        }
    }

    /// `person`'s name, linked to their page when the viewer may open it.
    pub fn link(&self, person: &Person) -> PersonLink {
        PersonLink {
            name: person.name.clone(),
            href: self
                .openable
                .contains(&person.id)
                .then(|| self.person(&person.id)),
        }
    }

    /// The directory with these filters and this page number (filters left empty are left
    /// out, and so is page 1).
    pub fn directory_query(&self, filters: &DirectoryFilters, page: usize) -> String {
        let page = page.to_string();
        let mut pairs = filters.pairs();
        if page != "1" {
            pairs.push(("page", &page));
        }
        let query = query_string(&pairs);
        if query.is_empty() {
            self.directory()
        } else {
            format!("{}?{query}", self.base)
        }
    }

    /// A person's page.
    pub fn person(&self, id: &PersonId) -> String {
        format!("{}{id}", self.base)
    }

    /// A person's pay page, where the pay form posts too.
    pub fn pay(&self, id: &PersonId) -> String {
        format!("{}{id}/pay", self.base)
    }

    /// A person's timeline as a standalone SVG image.
    pub fn timeline_svg(&self, id: &PersonId) -> String {
        format!("{}{id}/timeline.svg", self.base)
    }

    /// Where the record (or propose) form of a person's page posts.
    pub fn events(&self, id: &PersonId) -> String {
        format!("{}{id}/events", self.base)
    }

    /// Where a person's reporting-change form posts.
    pub fn manager(&self, id: &PersonId) -> String {
        format!("{}{id}/manager", self.base)
    }
}

impl Default for PeopleLinks {
    fn default() -> Self {
        Self::new(crate::shell::paths::PEOPLE)
    }
}

/// A person's status as shown: `active`, `on leave`, `on a career break`, `left`.
pub fn status_label(status: PersonStatus) -> &'static str {
    match status {
        PersonStatus::Active => "active",
        PersonStatus::OnLeave => "on leave",
        PersonStatus::OnCareerBreak => "on a career break",
        PersonStatus::Exited => "left the organisation",
    }
}

/// An amount with its currency code and thousands separators, from minor units:
/// 12345678 EUR is `EUR 123,456.78`; 1500000 JPY is `JPY 1,500,000`. The currency code
/// comes first, as in the framework's pay bands (`EUR 90,000–114,000`).
pub fn format_money(money: &Money) -> String {
    let digits = minor_digits(money.currency.as_str());
    let sign = if money.minor < 0 { "-" } else { "" };
    let minor = money.minor.unsigned_abs();
    let scale = 10u64.pow(digits);
    let major = pendulum_framework::format::amount(minor / scale);
    if digits == 0 {
        format!("{} {sign}{major}", money.currency)
    } else {
        let fraction = minor % scale;
        format!(
            "{} {sign}{major}.{fraction:0width$}",
            money.currency,
            width = digits as usize
        )
    }
}

/// Decimal places of a currency's minor unit (ISO 4217), from the table amounts are
/// parsed with ([`pendulum_domain::pay::minor_digits`]), so an amount shows as it was
/// entered; 2 for a code outside it.
pub fn minor_digits(currency: &str) -> u32 {
    pendulum_domain::pay::minor_digits(currency).unwrap_or(2)
}

/// When something was recorded, in UTC: `2024-03-01 14:05 UTC`.
pub(crate) fn recorded_at(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{} {:02}:{:02} UTC",
        at.date(),
        at.time().hour(),
        at.time().minute()
    )
}

/// An option of a `<select>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    fn new(value: &str, label: &str, current: &str) -> Self {
        Self {
            value: value.to_string(),
            label: label.to_string(),
            selected: value == current,
        }
    }
}

/// A group of options (`<optgroup>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionGroup {
    pub label: String,
    pub options: Vec<SelectOption>,
}

/// The levels of a framework grouped by track, as `<optgroup>`s, with `current` selected.
/// A current value the framework does not hold is kept, in a group of its own, so that a
/// form re-rendered after a refusal never loses what was submitted.
pub(crate) fn level_groups(fw: &Framework, current: &str) -> Vec<OptionGroup> {
    let mut groups: Vec<OptionGroup> = fw
        .tracks
        .iter()
        .map(|t| OptionGroup {
            label: t.name.clone(),
            options: t
                .levels
                .iter()
                .map(|l| {
                    SelectOption::new(l.id.as_str(), &format!("{} ({})", l.title, l.id), current)
                })
                .collect(),
        })
        .collect();
    let known = groups.iter().flat_map(|g| &g.options).any(|o| o.selected);
    if !current.is_empty() && !known {
        groups.push(OptionGroup {
            label: "Not in this framework".to_string(),
            options: vec![SelectOption::new(current, current, current)],
        });
    }
    groups
}

/// A person's name, with a link to their page when the viewer may open it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonLink {
    pub name: String,
    pub href: Option<String>,
}

impl PersonLink {
    pub(crate) fn of(person: &Person, people: &PeopleLinks) -> Self {
        people.link(person)
    }
}

/// `key=value&…`, each part percent-encoded (everything but unreserved characters).
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pendulum_framework::ids::Currency;

    fn money(minor: i64, currency: &str) -> Money {
        Money {
            minor,
            currency: Currency::new(currency).unwrap(),
        }
    }

    #[test]
    fn money_reads_with_its_currency_and_separators() {
        assert_eq!(format_money(&money(12_345_678, "EUR")), "EUR 123,456.78");
        assert_eq!(format_money(&money(5, "GBP")), "GBP 0.05");
        assert_eq!(format_money(&money(1_500_000, "JPY")), "JPY 1,500,000");
        assert_eq!(format_money(&money(1_234_567, "KWD")), "KWD 1,234.567");
        assert_eq!(format_money(&money(-100, "USD")), "USD -1.00");
    }

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(
            query_string(&[("q", "Ada & \"Bo\""), ("page", "2")]),
            "q=Ada+%26+%22Bo%22&page=2"
        );
        assert_eq!(encode("é/"), "%C3%A9%2F");
    }

    #[test]
    fn people_links_sit_under_their_base() {
        let links = PeopleLinks::new("/people");
        let id: PersonId = "0195a000-0000-7000-8000-000000000001".parse().unwrap();
        assert_eq!(links.directory(), "/people/");
        assert_eq!(
            links.person(&id),
            "/people/0195a000-0000-7000-8000-000000000001"
        );
        assert!(links.pay(&id).ends_with("/pay"));
        assert!(links.timeline_svg(&id).ends_with("/timeline.svg"));
        assert!(links.events(&id).ends_with("/events"));
        let filters = DirectoryFilters {
            q: "kim".to_string(),
            track: "ic".to_string(),
            ..DirectoryFilters::default()
        };
        assert_eq!(
            links.directory_query(&filters, 3),
            "/people/?q=kim&track=ic&page=3"
        );
        assert_eq!(
            links.directory_query(&DirectoryFilters::default(), 1),
            "/people/"
        );
    }
}
