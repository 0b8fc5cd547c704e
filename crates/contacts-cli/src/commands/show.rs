//! `contacts show ID`: the contact card, or the whole record as JSON.

use contacts_core::date::MonthDay;
use contacts_core::service::NamedayInfo;
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
    let nameday = ctx
        .service
        .nameday_info(&ctx.actor, contact.id)
        .map(|info| nameday_line(&info))?;
    output::card(ctx.out, &contact, &names, org, attachments, nameday)
}

/// The effective name-day and where it comes from; the candidate days when the given name has
/// several, so the user can pick one with `edit --nameday`.
fn nameday_line(info: &NamedayInfo) -> String {
    let days = |d: &[MonthDay]| {
        d.iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let several = info.candidates.len() > 1;
    match (info.explicit, info.effective) {
        (Some(chosen), _) if several => {
            format!("{chosen} (chosen; the name has {})", days(&info.candidates))
        }
        (Some(chosen), _) => chosen.to_string(),
        (None, Some(derived)) if several => format!(
            "{derived} (from the given name and birthday; the name has {})",
            days(&info.candidates)
        ),
        (None, Some(derived)) => format!("{derived} (from the given name)"),
        (None, None) if several => format!(
            "not chosen: the name has {}; pick one with `contacts edit ID --nameday MM-DD`",
            days(&info.candidates)
        ),
        (None, None) => String::new(),
    }
}
