//! The simulator and the workforce projection, for admins and analysts
//! ([`crate::access::Analysis`]): the Peter-principle model as published, the dual-track
//! policies, and the projection of the organisation's own history (or a planner's model).
//!
//! A simulation is pure work on the CPU. It runs on the blocking threads, one at a time
//! (each already spreads its runs over every core), within the bounds of `pendulum-sim`;
//! a request that waits its turn longer than [`service::QUEUE_WAIT`] is refused with
//! **503** and `Retry-After`, having done nothing. The JSON API is `api.rs`, the page
//! `pages.rs`; both read their input through `service.rs`.

pub mod api;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_peter, _, _>(api::peter::<S>)
        .api::<api::__path_peter_sweep, _, _>(api::peter_sweep::<S>)
        .api::<api::__path_dual_track, _, _>(api::dual_track::<S>)
        .api::<api::__path_projection, _, _>(api::projection::<S>)
        .api::<api::__path_project_model, _, _>(api::project_model::<S>)
        .signed_in(Method::GET, paths::SIMULATE, pages::page::<S>)
        .signed_in(
            Method::POST,
            paths::SIMULATE_MODEL,
            pages::project_model::<S>,
        )
}
