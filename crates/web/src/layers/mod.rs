//! What every response passes through: the security headers, and the body limit.
//!
//! The headers are set here once, for every route, the error pages and the fallback
//! alike, so a new route cannot forget them:
//!
//! - `Content-Security-Policy`: scripts, styles, images and fonts from this site only (the
//!   vendored htmx; no inline script, no `eval`), forms posted to this site only, no
//!   `<base>`, no framing. Inline `style` *attributes* are allowed (`style-src-attr`): the
//!   timeline SVG sizes its legend with a CSS variable; an attribute cannot run script.
//! - `X-Frame-Options: DENY` for browsers without `frame-ancestors`.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`,
//!   `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy: same-origin`, and a
//!   `Permissions-Policy` that turns off what the pages never use.
//! - `Cache-Control: no-store` on everything but the static assets (which set their own):
//!   pages and API answers carry personal data and pay, and must not stay in a shared or
//!   browser cache.
//! - `Strict-Transport-Security` when the site is served over TLS (`secure_cookies`).

mod api_errors;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub use crate::server::{MAX_BODY, MAX_PUBLIC_FORM};
pub use api_errors::json_errors;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Whether the site is served over TLS, for `Strict-Transport-Security`.
#[derive(Clone, Copy, Debug)]
pub struct Tls(pub bool);

/// Adds the security headers to every response (see the module documentation).
pub async fn security_headers(State(Tls(tls)): State<Tls>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let fixed: [(HeaderName, &'static str); 7] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Whether an error reading a body was the body being over its limit.
pub fn is_too_large(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// Gives every failed page answer an HTML body. Answers outside `/api/` that come from
/// the shared layers or from axum itself (a 405 with an empty body, a 408 from the request
/// deadline, a 413 from the body limit, the CSRF check's plain text) would otherwise show
/// a browser a blank or plain-text page; they get the error page, with the same status,
/// headers and, for a short plain-text explanation, its text. (Under `/api/`,
/// [`json_errors`] does the same with JSON.)
pub async fn html_errors(req: Request, next: Next) -> Response {
    if crate::error::is_api_path(req.uri().path()) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !(status.is_client_error() || status.is_server_error())
        || content_type.starts_with("text/html")
        || content_type.starts_with("application/json")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = api_errors::plain_explanation(status, &parts.headers, body).await;
    let (title, fallback) = status_page_text(status);
    let text = text.map_or_else(
        || fallback.to_string(),
        |t| pendulum_views::markup::escape(&t),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(
        parts,
        axum::body::Body::from(crate::error::error_page(title, &text)),
    )
}

/// The title and text of the error page for a status that comes without a page.
fn status_page_text(status: axum::http::StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => (
            "That request was malformed",
            "Go back, reload the page and try again.",
        ),
        403 => ("That was refused", "Reload the page and try again."),
        404 => ("Not found", "There is no page at this address."),
        405 => (
            "That is not how this page is used",
            "This address does not answer that kind of request.",
        ),
        408 => (
            "That took too long",
            "The request took too long to arrive; nothing was done. Try again.",
        ),
        413 => (
            "That is too large",
            "The request is larger than Pendulum accepts; nothing was done.",
        ),
        415 => (
            "That was refused",
            "The request's content type is not one this page takes.",
        ),
        429 => ("Too many requests", "Wait a little, then try again."),
        503 => (
            "Pendulum is busy",
            "Nothing was done; try again in a few seconds.",
        ),
        s if s >= 500 => (
            "Something went wrong",
            "Pendulum could not answer this request. The problem has been logged.",
        ),
        _ => ("That was refused", "Go back and try again."),
    }
}
