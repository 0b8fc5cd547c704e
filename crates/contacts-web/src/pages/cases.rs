//! Case pages: the list with an open/closed filter, the new-case form with an organisation
//! picker, the case view (fields, items with totals, timeline, forms for items, notes,
//! documents and files, close and reopen) and the reports (forecast, overdue, activity).

use crate::forms::non_empty;
use crate::parts::cases::{at_of, refusal, FieldError, Refusal};
use crate::view::links::party_label;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use contacts_core::case::{
    CaseData, CaseItem, CaseQuery, CaseStatus, DetailBody, Priority, TimelineEntry,
};
use contacts_core::format::{self, Formatter};
use contacts_core::ids::{CaseId, ContactId, DetailId, LabelId};
use contacts_core::money::{Amount, Currency, Decimal, Totals};
use contacts_core::service::{DetailInput, ForecastRow, PartyPick};
use contacts_core::store::Store;
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::ids::case_id;
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf, Tab};
use crate::view::links::contact_link;
use crate::AppState;

fn totals_text(f: &Formatter, t: &Totals) -> String {
    if t.is_empty() {
        return f.money(Decimal::ZERO, &Currency::pln());
    }
    t.iter()
        .map(|(c, v)| f.money(*v, c))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn priority_key(p: Priority) -> crate::i18n::Msg {
    match p {
        Priority::High => msg!("case.prio_high"),
        Priority::Normal => msg!("case.prio_normal"),
        Priority::Low => msg!("case.prio_low"),
    }
}

fn cases_nav(l: Lang) -> Markup {
    html! {
        nav.toolbar {
            a href="/cases" { (l.t(msg!("case.list"))) }
            " · " a href="/cases/new" { (l.t(msg!("case.new"))) }
            " · " a href="/reports" { (l.t(msg!("rep.title"))) }
            " · " a href="/settings/case-kinds" { (l.t(msg!("cf.kinds"))) }
        }
    }
}

// ---- list -----------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    status: Option<String>,
    kind: Option<String>,
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ListParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let fm = l.fmt(svc);
    let status = non_empty(&p.status).unwrap_or("open");
    let q = CaseQuery {
        open: match status {
            "closed" => Some(false),
            "all" => None,
            _ => Some(true),
        },
        kind: non_empty(&p.kind).and_then(|k| k.parse::<LabelId>().ok()),
        limit: 500,
        ..CaseQuery::default()
    };
    let cases = svc.cases(&me.actor, &q)?;
    let users: std::collections::HashMap<_, _> = svc
        .user_directory(&me.actor)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let today = svc.today()?;
    let title = l.t(msg!("case.list"));
    let body = html! {
        div.card {
            h1 { (title) }
            (cases_nav(l))
            form.toolbar method="get" action="/cases" {
                @if let Some(k) = q.kind { input type="hidden" name="kind" value=(k); }
                select name="status" aria-label=(l.t(msg!("case.status"))) {
                    @for (v, k) in [("open", msg!("case.open")), ("closed", msg!("case.closed")), ("all", msg!("case.all"))] {
                        option value=(v) selected[v == status] { (l.t(k)) }
                    }
                }
                button type="submit" { (l.t(msg!("agenda.show"))) }
            }
            @if cases.is_empty() { p.muted { (l.t(msg!("case.none"))) } } @else {
                table.list #cases {
                    thead { tr {
                        th { (l.t(msg!("case.number"))) } th { (l.t(msg!("case.title_f"))) } th { (l.t(msg!("case.counterparty"))) }
                        th { (l.t(msg!("case.responsible"))) } th { (l.t(msg!("case.deadline"))) } th { (l.t(msg!("case.priority"))) }
                        th { (l.t(msg!("case.value"))) } th { (l.t(msg!("case.status"))) }
                    } }
                    tbody {
                        @for c in &cases {
                            @let counterparty = svc.get(&me.actor, c.data.counterparty).map(|x| x.data.display_name()).unwrap_or_default();
                            tr {
                                td { a href=(crate::paths::Case { id: c.id }) { (c.number) } }
                                td { (c.data.title) }
                                td { (contact_link(c.data.counterparty, &counterparty)) }
                                td { (users.get(&c.data.responsible).cloned().unwrap_or_default()) }
                                td {
                                    @if let Some(d) = c.data.deadline {
                                        (fm.date(d))
                                        @if c.status.is_open() && d < today { " " span.badge.danger { (l.t(msg!("case.overdue"))) } }
                                    }
                                }
                                td { (l.t(priority_key(c.data.priority))) }
                                td.num { (c.totals().map(|t| totals_text(&fm, &t)).unwrap_or_default()) }
                                td { (l.t(if c.status.is_open() { msg!("case.open_one") } else { msg!("case.closed_one") })) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

// ---- new ------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct NewParams {
    counterparty: Option<String>,
}

pub(crate) async fn new_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<NewParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let today = svc.today()?;
    let chosen: Option<ContactId> = non_empty(&p.counterparty).and_then(|s| s.parse().ok());
    let data = CaseData::new("", chosen.unwrap_or(ContactId(0)), me.actor.id(), today);
    let mut f = CaseForm::of(&state, &me, &data)?;
    let next = svc.next_case_number(&me.actor, today)?;
    f.number = Some(next.clone());
    f.proposed = Some(next);
    let body = case_form(&state, &me, &f, None, None)?;
    Ok(layout::page(&me, Tab::None, l.t(msg!("case.new")), body))
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Refusal {
        Refusal::Other(e)
    }
}

/// The marks of a field the form was sent back for.
fn marked(err: Option<&FieldError>, field: &str) -> bool {
    err.is_some_and(|e| e.field == field)
}

fn field_note(l: Lang, err: Option<&FieldError>, field: &str) -> Markup {
    html! {
        @if let Some(e) = err.filter(|e| e.field == field) {
            span.field-error id={(field) "-error"} role="alert" { (e.said(l)) }
            @if !e.candidates.is_empty() {
                div.candidates id={(field) "-candidates"} {
                    (l.t(msg!("cf.choose_one"))) ":"
                    ul.plain { @for c in &e.candidates { li { code { (party_label(c)) } } } }
                }
            } @else if field == "counterparty" || field == "person" {
                span.muted { " " (l.t(msg!("cf.type_name"))) }
            }
        }
    }
}

/// A one-line text input that keeps what was typed and is marked when refused.
fn text_input(
    err: Option<&FieldError>,
    name: &str,
    value: &Option<String>,
    label: &str,
    max: usize,
) -> Markup {
    let bad = marked(err, name);
    html! {
        input name=(name) value=(value.clone().unwrap_or_default()) aria-label=(label)
            maxlength=(max) class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
            aria-describedby=[bad.then(|| format!("{name}-error"))];
    }
}

/// The case form: new (`current` `None`) or editing a case at its version; `err` marks
/// the refused field and keeps everything typed.
fn case_form<S: Store>(
    state: &AppState<S>,
    me: &Me,
    f: &CaseForm,
    current: Option<(CaseId, &str)>,
    err: Option<&FieldError>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let fm = l.fmt(svc);
    let users = svc.user_directory(&me.actor)?;
    let kinds = svc.case_kinds()?;
    let responsible = f.responsible.clone().unwrap_or_default();
    let priority = f.priority.clone().unwrap_or_else(|| "normal".into());
    let kind = f.kind.clone().unwrap_or_default();
    let action = match current {
        Some((id, _)) => crate::paths::Case { id }.to_string(),
        None => "/cases".to_string(),
    };
    let pattern = svc.case_number_pattern()?;
    let date = |name: &str, v: &Option<String>, label: &str| {
        let bad = marked(err, name);
        html! {
            input name=(name) value=(v.clone().unwrap_or_default()) inputmode="numeric" maxlength="20"
                placeholder=(fm.date_placeholder()) aria-label=(label) size="10"
                class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
                aria-describedby=[bad.then(|| format!("{name}-error"))];
        }
    };
    let party_list = |field: &str| -> Vec<String> {
        err.filter(|e| e.field == field)
            .map(|e| e.candidates.iter().map(party_label).collect())
            .unwrap_or_default()
    };
    Ok(html! {
        div.card {
            h1 { (l.t(if current.is_some() { msg!("case.edit") } else { msg!("case.new") })) }
            (cases_nav(l))
            @if let Some(e) = err {
                p.error #form-error role="alert" { (l.t(msg!("cf.not_saved"))) " " (e.said(l)) }
            }
            form.grid #case-form method="post" action=(action) {
                (csrf(me))
                @if let Some(v) = &f.version { input type="hidden" name="version" value=(v); }
                @match current {
                    Some((_, number)) => { label { (l.t(msg!("case.number"))) input value=(number) disabled; } }
                    None => {
                        label { (l.t(msg!("case.number"))) " " span.muted { "(" (pattern.as_str()) ")" }
                            (text_input(err, "number", &f.number, l.t(msg!("case.number")), contacts_core::case::MAX_NUMBER_LEN))
                            (field_note(l, err, "number"))
                        }
                        @if let Some(p) = &f.proposed { input type="hidden" name="proposed" value=(p); }
                    }
                }
                label { (l.t(msg!("case.title_f")))
                    (text_input(err, "title", &f.title, l.t(msg!("case.title_f")), 500))
                    (field_note(l, err, "title"))
                }
                label { (l.t(msg!("case.counterparty")))
                    @let bad = marked(err, "counterparty");
                    input name="counterparty" required list="counterparty-list" data-party="counterparty" autocomplete="off"
                        maxlength="200" value=(f.counterparty.clone().unwrap_or_default()) placeholder=(l.t(msg!("cf.type_name")))
                        class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
                        aria-describedby=[bad.then_some("counterparty-error")];
                    datalist #counterparty-list { @for c in party_list("counterparty") { option value=(c) {} } }
                    (field_note(l, err, "counterparty"))
                }
                label { (l.t(msg!("case.person")))
                    @let bad = marked(err, "person");
                    input name="person" list="person-list" data-party="person" autocomplete="off"
                        maxlength="200" value=(f.person.clone().unwrap_or_default()) placeholder=(l.t(msg!("cf.type_name")))
                        class=[bad.then_some("invalid")] aria-invalid=[bad.then_some("true")]
                        aria-describedby=[bad.then_some("person-error")];
                    datalist #person-list { @for c in party_list("person") { option value=(c) {} } }
                    (field_note(l, err, "person"))
                }
                label { (l.t(msg!("case.external")))
                    (text_input(err, "external_number", &f.external_number, l.t(msg!("case.external")), 200))
                    (field_note(l, err, "external number"))
                }
                label { (l.t(msg!("case.registered"))) (date("registered_on", &f.registered_on, l.t(msg!("case.registered")))) (field_note(l, err, "registered_on")) }
                label { (l.t(msg!("case.deadline"))) (date("deadline", &f.deadline, l.t(msg!("case.deadline")))) (field_note(l, err, "deadline")) }
                label { (l.t(msg!("case.responsible")))
                    select name="responsible" class=[marked(err, "responsible").then_some("invalid")] {
                        @for u in users.iter().filter(|u| !u.disabled || u.name == responsible) {
                            option value=(u.name) selected[u.name == responsible] { (u.name) }
                        }
                    }
                    (field_note(l, err, "responsible"))
                }
                label { (l.t(msg!("case.priority")))
                    select name="priority" {
                        @for p in [Priority::High, Priority::Normal, Priority::Low] {
                            option value=(p.as_str()) selected[p.as_str() == priority] { (l.t(priority_key(p))) }
                        }
                    }
                }
                label { (l.t(msg!("case.kind")))
                    select name="kind" class=[marked(err, "kind").then_some("invalid")] {
                        option value="" { "—" }
                        @for k in &kinds { option value=(k.id) selected[k.id.to_string() == kind] { (k.name) } }
                    }
                    (field_note(l, err, "kind"))
                    " " a href="/settings/case-kinds" { (l.t(msg!("cf.kinds"))) }
                }
                label.check { input type="checkbox" name="only_listed" value="1" checked[f.only_listed.is_some()]; " " (l.t(msg!("case.only_listed"))) }
                div.actions { button type="submit" #save { (l.t(if current.is_some() { msg!("case.save") } else { msg!("case.create") })) } }
            }
        }
    })
}

pub(crate) async fn edit_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let c = state.service().case(&me.actor, case_id(&id)?)?;
    let mut f = CaseForm::of(&state, &me, &c.data)?;
    f.version = Some(c.meta.version.to_string());
    let body = case_form(&state, &me, &f, Some((c.id, &c.number)), None)?;
    Ok(layout::page(&me, Tab::None, &c.number, body))
}

/// The case form as typed: every value kept as text so a refused form comes back as it
/// was sent.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CaseForm {
    number: Option<String>,
    /// The number the form proposed; sent back unchanged it means "the next free one".
    proposed: Option<String>,
    title: Option<String>,
    counterparty: Option<String>,
    person: Option<String>,
    external_number: Option<String>,
    registered_on: Option<String>,
    deadline: Option<String>,
    responsible: Option<String>,
    priority: Option<String>,
    kind: Option<String>,
    only_listed: Option<String>,
    version: Option<String>,
}

impl CaseForm {
    /// The form showing `d`.
    fn of<S: Store>(state: &AppState<S>, me: &Me, d: &CaseData) -> Result<CaseForm, AppError> {
        let svc = state.service();
        let fm = me.lang.fmt(svc);
        let party = |id: ContactId| svc.get(&me.actor, id).ok().map(|c| party_label(&c));
        let responsible = svc
            .user_directory(&me.actor)?
            .into_iter()
            .find(|u| u.id == d.responsible)
            .map(|u| u.name);
        Ok(CaseForm {
            title: Some(d.title.clone()),
            counterparty: if d.counterparty.0 == 0 {
                None
            } else {
                party(d.counterparty)
            },
            person: d.person.and_then(party),
            external_number: Some(d.external_number.clone()),
            registered_on: Some(fm.date(d.registered_on)),
            deadline: d.deadline.map(|x| fm.date(x)),
            responsible,
            priority: Some(d.priority.as_str().to_string()),
            kind: d.kind.map(|k| k.to_string()),
            only_listed: d.only_listed_articles.then(|| "1".to_string()),
            ..CaseForm::default()
        })
    }

    /// The number typed, `None` for the next free one (blank, or the proposal unchanged).
    fn typed_number(&self) -> Option<&str> {
        let n = non_empty(&self.number)?;
        match non_empty(&self.proposed) {
            Some(p) if p == n => None,
            _ => Some(n),
        }
    }
}

fn date_field(v: &Option<String>, field: &'static str) -> Result<Option<NaiveDate>, AppError> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => Ok(Some(format::parse_date(field, s)?)),
    }
}

/// The contact a party field names: by id, or the one contact its name matches; several
/// or none send the form back with the candidates.
fn party<S: Store>(
    state: &AppState<S>,
    me: &Me,
    field: &str,
    text: &Option<String>,
    org: Option<ContactId>,
) -> Result<Option<ContactId>, Refusal> {
    let l = me.lang;
    let typed = text.as_deref().unwrap_or("").trim();
    match state
        .service()
        .pick_case_party(&me.actor, typed, org)
        .map_err(|e| refusal(Some(field), e))?
    {
        PartyPick::Blank => Ok(None),
        PartyPick::One(c) => Ok(Some(c.id)),
        PartyPick::Choose(candidates) => {
            let key = if candidates.is_empty() {
                msg!("cf.no_match")
            } else {
                msg!("cf.several")
            };
            let mut e = FieldError::new(
                field,
                format!("'{typed}': {}", l.t(key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            e.candidates = candidates;
            Err(Refusal::Field(e))
        }
    }
}

/// The case data a form gives, over `base` (a new case's defaults or the stored case).
fn case_data<S: Store>(
    state: &AppState<S>,
    me: &Me,
    f: &CaseForm,
    mut data: CaseData,
) -> Result<CaseData, Refusal> {
    let svc = state.service();
    let l = me.lang;
    data.counterparty =
        party(state, me, "counterparty", &f.counterparty, None)?.ok_or_else(|| {
            Refusal::Field(FieldError::new(
                "counterparty",
                l.t(msg!("cf.need_counterparty")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        })?;
    data.person = party(state, me, "person", &f.person, Some(data.counterparty))?;
    data.responsible = match non_empty(&f.responsible) {
        None => me.actor.id(),
        Some(name) => {
            svc.user_named(&me.actor, "responsible", name)
                .map_err(|e| refusal(Some("responsible"), e))?
                .id
        }
    };
    let date = |v: &Option<String>, field: &'static str| {
        date_field(v, field).map_err(|e| match e {
            AppError::Core(e) => refusal(Some(field), e),
            other => Refusal::Other(other),
        })
    };
    if let Some(d) = date(&f.registered_on, "registered_on")? {
        data.registered_on = d;
    }
    data.deadline = date(&f.deadline, "deadline")?;
    data.title = f.title.clone().unwrap_or_default();
    data.external_number = f.external_number.clone().unwrap_or_default();
    if let Some(p) = non_empty(&f.priority) {
        data.priority = Priority::parse(p).map_err(|e| refusal(Some("priority"), e))?;
    }
    data.kind = non_empty(&f.kind).and_then(|s| s.parse::<LabelId>().ok());
    data.only_listed_articles = non_empty(&f.only_listed).is_some();
    Ok(data)
}

/// The form again, with the refused field marked and everything typed kept.
fn refused<S: Store>(
    state: &AppState<S>,
    me: &Me,
    f: &CaseForm,
    current: Option<(CaseId, &str)>,
    e: Refusal,
) -> Result<Response, AppError> {
    match e {
        Refusal::Other(e) => Err(e),
        Refusal::Field(err) => {
            let title = me.lang.t(if current.is_some() {
                msg!("case.edit")
            } else {
                msg!("case.new")
            });
            let body = case_form(state, me, f, current, Some(&err))?;
            Ok((err.status, layout::page(me, Tab::None, title, body)).into_response())
        }
    }
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<CaseForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let base = CaseData::new("", ContactId(0), me.actor.id(), svc.today()?);
    let saved = case_data(&state, &me, &f, base).and_then(|data| {
        svc.create_case_numbered(&me.actor, data, f.typed_number())
            .map_err(|e| refusal(None, e))
    });
    match saved {
        Ok(case) => Ok(layout::done(
            &crate::paths::Case { id: case.id }.to_string(),
            msg!("flash.case_saved"),
        )
        .into_response()),
        Err(e) => refused(&state, &me, &f, None, e),
    }
}

/// Saves the edit form; a case changed meanwhile is a conflict (409) shown on the form,
/// nothing is lost silently.
pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<CaseForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let current = svc.case(&me.actor, case_id(&id)?)?;
    let version = non_empty(&f.version)
        .and_then(|v| v.parse().ok())
        .unwrap_or(current.meta.version);
    let saved = case_data(&state, &me, &f, current.data.clone()).and_then(|data| {
        svc.update_case(&me.actor, current.id, version, data)
            .map_err(|e| refusal(None, e))
    });
    match saved {
        Ok(_) => Ok(layout::done(
            &crate::paths::Case { id: current.id }.to_string(),
            msg!("flash.case_saved"),
        )
        .into_response()),
        Err(e) => refused(&state, &me, &f, Some((current.id, &current.number)), e),
    }
}

pub(crate) async fn remove_detail<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id: DetailId = id
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("detail")))?;
    let svc = state.service();
    let (d, _) = svc.detail(&me.actor, id)?;
    svc.remove_detail(&me.actor, id)?;
    Ok(back(d.case, "timeline"))
}

// ---- view -----------------------------------------------------------------------------

pub(crate) async fn view<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let v = svc.open_case(&me.actor, case_id(&id)?)?;
    let c = &v.case;
    let d = &c.data;
    let open = c.status.is_open();
    let users: std::collections::HashMap<_, _> = svc
        .user_directory(&me.actor)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let fm = l.fmt(svc);
    let local = |t: chrono::DateTime<chrono::Utc>| fm.datetime(t);
    let now_local = svc.utc_to_local(svc.now()).ok();
    let note_kinds = svc.note_kinds().unwrap_or_default();
    let doc_kinds = svc.document_kinds().unwrap_or_default();
    let title = format!("{} · {}", c.number, d.title);
    let body = html! {
        div.card {
            h1 #case-title { (c.number) " · " (d.title) }
            (cases_nav(l))
            p {
                span.badge { (l.t(if open { msg!("case.open_one") } else { msg!("case.closed_one") })) }
                " " span.badge { (l.t(priority_key(d.priority))) }
                @if let Some(k) = &v.kind { " " span.badge { (k.name) } }
            }
            dl.fields {
                dt { (l.t(msg!("case.counterparty"))) } dd { (contact_link(v.counterparty.id, &v.counterparty.data.display_name())) }
                @if let Some(p) = &v.person { dt { (l.t(msg!("case.person"))) } dd { (contact_link(p.id, &p.data.display_name())) } }
                @if !d.external_number.is_empty() { dt { (l.t(msg!("case.external"))) } dd { (d.external_number) } }
                dt { (l.t(msg!("case.registered"))) } dd { (fm.date(d.registered_on)) }
                dt { (l.t(msg!("case.deadline"))) } dd { @if let Some(x) = d.deadline { (fm.date(x)) } @else { "—" } }
                dt { (l.t(msg!("case.responsible"))) } dd { (v.responsible.name) }
                @if let (CaseStatus::Closed { at, .. }, Some(by)) = (c.status, &v.closed_by) {
                    dt { (l.t(msg!("case.closed_by"))) } dd { (by.name) " · " (local(at)) }
                }
                dt { (l.t(msg!("case.value"))) } dd #case-total { (totals_text(&fm, &v.totals)) }
            }
            div.actions {
                @if open { a.button href=(crate::paths::CaseEdit { id: c.id }) { (l.t(msg!("case.edit"))) } }
                (crate::view::links::case_links(l, c.id))
                @if open {
                    // Closing asks first, on a page of its own.
                    a.button.danger #case-close href=(crate::paths::CaseClose { id: c.id }) { (l.t(msg!("case.close"))) }
                } @else {
                    form.inline method="post" action=(crate::paths::CaseReopen { id: c.id }) {
                        (csrf(&me))
                        input type="hidden" name="version" value=(c.meta.version);
                        button.secondary type="submit" { (l.t(msg!("case.reopen"))) }
                    }
                }
            }
        }
        div.card #items {
            h2 { (l.t(msg!("case.items"))) }
            table.list {
                thead { tr {
                    th { "#" } th { (l.t(msg!("case.article"))) } th { (l.t(msg!("case.quantity"))) } th { (l.t(msg!("case.price"))) }
                    th { (l.t(msg!("case.payment"))) } th { (l.t(msg!("case.line_total"))) } th {}
                } }
                tbody {
                    @for (i, it) in d.items.iter().enumerate() {
                        tr {
                            td { (i + 1) }
                            td { (it.article) }
                            td.num { (fm.amount_input(it.quantity.value())) " " (it.unit) }
                            td.num { (fm.money(it.unit_price.value(), &it.currency)) }
                            td { (it.payment) }
                            td.num { (it.total().map(|t| fm.money(t, &it.currency)).unwrap_or_default()) }
                            td { @if open {
                                a.button.secondary href=(crate::paths::CaseItem { id: c.id, line: i + 1 }) { (l.t(msg!("cf.edit"))) } " "
                                a.button.danger href=(crate::paths::CaseItemRemove { id: c.id, line: i + 1 }) { (l.t(msg!("action.remove"))) }
                            } }
                        }
                    }
                }
                tfoot { tr { td colspan="5" { (l.t(msg!("case.total"))) } td.num { (totals_text(&fm, &v.totals)) } td {} } }
            }
            @if d.only_listed_articles { p.muted { (l.t(msg!("case.only_listed"))) } }
            @if open {
                form.toolbar method="post" action=(crate::paths::CaseItems { id: c.id }) {
                    (csrf(&me))
                    input name="article" required placeholder=(l.t(msg!("case.article"))) aria-label=(l.t(msg!("case.article")));
                    input name="quantity" required size="6" placeholder=(l.t(msg!("case.quantity"))) aria-label=(l.t(msg!("case.quantity")));
                    input name="unit" size="4" placeholder=(l.t(msg!("case.unit"))) aria-label=(l.t(msg!("case.unit")));
                    input name="unit_price" required size="8" placeholder=(l.t(msg!("case.price"))) aria-label=(l.t(msg!("case.price")));
                    input name="currency" size="3" value="PLN" aria-label=(l.t(msg!("case.currency")));
                    input name="payment" placeholder=(l.t(msg!("case.payment"))) aria-label=(l.t(msg!("case.payment")));
                    button type="submit" { (l.t(msg!("case.add_item"))) }
                }
            }
        }
        div.card #timeline {
            h2 { (l.t(msg!("case.timeline"))) }
            @if v.timeline.is_empty() { p.muted { (l.t(msg!("hist.none"))) } }
            ul.plain.timeline {
                @for e in &v.timeline {
                    li {
                        span.time { (local(e.at())) } " "
                        @match e {
                            TimelineEntry::Detail(x) => {
                                @match &x.body {
                                    DetailBody::Note { kind, text } => { span.badge { (l.t(msg!("case.note"))) } @if !kind.is_empty() { " " span.badge { (kind) } } " " (text) }
                                    DetailBody::Document { kind, symbol, content } => { span.badge { (l.t(msg!("case.document"))) } " " (kind) " " strong { (symbol) } " " (content) }
                                    DetailBody::File { name, note, .. } => { span.badge { (l.t(msg!("case.file"))) } " " a href=(crate::paths::CaseFile { id: x.id }) { (name) } " " (note) }
                                }
                                " " span.muted { "· " (users.get(&x.meta.created_by).cloned().unwrap_or_default()) }
                                @if open {
                                    " " a.button.secondary href=(crate::paths::CaseDetail { id: x.id }) { (l.t(msg!("cf.edit"))) }
                                    " " a.button.danger href=(crate::paths::CaseDetailRemove { id: x.id }) { (l.t(msg!("action.remove"))) }
                                }
                            }
                            TimelineEntry::History(h) => {
                                span.badge { (l.t(msg!("hist.title"))) } " " span.badge { (h.kind) } " " (h.text)
                                " " span.muted { "· " (users.get(&h.author).cloned().unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
            @if open {
                h3 { (l.t(msg!("case.add_note"))) }
                form.toolbar method="post" action=(crate::paths::CaseNotes { id: c.id }) {
                    (csrf(&me))
                    input name="kind" list="note-kinds" placeholder=(l.t(msg!("hist.kind"))) aria-label=(l.t(msg!("hist.kind")));
                    datalist #note-kinds { @for k in &note_kinds { option value=(k) {} } }
                    (layout::datetime_input(&fm, "at", now_local, l.t(msg!("hist.when")), false))
                    input name="text" required placeholder=(l.t(msg!("hist.text"))) aria-label=(l.t(msg!("hist.text")));
                    button type="submit" { (l.t(msg!("case.add_note"))) }
                }
                h3 { (l.t(msg!("case.add_document"))) }
                form.toolbar method="post" action=(crate::paths::CaseDocuments { id: c.id }) {
                    (csrf(&me))
                    input name="kind" list="doc-kinds" placeholder=(l.t(msg!("case.doc_kind"))) aria-label=(l.t(msg!("case.doc_kind")));
                    datalist #doc-kinds { @for k in &doc_kinds { option value=(k) {} } }
                    input name="symbol" maxlength="200" placeholder=(l.t(msg!("case.symbol"))) aria-label=(l.t(msg!("case.symbol")));
                    label.check { input type="checkbox" name="next_number" value="1"; " " (l.t(msg!("cf.next_number"))) }
                    input name="content" placeholder=(l.t(msg!("case.content"))) aria-label=(l.t(msg!("case.content")));
                    (layout::datetime_input(&fm, "at", now_local, l.t(msg!("hist.when")), false))
                    button type="submit" { (l.t(msg!("case.add_document"))) }
                }
                h3 { (l.t(msg!("case.add_file"))) }
                form.toolbar method="post" action=(crate::paths::CaseFiles { id: c.id }) enctype="multipart/form-data" {
                    (csrf(&me))
                    input type="file" name="file" required;
                    input name="note" placeholder=(l.t(msg!("attachments.note"))) aria-label=(l.t(msg!("attachments.note")));
                    (layout::datetime_input(&fm, "at", now_local, l.t(msg!("hist.when")), false))
                    button type="submit" { (l.t(msg!("case.add_file"))) }
                    span.muted.limit { (l.t(msg!("ui.max_file"))) }
                }
            }
        }
    };
    let body = html! {
        (body)
        (crate::parts::cases::case_tasks(&state, &me, c.id, None, None))
        (crate::parts::meetings::case_meetings(&state, &me, c.id, &c.number))
    };
    Ok(layout::page(&me, Tab::None, &title, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct ItemForm {
    article: Option<String>,
    quantity: Option<String>,
    unit: Option<String>,
    unit_price: Option<String>,
    currency: Option<String>,
    payment: Option<String>,
}

fn back(id: CaseId, anchor: &str) -> Redirect {
    layout::done(
        &format!("{}#{anchor}", crate::paths::Case { id }),
        msg!("flash.saved"),
    )
}

pub(crate) async fn add_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Redirect, AppError> {
    let svc = state.service();
    let id = case_id(&id)?;
    svc.case(&me.actor, id)?;
    let num = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let mut item = CaseItem::new(
        f.article.as_deref().unwrap_or(""),
        Amount::parse("quantity", &num(&f.quantity))?,
        Amount::parse("price", &num(&f.unit_price))?,
    );
    item.unit = f.unit.clone().unwrap_or_default().trim().to_string();
    item.payment = f.payment.clone().unwrap_or_default().trim().to_string();
    if let Some(c) = non_empty(&f.currency) {
        item.currency = Currency::parse(c)?;
    }
    svc.add_case_item(&me.actor, id, item)?;
    Ok(back(id, "items"))
}

pub(crate) async fn remove_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path((id, line)): Path<(String, String)>,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    let line: usize = line
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("item")))?;
    state.service().remove_case_item(&me.actor, id, line)?;
    Ok(back(id, "items"))
}

#[derive(Debug, Default, Deserialize)]
pub struct DetailForm {
    kind: Option<String>,
    text: Option<String>,
    symbol: Option<String>,
    content: Option<String>,
    at: Option<String>,
    next_number: Option<String>,
}

pub(crate) async fn add_note<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<DetailForm>,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    state.service().case(&me.actor, id)?;
    let input = DetailInput::Note {
        kind: f.kind.clone().unwrap_or_default(),
        text: f.text.clone().unwrap_or_default(),
    };
    state
        .service()
        .add_detail(&me.actor, id, at_of(&state, &f.at)?, input)?;
    Ok(back(id, "timeline"))
}

pub(crate) async fn add_document<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<DetailForm>,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    state.service().case(&me.actor, id)?;
    let input = DetailInput::Document {
        kind: f.kind.clone().unwrap_or_default(),
        symbol: f.symbol.clone().unwrap_or_default(),
        content: f.content.clone().unwrap_or_default(),
        next_number: non_empty(&f.next_number).is_some(),
    };
    state
        .service()
        .add_detail(&me.actor, id, at_of(&state, &f.at)?, input)?;
    Ok(back(id, "timeline"))
}

pub(crate) async fn add_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    state.service().case(&me.actor, id)?;
    let bad = |_| AppError::Status(StatusCode::BAD_REQUEST);
    let (mut file, mut note, mut at) = (None, String::new(), None);
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let media = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = field.bytes().await.map_err(bad)?;
        match name.as_str() {
            "note" => note = String::from_utf8_lossy(&bytes).into_owned(),
            "at" => at = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" => file = file_name.map(|n| (n, media, bytes.to_vec())),
            _ => {}
        }
    }
    let (name, media_type, bytes) = file
        .filter(|(n, _, b)| !n.is_empty() && !b.is_empty())
        .ok_or_else(|| AppError::invalid("file", msg!("error.no_file")))?;
    let input = DetailInput::File {
        name,
        media_type,
        note,
        bytes: Some(bytes),
    };
    let at = at_of(&state, &at)?;
    state.service().add_detail(&me.actor, id, at, input)?;
    Ok(back(id, "timeline"))
}

#[derive(Debug, Default, Deserialize)]
pub struct VersionForm {
    version: Option<String>,
}

/// The confirmation step before a case is closed: which case, and what closing means.
pub(crate) async fn close_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let c = state.service().case(&me.actor, case_id(&id)?)?;
    let l = me.lang;
    if !c.status.is_open() {
        return Err(AppError::Core(Error::invalid(
            "case",
            format!("case {} is already closed", c.number),
        )));
    }
    let body = layout::confirm(
        &me,
        layout::Confirm {
            question: l.t(msg!("confirm.case_close")),
            about: html! {
                p.confirm-what { (c.number) " · " (c.data.title) }
                p.muted { (l.t(msg!("confirm.case_close_note"))) }
            },
            action: &crate::paths::CaseClose { id: c.id }.to_string(),
            version: Some(c.meta.version),
            yes: l.t(msg!("confirm.yes_close")),
            danger: true,
            back: &crate::paths::Case { id: c.id }.to_string(),
        },
    );
    Ok(layout::page(
        &me,
        Tab::None,
        l.t(msg!("confirm.title")),
        body,
    ))
}

pub(crate) async fn close<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<VersionForm>,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    let svc = state.service();
    let current = svc.case(&me.actor, id)?;
    let version = non_empty(&f.version)
        .and_then(|v| v.parse().ok())
        .unwrap_or(current.meta.version);
    svc.close_case(&me.actor, id, version)?;
    Ok(layout::done(
        &format!("{}#case-title", crate::paths::Case { id }),
        msg!("flash.case_closed"),
    ))
}

pub(crate) async fn reopen<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<VersionForm>,
) -> Result<Redirect, AppError> {
    let id = case_id(&id)?;
    let svc = state.service();
    let current = svc.case(&me.actor, id)?;
    let version = non_empty(&f.version)
        .and_then(|v| v.parse().ok())
        .unwrap_or(current.meta.version);
    svc.reopen_case(&me.actor, id, version)?;
    Ok(layout::done(
        &format!("{}#case-title", crate::paths::Case { id }),
        msg!("flash.case_reopened"),
    ))
}

pub(crate) async fn download<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: DetailId = id
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("file")))?;
    let (d, bytes) = state.service().detail(&me.actor, id)?;
    let (DetailBody::File { name, .. }, Some(bytes)) = (&d.body, bytes) else {
        return Err(AppError::Core(Error::not_found("file")));
    };
    Ok(crate::view::stored::download_response(name, bytes))
}

// ---- reports --------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    from: Option<String>,
    to: Option<String>,
}

fn forecast_table(
    l: Lang,
    fm: &Formatter,
    heading: &str,
    rows: &[ForecastRow],
    none_key: crate::i18n::Msg,
) -> Markup {
    html! {
        h3 { (heading) }
        table.list {
            thead { tr { th { (heading) } th { (l.t(msg!("rep.cases"))) } th { (l.t(msg!("case.value"))) } } }
            tbody {
                @for r in rows {
                    tr {
                        td { @if r.key.is_empty() { (l.t(none_key)) } @else { (r.key) } }
                        td.num { (r.cases) }
                        td.num { (fm.money(r.value, &r.currency)) }
                    }
                }
            }
        }
    }
}

pub(crate) async fn reports<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ReportParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let fm = l.fmt(svc);
    let today = svc.today()?;
    let month_start = today.with_day(1).unwrap_or(today);
    let from = date_field(&p.from, "from")?.unwrap_or(month_start);
    let to = date_field(&p.to, "to")?.unwrap_or(today);
    let forecast = svc.forecast(&me.actor)?;
    let overdue = svc.overdue_cases(&me.actor, today)?;
    let activity = svc.activity(&me.actor, from, to)?;
    let title = l.t(msg!("rep.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            (cases_nav(l))
            h2 { (l.t(msg!("rep.forecast"))) }
            (crate::view::links::report_links(l, "forecast", None))
            p { (l.t(msg!("rep.open_cases"))) ": " (forecast.open_cases) " · " (l.t(msg!("case.value"))) ": " strong #forecast-total { (totals_text(&fm, &forecast.total)) } }
            (forecast_table(l, &fm, l.t(msg!("rep.by_month")), &forecast.by_month, msg!("rep.no_deadline")))
            (forecast_table(l, &fm, l.t(msg!("rep.by_employee")), &forecast.by_employee, msg!("rep.none")))
            (forecast_table(l, &fm, l.t(msg!("rep.by_kind")), &forecast.by_kind, msg!("rep.none")))
        }
        div.card #overdue {
            h2 { (l.t(msg!("rep.overdue"))) }
            (crate::view::links::report_links(l, "overdue", None))
            @if overdue.is_empty() { p.muted { (l.t(msg!("case.none"))) } } @else {
                table.list {
                    thead { tr {
                        th { (l.t(msg!("case.number"))) } th { (l.t(msg!("case.counterparty"))) } th { (l.t(msg!("case.responsible"))) }
                        th { (l.t(msg!("case.deadline"))) } th { (l.t(msg!("rep.days_overdue"))) } th { (l.t(msg!("case.value"))) }
                    } }
                    tbody {
                        @for o in &overdue {
                            tr {
                                td { a href=(crate::paths::Case { id: o.case.id }) { (o.case.number) } " " (o.case.data.title) }
                                td { (o.counterparty) }
                                td { (o.responsible) }
                                td { @if let Some(d) = o.case.data.deadline { (fm.date(d)) } }
                                td.num { (o.days_overdue) }
                                td.num { (totals_text(&fm, &o.totals)) }
                            }
                        }
                    }
                }
            }
        }
        div.card #activity {
            h2 { (l.t(msg!("rep.activity"))) }
            (crate::view::links::report_links(l, "activity", Some(crate::paths::Period { from: from.to_string(), to: to.to_string() })))
            form.toolbar method="get" action="/reports" {
                label { (l.t(msg!("rep.from"))) " " (layout::date_input(&fm, "from", Some(from), l.t(msg!("rep.from")))) }
                label { (l.t(msg!("rep.to"))) " " (layout::date_input(&fm, "to", Some(to), l.t(msg!("rep.to")))) }
                button type="submit" { (l.t(msg!("agenda.show"))) }
            }
            @if activity.is_empty() { p.muted { (l.t(msg!("rep.no_activity"))) } } @else {
                table.list {
                    thead { tr {
                        th { (l.t(msg!("case.responsible"))) } th { (l.t(msg!("hist.title"))) } th { (l.t(msg!("rep.details"))) }
                        th { (l.t(msg!("rep.opened"))) } th { (l.t(msg!("rep.closed"))) }
                    } }
                    tbody {
                        @for a in &activity {
                            tr {
                                td { (a.user) }
                                td { @for (k, n) in &a.history { (k) ": " (n) br; } }
                                td { @for (k, n) in &a.details { (layout::activity_label(l, k)) ": " (n) br; } }
                                td.num { (a.cases_opened) }
                                td.num { (a.cases_closed) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}
