//! The organisation a dual-track simulation runs on: an individual-contributor ladder and
//! a management ladder, each a list of rungs with positions and a responsibility.
//!
//! Ladders are plain data, so that a caller can describe any organisation; a framework
//! gives them their rungs and grades through [`Ladders::from_framework`], which sizes the
//! rungs with a documented [`Shape`] scaled to a headcount. Nothing here simulates.

use pendulum_framework::Framework;
use pendulum_framework::model::{Track, TrackKind};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The most rungs one ladder may have.
pub const MAX_RUNGS: usize = 64;
/// The most positions the two ladders may hold together: the largest organisation a
/// simulation accepts.
pub const MAX_HEADCOUNT: u32 = 2_000_000;
/// The fewest positions a framework's ladders are scaled to.
pub const MIN_HEADCOUNT: u32 = 20;
/// The span of control a [`Shape`] may have: people per manager.
pub const SPAN_RANGE: (u32, u32) = (2, 50);
/// The responsibility of the lowest grade under [`Ladders::from_framework`]; the highest
/// grade has 1.0 and the grades between are spaced evenly.
pub const LOWEST_RESPONSIBILITY: f64 = 0.2;

/// One rung of a ladder: the positions of one level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    /// The framework level the rung stands for (any label for ladders made by hand).
    pub level: String,
    /// The rung's grade as a rank, 0 for the lowest grade. Rungs of the two ladders at
    /// the same grade are parallel: equal in responsibility.
    pub grade: u32,
    /// How many people the rung holds.
    pub positions: u32,
    /// The weight of the rung's work in the organisation's efficiency, in (0, 1].
    pub responsibility: f64,
}

/// A ladder: its rungs, lowest first. Each rung is filled from the rung below it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ladder {
    pub rungs: Vec<Rung>,
}

impl Ladder {
    /// The positions of all rungs.
    pub fn positions(&self) -> u64 {
        self.rungs.iter().map(|r| u64::from(r.positions)).sum()
    }
}

/// The two ladders of an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ladders {
    /// Never empty: its lowest rung hires from outside.
    pub individual_contribution: Ladder,
    /// May be empty (an organisation of one ladder). Its lowest rung is filled from the
    /// individual-contributor rung just below its grade.
    pub management: Ladder,
}

/// How [`Ladders::from_framework`] sizes the rungs of a framework.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    /// Each individual-contributor grade holds this share of the people of the grade
    /// below it: a pyramid. In (0, 1].
    pub pyramid_ratio: f64,
    /// People per manager: the lowest management rung has one manager for this many
    /// individual contributors, and each rung above one for this many managers below.
    pub span_of_control: u32,
}

impl Default for Shape {
    /// Each grade holds 70% of the one below; one manager for seven people, the middle of
    /// the five to nine engineers of the built-in framework's Engineering Manager.
    fn default() -> Self {
        Self {
            pyramid_ratio: 0.7,
            span_of_control: 7,
        }
    }
}

/// Why ladders cannot be made from a framework, or are not usable as given.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LadderError {
    #[error("the framework has no individual-contributor track")]
    NoIndividualTrack,
    #[error("the framework has {count} tracks of kind {kind}; the simulation takes one")]
    SeveralTracks { kind: &'static str, count: usize },
    #[error("level {level} has no grade: the simulation sets the two tracks side by side by grade")]
    LevelWithoutGrade { level: String },
    #[error("the {ladder} ladder has {count} rungs; at most {MAX_RUNGS}")]
    TooManyRungs { ladder: &'static str, count: usize },
    #[error("the individual-contribution ladder has no rungs")]
    EmptyIndividualLadder,
    #[error("rung {level} of the {ladder} ladder has no positions")]
    NoPositions { ladder: &'static str, level: String },
    #[error(
        "rung {level} of the {ladder} ladder has responsibility {value}; it must lie in (0, 1]"
    )]
    Responsibility {
        ladder: &'static str,
        level: String,
        value: f64,
    },
    #[error(
        "rung {level} of the {ladder} ladder is below the rung before it; rungs go lowest first"
    )]
    GradesOutOfOrder { ladder: &'static str, level: String },
    #[error(
        "the management ladder starts at grade {grade}, with no individual-contributor rung below it to be filled from"
    )]
    NoFeeder { grade: u32 },
    #[error("the ladders hold {positions} positions; at most {MAX_HEADCOUNT}")]
    TooManyPositions { positions: u64 },
    #[error("headcount {headcount} is out of range: {MIN_HEADCOUNT} to {MAX_HEADCOUNT}")]
    Headcount { headcount: u32 },
    #[error("the framework's ladders have {rungs} rungs, more than the headcount {headcount}")]
    HeadcountBelowRungs { rungs: usize, headcount: u32 },
    #[error("pyramid ratio {value} is out of range: greater than 0 and at most 1")]
    PyramidRatio { value: f64 },
    #[error("span of control {value} is out of range: {} to {}", SPAN_RANGE.0, SPAN_RANGE.1)]
    Span { value: u32 },
}

const IC: &str = "individual-contribution";
const MANAGEMENT: &str = "management";

impl Ladders {
    /// The ladders of a framework scaled to `headcount` people.
    ///
    /// The framework's individual-contributor track and its management track (if any)
    /// give the rungs and their grades, lowest first. A rung's responsibility depends on
    /// its grade alone, so parallel levels weigh the same: the lowest of the framework's
    /// grades has [`LOWEST_RESPONSIBILITY`], the highest 1.0, and the grades between are
    /// evenly spaced. Positions follow `shape`: the lowest management rung has one
    /// manager per [`Shape::span_of_control`] individual contributors (rounded up), each
    /// management rung above one per span of the rung below (at least one); the
    /// individual contributors, everyone else, fill a pyramid in which each grade holds
    /// [`Shape::pyramid_ratio`] of the grade below, rounded by largest remainder with at
    /// least one position a rung.
    pub fn from_framework(
        framework: &Framework,
        headcount: u32,
        shape: &Shape,
    ) -> Result<Self, LadderError> {
        if !(MIN_HEADCOUNT..=MAX_HEADCOUNT).contains(&headcount) {
            return Err(LadderError::Headcount { headcount });
        }
        shape.check()?;
        let ic_track = only_track(framework, TrackKind::IndividualContributor)?
            .ok_or(LadderError::NoIndividualTrack)?;
        let management_track = only_track(framework, TrackKind::Management)?;
        let top = framework.grades.len().saturating_sub(1);
        let ic = grades_of(framework, ic_track)?;
        let management = match management_track {
            Some(track) => grades_of(framework, track)?,
            None => Vec::new(),
        };
        let rungs = ic.len() + management.len();
        if rungs > headcount as usize {
            return Err(LadderError::HeadcountBelowRungs { rungs, headcount });
        }
        let managers = |ics: u64| management_positions(ics, management.len(), shape);
        // The most individual contributors that leave room for their managers.
        let (mut lo, mut hi) = (0_u64, u64::from(headcount));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if mid + managers(mid).iter().sum::<u64>() <= u64::from(headcount) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let management_counts = managers(lo);
        let ic_total = u64::from(headcount) - management_counts.iter().sum::<u64>();
        let lowest = ic.iter().map(|(_, g)| *g).min().unwrap_or(0);
        let weights: Vec<f64> = ic
            .iter()
            .map(|(_, g)| shape.pyramid_ratio.powi((g - lowest) as i32))
            .collect();
        let ic_counts = apportion(ic_total, &weights);
        let rung = |(level, grade): &(String, u32), positions: u64| Rung {
            level: level.clone(),
            grade: *grade,
            positions: positions as u32,
            responsibility: responsibility(*grade as usize, top),
        };
        let ladders = Self {
            individual_contribution: Ladder {
                rungs: ic.iter().zip(ic_counts).map(|(l, n)| rung(l, n)).collect(),
            },
            management: Ladder {
                rungs: management
                    .iter()
                    .zip(management_counts)
                    .map(|(l, n)| rung(l, n))
                    .collect(),
            },
        };
        ladders.check()?;
        Ok(ladders)
    }

    /// Checks that the ladders can be simulated: rungs within bounds, lowest first, each
    /// with positions and a responsibility in (0, 1], and an individual-contributor rung
    /// below the management ladder to fill it from.
    pub fn check(&self) -> Result<(), LadderError> {
        if self.individual_contribution.rungs.is_empty() {
            return Err(LadderError::EmptyIndividualLadder);
        }
        for (name, ladder) in [
            (IC, &self.individual_contribution),
            (MANAGEMENT, &self.management),
        ] {
            if ladder.rungs.len() > MAX_RUNGS {
                return Err(LadderError::TooManyRungs {
                    ladder: name,
                    count: ladder.rungs.len(),
                });
            }
            for (i, rung) in ladder.rungs.iter().enumerate() {
                if rung.positions == 0 {
                    return Err(LadderError::NoPositions {
                        ladder: name,
                        level: rung.level.clone(),
                    });
                }
                if !(rung.responsibility > 0.0 && rung.responsibility <= 1.0) {
                    return Err(LadderError::Responsibility {
                        ladder: name,
                        level: rung.level.clone(),
                        value: rung.responsibility,
                    });
                }
                if i > 0 && rung.grade < ladder.rungs[i - 1].grade {
                    return Err(LadderError::GradesOutOfOrder {
                        ladder: name,
                        level: rung.level.clone(),
                    });
                }
            }
        }
        let positions = self.positions();
        if positions > u64::from(MAX_HEADCOUNT) {
            return Err(LadderError::TooManyPositions { positions });
        }
        if let Some(entry) = self.management.rungs.first()
            && self.feeder().is_none()
        {
            return Err(LadderError::NoFeeder { grade: entry.grade });
        }
        Ok(())
    }

    /// The positions of both ladders.
    pub fn positions(&self) -> u64 {
        self.individual_contribution.positions() + self.management.positions()
    }

    /// The individual-contributor rung the management ladder is filled from: the highest
    /// one below the grade of the lowest management rung. `None` without a management
    /// ladder, or when no individual-contributor rung lies below it.
    pub fn feeder(&self) -> Option<usize> {
        let entry = self.management.rungs.first()?.grade;
        self.individual_contribution
            .rungs
            .iter()
            .rposition(|r| r.grade < entry)
    }

    /// The individual-contributor rung a manager at `grade` returns to: the highest one
    /// at or below that grade (the built-in framework's return paths, Engineering Manager
    /// to Staff Engineer and so on, are of this kind).
    pub fn return_rung(&self, grade: u32) -> Option<usize> {
        self.individual_contribution
            .rungs
            .iter()
            .rposition(|r| r.grade <= grade)
    }

    /// The ladders of a single-ladder organisation: past the individual-contributor rung
    /// that feeds management, management is the only way up. The individual-contributor
    /// rungs at or above the management ladder's lowest grade are gone and their
    /// positions are held at the feeding rung, where those people now stay; the headcount
    /// and the management ladder are unchanged. Ladders without management are returned
    /// as they are.
    pub fn single_ladder(&self) -> Self {
        let Some(feeder) = self.feeder() else {
            return self.clone();
        };
        let mut individual = self.individual_contribution.clone();
        let above: u32 = individual.rungs[feeder + 1..]
            .iter()
            .map(|r| r.positions)
            .sum();
        individual.rungs.truncate(feeder + 1);
        individual.rungs[feeder].positions += above;
        Self {
            individual_contribution: individual,
            management: self.management.clone(),
        }
    }
}

impl Shape {
    /// Checks the ratio and the span against their bounds.
    pub fn check(&self) -> Result<(), LadderError> {
        if !(self.pyramid_ratio > 0.0 && self.pyramid_ratio <= 1.0) {
            return Err(LadderError::PyramidRatio {
                value: self.pyramid_ratio,
            });
        }
        if !(SPAN_RANGE.0..=SPAN_RANGE.1).contains(&self.span_of_control) {
            return Err(LadderError::Span {
                value: self.span_of_control,
            });
        }
        Ok(())
    }
}

/// The one track of `kind`, if there is one.
fn only_track(framework: &Framework, kind: TrackKind) -> Result<Option<&Track>, LadderError> {
    let tracks: Vec<&Track> = framework.tracks.iter().filter(|t| t.kind == kind).collect();
    match tracks.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(LadderError::SeveralTracks {
            kind: kind.label(),
            count: many.len(),
        }),
    }
}

/// Each level of a track with the rank of its grade, lowest first.
fn grades_of(framework: &Framework, track: &Track) -> Result<Vec<(String, u32)>, LadderError> {
    let rungs: Vec<(String, u32)> = track
        .levels
        .iter()
        .map(|level| {
            level
                .grade
                .as_ref()
                .and_then(|g| framework.grade_rank(g))
                .map(|rank| (level.id.to_string(), rank as u32))
                .ok_or_else(|| LadderError::LevelWithoutGrade {
                    level: level.id.to_string(),
                })
        })
        .collect::<Result<_, _>>()?;
    if rungs.len() > MAX_RUNGS {
        return Err(LadderError::TooManyRungs {
            ladder: match track.kind {
                TrackKind::Management => MANAGEMENT,
                _ => IC,
            },
            count: rungs.len(),
        });
    }
    Ok(rungs)
}

/// Responsibility of grade `rank` out of grades `0..=top`: evenly spaced from
/// [`LOWEST_RESPONSIBILITY`] to 1.
fn responsibility(rank: usize, top: usize) -> f64 {
    if top == 0 {
        return 1.0;
    }
    // At the top, rounding could carry the sum past 1.
    (LOWEST_RESPONSIBILITY + (1.0 - LOWEST_RESPONSIBILITY) * rank as f64 / top as f64).min(1.0)
}

/// Managers on each of `rungs` management rungs for `ics` individual contributors.
fn management_positions(ics: u64, rungs: usize, shape: &Shape) -> Vec<u64> {
    let span = u64::from(shape.span_of_control);
    let mut below = ics;
    (0..rungs)
        .map(|_| {
            below = below.div_ceil(span).max(1);
            below
        })
        .collect()
}

/// `total` split in proportion to `weights` by largest remainder (ties to the lower
/// rung), then every empty share given one from the largest.
fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut shares: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = total - shares.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    while let Some(empty) = shares.iter().position(|&n| n == 0) {
        let largest = (0..shares.len())
            .max_by_key(|&i| (shares[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        if shares[largest] < 2 {
            break;
        }
        shares[largest] -= 1;
        shares[empty] += 1;
    }
    shares
}
