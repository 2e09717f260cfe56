//! Questions the timeline asks of a framework: which of two levels is higher, where a
//! return lands, whether a move between tracks is allowed, and what a level held under one
//! framework version is called under another.

use std::cmp::Ordering;

use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::model::{Framework, Level, Track, TrackKind};
use time::{Date, Month};

use super::Frameworks;

/// A level as people read it: "Staff Engineer (ic-4)". Falls back to the bare id when the
/// framework does not hold the level, so a message can always be written.
pub(super) fn describe(fw: &Framework, id: &LevelId) -> String {
    match fw.level(id) {
        Some((_, level)) => format!("{} ({})", level.title, level.id),
        None => id.to_string(),
    }
}

/// A track's name as people read it, falling back to its id.
pub(super) fn track_name(fw: &Framework, id: &TrackId) -> String {
    fw.track(id)
        .map_or_else(|| id.to_string(), |t| t.name.clone())
}

pub(super) fn is_management(fw: &Framework, id: &LevelId) -> bool {
    fw.level(id)
        .is_some_and(|(track, _)| track.kind == TrackKind::Management)
}

fn position(track: &Track, id: &LevelId) -> Option<usize> {
    track.levels.iter().position(|l| &l.id == id)
}

fn grade_rank(fw: &Framework, level: &Level) -> Option<usize> {
    level.grade.as_ref().and_then(|g| fw.grade_rank(g))
}

/// Orders two levels of one framework: by grade when both have one (position breaks a tie
/// on the same track), else by position when they share a track. Levels on different
/// tracks without grades cannot be compared.
pub(super) fn compare(fw: &Framework, a: &LevelId, b: &LevelId) -> Option<Ordering> {
    let (ta, la) = fw.level(a)?;
    let (tb, lb) = fw.level(b)?;
    let same_track = ta.id == tb.id;
    let by_position = || {
        same_track
            .then(|| position(ta, a).zip(position(tb, b)).map(|(x, y)| x.cmp(&y)))
            .flatten()
    };
    match (grade_rank(fw, la), grade_rank(fw, lb)) {
        (Some(x), Some(y)) if x != y || !same_track => Some(x.cmp(&y)),
        _ => by_position(),
    }
}

/// The higher of the level held before entering management and the framework's return
/// path. When the two cannot be compared the return path wins: it is the framework's
/// explicit promise.
pub(super) fn higher(
    fw: &Framework,
    before: Option<LevelId>,
    path: Option<LevelId>,
) -> Option<LevelId> {
    match (before, path) {
        (Some(before), Some(path)) => match compare(fw, &before, &path) {
            Some(Ordering::Greater) => Some(before),
            _ => Some(path),
        },
        (before, path) => before.or(path),
    }
}

/// `named` if it is not below `floor`, else the level the guarantee lands on. When the
/// named level is on another track than the floor (an organisation with several IC tracks),
/// the person keeps the track they chose and lands on its lowest level of at least the
/// floor's grade.
pub(super) fn at_least(fw: &Framework, named: &LevelId, floor: &LevelId) -> LevelId {
    if compare(fw, named, floor) != Some(Ordering::Less) {
        return named.clone();
    }
    let (Some((named_track, _)), Some((floor_track, floor_level))) =
        (fw.level(named), fw.level(floor))
    else {
        return floor.clone();
    };
    if named_track.id == floor_track.id {
        return floor.clone();
    }
    let floor_rank = grade_rank(fw, floor_level);
    named_track
        .levels
        .iter()
        .find(|l| grade_rank(fw, l).is_some_and(|r| Some(r) >= floor_rank))
        .map_or_else(|| floor.clone(), |l| l.id.clone())
}

/// Whether the framework allows a move between two tracks. A framework that lists no
/// allowed moves allows every move.
pub(super) fn move_allowed(fw: &Framework, from: &TrackId, to: &TrackId) -> bool {
    let allowed = &fw.transitions.allowed;
    allowed.is_empty() || allowed.iter().any(|m| &m.from == from && &m.to == to)
}

/// The planned end of a trial starting on `start`, by the framework's trial length.
pub(super) fn default_trial_end(fw: &Framework, start: Date) -> Date {
    add_months(start, fw.transition_policy().trial_months)
}

/// Calendar months later, on the same day of the month or the month's last day when it is
/// shorter (31 January + 1 month = 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let (Ok(year), Ok(month)) = (
        i32::try_from(index.div_euclid(12)),
        u8::try_from(index.rem_euclid(12) + 1),
    ) else {
        return Date::MAX;
    };
    let Ok(month) = Month::try_from(month) else {
        return Date::MAX;
    };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// The level that `id`, held under framework version `from`, is under version `to`: the
/// same id where the level still exists, else the level that names it in `renamed_from`
/// (or, going back in versions, the level it was renamed from). Steps through every stored
/// version in between, so renames across several versions are followed. `None` when the
/// level has no counterpart.
pub(super) fn carry(
    frameworks: &(impl Frameworks + ?Sized),
    id: &LevelId,
    from: u32,
    to: u32,
) -> Option<LevelId> {
    let mut current = frameworks.get(from)?;
    let mut id = id.clone();
    current.level(&id)?;
    let steps = if from <= to {
        frameworks.versions_in(from.saturating_add(1), to)
    } else {
        let mut versions = frameworks.versions_in(to, from.saturating_sub(1));
        versions.reverse();
        versions
    };
    for version in steps {
        let next = frameworks.get(version)?;
        id = if next.level(&id).is_some() {
            id
        } else if from <= to {
            next.levels()
                .find(|(_, l)| l.renamed_from.contains(&id))
                .map(|(_, l)| l.id.clone())?
        } else {
            let (_, level) = current.level(&id)?;
            level
                .renamed_from
                .iter()
                .find(|old| next.level(old).is_some())
                .cloned()?
        };
        current = next;
    }
    Some(id)
}
