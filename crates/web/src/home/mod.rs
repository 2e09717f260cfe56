//! The home page at `/`: where every signed-in person lands. Its sections are chosen for
//! the viewer's role by [`service::sections`]; a feature with something to say on arrival
//! adds a section there (and its variant in `pendulum_views::home`).

mod pages;
mod service;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub(crate) use service::across_links;

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new().signed_in(Method::GET, paths::HOME, pages::home::<S>)
}
