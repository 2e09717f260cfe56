//! The signed-in account (`/account`): who it is, what it may do, and its API tokens.

use askama::Template;

use super::{feedback, paths};
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// What the account is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSummary {
    pub email: String,
    /// `member`, `manager`, `admin` or `analyst`.
    pub role: String,
    /// Whether the account may see and administer pay.
    pub pay: bool,
    /// Whether the account's own pay waits for a pay holder's approval.
    pub own_pay_held: bool,
}

/// An API token of the account. Its secret is never kept, so never shown here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRow {
    /// The token's id, in the revoke form's address.
    pub id: String,
    pub name: String,
    /// When it was created, as shown.
    pub created: String,
}

/// A token row with the address its revoke form posts to.
pub struct TokenLine {
    pub name: String,
    pub created: String,
    pub revoke: String,
}

#[derive(Template)]
#[template(path = "admin/account.html", blocks = ["content"])]
pub struct AccountView {
    pub chrome: Chrome,
    pub csrf: String,
    pub account: AccountSummary,
    pub tokens: Vec<TokenLine>,
    pub create: &'static str,
    /// The name typed in the create form, kept after a refusal.
    pub name: String,
    /// A token just created, shown this once.
    pub new_token: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

crate::view!(AccountView);
feedback!(AccountView);

impl AccountView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back by every form.
    /// - `account`: the signed-in account.
    /// - `tokens`: its API tokens, in the order to show.
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        account: AccountSummary,
        tokens: &[TokenRow],
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Your account", links),
            csrf: csrf.to_string(),
            account,
            tokens: tokens
                .iter()
                .map(|t| TokenLine {
                    name: t.name.clone(),
                    created: t.created.clone(),
                    revoke: paths::revoke_token(&t.id),
                })
                .collect(),
            create: paths::ACCOUNT_TOKENS,
            name: String::new(),
            new_token: None,
            error: None,
            notice: None,
        }
    }

    /// The secret of a token just created: shown once, on this response only.
    #[must_use]
    pub fn with_new_token(mut self, token: impl Into<String>) -> Self {
        self.new_token = Some(token.into());
        self
    }

    /// The token name typed in the create form, kept after a refusal.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
}
