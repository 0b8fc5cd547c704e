//! Dates pages: the day plan, "Solenizanci +7 dni", the name-day lookup, reminders with
//! take over and done, the reminder and history forms of a contact, and the user's
//! iCalendar feed.

use crate::forms::non_empty;
use crate::parts::dates::day_label;
use crate::paths::QueryLink;
use crate::view::links::book_badge;
use crate::view::links::{contact_link, occasion_text, weekday};
use crate::view::reminders::{agenda_line, reminder_table};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Days, NaiveDate};
use contacts_core::date::MonthDay;
use contacts_core::format::{self};
use contacts_core::ids::HistoryFileId;
use contacts_core::service::{AgendaEntry, AgendaItem, Due, ReminderFilter};
use contacts_core::store::Store;
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::ids::{contact_id, reminder_id};
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::view::layout::{self, Tab};
use crate::view::refused::{on_field, unprocessable, Refused};
use crate::AppState;

/// The longest window the pages offer, in days: the longest the service takes.
const MAX_DAYS: u32 = contacts_core::service::MAX_WINDOW_DAYS;

fn not_found(what: &str) -> AppError {
    AppError::Core(Error::not_found(what.to_string()))
}

fn days_of(v: &Option<String>, default: u32) -> u32 {
    non_empty(v)
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(default)
        .clamp(1, MAX_DAYS)
}

fn date_of(v: &Option<String>) -> Option<NaiveDate> {
    non_empty(v).and_then(|s| format::parse_date("date", s).ok())
}

fn dates_nav(l: Lang) -> Markup {
    html! {
        nav.toolbar {
            a href="/agenda" { (l.t(msg!("agenda.title"))) }
            " · " a href="/upcoming?days=7" { (l.t(msg!("upc.title7"))) }
            " · " a href="/reminders" { (l.t(msg!("rem.title"))) }
            " · " a href="/namedays" { (l.t(msg!("nd.title"))) }
            " · " a href="/calendar.ics" download="contacts.ics" { (l.t(msg!("ics.download"))) }
        }
    }
}

// ---- day plan -------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct AgendaParams {
    date: Option<String>,
    days: Option<String>,
}

pub(crate) async fn agenda<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<AgendaParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let from = match date_of(&p.date) {
        Some(d) => d,
        None => svc.today()?,
    };
    let days = days_of(&p.days, 1);
    let now = svc.now();
    let items = svc.agenda(&me.actor, from, days, now)?;
    let deadlines = crate::parts::cases::deadlines(&state, &me, from, days)?;
    let today = svc.today()?;
    let mut by_day: Vec<(NaiveDate, Vec<(&'static str, Markup)>)> = Vec::new();
    let mut push = |date: NaiveDate, m: (&'static str, Markup)| match by_day.last_mut() {
        Some((d, v)) if *d == date => v.push(m),
        _ => by_day.push((date, vec![m])),
    };
    let mut dl = deadlines.iter().peekable();
    for item in &items {
        while let Some(c) = dl.peek() {
            if c.0 <= item.date && (c.0 < item.date || item.time.is_some()) {
                push(c.0, ("", c.1.clone()));
                dl.next();
            } else {
                break;
            }
        }
        push(item.date, (highlight(item, today), agenda_line(&me, item)));
    }
    for c in dl {
        push(c.0, ("", c.1.clone()));
    }
    let prev = from
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(from);
    let next = from
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(from);
    let title = l.t(msg!("agenda.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            (dates_nav(l))
            form.toolbar method="get" action="/agenda" {
                label { (l.t(msg!("agenda.date"))) " " (layout::date_input(&l.fmt(svc), "date", Some(from), l.t(msg!("agenda.date")))) }
                label { (l.t(msg!("agenda.days"))) " " input type="number" name="days" min="1" max="366" value=(days); }
                button type="submit" { (l.t(msg!("agenda.show"))) }
                " " a href=(crate::paths::Agenda.with_query(crate::paths::OnDate { date: prev.to_string(), days: Some(days) })) { "← " (l.t(msg!("agenda.prev"))) }
                " " a href=(crate::paths::Agenda.with_query(crate::paths::OnDate { date: next.to_string(), days: Some(days) })) { (l.t(msg!("agenda.next"))) " →" }
            }
            @if by_day.is_empty() { p.muted #agenda-empty { (l.t(msg!("agenda.empty"))) } }
            @for (day, lines) in &by_day {
                h2 { (l.fmt(svc).date(*day)) " · " (weekday(l, *day)) }
                ul.plain.agenda { @for (class, m) in lines { li class=(class) { (m) } } }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

/// The class of a day-plan line: an overdue reminder stands out, one due today too.
fn highlight(item: &AgendaItem, today: NaiveDate) -> &'static str {
    match &item.entry {
        AgendaEntry::Reminder(r) if r.overdue => "overdue",
        AgendaEntry::Reminder(_) if item.date == today => "due-today",
        AgendaEntry::Alert(_) => "alert",
        _ => "",
    }
}

// ---- upcoming ---------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct UpcomingParams {
    days: Option<String>,
    kind: Option<String>,
}

pub(crate) async fn upcoming<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<UpcomingParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let days = days_of(&p.days, 7);
    let (b, n) = match non_empty(&p.kind) {
        Some("birthdays") => (true, false),
        Some("namedays") => (false, true),
        _ => (true, true),
    };
    let today = svc.today()?;
    let list = svc.upcoming(&me.actor, today, days, b, n)?;
    let title = l.t(msg!("upc.title"));
    let body = html! {
        div.card {
            h1 { (title) " +" (days) " " (l.t(msg!("upc.days"))) }
            (dates_nav(l))
            form.toolbar method="get" action="/upcoming" {
                label { (l.t(msg!("agenda.days"))) " " input type="number" name="days" min="1" max="366" value=(days); }
                select name="kind" aria-label=(l.t(msg!("upc.kind"))) {
                    option value="" { (l.t(msg!("upc.both"))) }
                    option value="birthdays" selected[b && !n] { (l.t(msg!("upc.birthdays"))) }
                    option value="namedays" selected[n && !b] { (l.t(msg!("upc.namedays"))) }
                }
                button type="submit" { (l.t(msg!("agenda.show"))) }
            }
            a.button #mailing-link href=(crate::paths::MailingNew.with_query([("upcoming", days.to_string()), ("kind", (if b && !n { "birthdays" } else if n && !b { "namedays" } else { "" }).to_string())])) { "✉ " (l.t(msg!("mail.button"))) }
            @if list.is_empty() { p.muted { (l.t(msg!("upc.none"))) } } @else {
                table.list {
                    thead { tr { th { (l.t(msg!("upc.date"))) } th { (l.t(msg!("upc.in_days"))) } th { (l.t(msg!("rem.contact"))) } th { (l.t(msg!("upc.what"))) } } }
                    tbody {
                        @for o in &list {
                            tr {
                                td { (l.fmt(svc).date(o.date)) " " span.muted { (weekday(l, o.date)) } }
                                td { ((o.date - today).num_days()) }
                                td { (contact_link(o.contact.id, &o.contact.name)) " " (book_badge(l, o.contact.book)) }
                                td { (occasion_text(l, o)) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

// ---- name-day lookup --------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct NamedayParams {
    name: Option<String>,
    date: Option<String>,
}

fn month_day_of(s: &str) -> Option<MonthDay> {
    let s = s.trim();
    if let Ok(d) = s.parse::<contacts_core::date::PartialDate>() {
        return Some(d.month_day);
    }
    s.trim_start_matches("--").parse::<MonthDay>().ok()
}

pub(crate) async fn namedays<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<NamedayParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let cal = svc.calendar()?;
    let name = non_empty(&p.name);
    let day = match non_empty(&p.date) {
        Some(s) => {
            Some(month_day_of(s).ok_or_else(|| AppError::invalid("date", msg!("nd.bad_date")))?)
        }
        None if name.is_none() => Some(MonthDay::of(svc.today()?)),
        None => None,
    };
    let title = l.t(msg!("nd.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            (dates_nav(l))
            form.toolbar method="get" action="/namedays" {
                input name="name" value=(name.unwrap_or("")) placeholder=(l.t(msg!("nd.name"))) aria-label=(l.t(msg!("nd.name")));
                button type="submit" { (l.t(msg!("nd.find"))) }
            }
            form.toolbar method="get" action="/namedays" {
                input name="date" placeholder="MM-DD" value=(day.map(|d| d.to_string()).unwrap_or_default()) aria-label=(l.t(msg!("upc.date")));
                button type="submit" { (l.t(msg!("nd.who"))) }
            }
            @if let Some(n) = name {
                h2 { (l.t(msg!("nd.dates_of"))) " " (n) }
                @match cal.lookup(n) {
                    Ok(found) => {
                        ul.plain #nameday-dates { @for d in &found.dates {
                            li { a href=(crate::paths::Namedays.with_query(crate::paths::OnDate { date: d.to_string(), days: None })) { (day_label(l, *d)) } }
                        } }
                    }
                    Err(unknown) => {
                        p.muted { (l.t(msg!("nd.unknown"))) }
                        @if !unknown.suggestions.is_empty() {
                            p { (l.t(msg!("nd.suggest"))) " "
                                @for s in &unknown.suggestions { a href=(crate::paths::Namedays.with_query(crate::paths::OfName { name: s.to_string() })) { (s) } " " } }
                        }
                    }
                }
            }
            @if let Some(d) = day {
                h2 { (l.t(msg!("nd.names_on"))) " " (day_label(l, d)) }
                p #nameday-names { @for (i, n) in cal.names_on(d).iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(crate::paths::Namedays.with_query(crate::paths::OfName { name: n.to_string() })) { (n) }
                } }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

// ---- reminders --------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct RemindersParams {
    due: Option<String>,
    mine: Option<String>,
}

pub(crate) async fn reminders<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<RemindersParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let due_name = non_empty(&p.due).unwrap_or("open");
    let due = match due_name {
        "today" => Due::Today,
        "overdue" => Due::Overdue,
        "week" => Due::Week,
        "all" => Due::All,
        _ => Due::Open,
    };
    let mine = non_empty(&p.mine).is_some();
    let filter = ReminderFilter {
        mine,
        due,
        contact: None,
    };
    let list = svc.reminders(&me.actor, &filter, svc.now())?;
    let title = l.t(msg!("rem.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            (dates_nav(l))
            form.toolbar method="get" action="/reminders" {
                select name="due" aria-label=(l.t(msg!("rem.due"))) {
                    @for (v, k) in [("open", msg!("rem.f_open")), ("today", msg!("rem.f_today")), ("overdue", msg!("rem.f_overdue")), ("week", msg!("rem.f_week")), ("all", msg!("rem.f_all"))] {
                        option value=(v) selected[v == due_name] { (l.t(k)) }
                    }
                }
                label { input type="checkbox" name="mine" value="1" checked[mine]; " " (l.t(msg!("rem.mine"))) }
                button type="submit" { (l.t(msg!("agenda.show"))) }
            }
            (reminder_table(&me, &l.fmt(svc), &list))
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct BackForm {
    back: Option<String>,
}

/// Only a local path is followed back; anything else goes to the reminders list.
/// Where to go after a form: a path on this site only. Browsers drop tabs and line breaks
/// inside URLs and read `\\` as `/`, so "/\t/elsewhere" or "/\\elsewhere" would leave the
/// site: only printable ASCII, one leading slash, no backslash.
fn back_to(b: &Option<String>) -> String {
    match non_empty(b) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && p.bytes().all(|c| c.is_ascii_graphic() && c != b'\\') =>
        {
            p.to_string()
        }
        _ => "/reminders".to_string(),
    }
}

pub(crate) async fn take<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<BackForm>,
) -> Result<Redirect, AppError> {
    state
        .service()
        .take_reminder(&me.actor, reminder_id(&id)?)?;
    Ok(crate::view::layout::done(
        &back_to(&f.back),
        msg!("flash.reminder_taken"),
    ))
}

pub(crate) async fn done<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<BackForm>,
) -> Result<Redirect, AppError> {
    state
        .service()
        .done_reminder(&me.actor, reminder_id(&id)?)?;
    Ok(layout::done(&back_to(&f.back), msg!("flash.reminder_done")))
}

#[derive(Debug, Default, Deserialize)]
pub struct RemindForm {
    at: Option<String>,
    text: Option<String>,
    assignee: Option<String>,
}

pub(crate) async fn remind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<RemindForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = contact_id(&id)?;
    // Visibility first: a hidden contact is not found whatever the form holds.
    svc.get(&me.actor, id)?;
    let set = svc
        .local_to_utc(non_empty(&f.at).unwrap_or(""))
        .map_err(|e| on_field(e, "at"))
        .and_then(|at| {
            svc.remind(
                &me.actor,
                id,
                at,
                f.text.as_deref().unwrap_or(""),
                non_empty(&f.assignee),
            )
        });
    match set {
        Ok(_) => Ok(layout::done(
            &format!("{}#reminders", crate::paths::Contact { id }),
            msg!("flash.reminder_added"),
        )
        .into_response()),
        Err(e) => {
            let fields = [
                ("at", "at"),
                ("text", "text"),
                ("assignee", "assignee"),
                ("user", "assignee"),
            ];
            let r = Refused::of("reminder", e.into(), me.lang, &fields, "text")?.keep_all([
                ("at", f.at.as_deref().unwrap_or("")),
                ("text", f.text.as_deref().unwrap_or("")),
                ("assignee", f.assignee.as_deref().unwrap_or("")),
            ]);
            Ok(unprocessable(crate::parts::contact::contact_page(
                &state,
                &me,
                id,
                Some(&r),
            )?))
        }
    }
}

pub(crate) async fn add_history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = contact_id(&id)?;
    svc.history(&me.actor, id)?;
    let (mut kind, mut text, mut at) = (String::new(), String::new(), String::new());
    let mut files = Vec::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| AppError::Status(axum::http::StatusCode::BAD_REQUEST))?
    {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let media = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| AppError::Status(axum::http::StatusCode::BAD_REQUEST))?;
        match name.as_str() {
            "kind" => kind = String::from_utf8_lossy(&bytes).into_owned(),
            "text" => text = String::from_utf8_lossy(&bytes).into_owned(),
            "at" => at = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => {
                if let Some(n) = file_name.filter(|n| !n.is_empty()) {
                    if !bytes.is_empty() {
                        files.push((n, media, bytes.to_vec()));
                    }
                }
            }
            _ => {}
        }
    }
    let when = match at.trim() {
        "" => Ok(None),
        s => svc.local_to_utc(s).map(Some).map_err(|e| on_field(e, "at")),
    };
    match when.and_then(|when| svc.add_history(&me.actor, id, &kind, &text, when, files)) {
        Ok(_) => Ok(layout::done(
            &format!("{}#history", crate::paths::Contact { id }),
            msg!("flash.history_added"),
        )
        .into_response()),
        Err(e) => {
            let fields = [
                ("history_kind", "kind"),
                ("text", "text"),
                ("at", "at"),
                ("attachment", "file"),
                ("file name", "file"),
            ];
            let r = Refused::of("history", e.into(), me.lang, &fields, "text")?.keep_all([
                ("kind", kind.as_str()),
                ("text", text.as_str()),
                ("at", at.as_str()),
            ]);
            Ok(unprocessable(crate::parts::contact::contact_page(
                &state,
                &me,
                id,
                Some(&r),
            )?))
        }
    }
}

// ---- changing a history entry -------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct HistoryEditForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    text: String,
}

fn history_id(id: &str) -> Result<contacts_core::ids::HistoryId, AppError> {
    id.trim().parse().map_err(|_| not_found("history entry"))
}

fn history_edit_page<S: Store>(
    state: &AppState<S>,
    me: &Me,
    e: &contacts_core::case::HistoryEntry,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let fm = l.fmt(state.service());
    let m = crate::view::refused::Marks::of(refused, "history-edit");
    let at = state.service().utc_to_local(e.at)?;
    let title = l.t(msg!("hist.edit_title"));
    let body = html! {
        div.card.narrow {
            h1 { (title) }
            p { (contact_link(e.contact, &state.service().get(&me.actor, e.contact)?.data.display_name())) }
            (m.banner())
            form.grid method="post" action=(crate::paths::HistoryEdit { id: e.id }) {
                (layout::csrf(me))
                (m.text(l.t(msg!("hist.kind")), "kind", &e.kind, contacts_core::model::MAX_LABEL_CHARS, true))
                label { (l.t(msg!("hist.when"))) (layout::datetime_typed(&fm, &m, "at", Some(at), l.t(msg!("hist.when")), true)) }
                (m.text(l.t(msg!("hist.text")), "text", &e.text, contacts_core::model::MAX_TEXT_BYTES, false))
                div.actions {
                    button type="submit" #save { (l.t(msg!("hist.save"))) }
                    " " a href={(crate::paths::Contact { id: e.contact }) "#history"} { (l.t(msg!("confirm.cancel"))) }
                }
            }
        }
    };
    Ok(layout::page(me, Tab::None, title, body))
}

pub(crate) async fn edit_history_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let e = state.service().history_entry(&me.actor, history_id(&id)?)?;
    history_edit_page(&state, &me, &e, None)
}

/// Saves a changed entry; bad input comes back on the same page, the field marked and
/// what was typed kept. Only its author or an admin may (the core's rule).
pub(crate) async fn update_history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<HistoryEditForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = history_id(&id)?;
    let e = svc.history_entry(&me.actor, id)?;
    let saved = svc
        .local_to_utc(f.at.trim())
        .map_err(|e| on_field(e, "at"))
        .and_then(|at| svc.update_history(&me.actor, id, &f.kind, &f.text, at));
    match saved {
        Ok(e) => Ok(layout::done(
            &format!("{}#history", crate::paths::Contact { id: e.contact }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(err) => {
            let fields = [("history_kind", "kind"), ("text", "text"), ("at", "at")];
            let r = Refused::of("history-edit", err.into(), me.lang, &fields, "text")?.keep_all([
                ("kind", f.kind.as_str()),
                ("at", f.at.as_str()),
                ("text", f.text.as_str()),
            ]);
            Ok(unprocessable(history_edit_page(&state, &me, &e, Some(&r))?))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NamedayForm {
    day: Option<String>,
    version: Option<String>,
}

/// Picks one of the days of the given name as the contact's name-day, or (empty) goes back
/// to the day derived from the name.
pub(crate) async fn pick_nameday<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<NamedayForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = contact_id(&id)?;
    let c = svc.get(&me.actor, id)?;
    let day = match non_empty(&f.day) {
        None => Ok(None),
        Some(s) => month_day_of(s)
            .map(Some)
            .ok_or_else(|| AppError::invalid("day", msg!("nd.bad_date"))),
    };
    let version = non_empty(&f.version)
        .and_then(|v| v.parse().ok())
        .unwrap_or(c.meta.version);
    let mut data = c.data;
    let saved = day.and_then(|day| {
        data.nameday = day;
        svc.update(&me.actor, id, version, data)
            .map_err(|e| AppError::from(on_field(e, "day")))
    });
    match saved {
        Ok(_) => Ok(layout::done(
            &format!("{}#nameday", crate::paths::Contact { id }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(e) => {
            let r = Refused::of("nameday", e, me.lang, &[("day", "day")], "day")?
                .keep("day", f.day.as_deref().unwrap_or(""));
            Ok(unprocessable(crate::parts::contact::contact_page(
                &state,
                &me,
                id,
                Some(&r),
            )?))
        }
    }
}

pub(crate) async fn history_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: HistoryFileId = id.parse().map_err(|_| not_found("file"))?;
    let (info, bytes) = state.service().history_file(&me.actor, id)?;
    Ok(crate::view::stored::download_response(&info.name, bytes))
}

// ---- the contact page's section -------------------------------------------------------------

// ---- iCalendar feed -----------------------------------------------------------------------

pub(crate) async fn ics<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Response, AppError> {
    let svc = state.service();
    let body = svc.ics(&me.actor, svc.now())?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"contacts.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn back_goes_to_local_paths_only() {
        let go = |s: &str| back_to(&Some(s.to_string()));
        assert_eq!(go("/agenda?days=7"), "/agenda?days=7");
        assert_eq!(go("/contacts/5#reminders"), "/contacts/5#reminders");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " //evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/ą",
        ] {
            assert_eq!(go(bad), "/reminders", "{bad:?}");
        }
    }
}
