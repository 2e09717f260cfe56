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

use super::counts::{Group, MIN_PEOPLE, StateCounts, groups};
use super::model::{ByState, MAX_STATES, Mode, Model, ModelSpec, RecruitmentSpec};

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
    /// How the states are shown.
    pub(crate) groups: Vec<Group>,
    pub(crate) hires_by_year: Vec<u32>,
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

    let groups = groups(&states);
    let (model, notes) = fit(&states, &groups);
    Ok(Estimate {
        options,
        dates,
        states,
        groups,
        hires_by_year,
        notes,
        model,
    })
}

/// What the framework says of a level.
struct Placed {
    title: Option<String>,
    grade: Option<String>,
}

/// The model the counts give, and notes on what had to be assumed.
///
/// A state shown on its own leaves at its own rate. A state resting on fewer than
/// [`MIN_PEOPLE`] people leaves at the rate of the group it is shown in (pooled over the
/// group's person-years): a handful of people who happened not to leave in the window
/// would otherwise be a state nobody ever leaves. A state shown on its own that nobody
/// was counted in a year before today leaves at the organisation's overall rate. Moves
/// keep their observed proportions in what is left; without any, people stay.
fn fit(states: &[StateCounts], groups: &[Group]) -> (Model, Vec<String>) {
    let mut notes = Vec::new();
    let rate = |members: &mut dyn Iterator<Item = &StateCounts>| -> Option<f64> {
        let (exits, observed) = members.fold((0, 0), |(e, n), s| (e + s.exits, n + s.observed()));
        (observed > 0).then(|| f64::from(exits) / f64::from(observed))
    };
    // `estimate` refuses a history without a person-year, so there is an overall rate.
    let overall = rate(&mut states.iter()).unwrap_or(0.0);
    let (mut pooled, mut assumed) = (Vec::new(), Vec::new());
    let transitions = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let group = groups
                .iter()
                .find(|g| g.states.contains(&i))
                .expect("every state is in a group");
            let exit = if group.states.len() > 1 || group.withheld {
                pooled.push(s.name.clone());
                rate(&mut group.states.iter().map(|&j| &states[j])).unwrap_or(overall)
            } else if let Some(own) = rate(&mut std::iter::once(s)) {
                own
            } else {
                assumed.push(s.name.clone());
                overall
            };
            let moved: u32 = s.moves.iter().sum();
            let row: Vec<(String, f64)> = if moved == 0 {
                vec![(s.name.clone(), 1.0 - exit)]
            } else {
                states
                    .iter()
                    .zip(&s.moves)
                    .filter(|(_, k)| **k > 0)
                    .map(|(to, k)| {
                        (
                            to.name.clone(),
                            (1.0 - exit) * f64::from(*k) / f64::from(moved),
                        )
                    })
                    .collect()
            };
            (s.name.clone(), ByState(row))
        })
        .collect();
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !pooled.is_empty() {
        notes.push(format!(
            "The states not shown on their own ({}) leave, in the model, at the rate of the group they are shown in: fewer than {MIN_PEOPLE} people are too few to say how often people leave.",
            list(&pooled)
        ));
    }
    if !assumed.is_empty() {
        notes.push(format!(
            "Nobody was counted in {} a full year before today, so there is nothing to estimate from: people there are assumed to stay, and to leave at the organisation's overall rate ({:.1}% a year).",
            list(&assumed),
            overall * 100.0
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
    (model, notes)
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
