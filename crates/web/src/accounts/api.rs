//! The organisation's accounts over the API (admins): an account's API tokens, listed and
//! revoked, and its role changed. The same as the account's page (`/admin/accounts/{id}`),
//! for scripts.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use pendulum_domain::{AccountId, ApiTokenId};
use pendulum_store::{Role, Store};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, WebError};

/// An API token of an account. Its secret is never kept, so never shown.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenInfo {
    /// The token's id, for revoking it.
    pub id: String,
    /// What the token is for, as its owner named it.
    pub name: String,
    /// When it was created (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-11-21T08:44:03.123456Z")]
    pub created_at: String,
}

/// An account's API tokens that still work, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

fn account_id(id: &str) -> Result<AccountId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}/tokens", tag = "accounts",
    params(("id" = String, Path, description = "An account id")),
    responses(
        (status = 200, description = "The account's API tokens that still work, oldest first.", body = TokenList),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 404, description = "No such account in this organisation.", body = ErrorBody),
    ))]
pub async fn list_tokens<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<TokenList>, ApiError> {
    let admin = viewer.admin()?;
    let account = admin.account(account_id(&id)?).await?;
    let tokens = admin
        .tokens_of(account.id)
        .await?
        .into_iter()
        .map(|t| TokenInfo {
            id: t.id.to_string(),
            name: t.name,
            created_at: t.created_at.format(&Rfc3339).unwrap_or_default(),
        })
        .collect();
    Ok(Json(TokenList { tokens }))
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/tokens/{token_id}/revoke", tag = "accounts",
    params(
        ("id" = String, Path, description = "An account id"),
        ("token_id" = String, Path, description = "An API token id of that account"),
    ),
    responses(
        (status = 204, description = "Revoked: the token stops working at once; its record stays, and the audit log names who revoked it."),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such account in this organisation, or no token of it that still works.", body = ErrorBody),
    ))]
pub async fn revoke_token<S: Store>(
    viewer: Viewer<S>,
    Path((id, token)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let token: ApiTokenId = token.parse().map_err(|_| WebError::NotFound)?;
    admin.revoke_token(id, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The role to give an account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoleInput {
    /// `member`, `manager`, `admin` or `analyst`.
    #[schema(example = "manager")]
    pub role: String,
}

/// An account after a change of its role.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountRole {
    pub id: String,
    pub email: String,
    /// `member`, `manager`, `admin` or `analyst`: the role it holds now.
    pub role: String,
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/role", tag = "accounts",
    params(("id" = String, Path, description = "An account id")),
    request_body = RoleInput,
    responses(
        (status = 200, description = "The role is changed, with an `account.role-changed` audit row naming who changed it. The account's sessions and tokens carry on with the new role from their next request.", body = AccountRole),
        (status = 403, description = "Not an admin, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such account in this organisation.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "Refused (code `invalid`): an unknown role, the role the account has already, the caller's own account (another admin changes it), or the organisation's last admin in use (give another account the role of admin first); or JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn set_role<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<Json<AccountRole>, ApiError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let role =
        Role::parse(input.role.trim()).map_err(|e| WebError::invalid("invalid", e.to_string()))?;
    admin.set_role(id, role).await?;
    let account = admin.account(id).await?;
    Ok(Json(AccountRole {
        id: account.id.to_string(),
        email: account.email.as_str().to_string(),
        role: account.role.as_str().to_string(),
    }))
}
