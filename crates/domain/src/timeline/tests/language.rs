//! Neutral language: every message and label, read.

use super::*;

/// One example of every error, so that every message can be read. The match below has no
/// catch-all: a new variant does not compile until it has an example here.
fn every_error() -> Vec<TimelineError> {
    use TimelineError::*;
    let (kind, date, level, track) = (
        EventKind::Move,
        date!(2024 - 01 - 02),
        String::from("Staff Engineer (ic-4)"),
        String::from("Individual contributor"),
    );
    let errors = vec![
        NoEvents,
        MixedPeople { seq: 2 },
        DuplicateSeq { seq: 2 },
        DuplicateEvent { seq: 2 },
        SupersedesUnknown { kind, date, seq: 3 },
        SupersedesLater {
            kind,
            date,
            seq: 3,
            target_seq: 4,
        },
        SupersededTwice {
            kind,
            date,
            target_seq: 2,
            first_seq: 3,
            second_seq: 4,
        },
        UnknownFrameworkVersion {
            kind,
            date,
            version: 9,
        },
        MissingLevel { kind, date },
        UnknownLevel {
            kind,
            date,
            level: "ic-9".into(),
            version: 1,
        },
        LevelNotInVersion {
            kind,
            date,
            held: level.clone(),
            held_version: 1,
            version: 2,
        },
        NoHire { kind, date },
        BeforeHire {
            kind,
            date,
            hired: date,
        },
        AlreadyHired {
            kind,
            date,
            hired: date,
        },
        AfterExit {
            kind,
            date,
            left: date,
        },
        AlreadyExited { date, left: date },
        PromotionAcrossTracks {
            date,
            from: level.clone(),
            from_track: track.clone(),
            to: level.clone(),
            to_track: track.clone(),
        },
        PromotionNotHigher {
            date,
            from: level.clone(),
            to: level.clone(),
        },
        MoveWithinTrack {
            date,
            from: level.clone(),
            to: level.clone(),
            track: track.clone(),
        },
        MoveNotAllowed {
            kind,
            date,
            from_track: track.clone(),
            to_track: track.clone(),
            version: 1,
        },
        DuringTrial {
            kind,
            date,
            target: level.clone(),
            started: date,
        },
        TrialInsideTrial {
            date,
            target: level.clone(),
            started: date,
        },
        TrialTargetNotManagement {
            date,
            level: level.clone(),
            track: track.clone(),
        },
        TrialWithinTrack {
            date,
            track: track.clone(),
        },
        TrialEndsBeforeStart { date, until: date },
        NotInTrial { kind, date },
        MissingTrialUntil { date },
        TrialExtensionNotLater {
            date,
            until: date,
            current: date,
        },
        TooManyExtensions { date, max: 1 },
        ExtensionNeedsReason { date },
        MissingOutcome { date },
        StayLevelMismatch {
            date,
            target: level.clone(),
            level: level.clone(),
        },
        NotActive {
            kind,
            date,
            status: PersonStatus::OnLeave,
        },
        NothingToReturnFrom { date },
        LevelChangeNotAllowed {
            kind,
            date,
            held: level.clone(),
            level,
        },
        ReportingLoop(
            "From 2024-06-01, Cy would report to Ada, who reports to Cy: nobody can be their \
             own manager, directly or through others."
                .into(),
        ),
    ];
    let index = |e: &TimelineError| match e {
        NoEvents => 0,
        MixedPeople { .. } => 1,
        DuplicateSeq { .. } => 2,
        DuplicateEvent { .. } => 3,
        SupersedesUnknown { .. } => 4,
        SupersedesLater { .. } => 5,
        SupersededTwice { .. } => 6,
        UnknownFrameworkVersion { .. } => 7,
        MissingLevel { .. } => 8,
        UnknownLevel { .. } => 9,
        LevelNotInVersion { .. } => 10,
        NoHire { .. } => 11,
        BeforeHire { .. } => 12,
        AlreadyHired { .. } => 13,
        AfterExit { .. } => 14,
        AlreadyExited { .. } => 15,
        PromotionAcrossTracks { .. } => 16,
        PromotionNotHigher { .. } => 17,
        MoveWithinTrack { .. } => 18,
        MoveNotAllowed { .. } => 19,
        DuringTrial { .. } => 20,
        TrialInsideTrial { .. } => 21,
        TrialTargetNotManagement { .. } => 22,
        TrialWithinTrack { .. } => 23,
        TrialEndsBeforeStart { .. } => 24,
        NotInTrial { .. } => 25,
        MissingTrialUntil { .. } => 26,
        TrialExtensionNotLater { .. } => 27,
        MissingOutcome { .. } => 28,
        StayLevelMismatch { .. } => 29,
        NotActive { .. } => 30,
        NothingToReturnFrom { .. } => 31,
        LevelChangeNotAllowed { .. } => 32,
        ReportingLoop(_) => 33,
        TooManyExtensions { .. } => 34,
        ExtensionNeedsReason { .. } => 35,
    };
    let covered: BTreeSet<usize> = errors.iter().map(index).collect();
    assert_eq!(covered, (0..=35).collect(), "one example of every variant");
    errors
}

#[test]
fn messages_and_labels_stay_neutral() {
    let mut texts: Vec<String> = every_error().iter().map(ToString::to_string).collect();
    for kind in EventKind::ALL {
        texts.extend([kind.as_str(), kind.label(), noun(&kind)].map(String::from));
        for status in [
            PersonStatus::Active,
            PersonStatus::OnLeave,
            PersonStatus::OnCareerBreak,
            PersonStatus::Exited,
        ] {
            texts.push(
                TimelineError::NotActive {
                    kind,
                    date: date!(2024 - 01 - 02),
                    status,
                }
                .to_string(),
            );
            texts.push(status.as_str().into());
        }
    }
    let mut h = manager();
    h.ok(move_to(date!(2022 - 05 - 02), Some("ic-1")));
    texts.push(h.last().reason.clone().unwrap());

    for text in &texts {
        assert!(!text.to_lowercase().contains("demot"), "{text}");
    }
    // Every message is a sentence.
    for error in every_error() {
        let message = error.to_string();
        assert!(
            message.starts_with(char::is_uppercase) && message.ends_with('.'),
            "{message}"
        );
    }
}
