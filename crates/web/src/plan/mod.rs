//! Transition plans and management trials: a person prepares a move with their manager
//! (motivation, criteria from the target level's expectations, a mentor, the onboarding
//! checklist), both agree, the manager starts it (a trial's start, or the move itself),
//! both record checkpoints, and the trial ends in a decision to stay, extend or return.
//!
//! Every route goes through the plan capability ([`crate::access::OnPlan`]), which only
//! the plan's person, their manager now and its mentor obtain; anyone else gets 404. The
//! JSON API is `api.rs`, the pages `pages.rs`; both take their input through `service.rs`.

pub mod api;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_list, _, _>(api::list::<S>)
        .api::<api::__path_create, _, _>(api::create::<S>)
        .api::<api::__path_read, _, _>(api::read::<S>)
        .api::<api::__path_revise, _, _>(api::revise::<S>)
        .api::<api::__path_agree, _, _>(api::agree::<S>)
        .api::<api::__path_withdraw, _, _>(api::withdraw::<S>)
        .api::<api::__path_start, _, _>(api::start::<S>)
        .api::<api::__path_list_checkpoints, _, _>(api::list_checkpoints::<S>)
        .api::<api::__path_record_checkpoint, _, _>(api::record_checkpoint::<S>)
        .api::<api::__path_end, _, _>(api::end::<S>)
        .signed_in(Method::GET, paths::PLANS, pages::list::<S>)
        .signed_in(Method::GET, paths::PLAN_NEW, pages::new_form::<S>)
        .signed_in(Method::POST, paths::PLAN_NEW, pages::create::<S>)
        .signed_in(Method::GET, paths::PLAN, pages::show::<S>)
        .signed_in(Method::GET, paths::PLAN_EDIT, pages::edit_form::<S>)
        .signed_in(Method::POST, paths::PLAN_EDIT, pages::revise::<S>)
        .signed_in(Method::POST, paths::PLAN_AGREE, pages::agree::<S>)
        .signed_in(Method::POST, paths::PLAN_WITHDRAW, pages::withdraw::<S>)
        .signed_in(Method::POST, paths::PLAN_START, pages::start::<S>)
        .signed_in(Method::POST, paths::PLAN_CHECKPOINT, pages::checkpoint::<S>)
        .signed_in(Method::POST, paths::PLAN_END, pages::end::<S>)
}
