//! The journal's pages: `/journal` (the entry form, the insights, the entries page by
//! page, the downloads), an entry's own form at `/journal/{id}/edit` and the confirmation
//! before deleting one at `/journal/{id}/delete`. Each form posts to its own page's address
//! and refuses the way every form does (docs/architecture.md, "Forms"), naming every
//! faulty field at once.
//!
//! Everything goes through the owner-only capability: an entry id of anyone else's
//! journal is not found, whoever asks. An account linked to no person sees the journal
//! page's empty state; its forms and the entries' addresses are not found.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::journal::{Energy, JournalEntry, KindId, NewJournalEntry};
use pendulum_domain::{JournalEntryId, parse_date};
use pendulum_store::{JournalCursor, Store};
use pendulum_views::forms::FormErrors;
use pendulum_views::journal::{
    EntryCard, EntryForm, EntryValues, FORM, InsightsSection, JournalDeleteView, JournalEditView,
    JournalPage, JournalView, long_date,
};
use pendulum_views::notes_lock::RecoveryCodeNotice;
use pendulum_views::paths;
use serde::Deserialize;
use time::Date;

use super::service::{self, Draft};
use crate::access::{Owner, Viewer};
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status};
use crate::state::AppState;

/// Entries on one page of the list.
const PAGE: u32 = 30;

/// What the journal page is asked for: a page of older entries, and the notice after a
/// change (read back from the journal itself, so a reload changes nothing).
#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    /// The entries after this one (an entry id of the viewer's journal).
    before: Option<String>,
    written: Option<String>,
    changed: Option<String>,
    /// The day of the entry deleted.
    deleted: Option<String>,
}

/// The entry form's fields as sent: every pair, so that the kinds' checkboxes may repeat.
struct EntryFields {
    date: String,
    kinds: Vec<String>,
    energy: String,
    learned_yes: bool,
    learned: String,
    hands_on: String,
    note: String,
}

impl EntryFields {
    fn of(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self {
            date: String::new(),
            kinds: Vec::new(),
            energy: String::new(),
            learned_yes: false,
            learned: String::new(),
            hands_on: String::new(),
            note: String::new(),
        };
        for (name, value) in pairs {
            match name.as_str() {
                "date" => f.date = value,
                "kinds" => f.kinds.push(value),
                "energy" => f.energy = value,
                "learned_yes" => f.learned_yes = !value.is_empty(),
                "learned" => f.learned = value,
                "hands_on" => f.hands_on = value,
                "note" => f.note = value,
                _ => {}
            }
        }
        f
    }

    /// The values to show again after a refusal: as sent.
    fn values(&self) -> EntryValues {
        EntryValues {
            date: self.date.clone(),
            kinds: self.kinds.clone(),
            energy: self.energy.clone(),
            learned_yes: self.learned_yes,
            learned: self.learned.clone(),
            hands_on: match self.hands_on.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            note: self.note.clone(),
        }
    }

    /// The entry, or the form's refusal naming every faulty field.
    fn parse(
        &self,
        state_fw: &pendulum_framework::Framework,
        today: Date,
        kept: &[KindId],
    ) -> Result<NewJournalEntry, FormErrors> {
        let mut extra: Vec<(&'static str, String)> = Vec::new();
        let energy = if self.energy.trim().is_empty() {
            Err("choose how the work left you, from −2 (depleted) to +2 (wanting more)".into())
        } else {
            Energy::parse(&self.energy).map_err(|e| e.0)
        };
        let hands_on = match self.hands_on.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            "" => None,
            _ => {
                extra.push((
                    "hands_on",
                    "answer yes or no, or leave it unanswered".into(),
                ));
                None
            }
        };
        let learned = self.learned.trim();
        if self.learned_yes && learned.is_empty() {
            extra.push((
                "learned",
                "say in a few words what you learned, or untick “I learned something”".into(),
            ));
        }
        let draft = Draft {
            date: Some(&self.date),
            kinds: &self.kinds,
            energy,
            learned: Some(&self.learned),
            hands_on,
            note: &self.note,
        };
        let refusals = match service::check(state_fw, &draft, today, kept) {
            Ok(entry) if extra.is_empty() => return Ok(entry),
            Ok(_) => Vec::new(),
            Err(refusals) => refusals,
        };
        let mut all = refusals;
        for (field, message) in extra {
            if !all.iter().any(|(f, _)| *f == field) {
                all.push((field, message));
            }
        }
        all.sort_by_key(|(f, _)| service::FIELDS.iter().position(|x| x == f));
        let mut errors = FormErrors::new(FORM, "The entry was not saved.");
        for (field, message) in all {
            errors = errors.at(field, sentence(&message));
        }
        Err(errors)
    }
}

/// A message of the domain (`a note needs at most …`) as a sentence.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

fn entry_id(id: &str) -> Result<JournalEntryId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

/// The notice of a change, from the page's query: the entry written or changed is read
/// back (an id of nobody's journal says nothing).
async fn notice<S: Store>(owner: &Owner<'_, S>, q: &PageQuery) -> Option<String> {
    let read = |id: &Option<String>| id.as_deref().and_then(|id| id.parse().ok());
    if let Some(id) = read(&q.written) {
        let e = owner.journal_entry(id).await.ok()?;
        return Some(format!("Written: your entry of {}.", long_date(e.date)));
    }
    if let Some(id) = read(&q.changed) {
        let e = owner.journal_entry(id).await.ok()?;
        return Some(format!("Changed: your entry of {}.", long_date(e.date)));
    }
    let day = parse_date(q.deleted.as_deref()?).ok()?;
    Some(format!("Deleted: your entry of {}.", long_date(day)))
}

/// The journal page for `viewer`, its form holding `values`.
async fn journal_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    q: &PageQuery,
    values: Option<EntryValues>,
) -> Result<JournalView, WebError> {
    let links = app_links(viewer);
    let Ok(owner) = viewer.owner() else {
        return Ok(JournalView::new(org_name(state), &links, None));
    };
    let latest = state.latest_framework().await?;
    let fw = &latest.framework;
    let kinds = service::kinds(fw);
    let today = state.sealed().today();
    let after = match q.before.as_deref() {
        Some(id) => Some(JournalCursor::from(
            &owner.journal_entry(entry_id(id)?).await?,
        )),
        None => None,
    };
    let mut entries = owner.journal_after(after, PAGE + 1).await?;
    let older = (entries.len() > PAGE as usize).then(|| {
        entries.truncate(PAGE as usize);
        let last = entries.last().expect("a full page has a last entry");
        paths::with_query(paths::JOURNAL, &[("before", &last.id.to_string())]) + "#journal-entries"
    });
    let insights = service::insights(&owner, fw, today).await?;
    let form = EntryForm::new(
        paths::JOURNAL,
        viewer.csrf(),
        &kinds,
        values.unwrap_or_else(|| EntryValues::new_on(today)),
        today,
        "Write it down",
    );
    // After the first entry (or the first visit since recovery codes exist): shown once.
    let code = owner.first_recovery_code().await?;
    let page = JournalPage {
        notice: notice(&owner, q).await,
        form,
        insights: InsightsSection::new(&insights),
        entries: entries.iter().map(|e| EntryCard::new(e, &kinds)).collect(),
        older,
        newest: after.is_some().then(|| paths::JOURNAL.to_string()),
        csv: paths::JOURNAL_CSV.to_string(),
        json: paths::JOURNAL_JSON.to_string(),
    };
    Ok(JournalView::new(org_name(state), &links, Some(page))
        .with_recovery_code(code.map(|c| RecoveryCodeNotice::new(c.grouped(), true))))
}

/// The journal page.
pub(super) async fn page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let view = journal_view(&state, &viewer, &q, None).await?;
    Ok(render(&view, htmx))
}

/// Writes an entry and shows the journal with it; or the page again (422) with what is
/// wrong and the values as sent.
pub(super) async fn write<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let fields = EntryFields::of(pairs);
    let latest = state.latest_framework().await?;
    let today = state.sealed().today();
    let refused = match fields.parse(&latest.framework, today, &[]) {
        Ok(entry) => match owner.write_journal(&entry).await {
            Ok(written) => {
                let to = paths::with_query(paths::JOURNAL, &[("written", &written.id.to_string())]);
                return Ok(Redirect::to(&format!("{to}#entry-{}", written.id)).into_response());
            }
            // A full journal.
            Err(WebError::Invalid { message, .. }) => FormErrors::new(FORM, sentence(&message)),
            Err(e) => return Err(e),
        },
        Err(errors) => errors,
    };
    let view = journal_view(
        &state,
        &viewer,
        &PageQuery::default(),
        Some(fields.values()),
    )
    .await?
    .with_errors(refused);
    Ok(render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &view,
        htmx,
    ))
}

fn edit_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    entry: &JournalEntry,
    values: EntryValues,
    kinds: &[pendulum_domain::journal::KindInfo],
) -> JournalEditView {
    let id = entry.id.to_string();
    let form = EntryForm::new(
        &paths::fill(paths::JOURNAL_EDIT, &[&id]),
        viewer.csrf(),
        kinds,
        values,
        state.sealed().today(),
        "Save the changes",
    );
    JournalEditView::new(org_name(state), &app_links(viewer), entry.date, form, &id)
}

/// An entry's own form, holding the entry.
pub(super) async fn edit_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let entry = owner.journal_entry(entry_id(&id)?).await?;
    let latest = state.latest_framework().await?;
    let kinds = service::kinds(&latest.framework);
    let view = edit_view(&state, &viewer, &entry, EntryValues::of(&entry), &kinds);
    Ok(render(&view, htmx))
}

/// Changes an entry and shows the journal; or the form again (422).
pub(super) async fn edit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let before = owner.journal_entry(entry_id(&id)?).await?;
    let fields = EntryFields::of(pairs);
    let latest = state.latest_framework().await?;
    let kinds = service::kinds(&latest.framework);
    let today = state.sealed().today();
    match fields.parse(&latest.framework, today, &before.kinds) {
        Ok(entry) => {
            let changed = owner.change_journal(before.id, &entry).await?;
            let to = paths::with_query(paths::JOURNAL, &[("changed", &changed.id.to_string())]);
            Ok(Redirect::to(&format!("{to}#entry-{}", changed.id)).into_response())
        }
        Err(errors) => {
            let view =
                edit_view(&state, &viewer, &before, fields.values(), &kinds).with_errors(errors);
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view,
                htmx,
            ))
        }
    }
}

/// The confirmation before deleting an entry.
pub(super) async fn delete_form<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let entry = owner.journal_entry(entry_id(&id)?).await?;
    let latest = state.latest_framework().await?;
    let kinds = service::kinds(&latest.framework);
    let view = JournalDeleteView::new(
        org_name(&state),
        &app_links(&viewer),
        EntryCard::new(&entry, &kinds),
        viewer.csrf(),
    );
    Ok(render(&view, htmx))
}

/// Deletes an entry for good and shows the journal.
pub(super) async fn delete<S: Store>(
    viewer: Viewer<S>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let owner = viewer.owner()?;
    let entry = owner.journal_entry(entry_id(&id)?).await?;
    owner.delete_journal(entry.id).await?;
    let to = paths::with_query(paths::JOURNAL, &[("deleted", &entry.date.to_string())]);
    Ok(Redirect::to(&format!("{to}#journal-entries")).into_response())
}
