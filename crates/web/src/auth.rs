//! Passwords and tokens: hashing, verifying and generating the secrets that sign people in.
//!
//! Passwords are hashed with Argon2id at the `argon2` crate's default parameters (OWASP's
//! recommendation) into PHC strings, which carry their own salt and parameters, so the
//! parameters can be raised later without invalidating stored hashes. The dev profile
//! compiles `argon2` and `blake2` optimised (root `Cargo.toml`), so debug builds and tests
//! hash at full strength without waiting.
//!
//! Argon2's working memory (19 MiB at the default parameters) is allocated once per
//! thread and reused, not allocated per computation: the system allocator does not give
//! blocks of that size back reliably, and a process that hashed a few hundred passwords on
//! many threads would keep gigabytes. The server runs every computation on a few worker
//! threads ([`crate::passwords`]), so the memory it holds for passwords is bounded by
//! their number. The buffer is zeroed after each use.
//!
//! This module does no I/O beyond reading the system's random source.

use std::cell::RefCell;
use std::sync::LazyLock;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
pub use pendulum_domain::password::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};
use pendulum_domain::{InvalidValue, Password};

/// Why a secret could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The password is not one that may be set ([`Password`]): the same words wherever
    /// one is chosen.
    #[error("{0}")]
    Password(#[from] InvalidValue),
    #[error("the system's random source failed")]
    Random,
    #[error("the password could not be hashed")]
    Hash,
}

/// The most memory a stored hash may ask for, in KiB: a hash with larger parameters (which
/// Pendulum never writes) matches nothing rather than costing that much.
const MAX_MEMORY_KIB: u32 = 64 * 1024;

thread_local! {
    /// This thread's Argon2 working memory, kept between computations.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs `argon2` (with `params`) over `password` and `salt` into `out`, in this thread's
/// reusable memory, which is zeroed afterwards.
fn compute(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with_borrow_mut(|blocks| {
        let needed = params.block_count();
        if blocks.len() != needed {
            *blocks = vec![Block::new(); needed];
        }
        let done = argon2.hash_password_into_with_memory(password, salt, out, &mut blocks[..]);
        blocks.fill(Block::new());
        done
    })
}

/// Hashes a new `password` into a PHC string (Argon2id, the default parameters, a random
/// 16-byte salt), once it parses as a [`Password`]: every way of setting one (an
/// invitation, a reset, `pendulum user create`) comes through here.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let password = Password::new(password)?;
    let password = password.expose();
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| AuthError::Random)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, &params, password.as_bytes(), &salt, &mut out).map_err(|_| AuthError::Hash)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|_| AuthError::Hash)?,
        salt: Some(Salt::new(&salt).map_err(|_| AuthError::Hash)?),
        hash: Some(Output::new(&out).map_err(|_| AuthError::Hash)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `hash`, compared in constant time. A hash
/// that does not parse, is not Argon2, or asks for more than [`MAX_MEMORY_KIB`] matches
/// nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    if compute(
        &argon2,
        &params,
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
    )
    .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// Spends the time of one verification and fails: called when the email is unknown, so
/// that a wrong email and a wrong password take equally long and cannot be told apart.
pub fn verify_nothing(password: &str) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_password("a password nobody has, hashed once").unwrap_or_default());
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
    fn hashes_made_by_the_argon2_crate_verify_too() {
        use argon2::password_hash::PasswordHasher;
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string();
        assert!(verify_password("correct horse battery", &theirs));
        assert!(!verify_password("correct horse batterz", &theirs));
        // And the crate verifies ours.
        use argon2::password_hash::PasswordVerifier;
        let ours = hash_password("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
    }

    #[test]
    fn hashes_asking_for_too_much_memory_match_nothing() {
        let params = Params::new(MAX_MEMORY_KIB + 8, 1, 1, None).unwrap();
        let greedy = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        use argon2::password_hash::PasswordHasher;
        // Hash it with a small password: the crate allocates; we only want the string.
        let hash = greedy
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string();
        assert!(!verify_password("correct horse battery", &hash));
    }

    #[test]
    fn repeated_computations_reuse_the_same_memory() {
        let hash = hash_password("correct horse battery").unwrap();
        let address = || MEMORY.with_borrow(|blocks| blocks.as_ptr() as usize);
        assert!(verify_password("correct horse battery", &hash));
        let first = address();
        for _ in 0..3 {
            assert!(!verify_password("wrong horse battery", &hash));
            assert_eq!(address(), first, "the same buffer, not a new one");
        }
        assert!(
            MEMORY.with_borrow(|b| b.iter().all(|block| block.as_ref().iter().all(|w| *w == 0))),
            "zeroed after use"
        );
    }

    #[test]
    fn passwords_too_short_or_too_long_are_refused_before_any_hashing() {
        let refused = |p: &str| hash_password(p).unwrap_err().to_string();
        assert_eq!(
            refused("eleven char"),
            "a password needs at least 12 characters"
        );
        assert_eq!(
            refused(&"x".repeat(MAX_PASSWORD_BYTES + 1)),
            "a password needs at most 1024 bytes"
        );
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
