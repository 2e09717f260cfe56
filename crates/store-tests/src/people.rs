//! Conformance tests of people: validation, direct reports and current roles, and the directory's search
//! in the database.

use pendulum_domain::{EventKind, Person, PersonId, PersonStatus, TimelineError};
use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, NewReportingChange, NewRoleEvent, StoreError};

use crate::Backend;
use crate::fixtures::*;

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

/// `managers_above` reads a reporting line upwards, the nearest manager first, up to its
/// limit, and follows a change of manager at once; it finds nothing for someone at the
/// top, someone unknown, or someone of another organisation.
pub async fn managers_above_are_the_reporting_line<S: Backend>(store: S) {
    let org = new_org(&store, "above").await;
    let other = new_org(&store, "elsewhere-above").await;
    let mut line: Vec<PersonId> = Vec::new();
    for name in [
        "top@above.test",
        "middle@above.test",
        "lead@above.test",
        "dev@above.test",
    ] {
        let person = org
            .create_person(name, &email(name), line.last().copied())
            .await
            .unwrap();
        line.push(person.id);
    }
    let emails = |people: Vec<Person>| -> Vec<String> {
        people.into_iter().map(|p| p.email.to_string()).collect()
    };
    assert_eq!(
        emails(org.managers_above(line[3], 64).await.unwrap()),
        ["lead@above.test", "middle@above.test", "top@above.test"],
        "the nearest first"
    );
    assert_eq!(
        emails(org.managers_above(line[3], 2).await.unwrap()),
        ["lead@above.test", "middle@above.test"],
        "up to the limit"
    );
    assert!(org.managers_above(line[0], 64).await.unwrap().is_empty());
    assert!(
        org.managers_above(PersonId::new(), 64)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        other.managers_above(line[3], 64).await.unwrap().is_empty(),
        "isolated"
    );
    // The developer moves to report to the top directly.
    org.change_manager(
        line[3],
        NewReportingChange {
            effective: date(2024, 1, 8),
            manager: Some(line[0]),
            reason: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        emails(org.managers_above(line[3], 64).await.unwrap()),
        ["top@above.test"]
    );
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

/// A person added with their first role is written whole or not at all: the person, their
/// reporting line and their hire, each with its audit row, in one transaction. A hire the
/// rules refuse, or one under a version that is not published, leaves no person, no line
/// and no audit row behind, so the same email can be added again at once.
pub async fn a_person_is_added_with_their_first_role_or_not_at_all<S: Backend>(store: S) {
    let org = new_org(&store, "adding").await;
    let boss = hire(&org, "boss@adding.test", "em-2", date(2020, 1, 6)).await;
    let audit_rows = || async { org.audit(10_000).await.unwrap().len() };
    let lines = || store.count_raw("SELECT count(*) FROM reporting_changes");
    let before = (org.list_people().await.unwrap().len(), audit_rows().await);
    let lines_before = lines().await;

    // Refused by the rules: a history cannot start with a promotion.
    let address = email("ines@adding.test");
    let refused = org
        .create_person_with_role(
            "Inès",
            &address,
            Some(boss),
            at(EventKind::Promotion, date(2024, 3, 4), "ic-3"),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Rule(TimelineError::NoHire { .. }))),
        "{}: {refused:?}",
        S::NAME
    );
    expect_not_found(org.person_by_email(&address).await);
    assert_eq!(
        (org.list_people().await.unwrap().len(), audit_rows().await),
        before,
        "{}: a refused first role leaves no person and no audit row",
        S::NAME
    );
    assert_eq!(
        lines().await,
        lines_before,
        "{}: no reporting line left behind",
        S::NAME
    );

    // Refused by the store: the framework version is not published.
    expect_invalid(
        org.create_person_with_role(
            "Inès",
            &address,
            None,
            NewRoleEvent::new(EventKind::Hire, date(2024, 3, 4), 9).level(level("ic-3")),
        )
        .await,
        "version 9",
    );
    expect_not_found(org.person_by_email(&address).await);

    // Sent again, corrected: the person, the line and the hire, each audited.
    let (person, hired) = org
        .create_person_with_role(
            "Inès",
            &address,
            Some(boss),
            at(EventKind::Hire, date(2024, 3, 4), "ic-3"),
        )
        .await
        .unwrap();
    assert_eq!(person.manager, Some(boss));
    assert_eq!(org.person_by_email(&address).await.unwrap(), person);
    assert_eq!(org.events(person.id).await.unwrap(), vec![hired.clone()]);
    assert_eq!(hired.level, Some(level("ic-3")));
    assert_eq!(
        org.current_role(person.id).await.unwrap().map(|r| r.level),
        Some(level("ic-3")),
        "{}: the projection is written with the hire",
        S::NAME
    );
    assert_eq!(
        org.direct_reports(boss).await.unwrap(),
        vec![person.clone()]
    );
    let about: Vec<AuditAction> = org
        .audit(10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.person == Some(person.id))
        .map(|e| e.action)
        .collect();
    assert!(
        about.contains(&AuditAction::PersonCreated)
            && about.contains(&AuditAction::RoleEventAppended),
        "{}: {about:?}",
        S::NAME
    );

    // A taken email, and a manager of no one here: refused, nothing written.
    expect_invalid(
        org.create_person_with_role(
            "Inès again",
            &address,
            None,
            at(EventKind::Hire, date(2024, 3, 4), "ic-3"),
        )
        .await,
        "ines@adding.test",
    );
    let count = org.list_people().await.unwrap().len();
    expect_not_found(
        org.create_person_with_role(
            "Orphan",
            &email("orphan@adding.test"),
            Some(PersonId::new()),
            at(EventKind::Hire, date(2024, 3, 4), "ic-3"),
        )
        .await,
    );
    assert_eq!(org.list_people().await.unwrap().len(), count);
}
