//! The transition-plan API under `/api/v1/plans`: the viewer's own plans and those they
//! may see (their reports' once put forward, those they mentor), creating one, reading,
//! revising, agreeing, withdrawing, starting, checkpoints and the end of a trial. A plan
//! the viewer has no part in answers 404, whoever asks.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pendulum_domain::Person;
use pendulum_domain::plan::{Due, StepKind, checkpoints};
use pendulum_store::{Checkpoint, Plan, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, CheckpointBody, EndBody, PlanBody, StartBody, effective, plan_id};
use crate::access::{OnPlan, Viewer};
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::people::api::timestamp;
use crate::state::AppState;

/// A person a plan names.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A success criterion, as the target level's expectation read when the plan was written.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionInfo {
    pub competency: String,
    pub competency_name: String,
    pub framework_version: u32,
    pub level: String,
    pub text: String,
}

/// An item of the onboarding checklist.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChecklistInfo {
    pub id: String,
    pub text: String,
}

/// A step of the plan's life.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StepInfo {
    pub seq: u32,
    /// RFC 3339.
    pub at: String,
    /// `revised`, `agreed`, `start-proposed`, `started`, `moved`, `end-proposed`,
    /// `extended`, `ended`, `withdrawn`.
    pub kind: String,
    /// What it says, in words.
    pub text: String,
}

/// A checkpoint of the trial and when it falls due.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DueInfo {
    /// A day of the plan's (`30`) or `end`.
    pub at: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub person_recorded: bool,
    pub manager_recorded: bool,
}

/// A trial's dates.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrialInfo {
    pub started: String,
    /// The planned end, after extensions.
    pub until: Option<String>,
    pub extensions: u32,
}

/// A proposal of the plan's waiting for an admin.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PendingInfo {
    pub proposal: String,
    /// `start`, or the end asked for: `stay`, `extend`, `return`.
    pub asks: String,
}

/// A transition plan as the viewer may see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PlanInfo {
    pub id: String,
    pub person: Named,
    /// How the viewer stands to it: `person`, `manager` or `mentor`.
    pub viewer_is: String,
    /// `draft`, `agreed`, `active` or `ended`.
    pub state: String,
    /// `stayed`, `returned`, `moved` or `withdrawn` once ended.
    pub ending: Option<String>,
    /// `to-management`, `to-ic` or `lateral`.
    #[serde(rename = "move")]
    pub plan_move: String,
    pub trial: bool,
    pub revision: u32,
    pub person_agreed: bool,
    pub manager_agreed: bool,
    pub framework_version: u32,
    pub from_level: String,
    pub target_level: String,
    pub target_title: String,
    pub motivation: String,
    /// The linked reflection's id: shown to the person only.
    pub reflection: Option<String>,
    pub criteria: Vec<CriterionInfo>,
    pub mentor: Option<Named>,
    pub onboarding: Vec<ChecklistInfo>,
    pub checkpoint_days: Vec<u32>,
    pub trial_months: u32,
    pub conversations: String,
    pub proposed_title: Option<String>,
    pub interim_team: Vec<Named>,
    pub trial_dates: Option<TrialInfo>,
    pub pending: Option<PendingInfo>,
    pub steps: Vec<StepInfo>,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

fn named(people: &[Person], id: pendulum_domain::PersonId) -> Named {
    Named {
        id: id.to_string(),
        name: people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "someone no longer on record".to_string()),
    }
}

/// A step in words, the same on the page and in the API.
pub fn step_text(kind: &StepKind) -> String {
    match kind {
        StepKind::Revised { revision } => format!("Revised (revision {revision})"),
        StepKind::Agreed { party, revision } => {
            format!("Agreed by the {} (revision {revision})", party.as_str())
        }
        StepKind::StartProposed { .. } => "Start proposed, for an admin to confirm".to_string(),
        StepKind::Started { on, until, .. } => match until {
            Some(until) => format!("Trial started on {on}, planned to end on {until}"),
            None => format!("Trial started on {on}"),
        },
        StepKind::Moved { on, .. } => format!("Move recorded, from {on}"),
        StepKind::EndProposed { choice, .. } => format!(
            "{} proposed, for an admin to confirm",
            match choice {
                pendulum_domain::plan::EndChoice::Stay => "Keeping the role",
                pendulum_domain::plan::EndChoice::Extend => "An extension",
                pendulum_domain::plan::EndChoice::Return => "A return",
            }
        ),
        StepKind::Extended { until, .. } => format!("Trial extended until {until}"),
        StepKind::Ended { on, returned, .. } => {
            if *returned {
                format!("Trial ended on {on}: returned to individual contribution")
            } else {
                format!("Trial ended on {on}: the role is kept")
            }
        }
        StepKind::Withdrawn { reason } => match reason {
            Some(r) => format!("Withdrawn: {r}"),
            None => "Withdrawn".to_string(),
        },
    }
}

pub(crate) fn plan_info(
    plan: &Plan,
    viewer_is: &str,
    person: &Person,
    people: &[Person],
) -> PlanInfo {
    let c = &plan.content;
    PlanInfo {
        id: plan.id.to_string(),
        person: Named {
            id: person.id.to_string(),
            name: person.name.clone(),
        },
        viewer_is: viewer_is.to_string(),
        state: plan.status.state.as_str().to_string(),
        ending: plan.status.ending.map(|e| e.as_str().to_string()),
        plan_move: c.plan_move.as_str().to_string(),
        trial: c.trial,
        revision: plan.status.revision,
        person_agreed: plan.status.person_agreed,
        manager_agreed: plan.status.manager_agreed,
        framework_version: c.framework_version,
        from_level: c.from_level.to_string(),
        target_level: c.target_level.to_string(),
        target_title: c.target_title.clone(),
        motivation: c.motivation.clone(),
        reflection: (viewer_is == "person")
            .then(|| c.reflection.map(|r| r.to_string()))
            .flatten(),
        criteria: c
            .criteria
            .iter()
            .map(|k| CriterionInfo {
                competency: k.competency.to_string(),
                competency_name: k.competency_name.clone(),
                framework_version: k.framework_version,
                level: k.level.to_string(),
                text: k.text.clone(),
            })
            .collect(),
        mentor: c.mentor.map(|m| named(people, m)),
        onboarding: c
            .onboarding
            .iter()
            .map(|i| ChecklistInfo {
                id: i.id.to_string(),
                text: i.text.clone(),
            })
            .collect(),
        checkpoint_days: c.checkpoint_days.clone(),
        trial_months: c.trial_months,
        conversations: c.conversations.clone(),
        proposed_title: c.proposed_title.clone(),
        interim_team: c.interim_team.iter().map(|m| named(people, *m)).collect(),
        trial_dates: plan.status.trial.map(|t| TrialInfo {
            started: t.started.to_string(),
            until: t.until.map(|u| u.to_string()),
            extensions: plan.status.extensions,
        }),
        pending: plan.pending.map(|(p, what)| PendingInfo {
            proposal: p.to_string(),
            asks: match what {
                pendulum_domain::plan::Proposed::Start => "start".to_string(),
                pendulum_domain::plan::Proposed::End(c) => c.as_str().to_string(),
            },
        }),
        steps: plan
            .steps
            .iter()
            .map(|s| StepInfo {
                seq: s.seq,
                at: timestamp(s.at),
                kind: s.kind.as_str().to_string(),
                text: step_text(&s.kind),
            })
            .collect(),
        created_at: timestamp(plan.created_at),
        updated_at: timestamp(plan.updated_at),
    }
}

async fn info<S: Store>(on: &OnPlan<'_, S>) -> Result<PlanInfo, ApiError> {
    let people = on.named().await?;
    Ok(plan_info(
        on.plan(),
        on.role().as_str(),
        on.person(),
        &people,
    ))
}

/// The plan `id` again, as the viewer sees it after a change.
async fn reread<S: Store>(viewer: &Viewer<S>, plan: &Plan) -> Result<PlanInfo, ApiError> {
    let on = viewer.plan(plan.id).await?;
    info(&on).await
}

/// The plans the viewer sees.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PlanList {
    /// The viewer's own, the most recently changed first.
    pub own: Vec<PlanInfo>,
    /// Those of the people who report to the viewer, once each person put theirs forward.
    pub reports: Vec<PlanInfo>,
    /// Those that name the viewer as mentor, once put forward.
    pub mentored: Vec<PlanInfo>,
}

/// The viewer's own plans and those they may see.
#[utoipa::path(get, path = "/api/v1/plans", operation_id = "list_plans", tag = "plans",
    responses(
        (status = 200, description = "The viewer's own plans, their reports' and those they mentor.", body = PlanList),
    ))]
pub async fn list<S: Store>(viewer: Viewer<S>) -> Result<Json<PlanList>, ApiError> {
    let lists = viewer.plans().await?;
    let mut out = PlanList {
        own: Vec::new(),
        reports: Vec::new(),
        mentored: Vec::new(),
    };
    for (plans, into) in [
        (&lists.own, &mut out.own),
        (&lists.reports, &mut out.reports),
        (&lists.mentored, &mut out.mentored),
    ] {
        for plan in plans {
            into.push(reread(&viewer, plan).await?);
        }
    }
    Ok(Json(out))
}

/// Writes a new plan for the viewer, as a draft only they see until they agree to it.
#[utoipa::path(post, path = "/api/v1/plans", operation_id = "create_plan", tag = "plans",
    request_body = PlanBody,
    responses(
        (status = 201, description = "Written, as a draft.", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "The account is linked to no person.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "Refused, with the field at fault (code `invalid_plan`: a target that is not a level of the framework or is the level held, criteria that are not the target's expectations, a trial for a move not into management, a title for a move not towards individual contribution, an unknown mentor or interim member, texts too long; code `unknown_person`; code `invalid` when the viewer holds 100 plans), or JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
    ))]
pub async fn create<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(body): ApiJson<PlanBody>,
) -> Result<Response, ApiError> {
    let owner = viewer.owner()?;
    let content = service::content(&state, &owner, &body).await?;
    let plan = owner.create_plan(&content).await?;
    Ok((StatusCode::CREATED, Json(reread(&viewer, &plan).await?)).into_response())
}

/// One plan the viewer is part of.
#[utoipa::path(get, path = "/api/v1/plans/{id}", operation_id = "read_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    responses(
        (status = 200, description = "The plan.", body = PlanInfo),
        (status = 404, description = "No plan the viewer is part of (the person, their manager, the mentor).", body = ErrorBody),
    ))]
pub async fn read<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    Ok(Json(info(&on).await?))
}

/// The person writes a new revision of their plan; agreements are asked for again.
#[utoipa::path(put, path = "/api/v1/plans/{id}", operation_id = "revise_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    request_body = PlanBody,
    responses(
        (status = 200, description = "The plan at its new revision.", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused: as when creating one, or the viewer is not the plan's person (code `not_yours`, `mentor_reads`), or the plan started or ended (code `invalid`).", body = ErrorBody),
    ))]
pub async fn revise<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PlanBody>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let owner = viewer.owner()?;
    let content = service::content(&state, &owner, &body).await?;
    let plan = on.revise(&content).await?;
    Ok(Json(reread(&viewer, &plan).await?))
}

/// The person or their manager agrees to the plan's current revision; once both did, it
/// is agreed.
#[utoipa::path(post, path = "/api/v1/plans/{id}/agree", operation_id = "agree_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    responses(
        (status = 200, description = "The plan with the agreement.", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused: agreed already, started or ended (code `invalid`), or the viewer is the mentor (code `mentor_reads`).", body = ErrorBody),
    ))]
pub async fn agree<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let plan = on.agree().await?;
    Ok(Json(reread(&viewer, &plan).await?))
}

/// A reason for withdrawing a plan.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct WithdrawBody {
    #[serde(default)]
    pub reason: Option<String>,
}

/// The person withdraws their plan, before anything was recorded.
#[utoipa::path(post, path = "/api/v1/plans/{id}/withdraw", operation_id = "withdraw_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    request_body = WithdrawBody,
    responses(
        (status = 200, description = "The plan, ended as withdrawn.", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused: not the plan's person (code `not_yours`, `mentor_reads`), or the trial started, or it ended (code `invalid`).", body = ErrorBody),
    ))]
pub async fn withdraw<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let reason = pendulum_domain::plan::reason(body.reason.as_deref().unwrap_or(""))
        .map_err(service::refusal)?;
    let plan = on.withdraw(reason).await?;
    Ok(Json(reread(&viewer, &plan).await?))
}

/// The manager starts an agreed plan: a trial's start, or the move itself for a plan
/// without a trial. An admin's start is recorded at once (with the interim team's
/// reporting lines); a manager's is proposed for an admin to confirm.
#[utoipa::path(post, path = "/api/v1/plans/{id}/start", operation_id = "start_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    request_body = StartBody,
    responses(
        (status = 200, description = "The plan, started (or its start proposed: see `pending`).", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused: not agreed by both, started or proposed already (code `invalid`), the role history's rules refuse the event (code `rule`), the viewer is not the manager (code `not_yours`, `mentor_reads`) or may not record or propose changes (code `cannot_record`), or a bad date (code `invalid_plan`).", body = ErrorBody),
    ))]
pub async fn start<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StartBody>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let on_day = effective(body.effective.as_deref(), state.sealed().today())?;
    let plan = on.start(on_day).await?;
    Ok(Json(reread(&viewer, &plan).await?))
}

/// One party's record of a checkpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckpointInfo {
    pub id: String,
    /// A day of the plan's (`30`) or `end`.
    pub at: String,
    /// `person` or `manager`.
    pub party: String,
    /// Each criterion's rating, in the plan's order.
    pub ratings: Vec<RatingInfo>,
    pub note: String,
    /// The journal entries the person chose to show (not shown to the mentor).
    pub evidence: Vec<crate::journal::api::JournalEntryInfo>,
    /// RFC 3339.
    pub recorded_at: String,
}

/// A rating of one criterion.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RatingInfo {
    pub competency: String,
    /// `on-track`, `mixed` or `not-yet`.
    pub rating: String,
}

/// The checkpoints of a trial: when each falls due and what each party recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckpointList {
    pub due: Vec<DueInfo>,
    /// Oldest first.
    pub records: Vec<CheckpointInfo>,
}

fn checkpoint_info(c: &Checkpoint) -> CheckpointInfo {
    CheckpointInfo {
        id: c.id.to_string(),
        at: c.record.at.as_string(),
        party: c.record.party.as_str().to_string(),
        ratings: c
            .record
            .ratings
            .iter()
            .map(|(k, r)| RatingInfo {
                competency: k.to_string(),
                rating: r.as_str().to_string(),
            })
            .collect(),
        note: c.record.note.clone(),
        evidence: c
            .evidence
            .iter()
            .map(crate::journal::api::entry_info)
            .collect(),
        recorded_at: timestamp(c.recorded_at),
    }
}

/// The trial's checkpoints due, each with whether each party recorded it.
pub fn due_list(plan: &Plan, records: &[Checkpoint]) -> Vec<(Due, bool, bool)> {
    let Some(window) = plan.status.trial else {
        return Vec::new();
    };
    checkpoints(&plan.content, window)
        .into_iter()
        .map(|d| {
            let by = |party| {
                records
                    .iter()
                    .any(|r| r.record.at == d.at && r.record.party == party)
            };
            (
                d,
                by(pendulum_domain::plan::Party::Person),
                by(pendulum_domain::plan::Party::Manager),
            )
        })
        .collect()
}

/// The plan's checkpoints.
#[utoipa::path(get, path = "/api/v1/plans/{id}/checkpoints", operation_id = "list_checkpoints", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    responses(
        (status = 200, description = "When each checkpoint falls due and what each party recorded; the mentor's copy holds no journal evidence.", body = CheckpointList),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
    ))]
pub async fn list_checkpoints<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Json<CheckpointList>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let records = on.checkpoints().await?;
    Ok(Json(CheckpointList {
        due: due_list(on.plan(), &records)
            .into_iter()
            .map(|(d, person_recorded, manager_recorded)| DueInfo {
                at: d.at.as_string(),
                date: d.date.to_string(),
                person_recorded,
                manager_recorded,
            })
            .collect(),
        records: records.iter().map(checkpoint_info).collect(),
    }))
}

/// The person or their manager records their view of a checkpoint: a rating of each
/// criterion and a note; the person may show chosen journal entries of theirs.
#[utoipa::path(post, path = "/api/v1/plans/{id}/checkpoints", operation_id = "record_checkpoint", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    request_body = CheckpointBody,
    responses(
        (status = 201, description = "Recorded.", body = CheckpointInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused (code `invalid_plan`: not a checkpoint of the trial, a criterion unrated or unknown, a rating other than on-track, mixed or not-yet, a note over 4,000 characters, evidence that is not the person's own entries; code `mentor_reads`; code `invalid` when the trial is not under way).", body = ErrorBody),
    ))]
pub async fn record_checkpoint<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CheckpointBody>,
) -> Result<Response, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let (record, evidence) = service::checkpoint(&on, &body)?;
    let recorded = on.record_checkpoint(&record, &evidence).await?;
    Ok((StatusCode::CREATED, Json(checkpoint_info(&recorded))).into_response())
}

/// The manager ends the trial: `stay` keeps the role, `return` lands on the higher of the
/// level held before and the framework's return path (and proposes the interim team's
/// reporting lines back), `extend` extends it within the framework's limit. An admin's is
/// recorded at once; a manager's is proposed for an admin to confirm.
#[utoipa::path(post, path = "/api/v1/plans/{id}/end", operation_id = "end_plan", tag = "plans",
    params(("id" = String, Path, description = "A plan id")),
    request_body = EndBody,
    responses(
        (status = 200, description = "The plan, ended or extended (or the end proposed: see `pending`).", body = PlanInfo),
        (status = 403, description = "A session's request came without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No plan the viewer is part of.", body = ErrorBody),
        (status = 422, description = "Refused: no trial under way or a decision proposed already (code `invalid`), the role history's rules refuse it — an extension past the framework's limit or without its reason (code `rule`), the viewer is not the manager (code `not_yours`, `mentor_reads`) or may not record or propose (code `cannot_record`), or a bad outcome or date (code `invalid_plan`).", body = ErrorBody),
    ))]
pub async fn end<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EndBody>,
) -> Result<Json<PlanInfo>, ApiError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let (choice, reason, on_day) = service::end(&body, state.sealed().today())?;
    let plan = on.end(choice, reason, on_day).await?;
    Ok(Json(reread(&viewer, &plan).await?))
}
