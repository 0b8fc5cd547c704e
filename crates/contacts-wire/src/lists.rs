//! The picklists: the private book's categories, the business book's groups and statuses
//! (labels) and custom fields.

use contacts_core::category;
use contacts_core::store::{self as core, FieldType};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A group or a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Label {
    pub id: i64,
    pub name: String,
}

impl From<&core::Label> for Label {
    fn from(l: &core::Label) -> Label {
        Label {
            id: l.id.0,
            name: l.name.clone(),
        }
    }
}

/// The types of custom field (schema only: `Field::field_type` holds one).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Number,
    Date,
    Yesno,
    Choice,
}

/// A custom field of business contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Field {
    pub id: i64,
    pub label: String,
    #[serde(rename = "type")]
    #[schema(value_type = FieldKind)]
    pub field_type: String,
    /// Choice fields only: the choices, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

impl From<&core::FieldDef> for Field {
    fn from(d: &core::FieldDef) -> Field {
        Field {
            id: d.id.0,
            label: d.label.clone(),
            field_type: d.field_type.name().to_string(),
            options: match &d.field_type {
                FieldType::Choice(o) => Some(o.clone()),
                _ => None,
            },
        }
    }
}

/// One of the ten categories of a private book, with the user's label for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Category {
    /// The stable key (`family`, `friends`, ...).
    pub key: String,
    /// The user's label, or the default one in their language.
    pub label: String,
    pub icon: String,
}

impl From<&category::Category> for Category {
    fn from(c: &category::Category) -> Category {
        Category {
            key: c.key.key().to_string(),
            label: c.label.clone(),
            icon: c.icon.to_string(),
        }
    }
}
