//! Why a role history is impossible. Every message is a sentence a people partner can act
//! on: it names the event by what happened and when, and levels by title. Levels and tracks
//! are held as ready-made descriptions ("Staff Engineer (ic-4)") because a message must be
//! readable without the framework at hand.

use time::Date;

use crate::event::EventKind;
use crate::person::PersonStatus;

/// The first rule a role history breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    #[error("This history has no events: it starts with a hire or a baseline.")]
    NoEvents,

    #[error(
        "Event {seq} belongs to another person: a role history holds the events of one person only."
    )]
    MixedPeople { seq: u32 },

    #[error("Two events carry the sequence number {seq}; each event needs its own.")]
    DuplicateSeq { seq: u32 },

    #[error("Event {seq} repeats the id of an earlier event; each event needs its own id.")]
    DuplicateEvent { seq: u32 },

    #[error(
        "The {} on {date} (event {seq}) corrects an event that is not in this person's history.",
        noun(.kind)
    )]
    SupersedesUnknown {
        kind: EventKind,
        date: Date,
        seq: u32,
    },

    #[error(
        "The {} on {date} (event {seq}) corrects event {target_seq}, which was not recorded before it; a correction can only correct an earlier event.",
        noun(.kind)
    )]
    SupersedesLater {
        kind: EventKind,
        date: Date,
        seq: u32,
        target_seq: u32,
    },

    #[error(
        "The {} on {date} (event {target_seq}) is already corrected by event {first_seq}, so event {second_seq} cannot correct it too; correct the correction instead.",
        noun(.kind)
    )]
    SupersededTwice {
        kind: EventKind,
        date: Date,
        target_seq: u32,
        first_seq: u32,
        second_seq: u32,
    },

    #[error(
        "The {} on {date} was recorded under framework version {version}, which does not exist.",
        noun(.kind)
    )]
    UnknownFrameworkVersion {
        kind: EventKind,
        date: Date,
        version: u32,
    },

    #[error("The {} on {date} must name the level it places the person at.", noun(.kind))]
    MissingLevel { kind: EventKind, date: Date },

    #[error(
        "The {} on {date} names the level `{level}`, which framework version {version} does not have.",
        noun(.kind)
    )]
    UnknownLevel {
        kind: EventKind,
        date: Date,
        level: String,
        version: u32,
    },

    #[error(
        "The {} on {date} was recorded under framework version {version}, which has no level for {held} (held under version {held_version}) and no level renamed from it.",
        noun(.kind)
    )]
    LevelNotInVersion {
        kind: EventKind,
        date: Date,
        held: String,
        held_version: u32,
        version: u32,
    },

    #[error(
        "The {} on {date} comes before anything else in this history: a history starts with a hire or a baseline.",
        noun(.kind)
    )]
    NoHire { kind: EventKind, date: Date },

    #[error(
        "The {} on {date} comes before the person joined on {hired}: a history starts with a hire or a baseline.",
        noun(.kind)
    )]
    BeforeHire {
        kind: EventKind,
        date: Date,
        hired: Date,
    },

    #[error(
        "The {} on {date} cannot be recorded: the person has been with the organisation since {hired} and has not left.",
        noun(.kind)
    )]
    AlreadyHired {
        kind: EventKind,
        date: Date,
        hired: Date,
    },

    #[error(
        "The {} on {date} comes after the person left on {left}; only a re-hire can follow.",
        noun(.kind)
    )]
    AfterExit {
        kind: EventKind,
        date: Date,
        left: Date,
    },

    #[error("The exit on {date} cannot be recorded: the person already left on {left}.")]
    AlreadyExited { date: Date, left: Date },

    #[error(
        "The promotion on {date} names {to} on the {to_track} track, but the person holds {from} on the {from_track} track; a change of track is a move, not a promotion."
    )]
    PromotionAcrossTracks {
        date: Date,
        from: String,
        from_track: String,
        to: String,
        to_track: String,
    },

    #[error(
        "The promotion on {date} names {to}, which is not above the level the person holds, {from}."
    )]
    PromotionNotHigher {
        date: Date,
        from: String,
        to: String,
    },

    #[error(
        "The move on {date} names {to}, on the {track} track the person is already on (at {from}); a move changes track."
    )]
    MoveWithinTrack {
        date: Date,
        from: String,
        to: String,
        track: String,
    },

    #[error(
        "The {} on {date} goes from the {from_track} track to the {to_track} track, which framework version {version} does not allow.",
        noun(.kind)
    )]
    MoveNotAllowed {
        kind: EventKind,
        date: Date,
        from_track: String,
        to_track: String,
        version: u32,
    },

    #[error(
        "The {} on {date} falls inside the management trial at {target} that started on {started}; end the trial first.",
        noun(.kind)
    )]
    DuringTrial {
        kind: EventKind,
        date: Date,
        target: String,
        started: Date,
    },

    #[error(
        "The management trial starting on {date} would be a trial inside a trial: the trial at {target} that started on {started} has not ended."
    )]
    TrialInsideTrial {
        date: Date,
        target: String,
        started: Date,
    },

    #[error(
        "The management trial starting on {date} names {level} on the {track} track, which is not a management track."
    )]
    TrialTargetNotManagement {
        date: Date,
        level: String,
        track: String,
    },

    #[error(
        "The management trial starting on {date} is on the {track} track the person is already on; a trial is for trying another track."
    )]
    TrialWithinTrack { date: Date, track: String },

    #[error(
        "The management trial starting on {date} is planned to end on {until}, which is not after its start."
    )]
    TrialEndsBeforeStart { date: Date, until: Date },

    #[error(
        "The {} on {date} needs a management trial in progress, and there is none.",
        noun(.kind)
    )]
    NotInTrial { kind: EventKind, date: Date },

    #[error("The extension of the management trial on {date} must give the trial's new end date.")]
    MissingTrialUntil { date: Date },

    #[error(
        "The extension of the management trial on {date} sets its end to {until}, which is not later than the planned end, {current}."
    )]
    TrialExtensionNotLater {
        date: Date,
        until: Date,
        current: Date,
    },

    #[error(
        "The management trial cannot be extended again on {date}: the framework allows {} per trial, and this trial has had {max}. End it instead: the person keeps the role or returns.",
        extensions(*.max)
    )]
    TooManyExtensions { date: Date, max: u32 },

    #[error(
        "The extension of the management trial on {date} needs a reason: the framework asks why a trial is extended."
    )]
    ExtensionNeedsReason { date: Date },

    #[error(
        "The end of the management trial on {date} must say whether the person stays or returns."
    )]
    MissingOutcome { date: Date },

    #[error(
        "The end of the management trial on {date} says the person stays, so they stay at {target}; the event names {level}."
    )]
    StayLevelMismatch {
        date: Date,
        target: String,
        level: String,
    },

    #[error(
        "The {} on {date} cannot be recorded: the person is {}.",
        noun(.kind),
        away(.status)
    )]
    NotActive {
        kind: EventKind,
        date: Date,
        status: PersonStatus,
    },

    #[error(
        "The return on {date} has nothing to return from: the person is not on leave or a career break."
    )]
    NothingToReturnFrom { date: Date },

    #[error(
        "The {} on {date} keeps the level the person holds, {held}, but names {level}.",
        noun(.kind)
    )]
    LevelChangeNotAllowed {
        kind: EventKind,
        date: Date,
        held: String,
        level: String,
    },

    /// A change of reporting line that would make someone their own manager, directly or
    /// through others (see [`crate::reporting::find_cycle`]); the message names the people
    /// in the loop and the date it would start.
    #[error("{0}")]
    ReportingLoop(String),
}

/// An event kind as the subject of a sentence: "The promotion on 2024-03-01 …".
pub(super) fn noun(kind: &EventKind) -> &'static str {
    kind.noun()
}

fn away(status: &PersonStatus) -> &'static str {
    match status {
        PersonStatus::Active => "active",
        PersonStatus::OnLeave => "already on leave",
        PersonStatus::OnCareerBreak => "already on a career break",
        PersonStatus::Exited => "no longer with the organisation",
    }
}

/// "no extension", "1 extension", "2 extensions".
fn extensions(n: u32) -> String {
    match n {
        0 => "no extension".to_string(),
        1 => "1 extension".to_string(),
        n => format!("{n} extensions"),
    }
}
