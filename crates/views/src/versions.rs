//! The published versions of the framework, and publishing a new one.
//!
//! [`VersionsView`] lists every published version, newest first, with its YAML text and
//! its changes from the version before, and a form to compare any two. [`PublishView`] is
//! the admin's form: the YAML text in a textarea, checked or published, with the check's
//! diagnostics placed by line and column over the offending line, the lint findings and a
//! summary of the changes from the latest version.
//!
//! Both are framework pages: when a framework is given they show its navigation
//! ([`Chrome::framework`]), otherwise (nothing published yet) the application's layout.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::diagnostic::Diagnostic as FrameworkDiagnostic;
use pendulum_framework::lint::Finding;

use crate::admin::feedback;
use crate::forms::FormErrors;
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;
use crate::shell::paths;

/// A published version, as the web application read it from the store
/// (`pendulum_store::FrameworkVersion`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRow {
    pub version: u32,
    /// When it was published, as shown.
    pub published_at: String,
    /// SHA-256 of its YAML text, lowercase hex; shown shortened.
    pub sha256: String,
}

/// A row of the versions table.
pub struct VersionLine {
    pub version: u32,
    pub published_at: String,
    pub hash: String,
    pub hash_short: String,
    pub yaml: String,
    /// The diff from the version before, unless this is the first.
    pub changes: Option<(u32, String)>,
}

fn chrome(fw: Option<&Framework>, organisation: &str, title: &str, links: &Links) -> Chrome {
    match fw {
        // Under the organisation's name, like every page of the application.
        Some(fw) => Chrome {
            site: organisation.to_string(),
            ..Chrome::framework(fw, title, links, Section::Other)
        },
        None => Chrome::app(organisation, title, links),
    }
}

#[derive(Template)]
#[template(path = "versions/index.html", blocks = ["content"])]
pub struct VersionsView {
    pub chrome: Chrome,
    pub rows: Vec<VersionLine>,
    /// Every version number, newest first, for the compare form.
    pub numbers: Vec<u32>,
    pub from: u32,
    pub to: u32,
    pub diff_action: &'static str,
    /// The "Publish a new version" link, for admins.
    pub publish: Option<&'static str>,
}

crate::view!(VersionsView);

impl VersionsView {
    /// - `fw`: the latest published framework, for the framework navigation (`None` when
    ///   nothing is published yet).
    /// - `organisation`: the organisation's name, the site name when `fw` is `None`.
    /// - `links`: the page's links, with the signed-in header.
    /// - `versions`: every published version, in any order (shown newest first).
    /// - `can_publish`: whether the account may publish (admins): shows the link to
    ///   [`PublishView`]'s page.
    pub fn new(
        fw: Option<&Framework>,
        organisation: &str,
        links: &Links,
        versions: &[VersionRow],
        can_publish: bool,
    ) -> Self {
        let mut versions: Vec<&VersionRow> = versions.iter().collect();
        versions.sort_by_key(|v| std::cmp::Reverse(v.version));
        let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
        let rows = versions
            .iter()
            .map(|v| VersionLine {
                version: v.version,
                published_at: v.published_at.clone(),
                hash: v.sha256.clone(),
                hash_short: v.sha256.chars().take(12).collect(),
                yaml: paths::version_yaml(v.version),
                changes: numbers
                    .iter()
                    .find(|n| **n < v.version)
                    .map(|prev| (*prev, paths::diff(*prev, v.version))),
            })
            .collect();
        let to = numbers.first().copied().unwrap_or(0);
        let from = numbers.get(1).copied().unwrap_or(to);
        Self {
            chrome: chrome(fw, organisation, "Framework versions", links),
            rows,
            numbers,
            from,
            to,
            diff_action: paths::DIFF,
            publish: can_publish.then_some(paths::PUBLISH),
        }
    }
}

/// A problem that stops a framework from loading, placed in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// A stable code such as `unknown-field`.
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
    /// The text of line `line`, without its line break.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `pendulum_framework` (from `check_str`'s `LoadError::Invalid`)
    /// about `yaml`, the one text that was checked, with its line quoted from that text.
    pub fn of(d: &FrameworkDiagnostic, yaml: &str) -> Self {
        let line = d.pos.line as usize;
        Self {
            line,
            column: d.pos.column as usize,
            code: d.code.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            source_line: line
                .checked_sub(1)
                .and_then(|i| yaml.lines().nth(i))
                .map(ToString::to_string),
        }
    }
}

/// A lint finding about the submitted framework.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintLine {
    pub rule: String,
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// 1-based line and column in the text; `0` for a finding about the framework as a
    /// whole.
    pub line: usize,
    pub column: usize,
}

impl LintLine {
    /// A finding of `pendulum_framework::lint`.
    pub fn of(f: &Finding) -> Self {
        Self {
            rule: f.rule.to_string(),
            severity: f.severity.label().to_string(),
            message: f.message.clone(),
            line: if f.pos.is_unknown() {
                0
            } else {
                f.pos.line as usize
            },
            column: f.pos.column as usize,
        }
    }
}

/// A diagnostic as the page shows it.
pub struct DiagnosticView {
    pub location: String,
    /// 1-based line and column in the text, for the link that puts the editor's cursor
    /// there; `0` when the problem is about the framework as a whole.
    pub line: usize,
    pub column: usize,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: Option<String>,
    /// Spaces (and the line's own tabs) up to the column, then `^`.
    pub caret: String,
}

impl DiagnosticView {
    fn of(d: &Diagnostic) -> Self {
        Self {
            location: if d.line == 0 {
                "the framework as a whole".to_string()
            } else {
                format!("line {}, column {}", d.line, d.column)
            },
            line: d.line,
            column: d.column,
            code: d.code.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            caret: caret(d.source_line.as_deref().unwrap_or(""), d.column),
            source_line: d.source_line.clone(),
        }
    }
}

/// A caret under 1-based `column` of `line`: tabs before it are kept so the caret lines up
/// whatever width the reader's tabs have.
pub(crate) fn caret(line: &str, column: usize) -> String {
    let before = column.saturating_sub(1);
    let mut out: String = line
        .chars()
        .chain(std::iter::repeat(' '))
        .take(before)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    out.push('^');
    out
}

#[derive(Template)]
#[template(path = "versions/publish.html", blocks = ["content"])]
pub struct PublishView {
    pub chrome: Chrome,
    pub action: &'static str,
    pub versions: &'static str,
    pub csrf: String,
    pub yaml: String,
    pub latest: Option<u32>,
    pub diagnostics: Vec<DiagnosticView>,
    pub lint: Vec<LintLine>,
    pub changes: Vec<String>,
    /// Whether a diff summary was given (an empty one means nothing changed).
    pub compared: bool,
    /// A refused check or publication (form `publish`: the text, `yaml`, or the uploaded
    /// `file`), drawn by the one pattern of every form (docs/architecture.md, "Forms").
    pub errors: Option<FormErrors>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

crate::view!(PublishView);
feedback!(PublishView);

impl PublishView {
    /// - `fw`: the latest published framework, for the framework navigation (`None` when
    ///   nothing is published yet).
    /// - `organisation`: the organisation's name, the site name when `fw` is `None`.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back in a hidden field.
    /// - `yaml`: the textarea's text: the latest version's text on a first visit, the
    ///   submitted text after a check or a refusal.
    /// - `latest`: the latest published version's number, if any.
    pub fn new(
        fw: Option<&Framework>,
        organisation: &str,
        links: &Links,
        csrf: &str,
        yaml: &str,
        latest: Option<u32>,
    ) -> Self {
        Self {
            chrome: chrome(fw, organisation, "Publish a new version", links),
            action: paths::PUBLISH,
            versions: paths::VERSIONS,
            csrf: csrf.to_string(),
            yaml: yaml.to_string(),
            latest,
            diagnostics: Vec::new(),
            lint: Vec::new(),
            changes: Vec::new(),
            compared: false,
            errors: None,
            error: None,
            notice: None,
        }
    }

    /// The form's name, the prefix of its inputs' ids (`publish-yaml`, `publish-file`).
    pub const FORM: &'static str = "publish";

    /// Why the submission was refused: the summary at the top of the form's page, the
    /// faulty field marked.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }

    /// What stops the submitted text from loading, each placed by line and column.
    #[must_use]
    pub fn with_diagnostics(mut self, diagnostics: &[Diagnostic]) -> Self {
        self.diagnostics = diagnostics.iter().map(DiagnosticView::of).collect();
        self
    }

    /// What lint found in the submitted framework.
    #[must_use]
    pub fn with_lint(mut self, findings: Vec<LintLine>) -> Self {
        self.lint = findings;
        self
    }

    /// The changes from the latest version, one line each (empty: nothing changed).
    #[must_use]
    pub fn with_changes(mut self, changes: Vec<String>) -> Self {
        self.changes = changes;
        self.compared = true;
        self
    }

    /// The notice after publishing: "Published as version N".
    #[must_use]
    pub fn published(self, version: u32) -> Self {
        self.with_notice(format!("Published as version {version}."))
    }
}

#[cfg(test)]
mod tests {
    use super::caret;

    #[test]
    fn the_caret_sits_under_the_column() {
        assert_eq!(caret("  name: x", 3), "  ^");
        assert_eq!(caret("\tname", 2), "\t^");
        assert_eq!(caret("ab", 5), "    ^");
        assert_eq!(caret("", 1), "^");
        assert_eq!(caret("x", 0), "^");
    }
}
