//! What every handler shares: the store, the organisation served and the metrics.

use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use pendulum_domain::Organisation;
use pendulum_framework::Framework;
use pendulum_framework::lint::{self, Finding};
use pendulum_store::{FrameworkCache, FrameworkSet, Store};
pub use pendulum_views::login::DemoLogin;

use crate::access::Sealed;
use crate::error::WebError;
use crate::metrics::Metrics;
use crate::throttle::{LoginThrottle, UnlockThrottle};

/// The application's state, generic over the storage backend.
pub struct AppState<S: Store> {
    /// The organisation's store: only [`crate::access`] opens it.
    sealed: Sealed<S>,
    org: Organisation,
    metrics: Arc<Metrics>,
    latest: Arc<Mutex<Option<Arc<Published>>>>,
    throttle: Arc<LoginThrottle>,
    /// Wrong recovery codes per account (`notes_lock`).
    unlock_throttle: Arc<UnlockThrottle>,
    secure_cookies: bool,
    trusted_proxies: Arc<[ipnet::IpNet]>,
    request_timeout: std::time::Duration,
    /// Every framework version read so far: versions are immutable.
    versions: Arc<FrameworkCache>,
    /// The public demo logins the sign-in page lists: set by `pendulum demo` only.
    demo_logins: Arc<[DemoLogin]>,
    /// Where people reach the site (`config::Config::public_url`); `None`: the `Host`.
    public_url: Option<Arc<str>>,
    /// One permit per journal download being prepared ([`crate::Limits::max_downloads`]).
    downloads: Arc<tokio::sync::Semaphore>,
    /// One permit per simulation or projection running (`crate::simulate`).
    simulations: Arc<tokio::sync::Semaphore>,
}

/// Simulations run one at a time: each already spreads its runs over every core
/// (rayon), so a second one at the same moment would only halve the speed of both.
const SIMULATIONS_AT_ONCE: usize = 1;

impl<S: Store> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            sealed: self.sealed.clone(),
            org: self.org.clone(),
            metrics: self.metrics.clone(),
            latest: self.latest.clone(),
            throttle: self.throttle.clone(),
            unlock_throttle: self.unlock_throttle.clone(),
            secure_cookies: self.secure_cookies,
            trusted_proxies: self.trusted_proxies.clone(),
            request_timeout: self.request_timeout,
            versions: self.versions.clone(),
            demo_logins: self.demo_logins.clone(),
            public_url: self.public_url.clone(),
            downloads: self.downloads.clone(),
            simulations: self.simulations.clone(),
        }
    }
}

/// The organisation's store, for the extractors of [`crate::access`].
impl<S: Store> FromRef<AppState<S>> for Sealed<S> {
    fn from_ref(state: &AppState<S>) -> Self {
        state.sealed.clone()
    }
}

/// A published framework version with its lint findings, computed once per version:
/// versions are immutable, so neither can change.
pub struct Published {
    pub version: u32,
    pub framework: Framework,
    pub findings: Vec<Finding>,
}

impl<S: Store> AppState<S> {
    pub fn new(store: S, org: Organisation) -> Self {
        Self {
            sealed: Sealed::new(store, org.id),
            org,
            metrics: Arc::new(Metrics::default()),
            latest: Arc::new(Mutex::new(None)),
            throttle: Arc::new(LoginThrottle::default()),
            unlock_throttle: Arc::new(UnlockThrottle::default()),
            secure_cookies: false,
            trusted_proxies: Arc::new([]),
            request_timeout: crate::server::Limits::default().request_timeout,
            versions: Arc::new(FrameworkCache::default()),
            demo_logins: Arc::new([]),
            public_url: None,
            downloads: Arc::new(tokio::sync::Semaphore::new(
                crate::server::Limits::default().max_downloads,
            )),
            simulations: Arc::new(tokio::sync::Semaphore::new(SIMULATIONS_AT_ONCE)),
        }
    }

    /// The same state, listing `logins` on the sign-in page. For the demo only: those
    /// accounts' passwords are public there anyway.
    pub fn with_demo_logins(mut self, logins: Vec<DemoLogin>) -> Self {
        self.demo_logins = logins.into();
        self
    }

    /// The demo logins to list on the sign-in page; empty outside the demo.
    pub fn demo_logins(&self) -> &[DemoLogin] {
        &self.demo_logins
    }

    /// The same state, marking cookies `Secure` when `secure` (the site is served over TLS).
    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// The same state, making links sent outside the site absolute with `url` (a scheme
    /// and a host, checked by [`crate::config::parse_public_url`]).
    pub fn with_public_url(mut self, url: Option<String>) -> Self {
        self.public_url = url.map(Into::into);
        self
    }

    /// Where people reach the site, as configured.
    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// The same state, believing `X-Forwarded-For` from `proxies` ([`crate::client`]).
    pub fn with_trusted_proxies(mut self, proxies: Vec<ipnet::IpNet>) -> Self {
        self.trusted_proxies = proxies.into();
        self
    }

    /// The same state, ending requests that take longer than `timeout` (408).
    pub fn with_request_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The same state, preparing at most `max` journal downloads at once (at least one).
    pub fn with_max_downloads(mut self, max: usize) -> Self {
        self.downloads = Arc::new(tokio::sync::Semaphore::new(max.max(1)));
        self
    }

    /// The permits of the simulations: one is held while a simulation or a projection
    /// runs on the blocking threads.
    pub(crate) fn simulation_slots(&self) -> &Arc<tokio::sync::Semaphore> {
        &self.simulations
    }

    /// The permits of the journal downloads: one is held while a download is prepared.
    pub(crate) fn download_slots(&self) -> &Arc<tokio::sync::Semaphore> {
        &self.downloads
    }

    pub fn trusted_proxies(&self) -> &[ipnet::IpNet] {
        &self.trusted_proxies
    }

    pub fn request_timeout(&self) -> std::time::Duration {
        self.request_timeout
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    pub fn login_throttle(&self) -> &LoginThrottle {
        &self.throttle
    }

    /// Wrong recovery codes per account, for unlocking private notes.
    pub fn unlock_throttle(&self) -> &UnlockThrottle {
        &self.unlock_throttle
    }

    /// The organisation's store, sealed: handlers reach it only through a
    /// [`crate::access::Viewer`] or [`crate::access::Doors`].
    pub fn sealed(&self) -> &Sealed<S> {
        &self.sealed
    }

    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The organisation's latest published framework version. Asks the store which
    /// version is the latest on every call, so a version published by another process
    /// shows on the next request.
    pub async fn latest_framework(&self) -> Result<Arc<Published>, WebError> {
        let version = self
            .sealed
            .framework_versions()
            .await?
            .last()
            .map(|v| v.version)
            .ok_or(WebError::NotFound)?;
        if let Some(cached) = self.cached(version) {
            return Ok(cached);
        }
        let framework = self.sealed.framework(version).await?;
        let findings = lint::lint(&framework, &lint::Options::default());
        let published = Arc::new(Published {
            version,
            framework,
            findings,
        });
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some(published.clone());
        Ok(published)
    }

    /// One published version, parsed once and kept.
    pub async fn framework(&self, version: u32) -> Result<Arc<Framework>, WebError> {
        if let Some(framework) = self.versions.get(self.org.id, version) {
            return Ok(framework);
        }
        let framework = Arc::new(self.sealed.framework(version).await?);
        self.versions.keep(self.org.id, version, framework.clone());
        Ok(framework)
    }

    /// The versions `events` were recorded under, parsed, for resolving their levels.
    pub async fn frameworks_of(
        &self,
        events: &[pendulum_domain::RoleEvent],
    ) -> Result<FrameworkSet, WebError> {
        let mut set = FrameworkSet::default();
        for event in events {
            if !set.contains(event.framework_version) {
                let framework = self.framework(event.framework_version).await?;
                set.insert(event.framework_version, framework);
            }
        }
        Ok(set)
    }

    /// Every published version of the organisation's framework, for following a level
    /// through the versions a history was recorded under (each read once, then cached).
    pub async fn all_frameworks(&self) -> Result<FrameworkSet, WebError> {
        let mut set = FrameworkSet::default();
        for version in self.sealed.framework_versions().await? {
            set.insert(version.version, self.framework(version.version).await?);
        }
        Ok(set)
    }

    fn cached(&self, version: u32) -> Option<Arc<Published>> {
        self.latest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|p| p.version == version)
            .cloned()
    }
}
