//! Command-line definitions and dispatch.

mod framework;

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
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Framework(cmd) => framework::run(cmd),
    }
}
