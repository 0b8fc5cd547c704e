//! The installation's language and the defaults that come with it ([`crate::defaults`]),
//! and removing a custom field (which takes its values with it).

use super::{Actor, Service};
use crate::defaults::{self, LANGUAGE_SETTING};
use crate::error::{Error, Result};
use crate::model::Language;
use crate::store::{FieldType, ListKind, Ops, Store};

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Renames entries of `list` still named as in `old` to their partner in `new`; the first
/// time, adds the `new` ones still missing.
fn seed_labels(
    ops: &dyn Ops,
    list: ListKind,
    old: &[&str],
    new: &[&str],
    first: bool,
) -> Result<()> {
    for (o, n) in old.iter().zip(new) {
        let labels = ops.labels(list)?;
        let has_new = labels.iter().any(|l| same(&l.name, n));
        match labels.iter().find(|l| same(&l.name, o)) {
            Some(l) if !has_new => ops.rename_label(l.id, n)?,
            None if first && !has_new => {
                ops.insert_label(list, n)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The same for custom fields: renamed from the other language's default label, else (the
/// first time) added with `field_type`.
fn seed_field(
    ops: &dyn Ops,
    old: &str,
    new: &str,
    field_type: &FieldType,
    first: bool,
) -> Result<()> {
    let fields = ops.fields()?;
    let has_new = fields.iter().any(|f| same(&f.label, new));
    match fields.iter().find(|f| same(&f.label, old)) {
        Some(f) if !has_new => {
            let mut def = f.clone();
            def.label = new.to_string();
            ops.update_field(&def)
        }
        None if first && !has_new => ops.insert_field(new, field_type).map(|_| ()),
        _ => Ok(()),
    }
}

impl<S: Store> Service<S> {
    /// The installation's language (setting `language`; English while unset). Any user may
    /// read it.
    pub fn installation_language(&self) -> Result<Language> {
        self.store.read(|ops| installation_language(ops))
    }

    /// Sets the installation's language and writes its defaults: statuses, the
    /// relationship type, five spare business fields, history and case kinds (see
    /// [`crate::defaults`]). Only an admin may. Everything in one transaction.
    pub fn set_installation_language(&self, actor: &Actor, lang: Language) -> Result<()> {
        if !actor.admin {
            return Err(Error::Forbidden(
                "only an admin may change the installation's language".into(),
            ));
        }
        self.store.write(|ops| {
            let first = ops.setting(LANGUAGE_SETTING)?.is_none();
            ops.set_setting(LANGUAGE_SETTING, lang.code())?;
            let old = defaults::other(lang);
            seed_labels(
                ops,
                ListKind::Status,
                &defaults::statuses(old),
                &defaults::statuses(lang),
                first,
            )?;
            seed_labels(
                ops,
                ListKind::HistoryKind,
                &defaults::history_kinds(old),
                &defaults::history_kinds(lang),
                first,
            )?;
            seed_labels(
                ops,
                ListKind::CaseKind,
                &defaults::case_kinds(old),
                &defaults::case_kinds(lang),
                first,
            )?;
            let (old_rel, _) = defaults::relationship_field(old);
            let (rel, options) = defaults::relationship_field(lang);
            let choice = FieldType::Choice(options.iter().map(|o| o.to_string()).collect());
            seed_field(ops, old_rel, rel, &choice, first)?;
            for (o, n) in defaults::spare_fields(old)
                .iter()
                .zip(defaults::spare_fields(lang))
            {
                seed_field(ops, o, n, &FieldType::Text, first)?;
            }
            Ok(())
        })
    }

    /// How many contacts hold a value of the custom field: what removing it takes away.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn field_value_count(&self, _actor: &Actor, label: &str) -> Result<u64> {
        self.store.read(|ops| {
            let def = super::find_field(&ops.fields()?, label)?;
            ops.field_value_count(def.id)
        })
    }

    /// Removes a custom field with every value of it, and says how many values went. A
    /// field nobody filled in may be removed by any user; one that holds values only by an
    /// admin.
    pub fn remove_field(&self, actor: &Actor, label: &str) -> Result<u64> {
        self.store.write(|ops| {
            let def = super::find_field(&ops.fields()?, label)?;
            let n = ops.field_value_count(def.id)?;
            if n > 0 && !actor.admin {
                return Err(Error::Forbidden(format!(
                    "'{}' holds {n} value(s); only an admin may remove a field that holds values",
                    def.label
                )));
            }
            ops.delete_field(def.id)?;
            Ok(n)
        })
    }
}

/// The installation's language read inside a transaction.
pub(crate) fn installation_language(ops: &dyn Ops) -> Result<Language> {
    match ops.setting(LANGUAGE_SETTING)? {
        Some(v) => Language::parse(&v),
        None => Ok(Language::English),
    }
}
