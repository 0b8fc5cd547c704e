//! The contact pages: both books as tabs, the list with filters, sorting and paging,
//! search as you type (an HTML fragment endpoint), the contact view with map links,
//! the edit form with conflict detection, photo, attachments and copy to business.

use crate::forms::list::{list_filter, ListParams, MAX_QUIET_DAYS};
use crate::forms::non_empty;
use crate::forms::upload::{read_form, read_upload};
use crate::parts::contact::contact_page;
use crate::parts::contact::{custom_text, human_size, kind_of, label_name};
use crate::paths::QueryLink;
use crate::view::links::{book_kind, book_name, icon, tab_of};
use crate::view::stored::{download_response, photo_response};
use std::collections::HashMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::category::Category;
use contacts_core::format::{self, Formatter};
use contacts_core::ids::ContactId;
use contacts_core::model::{Address, Contact, ContactData, ContactKind};
use contacts_core::service::{BookKind, ListFilter};
use contacts_core::store::{FieldDef, Label, ListKind, ListSort, Store};
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::contact::{self as form, ContactForm, FormContext};
use crate::forms::ids::{attachment_id, contact_id};
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf};
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

/// Contacts per list page.
pub const PAGE_SIZE: usize = 25;
/// Search results shown at most.
const SEARCH_LIMIT: usize = 100;
// ---- list ---------------------------------------------------------------------------

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ListParams>,
) -> Result<Markup, AppError> {
    list_page(&state, &me, &p, None)
}

/// The most ids one bulk form may carry (the core refuses more anyway).
const MAX_FORM_IDS: usize = contacts_core::service::MAX_BULK;

/// The list's bulk form: `id` (repeated), `user` ("" clears), `back` (the list's URL). A
/// refused form (no contact ticked, too many, an unknown or disabled user) is the list
/// again, status 422, with the field marked and the ticks and the choice kept.
pub(crate) async fn set_managers<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut ids = Vec::new();
    let mut user = "";
    let mut back = String::from("/contacts?book=business");
    for (k, v) in &pairs {
        match k.as_str() {
            "id" if ids.len() < MAX_FORM_IDS + 1 => ids.push(contact_id(v)?),
            "user" => user = v.as_str(),
            // Only a path of this site.
            "back" if v.starts_with("/contacts?") => back = v.clone(),
            _ => {}
        }
    }
    let set = crate::forms::user_field(user, "account manager").and_then(|u| {
        state
            .service()
            .set_account_managers(&me.actor, &ids, u)
            .map_err(AppError::from)
    });
    match set {
        Ok(n) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            Ok(Redirect::to(&format!("{back}{sep}changed={n}")).into_response())
        }
        Err(e) => {
            let r = Refused::of(
                "bulk",
                e,
                me.lang,
                &[("contacts", "id"), ("account manager", "user")],
                "user",
            )?
            .keep("user", user);
            let r = ids.iter().fold(r, |r, id| r.keep("id", &id.to_string()));
            let uri: axum::http::Uri = back
                .parse()
                .unwrap_or_else(|_| axum::http::Uri::from_static("/contacts?book=business"));
            let Query(p) = Query::<ListParams>::try_from_uri(&uri).unwrap_or_default();
            Ok(unprocessable(list_page(&state, &me, &p, Some(&r))?))
        }
    }
}

/// The list page; `refused` is a refused bulk form, drawn with its mark and what was chosen.
fn list_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    p: &ListParams,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let book = book_kind(p.book.as_deref());
    let mut filter = list_filter(p, book)?;
    let sort = non_empty(&p.sort).unwrap_or("name").to_string();
    let page: usize = non_empty(&p.page)
        .and_then(|s| s.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1);
    let query = non_empty(&p.q).map(str::to_string);
    let (contacts, total) = if let Some(q) = &query {
        let found = svc.search_filtered(&me.actor, q, &filter, SEARCH_LIMIT)?;
        let n = found.len() as u64;
        (found, n)
    } else {
        let total = svc.count(&me.actor, &filter)?;
        let offset = (page - 1) * PAGE_SIZE;
        let contacts = match sort.as_str() {
            "-name" => {
                // The store lists in name order; read the mirrored window and reverse it.
                let end = (total as usize).saturating_sub(offset);
                let start = end.saturating_sub(PAGE_SIZE);
                filter.offset = start;
                filter.limit = end - start;
                let mut page = if end == 0 {
                    vec![]
                } else {
                    svc.list(&me.actor, &filter)?
                };
                page.reverse();
                page
            }
            "changed" => {
                // Recently changed first, paged by the store (one index range per book).
                filter.sort = ListSort::Recent;
                filter.offset = offset;
                filter.limit = PAGE_SIZE;
                svc.list(&me.actor, &filter)?
            }
            _ => {
                filter.offset = offset;
                filter.limit = PAGE_SIZE;
                svc.list(&me.actor, &filter)?
            }
        };
        (contacts, total)
    };
    let categories = svc.categories(&me.actor)?;
    let groups = svc.labels(ListKind::Group)?;
    let statuses = svc.labels(ListKind::Status)?;
    let business = book == BookKind::Business;
    let users = if business {
        svc.user_directory(&me.actor)?
    } else {
        vec![]
    };
    let facts = crate::parts::workflows::facts_of(state, me, &contacts);
    let bulk = Marks::of(refused, "bulk");
    let ticked: Vec<String> = bulk.values("id").map(str::to_string).collect();
    let this_url = p.url(None, Some(page));
    let pages = (total as usize).div_ceil(PAGE_SIZE).max(1);
    let title = l.t(match book {
        BookKind::Private => msg!("book.private"),
        BookKind::Business => msg!("book.business"),
    });
    let selected = |v: &Option<String>, id: String| non_empty(v) == Some(id.as_str());
    let sort_link = |key: &str, label: &str| -> Markup {
        let next = if sort == key && key == "name" {
            "-name"
        } else {
            key
        };
        let arrow = match (sort.as_str(), key) {
            ("name", "name") => " ▲",
            ("-name", "name") => " ▼",
            ("changed", "changed") => " ▼",
            _ => "",
        };
        html! { a href=(p.url(Some(next), None)) { (label) (arrow) } }
    };
    let body = html! {
        h1 { (title) }
        form.toolbar method="get" action="/contacts" role="search" {
            input type="hidden" name="book" value=(book_name(book));
            input #q type="search" name="q" value=(query.clone().unwrap_or_default())
                placeholder=(l.t(msg!("list.search"))) aria-label=(l.t(msg!("list.search")))
                data-book=(book_name(book)) autocomplete="off" autofocus;
            @if book == BookKind::Private {
                select name="category" data-autosubmit aria-label=(l.t(msg!("field.category"))) {
                    option value="" { (l.t(msg!("list.all_categories"))) }
                    @for c in &categories {
                        option value=(c.key.key()) selected[selected(&p.category, c.key.key().to_string())] { (c.icon) " " (c.label) }
                    }
                }
            } @else {
                select name="group" data-autosubmit aria-label=(l.t(msg!("field.groups"))) {
                    option value="" { (l.t(msg!("list.all_groups"))) }
                    @for g in &groups {
                        option value=(g.id) selected[selected(&p.group, g.id.to_string())] { (g.name) }
                    }
                }
                select name="status" data-autosubmit aria-label=(l.t(msg!("field.status"))) {
                    option value="" { (l.t(msg!("list.all_statuses"))) }
                    @for s in &statuses {
                        option value=(s.id) selected[selected(&p.status, s.id.to_string())] { (s.name) }
                    }
                }
                select name="manager" data-autosubmit aria-label=(l.t(msg!("client.manager"))) {
                    option value="" { (l.t(msg!("client.all_managers"))) }
                    @for u in &users {
                        option value=(u.id) selected[selected(&p.manager, u.id.to_string())] { (u.name) }
                    }
                }
                input.narrow type="number" name="quiet" min="0" max=(MAX_QUIET_DAYS)
                    value=(non_empty(&p.quiet).unwrap_or(""))
                    placeholder=(l.t(msg!("client.quiet"))) aria-label=(l.t(msg!("client.quiet"))) title=(l.t(msg!("client.quiet")));
            }
            select name="sort" data-autosubmit aria-label=(l.t(msg!("list.sort"))) {
                option value="name" selected[sort == "name"] { (l.t(msg!("list.sort_name"))) }
                option value="-name" selected[sort == "-name"] { (l.t(msg!("list.sort_name_desc"))) }
                option value="changed" selected[sort == "changed"] { (l.t(msg!("list.sort_changed"))) }
            }
            button.secondary type="submit" { (l.t(msg!("list.filter"))) }
            span.grow {}
            a.button.secondary #trash-link href="/trash" { (l.t(msg!("trash.link"))) }
            a.button.secondary #import-link href=(crate::paths::ContactsImport.with_query(crate::paths::InBook { book: book_name(book) })) { (l.t(msg!("io.import"))) }
            a.button.secondary #duplicates-link href=(crate::paths::Duplicates.with_query(crate::paths::InBook { book: book_name(book) })) { (l.t(msg!("dup.title"))) }
            a.button href=(crate::paths::ContactNew.with_query(crate::paths::InBook { book: book_name(book) })) { "+ " (l.t(msg!("list.new"))) }
        }
        @if let Some(n) = non_empty(&p.changed) {
            p.notice #bulk-changed { (l.t(msg!("client.bulk_changed"))) " " (n) }
        }
        table.list {
            thead { tr {
                @if business { th.icon {} }
                th.icon {}
                th { (sort_link("name", l.t(msg!("field.name")))) }
                th { (l.t(msg!("field.org_name"))) }
                th { (l.t(msg!("field.email"))) }
                th { (l.t(msg!("field.phone"))) }
                @if business {
                    th { (l.t(msg!("client.manager"))) }
                    th { (l.t(msg!("client.last_contact"))) }
                }
                th { (sort_link("changed", l.t(msg!("list.changed")))) }
            } }
            tbody #rows { (rows(l, &l.fmt(svc), &contacts, &categories, &facts, business, &ticked)) }
        }
        @if business {
            form.toolbar #bulk-form method="post" action="/contacts/managers" {
                (crate::view::layout::csrf(me))
                input type="hidden" name="back" value=(this_url);
                span #bulk-id class=(bulk.class("id").map_or("muted", |_| "muted invalid")) aria-invalid=[bulk.invalid("id")] aria-describedby=[bulk.described("id")] { (l.t(msg!("client.bulk_manager"))) }
                (bulk.error("id"))
                select name="user" aria-label=(l.t(msg!("client.manager")))
                    class=[bulk.class("user")] aria-invalid=[bulk.invalid("user")] aria-describedby=[bulk.described("user")] {
                    option value="" { (l.t(msg!("client.no_manager"))) }
                    @for u in users.iter().filter(|u| !u.disabled) {
                        option value=(u.id) selected[bulk.value("user") == Some(u.id.to_string().as_str())] { (u.name) }
                    }
                }
                (bulk.error("user"))
                button.secondary type="submit" { (l.t(msg!("client.set_manager"))) }
            }
        }
        form.toolbar #export-form method="get" action="/contacts/export" {
            input type="hidden" name="book" value=(book_name(book));
            @for (k, v) in [("q", &p.q), ("category", &p.category), ("group", &p.group), ("status", &p.status), ("manager", &p.manager), ("quiet", &p.quiet)] {
                @if let Some(v) = non_empty(v) { input type="hidden" name=(k) value=(v); }
            }
            select name="format" aria-label=(l.t(msg!("io.format"))) {
                option value="vcf4" { "vCard 4.0" }
                option value="vcf3" { "vCard 3.0" }
                option value="csv-google" { "CSV (Google)" }
                option value="csv-outlook" { "CSV (Outlook)" }
            }
            button.secondary type="submit" {
                (l.t(if query.is_some() || filter_set(p) { msg!("io.export_shown") } else { msg!("io.export_book") }))
            }
        }
        @if let Some(link) = p.mailing_link() { a.button #mailing-link href=(link) { "✉ " (l.t(msg!("mail.button"))) } }
        @if query.is_none() {
            nav.pager #pager {
                @if page > 1 { a href=(p.url(None, Some(page - 1))) { "← " (l.t(msg!("list.prev"))) } }
                span.muted { (l.t(msg!("list.page"))) " " (page) " / " (pages) " · " (total) " " (l.t(msg!("list.contacts"))) }
                @if page < pages { a href=(p.url(None, Some(page + 1))) { (l.t(msg!("list.next"))) " →" } }
            }
        }
    };
    Ok(layout::page(me, tab_of(book), title, body))
}

/// Whether the list is narrowed by a category, group or status.
fn filter_set(p: &ListParams) -> bool {
    [&p.category, &p.group, &p.status, &p.manager, &p.quiet]
        .into_iter()
        .any(|v| non_empty(v).is_some())
}

/// Table rows for a list or a search; the business book's rows have a box for the bulk
/// change, the account manager and the last contact.
fn rows(
    l: Lang,
    fmt: &Formatter,
    contacts: &[Contact],
    categories: &[Category],
    facts: &HashMap<ContactId, contacts_core::service::ClientFacts>,
    business: bool,
    ticked: &[String],
) -> Markup {
    html! {
        @if contacts.is_empty() {
            tr { td colspan=(if business { "9" } else { "6" }) .muted { (l.t(msg!("list.empty"))) } }
        }
        @for c in contacts {
            @let cat = c.data.category.and_then(|k| categories.iter().find(|x| x.key == k));
            @let cf = facts.get(&c.id);
            tr {
                @if business {
                    td.icon { input type="checkbox" name="id" value=(c.id) form="bulk-form" aria-label=(c.data.display_name())
                        checked[ticked.contains(&c.id.to_string())]; }
                }
                td.icon title=(cat.map(|x| x.label.as_str()).unwrap_or("")) { (icon(&c.data)) }
                td { a href=(crate::paths::Contact { id: c.id }) { (c.data.display_name()) } }
                td { (if c.data.kind == ContactKind::Person { c.data.org_name.as_str() } else { "" }) }
                td { (c.data.emails.first().map(|e| e.address()).unwrap_or("")) }
                td { (c.data.phones.first().map(|p| p.raw()).unwrap_or("")) }
                @if business {
                    td { (cf.and_then(|x| x.manager.as_ref()).map(|u| u.name.as_str()).unwrap_or("")) }
                    td.muted { (cf.and_then(|x| x.last_contact).map(|t| fmt.datetime(t)).unwrap_or_default()) }
                }
                td.muted { (fmt.datetime(c.meta.updated_at)) }
            }
        }
    }
}

/// Rows of the contacts matching `q` within the list's filters, for the search box's script.
pub(crate) async fn search_fragment<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ListParams>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let book = book_kind(p.book.as_deref());
    // The list's filters (group, status, account manager, not contacted for) hold here too.
    let filter = list_filter(&p, book)?;
    let found = svc.search_filtered(
        &me.actor,
        p.q.as_deref().unwrap_or(""),
        &filter,
        SEARCH_LIMIT,
    )?;
    let categories = svc.categories(&me.actor)?;
    let business = book == BookKind::Business;
    let facts = crate::parts::workflows::facts_of(&state, &me, &found);
    let markup = rows(
        me.lang,
        &me.lang.fmt(svc),
        &found,
        &categories,
        &facts,
        business,
        &[],
    );
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response())
}

// ---- view ---------------------------------------------------------------------------

pub(crate) async fn view<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    contact_page(&state, &me, contact_id(&id)?, None)
}

// ---- new, edit, save ----------------------------------------------------------------

struct FormData {
    categories: Vec<Category>,
    groups: Vec<Label>,
    statuses: Vec<Label>,
    fields: Vec<FieldDef>,
    organisations: Vec<(ContactId, String)>,
}

fn form_data<S: Store>(
    state: &AppState<S>,
    me: &Me,
    book: BookKind,
    except: Option<ContactId>,
) -> Result<FormData, AppError> {
    let svc = state.service();
    let all = svc.list(
        &me.actor,
        &ListFilter {
            book: Some(book),
            limit: 10_000,
            ..ListFilter::default()
        },
    )?;
    Ok(FormData {
        categories: svc.categories(&me.actor)?,
        groups: svc.labels(ListKind::Group)?,
        statuses: svc.labels(ListKind::Status)?,
        fields: svc.fields()?,
        organisations: all
            .into_iter()
            .filter(|c| c.data.kind == ContactKind::Organisation && Some(c.id) != except)
            .map(|c| (c.id, c.data.display_name()))
            .collect(),
    })
}

impl FormData {
    fn cx(&self, lang: Lang, book: BookKind) -> FormContext<'_> {
        FormContext {
            lang,
            business: book == BookKind::Business,
            categories: &self.categories,
            groups: &self.groups,
            statuses: &self.statuses,
            fields: &self.fields,
            organisations: &self.organisations,
        }
    }
}

fn cancel_url(action: &str, book: BookKind) -> String {
    if action == "/contacts" {
        crate::paths::Contacts
            .with_query(crate::paths::InBook {
                book: book_name(book),
            })
            .to_string()
    } else {
        action.to_string()
    }
}

/// The edit (or new) page; `errors` are shown above the form.
fn form_page(
    me: &Me,
    book: BookKind,
    action: &str,
    title: &str,
    f: &ContactForm,
    fd: &FormData,
    errors: &[String],
) -> Markup {
    form_page_warning(me, book, action, title, f, fd, errors, None)
}

/// The form page with a warning above it (possible duplicates) and a button that saves
/// anyway.
#[allow(clippy::too_many_arguments)]
fn form_page_warning(
    me: &Me,
    book: BookKind,
    action: &str,
    title: &str,
    f: &ContactForm,
    fd: &FormData,
    errors: &[String],
    warning: Option<Markup>,
) -> Markup {
    let l = me.lang;
    let warned = warning.is_some();
    let body = html! {
        h1 { (title) }
        @if !errors.is_empty() {
            div.error role="alert" { ul { @for e in errors { li { (e) } } } }
        }
        @if let Some(w) = warning { (w) }
        form #contact-form method="post" action=(action) {
            (csrf(me))
            input type="hidden" name="book" value=(book_name(book));
            (form::render(f, &fd.cx(l, book)))
            div.actions {
                @if warned {
                    button #save-anyway type="submit" name="confirm_duplicate" value="1" { (l.t(msg!("dup.save_anyway"))) }
                } @else {
                    button #save type="submit" { (l.t(msg!("action.save"))) }
                }
                a.button.secondary href=(cancel_url(action, book)) { (l.t(msg!("action.cancel"))) }
            }
        }
    };
    layout::page(me, tab_of(book), title, body)
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewParams {
    book: Option<String>,
    /// The organisation a new person works at ("add a person" on a company's card).
    org: Option<String>,
}

pub(crate) async fn new_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<NewParams>,
) -> Result<Markup, AppError> {
    let book = book_kind(p.book.as_deref());
    let fd = form_data(&state, &me, book, None)?;
    let mut f = ContactForm {
        kind: "person".into(),
        ..ContactForm::default()
    };
    if let Some(org) = p
        .org
        .as_deref()
        .and_then(|o| o.trim().parse::<ContactId>().ok())
    {
        // An organisation the user may not see is "not found"; the core checks it again
        // when the form is saved.
        let o = state.service().get(&me.actor, org)?;
        if o.data.kind == ContactKind::Organisation {
            f.org_id = org.to_string();
            f.org_name = o.data.display_name();
        }
    }
    Ok(form_page(
        &me,
        book,
        "/contacts",
        me.lang.t(msg!("contact.new")),
        &f,
        &fd,
        &[],
    ))
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let book = book_kind(
        pairs
            .iter()
            .find(|(k, _)| k == "book")
            .map(|(_, v)| v.as_str()),
    );
    let f = ContactForm::from_pairs(&pairs);
    let fd = form_data(&state, &me, book, None)?;
    let title = me.lang.t(msg!("contact.new"));
    let data = match f.to_data(book == BookKind::Business, &fd.fields, vec![]) {
        Ok(d) => d,
        Err(errors) => {
            return Ok(unprocessable(form_page(
                &me,
                book,
                "/contacts",
                title,
                &f,
                &fd,
                &errors,
            )))
        }
    };
    let hints = crate::parts::duplicates::hints_for(&state, &me, book, &data, None, &pairs);
    if !hints.is_empty() {
        return Ok(form_page_warning(
            &me,
            book,
            "/contacts",
            title,
            &f,
            &fd,
            &[],
            Some(crate::parts::duplicates::warning(&me, book, &hints)),
        )
        .into_response());
    }
    match state.service().create(&me.actor, book, data) {
        Ok(c) => Ok(layout::done(
            &crate::paths::Contact { id: c.id }.to_string(),
            msg!("flash.created"),
        )
        .into_response()),
        Err(Error::Invalid { field, reason }) => Ok(unprocessable(form_page(
            &me,
            book,
            "/contacts",
            title,
            &f,
            &fd,
            &[format!("{field}: {reason}")],
        ))),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn edit_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let c = state.service().get(&me.actor, contact_id(&id)?)?;
    let book = kind_of(c.book);
    let fd = form_data(&state, &me, book, Some(c.id))?;
    let mut f = ContactForm::from_data(&c.data).for_reader(&me.lang.fmt(state.service()), &c.data);
    f.version = c.meta.version.to_string();
    let title = format!(
        "{}: {}",
        me.lang.t(msg!("action.edit")),
        c.data.display_name()
    );
    Ok(form_page(
        &me,
        book,
        &crate::paths::Contact { id: c.id }.to_string(),
        &title,
        &f,
        &fd,
        &[],
    ))
}

pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let stored = svc.get(&me.actor, contact_id(&id)?)?;
    let book = kind_of(stored.book);
    let f = ContactForm::from_pairs(&pairs);
    let fd = form_data(&state, &me, book, Some(stored.id))?;
    let action = crate::paths::Contact { id: stored.id }.to_string();
    let title = format!(
        "{}: {}",
        me.lang.t(msg!("action.edit")),
        stored.data.display_name()
    );
    let Ok(version) = f.version.trim().parse::<u64>() else {
        return Err(AppError::invalid("version", msg!("error.version")));
    };
    let data = match f.to_data(
        book == BookKind::Business,
        &fd.fields,
        stored.data.extra.clone(),
    ) {
        Ok(d) => d,
        Err(errors) => {
            return Ok(unprocessable(form_page(
                &me, book, &action, &title, &f, &fd, &errors,
            )))
        }
    };
    let hints =
        crate::parts::duplicates::hints_for(&state, &me, book, &data, Some(stored.id), &pairs);
    if !hints.is_empty() {
        return Ok(form_page_warning(
            &me,
            book,
            &action,
            &title,
            &f,
            &fd,
            &[],
            Some(crate::parts::duplicates::warning(&me, book, &hints)),
        )
        .into_response());
    }
    match svc.update(&me.actor, stored.id, version, data.clone()) {
        Ok(c) => Ok(layout::done(
            &crate::paths::Contact { id: c.id }.to_string(),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(Error::Conflict(_)) => {
            let current = svc.get(&me.actor, stored.id)?;
            let fm = me.lang.fmt(state.service());
            Ok(conflict_page(&me, &fm, book, &f, &data, &current, &fd))
        }
        Err(Error::Invalid { field, reason }) => Ok(unprocessable(form_page(
            &me,
            book,
            &action,
            &title,
            &f,
            &fd,
            &[format!("{field}: {reason}")],
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Field by field text of a contact, for the conflict comparison.
fn summary(l: Lang, f: &Formatter, d: &ContactData, fd: &FormData) -> Vec<(String, String)> {
    let join = |v: Vec<String>| v.join("; ");
    let mut out = vec![
        (l.t(msg!("field.name")).to_string(), d.display_name()),
        (l.t(msg!("field.nickname")).to_string(), d.nickname.clone()),
        (l.t(msg!("field.org_name")).to_string(), d.org_name.clone()),
        (
            l.t(msg!("field.department")).to_string(),
            d.department.clone(),
        ),
        (
            l.t(msg!("field.job_title")).to_string(),
            d.job_title.clone(),
        ),
        (
            l.t(msg!("field.emails")).to_string(),
            join(d.emails.iter().map(|e| e.address().to_string()).collect()),
        ),
        (
            l.t(msg!("field.phones")).to_string(),
            join(d.phones.iter().map(|p| p.raw().to_string()).collect()),
        ),
        (
            l.t(msg!("field.addresses")).to_string(),
            join(d.addresses.iter().map(Address::one_line).collect()),
        ),
        (
            l.t(msg!("field.websites")).to_string(),
            join(d.websites.iter().map(|w| w.url.clone()).collect()),
        ),
        (
            l.t(msg!("field.birthday")).to_string(),
            d.birthday.map(|b| f.partial_date(b)).unwrap_or_default(),
        ),
        (
            l.t(msg!("field.nameday")).to_string(),
            d.nameday.map(|b| f.month_day(b)).unwrap_or_default(),
        ),
        (
            "NIP".to_string(),
            d.nip.as_ref().map(format::nip).unwrap_or_default(),
        ),
        (
            l.t(msg!("field.status")).to_string(),
            d.status
                .map(|s| label_name(&fd.statuses, s))
                .unwrap_or_default(),
        ),
        (
            l.t(msg!("field.groups")).to_string(),
            join(
                d.groups
                    .iter()
                    .map(|g| label_name(&fd.groups, *g))
                    .collect(),
            ),
        ),
    ];
    for def in &fd.fields {
        out.push((
            def.label.clone(),
            d.custom
                .get(&def.id)
                .map(|v| custom_text(l, f, v))
                .unwrap_or_default(),
        ));
    }
    out.push((l.t(msg!("field.notes")).to_string(), d.notes.clone()));
    out
}

/// Someone saved the contact after this form was loaded: show both versions; nothing
/// was written. The form below carries the user's values at the stored version, so
/// saving again is a deliberate choice.
fn conflict_page(
    me: &Me,
    fm: &Formatter,
    book: BookKind,
    f: &ContactForm,
    yours: &ContactData,
    current: &Contact,
    fd: &FormData,
) -> Response {
    let l = me.lang;
    let mine = summary(l, fm, yours, fd);
    let theirs = summary(l, fm, &current.data, fd);
    let mut again = f.clone();
    again.version = current.meta.version.to_string();
    let body = html! {
        h1 { (l.t(msg!("conflict.title"))) }
        p.error role="alert" { (l.t(msg!("conflict.explain"))) }
        table.compare #conflict {
            thead { tr { th {} th { (l.t(msg!("conflict.yours"))) } th { (l.t(msg!("conflict.stored"))) " (v" (current.meta.version) ")" } } }
            tbody {
                @for ((label, a), (_, b)) in mine.iter().zip(theirs.iter()) {
                    @if !a.is_empty() || !b.is_empty() {
                        tr class=(if a != b { "diff" } else { "" }) { th { (label) } td { (a) } td { (b) } }
                    }
                }
            }
        }
        div.actions {
            a.button.secondary href=(crate::paths::Contact { id: current.id }) { (l.t(msg!("conflict.keep_stored"))) }
            a.button.secondary href=(crate::paths::ContactEdit { id: current.id }) { (l.t(msg!("conflict.edit_stored"))) }
        }
        h2 { (l.t(msg!("conflict.save_mine"))) }
        form method="post" action=(crate::paths::Contact { id: current.id }) {
            (csrf(me))
            input type="hidden" name="book" value=(book_name(book));
            (form::render(&again, &fd.cx(l, book)))
            button type="submit" { (l.t(msg!("conflict.save_mine"))) }
        }
    };
    (
        StatusCode::CONFLICT,
        layout::page(me, tab_of(book), l.t(msg!("conflict.title")), body),
    )
        .into_response()
}

// ---- actions ------------------------------------------------------------------------

pub(crate) async fn delete<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let svc = state.service();
    let c = svc.get(&me.actor, contact_id(&id)?)?;
    svc.delete(&me.actor, c.id)?;
    Ok(layout::done(
        &crate::paths::Contacts
            .with_query(crate::paths::InBook {
                book: book_name(kind_of(c.book)),
            })
            .to_string(),
        msg!("flash.deleted"),
    ))
}

/// The confirmation step before a delete: what happens and how to undo it.
pub(crate) async fn delete_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let c = state.service().get(&me.actor, contact_id(&id)?)?;
    let l = me.lang;
    let name = c.data.display_name();
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.delete")),
            about: html! {
                p.confirm-what { (icon(&c.data)) " " (name) }
                p.muted { (l.t(msg!("confirm.delete_note"))) }
            },
            action: &crate::paths::ContactDelete { id: c.id }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_delete")),
            danger: true,
            back: &crate::paths::Contact { id: c.id }.to_string(),
        },
    );
    Ok(layout::page(
        &me,
        tab_of(kind_of(c.book)),
        l.t(msg!("confirm.title")),
        body,
    ))
}

/// The confirmation step before "Skopiuj do bazy firmowej": what everyone will see.
pub(crate) async fn copy_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let c = svc.get(&me.actor, contact_id(&id)?)?;
    let files = svc.attachments(&me.actor, c.id)?;
    let l = me.lang;
    let about = html! {
            p.confirm-what { (icon(&c.data)) " " (c.data.display_name()) }
            p { (l.t(msg!("confirm.copy_note"))) }
            ul #copy-visible {
                li { (l.t(msg!("confirm.copy_data"))) }
                @if !c.data.notes.trim().is_empty() {
                    li #copy-notes { (l.t(msg!("confirm.copy_notes"))) ": " span.muted { (c.data.notes.chars().take(200).collect::<String>()) } }
                }
                @if c.has_photo { li { (l.t(msg!("field.photo"))) } }
                @if !files.is_empty() {
                    li #copy-files { (l.t(msg!("confirm.copy_files"))) ": "
                        @for (i, f) in files.iter().enumerate() { @if i > 0 { ", " } (f.name) }
                    }
                }
            }
    };
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.copy")),
            about,
            action: &crate::paths::ContactCopy { id: c.id }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_copy")),
            danger: false,
            back: &crate::paths::Contact { id: c.id }.to_string(),
        },
    );
    Ok(layout::page(
        &me,
        tab_of(kind_of(c.book)),
        l.t(msg!("confirm.title")),
        body,
    ))
}

pub(crate) async fn copy<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let c = state
        .service()
        .copy_to_business(&me.actor, contact_id(&id)?)?;
    Ok(layout::done(
        &crate::paths::Contact { id: c.id }.to_string(),
        msg!("flash.copied"),
    ))
}

pub(crate) async fn photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let photo = state
        .service()
        .photo(&me.actor, contact_id(&id)?)?
        .ok_or_else(|| AppError::Core(Error::not_found("photo")))?;
    let mut resp = photo_response(photo);
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(resp)
}

pub(crate) async fn upload_photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let id = contact_id(&id)?;
    // Check access before reading a large body into the core.
    state.service().get(&me.actor, id)?;
    let saved = match read_upload(mp, "photo").await {
        Ok(up) => state
            .service()
            .set_photo(&me.actor, id, Some(up.bytes))
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(layout::done(
            &format!("{}#photo", crate::paths::Contact { id }),
            msg!("flash.photo_saved"),
        )
        .into_response()),
        Err(e) => {
            let r = Refused::of("photo", e, me.lang, &[("file", "photo")], "photo")?;
            Ok(unprocessable(contact_page(&state, &me, id, Some(&r))?))
        }
    }
}

/// The confirmation step before a photo is removed.
pub(crate) async fn delete_photo_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let c = state.service().get(&me.actor, contact_id(&id)?)?;
    if !c.has_photo {
        return Err(AppError::Core(Error::not_found("photo")));
    }
    let l = me.lang;
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.photo")),
            about: html! {
                p.confirm-what {
                    img.photo src={(crate::paths::ContactPhoto { id: c.id }) "?v=" (c.meta.version)} alt=(l.t(msg!("field.photo")));
                    " " (c.data.display_name())
                }
                p.muted { (l.t(msg!("confirm.remove_note"))) }
            },
            action: &crate::paths::ContactPhotoDelete { id: c.id }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_remove")),
            danger: true,
            back: &format!("{}#photo", crate::paths::Contact { id: c.id }),
        },
    );
    Ok(layout::page(
        &me,
        tab_of(kind_of(c.book)),
        l.t(msg!("confirm.title")),
        body,
    ))
}

pub(crate) async fn delete_photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = contact_id(&id)?;
    state.service().set_photo(&me.actor, id, None)?;
    Ok(layout::done(
        &crate::paths::Contact { id }.to_string(),
        msg!("flash.photo_removed"),
    ))
}

pub(crate) async fn upload_attachment<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let id = contact_id(&id)?;
    state.service().get(&me.actor, id)?;
    let mut note = String::new();
    let attached = match read_form(mp, "file").await {
        Ok(up) if up.bytes.is_empty() => {
            note = up.text.get("note").cloned().unwrap_or_default();
            Err(AppError::invalid("file", msg!("error.no_file")))
        }
        Ok(up) => {
            note = up.text.get("note").cloned().unwrap_or_default();
            state
                .service()
                .attach(
                    &me.actor,
                    id,
                    &up.name,
                    &up.media_type,
                    up.bytes,
                    note.trim(),
                )
                .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match attached {
        Ok(_) => Ok(layout::done(
            &format!("{}#attachments", crate::paths::Contact { id }),
            msg!("flash.file_added"),
        )
        .into_response()),
        Err(e) => {
            let fields = [
                ("attachment", "file"),
                ("file name", "file"),
                ("file", "file"),
                ("note", "note"),
            ];
            let r = Refused::of("attachment", e, me.lang, &fields, "file")?.keep("note", &note);
            Ok(unprocessable(contact_page(&state, &me, id, Some(&r))?))
        }
    }
}

pub(crate) async fn download<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (info, bytes) = state.service().attachment(&me.actor, attachment_id(&id)?)?;
    Ok(download_response(&info.name, bytes))
}

/// The confirmation step before a file is removed: which file, of which contact.
pub(crate) async fn delete_attachment_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let (info, _) = svc.attachment(&me.actor, attachment_id(&id)?)?;
    let c = svc.get(&me.actor, info.contact)?;
    let l = me.lang;
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.file")),
            about: html! {
                p.confirm-what #confirm-file { "📎 " (info.name) " · " (human_size(info.size)) }
                p { (icon(&c.data)) " " (c.data.display_name()) }
                p.muted { (l.t(msg!("confirm.remove_note"))) }
            },
            action: &crate::paths::AttachmentDelete { id: info.id }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_remove")),
            danger: true,
            back: &format!("{}#attachments", crate::paths::Contact { id: c.id }),
        },
    );
    Ok(layout::page(
        &me,
        tab_of(kind_of(c.book)),
        l.t(msg!("confirm.title")),
        body,
    ))
}

pub(crate) async fn delete_attachment<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let svc = state.service();
    let (info, _) = svc.attachment(&me.actor, attachment_id(&id)?)?;
    svc.remove_attachment(&me.actor, info.id)?;
    Ok(layout::done(
        &crate::paths::Contact { id: info.contact }.to_string(),
        msg!("flash.file_removed"),
    ))
}
