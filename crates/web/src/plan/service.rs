//! What the plan pages and API share: a plan's input resolved (emails to people, the
//! reflection to one of the author's own) and checked against the framework once, the
//! inputs of a checkpoint and an end, and refusals with the field they are about.

use pendulum_domain::plan::{
    CheckpointRecord, EndChoice, Party, PlanContent, PlanField, PlanInput, PlanRefused, reason,
};
use pendulum_domain::{Email, JournalEntryId, PersonId, PlanId, ReflectionId, parse_date};
use pendulum_store::Store;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

use crate::access::{OnPlan, Owner, PlanRole};
use crate::error::WebError;
use crate::shell::sentence;
use crate::state::AppState;

/// A plan as the API takes it (and the form, field by field).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct PlanBody {
    /// The id of the level to move to (`em-1`).
    pub target_level: String,
    /// Why the move: in the person's words.
    pub motivation: String,
    /// One of the person's own reflections, to link.
    #[serde(default)]
    pub reflection: Option<String>,
    /// The target level's competencies whose expectations are the success criteria.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The mentor's email.
    #[serde(default)]
    pub mentor: Option<String>,
    /// How and when the person and their manager will talk about it.
    #[serde(default)]
    pub conversations: String,
    /// For a move towards individual contribution: the title proposed for the new role.
    #[serde(default)]
    pub proposed_title: Option<String>,
    /// Whether a move into management is tried first.
    #[serde(default)]
    pub trial: bool,
    /// For a trial: the emails of the people who report to the person during it.
    #[serde(default)]
    pub interim_team: Vec<String>,
}

/// The most characters of an email a plan names (more is not an email).
const MAX_EMAIL_CHARS: usize = 254;

/// A refusal as pages and the API say it: 422 `invalid_plan`, about its field.
pub fn refusal(refused: PlanRefused) -> WebError {
    WebError::invalid("invalid_plan", sentence(&refused.message)).at_field(refused.field.name())
}

async fn named<S: Store>(
    owner: &Owner<'_, S>,
    email: &str,
    field: PlanField,
) -> Result<PersonId, WebError> {
    let email = email.trim();
    let parsed = (email.chars().count() <= MAX_EMAIL_CHARS)
        .then(|| Email::new(email).ok())
        .flatten()
        .ok_or_else(|| {
            refusal(PlanRefused::new(
                field,
                if email.chars().count() <= 60 {
                    format!("{email:?} is not an email address")
                } else {
                    "this is not an email address".to_string()
                },
            ))
        })?;
    owner
        .colleague_by_email(&parsed)
        .await
        .map(|p| p.id)
        .map_err(|e| e.at_field(field.name()))
}

/// What `owner` wrote, checked against the latest published framework from the level
/// they hold today.
pub async fn content<S: Store>(
    state: &AppState<S>,
    owner: &Owner<'_, S>,
    body: &PlanBody,
) -> Result<PlanContent, WebError> {
    let latest = state.latest_framework().await?;
    let Some(held) = owner.held().await? else {
        return Err(refusal(PlanRefused::new(
            PlanField::TargetLevel,
            "there is no role on your record yet; ask an admin to record it first",
        )));
    };
    let mentor = match body.mentor.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(email) => Some(named(owner, email, PlanField::Mentor).await?),
    };
    if body.interim_team.len() > pendulum_domain::plan::MAX_INTERIM_TEAM {
        return Err(refusal(PlanRefused::new(
            PlanField::InterimTeam,
            format!(
                "an interim team holds at most {} people",
                pendulum_domain::plan::MAX_INTERIM_TEAM
            ),
        )));
    }
    let mut team = Vec::new();
    for email in body.interim_team.iter().filter(|e| !e.trim().is_empty()) {
        team.push(named(owner, email, PlanField::InterimTeam).await?);
    }
    let reflection = match body.reflection.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => {
            let id: ReflectionId = id.parse().map_err(|_| not_a_reflection())?;
            owner.reflection(id).await.map_err(|_| not_a_reflection())?;
            Some(id)
        }
    };
    let input = PlanInput {
        target_level: body.target_level.clone(),
        motivation: body.motivation.clone(),
        reflection,
        criteria: body.criteria.clone(),
        mentor,
        conversations: body.conversations.clone(),
        proposed_title: body.proposed_title.clone(),
        trial: body.trial,
        interim_team: team,
    };
    PlanContent::draft(
        &latest.framework,
        latest.version,
        owner.person().id,
        &held.level,
        &input,
    )
    .map_err(refusal)
}

fn not_a_reflection() -> WebError {
    WebError::invalid(
        "invalid_plan",
        "Choose one of your own reflections to link, or none.",
    )
    .at_field("reflection")
}

/// A checkpoint as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct CheckpointBody {
    /// The checkpoint: a day of the plan's (`30`) or `end`.
    pub at: String,
    /// A rating for each criterion, by competency id: `on-track`, `mixed` or `not-yet`.
    #[serde(default)]
    pub ratings: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub note: String,
    /// The person's own journal entries shown with their record (ids); the manager then
    /// sees those entries and no others. Only the person may send them.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// The checked record and evidence of `body`, as `on` the plan's party records it.
pub fn checkpoint<S: Store>(
    on: &OnPlan<'_, S>,
    body: &CheckpointBody,
) -> Result<(CheckpointRecord, Vec<JournalEntryId>), WebError> {
    let party = match on.role() {
        PlanRole::Person => Party::Person,
        PlanRole::Manager => Party::Manager,
        PlanRole::Mentor => {
            return Err(WebError::invalid(
                "mentor_reads",
                "A mentor reads the plan and its checkpoints; the person and their manager record them.",
            ));
        }
    };
    let Some(window) = on.plan().status.trial else {
        return Err(refusal(PlanRefused::new(
            PlanField::Plan,
            "checkpoints are recorded while the trial is under way",
        )));
    };
    if body.evidence.len() > pendulum_domain::plan::MAX_EVIDENCE {
        return Err(refusal(PlanRefused::new(
            PlanField::Evidence,
            format!(
                "a checkpoint shows at most {} journal entries",
                pendulum_domain::plan::MAX_EVIDENCE
            ),
        )));
    }
    let evidence = body
        .evidence
        .iter()
        .map(|id| {
            id.trim().parse::<JournalEntryId>().map_err(|_| {
                refusal(PlanRefused::new(
                    PlanField::Evidence,
                    "choose entries of your own journal as evidence",
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let ratings: Vec<(String, String)> = body
        .ratings
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let record = CheckpointRecord::new(
        &on.plan().content,
        window,
        party,
        &body.at,
        &ratings,
        &body.note,
    )
    .map_err(refusal)?;
    Ok((record, evidence))
}

/// The end of a trial as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct EndBody {
    /// `stay` (keep the role), `extend` (within the framework's limit) or `return`.
    pub outcome: String,
    /// Why; an extension needs one when the framework says so.
    #[serde(default)]
    pub reason: Option<String>,
    /// When it takes effect (YYYY-MM-DD); today when left out.
    #[serde(default)]
    pub effective: Option<String>,
}

/// The start of a plan as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct StartBody {
    /// When the trial (or the move) takes effect (YYYY-MM-DD); today when left out.
    #[serde(default)]
    pub effective: Option<String>,
}

/// The choice, reason and date of an end.
pub fn end(body: &EndBody, today: Date) -> Result<(EndChoice, Option<String>, Date), WebError> {
    let choice = EndChoice::parse(body.outcome.trim()).ok_or_else(|| {
        WebError::invalid(
            "invalid_plan",
            "Choose how the trial ends: stay, extend or return.",
        )
        .at_field("outcome")
    })?;
    let reason = reason(body.reason.as_deref().unwrap_or("")).map_err(refusal)?;
    Ok((choice, reason, effective(body.effective.as_deref(), today)?))
}

/// A date as the forms and the API send it; today when empty.
pub fn effective(value: Option<&str>, today: Date) -> Result<Date, WebError> {
    match value.map(str::trim) {
        None | Some("") => Ok(today),
        Some(s) => parse_date(s)
            .map_err(|e| WebError::invalid("invalid_plan", sentence(&e.0)).at_field("effective")),
    }
}

/// A plan id from a path: anything else is a plan that does not exist.
pub fn plan_id(id: &str) -> Result<PlanId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}
