//! A deterministic, realistic organisation: people, role histories and pay histories,
//! for demos, tests and benchmarks.
//!
//! The same framework, parameters and seed give byte-identical output. Histories are
//! simulated month by month and every event goes through [`prepare`], so each one obeys
//! the same rules as an event a person records: a generated history is always possible.
//!
//! The shape follows what engineering organisations report: a pyramid of levels, about one
//! promotion every two to three years early on and slower later, a few individual
//! contributors trying management each year (most stay, some return), managers returning
//! to individual contribution, leave, career breaks and roughly ten percent yearly exits,
//! backfilled by hires.
//!
//! Nothing generated lies after `as_of`: no event or pay change is dated after it, and
//! nothing is recorded after the day begins, so a history generated up to today holds no
//! scheduled events and no recording from the future.

use std::collections::BTreeMap;

use pendulum_framework::Framework;
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_framework::model::{Level, Track, TrackKind};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, Month, OffsetDateTime, Time};
use uuid::Uuid;

use crate::event::{EventKind, RoleEvent, TrialOutcome};
use crate::ids::{EventId, OrgId, PayEventId, PersonId};
use crate::pay::{Money, PayEvent};
use crate::person::{Email, Person, PersonStatus};
use crate::reporting::ReportingChange;
use crate::timeline::{CurrentRole, prepare};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Params {
    /// People employed at the end of the simulation (roughly; exits and hires balance).
    pub people: usize,
    /// Years of history before `as_of`.
    pub years: u32,
    pub seed: u64,
    /// The last day simulated: no event is dated after it, and nothing is recorded after
    /// its first instant (midnight UTC), so that a history generated up to today is all in
    /// the past.
    pub as_of: Date,
}

/// A framework version the organisation adopted part-way through the history: every event
/// dated on or after `from` is recorded on it. Its levels must keep the earlier version's
/// identifiers (a reworded or extended framework, not a new ladder), so that people keep
/// their levels across the change.
#[derive(Clone, Copy, Debug)]
pub struct Adopted<'a> {
    pub version: u32,
    pub framework: &'a Framework,
    pub from: Date,
}

/// A generated organisation's people and histories, ready to store.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub people: Vec<Person>,
    pub events: Vec<RoleEvent>,
    pub pay: Vec<PayEvent>,
    /// Reporting-line changes: everyone's first manager, and the reorganisations since.
    pub reporting: Vec<ReportingChange>,
}

impl Generated {
    /// The events of one person, in the order they were recorded.
    pub fn events_of(&self, person: PersonId) -> impl Iterator<Item = &RoleEvent> {
        self.events.iter().filter(move |e| e.person == person)
    }
}

const FIRST: &[&str] = &[
    "Ada", "Adebayo", "Aisha", "Alex", "Amara", "Ana", "Anders", "Ariel", "Bea", "Camille",
    "Carlos", "Chen", "Dara", "Deepa", "Dmitri", "Elif", "Emeka", "Esi", "Fatima", "Femi", "Grace",
    "Hana", "Hiro", "Ines", "Ivan", "Jamal", "Jin", "Joao", "Kai", "Kemi", "Lars", "Leila",
    "Lucia", "Malik", "Maya", "Mei", "Mohammed", "Nadia", "Nia", "Noor", "Olu", "Omar", "Priya",
    "Rafael", "Rania", "Ravi", "Rosa", "Sam", "Sana", "Sofia", "Tariq", "Thandi", "Tomas", "Uma",
    "Vera", "Wei", "Yara", "Yusuf", "Zara", "Zeynep",
];

const LAST: &[&str] = &[
    "Abara",
    "Andersen",
    "Bakshi",
    "Banda",
    "Castro",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eze",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Hansen",
    "Ibrahim",
    "Ito",
    "Jensen",
    "Kaur",
    "Khan",
    "Kowalski",
    "Lee",
    "Lindqvist",
    "Mensah",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Novak",
    "Obi",
    "Okafor",
    "Park",
    "Patel",
    "Petrov",
    "Quinn",
    "Rahman",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Usman",
    "Virtanen",
    "Wang",
    "Williams",
    "Yilmaz",
    "Zhang",
];

/// A person being simulated.
struct Sim {
    person: Person,
    events: Vec<RoleEvent>,
    role: CurrentRole,
    pay_seq: u32,
    /// The latest pay (minor units, currency): kept here so that a yearly review does not
    /// search the whole organisation's pay history.
    pay: Option<(i64, Currency)>,
    /// Months left on leave or a break, when away.
    away_months: u32,
    months_in_level: u32,
}

struct Generator<'a> {
    /// The framework in force in the month simulated, and its version.
    framework: &'a Framework,
    frameworks: BTreeMap<u32, Framework>,
    version: u32,
    as_of: Date,
    rng: ChaCha8Rng,
    out: Generated,
    org: OrgId,
    emails: BTreeMap<String, u32>,
}

/// Generates an organisation on `framework` (recorded as version `version`).
pub fn generate(framework: &Framework, version: u32, org: OrgId, params: &Params) -> Generated {
    generate_with_versions(framework, version, &[], org, params)
}

/// Generates an organisation on `framework` (recorded as version `version`), moving to each
/// of `adopted` (in order of their days) from its day on.
pub fn generate_with_versions(
    framework: &Framework,
    version: u32,
    adopted: &[Adopted<'_>],
    org: OrgId,
    params: &Params,
) -> Generated {
    let start = params
        .as_of
        .replace_year(params.as_of.year() - params.years as i32)
        .unwrap_or(params.as_of);
    let mut frameworks = BTreeMap::from([(version, framework.clone())]);
    for a in adopted {
        frameworks.insert(a.version, a.framework.clone());
    }
    let mut g = Generator {
        framework,
        frameworks,
        version,
        as_of: params.as_of,
        rng: ChaCha8Rng::seed_from_u64(params.seed),
        out: Generated::default(),
        org,
        emails: BTreeMap::new(),
    };
    // Start with a smaller organisation that grows towards the target size.
    let initial = (params.people * 7 / 10).max(1);
    let mut sims: Vec<Sim> = (0..initial)
        .filter_map(|_| g.new_person(start, EventKind::Baseline))
        .collect();
    let mut month = start;
    while month < params.as_of {
        month = add_months(month, 1);
        if month > params.as_of {
            break;
        }
        for a in adopted.iter().filter(|a| a.from <= month) {
            g.framework = a.framework;
            g.version = a.version;
        }
        let active = sims
            .iter()
            .filter(|s| s.role.status != PersonStatus::Exited)
            .count();
        // Hiring: grow linearly towards the target and backfill exits.
        let months_total = (params.years * 12).max(1) as usize;
        let elapsed = months_between(start, month) as usize;
        let target =
            initial + (params.people - initial.min(params.people)) * elapsed / months_total;
        for _ in active..target {
            let Some(day) = g.day_in(month) else {
                continue;
            };
            if let Some(s) = g.new_person(day, EventKind::Hire) {
                sims.push(s);
            }
        }
        for s in sims.iter_mut() {
            g.step(s, month);
        }
    }
    let managers = assign_managers(g.framework, &mut sims, &mut g.rng);
    g.out.reporting = reorganisations(&managers, &sims, &mut g.rng, params.as_of);
    for s in sims {
        g.out.people.push(s.person);
        g.out.events.extend(s.events);
    }
    g.out
}

impl Generator<'_> {
    /// The first instant of `as_of`: nothing is recorded after it.
    fn latest(&self) -> OffsetDateTime {
        self.as_of.midnight().assume_utc()
    }

    /// A working day early in `month`, or `None` when it would fall after `as_of`.
    fn day_in(&mut self, month: Date) -> Option<Date> {
        Some(day_in(month, &mut self.rng)).filter(|day| *day <= self.as_of)
    }

    fn id_bytes(&mut self, at: Date) -> Uuid {
        let latest = self.latest().unix_timestamp() * 1000;
        let millis = (at.midnight().assume_utc().unix_timestamp() * 1000
            + self.rng.random_range(0..86_400_000i64))
        .min(latest);
        let mut random = [0u8; 10];
        self.rng.fill(&mut random);
        uuid::Builder::from_unix_timestamp_millis(millis.max(0) as u64, &random).into_uuid()
    }

    fn recorded(&mut self, effective: Date) -> OffsetDateTime {
        let hour = self.rng.random_range(8..18u8);
        let minute = self.rng.random_range(0..60u8);
        effective
            .with_time(Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT))
            .assume_utc()
            .min(self.latest())
    }

    fn email_for(&mut self, first: &str, last: &str) -> Email {
        let base = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
        let n = self.emails.entry(base.clone()).or_insert(0);
        *n += 1;
        let local = if *n == 1 { base } else { format!("{base}{n}") };
        Email::new(format!("{local}@example.org")).expect("generated emails are valid")
    }

    /// Levels of one kind of track, with a pyramid weight for each (more people lower down).
    fn entry_level(&mut self, kind: TrackKind, senior_ok: bool) -> Option<(&Track, &Level)> {
        let fw = self.framework;
        let track = fw.tracks.iter().find(|t| t.kind == kind)?;
        let n = track.levels.len();
        let cap = if senior_ok { n } else { n.min(4) };
        // Weight level i by 2^(cap - i): a pyramid.
        let weights: Vec<u32> = (0..cap).map(|i| 1 << (cap - i).min(16)).collect();
        let total: u32 = weights.iter().sum();
        let mut pick = self.rng.random_range(0..total);
        let index = weights
            .iter()
            .position(|w| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap_or(0);
        Some((track, &track.levels[index]))
    }

    fn new_person(&mut self, day: Date, kind: EventKind) -> Option<Sim> {
        let first = *FIRST.choose(&mut self.rng)?;
        let last = *LAST.choose(&mut self.rng)?;
        let email = self.email_for(first, last);
        let id = PersonId::from_uuid(self.id_bytes(day));
        // About one in eight people start on the management track (as managers hired in or
        // baselined); everyone else on the IC track.
        let management = self.rng.random_bool(0.12);
        let kind_of_track = if management {
            TrackKind::Management
        } else {
            TrackKind::IndividualContributor
        };
        let (_, level) = self.entry_level(kind_of_track, kind == EventKind::Baseline)?;
        let level_id = level.id.clone();
        let person = Person {
            id,
            org: self.org,
            name: format!("{first} {last}"),
            email,
            manager: None,
            status: PersonStatus::Active,
        };
        let mut event = self.event(id, kind, day, Some(level_id.clone()));
        event.seq = 1;
        let (event, role) = prepare(&self.frameworks, &[], event).ok()?;
        let mut sim = Sim {
            person,
            events: vec![event],
            role,
            pay_seq: 0,
            pay: None,
            away_months: 0,
            months_in_level: 0,
        };
        self.pay_for_level(&mut sim, day, &level_id, "starting pay");
        Some(sim)
    }

    fn event(
        &mut self,
        person: PersonId,
        kind: EventKind,
        effective: Date,
        level: Option<LevelId>,
    ) -> RoleEvent {
        RoleEvent {
            id: EventId::from_uuid(self.id_bytes(effective)),
            person,
            seq: 0,
            kind,
            effective,
            recorded_at: self.recorded(effective),
            framework_version: self.version,
            level,
            until: None,
            outcome: None,
            reason: None,
            supersedes: None,
        }
    }

    /// Proposes an event; keeps it when the rules accept it.
    fn apply(&mut self, sim: &mut Sim, mut event: RoleEvent) -> bool {
        event.seq = sim.events.len() as u32 + 1;
        match prepare(&self.frameworks, &sim.events, event) {
            Ok((event, role)) => {
                let level_changed = role.level != sim.role.level;
                sim.person.status = role.status;
                sim.role = role;
                sim.events.push(event);
                if level_changed {
                    sim.months_in_level = 0;
                }
                true
            }
            Err(_) => false,
        }
    }

    fn pay_for_level(&mut self, sim: &mut Sim, day: Date, level: &LevelId, reason: &str) {
        let Some((_, level)) = self.framework.level(level) else {
            return;
        };
        let Some(band) = level.pay.first() else {
            return;
        };
        let position = self.rng.random_range(0.15..0.6);
        let amount = band.min as f64 + (band.max - band.min) as f64 * position;
        // Round to hundreds of the currency, stored in its minor unit.
        let major = (amount / 100.0).round() as i64 * 100;
        let scale = minor_scale(&band.currency);
        self.push_pay(sim, day, major * scale, band.currency.clone(), reason);
    }

    fn push_pay(&mut self, sim: &mut Sim, day: Date, minor: i64, currency: Currency, reason: &str) {
        sim.pay_seq += 1;
        sim.pay = Some((minor, currency.clone()));
        let id = PayEventId::from_uuid(self.id_bytes(day));
        let recorded_at = self.recorded(day);
        self.out.pay.push(PayEvent {
            id,
            person: sim.person.id,
            seq: sim.pay_seq,
            amount: Money { minor, currency },
            effective: day,
            recorded_at,
            reason: Some(reason.to_string()),
        });
    }

    /// One month in one person's career.
    fn step(&mut self, sim: &mut Sim, month: Date) {
        let Some(day) = self.day_in(month) else {
            return;
        };
        if day <= sim.role.since || day <= sim.events.last().map_or(day, |e| e.effective) {
            return;
        }
        match sim.role.status {
            PersonStatus::Exited => return,
            PersonStatus::OnLeave | PersonStatus::OnCareerBreak => {
                sim.away_months = sim.away_months.saturating_sub(1);
                if sim.away_months == 0 {
                    let e = self.event(sim.person.id, EventKind::Return, day, None);
                    self.apply(sim, e);
                } else if sim.role.status == PersonStatus::OnCareerBreak
                    && self.rng.random_bool(0.01)
                {
                    let e = self.event(sim.person.id, EventKind::Exit, day, None);
                    self.apply(sim, e);
                }
                return;
            }
            PersonStatus::Active => {}
        }
        sim.months_in_level += 1;
        if month.month() == Month::April && sim.months_in_level > 3 {
            // The yearly pay review.
            if let Some((minor, currency)) = sim.pay.clone() {
                let raise = self.rng.random_range(0.015..0.045);
                let step = 100 * minor_scale(&currency);
                let next = ((minor as f64 * (1.0 + raise)) / step as f64).round() as i64 * step;
                self.push_pay(sim, day, next, currency, "yearly review");
            }
        }
        let roll: f64 = self.rng.random_range(0.0..1.0);
        // Yearly rates spread over months.
        const EXIT: f64 = 0.09 / 12.0;
        const LEAVE: f64 = 0.025 / 12.0;
        const BREAK: f64 = 0.01 / 12.0;
        if roll < EXIT {
            let e = self.event(sim.person.id, EventKind::Exit, day, None);
            self.apply(sim, e);
            return;
        }
        if roll < EXIT + LEAVE {
            let e = self.event(sim.person.id, EventKind::Leave, day, None);
            if self.apply(sim, e) {
                sim.away_months = self.rng.random_range(3..10);
            }
            return;
        }
        if roll < EXIT + LEAVE + BREAK {
            let e = self.event(sim.person.id, EventKind::CareerBreak, day, None);
            if self.apply(sim, e) {
                sim.away_months = self.rng.random_range(4..18);
            }
            return;
        }
        if let Some(trial) = sim.role.trial.clone() {
            if trial.until.is_some_and(|until| day >= until) {
                let outcome = if self.rng.random_bool(0.75) {
                    TrialOutcome::Stay
                } else {
                    TrialOutcome::Return
                };
                let mut e = self.event(sim.person.id, EventKind::TrialEnd, day, None);
                e.outcome = Some(outcome);
                e.reason = Some(
                    match outcome {
                        TrialOutcome::Stay => "trial goals met; staying in management",
                        TrialOutcome::Return => "chose to return to individual contribution",
                    }
                    .into(),
                );
                self.apply(sim, e);
            }
            return;
        }
        self.career_move(sim, day);
    }

    fn career_move(&mut self, sim: &mut Sim, day: Date) {
        let fw = self.framework;
        let Some((track, level)) = fw.level(&sim.role.level) else {
            return;
        };
        let position = track
            .levels
            .iter()
            .position(|l| l.id == level.id)
            .unwrap_or(0);
        let typical = level.typical_months.and_then(|r| r.min).unwrap_or(24);
        // Promotions get rarer up the ladder.
        let promotion_rate = 0.45 / (1.0 + position as f64 * 0.6) / 12.0;
        if sim.months_in_level >= typical
            && position + 1 < track.levels.len()
            && self.rng.random_bool(promotion_rate.min(1.0))
        {
            let next = track.levels[position + 1].id.clone();
            let e = self.event(sim.person.id, EventKind::Promotion, day, Some(next.clone()));
            if self.apply(sim, e) {
                self.pay_for_level(sim, day, &next, "promotion");
            }
            return;
        }
        match track.kind {
            TrackKind::IndividualContributor => {
                // Senior ICs occasionally try management.
                let rank = level.grade.as_ref().and_then(|g| fw.grade_rank(g));
                if rank.is_some_and(|r| r >= 2) && self.rng.random_bool(0.03 / 12.0 * 4.0) {
                    let Some(target) = self.management_target(rank.unwrap_or(0)) else {
                        return;
                    };
                    let mut e = self.event(sim.person.id, EventKind::TrialStart, day, Some(target));
                    e.reason = Some("wants to try leading a team".into());
                    self.apply(sim, e);
                }
            }
            TrackKind::Management => {
                // Managers sometimes return to individual contribution.
                if sim.months_in_level > 12 && self.rng.random_bool(0.06 / 12.0) {
                    let mut e = self.event(sim.person.id, EventKind::Move, day, None);
                    e.reason = Some("back to hands-on technical work".into());
                    self.apply(sim, e);
                }
            }
            TrackKind::Other => {}
        }
    }

    /// The management level at or just above an IC grade rank.
    fn management_target(&self, rank: usize) -> Option<LevelId> {
        let fw = self.framework;
        let track = fw.tracks.iter().find(|t| t.kind == TrackKind::Management)?;
        track
            .levels
            .iter()
            .find(|l| {
                l.grade
                    .as_ref()
                    .and_then(|g| fw.grade_rank(g))
                    .is_some_and(|r| r >= rank)
            })
            .or_else(|| track.levels.first())
            .map(|l| l.id.clone())
    }
}

/// Gives everyone active a manager: managers manage the people below them, the most senior
/// manager reports to nobody.
/// Returns the managers, most senior first.
fn assign_managers(framework: &Framework, sims: &mut [Sim], rng: &mut ChaCha8Rng) -> Vec<PersonId> {
    let is_management = |s: &Sim| {
        framework
            .track(&s.role.track)
            .is_some_and(|t| t.kind == TrackKind::Management)
    };
    let seniority = |s: &Sim| {
        framework
            .level(&s.role.level)
            .and_then(|(_, l)| l.grade.as_ref())
            .and_then(|g| framework.grade_rank(g))
            .unwrap_or(0)
    };
    let mut managers: Vec<(usize, PersonId)> = sims
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role.status != PersonStatus::Exited && is_management(s))
        .map(|(i, s)| (i, s.person.id))
        .collect();
    // Most senior first; ties keep the order people joined in.
    managers.sort_by_key(|(i, _)| std::cmp::Reverse(seniority(&sims[*i])));
    if managers.is_empty() {
        return Vec::new();
    }
    let managers_ids: Vec<PersonId> = managers.iter().map(|(_, id)| *id).collect();
    for (rank, (i, _)) in managers.iter().enumerate() {
        if rank > 0 {
            // Managers report to someone more senior on the list.
            let boss = managers_ids[rng.random_range(0..rank)];
            sims[*i].person.manager = Some(boss);
        }
    }
    for s in sims.iter_mut() {
        if s.person.manager.is_none() && !is_management(s) {
            s.person.manager = managers_ids.choose(rng).copied();
        }
    }
    managers_ids
}

/// The reporting history that ends in everyone's current manager: about one individual
/// contributor in four moved teams in a reorganisation, on a day between their first
/// event and `as_of`; before it they reported to another manager. (Individual
/// contributors manage nobody, so no move can close a loop.)
fn reorganisations(
    managers: &[PersonId],
    sims: &[Sim],
    rng: &mut ChaCha8Rng,
    as_of: Date,
) -> Vec<ReportingChange> {
    let is_manager: std::collections::HashSet<PersonId> = managers.iter().copied().collect();
    let mut changes = Vec::new();
    for s in sims {
        let Some(current) = s.person.manager else {
            continue;
        };
        let Some(first) = s.events.first() else {
            continue;
        };
        let span = (as_of - first.effective).whole_days();
        let moved = managers.len() > 1
            && span > 30
            && !is_manager.contains(&s.person.id)
            && rng.random_range(0..4) == 0;
        let recorded = |day: Date| day.midnight().assume_utc();
        if moved {
            let earlier = loop {
                let m = managers[rng.random_range(0..managers.len())];
                if m != current {
                    break m;
                }
            };
            let day = first.effective + Duration::days(rng.random_range(1..span));
            changes.push(ReportingChange {
                person: s.person.id,
                seq: 1,
                effective: None,
                manager: Some(earlier),
                reason: None,
                recorded_at: recorded(first.effective),
            });
            changes.push(ReportingChange {
                person: s.person.id,
                seq: 2,
                effective: Some(day),
                manager: Some(current),
                reason: Some("Reorganisation: moved to a new team".into()),
                recorded_at: recorded(day),
            });
        } else {
            changes.push(ReportingChange {
                person: s.person.id,
                seq: 1,
                effective: None,
                manager: Some(current),
                reason: None,
                recorded_at: recorded(first.effective),
            });
        }
    }
    changes
}

fn add_months(date: Date, months: u32) -> Date {
    let total = date.year() * 12 + (date.month() as i32 - 1) + months as i32;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, 1).unwrap_or(date)
}

fn months_between(a: Date, b: Date) -> i32 {
    (b.year() - a.year()) * 12 + (b.month() as i32 - a.month() as i32)
}

/// A working day early in the month.
fn day_in(month: Date, rng: &mut ChaCha8Rng) -> Date {
    let day = month + Duration::days(rng.random_range(0..20));
    match day.weekday() {
        time::Weekday::Saturday => day + Duration::days(2),
        time::Weekday::Sunday => day + Duration::days(1),
        _ => day,
    }
}

/// Minor units per major unit of `currency` (ISO 4217; 100 for a code outside the table).
fn minor_scale(currency: &Currency) -> i64 {
    10i64.pow(crate::pay::minor_digits(currency.as_str()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use pendulum_framework::{builtin, check_str};
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;
    use crate::timeline::fold;

    fn builtin_framework() -> Framework {
        check_str("framework.yaml", builtin::ENGINEERING_YAML)
            .expect("built-in framework is valid")
            .framework
    }

    fn params(people: usize, years: u32, seed: u64) -> Params {
        Params {
            people,
            years,
            seed,
            as_of: date!(2026 - 06 - 30),
        }
    }

    /// Everything generated up to `as_of`: no event or pay change after it, nothing
    /// recorded after it began, and (for the reporting lines) no move after it.
    fn assert_nothing_after(g: &Generated, as_of: Date) {
        let latest = as_of.midnight().assume_utc();
        for e in &g.events {
            assert!(e.effective <= as_of, "{:?} on {}", e.kind, e.effective);
            assert!(e.recorded_at <= latest, "recorded at {}", e.recorded_at);
        }
        for p in &g.pay {
            assert!(p.effective <= as_of, "pay on {}", p.effective);
            assert!(p.recorded_at <= latest, "pay recorded at {}", p.recorded_at);
        }
        for c in &g.reporting {
            assert!(c.effective.is_none_or(|day| day <= as_of));
            assert!(c.recorded_at <= latest);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the seed and the day (including the last days of a month, where the
        /// month's events could otherwise land after it), a generated history is all past.
        #[test]
        fn nothing_is_generated_after_the_day_it_runs_for(
            seed in any::<u64>(),
            days_back in 0i64..400,
            people in 5usize..40,
        ) {
            let fw = builtin_framework();
            let now = OffsetDateTime::now_utc();
            let as_of = now.date() - Duration::days(days_back);
            let g = generate(&fw, 1, OrgId::new(), &Params { people, years: 2, seed, as_of });
            assert_nothing_after(&g, as_of);
            for e in &g.events {
                prop_assert!(e.recorded_at <= now);
            }
            for p in &g.pay {
                prop_assert!(p.recorded_at <= now);
            }
        }
    }

    #[test]
    fn a_later_version_is_used_from_the_day_it_is_adopted() {
        let fw = builtin_framework();
        let mut v2 = fw.clone();
        v2.name = format!("{} (revised)", fw.name);
        let p = params(200, 4, 11);
        let from = date!(2025 - 07 - 01);
        let adopted = [Adopted {
            version: 2,
            framework: &v2,
            from,
        }];
        let g = generate_with_versions(&fw, 1, &adopted, OrgId::new(), &p);
        assert_nothing_after(&g, p.as_of);
        for e in &g.events {
            let expected = if e.effective >= from { 2 } else { 1 };
            assert_eq!(
                e.framework_version, expected,
                "{:?} on {}",
                e.kind, e.effective
            );
        }
        let later = g.events.iter().filter(|e| e.framework_version == 2).count();
        assert!(later > 20, "{later} events on version 2");
        let frameworks = BTreeMap::from([(1, fw.clone()), (2, v2.clone())]);
        for person in &g.people {
            let events: Vec<_> = g.events_of(person.id).cloned().collect();
            let role = fold(&frameworks, &events)
                .unwrap_or_else(|e| panic!("history of {} is impossible: {e}", person.name));
            assert_eq!(role.status, person.status);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_organisation() {
        let fw = builtin_framework();
        let org = OrgId::from_uuid(Uuid::nil());
        let a = generate(&fw, 1, org, &params(120, 4, 7));
        let b = generate(&fw, 1, org, &params(120, 4, 7));
        assert_eq!(a.people, b.people);
        assert_eq!(a.events, b.events);
        assert_eq!(a.pay, b.pay);
        let c = generate(&fw, 1, org, &params(120, 4, 8));
        assert_ne!(a.people, c.people, "another seed, another organisation");
    }

    #[test]
    fn reporting_lines_end_in_the_current_manager_after_some_reorganisations() {
        let fw = builtin_framework();
        let p = params(400, 6, 42);
        let g = generate(&fw, 1, OrgId::new(), &p);
        assert_eq!(crate::reporting::find_cycle(&g.reporting), None);
        for person in &g.people {
            assert_eq!(
                crate::reporting::manager_on(&g.reporting, person.id, p.as_of),
                person.manager,
                "{}",
                person.name
            );
        }
        let moves: Vec<_> = g.reporting.iter().filter(|c| c.seq == 2).collect();
        assert!(moves.len() > 20, "{} reorganisations", moves.len());
        for c in moves {
            let day = c.effective.expect("a move has a date");
            assert!(day <= p.as_of && c.recorded_at.date() <= p.as_of);
            let before =
                crate::reporting::manager_on(&g.reporting, c.person, day.previous_day().unwrap());
            assert!(
                before.is_some() && before != c.manager,
                "a move changes the manager"
            );
        }
    }

    #[test]
    fn every_generated_history_is_possible_and_rich() {
        let fw = builtin_framework();
        let frameworks = BTreeMap::from([(1, fw.clone())]);
        let g = generate(&fw, 1, OrgId::new(), &params(400, 6, 42));
        let emails: HashSet<_> = g.people.iter().map(|p| &p.email).collect();
        assert_eq!(emails.len(), g.people.len(), "emails are unique");
        let mut active = 0;
        let mut by_level: BTreeMap<String, usize> = BTreeMap::new();
        for p in &g.people {
            let events: Vec<_> = g.events_of(p.id).cloned().collect();
            let role = fold(&frameworks, &events)
                .unwrap_or_else(|e| panic!("history of {} is impossible: {e}", p.name));
            assert_eq!(role.status, p.status);
            let seqs: Vec<u32> = events.iter().map(|e| e.seq).collect();
            assert_eq!(seqs, (1..=events.len() as u32).collect::<Vec<_>>());
            if role.status != PersonStatus::Exited {
                active += 1;
                *by_level.entry(role.level.to_string()).or_default() += 1;
            }
        }
        // Roughly the size asked for.
        assert!((300..=480).contains(&active), "{active} active people");
        // A pyramid: more Engineer IIs than Principal Engineers.
        assert!(
            by_level.get("ic-2").copied().unwrap_or(0) > by_level.get("ic-6").copied().unwrap_or(0),
            "{by_level:?}"
        );
        // Every kind of career event happens somewhere.
        let kinds: HashSet<EventKind> = g.events.iter().map(|e| e.kind).collect();
        for kind in [
            EventKind::Baseline,
            EventKind::Hire,
            EventKind::Promotion,
            EventKind::Move,
            EventKind::TrialStart,
            EventKind::TrialEnd,
            EventKind::Leave,
            EventKind::CareerBreak,
            EventKind::Return,
            EventKind::Exit,
        ] {
            assert!(kinds.contains(&kind), "no {kind:?} generated");
        }
        let outcomes: HashSet<_> = g.events.iter().filter_map(|e| e.outcome).collect();
        assert!(outcomes.contains(&TrialOutcome::Stay) && outcomes.contains(&TrialOutcome::Return));
        let stays = g
            .events
            .iter()
            .filter(|e| e.outcome == Some(TrialOutcome::Stay))
            .count();
        let returns = g
            .events
            .iter()
            .filter(|e| e.outcome == Some(TrialOutcome::Return))
            .count();
        assert!(
            stays > returns,
            "most trials are kept: {stays} stays, {returns} returns"
        );
        // Management to IC moves exist (swings back).
        let ic_moves = g
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Move)
            .filter(|e| {
                e.level
                    .as_ref()
                    .is_some_and(|l| l.as_str().starts_with("ic-"))
            })
            .count();
        assert!(ic_moves > 0);
        // Everyone has pay, and everyone active has a manager but the top one.
        let paid: HashSet<_> = g.pay.iter().map(|p| p.person).collect();
        assert_eq!(paid.len(), g.people.len());
        let without_manager = g
            .people
            .iter()
            .filter(|p| p.status != PersonStatus::Exited && p.manager.is_none())
            .count();
        assert_eq!(without_manager, 1, "one person at the top");
    }
}
