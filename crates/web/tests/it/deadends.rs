//! No dead ends: names link only to pages that open for the viewer, and refusals are pages
//! in the signed-in layout with ways back, on the matrix's organisation (mia manages rob,
//! who manages ria; ada, at the top, manages mia and mo).

use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;

use crate::matrix::{Body, Who, World, call, sqlite_world as world};

async fn get(w: &World<SqliteStore>, who: Who, path: &str) -> (StatusCode, String) {
    call(
        &w.viewers[&who].client,
        None,
        w.addr,
        "GET",
        path,
        Body::None,
    )
    .await
}

fn href(w: &World<SqliteStore>, name: &str) -> String {
    format!("href=\"/people/{}\"", w.people[name])
}

#[tokio::test]
async fn a_reporting_line_links_only_the_pages_that_open() {
    let (w, _dir) = world().await;
    // The member sees their manager's name, not a link to a page that answers 404.
    let (status, html) = get(&w, Who::Member, &format!("/people/{}", w.people["mo"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<li>ada</li>"), "{html}");
    assert!(!html.contains(&href(&w, "ada")), "{html}");
    let (status, _) = get(&w, Who::Member, &format!("/people/{}", w.people["ada"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The manager, on a report's report: the line's top (ada) is text, the manager's own
    // name and the report in between are links.
    let (status, html) = get(&w, Who::Manager, &format!("/people/{}", w.people["ria"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&href(&w, "ada")), "{html}");
    assert!(html.contains(&href(&w, "mia")), "{html}");
    assert!(html.contains(&href(&w, "rob")), "{html}");
    // An admin opens everyone.
    let (_, html) = get(&w, Who::Admin, &format!("/people/{}", w.people["ria"])).await;
    assert!(html.contains(&href(&w, "ada")), "{html}");
}

#[tokio::test]
async fn refusals_are_pages_with_the_header_and_ways_back() {
    let (w, _dir) = world().await;
    let other = format!("/people/{}", w.people["zed"]);
    for (path, status, heading, way) in [
        (
            "/no/such/page",
            StatusCode::NOT_FOUND,
            "Not found",
            "href=\"/framework/\"",
        ),
        (
            other.as_str(),
            StatusCode::NOT_FOUND,
            "Not found",
            "href=\"/people/me\"",
        ),
        (
            "/audit",
            StatusCode::FORBIDDEN,
            "You do not have access",
            "href=\"/framework/\"",
        ),
    ] {
        let (got, html) = get(&w, Who::Member, path).await;
        assert_eq!(got, status, "{path}");
        assert!(html.contains(&format!("<h1>{heading}")), "{path}: {html}");
        assert!(html.contains("<nav class=\"app-nav\""), "{path}: {html}");
        assert!(html.contains("class=\"site-footer\""), "{path}: {html}");
        let ways = &html[html.find("class=\"ways-back\"").expect("ways back")..];
        assert!(ways.contains("href=\"/\""), "{path}: {ways}");
        assert!(ways.contains(way), "{path}: {ways}");
    }
    // Under /api/ an unknown path is still the JSON error.
    let (status, body) = get(&w, Who::Member, "/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("\"not_found\""), "{body}");
}
