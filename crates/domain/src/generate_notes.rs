//! Generated journals, for the demo and for generated organisations: a few entries a week,
//! deterministic for a seed, whose energy follows a [`Drift`] so that the insights have a
//! story to tell (one kind of work losing energy over the weeks, hands-on work giving it).
//! Pure: the caller writes the entries through the store.

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

use crate::journal::{Energy, KindId, NewJournalEntry};

/// How a person's energy moves over the weeks of a generated journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    /// Meetings drain more and more; hands-on building gives energy throughout: the demo
    /// member's story, which raises the insights' "falling" note about meetings.
    MeetingsDrain,
    /// Steady, with everyday noise: nothing to note.
    Steady,
    /// People work (one-to-ones, mentoring) gives more and more energy: someone who may
    /// enjoy a management trial.
    PeopleEnergise,
}

/// What to say for the work of a day, by kind.
fn note_for(kind: &str, energy: i8) -> &'static str {
    match (kind, energy) {
        ("building", e) if e > 0 => {
            "Shipped a piece I had been shaping for days; the flow was good."
        }
        ("building", _) => "Fought the build most of the day.",
        ("code-review", _) => "Reviews for the team; a couple of good discussions.",
        ("meetings", e) if e < 0 => "Back-to-back meetings; little time to think.",
        ("meetings", _) => "A useful planning meeting, for once short.",
        ("one-to-ones", e) if e > 0 => {
            "One-to-ones went well; someone found their way through a hard problem."
        }
        ("one-to-ones", _) => "A difficult one-to-one; I need to prepare better.",
        ("mentoring", _) => "Paired with a newer colleague on their first change.",
        ("debugging", _) => "Chased an intermittent failure down to a race.",
        ("design", _) => "Sketched the next version of the data model.",
        ("planning", _) => "Quarter planning with the team.",
        _ => "An ordinary day.",
    }
}

const LEARNED: [&str; 6] = [
    "How the query planner chooses between indexes",
    "A better way to run a retrospective",
    "Why our deploys slow down on Mondays",
    "How to say no to a request without closing the door",
    "The history of the payments service",
    "A cleaner pattern for error handling",
];

fn kind(id: &str) -> KindId {
    KindId::new(id).expect("a built-in kind id")
}

/// About three entries a week from `from` to `to` (both included, never after `today`),
/// following `drift`, with the built-in framework's kinds of work. Each entry passes the
/// same checks as one written by hand ([`NewJournalEntry::new`]).
pub fn journal(seed: u64, from: Date, to: Date, today: Date, drift: Drift) -> Vec<NewJournalEntry> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let to = to.min(today);
    let total_days = (to - from).whole_days().max(1) as f64;
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        // Weekdays only: Tuesdays and Thursdays hold the week's recurring work (meetings,
        // or people work), and about half of the other weekdays get an entry too.
        let weekday = day.weekday().number_from_monday();
        let recurring = matches!(weekday, 2 | 4);
        if weekday <= 5 && (recurring || rng.random_range(0..2) == 0) {
            let progress = (day - from).whole_days() as f64 / total_days;
            let noise = match drift {
                // An ordinary week now and then: one step either way, rarely.
                Drift::Steady => {
                    if rng.random_range(0..10) == 0 {
                        *[-1.0, 1.0].choose(&mut rng).unwrap()
                    } else {
                        0.0
                    }
                }
                _ => rng.random_range(-1..=1) as f64 * 0.6,
            };
            let (ids, base): (Vec<&str>, f64) = match drift {
                Drift::MeetingsDrain => {
                    if recurring {
                        // Fine for months, then falling week after week.
                        let falling = ((progress - 0.55) / 0.45).max(0.0);
                        (vec!["meetings"], 1.2 - 3.4 * falling)
                    } else {
                        let extra = *["debugging", "design"].choose(&mut rng).unwrap();
                        (vec!["building", extra], 1.5)
                    }
                }
                Drift::Steady => {
                    let k = *[
                        "building",
                        "code-review",
                        "meetings",
                        "planning",
                        "debugging",
                    ]
                    .choose(&mut rng)
                    .unwrap();
                    (vec![k], if k == "building" { 1.0 } else { 0.0 })
                }
                Drift::PeopleEnergise => {
                    if recurring {
                        let k = *["one-to-ones", "mentoring"].choose(&mut rng).unwrap();
                        (vec![k], -0.5 + 2.3 * progress)
                    } else {
                        (vec!["building", "code-review"], 0.5)
                    }
                }
            };
            let energy = (base + noise).round().clamp(-2.0, 2.0) as i8;
            let hands_on = ids
                .iter()
                .any(|k| matches!(*k, "building" | "debugging" | "code-review" | "design"));
            let learned = (rng.random_range(0..4) == 0).then(|| *LEARNED.choose(&mut rng).unwrap());
            let note = note_for(ids[0], energy);
            if let Ok(entry) = NewJournalEntry::new(
                day,
                ids.iter().map(|k| kind(k)).collect(),
                Energy::new(i64::from(energy)).expect("clamped to the scale"),
                learned,
                hands_on,
                note,
                today,
            ) {
                out.push(entry);
            }
        }
        day += Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::ids::{JournalEntryId, PersonId};
    use crate::journal::{JournalEntry, insights, kinds_of};

    const TODAY: Date = date!(2026 - 12 - 06);

    #[test]
    fn the_same_seed_gives_the_same_journal_and_every_entry_is_valid() {
        let from = TODAY - Duration::days(150);
        let a = journal(7, from, TODAY, TODAY, Drift::MeetingsDrain);
        let b = journal(7, from, TODAY, TODAY, Drift::MeetingsDrain);
        assert_eq!(a, b);
        assert!(a.len() > 40, "about three a week: {}", a.len());
        assert!(a.iter().all(|e| e.date >= from && e.date <= TODAY));
        assert_ne!(a, journal(8, from, TODAY, TODAY, Drift::MeetingsDrain));
        // Nothing is dated after today, even when asked to.
        let later = journal(7, from, TODAY + Duration::days(30), TODAY, Drift::Steady);
        assert!(later.iter().all(|e| e.date <= TODAY));
    }

    /// The kinds the insights name a falling note about, for `drift`'s journal.
    fn noted(drift: Drift, seed: u64) -> Vec<String> {
        let fw = pendulum_framework::check_str(
            "engineering.yaml",
            pendulum_framework::builtin::ENGINEERING_YAML,
        )
        .unwrap()
        .framework;
        let person = PersonId::new();
        let entries: Vec<JournalEntry> =
            journal(seed, TODAY - Duration::days(150), TODAY, TODAY, drift)
                .into_iter()
                .map(|e| JournalEntry {
                    id: JournalEntryId::new(),
                    person,
                    date: e.date,
                    kinds: e.kinds,
                    energy: e.energy,
                    learned: e.learned,
                    hands_on: e.hands_on,
                    note: e.note,
                    written_at: time::OffsetDateTime::UNIX_EPOCH,
                })
                .collect();
        let last = entries.iter().filter(|e| e.hands_on).map(|e| e.date).max();
        insights(&entries, last, &kinds_of(&fw), TODAY)
            .notes
            .into_iter()
            .map(|n| n.kind)
            .collect()
    }

    #[test]
    fn the_demo_story_raises_the_note_about_meetings_and_only_that() {
        for seed in 1..41 {
            assert_eq!(
                noted(Drift::MeetingsDrain, seed),
                ["meetings"],
                "seed {seed}"
            );
            assert!(noted(Drift::Steady, seed).is_empty(), "seed {seed}");
        }
    }
}
