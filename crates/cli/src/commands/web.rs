//! `pendulum serve` and `pendulum demo`: the web application. The server, its routes and
//! its configuration rules are the web crate's; this module resolves the configuration,
//! opens the database and, for the demo, seeds it.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Args;
use pendulum_domain::generate::{Adopted, Params, generate_with_versions};
use pendulum_domain::{OrgSlug, Organisation};
use pendulum_store::prelude::*;
use pendulum_store::{ImportBatch, Store, StoreError};
use pendulum_store_sqlite::SqliteStore;
use pendulum_web::config::{self, Config, Settings};
use time::Date;

use super::db::{self, DbArgs};
use super::{demo_accounts, demo_framework, demo_stories};
use crate::{terminal, with_store};

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on [env: PENDULUM_LISTEN] [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// A TOML file with any of `listen`, `database_url`, `org` and `secure_cookies`; flags and environment
    /// variables take precedence over it [env: PENDULUM_CONFIG].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: `sqlite://FILE` or `postgres://…` [env: PENDULUM_DATABASE_URL]
    /// [default: sqlite://pendulum.db].
    #[arg(long)]
    database_url: Option<String>,
    /// The organisation served (its slug); defaults to the only one [env: PENDULUM_ORG].
    #[arg(long)]
    org: Option<String>,
}

impl fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeArgs")
            .field("listen", &self.listen)
            .field("config", &self.config)
            .field(
                "database_url",
                &self.database_url.as_deref().map(config::redact),
            )
            .field("org", &self.org)
            .finish()
    }
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = config::DEFAULT_LISTEN)]
    listen: SocketAddr,
}

/// The demo database, in the working directory.
const DEMO_FILE: &str = "pendulum-demo.db";
const DEMO_ORG: &str = "demo";
/// The demo organisation: a few hundred people with years of history, always the same
/// ones (the generator is deterministic for a seed), up to today.
const DEMO_PEOPLE: usize = 300;
const DEMO_YEARS: u32 = 8;
const DEMO_SEED: u64 = 1;
/// How long before today the demo organisation adopted its second framework version.
const DEMO_REVISED_MONTHS_AGO: u8 = 6;

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Flags are given to the web crate as one layer; environment variables and the file
    // are read there, so the precedence rules live (and are tested) in one place.
    let flags = Settings {
        listen: args.listen,
        database_url: args.database_url,
        org: args.org,
        ..Settings::default()
    };
    let config = Config::load(flags, args.config.as_deref(), |k| std::env::var(k).ok())?;
    pendulum_web::init_tracing();
    db::block_on(async move {
        let db = DbArgs {
            database_url: config.database_url.clone(),
            org: config.org.clone(),
            acting_as: None,
        };
        let backend = db.open_for_server().await?;
        with_store!(backend, store => {
            let org = db::organisation(&store, db.org.as_deref()).await?;
            run_server(store, org, &config).await
        })
    })?
}

pub fn demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    pendulum_web::init_tracing();
    db::block_on(async move {
        let store = open_demo(Path::new(DEMO_FILE)).await?;
        // Seeding is the demo's user's doing; the server then acts as each signed-in account.
        let seeding = store.acting_as(db::os_actor());
        let (org, fresh) = demo_org(&seeding).await?;
        let logins = demo_accounts::ensure(&seeding.org(org.id)).await?;
        if fresh {
            let today = time::OffsetDateTime::now_utc().date();
            demo_stories::seed(&seeding.org(org.id), &logins, today)
                .await
                .context("cannot write the demo's plans, trials and journals")?;
        }
        let listener = bind(args.listen).await?;
        let addr = listener.local_addr()?;
        println!(
            "Pendulum is serving {} at http://{addr}/",
            terminal::inline(&org.name)
        );
        // On stderr: a script reading the URL from stdout may close it after one line.
        eprintln!("demo logins (demo only: these passwords are public), at http://{addr}/login");
        for login in &logins {
            eprintln!(
                "  {:<18} {:<32} {}",
                login.label,
                login.email.as_str(),
                login.password
            );
        }
        let shown = logins
            .iter()
            .map(|login| pendulum_web::DemoLogin {
                role: capitalised(login.label),
                email: login.email.to_string(),
                password: login.password.to_string(),
                sees: login.sees.to_string(),
            })
            .collect();
        pendulum_web::serve_demo_on(listener, store, org, &Config::default(), shown)
            .await
            .context("the server stopped")?;
        Ok(ExitCode::SUCCESS)
    })?
}

/// Binds, prints the URL (on stdout, so scripts and tests can read the port chosen for
/// `:0`) and serves until Ctrl-C or SIGTERM.
async fn run_server<S: Store>(
    store: S,
    org: Organisation,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    let listener = bind(config.listen).await?;
    let addr = listener.local_addr()?;
    println!(
        "Pendulum is serving {} at http://{addr}/",
        terminal::inline(&org.name)
    );
    serve_listener(listener, store, org, config).await
}

async fn bind(listen: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    pendulum_web::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))
}

async fn serve_listener<S: Store>(
    listener: tokio::net::TcpListener,
    store: S,
    org: Organisation,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    pendulum_web::serve_on(listener, store, org, config)
        .await
        .context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the demo database, creating it when missing. An existing file must already be
/// a Pendulum database: the demo never writes into anything else.
async fn open_demo(path: &Path) -> anyhow::Result<SqliteStore> {
    let exists = path.exists();
    let url = if exists {
        format!("sqlite://{}?mode=rw", path.display())
    } else {
        format!("sqlite://{}", path.display())
    };
    let not_pendulum = || {
        anyhow!(
            "{} exists but is not a Pendulum database; move it away to create a new demo",
            path.display()
        )
    };
    let store = SqliteStore::connect(&url)
        .await
        .map_err(|_| not_pendulum())?;
    if exists {
        store.list_orgs().await.map_err(|_| not_pendulum())?;
        eprintln!("reusing {}", path.display());
    }
    store.migrate().await.context("cannot apply migrations")?;
    Ok(store)
}

/// The demo organisation, created and filled with generated people on first use: years of
/// history up to today on the built-in framework, and on a revised version of it (version
/// 2, see [`demo_framework`]) for the last months.
/// Also says whether it was generated now (and so has no stories yet).
async fn demo_org<S: Store>(store: &S) -> anyhow::Result<(Organisation, bool)> {
    let slug = OrgSlug::new(DEMO_ORG).expect("a valid slug");
    let org = match store.org_by_slug(&slug).await {
        Ok(org) => org,
        Err(StoreError::NotFound { .. }) => store.create_org(&slug, "Demo organisation").await?,
        Err(e) => return Err(e.into()),
    };
    let handle = store.org(org.id);
    let fresh = handle.list_people().await?.is_empty();
    if fresh {
        let today = time::OffsetDateTime::now_utc().date();
        let revised_on = months_before(today, DEMO_REVISED_MONTHS_AGO);
        let versions: Vec<u32> = handle
            .framework_versions()
            .await?
            .iter()
            .map(|v| v.version)
            .collect();
        let first = *versions
            .first()
            .context("the demo organisation has no framework version")?;
        let second = match versions.get(1) {
            Some(second) => *second,
            None => {
                handle
                    .publish_framework(&demo_framework::revised_yaml(revised_on))
                    .await?
            }
        };
        let framework = handle.framework(first).await?;
        let revised = handle.framework(second).await?;
        let adopted = [Adopted {
            version: second,
            framework: &revised,
            from: revised_on,
        }];
        let params = Params {
            people: DEMO_PEOPLE,
            years: DEMO_YEARS,
            seed: DEMO_SEED,
            as_of: today,
        };
        eprintln!("generating a demo organisation of about {DEMO_PEOPLE} people");
        let generated = generate_with_versions(&framework, first, &adopted, org.id, &params);
        handle
            .import(ImportBatch {
                people: generated.people,
                events: generated.events,
                pay: generated.pay,
                reporting: generated.reporting,
            })
            .await
            .context("cannot store the demo organisation")?;
    }
    Ok((org, fresh))
}

/// The first day of the month `months` months before `day`'s.
fn months_before(day: Date, months: u8) -> Date {
    let mut first = day.replace_day(1).expect("every month has a first day");
    for _ in 0..months {
        first = first
            .previous_day()
            .and_then(|last| last.replace_day(1).ok())
            .unwrap_or(first);
    }
    first
}

/// `label` with its first letter in upper case, as a table heading reads.
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
