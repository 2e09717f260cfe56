//! A word-level diff of two texts, for showing a reworded description, scope or criterion
//! side by side with what changed marked: the longest common subsequence of their words
//! (whitespace runs kept as tokens, so each side reads back exactly as written).
//!
//! The common start and end are taken off first, so a one-word edit in a long text costs
//! next to nothing; what remains is compared word by word when it is at most
//! [`MAX_CELLS`] pairs of tokens, and otherwise shown as wholly replaced.

/// The most pairs of tokens compared (a table of `u16`: 8 MB at most; a common subsequence
/// of fewer than 2,000 tokens fits in a `u16`).
pub const MAX_CELLS: usize = 4_000_000;

/// A run of text on one side, changed or kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// Removed (on the old side) or added (on the new side).
    pub changed: bool,
}

/// What happens to a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Kept,
    Removed,
    Added,
}

/// Both sides of a reworded text, each as runs of kept and changed words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordDiff {
    pub old: Vec<Segment>,
    pub new: Vec<Segment>,
    /// The diff on one line, as `git diff --word-diff` writes it.
    inline: String,
}

impl WordDiff {
    /// The diff on one line, as `git diff --word-diff` writes it: `[-removed-]{+added+}`.
    pub fn inline(&self) -> &str {
        &self.inline
    }

    /// Whether anything differs.
    pub fn has_changes(&self) -> bool {
        self.old.iter().chain(&self.new).any(|s| s.changed)
    }
}

/// Words and the whitespace between them, in order.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in text.char_indices() {
        let is_space = c.is_whitespace();
        if space.is_some_and(|s| s != is_space) {
            out.push(&text[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Appends a token to a side, joining it to the last run when that has the same mark.
fn push(side: &mut Vec<Segment>, text: &str, changed: bool) {
    match side.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => side.push(Segment {
            text: text.to_string(),
            changed,
        }),
    }
}

/// The tokens of `a` and `b` in one sequence, each kept, removed or added.
fn ops<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<(Op, &'t str)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<(Op, &str)> = a[..prefix].iter().map(|t| (Op::Kept, *t)).collect();
    if mid_a.len().saturating_mul(mid_b.len()) > MAX_CELLS {
        out.extend(mid_a.iter().map(|t| (Op::Removed, *t)));
        out.extend(mid_b.iter().map(|t| (Op::Added, *t)));
    } else {
        let (n, m) = (mid_a.len(), mid_b.len());
        // lcs[i * width + j]: the longest common subsequence of mid_a[i..] and mid_b[j..].
        let width = m + 1;
        let mut lcs = vec![0u16; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * width + j] = if mid_a[i] == mid_b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && mid_a[i] == mid_b[j] {
                out.push((Op::Kept, mid_a[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                out.push((Op::Removed, mid_a[i]));
                i += 1;
            } else {
                out.push((Op::Added, mid_b[j]));
                j += 1;
            }
        }
    }
    out.extend(a[a.len() - suffix..].iter().map(|t| (Op::Kept, *t)));
    // A kept space between two changes joins them, so a changed phrase reads as one mark.
    for k in 1..out.len().saturating_sub(1) {
        if out[k].0 == Op::Kept
            && out[k].1.trim().is_empty()
            && out[k - 1].0 != Op::Kept
            && out[k + 1].0 != Op::Kept
        {
            out[k].0 = Op::Removed;
            out.insert(k + 1, (Op::Added, out[k].1));
        }
    }
    // Within a change, removals before additions.
    let mut k = 0;
    while k < out.len() {
        if out[k].0 == Op::Kept {
            k += 1;
            continue;
        }
        let end = out[k..]
            .iter()
            .position(|(op, _)| *op == Op::Kept)
            .map_or(out.len(), |p| k + p);
        out[k..end].sort_by_key(|(op, _)| *op == Op::Added);
        k = end;
    }
    out
}

/// A run of the diff: text both sides keep, or a change (what the old side has there and
/// what the new side has instead, either possibly empty).
enum Run {
    Kept(String),
    Change(String, String),
}

/// The ops as runs, a change's whitespace at either end moved out of it when both of its
/// sides have it, so that a replacement's mark covers words, not the spaces around them:
/// "leads [a service] end", not "leads[ a service ]end". (An insertion keeps one space in
/// its mark: the other side has one space fewer.)
fn runs(ops: &[(Op, &str)]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (op, t) in ops {
        match (op, runs.last_mut()) {
            (Op::Kept, Some(Run::Kept(k))) => k.push_str(t),
            (Op::Kept, _) => runs.push(Run::Kept((*t).to_string())),
            (Op::Removed, Some(Run::Change(r, _))) => r.push_str(t),
            (Op::Added, Some(Run::Change(_, a))) => a.push_str(t),
            (Op::Removed, _) => runs.push(Run::Change((*t).to_string(), String::new())),
            (Op::Added, _) => runs.push(Run::Change(String::new(), (*t).to_string())),
        }
    }
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        let Run::Change(mut removed, mut added) = run else {
            match (run, out.last_mut()) {
                (Run::Kept(k), Some(Run::Kept(last))) => last.push_str(&k),
                (run, _) => out.push(run),
            }
            continue;
        };
        let lead = |t: &str| t.len() - t.trim_start().len();
        let trail = |t: &str| t.len() - t.trim_end().len();
        // The `n` bytes of whitespace at the start (or end) of both sides, when they agree.
        let shared = |a: &str, b: &str, n: usize, at_start: bool| -> Option<String> {
            let fits = |t: &str| {
                t.is_empty()
                    || (n <= t.len() && t.is_char_boundary(if at_start { n } else { t.len() - n }))
            };
            if !fits(a) || !fits(b) {
                return None;
            }
            let piece = |t: &str| {
                if at_start {
                    t[..n].to_string()
                } else {
                    t[t.len() - n..].to_string()
                }
            };
            // With one side empty the space is the other side's alone: it stays marked.
            if a.is_empty() || b.is_empty() {
                return None;
            }
            (piece(a) == piece(b)).then(|| piece(a))
        };
        let n = match (removed.is_empty(), added.is_empty()) {
            (true, _) => lead(&added),
            (_, true) => lead(&removed),
            _ => lead(&removed).min(lead(&added)),
        };
        let before = if n > 0 {
            shared(&removed, &added, n, true)
        } else {
            None
        };
        if let Some(ws) = &before {
            if !removed.is_empty() {
                removed.drain(..ws.len());
            }
            if !added.is_empty() {
                added.drain(..ws.len());
            }
            match out.last_mut() {
                Some(Run::Kept(last)) => last.push_str(ws),
                _ => out.push(Run::Kept(ws.clone())),
            }
        }
        let n = match (removed.is_empty(), added.is_empty()) {
            (true, _) => trail(&added),
            (_, true) => trail(&removed),
            _ => trail(&removed).min(trail(&added)),
        };
        let after = if n > 0 {
            shared(&removed, &added, n, false)
        } else {
            None
        };
        if let Some(ws) = &after {
            if !removed.is_empty() {
                removed.truncate(removed.len() - ws.len());
            }
            if !added.is_empty() {
                added.truncate(added.len() - ws.len());
            }
        }
        if !removed.is_empty() || !added.is_empty() {
            out.push(Run::Change(removed, added));
        }
        if let Some(ws) = after {
            out.push(Run::Kept(ws));
        }
    }
    out
}

/// The word diff of `old` and `new`.
pub fn word_diff(old: &str, new: &str) -> WordDiff {
    let (a, b) = (tokens(old), tokens(new));
    let ops = ops(&a, &b);
    let mut old_side = Vec::new();
    let mut new_side = Vec::new();
    let mut inline = String::new();
    for run in runs(&ops) {
        match run {
            Run::Kept(k) => {
                push(&mut old_side, &k, false);
                push(&mut new_side, &k, false);
                inline.push_str(&k);
            }
            Run::Change(removed, added) => {
                if !removed.is_empty() {
                    push(&mut old_side, &removed, true);
                    inline.push_str(&format!("[-{removed}-]"));
                }
                if !added.is_empty() {
                    push(&mut new_side, &added, true);
                    inline.push_str(&format!("{{+{added}+}}"));
                }
            }
        }
    }
    WordDiff {
        old: old_side,
        new: new_side,
        inline,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn side(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.changed {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn a_reworded_phrase_is_marked_on_both_sides() {
        let d = word_diff(
            "Owns the design of a service end to end.",
            "Owns the design and operation of several services end to end.",
        );
        assert_eq!(side(&d.old), "Owns the design of [a service] end to end.");
        assert_eq!(
            side(&d.new),
            "Owns the design [and operation ]of [several services] end to end."
        );
        assert_eq!(
            d.inline(),
            "Owns the design {+and operation +}of [-a service-]{+several services+} end to end."
        );
    }

    #[test]
    fn equal_texts_have_no_marks_and_new_text_is_all_marked() {
        let d = word_diff("Same words.", "Same words.");
        assert!(!d.has_changes());
        let d = word_diff("", "All new");
        assert!(d.old.is_empty());
        assert_eq!(side(&d.new), "[All new]");
    }

    proptest! {
        #[test]
        fn each_side_reads_back_as_written(
            old in "[a-c \\u{3000}\\n]{0,40}",
            new in "[a-c \\u{3000}\\n]{0,40}",
        ) {
            let d = word_diff(&old, &new);
            let text = |s: &[Segment]| s.iter().map(|s| s.text.as_str()).collect::<String>();
            prop_assert_eq!(text(&d.old), old.clone());
            prop_assert_eq!(text(&d.new), new.clone());
            // What is kept is the same on both sides.
            let kept = |s: &[Segment]| s.iter().filter(|s| !s.changed).map(|s| s.text.clone()).collect::<String>();
            prop_assert_eq!(kept(&d.old), kept(&d.new));
            if old == new {
                prop_assert!(d.old.iter().chain(&d.new).all(|s| !s.changed));
            }
        }
    }
}
