//! User accounts.

use contacts_core::model as core;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::utc;

/// A user account (never its password or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub admin: bool,
    pub disabled: bool,
    /// Whether the user can sign in to the web UI with a password.
    pub has_password: bool,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&core::User> for User {
    fn from(u: &core::User) -> User {
        User {
            id: u.id.0,
            name: u.name.clone(),
            admin: u.admin,
            disabled: u.disabled,
            has_password: u.password_hash.is_some(),
            created_at: utc(u.created_at),
        }
    }
}
