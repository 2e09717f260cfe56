//! Login throttling, counted in memory over a sliding [`WINDOW`]:
//!
//! - at most [`MAX_FAILURES`] failed sign-ins per email and client address, and
//! - at most [`MAX_FAILURES_PER_ADDRESS`] per client address, whatever the emails, so that
//!   one client cannot try a password against every account.
//!
//! An attempt is counted **before** its password is checked ([`LoginThrottle::begin`]) and
//! forgiven if it succeeds, so parallel attempts cannot all slip past the limit while the
//! first ones are still being checked. A restart forgets the counts, and several server
//! processes count separately; the limit slows guessing down, it is not an account lock.
//!
//! Memory is bounded: each table holds at most [`MAX_KEYS`] entries. When a table is full
//! of live entries (a distributed attack), new keys are refused until entries expire:
//! failing closed beats running out of memory.
//!
//! [`UnlockThrottle`] counts wrong recovery codes the same way, per account: at most
//! [`MAX_UNLOCK_FAILURES`] in the window.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pendulum_domain::AccountId;

pub const MAX_FAILURES: usize = 10;
pub const MAX_FAILURES_PER_ADDRESS: usize = 100;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The most entries each table keeps.
pub const MAX_KEYS: usize = 100_000;
/// The longest email kept as a key, in bytes (an email has at most 254).
const MAX_EMAIL_KEY: usize = 320;
/// How often expired entries are swept out.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// Who is trying: the email as typed (trimmed, lower-cased) and the client's address.
pub type AttemptKey = (String, Option<IpAddr>);

/// Why an attempt was refused before its password was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// Too many failures for this email from this address.
    Email,
    /// Too many failures from this address, or the tables are full.
    Address,
}

#[derive(Default)]
struct Counts {
    by_email: HashMap<AttemptKey, Vec<Instant>>,
    by_address: HashMap<Option<IpAddr>, Vec<Instant>>,
    swept: Option<Instant>,
}

#[derive(Default)]
pub struct LoginThrottle {
    counts: Mutex<Counts>,
}

/// A counted attempt: a failure unless [`LoginThrottle::succeeded`] forgives it.
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    key: AttemptKey,
    at: Instant,
}

impl LoginThrottle {
    /// Counts an attempt for `email` from `address`, or refuses it when either limit is
    /// reached.
    pub fn begin(&self, email: &str, address: Option<IpAddr>) -> Result<Attempt, Blocked> {
        let key = (email_key(email), address);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        counts.sweep(now);
        let by_email = live(&counts.by_email, &key, now);
        let by_address = live(&counts.by_address, &address, now);
        if by_email >= MAX_FAILURES {
            return Err(Blocked::Email);
        }
        if by_address >= MAX_FAILURES_PER_ADDRESS {
            return Err(Blocked::Address);
        }
        let full = |n: usize| n >= MAX_KEYS;
        if (!counts.by_email.contains_key(&key) && full(counts.by_email.len()))
            || (!counts.by_address.contains_key(&address) && full(counts.by_address.len()))
        {
            tracing::warn!(
                "the sign-in throttle is full: refusing new clients until entries expire"
            );
            return Err(Blocked::Address);
        }
        counts.by_email.entry(key.clone()).or_default().push(now);
        counts.by_address.entry(address).or_default().push(now);
        Ok(Attempt { key, at: now })
    }

    /// Forgives a successful attempt: the email's failures from this address are cleared,
    /// and this attempt no longer counts against the address.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.by_email.remove(&attempt.key);
        remove_one(&mut counts.by_address, &attempt.key.1, attempt.at);
    }

    /// Takes back an attempt whose password was never checked (the server was too busy):
    /// it does not count as a failure.
    pub fn cancel(&self, attempt: Attempt) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let Attempt { key, at } = attempt;
        remove_one(&mut counts.by_email, &key, at);
        remove_one(&mut counts.by_address, &key.1, at);
    }

    /// Failures counted for `email` from `address` in the window.
    pub fn failures(&self, email: &str, address: Option<IpAddr>) -> usize {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        live(
            &counts.by_email,
            &(email_key(email), address),
            Instant::now(),
        )
    }
}

impl Counts {
    /// Forgets what is out of the window, at most once per [`SWEEP_EVERY`].
    fn sweep(&mut self, now: Instant) {
        if self
            .swept
            .is_some_and(|at| now.duration_since(at) < SWEEP_EVERY)
        {
            return;
        }
        self.swept = Some(now);
        retain_live(&mut self.by_email, now);
        retain_live(&mut self.by_address, now);
    }
}

/// Removes one count made at `at` under `key`.
fn remove_one<K: Eq + Hash>(table: &mut HashMap<K, Vec<Instant>>, key: &K, at: Instant) {
    if let Some(times) = table.get_mut(key) {
        if let Some(i) = times.iter().position(|t| *t == at) {
            times.swap_remove(i);
        }
        if times.is_empty() {
            table.remove(key);
        }
    }
}

fn email_key(email: &str) -> String {
    let mut key = email.trim().to_lowercase();
    if key.len() > MAX_EMAIL_KEY {
        let mut end = MAX_EMAIL_KEY;
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        key.truncate(end);
    }
    key
}

fn live<K: Eq + Hash>(table: &HashMap<K, Vec<Instant>>, key: &K, now: Instant) -> usize {
    table.get(key).map_or(0, |times| {
        times
            .iter()
            .filter(|t| now.duration_since(**t) < WINDOW)
            .count()
    })
}

fn retain_live<K>(table: &mut HashMap<K, Vec<Instant>>, now: Instant) {
    table.retain(|_, times| {
        times.retain(|t| now.duration_since(*t) < WINDOW);
        !times.is_empty()
    });
}

/// The most wrong recovery codes an account may enter within [`WINDOW`].
pub const MAX_UNLOCK_FAILURES: usize = 5;

/// Wrong recovery codes per account, for unlocking private notes (`notes_lock`): at most
/// [`MAX_UNLOCK_FAILURES`] within [`WINDOW`], counted before the code is checked and
/// forgiven when it matches, like sign-ins. Per account, whatever the client's address:
/// the one guessing is signed in as the account. A code is 100 random bits, so the limit
/// bounds the Argon2 work more than it protects the code. In memory (a restart forgets
/// the counts); the table holds at most [`MAX_KEYS`] accounts, refusing new ones while it
/// is full of live counts.
#[derive(Default)]
pub struct UnlockThrottle {
    counts: Mutex<HashMap<AccountId, Vec<Instant>>>,
}

/// A counted attempt: a failure unless [`UnlockThrottle::succeeded`] forgives it.
#[must_use]
pub struct UnlockAttempt {
    account: AccountId,
    at: Instant,
}

impl UnlockThrottle {
    /// Counts an attempt of `account`, or refuses it (`None`) when the account has entered
    /// [`MAX_UNLOCK_FAILURES`] wrong codes within the window, or the table is full.
    pub fn begin(&self, account: AccountId) -> Option<UnlockAttempt> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if counts.len() >= MAX_KEYS {
            counts.retain(|_, times| {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                !times.is_empty()
            });
        }
        if !counts.contains_key(&account) && counts.len() >= MAX_KEYS {
            return None;
        }
        let times = counts.entry(account).or_default();
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() >= MAX_UNLOCK_FAILURES {
            return None;
        }
        times.push(now);
        Some(UnlockAttempt { account, at: now })
    }

    /// Forgives an attempt whose code matched: the account's failures are cleared.
    pub fn succeeded(&self, attempt: UnlockAttempt) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.remove(&attempt.account);
    }

    /// Takes back an attempt whose code was never checked (the server was busy, or the
    /// notes were not locked): it does not count as a failure.
    pub fn cancel(&self, attempt: UnlockAttempt) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = counts.get_mut(&attempt.account) {
            if let Some(i) = times.iter().position(|t| *t == attempt.at) {
                times.swap_remove(i);
            }
            if times.is_empty() {
                counts.remove(&attempt.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, n]))
    }

    #[test]
    fn attempts_count_before_they_are_checked() {
        let throttle = LoginThrottle::default();
        // Forty attempts in flight at once: none has failed yet, yet only ten get through.
        let begun: Vec<_> = (0..40)
            .map(|_| throttle.begin("Ada@Example.org ", ip(1)))
            .collect();
        assert_eq!(begun.iter().filter(|a| a.is_ok()).count(), MAX_FAILURES);
        assert!(begun.iter().any(|a| matches!(a, Err(Blocked::Email))));
        // Another address is counted on its own.
        assert!(throttle.begin("ada@example.org", ip(2)).is_ok());
    }

    #[test]
    fn success_forgives_the_email_and_the_attempt() {
        let throttle = LoginThrottle::default();
        for _ in 0..3 {
            let _failed = throttle.begin("ada@example.org", ip(1)).unwrap();
        }
        let ok = throttle.begin("ada@example.org", ip(1)).unwrap();
        throttle.succeeded(ok);
        assert_eq!(throttle.failures("ada@example.org", ip(1)), 0);
        let counts = throttle.counts.lock().unwrap();
        assert_eq!(
            counts.by_address[&ip(1)].len(),
            3,
            "earlier failures still count"
        );
    }

    #[test]
    fn one_address_cannot_try_every_email() {
        let throttle = LoginThrottle::default();
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            let _failed = throttle
                .begin(&format!("user{n}@example.org"), ip(1))
                .unwrap();
        }
        assert_eq!(
            throttle
                .begin("someone-else@example.org", ip(1))
                .unwrap_err(),
            Blocked::Address
        );
        assert!(throttle.begin("someone-else@example.org", ip(2)).is_ok());
    }

    #[test]
    fn overlong_emails_are_cut_in_the_key() {
        let throttle = LoginThrottle::default();
        let long = "a".repeat(100_000);
        let _failed = throttle.begin(&long, ip(1)).unwrap();
        let counts = throttle.counts.lock().unwrap();
        assert!(
            counts
                .by_email
                .keys()
                .all(|(k, _)| k.len() <= MAX_EMAIL_KEY)
        );
    }

    #[test]
    fn an_account_has_a_few_tries_and_a_match_forgives_them() {
        let throttle = UnlockThrottle::default();
        let ada = AccountId::new();
        let bob = AccountId::new();
        for _ in 0..MAX_UNLOCK_FAILURES {
            let _failed = throttle.begin(ada).expect("within the limit");
        }
        assert!(throttle.begin(ada).is_none(), "over the limit");
        // Another account counts on its own.
        let ok = throttle.begin(bob).expect("bob's first try");
        throttle.succeeded(ok);
        for _ in 0..MAX_UNLOCK_FAILURES - 1 {
            let _failed = throttle.begin(bob).unwrap();
        }
        let ok = throttle.begin(bob).expect("bob's last try");
        throttle.succeeded(ok);
        assert!(throttle.begin(bob).is_some(), "a match clears the failures");
    }

    #[test]
    fn an_attempt_never_checked_does_not_count() {
        let throttle = UnlockThrottle::default();
        let ada = AccountId::new();
        for _ in 0..MAX_UNLOCK_FAILURES * 3 {
            let attempt = throttle
                .begin(ada)
                .expect("cancelled attempts do not count");
            throttle.cancel(attempt);
        }
        assert!(throttle.counts.lock().unwrap().is_empty());
    }
}
