//! Private notes and account resets: the lock on a person's journal and reflections after
//! their account was handed to someone else, and the recovery code that opens it
//! (`pendulum_domain::notes_lock`, `pendulum_store::notes_lock`, docs/operations.md).
//!
//! The lock is held where it cannot be forgotten: every journal and reflection method of
//! the owner-only capability ([`crate::access::Owner`]) answers 423 while it holds, and the
//! sign-in layer draws [`pages::locked_page`] in place of any page that met it. This module
//! holds the lock's own page (`/private-notes`: unlocking, a new code, deleting locked
//! notes) and its API (`/api/v1/me/private-notes`). The first recovery code is shown by
//! the journal's and the reflections' pages, through
//! [`crate::access::Owner::first_recovery_code`].

mod api;
pub(crate) mod pages;
mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_state, _, _>(api::state::<S>)
        .api::<api::__path_unlock, _, _>(api::unlock::<S>)
        .api::<api::__path_new_code, _, _>(api::new_code::<S>)
        .signed_in(Method::GET, paths::PRIVATE_NOTES, pages::page::<S>)
        .signed_in(Method::POST, paths::PRIVATE_NOTES, pages::submit::<S>)
}
