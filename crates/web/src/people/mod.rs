//! People: the directory, a person's page with the pendulum timeline, recording changes,
//! proposals and pay, as HTML pages and as the JSON API.

pub mod api;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, "/api/v1/people", api::list::<S>)
        .signed_in(Method::GET, "/api/v1/people/{id}", api::get_person::<S>)
        .signed_in(Method::GET, "/api/v1/people/{id}/events", api::events::<S>)
        .signed_in(Method::POST, "/api/v1/people/{id}/events", api::record::<S>)
        .signed_in(
            Method::GET,
            "/api/v1/people/{id}/timeline",
            api::timeline::<S>,
        )
        .signed_in(Method::GET, "/api/v1/people/{id}/pay", api::pay::<S>)
        .signed_in(
            Method::POST,
            "/api/v1/people/{id}/pay",
            api::record_pay::<S>,
        )
        .signed_in(Method::GET, "/api/v1/proposals", api::proposals::<S>)
        .signed_in(
            Method::POST,
            "/api/v1/proposals/{id}/confirm",
            api::confirm::<S>,
        )
        .signed_in(
            Method::POST,
            "/api/v1/proposals/{id}/decline",
            api::decline::<S>,
        )
        .signed_in(Method::GET, "/api/v1/audit", api::audit::<S>)
        .signed_in(Method::GET, "/people/", pages::directory::<S>)
        .signed_in(Method::GET, "/people/me", pages::me)
        .signed_in(Method::GET, "/people/{id}", pages::person::<S>)
        .signed_in(
            Method::GET,
            "/people/{id}/timeline.svg",
            pages::timeline_svg::<S>,
        )
        .signed_in(Method::POST, "/people/{id}/events", pages::record::<S>)
        .signed_in(Method::GET, "/people/{id}/pay", pages::pay::<S>)
        .signed_in(Method::POST, "/people/{id}/pay", pages::record_pay::<S>)
}
