//! Proposals: changes managers propose for their reports' histories, which admins confirm
//! or decline, as pages ([`pages`]) and over the API ([`api`]). Proposing is recording a
//! change as a manager (`crate::people`).

pub(crate) mod api;
mod context;
mod pages;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::PROPOSALS, pages::proposals::<S>)
        .signed_in(Method::POST, paths::PROPOSALS, pages::submit::<S>)
        .signed_in(Method::POST, paths::PROPOSAL_CONFIRM, pages::confirm::<S>)
        .signed_in(Method::POST, paths::PROPOSAL_DECLINE, pages::decline::<S>)
        .api::<api::__path_proposals, _, _>(api::proposals::<S>)
        .api::<api::__path_confirm, _, _>(api::confirm::<S>)
        .api::<api::__path_decline, _, _>(api::decline::<S>)
}
