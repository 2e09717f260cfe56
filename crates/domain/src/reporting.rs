//! Reporting lines over time: who each person reports to, as an append-only history of
//! changes, like roles.
//!
//! A [`ReportingChange`] says that from its effective date a person reports to a manager,
//! or to nobody. The first line of someone imported with a manager and no date holds "from
//! the start of their record" (`effective: None`). Changes are never edited: a later change
//! replaces an earlier one from its date, and two changes on the same date are settled by
//! the order they were recorded in (`seq`).
//!
//! Two pure questions are answered here, for every door (store, web, CLI, import):
//! - [`reporting_on`]: who reported to whom on a date;
//! - [`find_cycle`]: whether a set of changes would, on any date, make someone their own
//!   manager, directly or through others — such a set is refused.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::PersonId;

/// One change of one person's manager, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingChange {
    pub person: PersonId,
    /// The change's place in the person's reporting history: 1, 2, 3…
    pub seq: u32,
    /// From when it holds; `None` from the start of the person's record.
    pub effective: Option<Date>,
    /// The new manager; `None` when the person reports to nobody from that date.
    pub manager: Option<PersonId>,
    pub reason: Option<String>,
    pub recorded_at: OffsetDateTime,
}

impl ReportingChange {
    /// The order in which changes take effect: by date (undated first), then as recorded.
    fn order_key(&self) -> (Option<Date>, u32) {
        (self.effective, self.seq)
    }
}

/// Who each person reports to on `date`: the latest change of each person's history
/// effective on or before it. People with no change by then, and people whose latest
/// change clears their manager, are absent from the map.
pub fn reporting_on(changes: &[ReportingChange], date: Date) -> HashMap<PersonId, PersonId> {
    latest_by_person(
        changes
            .iter()
            .filter(|c| c.effective.is_none_or(|d| d <= date)),
    )
    .into_iter()
    .filter_map(|(person, change)| change.manager.map(|m| (person, m)))
    .collect()
}

/// `person`'s manager on `date`, from the person's own changes.
pub fn manager_on(changes: &[ReportingChange], person: PersonId, date: Date) -> Option<PersonId> {
    changes
        .iter()
        .filter(|c| c.person == person && c.effective.is_none_or(|d| d <= date))
        .max_by_key(|c| c.order_key())
        .and_then(|c| c.manager)
}

/// The date after `date` on which `person`'s manager next changes, if any is recorded.
pub fn next_change_after(
    changes: &[ReportingChange],
    person: PersonId,
    date: Date,
) -> Option<Date> {
    changes
        .iter()
        .filter(|c| c.person == person)
        .filter_map(|c| c.effective)
        .filter(|&d| d > date)
        .min()
}

fn latest_by_person<'a>(
    changes: impl Iterator<Item = &'a ReportingChange>,
) -> HashMap<PersonId, &'a ReportingChange> {
    let mut latest: HashMap<PersonId, &ReportingChange> = HashMap::new();
    for change in changes {
        let slot = latest.entry(change.person).or_insert(change);
        if change.order_key() > slot.order_key() {
            *slot = change;
        }
    }
    latest
}

/// A chain of managers that comes back to where it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The first date on which it holds; `None` from the start of the records.
    pub from: Option<Date>,
    /// The people in the loop, each managed by the next and the last by the first:
    /// `[a]` when a would manage themself, `[a, b]` when a reports to b and b to a.
    pub people: Vec<PersonId>,
}

/// The first date on which `changes` make a person their own manager, directly or through
/// others, and who is in that loop; `None` when the reporting lines are a forest on every
/// date.
///
/// Reporting lines change only on the dates of changes, so those are the only dates to
/// look at; on each, a new loop must pass through someone whose manager changed that day,
/// so only their chains are walked. The cost is the number of changes times the depth of
/// the lines.
pub fn find_cycle(changes: &[ReportingChange]) -> Option<Cycle> {
    // Each date's changes, in the order they take effect.
    let mut by_date: BTreeMap<Option<Date>, Vec<&ReportingChange>> = BTreeMap::new();
    for change in changes {
        by_date.entry(change.effective).or_default().push(change);
    }
    let mut managers: HashMap<PersonId, PersonId> = HashMap::new();
    for (date, mut day) in by_date {
        day.sort_by_key(|c| c.seq);
        let mut moved = Vec::with_capacity(day.len());
        for change in day {
            match change.manager {
                Some(manager) => managers.insert(change.person, manager),
                None => managers.remove(&change.person),
            };
            moved.push(change.person);
        }
        for person in moved {
            if let Some(people) = loop_through(&managers, person) {
                return Some(Cycle { from: date, people });
            }
        }
    }
    None
}

/// The loop `person`'s chain of managers makes back to `person`, if it does.
fn loop_through(managers: &HashMap<PersonId, PersonId>, person: PersonId) -> Option<Vec<PersonId>> {
    let mut chain = vec![person];
    let mut seen = HashSet::from([person]);
    let mut at = person;
    while let Some(&manager) = managers.get(&at) {
        if manager == person {
            return Some(chain);
        }
        if !seen.insert(manager) {
            // A loop above this person, not through them: not theirs to answer for (and
            // impossible when the lines were a forest before this date's changes).
            return None;
        }
        chain.push(manager);
        at = manager;
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    use super::*;

    fn people(n: usize) -> Vec<PersonId> {
        (0..n).map(|_| PersonId::new()).collect()
    }

    fn change(
        person: PersonId,
        seq: u32,
        effective: Option<Date>,
        manager: Option<PersonId>,
    ) -> ReportingChange {
        ReportingChange {
            person,
            seq,
            effective,
            manager,
            reason: None,
            recorded_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    #[test]
    fn the_line_on_a_date_is_the_latest_change_by_then() {
        let [ada, bo, cy] = people(3).try_into().unwrap();
        let changes = vec![
            change(ada, 1, None, Some(bo)),
            change(ada, 2, Some(date!(2024 - 03 - 01)), Some(cy)),
            change(ada, 3, Some(date!(2025 - 01 - 01)), None),
        ];
        assert_eq!(reporting_on(&changes, date!(2020 - 01 - 01))[&ada], bo);
        assert_eq!(reporting_on(&changes, date!(2024 - 02 - 29))[&ada], bo);
        // On the effective date itself, the new manager holds.
        assert_eq!(reporting_on(&changes, date!(2024 - 03 - 01))[&ada], cy);
        assert_eq!(manager_on(&changes, ada, date!(2024 - 12 - 31)), Some(cy));
        // Cleared: reports to nobody.
        assert!(!reporting_on(&changes, date!(2025 - 01 - 01)).contains_key(&ada));
        assert_eq!(manager_on(&changes, ada, date!(2030 - 01 - 01)), None);
        assert_eq!(
            next_change_after(&changes, ada, date!(2024 - 03 - 01)),
            Some(date!(2025 - 01 - 01))
        );
        assert_eq!(
            next_change_after(&changes, ada, date!(2025 - 01 - 01)),
            None
        );
    }

    #[test]
    fn a_later_record_on_the_same_date_wins_whatever_the_input_order() {
        let [ada, bo, cy] = people(3).try_into().unwrap();
        let day = Some(date!(2024 - 06 - 01));
        let changes = vec![change(ada, 3, day, Some(cy)), change(ada, 2, day, Some(bo))];
        assert_eq!(manager_on(&changes, ada, date!(2024 - 06 - 01)), Some(cy));
        assert_eq!(reporting_on(&changes, date!(2024 - 06 - 01))[&ada], cy);
    }

    #[test]
    fn no_change_yet_means_no_manager() {
        let [ada, bo] = people(2).try_into().unwrap();
        let changes = vec![change(ada, 1, Some(date!(2024 - 06 - 01)), Some(bo))];
        assert!(reporting_on(&changes, date!(2024 - 05 - 31)).is_empty());
    }

    #[test]
    fn managing_oneself_is_a_loop_of_one() {
        let [ada] = people(1).try_into().unwrap();
        let changes = vec![change(ada, 1, Some(date!(2024 - 01 - 01)), Some(ada))];
        assert_eq!(
            find_cycle(&changes),
            Some(Cycle {
                from: Some(date!(2024 - 01 - 01)),
                people: vec![ada]
            })
        );
    }

    #[test]
    fn a_loop_through_others_is_found_on_the_day_it_closes() {
        let [ada, bo, cy] = people(3).try_into().unwrap();
        let changes = vec![
            change(ada, 1, None, Some(bo)),
            change(bo, 1, None, Some(cy)),
            // From June, cy would report to ada: ada → bo → cy → ada.
            change(cy, 1, Some(date!(2024 - 06 - 01)), Some(ada)),
        ];
        let cycle = find_cycle(&changes).expect("a loop");
        assert_eq!(cycle.from, Some(date!(2024 - 06 - 01)));
        assert_eq!(cycle.people, vec![cy, ada, bo]);
    }

    #[test]
    fn a_loop_broken_before_it_closes_is_no_loop() {
        let [ada, bo] = people(2).try_into().unwrap();
        // ada reports to bo until March; bo reports to ada from April: never both at once.
        let changes = vec![
            change(ada, 1, None, Some(bo)),
            change(ada, 2, Some(date!(2024 - 03 - 01)), None),
            change(bo, 1, Some(date!(2024 - 04 - 01)), Some(ada)),
        ];
        assert_eq!(find_cycle(&changes), None);
        // Brought forward to February, it overlaps: a loop from February.
        let mut earlier = changes.clone();
        earlier[2].effective = Some(date!(2024 - 02 - 01));
        assert_eq!(
            find_cycle(&earlier).map(|c| c.from),
            Some(Some(date!(2024 - 02 - 01)))
        );
    }

    #[test]
    fn a_swap_on_one_day_is_no_loop() {
        // A reorganisation that swaps manager and report on the same day.
        let [ada, bo] = people(2).try_into().unwrap();
        let day = Some(date!(2024 - 09 - 01));
        let changes = vec![
            change(ada, 1, None, Some(bo)),
            change(ada, 2, day, None),
            change(bo, 1, day, Some(ada)),
        ];
        assert_eq!(find_cycle(&changes), None);
        assert_eq!(reporting_on(&changes, date!(2024 - 09 - 01)).len(), 1);
    }

    /// A forest that stays a forest: each person's managers come from earlier people.
    fn forest() -> impl Strategy<Value = (Vec<PersonId>, Vec<ReportingChange>)> {
        (
            2usize..12,
            prop::collection::vec((0usize..100, 0usize..100, 0i32..60), 0..40),
        )
            .prop_map(|(n, raw)| {
                let ids = people(n);
                let mut seqs = vec![0u32; n];
                let changes = raw
                    .into_iter()
                    .filter_map(|(p, m, day)| {
                        let p = 1 + p % (n - 1);
                        let manager = (m % (p + 1) < p).then(|| ids[m % p]);
                        seqs[p] += 1;
                        let effective = Date::from_julian_day(2_460_000 + day * 7).ok()?;
                        Some(change(ids[p], seqs[p], Some(effective), manager))
                    })
                    .collect();
                (ids, changes)
            })
    }

    proptest! {
        #[test]
        fn managers_from_earlier_people_never_loop((_ids, changes) in forest()) {
            prop_assert_eq!(find_cycle(&changes), None);
        }

        #[test]
        fn a_found_loop_is_a_real_loop_on_its_date(
            (ids, mut changes) in forest(),
            extra_person in 0usize..100,
            extra_manager in 0usize..100,
            day in 0i32..60,
        ) {
            // One change that may point upwards and close a loop.
            let n = ids.len();
            let person = ids[extra_person % n];
            let effective = Date::from_julian_day(2_460_000 + day * 7).unwrap();
            changes.push(change(person, 1000, Some(effective), Some(ids[extra_manager % n])));
            if let Some(cycle) = find_cycle(&changes) {
                let date = cycle.from.expect("every change here is dated");
                let lines = reporting_on(&changes, date);
                // Each is managed by the next, the last by the first.
                for (i, p) in cycle.people.iter().enumerate() {
                    let next = cycle.people[(i + 1) % cycle.people.len()];
                    prop_assert_eq!(lines.get(p), Some(&next));
                }
                // And the day before, no loop held among the same people.
                let before = reporting_on(&changes, date.previous_day().unwrap());
                let closed = cycle.people.iter().enumerate().all(|(i, p)| {
                    before.get(p) == Some(&cycle.people[(i + 1) % cycle.people.len()])
                });
                prop_assert!(!closed);
            } else {
                // No loop: on every change date, every chain ends.
                for c in &changes {
                    let lines = reporting_on(&changes, c.effective.unwrap());
                    for start in lines.keys() {
                        let mut at = *start;
                        let mut steps = 0;
                        while let Some(m) = lines.get(&at) {
                            at = *m;
                            steps += 1;
                            prop_assert!(steps <= n, "a chain longer than the organisation");
                        }
                    }
                }
            }
        }
    }
}
