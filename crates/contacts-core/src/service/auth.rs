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

use chrono::{DateTime, Duration, Utc};

use super::{Actor, Service};
use crate::error::{Error, Result};
use crate::ids::ApiTokenId;
use crate::store::{ApiToken, SecretHash, Store};

/// A session unused for this long has ended.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// Last-seen and last-used times are kept to this precision.
pub const TOUCH_EVERY: Duration = Duration::minutes(5);
/// The shortest secret accepted (a frontend's 256 random bits as hex are 64).
const MIN_SECRET_CHARS: usize = 32;
/// The longest token name.
const MAX_TOKEN_NAME: usize = 100;

fn hash_secret(secret: &str) -> Result<SecretHash> {
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
}
