//! The route table: every route of the application is added through [`Routes`], which
//! records its method, path and whether it needs a signed-in account while it builds the
//! router. The table is how the permission tests know they have covered every route: a
//! route cannot be added without appearing in it.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};
use pendulum_store::Store;

use crate::state::AppState;

/// Who may reach a route at all (what they may do there is the handler's business).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reach {
    /// Anyone: health, metrics, static assets, the sign-in form, invitation links, the
    /// OpenAPI document.
    Public,
    /// A session or an API token of the organisation served.
    SignedIn,
}

/// One route of the table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RouteInfo {
    pub method: Method,
    /// The route's template, as axum matches it: `/people/{id}`.
    pub path: &'static str,
    pub reach: Reach,
}

/// Routes being added, and their table.
pub struct Routes<S: Store> {
    pub(crate) public: Router<AppState<S>>,
    pub(crate) signed_in: Router<AppState<S>>,
    pub(crate) table: Vec<RouteInfo>,
}

impl<S: Store> Default for Routes<S> {
    fn default() -> Self {
        Self {
            public: Router::new(),
            signed_in: Router::new(),
            table: Vec::new(),
        }
    }
}

impl<S: Store> Routes<S> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route anyone may reach.
    pub fn public<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.public = self.public.route(path, on(filter(&method), handler));
        self.table.push(RouteInfo {
            method,
            path,
            reach: Reach::Public,
        });
        self
    }

    /// Adds a route that needs a session or an API token.
    pub fn signed_in<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.signed_in = self.signed_in.route(path, on(filter(&method), handler));
        self.table.push(RouteInfo {
            method,
            path,
            reach: Reach::SignedIn,
        });
        self
    }

    pub fn merge(mut self, other: Self) -> Self {
        self.public = self.public.merge(other.public);
        self.signed_in = self.signed_in.merge(other.signed_in);
        self.table.extend(other.table);
        self
    }

    pub fn table(&self) -> &[RouteInfo] {
        &self.table
    }
}

fn filter(method: &Method) -> MethodFilter {
    MethodFilter::try_from(method.clone()).expect("routes use standard methods")
}
