//! HTML that is safe to place in a page as is.
//!
//! Templates escape every value by default; [`Markup`] is the one type they do not escape,
//! and it can only be made here: from a framework `description` (Markdown by the file
//! format) through [`markdown`], which turns raw HTML into text, drops images and keeps
//! only links a reader can follow safely; or from a chart this crate draws.

use std::fmt;

use askama::filters::HtmlSafe;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// A fragment of HTML or SVG that templates insert without escaping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markup(String);

impl Markup {
    /// Markup made by this crate's own renderers, which escape every piece of user text.
    pub(crate) fn trusted(html: String) -> Self {
        Self(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl HtmlSafe for Markup {}

/// Escapes text for HTML element content and attribute values, exactly as the
/// templates do.
pub fn escape(text: &str) -> String {
    match askama::filters::escape(text, askama::filters::Html) {
        Ok(safe) => safe.to_string(),
        Err(never) => match never {},
    }
}

/// A sentence of plain text with links in it, escaped piece by piece as it is built: the
/// way views put a link in the middle of a sentence without writing HTML by hand.
#[derive(Clone, Debug, Default)]
pub struct Sentence(String);

impl Sentence {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(mut self, text: &str) -> Self {
        self.0.push_str(&escape(text));
        self
    }

    pub fn link(mut self, label: &str, href: &str) -> Self {
        self.0.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(href),
            escape(label)
        ));
        self
    }

    pub fn strong(mut self, text: &str) -> Self {
        self.0
            .push_str(&format!("<strong>{}</strong>", escape(text)));
        self
    }

    pub fn build(self) -> Markup {
        Markup(self.0)
    }
}

/// Renders a Markdown description for a page whose own headings go down to `h{top - 1}`:
/// the description's headings are shifted so its first level becomes `h{top}`, keeping the
/// page outline intact. `None` for an absent or blank description.
pub fn markdown(text: Option<&str>, top: u8) -> Option<Markup> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Whether each open link was kept, so that a dropped link's end is dropped too.
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        // Raw HTML in a description is shown as the text it is, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // An image would load from wherever its author pointed; its description stays.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = pendulum_framework::format::safe_link(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(true).then_some(event),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift(level, top),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shift(level, top)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    Some(Markup(out))
}

fn shift(level: HeadingLevel, top: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(top.saturating_sub(1)).min(6);
    HeadingLevel::try_from(usize::from(n)).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> String {
        markdown(Some(text), 2).unwrap().into_string()
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = md("Hello <script>alert(1)</script> **bold**");
        assert!(!out.contains("<script>"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("<strong>bold</strong>"), "{out}");
        let block = md("<div onclick=\"x()\">hi</div>");
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn unsafe_links_keep_their_text_only() {
        let out = md("[click](javascript:alert(1)) and [ok](../levels/ic-4.html)");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("click"), "{out}");
        assert!(
            out.contains(r#"<a href="../levels/ic-4.html">ok</a>"#),
            "{out}"
        );
        assert!(!md("[x](JavaScript:alert(1))").contains("href"));
        assert!(!md("[x](data:text/html,hi)").contains("href"));
        assert!(md("[x](mailto:a@example.org)").contains("href"));
    }

    #[test]
    fn images_become_their_description() {
        let out = md("![a chart](https://tracker.example/pixel.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("tracker"), "{out}");
        assert!(out.contains("a chart"), "{out}");
    }

    #[test]
    fn headings_move_below_the_page_outline() {
        assert_eq!(md("# One\n\n## Two"), "<h2>One</h2>\n<h3>Two</h3>\n");
        assert_eq!(
            markdown(Some("###### Six"), 3).unwrap().as_str(),
            "<h6>Six</h6>\n"
        );
    }

    #[test]
    fn sentences_escape_every_piece() {
        let s = Sentence::new()
            .text("a <b> & ")
            .link("\"x\"", "levels/a.html?x=1&y=2")
            .strong("it's")
            .build();
        assert_eq!(
            s.as_str(),
            "a &#60;b&#62; &#38; <a href=\"levels/a.html?x=1&#38;y=2\">&#34;x&#34;</a><strong>it&#39;s</strong>"
        );
    }

    #[test]
    fn blank_text_renders_nothing() {
        assert_eq!(markdown(None, 2), None);
        assert_eq!(markdown(Some("  \n "), 2), None);
    }
}
