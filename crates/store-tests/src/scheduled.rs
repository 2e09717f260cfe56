//! Conformance tests of scheduled events: an event dated after the store's today does not
//! change the current role (nor anything that reads it: a person's status, the directory's
//! filters, the export) until the day arrives, on every path that writes projections.

use pendulum_domain::timeline::fold_on;
use pendulum_domain::{Email, EventKind, OrgSlug, PersonId, PersonStatus};
use pendulum_framework::ids::TrackId;
use pendulum_store::prelude::*;
use pendulum_store::{Clock, NewRoleEvent, OrgStore, PeopleQuery, StatusFilter, Store, StoreError};
use time::Date;

use crate::Backend;
use crate::fixtures::{at, date, level};

/// The day before the promotion the tests schedule.
fn eve() -> Date {
    date(2026, 1, 4)
}

fn promotion_day() -> Date {
    date(2026, 1, 5)
}

async fn org_on<S: Store>(store: &S, clock: &Clock, slug: &str) -> S::Org {
    let store = store.with_clock(clock.clone());
    let org = store
        .create_org(&OrgSlug::new(slug).unwrap(), slug)
        .await
        .expect("create organisation");
    store.org(org.id)
}

async fn person<O: OrgStore>(org: &O, address: &str) -> PersonId {
    org.create_person(address, &Email::new(address).unwrap(), None)
        .await
        .expect("create person")
        .id
}

async fn level_of<O: OrgStore>(org: &O, person: PersonId) -> Option<String> {
    let role = org.current_role(person).await.unwrap();
    role.map(|r| r.level.to_string())
}

/// The names the directory lists at `level_id`.
async fn at_level<O: OrgStore>(org: &O, level_id: &str) -> Vec<String> {
    let query = PeopleQuery {
        levels: Some(vec![level(level_id)]),
        limit: 50,
        ..PeopleQuery::default()
    };
    let page = org.search_people(&query).await.unwrap();
    page.people.into_iter().map(|(p, _)| p.name).collect()
}

/// A promotion recorded for a later day leaves the current role alone; once the day
/// arrives the promoted role is current, through the directory's filters first.
pub async fn a_scheduled_promotion_waits_for_its_date<S: Backend>(store: S) {
    let clock = Clock::fixed(eve());
    let org = org_on(&store, &clock, "scheduled").await;
    let ada = person(&org, "ada@scheduled.test").await;
    let bo = person(&org, "bo@scheduled.test").await;
    for p in [ada, bo] {
        org.append_event(p, at(EventKind::Hire, date(2020, 3, 2), "ic-2"))
            .await
            .unwrap();
    }
    let stored = org
        .append_event(ada, at(EventKind::Promotion, promotion_day(), "ic-3"))
        .await
        .expect("a promotion may be recorded ahead of its date");
    assert_eq!(stored.effective, promotion_day());
    assert_eq!(org.today(), eve());

    assert_eq!(level_of(&org, ada).await.as_deref(), Some("ic-2"));
    let role = org.current_role(ada).await.unwrap().unwrap();
    assert_eq!((role.since, role.last_event_seq), (date(2020, 3, 2), 2));
    assert!(at_level(&org, "ic-3").await.is_empty());
    assert_eq!(
        at_level(&org, "ic-2").await,
        ["ada@scheduled.test", "bo@scheduled.test"]
    );
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        1
    );
    // The directory marks it: Ada's next change, and nothing for Bo.
    assert_eq!(
        org.scheduled_changes().await.unwrap(),
        [(ada, promotion_day())]
    );

    // The next day, with nothing written in between.
    clock.set(promotion_day());
    assert_eq!(
        org.scheduled_changes().await.unwrap(),
        [],
        "a change whose day has come is no longer scheduled"
    );
    assert_eq!(at_level(&org, "ic-3").await, ["ada@scheduled.test"]);
    assert_eq!(at_level(&org, "ic-2").await, ["bo@scheduled.test"]);
    let role = org.current_role(ada).await.unwrap().unwrap();
    assert_eq!(
        (role.level.to_string(), role.since, role.last_event_seq),
        ("ic-3".to_string(), promotion_day(), 2)
    );
    let all = org.current_roles().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        0,
        "nothing is scheduled any more"
    );

    // What the store holds is what the events add up to today.
    let frameworks = (1, org.framework(1).await.unwrap());
    let events = org.events(ada).await.unwrap();
    let expected = fold_on(&frameworks, &events, promotion_day()).unwrap();
    assert_eq!(org.current_role(ada).await.unwrap(), expected.role);
}

/// Before a scheduled hire nobody holds a role (the person is listed as someone with no
/// history yet); a scheduled exit leaves the person current until the day; and an erased
/// person takes their scheduled change with them.
pub async fn scheduled_hires_and_exits<S: Backend>(store: S) {
    let clock = Clock::fixed(eve());
    let org = org_on(&store, &clock, "arrivals").await;
    let new = person(&org, "new@arrivals.test").await;
    let leaving = person(&org, "leaving@arrivals.test").await;
    org.append_event(new, at(EventKind::Hire, promotion_day(), "ic-1"))
        .await
        .unwrap();
    org.append_event(leaving, at(EventKind::Hire, date(2019, 9, 2), "ic-3"))
        .await
        .unwrap();
    org.append_event(
        leaving,
        NewRoleEvent::new(EventKind::Exit, promotion_day(), 1),
    )
    .await
    .unwrap();

    assert_eq!(org.current_role(new).await.unwrap(), None);
    assert_eq!(org.person(new).await.unwrap().status, PersonStatus::Active);
    let leaving_status = org.person(leaving).await.unwrap().status;
    assert_eq!(leaving_status, PersonStatus::Active);
    let by_track = PeopleQuery {
        track: Some(TrackId::new("ic").unwrap()),
        limit: 50,
        ..PeopleQuery::default()
    };
    let names = |page: pendulum_store::PeoplePage| -> Vec<String> {
        page.people.into_iter().map(|(p, _)| p.name).collect()
    };
    assert_eq!(
        names(org.search_people(&by_track).await.unwrap()),
        ["leaving@arrivals.test"]
    );
    let left = PeopleQuery {
        status: StatusFilter::Left,
        limit: 50,
        ..PeopleQuery::default()
    };
    assert_eq!(org.search_people(&left).await.unwrap().total, 0);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        2
    );

    clock.set(promotion_day());
    assert_eq!(
        names(org.search_people(&by_track).await.unwrap()),
        ["new@arrivals.test"],
        "the one who left is not current"
    );
    assert_eq!(
        names(org.search_people(&left).await.unwrap()),
        ["leaving@arrivals.test"]
    );
    assert_eq!(
        org.person(leaving).await.unwrap().status,
        PersonStatus::Exited
    );
    assert_eq!(level_of(&org, new).await.as_deref(), Some("ic-1"));

    // Erasure removes a scheduled change too (its row refers to the person).
    let later = person(&org, "later@arrivals.test").await;
    org.append_event(later, at(EventKind::Hire, date(2027, 1, 4), "ic-1"))
        .await
        .unwrap();
    org.erase_person(&Email::new("later@arrivals.test").unwrap())
        .await
        .expect("erase someone with a scheduled hire");
    assert!(matches!(
        org.person(later).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        0
    );
}

/// An import and a rebuild write the role in effect today and the next scheduled change,
/// as an append does; the export carries each person's status today.
pub async fn import_and_rebuild_schedule_changes<S: Backend>(store: S) {
    let clock = Clock::fixed(eve());
    let source = org_on(&store, &clock, "source").await;
    let ada = person(&source, "ada@source.test").await;
    source
        .append_event(ada, at(EventKind::Hire, date(2020, 3, 2), "ic-2"))
        .await
        .unwrap();
    source
        .append_event(ada, at(EventKind::Promotion, promotion_day(), "ic-3"))
        .await
        .unwrap();
    let leaving = person(&source, "leaving@source.test").await;
    source
        .append_event(leaving, at(EventKind::Hire, date(2019, 9, 2), "ic-3"))
        .await
        .unwrap();
    source
        .append_event(
            leaving,
            NewRoleEvent::new(EventKind::Exit, promotion_day(), 1),
        )
        .await
        .unwrap();
    let batch = source.export().await.unwrap();
    let status = |batch: &pendulum_store::ImportBatch, id: PersonId| {
        batch.people.iter().find(|p| p.id == id).unwrap().status
    };
    assert_eq!(status(&batch, leaving), PersonStatus::Active);

    let copy = org_on(&store, &clock, "copy").await;
    copy.import(batch).await.expect("import");
    assert_eq!(level_of(&copy, ada).await.as_deref(), Some("ic-2"));
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        4,
        "two people scheduled in each organisation"
    );

    // A rebuild on the eve writes the same as the appends and the import did.
    let before = copy.current_roles().await.unwrap();
    copy.rebuild_projections().await.unwrap();
    assert_eq!(copy.current_roles().await.unwrap(), before);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        4
    );

    clock.set(promotion_day());
    assert_eq!(level_of(&copy, ada).await.as_deref(), Some("ic-3"));
    assert_eq!(
        status(&copy.export().await.unwrap(), leaving),
        PersonStatus::Exited
    );
    // A rebuild after the day agrees with the refreshed rows and leaves nothing scheduled.
    let refreshed = copy.current_roles().await.unwrap();
    copy.rebuild_projections().await.unwrap();
    assert_eq!(copy.current_roles().await.unwrap(), refreshed);
    source.current_roles().await.unwrap();
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM scheduled_changes")
            .await,
        0
    );
}
