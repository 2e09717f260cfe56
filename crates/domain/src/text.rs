//! Text that people type: a person's name and the reason given for a change. Each is a
//! type whose constructor is the only way in, so the same limits and the same messages
//! hold at every door (web form, JSON API, command line, CSV import).
//!
//! What is refused, and why: control characters (escape sequences rewrite a terminal, NUL
//! truncates C strings), Unicode format characters (bidirectional overrides such as U+202E
//! make a name read backwards; zero-width characters hide text), and line or paragraph
//! separators. Zero-width joiner and non-joiner (U+200D, U+200C) are format characters
//! too, but Persian and Indic names and emoji sequences need them, so they are kept.
//! A reason is prose: it may run over several lines (`\n`; `\r\n` is read as `\n`) and
//! hold tabs, and is kept as written otherwise, spaces included, so that an export imports
//! back byte for byte.

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::person::InvalidValue;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// The first character of `s` that text entered by people may not hold, other than the
/// line breaks and tabs of `prose`.
pub(crate) fn refused_char(s: &str, prose: bool) -> Option<char> {
    s.chars().find(|&c| {
        if prose && matches!(c, '\n' | '\t') {
            return false;
        }
        match c.general_category() {
            GeneralCategory::Control
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator => true,
            GeneralCategory::Format => !matches!(c, '\u{200C}' | '\u{200D}'),
            _ => false,
        }
    })
}

/// How a refused character is named in a message: its code point, never the character.
pub(crate) fn describe(c: char) -> String {
    let what = match c {
        '\n' | '\r' => "a line break",
        '\t' => "a tab",
        '\0' => "a NUL character",
        '\u{1b}' => "an escape character",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "a bidirectional control character",
        _ if c.is_control() => "a control character",
        _ => "an invisible formatting character",
    };
    format!("{what} (U+{:04X})", u32::from(c))
}

/// A person's name: 1–200 characters after trimming, on one line, without control or
/// formatting characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn new(s: impl AsRef<str>) -> Result<Self, InvalidValue> {
        let s = s.as_ref().trim();
        if let Some(c) = refused_char(s, false) {
            return Err(InvalidValue(format!(
                "a name must be one line of text; it holds {}",
                describe(c)
            )));
        }
        let chars = s.chars().count();
        if chars == 0 {
            return Err(InvalidValue("a name cannot be empty".into()));
        }
        if chars > MAX_NAME_CHARS {
            return Err(InvalidValue(format!(
                "a name needs at most {MAX_NAME_CHARS} characters; this one has {chars}"
            )));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, InvalidValue> {
        Self::new(s)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> String {
        n.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a change was made: prose of up to 2,000 characters, not blank, which may run over
/// several lines and hold tabs but no other control or formatting characters. Kept as
/// written: doors that tidy their input (the web forms trim it) do so before parsing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reason(String);

impl Reason {
    pub fn new(s: impl AsRef<str>) -> Result<Self, InvalidValue> {
        let s = s.as_ref();
        // Browsers send a textarea's line breaks as CRLF, and so do spreadsheets.
        let s = if s.contains('\r') {
            s.replace("\r\n", "\n")
        } else {
            s.to_string()
        };
        if let Some(c) = refused_char(&s, true) {
            return Err(InvalidValue(format!(
                "a reason cannot hold {}; line breaks are fine",
                describe(c)
            )));
        }
        if s.trim().is_empty() {
            return Err(InvalidValue("a reason cannot be empty".into()));
        }
        let chars = s.chars().count();
        if chars > MAX_REASON_CHARS {
            return Err(InvalidValue(format!(
                "a reason needs at most 2,000 characters; this one has {chars}"
            )));
        }
        Ok(Self(s))
    }

    /// A reason that may be left out: nothing, or only spaces, is no reason.
    pub fn optional(s: Option<&str>) -> Result<Option<Self>, InvalidValue> {
        match s {
            Some(s) if !s.trim().is_empty() => Self::new(s).map(Some),
            _ => Ok(None),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for Reason {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, InvalidValue> {
        Self::new(s)
    }
}

impl From<Reason> for String {
    fn from(r: Reason) -> String {
        r.0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn names_are_one_line_of_visible_text() {
        assert_eq!(
            PersonName::new("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert_eq!(
            PersonName::new("Zoë Ñúñez-O'Brien").unwrap().as_str(),
            "Zoë Ñúñez-O'Brien"
        );
        // Persian names need the zero-width non-joiner.
        assert!(PersonName::new("محمد\u{200C}علی").is_ok());
        for bad in [
            "Ada\u{202E}ecalevoL",
            "Ada\nLovelace",
            "Ada\u{1b}[31m",
            "Ada\0",
            "Ada\u{2066}x",
            "Ada\u{200B}",
            "Ada\u{2028}x",
            "Ada\tLovelace",
        ] {
            assert!(PersonName::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            PersonName::new("Ada\u{202E}x").unwrap_err().0,
            "a name must be one line of text; it holds a bidirectional control character (U+202E)"
        );
        assert_eq!(
            PersonName::new("   ").unwrap_err().0,
            "a name cannot be empty"
        );
        assert!(PersonName::new("a".repeat(200)).is_ok());
        assert!(PersonName::new("é".repeat(201)).is_err());
    }

    #[test]
    fn reasons_are_prose_of_bounded_length() {
        assert_eq!(
            Reason::new(" Annual review\r\n\tsecond line ")
                .unwrap()
                .as_str(),
            " Annual review\n\tsecond line "
        );
        assert_eq!(
            Reason::new(" \n ").unwrap_err().0,
            "a reason cannot be empty"
        );
        assert!(Reason::new("x".repeat(2000)).is_ok());
        assert_eq!(
            Reason::new("x".repeat(2001)).unwrap_err().0,
            "a reason needs at most 2,000 characters; this one has 2001"
        );
        assert!(Reason::new("bad\u{202E}").is_err());
        assert!(Reason::new("bad\rcarriage return").is_err());
        assert!(Reason::new("bad\u{1b}[2J").is_err());
        assert_eq!(Reason::optional(Some("  ")), Ok(None));
        assert_eq!(Reason::optional(None), Ok(None));
        assert!(Reason::optional(Some("why")).unwrap().is_some());
    }

    fn holds_only_allowed(s: &str, prose: bool) -> bool {
        refused_char(s, prose).is_none()
    }

    proptest! {
        #[test]
        fn any_name_parses_to_a_valid_one_or_is_refused(s in "\\PC*|[\\x00-\\x7f\u{200b}-\u{202f}\u{2066}-\u{2069}a-zé ]{0,260}") {
            if let Ok(name) = PersonName::new(&s) {
                let n = name.as_str();
                prop_assert!(holds_only_allowed(n, false) && n.trim() == n);
                prop_assert!((1..=MAX_NAME_CHARS).contains(&n.chars().count()));
                prop_assert_eq!(PersonName::new(n), Ok(name.clone()));
            }
        }

        #[test]
        fn any_reason_parses_to_a_valid_one_or_is_refused(s in "\\PC*|[\\x00-\\x7f\r\n\u{200b}-\u{202f}a-z ]{0,2100}") {
            if let Ok(reason) = Reason::new(&s) {
                let r = reason.as_str();
                prop_assert!(holds_only_allowed(r, true) && !r.contains('\r'));
                prop_assert!(!r.trim().is_empty() && r.chars().count() <= MAX_REASON_CHARS);
                prop_assert_eq!(Reason::new(r), Ok(reason.clone()));
            }
        }
    }
}
