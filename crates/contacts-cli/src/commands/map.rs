//! `contacts map ID`: OpenStreetMap and Google Maps links for the first address.

use contacts_core::map::{map_links, map_query};
use contacts_core::store::Store;
use contacts_core::Error;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let id = contact_id(id)?;
    let contact = ctx.service.get(&ctx.actor, id)?;
    let found = contact
        .data
        .addresses
        .iter()
        .find_map(|a| Some((map_query(a)?, map_links(a)?)));
    let Some((query, links)) = found else {
        return Err(Error::invalid(
            "address",
            format!("contact {id} has no address with a street or city"),
        )
        .into());
    };
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "id": id.0, "address": query, "osm": links.osm, "google": links.google
            }),
        );
    }
    writeln!(ctx.out, "{}", output::clean(&query))?;
    writeln!(ctx.out, "OpenStreetMap: {}", links.osm)?;
    writeln!(ctx.out, "Google Maps:   {}", links.google)?;
    Ok(())
}
