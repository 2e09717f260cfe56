//! `pendulum serve`'s configuration. Each setting comes from the first of: a command-line
//! flag, an environment variable (`PENDULUM_LISTEN`, `PENDULUM_DATABASE_URL`,
//! `PENDULUM_ORG`, `PENDULUM_PUBLIC_URL`…), the TOML file named by `--config` (or `PENDULUM_CONFIG`), and the
//! default. A key the file does not know is an error naming the key: a misspelt
//! `databse_url` must not silently fall back to the default database.
//!
//! The database URL may hold a password, so [`Config`]'s `Debug` redacts it.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;

use crate::server::Limits;

/// The address served when nothing says otherwise: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The database used when nothing says otherwise, as for every other command.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://pendulum.db";

/// The environment variable naming the configuration file.
pub const CONFIG_ENV: &str = "PENDULUM_CONFIG";

/// The resolved configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    /// The organisation served (its slug); `None` serves the only one.
    pub org: Option<String>,
    /// Whether cookies are marked `Secure` (sent over HTTPS only): set it when the site is
    /// served over TLS, as it should be anywhere but on one's own machine.
    pub secure_cookies: bool,
    /// Connection and request bounds.
    pub limits: Limits,
    /// Reverse proxies whose `X-Forwarded-For` header is believed (see
    /// [`crate::client`]); empty: the socket's peer is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// The address people reach the site at (`https://pendulum.example.org`, no path), from
    /// which links sent outside the site are made absolute (invitation links). `None`: the
    /// request's `Host` header, over HTTPS when `secure_cookies` is set.
    pub public_url: Option<String>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact(&self.database_url))
            .field("org", &self.org)
            .field("secure_cookies", &self.secure_cookies)
            .field("limits", &self.limits)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// One layer of settings, each optional: the flags, the environment or the file.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub listen: Option<SocketAddr>,
    pub database_url: Option<String>,
    pub org: Option<String>,
    pub secure_cookies: Option<bool>,
    pub max_connections: Option<usize>,
    pub header_read_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    pub max_downloads: Option<usize>,
    #[serde(default, deserialize_with = "proxies")]
    pub trusted_proxies: Option<Vec<IpNet>>,
    #[serde(default, deserialize_with = "public_url_setting")]
    pub public_url: Option<String>,
}

/// The longest public URL accepted.
const MAX_PUBLIC_URL: usize = 200;

/// Checks a public URL: `http://` or `https://`, a host, at most a path of `/`; returned
/// without its final `/`, so that a path can follow it.
pub fn parse_public_url(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let valid = !rest.is_empty()
        && s.len() <= MAX_PUBLIC_URL
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b));
    valid.then(|| s.to_string())
}

/// `public_url` in the file.
fn public_url_setting<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    parse_public_url(&s).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "{s:?} is not an address such as https://pendulum.example.org (a scheme and a host, no path)"
        ))
    })
}

/// `trusted_proxies` in the file: addresses or networks, as strings.
fn proxies<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<IpNet>>, D::Error> {
    let items = Vec::<String>::deserialize(d)?;
    items
        .iter()
        .map(|s| {
            parse_proxy(s).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "{s:?} is not an address or a network such as 10.0.0.0/8"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("org", &self.org)
            .field("secure_cookies", &self.secure_cookies)
            .field("max_connections", &self.max_connections)
            .field("header_read_timeout_secs", &self.header_read_timeout_secs)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("idle_timeout_secs", &self.idle_timeout_secs)
            .field("max_downloads", &self.max_downloads)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// The accepted range of `max_connections`.
pub const CONNECTIONS_RANGE: std::ops::RangeInclusive<usize> = 1..=100_000;
/// The accepted range of `max_downloads`.
pub const DOWNLOADS_RANGE: std::ops::RangeInclusive<usize> = 1..=256;
/// The accepted range of each timeout, in seconds.
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;

impl Settings {
    /// Each setting from `self`, or else from `other`.
    fn or(self, other: Settings) -> Settings {
        Settings {
            listen: self.listen.or(other.listen),
            database_url: self.database_url.or(other.database_url),
            org: self.org.or(other.org),
            secure_cookies: self.secure_cookies.or(other.secure_cookies),
            max_connections: self.max_connections.or(other.max_connections),
            header_read_timeout_secs: self
                .header_read_timeout_secs
                .or(other.header_read_timeout_secs),
            request_timeout_secs: self.request_timeout_secs.or(other.request_timeout_secs),
            idle_timeout_secs: self.idle_timeout_secs.or(other.idle_timeout_secs),
            max_downloads: self.max_downloads.or(other.max_downloads),
            trusted_proxies: self.trusted_proxies.or(other.trusted_proxies),
            public_url: self.public_url.or(other.public_url),
        }
    }

    /// Refuses values out of their ranges, naming the setting.
    fn check_ranges(&self) -> Result<(), ConfigError> {
        if let Some(n) = self.max_connections
            && !CONNECTIONS_RANGE.contains(&n)
        {
            return Err(ConfigError::Range {
                key: "max_connections",
                value: n.to_string(),
                range: format!(
                    "{} to {}",
                    CONNECTIONS_RANGE.start(),
                    CONNECTIONS_RANGE.end()
                ),
            });
        }
        if let Some(n) = self.max_downloads
            && !DOWNLOADS_RANGE.contains(&n)
        {
            return Err(ConfigError::Range {
                key: "max_downloads",
                value: n.to_string(),
                range: format!("{} to {}", DOWNLOADS_RANGE.start(), DOWNLOADS_RANGE.end()),
            });
        }
        for (key, value) in [
            ("header_read_timeout_secs", self.header_read_timeout_secs),
            ("request_timeout_secs", self.request_timeout_secs),
            ("idle_timeout_secs", self.idle_timeout_secs),
        ] {
            if let Some(secs) = value
                && !TIMEOUT_RANGE.contains(&secs)
            {
                return Err(ConfigError::Range {
                    key,
                    value: secs.to_string(),
                    range: format!(
                        "{} to {} seconds",
                        TIMEOUT_RANGE.start(),
                        TIMEOUT_RANGE.end()
                    ),
                });
            }
        }
        Ok(())
    }

    /// The settings in the environment, read through `var` (`std::env::var` in the
    /// binary, a map in tests).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let listen = match var("PENDULUM_LISTEN") {
            Some(value) => Some(value.parse().map_err(|_| ConfigError::Env {
                name: "PENDULUM_LISTEN",
                value,
                expected: "an address and port such as 127.0.0.1:8080",
            })?),
            None => None,
        };
        let secure_cookies = match var("PENDULUM_SECURE_COOKIES") {
            Some(value) => Some(match value.as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(ConfigError::Env {
                        name: "PENDULUM_SECURE_COOKIES",
                        value,
                        expected: "true or false",
                    });
                }
            }),
            None => None,
        };
        let trusted_proxies = match var("PENDULUM_TRUSTED_PROXIES") {
            Some(value) => Some(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(parse_proxy)
                    .collect::<Option<Vec<_>>>()
                    .ok_or(ConfigError::Env {
                        name: "PENDULUM_TRUSTED_PROXIES",
                        value,
                        expected: "a comma-separated list of addresses or networks such as 127.0.0.1,10.0.0.0/8",
                    })?,
            ),
            None => None,
        };
        let public_url = match var("PENDULUM_PUBLIC_URL") {
            Some(value) => Some(parse_public_url(&value).ok_or(ConfigError::Env {
                name: "PENDULUM_PUBLIC_URL",
                value,
                expected: "an address such as https://pendulum.example.org (a scheme and a host, no path)",
            })?),
            None => None,
        };
        Ok(Settings {
            listen,
            database_url: var("PENDULUM_DATABASE_URL"),
            org: var("PENDULUM_ORG"),
            secure_cookies,
            trusted_proxies,
            public_url,
            ..Settings::default()
        })
    }

    /// The settings in a TOML file's text; `path` names it in errors. An error gives the
    /// line, column and toml's message, but not the source line toml would quote: that
    /// line may hold a database password.
    pub fn from_toml(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start).min(text.len());
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            ConfigError::File {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        settings.check_ranges().map_err(|e| match e {
            ConfigError::Range { key, value, range } => ConfigError::File {
                path: path.to_path_buf(),
                line: line_of(text, key),
                column: 1,
                message: format!("{key} = {value} is out of range ({range})"),
            },
            other => other,
        })?;
        Ok(settings)
    }

    /// The settings in the TOML file at `path`.
    pub fn from_file(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(path, &text)
    }
}

impl Default for Config {
    /// Every setting at its default.
    fn default() -> Self {
        Config::resolve(
            Settings::default(),
            Settings::default(),
            Settings::default(),
        )
    }
}

impl Config {
    /// Resolves the layers: `flags`, then `env`, then `file`, then the defaults.
    pub fn resolve(flags: Settings, env: Settings, file: Settings) -> Config {
        let s = flags.or(env).or(file);
        Config {
            listen: s
                .listen
                .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("a valid default address")),
            database_url: s
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            org: s.org,
            secure_cookies: s.secure_cookies.unwrap_or(false),
            limits: {
                let default = Limits::default();
                Limits {
                    max_connections: s.max_connections.unwrap_or(default.max_connections),
                    header_read_timeout: s
                        .header_read_timeout_secs
                        .map_or(default.header_read_timeout, Duration::from_secs),
                    request_timeout: s
                        .request_timeout_secs
                        .map_or(default.request_timeout, Duration::from_secs),
                    idle_timeout: s
                        .idle_timeout_secs
                        .map_or(default.idle_timeout, Duration::from_secs),
                    max_downloads: s.max_downloads.unwrap_or(default.max_downloads),
                }
            },
            trusted_proxies: s.trusted_proxies.unwrap_or_default(),
            public_url: s.public_url,
        }
    }

    /// Reads the environment through `var` and the file named by `config_file` (or by
    /// [`CONFIG_ENV`]), and resolves them under `flags`.
    pub fn load(
        flags: Settings,
        config_file: Option<&Path>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let env = Settings::from_env(&var)?;
        let file = match config_file
            .map(Path::to_path_buf)
            .or_else(|| var(CONFIG_ENV).map(PathBuf::from))
        {
            Some(path) => Settings::from_file(&path)?,
            None => Settings::default(),
        };
        let config = Config::resolve(flags, env, file);
        // The idle timeout also runs while a request is being answered: below the request
        // deadline, it would cut answers the deadline allows.
        if config.limits.idle_timeout < config.limits.request_timeout {
            return Err(ConfigError::Range {
                key: "idle_timeout_secs",
                value: config.limits.idle_timeout.as_secs().to_string(),
                range: format!(
                    "at least request_timeout_secs, {}",
                    config.limits.request_timeout.as_secs()
                ),
            });
        }
        Ok(config)
    }
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Bad TOML, a value of the wrong type, or an unknown key (named in `message`).
    #[error("{}:{line}:{column}: {message}", path.display())]
    File {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A setting out of its range (reported with its file position by `from_toml`).
    #[error("{key} = {value} is out of range ({range})")]
    Range {
        key: &'static str,
        value: String,
        range: String,
    },
    #[error("{name}={value:?} is not {expected}")]
    Env {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// A proxy address: a network (`10.0.0.0/8`) or one address (`127.0.0.1`).
fn parse_proxy(s: &str) -> Option<IpNet> {
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

/// The line of the first line of `text` that sets `key`, or 1.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

/// The URL with any password replaced by `***`, for messages, logs and `Debug`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_string();
    };
    let Some((user, _password)) = userinfo.split_once(':') else {
        return url.to_string();
    };
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{user}:***@{host}{slash}{path}")
}
