//! A contact card to print (the contact card PDF of the CLI, the web and the API): the
//! contact with the names of its lists and what hangs off it, gathered for one actor. The
//! access rule is the usual one: a contact the actor may not see is "not found".

use chrono::{DateTime, Utc};

use crate::case::HistoryEntry;
use crate::date::MonthDay;
use crate::error::Result;
use crate::ids::ContactId;
use crate::model::{AttachmentInfo, Contact, FieldValue};
use crate::store::{ListKind, Store};

use super::{Actor, Service};

/// How many history entries a sheet carries (the newest).
pub const SHEET_HISTORY: usize = 200;

/// Everything a printed contact card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactSheet {
    pub contact: Contact,
    /// The organisation's current name when the contact works at one.
    pub organisation: Option<String>,
    /// The private category with the actor's label.
    pub category: Option<String>,
    pub groups: Vec<String>,
    pub status: Option<String>,
    /// Custom fields with values: (label, value), in field order.
    pub fields: Vec<(String, FieldValue)>,
    /// The name-day celebrated (explicit or derived).
    pub nameday: Option<MonthDay>,
    /// Business clients: the account manager's name.
    pub account_manager: Option<String>,
    /// Business clients: when the newest history entry happened.
    pub last_contact: Option<DateTime<Utc>>,
    /// An organisation's people (visible ones).
    pub people: Vec<Contact>,
    pub attachments: Vec<AttachmentInfo>,
    /// Business contacts: the newest [`SHEET_HISTORY`] history entries, each with its
    /// author's name.
    pub history: Vec<(HistoryEntry, String)>,
    /// How many history entries there are in all.
    pub history_total: usize,
}

impl<S: Store> Service<S> {
    /// The printable card of a contact the actor may see.
    pub fn contact_sheet(&self, actor: &Actor, id: ContactId) -> Result<ContactSheet> {
        let contact = self.get(actor, id)?;
        let d = &contact.data;
        let organisation = match d.org_id {
            Some(o) => self.get(actor, o).ok().map(|o| o.data.display_name()),
            None => None,
        };
        let category = match d.category {
            Some(key) => self
                .categories(actor)?
                .into_iter()
                .find(|c| c.key == key)
                .map(|c| c.label),
            None => None,
        };
        let groups = {
            let all = self.labels(ListKind::Group)?;
            d.groups
                .iter()
                .filter_map(|g| all.iter().find(|l| l.id == *g).map(|l| l.name.clone()))
                .collect()
        };
        let status = match d.status {
            Some(s) => self
                .labels(ListKind::Status)?
                .into_iter()
                .find(|l| l.id == s)
                .map(|l| l.name),
            None => None,
        };
        let fields = self
            .fields()?
            .into_iter()
            .filter_map(|f| d.custom.get(&f.id).map(|v| (f.label.clone(), v.clone())))
            .collect();
        let nameday = self.nameday_info(actor, id)?.effective;
        let facts = self.client_facts(actor, &[id])?.into_iter().next();
        let account_manager = facts
            .as_ref()
            .and_then(|(_, f)| f.manager.as_ref().map(|u| u.name.clone()));
        let last_contact = facts.and_then(|(_, f)| f.last_contact);
        let people = self.people_of(actor, id)?;
        let attachments = self.attachments(actor, id)?;
        let (history, history_total) = if contact.book.is_business() {
            let users = self.user_directory(actor)?;
            let all = self.history(actor, id)?;
            let total = all.len();
            let named = all
                .into_iter()
                .take(SHEET_HISTORY)
                .map(|e| {
                    let who = users
                        .iter()
                        .find(|u| u.id == e.author)
                        .map(|u| u.name.clone())
                        .unwrap_or_default();
                    (e, who)
                })
                .collect();
            (named, total)
        } else {
            (Vec::new(), 0)
        };
        Ok(ContactSheet {
            contact,
            organisation,
            category,
            groups,
            status,
            fields,
            nameday,
            account_manager,
            last_contact,
            people,
            attachments,
            history,
            history_total,
        })
    }
}
