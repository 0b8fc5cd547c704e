//! Meetings and occasion alerts in the memory store: plain maps and scans.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ids::{ContactId, MeetingId, UserId};
use crate::store::{
    Meeting, MeetingOps, MeetingQuery, OccasionAlert, OccasionAlertKind, ReminderOps,
    ReminderQuery, Scope,
};

use super::MemOps;

impl MeetingOps for MemOps {
    fn insert_meeting(&self, m: &Meeting) -> Result<MeetingId> {
        let mut s = self.w()?;
        if let Some(c) = m.contact {
            if !s.contacts.contains_key(&c) {
                return Err(Error::not_found(format!("contact {c}")));
            }
        }
        let id = MeetingId(s.next());
        let mut stored = m.clone();
        stored.id = id;
        stored.participants.sort();
        stored.participants.dedup();
        s.meetings.insert(id, stored);
        Ok(id)
    }

    fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>> {
        Ok(self.r().meetings.get(&id).cloned())
    }

    fn update_meeting(&self, m: &Meeting, expected_version: u64) -> Result<()> {
        let mut s = self.w()?;
        let stored = s
            .meetings
            .get_mut(&m.id)
            .ok_or_else(|| Error::not_found(format!("meeting {}", m.id)))?;
        if stored.version != expected_version {
            return Err(Error::Conflict(format!(
                "meeting {} is at version {}, not {expected_version}",
                m.id, stored.version
            )));
        }
        let mut participants = m.participants.clone();
        participants.sort();
        participants.dedup();
        *stored = Meeting {
            created_by: stored.created_by,
            created_at: stored.created_at,
            participants,
            ..m.clone()
        };
        Ok(())
    }

    fn delete_meeting(&self, id: MeetingId) -> Result<()> {
        self.w()?
            .meetings
            .remove(&id)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(format!("meeting {id}")))
    }

    fn meetings(&self, q: &MeetingQuery) -> Result<Vec<Meeting>> {
        let s = self.r();
        let mut out: Vec<Meeting> = s
            .meetings
            .values()
            .filter(|m| q.participant.is_none_or(|u| m.participants.contains(&u)))
            .filter(|m| q.contact.is_none_or(|c| m.contact == Some(c)))
            .filter(|m| q.case.is_none_or(|c| m.case == Some(c)))
            .filter(|m| q.start_from.is_none_or(|t| m.start >= t))
            .filter(|m| q.start_before.is_none_or(|t| m.start < t))
            .cloned()
            .collect();
        out.sort_by_key(|m| (m.start, m.id));
        Ok(out)
    }

    fn set_occasion_alert(&self, a: &OccasionAlert) -> Result<()> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&a.contact) {
            return Err(Error::not_found(format!("contact {}", a.contact)));
        }
        s.alerts.insert((a.user, a.contact, a.kind), a.days_before);
        Ok(())
    }

    fn remove_occasion_alert(
        &self,
        contact: ContactId,
        user: UserId,
        kind: OccasionAlertKind,
    ) -> Result<()> {
        self.w()?.alerts.remove(&(user, contact, kind));
        Ok(())
    }

    fn occasion_alerts(
        &self,
        user: UserId,
        contact: Option<ContactId>,
    ) -> Result<Vec<OccasionAlert>> {
        Ok(self
            .r()
            .alerts
            .iter()
            .filter(|((u, c, _), _)| *u == user && contact.is_none_or(|x| x == *c))
            .map(|((u, c, k), d)| OccasionAlert {
                contact: *c,
                user: *u,
                kind: *k,
                days_before: *d,
            })
            .collect())
    }

    fn due_reminder_counts(
        &self,
        scope: &Scope,
        user: UserId,
        overdue_before: DateTime<Utc>,
        due_before: DateTime<Utc>,
    ) -> Result<(u64, u64)> {
        let mut q = ReminderQuery::new(*scope);
        q.involving = Some(user);
        q.open_only = true;
        q.due_before = Some(due_before);
        let list = self.reminders(&q)?;
        let overdue = list.iter().filter(|r| r.due_at < overdue_before).count();
        Ok((overdue as u64, list.len() as u64))
    }
}
