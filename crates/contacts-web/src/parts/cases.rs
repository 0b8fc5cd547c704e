//! Cases as other pages show them: a contact's cases, the nearest deadlines (home page),
//! a case's tasks and reminders, and the in-page answer to a refused case form.

use crate::error::AppError;
use crate::forms::cases::TaskForm;
use crate::forms::non_empty;
use crate::forms::typed;
use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout::csrf;
use crate::AppState;
use axum::http::StatusCode;
use chrono::Days;
use chrono::NaiveDate;
use contacts_core::case::CaseQuery;
use contacts_core::ids::CaseId;
use contacts_core::ids::ContactId;
use contacts_core::store::Store;
use contacts_core::Error;
use maud::html;
use maud::Markup;

/// Open-case deadlines in `[from, from + days)` for the day plan, and (when the window
/// starts today or earlier) overdue open cases on its first day; in date order.
pub(crate) fn deadlines<S: Store>(
    state: &AppState<S>,
    me: &Me,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<(NaiveDate, Markup)>, AppError> {
    let svc = state.service();
    let l = me.lang;
    let end = from
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(from);
    let today = svc.today()?;
    let q = CaseQuery {
        open: Some(true),
        deadline_before: Some(end),
        limit: 10_000,
        ..CaseQuery::default()
    };
    let mut out = Vec::new();
    for c in svc.cases(&me.actor, &q)? {
        let Some(d) = c.data.deadline else { continue };
        let overdue = d < today;
        let shown = if d >= from {
            d
        } else if from <= today {
            from
        } else {
            continue;
        };
        let m = html! {
            span.time { (l.t(msg!("agenda.all_day"))) } " "
            span class=(if overdue { "badge danger" } else { "badge" }) {
                (l.t(if overdue { msg!("case.overdue") } else { msg!("case.deadline") }))
            }
            " " a href=(crate::paths::Case { id: c.id }) { (c.number) } " " (c.data.title)
            @if overdue { " " span.muted { "(" (l.fmt(svc).date(d)) ")" } }
        };
        out.push((shown, m));
    }
    out.sort_by_key(|(d, _)| *d);
    Ok(out)
}

/// A field the form is sent back for: its name, why, the status to answer with, and for
/// a name that matched several contacts (or none) the candidates to choose from.
pub(crate) struct FieldError {
    pub field: String,
    pub reason: String,
    pub status: StatusCode,
    pub candidates: Vec<contacts_core::model::Contact>,
}

impl FieldError {
    /// Why, in the reader's language (the core words its reasons in English).
    pub(crate) fn said(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::reasons::reason_in(lang, &self.reason)
    }

    pub(crate) fn new(field: &str, reason: impl Into<String>, status: StatusCode) -> FieldError {
        FieldError {
            field: field.to_string(),
            reason: reason.into(),
            status,
            candidates: Vec::new(),
        }
    }
}

/// What a case form gives back: a field to show the form again for, or another error.
pub(crate) enum Refusal {
    Field(FieldError),
    Other(AppError),
}

/// A core error as a refusal of `field` when it is about the form's input: invalid
/// values, a stale version, and (for a field holding an id) something not found.
pub(crate) fn refusal(field: Option<&str>, e: Error) -> Refusal {
    match e {
        Error::Invalid { field, reason } => Refusal::Field(FieldError::new(
            &field,
            reason,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Error::Conflict(reason) => {
            Refusal::Field(FieldError::new("version", reason, StatusCode::CONFLICT))
        }
        Error::NotFound { what } if field.is_some() => Refusal::Field(FieldError::new(
            field.unwrap_or_default(),
            format!("{what} not found"),
            StatusCode::NOT_FOUND,
        )),
        other => Refusal::Other(AppError::Core(other)),
    }
}

pub(crate) fn at_of<S: Store>(
    state: &AppState<S>,
    v: &Option<String>,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => Ok(Some(state.service().local_to_utc(s)?)),
    }
}

/// The cases of a counterparty and a link that opens a new one, for its contact page.
pub(crate) fn cases_of<S: Store>(state: &AppState<S>, me: &Me, org: ContactId) -> Markup {
    let l = me.lang;
    let fm = l.fmt(state.service());
    let q = CaseQuery {
        counterparty: Some(org),
        limit: 100,
        ..CaseQuery::default()
    };
    let cases = state.service().cases(&me.actor, &q).unwrap_or_default();
    html! {
        div.card #cases {
            h2 { (l.t(msg!("case.list"))) }
            @if cases.is_empty() { p.muted { (l.t(msg!("case.none"))) } }
            ul.plain {
                @for c in &cases {
                    li {
                        a href=(crate::paths::Case { id: c.id }) { (c.number) } " " (c.data.title) " "
                        span.badge { (l.t(if c.status.is_open() { msg!("case.open_one") } else { msg!("case.closed_one") })) }
                        @if let Some(d) = c.data.deadline { " " span.muted { (l.t(msg!("case.deadline"))) ": " (fm.date(d)) } }
                    }
                }
            }
            a.button href=(crate::paths::CaseNew.with_query(crate::paths::CaseWith { counterparty: org })) { (l.t(msg!("case.new"))) }
        }
    }
}

/// The case's reminders and tasks with a form for a new one; `kept` and `err` show a
/// refused form again.
pub(crate) fn case_tasks<S: Store>(
    state: &AppState<S>,
    me: &Me,
    case: CaseId,
    kept: Option<&TaskForm>,
    err: Option<&FieldError>,
) -> Markup {
    let l = me.lang;
    let svc = state.service();
    let fm = l.fmt(svc);
    let list = svc.case_reminders(&me.actor, case).unwrap_or_default();
    let users = svc.user_directory(&me.actor).unwrap_or_default();
    let f = kept.cloned().unwrap_or_default();
    let at = f.at.clone().unwrap_or_else(|| {
        svc.utc_to_local(svc.now())
            .map(|t| fm.local_datetime(t))
            .unwrap_or_default()
    });
    let assignee = f.assignee.clone().unwrap_or_default();
    let bad = |n: &str| err.is_some_and(|e| e.field == n);
    html! {
        div.card #tasks {
            h2 { (l.t(msg!("cf.tasks"))) }
            p.muted { (l.t(msg!("cf.tasks_help"))) }
            (error_line(me, err))
            (crate::view::reminders::reminder_table(me, &fm, &list))
            form.toolbar #task-form method="post" action=(crate::paths::CaseReminders { id: case }) {
                (csrf(me))
                input name="at" value=(at) required maxlength="30" placeholder=(fm.datetime_placeholder())
                    aria-label=(l.t(msg!("rem.due"))) class=[bad("at").then_some("invalid")] aria-invalid=[bad("at").then_some("true")];
                input name="text" value=(typed(&f.text)) required maxlength="2000" placeholder=(l.t(msg!("rem.text")))
                    aria-label=(l.t(msg!("rem.text"))) class=[bad("text").then_some("invalid")] aria-invalid=[bad("text").then_some("true")];
                select name="assignee" aria-label=(l.t(msg!("rem.assignee"))) class=[bad("assignee").then_some("invalid")] {
                    option value="" { (l.t(msg!("rem.nobody"))) }
                    @for u in users.iter().filter(|u| !u.disabled) {
                        option value=(u.name) selected[u.name == assignee] { (u.name) }
                    }
                }
                button type="submit" { (l.t(msg!("rem.set"))) }
            }
        }
    }
}

pub(crate) fn error_line(me: &Me, err: Option<&FieldError>) -> Markup {
    html! {
        @if let Some(e) = err {
            p.error #form-error role="alert" { (me.lang.t(msg!("cf.not_saved"))) " " (e.said(me.lang)) }
        }
    }
}
