//! A person's page: who they are, where they stand (with a management trial's guaranteed
//! way back), their pendulum timeline with the same data as a table, their reporting line,
//! their history as recorded, and the form that records a change (or proposes one).

use askama::Template;
use pendulum_domain::timeline::{events_that_count, fold_on};
use pendulum_domain::{
    CurrentRole, EventKind, Frameworks, Person, ReportingChange, RoleEvent, TrialOutcome,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_framework::model::TrackKind;
use time::Date;

use super::{OptionGroup, PeopleLinks, PersonLink, SelectOption, level_groups, status_label};
use crate::forms::FormErrors;
use crate::framework::{Link, kind_class};
use crate::markup::{Markup, Sentence};
use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::timeline::{Role, TimelineChart, TimelineRow, swing_label};

/// Who may change the history from this page, and so what the form does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// An administrator records the change: it enters the history at once.
    Record,
    /// A manager proposes the change: an administrator confirms it before it counts.
    Propose,
}

/// The record form's fields as submitted (all text, as the request gave them), so that a
/// refused submission comes back with everything still filled in. Empty for a new form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordValues {
    /// An [`EventKind`] string: `promotion`, `move`, `trial-start`…
    pub kind: String,
    /// An ISO date.
    pub effective: String,
    /// A level id.
    pub level: String,
    /// An ISO date: a trial's planned end, a trial's new end, or the end of leave.
    pub until: String,
    /// `stay` or `return`, for the end of a trial.
    pub outcome: String,
    pub reason: String,
    /// For a correction: the id of the event it corrects (a hidden field).
    pub supersedes: String,
    /// The box ticked to record a back-dated change after its preview.
    pub confirm_backdated: bool,
}

/// What a change will do, shown in the form before it is recorded: the timeline with the
/// change in place, the later entries a back-dated change comes before, and the level the
/// rules record when it is not the one asked for (`pendulum_domain::timeline::preview`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordPreview {
    /// For a back-dated change: the warning naming the entries it comes before. Recording
    /// it then needs the confirmation box ticked.
    pub warning: Option<String>,
    /// "Recorded at Staff Engineer (ic-4), not Engineer I (ic-1): the return path of …".
    pub raised: Option<String>,
    /// The timeline chart of the history with the change in place.
    pub chart: Markup,
    /// The same timeline as text.
    pub rows: Vec<TimelineRow>,
    /// Whether recording it needs the confirmation box ticked: back-dated, and not a
    /// correction (which rewrites an entry on purpose, with its reason).
    pub confirm: bool,
}

impl RecordPreview {
    /// The preview of `events` (the history with the change in place) for `name`, with
    /// the domain's warning and explanation.
    pub fn new(
        name: &str,
        events: &[RoleEvent],
        frameworks: &impl Frameworks,
        today: Date,
        warning: Option<String>,
        raised: Option<String>,
        confirm: bool,
    ) -> Self {
        let mut chart = TimelineChart::new(name, events, frameworks, today);
        chart.id = "preview-timeline";
        Self {
            warning,
            raised,
            chart: chart.to_markup(),
            rows: chart.rows().to_vec(),
            confirm,
        }
    }

    /// Whether recording the change needs the confirmation box.
    pub fn needs_confirmation(&self) -> bool {
        self.confirm
    }
}

/// The form that records (or proposes) a change of a person's role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordForm {
    pub mode: FormMode,
    /// The session's anti-forgery token, sent back in the hidden `csrf` field.
    pub csrf: String,
    pub values: RecordValues,
    /// Why the last submission was refused, shown at the top of the form (`role="alert"`).
    pub error: Option<String>,
    /// The field the refusal is about, marked beside it (`kind`, `effective`, `level`,
    /// `until`, `outcome`, `reason`).
    pub error_field: Option<&'static str>,
    /// What the last submission did, shown at the top of the form (`role="status"`).
    pub notice: Option<String>,
    /// For a correction: the entry it corrects, in words ("the promotion of 2020-09-01,
    /// entry 2"). The form then offers every kind of event (a hire can be corrected too)
    /// and needs a reason.
    pub correcting: Option<String>,
    /// What the change will do, after "Preview" or a back-dated change sent unconfirmed.
    pub preview: Option<RecordPreview>,
    levels: Vec<OptionGroup>,
    /// The levels left out of the select ([`RecordForm::without_levels`]), each with its
    /// group and place there, to put back for a correction or a value submitted anyway.
    withheld: Vec<(String, usize, SelectOption)>,
    /// The sentence under the select naming what is not offered and why.
    not_offered: Option<String>,
}

impl RecordForm {
    /// An empty form whose level choices are the levels of `fw`, the framework changes
    /// are recorded under (the organisation's current version).
    pub fn new(mode: FormMode, csrf: &str, fw: &Framework) -> Self {
        Self {
            mode,
            csrf: csrf.to_string(),
            values: RecordValues::default(),
            error: None,
            error_field: None,
            notice: None,
            correcting: None,
            preview: None,
            levels: level_groups(fw, ""),
            withheld: Vec::new(),
            not_offered: None,
        }
    }

    /// The form with `levels` left out of the level select, and `note` under it saying
    /// which and why ("Levels below Staff Engineer (ic-4) are not offered: the return path
    /// of Engineering Manager (em-1) guarantees Staff Engineer (ic-4)."). The web
    /// application leaves out the levels the rules would not record as asked
    /// (`pendulum_domain::timeline::raised_levels`); a correction offers every level again
    /// ([`RecordForm::correcting`]). Nothing happens without levels to leave out.
    pub fn without_levels(mut self, levels: &[String], note: impl Into<String>) -> Self {
        if levels.is_empty() {
            return self;
        }
        for group in &mut self.levels {
            let mut index = 0;
            group.options.retain(|option| {
                let keep = !levels.contains(&option.value);
                if !keep {
                    self.withheld
                        .push((group.label.clone(), index, option.clone()));
                }
                index += 1;
                keep
            });
        }
        self.levels.retain(|g| !g.options.is_empty());
        self.not_offered = Some(note.into());
        self
    }

    /// Puts back the withheld levels `which` chooses, each at its place in its group.
    fn restore(&mut self, which: impl Fn(&SelectOption) -> bool) {
        let (back, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.withheld)
            .into_iter()
            .partition(|(_, _, option)| which(option));
        self.withheld = kept;
        for (label, index, option) in back {
            let at = self.levels.iter().position(|g| g.label == label);
            let group = match at {
                Some(at) => &mut self.levels[at],
                None => {
                    self.levels.push(OptionGroup {
                        label,
                        options: Vec::new(),
                    });
                    self.levels.last_mut().expect("just pushed")
                }
            };
            let index = index.min(group.options.len());
            group.options.insert(index, option);
        }
    }

    /// The form with what the change will do, shown before it is recorded.
    pub fn with_preview(mut self, preview: RecordPreview) -> Self {
        self.preview = Some(preview);
        self
    }

    /// The form as a correction of `entry`, filled in with the entry's values (the reason
    /// left empty: it says what was wrong). A correction takes the corrected entry's place
    /// in the history, where the person may not have been in management yet, so it offers
    /// every level.
    pub fn correcting(mut self, entry: &RoleEvent) -> Self {
        self.restore(|_| true);
        self.not_offered = None;
        let mut form = self.with_values(RecordValues {
            kind: entry.kind.as_str().to_string(),
            effective: entry.effective.to_string(),
            level: entry
                .level
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            until: entry.until.map(|d| d.to_string()).unwrap_or_default(),
            outcome: entry
                .outcome
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
            reason: String::new(),
            supersedes: entry.id.to_string(),
            confirm_backdated: false,
        });
        form.correcting = Some(entry_words(entry));
        form
    }

    /// The form with these values filled in (after a refusal: what was submitted). A level
    /// left out of the select but submitted anyway is put back, so it is not lost.
    pub fn with_values(mut self, values: RecordValues) -> Self {
        self.restore(|option| option.value == values.level);
        for group in &mut self.levels {
            for option in &mut group.options {
                option.selected = option.value == values.level;
            }
        }
        let known = self
            .levels
            .iter()
            .flat_map(|g| &g.options)
            .any(|o| o.selected);
        self.levels.retain(|g| g.label != "Not in this framework");
        if !values.level.is_empty() && !known {
            self.levels.push(OptionGroup {
                label: "Not in this framework".to_string(),
                options: vec![SelectOption::new(
                    &values.level,
                    &values.level,
                    &values.level,
                )],
            });
        }
        self.values = values;
        self
    }

    /// The form with a refusal's message.
    pub fn with_error(mut self, message: &str) -> Self {
        self.error = Some(message.to_string());
        self
    }

    /// The form with a refusal's message about `field` (see [`RecordForm::error_field`]),
    /// or about no field in particular.
    pub fn with_error_at(mut self, field: Option<&'static str>, message: &str) -> Self {
        self.error = Some(message.to_string());
        self.error_field = field;
        self
    }

    /// The form with a success notice.
    pub fn with_notice(mut self, message: &str) -> Self {
        self.notice = Some(message.to_string());
        self
    }
}

/// The kinds of change that take a level, an end date (`until`) or a trial's outcome, as
/// the form's `data-kinds` attributes list them: with JavaScript the form shows only the
/// fields that apply to the kind chosen; without, the hints say which apply.
pub const LEVEL_KINDS: [EventKind; 7] = [
    EventKind::Hire,
    EventKind::Baseline,
    EventKind::Promotion,
    EventKind::Move,
    EventKind::TrialStart,
    EventKind::TrialEnd,
    EventKind::Return,
];
pub const UNTIL_KINDS: [EventKind; 4] = [
    EventKind::TrialStart,
    EventKind::TrialExtend,
    EventKind::Leave,
    EventKind::CareerBreak,
];
pub const OUTCOME_KINDS: [EventKind; 1] = [EventKind::TrialEnd];

fn kind_list(kinds: &[EventKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entry of a history in words: "the promotion of 2020-09-01 (entry 2)".
pub fn entry_words(entry: &RoleEvent) -> String {
    format!(
        "the {} of {} (entry {})",
        entry.kind.noun(),
        entry.effective,
        entry.seq
    )
}

/// The kinds of change the form offers, in the order it offers them: everything but a
/// hire or a baseline, which start a history rather than change one (a correction offers
/// those too: [`CORRECTION_KINDS`]).
pub const FORM_KINDS: [EventKind; 9] = [
    EventKind::Promotion,
    EventKind::Move,
    EventKind::TrialStart,
    EventKind::TrialExtend,
    EventKind::TrialEnd,
    EventKind::Leave,
    EventKind::CareerBreak,
    EventKind::Return,
    EventKind::Exit,
];

/// The kinds a correction may take: any, since the kind itself may be what was wrong.
pub const CORRECTION_KINDS: [EventKind; 11] = [
    EventKind::Hire,
    EventKind::Baseline,
    EventKind::Promotion,
    EventKind::Move,
    EventKind::TrialStart,
    EventKind::TrialExtend,
    EventKind::TrialEnd,
    EventKind::Leave,
    EventKind::CareerBreak,
    EventKind::Return,
    EventKind::Exit,
];

/// A kind of change as the form offers it.
fn kind_option(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Promotion => "Promotion (a higher level on the same track)",
        EventKind::Move => "Move between tracks",
        EventKind::TrialStart => "Start a management trial",
        EventKind::TrialExtend => "Extend the management trial",
        EventKind::TrialEnd => "End the management trial",
        EventKind::Leave => "Leave",
        EventKind::CareerBreak => "Career break",
        EventKind::Return => "Return from leave or a career break",
        EventKind::Exit => "Leaving the organisation",
        EventKind::Hire => "Joining",
        EventKind::Baseline => "Starting point",
    }
}

/// Everything a person's page needs, from the web application.
#[derive(Clone, Debug)]
pub struct PersonPage<'a> {
    pub person: &'a Person,
    /// Their role history as stored, every event (corrected ones too), in any order.
    pub events: &'a [RoleEvent],
    /// The managers above them that the viewer may see, from the top of the organisation
    /// down to their own manager.
    pub managers: &'a [&'a Person],
    /// Their direct reports that the viewer may see.
    pub reports: &'a [&'a Person],
    /// Whether the viewer may see their pay: the link to the pay page shows only then.
    pub show_pay: bool,
    /// The record (or propose) form, when the viewer may use one.
    pub form: Option<RecordForm>,
    /// Today, where the timeline of someone still here ends: the current role is the one
    /// in effect on this day, and events dated later are shown as scheduled.
    pub today: Date,
    /// Their reporting history, each change with its manager, and the form that changes it.
    pub reporting: ReportingSection<'a>,
}

/// A person's reporting history as the page gets it.
#[derive(Clone, Debug)]
pub struct ReportingSection<'a> {
    /// Every change in the order it was recorded, with the manager it names.
    pub history: &'a [(ReportingChange, Option<Person>)],
    /// The form that records (or proposes) a change of manager, when the viewer may.
    pub form: Option<ManagerForm>,
}

/// The form that records (or proposes) a change of someone's manager.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagerForm {
    pub propose: bool,
    pub csrf: String,
    pub values: ManagerValues,
    /// Why the last submission was refused (`role="alert"`), and the field at fault.
    pub error: Option<String>,
    pub error_field: Option<&'static str>,
    pub notice: Option<String>,
}

/// What the manager form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagerValues {
    pub manager_email: String,
    /// "Reports to nobody from this date".
    pub none: bool,
    pub effective: String,
    pub reason: String,
}

/// A row of the reporting history table.
pub struct ReportingRow {
    pub seq: u32,
    /// "from the start" or the date.
    pub effective: String,
    pub effective_date: Option<String>,
    pub manager: Option<PersonLink>,
    pub reason: Option<String>,
    pub recorded: String,
    /// Set when a later change, dated the same day or earlier, replaces it before it took
    /// effect, or it is dated after today ("scheduled from …").
    pub note: Option<String>,
}

/// The manager form as the template shows it.
pub struct ManagerFormView {
    /// The person page itself: a refused change answers there, so the address stays.
    pub action: String,
    pub errors: Option<FormErrors>,
    pub form: ManagerForm,
}

/// The current role as the page shows it.
pub struct RoleFacts {
    pub title: String,
    pub level_id: String,
    pub level_href: String,
    pub track: String,
    pub class: &'static str,
    pub grade: Option<String>,
    pub since: String,
    /// During a management trial: its target, dates and the guaranteed way back.
    pub trial: Option<Markup>,
    pub trial_return: Option<Markup>,
    /// On a management track: where a move to individual contribution lands.
    pub return_path: Option<Markup>,
}

/// A row of the history table: one event as recorded.
pub struct HistoryRow {
    pub seq: u32,
    pub effective: String,
    pub what: String,
    pub level: Option<Link>,
    pub level_id: Option<String>,
    pub reason: Option<String>,
    pub recorded: String,
    pub version: u32,
    /// For a correction: what it corrects, and the anchor of that entry's row.
    pub corrects: Option<String>,
    pub corrects_anchor: Option<String>,
    /// Set when a later event corrects this one: it no longer counts.
    pub corrected: bool,
    /// For a corrected entry: "Corrected on DATE: REASON", and the correction's anchor.
    pub corrected_note: Option<String>,
    pub corrected_anchor: Option<String>,
    /// Where "Correct this entry" leads (the page with the correction form filled in),
    /// for a viewer who may record or propose and an entry not corrected already.
    pub correct_href: Option<String>,
    /// "scheduled from DATE" for an event dated after today: recorded, not yet in effect.
    pub scheduled: Option<String>,
}

/// The form as the template shows it.
pub struct FormView {
    /// The person page itself: a refused change answers there, so the address stays
    /// (`POST` to the page, told apart from the manager form by the hidden `form` field).
    pub action: String,
    pub csrf: String,
    pub propose: bool,
    pub kinds: Vec<SelectOption>,
    pub levels: Vec<OptionGroup>,
    /// Under the level select: the levels left out and why.
    pub not_offered: Option<String>,
    pub outcomes: Vec<SelectOption>,
    pub effective: String,
    pub until: String,
    pub reason: String,
    pub errors: Option<FormErrors>,
    pub notice: Option<String>,
    /// The kinds that take each optional field, space-separated (`data-kinds`).
    pub level_kinds: String,
    pub until_kinds: String,
    pub outcome_kinds: String,
    /// For a correction: the entry it corrects, in words, the hidden event id, and where
    /// to go to record a new change instead.
    pub correcting: Option<String>,
    pub supersedes: String,
    pub cancel_href: String,
    /// What the change will do, before it is recorded.
    pub preview: Option<RecordPreview>,
    pub confirm_backdated: bool,
}

impl FormView {
    /// Whether the level select is marked faulty.
    pub fn level_invalid(&self) -> bool {
        self.errors.as_ref().is_some_and(|e| e.is_invalid("level"))
    }

    /// What describes the level select: its error, and the sentence on the levels not
    /// offered, whichever there are.
    pub fn level_describedby(&self) -> Option<String> {
        let ids: Vec<&str> = [
            self.level_invalid().then_some("record-level-error"),
            self.not_offered
                .as_ref()
                .map(|_| "record-level-not-offered"),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[derive(Template)]
#[template(path = "people/person.html", blocks = ["content"])]
pub struct PersonView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub name: String,
    pub email: String,
    pub status: String,
    pub class: &'static str,
    pub pay_href: Option<String>,
    pub role: Option<RoleFacts>,
    /// Why there is no current role: no history yet, a hire still scheduled, or a history
    /// that breaks a rule.
    pub role_problem: Option<String>,
    /// The changes recorded for after today, soonest first: "Scheduled from 2026-01-05:
    /// Promotion to Staff Engineer (ic-4)".
    pub scheduled: Vec<String>,
    pub chart: Markup,
    /// The same timeline drawn for a phone; the style sheet shows one of the two.
    pub chart_narrow: Markup,
    pub timeline_rows: Vec<TimelineRow>,
    pub svg_href: String,
    pub managers: Vec<PersonLink>,
    pub reports: Vec<PersonLink>,
    pub history: Vec<HistoryRow>,
    pub form: Option<FormView>,
    pub reporting_history: Vec<ReportingRow>,
    pub manager_form: Option<ManagerFormView>,
    /// For the person's manager only: the reflections the person shared with them.
    pub shared_reflections: Option<Vec<Link>>,
}

crate::view!(PersonView);

impl PersonView {
    /// The page of `page.person`.
    ///
    /// - `links`: the web application's links (framework pages, the signed-in header);
    ///   levels link to their framework page.
    /// - `people`: where the people pages are.
    /// - `frameworks`: the framework versions the history was recorded under (a map of
    ///   versions, or `(version, &framework)` for one): each event's level is read in its
    ///   own version.
    pub fn new(
        organisation: &str,
        links: &Links,
        people: &PeopleLinks,
        frameworks: &impl Frameworks,
        page: PersonPage<'_>,
    ) -> Self {
        let person = page.person;
        let chart = TimelineChart::new(&person.name, page.events, frameworks, page.today);
        let correct_href = page.form.as_ref().map(|_| people.person(&person.id));
        let history = history(
            page.events,
            frameworks,
            links,
            page.today,
            correct_href.as_deref(),
        );

        let (role, role_problem) = match fold_on(frameworks, page.events, page.today) {
            Ok(standing) => match (standing.role, standing.next_change) {
                (Some(current), _) => (
                    Some(role_facts(&person.name, &current, frameworks, links)),
                    None,
                ),
                (None, next) => (
                    None,
                    Some(match next {
                        Some(on) => format!("No role is in effect yet: scheduled from {on}."),
                        None => "No role is in effect.".to_string(),
                    }),
                ),
            },
            Err(pendulum_domain::TimelineError::NoEvents) => {
                (None, Some("No role history is recorded yet.".to_string()))
            }
            Err(e) => (
                None,
                Some(format!(
                    "The current role cannot be worked out from this history: {e}"
                )),
            ),
        };

        let form = page.form.map(|f| {
            let v = &f.values;
            FormView {
                action: people.person(&person.id),
                csrf: f.csrf.clone(),
                propose: f.mode == FormMode::Propose,
                kinds: if f.correcting.is_some() {
                    &CORRECTION_KINDS[..]
                } else {
                    &FORM_KINDS[..]
                }
                .iter()
                .map(|k| SelectOption::new(k.as_str(), kind_option(*k), &v.kind))
                .collect(),
                levels: f.levels.clone(),
                not_offered: f.not_offered.clone(),
                outcomes: vec![
                    SelectOption::new("", "Not the end of a trial", &v.outcome),
                    SelectOption::new("stay", "Stays in the role tried", &v.outcome),
                    SelectOption::new(
                        "return",
                        "Returns by the guaranteed return path",
                        &v.outcome,
                    ),
                ],
                effective: v.effective.clone(),
                until: v.until.clone(),
                reason: v.reason.clone(),
                errors: FormErrors::refusal("record", f.error.as_deref(), f.error_field),
                notice: f.notice.clone(),
                level_kinds: kind_list(&LEVEL_KINDS),
                until_kinds: kind_list(&UNTIL_KINDS),
                outcome_kinds: kind_list(&OUTCOME_KINDS),
                correcting: f.correcting.clone(),
                supersedes: v.supersedes.clone(),
                cancel_href: format!("{}#record", people.person(&person.id)),
                preview: f.preview.clone(),
                confirm_backdated: v.confirm_backdated,
            }
        });

        Self {
            chrome: Chrome::app(organisation, &person.name, links),
            trail: vec![people.trail_root()],
            name: person.name.clone(),
            email: person.email.to_string(),
            status: status_label(person.status).to_string(),
            class: role.as_ref().map_or("kind-other", |r| r.class),
            pay_href: page.show_pay.then(|| people.pay(&person.id)),
            role,
            role_problem,
            chart: chart.to_markup(),
            chart_narrow: TimelineChart::narrow(&person.name, page.events, frameworks, page.today)
                .to_markup(),
            timeline_rows: chart.rows().to_vec(),
            svg_href: people.timeline_svg(&person.id),
            managers: page
                .managers
                .iter()
                .map(|m| PersonLink::of(m, people))
                .collect(),
            reports: page
                .reports
                .iter()
                .map(|m| PersonLink::of(m, people))
                .collect(),
            reporting_history: reporting_rows(page.reporting.history, people, page.today),
            manager_form: page.reporting.form.map(|form| ManagerFormView {
                action: people.person(&person.id),
                errors: FormErrors::refusal("manager", form.error.as_deref(), form.error_field),
                form,
            }),
            scheduled: scheduled(&history),
            history,
            form,
            shared_reflections: None,
        }
    }

    /// The page as the person's manager sees it: with links to the reflections the person
    /// shared with them (`pendulum_views::reflection::shared_links`), none being a list too.
    #[must_use]
    pub fn with_shared_reflections(mut self, links: Vec<Link>) -> Self {
        self.shared_reflections = Some(links);
        self
    }
}

/// The reporting history, in the order the changes take effect (undated first).
fn reporting_rows(
    history: &[(ReportingChange, Option<Person>)],
    people: &PeopleLinks,
    today: Date,
) -> Vec<ReportingRow> {
    let mut ordered: Vec<&(ReportingChange, Option<Person>)> = history.iter().collect();
    ordered.sort_by_key(|(c, _)| (c.effective, c.seq));
    ordered
        .into_iter()
        .map(|(change, manager)| ReportingRow {
            seq: change.seq,
            effective: change
                .effective
                .map_or_else(|| "From the start".to_string(), |d| d.to_string()),
            effective_date: change.effective.map(|d| d.to_string()),
            manager: manager.as_ref().map(|m| PersonLink::of(m, people)),
            reason: change.reason.clone(),
            recorded: change.recorded_at.date().to_string(),
            note: change
                .effective
                .filter(|d| *d > today)
                .map(|d| format!("scheduled from {d}")),
        })
        .collect()
}

fn role_facts(
    name: &str,
    current: &CurrentRole,
    frameworks: &impl Frameworks,
    links: &Links,
) -> RoleFacts {
    let role = Role::resolve(frameworks, current.framework_version, &current.level);
    let fw = frameworks.get(current.framework_version);
    let level_sentence = |s: Sentence, id: &LevelId| {
        let r = Role::resolve(frameworks, current.framework_version, id);
        s.link(&r.describe(), &links.level(id))
    };
    let trial = current.trial.as_ref().map(|t| {
        let s = level_sentence(Sentence::new().text("In a management trial at "), &t.target);
        let s = s.text(&format!(", started {}", t.started));
        let s = match t.until {
            Some(until) => s.text(&format!(", planned until {until}.")),
            None => s.text("."),
        };
        s.build()
    });
    let trial_return = current.trial.as_ref().and_then(|t| {
        let back = fw.map(|fw| trial_return(fw, &t.from_level, &t.target))?;
        let s = Sentence::new().text(&format!(
            "If the trial ends with a return, {name} returns to "
        ));
        Some(
            level_sentence(s, &back)
                .text(", the way back agreed before the trial began.")
                .build(),
        )
    });
    let return_path = (current.trial.is_none() && role.kind == TrackKind::Management)
        .then(|| fw.and_then(|fw| fw.transitions.return_paths.get(&current.level)))
        .flatten()
        .map(|to| {
            let s = Sentence::new().text(&format!(
                "Return path: a swing to individual contribution lands {name} on "
            ));
            level_sentence(s, to)
                .text(" or higher, bringing a manager's view of people and organisations back to hands-on work.")
                .build()
        });
    RoleFacts {
        title: role.title.clone(),
        level_id: role.level.clone(),
        level_href: links.level(&current.level),
        track: role.track_name.clone(),
        class: kind_class(role.kind),
        grade: role.grade.clone(),
        since: current.since.to_string(),
        trial,
        trial_return,
        return_path,
    }
}

/// Where a trial that ends with a return lands: the higher of the level held before the
/// trial and the return path of the level tried (the return path wins a tie or when the two
/// cannot be compared), as the domain's rules decide it.
fn trial_return(fw: &Framework, from: &LevelId, target: &LevelId) -> LevelId {
    let is_management = fw
        .level(from)
        .is_some_and(|(t, _)| t.kind == TrackKind::Management);
    let Some(path) = fw
        .transitions
        .return_paths
        .get(target)
        .filter(|_| !is_management)
    else {
        return from.clone();
    };
    let rank = |id: &LevelId| {
        fw.level(id)
            .and_then(|(_, l)| l.grade.as_ref())
            .and_then(|g| fw.grade_rank(g))
    };
    match (rank(from), rank(path)) {
        (Some(a), Some(b)) if a > b => from.clone(),
        _ => path.clone(),
    }
}

/// Every event as recorded, in the order they took effect; corrections say what they
/// correct, and corrected events say they no longer count.
fn history(
    events: &[RoleEvent],
    frameworks: &impl Frameworks,
    links: &Links,
    today: Date,
    correct_href: Option<&str>,
) -> Vec<HistoryRow> {
    // Each corrected event, with the event that corrects it.
    let corrected: std::collections::BTreeMap<_, &RoleEvent> = events
        .iter()
        .filter_map(|e| e.supersedes.map(|target| (target, e)))
        .collect();
    // What the person was away on, for the wording of a return, along the events that count.
    let mut away_before = std::collections::BTreeMap::new();
    let mut away: Option<EventKind> = None;
    let mut held_track: Option<String> = None;
    let mut track_before = std::collections::BTreeMap::new();
    for e in events_that_count(events) {
        away_before.insert(e.id, away);
        track_before.insert(e.id, held_track.clone());
        match e.kind {
            EventKind::Leave | EventKind::CareerBreak => away = Some(e.kind),
            EventKind::Return | EventKind::Exit => away = None,
            _ => {}
        }
        if let Some(level) = &e.level {
            held_track = Some(Role::resolve(frameworks, e.framework_version, level).track);
        }
    }

    let mut ordered: Vec<&RoleEvent> = events.iter().collect();
    ordered.sort_by_key(|e| (e.effective, e.seq));
    ordered
        .into_iter()
        .map(|e| {
            let role = e
                .level
                .as_ref()
                .map(|l| Role::resolve(frameworks, e.framework_version, l));
            let until = e.until.map(|d| d.to_string());
            let what = match e.kind {
                EventKind::Baseline => "Starting point recorded".to_string(),
                EventKind::Hire => "Joined".to_string(),
                EventKind::Promotion => "Promotion".to_string(),
                EventKind::Move => match &role {
                    Some(r) => capitalise(&swing_label(r)),
                    None => "Move between tracks".to_string(),
                },
                EventKind::TrialStart => match until {
                    Some(u) => format!("Management trial started, planned until {u}"),
                    None => "Management trial started".to_string(),
                },
                EventKind::TrialExtend => match until {
                    Some(u) => format!("Management trial extended to {u}"),
                    None => "Management trial extended".to_string(),
                },
                EventKind::TrialEnd => match e.outcome {
                    Some(TrialOutcome::Stay) => {
                        "Management trial ended: stays in the role tried".to_string()
                    }
                    Some(TrialOutcome::Return) => match &role {
                        Some(r) if r.kind != TrackKind::Management => format!(
                            "Management trial ended with a return by the guaranteed path ({})",
                            swing_label(r)
                        ),
                        _ => "Management trial ended with a return by the guaranteed path"
                            .to_string(),
                    },
                    None => "Management trial ended".to_string(),
                },
                EventKind::Leave => match until {
                    Some(u) => format!("Leave started, expected until {u}"),
                    None => "Leave started".to_string(),
                },
                EventKind::CareerBreak => match until {
                    Some(u) => format!("Career break started, expected until {u}"),
                    None => "Career break started".to_string(),
                },
                EventKind::Return => {
                    let from = match away_before.get(&e.id).copied().flatten() {
                        Some(EventKind::CareerBreak) => "Back from a career break",
                        Some(_) => "Back from leave",
                        None => "Back from leave or a career break",
                    };
                    let changed_track = role.as_ref().is_some_and(|r| {
                        track_before
                            .get(&e.id)
                            .and_then(Option::as_ref)
                            .is_some_and(|t| *t != r.track)
                    });
                    match &role {
                        Some(r) if changed_track => format!("{from}, with a {}", swing_label(r)),
                        _ => from.to_string(),
                    }
                }
                EventKind::Exit => "Left the organisation".to_string(),
            };
            let target = e
                .supersedes
                .map(|target| events.iter().find(|t| t.id == target));
            let corrects = target.map(|t| match t {
                Some(t) => format!("Corrects {}", entry_words(t)),
                None => "Corrects an entry not shown".to_string(),
            });
            let correction = corrected.get(&e.id);
            let corrected_note = correction.map(|c| {
                let on = c.recorded_at.date();
                match c.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                    Some(reason) => format!("Corrected on {on} (entry {}): {reason}", c.seq),
                    None => format!("Corrected on {on} (entry {})", c.seq),
                }
            });
            HistoryRow {
                seq: e.seq,
                effective: e.effective.to_string(),
                what,
                level: role.as_ref().map(|r| Link {
                    label: r.title.clone(),
                    href: e.level.as_ref().map(|l| links.level(l)).unwrap_or_default(),
                }),
                level_id: role.as_ref().map(|r| r.level.clone()),
                reason: e
                    .reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
                recorded: super::recorded_at(e.recorded_at),
                version: e.framework_version,
                corrects,
                corrects_anchor: target.flatten().map(|t| format!("#entry-{}", t.seq)),
                corrected: correction.is_some(),
                corrected_note,
                corrected_anchor: correction.map(|c| format!("#entry-{}", c.seq)),
                correct_href: correct_href
                    .filter(|_| correction.is_none())
                    .map(|page| format!("{page}?correct={}#record", e.id)),
                scheduled: (e.effective > today).then(|| format!("scheduled from {}", e.effective)),
            }
        })
        .collect()
}

/// The history rows that still count and are scheduled, as sentences, soonest first.
fn scheduled(history: &[HistoryRow]) -> Vec<String> {
    history
        .iter()
        .filter(|row| !row.corrected && row.scheduled.is_some())
        .map(|row| {
            let level = row
                .level
                .as_ref()
                .map(|l| match &row.level_id {
                    Some(id) => format!(": {} ({id})", l.label),
                    None => format!(": {}", l.label),
                })
                .unwrap_or_default();
            format!("Scheduled from {}: {}{level}.", row.effective, row.what)
        })
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
