//! The energy-and-learning journal: each person's own notes ([`pendulum_domain::journal`]).
//!
//! Unlike role and pay histories, a journal is the author's to change: entries are written,
//! changed and deleted by their author, and nothing else refers to them. Who may call these
//! methods is decided where requests are authorised (the owner-only capability); the store
//! scopes every call to one person of one organisation, so an entry id of another person
//! is not found. No audit row names an entry or holds its text: the log is read by admins,
//! and a journal is private.

use std::future::Future;

use pendulum_domain::journal::{JournalEntry, NewJournalEntry};
use pendulum_domain::{JournalEntryId, PersonId};
use time::Date;

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
