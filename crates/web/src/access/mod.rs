//! Who may see and do what: the one place where roles become permissions.
//!
//! Every handler that touches a person asks [`Viewer::relation_to`] how the signed-in
//! account stands to that person ([`Relation`]), then asks one of the `may_*` methods. A
//! person the viewer may not see answers **404**, exactly like a person who does not
//! exist or belongs to another organisation, so that probing ids reveals nothing. A page
//! or action the viewer's role does not allow answers **403**.
//!
//! The rules (the product brief's roles):
//!
//! | | own record | a report (direct or indirect) | anyone else |
//! |---|---|---|---|
//! | member | see | – | – |
//! | manager | see | see, propose changes | – |
//! | admin | see, record | see, record | see, record |
//! | analyst | see | – | – (aggregates only) |
//!
//! Pay is separate: a person sees their own pay, unless their account's own pay is held
//! (someone without pay set its password, so might be signing in as them: see
//! `Account::own_pay_held`); an account with the **pay** capability reads and records the
//! pay of everyone it may see, except that nobody records their own pay. Only a pay holder
//! grants pay (invites with it, approves a held account) or resets the password of an
//! account that holds it ([`Viewer::may_grant_pay`]). No role, admin included, reads
//! another person's private notes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use pendulum_domain::{Person, PersonId};
use pendulum_store::{Account, Actor, OrgStore, Role, Session, Store, StoreError};

use crate::error::WebError;
use crate::sessions::Signed;
use crate::state::AppState;

/// How far up a reporting line is followed: deeper chains are cut, and a cycle (which the
/// store does not forbid) cannot loop.
const MAX_CHAIN: usize = 64;

/// The signed-in account asking, with the person its email links it to.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub account: Account,
    /// `None` for an API token.
    pub session: Option<Session>,
    /// The person with the account's email, if there is one.
    pub person: Option<Person>,
}

/// How the viewer stands to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The viewer's own record.
    Own,
    /// Someone who reports to the viewer, directly or through others.
    Report,
    /// Anyone else in the organisation.
    Other,
}

/// What the viewer may do to a person's role history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recording {
    /// Append events directly (admins).
    Record,
    /// Propose events that an admin confirms (managers, for their reports).
    Propose,
}

impl Viewer {
    pub fn role(&self) -> Role {
        self.account.role
    }

    pub fn is_admin(&self) -> bool {
        self.account.role == Role::Admin
    }

    /// The name the audit log records for this viewer's changes and pay reads: the
    /// account's id, not its email, so the log holds no personal data.
    pub fn actor(&self) -> Actor {
        crate::sessions::account_actor(&self.account)
    }

    /// The session's anti-forgery token, for the forms of a page (empty for an API token,
    /// which needs none).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }

    pub fn person_id(&self) -> Option<PersonId> {
        self.person.as_ref().map(|p| p.id)
    }

    /// How the viewer stands to `person`: walks up `person`'s reporting line looking for
    /// the viewer. For an admin, only `Own` or `Other` (their rights do not depend on it).
    pub async fn relation_to<O: OrgStore>(
        &self,
        org: &O,
        person: &Person,
    ) -> Result<Relation, StoreError> {
        let Some(me) = self.person_id() else {
            return Ok(Relation::Other);
        };
        if person.id == me {
            return Ok(Relation::Own);
        }
        if self.is_admin() {
            // Nothing an admin may do depends on whether someone reports to them: spare
            // the walk up the reporting line.
            return Ok(Relation::Other);
        }
        let mut next = person.manager;
        for _ in 0..MAX_CHAIN {
            match next {
                Some(manager) if manager == me => return Ok(Relation::Report),
                Some(manager) => next = org.person(manager).await?.manager,
                None => break,
            }
        }
        Ok(Relation::Other)
    }

    /// Whether the viewer may see `relation`'s record: profile, role history, timeline.
    pub fn may_view_person(&self, relation: Relation) -> bool {
        matches!(
            (self.role(), relation),
            (_, Relation::Own) | (Role::Admin, _) | (Role::Manager, Relation::Report)
        )
    }

    /// Whether the viewer may read `relation`'s individual pay.
    pub fn may_view_pay(&self, relation: Relation) -> bool {
        (relation == Relation::Own && !self.account.own_pay_held)
            || (self.account.pay && self.may_view_person(relation))
    }

    /// Whether the viewer may grant access to pay: invite someone with pay, approve an
    /// account's held own pay, or reset the password of an account that sees pay (which
    /// would let the viewer sign in as it). Admins with the pay capability only.
    pub fn may_grant_pay(&self) -> bool {
        self.is_admin() && self.account.pay
    }

    /// Whether the viewer may record a pay change for `relation`.
    pub fn may_record_pay(&self, relation: Relation) -> bool {
        self.account.pay && relation != Relation::Own && self.may_view_person(relation)
    }

    /// How the viewer may change `relation`'s role history, if at all.
    pub fn recording(&self, relation: Relation) -> Option<Recording> {
        match (self.role(), relation) {
            (Role::Admin, _) => Some(Recording::Record),
            (Role::Manager, Relation::Report) => Some(Recording::Propose),
            _ => None,
        }
    }

    /// Whether the viewer sees the people directory (admins: everyone; managers: their
    /// reports).
    pub fn may_browse_people(&self) -> bool {
        matches!(self.role(), Role::Admin | Role::Manager)
    }

    /// Publishing framework versions, the audit log, accounts and invitations.
    pub fn may_administer(&self) -> bool {
        self.is_admin()
    }

    /// Proposals: managers see their own, admins decide.
    pub fn may_see_proposals(&self) -> bool {
        matches!(self.role(), Role::Admin | Role::Manager)
    }

    /// Fails with [`WebError::Forbidden`] unless `allowed`.
    pub fn require(&self, allowed: bool) -> Result<(), WebError> {
        if allowed {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }
}

/// Loads `id` and checks the viewer may see them: 404 otherwise (a person of another
/// organisation, a person who does not exist and a person the viewer may not see are
/// indistinguishable). Returns the person and the viewer's relation to them.
pub async fn visible_person<O: OrgStore>(
    org: &O,
    viewer: &Viewer,
    id: PersonId,
) -> Result<(Person, Relation), WebError> {
    let person = org.person(id).await?;
    let relation = viewer.relation_to(org, &person).await?;
    if viewer.may_view_person(relation) {
        Ok((person, relation))
    } else {
        Err(WebError::NotFound)
    }
}

/// Everyone the viewer may see, by name: the whole organisation for an admin, the viewer
/// and their reports (direct and indirect) for a manager, the viewer alone otherwise.
pub async fn visible_people<O: OrgStore>(
    org: &O,
    viewer: &Viewer,
) -> Result<Vec<Person>, StoreError> {
    let mut people = org.list_people().await?;
    if !viewer.is_admin() {
        let me = viewer.person_id();
        let keep: std::collections::HashSet<PersonId> = match (viewer.role(), me) {
            (Role::Manager, Some(me)) => reports_of(&people, me).into_iter().chain([me]).collect(),
            (_, Some(me)) => [me].into(),
            (_, None) => Default::default(),
        };
        people.retain(|p| keep.contains(&p.id));
    }
    people.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.email.as_str().cmp(b.email.as_str()))
    });
    Ok(people)
}

/// Everyone below `manager` in the reporting lines of `people`, direct and indirect.
pub fn reports_of(people: &[Person], manager: PersonId) -> Vec<PersonId> {
    let mut children: std::collections::HashMap<PersonId, Vec<PersonId>> = Default::default();
    for p in people {
        if let Some(m) = p.manager {
            children.entry(m).or_default().push(p.id);
        }
    }
    let mut found = Vec::new();
    let mut seen = std::collections::HashSet::from([manager]);
    let mut stack = vec![manager];
    while let Some(m) = stack.pop() {
        for &child in children.get(&m).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(child) {
                found.push(child);
                stack.push(child);
            }
        }
    }
    found
}

impl<S: Store> FromRequestParts<AppState<S>> for Viewer {
    type Rejection = WebError;

    /// The viewer of a request that passed `require_sign_in`; routes outside it cannot
    /// take a `Viewer`.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let signed = parts
            .extensions
            .get::<Signed>()
            .cloned()
            .ok_or(WebError::Unauthenticated)?;
        let org = state.store().org(state.organisation().id);
        let person = match org.person_by_email(&signed.account.email).await {
            Ok(person) => Some(person),
            Err(StoreError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        };
        let viewer = Viewer {
            account: signed.account,
            session: signed.session,
            person,
        };
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}
