//! Import and export through the browser: the import form (file, format, target book,
//! duplicate policy, dry run) and its summary, and the export download of a book, of the
//! list's filtered contacts or of given contacts.
//!
//! The parsing of the choices, the file-to-cards step and the writing of an export are
//! shared with the JSON API (`api_io`). The rules (where cards may land, who may see what
//! is exported, one transaction per import) are the core's: [`Service::import`] and
//! [`Service::export`].
//!
//! [`Service::import`]: contacts_core::service::Service::import
//! [`Service::export`]: contacts_core::service::Service::export

use std::sync::Arc;

use axum::extract::{Multipart, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contacts_core::csvio::{self, CsvLayout};
use contacts_core::ids::ContactId;
use contacts_core::service::{
    Actor, BookKind, ExportSelection, ImportSummary, OnDuplicate, Service, SourcedCard,
};
use contacts_core::store::Store;
use contacts_core::vcard::{self, Card, CardError, VcardVersion};
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::contacts::{book_kind, book_name, read_form, tab_of, ListParams};
use crate::session::auth::Me;
use crate::view::layout::{self, csrf};
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

/// The largest file an import accepts, in bytes (as large as an attachment).
pub const MAX_IMPORT_BYTES: usize = contacts_core::service::MAX_ATTACHMENT_BYTES;

// ---- the choices, shared with the API ---------------------------------------------------

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

/// A yes/no parameter: absent or empty is no.
pub fn flag(field: &str, s: Option<&str>) -> Result<bool, Error> {
    match s.map(str::trim).unwrap_or("").to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "off" => Ok(false),
        "1" | "true" | "yes" | "on" => Ok(true),
        other => Err(Error::invalid(
            field,
            format!("'{other}' is not true or false"),
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

/// The summary as the API answers it (the CLI's `--json` shape).
pub fn summary_json(s: &ImportSummary) -> Value {
    let failed: Vec<Value> = s
        .failed
        .iter()
        .map(|f| json!({ "file": f.file, "card": f.card, "line": f.line, "message": f.message }))
        .collect();
    json!({
        "imported": s.imported,
        "merged": s.merged,
        "skipped": s.skipped,
        "failed": failed,
        "refused": s.refused,
        "empty": s.empty,
        "warnings": s.warnings.iter().map(|g| json!({ "kind": g.kind, "count": g.count, "examples": g.examples })).collect::<Vec<_>>(),
        "dry_run": s.dry_run,
    })
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
    let mut resp = crate::pages::contacts::download_response(file_name, bytes);
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

// ---- the import page ------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ImportParams {
    book: Option<String>,
}

/// The choices the form shows, kept when it is shown again with an error.
struct Choices {
    book: BookKind,
    format: String,
    on_duplicate: String,
    dry_run: bool,
}

/// The import form; `error` is a file that could not be read (its reason shown above the
/// form), `refused` a file field refused before reading (none chosen, too large).
fn import_page(me: &Me, c: &Choices, error: Option<&str>, refused: Option<&Refused>) -> Markup {
    let l = me.lang;
    let title = l.t("io.import_title");
    let m = Marks::of(refused, "import");
    let body = html! {
        div.card {
            h1 { (title) }
            @if let Some(e) = error {
                div.error #import-error role="alert" { p { (l.t("io.bad_file")) } p { (e) } }
            }
            p.muted { (l.t("io.import_help")) }
            form.grid #import-form method="post" action="/contacts/import" enctype="multipart/form-data" {
                (csrf(me))
                label { (l.t("io.file"))
                    input #import-file type="file" name="file" required
                        accept=".vcf,.vcard,.csv,text/vcard,text/x-vcard,text/csv"
                        class=[m.class("file")] aria-invalid=[m.invalid("file")] aria-describedby=[m.described("file")];
                    (m.error("file"))
                    span.muted.limit { (l.t("ui.max_import")) }
                }
                label { (l.t("io.format"))
                    select name="format" {
                        @for (v, k) in [("auto", "io.format_auto"), ("vcf", "io.format_vcf"), ("csv-google", "io.format_google"), ("csv-outlook", "io.format_outlook")] {
                            option value=(v) selected[c.format == v] { (l.t(k)) }
                        }
                    }
                }
                label { (l.t("io.book"))
                    select name="book" {
                        option value="private" selected[c.book == BookKind::Private] { (l.t("book.private")) }
                        option value="business" selected[c.book == BookKind::Business] { (l.t("book.business")) }
                    }
                }
                label { (l.t("io.duplicates"))
                    select name="on_duplicate" {
                        @for (v, k) in [("merge", "io.dup_merge"), ("skip", "io.dup_skip"), ("create", "io.dup_create")] {
                            option value=(v) selected[c.on_duplicate == v] { (l.t(k)) }
                        }
                    }
                }
                label.check { input type="checkbox" name="dry_run" value="1" checked[c.dry_run]; " " (l.t("io.dry_run")) }
                div.actions {
                    button #import-submit type="submit" { (l.t("io.import_go")) }
                    a.button.secondary href={"/contacts?book=" (book_name(c.book))} { (l.t("action.cancel")) }
                }
            }
        }
    };
    layout::page(me, tab_of(c.book), title, body)
}

pub(crate) async fn import_form(me: Me, Query(p): Query<ImportParams>) -> Result<Markup, AppError> {
    let c = Choices {
        book: book_kind(p.book.as_deref()),
        format: "auto".into(),
        on_duplicate: "merge".into(),
        dry_run: false,
    };
    Ok(import_page(&me, &c, None, None))
}

pub(crate) async fn import<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    mp: Multipart,
) -> Result<Response, AppError> {
    let up = read_form(mp, "file").await?;
    let text = |k: &str| up.text.get(k).map(String::as_str);
    let book = import_book(text("book"))?;
    let format = ImportFormat::parse(text("format"))?;
    let policy = on_duplicate(text("on_duplicate"))?;
    let dry_run = flag("dry_run", text("dry_run"))?;
    // No file, or one over the limit: the form again with the choices kept.
    let refused = if up.bytes.is_empty() {
        Some(Refused::new("import", "file", me.lang.t("error.no_file")))
    } else if up.bytes.len() > MAX_IMPORT_BYTES {
        let reason = format!(
            "the file is {}, over the limit of {}",
            contacts_core::model::mb(up.bytes.len()),
            contacts_core::model::mb(MAX_IMPORT_BYTES)
        );
        Some(Refused::new(
            "import",
            "file",
            crate::view::refused::reason_in(me.lang, &reason),
        ))
    } else {
        None
    };
    if let Some(r) = refused {
        let c = Choices {
            book,
            format: text("format").unwrap_or("auto").to_string(),
            on_duplicate: text("on_duplicate").unwrap_or("merge").to_string(),
            dry_run,
        };
        return Ok(unprocessable(import_page(&me, &c, None, Some(&r))));
    }
    let outcome = run_import(
        state.service(),
        &me.actor,
        book,
        &up.name,
        &up.bytes,
        format,
        policy,
        dry_run,
    );
    let summary = match outcome {
        Ok(s) => s,
        Err(Error::Invalid { field, reason }) if field == "file" => {
            let c = Choices {
                book,
                format: text("format").unwrap_or("auto").to_string(),
                on_duplicate: text("on_duplicate").unwrap_or("merge").to_string(),
                dry_run,
            };
            let page = import_page(&me, &c, Some(&reason), None);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(summary_page(&me, book, &summary).into_response())
}

fn summary_page(me: &Me, book: BookKind, s: &ImportSummary) -> Markup {
    let l = me.lang;
    let nothing = s.imported + s.merged + s.skipped == 0;
    let title = l.t(match (s.dry_run, nothing) {
        (true, _) => "io.dry_run_title",
        (false, true) => "io.nothing_title",
        (false, false) => "io.done_title",
    });
    let body = html! {
        div.card {
            h1 { (title) }
            @if s.dry_run { p.notice #dry-run { (l.t("io.dry_run_note")) } }
            @if !s.dry_run && !nothing { p.notice.flash #flash role="status" { (l.t("flash.imported")) } }
            table.list #import-summary {
                tbody {
                    tr { th { (l.t("io.imported")) } td.num #imported { (s.imported) } }
                    tr { th { (l.t("io.merged")) } td.num #merged { (s.merged) } }
                    tr { th { (l.t("io.skipped")) } td.num #skipped { (s.skipped) } }
                    tr { th { (l.t("io.failed")) } td.num #failed { (s.refused) } }
                }
            }
            @if !s.failed.is_empty() {
                h2 { (l.t("io.failures")) }
                table.list #import-failures {
                    thead { tr { th { (l.t("io.file")) } th { (l.t("io.card")) } th { (l.t("io.line")) } th { (l.t("io.error")) } } }
                    tbody {
                        @for f in &s.failed {
                            tr { td { (f.file) } td.num { (f.card) } td.num { (f.line) } td { (f.message) } }
                        }
                        @if s.refused > s.failed.len() {
                            tr { td colspan="4" { "… +" (s.refused - s.failed.len()) } }
                        }
                    }
                }
            }
            @if !s.warnings.is_empty() {
                h2 { (l.t("io.warnings")) }
                ul #import-warnings {
                    @for g in &s.warnings {
                        @if g.count == 1 {
                            @for e in &g.examples { li { (e) } }
                        } @else {
                            li {
                                (g.count) " × " (g.kind)
                                ul { @for e in &g.examples { li { (e) } } }
                            }
                        }
                    }
                }
            }
            div.actions {
                a.button href={"/contacts?book=" (book_name(book))} { (l.t(match book {
                    BookKind::Private => "book.private",
                    BookKind::Business => "book.business",
                })) }
                a.button.secondary href={"/contacts/import?book=" (book_name(book))} { (l.t("io.import_more")) }
            }
        }
    };
    layout::page(me, tab_of(book), title, body)
}

// ---- the export download -----------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    #[serde(flatten)]
    list: ListParams,
    format: Option<String>,
    version: Option<String>,
    ids: Option<String>,
}

/// The base of a book's export file name, such as `kontakty-firmowe-2026-05-01`.
fn book_file(l: Lang, book: BookKind, filtered: bool, day: chrono::NaiveDate) -> String {
    let base = l.t(match (book, filtered) {
        (BookKind::Private, false) => "io.file_private",
        (BookKind::Business, false) => "io.file_business",
        (BookKind::Private, true) => "io.file_private_selected",
        (BookKind::Business, true) => "io.file_business_selected",
    });
    format!("{base}-{}", day.format("%Y-%m-%d"))
}

/// Downloads the contacts given by `ids`, else the list's filtered contacts when a filter
/// or search is set, else the whole book.
pub(crate) async fn export<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ExportParams>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let format = ExportFormat::parse(p.format.as_deref(), p.version.as_deref())?;
    let today = svc.today()?;
    let ids = p.ids.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (selection, name) = if let Some(ids) = ids {
        let ids = parse_ids(ids)?;
        let name = match ids.as_slice() {
            [one] => svc.get(&me.actor, *one)?.data.display_name(),
            _ => format!(
                "{}-{}",
                me.lang.t("io.file_selected"),
                today.format("%Y-%m-%d")
            ),
        };
        (ExportSelection::Ids(ids), name)
    } else {
        let book = book_kind(p.list.book.as_deref());
        match crate::pages::contacts::filtered_ids(&state, &me, &p.list, book)? {
            Some(ids) => (
                ExportSelection::Ids(ids),
                book_file(me.lang, book, true, today),
            ),
            None => (
                ExportSelection::Book(book),
                book_file(me.lang, book, false, today),
            ),
        }
    };
    let (bytes, _) = export_bytes(svc, &me.actor, &selection, format)?;
    Ok(export_response(
        &file_name(&name, format.extension()),
        format,
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
