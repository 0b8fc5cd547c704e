//! `contacts report forecast|activity|overdue`: tables, `--json`, `--csv` or `--pdf FILE`.

use contacts_core::service::{ForecastRow, ReportKind};
use contacts_core::store::Store;
use contacts_core::Error;

use super::case::totals_text;
use super::Ctx;
use crate::cli::{ReportCommand, ReportFormat};
use crate::error::{CliError, Result};
use crate::input::day;
use crate::output;

/// `--json`, `--csv` and `--pdf`: the core's table of the report, written as
/// `contacts_wire::ReportTable` (the API's `/api/v1/reports/{name}.json` form), by the
/// core's CSV rules (both to standard output) or by `contacts-print` (to the file). False
/// when none was asked.
fn file_out<S: Store>(ctx: &mut Ctx<'_, S>, f: &ReportFormat, kind: ReportKind) -> Result<bool> {
    if f.csv && ctx.json {
        return Err(Error::invalid("csv", "give --csv or --json, not both").into());
    }
    if f.pdf.is_some() && ctx.json {
        return Err(Error::invalid("pdf", "give --pdf or --json, not both").into());
    }
    if !f.csv && f.pdf.is_none() && !ctx.json {
        return Ok(false);
    }
    let table = ctx.service.report_table(&ctx.actor, kind)?;
    if ctx.json {
        output::json(ctx.out, &contacts_wire::ReportTable::from(&table))?;
        return Ok(true);
    }
    if let Some(path) = &f.pdf {
        let pdf = contacts_print::report_pdf(&table, &ctx.fmt()?, ctx.service.now())
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
        std::fs::write(path, &pdf).map_err(|e| CliError::file(path, e))?;
        writeln!(
            ctx.out,
            "{} written to {} ({} bytes)",
            table.name,
            path.display(),
            pdf.len()
        )?;
    } else {
        table.write_csv(&mut *ctx.out)?;
    }
    Ok(true)
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: ReportCommand) -> Result<()> {
    let fm = ctx.fmt()?;
    match command {
        ReportCommand::Forecast(f) => {
            if file_out(ctx, &f, ReportKind::Forecast)? {
                return Ok(());
            }
            let fc = ctx.service.forecast(&ctx.actor)?;
            let groups: [(&str, &str, &[ForecastRow]); 3] = [
                ("month", "(no deadline)", &fc.by_month),
                ("employee", "", &fc.by_employee),
                ("kind", "(no kind)", &fc.by_kind),
            ];
            writeln!(
                ctx.out,
                "Open cases: {}  Total: {}",
                fc.open_cases,
                if fc.total.is_empty() {
                    "0".to_string()
                } else {
                    totals_text(&ctx.fmt()?, &fc.total)
                }
            )?;
            let headers = [
                ["MONTH", "CURRENCY", "VALUE", "CASES"],
                ["EMPLOYEE", "CURRENCY", "VALUE", "CASES"],
                ["KIND", "CURRENCY", "VALUE", "CASES"],
            ];
            for ((_, none, list), h) in groups.into_iter().zip(headers) {
                writeln!(ctx.out)?;
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        vec![
                            if r.key.is_empty() {
                                none.to_string()
                            } else {
                                r.key.clone()
                            },
                            r.currency.to_string(),
                            fm.decimal(r.value),
                            r.cases.to_string(),
                        ]
                    })
                    .collect();
                output::table(ctx.out, &h, &rows)?;
            }
            Ok(())
        }
        ReportCommand::Activity { from, to, format } => {
            let (from, to) = (day("from", &from)?, day("to", &to)?);
            if file_out(ctx, &format, ReportKind::Activity { from, to })? {
                return Ok(());
            }
            let rows = ctx.service.activity(&ctx.actor, from, to)?;
            let joined = |m: &std::collections::BTreeMap<String, u64>| {
                m.iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.user.clone(),
                        joined(&r.history),
                        joined(&r.details),
                        r.cases_opened.to_string(),
                        r.cases_closed.to_string(),
                    ]
                })
                .collect();
            writeln!(ctx.out, "Activity {from} to {to}")?;
            output::table(
                ctx.out,
                &["USER", "HISTORY", "DETAILS", "OPENED", "CLOSED"],
                &table,
            )
        }
        ReportCommand::Overdue(f) => {
            if file_out(ctx, &f, ReportKind::Overdue)? {
                return Ok(());
            }
            let today = ctx.service.today()?;
            let list = ctx.service.overdue_cases(&ctx.actor, today)?;
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|o| {
                    vec![
                        o.case.number.clone(),
                        o.case.data.title.clone(),
                        o.counterparty.clone(),
                        o.responsible.clone(),
                        o.case
                            .data
                            .deadline
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        o.days_overdue.to_string(),
                        totals_text(&fm, &o.totals),
                    ]
                })
                .collect();
            if rows.is_empty() {
                writeln!(ctx.out, "no overdue cases")?;
                return Ok(());
            }
            output::table(
                ctx.out,
                &[
                    "NUMBER",
                    "TITLE",
                    "COUNTERPARTY",
                    "RESPONSIBLE",
                    "DEADLINE",
                    "DAYS",
                    "VALUE",
                ],
                &rows,
            )
        }
    }
}
