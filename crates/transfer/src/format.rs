//! The CSV formats: their columns, how a file's kind is told from its header, and how
//! values are written and read. `docs/data.md` documents them for people.

use std::fmt;

use pendulum_domain::Money;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// The kinds of CSV file an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    People,
    Events,
    Pay,
    /// Reporting-line changes: who reports to whom, from when.
    Reporting,
    /// `--map titles.csv`: titles to level ids.
    Titles,
}

impl FileKind {
    /// The file's name in an export directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::People => "people.csv",
            Self::Events => "events.csv",
            Self::Pay => "pay.csv",
            Self::Reporting => "reporting.csv",
            Self::Titles => "titles.csv",
        }
    }

    /// Every column, in the order an export writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::People => PEOPLE,
            Self::Events => EVENTS,
            Self::Pay => PAY,
            Self::Reporting => REPORTING,
            Self::Titles => TITLES,
        }
    }

    /// The columns a file of this kind must have; the others may be left out.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Self::People => &["name", "email"],
            Self::Events => &["email", "kind", "effective"],
            Self::Pay => &["email", "effective", "amount", "currency"],
            Self::Reporting => &["email", "effective", "manager_email"],
            Self::Titles => &["title", "level"],
        }
    }

    /// The kind of a file from its header: a `kind` column makes an events file, an
    /// `amount` column a pay file, a `name` column a people file, a `manager_email` column
    /// without `name` a reporting file.
    pub fn detect(header: &[String]) -> Option<Self> {
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("kind") {
            Some(Self::Events)
        } else if has("amount") {
            Some(Self::Pay)
        } else if has("name") {
            Some(Self::People)
        } else if has("manager_email") {
            Some(Self::Reporting)
        } else if has("title") {
            Some(Self::Titles)
        } else {
            None
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::People => "people",
            Self::Events => "role events",
            Self::Pay => "pay events",
            Self::Reporting => "reporting changes",
            Self::Titles => "title map",
        })
    }
}

pub const PEOPLE: &[&str] = &["person_id", "name", "email", "manager_email"];
pub const EVENTS: &[&str] = &[
    "event_id",
    "email",
    "seq",
    "kind",
    "effective",
    "recorded_at",
    "framework_version",
    "level",
    "until",
    "outcome",
    "reason",
    "supersedes",
];
pub const PAY: &[&str] = &[
    "pay_event_id",
    "email",
    "seq",
    "effective",
    "recorded_at",
    "amount",
    "currency",
    "reason",
];
/// A reporting change: `effective` empty means "from the start of the person's record",
/// `manager_email` empty "reports to nobody from then".
pub const REPORTING: &[&str] = &[
    "email",
    "seq",
    "effective",
    "manager_email",
    "reason",
    "recorded_at",
];
pub const TITLES: &[&str] = &["title", "level"];

/// The columns of numbers, dates, times and ids. Every other column holds text, which is
/// escaped for spreadsheets on export and unescaped on import ([`crate::escape_cell`]); so
/// a new column is escaped unless it is added here.
const VALUES: &[&str] = &[
    "person_id",
    "event_id",
    "pay_event_id",
    "seq",
    "effective",
    "recorded_at",
    "framework_version",
    "until",
    "amount",
    "supersedes",
];

/// Whether `column` holds text (see [`VALUES`]).
pub(crate) fn is_text(column: &str) -> bool {
    !VALUES.contains(&column)
}

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A recorded-at time as exported: RFC 3339, UTC, microseconds (fixed width).
pub fn write_timestamp(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("every UTC time formats")
}

/// Any RFC 3339 time, kept to the microsecond (what both databases store).
pub fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    let t = OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|_| format!("{s:?} is not an RFC 3339 time, e.g. 2024-03-01T09:30:00Z"))?;
    Ok(t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .expect("a truncated nanosecond is in range")
        .to_offset(UtcOffset::UTC))
}

pub fn write_date(d: Date) -> String {
    d.format(DATE).expect("every date formats")
}

/// A date in the years 1900–2200, as every door reads it ([`pendulum_domain::parse_date`]).
pub fn parse_date(s: &str) -> Result<Date, String> {
    pendulum_domain::parse_date(s).map_err(|e| e.0)
}

/// An amount in major units, as the import reads it back ([`Money::parse`]): `85000`,
/// `85000.50`, `1500000` for JPY.
pub fn write_amount(money: &Money) -> String {
    money.to_decimal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_in_each_currency_minor_unit() {
        for (minor, currency, written) in [
            (5, "EUR", "0.05"),
            (8_500_000, "EUR", "85000"),
            (8_500_050, "EUR", "85000.50"),
            (1_500_000, "JPY", "1500000"),
            (12_000_125, "BHD", "12000.125"),
        ] {
            let money = Money::parse(written, currency).unwrap();
            assert_eq!(money.minor, minor);
            assert_eq!(write_amount(&money), written);
        }
    }

    #[test]
    fn timestamps_keep_microseconds_in_utc() {
        let t = parse_timestamp("2024-03-01T10:30:00.1234567+01:00").unwrap();
        assert_eq!(write_timestamp(t), "2024-03-01T09:30:00.123456Z");
        assert_eq!(parse_timestamp(&write_timestamp(t)), Ok(t));
        assert!(parse_timestamp("2024-03-01").is_err());
    }

    #[test]
    fn kinds_come_from_headers() {
        let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(FileKind::detect(&header(EVENTS)), Some(FileKind::Events));
        assert_eq!(FileKind::detect(&header(PAY)), Some(FileKind::Pay));
        assert_eq!(FileKind::detect(&header(PEOPLE)), Some(FileKind::People));
        assert_eq!(FileKind::detect(&header(&["a", "b"])), None);
    }

    #[test]
    fn only_text_columns_are_text() {
        let text: Vec<&str> = [PEOPLE, EVENTS, PAY, TITLES]
            .concat()
            .into_iter()
            .filter(|c| is_text(c))
            .collect();
        assert_eq!(
            text,
            [
                "name",
                "email",
                "manager_email",
                "email",
                "kind",
                "level",
                "outcome",
                "reason",
                "email",
                "currency",
                "reason",
                "title",
                "level"
            ]
        );
    }
}
