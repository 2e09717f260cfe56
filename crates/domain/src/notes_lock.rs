//! The lock on a person's private notes (their journal and reflections) after their
//! account was handed to someone else, and the recovery code that opens it again.
//!
//! Whoever sets or learns an account's credentials other than its holder (an administrator
//! resetting the password, an invitation accepted by whoever holds the link, an API token
//! made for the account at the command line) can sign in as that person. So the person's
//! private notes lock at that moment, and stay locked until someone enters the recovery
//! code that only the person holds: it was shown to them once, when they first kept
//! private notes, and never stored but as an Argon2id hash.
//!
//! A recovery code is 20 symbols of Crockford's base 32 (digits and capital letters
//! without I, L, O and U, which read like other symbols), 100 bits from the system's random
//! source, written in four groups of five (`7KQ2M-PX9D4-…`). Reading one back forgives
//! what people do when they copy a code: lower case, spaces and hyphens anywhere, and the
//! letters O, I and L typed for the digits 0, 1 and 1. This module holds the format; the
//! randomness and the hashing are the web layer's (the random bytes come in as an
//! argument, so the format is tested without them).

use std::fmt;

use crate::person::InvalidValue;

/// The symbols of a code, in the order of their values (Crockford's base 32).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// How many symbols a code has: 20, 100 bits.
pub const SYMBOLS: usize = 20;
/// How many symbols each written group holds.
pub const GROUP: usize = 5;
/// The longest input read as a code, in bytes: a code with a space or hyphen between
/// every two symbols fits; anything longer is refused without being looked at.
pub const MAX_INPUT_BYTES: usize = 100;

/// A recovery code. Its `Debug` never shows it, and it has no `Display`: it is shown
/// only through [`RecoveryCode::grouped`], on purpose.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    /// A code from 20 random bytes, one symbol per byte. 256 is a multiple of 32, so
    /// keeping each byte's five low bits draws every symbol equally often.
    pub fn from_random(bytes: [u8; SYMBOLS]) -> Self {
        Self(
            bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect(),
        )
    }

    /// A code as someone typed it: at most [`MAX_INPUT_BYTES`], its symbols in either
    /// case, with any spaces and hyphens; O is read as 0, I and L as 1.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(InvalidValue(format!(
                "a recovery code is {SYMBOLS} letters and digits; this is far longer"
            )));
        }
        let mut code = String::with_capacity(SYMBOLS);
        for c in input.chars() {
            let symbol = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => {
                    return Err(InvalidValue(
                        "a recovery code holds only digits and the letters A to Z (no U); \
                         check what you typed"
                            .to_string(),
                    ));
                }
            };
            code.push(symbol);
        }
        if code.is_empty() {
            return Err(InvalidValue("enter your recovery code".to_string()));
        }
        if code.len() != SYMBOLS {
            return Err(InvalidValue(format!(
                "a recovery code has {SYMBOLS} letters and digits; this has {}",
                code.len()
            )));
        }
        Ok(Self(code))
    }

    /// The code's 20 symbols without separators: what is hashed and checked.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The code as shown: four groups of five, joined by hyphens.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(GROUP)
            .map(|g| std::str::from_utf8(g).expect("a code is ASCII"))
            .collect::<Vec<_>>()
            .join("-")
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(***)")
    }
}

/// Why a person's private notes were locked: the write that handed their account to
/// someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockCause {
    /// An administrator (or anyone but the account) set a new password.
    PasswordReset,
    /// An invitation was accepted for the person's email: whoever held the link chose the
    /// password.
    Invitation,
    /// An account was made for the person's email at the command line.
    AccountCreated,
    /// An API token was made for the account by someone else, at the command line.
    ApiToken,
}

impl LockCause {
    pub const ALL: [LockCause; 4] = [
        Self::PasswordReset,
        Self::Invitation,
        Self::AccountCreated,
        Self::ApiToken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PasswordReset => "password-reset",
            Self::Invitation => "invitation",
            Self::AccountCreated => "account-created",
            Self::ApiToken => "api-token",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What the person is told, in the same words on every page, in the API's error and
    /// at the command line: why their notes are locked, and what opens them.
    pub fn message(self) -> &'static str {
        match self {
            Self::PasswordReset => {
                "Your journal and reflections are locked because your password was reset by \
                 an administrator. Enter the recovery code you saved to unlock them."
            }
            Self::Invitation => {
                "Your journal and reflections are locked because this account was set up \
                 through an invitation link, which someone other than you could have used. \
                 Enter the recovery code you saved to unlock them."
            }
            Self::AccountCreated => {
                "Your journal and reflections are locked because this account was created for \
                 you by someone else, who chose its password. Enter the recovery code you \
                 saved to unlock them."
            }
            Self::ApiToken => {
                "Your journal and reflections are locked because someone else made an API \
                 token for your account. Enter the recovery code you saved to unlock them."
            }
        }
    }
}

/// How locked notes were opened again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnlockCause {
    /// The person's recovery code was entered.
    RecoveryCode,
    /// The locked notes were deleted: nothing is left to protect.
    NotesDeleted,
}

impl UnlockCause {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RecoveryCode => "recovery-code",
            Self::NotesDeleted => "notes-deleted",
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_code_is_twenty_symbols_in_four_groups() {
        let code = RecoveryCode::from_random([
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 31,
        ]);
        assert_eq!(code.expose(), "0123456789ABCDEFGHJZ");
        assert_eq!(code.grouped(), "01234-56789-ABCDE-FGHJZ");
        // The high bits are dropped: 32 + n draws the same symbol as n.
        let high = RecoveryCode::from_random([32 + 10; SYMBOLS]);
        assert_eq!(high.expose(), "A".repeat(SYMBOLS));
    }

    #[test]
    fn a_typed_code_forgives_case_separators_and_look_alikes() {
        let code = RecoveryCode::parse("7kq2m px9d4-abcde fghjz").unwrap();
        assert_eq!(code.expose(), "7KQ2MPX9D4ABCDEFGHJZ");
        assert_eq!(
            RecoveryCode::parse("O0IL1-00000-00000-00000")
                .unwrap()
                .expose(),
            "00111000000000000000"
        );
    }

    #[test]
    fn a_wrong_code_says_what_is_wrong() {
        assert_eq!(
            RecoveryCode::parse("  ").unwrap_err().0,
            "enter your recovery code"
        );
        assert_eq!(
            RecoveryCode::parse("ABCDE-FGHJK").unwrap_err().0,
            "a recovery code has 20 letters and digits; this has 10"
        );
        assert!(
            RecoveryCode::parse("UUUUU-UUUUU-UUUUU-UUUUU")
                .unwrap_err()
                .0
                .contains("no U")
        );
        assert!(RecoveryCode::parse("ÄBCDE-FGHJK-MNPQR-STVWX").is_err());
        assert!(
            RecoveryCode::parse(&"A".repeat(MAX_INPUT_BYTES + 1))
                .unwrap_err()
                .0
                .contains("far longer")
        );
    }

    #[test]
    fn causes_read_back_and_say_what_opens_the_notes() {
        for cause in LockCause::ALL {
            assert_eq!(LockCause::parse(cause.as_str()), Some(cause));
            assert!(
                cause
                    .message()
                    .starts_with("Your journal and reflections are locked because")
            );
            assert!(
                cause
                    .message()
                    .ends_with("Enter the recovery code you saved to unlock them.")
            );
        }
        assert_eq!(LockCause::parse("nothing"), None);
    }

    #[test]
    fn debug_never_shows_the_code() {
        let code = RecoveryCode::from_random([7; SYMBOLS]);
        assert_eq!(format!("{code:?}"), "RecoveryCode(***)");
    }

    proptest! {
        #[test]
        fn a_shown_code_reads_back_as_itself(bytes in proptest::array::uniform20(any::<u8>())) {
            let code = RecoveryCode::from_random(bytes);
            prop_assert_eq!(code.expose().len(), SYMBOLS);
            prop_assert_eq!(RecoveryCode::parse(&code.grouped()).unwrap(), code.clone());
            prop_assert_eq!(
                RecoveryCode::parse(&code.grouped().to_lowercase().replace('-', " ")).unwrap(),
                code
            );
        }

        #[test]
        fn any_input_is_read_or_refused_without_panicking(input in ".{0,200}") {
            if let Ok(code) = RecoveryCode::parse(&input) {
                prop_assert_eq!(code.expose().len(), SYMBOLS);
            }
        }
    }
}
