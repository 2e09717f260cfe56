//! `/private-notes`: where the viewer's journal and reflections stand, with its three
//! forms posting to the page's own address (a hidden `form` field says which): unlocking
//! with the recovery code (`unlock`), a new code while open (`new-code`), and deleting
//! locked notes (`delete`). A refusal answers with the page again (422, or 429 for too
//! many wrong codes), the form's summary at its top; a code typed is never sent back.
//!
//! [`locked_page`] is what every journal and reflection page answers while the notes are
//! locked (423): the sign-in layer draws it in place of the handler's answer.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_store::{NotesLocked, Store};
use pendulum_views::forms::FormErrors;
use pendulum_views::notes_lock::{DELETE_FORM, PrivateNotesView, RecoveryCodeNotice, UNLOCK_FORM};
use pendulum_views::paths;
use serde::Deserialize;

use super::service::{self, Refused, TOO_MANY};
use crate::access::{Signed, Viewer, Who};
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

/// The notice after a change, from the address it redirects to (`?done=deleted`), so a
/// reload changes nothing.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// The page as it stands for `viewer`; with `first_code`, and a first recovery code due,
/// the code is made and shown (only pages that show it ask: a code made is a code shown).
async fn view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    next: Option<&str>,
    first_code: bool,
) -> Result<PrivateNotesView, WebError> {
    let owner = viewer.owner()?;
    let standing = owner.notes_lock().await?;
    let links = app_links(viewer);
    if let Some(lock) = standing.locked {
        return Ok(PrivateNotesView::locked(
            org_name(state),
            &links,
            viewer.csrf(),
            lock.cause,
            lock.at,
            next,
        ));
    }
    let first = if first_code {
        owner.first_recovery_code().await?
    } else {
        None
    };
    let made = match &first {
        Some(_) => Some(pendulum_store::now()),
        None => standing.code.map(|c| c.made_at),
    };
    Ok(PrivateNotesView::open(
        org_name(state),
        &links,
        viewer.csrf(),
        made,
        standing.holds_notes,
    )
    .with_code(first.map(|c| RecoveryCodeNotice::here(c.grouped(), true))))
}

/// `/private-notes`.
pub(super) async fn page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(done): Query<Done>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let mut page = view(&state, &viewer, None, true).await?;
    if !page.is_locked() {
        let notice = match done.done.as_deref() {
            Some("unlocked") => Some("Unlocked: your journal and reflections are open again."),
            Some("deleted") => Some(
                "Your locked notes are deleted. You start again: your next note comes with a \
                 new recovery code.",
            ),
            _ => None,
        };
        if let Some(notice) = notice {
            page = page.with_notice(notice);
        }
    }
    Ok(render(&page, htmx))
}

/// What the page's forms send.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Submitted {
    #[serde(default)]
    form: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    confirm: String,
}

/// The page to go back to once unlocked, as the unlock form sent it: the journal or the
/// reflections when the lock was met there. Nothing else is followed, or sent back.
fn known_next(next: &str) -> Option<&'static str> {
    match next {
        paths::JOURNAL => Some(paths::JOURNAL),
        paths::REFLECTIONS => Some(paths::REFLECTIONS),
        _ => None,
    }
}

/// Where an unlock goes on to: [`known_next`], else the lock's page saying it is unlocked.
fn after_unlock(next: &str) -> &'static str {
    known_next(next).unwrap_or("/private-notes?done=unlocked")
}

/// A form of `/private-notes`, by its hidden `form` field.
pub(super) async fn submit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(sent): Form<Submitted>,
) -> Result<Response, WebError> {
    match sent.form.as_str() {
        "unlock" => unlock(&state, &viewer, htmx, &sent).await,
        "new-code" => {
            let code = viewer.owner()?.new_recovery_code().await?;
            let page = view(&state, &viewer, None, false)
                .await?
                .with_code(Some(RecoveryCodeNotice::here(code.grouped(), false)))
                .with_notice("A new recovery code was made: save it now.");
            Ok(render(&page, htmx))
        }
        "delete" => {
            if sent.confirm != "yes" {
                let page = view(&state, &viewer, None, false).await?;
                if !page.is_locked() {
                    return Err(not_locked());
                }
                let errors = FormErrors::new(DELETE_FORM, "").at(
                    "confirm",
                    "Tick the box to say you understand: the deletion cannot be undone.",
                );
                return Ok(render_with_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &page.with_delete_errors(errors),
                    htmx,
                ));
            }
            viewer.owner()?.delete_locked_notes().await?;
            Ok(Redirect::to("/private-notes?done=deleted").into_response())
        }
        _ => Err(WebError::invalid(
            "unknown_form",
            "This page has no such form: reload it and try again.",
        )),
    }
}

async fn unlock<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    htmx: Htmx,
    sent: &Submitted,
) -> Result<Response, WebError> {
    let (status, message) = match service::unlock(state, viewer, &sent.code).await {
        Ok(()) => return Ok(Redirect::to(after_unlock(&sent.next)).into_response()),
        Err(Refused::Code(message)) => (StatusCode::UNPROCESSABLE_ENTITY, message),
        Err(Refused::TooMany) => (StatusCode::TOO_MANY_REQUESTS, TOO_MANY.to_string()),
        Err(Refused::Other(e)) => return Err(e),
    };
    let page = view(state, viewer, known_next(&sent.next), false).await?;
    if !page.is_locked() {
        // Unlocked meanwhile, by another request.
        return Ok(Redirect::to(after_unlock(&sent.next)).into_response());
    }
    let errors = FormErrors::new(UNLOCK_FORM, "").at("code", sentence(&message));
    Ok(render_with_status(
        status,
        &page.with_unlock_errors(errors),
        htmx,
    ))
}

fn not_locked() -> WebError {
    WebError::invalid(
        "not_locked",
        "Your journal and reflections are not locked: there is nothing to delete here. \
         Delete entries and reflections one by one from their pages.",
    )
}

/// The lock's page in place of a journal or reflection page asked for while the notes are
/// locked (423): why, and the unlock form, which goes back to the journal or the
/// reflections once unlocked.
pub(crate) fn locked_page<S: Store>(
    state: &AppState<S>,
    signed: Signed,
    lock: NotesLocked,
    path: &str,
    htmx: Htmx,
) -> Response {
    let who = Who::of(signed);
    let next = if path.starts_with(paths::REFLECTIONS) {
        paths::REFLECTIONS
    } else {
        paths::JOURNAL
    };
    let page = PrivateNotesView::locked(
        org_name(state),
        &app_links(&who),
        who.csrf(),
        lock.cause,
        lock.at,
        Some(next),
    );
    render_with_status(StatusCode::LOCKED, &page, htmx)
}
