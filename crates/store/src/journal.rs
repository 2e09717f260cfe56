//! The energy-and-learning journal: each person's own notes ([`pendulum_domain::journal`]).
//!
//! Unlike role and pay histories, a journal is the author's to change: entries are written,
//! changed and deleted by their author, and nothing else refers to them. Who may call these
//! methods is decided where requests are authorised (the owner-only capability); the store
//! scopes every call to one person of one organisation, so an entry id of another person
//! is not found. No audit row names an entry or holds its text: the log is read by admins,
//! and a journal is private.

use std::future::Future;

use pendulum_domain::journal::{self, Insights, JournalEntry, KindInfo, NewJournalEntry};
use pendulum_domain::{JournalEntryId, PersonId};
use time::{Date, Duration, OffsetDateTime};

use crate::base::Base;
use crate::error::Result;

/// The most entries one person's journal holds: several a day for years. A write beyond it
/// is refused with [`crate::StoreError::Invalid`], so no one account can fill the disk.
pub const MAX_JOURNAL_ENTRIES: u32 = 20_000;

/// Each person's journal.
pub trait Journals: Base {
    /// Writes a new entry in `person`'s journal. [`crate::StoreError::NotFound`] when the
    /// person is not in the organisation; `Invalid` when the journal is full.
    fn add_journal_entry(
        &self,
        person: PersonId,
        entry: &NewJournalEntry,
    ) -> impl Future<Output = Result<JournalEntry>> + Send;

    /// `person`'s entries dated from `from` to `to` (both included, either open), newest
    /// first (by date, then by when they were written), at most `limit`.
    fn journal_entries(
        &self,
        person: PersonId,
        from: Option<Date>,
        to: Option<Date>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<JournalEntry>>> + Send;

    /// `person`'s entries that come after `after` in the journal's order (newest first: by
    /// date, then by when they were written, then by id), at most `limit`; from the newest
    /// without `after`. Reading page after page this way visits every entry once, however
    /// many share a date: the journal page's "older entries" and the downloads.
    fn journal_entries_after(
        &self,
        person: PersonId,
        after: Option<JournalCursor>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<JournalEntry>>> + Send;

    /// The date of `person`'s latest hands-on entry dated on or before `until`, however old;
    /// `None` when there is none. Found by the database, so insights need not read the
    /// journal's older entries to know how long it has been since hands-on work.
    fn latest_hands_on(
        &self,
        person: PersonId,
        until: Date,
    ) -> impl Future<Output = Result<Option<Date>>> + Send;

    /// One entry of `person`'s journal; `NotFound` when it is not theirs.
    fn journal_entry(
        &self,
        person: PersonId,
        id: JournalEntryId,
    ) -> impl Future<Output = Result<JournalEntry>> + Send;

    /// Replaces an entry's content (its id and when it was first written stay).
    fn change_journal_entry(
        &self,
        person: PersonId,
        id: JournalEntryId,
        entry: &NewJournalEntry,
    ) -> impl Future<Output = Result<JournalEntry>> + Send;

    /// Deletes an entry for good.
    fn delete_journal_entry(
        &self,
        person: PersonId,
        id: JournalEntryId,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// The kinds of an entry as stored: their ids joined by commas (an id holds no comma).
pub fn kinds_column(entry: &NewJournalEntry) -> String {
    entry
        .kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The kinds read back from [`kinds_column`].
pub fn parse_kinds(column: &str) -> Result<Vec<pendulum_domain::journal::KindId>> {
    column
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            pendulum_domain::journal::KindId::new(s)
                .map_err(|e| crate::StoreError::corrupt(format!("journal kind {s:?}: {}", e.0)))
        })
        .collect()
}

/// Where a read of a journal stopped: the last entry read, by the keys of the journal's
/// order ([`Journals::journal_entries_after`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JournalCursor {
    pub date: Date,
    pub written_at: OffsetDateTime,
    pub id: JournalEntryId,
}

impl From<&JournalEntry> for JournalCursor {
    fn from(e: &JournalEntry) -> Self {
        Self {
            date: e.date,
            written_at: e.written_at,
            id: e.id,
        }
    }
}

/// The insights of `person`'s journal on `today` ([`journal::insights`]): the entries of
/// the weeks covered and the date of the latest hands-on entry, however old. The journal
/// page, the API and `pendulum journal insights` all read them here, so they show the same
/// figures.
pub async fn insights<J: Journals>(
    journals: &J,
    person: PersonId,
    kinds: &[KindInfo],
    today: Date,
) -> Result<Insights> {
    let since = journal::week_of(today) - Duration::weeks(i64::from(journal::INSIGHT_WEEKS) - 1);
    let entries = journals
        .journal_entries(person, Some(since), Some(today), MAX_JOURNAL_ENTRIES)
        .await?;
    let last_hands_on = journals.latest_hands_on(person, today).await?;
    Ok(journal::insights(&entries, last_hands_on, kinds, today))
}
