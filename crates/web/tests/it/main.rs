//! The web application over real HTTP: each test starts its own server on `127.0.0.1:0`
//! with its own SQLite database and talks to it over loopback.

mod config;
mod pages;
mod probes;

use std::net::SocketAddr;

use pendulum_domain::{OrgSlug, Organisation};
use pendulum_framework::{Framework, builtin, check_str};
use pendulum_store::Store;
use pendulum_store_sqlite::SqliteStore;
use pendulum_web::{AppState, router};
use tempfile::TempDir;

/// A running server and what it serves.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub store: SqliteStore,
    _dir: TempDir,
}

impl TestApp {
    /// A server over a new database holding one organisation with the built-in
    /// framework as version 1.
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("pendulum.db").display());
        let store = SqliteStore::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let org = store
            .create_org(&OrgSlug::new("acme").unwrap(), "Acme")
            .await
            .unwrap();
        Self::serve(store, org, dir).await
    }

    async fn serve(store: SqliteStore, org: Organisation, dir: TempDir) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(AppState::new(store.clone(), org));
        tokio::spawn(async move { axum_serve(listener, app).await });
        TestApp {
            addr,
            client: reqwest::Client::builder()
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

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    axum::serve(listener, app).await.unwrap();
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
