//! Reporting lines that change: a person's reporting history on their page and in the
//! API, the form that changes a manager (admins record, managers propose), who reported to
//! whom on a date, and the reporting proposals.

pub mod api;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_history, _, _>(api::history::<S>)
        .api::<api::__path_change, _, _>(api::change::<S>)
        .api::<api::__path_lines, _, _>(api::lines::<S>)
        .api::<api::__path_proposals, _, _>(api::proposals::<S>)
        .api::<api::__path_confirm, _, _>(api::confirm::<S>)
        .api::<api::__path_decline, _, _>(api::decline::<S>)
        .signed_in(Method::POST, paths::PERSON_MANAGER, pages::change::<S>)
}
