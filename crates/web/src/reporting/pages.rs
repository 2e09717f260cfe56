//! The person page's manager form: `POST /people/{id}/manager`. Admins record the change;
//! managers propose it for their reports. A refusal re-renders the page with the message
//! beside the form, the faulty field marked and the values kept (422).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_domain::PersonId;
use pendulum_store::Store;
use pendulum_views::people::ManagerValues;

use super::service::{self, Changed, ManagerInput, field_of};
use crate::access::Viewer;
use crate::error::WebError;
use crate::people::pages::{manager_form, parse_id, person_view, record_form};
use crate::people::service::profile;
use crate::shell::{Htmx, render};
use crate::state::AppState;

/// The manager form's fields.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ManagerFields {
    #[serde(default)]
    pub(crate) manager_email: String,
    #[serde(default)]
    pub(crate) none: Option<String>,
    #[serde(default)]
    pub(crate) effective: String,
    #[serde(default)]
    pub(crate) reason: String,
}

pub async fn change<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<ManagerFields>,
) -> Result<Response, WebError> {
    change_person(state, viewer, parse_id(&id)?, htmx, fields).await
}

/// Changes (admins) or proposes (managers) person `id`'s manager from the manager form; a
/// refusal re-renders the person page with the form's error summary (422).
pub(crate) async fn change_person<S: Store>(
    state: AppState<S>,
    viewer: Viewer<S>,
    id: PersonId,
    htmx: Htmx,
    fields: ManagerFields,
) -> Result<Response, WebError> {
    let input = ManagerInput {
        manager_email: Some(fields.manager_email.clone()),
        none: fields.none.is_some(),
        effective: fields.effective.clone(),
        reason: Some(fields.reason.clone()),
    };
    let outcome = service::change(&viewer, id, &input).await;
    let profile = profile(&state, &viewer, id).await?;
    let record = record_form(&state, &viewer, &profile).await?;
    let form = manager_form(&viewer, &profile);
    let (status, form) = match outcome {
        Ok(Changed::Recorded(change, manager)) => {
            let from = change.effective.map(|d| d.to_string()).unwrap_or_default();
            let to = manager.map_or_else(|| "nobody".to_string(), |m| m.name);
            (
                StatusCode::OK,
                form.map(|mut f| {
                    f.notice = Some(format!(
                        "Recorded: from {from}, {} reports to {to}.",
                        profile.person.name
                    ));
                    f
                }),
            )
        }
        Ok(Changed::Proposed(proposal)) => (
            StatusCode::OK,
            form.map(|mut f| {
                f.notice = Some(format!(
                    "Proposed: a new manager for {} from {}. An administrator will confirm it.",
                    profile.person.name, proposal.change.effective
                ));
                f
            }),
        ),
        Err(WebError::Invalid {
            code,
            message,
            field,
        }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form.map(|mut f| {
                f.values = ManagerValues {
                    manager_email: fields.manager_email,
                    none: fields.none.is_some(),
                    effective: fields.effective,
                    reason: fields.reason,
                };
                f.error = Some(message);
                f.error_field = field_of(code).or(field);
                f
            }),
        ),
        Err(other) => return Err(other),
    };
    Ok((
        status,
        render(&person_view(&state, &viewer, &profile, record, form), htmx),
    )
        .into_response())
}
