//! The reflection's pages: the author's list and the start of a new one, the questions as
//! one long form (posting to its own address, refused the way every form is), the summary
//! beside the journal's evidence with sharing, versions and deletion, and the read-only
//! page of a reflection a report shared with their manager.
//!
//! Every author's page goes through the owner-only capability ([`Viewer::owner`]); the
//! manager's page through [`Viewer::manager_of`]. Anyone else gets 404.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::reflection::{
    Direction, Reflection, ReflectionRefused, RefusedAt, parse_direction,
};
use pendulum_framework::Framework;
use pendulum_store::Store;
use pendulum_views::forms::FormErrors;
use pendulum_views::notes_lock::RecoveryCodeNotice;
use pendulum_views::paths;
use pendulum_views::reflection::{
    DeleteView, FORM, QuestionField, ReflectionFormView, ReflectionsView, SharedView, Sharing,
    SummaryView, answer_field, href,
};
use serde::Deserialize;

use super::service::{self, person_id, reflection_id};
use crate::access::{Owner, Viewer};
use crate::error::WebError;
use crate::people::pages::people_links;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

/// What the last change was, in the address it redirects to (`?done=shared`), so the page
/// says it and a reload changes nothing.
#[derive(Debug, Default, Deserialize)]
pub(super) struct SummaryQuery {
    #[serde(default)]
    done: Option<String>,
    /// On a summary: the version to show.
    #[serde(default)]
    version: Option<String>,
}

impl SummaryQuery {
    fn notice(&self, reflection: Option<&Reflection>) -> Option<String> {
        Some(match (self.done.as_deref()?, reflection) {
            ("saved", Some(r)) if r.version == 1 => "Your reflection is saved.".to_string(),
            ("saved", Some(r)) => format!("Saved as version {}.", r.version),
            ("shared", _) => "Shared with your manager.".to_string(),
            ("unshared", _) => "You stopped sharing it: it is private again.".to_string(),
            ("deleted", _) => "The reflection is deleted, with every version.".to_string(),
            _ => return None,
        })
    }
}

fn summary_href(reflection: &Reflection, done: &str) -> String {
    format!("{}?done={done}", href(reflection))
}

/// `/reflections`: the viewer's reflections and the start of a new one.
pub(super) async fn list<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(done): Query<SummaryQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let reflections = owner.reflections().await?;
    let code = owner.first_recovery_code().await?;
    let view = ReflectionsView::new(
        org_name(&state),
        &app_links(&viewer),
        &reflections,
        done.notice(None),
    )
    .with_recovery_code(code.map(|c| RecoveryCodeNotice::new(c.grouped(), true)));
    Ok(render(&view, htmx))
}

/// The questions of `direction` (with those of `previous` the framework dropped), each
/// filled in from `value`.
fn question_fields(
    fw: &Framework,
    direction: Direction,
    previous: Option<&Reflection>,
    value: impl Fn(&str) -> String,
) -> Vec<QuestionField> {
    let mut fields: Vec<QuestionField> = fw
        .reflection_questions(direction)
        .into_iter()
        .map(|q| {
            QuestionField::new(
                q.id.as_str(),
                &q.text,
                q.hint.as_deref(),
                &value(q.id.as_str()),
                false,
            )
        })
        .collect();
    if let Some(previous) = previous {
        for answer in &previous.answers {
            let asked = fw
                .reflection_questions(direction)
                .iter()
                .any(|q| q.id == answer.question);
            if !asked {
                let id = answer.question.as_str();
                fields.push(QuestionField::new(
                    id,
                    &answer.asked,
                    None,
                    &value(id),
                    true,
                ));
            }
        }
    }
    fields
}

/// The submitted form's fields: the direction and each answer by question id.
struct Submitted {
    direction: String,
    answers: Vec<(String, String)>,
}

impl Submitted {
    fn of(fields: Vec<(String, String)>) -> Self {
        let mut direction = String::new();
        let mut answers = Vec::new();
        for (name, value) in fields {
            if name == "direction" {
                direction = value;
            } else if let Some(question) = name.strip_prefix("answer_") {
                answers.push((question.to_string(), value));
            }
        }
        Self { direction, answers }
    }

    fn value(&self, question: &str) -> String {
        self.answers
            .iter()
            .find(|(q, _)| q == question)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// A refusal as the form shows it: beside the answer at fault, or beside the first
/// question when the answers as a whole are refused.
fn form_errors(refused: &ReflectionRefused, first: Option<&QuestionField>) -> FormErrors {
    let message = sentence(&refused.error.0);
    let errors = FormErrors::new(FORM, message.clone());
    match &refused.at {
        RefusedAt::Direction => errors.at("direction", message),
        RefusedAt::Answer(q) => errors.at(&answer_field(q.as_str()), message),
        RefusedAt::Answers => match first {
            Some(field) => errors.at(&field.field, message),
            None => errors,
        },
    }
}

/// The address asked for, query included: where the form posts, so that a refused form
/// keeps its address. Only its path and query, so it stays on this site.
fn own_address(uri: &Uri) -> String {
    match uri.query() {
        Some(query) => format!("{}?{query}", paths::REFLECTION_NEW),
        None => paths::REFLECTION_NEW.to_string(),
    }
}

/// What `/reflections/new` is asked: the direction chosen, and whether the start form was
/// sent (then a missing direction is a refusal, not a first visit).
#[derive(Debug, Default, Deserialize)]
pub(super) struct Start {
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    start: Option<String>,
}

/// `/reflections/new`: the questions of the direction chosen, or the choice of direction
/// (422 with the refusal when the start form came without a valid one).
pub(super) async fn new_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    uri: Uri,
    Query(start): Query<Start>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let action = own_address(&uri);
    // Nothing is read, but a locked author is told so before typing a reflection.
    viewer.owner()?.notes_open().await?;
    let links = app_links(&viewer);
    let chosen = match (start.direction.as_deref(), start.start.is_some()) {
        (None, false) => None,
        (asked, _) => match parse_direction(asked.unwrap_or("")) {
            Ok(direction) => Some(direction),
            Err(refused) => {
                let view = ReflectionFormView::new_reflection(
                    org_name(&state),
                    &links,
                    viewer.csrf(),
                    &action,
                    None,
                    Vec::new(),
                )
                .with_errors(form_errors(&refused, None));
                return Ok(render_with_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &view,
                    htmx,
                ));
            }
        },
    };
    let latest = state.latest_framework().await?;
    let questions = chosen
        .map(|d| question_fields(&latest.framework, d, None, |_| String::new()))
        .unwrap_or_default();
    let view = ReflectionFormView::new_reflection(
        org_name(&state),
        &links,
        viewer.csrf(),
        &action,
        chosen,
        questions,
    );
    Ok(render(&view, htmx))
}

/// Saves a new reflection and shows its summary; or the form again (422), values kept.
pub(super) async fn create<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    uri: Uri,
    htmx: Htmx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let latest = state.latest_framework().await?;
    let submitted = Submitted::of(fields);
    let direction = parse_direction(&submitted.direction).ok();
    let questions = direction
        .map(|d| question_fields(&latest.framework, d, None, |q| submitted.value(q)))
        .unwrap_or_default();
    let errors =
        match service::parse_new(&latest.framework, &submitted.direction, &submitted.answers) {
            Ok(new) => match owner.write_reflection(&new).await {
                Ok(written) => {
                    return Ok(Redirect::to(&summary_href(&written, "saved")).into_response());
                }
                // Full: said above the form, nothing typed is lost.
                Err(WebError::Invalid { message, .. }) => FormErrors::new(FORM, sentence(&message)),
                Err(e) => return Err(e),
            },
            Err(refused) => form_errors(&refused, questions.first()),
        };
    let view = ReflectionFormView::new_reflection(
        org_name(&state),
        &app_links(&viewer),
        viewer.csrf(),
        &own_address(&uri),
        direction,
        questions,
    )
    .with_errors(errors);
    Ok(render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &view,
        htmx,
    ))
}

/// The summary of `reflection` at version `shown` (its current one when `None`).
async fn summary<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    owner: &Owner<'_, S>,
    reflection: &Reflection,
    shown: Option<u32>,
) -> Result<SummaryView, WebError> {
    let versions = owner.reflection_versions(reflection.id).await?;
    let shown = shown.unwrap_or(reflection.version);
    let version = versions
        .iter()
        .find(|v| v.version == shown)
        .ok_or(WebError::NotFound)?;
    let latest = state.latest_framework().await?;
    let evidence = service::evidence(owner, &latest.framework, state.sealed().today()).await?;
    let manager = service::manager(viewer, owner.person().id).await?;
    let manager_id = manager.as_ref().map(|m| m.id);
    let sharing = Sharing::new(
        reflection,
        manager.as_ref().map(|m| m.name.as_str()),
        manager_id.is_some() && reflection.shared_with == manager_id,
    );
    Ok(SummaryView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        reflection,
        &versions,
        version,
        evidence,
        sharing,
    ))
}

/// `/reflections/{id}`: the summary (`?version=N` for an earlier version).
pub(super) async fn show<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    Query(done): Query<SummaryQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let reflection = owner.reflection(reflection_id(&id)?).await?;
    let shown = match done.version.as_deref() {
        None => None,
        Some(v) => Some(v.trim().parse::<u32>().map_err(|_| WebError::NotFound)?),
    };
    // After the first reflection (or the first visit since recovery codes exist): shown once.
    let code = owner.first_recovery_code().await?;
    let view = summary(&state, &viewer, &owner, &reflection, shown)
        .await?
        .with_notice(done.notice(Some(&reflection)))
        .with_recovery_code(code.map(|c| RecoveryCodeNotice::new(c.grouped(), true)));
    Ok(render(&view, htmx))
}

/// `/reflections/{id}/edit`: the form of a new version, filled in with the current one.
pub(super) async fn edit_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let reflection = owner.reflection(reflection_id(&id)?).await?;
    let latest = state.latest_framework().await?;
    let value = |q: &str| {
        reflection
            .answers
            .iter()
            .find(|a| a.question.as_str() == q)
            .map(|a| a.text.clone())
            .unwrap_or_default()
    };
    let questions = question_fields(
        &latest.framework,
        reflection.direction,
        Some(&reflection),
        value,
    );
    let view = ReflectionFormView::revision(
        org_name(&state),
        &app_links(&viewer),
        viewer.csrf(),
        &reflection,
        questions,
    );
    Ok(render(&view, htmx))
}

/// Saves a new version and shows the summary; or the form again (422), values kept.
pub(super) async fn revise<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let id = reflection_id(&id)?;
    let previous = owner.reflection(id).await?;
    let latest = state.latest_framework().await?;
    let submitted = Submitted::of(fields);
    let questions = question_fields(
        &latest.framework,
        previous.direction,
        Some(&previous),
        |q| submitted.value(q),
    );
    let errors = match service::parse_revision(&latest.framework, &previous, &submitted.answers) {
        Ok(new) => match owner.revise_reflection(id, &new).await {
            Ok(revised) => {
                return Ok(Redirect::to(&summary_href(&revised, "saved")).into_response());
            }
            // At its last version: said above the form, nothing typed is lost.
            Err(WebError::Invalid { message, .. }) => FormErrors::new(FORM, sentence(&message)),
            Err(e) => return Err(e),
        },
        Err(refused) => form_errors(&refused, questions.first()),
    };
    let view = ReflectionFormView::revision(
        org_name(&state),
        &app_links(&viewer),
        viewer.csrf(),
        &previous,
        questions,
    )
    .with_errors(errors);
    Ok(render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &view,
        htmx,
    ))
}

/// Shares the reflection with the author's manager and shows the summary; without a
/// manager, the summary again (422) saying so.
pub(super) async fn share<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let id = reflection_id(&id)?;
    match owner.share_reflection(id).await {
        Ok(shared) => Ok(Redirect::to(&summary_href(&shared, "shared")).into_response()),
        Err(WebError::Invalid { message, .. }) => {
            let reflection = owner.reflection(id).await?;
            let view = summary(&state, &viewer, &owner, &reflection, None)
                .await?
                .with_sharing_errors(FormErrors::new("share", sentence(&message)));
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view,
                htmx,
            ))
        }
        Err(e) => Err(e),
    }
}

/// Makes the reflection private again and shows the summary.
pub(super) async fn unshare<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let private = owner.unshare_reflection(reflection_id(&id)?).await?;
    Ok(Redirect::to(&summary_href(&private, "unshared")).into_response())
}

/// `/reflections/{id}/delete`: what deleting does, and the button that does it.
pub(super) async fn delete_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let reflection = owner.reflection(reflection_id(&id)?).await?;
    let view = DeleteView::new(
        org_name(&state),
        &app_links(&viewer),
        viewer.csrf(),
        &reflection,
    );
    Ok(render(&view, htmx))
}

/// Deletes the reflection with every version and shows the list.
pub(super) async fn delete<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    owner.delete_reflection(reflection_id(&id)?).await?;
    Ok(Redirect::to(&format!("{}?done=deleted", paths::REFLECTIONS)).into_response())
}

/// `/people/{id}/reflections/{reflection_id}`: a reflection a report shared with the
/// viewer, their manager, read-only. 404 for anyone else and anything not shared.
pub(super) async fn shared<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path((id, reflection)): Path<(String, String)>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let manager = viewer.manager_of(person_id(&id)?).await?;
    let reflection = manager
        .shared_reflection(reflection_id(&reflection)?)
        .await?;
    let report = manager.report();
    let people = people_links(&viewer, viewer.openable(&[report.id]).await?);
    let view = SharedView::new(
        org_name(&state),
        &app_links(&viewer),
        people.trail_root(),
        people.link(report),
        &reflection,
    );
    Ok(render(&view, htmx))
}
