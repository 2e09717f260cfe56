//! The framework versions page and the publish form: versions newest first with their
//! YAML and diff links, diagnostics placed by line and column under a caret, and the
//! submitted text kept (escaped) in the textarea.

use pendulum_framework::check_str;
use pendulum_framework::load::LoadError;
use pendulum_views::forms::FormErrors;
use pendulum_views::versions::{Diagnostic, LintLine, PublishView, VersionRow, VersionsView};
use pendulum_views::{AppBar, Links, View};

use crate::{attribute_values, builtin_fw, escaped};

pub const HOSTILE: &str = "<script>alert('x')</script>";

pub fn app_links() -> Links {
    Links::web("/framework/", "/static/").with_app(AppBar {
        nav: Vec::new(),
        who: "ada@example.com".into(),
        role: "admin".into(),
        csrf: "header-csrf".into(),
        logout: "/logout".into(),
    })
}

fn versions() -> Vec<VersionRow> {
    (1..=3)
        .map(|v| VersionRow {
            version: v,
            published_at: format!("2026-0{v}-01 09:00 UTC"),
            sha256: format!("{v}{}", "ab".repeat(31)),
        })
        .collect()
}

fn h1_count(html: &str) -> usize {
    html.matches("<h1").count()
}

#[test]
fn versions_are_listed_newest_first_with_their_text_and_changes() {
    let fw = builtin_fw();
    let view = VersionsView::new(Some(&fw), "Org", &app_links(), &versions(), false);
    let html = view.render_page();
    assert_eq!(h1_count(&html), 1);
    // The framework navigation is there.
    assert!(html.contains("Tracks by grade"));
    let hrefs = attribute_values(&html, "href");
    let yaml: Vec<&String> = hrefs.iter().filter(|h| h.ends_with(".yaml")).collect();
    assert_eq!(
        yaml,
        [
            "/framework/versions/3/framework.yaml",
            "/framework/versions/2/framework.yaml",
            "/framework/versions/1/framework.yaml"
        ]
    );
    let diffs: Vec<&String> = hrefs
        .iter()
        .filter(|h| h.starts_with("/framework/diff?"))
        .collect();
    assert_eq!(
        diffs,
        ["/framework/diff?from=2&to=3", "/framework/diff?from=1&to=2"]
    );
    assert!(html.contains("changes from v2"));
    assert!(html.contains("first version"));
    // The hash is shortened, the full one kept in a title.
    assert!(html.contains(">3abababababa<"));
    assert!(html.contains(&format!("title=\"SHA-256 3{}\"", "ab".repeat(31))));
    // The compare form: GET, `from` and `to`, latest pair preselected.
    assert!(html.contains("method=\"get\" action=\"/framework/diff\""));
    assert!(html.contains("<select id=\"diff-from\" name=\"from\">"));
    assert!(html.contains("<option value=\"2\" selected>2</option>"));
    assert!(html.contains("<option value=\"3\" selected>3</option>"));
    assert!(!html.contains("/framework/publish"));
    assert!(!html.contains("Publish a new version"));

    let admin = VersionsView::new(Some(&fw), "Org", &app_links(), &versions(), true);
    let html = admin.render_page();
    assert!(
        html.contains("<a class=\"button\" href=\"/framework/publish\">Publish a new version</a>")
    );

    crate::admin::balanced(&html);
    let partial = admin.render_partial();
    insta::assert_snapshot!("versions_partial", partial);
    assert!(!partial.contains("<html"));
    assert_eq!(h1_count(&partial), 1);
}

#[test]
fn no_versions_yet_says_so_in_the_app_layout() {
    let html = VersionsView::new(None, HOSTILE, &app_links(), &[], true).render_page();
    assert!(html.contains("No version of the framework has been published yet."));
    assert!(!html.contains("<table"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains(&escaped(HOSTILE)));
    assert!(!html.contains("Tracks by grade"));
}

fn diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic {
            line: 3,
            column: 7,
            code: "unknown-field".into(),
            message: format!("unknown field `{HOSTILE}`"),
            hint: Some(format!("did you mean `name`? {HOSTILE}")),
            source_line: Some("  nmae: <script>".into()),
        },
        Diagnostic {
            line: 9,
            column: 1,
            code: "missing-field".into(),
            message: "missing field `grades`".into(),
            hint: None,
            source_line: None,
        },
    ]
}

#[test]
fn publish_places_diagnostics_and_keeps_the_text() {
    let fw = builtin_fw();
    let yaml = "\nformat: 1\n  nmae: <script>\n</textarea><script>alert(1)</script>\n";
    let view = PublishView::new(Some(&fw), "Org", &app_links(), "csrf-123", yaml, Some(4))
        .with_diagnostics(&diagnostics())
        .with_lint(vec![LintLine {
            rule: "pay-parity".into(),
            severity: "error".into(),
            message: format!("pay differs {HOSTILE}"),
            line: 40,
            column: 3,
        }])
        .with_changes(vec![format!("level {HOSTILE} added")])
        .with_errors(
            FormErrors::new("publish", "")
                .at("yaml", format!("The text has 2 problems {HOSTILE}.")),
        );
    let html = view.render_page();
    // The form's pattern: the summary first, linking to the text, which is marked and
    // carries its message.
    let summary = html.find("id=\"publish-errors\"").expect("the summary");
    assert!(summary < html.find("problems in the text").unwrap());
    assert!(html.contains(&format!(
        "<li><a href=\"#publish-yaml\">{}</a></li>",
        escaped(&format!("The text has 2 problems {HOSTILE}."))
    )));
    assert!(html.contains(
        "name=\"yaml\" rows=\"30\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\" aria-invalid=\"true\" aria-describedby=\"publish-yaml-error\">"
    ));
    assert!(html.contains("<span class=\"field-error\" id=\"publish-yaml-error\">"));
    assert!(
        html.contains("aria-describedby=\"publish-file-hint\">"),
        "the file is not marked"
    );
    assert_eq!(h1_count(&html), 1);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("</textarea><script>"));
    // Locations, the source line and the caret under column 7.
    // Each location puts the editor's cursor there (pendulum.js), or leads to the
    // textarea without JavaScript.
    assert!(html.contains(
        "<a href=\"#publish-yaml\" data-goto-line=\"3\" data-goto-column=\"7\">line 3, column 7</a>"
    ));
    assert!(html.contains(
        "at <a href=\"#publish-yaml\" data-goto-line=\"40\" data-goto-column=\"3\">line 40, column 3</a>"
    ));
    assert!(html.contains("line 9, column 1"));
    assert!(html.contains(
        "<pre class=\"source\"><code>  nmae: &#60;script&#62;\n<span class=\"caret\" aria-hidden=\"true\">      ^</span></code></pre>"
    ));
    assert!(html.contains(&escaped(&format!("unknown field `{HOSTILE}`"))));
    assert!(html.contains(&escaped(&format!("did you mean `name`? {HOSTILE}"))));
    assert!(html.contains("2 problems in the text"));
    // The textarea keeps the text, escaped, its leading line break protected by the one
    // the parser drops.
    let textarea = format!(
        "aria-describedby=\"publish-yaml-error\">\n{}</textarea>",
        escaped(yaml)
    );
    assert!(html.contains(&textarea), "{html}");
    assert_eq!(html.matches("</textarea>").count(), 1);
    // Lint and the changes.
    assert!(html.contains("<code>pay-parity</code>"));
    assert!(html.contains(&escaped(&format!("pay differs {HOSTILE}"))));
    assert!(html.contains("Changes from version 4"));
    assert!(html.contains(&escaped(&format!("level {HOSTILE} added"))));
    assert!(html.contains("publish it as version 5"));
    // The form.
    assert!(html.contains(
        "<form class=\"form publish-form\" method=\"post\" action=\"/framework/publish\" enctype=\"multipart/form-data\" aria-describedby=\"publish-errors\">"
    ));
    assert!(html.contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-123\">"));
    assert!(html.contains("name=\"action\" value=\"check\">Check</button>"));
    assert!(html.contains("name=\"action\" value=\"publish\">Publish</button>"));
    assert!(html.contains("class=\"error-summary\" role=\"alert\" tabindex=\"-1\""));
    assert!(!html.contains("role=\"status\""));

    crate::admin::balanced(&html);

    let partial = view.render_partial();
    assert!(!partial.contains("<html"));
    assert!(partial.contains("line 3, column 7"));
    insta::assert_snapshot!("publish_refused_partial", partial);
}

#[test]
fn publishing_shows_a_notice_and_nothing_else() {
    let view = PublishView::new(None, "Org", &app_links(), "t", "format: 1\n", Some(1))
        .published(2)
        .with_changes(Vec::new());
    let html = view.render_page();
    assert!(
        html.contains(
            "<p class=\"message message-ok\" role=\"status\">Published as version 2.</p>"
        )
    );
    assert!(!html.contains("role=\"alert\""));
    assert!(!html.contains("problems in the text"));
    assert!(!html.contains("Lint findings"));
    assert!(html.contains("Nothing changed."));
}

#[test]
fn framework_diagnostics_quote_their_line() {
    let fw = builtin_fw();
    let yaml = "format: 1\nname: Small\ngrades: [g1]\ntracks:\n  - id: eng\n    nmae: <script>\n";
    let Err(LoadError::Invalid { diagnostics, .. }) = check_str("framework.yaml", yaml) else {
        panic!("the text does not check");
    };
    let ours: Vec<Diagnostic> = diagnostics
        .iter()
        .map(|d| Diagnostic::of(d, yaml))
        .collect();
    assert!(!ours.is_empty());
    for (d, theirs) in ours.iter().zip(&diagnostics) {
        assert_eq!(d.line, theirs.pos.line as usize);
        assert_eq!(d.column, theirs.pos.column as usize);
        assert_eq!(d.code, theirs.code);
        if d.line > 0 {
            assert_eq!(d.source_line.as_deref(), yaml.lines().nth(d.line - 1));
        }
    }
    let html = PublishView::new(Some(&fw), "Org", &app_links(), "t", yaml, Some(1))
        .with_diagnostics(&ours)
        .render_partial();
    let first = &ours[0];
    assert!(html.contains(&format!("line {}, column {}", first.line, first.column)));
    assert!(!html.contains("<script>"));

    let findings = pendulum_framework::lint::lint(&fw, &Default::default());
    let lines: Vec<LintLine> = findings.iter().map(LintLine::of).collect();
    assert_eq!(lines.len(), findings.len());
}
