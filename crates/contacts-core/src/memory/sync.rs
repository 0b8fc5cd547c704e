//! The change log and resource names of the memory store: every write of a contact gets
//! the next sequence number, kept per contact (the latest change is all a client needs).

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::ids::{ContactId, UserId};
use crate::model::Book;
use crate::store::{SecretHash, SyncEntry, SyncOps, SyncPoint};

use super::{MemOps, State};

/// The key of a book in the name table.
fn book_key(book: Book) -> Option<UserId> {
    match book {
        Book::Private(u) => Some(u),
        Book::Business => None,
    }
}

/// Records that `id` (in `book`) was written or removed.
pub(super) fn log(s: &mut State, id: ContactId, book: Book, removed: bool) {
    s.sync_seq += 1;
    let seq = s.sync_seq;
    s.sync_log.insert(id, (seq, book, removed));
}

impl MemOps {
    fn entry(&self, id: ContactId, removed: bool) -> SyncEntry {
        let s = self.r();
        SyncEntry {
            id,
            name: s.sync_names_by_id.get(&id).cloned(),
            version: if removed {
                None
            } else {
                s.contacts.get(&id).map(|c| c.meta.version)
            },
        }
    }
}

impl SyncOps for MemOps {
    fn sync_point(&self) -> Result<SyncPoint> {
        Ok(SyncPoint {
            seq: self.r().sync_seq,
            last_id: 0,
        })
    }

    fn changes_since(&self, book: Book, since: SyncPoint) -> Result<Vec<SyncEntry>> {
        let changed: Vec<(ContactId, bool)> = self
            .r()
            .sync_log
            .iter()
            .filter(|(_, (seq, b, _))| *seq > since.seq && *b == book)
            .map(|(id, (_, _, removed))| (*id, *removed))
            .collect();
        Ok(changed
            .into_iter()
            .map(|(id, removed)| self.entry(id, removed))
            .collect())
    }

    fn entries_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<SyncEntry>> {
        let ids: Vec<ContactId> = self
            .r()
            .contacts
            .range(ContactId(after.0 + 1)..)
            .filter(|(_, c)| c.book == book)
            .take(limit)
            .map(|(id, _)| *id)
            .collect();
        Ok(ids.into_iter().map(|id| self.entry(id, false)).collect())
    }

    fn contact_named(&self, book: Book, name: &str) -> Result<Option<ContactId>> {
        Ok(self
            .r()
            .sync_names
            .get(&(book_key(book), name.to_string()))
            .copied())
    }

    fn name_of(&self, id: ContactId) -> Result<Option<String>> {
        Ok(self.r().sync_names_by_id.get(&id).cloned())
    }

    fn set_name(&self, book: Book, name: &str, id: ContactId) -> Result<()> {
        let mut s = self.w()?;
        let key = (book_key(book), name.to_string());
        if let Some(old) = s.sync_names.insert(key, id) {
            s.sync_names_by_id.remove(&old);
        }
        if let Some(old_name) = s.sync_names_by_id.insert(id, name.to_string()) {
            if old_name != name {
                s.sync_names.remove(&(book_key(book), old_name));
            }
        }
        Ok(())
    }

    fn feed_user(&self, hash: &SecretHash) -> Result<Option<UserId>> {
        Ok(self
            .r()
            .feed_links
            .iter()
            .find(|(_, (h, _))| h == hash)
            .map(|(u, _)| *u))
    }

    fn feed_link(&self, user: UserId) -> Result<Option<DateTime<Utc>>> {
        Ok(self.r().feed_links.get(&user).map(|(_, at)| *at))
    }

    fn set_feed_link(
        &self,
        user: UserId,
        link: Option<(&SecretHash, DateTime<Utc>)>,
    ) -> Result<()> {
        let mut s = self.w()?;
        match link {
            Some((h, at)) => {
                s.feed_links.insert(user, (*h, at));
            }
            None => {
                s.feed_links.remove(&user);
            }
        }
        Ok(())
    }
}
