//! `pendulum user …` and `pendulum token …`: accounts that sign in to the web application,
//! and API tokens for scripts.

use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use pendulum_domain::Email;
use pendulum_store::{OrgStore, Role, Store, StoreError, TokenHash};
use pendulum_web::auth;

use super::db::{self, DbArgs};
use crate::with_store;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account that signs in with EMAIL. If a person of the organisation has the
    /// same email, the account is theirs.
    Create {
        email: String,
        /// member, manager, admin or analyst.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The account may see pay.
        #[arg(long)]
        pay: bool,
        /// Read the password from standard input (at least 12 characters; one line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for the account EMAIL and print it, once: only its hash is
    /// kept. Send it as `Authorization: Bearer TOKEN`.
    Create {
        email: String,
        /// What the token is for, to recognise it later.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

pub fn run_user(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let UserCommand::Create {
        email,
        role,
        pay,
        password_stdin: _,
        db,
    } = cmd;
    let email = Email::new(&email)?;
    let password = read_password()?;
    let hash = auth::hash_password(&password)?;
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => create_user(store, &db, &email, &hash, role, pay).await)
    })?
}

pub fn run_token(cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let TokenCommand::Create { email, name, db } = cmd;
    let email = Email::new(&email)?;
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => create_token(store, &db, &email, &name).await)
    })?
}

/// The first line of standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the password from standard input")?;
    Ok(input.lines().next().unwrap_or_default().to_string())
}

async fn create_user<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &Email,
    hash: &str,
    role: Role,
    pay: bool,
) -> anyhow::Result<ExitCode> {
    let org = db::organisation(store, db.org.as_deref()).await?;
    let handle = store.org(org.id);
    let account = handle.create_account(email, hash, role, pay).await?;
    let pay = if account.pay { ", with pay" } else { "" };
    println!(
        "created account {} in {} as {}{pay}",
        account.email, org.slug, account.role
    );
    match handle.person_by_email(email).await {
        Ok(person) => println!("linked to the person {} <{}>", person.name, person.email),
        Err(StoreError::NotFound { .. }) => {
            println!("no person of {} has this email", org.slug)
        }
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

async fn create_token<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &Email,
    name: &str,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let account = org
        .account_by_email(email)
        .await?
        .with_context(|| format!("no account with email {email}"))?;
    let token = auth::new_token()?;
    org.create_api_token(account.id, &TokenHash::of(&token), name)
        .await?;
    eprintln!("API token for {email} (shown once; only its hash is kept):");
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).map_err(|e| e.to_string())
}
