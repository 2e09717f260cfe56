//! The journal API under `/api/v1/me/journal`: the viewer's own entries (list, add, read,
//! change, delete) and their insights. An account linked to no person has no journal (404).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_domain::JournalEntryId;
use pendulum_domain::journal::{Insights, JournalEntry};
use pendulum_domain::parse_date;
use pendulum_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, JournalInput, MAX_PAGE};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ErrorBody, WebError};
use crate::people::api::timestamp;
use crate::state::AppState;

/// One journal entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JournalEntryInfo {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The ids of the kinds of work (`building`, `code-review`…).
    pub kinds: Vec<String>,
    /// From -2 (depleted) to +2 (wanting more).
    pub energy: i64,
    /// What was learned, or `null`.
    pub learned: Option<String>,
    pub hands_on: bool,
    pub note: String,
    /// When it was first written (RFC 3339).
    pub written_at: String,
}

pub fn entry_info(e: &JournalEntry) -> JournalEntryInfo {
    JournalEntryInfo {
        id: e.id.to_string(),
        date: e.date.to_string(),
        kinds: e.kinds.iter().map(|k| k.to_string()).collect(),
        energy: i64::from(e.energy.get()),
        learned: e.learned.clone(),
        hands_on: e.hands_on,
        note: e.note.clone(),
        written_at: timestamp(e.written_at),
    }
}

/// A page of entries, newest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JournalPage {
    pub entries: Vec<JournalEntryInfo>,
    /// Whether older entries in the range were left out (ask again with `to` set to the
    /// last entry's date, or a larger `limit`).
    pub more: bool,
}

/// Which entries to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct JournalRange {
    /// The first date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// At most this many entries, 1–1000; 100 when left out.
    pub limit: Option<u32>,
}

fn entry_id(id: &str) -> Result<JournalEntryId, ApiError> {
    id.parse().map_err(|_| ApiError(WebError::NotFound))
}

fn range_date(s: Option<&str>, field: &'static str) -> Result<Option<time::Date>, ApiError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_date(s)
            .map(Some)
            .map_err(|e| ApiError(WebError::invalid("invalid_range", e.0).at_field(field))),
    }
}

/// The viewer's own journal entries, newest first.
#[utoipa::path(get, path = "/api/v1/me/journal", operation_id = "list_journal", tag = "journal",
    params(JournalRange),
    responses(
        (status = 200, description = "The viewer's entries in the range, newest first.", body = JournalPage),
        (status = 404, description = "The account is linked to no person, so it has no journal.", body = ErrorBody),
        (status = 422, description = "A date or the limit is refused (code `invalid_range`).", body = ErrorBody),
    ))]
pub async fn list<S: Store>(
    viewer: Viewer<S>,
    Query(range): Query<JournalRange>,
) -> Result<Json<JournalPage>, ApiError> {
    let owner = viewer.owner()?;
    let from = range_date(range.from.as_deref(), "from")?;
    let to = range_date(range.to.as_deref(), "to")?;
    let limit = range.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError(
            WebError::invalid(
                "invalid_range",
                format!("limit runs from 1 to {MAX_PAGE}; {limit} is outside it"),
            )
            .at_field("limit"),
        ));
    }
    let mut entries = owner.journal(from, to, limit + 1).await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    Ok(Json(JournalPage {
        entries: entries.iter().map(entry_info).collect(),
        more,
    }))
}

/// Writes an entry in the viewer's own journal.
#[utoipa::path(post, path = "/api/v1/me/journal", operation_id = "add_journal_entry", tag = "journal",
    request_body = JournalInput,
    responses(
        (status = 201, description = "Written.", body = JournalEntryInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "The account is linked to no person, so it has no journal.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A value is refused (code `invalid_entry`: a date after today, an unknown kind of work, energy outside -2..2, text too long or holding control characters), the journal is full (code `invalid`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn add<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(input): ApiJson<JournalInput>,
) -> Result<Response, ApiError> {
    let owner = viewer.owner()?;
    let latest = state.latest_framework().await?;
    let entry = service::parse(&latest.framework, &input, state.sealed().today(), &[])?;
    let written = owner.write_journal(&entry).await?;
    Ok((StatusCode::CREATED, Json(entry_info(&written))).into_response())
}

/// One entry of the viewer's own journal.
#[utoipa::path(get, path = "/api/v1/me/journal/{id}", operation_id = "read_journal_entry", tag = "journal",
    params(("id" = String, Path, description = "A journal entry id")),
    responses(
        (status = 200, description = "The entry.", body = JournalEntryInfo),
        (status = 404, description = "No such entry in the viewer's journal (another person's entry is not found either).", body = ErrorBody),
    ))]
pub async fn read<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<JournalEntryInfo>, ApiError> {
    let owner = viewer.owner()?;
    let entry = owner.journal_entry(entry_id(&id)?).await?;
    Ok(Json(entry_info(&entry)))
}

/// Replaces an entry of the viewer's own journal (every field, as when writing it).
#[utoipa::path(put, path = "/api/v1/me/journal/{id}", operation_id = "change_journal_entry", tag = "journal",
    params(("id" = String, Path, description = "A journal entry id")),
    request_body = JournalInput,
    responses(
        (status = 200, description = "Changed.", body = JournalEntryInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such entry in the viewer's journal.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A value is refused (code `invalid_entry`), or the body is JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn change<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<JournalInput>,
) -> Result<Json<JournalEntryInfo>, ApiError> {
    let owner = viewer.owner()?;
    let id = entry_id(&id)?;
    let before = owner.journal_entry(id).await?;
    let latest = state.latest_framework().await?;
    let entry = service::parse(
        &latest.framework,
        &input,
        state.sealed().today(),
        &before.kinds,
    )?;
    let changed = owner.change_journal(id, &entry).await?;
    Ok(Json(entry_info(&changed)))
}

/// Deletes an entry of the viewer's own journal, for good.
#[utoipa::path(delete, path = "/api/v1/me/journal/{id}", operation_id = "delete_journal_entry", tag = "journal",
    params(("id" = String, Path, description = "A journal entry id")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No such entry in the viewer's journal.", body = ErrorBody),
    ))]
pub async fn delete<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let owner = viewer.owner()?;
    owner.delete_journal(entry_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Energy by kind of work for one week.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeekEnergyInfo {
    /// The Monday the week starts on, `YYYY-MM-DD`.
    pub week: String,
    pub entries: u32,
    /// The average energy of the week's entries naming the kind.
    pub mean: f64,
}

/// Energy for one kind of work over the weeks covered.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KindEnergyInfo {
    pub kind: String,
    pub name: String,
    pub hands_on: bool,
    pub entries: u32,
    pub mean: f64,
    /// The weeks with an entry naming the kind, oldest first.
    pub weeks: Vec<WeekEnergyInfo>,
}

/// How many of a week's entries recorded learning something.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeekLearningInfo {
    pub week: String,
    pub entries: u32,
    pub learned: u32,
}

/// A gentle observation about one kind of work.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InsightNoteInfo {
    pub kind: String,
    pub text: String,
    /// The average energy of the earlier and the later half of the weeks considered.
    pub from: f64,
    pub to: f64,
}

/// What the viewer's journal shows over the last 12 weeks. Descriptive only: no score.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InsightsInfo {
    /// `YYYY-MM-DD`.
    pub today: String,
    /// The Monday of the first week covered.
    pub since: String,
    /// Entries in the weeks covered.
    pub entries: u32,
    pub energy_by_kind: Vec<KindEnergyInfo>,
    /// Every week covered, oldest first.
    pub learning_per_week: Vec<WeekLearningInfo>,
    /// Whole days from the last hands-on entry to today; `null` with none.
    pub days_since_hands_on: Option<i64>,
    /// Observations, such as energy for one kind of work falling for several weeks.
    pub notes: Vec<InsightNoteInfo>,
}

pub fn insights_info(i: &Insights) -> InsightsInfo {
    InsightsInfo {
        today: i.today.to_string(),
        since: i.since.to_string(),
        entries: i.entries,
        energy_by_kind: i
            .energy_by_kind
            .iter()
            .map(|k| KindEnergyInfo {
                kind: k.kind.clone(),
                name: k.name.clone(),
                hands_on: k.hands_on,
                entries: k.entries,
                mean: k.mean,
                weeks: k
                    .weeks
                    .iter()
                    .map(|w| WeekEnergyInfo {
                        week: w.week.to_string(),
                        entries: w.entries,
                        mean: w.mean,
                    })
                    .collect(),
            })
            .collect(),
        learning_per_week: i
            .learning_per_week
            .iter()
            .map(|w| WeekLearningInfo {
                week: w.week.to_string(),
                entries: w.entries,
                learned: w.learned,
            })
            .collect(),
        days_since_hands_on: i.days_since_hands_on,
        notes: i
            .notes
            .iter()
            .map(|n| InsightNoteInfo {
                kind: n.kind.clone(),
                text: n.text.clone(),
                from: n.from,
                to: n.to,
            })
            .collect(),
    }
}

/// The insights of the viewer's own journal: energy by kind of work, learning per week,
/// days since hands-on work, and gentle notes (the rule is in `docs/journal.md`).
#[utoipa::path(get, path = "/api/v1/me/journal/insights", operation_id = "journal_insights", tag = "journal",
    responses(
        (status = 200, description = "The insights of the last 12 weeks.", body = InsightsInfo),
        (status = 404, description = "The account is linked to no person, so it has no journal.", body = ErrorBody),
    ))]
pub async fn insights<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
) -> Result<Json<InsightsInfo>, ApiError> {
    let owner = viewer.owner()?;
    let latest = state.latest_framework().await?;
    let insights = service::insights(&owner, &latest.framework, state.sealed().today()).await?;
    Ok(Json(insights_info(&insights)))
}
