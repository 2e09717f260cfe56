//! Choosing the best or the worst of a rung, vacancy after vacancy, in time that grows
//! with the vacancies rather than with the rung.
//!
//! The published model fills vacancies one at a time: each takes the most (or least)
//! competent occupant left in the rung below, the first of equals in the rung's current
//! order, and removes it by moving the rung's last occupant into its place. Scanning the
//! rung for every vacancy costs positions × vacancies, far too much for an organisation
//! of a million. A [`Picker`] gets the same answers, tie for tie: it sets aside once the
//! `k` best (or worst) and everything equal to the `k`-th (one partition of the rung's
//! keys, then a sort of those), and among equals keeps a heap of their current places,
//! which it follows as occupants move.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// No candidate at this place.
const NONE: u32 = u32::MAX;

/// Which end of a rung a pick takes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum End {
    /// The highest key.
    Best,
    /// The lowest key.
    Worst,
}

/// One end's candidates: sorted from the end inwards, taken group of equal keys by
/// group of equal keys.
#[derive(Debug, Default)]
struct Side {
    /// Candidate numbers, best first for [`End::Best`], worst first for [`End::Worst`].
    order: Vec<u32>,
    /// The current group is `order[start..end]`; every member has key `key`.
    start: usize,
    end: usize,
    key: f64,
    /// Whether a group is current (its unpicked members are in `heap`).
    active: bool,
    /// (current place, candidate) of the current group's members, lowest place first;
    /// an entry whose candidate has moved or been picked is skipped.
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl Side {
    fn reset(&mut self) {
        self.order.clear();
        self.start = 0;
        self.end = 0;
        self.active = false;
        self.heap.clear();
    }
}

/// Successive picks of the best or the worst from one rung whose occupants have `keys`
/// (by place). After each pick the caller removes the occupant at the returned place by
/// moving the last occupant into it, and tells the picker with [`Picker::removed`].
/// Scratch space is kept from one use to the next, so a warm picker allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Picker {
    /// Per candidate: its key, its current place, whether it was picked.
    key: Vec<f64>,
    place: Vec<u32>,
    picked: Vec<bool>,
    /// Per place: the candidate there, or [`NONE`].
    candidate: Vec<u32>,
    /// The number of occupants left.
    len: usize,
    /// Scratch: (key, place) of the eligible occupants.
    pairs: Vec<(f64, u32)>,
    best: Side,
    worst: Side,
}

impl Picker {
    /// Prepares up to `k` picks from a rung of `keys.len()` occupants, from the ends in
    /// `ends`. Occupants for which `eligible` is false are never picked (they keep their
    /// place in the rung's order).
    pub(super) fn prepare(
        &mut self,
        keys: &[f64],
        eligible: impl Fn(usize) -> bool,
        k: usize,
        ends: &[End],
    ) {
        self.len = keys.len();
        self.key.clear();
        self.place.clear();
        self.picked.clear();
        self.candidate.clear();
        self.candidate.resize(keys.len(), NONE);
        self.best.reset();
        self.worst.reset();
        for &end in ends {
            self.pairs.clear();
            for (i, &key) in keys.iter().enumerate() {
                if eligible(i) {
                    self.pairs.push((key, i as u32));
                }
            }
            let reach = select(&mut self.pairs, k, end);
            let side = match end {
                End::Best => &mut self.best,
                End::Worst => &mut self.worst,
            };
            for &(key, place) in &self.pairs[..reach] {
                let c = &mut self.candidate[place as usize];
                if *c == NONE {
                    *c = self.key.len() as u32;
                    self.key.push(key);
                    self.place.push(place);
                    self.picked.push(false);
                }
                side.order.push(*c);
            }
        }
    }

    /// The place of the best (or worst) occupant not yet picked, the first place among
    /// equals; `None` when none is left on that side.
    pub(super) fn pick(&mut self, end: End) -> Option<usize> {
        let side = match end {
            End::Best => &mut self.best,
            End::Worst => &mut self.worst,
        };
        loop {
            while let Some(Reverse((place, c))) = side.heap.pop() {
                let c = c as usize;
                if !self.picked[c] && self.place[c] == place {
                    self.picked[c] = true;
                    return Some(place as usize);
                }
            }
            // The current group is used up: the next one.
            side.start = side.end;
            if side.start >= side.order.len() {
                side.active = false;
                return None;
            }
            let key = self.key[side.order[side.start] as usize];
            side.end = side.start;
            while side.end < side.order.len() && self.key[side.order[side.end] as usize] == key {
                let c = side.order[side.end] as usize;
                if !self.picked[c] {
                    side.heap.push(Reverse((self.place[c], c as u32)));
                }
                side.end += 1;
            }
            side.key = key;
            side.active = true;
        }
    }

    /// The caller removed the occupant at `place` by moving the last occupant into it.
    pub(super) fn removed(&mut self, place: usize) {
        let last = self.len - 1;
        let moved = self.candidate[last];
        self.candidate[place] = moved;
        self.candidate[last] = NONE;
        self.len = last;
        if place == last || moved == NONE {
            return;
        }
        let c = moved as usize;
        self.place[c] = place as u32;
        if self.picked[c] {
            return;
        }
        for side in [&mut self.best, &mut self.worst] {
            if side.active && self.key[c] == side.key {
                side.heap.push(Reverse((place as u32, moved)));
            }
        }
    }
}

/// Moves to the front of `pairs` (key, place) the candidates that `k` successive picks
/// from `end` can reach, sorted from `end`: the `k` best (or worst) and every candidate
/// equal to the `k`-th. Returns how many they are.
fn select(pairs: &mut [(f64, u32)], k: usize, end: End) -> usize {
    let m = pairs.len();
    let k = k.min(m);
    if k == 0 {
        return 0;
    }
    let outer = |a: &(f64, u32), b: &(f64, u32)| match end {
        End::Best => b.0.total_cmp(&a.0),
        End::Worst => a.0.total_cmp(&b.0),
    };
    let mut reach = m;
    if k < m {
        pairs.select_nth_unstable_by(k - 1, outer);
        let boundary = pairs[k - 1].0;
        reach = k;
        for j in k..m {
            if pairs[j].0 == boundary {
                pairs.swap(reach, j);
                reach += 1;
            }
        }
    }
    pairs[..reach].sort_unstable_by(outer);
    reach
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The published rule, one scan per pick: the first of the highest (or lowest).
    fn scan(keys: &[f64], eligible: &[bool], end: End) -> Option<usize> {
        let mut at: Option<usize> = None;
        for (i, &x) in keys.iter().enumerate() {
            if !eligible[i] {
                continue;
            }
            let better = match (at, end) {
                (None, _) => true,
                (Some(j), End::Best) => x > keys[j],
                (Some(j), End::Worst) => x < keys[j],
            };
            if better {
                at = Some(i);
            }
        }
        at
    }

    /// Many ties (keys on a coarse grid), mixed ends, ineligible occupants: the picker
    /// and the scan choose the same places, pick after pick.
    #[test]
    fn picks_match_one_scan_per_pick_tie_for_tie() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut picker = Picker::default();
        for round in 0..400 {
            let n = rng.random_range(1..200);
            let grid = rng.random_range(1..6) as f64;
            let mut keys: Vec<f64> = (0..n)
                .map(|_| (rng.random::<f64>() * grid).floor())
                .collect();
            let mut eligible: Vec<bool> = (0..n).map(|_| rng.random_bool(0.85)).collect();
            // Few picks as well as many.
            let k = if round % 2 == 0 {
                rng.random_range(0..=n)
            } else {
                rng.random_range(0..=n / 8)
            };
            let ends: &[End] = match round % 3 {
                0 => &[End::Best],
                1 => &[End::Worst],
                _ => &[End::Best, End::Worst],
            };
            let snapshot = eligible.clone();
            picker.prepare(&keys, |i| snapshot[i], k, ends);
            for _ in 0..k {
                let end = ends[rng.random_range(0..ends.len())];
                let expected = scan(&keys, &eligible, end);
                let got = picker.pick(end);
                assert_eq!(got, expected, "round {round}");
                let Some(place) = got else { break };
                keys.swap_remove(place);
                eligible.swap_remove(place);
                picker.removed(place);
            }
        }
    }

    #[test]
    fn nothing_to_pick_is_none() {
        let mut picker = Picker::default();
        picker.prepare(&[3.0, 1.0], |_| false, 2, &[End::Best]);
        assert_eq!(picker.pick(End::Best), None);
        picker.prepare(&[3.0, 1.0], |_| true, 0, &[End::Best]);
        assert_eq!(picker.pick(End::Best), None);
    }
}
