//! The store operations for signing in: web sessions and personal API tokens.
//!
//! A store never sees a session id or a token, only its SHA-256 ([`SecretHash`]), so a
//! copy of the database (a backup, a stolen file) holds nothing that signs anyone in. The
//! rules (who may revoke what, when a session expires, what ends a user's sessions) live
//! in the service (`service/auth.rs`).

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::ids::{ApiTokenId, UserId};

/// The SHA-256 of a secret (a session id or an API token): what stores keep and look up.
///
/// The secrets are 256 random bits, so a plain hash is enough: there is nothing to guess,
/// and a lookup by hash needs no salt or slow hash (which would make every request pay).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretHash([u8; 32]);

impl SecretHash {
    /// The hash of `secret`.
    pub fn of(secret: &str) -> SecretHash {
        SecretHash(Sha256::digest(secret.as_bytes()).into())
    }

    /// A stored hash read back; `None` unless it is 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<SecretHash> {
        <[u8; 32]>::try_from(bytes).ok().map(SecretHash)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretHash(")?;
        for b in &self.0[..4] {
            write!(f, "{b:02x}")?;
        }
        write!(f, "…)")
    }
}

/// A signed-in web session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserId,
    pub created_at: DateTime<Utc>,
    /// When it was last used (kept to a few minutes; see `Service::session_actor`).
    pub last_seen_at: DateTime<Utc>,
}

/// A personal API token, as listed to its owner (the token itself is shown once, when it
/// is made, and never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A one-time link that lets a user set their own password (after an admin's reset, or
/// for a new user). Only its hash is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordLink {
    pub user: UserId,
    pub created_by: UserId,
    pub expires_at: DateTime<Utc>,
}

/// What was done to an account by someone else (or through a link), kept so that the
/// user is told at their next sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountEventKind {
    /// An admin ended the user's password, sessions and tokens and made a reset link.
    PasswordReset,
    /// An admin made the account and its first password link.
    Invited,
    /// The password was set through a one-time link.
    PasswordSetByLink,
    Disabled,
    Enabled,
    MadeAdmin,
    AdminRemoved,
}

impl AccountEventKind {
    pub const ALL: [AccountEventKind; 7] = [
        AccountEventKind::PasswordReset,
        AccountEventKind::Invited,
        AccountEventKind::PasswordSetByLink,
        AccountEventKind::Disabled,
        AccountEventKind::Enabled,
        AccountEventKind::MadeAdmin,
        AccountEventKind::AdminRemoved,
    ];

    /// The stable key stores keep and frontends translate.
    pub fn key(self) -> &'static str {
        match self {
            AccountEventKind::PasswordReset => "password_reset",
            AccountEventKind::Invited => "invited",
            AccountEventKind::PasswordSetByLink => "password_set_by_link",
            AccountEventKind::Disabled => "disabled",
            AccountEventKind::Enabled => "enabled",
            AccountEventKind::MadeAdmin => "made_admin",
            AccountEventKind::AdminRemoved => "admin_removed",
        }
    }

    pub fn parse(key: &str) -> Option<AccountEventKind> {
        AccountEventKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One recorded action on an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEvent {
    pub user: UserId,
    pub kind: AccountEventKind,
    pub at: DateTime<Utc>,
    /// Who did it (the user themselves for a link they completed).
    pub by: UserId,
    /// Their name at the time, so the record reads the same after a rename.
    pub by_name: String,
}

/// Sessions and API tokens, keyed by the hash of their secret.
///
/// Implementations must: return `Conflict` for a second token of one user with the same
/// name, or a hash already stored; forget a user's sessions and tokens when the user is
/// gone; treat deleting what is not there as done (logging out twice is not an error).
pub trait AuthOps {
    fn insert_session(&self, hash: &SecretHash, user: UserId, at: DateTime<Utc>) -> Result<()>;
    fn session(&self, hash: &SecretHash) -> Result<Option<SessionRecord>>;
    fn touch_session(&self, hash: &SecretHash, at: DateTime<Utc>) -> Result<()>;
    fn delete_session(&self, hash: &SecretHash) -> Result<()>;
    /// Ends every session of `user`.
    fn delete_sessions_of(&self, user: UserId) -> Result<()>;
    /// Forgets sessions last seen before `before`; returns how many.
    fn delete_sessions_seen_before(&self, before: DateTime<Utc>) -> Result<u64>;

    fn insert_api_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> Result<ApiToken>;
    /// A user's tokens, oldest first.
    fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;
    fn api_token_by_hash(&self, hash: &SecretHash) -> Result<Option<ApiToken>>;
    fn touch_api_token(&self, id: ApiTokenId, at: DateTime<Utc>) -> Result<()>;
    fn delete_api_token(&self, id: ApiTokenId) -> Result<()>;
    /// Revokes every token of `user`.
    fn delete_api_tokens_of(&self, user: UserId) -> Result<()>;

    /// Keeps a password link for `link.user`, replacing any earlier link of that user.
    fn insert_password_link(&self, hash: &SecretHash, link: &PasswordLink) -> Result<()>;
    fn password_link(&self, hash: &SecretHash) -> Result<Option<PasswordLink>>;
    fn delete_password_links_of(&self, user: UserId) -> Result<()>;

    fn insert_account_event(&self, event: &AccountEvent) -> Result<()>;
    /// The events of `user` not yet shown to them, oldest first.
    fn unseen_account_events(&self, user: UserId) -> Result<Vec<AccountEvent>>;
    fn mark_account_events_seen(&self, user: UserId) -> Result<()>;
}
