//! The trash of the memory store.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::store::{NewTrash, Scope, TrashEntry, TrashOps};

use super::MemOps;

impl TrashOps for MemOps {
    fn insert_trash(&self, new: &NewTrash) -> Result<i64> {
        let mut s = self.w()?;
        let id = s.next();
        s.trash.insert(
            id,
            (
                TrashEntry {
                    id,
                    contact: new.contact,
                    book: new.book,
                    name: new.name.clone(),
                    deleted_at: new.deleted_at,
                    deleted_by: new.deleted_by,
                },
                new.snapshot.clone(),
            ),
        );
        Ok(id)
    }

    fn trash_entries(&self, scope: &Scope) -> Result<Vec<TrashEntry>> {
        let mut out: Vec<TrashEntry> = self
            .r()
            .trash
            .values()
            .filter(|(e, _)| scope.contains(e.book))
            .map(|(e, _)| e.clone())
            .collect();
        out.sort_by_key(|e| std::cmp::Reverse((e.deleted_at, e.id)));
        Ok(out)
    }

    fn trash_entry(&self, id: i64) -> Result<Option<(TrashEntry, String)>> {
        Ok(self.r().trash.get(&id).cloned())
    }

    fn delete_trash(&self, id: i64) -> Result<()> {
        self.w()?.trash.remove(&id);
        Ok(())
    }

    fn delete_trash_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut s = self.w()?;
        let old: Vec<i64> = s
            .trash
            .values()
            .filter(|(e, _)| e.deleted_at < before)
            .map(|(e, _)| e.id)
            .collect();
        for id in &old {
            s.trash.remove(id);
        }
        Ok(old.len() as u64)
    }
}
