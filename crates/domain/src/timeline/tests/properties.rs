//! Properties of `prepare` and `fold` over generated histories.

use super::*;

const LEVELS: [&str; 11] = [
    "ic-1", "ic-2", "ic-3", "ic-4", "ic-5", "ic-6", "ic-7", "em-1", "em-2", "em-3", "em-4",
];
const START: Date = date!(2015 - 01 - 05);

#[derive(Clone, Debug)]
pub(super) struct Proposal {
    kind: EventKind,
    /// Days after the latest event so far, or (back-dated) days after the start.
    after_latest: Option<i64>,
    days_after_start: i64,
    level: Option<usize>,
    /// Whether `level` is read relative to the role held (the next levels up for a
    /// promotion, a level on another track for a move or trial), which keeps most proposals
    /// plausible and histories long.
    relative: bool,
    until_days: Option<i64>,
    outcome: Option<TrialOutcome>,
    corrects: Option<prop::sample::Index>,
}

/// Every kind, weighted so that histories grow: an exit ends a history until a re-hire.
fn kind() -> impl Strategy<Value = EventKind> {
    use EventKind::*;
    let weights = [
        (Baseline, 1),
        (Hire, 3),
        (Promotion, 6),
        (Move, 4),
        (TrialStart, 4),
        (TrialExtend, 3),
        (TrialEnd, 4),
        (Leave, 3),
        (CareerBreak, 2),
        (Return, 5),
        (Exit, 1),
    ];
    let kinds: Vec<EventKind> = weights
        .into_iter()
        .flat_map(|(kind, weight)| std::iter::repeat_n(kind, weight))
        .collect();
    prop::sample::select(kinds)
}

pub(super) fn proposal() -> impl Strategy<Value = Proposal> {
    (
        kind(),
        prop::option::weighted(0.8, 0i64..400),
        0i64..4000,
        prop::option::weighted(0.85, 0..LEVELS.len()),
        prop::bool::weighted(0.7),
        prop::option::weighted(0.5, 1i64..400),
        prop::option::weighted(
            0.8,
            prop_oneof![Just(TrialOutcome::Stay), Just(TrialOutcome::Return)],
        ),
        prop::option::weighted(0.1, any::<prop::sample::Index>()),
    )
        .prop_map(
            |(
                kind,
                after_latest,
                days_after_start,
                level,
                relative,
                until_days,
                outcome,
                corrects,
            )| {
                Proposal {
                    kind,
                    after_latest,
                    days_after_start,
                    level,
                    relative,
                    until_days,
                    outcome,
                    corrects,
                }
            },
        )
}

/// The history left by appending every proposal through `prepare`, refusals skipped.
pub(super) fn appended(proposals: &[Proposal]) -> Vec<RoleEvent> {
    let mut h = History::new();
    h.ok(hire(START, "ic-2"));
    let mut latest = START;
    let mut role = fold(&builtin_v1(), &h.events).unwrap();
    for p in proposals {
        let effective = match p.after_latest {
            Some(days) => latest + Duration::days(days),
            None => START + Duration::days(p.days_after_start),
        };
        let proposed = RoleEvent {
            until: p.until_days.map(|days| effective + Duration::days(days)),
            outcome: p.outcome,
            supersedes: p.corrects.map(|i| h.events[i.index(h.events.len())].id),
            // The built-in framework asks why a trial is extended.
            reason: (p.kind == EventKind::TrialExtend).then(|| "More time".to_string()),
            level: p.level.and_then(|i| {
                if p.relative {
                    relative_level(&role, p.kind, i)
                } else {
                    Some(level(LEVELS[i]))
                }
            }),
            ..event(p.kind, effective, None)
        };
        if let Ok(now) = h.append(proposed) {
            latest = latest.max(effective);
            role = now;
        }
    }
    h.events
}

/// A level picked relative to the role held: one or two levels up its track for a
/// promotion, the level held for kinds that keep it, none for the end of a trial, and any
/// level of another track otherwise.
fn relative_level(role: &CurrentRole, kind: EventKind, pick: usize) -> Option<LevelId> {
    let track = BUILTIN.track(&role.track).unwrap();
    let other = BUILTIN.tracks.iter().find(|t| t.id != role.track).unwrap();
    match kind {
        EventKind::Promotion => {
            let at = track
                .levels
                .iter()
                .position(|l| l.id == role.level)
                .unwrap();
            let up = (at + 1 + pick % 2).min(track.levels.len() - 1);
            Some(track.levels[up].id.clone())
        }
        EventKind::Leave
        | EventKind::CareerBreak
        | EventKind::Exit
        | EventKind::TrialExtend
        | EventKind::Return => Some(role.level.clone()),
        EventKind::TrialEnd => None,
        EventKind::Hire | EventKind::Baseline | EventKind::Move | EventKind::TrialStart => {
            Some(other.levels[pick % other.levels.len()].id.clone())
        }
    }
}

/// A deterministic shuffle: sorts by a hash of each position and the seed.
fn shuffled(events: &[RoleEvent], seed: u64) -> Vec<RoleEvent> {
    let mix = |i: u64| {
        let mut x = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        x ^ (x >> 33)
    };
    let mut keyed: Vec<(u64, RoleEvent)> = (0u64..)
        .zip(events)
        .map(|(i, e)| (mix(i), e.clone()))
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, e)| e).collect()
}

proptest! {
    #[test]
    fn what_prepare_accepts_always_folds(proposals in prop::collection::vec(proposal(), 0..80)) {
        // `History::append` already checks, after every accepted append, that folding the
        // stored events from scratch gives the role `prepare` returned.
        let events = appended(&proposals);
        prop_assert!(fold(&builtin_v1(), &events).is_ok());
    }

    #[test]
    fn fold_does_not_depend_on_the_order_events_are_given_in(
        proposals in prop::collection::vec(proposal(), 0..80),
        seed in any::<u64>(),
    ) {
        let events = appended(&proposals);
        let mut reversed = events.clone();
        reversed.reverse();
        let expected = fold(&builtin_v1(), &events);
        prop_assert_eq!(&fold(&builtin_v1(), &shuffled(&events, seed)), &expected);
        prop_assert_eq!(&fold(&builtin_v1(), &reversed), &expected);
    }

    #[test]
    fn fold_is_deterministic_on_any_events(
        proposals in prop::collection::vec(proposal(), 0..20),
        seed in any::<u64>(),
    ) {
        // Unchecked events, straight into fold: same answer, error or not, in any order.
        let events: Vec<RoleEvent> = (1u32..)
            .zip(&proposals)
            .map(|(seq, p)| RoleEvent {
                id: event_id(u128::from(seq)),
                seq,
                outcome: p.outcome,
                ..event(p.kind, START + Duration::days(p.days_after_start), p.level.map(|i| LEVELS[i]))
            })
            .collect();
        prop_assert_eq!(fold(&builtin_v1(), &shuffled(&events, seed)), fold(&builtin_v1(), &events));
    }
}

/// The properties above mean something only if the generated histories are rich: this
/// checks, on a fixed seed, that accepted appends cover every kind of event, corrections
/// and back-dated events, and that histories grow long.
#[test]
fn generated_histories_cover_every_kind_of_event() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec(proposal(), 0..80);
    let mut kinds = BTreeSet::new();
    let (mut corrections, mut back_dated, mut longest) = (0, 0, 0);
    for _ in 0..200 {
        let proposals = strategy.new_tree(&mut runner).unwrap().current();
        let events = appended(&proposals);
        longest = longest.max(events.len());
        for pair in events.windows(2) {
            back_dated += usize::from(pair[1].effective < pair[0].effective);
        }
        for e in &events {
            kinds.insert(e.kind.as_str());
            corrections += usize::from(e.supersedes.is_some());
        }
    }
    let all: BTreeSet<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, all);
    assert!(
        corrections > 0 && back_dated > 0 && longest >= 15,
        "{corrections} {back_dated} {longest}"
    );
}
