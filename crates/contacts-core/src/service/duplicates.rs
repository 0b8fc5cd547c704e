//! Duplicates for frontends: which stored contacts a contact being saved matches (the same
//! keys as the duplicate list: e-mail, phone, or name plus birthday), a merge that takes
//! chosen single-valued fields from the other contact, and which merge into a contact can be
//! undone. The merge itself and unmerge are in `interchange.rs`.

use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::model::ContactData;
use crate::store::Store;

use super::interchange::{duplicate_keys, reason};
use super::{visible, Actor, BookKind, ContactSummary, Service};

/// How many possible duplicates [`Service::possible_duplicates`] names at most.
pub const MAX_DUPLICATE_HINTS: usize = 10;

/// A single-valued part of a contact a merge can take from the other contact (multi-valued
/// parts, such as e-mails and phones, are always united).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MergeField {
    Name,
    OrgName,
    Nickname,
    Organisation,
    Department,
    JobTitle,
    Birthday,
    Nameday,
    Anniversary,
    Gender,
    Notes,
    Nip,
    Regon,
    BankAccount,
    Category,
    Status,
}

impl MergeField {
    pub const ALL: [MergeField; 16] = [
        MergeField::Name,
        MergeField::OrgName,
        MergeField::Nickname,
        MergeField::Organisation,
        MergeField::Department,
        MergeField::JobTitle,
        MergeField::Birthday,
        MergeField::Nameday,
        MergeField::Anniversary,
        MergeField::Gender,
        MergeField::Notes,
        MergeField::Nip,
        MergeField::Regon,
        MergeField::BankAccount,
        MergeField::Category,
        MergeField::Status,
    ];

    /// The stable key used in forms, the API and the CLI ("job_title").
    pub fn key(self) -> &'static str {
        match self {
            MergeField::Name => "name",
            MergeField::OrgName => "org_name",
            MergeField::Nickname => "nickname",
            MergeField::Organisation => "org_id",
            MergeField::Department => "department",
            MergeField::JobTitle => "job_title",
            MergeField::Birthday => "birthday",
            MergeField::Nameday => "nameday",
            MergeField::Anniversary => "anniversary",
            MergeField::Gender => "gender",
            MergeField::Notes => "notes",
            MergeField::Nip => "nip",
            MergeField::Regon => "regon",
            MergeField::BankAccount => "bank_account",
            MergeField::Category => "category",
            MergeField::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Result<MergeField> {
        let s = s.trim();
        MergeField::ALL
            .into_iter()
            .find(|f| f.key() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "take",
                    format!(
                        "'{s}' is not a field a merge can take (one of: {})",
                        MergeField::ALL.map(MergeField::key).join(", ")
                    ),
                )
            })
    }

    /// The field's value as plain text, empty when unset (labels and the linked organisation
    /// show as their id; frontends may name them).
    pub fn text(self, d: &ContactData) -> String {
        let opt = |v: Option<String>| v.unwrap_or_default();
        match self {
            MergeField::Name => [
                &d.name.prefix,
                &d.name.given,
                &d.name.additional,
                &d.name.family,
                &d.name.suffix,
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
            MergeField::OrgName => d.org_name.clone(),
            MergeField::Nickname => d.nickname.clone(),
            MergeField::Organisation => opt(d.org_id.map(|i| i.to_string())),
            MergeField::Department => d.department.clone(),
            MergeField::JobTitle => d.job_title.clone(),
            MergeField::Birthday => opt(d.birthday.map(|b| b.to_string())),
            MergeField::Nameday => opt(d.nameday.map(|b| b.to_string())),
            MergeField::Anniversary => opt(d.anniversary.map(|b| b.to_string())),
            MergeField::Gender => opt(d.gender.map(|g| g.code().to_string())),
            MergeField::Notes => d.notes.clone(),
            MergeField::Nip => opt(d.nip.as_ref().map(|v| v.as_str().to_string())),
            MergeField::Regon => opt(d.regon.as_ref().map(|v| v.as_str().to_string())),
            MergeField::BankAccount => opt(d.bank_account.as_ref().map(|v| v.as_str().to_string())),
            MergeField::Category => opt(d.category.map(|c| c.key().to_string())),
            MergeField::Status => opt(d.status.map(|s| s.to_string())),
        }
    }

    /// Sets this field of `keep` to `other`'s value.
    pub(super) fn take(self, keep: &mut ContactData, other: &ContactData) {
        match self {
            MergeField::Name => keep.name = other.name.clone(),
            MergeField::OrgName => keep.org_name = other.org_name.clone(),
            MergeField::Nickname => keep.nickname = other.nickname.clone(),
            MergeField::Organisation => keep.org_id = other.org_id,
            MergeField::Department => keep.department = other.department.clone(),
            MergeField::JobTitle => keep.job_title = other.job_title.clone(),
            MergeField::Birthday => keep.birthday = other.birthday,
            MergeField::Nameday => keep.nameday = other.nameday,
            MergeField::Anniversary => keep.anniversary = other.anniversary,
            MergeField::Gender => keep.gender = other.gender,
            MergeField::Notes => keep.notes = other.notes.clone(),
            MergeField::Nip => keep.nip = other.nip.clone(),
            MergeField::Regon => keep.regon = other.regon.clone(),
            MergeField::BankAccount => keep.bank_account = other.bank_account.clone(),
            MergeField::Category => keep.category = other.category,
            MergeField::Status => keep.status = other.status,
        }
    }
}

/// A stored contact that a contact being saved probably duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateHint {
    pub contact: ContactSummary,
    /// Why, such as "same e-mail jan@example.pl".
    pub reason: String,
}

impl<S: Store> Service<S> {
    /// Contacts of `book` (as the actor sees it) that `data` matches by e-mail, phone, or
    /// name plus birthday, leaving out `except` (the contact being edited); at most
    /// [`MAX_DUPLICATE_HINTS`], in id order. Frontends warn before saving and offer them.
    pub fn possible_duplicates(
        &self,
        actor: &Actor,
        book: BookKind,
        data: &ContactData,
        except: Option<ContactId>,
    ) -> Result<Vec<DuplicateHint>> {
        let keys = duplicate_keys(data);
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let target = actor.book(book);
        self.store.read(|ops| {
            let mut found: std::collections::BTreeMap<ContactId, Vec<String>> =
                std::collections::BTreeMap::new();
            for (id, key) in ops.contacts_with_keys(target, &keys)? {
                if Some(id) != except {
                    let why = found.entry(id).or_default();
                    let r = reason(&key);
                    if !why.contains(&r) {
                        why.push(r);
                    }
                }
            }
            let mut out = Vec::new();
            for (id, why) in found.into_iter().take(MAX_DUPLICATE_HINTS) {
                let Ok(c) = visible(ops, actor, id) else {
                    continue;
                };
                out.push(DuplicateHint {
                    contact: ContactSummary {
                        id,
                        book: c.book,
                        name: c.data.display_name(),
                    },
                    reason: why.join(", "),
                });
            }
            Ok(out)
        })
    }

    /// The contact merged into `id` last, if that merge can still be undone
    /// ([`Service::unmerge`] refuses once `id` changed after it): its id and name.
    pub fn undoable_merge(
        &self,
        actor: &Actor,
        id: ContactId,
    ) -> Result<Option<(ContactId, String)>> {
        self.store.read(|ops| {
            let current = visible(ops, actor, id)?;
            let Some(record) = ops.last_merge(id)? else {
                return Ok(None);
            };
            let (other, version) = super::interchange::merge_summary(&record.snapshot)?;
            if version != current.meta.version {
                return Ok(None);
            }
            Ok(Some((other.id, other.data.display_name())))
        })
    }
}
