//! The page answering a request for a page the account's role may not open (403).

use askama::Template;

use super::paths;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

#[derive(Template)]
#[template(path = "admin/forbidden.html", blocks = ["content"])]
pub struct ForbiddenView {
    pub chrome: Chrome,
    pub home: &'static str,
}

crate::view!(ForbiddenView);

impl ForbiddenView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    pub fn new(organisation: &str, links: &Links) -> Self {
        Self {
            chrome: Chrome::app(organisation, "No access", links),
            home: paths::HOME,
        }
    }
}
