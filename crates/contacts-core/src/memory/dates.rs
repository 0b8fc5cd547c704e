//! The dates operations of the memory store: plain scans, the reference semantics.

use crate::error::{Error, Result};
use crate::ids::{ReminderId, UserId};
use crate::model::Contact;
use crate::store::{
    given_key, DatedContact, NewReminder, OccasionOps, OccasionQuery, Reminder, ReminderOps,
    ReminderQuery, Scope,
};

use super::MemOps;

impl ReminderOps for MemOps {
    fn insert_reminder(&self, new: &NewReminder) -> Result<ReminderId> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&new.contact) {
            return Err(Error::not_found(format!("contact {}", new.contact)));
        }
        let id = ReminderId(s.next());
        s.reminders.insert(
            id,
            Reminder {
                id,
                contact: new.contact,
                text: new.text.clone(),
                due_at: new.due_at,
                created_by: new.created_by,
                created_at: new.created_at,
                assignee: new.assignee,
                done_by: None,
                done_at: None,
                version: 1,
            },
        );
        Ok(id)
    }

    fn reminder(&self, id: ReminderId) -> Result<Option<Reminder>> {
        Ok(self.r().reminders.get(&id).cloned())
    }

    fn update_reminder(&self, reminder: &Reminder, expected_version: u64) -> Result<()> {
        let mut s = self.w()?;
        let stored = s
            .reminders
            .get_mut(&reminder.id)
            .ok_or_else(|| Error::not_found(format!("reminder {}", reminder.id)))?;
        if stored.version != expected_version {
            return Err(Error::Conflict(format!(
                "reminder {} is at version {}, not {expected_version}",
                reminder.id, stored.version
            )));
        }
        *stored = Reminder {
            contact: stored.contact,
            created_by: stored.created_by,
            created_at: stored.created_at,
            ..reminder.clone()
        };
        Ok(())
    }

    fn delete_reminder(&self, id: ReminderId) -> Result<()> {
        let mut s = self.w()?;
        s.reminders
            .remove(&id)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(format!("reminder {id}")))
    }

    fn reminders(&self, q: &ReminderQuery) -> Result<Vec<Reminder>> {
        let s = self.r();
        let mut out: Vec<Reminder> = s
            .reminders
            .values()
            .filter(|r| {
                s.contacts
                    .get(&r.contact)
                    .is_some_and(|c| q.scope.contains(c.book))
            })
            .filter(|r| q.contact.is_none_or(|c| r.contact == c))
            .filter(|r| q.involving.is_none_or(|u| involves(r, u)))
            .filter(|r| q.due_from.is_none_or(|t| r.due_at >= t))
            .filter(|r| q.due_before.is_none_or(|t| r.due_at < t))
            .filter(|r| !q.open_only || !r.is_done())
            .cloned()
            .collect();
        out.sort_by_key(|r| (r.due_at, r.id));
        Ok(out)
    }
}

fn involves(r: &Reminder, user: UserId) -> bool {
    r.assignee == Some(user) || (r.assignee.is_none() && r.created_by == user)
}

impl OccasionOps for MemOps {
    fn occasions(&self, q: &OccasionQuery) -> Result<Vec<DatedContact>> {
        let s = self.r();
        Ok(s.contacts
            .values()
            .filter(|c| q.scope.contains(c.book))
            .filter(|c| {
                let d = &c.data;
                let birthday = d.birthday.map(|b| b.month_day);
                birthday.is_some_and(|b| q.birthdays.contains(&b))
                    || d.nameday.is_some_and(|n| q.namedays.contains(&n))
                    || {
                        let key = given_key(&d.name.given);
                        q.names.iter().any(|r| r.matches(&key, birthday, d.nameday))
                    }
            })
            .map(dated)
            .collect())
    }

    fn dated_contacts(&self, scope: &Scope) -> Result<Vec<DatedContact>> {
        let s = self.r();
        Ok(s.contacts
            .values()
            .filter(|c| scope.contains(c.book))
            .filter(|c| {
                c.data.birthday.is_some()
                    || c.data.nameday.is_some()
                    || !given_key(&c.data.name.given).is_empty()
            })
            .map(dated)
            .collect())
    }
}

fn dated(c: &Contact) -> DatedContact {
    DatedContact {
        id: c.id,
        book: c.book,
        kind: c.data.kind,
        name: crate::model::naming_display(
            c.data.kind,
            &c.data.name,
            &c.data.org_name,
            &c.data.nickname,
        ),
        given: c.data.name.given.clone(),
        family: c.data.name.family.clone(),
        birthday: c.data.birthday,
        nameday: c.data.nameday,
    }
}
