//! Login throttling: at most [`MAX_FAILURES`] failed sign-ins per email and client address
//! in [`WINDOW`], counted in memory. A restart forgets the counts, and several server
//! processes count separately; the limit slows guessing down, it is not an account lock.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 10;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Who is trying: the email as typed (trimmed, lower-cased) and the client's address.
pub type AttemptKey = (String, Option<IpAddr>);

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<AttemptKey, Vec<Instant>>>,
}

impl LoginThrottle {
    /// Whether `key` has used up its failed attempts in the window.
    pub fn is_blocked(&self, key: &AttemptKey) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Forget what is out of the window, everywhere, so the map cannot grow forever.
        failures.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < WINDOW);
            !times.is_empty()
        });
        failures.get(key).is_some_and(|t| t.len() >= MAX_FAILURES)
    }

    pub fn record_failure(&self, key: AttemptKey) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default()
            .push(Instant::now());
    }

    pub fn clear(&self, key: &AttemptKey) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}
