//! The energy-and-learning journal: each person's private notes on their work, and the
//! insights read from them. Every route is under the viewer's own record (`/me/`), through
//! the owner-only capability, so no route names another person's journal: there is none
//! by which anyone reads it.

pub mod api;
pub mod service;

use pendulum_store::Store;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_list, _, _>(api::list::<S>)
        .api::<api::__path_add, _, _>(api::add::<S>)
        .api::<api::__path_read, _, _>(api::read::<S>)
        .api::<api::__path_change, _, _>(api::change::<S>)
        .api::<api::__path_delete, _, _>(api::delete::<S>)
        .api::<api::__path_insights, _, _>(api::insights::<S>)
}
