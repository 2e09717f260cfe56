//! One organisation of two ladders and one year of its life.
//!
//! The engine follows the published model's engine (`peter::engine`) step for step, and
//! draws from the same random number generator in the same order, so that an
//! organisation of one ladder lives exactly as the published model's organisation does.
//! What the second ladder needs (the second competence, the assessment) is drawn from
//! generators of its own. It knows nothing of runs or statistics.
//!
//! Speed: each rung stores its occupants as dense arrays (structure of arrays), the
//! occupied positions first, in the order the published engine keeps them; a vacancy
//! is filled by a [`Picker`] rather than a scan of the rung; nothing is allocated once
//! the organisation is built.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

use super::ladders::Ladders;
use super::params::{DualParams, Policy};
use super::picker::{End, Picker};
use crate::peter::engine::{Hypothesis, MAX_COMPETENCE, MIN_COMPETENCE, Model, Strategy};

/// How often a second competence is drawn again when it falls outside the competence
/// scale before it is set to the nearest bound: only a correlation close to ±1 with a
/// first competence near a bound gets this far.
pub const MAX_REDRAWS: usize = 100;

/// `trial` of someone who is not in a trial.
const NO_TRIAL: u16 = 0;
/// `trial` of a manager whose trial ended below the threshold, waiting for a place at
/// their return rung.
const RETURNING: u16 = u16::MAX;

/// The two ladders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Track {
    Individual,
    Management,
}

/// One person, while they move between rungs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Person {
    /// Competence at individual-contributor work.
    pub c_ic: f64,
    /// Competence at management work.
    pub c_m: f64,
    /// The organisation's view of `c_m`, made when the person arrives at the rung that
    /// feeds management (not a number elsewhere).
    pub assessed: f64,
    /// Age minus the years the organisation has lived: the age is this plus
    /// [`Organisation::years`], as the published engine keeps it, so that a year
    /// touches nobody and an age is the same bits in both engines.
    pub born: f64,
    /// Years left in a management trial; [`NO_TRIAL`] or [`RETURNING`].
    pub trial: u16,
}

/// The occupants of a rung, dense, in the published engine's order: a leaver's place
/// takes the last occupant, and so does a promoted occupant's; an arrival comes last.
///
/// A rung keeps only what it uses: assessments in the rung that feeds management (under
/// a policy that assesses), trials in management rungs. A promotion touches every array
/// at a random place, so each array less is a cache miss less.
#[derive(Debug, Clone)]
pub(super) struct Occupants {
    pub c_ic: Vec<f64>,
    pub c_m: Vec<f64>,
    pub born: Vec<f64>,
    /// Empty unless `assessments`.
    pub assessed: Vec<f64>,
    /// Empty unless `trials`.
    trial: Vec<u16>,
    assessments: bool,
    trials: bool,
}

impl Occupants {
    fn with_capacity(n: usize, assessments: bool, trials: bool) -> Self {
        let kept = |keep: bool| if keep { n } else { 0 };
        Self {
            c_ic: Vec::with_capacity(n),
            c_m: Vec::with_capacity(n),
            born: Vec::with_capacity(n),
            assessed: Vec::with_capacity(kept(assessments)),
            trial: Vec::with_capacity(kept(trials)),
            assessments,
            trials,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.c_ic.len()
    }

    /// The trial state of the occupant at `i`.
    pub(super) fn trial(&self, i: usize) -> u16 {
        if self.trials { self.trial[i] } else { NO_TRIAL }
    }

    /// Whether the occupant at `i` may move up (is not waiting to return).
    pub(super) fn movable(&self, i: usize) -> bool {
        self.trial(i) != RETURNING
    }

    fn push(&mut self, p: Person) {
        self.c_ic.push(p.c_ic);
        self.c_m.push(p.c_m);
        self.born.push(p.born);
        if self.assessments {
            debug_assert!(
                !p.assessed.is_nan(),
                "an assessment is made before arriving"
            );
            self.assessed.push(p.assessed);
        }
        if self.trials {
            self.trial.push(p.trial);
        } else {
            debug_assert_eq!(p.trial, NO_TRIAL);
        }
    }

    fn swap_remove(&mut self, i: usize) -> Person {
        Person {
            c_ic: self.c_ic.swap_remove(i),
            c_m: self.c_m.swap_remove(i),
            born: self.born.swap_remove(i),
            assessed: if self.assessments {
                self.assessed.swap_remove(i)
            } else {
                f64::NAN
            },
            trial: if self.trials {
                self.trial.swap_remove(i)
            } else {
                NO_TRIAL
            },
        }
    }
}

/// A rung and its occupants.
#[derive(Debug, Clone)]
pub(super) struct Rung {
    pub track: Track,
    pub positions: usize,
    pub responsibility: f64,
    /// The rung it is filled from; `None` for the lowest individual-contributor rung,
    /// which hires.
    pub feeder: Option<usize>,
    /// Where a manager of this rung returns to after a trial.
    pub return_to: Option<usize>,
    pub occupants: Occupants,
    /// Occupants waiting to return ([`RETURNING`]).
    pub returning: usize,
}

impl Rung {
    /// The competences that count for this rung's work.
    pub(super) fn work(&self) -> &[f64] {
        match self.track {
            Track::Individual => &self.occupants.c_ic,
            Track::Management => &self.occupants.c_m,
        }
    }

    pub(super) fn vacancies(&self) -> usize {
        self.positions - self.occupants.len()
    }

    /// Puts `person` in a vacant position (checked in builds with debug assertions,
    /// which the tests run with).
    fn place(&mut self, person: Person) {
        debug_assert!(self.vacancies() > 0, "a rung is never over-filled");
        self.occupants.push(person);
    }

    /// Puts `person`, hired or promoted, in a vacant position; in the rung that feeds
    /// management their management competence is assessed on arrival.
    fn arrive<R: Rng + ?Sized>(
        &mut self,
        mut person: Person,
        rules: &Rules,
        g: &mut Generators<'_, R>,
    ) {
        if self.occupants.assessments {
            person.assessed = rules.assess(person.c_m, g.assessment);
        }
        self.place(person);
    }
}

/// Counts since the organisation was built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counters {
    /// Individual contributors who left at the retirement age.
    pub retirements_ic: u64,
    /// Managers who left at the retirement age.
    pub retirements_management: u64,
    /// Individual contributors who left below the dismissal threshold.
    pub dismissals_ic: u64,
    /// Managers who left below the dismissal threshold.
    pub dismissals_management: u64,
    /// Promotions within a ladder.
    pub promotions: u64,
    /// Moves from individual contribution into management.
    pub to_management: u64,
    /// Trials that ended below the threshold.
    pub failed_trials: u64,
    /// Moves from management back to individual contribution.
    pub returns: u64,
    /// People hired into the lowest individual-contributor rung.
    pub recruits: u64,
    /// Passes down the ladders repeated because the pass before left a vacancy.
    pub repeated_passes: u64,
}

/// What a run needs besides the organisation: the published model, the rules, and the
/// generators.
#[derive(Debug, Clone)]
pub(super) struct Rules {
    pub model: Model,
    pub policy: Policy,
    pub hypothesis: Hypothesis,
    pub strategy: Strategy,
    pub p: f64,
    pub correlation: f64,
    pub assessment_noise: f64,
    pub trial_years: u16,
    pub trial_threshold: f64,
}

impl Rules {
    pub(super) fn new(params: &DualParams) -> Self {
        let mut model = Model::paper();
        model.dismissal_below = params.dismissal_threshold;
        Self {
            model,
            policy: params.policy,
            hypothesis: params.hypothesis,
            strategy: params.strategy,
            p: params.p,
            correlation: params.correlation,
            assessment_noise: params.assessment_noise,
            trial_years: params.trial_years as u16,
            trial_threshold: params.trial_threshold,
        }
    }

    /// A second competence for someone whose first is `first`: normal with the
    /// recruits' mean and spread and correlation `ρ` given the first, that is
    /// `ρ·first + (1 − ρ)·mean + sd·√(1 − ρ²)·z`, drawn again while outside the
    /// competence scale (at most [`MAX_REDRAWS`] times, then set to the nearest bound).
    /// With ρ = ±1 nothing is drawn: it is `first` to the bit for ρ = 1, and
    /// `2·mean − first` within the scale for ρ = −1.
    pub(super) fn second<R: Rng + ?Sized>(&self, first: f64, rng: &mut R) -> f64 {
        let (mean, sd) = self.model.competence.mean_and_sd();
        let (min, max) = self.model.competence.bounds();
        let rho = self.correlation;
        let spread = sd * (1.0 - rho * rho).sqrt();
        let centre = rho * first + (1.0 - rho) * mean;
        if spread == 0.0 {
            return centre.clamp(min, max);
        }
        let mut x = centre;
        for _ in 0..MAX_REDRAWS {
            let z: f64 = StandardNormal.sample(rng);
            x = centre + spread * z;
            if x >= min && x <= max {
                return x;
            }
        }
        x.clamp(min, max)
    }

    /// The assessment of management competence `c_m`: exact without noise (and then
    /// nothing is drawn), otherwise `c_m` plus a normal error.
    pub(super) fn assess<R: Rng + ?Sized>(&self, c_m: f64, rng: &mut R) -> f64 {
        if self.assessment_noise == 0.0 {
            return c_m;
        }
        let z: f64 = StandardNormal.sample(rng);
        c_m + self.assessment_noise * z
    }

    /// A recruit: competence and age from `main` as the published model draws them, the
    /// management competence from `second`; `years` is the organisation's.
    fn recruit<R: Rng + ?Sized>(&self, years: f64, g: &mut Generators<'_, R>) -> Person {
        let a = self.model.recruit(g.main);
        let c_m = self.second(a.competence, g.second);
        Person {
            c_ic: a.competence,
            c_m,
            assessed: f64::NAN,
            born: a.age - years,
            trial: NO_TRIAL,
        }
    }

    /// Promotes `person` within `track`: the competence for that track's work changes
    /// under the hypothesis exactly as the published model changes it (from `main`),
    /// and the other competence changes with it (from `second`). Under the common-sense
    /// hypothesis the other change is the same change with probability |ρ| (its
    /// opposite for ρ < 0) and independent otherwise, which makes the two changes
    /// correlated by ρ; under the Peter hypothesis the other competence is drawn again
    /// given the new one, as for a recruit.
    pub(super) fn promote<R: Rng + ?Sized>(
        &self,
        person: &mut Person,
        track: Track,
        g: &mut Generators<'_, R>,
    ) {
        let (this, other) = match track {
            Track::Individual => (&mut person.c_ic, &mut person.c_m),
            Track::Management => (&mut person.c_m, &mut person.c_ic),
        };
        match self.hypothesis {
            Hypothesis::CommonSense => {
                let change = common_sense_change(&self.model, g.main);
                *this = (*this + change).clamp(MIN_COMPETENCE, MAX_COMPETENCE);
                let rho = self.correlation;
                let follows: f64 = g.second.random();
                let other_change = if follows < rho.abs() {
                    if rho < 0.0 { -change } else { change }
                } else {
                    common_sense_change(&self.model, g.second)
                };
                *other = (*other + other_change).clamp(MIN_COMPETENCE, MAX_COMPETENCE);
            }
            Hypothesis::Peter => {
                *this = self
                    .model
                    .promoted_competence(Hypothesis::Peter, *this, g.main);
                *other = self.second(*this, g.second);
            }
        }
    }
}

/// The common-sense change of competence on promotion, drawn as the published model
/// draws it: `change × (2u − 1)` for one uniform `u` in [0, 1).
pub(super) fn common_sense_change<R: Rng + ?Sized>(model: &Model, rng: &mut R) -> f64 {
    model.common_sense_change * (2.0 * rng.random::<f64>() - 1.0)
}

/// The three generators of a run: `main` is the published model's, drawn in its order;
/// `second` gives second competences; `assessment` gives assessment errors.
pub(super) struct Generators<'a, R: Rng + ?Sized> {
    pub main: &'a mut R,
    pub second: &'a mut R,
    pub assessment: &'a mut R,
}

/// An organisation of two ladders.
#[derive(Debug)]
pub(super) struct Organisation {
    /// Individual-contributor rungs lowest first, then management rungs lowest first.
    pub rungs: Vec<Rung>,
    /// Rungs in the order they are filled: by grade from the top, management before
    /// individual contribution at the same grade, higher rungs of a ladder first.
    pub order: Vec<usize>,
    /// The denominators of the efficiencies: all rungs, individual contribution,
    /// management (0 without management).
    max_weighted: [f64; 3],
    pub counters: Counters,
    /// The years the organisation has lived (see [`Person::born`]).
    pub years: f64,
    picker: Picker,
}

/// The efficiencies and the share of managers below the threshold at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Measures {
    /// Efficiency of the whole organisation, in percent.
    pub overall: f64,
    /// Efficiency of the individual-contributor ladder, in percent.
    pub individual: f64,
    /// Efficiency of the management ladder, in percent (0 without management).
    pub management: f64,
    /// Managers whose management competence is below the dismissal threshold, in
    /// percent of managers (0 without managers).
    pub managers_below: f64,
}

impl Organisation {
    /// An organisation of `ladders` with every position vacant; the rung that feeds
    /// management keeps assessments if `assessing`.
    fn empty(ladders: &Ladders, assessing: bool) -> Self {
        let ic = &ladders.individual_contribution.rungs;
        let management = &ladders.management.rungs;
        let feeder = ladders.feeder();
        let mut rungs = Vec::with_capacity(ic.len() + management.len());
        for (i, r) in ic.iter().enumerate() {
            rungs.push(Rung {
                track: Track::Individual,
                positions: r.positions as usize,
                responsibility: r.responsibility,
                feeder: i.checked_sub(1),
                return_to: None,
                occupants: Occupants::with_capacity(
                    r.positions as usize,
                    assessing && feeder == Some(i),
                    false,
                ),
                returning: 0,
            });
        }
        for (j, r) in management.iter().enumerate() {
            rungs.push(Rung {
                track: Track::Management,
                positions: r.positions as usize,
                responsibility: r.responsibility,
                feeder: if j == 0 {
                    feeder
                } else {
                    Some(ic.len() + j - 1)
                },
                return_to: ladders.return_rung(r.grade),
                occupants: Occupants::with_capacity(r.positions as usize, false, true),
                returning: 0,
            });
        }
        let grade = |i: usize| {
            if i < ic.len() {
                ic[i].grade
            } else {
                management[i - ic.len()].grade
            }
        };
        let mut order: Vec<usize> = (0..rungs.len()).collect();
        order.sort_by_key(|&i| {
            let management_first = u8::from(rungs[i].track == Track::Individual);
            (
                std::cmp::Reverse(grade(i)),
                management_first,
                std::cmp::Reverse(i),
            )
        });
        let weighted = |track: Option<Track>| -> f64 {
            order
                .iter()
                .map(|&i| &rungs[i])
                .filter(|r| track.is_none_or(|t| r.track == t))
                .map(|r| r.responsibility * r.positions as f64 * MAX_COMPETENCE)
                .sum()
        };
        let max_weighted = [
            weighted(None),
            weighted(Some(Track::Individual)),
            weighted(Some(Track::Management)),
        ];
        Self {
            rungs,
            order,
            max_weighted,
            counters: Counters::default(),
            years: 0.0,
            picker: Picker::default(),
        }
    }

    /// An organisation with every position filled by a recruit, rung by rung in the
    /// order of [`Organisation::order`], position by position.
    pub(super) fn filled<R: Rng + ?Sized>(
        ladders: &Ladders,
        rules: &Rules,
        g: &mut Generators<'_, R>,
    ) -> Self {
        let mut org = Self::empty(ladders, rules.policy != Policy::SingleLadder);
        for k in 0..org.order.len() {
            let rung = &mut org.rungs[org.order[k]];
            while rung.vacancies() > 0 {
                let person = rules.recruit(0.0, g);
                rung.arrive(person, rules, g);
            }
        }
        org
    }

    /// The efficiencies and the share of managers below `threshold`.
    pub(super) fn measures(&self, threshold: f64) -> Measures {
        let weighted = |track: Option<Track>| -> f64 {
            self.order
                .iter()
                .map(|&i| &self.rungs[i])
                .filter(|r| track.is_none_or(|t| r.track == t))
                .map(|r| r.responsibility * lanes_sum(r.work()))
                .sum()
        };
        let percent = |x: f64, of: f64| if of > 0.0 { 100.0 * x / of } else { 0.0 };
        let (mut managers, mut below) = (0_usize, 0_usize);
        for r in self.rungs.iter().filter(|r| r.track == Track::Management) {
            managers += r.occupants.len();
            below += r.occupants.c_m.iter().filter(|&&c| c < threshold).count();
        }
        Measures {
            overall: percent(weighted(None), self.max_weighted[0]),
            individual: percent(weighted(Some(Track::Individual)), self.max_weighted[1]),
            management: percent(weighted(Some(Track::Management)), self.max_weighted[2]),
            managers_below: percent(below as f64, managers as f64),
        }
    }

    /// One year: everyone ages by one; those above the retirement age leave, and those
    /// below the dismissal threshold at their work, unless in a management trial; trials
    /// that end are reviewed; then every vacancy is filled from the top down.
    pub(super) fn step<R: Rng + ?Sized>(&mut self, rules: &Rules, g: &mut Generators<'_, R>) {
        self.years += 1.0;
        self.leave_and_review(rules);
        self.fill_vacancies(rules, g);
    }

    /// Removes the leavers and reviews the trials that end this year. As in the
    /// published engine, each rung is walked from its last occupant, and a leaver's
    /// place takes the last occupant, who has already been looked at.
    fn leave_and_review(&mut self, rules: &Rules) {
        let model = &rules.model;
        let (threshold, retirement) = (model.dismissal_below, model.retirement_above);
        let years = self.years;
        let counters = &mut self.counters;
        for rung in &mut self.rungs {
            let management = rung.track == Track::Management;
            let (mut retired, mut dismissed) = (0, 0);
            let occ = &mut rung.occupants;
            for i in (0..occ.len()).rev() {
                let trial = occ.trial(i);
                if occ.born[i] + years > retirement {
                    retired += 1;
                    if trial == RETURNING {
                        rung.returning -= 1;
                    }
                    occ.swap_remove(i);
                } else if trial == NO_TRIAL {
                    let work = if management { occ.c_m[i] } else { occ.c_ic[i] };
                    if work < threshold {
                        dismissed += 1;
                        occ.swap_remove(i);
                    }
                } else if trial != RETURNING {
                    let left = trial - 1;
                    occ.trial[i] = if left == NO_TRIAL && occ.c_m[i] < rules.trial_threshold {
                        rung.returning += 1;
                        counters.failed_trials += 1;
                        RETURNING
                    } else {
                        left
                    };
                }
            }
            if management {
                counters.retirements_management += retired;
                counters.dismissals_management += dismissed;
            } else {
                counters.retirements_ic += retired;
                counters.dismissals_ic += dismissed;
            }
        }
    }

    /// Fills every vacancy: rung by rung in [`Organisation::order`], an individual-
    /// contributor rung first takes back the managers returning to it, then each
    /// vacancy, one after the other, takes someone from the rung's feeder; the lowest
    /// rung hires. A pass that leaves vacancies (a feeder ran empty, a returning manager
    /// left a management position) is repeated while it can fill something.
    fn fill_vacancies<R: Rng + ?Sized>(&mut self, rules: &Rules, g: &mut Generators<'_, R>) {
        loop {
            let mut placed = false;
            for k in 0..self.order.len() {
                let target = self.order[k];
                if self.rungs[target].track == Track::Individual {
                    placed |= self.take_back_returns(target);
                }
                if let Some(source) = self.rungs[target].feeder {
                    placed |= self.promote_into(target, source, rules, g);
                }
            }
            let years = self.years;
            let bottom = &mut self.rungs[0];
            while bottom.vacancies() > 0 {
                let person = rules.recruit(years, g);
                bottom.arrive(person, rules, g);
                self.counters.recruits += 1;
                placed = true;
            }
            let full = self.rungs.iter().all(|r| r.vacancies() == 0);
            if full || !placed {
                return;
            }
            self.counters.repeated_passes += 1;
        }
    }

    /// Moves the managers returning to rung `target` into its vacancies, in the order
    /// of their management rungs and of their places; returns whether anyone moved.
    fn take_back_returns(&mut self, target: usize) -> bool {
        let mut moved = false;
        for from in 0..self.rungs.len() {
            if self.rungs[from].returning == 0 || self.rungs[from].return_to != Some(target) {
                continue;
            }
            let mut i = 0;
            while i < self.rungs[from].occupants.len() && self.rungs[target].vacancies() > 0 {
                if self.rungs[from].occupants.movable(i) {
                    i += 1;
                    continue;
                }
                let mut person = self.rungs[from].occupants.swap_remove(i);
                self.rungs[from].returning -= 1;
                person.trial = NO_TRIAL;
                // The trial showed the person's management competence.
                person.assessed = person.c_m;
                self.rungs[target].place(person);
                self.counters.returns += 1;
                moved = true;
            }
        }
        moved
    }

    /// Fills the vacancies of `target` from `source`; returns whether anyone moved.
    fn promote_into<R: Rng + ?Sized>(
        &mut self,
        target: usize,
        source: usize,
        rules: &Rules,
        g: &mut Generators<'_, R>,
    ) -> bool {
        let vacancies = self.rungs[target].vacancies();
        if vacancies == 0 || self.rungs[source].occupants.len() == self.rungs[source].returning {
            return false;
        }
        let crossing = self.rungs[target].track != self.rungs[source].track;
        let by_assessment = crossing && rules.policy != Policy::SingleLadder;
        let strategy = if by_assessment {
            Strategy::Best
        } else {
            rules.strategy
        };
        let ends: &[End] = match strategy {
            Strategy::Best => &[End::Best],
            Strategy::Worst => &[End::Worst],
            Strategy::BestWorst => &[End::Best, End::Worst],
            Strategy::Random => &[],
        };
        if !ends.is_empty() {
            let rung = &self.rungs[source];
            let keys = if by_assessment {
                &rung.occupants.assessed
            } else {
                rung.work()
            };
            let occupants = &rung.occupants;
            self.picker
                .prepare(keys, |i| occupants.movable(i), vacancies, ends);
        }
        let mut moved = false;
        while self.rungs[target].vacancies() > 0 {
            let Some(place) = self.choose(source, strategy, rules.p, g.main) else {
                break;
            };
            let mut person = self.rungs[source].occupants.swap_remove(place);
            if !ends.is_empty() {
                self.picker.removed(place);
            }
            let track = self.rungs[target].track;
            if crossing {
                self.counters.to_management += 1;
                if rules.policy == Policy::DualTrackWithTrials {
                    person.trial = rules.trial_years;
                }
            } else {
                rules.promote(&mut person, track, g);
                self.counters.promotions += 1;
            }
            self.rungs[target].arrive(person, rules, g);
            moved = true;
        }
        moved
    }

    /// The place of the occupant of `source` to move up, as the published model's
    /// `choose` picks it (the same draws from `main`), among those not returning.
    fn choose<R: Rng + ?Sized>(
        &mut self,
        source: usize,
        strategy: Strategy,
        p: f64,
        main: &mut R,
    ) -> Option<usize> {
        let rung = &self.rungs[source];
        let n = rung.occupants.len();
        if n == rung.returning {
            return None;
        }
        match strategy {
            Strategy::Best => self.picker.pick(End::Best),
            Strategy::Worst => self.picker.pick(End::Worst),
            Strategy::BestWorst => {
                if main.random::<f64>() < p {
                    self.picker.pick(End::Best)
                } else {
                    self.picker.pick(End::Worst)
                }
            }
            Strategy::Random => loop {
                let i = main.random_range(0..n);
                if rung.occupants.movable(i) {
                    return Some(i);
                }
            },
        }
    }
}

/// The sum of `xs` in four lanes, in the published engine's order
/// (`peter::engine::Level::competence_sum`), so that one ladder gives the same bits.
pub(super) fn lanes_sum(xs: &[f64]) -> f64 {
    let chunks = xs.chunks_exact(4);
    let tail: f64 = chunks.remainder().iter().sum();
    let mut lanes = [0.0_f64; 4];
    for c in chunks {
        for (lane, x) in lanes.iter_mut().zip(c) {
            *lane += x;
        }
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}
