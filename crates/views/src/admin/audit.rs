//! The audit log (`/audit`, admins): who changed what and when, newest first, filtered by
//! action and by a person or an account, a page at a time.
//!
//! The person-or-account field takes a person's name, an account's email or either's id.
//! It suggests as one types: a `<datalist>` that htmx fills from
//! [`paths::AUDIT_SUGGESTIONS`] ([`AuditSuggestions`]); without JavaScript it is a plain
//! text field.

use askama::Template;

use super::{paths, with_query};
use crate::framework::Link;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// An entry of the log, as the web application resolved it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    /// The entry's id: the next page starts before the last one shown.
    pub id: String,
    /// When, as shown.
    pub at: String,
    /// Who: the actor as the log keeps it (an account identifier, `cli`, `system`…).
    pub actor: String,
    /// What: the action string, such as `framework.published`.
    pub action: String,
    /// What it was done to, as the log keeps it.
    pub subject: String,
    /// The person it concerns, where there is one and they can be linked.
    pub person: Option<Link>,
}

/// The filters of the log, kept in the filter form and the link to older entries. Empty
/// strings mean no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: String,
    /// A person's name or id, or an account's email or id, as typed.
    pub person: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html", blocks = ["content"])]
pub struct AuditView {
    pub chrome: Chrome,
    pub action: &'static str,
    pub rows: Vec<AuditRow>,
    pub actions: Vec<String>,
    pub filter: AuditFilter,
    pub filtered: bool,
    pub older: Option<String>,
    pub newest: Option<String>,
    /// Where the field's suggestions come from.
    pub suggestions: &'static str,
    /// Whom the person-or-account filter found, as shown above the rows ("Ada Lovelace
    /// (person)"), or why it found no one: `Err`, shown as the field's error.
    pub found: Option<Result<String, String>>,
}

crate::view!(AuditView);

impl AuditView {
    /// The page saying whom the person-or-account filter names, or why it names no one.
    #[must_use]
    pub fn with_found(mut self, found: Result<String, String>) -> Self {
        self.found = Some(found);
        self
    }
}

/// A suggestion of the person-or-account field: `value` goes into the field, `label`
/// says what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
}

/// The suggestions for what was typed, as the `<option>`s of the field's `<datalist>`.
#[derive(Template)]
#[template(
    source = "{% for s in suggestions %}<option value=\"{{ s.value }}\" label=\"{{ s.label }}\"></option>\n{% endfor %}",
    ext = "html"
)]
pub struct AuditSuggestions {
    pub suggestions: Vec<Suggestion>,
}

impl AuditSuggestions {
    /// The `<option>`s, escaped.
    pub fn to_html(&self) -> String {
        self.render().unwrap_or_default()
    }
}

impl AuditView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `rows`: one page of entries, newest first.
    /// - `actions`: every action string, for the filter's select.
    /// - `filter`: the filters this page was asked with.
    /// - `more`: whether older entries exist beyond this page: shows "Older entries",
    ///   linking to the entries before the last one shown, with the same filters.
    /// - `paged`: whether this page starts before some entry (a `before=` was given):
    ///   shows a link back to the newest entries.
    pub fn new(
        organisation: &str,
        links: &Links,
        rows: Vec<AuditRow>,
        actions: &[&str],
        filter: AuditFilter,
        more: bool,
        paged: bool,
    ) -> Self {
        let older = rows.last().filter(|_| more).map(|last| {
            with_query(
                paths::AUDIT,
                &[
                    ("before", &last.id),
                    ("action", &filter.action),
                    ("person", &filter.person),
                ],
            )
        });
        let newest = paged.then(|| {
            with_query(
                paths::AUDIT,
                &[("action", &filter.action), ("person", &filter.person)],
            )
        });
        Self {
            chrome: Chrome::app(organisation, "Audit log", links),
            action: paths::AUDIT,
            actions: actions.iter().map(ToString::to_string).collect(),
            filtered: !filter.action.is_empty() || !filter.person.is_empty(),
            filter,
            rows,
            older,
            newest,
            suggestions: paths::AUDIT_SUGGESTIONS,
            found: None,
        }
    }
}
