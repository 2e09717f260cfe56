//! The form that adds a person (`/people/new`, admins): their name, email, start date,
//! first level and, optionally, their manager. It posts to its own address and refuses the
//! way every form does ([`FormErrors`], docs/architecture.md "Forms"): the summary at its
//! top, each faulty field marked, the values as submitted.

use askama::Template;
use pendulum_framework::Framework;

use super::{OptionGroup, level_groups};
use crate::forms::FormErrors;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// What the form holds: empty at first (the start date today), what was submitted after a
/// refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddPersonValues {
    pub name: String,
    pub email: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    /// A level id of the framework.
    pub level: String,
    /// The manager's email; empty for no manager.
    pub manager_email: String,
}

#[derive(Template)]
#[template(path = "people/add.html", blocks = ["content"])]
pub struct AddPersonView {
    pub chrome: Chrome,
    pub csrf: String,
    /// The page's own address, where the form posts.
    pub action: String,
    /// The directory, for the way back.
    pub directory: String,
    pub values: AddPersonValues,
    pub levels: Vec<OptionGroup>,
    pub errors: Option<FormErrors>,
}

crate::view!(AddPersonView);

impl AddPersonView {
    /// The form of `organisation`, offering the levels of `fw` (the latest version).
    /// `action` is the page's address, `directory` the directory's.
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        fw: &Framework,
        action: &str,
        directory: &str,
        values: AddPersonValues,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Add a person", links),
            csrf: csrf.to_string(),
            action: action.to_string(),
            directory: directory.to_string(),
            levels: level_groups(fw, &values.level),
            values,
            errors: None,
        }
    }

    /// The form after a refused submission.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }
}
