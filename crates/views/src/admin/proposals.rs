//! Proposals (`/proposals`): changes to a role history that a manager suggests and an
//! admin confirms or declines. Managers see their own proposals; admins see everyone's,
//! pending ones first, each with a Confirm and a Decline button.
//!
//! Both buttons' forms post to the page's own address (`/proposals`), the hidden `form`
//! (`confirm` or `decline`) and `proposal` fields saying which; a refusal comes back on the
//! page with the form's summary at the top of the row's decision, by the one pattern of
//! every form (docs/architecture.md, "Forms").

use askama::Template;

use super::{feedback, paths};
use crate::forms::FormErrors;
use crate::framework::Link;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// A proposal, with the names the web application resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalRow {
    /// The proposal's id, in the confirm and decline forms' addresses.
    pub id: String,
    /// The person whose history it changes, linked to their page (an empty `href`: named
    /// without a link, for a viewer who may not open the page).
    pub person: Link,
    /// What it records: the event's kind and level, such as "Move to Engineering Manager
    /// (trial)". Neutral words: a move is a move.
    pub what: String,
    /// When the event takes effect, as shown.
    pub effective: String,
    /// Who proposed it, as shown.
    pub proposed_by: String,
    /// When, as shown.
    pub proposed_at: String,
    /// `pending`, `confirmed` or `declined`.
    pub status: String,
    /// After a decision: by whom and when, and a decline's reason, as shown.
    pub decision: Option<String>,
    /// What the one who decides needs to know: the proposer's reason and, while it is
    /// pending, what the change would do.
    pub context: ProposalContext,
}

impl ProposalRow {
    /// The proposer's email in pieces that end at `@` and at dots, so that a narrow
    /// column breaks it only there (`<wbr>` between the pieces), never mid-word.
    pub fn proposed_by_parts(&self) -> Vec<&str> {
        email_parts(&self.proposed_by)
    }
}

/// `ada.lovelace@example.org` → `["ada.", "lovelace@", "example.", "org"]`.
pub fn email_parts(email: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in email.char_indices() {
        if c == '@' || c == '.' {
            parts.push(&email[start..=i]);
            start = i + 1;
        }
    }
    if start < email.len() {
        parts.push(&email[start..]);
    }
    parts
}

/// A proposal's context, in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProposalContext {
    /// The proposer's reason.
    pub reason: Option<String>,
    /// The person's level now and how long they have held it: "Senior Engineer (ic-3),
    /// for 2 years".
    pub now: Option<String>,
    /// The level the change leads from and to: "Senior Engineer (ic-3) → Staff Engineer
    /// (ic-4)".
    pub change: Option<String>,
    /// A change of track, a level the rules place differently from what was asked, a
    /// scheduled date, later entries it precedes, or why it would be refused now.
    pub notes: Vec<String>,
}

/// A proposal as the table shows it.
pub struct ProposalLine {
    pub row: ProposalRow,
    pub pending: bool,
    /// The names of its two forms, the prefixes of their ids: `confirm-{id}` and
    /// `decline-{id}` (the decline's reason is `decline-{id}-reason`).
    pub confirm_form: String,
    pub decline_form: String,
    /// The decline's reason as typed, kept after a refusal.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::email_parts;

    #[test]
    fn emails_break_only_after_at_and_dots() {
        assert_eq!(
            email_parts("ada.lovelace@example.org"),
            vec!["ada.", "lovelace@", "example.", "org"]
        );
        assert_eq!(email_parts("a@b"), vec!["a@", "b"]);
        assert_eq!(email_parts("plain"), vec!["plain"]);
        assert_eq!(email_parts("x."), vec!["x."]);
    }
}

#[derive(Template)]
#[template(path = "admin/proposals.html", blocks = ["content"])]
pub struct ProposalsView {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub csrf: String,
    pub rows: Vec<ProposalLine>,
    pub admin: bool,
    pub pending: usize,
    /// Where the decision forms post: the page's own address.
    pub action: &'static str,
    /// A refused decision, drawn at the top of its row's forms.
    pub errors: Option<FormErrors>,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// The viewer's home page, where a manager's team leads to the pages proposals are
    /// made from.
    pub home: String,
}

crate::view!(ProposalsView);
feedback!(ProposalsView);

impl ProposalsView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back by every form.
    /// - `rows`: the proposals this account sees, newest first: a manager's own, or
    ///   everyone's for an admin.
    /// - `admin`: whether the account decides proposals: pending rows come first and get
    ///   Confirm and Decline buttons.
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        rows: Vec<ProposalRow>,
        admin: bool,
    ) -> Self {
        let mut rows: Vec<ProposalLine> = rows
            .into_iter()
            .map(|row| ProposalLine {
                pending: row.status == "pending",
                confirm_form: Self::form_name("confirm", &row.id),
                decline_form: Self::form_name("decline", &row.id),
                reason: String::new(),
                row,
            })
            .collect();
        if admin {
            // Stable: newest first within pending and within decided.
            rows.sort_by_key(|r| !r.pending);
        }
        let heading = if admin { "Proposals" } else { "Your proposals" };
        Self {
            chrome: Chrome::app(organisation, heading, links),
            heading,
            csrf: csrf.to_string(),
            pending: rows.iter().filter(|r| r.pending).count(),
            rows,
            admin,
            action: paths::PROPOSALS,
            errors: None,
            error: None,
            notice: None,
            home: paths::HOME.to_string(),
        }
    }

    /// The name of a decision form (`confirm` or `decline`) of proposal `id`.
    pub fn form_name(decision: &str, id: &str) -> String {
        format!("{decision}-{id}")
    }

    /// A refused decision: `errors` of the form [`Self::form_name`] names, drawn at the top
    /// of that proposal's forms, with the decline's `reason` as typed. When the proposal
    /// is no longer pending on the page (decided meanwhile), its forms are gone and the
    /// refusal is said at the top of the page instead.
    #[must_use]
    pub fn with_refusal(mut self, errors: FormErrors, reason: Option<String>) -> Self {
        let line = self.rows.iter_mut().find(|line| {
            line.pending && (line.confirm_form == errors.form || line.decline_form == errors.form)
        });
        match line {
            Some(line) => {
                if line.decline_form == errors.form {
                    line.reason = reason.unwrap_or_default();
                }
                self.errors = Some(errors);
            }
            None => {
                let message = errors
                    .fields
                    .first()
                    .map_or_else(|| errors.message.clone(), |f| f.message.clone());
                self.error = Some(message);
            }
        }
        self
    }

    /// The refusal of one of proposal `line`'s forms, if one was refused.
    pub fn errors_of(&self, line: &ProposalLine) -> Option<FormErrors> {
        self.errors
            .clone()
            .filter(|e| e.form == line.confirm_form || e.form == line.decline_form)
    }
}
