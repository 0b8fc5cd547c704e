//! Passwords: the rule a new password must meet and its argon2id hash, written once for
//! every frontend (the CLI's `user passwd`, the web UI's setup, settings and user pages,
//! the API's user routes).
//!
//! A password is only ever hashed through [`NewPassword`], which can only be made by
//! checking the rule, so no path stores the hash of a password the rule refuses.
//! [`Service::set_password`](crate::service::Service::set_password) takes the plain text,
//! checks and hashes it.

use std::fmt;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::{Error, Result};

/// A new password has at least this many characters (Unicode scalar values).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// ... and at most this many: hashing is deliberately slow, so the input is bounded.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// What is wrong with a new password. Frontends may show their own words for it (the web
/// UI has them in Polish and English); `Display` gives the core's English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordProblem::TooShort => {
                write!(f, "must have at least {MIN_PASSWORD_CHARS} characters")
            }
            PasswordProblem::TooLong => {
                write!(f, "must have at most {MAX_PASSWORD_CHARS} characters")
            }
        }
    }
}

impl From<PasswordProblem> for Error {
    fn from(p: PasswordProblem) -> Error {
        Error::invalid("password", p)
    }
}

/// A password that meets the rule. The text is not shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

impl NewPassword {
    /// Checks the rule: at least [`MIN_PASSWORD_CHARS`], at most [`MAX_PASSWORD_CHARS`]
    /// characters. Nothing else is demanded (no character classes): length is what makes
    /// a password hard to guess.
    pub fn new(text: &str) -> std::result::Result<NewPassword, PasswordProblem> {
        let n = text.chars().count();
        if n < MIN_PASSWORD_CHARS {
            Err(PasswordProblem::TooShort)
        } else if n > MAX_PASSWORD_CHARS {
            Err(PasswordProblem::TooLong)
        } else {
            Ok(NewPassword(text.to_string()))
        }
    }

    /// An argon2id hash (PHC string) with a fresh random salt.
    pub fn hash(&self) -> Result<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| Error::Backend(format!("no randomness for a salt: {e}").into()))?;
        let salt = SaltString::encode_b64(&salt)
            .map_err(|e| Error::Backend(format!("salt: {e}").into()))?;
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Backend(format!("hashing failed: {e}").into()))
    }
}

/// An argon2id hash of a password nobody knows, checked when a user has no hash so that a
/// failed sign-in takes as long whether or not the user exists.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1kD9Hn1CEF0wH0rk5kTqmSE3L1sXlcs8RbN6YyV2G6Q";

/// Whether `password` matches `hash`. A missing or malformed hash never matches, and a
/// missing one costs as much time as a real check.
pub fn verify(password: &str, hash: Option<&str>) -> bool {
    let Some(hash) = hash else {
        let _ = verify(password, Some(DUMMY_HASH));
        return false;
    };
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_counts_characters_not_bytes() {
        assert_eq!(NewPassword::new("1234567"), Err(PasswordProblem::TooShort));
        // Eight Polish letters are sixteen bytes but eight characters.
        assert!(NewPassword::new("żółćęśąń").is_ok());
        assert_eq!(
            NewPassword::new(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(PasswordProblem::TooLong)
        );
        let e = Error::from(PasswordProblem::TooShort);
        assert_eq!(
            e.to_string(),
            "invalid password: must have at least 8 characters"
        );
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let p = NewPassword::new("correct horse").unwrap_or_else(|e| panic!("{e}"));
        let h = p.hash().unwrap_or_default();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse", Some(&h)));
        assert!(!verify("wrong horse", Some(&h)));
        assert!(!verify("x", Some("not a hash")));
        assert!(!verify("correct horse", None));
        // Two hashes of one password differ (fresh salt).
        assert_ne!(p.hash().unwrap_or_default(), h);
        assert_eq!(format!("{p:?}"), "NewPassword(..)");
        // The dummy hash parses, so unknown users cost the same as known ones.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
