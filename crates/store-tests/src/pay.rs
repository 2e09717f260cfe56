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
