//! The anti-forgery (CSRF) checks.
//!
//! Every state-changing request of a session must carry the session's CSRF token, in the
//! `csrf` form field or the `X-CSRF-Token` header, or it is refused with 403
//! ([`csrf_checked`], called by the sign-in layer). The forms sent before a session
//! exists (signing in, accepting an invitation) are protected by a double-submit token
//! instead: a random cookie that the form must repeat ([`double_submit_token`],
//! [`double_submitted`]). Requests with a bearer token need no CSRF token: a browser
//! never adds that header on its own.

use axum::Form;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth;
use crate::cookies::cookie;
use crate::error::WebError;
use crate::layers::{MAX_BODY, is_too_large};

pub const CSRF_HEADER: &str = "x-csrf-token";

/// Whether a request with `method` changes state, and so needs its session's CSRF token.
pub(crate) fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

#[derive(Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

/// The request, given back whole, when its header or form field carries `expected`;
/// otherwise the 403 answer.
pub(crate) async fn csrf_checked(req: Request, expected: &str) -> Result<Request, Response> {
    let header_token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if let Some(token) = header_token {
        return if auth::constant_time_eq(token, expected) {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        // Over the limit is said as it is, not as a missing token: the token may well be
        // there, past the point where reading stopped.
        Err(e) if is_too_large(&e) => {
            return Err(WebError::TooLarge.into_response());
        }
        Err(_) => return Err(forbidden()),
    };
    let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
    let field = if is_multipart(&parts.headers) {
        multipart_field(copy, "csrf").await
    } else {
        Form::<CsrfField>::from_request(copy, &())
            .await
            .ok()
            .and_then(|Form(f)| f.csrf)
    };
    match field {
        Some(token) if auth::constant_time_eq(&token, expected) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(forbidden()),
    }
}

/// Whether a request's body is `multipart/form-data` (a form with a file input).
pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The text of the first field `name` of a multipart form, if there is one.
async fn multipart_field(req: Request, name: &str) -> Option<String> {
    let mut form = axum::extract::Multipart::from_request(req, &())
        .await
        .ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

/// **403 Forbidden**: a state-changing request without the right CSRF token.
pub(crate) fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "This request lacks a valid anti-forgery token. Reload the page and try again.",
    )
        .into_response()
}

/// Whether `s` has the shape of a token of [`auth::new_token`]: 64 hex digits.
pub(crate) fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The double-submit token a form without a session carries: the one the browser holds
/// in cookie `name`, or a new one, with whether it is new (and so must be set).
pub(crate) fn double_submit_token(
    headers: &HeaderMap,
    name: &str,
) -> Result<(String, bool), WebError> {
    Ok(match cookie(headers, name) {
        Some(token) if is_token(token) => (token.to_string(), false),
        _ => (auth::new_token().map_err(WebError::internal)?, true),
    })
}

/// The double-submit token of cookie `name` when the form repeated it as `submitted`;
/// `None` (answer [`forbidden`]) otherwise.
pub(crate) fn double_submitted<'h>(
    headers: &'h HeaderMap,
    name: &str,
    submitted: &str,
) -> Option<&'h str> {
    cookie(headers, name).filter(|expected| auth::constant_time_eq(expected, submitted))
}
