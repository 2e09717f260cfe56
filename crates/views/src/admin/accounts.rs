//! The organisation's accounts (`/admin/accounts`, admins): every account with a link to
//! its own page (tokens, disabling) and a form to set a new password, the accounts whose
//! own pay waits for a pay holder's approval, the invitations not yet accepted, and the
//! form to invite someone.
//!
//! What a viewer without the pay capability may not do is left out rather than refused
//! after the fact: the pay checkbox of the invitation form, the password form of an
//! account that sees pay, and the approval buttons (see [`AccountsView::granting_pay`]).

use askama::Template;

use super::{ROLES, feedback, paths};
use crate::forms::FormErrors;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

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
    /// Whether the account is disabled (cannot sign in).
    pub disabled: bool,
    /// Whether the account's view of its own pay waits for a pay holder's approval.
    pub own_pay_held: bool,
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
    pub disabled: bool,
    pub own_pay_held: bool,
    pub created: String,
    /// The account's own page: its tokens, disabling and enabling.
    pub page: String,
    /// Where approving its own pay posts.
    pub approve: String,
    /// Whether the viewer may set its password (only a pay holder resets an account that
    /// sees pay).
    pub resettable: bool,
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
    /// Where the page's forms post: the page's own address, the hidden `form` field
    /// saying which (`invite`, or `reset` with the hidden `account` id).
    pub action: &'static str,
    pub roles: [&'static str; 4],
    /// Whether the viewer holds the pay capability: may invite with pay, reset an account
    /// that sees pay, and approve an account's own pay.
    pub pay_holder: bool,
    /// Whether some account's own pay waits for approval.
    pub waiting: bool,
    /// The link of an invitation just created, shown this once.
    pub invitation_link: Option<String>,
    /// A refusal of the invitation form (`invite`) or of an account's password form
    /// (`reset-{id}`), drawn at the top of that form (docs/architecture.md, "Forms").
    pub errors: Option<FormErrors>,
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
                    disabled: a.disabled,
                    own_pay_held: a.own_pay_held,
                    created: a.created.clone(),
                    page: paths::managed_account(&a.id),
                    approve: paths::approve_own_pay(&a.id),
                    resettable: !a.pay,
                    open: false,
                })
                .collect(),
            invitations,
            invite: InviteForm::default(),
            action: paths::ACCOUNTS,
            roles: ROLES,
            pay_holder: false,
            waiting: accounts.iter().any(|a| a.own_pay_held),
            invitation_link: None,
            errors: None,
            error: None,
            notice: None,
        }
    }

    /// The viewer holds the pay capability: the page offers inviting with pay, resetting
    /// the password of accounts that see pay, and approving an account's own pay. Without
    /// it (the default) these are left out.
    #[must_use]
    pub fn granting_pay(mut self, pay_holder: bool) -> Self {
        self.pay_holder = pay_holder;
        for a in &mut self.accounts {
            a.resettable = pay_holder || !a.pay;
        }
        self
    }

    /// The invitation form's values, kept after a refusal.
    #[must_use]
    pub fn with_invite(mut self, form: InviteForm) -> Self {
        self.invite = form;
        self
    }

    /// A refused submission of one of the page's forms: its summary and marked fields.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }

    /// The refusal of `form`, if that form was refused.
    pub fn errors_of(&self, form: &str) -> Option<FormErrors> {
        self.errors.clone().filter(|e| e.form == form)
    }

    /// The name of account `id`'s password form, the prefix of its inputs' ids.
    pub fn reset_form(id: &str) -> String {
        format!("reset-{id}")
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
