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

use crate::forms::flag;
use crate::limits::MAX_IMPORT_BYTES;
use crate::parts::interchange::{
    export_bytes, export_response, file_name, import_book, on_duplicate, parse_ids, run_import,
    ExportFormat, ImportFormat,
};
use crate::paths::QueryLink;

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contacts_core::service::{BookKind, ExportSelection, ImportSummary};
use contacts_core::store::Store;
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::list::ListParams;
use crate::forms::upload::read_form;
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf};
use crate::view::links::{book_kind, book_name, tab_of};
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

// ---- the choices, shared with the API ---------------------------------------------------

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
    let title = l.t(msg!("io.import_title"));
    let m = Marks::of(refused, "import");
    let body = html! {
        div.card {
            h1 { (title) }
            @if let Some(e) = error {
                div.error #import-error role="alert" { p { (l.t(msg!("io.bad_file"))) } p { (e) } }
            }
            p.muted { (l.t(msg!("io.import_help"))) }
            form.grid #import-form method="post" action="/contacts/import" enctype="multipart/form-data" {
                (csrf(me))
                label { (l.t(msg!("io.file")))
                    input #import-file type="file" name="file" required
                        accept=".vcf,.vcard,.csv,text/vcard,text/x-vcard,text/csv"
                        class=[m.class("file")] aria-invalid=[m.invalid("file")] aria-describedby=[m.described("file")];
                    (m.error("file"))
                    span.muted.limit { (l.t(msg!("ui.max_import"))) }
                }
                label { (l.t(msg!("io.format")))
                    select name="format" {
                        @for (v, k) in [("auto", msg!("io.format_auto")), ("vcf", msg!("io.format_vcf")), ("csv-google", msg!("io.format_google")), ("csv-outlook", msg!("io.format_outlook"))] {
                            option value=(v) selected[c.format == v] { (l.t(k)) }
                        }
                    }
                }
                label { (l.t(msg!("io.book")))
                    select name="book" {
                        option value="private" selected[c.book == BookKind::Private] { (l.t(msg!("book.private"))) }
                        option value="business" selected[c.book == BookKind::Business] { (l.t(msg!("book.business"))) }
                    }
                }
                label { (l.t(msg!("io.duplicates")))
                    select name="on_duplicate" {
                        @for (v, k) in [("merge", msg!("io.dup_merge")), ("skip", msg!("io.dup_skip")), ("create", msg!("io.dup_create"))] {
                            option value=(v) selected[c.on_duplicate == v] { (l.t(k)) }
                        }
                    }
                }
                label.check { input type="checkbox" name="dry_run" value="1" checked[c.dry_run]; " " (l.t(msg!("io.dry_run"))) }
                div.actions {
                    button #import-submit type="submit" { (l.t(msg!("io.import_go"))) }
                    a.button.secondary href=(crate::paths::Contacts.with_query(crate::paths::InBook { book: book_name(c.book) })) { (l.t(msg!("action.cancel"))) }
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
        Some(Refused::new(
            "import",
            "file",
            me.lang.t(msg!("error.no_file")),
        ))
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
        (true, _) => msg!("io.dry_run_title"),
        (false, true) => msg!("io.nothing_title"),
        (false, false) => msg!("io.done_title"),
    });
    let body = html! {
        div.card {
            h1 { (title) }
            @if s.dry_run { p.notice #dry-run { (l.t(msg!("io.dry_run_note"))) } }
            @if !s.dry_run && !nothing { p.notice.flash #flash role="status" { (l.t(msg!("flash.imported"))) } }
            table.list #import-summary {
                tbody {
                    tr { th { (l.t(msg!("io.imported"))) } td.num #imported { (s.imported) } }
                    tr { th { (l.t(msg!("io.merged"))) } td.num #merged { (s.merged) } }
                    tr { th { (l.t(msg!("io.skipped"))) } td.num #skipped { (s.skipped) } }
                    tr { th { (l.t(msg!("io.failed"))) } td.num #failed { (s.refused) } }
                }
            }
            @if !s.failed.is_empty() {
                h2 { (l.t(msg!("io.failures"))) }
                table.list #import-failures {
                    thead { tr { th { (l.t(msg!("io.file"))) } th { (l.t(msg!("io.card"))) } th { (l.t(msg!("io.line"))) } th { (l.t(msg!("io.error"))) } } }
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
                h2 { (l.t(msg!("io.warnings"))) }
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
                a.button href=(crate::paths::Contacts.with_query(crate::paths::InBook { book: book_name(book) })) { (l.t(match book {
                    BookKind::Private => msg!("book.private"),
                    BookKind::Business => msg!("book.business"),
                })) }
                a.button.secondary href=(crate::paths::ContactsImport.with_query(crate::paths::InBook { book: book_name(book) })) { (l.t(msg!("io.import_more"))) }
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
        (BookKind::Private, false) => msg!("io.file_private"),
        (BookKind::Business, false) => msg!("io.file_business"),
        (BookKind::Private, true) => msg!("io.file_private_selected"),
        (BookKind::Business, true) => msg!("io.file_business_selected"),
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
                me.lang.t(msg!("io.file_selected")),
                today.format("%Y-%m-%d")
            ),
        };
        (ExportSelection::Ids(ids), name)
    } else {
        let book = book_kind(p.list.book.as_deref());
        match crate::parts::contact::filtered_ids(&state, &me, &p.list, book)? {
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
