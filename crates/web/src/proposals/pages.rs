//! Proposals as a page: managers see those they made, admins every one and confirm or
//! decline them.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::{AccountId, ProposalId};
use pendulum_store::Store;
use pendulum_views::admin::{ProposalContext, ProposalRow, ProposalsView};
use pendulum_views::forms::FormErrors;
use pendulum_views::framework::Link;
use pendulum_views::people::entry_words;
use pendulum_views::{dates, paths};
use serde::Deserialize;

use crate::access::Viewer;
use crate::error::WebError;
use crate::people::pages::kind_label;
use crate::people::service;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

use super::context;

/// What a proposed correction corrects, in words: ", correcting the promotion of
/// 2020-09-01 (entry 2): REASON". The entry is read from the person's history (a
/// correction is rare, so one read each is cheap); when it cannot be read, "an earlier
/// entry".
async fn correcting<S: Store>(
    viewer: &Viewer<S>,
    person: pendulum_domain::PersonId,
    target: pendulum_domain::EventId,
    reason: Option<&str>,
) -> String {
    let entry = match viewer.person(person).await {
        Ok(visible) => visible
            .events()
            .await
            .ok()
            .and_then(|events| events.into_iter().find(|e| e.id == target)),
        Err(_) => None,
    };
    let entry = entry.map_or_else(|| "an earlier entry".to_string(), |e| entry_words(&e));
    match reason {
        Some(reason) => format!(", correcting {entry}: {reason}"),
        None => format!(", correcting {entry}"),
    }
}

/// What the last decision was, in the address the decision redirects to
/// (`/proposals?confirmed=ID`), so the page says what happened and a reload says it again
/// without deciding anything.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Decided {
    #[serde(default)]
    confirmed: Option<String>,
    #[serde(default)]
    declined: Option<String>,
}

impl Decided {
    /// The notice for the row with the decided id, if it is in the list.
    fn notice(&self, rows: &[ProposalRow]) -> Option<String> {
        let (verb, id) = match (&self.confirmed, &self.declined) {
            (Some(id), _) => ("Recorded", id),
            (None, Some(id)) => ("Declined", id),
            (None, None) => return None,
        };
        let row = rows.iter().find(|r| &r.id == id)?;
        Some(format!(
            "{verb}: {} for {}, effective {}.",
            row.what, row.person.label, row.effective
        ))
    }
}

async fn proposals_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    decided: &Decided,
) -> Result<ProposalsView, WebError> {
    let list = viewer.proposals().await?;
    let frameworks = if list.iter().any(|p| p.status.is_pending()) {
        Some(state.all_frameworks().await?)
    } else {
        None
    };
    let today = crate::people::pages::today(state);
    // Names and emails of whoever proposals mention: everyone for an admin; for a
    // manager, the people they may see (their proposals are about their reports) and
    // their own account.
    let (people, accounts) = match viewer.admin() {
        Ok(admin) => (admin.everyone().await?, admin.accounts().await?),
        Err(_) => (
            viewer.visible_people().await?,
            vec![viewer.account().clone()],
        ),
    };
    let latest = state.latest_framework().await?;
    let unknown = if viewer.is_admin() {
        "a former account"
    } else {
        "an administrator"
    };
    // A name the viewer cannot read: erased, for an admin; for a manager, someone outside
    // their reporting line (a report who has left it since, a new manager elsewhere, or
    // someone erased), whose record is not theirs to read.
    let unnamed = if viewer.is_admin() {
        "someone no longer on record"
    } else {
        "someone outside your reporting line"
    };
    let email_of = |id: AccountId| {
        accounts
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| unknown.to_string(), |a| a.email.as_str().to_string())
    };
    let mut rows = Vec::new();
    for p in &list {
        let name = people
            .iter()
            .find(|person| person.id == p.person)
            .map_or_else(|| unnamed.to_string(), |x| x.name.clone());
        let level = p.event.level.as_ref().map(|level| {
            service::place(&latest.framework, level).map_or_else(
                || level.to_string(),
                |pl| format!("{} ({})", pl.level_title, level),
            )
        });
        let mut what = match level {
            Some(level) => format!("{} to {level}", kind_label(p.event.kind)),
            None => kind_label(p.event.kind).to_string(),
        };
        if let Some(target) = p.event.supersedes {
            what.push_str(&correcting(viewer, p.person, target, p.event.reason.as_deref()).await);
        }
        let decision = match &p.status {
            pendulum_store::ProposalStatus::Pending => None,
            pendulum_store::ProposalStatus::Confirmed { by, at, .. } => Some(format!(
                "Confirmed by {} on {}",
                email_of(*by),
                dates::timestamp(*at)
            )),
            pendulum_store::ProposalStatus::Declined { by, at, reason } => Some(match reason {
                Some(r) => format!(
                    "Declined by {} on {}: {r}",
                    email_of(*by),
                    dates::timestamp(*at)
                ),
                None => format!("Declined by {} on {}", email_of(*by), dates::timestamp(*at)),
            }),
        };
        let context = match &frameworks {
            Some(frameworks) if p.status.is_pending() => {
                let events = match viewer.person(p.person).await {
                    Ok(visible) => visible.events().await?,
                    Err(_) => Vec::new(),
                };
                context::context(
                    frameworks,
                    (latest.version, &latest.framework),
                    &events,
                    p.person,
                    &p.event,
                    today,
                )
            }
            // A decided proposal keeps its reason; what it did is in the history.
            _ => ProposalContext {
                reason: p.event.reason.clone(),
                ..ProposalContext::default()
            },
        };
        rows.push((
            p.proposed_at,
            p.person,
            ProposalRow {
                id: p.id.to_string(),
                person: Link {
                    label: name,
                    href: paths::person(&p.person.to_string()),
                },
                what,
                context,
                effective: dates::date(p.event.effective),
                proposed_by: email_of(p.proposed_by),
                proposed_at: dates::timestamp(p.proposed_at),
                status: p.status.as_str().to_string(),
                decision,
            },
        ));
    }
    // Reporting-line proposals, in the same list: the same ids, the same decisions.
    let name_of = |id: pendulum_domain::PersonId| {
        people
            .iter()
            .find(|person| person.id == id)
            .map_or_else(|| unnamed.to_string(), |x| x.name.clone())
    };
    for p in viewer.reporting_proposals().await? {
        use pendulum_store::ReportingProposalStatus as Status;
        let what = match p.change.manager {
            Some(manager) => format!("New manager: {}", name_of(manager)),
            None => "Reports to nobody".to_string(),
        };
        let decided = |verb: &str, by: &AccountId, at| {
            format!("{verb} by {} on {}", email_of(*by), dates::timestamp(at))
        };
        let decision = match &p.status {
            Status::Pending => None,
            Status::Confirmed { by, at, .. } => Some(decided("Confirmed", by, *at)),
            Status::Declined { by, at, reason } => Some(match reason {
                Some(r) => format!("{}: {r}", decided("Declined", by, *at)),
                None => decided("Declined", by, *at),
            }),
        };
        rows.push((
            p.proposed_at,
            p.person,
            ProposalRow {
                id: p.id.to_string(),
                person: Link {
                    label: name_of(p.person),
                    href: paths::person(&p.person.to_string()),
                },
                what,
                context: ProposalContext {
                    reason: p.change.reason.clone(),
                    ..ProposalContext::default()
                },
                effective: dates::date(p.change.effective),
                proposed_by: email_of(p.proposed_by),
                proposed_at: dates::timestamp(p.proposed_at),
                status: p.status.as_str().to_string(),
                decision,
            },
        ));
    }
    // Newest first, whichever kind.
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    // A name links to the person's page only when the viewer may open it (a report who
    // has since left the manager's line is named, not linked to a page that answers 404).
    let people_named: Vec<pendulum_domain::PersonId> = rows.iter().map(|row| row.1).collect();
    let openable = viewer.openable(&people_named).await?;
    let rows: Vec<ProposalRow> = rows
        .into_iter()
        .map(|(_, person, mut row)| {
            if !openable.contains(&person) {
                row.person.href.clear();
            }
            row
        })
        .collect();
    let notice = decided.notice(&rows);
    let view = ProposalsView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        rows,
        viewer.is_admin(),
    );
    Ok(match notice {
        Some(notice) => view.with_notice(notice),
        None => view,
    })
}

pub(super) async fn proposals<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Query(decided): Query<Decided>,
) -> Result<Response, WebError> {
    Ok(render(
        &proposals_view(&state, &viewer, &decided).await?,
        htmx,
    ))
}

/// The proposals page again (422) with a decision's refusal at the top of its row's
/// forms, the decline's reason as typed; other errors are passed on.
async fn proposal_refused<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    htmx: Htmx,
    form: String,
    reason: Option<String>,
    error: WebError,
) -> Result<Response, WebError> {
    match error {
        WebError::Invalid { message, field, .. } => {
            let message = sentence(&message);
            let errors = match field {
                Some(field) => FormErrors::new(&form, message.clone()).at(field, message),
                None => FormErrors::new(&form, message),
            };
            let view = proposals_view(state, viewer, &Decided::default())
                .await?
                .with_refusal(errors, reason);
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view,
                htmx,
            ))
        }
        other => Err(other),
    }
}

/// What the proposals page's forms send: `form` says which (`confirm` or `decline`),
/// `proposal` which proposal, and a decline may say why.
#[derive(Deserialize)]
pub(super) struct DecisionFields {
    #[serde(default)]
    form: String,
    #[serde(default)]
    proposal: String,
    #[serde(default)]
    reason: Option<String>,
}

/// The decision forms of the proposals page, posted to the page's own address so that the
/// address stays the page's whatever the answer (docs/architecture.md, "Forms").
pub(super) async fn submit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(fields): Form<DecisionFields>,
) -> Result<Response, WebError> {
    match fields.form.as_str() {
        "confirm" => confirm_proposal(&state, &viewer, &fields.proposal, htmx).await,
        "decline" => decline_proposal(&state, &viewer, &fields.proposal, fields.reason, htmx).await,
        _ => {
            viewer.admin()?;
            Err(WebError::invalid("invalid", "Unknown form."))
        }
    }
}

/// The older address of the confirm form, `/proposals/{id}/confirm`, still answering for
/// scripts.
pub(super) async fn confirm<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    confirm_proposal(&state, &viewer, &id, htmx).await
}

/// Confirms proposal `id`, of a role history or of a reporting line (the id says which),
/// and leads to the proposals page saying what was recorded.
async fn confirm_proposal<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: &str,
    htmx: Htmx,
) -> Result<Response, WebError> {
    viewer.admin()?;
    let id: ProposalId = id.trim().parse().map_err(|_| WebError::NotFound)?;
    let outcome = match service::confirm_proposal(viewer, id).await {
        Err(WebError::NotFound) => viewer.admin()?.confirm_reporting(id).await.map(|_| ()),
        other => other.map(|_| ()),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&decided_address("confirmed", id)).into_response()),
        Err(e) => {
            let form = ProposalsView::form_name("confirm", &id.to_string());
            proposal_refused(state, viewer, htmx, form, None, e).await
        }
    }
}

/// The proposals page saying what was just decided.
fn decided_address(verb: &str, id: ProposalId) -> String {
    format!("{}?{verb}={id}", paths::PROPOSALS)
}

#[derive(Deserialize)]
pub(super) struct DeclineFields {
    #[serde(default)]
    reason: Option<String>,
}

/// The older address of the decline form, `/proposals/{id}/decline`, still answering for
/// scripts.
pub(super) async fn decline<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(form): Form<DeclineFields>,
) -> Result<Response, WebError> {
    decline_proposal(&state, &viewer, &id, form.reason, htmx).await
}

/// Declines proposal `id` with the optional reason, and leads to the proposals page saying
/// so; a reason the domain refuses is refused at its field.
async fn decline_proposal<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: &str,
    reason: Option<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    viewer.admin()?;
    let id: ProposalId = id.trim().parse().map_err(|_| WebError::NotFound)?;
    let outcome = match service::decline_proposal(viewer, id, reason.clone()).await {
        Err(WebError::NotFound) => match parse_reason(reason.as_deref()) {
            Ok(parsed) => viewer.admin()?.decline_reporting(id, parsed).await,
            Err(e) => Err(e),
        },
        other => other.map(|_| ()),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&decided_address("declined", id)).into_response()),
        Err(e) => {
            let form = ProposalsView::form_name("decline", &id.to_string());
            proposal_refused(state, viewer, htmx, form, reason, e).await
        }
    }
}

/// A decline's optional reason, checked by the domain's rule, refused at its field.
fn parse_reason(reason: Option<&str>) -> Result<Option<String>, WebError> {
    Ok(pendulum_domain::Reason::optional(reason.map(str::trim))
        .map_err(|e| WebError::invalid("invalid", e.0).at_field("reason"))?
        .map(pendulum_domain::Reason::into_string))
}
