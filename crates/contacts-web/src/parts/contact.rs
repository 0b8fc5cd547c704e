//! A contact's card, drawn whole (its own page, and again with an in-page error when a
//! form on it is refused), and the ids of a filtered list (export, bulk changes).

use crate::error::AppError;
use crate::forms::list::{list_filter, ListParams};
use crate::forms::non_empty;
use crate::i18n::Lang;
use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout;
use crate::view::layout::csrf;
use crate::view::links::icon;
use crate::view::links::label_text;
use crate::view::links::tab_of;
use crate::view::refused::Marks;
use crate::view::refused::Refused;
use crate::AppState;
use contacts_core::format;
use contacts_core::format::Formatter;
use contacts_core::ids::ContactId;
use contacts_core::ids::LabelId;
use contacts_core::ids::UserId;
use contacts_core::map::map_links;
use contacts_core::model::Book;
use contacts_core::model::ContactKind;
use contacts_core::model::FieldValue;
use contacts_core::model::MAX_LINE_CHARS;
use contacts_core::service::BookKind;
use contacts_core::store::Label;
use contacts_core::store::ListKind;
use contacts_core::store::Store;
use maud::html;
use maud::Markup;
use std::collections::HashMap;

/// The ids of the contacts the list shows for its search and filters (every page of them,
/// a search at most its limit), for an export of "what I see"; `None` when the list is
/// unfiltered (the whole book).
pub(crate) fn filtered_ids<S: Store>(
    state: &AppState<S>,
    me: &Me,
    p: &ListParams,
    book: BookKind,
) -> Result<Option<Vec<ContactId>>, AppError> {
    let svc = state.service();
    let mut filter = list_filter(p, book)?;
    if let Some(q) = non_empty(&p.q) {
        let mut found = svc.search(&me.actor, q, Some(book), EXPORT_SEARCH_LIMIT)?;
        found.retain(|c| filter.admits(c));
        return Ok(Some(found.into_iter().map(|c| c.id).collect()));
    }
    if filter.category.is_none()
        && filter.group.is_none()
        && filter.status.is_none()
        && filter.account_manager.is_none()
        && filter.not_contacted_for.is_none()
    {
        return Ok(None);
    }
    filter.limit = usize::try_from(svc.count(&me.actor, &filter)?)
        .unwrap_or(usize::MAX)
        .max(1);
    Ok(Some(
        svc.list(&me.actor, &filter)?
            .into_iter()
            .map(|c| c.id)
            .collect(),
    ))
}

/// The contact page; a refused form of it (photo, file, reminder, history entry...) comes
/// back marked, with what was typed.
pub(crate) fn contact_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    id: ContactId,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let (state, me) = (state.clone(), me.clone());
    let svc = state.service();
    let l = me.lang;
    let c = svc.get(&me.actor, id)?;
    let attachments = svc.attachments(&me.actor, c.id)?;
    let categories = svc.categories(&me.actor)?;
    let groups = svc.labels(ListKind::Group)?;
    let statuses = svc.labels(ListKind::Status)?;
    let fields = svc.fields()?;
    let users = user_names(&state, &me);
    let org = c.data.org_id.and_then(|o| svc.get(&me.actor, o).ok());
    let d = &c.data;
    let who = |u: UserId| users.get(&u).cloned().unwrap_or_else(|| u.to_string());
    let book = kind_of(c.book);
    let name = d.display_name();
    let f = l.fmt(svc);
    let body = html! {
        div.card {
            div.contact-head {
                @if c.has_photo {
                    img.photo src={(crate::paths::ContactPhoto { id: c.id }) "?v=" (c.meta.version)} alt=(l.t(msg!("field.photo")));
                } @else {
                    div.photo.empty { (icon(d)) }
                }
                div {
                    h1 #contact-name { (name) }
                    p.muted {
                        span.badge { (l.t(if c.book.is_business() { msg!("book.business") } else { msg!("book.private") })) }
                        @if let Some(k) = d.category {
                            @if let Some(cat) = categories.iter().find(|x| x.key == k) {
                                span.badge { (cat.icon) " " (cat.label) }
                            }
                        }
                        @if let Some(s) = d.status { span.badge { (label_name(&statuses, s)) } }
                        @for g in &d.groups { span.badge { (label_name(&groups, *g)) } }
                        @if !d.job_title.is_empty() { " " (d.job_title) }
                    }
                }
            }
            div.actions {
                a.button href=(crate::paths::ContactEdit { id: c.id }) { (l.t(msg!("action.edit"))) }
                a.button.secondary #vcard-link href=(crate::paths::ContactsExport.with_query(crate::paths::ExportOf { ids: c.id })) download { "vCard" }
                a.button.secondary #contact-pdf href=(crate::paths::ContactPdf { id: c.id }) download { (l.t(msg!("case.pdf"))) }
                @if !c.book.is_business() {
                    a.button.secondary #copy-link href=(crate::paths::ContactCopy { id: c.id }) { (l.t(msg!("action.copy_business"))) }
                }
                a.button.danger #delete-link href=(crate::paths::ContactDelete { id: c.id }) { (l.t(msg!("action.delete"))) }
            }
            dl.fields {
                @if !d.nickname.is_empty() { dt { (l.t(msg!("field.nickname"))) } dd { (d.nickname) } }
                @if let Some(o) = &org {
                    dt { (l.t(msg!("field.org_id"))) } dd { a href=(crate::paths::Contact { id: o.id }) { (o.data.display_name()) } }
                } @else if !d.org_name.is_empty() && d.kind == ContactKind::Person {
                    dt { (l.t(msg!("field.org_name"))) } dd { (d.org_name) }
                }
                @if !d.department.is_empty() { dt { (l.t(msg!("field.department"))) } dd { (d.department) } }
                @for e in &d.emails {
                    dt { (l.t(msg!("field.email"))) @if !e.label().is_empty() { " (" (label_text(l, e.label())) ")" } }
                    dd { a href={"mailto:" (e.address())} { (e.address()) } }
                }
                @for p in &d.phones {
                    dt { (l.t(msg!("field.phone"))) @if !p.label().is_empty() { " (" (label_text(l, p.label())) ")" } }
                    dd { a href={"tel:" (p.e164())} { (p.raw()) } }
                }
                @for a in &d.addresses {
                    dt { (l.t(msg!("field.address"))) @if !a.label.is_empty() { " (" (label_text(l, &a.label)) ")" } }
                    dd {
                        (a.one_line())
                        @if let Some(links) = map_links(a) {
                            " · " a.map-osm href=(links.osm) target="_blank" rel="noopener noreferrer" { "OpenStreetMap" }
                            " · " a.map-google href=(links.google) target="_blank" rel="noopener noreferrer" { "Google Maps" }
                        }
                    }
                }
                @for w in &d.websites {
                    dt { (l.t(msg!("field.website"))) @if !w.label.is_empty() { " (" (label_text(l, &w.label)) ")" } }
                    dd {
                        @if let Some(u) = safe_url(&w.url) {
                            a href=(u) target="_blank" rel="noopener noreferrer" { (w.url) }
                        } @else { (w.url) }
                    }
                }
                @for m in &d.messengers {
                    dt { (m.service) } dd { (m.handle) }
                }
                @if let Some(b) = d.birthday { dt { (l.t(msg!("field.birthday"))) } dd { (f.partial_date(b)) } }
                @if let Some(n) = d.nameday { dt { (l.t(msg!("field.nameday"))) } dd { (f.month_day(n)) } }
                @if let Some(a) = d.anniversary { dt { (l.t(msg!("field.anniversary"))) } dd { (f.partial_date(a)) } }
                @if let Some(g) = d.gender { dt { (l.t(msg!("field.gender"))) } dd { (l.t(gender_key(g.code()))) } }
                @if let Some(n) = &d.nip { dt { "NIP" } dd { (format::nip(n)) } }
                @if let Some(r) = &d.regon { dt { "REGON" } dd { (r.as_str()) } }
                @if let Some(b) = &d.bank_account { dt { (l.t(msg!("field.bank_account"))) } dd { (b.as_str()) } }
                @for (fid, v) in &d.custom {
                    @let label = fields.iter().find(|f| f.id == *fid).map(|f| f.label.clone()).unwrap_or_else(|| fid.to_string());
                    dt { (label) } dd { (custom_text(l, &f, v)) }
                }
                @if d.no_mailing { dt { (l.t(msg!("field.no_mailing"))) } dd { (l.t(msg!("yes"))) } }
                @if !d.notes.is_empty() { dt { (l.t(msg!("field.notes"))) } dd.notes { @for line in d.notes.lines() { (line) br; } } }
                dt { (l.t(msg!("meta.created"))) } dd.muted { (f.datetime(c.meta.created_at)) " · " (who(c.meta.created_by)) }
                dt { (l.t(msg!("meta.updated"))) } dd.muted { (f.datetime(c.meta.updated_at)) " · " (who(c.meta.updated_by)) " · v" (c.meta.version) }
            }
        }
        div.card #photo {
            h2 { (l.t(msg!("field.photo"))) }
            @let m = Marks::of(refused, "photo");
            form.toolbar method="post" action=(crate::paths::ContactPhoto { id: c.id }) enctype="multipart/form-data" {
                (csrf(&me))
                input #photo-file type="file" name="photo" accept="image/jpeg,image/png,image/gif,image/webp" required aria-label=(l.t(msg!("field.photo")))
                    class=[m.class("photo")] aria-invalid=[m.invalid("photo")] aria-describedby=[m.described("photo")];
                (m.error("photo"))
                button type="submit" { (l.t(msg!("photo.upload"))) }
                span.muted.limit { (l.t(msg!("ui.max_photo"))) }
            }
            @if c.has_photo {
                a.button.danger #photo-remove href=(crate::paths::ContactPhotoDelete { id: c.id }) { (l.t(msg!("photo.remove"))) }
            }
        }
        div.card #attachments {
            h2 { (l.t(msg!("attachments.title"))) }
            @if attachments.is_empty() { p.muted { (l.t(msg!("attachments.none"))) } }
            ul.plain {
                @for a in &attachments {
                    li {
                        a href=(crate::paths::Attachment { id: a.id }) { (a.name) }
                        span.muted { (human_size(a.size)) " · " (f.day_of(a.created_at)) " · " (who(a.created_by)) }
                        @if !a.note.is_empty() { span { (a.note) } }
                        a.button.danger.small href=(crate::paths::AttachmentDelete { id: a.id }) { (l.t(msg!("action.remove"))) }
                    }
                }
            }
            @let m = Marks::of(refused, "attachment");
            form.toolbar method="post" action=(crate::paths::ContactAttachments { id: c.id }) enctype="multipart/form-data" {
                (csrf(&me))
                (m.file("file", l.t(msg!("attachments.title")), None, true))
                (m.inline(l.t(msg!("attachments.note")), "note", "", MAX_LINE_CHARS, false))
                button type="submit" { (l.t(msg!("attachments.upload"))) }
                span.muted.limit { (l.t(msg!("ui.max_file"))) }
            }
        }
        (crate::parts::workflows::contact_section(&state, &me, &c, refused)?)
        (crate::parts::dates::contact_section(&state, &me, &c, refused))
    };
    Ok(layout::page(&me, tab_of(book), &name, body))
}

/// Search results an export of the list takes at most (the core's search limit).
pub(crate) const EXPORT_SEARCH_LIMIT: usize = 1000;

pub(crate) fn kind_of(book: Book) -> BookKind {
    match book {
        Book::Private(_) => BookKind::Private,
        Book::Business => BookKind::Business,
    }
}

/// Only web addresses become links; anything else (javascript:, data:) stays text.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let t = url.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(t.to_string())
    } else if !t.contains(':') && t.contains('.') {
        Some(format!("https://{t}"))
    } else {
        None
    }
}

pub(crate) fn user_names<S: Store>(state: &AppState<S>, me: &Me) -> HashMap<UserId, String> {
    state
        .service()
        .user_directory(&me.actor)
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect()
}

pub(crate) fn label_name(labels: &[Label], id: LabelId) -> String {
    labels
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub(crate) fn custom_text(l: Lang, f: &Formatter, v: &FieldValue) -> String {
    match v {
        FieldValue::YesNo(b) => l.t(if *b { msg!("yes") } else { msg!("no") }).to_string(),
        FieldValue::Date(d) => f.date(*d),
        other => other.to_string(),
    }
}

pub(crate) fn gender_key(code: &str) -> crate::i18n::Msg {
    match code {
        "M" => msg!("gender.m"),
        "F" => msg!("gender.f"),
        "O" => msg!("gender.o"),
        "N" => msg!("gender.n"),
        _ => msg!("gender.u"),
    }
}

pub(crate) fn human_size(n: u64) -> String {
    match n {
        n if n >= 1024 * 1024 => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
        n if n >= 1024 => format!("{:.0} kB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(safe_url("firma.pl").as_deref(), Some("https://firma.pl"));
        assert_eq!(safe_url("https://a.pl").as_deref(), Some("https://a.pl"));
    }
}
