//! Who may see and do what, held rather than checked.
//!
//! The rules live in the domain ([`pendulum_domain::access`]); this module is where they
//! become values a handler holds:
//!
//! - The organisation's store is [`Sealed`]: only this module opens it. Handlers never see
//!   a store; a signed-in handler takes a [`Viewer`], which holds the store *acting as the
//!   viewer's account*, so every change and every read of pay it makes is audited under
//!   that account by construction.
//! - A [`Viewer`] answers what anyone signed in may ask: the published framework (through
//!   the state), the people the viewer may see ([`Viewer::person`] hands out a
//!   [`Visible`] person or 404, like a person of another organisation), their own account.
//! - Privileged operations are methods of capability values that the viewer hands out only
//!   when the rules allow, and that code cannot otherwise make (their fields are private
//!   to this module): [`Admin`] ([`Viewer::admin`]), [`PayDesk`] ([`Viewer::pay`]), the
//!   owner-only [`Owner`] for the viewer's own person ([`Viewer::owner`], which nobody
//!   obtains for another person, admins included), [`Proposer`] for a manager's
//!   reports, [`ManagerOf`] ([`Viewer::manager_of`]) for the direct manager of a
//!   person, which reads only what that person shared with them, and [`Analysis`]
//!   ([`Viewer::analysis`]) for organisation-wide figures. An operation that needs two (inviting with pay) takes the second as a
//!   parameter, so holding it is the proof.
//! - What anyone may do before signing in (signing in, accepting an invitation) goes
//!   through [`Doors`], which opens nothing else.
//!
//! A person the viewer may not see answers **404**, exactly like a person who does not
//! exist or belongs to another organisation, so that probing ids reveals nothing. A page
//! or action the viewer's role does not allow answers **403**.
//!
//! Outside this module the store cannot be named. The state hands out none:
//!
//! ```compile_fail,E0599
//! fn leak<S: pendulum_store::Store>(state: &pendulum_web::AppState<S>) -> &S {
//!     state.store()
//! }
//! ```
//!
//! a sealed store does not open:
//!
//! ```compile_fail,E0624
//! fn open<S: pendulum_store::Store>(sealed: &pendulum_web::access::Sealed<S>) -> S::Org {
//!     sealed.handle()
//! }
//! ```
//!
//! and a capability cannot be made from a viewer that was not handed one:
//!
//! ```compile_fail,E0451
//! use pendulum_web::access::{Admin, Viewer};
//! fn forge<'v, S: pendulum_store::Store>(viewer: &'v Viewer<S>) -> Admin<'v, S> {
//!     Admin { viewer }
//! }
//! ```

mod analysis;
mod caps;
mod doors;
mod notes_lock;
mod plans;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use pendulum_domain::{CurrentRole, OrgId, Person, PersonId, RoleEvent};
use pendulum_framework::Framework;
use pendulum_store::prelude::*;
use pendulum_store::{
    Account, Actor, FrameworkVersion, PeoplePage, PeopleQuery, Session, Store, StoreError,
};
use tokio::sync::OnceCell;

pub use analysis::Analysis;
pub use caps::{Admin, ManagerOf, OwnAccount, Owner, PayDesk, Proposer};
pub use doors::Doors;
pub use notes_lock::Unlocking;
pub use pendulum_domain::{Grants, Recording, Relation, Role};
/// Whose pages a viewer may open, as the views take it ([`Viewer::openable`]).
pub use pendulum_views::people::Openable;
pub use plans::{OnPlan, PlanLists, PlanRole, ProtectedReturn};

use crate::error::WebError;

/// Who is asking, as signing in found them: put in the request's extensions by the
/// sign-in layer (`sessions::require_sign_in`), and turned into a [`Who`] or a [`Viewer`].
#[derive(Clone, Debug)]
pub struct Signed {
    pub account: Account,
    /// `None` for a request authenticated by an API token.
    pub session: Option<Session>,
}

/// How far up a reporting line is followed: deeper chains are cut, and a cycle (which the
/// store does not forbid) cannot loop.
const MAX_CHAIN: u32 = 64;

/// The store of the organisation served, opened only by this module.
pub struct Sealed<S: Store> {
    store: S,
    org: OrgId,
}

impl<S: Store> Clone for Sealed<S> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            org: self.org,
        }
    }
}

impl<S: Store> Sealed<S> {
    pub fn new(store: S, org: OrgId) -> Self {
        Self { store, org }
    }

    /// The organisation's handle, acting as nobody in particular.
    fn handle(&self) -> S::Org {
        self.store.org(self.org)
    }

    /// The published framework versions: what every signed-in account may read.
    pub async fn framework_versions(&self) -> Result<Vec<FrameworkVersion>, StoreError> {
        self.handle().framework_versions().await
    }

    /// One published framework version, parsed.
    pub async fn framework(&self, version: u32) -> Result<Framework, StoreError> {
        self.handle().framework(version).await
    }

    /// One published framework version, as published.
    pub async fn framework_yaml(&self, version: u32) -> Result<String, StoreError> {
        self.handle().framework_yaml(version).await
    }

    /// Today, by the store's clock: the day whose role in effect the store answers with.
    pub fn today(&self) -> time::Date {
        self.handle().today()
    }

    /// One cheap read of the database, for the readiness probe.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.store.list_orgs().await.map(|_| ())
    }

    /// Deletes expired sessions (of every organisation of the database).
    pub async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        self.store.delete_expired_sessions().await
    }

    /// Who `signed` is, for a page answered outside a handler (a refusal): with whether
    /// the account is linked to a person, so that its navigation is the same as on every
    /// other page.
    pub async fn who(&self, signed: Signed) -> Who {
        let mut who = Who::of(signed);
        who.linked = self
            .handle()
            .person_by_email(&who.account.email)
            .await
            .is_ok();
        who
    }

    /// What anyone may do before signing in.
    pub fn doors(&self) -> Doors<S> {
        Doors::new(self.clone())
    }
}

/// Who is asking: the signed-in account, its session and what it holds. Knows nothing of
/// the store: enough to draw a page's header.
#[derive(Clone, Debug)]
pub struct Who {
    account: Account,
    session: Option<Session>,
    grants: Grants,
    /// The path asked for, so the navigation can mark the current page (empty when not
    /// known).
    path: String,
    /// For an admin's page: the proposals waiting for a decision, counted for the
    /// navigation. `None` for everyone else and for API requests.
    pending_proposals: Option<u64>,
    /// Whether the account's email links it to a person of the organisation (the sections
    /// of one's own, such as plans, are offered only then).
    linked: bool,
}

impl Who {
    pub(crate) fn of(signed: Signed) -> Self {
        let grants = Grants {
            role: signed.account.role,
            pay: signed.account.pay,
            own_pay_held: signed.account.own_pay_held,
        };
        Self {
            account: signed.account,
            session: signed.session,
            grants,
            path: String::new(),
            pending_proposals: None,
            linked: false,
        }
    }

    /// Whether the account is linked to a person of the organisation.
    pub fn is_linked(&self) -> bool {
        self.linked
    }

    /// The path of the request, for marking the navigation's current entry.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The proposals waiting for a decision, for an admin's page.
    pub fn pending_proposals(&self) -> Option<u64> {
        self.pending_proposals
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    pub fn grants(&self) -> &Grants {
        &self.grants
    }

    pub fn role(&self) -> Role {
        self.grants.role
    }

    pub fn is_admin(&self) -> bool {
        self.grants.is_admin()
    }

    /// The session's anti-forgery token, for the forms of a page (empty for an API token,
    /// which needs none).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }
}

/// How the audit log names an account: by id, never by email.
pub(crate) fn account_actor(account: &Account) -> Actor {
    Actor::new(format!("account/{}", account.id)).expect("an account id is a valid actor")
}

/// The signed-in account asking, with the person its email links it to and the
/// organisation's store acting as it.
pub struct Viewer<S: Store> {
    who: Who,
    person: Option<Person>,
    org: S::Org,
    /// The people the viewer may see, read once per request when first asked.
    visible: Arc<OnceCell<Vec<Person>>>,
}

impl<S: Store> Clone for Viewer<S> {
    fn clone(&self) -> Self {
        Self {
            who: self.who.clone(),
            person: self.person.clone(),
            org: self.org.clone(),
            visible: self.visible.clone(),
        }
    }
}

impl<S: Store> std::ops::Deref for Viewer<S> {
    type Target = Who;

    fn deref(&self) -> &Who {
        &self.who
    }
}

impl<S: Store> Viewer<S> {
    pub fn who(&self) -> &Who {
        &self.who
    }

    /// The person with the account's email, if there is one.
    pub fn person_record(&self) -> Option<&Person> {
        self.person.as_ref()
    }

    pub fn person_id(&self) -> Option<PersonId> {
        self.person.as_ref().map(|p| p.id)
    }

    /// How the viewer stands to `person`: walks up `person`'s reporting line looking for
    /// the viewer. For an admin, only `Own` or `Other` (their rights do not depend on it).
    async fn relation_to(&self, person: &Person) -> Result<Relation, StoreError> {
        let Some(me) = self.person_id() else {
            return Ok(Relation::Other);
        };
        if person.id == me {
            return Ok(Relation::Own);
        }
        if self.is_admin() {
            return Ok(Relation::Other);
        }
        if person.manager.is_none() {
            return Ok(Relation::Other);
        }
        let above = self.org.managers_above(person.id, MAX_CHAIN).await?;
        Ok(if above.iter().any(|m| m.id == me) {
            Relation::Report
        } else {
            Relation::Other
        })
    }

    /// Person `id`, if the viewer may see them; **404** otherwise (a person of another
    /// organisation, one who does not exist and one the viewer may not see are
    /// indistinguishable).
    pub async fn person(&self, id: PersonId) -> Result<Visible<'_, S>, WebError> {
        let person = self.org.person(id).await?;
        let relation = self.relation_to(&person).await?;
        if self.grants.may_view_person(relation) {
            Ok(Visible {
                viewer: self,
                person,
                relation,
            })
        } else {
            Err(WebError::NotFound)
        }
    }

    /// Everyone the viewer may see, by name: the whole organisation for an admin, the
    /// viewer and their reports (direct and indirect) for a manager, the viewer alone
    /// otherwise.
    pub async fn visible_people(&self) -> Result<Vec<Person>, WebError> {
        let people = self
            .visible
            .get_or_try_init(|| self.read_visible_people())
            .await?;
        Ok(people.clone())
    }

    async fn read_visible_people(&self) -> Result<Vec<Person>, WebError> {
        let mut people = self.org.list_people().await?;
        if !self.is_admin() {
            let me = self.person_id();
            let keep: HashSet<PersonId> = match (self.role(), me) {
                (Role::Manager, Some(me)) => {
                    reports_of(&people, me).into_iter().chain([me]).collect()
                }
                (_, Some(me)) => [me].into(),
                (_, None) => HashSet::new(),
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

    /// A directory search among the people the viewer may see, whatever the caller put in
    /// the query: everyone for an admin; for a manager, their line (the query names the
    /// manager and the database walks the reporting lines below them); the viewer alone
    /// for anyone else; no one for an account linked to no person. The same people as
    /// [`Viewer::visible_people`].
    pub async fn search(&self, mut query: PeopleQuery) -> Result<PeoplePage, WebError> {
        if !self.is_admin() {
            match (self.role(), self.person_id()) {
                (Role::Manager, Some(me)) => query.line_of = Some(me),
                (_, Some(me)) => {
                    query.within = Some(match query.within.take() {
                        Some(asked) => asked.into_iter().filter(|id| *id == me).collect(),
                        None => vec![me],
                    });
                }
                (_, None) => query.within = Some(Vec::new()),
            }
        }
        Ok(self.org.search_people(&query).await?)
    }

    /// Which of `candidates` the viewer may open, as links need to know: a name on a page
    /// (a manager on a reporting line, a directory's manager column, a proposal's person)
    /// is a link only when [`Viewer::person`] would let the viewer in, by the same rule
    /// (`Grants::may_view_person` of the viewer's [`Relation`] to each). Everyone for an
    /// admin with no query; for a manager, one query for those of `candidates` in their
    /// line; the viewer alone for anyone else.
    pub async fn openable(&self, candidates: &[PersonId]) -> Result<Openable, WebError> {
        if self.grants.may_view_person(Relation::Other) {
            return Ok(Openable::Everyone);
        }
        let Some(me) = self.person_id() else {
            return Ok(Openable::Only(HashSet::new()));
        };
        let mut wanted: Vec<PersonId> = candidates.iter().copied().filter(|id| *id != me).collect();
        wanted.sort();
        wanted.dedup();
        let mut open = HashSet::new();
        if self.grants.may_view_person(Relation::Own) {
            open.insert(me);
        }
        if self.grants.may_view_person(Relation::Report) && !wanted.is_empty() {
            let limit = u32::try_from(wanted.len()).unwrap_or(u32::MAX);
            let reports = self
                .org
                .search_people(&PeopleQuery {
                    line_of: Some(me),
                    within: Some(wanted),
                    status: pendulum_store::StatusFilter::All,
                    limit,
                    ..PeopleQuery::default()
                })
                .await?;
            open.extend(reports.people.into_iter().map(|(p, _)| p.id));
        }
        Ok(Openable::Only(open))
    }

    /// The names (person records) of the managers of `people`: a reporting line is shown
    /// to whoever may see someone on it, though not their records.
    pub async fn managers_of(
        &self,
        people: &[Person],
    ) -> Result<HashMap<PersonId, Person>, WebError> {
        let mut wanted: Vec<PersonId> = people.iter().filter_map(|p| p.manager).collect();
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(HashMap::new());
        }
        let limit = u32::try_from(wanted.len()).unwrap_or(u32::MAX);
        Ok(self
            .org
            .search_people(&PeopleQuery {
                within: Some(wanted),
                status: pendulum_store::StatusFilter::All,
                limit,
                ..PeopleQuery::default()
            })
            .await?
            .people
            .into_iter()
            .map(|(p, _)| (p.id, p))
            .collect())
    }

    /// The date of the next scheduled change of each of `people` (found by the viewer, so
    /// people they may see) who has one, in one query: what the directory marks as
    /// "scheduled from …".
    pub async fn scheduled_changes_of(
        &self,
        people: &[Person],
    ) -> Result<HashMap<PersonId, time::Date>, WebError> {
        let wanted: HashSet<PersonId> = people.iter().map(|p| p.id).collect();
        if wanted.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self
            .org
            .scheduled_changes()
            .await?
            .into_iter()
            .filter(|(id, _)| wanted.contains(id))
            .collect())
    }

    /// Everyone who manages someone: the choices of the directory's manager filter, for
    /// an admin (who sees everyone); others choose among the people they see.
    pub async fn all_managers(&self) -> Result<Vec<Person>, WebError> {
        self.admin()?;
        Ok(self.org.managers().await?)
    }

    /// The administrator's capability: **403** unless the account is an admin.
    pub fn admin(&self) -> Result<Admin<'_, S>, WebError> {
        if self.grants.may_administer() {
            Ok(Admin::new(self))
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// The pay capability: **403** unless the account holds pay.
    pub fn pay(&self) -> Result<PayDesk<'_, S>, WebError> {
        if self.grants.pay {
            Ok(PayDesk::new(self))
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// The owner-only capability over the viewer's own person: their private data and own
    /// pay. **404** for an account linked to no person. Nobody obtains it for anyone else.
    pub fn owner(&self) -> Result<Owner<'_, S>, WebError> {
        match &self.person {
            Some(person) => Ok(Owner::new(self, person)),
            None => Err(WebError::NotFound),
        }
    }

    /// The capability of the manager of person `id` over what they share with their
    /// manager: **404** unless the viewer's person is `id`'s manager on record now (not an
    /// indirect manager, and not an admin as such), exactly like a person who does not
    /// exist, so that nobody can probe whom a reflection could reach.
    pub async fn manager_of(&self, id: PersonId) -> Result<ManagerOf<'_, S>, WebError> {
        let Some(me) = self.person_id() else {
            return Err(WebError::NotFound);
        };
        let report = self.org.person(id).await?;
        if report.manager == Some(me) {
            Ok(ManagerOf::new(self, me, report))
        } else {
            Err(WebError::NotFound)
        }
    }

    /// The viewer's own account: its API tokens.
    pub fn own_account(&self) -> OwnAccount<'_, S> {
        OwnAccount::new(self)
    }

    /// The proposals the viewer may see: every one for an admin, their own for a manager
    /// (**403** for anyone else), newest first.
    pub async fn proposals(&self) -> Result<Vec<pendulum_store::Proposal>, WebError> {
        if !self.grants.may_see_proposals() {
            return Err(WebError::Forbidden);
        }
        let mut all = self.org.proposals(false).await?;
        if !self.is_admin() {
            all.retain(|p| p.proposed_by == self.account.id);
        }
        Ok(all)
    }

    /// The reporting-line proposals the viewer may see: an admin all, a manager their own.
    pub async fn reporting_proposals(
        &self,
    ) -> Result<Vec<pendulum_store::ReportingProposal>, WebError> {
        use pendulum_store::ReportingLines;
        if !self.grants.may_see_proposals() {
            return Err(WebError::Forbidden);
        }
        let mut all = self.org.reporting_proposals(false).await?;
        if !self.is_admin() {
            all.retain(|p| p.proposed_by == self.account.id);
        }
        Ok(all)
    }
}

/// A person the viewer may see, with how the viewer stands to them. Only
/// [`Viewer::person`] makes one.
pub struct Visible<'v, S: Store> {
    viewer: &'v Viewer<S>,
    person: Person,
    relation: Relation,
}

impl<'v, S: Store> Visible<'v, S> {
    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn into_person(self) -> Person {
        self.person
    }

    pub fn relation(&self) -> Relation {
        self.relation
    }

    /// How the viewer may change this person's role history, if at all.
    pub fn recording(&self) -> Option<Recording> {
        self.viewer.grants.recording(self.relation)
    }

    /// Whether the viewer may read this person's pay (for links and pages).
    pub fn may_view_pay(&self) -> bool {
        self.viewer.grants.may_view_pay(self.relation)
    }

    /// Whether the viewer may record this person's pay.
    pub fn may_record_pay(&self) -> bool {
        self.viewer.grants.may_record_pay(self.relation)
    }

    /// The person's role history, in sequence order.
    pub async fn events(&self) -> Result<Vec<RoleEvent>, WebError> {
        Ok(self.viewer.org.events(self.person.id).await?)
    }

    /// The role in effect today, if any.
    pub async fn current_role(&self) -> Result<Option<CurrentRole>, WebError> {
        Ok(self.viewer.org.current_role(self.person.id).await?)
    }

    /// The person's reporting history in the order it was recorded, each change with its
    /// manager (names only, as in [`Visible::reporting_line`]).
    pub async fn reporting_history(
        &self,
    ) -> Result<Vec<(pendulum_domain::ReportingChange, Option<Person>)>, WebError> {
        use pendulum_store::ReportingLines;
        let changes = self.viewer.org.reporting_history(self.person.id).await?;
        let mut out = Vec::with_capacity(changes.len());
        let mut seen: std::collections::HashMap<PersonId, Person> = Default::default();
        for change in changes {
            let manager = match change.manager {
                None => None,
                Some(id) => match seen.get(&id) {
                    Some(p) => Some(p.clone()),
                    None => {
                        let p = self.viewer.org.person(id).await?;
                        seen.insert(id, p.clone());
                        Some(p)
                    }
                },
            };
            out.push((change, manager));
        }
        Ok(out)
    }

    /// The managers above the person, the top first: names only, which anyone who may
    /// see the person may see.
    pub async fn reporting_line(&self) -> Result<Vec<Person>, WebError> {
        if self.person.manager.is_none() {
            return Ok(Vec::new());
        }
        let mut managers = self
            .viewer
            .org
            .managers_above(self.person.id, MAX_CHAIN)
            .await?;
        managers.reverse();
        Ok(managers)
    }

    /// The person's direct reports that the viewer may see: all of them for an admin, and
    /// for a manager looking at their own record or a report's; none otherwise.
    pub async fn direct_reports(&self) -> Result<Vec<Person>, WebError> {
        let sees_them = self.viewer.is_admin()
            || (self.viewer.role() == Role::Manager
                && matches!(self.relation, Relation::Own | Relation::Report));
        if sees_them {
            Ok(self.viewer.org.direct_reports(self.person.id).await?)
        } else {
            Ok(Vec::new())
        }
    }

    /// The manager's capability to propose changes for this person: **403** unless the
    /// viewer manages them (directly or not) and is a manager.
    pub fn proposer(&self) -> Result<Proposer<'_, 'v, S>, WebError> {
        match self.recording() {
            Some(Recording::Propose) => Ok(Proposer::new(self)),
            _ => Err(WebError::Forbidden),
        }
    }

    /// The person's pay history, read on the viewer's behalf (audited): their own through
    /// [`Owner`], anyone else's through [`PayDesk`]; **403** when neither allows it.
    pub async fn pay(&self) -> Result<Vec<pendulum_domain::PayEvent>, WebError> {
        if self.relation == Relation::Own {
            self.viewer.owner()?.pay().await
        } else {
            self.viewer.pay()?.read(self).await
        }
    }
}

/// Everyone below `manager` in the reporting lines of `people`, direct and indirect.
pub fn reports_of(people: &[Person], manager: PersonId) -> Vec<PersonId> {
    let mut children: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    for p in people {
        if let Some(m) = p.manager {
            children.entry(m).or_default().push(p.id);
        }
    }
    let mut found = Vec::new();
    let mut seen = HashSet::from([manager]);
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

/// Any state the organisation's store can be taken from (the application's state).
impl<S: Store, T> FromRequestParts<T> for Viewer<S>
where
    Sealed<S>: FromRef<T>,
    T: Send + Sync,
{
    type Rejection = WebError;

    /// The viewer of a request that passed `require_sign_in`; routes outside it cannot
    /// take a `Viewer`.
    async fn from_request_parts(parts: &mut Parts, state: &T) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts.extensions.get::<Viewer<S>>() {
            return Ok(viewer.clone());
        }
        let signed = parts
            .extensions
            .get::<Signed>()
            .cloned()
            .ok_or(WebError::Unauthenticated)?;
        let mut who = Who::of(signed);
        who.path = parts.uri.path().to_string();
        let org = Sealed::<S>::from_ref(state)
            .handle()
            .acting_as(account_actor(&who.account));
        // The navigation of an admin's pages shows how many proposals wait; the API has
        // no navigation, so its requests do not pay for the count.
        if who.is_admin() && !who.path.starts_with("/api/") {
            who.pending_proposals = Some(org.pending_proposals_count().await?);
        }
        let person = match org.person_by_email(&who.account.email).await {
            Ok(person) => Some(person),
            Err(StoreError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        };
        who.linked = person.is_some();
        let viewer = Viewer {
            who,
            person,
            org,
            visible: Arc::default(),
        };
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}
