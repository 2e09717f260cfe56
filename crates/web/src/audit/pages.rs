//! The audit log as a page (admins): newest first, filtered by action and by a person or
//! an account, a hundred rows a page; and the suggestions of the person-or-account field.
//!
//! The field takes what an admin knows: a person's name or an account's email (or either's
//! id, as links and older bookmarks carry). It is resolved here, against the organisation's
//! people and accounts, before the log is read.

use axum::extract::{Query, State};
use axum::response::Response;
use pendulum_domain::{AccountId, Person, PersonId};
use pendulum_store::{Account, AuditAction, PeopleQuery, StatusFilter, Store};
use pendulum_views::admin::{AuditFilter, AuditRow, AuditSuggestions, AuditView, Suggestion};
use pendulum_views::framework::Link;
use pendulum_views::{dates, paths};
use serde::Deserialize;

use super::api::{AuditQuery, Whose, rows_of, value};
use crate::access::Viewer;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, html, org_name, render};
use crate::state::AppState;

/// Audit rows per page.
const AUDIT_PAGE: u32 = 100;
/// Suggestions of each kind (people, accounts) at most.
const SUGGESTIONS: u32 = 8;
/// The longest text the suggestions look for.
const MAX_TYPED: usize = 254;

/// Whom `typed` names, with how to say it; or why it names no one.
fn resolve(
    typed: &str,
    people: &[Person],
    accounts: &[Account],
) -> Result<(Whose, String), String> {
    if let Ok(id) = typed.parse::<uuid::Uuid>() {
        if let Some(a) = accounts.iter().find(|a| a.id.as_uuid() == id) {
            return Ok((
                Whose::Account(a.id),
                format!("the account {}", a.email.as_str()),
            ));
        }
        let person = PersonId::from_uuid(id);
        let name = people
            .iter()
            .find(|p| p.id == person)
            .map_or_else(|| format!("the person {id}"), |p| p.name.clone());
        return Ok((Whose::Person(person), name));
    }
    if typed.contains('@') {
        if let Some(a) = accounts
            .iter()
            .find(|a| a.email.as_str().eq_ignore_ascii_case(typed))
        {
            return Ok((
                Whose::Account(a.id),
                format!("the account {}", a.email.as_str()),
            ));
        }
        if let Some(p) = people
            .iter()
            .find(|p| p.email.as_str().eq_ignore_ascii_case(typed))
        {
            return Ok((Whose::Person(p.id), p.name.clone()));
        }
        return Err(format!("No account or person has the email {typed}."));
    }
    let named: Vec<&Person> = people
        .iter()
        .filter(|p| p.name.to_lowercase() == typed.to_lowercase())
        .collect();
    match named.as_slice() {
        [one] => Ok((Whose::Person(one.id), one.name.clone())),
        [] => Err(format!(
            "No one is called {typed}: type a person’s full name or an account’s email, or choose a suggestion."
        )),
        _ => Err(format!(
            "{} people are called {typed}: type the email of the one you mean.",
            named.len()
        )),
    }
}

pub(super) async fn audit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<AuditQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    // Actors are account ids; show emails where the account still exists.
    let accounts = admin.accounts().await?;
    let people = admin.everyone().await?;
    let typed = value(&query.person).map(|t| t.chars().take(MAX_TYPED).collect::<String>());
    let found = typed
        .as_deref()
        .map(|typed| resolve(typed, &people, &accounts));
    let mut rows = match &found {
        Some(Err(_)) => Vec::new(),
        Some(Ok((whose, _))) => rows_of(&viewer, &query, AUDIT_PAGE + 1, Some(*whose)).await?,
        None => rows_of(&viewer, &query, AUDIT_PAGE + 1, None).await?,
    };
    let more = rows.len() > AUDIT_PAGE as usize;
    rows.truncate(AUDIT_PAGE as usize);
    let actor = |a: &str| {
        a.strip_prefix("account/")
            .and_then(|id| id.parse::<AccountId>().ok())
            .and_then(|id| accounts.iter().find(|acc| acc.id == id))
            .map_or_else(|| a.to_string(), |acc| acc.email.as_str().to_string())
    };
    let person_link = |id: PersonId| {
        let name = people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone());
        Link {
            label: name,
            href: paths::person(&id.to_string()),
        }
    };
    let rows = rows
        .iter()
        .map(|r| AuditRow {
            id: r.id.to_string(),
            at: dates::timestamp(r.at),
            actor: actor(&r.actor),
            action: r.action.as_str().to_string(),
            subject: r.subject.clone(),
            person: r.person.map(person_link),
        })
        .collect();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    let filter = AuditFilter {
        action: query.action.clone().unwrap_or_default(),
        person: typed.unwrap_or_default(),
    };
    let paged = query.before.as_deref().is_some_and(|b| !b.is_empty());
    let view = AuditView::new(
        org_name(&state),
        &app_links(&viewer),
        rows,
        &actions,
        filter,
        more,
        paged,
    );
    let view = match found {
        Some(found) => view.with_found(found.map(|(_, who)| who)),
        None => view,
    };
    Ok(render(&view, htmx))
}

#[derive(Deserialize)]
pub(super) struct SuggestionsQuery {
    #[serde(default)]
    person: String,
}

/// The people whose name or email holds what was typed, and the accounts whose email
/// does, a few of each, as `<option>`s: a person's name goes into the field, an account's
/// email. Both are bounded queries of the store (the directory search and
/// `Accounts::search_accounts`, each with a limit), so a keystroke reads a few rows however
/// many people and accounts there are; what was typed is read up to [`MAX_TYPED`]
/// characters (the longest email), and anything longer finds nothing.
pub(super) async fn suggestions<S: Store>(
    viewer: Viewer<S>,
    Query(query): Query<SuggestionsQuery>,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let typed = query.person.trim();
    let mut suggestions = Vec::new();
    if !typed.is_empty() && typed.chars().count() <= MAX_TYPED {
        let page = viewer
            .search(PeopleQuery {
                text: Some(typed.to_string()),
                status: StatusFilter::All,
                limit: SUGGESTIONS,
                count_up_to: Some(u64::from(SUGGESTIONS)),
                ..PeopleQuery::default()
            })
            .await?;
        suggestions.extend(page.people.into_iter().map(|(p, _)| Suggestion {
            label: format!("person, {}", p.email.as_str()),
            value: p.name,
        }));
        // What no email can hold (a control character) suggests no account.
        let accounts = match admin.accounts_matching(typed, SUGGESTIONS).await {
            Err(WebError::Invalid { .. }) => Vec::new(),
            other => other?,
        };
        suggestions.extend(accounts.into_iter().map(|a| Suggestion {
            label: format!("account, {}", a.role.as_str()),
            value: a.email.as_str().to_string(),
        }));
    }
    Ok(html(
        axum::http::StatusCode::OK,
        AuditSuggestions { suggestions }.to_html(),
    ))
}
