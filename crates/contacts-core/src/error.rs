//! The one error type of the core. Frontends map its kinds to exit codes and HTTP statuses.

use std::fmt;

/// What went wrong, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The thing does not exist, or the acting user may not see it (never told apart).
    #[error("{what} not found")]
    NotFound { what: String },
    /// A stale version or a unique value that is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A value that breaks a rule; `field` names it.
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    /// The acting user may see the thing but not do this to it.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The storage backend failed.
    #[error("storage error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl fmt::Display) -> Error {
        Error::Invalid {
            field: field.into(),
            reason: reason.to_string(),
        }
    }

    pub fn not_found(what: impl fmt::Display) -> Error {
        Error::NotFound {
            what: what.to_string(),
        }
    }

    pub fn backend(e: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Backend(Box::new(e))
    }
}
