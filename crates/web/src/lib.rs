//! Pendulum's web application: the HTTP server, its configuration, its health, readiness
//! and metrics endpoints, the static assets, signing in ([`signin`], [`sessions`],
//! [`csrf`], [`auth`]), and the features, which need a session.
//!
//! A feature is one module holding its pages and its API handlers (`people`,
//! `framework`, `accounts`, `invitations`, `audit`, `proposals`), with a `routes()` that
//! adds them to the route table ([`Routes`]); [`app_routes`] merges the features' routes,
//! one line each. An API route is added with its OpenAPI description
//! ([`Routes::api`]), and the document is assembled from the table ([`api::document`]).
//! Route paths come from `pendulum_views::paths`, which the views link with. What every
//! page shares is in `shell`.
//!
//! The storage backend is a generic parameter ([`AppState<S: Store>`]) chosen once by the
//! caller, as the CLI does for every other command: handlers are compiled once per backend
//! and call the store without dynamic dispatch.
//!
//! Pages come from `pendulum-views`; this crate only picks what to render, answers htmx
//! requests (`HX-Request: true`) with the partial and everything else with the whole page,
//! and turns failures into responses. It must not render HTML of its own beyond the 404
//! page, and it never sends a store's or a template's internal message to a client.

pub mod access;
mod account_forms;
mod accounts;
pub mod api;
mod audit;
pub mod auth;
pub mod client;
pub mod config;
mod cookies;
pub mod csrf;
pub mod error;
mod framework;
mod health;
mod home;
mod invitations;
pub mod journal;
pub mod layers;
pub mod metrics;
mod notes_lock;
pub mod passwords;
mod people;
mod person_forms;
mod plan;
mod proposals;
mod reflection;
mod reporting;
pub mod routes;
pub mod server;
pub mod sessions;
mod shell;
pub mod signin;
mod simulate;
mod state;
mod statics;
pub mod throttle;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{Method, Request, Response, StatusCode};
use axum::{Extension, Router};
use pendulum_domain::Organisation;
use pendulum_store::Store;
use pendulum_views::paths;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use config::Config;
pub use error::WebError;
pub use routes::{Reach, RouteInfo, Routes};
pub use server::Limits;
pub use state::{AppState, DemoLogin};

/// Where the framework pages live.
pub use pendulum_views::paths::FRAMEWORK_BASE;
/// Where the static assets live.
pub use pendulum_views::paths::STATIC_BASE;

/// Every route of the application, recorded in a table ([`route_table`]), each API route
/// with its OpenAPI description ([`openapi`]).
pub fn app_routes<S: Store>() -> Routes<S> {
    Routes::new()
        .public(Method::GET, paths::HEALTHZ, health::healthz)
        .public(Method::GET, paths::READYZ, health::readyz::<S>)
        .public(Method::GET, paths::METRICS, health::metrics::<S>)
        .public(Method::GET, paths::STATIC_FILE, statics::asset)
        .merge(api::routes::<S>())
        .merge(signin::routes::<S>())
        .merge(sessions::routes::<S>())
        .merge(home::routes::<S>())
        .merge(framework::routes::<S>())
        .merge(people::routes::<S>())
        .merge(person_forms::routes::<S>())
        .merge(reporting::routes::<S>())
        .merge(proposals::routes::<S>())
        .merge(audit::routes::<S>())
        .merge(accounts::routes::<S>())
        .merge(account_forms::routes::<S>())
        .merge(invitations::routes::<S>())
        .merge(journal::routes::<S>())
        .merge(reflection::routes::<S>())
        .merge(plan::routes::<S>())
        .merge(simulate::routes::<S>())
        .merge(notes_lock::routes::<S>())
}

/// The OpenAPI document of the application's API, as `/api/openapi.json` serves it.
pub fn openapi<S: Store>() -> utoipa::openapi::OpenApi {
    api::document(&app_routes::<S>())
}

/// The method, path and reach of every route [`router`] serves.
pub fn route_table<S: Store>() -> Vec<RouteInfo> {
    app_routes::<S>().table
}

/// Every route of the application, with request logs and metrics around them, and the
/// layers every request passes through: the body limit ([`layers::MAX_BODY`]), the
/// request deadline, the error bodies of the API (JSON) and of pages (HTML), and the
/// security headers ([`layers`]).
pub fn router<S: Store>(state: AppState<S>) -> Router {
    let metrics = state.metrics().clone();
    let tls = layers::Tls(state.secure_cookies());
    let deadline = state.request_timeout();
    let routes = app_routes::<S>();
    let document = api::Document::of(&api::document(&routes));
    Router::new()
        .merge(routes.public)
        .merge(
            routes
                .signed_in
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    sessions::require_sign_in::<S>,
                )),
        )
        .fallback(sessions::not_found::<S>)
        .layer(Extension(document))
        .with_state(state)
        .layer(DefaultBodyLimit::max(layers::MAX_BODY))
        .layer(RequestBodyLimitLayer::new(layers::MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            deadline,
        ))
        .layer(axum::middleware::from_fn(layers::html_errors))
        .layer(axum::middleware::from_fn(layers::json_errors))
        .layer(axum::middleware::from_fn_with_state(
            tls,
            layers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            metrics::track,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(request_done)
                .on_failure(()),
        )
}

/// The span of a request: its method and route template. Only the template is logged,
/// never the path, the query or a header, so nothing a client sends (tokens, emails in a
/// path, cookies) reaches the log.
fn request_span(req: &Request<Body>) -> Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or(metrics::UNMATCHED, MatchedPath::as_str);
    let method = metrics::method_label(req.method());
    tracing::info_span!("request", method = %method, route = %route)
}

/// The one log line of a request, in its span, when the response is ready.
fn request_done(res: &Response<Body>, latency: Duration, _: &Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = %format_args!("{:.3}", latency.as_secs_f64() * 1000.0),
        "served"
    );
}

/// Binds the listening socket, so a caller can print the address before serving (port 0
/// picks a free port).
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// Serves `org` from `store` on `listener` as `config` says (cookies, limits, trusted
/// proxies; its address and database are the caller's business) until Ctrl-C or SIGTERM,
/// then finishes the requests in flight and returns.
pub async fn serve_on<S: Store>(
    listener: TcpListener,
    store: S,
    org: Organisation,
    config: &Config,
) -> std::io::Result<()> {
    serve_demo_on(listener, store, org, config, Vec::new()).await
}

/// Serves like [`serve_on`], listing `logins` on the sign-in page: `pendulum demo`, whose
/// accounts are public, and nothing else.
pub async fn serve_demo_on<S: Store>(
    listener: TcpListener,
    store: S,
    org: Organisation,
    config: &Config,
    logins: Vec<DemoLogin>,
) -> std::io::Result<()> {
    let state = AppState::new(store, org)
        .with_secure_cookies(config.secure_cookies)
        .with_trusted_proxies(config.trusted_proxies.clone())
        .with_request_timeout(config.limits.request_timeout)
        .with_max_downloads(config.limits.max_downloads)
        .with_public_url(config.public_url.clone())
        .with_demo_logins(logins);
    serve_until(listener, state, config.limits, shutdown_signal()).await
}

/// Serves `state` on `listener` within `limits` ([`server`]), stopping when `shutdown`
/// completes. Each request knows the client's address (login throttling counts by it).
pub async fn serve_until<S: Store>(
    listener: TcpListener,
    state: AppState<S>,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = tokio::spawn(sweep_sessions(state.sealed().clone()));
    let served = server::serve(listener, router(state), limits, shutdown).await;
    sweeper.abort();
    served
}

/// How often expired sessions are deleted.
const SESSION_SWEEP: Duration = Duration::from_secs(60 * 60);

/// Deletes expired sessions now and every [`SESSION_SWEEP`], for as long as the server
/// runs. An expired session is refused anyway; this keeps the table small.
async fn sweep_sessions<S: Store>(store: access::Sealed<S>) {
    let mut every = tokio::time::interval(SESSION_SWEEP);
    loop {
        every.tick().await;
        match store.delete_expired_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "deleted expired sessions"),
            Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
        }
    }
}

/// Binds `config.listen` and serves; see [`serve_on`].
pub async fn serve<S: Store>(store: S, org: Organisation, config: &Config) -> std::io::Result<()> {
    let listener = bind(config.listen).await?;
    tracing::info!(address = %listener.local_addr()?, "listening");
    serve_on(listener, store, org, config).await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what service managers and containers send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Installs the log subscriber: one line per event on stderr, filtered by `RUST_LOG`
/// (default `info`). Call once, before serving; a second call does nothing.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
