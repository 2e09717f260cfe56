//! One account of the organisation as an admin manages it (`/admin/accounts/{id}`): what
//! it is, the form to change its role, its API tokens with a form to revoke each, and the
//! form to disable it or enable it again; for a pay holder, the approval of its own pay
//! when that waits.
//!
//! The role form and the access form post to the page's own address, told apart by a
//! hidden `form` field (`role`, `access`), and a refusal comes back as a
//! [`FormErrors`] of the form it concerns (docs/architecture.md, "Forms").

use askama::Template;

use super::account::TokenRow;
use super::{ROLES, feedback, paths};
use crate::forms::FormErrors;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// The account shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedAccount {
    pub id: String,
    pub email: String,
    /// `member`, `manager`, `admin` or `analyst`.
    pub role: String,
    /// Whether the account may see and administer pay.
    pub pay: bool,
    /// When it was disabled, as shown; `None` for an account in use.
    pub disabled: Option<String>,
    /// Whether its view of its own pay waits for a pay holder's approval.
    pub own_pay_held: bool,
    /// When it was created, as shown.
    pub created: String,
    /// Whether it is the viewer's own account (which the page does not offer to disable).
    pub own: bool,
}

/// A token row with the address its revoke form posts to.
pub struct ManagedToken {
    pub name: String,
    pub created: String,
    pub revoke: String,
}

#[derive(Template)]
#[template(path = "admin/managed.html", blocks = ["content"])]
pub struct ManagedAccountView {
    pub chrome: Chrome,
    pub csrf: String,
    pub account: ManagedAccount,
    pub tokens: Vec<ManagedToken>,
    pub accounts: &'static str,
    pub disable: String,
    pub enable: String,
    pub approve: String,
    /// The page's own address, where the role and access forms post.
    pub action: String,
    pub roles: &'static [&'static str],
    /// The role the role form shows chosen: the account's, or what was submitted.
    pub role_choice: String,
    /// The refusal of the role form (`role`) or the access form (`access`).
    pub errors: Option<FormErrors>,
    /// Whether the viewer holds the pay capability (and so may approve).
    pub pay_holder: bool,
    pub error: Option<String>,
    pub notice: Option<String>,
}

crate::view!(ManagedAccountView);
feedback!(ManagedAccountView);

impl ManagedAccountView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back by every form.
    /// - `account`: the account shown.
    /// - `tokens`: its API tokens that are not revoked, in the order to show.
    /// - `pay_holder`: whether the viewer holds the pay capability.
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        account: ManagedAccount,
        tokens: &[TokenRow],
        pay_holder: bool,
    ) -> Self {
        let id = account.id.clone();
        Self {
            chrome: Chrome::app(organisation, &account.email, links),
            csrf: csrf.to_string(),
            tokens: tokens
                .iter()
                .map(|t| ManagedToken {
                    name: t.name.clone(),
                    created: t.created.clone(),
                    revoke: paths::revoke_account_token(&id, &t.id),
                })
                .collect(),
            accounts: paths::ACCOUNTS,
            disable: paths::account_switch(&id, "disable"),
            enable: paths::account_switch(&id, "enable"),
            approve: paths::approve_own_pay(&id),
            action: paths::managed_account(&id),
            roles: &ROLES,
            role_choice: account.role.clone(),
            errors: None,
            pay_holder,
            account,
            error: None,
            notice: None,
        }
    }
}

impl ManagedAccountView {
    /// The page after a refused submission of one of its forms, keeping the role chosen.
    #[must_use]
    pub fn with_refusal(mut self, errors: FormErrors, role_choice: Option<String>) -> Self {
        if let Some(role) = role_choice {
            self.role_choice = role;
        }
        self.errors = Some(errors);
        self
    }

    /// The refusal of `form`, if that form was refused.
    pub fn errors_of(&self, form: &str) -> Option<FormErrors> {
        self.errors.clone().filter(|e| e.form == form)
    }
}
