//! The views crate's integration tests: one binary, one module per area.

mod admin;
mod chart;
mod escaping;
mod pages;
mod people;
mod plan;
mod site;
mod timeline;
mod versions;

use std::path::Path;

use pendulum_framework::model::Framework;
use pendulum_framework::{builtin, check_str};
use pendulum_views::Page;

pub fn checked(name: &str, yaml: &str) -> Framework {
    match check_str(name, yaml) {
        Ok(c) => c.framework,
        Err(e) => panic!("{name} does not check: {e:?}"),
    }
}

pub fn builtin_fw() -> Framework {
    checked("engineering.yaml", builtin::ENGINEERING_YAML)
}

/// Replaces the only occurrence of `from`, so an edit never lands somewhere unintended.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur exactly once"
    );
    text.replacen(from, to, 1)
}

pub fn page<'a>(pages: &'a [Page], path: &str) -> &'a str {
    &pages
        .iter()
        .find(|p| p.path == Path::new(path))
        .unwrap_or_else(|| panic!("no page {path}"))
        .content
}

/// Text as the templates escape it.
pub fn escaped(text: &str) -> String {
    pendulum_views::markup::escape(text)
}

/// The values of every `name="…"` attribute in `html`.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').expect("closed attribute");
        out.push(rest[..end].replace("&#38;", "&"));
        rest = &rest[end..];
    }
    out
}

/// The element that starts with `start` (such as `<table class="by-grade`), up to its
/// closing `</tag>`, parsed as XML. Templates write well-formed fragments; the only HTML
/// void element inside them is `<br>`.
pub fn fragment(html: &str, start: &str, tag: &str) -> String {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in the page"));
    let close = format!("</{tag}>");
    let to = from + html[from..].find(&close).expect("closed element") + close.len();
    html[from..to].replace("<br>", "<br/>")
}

/// All text inside a node, whitespace collapsed.
pub fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
