//! Dates people enter: when a change takes effect, a trial's planned end, a pay change's
//! effective date. Written `YYYY-MM-DD` everywhere and held to the years 1900–2200: a
//! career starts after 1900 and plans do not reach past 2200, and a year outside that
//! range is a typing mistake (`0202-01-01`, `20224-01-01`), not a date anyone meant.
//! The range also keeps every date within what RFC 3339 and both databases can write.

use time::Date;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use crate::person::InvalidValue;

/// The earliest year a date may fall in.
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a date may fall in.
pub const LAST_YEAR: i32 = 2200;

const FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A `YYYY-MM-DD` date in the years 1900–2200.
pub fn parse_date(s: &str) -> Result<Date, InvalidValue> {
    let s = s.trim();
    // A year is four digits: `time` also reads a sign and six digits (`+12024-01-01`).
    let date = Date::parse(s, FORMAT)
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| {
            let shown = if s.chars().count() <= 40 {
                format!("{s:?}")
            } else {
                "this value".to_string()
            };
            InvalidValue(format!("{shown} is not a date; use YYYY-MM-DD"))
        })?;
    check_date(date)
}

/// `date` if it falls in the years 1900–2200.
pub fn check_date(date: Date) -> Result<Date, InvalidValue> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(InvalidValue(format!(
            "{date} is out of range: dates fall in the years {FIRST_YEAR}–{LAST_YEAR}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn dates_are_iso_and_in_range() {
        assert_eq!(parse_date("2024-03-01"), Ok(date!(2024 - 03 - 01)));
        assert_eq!(parse_date(" 1900-01-01 "), Ok(date!(1900 - 01 - 01)));
        assert_eq!(parse_date("2200-12-31"), Ok(date!(2200 - 12 - 31)));
        assert_eq!(
            parse_date("1850-06-01").unwrap_err().0,
            "1850-06-01 is out of range: dates fall in the years 1900–2200"
        );
        assert!(parse_date("2201-01-01").is_err());
        assert!(parse_date("+2024-01-01").is_err());
        assert!(parse_date("-9999-01-01").is_err());
        assert_eq!(
            parse_date("2020-13-01").unwrap_err().0,
            "\"2020-13-01\" is not a date; use YYYY-MM-DD"
        );
        assert_eq!(
            parse_date(&"9".repeat(100)).unwrap_err().0,
            "this value is not a date; use YYYY-MM-DD"
        );
    }

    proptest! {
        #[test]
        fn any_string_is_a_date_in_range_or_refused(s in "[-+0-9]{0,12}|\\PC{0,12}") {
            if let Ok(d) = parse_date(&s) {
                prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&d.year()));
                prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
            }
        }
    }
}
