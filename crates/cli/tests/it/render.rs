//! `pendulum framework render`: a hostile framework's markup does not reach the pages, in
//! Markdown or in HTML.

use std::path::Path;

use super::{pendulum, stderr};

/// Every file under `dir`, with its text.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path.display().to_string(), text));
        }
    }
    out
}

#[test]
fn a_hostile_framework_renders_as_text_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    pendulum(&["framework", "init", "."], dir.path());
    let yaml = std::fs::read_to_string(dir.path().join("framework.yaml")).unwrap();
    let hostile = yaml
        .replacen(
            "title: Staff Engineer",
            r#"title: "Staff <script>alert('title')</script>""#,
            1,
        )
        .replacen(
            "\ndescription: |\n",
            "\ndescription: |\n  <script>alert('description')</script> [x](javascript:alert('link'))\n  <img src=x onerror=alert('img')>\n\n",
            1,
        );
    assert!(
        hostile.contains("alert('description')"),
        "the file has a description"
    );
    std::fs::write(dir.path().join("hostile.yaml"), hostile).unwrap();

    for format in ["markdown", "html"] {
        let out = pendulum(
            &[
                "framework",
                "render",
                "hostile.yaml",
                "--format",
                format,
                "--out",
                format,
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let pages = files(&dir.path().join(format));
        assert!(pages.len() > 10, "{format}: {pages:?}");
        for (path, text) in &pages {
            // Markdown shows `\<` and `\[` as the characters themselves, and HTML shows a
            // link's Markdown as text (the framework's own tests parse the pages; this is
            // the end-to-end check).
            let (live, link) = match format {
                "markdown" => (
                    text.replace("\\<", "").replace("\\[x]", ""),
                    "](javascript:",
                ),
                _ => (text.clone(), "href=\"javascript:"),
            };
            for markup in ["<script>alert", "<img src=x", link] {
                assert!(!live.contains(markup), "{path} holds {markup}:\n{text}");
            }
        }
        // The markup is shown as the text it is, and the description's Markdown stays.
        let (index, shown, bold) = match format {
            "markdown" => (
                "index.md",
                "&lt;script>alert('description')",
                "**individual-contributor (IC) track**",
            ),
            _ => (
                "index.html",
                "&lt;script&gt;alert(",
                "<strong>individual-contributor (IC) track</strong>",
            ),
        };
        let index = std::fs::read_to_string(dir.path().join(format).join(index)).unwrap();
        assert!(index.contains(shown), "{index}");
        assert!(index.contains(bold), "{index}");
    }
}
