//! `contacts show ID`: the contact card, or the whole record as JSON.

use std::path::Path;

use contacts_core::date::MonthDay;
use contacts_core::format::Formatter;
use contacts_core::service::NamedayInfo;
use contacts_core::store::Store;

use super::Ctx;

use crate::error::{CliError, Result};
use crate::input::contact_id;
use crate::output;
use crate::wire::Names;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let contact = ctx.service.get(&ctx.actor, contact_id(id)?)?;
    let info = ctx.service.nameday_info(&ctx.actor, contact.id)?;
    if ctx.json {
        let record = ShowJson {
            contact: contacts_wire::Contact::from(&contact),
            nameday_effective: info.effective.map(|d| d.to_string()),
            nameday_candidates: info.candidates.iter().map(|d| d.to_string()).collect(),
        };
        return output::json(ctx.out, &record);
    }
    let names = Names::load(ctx.service, &ctx.actor)?;
    let org = contact
        .data
        .org_id
        .and_then(|o| ctx.service.get(&ctx.actor, o).ok())
        .map(|o| o.data.display_name());
    let attachments = ctx.service.attachments(&ctx.actor, contact.id)?.len();
    let f = ctx.fmt()?;
    let nameday = nameday_line(&info, &f);
    let mut client: Vec<(&str, String)> = Vec::new();
    if let Some((_, facts)) = ctx
        .service
        .client_facts(&ctx.actor, &[contact.id])?
        .into_iter()
        .next()
    {
        let manager = facts.manager.map(|u| u.name).unwrap_or_default();
        client.push(("Account manager", manager));
        if let Some(t) = facts.last_contact {
            client.push(("Last contact", f.datetime(t)));
        }
    }
    let extras = output::CardExtras {
        org,
        attachments,
        nameday,
        client: &client,
    };
    output::card(ctx.out, &contact, &names, extras, &f)?;
    let people = ctx.service.people_of(&ctx.actor, contact.id)?;
    if !people.is_empty() {
        writeln!(ctx.out, "People ({}):", people.len())?;
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.data.display_name(),
                    p.data.job_title.clone(),
                    p.data
                        .phones
                        .first()
                        .map(|x| x.raw().to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        output::table(ctx.out, &["ID", "NAME", "POSITION", "PHONE"], &rows)?;
    }
    Ok(())
}

/// `contacts show ID --pdf FILE`: the contact card as a PDF.
pub fn pdf<S: Store>(ctx: &mut Ctx<'_, S>, id: &str, file: &Path) -> Result<()> {
    let sheet = ctx.service.contact_sheet(&ctx.actor, contact_id(id)?)?;
    let pdf = contacts_print::contact_pdf(&sheet, &ctx.fmt()?, ctx.service.now())
        .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
    std::fs::write(file, &pdf).map_err(|e| CliError::file(file, e))?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "contact_id": sheet.contact.id.0,
                "file": file.display().to_string(),
                "bytes": pdf.len(),
            }),
        );
    }
    writeln!(
        ctx.out,
        "contact {} written to {} ({} bytes)",
        sheet.contact.id,
        file.display(),
        pdf.len()
    )?;
    Ok(())
}

/// The record, plus the name-day it celebrates and the days its given name offers (what
/// `edit --nameday` picks from).
#[derive(serde::Serialize)]
struct ShowJson {
    #[serde(flatten)]
    contact: contacts_wire::Contact,
    nameday_effective: Option<String>,
    nameday_candidates: Vec<String>,
}

/// The effective name-day and where it comes from; the candidate days when the given name has
/// several, so the user can pick one with `edit --nameday`.
fn nameday_line(info: &NamedayInfo, f: &Formatter) -> String {
    let days = |d: &[MonthDay]| {
        d.iter()
            .map(|m| f.month_day(*m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let several = info.candidates.len() > 1;
    let explicit = info.explicit.map(|d| f.month_day(d));
    let effective = info.effective.map(|d| f.month_day(d));
    match (explicit, effective) {
        (Some(chosen), _) if several => {
            format!("{chosen} (chosen; the name has {})", days(&info.candidates))
        }
        (Some(chosen), _) => chosen,
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
