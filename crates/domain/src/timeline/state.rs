//! The fold's state: the current role plus what the rules need to remember, advanced one
//! event at a time. Each event kind's rules live in one method here.

use pendulum_framework::ids::LevelId;
use pendulum_framework::model::{Framework, Level, Track, TrackKind};
use time::Date;

use super::levels::{self, describe, track_name};
use super::{CurrentRole, Frameworks, TimelineError, Trial};
use crate::event::{EventKind, RoleEvent, TrialOutcome};
use crate::person::PersonStatus;

type Placement<'f> = (&'f Track, &'f Level);

pub(super) struct State {
    pub(super) role: CurrentRole,
    /// The last level held on an individual-contributor track and the framework version it
    /// was held under: the "level held before entering management" a return is guaranteed.
    /// Kept across an exit, as a person's history is.
    last_ic: Option<(u32, LevelId)>,
    /// When the person left, while they are away from the organisation.
    left: Option<Date>,
}

/// The framework an event was recorded under and the level it names, both checked.
fn check_event<'f>(
    frameworks: &'f impl Frameworks,
    event: &RoleEvent,
) -> Result<(&'f Framework, Option<Placement<'f>>), TimelineError> {
    let (kind, date) = (event.kind, event.effective);
    let fw =
        frameworks
            .get(event.framework_version)
            .ok_or(TimelineError::UnknownFrameworkVersion {
                kind,
                date,
                version: event.framework_version,
            })?;
    let named = match &event.level {
        None if kind.requires_level() => return Err(TimelineError::MissingLevel { kind, date }),
        None => None,
        Some(id) => Some(fw.level(id).ok_or_else(|| TimelineError::UnknownLevel {
            kind,
            date,
            level: id.to_string(),
            version: event.framework_version,
        })?),
    };
    Ok((fw, named))
}

fn required<'f>(
    named: Option<Placement<'f>>,
    event: &RoleEvent,
) -> Result<Placement<'f>, TimelineError> {
    named.ok_or(TimelineError::MissingLevel {
        kind: event.kind,
        date: event.effective,
    })
}

impl State {
    /// The state after the first counting event, which the caller has made sure is a hire
    /// or a baseline.
    pub(super) fn start(
        frameworks: &impl Frameworks,
        event: &RoleEvent,
    ) -> Result<Self, TimelineError> {
        let (_, named) = check_event(frameworks, event)?;
        let (track, level) = required(named, event)?;
        let mut state = State {
            role: CurrentRole {
                status: PersonStatus::Active,
                level: level.id.clone(),
                track: track.id.clone(),
                framework_version: event.framework_version,
                since: event.effective,
                hired: event.effective,
                trial: None,
                last_event_seq: event.seq,
            },
            last_ic: None,
            left: None,
        };
        state.place(event, (track, level));
        Ok(state)
    }

    pub(super) fn apply(
        &mut self,
        frameworks: &impl Frameworks,
        event: &RoleEvent,
    ) -> Result<(), TimelineError> {
        let (fw, named) = check_event(frameworks, event)?;
        let (kind, date, version) = (event.kind, event.effective, event.framework_version);
        if let Some(left) = self.left {
            return match kind {
                EventKind::Hire => {
                    self.rehire(event, required(named, event)?);
                    Ok(())
                }
                EventKind::Exit => Err(TimelineError::AlreadyExited { date, left }),
                _ => Err(TimelineError::AfterExit { kind, date, left }),
            };
        }
        let carried = self.carry_to(frameworks, version);
        let needs_held = match kind {
            EventKind::Promotion
            | EventKind::Move
            | EventKind::TrialStart
            | EventKind::TrialEnd => true,
            EventKind::Hire | EventKind::Baseline | EventKind::Return => false,
            EventKind::TrialExtend
            | EventKind::Leave
            | EventKind::CareerBreak
            | EventKind::Exit => event.level.is_some(),
        };
        if needs_held && !carried {
            let held_version = self.role.framework_version;
            return Err(TimelineError::LevelNotInVersion {
                kind,
                date,
                held: frameworks.get(held_version).map_or_else(
                    || self.role.level.to_string(),
                    |old| describe(old, &self.role.level),
                ),
                held_version,
                version,
            });
        }
        match kind {
            EventKind::Hire | EventKind::Baseline => Err(TimelineError::AlreadyHired {
                kind,
                date,
                hired: self.role.hired,
            }),
            EventKind::Promotion => self.promote(fw, event, required(named, event)?),
            EventKind::Move => self.move_track(fw, event, required(named, event)?),
            EventKind::TrialStart => self.start_trial(fw, event, required(named, event)?),
            EventKind::TrialExtend => self.extend_trial(fw, event, named),
            EventKind::TrialEnd => self.end_trial(frameworks, fw, event, named),
            EventKind::Leave | EventKind::CareerBreak => self.go_away(fw, event, named),
            EventKind::Return => self.come_back(fw, event, named),
            EventKind::Exit => {
                self.keeps_level(fw, event, named)?;
                self.role.status = PersonStatus::Exited;
                self.role.trial = None;
                self.left = Some(date);
                Ok(())
            }
        }
    }

    /// Where a move from a management level to an individual-contributor track lands at
    /// least, under framework `fw` (version `version`): the higher of the IC level held
    /// before entering management and the return path of the management level held. `None`
    /// when the person is not on a management track or nothing is guaranteed.
    pub(super) fn management_return(
        &self,
        frameworks: &impl Frameworks,
        fw: &Framework,
        version: u32,
    ) -> Option<LevelId> {
        let held = levels::carry(
            frameworks,
            &self.role.level,
            self.role.framework_version,
            version,
        )?;
        if !levels::is_management(fw, &held) {
            return None;
        }
        let before = self
            .last_ic
            .as_ref()
            .and_then(|(held_under, id)| levels::carry(frameworks, id, *held_under, version))
            .filter(|id| {
                fw.level(id)
                    .is_some_and(|(t, _)| t.kind == TrackKind::IndividualContributor)
            });
        levels::higher(fw, before, fw.transitions.return_paths.get(&held).cloned())
    }

    /// Where a trial that ends in a return lands: the higher of the level held before the
    /// trial and the return path of the trial's level. A trial started from a management
    /// level returns to that level.
    pub(super) fn trial_return(
        &self,
        frameworks: &impl Frameworks,
        fw: &Framework,
        version: u32,
    ) -> Option<LevelId> {
        let trial = self.role.trial.as_ref()?;
        let held_under = self.role.framework_version;
        let from = levels::carry(frameworks, &trial.from_level, held_under, version)?;
        if levels::is_management(fw, &from) {
            return Some(from);
        }
        let target = levels::carry(frameworks, &trial.target, held_under, version)?;
        levels::higher(
            fw,
            Some(from),
            fw.transitions.return_paths.get(&target).cloned(),
        )
    }

    /// Re-reads the held level (and a trial's levels) under framework `version`. Returns
    /// false, changing nothing, when a level has no counterpart there.
    fn carry_to(&mut self, frameworks: &impl Frameworks, version: u32) -> bool {
        let from = self.role.framework_version;
        if from == version {
            return true;
        }
        let carry = |id: &LevelId| levels::carry(frameworks, id, from, version);
        let Some(level) = carry(&self.role.level) else {
            return false;
        };
        let trial = match &self.role.trial {
            None => None,
            Some(trial) => match (carry(&trial.from_level), carry(&trial.target)) {
                (Some(from_level), Some(target)) => Some(Trial {
                    from_level,
                    target,
                    ..trial.clone()
                }),
                _ => return false,
            },
        };
        let Some((track, _)) = frameworks.get(version).and_then(|fw| fw.level(&level)) else {
            return false;
        };
        self.role.track = track.id.clone();
        self.role.level = level;
        self.role.trial = trial;
        self.role.framework_version = version;
        true
    }

    fn place(&mut self, event: &RoleEvent, (track, level): Placement<'_>) {
        self.role.level = level.id.clone();
        self.role.track = track.id.clone();
        self.role.framework_version = event.framework_version;
        self.role.since = event.effective;
        if track.kind == TrackKind::IndividualContributor {
            self.last_ic = Some((event.framework_version, level.id.clone()));
        }
    }

    fn held<'f>(
        &self,
        fw: &'f Framework,
        event: &RoleEvent,
    ) -> Result<Placement<'f>, TimelineError> {
        fw.level(&self.role.level)
            .ok_or_else(|| TimelineError::LevelNotInVersion {
                kind: event.kind,
                date: event.effective,
                held: self.role.level.to_string(),
                held_version: self.role.framework_version,
                version: event.framework_version,
            })
    }

    fn not_in_trial(&self, event: &RoleEvent, fw: &Framework) -> Result<(), TimelineError> {
        match &self.role.trial {
            None => Ok(()),
            Some(trial) => Err(TimelineError::DuringTrial {
                kind: event.kind,
                date: event.effective,
                target: describe(fw, &trial.target),
                started: trial.started,
            }),
        }
    }

    /// Kinds that do not change the level may restate it, but not name another one.
    fn keeps_level(
        &self,
        fw: &Framework,
        event: &RoleEvent,
        named: Option<Placement<'_>>,
    ) -> Result<(), TimelineError> {
        match named {
            Some((_, level)) if level.id != self.role.level => {
                Err(TimelineError::LevelChangeNotAllowed {
                    kind: event.kind,
                    date: event.effective,
                    held: describe(fw, &self.role.level),
                    level: describe(fw, &level.id),
                })
            }
            _ => Ok(()),
        }
    }

    fn move_allowed(
        &self,
        fw: &Framework,
        event: &RoleEvent,
        from: &Track,
        to: &Track,
    ) -> Result<(), TimelineError> {
        if levels::move_allowed(fw, &from.id, &to.id) {
            Ok(())
        } else {
            Err(TimelineError::MoveNotAllowed {
                kind: event.kind,
                date: event.effective,
                from_track: from.name.clone(),
                to_track: to.name.clone(),
                version: event.framework_version,
            })
        }
    }

    fn rehire(&mut self, event: &RoleEvent, placement: Placement<'_>) {
        self.role.status = PersonStatus::Active;
        self.role.hired = event.effective;
        self.role.trial = None;
        self.left = None;
        self.place(event, placement);
    }

    fn promote(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        (to_track, to): Placement<'_>,
    ) -> Result<(), TimelineError> {
        self.not_in_trial(event, fw)?;
        let (from_track, from) = self.held(fw, event)?;
        let date = event.effective;
        if from_track.id != to_track.id {
            return Err(TimelineError::PromotionAcrossTracks {
                date,
                from: describe(fw, &from.id),
                from_track: from_track.name.clone(),
                to: describe(fw, &to.id),
                to_track: to_track.name.clone(),
            });
        }
        let position = |id: &LevelId| from_track.levels.iter().position(|l| &l.id == id);
        let grade = |l: &Level| l.grade.as_ref().and_then(|g| fw.grade_rank(g));
        let above = position(&to.id) > position(&from.id);
        let grade_kept = match (grade(from), grade(to)) {
            (Some(before), Some(after)) => after >= before,
            _ => true,
        };
        if !(above && grade_kept) {
            return Err(TimelineError::PromotionNotHigher {
                date,
                from: describe(fw, &from.id),
                to: describe(fw, &to.id),
            });
        }
        self.place(event, (to_track, to));
        Ok(())
    }

    fn move_track(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        (to_track, to): Placement<'_>,
    ) -> Result<(), TimelineError> {
        self.not_in_trial(event, fw)?;
        let (from_track, from) = self.held(fw, event)?;
        if from_track.id == to_track.id {
            return Err(TimelineError::MoveWithinTrack {
                date: event.effective,
                from: describe(fw, &from.id),
                to: describe(fw, &to.id),
                track: track_name(fw, &to_track.id),
            });
        }
        self.move_allowed(fw, event, from_track, to_track)?;
        self.place(event, (to_track, to));
        Ok(())
    }

    fn start_trial(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        (to_track, to): Placement<'_>,
    ) -> Result<(), TimelineError> {
        let date = event.effective;
        if let Some(trial) = &self.role.trial {
            return Err(TimelineError::TrialInsideTrial {
                date,
                target: describe(fw, &trial.target),
                started: trial.started,
            });
        }
        if to_track.kind != TrackKind::Management {
            return Err(TimelineError::TrialTargetNotManagement {
                date,
                level: describe(fw, &to.id),
                track: to_track.name.clone(),
            });
        }
        let (from_track, from) = self.held(fw, event)?;
        if from_track.id == to_track.id {
            return Err(TimelineError::TrialWithinTrack {
                date,
                track: to_track.name.clone(),
            });
        }
        self.move_allowed(fw, event, from_track, to_track)?;
        let until = event
            .until
            .unwrap_or_else(|| levels::default_trial_end(fw, date));
        if until <= date {
            return Err(TimelineError::TrialEndsBeforeStart { date, until });
        }
        self.role.trial = Some(Trial {
            from_level: from.id.clone(),
            target: to.id.clone(),
            started: date,
            until: Some(until),
        });
        self.place(event, (to_track, to));
        Ok(())
    }

    fn extend_trial(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        named: Option<Placement<'_>>,
    ) -> Result<(), TimelineError> {
        let date = event.effective;
        if self.role.trial.is_none() {
            return Err(TimelineError::NotInTrial {
                kind: event.kind,
                date,
            });
        }
        self.keeps_level(fw, event, named)?;
        let until = event
            .until
            .ok_or(TimelineError::MissingTrialUntil { date })?;
        let Some(trial) = self.role.trial.as_mut() else {
            return Err(TimelineError::NotInTrial {
                kind: event.kind,
                date,
            });
        };
        if let Some(current) = trial.until.filter(|current| until <= *current) {
            return Err(TimelineError::TrialExtensionNotLater {
                date,
                until,
                current,
            });
        }
        trial.until = Some(until);
        Ok(())
    }

    fn end_trial(
        &mut self,
        frameworks: &impl Frameworks,
        fw: &Framework,
        event: &RoleEvent,
        named: Option<Placement<'_>>,
    ) -> Result<(), TimelineError> {
        let date = event.effective;
        let Some(trial) = &self.role.trial else {
            return Err(TimelineError::NotInTrial {
                kind: event.kind,
                date,
            });
        };
        let outcome = event
            .outcome
            .ok_or(TimelineError::MissingOutcome { date })?;
        match outcome {
            TrialOutcome::Stay => {
                if let Some((_, level)) = named.filter(|(_, l)| l.id != trial.target) {
                    return Err(TimelineError::StayLevelMismatch {
                        date,
                        target: describe(fw, &trial.target),
                        level: describe(fw, &level.id),
                    });
                }
            }
            TrialOutcome::Return => {
                let landing = match named {
                    Some(placement) => placement,
                    None => self
                        .trial_return(frameworks, fw, event.framework_version)
                        .and_then(|id| fw.level(&id))
                        .ok_or(TimelineError::MissingLevel {
                            kind: event.kind,
                            date,
                        })?,
                };
                self.place(event, landing);
            }
        }
        self.role.trial = None;
        Ok(())
    }

    fn go_away(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        named: Option<Placement<'_>>,
    ) -> Result<(), TimelineError> {
        if self.role.status != PersonStatus::Active {
            return Err(TimelineError::NotActive {
                kind: event.kind,
                date: event.effective,
                status: self.role.status,
            });
        }
        self.keeps_level(fw, event, named)?;
        self.role.status = if event.kind == EventKind::Leave {
            PersonStatus::OnLeave
        } else {
            PersonStatus::OnCareerBreak
        };
        Ok(())
    }

    fn come_back(
        &mut self,
        fw: &Framework,
        event: &RoleEvent,
        named: Option<Placement<'_>>,
    ) -> Result<(), TimelineError> {
        if !matches!(
            self.role.status,
            PersonStatus::OnLeave | PersonStatus::OnCareerBreak
        ) {
            return Err(TimelineError::NothingToReturnFrom {
                date: event.effective,
            });
        }
        let changes_level = |(_, level): &Placement<'_>| {
            level.id != self.role.level || self.role.framework_version != event.framework_version
        };
        if let Some(placement) = named.filter(changes_level) {
            self.not_in_trial(event, fw)?;
            // Coming back on another track is a move between tracks too.
            if let Some(from_track) = fw
                .track(&self.role.track)
                .filter(|t| t.id != placement.0.id)
            {
                self.move_allowed(fw, event, from_track, placement.0)?;
            }
            self.place(event, placement);
        }
        self.role.status = PersonStatus::Active;
        Ok(())
    }
}
