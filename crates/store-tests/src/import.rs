//! Conformance tests of bulk import and export: all or nothing, repeatable, and an organisation created with
//! a given identity.

use pendulum_domain::timeline::fold;
use pendulum_domain::{EventKind, OrgId, OrgSlug, Organisation, PersonId, RoleEvent};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, ImportBatch, Progress, Record, Stage, StoreError};

use crate::Backend;
use crate::fixtures::*;

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
