//! Identifier newtypes. An id is 1–64 characters of lowercase ASCII letters, digits, `-`,
//! `_` and `.`, starting with a letter or digit; once parsed it cannot be invalid, and a
//! track id cannot be passed where a level id is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("an id is at most 64 characters long")]
    TooLong,
    #[error("an id must start with a lowercase letter or a digit")]
    BadStart,
    #[error("an id may contain only lowercase letters, digits, '-', '_' and '.' (found {0:?})")]
    BadChar(char),
}

/// Checks the identifier syntax shared by every id type.
pub fn validate_id(s: &str) -> Result<(), IdError> {
    let first = s.chars().next().ok_or(IdError::Empty)?;
    if s.len() > 64 {
        return Err(IdError::TooLong);
    }
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(IdError::BadStart);
    }
    match s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')))
    {
        Some(c) => Err(IdError::BadChar(c)),
        None => Ok(()),
    }
}

/// Turns any text into a valid id: lowercase ASCII words joined by `-` ("Staff Developer" →
/// `staff-developer`). Used by importers; never returns an empty id.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out.truncate(64);
    while out.ends_with(['-', '.']) {
        out.pop();
    }
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, 'x');
    }
    out
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                validate_id(&s)?;
                Ok(Self(s))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A grade: the unit of equivalence across tracks.
    GradeId
);
id_type!(
    /// A track (a career ladder).
    TrackId
);
id_type!(
    /// A level; unique across the whole framework and stable between versions.
    LevelId
);
id_type!(
    /// A competency.
    CompetencyId
);
id_type!(
    /// A competency category.
    CategoryId
);
id_type!(
    /// A step of a competency's or a decision right's scale.
    StepId
);
id_type!(
    /// A decision right.
    RightId
);
id_type!(
    /// A senior-IC archetype.
    ArchetypeId
);
id_type!(
    /// An entry of the assessment rating scale.
    RatingId
);
id_type!(
    /// A question of the reflection asked before a move between tracks.
    QuestionId
);
id_type!(
    /// An item of an onboarding checklist.
    ChecklistItemId
);
id_type!(
    /// A kind of work a journal entry can name.
    WorkKindId
);

/// An ISO 4217 currency code: three uppercase ASCII letters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

impl Currency {
    pub fn new(s: impl Into<String>) -> Result<Self, String> {
        let s = s.into();
        if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(s))
        } else {
            Err(format!(
                "{s:?} is not an ISO 4217 currency code (three uppercase letters, e.g. GBP)"
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::new(s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_bad_syntax() {
        assert!(LevelId::new("ic-1").is_ok());
        assert_eq!(LevelId::new(""), Err(IdError::Empty));
        assert_eq!(LevelId::new("-a"), Err(IdError::BadStart));
        assert_eq!(LevelId::new("Staff"), Err(IdError::BadStart));
        assert_eq!(LevelId::new("a b"), Err(IdError::BadChar(' ')));
        assert_eq!(LevelId::new("a".repeat(65)), Err(IdError::TooLong));
    }

    #[test]
    fn slugify_always_yields_a_valid_id() {
        for text in [
            "Staff Developer",
            "🛠️ Backend",
            "",
            "---",
            "D1 - Developer 1",
            "1.1",
        ] {
            let slug = slugify(text);
            assert!(validate_id(&slug).is_ok(), "{text:?} -> {slug:?}");
        }
        assert_eq!(slugify("Staff Developer"), "staff-developer");
        assert_eq!(slugify("D1 - Developer 1"), "d1-developer-1");
    }

    #[test]
    fn currency_is_three_uppercase_letters() {
        assert!(Currency::new("GBP").is_ok());
        assert!(Currency::new("gbp").is_err());
        assert!(Currency::new("POUND").is_err());
    }
}
