//! The framework pages of the organisation's latest published version.

use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_views::markup::escape;

use crate::{TestApp, builtin_fw, header};

/// The text between the first `from` and the next `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let rest = &text[start..];
    &rest[..rest
        .find(to)
        .unwrap_or_else(|| panic!("no {to:?} after {from:?}"))]
}

#[tokio::test]
async fn the_index_has_one_row_per_grade_and_every_level_title() {
    let app = TestApp::spawn().await;
    let fw = builtin_fw();
    let res = app.get("/framework/").await;
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type").starts_with("text/html"));
    assert_eq!(header(&res, "vary"), "HX-Request");
    let html = res.text().await.unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "the whole page");

    let table = between(&html, "<table class=\"by-grade", "</table>");
    let body = between(table, "<tbody>", "</tbody>");
    assert_eq!(body.matches("<tr>").count(), fw.grades.len());
    for grade in &fw.grades {
        assert!(
            body.contains(&format!(
                "<th scope=\"row\">{}</th>",
                escape(grade.as_str())
            )),
            "grade {grade}"
        );
    }
    for (_, level) in fw.levels() {
        let link = format!(
            "<a href=\"/framework/levels/{}\">{}</a>",
            level.id,
            escape(&level.title)
        );
        assert!(body.contains(&link), "{link}");
    }
    assert!(html.contains("href=\"/static/pendulum.css\""));
}

#[tokio::test]
async fn a_level_page_holds_every_criterion_of_its_level() {
    let app = TestApp::spawn().await;
    let fw = builtin_fw();
    let mut criteria = 0;
    for (_, level) in fw.levels() {
        let res = app.get(&format!("/framework/levels/{}", level.id)).await;
        assert_eq!(res.status(), 200, "{}", level.id);
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!(">{}</h1>", escape(&level.title))));
        for criterion in level.expectations.iter().flat_map(|e| &e.criteria) {
            assert!(
                html.contains(&format!("<li>{}</li>", escape(criterion))),
                "{} lacks {criterion:?}",
                level.id
            );
            criteria += 1;
        }
    }
    assert!(criteria > 100, "only {criteria} criteria");
}

#[tokio::test]
async fn htmx_requests_get_the_partial_and_others_the_whole_page() {
    let app = TestApp::spawn().await;
    for path in [
        "/framework/",
        "/framework/tracks/ic",
        "/framework/levels/ic-4",
        "/framework/next/ic-3",
        "/framework/compare/pay",
        "/framework/compare/rights",
        "/framework/lint",
    ] {
        let full = app.get(path).await;
        assert_eq!(full.status(), 200, "{path}");
        assert_eq!(header(&full, "vary"), "HX-Request", "{path}");
        let full = full.text().await.unwrap();
        assert!(full.contains("<html"), "{path}");

        let partial = app.get_htmx(path).await;
        assert_eq!(partial.status(), 200, "{path}");
        assert_eq!(header(&partial, "vary"), "HX-Request", "{path}");
        let partial = partial.text().await.unwrap();
        assert!(!partial.contains("<html"), "{path}: {partial}");
        assert!(partial.contains("<h1"), "{path}");
        assert!(
            full.contains(partial.trim()),
            "{path}: the partial is the page's main"
        );

        // htmx restoring history after a cache miss needs the whole page again.
        let restore = app
            .client
            .get(app.url(path))
            .header("HX-Request", "true")
            .header("HX-History-Restore-Request", "true")
            .send()
            .await
            .unwrap();
        assert!(restore.text().await.unwrap().contains("<html"), "{path}");
    }
}

#[tokio::test]
async fn unknown_tracks_and_levels_and_the_last_level_s_next_are_404() {
    let app = TestApp::spawn().await;
    let fw = builtin_fw();
    let last = &fw.tracks[0].levels.last().unwrap().id;
    for path in [
        "/framework/tracks/nope".to_string(),
        "/framework/levels/nope".to_string(),
        "/framework/levels/NOT%20AN%20ID".to_string(),
        format!("/framework/next/{last}"),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            header(&res, "content-type").starts_with("text/html"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_show_the_latest_published_version() {
    let app = TestApp::spawn().await;
    let org = app.store.list_orgs().await.unwrap().remove(0);
    let org = app.store.org(org.id);
    let before = app
        .get("/framework/levels/ic-4")
        .await
        .text()
        .await
        .unwrap();
    assert!(before.contains(">Staff Engineer</h1>"), "{before}");

    let renamed = pendulum_framework::builtin::ENGINEERING_YAML.replacen(
        "title: Staff Engineer",
        "title: Staff Software Engineer",
        1,
    );
    assert_ne!(renamed, pendulum_framework::builtin::ENGINEERING_YAML);
    assert_eq!(org.publish_framework(&renamed).await.unwrap(), 2);

    let after = app
        .get("/framework/levels/ic-4")
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains(">Staff Software Engineer</h1>"), "{after}");
}
