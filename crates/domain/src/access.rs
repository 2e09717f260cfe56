//! Who may see and do what: the rules that turn an account's role and capabilities into
//! permissions, as pure functions over values, with no I/O.
//!
//! The web application asks these rules once, when it hands out a capability (see
//! `pendulum_web::access`); handlers then hold the capability rather than check a rule.
//!
//! | | own record | a report (direct or indirect) | anyone else |
//! |---|---|---|---|
//! | member | see | – | – |
//! | manager | see | see, propose changes | – |
//! | admin | see, record | see, record | see, record |
//! | analyst | see | – | – (aggregates only) |
//!
//! Pay is a capability apart from the role. A person sees their own pay, unless their
//! account's own-pay view is held for a pay holder's approval (an account created by
//! someone without pay); an account with **pay** reads and records the pay of everyone it
//! may see, except that nobody records their own. Only an admin who holds pay grants pay
//! (invites with it, approves a held own-pay view) or resets the password of an account
//! that holds pay, since that would let them sign in as it.
//!
//! A person's **private data** (journal, reflections) is theirs alone: no role, admin
//! included, and no capability reaches another person's.

use std::fmt;

use crate::person::InvalidValue;

/// What an account may do in its organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Sees their own record and the framework.
    Member,
    /// Sees their reports' records too.
    Manager,
    /// Administers the organisation: people, histories, framework versions.
    Admin,
    /// Reads aggregate reports across the organisation.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::Member, Self::Manager, Self::Admin, Self::Analyst];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Manager => "manager",
            Self::Admin => "admin",
            Self::Analyst => "analyst",
        }
    }

    /// One of `member`, `manager`, `admin`, `analyst`.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                // Quoted in part: the refusal must not echo a large input back.
                let shown: String = s.chars().take(40).collect();
                let more = if shown.len() < s.len() { "…" } else { "" };
                InvalidValue(format!(
                    "{shown:?}{more} is not a role: use member, manager, admin or analyst"
                ))
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the asking account stands to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The account's own record.
    Own,
    /// Someone who reports to the account's person, directly or through others.
    Report,
    /// Anyone else in the organisation.
    Other,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Self::Own, Self::Report, Self::Other];
}

/// How an account may change a person's role history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recording {
    /// Append events directly (admins).
    Record,
    /// Propose events that an admin confirms (managers, for their reports).
    Propose,
}

/// What an account holds: its role and its capabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grants {
    pub role: Role,
    /// The pay capability.
    pub pay: bool,
    /// The account's view of its own pay waits for a pay holder's approval.
    pub own_pay_held: bool,
}

impl Grants {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the account sees the record (profile, role history, timeline) of a person
    /// it stands to in `relation`.
    pub fn may_view_person(&self, relation: Relation) -> bool {
        matches!(
            (self.role, relation),
            (_, Relation::Own) | (Role::Admin, _) | (Role::Manager, Relation::Report)
        )
    }

    /// Whether the account reads the individual pay of a person in `relation`.
    pub fn may_view_pay(&self, relation: Relation) -> bool {
        match relation {
            Relation::Own => !self.own_pay_held || self.pay,
            _ => self.pay && self.may_view_person(relation),
        }
    }

    /// Whether the account records a pay change for a person in `relation`.
    pub fn may_record_pay(&self, relation: Relation) -> bool {
        self.pay && relation != Relation::Own && self.may_view_person(relation)
    }

    /// How the account may change the role history of a person in `relation`, if at all.
    pub fn recording(&self, relation: Relation) -> Option<Recording> {
        match (self.role, relation) {
            (Role::Admin, _) => Some(Recording::Record),
            (Role::Manager, Relation::Report) => Some(Recording::Propose),
            _ => None,
        }
    }

    /// Whether the account browses the people directory (admins: everyone; managers:
    /// their reports).
    pub fn may_browse_people(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Manager)
    }

    /// Publishing framework versions, the audit log, accounts and invitations, deciding
    /// proposals.
    pub fn may_administer(&self) -> bool {
        self.is_admin()
    }

    /// The simulator and the workforce projection: organisation-wide figures, never a
    /// person's record (admins and analysts).
    pub fn may_analyse(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Analyst)
    }

    /// Proposals: managers see their own, admins decide.
    pub fn may_see_proposals(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Manager)
    }

    /// Granting access to pay: inviting with pay, approving a held own-pay view, resetting
    /// the password of an account that holds pay. Admins with pay only.
    pub fn may_grant_pay(&self) -> bool {
        self.is_admin() && self.pay
    }

    /// Whether the account may take actions that would let it act as `target` (set its
    /// password): admins, and only pay holders for an account with pay.
    pub fn may_reset_password_of(&self, target: &Grants) -> bool {
        self.is_admin() && (!target.pay || self.pay)
    }

    /// Whether the account reads or writes the private data (journal, reflections) of a
    /// person in `relation`: its own, never anyone else's.
    pub fn may_touch_private(&self, relation: Relation) -> bool {
        relation == Relation::Own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_role_is_named_in_part() {
        assert_eq!(
            Role::parse("boss").unwrap_err().0,
            "\"boss\" is not a role: use member, manager, admin or analyst"
        );
        let long = "a".repeat(100_000);
        let message = Role::parse(&long).unwrap_err().0;
        assert!(message.len() < 120, "{message}");
        assert!(message.starts_with(&format!("{:?}…", "a".repeat(40))));
    }

    fn every_grant() -> Vec<Grants> {
        let mut all = Vec::new();
        for role in Role::ALL {
            for pay in [false, true] {
                for own_pay_held in [false, true] {
                    all.push(Grants {
                        role,
                        pay,
                        own_pay_held,
                    });
                }
            }
        }
        all
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        assert!(Role::parse("Admin").is_err());
        assert!(Role::parse("superuser").is_err());
    }

    #[test]
    fn who_sees_whose_record() {
        let expected = |role: Role, relation: Relation| match role {
            Role::Admin => true,
            Role::Manager => relation != Relation::Other,
            Role::Member | Role::Analyst => relation == Relation::Own,
        };
        for g in every_grant() {
            for relation in Relation::ALL {
                assert_eq!(
                    g.may_view_person(relation),
                    expected(g.role, relation),
                    "{g:?} {relation:?}"
                );
            }
        }
    }

    #[test]
    fn nobody_without_pay_reads_anyone_elses_pay() {
        for g in every_grant() {
            for relation in [Relation::Report, Relation::Other] {
                if !g.pay {
                    assert!(!g.may_view_pay(relation), "{g:?} {relation:?}");
                    assert!(!g.may_record_pay(relation), "{g:?} {relation:?}");
                } else {
                    assert_eq!(g.may_view_pay(relation), g.may_view_person(relation));
                    assert_eq!(g.may_record_pay(relation), g.may_view_person(relation));
                }
            }
        }
    }

    #[test]
    fn own_pay_is_seen_unless_held_and_never_recorded() {
        for g in every_grant() {
            assert_eq!(
                g.may_view_pay(Relation::Own),
                !g.own_pay_held || g.pay,
                "{g:?}"
            );
            assert!(!g.may_record_pay(Relation::Own), "{g:?}");
        }
    }

    #[test]
    fn only_admins_with_pay_grant_pay_or_take_over_pay_accounts() {
        for g in every_grant() {
            assert_eq!(g.may_grant_pay(), g.role == Role::Admin && g.pay, "{g:?}");
            for target in every_grant() {
                let allowed = g.may_reset_password_of(&target);
                if target.pay {
                    assert_eq!(allowed, g.may_grant_pay(), "{g:?} resets {target:?}");
                } else {
                    assert_eq!(allowed, g.is_admin(), "{g:?} resets {target:?}");
                }
            }
        }
    }

    #[test]
    fn private_data_is_its_owners_alone() {
        for g in every_grant() {
            assert!(g.may_touch_private(Relation::Own));
            assert!(!g.may_touch_private(Relation::Report), "{g:?}");
            assert!(!g.may_touch_private(Relation::Other), "{g:?}");
        }
    }

    #[test]
    fn recording_and_proposing() {
        for g in every_grant() {
            for relation in Relation::ALL {
                let expected = match (g.role, relation) {
                    (Role::Admin, _) => Some(Recording::Record),
                    (Role::Manager, Relation::Report) => Some(Recording::Propose),
                    _ => None,
                };
                assert_eq!(g.recording(relation), expected, "{g:?} {relation:?}");
            }
        }
    }
}
