//! `contacts case detail add|edit|rm|get`: notes, document references and files of a case.

use contacts_core::case::{Detail, DetailBody};
use contacts_core::ids::DetailId;
use contacts_core::service::{DetailInput, DetailPatch};
use contacts_core::store::Store;
use contacts_core::Error;

use super::attach::media_type;
use super::history::local;
use super::photo::{read_file, write_bytes};
use super::Ctx;
use crate::cli::{DetailCommand, DetailFields};
use crate::error::Result;
use crate::output;
use crate::wire::wire_names;

/// (kind column, text column) of a detail item in a timeline.
pub fn describe(body: &DetailBody) -> (String, String) {
    match body {
        DetailBody::Note { kind, text } => {
            (format!("note {kind}").trim().to_string(), text.clone())
        }
        DetailBody::Document {
            kind,
            symbol,
            content,
        } => (
            format!("document {kind}").trim().to_string(),
            format!("{symbol}: {content}")
                .trim_matches([' ', ':'])
                .to_string(),
        ),
        DetailBody::File { name, note, .. } => (
            "file".to_string(),
            if note.is_empty() {
                name.clone()
            } else {
                format!("{name}: {note}")
            },
        ),
    }
}

fn at<S: Store>(
    ctx: &Ctx<'_, S>,
    f: &DetailFields,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(f.at
        .as_deref()
        .map(|s| {
            ctx.service.local_to_utc(s).map_err(|e| match e {
                Error::Invalid { reason, .. } => Error::invalid("at", reason),
                other => other,
            })
        })
        .transpose()?)
}

fn file_input(path: &std::path::Path, note: String) -> Result<DetailInput> {
    Ok(DetailInput::File {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        media_type: media_type(path).to_string(),
        note,
        bytes: Some(read_file(path)?),
    })
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: DetailCommand) -> Result<()> {
    let service = ctx.service;
    match command {
        DetailCommand::Add {
            case,
            fields: f,
            document,
        } => {
            let case = service.find_case(&ctx.actor, &case)?;
            let input = if document {
                DetailInput::Document {
                    kind: f.doc_kind.clone().unwrap_or_default(),
                    symbol: f.symbol.clone().unwrap_or_default(),
                    content: f.content.clone().unwrap_or_default(),
                    next_number: f.next_number,
                }
            } else if let Some(path) = &f.file {
                file_input(path, f.note.clone().unwrap_or_default())?
            } else if let Some(text) = &f.note {
                DetailInput::Note {
                    kind: f.kind.clone().unwrap_or_default(),
                    text: text.clone(),
                }
            } else {
                return Err(Error::invalid(
                    "detail",
                    "give --note TEXT, --document (with --doc-kind, --symbol, --content) or --file PATH",
                )
                .into());
            };
            let when = at(ctx, &f)?;
            let d = service.add_detail(&ctx.actor, case.id, when, input)?;
            print(ctx, &d, d.id.to_string())
        }
        DetailCommand::Edit {
            id,
            fields: f,
            version,
        } => {
            let id: DetailId = id.parse()?;
            let (old, _) = service.detail(&ctx.actor, id)?;
            // --note is a note's text and a file's note; --kind a note's kind and
            // --doc-kind a document's.
            let is_document = matches!(old.body, DetailBody::Document { .. });
            let patch = DetailPatch {
                kind: if is_document {
                    f.doc_kind.clone()
                } else {
                    f.kind.clone()
                },
                text: f.note.clone(),
                symbol: f.symbol.clone(),
                content: f.content.clone(),
                next_number: f.next_number,
                name: None,
                note: f.note.clone(),
            };
            let input = match (&old.body, &f.file) {
                (DetailBody::File { note, .. }, Some(path)) => {
                    file_input(path, patch.note.unwrap_or_else(|| note.clone()))?
                }
                _ => patch.onto(&old.body),
            };
            let when = at(ctx, &f)?;
            let version = version.unwrap_or(old.meta.version);
            let d = service.update_detail(&ctx.actor, id, version, when, input)?;
            print(ctx, &d, format!("changed detail item {id}"))
        }
        DetailCommand::Rm { id } => {
            let id: DetailId = id.parse()?;
            service.remove_detail(&ctx.actor, id)?;
            if ctx.json {
                output::json(ctx.out, &serde_json::json!({ "id": id.0, "removed": true }))
            } else {
                writeln!(ctx.out, "removed detail item {id}")?;
                Ok(())
            }
        }
        DetailCommand::Get { id, output } => {
            let id: DetailId = id.parse()?;
            let (d, bytes) = service.detail(&ctx.actor, id)?;
            if let (DetailBody::File { .. }, Some(bytes)) = (&d.body, &bytes) {
                if !ctx.json {
                    return write_bytes(ctx.out, output.as_deref(), bytes);
                }
            }
            let (kind, text) = describe(&d.body);
            let message = format!("{}  {kind}  {text}", local(service, d.at)?);
            print(ctx, &d, message)
        }
    }
}

fn print<S: Store>(ctx: &mut Ctx<'_, S>, d: &Detail, message: String) -> Result<()> {
    if ctx.json {
        let names = wire_names(ctx.service, &ctx.actor)?;
        output::json(ctx.out, &contacts_wire::CaseDetail::new(d, &names))
    } else {
        writeln!(ctx.out, "{}", output::clean(&message))?;
        Ok(())
    }
}
