//! Reporting lines that change: a person's reporting history on their page and in the
//! API, the form that changes a manager (admins record, managers propose), who reported to
//! whom on a date, and the reporting proposals.

pub mod api;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(
            Method::GET,
            "/api/v1/people/{id}/reporting",
            api::history::<S>,
        )
        .signed_in(
            Method::POST,
            "/api/v1/people/{id}/manager",
            api::change::<S>,
        )
        .signed_in(Method::GET, "/api/v1/reporting-lines", api::lines::<S>)
        .signed_in(
            Method::GET,
            "/api/v1/reporting-proposals",
            api::proposals::<S>,
        )
        .signed_in(
            Method::POST,
            "/api/v1/reporting-proposals/{id}/confirm",
            api::confirm::<S>,
        )
        .signed_in(
            Method::POST,
            "/api/v1/reporting-proposals/{id}/decline",
            api::decline::<S>,
        )
        .signed_in(Method::POST, "/people/{id}/manager", pages::change::<S>)
}
