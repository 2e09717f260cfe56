//! What day it is, for the store: the day the current-role projections are computed for.
//!
//! An event dated after today is scheduled (see `pendulum_domain::timeline`), so the role a
//! store answers with depends on the day it is asked. Tests move the day without waiting
//! for it: a [`Clock::fixed`] clock is shared by every handle made from it, and
//! [`Clock::set`] moves them all.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pendulum_domain::OrgId;
use time::{Date, OffsetDateTime};

/// The store's idea of today: the system's date in UTC, or a day a test chose.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// The fixed day as a Julian day number, shared by the clones; `None` follows the
    /// system clock.
    fixed: Option<Arc<AtomicI32>>,
}

impl Clock {
    /// The system clock: today is the current date in UTC.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stays on `day` until [`Clock::set`] moves it; its clones move with it.
    pub fn fixed(day: Date) -> Self {
        Self {
            fixed: Some(Arc::new(AtomicI32::new(day.to_julian_day()))),
        }
    }

    /// Moves a fixed clock (and every clone of it) to `day`. A system clock cannot be
    /// moved: this returns false and changes nothing.
    pub fn set(&self, day: Date) -> bool {
        match &self.fixed {
            Some(fixed) => {
                fixed.store(day.to_julian_day(), Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    pub fn today(&self) -> Date {
        match &self.fixed {
            Some(fixed) => Date::from_julian_day(fixed.load(Ordering::SeqCst))
                .expect("a fixed clock holds a day set from a Date"),
            None => OffsetDateTime::now_utc().date(),
        }
    }
}

/// How long a check that found no projection due holds for its organisation and day.
pub const DUE_CHECK_HOLDS: Duration = Duration::from_secs(1);

/// When each organisation's projections were last found up to date, and for which day.
///
/// A projection becomes due only when the day reaches its next scheduled change: every
/// write computes it for its own today and records the next change *after* it. So once a
/// check has found nothing due today, nothing can be due again before tomorrow, except
/// through another process whose clock is ahead. The backends therefore ask the database
/// at most once per [`DUE_CHECK_HOLDS`] per organisation and day, instead of before every
/// read (a page reads several times): a scheduled change shows at most that long after its
/// day begins.
#[derive(Debug, Default)]
pub struct DueChecks {
    checked: Mutex<HashMap<OrgId, (Date, Instant)>>,
}

impl DueChecks {
    /// Whether `org` was found up to date for `today` less than [`DUE_CHECK_HOLDS`] ago.
    pub fn fresh(&self, org: OrgId, today: Date) -> bool {
        self.checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&org)
            .is_some_and(|(day, at)| *day == today && at.elapsed() < DUE_CHECK_HOLDS)
    }

    /// Records that `org`'s projections are up to date for `today`.
    pub fn up_to_date(&self, org: OrgId, today: Date) {
        self.checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(org, (today, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_fixed_clock_moves_with_its_clones() {
        let clock = Clock::fixed(date!(2026 - 01 - 04));
        let handle = clock.clone();
        assert!(clock.set(date!(2026 - 01 - 05)));
        assert_eq!(handle.today(), date!(2026 - 01 - 05));
    }

    #[test]
    fn the_system_clock_cannot_be_moved() {
        assert!(!Clock::system().set(date!(2000 - 01 - 01)));
    }

    #[test]
    fn a_due_check_holds_for_its_organisation_and_day_only() {
        let checks = DueChecks::default();
        let (a, b) = (OrgId::new(), OrgId::new());
        let day = date!(2026 - 03 - 01);
        assert!(!checks.fresh(a, day));
        checks.up_to_date(a, day);
        assert!(checks.fresh(a, day));
        assert!(!checks.fresh(b, day), "another organisation");
        assert!(!checks.fresh(a, date!(2026 - 03 - 02)), "another day");
    }
}
