//! The lock on private notes ([`pendulum_domain::notes_lock`]): a person's journal and
//! reflections stay locked after their account was handed to someone else, until the
//! recovery code only they hold is entered.
//!
//! Two append-only histories per person, the latest row of each counting (migration
//! `0014_notes_lock.sql`): `recovery_codes` (the Argon2id hash of each code made, a newer
//! one replacing the older; a row without a hash withdraws the code) and
//! `private_notes_locks` (each lock and unlock, why, when and by whom).
//!
//! **Who locks.** The store locks in the transaction of every write that hands an
//! account's credentials to someone other than its holder, so that no door can forget it:
//!
//! - [`crate::Accounts::set_password`], unless the handle acts as the account itself
//!   (`account/{id}`, the audit log's actor): an administrator's reset of someone else's
//!   password locks, their own does not;
//! - [`crate::Accounts::create_api_token`], on the same rule: a token made at the command
//!   line for someone else's account locks, one made by the account itself does not;
//! - [`crate::Invitations::accept_invitation`] and [`crate::Accounts::create_account`]: a
//!   new account's password was chosen by whoever held the link or ran the command.
//!
//! Opening a session is not on the list: only the account's holder opens one, with the
//! password. A person is locked only when there is something to lock ([`NotesLockState::
//! holds_notes`] or a recovery code): a reset of someone who keeps no private notes locks
//! nothing. Each lock writes a `private-notes.locked` audit row, each unlock
//! `private-notes.unlocked`, naming the person only.
//!
//! The store keeps the state; reading the notes while locked is refused where requests are
//! authorised (the owner-only capability of the web layer, and `pendulum journal`), since
//! the notes' own methods ([`crate::Journals`], [`crate::Reflections`]) are the author's
//! and know nothing of who asks. Recovery codes are checked by the caller against
//! [`RecoveryCodeHash::hash`] (hashing is expensive work, done off the store).

use std::future::Future;

pub use pendulum_domain::notes_lock::{LockCause, UnlockCause};
use pendulum_domain::{AccountId, PersonId};
use time::OffsetDateTime;

use crate::base::{Actor, Base};
use crate::error::{Result, StoreError};

/// A lock in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotesLocked {
    pub cause: LockCause,
    pub at: OffsetDateTime,
    /// Who made the write that locked (the audit log's actor: `account/{id}`, `os/…`,
    /// `invitation/{id}`).
    pub actor: String,
}

/// The person's current recovery code, as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCodeHash {
    /// Its place in the person's codes: an unlock names the code it was checked against.
    pub seq: u32,
    /// An Argon2id PHC string.
    pub hash: String,
    pub made_at: OffsetDateTime,
}

/// Leaves the hash out.
impl std::fmt::Debug for RecoveryCodeHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoveryCodeHash")
            .field("seq", &self.seq)
            .field("hash", &"<redacted>")
            .field("made_at", &self.made_at)
            .finish()
    }
}

/// Where a person's private notes stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotesLockState {
    /// The lock in force, if the notes are locked.
    pub locked: Option<NotesLocked>,
    /// The current recovery code, if there is one.
    pub code: Option<RecoveryCodeHash>,
    /// Whether the person holds any journal entry or reflection.
    pub holds_notes: bool,
}

impl NotesLockState {
    pub fn is_locked(&self) -> bool {
        self.locked.is_some()
    }

    /// Whether a first recovery code should be made and shown: the notes are open, the
    /// person keeps some, and has no code (they wrote their first note, or wrote notes
    /// before recovery codes existed, or deleted their locked notes and started again).
    pub fn needs_code(&self) -> bool {
        self.locked.is_none() && self.code.is_none() && self.holds_notes
    }
}

/// What deleting locked notes removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeletedNotes {
    pub journal_entries: u64,
    pub reflections: u64,
}

/// Whether `actor` is `account` itself, as the web application and the command line name
/// an account acting (`account/{id}`): a credential it sets for itself hands nothing over.
pub fn acts_as_account(actor: &Actor, account: AccountId) -> bool {
    actor
        .as_str()
        .strip_prefix("account/")
        .is_some_and(|id| id == account.to_string())
}

/// Checks a recovery code's hash before it is stored: a PHC string, never a code.
pub fn code_hash(hash: &str) -> Result<String, StoreError> {
    if !hash.starts_with('$') || hash.len() > 500 {
        return Err(StoreError::Invalid(
            "a recovery code's hash must be a PHC string".into(),
        ));
    }
    Ok(hash.to_string())
}

/// Why a recovery code cannot be made or changed now.
pub fn locked_refusal() -> StoreError {
    StoreError::Invalid("the private notes are locked: enter the recovery code first".to_string())
}

/// The lock on each person's private notes, and their recovery codes.
pub trait NotesLock: Base {
    /// Where `person`'s private notes stand. [`StoreError::NotFound`] for a person not in
    /// the organisation.
    fn notes_lock(&self, person: PersonId) -> impl Future<Output = Result<NotesLockState>> + Send;

    /// Stores `hash` as `person`'s first recovery code, if they have none (none yet, or
    /// the last one withdrawn) and their notes are open: `true` when stored. `false`, with
    /// nothing written, when another request stored one first or the notes are locked, so
    /// that a code is shown only by the request that stored it. No audit row: the log is
    /// read by admins, and a first code would tell them when someone began keeping
    /// private notes.
    fn first_recovery_code(
        &self,
        person: PersonId,
        hash: &str,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Stores `hash` as `person`'s recovery code in place of the one they had (which no
    /// longer unlocks anything), with a `private-notes.recovery-code-replaced` audit row.
    /// [`StoreError::Invalid`] while the notes are locked ([`locked_refusal`]): whoever
    /// holds a locked account must not choose the code that opens it.
    fn new_recovery_code(
        &self,
        person: PersonId,
        hash: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Locks `person`'s private notes for `cause`, with a `private-notes.locked` audit
    /// row: `true` when it locked them, `false` (nothing written) when they were locked
    /// already or there is nothing to lock (no notes, no code). The writes of the list in
    /// the module's documentation lock within their own transaction; this is the same
    /// lock on its own.
    fn lock_private_notes(
        &self,
        person: PersonId,
        cause: LockCause,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Unlocks `person`'s private notes, the caller having checked the recovery code they
    /// were given against the code number `code` ([`RecoveryCodeHash::seq`]), with a
    /// `private-notes.unlocked` audit row. [`StoreError::Invalid`] when they are not locked;
    /// [`StoreError::Conflict`] when `code` is no longer their current code.
    fn unlock_private_notes(
        &self,
        person: PersonId,
        code: u32,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Deletes `person`'s locked notes for good (every journal entry, every reflection
    /// with its versions, including those shared with their manager) and withdraws their
    /// recovery code, then unlocks: there is nothing left to protect, and they start again
    /// (a new code is made when they next keep notes). One transaction, with a
    /// `private-notes.deleted` and a `private-notes.unlocked` audit row.
    /// [`StoreError::Invalid`] when the notes are not locked (open notes are deleted one
    /// by one, by their author).
    fn delete_locked_notes(
        &self,
        person: PersonId,
    ) -> impl Future<Output = Result<DeletedNotes>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_account_itself_acts_as_the_account() {
        let account = AccountId::new();
        let own = Actor::new(format!("account/{account}")).unwrap();
        assert!(acts_as_account(&own, account));
        let other = Actor::new(format!("account/{}", AccountId::new())).unwrap();
        assert!(!acts_as_account(&other, account));
        assert!(!acts_as_account(&Actor::system(), account));
        let cli = Actor::new(format!("os/account/{account}")).unwrap();
        assert!(!acts_as_account(&cli, account));
    }

    #[test]
    fn a_code_is_needed_only_for_open_notes_without_one() {
        let open = NotesLockState {
            locked: None,
            code: None,
            holds_notes: true,
        };
        assert!(open.needs_code());
        let empty = NotesLockState {
            holds_notes: false,
            ..open.clone()
        };
        assert!(!empty.needs_code());
        let locked = NotesLockState {
            locked: Some(NotesLocked {
                cause: LockCause::PasswordReset,
                at: OffsetDateTime::UNIX_EPOCH,
                actor: "system".into(),
            }),
            ..open
        };
        assert!(!locked.needs_code());
        assert!(locked.is_locked());
    }
}
