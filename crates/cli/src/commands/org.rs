//! `pendulum org …` and `pendulum migrate`.

use std::process::ExitCode;

use clap::Subcommand;
use pendulum_domain::OrgSlug;
use pendulum_store::Store;

use super::db::{self, DbArgs};
use crate::{terminal, with_store};

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation; it starts with the built-in framework as version 1.
    Create {
        slug: String,
        /// Display name (defaults to the slug).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the organisations in the database.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

pub fn run(cmd: OrgCommand) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        match cmd {
            OrgCommand::Create { slug, name, db } => {
                let slug = OrgSlug::new(slug)?;
                let name = name.unwrap_or_else(|| slug.to_string());
                let backend = db.open().await?;
                let org = with_store!(&backend, store => store.create_org(&slug, &name).await)?;
                println!(
                    "created organisation {} ({}) with the built-in framework as version 1",
                    org.slug,
                    terminal::inline(&org.name)
                );
                Ok(ExitCode::SUCCESS)
            }
            OrgCommand::List { db } => {
                let backend = db.open().await?;
                let orgs = with_store!(&backend, store => store.list_orgs().await)?;
                for org in orgs {
                    println!("{}\t{}", org.slug, terminal::inline(&org.name));
                }
                Ok(ExitCode::SUCCESS)
            }
        }
    })?
}

/// `pendulum migrate`: applies the embedded migrations (opening the database does too).
pub fn migrate(db: DbArgs) -> anyhow::Result<ExitCode> {
    db::block_on(async move {
        db.open().await?;
        println!("{}: schema is up to date", db::redact(&db.database_url));
        Ok(ExitCode::SUCCESS)
    })?
}
