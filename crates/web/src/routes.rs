//! The route table: every route of the application is added through [`Routes`], which
//! records its method, path and whether it needs a signed-in account while it builds the
//! router. The table is how the permission tests know they have covered every route: a
//! route cannot be added without appearing in it.
//!
//! An API route is added with [`Routes::api`] and [`Routes::public_api`], which take the
//! handler's `#[utoipa::path]` description as a type parameter and read the route's
//! method and path from it, adding the operation (with its tags and the schemas of its
//! bodies) to the OpenAPI paths the table collects ([`Routes::openapi_paths`]). An API
//! route therefore cannot exist without its document entry, nor be served at another path
//! than the one documented. (utoipa-axum's `routes!` does the same for plain handlers, but
//! cannot name a generic one such as `list::<S>`, which every handler here is.)

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};
use pendulum_store::Store;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::{HttpMethod, Paths};
use utoipa::openapi::schema::Schema;

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

/// What an API route's `#[utoipa::path]` generates: its method, path and operation, its
/// tags, and the schemas of its bodies. (`Tags` and `SchemaReferences` are utoipa's
/// support traits for exactly this, as its own `OpenApi` derive and utoipa-axum use them.)
pub trait ApiPath:
    utoipa::Path + for<'t> utoipa::__dev::Tags<'t> + utoipa::__dev::SchemaReferences
{
}

impl<P> ApiPath for P where
    P: utoipa::Path + for<'t> utoipa::__dev::Tags<'t> + utoipa::__dev::SchemaReferences
{
}

/// Routes being added, their table, and the OpenAPI description of the API routes.
pub struct Routes<S: Store> {
    pub(crate) public: Router<AppState<S>>,
    pub(crate) signed_in: Router<AppState<S>>,
    pub(crate) table: Vec<RouteInfo>,
    paths: Paths,
    schemas: Vec<(String, RefOr<Schema>)>,
}

impl<S: Store> Default for Routes<S> {
    fn default() -> Self {
        Self {
            public: Router::new(),
            signed_in: Router::new(),
            table: Vec::new(),
            paths: Paths::new(),
            schemas: Vec::new(),
        }
    }
}

impl<S: Store> Routes<S> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route anyone may reach.
    pub fn public<H, T>(self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.add(Reach::Public, method, path, handler)
    }

    /// Adds a route that needs a session or an API token.
    pub fn signed_in<H, T>(self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.add(Reach::SignedIn, method, path, handler)
    }

    /// Adds an API route that needs a session or an API token, at the method and path its
    /// description `P` (the `__path_…` type of its `#[utoipa::path]`) gives, and `P`'s
    /// operation to the document.
    pub fn api<P: ApiPath, H, T>(self, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.add_api::<P, H, T>(Reach::SignedIn, handler)
    }

    /// Adds an API route anyone may reach (its description says `security(())`).
    pub fn public_api<P: ApiPath, H, T>(self, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        self.add_api::<P, H, T>(Reach::Public, handler)
    }

    fn add_api<P: ApiPath, H, T>(mut self, reach: Reach, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        let methods = P::methods();
        let [method] = methods.as_slice() else {
            panic!("an API route's description names one method: {}", P::path());
        };
        let method = http_method(method);
        let path = interned(P::path());
        let mut operation = P::operation();
        let tags = <P as utoipa::__dev::Tags>::tags();
        if !tags.is_empty() {
            operation
                .tags
                .get_or_insert_with(Vec::new)
                .extend(tags.iter().map(ToString::to_string));
        }
        self.paths.add_path_operation(path, methods, operation);
        P::schemas(&mut self.schemas);
        self.add(reach, method, path, handler)
    }

    fn add<H, T>(mut self, reach: Reach, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        let route = on(filter(&method), handler);
        match reach {
            Reach::Public => self.public = self.public.route(path, route),
            Reach::SignedIn => self.signed_in = self.signed_in.route(path, route),
        }
        self.table.push(RouteInfo {
            method,
            path,
            reach,
        });
        self
    }

    pub fn merge(mut self, other: Self) -> Self {
        self.public = self.public.merge(other.public);
        self.signed_in = self.signed_in.merge(other.signed_in);
        self.table.extend(other.table);
        for (path, item) in other.paths.paths {
            match self.paths.paths.get_mut(&path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    self.paths.paths.insert(path, item);
                }
            }
        }
        self.schemas.extend(other.schemas);
        self
    }

    pub fn table(&self) -> &[RouteInfo] {
        &self.table
    }

    /// The OpenAPI paths of the API routes added so far, and the schemas their bodies
    /// refer to.
    pub fn openapi_paths(&self) -> (&Paths, &[(String, RefOr<Schema>)]) {
        (&self.paths, &self.schemas)
    }
}

/// `path` as a `&'static str`, like the paths of the other routes: each distinct API path
/// is kept once for the life of the process (a few dozen of them), however many route
/// tables are built.
fn interned(path: String) -> &'static str {
    static PATHS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut paths = PATHS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = paths.get(path.as_str()) {
        return known;
    }
    let path: &'static str = Box::leak(path.into_boxed_str());
    paths.insert(path);
    path
}

fn filter(method: &Method) -> MethodFilter {
    MethodFilter::try_from(method.clone()).expect("routes use standard methods")
}

fn http_method(method: &HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

#[cfg(test)]
mod tests {
    use pendulum_store_sqlite::SqliteStore;

    use super::*;

    /// A thing, for the test.
    #[utoipa::path(post, path = "/api/v1/things/{id}", tag = "things",
        params(("id" = String, Path, description = "A thing id")),
        responses((status = 200, description = "The thing.", body = String)))]
    async fn thing() {}

    #[test]
    fn an_api_route_is_served_where_its_description_says_and_documented() {
        let routes = Routes::<SqliteStore>::new()
            .signed_in(Method::GET, "/page", || async {})
            .api::<__path_thing, _, _>(thing);
        assert_eq!(
            routes.table()[1],
            RouteInfo {
                method: Method::POST,
                path: "/api/v1/things/{id}",
                reach: Reach::SignedIn,
            }
        );
        let (paths, _) = routes.openapi_paths();
        let documented: Vec<&str> = paths.paths.keys().map(String::as_str).collect();
        assert_eq!(documented, ["/api/v1/things/{id}"]);
        let operation = paths.paths["/api/v1/things/{id}"].post.as_ref().unwrap();
        assert_eq!(operation.tags.as_deref(), Some(&["things".to_string()][..]));
        assert_eq!(operation.summary.as_deref(), Some("A thing, for the test."));
    }

    #[test]
    fn merged_routes_keep_every_operation_of_a_path() {
        /// Another thing.
        #[utoipa::path(get, path = "/api/v1/things/{id}", tag = "things",
            responses((status = 200, description = "The thing.")))]
        async fn get_thing() {}

        let routes = Routes::<SqliteStore>::new()
            .api::<__path_thing, _, _>(thing)
            .merge(Routes::new().public_api::<__path_get_thing, _, _>(get_thing));
        let (paths, _) = routes.openapi_paths();
        let item = &paths.paths["/api/v1/things/{id}"];
        assert!(item.get.is_some() && item.post.is_some());
        assert_eq!(routes.table()[1].reach, Reach::Public);
    }
}
