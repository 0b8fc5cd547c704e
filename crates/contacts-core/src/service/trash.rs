//! The trash. Deleting a contact keeps it, for [`TRASH_DAYS`] days, as one record: the
//! core's snapshot of every field and meta, the photo, the attachments, the client
//! history (files included), the reminders, the account manager and the people who
//! worked at it. Restoring puts all of it back (under the old id when it is still free);
//! deleting for good and emptying the trash are explicit. Who may see an entry is the
//! contact's rule: a private contact's entry exists only for its owner, a business
//! contact's for every user. Entries past their time are gone for every reader and are
//! removed by the next write that touches the trash.

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::case::NewHistoryEntry;
use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, UserId};
use crate::model::{Contact, Meta, NewAttachment, Photo};
use crate::store::{ListKind, NewReminder, NewTrash, Ops, ReminderQuery, Store, TrashEntry};

use super::interchange::snapshot::{b64, snap, unsnap, Snap};
use super::{visible, Actor, Service};

/// How long a deleted contact stays in the trash.
pub const TRASH_DAYS: i64 = 30;

/// An entry of the trash as a frontend shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashItem {
    pub entry: TrashEntry,
    /// When it goes for good.
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    contact: Snap,
    /// (media type, base64 bytes)
    photo: Option<(String, String)>,
    attachments: Vec<Attachment>,
    history: Vec<History>,
    reminders: Vec<Reminder>,
    account_manager: Option<i64>,
    /// The people whose organisation this was (unlinked by the delete).
    people: Vec<i64>,
}

#[derive(Serialize, Deserialize)]
struct Attachment {
    name: String,
    media_type: String,
    note: String,
    created_at: String,
    created_by: i64,
    bytes: String,
}

#[derive(Serialize, Deserialize)]
struct History {
    kind: String,
    at: String,
    text: String,
    author: i64,
    created_at: String,
    /// (name, media type, base64 bytes)
    files: Vec<(String, String, String)>,
}

#[derive(Serialize, Deserialize)]
struct Reminder {
    text: String,
    due_at: String,
    created_by: i64,
    created_at: String,
    assignee: Option<i64>,
    done_by: Option<i64>,
    done_at: Option<String>,
    /// The case the reminder was attached to (records written before this field have
    /// none).
    #[serde(default)]
    case: Option<i64>,
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::Backend(format!("the trash record is unreadable: {what}").into())
}

fn time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(bad)
}

fn unb64(s: &str) -> Result<Vec<u8>> {
    b64().decode(s).map_err(bad)
}

fn keep_until(at: DateTime<Utc>) -> DateTime<Utc> {
    at + Duration::days(TRASH_DAYS)
}

/// Everything of contact `c` the trash keeps, read in the deleting transaction.
pub(super) fn record(ops: &dyn Ops, actor: &Actor, c: &Contact) -> Result<String> {
    let id = c.id;
    let photo = ops
        .photo(id)?
        .map(|p| (p.media_type().to_string(), b64().encode(p.bytes())));
    let mut attachments = Vec::new();
    for info in ops.attachments(id)? {
        if let Some((info, bytes)) = ops.attachment(info.id)? {
            attachments.push(Attachment {
                name: info.name,
                media_type: info.media_type,
                note: info.note,
                created_at: info.created_at.to_rfc3339(),
                created_by: info.created_by.0,
                bytes: b64().encode(bytes),
            });
        }
    }
    let mut history = Vec::new();
    for e in ops.history_of(id)? {
        let mut files = Vec::new();
        for f in &e.files {
            if let Some((f, bytes)) = ops.history_file(f.id)? {
                files.push((f.name, f.media_type, b64().encode(bytes)));
            }
        }
        history.push(History {
            kind: e.kind,
            at: e.at.to_rfc3339(),
            text: e.text,
            author: e.author.0,
            created_at: e.created_at.to_rfc3339(),
            files,
        });
    }
    let mut q = ReminderQuery::new(actor.scope(None));
    q.contact = Some(id);
    let mut reminders = Vec::new();
    for r in ops.reminders(&q)? {
        reminders.push(Reminder {
            case: ops.reminder_case(r.id)?.map(|(c, _)| c.0),
            text: r.text,
            due_at: r.due_at.to_rfc3339(),
            created_by: r.created_by.0,
            created_at: r.created_at.to_rfc3339(),
            assignee: r.assignee.map(|u| u.0),
            done_by: r.done_by.map(|u| u.0),
            done_at: r.done_at.map(|t| t.to_rfc3339()),
        });
    }
    let r = Record {
        contact: snap(c),
        photo,
        attachments,
        history,
        reminders,
        account_manager: ops.account_manager(id)?.map(|u| u.0),
        people: ops.people_at(id)?.into_iter().map(|p| p.0).collect(),
    };
    serde_json::to_string(&r).map_err(bad)
}

impl<S: Store> Service<S> {
    /// The entries of the trash the actor may see, most recently deleted first.
    pub fn trash(&self, actor: &Actor) -> Result<Vec<TrashItem>> {
        let now = self.now();
        let entries = self
            .store
            .read(|ops| ops.trash_entries(&actor.scope(None)))?;
        Ok(entries
            .into_iter()
            .map(|entry| TrashItem {
                expires_at: keep_until(entry.deleted_at),
                entry,
            })
            .filter(|i| i.expires_at > now)
            .collect())
    }

    /// The entry `id` if the actor may see it and its time is not over.
    fn trash_entry(&self, ops: &dyn Ops, actor: &Actor, id: i64) -> Result<(TrashEntry, String)> {
        match ops.trash_entry(id)? {
            Some((e, snapshot))
                if actor.scope(None).contains(e.book) && keep_until(e.deleted_at) > self.now() =>
            {
                Ok((e, snapshot))
            }
            _ => Err(Error::not_found(format!("trash entry {id}"))),
        }
    }

    /// Puts a deleted contact back with its photo, attachments, history, reminders (on
    /// their cases again when those are still there), account manager and the people who worked at it. It keeps its old id unless that
    /// was taken meanwhile. Groups, status, custom fields, the organisation and users
    /// removed in the meantime are left out.
    pub fn restore_from_trash(&self, actor: &Actor, id: i64) -> Result<Contact> {
        let now = self.now();
        self.store.write(|ops| {
            ops.delete_trash_before(now - Duration::days(TRASH_DAYS))?;
            let (entry, text) = self.trash_entry(ops, actor, id)?;
            let r: Record = serde_json::from_str(&text).map_err(bad)?;
            let mut c = unsnap(r.contact)?;
            if c.book != entry.book {
                return Err(bad("the book differs from the entry's"));
            }
            let user_exists = |u: i64| -> Result<bool> { Ok(ops.user(UserId(u))?.is_some()) };
            // What went away meanwhile is left out rather than failing the restore.
            let groups = ops.labels(ListKind::Group)?;
            let statuses = ops.labels(ListKind::Status)?;
            let fields = ops.fields()?;
            c.data.groups.retain(|g| groups.iter().any(|l| l.id == *g));
            if c.data
                .status
                .is_some_and(|s| !statuses.iter().any(|l| l.id == s))
            {
                c.data.status = None;
            }
            c.data
                .custom
                .retain(|f, _| fields.iter().any(|d| d.id == *f));
            if let Some(org) = c.data.org_id {
                if ops.contact(org)?.is_none() {
                    c.data.org_id = None;
                }
            }
            c.meta = Meta {
                updated_at: now,
                updated_by: actor.id,
                version: c.meta.version + 1,
                ..c.meta
            };
            c.has_photo = false;
            let new_id = if ops.contact(c.id)?.is_none() {
                ops.restore_contact(&c)?;
                c.id
            } else {
                ops.insert_contact(c.book, &c.data, &c.meta)?
            };
            if let Some((_, bytes)) = &r.photo {
                let photo = Photo::from_bytes(unb64(bytes)?).map_err(bad)?;
                ops.set_photo(new_id, Some(&photo))?;
            }
            for a in r.attachments {
                ops.insert_attachment(
                    new_id,
                    &NewAttachment {
                        name: a.name,
                        media_type: a.media_type,
                        bytes: unb64(&a.bytes)?,
                        note: a.note,
                        created_at: time(&a.created_at)?,
                        created_by: UserId(a.created_by),
                    },
                )?;
            }
            for h in r.history {
                let mut files = Vec::new();
                for (name, media_type, bytes) in h.files {
                    files.push((name, media_type, unb64(&bytes)?));
                }
                ops.insert_history(&NewHistoryEntry {
                    contact: new_id,
                    kind: h.kind,
                    at: time(&h.at)?,
                    text: h.text,
                    author: UserId(h.author),
                    created_at: time(&h.created_at)?,
                    files,
                })?;
            }
            for rem in r.reminders {
                let assignee = match rem.assignee {
                    Some(u) if user_exists(u)? => Some(UserId(u)),
                    _ => None,
                };
                let rid = ops.insert_reminder(&NewReminder {
                    contact: new_id,
                    text: rem.text,
                    due_at: time(&rem.due_at)?,
                    created_by: UserId(rem.created_by),
                    created_at: time(&rem.created_at)?,
                    assignee,
                })?;
                // Back on its case, unless the case went meanwhile.
                if let Some(case) = rem.case.map(CaseId) {
                    if ops.case(case)?.is_some() {
                        ops.link_case_reminder(rid, case)?;
                    }
                }
                if let (Some(by), Some(at)) = (rem.done_by, rem.done_at) {
                    if let Some(mut stored) = ops.reminder(rid)? {
                        let expected = stored.version;
                        stored.done_by = Some(UserId(by));
                        stored.done_at = Some(time(&at)?);
                        stored.version = expected + 1;
                        ops.update_reminder(&stored, expected)?;
                    }
                }
            }
            if let Some(u) = r.account_manager {
                if user_exists(u)? {
                    ops.set_account_manager(new_id, Some(UserId(u)))?;
                }
            }
            for p in r.people {
                if let Some(mut person) = ops.contact(ContactId(p))? {
                    if person.data.org_id.is_none() && person.book == c.book {
                        let expected = person.meta.version;
                        person.data.org_id = Some(new_id);
                        person.meta = Meta {
                            updated_at: now,
                            updated_by: actor.id,
                            version: expected + 1,
                            ..person.meta
                        };
                        ops.update_contact(&person, expected)?;
                    }
                }
            }
            ops.delete_trash(entry.id)?;
            visible(ops, actor, new_id)
        })
    }

    /// Deletes one entry of the trash for good.
    pub fn purge_from_trash(&self, actor: &Actor, id: i64) -> Result<()> {
        let now = self.now();
        self.store.write(|ops| {
            ops.delete_trash_before(now - Duration::days(TRASH_DAYS))?;
            let (entry, _) = self.trash_entry(ops, actor, id)?;
            ops.delete_trash(entry.id)
        })
    }

    /// Deletes for good every entry of the trash the actor may see; returns how many.
    pub fn empty_trash(&self, actor: &Actor) -> Result<usize> {
        let now = self.now();
        self.store.write(|ops| {
            ops.delete_trash_before(now - Duration::days(TRASH_DAYS))?;
            let entries = ops.trash_entries(&actor.scope(None))?;
            for e in &entries {
                ops.delete_trash(e.id)?;
            }
            Ok(entries.len())
        })
    }
}

/// Stores the trash record of `c` (inside the deleting transaction) and removes entries
/// past their time.
pub(super) fn put_in_trash(
    ops: &dyn Ops,
    actor: &Actor,
    c: &Contact,
    now: DateTime<Utc>,
) -> Result<()> {
    ops.delete_trash_before(now - Duration::days(TRASH_DAYS))?;
    let snapshot = record(ops, actor, c)?;
    ops.insert_trash(&NewTrash {
        contact: c.id,
        book: c.book,
        name: c.data.display_name(),
        deleted_at: now,
        deleted_by: actor.id,
        snapshot,
    })?;
    Ok(())
}
