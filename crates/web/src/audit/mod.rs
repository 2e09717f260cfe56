//! The audit log (admins), as a page ([`pages`]) and over the API ([`api`]).

mod api;
mod pages;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::AUDIT, pages::audit::<S>)
        .signed_in(
            Method::GET,
            paths::AUDIT_SUGGESTIONS,
            pages::suggestions::<S>,
        )
        .api::<api::__path_audit, _, _>(api::audit::<S>)
}
