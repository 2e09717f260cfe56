//! The reflection API: the viewer's own reflections under `/api/v1/me/reflections` (list,
//! add, read, revise, delete, versions, share, unshare), through the owner-only
//! capability, and a manager's read of what a report shared with them under
//! `/api/v1/people/{id}/reflections`, through [`crate::access::ManagerOf`]. Nothing else
//! reads a reflection: another person's is not found, whoever asks.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_domain::reflection::{Answer, Reflection, ReflectionVersion};
use pendulum_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, ReflectionInput, RevisionInput, pairs, person_id, reflection_id};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::people::api::timestamp;
use crate::state::AppState;

/// One answer, with the question as it was asked.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerInfo {
    /// The question's id in the framework.
    pub question: String,
    /// The question's words when it was answered.
    pub asked: String,
    pub text: String,
}

fn answer_infos(answers: &[Answer]) -> Vec<AnswerInfo> {
    answers
        .iter()
        .map(|a| AnswerInfo {
            question: a.question.to_string(),
            asked: a.asked.clone(),
            text: a.text.clone(),
        })
        .collect()
}

/// A reflection at its current version.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReflectionInfo {
    pub id: String,
    /// `to-management` or `to-ic`.
    pub direction: String,
    /// The current version's number.
    pub version: u32,
    /// Whether the author shared it (with the manager they had when sharing).
    pub shared: bool,
    /// When it was started (RFC 3339).
    pub created_at: String,
    /// When the current version was written (RFC 3339).
    pub updated_at: String,
    pub answers: Vec<AnswerInfo>,
}

pub(crate) fn reflection_info(r: &Reflection) -> ReflectionInfo {
    ReflectionInfo {
        id: r.id.to_string(),
        direction: r.direction.as_str().to_string(),
        version: r.version,
        shared: r.is_shared(),
        created_at: timestamp(r.created_at),
        updated_at: timestamp(r.updated_at),
        answers: answer_infos(&r.answers),
    }
}

/// Reflections, the most recently written first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReflectionList {
    pub reflections: Vec<ReflectionInfo>,
}

/// One version of a reflection.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReflectionVersionInfo {
    pub version: u32,
    /// RFC 3339.
    pub written_at: String,
    pub answers: Vec<AnswerInfo>,
}

/// Every version of a reflection, the newest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReflectionVersions {
    pub versions: Vec<ReflectionVersionInfo>,
}

fn version_info(v: &ReflectionVersion) -> ReflectionVersionInfo {
    ReflectionVersionInfo {
        version: v.version,
        written_at: timestamp(v.written_at),
        answers: answer_infos(&v.answers),
    }
}

/// The viewer's own reflections.
#[utoipa::path(get, path = "/api/v1/me/reflections", operation_id = "list_reflections", tag = "reflections",
    responses(
        (status = 200, description = "The viewer's reflections at their current versions, the most recently written first.", body = ReflectionList),
        (status = 404, description = "The account is linked to no person, so it has no reflections.", body = ErrorBody),
    ))]
pub async fn list<S: Store>(viewer: Viewer<S>) -> Result<Json<ReflectionList>, ApiError> {
    let owner = viewer.owner()?;
    let reflections = owner.reflections().await?;
    Ok(Json(ReflectionList {
        reflections: reflections.iter().map(reflection_info).collect(),
    }))
}

/// Writes a new reflection, private to the viewer, as its version 1.
#[utoipa::path(post, path = "/api/v1/me/reflections", operation_id = "add_reflection", tag = "reflections",
    request_body = ReflectionInput,
    responses(
        (status = 201, description = "Written, private.", body = ReflectionInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "The account is linked to no person.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "Refused (code `invalid_reflection`: a direction other than `to-management` or `to-ic`, a question the framework does not ask before that move, no answer at all, more than 50 answers, an answer over 10,000 characters, more than 50,000 in all, or control characters), the viewer holds 200 reflections already (code `invalid`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn add<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(input): ApiJson<ReflectionInput>,
) -> Result<Response, ApiError> {
    let owner = viewer.owner()?;
    let latest = state.latest_framework().await?;
    let new = service::parse_new(&latest.framework, &input.direction, &pairs(&input.answers))
        .map_err(service::api_refusal)?;
    let written = owner.write_reflection(&new).await?;
    Ok((StatusCode::CREATED, Json(reflection_info(&written))).into_response())
}

/// One of the viewer's own reflections, at its current version.
#[utoipa::path(get, path = "/api/v1/me/reflections/{id}", operation_id = "read_reflection", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    responses(
        (status = 200, description = "The reflection.", body = ReflectionInfo),
        (status = 404, description = "No such reflection of the viewer's (another person's is not found either, whoever asks).", body = ErrorBody),
    ))]
pub async fn read<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReflectionInfo>, ApiError> {
    let owner = viewer.owner()?;
    let reflection = owner.reflection(reflection_id(&id)?).await?;
    Ok(Json(reflection_info(&reflection)))
}

/// Writes a new version of one of the viewer's reflections: every answer of the version.
/// The earlier versions stay; the direction and the sharing are kept.
#[utoipa::path(put, path = "/api/v1/me/reflections/{id}", operation_id = "revise_reflection", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    request_body = RevisionInput,
    responses(
        (status = 200, description = "The reflection at its new version.", body = ReflectionInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such reflection of the viewer's.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "Refused (code `invalid_reflection`, as when writing one), the reflection holds 500 versions already (code `invalid`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn revise<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RevisionInput>,
) -> Result<Json<ReflectionInfo>, ApiError> {
    let owner = viewer.owner()?;
    let id = reflection_id(&id)?;
    let previous = owner.reflection(id).await?;
    let latest = state.latest_framework().await?;
    let new = service::parse_revision(&latest.framework, &previous, &pairs(&input.answers))
        .map_err(service::api_refusal)?;
    let revised = owner.revise_reflection(id, &new).await?;
    Ok(Json(reflection_info(&revised)))
}

/// Deletes one of the viewer's reflections with every version, for good.
#[utoipa::path(delete, path = "/api/v1/me/reflections/{id}", operation_id = "delete_reflection", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    responses(
        (status = 204, description = "Deleted, with every version."),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such reflection of the viewer's.", body = ErrorBody),
    ))]
pub async fn delete<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let owner = viewer.owner()?;
    owner.delete_reflection(reflection_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every version of one of the viewer's reflections, the newest first.
#[utoipa::path(get, path = "/api/v1/me/reflections/{id}/versions", operation_id = "reflection_versions", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    responses(
        (status = 200, description = "The versions, newest first.", body = ReflectionVersions),
        (status = 404, description = "No such reflection of the viewer's.", body = ErrorBody),
    ))]
pub async fn versions<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReflectionVersions>, ApiError> {
    let owner = viewer.owner()?;
    let versions = owner.reflection_versions(reflection_id(&id)?).await?;
    Ok(Json(ReflectionVersions {
        versions: versions.iter().map(version_info).collect(),
    }))
}

/// Shares one of the viewer's reflections with their manager on record, who can then read
/// its latest version (not the earlier ones, not the journal) until it is unshared.
#[utoipa::path(post, path = "/api/v1/me/reflections/{id}/share", operation_id = "share_reflection", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    responses(
        (status = 200, description = "Shared with the viewer's manager.", body = ReflectionInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such reflection of the viewer's.", body = ErrorBody),
        (status = 422, description = "The viewer has no manager on record to share it with (code `invalid`).", body = ErrorBody),
    ))]
pub async fn share<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReflectionInfo>, ApiError> {
    let owner = viewer.owner()?;
    let shared = owner.share_reflection(reflection_id(&id)?).await?;
    Ok(Json(reflection_info(&shared)))
}

/// Makes one of the viewer's reflections private again, at once.
#[utoipa::path(post, path = "/api/v1/me/reflections/{id}/unshare", operation_id = "unshare_reflection", tag = "reflections",
    params(("id" = String, Path, description = "A reflection id")),
    responses(
        (status = 200, description = "Private again (also when it was not shared).", body = ReflectionInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such reflection of the viewer's.", body = ErrorBody),
    ))]
pub async fn unshare<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReflectionInfo>, ApiError> {
    let owner = viewer.owner()?;
    let private = owner.unshare_reflection(reflection_id(&id)?).await?;
    Ok(Json(reflection_info(&private)))
}

/// The reflections person `id` shared with the viewer, their manager: read-only, at their
/// current versions.
#[utoipa::path(get, path = "/api/v1/people/{id}/reflections", operation_id = "shared_reflections", tag = "reflections",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The reflections the person shared with the viewer, the most recently written first.", body = ReflectionList),
        (status = 404, description = "The viewer is not the person's manager on record (admins included), or there is no such person.", body = ErrorBody),
    ))]
pub async fn shared_list<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<ReflectionList>, ApiError> {
    let manager = viewer.manager_of(person_id(&id)?).await?;
    let shared = manager.shared_reflections().await?;
    Ok(Json(ReflectionList {
        reflections: shared.iter().map(reflection_info).collect(),
    }))
}

/// One reflection person `id` shared with the viewer, their manager.
#[utoipa::path(get, path = "/api/v1/people/{id}/reflections/{reflection_id}", operation_id = "shared_reflection", tag = "reflections",
    params(
        ("id" = String, Path, description = "A person id"),
        ("reflection_id" = String, Path, description = "A reflection id"),
    ),
    responses(
        (status = 200, description = "The reflection at its current version.", body = ReflectionInfo),
        (status = 404, description = "Not shared with the viewer, the viewer is not the person's manager on record, or there is no such reflection or person.", body = ErrorBody),
    ))]
pub async fn shared_read<S: Store>(
    viewer: Viewer<S>,
    Path((id, reflection)): Path<(String, String)>,
) -> Result<Json<ReflectionInfo>, ApiError> {
    let manager = viewer.manager_of(person_id(&id)?).await?;
    let shared = manager
        .shared_reflection(reflection_id(&reflection)?)
        .await?;
    Ok(Json(reflection_info(&shared)))
}
