//! A manpower model estimated from an organisation's own history ([`estimate`]).
//!
//! Each person's state is their (track, level) on each yearly date of the window, read
//! with [`pendulum_domain::roles_on`] in one framework version (the latest, normally), so
//! that levels recorded under older versions count as their counterparts today. Between
//! two consecutive dates, someone counted on the first is either counted on the second, in
//! some state (a stay, a promotion, a move between tracks), or not (they left: an exit);
//! someone counted on the second and not on the first was recruited that year (a hire, or
//! a re-hire). The transition probabilities are these counts over the person-years that
//! start in each state, with a 95 % Wilson score interval; the recruitment shares are
//! where that year's recruits were counted.
//!
//! Leave and career breaks are not exits: the history keeps the level, and a return is
//! expected, so people away are counted in the state they keep. A management trial counts
//! at the trial's level. Someone hired and gone between two dates is seen by no date: a
//! yearly model counts neither them nor their exit, so the counts reconcile exactly: with
//! one year's own rates, `n(t) = n(t − 1)·P + recruits` holds on the history itself.

use std::collections::{BTreeMap, BTreeSet};

use pendulum_domain::{Frameworks, PersonId, PersonStatus, RoleEvent, Terms, roles_on};
use thiserror::Error;
use time::{Date, Month};

use super::model::{ByState, MAX_STATES, Mode, Model, ModelSpec, RecruitmentSpec};

/// The fewest people a state must rest on to be shown on its own.
pub const MIN_PEOPLE: u32 = 5;
/// The longest window of history an estimate reads, in years.
pub const MAX_WINDOW_YEARS: u32 = 30;
/// The window `pendulum project` reads when not told otherwise, in years.
pub const DEFAULT_WINDOW_YEARS: u32 = 5;
/// The track of a level the framework versions do not place.
pub const UNPLACED_TRACK: &str = "unplaced";

/// What to estimate from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EstimateOptions {
    /// The last yearly date; the caller's today.
    pub today: Date,
    /// How many years back to read (1 to [`MAX_WINDOW_YEARS`]): the dates are `today`
    /// and its anniversaries `window_years` years back.
    pub window_years: u32,
    /// The framework version every role is read in (the latest published).
    pub framework_version: u32,
}

/// Why no model could be estimated.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EstimateError {
    #[error("window: {0} years; an estimate reads from 1 to {MAX_WINDOW_YEARS} years of history")]
    Window(u32),
    #[error(
        "nobody held a role on any yearly date from {from} to {to} except the last: there is no year of history to estimate from"
    )]
    NoHistory { from: Date, to: Date },
    #[error("the history holds {0} (track, level) states; a model holds at most {MAX_STATES}")]
    TooManyStates(usize),
}

/// The counts behind one state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StateCounts {
    pub name: String,
    pub track: String,
    pub level: String,
    pub title: Option<String>,
    pub grade: Option<String>,
    /// The people counted in the state on any of the dates.
    pub people: BTreeSet<PersonId>,
    /// Where the person-years that start in the state ended, by state.
    pub moves: Vec<u32>,
    pub exits: u32,
    /// Recruits first counted in the state.
    pub hires: u32,
    /// Counted today.
    pub stock: u32,
}

impl StateCounts {
    /// Person-years that start in the state: what its probabilities rest on.
    pub fn observed(&self) -> u32 {
        self.moves.iter().sum::<u32>() + self.exits
    }
}

/// A model estimated from a history, with the counts it rests on. Show it through
/// [`Estimate::report`] and [`Estimate::disclose`], which never show a state resting on
/// fewer than [`MIN_PEOPLE`] people on its own; [`Estimate::model`] holds every state, for
/// projecting.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub(crate) options: EstimateOptions,
    /// The yearly dates, oldest first; the last is today.
    pub(crate) dates: Vec<Date>,
    pub(crate) states: Vec<StateCounts>,
    pub(crate) hires_by_year: Vec<u32>,
    /// The states whose row was assumed, having no person-year of their own.
    pub(crate) assumed: Vec<usize>,
    pub(crate) notes: Vec<String>,
    pub(crate) model: Model,
}

impl Estimate {
    /// The estimated model: today's head counts, the transition probabilities and the
    /// recruitment shares, with a fixed size and no growth. Change the policy with
    /// [`Model::with_policy`]; show its projection through [`Estimate::disclose`].
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Recruits per year over the window, on average: the natural `total` of fixed
    /// recruitment.
    pub fn hires_per_year(&self) -> f64 {
        let hires: u32 = self.hires_by_year.iter().sum();
        f64::from(hires) / f64::from(self.options.window_years)
    }

    pub fn options(&self) -> &EstimateOptions {
        &self.options
    }
}

/// Estimates a model from `histories` (one person's role events each, in any order; as
/// many people as the organisation has) read in `frameworks`. Pure: `options.today` is the
/// caller's.
pub fn estimate<'h>(
    frameworks: &impl Frameworks,
    histories: impl IntoIterator<Item = &'h [RoleEvent]>,
    options: EstimateOptions,
) -> Result<Estimate, EstimateError> {
    let window = options.window_years;
    if !(1..=MAX_WINDOW_YEARS).contains(&window) {
        return Err(EstimateError::Window(window));
    }
    let histories: Vec<&[RoleEvent]> = histories.into_iter().collect();
    let dates: Vec<Date> = (0..=window)
        .rev()
        .map(|back| years_before(options.today, back))
        .collect();

    // Each date's state of each person counted (exited people are not).
    let mut keys: BTreeMap<(String, String), Placed> = BTreeMap::new();
    let counted: Vec<BTreeMap<PersonId, (String, String)>> = dates
        .iter()
        .map(|&day| {
            roles_on(
                frameworks,
                histories.iter().copied(),
                day,
                Terms::Version(options.framework_version),
            )
            .into_iter()
            .filter(|(_, role)| role.status != PersonStatus::Exited)
            .map(|(person, role)| {
                let track = role
                    .track
                    .as_ref()
                    .map_or_else(|| UNPLACED_TRACK.to_string(), ToString::to_string);
                let key = (track, role.level.to_string());
                keys.entry(key.clone()).or_insert_with(|| {
                    let placed = frameworks
                        .get(role.framework_version)
                        .and_then(|fw| fw.level(&role.level));
                    Placed {
                        title: placed.map(|(_, l)| l.title.clone()),
                        grade: placed.and_then(|(_, l)| l.grade.as_ref().map(ToString::to_string)),
                    }
                });
                (person, key)
            })
            .collect()
        })
        .collect();
    if counted[..counted.len() - 1].iter().all(BTreeMap::is_empty) {
        return Err(EstimateError::NoHistory {
            from: dates[0],
            to: options.today,
        });
    }
    if keys.len() > MAX_STATES {
        return Err(EstimateError::TooManyStates(keys.len()));
    }

    let order = state_order(frameworks, options.framework_version, keys.keys());
    let mut states: Vec<StateCounts> = order
        .iter()
        .map(|key| {
            let placed = &keys[key];
            StateCounts {
                name: String::new(),
                track: key.0.clone(),
                level: key.1.clone(),
                title: placed.title.clone(),
                grade: placed.grade.clone(),
                people: BTreeSet::new(),
                moves: vec![0; order.len()],
                exits: 0,
                hires: 0,
                stock: 0,
            }
        })
        .collect();
    name_states(&mut states);
    let index: BTreeMap<&(String, String), usize> =
        order.iter().enumerate().map(|(i, k)| (k, i)).collect();

    for on_day in &counted {
        for (person, key) in on_day {
            states[index[key]].people.insert(*person);
        }
    }
    let mut hires_by_year = Vec::with_capacity(window as usize);
    for pair in counted.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        for (person, key) in before {
            let from = index[key];
            match after.get(person) {
                Some(to) => states[from].moves[index[to]] += 1,
                None => states[from].exits += 1,
            }
        }
        let mut hires = 0;
        for (person, key) in after {
            if !before.contains_key(person) {
                states[index[key]].hires += 1;
                hires += 1;
            }
        }
        hires_by_year.push(hires);
    }
    for key in counted.last().into_iter().flat_map(BTreeMap::values) {
        states[index[key]].stock += 1;
    }

    let (model, assumed, notes) = fit(&states);
    Ok(Estimate {
        options,
        dates,
        states,
        hires_by_year,
        assumed,
        notes,
        model,
    })
}

/// What the framework says of a level.
struct Placed {
    title: Option<String>,
    grade: Option<String>,
}

/// The model the counts give, the states whose row had to be assumed, and notes.
fn fit(states: &[StateCounts]) -> (Model, Vec<usize>, Vec<String>) {
    let mut notes = Vec::new();
    let observed: u32 = states.iter().map(StateCounts::observed).sum();
    let exits: u32 = states.iter().map(|s| s.exits).sum();
    // `estimate` refuses a history without a person-year, so `observed` is positive.
    let exit_rate = f64::from(exits) / f64::from(observed.max(1));
    let mut assumed = Vec::new();
    let transitions = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = s.observed();
            let row: Vec<(String, f64)> = if n == 0 {
                assumed.push(i);
                vec![(s.name.clone(), 1.0 - exit_rate)]
            } else {
                states
                    .iter()
                    .zip(&s.moves)
                    .filter(|(_, k)| **k > 0)
                    .map(|(to, k)| (to.name.clone(), f64::from(*k) / f64::from(n)))
                    .collect()
            };
            (s.name.clone(), ByState(row))
        })
        .collect();
    if !assumed.is_empty() {
        let names = assumed
            .iter()
            .map(|&i| format!("`{}`", states[i].name))
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(format!(
            "Nobody was counted in {names} a full year before today, so there is nothing to estimate their moves from: people there are assumed to stay, and to leave at the organisation's overall rate ({:.1}% a year).",
            exit_rate * 100.0
        ));
    }
    let hires: u32 = states.iter().map(|s| s.hires).sum();
    let stock: u32 = states.iter().map(|s| s.stock).sum();
    let distribution: Vec<(String, f64)> = if hires > 0 {
        states
            .iter()
            .filter(|s| s.hires > 0)
            .map(|s| (s.name.clone(), f64::from(s.hires) / f64::from(hires)))
            .collect()
    } else {
        notes.push(
            "Nobody was recruited in the window, so recruits are assumed to arrive where people are today."
                .into(),
        );
        if stock > 0 {
            states
                .iter()
                .filter(|s| s.stock > 0)
                .map(|s| (s.name.clone(), f64::from(s.stock) / f64::from(stock)))
                .collect()
        } else {
            let share = 1.0 / states.len() as f64;
            states.iter().map(|s| (s.name.clone(), share)).collect()
        }
    };
    let spec = ModelSpec {
        states: states.iter().map(|s| s.name.clone()).collect(),
        stocks: states.iter().map(|s| f64::from(s.stock)).collect(),
        transitions: ByState(transitions),
        recruitment: RecruitmentSpec {
            mode: Mode::FixedSize,
            total: None,
            growth: 0.0,
            distribution: ByState(distribution),
        },
    };
    let model = Model::try_from(spec).expect(
        "counts over their own sum are probabilities, rows sum to 1 at most, and the shares to 1",
    );
    (model, assumed, notes)
}

/// The states in the order of `version`'s tracks and levels; states it does not hold
/// after, by track and level.
fn state_order<'k>(
    frameworks: &impl Frameworks,
    version: u32,
    keys: impl Iterator<Item = &'k (String, String)>,
) -> Vec<(String, String)> {
    let rank = |key: &(String, String)| -> (usize, usize) {
        let Some(fw) = frameworks.get(version) else {
            return (usize::MAX, usize::MAX);
        };
        fw.tracks
            .iter()
            .enumerate()
            .find(|(_, t)| t.id.as_str() == key.0)
            .map_or((usize::MAX, usize::MAX), |(ti, t)| {
                let li = t
                    .levels
                    .iter()
                    .position(|l| l.id.as_str() == key.1)
                    .unwrap_or(usize::MAX);
                (ti, li)
            })
    };
    let mut keys: Vec<(String, String)> = keys.cloned().collect();
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    keys
}

/// Names each state by its level id, or `track/level` where two tracks share a level id
/// (a level as recorded under an old version, next to today's of the same id).
fn name_states(states: &mut [StateCounts]) {
    let mut tracks_of: BTreeMap<String, usize> = BTreeMap::new();
    for s in states.iter() {
        *tracks_of.entry(s.level.clone()).or_default() += 1;
    }
    for s in states.iter_mut() {
        s.name = if tracks_of[&s.level] > 1 {
            format!("{}/{}", s.track, s.level)
        } else {
            s.level.clone()
        };
    }
}

/// The same day `years` years earlier (29 February falls back to the 28th).
pub fn years_before(day: Date, years: u32) -> Date {
    let year = day.year() - i32::try_from(years).unwrap_or(i32::MAX);
    day.replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(Date::MIN)
}

/// `events` (any order, any number of people) as one history per person, by person id:
/// what [`estimate`] takes, from a store that pages through every event.
pub fn by_person(events: Vec<RoleEvent>) -> Vec<Vec<RoleEvent>> {
    let mut out: BTreeMap<PersonId, Vec<RoleEvent>> = BTreeMap::new();
    for event in events {
        out.entry(event.person).or_default().push(event);
    }
    out.into_values().collect()
}
