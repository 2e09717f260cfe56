//! Reflections before a move: each person's private answers
//! ([`pendulum_domain::reflection`]), kept as versions.
//!
//! A reflection is its author's: written, revised (each revision a new version, every
//! version kept), shared with their manager and unshared, and deleted (with every version)
//! by its author. Every method is scoped to one person of one organisation, so a
//! reflection of another person is not found. The one read for someone else
//! ([`Reflections::reflections_shared_with`]) answers only what the author shared with that
//! reader while the reader is still the author's manager.
//!
//! No audit row names a reflection or holds its text: the log is read by admins, and even
//! that someone reflects on a move is private.

use std::future::Future;

use pendulum_domain::reflection::{Answer, NewReflection, Reflection, ReflectionVersion};
use pendulum_domain::{PersonId, ReflectionId};

use crate::base::Base;
use crate::error::{Result, StoreError};

/// The most reflections one person holds. A write beyond it is refused with
/// [`StoreError::Invalid`], so no one account can fill the disk.
pub const MAX_REFLECTIONS: u32 = 200;
/// The most versions one reflection keeps; a revision beyond it is refused.
pub const MAX_REFLECTION_VERSIONS: u32 = 500;

/// Each person's reflections.
pub trait Reflections: Base {
    /// Writes `person`'s new reflection as its version 1, private. `NotFound` when the
    /// person is not in the organisation; `Invalid` when they hold [`MAX_REFLECTIONS`].
    fn add_reflection(
        &self,
        person: PersonId,
        reflection: &NewReflection,
    ) -> impl Future<Output = Result<Reflection>> + Send;

    /// Writes a new version of `person`'s reflection `id` with `answers`; the earlier
    /// versions stay, the direction and the sharing too. `Invalid` past
    /// [`MAX_REFLECTION_VERSIONS`], or when `reflection`'s direction is not the stored
    /// one (a reflection is about one move).
    fn revise_reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
        reflection: &NewReflection,
    ) -> impl Future<Output = Result<Reflection>> + Send;

    /// `person`'s reflections with their current versions, the most recently written
    /// first.
    fn reflections(&self, person: PersonId)
    -> impl Future<Output = Result<Vec<Reflection>>> + Send;

    /// One of `person`'s reflections, at its current version; `NotFound` when not theirs.
    fn reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> impl Future<Output = Result<Reflection>> + Send;

    /// Every version of one of `person`'s reflections, the newest first.
    fn reflection_versions(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> impl Future<Output = Result<Vec<ReflectionVersion>>> + Send;

    /// Shares one of `person`'s reflections with their manager as the store has it now
    /// (`people.manager_id`), in one statement, so it cannot be shared with anyone else.
    /// `Invalid` when the person has no manager.
    fn share_reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> impl Future<Output = Result<Reflection>> + Send;

    /// Makes one of `person`'s reflections private again.
    fn unshare_reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> impl Future<Output = Result<Reflection>> + Send;

    /// Deletes one of `person`'s reflections with every version, for good.
    fn delete_reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> impl Future<Output = Result<()>> + Send;

    /// `person`'s reflections that they shared with `reader`, at their current versions,
    /// the most recently written first — none unless `reader` is `person`'s manager now.
    fn reflections_shared_with(
        &self,
        person: PersonId,
        reader: PersonId,
    ) -> impl Future<Output = Result<Vec<Reflection>>> + Send;
}

/// The answers of a version as stored: a JSON array of `{question, asked, text}`, in order.
pub fn answers_column(answers: &[Answer]) -> String {
    serde_json::to_string(answers).expect("answers serialise")
}

/// The answers read back from [`answers_column`].
pub fn parse_answers(column: &str) -> Result<Vec<Answer>> {
    serde_json::from_str(column)
        .map_err(|e| StoreError::corrupt(format!("reflection answers: {e}")))
}

/// The message of a refused write past [`MAX_REFLECTIONS`].
pub fn too_many_reflections() -> StoreError {
    StoreError::Invalid(format!(
        "you hold {MAX_REFLECTIONS} reflections, the most kept; delete one to write another"
    ))
}

/// The message of a refused revision past [`MAX_REFLECTION_VERSIONS`].
pub fn too_many_versions() -> StoreError {
    StoreError::Invalid(format!(
        "a reflection keeps at most {MAX_REFLECTION_VERSIONS} versions; start a new reflection \
         to write more"
    ))
}

/// The refusal of a revision in another direction than the reflection's.
pub fn direction_kept() -> StoreError {
    StoreError::Invalid(
        "a reflection keeps the direction it was started with; start a new reflection for the \
         other move"
            .to_string(),
    )
}

/// The refusal of sharing by someone without a manager.
pub fn no_manager() -> StoreError {
    StoreError::Invalid(
        "there is no manager on your record to share it with; ask an admin to record your \
         manager"
            .to_string(),
    )
}
