//! People: who is in an organisation, who manages whom, and the directory search.

use std::future::Future;

use pendulum_domain::{CurrentRole, Email, Person, PersonId, RoleEvent};
use pendulum_framework::ids::{LevelId, TrackId};

use crate::audit::ErasureId;
use crate::base::Base;
use crate::error::{Result, StoreError};
use crate::history::NewRoleEvent;

/// Which people a directory search lists, by their current status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Everyone but those who left (and people with no history yet).
    #[default]
    Current,
    All,
    /// Only those who left.
    Left,
}

/// A directory search ([`People::search_people`]). Every filter set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Part of a name or an email address, in any case, found anywhere in either when it
    /// has three characters or more. One or two characters, which a trigram index cannot
    /// serve, match the start of a word of the name (words are separated by spaces,
    /// hyphens and apostrophes) or the start of the email. Surrounding blanks and control
    /// characters are ignored; accents are not (docs/architecture.md, "Directory search").
    pub text: Option<String>,
    /// Direct reports of this person.
    pub manager: Option<PersonId>,
    /// Only this person and everyone under them in the reporting lines, directly or
    /// through others: a manager's line, walked by the database.
    pub line_of: Option<PersonId>,
    /// Current role on this track.
    pub track: Option<TrackId>,
    /// Current role at one of these levels (an empty list matches no one).
    pub levels: Option<Vec<LevelId>>,
    pub status: StatusFilter,
    /// Only these people (what a viewer may see), when given.
    pub within: Option<Vec<PersonId>>,
    /// Rows skipped, then at most `limit` returned.
    pub offset: u32,
    pub limit: u32,
    /// Count the matches only up to this many (`None`: count them all). A search that
    /// counts at most a few hundred matches costs the same however many people match and
    /// however large the organisation: the directory counts up to [`COUNT_LIMIT`] and
    /// says "more than" beyond it (docs/architecture.md, "Directory search").
    pub count_up_to: Option<u64>,
}

/// How far the directory counts the matches of a search before it says "more than".
pub const COUNT_LIMIT: u64 = 500;

/// A page of a directory search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeoplePage {
    /// The matches on every page, counted up to [`PeopleQuery::count_up_to`].
    pub total: u64,
    /// `true` when `total` is every match; `false` when more than `total` match (the
    /// count stopped at [`PeopleQuery::count_up_to`]).
    pub exact: bool,
    pub people: Vec<(Person, Option<CurrentRole>)>,
}

/// The people of an organisation.
pub trait People: Base {
    /// Adds a person. A taken email is [`StoreError::Invalid`]; a manager who is not in
    /// this organisation is [`StoreError::NotFound`].
    fn create_person(
        &self,
        name: &str,
        email: &Email,
        manager: Option<PersonId>,
    ) -> impl Future<Output = Result<Person>> + Send;

    /// Adds a person with their first role, in one transaction: the person (with their
    /// manager, as [`Self::create_person`] does), then `first` (a hire or a baseline)
    /// appended to their new history, each with its audit row. Either both are written or
    /// nothing is: a first role the rules refuse ([`StoreError::Rule`]), or a framework
    /// version that is not published ([`StoreError::Invalid`]), leaves no person behind,
    /// so the same request may be sent again once corrected.
    fn create_person_with_role(
        &self,
        name: &str,
        email: &Email,
        manager: Option<PersonId>,
        first: NewRoleEvent,
    ) -> impl Future<Output = Result<(Person, RoleEvent)>> + Send;

    fn person(&self, person: PersonId) -> impl Future<Output = Result<Person>> + Send;

    fn person_by_email(&self, email: &Email) -> impl Future<Output = Result<Person>> + Send;

    /// Everyone, by email. A person's status comes from their current role; someone with no
    /// history yet is active.
    fn list_people(&self) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// One page of the people matching `query`, by name (any case) then email, each with their current
    /// role, and how many match in all: the directory, filtered and paged in the database
    /// so that a page costs the same in a large organisation as in a small one.
    fn search_people(&self, query: &PeopleQuery)
    -> impl Future<Output = Result<PeoplePage>> + Send;

    /// Everyone who manages at least one person, by name: the choices of a manager filter.
    fn managers(&self) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// The people whose manager is `manager`, by name (none for someone who manages no
    /// one, or who is not in this organisation).
    fn direct_reports(&self, manager: PersonId)
    -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// The managers above `person` as the reporting lines stand today, the nearest first,
    /// read in one query: at most `limit` of them, and ending before anyone met twice (a
    /// line that loops, which the rules refuse, ends instead of repeating). Empty for
    /// someone with no manager, or who is not in this organisation.
    fn managers_above(
        &self,
        person: PersonId,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// Up to `limit` people with ids after `after`, by id: a page of an export.
    fn people_page(
        &self,
        after: Option<PersonId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Person>>> + Send;

    /// The one hard delete (privacy law): removes the person, their role and pay histories,
    /// their projection and the audit rows about them, clears them as anyone's manager, and
    /// writes one audit row without personal data naming a random erasure id, which it
    /// returns.
    fn erase_person(&self, email: &Email) -> impl Future<Output = Result<ErasureId>> + Send;
}

/// Checks a person's name before it is stored, by the rule of every door
/// ([`pendulum_domain::PersonName`]): 1–200 characters on one line, no control or
/// formatting characters. The doors parse names already; this keeps a caller that did not
/// (a test fixture, a future door) from storing what they would refuse.
pub fn person_name(name: &str) -> Result<String> {
    pendulum_domain::PersonName::new(name)
        .map(pendulum_domain::PersonName::into_string)
        .map_err(|e| StoreError::Invalid(e.0))
}

/// The SQL of [`People::managers_above`], the same on both backends: `$1` the
/// organisation, `$2` the person, `$3` the limit. Each row is a manager in
/// `select_people`'s columns, the nearest first.
pub const MANAGERS_ABOVE_SQL: &str = "WITH RECURSIVE up(id, depth) AS (
         SELECT manager_id, 1 FROM people WHERE org_id = $1 AND id = $2
         UNION ALL
         SELECT p.manager_id, up.depth + 1 FROM up
         JOIN people p ON p.org_id = $1 AND p.id = up.id
         WHERE up.depth < $3
     )
     SELECT p.org_id, p.id, p.name, p.email, p.manager_id, c.status
     FROM up
     JOIN people p ON p.org_id = $1 AND p.id = up.id
     LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
     ORDER BY up.depth";

/// `managers` (nearest first) up to the first one met twice, as
/// [`People::managers_above`] promises.
pub fn until_repeated(managers: Vec<Person>) -> Vec<Person> {
    let mut seen = std::collections::HashSet::new();
    managers
        .into_iter()
        .take_while(|m| seen.insert(m.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_name_is_stored_only_as_every_door_would_take_it() {
        assert_eq!(person_name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        for bad in ["", "Eve \u{202E}gnp.exe", "Eve\nSecond line", "\u{1b}[2J"] {
            let Err(StoreError::Invalid(message)) = person_name(bad) else {
                panic!("{bad:?} must be refused");
            };
            assert_eq!(
                message,
                pendulum_domain::PersonName::new(bad).unwrap_err().0
            );
        }
    }
}
