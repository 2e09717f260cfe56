//! The published versions of the framework, as pages: the list with a form to compare two,
//! each version's YAML text as published, the changes between two versions, and the
//! admins' form to check and publish a new version.
//!
//! Publishing goes through the store acting as the signed-in account, so the audit log
//! records who published. A text that does not check is never stored: the form comes back
//! with status 422 and every problem placed by line and column.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_framework::Framework;
use pendulum_framework::diff::diff;
use pendulum_framework::lint;
use pendulum_store::{FrameworkVersion, Store, StoreError};
use pendulum_views::forms::FormErrors;
use pendulum_views::framework::DiffView;
use pendulum_views::versions::{PublishView, VersionRow, VersionsView};
use pendulum_views::{dates, paths};
use serde::Deserialize;

use super::{change_lines, check_text, lint_lines, versions_nav};
use crate::access::Viewer;
use crate::csrf::is_multipart;
use crate::error::WebError;
use crate::routes::Routes;
use crate::shell::{Htmx, app_links, render, sentence};
use crate::state::{AppState, Published};

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::VERSIONS, list::<S>)
        .signed_in(Method::GET, paths::VERSION_YAML, yaml::<S>)
        .signed_in(Method::GET, paths::DIFF, changes::<S>)
        .signed_in(Method::GET, paths::PUBLISH, publish_form::<S>)
        .signed_in(Method::POST, paths::PUBLISH, publish::<S>)
}

/// A version number from a path or a query: anything else is no such version.
pub(crate) fn version_number(text: &str) -> Option<u32> {
    text.parse().ok().filter(|v| *v > 0)
}

fn row(v: &FrameworkVersion) -> VersionRow {
    VersionRow {
        version: v.version,
        published_at: dates::timestamp(v.published_at),
        sha256: v.sha256.clone(),
    }
}

/// The latest published framework, or `None` when nothing is published yet.
pub(crate) async fn latest<S: Store>(
    state: &AppState<S>,
) -> Result<Option<Arc<Published>>, WebError> {
    match state.latest_framework().await {
        Ok(p) => Ok(Some(p)),
        Err(WebError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn list<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let versions = state.sealed().framework_versions().await?;
    let latest = latest(&state).await?;
    let rows: Vec<VersionRow> = versions.iter().map(row).collect();
    let mut view = VersionsView::new(
        latest.as_ref().map(|p| &p.framework),
        &state.organisation().name,
        &app_links(&viewer),
        &rows,
        viewer.grants().may_administer(),
    );
    versions_nav(&mut view.chrome, true);
    Ok(render(&view, htmx))
}

/// A version's text exactly as published, as UTF-8 YAML shown in the browser.
async fn yaml<S: Store>(
    State(state): State<AppState<S>>,
    Path(version): Path<String>,
) -> Result<Response, WebError> {
    let version = version_number(&version).ok_or(WebError::NotFound)?;
    let text = state.sealed().framework_yaml(version).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/yaml; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text,
    )
        .into_response())
}

#[derive(Deserialize)]
struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The two versions a diff compares: `to` defaults to the latest version and `from` to
/// the one before `to`. A number that is not a published version is `NotFound`.
pub(crate) fn diff_pair(
    versions: &[FrameworkVersion],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(u32, u32), WebError> {
    let exists = |n: u32| versions.iter().any(|v| v.version == n);
    let parse = |s: &str| {
        version_number(s.trim())
            .filter(|n| exists(*n))
            .ok_or(WebError::NotFound)
    };
    let blank = |s: &Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    let to = if blank(&to) {
        versions
            .iter()
            .map(|v| v.version)
            .max()
            .ok_or(WebError::NotFound)?
    } else {
        parse(to.unwrap_or_default())?
    };
    let from = if blank(&from) {
        versions
            .iter()
            .map(|v| v.version)
            .filter(|n| *n < to)
            .max()
            .unwrap_or(to)
    } else {
        parse(from.unwrap_or_default())?
    };
    Ok((from, to))
}

/// The two frameworks of a diff, older first as asked.
pub(crate) async fn diff_frameworks<S: Store>(
    org: &crate::access::Sealed<S>,
    from: u32,
    to: u32,
) -> Result<(Framework, Framework), WebError> {
    Ok((org.framework(from).await?, org.framework(to).await?))
}

async fn changes<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(q): Query<DiffQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let versions = state.sealed().framework_versions().await?;
    let (from, to) = diff_pair(&versions, q.from.as_deref(), q.to.as_deref())?;
    let (old, new) = diff_frameworks(state.sealed(), from, to).await?;
    let d = diff(&old, &new);
    let mut view = DiffView::new(&new, &d, &app_links(&viewer));
    view.heading = format!("{} (version {from} to version {to})", view.heading);
    view.chrome.title = format!("Changes from version {from} to version {to}");
    versions_nav(&mut view.chrome, true);
    Ok(render(&view, htmx))
}

/// The publishing form with the latest version's text.
async fn publish_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    viewer.admin()?;
    let latest = latest(&state).await?;
    let text = match &latest {
        Some(p) => state.sealed().framework_yaml(p.version).await?,
        None => String::new(),
    };
    let view = publish_view(&state, &viewer, latest.as_deref(), &text);
    Ok(render(&view, htmx))
}

fn publish_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    latest: Option<&Published>,
    text: &str,
) -> PublishView {
    let csrf = viewer.csrf();
    let mut view = PublishView::new(
        latest.map(|p| &p.framework),
        &state.organisation().name,
        &app_links(viewer),
        csrf,
        text,
        latest.map(|p| p.version),
    );
    versions_nav(&mut view.chrome, false);
    view
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    yaml: String,
    #[serde(default)]
    action: String,
    /// Why the uploaded file could not be read (not UTF-8), refused at its field.
    #[serde(skip)]
    file_error: Option<String>,
}

/// The publishing form, sent either URL-encoded (the text only) or as
/// `multipart/form-data` with an uploaded file, whose text then replaces the textarea's.
impl<S: Send + Sync> axum::extract::FromRequest<S> for PublishForm {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, WebError> {
        if !is_multipart(req.headers()) {
            let Form(form) = Form::<PublishForm>::from_request(req, state)
                .await
                .map_err(|e| WebError::invalid("bad_request", e.body_text()))?;
            return Ok(form);
        }
        let bad = |e: axum::extract::multipart::MultipartError| {
            WebError::invalid("bad_request", e.body_text())
        };
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|e| WebError::invalid("bad_request", e.body_text()))?;
        let mut form = PublishForm {
            yaml: String::new(),
            action: String::new(),
            file_error: None,
        };
        let mut file = None;
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            match field.name() {
                Some("yaml") => form.yaml = field.text().await.map_err(bad)?,
                Some("action") => form.action = field.text().await.map_err(bad)?,
                Some("file") => {
                    let bytes = field.bytes().await.map_err(bad)?;
                    if !bytes.is_empty() {
                        match String::from_utf8(bytes.to_vec()) {
                            Ok(text) => file = Some(text),
                            Err(_) => {
                                form.file_error = Some(
                                    "The uploaded file is not UTF-8 text; a framework is a YAML \
                                     file."
                                        .to_string(),
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(text) = file {
            form.yaml = text;
        }
        Ok(form)
    }
}

/// A textarea's text as the browser sends it (CRLF line breaks) made into the text that
/// is stored: LF line breaks, so the same framework always has the same content hash.
pub(crate) fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Checks (`action=check`) or publishes (`action=publish`) the submitted text. A text
/// that does not check comes back with its diagnostics and status 422, and so does a
/// publish the store refuses (a dropped level that records hold) and an uploaded file that
/// is not text: the form's summary at the top, the faulty field marked, the text kept.
async fn publish<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    form: PublishForm,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let text = normalise(&form.yaml);
    let latest = latest(&state).await?;
    let view = publish_view(&state, &viewer, latest.as_deref(), &text);
    if let Some(message) = form.file_error {
        let errors = FormErrors::new(PublishView::FORM, "").at("file", message);
        return Ok(with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &view.with_errors(errors),
            htmx,
        ));
    }
    let framework = match check_text(&text) {
        Ok(framework) => framework,
        Err(diagnostics) => {
            let errors = FormErrors::new(PublishView::FORM, "")
                .at("yaml", problems_in_the_text(&diagnostics));
            let view = view.with_diagnostics(&diagnostics).with_errors(errors);
            return Ok(with_status(StatusCode::UNPROCESSABLE_ENTITY, &view, htmx));
        }
    };
    let findings = lint::lint(&framework, &lint::Options::default());
    let mut view = view.with_lint(lint_lines(&findings));
    if let Some(p) = &latest {
        view = view.with_changes(change_lines(&p.framework, &framework));
    }
    if form.action != "publish" {
        let view = view.with_notice("The text checks. Nothing was published yet.");
        return Ok(render(&view, htmx));
    }
    let hash = pendulum_store::framework::content_hash(&text);
    if let Some(v) = state.sealed().framework_versions().await?.last()
        && v.sha256 == hash
    {
        let view = view.with_notice(format!(
            "Unchanged: version {} already holds this text. Nothing was published.",
            v.version
        ));
        return Ok(render(&view, htmx));
    }
    match admin.publish_framework(&text).await {
        Ok(version) => {
            // The page now shows the new version as the latest.
            let latest = latest_or(&state, latest).await?;
            let view = publish_view(&state, &viewer, latest.as_deref(), &text)
                .with_lint(lint_lines(&findings))
                .published(version);
            Ok(render(&view, htmx))
        }
        Err(StoreError::Invalid(message)) => {
            let errors = FormErrors::new(PublishView::FORM, "").at("yaml", sentence(&message));
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view.with_errors(errors),
                htmx,
            ))
        }
        Err(StoreError::Conflict) => {
            let errors = FormErrors::new(PublishView::FORM, WebError::Conflict.public_message());
            Ok(with_status(
                StatusCode::CONFLICT,
                &view.with_errors(errors),
                htmx,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the check found, said at the text's field: how many problems, and where the first
/// is (each is listed with its line above the form).
fn problems_in_the_text(diagnostics: &[pendulum_views::versions::Diagnostic]) -> String {
    let count = match diagnostics.len() {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let first = match diagnostics.first() {
        Some(d) if d.line > 0 => format!(", the first at line {}, column {}", d.line, d.column),
        _ => String::new(),
    };
    format!("The text has {count}{first}; nothing was published.")
}

/// The latest version after a publish, or `before` if it cannot be read.
async fn latest_or<S: Store>(
    state: &AppState<S>,
    before: Option<Arc<Published>>,
) -> Result<Option<Arc<Published>>, WebError> {
    Ok(latest(state).await?.or(before))
}

fn with_status(status: StatusCode, view: &PublishView, htmx: Htmx) -> Response {
    let mut res = render(view, htmx);
    *res.status_mut() = status;
    res
}
