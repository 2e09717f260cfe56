//! The home page, whole or as htmx's partial.

use axum::extract::State;
use axum::response::Response;
use pendulum_store::Store;
use pendulum_views::home::HomeView;

use super::service;
use crate::access::Viewer;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render};
use crate::state::AppState;

pub(super) async fn home<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let sections = service::sections(&state, &viewer).await?;
    let name = viewer.person_record().map(|p| p.name.as_str());
    let view = HomeView::new(org_name(&state), &app_links(&viewer), name, sections);
    Ok(render(&view, htmx))
}
