//! The reflection before a move: a person's private answers to the framework's questions
//! for a move towards management or towards individual contribution, kept as versions and
//! summarised beside their journal. The author's routes are under `/reflections` and
//! `/api/v1/me/reflections`, through the owner-only capability; the one way anyone else
//! reads a reflection is as the author's manager, once the author shared it
//! (`/people/{id}/reflections/…`, through `ManagerOf`). No route reads an unshared
//! reflection of anyone but the viewer.

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
        .api::<api::__path_add, _, _>(api::add::<S>)
        .api::<api::__path_read, _, _>(api::read::<S>)
        .api::<api::__path_revise, _, _>(api::revise::<S>)
        .api::<api::__path_delete, _, _>(api::delete::<S>)
        .api::<api::__path_versions, _, _>(api::versions::<S>)
        .api::<api::__path_share, _, _>(api::share::<S>)
        .api::<api::__path_unshare, _, _>(api::unshare::<S>)
        .api::<api::__path_shared_list, _, _>(api::shared_list::<S>)
        .api::<api::__path_shared_read, _, _>(api::shared_read::<S>)
        .signed_in(Method::GET, paths::REFLECTIONS, pages::list::<S>)
        .signed_in(Method::GET, paths::REFLECTION_NEW, pages::new_form::<S>)
        .signed_in(Method::POST, paths::REFLECTION_NEW, pages::create::<S>)
        .signed_in(Method::GET, paths::REFLECTION, pages::show::<S>)
        .signed_in(Method::GET, paths::REFLECTION_EDIT, pages::edit_form::<S>)
        .signed_in(Method::POST, paths::REFLECTION_EDIT, pages::revise::<S>)
        .signed_in(Method::POST, paths::REFLECTION_SHARE, pages::share::<S>)
        .signed_in(Method::POST, paths::REFLECTION_UNSHARE, pages::unshare::<S>)
        .signed_in(
            Method::GET,
            paths::REFLECTION_DELETE,
            pages::delete_form::<S>,
        )
        .signed_in(Method::POST, paths::REFLECTION_DELETE, pages::delete::<S>)
        .signed_in(Method::GET, paths::PERSON_REFLECTION, pages::shared::<S>)
}
