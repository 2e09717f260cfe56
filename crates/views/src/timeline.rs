//! The pendulum timeline: a person's role history drawn as one SVG image, time across and
//! grade up, so that a career reads as a pendulum rather than a ladder.
//!
//! - Each stint at a level is a horizontal segment at the height of its grade. Grades are
//!   parallel across tracks, so equal grades sit at equal heights whatever the track.
//! - Tracks differ by pattern as well as colour (never colour alone): individual
//!   contribution is a solid line, management a double line, other tracks a dotted line;
//!   a management trial is dashed and labelled "trial". A legend says so.
//! - A promotion is a step up; every move between tracks, in either direction, is a curved
//!   swing labelled "swing to management" or "swing to individual contribution".
//! - Leave and career breaks are gaps with a thin dotted line and a label; an exit ends
//!   the line; the line of someone still here runs on to today.
//!
//! The same data comes out as rows ([`TimelineChart::rows`]) for the table a page shows
//! beside the image, and as one sentence ([`TimelineChart::summary`]) for the image's
//! description. Output is deterministic: no randomness, numbers rounded to one decimal.
//! Every piece of text is escaped by the template (names and titles come from users).

use askama::Template;
use pendulum_domain::timeline::{events_that_count, periods};
use pendulum_domain::{EventKind, Frameworks, RoleEvent, TrialOutcome};
use pendulum_framework::ids::LevelId;
use pendulum_framework::model::TrackKind;
use time::{Date, Month};

use crate::markup::Markup;

/// Drawing units of the view box of the wide image; the page scales it to the width it has.
const WIDTH: f64 = 900.0;
/// Drawing units of the view box of the narrow image, drawn for a phone at about its own
/// size, so that its text is as large as the page's small print.
const NARROW_WIDTH: f64 = 360.0;
/// Least room at the left for the grade labels (more for long grade names).
const LEFT: f64 = 84.0;
const NARROW_LEFT: f64 = 30.0;
/// Room at the right for the "today" label, an exit's "left" and the grades' short labels.
const RIGHT: f64 = 50.0;
const NARROW_RIGHT: f64 = 30.0;
/// Average width of a character of the grade and year labels (12 units), generously.
const SMALL_CHAR: f64 = 7.2;
/// Room above the highest grade for the "today" label, whose letters rise above its
/// baseline.
const TOP: f64 = 30.0;
/// Height of one grade's band: room for a label above a segment and a swing below it.
const ROW: f64 = 58.0;
/// Half the width of a swing: the segments on either side stop short by this much.
const SWING_HALF: f64 = 13.0;
/// Radius of the ring that marks a swing where the line crosses from one track to the other.
const RING: f64 = 4.5;
/// Average width of a character of the labels, for deciding whether a label fits.
const CHAR: f64 = 7.8;
const LEGEND_ROW: f64 = 22.0;
/// Average width of a character of the legend's text (12 units), measured generously.
const LEGEND_CHAR: f64 = 6.6;

/// Colours by track kind, the same as the pay chart's; the page's style sheet may
/// override them. Text on the image stays the text colour.
const IC: &str = "#1d6a8a";
const MANAGEMENT: &str = "#8a4a9c";
const OTHER: &str = "#5d6970";
const AWAY: &str = "#5d6970";
const TEXT: &str = "#1b2126";

/// How a line is drawn: a stroke, optionally dashed, optionally with a thin white line
/// down its middle (which makes a double line).
#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    pub colour: &'static str,
    pub width: f64,
    pub dash: Option<&'static str>,
    /// The white centre line's width, for a double line.
    pub inner: Option<f64>,
    /// `round` for dotted lines, whose dashes are dots.
    pub cap: &'static str,
}

impl Stroke {
    fn of(kind: TrackKind, trial: bool) -> Self {
        let dash = trial.then_some("11 6");
        match kind {
            TrackKind::IndividualContributor => Self {
                colour: IC,
                width: 4.0,
                dash,
                inner: None,
                cap: "butt",
            },
            TrackKind::Management => Self {
                colour: MANAGEMENT,
                width: 7.0,
                dash,
                inner: Some(2.4),
                cap: "butt",
            },
            TrackKind::Other => Self {
                colour: OTHER,
                width: 4.0,
                dash: Some(if trial { "11 6" } else { "0.1 7" }),
                inner: None,
                cap: "round",
            },
        }
    }

    fn away() -> Self {
        Self {
            colour: AWAY,
            width: 1.6,
            dash: Some("0.1 5"),
            inner: None,
            cap: "round",
        }
    }
}

/// The shape the image is drawn in. A page draws both and its style sheet shows one:
/// the wide image where there is room, the narrow one on a phone, where the wide one
/// would shrink its text below reading size (or need scrolling, which hid the earlier
/// years and cut labels at the edge of the screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 900 units across, grades labelled "Grade g4" at the left and "g4" at the right,
    /// with its own legend under the plot.
    Wide,
    /// 360 units across: grades labelled "g4" at the left only, fewer year labels,
    /// stints labelled by what fits, and no legend (the page lists the key as text).
    Narrow,
}

impl Shape {
    fn width(self) -> f64 {
        match self {
            Self::Wide => WIDTH,
            Self::Narrow => NARROW_WIDTH,
        }
    }

    /// The label of a grade at the left, and at the right where there is one.
    fn grade_labels(self, grade: Option<&str>) -> (String, Option<String>) {
        match (self, grade) {
            (Self::Wide, Some(g)) => (format!("Grade {g}"), Some(g.to_string())),
            (Self::Wide, None) => ("No grade".to_string(), None),
            (Self::Narrow, Some(g)) => (g.to_string(), None),
            (Self::Narrow, None) => ("–".to_string(), None),
        }
    }

    /// Room at the left for the longest grade label; at the right for the end labels.
    fn margins<'a>(self, grades: impl Iterator<Item = Option<&'a str>>) -> (f64, f64) {
        let (least_left, least_right) = match self {
            Self::Wide => (LEFT, RIGHT),
            Self::Narrow => (NARROW_LEFT, NARROW_RIGHT),
        };
        let (mut left, mut right) = (least_left, least_right);
        for grade in grades {
            let (label, end) = self.grade_labels(grade);
            left = left.max(8.0 + label.chars().count() as f64 * SMALL_CHAR + 8.0);
            if let Some(end) = end {
                right = right.max(6.0 + end.chars().count() as f64 * SMALL_CHAR + 4.0);
            }
        }
        // The plot keeps at least half the image.
        let most = self.width() / 4.0;
        (round(left.min(most)), round(right.min(most)))
    }

    /// At most this many year labels, so that they stay apart.
    fn most_ticks(self) -> usize {
        match self {
            Self::Wide => 12,
            Self::Narrow => 6,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Wide => "timeline-wide",
            Self::Narrow => "timeline-narrow",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Self::Wide => "timeline",
            Self::Narrow => "timeline-narrow",
        }
    }
}

/// A stint at one level: a horizontal segment.
pub struct StintMark {
    pub class: String,
    pub level: String,
    pub grade: String,
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
    pub stroke: Stroke,
    /// The label above the segment, when it fits (a trial's is always there).
    pub label: Option<String>,
    pub label_x: f64,
    /// `start`, or `middle` for a label centred over a short segment.
    pub label_anchor: &'static str,
    pub label_y: f64,
    /// The tooltip, complete.
    pub title: String,
}

/// A promotion: a vertical step from one grade to the next on the same track.
pub struct StepMark {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub stroke: Stroke,
    pub title: String,
}

/// A move between tracks: the line crossing from one track to the other, marked with a
/// ring. At equal grades it is level; across grades it bends smoothly from one height to
/// the other and never below the lower one, so that neither direction reads as a fall.
pub struct SwingMark {
    pub class: &'static str,
    pub d: String,
    pub colour: &'static str,
    pub ring_x: f64,
    pub ring_y: f64,
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    pub title: String,
}

/// Leave or a career break: a gap in the line.
pub struct GapMark {
    pub class: &'static str,
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
    pub stroke: Stroke,
    pub label: Option<String>,
    pub label_x: f64,
    pub label_y: f64,
    pub title: String,
}

/// Where a line starts (a dot) or ends with an exit (a bar).
pub struct PointMark {
    pub x: f64,
    pub y: f64,
    pub colour: &'static str,
    pub title: String,
}

pub struct GradeRow {
    pub label: String,
    /// The short label at the right end of the row, in the wide image.
    pub end_label: Option<String>,
    pub y: f64,
}

pub struct Tick {
    pub x: f64,
    pub label: String,
    /// `middle` for a year; a full date at either end of the axis runs inwards from it.
    pub anchor: &'static str,
}

pub struct LegendItem {
    pub x: f64,
    pub y: f64,
    pub label: String,
    /// A sample line, or a swing's curve when `swing` is set.
    pub stroke: Stroke,
    pub swing: bool,
}

/// A row of the timeline as text: one stint or one time away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    /// ISO date.
    pub from: String,
    /// ISO date, `today` for what is still going on, with `(left)` after an exit; `onwards`
    /// for what is scheduled to begin after today and has no end.
    pub to: String,
    /// "Engineer II (ic-2)", "Management trial at Engineering Manager (em-1)", "Leave,
    /// keeping Senior Engineer (ic-3)".
    pub role: String,
    pub track: String,
    pub grade: String,
    /// How it began, in neutral words: "joined", "promotion", "swing to management"…,
    /// with "scheduled from DATE" when it begins after today.
    pub change: String,
}

/// The pendulum timeline of one person, ready to render.
#[derive(Template)]
#[template(path = "charts/timeline.svg")]
pub struct TimelineChart {
    /// Prefix of the ids of the title and description, unique in a page.
    pub id: &'static str,
    /// `timeline-wide` or `timeline-narrow`, for the style sheet to choose one.
    pub shape_class: &'static str,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    pub today_x: f64,
    pub grades: Vec<GradeRow>,
    pub ticks: Vec<Tick>,
    pub gaps: Vec<GapMark>,
    pub steps: Vec<StepMark>,
    pub swings: Vec<SwingMark>,
    pub stints: Vec<StintMark>,
    pub starts: Vec<PointMark>,
    pub exits: Vec<PointMark>,
    pub legend: Vec<LegendItem>,
    /// Set when there is nothing to draw.
    pub empty: bool,
    rows: Vec<TimelineRow>,
}

/// A level as the timeline shows it, read in the framework version of the event that
/// placed the person there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Role {
    pub level: String,
    pub title: String,
    pub track: String,
    pub track_name: String,
    pub kind: TrackKind,
    pub grade: Option<String>,
}

impl Role {
    /// The level `id` under framework `version`; a level the framework does not hold
    /// keeps its id as its title and an unknown track.
    pub(crate) fn resolve(frameworks: &impl Frameworks, version: u32, id: &LevelId) -> Self {
        match frameworks.get(version).and_then(|fw| fw.level(id)) {
            Some((track, level)) => Self {
                level: level.id.to_string(),
                title: level.title.clone(),
                track: track.id.to_string(),
                track_name: track.name.clone(),
                kind: track.kind,
                grade: level.grade.as_ref().map(ToString::to_string),
            },
            None => Self {
                level: id.to_string(),
                title: id.to_string(),
                track: String::new(),
                track_name: "unknown track".to_string(),
                kind: TrackKind::Other,
                grade: None,
            },
        }
    }

    /// "Staff Engineer (ic-4)".
    pub(crate) fn describe(&self) -> String {
        if self.title == self.level {
            self.level.clone()
        } else {
            format!("{} ({})", self.title, self.level)
        }
    }
}

/// The words for a track kind in "swing to …".
pub(crate) fn kind_words(kind: TrackKind, track_name: &str) -> String {
    match kind {
        TrackKind::IndividualContributor => "individual contribution".to_string(),
        TrackKind::Management => "management".to_string(),
        TrackKind::Other => track_name.to_string(),
    }
}

/// "swing to management", "swing to individual contribution".
pub(crate) fn swing_label(role: &Role) -> String {
    format!("swing to {}", kind_words(role.kind, &role.track_name))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Away {
    Leave,
    CareerBreak,
}

impl Away {
    fn label(self) -> &'static str {
        match self {
            Self::Leave => "leave",
            Self::CareerBreak => "career break",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    Joined,
    Rejoined,
    Baseline,
    Promotion,
    Move,
    TrialStarted,
    StayedAfterTrial,
    ReturnedAfterTrial,
    BackFromAway,
    Away,
}

#[derive(Clone, Debug)]
struct Piece {
    role: Role,
    from: Date,
    to: Option<Date>,
    /// `Some` for time away.
    away: Option<Away>,
    trial: bool,
    until: Option<Date>,
    start: Start,
    /// The first piece of a line: the first hire, or a re-hire after an exit.
    new_line: bool,
    /// The line ends with an exit at `to`.
    exit: bool,
}

/// What the walk through a history found: the pieces of the line and the sentence parts.
struct Walk {
    pieces: Vec<Piece>,
    phrases: Vec<String>,
}

/// The history's periods ([`periods`]: the role over time, as the domain reads it) as
/// pieces of the line, each level read in the framework version it was recorded under,
/// and the phrases of the summary.
fn walk(frameworks: &impl Frameworks, events: &[RoleEvent]) -> Walk {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut phrases = Vec::new();
    let mut seen_kinds: Vec<TrackKind> = Vec::new();
    let mut hired = false;

    for period in periods(events) {
        let event = period.began;
        let year = period.from.year();
        let role = Role::resolve(frameworks, period.held.version, &period.held.level);
        // The piece in progress when this one began (none for a first hire or re-hire).
        let previous = pieces.last().filter(|_| !period.starts_line);
        let changed_track = previous.is_some_and(|p| p.role.track != role.track);
        let start = match event.kind {
            EventKind::Baseline => Start::Baseline,
            EventKind::Hire if hired => Start::Rejoined,
            EventKind::Hire => Start::Joined,
            EventKind::Promotion => Start::Promotion,
            EventKind::Move => Start::Move,
            EventKind::TrialStart => Start::TrialStarted,
            EventKind::TrialEnd if event.outcome == Some(TrialOutcome::Return) => {
                Start::ReturnedAfterTrial
            }
            EventKind::TrialEnd => Start::StayedAfterTrial,
            EventKind::Leave | EventKind::CareerBreak => Start::Away,
            EventKind::Return => Start::BackFromAway,
            // An extension or an exit never begins a period.
            EventKind::TrialExtend | EventKind::Exit => continue,
        };
        match start {
            Start::Baseline | Start::Joined | Start::Rejoined => {
                let phrase = match start {
                    Start::Baseline => "at",
                    Start::Joined => "hired as",
                    _ => "rejoined as",
                };
                phrases.push(format!("{phrase} {} in {year}", role.describe()));
                seen_kinds.push(role.kind);
                hired = true;
            }
            Start::Promotion | Start::Move | Start::BackFromAway if changed_track => {
                phrases.push(swing_phrase(&role, &seen_kinds, "", year));
                seen_kinds.push(role.kind);
            }
            Start::TrialStarted => {
                phrases.push(format!("began a management trial in {year}"));
                seen_kinds.push(role.kind);
            }
            Start::ReturnedAfterTrial if changed_track => {
                phrases.push(swing_phrase(&role, &seen_kinds, " after the trial", year));
                seen_kinds.push(role.kind);
            }
            Start::StayedAfterTrial => phrases.push(format!(
                "stayed in {} after the trial in {year}",
                kind_words(role.kind, &role.track_name)
            )),
            Start::Away if event.kind == EventKind::Leave => {
                phrases.push(format!("took leave in {year}"));
            }
            Start::Away => phrases.push(format!("took a career break in {year}")),
            _ => {}
        }
        let away = match event.kind {
            EventKind::Leave => Some(Away::Leave),
            EventKind::CareerBreak => Some(Away::CareerBreak),
            _ => None,
        };
        // A trial is drawn from its start to the next change; time away shows when it is
        // expected to end.
        let trial = start == Start::TrialStarted;
        let until = match (away, trial) {
            (Some(_), _) => event.until,
            (None, true) => period.trial.as_ref().and_then(|t| t.until),
            (None, false) => None,
        };
        if period.ended_by_exit
            && let Some(left) = period.to
        {
            phrases.push(format!("left in {}", left.year()));
        }
        pieces.push(Piece {
            role,
            from: period.from,
            to: period.to,
            away,
            trial,
            until,
            start,
            new_line: period.starts_line,
            exit: period.ended_by_exit,
        });
    }
    Walk { pieces, phrases }
}

/// "swung to management in 2023", "swung back to individual contribution in 2024".
fn swing_phrase(role: &Role, seen: &[TrackKind], after: &str, year: i32) -> String {
    let back = if seen.contains(&role.kind) {
        "back "
    } else {
        ""
    };
    format!(
        "swung {back}to {}{after} in {year}",
        kind_words(role.kind, &role.track_name)
    )
}

/// `a`, `a and b`, `a, b and c`.
fn join_phrases(phrases: &[String]) -> String {
    match phrases {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn jan_first(year: i32) -> Option<Date> {
    Date::from_calendar_date(year, Month::January, 1).ok()
}

/// Whether two pieces are drawn joined: the second continues the first's line.
fn joined(prev: &Piece, next: &Piece) -> bool {
    !prev.exit && !next.new_line
}

impl TimelineChart {
    /// The timeline of `name` from `events` (their role history, in any order; corrected
    /// events are left out as the fold leaves them out), with each event's level read in
    /// the framework version it was recorded under (`frameworks`: a map of versions, or
    /// `(version, &framework)` for one). `today` ends the line of someone still here.
    /// The wide image; [`TimelineChart::narrow`] draws the same for a phone.
    pub fn new(
        name: &str,
        events: &[RoleEvent],
        frameworks: &impl Frameworks,
        today: Date,
    ) -> Self {
        Self::drawn(name, events, frameworks, today, Shape::Wide)
    }

    /// The same timeline drawn for a phone's width: the whole career across 360 units.
    pub fn narrow(
        name: &str,
        events: &[RoleEvent],
        frameworks: &impl Frameworks,
        today: Date,
    ) -> Self {
        Self::drawn(name, events, frameworks, today, Shape::Narrow)
    }

    fn drawn(
        name: &str,
        events: &[RoleEvent],
        frameworks: &impl Frameworks,
        today: Date,
        shape: Shape,
    ) -> Self {
        let Walk { pieces, phrases } = walk(frameworks, events);
        let title = format!("Career timeline of {name}");
        let width = shape.width();

        let last_event = events_that_count(events).iter().map(|e| e.effective).max();
        let Some(first) = pieces.first().map(|p| p.from) else {
            return Self::empty(name, title, shape);
        };
        let end = last_event.map_or(today, |d| d.max(today));
        // Open pieces run to the end: today, or the latest event when it lies ahead.
        let start_day = first.to_julian_day();
        let end_day = end.to_julian_day().max(start_day + 30);
        // Grades, lowest first: the newest framework's order, then any other grade met.
        let grade_order = grade_order(frameworks, events, &pieces);
        let (left, right) = shape.margins(grade_order.iter().map(Option::as_deref));
        let plot_left = left;
        let plot_right = width - right;
        let x = |d: Date| {
            let t = f64::from(d.to_julian_day() - start_day) / f64::from(end_day - start_day);
            plot_left + t.clamp(0.0, 1.0) * (plot_right - plot_left)
        };
        let x_to = |p: &Piece| p.to.map_or(x(end), x);

        let visited: Vec<usize> = pieces
            .iter()
            .map(|p| rank_of(&grade_order, p.role.grade.as_deref()))
            .collect();
        let low = visited.iter().copied().min().unwrap_or(0);
        let high = (visited.iter().copied().max().unwrap_or(0) + 1).min(grade_order.len() - 1);
        let shown = high.max(low + 1).min(grade_order.len() - 1) - low + 1;
        let shown = shown.max(1);
        let y_of = |rank: usize| {
            let row = (low + shown - 1).saturating_sub(rank);
            round(TOP + 12.0 + row as f64 * ROW)
        };
        let grades: Vec<GradeRow> = (low..low + shown)
            .rev()
            .filter_map(|rank| {
                grade_order.get(rank).map(|g| {
                    let (label, end_label) = shape.grade_labels(g.as_deref());
                    GradeRow {
                        label,
                        end_label,
                        y: y_of(rank),
                    }
                })
            })
            .collect();
        let plot_top = TOP - 14.0;
        let plot_bottom = round(y_of(low) + ROW - 10.0);
        let y = |p: &Piece| y_of(rank_of(&grade_order, p.role.grade.as_deref()));

        // Which ends of each piece meet a swing.
        let n = pieces.len();
        let swing_before: Vec<bool> = (0..n)
            .map(|i| {
                i > 0
                    && joined(&pieces[i - 1], &pieces[i])
                    && pieces[i - 1].role.track != pieces[i].role.track
            })
            .collect();
        let swing_after = |i: usize| i + 1 < n && swing_before[i + 1];

        let mut stints = Vec::new();
        let mut gaps = Vec::new();
        let mut steps = Vec::new();
        let mut swings = Vec::new();
        let mut starts = Vec::new();
        let mut exits = Vec::new();
        let mut swing_boxes: Vec<SwingBox> = Vec::new();

        for (i, piece) in pieces.iter().enumerate() {
            let (mut x1, mut x2) = (x(piece.from), x_to(piece));
            if swing_before[i] {
                x1 += SWING_HALF;
            }
            if swing_after(i) {
                x2 -= SWING_HALF;
            }
            if x2 < x1 {
                let mid = (x1 + x2) / 2.0;
                (x1, x2) = (mid, mid);
            }
            let (x1, x2, py) = (round(x1), round(x2), y(piece));
            let period = format!(
                "{} to {}",
                piece.from,
                piece
                    .to
                    .map_or_else(|| "today".to_string(), |d| d.to_string())
            );
            let grade = piece.role.grade.clone().unwrap_or_default();
            match piece.away {
                Some(away) => {
                    let label = away.label().to_string();
                    let fits = x2 - x1 >= label.len() as f64 * CHAR;
                    gaps.push(GapMark {
                        class: match away {
                            Away::Leave => "gap leave",
                            Away::CareerBreak => "gap career-break",
                        },
                        x1,
                        x2,
                        y: py,
                        stroke: Stroke::away(),
                        label_x: round((x1 + x2) / 2.0),
                        // Above the line where it fits, else below it, out of the way of
                        // the next segment's label: time away is always labelled.
                        label_y: round(if fits { py - 9.0 } else { py + 19.0 }),
                        label: Some(label),
                        title: format!(
                            "{}, {period}; {} kept",
                            capitalise(away.label()),
                            piece.role.describe()
                        ),
                    });
                }
                None => {
                    let full = if piece.trial {
                        format!("trial: {}", piece.role.describe())
                    } else {
                        piece.role.describe()
                    };
                    let short = if piece.trial {
                        format!("trial: {}", piece.role.level)
                    } else {
                        piece.role.level.clone()
                    };
                    // The title alone reads better than the bare id where it fits.
                    let title = if piece.trial {
                        format!("trial: {}", piece.role.title)
                    } else {
                        piece.role.title.clone()
                    };
                    let room = x2 - x1 + if swing_after(i) { -3.0 } else { 3.0 };
                    let mut label = [full, title, short]
                        .into_iter()
                        .find(|l| l.len() as f64 * CHAR <= room);
                    // A trial is always labelled, over the middle of even a short segment.
                    let mut label_anchor = "start";
                    let mut label_x = round(x1 + 3.0);
                    if piece.trial && label.is_none() {
                        label = Some("trial".to_string());
                        label_anchor = "middle";
                        label_x = round((x1 + x2) / 2.0);
                    }
                    let mut tooltip = format!(
                        "{}, {}{}, {period}",
                        piece.role.describe(),
                        piece.role.track_name,
                        piece
                            .role
                            .grade
                            .as_ref()
                            .map(|g| format!(", grade {g}"))
                            .unwrap_or_default()
                    );
                    if piece.trial {
                        tooltip.push_str(", management trial");
                        if let Some(until) = piece.until {
                            tooltip.push_str(&format!(" planned until {until}"));
                        }
                    }
                    stints.push(StintMark {
                        class: format!(
                            "stint {}{}",
                            crate::framework::kind_class(piece.role.kind),
                            if piece.trial { " trial" } else { "" }
                        ),
                        level: piece.role.level.clone(),
                        grade,
                        x1,
                        x2,
                        y: py,
                        stroke: Stroke::of(piece.role.kind, piece.trial),
                        label,
                        label_x,
                        label_anchor,
                        label_y: round(py - 9.0),
                        title: tooltip,
                    });
                }
            }
            if piece.new_line || i == 0 {
                starts.push(PointMark {
                    x: x1,
                    y: py,
                    colour: Stroke::of(piece.role.kind, false).colour,
                    title: format!(
                        "{} {}",
                        if piece.start == Start::Baseline {
                            "Starting point recorded on"
                        } else {
                            "Joined on"
                        },
                        piece.from
                    ),
                });
            }
            if piece.exit {
                exits.push(PointMark {
                    x: x2,
                    y: py,
                    colour: TEXT,
                    title: format!("Left on {}", piece.to.unwrap_or(piece.from)),
                });
            }
            // The connector from the previous piece.
            if i == 0 || !joined(&pieces[i - 1], piece) {
                continue;
            }
            let prev = &pieces[i - 1];
            let at = x(piece.from);
            let y1 = y(prev);
            if swing_before[i] {
                let (sx1, sx2) = (round(at - SWING_HALF), round(at + SWING_HALF));
                let mid = round(at);
                // Room under the line for the label's first choice of place.
                let bottom = round(y1.max(py) + 16.0);
                let label = swing_label(&piece.role);
                // Placed once every mark is known (see `place_swing_labels`).
                swing_boxes.push(SwingBox {
                    at,
                    left: sx1,
                    right: sx2,
                    top: y1.min(py) - RING,
                    bottom,
                    width: label.len() as f64 * (CHAR + 0.8),
                });
                let colour = Stroke::of(piece.role.kind, false).colour;
                swings.push(SwingMark {
                    class: crate::framework::kind_class(piece.role.kind),
                    // Level at both ends, so the curve stays between the two heights.
                    d: format!("M{sx1} {y1} C{mid} {y1} {mid} {py} {sx2} {py}"),
                    colour,
                    ring_x: mid,
                    ring_y: round((y1 + py) / 2.0),
                    label_x: mid,
                    label_y: round(bottom - 2.0),
                    title: format!(
                        "{} on {}: from {} to {}",
                        capitalise(&label),
                        piece.from,
                        prev.role.describe(),
                        piece.role.describe()
                    ),
                    label,
                });
            } else if (y1 - py).abs() > 0.05 {
                steps.push(StepMark {
                    x: round(at),
                    y1,
                    y2: py,
                    stroke: Stroke::of(piece.role.kind, false),
                    title: format!(
                        "{} on {}: {} to {}",
                        if py < y1 { "Promotion" } else { "Change" },
                        piece.from,
                        prev.role.describe(),
                        piece.role.describe()
                    ),
                });
            }
        }

        place_swing_labels(
            &mut swings,
            &swing_boxes,
            &stints,
            &gaps,
            &steps,
            (plot_left, width),
            plot_bottom,
        );
        let ticks = year_ticks(first, end, &x, shape.most_ticks());
        let legend_top = plot_bottom + 34.0;
        let legend = match shape {
            Shape::Wide => legend(&pieces, legend_top, plot_left, width),
            Shape::Narrow => Vec::new(),
        };
        let legend_bottom = legend
            .iter()
            .map(|l| l.y)
            .fold(plot_bottom + 16.0, f64::max);
        let rows = rows(&pieces, today);

        let summary = summary(name, &pieces, &phrases, today);
        Self {
            id: shape.id(),
            shape_class: shape.class(),
            title,
            description: summary,
            width,
            height: round(legend_bottom + 14.0),
            plot_left,
            plot_right,
            plot_top,
            plot_bottom,
            today_x: round(x(today.min(end))),
            grades,
            ticks,
            gaps,
            steps,
            swings,
            stints,
            starts,
            exits,
            legend,
            empty: false,
            rows,
        }
    }

    fn empty(name: &str, title: String, shape: Shape) -> Self {
        let width = shape.width();
        Self {
            id: shape.id(),
            shape_class: shape.class(),
            title,
            description: format!("{name}: no role history is recorded yet."),
            width,
            height: 60.0,
            plot_left: LEFT.min(width / 4.0),
            plot_right: width - RIGHT,
            plot_top: 0.0,
            plot_bottom: 0.0,
            today_x: 0.0,
            grades: Vec::new(),
            ticks: Vec::new(),
            gaps: Vec::new(),
            steps: Vec::new(),
            swings: Vec::new(),
            stints: Vec::new(),
            starts: Vec::new(),
            exits: Vec::new(),
            legend: Vec::new(),
            empty: true,
            rows: Vec::new(),
        }
    }

    /// The image as inline SVG for a page.
    pub fn to_markup(&self) -> Markup {
        Markup::trusted(self.render().expect("a chart renders"))
    }

    /// The image as a standalone document, served as `image/svg+xml`.
    pub fn to_document(&self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
            self.render().expect("a chart renders")
        )
    }

    /// The same data as text: one row per stint or time away, oldest first.
    pub fn rows(&self) -> &[TimelineRow] {
        &self.rows
    }

    /// The one-sentence summary, which is also the image's description.
    pub fn summary(&self) -> &str {
        &self.description
    }

    /// Number of moves between tracks drawn.
    pub fn swings(&self) -> usize {
        self.swings.len()
    }
}

/// Where a swing's curve lies, and how wide its label runs.
struct SwingBox {
    at: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    width: f64,
}

/// A rectangle of the image that a label must keep clear of: left, top, right, bottom.
type Area = (f64, f64, f64, f64);

fn overlaps(a: Area, b: Area) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The area a label of `chars` characters takes, its baseline at `y`.
fn text_area(x: f64, y: f64, chars: usize, anchor: &str) -> Area {
    let width = chars as f64 * CHAR;
    let left = match anchor {
        "middle" => x - width / 2.0,
        "end" => x - width,
        _ => x,
    };
    (left, y - 10.0, left + width, y + 3.0)
}

/// Puts each swing's label near its curve where it covers no line, curve or other label:
/// under the curve first, then a row or two lower, shifted sideways, or above the line
/// when the swings crowd each other; always inside the plot.
fn place_swing_labels(
    swings: &mut [SwingMark],
    boxes: &[SwingBox],
    stints: &[StintMark],
    gaps: &[GapMark],
    steps: &[StepMark],
    (plot_left, width): (f64, f64),
    plot_bottom: f64,
) {
    let mut taken: Vec<Area> = Vec::new();
    for s in stints {
        taken.push((s.x1 - 2.0, s.y - 5.0, s.x2 + 2.0, s.y + 5.0));
        if let Some(label) = &s.label {
            taken.push(text_area(
                s.label_x,
                s.label_y,
                label.chars().count(),
                s.label_anchor,
            ));
        }
    }
    for g in gaps {
        if let Some(label) = &g.label {
            taken.push(text_area(
                g.label_x,
                g.label_y,
                label.chars().count(),
                "middle",
            ));
        }
    }
    for s in steps {
        taken.push((s.x - 3.0, s.y1.min(s.y2), s.x + 3.0, s.y1.max(s.y2)));
    }
    let curves: Vec<Area> = boxes
        .iter()
        .map(|b| (b.left - 3.0, b.top, b.right + 3.0, b.bottom - 5.0))
        .collect();
    for (i, (swing, b)) in swings.iter_mut().zip(boxes).enumerate() {
        let w = b.width;
        let (low, high) = (plot_left + w / 2.0 + 2.0, width - w / 2.0 - 6.0);
        let centre = if low <= high {
            b.at.clamp(low, high)
        } else {
            width / 2.0
        };
        // (baseline, cost): under the curve and lower rows, then above the higher end.
        // Farther rows cost more; the narrow image, where labels overlap sideways, may
        // need them.
        let mut rows: Vec<(f64, f64)> = (0..6)
            .map(|r| (b.bottom - 2.0 + f64::from(r) * 14.0, f64::from(r)))
            .collect();
        rows.extend((0..6).map(|r| (b.top - 9.0 - f64::from(r) * 14.0, 1.5 + f64::from(r))));
        let shifts = [
            (0.0, 0.0),
            (-0.25, 0.5),
            (0.25, 0.5),
            (-0.45, 0.9),
            (0.45, 0.9),
        ];
        let mut best: Option<(f64, f64, f64)> = None;
        for (y, row_cost) in &rows {
            for (shift, shift_cost) in shifts {
                let x = if low <= high {
                    (centre + shift * w).clamp(low, high)
                } else {
                    centre
                };
                let area = (x - w / 2.0, y - 10.0, x + w / 2.0, y + 3.0);
                let inside = area.1 > 2.0 && area.3 <= plot_bottom + 4.0;
                // A label may sit under its own curve, never across another's.
                let clear = inside
                    && taken.iter().all(|t| !overlaps(area, *t))
                    && curves
                        .iter()
                        .enumerate()
                        .all(|(j, c)| j == i || !overlaps(area, *c));
                let cost = row_cost + shift_cost;
                if clear && best.is_none_or(|(_, _, c)| cost < c) {
                    best = Some((x, *y, cost));
                }
            }
        }
        // Nowhere clear: under the curve, as before.
        let (x, y, _) = best.unwrap_or((centre, b.bottom - 2.0, 0.0));
        swing.label_x = round(x);
        swing.label_y = round(y);
        taken.push((x - w / 2.0, y - 10.0, x + w / 2.0, y + 3.0));
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Grades lowest first: those of the newest framework version the history names, then any
/// other grade the history meets, then a place for levels without a grade (lowest of all).
fn grade_order(
    frameworks: &impl Frameworks,
    events: &[RoleEvent],
    pieces: &[Piece],
) -> Vec<Option<String>> {
    let newest = events
        .iter()
        .map(|e| e.framework_version)
        .filter(|v| frameworks.get(*v).is_some())
        .max()
        .and_then(|v| frameworks.get(v));
    let mut order: Vec<Option<String>> = Vec::new();
    if pieces.iter().any(|p| p.role.grade.is_none()) {
        order.push(None);
    }
    if let Some(fw) = newest {
        order.extend(fw.grades.iter().map(|g| Some(g.to_string())));
    }
    for p in pieces {
        if !order.contains(&p.role.grade) {
            order.push(p.role.grade.clone());
        }
    }
    if order.is_empty() {
        order.push(None);
    }
    order
}

fn rank_of(order: &[Option<String>], grade: Option<&str>) -> usize {
    order
        .iter()
        .position(|g| g.as_deref() == grade)
        .unwrap_or(0)
}

/// A tick on the 1st of January of every year (or every 2nd, 5th, 10th for long
/// histories); the start and end dates when no year begins in between.
fn year_ticks(first: Date, end: Date, x: &impl Fn(Date) -> f64, most: usize) -> Vec<Tick> {
    let years: Vec<i32> = ((first.year() + 1)..=end.year()).collect();
    let step: i32 = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| years.len().div_ceil(*s as usize) <= most)
        .unwrap_or(100);
    let ticks: Vec<Tick> = years
        .iter()
        .filter(|y| y.rem_euclid(step) == 0 || step == 1)
        .filter_map(|y| jan_first(*y))
        .filter(|d| *d > first && *d <= end)
        .map(|d| Tick {
            x: round(x(d)),
            label: d.year().to_string(),
            anchor: "middle",
        })
        .collect();
    if ticks.is_empty() {
        return vec![
            Tick {
                x: round(x(first)),
                label: first.to_string(),
                anchor: "start",
            },
            Tick {
                x: round(x(end)),
                label: end.to_string(),
                anchor: "end",
            },
        ];
    }
    ticks
}

fn legend(pieces: &[Piece], top: f64, left: f64, width: f64) -> Vec<LegendItem> {
    let has = |f: &dyn Fn(&Piece) -> bool| pieces.iter().any(f);
    let mut entries: Vec<(String, Stroke, bool)> = vec![
        (
            "individual contribution (solid line)".to_string(),
            Stroke::of(TrackKind::IndividualContributor, false),
            false,
        ),
        (
            "management (double line)".to_string(),
            Stroke::of(TrackKind::Management, false),
            false,
        ),
    ];
    if has(&|p| p.role.kind == TrackKind::Other && p.away.is_none()) {
        entries.push((
            "other tracks (dotted line)".to_string(),
            Stroke::of(TrackKind::Other, false),
            false,
        ));
    }
    if has(&|p| p.trial) {
        entries.push((
            "management trial (dashed)".to_string(),
            Stroke::of(TrackKind::Management, true),
            false,
        ));
    }
    if has(&|p| p.away.is_some()) {
        entries.push((
            "leave or career break (gap)".to_string(),
            Stroke::away(),
            false,
        ));
    }
    entries.push((
        "swing: a move between tracks".to_string(),
        Stroke::of(TrackKind::Other, false),
        true,
    ));
    let mut out = Vec::new();
    let (mut x, mut y) = (left, top);
    for (label, stroke, swing) in entries {
        // A sample 30 wide, a gap of 8, then the label measured generously (DejaVu Sans
        // at 12 runs under 6 units a character) and room before the next item.
        let item_width = 38.0 + label.len() as f64 * LEGEND_CHAR + 28.0;
        if x + item_width > width - 8.0 && x > left {
            x = left;
            y += LEGEND_ROW;
        }
        out.push(LegendItem {
            x: round(x),
            y: round(y),
            label,
            stroke,
            swing,
        });
        x += item_width;
    }
    out
}

/// A piece's role in words: "Engineer II (ic-2)", "Management trial at Engineering Manager
/// (em-1), planned until 2024-06-30", "Leave, keeping Senior Engineer (ic-3)".
fn piece_role(p: &Piece) -> String {
    match (p.away, p.trial) {
        (Some(away), _) => format!(
            "{}, keeping {}",
            capitalise(away.label()),
            p.role.describe()
        ),
        (None, true) => format!(
            "Management trial at {}{}",
            p.role.describe(),
            p.until
                .map(|d| format!(", planned until {d}"))
                .unwrap_or_default()
        ),
        (None, false) => p.role.describe(),
    }
}

/// The table rows of `pieces`; those beginning after `today` are scheduled.
fn rows(pieces: &[Piece], today: Date) -> Vec<TimelineRow> {
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prev = i
                .checked_sub(1)
                .map(|j| &pieces[j])
                .filter(|prev| joined(prev, p));
            let swing = prev
                .filter(|prev| prev.role.track != p.role.track)
                .map(|_| swing_label(&p.role));
            let base = match p.start {
                Start::Joined => "joined",
                Start::Rejoined => "rejoined",
                Start::Baseline => "starting point recorded",
                Start::Promotion => "promotion",
                Start::Move => "move between tracks",
                Start::TrialStarted => "management trial started",
                Start::StayedAfterTrial => "trial ended: stays",
                Start::ReturnedAfterTrial => "trial ended: returns by the return path",
                Start::BackFromAway => match prev.and_then(|p| p.away) {
                    Some(Away::CareerBreak) => "back from a career break",
                    _ => "back from leave",
                },
                Start::Away => match p.away {
                    Some(Away::CareerBreak) => "career break started",
                    _ => "leave started",
                },
            };
            let mut change = match (p.start, swing) {
                (Start::Move, Some(swing)) => swing,
                (_, Some(swing)) => format!("{base}; {swing}"),
                (_, None) => base.to_string(),
            };
            let scheduled = p.from > today;
            if scheduled {
                change.push_str(&format!(", scheduled from {}", p.from));
            }
            TimelineRow {
                from: p.from.to_string(),
                to: match p.to {
                    None if scheduled => "onwards".to_string(),
                    None => "today".to_string(),
                    Some(d) if p.exit && d > today => format!("{d} (leaves, scheduled)"),
                    Some(d) if p.exit => format!("{d} (left)"),
                    Some(d) => d.to_string(),
                },
                role: piece_role(p),
                track: p.role.track_name.clone(),
                grade: p.role.grade.clone().unwrap_or_else(|| "—".to_string()),
                change,
            }
        })
        .collect()
}

/// "Alex Kim: hired as Engineer II (ic-2) in 2021, swung to management in 2023 and swung
/// back to individual contribution in 2024; now Staff Engineer (ic-4)." What is "now" is
/// the piece in effect on `today`; the first piece after it is named as scheduled.
fn summary(name: &str, pieces: &[Piece], phrases: &[String], today: Date) -> String {
    let current = pieces.iter().rev().find(|p| p.from <= today);
    let leaving = current
        .filter(|p| p.exit)
        .and_then(|p| p.to)
        .filter(|left| *left > today);
    let mut now = match current {
        Some(last) if last.exit && leaving.is_none() => String::new(),
        Some(last) => match (last.away, last.trial) {
            (Some(Away::Leave), _) => format!("; now {}, on leave", last.role.describe()),
            (Some(Away::CareerBreak), _) => {
                format!("; now on a career break from {}", last.role.describe())
            }
            (None, true) => format!("; now in a management trial as {}", last.role.describe()),
            (None, false) => format!("; now {}", last.role.describe()),
        },
        None => String::new(),
    };
    if let Some(left) = leaving {
        now.push_str(&format!(", leaving on {left}"));
    }
    if let Some(next) = pieces.iter().find(|p| p.from > today) {
        now.push_str(&format!(
            "; scheduled from {}: {}",
            next.from,
            piece_role(next)
        ));
    }
    format!("{name}: {}{now}.", join_phrases(phrases))
}

/// What is scheduled (recorded, dated after today) is drawn lighter: the chart veils what
/// lies after the "today" line.
impl TimelineChart {
    /// How far the marks run past the "today" line; 0 when nothing is scheduled.
    pub fn after_today_width(&self) -> f64 {
        let end = self
            .stints
            .iter()
            .map(|s| s.x2)
            .chain(self.gaps.iter().map(|g| g.x2))
            .chain(self.exits.iter().map(|e| e.x))
            .fold(self.today_x, f64::max);
        round(end - self.today_x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn phrases_join_into_one_sentence() {
        let p = |s: &str| s.to_string();
        assert_eq!(join_phrases(&[]), "");
        assert_eq!(join_phrases(&[p("a")]), "a");
        assert_eq!(join_phrases(&[p("a"), p("b")]), "a and b");
        assert_eq!(join_phrases(&[p("a"), p("b"), p("c")]), "a, b and c");
    }

    #[test]
    fn long_histories_label_fewer_years() {
        let x = |d: Date| f64::from(d.year());
        let labels = |from, to| {
            year_ticks(from, to, &x, 12)
                .into_iter()
                .map(|t| t.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(date!(2019 - 03 - 04), date!(2021 - 11 - 21)),
            ["2020", "2021"]
        );
        assert_eq!(
            labels(date!(1990 - 03 - 04), date!(2026 - 11 - 21)),
            ["1995", "2000", "2005", "2010", "2015", "2020", "2025"]
        );
        assert_eq!(
            labels(date!(2026 - 02 - 01), date!(2026 - 11 - 21)),
            ["2026-02-01", "2026-11-21"]
        );
    }
}
