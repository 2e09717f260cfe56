//! Conformance tests of framework versions: the built-in first version of a new organisation, and publishing a
//! new version while people hold its levels.

use pendulum_domain::{EventKind, OrgSlug};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_store::framework::content_hash;
use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, NewRoleEvent};

use crate::Backend;
use crate::fixtures::*;

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
