//! The pages answering a request the application refuses, in the signed-in layout: a
//! page the account's role may not open (403) and an address with nothing the viewer may
//! see (404, which a person the viewer may not see answers too). Each says what happened
//! and offers the ways back the web application chose for the viewer (home, the
//! directory, the framework), so that no refusal is a dead end.

use askama::Template;

use crate::framework::Link;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

#[derive(Template)]
#[template(path = "refused.html", blocks = ["content"])]
pub struct RefusedView {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub lead: &'static str,
    /// Where to go from here, the home page first.
    pub ways: Vec<Link>,
}

crate::view!(RefusedView);

impl RefusedView {
    /// The 403 page: the role does not include the page.
    ///
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `ways`: the ways back.
    pub fn forbidden(organisation: &str, links: &Links, ways: Vec<Link>) -> Self {
        Self {
            chrome: Chrome::app(organisation, "No access", links),
            heading: "You do not have access to this page",
            lead: "Your role does not include this page. If you need it, ask an admin of \
                   your organisation.",
            ways,
        }
    }

    /// The 404 page: nothing at this address that the viewer may see.
    pub fn not_found(organisation: &str, links: &Links, ways: Vec<Link>) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Not found", links),
            heading: "Not found",
            lead: "There is no page at this address, or none you may open. The link may be \
                   old, or the address mistyped.",
            ways,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;

    #[test]
    fn a_refusal_offers_its_ways_back_in_the_layout() {
        let links = Links::web("/framework/", "/static/");
        let ways = vec![
            Link {
                label: "Home".to_string(),
                href: "/".to_string(),
            },
            Link {
                label: "The framework".to_string(),
                href: "/framework/".to_string(),
            },
        ];
        let html = RefusedView::not_found("Acme", &links, ways.clone()).render_page();
        assert!(html.contains("<h1>Not found</h1>"), "{html}");
        assert!(html.contains("<a href=\"/\">Home</a>"), "{html}");
        assert!(
            html.contains("<a href=\"/framework/\">The framework</a>"),
            "{html}"
        );
        assert!(html.contains("class=\"site-footer\""), "{html}");
        let partial = RefusedView::forbidden("Acme", &links, ways).render_partial();
        assert!(partial.contains("You do not have access"), "{partial}");
        assert!(!partial.contains("<html"), "{partial}");
    }
}
