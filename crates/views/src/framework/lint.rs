//! The lint report: every finding with its rule, severity, reason and place in the file,
//! and every rule with how this framework treats it.

use std::path::{Path, PathBuf};

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::diagnostic::{Severity, Sources};
use pendulum_framework::lint::{self, DefaultLevel, Finding};
use pendulum_framework::span::Pos;

use super::Link;
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;

pub struct FindingView {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub why: &'static str,
    pub location: String,
    /// 1-based line and column of the finding in the text (`0`: the framework as a
    /// whole), for the link to the editor.
    pub line: u32,
    pub column: u32,
}

pub struct RuleRow {
    pub id: &'static str,
    /// How the rule counts for this framework: "denied" or "warns" by default or by the
    /// framework's `lint` section, or "allowed" (not reported).
    pub treatment: String,
    pub findings: usize,
    pub why: &'static str,
}

#[derive(Template)]
#[template(path = "framework/lint.html", blocks = ["content"])]
pub struct LintView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingView>,
    pub rules: Vec<RuleRow>,
    /// The editor of the framework's text (the publish page), for those who may publish:
    /// each finding's place then opens it with the cursor there.
    pub editor: Option<String>,
}

crate::view!(LintView);

impl LintView {
    /// `sources`, when known, names the file of each finding; without them a finding is
    /// placed by line and column (enough for a framework kept in one file).
    pub fn new(
        fw: &Framework,
        findings: &[Finding],
        sources: Option<&Sources>,
        links: &Links,
    ) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let names = sources.map(file_names).unwrap_or_default();
        let policy = &fw.lint;
        let rules = lint::RULES
            .iter()
            .map(|r| {
                let treatment = if policy.allow.iter().any(|a| a == r.id) {
                    "allowed by this framework"
                } else if policy.deny.iter().any(|d| d == r.id) {
                    "denied by this framework"
                } else {
                    match r.level {
                        DefaultLevel::Deny => "denied",
                        DefaultLevel::Warn => "warns",
                    }
                };
                RuleRow {
                    id: r.id,
                    treatment: treatment.to_string(),
                    findings: findings.iter().filter(|f| f.rule == r.id).count(),
                    why: r.why,
                }
            })
            .collect();
        Self {
            chrome: Chrome::framework(fw, "Lint report", links, Section::Lint),
            trail: vec![Link {
                label: fw.name.clone(),
                href: links.index(),
            }],
            errors,
            warnings: findings.len() - errors,
            findings: findings
                .iter()
                .map(|f| FindingView {
                    rule: f.rule,
                    severity: f.severity.label(),
                    message: f.message.clone(),
                    why: f.why,
                    location: location(&f.pos, &names),
                    line: f.pos.line,
                    column: f.pos.column,
                })
                .collect(),
            rules,
            editor: None,
        }
    }

    /// Links each finding's place to `editor` (`?line=&column=`), which opens the text
    /// with the cursor there. Only for a framework kept in one text, as the web
    /// application publishes it.
    #[must_use]
    pub fn with_editor(mut self, editor: &str) -> Self {
        self.editor = Some(editor.to_string());
        self
    }
}

fn location(pos: &Pos, names: &[String]) -> String {
    if pos.is_unknown() {
        return "the framework as a whole".to_string();
    }
    let at = format!("line {}, column {}", pos.line, pos.column);
    match names.get(pos.file as usize) {
        Some(name) => format!("{name}, {at}"),
        None => at,
    }
}

/// Each source file's path relative to the folder all of them share: `framework.yaml` for
/// one file, `tracks/ic.yaml` inside a framework directory. Never the absolute path of
/// the machine the report was made on.
fn file_names(sources: &Sources) -> Vec<String> {
    let paths: Vec<&Path> = sources.files().iter().map(|f| f.path.as_path()).collect();
    let mut common: PathBuf = paths
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    while !paths.iter().all(|p| p.starts_with(&common)) {
        if !common.pop() {
            break;
        }
    }
    paths
        .iter()
        .map(|p| {
            p.strip_prefix(&common)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_relative_to_their_shared_folder() {
        let mut one = Sources::default();
        one.add("/home/a/fw/framework.yaml".into(), String::new());
        assert_eq!(file_names(&one), ["framework.yaml"]);

        let mut dir = Sources::default();
        dir.add("/home/a/fw/base.yaml".into(), String::new());
        dir.add("/home/a/fw/tracks/ic.yaml".into(), String::new());
        assert_eq!(file_names(&dir), ["base.yaml", "tracks/ic.yaml"]);
    }

    #[test]
    fn a_finding_without_a_position_is_about_the_whole_framework() {
        assert_eq!(location(&Pos::default(), &[]), "the framework as a whole");
        let pos = Pos {
            file: 0,
            line: 12,
            column: 5,
            offset: 0,
            len: 1,
        };
        assert_eq!(location(&pos, &[]), "line 12, column 5");
        assert_eq!(
            location(&pos, &["framework.yaml".to_string()]),
            "framework.yaml, line 12, column 5"
        );
    }
}
