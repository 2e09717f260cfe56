//! The web application's pages outside the framework: the audit log, the signed-in
//! account and its API tokens, the accounts and invitations an admin manages, accepting an
//! invitation, and proposals to change a role history.
//!
//! Like every view, these are told everything they show as plain data (strings the web
//! application has already formatted, names it has already resolved) and escape all of
//! it. Every form posts a hidden `csrf` field with the value the caller gives. A view with
//! a form shows a refusal as an alert (`role="alert"`) and keeps what was typed, and a
//! success as a status notice (`role="status"`): see each view's `with_error` and
//! `with_notice`.
//!
//! The routes the pages link and post to are the web application's, listed in [`paths`].

pub mod account;
pub mod accounts;
pub mod audit;
pub mod invitation;
pub mod managed;
pub mod proposals;

pub use account::{AccountSummary, AccountView, TokenRow};
pub use accounts::{AccountRow, AccountsView, InvitationRow, InviteForm};
pub use audit::{AuditFilter, AuditRow, AuditSuggestions, AuditView, Suggestion};
pub use invitation::InvitationView;
pub use managed::{ManagedAccount, ManagedAccountView};
pub use proposals::{ProposalContext, ProposalRow, ProposalsView, email_parts};

/// The web application's routes these pages link and post to.
pub use crate::shell::paths;
pub(crate) use crate::shell::paths::with_query;

/// The roles an account can have, as the invitation form offers them.
pub const ROLES: [&str; 4] = ["member", "manager", "admin", "analyst"];

/// Adds `with_error` and `with_notice` to a view with `error` and `notice` fields.
macro_rules! feedback {
    ($ty:ty) => {
        impl $ty {
            /// Why the last submission was refused, shown as an alert above the forms.
            #[must_use]
            pub fn with_error(mut self, message: impl Into<String>) -> Self {
                self.error = Some(message.into());
                self
            }

            /// What the last submission did, shown as a status notice.
            #[must_use]
            pub fn with_notice(mut self, message: impl Into<String>) -> Self {
                self.notice = Some(message.into());
                self
            }
        }
    };
}
pub(crate) use feedback;
