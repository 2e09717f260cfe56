//! Dates and times as pages show them, the same on every page.

use time::{Date, OffsetDateTime, UtcOffset};

/// A moment, in UTC to the minute: `2026-03-01 09:30 UTC`.
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A day: `2026-03-01` (ISO 8601, as the import files and the API write it).
pub fn date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn a_timestamp_is_shown_in_utc_to_the_minute() {
        assert_eq!(
            timestamp(datetime!(2026-03-01 09:30:59 UTC)),
            "2026-03-01 09:30 UTC"
        );
        assert_eq!(
            timestamp(datetime!(2026-03-01 01:05 +02:00)),
            "2026-02-28 23:05 UTC"
        );
    }

    #[test]
    fn a_date_is_iso_8601_with_padded_fields() {
        assert_eq!(date(date!(2026 - 03 - 01)), "2026-03-01");
        assert_eq!(date(date!(0987 - 11 - 30)), "0987-11-30");
    }
}
