//! The plan pages: the viewer's plans (`/plans`), the plan form in two steps (the target
//! level, then what the plan says) for a new plan and for a new revision, and a plan's page
//! with the actions the viewer may take now, each posting to its own address and coming
//! back to the plan with a notice (`?done=agreed`), or, refused, to the plan's page again
//! with the refusal in its form (422).
//!
//! A plan's pages go through the plan capability ([`Viewer::plan`]): its person, their
//! manager now and its mentor reach them, anyone else gets 404. Which actions a page offers
//! is the domain's rule ([`pendulum_domain::plan::check`]), the one the store applies when
//! the action is taken; a mentor's page offers none.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::plan::{
    Action, Actor, EndChoice, Ending, PlanContent, PlanInput, PlanState, Proposed, check,
};
use pendulum_domain::timeline::Frameworks;
use pendulum_domain::{EventId, EventKind, TrialOutcome};
use pendulum_store::{NewRoleEvent, Plan, PlanRecording, Store};
use pendulum_views::forms::FormErrors;
use pendulum_views::paths;
use pendulum_views::plan::{
    AGREE_FORM, CHECKPOINT_FORM, CheckpointForm, CheckpointValues, END_FORM, EndForm, EndValues,
    FORM, FormFor, PlanFacts, PlanFormView, PlanItem, PlanPart, PlanValues, PlanView, PlansView,
    Recording, ReflectionChoice, START_FORM, StartForm, WITHDRAW_FORM, href_done, level_words,
};
use pendulum_views::reflection::direction_title;
use serde::Deserialize;

use super::api::{due_list, step_text};
use super::service::{self, CheckpointBody, EndBody, PlanBody, plan_id};
use crate::access::{OnPlan, Owner, PlanRole, Viewer};
use crate::error::WebError;
use crate::people::pages::people_links;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

/// The most journal entries the checkpoint form offers as evidence (the newest first).
const EVIDENCE_CHOICES: u32 = 50;

fn part(role: PlanRole) -> PlanPart {
    match role {
        PlanRole::Person => PlanPart::Person,
        PlanRole::Manager => PlanPart::Manager,
        PlanRole::Mentor => PlanPart::Mentor,
    }
}

fn actor(role: PlanRole) -> Actor {
    match role {
        PlanRole::Person => Actor::Person,
        PlanRole::Manager => Actor::Manager,
        PlanRole::Mentor => Actor::Mentor,
    }
}

/// Whether the viewer may take `action` on the plan now, by the rule the store applies.
fn may<S: Store>(on: &OnPlan<'_, S>, action: Action) -> bool {
    refused_by_rule(on, action).is_none()
}

/// The domain's refusal of `action` by the viewer, as a sentence, if it refuses.
fn refused_by_rule<S: Store>(on: &OnPlan<'_, S>, action: Action) -> Option<String> {
    let plan = on.plan();
    check(
        &plan.content,
        &plan.status,
        actor(on.role()),
        action,
        plan.pending.is_some(),
    )
    .err()
    .map(|r| sentence(&r.message))
}

/// `/plans`: the viewer's own plans, their reports' and those they mentor.
pub(super) async fn list<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let lists = viewer.plans().await?;
    let today = state.sealed().today();
    let mut items: [Vec<PlanItem>; 3] = Default::default();
    for (plans, into) in [&lists.own, &lists.reports, &lists.mentored]
        .into_iter()
        .zip(items.iter_mut())
    {
        for plan in plans {
            let on = viewer.plan(plan.id).await?;
            let records = if on.plan().status.state == PlanState::Active {
                on.checkpoints().await?
            } else {
                Vec::new()
            };
            let p = on.plan();
            into.push(PlanItem::new(
                &p.id,
                &p.content,
                &p.status,
                p.pending.map(|(_, what)| what),
                part(on.role()),
                &on.person().name,
                &due_list(p, &records),
                today,
            ));
        }
    }
    let [own, reports, mentored] = items;
    let view = PlansView::new(
        org_name(&state),
        &app_links(&viewer),
        own,
        reports,
        mentored,
        viewer.person_id().is_some(),
    );
    Ok(render(&view, htmx))
}

/// What the plan form's address asks: the target chosen, or to choose again.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Choose {
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    choose: Option<String>,
}

/// The page's own address, query included, so that a refused form keeps it. Only its path
/// and query, so it stays on this site.
fn own_address(path: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    }
}

/// The submitted plan form's fields, as the service takes them and as the form shows them
/// again.
fn submitted(fields: &[(String, String)]) -> (PlanBody, PlanValues) {
    let mut values = PlanValues::default();
    for (name, value) in fields {
        match name.as_str() {
            "target_level" => values.target = value.clone(),
            "motivation" => values.motivation = value.clone(),
            "reflection" => values.reflection = value.clone(),
            "criteria" => values.criteria.push(value.clone()),
            "mentor" => values.mentor = value.clone(),
            "conversations" => values.conversations = value.clone(),
            "proposed_title" => values.proposed_title = value.clone(),
            "trial" => values.trial = !value.is_empty(),
            "interim_team" => values.interim_team = value.clone(),
            _ => {}
        }
    }
    let body = PlanBody {
        target_level: values.target.clone(),
        motivation: values.motivation.clone(),
        reflection: Some(values.reflection.clone()),
        criteria: values.criteria.clone(),
        mentor: Some(values.mentor.clone()),
        conversations: values.conversations.clone(),
        proposed_title: Some(values.proposed_title.clone()),
        trial: values.trial,
        interim_team: values
            .interim_team
            .lines()
            .flat_map(|l| l.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
    };
    (body, values)
}

/// The fields of the plan form a refusal may name.
const PLAN_FIELDS: [&str; 9] = [
    "target_level",
    "motivation",
    "reflection",
    "criteria",
    "mentor",
    "conversations",
    "proposed_title",
    "trial",
    "interim_team",
];

/// A refusal as form `form` shows it: beside `field` when it is one of `fields`, in the
/// summary alone otherwise. `None` for anything that is not a refusal.
fn form_errors(form: &str, error: &WebError, fields: &[&str]) -> Option<FormErrors> {
    let WebError::Invalid { message, field, .. } = error else {
        return None;
    };
    let message = sentence(message);
    let errors = FormErrors::new(form, message.clone());
    Some(
        match field.map(|f| if f == "kind" { "outcome" } else { f }) {
            Some(f) if fields.contains(&f) => errors.at(f, message),
            _ => errors,
        },
    )
}

/// The target's own refusal, by the domain's words: `Some` when `target` is not a level the
/// viewer (holding `held`) may aim for.
fn target_refused(
    fw: &pendulum_framework::Framework,
    version: u32,
    owner: &Owner<'_, impl Store>,
    held: Option<&pendulum_domain::plan::LevelId>,
    target: &str,
) -> Option<FormErrors> {
    let message = match held {
        None => "there is no role on your record yet; ask an admin to record it first".to_string(),
        Some(held) => {
            let input = PlanInput {
                target_level: target.to_string(),
                ..PlanInput::default()
            };
            match PlanContent::draft(fw, version, owner.person().id, held, &input) {
                Err(r) if r.field == pendulum_domain::plan::PlanField::TargetLevel => r.message,
                _ => return None,
            }
        }
    };
    let message = sentence(&message);
    Some(FormErrors::new(FORM, message.clone()).at("target_level", message))
}

/// The plan form for `owner` at `action`, filled with `values`, or the choice of target.
#[allow(clippy::too_many_arguments)]
async fn plan_form<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    owner: &Owner<'_, S>,
    action: &str,
    for_: FormFor,
    values: PlanValues,
    choosing: bool,
    errors: Option<FormErrors>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let latest = state.latest_framework().await?;
    let held = owner.held().await?.map(|r| r.level);
    let reflections = ReflectionChoice::of(&owner.reflections().await?, &values.reflection);
    let target_errors = (!choosing && !values.target.trim().is_empty())
        .then(|| {
            target_refused(
                &latest.framework,
                latest.version,
                owner,
                held.as_ref(),
                values.target.trim(),
            )
        })
        .flatten();
    // A target the viewer may not aim for brings the choice back, with why.
    let (choosing, errors) = match (target_errors, errors) {
        (Some(t), None) => (true, Some(t)),
        (_, errors) => (choosing, errors),
    };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut view = PlanFormView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        action,
        for_,
        &latest.framework,
        latest.version,
        held.as_ref(),
        values,
        reflections,
        choosing,
    );
    if let Some(errors) = errors {
        view = view.with_errors(errors);
    }
    Ok(render_with_status(status, &view, htmx))
}

/// `/plans/new`: the choice of target, then the plan's form (`?target=em-1`).
pub(super) async fn new_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    uri: Uri,
    Query(q): Query<Choose>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let values = PlanValues {
        target: q.target.unwrap_or_default(),
        ..PlanValues::default()
    };
    plan_form(
        &state,
        &viewer,
        &owner,
        &own_address(paths::PLAN_NEW, &uri),
        FormFor::New,
        values,
        q.choose.is_some(),
        None,
        htmx,
    )
    .await
}

/// Saves a new plan as a draft and shows it; or the form again (422), values kept.
pub(super) async fn create<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    uri: Uri,
    htmx: Htmx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let (body, values) = submitted(&fields);
    let error = match service::content(&state, &owner, &body).await {
        Ok(content) => match owner.create_plan(&content).await {
            Ok(plan) => return Ok(Redirect::to(&href_done(&plan.id, "created")).into_response()),
            Err(e) => e,
        },
        Err(e) => e,
    };
    let errors = form_errors(FORM, &error, &PLAN_FIELDS).ok_or(error)?;
    plan_form(
        &state,
        &viewer,
        &owner,
        &own_address(paths::PLAN_NEW, &uri),
        FormFor::New,
        values,
        false,
        Some(errors),
        htmx,
    )
    .await
}

/// The form of a new revision of the plan `on`, for its person.
fn revision_for<S: Store>(on: &OnPlan<'_, S>) -> FormFor {
    let s = &on.plan().status;
    FormFor::Revision {
        id: on.plan().id.to_string(),
        revision: s.revision,
        agreed: s.person_agreed || s.manager_agreed,
        put_forward: s.put_forward,
    }
}

/// `/plans/{id}/edit`: the form of a new revision, filled with the current one (another
/// target with `?target=`, the choice of target with `?choose=1`). Anyone but the plan's
/// person, and a plan past its draft, gets the plan's page saying why (422).
pub(super) async fn edit_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    uri: Uri,
    Query(q): Query<Choose>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    if let Some(why) = refused_by_rule(&on, Action::Revise) {
        return refused_page(&state, &viewer, &on, Placed::Top(why), htmx).await;
    }
    let owner = viewer.owner()?;
    let c = &on.plan().content;
    let named = on.named().await?;
    let email = |id: pendulum_domain::PersonId| {
        named
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.email.as_str().to_string())
            .unwrap_or_default()
    };
    let values = PlanValues {
        target: q
            .target
            .clone()
            .unwrap_or_else(|| c.target_level.to_string()),
        motivation: c.motivation.clone(),
        reflection: c.reflection.map(|r| r.to_string()).unwrap_or_default(),
        criteria: c
            .criteria
            .iter()
            .map(|k| k.competency.to_string())
            .collect(),
        mentor: c.mentor.map(email).unwrap_or_default(),
        conversations: c.conversations.clone(),
        proposed_title: c.proposed_title.clone().unwrap_or_default(),
        trial: c.trial,
        interim_team: c
            .interim_team
            .iter()
            .map(|m| email(*m))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let action = own_address(&paths::fill(paths::PLAN_EDIT, &[&id]), &uri);
    plan_form(
        &state,
        &viewer,
        &owner,
        &action,
        revision_for(&on),
        values,
        q.choose.is_some(),
        None,
        htmx,
    )
    .await
}

/// Saves a new revision and shows the plan; or the form again (422), values kept.
pub(super) async fn revise<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    uri: Uri,
    htmx: Htmx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    if let Some(why) = refused_by_rule(&on, Action::Revise) {
        return refused_page(&state, &viewer, &on, Placed::Top(why), htmx).await;
    }
    let owner = viewer.owner()?;
    let (body, values) = submitted(&fields);
    let error = match service::content(&state, &owner, &body).await {
        Ok(content) => match on.revise(&content).await {
            Ok(plan) => {
                return Ok(Redirect::to(&href_done(&plan.id, "revised")).into_response());
            }
            Err(e) => e,
        },
        Err(e) => e,
    };
    let errors = form_errors(FORM, &error, &PLAN_FIELDS).ok_or(error)?;
    let action = own_address(&paths::fill(paths::PLAN_EDIT, &[&id]), &uri);
    plan_form(
        &state,
        &viewer,
        &owner,
        &action,
        revision_for(&on),
        values,
        false,
        Some(errors),
        htmx,
    )
    .await
}

/// What the last action was, in the address it redirects to.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// The notice of `done` on `plan` as it is now, so that a reload says the same and
/// changes nothing.
fn notice(done: Option<&str>, plan: &Plan) -> Option<String> {
    let s = &plan.status;
    Some(match done? {
        "created" => {
            "Your plan is saved as a draft. Only you can see it until you agree to it.".to_string()
        }
        "revised" => format!(
            "Saved as revision {}. Agreement is asked for again, from you and your manager.",
            s.revision
        ),
        "agreed" if s.state == PlanState::Draft => {
            format!("You agreed to revision {}.", s.revision)
        }
        "agreed" => format!(
            "You agreed to revision {}: the plan is agreed by both, and can be started.",
            s.revision
        ),
        "withdrawn" => "The plan is withdrawn. It stays here, ended.".to_string(),
        "started" => match plan.pending {
            Some((_, Proposed::Start)) => {
                "The start is proposed: an admin confirms it before it is recorded.".to_string()
            }
            _ => match (s.ending, s.trial) {
                (Some(Ending::Moved), _) => "The move is recorded.".to_string(),
                (_, Some(t)) => format!("The trial is recorded as started on {}.", t.started),
                _ => "The start is recorded.".to_string(),
            },
        },
        "checkpoint" => "Your view of the checkpoint is recorded.".to_string(),
        "ended" => match plan.pending {
            Some((_, Proposed::End(choice))) => format!(
                "{} is proposed: an admin confirms it before it is recorded.",
                match choice {
                    EndChoice::Stay => "Keeping the role",
                    EndChoice::Extend => "The extension",
                    EndChoice::Return => "The return to individual contribution",
                }
            ),
            _ => match s.ending {
                Some(ending) => format!("Recorded: {}.", ending.label().to_lowercase()),
                None => match s.trial.and_then(|t| t.until) {
                    Some(until) => format!("The trial is extended until {until}."),
                    None => "Recorded.".to_string(),
                },
            },
        },
        _ => return None,
    })
}

/// `/plans/{id}`: the plan, its steps and checkpoints, and what the viewer may do.
pub(super) async fn show<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let view = plan_view(&state, &viewer, &on, Placed::Nothing)
        .await?
        .with_notice(notice(done.done.as_deref(), on.plan()));
    Ok(render(&view, htmx))
}

/// A refusal, and the values to show again, in the form it belongs to.
enum Placed {
    Nothing,
    /// At the top of the page: its form is not on the page.
    Top(String),
    Agree(FormErrors),
    Withdraw(FormErrors, String),
    Start(FormErrors, String),
    Checkpoint(FormErrors, CheckpointValues),
    End(FormErrors, EndValues),
}

/// The plan's page again (422), with the refusal placed in its form, or at the top when
/// its form is not offered.
async fn refused_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    on: &OnPlan<'_, S>,
    placed: Placed,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let view = plan_view(state, viewer, on, placed).await?;
    Ok(render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &view,
        htmx,
    ))
}

/// Where a return from the plan's trial lands, said before it is recorded: the role
/// history's own preview of the trial's end in a return today (or on the trial's start, if
/// later), so the words are those the rules will record. `None` when the history refuses
/// it as things stand.
async fn return_lands_on<S: Store>(state: &AppState<S>, on: &OnPlan<'_, S>) -> Option<String> {
    let plan = on.plan();
    let started = plan.status.trial?.started;
    let events = on.role_history().await.ok()?;
    let today = state.sealed().today();
    let proposed = NewRoleEvent::new(
        EventKind::TrialEnd,
        today.max(started),
        plan.content.framework_version,
    )
    .outcome(TrialOutcome::Return)
    .into_event(EventId::new(), plan.person, 0, pendulum_store::now());
    let mut all = events.clone();
    all.push(proposed.clone());
    let frameworks = state.frameworks_of(&all).await.ok()?;
    let preview = pendulum_domain::timeline::preview(&frameworks, &events, proposed, today).ok()?;
    let level = preview.event.level?;
    let fw = frameworks.get(preview.event.framework_version)?;
    let (_, l) = fw.level(&level)?;
    Some(level_words(&l.title, level.as_str()))
}

/// The plan's page for the viewer, with the forms of the actions they may take now and
/// the refusal `placed` in its form.
async fn plan_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    on: &OnPlan<'_, S>,
    placed: Placed,
) -> Result<PlanView, WebError> {
    let plan = on.plan();
    let c = &plan.content;
    let named = on.named().await?;
    let mut ids: Vec<pendulum_domain::PersonId> = named.iter().map(|p| p.id).collect();
    ids.push(plan.person);
    let people = people_links(viewer, viewer.openable(&ids).await?);
    let find = |id: pendulum_domain::PersonId| named.iter().find(|p| p.id == id);
    let link = |id: pendulum_domain::PersonId| find(id).map(|p| people.link(p));
    let latest = state.latest_framework().await?;
    let planned = state.framework(c.framework_version).await?;
    let from = planned
        .level(&c.from_level)
        .map(|(_, l)| level_words(&l.title, l.id.as_str()))
        .unwrap_or_else(|| c.from_level.to_string());
    let reflection = match (on.role(), c.reflection) {
        (PlanRole::Person, Some(r)) => match viewer.owner()?.reflection(r).await {
            Ok(r) => Some(pendulum_views::framework::Link {
                label: format!(
                    "Your reflection {} (version {})",
                    direction_title(r.direction).to_lowercase(),
                    r.version
                ),
                href: pendulum_views::reflection::href(&r),
            }),
            // Not found, or locked with the rest of the person's notes: not linked.
            Err(WebError::NotFound | WebError::PrivateNotesLocked(_)) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    };
    let records = on.checkpoints().await?;
    let due = due_list(plan, &records);
    let kinds = pendulum_domain::journal::kinds_of(&latest.framework);
    let policy = planned.transition_policy();
    let today = state.sealed().today();
    let declined = match (plan.declined.last(), plan.status.proposals.last()) {
        (Some(d), Some((last, _))) => d == last,
        _ => false,
    };
    let facts = PlanFacts {
        id: &plan.id,
        content: c,
        status: &plan.status,
        pending: plan.pending.map(|(_, what)| what),
        declined,
        part: part(on.role()),
        person: people.link(on.person()),
        manager: on.person().manager.and_then(link),
        mentor: c.mentor.and_then(link),
        interim: c.interim_team.iter().filter_map(|m| link(*m)).collect(),
        from,
        reflection,
        steps: plan
            .steps
            .iter()
            .map(|s| (step_text(&s.kind), s.at))
            .collect(),
        due: due.clone(),
        records: records
            .iter()
            .map(|r| (r.record.clone(), r.evidence.clone(), r.recorded_at))
            .collect(),
        kinds: &kinds,
        max_extensions: policy.max_extensions,
        today,
    };
    let mut view = PlanView::new(org_name(state), &app_links(viewer), viewer.csrf(), facts);
    let recording = match on.recording() {
        Ok(PlanRecording::Record { .. }) => Ok(Recording::AtOnce),
        Ok(PlanRecording::Propose { .. }) => Ok(Recording::Proposed),
        Err(WebError::Invalid { message, .. }) => Err(message),
        Err(e) => return Err(e),
    };
    let agree_offered = may(on, Action::Agree);
    let withdraw_offered = may(on, Action::Revise) && may(on, Action::Withdraw);
    let start_offered = may(on, Action::Start) && recording.is_ok();
    let checkpoint_offered = may(on, Action::Checkpoint) && on.role() != PlanRole::Mentor;
    let end_offered = may(on, Action::End(EndChoice::Stay)) && recording.is_ok();
    // A refusal goes into its form when the form is on the page, at the top otherwise.
    let mut top: Option<FormErrors> = None;
    let mut agree_errors = None;
    let mut withdraw = None;
    let mut start = None;
    let mut checkpoint = None;
    let mut end = None;
    match placed {
        Placed::Nothing => {}
        Placed::Top(message) => top = Some(FormErrors::new("action", message)),
        Placed::Agree(e) if agree_offered => agree_errors = Some(e),
        Placed::Withdraw(e, reason) if withdraw_offered => withdraw = Some((e, reason)),
        Placed::Start(e, effective) if start_offered => start = Some((e, effective)),
        Placed::Checkpoint(e, values) if checkpoint_offered => checkpoint = Some((e, values)),
        Placed::End(e, values) if end_offered => end = Some((e, values)),
        Placed::Agree(e)
        | Placed::Withdraw(e, _)
        | Placed::Start(e, _)
        | Placed::Checkpoint(e, _)
        | Placed::End(e, _) => top = Some(e),
    }
    if let Some(errors) = top {
        view = view.with_refused(errors);
    }
    if agree_offered {
        view = view.with_agree(&plan.id, agree_errors);
    }
    if withdraw_offered {
        let (errors, reason) = match withdraw {
            Some((e, reason)) => (Some(e), reason),
            None => (None, String::new()),
        };
        view = view.with_edit_and_withdraw(&plan.id, &reason, errors);
    }
    if may(on, Action::Start) {
        match &recording {
            Ok(how) => {
                let (errors, effective) = match start {
                    Some((e, effective)) => (Some(e), effective),
                    None => (None, today.to_string()),
                };
                let mut form = StartForm::new(&plan.id, c, *how, &effective);
                form.errors = errors;
                view = view.with_start(form);
            }
            Err(message) => view = view.with_start_note(&sentence(message)),
        }
    }
    if checkpoint_offered && let Some(party) = part(on.role()).party() {
        let (errors, values) = match checkpoint {
            Some((e, values)) => (Some(e), values),
            None => (None, CheckpointValues::default()),
        };
        let entries = match (on.role(), plan.status.trial) {
            (PlanRole::Person, Some(window)) => Some(
                on.evidence_choices(window.started, EVIDENCE_CHOICES)
                    .await?,
            ),
            _ => None,
        };
        let mut form = CheckpointForm::new(
            &plan.id,
            c,
            &due,
            party,
            &values,
            entries.as_deref(),
            &kinds,
        );
        form.errors = errors;
        view = view.with_checkpoint(form);
    }
    if may(on, Action::End(EndChoice::Stay)) {
        match &recording {
            Ok(how) => {
                let (errors, values) = match end {
                    Some((e, values)) => (Some(e), values),
                    None => (
                        None,
                        EndValues {
                            effective: today.to_string(),
                            ..EndValues::default()
                        },
                    ),
                };
                let returns_to = return_lands_on(state, on).await;
                let mut form = EndForm::new(
                    &plan.id,
                    c,
                    &plan.status,
                    returns_to.as_deref(),
                    policy.max_extensions.saturating_sub(plan.status.extensions),
                    policy.extension_reason_required,
                    *how,
                    &values,
                );
                form.errors = errors;
                view = view.with_end(form);
            }
            Err(message) => view = view.with_start_note(&sentence(message)),
        }
    }
    Ok(view)
}

/// The person or their manager agrees to the current revision.
pub(super) async fn agree<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    match on.agree().await {
        Ok(plan) => Ok(Redirect::to(&href_done(&plan.id, "agreed")).into_response()),
        Err(error) => {
            let errors = form_errors(AGREE_FORM, &error, &[]).ok_or(error)?;
            refused_page(&state, &viewer, &on, Placed::Agree(errors), htmx).await
        }
    }
}

/// A withdrawal's reason, as the form sends it.
#[derive(Debug, Default, Deserialize)]
pub(super) struct WithdrawFields {
    #[serde(default)]
    reason: String,
}

/// The person withdraws their plan.
pub(super) async fn withdraw<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<WithdrawFields>,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let outcome = match pendulum_domain::plan::reason(&fields.reason) {
        Ok(reason) => on.withdraw(reason).await,
        Err(refused) => Err(service::refusal(refused)),
    };
    match outcome {
        Ok(plan) => Ok(Redirect::to(&href_done(&plan.id, "withdrawn")).into_response()),
        Err(error) => {
            let errors = form_errors(WITHDRAW_FORM, &error, &["reason"]).ok_or(error)?;
            let placed = Placed::Withdraw(errors, fields.reason);
            refused_page(&state, &viewer, &on, placed, htmx).await
        }
    }
}

/// A start's date, as the form sends it.
#[derive(Debug, Default, Deserialize)]
pub(super) struct StartFields {
    #[serde(default)]
    effective: String,
}

/// The manager starts an agreed plan: recorded at once for an admin, proposed otherwise.
pub(super) async fn start<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<StartFields>,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let outcome = match service::effective(Some(&fields.effective), state.sealed().today()) {
        Ok(day) => on.start(day).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(plan) => Ok(Redirect::to(&href_done(&plan.id, "started")).into_response()),
        Err(error) => {
            let errors = form_errors(START_FORM, &error, &["effective"]).ok_or(error)?;
            let placed = Placed::Start(errors, fields.effective);
            refused_page(&state, &viewer, &on, placed, htmx).await
        }
    }
}

/// The submitted checkpoint form: the values to show again, and the body the service
/// checks.
fn checkpoint_fields(fields: &[(String, String)]) -> (CheckpointValues, CheckpointBody) {
    let mut values = CheckpointValues::default();
    for (name, value) in fields {
        match name.as_str() {
            "at" => values.at = value.clone(),
            "note" => values.note = value.clone(),
            "evidence" => values.evidence.push(value.clone()),
            other => {
                if let Some(competency) = other.strip_prefix("rating_") {
                    values.ratings.push((competency.to_string(), value.clone()));
                }
            }
        }
    }
    let body = CheckpointBody {
        at: values.at.clone(),
        ratings: values.ratings.iter().cloned().collect(),
        note: values.note.clone(),
        evidence: values.evidence.clone(),
    };
    (values, body)
}

/// The person or their manager records their view of a checkpoint.
pub(super) async fn checkpoint<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let (values, body) = checkpoint_fields(&fields);
    let outcome = match service::checkpoint(&on, &body) {
        Ok((record, evidence)) => on.record_checkpoint(&record, &evidence).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&href_done(&on.plan().id, "checkpoint")).into_response()),
        Err(error) => {
            let errors = form_errors(
                CHECKPOINT_FORM,
                &error,
                &["at", "ratings", "note", "evidence"],
            )
            .ok_or(error)?;
            let placed = Placed::Checkpoint(errors, values);
            refused_page(&state, &viewer, &on, placed, htmx).await
        }
    }
}

/// An end's fields, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub(super) struct EndFields {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    effective: String,
}

/// The manager ends, extends or keeps the role after the trial: recorded at once for an
/// admin, proposed otherwise.
pub(super) async fn end<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(fields): Form<EndFields>,
) -> Result<Response, WebError> {
    let on = viewer.plan(plan_id(&id)?).await?;
    let body = EndBody {
        outcome: fields.outcome.clone(),
        reason: Some(fields.reason.clone()),
        effective: Some(fields.effective.clone()),
    };
    let outcome = match service::end(&body, state.sealed().today()) {
        Ok((choice, reason, day)) => on.end(choice, reason, day).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(plan) => Ok(Redirect::to(&href_done(&plan.id, "ended")).into_response()),
        Err(error) => {
            let errors =
                form_errors(END_FORM, &error, &["outcome", "reason", "effective"]).ok_or(error)?;
            let placed = Placed::End(
                errors,
                EndValues {
                    outcome: fields.outcome,
                    reason: fields.reason,
                    effective: fields.effective,
                },
            );
            refused_page(&state, &viewer, &on, placed, htmx).await
        }
    }
}
