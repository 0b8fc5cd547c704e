//! `contacts show ID`: the contact card, or the whole record as JSON.

use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;
use crate::wire::{ContactJson, Names};

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let contact = ctx.service.get(&ctx.actor, contact_id(id)?)?;
    let names = Names::load(ctx.service, &ctx.actor)?;
    if ctx.json {
        return output::json(ctx.out, &ContactJson::new(&contact, &names));
    }
    let org = contact
        .data
        .org_id
        .and_then(|o| ctx.service.get(&ctx.actor, o).ok())
        .map(|o| o.data.display_name());
    let attachments = ctx.service.attachments(&ctx.actor, contact.id)?.len();
    output::card(ctx.out, &contact, &names, org, attachments)
}
