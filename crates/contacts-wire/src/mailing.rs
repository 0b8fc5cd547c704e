//! Mailing: an audience with its skips, a previewed message, campaigns and their
//! recipients, what a sending run and a dry run did.

use std::collections::BTreeMap;

use contacts_core::mailing as core;
use contacts_core::service::{CampaignView, SendReport};
use contacts_core::store::CampaignRecipient as CoreCampaignRecipient;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{utc, Book};

/// Why a contact of an audience gets no message (schema only: `MailRecipient::skip`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailSkip {
    OptedOut,
    NoEmail,
    Duplicate,
    BadAddress,
}

/// A contact of an audience: the address a message would go to, or why none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailRecipient {
    /// The contact's id.
    pub id: i64,
    pub book: Book,
    pub name: String,
    pub address: Option<String>,
    #[schema(value_type = Option<MailSkip>)]
    pub skip: Option<String>,
}

impl From<&core::Recipient> for MailRecipient {
    fn from(r: &core::Recipient) -> MailRecipient {
        MailRecipient {
            id: r.contact.0,
            book: r.book.into(),
            name: r.name.clone(),
            address: r.address.clone(),
            skip: r.skip.map(|s| s.key().to_string()),
        }
    }
}

/// How many contacts an audience matches, and (some of) them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailAudienceList {
    pub matched: u64,
    pub recipients: Vec<MailRecipient>,
}

/// A name and an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

impl From<&core::Mailbox> for Mailbox {
    fn from(b: &core::Mailbox) -> Mailbox {
        Mailbox {
            name: b.name.clone(),
            address: b.address.clone(),
        }
    }
}

/// One message as it would be sent to one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailPreview {
    /// The contact's id.
    pub contact: i64,
    pub message_id: String,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// The `List-Unsubscribe` header.
    pub list_unsubscribe: Option<String>,
    /// The attached files' names.
    pub attachments: Vec<String>,
}

impl From<&core::OutgoingMessage> for MailPreview {
    fn from(m: &core::OutgoingMessage) -> MailPreview {
        MailPreview {
            contact: m.contact.0,
            message_id: m.message_id.clone(),
            from: (&m.from).into(),
            reply_to: m.reply_to.as_ref().map(Mailbox::from),
            to: (&m.to).into(),
            subject: m.subject.clone(),
            text: m.text.clone(),
            html: m.html.clone(),
            list_unsubscribe: m
                .unsubscribe
                .as_ref()
                .map(|u| format!("<mailto:{u}?subject=unsubscribe>")),
            attachments: m.attachments.iter().map(|a| a.name.clone()).collect(),
        }
    }
}

/// A campaign's state (schema only: `MailCampaign::state`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CampaignState {
    Ready,
    Sending,
    Stopped,
    Done,
}

/// A recipient's state (schema only: `CampaignRecipient::state`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecipientState {
    Queued,
    Sending,
    Sent,
    Failed,
    Skipped,
    Unknown,
}

/// A recipient of a campaign, numbered from 1 in sending order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CampaignRecipient {
    pub seq: u32,
    /// The contact's id.
    pub contact: i64,
    pub name: String,
    pub address: String,
    #[schema(value_type = RecipientState)]
    pub state: String,
    /// The server's reply, or why failed or skipped.
    pub detail: String,
}

impl From<&CoreCampaignRecipient> for CampaignRecipient {
    fn from(r: &CoreCampaignRecipient) -> CampaignRecipient {
        CampaignRecipient {
            seq: r.seq,
            contact: r.contact.0,
            name: r.name.clone(),
            address: r.address.clone(),
            state: r.state.key().to_string(),
            detail: r.detail.clone(),
        }
    }
}

/// A mailing campaign: its state, subject and how many recipients are in each state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailCampaign {
    pub id: i64,
    #[schema(value_type = CampaignState)]
    pub state: String,
    /// Why it stopped, when it did.
    pub note: String,
    /// A one-off message to one contact.
    pub one_off: bool,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    pub subject: String,
    /// Recipients per state (queued, sending, sent, failed, skipped, unknown).
    pub counts: BTreeMap<String, u64>,
    /// Its recipients, where the answer is one campaign's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<CampaignRecipient>>,
}

impl MailCampaign {
    /// The campaign, with its recipients or without.
    pub fn new(v: &CampaignView, with_recipients: bool) -> MailCampaign {
        MailCampaign {
            id: v.record.id.0,
            state: v.record.state.key().to_string(),
            note: v.record.note.clone(),
            one_off: v.record.one_off,
            created_at: utc(v.record.created_at),
            subject: v.spec.template.subject.clone(),
            counts: v
                .counts()
                .into_iter()
                .map(|(k, n)| (k.key().to_string(), n))
                .collect(),
            recipients: with_recipients
                .then(|| v.recipients.iter().map(CampaignRecipient::from).collect()),
        }
    }
}

/// What a sending run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailSendReport {
    /// The campaign's id.
    pub campaign: i64,
    #[schema(value_type = CampaignState)]
    pub state: String,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Recipients found being sent by a run that stopped; their state is unknown.
    pub unknown_found: u64,
    /// Why the run stopped before the end, if it did.
    pub stopped: Option<String>,
}

impl From<&SendReport> for MailSendReport {
    fn from(r: &SendReport) -> MailSendReport {
        MailSendReport {
            campaign: r.campaign.0,
            state: r.state.key().to_string(),
            sent: r.sent,
            failed: r.failed,
            skipped: r.skipped,
            unknown_found: r.unknown_found,
            stopped: r.stopped.clone(),
        }
    }
}

/// What a dry run wrote: how many messages, where, and who was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MailDryRun {
    pub written: usize,
    pub folder: String,
    pub skipped: Vec<MailRecipient>,
}
