//! The people pages: the directory, a person's page with the pendulum timeline and the
//! record form, the timeline as an SVG file, and the pay page.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::{EventId, EventKind, Person, PersonId, RoleEvent};
use pendulum_store::Store;
use pendulum_views::paths;
use pendulum_views::people::{
    BandInfo, DirectoryEntry, DirectoryFilters, DirectoryPage, DirectoryView, FormMode,
    ManagerForm, PayForm, PayValues, PayView, PeopleLinks, PersonPage, PersonView, RecordForm,
    RecordValues, ReportingSection, entry_words,
};
use pendulum_views::timeline::TimelineChart;

use super::service::{self, DirectoryQuery, EventInput, PayInput, Profile, Recorded};
use crate::access::{Recording, Viewer, Who};
use crate::error::WebError;
use crate::shell::{Htmx, app_links, render};
use crate::state::AppState;

pub(crate) fn people_links() -> PeopleLinks {
    PeopleLinks::new(paths::PEOPLE)
}

/// Today as the store counts it: the day whose role in effect the store answers with, so a
/// page marks as scheduled exactly the events the store does not count yet.
pub(crate) fn today<S: Store>(state: &AppState<S>) -> time::Date {
    state.sealed().today()
}

/// A kind of change in a sentence: "Promotion", "Move between tracks"…
pub fn kind_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Baseline => "Starting point",
        EventKind::Hire => "Joining",
        EventKind::Promotion => "Promotion",
        EventKind::Move => "Move between tracks",
        EventKind::TrialStart => "Start of a management trial",
        EventKind::TrialExtend => "Extension of a management trial",
        EventKind::TrialEnd => "End of a management trial",
        EventKind::Leave => "Leave",
        EventKind::CareerBreak => "Career break",
        EventKind::Return => "Return",
        EventKind::Exit => "Leaving the organisation",
    }
}

/// The directory of the people the viewer may see.
pub async fn directory<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<DirectoryQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let dir = service::directory(&state, &viewer, &query).await?;
    let latest = state.latest_framework().await?;
    let entries: Vec<DirectoryEntry<'_>> = dir
        .rows
        .iter()
        .map(|row| DirectoryEntry {
            person: &row.person,
            role: row.role.as_ref(),
            manager: row.manager.as_ref(),
        })
        .collect();
    // The manager filter offers whoever manages someone the viewer may see: any manager
    // for an admin, and among a set small enough to name (themselves, their line) for
    // anyone else.
    let choices = if viewer.is_admin() {
        viewer.all_managers().await?
    } else {
        let visible = viewer.visible_people().await?;
        visible
            .iter()
            .filter(|m| visible.iter().any(|p| p.manager == Some(m.id)))
            .cloned()
            .collect()
    };
    let managers: Vec<&Person> = choices.iter().collect();
    let filters = DirectoryFilters {
        q: query.q().unwrap_or_default().to_string(),
        track: query.track().unwrap_or_default().to_string(),
        level: query.level().unwrap_or_default().to_string(),
        grade: query.grade().unwrap_or_default().to_string(),
        manager: query.manager().unwrap_or_default().to_string(),
        status: query.status().unwrap_or_default().to_string(),
    };
    let view = DirectoryView::new(
        &state.organisation().name,
        &app_links(&viewer),
        &people_links(),
        &latest.framework,
        DirectoryPage {
            entries: &entries,
            total: dir.total,
            exact: dir.exact,
            more: dir.more,
            page: dir.page,
            per_page: service::PAGE_SIZE,
        },
        &managers,
        &filters,
    );
    Ok(render(&view, htmx))
}

/// The viewer's own page, or 404 when no person has the account's email.
/// The viewer's own record; for an account linked to no person, the home page, which says
/// so and whom to ask.
pub async fn me<S: Store>(viewer: Viewer<S>) -> Redirect {
    match viewer.person_id() {
        Some(me) => Redirect::to(&paths::person(&me.to_string())),
        None => Redirect::to(paths::HOME),
    }
}

pub(crate) fn parse_id(id: &str) -> Result<PersonId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

/// The record form for the viewer, if they may use one.
pub(crate) async fn record_form<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    profile: &Profile,
) -> Result<Option<RecordForm>, WebError> {
    let Some(mode) = profile.recording else {
        return Ok(None);
    };
    let latest = state.latest_framework().await?;
    let mode = match mode {
        Recording::Record => FormMode::Record,
        Recording::Propose => FormMode::Propose,
    };
    Ok(Some(RecordForm::new(
        mode,
        viewer.csrf(),
        &latest.framework,
    )))
}

/// The empty manager form for the viewer, if they may change the person's manager.
pub(crate) fn manager_form<S: Store>(viewer: &Viewer<S>, profile: &Profile) -> Option<ManagerForm> {
    profile.recording.map(|mode| ManagerForm {
        propose: mode == Recording::Propose,
        csrf: viewer.csrf().to_string(),
        ..ManagerForm::default()
    })
}

pub(crate) fn person_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    profile: &Profile,
    form: Option<RecordForm>,
    manager_form: Option<ManagerForm>,
) -> PersonView {
    let managers: Vec<&Person> = profile.managers.iter().collect();
    let reports: Vec<&Person> = profile.reports.iter().collect();
    PersonView::new(
        &state.organisation().name,
        &app_links(viewer),
        &people_links(),
        &profile.frameworks,
        PersonPage {
            person: &profile.person,
            events: &profile.events,
            managers: &managers,
            reports: &reports,
            show_pay: profile.may_view_pay,
            form,
            today: today(state),
            reporting: ReportingSection {
                history: &profile.reporting,
                form: manager_form,
            },
        },
    )
}

/// The person page's query: `correct` names an entry of the history (an event id) to
/// open the correction form for.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PersonQuery {
    #[serde(default)]
    correct: Option<String>,
}

/// The entry of the profile's history that `id` names, if it names one not corrected
/// already.
fn correctable<'p>(profile: &'p Profile, id: &str) -> Option<&'p RoleEvent> {
    let id: EventId = id.trim().parse().ok()?;
    let entry = profile.events.iter().find(|e| e.id == id)?;
    let corrected = profile.events.iter().any(|e| e.supersedes == Some(id));
    (!corrected).then_some(entry)
}

/// A person's page: 404 unless the viewer may see them. With `?correct=EVENT_ID` (the
/// "Correct this entry" link of a history row), the record form is a correction of that
/// entry, filled in with its values.
pub async fn person<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    Query(query): Query<PersonQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let profile = service::profile(&state, &viewer, parse_id(&id)?).await?;
    let mut form = record_form(&state, &viewer, &profile).await?;
    if let Some(entry) = query
        .correct
        .as_deref()
        .and_then(|c| correctable(&profile, c))
    {
        form = form.map(|f| f.correcting(entry));
    }
    let manager = manager_form(&viewer, &profile);
    Ok(render(
        &person_view(&state, &viewer, &profile, form, manager),
        htmx,
    ))
}

/// The pendulum timeline alone, as an SVG document.
pub async fn timeline_svg<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id.strip_suffix(".svg").unwrap_or(&id);
    let profile = service::profile(&state, &viewer, parse_id(id)?).await?;
    let chart = TimelineChart::new(
        &profile.person.name,
        &profile.events,
        &profile.frameworks,
        today(&state),
    );
    Ok((
        // A person's career: `Cache-Control: no-store` comes with every such answer.
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        chart.to_document(),
    )
        .into_response())
}

/// The record form's fields.
#[derive(Debug, Default, serde::Deserialize)]
pub struct EventFields {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    pub(crate) effective: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    pub(crate) reason: String,
    /// For a correction: the id of the entry it corrects.
    #[serde(default)]
    supersedes: String,
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Records (admins) or proposes (managers) a change from the person page's form. A
/// refusal re-renders the page with the message and the values kept (422).
pub async fn record<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<EventFields>,
) -> Result<Response, WebError> {
    record_person(state, viewer, parse_id(&id)?, htmx, fields).await
}

pub(crate) async fn record_person<S: Store>(
    state: AppState<S>,
    viewer: Viewer<S>,
    id: PersonId,
    htmx: Htmx,
    fields: EventFields,
) -> Result<Response, WebError> {
    let input = EventInput {
        kind: fields.kind.clone(),
        effective: fields.effective.clone(),
        level: optional(&fields.level),
        until: optional(&fields.until),
        outcome: optional(&fields.outcome),
        reason: optional(&fields.reason),
        supersedes: optional(&fields.supersedes),
    };
    let outcome = service::record(&state, &viewer, id, &input).await;
    let profile = service::profile(&state, &viewer, id).await?;
    let form = record_form(&state, &viewer, &profile).await?;
    let (status, form) = match outcome {
        Ok(Recorded::Event(event)) => (
            StatusCode::OK,
            form.map(|f| {
                f.with_notice(&format!(
                    "Recorded: {} from {}{}.",
                    kind_label(event.kind).to_lowercase(),
                    event.effective,
                    correcting_words(&profile, event.supersedes)
                ))
            }),
        ),
        Ok(Recorded::Proposal(p)) => (
            StatusCode::OK,
            form.map(|f| {
                f.with_notice(&format!(
                    "Proposed: {} from {}{}. An administrator will confirm it.",
                    kind_label(p.event.kind).to_lowercase(),
                    p.event.effective,
                    correcting_words(&profile, p.event.supersedes)
                ))
            }),
        ),
        Err(WebError::Invalid { message, field, .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form.map(|f| {
                // A refused correction stays a correction of the same entry.
                let f = match profile
                    .events
                    .iter()
                    .find(|e| e.id.to_string() == fields.supersedes.trim())
                {
                    Some(entry) => f.correcting(entry),
                    None => f,
                };
                f.with_values(RecordValues {
                    kind: fields.kind,
                    effective: fields.effective,
                    level: fields.level,
                    until: fields.until,
                    outcome: fields.outcome,
                    reason: fields.reason,
                    supersedes: fields.supersedes,
                })
                .with_error_at(field, &message)
            }),
        ),
        Err(other) => return Err(other),
    };
    Ok((
        status,
        render(
            &person_view(
                &state,
                &viewer,
                &profile,
                form,
                manager_form(&viewer, &profile),
            ),
            htmx,
        ),
    )
        .into_response())
}

/// ", correcting the promotion of 2020-09-01 (entry 2)" for a correction, or nothing.
fn correcting_words(profile: &Profile, supersedes: Option<EventId>) -> String {
    supersedes
        .and_then(|id| profile.events.iter().find(|e| e.id == id))
        .map(|entry| format!(", correcting {}", entry_words(entry)))
        .unwrap_or_default()
}

/// The pay page: the person and pay administrators only (403 for others who may see the
/// person, 404 for the rest). Every view is audited.
pub async fn pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let (person, relation, history) = service::read_pay(&viewer, parse_id(&id)?).await?;
    let form = viewer
        .grants()
        .may_record_pay(relation)
        .then(|| new_pay_form(&viewer));
    Ok(render(
        &pay_view(&state, &viewer, &person, &history, form).await?,
        htmx,
    ))
}

async fn pay_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    person: &Person,
    history: &[pendulum_domain::PayEvent],
    form: Option<PayForm>,
) -> Result<PayView, WebError> {
    let events = viewer.person(person.id).await?.events().await?;
    let bands = super::bands::pay_bands(state, &events, history).await?;
    Ok(PayView::new(
        &state.organisation().name,
        &app_links(viewer),
        &people_links(),
        person,
        history,
        form,
        &|p| {
            bands
                .get(&p.id)
                .map(|b| BandInfo::new(b.level.clone(), &b.band, b.position))
        },
    ))
}

/// An empty pay form, effective today.
fn new_pay_form(viewer: &Who) -> PayForm {
    PayForm::new(viewer.csrf()).with_values(PayValues {
        effective: pendulum_store::now().date().to_string(),
        ..PayValues::default()
    })
}

/// The pay form's fields.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PayFields {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    effective: String,
    #[serde(default)]
    reason: String,
}

/// Records a pay change from the pay page's form.
pub async fn record_pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<PayFields>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let input = PayInput {
        amount: fields.amount.clone(),
        currency: fields.currency.clone(),
        effective: fields.effective.clone(),
        reason: optional(&fields.reason),
    };
    let outcome = service::record_pay(&viewer, id, &input).await;
    let (status, form) = match outcome {
        Ok(stored) => (
            StatusCode::OK,
            new_pay_form(&viewer).with_notice(&format!(
                "Recorded: {} from {}.",
                pendulum_views::people::format_money(&stored.amount),
                stored.effective
            )),
        ),
        Err(WebError::Invalid { message, field, .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            PayForm::new(viewer.csrf())
                .with_values(PayValues {
                    amount: fields.amount,
                    currency: fields.currency,
                    effective: fields.effective,
                    reason: fields.reason,
                })
                .with_error_at(field, &message),
        ),
        Err(other) => return Err(other),
    };
    let (person, _, history) = service::read_pay(&viewer, id).await?;
    Ok((
        status,
        render(
            &pay_view(&state, &viewer, &person, &history, Some(form)).await?,
            htmx,
        ),
    )
        .into_response())
}
