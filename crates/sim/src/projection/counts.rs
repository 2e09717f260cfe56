//! The counts an estimate rests on, state by state, and how states are grouped for
//! showing: no state resting on fewer than [`MIN_PEOPLE`] people on its own.
//!
//! Within each track, the states resting on fewer people are merged into one group,
//! "TRACK: other levels"; when that group still rests on fewer than [`MIN_PEOPLE`] people,
//! the track's smallest shown state joins it, and so on, up to the whole track ("TRACK:
//! all levels"). A whole track resting on fewer people is withheld: its figures are left
//! out (the organisation's totals still count it).

use std::collections::BTreeSet;

use pendulum_domain::PersonId;

/// The fewest people a state must rest on to be shown on its own.
pub const MIN_PEOPLE: u32 = 5;
/// The counts behind one state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StateCounts {
    pub name: String,
    pub track: String,
    pub level: String,
    pub title: Option<String>,
    pub grade: Option<String>,
    /// The people counted in the state on any of the dates.
    pub people: BTreeSet<PersonId>,
    /// Where the person-years that start in the state ended, by state.
    pub moves: Vec<u32>,
    pub exits: u32,
    /// Recruits first counted in the state.
    pub hires: u32,
    /// Counted today.
    pub stock: u32,
}

impl StateCounts {
    /// Person-years that start in the state: what its probabilities rest on.
    pub fn observed(&self) -> u32 {
        self.moves.iter().sum::<u32>() + self.exits
    }
}

/// States shown together (or one alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub name: String,
    pub track: String,
    /// The model's states it holds.
    pub states: Vec<usize>,
    pub people: u32,
    pub withheld: bool,
}

/// The groups of `states`, in order: per track, its shown states, then its merged group.
pub(crate) fn groups(states: &[StateCounts]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut tracks: Vec<&str> = Vec::new();
    for s in states {
        if !tracks.contains(&s.track.as_str()) {
            tracks.push(&s.track);
        }
    }
    for track in tracks {
        let of_track: Vec<usize> = (0..states.len())
            .filter(|&i| states[i].track == track)
            .collect();
        let people = |members: &[usize]| -> u32 {
            let all: BTreeSet<_> = members
                .iter()
                .flat_map(|&i| states[i].people.iter())
                .collect();
            u32::try_from(all.len()).unwrap_or(u32::MAX)
        };
        let mut merged: Vec<usize> = of_track
            .iter()
            .copied()
            .filter(|&i| people(&[i]) < MIN_PEOPLE)
            .collect();
        let mut shown: Vec<usize> = of_track
            .iter()
            .copied()
            .filter(|i| !merged.contains(i))
            .collect();
        while !merged.is_empty() && people(&merged) < MIN_PEOPLE && !shown.is_empty() {
            // The smallest shown state joins (the later one on a tie: higher levels are
            // the smaller, and the lower ones are the ones most read).
            let (at, _) = shown
                .iter()
                .enumerate()
                .min_by_key(|&(at, &i)| (people(&[i]), std::cmp::Reverse(at)))
                .expect("shown is not empty");
            merged.push(shown.remove(at));
            merged.sort_unstable();
        }
        for &i in &shown {
            out.push(Group {
                name: states[i].name.clone(),
                track: track.to_string(),
                states: vec![i],
                people: people(&[i]),
                withheld: false,
            });
        }
        if !merged.is_empty() {
            let all = shown.is_empty();
            let n = people(&merged);
            out.push(Group {
                name: format!(
                    "{track}: {}",
                    if all { "all levels" } else { "other levels" }
                ),
                track: track.to_string(),
                states: merged,
                people: n,
                withheld: n < MIN_PEOPLE,
            });
        }
    }
    out
}
