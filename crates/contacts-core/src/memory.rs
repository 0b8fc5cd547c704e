//! `MemoryStore`: the reference store, kept strict for tests. A write works on a copy that
//! replaces the state only when the closure succeeds, and a read refuses to write.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::category::CategoryKey;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, ContactId, FieldId, LabelId, UserId};
use crate::model::{AttachmentInfo, Book, Contact, ContactData, Meta, NewAttachment, Photo, User};
use crate::search;
mod dates;

use crate::store::{
    FieldDef, FieldType, Label, ListKind, ListQuery, ListSort, Ops, SearchQuery, Store,
};

mod auth;
mod cases;
mod interchange;
mod mailing;
mod meetings;
mod sync;
mod trash;

#[derive(Debug, Clone)]
struct State {
    next_id: i64,
    users: BTreeMap<UserId, User>,
    contacts: BTreeMap<ContactId, Contact>,
    photos: BTreeMap<ContactId, Photo>,
    attachments: BTreeMap<AttachmentId, (AttachmentInfo, Vec<u8>)>,
    category_labels: BTreeMap<(UserId, CategoryKey), String>,
    labels: BTreeMap<LabelId, Label>,
    fields: BTreeMap<FieldId, FieldDef>,
    settings: BTreeMap<String, String>,
    reminders: BTreeMap<crate::ids::ReminderId, crate::store::Reminder>,
    cases: cases::CaseState,
    merges: BTreeMap<i64, crate::store::MergeRecord>,
    sessions: BTreeMap<crate::store::SecretHash, crate::store::SessionRecord>,
    api_tokens:
        BTreeMap<crate::ids::ApiTokenId, (crate::store::ApiToken, crate::store::SecretHash)>,
    password_links: BTreeMap<crate::store::SecretHash, crate::store::PasswordLink>,
    /// Account events with their "seen" flag, oldest first.
    account_events: Vec<(crate::store::AccountEvent, bool)>,
    /// The street-level postal list (shared: a write copies the state, not the list).
    postal_streets: std::sync::Arc<Vec<crate::postal::streets::StreetRow>>,
    meetings: BTreeMap<crate::ids::MeetingId, crate::store::Meeting>,
    /// Occasion alerts: (user, contact, kind) -> days before.
    alerts: BTreeMap<(UserId, ContactId, crate::store::OccasionAlertKind), u32>,
    sync_seq: u64,
    /// The latest change of each contact ever written: (sequence number, book, removed).
    sync_log: BTreeMap<ContactId, (u64, Book, bool)>,
    sync_names: BTreeMap<(Option<UserId>, String), ContactId>,
    sync_names_by_id: BTreeMap<ContactId, String>,
    feed_links: BTreeMap<UserId, (crate::store::SecretHash, DateTime<Utc>)>,
    mailing: mailing::MailState,
    trash: BTreeMap<i64, (crate::store::TrashEntry, String)>,
}

impl Default for State {
    fn default() -> State {
        let mut s = State {
            next_id: 1,
            users: BTreeMap::new(),
            contacts: BTreeMap::new(),
            photos: BTreeMap::new(),
            attachments: BTreeMap::new(),
            category_labels: BTreeMap::new(),
            labels: BTreeMap::new(),
            fields: BTreeMap::new(),
            settings: BTreeMap::new(),
            reminders: BTreeMap::new(),
            cases: cases::CaseState::default(),
            merges: BTreeMap::new(),
            sessions: BTreeMap::new(),
            api_tokens: BTreeMap::new(),
            password_links: BTreeMap::new(),
            account_events: Vec::new(),
            postal_streets: Default::default(),
            meetings: BTreeMap::new(),
            alerts: BTreeMap::new(),
            sync_seq: 0,
            sync_log: BTreeMap::new(),
            sync_names: BTreeMap::new(),
            sync_names_by_id: BTreeMap::new(),
            feed_links: BTreeMap::new(),
            mailing: mailing::MailState::default(),
            trash: BTreeMap::new(),
        };
        for name in crate::store::DEFAULT_STATUSES {
            let id = LabelId(s.next());
            s.labels.insert(
                id,
                Label {
                    id,
                    list: ListKind::Status,
                    name: name.to_string(),
                },
            );
        }
        s
    }
}

impl State {
    fn next(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// An in-memory store.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl Store for MemoryStore {
    fn read<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        let guard = self
            .state
            .lock()
            .map_err(|_| Error::Backend("memory store lock poisoned".into()))?;
        let ops = MemOps {
            state: RefCell::new(guard.clone()),
            writable: false,
        };
        f(&ops)
    }

    fn write<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        let mut guard = self
            .state
            .lock()
            .map_err(|_| Error::Backend("memory store lock poisoned".into()))?;
        let ops = MemOps {
            state: RefCell::new(guard.clone()),
            writable: true,
        };
        let out = f(&ops)?;
        *guard = ops.state.into_inner();
        Ok(out)
    }

    fn backup(&self, _path: &Path) -> Result<()> {
        Err(Error::Backend(
            "the memory store has nothing to back up to a file".into(),
        ))
    }
}

struct MemOps {
    state: RefCell<State>,
    writable: bool,
}

impl MemOps {
    fn w(&self) -> Result<std::cell::RefMut<'_, State>> {
        if !self.writable {
            return Err(Error::Backend(
                "write attempted in a read transaction".into(),
            ));
        }
        Ok(self.state.borrow_mut())
    }

    fn r(&self) -> std::cell::Ref<'_, State> {
        self.state.borrow()
    }

    fn filtered(&self, q: &ListQuery) -> Vec<Contact> {
        let s = self.r();
        let last = match q.last_contact_before {
            Some(_) => s.cases.last_contacts(),
            None => BTreeMap::new(),
        };
        let mut out: Vec<Contact> = s
            .contacts
            .values()
            .filter(|c| q.scope.contains(c.book))
            .filter(|c| {
                q.last_contact_before.is_none_or(|t| {
                    c.book.is_business() && last.get(&c.id).is_none_or(|at| *at < t)
                })
            })
            .filter(|c| {
                q.account_manager
                    .is_none_or(|u| c.book.is_business() && s.cases.managers.get(&c.id) == Some(&u))
            })
            .filter(|c| q.category.is_none() || c.data.category == q.category)
            .filter(|c| q.group.is_none_or(|g| c.data.groups.contains(&g)))
            .filter(|c| q.status.is_none() || c.data.status == q.status)
            .cloned()
            .collect();
        match q.sort {
            ListSort::Name => out.sort_by_cached_key(|c| (search::sort_key(&c.data), c.id)),
            ListSort::Recent => out.sort_by_key(|c| Reverse((c.meta.updated_at, c.id))),
        }
        out
    }
}

fn conflict_if(taken: bool, what: &str, name: &str) -> Result<()> {
    if taken {
        return Err(Error::Conflict(format!("{what} '{name}' exists already")));
    }
    Ok(())
}

impl Ops for MemOps {
    fn insert_user(&self, name: &str, admin: bool, at: DateTime<Utc>) -> Result<User> {
        let mut s = self.w()?;
        conflict_if(s.users.values().any(|u| u.name == name), "user", name)?;
        let id = UserId(s.next());
        let user = User {
            id,
            name: name.to_string(),
            admin,
            disabled: false,
            created_at: at,
            password_hash: None,
            language: None,
        };
        s.users.insert(id, user.clone());
        Ok(user)
    }

    fn update_user(&self, user: &User) -> Result<()> {
        let mut s = self.w()?;
        match s.users.get_mut(&user.id) {
            Some(u) => *u = user.clone(),
            None => return Err(Error::not_found(format!("user {}", user.id))),
        }
        Ok(())
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self.r().users.get(&id).cloned())
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        Ok(self.r().users.values().find(|u| u.name == name).cloned())
    }

    fn users(&self) -> Result<Vec<User>> {
        let mut users: Vec<User> = self.r().users.values().cloned().collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(users)
    }

    fn insert_contact(&self, book: Book, data: &ContactData, meta: &Meta) -> Result<ContactId> {
        let mut s = self.w()?;
        let id = ContactId(s.next());
        s.contacts.insert(
            id,
            Contact {
                id,
                book,
                data: data.clone(),
                meta: meta.clone(),
                has_photo: false,
            },
        );
        sync::log(&mut s, id, book, false);
        Ok(id)
    }

    fn contact(&self, id: ContactId) -> Result<Option<Contact>> {
        let s = self.r();
        Ok(s.contacts.get(&id).map(|c| Contact {
            has_photo: s.photos.contains_key(&id),
            ..c.clone()
        }))
    }

    fn update_contact(&self, contact: &Contact, expected_version: u64) -> Result<()> {
        let mut s = self.w()?;
        let stored = s
            .contacts
            .get_mut(&contact.id)
            .ok_or_else(|| Error::not_found(format!("contact {}", contact.id)))?;
        if stored.meta.version != expected_version {
            return Err(Error::Conflict(format!(
                "contact {} is at version {}, not {expected_version}",
                contact.id, stored.meta.version
            )));
        }
        stored.data = contact.data.clone();
        stored.meta = contact.meta.clone();
        let book = stored.book;
        sync::log(&mut s, contact.id, book, false);
        Ok(())
    }

    fn delete_contact(&self, id: ContactId) -> Result<()> {
        let mut s = self.w()?;
        let Some(removed) = s.contacts.remove(&id) else {
            return Err(Error::not_found(format!("contact {id}")));
        };
        sync::log(&mut s, id, removed.book, true);
        s.photos.remove(&id);
        s.reminders.retain(|_, r| r.contact != id);
        s.meetings.retain(|_, m| m.contact != Some(id));
        s.alerts.retain(|(_, c, _), _| *c != id);
        s.attachments.retain(|_, (info, _)| info.contact != id);
        s.cases.forget_contact(id);
        Ok(())
    }

    fn list_contacts(&self, q: &ListQuery) -> Result<Vec<Contact>> {
        let s_photos: Vec<ContactId> = self.r().photos.keys().copied().collect();
        Ok(self
            .filtered(q)
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|c| Contact {
                has_photo: s_photos.contains(&c.id),
                ..c
            })
            .collect())
    }

    fn count_contacts(&self, q: &ListQuery) -> Result<u64> {
        Ok(self.filtered(q).len() as u64)
    }

    fn search(&self, q: &SearchQuery) -> Result<Vec<Contact>> {
        let s = self.r();
        Ok(s.contacts
            .values()
            .filter(|c| {
                if !q.scope.contains(c.book) || (q.terms.is_empty() && q.whole.is_empty()) {
                    return false;
                }
                let doc = search::document(&c.data);
                (q.terms.is_empty() || search::matches(&doc, &q.terms))
                    && search::has_words(&doc, &q.whole)
            })
            .take(q.limit)
            .map(|c| Contact {
                has_photo: s.photos.contains_key(&c.id),
                ..c.clone()
            })
            .collect())
    }

    fn people_at(&self, org: ContactId) -> Result<Vec<ContactId>> {
        Ok(self
            .r()
            .contacts
            .values()
            .filter(|c| c.data.org_id == Some(org))
            .map(|c| c.id)
            .collect())
    }

    fn set_photo(&self, contact: ContactId, photo: Option<&Photo>) -> Result<()> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&contact) {
            return Err(Error::not_found(format!("contact {contact}")));
        }
        match photo {
            Some(p) => s.photos.insert(contact, p.clone()),
            None => s.photos.remove(&contact),
        };
        Ok(())
    }

    fn photo(&self, contact: ContactId) -> Result<Option<Photo>> {
        Ok(self.r().photos.get(&contact).cloned())
    }

    fn insert_attachment(&self, contact: ContactId, new: &NewAttachment) -> Result<AttachmentId> {
        let mut s = self.w()?;
        if !s.contacts.contains_key(&contact) {
            return Err(Error::not_found(format!("contact {contact}")));
        }
        let id = AttachmentId(s.next());
        let info = AttachmentInfo {
            id,
            contact,
            name: new.name.clone(),
            media_type: new.media_type.clone(),
            size: new.bytes.len() as u64,
            note: new.note.clone(),
            created_at: new.created_at,
            created_by: new.created_by,
        };
        s.attachments.insert(id, (info, new.bytes.clone()));
        Ok(id)
    }

    fn attachments(&self, contact: ContactId) -> Result<Vec<AttachmentInfo>> {
        Ok(self
            .r()
            .attachments
            .values()
            .filter(|(i, _)| i.contact == contact)
            .map(|(i, _)| i.clone())
            .collect())
    }

    fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentInfo, Vec<u8>)>> {
        Ok(self.r().attachments.get(&id).cloned())
    }

    fn delete_attachment(&self, id: AttachmentId) -> Result<()> {
        let mut s = self.w()?;
        s.attachments
            .remove(&id)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(format!("attachment {id}")))
    }

    fn category_labels(&self, user: UserId) -> Result<Vec<(CategoryKey, String)>> {
        Ok(self
            .r()
            .category_labels
            .iter()
            .filter(|((u, _), _)| *u == user)
            .map(|((_, k), l)| (*k, l.clone()))
            .collect())
    }

    fn set_category_label(&self, user: UserId, key: CategoryKey, label: &str) -> Result<()> {
        self.w()?
            .category_labels
            .insert((user, key), label.to_string());
        Ok(())
    }

    fn insert_label(&self, list: ListKind, name: &str) -> Result<Label> {
        let mut s = self.w()?;
        conflict_if(
            s.labels
                .values()
                .any(|l| l.list == list && l.name.to_lowercase() == name.to_lowercase()),
            list.as_str(),
            name,
        )?;
        let id = LabelId(s.next());
        let label = Label {
            id,
            list,
            name: name.to_string(),
        };
        s.labels.insert(id, label.clone());
        Ok(label)
    }

    fn labels(&self, list: ListKind) -> Result<Vec<Label>> {
        let mut out: Vec<Label> = self
            .r()
            .labels
            .values()
            .filter(|l| l.list == list)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn rename_label(&self, id: LabelId, name: &str) -> Result<()> {
        let mut s = self.w()?;
        let list = s
            .labels
            .get(&id)
            .map(|l| l.list)
            .ok_or_else(|| Error::not_found(format!("label {id}")))?;
        conflict_if(
            s.labels.values().any(|l| {
                l.id != id && l.list == list && l.name.to_lowercase() == name.to_lowercase()
            }),
            list.as_str(),
            name,
        )?;
        if let Some(l) = s.labels.get_mut(&id) {
            l.name = name.to_string();
        }
        Ok(())
    }

    fn delete_label(&self, id: LabelId) -> Result<()> {
        let mut s = self.w()?;
        s.labels
            .remove(&id)
            .ok_or_else(|| Error::not_found(format!("label {id}")))?;
        s.cases.forget_label(id);
        for c in s.contacts.values_mut() {
            c.data.groups.retain(|g| *g != id);
            if c.data.status == Some(id) {
                c.data.status = None;
            }
        }
        Ok(())
    }

    fn insert_field(&self, label: &str, field_type: &FieldType) -> Result<FieldDef> {
        let mut s = self.w()?;
        conflict_if(
            s.fields
                .values()
                .any(|f| f.label.to_lowercase() == label.to_lowercase()),
            "field",
            label,
        )?;
        let id = FieldId(s.next());
        let def = FieldDef {
            id,
            label: label.to_string(),
            field_type: field_type.clone(),
        };
        s.fields.insert(id, def.clone());
        Ok(def)
    }

    fn fields(&self) -> Result<Vec<FieldDef>> {
        Ok(self.r().fields.values().cloned().collect())
    }

    fn update_field(&self, def: &FieldDef) -> Result<()> {
        let mut s = self.w()?;
        conflict_if(
            s.fields
                .values()
                .any(|f| f.id != def.id && f.label.to_lowercase() == def.label.to_lowercase()),
            "field",
            &def.label,
        )?;
        match s.fields.get_mut(&def.id) {
            Some(f) => *f = def.clone(),
            None => return Err(Error::not_found(format!("field {}", def.id))),
        }
        Ok(())
    }

    fn delete_field(&self, id: FieldId) -> Result<()> {
        let mut s = self.w()?;
        s.fields
            .remove(&id)
            .ok_or_else(|| Error::not_found(format!("field {id}")))?;
        for c in s.contacts.values_mut() {
            c.data.custom.remove(&id);
        }
        Ok(())
    }

    fn replace_postal_streets(&self, rows: &[crate::postal::streets::StreetRow]) -> Result<()> {
        self.w()?.postal_streets = std::sync::Arc::new(rows.to_vec());
        Ok(())
    }

    fn postal_streets(
        &self,
        locality_key: &str,
        street_prefix: &str,
        limit: usize,
    ) -> Result<Vec<crate::postal::streets::StreetRow>> {
        let s = self.r();
        let mut found: Vec<_> = s
            .postal_streets
            .iter()
            .filter(|r| {
                r.locality_key() == locality_key && r.street_key().starts_with(street_prefix)
            })
            .cloned()
            .collect();
        found.sort_by(|a, b| {
            (a.street_key(), &a.code, &a.numbers).cmp(&(b.street_key(), &b.code, &b.numbers))
        });
        found.truncate(limit);
        Ok(found)
    }

    fn postal_street_count(&self) -> Result<u64> {
        Ok(self.r().postal_streets.len() as u64)
    }

    fn field_value_count(&self, id: FieldId) -> Result<u64> {
        Ok(self
            .r()
            .contacts
            .values()
            .filter(|c| c.data.custom.contains_key(&id))
            .count() as u64)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.r().settings.get(key).cloned())
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.w()?
            .settings
            .insert(key.to_string(), value.to_string());
        Ok(())
    }
}
