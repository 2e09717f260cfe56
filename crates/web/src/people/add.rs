//! Adding a person from the web (admins): the form at `/people/new`, which posts to its
//! own address. The person is created with their manager, then hired at the first level
//! on the start date, as `pendulum person add` and `person record --kind hire` do.
//!
//! Every field is read before anything is written, and every faulty one is named, so a
//! refusal shows them all at once (docs/architecture.md, "Forms").

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::{Email, EventKind, PersonName, parse_date};
use pendulum_framework::ids::LevelId;
use pendulum_store::{NewRoleEvent, Store};
use pendulum_views::forms::FormErrors;
use pendulum_views::paths;
use pendulum_views::people::{AddPersonValues, AddPersonView};
use serde::Deserialize;

use crate::access::Viewer;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

/// The form's id prefix: its inputs are `add-name`, `add-email`…
const FORM: &str = "add";

#[derive(Deserialize)]
pub(super) struct AddFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    manager_email: String,
}

impl AddFields {
    fn values(&self) -> AddPersonValues {
        AddPersonValues {
            name: self.name.clone(),
            email: self.email.clone(),
            start: self.start.clone(),
            level: self.level.clone(),
            manager_email: self.manager_email.clone(),
        }
    }
}

async fn view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    values: AddPersonValues,
) -> Result<AddPersonView, WebError> {
    let latest = state.latest_framework().await?;
    Ok(AddPersonView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        &latest.framework,
        paths::PERSON_NEW,
        paths::PEOPLE,
        values,
    ))
}

/// The empty form, starting today.
pub(super) async fn form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    viewer.admin()?;
    let values = AddPersonValues {
        start: state.sealed().today().to_string(),
        ..AddPersonValues::default()
    };
    Ok(render(&view(&state, &viewer, values).await?, htmx))
}

/// Adds the person and shows their page; or the form again (422) with what is wrong.
pub(super) async fn add<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(fields): Form<AddFields>,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let latest = state.latest_framework().await?;
    let mut errors = FormErrors::new(FORM, "The person was not added.");
    let name = PersonName::new(&fields.name)
        .map_err(|e| errors = errors.clone().at("name", sentence(&e.0)))
        .ok();
    let email = Email::new(fields.email.trim())
        .map_err(|e| errors = errors.clone().at("email", sentence(&e.to_string())))
        .ok();
    let start = parse_date(&fields.start)
        .map_err(|e| errors = errors.clone().at("start", sentence(&e.0)))
        .ok();
    let level = LevelId::new(fields.level.trim())
        .ok()
        .filter(|l| latest.framework.level(l).is_some());
    if level.is_none() {
        errors = errors.at("level", "Choose the level of their first role.");
    }
    let manager_email = fields.manager_email.trim();
    let mut manager = None;
    if !manager_email.is_empty() {
        match Email::new(manager_email) {
            Ok(address) => match admin.manager_by_email(&address).await {
                Ok(person) => manager = Some(person.id),
                Err(WebError::Invalid { message, .. }) => {
                    errors = errors.at("manager_email", message);
                }
                Err(e) => return Err(e),
            },
            Err(e) => errors = errors.at("manager_email", sentence(&e.to_string())),
        }
    }
    let (Some(name), Some(email), Some(start), Some(level), true) =
        (name, email, start, level, errors.fields.is_empty())
    else {
        return refused(&state, &viewer, &fields, errors, htmx).await;
    };
    let hire = NewRoleEvent::new(EventKind::Hire, start, latest.version).level(level);
    let (person, hired) = match admin.add_person(&name, &email, manager, hire).await {
        Ok(added) => added,
        // The store refuses a taken email.
        Err(WebError::Invalid { message, .. }) => {
            let errors = FormErrors::new(FORM, "").at("email", sentence(&message));
            return refused(&state, &viewer, &fields, errors, htmx).await;
        }
        Err(e) => return Err(e),
    };
    match hired {
        // Their page, at its own address, where their first role now shows.
        Ok(_) => Ok(Redirect::to(&paths::person(&person.id.to_string())).into_response()),
        // The rules refused the hire (the level exists; the date may not suit): the
        // person is on record, so the form cannot be sent again as it is. Their page
        // records the first role.
        Err(WebError::Invalid { message, .. }) => {
            let errors = FormErrors::new(
                FORM,
                format!(
                    "{} is added, but their first role was not recorded: {} Record it on their page.",
                    person.name,
                    sentence(&message)
                ),
            );
            refused(&state, &viewer, &fields, errors, htmx).await
        }
        Err(e) => Err(e),
    }
}

async fn refused<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    fields: &AddFields,
    errors: FormErrors,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let view = view(state, viewer, fields.values())
        .await?
        .with_errors(errors);
    Ok(render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &view,
        htmx,
    ))
}
