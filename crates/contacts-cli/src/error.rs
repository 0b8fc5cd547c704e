//! Errors of the CLI and the exit codes they map to.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// Exit code for done.
pub const OK: u8 = 0;
/// Exit code for the user's error: not found, invalid, conflict, forbidden, a bad file.
pub const USER: u8 = 1;
/// Exit code for an internal error: the storage backend failed.
pub const INTERNAL: u8 = 3;
/// Exit code of `import` when some cards went in and some were refused.
pub const PARTIAL: u8 = 4;

#[derive(Debug)]
pub enum CliError {
    /// An error from the core, by kind.
    Core(contacts_core::Error),
    /// The user's error that the core does not know as one (an unknown name-day name).
    User(String),
    /// A file named on the command line could not be read or written.
    File { path: String, source: io::Error },
    /// Writing our output failed (a closed pipe is not an error).
    Output(io::Error),
    /// An import that did not take every card: the summary was printed; the exit code
    /// says how it ended ([`PARTIAL`] or [`USER`]).
    Import { code: u8, message: String },
}

impl CliError {
    pub fn file(path: &Path, source: io::Error) -> CliError {
        CliError::File {
            path: path.display().to_string(),
            source,
        }
    }

    fn code(&self) -> u8 {
        use contacts_core::Error as E;
        match self {
            CliError::Core(E::Backend(_)) => INTERNAL,
            CliError::Core(_) | CliError::User(_) | CliError::File { .. } => USER,
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
            CliError::Output(_) => INTERNAL,
            CliError::Import { code, .. } => *code,
        }
    }

    /// Prints the one-line message to stderr (unless the pipe closed) and gives the code.
    pub fn report(&self) -> ExitCode {
        let message = match self {
            CliError::Core(e) => e.to_string(),
            CliError::User(m) => m.clone(),
            CliError::File { path, source } => format!("cannot use file '{path}': {source}"),
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                return ExitCode::from(OK)
            }
            CliError::Output(e) => format!("cannot write output: {e}"),
            CliError::Import { message, .. } => message.clone(),
        };
        let one_line = message.replace(['\n', '\r'], " ");
        let _ = writeln!(io::stderr(), "error: {one_line}");
        ExitCode::from(self.code())
    }
}

impl From<contacts_core::Error> for CliError {
    fn from(e: contacts_core::Error) -> CliError {
        CliError::Core(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::Output(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        match e.io_error_kind() {
            Some(kind) => CliError::Output(io::Error::from(kind)),
            None => CliError::Output(io::Error::other(e)),
        }
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;
