//! Case pages that change what a case holds after it is registered: the case-kind
//! settings page (add, rename, remove while unused), and the edit forms of an item under
//! negotiation and of a detail entry (note, document reference, file). A refused form
//! comes back with the field marked and what was typed kept.

use crate::parts::cases::error_line;
use crate::paths::QueryLink;

use crate::forms::cases::TaskForm;
use crate::forms::typed;
use crate::parts::cases::case_tasks;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use contacts_core::case::{CaseItem, DetailBody};
use contacts_core::ids::CaseId;
use contacts_core::money::{Amount, Currency};
use contacts_core::service::{DetailInput, MAX_KIND_LEN};
use contacts_core::store::Store;
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::ids::{case_id, detail_id};
use crate::i18n::Lang;
use crate::parts::cases::{refusal, FieldError, Refusal};
use crate::session::auth::Me;
use crate::view::layout::{self, csrf, Tab};
use crate::AppState;

/// A text input keeping `value`, marked when `err` names `name`.
fn input(
    l: Lang,
    err: Option<&FieldError>,
    name: &str,
    value: &str,
    label: &str,
    max: usize,
    required: bool,
) -> Markup {
    // The core names a unit price "price".
    let is_it = |e: &&FieldError| e.field == name || (name == "unit_price" && e.field == "price");
    let bad = err.filter(is_it).is_some();
    html! {
        label { (label)
            input name=(name) value=(value) aria-label=(label) maxlength=(max) required[required]
                class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
                aria-describedby=[bad.then(|| format!("{name}-error"))];
            @if let Some(e) = err.filter(is_it) {
                span.field-error id={(name) "-error"} { (e.said(l)) }
            }
        }
    }
}

fn answer(status: StatusCode, page: Markup) -> Response {
    (status, page).into_response()
}

// ---- case kinds -------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct KindsParams {
    saved: Option<String>,
}

fn kinds_page<S: Store>(
    state: &AppState<S>,
    me: &Me,
    saved: bool,
    typed: &str,
    err: Option<(&str, &FieldError)>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let kinds = state.service().case_kind_uses(&me.actor)?;
    let title = l.t(msg!("cf.kinds"));
    let row_err = |id: &str| err.filter(|(k, _)| *k == id).map(|(_, e)| e);
    let pattern = state.service().case_number_pattern()?;
    let typed_pattern = if row_err("pattern").is_some() {
        typed.to_string()
    } else {
        pattern.as_str().to_string()
    };
    let next = state
        .service()
        .next_case_number(&me.actor, state.service().today()?)?;
    Ok(crate::view::settings::settings_page(
        me,
        title,
        html! {
            @if saved { p.notice role="status" { (l.t(msg!("settings.saved"))) } }
            @if let Some((_, e)) = err { p.error #form-error role="alert" { (e.said(l)) } }
            div.card #case-number-pattern {
                h2 { (l.t(msg!("cf.pattern"))) }
                p.muted { (l.t(msg!("cf.pattern_help"))) " " (l.t(msg!("cf.next_is"))) " " strong { (next) } }
                @if me.actor.is_admin() {
                    @let bad = row_err("pattern").is_some();
                    form.toolbar method="post" action="/settings/case-number-pattern" {
                        (csrf(me))
                        input name="pattern" value=(typed_pattern) required maxlength=(contacts_core::case::MAX_NUMBER_LEN)
                            aria-label=(l.t(msg!("cf.pattern"))) class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")];
                        button type="submit" { (l.t(msg!("action.save"))) }
                        @if let Some(e) = row_err("pattern") { span.field-error { (e.said(l)) } }
                    }
                } @else {
                    p { code { (pattern.as_str()) } }
                }
            }
            div.card #case-kinds {
                p.muted { (l.t(msg!("cf.kinds_help"))) }
                @if kinds.is_empty() { p.muted { (l.t(msg!("settings.none"))) } }
                table.list {
                    thead { tr { th { (l.t(msg!("case.kind"))) } th { (l.t(msg!("cf.kind_cases"))) } th {} } }
                    tbody {
                        @for (k, n) in &kinds {
                            @let id = k.id.to_string();
                            @let bad = row_err(&id).is_some();
                            tr id={"kind-" (id)} {
                                td {
                                    form.inline method="post" action=(crate::paths::SettingsCaseKindRename { kind: id.clone() }) {
                                        (csrf(me))
                                        input name="name" value=(k.name) aria-label=(l.t(msg!("action.rename"))) required maxlength=(MAX_KIND_LEN)
                                            class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")];
                                        " " button.secondary type="submit" { (l.t(msg!("action.rename"))) }
                                    }
                                    @if let Some(e) = row_err(&id) { span.field-error { (e.said(l)) } }
                                }
                                td.num {
                                    @if *n > 0 { a href=(crate::paths::Cases.with_query(crate::paths::CasesOfKind { status: "all", kind: id.to_string() })) { (n) } } @else { "0" }
                                }
                                td {
                                    @if *n == 0 {
                                        (layout::post_button(me, &crate::paths::SettingsCaseKindRemove { kind: id.clone() }.to_string(), l.t(msg!("action.remove")), "danger"))
                                    } @else {
                                        span.muted { (l.t(msg!("cf.kind_in_use"))) }
                                    }
                                }
                            }
                        }
                    }
                }
                @let bad = row_err("new").is_some();
                form.toolbar method="post" action="/settings/case-kinds/add" {
                    (csrf(me))
                    input name="name" value=(typed) placeholder=(l.t(msg!("settings.new_name"))) aria-label=(l.t(msg!("settings.new_name")))
                        required maxlength=(MAX_KIND_LEN)
                        class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")];
                    button type="submit" { (l.t(msg!("action.add"))) }
                    @if let Some(e) = row_err("new") { span.field-error { (e.said(l)) } }
                }
            }
        },
    ))
}

pub(crate) async fn kinds<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<KindsParams>,
) -> Result<Markup, AppError> {
    kinds_page(&state, &me, p.saved.is_some(), "", None)
}

#[derive(Debug, Default, Deserialize)]
pub struct NameForm {
    name: Option<String>,
}

/// After a kind change: back to the page, or the page again with the refusal shown at
/// the row (`at`) it is about.
fn kind_result<S: Store, T>(
    state: &AppState<S>,
    me: &Me,
    at: &str,
    typed: &str,
    done: contacts_core::Result<T>,
) -> Result<Response, AppError> {
    match done.map_err(|e| refusal(None, e)) {
        Ok(_) => {
            Ok(layout::done("/settings/case-kinds?saved=1", msg!("flash.saved")).into_response())
        }
        Err(Refusal::Field(e)) => Ok(answer(
            e.status,
            kinds_page(state, me, false, typed, Some((at, &e)))?,
        )),
        Err(Refusal::Other(e)) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PatternForm {
    pattern: Option<String>,
}

/// The case number pattern (admins; the core checks both).
pub(crate) async fn set_pattern<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<PatternForm>,
) -> Result<Response, AppError> {
    let typed = typed(&f.pattern);
    let done = state.service().set_setting(
        &me.actor,
        contacts_core::case::NUMBER_PATTERN_SETTING,
        typed.trim(),
    );
    kind_result(&state, &me, "pattern", &typed, done)
}

pub(crate) async fn add_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    let name = typed(&f.name);
    let done = state.service().add_case_kind(&me.actor, &name);
    kind_result(&state, &me, "new", &name, done)
}

pub(crate) async fn rename_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(kind): Path<String>,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    let label = state.service().case_kind(&kind)?;
    let done = state
        .service()
        .rename_case_kind(&me.actor, &label.id.to_string(), &typed(&f.name));
    kind_result(&state, &me, &label.id.to_string(), "", done)
}

pub(crate) async fn remove_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let label = state.service().case_kind(&kind)?;
    let done = state
        .service()
        .remove_case_kind(&me.actor, &label.id.to_string());
    kind_result(&state, &me, &label.id.to_string(), "", done)
}

// ---- items ------------------------------------------------------------------------------

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ItemForm {
    article: Option<String>,
    quantity: Option<String>,
    unit: Option<String>,
    unit_price: Option<String>,
    currency: Option<String>,
    payment: Option<String>,
    version: Option<String>,
}

/// The item `line` (from 1) of an open case, and the case's number and version.
fn item_of<S: Store>(
    state: &AppState<S>,
    me: &Me,
    id: CaseId,
    line: &str,
) -> Result<(usize, CaseItem, String, u64), AppError> {
    let case = state.service().case(&me.actor, id)?;
    let n: usize = line
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("item")))?;
    let item = n
        .checked_sub(1)
        .and_then(|i| case.data.items.get(i))
        .cloned()
        .ok_or_else(|| AppError::Core(Error::not_found(format!("item {n}"))))?;
    Ok((n, item, case.number, case.meta.version))
}

fn item_page(
    me: &Me,
    case: CaseId,
    number: &str,
    line: usize,
    f: &ItemForm,
    err: Option<&FieldError>,
) -> Markup {
    let l = me.lang;
    let title = format!("{number} · {} {line}", l.t(msg!("cf.edit_item")));
    let body = html! {
        div.card {
            h1 { (title) }
            p { a href={(crate::paths::Case { id: case }) "#items"} { "← " (number) } }
            (error_line(me, err))
            form.grid #item-form method="post" action=(crate::paths::CaseItem { id: case, line }) {
                (csrf(me))
                input type="hidden" name="version" value=(typed(&f.version));
                (input(l, err, "article", &typed(&f.article), l.t(msg!("case.article")), 500, true))
                (input(l, err, "quantity", &typed(&f.quantity), l.t(msg!("case.quantity")), 30, true))
                (input(l, err, "unit", &typed(&f.unit), l.t(msg!("case.unit")), 50, false))
                (input(l, err, "unit_price", &typed(&f.unit_price), l.t(msg!("case.price")), 30, true))
                (input(l, err, "currency", &typed(&f.currency), l.t(msg!("case.currency")), 3, false))
                (input(l, err, "payment", &typed(&f.payment), l.t(msg!("case.payment")), 200, false))
                div.actions { button type="submit" #save { (l.t(msg!("case.save"))) } }
            }
        }
    };
    layout::page(me, Tab::None, &title, body)
}

pub(crate) async fn item_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path((id, line)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    let id = case_id(&id)?;
    let (line, item, number, version) = item_of(&state, &me, id, &line)?;
    let fm = me.lang.fmt(state.service());
    let f = ItemForm {
        article: Some(item.article.clone()),
        quantity: Some(fm.amount_input(item.quantity.value())),
        unit: Some(item.unit.clone()),
        unit_price: Some(fm.amount_input(item.unit_price.value())),
        currency: Some(item.currency.to_string()),
        payment: Some(item.payment.clone()),
        version: Some(version.to_string()),
    };
    Ok(item_page(&me, id, &number, line, &f, None))
}

pub(crate) async fn save_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path((id, line)): Path<(String, String)>,
    Form(f): Form<ItemForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = case_id(&id)?;
    let (line, old, number, current) = item_of(&state, &me, id, &line)?;
    let version: u64 = f
        .version
        .as_deref()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(current);
    let built = (|| -> contacts_core::Result<CaseItem> {
        let num = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
        let mut item = CaseItem::new(
            &typed(&f.article),
            Amount::parse("quantity", &num(&f.quantity))?,
            Amount::parse("price", &num(&f.unit_price))?,
        );
        item.unit = typed(&f.unit).trim().to_string();
        item.payment = typed(&f.payment).trim().to_string();
        item.currency = match num(&f.currency).as_str() {
            "" => old.currency.clone(),
            c => Currency::parse(c).map_err(|e| match e {
                Error::Invalid { reason, .. } => Error::invalid("currency", reason),
                other => other,
            })?,
        };
        Ok(item)
    })();
    let saved = built.and_then(|item| {
        svc.modify_case_at(&me.actor, id, version, |d| {
            let slot = line
                .checked_sub(1)
                .and_then(|i| d.items.get_mut(i))
                .ok_or_else(|| {
                    Error::invalid("item", format!("the case has no item number {line}"))
                })?;
            *slot = item;
            Ok(())
        })
    });
    match saved.map_err(|e| refusal(None, e)) {
        Ok(_) => Ok(layout::done(
            &format!("{}#items", crate::paths::Case { id }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(Refusal::Field(e)) => Ok(answer(
            e.status,
            item_page(&me, id, &number, line, &f, Some(&e)),
        )),
        Err(Refusal::Other(e)) => Err(e),
    }
}

// ---- detail entries -----------------------------------------------------------------------

#[derive(Debug, Default, Clone, Deserialize)]
pub struct DetailForm {
    kind: Option<String>,
    text: Option<String>,
    symbol: Option<String>,
    content: Option<String>,
    name: Option<String>,
    note: Option<String>,
    at: Option<String>,
    next_number: Option<String>,
    version: Option<String>,
}

fn detail_page<S: Store>(
    state: &AppState<S>,
    me: &Me,
    d: &contacts_core::case::Detail,
    number: &str,
    f: &DetailForm,
    err: Option<&FieldError>,
) -> Markup {
    let l = me.lang;
    let svc = state.service();
    let fm = l.fmt(svc);
    let what = match d.body {
        DetailBody::Note { .. } => l.t(msg!("case.note")),
        DetailBody::Document { .. } => l.t(msg!("case.document")),
        DetailBody::File { .. } => l.t(msg!("case.file")),
    };
    let title = format!("{number} · {} · {what}", l.t(msg!("cf.edit_entry")));
    let at_bad = err.is_some_and(|e| e.field == "at");
    let body = html! {
        div.card {
            h1 { (title) }
            p { a href={(crate::paths::Case { id: d.case }) "#timeline"} { "← " (number) } }
            (error_line(me, err))
            form.grid #detail-form method="post" action=(crate::paths::CaseDetail { id: d.id }) {
                (csrf(me))
                input type="hidden" name="version" value=(typed(&f.version));
                label { (l.t(msg!("hist.when")))
                    input name="at" value=(typed(&f.at)) required maxlength="30" placeholder=(fm.datetime_placeholder())
                        aria-label=(l.t(msg!("hist.when"))) class=[at_bad.then_some("invalid")] aria-invalid=[at_bad.then_some("true")];
                    @if let Some(e) = err.filter(|e| e.field == "at") { span.field-error #at-error { (e.said(l)) } }
                }
                @match &d.body {
                    DetailBody::Note { .. } => {
                        (input(l, err, "kind", &typed(&f.kind), l.t(msg!("hist.kind")), 100, false))
                        (input(l, err, "text", &typed(&f.text), l.t(msg!("hist.text")), 10_000, true))
                    }
                    DetailBody::Document { .. } => {
                        (input(l, err, "kind", &typed(&f.kind), l.t(msg!("case.doc_kind")), 100, true))
                        (input(l, err, "symbol", &typed(&f.symbol), l.t(msg!("case.symbol")), 200, false))
                        label.check { input type="checkbox" name="next_number" value="1" checked[f.next_number.is_some()]; " " (l.t(msg!("cf.next_number"))) }
                        (input(l, err, "content", &typed(&f.content), l.t(msg!("case.content")), 10_000, false))
                    }
                    DetailBody::File { .. } => {
                        (input(l, err, "name", &typed(&f.name), l.t(msg!("cf.file_name")), 255, true))
                        (input(l, err, "note", &typed(&f.note), l.t(msg!("attachments.note")), 10_000, false))
                    }
                }
                div.actions { button type="submit" #save { (l.t(msg!("case.save"))) } }
            }
        }
        @if let DetailBody::File { name, .. } = &d.body {
            @let bad = err.is_some_and(|e| e.field == "file");
            div.card #replace-file {
                h2 { (l.t(msg!("cf.replace_file"))) }
                p.muted { (name) " · " (crate::parts::contact::human_size(d.size)) }
                form.toolbar #replace-form method="post" action=(crate::paths::CaseDetailContent { id: d.id }) enctype="multipart/form-data" {
                    (csrf(me))
                    input type="hidden" name="version" value=(d.meta.version);
                    input #replace-input type="file" name="file" required aria-label=(l.t(msg!("cf.replace_file")))
                        class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
                        aria-describedby=[bad.then_some("file-error")];
                    @if let Some(e) = err.filter(|e| e.field == "file") { span.field-error #file-error { (e.said(l)) } }
                    button type="submit" #replace { (l.t(msg!("cf.replace"))) }
                    span.muted.limit { (l.t(msg!("ui.max_file"))) }
                }
                p.muted { (l.t(msg!("cf.replace_help"))) }
            }
        }
    };
    layout::page(me, Tab::None, &title, body)
}

/// `POST /case-details/{id}/content`: a file entry gets new content (and the uploaded
/// file's name and type) through the core's `update_detail`; its note and date stay.
pub(crate) async fn replace_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    mp: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let svc = state.service();
    let (d, number) = detail_of(&state, &me, &id)?;
    let DetailBody::File { note, .. } = &d.body else {
        return Err(AppError::Core(Error::not_found("file entry")));
    };
    let up = crate::forms::upload::read_form(mp, "file").await?;
    let version: u64 = up
        .text
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(d.meta.version);
    let saved = if up.bytes.is_empty() || up.name.trim().is_empty() {
        Err(Error::invalid("file", me.lang.t(msg!("error.no_file"))))
    } else {
        svc.update_detail(
            &me.actor,
            d.id,
            version,
            None,
            DetailInput::File {
                name: up.name,
                media_type: up.media_type,
                note: note.clone(),
                bytes: Some(up.bytes),
            },
        )
    };
    match saved.map_err(|e| refusal(None, e)) {
        Ok(_) => Ok(layout::done(
            &format!("{}#timeline", crate::paths::Case { id: d.case }),
            msg!("flash.file_replaced"),
        )
        .into_response()),
        Err(Refusal::Field(mut e)) => {
            // A refused upload is about the file (its name, its size), whatever the core
            // called it; a changed entry stays a conflict.
            if e.status != StatusCode::CONFLICT {
                e.field = "file".into();
            }
            let fm = me.lang.fmt(svc);
            let mut f = DetailForm {
                at: Some(fm.local_datetime(svc.utc_to_local(d.at)?)),
                version: Some(d.meta.version.to_string()),
                ..DetailForm::default()
            };
            if let DetailBody::File { name, note, .. } = &d.body {
                f.name = Some(name.clone());
                f.note = Some(note.clone());
            }
            Ok(answer(
                e.status,
                detail_page(&state, &me, &d, &number, &f, Some(&e)),
            ))
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

/// An open case's detail entry and the case's number.
fn detail_of<S: Store>(
    state: &AppState<S>,
    me: &Me,
    id: &str,
) -> Result<(contacts_core::case::Detail, String), AppError> {
    let svc = state.service();
    let (d, _) = svc.detail(&me.actor, detail_id(id)?)?;
    let case = svc.case(&me.actor, d.case)?;
    Ok((d, case.number))
}

pub(crate) async fn detail_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let (d, number) = detail_of(&state, &me, &id)?;
    let svc = state.service();
    let fm = me.lang.fmt(svc);
    let mut f = DetailForm {
        at: Some(fm.local_datetime(svc.utc_to_local(d.at)?)),
        version: Some(d.meta.version.to_string()),
        ..DetailForm::default()
    };
    match &d.body {
        DetailBody::Note { kind, text } => {
            f.kind = Some(kind.clone());
            f.text = Some(text.clone());
        }
        DetailBody::Document {
            kind,
            symbol,
            content,
        } => {
            f.kind = Some(kind.clone());
            f.symbol = Some(symbol.clone());
            f.content = Some(content.clone());
        }
        DetailBody::File { name, note, .. } => {
            f.name = Some(name.clone());
            f.note = Some(note.clone());
        }
    }
    Ok(detail_page(&state, &me, &d, &number, &f, None))
}

pub(crate) async fn save_detail<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<DetailForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let (d, number) = detail_of(&state, &me, &id)?;
    let version: u64 = f
        .version
        .as_deref()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(d.meta.version);
    let input = match &d.body {
        DetailBody::Note { .. } => DetailInput::Note {
            kind: typed(&f.kind),
            text: typed(&f.text),
        },
        DetailBody::Document { .. } => DetailInput::Document {
            kind: typed(&f.kind),
            symbol: typed(&f.symbol),
            content: typed(&f.content),
            next_number: f.next_number.is_some(),
        },
        DetailBody::File { media_type, .. } => DetailInput::File {
            name: typed(&f.name),
            media_type: media_type.clone(),
            note: typed(&f.note),
            bytes: None,
        },
    };
    let saved = crate::parts::cases::at_of(&state, &f.at)
        .map_err(|e| match e {
            AppError::Core(Error::Invalid { reason, .. }) => Error::invalid("at", reason),
            AppError::Core(e) => e,
            _ => Error::invalid("at", "not a date and time"),
        })
        .and_then(|at| svc.update_detail(&me.actor, d.id, version, at, input));
    match saved.map_err(|e| refusal(None, e)) {
        Ok(_) => Ok(layout::done(
            &format!("{}#timeline", crate::paths::Case { id: d.case }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(Refusal::Field(e)) => Ok(answer(
            e.status,
            detail_page(&state, &me, &d, &number, &f, Some(&e)),
        )),
        Err(Refusal::Other(e)) => Err(e),
    }
}

// ---- reminders and tasks ------------------------------------------------------------------

pub(crate) async fn add_task<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let case = svc.case(&me.actor, case_id(&id)?)?;
    let saved = svc
        .local_to_utc(f.at.as_deref().unwrap_or("").trim())
        .map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("at", reason),
            other => other,
        })
        .and_then(|at| {
            svc.remind_on_case(
                &me.actor,
                case.id,
                at,
                f.text.as_deref().unwrap_or(""),
                f.assignee.as_deref(),
            )
        });
    match saved.map_err(|e| refusal(None, e)) {
        Ok(_) => Ok(layout::done(
            &format!("{}#tasks", crate::paths::Case { id: case.id }),
            msg!("flash.reminder_added"),
        )
        .into_response()),
        Err(Refusal::Field(e)) => {
            let title = format!("{} · {}", case.number, me.lang.t(msg!("cf.tasks")));
            let body = html! {
                div.card { h1 { (title) } p { a href=(crate::paths::Case { id: case.id }) { "← " (case.number) } } }
                (case_tasks(&state, &me, case.id, Some(&f), Some(&e)))
            };
            Ok(answer(e.status, layout::page(&me, Tab::None, &title, body)))
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

// ---- confirmation steps before a removal ------------------------------------------------

/// The confirmation step before an item is removed (issue 14 item 5): which item of which
/// case; the POST to the same address removes it.
pub(crate) async fn remove_item_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path((id, line)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    let id = case_id(&id)?;
    let (line, item, number, _) = item_of(&state, &me, id, &line)?;
    let l = me.lang;
    let fm = me.lang.fmt(state.service());
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.item")),
            about: html! {
                p.confirm-what #confirm-item {
                    (number) " · " (line) ". " (item.article) " · "
                    (fm.amount_input(item.quantity.value())) " " (item.unit) " × "
                    (fm.money(item.unit_price.value(), &item.currency))
                }
                p.muted { (l.t(msg!("confirm.case_remove_note"))) }
            },
            action: &crate::paths::CaseItemRemove { id, line }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_remove")),
            danger: true,
            back: &format!("{}#items", crate::paths::Case { id }),
        },
    );
    Ok(layout::page(
        &me,
        Tab::None,
        l.t(msg!("confirm.title")),
        body,
    ))
}

/// The confirmation step before a detail entry (note, document reference, file) is
/// removed: which entry of which case.
pub(crate) async fn remove_detail_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let (d, number) = detail_of(&state, &me, &id)?;
    let l = me.lang;
    let what = match &d.body {
        DetailBody::Note { kind, text } => {
            let short: String = text.chars().take(200).collect();
            format!("{} {kind} {short}", l.t(msg!("case.note")))
        }
        DetailBody::Document {
            kind,
            symbol,
            content,
        } => format!("{} {kind} {symbol} {content}", l.t(msg!("case.document"))),
        DetailBody::File { name, note, .. } => format!("{} {name} {note}", l.t(msg!("case.file"))),
    };
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.detail")),
            about: html! {
                p.confirm-what #confirm-detail { (number) " · " (what.trim()) }
                p.muted { (l.t(msg!("confirm.case_remove_note"))) }
            },
            action: &crate::paths::CaseDetailRemove { id: d.id }.to_string(),
            version: None,
            yes: l.t(msg!("confirm.yes_remove")),
            danger: true,
            back: &format!("{}#timeline", crate::paths::Case { id: d.case }),
        },
    );
    Ok(layout::page(
        &me,
        Tab::None,
        l.t(msg!("confirm.title")),
        body,
    ))
}
