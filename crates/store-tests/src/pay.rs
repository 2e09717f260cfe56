//! Conformance tests of pay: the append-only pay history and audited pay reads.

use pendulum_domain::{Money, PersonId};
use pendulum_framework::ids::Currency;
use pendulum_store::prelude::*;
use pendulum_store::{Actor, AuditAction};

use crate::Backend;
use crate::fixtures::*;

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

/// Within 12 months of a return from a management trial, an amount below the pay before
/// the trial is refused in the write's transaction unless given a reason for paying less,
/// which the event keeps and the audit log notes.
pub async fn pay_after_a_return_is_protected<S: Backend>(store: S) {
    use pendulum_domain::{EventKind, TrialOutcome};
    use pendulum_store::StoreError;

    let org = new_org(&store, "protected").await;
    let person = hire(&org, "ada@example.com", "ic-3", date(2020, 1, 1)).await;
    let eur = |major: i64| Money {
        minor: major * 100,
        currency: Currency::new("EUR").unwrap(),
    };
    org.append_pay(person, eur(100_000), date(2020, 1, 1), None)
        .await
        .unwrap();
    org.append_event(person, at(EventKind::TrialStart, date(2022, 1, 3), "em-1"))
        .await
        .unwrap();
    org.append_pay(person, eur(120_000), date(2022, 1, 3), None)
        .await
        .unwrap();
    org.append_event(
        person,
        event(EventKind::TrialEnd, date(2022, 7, 1)).outcome(TrialOutcome::Return),
    )
    .await
    .unwrap();
    let before = org.pay_history(person).await.unwrap();
    match org
        .append_pay(person, eur(95_000), date(2022, 9, 1), None)
        .await
    {
        Err(StoreError::PayProtected(message)) => {
            assert!(
                message.contains("below 100000 EUR"),
                "{}: {message}",
                S::NAME
            );
            assert!(
                message.contains("until 2023-06-30"),
                "{}: {message}",
                S::NAME
            );
        }
        other => panic!("{}: expected a protected refusal, got {other:?}", S::NAME),
    }
    assert_eq!(
        org.pay_history(person).await.unwrap(),
        before,
        "nothing written"
    );
    // The pay before the trial, and any amount after the 12 months, need no reason.
    org.append_pay(person, eur(100_000), date(2022, 9, 1), None)
        .await
        .unwrap();
    org.append_pay(person, eur(90_000), date(2023, 7, 1), None)
        .await
        .unwrap();
    let stored = org
        .append_pay_below_protection(person, eur(95_000), date(2022, 10, 1), "Part time".into())
        .await
        .unwrap();
    assert_eq!(stored.reason.as_deref(), Some("Part time"));
    let noted: Vec<_> = org
        .audit(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.action == AuditAction::PayBelowPreTrial)
        .collect();
    assert_eq!(noted.len(), 1, "{}", S::NAME);
    assert_eq!(noted[0].subject, format!("pay-event/{}", stored.id));
    expect_invalid(
        org.append_pay_below_protection(person, eur(95_000), date(2022, 10, 1), " ".into())
            .await,
        "reason",
    );
}
