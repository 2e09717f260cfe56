//! A password chosen for an account. The length bounds hold wherever one is set (the
//! invitation form, a reset, `pendulum user create --password-stdin`): at least 12
//! characters, so that it resists guessing, and at most 1,024 bytes, so that the cost of
//! hashing it is bounded whatever a client sends.

use std::fmt;

use crate::person::InvalidValue;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in bytes (of UTF-8).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A password that may be set. Its `Debug` never shows it, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Kept exactly as given: spaces are part of a passphrase.
    pub fn new(s: impl Into<String>) -> Result<Self, InvalidValue> {
        let s = s.into();
        if s.chars().count() < MIN_PASSWORD_CHARS {
            return Err(InvalidValue(format!(
                "a password needs at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        if !within_hashing_bound(&s) {
            return Err(InvalidValue(format!(
                "a password needs at most {MAX_PASSWORD_BYTES} bytes"
            )));
        }
        Ok(Self(s))
    }

    /// The password, to hash it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Whether an attempt to sign in with `s` is worth hashing: a longer one cannot match
/// any password that was set, and is refused without the work.
pub fn within_hashing_bound(s: &str) -> bool {
    s.len() <= MAX_PASSWORD_BYTES
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn passwords_are_bounded_both_ways() {
        assert_eq!(
            Password::new("eleven char").unwrap_err().0,
            "a password needs at least 12 characters"
        );
        assert!(Password::new("correct horse battery").is_ok());
        assert!(Password::new("x".repeat(MAX_PASSWORD_BYTES)).is_ok());
        assert_eq!(
            Password::new("x".repeat(MAX_PASSWORD_BYTES + 1))
                .unwrap_err()
                .0,
            "a password needs at most 1024 bytes"
        );
        // Twelve characters, more than twelve bytes.
        assert!(Password::new("ééééééééééééé").is_ok());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = Password::new("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    proptest! {
        #[test]
        fn any_string_is_a_bounded_password_or_refused(s in "\\PC{0,40}|.{1000,1030}") {
            if let Ok(p) = Password::new(s.clone()) {
                prop_assert!(p.expose().chars().count() >= MIN_PASSWORD_CHARS);
                prop_assert!(p.expose().len() <= MAX_PASSWORD_BYTES);
                prop_assert_eq!(p.expose(), s.as_str());
            }
        }
    }
}
