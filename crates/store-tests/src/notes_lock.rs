//! Conformance tests of the lock on private notes: every write that hands an account to
//! someone else locks the notes of its person in its own transaction (and only when there
//! is something to lock), an unlock names the code it was checked against, a new code
//! replaces the old, locked notes may be deleted, the histories are append-only, and an
//! erasure removes them.

use std::sync::Arc;

use pendulum_domain::journal::{Energy, KindId, NewJournalEntry};
use pendulum_domain::reflection::{Asked, Direction, NewReflection, QuestionId};
use pendulum_domain::{AccountId, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::{Actor, AuditAction, LockCause, OrgStore, Role, StoreError, TokenHash};

use crate::Backend;
use crate::fixtures::*;

fn entry(note: &str) -> NewJournalEntry {
    NewJournalEntry::new(
        date(2026, 11, 2),
        vec![KindId::new("building").unwrap()],
        Energy::new(1).unwrap(),
        None,
        true,
        note,
        date(2030, 1, 1),
    )
    .unwrap()
}

fn reflection(text: &str) -> NewReflection {
    NewReflection::new(
        Direction::ToManagement,
        &[Asked {
            id: QuestionId::new("what-draws-you").unwrap(),
            text: "What draws you?".to_string(),
        }],
        &[("what-draws-you".to_string(), text.to_string())],
    )
    .unwrap()
}

fn as_account<O: OrgStore>(org: &O, account: AccountId) -> O {
    org.acting_as(Actor::new(format!("account/{account}")).unwrap())
}

async fn cause<O: OrgStore>(org: &O, person: PersonId) -> Option<LockCause> {
    org.notes_lock(person)
        .await
        .unwrap()
        .locked
        .map(|l| l.cause)
}

/// The audit rows of `action` about `person`.
async fn rows_about<O: OrgStore>(org: &O, action: AuditAction, person: PersonId) -> usize {
    actions_of(org, action)
        .await
        .iter()
        .filter(|e| e.person == Some(person))
        .count()
}

/// A reset of someone else's password locks their notes when they keep any (or hold a
/// code), with an audit row in the reset's transaction; a reset of one's own password, or
/// of someone who keeps nothing, locks nothing. An unlock names the code it was checked
/// against; a new code replaces the old one, and is refused while locked.
pub async fn a_reset_by_someone_else_locks_the_notes<S: Backend>(store: S) {
    let org = new_org(&store, "lock-reset").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;
    let cat = hire(&org, "cat@example.com", "ic-2", date(2020, 1, 1)).await;
    let ada_account = account(&org, "ada@example.com", Role::Member).await;
    let bob_account = account(&org, "bob@example.com", Role::Member).await;
    let cat_account = account(&org, "cat@example.com", Role::Member).await;
    let by_admin = as_account(&org, admin);

    // Nothing kept, nothing to lock.
    let state = org.notes_lock(ada).await.unwrap();
    assert!(!state.is_locked() && !state.holds_notes && state.code.is_none());
    assert!(!state.needs_code());
    org.add_journal_entry(ada, &entry("ada's")).await.unwrap();
    assert!(org.notes_lock(ada).await.unwrap().needs_code());
    // The first code is stored once: a second request's is not.
    assert!(org.first_recovery_code(ada, HASH).await.unwrap());
    assert!(!org.first_recovery_code(ada, OTHER_HASH).await.unwrap());
    let code = org.notes_lock(ada).await.unwrap().code.unwrap();
    assert_eq!((code.seq, code.hash.as_str()), (1, HASH));
    expect_invalid(org.first_recovery_code(cat, "a code").await, "PHC");

    by_admin
        .set_password(ada_account, OTHER_HASH, false)
        .await
        .unwrap();
    let lock = org.notes_lock(ada).await.unwrap().locked.unwrap();
    assert_eq!(lock.cause, LockCause::PasswordReset);
    assert_eq!(lock.actor, format!("account/{admin}"));
    assert_eq!(
        rows_about(&org, AuditAction::PrivateNotesLocked, ada).await,
        1
    );
    // Bob keeps nothing: his reset locks nothing.
    by_admin
        .set_password(bob_account, OTHER_HASH, false)
        .await
        .unwrap();
    assert_eq!(cause(&org, bob).await, None);
    // Cat resets her own password (as the account itself): nothing is handed over.
    org.add_reflection(cat, &reflection("cat's")).await.unwrap();
    as_account(&org, cat_account)
        .set_password(cat_account, OTHER_HASH, false)
        .await
        .unwrap();
    assert_eq!(cause(&org, cat).await, None);

    // Locked: a second reset adds no lock, and no code can be made.
    by_admin
        .set_password(ada_account, HASH, false)
        .await
        .unwrap();
    assert_eq!(
        rows_about(&org, AuditAction::PrivateNotesLocked, ada).await,
        1
    );
    assert!(!org.first_recovery_code(ada, OTHER_HASH).await.unwrap());
    expect_invalid(org.new_recovery_code(ada, OTHER_HASH).await, "locked");
    assert_eq!(org.notes_lock(ada).await.unwrap().code.unwrap().seq, 1);

    // An unlock checked against another code than the current one is refused.
    assert!(matches!(
        org.unlock_private_notes(ada, 2).await,
        Err(StoreError::Conflict)
    ));
    assert!(org.notes_lock(ada).await.unwrap().is_locked());
    let by_ada = as_account(&org, ada_account);
    by_ada.unlock_private_notes(ada, 1).await.unwrap();
    assert_eq!(cause(&org, ada).await, None);
    assert_eq!(
        rows_about(&org, AuditAction::PrivateNotesUnlocked, ada).await,
        1
    );
    expect_invalid(by_ada.unlock_private_notes(ada, 1).await, "not locked");

    // A new code replaces the old one; the next lock is opened with the new one only.
    by_ada.new_recovery_code(ada, OTHER_HASH).await.unwrap();
    let code = org.notes_lock(ada).await.unwrap().code.unwrap();
    assert_eq!((code.seq, code.hash.as_str()), (2, OTHER_HASH));
    assert_eq!(
        rows_about(&org, AuditAction::RecoveryCodeReplaced, ada).await,
        1
    );
    by_admin
        .set_password(ada_account, OTHER_HASH, false)
        .await
        .unwrap();
    assert!(matches!(
        org.unlock_private_notes(ada, 1).await,
        Err(StoreError::Conflict)
    ));
    org.unlock_private_notes(ada, 2).await.unwrap();

    // Another organisation's handle finds no such person.
    let other = new_org(&store, "lock-reset-other").await;
    expect_not_found(other.notes_lock(ada).await);
    expect_not_found(
        other
            .lock_private_notes(ada, LockCause::PasswordReset)
            .await,
    );
    expect_not_found(other.first_recovery_code(ada, HASH).await);
    assert_eq!(cause(&org, ada).await, None);
}

/// An API token made for an account by someone else, an invitation accepted for a
/// person's email and an account made for it lock the person's notes, each in its own
/// transaction; a token the account makes itself does not. A code alone is something to
/// lock.
pub async fn every_handover_locks_the_notes<S: Backend>(store: S) {
    let org = new_org(&store, "lock-doors").await;
    let admin = account(&org, "admin@example.com", Role::Admin).await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let ada_account = account(&org, "ada@example.com", Role::Member).await;
    org.add_journal_entry(ada, &entry("ada's")).await.unwrap();

    // Her own token: nothing handed over.
    as_account(&org, ada_account)
        .create_api_token(ada_account, &TokenHash::of("ada's own"), "script")
        .await
        .unwrap();
    assert_eq!(cause(&org, ada).await, None);
    // A token made for her at the command line (as the operating-system user).
    let cli = org.acting_as(Actor::new("os/operator").unwrap());
    cli.create_api_token(ada_account, &TokenHash::of("for ada"), "cli")
        .await
        .unwrap();
    let lock = org.notes_lock(ada).await.unwrap().locked.unwrap();
    assert_eq!(
        (lock.cause, lock.actor.as_str()),
        (LockCause::ApiToken, "os/operator")
    );

    // A person who keeps notes but has no account (written before their account went
    // away in an older database, say) is locked by an invitation accepted for them.
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;
    org.add_reflection(bob, &reflection("bob's")).await.unwrap();
    let hash = TokenHash::of("bob's invitation");
    as_account(&org, admin)
        .create_invitation(
            &email("bob@example.com"),
            Role::Member,
            false,
            admin,
            &hash,
            in_an_hour(),
        )
        .await
        .unwrap();
    org.accept_invitation(&hash, OTHER_HASH).await.unwrap();
    assert_eq!(cause(&org, bob).await, Some(LockCause::Invitation));

    // A code alone is something to lock, and so a new account for cat locks it.
    let cat = hire(&org, "cat@example.com", "ic-2", date(2020, 1, 1)).await;
    assert!(org.first_recovery_code(cat, HASH).await.unwrap());
    assert!(!org.notes_lock(cat).await.unwrap().holds_notes);
    account(&org, "cat@example.com", Role::Member).await;
    assert_eq!(cause(&org, cat).await, Some(LockCause::AccountCreated));

    // Someone with nothing: an account made for them locks nothing.
    let dan = hire(&org, "dan@example.com", "ic-2", date(2020, 1, 1)).await;
    account(&org, "dan@example.com", Role::Member).await;
    assert_eq!(cause(&org, dan).await, None);

    // The lock on its own, as the writes take it.
    assert!(
        !org.lock_private_notes(dan, LockCause::PasswordReset)
            .await
            .unwrap()
    );
    org.add_journal_entry(dan, &entry("dan's")).await.unwrap();
    assert!(
        org.lock_private_notes(dan, LockCause::PasswordReset)
            .await
            .unwrap()
    );
    assert!(
        !org.lock_private_notes(dan, LockCause::ApiToken)
            .await
            .unwrap(),
        "locked already"
    );
    assert_eq!(cause(&org, dan).await, Some(LockCause::PasswordReset));
    assert_eq!(
        store
            .count_raw(&format!(
                "SELECT count(*) FROM private_notes_locks WHERE person_id = '{dan}'"
            ))
            .await,
        1
    );
}

/// Locked notes may be deleted for good: every journal entry and reflection of the person
/// (shared ones too, with their versions), and their code withdrawn, in one transaction
/// that unlocks; nobody else's notes are touched. Open notes are not deleted this way.
pub async fn locked_notes_are_deleted_and_start_again<S: Backend>(store: S) {
    let org = new_org(&store, "lock-delete").await;
    let boss = hire(&org, "boss@example.com", "ic-2", date(2020, 1, 1)).await;
    let ada = org
        .create_person("ada@example.com", &email("ada@example.com"), Some(boss))
        .await
        .unwrap()
        .id;
    org.append_event(
        ada,
        at(pendulum_domain::EventKind::Hire, date(2020, 1, 1), "ic-2"),
    )
    .await
    .unwrap();
    for note in ["one", "two"] {
        org.add_journal_entry(ada, &entry(note)).await.unwrap();
    }
    let shared = org
        .add_reflection(ada, &reflection("shared"))
        .await
        .unwrap();
    org.revise_reflection(ada, shared.id, &reflection("shared, again"))
        .await
        .unwrap();
    org.share_reflection(ada, shared.id).await.unwrap();
    org.add_reflection(ada, &reflection("private"))
        .await
        .unwrap();
    org.add_journal_entry(boss, &entry("boss's")).await.unwrap();
    org.add_reflection(boss, &reflection("boss's"))
        .await
        .unwrap();
    assert!(org.first_recovery_code(ada, HASH).await.unwrap());

    expect_invalid(org.delete_locked_notes(ada).await, "not locked");
    assert!(
        org.lock_private_notes(ada, LockCause::PasswordReset)
            .await
            .unwrap()
    );
    let deleted = org.delete_locked_notes(ada).await.unwrap();
    assert_eq!((deleted.journal_entries, deleted.reflections), (2, 2));
    let state = org.notes_lock(ada).await.unwrap();
    assert!(!state.is_locked() && !state.holds_notes && state.code.is_none());
    assert!(
        org.reflections_shared_with(ada, boss)
            .await
            .unwrap()
            .is_empty()
    );
    let o = org.org_id();
    for table in ["journal_entries", "reflections", "reflection_versions"] {
        assert_eq!(
            store
                .count_raw(&format!(
                    "SELECT count(*) FROM {table} WHERE org_id = '{o}' AND person_id = '{ada}'"
                ))
                .await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        org.journal_entries(boss, None, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(org.reflections(boss).await.unwrap().len(), 1);
    assert_eq!(
        rows_about(&org, AuditAction::PrivateNotesDeleted, ada).await,
        1
    );
    assert_eq!(
        rows_about(&org, AuditAction::PrivateNotesUnlocked, ada).await,
        1
    );
    // Starting again: the next note needs a new code, which the withdrawn one is not.
    org.add_journal_entry(ada, &entry("again")).await.unwrap();
    assert!(org.notes_lock(ada).await.unwrap().needs_code());
    assert!(org.first_recovery_code(ada, OTHER_HASH).await.unwrap());
    assert_eq!(org.notes_lock(ada).await.unwrap().code.unwrap().seq, 3);
}

/// Both histories are append-only in the database itself, and an erasure removes them.
pub async fn database_keeps_the_lock_history<S: Backend>(store: S) {
    let org = new_org(&store, "lock-history").await;
    let ada = hire(&org, "ada@example.com", "ic-2", date(2020, 1, 1)).await;
    let bob = hire(&org, "bob@example.com", "ic-2", date(2020, 1, 1)).await;
    for p in [ada, bob] {
        org.add_journal_entry(p, &entry("mine")).await.unwrap();
        assert!(org.first_recovery_code(p, HASH).await.unwrap());
        assert!(
            org.lock_private_notes(p, LockCause::PasswordReset)
                .await
                .unwrap()
        );
    }
    for statement in [
        format!("UPDATE private_notes_locks SET state = 'unlocked' WHERE person_id = '{ada}'"),
        format!("DELETE FROM private_notes_locks WHERE person_id = '{ada}'"),
        format!("UPDATE recovery_codes SET code_hash = '$x' WHERE person_id = '{ada}'"),
        format!("DELETE FROM recovery_codes WHERE person_id = '{ada}'"),
        format!(
            "INSERT INTO private_notes_locks (org_id, person_id, seq, state, cause, at, actor)
             VALUES ('{}', '{ada}', 2, 'unlocked', 'password-reset', '2026-01-01T00:00:00Z', 'x')",
            org.org_id()
        ),
    ] {
        let refused = store.execute_raw(&statement).await;
        assert!(refused.is_err(), "{} allowed {statement}", S::NAME);
    }
    assert!(org.notes_lock(ada).await.unwrap().is_locked());

    org.erase_person(&email("ada@example.com")).await.unwrap();
    for table in ["private_notes_locks", "recovery_codes"] {
        assert_eq!(
            store
                .count_raw(&format!(
                    "SELECT count(*) FROM {table} WHERE person_id = '{ada}'"
                ))
                .await,
            0,
            "{} {table}",
            S::NAME
        );
        assert_eq!(
            store
                .count_raw(&format!(
                    "SELECT count(*) FROM {table} WHERE person_id = '{bob}'"
                ))
                .await,
            1,
            "{} {table}",
            S::NAME
        );
    }
}

/// Requests racing to store a first code: one stores it (and so shows it), the others
/// store nothing. An unlock racing a reset leaves the notes locked or unlocked, never a
/// broken history.
pub async fn concurrent_codes_and_locks_take_turns<S: Backend>(store: S) {
    let org = new_org(&store, "lock-race").await;
    for round in 0..ROUNDS {
        let address = format!("p{round}@example.com");
        let person = hire(&org, &address, "ic-2", date(2020, 1, 1)).await;
        org.add_journal_entry(person, &entry("mine")).await.unwrap();
        let org = Arc::new(org.clone());
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let org = org.clone();
                tokio::spawn(async move { org.first_recovery_code(person, HASH).await })
            })
            .collect();
        let mut stored = 0;
        for task in tasks {
            if task.await.unwrap().unwrap() {
                stored += 1;
            }
        }
        assert_eq!(stored, 1, "{} round {round}", S::NAME);

        assert!(
            org.lock_private_notes(person, LockCause::PasswordReset)
                .await
                .unwrap()
        );
        let unlock = {
            let org = org.clone();
            tokio::spawn(async move { org.unlock_private_notes(person, 1).await })
        };
        let relock = {
            let org = org.clone();
            tokio::spawn(async move { org.lock_private_notes(person, LockCause::ApiToken).await })
        };
        unlock.await.unwrap().unwrap();
        relock.await.unwrap().unwrap();
        let rows = store
            .count_raw(&format!(
                "SELECT count(*) FROM private_notes_locks WHERE person_id = '{person}'"
            ))
            .await;
        let state = org.notes_lock(person).await.unwrap();
        // Either the relock came first (nothing to do) and the unlock after it (2 rows,
        // open), or the unlock first and the relock after it (3 rows, locked).
        assert_eq!(
            (rows, state.is_locked()),
            if rows == 2 { (2, false) } else { (3, true) },
            "{} round {round}",
            S::NAME
        );
    }
}
