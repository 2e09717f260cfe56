//! The answers every API operation can give whatever its handler does, added to each
//! operation of the OpenAPI document in one place rather than repeated on every handler.
//!
//! They come from the shared layers in front of the handlers: signing in (401), the CSRF
//! check of a session's state-changing request (403), the extractors of the path, the
//! query and the body (400, 413, 422), the request deadline (408), and a fault anywhere
//! (500). Each becomes the JSON
//! error document ([`crate::layers::json_errors`]). A handler's own annotation of the same status
//! wins: it says more precisely what that operation means by it.
//!
//! The operations on the viewer's journal and reflections also answer 423 while the
//! viewer's private notes are locked: the owner-only capability refuses every one of them
//! (`crate::notes_lock`).

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

/// Adds the shared answers to every operation of the document.
pub struct SharedResponses;

/// What every operation may answer.
const EVERY: &[(&str, &str)] = &[
    (
        "408",
        "The request did not complete within the server's deadline (code `timeout`).",
    ),
    (
        "500",
        "A fault on the server; the details are in its log, never in the answer.",
    ),
];

/// Answers to an operation that needs a session or an API token.
const SIGNED_IN: &[(&str, &str)] = &[(
    "401",
    "No session and no API token, or one that is expired or revoked.",
)];

/// Answers to an operation that has path or query parameters.
const WITH_PARAMETERS: &[(&str, &str)] = &[(
    "400",
    "The path or the query string does not parse (code `bad_request`).",
)];

/// Answers to an operation that takes a body.
const WITH_BODY: &[(&str, &str)] = &[
    (
        "400",
        "The body is not JSON, or the path or query string does not parse (code \
         `bad_request`).",
    ),
    (
        "413",
        "The body is larger than the server accepts (code `too_large`); nothing was done.",
    ),
    (
        "422",
        "The body is JSON of the wrong shape (code `bad_request`), or the input was refused.",
    ),
];

/// Answers to an operation that changes state.
const CHANGING_STATE: &[(&str, &str)] = &[(
    "403",
    "Your role does not allow this, or a session's request came without its CSRF token in \
     `X-CSRF-Token`.",
)];

/// The viewer's own journal and reflections, under these paths: every operation on them
/// goes through the owner-only capability, which refuses while the notes are locked.
const PRIVATE_NOTES_PATHS: &[&str] = &["/api/v1/me/journal", "/api/v1/me/reflections"];

/// Answers to an operation on the viewer's journal or reflections.
const PRIVATE_NOTES: &[(&str, &str)] = &[(
    "423",
    "The viewer's journal and reflections are locked, since their account was handed to \
     someone else (a password reset by an administrator, an invitation, an account or API \
     token made for them), until their recovery code is entered with `POST \
     /api/v1/me/private-notes/unlock` (code `private_notes_locked`).",
)];

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let private = PRIVATE_NOTES_PATHS
                .iter()
                .any(|p| path == p || path.starts_with(&format!("{p}/")));
            for (changes_state, operation) in [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
                (true, item.patch.as_mut()),
                (true, item.delete.as_mut()),
            ] {
                let Some(operation) = operation else { continue };
                add(operation, EVERY);
                if !is_public(operation) {
                    add(operation, SIGNED_IN);
                }
                if operation.request_body.is_some() {
                    add(operation, WITH_BODY);
                }
                if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    add(operation, WITH_PARAMETERS);
                }
                if changes_state {
                    add(operation, CHANGING_STATE);
                }
                if private {
                    add(operation, PRIVATE_NOTES);
                }
            }
        }
    }
}

/// Whether the operation says it needs no authentication (an empty security
/// requirement); every other operation needs the document's `security`.
fn is_public(operation: &Operation) -> bool {
    operation
        .security
        .as_ref()
        .is_some_and(|s| s.is_empty() || s.contains(&SecurityRequirement::default()))
}

/// Adds each answer the operation does not document already.
fn add(operation: &mut Operation, answers: &[(&str, &str)]) {
    for (status, description) in answers {
        operation
            .responses
            .responses
            .entry((*status).to_string())
            .or_insert_with(|| RefOr::T(error_response(description)));
    }
}

/// A response whose body is the JSON error document.
fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}
