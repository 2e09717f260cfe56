//! What every page of the web application shares: telling an htmx request from a
//! browser's ([`Htmx`]), rendering a view as the whole page or its partial ([`render`]),
//! the signed-in header and navigation ([`app_links`]), and the pages answered when a
//! request is refused ([`forbidden_page`], [`not_found_page`]), each with ways back.
//!
//! Features' pages import this module; it imports no feature.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_store::Store;
use pendulum_views::framework::Link;
use pendulum_views::refused::RefusedView;
use pendulum_views::{AppBar, Links, NavLink, View, paths};

use crate::access::{Signed, Who};
use crate::state::AppState;

/// Whether the request wants the partial: htmx sets `HX-Request: true` when it swaps
/// content in, but also when it restores history after a cache miss
/// (`HX-History-Restore-Request: true`), and then it needs the whole page.
#[derive(Clone, Copy, Debug)]
pub struct Htmx(bool);

impl Htmx {
    /// Whether `headers` ask for the partial.
    pub fn of(headers: &HeaderMap) -> Self {
        Self(is_true(headers, "hx-request") && !is_true(headers, "hx-history-restore-request"))
    }
}

impl<T: Send + Sync> FromRequestParts<T> for Htmx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &T) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}

fn is_true(headers: &HeaderMap, name: &str) -> bool {
    headers.get(name).is_some_and(|v| v.as_bytes() == b"true")
}

/// A view as the answer to a request: its partial for htmx, the whole page otherwise, with
/// `Vary: HX-Request` so that caches do not mix the two.
pub(crate) fn render(view: &impl View, htmx: Htmx) -> Response {
    let body = if htmx.0 {
        view.render_partial()
    } else {
        view.render_page()
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::VARY, "HX-Request"),
        ],
        body,
    )
        .into_response()
}

/// [`render`] with another status than 200: a form refused (422), say.
pub(crate) fn render_with_status(status: StatusCode, view: &impl View, htmx: Htmx) -> Response {
    (status, render(view, htmx)).into_response()
}

/// A refusal of the store or the domain (`this is …`, `a name cannot be empty`) as a
/// sentence for a form's summary: capitalised, with its full stop.
pub(crate) fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A whole page rendered before any session exists (signing in, an invitation).
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The stylesheet's address, for the pages that have no [`Links`] (signing in, an
/// invitation).
pub(crate) fn stylesheet() -> String {
    format!("{}{}", paths::STATIC_BASE, pendulum_views::assets::CSS.name)
}

/// The organisation's name, as page titles show it.
pub(crate) fn org_name<S: Store>(state: &AppState<S>) -> &str {
    &state.organisation().name
}

/// The links of a page of the web application for `viewer`: framework pages under
/// [`paths::FRAMEWORK_BASE`], with the signed-in header. Its navigation holds the sections
/// the viewer's role may open: the home page; the framework; the people directory (admins
/// and managers) or the viewer's own record; proposals (admins and managers; for admins,
/// with the count of those waiting for a decision); the audit log and accounts (admins);
/// the simulator (admins and analysts);
/// the viewer's journal; their plans (an account linked to a person); and the viewer's
/// account. The entry of the page asked for is marked current
/// ([`mark_current`]). The sign-out form carries the session's CSRF token (empty for an
/// API token, which has no session).
pub(crate) fn app_links(viewer: &Who) -> Links {
    let link = |label: &str, href: &str| NavLink {
        label: label.to_string(),
        href: href.to_string(),
        current: false,
    };
    let mut nav = vec![
        link("Home", paths::HOME),
        link("Framework", paths::FRAMEWORK_BASE),
    ];
    let grants = viewer.grants();
    if grants.may_browse_people() {
        nav.push(link("People", paths::PEOPLE));
    } else {
        nav.push(link("My record", paths::MY_RECORD));
    }
    if grants.may_see_proposals() {
        let label = match viewer.pending_proposals() {
            Some(n) if n > 0 => format!("Proposals ({n} to decide)"),
            _ => "Proposals".to_string(),
        };
        nav.push(link(&label, paths::PROPOSALS));
    }
    if grants.may_administer() {
        nav.push(link("Audit log", paths::AUDIT));
        nav.push(link("Accounts", paths::ACCOUNTS));
    }
    if grants.may_analyse() {
        nav.push(link("Simulator", paths::SIMULATE));
    }
    nav.push(link("Journal", paths::JOURNAL));
    if viewer.is_linked() {
        nav.push(link("Plans", paths::PLANS));
    }
    nav.push(link("Account", paths::ACCOUNT));
    mark_current(&mut nav, viewer.path());
    Links::web(paths::FRAMEWORK_BASE, paths::STATIC_BASE).with_app(AppBar {
        nav,
        who: viewer.account().email.as_str().to_string(),
        role: if grants.pay {
            format!("{}, pay", viewer.role())
        } else {
            viewer.role().to_string()
        },
        csrf: viewer.csrf().to_string(),
        logout: paths::LOGOUT.to_string(),
    })
}

/// Marks the entry of `nav` the page at `path` belongs to (`aria-current="page"`): the one
/// whose address is the path, or else the longest one the path lies under (a person's
/// page is under "People"). The home page matches only itself.
fn mark_current(nav: &mut [NavLink], path: &str) {
    let under = |href: &str| {
        path == href
            || (href != paths::HOME
                && path.starts_with(href.trim_end_matches('/'))
                && path[href.trim_end_matches('/').len()..].starts_with('/'))
    };
    let best = nav
        .iter()
        .enumerate()
        .filter(|(_, n)| under(&n.href))
        .max_by_key(|(_, n)| n.href.len())
        .map(|(i, _)| i);
    if let Some(i) = best {
        nav[i].current = true;
    }
}

/// The 403 page in the signed-in layout, with the account's navigation and the ways back
/// from `path` ([`ways_back`]).
pub(crate) async fn forbidden_page<S: Store>(
    state: &AppState<S>,
    signed: Signed,
    path: &str,
    htmx: Htmx,
) -> Response {
    let who = state.sealed().who(signed).await;
    let view = RefusedView::forbidden(org_name(state), &app_links(&who), ways_back(&who, path));
    render_with_status(StatusCode::FORBIDDEN, &view, htmx)
}

/// The 404 page in the signed-in layout: for an unknown address, and for a record the
/// viewer may not see (which answers exactly like one that does not exist).
pub(crate) async fn not_found_page<S: Store>(
    state: &AppState<S>,
    signed: Signed,
    path: &str,
    htmx: Htmx,
) -> Response {
    let who = state.sealed().who(signed).await;
    let view = RefusedView::not_found(org_name(state), &app_links(&who), ways_back(&who, path));
    render_with_status(StatusCode::NOT_FOUND, &view, htmx)
}

/// Where a refused page offers to go: home, then the section the address belongs to as the
/// viewer may open it (the directory, or a member's own record, for a people page; the
/// accounts for an admin's account page; the viewer's plans for a plan's page), and the
/// framework, which everyone reads.
fn ways_back(who: &Who, path: &str) -> Vec<Link> {
    let grants = who.grants();
    let link = |label: &str, href: &str| Link {
        label: label.to_string(),
        href: href.to_string(),
    };
    let under = |prefix: &str| path.starts_with(prefix.trim_end_matches('/'));
    let mut ways = vec![link("Home", paths::HOME)];
    if under(paths::PEOPLE) {
        if grants.may_browse_people() {
            ways.push(link("The people directory", paths::PEOPLE));
        } else {
            ways.push(link("My record", paths::MY_RECORD));
        }
    }
    if under("/admin/") && grants.may_administer() {
        ways.push(link("Accounts", paths::ACCOUNTS));
    }
    if under(paths::PLANS) && who.is_linked() {
        ways.push(link("Your plans", paths::PLANS));
    }
    ways.push(link("The framework", paths::FRAMEWORK_BASE));
    ways
}
