//! The JSON API's framework versions and the OpenAPI document, over real HTTP.

use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_store::Store;
use pendulum_store::prelude::*;
use pendulum_store_sqlite::SqliteStore;
use serde_json::Value;

use crate::{TestApp, header, json};

/// The built-in framework with Staff Engineer renamed: a valid change.
fn renamed() -> String {
    let text =
        ENGINEERING_YAML.replacen("title: Staff Engineer", "title: Staff Software Engineer", 1);
    assert_ne!(text, ENGINEERING_YAML);
    text
}

/// The built-in framework with its top-level `name` key misspelt, and that key's 1-based
/// line.
pub fn misspelt() -> (String, usize) {
    let line = ENGINEERING_YAML
        .lines()
        .position(|l| l.starts_with("name: "))
        .expect("a top-level name")
        + 1;
    let text = ENGINEERING_YAML.replacen("\nname: ", "\nnmae: ", 1);
    (text, line)
}

async fn versions(app: &TestApp) -> usize {
    let org = app.store.list_orgs().await.unwrap().remove(0);
    app.store
        .org(org.id)
        .framework_versions()
        .await
        .unwrap()
        .len()
}

fn body(yaml: &str) -> String {
    serde_json::json!({ "yaml": yaml }).to_string()
}

#[tokio::test]
async fn versions_can_be_listed_read_and_compared_with_a_bearer_token() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let get = |path: &str| {
        app.anonymous
            .get(app.url(path))
            .bearer_auth(&admin.token)
            .send()
    };

    let res = get("/api/v1/framework/versions").await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type").starts_with("application/json"));
    let list = json(res).await;
    let versions = list["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["version"], 1);
    let hash = versions[0]["content_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let published = versions[0]["published_at"].as_str().unwrap();
    time::OffsetDateTime::parse(published, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{published}: {e}"));

    let v1 = json(get("/api/v1/framework/versions/1").await.unwrap()).await;
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["yaml"], ENGINEERING_YAML);
    assert_eq!(v1["content_hash"], hash);
    assert_eq!(v1["latest"], true);
    assert_eq!(v1["name"], "Pendulum Engineering Framework");
    for finding in v1["lint"].as_array().unwrap() {
        assert!(finding["rule"].is_string(), "{finding}");
        assert!(
            ["error", "warning"].contains(&finding["severity"].as_str().unwrap()),
            "{finding}"
        );
        assert!(finding["message"].is_string(), "{finding}");
    }

    for missing in [
        "/api/v1/framework/versions/2",
        "/api/v1/framework/versions/x",
    ] {
        let res = get(missing).await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
        assert_eq!(json(res).await["error"]["code"], "not_found", "{missing}");
    }

    let org = app.store.list_orgs().await.unwrap().remove(0);
    assert_eq!(
        app.store
            .org(org.id)
            .publish_framework(&renamed())
            .await
            .unwrap(),
        2
    );
    let v1 = json(get("/api/v1/framework/versions/1").await.unwrap()).await;
    assert_eq!(v1["latest"], false);

    for path in [
        "/api/v1/framework/diff?from=1&to=2",
        "/api/v1/framework/diff",
    ] {
        let res = get(path).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let d = json(res).await;
        assert_eq!(d["from"], 1, "{path}");
        assert_eq!(d["to"], 2, "{path}");
        assert_eq!(d["empty"], false, "{path}");
        let changes: Vec<&str> = d["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(
            changes
                .iter()
                .any(|c| c.contains("Staff Engineer → Staff Software Engineer")),
            "{changes:?}"
        );
        assert!(
            d["diff"]["tracks"]
                .to_string()
                .contains("Staff Software Engineer"),
            "{}",
            d["diff"]
        );
    }
    let same = json(get("/api/v1/framework/diff?from=2&to=2").await.unwrap()).await;
    assert_eq!(same["empty"], true);
    assert_eq!(same["changes"], serde_json::json!([]));
    let res = get("/api/v1/framework/diff?from=1&to=9").await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn an_admin_publishes_with_a_token_or_a_session_and_its_csrf_header() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;

    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body(body(&renamed()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let v2 = json(res).await;
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["unchanged"], false);
    assert!(v2["lint"].is_array());
    assert_eq!(versions(&app).await, 2);

    // The same text again publishes nothing.
    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .body(body(&renamed()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let same = json(res).await;
    assert_eq!(same["version"], 2);
    assert_eq!(same["unchanged"], true);
    assert_eq!(same["content_hash"], v2["content_hash"]);
    assert_eq!(versions(&app).await, 2);

    // A session needs its CSRF token in the header.
    let res = admin
        .client
        .post(app.url("/api/v1/framework/versions"))
        .body(body(ENGINEERING_YAML))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(versions(&app).await, 2);
    let res = admin
        .client
        .post(app.url("/api/v1/framework/versions"))
        .header("x-csrf-token", &admin.csrf)
        .body(body(ENGINEERING_YAML))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(json(res).await["version"], 3);
    assert_eq!(versions(&app).await, 3);

    // The audit log names the account that published.
    let org = app.store.list_orgs().await.unwrap().remove(0);
    let audit = app.store.org(org.id).audit(10).await.unwrap();
    let published: Vec<String> = audit
        .iter()
        .filter(|e| {
            e.action == pendulum_store::AuditAction::FrameworkPublished
                && e.subject != "framework/1"
        })
        .map(|e| e.actor.clone())
        .collect();
    assert_eq!(published.len(), 2, "{audit:?}");
    assert!(
        published.iter().all(|a| a.starts_with("account/")),
        "{published:?}"
    );
}

#[tokio::test]
async fn a_member_may_read_versions_but_not_publish() {
    let app = TestApp::spawn().await;
    let member = app.member().await;
    let res = app
        .anonymous
        .get(app.url("/api/v1/framework/versions"))
        .bearer_auth(&member.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&member.token)
        .body(body(&renamed()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(header(&res, "content-type").starts_with("application/json"));
    assert_eq!(json(res).await["error"]["code"], "forbidden");

    // The test server's own account is a manager: not an admin either.
    let res = app
        .client
        .post(app.url("/api/v1/framework/versions"))
        .header("x-csrf-token", crate::CSRF)
        .body(body(&renamed()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(json(res).await["error"]["code"], "forbidden");
    assert_eq!(versions(&app).await, 1);
}

#[tokio::test]
async fn a_text_that_does_not_check_is_422_with_diagnostics_by_line_and_column() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (text, line) = misspelt();
    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .body(body(&text))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let error = json(res).await;
    assert_eq!(error["error"]["code"], "check", "{error}");
    assert!(error["error"]["message"].is_string());
    let diagnostics = error["error"]["diagnostics"].as_array().unwrap();
    let at_key = diagnostics
        .iter()
        .find(|d| d["line"] == line)
        .unwrap_or_else(|| panic!("nothing on line {line}: {error}"));
    assert_eq!(at_key["column"], 1, "{at_key}");
    assert!(at_key["code"].is_string(), "{at_key}");
    assert!(
        at_key["message"].as_str().unwrap().contains("nmae"),
        "{at_key}"
    );
    assert!(
        at_key["source_line"]
            .as_str()
            .unwrap()
            .starts_with("nmae: "),
        "{at_key}"
    );
    assert!(
        diagnostics.iter().all(|d| d.get("hint").is_some()),
        "{error}"
    );
    assert_eq!(versions(&app).await, 1);

    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .body("yaml: not an object")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(json(res).await["error"]["code"], "bad_request");
    assert_eq!(versions(&app).await, 1);
}

#[tokio::test]
async fn api_requests_without_a_session_or_token_are_401_json() {
    let app = TestApp::spawn().await;
    for route in pendulum_web::route_table::<SqliteStore>() {
        if !route.path.starts_with("/api/v1/") {
            continue;
        }
        let path = route.path.replace("{version}", "1").replace("{id}", "x");
        let res = app
            .anonymous
            .request(route.method.clone(), app.url(&path))
            .bearer_auth("not a token")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{} {path}", route.method);
        assert_eq!(header(&res, "www-authenticate"), "Bearer");
        assert_eq!(
            json(res).await["error"]["code"],
            "unauthenticated",
            "{} {path}",
            route.method
        );
    }
}

/// The OpenAPI document, fetched signed out.
async fn openapi(app: &TestApp) -> Value {
    let res = app
        .anonymous
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type").starts_with("application/json"));
    json(res).await
}

/// A route template as OpenAPI writes it: axum's `{id}` is OpenAPI's `{id}`, and a
/// catch-all `{*rest}` becomes `{rest}`.
fn openapi_path(template: &str) -> String {
    template.replace("{*", "{")
}

#[tokio::test]
async fn the_openapi_document_is_public_and_lists_every_api_route() {
    let app = TestApp::spawn().await;
    let doc = openapi(&app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Pendulum API");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["CheckErrorBody"].is_object());

    let mut missing = Vec::new();
    let mut api_routes = 0;
    for route in pendulum_web::route_table::<SqliteStore>() {
        if !route.path.starts_with("/api/v1/") {
            continue;
        }
        api_routes += 1;
        let path = openapi_path(route.path);
        let method = route.method.as_str().to_lowercase();
        if !doc["paths"][&path][&method].is_object() {
            missing.push(format!("{} {path}", route.method));
        }
    }
    assert!(api_routes >= 5, "{api_routes} API routes");
    assert!(
        missing.is_empty(),
        "API routes missing from the OpenAPI document (add them with `Routes::api`, \
         which reads their method and path from their `#[utoipa::path]`): {missing:?}"
    );
}

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    let app = TestApp::spawn().await;
    let mut doc = openapi(&app).await;
    // The crate's version is not the document's business.
    doc["info"]["version"] = Value::from("[version]");
    insta::assert_json_snapshot!("openapi", doc);
}

/// The built-in framework without level `id` (the text up to level `next`).
pub fn without_level(id: &str, next: &str) -> String {
    let start = ENGINEERING_YAML
        .find(&format!("      - id: {id}\n"))
        .expect("the level");
    let end = ENGINEERING_YAML
        .find(&format!("      - id: {next}\n"))
        .expect("the next level");
    format!("{}{}", &ENGINEERING_YAML[..start], &ENGINEERING_YAML[end..])
}

#[tokio::test]
async fn dropping_a_level_someone_holds_is_422_invalid() {
    use pendulum_domain::{Email, EventKind};
    use pendulum_framework::ids::LevelId;
    use pendulum_store::NewRoleEvent;

    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let org = app.store.list_orgs().await.unwrap().remove(0);
    let org = app.store.org(org.id);
    let person = org
        .create_person("Ada", &Email::new("ada.person@acme.test").unwrap(), None)
        .await
        .unwrap();
    let hired = time::Date::from_calendar_date(2020, time::Month::January, 6).unwrap();
    org.append_event(
        person.id,
        NewRoleEvent::new(EventKind::Hire, hired, 1).level(LevelId::new("ic-2").unwrap()),
    )
    .await
    .unwrap();

    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .body(body(&without_level("ic-2", "ic-3")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let error = json(res).await;
    assert_eq!(error["error"]["code"], "invalid", "{error}");
    assert!(
        error["error"]["message"].as_str().unwrap().contains("ic-2"),
        "{error}"
    );
    assert_eq!(versions(&app).await, 1);
}

/// Asserts that `res` is the JSON error document with `status` and `code`, and returns it.
async fn json_error(res: reqwest::Response, status: u16, code: &str) -> Value {
    let what = format!("{} {}", res.status(), res.url());
    assert_eq!(res.status(), status, "{what}");
    assert!(
        header(&res, "content-type").starts_with("application/json"),
        "{what}: {}",
        header(&res, "content-type")
    );
    let error = json(res).await;
    assert_eq!(error["error"]["code"], code, "{what}: {error}");
    assert!(
        !error["error"]["message"].as_str().unwrap().is_empty(),
        "{what}: {error}"
    );
    error
}

/// Whether the served OpenAPI document lists `status` for `method` on `template`.
async fn documents(app: &TestApp, method: &str, template: &str, status: u16) -> bool {
    let doc = openapi(app).await;
    doc["paths"][template][method.to_lowercase()]["responses"][status.to_string()].is_object()
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_and_an_unknown_page_stays_html() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for path in ["/api/v1/nothing-here", "/api/v2/people", "/api", "/api/"] {
        let res = app
            .anonymous
            .get(app.url(path))
            .bearer_auth(&admin.token)
            .send()
            .await
            .unwrap();
        json_error(res, 404, "not_found").await;
        // Signed out too: an unknown path is not found whoever asks.
        let res = app.anonymous.post(app.url(path)).send().await.unwrap();
        json_error(res, 404, "not_found").await;
    }
    let res = app.get("/nothing-here").await;
    assert_eq!(res.status(), 404);
    assert!(header(&res, "content-type").starts_with("text/html"));
}

#[tokio::test]
async fn a_method_a_path_does_not_answer_is_a_json_405_with_allow() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = app
        .anonymous
        .delete(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    let allow = header(&res, "allow");
    json_error(res, 405, "method_not_allowed").await;
    let mut allowed: Vec<&str> = allow.split(',').map(str::trim).collect();
    allowed.sort_unstable();
    assert_eq!(allowed, ["GET", "HEAD", "POST"], "{allow}");

    let res = app
        .anonymous
        .put(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert!(header(&res, "allow").contains("GET"));
    json_error(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_json_400_and_one_of_another_type_a_json_415() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let id = uuid::Uuid::now_v7();
    let path = format!("/api/v1/people/{id}/events");
    let res = app
        .anonymous
        .post(app.url(&path))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body(r#"{"kind": "promotion", "#)
        .send()
        .await
        .unwrap();
    let error = json_error(res, 400, "bad_request").await;
    assert!(
        error["error"]["message"].as_str().unwrap().contains("JSON"),
        "{error}"
    );
    assert!(documents(&app, "POST", "/api/v1/people/{id}/events", 400).await);

    let res = app
        .anonymous
        .post(app.url(&path))
        .bearer_auth(&admin.token)
        .header("content-type", "text/plain")
        .body(r#"{"kind": "promotion", "effective": "2026-01-01"}"#)
        .send()
        .await
        .unwrap();
    json_error(res, 415, "unsupported_media_type").await;
    assert!(documents(&app, "POST", "/api/v1/people/{id}/events", 415).await);

    // JSON of the wrong shape is still 422, as before.
    let res = app
        .anonymous
        .post(app.url(&path))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body(serde_json::json!({ "kind": 7 }).to_string())
        .send()
        .await
        .unwrap();
    json_error(res, 422, "bad_request").await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_413() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // Over axum's default limit of 2 MB (and any limit the server sets up to 8 MB).
    let big = "x".repeat(9 * 1024 * 1024);
    let res = app
        .anonymous
        .post(app.url("/api/v1/framework/versions"))
        .bearer_auth(&admin.token)
        .body(body(&big))
        .send()
        .await
        .unwrap();
    json_error(res, 413, "too_large").await;
    assert!(documents(&app, "POST", "/api/v1/framework/versions", 413).await);
    assert_eq!(versions(&app).await, 1);

    let id = uuid::Uuid::now_v7();
    let res = app
        .anonymous
        .post(app.url(&format!("/api/v1/people/{id}/pay")))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({ "amount": "1", "currency": "EUR",
                "effective": "2026-01-01", "reason": big })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    json_error(res, 413, "too_large").await;
}

#[tokio::test]
async fn a_path_or_query_that_does_not_parse_is_a_json_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let get = |path: &str| {
        app.anonymous
            .get(app.url(path))
            .bearer_auth(&admin.token)
            .send()
    };
    // Not an id: nobody there.
    json_error(
        get("/api/v1/people/not-a-uuid").await.unwrap(),
        404,
        "not_found",
    )
    .await;
    json_error(
        get("/api/v1/framework/versions/abc").await.unwrap(),
        404,
        "not_found",
    )
    .await;
    // Not even text: axum refuses the path before the handler runs.
    let error = json_error(get("/api/v1/people/%FF").await.unwrap(), 400, "bad_request").await;
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
            || error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("parse"),
        "{error}"
    );
    assert!(documents(&app, "GET", "/api/v1/people/{id}", 400).await);
    // A filter given twice does not deserialize.
    json_error(
        get("/api/v1/people?q=a&q=b").await.unwrap(),
        400,
        "bad_request",
    )
    .await;
    assert!(documents(&app, "GET", "/api/v1/people", 400).await);
}

#[tokio::test]
async fn a_sessions_change_without_its_csrf_token_is_a_json_403() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = admin
        .client
        .post(app.url("/api/v1/framework/versions"))
        .body(body(&renamed()))
        .send()
        .await
        .unwrap();
    let error = json_error(res, 403, "forbidden").await;
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("anti-forgery"),
        "{error}"
    );
    assert_eq!(versions(&app).await, 1);
}
