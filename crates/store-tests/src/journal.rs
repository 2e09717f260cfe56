//! Conformance tests of the journal: entries written, read, changed and deleted by person,
//! never reachable through another person or organisation, bounded, and erased with their
//! author.

use pendulum_domain::journal::{Energy, KindId, KindInfo, NewJournalEntry, insights};
use pendulum_domain::{JournalEntryId, PersonId};
use pendulum_store::MAX_JOURNAL_ENTRIES;
use pendulum_store::prelude::*;
use time::Date;

use crate::Backend;
use crate::fixtures::*;

fn new_entry(on: Date, kinds: &[&str], energy: i64, note: &str) -> NewJournalEntry {
    NewJournalEntry::new(
        on,
        kinds.iter().map(|k| KindId::new(k).unwrap()).collect(),
        Energy::new(energy).unwrap(),
        (energy > 0).then_some("how the borrow checker reads loops"),
        kinds.contains(&"building"),
        note,
        date(2030, 1, 1),
    )
    .unwrap()
}

pub async fn journal_entries_are_written_changed_and_deleted<S: Backend>(store: S) {
    let org = new_org(&store, "journal").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;

    let first = org
        .add_journal_entry(ada, &new_entry(date(2026, 11, 2), &["building"], 2, "flow"))
        .await
        .unwrap();
    let second = org
        .add_journal_entry(
            ada,
            &new_entry(
                date(2026, 11, 9),
                &["meetings", "one-to-ones"],
                -1,
                "line one\nline two",
            ),
        )
        .await
        .unwrap();
    let third = org
        .add_journal_entry(ada, &new_entry(date(2026, 11, 9), &["code-review"], 0, ""))
        .await
        .unwrap();
    org.add_journal_entry(bob, &new_entry(date(2026, 11, 3), &["design"], 1, "bob's"))
        .await
        .unwrap();

    // Read back as written, newest first (same day: the later written first).
    let all = org.journal_entries(ada, None, None, 100).await.unwrap();
    assert_eq!(
        all,
        vec![third.clone(), second.clone(), first.clone()],
        "{}",
        S::NAME
    );
    assert_eq!(all[1].kinds.len(), 2);
    assert_eq!(all[1].note, "line one\nline two");
    assert_eq!(
        all[2].learned.as_deref(),
        Some("how the borrow checker reads loops")
    );
    assert!(all[2].hands_on && !all[1].hands_on);
    assert_eq!(all[1].energy.get(), -1);
    // Ranges and limits.
    let november_9 = org
        .journal_entries(ada, Some(date(2026, 11, 9)), None, 100)
        .await
        .unwrap();
    assert_eq!(november_9.len(), 2);
    let before = org
        .journal_entries(ada, None, Some(date(2026, 11, 8)), 100)
        .await
        .unwrap();
    assert_eq!(before, vec![first.clone()]);
    assert_eq!(
        org.journal_entries(ada, None, None, 1).await.unwrap(),
        vec![third.clone()]
    );
    assert_eq!(org.journal_entry(ada, first.id).await.unwrap(), first);

    // Another person's entry is not found through this person, for any operation.
    expect_not_found(org.journal_entry(bob, first.id).await);
    expect_not_found(
        org.change_journal_entry(bob, first.id, &new_entry(date(2026, 11, 2), &[], 0, "x"))
            .await,
    );
    expect_not_found(org.delete_journal_entry(bob, first.id).await);
    expect_not_found(org.journal_entry(ada, JournalEntryId::new()).await);
    expect_not_found(
        org.add_journal_entry(PersonId::new(), &new_entry(date(2026, 11, 2), &[], 0, ""))
            .await,
    );
    expect_not_found(org.journal_entries(PersonId::new(), None, None, 10).await);

    // Nor through another organisation.
    let other = new_org(&store, "journal-other").await;
    expect_not_found(other.journal_entry(ada, first.id).await);
    expect_not_found(other.journal_entries(ada, None, None, 10).await);
    expect_not_found(other.delete_journal_entry(ada, first.id).await);

    // A change keeps the id and when it was first written.
    let changed = org
        .change_journal_entry(
            ada,
            first.id,
            &new_entry(date(2026, 11, 3), &["debugging", "building"], 1, "edited"),
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.id, changed.written_at),
        (first.id, first.written_at)
    );
    assert_eq!(changed.date, date(2026, 11, 3));
    assert_eq!(changed.note, "edited");
    assert_eq!(
        changed.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["debugging", "building"]
    );
    assert_eq!(org.journal_entry(ada, first.id).await.unwrap(), changed);

    // Deleting is for good.
    org.delete_journal_entry(ada, second.id).await.unwrap();
    expect_not_found(org.journal_entry(ada, second.id).await);
    expect_not_found(org.delete_journal_entry(ada, second.id).await);
    assert_eq!(
        org.journal_entries(ada, None, None, 100)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        org.journal_entries(bob, None, None, 100)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// The database itself refuses an energy outside −2..+2, whatever writes to it.
pub async fn database_bounds_journal_energy<S: Backend>(store: S) {
    let org = new_org(&store, "journal-db").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let entry = org
        .add_journal_entry(ada, &new_entry(date(2026, 11, 2), &["building"], 2, ""))
        .await
        .unwrap();
    let refused = store
        .execute_raw(&format!(
            "UPDATE journal_entries SET energy = 3 WHERE id = '{}'",
            entry.id
        ))
        .await;
    assert!(refused.is_err(), "{}: energy 3 was stored", S::NAME);
}

/// A full journal refuses one more entry, with a message that says what to do.
pub async fn a_journal_is_bounded<S: Backend>(store: S) {
    let org = new_org(&store, "journal-full").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let org_id = org.org_id();
    let n = MAX_JOURNAL_ENTRIES - 1;
    let fill = match S::NAME {
        "sqlite" => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
             INSERT INTO journal_entries (org_id, id, person_id, entry_date, kinds, energy,
                 learned, hands_on, note, written_at)
             SELECT '{org_id}', printf('00000000-0000-7000-8000-%012d', i), '{ada}',
                 '2026-01-01', 'building', 0, NULL, 1, '', '2026-01-01T00:00:00.000000Z'
             FROM n"
        ),
        _ => format!(
            "INSERT INTO journal_entries (org_id, id, person_id, entry_date, kinds, energy,
                 learned, hands_on, note, written_at)
             SELECT '{org_id}', ('00000000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid,
                 '{ada}', DATE '2026-01-01', 'building', 0, NULL, true, '', now()
             FROM generate_series(1, {n}) AS i"
        ),
    };
    assert_eq!(store.execute_raw(&fill).await.unwrap(), u64::from(n));
    org.add_journal_entry(ada, &new_entry(date(2026, 11, 2), &["building"], 1, ""))
        .await
        .unwrap();
    expect_invalid(
        org.add_journal_entry(ada, &new_entry(date(2026, 11, 3), &["building"], 1, ""))
            .await,
        "at most 20000 entries",
    );
    let held = store
        .count_raw(&format!(
            "SELECT count(*) FROM journal_entries WHERE person_id = '{ada}'"
        ))
        .await;
    assert_eq!(held, i64::from(MAX_JOURNAL_ENTRIES));
}

/// Erasing a person takes their journal with them.
pub async fn erasure_removes_the_journal<S: Backend>(store: S) {
    let org = new_org(&store, "journal-erase").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;
    for p in [ada, bob] {
        org.add_journal_entry(
            p,
            &new_entry(date(2026, 11, 2), &["building"], 2, "private"),
        )
        .await
        .unwrap();
    }
    org.erase_person(&email("ada@example.com")).await.unwrap();
    let left = store
        .count_raw("SELECT count(*) FROM journal_entries")
        .await;
    assert_eq!(left, 1, "{}", S::NAME);
    assert_eq!(
        org.journal_entries(bob, None, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Reading a journal page by page visits every entry once, in the journal's order, also
/// when many entries share a date; the latest hands-on date is found up to a day, for the
/// person asked only; and the insights read through the store are those of the entries.
pub async fn journals_are_read_in_pages_and_know_their_last_hands_on_day<S: Backend>(store: S) {
    let org = new_org(&store, "journal-pages").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;
    let cat = hire(&org, "cat@example.com", "ic-2", date(2020, 1, 1)).await;
    // Five entries on one day, then one a day before and after it.
    for (on, kinds) in [
        (date(2026, 10, 5), &["building"][..]),
        (date(2026, 11, 2), &["meetings"]),
        (date(2026, 11, 2), &["building"]),
        (date(2026, 11, 2), &["meetings"]),
        (date(2026, 11, 2), &["meetings"]),
        (date(2026, 11, 2), &["meetings"]),
        (date(2026, 11, 20), &["one-to-ones"]),
    ] {
        org.add_journal_entry(ada, &new_entry(on, kinds, 1, ""))
            .await
            .unwrap();
    }
    org.add_journal_entry(bob, &new_entry(date(2026, 11, 30), &["building"], 2, ""))
        .await
        .unwrap();

    let all = org.journal_entries(ada, None, None, 100).await.unwrap();
    assert_eq!(all.len(), 7);
    for size in [1, 2, 3, 7, 50] {
        let mut read = Vec::new();
        let mut after = None;
        loop {
            let page = org.journal_entries_after(ada, after, size).await.unwrap();
            assert!(page.len() <= size as usize);
            let Some(last) = page.last() else { break };
            after = Some(pendulum_store::JournalCursor::from(last));
            read.extend(page);
        }
        assert_eq!(read, all, "{}: pages of {size}", S::NAME);
    }
    expect_not_found(org.journal_entries_after(PersonId::new(), None, 10).await);
    let other = new_org(&store, "journal-pages-other").await;
    expect_not_found(other.journal_entries_after(ada, None, 10).await);
    expect_not_found(other.latest_hands_on(ada, date(2026, 12, 1)).await);

    // Building is hands-on (see `new_entry`): its latest date, up to a day.
    assert_eq!(
        org.latest_hands_on(ada, date(2026, 12, 1)).await.unwrap(),
        Some(date(2026, 11, 2)),
        "{}",
        S::NAME
    );
    assert_eq!(
        org.latest_hands_on(ada, date(2026, 11, 1)).await.unwrap(),
        Some(date(2026, 10, 5))
    );
    assert_eq!(
        org.latest_hands_on(ada, date(2026, 10, 4)).await.unwrap(),
        None
    );
    assert_eq!(
        org.latest_hands_on(bob, date(2026, 12, 1)).await.unwrap(),
        Some(date(2026, 11, 30))
    );
    assert_eq!(
        org.latest_hands_on(cat, date(2026, 12, 1)).await.unwrap(),
        None
    );
    expect_not_found(
        org.latest_hands_on(PersonId::new(), date(2026, 12, 1))
            .await,
    );

    // Insights through the store: the entries' own, with the hands-on day found apart
    // (more than twelve weeks back here, outside the entries the insights read).
    let kinds: Vec<KindInfo> = ["building", "meetings", "one-to-ones"]
        .into_iter()
        .map(|id| KindInfo {
            id: id.to_string(),
            name: id.to_string(),
            hands_on: id == "building",
        })
        .collect();
    let today = date(2027, 2, 1);
    let read = pendulum_store::journal::insights(&org, ada, &kinds, today)
        .await
        .unwrap();
    assert_eq!(read, insights(&all, None, &kinds, today));
    assert_eq!(read.days_since_hands_on, Some(91));
    assert_eq!(read.entries, 1, "only 20 November is in the twelve weeks");
}
