//! Conformance tests of reporting lines that change: the history of each person's manager,
//! the current-manager projection (scheduled changes included), the loop check at every
//! date, proposals, erasure, and imports.

use pendulum_domain::{AccountId, Email, OrgSlug, PersonId, ReportingChange, reporting_on};
use pendulum_store::prelude::*;
use pendulum_store::{
    AuditAction, Clock, ImportBatch, NewReportingChange, Record, Store, StoreError,
};
use time::{Date, OffsetDateTime};

use crate::Backend;
use crate::fixtures::date;

/// The store's today in these tests.
fn today() -> Date {
    date(2026, 3, 2)
}

/// A fixture: an organisation on a fixed clock, and people added by name.
struct Org<O> {
    org: O,
}

impl<O: OrgStore> Org<O> {
    async fn new<S: Store<Org = O>>(store: &S, clock: &Clock, slug: &str) -> Self {
        let store = store.with_clock(clock.clone());
        let org = store
            .create_org(&OrgSlug::new(slug).unwrap(), slug)
            .await
            .expect("create organisation");
        Self {
            org: store.org(org.id),
        }
    }

    /// Adds `name` (email `name@lines.test`), reporting to `manager` from the start.
    async fn person(&self, name: &str, manager: Option<PersonId>) -> PersonId {
        self.org
            .create_person(name, &email(name), manager)
            .await
            .expect("create person")
            .id
    }

    async fn manager_of(&self, person: PersonId) -> Option<PersonId> {
        self.org.person(person).await.unwrap().manager
    }

    async fn change(
        &self,
        person: PersonId,
        effective: Date,
        manager: Option<PersonId>,
    ) -> Result<ReportingChange, StoreError> {
        self.org
            .change_manager(
                person,
                NewReportingChange {
                    effective,
                    manager,
                    reason: Some("reorganisation".into()),
                },
            )
            .await
    }
}

fn email(name: &str) -> Email {
    Email::new(format!("{}@lines.test", name.to_lowercase())).unwrap()
}

pub async fn reporting_lines_change_over_time<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "lines").await;
    let bo = o.person("Bo", None).await;
    let cy = o.person("Cy", None).await;
    let ada = o.person("Ada", Some(bo)).await;

    // Created with a manager: the first line, from the start of the record.
    let history = o.org.reporting_history(ada).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].seq, history[0].effective), (1, None));
    assert_eq!(history[0].manager, Some(bo));

    let stored = o.change(ada, date(2025, 9, 1), Some(cy)).await.unwrap();
    assert_eq!((stored.seq, stored.manager), (2, Some(cy)));
    assert_eq!(o.manager_of(ada).await, Some(cy), "the projection follows");
    let reports: Vec<PersonId> = o
        .org
        .direct_reports(cy)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(reports, [ada]);
    assert!(o.org.direct_reports(bo).await.unwrap().is_empty());

    // Who reported to whom, on dates before and after.
    let all = o.org.reporting_changes().await.unwrap();
    assert_eq!(reporting_on(&all, date(2025, 8, 31)).get(&ada), Some(&bo));
    assert_eq!(reporting_on(&all, date(2025, 9, 1)).get(&ada), Some(&cy));

    // Cleared: reports to nobody.
    o.change(ada, date(2026, 1, 1), None).await.unwrap();
    assert_eq!(o.manager_of(ada).await, None);
    assert_eq!(o.org.reporting_history(ada).await.unwrap().len(), 3);

    // A back-dated change fits between the others: the projection is today's line.
    o.change(ada, date(2025, 12, 1), Some(bo)).await.unwrap();
    assert_eq!(
        o.manager_of(ada).await,
        None,
        "the clearing from January holds"
    );
    let all = o.org.reporting_changes().await.unwrap();
    assert_eq!(reporting_on(&all, date(2025, 12, 15)).get(&ada), Some(&bo));

    // Each change is audited.
    let changed = o
        .org
        .audit(100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::ManagerChanged)
        .count();
    assert_eq!(changed, 3);

    // Unknown people are not found.
    let stranger = PersonId::new();
    assert!(matches!(
        o.change(stranger, today(), None).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        o.change(ada, today(), Some(stranger)).await,
        Err(StoreError::NotFound {
            what: "manager",
            ..
        })
    ));
}

pub async fn a_loop_is_refused_at_any_date<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "loops").await;
    let ada = o.person("Ada", None).await;
    let bo = o.person("Bo", Some(ada)).await;
    let cy = o.person("Cy", Some(bo)).await;
    let count = || store.count_raw("SELECT count(*) FROM reporting_changes");
    let before = count().await;

    // Directly: nobody manages themself.
    let err = o.change(ada, today(), Some(ada)).await.unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert_eq!(err.to_string(), "Ada cannot be their own manager.");

    // Through others: ada → cy → bo → ada.
    let err = o.change(ada, date(2025, 1, 1), Some(cy)).await.unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "From 2025-01-01, Ada would report to Cy, who reports to Bo, who reports to Ada: \
         nobody can be their own manager, directly or through others."
    );

    // At a later date only: bo moves away from ada next year; cy → ada from then is fine,
    // but ada → cy from before then is a loop while bo still reports to ada.
    o.change(bo, date(2027, 1, 1), None).await.unwrap();
    let err = o.change(ada, date(2026, 6, 1), Some(cy)).await.unwrap_err();
    assert!(err.to_string().starts_with("From 2026-06-01, "), "{err}");
    o.change(ada, date(2027, 1, 1), Some(cy))
        .await
        .expect("no loop once bo has moved");

    // A change dated before an existing one can close a loop on a later date: cy's line
    // to bo holds from the start, so ada → cy (from 2027) plus bo → ada from 2028 loops.
    let err = o.change(bo, date(2028, 1, 1), Some(ada)).await.unwrap_err();
    assert!(err.to_string().starts_with("From 2028-01-01, "), "{err}");

    assert_eq!(count().await, before + 2, "refusals write nothing");
    assert_eq!(o.manager_of(ada).await, None);
    assert_eq!(o.manager_of(bo).await, Some(ada));
}

pub async fn a_scheduled_manager_change_waits_for_its_date<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "scheduled-lines").await;
    let bo = o.person("Bo", None).await;
    let cy = o.person("Cy", None).await;
    let ada = o.person("Ada", Some(bo)).await;
    let tomorrow = today().next_day().unwrap();
    o.change(ada, tomorrow, Some(cy)).await.unwrap();
    assert_eq!(o.manager_of(ada).await, Some(bo), "not before its date");
    assert!(o.org.direct_reports(cy).await.unwrap().is_empty());
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM reporting_schedule")
            .await,
        1
    );

    clock.set(tomorrow);
    assert_eq!(o.manager_of(ada).await, Some(cy), "from its date");
    assert_eq!(o.org.direct_reports(cy).await.unwrap().len(), 1);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM reporting_schedule")
            .await,
        0,
        "nothing left to wait for"
    );
}

pub async fn database_refuses_changing_reporting_lines<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "append-only-lines").await;
    let bo = o.person("Bo", None).await;
    let ada = o.person("Ada", Some(bo)).await;
    o.change(ada, date(2025, 1, 1), None).await.unwrap();
    let org = o.org.org_id();
    for statement in [
        format!("UPDATE reporting_changes SET reason = 'rewritten' WHERE org_id = '{org}'"),
        format!("UPDATE reporting_changes SET manager_id = NULL WHERE org_id = '{org}'"),
        format!("DELETE FROM reporting_changes WHERE org_id = '{org}'"),
    ] {
        let result = store.execute_raw(&statement).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{}: {statement} should be refused by a trigger, got {result:?}",
            S::NAME
        );
    }
}

pub async fn erasure_clears_reporting_lines<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "erase-lines").await;
    let bo = o.person("Bo", None).await;
    let cy = o.person("Cy", None).await;
    let ada = o.person("Ada", Some(bo)).await;
    o.change(ada, date(2025, 1, 1), Some(cy)).await.unwrap();
    o.change(bo, date(2025, 1, 1), Some(cy)).await.unwrap();
    o.org
        .propose_reporting_change(
            bo,
            NewReportingChange {
                effective: today(),
                manager: None,
                reason: None,
            },
            AccountId::new(),
        )
        .await
        .unwrap();

    // Erasing bo: their own lines and proposals go; ada's line to bo becomes "nobody".
    o.org.erase_person(&email("Bo")).await.unwrap();
    let history = o.org.reporting_history(ada).await.unwrap();
    assert_eq!(history.len(), 2, "ada keeps every line");
    assert_eq!(history[0].manager, None, "bo is cleared from it");
    assert_eq!(history[1].manager, Some(cy));
    let bo_key = bo.as_uuid();
    for table in [
        "reporting_changes",
        "reporting_proposals",
        "reporting_schedule",
    ] {
        let left = store
            .count_raw(&format!(
                "SELECT count(*) FROM {table} WHERE person_id = '{bo_key}'"
            ))
            .await;
        assert_eq!(left, 0, "{table}");
    }
    let named = store
        .count_raw(&format!(
            "SELECT count(*) FROM reporting_changes WHERE manager_id = '{bo_key}'"
        ))
        .await;
    assert_eq!(named, 0);

    // Erasing cy, everyone's current manager, clears today's line too.
    o.org.erase_person(&email("Cy")).await.unwrap();
    assert_eq!(o.manager_of(ada).await, None);
}

pub async fn reporting_proposals_are_confirmed_or_declined<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "proposed-lines").await;
    let bo = o.person("Bo", None).await;
    let cy = o.person("Cy", None).await;
    let ada = o.person("Ada", Some(bo)).await;
    let manager = AccountId::new();
    let admin = AccountId::new();
    let change = |m| NewReportingChange {
        effective: date(2026, 2, 1),
        manager: m,
        reason: Some("new team".into()),
    };

    let proposal = o
        .org
        .propose_reporting_change(ada, change(Some(cy)), manager)
        .await
        .unwrap();
    assert!(proposal.status.is_pending());
    assert_eq!(
        o.manager_of(ada).await,
        Some(bo),
        "a proposal changes nothing"
    );
    assert_eq!(o.org.reporting_history(ada).await.unwrap().len(), 1);
    assert_eq!(o.org.reporting_proposals(true).await.unwrap().len(), 1);

    // A proposal that would close a loop is refused when it is made.
    let err = o
        .org
        .propose_reporting_change(bo, change(Some(ada)), manager)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");

    let stored = o
        .org
        .confirm_reporting_proposal(proposal.id, admin)
        .await
        .unwrap();
    assert_eq!((stored.seq, stored.manager), (2, Some(cy)));
    assert_eq!(o.manager_of(ada).await, Some(cy));
    let decided = o.org.reporting_proposals(false).await.unwrap();
    assert!(matches!(
        decided[0].status,
        pendulum_store::ReportingProposalStatus::Confirmed { seq: 2, .. }
    ));
    assert!(matches!(
        o.org.confirm_reporting_proposal(proposal.id, admin).await,
        Err(StoreError::Invalid(_))
    ));

    let second = o
        .org
        .propose_reporting_change(ada, change(None), manager)
        .await
        .unwrap();
    o.org
        .decline_reporting_proposal(second.id, admin, Some("not yet".into()))
        .await
        .unwrap();
    assert_eq!(o.manager_of(ada).await, Some(cy));
    assert!(o.org.reporting_proposals(true).await.unwrap().is_empty());
    assert!(matches!(
        o.org
            .confirm_reporting_proposal(PendingId::new(), admin)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

type PendingId = pendulum_domain::ProposalId;

pub async fn concurrent_changes_cannot_close_a_loop<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "racing-lines").await;
    for round in 0..5 {
        let ada = o.person(&format!("Ada{round}"), None).await;
        let bo = o.person(&format!("Bo{round}"), None).await;
        // Each alone is fine; together they loop.
        let (one, two) = tokio::join!(
            o.change(ada, date(2025, 1, 1), Some(bo)),
            o.change(bo, date(2025, 1, 1), Some(ada)),
        );
        let done = [&one, &two].iter().filter(|r| r.is_ok()).count();
        assert_eq!(done, 1, "{}: round {round}: {one:?} {two:?}", S::NAME);
        let refused = if one.is_err() { one } else { two };
        assert!(
            matches!(refused, Err(StoreError::Rule(_) | StoreError::Conflict)),
            "{refused:?}"
        );
    }
}

pub async fn imports_carry_reporting_history<S: Backend>(store: S) {
    let clock = Clock::fixed(today());
    let o = Org::new(&store, &clock, "imported-lines").await;
    let org = o.org.org_id();
    let person = |name: &str, manager: Option<PersonId>| pendulum_domain::Person {
        id: PersonId::new(),
        org,
        name: name.to_string(),
        email: email(name),
        manager,
        status: pendulum_domain::PersonStatus::Active,
    };
    let bo = person("Bo", None);
    let cy = person("Cy", None);
    // Ada reports to cy today; she reported to bo before 2025, and moves to bo again
    // next month (scheduled).
    let ada = person("Ada", Some(cy.id));
    let dee = person("Dee", Some(bo.id));
    let at = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let line = |p: &pendulum_domain::Person, seq, effective, manager| ReportingChange {
        person: p.id,
        seq,
        effective,
        manager,
        reason: None,
        recorded_at: at,
    };
    let reporting = vec![
        line(&ada, 1, None, Some(bo.id)),
        line(&ada, 2, Some(date(2025, 1, 1)), Some(cy.id)),
        line(&ada, 3, Some(date(2026, 4, 1)), Some(bo.id)),
    ];

    // A loop across the batch is refused with the change at fault, and nothing is written.
    let mut looping = reporting.clone();
    looping.push(line(&cy, 1, Some(date(2025, 6, 1)), Some(ada.id)));
    let err = o
        .org
        .import(ImportBatch {
            people: vec![bo.clone(), cy.clone(), ada.clone(), dee.clone()],
            reporting: looping,
            ..ImportBatch::default()
        })
        .await
        .unwrap_err();
    let StoreError::Import(problems) = err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.0.len(), 1, "{problems}");
    assert_eq!(problems.0[0].record, Record::Reporting(cy.id, 1));
    assert!(
        problems.0[0].message.contains("Cy would report to Ada"),
        "{problems}"
    );
    assert!(o.org.list_people().await.unwrap().is_empty());

    // A manager that disagrees with the history today is refused too.
    let mut wrong = ada.clone();
    wrong.manager = Some(bo.id);
    let err = o
        .org
        .import(ImportBatch {
            people: vec![bo.clone(), cy.clone(), wrong, dee.clone()],
            reporting: reporting.clone(),
            ..ImportBatch::default()
        })
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the person's reporting changes give cy@lines.test"),
        "{err}"
    );

    let summary = o
        .org
        .import(ImportBatch {
            people: vec![bo.clone(), cy.clone(), ada.clone(), dee.clone()],
            reporting: reporting.clone(),
            ..ImportBatch::default()
        })
        .await
        .unwrap();
    // Ada's three lines, and Dee's first one, made from her manager.
    assert_eq!(summary.reporting, 4);
    assert_eq!(o.manager_of(ada.id).await, Some(cy.id));
    let exported = o.org.export().await.unwrap();
    let mut expected = reporting.clone();
    let dee_line = exported
        .reporting
        .iter()
        .find(|c| c.person == dee.id)
        .expect("dee's first line")
        .clone();
    assert_eq!(
        (dee_line.seq, dee_line.effective, dee_line.manager),
        (1, None, Some(bo.id))
    );
    expected.push(dee_line);
    expected.sort_by_key(|c| (c.person, c.seq));
    assert_eq!(exported.reporting, expected);

    // Repeated: stored already, nothing written.
    let again = o.org.import(exported.clone()).await.unwrap();
    assert_eq!((again.reporting, again.skipped_reporting), (0, 4));

    // The scheduled move comes on its date.
    clock.set(date(2026, 4, 1));
    assert_eq!(o.manager_of(ada.id).await, Some(bo.id));
}
