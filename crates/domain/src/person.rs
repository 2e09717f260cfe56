//! Organisations and people.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, PersonId};

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

/// An organisation's short name, used on the command line and in URLs: 1–40 lowercase
/// letters, digits and `-`, starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgSlug(String);

impl OrgSlug {
    pub fn new(s: impl Into<String>) -> Result<Self, InvalidValue> {
        let s = s.into();
        let ok = (1..=40).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(s))
        } else {
            Err(InvalidValue(format!(
                "{s:?} is not an organisation slug: use 1–40 lowercase letters, digits and '-', starting with a letter"
            )))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgSlug {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, InvalidValue> {
        Self::new(s)
    }
}

impl From<OrgSlug> for String {
    fn from(s: OrgSlug) -> String {
        s.0
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, kept as given but compared case-insensitively (stored lowercased).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn new(s: impl Into<String>) -> Result<Self, InvalidValue> {
        let s = s.into().trim().to_lowercase();
        let valid = s.len() <= 254
            && !s.contains(char::is_whitespace)
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(s))
        } else {
            Err(InvalidValue(format!("{s:?} is not an email address")))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, InvalidValue> {
        Self::new(s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub slug: OrgSlug,
    pub name: String,
}

/// Whether a person is currently with the organisation; derived from their history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonStatus {
    Active,
    OnLeave,
    OnCareerBreak,
    Exited,
}

impl PersonStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::OnLeave => "on-leave",
            Self::OnCareerBreak => "on-career-break",
            Self::Exited => "exited",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "on-leave" => Some(Self::OnLeave),
            "on-career-break" => Some(Self::OnCareerBreak),
            "exited" => Some(Self::Exited),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub org: OrgId,
    pub name: String,
    pub email: Email,
    pub manager: Option<PersonId>,
    pub status: PersonStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_emails_are_validated() {
        assert!(OrgSlug::new("acme-2").is_ok());
        assert!(OrgSlug::new("Acme").is_err());
        assert!(OrgSlug::new("").is_err());
        assert_eq!(
            Email::new(" Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        assert!(Email::new("ada").is_err());
        assert!(Email::new("ada@localhost").is_err());
        assert!(Email::new("a b@example.com").is_err());
    }
}
