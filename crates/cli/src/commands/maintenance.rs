//! `pendulum backup`, `pendulum restore` and `pendulum rebuild-projections`: looking after
//! the database itself. Backup and restore are SQLite's; on PostgreSQL they point to the
//! server's own tools (`docs/operations.md`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::bail;
use clap::Args;
use pendulum_store::Store;
use pendulum_store::prelude::*;

use super::db::{self, Backend, DbArgs};
use crate::with_store;

const POSTGRES_ROUTE: &str = "on PostgreSQL, back up with `pg_dump --format=custom` and restore \
     with `pg_restore` into a new database (docs/operations.md)";

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (must not exist).
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `pendulum backup`.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub struct RebuildArgs {
    #[command(flatten)]
    db: DbArgs,
}

pub fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    if !args.db.database_url.starts_with("sqlite:") {
        bail!("pendulum backup works on SQLite databases; {POSTGRES_ROUTE}");
    }
    db::block_on(async move {
        let Backend::Sqlite(store) = args.db.open().await? else {
            bail!("pendulum backup works on SQLite databases; {POSTGRES_ROUTE}");
        };
        let started = Instant::now();
        store.backup_to(&args.file).await?;
        println!(
            "backed up {} to {} in {:.1} s",
            db::redact(&args.db.database_url),
            args.file.display(),
            started.elapsed().as_secs_f64()
        );
        Ok(ExitCode::SUCCESS)
    })?
}

pub fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let url = &args.db.database_url;
    if !url.starts_with("sqlite:") {
        bail!("pendulum restore works on SQLite databases; {POSTGRES_ROUTE}");
    }
    let target = pendulum_store_sqlite::file_of(url)?;
    db::block_on(async move {
        pendulum_store_sqlite::restore(&args.file, &target).await?;
        println!("restored {} from {}", target.display(), args.file.display());
        Ok(ExitCode::SUCCESS)
    })?
}

pub fn rebuild(args: RebuildArgs) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        let backend = args.db.open().await?;
        with_store!(&backend, store => {
            let organisation = db::organisation(store, args.db.org.as_deref()).await?;
            let started = Instant::now();
            let written = store.org(organisation.id).rebuild_projections().await?;
            println!(
                "rebuilt {written} projection(s) of {} in {:.2} s",
                organisation.slug,
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        })
    })?
}
