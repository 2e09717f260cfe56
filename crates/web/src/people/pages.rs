//! The people pages: the directory, a person's page with the pendulum timeline and the
//! record form, the timeline as an SVG file, and the pay page.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::pay::protection_on;
use pendulum_domain::timeline::{Preview, raised_because, raised_levels, trial_returns};
use pendulum_domain::{EventId, EventKind, Person, PersonId, RoleEvent};
use pendulum_store::{FrameworkSet, Store};
use pendulum_views::paths;
use pendulum_views::people::{
    BandInfo, DirectoryEntry, DirectoryFilters, DirectoryPage, DirectoryView, FormMode,
    ManagerForm, PayForm, PayValues, PayView, PeopleLinks, PersonPage, PersonView, RecordForm,
    RecordPreview, RecordValues, ReportingSection, entry_words,
};
use pendulum_views::timeline::TimelineChart;

use super::service::{self, DirectoryQuery, EventInput, PayInput, Profile, Recorded};
use crate::access::{Openable, Recording, Viewer, Who};
use crate::error::WebError;
use crate::shell::{Htmx, app_links, render};
use crate::state::AppState;

/// The people pages' links for `viewer`: names link only to the pages of `openable`
/// ([`Viewer::openable`]), and breadcrumbs lead to the directory only for a viewer who
/// browses it.
pub(crate) fn people_links(viewer: &Who, openable: Openable) -> PeopleLinks {
    PeopleLinks::new(paths::PEOPLE).for_viewer(openable, viewer.grants().may_browse_people())
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

/// The directory of the people the viewer may see. A viewer who browses no directory
/// (a member, an analyst: they see their own record only) is sent to their own record
/// rather than shown a directory of one.
pub async fn directory<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<DirectoryQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    if !viewer.grants().may_browse_people() {
        return Ok(Redirect::to(paths::MY_RECORD).into_response());
    }
    let dir = service::directory(&state, &viewer, &query).await?;
    let latest = state.latest_framework().await?;
    let entries: Vec<DirectoryEntry<'_>> = dir
        .rows
        .iter()
        .map(|row| DirectoryEntry {
            person: &row.person,
            role: row.role.as_ref(),
            manager: row.manager.as_ref(),
            scheduled: row.scheduled,
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
    let named: Vec<PersonId> = dir
        .rows
        .iter()
        .flat_map(|row| [Some(row.person.id), row.manager.as_ref().map(|m| m.id)])
        .flatten()
        .collect();
    let openable = viewer.openable(&named).await?;
    let view = DirectoryView::new(
        &state.organisation().name,
        &app_links(&viewer),
        &people_links(&viewer, openable),
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
    let view = if viewer.admin().is_ok() {
        view.with_add_person(paths::PERSON_NEW)
    } else {
        view
    };
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
    // The levels the rules would not record as asked (below a manager's return path) are
    // not offered, and a sentence under the select says which and why. For someone whose
    // move back would be raised, no new change can land on them: a promotion stays on its
    // track, a trial is on a management track, and a move or a return is raised. A
    // correction, which takes an earlier entry's place, offers them again.
    let mut frameworks = profile.frameworks.clone();
    if !frameworks.contains(latest.version) {
        frameworks.insert(latest.version, state.framework(latest.version).await?);
    }
    let on = today(state);
    let raised = raised_levels(&frameworks, &profile.events, latest.version, on);
    let form = RecordForm::new(mode, viewer.csrf(), &latest.framework);
    let form = match raised_because(&frameworks, &profile.events, latest.version, on) {
        Some(why) if !raised.is_empty() => {
            let left_out: Vec<String> = raised.iter().map(|(asked, _)| asked.to_string()).collect();
            let mut floors: Vec<String> = Vec::new();
            for (_, landed) in &raised {
                let name = latest.framework.level(landed).map_or_else(
                    || landed.to_string(),
                    |(_, l)| format!("{} ({})", l.title, l.id),
                );
                if !floors.contains(&name) {
                    floors.push(name);
                }
            }
            let note = format!(
                "Levels below {} are not offered: {why}.",
                floors.join(" and ")
            );
            form.without_levels(&left_out, note)
        }
        _ => form,
    };
    Ok(Some(form))
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
    let view = PersonView::new(
        &state.organisation().name,
        &app_links(viewer),
        &people_links(viewer, profile.openable.clone()),
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
    );
    match &profile.shared_reflections {
        Some(shared) => view.with_shared_reflections(pendulum_views::reflection::shared_links(
            &profile.person.id.to_string(),
            shared,
        )),
        None => view,
    }
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
    /// `true` (the box ticked) to record a back-dated change after its preview.
    #[serde(default)]
    confirm_backdated: String,
    /// `preview` (the "Preview" button) to see what the change does without recording it.
    #[serde(default)]
    action: String,
}

impl EventFields {
    fn confirmed(&self) -> bool {
        matches!(self.confirm_backdated.trim(), "true" | "on" | "yes")
    }

    fn values(&self) -> RecordValues {
        RecordValues {
            kind: self.kind.clone(),
            effective: self.effective.clone(),
            level: self.level.clone(),
            until: self.until.clone(),
            outcome: self.outcome.clone(),
            reason: self.reason.clone(),
            supersedes: self.supersedes.clone(),
            confirm_backdated: self.confirmed(),
        }
    }
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
        confirm_backdated: Some(fields.confirmed()),
    };
    if fields.action.trim() == "preview" {
        return preview_person(state, viewer, id, htmx, fields, &input).await;
    }
    let outcome = service::record(&state, &viewer, id, &input).await;
    let profile = service::profile(&state, &viewer, id).await?;
    let form = record_form(&state, &viewer, &profile).await?;
    let (status, form) = match outcome {
        Ok((Recorded::Event(event), preview)) => (
            StatusCode::OK,
            form.map(|f| {
                f.with_notice(&format!(
                    "Recorded: {} from {}{}.{}",
                    kind_label(event.kind).to_lowercase(),
                    event.effective,
                    correcting_words(&profile, event.supersedes),
                    raised_words(&preview)
                ))
            }),
        ),
        Ok((Recorded::Proposal(p), preview)) => (
            StatusCode::OK,
            form.map(|f| {
                f.with_notice(&format!(
                    "Proposed: {} from {}{}. An administrator will confirm it.{}",
                    kind_label(p.event.kind).to_lowercase(),
                    p.event.effective,
                    correcting_words(&profile, p.event.supersedes),
                    // Nothing is recorded until an admin confirms.
                    raised_words(&preview).replacen(
                        " Recorded at ",
                        " Once confirmed, it will be recorded at ",
                        1
                    )
                ))
            }),
        ),
        Err(WebError::Invalid { message, field, .. }) => {
            // A back-dated change sent without its confirmation comes back with its preview,
            // so that what it changes is in view beside the box to tick.
            let preview = if field == Some("confirm_backdated") {
                service::preview(&state, &viewer, id, &input).await.ok()
            } else {
                None
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                form.map(|f| {
                    let f = refilled(f, &profile, &fields).with_error_at(field, &message);
                    match preview {
                        Some((p, frameworks)) => {
                            f.with_preview(record_preview(&state, &profile, &p, &frameworks))
                        }
                        None => f,
                    }
                }),
            )
        }
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

/// The "Preview" button: the page with the form as sent and what the change will do, or
/// the refusal recording would give (422). Nothing is recorded.
async fn preview_person<S: Store>(
    state: AppState<S>,
    viewer: Viewer<S>,
    id: PersonId,
    htmx: Htmx,
    fields: EventFields,
    input: &EventInput,
) -> Result<Response, WebError> {
    let outcome = service::preview(&state, &viewer, id, input).await;
    let profile = service::profile(&state, &viewer, id).await?;
    let form = record_form(&state, &viewer, &profile).await?;
    let (status, form) = match outcome {
        Ok((p, frameworks)) => (
            StatusCode::OK,
            form.map(|f| {
                refilled(f, &profile, &fields).with_preview(record_preview(
                    &state,
                    &profile,
                    &p,
                    &frameworks,
                ))
            }),
        ),
        Err(WebError::Invalid { message, field, .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form.map(|f| refilled(f, &profile, &fields).with_error_at(field, &message)),
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

/// The form filled in with what was sent; a correction stays a correction of its entry.
fn refilled(form: RecordForm, profile: &Profile, fields: &EventFields) -> RecordForm {
    let form = match profile
        .events
        .iter()
        .find(|e| e.id.to_string() == fields.supersedes.trim())
    {
        Some(entry) => form.correcting(entry),
        None => form,
    };
    form.with_values(fields.values())
}

/// The preview as the form shows it.
fn record_preview<S: Store>(
    state: &AppState<S>,
    profile: &Profile,
    preview: &Preview,
    frameworks: &FrameworkSet,
) -> RecordPreview {
    RecordPreview::new(
        &profile.person.name,
        &preview.events,
        frameworks,
        today(state),
        preview.backdated_warning(),
        preview.raised.as_ref().map(|r| r.explanation.clone()),
        preview.needs_confirmation(),
    )
}

/// " Recorded at Staff Engineer (ic-4), not Engineer I (ic-1): …" when the rules recorded
/// another level than the one asked for, or nothing.
fn raised_words(preview: &Preview) -> String {
    preview
        .raised
        .as_ref()
        .map(|r| format!(" {}", r.explanation))
        .unwrap_or_default()
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
    // Before anything is recorded, the form says what the protection after a return from
    // a management trial will ask for, when one is in effect today.
    let form = form.map(|form| {
        let returns = trial_returns(&events);
        form.with_protection(protection_on(&returns, history, today(state)).as_ref())
    });
    Ok(PayView::new(
        &state.organisation().name,
        &app_links(viewer),
        &people_links(viewer, Openable::Only([person.id].into())),
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
    #[serde(default)]
    below_pre_trial_reason: String,
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
        below_pre_trial_reason: optional(&fields.below_pre_trial_reason),
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
                    below_pre_trial_reason: fields.below_pre_trial_reason,
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
