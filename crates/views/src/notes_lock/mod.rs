//! The lock on private notes (`/private-notes`): where the viewer's journal and
//! reflections stand, the recovery code shown once, and the forms that unlock locked notes
//! with the code, make a new code, or delete locked notes for good.
//!
//! The same page answers at the address of any journal or reflection page while the notes
//! are locked (with status 423), so that whoever opens them is told why and how to open
//! them again. Its forms post to `/private-notes` and refuse the way every form does
//! ([`FormErrors`], docs/architecture.md "Forms"); a code typed is never sent back.
//!
//! The journal's page and the reflections' pages show a first recovery code with
//! [`RecoveryCodeNotice`] (`notes_lock/code.html`), the one time it exists in clear.

use askama::Template;
use pendulum_domain::notes_lock::LockCause;
use time::OffsetDateTime;

use crate::forms::FormErrors;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::{dates, paths};

/// The unlock form's id prefix: its code input is `unlock-code`.
pub const UNLOCK_FORM: &str = "unlock";
/// The form that deletes locked notes: its confirmation box is `delete-notes-confirm`.
pub const DELETE_FORM: &str = "delete-notes";
/// The form that makes a new recovery code.
pub const NEW_CODE_FORM: &str = "new-code";

/// A recovery code, shown this once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCodeNotice {
    /// The code in its groups (`7KQ2M-PX9D4-…`).
    pub code: String,
    /// Whether it is the person's first code (else it replaces one).
    pub first: bool,
    /// The page that tells more: the lock's page (`None` on that page).
    pub more: Option<&'static str>,
}

impl RecoveryCodeNotice {
    /// A code shown on the journal's or the reflections' pages, with a link to the lock's.
    pub fn new(code: String, first: bool) -> Self {
        Self {
            code,
            first,
            more: Some(paths::PRIVATE_NOTES),
        }
    }

    /// A code shown on the lock's own page.
    pub fn here(code: String, first: bool) -> Self {
        Self {
            more: None,
            ..Self::new(code, first)
        }
    }
}

/// Where the viewer's private notes stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Locked: why (in the words of [`LockCause::message`]) and since when.
    Locked {
        message: &'static str,
        since: String,
    },
    /// Open to the viewer alone.
    Open {
        /// When the current recovery code was made, if there is one.
        code_made: Option<String>,
        /// Whether the viewer keeps any journal entry or reflection.
        holds_notes: bool,
    },
}

#[derive(Template)]
#[template(path = "notes_lock/index.html", blocks = ["content"])]
pub struct PrivateNotesView {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub csrf: String,
    /// Where every form posts: the page's own address.
    pub action: &'static str,
    pub standing: Standing,
    /// A code just made, shown this once.
    pub code: Option<RecoveryCodeNotice>,
    pub notice: Option<String>,
    /// The page to go back to once unlocked (a journal or reflection page asked for while
    /// locked); empty for the lock's own page.
    pub next: String,
    pub journal: &'static str,
    pub reflections: &'static str,
    pub unlock_errors: Option<FormErrors>,
    pub delete_errors: Option<FormErrors>,
}

crate::view!(PrivateNotesView);

impl PrivateNotesView {
    /// The page while the notes are locked for `cause` since `since`.
    ///
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back by every form.
    /// - `next`: the page asked for, to return to once unlocked (`None` on the lock's own
    ///   page).
    pub fn locked(
        organisation: &str,
        links: &Links,
        csrf: &str,
        cause: LockCause,
        since: OffsetDateTime,
        next: Option<&str>,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Your notes are locked", links),
            heading: "Your journal and reflections are locked",
            csrf: csrf.to_string(),
            action: paths::PRIVATE_NOTES,
            standing: Standing::Locked {
                message: cause.message(),
                since: dates::timestamp(since),
            },
            code: None,
            notice: None,
            next: next.unwrap_or_default().to_string(),
            journal: paths::JOURNAL,
            reflections: paths::REFLECTIONS,
            unlock_errors: None,
            delete_errors: None,
        }
    }

    /// The page while the notes are open: when the current code was made (`None`: there is
    /// none), and whether the viewer keeps any notes.
    pub fn open(
        organisation: &str,
        links: &Links,
        csrf: &str,
        code_made: Option<OffsetDateTime>,
        holds_notes: bool,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Your private notes", links),
            heading: "Your private notes",
            csrf: csrf.to_string(),
            action: paths::PRIVATE_NOTES,
            standing: Standing::Open {
                code_made: code_made.map(dates::timestamp),
                holds_notes,
            },
            code: None,
            notice: None,
            next: String::new(),
            journal: paths::JOURNAL,
            reflections: paths::REFLECTIONS,
            unlock_errors: None,
            delete_errors: None,
        }
    }

    /// A code just made, shown this once.
    #[must_use]
    pub fn with_code(mut self, code: Option<RecoveryCodeNotice>) -> Self {
        self.code = code;
        self
    }

    /// What the last submission did.
    #[must_use]
    pub fn with_notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }

    /// The unlock form refused.
    #[must_use]
    pub fn with_unlock_errors(mut self, errors: FormErrors) -> Self {
        self.unlock_errors = Some(errors);
        self
    }

    /// The deletion of locked notes refused.
    #[must_use]
    pub fn with_delete_errors(mut self, errors: FormErrors) -> Self {
        self.delete_errors = Some(errors);
        self
    }

    pub fn is_locked(&self) -> bool {
        matches!(self.standing, Standing::Locked { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;

    fn links() -> Links {
        Links::web("/framework/", "/static/")
    }

    #[test]
    fn a_locked_page_says_why_and_offers_the_unlock_form() {
        let html = PrivateNotesView::locked(
            "Acme",
            &links(),
            "tok",
            LockCause::PasswordReset,
            OffsetDateTime::UNIX_EPOCH,
            Some("/journal"),
        )
        .with_unlock_errors(
            FormErrors::new(UNLOCK_FORM, "That code does not unlock your notes.")
                .at("code", "That code does not unlock your notes."),
        )
        .render_page();
        assert!(
            html.contains(
                "Your journal and reflections are locked because your password was reset by an \
                 administrator. Enter the recovery code you saved to unlock them."
            ),
            "{html}"
        );
        assert!(html.contains("action=\"/private-notes\""), "{html}");
        assert!(html.contains("name=\"next\" value=\"/journal\""), "{html}");
        assert!(html.contains("id=\"unlock-code\""), "{html}");
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains("id=\"unlock-errors\""), "{html}");
        assert!(html.contains("Delete my locked notes"), "{html}");
        assert!(!html.contains("Make a new recovery code"), "{html}");
    }

    #[test]
    fn an_open_page_offers_a_new_code_and_shows_one_once() {
        let page = PrivateNotesView::open(
            "Acme",
            &links(),
            "tok",
            Some(OffsetDateTime::UNIX_EPOCH),
            true,
        );
        let html = page.render_partial();
        assert!(html.contains("Make a new recovery code"), "{html}");
        assert!(!html.contains("unlock-code"), "{html}");
        assert!(!html.contains("recovery-code-value"), "{html}");
        let shown = PrivateNotesView::open("Acme", &links(), "tok", None, true)
            .with_code(Some(RecoveryCodeNotice::here(
                "7KQ2M-PX9D4-ABCDE-FGHJZ".into(),
                false,
            )))
            .render_partial();
        assert!(shown.contains("7KQ2M-PX9D4-ABCDE-FGHJZ"), "{shown}");
        assert!(shown.contains("no longer unlocks"), "{shown}");
        assert!(
            !shown.contains("About your recovery code"),
            "no link to itself"
        );
    }
}
