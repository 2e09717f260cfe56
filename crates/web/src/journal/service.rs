//! What the journal's pages and API share: an entry's input parsed once against the
//! framework's kinds of work, and the insights of the viewer's own journal.

use pendulum_domain::journal::{
    self, Energy, EntryRefused, Insights, JournalEntry, KindId, KindInfo, NewJournalEntry,
};
use pendulum_domain::parse_date;
use pendulum_framework::Framework;
use pendulum_store::Store;
use serde::Deserialize;
use time::{Date, Duration};
use utoipa::ToSchema;

use crate::access::Owner;
use crate::error::WebError;

/// The most entries one read returns.
pub const MAX_PAGE: u32 = 1000;

/// An entry as written or changed: through the API as JSON, through the page as a form.
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

/// The framework's kinds of work, as the insights name them.
pub fn kinds(fw: &Framework) -> Vec<KindInfo> {
    fw.journal_kinds()
        .iter()
        .map(|k| KindInfo {
            id: k.id.as_str().to_string(),
            name: k.name.clone(),
            hands_on: k.hands_on,
        })
        .collect()
}

fn refused(field: &'static str, message: String) -> WebError {
    WebError::invalid("invalid_entry", message).at_field(field)
}

/// Parses `input` into an entry written on `today`: every value bounded, every kind one
/// the framework lists (an entry already holding a kind the framework dropped keeps it
/// only if the author sends it back unchanged: `kept`).
pub fn parse(
    fw: &Framework,
    input: &JournalInput,
    today: Date,
    kept: &[KindId],
) -> Result<NewJournalEntry, WebError> {
    let date = match input.date.as_deref().map(str::trim) {
        None | Some("") => today,
        Some(s) => parse_date(s).map_err(|e| refused("date", e.0))?,
    };
    let known = kinds(fw);
    if input.kinds.len() > 4 * journal::MAX_KINDS_PER_ENTRY {
        return Err(refused(
            "kinds",
            format!(
                "an entry names at most {} kinds of work",
                journal::MAX_KINDS_PER_ENTRY
            ),
        ));
    }
    let mut ids = Vec::with_capacity(input.kinds.len());
    for raw in &input.kinds {
        let id = KindId::new(raw).map_err(|e| refused("kinds", e.0))?;
        if !known.iter().any(|k| k.id == id.as_str()) && !kept.contains(&id) {
            let names: Vec<&str> = known.iter().map(|k| k.id.as_str()).collect();
            return Err(refused(
                "kinds",
                format!(
                    "{} is not a kind of work of the framework; use {}",
                    id,
                    names.join(", ")
                ),
            ));
        }
        ids.push(id);
    }
    let energy = Energy::new(input.energy).map_err(|e| refused("energy", e.0))?;
    let hands_on = input.hands_on.unwrap_or_else(|| {
        ids.iter()
            .any(|id| known.iter().any(|k| k.id == id.as_str() && k.hands_on))
    });
    NewJournalEntry::new(
        date,
        ids,
        energy,
        input.learned.as_deref(),
        hands_on,
        input.note.as_deref().unwrap_or(""),
        today,
    )
    .map_err(|EntryRefused { field, error }| refused(field, error.0))
}

/// The insights of the owner's journal on `today`: the entries of the weeks they cover
/// and, for the days since hands-on work, the latest hands-on entry however old.
pub async fn insights<S: Store>(
    owner: &Owner<'_, S>,
    fw: &Framework,
    today: Date,
) -> Result<Insights, WebError> {
    let since = journal::week_of(today) - Duration::weeks(i64::from(journal::INSIGHT_WEEKS) - 1);
    let mut entries = owner
        .journal(
            Some(since),
            Some(today),
            pendulum_store::MAX_JOURNAL_ENTRIES,
        )
        .await?;
    if !entries.iter().any(|e| e.hands_on) {
        let earlier = owner
            .journal(
                None,
                Some(since - Duration::days(1)),
                pendulum_store::MAX_JOURNAL_ENTRIES,
            )
            .await?;
        entries.extend(
            earlier
                .into_iter()
                .filter(|e: &JournalEntry| e.hands_on)
                .take(1),
        );
    }
    Ok(journal::insights(&entries, &kinds(fw), today))
}
