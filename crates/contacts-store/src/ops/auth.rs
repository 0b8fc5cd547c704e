//! Sessions and API tokens on SQLite: rows keyed by the SHA-256 of the secret.

use chrono::{DateTime, Utc};
use contacts_core::ids::{ApiTokenId, UserId};
use contacts_core::store::{
    AccountEvent, AccountEventKind, ApiToken, AuthOps, PasswordLink, SecretHash, SessionRecord,
};
use contacts_core::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};

use super::{parse_ts, sortable_ts, SqlOps};
use crate::backend;

/// Like [`backend`], but a taken primary key (a session hash) is a conflict too.
fn keyed(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY {
            return Error::Conflict("the session exists already".into());
        }
    }
    backend(e)
}

const TOKEN_COLS: &str = "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens";

fn read_token(r: &Row<'_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: ApiTokenId(r.get(0)?),
        user: UserId(r.get(1)?),
        name: r.get(2)?,
        created_at: parse_ts(&r.get::<_, String>(3)?)?,
        last_used_at: r
            .get::<_, Option<String>>(4)?
            .map(|s| parse_ts(&s))
            .transpose()?,
    })
}

impl AuthOps for SqlOps<'_> {
    fn insert_session(&self, hash: &SecretHash, user: UserId, at: DateTime<Utc>) -> Result<()> {
        self.w()?;
        let at = sortable_ts(&at);
        self.conn
            .prepare_cached(
                "INSERT INTO sessions (hash, user_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
            )
            .map_err(backend)?
            .execute(params![&hash.as_bytes()[..], user.0, at])
            .map_err(keyed)?;
        Ok(())
    }

    fn session(&self, hash: &SecretHash) -> Result<Option<SessionRecord>> {
        self.conn
            .prepare_cached(
                "SELECT user_id, created_at, last_seen_at FROM sessions WHERE hash = ?1",
            )
            .map_err(backend)?
            .query_row([&hash.as_bytes()[..]], |r| {
                Ok(SessionRecord {
                    user: UserId(r.get(0)?),
                    created_at: parse_ts(&r.get::<_, String>(1)?)?,
                    last_seen_at: parse_ts(&r.get::<_, String>(2)?)?,
                })
            })
            .optional()
            .map_err(backend)
    }

    fn touch_session(&self, hash: &SecretHash, at: DateTime<Utc>) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("UPDATE sessions SET last_seen_at = ?2 WHERE hash = ?1")
            .map_err(backend)?
            .execute(params![&hash.as_bytes()[..], sortable_ts(&at)])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_session(&self, hash: &SecretHash) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM sessions WHERE hash = ?1")
            .map_err(backend)?
            .execute([&hash.as_bytes()[..]])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_sessions_of(&self, user: UserId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM sessions WHERE user_id = ?1")
            .map_err(backend)?
            .execute([user.0])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_sessions_seen_before(&self, before: DateTime<Utc>) -> Result<u64> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE last_seen_at < ?1")
            .map_err(backend)?
            .execute([sortable_ts(&before)])
            .map_err(backend)?;
        Ok(n as u64)
    }

    fn insert_api_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> Result<ApiToken> {
        self.w()?;
        self.conn
            .prepare_cached(
                "INSERT INTO api_tokens (user_id, name, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(backend)?
            .execute(params![
                user.0,
                name,
                &hash.as_bytes()[..],
                sortable_ts(&at)
            ])
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => Error::Conflict(format!("token '{name}' exists already")),
                other => other,
            })?;
        Ok(ApiToken {
            id: ApiTokenId(self.conn.last_insert_rowid()),
            user,
            name: name.to_string(),
            created_at: at,
            last_used_at: None,
        })
    }

    fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{TOKEN_COLS} WHERE user_id = ?1 ORDER BY id"))
            .map_err(backend)?;
        let rows = st.query_map([user.0], read_token).map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn api_token_by_hash(&self, hash: &SecretHash) -> Result<Option<ApiToken>> {
        self.conn
            .prepare_cached(&format!("{TOKEN_COLS} WHERE hash = ?1"))
            .map_err(backend)?
            .query_row([&hash.as_bytes()[..]], read_token)
            .optional()
            .map_err(backend)
    }

    fn touch_api_token(&self, id: ApiTokenId, at: DateTime<Utc>) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1")
            .map_err(backend)?
            .execute(params![id.0, sortable_ts(&at)])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_api_token(&self, id: ApiTokenId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM api_tokens WHERE id = ?1")
            .map_err(backend)?
            .execute([id.0])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_api_tokens_of(&self, user: UserId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM api_tokens WHERE user_id = ?1")
            .map_err(backend)?
            .execute([user.0])
            .map_err(backend)?;
        Ok(())
    }

    fn insert_password_link(&self, hash: &SecretHash, link: &PasswordLink) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM password_links WHERE user_id = ?1")
            .map_err(backend)?
            .execute([link.user.0])
            .map_err(backend)?;
        self.conn
            .prepare_cached(
                "INSERT INTO password_links (hash, user_id, created_by, expires_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(backend)?
            .execute(params![
                &hash.as_bytes()[..],
                link.user.0,
                link.created_by.0,
                sortable_ts(&link.expires_at)
            ])
            .map_err(keyed)?;
        Ok(())
    }

    fn password_link(&self, hash: &SecretHash) -> Result<Option<PasswordLink>> {
        self.conn
            .prepare_cached(
                "SELECT user_id, created_by, expires_at FROM password_links WHERE hash = ?1",
            )
            .map_err(backend)?
            .query_row([&hash.as_bytes()[..]], |r| {
                Ok(PasswordLink {
                    user: UserId(r.get(0)?),
                    created_by: UserId(r.get(1)?),
                    expires_at: parse_ts(&r.get::<_, String>(2)?)?,
                })
            })
            .optional()
            .map_err(backend)
    }

    fn delete_password_links_of(&self, user: UserId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM password_links WHERE user_id = ?1")
            .map_err(backend)?
            .execute([user.0])
            .map_err(backend)?;
        Ok(())
    }

    fn insert_account_event(&self, e: &AccountEvent) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached(
                "INSERT INTO account_events (user_id, kind, at, by_id, by_name) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(backend)?
            .execute(params![
                e.user.0,
                e.kind.key(),
                sortable_ts(&e.at),
                e.by.0,
                e.by_name
            ])
            .map_err(backend)?;
        Ok(())
    }

    fn unseen_account_events(&self, user: UserId) -> Result<Vec<AccountEvent>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT kind, at, by_id, by_name FROM account_events \
                 WHERE user_id = ?1 AND seen = 0 ORDER BY id",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map([user.0], |r| {
                let kind: String = r.get(0)?;
                Ok((
                    kind,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, at, by, by_name) = row.map_err(backend)?;
            // A kind this version does not know (written by a newer one) is left out.
            let Some(kind) = AccountEventKind::parse(&kind) else {
                continue;
            };
            out.push(AccountEvent {
                user,
                kind,
                at: parse_ts(&at).map_err(backend)?,
                by: UserId(by),
                by_name,
            });
        }
        Ok(out)
    }

    fn mark_account_events_seen(&self, user: UserId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("UPDATE account_events SET seen = 1 WHERE user_id = ?1 AND seen = 0")
            .map_err(backend)?
            .execute([user.0])
            .map_err(backend)?;
        Ok(())
    }
}
