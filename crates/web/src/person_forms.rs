//! The person page's own address (`POST /people/{id}`) takes two forms: a change of role
//! (the people feature) and a change of manager (reporting lines). This module only says
//! which; it sits above both so that neither imports the other's pages ("Forms" in
//! `docs/architecture.md`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::access::Viewer;
use crate::error::WebError;
use crate::people::pages::{EventFields, parse_id, record_person};
use crate::routes::Routes;
use crate::shell::Htmx;
use crate::state::AppState;

/// What the person page's forms send: the hidden `form` field says which form it was
/// (`record` or `manager`), and the other fields are that form's.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PersonFormFields {
    #[serde(default)]
    form: String,
    #[serde(flatten)]
    event: EventFields,
    #[serde(default)]
    manager_email: String,
    #[serde(default)]
    none: Option<String>,
}

/// A form of the person page, posted to the page's own address so that the address stays
/// the page's whatever the answer (a refusal answers 422 with the same page, its error
/// summary and the values kept). See "Forms" in `docs/architecture.md`.
pub async fn submit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<PersonFormFields>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    match fields.form.as_str() {
        "manager" => {
            let manager = crate::reporting::pages::ManagerFields {
                manager_email: fields.manager_email,
                none: fields.none,
                effective: fields.event.effective,
                reason: fields.event.reason,
            };
            crate::reporting::pages::change_person(state, viewer, id, htmx, manager).await
        }
        _ => record_person(state, viewer, id, htmx, fields.event).await,
    }
}

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new().signed_in(Method::POST, paths::PERSON, submit::<S>)
}
