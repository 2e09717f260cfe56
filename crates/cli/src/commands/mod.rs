//! Command-line definitions and dispatch.

pub mod db;
pub mod framework;
mod org;
mod person;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Pendulum: a career framework where careers swing between tracks, not climb one ladder.
#[derive(Debug, Parser)]
#[command(name = "pendulum", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Author, validate, lint, compare, render and import career frameworks.
    #[command(subcommand)]
    Framework(framework::FrameworkCommand),
    /// Organisations: each holds its own framework versions and people.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// People and their career histories.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// Apply the database migrations (every data command also does this on start).
    Migrate {
        #[command(flatten)]
        db: db::DbArgs,
    },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Framework(cmd) => framework::run(cmd),
        Command::Org(cmd) => org::run(cmd),
        Command::Person(cmd) => person::run(cmd),
        Command::Migrate { db } => org::migrate(db),
    }
}
