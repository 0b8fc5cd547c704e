//! `InterchangeOps` for the memory store: duplicate keys are computed by a scan over the
//! book (the reference semantics; SQLite keeps them in a table).

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::ids::{AttachmentId, ContactId, ReminderId};
use crate::model::{Book, Contact};
use crate::service::duplicate_keys;
use crate::store::{InterchangeOps, MergeRecord, RowKind};

use super::MemOps;

impl MemOps {
    fn keyed(&self, book: Book) -> BTreeMap<String, Vec<ContactId>> {
        let mut out: BTreeMap<String, Vec<ContactId>> = BTreeMap::new();
        for c in self.r().contacts.values().filter(|c| c.book == book) {
            for k in duplicate_keys(&c.data) {
                let ids = out.entry(k).or_default();
                if !ids.contains(&c.id) {
                    ids.push(c.id);
                }
            }
        }
        out
    }
}

impl InterchangeOps for MemOps {
    fn contacts_with_keys(&self, book: Book, keys: &[String]) -> Result<Vec<(ContactId, String)>> {
        let keyed = self.keyed(book);
        let mut out = Vec::new();
        for k in keys {
            for id in keyed.get(k).into_iter().flatten() {
                out.push((*id, k.clone()));
            }
        }
        Ok(out)
    }

    fn duplicate_pairs(&self, book: Book) -> Result<Vec<(ContactId, ContactId, String)>> {
        let mut out = Vec::new();
        for (k, ids) in self.keyed(book) {
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    out.push(((*a).min(*b), (*a).max(*b), k.clone()));
                }
            }
        }
        Ok(out)
    }

    fn contacts_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<Contact>> {
        let s = self.r();
        Ok(s.contacts
            .range(ContactId(after.0.saturating_add(1))..)
            .map(|(_, c)| c)
            .filter(|c| c.book == book)
            .take(limit)
            .map(|c| Contact {
                has_photo: s.photos.contains_key(&c.id),
                ..c.clone()
            })
            .collect())
    }

    fn restore_contact(&self, contact: &Contact) -> Result<()> {
        let mut s = self.w()?;
        if s.contacts.contains_key(&contact.id) {
            return Err(Error::Conflict(format!("contact {} exists", contact.id)));
        }
        s.contacts.insert(
            contact.id,
            Contact {
                has_photo: false,
                ..contact.clone()
            },
        );
        super::sync::log(&mut s, contact.id, contact.book, false);
        Ok(())
    }

    fn rows_of(&self, kind: RowKind, contact: ContactId) -> Result<Vec<i64>> {
        let s = self.r();
        Ok(match kind {
            RowKind::Attachment => s
                .attachments
                .values()
                .filter(|(i, _)| i.contact == contact)
                .map(|(i, _)| i.id.0)
                .collect(),
            RowKind::History => s.cases.history_ids(contact),
            RowKind::Reminder => s
                .reminders
                .values()
                .filter(|r| r.contact == contact)
                .map(|r| r.id.0)
                .collect(),
            RowKind::Meeting => s
                .meetings
                .values()
                .filter(|m| m.contact == Some(contact))
                .map(|m| m.id.0)
                .collect(),
        })
    }

    fn move_rows(&self, kind: RowKind, ids: &[i64], to: ContactId) -> Result<()> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&to) {
            return Err(Error::not_found(format!("contact {to}")));
        }
        match kind {
            RowKind::Attachment => {
                for id in ids {
                    if let Some((info, _)) = s.attachments.get_mut(&AttachmentId(*id)) {
                        info.contact = to;
                    }
                }
            }
            RowKind::History => s.cases.move_history(ids, to),
            RowKind::Reminder => {
                for id in ids {
                    if let Some(r) = s.reminders.get_mut(&ReminderId(*id)) {
                        r.contact = to;
                    }
                }
            }
            RowKind::Meeting => {
                for id in ids {
                    if let Some(m) = s.meetings.get_mut(&crate::ids::MeetingId(*id)) {
                        m.contact = Some(to);
                    }
                }
            }
        }
        Ok(())
    }

    fn insert_merge(&self, keep: ContactId, other: ContactId, snapshot: &str) -> Result<i64> {
        let mut s = self.w()?;
        let id = s.next();
        s.merges.insert(
            id,
            MergeRecord {
                id,
                keep,
                other,
                snapshot: snapshot.to_string(),
            },
        );
        Ok(id)
    }

    fn last_merge(&self, keep: ContactId) -> Result<Option<MergeRecord>> {
        Ok(self
            .r()
            .merges
            .values()
            .rev()
            .find(|m| m.keep == keep)
            .cloned())
    }

    fn delete_merge(&self, id: i64) -> Result<()> {
        self.w()?.merges.remove(&id);
        Ok(())
    }
}
