//! Rows as both databases hold them: plain values (ids, integers, strings, dates) that each
//! backend reads and binds with its own column types. Turning a row into a domain value, and
//! back, happens here once, so the two backends cannot read the same row differently.
//!
//! A value that does not parse is [`StoreError::Database`]: it means the data changed
//! behind the store's back or the code and the schema disagree, never bad user input.

use pendulum_domain::timeline::Trial;
use pendulum_domain::{
    CurrentRole, Email, EventId, EventKind, Money, OrgId, OrgSlug, Organisation, PayEvent,
    PayEventId, Person, PersonId, PersonStatus, RoleEvent, TrialOutcome,
};
use pendulum_framework::ids::{Currency, LevelId, TrackId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::error::{Result, StoreError};

/// A sequence or version number as stored (both databases use signed integers).
pub fn to_u32(value: i64, column: &str) -> Result<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("{column} out of range: {value}")))
}

/// A sequence or version number about to be stored in a 32-bit signed column.
pub fn to_i32(value: u32, column: &str) -> Result<i32> {
    i32::try_from(value)
        .map_err(|_| StoreError::Invalid(format!("{column} {value} is too large to store")))
}

fn level(value: String, column: &str) -> Result<LevelId> {
    LevelId::new(value).map_err(|e| StoreError::corrupt(format!("{column}: {e}")))
}

fn opt_level(value: Option<String>, column: &str) -> Result<Option<LevelId>> {
    value.map(|v| level(v, column)).transpose()
}

pub fn outcome_str(outcome: TrialOutcome) -> &'static str {
    match outcome {
        TrialOutcome::Stay => "stay",
        TrialOutcome::Return => "return",
    }
}

fn parse_outcome(value: &str) -> Result<TrialOutcome> {
    match value {
        "stay" => Ok(TrialOutcome::Stay),
        "return" => Ok(TrialOutcome::Return),
        other => Err(StoreError::corrupt(format!(
            "unknown trial outcome {other:?}"
        ))),
    }
}

#[derive(Clone, Debug)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

impl OrganisationRow {
    pub fn into_organisation(self) -> Result<Organisation> {
        Ok(Organisation {
            id: OrgId::from_uuid(self.id),
            slug: OrgSlug::new(self.slug).map_err(|e| StoreError::corrupt(e.0))?,
            name: self.name,
        })
    }
}

/// A person joined with the status of their current role (`None` without a history).
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub org_id: Uuid,
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub manager_id: Option<Uuid>,
    pub status: Option<String>,
}

impl PersonRow {
    pub fn into_person(self) -> Result<Person> {
        let status = match self.status {
            None => PersonStatus::Active,
            Some(s) => PersonStatus::parse(&s)
                .ok_or_else(|| StoreError::corrupt(format!("unknown status {s:?}")))?,
        };
        Ok(Person {
            id: PersonId::from_uuid(self.id),
            org: OrgId::from_uuid(self.org_id),
            name: self.name,
            email: Email::new(self.email).map_err(|e| StoreError::corrupt(e.0))?,
            manager: self.manager_id.map(PersonId::from_uuid),
            status,
        })
    }
}

#[derive(Clone, Debug)]
pub struct RoleEventRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub seq: i64,
    pub kind: String,
    pub effective: Date,
    pub recorded_at: OffsetDateTime,
    pub framework_version: i64,
    pub level_id: Option<String>,
    pub until_date: Option<Date>,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub supersedes_id: Option<Uuid>,
}

impl RoleEventRow {
    pub fn from_event(e: &RoleEvent) -> Self {
        Self {
            id: e.id.as_uuid(),
            person_id: e.person.as_uuid(),
            seq: e.seq.into(),
            kind: e.kind.as_str().to_string(),
            effective: e.effective,
            recorded_at: e.recorded_at,
            framework_version: e.framework_version.into(),
            level_id: e.level.as_ref().map(|l| l.as_str().to_string()),
            until_date: e.until,
            outcome: e.outcome.map(|o| outcome_str(o).to_string()),
            reason: e.reason.clone(),
            supersedes_id: e.supersedes.map(|s| s.as_uuid()),
        }
    }

    pub fn into_event(self) -> Result<RoleEvent> {
        Ok(RoleEvent {
            id: EventId::from_uuid(self.id),
            person: PersonId::from_uuid(self.person_id),
            seq: to_u32(self.seq, "seq")?,
            kind: EventKind::parse(&self.kind).ok_or_else(|| {
                StoreError::corrupt(format!("unknown event kind {:?}", self.kind))
            })?,
            effective: self.effective,
            recorded_at: self.recorded_at,
            framework_version: to_u32(self.framework_version, "framework_version")?,
            level: opt_level(self.level_id, "level_id")?,
            until: self.until_date,
            outcome: self.outcome.as_deref().map(parse_outcome).transpose()?,
            reason: self.reason,
            supersedes: self.supersedes_id.map(EventId::from_uuid),
        })
    }
}

#[derive(Clone, Debug)]
pub struct CurrentRoleRow {
    pub person_id: Uuid,
    pub status: String,
    pub level_id: String,
    pub track_id: String,
    pub framework_version: i64,
    pub since: Date,
    pub hired: Date,
    pub trial_from_level: Option<String>,
    pub trial_target: Option<String>,
    pub trial_started: Option<Date>,
    pub trial_until: Option<Date>,
    pub last_event_seq: i64,
}

impl CurrentRoleRow {
    pub fn from_role(person: PersonId, role: &CurrentRole) -> Self {
        let trial = role.trial.as_ref();
        Self {
            person_id: person.as_uuid(),
            status: role.status.as_str().to_string(),
            level_id: role.level.as_str().to_string(),
            track_id: role.track.as_str().to_string(),
            framework_version: role.framework_version.into(),
            since: role.since,
            hired: role.hired,
            trial_from_level: trial.map(|t| t.from_level.as_str().to_string()),
            trial_target: trial.map(|t| t.target.as_str().to_string()),
            trial_started: trial.map(|t| t.started),
            trial_until: trial.and_then(|t| t.until),
            last_event_seq: role.last_event_seq.into(),
        }
    }

    pub fn into_role(self) -> Result<CurrentRole> {
        let trial = match (self.trial_from_level, self.trial_target, self.trial_started) {
            (Some(from), Some(target), Some(started)) => Some(Trial {
                from_level: level(from, "trial_from_level")?,
                target: level(target, "trial_target")?,
                started,
                until: self.trial_until,
            }),
            (None, None, None) => None,
            _ => return Err(StoreError::corrupt("a trial without its start or levels")),
        };
        Ok(CurrentRole {
            status: PersonStatus::parse(&self.status)
                .ok_or_else(|| StoreError::corrupt(format!("unknown status {:?}", self.status)))?,
            level: level(self.level_id, "level_id")?,
            track: TrackId::new(self.track_id).map_err(|e| StoreError::corrupt(e.to_string()))?,
            framework_version: to_u32(self.framework_version, "framework_version")?,
            since: self.since,
            hired: self.hired,
            trial,
            last_event_seq: to_u32(self.last_event_seq, "last_event_seq")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct PayEventRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub seq: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub effective: Date,
    pub recorded_at: OffsetDateTime,
    pub reason: Option<String>,
}

impl PayEventRow {
    pub fn from_event(e: &PayEvent) -> Self {
        Self {
            id: e.id.as_uuid(),
            person_id: e.person.as_uuid(),
            seq: e.seq.into(),
            amount_minor: e.amount.minor,
            currency: e.amount.currency.as_str().to_string(),
            effective: e.effective,
            recorded_at: e.recorded_at,
            reason: e.reason.clone(),
        }
    }

    pub fn into_event(self) -> Result<PayEvent> {
        Ok(PayEvent {
            id: PayEventId::from_uuid(self.id),
            person: PersonId::from_uuid(self.person_id),
            seq: to_u32(self.seq, "seq")?,
            amount: Money {
                minor: self.amount_minor,
                currency: Currency::new(self.currency).map_err(StoreError::corrupt)?,
            },
            effective: self.effective,
            recorded_at: self.recorded_at,
            reason: self.reason,
        })
    }
}
