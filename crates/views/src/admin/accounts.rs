//! The organisation's accounts (`/admin/accounts`, admins): every account with a form to
//! set a new password, the invitations not yet accepted, and the form to invite someone.

use askama::Template;

use super::{ROLES, feedback, paths};
use crate::layout::Chrome;
use crate::links::Links;

/// An account of the organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    /// The account's id, in the password form's address and its field ids.
    pub id: String,
    pub email: String,
    /// `member`, `manager`, `admin` or `analyst`.
    pub role: String,
    /// Whether the account may see and administer pay.
    pub pay: bool,
    /// When it was created, as shown.
    pub created: String,
}

/// An invitation not yet accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationRow {
    pub email: String,
    pub role: String,
    pub pay: bool,
    /// When it expires, as shown.
    pub expires: String,
}

/// What the invitation form holds: empty at first, what was typed after a refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteForm {
    pub email: String,
    /// One of [`ROLES`].
    pub role: String,
    pub pay: bool,
}

impl Default for InviteForm {
    fn default() -> Self {
        Self {
            email: String::new(),
            role: "member".to_string(),
            pay: false,
        }
    }
}

/// An account row with its password form.
pub struct AccountLine {
    pub id: String,
    pub email: String,
    pub role: String,
    pub pay: bool,
    pub created: String,
    pub password: String,
    /// The form is opened (after a refusal about this account).
    pub open: bool,
}

#[derive(Template)]
#[template(path = "admin/accounts.html", blocks = ["content"])]
pub struct AccountsView {
    pub chrome: Chrome,
    pub csrf: String,
    pub accounts: Vec<AccountLine>,
    pub invitations: Vec<InvitationRow>,
    pub invite: InviteForm,
    pub invite_action: &'static str,
    pub roles: [&'static str; 4],
    /// The link of an invitation just created, shown this once.
    pub invitation_link: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

crate::view!(AccountsView);
feedback!(AccountsView);

impl AccountsView {
    /// - `organisation`: the organisation's name.
    /// - `links`: the page's links, with the signed-in header.
    /// - `csrf`: the session's anti-forgery token, sent back by every form.
    /// - `accounts`: every account, in the order to show.
    /// - `invitations`: the invitations not yet accepted nor expired.
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        accounts: &[AccountRow],
        invitations: Vec<InvitationRow>,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Accounts", links),
            csrf: csrf.to_string(),
            accounts: accounts
                .iter()
                .map(|a| AccountLine {
                    id: a.id.clone(),
                    email: a.email.clone(),
                    role: a.role.clone(),
                    pay: a.pay,
                    created: a.created.clone(),
                    password: paths::account_password(&a.id),
                    open: false,
                })
                .collect(),
            invitations,
            invite: InviteForm::default(),
            invite_action: paths::INVITATIONS,
            roles: ROLES,
            invitation_link: None,
            error: None,
            notice: None,
        }
    }

    /// The invitation form's values, kept after a refusal.
    #[must_use]
    pub fn with_invite(mut self, form: InviteForm) -> Self {
        self.invite = form;
        self
    }

    /// Opens the password form of account `id` (after a refusal about it). Passwords are
    /// never sent back.
    #[must_use]
    pub fn with_password_form_open(mut self, id: &str) -> Self {
        for a in &mut self.accounts {
            a.open = a.id == id;
        }
        self
    }

    /// The link of an invitation just created (such as `/invitations/{token}`, or an
    /// absolute URL): shown once, to send to the person.
    #[must_use]
    pub fn with_invitation_link(mut self, link: impl Into<String>) -> Self {
        self.invitation_link = Some(link.into());
        self
    }
}
