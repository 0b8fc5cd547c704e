//! Downloads for printing and spreadsheets: each report as CSV (the core's
//! [`contacts_core::report`] rules), as a PDF and (API only) as JSON, a case and a contact
//! card as a PDF (`contacts-print`), for pages (`/reports/{file}`, `/cases/{id}/pdf`,
//! `/contacts/{id}/pdf`) and the API (`/api/v1/reports/{file}`, `/api/v1/cases/{case}/pdf`,
//! `/api/v1/contacts/{id}/pdf`). Access is the core's: a case comes from
//! `Service::open_case` for the actor (what they may not see is "not found"), reports from
//! the report calls.
//!
//! A file is `forecast.csv`, `forecast.pdf`, `overdue.csv`, `overdue.pdf`, `activity.csv` or
//! `activity.pdf`, and in the API also `forecast.json`, `overdue.json`, `activity.json`
//! (`contacts_wire::ReportTable`); activity takes `from` and `to` (default: this month up to
//! today).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use contacts_core::format::{self, Formatter};
use contacts_core::ids::CaseId;
use contacts_core::model::Language;
use contacts_core::service::{Actor, CaseView, ReportKind, Service};
use contacts_core::store::Store;
use contacts_core::Error;
use serde::Deserialize;

use crate::error::{ApiError, AppError};
use crate::session::auth::{ApiMe, Me};
use crate::view::stored::{content_disposition, STORED_BYTES_CSP};
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodParams {
    from: Option<String>,
    to: Option<String>,
}

/// CSV, PDF, or (API only) JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Pdf,
    Json,
}

/// The report and the file kind a file name asks for; anything else is "not found".
fn parse_file<S: Store>(
    svc: &Service<S>,
    file: &str,
    p: &PeriodParams,
) -> Result<(ReportKind, Kind), Error> {
    let (name, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| Error::not_found("report"))?;
    let kind = match ext {
        "csv" => Kind::Csv,
        "pdf" => Kind::Pdf,
        "json" => Kind::Json,
        _ => return Err(Error::not_found("report")),
    };
    let report = match name {
        "forecast" => ReportKind::Forecast,
        "overdue" => ReportKind::Overdue,
        "activity" => {
            let day = |v: &Option<String>, field: &str| -> Result<Option<NaiveDate>, Error> {
                match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    None => Ok(None),
                    Some(s) => format::parse_date(field, s).map(Some),
                }
            };
            let today = svc.today()?;
            let from = day(&p.from, "from")?.unwrap_or(today.with_day(1).unwrap_or(today));
            let to = day(&p.to, "to")?.unwrap_or(today);
            ReportKind::Activity { from, to }
        }
        _ => return Err(Error::not_found("report")),
    };
    Ok((report, kind))
}

fn attachment(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, content_disposition(name)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(STORED_BYTES_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn print_failed(e: contacts_print::PrintError) -> Error {
    Error::backend(e)
}

fn report_file<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    fm: &Formatter,
    file: &str,
    p: &PeriodParams,
    json: bool,
) -> Result<Response, Error> {
    let (report, kind) = parse_file(svc, file, p)?;
    if kind == Kind::Json && !json {
        return Err(Error::not_found("report"));
    }
    let table = svc.report_table(actor, report)?;
    Ok(match kind {
        Kind::Json => axum::Json(contacts_wire::ReportTable::from(&table)).into_response(),
        Kind::Csv => attachment(
            "text/csv; charset=utf-8",
            &table.file_name("csv"),
            table.to_csv(),
        ),
        Kind::Pdf => attachment(
            "application/pdf",
            &table.file_name("pdf"),
            contacts_print::report_pdf(&table, fm, svc.now()).map_err(print_failed)?,
        ),
    })
}

fn case_file<S: Store>(
    svc: &Service<S>,
    fm: &Formatter,
    actor: &Actor,
    v: &CaseView,
) -> Result<Response, Error> {
    let users: std::collections::HashMap<_, _> = svc
        .user_directory(actor)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id| users.get(&id).cloned().unwrap_or_default();
    let pdf = contacts_print::case_pdf(v, fm, &name, svc.now()).map_err(print_failed)?;
    Ok(attachment(
        "application/pdf",
        &contacts_print::case_file_name(&v.case.number),
        pdf,
    ))
}

/// A contact card as a PDF, from the core's [`Service::contact_sheet`] for the actor.
fn contact_file<S: Store>(
    svc: &Service<S>,
    fm: &Formatter,
    actor: &Actor,
    id: &str,
) -> Result<Response, Error> {
    let id = crate::forms::ids::contact_id(id).map_err(|_| Error::not_found("contact"))?;
    let sheet = svc.contact_sheet(actor, id)?;
    let pdf = contacts_print::contact_pdf(&sheet, fm, svc.now()).map_err(print_failed)?;
    Ok(attachment(
        "application/pdf",
        &contacts_print::contact_file_name(id),
        pdf,
    ))
}

/// `GET /contacts/{id}/pdf`.
pub(crate) async fn contact_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let fm = me.lang.fmt(svc);
    Ok(contact_file(svc, &fm, &me.actor, &id)?)
}

/// `GET /api/v1/contacts/{id}/pdf`.
pub(crate) async fn contact_api<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let svc = state.service();
    let fm = api_formatter(svc, &me.actor);
    Ok(contact_file(svc, &fm, &me.actor, &id)?)
}

pub(crate) async fn report_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(file): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let fm = me.lang.fmt(svc);
    Ok(report_file(svc, &me.actor, &fm, &file, &p, false)?)
}

pub(crate) async fn case_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id: CaseId = id
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("case")))?;
    let v = svc.open_case(&me.actor, id)?;
    let fm = me.lang.fmt(svc);
    Ok(case_file(svc, &fm, &me.actor, &v)?)
}

/// The API's language: the user's, else the installation's.
fn api_formatter<S: Store>(svc: &Service<S>, actor: &Actor) -> Formatter {
    let lang = actor
        .language()
        .unwrap_or_else(|| svc.installation_language().unwrap_or(Language::English));
    svc.formatter(lang)
        .unwrap_or_else(|_| Formatter::default_zone(lang))
}

pub(crate) async fn report_api<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(file): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Result<Response, ApiError> {
    let svc = state.service();
    let fm = api_formatter(svc, &me.actor);
    Ok(report_file(svc, &me.actor, &fm, &file, &p, true)?)
}

pub(crate) async fn case_api<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let svc = state.service();
    let case = svc.find_case(&me.actor, &key)?;
    let v = svc.open_case(&me.actor, case.id)?;
    let fm = api_formatter(svc, &me.actor);
    Ok(case_file(svc, &fm, &me.actor, &v)?)
}
