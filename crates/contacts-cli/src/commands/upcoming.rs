//! `contacts upcoming`: birthdays and name-days in the next days over every book the user may
//! see ("Solenizanci +7 dni"). 29 February is celebrated on 28 February in common years.

use contacts_core::store::Store;

use super::{date_or_today, Ctx};
use crate::cli::UpcomingArgs;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: UpcomingArgs) -> Result<()> {
    let from = date_or_today(ctx.service, "from", args.from.as_deref())?;
    let found = ctx
        .service
        .upcoming(&ctx.actor, from, args.days, args.birthdays, args.namedays)?;
    let list: Vec<contacts_wire::Occasion> =
        found.iter().map(contacts_wire::Occasion::from).collect();
    if ctx.json {
        return output::json(ctx.out, &list);
    }
    if list.is_empty() {
        let from = ctx.fmt()?.date(from);
        writeln!(ctx.out, "nothing in {} days from {from}", args.days)?;
        return Ok(());
    }
    let fm = ctx.fmt()?;
    let rows: Vec<Vec<String>> = list.iter().map(|o| row(&fm, o)).collect();
    output::table(
        ctx.out,
        &["DATE", "DAY", "KIND", "ID", "CONTACT", "AGE", "BOOK"],
        &rows,
    )
}

fn row(fm: &contacts_core::format::Formatter, o: &contacts_wire::Occasion) -> Vec<String> {
    let day = chrono::NaiveDate::parse_from_str(&o.date, "%Y-%m-%d")
        .map(|d| d.format("%a").to_string())
        .unwrap_or_default();
    vec![
        output::shown_date(fm, &o.date),
        day,
        kind_text(o),
        o.contact_id.to_string(),
        o.contact.clone(),
        o.age.map(|a| a.to_string()).unwrap_or_default(),
        o.book.to_string(),
    ]
}

/// "birthday" or "name-day (Łukasz)".
pub fn kind_text(o: &contacts_wire::Occasion) -> String {
    match &o.name {
        Some(name) => format!("name-day ({name})"),
        None => "birthday".to_string(),
    }
}
