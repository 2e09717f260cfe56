//! The energy-and-learning journal: quick, private entries about the work of a day (which
//! kinds of work, how it left the person, whether they learned something, whether it was
//! hands-on) and the insights read back from them.
//!
//! The journal is the author's own: these types hold no notion of who may read them (the
//! web layer's owner-only capability does). What is here is the shape of an entry, the
//! bounds every door enforces, and [`insights`], a pure function of the entries and the
//! day it is asked on. Insights describe; they never score, judge or recommend. The one
//! note they may raise ("your energy for code review has been falling") follows a rule
//! written down in [`FALLING`] and tested on constructed series, including the flat, noisy
//! and sparse ones that must not raise it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use crate::ids::{JournalEntryId, PersonId};
use crate::person::InvalidValue;
use crate::text::{describe, refused_char};

/// The lowest energy: the work left the person depleted.
pub const ENERGY_MIN: i8 = -2;
/// The highest energy: the work left the person wanting more.
pub const ENERGY_MAX: i8 = 2;
/// The most kinds of work one entry may name.
pub const MAX_KINDS_PER_ENTRY: usize = 12;
/// The longest kind id, in characters.
pub const MAX_KIND_ID_CHARS: usize = 40;
/// The longest free note, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;
/// The longest "what I learned", in characters.
pub const MAX_LEARNED_CHARS: usize = 1000;
/// How far back an entry may be dated: a journal is about the recent past.
pub const MAX_AGE_DAYS: i64 = 366 * 5;
/// The weeks the insights cover, the current week included.
pub const INSIGHT_WEEKS: u32 = 12;

/// How a piece of work left the person, from −2 (depleted) to +2 (wanting more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Energy(i8);

impl Energy {
    pub fn new(value: i64) -> Result<Self, InvalidValue> {
        if (i64::from(ENERGY_MIN)..=i64::from(ENERGY_MAX)).contains(&value) {
            Ok(Self(value as i8))
        } else {
            Err(InvalidValue(format!(
                "energy runs from -2 (depleted) to +2 (wanting more); {value} is outside it"
            )))
        }
    }

    /// `-2` … `+2`, with or without the plus sign, as a form or a command line sends it.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let t = s.trim();
        let digits = t.strip_prefix('+').unwrap_or(t);
        match digits.parse::<i64>() {
            Ok(v) => Self::new(v),
            Err(_) => {
                let shown = if t.chars().count() <= 20 {
                    format!("{t:?}")
                } else {
                    "this value".to_string()
                };
                Err(InvalidValue(format!(
                    "{shown} is not an energy: use a whole number from -2 (depleted) to +2 (wanting more)"
                )))
            }
        }
    }

    pub fn get(self) -> i8 {
        self.0
    }

    /// The words for each step of the scale, as the form shows them.
    pub fn label(self) -> &'static str {
        match self.0 {
            -2 => "depleted",
            -1 => "drained",
            0 => "even",
            1 => "energised",
            _ => "wanting more",
        }
    }
}

impl TryFrom<i64> for Energy {
    type Error = InvalidValue;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<Energy> for i64 {
    fn from(e: Energy) -> Self {
        i64::from(e.0)
    }
}

impl fmt::Display for Energy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+}", self.0)
    }
}

/// The id of a kind of work (`building`, `code-review`…), as the framework's
/// `journal.kinds` names it: lowercase letters, digits and hyphens, starting with a letter.
/// An entry keeps the id it was written with, even if a later framework drops the kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KindId(String);

impl KindId {
    pub fn new(s: impl AsRef<str>) -> Result<Self, InvalidValue> {
        let s = s.as_ref().trim();
        let ok = !s.is_empty()
            && s.chars().count() <= MAX_KIND_ID_CHARS
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(s.to_string()))
        } else {
            let shown = if s.chars().count() <= MAX_KIND_ID_CHARS {
                format!("{s:?}")
            } else {
                "this value".to_string()
            };
            Err(InvalidValue(format!(
                "{shown} is not a kind of work: use a kind's id such as building or code-review"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for KindId {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl From<KindId> for String {
    fn from(k: KindId) -> Self {
        k.0
    }
}

impl fmt::Display for KindId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Prose an author writes in their journal: line breaks and tabs allowed, control and
/// invisible formatting characters refused, bounded in length. Kept as written.
pub(crate) fn prose(s: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.to_string()
    };
    if let Some(c) = refused_char(&s, true) {
        return Err(InvalidValue(format!(
            "{what} cannot hold {}; line breaks are fine",
            describe(c)
        )));
    }
    let chars = s.chars().count();
    if chars > max {
        return Err(InvalidValue(format!(
            "{what} needs at most {max} characters; this one has {chars}"
        )));
    }
    Ok(s)
}

/// A refused entry: the field at fault (`date`, `kinds`, `learned` or `note`, as the JSON
/// and the form name them) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRefused {
    pub field: &'static str,
    pub error: InvalidValue,
}

impl EntryRefused {
    fn at(field: &'static str, message: String) -> Self {
        Self {
            field,
            error: InvalidValue(message),
        }
    }
}

/// What an author asks to write (or to change an entry to): every field parsed and bounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewJournalEntry {
    pub date: Date,
    pub kinds: Vec<KindId>,
    pub energy: Energy,
    /// What they learned; `None` when they learned nothing worth noting.
    pub learned: Option<String>,
    pub hands_on: bool,
    pub note: String,
}

impl NewJournalEntry {
    /// Checks an entry written on `today`: dated neither after today nor more than five
    /// years back, with at most twelve distinct kinds (repeats are dropped, the order kept),
    /// and bounded text. An empty "learned" is no learning; an empty note is allowed.
    pub fn new(
        date: Date,
        kinds: Vec<KindId>,
        energy: Energy,
        learned: Option<&str>,
        hands_on: bool,
        note: &str,
        today: Date,
    ) -> Result<Self, EntryRefused> {
        Self::checked(date, kinds, energy, learned, hands_on, note, today)
            .map_err(|mut refused| refused.swap_remove(0))
    }

    /// [`NewJournalEntry::new`], naming every refused field at once (in the order date,
    /// kinds, learned, note), as a form shows them.
    pub fn checked(
        date: Date,
        kinds: Vec<KindId>,
        energy: Energy,
        learned: Option<&str>,
        hands_on: bool,
        note: &str,
        today: Date,
    ) -> Result<Self, Vec<EntryRefused>> {
        let mut refused = Vec::new();
        if date > today {
            refused.push(EntryRefused::at(
                "date",
                format!(
                    "a journal entry cannot be dated after today ({today}); {date} is in the future"
                ),
            ));
        } else if (today - date).whole_days() > MAX_AGE_DAYS {
            refused.push(EntryRefused::at(
                "date",
                format!("a journal entry can be dated at most five years back; {date} is earlier"),
            ));
        }
        let mut distinct: Vec<KindId> = Vec::with_capacity(kinds.len());
        for k in kinds {
            if !distinct.contains(&k) {
                distinct.push(k);
            }
        }
        if distinct.len() > MAX_KINDS_PER_ENTRY {
            refused.push(EntryRefused::at(
                "kinds",
                format!(
                    "an entry names at most {MAX_KINDS_PER_ENTRY} kinds of work; this one names {}",
                    distinct.len()
                ),
            ));
        }
        let learned = match learned {
            Some(s) if !s.trim().is_empty() => {
                match prose(s, "what you learned", MAX_LEARNED_CHARS) {
                    Ok(s) => Some(s),
                    Err(error) => {
                        refused.push(EntryRefused {
                            field: "learned",
                            error,
                        });
                        None
                    }
                }
            }
            _ => None,
        };
        let note = prose(note, "a note", MAX_NOTE_CHARS).unwrap_or_else(|error| {
            refused.push(EntryRefused {
                field: "note",
                error,
            });
            String::new()
        });
        if !refused.is_empty() {
            return Err(refused);
        }
        Ok(Self {
            date,
            kinds: distinct,
            energy,
            learned,
            hands_on,
            note,
        })
    }
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub id: JournalEntryId,
    pub person: PersonId,
    pub date: Date,
    pub kinds: Vec<KindId>,
    pub energy: Energy,
    pub learned: Option<String>,
    pub hands_on: bool,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub written_at: OffsetDateTime,
}

/// A kind of work as the framework describes it, for naming kinds in insights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub id: String,
    pub name: String,
    pub hands_on: bool,
}

/// The framework's kinds of work (`Framework::journal_kinds`, the built-in ones when the
/// framework names none), in its order.
pub fn kinds_of(fw: &pendulum_framework::Framework) -> Vec<KindInfo> {
    fw.journal_kinds()
        .iter()
        .map(|k| KindInfo {
            id: k.id.as_str().to_string(),
            name: k.name.clone(),
            hands_on: k.hands_on,
        })
        .collect()
}

/// The rule behind the note "your energy for … has been falling". For each kind of work,
/// over the last `weeks` weeks (the current one included):
///
/// 1. the entries naming the kind are averaged per week (weeks without such an entry are
///    left out, not counted as zero);
/// 2. nothing is said unless there are at least `min_weeks` such weeks and `min_entries`
///    entries: a trend needs data;
/// 3. the trend is the Theil–Sen slope of the weekly averages (the median of the slopes
///    between every pair of weeks), which a single unusual week cannot swing, and it must be
///    at most `max_slope` energy points per week;
/// 4. and the later half of those weeks must average at least `min_drop` points below the
///    earlier half, so that a gentle drift inside the noise of a five-step scale says
///    nothing.
///
/// Both conditions must hold: a series that jumps about (noise) has a median slope near
/// zero; a slope from a few points of a long flat series does not move the halves apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FallingRule {
    pub weeks: u32,
    pub min_weeks: usize,
    pub min_entries: usize,
    pub max_slope: f64,
    pub min_drop: f64,
}

/// The rule the insights use: eight weeks, four weeks and six entries at least, a fall of
/// 0.2 points a week and of 0.75 points between the halves.
pub const FALLING: FallingRule = FallingRule {
    weeks: 8,
    min_weeks: 4,
    min_entries: 6,
    max_slope: -0.2,
    min_drop: 0.75,
};

/// The average energy of one week for one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekEnergy {
    /// The Monday the week starts on.
    pub week: Date,
    pub entries: u32,
    pub mean: f64,
}

/// Energy for one kind of work over the insights' weeks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindEnergy {
    pub kind: String,
    pub name: String,
    pub hands_on: bool,
    pub entries: u32,
    pub mean: f64,
    /// The weeks with at least one entry naming the kind, oldest first.
    pub weeks: Vec<WeekEnergy>,
}

/// How many entries of one week recorded learning something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeekLearning {
    pub week: Date,
    pub entries: u32,
    pub learned: u32,
}

/// A gentle observation about one kind of work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InsightNote {
    pub kind: String,
    pub name: String,
    /// The average of the earlier and of the later half of the weeks considered.
    pub from: f64,
    pub to: f64,
    pub text: String,
}

/// What the journal shows its author.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Insights {
    pub today: Date,
    /// The Monday of the first week covered.
    pub since: Date,
    pub entries: u32,
    /// Kinds of work in the framework's order (kinds the framework no longer lists last,
    /// by id), each with at least one entry in the weeks covered.
    pub energy_by_kind: Vec<KindEnergy>,
    /// Every week covered, oldest first, entries or not.
    pub learning_per_week: Vec<WeekLearning>,
    /// Whole days from the last hands-on entry to today; `None` with no hands-on entry.
    pub days_since_hands_on: Option<i64>,
    pub notes: Vec<InsightNote>,
}

/// The Monday of the week holding `date`.
pub fn week_of(date: Date) -> Date {
    date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = xs
        .into_iter()
        .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// The median of the pairwise slopes of `points` (x ascending), or `None` with fewer than
/// two points.
pub fn theil_sen_slope(points: &[(f64, f64)]) -> Option<f64> {
    let mut slopes = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for (i, &(xi, yi)) in points.iter().enumerate() {
        for &(xj, yj) in &points[i + 1..] {
            if xj != xi {
                slopes.push((yj - yi) / (xj - xi));
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    let n = slopes.len();
    Some(if n % 2 == 1 {
        slopes[n / 2]
    } else {
        (slopes[n / 2 - 1] + slopes[n / 2]) / 2.0
    })
}

/// Whether one kind's weekly averages (`(week index, mean, entries)`, oldest first) fall
/// under `rule`; the earlier and later halves' averages when they do.
pub fn falling(rule: &FallingRule, weeks: &[(u32, f64, u32)]) -> Option<(f64, f64)> {
    let entries: u32 = weeks.iter().map(|w| w.2).sum();
    if weeks.len() < rule.min_weeks || (entries as usize) < rule.min_entries {
        return None;
    }
    let points: Vec<(f64, f64)> = weeks.iter().map(|w| (f64::from(w.0), w.1)).collect();
    let slope = theil_sen_slope(&points)?;
    let half = weeks.len() / 2;
    let from = mean(weeks[..half].iter().map(|w| w.1));
    let to = mean(weeks[weeks.len() - half..].iter().map(|w| w.1));
    (slope <= rule.max_slope && from - to >= rule.min_drop).then_some((from, to))
}

fn signed(x: f64) -> String {
    let r = round2(x);
    if r > 0.0 {
        format!("+{r:.1}")
    } else if r < 0.0 {
        format!("−{:.1}", -r)
    } else {
        "0.0".to_string()
    }
}

/// The insights of `entries` (any order; entries dated after `today` are left out) over the
/// [`INSIGHT_WEEKS`] weeks up to `today`, naming kinds as `kinds` (the framework's
/// `journal.kinds`) does. `last_hands_on` is the date of the latest hands-on entry of the
/// whole journal, which may be older than the weeks covered (the store finds it without
/// reading the older entries); the days since hands-on work count from the later of it and
/// the hands-on entries among `entries`.
pub fn insights(
    entries: &[JournalEntry],
    last_hands_on: Option<Date>,
    kinds: &[KindInfo],
    today: Date,
) -> Insights {
    let this_week = week_of(today);
    let since = this_week - Duration::weeks(i64::from(INSIGHT_WEEKS) - 1);
    let falling_since = this_week - Duration::weeks(i64::from(FALLING.weeks) - 1);
    let index = |d: Date| ((week_of(d) - since).whole_weeks()) as u32;

    let past: Vec<&JournalEntry> = entries.iter().filter(|e| e.date <= today).collect();
    let days_since_hands_on = past
        .iter()
        .filter(|e| e.hands_on)
        .map(|e| e.date)
        .chain(last_hands_on.filter(|d| *d <= today))
        .max()
        .map(|d| (today - d).whole_days());
    let covered: Vec<&JournalEntry> = past.into_iter().filter(|e| e.date >= since).collect();

    let mut learning: Vec<WeekLearning> = (0..INSIGHT_WEEKS)
        .map(|i| WeekLearning {
            week: since + Duration::weeks(i64::from(i)),
            entries: 0,
            learned: 0,
        })
        .collect();
    // kind id -> week index -> (energy sum, entries)
    let mut by_kind: BTreeMap<&str, BTreeMap<u32, (i64, u32)>> = BTreeMap::new();
    for e in &covered {
        let w = &mut learning[index(e.date) as usize];
        w.entries += 1;
        w.learned += u32::from(e.learned.is_some());
        for k in &e.kinds {
            let cell = by_kind
                .entry(k.as_str())
                .or_default()
                .entry(index(e.date))
                .or_default();
            cell.0 += i64::from(e.energy.get());
            cell.1 += 1;
        }
    }

    let known = |id: &str| kinds.iter().position(|k| k.id == id);
    let mut ids: Vec<&str> = by_kind.keys().copied().collect();
    ids.sort_by_key(|id| (known(id).unwrap_or(usize::MAX), *id));

    let mut energy_by_kind = Vec::new();
    let mut notes = Vec::new();
    for id in ids {
        let weeks = &by_kind[id];
        let info = known(id).map(|i| &kinds[i]);
        let name = info.map_or_else(|| id.to_string(), |k| k.name.clone());
        let (sum, n) = weeks
            .values()
            .fold((0i64, 0u32), |(s, n), c| (s + c.0, n + c.1));
        let series: Vec<(u32, f64, u32)> = weeks
            .iter()
            .map(|(&w, &(s, n))| (w, s as f64 / f64::from(n), n))
            .collect();
        let recent: Vec<(u32, f64, u32)> = series
            .iter()
            .copied()
            .filter(|w| since + Duration::weeks(i64::from(w.0)) >= falling_since)
            .collect();
        if let Some((from, to)) = falling(&FALLING, &recent) {
            notes.push(InsightNote {
                kind: id.to_string(),
                name: name.clone(),
                from: round2(from),
                to: round2(to),
                text: format!(
                    "Your energy for {} has been falling over the last {} weeks you wrote about \
                     it, from {} to {} on average. It may be worth noticing what changed, or \
                     talking it over with someone you trust.",
                    name.to_lowercase(),
                    recent.len(),
                    signed(from),
                    signed(to)
                ),
            });
        }
        energy_by_kind.push(KindEnergy {
            kind: id.to_string(),
            hands_on: info.is_some_and(|k| k.hands_on),
            name,
            entries: n,
            mean: round2(sum as f64 / f64::from(n)),
            weeks: series
                .iter()
                .map(|&(w, m, n)| WeekEnergy {
                    week: since + Duration::weeks(i64::from(w)),
                    entries: n,
                    mean: round2(m),
                })
                .collect(),
        });
    }

    Insights {
        today,
        since,
        entries: covered.len() as u32,
        energy_by_kind,
        learning_per_week: learning,
        days_since_hands_on,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    use super::*;

    const TODAY: Date = date!(2026 - 12 - 06); // a Sunday

    fn kinds() -> Vec<KindInfo> {
        [
            ("building", "Hands-on building", true),
            ("code-review", "Code review", true),
            ("one-to-ones", "One-to-ones", false),
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

    fn entry(date: Date, kinds: &[&str], energy: i64, hands_on: bool) -> JournalEntry {
        JournalEntry {
            id: JournalEntryId::new(),
            person: PersonId::new(),
            date,
            kinds: kinds.iter().map(|k| KindId::new(k).unwrap()).collect(),
            energy: Energy::new(energy).unwrap(),
            learned: None,
            hands_on,
            note: String::new(),
            written_at: datetime!(2026-12-06 12:00 UTC),
        }
    }

    /// One entry on the Wednesday of each of the last `energies.len()` weeks, oldest first.
    fn weekly(kind: &str, energies: &[i64]) -> Vec<JournalEntry> {
        let n = energies.len() as i64;
        energies
            .iter()
            .enumerate()
            .map(|(i, &e)| {
                let week = week_of(TODAY) - Duration::weeks(n - 1 - i as i64);
                entry(week + Duration::days(2), &[kind], e, false)
            })
            .collect()
    }

    fn notes_for(entries: &[JournalEntry]) -> Vec<String> {
        insights(entries, None, &kinds(), TODAY)
            .notes
            .into_iter()
            .map(|n| n.kind)
            .collect()
    }

    #[test]
    fn energy_runs_from_minus_two_to_plus_two() {
        for v in -2..=2 {
            assert_eq!(Energy::new(v).unwrap().get() as i64, v);
        }
        assert!(Energy::new(-3).is_err());
        assert!(Energy::new(3).is_err());
        assert_eq!(Energy::parse("+2").unwrap().get(), 2);
        assert_eq!(Energy::parse(" -1 ").unwrap().get(), -1);
        let err = Energy::parse("lots").unwrap_err().0;
        assert!(err.contains("\"lots\" is not an energy"), "{err}");
        assert_eq!(Energy::new(2).unwrap().to_string(), "+2");
        assert_eq!(Energy::new(-2).unwrap().label(), "depleted");
        assert_eq!(
            serde_json::to_string(&Energy::new(-1).unwrap()).unwrap(),
            "-1"
        );
        assert!(serde_json::from_str::<Energy>("5").is_err());
    }

    #[test]
    fn kind_ids_are_lowercase_words_with_hyphens() {
        assert!(KindId::new("code-review").is_ok());
        assert!(KindId::new("building2").is_ok());
        for bad in ["", "Code", "-x", "a b", "x\u{202E}", &"a".repeat(41)] {
            assert!(KindId::new(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_new_entry_is_bounded_and_dated_in_the_past() {
        let k = |s: &str| KindId::new(s).unwrap();
        let e = Energy::new(1).unwrap();
        let ok = NewJournalEntry::new(
            TODAY,
            vec![k("building"), k("design"), k("building")],
            e,
            Some("  "),
            true,
            "line one\r\nline two",
            TODAY,
        )
        .unwrap();
        assert_eq!(ok.kinds, vec![k("building"), k("design")]);
        assert_eq!(ok.learned, None);
        assert_eq!(ok.note, "line one\nline two");

        let tomorrow = TODAY + Duration::days(1);
        let err = NewJournalEntry::new(tomorrow, vec![], e, None, false, "", TODAY).unwrap_err();
        assert_eq!(err.field, "date");
        assert!(err.error.0.contains("after today"), "{}", err.error.0);
        let long_ago = TODAY - Duration::days(MAX_AGE_DAYS + 1);
        assert!(NewJournalEntry::new(long_ago, vec![], e, None, false, "", TODAY).is_err());
        let many: Vec<KindId> = (0..13).map(|i| k(&format!("k{i}"))).collect();
        let err = NewJournalEntry::new(TODAY, many, e, None, false, "", TODAY).unwrap_err();
        assert_eq!(err.field, "kinds");
        assert!(err.error.0.contains("at most 12 kinds"), "{}", err.error.0);
        let err =
            NewJournalEntry::new(TODAY, vec![], e, None, false, "a\u{1b}[2J", TODAY).unwrap_err();
        assert_eq!(err.field, "note");
        assert!(err.error.0.contains("escape character"), "{}", err.error.0);
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        let err = NewJournalEntry::new(TODAY, vec![], e, None, false, &long, TODAY).unwrap_err();
        assert_eq!(err.field, "note");
        let learned = "y".repeat(MAX_LEARNED_CHARS + 1);
        let err =
            NewJournalEntry::new(TODAY, vec![], e, Some(&learned), false, "", TODAY).unwrap_err();
        assert_eq!(err.field, "learned");
    }

    #[test]
    fn every_refused_field_is_named_at_once() {
        let e = Energy::new(0).unwrap();
        let refused = NewJournalEntry::checked(
            TODAY + Duration::days(1),
            vec![],
            e,
            Some("a\u{1b}b"),
            false,
            &"x".repeat(MAX_NOTE_CHARS + 1),
            TODAY,
        )
        .unwrap_err();
        let fields: Vec<&str> = refused.iter().map(|r| r.field).collect();
        assert_eq!(fields, ["date", "learned", "note"]);
        let first = NewJournalEntry::new(
            TODAY + Duration::days(1),
            vec![],
            e,
            Some("a\u{1b}b"),
            false,
            "",
            TODAY,
        )
        .unwrap_err();
        assert_eq!(first.field, "date");
    }

    #[test]
    fn the_builtin_kinds_name_hands_on_work() {
        let fw = pendulum_framework::check_str(
            "engineering.yaml",
            pendulum_framework::builtin::ENGINEERING_YAML,
        )
        .unwrap()
        .framework;
        let kinds = kinds_of(&fw);
        let building = kinds.iter().find(|k| k.id == "building").unwrap();
        assert!(building.hands_on);
        let meetings = kinds.iter().find(|k| k.id == "meetings").unwrap();
        assert!(!meetings.hands_on);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(TODAY), date!(2026 - 11 - 30));
        assert_eq!(week_of(date!(2026 - 11 - 30)), date!(2026 - 11 - 30));
    }

    #[test]
    fn days_since_hands_on_counts_from_the_last_hands_on_entry() {
        let entries = vec![
            entry(TODAY - Duration::days(40), &["building"], 1, true),
            entry(TODAY - Duration::days(9), &["building"], 1, true),
            entry(TODAY - Duration::days(2), &["meetings"], -1, false),
            // Dated after today (written ahead): left out of everything.
            entry(TODAY + Duration::days(3), &["building"], 2, true),
        ];
        let i = insights(&entries, None, &kinds(), TODAY);
        assert_eq!(i.days_since_hands_on, Some(9));
        assert_eq!(i.entries, 3);
        let none = insights(&entries[2..3], None, &kinds(), TODAY);
        assert_eq!(none.days_since_hands_on, None);
        // Hands-on work long before the weeks covered still counts.
        let old = entry(TODAY - Duration::days(400), &["building"], 0, true);
        assert_eq!(
            insights(&[old], None, &kinds(), TODAY).days_since_hands_on,
            Some(400)
        );
        // As does the latest hands-on date the store found without the older entries; the
        // later of it and the entries' counts, and a date after today does not.
        let recent = &entries[2..3];
        let far = TODAY - Duration::days(500);
        assert_eq!(
            insights(recent, Some(far), &kinds(), TODAY).days_since_hands_on,
            Some(500)
        );
        assert_eq!(
            insights(&entries, Some(far), &kinds(), TODAY).days_since_hands_on,
            Some(9)
        );
        let ahead = TODAY + Duration::days(1);
        assert_eq!(
            insights(recent, Some(ahead), &kinds(), TODAY).days_since_hands_on,
            None
        );
    }

    #[test]
    fn learning_per_week_lists_every_week_covered() {
        let mut e1 = entry(TODAY, &["building"], 1, true);
        e1.learned = Some("borrowck".into());
        let e2 = entry(TODAY - Duration::days(1), &["meetings"], 0, false);
        let e3 = entry(TODAY - Duration::weeks(3), &["meetings"], 0, false);
        let i = insights(&[e1, e2, e3], None, &kinds(), TODAY);
        assert_eq!(i.learning_per_week.len(), INSIGHT_WEEKS as usize);
        assert_eq!(i.since, week_of(TODAY) - Duration::weeks(11));
        let last = i.learning_per_week.last().unwrap();
        assert_eq!(
            (last.week, last.entries, last.learned),
            (week_of(TODAY), 2, 1)
        );
        let three_back = &i.learning_per_week[INSIGHT_WEEKS as usize - 4];
        assert_eq!((three_back.entries, three_back.learned), (1, 0));
        let total: u32 = i.learning_per_week.iter().map(|w| w.entries).sum();
        assert_eq!(total, 3);
    }

    #[test]
    fn energy_by_kind_follows_the_framework_order_and_averages_per_week() {
        let today = TODAY;
        let entries = vec![
            entry(today, &["meetings", "building"], -1, true),
            entry(today - Duration::days(1), &["meetings"], -2, false),
            entry(today - Duration::weeks(2), &["building"], 2, true),
            entry(today, &["retired-kind"], 0, false),
        ];
        let i = insights(&entries, None, &kinds(), today);
        let ids: Vec<&str> = i.energy_by_kind.iter().map(|k| k.kind.as_str()).collect();
        assert_eq!(ids, ["building", "meetings", "retired-kind"]);
        let building = &i.energy_by_kind[0];
        assert_eq!(building.name, "Hands-on building");
        assert!(building.hands_on);
        assert_eq!((building.entries, building.mean), (2, 0.5));
        assert_eq!(building.weeks.len(), 2);
        let meetings = &i.energy_by_kind[1];
        assert_eq!(meetings.weeks.len(), 1);
        assert_eq!(meetings.weeks[0].mean, -1.5);
        assert_eq!(i.energy_by_kind[2].name, "retired-kind");
    }

    #[test]
    fn a_steady_fall_raises_a_note_naming_the_kind() {
        let entries = weekly("code-review", &[2, 2, 1, 1, 0, 0, -1, -1]);
        let i = insights(&entries, None, &kinds(), TODAY);
        assert_eq!(i.notes.len(), 1, "{:?}", i.notes);
        let note = &i.notes[0];
        assert_eq!(note.kind, "code-review");
        assert_eq!((note.from, note.to), (1.5, -0.5));
        assert!(note.text.contains("code review"), "{}", note.text);
        assert!(note.text.contains("+1.5") && note.text.contains("−0.5"));
        for word in ["demotion", "should", "score", "fail"] {
            assert!(!note.text.to_lowercase().contains(word), "{}", note.text);
        }
    }

    #[test]
    fn a_fall_with_uneven_entries_per_week_still_counts() {
        let mut entries = weekly("meetings", &[2, 1, 1, 0, -1, -2]);
        entries.extend(weekly("meetings", &[2, 1, 1, 0, -1, -2]));
        entries.remove(4); // one week with one entry, the others with two
        assert_eq!(notes_for(&entries), ["meetings"]);
    }

    #[test]
    fn flat_noisy_rising_and_sparse_series_raise_no_note() {
        // Flat, at any level.
        assert!(notes_for(&weekly("meetings", &[-1; 8])).is_empty());
        assert!(notes_for(&weekly("meetings", &[1; 8])).is_empty());
        // Noise: the full range every other week.
        assert!(notes_for(&weekly("meetings", &[2, -2, 2, -2, 2, -2, 2, -2])).is_empty());
        assert!(notes_for(&weekly("meetings", &[-2, 2, 1, -2, 2, -1, 2, -2])).is_empty());
        // Rising.
        assert!(notes_for(&weekly("meetings", &[-2, -1, -1, 0, 0, 1, 1, 2])).is_empty());
        // Too few weeks, however steep.
        assert!(notes_for(&weekly("meetings", &[2, 0, -2])).is_empty());
        // A gentle drift inside the noise of the scale.
        assert!(notes_for(&weekly("meetings", &[1, 1, 1, 1, 0, 1, 0, 1])).is_empty());
        // One bad week at the end of a flat series.
        assert!(notes_for(&weekly("meetings", &[1, 1, 1, 1, 1, 1, 1, -2])).is_empty());
        // A fall that happened before the weeks the rule looks at, flat since.
        let old = weekly("meetings", &[2, 2, 1, 0, -1, -1, -1, -1, -1, -1, -1, -1]);
        assert!(notes_for(&old).is_empty());
    }

    #[test]
    fn theil_sen_ignores_one_outlier() {
        let pts: Vec<(f64, f64)> = (0..8).map(|i| (f64::from(i), 1.0)).collect();
        let mut with_outlier = pts.clone();
        with_outlier[7].1 = -10.0;
        assert_eq!(theil_sen_slope(&pts), Some(0.0));
        assert_eq!(theil_sen_slope(&with_outlier), Some(0.0));
        assert_eq!(theil_sen_slope(&pts[..1]), None);
    }

    proptest! {
        #[test]
        fn insights_stay_in_range_and_constant_energy_never_falls(
            days in proptest::collection::vec((0i64..200, 0usize..4, -2i64..=2, any::<bool>()), 0..80),
            constant in -2i64..=2,
        ) {
            let ks = kinds();
            let entries: Vec<JournalEntry> = days
                .iter()
                .map(|&(d, k, e, h)| entry(TODAY - Duration::days(d), &[ks[k].id.as_str()], e, h))
                .collect();
            let i = insights(&entries, None, &ks, TODAY);
            for k in &i.energy_by_kind {
                prop_assert!((-2.0..=2.0).contains(&k.mean));
                for w in &k.weeks {
                    prop_assert!((-2.0..=2.0).contains(&w.mean));
                    prop_assert!(w.week >= i.since && w.week <= TODAY);
                }
            }
            for n in &i.notes {
                prop_assert!(n.from - n.to >= FALLING.min_drop - 0.01);
            }
            prop_assert_eq!(i.learning_per_week.len(), INSIGHT_WEEKS as usize);
            if let Some(d) = i.days_since_hands_on {
                prop_assert!(d >= 0);
            }
            let flat: Vec<JournalEntry> = days
                .iter()
                .map(|&(d, k, _, h)| entry(TODAY - Duration::days(d), &[ks[k].id.as_str()], constant, h))
                .collect();
            prop_assert!(insights(&flat, None, &ks, TODAY).notes.is_empty());
        }
    }
}
