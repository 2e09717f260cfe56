//! The owner's hold on the lock of their own private notes ([`Owner`]): where it stands,
//! their recovery code, unlocking with it, and deleting locked notes. Only the owner-only
//! capability reaches these, so nobody acts on another person's lock.
//!
//! Codes are drawn from the system's random source and hashed with Argon2id on the
//! password workers ([`crate::passwords`]), never on the async threads; a code typed to
//! unlock is checked there too. Only the code's hash reaches the store.

use pendulum_domain::notes_lock::{RecoveryCode, SYMBOLS};
use pendulum_store::prelude::*;
use pendulum_store::{DeletedNotes, NotesLockState, Store, StoreError};

use super::caps::Owner;
use crate::error::WebError;

/// What an attempt to unlock with a code came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unlocking {
    /// The code matched: the notes are open.
    Unlocked,
    /// The code is not the owner's current one.
    WrongCode,
    /// The notes were locked before the owner was given any code: no code opens them.
    NoCode,
}

impl<S: Store> Owner<'_, S> {
    /// Where the owner's private notes stand.
    pub async fn notes_lock(&self) -> Result<NotesLockState, WebError> {
        Ok(self.viewer.org.notes_lock(self.person.id).await?)
    }

    /// A first recovery code, when one is due (the notes are open, the owner keeps some and
    /// has no code): made, stored as its hash, and handed back to be shown this once.
    /// `None` when none is due, and when another request stored one first (that request
    /// shows it).
    pub async fn first_recovery_code(&self) -> Result<Option<RecoveryCode>, WebError> {
        if !self.notes_lock().await?.needs_code() {
            return Ok(None);
        }
        let code = new_code()?;
        let hash = hash(&code).await?;
        let stored = self
            .viewer
            .org
            .first_recovery_code(self.person.id, &hash)
            .await?;
        Ok(stored.then_some(code))
    }

    /// A new recovery code in place of the owner's (audited): the old one no longer
    /// unlocks anything. **423** while the notes are locked: whoever holds a locked
    /// account must not choose the code that opens it.
    pub async fn new_recovery_code(&self) -> Result<RecoveryCode, WebError> {
        self.notes_open().await?;
        let code = new_code()?;
        let hash = hash(&code).await?;
        match self
            .viewer
            .org
            .new_recovery_code(self.person.id, &hash)
            .await
        {
            Ok(()) => Ok(code),
            // Locked meanwhile.
            Err(StoreError::Invalid(_)) => match self.notes_lock().await?.locked {
                Some(lock) => Err(WebError::PrivateNotesLocked(lock)),
                None => Err(WebError::Conflict),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// Unlocks the owner's notes if `code` is their current recovery code (audited).
    /// **422** (`not_locked`) when they are not locked.
    pub async fn unlock_notes(&self, code: &RecoveryCode) -> Result<Unlocking, WebError> {
        let state = self.notes_lock().await?;
        if !state.is_locked() {
            return Err(not_locked());
        }
        let Some(current) = state.code else {
            return Ok(Unlocking::NoCode);
        };
        let matches = crate::passwords::pool()
            .verify(code.expose().to_string(), Some(current.hash))
            .await?;
        if !matches {
            return Ok(Unlocking::WrongCode);
        }
        match self
            .viewer
            .org
            .unlock_private_notes(self.person.id, current.seq)
            .await
        {
            Ok(()) => Ok(Unlocking::Unlocked),
            // Unlocked meanwhile (by another request with the same code).
            Err(StoreError::Invalid(_)) => Err(not_locked()),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the owner's locked notes for good (every journal entry, every reflection
    /// with its versions) and withdraws their code: the notes are open and empty, and a
    /// new code comes with the next note. Audited. **422** (`not_locked`) when they are
    /// not locked: open notes are deleted one by one.
    pub async fn delete_locked_notes(&self) -> Result<DeletedNotes, WebError> {
        match self.viewer.org.delete_locked_notes(self.person.id).await {
            Ok(deleted) => Ok(deleted),
            Err(StoreError::Invalid(_)) => Err(not_locked()),
            Err(e) => Err(e.into()),
        }
    }
}

/// The refusal of an unlock or a deletion of notes that are not locked.
fn not_locked() -> WebError {
    WebError::invalid(
        "not_locked",
        "Your journal and reflections are not locked: there is nothing to unlock.",
    )
}

/// A recovery code from the system's random source.
fn new_code() -> Result<RecoveryCode, WebError> {
    let mut bytes = [0u8; SYMBOLS];
    getrandom::fill(&mut bytes).map_err(|_| WebError::internal(RandomFailed))?;
    Ok(RecoveryCode::from_random(bytes))
}

/// `code`'s Argon2id hash, computed on the password workers.
async fn hash(code: &RecoveryCode) -> Result<String, WebError> {
    crate::passwords::pool()
        .hash(code.expose().to_string())
        .await?
        .map_err(WebError::internal)
}

#[derive(Debug, thiserror::Error)]
#[error("the system's random source failed")]
struct RandomFailed;
