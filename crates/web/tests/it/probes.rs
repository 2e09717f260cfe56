//! Health, readiness, metrics, static assets and the 404 page.

use crate::{TestApp, header};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_is_ready_while_the_database_answers_and_503_when_it_does_not() {
    let app = TestApp::spawn().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(body["status"], "ready");

    app.store.pool().close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    assert!(header(&res, "content-type").starts_with("application/json"));
    let body: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(body["status"], "unavailable");
    // The store's own message (here, that the pool is closed) stays in the log.
    assert!(!body.to_string().to_lowercase().contains("pool"), "{body}");
}

#[tokio::test]
async fn a_page_needing_an_unusable_database_is_a_generic_500() {
    let app = TestApp::spawn().await;
    app.store.pool().close().await;
    let res = app.get("/framework/").await;
    assert_eq!(res.status(), 500);
    let body = res.text().await.unwrap();
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(!body.to_lowercase().contains("pool"), "{body}");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/framework/levels/ic-4").await.status(), 200);
    assert_eq!(
        app.get("/framework/levels/no-such-level").await.status(),
        404
    );
    assert_eq!(app.get("/no/such/page").await.status(), 404);

    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    for line in [
        "# TYPE pendulum_http_requests_total counter",
        "pendulum_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1",
        "pendulum_http_requests_total{method=\"GET\",route=\"/framework/levels/{id}\",status=\"200\"} 1",
        "pendulum_http_requests_total{method=\"GET\",route=\"/framework/levels/{id}\",status=\"404\"} 1",
        "pendulum_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
        "# TYPE pendulum_http_request_duration_seconds histogram",
        "pendulum_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1",
        "pendulum_http_request_duration_seconds_count{route=\"/framework/levels/{id}\"} 2",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(!text.contains("no-such-level"), "paths never become labels");
}

#[tokio::test]
async fn static_assets_have_their_content_types_and_cache_headers() {
    let app = TestApp::spawn().await;
    for (path, content_type, needle) in [
        ("/static/pendulum.css", "text/css", "{"),
        ("/static/htmx.min.js", "text/javascript", "htmx"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            header(&res, "content-type").starts_with(content_type),
            "{path}: {}",
            header(&res, "content-type")
        );
        assert!(header(&res, "cache-control").contains("max-age="), "{path}");
        let etag = header(&res, "etag");
        assert!(!etag.is_empty(), "{path}");
        assert!(res.text().await.unwrap().contains(needle), "{path}");

        let again = app
            .client
            .get(app.url(path))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    assert_eq!(app.get("/static/secrets.txt").await.status(), 404);
}

#[tokio::test]
async fn an_unknown_route_is_a_small_html_404() {
    let app = TestApp::spawn().await;
    let res = app.get("/nowhere").await;
    assert_eq!(res.status(), 404);
    assert!(header(&res, "content-type").starts_with("text/html"));
    let body = res.text().await.unwrap();
    assert!(body.starts_with("<!DOCTYPE html>"));
    assert!(body.contains("<h1>Not found</h1>"));
    assert!(body.contains("href=\"/framework/\""));
}

#[tokio::test]
async fn the_root_is_the_home_page_signed_in_and_leads_to_signing_in_signed_out() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("<h2 id=\"home-"));
    let res = app.anonymous.get(app.url("/")).send().await.unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(header(&res, "location"), "/login");
}
