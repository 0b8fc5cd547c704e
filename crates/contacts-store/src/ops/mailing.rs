//! Mailing rows on SQLite (migration 011): profiles, campaigns, attachments, recipients.

use chrono::{DateTime, Utc};
use contacts_core::ids::{CampaignId, ContactId, UserId};
use contacts_core::mailing::MailAttachment;
use contacts_core::model::Book;
use contacts_core::store::{
    CampaignRecipient, CampaignRecord, CampaignState, ListQuery, ListSort, MailProfile, MailingOps,
    NewCampaign, Ops, RecipientState,
};
use contacts_core::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::{corrupt, opt_int, parse_ts, sortable_ts, SqlOps};
use crate::backend;

const CAMPAIGN_COLS: &str =
    "SELECT id, created_by, created_at, one_off, spec, state, note FROM campaigns";
const RECIPIENT_COLS: &str =
    "SELECT seq, contact_id, name, address, state, detail, at FROM campaign_recipients";

fn read_campaign(r: &Row<'_>) -> rusqlite::Result<CampaignRecord> {
    let state: String = r.get(5)?;
    Ok(CampaignRecord {
        id: CampaignId(r.get(0)?),
        created_by: UserId(r.get(1)?),
        created_at: parse_ts(&r.get::<_, String>(2)?)?,
        one_off: r.get(3)?,
        spec: r.get(4)?,
        state: CampaignState::parse(&state)
            .ok_or_else(|| corrupt(format!("bad campaign state '{state}'")))?,
        note: r.get(6)?,
    })
}

fn read_recipient(r: &Row<'_>) -> rusqlite::Result<CampaignRecipient> {
    let state: String = r.get(4)?;
    Ok(CampaignRecipient {
        seq: r.get(0)?,
        contact: ContactId(r.get(1)?),
        name: r.get(2)?,
        address: r.get(3)?,
        state: RecipientState::parse(&state)
            .ok_or_else(|| corrupt(format!("bad recipient state '{state}'")))?,
        detail: r.get(5)?,
        at: r
            .get::<_, Option<String>>(6)?
            .map(|s| parse_ts(&s))
            .transpose()?,
    })
}

impl MailingOps for SqlOps<'_> {
    fn mail_profile(&self, user: UserId) -> Result<Option<MailProfile>> {
        self.conn
            .prepare_cached(
                "SELECT may_send, display_name, address, signature FROM mail_profiles WHERE user_id = ?1",
            )
            .map_err(backend)?
            .query_row([user.0], |r| {
                Ok(MailProfile {
                    user,
                    may_send: r.get(0)?,
                    display_name: r.get(1)?,
                    address: r.get(2)?,
                    signature: r.get(3)?,
                })
            })
            .optional()
            .map_err(backend)
    }

    fn set_mail_profile(&self, p: &MailProfile) -> Result<()> {
        self.w()?;
        if self.user(p.user)?.is_none() {
            return Err(Error::not_found(format!("user {}", p.user)));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO mail_profiles (user_id, may_send, display_name, address, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (user_id) DO UPDATE SET may_send = excluded.may_send,
                   display_name = excluded.display_name, address = excluded.address,
                   signature = excluded.signature",
            )
            .map_err(backend)?
            .execute(params![
                p.user.0,
                p.may_send,
                p.display_name,
                p.address,
                p.signature
            ])
            .map_err(backend)?;
        Ok(())
    }

    fn insert_campaign(&self, new: &NewCampaign) -> Result<CampaignId> {
        self.w()?;
        if self.user(new.created_by)?.is_none() {
            return Err(Error::not_found(format!("user {}", new.created_by)));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO campaigns (created_by, created_at, one_off, spec, state, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, '')",
            )
            .map_err(backend)?
            .execute(params![
                new.created_by.0,
                sortable_ts(&new.created_at),
                new.one_off,
                new.spec,
                CampaignState::Ready.key()
            ])
            .map_err(backend)?;
        let id = self.conn.last_insert_rowid();
        let mut st = self
            .conn
            .prepare_cached(
                "INSERT INTO campaign_attachments (campaign_id, n, name, media_type, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(backend)?;
        for (n, a) in new.attachments.iter().enumerate() {
            st.execute(params![id, n as i64, a.name, a.media_type, a.bytes])
                .map_err(backend)?;
        }
        let mut st = self
            .conn
            .prepare_cached(
                "INSERT INTO campaign_recipients (campaign_id, seq, contact_id, name, address, state, detail, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(backend)?;
        for r in &new.recipients {
            st.execute(params![
                id,
                r.seq,
                r.contact.0,
                r.name,
                r.address,
                r.state.key(),
                r.detail,
                r.at.as_ref().map(sortable_ts)
            ])
            .map_err(backend)?;
        }
        Ok(CampaignId(id))
    }

    fn campaign(&self, id: CampaignId) -> Result<Option<CampaignRecord>> {
        self.conn
            .prepare_cached(&format!("{CAMPAIGN_COLS} WHERE id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_campaign)
            .optional()
            .map_err(backend)
    }

    fn campaigns_by(&self, user: UserId) -> Result<Vec<CampaignRecord>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "{CAMPAIGN_COLS} WHERE created_by = ?1 ORDER BY id DESC"
            ))
            .map_err(backend)?;
        let rows = st.query_map([user.0], read_campaign).map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn set_campaign_state(&self, id: CampaignId, state: CampaignState, note: &str) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached("UPDATE campaigns SET state = ?2, note = ?3 WHERE id = ?1")
            .map_err(backend)?
            .execute(params![id.0, state.key(), note])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("campaign {id}")));
        }
        Ok(())
    }

    fn campaign_attachments(&self, id: CampaignId) -> Result<Vec<MailAttachment>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT name, media_type, bytes FROM campaign_attachments WHERE campaign_id = ?1 ORDER BY n",
            )
            .map_err(backend)?;
        let rows = st
            .query_map([id.0], |r| {
                Ok(MailAttachment {
                    name: r.get(0)?,
                    media_type: r.get(1)?,
                    bytes: r.get(2)?,
                })
            })
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn campaign_recipients(&self, id: CampaignId) -> Result<Vec<CampaignRecipient>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "{RECIPIENT_COLS} WHERE campaign_id = ?1 ORDER BY seq"
            ))
            .map_err(backend)?;
        let rows = st.query_map([id.0], read_recipient).map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn next_queued(&self, id: CampaignId) -> Result<Option<CampaignRecipient>> {
        self.conn
            .prepare_cached(&format!(
                "{RECIPIENT_COLS} WHERE campaign_id = ?1 AND state = 'queued' ORDER BY seq LIMIT 1"
            ))
            .map_err(backend)?
            .query_row([id.0], read_recipient)
            .optional()
            .map_err(backend)
    }

    fn set_recipient_state(
        &self,
        id: CampaignId,
        seq: u32,
        state: RecipientState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE campaign_recipients SET state = ?3, detail = ?4, at = ?5
                 WHERE campaign_id = ?1 AND seq = ?2",
            )
            .map_err(backend)?
            .execute(params![id.0, seq, state.key(), detail, sortable_ts(&at)])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!(
                "recipient {seq} of campaign {id}"
            )));
        }
        Ok(())
    }

    fn move_recipients(
        &self,
        id: CampaignId,
        from: RecipientState,
        to: RecipientState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE campaign_recipients SET state = ?3, detail = ?4, at = ?5
                 WHERE campaign_id = ?1 AND state = ?2",
            )
            .map_err(backend)?
            .execute(params![
                id.0,
                from.key(),
                to.key(),
                detail,
                sortable_ts(&at)
            ])
            .map_err(backend)?;
        Ok(n as u64)
    }

    fn contact_ids(&self, q: &ListQuery) -> Result<Vec<ContactId>> {
        self.flush_pending()?;
        let mut out = Vec::new();
        for owner in Self::owners(&q.scope) {
            let mut sql = "SELECT c.id FROM contacts c WHERE c.owner_id IS ?1".to_string();
            let mut args: Vec<Value> = vec![opt_int(owner)];
            self.filters(q, &mut sql, &mut args);
            sql.push_str(match q.sort {
                ListSort::Name => " ORDER BY c.owner_id, c.sort_key, c.id",
                ListSort::Recent => " ORDER BY c.owner_id DESC, c.updated_at DESC, c.id DESC",
            });
            let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
            let rows = st
                .query_map(params_from_iter(args), |r| Ok(ContactId(r.get(0)?)))
                .map_err(backend)?;
            for row in rows {
                out.push(row.map_err(backend)?);
            }
        }
        Ok(out)
    }

    fn sort_keys(&self, ids: &[ContactId]) -> Result<Vec<(ContactId, Book, Vec<u8>)>> {
        self.flush_pending()?;
        // Whole chunks share one cached statement; only the last one differs.
        const CHUNK: usize = 500;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT id, owner_id, sort_key FROM contacts WHERE id IN ({marks})");
            let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
            let rows = st
                .query_map(params_from_iter(chunk.iter().map(|id| id.0)), |r| {
                    let book = match r.get::<_, Option<i64>>(1)? {
                        Some(u) => Book::Private(UserId(u)),
                        None => Book::Business,
                    };
                    Ok((ContactId(r.get(0)?), book, r.get::<_, Vec<u8>>(2)?))
                })
                .map_err(backend)?;
            for row in rows {
                out.push(row.map_err(backend)?);
            }
        }
        Ok(out)
    }
}
