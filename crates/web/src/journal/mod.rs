//! The energy-and-learning journal: each person's private notes on their work, and the
//! insights read from them. Every route is the viewer's own journal (`/journal`, the API's
//! `/me/journal`), through the owner-only capability, so no route names another person's
//! journal: there is none by which anyone reads it.
//!
//! `api` and `service` are public for the command line, which writes and reads a journal
//! with the same rules and prints the API's JSON.

pub mod api;
mod download;
mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_list, _, _>(api::list::<S>)
        .api::<api::__path_add, _, _>(api::add::<S>)
        .api::<api::__path_read, _, _>(api::read::<S>)
        .api::<api::__path_change, _, _>(api::change::<S>)
        .api::<api::__path_delete, _, _>(api::delete::<S>)
        .api::<api::__path_insights, _, _>(api::insights::<S>)
        .signed_in(Method::GET, paths::JOURNAL, pages::page::<S>)
        .signed_in(Method::POST, paths::JOURNAL, pages::write::<S>)
        .signed_in(Method::GET, paths::JOURNAL_EDIT, pages::edit_form::<S>)
        .signed_in(Method::POST, paths::JOURNAL_EDIT, pages::edit::<S>)
        .signed_in(Method::GET, paths::JOURNAL_DELETE, pages::delete_form::<S>)
        .signed_in(Method::POST, paths::JOURNAL_DELETE, pages::delete::<S>)
        .signed_in(Method::GET, paths::JOURNAL_CSV, download::csv::<S>)
        .signed_in(Method::GET, paths::JOURNAL_JSON, download::json::<S>)
}
