//! `CaseOps` for the memory store: history, account managers, cases and detail items.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::MemOps;
use crate::case::{
    totals_of, ActivityCounts, Case, CaseQuery, Detail, HistoryEntry, HistoryFile, NewHistoryEntry,
    OpenCaseValue,
};
use crate::case_store::CaseOps;
use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, DetailId, HistoryFileId, HistoryId, LabelId, UserId};

#[derive(Debug, Clone, Default)]
pub(super) struct CaseState {
    history: BTreeMap<HistoryId, HistoryEntry>,
    history_bytes: BTreeMap<HistoryFileId, Vec<u8>>,
    pub(super) managers: BTreeMap<ContactId, UserId>,
    cases: BTreeMap<CaseId, Case>,
    details: BTreeMap<DetailId, Detail>,
    detail_bytes: BTreeMap<DetailId, Vec<u8>>,
    case_reminders: BTreeMap<crate::ids::ReminderId, CaseId>,
}

impl CaseState {
    /// The history entries of a contact (merge moves them).
    pub(super) fn history_ids(&self, contact: ContactId) -> Vec<i64> {
        self.history
            .values()
            .filter(|e| e.contact == contact)
            .map(|e| e.id.0)
            .collect()
    }

    pub(super) fn move_history(&mut self, ids: &[i64], to: ContactId) {
        for id in ids {
            if let Some(e) = self.history.get_mut(&HistoryId(*id)) {
                e.contact = to;
            }
        }
    }

    /// What goes with a removed contact: its history and account manager.
    pub(super) fn forget_contact(&mut self, id: ContactId) {
        let gone: Vec<HistoryId> = self
            .history
            .values()
            .filter(|e| e.contact == id)
            .map(|e| e.id)
            .collect();
        for h in gone {
            self.drop_history(h);
        }
        self.managers.remove(&id);
    }

    /// A removed case kind leaves the cases of that kind without one.
    pub(super) fn forget_label(&mut self, id: LabelId) {
        for c in self.cases.values_mut() {
            if c.data.kind == Some(id) {
                c.data.kind = None;
            }
        }
    }

    /// The time of each contact's latest history entry.
    pub(super) fn last_contacts(&self) -> BTreeMap<ContactId, DateTime<Utc>> {
        let mut out: BTreeMap<ContactId, DateTime<Utc>> = BTreeMap::new();
        for e in self.history.values() {
            let slot = out.entry(e.contact).or_insert(e.at);
            if e.at > *slot {
                *slot = e.at;
            }
        }
        out
    }

    fn drop_history(&mut self, id: HistoryId) -> Option<HistoryEntry> {
        let e = self.history.remove(&id)?;
        for f in &e.files {
            self.history_bytes.remove(&f.id);
        }
        Some(e)
    }

    fn matching(&self, q: &CaseQuery) -> Vec<&Case> {
        let mut out: Vec<&Case> = self
            .cases
            .values()
            .filter(|c| q.open.is_none_or(|o| c.status.is_open() == o))
            .filter(|c| q.responsible.is_none_or(|u| c.data.responsible == u))
            .filter(|c| q.counterparty.is_none_or(|o| c.data.counterparty == o))
            .filter(|c| q.kind.is_none_or(|k| c.data.kind == Some(k)))
            .filter(|c| {
                q.deadline_before
                    .is_none_or(|d| c.data.deadline.is_some_and(|x| x < d))
            })
            .collect();
        out.sort_by_key(|c| std::cmp::Reverse((c.year, c.seq)));
        out
    }
}

impl CaseOps for MemOps {
    fn insert_history(&self, new: &NewHistoryEntry) -> Result<HistoryId> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&new.contact) {
            return Err(Error::not_found(format!("contact {}", new.contact)));
        }
        let id = HistoryId(s.next());
        let mut files = Vec::new();
        for (name, media_type, bytes) in &new.files {
            let fid = HistoryFileId(s.next());
            files.push(HistoryFile {
                id: fid,
                entry: id,
                name: name.clone(),
                media_type: media_type.clone(),
                size: bytes.len() as u64,
            });
            s.cases.history_bytes.insert(fid, bytes.clone());
        }
        s.cases.history.insert(
            id,
            HistoryEntry {
                id,
                contact: new.contact,
                kind: new.kind.clone(),
                at: new.at,
                text: new.text.clone(),
                author: new.author,
                created_at: new.created_at,
                files,
            },
        );
        Ok(id)
    }

    fn history_of(&self, contact: ContactId) -> Result<Vec<HistoryEntry>> {
        let s = self.r();
        let mut out: Vec<HistoryEntry> = s
            .cases
            .history
            .values()
            .filter(|e| e.contact == contact)
            .cloned()
            .collect();
        out.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
        Ok(out)
    }

    fn history_entry(&self, id: HistoryId) -> Result<Option<HistoryEntry>> {
        Ok(self.r().cases.history.get(&id).cloned())
    }

    fn update_history(
        &self,
        id: HistoryId,
        kind: &str,
        at: DateTime<Utc>,
        text: &str,
    ) -> Result<()> {
        let mut s = self.w()?;
        let e = s
            .cases
            .history
            .get_mut(&id)
            .ok_or_else(|| Error::not_found(format!("history entry {id}")))?;
        e.kind = kind.to_string();
        e.at = at;
        e.text = text.to_string();
        Ok(())
    }

    fn delete_history(&self, id: HistoryId) -> Result<()> {
        let mut s = self.w()?;
        s.cases
            .drop_history(id)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(format!("history entry {id}")))
    }

    fn history_file(&self, id: HistoryFileId) -> Result<Option<(HistoryFile, Vec<u8>)>> {
        let s = self.r();
        let Some(bytes) = s.cases.history_bytes.get(&id) else {
            return Ok(None);
        };
        Ok(s.cases
            .history
            .values()
            .flat_map(|e| e.files.iter())
            .find(|f| f.id == id)
            .map(|f| (f.clone(), bytes.clone())))
    }

    fn history_kind_uses(&self) -> Result<Vec<(String, u64)>> {
        let mut uses: BTreeMap<String, u64> = BTreeMap::new();
        for e in self.r().cases.history.values() {
            *uses.entry(e.kind.clone()).or_default() += 1;
        }
        Ok(uses.into_iter().collect())
    }

    fn last_contact(&self, contact: ContactId) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .r()
            .cases
            .history
            .values()
            .filter(|e| e.contact == contact)
            .map(|e| e.at)
            .max())
    }

    fn set_account_manager(&self, contact: ContactId, user: Option<UserId>) -> Result<()> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&contact) {
            return Err(Error::not_found(format!("contact {contact}")));
        }
        match user {
            Some(u) => s.cases.managers.insert(contact, u),
            None => s.cases.managers.remove(&contact),
        };
        Ok(())
    }

    fn account_manager(&self, contact: ContactId) -> Result<Option<UserId>> {
        Ok(self.r().cases.managers.get(&contact).copied())
    }

    fn clients_of(&self, user: UserId) -> Result<Vec<ContactId>> {
        Ok(self
            .r()
            .cases
            .managers
            .iter()
            .filter(|(_, u)| **u == user)
            .map(|(c, _)| *c)
            .collect())
    }

    fn last_case_seq(&self, year: i32) -> Result<u32> {
        Ok(self
            .r()
            .cases
            .cases
            .values()
            .filter(|c| c.year == year)
            .map(|c| c.seq)
            .max()
            .unwrap_or(0))
    }

    fn insert_case(&self, case: &Case) -> Result<CaseId> {
        let mut s = self.w()?;
        if s.cases
            .cases
            .values()
            .any(|c| c.number == case.number || (c.year, c.seq) == (case.year, case.seq))
        {
            return Err(Error::Conflict(format!(
                "case number {} is taken",
                case.number
            )));
        }
        let id = CaseId(s.next());
        s.cases.cases.insert(id, Case { id, ..case.clone() });
        Ok(id)
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>> {
        Ok(self.r().cases.cases.get(&id).cloned())
    }

    fn case_by_number(&self, number: &str) -> Result<Option<Case>> {
        Ok(self
            .r()
            .cases
            .cases
            .values()
            .find(|c| c.number == number)
            .cloned())
    }

    fn update_case(&self, case: &Case, expected_version: u64) -> Result<()> {
        let mut s = self.w()?;
        let stored = s
            .cases
            .cases
            .get_mut(&case.id)
            .ok_or_else(|| Error::not_found(format!("case {}", case.id)))?;
        if stored.meta.version != expected_version {
            return Err(Error::Conflict(format!(
                "case {} is at version {}, not {expected_version}",
                stored.number, stored.meta.version
            )));
        }
        stored.data = case.data.clone();
        stored.status = case.status;
        stored.meta = case.meta.clone();
        Ok(())
    }

    fn delete_case(&self, id: CaseId) -> Result<()> {
        let mut s = self.w()?;
        s.cases
            .cases
            .remove(&id)
            .ok_or_else(|| Error::not_found(format!("case {id}")))?;
        s.meetings.retain(|_, m| m.case != Some(id));
        s.cases.case_reminders.retain(|_, c| *c != id);
        let gone: Vec<DetailId> = s
            .cases
            .details
            .values()
            .filter(|d| d.case == id)
            .map(|d| d.id)
            .collect();
        for d in gone {
            s.cases.details.remove(&d);
            s.cases.detail_bytes.remove(&d);
        }
        Ok(())
    }

    fn list_cases(&self, q: &CaseQuery) -> Result<Vec<Case>> {
        Ok(self
            .r()
            .cases
            .matching(q)
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .cloned()
            .collect())
    }

    fn count_cases(&self, q: &CaseQuery) -> Result<u64> {
        Ok(self.r().cases.matching(q).len() as u64)
    }

    fn cases_naming(&self, contact: ContactId) -> Result<u64> {
        Ok(self
            .r()
            .cases
            .cases
            .values()
            .filter(|c| c.data.counterparty == contact || c.data.person == Some(contact))
            .count() as u64)
    }

    fn open_case_values(&self) -> Result<Vec<OpenCaseValue>> {
        self.r()
            .cases
            .cases
            .values()
            .filter(|c| c.status.is_open())
            .map(|c| {
                Ok(OpenCaseValue {
                    deadline: c.data.deadline,
                    responsible: c.data.responsible,
                    kind: c.data.kind,
                    totals: totals_of(&c.data.items)?,
                })
            })
            .collect()
    }

    fn insert_detail(&self, detail: &Detail, bytes: Option<&[u8]>) -> Result<DetailId> {
        let mut s = self.w()?;
        if !s.cases.cases.contains_key(&detail.case) {
            return Err(Error::not_found(format!("case {}", detail.case)));
        }
        let id = DetailId(s.next());
        s.cases.details.insert(
            id,
            Detail {
                id,
                ..detail.clone()
            },
        );
        if let Some(b) = bytes {
            s.cases.detail_bytes.insert(id, b.to_vec());
        }
        Ok(id)
    }

    fn details(&self, case: CaseId) -> Result<Vec<Detail>> {
        let mut out: Vec<Detail> = self
            .r()
            .cases
            .details
            .values()
            .filter(|d| d.case == case)
            .cloned()
            .collect();
        out.sort_by_key(|d| (d.at, d.id));
        Ok(out)
    }

    fn detail(&self, id: DetailId) -> Result<Option<Detail>> {
        Ok(self.r().cases.details.get(&id).cloned())
    }

    fn detail_bytes(&self, id: DetailId) -> Result<Option<Vec<u8>>> {
        Ok(self.r().cases.detail_bytes.get(&id).cloned())
    }

    fn update_detail(
        &self,
        detail: &Detail,
        bytes: Option<&[u8]>,
        expected_version: u64,
    ) -> Result<()> {
        let mut s = self.w()?;
        let stored = s
            .cases
            .details
            .get_mut(&detail.id)
            .ok_or_else(|| Error::not_found(format!("detail item {}", detail.id)))?;
        if stored.meta.version != expected_version {
            return Err(Error::Conflict(format!(
                "detail item {} is at version {}, not {expected_version}",
                detail.id, stored.meta.version
            )));
        }
        *stored = detail.clone();
        if let Some(b) = bytes {
            s.cases.detail_bytes.insert(detail.id, b.to_vec());
        }
        Ok(())
    }

    fn delete_detail(&self, id: DetailId) -> Result<()> {
        let mut s = self.w()?;
        s.cases
            .details
            .remove(&id)
            .ok_or_else(|| Error::not_found(format!("detail item {id}")))?;
        s.cases.detail_bytes.remove(&id);
        Ok(())
    }

    fn link_case_reminder(&self, reminder: crate::ids::ReminderId, case: CaseId) -> Result<()> {
        let mut s = self.w()?;
        if !s.reminders.contains_key(&reminder) {
            return Err(Error::not_found(format!("reminder {reminder}")));
        }
        if !s.cases.cases.contains_key(&case) {
            return Err(Error::not_found(format!("case {case}")));
        }
        s.cases.case_reminders.insert(reminder, case);
        Ok(())
    }

    fn case_reminder_ids(&self, case: CaseId) -> Result<Vec<crate::ids::ReminderId>> {
        let s = self.r();
        // A reminder removed since (with its contact, by a merge's undo...) has no link.
        Ok(s.cases
            .case_reminders
            .iter()
            .filter(|(r, c)| **c == case && s.reminders.contains_key(r))
            .map(|(r, _)| *r)
            .collect())
    }

    fn reminder_case(&self, reminder: crate::ids::ReminderId) -> Result<Option<(CaseId, String)>> {
        let s = self.r();
        Ok(s.cases
            .case_reminders
            .get(&reminder)
            .and_then(|c| s.cases.cases.get(c))
            .map(|c| (c.id, c.number.clone())))
    }

    fn activity_counts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<ActivityCounts> {
        let s = self.r();
        let within = |t: DateTime<Utc>| from <= t && t < to;
        let mut history: BTreeMap<(UserId, String), u64> = BTreeMap::new();
        for e in s.cases.history.values().filter(|e| within(e.at)) {
            *history.entry((e.author, e.kind.clone())).or_default() += 1;
        }
        let mut details: BTreeMap<(UserId, String), u64> = BTreeMap::new();
        for d in s.cases.details.values().filter(|d| within(d.at)) {
            *details
                .entry((d.meta.created_by, d.body.activity_key()))
                .or_default() += 1;
        }
        let mut opened: BTreeMap<UserId, u64> = BTreeMap::new();
        let mut closed: BTreeMap<UserId, u64> = BTreeMap::new();
        for c in s.cases.cases.values() {
            if within(c.meta.created_at) {
                *opened.entry(c.meta.created_by).or_default() += 1;
            }
            if let crate::case::CaseStatus::Closed { by, at } = c.status {
                if within(at) {
                    *closed.entry(by).or_default() += 1;
                }
            }
        }
        let flat = |m: BTreeMap<(UserId, String), u64>| {
            m.into_iter().map(|((u, k), n)| (u, k, n)).collect()
        };
        Ok(ActivityCounts {
            history: flat(history),
            details: flat(details),
            opened: opened.into_iter().collect(),
            closed: closed.into_iter().collect(),
        })
    }
}
