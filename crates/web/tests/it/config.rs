//! `pendulum serve`'s configuration: flags over environment over file over defaults.

use std::collections::HashMap;
use std::path::Path;

use pendulum_web::config::{Config, ConfigError, Settings};

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn an_unknown_key_in_the_file_is_an_error_naming_it() {
    let err = Settings::from_toml(
        Path::new("pendulum.toml"),
        "listen = \"127.0.0.1:9000\"\ndatabse_url = \"postgres://app:s3cret@db/p\"\n",
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ConfigError::File { line: 2, .. }), "{text}");
    assert!(text.starts_with("pendulum.toml:2:"), "{text}");
    assert!(text.contains("databse_url"), "{text}");
    assert!(
        !text.contains("s3cret"),
        "the offending line is not quoted: {text}"
    );
}

#[test]
fn a_bad_address_is_an_error() {
    let err = Settings::from_toml(Path::new("p.toml"), "listen = \"localhost\"\n").unwrap_err();
    assert!(err.to_string().starts_with("p.toml:1:"), "{err}");
    let err = Settings::from_env(env(&[("PENDULUM_LISTEN", "nowhere")])).unwrap_err();
    assert!(err.to_string().contains("PENDULUM_LISTEN"), "{err}");
}

#[test]
fn flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pendulum.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:7001\"\ndatabase_url = \"sqlite://file.db\"\norg = \"from-file\"\n",
    )
    .unwrap();
    let environment = env(&[
        ("PENDULUM_LISTEN", "127.0.0.1:7002"),
        ("PENDULUM_DATABASE_URL", "sqlite://env.db"),
    ]);
    let flags = Settings {
        listen: Some("127.0.0.1:7003".parse().unwrap()),
        ..Settings::default()
    };

    let config = Config::load(flags.clone(), Some(&file), &environment).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:7003");
    assert_eq!(config.database_url, "sqlite://env.db");
    assert_eq!(config.org.as_deref(), Some("from-file"));

    let config = Config::load(Settings::default(), Some(&file), &environment).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:7002");

    let config = Config::load(Settings::default(), Some(&file), env(&[])).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:7001");
    assert_eq!(config.database_url, "sqlite://file.db");

    // The file may also be named by PENDULUM_CONFIG.
    let named = env(&[("PENDULUM_CONFIG", file.to_str().unwrap())]);
    let config = Config::load(Settings::default(), None, named).unwrap();
    assert_eq!(config.org.as_deref(), Some("from-file"));

    let config = Config::load(Settings::default(), None, env(&[])).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.database_url, "sqlite://pendulum.db");
    assert_eq!(config.org, None);
}

#[test]
fn a_missing_file_is_an_error() {
    let err = Config::load(
        Settings::default(),
        Some(Path::new("/nonexistent/pendulum.toml")),
        env(&[]),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/pendulum.toml"),
        "{err}"
    );
}

#[test]
fn debug_output_never_shows_the_database_password() {
    let config = Config::load(
        Settings::default(),
        None,
        env(&[(
            "PENDULUM_DATABASE_URL",
            "postgres://app:s3cret@db.internal:5432/p",
        )]),
    )
    .unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains("s3cret"), "{debug}");
    assert!(
        debug.contains("postgres://app:***@db.internal:5432/p"),
        "{debug}"
    );

    let settings = Settings {
        database_url: Some("postgres://app:s3cret@db/p".into()),
        ..Settings::default()
    };
    assert!(!format!("{settings:?}").contains("s3cret"));
}

#[test]
fn secure_cookies_come_from_the_file_or_the_environment_and_default_to_off() {
    let none = Config::resolve(
        Settings::default(),
        Settings::default(),
        Settings::default(),
    );
    assert!(!none.secure_cookies);
    let file = Settings::from_toml(Path::new("p.toml"), "secure_cookies = true\n").unwrap();
    let on = Config::resolve(Settings::default(), Settings::default(), file.clone());
    assert!(on.secure_cookies);
    let env_off = Settings::from_env(env(&[("PENDULUM_SECURE_COOKIES", "false")])).unwrap();
    assert!(!Config::resolve(Settings::default(), env_off, file).secure_cookies);
    let err = Settings::from_env(env(&[("PENDULUM_SECURE_COOKIES", "yes")])).unwrap_err();
    assert!(err.to_string().contains("true or false"), "{err}");
}

#[test]
fn limits_and_trusted_proxies_come_from_the_file_and_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pendulum.toml");
    std::fs::write(
        &file,
        "max_connections = 50\nheader_read_timeout_secs = 5\nrequest_timeout_secs = 20\n\
         idle_timeout_secs = 40\nmax_downloads = 2\n\
         trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n",
    )
    .unwrap();
    let config = Config::load(Settings::default(), Some(&file), env(&[])).unwrap();
    assert_eq!(config.limits.max_connections, 50);
    assert_eq!(config.limits.header_read_timeout.as_secs(), 5);
    assert_eq!(config.limits.request_timeout.as_secs(), 20);
    assert_eq!(config.limits.idle_timeout.as_secs(), 40);
    assert_eq!(config.limits.max_downloads, 2);
    let proxies: Vec<String> = config
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(proxies, ["127.0.0.1/32", "10.0.0.0/8"]);

    // The environment names proxies too.
    let from_env = Config::load(
        Settings::default(),
        None,
        env(&[("PENDULUM_TRUSTED_PROXIES", "::1, 192.168.0.0/16")]),
    )
    .unwrap();
    assert_eq!(from_env.trusted_proxies.len(), 2);
    let bad = Config::load(
        Settings::default(),
        None,
        env(&[("PENDULUM_TRUSTED_PROXIES", "10.0.0.0/99")]),
    )
    .unwrap_err()
    .to_string();
    assert!(bad.contains("PENDULUM_TRUSTED_PROXIES"), "{bad}");

    // Out of range: said with the key, the file and its line.
    std::fs::write(&file, "listen = \"127.0.0.1:1\"\nmax_connections = 0\n").unwrap();
    let e = Config::load(Settings::default(), Some(&file), env(&[]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("pendulum.toml:2:1"), "{e}");
    assert!(
        e.contains("max_connections = 0 is out of range (1 to 100000)"),
        "{e}"
    );
    std::fs::write(&file, "max_downloads = 0\n").unwrap();
    let e = Config::load(Settings::default(), Some(&file), env(&[]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("pendulum.toml:1:1")
            && e.contains("max_downloads = 0 is out of range (1 to 256)"),
        "{e}"
    );
    std::fs::write(&file, "trusted_proxies = [\"proxy.internal\"]\n").unwrap();
    let e = Config::load(Settings::default(), Some(&file), env(&[]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"proxy.internal\" is not an address"), "{e}");

    // An idle timeout below the request deadline would cut answers the deadline allows.
    std::fs::write(&file, "request_timeout_secs = 60\nidle_timeout_secs = 30\n").unwrap();
    let e = Config::load(Settings::default(), Some(&file), env(&[]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("idle_timeout_secs = 30"), "{e}");

    // Nothing set: the defaults.
    let default = Config::load(Settings::default(), None, env(&[])).unwrap();
    assert_eq!(default.limits, pendulum_web::Limits::default());
    assert!(default.trusted_proxies.is_empty());
}
