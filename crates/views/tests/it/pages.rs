//! The framework pages one by one: the index lines tracks up by grade, a level page holds
//! everything its level asks, the next-level page follows `explain`, and the lint report
//! and the diff show what lint and diff found.

use pendulum_framework::diff::diff;
use pendulum_framework::explain::explain;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::{builtin, check_str, lint};
use pendulum_views::framework::{DiffView, ExplainView, LevelView, LintView};
use pendulum_views::{Links, Site, View, render_site};
use roxmltree::Document;

use crate::{builtin_fw, checked, escaped, fragment, page, replace_once, text_of};

#[test]
fn the_index_has_one_row_per_grade_and_one_column_per_track() {
    let fw = builtin_fw();
    let pages = render_site(&fw, &[]);
    let index = page(&pages, "index.html");
    let table = fragment(index, "<table class=\"by-grade", "table");
    let doc = Document::parse(&table).expect("the table is well-formed");

    let header: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("thead"))
        .flat_map(|h| h.descendants().filter(|n| n.has_tag_name("th")))
        .map(text_of)
        .collect();
    let mut expected = vec!["Grade".to_string()];
    expected.extend(fw.tracks.iter().map(|t| t.name.clone()));
    assert_eq!(header, expected);

    let rows: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
        .collect();
    assert_eq!(rows.len(), fw.grades.len());
    // The highest grade first, as on every page that runs through the grades.
    for (row, grade) in rows.iter().zip(fw.grades.iter().rev()) {
        let th: Vec<_> = row.children().filter(|n| n.has_tag_name("th")).collect();
        assert_eq!(th.len(), 1);
        assert_eq!(th[0].attribute("scope"), Some("row"));
        assert_eq!(text_of(th[0]), grade.as_str());
        let cells: Vec<_> = row.children().filter(|n| n.has_tag_name("td")).collect();
        assert_eq!(cells.len(), fw.tracks.len(), "grade {grade}");
        for (cell, track) in cells.iter().zip(&fw.tracks) {
            let links: Vec<(String, String)> = cell
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .map(|a| (text_of(a), a.attribute("href").unwrap().to_string()))
                .collect();
            let at_grade: Vec<(String, String)> = track
                .levels
                .iter()
                .filter(|l| l.grade.as_ref() == Some(grade))
                .map(|l| (l.title.clone(), format!("levels/{}.html", l.id)))
                .collect();
            assert_eq!(links, at_grade, "grade {grade}, track {}", track.id);
            if at_grade.is_empty() {
                assert!(text_of(*cell).contains("no level at this grade"));
            }
        }
    }
    // The first shared grade pairs the staff engineer with the engineering manager.
    let g4: Vec<String> = rows[fw.grades.len() - 4]
        .children()
        .filter(|n| n.is_element())
        .map(text_of)
        .collect();
    assert_eq!(g4, ["g4", "Staff Engineer", "Engineering Manager"]);
    assert!(!index.contains("Levels without a grade"));
}

#[test]
fn levels_without_a_grade_are_listed_apart() {
    let yaml = r#"
format: 1
name: Small
grades: [g1]
tracks:
  - id: eng
    name: Engineering
    kind: individual-contributor
    levels:
      - { id: e1, title: Engineer, grade: g1 }
      - { id: e2, title: Apprentice }
"#;
    let fw = checked("small.yaml", yaml);
    let pages = render_site(&fw, &[]);
    let index = page(&pages, "index.html");
    assert!(index.contains("<h3>Levels without a grade</h3>"));
    assert!(index.contains(r#"<li><a href="levels/e2.html">Apprentice</a> (Engineering)</li>"#));
    let table = fragment(index, "<table class=\"by-grade", "table");
    assert!(!table.contains("Apprentice"), "not in the grade table");
}

#[test]
fn a_level_page_holds_every_expectation_criterion_and_example() {
    let fw = builtin_fw();
    let pages = render_site(&fw, &[]);
    let mut items = 0;
    for (track, level) in fw.levels() {
        let html = page(&pages, &format!("levels/{}.html", level.id));
        assert!(html.contains("<h1 class=\"kind-"), "{}", level.id);
        assert!(html.contains(&format!(">{}</h1>", escaped(&level.title))));
        for e in &level.expectations {
            let competency = fw.competency(&e.competency).unwrap();
            assert!(competency.used_by(&track.id));
            let step = competency
                .scale
                .iter()
                .find(|s| Some(&s.id) == e.step.as_ref())
                .unwrap();
            assert!(
                html.contains(&format!(
                    "<h4>{}: <span class=\"step\">{}</span></h4>",
                    escaped(&competency.name),
                    escaped(&step.name)
                )),
                "{}: {}",
                level.id,
                competency.id
            );
            for text in e.criteria.iter().chain(&e.examples) {
                assert!(
                    html.contains(&format!("<li>{}</li>", escaped(text))),
                    "{} lacks {text:?}",
                    level.id
                );
                items += 1;
            }
        }
    }
    assert!(items > 200, "only {items} criteria and examples");
}

#[test]
fn a_level_page_has_its_facts_pay_rights_moves_and_next_level() {
    let fw = builtin_fw();
    let ic = fw.track(&TrackId::new("ic").unwrap()).unwrap();
    let links = Links::static_page("levels/ic-4.html");
    let view = LevelView::new(&fw, ic, 3, &links);
    let html = view.render_partial();
    for expected in [
        r#"<li><a href="../index.html">Pendulum Engineering Framework</a></li>"#,
        r#"<div><dt>Grade</dt><dd>g4</dd></div>"#,
        r#"<div><dt>Typical time at this level</dt><dd>24–48 months</dd></div>"#,
        "<h2 id=\"pay\">Pay <span class=\"badge badge-example\">example figures</span></h2>",
        "<td class=\"num\">90,000</td>\n<td class=\"num\">102,000</td>\n<td class=\"num\">114,000</td>",
        "These are example figures, for illustration only: they are not this organisation's pay.",
        "<th scope=\"row\">Technical direction</th>\n<td><strong>Decides</strong>",
        "Authority total, compared across tracks at equal grades: <strong>22</strong>.",
        "<dt>Architect</dt>",
        r#"People returning to individual contribution from <a href="../levels/em-1.html">Engineering Manager</a> come to this level"#,
        r#"At the same grade on other tracks: <a href="../levels/em-1.html">Engineering Manager</a> (Management)."#,
        r#"Next level: <a href="../levels/ic-5.html">Senior Staff Engineer</a>. <a href="../next/ic-4.html">What changes at the next level</a>"#,
        "The grade changes from g4 to g5.",
        r#"<span class="meta">Previous level</span> Senior Engineer</a>"#,
    ] {
        assert!(html.contains(expected), "ic-4 lacks {expected:?}");
    }
    insta::assert_snapshot!("ic_4_partial", html);

    let by_id = LevelView::for_level(&fw, &LevelId::new("ic-4").unwrap(), &links).unwrap();
    assert_eq!(by_id.render_partial(), html);
    assert!(LevelView::for_level(&fw, &LevelId::new("nope").unwrap(), &links).is_none());
    let next = ExplainView::next_level(&fw, &LevelId::new("ic-4").unwrap(), &links).unwrap();
    assert!(next.render_partial().contains("Senior Staff Engineer"));
    assert!(ExplainView::next_level(&fw, &LevelId::new("ic-7").unwrap(), &links).is_none());

    let top = LevelView::new(&fw, ic, 6, &links).render_partial();
    assert!(!top.contains("What changes at the next level"));
    assert!(!top.contains("Next level"));
}

#[test]
fn a_management_level_names_its_return_path_as_an_ordinary_move() {
    let fw = builtin_fw();
    let management = fw.track(&TrackId::new("management").unwrap()).unwrap();
    let html = LevelView::new(&fw, management, 0, &Links::static_page("levels/em-1.html"))
        .render_partial();
    assert!(html.contains(
        r#"<p><strong>Return path:</strong> This level returns to <a href="../levels/ic-4.html">Staff Engineer</a> on the individual-contributor track, at the same grade. The move brings a manager&#39;s view of people and organisations back to hands-on technical work.</p>"#
    ), "{html}");
    assert!(html.contains(
        "Line management and performance reviews <span class=\"meta\">(Management only, outside parity)</span>"
    ));
}

#[test]
fn the_next_level_page_lists_what_explain_finds() {
    let fw = builtin_fw();
    let ic = TrackId::new("ic").unwrap();
    let (from, to) = (LevelId::new("ic-3").unwrap(), LevelId::new("ic-4").unwrap());
    let e = explain(&fw, &ic, &from, &to).unwrap();
    let html = ExplainView::new(&fw, &e, &Links::static_page("next/ic-3.html")).render_partial();
    assert!(html.contains(r#"<p class="kicker">What changes at the next level</p>"#));
    assert!(html.contains(
        r#"<h1>From <a href="../levels/ic-3.html">Senior Engineer</a> to <a href="../levels/ic-4.html">Staff Engineer</a></h1>"#
    ));
    assert!(html.contains(
        "<th scope=\"row\">Grade <span class=\"badge\">changes</span></th>\n<td>g3</td>\n<td>g4</td>"
    ));
    let changed: Vec<_> = e.changed_competencies().collect();
    assert!(!changed.is_empty());
    for c in &e.competencies {
        assert!(html.contains(&format!("id=\"c-{}\"", c.id)), "{}", c.id);
    }
    for c in changed {
        for criterion in &c.new_criteria {
            assert!(
                html.contains(&format!("<li>{}</li>", escaped(criterion))),
                "{criterion}"
            );
        }
    }
    insta::assert_snapshot!("ic_3_to_ic_4_partial", html);
}

#[test]
fn a_move_between_tracks_reads_as_a_move() {
    let fw = builtin_fw();
    let management = TrackId::new("management").unwrap();
    let (from, to) = (LevelId::new("em-1").unwrap(), LevelId::new("ic-4").unwrap());
    let e = explain(&fw, &management, &from, &to).unwrap();
    let html = ExplainView::new(&fw, &e, &Links::web("/framework/", "/static/")).render_page();
    assert!(html.contains(
        "What changes in a move from the Management track to the Individual contributor track"
    ));
    assert!(html.contains("Staff Engineer is the return path the framework sets for Engineering Manager: an ordinary move"));
    assert!(html.contains("<th scope=\"row\">Track <span class=\"badge\">changes</span></th>"));
}

#[test]
fn a_page_is_its_partial_inside_the_layout() {
    let fw = builtin_fw();
    let ic = fw.track(&TrackId::new("ic").unwrap()).unwrap();
    let view = LevelView::new(&fw, ic, 0, &Links::web("/framework/", "/static/"));
    let page = view.render_page();
    let partial = view.render_partial();
    assert!(!partial.contains("<html") && !partial.contains("<header"));
    assert!(partial.contains("<h1"));
    let main_start = page
        .find("<main id=\"content\" class=\"wrap\" tabindex=\"-1\">")
        .unwrap();
    let main_end = page.find("</main>").unwrap();
    assert!(page[main_start..main_end].contains(partial.trim()));
    // Under the web application, links are routes under its prefix and htmx swaps <main>.
    assert!(page.contains(r#"<link rel="stylesheet" href="/static/pendulum.css">"#));
    assert!(page.contains(r#"<script src="/static/htmx.min.js" defer></script>"#));
    assert!(page.contains(r##"<body hx-boost="true" hx-target="#content""##));
    assert!(partial.contains(r#"<a href="/framework/levels/ic-2">Engineer II</a>"#));
    assert!(partial.contains(r#"<a href="/framework/">Pendulum Engineering Framework</a>"#));
}

/// The built-in framework with a management level paid below its IC peer and one
/// return path removed: one parity error and one return-path warning.
fn with_findings() -> (String, pendulum_framework::model::Framework) {
    let yaml = replace_once(builtin::ENGINEERING_YAML, "    em-2: ic-5\n", "");
    let yaml = replace_once(
        &yaml,
        "          - { currency: EUR, min: 110000, mid: 125000, max: 140000, example: true }\n        # Authority total: budget 2×3",
        "          - { currency: EUR, min: 150000, mid: 160000, max: 170000, example: true }\n        # Authority total: budget 2×3",
    );
    let fw = checked("framework.yaml", &yaml);
    (yaml, fw)
}

#[test]
fn the_lint_report_shows_every_finding_with_rule_severity_why_and_place() {
    let (yaml, fw) = with_findings();
    let findings = lint::lint(&fw, &lint::Options::default());
    assert!(findings.iter().any(|f| f.rule == lint::PAY_PARITY));
    assert!(findings.iter().any(|f| f.rule == lint::RETURN_PATH));
    let sources = check_str("/home/someone/fw/framework.yaml", &yaml)
        .unwrap()
        .sources;
    let html = LintView::new(
        &fw,
        &findings,
        Some(&sources),
        &Links::static_page("lint.html"),
    )
    .render_partial();
    assert_eq!(html.matches("<li class=\"finding ").count(), findings.len());
    for f in &findings {
        let location = format!(
            "at framework.yaml, line {}, column {}",
            f.pos.line, f.pos.column
        );
        assert!(html.contains(&escaped(&f.message)), "{}", f.message);
        assert!(html.contains(&escaped(f.why)));
        assert!(html.contains(&location), "{location}");
        assert!(html.contains(&format!(
            "<span class=\"badge badge-{0}\">{0}</span> <code>{1}</code>",
            f.severity.label(),
            f.rule
        )));
    }
    assert!(!html.contains("/home/someone"), "no absolute paths");
    assert_eq!(html.matches("<tr>").count(), lint::RULES.len() + 1);
    insta::assert_snapshot!("lint_partial", html);

    // The export's index sums the findings up and links to the report.
    let pages = Site {
        framework: &fw,
        findings: &findings,
        sources: Some(&sources),
    }
    .render();
    let errors = findings
        .iter()
        .filter(|f| f.severity.label() == "error")
        .count();
    let index = page(&pages, "index.html");
    assert!(index.contains(&format!(
        "The <a href=\"lint.html\">lint report</a> has {errors} error{} and {} warning",
        if errors == 1 { "" } else { "s" },
        findings.len() - errors
    )));
    assert!(page(&pages, "lint.html").contains("framework.yaml, line "));
}

#[test]
fn the_diff_page_shows_each_change_and_calls_out_unmapped_levels() {
    let old = builtin_fw();
    let yaml = replace_once(
        builtin::ENGINEERING_YAML,
        "        title: Staff Engineer\n",
        "        title: Staff Software Engineer\n",
    );
    let yaml = replace_once(
        &yaml,
        "      - id: ic-7\n",
        "      - id: ic-distinguished\n",
    );
    let yaml = replace_once(&yaml, "    em-4: ic-7\n", "    em-4: ic-distinguished\n");
    let new = checked("framework.yaml", &yaml);
    let d = diff(&old, &new);
    let html = DiffView::new(&new, &d, &Links::web("/framework/", "/static/")).render_partial();
    assert!(html.contains("<h1>Pendulum Engineering Framework: changes from 1.0.0 to 1.0.0</h1>"));
    assert!(
        html.contains("<strong>1 removed level is mapped by nothing.</strong>"),
        "{html}"
    );
    assert!(html.contains("Distinguished Engineer (<code>ic-7</code>, track ic): nothing maps it; perhaps ic-distinguished? Add renamed_from: [ic-7] to that level"));
    assert!(html.contains(
        "<span class=\"badge badge-changed\">changed</span> <a href=\"/framework/levels/ic-4\">Staff Software Engineer (ic-4, grade g4)</a>"
    ));
    assert!(html.contains("<li>title: Staff Engineer → Staff Software Engineer</li>"));
    assert!(html.contains("<span class=\"badge badge-added\">added</span> <a href=\"/framework/levels/ic-distinguished\">"));
    assert!(html.contains("return path of em-4: ic-7 → ic-distinguished"));
    insta::assert_snapshot!("diff_partial", html);

    let same = DiffView::new(
        &old,
        &diff(&old, &old),
        &Links::web("/framework/", "/static/"),
    )
    .render_partial();
    assert!(same.contains("are the same framework: nothing changed."));
    assert!(!same.contains("<section"));
}

#[test]
fn the_diff_page_shows_reworded_texts_side_by_side() {
    let old = builtin_fw();
    let yaml = replace_once(
        builtin::ENGINEERING_YAML,
        "designs systems, leads projects",
        "designs and operates systems, leads several projects",
    );
    let yaml = replace_once(
        &yaml,
        "              - Identifies the few decisions that matter most and spends their attention there.\n",
        "              - Identifies the few decisions that matter most, spends their attention there and records each one.\n",
    );
    let new = checked("framework.yaml", &yaml);
    let html = DiffView::new(
        &new,
        &diff(&old, &new),
        &Links::web("/framework/", "/static/"),
    )
    .render_partial();
    // The summary: before and after, the added words marked on the new side only.
    assert!(
        html.contains("summary reworded\n<div class=\"word-diff\">"),
        "{html}"
    );
    assert!(
        html.contains("who designs <ins>and operates </ins>systems, leads"),
        "{html}"
    );
    assert!(
        html.contains("leads<ins> several</ins> projects")
            || html.contains("leads <ins>several </ins>projects"),
        "{html}"
    );
    assert!(html.contains("<p class=\"word-diff-label\">Before</p><p>A technical leader within their team who designs systems, leads projects"), "{html}");
    // The criterion: paired with its rewording, not counted as one removed and one added.
    let block = html
        .split("a criterion reworded")
        .nth(1)
        .unwrap_or_else(|| panic!("no reworded criterion: {html}"));
    let between = |from: &str| {
        let start = block.find(from).unwrap() + from.len();
        &block[start..start + block[start..].find("</p>").unwrap()]
    };
    let strip = |t: &str| {
        ["<del>", "</del>", "<ins>", "</ins>"]
            .iter()
            .fold(t.to_string(), |t, tag| t.replace(tag, ""))
    };
    let (before, after) = (between("Before</p><p>"), between("After</p><p>"));
    assert_eq!(
        strip(before),
        "Identifies the few decisions that matter most and spends their attention there."
    );
    assert_eq!(
        strip(after),
        "Identifies the few decisions that matter most, spends their attention there and records each one."
    );
    assert!(
        before.contains("<del>") && !before.contains("<ins>"),
        "{before}"
    );
    assert!(
        after.contains("<ins>") && !after.contains("<del>"),
        "{after}"
    );
    let records = after.find("records").unwrap();
    assert!(
        after[..records].rfind("<ins>") > after[..records].rfind("</ins>"),
        "{after}"
    );
    assert!(
        before.starts_with("Identifies the few decisions that matter "),
        "{before}"
    );
    assert!(!html.contains("criterion removed"), "{html}");
}

#[test]
fn the_index_page_snapshot() {
    let fw = builtin_fw();
    let pages = render_site(&fw, &[]);
    insta::assert_snapshot!("index_page", page(&pages, "index.html"));
}
