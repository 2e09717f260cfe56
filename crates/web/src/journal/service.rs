//! What the journal's pages, API and command line share: an entry's input parsed once
//! against the framework's kinds of work (every refused field named, for a form; the first
//! one, for the API), and the insights of the viewer's own journal.

use pendulum_domain::journal::{
    self, Energy, EntryRefused, Insights, KindId, KindInfo, NewJournalEntry,
};
use pendulum_domain::parse_date;
use pendulum_framework::Framework;
use pendulum_store::Store;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

use crate::access::Owner;
use crate::error::WebError;

/// The most entries one read returns.
pub const MAX_PAGE: u32 = 1000;

/// The fields of an entry in the order a form shows them, which is the order refusals are
/// named in.
pub const FIELDS: [&str; 6] = ["date", "kinds", "energy", "learned", "hands_on", "note"];

/// An entry as written or changed through the API (the journal page's form and `pendulum journal add` take the same fields).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct JournalInput {
    /// `YYYY-MM-DD`, not after today; today when left out.
    pub date: Option<String>,
    /// The ids of the kinds of work (the framework's `journal.kinds`), at most 12.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// From -2 (depleted) to +2 (wanting more).
    pub energy: i64,
    /// What was learned; left out, `null` or empty when nothing.
    pub learned: Option<String>,
    /// Whether the work was hands-on; when left out, whether any kind named is hands-on.
    pub hands_on: Option<bool>,
    /// A free note, at most 4,000 characters.
    pub note: Option<String>,
}

/// An entry's fields as text, before parsing: what the form, the API and the command line
/// send. `energy` is already read as far as its sender reads it (the form's radio buttons
/// may have sent nothing).
pub struct Draft<'a> {
    pub date: Option<&'a str>,
    pub kinds: &'a [String],
    pub energy: Result<Energy, String>,
    pub learned: Option<&'a str>,
    /// `None`: as the kinds of work say.
    pub hands_on: Option<bool>,
    pub note: &'a str,
}

/// A refused field (one of [`FIELDS`]) and why, in a sentence of the domain's.
pub type Refusal = (&'static str, String);

/// The framework's kinds of work, as the insights name them.
pub fn kinds(fw: &Framework) -> Vec<KindInfo> {
    journal::kinds_of(fw)
}

fn refused(field: &'static str, message: String) -> WebError {
    WebError::invalid("invalid_entry", message).at_field(field)
}

/// Parses `draft` into an entry written on `today`, naming every refused field (in the
/// order of [`FIELDS`]): every value bounded, every kind one the framework lists (an entry
/// already holding a kind the framework dropped keeps it only if the author sends it back
/// unchanged: `kept`).
pub fn check(
    fw: &Framework,
    draft: &Draft<'_>,
    today: Date,
    kept: &[KindId],
) -> Result<NewJournalEntry, Vec<Refusal>> {
    let mut refusals: Vec<Refusal> = Vec::new();
    let date = match draft.date.map(str::trim) {
        None | Some("") => Some(today),
        Some(s) => match parse_date(s) {
            Ok(d) => Some(d),
            Err(e) => {
                refusals.push(("date", e.0));
                None
            }
        },
    };
    let known = kinds(fw);
    let mut ids = Vec::with_capacity(draft.kinds.len().min(journal::MAX_KINDS_PER_ENTRY));
    if draft.kinds.len() > 4 * journal::MAX_KINDS_PER_ENTRY {
        refusals.push((
            "kinds",
            format!(
                "an entry names at most {} kinds of work",
                journal::MAX_KINDS_PER_ENTRY
            ),
        ));
    } else {
        for raw in draft.kinds {
            let id = match KindId::new(raw) {
                Ok(id) => id,
                Err(e) => {
                    refusals.push(("kinds", e.0));
                    break;
                }
            };
            if !known.iter().any(|k| k.id == id.as_str()) && !kept.contains(&id) {
                let names: Vec<&str> = known.iter().map(|k| k.id.as_str()).collect();
                refusals.push((
                    "kinds",
                    format!(
                        "{} is not a kind of work of the framework; use {}",
                        id,
                        names.join(", ")
                    ),
                ));
                break;
            }
            ids.push(id);
        }
    }
    let energy = match &draft.energy {
        Ok(e) => Some(*e),
        Err(message) => {
            refusals.push(("energy", message.clone()));
            None
        }
    };
    let hands_on = draft.hands_on.unwrap_or_else(|| {
        ids.iter()
            .any(|id| known.iter().any(|k| k.id == id.as_str() && k.hands_on))
    });
    // The domain's own checks run on what could be read, so that a refused date or
    // energy does not hide a refused note.
    let checked = NewJournalEntry::checked(
        date.unwrap_or(today),
        ids,
        energy.unwrap_or_else(|| Energy::new(0).expect("0 is an energy")),
        draft.learned,
        hands_on,
        draft.note,
        today,
    );
    match checked {
        Ok(entry) if refusals.is_empty() => Ok(entry),
        Ok(_) => Err(refusals),
        Err(more) => {
            for EntryRefused { field, error } in more {
                if !refusals.iter().any(|(f, _)| *f == field) {
                    refusals.push((field, error.0));
                }
            }
            refusals.sort_by_key(|(f, _)| FIELDS.iter().position(|x| x == f));
            Err(refusals)
        }
    }
}

/// Parses `input` into an entry written on `today` ([`check`]), refusing with the first
/// faulty field.
pub fn parse(
    fw: &Framework,
    input: &JournalInput,
    today: Date,
    kept: &[KindId],
) -> Result<NewJournalEntry, WebError> {
    let draft = Draft {
        date: input.date.as_deref(),
        kinds: &input.kinds,
        energy: Energy::new(input.energy).map_err(|e| e.0),
        learned: input.learned.as_deref(),
        hands_on: input.hands_on,
        note: input.note.as_deref().unwrap_or(""),
    };
    check(fw, &draft, today, kept).map_err(|mut refusals| {
        let (field, message) = refusals.swap_remove(0);
        refused(field, message)
    })
}

/// The insights of the owner's journal on `today`: the entries of the weeks they cover
/// and the date of the latest hands-on entry, however old
/// (`pendulum_store::journal::insights`).
pub async fn insights<S: Store>(
    owner: &Owner<'_, S>,
    fw: &Framework,
    today: Date,
) -> Result<Insights, WebError> {
    owner.journal_insights(&kinds(fw), today).await
}

/// Whether the owner has written an entry dated in the week of `today` (from its Monday):
/// the home page's prompt says so when they have not.
pub async fn written_this_week<S: Store>(
    owner: &Owner<'_, S>,
    today: Date,
) -> Result<bool, WebError> {
    let monday = journal::week_of(today);
    Ok(!owner
        .journal(Some(monday), Some(today), 1)
        .await?
        .is_empty())
}
