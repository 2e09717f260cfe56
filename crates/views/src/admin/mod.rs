//! The web application's pages outside the framework: the audit log, the signed-in
//! account and its API tokens, the accounts and invitations an admin manages, accepting an
//! invitation, proposals to change a role history, and the page shown when a role may not
//! open a page.
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
pub mod forbidden;
pub mod invitation;
pub mod managed;
pub mod proposals;

pub use account::{AccountSummary, AccountView, TokenRow};
pub use accounts::{AccountRow, AccountsView, InvitationRow, InviteForm};
pub use audit::{AuditFilter, AuditRow, AuditView};
pub use forbidden::ForbiddenView;
pub use invitation::InvitationView;
pub use managed::{ManagedAccount, ManagedAccountView};
pub use proposals::{ProposalRow, ProposalsView};

/// The web application's routes these pages link and post to.
pub mod paths {
    /// The application's front page.
    pub const HOME: &str = "/";
    pub const AUDIT: &str = "/audit";
    pub const ACCOUNT: &str = "/account";
    /// Creating an API token (POST); `/account/tokens/{id}/revoke` revokes one.
    pub const ACCOUNT_TOKENS: &str = "/account/tokens";
    pub const ACCOUNTS: &str = "/admin/accounts";
    /// Creating an invitation (POST).
    pub const INVITATIONS: &str = "/admin/invitations";
    pub const PROPOSALS: &str = "/proposals";
    pub const VERSIONS: &str = "/framework/versions";
    pub const PUBLISH: &str = "/framework/publish";
    pub const DIFF: &str = "/framework/diff";

    /// Where the form revoking API token `id` posts.
    pub fn revoke_token(id: &str) -> String {
        format!("{ACCOUNT_TOKENS}/{}/revoke", super::segment(id))
    }

    /// Where the form setting a new password of account `id` posts.
    pub fn account_password(id: &str) -> String {
        format!("{ACCOUNTS}/{}/password", super::segment(id))
    }

    /// The page of account `id` for admins: its tokens, disabling and enabling it.
    pub fn managed_account(id: &str) -> String {
        format!("{ACCOUNTS}/{}", super::segment(id))
    }

    /// Where the forms disabling and enabling account `id` post (`what` is `disable` or
    /// `enable`).
    pub fn account_switch(id: &str, what: &str) -> String {
        format!("{ACCOUNTS}/{}/{what}", super::segment(id))
    }

    /// Where a pay holder's approval of account `id`'s own pay posts.
    pub fn approve_own_pay(id: &str) -> String {
        format!("{ACCOUNTS}/{}/own-pay/approve", super::segment(id))
    }

    /// Where an admin's revocation of API token `token` of account `id` posts.
    pub fn revoke_account_token(id: &str, token: &str) -> String {
        format!(
            "{ACCOUNTS}/{}/tokens/{}/revoke",
            super::segment(id),
            super::segment(token)
        )
    }

    /// Where the forms confirming and declining proposal `id` post (`what` is `confirm`
    /// or `decline`).
    pub fn proposal(id: &str, what: &str) -> String {
        format!("{PROPOSALS}/{}/{what}", super::segment(id))
    }

    /// The YAML text of a published version, as published.
    pub fn version_yaml(version: u32) -> String {
        format!("{VERSIONS}/{version}/framework.yaml")
    }

    /// The diff between two published versions.
    pub fn diff(from: u32, to: u32) -> String {
        format!("{DIFF}?from={from}&to={to}")
    }
}

/// The roles an account can have, as the invitation form offers them.
pub const ROLES: [&str; 4] = ["member", "manager", "admin", "analyst"];

/// Percent-encodes everything but unreserved characters, for a path segment or a query
/// value.
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path?name=value&…`, values percent-encoded, empty values left out.
pub(crate) fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", segment(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded_and_empty_ones_left_out() {
        assert_eq!(
            with_query(
                "/audit",
                &[("before", "42"), ("action", "a b&c=<>"), ("person", "")]
            ),
            "/audit?before=42&action=a%20b%26c%3D%3C%3E"
        );
        assert_eq!(with_query("/audit", &[("person", "")]), "/audit");
        assert_eq!(paths::revoke_token("a/b"), "/account/tokens/a%2Fb/revoke");
        assert_eq!(paths::diff(1, 2), "/framework/diff?from=1&to=2");
    }
}
