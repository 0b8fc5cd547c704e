//! Import and export shared by the import page and the API: reading an uploaded file as
//! cards, running the import through the service, and building an export download.

use crate::limits::MAX_IMPORT_BYTES;
use axum::http::header;
use axum::http::HeaderValue;
use axum::response::Response;
use contacts_core::csvio;
use contacts_core::csvio::CsvLayout;
use contacts_core::ids::ContactId;
use contacts_core::service::Actor;
use contacts_core::service::BookKind;
use contacts_core::service::ExportSelection;
use contacts_core::service::ImportSummary;
use contacts_core::service::OnDuplicate;
use contacts_core::service::Service;
use contacts_core::service::SourcedCard;
use contacts_core::store::Store;
use contacts_core::vcard;
use contacts_core::vcard::Card;
use contacts_core::vcard::CardError;
use contacts_core::vcard::VcardVersion;
use contacts_core::Error;
use std::sync::Arc;

/// How an uploaded file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// vCard when `BEGIN:VCARD` stands near the start, else CSV.
    Auto,
    Vcard,
    /// Google or Outlook columns: the reader knows both by their names.
    Csv,
}

impl ImportFormat {
    pub fn parse(s: Option<&str>) -> Result<ImportFormat, Error> {
        match s.map(str::trim).unwrap_or("") {
            "" | "auto" => Ok(ImportFormat::Auto),
            "vcf" | "vcard" => Ok(ImportFormat::Vcard),
            "csv" | "csv-google" | "csv-outlook" => Ok(ImportFormat::Csv),
            other => Err(Error::invalid(
                "format",
                format!("'{other}' is not auto, vcf, csv-google or csv-outlook"),
            )),
        }
    }
}

pub fn on_duplicate(s: Option<&str>) -> Result<OnDuplicate, Error> {
    match s.map(str::trim).unwrap_or("") {
        "" | "merge" => Ok(OnDuplicate::Merge),
        "skip" => Ok(OnDuplicate::Skip),
        "create" => Ok(OnDuplicate::Create),
        other => Err(Error::invalid(
            "on_duplicate",
            format!("'{other}' is not merge, skip or create"),
        )),
    }
}

/// The target book of an import: it must be named.
pub fn import_book(s: Option<&str>) -> Result<BookKind, Error> {
    match s.map(str::trim).unwrap_or("") {
        "private" => Ok(BookKind::Private),
        "business" => Ok(BookKind::Business),
        _ => Err(Error::invalid("book", "must be private or business")),
    }
}

/// Imports one file in one transaction (the core's). A file with no card in it is an
/// error; nothing is written then.
#[allow(clippy::too_many_arguments)]
pub fn run_import<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    book: BookKind,
    name: &str,
    bytes: &[u8],
    format: ImportFormat,
    policy: OnDuplicate,
    dry_run: bool,
) -> Result<ImportSummary, Error> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid(
            "file",
            format!("larger than {} MB", MAX_IMPORT_BYTES / (1024 * 1024)),
        ));
    }
    let cards = cards_of(name, bytes, format)?;
    let mut seen = 0;
    let summary = svc.import(actor, book, cards, policy, dry_run, &mut |n| seen = n)?;
    if seen == 0 || summary.accepted() + summary.refused == 0 {
        return Err(Error::invalid(
            "file",
            "no contact found in it (is it a vCard or a Google/Outlook CSV file?)",
        ));
    }
    Ok(summary)
}

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Vcard(VcardVersion),
    Csv(CsvLayout),
}

impl ExportFormat {
    /// `format`: vcf (4.0 unless `version` says 3.0), vcf4, vcf3, csv-google or csv-outlook.
    pub fn parse(format: Option<&str>, version: Option<&str>) -> Result<ExportFormat, Error> {
        let version = match version.map(str::trim).unwrap_or("") {
            "" | "4.0" | "4" => None,
            "3.0" | "3" => Some(VcardVersion::V3),
            other => {
                return Err(Error::invalid(
                    "version",
                    format!("'{other}' is not 3.0 or 4.0"),
                ))
            }
        };
        match format.map(str::trim).unwrap_or("") {
            "" | "vcf" | "vcard" => Ok(ExportFormat::Vcard(version.unwrap_or(VcardVersion::V4))),
            "vcf4" => Ok(ExportFormat::Vcard(VcardVersion::V4)),
            "vcf3" => Ok(ExportFormat::Vcard(VcardVersion::V3)),
            "csv-google" => Ok(ExportFormat::Csv(CsvLayout::Google)),
            "csv-outlook" => Ok(ExportFormat::Csv(CsvLayout::Outlook)),
            other => Err(Error::invalid(
                "format",
                format!("'{other}' is not vcf, vcf3, vcf4, csv-google or csv-outlook"),
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Vcard(_) => "vcf",
            ExportFormat::Csv(_) => "csv",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Vcard(_) => "text/vcard; charset=utf-8",
            ExportFormat::Csv(_) => "text/csv; charset=utf-8",
        }
    }
}

/// Comma-separated contact ids; anything that is not an id is simply not found.
pub fn parse_ids(s: &str) -> Result<Vec<ContactId>, Error> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().map_err(|_| Error::not_found("contact")))
        .collect()
}

/// The selected contacts in `format`, and how many there were. Every contact goes through
/// the core's access rule: a contact the actor may not see is "not found".
pub fn export_bytes<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    selection: &ExportSelection,
    format: ExportFormat,
) -> Result<(Vec<u8>, usize), Error> {
    match format {
        ExportFormat::Vcard(version) => {
            let mut out = String::new();
            let n = svc.export(actor, selection, &mut |card| {
                vcard::write_card(&mut out, &card, version);
                Ok(())
            })?;
            Ok((out.into_bytes(), n))
        }
        ExportFormat::Csv(layout) => {
            let cards: Vec<Card> = svc.export_cards(actor, selection)?;
            let mut out = Vec::new();
            csvio::write_csv(&mut out, &cards, layout).map_err(|e| Error::Backend(Box::new(e)))?;
            Ok((out, cards.len()))
        }
    }
}

/// The file as a download (never shown inline) with its type.
pub fn export_response(file_name: &str, format: ExportFormat, bytes: Vec<u8>) -> Response {
    let mut resp = crate::view::stored::download_response(file_name, bytes);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    resp
}

/// A file name that is safe on every system: no path separators or control characters;
/// Polish letters are kept (the download header carries them UTF-8 encoded).
pub fn file_name(base: &str, ext: &str) -> String {
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.');
    let clean = if clean.is_empty() { "contacts" } else { clean };
    format!("{clean}.{ext}")
}

/// The cards of a file held in memory, read one at a time (nothing but the upload itself
/// is held whole). A CSV file whose header row names no known column is refused here,
/// before anything is written.
pub fn cards_of<'a>(
    name: &str,
    bytes: &'a [u8],
    format: ImportFormat,
) -> Result<Box<dyn Iterator<Item = SourcedCard> + 'a>, Error> {
    let name: Arc<str> = Arc::from(if name.trim().is_empty() {
        "upload"
    } else {
        name.trim()
    });
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid("file", "the file is empty"));
    }
    let vcf = match format {
        ImportFormat::Vcard => true,
        ImportFormat::Csv => false,
        ImportFormat::Auto => vcard::looks_like_vcard(bytes),
    };
    if vcf {
        return Ok(Box::new(vcard::read(bytes).map(move |c| (name.clone(), c))));
    }
    let rows = csvio::read_csv(bytes).map_err(|e: CardError| Error::invalid("file", e.message))?;
    Ok(Box::new(rows.map(move |c| (name.clone(), c))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::flag;

    #[test]
    fn choices_parse_and_refuse_unknown_values() {
        assert_eq!(ImportFormat::parse(None).ok(), Some(ImportFormat::Auto));
        assert_eq!(
            ImportFormat::parse(Some("csv-outlook")).ok(),
            Some(ImportFormat::Csv)
        );
        assert!(ImportFormat::parse(Some("xls")).is_err());
        assert_eq!(on_duplicate(Some("skip")).ok(), Some(OnDuplicate::Skip));
        assert!(on_duplicate(Some("drop")).is_err());
        assert_eq!(flag("dry_run", Some("1")).ok(), Some(true));
        assert_eq!(flag("dry_run", None).ok(), Some(false));
        assert!(flag("dry_run", Some("maybe")).is_err());
        assert!(import_book(None).is_err());
        assert_eq!(
            ExportFormat::parse(Some("vcf"), Some("3.0")).ok(),
            Some(ExportFormat::Vcard(VcardVersion::V3))
        );
        assert_eq!(
            ExportFormat::parse(None, None).ok(),
            Some(ExportFormat::Vcard(VcardVersion::V4))
        );
        assert!(ExportFormat::parse(Some("pdf"), None).is_err());
        assert!(ExportFormat::parse(Some("vcf"), Some("2.1")).is_err());
        assert!(parse_ids("1, 2,x").is_err());
        assert_eq!(parse_ids("1,2").map(|v| v.len()).ok(), Some(2));
    }

    #[test]
    fn file_names_keep_polish_letters_and_drop_separators() {
        assert_eq!(file_name("Łukasz Żółć", "vcf"), "Łukasz Żółć.vcf");
        assert_eq!(file_name("a/b\\c:d", "csv"), "a_b_c_d.csv");
        assert_eq!(file_name(" .. ", "vcf"), "contacts.vcf");
    }

    #[test]
    fn a_csv_without_known_columns_is_refused_before_import() {
        let e = cards_of("x.csv", b"foo,bar\n1,2\n", ImportFormat::Auto).err();
        assert!(
            matches!(&e, Some(Error::Invalid { field, .. }) if field == "file"),
            "{e:?}"
        );
        assert!(cards_of("x.vcf", b"  \n", ImportFormat::Auto).is_err());
    }
}
