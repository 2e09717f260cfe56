//! The lock on the viewer's private notes over the API, under `/api/v1/me/private-notes`:
//! where it stands, unlocking with the recovery code, and a new code. The journal and
//! reflection routes answer **423** (`private_notes_locked`) while the notes are locked.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_store::{NotesLockState, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Refused, TOO_MANY};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, api_error};
use crate::people::api::timestamp;
use crate::shell::sentence;
use crate::state::AppState;

/// Where the viewer's private notes stand.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PrivateNotesInfo {
    /// Whether the journal and reflections are locked: their routes answer 423 until the
    /// recovery code is entered.
    pub locked: bool,
    /// Why, while locked: `password-reset`, `invitation`, `account-created` or
    /// `api-token`.
    pub cause: Option<String>,
    /// Since when, while locked (RFC 3339).
    pub locked_at: Option<String>,
    /// What the person is told, while locked.
    pub message: Option<String>,
    /// Whether the person has a recovery code.
    pub recovery_code: bool,
    /// When the current recovery code was made (RFC 3339).
    pub recovery_code_made_at: Option<String>,
    /// Whether the person keeps any journal entry or reflection (`false` while locked:
    /// nothing of the notes is told then).
    pub holds_notes: bool,
}

fn info(state: NotesLockState) -> PrivateNotesInfo {
    let locked = state.locked.is_some();
    PrivateNotesInfo {
        locked,
        cause: state.locked.as_ref().map(|l| l.cause.as_str().to_string()),
        locked_at: state.locked.as_ref().map(|l| timestamp(l.at)),
        message: state.locked.as_ref().map(|l| l.cause.message().to_string()),
        recovery_code: state.code.is_some(),
        recovery_code_made_at: state.code.as_ref().map(|c| timestamp(c.made_at)),
        holds_notes: !locked && state.holds_notes,
    }
}

/// Where the viewer's journal and reflections stand: locked or not, and whether they have
/// a recovery code.
#[utoipa::path(get, path = "/api/v1/me/private-notes", operation_id = "private_notes", tag = "private-notes",
    responses(
        (status = 200, description = "Where the viewer's private notes stand.", body = PrivateNotesInfo),
        (status = 404, description = "The account is linked to no person, so it has no private notes.", body = ErrorBody),
    ))]
pub(super) async fn state<S: Store>(viewer: Viewer<S>) -> Result<Json<PrivateNotesInfo>, ApiError> {
    Ok(Json(info(viewer.owner()?.notes_lock().await?)))
}

/// A recovery code, to unlock with.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnlockInput {
    /// The code as saved: 20 letters and digits, in any case, with or without spaces and
    /// hyphens; at most 100 characters.
    pub recovery_code: String,
}

/// Unlocks the viewer's journal and reflections with their recovery code. At most five
/// wrong codes in 15 minutes per account.
#[utoipa::path(post, path = "/api/v1/me/private-notes/unlock", operation_id = "unlock_private_notes", tag = "private-notes",
    request_body = UnlockInput,
    responses(
        (status = 200, description = "Unlocked: the journal and reflections are open again.", body = PrivateNotesInfo),
        (status = 404, description = "The account is linked to no person, so it has no private notes.", body = ErrorBody),
        (status = 422, description = "The code is refused (code `invalid_recovery_code`: not a code, or not the current one; nothing was unlocked), the notes are not locked (code `not_locked`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
        (status = 429, description = "Too many wrong codes lately (code `too_many_requests`); nothing was checked. Wait as long as `Retry-After` says.", body = ErrorBody),
        (status = 503, description = "The password workers are busy (code `unavailable`); nothing was checked.", body = ErrorBody),
    ))]
pub(super) async fn unlock<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(input): ApiJson<UnlockInput>,
) -> Result<Response, ApiError> {
    match service::unlock(&state, &viewer, &input.recovery_code).await {
        Ok(()) => Ok(Json(info(viewer.owner()?.notes_lock().await?)).into_response()),
        Err(Refused::Code(message)) => Ok(api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_recovery_code",
            sentence(&message),
        )),
        Err(Refused::TooMany) => {
            let mut res = api_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", TOO_MANY);
            res.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(RETRY_AFTER_UNLOCK_SECS),
            );
            Ok(res)
        }
        Err(Refused::Other(e)) => Err(ApiError(e)),
    }
}

/// How long a throttled unlock should wait, in seconds: the throttle's window.
const RETRY_AFTER_UNLOCK_SECS: &str = "900";

/// A recovery code, shown this once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecoveryCodeInfo {
    /// The code, in four groups of five: save it where only you can reach it. Only its
    /// hash is kept.
    pub recovery_code: String,
}

/// Makes a new recovery code for the viewer, in place of the one they had (which no
/// longer unlocks anything). Only while the notes are open.
#[utoipa::path(post, path = "/api/v1/me/private-notes/recovery-code", operation_id = "new_recovery_code", tag = "private-notes",
    responses(
        (status = 201, description = "The new code, shown this once.", body = RecoveryCodeInfo),
        (status = 404, description = "The account is linked to no person, so it has no private notes.", body = ErrorBody),
        (status = 423, description = "The journal and reflections are locked (code `private_notes_locked`): enter the recovery code first.", body = ErrorBody),
        (status = 503, description = "The password workers are busy (code `unavailable`); nothing was made.", body = ErrorBody),
    ))]
pub(super) async fn new_code<S: Store>(viewer: Viewer<S>) -> Result<Response, ApiError> {
    let code = viewer.owner()?.new_recovery_code().await?;
    Ok((
        StatusCode::CREATED,
        Json(RecoveryCodeInfo {
            recovery_code: code.grouped(),
        }),
    )
        .into_response())
}
