//! Text cells made safe for spreadsheets, reversibly.
//!
//! Spreadsheets read a cell that begins with `=`, `+`, `-` or `@` (and, in some, a tab, a
//! carriage return or NUL) as a formula, so a name like `=HYPERLINK("http://x")` in an
//! export would run when someone opens the file (CSV or formula injection; OWASP and ASVS
//! 1.2.10 name these characters). A text cell that begins with one of them is written with
//! a leading `'`, which spreadsheets take as "this is text" and do not show.
//!
//! The rule must also be undone exactly on import, so that an export imported into an
//! empty database exports again byte for byte. So a cell that genuinely begins with `'`
//! gets one more `'` too, and reading removes exactly one leading `'` from a text cell:
//! `=1` is written `'=1`, `'x` is written `''x`, and both read back as they were.
//!
//! Only text columns go through this (names, emails, levels, reasons, …); numbers, dates
//! and ids are written as they are, which keeps `-5` a number.

use std::borrow::Cow;

/// What a spreadsheet reads as the start of a formula.
const TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r', '\0'];

/// The escape, which is also escaped so that reading it back is unambiguous.
const ESCAPE: char = '\'';

/// `value` as a text cell to write: with a leading `'` when it begins with a formula
/// trigger or with `'` itself.
pub fn escape_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(TRIGGERS) || value.starts_with(ESCAPE) {
        Cow::Owned(format!("{ESCAPE}{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The value of a text cell as read: without one leading `'`, if it has one.
pub fn unescape_cell(cell: &str) -> &str {
    cell.strip_prefix(ESCAPE).unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn hostile_values_get_a_quote_and_others_stay() {
        for (value, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'quoted", "''quoted"),
            ("''", "'''"),
            ("", ""),
            ("O'Neil", "O'Neil"),
            ("a=b", "a=b"),
            (" =1", " =1"),
        ] {
            assert_eq!(escape_cell(value), cell, "{value:?}");
            assert_eq!(unescape_cell(cell), value, "{cell:?}");
        }
    }

    /// Strings biased towards the characters that matter.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "['=+\\-@\t\r\0]{0,3}[a-z' =]{0,4}",]
    }

    proptest! {
        #[test]
        fn any_string_round_trips(value in text()) {
            let cell = escape_cell(&value);
            prop_assert_eq!(unescape_cell(&cell), value.as_str());
        }

        #[test]
        fn no_escaped_value_starts_with_a_trigger(value in text()) {
            prop_assert!(!escape_cell(&value).starts_with(TRIGGERS));
        }

        /// Escaping never makes two values one cell, so reading is unambiguous.
        #[test]
        fn escaping_is_one_to_one(a in text(), b in text()) {
            prop_assume!(a != b);
            prop_assert_ne!(escape_cell(&a), escape_cell(&b));
        }
    }
}
