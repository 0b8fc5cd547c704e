//! `contacts history ID | add | kinds | get`: the client history of the business book.

use contacts_core::case::HistoryEntry;
use contacts_core::service::Service;
use contacts_core::store::Store;
use contacts_core::Error;

use super::attach::media_type;
use super::photo::{read_file, write_bytes};
use super::Ctx;
use crate::cli::{HistoryArgs, HistoryCommand};
use crate::error::Result;
use crate::input::contact_id;
use crate::output;
use crate::wire::{wire_names, Names};

/// A time in the installation's zone and language ("2026-10-18 14:30", "18.10.2026 14:30").
pub fn local<S: Store>(service: &Service<S>, t: chrono::DateTime<chrono::Utc>) -> Result<String> {
    let f = service.formatter(service.installation_language()?)?;
    Ok(f.datetime(t))
}

/// "a.pdf [file 3], b.png [file 4]": the files of an entry, with the ids `get` takes.
pub fn files_note(e: &HistoryEntry) -> String {
    e.files
        .iter()
        .map(|f| format!("{} [file {}]", f.name, f.id))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: HistoryArgs) -> Result<()> {
    let service = ctx.service;
    match (args.id, args.command) {
        (Some(id), None) => {
            let id = contact_id(&id)?;
            let entries = service.history(&ctx.actor, id)?;
            let names = Names::load(service, &ctx.actor)?;
            if ctx.json {
                let names = wire_names(service, &ctx.actor)?;
                let list: Vec<contacts_wire::HistoryEntry> = entries
                    .iter()
                    .map(|e| contacts_wire::HistoryEntry::new(e, &names))
                    .collect();
                return output::json(ctx.out, &list);
            }
            if entries.is_empty() {
                writeln!(ctx.out, "no history")?;
                return Ok(());
            }
            let mut rows = Vec::new();
            for e in &entries {
                rows.push(vec![
                    e.id.to_string(),
                    local(service, e.at)?,
                    e.kind.clone(),
                    names.user(e.author),
                    e.text.clone(),
                    files_note(e),
                ]);
            }
            output::table(
                ctx.out,
                &["ID", "WHEN", "KIND", "BY", "TEXT", "FILES"],
                &rows,
            )
        }
        (
            None,
            Some(HistoryCommand::Add {
                id,
                kind,
                text,
                at,
                attach,
            }),
        ) => {
            let id = contact_id(&id)?;
            let at = at
                .as_deref()
                .map(|s| {
                    service.local_to_utc(s).map_err(|e| match e {
                        Error::Invalid { reason, .. } => Error::invalid("at", reason),
                        other => other,
                    })
                })
                .transpose()?;
            let mut files = Vec::new();
            for path in &attach {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push((name, media_type(path).to_string(), read_file(path)?));
            }
            let entry = service.add_history(&ctx.actor, id, &kind, &text, at, files)?;
            if ctx.json {
                let names = wire_names(service, &ctx.actor)?;
                output::json(ctx.out, &contacts_wire::HistoryEntry::new(&entry, &names))
            } else {
                writeln!(ctx.out, "{}", entry.id)?;
                Ok(())
            }
        }
        (
            None,
            Some(HistoryCommand::Edit {
                entry_id,
                kind,
                text,
                at,
            }),
        ) => {
            let id: contacts_core::ids::HistoryId = entry_id
                .trim()
                .parse()
                .map_err(|_| Error::invalid("entry", format!("'{entry_id}' is not an entry id")))?;
            let old = service.history_entry(&ctx.actor, id)?;
            let at = match at.as_deref() {
                Some(s) => service.local_to_utc(s).map_err(|e| match e {
                    Error::Invalid { reason, .. } => Error::invalid("at", reason),
                    other => other,
                })?,
                None => old.at,
            };
            let entry = service.update_history(
                &ctx.actor,
                id,
                kind.as_deref().unwrap_or(&old.kind),
                text.as_deref().unwrap_or(&old.text),
                at,
            )?;
            if ctx.json {
                let names = wire_names(service, &ctx.actor)?;
                output::json(ctx.out, &contacts_wire::HistoryEntry::new(&entry, &names))
            } else {
                writeln!(ctx.out, "changed history entry {}", entry.id)?;
                Ok(())
            }
        }
        (None, Some(HistoryCommand::Kinds)) => {
            let kinds = service.history_kinds()?;
            if ctx.json {
                let list: Vec<contacts_wire::HistoryKind> = kinds
                    .iter()
                    .map(|(k, n)| contacts_wire::HistoryKind {
                        kind: k.clone(),
                        uses: *n,
                    })
                    .collect();
                return output::json(ctx.out, &list);
            }
            let rows: Vec<Vec<String>> = kinds
                .into_iter()
                .map(|(k, n)| vec![k, n.to_string()])
                .collect();
            output::table(ctx.out, &["KIND", "USES"], &rows)
        }
        (None, Some(HistoryCommand::Get { file_id, output })) => {
            let (_, bytes) = service.history_file(&ctx.actor, file_id.parse()?)?;
            write_bytes(ctx.out, output.as_deref(), &bytes)
        }
        _ => Err(Error::invalid(
            "history",
            "give a contact id, or one of add, kinds, get (see --help)",
        )
        .into()),
    }
}
