//! The reporting-lines API: a person's reporting history, changing their manager, who
//! reported to whom on a date, and the reporting proposals managers make.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_domain::{Person, PersonId, ProposalId, ReportingChange, parse_date, reporting_on};
use pendulum_store::{ReportingProposal, ReportingProposalStatus, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, Changed, ManagerInput};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, WebError};
use crate::people::api::{PersonRef, person_id, timestamp};
use crate::proposals::api::DeclineInput;
use crate::state::AppState;

/// One change of a person's manager.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportingChangeInfo {
    /// The change's place in the person's reporting history: 1, 2, 3…
    pub seq: u32,
    /// From when it holds, `YYYY-MM-DD`; `null` from the start of the person's record.
    pub effective: Option<String>,
    /// The new manager; `null` when the person reports to nobody from that date.
    pub manager: Option<PersonRef>,
    pub reason: Option<String>,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
}

fn change_info(change: &ReportingChange, manager: Option<&Person>) -> ReportingChangeInfo {
    ReportingChangeInfo {
        seq: change.seq,
        effective: change.effective.map(|d| d.to_string()),
        manager: manager.map(PersonRef::from),
        reason: change.reason.clone(),
        recorded_at: timestamp(change.recorded_at),
    }
}

/// A person's reporting history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportingHistory {
    pub person: PersonRef,
    /// Every change in the order it was recorded.
    pub changes: Vec<ReportingChangeInfo>,
}

/// A person's reporting history: who they reported to, from when, and why.
#[utoipa::path(get, path = "/api/v1/people/{id}/reporting", tag = "reporting",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The person's reporting history.", body = ReportingHistory),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
    ))]
pub async fn history<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReportingHistory>, ApiError> {
    let person = viewer.person(person_id(&id)?).await?;
    let changes = person.reporting_history().await?;
    Ok(Json(ReportingHistory {
        person: PersonRef::from(person.person()),
        changes: changes
            .iter()
            .map(|(c, m)| change_info(c, m.as_ref()))
            .collect(),
    }))
}

/// A reporting change a manager proposed, and where it stands.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportingProposalInfo {
    pub id: String,
    pub person: String,
    /// `YYYY-MM-DD`.
    pub effective: String,
    /// The proposed manager's id; `null` for "reports to nobody".
    pub manager: Option<String>,
    pub reason: Option<String>,
    pub proposed_by: String,
    pub proposed_at: String,
    /// `pending`, `confirmed` or `declined`.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The change a confirmation recorded (its `seq`).
    pub change: Option<u32>,
    pub decline_reason: Option<String>,
}

pub(crate) fn proposal_info(p: &ReportingProposal) -> ReportingProposalInfo {
    let (decided_by, decided_at, change, decline_reason) = match &p.status {
        ReportingProposalStatus::Pending => (None, None, None, None),
        ReportingProposalStatus::Confirmed { by, at, seq } => {
            (Some(by.to_string()), Some(timestamp(*at)), Some(*seq), None)
        }
        ReportingProposalStatus::Declined { by, at, reason } => (
            Some(by.to_string()),
            Some(timestamp(*at)),
            None,
            reason.clone(),
        ),
    };
    ReportingProposalInfo {
        id: p.id.to_string(),
        person: p.person.to_string(),
        effective: p.change.effective.to_string(),
        manager: p.change.manager.map(|m| m.to_string()),
        reason: p.change.reason.clone(),
        proposed_by: p.proposed_by.to_string(),
        proposed_at: timestamp(p.proposed_at),
        status: p.status.as_str().to_string(),
        decided_by,
        decided_at,
        change,
        decline_reason,
    }
}

/// What changing a manager did: `recorded` with the change (admins), or `proposed` with
/// the proposal an admin will confirm (managers, for their reports).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ManagerOutcome {
    /// `recorded` or `proposed`.
    pub outcome: String,
    pub change: Option<ReportingChangeInfo>,
    pub proposal: Option<ReportingProposalInfo>,
}

/// Changes a person's manager from a date (admins: 201), or proposes it for an admin to
/// confirm (managers, for their reports: 202). A change that would make someone their own
/// manager, directly or through others, on any date, answers 422 with code `rule`.
#[utoipa::path(post, path = "/api/v1/people/{id}/manager", operation_id = "change_manager", tag = "reporting",
    params(("id" = String, Path, description = "A person id")),
    request_body = ManagerInput,
    responses(
        (status = 201, description = "Recorded (admins): `outcome` is `recorded`, with the change.", body = ManagerOutcome),
        (status = 202, description = "Proposed for an admin to confirm (managers, for their reports): `outcome` is `proposed`, with the proposal.", body = ManagerOutcome),
        (status = 403, description = "The caller may see the person but not change their manager, or a session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "The change would close a loop (code `rule`), nobody has the manager's email (code `unknown_manager`), a value is refused (codes `invalid_manager`, `invalid_effective`, `invalid_reason`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn change<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ManagerInput>,
) -> Result<Response, ApiError> {
    let id = person_id(&id)?;
    Ok(match service::change(&viewer, id, &input).await? {
        Changed::Recorded(change, manager) => (
            StatusCode::CREATED,
            Json(ManagerOutcome {
                outcome: "recorded".into(),
                change: Some(change_info(&change, manager.as_ref())),
                proposal: None,
            }),
        )
            .into_response(),
        Changed::Proposed(proposal) => (
            StatusCode::ACCEPTED,
            Json(ManagerOutcome {
                outcome: "proposed".into(),
                change: None,
                proposal: Some(proposal_info(&proposal)),
            }),
        )
            .into_response(),
    })
}

/// The date to read reporting lines on.
#[derive(Debug, Deserialize, IntoParams)]
pub struct OnDate {
    /// `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

/// One line: a person and their manager.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportingLine {
    pub person: PersonRef,
    pub manager: PersonRef,
}

/// Who reported to whom on a date.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportingLines {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Everyone who had a manager on that date, by name.
    pub lines: Vec<ReportingLine>,
}

/// Who reported to whom on a date, for the whole organisation (admins): the lines as they
/// stood that day, from the append-only history, scheduled changes included once due.
#[utoipa::path(get, path = "/api/v1/reporting-lines", tag = "reporting", params(OnDate),
    responses(
        (status = 200, description = "Everyone's manager on the date.", body = ReportingLines),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, description = "The date is refused (code `invalid_date`).", body = ErrorBody),
    ))]
pub async fn lines<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<OnDate>,
) -> Result<Json<ReportingLines>, ApiError> {
    let admin = viewer.admin()?;
    let date = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => parse_date(d).map_err(|e| ApiError(WebError::invalid("invalid_date", e.0)))?,
        None => state.sealed().today(),
    };
    let changes = admin.reporting_changes().await?;
    let on = reporting_on(&changes, date);
    let people: HashMap<PersonId, Person> = admin
        .everyone()
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut lines: Vec<ReportingLine> = on
        .iter()
        .filter_map(|(person, manager)| {
            Some(ReportingLine {
                person: PersonRef::from(people.get(person)?),
                manager: PersonRef::from(people.get(manager)?),
            })
        })
        .collect();
    lines.sort_by(|a, b| (&a.person.name, &a.person.id).cmp(&(&b.person.name, &b.person.id)));
    Ok(Json(ReportingLines {
        date: date.to_string(),
        lines,
    }))
}

/// The reporting proposals the caller may see: an admin all, a manager their own, newest
/// first.
#[utoipa::path(get, path = "/api/v1/reporting-proposals", operation_id = "reporting_proposals", tag = "reporting",
    responses(
        (status = 200, description = "Reporting proposals, newest first.", body = [ReportingProposalInfo]),
        (status = 403, description = "Neither an admin nor a manager.", body = ErrorBody),
    ))]
pub async fn proposals<S: Store>(
    viewer: Viewer<S>,
) -> Result<Json<Vec<ReportingProposalInfo>>, ApiError> {
    let list = viewer.reporting_proposals().await?;
    Ok(Json(list.iter().map(proposal_info).collect()))
}

fn proposal_id(id: &str) -> Result<ProposalId, ApiError> {
    id.parse().map_err(|_| ApiError(WebError::NotFound))
}

/// Confirms a pending reporting proposal (admins): the change is recorded, the loop check
/// made again.
#[utoipa::path(post, path = "/api/v1/reporting-proposals/{id}/confirm", operation_id = "confirm_reporting_proposal", tag = "reporting",
    params(("id" = String, Path, description = "A proposal id")),
    responses(
        (status = 200, description = "Confirmed: the change recorded.", body = ReportingChangeInfo),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such proposal.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 422, description = "The proposal is no longer pending, or its change would now close a loop (code `rule`).", body = ErrorBody),
    ))]
pub async fn confirm<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReportingChangeInfo>, ApiError> {
    let change = viewer.admin()?.confirm_reporting(proposal_id(&id)?).await?;
    let person = viewer.person(change.person).await?;
    let history = person.reporting_history().await?;
    let manager = history
        .iter()
        .find(|(c, _)| c.seq == change.seq)
        .and_then(|(_, m)| m.as_ref());
    Ok(Json(change_info(&change, manager)))
}

/// Declines a pending reporting proposal (admins).
#[utoipa::path(post, path = "/api/v1/reporting-proposals/{id}/decline", operation_id = "decline_reporting_proposal", tag = "reporting",
    params(("id" = String, Path, description = "A proposal id")),
    request_body = DeclineInput,
    responses(
        (status = 204, description = "Declined."),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such proposal.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "The proposal is no longer pending, the reason is refused (code `invalid`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn decline<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeclineInput>,
) -> Result<StatusCode, ApiError> {
    let reason = pendulum_domain::Reason::optional(input.reason.as_deref().map(str::trim))
        .map_err(|e| ApiError(WebError::invalid("invalid", e.0)))?
        .map(pendulum_domain::Reason::into_string);
    viewer
        .admin()?
        .decline_reporting(proposal_id(&id)?, reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
