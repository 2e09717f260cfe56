//! The OpenAPI document as served: valid OpenAPI 3.1 by the official JSON Schema, every
//! `/api/` route of the route table in it, and every operation listing the statuses the
//! shared layers can answer with.

use std::collections::BTreeSet;

use pendulum_store_sqlite::SqliteStore;
use pendulum_web::Reach;
use serde_json::Value;

use crate::{TestApp, header, json};

/// The official JSON Schema of OpenAPI 3.1 documents (see `tests/openapi/README.md`).
const OPENAPI_31_SCHEMA: &str = include_str!("../openapi/schema-3.1-2022-10-07.json");

/// The OpenAPI document, fetched over HTTP signed out.
async fn served(app: &TestApp) -> Value {
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

/// What the official schema finds wrong with `doc`, one line each.
fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(OPENAPI_31_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the official schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// Every `$ref` of `value` that does not point into `doc`.
fn dangling_refs(doc: &Value, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let found = target
                    .strip_prefix('#')
                    .and_then(|pointer| doc.pointer(pointer));
                if found.is_none() {
                    out.push(target.clone());
                }
            }
            map.values().for_each(|v| dangling_refs(doc, v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| dangling_refs(doc, v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_is_valid_openapi_3_1() {
    let app = TestApp::spawn().await;
    let doc = served(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
    let errors = schema_errors(&doc);
    assert!(
        errors.is_empty(),
        "the served OpenAPI document is not valid OpenAPI 3.1:\n{}",
        errors.join("\n")
    );
    let mut dangling = Vec::new();
    dangling_refs(&doc, &doc, &mut dangling);
    assert!(dangling.is_empty(), "$refs that lead nowhere: {dangling:?}");

    // OpenAPI asks for each operationId to be unique among all operations, which the JSON
    // Schema cannot say: generated clients name their methods after them.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut repeated = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if let Some(id) = operation["operationId"].as_str()
                && !seen.insert(id)
            {
                repeated.push(format!("{method} {path}: {id}"));
            }
        }
    }
    assert!(repeated.is_empty(), "operationIds used twice: {repeated:?}");
    assert!(seen.len() > 20, "only {} operationIds", seen.len());

    // The validator does reject what the document once had: a response without its
    // description.
    let mut broken = doc.clone();
    let ok = broken["paths"]["/api/v1/people"]["get"]["responses"]["200"]
        .as_object_mut()
        .unwrap();
    assert!(ok.remove("description").is_some());
    assert!(
        !schema_errors(&broken).is_empty(),
        "a response without a description passed the schema"
    );
}

/// The statuses the shared layers in front of every handler can answer `route` with.
fn shared_statuses(route: &pendulum_web::RouteInfo, operation: &Value) -> BTreeSet<&'static str> {
    // The request deadline, and a fault anywhere.
    let mut statuses = BTreeSet::from(["408", "500"]);
    if route.reach == Reach::SignedIn {
        statuses.insert("401");
    }
    if operation.get("requestBody").is_some() {
        statuses.extend(["400", "413", "422"]);
    }
    if operation["parameters"]
        .as_array()
        .is_some_and(|p| !p.is_empty())
    {
        statuses.insert("400");
    }
    if route.reach == Reach::SignedIn && route.method != "GET" {
        // A session's change without its CSRF token.
        statuses.insert("403");
    }
    statuses
}

#[tokio::test]
async fn every_api_route_is_documented_with_the_statuses_it_can_answer() {
    let app = TestApp::spawn().await;
    let doc = served(&app).await;
    let mut problems = Vec::new();
    let mut documented_routes = BTreeSet::new();
    for route in pendulum_web::route_table::<SqliteStore>() {
        if !route.path.starts_with("/api/") {
            continue;
        }
        let method = route.method.as_str().to_lowercase();
        let path = route.path.replace("{*", "{");
        documented_routes.insert((method.clone(), path.clone()));
        let operation = &doc["paths"][&path][&method];
        if !operation.is_object() {
            problems.push(format!("{} {path}: not in the document", route.method));
            continue;
        }
        let responses = operation["responses"].as_object().unwrap();
        for status in shared_statuses(&route, operation) {
            if !responses.contains_key(status) {
                problems.push(format!(
                    "{} {path}: {status} is not documented",
                    route.method
                ));
            }
        }
        for (status, response) in responses {
            let description = response["description"].as_str().unwrap_or("");
            if description.trim().is_empty() {
                problems.push(format!(
                    "{} {path}: {status} has no description",
                    route.method
                ));
            }
            let error = status.starts_with('4') || status.starts_with('5');
            let schema = response["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap_or("");
            if error && !schema.ends_with("ErrorBody") {
                problems.push(format!(
                    "{} {path}: {status} is not the JSON error document ({schema:?})",
                    route.method
                ));
            }
        }
    }
    // And nothing documented that the server does not serve.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if !documented_routes.contains(&(method.clone(), path.clone())) {
                problems.push(format!("{method} {path}: documented but not served"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
