//! Every failed answer under `/api/` is the JSON error document, whoever produced it.
//!
//! The API's handlers answer with [`ApiError`](crate::error::ApiError), but some answers
//! come from elsewhere: axum's own rejections (a query or path that does not parse, a body
//! over the limit), its 405 for a method a path does not answer (an empty body), the
//! shared layers (timeouts, body limits, the CSRF check) and the 404 of an unknown path.
//! [`json_errors`] sits outside all of them and rewrites any 4xx or 5xx answer under
//! `/api/` that is not JSON into `{"error": {"code", "message"}}`, keeping its status and
//! every header (`Allow`, `Retry-After`, `WWW-Authenticate`, the security headers).
//!
//! It must not change a JSON answer (a handler's own error, with its own code) nor
//! anything outside `/api/`, where pages answer with HTML.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{api_error, is_api_path, status_code_name, status_message};

/// The longest plain-text explanation that is passed on as the message (axum's rejection
/// texts are a line or two); anything longer, or not plain text, gets the status's own
/// message.
const PLAIN_MESSAGE_LIMIT: usize = 1024;

/// The most of a non-JSON error body that is read to find its plain-text explanation.
const READ_LIMIT: usize = 16 * 1024;

/// The middleware: see the module documentation.
pub async fn json_errors(req: Request, next: Next) -> Response {
    if !is_api_path(req.uri().path()) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let plain = plain_explanation(status, &parts.headers, body).await;
    let message = plain.unwrap_or_else(|| status_message(status).to_string());
    let json = api_error(status, status_code_name(status), message);
    let (json_parts, json_body) = json.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        json_parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/json")),
    );
    Response::from_parts(parts, Body::new(json_body))
}

/// The short plain-text explanation an error answer carries, if it has one. A client
/// error's plain text is written for clients (axum's rejections, the CSRF check): it says
/// what was wrong. A server error's body is never passed on. Shared with the HTML error
/// pages ([`crate::layers::html_errors`]).
pub(crate) async fn plain_explanation(
    status: StatusCode,
    headers: &HeaderMap,
    body: Body,
) -> Option<String> {
    if !(status.is_client_error() && is_plain_text(headers)) {
        return None;
    }
    to_bytes(body, READ_LIMIT)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty() && text.len() <= PLAIN_MESSAGE_LIMIT)
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn is_json(headers: &HeaderMap) -> bool {
    content_type(headers).starts_with("application/json")
}

fn is_plain_text(headers: &HeaderMap) -> bool {
    content_type(headers).starts_with("text/plain")
}
