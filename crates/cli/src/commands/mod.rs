//! Command-line definitions and dispatch.

mod account;
pub mod db;
mod demo_accounts;
mod demo_framework;
mod demo_stories;
pub mod framework;
mod journal;
mod maintenance;
mod org;
mod person;
mod project;
mod simulate;
mod simulate_dual;
mod transfer;
mod web;

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
    /// Accounts that sign in to the web application.
    #[command(subcommand)]
    User(account::UserCommand),
    /// API tokens for scripts (`Authorization: Bearer TOKEN`).
    #[command(subcommand)]
    Token(account::TokenCommand),
    /// Your own energy-and-learning journal (`--as` names whose): write, list, insights.
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// Apply the database migrations (every data command also does this on start).
    Migrate {
        #[command(flatten)]
        db: db::DbArgs,
    },
    /// Write an organisation out as a directory of CSV, YAML and JSON files.
    Export(transfer::ExportArgs),
    /// Load an export directory or one CSV file, all or nothing.
    Import(transfer::ImportArgs),
    /// Create a realistic organisation with years of history, for demos and benchmarks.
    Generate(transfer::GenerateArgs),
    /// Project the workforce year by year: from a model written out (`--matrix FILE`), or
    /// estimated from the organisation's history.
    Project(project::ProjectArgs),
    /// Copy a SQLite database to a file while it stays in use.
    Backup(maintenance::BackupArgs),
    /// Replace a SQLite database with a backup.
    Restore(maintenance::RestoreArgs),
    /// Recompute every current role from the role histories.
    RebuildProjections(maintenance::RebuildArgs),
    /// Simulate promotion policies: the Peter-principle model as published, and the
    /// dual-track policies on a framework's ladders.
    #[command(subcommand)]
    Simulate(simulate::SimulateCommand),
    /// Serve the web application.
    Serve(web::ServeArgs),
    /// Create (or reuse) a demo database in the working directory and serve it.
    Demo(web::DemoArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Framework(cmd) => framework::run(cmd),
        Command::Org(cmd) => org::run(cmd),
        Command::Person(cmd) => person::run(cmd),
        Command::User(cmd) => account::run_user(cmd),
        Command::Token(cmd) => account::run_token(cmd),
        Command::Journal(cmd) => journal::run(cmd),
        Command::Migrate { db } => org::migrate(db),
        Command::Export(args) => transfer::export(args),
        Command::Import(args) => transfer::import(args),
        Command::Generate(args) => transfer::generate_org(args),
        Command::Project(args) => project::run(args),
        Command::Backup(args) => maintenance::backup(args),
        Command::Restore(args) => maintenance::restore(args),
        Command::RebuildProjections(args) => maintenance::rebuild(args),
        Command::Simulate(cmd) => simulate::run(cmd),
        Command::Serve(args) => web::serve(args),
        Command::Demo(args) => web::demo(args),
    }
}
