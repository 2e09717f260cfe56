//! The audit log as a page (admins): newest first, filtered by action and person, a
//! hundred rows a page.

use axum::extract::{Query, State};
use axum::response::Response;
use pendulum_domain::{AccountId, PersonId};
use pendulum_store::{AuditAction, Store};
use pendulum_views::admin::{AuditFilter, AuditRow, AuditView};
use pendulum_views::framework::Link;
use pendulum_views::{dates, paths};

use super::api::{AuditQuery, audit_rows};
use crate::access::Viewer;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render};
use crate::state::AppState;

/// Audit rows per page.
const AUDIT_PAGE: u32 = 100;

pub(super) async fn audit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<AuditQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let mut rows = audit_rows(&viewer, &query, AUDIT_PAGE + 1).await?;
    let more = rows.len() > AUDIT_PAGE as usize;
    rows.truncate(AUDIT_PAGE as usize);
    // Actors are account ids; show emails where the account still exists.
    let accounts = admin.accounts().await?;
    let people = admin.everyone().await?;
    let actor = |a: &str| {
        a.strip_prefix("account/")
            .and_then(|id| id.parse::<AccountId>().ok())
            .and_then(|id| accounts.iter().find(|acc| acc.id == id))
            .map_or_else(|| a.to_string(), |acc| acc.email.as_str().to_string())
    };
    let person_link = |id: PersonId| {
        let name = people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone());
        Link {
            label: name,
            href: paths::person(&id.to_string()),
        }
    };
    let rows = rows
        .iter()
        .map(|r| AuditRow {
            id: r.id.to_string(),
            at: dates::timestamp(r.at),
            actor: actor(&r.actor),
            action: r.action.as_str().to_string(),
            subject: r.subject.clone(),
            person: r.person.map(person_link),
        })
        .collect();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    let filter = AuditFilter {
        action: query.action.clone().unwrap_or_default(),
        person: query.person.clone().unwrap_or_default(),
    };
    let paged = query.before.as_deref().is_some_and(|b| !b.is_empty());
    let view = AuditView::new(
        org_name(&state),
        &app_links(&viewer),
        rows,
        &actions,
        filter,
        more,
        paged,
    );
    Ok(render(&view, htmx))
}
