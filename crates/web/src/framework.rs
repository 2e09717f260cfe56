//! The organisation's latest published framework, page by page, from `pendulum-views`.
//! Each route answers an htmx request (`HX-Request: true`) with the page's partial and
//! any other request with the whole page; `Vary: HX-Request` keeps caches from mixing
//! the two.

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_store::Store;
use pendulum_views::framework::{
    ExplainView, IndexView, LevelView, LintView, PayView, RightsView, TrackView,
};
use pendulum_views::{Links, View};

use crate::error::WebError;
use crate::state::AppState;
use crate::{FRAMEWORK_BASE, STATIC_BASE};

pub fn routes<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route(
            "/framework",
            get(|| async { Redirect::permanent(FRAMEWORK_BASE) }),
        )
        .route("/framework/", get(index::<S>))
        .route("/framework/tracks/{id}", get(track::<S>))
        .route("/framework/levels/{id}", get(level::<S>))
        .route("/framework/next/{id}", get(next_level::<S>))
        .route("/framework/compare/pay", get(pay::<S>))
        .route("/framework/compare/rights", get(rights::<S>))
        .route("/framework/lint", get(lint::<S>))
}

/// Whether the request wants the partial: htmx sets `HX-Request: true` when it swaps
/// content in, but also when it restores history after a cache miss
/// (`HX-History-Restore-Request: true`), and then it needs the whole page.
pub struct Htmx(bool);

impl<T: Send + Sync> FromRequestParts<T> for Htmx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &T) -> Result<Self, Self::Rejection> {
        Ok(Self(
            is_true(&parts.headers, "hx-request")
                && !is_true(&parts.headers, "hx-history-restore-request"),
        ))
    }
}

fn is_true(headers: &HeaderMap, name: &str) -> bool {
    headers.get(name).is_some_and(|v| v.as_bytes() == b"true")
}

fn links() -> Links {
    Links::web(FRAMEWORK_BASE, STATIC_BASE)
}

fn render(view: &impl View, htmx: Htmx) -> Response {
    let body = if htmx.0 {
        view.render_partial()
    } else {
        view.render_page()
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::VARY, "HX-Request"),
        ],
        body,
    )
        .into_response()
}

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    Ok(render(
        &IndexView::new(&p.framework, &p.findings, &links()),
        htmx,
    ))
}

async fn track<S: Store>(
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = TrackId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view = TrackView::for_track(&p.framework, &id, &links()).ok_or(WebError::NotFound)?;
    Ok(render(&view, htmx))
}

async fn level<S: Store>(
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view = LevelView::for_level(&p.framework, &id, &links()).ok_or(WebError::NotFound)?;
    Ok(render(&view, htmx))
}

/// What changes from a level to the next one of its track; 404 for a track's last level.
async fn next_level<S: Store>(
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view = ExplainView::next_level(&p.framework, &id, &links()).ok_or(WebError::NotFound)?;
    Ok(render(&view, htmx))
}

async fn pay<S: Store>(State(state): State<AppState<S>>, htmx: Htmx) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    Ok(render(&PayView::new(&p.framework, &links()), htmx))
}

async fn rights<S: Store>(
    State(state): State<AppState<S>>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    Ok(render(&RightsView::new(&p.framework, &links()), htmx))
}

async fn lint<S: Store>(
    State(state): State<AppState<S>>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    Ok(render(
        &LintView::new(&p.framework, &p.findings, None, &links()),
        htmx,
    ))
}
