//! Helpers of the CLI's output. Every record `--json` prints is a `contacts-wire` type, the
//! API's shape; [`wire_names`] loads the user and case-kind names those types show beside
//! ids, and [`Names`] the names the text output shows.

use std::collections::HashMap;

use contacts_core::ids::{FieldId, LabelId, UserId};
use contacts_core::service::{Actor, Service};
use contacts_core::store::{ListKind, Store};
use contacts_core::Result;

/// Names of the things a contact refers to by id, loaded once per command.
#[derive(Debug, Default)]
pub struct Names {
    pub groups: HashMap<LabelId, String>,
    pub statuses: HashMap<LabelId, String>,
    pub fields: HashMap<FieldId, String>,
    pub users: HashMap<UserId, String>,
}

impl Names {
    pub fn load<S: Store>(service: &Service<S>, actor: &Actor) -> Result<Names> {
        let labels = |kind| -> Result<HashMap<LabelId, String>> {
            Ok(service
                .labels(kind)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect())
        };
        Ok(Names {
            groups: labels(ListKind::Group)?,
            statuses: labels(ListKind::Status)?,
            fields: service
                .fields()?
                .into_iter()
                .map(|f| (f.id, f.label))
                .collect(),
            users: service
                .user_directory(actor)?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect(),
        })
    }

    pub fn group(&self, id: LabelId) -> String {
        self.groups
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn status(&self, id: LabelId) -> String {
        self.statuses
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn field(&self, id: FieldId) -> String {
        self.fields
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn user(&self, id: UserId) -> String {
        self.users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

pub fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    contacts_wire::utc(t)
}

/// The user and case-kind names `contacts-wire`'s types show beside ids.
pub fn wire_names<S: Store>(service: &Service<S>, actor: &Actor) -> Result<contacts_wire::Names> {
    Ok(contacts_wire::Names::new(
        service
            .user_directory(actor)?
            .into_iter()
            .map(|u| (u.id, u.name)),
        service.case_kinds()?.into_iter().map(|l| (l.id, l.name)),
    ))
}
