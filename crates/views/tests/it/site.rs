//! The static export as a whole: which files it writes, that every link in it resolves,
//! that it reaches no other host, and that every page has the same accessible frame.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use pendulum_framework::lint;
use pendulum_views::{Page, render_site};

use crate::{attribute_values, builtin_fw};

fn site() -> Vec<Page> {
    let fw = builtin_fw();
    render_site(&fw, &lint::lint(&fw, &lint::Options::default()))
}

/// `dir/../x` → `x`, as a browser resolves a relative link.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => assert!(out.pop(), "link escapes the site: {path:?}"),
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn html_pages(pages: &[Page]) -> impl Iterator<Item = &Page> {
    pages
        .iter()
        .filter(|p| p.path.extension().is_some_and(|e| e == "html"))
}

#[test]
fn the_export_has_a_page_per_track_level_and_next_level_plus_comparisons_and_assets() {
    let fw = builtin_fw();
    let pages = site();
    let mut expected = vec!["index.html".to_string()];
    expected.extend(fw.tracks.iter().map(|t| format!("tracks/{}.html", t.id)));
    expected.extend(fw.levels().map(|(_, l)| format!("levels/{}.html", l.id)));
    for t in &fw.tracks {
        let n = t.levels.len();
        expected.extend(
            t.levels[..n - 1]
                .iter()
                .map(|l| format!("next/{}.html", l.id)),
        );
    }
    expected.extend(
        [
            "compare/pay.html",
            "compare/rights.html",
            "lint.html",
            "static/pendulum.css",
            "static/htmx.min.js",
            "static/htmx.LICENSE",
            "static/pendulum.js",
        ]
        .map(String::from),
    );
    let paths: Vec<String> = pages
        .iter()
        .map(|p| p.path.to_string_lossy().into_owned())
        .collect();
    assert_eq!(paths, expected);
    // 1 index, 2 tracks, 11 levels, 9 next-level pages, 3 more pages, 4 assets.
    assert_eq!(pages.len(), 1 + 2 + 11 + 9 + 3 + 4);
    assert!(fw.levels().count() == 11);
}

#[test]
fn every_relative_link_resolves_to_a_written_page_or_asset() {
    let pages = site();
    let files: HashSet<PathBuf> = pages.iter().map(|p| p.path.clone()).collect();
    let ids: HashMap<PathBuf, HashSet<String>> = html_pages(&pages)
        .map(|p| {
            let ids = attribute_values(&p.content, "id").into_iter().collect();
            (p.path.clone(), ids)
        })
        .collect();
    let mut checked = 0;
    for p in html_pages(&pages) {
        let dir = p.path.parent().unwrap_or(Path::new(""));
        let targets = attribute_values(&p.content, "href")
            .into_iter()
            .chain(attribute_values(&p.content, "src"));
        for target in targets {
            assert!(
                !target.contains("://") && !target.starts_with('/'),
                "{}: {target} is not a relative link",
                p.path.display()
            );
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let resolved = if file.is_empty() {
                p.path.clone()
            } else {
                normalise(&dir.join(file))
            };
            assert!(
                files.contains(&resolved),
                "{}: {target} → {resolved:?} was not written",
                p.path.display()
            );
            if !fragment.is_empty() {
                assert!(
                    ids[&resolved].contains(fragment),
                    "{}: {target} names no element of {resolved:?}",
                    p.path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn nothing_in_the_export_reaches_another_host() {
    for p in site() {
        let text = without_licence_comments(&p.content);
        for scheme in ["http://", "https://", "//cdn", "url("] {
            assert!(
                !text.contains(scheme),
                "{} contains {scheme}",
                p.path.display()
            );
        }
    }
}

/// JavaScript and CSS keep licences in `/*! … */` comments; URLs there are not loaded.
fn without_licence_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*!") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |end| &rest[i + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn the_vendored_htmx_is_the_real_library_with_its_licence() {
    let pages = site();
    let htmx = crate::page(&pages, "static/htmx.min.js");
    assert!(htmx.starts_with("var htmx=function(){"), "{}", &htmx[..40]);
    assert!(htmx.len() > 40_000);
    let licence = crate::page(&pages, "static/htmx.LICENSE");
    assert!(licence.contains("Zero-Clause BSD"));
}

#[test]
fn every_page_has_the_accessible_frame() {
    let pages = site();
    for p in html_pages(&pages) {
        let html = &p.content;
        let path = p.path.display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        assert!(
            html.contains(r##"<a class="skip-link" href="#content">"##),
            "{path}"
        );
        for landmark in [
            "<header",
            "<nav aria-label=\"Site\">",
            "<main id=\"content\"",
            "<footer",
        ] {
            assert_eq!(html.matches(landmark).count(), 1, "{path}: {landmark}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        let nav = &html[html.find("<nav aria-label=\"Site\">").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert!(nav.matches("aria-current").count() <= 1, "{path}");
        // The current page is marked in the navigation, in the breadcrumb, or in both.
        assert!(html.contains("aria-current=\"page\""), "{path}");
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<caption").count(),
            "{path}: every table has a caption"
        );
        let header_cells: Vec<&str> = html
            .split("<th")
            .skip(1)
            .filter(|rest| rest.starts_with([' ', '>']))
            .map(|rest| &rest[..rest.find('>').unwrap()])
            .collect();
        assert!(
            !header_cells.is_empty() || !html.contains("<table"),
            "{path}"
        );
        for tag in header_cells {
            assert!(tag.contains("scope=\""), "{path}: <th{tag}> has no scope");
        }
        assert!(html.contains("<meta name=\"viewport\""), "{path}");
        assert!(!html.contains("hx-boost"), "{path}: files are not boosted");
    }
}

#[test]
fn the_wording_stays_neutral_between_tracks() {
    for p in html_pages(&site()) {
        let text = p.content.to_lowercase();
        for word in [
            "demot",
            "step down",
            "step back",
            "downgrade",
            "up the ladder",
        ] {
            assert!(!text.contains(word), "{}: {word}", p.path.display());
        }
    }
}
