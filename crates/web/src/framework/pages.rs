//! The organisation's latest published framework, page by page, from `pendulum-views`.
//! Each route answers an htmx request (`HX-Request: true`) with the page's partial and
//! any other request with the whole page.

use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{Redirect, Response};
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_store::Store;
use pendulum_views::framework::{
    ExplainView, Fact, IndexView, LevelView, LintView, PayView, RightsView, TrackView,
};
use pendulum_views::markup::Sentence;
use pendulum_views::{Chrome, Links, View, paths};

use super::versions_nav;
use crate::access::{Viewer, Who};
use crate::error::WebError;
use crate::routes::Routes;
use crate::shell::{Htmx, app_links, org_name, render};
use crate::state::AppState;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::FRAMEWORK, || async {
            Redirect::permanent(paths::FRAMEWORK_BASE)
        })
        .signed_in(Method::GET, paths::FRAMEWORK_BASE, index::<S>)
        .signed_in(Method::GET, paths::TRACK, track::<S>)
        .signed_in(Method::GET, paths::LEVEL, level::<S>)
        .signed_in(Method::GET, paths::NEXT_LEVEL, next_level::<S>)
        .signed_in(Method::GET, paths::EXPLAIN, explain::<S>)
        .signed_in(Method::GET, paths::COMPARE_PAY, pay::<S>)
        .signed_in(Method::GET, paths::COMPARE_RIGHTS, rights::<S>)
        .signed_in(Method::GET, paths::LINT, lint::<S>)
}

fn links(viewer: &Who) -> Links {
    app_links(viewer)
}

/// Renders a framework page with "Versions" in its navigation, under the organisation's
/// name (one brand across the application; the framework's name stays in its heading and
/// footer).
fn page<S: Store, V: View>(
    state: &AppState<S>,
    mut view: V,
    chrome: impl FnOnce(&mut V) -> &mut Chrome,
    htmx: Htmx,
) -> Response {
    let chrome = chrome(&mut view);
    chrome.site = org_name(state).to_string();
    versions_nav(chrome, false);
    render(&view, htmx)
}

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let links = links(&viewer);
    let mut view = IndexView::new(&p.framework, &p.findings, &links);
    if let Some(mine) = viewer_level(&viewer).await? {
        let href = links.level(&mine);
        for link in view
            .rows
            .iter_mut()
            .flat_map(|r| r.cells.iter_mut().flatten())
        {
            if link.href == href {
                link.label.push_str(" (you are here)");
            }
        }
    }
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

/// The level the viewer holds today, for marking "you are here"; `None` for an account
/// linked to no person or a person with no role today.
async fn viewer_level<S: Store>(viewer: &Viewer<S>) -> Result<Option<LevelId>, WebError> {
    let Some(me) = viewer.person_id() else {
        return Ok(None);
    };
    Ok(viewer
        .person(me)
        .await?
        .current_role()
        .await?
        .map(|r| r.level))
}

async fn track<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = TrackId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view =
        TrackView::for_track(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

async fn level<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let mut view =
        LevelView::for_level(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    view.across = crate::home::across_links(&p.framework, &id);
    if viewer_level(&viewer).await?.as_ref() == Some(&id) {
        view.facts.insert(
            0,
            Fact {
                label: "You",
                value: Sentence::new()
                    .strong("You are here: this is your current level.")
                    .build(),
            },
        );
    }
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

/// What changes from a level to the next one of its track; 404 for a track's last level.
async fn next_level<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view =
        ExplainView::next_level(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

/// The two levels of an explanation, as `?from=ic-4&to=mgr-1` names them.
#[derive(serde::Deserialize)]
struct ExplainQuery {
    from: String,
    to: String,
}

/// What changes from one level to another, on the same track or across tracks (Staff
/// Engineer to Engineering Manager), as `pendulum framework explain` tells it; 404 for an
/// unknown level, or the same level twice.
async fn explain<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(q): Query<ExplainQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let from = LevelId::new(&q.from).map_err(|_| WebError::NotFound)?;
    let to = LevelId::new(&q.to).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let fw = &p.framework;
    let (track, _) = fw.level(&from).ok_or(WebError::NotFound)?;
    let e = pendulum_framework::explain::explain(fw, &track.id, &from, &to)
        .map_err(|_| WebError::NotFound)?;
    let view = ExplainView::new(fw, &e, &links(&viewer));
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

async fn pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = PayView::new(&p.framework, &links(&viewer));
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

async fn rights<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = RightsView::new(&p.framework, &links(&viewer));
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}

async fn lint<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = LintView::new(&p.framework, &p.findings, None, &links(&viewer));
    // Admins publish: each finding's place opens the editor with the cursor there.
    let view = if viewer.admin().is_ok() {
        view.with_editor(pendulum_views::paths::PUBLISH)
    } else {
        view
    };
    Ok(page(&state, view, |v| &mut v.chrome, htmx))
}
