//! `contacts search QUERY`: every word must start a word of the contact (name, e-mail,
//! phone, organisation...), any case, with or without diacritics.

use contacts_core::store::Store;

use super::{book_filter, list::print_contacts, Ctx};
use crate::cli::SearchArgs;
use crate::error::Result;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: SearchArgs) -> Result<()> {
    let query = args.query.join(" ");
    let found = ctx.service.search(
        &ctx.actor,
        &query,
        book_filter(args.private, args.business),
        args.limit as usize,
    )?;
    print_contacts(ctx, &found)
}
