//! A person's journal as a CSV file (RFC 4180): one row per entry, in the journal's order
//! (newest first), under a header row. The author downloads it from their journal page;
//! `docs/journal.md` documents the columns.
//!
//! Text (what was learned, the note) is written as typed: line breaks, commas and quotes
//! are quoted the RFC 4180 way, and a cell a spreadsheet would read as a formula gets a
//! leading `'` ([`escape_cell`]). Rows are written a page at a time, so a caller can send
//! a long journal as it reads it.

use pendulum_domain::journal::JournalEntry;

use crate::cell::escape_cell;
use crate::format::{write_date, write_timestamp};

/// The columns, in order.
pub const JOURNAL_COLUMNS: [&str; 8] = [
    "id",
    "date",
    "kinds",
    "energy",
    "learned",
    "hands_on",
    "note",
    "written_at",
];

/// The header row, with its line end.
pub fn journal_header() -> Vec<u8> {
    rows(|w| w.write_record(JOURNAL_COLUMNS))
}

/// `entries` as rows of the file, each with its line end. The kinds of an entry are its
/// kind ids separated by `;`; energy is a whole number from -2 to 2; `learned` is empty
/// when nothing was learned; `hands_on` is `true` or `false`.
pub fn journal_rows(entries: &[JournalEntry]) -> Vec<u8> {
    rows(|w| {
        for e in entries {
            let kinds: Vec<&str> = e.kinds.iter().map(|k| k.as_str()).collect();
            w.write_record([
                e.id.to_string().as_str(),
                &write_date(e.date),
                &kinds.join(";"),
                &e.energy.get().to_string(),
                &escape_cell(e.learned.as_deref().unwrap_or("")),
                if e.hands_on { "true" } else { "false" },
                &escape_cell(&e.note),
                &write_timestamp(e.written_at),
            ])?;
        }
        Ok(())
    })
}

fn rows(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    write(&mut w).expect("writing to memory cannot fail");
    w.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use pendulum_domain::journal::{Energy, KindId};
    use pendulum_domain::{JournalEntryId, PersonId};
    use time::macros::{date, datetime};

    use super::*;
    use crate::cell::unescape_cell;

    #[test]
    fn rows_read_back_field_for_field() {
        let entry = JournalEntry {
            id: JournalEntryId::new(),
            person: PersonId::new(),
            date: date!(2026 - 11 - 02),
            kinds: vec![
                KindId::new("building").unwrap(),
                KindId::new("code-review").unwrap(),
            ],
            energy: Energy::new(-1).unwrap(),
            learned: Some("=SUM(A1)".to_string()),
            hands_on: true,
            note: "one, \"two\"\r\nthree".replace("\r\n", "\n"),
            written_at: datetime!(2026-11-02 18:30:00.25 UTC),
        };
        let mut file = journal_header();
        file.extend(journal_rows(std::slice::from_ref(&entry)));
        let mut reader = csv::Reader::from_reader(file.as_slice());
        assert_eq!(reader.headers().unwrap(), JOURNAL_COLUMNS.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(&row[0], entry.id.to_string());
        assert_eq!(&row[1], "2026-11-02");
        assert_eq!(&row[2], "building;code-review");
        assert_eq!(&row[3], "-1");
        assert_eq!(&row[4], "'=SUM(A1)", "a formula is not run");
        assert_eq!(unescape_cell(&row[4]), "=SUM(A1)");
        assert_eq!(&row[5], "true");
        assert_eq!(&row[6], "one, \"two\"\nthree");
        assert_eq!(&row[7], "2026-11-02T18:30:00.250000Z");
    }
}
