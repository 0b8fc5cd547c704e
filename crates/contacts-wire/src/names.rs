//! The names wire types show beside ids (a user's name for `created_by`, a case kind's
//! name), given by the frontend that loaded them: this crate does no I/O.

use std::collections::HashMap;

use contacts_core::ids::{LabelId, UserId};

/// User and case-kind names by id, loaded once per request or command.
#[derive(Debug, Clone, Default)]
pub struct Names {
    users: HashMap<UserId, String>,
    case_kinds: HashMap<LabelId, String>,
}

impl Names {
    /// Names from the user directory and the case-kind picklist.
    pub fn new(
        users: impl IntoIterator<Item = (UserId, String)>,
        case_kinds: impl IntoIterator<Item = (LabelId, String)>,
    ) -> Names {
        Names {
            users: users.into_iter().collect(),
            case_kinds: case_kinds.into_iter().collect(),
        }
    }

    /// A user's name; `None` for an id the directory does not hold.
    pub fn user(&self, id: UserId) -> Option<String> {
        self.users.get(&id).cloned()
    }

    /// A user's name, or empty text for an id the directory does not hold.
    pub(crate) fn user_or_empty(&self, id: UserId) -> String {
        self.user(id).unwrap_or_default()
    }

    /// A case kind's name.
    pub fn case_kind(&self, id: LabelId) -> Option<String> {
        self.case_kinds.get(&id).cloned()
    }
}
