//! `contacts attach add|list|get|rm`: files attached to a contact.

use std::path::Path;

use contacts_core::ids::{AttachmentId, ContactId};
use contacts_core::store::Store;
use contacts_core::Error;

use super::photo::{read_file, write_bytes};
use super::Ctx;
use crate::cli::AttachCommand;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;
use crate::wire::{time, Names};

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: AttachCommand) -> Result<()> {
    match command {
        AttachCommand::Add { id, file, note } => {
            let id = contact_id(&id)?;
            let bytes = read_file(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let info =
                ctx.service
                    .attach(&ctx.actor, id, &name, media_type(&file), bytes, &note)?;
            if ctx.json {
                output::json(ctx.out, &contacts_wire::Attachment::from(&info))
            } else {
                writeln!(ctx.out, "{}", info.id)?;
                Ok(())
            }
        }
        AttachCommand::List { id } => {
            let id = contact_id(&id)?;
            let list = ctx.service.attachments(&ctx.actor, id)?;
            if ctx.json {
                let list: Vec<contacts_wire::Attachment> =
                    list.iter().map(contacts_wire::Attachment::from).collect();
                return output::json(ctx.out, &list);
            }
            let names = Names::load(ctx.service, &ctx.actor)?;
            if list.is_empty() {
                writeln!(ctx.out, "no attachments")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.name.clone(),
                        a.media_type.clone(),
                        a.size.to_string(),
                        time(a.created_at),
                        names.user(a.created_by),
                        a.note.clone(),
                    ]
                })
                .collect();
            output::table(
                ctx.out,
                &["ID", "NAME", "TYPE", "BYTES", "ADDED", "BY", "NOTE"],
                &rows,
            )
        }
        AttachCommand::Get {
            id,
            attachment_id,
            output,
        } => {
            let (id, aid) = ids(&id, &attachment_id)?;
            check_belongs(ctx, id, aid)?;
            let (_, bytes) = ctx.service.attachment(&ctx.actor, aid)?;
            write_bytes(ctx.out, output.as_deref(), &bytes)
        }
        AttachCommand::Rm { id, attachment_id } => {
            let (id, aid) = ids(&id, &attachment_id)?;
            check_belongs(ctx, id, aid)?;
            ctx.service.remove_attachment(&ctx.actor, aid)?;
            if ctx.json {
                output::json(
                    ctx.out,
                    &serde_json::json!({ "id": aid.0, "removed": true }),
                )
            } else {
                writeln!(ctx.out, "removed attachment {aid}")?;
                Ok(())
            }
        }
    }
}

fn ids(contact: &str, attachment: &str) -> Result<(ContactId, AttachmentId)> {
    Ok((contact_id(contact)?, attachment.parse()?))
}

/// The contact must be visible (else "contact N not found") and own the attachment.
fn check_belongs<S: Store>(ctx: &Ctx<'_, S>, id: ContactId, aid: AttachmentId) -> Result<()> {
    let list = ctx.service.attachments(&ctx.actor, id)?;
    if list.iter().any(|a| a.id == aid) {
        Ok(())
    } else {
        Err(Error::not_found(format!("attachment {aid} of contact {id}")).into())
    }
}

/// The media type of a file, guessed from its extension.
pub fn media_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "rtf" => "application/rtf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "vcf" => "text/vcard",
        "ics" => "text/calendar",
        "eml" => "message/rfc822",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "json" => "application/json",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_by_extension() {
        assert_eq!(media_type(Path::new("cv.PDF")), "application/pdf");
        assert_eq!(media_type(Path::new("fax.tiff")), "image/tiff");
        assert_eq!(media_type(Path::new("noext")), "application/octet-stream");
    }
}
