//! The conformance suite. Every function takes a freshly migrated, empty store and panics
//! on failure; `tests/it/main.rs` runs each against every backend.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use pendulum_domain::generate::{Params, generate};
use pendulum_domain::timeline::fold;
use pendulum_domain::{
    AccountId, ApiTokenId, Email, EventKind, Money, OrgId, OrgSlug, Organisation, PersonId,
    PersonStatus, ProposalId, RoleEvent, TimelineError, TrialOutcome,
};
use pendulum_framework::Framework;
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::{Currency, LevelId};
use pendulum_store::framework::content_hash;
use pendulum_store::prelude::*;
use pendulum_store::{
    Actor, AuditAction, AuditEntry, DEFAULT_APPEND_RETRIES, ImportBatch, NewRoleEvent, OrgStore,
    Progress, ProposalStatus, Record, Role, Stage, Store, StoreError, TokenHash,
};
use time::{Date, Month};

use crate::Backend;
pub use crate::reporting::{
    a_loop_is_refused_at_any_date, a_scheduled_manager_change_waits_for_its_date,
    concurrent_changes_cannot_close_a_loop, database_refuses_changing_reporting_lines,
    erasure_clears_reporting_lines, imports_carry_reporting_history,
    reporting_lines_change_over_time, reporting_proposals_are_confirmed_or_declined,
};
pub use crate::scheduled::{
    a_scheduled_promotion_waits_for_its_date, import_and_rebuild_schedule_changes,
    scheduled_hires_and_exits,
};
pub use crate::search::{
    a_managers_line_is_walked_by_the_database, an_erased_person_is_not_found,
    text_is_found_in_names_and_emails, the_index_follows_imports,
};

// --- helpers ----------------------------------------------------------------------------

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
}

fn level(id: &str) -> LevelId {
    LevelId::new(id).unwrap()
}

fn email(s: &str) -> Email {
    Email::new(s).unwrap()
}

fn event(kind: EventKind, effective: Date) -> NewRoleEvent {
    NewRoleEvent::new(kind, effective, 1)
}

fn at(kind: EventKind, effective: Date, level_id: &str) -> NewRoleEvent {
    event(kind, effective).level(level(level_id))
}

async fn new_org<S: Store>(store: &S, slug: &str) -> S::Org {
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
async fn hire<O: OrgStore>(org: &O, address: &str, level_id: &str, hired: Date) -> PersonId {
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
async fn frameworks<O: OrgStore>(org: &O) -> BTreeMap<u32, Framework> {
    let mut all = BTreeMap::new();
    for v in org.framework_versions().await.unwrap() {
        all.insert(v.version, org.framework(v.version).await.unwrap());
    }
    all
}

/// The built-in framework with one level's block cut out.
fn without_level(yaml: &str, id: &str, next: &str) -> String {
    let start = yaml
        .find(&format!("      - id: {id}\n"))
        .expect("level in the framework");
    let end = yaml
        .find(&format!("      - id: {next}\n"))
        .expect("next level in the framework");
    format!("{}{}", &yaml[..start], &yaml[end..])
}

/// The built-in framework with level `from` renamed to `to`, mapped by `renamed_from`.
fn renamed(yaml: &str, from: &str, to: &str) -> String {
    yaml.replace(
        &format!("      - id: {from}\n"),
        &format!("      - id: {to}\n        renamed_from: [{from}]\n"),
    )
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, StoreError>, mentions: &str) {
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

fn expect_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "expected NotFound, got {result:?}"
    );
}

// --- schema -----------------------------------------------------------------------------

/// The tables every backend must have.
pub const TABLES: [&str; 19] = [
    "accounts",
    "api_tokens",
    "audit_log",
    "current_roles",
    "erasures",
    "framework_versions",
    "invitations",
    "organisations",
    "pay_events",
    "people",
    "proposal_decisions",
    "proposals",
    "reporting_changes",
    "reporting_proposal_decisions",
    "reporting_proposals",
    "reporting_schedule",
    "role_events",
    "scheduled_changes",
    "sessions",
];

/// Migrating an up-to-date database changes nothing and fails nothing.
pub async fn migrations_apply_twice<S: Backend>(store: S) {
    let before = store.schema().await;
    for table in TABLES {
        assert!(before.contains_key(table), "{}: no table {table}", S::NAME);
        assert!(
            before[table].primary_key.first().map(String::as_str) == Some("org_id")
                || table == "organisations",
            "{}: the key of {table} must lead with org_id: {:?}",
            S::NAME,
            before[table].primary_key
        );
    }
    let applied = store
        .count_raw("SELECT count(*) FROM _sqlx_migrations")
        .await;
    store.migrate().await.expect("second migration");
    store.migrate().await.expect("third migration");
    assert_eq!(store.schema().await, before);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM _sqlx_migrations")
            .await,
        applied
    );
}

// --- organisations ----------------------------------------------------------------------

/// A new organisation holds the built-in framework as version 1, with its hash, and the
/// creation is audited.
pub async fn new_org_has_builtin_framework<S: Backend>(store: S) {
    let slug = OrgSlug::new("acme").unwrap();
    let created = store.create_org(&slug, "Acme").await.unwrap();
    assert_eq!(store.org_by_slug(&slug).await.unwrap(), created);
    assert_eq!(store.list_orgs().await.unwrap(), vec![created.clone()]);
    expect_invalid(store.create_org(&slug, "Acme again").await, "acme");
    expect_not_found(store.org_by_slug(&OrgSlug::new("nobody").unwrap()).await);

    let org = store.org(created.id);
    let versions = org.framework_versions().await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].version, 1);
    assert_eq!(versions[0].sha256, content_hash(ENGINEERING_YAML));
    assert_eq!(org.framework_yaml(1).await.unwrap(), ENGINEERING_YAML);
    let builtin = pendulum_framework::check_str("builtin", ENGINEERING_YAML)
        .unwrap()
        .framework;
    assert_eq!(org.framework(1).await.unwrap(), builtin);
    expect_not_found(org.framework(2).await);

    let actions: Vec<AuditAction> = org
        .audit(10)
        .await
        .unwrap()
        .iter()
        .map(|a| a.action)
        .collect();
    assert!(
        actions.contains(&AuditAction::OrganisationCreated),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::FrameworkPublished),
        "{actions:?}"
    );
}

/// Nothing of organisation A can be read or changed through B's handle, and the same email
/// may be used in both.
pub async fn orgs_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let ada = hire(&a, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    a.append_pay(
        ada,
        Money {
            minor: 5_000_000,
            currency: Currency::new("EUR").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let renamed_yaml = renamed(ENGINEERING_YAML, "ic-1", "ic-1x");
    assert_eq!(a.publish_framework(&renamed_yaml).await.unwrap(), 2);

    // The same email in B is another person.
    let ada_in_b = b
        .create_person("Ada in B", &email("ada@example.com"), None)
        .await
        .expect("the same email in another organisation");
    assert_ne!(ada_in_b.id, ada);
    assert_eq!(b.list_people().await.unwrap(), vec![ada_in_b.clone()]);
    assert_eq!(
        a.person_by_email(&email("ada@example.com"))
            .await
            .unwrap()
            .id,
        ada
    );

    // A's person through B's handle: not found, whatever is asked.
    expect_not_found(b.person(ada).await);
    expect_not_found(b.events(ada).await);
    expect_not_found(b.current_role(ada).await);
    expect_not_found(b.pay_history(ada).await);
    expect_not_found(
        b.append_event(ada, at(EventKind::Promotion, date(2021, 1, 1), "ic-3"))
            .await,
    );
    expect_not_found(
        b.append_pay(
            ada,
            Money {
                minor: 1,
                currency: Currency::new("EUR").unwrap(),
            },
            date(2021, 1, 1),
            None,
        )
        .await,
    );
    // A manager from another organisation is no manager here.
    expect_not_found(
        b.create_person("Bob", &email("bob@example.com"), Some(ada))
            .await,
    );

    // B has its own framework versions and audit log.
    assert_eq!(b.framework_versions().await.unwrap().len(), 1);
    expect_not_found(b.framework(2).await);
    assert!(
        b.audit(100)
            .await
            .unwrap()
            .iter()
            .all(|entry| entry.person != Some(ada))
    );
    assert_eq!(b.rebuild_projections().await.unwrap(), 0);
    assert_eq!(b.events(ada_in_b.id).await.unwrap(), vec![]);

    // A handle for an organisation that does not exist finds nothing and writes nothing.
    let ghost = store.org(OrgId::new());
    assert_eq!(ghost.list_people().await.unwrap(), vec![]);
    assert_eq!(ghost.framework_versions().await.unwrap(), vec![]);
    expect_not_found(
        ghost
            .create_person("Ghost", &email("ada@example.com"), None)
            .await,
    );
    expect_not_found(ghost.publish_framework(ENGINEERING_YAML).await);

    // Erasing in B leaves A alone.
    b.erase_person(&email("ada@example.com")).await.unwrap();
    assert_eq!(a.events(ada).await.unwrap().len(), 1);
    assert_eq!(a.pay_history(ada).await.unwrap().len(), 1);
}

// --- people -----------------------------------------------------------------------------

pub async fn people_are_validated<S: Backend>(store: S) {
    let org = new_org(&store, "people").await;
    let boss = org
        .create_person("Grace Hopper", &email("grace@example.com"), None)
        .await
        .unwrap();
    let report = org
        .create_person("Alan", &email("Alan@Example.com"), Some(boss.id))
        .await
        .unwrap();
    assert_eq!(report.manager, Some(boss.id));
    assert_eq!(report.status, PersonStatus::Active);
    assert_eq!(
        org.person_by_email(&email("alan@example.com"))
            .await
            .unwrap(),
        report
    );
    assert_eq!(org.person(report.id).await.unwrap(), report);
    expect_invalid(
        org.create_person("Alan again", &email("alan@example.com"), None)
            .await,
        "alan@example.com",
    );
    expect_invalid(
        org.create_person("   ", &email("nobody@example.com"), None)
            .await,
        "name",
    );
    expect_not_found(
        org.create_person(
            "Orphan",
            &email("orphan@example.com"),
            Some(PersonId::new()),
        )
        .await,
    );
    let emails: Vec<String> = org
        .list_people()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.email.to_string())
        .collect();
    assert_eq!(emails, ["alan@example.com", "grace@example.com"]);
}

// --- append-only ------------------------------------------------------------------------

/// The database itself, not only the store, refuses to change or delete history.
pub async fn database_refuses_changing_history<S: Backend>(store: S) {
    let org = new_org(&store, "history").await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    org.append_pay(
        person,
        Money {
            minor: 100,
            currency: Currency::new("GBP").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let o = org.org_id();
    for statement in [
        format!("UPDATE role_events SET reason = 'rewritten' WHERE org_id = '{o}'"),
        format!("DELETE FROM role_events WHERE org_id = '{o}'"),
        format!("UPDATE pay_events SET amount_minor = 1 WHERE org_id = '{o}'"),
        format!("DELETE FROM pay_events WHERE org_id = '{o}'"),
        format!("UPDATE framework_versions SET yaml = 'x' WHERE org_id = '{o}'"),
        format!("DELETE FROM framework_versions WHERE org_id = '{o}'"),
        format!("UPDATE audit_log SET actor = 'someone else' WHERE org_id = '{o}'"),
        format!("DELETE FROM audit_log WHERE org_id = '{o}'"),
    ] {
        let result = store.execute_raw(&statement).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{}: {statement} should be refused by a trigger, got {result:?}",
            S::NAME
        );
    }
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM role_events WHERE org_id = '{o}' AND reason IS NULL"
            ))
            .await,
        1
    );
    assert_eq!(org.pay_history(person).await.unwrap()[0].amount.minor, 100);
    assert_eq!(org.framework_yaml(1).await.unwrap(), ENGINEERING_YAML);
}

// --- role histories ---------------------------------------------------------------------

pub async fn append_and_current_role<S: Backend>(store: S) {
    let org = new_org(&store, "append")
        .await
        .acting_as(Actor::new("cli:test").unwrap());
    let person = org
        .create_person("Ada Lovelace", &email("ada@example.com"), None)
        .await
        .unwrap();
    assert_eq!(org.current_role(person.id).await.unwrap(), None);

    let hired = org
        .append_event(person.id, at(EventKind::Hire, date(2020, 1, 6), "ic-1"))
        .await
        .unwrap();
    assert_eq!((hired.seq, hired.person), (1, person.id));
    let promoted = org
        .append_event(
            person.id,
            at(EventKind::Promotion, date(2021, 3, 1), "ic-2").reason("ready for it"),
        )
        .await
        .unwrap();
    assert_eq!(promoted.seq, 2);
    assert_eq!(promoted.reason.as_deref(), Some("ready for it"));

    let events = org.events(person.id).await.unwrap();
    assert_eq!(events, vec![hired.clone(), promoted.clone()]);
    let role = org
        .current_role(person.id)
        .await
        .unwrap()
        .expect("a current role");
    assert_eq!(role, fold(&frameworks(&org).await, &events).unwrap());
    assert_eq!(role.level, level("ic-2"));
    assert_eq!(role.since, date(2021, 3, 1));
    assert_eq!(role.hired, date(2020, 1, 6));
    assert_eq!(role.last_event_seq, 2);

    org.append_event(person.id, event(EventKind::Leave, date(2022, 1, 1)))
        .await
        .unwrap();
    assert_eq!(
        org.person(person.id).await.unwrap().status,
        PersonStatus::OnLeave
    );

    let audit = org.audit(100).await.unwrap();
    let appended: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::RoleEventAppended)
        .collect();
    assert_eq!(appended.len(), 3);
    assert!(
        appended
            .iter()
            .all(|a| a.actor == "cli:test" && a.person == Some(person.id))
    );
    assert!(
        appended
            .iter()
            .any(|a| a.subject == format!("role-event/{}", hired.id))
    );
}

/// An impossible event is refused with the domain's error, and nothing of it is written:
/// no event, no projection change, no audit row.
pub async fn impossible_event_is_refused<S: Backend>(store: S) {
    let org = new_org(&store, "rules").await;
    let person = org
        .create_person("Ada", &email("ada@example.com"), None)
        .await
        .unwrap();
    let audit_before = org.audit(1000).await.unwrap().len();

    // Nothing may come before a hire.
    let refused = org
        .append_event(
            person.id,
            at(EventKind::Promotion, date(2020, 1, 1), "ic-2"),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Rule(TimelineError::NoHire { .. }))),
        "{refused:?}"
    );
    assert_eq!(org.events(person.id).await.unwrap(), vec![]);
    assert_eq!(org.current_role(person.id).await.unwrap(), None);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);

    org.append_event(person.id, at(EventKind::Hire, date(2020, 1, 1), "ic-2"))
        .await
        .unwrap();
    let role = org.current_role(person.id).await.unwrap();
    let audit_before = org.audit(1000).await.unwrap().len();
    for (proposed, what) in [
        (
            at(EventKind::Promotion, date(2019, 1, 1), "ic-3"),
            "before the hire",
        ),
        (
            at(EventKind::Promotion, date(2021, 1, 1), "ic-1"),
            "a lower level",
        ),
        (
            at(EventKind::Promotion, date(2021, 1, 1), "no-such-level"),
            "an unknown level",
        ),
        (
            event(EventKind::Return, date(2021, 1, 1)),
            "a return from nothing",
        ),
        (
            at(EventKind::Hire, date(2021, 1, 1), "ic-3"),
            "a second hire",
        ),
    ] {
        let result = org.append_event(person.id, proposed).await;
        assert!(
            matches!(result, Err(StoreError::Rule(_))),
            "{what}: {result:?}"
        );
    }
    let unpublished =
        NewRoleEvent::new(EventKind::Promotion, date(2021, 1, 1), 9).level(level("ic-3"));
    expect_invalid(org.append_event(person.id, unpublished).await, "version 9");
    assert_eq!(org.events(person.id).await.unwrap().len(), 1);
    assert_eq!(org.current_role(person.id).await.unwrap(), role);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);
    expect_not_found(
        org.append_event(
            PersonId::new(),
            at(EventKind::Hire, date(2020, 1, 1), "ic-1"),
        )
        .await,
    );
}

/// A back-dated event is checked against the events after it.
pub async fn back_dated_append_is_revalidated<S: Backend>(store: S) {
    let org = new_org(&store, "backdated").await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    org.append_event(person, at(EventKind::Promotion, date(2022, 1, 1), "ic-3"))
        .await
        .unwrap();

    // A promotion to ic-4 in 2021 would make the 2022 promotion to ic-3 a step down.
    let refused = org
        .append_event(person, at(EventKind::Promotion, date(2021, 1, 1), "ic-4"))
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(TimelineError::PromotionNotHigher { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(org.events(person).await.unwrap().len(), 2);

    // A promotion to ic-2 in 2021 fits between them: stored last, counted in date order.
    let fits = org
        .append_event(person, at(EventKind::Promotion, date(2021, 1, 1), "ic-2"))
        .await
        .unwrap();
    assert_eq!(fits.seq, 3);
    let role = org.current_role(person).await.unwrap().unwrap();
    assert_eq!((role.level, role.since), (level("ic-3"), date(2022, 1, 1)));
    assert_eq!(role.last_event_seq, 3);
}

// --- framework versions -----------------------------------------------------------------

/// Publishing refuses a version that drops a level someone holds or an event names, and
/// accepts it when a level takes the dropped one over through `renamed_from`.
pub async fn publish_keeps_held_levels<S: Backend>(store: S) {
    let org = new_org(&store, "publish").await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    org.append_event(person, at(EventKind::Promotion, date(2021, 1, 1), "ic-2"))
        .await
        .unwrap();

    // ic-2 is held now; ic-1 is named by the hire.
    expect_invalid(
        org.publish_framework(&without_level(ENGINEERING_YAML, "ic-2", "ic-3"))
            .await,
        "ic-2",
    );
    expect_invalid(
        org.publish_framework(&without_level(ENGINEERING_YAML, "ic-1", "ic-2"))
            .await,
        "ic-1",
    );
    expect_invalid(
        org.publish_framework("format: 1\nname: [").await,
        "framework",
    );
    assert_eq!(org.framework_versions().await.unwrap().len(), 1);

    // A level nobody holds or names may go.
    let v2 = without_level(ENGINEERING_YAML, "ic-3", "ic-4");
    assert_eq!(org.publish_framework(&v2).await.unwrap(), 2);

    // Renamed through two versions, the held level is still kept.
    let v3 = renamed(&v2, "ic-2", "engineer-2");
    assert_eq!(org.publish_framework(&v3).await.unwrap(), 3);
    // v4 names only v3's id; ic-2 is reached through v3's `renamed_from`.
    let v4 = v3.replace(
        "      - id: engineer-2\n        renamed_from: [ic-2]\n",
        "      - id: developer-2\n        renamed_from: [engineer-2]\n",
    );
    assert_eq!(org.publish_framework(&v4).await.unwrap(), 4);
    expect_invalid(
        org.publish_framework(&without_level(&v3, "engineer-2", "ic-4"))
            .await,
        "ic-2",
    );
    let versions = org.framework_versions().await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(versions[3].sha256, content_hash(&v4));
    assert_eq!(org.framework_yaml(4).await.unwrap(), v4);

    // The history carries on under the newest version.
    let promoted =
        NewRoleEvent::new(EventKind::Promotion, date(2022, 1, 1), 4).level(level("ic-4"));
    org.append_event(person, promoted).await.unwrap();
    assert_eq!(
        org.current_role(person)
            .await
            .unwrap()
            .unwrap()
            .framework_version,
        4
    );
}

// --- projections ------------------------------------------------------------------------

/// Rebuilding every projection from the events gives the rows the appends wrote, and
/// repairs a damaged or missing one.
pub async fn rebuild_matches_incremental<S: Backend>(store: S) {
    let org = new_org(&store, "rebuild").await;
    let promoted = hire(&org, "promoted@example.com", "ic-1", date(2019, 1, 1)).await;
    org.append_event(promoted, at(EventKind::Promotion, date(2020, 1, 1), "ic-2"))
        .await
        .unwrap();
    let trialling = hire(&org, "trial@example.com", "ic-4", date(2018, 3, 1)).await;
    org.append_event(
        trialling,
        at(EventKind::TrialStart, date(2021, 1, 1), "em-1"),
    )
    .await
    .unwrap();
    let returned = hire(&org, "returned@example.com", "ic-4", date(2018, 3, 1)).await;
    org.append_event(
        returned,
        at(EventKind::TrialStart, date(2021, 1, 1), "em-1"),
    )
    .await
    .unwrap();
    org.append_event(
        returned,
        event(EventKind::TrialEnd, date(2021, 6, 1)).outcome(TrialOutcome::Return),
    )
    .await
    .unwrap();
    let away = hire(&org, "away@example.com", "ic-3", date(2019, 5, 1)).await;
    org.append_event(away, event(EventKind::Leave, date(2022, 1, 1)))
        .await
        .unwrap();
    let left = hire(&org, "left@example.com", "ic-2", date(2017, 1, 1)).await;
    org.append_event(left, event(EventKind::Exit, date(2020, 1, 1)))
        .await
        .unwrap();
    let newcomer = org
        .create_person("Newcomer", &email("new@example.com"), None)
        .await
        .unwrap()
        .id;

    let people = [promoted, trialling, returned, away, left, newcomer];
    let mut incremental = Vec::new();
    for person in people {
        incremental.push(org.current_role(person).await.unwrap());
    }
    assert!(
        incremental[1].as_ref().unwrap().trial.is_some(),
        "{:?}",
        incremental[1]
    );
    assert_eq!(incremental[5], None);

    // Damage one projection and lose another.
    let o = org.org_id();
    store
        .execute_raw(&format!(
            "UPDATE current_roles SET level_id = 'ic-7', status = 'exited'
             WHERE org_id = '{o}' AND person_id = '{promoted}'"
        ))
        .await
        .unwrap();
    store
        .execute_raw(&format!(
            "DELETE FROM current_roles WHERE org_id = '{o}' AND person_id = '{away}'"
        ))
        .await
        .unwrap();
    assert_ne!(org.current_role(promoted).await.unwrap(), incremental[0]);

    assert_eq!(org.rebuild_projections().await.unwrap(), 5);
    let all = frameworks(&org).await;
    for (person, expected) in people.iter().zip(&incremental) {
        let rebuilt = org.current_role(*person).await.unwrap();
        assert_eq!(&rebuilt, expected, "{person}");
        let events = org.events(*person).await.unwrap();
        if !events.is_empty() {
            assert_eq!(rebuilt, Some(fold(&all, &events).unwrap()));
        }
    }
}

// --- pay --------------------------------------------------------------------------------

pub async fn pay_history_is_appended<S: Backend>(store: S) {
    let org = new_org(&store, "pay").await;
    let person = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let eur = |minor| Money {
        minor,
        currency: Currency::new("EUR").unwrap(),
    };
    let first = org
        .append_pay(person, eur(5_500_000), date(2020, 1, 1), None)
        .await
        .unwrap();
    let second = org
        .append_pay(
            person,
            eur(6_000_000),
            date(2021, 1, 1),
            Some("annual review".into()),
        )
        .await
        .unwrap();
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(org.pay_history(person).await.unwrap(), vec![first, second]);
    expect_invalid(
        org.append_pay(person, eur(-1), date(2021, 1, 1), None)
            .await,
        "negative",
    );
    expect_not_found(
        org.append_pay(PersonId::new(), eur(1), date(2021, 1, 1), None)
            .await,
    );
    assert_eq!(org.pay_history(person).await.unwrap().len(), 2);
}

// --- erasure ----------------------------------------------------------------------------

/// Erasure removes every record of the person and leaves one audit row without personal
/// data.
pub async fn erasure_removes_everything<S: Backend>(store: S) {
    let org = new_org(&store, "erase").await;
    let name = "Ada Erasable";
    let address = "ada.erasable@example.com";
    let person = org
        .create_person(name, &email(address), None)
        .await
        .unwrap()
        .id;
    org.append_event(person, at(EventKind::Hire, date(2020, 1, 1), "em-1"))
        .await
        .unwrap();
    org.append_event(person, event(EventKind::Leave, date(2021, 1, 1)))
        .await
        .unwrap();
    org.append_pay(
        person,
        Money {
            minor: 7_000_000,
            currency: Currency::new("EUR").unwrap(),
        },
        date(2020, 1, 1),
        None,
    )
    .await
    .unwrap();
    let report = org
        .create_person("Bob", &email("bob@example.com"), Some(person))
        .await
        .unwrap()
        .id;
    let bystander = hire(&org, "carol@example.com", "ic-3", date(2019, 1, 1)).await;
    // A sign-in of the same person, with a session.
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000";
    org.create_account(&email(address), hash, pendulum_store::Role::Member, false)
        .await
        .unwrap();

    let erasure = org.erase_person(&email(address)).await.unwrap();
    assert!(
        org.account_by_email(&email(address))
            .await
            .unwrap()
            .is_none(),
        "{}: the erased person's account is gone",
        S::NAME
    );

    expect_not_found(org.person_by_email(&email(address)).await);
    expect_not_found(org.person(person).await);
    expect_not_found(org.events(person).await);
    expect_not_found(org.erase_person(&email(address)).await);
    let o = org.org_id();
    for (table, column) in [
        ("people", "id"),
        ("people", "manager_id"),
        ("role_events", "person_id"),
        ("pay_events", "person_id"),
        ("current_roles", "person_id"),
        ("audit_log", "person_id"),
        ("erasures", "person_id"),
    ] {
        let left = store
            .count_raw(&format!(
                "SELECT count(*) FROM {table} WHERE org_id = '{o}' AND {column} = '{person}'"
            ))
            .await;
        assert_eq!(
            left,
            0,
            "{}: {table}.{column} still names the erased person",
            S::NAME
        );
    }
    assert_eq!(store.count_raw("SELECT count(*) FROM erasures").await, 0);
    let mentions = store
        .count_raw(&format!(
            "SELECT count(*) FROM audit_log WHERE subject LIKE '%{person}%'
               OR actor LIKE '%{address}%' OR subject LIKE '%{address}%'
               OR actor LIKE '%{name}%' OR subject LIKE '%{name}%'"
        ))
        .await;
    assert_eq!(
        mentions,
        0,
        "{}: the audit log still mentions the erased person",
        S::NAME
    );

    let audit = org.audit(1000).await.unwrap();
    let erased: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::PersonErased)
        .collect();
    assert_eq!(erased.len(), 1);
    assert_eq!(erased[0].subject, format!("erasure/{erasure}"));
    assert_eq!(erased[0].person, None);

    // The others keep their records; the report loses only the manager.
    let bob = org.person(report).await.unwrap();
    assert_eq!(bob.manager, None);
    assert!(
        audit
            .iter()
            .any(|a| a.action == AuditAction::ManagerCleared && a.person == Some(report))
    );
    assert_eq!(org.events(bystander).await.unwrap().len(), 1);
    assert_eq!(org.rebuild_projections().await.unwrap(), 1);
}

// --- concurrency ------------------------------------------------------------------------

/// Rounds of the race, each on a new person.
const ROUNDS: usize = 4;

/// Several writers append to the same person's history at once (on SQLite through
/// several pooled connections). Each appends a promotion that fits the history in any
/// order (ic-k on day k), so every writer must succeed eventually. Contention must really
/// happen (retries > 0), every acknowledged event must be stored exactly once, and the
/// stored history must fold.
pub async fn concurrent_appends_to_one_history<S: Backend>(store: S) {
    let org = new_org(&store, "race").await;
    let all = frameworks(&org).await;
    let mut retries = 0;
    for round in 0..ROUNDS {
        let person = hire(
            &org,
            &format!("racer{round}@example.com"),
            "ic-1",
            date(2020, 1, 1),
        )
        .await;
        let writers: Vec<u8> = (2..=7).collect();
        // All writers start together, so they read the same history.
        let start = Arc::new(tokio::sync::Barrier::new(writers.len()));
        let tasks: Vec<_> = writers
            .iter()
            .map(|&k| {
                let org = org.clone();
                let start = start.clone();
                let promotion = at(
                    EventKind::Promotion,
                    date(2020, 1 + k, 1),
                    &format!("ic-{k}"),
                );
                tokio::spawn(async move {
                    start.wait().await;
                    org.append_event_with_retry(person, promotion, DEFAULT_APPEND_RETRIES)
                        .await
                })
            })
            .collect();
        let mut acknowledged: Vec<RoleEvent> = Vec::new();
        for task in tasks {
            let (event, tries) = task.await.expect("writer task").expect("append");
            retries += tries;
            acknowledged.push(event);
        }

        let stored = org.events(person).await.unwrap();
        let seqs: Vec<u32> = stored.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (1..=7).collect::<Vec<_>>(),
            "{}: gapless, unique sequence",
            S::NAME
        );
        for event in &acknowledged {
            let copies: Vec<_> = stored.iter().filter(|s| s.id == event.id).collect();
            assert_eq!(
                copies,
                vec![event],
                "{}: acknowledged once, stored once",
                S::NAME
            );
        }
        let ids: BTreeSet<_> = stored.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), stored.len());
        let role = fold(&all, &stored).expect("the stored history folds");
        assert_eq!(role.level, level("ic-7"));
        assert_eq!(org.current_role(person).await.unwrap(), Some(role));
    }
    assert!(
        retries > 0,
        "{}: {} writers x {ROUNDS} rounds never conflicted, so the test proved nothing",
        S::NAME,
        6
    );
    eprintln!("{}: {retries} retries over {ROUNDS} rounds", S::NAME);
}

// --- bulk import and export -------------------------------------------------------------

/// A small generated organisation, for the import tests.
fn generated(org: OrgId, people: usize) -> ImportBatch {
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

async fn counts<S: Backend>(store: &S, org: OrgId) -> [i64; 4] {
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

/// An import writes everything with its ids, sequence numbers and times, projections equal
/// to the fold and one audit row; the export reads it back in key order; importing the same
/// batch again writes nothing; and progress is reported chunk by chunk up to the total.
pub async fn import_writes_everything_and_repeats_as_a_no_op<S: Backend>(store: S) {
    let org = new_org(&store, "bulk").await;
    let batch = generated(org.org_id(), 250);
    assert!(batch.events.len() > 500, "{} events", batch.events.len());
    let reports = std::sync::Mutex::new(Vec::<Progress>::new());
    let record = |p: Progress| reports.lock().unwrap().push(p);
    let summary = org
        .import_with_progress(batch.clone(), &record)
        .await
        .expect("import");
    assert_eq!(summary.people, batch.people.len() as u64);
    assert_eq!(summary.events, batch.events.len() as u64);
    assert_eq!(summary.pay, batch.pay.len() as u64);
    assert_eq!(summary.projections, batch.people.len() as u64);
    assert_eq!(
        counts(&store, org.org_id()).await,
        [
            batch.people.len() as i64,
            batch.events.len() as i64,
            batch.pay.len() as i64,
            batch.people.len() as i64
        ]
    );

    let reports = reports.into_inner().unwrap();
    for stage in [Stage::People, Stage::Events, Stage::Pay, Stage::Projections] {
        let done: Vec<u64> = reports
            .iter()
            .filter(|p| p.stage == stage)
            .map(|p| p.done)
            .collect();
        assert!(done.windows(2).all(|w| w[0] < w[1]), "{stage:?}: {done:?}");
        let last = reports.iter().rfind(|p| p.stage == stage).unwrap();
        assert_eq!(last.done, last.total, "{stage:?}");
    }
    assert!(
        reports.iter().filter(|p| p.stage == Stage::Events).count() > 1 || S::NAME == "postgres",
        "events are written in several chunks"
    );

    // The export is the batch, in key order, with each person's status from their history.
    let exported = org.export().await.unwrap();
    let mut people = batch.people.clone();
    people.sort_by_key(|p| p.id);
    let mut events = batch.events.clone();
    events.sort_by_key(|e| (e.person, e.seq));
    let mut pay = batch.pay.clone();
    pay.sort_by_key(|p| (p.person, p.seq));
    assert_eq!(exported.people, people);
    assert_eq!(exported.events, events);
    assert_eq!(exported.pay, pay);
    let all = frameworks(&org).await;
    for person in people.iter().take(40) {
        let history = org.events(person.id).await.unwrap();
        assert_eq!(
            org.current_role(person.id).await.unwrap(),
            Some(fold(&all, &history).unwrap())
        );
    }
    let audit = org.audit(1000).await.unwrap();
    let imported: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::Imported)
        .collect();
    assert_eq!(imported.len(), 1);
    assert_eq!(
        imported[0].subject,
        format!(
            "import/{} people, {} events, {} pay events",
            people.len(),
            events.len(),
            pay.len()
        )
    );

    // Again: everything is stored already with the same content, so nothing is written.
    let again = org.import(batch.clone()).await.unwrap();
    assert_eq!(
        (again.people, again.events, again.pay),
        (0, 0, 0),
        "{again:?}"
    );
    assert_eq!(
        (
            again.skipped_people,
            again.skipped_events,
            again.skipped_pay
        ),
        (people.len() as u64, events.len() as u64, pay.len() as u64)
    );
    assert_eq!(org.audit(1000).await.unwrap().len(), audit.len());
    assert_eq!(
        org.rebuild_projections().await.unwrap(),
        people.len() as u64
    );
}

/// A batch with problems is refused whole, with every problem named, and nothing of it is
/// written — not even its good records.
pub async fn import_is_all_or_nothing<S: Backend>(store: S) {
    let org = new_org(&store, "atomic").await;
    let stored = hire(&org, "stored@example.com", "ic-2", date(2020, 1, 1)).await;
    let stored_event = org.events(stored).await.unwrap().remove(0);
    let other = hire(&org, "other@example.com", "ic-2", date(2020, 1, 1)).await;
    let other_event = org.events(other).await.unwrap().remove(0);
    let before = counts(&store, org.org_id()).await;
    let audit_before = org.audit(1000).await.unwrap().len();

    let mut batch = generated(org.org_id(), 40);
    // 1. A level the framework version lacks.
    let unknown_level = batch.events[3].id;
    batch.events[3].level = Some(level("no-such-level"));
    batch.events[3].kind = EventKind::Promotion;
    // 2. A stored event's id with other content.
    let mut changed = other_event.clone();
    changed.reason = Some("rewritten".into());
    batch.events.push(changed);
    // 3. A framework version that is not published.
    let unpublished = batch.events[10].id;
    batch.events[10].framework_version = 7;
    // 4. A history that cannot be: a promotion to a lower level for the stored person.
    let lower = RoleEvent {
        id: pendulum_domain::EventId::new(),
        person: stored,
        seq: 2,
        kind: EventKind::Promotion,
        effective: date(2021, 1, 1),
        recorded_at: pendulum_store::now(),
        framework_version: 1,
        level: Some(level("ic-1")),
        until: None,
        outcome: None,
        reason: None,
        supersedes: None,
    };
    batch.events.push(lower.clone());
    // 5. An email taken by a stored person.
    let taken = batch.people[5].id;
    batch.people[5].email = email("stored@example.com");
    // 6. A pay event of someone who does not exist.
    let orphan_pay = batch.pay[0].id;
    batch.pay[0].person = PersonId::new();

    let Err(StoreError::Import(problems)) = org.import(batch).await else {
        panic!("the batch must be refused");
    };
    let records: Vec<Record> = problems.0.iter().map(|p| p.record).collect();
    for (expected, what) in [
        (Record::Event(unknown_level), "an unknown level"),
        (Record::Event(other_event.id), "a changed stored event"),
        (Record::Event(unpublished), "an unpublished version"),
        (Record::Event(lower.id), "an impossible history"),
        (Record::Person(taken), "a taken email"),
        (Record::Pay(orphan_pay), "a pay event of nobody"),
    ] {
        assert!(
            records.contains(&expected),
            "{what} not reported: {problems}"
        );
    }
    let message = problems.to_string();
    assert!(message.contains("no-such-level"), "{message}");
    assert!(message.contains("impossible"), "{message}");
    assert_eq!(
        problems.0.len(),
        6,
        "one problem each, no echoes: {message}"
    );
    assert_eq!(counts(&store, org.org_id()).await, before, "{}", S::NAME);
    assert_eq!(org.audit(1000).await.unwrap().len(), audit_before);

    // A history continued by an import: stored events and new ones fold together.
    let next = RoleEvent {
        level: Some(level("ic-3")),
        ..lower
    };
    let summary = org
        .import(ImportBatch {
            events: vec![next.clone()],
            ..ImportBatch::default()
        })
        .await
        .unwrap();
    assert_eq!((summary.events, summary.projections), (1, 1));
    assert_eq!(org.events(stored).await.unwrap(), vec![stored_event, next]);
    assert_eq!(
        org.current_role(stored).await.unwrap().unwrap().level,
        level("ic-3")
    );
}

/// An organisation created with a given identity and first framework version, as an
/// export is loaded into a new database.
pub async fn create_org_with_keeps_the_identity<S: Backend>(store: S) {
    let wanted = Organisation {
        id: OrgId::new(),
        slug: OrgSlug::new("kept").unwrap(),
        name: "Kept Ltd".into(),
    };
    let yaml = renamed(ENGINEERING_YAML, "ic-1", "ic-1x");
    let created = store.create_org_with(&wanted, &yaml).await.unwrap();
    assert_eq!(created, wanted);
    assert_eq!(store.org_by_slug(&wanted.slug).await.unwrap(), wanted);
    assert_eq!(store.org(wanted.id).framework_yaml(1).await.unwrap(), yaml);
    expect_invalid(store.create_org_with(&wanted, &yaml).await, "kept");
    expect_invalid(
        store
            .create_org_with(
                &Organisation {
                    id: OrgId::new(),
                    slug: OrgSlug::new("other").unwrap(),
                    name: "Other".into(),
                },
                "format: 1\nname: [",
            )
            .await,
        "framework",
    );
}

// --- accounts ---------------------------------------------------------------------------

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/// Accounts are created once per email, with an audit row, and found by email and id;
/// sessions expire and end; API tokens find their account; the password hash never shows
/// in `Debug`.
pub async fn accounts_sessions_and_tokens<S: Backend>(store: S) {
    let org = new_org(&store, "acme").await;
    let ada = org
        .create_account(&email("ada@acme.test"), HASH, Role::Manager, true)
        .await
        .unwrap();
    assert_eq!(
        (ada.role, ada.pay, ada.org),
        (Role::Manager, true, org.org_id())
    );
    assert!(!format!("{ada:?}").contains("argon2id"));
    expect_invalid(
        org.create_account(&email("ada@acme.test"), HASH, Role::Member, false)
            .await,
        "ada@acme.test",
    );
    expect_invalid(
        org.create_account(&email("bob@acme.test"), "hunter2", Role::Member, false)
            .await,
        "PHC",
    );
    assert_eq!(
        org.account_by_email(&email("ada@acme.test")).await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(
        org.account_by_email(&email("nobody@acme.test"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(org.account(ada.id).await.unwrap(), ada);

    let live = TokenHash::of("live session token");
    let later = pendulum_store::now() + time::Duration::hours(1);
    let session = org
        .create_session(ada.id, &live, "csrf-1", later)
        .await
        .unwrap();
    assert_eq!(
        org.session_by_token_hash(&live).await.unwrap(),
        Some((session.clone(), ada.clone()))
    );
    assert_eq!(
        store.session_by_token_hash(&live).await.unwrap(),
        Some((org.org_id(), session.clone(), ada.clone()))
    );
    let stale = TokenHash::of("stale session token");
    let earlier = pendulum_store::now() - time::Duration::seconds(1);
    org.create_session(ada.id, &stale, "csrf-2", earlier)
        .await
        .unwrap();
    assert_eq!(store.session_by_token_hash(&stale).await.unwrap(), None);
    org.delete_session(session.id).await.unwrap();
    org.delete_session(session.id).await.unwrap();
    assert_eq!(store.session_by_token_hash(&live).await.unwrap(), None);

    let secret = TokenHash::of("api token");
    let token = org
        .create_api_token(ada.id, &secret, "laptop")
        .await
        .unwrap();
    assert_eq!((token.account, token.name.as_str()), (ada.id, "laptop"));
    assert_eq!(
        store.account_by_api_token_hash(&secret).await.unwrap(),
        Some((org.org_id(), ada.clone()))
    );
    assert_eq!(
        org.account_by_api_token_hash(&TokenHash::of("other"))
            .await
            .unwrap(),
        None
    );

    let actions: Vec<AuditAction> = org
        .audit(10)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert!(
        actions.contains(&AuditAction::AccountCreated),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::ApiTokenCreated),
        "{actions:?}"
    );
}

/// An organisation's handle finds none of another organisation's accounts, sessions or
/// tokens, and cannot start a session for another organisation's account.
pub async fn accounts_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let same = email("same@example.test");
    let in_a = a
        .create_account(&same, HASH, Role::Admin, false)
        .await
        .unwrap();
    let in_b = b
        .create_account(&same, HASH, Role::Member, false)
        .await
        .unwrap();
    assert_ne!(in_a.id, in_b.id);
    assert_eq!(b.account_by_email(&same).await.unwrap(), Some(in_b.clone()));
    expect_not_found(b.account(in_a.id).await);

    let later = pendulum_store::now() + time::Duration::hours(1);
    expect_not_found(
        b.create_session(in_a.id, &TokenHash::of("x"), "csrf", later)
            .await,
    );
    expect_not_found(b.create_api_token(in_a.id, &TokenHash::of("y"), "t").await);

    let hash = TokenHash::of("a's session");
    a.create_session(in_a.id, &hash, "csrf", later)
        .await
        .unwrap();
    assert_eq!(b.session_by_token_hash(&hash).await.unwrap(), None);
    assert_eq!(
        store
            .session_by_token_hash(&hash)
            .await
            .unwrap()
            .map(|(org, _, account)| (org, account.id)),
        Some((a.org_id(), in_a.id))
    );
    let token = TokenHash::of("a's token");
    a.create_api_token(in_a.id, &token, "ci").await.unwrap();
    assert_eq!(b.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(
        a.account_by_api_token_hash(&token).await.unwrap(),
        Some(in_a)
    );
}

// --- collaboration: pay reads, account administration, invitations, proposals ----------

const OTHER_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0$b3RoZXJoYXNob3RoZXJoYXNo";

fn eur(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::new("EUR").unwrap(),
    }
}

fn in_an_hour() -> time::OffsetDateTime {
    pendulum_store::now() + time::Duration::hours(1)
}

fn an_hour_ago() -> time::OffsetDateTime {
    pendulum_store::now() - time::Duration::hours(1)
}

async fn actions_of<O: OrgStore>(org: &O, action: AuditAction) -> Vec<AuditEntry> {
    org.audit(10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == action)
        .collect()
}

async fn account<O: OrgStore>(org: &O, address: &str, role: Role) -> AccountId {
    org.create_account(&email(address), HASH, role, role == Role::Admin)
        .await
        .expect("create account")
        .id
}

/// Every `read_pay` returns the history and writes exactly one `pay.read` row naming the
/// actor and the person; a person who is not in the organisation is not found, and then
/// nothing is logged.
pub async fn pay_reads_are_audited<S: Backend>(store: S) {
    let org = new_org(&store, "pay-reads").await;
    let person = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    org.append_pay(person, eur(5_000_000), date(2020, 1, 1), None)
        .await
        .unwrap();
    org.append_pay(
        person,
        eur(5_500_000),
        date(2021, 1, 1),
        Some("review".into()),
    )
    .await
    .unwrap();
    let reader = org.acting_as(Actor::new("account:grace").unwrap());
    assert!(actions_of(&org, AuditAction::PayRead).await.is_empty());

    let read = reader.read_pay(person).await.unwrap();
    assert_eq!(read, org.pay_history(person).await.unwrap());
    assert_eq!(read.len(), 2);
    let reads = actions_of(&org, AuditAction::PayRead).await;
    assert_eq!(reads.len(), 1, "{}: {reads:?}", S::NAME);
    assert_eq!(reads[0].actor, "account:grace");
    assert_eq!(reads[0].person, Some(person));
    assert_eq!(reads[0].subject, format!("person/{person}"));

    reader.read_pay(person).await.unwrap();
    assert_eq!(actions_of(&org, AuditAction::PayRead).await.len(), 2);
    // pay_history is the store's own, unaudited read.
    org.pay_history(person).await.unwrap();
    assert_eq!(actions_of(&org, AuditAction::PayRead).await.len(), 2);

    expect_not_found(reader.read_pay(PersonId::new()).await);
    let other = new_org(&store, "elsewhere").await;
    expect_not_found(other.read_pay(person).await);
    assert_eq!(actions_of(&org, AuditAction::PayRead).await.len(), 2);
    assert!(actions_of(&other, AuditAction::PayRead).await.is_empty());

    // Someone with no pay yet: an empty history, still logged.
    let newcomer = hire(&org, "bob@example.com", "ic-1", date(2022, 1, 1)).await;
    assert_eq!(org.read_pay(newcomer).await.unwrap(), vec![]);
    assert_eq!(actions_of(&org, AuditAction::PayRead).await.len(), 3);
}

/// An admin's password reset replaces the hash (the old one is nowhere in the database),
/// ends every session of the account and is audited; other accounts keep theirs.
pub async fn password_reset_ends_sessions<S: Backend>(store: S) {
    let org = new_org(&store, "reset").await;
    let ada = account(&org, "ada@example.com", Role::Member).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let first = TokenHash::of("ada one");
    let second = TokenHash::of("ada two");
    let bobs = TokenHash::of("bob's");
    for (who, hash) in [(ada, &first), (ada, &second), (bob, &bobs)] {
        org.create_session(who, hash, "csrf", in_an_hour())
            .await
            .unwrap();
    }

    expect_invalid(org.set_password(ada, "hunter2", false).await, "PHC");
    assert!(org.session_by_token_hash(&first).await.unwrap().is_some());

    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert_eq!(org.account(ada).await.unwrap().password_hash, OTHER_HASH);
    assert_eq!(org.session_by_token_hash(&first).await.unwrap(), None);
    assert_eq!(store.session_by_token_hash(&second).await.unwrap(), None);
    assert!(org.session_by_token_hash(&bobs).await.unwrap().is_some());
    let o = org.org_id();
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM sessions WHERE org_id = '{o}' AND account_id = '{ada}'"
            ))
            .await,
        0
    );
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM accounts WHERE org_id = '{o}' AND id = '{ada}'
                   AND password_hash = '{HASH}'"
            ))
            .await,
        0,
        "{}: the old hash is gone",
        S::NAME
    );
    assert_eq!(org.account(bob).await.unwrap().password_hash, HASH);
    let resets = actions_of(&org, AuditAction::PasswordReset).await;
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].subject, format!("account/{ada}"));
    assert!(!resets[0].subject.contains("argon2"));

    expect_not_found(org.set_password(AccountId::new(), OTHER_HASH, false).await);
    let other = new_org(&store, "other").await;
    expect_not_found(other.set_password(bob, OTHER_HASH, false).await);
    assert_eq!(org.account(bob).await.unwrap().password_hash, HASH);
    assert!(org.session_by_token_hash(&bobs).await.unwrap().is_some());
    assert_eq!(actions_of(&org, AuditAction::PasswordReset).await.len(), 1);
}

/// Accounts are listed by email; tokens are listed oldest first without the revoked ones;
/// a revoked token authenticates through neither lookup, stays as a record, and cannot be
/// revoked again.
pub async fn api_tokens_are_listed_and_revoked<S: Backend>(store: S) {
    let org = new_org(&store, "tokens").await;
    let ada = account(&org, "ada@example.com", Role::Admin).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let emails: Vec<String> = org
        .list_accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.email.to_string())
        .collect();
    assert_eq!(emails, ["ada@example.com", "bob@example.com"]);

    let laptop_hash = TokenHash::of("laptop token");
    let ci_hash = TokenHash::of("ci token");
    let laptop = org
        .create_api_token(ada, &laptop_hash, "laptop")
        .await
        .unwrap();
    let ci = org.create_api_token(ada, &ci_hash, "ci").await.unwrap();
    assert_eq!(
        org.api_tokens(ada).await.unwrap(),
        vec![laptop.clone(), ci.clone()]
    );
    assert_eq!(org.api_tokens(bob).await.unwrap(), vec![]);

    // Only the owner's token can be revoked through the owner.
    expect_not_found(org.revoke_api_token(bob, laptop.id).await);
    expect_not_found(org.revoke_api_token(ada, ApiTokenId::new()).await);
    assert!(
        store
            .account_by_api_token_hash(&laptop_hash)
            .await
            .unwrap()
            .is_some()
    );

    org.revoke_api_token(ada, laptop.id).await.unwrap();
    assert_eq!(
        store.account_by_api_token_hash(&laptop_hash).await.unwrap(),
        None
    );
    assert_eq!(
        org.account_by_api_token_hash(&laptop_hash).await.unwrap(),
        None
    );
    assert_eq!(org.api_tokens(ada).await.unwrap(), vec![ci.clone()]);
    assert_eq!(
        org.account_by_api_token_hash(&ci_hash)
            .await
            .unwrap()
            .map(|a| a.id),
        Some(ada)
    );
    expect_not_found(org.revoke_api_token(ada, laptop.id).await);
    let o = org.org_id();
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM api_tokens WHERE org_id = '{o}' AND id = '{}'
                   AND revoked_at IS NOT NULL",
                laptop.id
            ))
            .await,
        1,
        "{}: a revoked token stays as a record",
        S::NAME
    );
    let revoked = actions_of(&org, AuditAction::ApiTokenRevoked).await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].subject, format!("api-token/{}", laptop.id));
}

/// Another organisation's handle finds none of A's accounts, tokens or invitations and
/// can change none of them.
pub async fn account_administration_is_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let admin = account(&a, "admin@a.test", Role::Admin).await;
    let b_admin = account(&b, "admin@b.test", Role::Admin).await;
    let token_hash = TokenHash::of("a's token");
    let token = a.create_api_token(admin, &token_hash, "ci").await.unwrap();
    let invite_hash = TokenHash::of("a's invitation");
    a.create_invitation(
        &email("new@a.test"),
        Role::Member,
        false,
        admin,
        &invite_hash,
        in_an_hour(),
    )
    .await
    .unwrap();

    assert_eq!(
        b.list_accounts()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![b_admin]
    );
    assert_eq!(b.api_tokens(admin).await.unwrap(), vec![]);
    expect_not_found(b.revoke_api_token(admin, token.id).await);
    expect_not_found(b.set_password(admin, OTHER_HASH, false).await);
    assert_eq!(b.invitations().await.unwrap(), vec![]);
    assert_eq!(
        b.invitation_by_token_hash(&invite_hash).await.unwrap(),
        None
    );
    expect_not_found(b.accept_invitation(&invite_hash, HASH).await);
    // B cannot invite in the name of A's admin, nor A in the name of B's.
    expect_not_found(
        b.create_invitation(
            &email("x@b.test"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("x"),
            in_an_hour(),
        )
        .await,
    );
    expect_not_found(
        a.create_invitation(
            &email("y@a.test"),
            Role::Member,
            false,
            b_admin,
            &TokenHash::of("y"),
            in_an_hour(),
        )
        .await,
    );

    // A's things are untouched.
    assert_eq!(a.api_tokens(admin).await.unwrap(), vec![token]);
    assert_eq!(a.account(admin).await.unwrap().password_hash, HASH);
    assert!(
        a.invitation_by_token_hash(&invite_hash)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        b.account_by_email(&email("new@a.test"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(a.invitations().await.unwrap().len(), 1);
}

/// An invitation is pending until it is used, expires or is replaced by a newer one for
/// the same email; accepting creates the account it describes, once.
pub async fn invitation_lifecycle<S: Backend>(store: S) {
    let org = new_org(&store, "invites")
        .await
        .acting_as(Actor::new("account:admin").unwrap());
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let hash = TokenHash::of("invitation one");
    let invitation = org
        .create_invitation(
            &email("New@Example.com"),
            Role::Manager,
            true,
            admin,
            &hash,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            invitation.email.as_str(),
            invitation.role,
            invitation.pay,
            invitation.invited_by,
            invitation.accepted_at
        ),
        ("new@example.com", Role::Manager, true, admin, None)
    );
    assert_eq!(
        org.invitation_by_token_hash(&hash).await.unwrap(),
        Some(invitation.clone())
    );
    assert_eq!(org.invitations().await.unwrap(), vec![invitation.clone()]);
    let created = actions_of(&org, AuditAction::InvitationCreated).await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].subject, format!("invitation/{}", invitation.id));
    assert!(!created[0].subject.contains("example.com"));

    // A second invitation with the same token hash is refused.
    expect_invalid(
        org.create_invitation(
            &email("other@example.com"),
            Role::Member,
            false,
            admin,
            &hash,
            in_an_hour(),
        )
        .await,
        "token",
    );
    expect_invalid(org.accept_invitation(&hash, "hunter2").await, "PHC");
    assert!(org.invitation_by_token_hash(&hash).await.unwrap().is_some());

    let created = org.accept_invitation(&hash, OTHER_HASH).await.unwrap();
    assert_eq!(
        (
            created.email.as_str(),
            created.role,
            created.pay,
            created.org,
            created.password_hash.as_str()
        ),
        (
            "new@example.com",
            Role::Manager,
            true,
            org.org_id(),
            OTHER_HASH
        )
    );
    assert_eq!(
        org.account_by_email(&email("new@example.com"))
            .await
            .unwrap(),
        Some(created.clone())
    );
    expect_not_found(org.accept_invitation(&hash, OTHER_HASH).await);
    assert_eq!(org.invitation_by_token_hash(&hash).await.unwrap(), None);
    let listed = org.invitations().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].accepted_at.is_some());
    assert_eq!(
        actions_of(&org, AuditAction::InvitationAccepted).await[0].subject,
        format!("invitation/{}", invitation.id)
    );
    assert!(
        actions_of(&org, AuditAction::AccountCreated)
            .await
            .iter()
            .any(|e| e.subject == format!("account/{}", created.id) && e.actor == "account:admin")
    );

    // An email with an account cannot be invited.
    expect_invalid(
        org.create_invitation(
            &email("new@example.com"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("again"),
            in_an_hour(),
        )
        .await,
        "new@example.com",
    );
    expect_invalid(
        org.create_invitation(
            &email("admin@example.com"),
            Role::Member,
            false,
            admin,
            &TokenHash::of("admin again"),
            in_an_hour(),
        )
        .await,
        "admin@example.com",
    );

    // An expired invitation is not found and cannot be used.
    let expired = TokenHash::of("expired");
    org.create_invitation(
        &email("late@example.com"),
        Role::Member,
        false,
        admin,
        &expired,
        an_hour_ago(),
    )
    .await
    .unwrap();
    assert_eq!(org.invitation_by_token_hash(&expired).await.unwrap(), None);
    expect_not_found(org.accept_invitation(&expired, HASH).await);
    assert!(
        org.account_by_email(&email("late@example.com"))
            .await
            .unwrap()
            .is_none()
    );

    // A newer invitation for the same email replaces the older one.
    let older = TokenHash::of("older");
    let newer = TokenHash::of("newer");
    for (hash, role) in [(&older, Role::Member), (&newer, Role::Analyst)] {
        org.create_invitation(
            &email("twice@example.com"),
            role,
            false,
            admin,
            hash,
            in_an_hour(),
        )
        .await
        .unwrap();
    }
    assert_eq!(org.invitation_by_token_hash(&older).await.unwrap(), None);
    expect_not_found(org.accept_invitation(&older, HASH).await);
    let replacing = org.invitation_by_token_hash(&newer).await.unwrap().unwrap();
    assert_eq!(replacing.role, Role::Analyst);
    assert_eq!(
        org.accept_invitation(&newer, HASH).await.unwrap().role,
        Role::Analyst
    );

    // Newest first.
    let listed: Vec<String> = org
        .invitations()
        .await
        .unwrap()
        .into_iter()
        .map(|i| format!("{}:{}", i.email, i.role))
        .collect();
    assert_eq!(
        listed,
        [
            "twice@example.com:analyst",
            "twice@example.com:member",
            "late@example.com:member",
            "new@example.com:manager"
        ]
    );
    expect_not_found(
        org.create_invitation(
            &email("ghost@example.com"),
            Role::Member,
            false,
            AccountId::new(),
            &TokenHash::of("ghost"),
            in_an_hour(),
        )
        .await,
    );
    expect_not_found(org.accept_invitation(&TokenHash::of("unknown"), HASH).await);
}

/// A proposal is checked like an append when made and again when confirmed; confirming
/// appends exactly one event, deciding twice is refused, and a refused confirmation writes
/// nothing, not even the decision.
pub async fn proposal_lifecycle<S: Backend>(store: S) {
    let org = new_org(&store, "proposals").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let person = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let audit_before = org.audit(10_000).await.unwrap().len();

    // Refused with the same error as an append, and nothing is stored.
    for refused in [
        at(EventKind::Promotion, date(2021, 1, 1), "ic-1"),
        at(EventKind::Promotion, date(2019, 1, 1), "ic-3"),
        event(EventKind::Return, date(2021, 1, 1)),
    ] {
        let proposed = org.propose_event(person, refused.clone(), manager).await;
        let appended = org.append_event(person, refused).await;
        assert!(matches!(proposed, Err(StoreError::Rule(_))), "{proposed:?}");
        assert_eq!(format!("{proposed:?}"), format!("{appended:?}"));
    }
    expect_invalid(
        org.propose_event(
            person,
            NewRoleEvent::new(EventKind::Promotion, date(2021, 1, 1), 9).level(level("ic-3")),
            manager,
        )
        .await,
        "version 9",
    );
    expect_not_found(
        org.propose_event(
            PersonId::new(),
            at(EventKind::Hire, date(2020, 1, 1), "ic-1"),
            manager,
        )
        .await,
    );
    expect_not_found(
        org.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-3"),
            AccountId::new(),
        )
        .await,
    );
    assert_eq!(org.proposals(false).await.unwrap(), vec![]);
    assert_eq!(org.audit(10_000).await.unwrap().len(), audit_before);
    assert_eq!(org.events(person).await.unwrap().len(), 1);

    // A good proposal is stored, pending, with the event as given.
    let promotion = at(EventKind::Promotion, date(2021, 1, 1), "ic-3").reason("ready");
    let proposal = org
        .propose_event(person, promotion.clone(), manager)
        .await
        .unwrap();
    assert_eq!(
        (
            &proposal.event,
            proposal.person,
            proposal.proposed_by,
            &proposal.status
        ),
        (&promotion, person, manager, &ProposalStatus::Pending)
    );
    assert_eq!(org.proposal(proposal.id).await.unwrap(), proposal);
    assert_eq!(org.proposals(true).await.unwrap(), vec![proposal.clone()]);
    assert_eq!(org.events(person).await.unwrap().len(), 1);
    let made = actions_of(&org, AuditAction::ProposalMade).await;
    assert_eq!(made.len(), 1);
    assert_eq!(
        (made[0].subject.clone(), made[0].person),
        (format!("proposal/{}", proposal.id), Some(person))
    );

    // Confirming appends exactly one event through the append's path.
    let appended = org.confirm_proposal(proposal.id, admin).await.unwrap();
    assert_eq!(
        (appended.seq, appended.kind, appended.level.clone()),
        (2, EventKind::Promotion, Some(level("ic-3")))
    );
    assert_eq!(appended.reason.as_deref(), Some("ready"));
    let events = org.events(person).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1], appended);
    let role = org.current_role(person).await.unwrap().unwrap();
    assert_eq!((role.level, role.last_event_seq), (level("ic-3"), 2));
    let confirmed = org.proposal(proposal.id).await.unwrap();
    match &confirmed.status {
        ProposalStatus::Confirmed { by, event, .. } => {
            assert_eq!((*by, *event), (admin, appended.id));
        }
        other => panic!("expected confirmed, got {other:?}"),
    }
    let appends: Vec<AuditEntry> = actions_of(&org, AuditAction::RoleEventAppended)
        .await
        .into_iter()
        .filter(|e| e.subject == format!("role-event/{}", appended.id))
        .collect();
    assert_eq!(appends.len(), 1, "{}: one append audited", S::NAME);
    assert_eq!(appends[0].person, Some(person));
    assert_eq!(
        actions_of(&org, AuditAction::ProposalConfirmed).await[0].person,
        Some(person)
    );
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);

    // Deciding again is refused, and nothing more is appended.
    expect_invalid(org.confirm_proposal(proposal.id, admin).await, "decided");
    expect_invalid(
        org.decline_proposal(proposal.id, admin, None).await,
        "decided",
    );
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    expect_not_found(org.confirm_proposal(ProposalId::new(), admin).await);
    expect_not_found(org.decline_proposal(ProposalId::new(), admin, None).await);

    // Declined, then it cannot be confirmed.
    let move_to_em = org
        .propose_event(
            person,
            at(EventKind::Move, date(2022, 1, 1), "em-1"),
            manager,
        )
        .await
        .unwrap();
    let declined = org
        .decline_proposal(move_to_em.id, admin, Some("not now".into()))
        .await
        .unwrap();
    assert!(
        matches!(&declined.status, ProposalStatus::Declined { by, reason, .. }
            if *by == admin && reason.as_deref() == Some("not now")),
        "{declined:?}"
    );
    assert_eq!(org.proposal(move_to_em.id).await.unwrap(), declined);
    expect_invalid(org.confirm_proposal(move_to_em.id, admin).await, "decided");
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::ProposalDeclined).await.len(),
        1
    );

    // A proposal that the history outgrew is refused at confirmation, and nothing of the
    // confirmation is written.
    let stale = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2024, 1, 1), "ic-4"),
            manager,
        )
        .await
        .unwrap();
    org.append_event(person, at(EventKind::Promotion, date(2023, 1, 1), "ic-5"))
        .await
        .unwrap();
    let role_before = org.current_role(person).await.unwrap();
    let audit_before = org.audit(10_000).await.unwrap().len();
    let refused = org.confirm_proposal(stale.id, admin).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(TimelineError::PromotionNotHigher { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(org.events(person).await.unwrap().len(), 3);
    assert_eq!(org.current_role(person).await.unwrap(), role_before);
    assert_eq!(org.audit(10_000).await.unwrap().len(), audit_before);
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM proposal_decisions WHERE org_id = '{}' AND proposal_id = '{}'",
                org.org_id(),
                stale.id
            ))
            .await,
        0,
        "{}: a refused confirmation leaves no decision",
        S::NAME
    );
    assert!(org.proposal(stale.id).await.unwrap().status.is_pending());
    // It can still be declined.
    org.decline_proposal(stale.id, admin, None).await.unwrap();

    // Newest first; only pending ones when asked.
    let all: Vec<ProposalId> = org
        .proposals(false)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(all, vec![stale.id, move_to_em.id, proposal.id]);
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);
}

/// Another organisation's handle can neither see nor decide A's proposals, nor propose for
/// A's people; A cannot use B's accounts to propose or decide.
pub async fn proposals_are_isolated<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let manager = account(&a, "manager@a.test", Role::Manager).await;
    let b_admin = account(&b, "admin@b.test", Role::Admin).await;
    let person = hire(&a, "ada@a.test", "ic-1", date(2020, 1, 1)).await;
    let proposal = a
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            manager,
        )
        .await
        .unwrap();

    expect_not_found(b.proposal(proposal.id).await);
    assert_eq!(b.proposals(false).await.unwrap(), vec![]);
    expect_not_found(b.confirm_proposal(proposal.id, b_admin).await);
    expect_not_found(b.decline_proposal(proposal.id, b_admin, None).await);
    expect_not_found(
        b.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            b_admin,
        )
        .await,
    );
    // A's proposal decided by B's account: no such account in A.
    expect_not_found(a.confirm_proposal(proposal.id, b_admin).await);
    expect_not_found(a.decline_proposal(proposal.id, b_admin, None).await);
    expect_not_found(
        a.propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            b_admin,
        )
        .await,
    );
    assert!(a.proposal(proposal.id).await.unwrap().status.is_pending());
    assert_eq!(a.events(person).await.unwrap().len(), 1);
    assert!(
        b.audit(1000)
            .await
            .unwrap()
            .iter()
            .all(|e| e.person != Some(person))
    );
}

/// The database itself refuses to change or delete proposals and decisions.
pub async fn database_refuses_changing_proposals<S: Backend>(store: S) {
    let org = new_org(&store, "append-only").await;
    let manager = account(&org, "manager@example.com", Role::Manager).await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    let declined = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            manager,
        )
        .await
        .unwrap();
    org.decline_proposal(declined.id, manager, Some("no".into()))
        .await
        .unwrap();
    let o = org.org_id();
    for statement in [
        format!("UPDATE proposals SET reason = 'rewritten' WHERE org_id = '{o}'"),
        format!("DELETE FROM proposals WHERE org_id = '{o}'"),
        format!("UPDATE proposal_decisions SET decision = 'confirmed' WHERE org_id = '{o}'"),
        format!("UPDATE proposal_decisions SET reason = 'yes' WHERE org_id = '{o}'"),
        format!("DELETE FROM proposal_decisions WHERE org_id = '{o}'"),
    ] {
        let result = store.execute_raw(&statement).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{}: {statement} should be refused by a trigger, got {result:?}",
            S::NAME
        );
    }
    let kept = org.proposal(declined.id).await.unwrap();
    assert_eq!(kept.event.reason, None);
    assert!(
        matches!(kept.status, ProposalStatus::Declined { ref reason, .. }
        if reason.as_deref() == Some("no"))
    );
}

/// Erasing a person removes their proposals and the decisions on them, and invitations to
/// their email; other people's proposals stay.
pub async fn erasure_removes_proposals<S: Backend>(store: S) {
    let org = new_org(&store, "erase-proposals").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let address = "ada@example.com";
    let person = hire(&org, address, "ic-1", date(2020, 1, 1)).await;
    let bystander = hire(&org, "bob@example.com", "ic-1", date(2020, 1, 1)).await;
    let confirmed = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    org.confirm_proposal(confirmed.id, admin).await.unwrap();
    let declined = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2022, 1, 1), "ic-3"),
            admin,
        )
        .await
        .unwrap();
    org.decline_proposal(declined.id, admin, Some("later".into()))
        .await
        .unwrap();
    org.propose_event(
        person,
        at(EventKind::Promotion, date(2023, 1, 1), "ic-3"),
        admin,
    )
    .await
    .unwrap();
    let kept = org
        .propose_event(
            bystander,
            at(EventKind::Promotion, date(2021, 1, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    org.create_invitation(
        &email(address),
        Role::Member,
        false,
        admin,
        &TokenHash::of("ada's invitation"),
        in_an_hour(),
    )
    .await
    .unwrap();
    org.create_invitation(
        &email("carol@example.com"),
        Role::Member,
        false,
        admin,
        &TokenHash::of("carol's invitation"),
        in_an_hour(),
    )
    .await
    .unwrap();

    org.erase_person(&email(address)).await.unwrap();
    let o = org.org_id();
    for (table, condition) in [
        ("proposals", format!("person_id = '{person}'")),
        ("proposal_decisions", format!("person_id = '{person}'")),
        ("invitations", format!("email = '{address}'")),
        ("audit_log", format!("person_id = '{person}'")),
    ] {
        assert_eq!(
            store
                .count_raw(&format!(
                    "SELECT count(*) FROM {table} WHERE org_id = '{o}' AND {condition}"
                ))
                .await,
            0,
            "{}: {table} still holds the erased person's rows",
            S::NAME
        );
    }
    for id in [confirmed.id, declined.id] {
        expect_not_found(org.proposal(id).await);
    }
    assert_eq!(
        org.proposals(false)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![kept.id]
    );
    assert_eq!(org.invitations().await.unwrap().len(), 1);
    assert_eq!(store.count_raw("SELECT count(*) FROM erasures").await, 0);
}

/// The audit log pages newest first by id, each page strictly older than the row it
/// starts after, filtered by action and person.
pub async fn audit_pages<S: Backend>(store: S) {
    let org = new_org(&store, "audit-pages").await;
    let ada = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-1", date(2020, 1, 1)).await;
    for year in 2021..=2023 {
        org.append_event(
            ada,
            at(
                EventKind::Promotion,
                date(year, 1, 1),
                &format!("ic-{}", year - 2019),
            ),
        )
        .await
        .unwrap();
    }
    org.append_pay(bob, eur(100), date(2020, 1, 1), None)
        .await
        .unwrap();
    org.read_pay(bob).await.unwrap();

    let everything = org.audit_page(None, 1000, None, None).await.unwrap();
    let mut expected = org.audit(1000).await.unwrap();
    expected.sort_by_key(|entry| std::cmp::Reverse(entry.id));
    assert_eq!(everything, expected);
    assert!(everything.len() >= 10, "{}", everything.len());
    assert!(everything.windows(2).all(|w| w[0].id > w[1].id));

    // Pages of three, each starting after the last row of the one before.
    let mut paged: Vec<AuditEntry> = Vec::new();
    loop {
        let page = org
            .audit_page(paged.last().map(|e| e.id), 3, None, None)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        paged.extend(page);
    }
    assert_eq!(paged, everything);
    let last = everything.last().unwrap().id;
    assert_eq!(
        org.audit_page(Some(last), 10, None, None).await.unwrap(),
        vec![]
    );
    let middle = everything[4].id;
    assert_eq!(
        org.audit_page(Some(middle), 1000, None, None)
            .await
            .unwrap(),
        everything[5..].to_vec()
    );

    // Filters.
    let appended = org
        .audit_page(None, 1000, Some(AuditAction::RoleEventAppended), None)
        .await
        .unwrap();
    assert_eq!(appended.len(), 5);
    assert!(
        appended
            .iter()
            .all(|e| e.action == AuditAction::RoleEventAppended)
    );
    let about_ada = org.audit_page(None, 1000, None, Some(ada)).await.unwrap();
    assert!(about_ada.iter().all(|e| e.person == Some(ada)));
    assert_eq!(
        about_ada.len(),
        everything.iter().filter(|e| e.person == Some(ada)).count()
    );
    let ada_appends = org
        .audit_page(None, 2, Some(AuditAction::RoleEventAppended), Some(ada))
        .await
        .unwrap();
    assert_eq!(ada_appends.len(), 2);
    let rest = org
        .audit_page(
            Some(ada_appends[1].id),
            10,
            Some(AuditAction::RoleEventAppended),
            Some(ada),
        )
        .await
        .unwrap();
    assert_eq!(rest.len(), 2);
    assert!(rest[0].id < ada_appends[1].id);
    let reads = org
        .audit_page(None, 10, Some(AuditAction::PayRead), Some(bob))
        .await
        .unwrap();
    assert_eq!(reads.len(), 1);
    assert_eq!(
        org.audit_page(None, 10, Some(AuditAction::PayRead), Some(ada))
            .await
            .unwrap(),
        vec![]
    );

    // Another organisation's log is its own.
    let other = new_org(&store, "other").await;
    assert!(
        other
            .audit_page(None, 1000, None, Some(ada))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        other
            .audit_page(None, 1000, None, None)
            .await
            .unwrap()
            .iter()
            .all(|e| !everything.contains(e))
    );
}

/// Deleting expired sessions removes those of every organisation, and only those.
pub async fn expired_sessions_are_deleted<S: Backend>(store: S) {
    let a = new_org(&store, "a").await;
    let b = new_org(&store, "b").await;
    let in_a = account(&a, "ada@example.com", Role::Member).await;
    let in_b = account(&b, "bob@example.com", Role::Member).await;
    let live = TokenHash::of("live");
    a.create_session(in_a, &live, "csrf", in_an_hour())
        .await
        .unwrap();
    b.create_session(in_b, &TokenHash::of("b live"), "csrf", in_an_hour())
        .await
        .unwrap();
    for (org, who, token) in [(&a, in_a, "a old"), (&a, in_a, "a older")] {
        org.create_session(who, &TokenHash::of(token), "csrf", an_hour_ago())
            .await
            .unwrap();
    }
    b.create_session(in_b, &TokenHash::of("b old"), "csrf", an_hour_ago())
        .await
        .unwrap();

    assert_eq!(store.delete_expired_sessions().await.unwrap(), 3);
    assert_eq!(store.count_raw("SELECT count(*) FROM sessions").await, 2);
    assert!(store.session_by_token_hash(&live).await.unwrap().is_some());
    assert!(
        b.session_by_token_hash(&TokenHash::of("b live"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 0);
}

/// Confirmations racing: of several deciders confirming the same proposal exactly one
/// appends, the others are told it was decided; proposals for the same history confirmed
/// at once all land (each fits in any order), with a gapless history that folds.
pub async fn concurrent_confirmations<S: Backend>(store: S) {
    let org = new_org(&store, "confirm-race").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let person = hire(&org, "ada@example.com", "ic-1", date(2020, 1, 1)).await;

    let proposal = org
        .propose_event(
            person,
            at(EventKind::Promotion, date(2020, 2, 1), "ic-2"),
            admin,
        )
        .await
        .unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(6));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let org = org.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.confirm_proposal(proposal.id, admin).await
            })
        })
        .collect();
    let mut confirmed = 0;
    for task in tasks {
        match task.await.expect("decider task") {
            Ok(_) => confirmed += 1,
            Err(StoreError::Invalid(message)) => assert!(message.contains("decided")),
            Err(other) => panic!("{}: {other:?}", S::NAME),
        }
    }
    assert_eq!(confirmed, 1, "{}: exactly one confirmation", S::NAME);
    assert_eq!(org.events(person).await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::ProposalConfirmed).await.len(),
        1
    );

    // Different proposals for the same history, confirmed at once.
    let mut proposals = Vec::new();
    for k in 3..=7u8 {
        proposals.push(
            org.propose_event(
                person,
                at(EventKind::Promotion, date(2020, k, 1), &format!("ic-{k}")),
                admin,
            )
            .await
            .unwrap()
            .id,
        );
    }
    let start = Arc::new(tokio::sync::Barrier::new(proposals.len()));
    let tasks: Vec<_> = proposals
        .iter()
        .map(|&id| {
            let org = org.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.confirm_proposal(id, admin).await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("decider task").expect("confirm");
    }
    let stored = org.events(person).await.unwrap();
    assert_eq!(
        stored.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>(),
        "{}: gapless, unique sequence",
        S::NAME
    );
    let role = fold(&frameworks(&org).await, &stored).expect("the stored history folds");
    assert_eq!(role.level, level("ic-7"));
    assert_eq!(org.current_role(person).await.unwrap(), Some(role));
    assert_eq!(org.proposals(true).await.unwrap(), vec![]);
}

/// Of several people using the same invitation at once, exactly one gets the account.
pub async fn concurrent_acceptances<S: Backend>(store: S) {
    let org = new_org(&store, "accept-race").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let hash = TokenHash::of("shared link");
    org.create_invitation(
        &email("new@example.com"),
        Role::Member,
        false,
        admin,
        &hash,
        in_an_hour(),
    )
    .await
    .unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(6));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let org = org.clone();
            let start = start.clone();
            let hash = hash.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.accept_invitation(&hash, HASH).await
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        match task.await.expect("accepting task") {
            Ok(_) => accepted += 1,
            Err(StoreError::NotFound { .. }) => {}
            Err(other) => panic!("{}: {other:?}", S::NAME),
        }
    }
    assert_eq!(accepted, 1, "{}: exactly one account", S::NAME);
    assert_eq!(org.list_accounts().await.unwrap().len(), 2);
    assert_eq!(
        actions_of(&org, AuditAction::InvitationAccepted)
            .await
            .len(),
        1
    );
}

// --- reading for pages ------------------------------------------------------------------

/// `direct_reports` lists the people one person manages, and no one of another
/// organisation; `current_roles` lists every projection of the organisation, equal to
/// `current_role` one by one.
pub async fn direct_reports_and_current_roles<S: Backend>(store: S) {
    let org = new_org(&store, "reports").await;
    let other = new_org(&store, "elsewhere").await;
    let boss = hire(&org, "boss@reports.test", "em-2", date(2020, 1, 6)).await;
    let mut reports = Vec::new();
    for name in ["zoe@reports.test", "amir@reports.test"] {
        let person = org
            .create_person(name, &email(name), Some(boss))
            .await
            .unwrap();
        org.append_event(person.id, at(EventKind::Hire, date(2021, 2, 1), "ic-2"))
            .await
            .unwrap();
        reports.push(person.id);
    }
    let listed = org.direct_reports(boss).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["amir@reports.test", "zoe@reports.test"], "by name");
    assert!(org.direct_reports(reports[0]).await.unwrap().is_empty());
    assert!(
        other.direct_reports(boss).await.unwrap().is_empty(),
        "isolated"
    );

    let all = org.current_roles().await.unwrap();
    assert_eq!(all.len(), 3);
    for (person, role) in &all {
        assert_eq!(
            Some(role),
            org.current_role(*person).await.unwrap().as_ref()
        );
    }
    assert!(other.current_roles().await.unwrap().is_empty(), "isolated");
}

/// `search_people` filters, counts and pages in the database: by text (any case, `%` and
/// `_` taken literally), manager, track, levels, status and a set of ids; `managers` lists
/// whoever manages someone.
pub async fn people_are_searched_in_the_database<S: Backend>(store: S) {
    use pendulum_framework::ids::TrackId;
    use pendulum_store::{PeopleQuery, StatusFilter};
    let org = new_org(&store, "search").await;
    let other = new_org(&store, "elsewhere").await;
    let boss = hire(&org, "Boss@search.test", "em-2", date(2020, 1, 6)).await;
    let mut ids = Vec::new();
    for (name, level) in [
        ("Ann_Lee", "ic-2"),
        ("anna%", "ic-3"),
        ("Bob", "ic-3"),
        ("Cy", "ic-4"),
    ] {
        let address = format!("{}@search.test", name.replace(['%', '_'], ""));
        let person = org
            .create_person(name, &email(&address), Some(boss))
            .await
            .unwrap();
        org.append_event(person.id, at(EventKind::Hire, date(2021, 2, 1), level))
            .await
            .unwrap();
        ids.push(person.id);
    }
    org.append_event(ids[3], event(EventKind::Exit, date(2022, 1, 1)))
        .await
        .unwrap();
    let outsider = other
        .create_person("Ann Other", &email("ann@elsewhere.test"), None)
        .await
        .unwrap();
    other
        .append_event(outsider.id, at(EventKind::Hire, date(2021, 2, 1), "ic-2"))
        .await
        .unwrap();
    let names = |page: &pendulum_store::PeoplePage| -> Vec<String> {
        page.people.iter().map(|(p, _)| p.name.clone()).collect()
    };
    let all = PeopleQuery {
        limit: 50,
        ..PeopleQuery::default()
    };
    let page = org.search_people(&all).await.unwrap();
    assert_eq!(page.total, 4, "the one who left is not current");
    assert_eq!(
        names(&page),
        ["Ann_Lee", "anna%", "Bob", "Boss@search.test"]
    );
    assert!(page.people.iter().all(|(_, role)| role.is_some()));
    let query = |f: fn(&mut PeopleQuery)| {
        let mut q = all.clone();
        f(&mut q);
        q
    };
    let run = |q: PeopleQuery| {
        let org = org.clone();
        async move { org.search_people(&q).await.unwrap() }
    };
    assert_eq!(
        names(&run(query(|q| q.text = Some("ANN".into()))).await),
        ["Ann_Lee", "anna%"]
    );
    // Three characters, so that they match anywhere (`PeopleQuery::text`): the wildcards of
    // `LIKE` are plain text.
    assert_eq!(
        names(&run(query(|q| q.text = Some("nn_".into()))).await),
        ["Ann_Lee"]
    );
    assert_eq!(
        names(&run(query(|q| q.text = Some("na%".into()))).await),
        ["anna%"]
    );
    assert_eq!(
        names(&run(query(|q| q.text = Some("bob@".into()))).await),
        ["Bob"]
    );
    assert_eq!(
        names(&run(query(|q| q.levels = Some(vec![level("ic-3")]))).await),
        ["anna%", "Bob"]
    );
    assert_eq!(run(query(|q| q.levels = Some(Vec::new()))).await.total, 0);
    assert_eq!(
        names(
            &run(query(
                |q| q.track = Some(TrackId::new("management").unwrap())
            ))
            .await
        ),
        ["Boss@search.test"]
    );
    assert_eq!(
        names(&run(query(|q| q.status = StatusFilter::Left)).await),
        ["Cy"]
    );
    assert_eq!(run(query(|q| q.status = StatusFilter::All)).await.total, 5);
    let mut q = all.clone();
    q.manager = Some(boss);
    q.status = StatusFilter::All;
    assert_eq!(org.search_people(&q).await.unwrap().total, 4);
    let mut q = all.clone();
    q.within = Some(vec![ids[1], ids[2]]);
    assert_eq!(
        names(&org.search_people(&q).await.unwrap()),
        ["anna%", "Bob"]
    );
    // Paging: the total stays, the rows move.
    let mut q = all.clone();
    q.limit = 2;
    q.offset = 2;
    let page = org.search_people(&q).await.unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(names(&page), ["Bob", "Boss@search.test"]);
    q.offset = 10;
    let past_the_end = org.search_people(&q).await.unwrap();
    assert_eq!((past_the_end.total, past_the_end.people.len()), (4, 0));
    // Another organisation's people are never found.
    let page = other.search_people(&all).await.unwrap();
    assert_eq!(names(&page), ["Ann Other"]);
    let managers: Vec<String> = org
        .managers()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(managers, ["Boss@search.test"]);
    assert!(other.managers().await.unwrap().is_empty());
}

// --- account controls: disabling, revoking, holding one's own pay ----------------------

/// Raw count of `account`'s API token rows that are revoked.
async fn revoked_tokens<S: Backend>(store: &S, org: &S::Org, account: AccountId) -> i64 {
    let o = org.org_id();
    store
        .count_raw(&format!(
            "SELECT count(*) FROM api_tokens WHERE org_id = '{o}' AND account_id = '{account}'
               AND revoked_at IS NOT NULL"
        ))
        .await
}

/// Disabling an account ends its sessions and revokes its tokens (the rows stay): none of
/// them authenticates, it is not found by email (so it cannot sign in), no new session or
/// token can be made for it, and it is audited. Enabling it again lets it sign in afresh,
/// but its old sessions and tokens stay ended. Other accounts are untouched.
pub async fn disabled_accounts_cannot_sign_in<S: Backend>(store: S) {
    let org = new_org(&store, "disable")
        .await
        .acting_as(Actor::new("account:admin").unwrap());
    let ada = account(&org, "ada@example.com", Role::Manager).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let session = TokenHash::of("ada's session");
    let bobs_session = TokenHash::of("bob's session");
    let tokens = [TokenHash::of("ada's token"), TokenHash::of("ada's other")];
    let bobs_token = TokenHash::of("bob's token");
    org.create_session(ada, &session, "csrf", in_an_hour())
        .await
        .unwrap();
    org.create_session(bob, &bobs_session, "csrf", in_an_hour())
        .await
        .unwrap();
    for hash in &tokens {
        org.create_api_token(ada, hash, "ci").await.unwrap();
    }
    org.create_api_token(bob, &bobs_token, "ci").await.unwrap();
    assert!(!org.account(ada).await.unwrap().is_disabled());

    org.disable_account(ada).await.unwrap();
    let disabled = org.account(ada).await.unwrap();
    assert!(disabled.is_disabled(), "{}", S::NAME);
    assert_eq!(org.session_by_token_hash(&session).await.unwrap(), None);
    assert_eq!(store.session_by_token_hash(&session).await.unwrap(), None);
    for hash in &tokens {
        assert_eq!(org.account_by_api_token_hash(hash).await.unwrap(), None);
        assert_eq!(store.account_by_api_token_hash(hash).await.unwrap(), None);
    }
    assert_eq!(
        org.account_by_email(&email("ada@example.com"))
            .await
            .unwrap(),
        None,
        "{}: a disabled account cannot be found to sign in",
        S::NAME
    );
    assert!(
        org.list_accounts()
            .await
            .unwrap()
            .iter()
            .any(|a| a.id == ada && a.is_disabled())
    );
    assert_eq!(org.api_tokens(ada).await.unwrap(), vec![]);
    assert_eq!(revoked_tokens(&store, &org, ada).await, 2, "rows stay");
    expect_invalid(
        org.create_session(ada, &TokenHash::of("new"), "csrf", in_an_hour())
            .await,
        "disabled",
    );
    expect_invalid(
        org.create_api_token(ada, &TokenHash::of("new token"), "ci")
            .await,
        "disabled",
    );
    expect_invalid(org.disable_account(ada).await, "disabled already");
    let audit = actions_of(&org, AuditAction::AccountDisabled).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("account/{ada}"));
    assert_eq!(audit[0].actor, "account:admin");
    assert_eq!(
        actions_of(&org, AuditAction::ApiTokenRevoked).await.len(),
        2
    );

    // Bob is untouched.
    assert!(
        org.session_by_token_hash(&bobs_session)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        org.account_by_api_token_hash(&bobs_token)
            .await
            .unwrap()
            .map(|a| a.id),
        Some(bob)
    );

    // Another organisation cannot disable or enable it.
    let other = new_org(&store, "other").await;
    expect_not_found(other.disable_account(bob).await);
    expect_not_found(other.enable_account(ada).await);
    expect_not_found(org.disable_account(AccountId::new()).await);
    assert!(org.account(ada).await.unwrap().is_disabled());

    org.enable_account(ada).await.unwrap();
    assert!(!org.account(ada).await.unwrap().is_disabled());
    assert!(
        org.account_by_email(&email("ada@example.com"))
            .await
            .unwrap()
            .is_some()
    );
    for hash in &tokens {
        assert_eq!(org.account_by_api_token_hash(hash).await.unwrap(), None);
    }
    assert_eq!(org.session_by_token_hash(&session).await.unwrap(), None);
    let fresh = TokenHash::of("ada again");
    org.create_session(ada, &fresh, "csrf", in_an_hour())
        .await
        .unwrap();
    assert!(org.session_by_token_hash(&fresh).await.unwrap().is_some());
    expect_invalid(org.enable_account(ada).await, "not disabled");
    assert_eq!(actions_of(&org, AuditAction::AccountEnabled).await.len(), 1);
}

/// A reset revokes the account's API tokens as well as ending its sessions (the rows
/// stay). A reset by someone without pay holds the account's own pay until a pay holder
/// approves; a later reset by a pay holder does not lift the hold, only approval does.
pub async fn password_reset_revokes_tokens_and_may_hold_own_pay<S: Backend>(store: S) {
    let org = new_org(&store, "reset-tokens").await;
    let ada = account(&org, "ada@example.com", Role::Member).await;
    let bob = account(&org, "bob@example.com", Role::Member).await;
    let token = TokenHash::of("ada's token");
    let bobs = TokenHash::of("bob's token");
    org.create_api_token(ada, &token, "ci").await.unwrap();
    org.create_api_token(bob, &bobs, "ci").await.unwrap();

    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert_eq!(org.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(store.account_by_api_token_hash(&token).await.unwrap(), None);
    assert_eq!(revoked_tokens(&store, &org, ada).await, 1, "the row stays");
    assert!(
        org.account_by_api_token_hash(&bobs)
            .await
            .unwrap()
            .is_some()
    );
    assert!(!org.account(ada).await.unwrap().own_pay_held);

    org.set_password(ada, HASH, true).await.unwrap();
    assert!(org.account(ada).await.unwrap().own_pay_held, "{}", S::NAME);
    org.set_password(ada, OTHER_HASH, false).await.unwrap();
    assert!(
        org.account(ada).await.unwrap().own_pay_held,
        "only approval lifts a hold"
    );
    assert!(!org.account(bob).await.unwrap().own_pay_held);

    let other = new_org(&store, "other").await;
    expect_not_found(other.approve_own_pay(ada).await);
    expect_invalid(org.approve_own_pay(bob).await, "not waiting");
    let approver = org.acting_as(Actor::new("account:payroll").unwrap());
    approver.approve_own_pay(ada).await.unwrap();
    assert!(!org.account(ada).await.unwrap().own_pay_held);
    expect_invalid(org.approve_own_pay(ada).await, "not waiting");
    let approvals = actions_of(&org, AuditAction::OwnPayApproved).await;
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].subject, format!("account/{ada}"));
    assert_eq!(approvals[0].actor, "account:payroll");
}

/// Only an inviter holding pay may invite someone to see pay; an invitation carries the
/// approval of its account's own pay exactly when the inviter holds pay, and the account an
/// unapproved invitation creates has its own pay held.
pub async fn invitations_carry_the_inviters_pay_approval<S: Backend>(store: S) {
    let org = new_org(&store, "invite-pay").await;
    let payroll = account(&org, "payroll@example.com", Role::Admin).await;
    let admin = org
        .create_account(&email("admin@example.com"), HASH, Role::Admin, false)
        .await
        .unwrap()
        .id;

    expect_invalid(
        org.create_invitation(
            &email("sneaky@example.com"),
            Role::Admin,
            true,
            admin,
            &TokenHash::of("sneaky"),
            in_an_hour(),
        )
        .await,
        "pay",
    );
    assert_eq!(org.invitations().await.unwrap(), vec![]);

    let unapproved = TokenHash::of("by the admin");
    let by_admin = org
        .create_invitation(
            &email("mo@example.com"),
            Role::Member,
            false,
            admin,
            &unapproved,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert!(!by_admin.own_pay_approved);
    let approved = TokenHash::of("by payroll");
    let by_payroll = org
        .create_invitation(
            &email("pat@example.com"),
            Role::Admin,
            true,
            payroll,
            &approved,
            in_an_hour(),
        )
        .await
        .unwrap();
    assert!(by_payroll.own_pay_approved);
    assert_eq!(
        org.invitation_by_token_hash(&unapproved).await.unwrap(),
        Some(by_admin)
    );

    let mo = org
        .accept_invitation(&unapproved, OTHER_HASH)
        .await
        .unwrap();
    assert!(mo.own_pay_held, "{}", S::NAME);
    assert!(org.account(mo.id).await.unwrap().own_pay_held);
    let pat = org.accept_invitation(&approved, OTHER_HASH).await.unwrap();
    assert!(!pat.own_pay_held);
    assert!(pat.pay);
    assert!(!org.account(pat.id).await.unwrap().own_pay_held);
}
