//! The store operations of mailing: per-user sending profiles, campaigns with their
//! recipients, and the ids of an audience's list part. The rules (who may send, which
//! state follows which, never twice) live in `service/mailing.rs`.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::ids::{CampaignId, ContactId, UserId};
use crate::mailing::MailAttachment;
use crate::model::Book;
use crate::store::ListQuery;

/// A user's mailing profile: the right to send campaigns (set by an admin) and how their
/// messages are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailProfile {
    pub user: UserId,
    pub may_send: bool,
    /// The name in From: (empty: the user name).
    pub display_name: String,
    /// The employee's address (Reply-To:, and From: when the installation sets none).
    pub address: String,
    pub signature: String,
}

impl MailProfile {
    /// A user's profile before anything was set: no right to send campaigns.
    pub fn new(user: UserId) -> MailProfile {
        MailProfile {
            user,
            may_send: false,
            display_name: String::new(),
            address: String::new(),
            signature: String::new(),
        }
    }
}

/// Where a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignState {
    /// Made, nothing sent yet.
    Ready,
    /// A sender is (or was, until it crashed) working on it.
    Sending,
    /// Stopped by a fault or by the user; sending again resumes.
    Stopped,
    /// Every recipient has a final state.
    Done,
}

impl CampaignState {
    pub const ALL: [CampaignState; 4] = [
        CampaignState::Ready,
        CampaignState::Sending,
        CampaignState::Stopped,
        CampaignState::Done,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CampaignState::Ready => "ready",
            CampaignState::Sending => "sending",
            CampaignState::Stopped => "stopped",
            CampaignState::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignState> {
        CampaignState::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Where one recipient of a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecipientState {
    Queued,
    /// Marked just before its SMTP transaction; found so after a crash it becomes
    /// `Unknown`.
    Sending,
    /// `detail` holds the server's reply.
    Sent,
    /// `detail` holds the reason (the server's reply).
    Failed,
    /// `detail` holds the [`crate::mailing::Skip`] key or another reason.
    Skipped,
    /// The sender stopped during this recipient's transaction: it may or may not have
    /// been delivered. Reported, never resent unless a user says so.
    Unknown,
}

impl RecipientState {
    pub const ALL: [RecipientState; 6] = [
        RecipientState::Queued,
        RecipientState::Sending,
        RecipientState::Sent,
        RecipientState::Failed,
        RecipientState::Skipped,
        RecipientState::Unknown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RecipientState::Queued => "queued",
            RecipientState::Sending => "sending",
            RecipientState::Sent => "sent",
            RecipientState::Failed => "failed",
            RecipientState::Skipped => "skipped",
            RecipientState::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<RecipientState> {
        RecipientState::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// A stored campaign. `spec` is JSON written and read by the core only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRecord {
    pub id: CampaignId,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    /// A one-off message to one contact (anyone may send those).
    pub one_off: bool,
    pub spec: String,
    pub state: CampaignState,
    /// Why it stopped, when it did.
    pub note: String,
}

/// A recipient row of a campaign, numbered from 1 in sending order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRecipient {
    pub seq: u32,
    pub contact: ContactId,
    pub name: String,
    pub address: String,
    pub state: RecipientState,
    pub detail: String,
    /// When the state last changed.
    pub at: Option<DateTime<Utc>>,
}

/// A campaign as it goes into the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub one_off: bool,
    pub spec: String,
    pub attachments: Vec<MailAttachment>,
    pub recipients: Vec<CampaignRecipient>,
}

/// Mailing rows. Implementations keep recipients in `seq` order and never return another
/// campaign's rows.
pub trait MailingOps {
    fn mail_profile(&self, user: UserId) -> Result<Option<MailProfile>>;
    fn set_mail_profile(&self, profile: &MailProfile) -> Result<()>;

    /// Stores a campaign in state `Ready` with its attachments and recipients.
    fn insert_campaign(&self, new: &NewCampaign) -> Result<CampaignId>;
    fn campaign(&self, id: CampaignId) -> Result<Option<CampaignRecord>>;
    /// The campaigns a user made, newest first.
    fn campaigns_by(&self, user: UserId) -> Result<Vec<CampaignRecord>>;
    fn set_campaign_state(&self, id: CampaignId, state: CampaignState, note: &str) -> Result<()>;
    fn campaign_attachments(&self, id: CampaignId) -> Result<Vec<MailAttachment>>;
    /// Every recipient row, in `seq` order.
    fn campaign_recipients(&self, id: CampaignId) -> Result<Vec<CampaignRecipient>>;
    /// The queued recipient with the lowest `seq`.
    fn next_queued(&self, id: CampaignId) -> Result<Option<CampaignRecipient>>;
    /// Sets one recipient's state; `NotFound` when there is no such row.
    fn set_recipient_state(
        &self,
        id: CampaignId,
        seq: u32,
        state: RecipientState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// Turns every recipient in state `from` into `to` (with `detail`); returns how many.
    fn move_recipients(
        &self,
        id: CampaignId,
        from: RecipientState,
        to: RecipientState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<u64>;

    /// The ids of every contact a list would show over all its pages (`limit` and
    /// `offset` ignored): each book in name order, the private book first. Nothing
    /// outside the scope.
    fn contact_ids(&self, query: &ListQuery) -> Result<Vec<ContactId>>;

    /// For each of `ids` that exists: its book and its name's sort key
    /// ([`crate::search::sort_key`]), in any order; ids that do not exist are left out.
    /// Enough to count an audience and pick its first page without reading every contact.
    fn sort_keys(&self, ids: &[ContactId]) -> Result<Vec<(ContactId, Book, Vec<u8>)>>;
}
