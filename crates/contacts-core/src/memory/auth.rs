//! Sessions and API tokens of the memory store.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ids::{ApiTokenId, UserId};
use crate::store::{AccountEvent, ApiToken, AuthOps, PasswordLink, SecretHash, SessionRecord};

use super::MemOps;

impl AuthOps for MemOps {
    fn insert_session(&self, hash: &SecretHash, user: UserId, at: DateTime<Utc>) -> Result<()> {
        let mut s = self.w()?;
        if !s.users.contains_key(&user) {
            return Err(Error::not_found(format!("user {user}")));
        }
        if s.sessions.contains_key(hash) {
            return Err(Error::Conflict("the session exists already".into()));
        }
        s.sessions.insert(
            *hash,
            SessionRecord {
                user,
                created_at: at,
                last_seen_at: at,
            },
        );
        Ok(())
    }

    fn session(&self, hash: &SecretHash) -> Result<Option<SessionRecord>> {
        Ok(self.r().sessions.get(hash).cloned())
    }

    fn touch_session(&self, hash: &SecretHash, at: DateTime<Utc>) -> Result<()> {
        if let Some(rec) = self.w()?.sessions.get_mut(hash) {
            rec.last_seen_at = at;
        }
        Ok(())
    }

    fn delete_session(&self, hash: &SecretHash) -> Result<()> {
        self.w()?.sessions.remove(hash);
        Ok(())
    }

    fn delete_sessions_of(&self, user: UserId) -> Result<()> {
        self.w()?.sessions.retain(|_, rec| rec.user != user);
        Ok(())
    }

    fn delete_sessions_seen_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut s = self.w()?;
        let n = s.sessions.len();
        s.sessions.retain(|_, rec| rec.last_seen_at >= before);
        Ok((n - s.sessions.len()) as u64)
    }

    fn insert_api_token(
        &self,
        user: UserId,
        name: &str,
        hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> Result<ApiToken> {
        let mut s = self.w()?;
        if !s.users.contains_key(&user) {
            return Err(Error::not_found(format!("user {user}")));
        }
        if s.api_tokens
            .values()
            .any(|(t, h)| h == hash || (t.user == user && t.name == name))
        {
            return Err(Error::Conflict(format!("token '{name}' exists already")));
        }
        let token = ApiToken {
            id: ApiTokenId(s.next()),
            user,
            name: name.to_string(),
            created_at: at,
            last_used_at: None,
        };
        s.api_tokens.insert(token.id, (token.clone(), *hash));
        Ok(token)
    }

    fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        Ok(self
            .r()
            .api_tokens
            .values()
            .filter(|(t, _)| t.user == user)
            .map(|(t, _)| t.clone())
            .collect())
    }

    fn api_token_by_hash(&self, hash: &SecretHash) -> Result<Option<ApiToken>> {
        Ok(self
            .r()
            .api_tokens
            .values()
            .find(|(_, h)| h == hash)
            .map(|(t, _)| t.clone()))
    }

    fn touch_api_token(&self, id: ApiTokenId, at: DateTime<Utc>) -> Result<()> {
        if let Some((t, _)) = self.w()?.api_tokens.get_mut(&id) {
            t.last_used_at = Some(at);
        }
        Ok(())
    }

    fn delete_api_token(&self, id: ApiTokenId) -> Result<()> {
        self.w()?.api_tokens.remove(&id);
        Ok(())
    }

    fn delete_api_tokens_of(&self, user: UserId) -> Result<()> {
        self.w()?.api_tokens.retain(|_, (t, _)| t.user != user);
        Ok(())
    }

    fn insert_password_link(&self, hash: &SecretHash, link: &PasswordLink) -> Result<()> {
        let mut s = self.w()?;
        if !s.users.contains_key(&link.user) {
            return Err(Error::not_found(format!("user {}", link.user)));
        }
        s.password_links.retain(|_, l| l.user != link.user);
        s.password_links.insert(*hash, link.clone());
        Ok(())
    }

    fn password_link(&self, hash: &SecretHash) -> Result<Option<PasswordLink>> {
        Ok(self.r().password_links.get(hash).cloned())
    }

    fn delete_password_links_of(&self, user: UserId) -> Result<()> {
        self.w()?.password_links.retain(|_, l| l.user != user);
        Ok(())
    }

    fn insert_account_event(&self, event: &AccountEvent) -> Result<()> {
        let mut s = self.w()?;
        if !s.users.contains_key(&event.user) {
            return Err(Error::not_found(format!("user {}", event.user)));
        }
        s.account_events.push((event.clone(), false));
        Ok(())
    }

    fn unseen_account_events(&self, user: UserId) -> Result<Vec<AccountEvent>> {
        Ok(self
            .r()
            .account_events
            .iter()
            .filter(|(e, seen)| e.user == user && !seen)
            .map(|(e, _)| e.clone())
            .collect())
    }

    fn mark_account_events_seen(&self, user: UserId) -> Result<()> {
        for (e, seen) in self.w()?.account_events.iter_mut() {
            if e.user == user {
                *seen = true;
            }
        }
        Ok(())
    }
}
