//! The engine: a pyramid of levels, the agents in it, how one of them is chosen for
//! promotion, what a promotion does to competence, the efficiency, and one year of an
//! organisation's life.
//!
//! Each piece is public so that other models (the dual-ladder extension) can build on
//! the same organisation. The engine knows nothing of runs, seeds or statistics; it is
//! handed a random number generator and takes from it in a documented order.
//!
//! Speed: a level stores its occupants as two dense arrays (competence, and age less
//! the years gone by), so a year passes without touching any agent; the scans for the
//! best, the worst and the leavers run on short arrays of `f64` and mark what they find
//! in bit masks rather than branching on each value (a branch on chance is mispredicted,
//! and on this model's small levels that costs more than the comparisons); a departure
//! is a move of the last occupant; and nothing is allocated after an organisation is
//! built. Positions within a level are interchangeable in the model, so which slot an
//! agent sits in carries no meaning.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal, StandardNormal};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The lowest competence an agent can have.
pub const MIN_COMPETENCE: f64 = 1.0;
/// The highest competence an agent can have; the efficiency's maximum is every
/// position filled at this competence.
pub const MAX_COMPETENCE: f64 = 10.0;
/// The most levels a pyramid may have.
pub const MAX_LEVELS: usize = 32;
/// The most positions one level may have.
pub const MAX_POSITIONS_PER_LEVEL: usize = 100_000;

/// What a promotion does to the promoted agent's competence.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hypothesis {
    /// Competence carries over: the new competence is the old one plus a uniform
    /// random change (within ±[`Model::common_sense_change`]), kept within
    /// [`MIN_COMPETENCE`, `MAX_COMPETENCE`].
    CommonSense,
    /// The new task needs other skills: the new competence is a fresh draw from the
    /// recruits' distribution, whatever the old one was.
    Peter,
}

impl Hypothesis {
    /// Both hypotheses, in the paper's order.
    pub const ALL: [Hypothesis; 2] = [Hypothesis::CommonSense, Hypothesis::Peter];

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Hypothesis::CommonSense => "common-sense",
            Hypothesis::Peter => "peter",
        }
    }
}

/// Whom to promote into a vacancy, among the occupants of the level just below it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The most competent.
    Best,
    /// The least competent.
    Worst,
    /// Anyone, with equal chances.
    Random,
    /// The most competent with probability `p`, otherwise the least competent; drawn
    /// afresh for every vacancy.
    BestWorst,
}

impl Strategy {
    /// The four strategies, in the paper's order.
    pub const ALL: [Strategy; 4] = [
        Strategy::Best,
        Strategy::Worst,
        Strategy::Random,
        Strategy::BestWorst,
    ];

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Best => "best",
            Strategy::Worst => "worst",
            Strategy::Random => "random",
            Strategy::BestWorst => "best-worst",
        }
    }
}

/// One level of a pyramid: how many positions it has and how much its members' work
/// weighs in the efficiency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelShape {
    /// The number of positions.
    pub positions: usize,
    /// The weight of the level in the efficiency (the paper's "responsibility").
    pub responsibility: f64,
}

/// Why a pyramid cannot be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PyramidError {
    /// No levels, or more than [`MAX_LEVELS`].
    #[error("a pyramid needs from 1 to {MAX_LEVELS} levels; got {0}")]
    Levels(usize),
    /// A level without positions or with more than [`MAX_POSITIONS_PER_LEVEL`].
    #[error(
        "level {level} (0 is the top) needs from 1 to {MAX_POSITIONS_PER_LEVEL} positions; got {positions}"
    )]
    Positions {
        /// The level, 0 being the top.
        level: usize,
        /// The number of positions asked for.
        positions: usize,
    },
    /// A responsibility that is negative or not a number.
    #[error("level {level} (0 is the top) needs a responsibility of 0 or more; got {value}")]
    Responsibility {
        /// The level, 0 being the top.
        level: usize,
        /// The responsibility asked for.
        value: f64,
    },
    /// Every responsibility is zero, so the efficiency has no maximum to divide by.
    #[error("at least one level needs a responsibility above 0")]
    NoWeight,
}

/// The shape of an organisation: its levels from the top down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pyramid {
    levels: Vec<LevelShape>,
}

impl Pyramid {
    /// A pyramid of `levels`, the top first.
    pub fn new(levels: Vec<LevelShape>) -> Result<Self, PyramidError> {
        if levels.is_empty() || levels.len() > MAX_LEVELS {
            return Err(PyramidError::Levels(levels.len()));
        }
        for (level, shape) in levels.iter().enumerate() {
            if shape.positions == 0 || shape.positions > MAX_POSITIONS_PER_LEVEL {
                return Err(PyramidError::Positions {
                    level,
                    positions: shape.positions,
                });
            }
            if !(shape.responsibility >= 0.0 && shape.responsibility.is_finite()) {
                return Err(PyramidError::Responsibility {
                    level,
                    value: shape.responsibility,
                });
            }
        }
        if levels.iter().all(|l| l.responsibility == 0.0) {
            return Err(PyramidError::NoWeight);
        }
        Ok(Self { levels })
    }

    /// The paper's pyramid: 1, 5, 11, 21, 41 and 81 positions from the top down, with
    /// responsibilities 1.0, 0.9, 0.8, 0.6, 0.4 and 0.2 (160 positions).
    pub fn paper() -> Self {
        let shape = [
            (1, 1.0),
            (5, 0.9),
            (11, 0.8),
            (21, 0.6),
            (41, 0.4),
            (81, 0.2),
        ];
        Self::new(
            shape
                .iter()
                .map(|&(positions, responsibility)| LevelShape {
                    positions,
                    responsibility,
                })
                .collect(),
        )
        .expect("the paper's pyramid is valid")
    }

    /// The levels, the top first.
    pub fn levels(&self) -> &[LevelShape] {
        &self.levels
    }

    /// The number of positions of all levels.
    pub fn positions(&self) -> usize {
        self.levels.iter().map(|l| l.positions).sum()
    }

    /// The efficiency's denominator: Σ responsibility × positions × [`MAX_COMPETENCE`].
    pub fn max_weighted_competence(&self) -> f64 {
        self.levels
            .iter()
            .map(|l| l.responsibility * l.positions as f64 * MAX_COMPETENCE)
            .sum()
    }
}

/// Why a distribution of the model cannot be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DistributionError {
    /// A bound, mean or standard deviation that is not a finite number, or bounds in the
    /// wrong order.
    #[error(
        "competence needs finite numbers with {MIN_COMPETENCE} <= min < max <= {MAX_COMPETENCE}, min <= mean <= max and 0 < standard deviation <= max - min; got mean {mean}, standard deviation {sd}, bounds [{min}, {max}]"
    )]
    Competence {
        /// The mean asked for.
        mean: f64,
        /// The standard deviation asked for.
        sd: f64,
        /// The lower bound asked for.
        min: f64,
        /// The upper bound asked for.
        max: f64,
    },
    /// An age distribution whose mean or standard deviation is not usable.
    #[error(
        "age needs a finite mean and a standard deviation of 0 or more; got mean {mean}, standard deviation {sd}"
    )]
    Age {
        /// The mean asked for.
        mean: f64,
        /// The standard deviation asked for.
        sd: f64,
    },
}

/// A normal distribution cut to `[min, max]`: a draw outside is thrown away and drawn
/// again, so the shape inside the bounds is the normal's own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruncatedNormal {
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
}

impl TruncatedNormal {
    /// A normal of `mean` and `sd` cut to `[min, max]` within the competence scale. The
    /// mean must lie within the bounds and `sd` must not exceed their distance, so that
    /// at least a third of the draws are kept and a draw never loops for long.
    pub fn new(mean: f64, sd: f64, min: f64, max: f64) -> Result<Self, DistributionError> {
        let ok = [mean, sd, min, max].iter().all(|v| v.is_finite())
            && (MIN_COMPETENCE..=MAX_COMPETENCE).contains(&min)
            && (MIN_COMPETENCE..=MAX_COMPETENCE).contains(&max)
            && min < max
            && (min..=max).contains(&mean)
            && sd > 0.0
            && sd <= max - min;
        if ok {
            Ok(Self { mean, sd, min, max })
        } else {
            Err(DistributionError::Competence { mean, sd, min, max })
        }
    }

    /// The mean and standard deviation of the normal before it is cut.
    pub fn mean_and_sd(&self) -> (f64, f64) {
        (self.mean, self.sd)
    }

    /// The bounds.
    pub fn bounds(&self) -> (f64, f64) {
        (self.min, self.max)
    }
}

impl Distribution<f64> for TruncatedNormal {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let z: f64 = StandardNormal.sample(rng);
            let x = self.mean + self.sd * z;
            if x >= self.min && x <= self.max {
                return x;
            }
        }
    }
}

/// Everything about the model but the promotion rule: the pyramid, who is recruited,
/// who leaves, and how far competence moves on promotion under the common-sense
/// hypothesis.
#[derive(Debug, Clone)]
pub struct Model {
    /// The shape of the organisation.
    pub pyramid: Pyramid,
    /// The competence of a recruit, and of a promoted agent under the Peter hypothesis.
    pub competence: TruncatedNormal,
    /// The age of a recruit, in years; not bounded.
    pub age: Normal<f64>,
    /// An agent whose competence is below this leaves (the paper's dismissal threshold).
    pub dismissal_below: f64,
    /// An agent whose age is above this leaves (the paper's retirement age).
    pub retirement_above: f64,
    /// Under the common-sense hypothesis, the largest change of competence on
    /// promotion, either way.
    pub common_sense_change: f64,
}

impl Model {
    /// The paper's model: the paper's pyramid; competence normal with mean 7 and
    /// standard deviation 2, cut to [1, 10]; age normal with mean 25 and standard
    /// deviation 5; dismissal below 4; retirement above 60; a common-sense change of at
    /// most 1.
    pub fn paper() -> Self {
        Self {
            pyramid: Pyramid::paper(),
            competence: TruncatedNormal::new(7.0, 2.0, MIN_COMPETENCE, MAX_COMPETENCE)
                .expect("the paper's competence distribution is valid"),
            age: age_distribution(25.0, 5.0).expect("the paper's age distribution is valid"),
            dismissal_below: 4.0,
            retirement_above: 60.0,
            common_sense_change: 1.0,
        }
    }

    /// A new agent: its competence is drawn first, then its age.
    pub fn recruit<R: Rng + ?Sized>(&self, rng: &mut R) -> Agent {
        let competence = self.competence.sample(rng);
        let age = self.age.sample(rng);
        Agent { competence, age }
    }

    /// The competence of an agent of competence `old` just after a promotion.
    pub fn promoted_competence<R: Rng + ?Sized>(
        &self,
        hypothesis: Hypothesis,
        old: f64,
        rng: &mut R,
    ) -> f64 {
        match hypothesis {
            Hypothesis::CommonSense => {
                let change = self.common_sense_change * (2.0 * rng.random::<f64>() - 1.0);
                (old + change).clamp(MIN_COMPETENCE, MAX_COMPETENCE)
            }
            Hypothesis::Peter => self.competence.sample(rng),
        }
    }

    /// Whether an agent leaves at the start of a year (after ageing).
    #[inline]
    pub fn leaves(&self, competence: f64, age: f64) -> bool {
        competence < self.dismissal_below || age > self.retirement_above
    }
}

/// The age distribution of recruits: normal with `mean` and `sd`, in years.
pub fn age_distribution(mean: f64, sd: f64) -> Result<Normal<f64>, DistributionError> {
    if mean.is_finite() {
        Normal::new(mean, sd).map_err(|_| DistributionError::Age { mean, sd })
    } else {
        Err(DistributionError::Age { mean, sd })
    }
}

/// One member of the organisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agent {
    /// Competence at the task of the agent's current level.
    pub competence: f64,
    /// Age in years.
    pub age: f64,
}

/// A level that has no vacancy for one more agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the level's {positions} positions are all filled")]
pub struct LevelFull {
    /// The level's number of positions.
    pub positions: usize,
}

/// The occupants of one level, stored densely: `occupied()` is the length of
/// [`Level::competences`], and a departure moves the last occupant into the freed slot.
///
/// Ages are not stored as such: each occupant keeps its age minus the years the level
/// has lived through, so a year passes by adding one to a single number, and an age is
/// read as that number plus the occupant's own ([`Level::age`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    competence: Vec<f64>,
    born: Vec<f64>,
    years: f64,
    positions: usize,
    responsibility: f64,
}

impl Level {
    fn empty(shape: LevelShape) -> Self {
        Self {
            competence: Vec::with_capacity(shape.positions),
            born: Vec::with_capacity(shape.positions),
            years: 0.0,
            positions: shape.positions,
            responsibility: shape.responsibility,
        }
    }

    /// The number of positions.
    pub fn positions(&self) -> usize {
        self.positions
    }

    /// The level's weight in the efficiency.
    pub fn responsibility(&self) -> f64 {
        self.responsibility
    }

    /// The number of occupied positions.
    pub fn occupied(&self) -> usize {
        self.competence.len()
    }

    /// The number of vacant positions.
    pub fn vacancies(&self) -> usize {
        self.positions - self.occupied()
    }

    /// The occupants' competences.
    pub fn competences(&self) -> &[f64] {
        &self.competence
    }

    /// The age of the occupant at `index`.
    pub fn age(&self, index: usize) -> f64 {
        self.born[index] + self.years
    }

    /// The occupants' ages, in the order of [`Level::competences`].
    pub fn ages(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.born.iter().map(|b| b + self.years)
    }

    /// The occupant at `index` (below [`Level::occupied`]).
    pub fn agent(&self, index: usize) -> Agent {
        Agent {
            competence: self.competence[index],
            age: self.age(index),
        }
    }

    /// Puts `agent` in a vacant position (after the occupants).
    pub fn place(&mut self, agent: Agent) -> Result<(), LevelFull> {
        self.push(agent.competence, agent.age - self.years)
    }

    /// Takes the occupant at `index` out of the level; the last occupant moves into the
    /// freed slot.
    pub fn remove(&mut self, index: usize) -> Agent {
        let (competence, born) = self.take(index);
        Agent {
            competence,
            age: born + self.years,
        }
    }

    fn push(&mut self, competence: f64, born: f64) -> Result<(), LevelFull> {
        if self.occupied() == self.positions {
            return Err(LevelFull {
                positions: self.positions,
            });
        }
        self.competence.push(competence);
        self.born.push(born);
        Ok(())
    }

    fn take(&mut self, index: usize) -> (f64, f64) {
        (
            self.competence.swap_remove(index),
            self.born.swap_remove(index),
        )
    }

    /// The index of the most competent occupant (the first of equals in storage order);
    /// `None` when the level is empty.
    pub fn best(&self) -> Option<usize> {
        extreme_index(&self.competence, |a, b| a > b)
    }

    /// The index of the least competent occupant (the first of equals in storage
    /// order); `None` when the level is empty.
    pub fn worst(&self) -> Option<usize> {
        extreme_index(&self.competence, |a, b| a < b)
    }

    /// The sum of the occupants' competences, in a fixed order of four partial sums (so
    /// the compiler can use vector instructions, and the result never depends on more
    /// than the stored order).
    pub fn competence_sum(&self) -> f64 {
        let (chunks, rest) = self.competence.as_chunks::<4>();
        let mut lanes = [0.0_f64; 4];
        for chunk in chunks {
            for (lane, x) in lanes.iter_mut().zip(chunk) {
                *lane += x;
            }
        }
        (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + rest.iter().sum::<f64>()
    }

    /// Removes every occupant who leaves under `model`; returns how many left. Leavers
    /// are marked in a word of 64 bits per 64 occupants, with no branch per occupant
    /// (who leaves is chance, so such a branch would be mispredicted about once a
    /// leaver), then taken out from the last: a leaver's slot takes the last occupant,
    /// who is not a leaver, since every leaver after it has gone already.
    fn remove_leavers(&mut self, model: &Model) -> usize {
        let years = self.years;
        let (below, above) = (model.dismissal_below, model.retirement_above);
        let before = self.occupied();
        for w in (0..before.div_ceil(64)).rev() {
            let lo = w * 64;
            let hi = (lo + 64).min(before);
            let mut mask: u64 = 0;
            for (k, (c, b)) in self.competence[lo..hi]
                .iter()
                .zip(&self.born[lo..hi])
                .enumerate()
            {
                mask |= u64::from((*c < below) | (*b + years > above)) << k;
            }
            while mask != 0 {
                let k = 63 - mask.leading_zeros() as usize;
                self.take(lo + k);
                mask &= !(1u64 << k);
            }
        }
        before - self.occupied()
    }
}

/// How many values the scans of a level look at together.
const LANES: usize = 8;

/// The index of the value of `xs` that `better` prefers over every other (the largest
/// for `>`), the first of equals; `None` when `xs` is empty. Two passes: the preferred
/// value, kept in eight running values so that the comparisons do not wait on each other
/// (on vector instructions); then its first place, from a mask of equalities.
fn extreme_index(xs: &[f64], better: impl Fn(f64, f64) -> bool) -> Option<usize> {
    let first = *xs.first()?;
    let pick = |a: f64, b: f64| if better(b, a) { b } else { a };
    let (chunks, rest) = xs.as_chunks::<LANES>();
    let mut lanes = [first; LANES];
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = pick(*lane, x);
        }
    }
    let target = rest
        .iter()
        .fold(lanes.into_iter().fold(first, pick), |a, &x| pick(a, x));
    // Its first place: 64 equalities to a word, with no branch per value (where the
    // extreme lies is chance, so a branch on it would be mispredicted).
    for (w, word) in xs.chunks(64).enumerate() {
        let mut mask: u64 = 0;
        for (k, &x) in word.iter().enumerate() {
            mask |= u64::from(x == target) << k;
        }
        if mask != 0 {
            return Some(w * 64 + mask.trailing_zeros() as usize);
        }
    }
    None
}

/// Chooses whom to promote out of `level` under `strategy` (`p` is the chance of the
/// best under [`Strategy::BestWorst`]). `None` when the level is empty, and then no
/// random number is drawn. [`Strategy::Random`] draws one index,
/// [`Strategy::BestWorst`] one number in [0, 1): below `p` means the best.
pub fn choose<R: Rng + ?Sized>(
    level: &Level,
    strategy: Strategy,
    p: f64,
    rng: &mut R,
) -> Option<usize> {
    let n = level.occupied();
    if n == 0 {
        return None;
    }
    match strategy {
        Strategy::Best => level.best(),
        Strategy::Worst => level.worst(),
        Strategy::Random => Some(rng.random_range(0..n)),
        Strategy::BestWorst => {
            if rng.random::<f64>() < p {
                level.best()
            } else {
                level.worst()
            }
        }
    }
}

/// How the organisation changed since it was built: counts kept for diagnostics and
/// for the invariants the tests check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Counters {
    /// Years simulated.
    pub steps: u64,
    /// Agents who left each level (index 0 is the top).
    pub departures: Vec<u64>,
    /// Agents promoted into each level from the one below (the bottom level's entry
    /// stays 0).
    pub promotions_into: Vec<u64>,
    /// Agents recruited into the bottom level.
    pub recruits: u64,
    /// Extra passes down the pyramid: a level found the level below it empty, so the
    /// pass was repeated once the lower levels had been filled.
    pub repeated_passes: u64,
}

/// An organisation: the pyramid's levels and their occupants.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    levels: Vec<Level>,
    max_weighted: f64,
    counters: Counters,
}

impl Organisation {
    /// An organisation with every position vacant.
    pub fn empty(pyramid: &Pyramid) -> Self {
        let levels: Vec<Level> = pyramid.levels().iter().map(|&s| Level::empty(s)).collect();
        let n = levels.len();
        Self {
            levels,
            max_weighted: pyramid.max_weighted_competence(),
            counters: Counters {
                departures: vec![0; n],
                promotions_into: vec![0; n],
                ..Counters::default()
            },
        }
    }

    /// An organisation with every position filled by a recruit of `model`, level by
    /// level from the top, position by position (each agent's competence drawn before
    /// its age).
    pub fn filled<R: Rng + ?Sized>(model: &Model, rng: &mut R) -> Self {
        let mut org = Self::empty(&model.pyramid);
        for level in &mut org.levels {
            while level.vacancies() > 0 {
                let agent = model.recruit(rng);
                level.place(agent).expect("a vacancy was counted");
            }
        }
        org
    }

    /// The levels, the top first.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// One level, to place or remove agents by hand (index 0 is the top).
    pub fn level_mut(&mut self, index: usize) -> &mut Level {
        &mut self.levels[index]
    }

    /// The counts of what happened since the organisation was built.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The number of agents in the organisation.
    pub fn headcount(&self) -> usize {
        self.levels.iter().map(Level::occupied).sum()
    }

    /// The efficiency in percent: Σ over levels of responsibility × the sum of the
    /// occupants' competences, divided by the same sum with every position filled at
    /// [`MAX_COMPETENCE`]. A vacant position counts zero.
    pub fn efficiency(&self) -> f64 {
        let weighted: f64 = self
            .levels
            .iter()
            .map(|l| l.responsibility * l.competence_sum())
            .sum();
        100.0 * weighted / self.max_weighted
    }

    /// Adds a year to every agent's age.
    pub fn age_one_year(&mut self) {
        for level in &mut self.levels {
            level.years += 1.0;
        }
    }

    /// Removes every agent whose competence is below the model's dismissal threshold or
    /// whose age is above its retirement age; returns how many left.
    pub fn remove_leavers(&mut self, model: &Model) -> usize {
        let mut total = 0;
        for (i, level) in self.levels.iter_mut().enumerate() {
            let gone = level.remove_leavers(model);
            self.counters.departures[i] += gone as u64;
            total += gone;
        }
        total
    }

    /// Fills every vacancy. Levels are taken from the top down; each vacancy of a level
    /// is filled, one after the other, by promoting the agent [`choose`] picks from the
    /// level just below, whose competence then changes under `hypothesis`; the bottom
    /// level's vacancies are filled by recruits. A level whose level below is empty
    /// keeps its vacancy until the lower levels are filled, and then the pass down the
    /// pyramid is repeated (counted in [`Counters::repeated_passes`]), so every position
    /// is filled when this returns.
    pub fn fill_vacancies<R: Rng + ?Sized>(
        &mut self,
        model: &Model,
        hypothesis: Hypothesis,
        strategy: Strategy,
        p: f64,
        rng: &mut R,
    ) {
        let bottom = self.levels.len() - 1;
        loop {
            for upper in 0..bottom {
                let (above, below) = self.levels.split_at_mut(upper + 1);
                let (target, source) = (&mut above[upper], &mut below[0]);
                while target.vacancies() > 0 {
                    let Some(index) = choose(source, strategy, p, rng) else {
                        break;
                    };
                    let (competence, born) = source.take(index);
                    let competence = model.promoted_competence(hypothesis, competence, rng);
                    // Moved as stored: the levels have lived through the same years, so
                    // the age is carried over exactly.
                    let born = born + (source.years - target.years);
                    target
                        .push(competence, born)
                        .expect("a vacancy was counted");
                    self.counters.promotions_into[upper] += 1;
                }
            }
            let last = &mut self.levels[bottom];
            while last.vacancies() > 0 {
                let agent = model.recruit(rng);
                last.place(agent).expect("a vacancy was counted");
                self.counters.recruits += 1;
            }
            if self.levels.iter().all(|l| l.vacancies() == 0) {
                return;
            }
            self.counters.repeated_passes += 1;
        }
    }

    /// One year: every agent ages by one, the leavers leave, and the vacancies are
    /// filled. Returns the efficiency at the end of the year.
    pub fn step<R: Rng + ?Sized>(
        &mut self,
        model: &Model,
        hypothesis: Hypothesis,
        strategy: Strategy,
        p: f64,
        rng: &mut R,
    ) -> f64 {
        self.age_one_year();
        self.remove_leavers(model);
        self.fill_vacancies(model, hypothesis, strategy, p, rng);
        self.counters.steps += 1;
        self.efficiency()
    }
}
