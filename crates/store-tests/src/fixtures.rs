//! Shared setup for the conformance tests: dates, levels, organisations, people hired at a
//! level, accounts, generated imports, and the checks of a store error.

use std::collections::BTreeMap;

use pendulum_domain::generate::{Params, generate};
use pendulum_domain::{AccountId, Email, EventKind, Money, OrgId, OrgSlug, PersonId};
use pendulum_framework::Framework;
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_store::prelude::*;
use pendulum_store::{
    AuditAction, AuditEntry, ImportBatch, NewRoleEvent, OrgStore, Role, Store, StoreError,
};
use time::{Date, Month};

use crate::Backend;

pub(crate) fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
}

pub(crate) fn level(id: &str) -> LevelId {
    LevelId::new(id).unwrap()
}

pub(crate) fn email(s: &str) -> Email {
    Email::new(s).unwrap()
}

pub(crate) fn event(kind: EventKind, effective: Date) -> NewRoleEvent {
    NewRoleEvent::new(kind, effective, 1)
}

pub(crate) fn at(kind: EventKind, effective: Date, level_id: &str) -> NewRoleEvent {
    event(kind, effective).level(level(level_id))
}

pub(crate) async fn new_org<S: Store>(store: &S, slug: &str) -> S::Org {
    let org = store
        .create_org(
            &OrgSlug::new(slug).unwrap(),
            &format!("Organisation {slug}"),
        )
        .await
        .expect("create organisation");
    store.org(org.id)
}

/// Adds a person hired at `level_id` on `hired`.
pub(crate) async fn hire<O: OrgStore>(
    org: &O,
    address: &str,
    level_id: &str,
    hired: Date,
) -> PersonId {
    let person = org
        .create_person(address, &email(address), None)
        .await
        .expect("create person");
    org.append_event(person.id, at(EventKind::Hire, hired, level_id))
        .await
        .expect("hire");
    person.id
}

/// Every published version, for folding in the test.
pub(crate) async fn frameworks<O: OrgStore>(org: &O) -> BTreeMap<u32, Framework> {
    let mut all = BTreeMap::new();
    for v in org.framework_versions().await.unwrap() {
        all.insert(v.version, org.framework(v.version).await.unwrap());
    }
    all
}

/// The built-in framework with one level's block cut out.
pub(crate) fn without_level(yaml: &str, id: &str, next: &str) -> String {
    let start = yaml
        .find(&format!("      - id: {id}\n"))
        .expect("level in the framework");
    let end = yaml
        .find(&format!("      - id: {next}\n"))
        .expect("next level in the framework");
    format!("{}{}", &yaml[..start], &yaml[end..])
}

/// The built-in framework with level `from` renamed to `to`, mapped by `renamed_from`.
pub(crate) fn renamed(yaml: &str, from: &str, to: &str) -> String {
    yaml.replace(
        &format!("      - id: {from}\n"),
        &format!("      - id: {to}\n        renamed_from: [{from}]\n"),
    )
}

pub(crate) fn expect_invalid<T: std::fmt::Debug>(result: Result<T, StoreError>, mentions: &str) {
    match result {
        Err(StoreError::Invalid(message)) => {
            assert!(
                message.contains(mentions),
                "{message:?} should mention {mentions:?}"
            )
        }
        other => panic!("expected Invalid mentioning {mentions:?}, got {other:?}"),
    }
}

pub(crate) fn expect_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "expected NotFound, got {result:?}"
    );
}

/// Rounds of the race, each on a new person.
pub(crate) const ROUNDS: usize = 4;

/// A small generated organisation, for the import tests.
pub(crate) fn generated(org: OrgId, people: usize) -> ImportBatch {
    let framework = pendulum_framework::check_str("builtin", ENGINEERING_YAML)
        .unwrap()
        .framework;
    let params = Params {
        people,
        years: 6,
        seed: 11,
        as_of: date(2026, 6, 30),
    };
    let g = generate(&framework, 1, org, &params);
    ImportBatch {
        people: g.people,
        events: g.events,
        pay: g.pay,
        reporting: g.reporting,
    }
}

pub(crate) async fn counts<S: Backend>(store: &S, org: OrgId) -> [i64; 4] {
    let mut out = [0; 4];
    for (i, table) in ["people", "role_events", "pay_events", "current_roles"]
        .iter()
        .enumerate()
    {
        out[i] = store
            .count_raw(&format!(
                "SELECT count(*) FROM {table} WHERE org_id = '{org}'"
            ))
            .await;
    }
    out
}

pub(crate) const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

pub(crate) const OTHER_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0$b3RoZXJoYXNob3RoZXJoYXNo";

pub(crate) fn eur(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::new("EUR").unwrap(),
    }
}

pub(crate) fn in_an_hour() -> time::OffsetDateTime {
    pendulum_store::now() + time::Duration::hours(1)
}

pub(crate) fn an_hour_ago() -> time::OffsetDateTime {
    pendulum_store::now() - time::Duration::hours(1)
}

pub(crate) async fn actions_of<O: OrgStore>(org: &O, action: AuditAction) -> Vec<AuditEntry> {
    org.audit(10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == action)
        .collect()
}

pub(crate) async fn account<O: OrgStore>(org: &O, address: &str, role: Role) -> AccountId {
    org.create_account(&email(address), HASH, role, role == Role::Admin)
        .await
        .expect("create account")
        .id
}

/// Raw count of `account`'s API token rows that are revoked.
pub(crate) async fn revoked_tokens<S: Backend>(store: &S, org: &S::Org, account: AccountId) -> i64 {
    let o = org.org_id();
    store
        .count_raw(&format!(
            "SELECT count(*) FROM api_tokens WHERE org_id = '{o}' AND account_id = '{account}'
               AND revoked_at IS NOT NULL"
        ))
        .await
}
