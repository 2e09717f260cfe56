//! Probes for the service manager and the monitoring system: `/healthz` says the process
//! answers, `/readyz` that its database does, `/metrics` what it has served.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use pendulum_store::Store;
use serde_json::json;

use crate::state::AppState;

/// Liveness: the process is up and its runtime answers. Never touches the database, so a
/// slow database does not get a healthy process restarted.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: one cheap read (the list of organisations). 503 with a JSON body when it
/// fails, so a load balancer stops sending traffic; the cause is logged, not sent.
pub async fn readyz<S: Store>(State(state): State<AppState<S>>) -> impl IntoResponse {
    match state.sealed().ping().await {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "reason": "database unreachable" })),
            )
        }
    }
}

/// The metrics registry in the Prometheus text format.
pub async fn metrics<S: Store>(State(state): State<AppState<S>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
}
