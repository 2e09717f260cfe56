//! Conformance tests of reflections: written, revised (every version kept), shared with the
//! author's current manager only, unshared and deleted by person; never reachable through
//! another person or organisation; bounded; absent from the audit log; and erased with
//! their author.

use std::sync::Arc;

use pendulum_domain::reflection::{Asked, Direction, NewReflection, QuestionId};
use pendulum_domain::{PersonId, ReflectionId};
use pendulum_store::prelude::*;
use pendulum_store::{
    MAX_REFLECTION_VERSIONS, MAX_REFLECTIONS, NewReportingChange, OrgStore, StoreError,
};

use crate::Backend;
use crate::fixtures::*;

fn asked() -> Vec<Asked> {
    ["what-draws-you", "energy", "why-now"]
        .into_iter()
        .map(|id| Asked {
            id: QuestionId::new(id).unwrap(),
            text: format!("The question {id}?"),
        })
        .collect()
}

fn new_reflection(direction: Direction, answers: &[(&str, &str)]) -> NewReflection {
    let answers: Vec<(String, String)> = answers
        .iter()
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect();
    NewReflection::new(direction, &asked(), &answers).unwrap()
}

fn towards_management(text: &str) -> NewReflection {
    new_reflection(Direction::ToManagement, &[("what-draws-you", text)])
}

/// `address` hired, reporting to `manager`.
async fn hire_under<O: OrgStore>(org: &O, address: &str, manager: Option<PersonId>) -> PersonId {
    let person = org
        .create_person(address, &email(address), manager)
        .await
        .unwrap();
    org.append_event(
        person.id,
        at(pendulum_domain::EventKind::Hire, date(2020, 1, 1), "ic-2"),
    )
    .await
    .unwrap();
    person.id
}

pub async fn reflections_are_written_revised_and_versioned<S: Backend>(store: S) {
    let org = new_org(&store, "reflect").await;
    let ada = hire_under(&org, "ada@example.com", None).await;
    let bob = hire_under(&org, "bob@example.com", None).await;

    let first = org
        .add_reflection(
            ada,
            &new_reflection(
                Direction::ToManagement,
                &[
                    ("what-draws-you", "The people.\nAnd the puzzle."),
                    ("energy", "Pairing."),
                ],
            ),
        )
        .await
        .unwrap();
    assert_eq!((first.version, first.shared_with), (1, None));
    assert_eq!(first.created_at, first.updated_at);
    let second = org
        .add_reflection(
            ada,
            &new_reflection(Direction::ToIc, &[("why-now", "Craft.")]),
        )
        .await
        .unwrap();
    org.add_reflection(bob, &towards_management("bob's"))
        .await
        .unwrap();

    // Read back as written, the most recently written first.
    let all = org.reflections(ada).await.unwrap();
    assert_eq!(all, vec![second.clone(), first.clone()], "{}", S::NAME);
    assert_eq!(all[1].answers[0].text, "The people.\nAnd the puzzle.");
    assert_eq!(all[1].answers[0].asked, "The question what-draws-you?");
    assert_eq!(all[0].direction, Direction::ToIc);
    assert_eq!(org.reflection(ada, first.id).await.unwrap(), first);

    // A revision is a new version; the earlier one stays as it was.
    let revised = org
        .revise_reflection(
            ada,
            first.id,
            &new_reflection(Direction::ToManagement, &[("energy", "Mentoring, now.")]),
        )
        .await
        .unwrap();
    assert_eq!(revised.version, 2);
    assert_eq!(
        (revised.id, revised.created_at),
        (first.id, first.created_at)
    );
    assert!(revised.updated_at >= first.updated_at);
    assert_eq!(org.reflection(ada, first.id).await.unwrap(), revised);
    let versions = org.reflection_versions(ada, first.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(versions[0].answers, revised.answers);
    assert_eq!(versions[1].answers, first.answers);
    assert_eq!(versions[1].written_at, first.updated_at);
    // The list now leads with the revised one.
    assert_eq!(org.reflections(ada).await.unwrap()[0].id, first.id);
    // A reflection keeps its direction.
    expect_invalid(
        org.revise_reflection(
            ada,
            first.id,
            &new_reflection(Direction::ToIc, &[("why-now", "x")]),
        )
        .await,
        "keeps the direction",
    );

    // Another person's reflection is not found through this person, for any operation.
    let other = towards_management("x");
    expect_not_found(org.reflection(bob, first.id).await);
    expect_not_found(org.reflection_versions(bob, first.id).await);
    expect_not_found(org.revise_reflection(bob, first.id, &other).await);
    expect_not_found(org.share_reflection(bob, first.id).await);
    expect_not_found(org.unshare_reflection(bob, first.id).await);
    expect_not_found(org.delete_reflection(bob, first.id).await);
    expect_not_found(org.reflection(ada, ReflectionId::new()).await);
    expect_not_found(org.add_reflection(PersonId::new(), &other).await);
    expect_not_found(org.reflections(PersonId::new()).await);
    // Nor through another organisation.
    let elsewhere = new_org(&store, "reflect-other").await;
    expect_not_found(elsewhere.reflection(ada, first.id).await);
    expect_not_found(elsewhere.reflections(ada).await);
    expect_not_found(elsewhere.reflection_versions(ada, first.id).await);
    expect_not_found(elsewhere.delete_reflection(ada, first.id).await);
    assert_eq!(
        org.reflections(ada).await.unwrap().len(),
        2,
        "nothing changed"
    );

    // Deleting takes every version, for good.
    org.delete_reflection(ada, first.id).await.unwrap();
    expect_not_found(org.reflection(ada, first.id).await);
    expect_not_found(org.reflection_versions(ada, first.id).await);
    expect_not_found(org.delete_reflection(ada, first.id).await);
    let versions_left = store
        .count_raw(&format!(
            "SELECT count(*) FROM reflection_versions WHERE reflection_id = '{}'",
            first.id
        ))
        .await;
    assert_eq!(versions_left, 0, "{}", S::NAME);
    assert_eq!(org.reflections(ada).await.unwrap(), vec![second]);
    assert_eq!(org.reflections(bob).await.unwrap().len(), 1);
}

pub async fn reflections_are_shared_with_the_current_manager_only<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-share").await;
    let mia = hire_under(&org, "mia@example.com", None).await;
    let zed = hire_under(&org, "zed@example.com", None).await;
    let ada = hire_under(&org, "ada@example.com", Some(mia)).await;
    let written = org
        .add_reflection(ada, &towards_management("shared soon"))
        .await
        .unwrap();
    let private = org
        .add_reflection(ada, &towards_management("mine alone"))
        .await
        .unwrap();
    assert!(
        org.reflections_shared_with(ada, mia)
            .await
            .unwrap()
            .is_empty()
    );

    let shared = org.share_reflection(ada, written.id).await.unwrap();
    assert_eq!(shared.shared_with, Some(mia), "{}", S::NAME);
    assert_eq!(shared.version, written.version, "sharing is not a version");
    let read = org.reflections_shared_with(ada, mia).await.unwrap();
    assert_eq!(read, vec![shared.clone()], "the shared one only");
    assert!(
        org.reflections_shared_with(ada, zed)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        org.reflections_shared_with(ada, ada)
            .await
            .unwrap()
            .is_empty()
    );
    // A revision of a shared reflection stays shared, and the manager reads the new one.
    let revised = org
        .revise_reflection(ada, written.id, &towards_management("shared, revised"))
        .await
        .unwrap();
    assert_eq!(revised.shared_with, Some(mia));
    assert_eq!(
        org.reflections_shared_with(ada, mia).await.unwrap()[0].answers[0].text,
        "shared, revised"
    );

    // Unsharing takes it away at once.
    let unshared = org.unshare_reflection(ada, written.id).await.unwrap();
    assert_eq!(unshared.shared_with, None);
    assert!(
        org.reflections_shared_with(ada, mia)
            .await
            .unwrap()
            .is_empty()
    );
    // Unsharing a private one changes nothing.
    assert_eq!(
        org.unshare_reflection(ada, private.id).await.unwrap(),
        private
    );

    // Someone with no manager has nobody to share with: refused, nothing changes.
    let own = org
        .add_reflection(zed, &towards_management("no manager"))
        .await
        .unwrap();
    expect_invalid(org.share_reflection(zed, own.id).await, "no manager");
    assert_eq!(org.reflection(zed, own.id).await.unwrap().shared_with, None);

    // A new manager does not inherit what was shared with the one before, and the former
    // manager reads it no more.
    org.share_reflection(ada, written.id).await.unwrap();
    org.change_manager(
        ada,
        NewReportingChange {
            effective: org.today(),
            manager: Some(zed),
            reason: None,
        },
    )
    .await
    .unwrap();
    assert!(
        org.reflections_shared_with(ada, mia)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        org.reflections_shared_with(ada, zed)
            .await
            .unwrap()
            .is_empty()
    );
    // Shared again, it goes to the manager on record now.
    let again = org.share_reflection(ada, written.id).await.unwrap();
    assert_eq!(again.shared_with, Some(zed));
    assert_eq!(
        org.reflections_shared_with(ada, zed).await.unwrap().len(),
        1
    );

    // Another organisation sees nothing.
    let elsewhere = new_org(&store, "reflect-share-other").await;
    expect_not_found(elsewhere.share_reflection(ada, written.id).await);
    assert!(
        elsewhere
            .reflections_shared_with(ada, zed)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Nothing about a reflection reaches the audit log: not its text, not even that it exists.
pub async fn reflections_leave_no_audit_row<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-audit").await;
    let mia = hire_under(&org, "mia@example.com", None).await;
    let ada = hire_under(&org, "ada@example.com", Some(mia)).await;
    let before = store.count_raw("SELECT count(*) FROM audit_log").await;
    let r = org
        .add_reflection(ada, &towards_management("AUDITCANARY"))
        .await
        .unwrap();
    org.revise_reflection(ada, r.id, &towards_management("AUDITCANARY again"))
        .await
        .unwrap();
    org.share_reflection(ada, r.id).await.unwrap();
    org.reflections_shared_with(ada, mia).await.unwrap();
    org.unshare_reflection(ada, r.id).await.unwrap();
    org.delete_reflection(ada, r.id).await.unwrap();
    let after = store.count_raw("SELECT count(*) FROM audit_log").await;
    assert_eq!(after, before, "{}: reflections wrote audit rows", S::NAME);
}

/// A person's reflections, and a reflection's versions, are bounded.
pub async fn reflections_are_bounded<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-full").await;
    let ada = hire_under(&org, "ada@example.com", None).await;
    let org_id = org.org_id();
    let n = MAX_REFLECTIONS - 1;
    let fill = match S::NAME {
        "sqlite" => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
             INSERT INTO reflections (org_id, id, person_id, direction, version, created_at,
                 updated_at)
             SELECT '{org_id}', printf('00000000-0000-7000-8000-%012d', i), '{ada}', 'to-ic', 1,
                 '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z'
             FROM n"
        ),
        _ => format!(
            "INSERT INTO reflections (org_id, id, person_id, direction, version, created_at,
                 updated_at)
             SELECT '{org_id}', ('00000000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid,
                 '{ada}', 'to-ic', 1, now(), now()
             FROM generate_series(1, {n}) AS i"
        ),
    };
    assert_eq!(store.execute_raw(&fill).await.unwrap(), u64::from(n));
    let last = org
        .add_reflection(ada, &towards_management("the last"))
        .await
        .unwrap();
    expect_invalid(
        org.add_reflection(ada, &towards_management("one more"))
            .await,
        "delete one to write another",
    );
    let held = store
        .count_raw(&format!(
            "SELECT count(*) FROM reflections WHERE person_id = '{ada}'"
        ))
        .await;
    assert_eq!(held, i64::from(MAX_REFLECTIONS));

    // A reflection at its last version takes no more.
    let top = MAX_REFLECTION_VERSIONS;
    for statement in [
        format!(
            "UPDATE reflection_versions SET version = {top} WHERE reflection_id = '{}'",
            last.id
        ),
        format!(
            "UPDATE reflections SET version = {top} WHERE id = '{}'",
            last.id
        ),
    ] {
        store.execute_raw(&statement).await.unwrap();
    }
    expect_invalid(
        org.revise_reflection(ada, last.id, &towards_management("again"))
            .await,
        "at most 500 versions",
    );
    assert_eq!(org.reflection(ada, last.id).await.unwrap().version, top);
}

/// The database itself refuses a direction other than the two moves, and a share without
/// its time, whatever writes to it.
pub async fn database_checks_reflections<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-db").await;
    let ada = hire_under(&org, "ada@example.com", None).await;
    let r = org
        .add_reflection(ada, &towards_management("x"))
        .await
        .unwrap();
    for statement in [
        format!(
            "UPDATE reflections SET direction = 'up' WHERE id = '{}'",
            r.id
        ),
        format!(
            "UPDATE reflections SET shared_with = '{ada}' WHERE id = '{}'",
            r.id
        ),
        format!("UPDATE reflections SET version = 0 WHERE id = '{}'", r.id),
    ] {
        assert!(
            store.execute_raw(&statement).await.is_err(),
            "{}: {statement} was stored",
            S::NAME
        );
    }
}

/// Revisions of one reflection written at once each get their own version number.
pub async fn concurrent_revisions_take_their_turn<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-race").await;
    let ada = hire_under(&org, "ada@example.com", None).await;
    let r = org
        .add_reflection(ada, &towards_management("v1"))
        .await
        .unwrap();
    let writers = 6;
    let start = Arc::new(tokio::sync::Barrier::new(writers));
    let tasks: Vec<_> = (0..writers)
        .map(|i| {
            let org = org.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                org.revise_reflection(ada, r.id, &towards_management(&format!("writer {i}")))
                    .await
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(revised) => numbers.push(revised.version),
            Err(StoreError::Conflict) => {}
            Err(e) => panic!("{}: {e}", S::NAME),
        }
    }
    numbers.sort_unstable();
    let stored: Vec<u32> = org
        .reflection_versions(ada, r.id)
        .await
        .unwrap()
        .iter()
        .rev()
        .map(|v| v.version)
        .collect();
    assert_eq!(
        stored,
        (1..=numbers.len() as u32 + 1).collect::<Vec<_>>(),
        "{}: gapless, unique versions",
        S::NAME
    );
    assert_eq!(numbers, stored[1..].to_vec());
    assert_eq!(
        org.reflection(ada, r.id).await.unwrap().version,
        *stored.last().unwrap()
    );
}

/// Erasing a person takes their reflections with them, and makes private again what others
/// shared with them.
pub async fn erasure_removes_reflections<S: Backend>(store: S) {
    let org = new_org(&store, "reflect-erase").await;
    let mia = hire_under(&org, "mia@example.com", None).await;
    let ada = hire_under(&org, "ada@example.com", Some(mia)).await;
    let bob = hire_under(&org, "bob@example.com", Some(ada)).await;
    let adas = org
        .add_reflection(ada, &towards_management("ada's"))
        .await
        .unwrap();
    org.revise_reflection(ada, adas.id, &towards_management("ada's, again"))
        .await
        .unwrap();
    org.share_reflection(ada, adas.id).await.unwrap();
    let bobs = org
        .add_reflection(bob, &towards_management("bob's"))
        .await
        .unwrap();
    org.share_reflection(bob, bobs.id).await.unwrap();

    org.erase_person(&email("ada@example.com")).await.unwrap();
    assert_eq!(
        store.count_raw("SELECT count(*) FROM reflections").await,
        1,
        "{}",
        S::NAME
    );
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM reflection_versions")
            .await,
        1
    );
    let left = org.reflection(bob, bobs.id).await.unwrap();
    assert_eq!(left.shared_with, None, "shared with the erased manager");
    assert_eq!(left.answers[0].text, "bob's");
    assert!(
        org.reflections_shared_with(ada, mia)
            .await
            .unwrap()
            .is_empty()
    );
}
