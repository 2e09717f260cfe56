//! The framework's published versions over the API: list, read (with the text and its
//! lint findings), compare, and publish (admins).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_framework::lint;
use pendulum_store::{FrameworkVersion, Store};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use super::versions::{diff_frameworks, diff_pair, version_number};
use super::{change_lines, check_text, lint_lines};
use crate::access::Viewer;
use crate::error::{ApiError, ErrorBody, WebError};
use crate::state::AppState;

/// A published version of the framework.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionSummary {
    /// The version's number: 1, 2, … in order of publication.
    pub version: u32,
    /// When it was published (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-11-21T08:44:03.123456Z")]
    pub published_at: String,
    /// SHA-256 of its YAML text, lowercase hex.
    pub content_hash: String,
}

/// Every published version, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionList {
    pub versions: Vec<VersionSummary>,
}

/// A lint finding: a parity or hygiene rule the framework breaks.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LintFinding {
    /// The rule's name, such as `pay-ceiling`.
    pub rule: String,
    /// `error` (a denied rule) or `warning`.
    pub severity: String,
    pub message: String,
}

/// One published version with its text and lint findings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionDetail {
    pub version: u32,
    /// When it was published (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-11-21T08:44:03.123456Z")]
    pub published_at: String,
    /// SHA-256 of `yaml`, lowercase hex.
    pub content_hash: String,
    /// Whether this is the latest version (the one the framework pages show).
    pub latest: bool,
    /// The framework's name.
    pub name: String,
    /// The framework's own version label (its `version` field), if it has one.
    pub label: Option<String>,
    /// The YAML text exactly as published.
    pub yaml: String,
    pub lint: Vec<LintFinding>,
}

/// The changes between two published versions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffResponse {
    pub from: u32,
    pub to: u32,
    /// Whether the two versions are the same framework.
    pub empty: bool,
    /// The changes, one line each, as `pendulum framework diff` prints them: area
    /// headings, then `+` added, `-` removed and `~` changed entities, indented.
    pub changes: Vec<String>,
    /// The structured diff, as `pendulum framework diff --format json` prints it: one
    /// member per area that changed (`metadata`, `grades`, `tracks`, `competencies`,
    /// `decision_rights`, `transitions`, `removed_levels`…).
    #[schema(value_type = Object)]
    pub diff: serde_json::Value,
}

/// A new version's text.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublishRequest {
    /// The framework's YAML text, stored exactly as sent.
    pub yaml: String,
}

/// The version that holds the text sent.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublishedVersion {
    pub version: u32,
    /// When it was published (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-11-21T08:44:03.123456Z")]
    pub published_at: String,
    pub content_hash: String,
    /// True when the latest version already held this text: nothing was published.
    pub unchanged: bool,
    /// What lint finds in the text (publishing does not wait on it).
    pub lint: Vec<LintFinding>,
}

/// A problem that stops a framework's text from loading, placed in the text.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiagnosticItem {
    /// 1-based; 0 when the problem has no place in the text.
    pub line: u32,
    /// 1-based; 0 when the problem has no place in the text.
    pub column: u32,
    /// A stable code: `syntax`, `shape` (an unknown or missing field, a wrong type) or
    /// the name of the semantic check.
    pub code: String,
    pub message: String,
    /// How to fix it, when there is a suggestion.
    pub hint: Option<String>,
    /// The text of line `line`.
    pub source_line: Option<String>,
}

/// The answer to a text that does not check: code `check` and every problem found.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckErrorBody {
    pub error: CheckErrorDetail,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckErrorDetail {
    /// `check` (with `diagnostics`), `invalid` or `bad_request` (without).
    pub code: String,
    pub message: String,
    /// Every problem `check` found, by line and column; absent for other codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<DiagnosticItem>,
}

/// Query of [`diff_versions`].
#[derive(Debug, Deserialize)]
pub(crate) struct DiffParams {
    from: Option<String>,
    to: Option<String>,
}

fn iso(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn summary(v: &FrameworkVersion) -> VersionSummary {
    VersionSummary {
        version: v.version,
        published_at: iso(v.published_at),
        content_hash: v.sha256.clone(),
    }
}

fn findings(framework: &pendulum_framework::Framework) -> Vec<LintFinding> {
    lint_lines(&lint::lint(framework, &lint::Options::default()))
        .into_iter()
        .map(|l| LintFinding {
            rule: l.rule,
            severity: l.severity,
            message: l.message,
        })
        .collect()
}

/// Every published version of the framework, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/framework/versions",
    tag = "framework",
    operation_id = "list_framework_versions",
    responses(
        (status = 200, description = "Every published version, oldest first.", body = VersionList),
        (status = 401, description = "No session and no API token.", body = ErrorBody),
    )
)]
pub(crate) async fn list_versions<S: Store>(
    State(state): State<AppState<S>>,
) -> Result<Json<VersionList>, ApiError> {
    let org = state.sealed();
    let versions = org.framework_versions().await?;
    Ok(Json(VersionList {
        versions: versions.iter().map(summary).collect(),
    }))
}

/// One published version: its metadata, its YAML text as published and its lint
/// findings.
#[utoipa::path(
    get,
    path = "/api/v1/framework/versions/{version}",
    tag = "framework",
    operation_id = "get_framework_version",
    params(("version" = u32, Path, description = "The version's number.")),
    responses(
        (status = 200, description = "The version.", body = VersionDetail),
        (status = 401, description = "No session and no API token.", body = ErrorBody),
        (status = 404, description = "No such version.", body = ErrorBody),
    )
)]
pub(crate) async fn get_version<S: Store>(
    State(state): State<AppState<S>>,
    Path(version): Path<String>,
) -> Result<Json<VersionDetail>, ApiError> {
    let version = version_number(&version).ok_or(WebError::NotFound)?;
    let org = state.sealed();
    let versions = org.framework_versions().await?;
    let meta = versions
        .iter()
        .find(|v| v.version == version)
        .ok_or(WebError::NotFound)?;
    let framework = org.framework(version).await?;
    let yaml = org.framework_yaml(version).await?;
    let latest = versions.iter().map(|v| v.version).max() == Some(version);
    Ok(Json(VersionDetail {
        version,
        published_at: iso(meta.published_at),
        content_hash: meta.sha256.clone(),
        latest,
        name: framework.name.clone(),
        label: framework.version.clone(),
        yaml,
        lint: findings(&framework),
    }))
}

/// The changes between two published versions. `to` defaults to the latest version and
/// `from` to the version before `to`.
#[utoipa::path(
    get,
    path = "/api/v1/framework/diff",
    tag = "framework",
    operation_id = "diff_framework_versions",
    params(
        ("from" = Option<u32>, Query, description = "The older version (default: the one before `to`)."),
        ("to" = Option<u32>, Query, description = "The newer version (default: the latest)."),
    ),
    responses(
        (status = 200, description = "The changes.", body = DiffResponse),
        (status = 401, description = "No session and no API token.", body = ErrorBody),
        (status = 404, description = "No such version.", body = ErrorBody),
    )
)]
pub(crate) async fn diff_versions<S: Store>(
    State(state): State<AppState<S>>,
    Query(q): Query<DiffParams>,
) -> Result<Json<DiffResponse>, ApiError> {
    let org = state.sealed();
    let versions = org.framework_versions().await?;
    let (from, to) = diff_pair(&versions, q.from.as_deref(), q.to.as_deref())?;
    let (old, new) = diff_frameworks(org, from, to).await?;
    let d = pendulum_framework::diff::diff(&old, &new);
    let diff = serde_json::to_value(&d).map_err(WebError::internal)?;
    Ok(Json(DiffResponse {
        from,
        to,
        empty: d.is_empty(),
        changes: change_lines(&old, &new),
        diff,
    }))
}

/// Publishes a new version (admins). The text is checked first: a text that does not
/// check is refused with code `check` and every problem by line and column. A text the
/// latest version already holds publishes nothing (`unchanged: true`, status 200). A
/// version that drops a level which records hold, without a `renamed_from` saying where
/// they go, is refused with code `invalid`.
#[utoipa::path(
    post,
    path = "/api/v1/framework/versions",
    tag = "framework",
    operation_id = "publish_framework_version",
    request_body(content = PublishRequest, description = "The new version's YAML text."),
    responses(
        (status = 201, description = "Published as a new version.", body = PublishedVersion),
        (status = 200, description = "Unchanged: the latest version already holds this text.", body = PublishedVersion),
        (status = 400, description = "The body could not be read (code `bad_request`); a body that is not JSON is a 422.", body = ErrorBody),
        (status = 401, description = "No session and no API token.", body = ErrorBody),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 409, description = "Someone else published at the same time; try again.", body = ErrorBody),
        (status = 422, description = "The text does not check (code `check`, with `diagnostics`), the body is not `{\"yaml\": \"…\"}` (code `bad_request`) or the publish was refused (code `invalid`).", body = CheckErrorBody),
    )
)]
pub(crate) async fn publish_version<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let admin = viewer.admin()?;
    let request: PublishRequest = serde_json::from_slice(&body).map_err(|_| {
        WebError::invalid(
            "bad_request",
            "The body must be a JSON object with the framework's text: {\"yaml\": \"…\"}.",
        )
    })?;
    let framework = match check_text(&request.yaml) {
        Ok(framework) => framework,
        Err(diagnostics) => return Ok(check_failed(diagnostics)),
    };
    let lint = findings(&framework);
    let org = state.sealed();
    let hash = pendulum_store::framework::content_hash(&request.yaml);
    if let Some(latest) = org.framework_versions().await?.last()
        && latest.sha256 == hash
    {
        let s = summary(latest);
        return Ok((
            StatusCode::OK,
            Json(PublishedVersion {
                version: s.version,
                published_at: s.published_at,
                content_hash: s.content_hash,
                unchanged: true,
                lint,
            }),
        )
            .into_response());
    }
    let version = admin.publish_framework(&request.yaml).await?;
    let published = org
        .framework_versions()
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or(WebError::NotFound)?;
    let s = summary(&published);
    Ok((
        StatusCode::CREATED,
        Json(PublishedVersion {
            version: s.version,
            published_at: s.published_at,
            content_hash: s.content_hash,
            unchanged: false,
            lint,
        }),
    )
        .into_response())
}

/// **422** with code `check` and the diagnostics.
fn check_failed(diagnostics: Vec<pendulum_views::versions::Diagnostic>) -> Response {
    let count = diagnostics.len();
    let body = CheckErrorBody {
        error: CheckErrorDetail {
            code: "check".to_string(),
            message: format!(
                "The framework has {count} problem{}; nothing was published.",
                if count == 1 { "" } else { "s" }
            ),
            diagnostics: diagnostics
                .into_iter()
                .map(|d| DiagnosticItem {
                    line: u32::try_from(d.line).unwrap_or(u32::MAX),
                    column: u32::try_from(d.column).unwrap_or(u32::MAX),
                    code: d.code,
                    message: d.message,
                    hint: d.hint,
                    source_line: d.source_line,
                })
                .collect(),
        },
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}
