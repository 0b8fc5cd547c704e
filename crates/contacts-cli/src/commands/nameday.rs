//! `contacts nameday NAME` (the days a name is celebrated, in calendar order) and
//! `contacts nameday --date MM-DD` (the names of a day), in the installation's calendar.

use contacts_core::date::MonthDay;
use contacts_core::store::Store;

use super::Ctx;
use crate::cli::NamedayArgs;
use crate::error::{CliError, Result};
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: NamedayArgs) -> Result<()> {
    let cal = ctx.service.calendar()?;
    if let Some(date) = args.date {
        let day: MonthDay = date.parse().map_err(|e| match e {
            contacts_core::Error::Invalid { reason, .. } => {
                contacts_core::Error::invalid("date", reason)
            }
            other => other,
        })?;
        let names = cal.names_on(day).to_vec();
        if ctx.json {
            return output::json(
                ctx.out,
                &contacts_wire::NamedayNames {
                    date: day.to_string(),
                    country: cal.country().to_string(),
                    names,
                },
            );
        }
        if names.is_empty() {
            writeln!(
                ctx.out,
                "{day}: no names in the '{}' calendar",
                cal.country()
            )?;
        } else {
            let shown = ctx.fmt()?.month_day(day);
            writeln!(ctx.out, "{shown}: {}", output::clean(&names.join(", ")))?;
        }
        return Ok(());
    }
    let name = args.name.unwrap_or_default();
    let found = cal.lookup(&name).map_err(|unknown| {
        let mut m = format!(
            "unknown name '{}' in the '{}' name-day calendar",
            output::clean(name.trim()),
            cal.country()
        );
        if !unknown.suggestions.is_empty() {
            m.push_str(&format!(
                "; did you mean: {}?",
                unknown.suggestions.join(", ")
            ));
        }
        CliError::User(m)
    })?;
    let dates: Vec<String> = found.dates.iter().map(|d| d.to_string()).collect();
    if ctx.json {
        return output::json(
            ctx.out,
            &contacts_wire::NamedayDates {
                name: found.name,
                country: cal.country().to_string(),
                dates,
            },
        );
    }
    let f = ctx.fmt()?;
    let shown: Vec<String> = found.dates.iter().map(|d| f.month_day(*d)).collect();
    writeln!(ctx.out, "{}: {}", found.name, shown.join(", "))?;
    Ok(())
}
