//! `pendulum user …` and `pendulum token …`: accounts that sign in to the web application
//! (created, given another role, disabled, enabled again), and API tokens for scripts
//! (created, listed, revoked). Whoever runs the CLI holds the database, so these commands are not limited
//! by role; they write the same audit rows as the web application.

use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use pendulum_domain::{ApiTokenId, Email};
use pendulum_store::prelude::*;
use pendulum_store::{Account, OrgStore, Role, Store, StoreError, TokenHash};
use pendulum_web::auth;

use super::db::{self, DbArgs};
use crate::{terminal, with_store};

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
    /// Disable the account EMAIL: it can no longer sign in, its sessions end and its API
    /// tokens are revoked at once. Its records stay.
    Disable {
        email: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Enable the disabled account EMAIL again: it signs in with its password (its old
    /// sessions and tokens stay ended).
    Enable {
        email: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Give the account EMAIL another role. Its sessions and API tokens carry on with the
    /// new role. The organisation's last admin in use stays an admin: give another account
    /// the role first.
    Role {
        email: String,
        /// The new role: member, manager, admin or analyst.
        #[arg(long, value_parser = parse_role, value_name = "ROLE")]
        to: Role,
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
    /// List the API tokens of the account EMAIL that still work: id, created, name.
    List {
        email: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Revoke the API token TOKEN_ID (as `token list` shows it), or with `--all EMAIL`
    /// every token of that account. A revoked token stops working at once; its record
    /// stays.
    Revoke {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        token_id: Option<String>,
        /// Revoke every token of the account EMAIL.
        #[arg(long, value_name = "EMAIL")]
        all: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

pub fn run_user(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let (email, role, pay, db) = match cmd {
        UserCommand::Create {
            email,
            role,
            pay,
            password_stdin: _,
            db,
        } => (email, role, pay, db),
        UserCommand::Disable { email, db } => return switch_user(&email, db, true),
        UserCommand::Enable { email, db } => return switch_user(&email, db, false),
        UserCommand::Role { email, to, db } => return change_role(&email, db, to),
    };
    let email = Email::new(&email)?;
    let password = read_password()?;
    let hash = auth::hash_password(&password)?;
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => create_user(store, &db, &email, &hash, role, pay).await)
    })?
}

fn switch_user(email: &str, db: DbArgs, disable: bool) -> anyhow::Result<ExitCode> {
    let email = Email::new(email)?;
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => set_disabled(store, &db, &email, disable).await)
    })?
}

fn change_role(email: &str, db: DbArgs, role: Role) -> anyhow::Result<ExitCode> {
    let email = Email::new(email)?;
    db::block_on(async move {
        let backend = db.open().await?;
        with_store!(&backend, store => set_role(store, &db, &email, role).await)
    })?
}

pub fn run_token(cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let (email, name, db) = match cmd {
        TokenCommand::Create { email, name, db } => (email, name, db),
        TokenCommand::List { email, db } => {
            let email = Email::new(&email)?;
            return db::block_on(async move {
                let backend = db.open().await?;
                with_store!(&backend, store => list_tokens(store, &db, &email).await)
            })?;
        }
        TokenCommand::Revoke { token_id, all, db } => {
            let what = match (token_id, all) {
                (_, Some(email)) => Revoke::All(Email::new(&email)?),
                (Some(id), None) => Revoke::One(id.parse().map_err(|_| {
                    anyhow::anyhow!(
                        "{id:?} is not a token id: `pendulum token list EMAIL` shows them"
                    )
                })?),
                (None, None) => anyhow::bail!("name a token id, or an account with --all EMAIL"),
            };
            return db::block_on(async move {
                let backend = db.open().await?;
                with_store!(&backend, store => revoke_tokens(store, &db, &what).await)
            })?;
        }
    };
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
        terminal::inline(account.email.as_str()),
        org.slug,
        account.role
    );
    match handle.person_by_email(email).await {
        Ok(person) => {
            println!(
                "linked to the person {} <{}>",
                terminal::inline(&person.name),
                terminal::inline(person.email.as_str())
            );
            say_if_locked(&handle, person.id).await?;
        }
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
    // A disabled account is found, for the store to refuse it by name.
    let account = find_account(&org, email).await?;
    let token = auth::new_token()?;
    org.create_api_token(account.id, &TokenHash::of(&token), name)
        .await?;
    eprintln!("API token for {email} (shown once; only its hash is kept):");
    println!("{token}");
    if let Ok(person) = org.person_by_email(email).await {
        say_if_locked(&org, person.id).await?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Says so when `person`'s journal and reflections are locked: the store locks them when
/// someone other than the account's holder sets its password or makes a token for it
/// (the audit log's actor: `--as` names the holder only when it is their own account).
async fn say_if_locked<O: OrgStore>(
    org: &O,
    person: pendulum_domain::PersonId,
) -> anyhow::Result<()> {
    if org.notes_lock(person).await?.is_locked() {
        eprintln!(
            "their journal and reflections are locked until they enter their recovery code \
             (docs/operations.md, \"Private notes and account resets\")"
        );
    }
    Ok(())
}

/// The account with `email`, disabled or not (`account_by_email` finds only those that may
/// sign in).
async fn find_account<O: OrgStore>(org: &O, email: &Email) -> anyhow::Result<Account> {
    org.list_accounts()
        .await?
        .into_iter()
        .find(|a| &a.email == email)
        .with_context(|| format!("no account with email {email}"))
}

async fn set_disabled<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &Email,
    disable: bool,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let account = find_account(&org, email).await?;
    if disable {
        let tokens = org.api_tokens(account.id).await?.len();
        org.disable_account(account.id).await?;
        println!(
            "disabled {email}: its sessions ended and {tokens} API token{} revoked",
            if tokens == 1 { " was" } else { "s were" }
        );
    } else {
        org.enable_account(account.id).await?;
        println!("enabled {email}: it can sign in again with its password");
    }
    Ok(ExitCode::SUCCESS)
}

/// Gives the account its new role, with the store's audit row naming who ran the command
/// (`--as`, or the operating-system user). The store refuses the role it has already and
/// taking the role of admin from the last admin in use.
async fn set_role<S: Store>(
    store: &S,
    db: &DbArgs,
    email: &Email,
    role: Role,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let account = find_account(&org, email).await?;
    let before = account.role;
    org.set_account_role(account.id, role).await?;
    println!("{email} is now {role} (was {before}): the role holds from its next request");
    Ok(ExitCode::SUCCESS)
}

async fn list_tokens<S: Store>(store: &S, db: &DbArgs, email: &Email) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    let account = find_account(&org, email).await?;
    let tokens = org.api_tokens(account.id).await?;
    if tokens.is_empty() {
        eprintln!("{email} has no API tokens that work");
    }
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    for token in tokens {
        println!(
            "{}  {}  {}",
            token.id,
            token.created_at.format(format).unwrap_or_default(),
            terminal::inline(&token.name)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What `token revoke` revokes.
enum Revoke {
    One(ApiTokenId),
    All(Email),
}

async fn revoke_tokens<S: Store>(
    store: &S,
    db: &DbArgs,
    what: &Revoke,
) -> anyhow::Result<ExitCode> {
    let org = store.org(db::organisation(store, db.org.as_deref()).await?.id);
    match what {
        Revoke::All(email) => {
            let account = find_account(&org, email).await?;
            let tokens = org.api_tokens(account.id).await?;
            for token in &tokens {
                org.revoke_api_token(account.id, token.id).await?;
            }
            println!(
                "revoked {} API token{} of {email}",
                tokens.len(),
                if tokens.len() == 1 { "" } else { "s" }
            );
        }
        Revoke::One(id) => {
            for account in org.list_accounts().await? {
                if org
                    .api_tokens(account.id)
                    .await?
                    .iter()
                    .any(|t| t.id == *id)
                {
                    org.revoke_api_token(account.id, *id).await?;
                    println!(
                        "revoked API token {id} of {}",
                        terminal::inline(account.email.as_str())
                    );
                    return Ok(ExitCode::SUCCESS);
                }
            }
            anyhow::bail!("no API token {id} that works in this organisation");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).map_err(|e| e.to_string())
}
