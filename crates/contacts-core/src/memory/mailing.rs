//! Mailing rows of the memory store.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ids::{CampaignId, ContactId, UserId};
use crate::mailing::MailAttachment;
use crate::model::Book;
use crate::store::{
    CampaignRecipient, CampaignRecord, CampaignState, ListQuery, MailProfile, MailingOps,
    NewCampaign, RecipientState,
};

use super::MemOps;

#[derive(Debug, Clone, Default)]
pub(super) struct MailState {
    profiles: BTreeMap<UserId, MailProfile>,
    campaigns: BTreeMap<CampaignId, Stored>,
}

#[derive(Debug, Clone)]
struct Stored {
    record: CampaignRecord,
    attachments: Vec<MailAttachment>,
    recipients: Vec<CampaignRecipient>,
}

impl MailingOps for MemOps {
    fn mail_profile(&self, user: UserId) -> Result<Option<MailProfile>> {
        Ok(self.r().mailing.profiles.get(&user).cloned())
    }

    fn set_mail_profile(&self, profile: &MailProfile) -> Result<()> {
        let mut s = self.w()?;
        if !s.users.contains_key(&profile.user) {
            return Err(Error::not_found(format!("user {}", profile.user)));
        }
        s.mailing.profiles.insert(profile.user, profile.clone());
        Ok(())
    }

    fn insert_campaign(&self, new: &NewCampaign) -> Result<CampaignId> {
        let mut s = self.w()?;
        if !s.users.contains_key(&new.created_by) {
            return Err(Error::not_found(format!("user {}", new.created_by)));
        }
        let id = CampaignId(s.next());
        let mut recipients = new.recipients.clone();
        recipients.sort_by_key(|r| r.seq);
        s.mailing.campaigns.insert(
            id,
            Stored {
                record: CampaignRecord {
                    id,
                    created_by: new.created_by,
                    created_at: new.created_at,
                    one_off: new.one_off,
                    spec: new.spec.clone(),
                    state: CampaignState::Ready,
                    note: String::new(),
                },
                attachments: new.attachments.clone(),
                recipients,
            },
        );
        Ok(id)
    }

    fn campaign(&self, id: CampaignId) -> Result<Option<CampaignRecord>> {
        Ok(self
            .r()
            .mailing
            .campaigns
            .get(&id)
            .map(|c| c.record.clone()))
    }

    fn campaigns_by(&self, user: UserId) -> Result<Vec<CampaignRecord>> {
        Ok(self
            .r()
            .mailing
            .campaigns
            .values()
            .rev()
            .filter(|c| c.record.created_by == user)
            .map(|c| c.record.clone())
            .collect())
    }

    fn set_campaign_state(&self, id: CampaignId, state: CampaignState, note: &str) -> Result<()> {
        let mut s = self.w()?;
        let c = s
            .mailing
            .campaigns
            .get_mut(&id)
            .ok_or_else(|| Error::not_found(format!("campaign {id}")))?;
        c.record.state = state;
        c.record.note = note.to_string();
        Ok(())
    }

    fn campaign_attachments(&self, id: CampaignId) -> Result<Vec<MailAttachment>> {
        Ok(self
            .r()
            .mailing
            .campaigns
            .get(&id)
            .map(|c| c.attachments.clone())
            .unwrap_or_default())
    }

    fn campaign_recipients(&self, id: CampaignId) -> Result<Vec<CampaignRecipient>> {
        Ok(self
            .r()
            .mailing
            .campaigns
            .get(&id)
            .map(|c| c.recipients.clone())
            .unwrap_or_default())
    }

    fn next_queued(&self, id: CampaignId) -> Result<Option<CampaignRecipient>> {
        Ok(self.r().mailing.campaigns.get(&id).and_then(|c| {
            c.recipients
                .iter()
                .find(|r| r.state == RecipientState::Queued)
                .cloned()
        }))
    }

    fn set_recipient_state(
        &self,
        id: CampaignId,
        seq: u32,
        state: RecipientState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut s = self.w()?;
        let r = s
            .mailing
            .campaigns
            .get_mut(&id)
            .and_then(|c| c.recipients.iter_mut().find(|r| r.seq == seq))
            .ok_or_else(|| Error::not_found(format!("recipient {seq} of campaign {id}")))?;
        r.state = state;
        r.detail = detail.to_string();
        r.at = Some(at);
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
        let mut s = self.w()?;
        let mut n = 0;
        if let Some(c) = s.mailing.campaigns.get_mut(&id) {
            for r in c.recipients.iter_mut().filter(|r| r.state == from) {
                r.state = to;
                r.detail = detail.to_string();
                r.at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    fn contact_ids(&self, query: &ListQuery) -> Result<Vec<ContactId>> {
        let mut found = self.filtered(query);
        // Name order within each book, the private book first (like SQLite's walk).
        found.sort_by_key(|c| c.book.is_business());
        Ok(found.into_iter().map(|c| c.id).collect())
    }

    fn sort_keys(&self, ids: &[ContactId]) -> Result<Vec<(ContactId, Book, Vec<u8>)>> {
        let s = self.r();
        Ok(ids
            .iter()
            .filter_map(|id| s.contacts.get(id))
            .map(|c| (c.id, c.book, crate::search::sort_key(&c.data)))
            .collect())
    }
}
