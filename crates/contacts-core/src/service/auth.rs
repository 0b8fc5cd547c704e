//! Web sessions and personal API tokens: the rules, once for every frontend.
//!
//! - Secrets (session ids, API tokens) are made by the frontend (random, at least 32
//!   characters) and handed to the service, which keeps only their SHA-256.
//! - A session ends when unused for [`SESSION_IDLE`], on logout, and for every session of a
//!   user who is disabled or gets a new password (see [`Service::update_user`]).
//! - A token belongs to one user, who alone may list and revoke it; any other user's token
//!   id is "not found". A token acts as its user, and stops working when the user is
//!   disabled.
//! - Last-use times are written at most every [`TOUCH_EVERY`], so a busy session or
//!   token does not turn every request into a write.
//! - An admin never learns or sets another user's password: a reset ends the user's
//!   password, sessions and tokens and keeps a one-time link (valid for
//!   [`PASSWORD_LINK_VALID`]) with which the user sets a new one; a new account gets such a
//!   link too. Every admin action on an account (reset, invitation, disabling, enabling,
//!   role change) and the use of a link is recorded and shown to the user at their next
//!   sign-in ([`Service::account_notices`]). Whoever holds the database file holds
//!   everything: the CLI's [`Service::set_password_locally`] is that power, not an admin's.

use chrono::{DateTime, Duration, Utc};

use super::{Actor, Service};
use crate::error::{Error, Result};
use crate::ids::ApiTokenId;
use crate::model::User;
use crate::password::NewPassword;
use crate::store::{
    AccountEvent, AccountEventKind, ApiToken, Ops, PasswordLink, SecretHash, Store,
};

/// A session unused for this long has ended.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// Last-seen and last-used times are kept to this precision.
pub const TOUCH_EVERY: Duration = Duration::minutes(5);
/// The shortest secret accepted (a frontend's 256 random bits as hex are 64).
const MIN_SECRET_CHARS: usize = 32;
/// The longest token name.
pub const MAX_TOKEN_NAME: usize = 100;
/// How long a password link works.
pub const PASSWORD_LINK_VALID: Duration = Duration::hours(72);

pub(super) fn hash_secret(secret: &str) -> Result<SecretHash> {
    if secret.chars().count() < MIN_SECRET_CHARS {
        return Err(Error::invalid(
            "secret",
            format!("a session id or token needs at least {MIN_SECRET_CHARS} random characters"),
        ));
    }
    Ok(SecretHash::of(secret))
}

fn stale(last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now.signed_duration_since(last) >= TOUCH_EVERY
}

impl<S: Store> Service<S> {
    /// Starts a web session `session_id` for `actor` (who has just proved who they are),
    /// and forgets sessions that have ended by idling.
    pub fn start_session(&self, actor: &Actor, session_id: &str) -> Result<()> {
        let hash = hash_secret(session_id)?;
        let now = self.now();
        let idle_before = now.checked_sub_signed(SESSION_IDLE).unwrap_or(now);
        self.store.write(|ops| {
            ops.delete_sessions_seen_before(idle_before)?;
            ops.insert_session(&hash, actor.id, now)
        })
    }

    /// The user of a live session, or `None` (unknown, idle too long, or its user has been
    /// disabled since). An ended session is removed; a used one is marked seen.
    pub fn session_actor(&self, session_id: &str) -> Result<Option<Actor>> {
        let Ok(hash) = hash_secret(session_id) else {
            return Ok(None);
        };
        let now = self.now();
        let found = self.store.read(|ops| {
            let Some(rec) = ops.session(&hash)? else {
                return Ok(None);
            };
            let user = ops.user(rec.user)?;
            Ok(Some((rec, user)))
        })?;
        let Some((rec, user)) = found else {
            return Ok(None);
        };
        let ended = now.signed_duration_since(rec.last_seen_at) >= SESSION_IDLE;
        let actor = user.and_then(|u| Actor::of(&u).ok());
        match actor {
            Some(actor) if !ended => {
                if stale(rec.last_seen_at, now) {
                    self.store.write(|ops| ops.touch_session(&hash, now))?;
                }
                Ok(Some(actor))
            }
            _ => {
                self.store.write(|ops| ops.delete_session(&hash))?;
                Ok(None)
            }
        }
    }

    /// Ends a session (logout). Ending an unknown one is not an error.
    pub fn end_session(&self, session_id: &str) -> Result<()> {
        let Ok(hash) = hash_secret(session_id) else {
            return Ok(());
        };
        self.store.write(|ops| ops.delete_session(&hash))
    }

    /// Makes a personal API token named `name` for the actor; `token` is the secret the
    /// frontend shows the user once.
    pub fn create_api_token(&self, actor: &Actor, name: &str, token: &str) -> Result<ApiToken> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "a token needs a name"));
        }
        if name.chars().count() > MAX_TOKEN_NAME || name.chars().any(char::is_control) {
            return Err(Error::invalid(
                "name",
                format!("a token name is one line of at most {MAX_TOKEN_NAME} characters"),
            ));
        }
        let hash = hash_secret(token)?;
        let now = self.now();
        self.store
            .write(|ops| ops.insert_api_token(actor.id, name, &hash, now))
            .map_err(|e| match e {
                Error::Conflict(_) => {
                    Error::Conflict(format!("you have a token named '{name}' already"))
                }
                other => other,
            })
    }

    /// The actor's own tokens, oldest first.
    pub fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>> {
        self.store.read(|ops| ops.api_tokens(actor.id))
    }

    /// Revokes one of the actor's own tokens; anyone else's is "not found".
    pub fn revoke_api_token(&self, actor: &Actor, id: ApiTokenId) -> Result<()> {
        self.store.write(|ops| {
            if !ops.api_tokens(actor.id)?.iter().any(|t| t.id == id) {
                return Err(Error::not_found(format!("token {id}")));
            }
            ops.delete_api_token(id)
        })
    }

    /// The user a bearer token acts as, or `None` (unknown, revoked, user disabled).
    pub fn token_actor(&self, token: &str) -> Result<Option<Actor>> {
        let Ok(hash) = hash_secret(token) else {
            return Ok(None);
        };
        let now = self.now();
        let found = self.store.read(|ops| {
            let Some(t) = ops.api_token_by_hash(&hash)? else {
                return Ok(None);
            };
            let user = ops.user(t.user)?;
            Ok(Some((t, user)))
        })?;
        let Some((t, Some(user))) = found else {
            return Ok(None);
        };
        let Ok(actor) = Actor::of(&user) else {
            return Ok(None);
        };
        if t.last_used_at.is_none_or(|at| stale(at, now)) {
            self.store.write(|ops| ops.touch_api_token(t.id, now))?;
        }
        Ok(Some(actor))
    }

    // ---- password links and account events --------------------------------------------

    /// An admin's password reset for user `name`: their password stops working, their
    /// sessions end, their tokens are revoked, and a one-time link with the secret `secret`
    /// (made by the frontend, given to the user) lets them set a new one. The admin never
    /// gets a password that works. Recorded for the user.
    pub fn reset_password(&self, actor: &Actor, name: &str, secret: &str) -> Result<User> {
        self.password_link_for(actor, name, secret, AccountEventKind::PasswordReset)
    }

    /// Adds a user (only an admin may) without a password, with a one-time link to set it.
    pub fn invite_user(
        &self,
        actor: &Actor,
        name: &str,
        admin: bool,
        secret: &str,
    ) -> Result<User> {
        if !actor.admin {
            return Err(Error::Forbidden("only an admin may add users".into()));
        }
        hash_secret(secret)?;
        let user = self.add_user(Some(actor), name, admin)?;
        self.password_link_for(actor, &user.name, secret, AccountEventKind::Invited)
    }

    fn password_link_for(
        &self,
        actor: &Actor,
        name: &str,
        secret: &str,
        kind: AccountEventKind,
    ) -> Result<User> {
        if !actor.admin {
            return Err(Error::Forbidden("only an admin may reset passwords".into()));
        }
        let hash = hash_secret(secret)?;
        let now = self.now();
        self.store.write(|ops| {
            let mut user = ops
                .user_by_name(name)?
                .ok_or_else(|| Error::not_found(format!("user '{name}'")))?;
            if user.id == actor.id && kind == AccountEventKind::PasswordReset {
                return Err(Error::invalid(
                    "user",
                    "change your own password on the settings page",
                ));
            }
            user.password_hash = None;
            ops.update_user(&user)?;
            ops.delete_sessions_of(user.id)?;
            ops.delete_api_tokens_of(user.id)?;
            ops.insert_password_link(
                &hash,
                &PasswordLink {
                    user: user.id,
                    created_by: actor.id,
                    expires_at: now + PASSWORD_LINK_VALID,
                },
            )?;
            record(ops, &user, kind, actor, now)?;
            Ok(user)
        })
    }

    /// The user a password link is for, while it works (not used, not expired, the user
    /// not disabled); `None` otherwise.
    pub fn password_link_user(&self, secret: &str) -> Result<Option<User>> {
        let Ok(hash) = hash_secret(secret) else {
            return Ok(None);
        };
        let now = self.now();
        self.store.read(|ops| live_link(ops, &hash, now))
    }

    /// Sets the password of the link's user (the one the holder typed, which met the rule
    /// to become a `NewPassword`; hashed here) and ends the link. Recorded for the user.
    pub fn complete_password_link(&self, secret: &str, password: &NewPassword) -> Result<Actor> {
        let hash = hash_secret(secret)?;
        let password_hash = password.hash()?;
        let now = self.now();
        let user = self.store.write(|ops| {
            let mut user =
                live_link(ops, &hash, now)?.ok_or_else(|| Error::not_found("password link"))?;
            user.password_hash = Some(password_hash);
            ops.update_user(&user)?;
            ops.delete_password_links_of(user.id)?;
            ops.delete_sessions_of(user.id)?;
            let by = Actor::of(&user)?;
            record(ops, &user, AccountEventKind::PasswordSetByLink, &by, now)?;
            Ok(user)
        })?;
        Actor::of(&user)
    }

    /// What was done to the actor's account that they have not been shown yet.
    pub fn account_notices(&self, actor: &Actor) -> Result<Vec<AccountEvent>> {
        self.store.read(|ops| ops.unseen_account_events(actor.id))
    }

    /// The actor has been shown their account notices.
    pub fn acknowledge_account_notices(&self, actor: &Actor) -> Result<()> {
        self.store
            .write(|ops| ops.mark_account_events_seen(actor.id))
    }

    /// Sets a user's password directly. Only for whoever holds the database file (the
    /// CLI): they can read everything in it anyway. Frontends for other people use
    /// [`Service::reset_password`] and the user's own change instead.
    pub fn set_password_locally(&self, name: &str, password: &NewPassword) -> Result<User> {
        let password_hash = password.hash()?;
        self.store.write(|ops| {
            let mut user = ops
                .user_by_name(name)?
                .ok_or_else(|| Error::not_found(format!("user '{name}'")))?;
            user.password_hash = Some(password_hash);
            ops.update_user(&user)?;
            ops.delete_sessions_of(user.id)?;
            ops.delete_password_links_of(user.id)?;
            Ok(user)
        })
    }
}

/// The user of a link that still works.
fn live_link(ops: &dyn Ops, hash: &SecretHash, now: DateTime<Utc>) -> Result<Option<User>> {
    let Some(link) = ops.password_link(hash)? else {
        return Ok(None);
    };
    if link.expires_at <= now {
        return Ok(None);
    }
    Ok(ops.user(link.user)?.filter(|u| !u.disabled))
}

/// Records an action on `user`'s account.
pub(super) fn record(
    ops: &dyn Ops,
    user: &User,
    kind: AccountEventKind,
    by: &Actor,
    at: DateTime<Utc>,
) -> Result<()> {
    let by_name = ops
        .user(by.id)?
        .map(|u| u.name)
        .unwrap_or_else(|| by.id.to_string());
    ops.insert_account_event(&AccountEvent {
        user: user.id,
        kind,
        at,
        by: by.id,
        by_name,
    })
}
