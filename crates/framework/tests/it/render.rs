//! Tests of `render`: the built-in framework as Markdown pages — one per level and per
//! track plus an index — whose links all resolve, whose index lines tracks up by grade, and
//! whose level pages hold every criterion of their level.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use pendulum_framework::format::md_inline;
use pendulum_framework::model::Framework;
use pendulum_framework::render::{Page, render_markdown};
use pendulum_framework::{builtin, check_str};

fn builtin_fw() -> Framework {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .expect("built-in is valid")
        .framework
}

fn page<'a>(pages: &'a [Page], path: &str) -> &'a str {
    &pages
        .iter()
        .find(|p| p.path == Path::new(path))
        .unwrap_or_else(|| panic!("no page {path}"))
        .content
}

/// The targets of inline links, `[label](target)`.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let end = rest.find(')').expect("closed link");
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// `dir/../x` → `x`, as a browser or GitHub resolves a relative link.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => assert!(out.pop(), "link escapes the output: {path:?}"),
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn one_page_per_level_and_per_track_plus_an_index() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let levels = fw.levels().count();
    assert_eq!(levels, 11);
    assert_eq!(pages.len(), 1 + fw.tracks.len() + levels);

    let mut expected: Vec<PathBuf> = vec![PathBuf::from("index.md")];
    for t in &fw.tracks {
        expected.push(Path::new(t.id.as_str()).join("index.md"));
        for l in &t.levels {
            expected.push(Path::new(t.id.as_str()).join(format!("{}.md", l.id)));
        }
    }
    let paths: Vec<PathBuf> = pages.iter().map(|p| p.path.clone()).collect();
    assert_eq!(paths, expected);
    assert!(
        pages
            .iter()
            .all(|p| p.content.ends_with('\n') && !p.content.ends_with("\n\n"))
    );
}

#[test]
fn every_relative_link_resolves_to_a_rendered_page() {
    let pages = render_markdown(&builtin_fw());
    let paths: HashSet<PathBuf> = pages.iter().map(|p| p.path.clone()).collect();
    let mut checked = 0;
    for p in &pages {
        let dir = p.path.parent().unwrap_or(Path::new(""));
        for target in link_targets(&p.content) {
            assert!(!target.contains("://"), "no absolute links: {target}");
            let resolved = normalise(&dir.join(&target));
            assert!(
                paths.contains(&resolved),
                "{}: link {target} → {resolved:?} has no page",
                p.path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn the_index_shows_tracks_side_by_side_one_row_per_grade() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let index = page(&pages, "index.md");
    let lines: Vec<&str> = index.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("| Grade |"))
        .expect("grade table");
    assert_eq!(
        lines[header],
        "| Grade | [Individual contributor](ic/index.md) | [Management](management/index.md) |"
    );
    let rows: Vec<&str> = lines[header + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .copied()
        .collect();
    assert_eq!(rows.len(), fw.grades.len());
    for (row, grade) in rows.iter().zip(&fw.grades) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 1 + fw.tracks.len(), "{row}");
        assert_eq!(cells[0], grade.as_str());
        for (cell, track) in cells[1..].iter().zip(&fw.tracks) {
            let at_grade: Vec<_> = track
                .levels
                .iter()
                .filter(|l| l.grade.as_ref() == Some(grade))
                .collect();
            match at_grade.as_slice() {
                [] => assert_eq!(*cell, "—"),
                [l] => assert_eq!(*cell, format!("[{}]({}/{}.md)", l.title, track.id, l.id)),
                _ => panic!("one level per grade and track in the built-in"),
            }
        }
    }
    assert_eq!(
        rows[3],
        "| g4 | [Staff Engineer](ic/ic-4.md) | [Engineering Manager](management/em-1.md) |"
    );
    insta::assert_snapshot!("builtin_index", index);
}

#[test]
fn a_level_page_holds_every_criterion_and_example_of_its_level() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let mut criteria = 0;
    for (track, level) in fw.levels() {
        let content = page(&pages, &format!("{}/{}.md", track.id, level.id));
        assert!(content.contains(&format!("\n# {}\n", level.title)));
        for e in &level.expectations {
            let competency = fw.competency(&e.competency).unwrap();
            let step = competency
                .scale
                .iter()
                .find(|s| Some(&s.id) == e.step.as_ref())
                .unwrap();
            assert!(
                content.contains(&format!("#### {}: {}\n", competency.name, step.name)),
                "{}: {}",
                level.id,
                competency.id
            );
            for text in e.criteria.iter().chain(&e.examples) {
                assert!(
                    content.contains(&format!("\n- {}\n", md_inline(text))),
                    "{} lacks {text:?}",
                    level.id
                );
                criteria += 1;
            }
        }
    }
    assert!(criteria > 200, "only {criteria} criteria and examples");
}

#[test]
fn a_level_page_has_its_facts_pay_rights_and_the_next_level() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let ic4 = page(&pages, "ic/ic-4.md");
    for expected in [
        "[Pendulum Engineering Framework](../index.md) › [Individual contributor](index.md) › Staff Engineer\n",
        "| Grade | g4 |\n",
        "| Typical time at this level | 24–48 months |\n",
        "\nSets technical direction for a group of teams and leads work that no single team could do alone.\n",
        "**Scope:** Several teams or a product area; problems that cross team boundaries.\n",
        "| EUR | 90,000 | 102,000 | 114,000 |\n",
        "*These are example figures, for illustration only: they are not this organisation's pay.*\n",
        "| Technical direction | Decides | Makes technical decisions within their scope. |\n",
        "Authority total, compared across tracks at equal grades: 22.\n",
        "- **Architect**: ",
        "People returning to individual contribution from [Engineering Manager](../management/em-1.md) come to this level.\n",
        "### Craft\n",
        "## Next level: [Senior Staff Engineer](ic-5.md)\n",
        "### What changes at the next level\n",
        "- **Grade:** g4 → g5\n",
        "- **Communication**: Persuades → Aligns, 3 new criteria\n",
        "Previous level: [Senior Engineer](ic-3.md).\n",
    ] {
        assert!(ic4.contains(expected), "ic-4 page lacks {expected:?}");
    }
    insta::assert_snapshot!("builtin_ic_4", ic4);

    let top = page(&pages, "ic/ic-7.md");
    assert!(!top.contains("## Next level"));
}

#[test]
fn a_management_level_page_names_its_return_path_as_an_ordinary_move() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let em1 = page(&pages, "management/em-1.md");
    assert!(em1.contains(
        "**Return path:** this level returns to [Staff Engineer](../ic/ic-4.md) on the individual-contributor track, at the same grade."
    ));
    assert!(em1.contains(
        "| Line management and performance reviews (management only, outside parity) | Conducts |"
    ));
    assert!(em1.contains("#### People management: Manages a team\n"));
    insta::assert_snapshot!("builtin_em_1", em1);
    for p in &pages {
        let lower = p.content.to_lowercase();
        assert!(!lower.contains("demot"), "{}", p.path.display());
    }
}

#[test]
fn a_track_page_lists_its_levels_and_steps_by_level() {
    let fw = builtin_fw();
    let pages = render_markdown(&fw);
    let ic = page(&pages, "ic/index.md");
    assert!(ic.contains("An individual-contributor track of 7 levels.\n"));
    assert!(ic.contains("| [Staff Engineer](ic-4.md) | `ic-4` | g4 | 24–48 months |\n"));
    assert!(ic.contains(
        "| Technical depth | Adopts | Specialises | Evangelises | Masters | Masters | Creates | Creates |\n"
    ));
    assert!(
        !ic.contains("People management"),
        "not used by the IC track"
    );
    insta::assert_snapshot!("builtin_ic_track", ic);
}

#[test]
fn user_text_is_escaped_so_it_renders_as_written() {
    let yaml = r##"
format: 1
name: "Team *Alpha* | ladder"
grades: [g1, g2]
competencies:
  - id: code
    name: "Code <review>"
    scale:
      - { id: a, name: "Level_one" }
tracks:
  - id: eng
    name: "Eng [core]"
    kind: individual-contributor
    levels:
      - id: e1
        title: "Dev | I"
        grade: g1
        summary: "# Not a heading"
        expectations:
          - competency: code
            step: a
            criteria:
              - "Uses *nix tools | awk and `sed`"
              - "1. Not an ordered list"
      - id: index
        title: Dev II
        grade: g2
"##;
    let fw = check_str("escape.yaml", yaml).unwrap().framework;
    let pages = render_markdown(&fw);
    let paths: Vec<&Path> = pages.iter().map(|p| p.path.as_path()).collect();
    assert_eq!(
        paths,
        [
            Path::new("index.md"),
            Path::new("eng/index.md"),
            Path::new("eng/e1.md"),
            Path::new("eng/level-index.md"),
        ],
        "a level called `index` does not overwrite its track's page"
    );
    let index = page(&pages, "index.md");
    assert!(index.starts_with("# Team \\*Alpha\\* \\| ladder\n"));
    assert!(
        index.contains("| g1 | [Dev \\| I](eng/e1.md) |\n"),
        "{index}"
    );
    assert!(
        index.contains("| g2 | [Dev II](eng/level-index.md) |\n"),
        "{index}"
    );
    let e1 = page(&pages, "eng/e1.md");
    assert!(e1.contains("\n\\# Not a heading\n"), "{e1}");
    assert!(
        e1.contains("- Uses \\*nix tools \\| awk and \\`sed\\`\n"),
        "{e1}"
    );
    assert!(e1.contains("- 1\\. Not an ordered list\n"), "{e1}");
    assert!(e1.contains("#### Code \\<review>: Level\\_one\n"), "{e1}");
    assert!(
        e1.contains("## Next level: [Dev II](level-index.md)\n"),
        "{e1}"
    );
}

/// What a Markdown renderer would make of `markdown`: raw HTML it would pass through, and
/// the targets of images and of links with a scheme other than `http`, `https` or `mailto`.
pub fn hazards(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            // The index's grade grid joins the levels of a cell with its own `<br>`.
            Event::Html(raw) | Event::InlineHtml(raw) if raw.as_ref() != "<br>" => {
                Some(format!("html {raw:?}"))
            }
            Event::Start(Tag::Image { dest_url, .. }) => Some(format!("image {dest_url}")),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let dest = dest_url.trim().to_ascii_lowercase();
                let scheme = dest
                    .split_once(':')
                    .map(|(scheme, _)| scheme)
                    .filter(|scheme| !scheme.contains(['/', '?', '#']));
                match scheme {
                    None | Some("http" | "https" | "mailto") => None,
                    Some(_) => Some(format!("link {dest_url}")),
                }
            }
            _ => None,
        })
        .collect()
}

#[test]
fn raw_html_and_unsafe_links_from_the_framework_do_not_reach_the_pages() {
    let yaml = r##"
format: 1
name: "<script>alert('name')</script> ladder"
description: |
  Our **ladder**. <script>alert('description')</script>
  See [the guide](https://example.org/guide) and `<code>` stays code.

  <div onclick="alert('block')">a block</div>

  <!-- a comment -->
  [click](javascript:alert('link')) <javascript:alert('autolink')>
  ![pixel](https://tracker.example/p.gif) [ref] [x](<javascript:alert('angle')>)

  [ref]: javascript:alert('reference')
grades: [g1, g2]
competencies:
  - id: code
    name: "Code <img src=x onerror=alert('competency')>"
    description: "<b>Reviews</b> code. More."
    scale:
      - { id: a, name: "<i>one</i>", description: "<u>step</u>" }
tracks:
  - id: eng
    name: "<svg onload=alert('track')>"
    kind: individual-contributor
    description: "<iframe src=x></iframe> *Engineers*."
    levels:
      - id: e1
        title: "<script>alert('title')</script>"
        grade: g1
        summary: "<em>summary</em>"
        scope: "<em>scope</em>"
        description: "<style>body{}</style> _Level_ text"
        expectations:
          - competency: code
            step: a
            criteria:
              - "<script>alert('criterion')</script>"
            examples:
              - "<a href='javascript:x'>example</a>"
      - id: e2
        title: Dev II
        grade: g2
        scope: "<em>wider</em>"
"##;
    let fw = check_str("hostile.yaml", yaml).unwrap().framework;
    let pages = render_markdown(&fw);
    for page in &pages {
        assert_eq!(
            hazards(&page.content),
            Vec::<String>::new(),
            "{}:\n{}",
            page.path.display(),
            page.content
        );
    }
    // Ordinary Markdown in a description still renders as Markdown.
    let index = page(&pages, "index.md");
    let html = {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(index));
        out
    };
    assert!(html.contains("<strong>ladder</strong>"), "{html}");
    assert!(
        html.contains(r#"<a href="https://example.org/guide">the guide</a>"#),
        "{html}"
    );
    assert!(html.contains("<code>&lt;code&gt;</code>"), "{html}");
    // The hostile markup is shown as the text it is.
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    assert!(html.contains("&lt;div onclick="), "{html}");
    let level = page(&pages, "eng/e1.md");
    assert!(
        level.contains("<em>Level</em>") || level.contains("_Level_"),
        "{level}"
    );
}

#[test]
fn the_index_shows_the_policy_in_effect_with_its_text_escaped() {
    let yaml = "name: Policy\ntracks:\n  - id: ic\n    kind: individual-contributor\n    levels:\n      - { id: ic-1, title: Engineer }\n  - id: em\n    kind: management\n    levels:\n      - { id: em-1, title: Manager }\ntransitions:\n  checkpoints: [14]\n  extensions: { max: 0 }\n  onboarding:\n    to-ic: []\nreflection:\n  - { id: why, text: \"Why <img src=x onerror=alert(1)>?\", direction: to-ic }\njournal:\n  kinds:\n    - { id: talks, name: \"[Talks](javascript:alert(1))\" }\n";
    let fw = check_str("policy.yaml", yaml).unwrap().framework;
    let index = render_markdown(&fw).remove(0).content;
    assert!(index.contains("Checkpoints during a trial: day 14 and the end of the trial. A trial is not extended: it ends with a decision."), "{index}");
    // The checklist the file leaves out is the built-in one; the one it empties is gone.
    assert!(
        index.contains("Support for a move towards management:\n\n- Management training"),
        "{index}"
    );
    assert!(
        !index.contains("towards individual contribution:"),
        "{index}"
    );
    assert!(
        index.contains("### Towards individual contribution\n\n- **Why"),
        "{index}"
    );
    assert!(!index.contains("### Towards management"), "{index}");
    // No kind is hands-on: only the other line is shown.
    assert!(!index.contains("- Hands-on:"), "{index}");
    assert!(index.contains("- Other work: "), "{index}");
    assert!(hazards(&index).is_empty(), "{:?}\n{index}", hazards(&index));

    // A framework with one kind of track has no move to try or reflect on.
    let single = check_str(
        "single.yaml",
        "name: One\ntracks:\n  - id: ic\n    kind: individual-contributor\n    levels:\n      - { id: ic-1, title: Engineer }\n",
    )
    .unwrap()
    .framework;
    let index = render_markdown(&single).remove(0).content;
    assert!(
        !index.contains("## Trying a move") && !index.contains("## Reflecting"),
        "{index}"
    );
    assert!(
        index.contains("- Hands-on: Hands-on building, Code review"),
        "{index}"
    );
}
