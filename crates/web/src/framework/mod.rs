//! The framework: its latest published version page by page ([`pages`]), its published
//! versions with publishing ([`versions`]), and both over the JSON API ([`api`]).
//!
//! Also what those share: the framework navigation's "Versions" entry ([`versions_nav`]),
//! and a framework's text checked into structured diagnostics ([`check_text`]).

mod api;
mod pages;
mod versions;

use pendulum_framework::lint::Finding;
use pendulum_framework::{Framework, LoadError};
use pendulum_store::Store;
use pendulum_views::versions::{Diagnostic, LintLine};
use pendulum_views::{Chrome, NavLink, paths};

use crate::routes::Routes;

/// The framework's pages and its API.
pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .merge(pages::routes::<S>())
        .merge(versions::routes::<S>())
        .api::<api::__path_list_versions, _, _>(api::list_versions::<S>)
        .api::<api::__path_publish_version, _, _>(api::publish_version::<S>)
        .api::<api::__path_get_version, _, _>(api::get_version::<S>)
        .api::<api::__path_diff_versions, _, _>(api::diff_versions::<S>)
}

/// Adds "Versions" to a framework page's navigation (marked current when `current`),
/// unless the navigation is not the framework's (nothing published yet) or has it already.
pub(crate) fn versions_nav(chrome: &mut Chrome, current: bool) {
    if chrome.nav.is_empty() {
        return;
    }
    match chrome.nav.iter_mut().find(|n| n.href == paths::VERSIONS) {
        Some(entry) => entry.current |= current,
        None => chrome.nav.push(NavLink {
            label: "Versions".to_string(),
            href: paths::VERSIONS.to_string(),
            current,
        }),
    }
}

/// The name a submitted framework text has in diagnostics.
const SUBMITTED: &str = "framework.yaml";

/// Checks a framework's text: the framework, or every problem that stops it from loading,
/// each placed by line and column (1-based) with the text of its line. A problem with no
/// place in the text has line and column 0.
pub(crate) fn check_text(yaml: &str) -> Result<Framework, Vec<Diagnostic>> {
    match pendulum_framework::check_str(SUBMITTED, yaml) {
        Ok(checked) => Ok(checked.framework),
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        }) => Err(diagnostics
            .iter()
            .map(|d| {
                let source_line = (!d.pos.is_unknown())
                    .then(|| sources.get(d.pos.file))
                    .flatten()
                    .and_then(|f| f.text.lines().nth(d.pos.line as usize - 1))
                    .map(|l| l.trim_end_matches('\r').to_string());
                Diagnostic {
                    line: d.pos.line as usize,
                    column: d.pos.column as usize,
                    code: d.code.to_string(),
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                    source_line,
                }
            })
            .collect()),
        Err(other) => Err(vec![Diagnostic {
            line: 0,
            column: 0,
            code: "load".to_string(),
            message: other.to_string(),
            hint: None,
            source_line: None,
        }]),
    }
}

/// Lint findings as the publishing page and the API show them.
pub(crate) fn lint_lines(findings: &[Finding]) -> Vec<LintLine> {
    findings.iter().map(LintLine::of).collect()
}

/// The changes from `old` to `new`, one line each as `pendulum framework diff` prints
/// them (`+` added, `-` removed, `~` changed, areas as headings); empty when nothing
/// changed.
pub(crate) fn change_lines(old: &Framework, new: &Framework) -> Vec<String> {
    let d = pendulum_framework::diff::diff(old, new);
    if d.is_empty() {
        return Vec::new();
    }
    d.render_human()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}
