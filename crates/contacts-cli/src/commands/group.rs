//! `contacts group list|add|rename|rm`: groups of the business book.

use contacts_core::store::{ListKind, Store};

use super::Ctx;
use crate::cli::LabelCommand;
use crate::error::Result;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: LabelCommand) -> Result<()> {
    super::labels::run(ctx, ListKind::Group, command)
}
