//! The web application over real HTTP: each test starts its own server on `127.0.0.1:0`
//! with its own SQLite database and talks to it over loopback.

mod accounts;
mod administration;
mod api;
mod backdated;
mod config;
mod deadends;
mod hardening;
mod home;
mod journal;
mod journal_pages;
mod matrix;
mod notes_lock;
mod openapi;
mod pages;
mod pay_protection;
mod people;
mod plan;
mod plan_pages;
mod probes;
mod reflection;
mod reporting;
mod sessions;
mod simulate;
mod versions;

use std::net::SocketAddr;

use pendulum_domain::{Email, OrgSlug, Organisation};
use pendulum_framework::{Framework, builtin, check_str};
use pendulum_store::prelude::*;
use pendulum_store::{Role, Store, TokenHash};
use pendulum_store_sqlite::SqliteStore;
use pendulum_web::{AppState, DemoLogin, Limits};
use tempfile::TempDir;

/// The account every test server has, and its password.
pub const EMAIL: &str = "ada@acme.test";
pub const PASSWORD: &str = "correct horse battery staple";
/// The CSRF token of [`TestApp::client`]'s session.
pub const CSRF: &str = "test-csrf-token";
const SESSION_TOKEN: &str = "test-session-token";

/// A running server and what it serves.
pub struct TestApp {
    pub addr: SocketAddr,
    /// Signed in as [`EMAIL`] (its session cookie is sent with every request).
    pub client: reqwest::Client,
    /// Signed out, with no cookies.
    pub anonymous: reqwest::Client,
    pub store: SqliteStore,
    _dir: TempDir,
}

impl TestApp {
    /// A server over a new database holding one organisation with the built-in
    /// framework as version 1.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(false).await
    }

    /// [`TestApp::spawn`], configured as served over TLS (cookies are `Secure`).
    pub async fn spawn_secure() -> TestApp {
        Self::spawn_with(true).await
    }

    async fn spawn_with(secure: bool) -> TestApp {
        Self::spawn_configured(secure, Limits::default(), Vec::new()).await
    }

    /// A server within `limits`, believing `X-Forwarded-For` from `proxies`.
    pub async fn spawn_configured(
        secure: bool,
        limits: Limits,
        proxies: Vec<ipnet::IpNet>,
    ) -> TestApp {
        Self::spawn_listing(secure, limits, proxies, Vec::new()).await
    }

    /// [`TestApp::spawn`] as `pendulum demo` serves: listing `logins` on the sign-in page.
    pub async fn spawn_demo(logins: Vec<DemoLogin>) -> TestApp {
        Self::spawn_listing(false, Limits::default(), Vec::new(), logins).await
    }

    async fn spawn_listing(
        secure: bool,
        limits: Limits,
        proxies: Vec<ipnet::IpNet>,
        demo_logins: Vec<DemoLogin>,
    ) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("pendulum.db").display());
        let store = SqliteStore::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let org = store
            .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
            .await
            .unwrap();
        Self::serve(store, org, dir, secure, limits, proxies, demo_logins).await
    }

    async fn serve(
        store: SqliteStore,
        org: Organisation,
        dir: TempDir,
        secure: bool,
        limits: Limits,
        proxies: Vec<ipnet::IpNet>,
        demo_logins: Vec<DemoLogin>,
    ) -> TestApp {
        let handle = store.org(org.id);
        let hash = pendulum_web::auth::hash_password(PASSWORD).unwrap();
        let account = handle
            .create_account(&Email::new(EMAIL).unwrap(), &hash, Role::Manager, false)
            .await
            .unwrap();
        let later = pendulum_store::now() + time::Duration::hours(1);
        handle
            .create_session(account.id, &TokenHash::of(SESSION_TOKEN), CSRF, later)
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(store.clone(), org)
            .with_secure_cookies(secure)
            .with_trusted_proxies(proxies)
            .with_request_timeout(limits.request_timeout)
            .with_max_downloads(limits.max_downloads)
            .with_demo_logins(demo_logins);
        tokio::spawn(async move {
            pendulum_web::serve_until(listener, state, limits, std::future::pending())
                .await
                .unwrap()
        });
        let mut cookie = reqwest::header::HeaderMap::new();
        cookie.insert(
            reqwest::header::COOKIE,
            format!("pendulum_session={SESSION_TOKEN}").parse().unwrap(),
        );
        TestApp {
            addr,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(cookie)
                .build()
                .unwrap(),
            anonymous: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            store,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A request as htmx sends it when it swaps content in.
    pub async fn get_htmx(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap()
    }
}

pub fn builtin_fw() -> Framework {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .unwrap()
        .framework
}

pub fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Another account of a test server, signed in: a session and an API token.
pub struct Account {
    /// Sends the account's session cookie with every request.
    pub client: reqwest::Client,
    /// The session's CSRF token.
    pub csrf: String,
    /// An API token of the account, for `Authorization: Bearer`.
    pub token: String,
    /// The session token, for requests made without [`Account::client`].
    pub session: String,
}

impl TestApp {
    /// Creates an account with `email` and `role`, a session and an API token (derived
    /// from the email, so each account has its own).
    pub async fn account(&self, email: &str, role: Role) -> Account {
        let org = self.store.list_orgs().await.unwrap().remove(0);
        let handle = self.store.org(org.id);
        let hash = pendulum_web::auth::hash_password(PASSWORD).unwrap();
        let account = handle
            .create_account(&Email::new(email).unwrap(), &hash, role, false)
            .await
            .unwrap();
        let session = format!("session-of-{email}");
        let csrf = format!("csrf-of-{email}");
        let token = format!("token of {email}");
        let later = pendulum_store::now() + time::Duration::hours(1);
        handle
            .create_session(account.id, &TokenHash::of(&session), &csrf, later)
            .await
            .unwrap();
        handle
            .create_api_token(account.id, &TokenHash::of(&token), "tests")
            .await
            .unwrap();
        let mut cookie = reqwest::header::HeaderMap::new();
        cookie.insert(
            reqwest::header::COOKIE,
            format!("pendulum_session={session}").parse().unwrap(),
        );
        Account {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(cookie)
                .build()
                .unwrap(),
            csrf,
            token,
            session,
        }
    }

    /// An admin account ([`TestApp::account`]).
    pub async fn admin(&self) -> Account {
        self.account("grace@acme.test", Role::Admin).await
    }

    /// A member account ([`TestApp::account`]).
    pub async fn member(&self) -> Account {
        self.account("linus@acme.test", Role::Member).await
    }
}

/// A response's body as JSON.
pub async fn json(res: reqwest::Response) -> serde_json::Value {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
