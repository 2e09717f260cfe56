//! Proposals over the API: `/api/v1/proposals…`, the same as the proposals page, for
//! scripts. A proposal is answered as the people API describes it
//! ([`ProposalInfo`](crate::people::api::ProposalInfo)): recording a change for a report
//! answers with one.

use axum::Json;
use axum::extract::{Path, State};
use pendulum_domain::ProposalId;
use pendulum_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, WebError};
use crate::people::api::{EventInfo, ProposalInfo, event_infos, proposal_info};
use crate::people::service;
use crate::state::AppState;

/// Proposals: admins see every one, managers those they made. Newest first.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "proposals",
    responses(
        (status = 200, description = "The proposals, newest first.", body = [ProposalInfo]),
        (status = 403, description = "The caller's role has no proposals (neither a manager nor an admin).", body = ErrorBody),
    ))]
pub(super) async fn proposals<S: Store>(
    viewer: Viewer<S>,
) -> Result<Json<Vec<ProposalInfo>>, ApiError> {
    let list = viewer.proposals().await?;
    Ok(Json(list.iter().map(proposal_info).collect()))
}

/// Why a proposal is declined.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct DeclineInput {
    #[serde(default)]
    pub reason: Option<String>,
}

/// Confirms a pending proposal (admins): its event is appended, the history's rules
/// checked again.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/confirm", tag = "proposals",
    params(("id" = String, Path, description = "A proposal id")),
    responses(
        (status = 200, description = "Confirmed: the event appended to the history.", body = EventInfo),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such proposal.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 422, description = "The proposal is no longer pending, or its change now breaks a rule of the history (code `rule`).", body = ErrorBody),
    ))]
pub(super) async fn confirm<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<EventInfo>, ApiError> {
    let id: ProposalId = id.parse().map_err(|_| ApiError(WebError::NotFound))?;
    let event = service::confirm_proposal(&viewer, id).await?;
    let frameworks = state.frameworks_of(std::slice::from_ref(&event)).await?;
    let info = event_infos(std::slice::from_ref(&event), &frameworks)
        .pop()
        .ok_or(ApiError(WebError::NotFound))?;
    Ok(Json(info))
}

/// Declines a pending proposal (admins).
#[utoipa::path(post, path = "/api/v1/proposals/{id}/decline", tag = "proposals",
    params(("id" = String, Path, description = "A proposal id")),
    request_body = DeclineInput,
    responses(
        (status = 200, description = "Declined.", body = ProposalInfo),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such proposal.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "The proposal is no longer pending, the reason is refused (code `invalid`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub(super) async fn decline<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeclineInput>,
) -> Result<Json<ProposalInfo>, ApiError> {
    let id: ProposalId = id.parse().map_err(|_| ApiError(WebError::NotFound))?;
    let proposal = service::decline_proposal(&viewer, id, input.reason).await?;
    Ok(Json(proposal_info(&proposal)))
}
