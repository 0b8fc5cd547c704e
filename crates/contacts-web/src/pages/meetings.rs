//! Meeting pages (plan, change, remove; the list of one's meetings), the meetings cards of
//! a contact and a case, and the occasion alerts form of a contact. Every rule is the core's.

use crate::parts::meetings::meeting_table;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::ids::{ContactId, MeetingId};
use contacts_core::service::{parse_alert_days, MeetingFilter, MeetingInput, MeetingView};
use contacts_core::store::{OccasionAlertKind, Store};
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::ids::meeting_id;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf, post_button, Tab};
use crate::view::refused::{unprocessable, Refused};
use crate::AppState;

/// What the meeting form holds, as typed.
#[derive(Debug, Clone, Default)]
struct MeetingForm {
    title: String,
    start: String,
    minutes: String,
    place: String,
    contact: String,
    case: String,
    participants: Vec<String>,
    version: String,
}

impl MeetingForm {
    fn from_pairs(pairs: &[(String, String)]) -> MeetingForm {
        let mut f = MeetingForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "title" => f.title = v.clone(),
                "start" => f.start = v.clone(),
                "minutes" => f.minutes = v.clone(),
                "place" => f.place = v.clone(),
                "contact" => f.contact = v.clone(),
                "case" => f.case = v.clone(),
                "participant" => f.participants.push(v.clone()),
                "version" => f.version = v.clone(),
                _ => {}
            }
        }
        f
    }

    fn from_view(m: &MeetingView, fm: &contacts_core::format::Formatter) -> MeetingForm {
        MeetingForm {
            title: m.meeting.title.clone(),
            start: fm.local_datetime(m.start_local),
            minutes: m.meeting.minutes.to_string(),
            place: m.meeting.place.clone(),
            contact: m.meeting.contact.map(|c| c.to_string()).unwrap_or_default(),
            case: m.case.as_ref().map(|c| c.0.clone()).unwrap_or_default(),
            participants: m.participants.clone(),
            version: m.meeting.version.to_string(),
        }
    }

    /// The core's input; a value that does not parse is an error naming its field.
    fn input<S: Store>(&self, state: &AppState<S>, me: &Me) -> Result<MeetingInput, Error> {
        let svc = state.service();
        let start = svc
            .local_to_utc(&self.start.trim().replace('T', " "))
            .map_err(|e| match e {
                Error::Invalid { reason, .. } => Error::invalid("start", reason),
                other => other,
            })?;
        let minutes = match self.minutes.trim() {
            "" => 60,
            m => m.parse::<u32>().map_err(|_| {
                Error::invalid("minutes", format!("'{m}' is not a number of minutes"))
            })?,
        };
        let contact = match self.contact.trim() {
            "" => None,
            c => Some(
                c.parse::<ContactId>()
                    .map_err(|_| Error::invalid("contact", format!("'{c}' is not a contact id")))?,
            ),
        };
        let case = match self.case.trim() {
            "" => None,
            c => Some(
                svc.find_case(&me.actor, c)
                    .map_err(|_| Error::invalid("case", format!("no case '{c}'")))?
                    .id,
            ),
        };
        Ok(MeetingInput {
            title: self.title.clone(),
            start,
            minutes,
            place: self.place.clone(),
            contact,
            case,
            participants: self.participants.clone(),
        })
    }
}

fn form_page<S: Store>(
    state: &AppState<S>,
    me: &Me,
    f: &MeetingForm,
    id: Option<MeetingId>,
    error: Option<(String, String)>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let users = state.service().user_directory(&me.actor)?;
    let action = match id {
        Some(id) => crate::paths::Meeting { id }.to_string(),
        None => "/meetings".to_string(),
    };
    let title = l.t(if id.is_some() {
        msg!("mtg.edit")
    } else {
        msg!("mtg.new")
    });
    let fm = l.fmt(state.service());
    // A refusal: the field at fault marked, its reason beside it in the reader's language
    // (a fault of no field of the form above it), everything typed kept.
    let fields = ["title", "start", "minutes", "place", "contact", "case"];
    let error = error.map(|(field, reason)| {
        let field = match field.as_str() {
            "participant" | "participants" => "participants".to_string(),
            f if fields.contains(&f) => f.to_string(),
            _ => String::new(),
        };
        (field, crate::i18n::reasons::reason_in(l, &reason))
    });
    let bad = |name: &str| error.as_ref().is_some_and(|(f, _)| f == name);
    let note = |name: &str| match error.as_ref().filter(|(f, _)| f == name) {
        Some((_, why)) => {
            html! { span.field-error id={"meeting-" (name) "-error"} role="alert" { (why) } }
        }
        None => html! {},
    };
    let field = |label: &str, name: &str, value: &str, extra: Markup| {
        html! {
            label { (label)
                input name=(name) value=(value)
                    class=[bad(name).then_some("invalid")] aria-invalid=[bad(name).then_some("true")]
                    aria-describedby=[bad(name).then(|| format!("meeting-{name}-error"))];
                (extra)
                (note(name))
            }
        }
    };
    let body = html! {
        div.card {
            h1 { (title) }
            @if let Some((_, why)) = error.as_ref().filter(|(f, _)| f.is_empty() || f == "participants") {
                p.error #form-error role="alert" { (l.t(msg!("cf.not_saved"))) " " (why) }
            }
            form.grid method="post" action=(action) {
                (csrf(me))
                @if id.is_some() { input type="hidden" name="version" value=(f.version); }
                (field(l.t(msg!("mtg.title_f")), "title", &f.title, html! {}))
                label { (l.t(msg!("mtg.start")))
                    input name="start" required value=(f.start)
                        pattern=(contacts_core::format::DATETIME_PATTERN) placeholder=(fm.datetime_placeholder()) size="16"
                        class=[bad("start").then_some("invalid")] aria-invalid=[bad("start").then_some("true")]
                        aria-describedby=[bad("start").then_some("meeting-start-error")];
                    (note("start"))
                }
                (field(l.t(msg!("mtg.minutes")), "minutes", &f.minutes, html! {}))
                (field(l.t(msg!("mtg.place")), "place", &f.place, html! {}))
                (field(l.t(msg!("mtg.contact")), "contact", &f.contact, html! {}))
                (field(l.t(msg!("mtg.case")), "case", &f.case, html! {}))
                fieldset {
                    legend { (l.t(msg!("mtg.participants"))) }
                    @for u in users.iter().filter(|u| !u.disabled || f.participants.contains(&u.name)) {
                        label.check {
                            input type="checkbox" name="participant" value=(u.name) checked[f.participants.contains(&u.name)];
                            " " (u.name)
                        }
                    }
                }
                div.actions { button type="submit" #save { (l.t(msg!("mtg.save"))) } }
            }
            @if let Some(id) = id {
                (post_button(me, &crate::paths::MeetingDelete { id }.to_string(), l.t(msg!("mtg.delete")), "danger"))
            }
        }
    };
    Ok(layout::page(me, Tab::None, title, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewParams {
    contact: Option<String>,
    case: Option<String>,
}

pub(crate) async fn new_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<NewParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let mut f = MeetingForm {
        start: {
            let now = svc.utc_to_local(svc.now())?;
            let hour = now
                .date()
                .and_hms_opt(chrono::Timelike::hour(&now), 0, 0)
                .unwrap_or(now);
            me.lang.fmt(svc).local_datetime(hour)
        },
        minutes: "60".into(),
        participants: vec![me.actor.name().to_string()],
        ..MeetingForm::default()
    };
    if let Some(c) = p.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        // A contact the actor may not see is not found, not a form for it.
        let id = crate::forms::ids::contact_id(c)?;
        svc.get(&me.actor, id)?;
        f.contact = id.to_string();
    }
    if let Some(c) = p.case.as_deref().filter(|c| !c.trim().is_empty()) {
        f.case = svc.find_case(&me.actor, c)?.number;
    }
    form_page(&state, &me, &f, None, None)
}

fn after_save(m: &MeetingView) -> String {
    match (m.meeting.contact, m.meeting.case) {
        (Some(c), _) => format!("{}#meetings", crate::paths::Contact { id: c }),
        (None, Some(c)) => format!("{}#meetings", crate::paths::Case { id: c }),
        _ => "/meetings".into(),
    }
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = MeetingForm::from_pairs(&pairs);
    let result = f
        .input(&state, &me)
        .and_then(|i| state.service().add_meeting(&me.actor, &i));
    match result {
        Ok(m) => Ok(layout::done(&after_save(&m), msg!("flash.saved")).into_response()),
        Err(Error::Invalid { field, reason }) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &me, &f, None, Some((field, reason)))?,
        )
            .into_response()),
        Err(e) => Err(AppError::Core(e)),
    }
}

pub(crate) async fn edit_form<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let m = state.service().meeting(&me.actor, meeting_id(&id)?)?;
    form_page(
        &state,
        &me,
        &MeetingForm::from_view(&m, &me.lang.fmt(state.service())),
        Some(m.meeting.id),
        None,
    )
}

pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = meeting_id(&id)?;
    // Visibility first: a hidden meeting is not found whatever the form holds.
    svc.meeting(&me.actor, id)?;
    let f = MeetingForm::from_pairs(&pairs);
    let result = f.input(&state, &me).and_then(|i| {
        let version = f
            .version
            .trim()
            .parse::<u64>()
            .map_err(|_| Error::invalid("version", "missing"))?;
        svc.update_meeting(&me.actor, id, version, &i)
    });
    match result {
        Ok(m) => Ok(layout::done(&after_save(&m), msg!("flash.saved")).into_response()),
        Err(Error::Invalid { field, reason }) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &me, &f, Some(id), Some((field, reason)))?,
        )
            .into_response()),
        Err(Error::Conflict(reason)) => Ok((
            StatusCode::CONFLICT,
            form_page(&state, &me, &f, Some(id), Some(("version".into(), reason)))?,
        )
            .into_response()),
        Err(e) => Err(AppError::Core(e)),
    }
}

pub(crate) async fn remove<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    state
        .service()
        .delete_meeting(&me.actor, meeting_id(&id)?)?;
    Ok(layout::done("/meetings", msg!("flash.removed")))
}

/// The actor's meetings from today on (or all with `all=1`).
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    all: Option<String>,
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ListParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let today = svc.today()?;
    let from = svc.local_to_utc(&format!("{today} 00:00")).ok();
    let all = p.all.as_deref().is_some_and(|a| !a.is_empty());
    let filter = MeetingFilter {
        mine: !all,
        from,
        ..MeetingFilter::default()
    };
    let list = svc.meetings(&me.actor, &filter)?;
    let title = l.t(msg!("mtg.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            p.toolbar {
                a href="/meetings/new" { "＋ " (l.t(msg!("mtg.new"))) }
                " · "
                @if all { a href="/meetings" { (l.t(msg!("mtg.mine"))) } } @else { a href="/meetings?all=1" { (l.t(msg!("mtg.all"))) } }
            }
            (meeting_table(&me, &list))
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct AlertsForm {
    birthday: Option<String>,
    nameday: Option<String>,
}

pub(crate) async fn set_alerts<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<AlertsForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let id = crate::forms::ids::contact_id(&id)?;
    svc.get(&me.actor, id)?;
    // Both values are read and checked before the one core call writes them together, so
    // a refused one saves nothing.
    let typed = |v: &Option<String>| v.as_deref().unwrap_or("").to_string();
    let saved = parse_alert_days("birthday", &typed(&f.birthday))
        .and_then(|b| Ok((b, parse_alert_days("nameday", &typed(&f.nameday))?)))
        .and_then(|(birthday, nameday)| {
            svc.set_occasion_alerts(
                &me.actor,
                id,
                &[
                    (OccasionAlertKind::Birthday, birthday),
                    (OccasionAlertKind::Nameday, nameday),
                ],
            )
        })
        .map_err(AppError::from);
    match saved {
        Ok(_) => Ok(layout::done(
            &format!("{}#alerts", crate::paths::Contact { id }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(e) => {
            let fields = [("birthday", "birthday"), ("nameday", "nameday")];
            let r = Refused::of("alerts", e, me.lang, &fields, "birthday")?.keep_all([
                ("birthday", f.birthday.as_deref().unwrap_or("")),
                ("nameday", f.nameday.as_deref().unwrap_or("")),
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
