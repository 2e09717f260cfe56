//! People: the directory, a person's page with the pendulum timeline, recording changes
//! (or proposing them, `crate::proposals`) and pay, as HTML pages and as the JSON API.

mod add;
pub mod api;
pub mod bands;
pub mod pages;
pub mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .api::<api::__path_list, _, _>(api::list::<S>)
        .api::<api::__path_get_person, _, _>(api::get_person::<S>)
        .api::<api::__path_events, _, _>(api::events::<S>)
        .api::<api::__path_record, _, _>(api::record::<S>)
        .api::<api::__path_timeline, _, _>(api::timeline::<S>)
        .api::<api::__path_pay, _, _>(api::pay::<S>)
        .api::<api::__path_record_pay, _, _>(api::record_pay::<S>)
        .signed_in(Method::GET, paths::PEOPLE, pages::directory::<S>)
        .signed_in(Method::GET, paths::MY_RECORD, pages::me)
        .signed_in(Method::GET, paths::PERSON_NEW, add::form::<S>)
        .signed_in(Method::POST, paths::PERSON_NEW, add::add::<S>)
        .signed_in(Method::GET, paths::PERSON, pages::person::<S>)
        .signed_in(
            Method::GET,
            paths::PERSON_TIMELINE_SVG,
            pages::timeline_svg::<S>,
        )
        .signed_in(Method::POST, paths::PERSON_EVENTS, pages::record::<S>)
        .signed_in(Method::GET, paths::PERSON_PAY, pages::pay::<S>)
        .signed_in(Method::POST, paths::PERSON_PAY, pages::record_pay::<S>)
}
