//! Accounts: one's own account and API tokens, and the organisation's accounts as admins
//! manage them, as pages ([`pages`]) and over the API ([`api`]).

mod api;
mod pages;

use axum::http::Method;
use pendulum_store::Store;
use pendulum_views::paths;

use crate::routes::Routes;

pub(crate) use pages::{PasswordFields, accounts_view, reset_password};

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::ACCOUNT, pages::account::<S>)
        .signed_in(
            Method::POST,
            paths::ACCOUNT_TOKENS,
            pages::create_token::<S>,
        )
        .signed_in(
            Method::POST,
            paths::ACCOUNT_TOKEN_REVOKE,
            pages::revoke_token::<S>,
        )
        .signed_in(Method::GET, paths::ACCOUNTS, pages::accounts::<S>)
        .signed_in(
            Method::POST,
            paths::ACCOUNT_PASSWORD,
            pages::reset_password_at::<S>,
        )
        .signed_in(
            Method::GET,
            paths::MANAGED_ACCOUNT,
            pages::managed_account::<S>,
        )
        .signed_in(Method::POST, paths::MANAGED_ACCOUNT, pages::submit::<S>)
        .signed_in(
            Method::POST,
            paths::ACCOUNT_DISABLE,
            pages::disable_account::<S>,
        )
        .signed_in(
            Method::POST,
            paths::ACCOUNT_ENABLE,
            pages::enable_account::<S>,
        )
        .signed_in(
            Method::POST,
            paths::ACCOUNT_APPROVE_OWN_PAY,
            pages::approve_own_pay::<S>,
        )
        .signed_in(
            Method::POST,
            paths::ACCOUNT_TOKEN_REVOKE_BY_ADMIN,
            pages::revoke_account_token::<S>,
        )
        .api::<api::__path_list_tokens, _, _>(api::list_tokens::<S>)
        .api::<api::__path_revoke_token, _, _>(api::revoke_token::<S>)
        .api::<api::__path_set_role, _, _>(api::set_role::<S>)
}
