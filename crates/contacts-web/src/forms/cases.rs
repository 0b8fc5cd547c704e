//! The wire forms of cases shared by more than one page.

use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
pub struct TaskForm {
    pub(crate) at: Option<String>,
    pub(crate) text: Option<String>,
    pub(crate) assignee: Option<String>,
}
