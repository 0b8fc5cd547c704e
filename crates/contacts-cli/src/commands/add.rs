//! `contacts add`: a new contact in the business book (default) or your private book.

use contacts_core::service::BookKind;
use contacts_core::store::Store;

use super::Ctx;
use crate::cli::AddArgs;
use crate::error::Result;
use crate::{input, output};

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: AddArgs) -> Result<()> {
    let book = if args.private {
        BookKind::Private
    } else {
        BookKind::Business
    };
    let data = input::new_contact(ctx.service, &args.fields)?;
    let contact = ctx.service.create(&ctx.actor, book, data)?;
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "id": contact.id.0 }))
    } else {
        writeln!(ctx.out, "{}", contact.id)?;
        Ok(())
    }
}
