//! What a proposal would do, in words, for the one who decides it: where the person stands
//! now (level and time in it), the level the change leads from and to, a change of track,
//! and where the history's rules place the change differently from what was asked (a
//! return to individual contribution lands at least on the guaranteed return level).
//!
//! The rules are those every append goes through (`pendulum_domain::prepare`), run on the
//! person's history as it is now, so what the page says is what confirming would record.

use pendulum_domain::{EventId, PersonId, RoleEvent, Terms, prepare, role_on};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_store::{FrameworkSet, NewRoleEvent};
use pendulum_views::admin::ProposalContext;
use pendulum_views::home::time_between;
use time::Date;

/// "Staff Engineer (ic-4)", or the bare id for a level `fw` lacks.
fn level_words(fw: &Framework, level: &LevelId) -> String {
    fw.level(level).map_or_else(
        || level.to_string(),
        |(_, l)| format!("{} ({})", l.title, l.id),
    )
}

fn track_words(fw: &Framework, level: &LevelId) -> Option<String> {
    fw.level(level).map(|(track, _)| track.name.clone())
}

/// The context of a pending proposal to add `proposed` to `person`'s history `events`,
/// read in the latest framework `latest`, on `today`.
pub(super) fn context(
    frameworks: &FrameworkSet,
    latest: (u32, &Framework),
    events: &[RoleEvent],
    person: PersonId,
    proposed: &NewRoleEvent,
    today: Date,
) -> ProposalContext {
    let (version, fw) = latest;
    let now = role_on(frameworks, events, today, Terms::Version(version)).map(|role| {
        format!(
            "{}, for {}",
            level_words(fw, &role.level),
            time_between(role.since, today)
        )
    });
    // The level held just before the change takes effect.
    let before_day = proposed
        .effective
        .previous_day()
        .unwrap_or(proposed.effective);
    let before = role_on(frameworks, events, before_day, Terms::Version(version));
    let seq = events.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
    let staged = proposed
        .clone()
        .into_event(EventId::new(), person, seq, pendulum_store::now());
    let mut notes = Vec::new();
    let mut change = None;
    match prepare(frameworks, events, staged) {
        Ok((resolved, _)) => {
            if let Some(to) = &resolved.level {
                let from = before.as_ref().map(|b| &b.level);
                change = Some(match from {
                    Some(from) if from != to => {
                        format!("{} → {}", level_words(fw, from), level_words(fw, to))
                    }
                    Some(from) => format!("stays at {}", level_words(fw, from)),
                    None => format!("starts at {}", level_words(fw, to)),
                });
                if let (Some(from), Some(to_track)) = (from, track_words(fw, to))
                    && let Some(from_track) = track_words(fw, from)
                    && from_track != to_track
                {
                    notes.push(format!("Changes track: {from_track} → {to_track}."));
                }
                if proposed.level.as_ref().is_some_and(|asked| asked != to) {
                    let asked = proposed.level.as_ref().map(|l| level_words(fw, l));
                    notes.push(format!(
                        "The rules place it at {} rather than {}: a return from management lands at least on the guaranteed return level.",
                        level_words(fw, to),
                        asked.unwrap_or_default()
                    ));
                } else if proposed.level.is_none() {
                    notes.push(format!(
                        "The rules place it at {}: the guaranteed return level.",
                        level_words(fw, to)
                    ));
                }
            }
            if resolved.effective > today {
                notes.push(format!(
                    "Scheduled: takes effect on {}.",
                    pendulum_views::dates::date(resolved.effective)
                ));
            }
            let later: Vec<&RoleEvent> = events
                .iter()
                .filter(|e| e.effective > proposed.effective)
                .collect();
            if !later.is_empty() {
                notes.push(format!(
                    "Dated before {} later entr{} of the history.",
                    later.len(),
                    if later.len() == 1 { "y" } else { "ies" }
                ));
            }
        }
        Err(e) => notes.push(format!("Confirming it now would be refused: {e}")),
    }
    ProposalContext {
        reason: proposed
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        now,
        change,
        notes,
    }
}
