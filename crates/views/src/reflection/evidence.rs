//! What the author's journal shows, in words, beside the answers of a reflection: energy
//! by kind of work, learning per week and the days since hands-on work, read from
//! [`pendulum_domain::journal::Insights`]. Descriptive only: the words say what the entries
//! hold, never how good that is, and nothing is added up into one figure.

use pendulum_domain::journal::{Energy, Insights};

use crate::dates;
use crate::framework::Link;

/// How one kind of work left the author, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnergyLine {
    pub kind: String,
    /// "energised on average (+1.3)".
    pub words: String,
    /// "7 entries over 5 weeks".
    pub detail: String,
}

/// One week of the learning table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearningWeek {
    /// The Monday the week starts on.
    pub week: String,
    pub entries: u32,
    pub learned: u32,
}

/// The journal's evidence for a reflection's summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Said when there is nothing to show: no entries at all, or none in the weeks covered.
    pub empty: Option<String>,
    /// Where the author writes journal entries, when the application has a page for it.
    pub journal: Option<Link>,
    /// How many weeks the evidence covers: "12 weeks".
    pub weeks: String,
    /// The Monday of the first week covered.
    pub since: String,
    /// The kinds of work, from the one that left the author with the most energy to the
    /// one with the least.
    pub energy: Vec<EnergyLine>,
    pub learning: String,
    pub learning_weeks: Vec<LearningWeek>,
    pub hands_on: String,
    /// Whether any entry, however old, is marked hands-on.
    pub hands_on_known: bool,
    /// Gentle observations (energy for one kind falling for several weeks).
    pub notes: Vec<String>,
}

/// `value` with its sign, a real minus and at most one decimal: `+1.3`, `−0.5`, `0`.
pub fn signed(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_string()
    } else if rounded > 0.0 {
        format!("+{rounded}")
    } else {
        format!("−{}", -rounded)
    }
}

/// The step of the energy scale nearest to an average.
fn nearest_label(mean: f64) -> &'static str {
    let step = mean.round().clamp(-2.0, 2.0) as i64;
    Energy::new(step).map_or("even", Energy::label)
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Evidence {
    /// The evidence of `insights`; `any_entry` says whether the journal holds an entry at
    /// all (the insights cover the last weeks only).
    pub fn new(insights: &Insights, any_entry: bool, journal: Option<Link>) -> Self {
        let weeks = insights.learning_per_week.len() as u32;
        let empty = if !any_entry {
            Some("No journal entries yet.".to_string())
        } else if insights.entries == 0 {
            Some(format!(
                "No journal entries in the last {}.",
                plural(weeks, "week", "weeks")
            ))
        } else {
            None
        };

        let mut kinds: Vec<_> = insights.energy_by_kind.iter().collect();
        kinds.sort_by(|a, b| b.mean.total_cmp(&a.mean));
        let energy = kinds
            .into_iter()
            .map(|k| EnergyLine {
                kind: k.name.clone(),
                words: format!("{} on average ({})", nearest_label(k.mean), signed(k.mean)),
                detail: format!(
                    "{} over {}",
                    plural(k.entries, "entry", "entries"),
                    plural(k.weeks.len() as u32, "week", "weeks")
                ),
            })
            .collect();

        let entries: u32 = insights.learning_per_week.iter().map(|w| w.entries).sum();
        let learned: u32 = insights.learning_per_week.iter().map(|w| w.learned).sum();
        let weeks_learning = insights
            .learning_per_week
            .iter()
            .filter(|w| w.learned > 0)
            .count() as u32;
        let learning = if entries == 0 {
            "No entries to read learning from.".to_string()
        } else if learned == 0 {
            format!(
                "None of your {} notes learning something.",
                plural(entries, "entry", "entries")
            )
        } else {
            format!(
                "You noted learning something in {learned} of {}, in {} of the {}.",
                plural(entries, "entry", "entries"),
                weeks_learning,
                plural(weeks, "week", "weeks")
            )
        };

        let hands_on = match insights.days_since_hands_on {
            None => "None of your journal entries is marked hands-on.".to_string(),
            Some(0) => "Your latest hands-on entry is from today.".to_string(),
            Some(1) => "Your latest hands-on entry is from yesterday.".to_string(),
            Some(days) => format!("Your latest hands-on entry is from {days} days ago."),
        };

        Self {
            empty,
            journal,
            weeks: plural(weeks, "week", "weeks"),
            since: dates::date(insights.since),
            energy,
            learning,
            learning_weeks: insights
                .learning_per_week
                .iter()
                .map(|w| LearningWeek {
                    week: dates::date(w.week),
                    entries: w.entries,
                    learned: w.learned,
                })
                .collect(),
            hands_on,
            hands_on_known: insights.days_since_hands_on.is_some(),
            notes: insights.notes.iter().map(|n| n.text.clone()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use pendulum_domain::PersonId;
    use pendulum_domain::journal::{
        JournalEntry, KindId, KindInfo, NewJournalEntry, insights as read,
    };
    use time::macros::{date, datetime};
    use time::{Date, Duration};

    use super::*;

    const TODAY: Date = date!(2026 - 12 - 06);

    fn kinds() -> Vec<KindInfo> {
        [
            ("building", "Hands-on building", true),
            ("meetings", "Meetings", false),
        ]
        .into_iter()
        .map(|(id, name, hands_on)| KindInfo {
            id: id.into(),
            name: name.into(),
            hands_on,
        })
        .collect()
    }

    fn entry(days_ago: i64, kind: &str, energy: i64, learned: bool) -> JournalEntry {
        let new = NewJournalEntry::new(
            TODAY - Duration::days(days_ago),
            vec![KindId::new(kind).unwrap()],
            Energy::new(energy).unwrap(),
            learned.then_some("something"),
            kind == "building",
            "",
            TODAY,
        )
        .unwrap();
        JournalEntry {
            id: pendulum_domain::JournalEntryId::new(),
            person: PersonId::new(),
            date: new.date,
            kinds: new.kinds,
            energy: new.energy,
            learned: new.learned,
            hands_on: new.hands_on,
            note: new.note,
            written_at: datetime!(2026-12-06 12:00 UTC),
        }
    }

    #[test]
    fn signs_are_written_with_a_real_minus() {
        assert_eq!(signed(1.25), "+1.3");
        assert_eq!(signed(-0.5), "−0.5");
        assert_eq!(signed(0.04), "0");
        assert_eq!(signed(-2.0), "−2");
    }

    #[test]
    fn the_journal_is_described_in_words_most_energy_first() {
        let entries = vec![
            entry(1, "meetings", -2, false),
            entry(2, "meetings", -1, false),
            entry(3, "building", 2, true),
            entry(10, "building", 1, false),
        ];
        let e = Evidence::new(&read(&entries, None, &kinds(), TODAY), true, None);
        assert_eq!(e.empty, None);
        assert_eq!(
            (e.weeks.as_str(), e.since.as_str()),
            ("12 weeks", "2026-09-14")
        );
        assert_eq!(e.energy[0].kind, "Hands-on building");
        assert_eq!(e.energy[0].words, "wanting more on average (+1.5)");
        assert_eq!(e.energy[0].detail, "2 entries over 2 weeks");
        assert_eq!(e.energy[1].words, "depleted on average (−1.5)");
        assert_eq!(
            e.learning,
            "You noted learning something in 1 of 4 entries, in 1 of the 12 weeks."
        );
        assert_eq!(e.learning_weeks.len(), 12);
        assert_eq!(e.hands_on, "Your latest hands-on entry is from 3 days ago.");
        let all = format!("{e:?}").to_lowercase();
        for word in ["score", "should", "demotion", "fail", "good", "bad"] {
            assert!(!all.contains(word), "{word}: {all}");
        }
    }

    #[test]
    fn an_empty_journal_says_so() {
        let none = Evidence::new(&read(&[], None, &kinds(), TODAY), false, None);
        assert_eq!(none.empty.as_deref(), Some("No journal entries yet."));
        assert_eq!(
            none.hands_on,
            "None of your journal entries is marked hands-on."
        );
        let old = vec![entry(200, "building", 1, false)];
        let quiet = Evidence::new(&read(&old, None, &kinds(), TODAY), true, None);
        assert_eq!(
            quiet.empty.as_deref(),
            Some("No journal entries in the last 12 weeks.")
        );
        assert_eq!(
            quiet.hands_on,
            "Your latest hands-on entry is from 200 days ago."
        );
    }
}
