//! The organisation's latest published framework, page by page, from `pendulum-views`.
//! Each route answers an htmx request (`HX-Request: true`) with the page's partial and
//! any other request with the whole page; `Vary: HX-Request` keeps caches from mixing
//! the two.
//!
//! Also what the framework's other pages (versions, publishing, the API) share: the
//! signed-in header ([`app_links`]), the framework navigation's "Versions" entry, and a
//! framework's text checked into structured diagnostics ([`check_text`]).

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::lint::Finding;
use pendulum_framework::{Framework, LoadError};
use pendulum_store::Store;
use pendulum_views::admin::paths;
use pendulum_views::framework::{
    ExplainView, IndexView, LevelView, LintView, PayView, RightsView, TrackView,
};
use pendulum_views::versions::{Diagnostic, LintLine};
use pendulum_views::{AppBar, Chrome, Links, NavLink, View};

use crate::access::{Viewer, Who};
use crate::error::WebError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::{FRAMEWORK_BASE, STATIC_BASE};

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, "/framework", || async {
            Redirect::permanent(FRAMEWORK_BASE)
        })
        .signed_in(Method::GET, "/framework/", index::<S>)
        .signed_in(Method::GET, "/framework/tracks/{id}", track::<S>)
        .signed_in(Method::GET, "/framework/levels/{id}", level::<S>)
        .signed_in(Method::GET, "/framework/next/{id}", next_level::<S>)
        .signed_in(Method::GET, "/framework/compare/pay", pay::<S>)
        .signed_in(Method::GET, "/framework/compare/rights", rights::<S>)
        .signed_in(Method::GET, "/framework/lint", lint::<S>)
}

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

/// The links of a page of the web application for `viewer`: framework pages under `base`
/// (usually [`FRAMEWORK_BASE`]), with the signed-in header. Its navigation holds the
/// sections the viewer's role may open: the framework; the people directory (admins and
/// managers) or the viewer's own record; proposals (admins and managers); the audit log
/// and accounts (admins); and the viewer's account. The sign-out form carries the
/// session's CSRF token (empty for an API token, which has no session).
pub(crate) fn app_links(viewer: &Who, base: &str) -> Links {
    let link = |label: &str, href: &str| NavLink {
        label: label.to_string(),
        href: href.to_string(),
        current: false,
    };
    let mut nav = vec![link("Framework", FRAMEWORK_BASE)];
    let grants = viewer.grants();
    if grants.may_browse_people() {
        nav.push(link("People", "/people/"));
    } else {
        nav.push(link("My record", "/people/me"));
    }
    if grants.may_see_proposals() {
        nav.push(link("Proposals", paths::PROPOSALS));
    }
    if grants.may_administer() {
        nav.push(link("Audit log", paths::AUDIT));
        nav.push(link("Accounts", paths::ACCOUNTS));
    }
    nav.push(link("Account", paths::ACCOUNT));
    Links::web(base, STATIC_BASE).with_app(AppBar {
        nav,
        who: viewer.account().email.as_str().to_string(),
        role: if grants.pay {
            format!("{}, pay", viewer.role())
        } else {
            viewer.role().to_string()
        },
        csrf: viewer.csrf().to_string(),
        logout: "/logout".to_string(),
    })
}

fn links(viewer: &Who) -> Links {
    app_links(viewer, FRAMEWORK_BASE)
}

/// Adds "Versions" to a framework page's navigation (marked current when `current`),
/// unless the navigation is not the framework's (nothing published yet) or has it already.
pub(crate) fn versions_nav(chrome: &mut Chrome, current: bool) {
    if chrome.nav.is_empty() {
        return;
    }
    match chrome.nav.iter_mut().find(|n| n.href == paths::VERSIONS) {
        Some(entry) => entry.current |= current,
        None => chrome.nav.push(NavLink {
            label: "Versions".to_string(),
            href: paths::VERSIONS.to_string(),
            current,
        }),
    }
}

/// The name a submitted framework text has in diagnostics.
const SUBMITTED: &str = "framework.yaml";

/// Checks a framework's text: the framework, or every problem that stops it from loading,
/// each placed by line and column (1-based) with the text of its line. A problem with no
/// place in the text has line and column 0.
pub(crate) fn check_text(yaml: &str) -> Result<Framework, Vec<Diagnostic>> {
    match pendulum_framework::check_str(SUBMITTED, yaml) {
        Ok(checked) => Ok(checked.framework),
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        }) => Err(diagnostics
            .iter()
            .map(|d| {
                let source_line = (!d.pos.is_unknown())
                    .then(|| sources.get(d.pos.file))
                    .flatten()
                    .and_then(|f| f.text.lines().nth(d.pos.line as usize - 1))
                    .map(|l| l.trim_end_matches('\r').to_string());
                Diagnostic {
                    line: d.pos.line as usize,
                    column: d.pos.column as usize,
                    code: d.code.to_string(),
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                    source_line,
                }
            })
            .collect()),
        Err(other) => Err(vec![Diagnostic {
            line: 0,
            column: 0,
            code: "load".to_string(),
            message: other.to_string(),
            hint: None,
            source_line: None,
        }]),
    }
}

/// Lint findings as the publishing page and the API show them.
pub(crate) fn lint_lines(findings: &[Finding]) -> Vec<LintLine> {
    findings
        .iter()
        .map(|f| LintLine {
            rule: f.rule.to_string(),
            severity: f.severity.label().to_string(),
            message: f.message.clone(),
        })
        .collect()
}

/// The changes from `old` to `new`, one line each as `pendulum framework diff` prints
/// them (`+` added, `-` removed, `~` changed, areas as headings); empty when nothing
/// changed.
pub(crate) fn change_lines(old: &Framework, new: &Framework) -> Vec<String> {
    let d = pendulum_framework::diff::diff(old, new);
    if d.is_empty() {
        return Vec::new();
    }
    d.render_human()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

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

/// Renders a framework page with "Versions" in its navigation.
fn page<V: View>(mut view: V, chrome: impl FnOnce(&mut V) -> &mut Chrome, htmx: Htmx) -> Response {
    versions_nav(chrome(&mut view), false);
    render(&view, htmx)
}

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = IndexView::new(&p.framework, &p.findings, &links(&viewer));
    Ok(page(view, |v| &mut v.chrome, htmx))
}

async fn track<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = TrackId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view =
        TrackView::for_track(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    Ok(page(view, |v| &mut v.chrome, htmx))
}

async fn level<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view =
        LevelView::for_level(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    Ok(page(view, |v| &mut v.chrome, htmx))
}

/// What changes from a level to the next one of its track; 404 for a track's last level.
async fn next_level<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id = LevelId::new(&id).map_err(|_| WebError::NotFound)?;
    let p = state.latest_framework().await?;
    let view =
        ExplainView::next_level(&p.framework, &id, &links(&viewer)).ok_or(WebError::NotFound)?;
    Ok(page(view, |v| &mut v.chrome, htmx))
}

async fn pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = PayView::new(&p.framework, &links(&viewer));
    Ok(page(view, |v| &mut v.chrome, htmx))
}

async fn rights<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = RightsView::new(&p.framework, &links(&viewer));
    Ok(page(view, |v| &mut v.chrome, htmx))
}

async fn lint<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let p = state.latest_framework().await?;
    let view = LintView::new(&p.framework, &p.findings, None, &links(&viewer));
    Ok(page(view, |v| &mut v.chrome, htmx))
}
