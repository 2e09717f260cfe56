//! The people API: `/api/v1/people…`. Every handler checks access through
//! [`super::service`], exactly as the pages do.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use pendulum_domain::{CurrentRole, PayEvent, PayEventId, Person, PersonId, RoleEvent};
use pendulum_store::{Proposal, ProposalStatus, Store};
use pendulum_transfer::write_date;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use super::service::{
    self, DirectoryQuery, EventInput, Listed, PayInput, Placement, Recorded, placements,
};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, WebError};
use crate::state::AppState;

pub(crate) fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

pub(crate) fn person_id(id: &str) -> Result<PersonId, ApiError> {
    id.parse().map_err(|_| ApiError(WebError::NotFound))
}

/// Someone, by id and name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

impl From<&Person> for PersonRef {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.clone(),
        }
    }
}

/// A person and where they stand now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `active`, `on-leave`, `career-break` or `exited`.
    pub status: String,
    pub manager: Option<PersonRef>,
    pub level: Option<String>,
    pub level_title: Option<String>,
    pub track: Option<String>,
    pub track_name: Option<String>,
    pub grade: Option<String>,
}

fn summary(
    person: &Person,
    placement: Option<&Placement>,
    manager: Option<&Person>,
) -> PersonSummary {
    PersonSummary {
        id: person.id.to_string(),
        name: person.name.clone(),
        email: person.email.as_str().to_string(),
        status: person.status.as_str().to_string(),
        manager: manager.map(PersonRef::from),
        level: placement.map(|p| p.level.to_string()),
        level_title: placement.map(|p| p.level_title.clone()),
        track: placement.map(|p| p.track.to_string()),
        track_name: placement.map(|p| p.track_name.clone()),
        grade: placement.map(|p| p.grade.clone()),
    }
}

/// One page of the directory.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PeoplePage {
    pub people: Vec<PersonSummary>,
    /// Matches on every page, counted up to 500: when more match, `total` is 500 and
    /// `total_exact` is false.
    pub total: usize,
    /// Whether `total` counts every match.
    pub total_exact: bool,
    pub page: usize,
    /// The number of pages, when `total_exact`; null when the count stopped at its limit.
    pub pages: Option<usize>,
    /// Whether a page follows this one.
    pub more: bool,
}

/// The people the caller may see (admins: everyone; managers: themselves and their
/// reports; others: themselves), filtered, 50 a page, by name.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(DirectoryQuery),
    responses(
        (status = 200, description = "One page of the people the caller may see.", body = PeoplePage),
    ))]
pub async fn list<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<DirectoryQuery>,
) -> Result<Json<PeoplePage>, ApiError> {
    let dir = service::directory(&state, &viewer, &query).await?;
    Ok(Json(PeoplePage {
        people: dir
            .rows
            .iter()
            .map(
                |Listed {
                     person,
                     placement,
                     manager,
                     ..
                 }| { summary(person, placement.as_ref(), manager.as_ref()) },
            )
            .collect(),
        total: dir.total,
        total_exact: dir.exact,
        page: dir.page,
        pages: dir.pages,
        more: dir.more,
    }))
}

/// A trial in progress.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrialInfo {
    /// The level held before the trial: the return path never lands below it.
    pub from_level: String,
    pub target: String,
    pub started: String,
    pub until: Option<String>,
}

/// Where a person stands, from their history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoleInfo {
    pub status: String,
    pub level: String,
    pub track: String,
    pub framework_version: u32,
    pub since: String,
    pub hired: String,
    pub trial: Option<TrialInfo>,
}

fn role_info(role: &CurrentRole) -> RoleInfo {
    RoleInfo {
        status: role.status.as_str().to_string(),
        level: role.level.to_string(),
        track: role.track.to_string(),
        framework_version: role.framework_version,
        since: write_date(role.since),
        hired: write_date(role.hired),
        trial: role.trial.as_ref().map(|t| TrialInfo {
            from_level: t.from_level.to_string(),
            target: t.target.to_string(),
            started: write_date(t.started),
            until: t.until.map(write_date),
        }),
    }
}

/// A person's record: who they are, where they stand, and their reporting line.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonDetail {
    pub person: PersonSummary,
    pub current_role: Option<RoleInfo>,
    /// The managers above, the top first.
    pub managers: Vec<PersonRef>,
    /// Direct reports the caller may see.
    pub reports: Vec<PersonRef>,
}

#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The person, where they stand and their reporting line.", body = PersonDetail),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
    ))]
pub async fn get_person<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<PersonDetail>, ApiError> {
    let profile = service::profile(&state, &viewer, person_id(&id)?).await?;
    Ok(Json(PersonDetail {
        person: summary(
            &profile.person,
            profile.placement.as_ref(),
            profile.managers.last(),
        ),
        current_role: profile.role.as_ref().map(role_info),
        managers: profile.managers.iter().map(PersonRef::from).collect(),
        reports: profile.reports.iter().map(PersonRef::from).collect(),
    }))
}

/// An event of a role history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventInfo {
    pub id: String,
    pub seq: u32,
    pub kind: String,
    pub effective: String,
    pub recorded_at: String,
    pub framework_version: u32,
    pub level: Option<String>,
    pub level_title: Option<String>,
    pub track: Option<String>,
    pub grade: Option<String>,
    pub until: Option<String>,
    /// `stay` or `return`.
    pub outcome: Option<String>,
    pub reason: Option<String>,
    /// The event this one corrects.
    pub supersedes: Option<String>,
    /// A change of track: `to-management`, `to-individual-contribution` or `across`.
    pub swing: Option<String>,
}

pub(crate) fn event_infos(
    events: &[RoleEvent],
    frameworks: &pendulum_store::FrameworkSet,
) -> Vec<EventInfo> {
    events
        .iter()
        .zip(placements(events, frameworks))
        .map(|(e, (placement, swing))| EventInfo {
            id: e.id.to_string(),
            seq: e.seq,
            kind: e.kind.as_str().to_string(),
            effective: write_date(e.effective),
            recorded_at: timestamp(e.recorded_at),
            framework_version: e.framework_version,
            level: e.level.as_ref().map(ToString::to_string),
            level_title: placement.as_ref().map(|p| p.level_title.clone()),
            track: placement.as_ref().map(|p| p.track.to_string()),
            grade: placement.as_ref().map(|p| p.grade.clone()),
            until: e.until.map(write_date),
            outcome: e.outcome.map(|o| o.as_str().to_string()),
            reason: e.reason.clone(),
            supersedes: e.supersedes.map(|s| s.to_string()),
            swing: swing.map(|s| s.as_str().to_string()),
        })
        .collect()
}

/// A person's role history in order, each event placed in its framework version, with
/// the swings between tracks marked.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Timeline {
    pub person: PersonRef,
    pub current_role: Option<RoleInfo>,
    pub events: Vec<EventInfo>,
}

#[utoipa::path(get, path = "/api/v1/people/{id}/events", tag = "people",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The person's role history, oldest first.", body = [EventInfo]),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
    ))]
pub async fn events<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<Vec<EventInfo>>, ApiError> {
    let profile = service::profile(&state, &viewer, person_id(&id)?).await?;
    Ok(Json(event_infos(&profile.events, &profile.frameworks)))
}

#[utoipa::path(get, path = "/api/v1/people/{id}/timeline", tag = "people",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The history placed in its framework versions, swings marked.", body = Timeline),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
    ))]
pub async fn timeline<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<Timeline>, ApiError> {
    let profile = service::profile(&state, &viewer, person_id(&id)?).await?;
    Ok(Json(Timeline {
        person: PersonRef::from(&profile.person),
        current_role: profile.role.as_ref().map(role_info),
        events: event_infos(&profile.events, &profile.frameworks),
    }))
}

/// What recording a change did: `recorded` with the event (admins), or `proposed` with
/// the proposal an admin will confirm (managers, for their reports).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecordOutcome {
    /// `recorded` or `proposed`.
    pub outcome: String,
    pub event: Option<EventInfo>,
    pub proposal: Option<ProposalInfo>,
    /// Set when the rules record another level than the one asked for, saying which and
    /// why: "Recorded at Staff Engineer (ic-4), not Engineer I (ic-1): the return path of
    /// Engineering Manager (em-1) guarantees Staff Engineer (ic-4)."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Records a change in a person's history (admins: 201), or proposes it for an admin to
/// confirm (managers, for their reports: 202). The history's rules apply: an impossible
/// change answers 422 with code `rule` and the rule's message.
///
/// With `supersedes` (an event id of the same person's history) and a `reason`, the change
/// is a correction of that event: the corrected event stays in the history, marked, and no
/// longer counts.
///
/// A change dated before entries already recorded is back-dated: the rules check those
/// entries again with it in place, and the timeline after it may change. It is recorded
/// only with `confirm_backdated: true`; without, it answers 422 with code `backdated` and a
/// message naming the entries it comes before. When the rules record another level than
/// the one asked for (a move back from management lands at least on its return path),
/// `note` says which and why.
#[utoipa::path(post, path = "/api/v1/people/{id}/events", tag = "people",
    params(("id" = String, Path, description = "A person id")),
    request_body = EventInput,
    responses(
        (status = 201, description = "Recorded (admins): `outcome` is `recorded`, with the event.", body = RecordOutcome),
        (status = 202, description = "Proposed for an admin to confirm (managers, for their reports): `outcome` is `proposed`, with the proposal.", body = RecordOutcome),
        (status = 403, description = "The caller may see the person but not record changes for them, or a session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "The change breaks a rule of the history (code `rule`: also a correction of an event not in this person's history, or of one corrected already), a back-dated change came without `confirm_backdated: true` (code `backdated`), a value is refused (code `invalid_event`: also a correction without a reason), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn record<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<Response, ApiError> {
    let id = person_id(&id)?;
    let (recorded, preview) = service::record(&state, &viewer, id, &input).await?;
    let note = preview.raised.map(|r| r.explanation);
    Ok(match recorded {
        Recorded::Event(event) => {
            let frameworks = state.frameworks_of(std::slice::from_ref(&event)).await?;
            let info = event_infos(std::slice::from_ref(&event), &frameworks).pop();
            (
                StatusCode::CREATED,
                Json(RecordOutcome {
                    outcome: "recorded".into(),
                    event: info,
                    proposal: None,
                    note,
                }),
            )
                .into_response()
        }
        Recorded::Proposal(proposal) => (
            StatusCode::ACCEPTED,
            Json(RecordOutcome {
                outcome: "proposed".into(),
                event: None,
                proposal: Some(proposal_info(&proposal)),
                note,
            }),
        )
            .into_response(),
    })
}

/// A pay change.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PayInfo {
    pub id: String,
    pub seq: u32,
    /// Major units with the decimals of the currency's minor unit: `85000.50`, `85000`;
    /// `1500000` for JPY.
    pub amount: String,
    /// The amount in the currency's minor unit (ISO 4217): cents for EUR, yen for JPY.
    pub minor_units: i64,
    pub currency: String,
    pub effective: String,
    pub recorded_at: String,
    pub reason: Option<String>,
    /// Where the amount sits in the pay band of the level held when it took effect (the
    /// latest amount: in today's band); `null` when that level has no band in the currency.
    pub band: Option<PayBandPosition>,
}

/// An amount against its level's pay band.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PayBandPosition {
    /// The level id whose band it is.
    pub level: String,
    /// The band, in whole units of the currency.
    pub min: u64,
    pub midpoint: u64,
    pub max: u64,
    /// `below`, `within` or `above` the band.
    pub zone: String,
    /// Within the band: how far from its minimum (0) to its maximum (100), rounded down.
    pub percent: Option<u8>,
    /// The amount divided by the band's midpoint, in hundredths: `97` is 0.97.
    pub compa_ratio_percent: u32,
}

fn band_info(b: &super::bands::Banded) -> PayBandPosition {
    use pendulum_domain::BandPlace;
    let (zone, percent) = match b.position.place {
        BandPlace::Below => ("below", None),
        BandPlace::Within { percent } => ("within", Some(percent)),
        BandPlace::Above => ("above", None),
    };
    PayBandPosition {
        level: b.level_id.clone(),
        min: b.band.min,
        midpoint: b.band.midpoint(),
        max: b.band.max,
        zone: zone.to_string(),
        percent,
        compa_ratio_percent: b.position.compa_ratio_percent,
    }
}

fn pay_info(p: &PayEvent, bands: &HashMap<PayEventId, super::bands::Banded>) -> PayInfo {
    PayInfo {
        band: bands.get(&p.id).map(band_info),
        id: p.id.to_string(),
        seq: p.seq,
        amount: p.amount.to_decimal(),
        minor_units: p.amount.minor,
        currency: p.amount.currency.to_string(),
        effective: write_date(p.effective),
        recorded_at: timestamp(p.recorded_at),
        reason: p.reason.clone(),
    }
}

/// A person's pay history: the person themselves and pay administrators only. Every read
/// is written to the audit log.
#[utoipa::path(get, path = "/api/v1/people/{id}/pay", tag = "pay",
    params(("id" = String, Path, description = "A person id")),
    responses(
        (status = 200, description = "The person's pay history, oldest first; the read is audited.", body = [PayInfo]),
        (status = 403, description = "The caller may see the person but not their pay.", body = ErrorBody),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
    ))]
pub async fn pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<Vec<PayInfo>>, ApiError> {
    let id = person_id(&id)?;
    let (_, _, pay) = service::read_pay(&viewer, id).await?;
    let events = viewer.person(id).await?.events().await?;
    let bands = super::bands::pay_bands(&state, &events, &pay).await?;
    Ok(Json(pay.iter().map(|p| pay_info(p, &bands)).collect()))
}

/// Records a pay change: pay administrators only, never for themselves.
#[utoipa::path(post, path = "/api/v1/people/{id}/pay", tag = "pay",
    params(("id" = String, Path, description = "A person id")),
    request_body = PayInput,
    responses(
        (status = 201, description = "Recorded.", body = PayInfo),
        (status = 403, description = "The caller does not hold the pay capability, the pay is their own, or a session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such person, or one the caller may not see.", body = ErrorBody),
        (status = 409, description = "Someone else changed the same history first; nothing was written. Try again.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A value is refused (code `invalid_pay`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn record_pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PayInput>,
) -> Result<(StatusCode, Json<PayInfo>), ApiError> {
    let id = person_id(&id)?;
    let stored = service::record_pay(&viewer, id, &input).await?;
    let events = viewer.person(id).await?.events().await?;
    let bands = super::bands::pay_bands(&state, &events, std::slice::from_ref(&stored)).await?;
    Ok((StatusCode::CREATED, Json(pay_info(&stored, &bands))))
}

/// A proposed change and where it stands.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProposalInfo {
    pub id: String,
    pub person: String,
    pub kind: String,
    pub effective: String,
    pub level: Option<String>,
    pub until: Option<String>,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    /// For a proposed correction: the event it corrects.
    pub supersedes: Option<String>,
    pub proposed_by: String,
    pub proposed_at: String,
    /// `pending`, `confirmed` or `declined`.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The event a confirmation appended.
    pub event: Option<String>,
    pub decline_reason: Option<String>,
}

pub(crate) fn proposal_info(p: &Proposal) -> ProposalInfo {
    let (decided_by, decided_at, event, decline_reason) = match &p.status {
        ProposalStatus::Pending => (None, None, None, None),
        ProposalStatus::Confirmed { by, at, event } => (
            Some(by.to_string()),
            Some(timestamp(*at)),
            Some(event.to_string()),
            None,
        ),
        ProposalStatus::Declined { by, at, reason } => (
            Some(by.to_string()),
            Some(timestamp(*at)),
            None,
            reason.clone(),
        ),
    };
    ProposalInfo {
        id: p.id.to_string(),
        person: p.person.to_string(),
        kind: p.event.kind.as_str().to_string(),
        effective: write_date(p.event.effective),
        level: p.event.level.as_ref().map(ToString::to_string),
        until: p.event.until.map(write_date),
        outcome: p.event.outcome.map(|o| o.as_str().to_string()),
        reason: p.event.reason.clone(),
        supersedes: p.event.supersedes.map(|s| s.to_string()),
        proposed_by: p.proposed_by.to_string(),
        proposed_at: timestamp(p.proposed_at),
        status: p.status.as_str().to_string(),
        decided_by,
        decided_at,
        event,
        decline_reason,
    }
}
