//! One account of the organisation as an admin manages it (`/admin/accounts/{id}`): what
//! it is, its API tokens with a form to revoke each, and the form to disable it or enable
//! it again; for a pay holder, the approval of its own pay when that waits.

use askama::Template;

use super::account::TokenRow;
use super::{feedback, paths};
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
            pay_holder,
            account,
            error: None,
            notice: None,
        }
    }
}
