//! `pendulum`: the command-line tool. It parses arguments and hands each command to the
//! library that does the work; nothing here knows the file format or the rules.

mod commands;
mod terminal;

use std::process::ExitCode;

use clap::Parser;
use pendulum_store::StoreError;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", terminal::lines(&describe(&err)));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, outermost first, each said once.
///
/// Errors of this workspace either say their cause in their message or hand it on as
/// their source, never both; a library error that does both would still be said once,
/// because a cause whose text ends the message before it is left out. A store's
/// database failure says, for a server, that the details are in the server log: here
/// the details are its causes, printed below it, and there is no server log.
fn describe(err: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut previous = String::new();
    for cause in err.chain() {
        let text = match cause.downcast_ref::<StoreError>() {
            Some(StoreError::Database(_)) => "the database failed".to_string(),
            _ => cause.to_string(),
        };
        if !previous.ends_with(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        previous = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that says its source and hands it on too.
    #[derive(Debug)]
    struct SaysItsSource(std::io::Error);

    impl std::fmt::Display for SaysItsSource {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read x.yaml: {}", self.0)
        }
    }

    impl std::error::Error for SaysItsSource {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    /// Clap's own checks of the definition: no two arguments of a command share a name
    /// (`--as` is on every data command, beside each command's own flags).
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        commands::Cli::command().debug_assert();
    }

    #[test]
    fn each_cause_is_said_once() {
        let io = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = anyhow::Error::new(SaysItsSource(io())).context("cannot publish");
        assert_eq!(
            describe(&err),
            format!("cannot publish: cannot read x.yaml: {}", io())
        );
        let err = anyhow::Error::new(io()).context("cannot read x.yaml");
        assert_eq!(describe(&err), format!("cannot read x.yaml: {}", io()));
    }

    #[test]
    fn a_database_failure_shows_its_causes_and_no_server_log() {
        let err = anyhow::Error::new(StoreError::database(std::io::Error::other("disk full")))
            .context("cannot import");
        assert_eq!(
            describe(&err),
            "cannot import: the database failed: disk full"
        );
    }
}
