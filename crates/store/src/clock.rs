//! What day it is, for the store: the day the current-role projections are computed for.
//!
//! An event dated after today is scheduled (see `pendulum_domain::timeline`), so the role a
//! store answers with depends on the day it is asked. Tests move the day without waiting
//! for it: a [`Clock::fixed`] clock is shared by every handle made from it, and
//! [`Clock::set`] moves them all.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

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
}
