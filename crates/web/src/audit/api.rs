//! The audit log over the API: `/api/v1/audit`, the same rows as the page, for scripts.

use axum::Json;
use axum::extract::Query;
use pendulum_domain::{AccountId, PersonId};
use pendulum_store::{AuditAction, AuditEntry, Store};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};

use crate::access::Viewer;
use crate::error::{ApiError, ErrorBody, WebError};

fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// A row of the audit log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditInfo {
    pub id: String,
    pub at: String,
    /// `account/{id}`, `cli`, `import`, `system`…
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub person: Option<String>,
}

/// The audit log's filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Rows older than this row id.
    #[serde(default)]
    pub before: Option<String>,
    /// One action, such as `pay.read` or `role-event.appended`.
    #[serde(default)]
    pub action: Option<String>,
    /// Rows about one person id.
    #[serde(default)]
    pub person: Option<String>,
}

/// A page of the audit log, newest first (admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "Up to 100 rows, newest first.", body = [AuditInfo]),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, description = "A filter is malformed: `before` or `person` not an id, `action` not an audit action (code `invalid`).", body = ErrorBody),
    ))]
pub(super) async fn audit<S: Store>(
    viewer: Viewer<S>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditInfo>>, ApiError> {
    let rows = audit_rows(&viewer, &query, 100).await?;
    Ok(Json(
        rows.iter()
            .map(|r| AuditInfo {
                id: r.id.to_string(),
                at: timestamp(r.at),
                actor: r.actor.clone(),
                action: r.action.as_str().to_string(),
                subject: r.subject.clone(),
                person: r.person.map(|p| p.to_string()),
            })
            .collect(),
    ))
}

/// Whose rows the log shows: a person's (`person_id`), or an account's (what it did and
/// what was done to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Whose {
    Person(PersonId),
    Account(AccountId),
}

/// The audit rows `query` asks for: admins only; a malformed filter is refused. The
/// `person` filter is a person id here; the page resolves names first
/// ([`super::pages`]).
pub(crate) async fn audit_rows<S: Store>(
    viewer: &Viewer<S>,
    query: &AuditQuery,
    limit: u32,
) -> Result<Vec<AuditEntry>, WebError> {
    viewer.admin()?;
    let person = match value(&query.person) {
        Some(p) => Some(Whose::Person(p.parse::<PersonId>().map_err(|_| {
            WebError::invalid("invalid", "`person` is not a person id")
        })?)),
        None => None,
    };
    rows_of(viewer, query, limit, person).await
}

/// A filter's value, trimmed; `None` when empty.
pub(crate) fn value(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The audit rows of `query`'s page and action, of `whose` when given.
pub(crate) async fn rows_of<S: Store>(
    viewer: &Viewer<S>,
    query: &AuditQuery,
    limit: u32,
    whose: Option<Whose>,
) -> Result<Vec<AuditEntry>, WebError> {
    let admin = viewer.admin()?;
    let before = match value(&query.before) {
        Some(b) => Some(
            b.parse::<uuid::Uuid>()
                .map_err(|_| WebError::invalid("invalid", "`before` is not an audit row id"))?,
        ),
        None => None,
    };
    let action = match value(&query.action) {
        Some(a) => Some(AuditAction::parse(&a).ok_or_else(|| {
            WebError::invalid("invalid", format!("{a:?} is not an audit action"))
        })?),
        None => None,
    };
    match whose {
        Some(Whose::Account(account)) => {
            admin
                .audit_page_of_account(before, limit, action, account)
                .await
        }
        Some(Whose::Person(person)) => admin.audit_page(before, limit, action, Some(person)).await,
        None => admin.audit_page(before, limit, action, None).await,
    }
}
