//! The journal's pages: `/journal`, where the author writes an entry (a quick form that
//! works on a phone), reads their insights as charts with tables beside them, reads their
//! entries page by page and downloads the whole journal; an entry's own form
//! (`/journal/{id}/edit`); and the confirmation before an entry is deleted
//! (`/journal/{id}/delete`).
//!
//! The views are told everything they show: the web application reads the author's own
//! journal through the owner-only capability and nothing here knows whose it is. Every
//! figure of the insights comes from one [`Insights`] value, the one the API answers
//! with. Forms refuse the way every form does ([`FormErrors`], docs/architecture.md
//! "Forms"): the summary at the top, each faulty field marked, the values as submitted.

pub mod charts;

use askama::Template;
use pendulum_domain::journal::{
    ENERGY_MAX, ENERGY_MIN, Energy, Insights, JournalEntry, KindInfo, MAX_AGE_DAYS,
};
use time::{Date, Duration};

use self::charts::{CraftChart, EnergyChart, LearningChart, signed, week_label};
use crate::forms::FormErrors;
use crate::markup::Markup;
use crate::notes_lock::RecoveryCodeNotice;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::paths;

/// The entry form's id prefix: its inputs are `entry-date`, `entry-kinds`…
pub const FORM: &str = "entry";

/// What the entry form holds: today and nothing else for a new entry, an entry's own
/// values when changing it, what was submitted after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryValues {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Kind ids.
    pub kinds: Vec<String>,
    /// `-2` … `2`, or empty when none is chosen.
    pub energy: String,
    /// The "I learned something" box.
    pub learned_yes: bool,
    pub learned: String,
    /// `None`: neither "yes" nor "no" chosen, so the kinds of work decide.
    pub hands_on: Option<bool>,
    pub note: String,
}

impl EntryValues {
    /// A new entry on `today`.
    pub fn new_on(today: Date) -> Self {
        Self {
            date: today.to_string(),
            ..Self::default()
        }
    }

    /// The values of a stored entry, for changing it.
    pub fn of(entry: &JournalEntry) -> Self {
        Self {
            date: entry.date.to_string(),
            kinds: entry.kinds.iter().map(|k| k.to_string()).collect(),
            energy: entry.energy.get().to_string(),
            learned_yes: entry.learned.is_some(),
            learned: entry.learned.clone().unwrap_or_default(),
            hands_on: Some(entry.hands_on),
            note: entry.note.clone(),
        }
    }
}

/// A kind of work as a large checkbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindChoice {
    pub id: String,
    pub name: String,
    pub hands_on: bool,
    pub checked: bool,
    /// The first box is `entry-kinds` (where the error summary leads), the others
    /// `entry-kinds-{id}`.
    pub input_id: String,
}

/// One step of the energy scale as a labelled radio button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnergyChoice {
    /// As sent: `-2` … `2`.
    pub value: String,
    /// As shown: `−2` … `+2`.
    pub figure: String,
    pub words: &'static str,
    pub checked: bool,
    pub input_id: String,
}

/// The entry form, new or changing an entry.
#[derive(Clone, Debug)]
pub struct EntryForm {
    /// Where it posts: the page's own address.
    pub action: String,
    pub csrf: String,
    pub values: EntryValues,
    /// The latest and earliest dates an entry may have, for the date field.
    pub today: String,
    pub earliest: String,
    pub kinds: Vec<KindChoice>,
    pub energies: Vec<EnergyChoice>,
    /// The hands-on kinds, in words, for the hint of the hands-on question.
    pub hands_on_kinds: String,
    pub submit: &'static str,
    pub errors: Option<FormErrors>,
}

impl EntryForm {
    /// A form posting to `action`, offering `kinds` (the framework's) and any kind the
    /// values hold that the framework no longer lists.
    pub fn new(
        action: &str,
        csrf: &str,
        kinds: &[KindInfo],
        values: EntryValues,
        today: Date,
        submit: &'static str,
    ) -> Self {
        let mut offered: Vec<KindChoice> = kinds
            .iter()
            .map(|k| KindChoice {
                id: k.id.clone(),
                name: k.name.clone(),
                hands_on: k.hands_on,
                checked: values.kinds.contains(&k.id),
                input_id: String::new(),
            })
            .collect();
        for held in &values.kinds {
            if !offered.iter().any(|k| &k.id == held) {
                offered.push(KindChoice {
                    id: held.clone(),
                    name: held.clone(),
                    hands_on: false,
                    checked: true,
                    input_id: String::new(),
                });
            }
        }
        for (i, k) in offered.iter_mut().enumerate() {
            k.input_id = if i == 0 {
                format!("{FORM}-kinds")
            } else {
                format!("{FORM}-kinds-{}", k.id)
            };
        }
        let energies = (ENERGY_MIN..=ENERGY_MAX)
            .map(|v| {
                let energy = Energy::new(i64::from(v)).expect("a step of the scale");
                EnergyChoice {
                    value: v.to_string(),
                    figure: signed(f64::from(v)),
                    words: energy.label(),
                    checked: values.energy.trim().trim_start_matches('+') == v.to_string(),
                    input_id: if v == ENERGY_MIN {
                        format!("{FORM}-energy")
                    } else {
                        format!("{FORM}-energy-{}", v - ENERGY_MIN)
                    },
                }
            })
            .collect();
        let hands_on: Vec<String> = kinds
            .iter()
            .filter(|k| k.hands_on)
            .map(|k| k.name.to_lowercase())
            .collect();
        Self {
            action: action.to_string(),
            csrf: csrf.to_string(),
            values,
            today: today.to_string(),
            earliest: (today - Duration::days(MAX_AGE_DAYS)).to_string(),
            kinds: offered,
            energies,
            hands_on_kinds: and_list(&hands_on),
            submit,
            errors: None,
        }
    }

    /// The form after a refused submission.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }
}

/// `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A day as the journal shows it: `Monday 2 November 2026`.
pub fn long_date(d: Date) -> String {
    format!("{} {} {} {}", d.weekday(), d.day(), d.month(), d.year())
}

/// One entry in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCard {
    pub id: String,
    pub date: String,
    /// `YYYY-MM-DD`, for `<time>`.
    pub iso: String,
    /// `+2`.
    pub energy: String,
    pub energy_words: &'static str,
    /// `energy-2` … `energy+2`: the mark beside the entry.
    pub energy_class: &'static str,
    pub kinds: Vec<String>,
    pub hands_on: bool,
    pub learned: Option<String>,
    pub note: String,
    pub edit: String,
    pub delete: String,
}

impl EntryCard {
    /// `entry`, naming its kinds as `kinds` does (a kind the framework dropped by its id).
    pub fn new(entry: &JournalEntry, kinds: &[KindInfo]) -> Self {
        let id = entry.id.to_string();
        Self {
            date: long_date(entry.date),
            iso: entry.date.to_string(),
            energy: signed(f64::from(entry.energy.get())),
            energy_words: entry.energy.label(),
            energy_class: match entry.energy.get() {
                i8::MIN..=-2 => "energy-low2",
                -1 => "energy-low1",
                0 => "energy-even",
                1 => "energy-high1",
                _ => "energy-high2",
            },
            kinds: entry
                .kinds
                .iter()
                .map(|k| {
                    kinds
                        .iter()
                        .find(|info| info.id == k.as_str())
                        .map_or_else(|| k.to_string(), |info| info.name.clone())
                })
                .collect(),
            hands_on: entry.hands_on,
            learned: entry.learned.clone(),
            note: entry.note.clone(),
            edit: paths::fill(paths::JOURNAL_EDIT, &[&id]),
            delete: paths::fill(paths::JOURNAL_DELETE, &[&id]),
            id,
        }
    }
}

/// One week's average energy for one kind, as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnergyCell {
    pub mean: String,
    pub entries: u32,
}

/// One kind of work, a column of the energy table, with its average over the weeks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnergyKind {
    pub name: String,
    pub hands_on: bool,
    pub mean: String,
    pub entries: u32,
}

/// One week, a row of the energy table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnergyWeek {
    pub week: String,
    pub iso: String,
    /// One per kind, in the columns' order; `None` for a kind without an entry that week.
    pub cells: Vec<Option<EnergyCell>>,
}

/// One week in the learning table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearningRow {
    pub week: String,
    pub iso: String,
    pub entries: u32,
    pub learned: u32,
}

/// A gentle note, naming its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteView {
    pub kind: String,
    pub text: String,
}

/// The insights of the journal: four figures, each a chart with its table.
#[derive(Clone, Debug)]
pub struct InsightsSection {
    /// The Monday of the first week covered, as a day.
    pub since: String,
    pub entries: u32,
    pub energy_chart: Option<Markup>,
    /// The energy table: a column per kind, a row per week covered, oldest first.
    pub energy_kinds: Vec<EnergyKind>,
    pub energy_weeks: Vec<EnergyWeek>,
    pub learning_chart: Markup,
    pub learning_rows: Vec<LearningRow>,
    pub craft_chart: Option<Markup>,
    pub days_since_hands_on: Option<i64>,
    /// The day of the last hands-on entry, when there is one.
    pub last_hands_on: Option<String>,
    pub notes: Vec<NoteView>,
}

impl InsightsSection {
    pub fn new(insights: &Insights) -> Self {
        let energy_kinds = insights
            .energy_by_kind
            .iter()
            .map(|k| EnergyKind {
                name: k.name.clone(),
                hands_on: k.hands_on,
                mean: signed(k.mean),
                entries: k.entries,
            })
            .collect();
        let energy_weeks = insights
            .learning_per_week
            .iter()
            .map(|week| EnergyWeek {
                week: week_label(week.week),
                iso: week.week.to_string(),
                cells: insights
                    .energy_by_kind
                    .iter()
                    .map(|k| {
                        k.weeks
                            .iter()
                            .find(|w| w.week == week.week)
                            .map(|w| EnergyCell {
                                mean: signed(w.mean),
                                entries: w.entries,
                            })
                    })
                    .collect(),
            })
            .collect();
        Self {
            since: long_date(insights.since),
            entries: insights.entries,
            energy_chart: EnergyChart::new(insights).map(|c| c.to_markup()),
            energy_kinds,
            energy_weeks,
            learning_chart: LearningChart::new(insights).to_markup(),
            learning_rows: insights
                .learning_per_week
                .iter()
                .map(|w| LearningRow {
                    week: week_label(w.week),
                    iso: w.week.to_string(),
                    entries: w.entries,
                    learned: w.learned,
                })
                .collect(),
            craft_chart: CraftChart::new(insights.days_since_hands_on).map(|c| c.to_markup()),
            days_since_hands_on: insights.days_since_hands_on,
            last_hands_on: insights
                .days_since_hands_on
                .map(|d| long_date(insights.today - Duration::days(d))),
            notes: insights
                .notes
                .iter()
                .map(|n| NoteView {
                    kind: n.name.clone(),
                    text: n.text.clone(),
                })
                .collect(),
        }
    }
}

/// What the journal page shows an author.
#[derive(Clone, Debug)]
pub struct JournalPage {
    /// "Written.", "Changed.", "Deleted." after a change.
    pub notice: Option<String>,
    pub form: EntryForm,
    pub insights: InsightsSection,
    pub entries: Vec<EntryCard>,
    /// The next page of older entries, when there is one.
    pub older: Option<String>,
    /// Back to the newest entries, on a page of older ones.
    pub newest: Option<String>,
    pub csv: String,
    pub json: String,
}

#[derive(Template)]
#[template(path = "journal/index.html", blocks = ["content"])]
pub struct JournalView {
    pub chrome: Chrome,
    /// `None` for an account linked to no person: it has no journal.
    pub page: Option<JournalPage>,
    /// A first recovery code, shown this once (`crate::notes_lock`).
    pub recovery_code: Option<RecoveryCodeNotice>,
    /// The lock's page, where a new recovery code is made.
    pub private_notes: &'static str,
}

crate::view!(JournalView);

impl JournalView {
    pub fn new(organisation: &str, links: &Links, page: Option<JournalPage>) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Journal", links),
            page,
            recovery_code: None,
            private_notes: paths::PRIVATE_NOTES,
        }
    }

    /// The same view showing a first recovery code, this once.
    #[must_use]
    pub fn with_recovery_code(mut self, code: Option<RecoveryCodeNotice>) -> Self {
        self.recovery_code = code;
        self
    }

    /// The same view with the form refused (a 422 answer).
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        if let Some(page) = &mut self.page {
            page.form.errors = Some(errors);
        }
        self
    }
}

/// An entry's own form: change it, or go on to delete it.
#[derive(Template)]
#[template(path = "journal/edit.html", blocks = ["content"])]
pub struct JournalEditView {
    pub chrome: Chrome,
    pub heading: String,
    pub form: EntryForm,
    pub back: String,
    pub delete: String,
}

crate::view!(JournalEditView);

impl JournalEditView {
    pub fn new(organisation: &str, links: &Links, date: Date, form: EntryForm, id: &str) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Change a journal entry", links),
            heading: format!("Your entry of {}", long_date(date)),
            form,
            back: paths::JOURNAL.to_string(),
            delete: paths::fill(paths::JOURNAL_DELETE, &[id]),
        }
    }

    /// The form after a refused submission.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.form.errors = Some(errors);
        self
    }
}

/// The step before an entry is deleted: the entry, and a button that deletes it for good.
#[derive(Template)]
#[template(path = "journal/delete.html", blocks = ["content"])]
pub struct JournalDeleteView {
    pub chrome: Chrome,
    pub entry: EntryCard,
    pub csrf: String,
    pub action: String,
    pub back: String,
}

crate::view!(JournalDeleteView);

impl JournalDeleteView {
    pub fn new(organisation: &str, links: &Links, entry: EntryCard, csrf: &str) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Delete a journal entry", links),
            action: entry.delete.clone(),
            entry,
            csrf: csrf.to_string(),
            back: paths::JOURNAL.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use pendulum_domain::journal::{KindId, insights};
    use pendulum_domain::{JournalEntryId, PersonId};
    use time::macros::{date, datetime};

    use super::*;
    use crate::View;

    fn kinds() -> Vec<KindInfo> {
        vec![
            KindInfo {
                id: "building".into(),
                name: "Hands-on building".into(),
                hands_on: true,
            },
            KindInfo {
                id: "meetings".into(),
                name: "Meetings".into(),
                hands_on: false,
            },
        ]
    }

    fn entry(note: &str) -> JournalEntry {
        JournalEntry {
            id: JournalEntryId::new(),
            person: PersonId::new(),
            date: date!(2026 - 12 - 01),
            kinds: vec![
                KindId::new("meetings").unwrap(),
                KindId::new("retired").unwrap(),
            ],
            energy: Energy::new(-2).unwrap(),
            learned: None,
            hands_on: false,
            note: note.to_string(),
            written_at: datetime!(2026-12-01 10:00 UTC),
        }
    }

    fn page(entries: &[JournalEntry], errors: Option<FormErrors>) -> JournalView {
        let today = date!(2026 - 12 - 06);
        let links = Links::web("/framework/", "/static/");
        let mut form = EntryForm::new(
            paths::JOURNAL,
            "t0k3n",
            &kinds(),
            EntryValues::new_on(today),
            today,
            "Write it down",
        );
        form.errors = errors;
        JournalView::new(
            "Acme",
            &links,
            Some(JournalPage {
                notice: None,
                form,
                insights: InsightsSection::new(&insights(entries, None, &kinds(), today)),
                entries: entries
                    .iter()
                    .map(|e| EntryCard::new(e, &kinds()))
                    .collect(),
                older: None,
                newest: None,
                csv: paths::JOURNAL_CSV.into(),
                json: paths::JOURNAL_JSON.into(),
            }),
        )
    }

    #[test]
    fn an_entry_reads_in_words_and_its_text_is_escaped() {
        let html = page(&[entry("<script>alert(1)</script>\nsecond line")], None).render_partial();
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62;\nsecond line"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("Tuesday 1 December 2026"));
        assert!(
            html.contains("<span class=\"figure\">−2</span> depleted"),
            "{html}"
        );
        // A kind the framework no longer lists is named by its id.
        assert!(
            html.contains(
                "<span class=\"badge\">Meetings</span> <span class=\"badge\">retired</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains("value=\"2026-12-06\" max=\"2026-12-06\""),
            "today, and not after"
        );
        assert!(
            html.contains("data-hands-on"),
            "hands-on kinds are marked for the script"
        );
        assert!(html.contains("hands-on building are hands-on"), "{html}");
    }

    #[test]
    fn a_refusal_marks_its_fields_and_the_summary_leads_to_them() {
        let errors = FormErrors::new(FORM, "The entry was not saved.")
            .at("kinds", "Gardening is not a kind of work.")
            .at("energy", "Choose how the work left you.");
        let html = page(&[], Some(errors)).render_partial();
        assert!(
            html.contains(
                "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"entry-errors\""
            ),
            "{html}"
        );
        assert!(html.contains("<a href=\"#entry-kinds\">Gardening is not a kind of work.</a>"));
        assert!(html.contains("<a href=\"#entry-energy\">Choose how the work left you.</a>"));
        let first_kind = &html[html.find("id=\"entry-kinds\"").unwrap()..];
        let first_kind = &first_kind[..first_kind.find('>').unwrap()];
        assert!(
            first_kind.contains("aria-invalid=\"true\" aria-describedby=\"entry-kinds-error\""),
            "{first_kind}"
        );
        assert!(html.contains("<span class=\"field-error\" id=\"entry-energy-error\">"));
        assert!(
            !html.contains("id=\"entry-date-error\""),
            "the date is fine"
        );
    }

    #[test]
    fn an_account_without_a_journal_is_told_why() {
        let links = Links::web("/framework/", "/static/");
        let html = JournalView::new("Acme", &links, None).render_page();
        assert!(html.contains("not linked to a person yet"), "{html}");
        assert!(!html.contains("<form class=\"form journal-form\""));
    }
}
