//! Transition plans and management trials: a person prepares a move with their manager
//! (motivation, criteria from the target level's expectations, a mentor, the onboarding
//! checklist), both agree, the manager starts it (a trial's start, or the move itself),
//! both record checkpoints, and the trial ends in a decision to stay, extend or return.
//!
//! Every route goes through the plan capability ([`crate::access::OnPlan`]), which only
//! the plan's person, their manager now and its mentor obtain; anyone else gets 404.

pub mod api;
pub mod service;

use pendulum_store::Store;

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
}
