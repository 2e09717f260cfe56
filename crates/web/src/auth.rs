//! Passwords and tokens: hashing, verifying and generating the secrets that sign people in.
//!
//! Passwords are hashed with Argon2id at the `argon2` crate's default parameters (OWASP's
//! recommendation) into PHC strings, which carry their own salt and parameters, so the
//! parameters can be raised later without invalidating stored hashes. The dev profile
//! compiles `argon2` and `blake2` optimised (root `Cargo.toml`), so debug builds and tests
//! hash at full strength without waiting.
//!
//! This module keeps no state and does no I/O beyond reading the system's random source.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a secret could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("the system's random source failed")]
    Random,
    #[error("the password could not be hashed")]
    Hash,
}

/// Hashes `password` into a PHC string, refusing one shorter than [`MIN_PASSWORD_CHARS`].
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::PasswordTooShort);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| AuthError::Hash)
}

/// Whether `password` matches the PHC string `hash`. A hash that does not parse matches
/// nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time of one verification and fails: called when the email is unknown, so
/// that a wrong email and a wrong password take equally long and cannot be told apart.
pub fn verify_nothing(password: &str) -> bool {
    static DUMMY: LazyLock<String> = LazyLock::new(|| {
        Argon2::default()
            .hash_password(b"a password nobody has, hashed once")
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    });
    let _ = verify_password(password, &DUMMY);
    false
}

/// A new random token: 32 bytes from the system's random source, as 64 hex digits.
pub fn new_token() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AuthError::Random)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two secrets in time that depends only on their lengths, so that an attacker
/// cannot learn a CSRF token byte by byte from response times.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert!(!verify_nothing("correct horse battery"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(
            hash_password("eleven char"),
            Err(AuthError::PasswordTooShort)
        ));
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
