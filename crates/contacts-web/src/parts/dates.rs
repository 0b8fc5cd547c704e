//! Reminders and occasions as other pages show them: the reminder table and its
//! actions, an agenda line, and the dates section of a contact's card.

use crate::i18n::Lang;
use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout;
use crate::view::layout::csrf;
use crate::view::refused::Marks;
use crate::view::refused::Refused;
use crate::view::reminders::reminder_table;
use crate::AppState;
use contacts_core::date::MonthDay;
use contacts_core::model::Contact;
use contacts_core::model::ContactKind;
use contacts_core::model::MAX_LABEL_CHARS;
use contacts_core::model::MAX_LINE_CHARS;
use contacts_core::model::MAX_TEXT_BYTES;
use contacts_core::nameday::NamedayChoice;
use contacts_core::service::Due;
use contacts_core::service::ReminderFilter;
use contacts_core::store::Store;
use maud::html;
use maud::Markup;

/// The name-day, reminders and (business book) history of a contact, with the forms that
/// set a reminder and add a history entry. Shown on the contact page.
pub fn contact_section<S: Store>(
    state: &AppState<S>,
    me: &Me,
    c: &Contact,
    refused: Option<&Refused>,
) -> Markup {
    let svc = state.service();
    let l = me.lang;
    let filter = ReminderFilter {
        mine: false,
        due: Due::All,
        contact: Some(c.id),
    };
    let reminders = svc
        .reminders(&me.actor, &filter, svc.now())
        .unwrap_or_default();
    let info = if c.data.kind == ContactKind::Person {
        svc.nameday_info(&me.actor, c.id).ok()
    } else {
        None
    };
    let users = svc.user_directory(&me.actor).unwrap_or_default();
    let history = if c.book.is_business() {
        svc.history(&me.actor, c.id).ok()
    } else {
        None
    };
    let kinds = svc.history_kinds().unwrap_or_default();
    let now_local = svc.utc_to_local(svc.now()).ok();
    let fm = l.fmt(svc);
    let names: std::collections::HashMap<_, _> =
        users.iter().map(|u| (u.id, u.name.clone())).collect();
    html! {
        (crate::parts::duplicates::merge_notice(state, me, c))
        @if let Some(info) = &info {
            div.card #nameday {
                h2 { (l.t(msg!("nd.contact"))) }
                @if let Some(d) = info.effective {
                    p #nameday-effective { "💐 " a href=(crate::paths::Namedays.with_query(crate::paths::OnDate { date: d.to_string(), days: None })) { (day_label(l, d)) } }
                } @else if let NamedayChoice::Ambiguous(_) = info.derived {
                    p.muted { (l.t(msg!("nd.ambiguous"))) }
                } @else { p.muted { (l.t(msg!("nd.no_day"))) } }
                @if info.candidates.len() > 1 {
                    p { (l.t(msg!("nd.candidates"))) " "
                        @for (i, d) in info.candidates.iter().enumerate() {
                            @if i > 0 { ", " }
                            @if Some(*d) == info.effective { strong { (day_label(l, *d)) } } @else { (day_label(l, *d)) }
                        }
                    }
                    @let m = Marks::of(refused, "nameday");
                    form.toolbar method="post" action=(crate::paths::ContactNameday { id: c.id }) {
                        (csrf(me))
                        input type="hidden" name="version" value=(c.meta.version);
                        select name="day" aria-label=(l.t(msg!("nd.pick")))
                            class=[m.class("day")] aria-invalid=[m.invalid("day")] aria-describedby=[m.described("day")] {
                            option value="" { (l.t(msg!("nd.auto"))) }
                            @for d in &info.candidates {
                                @let chosen = match m.value("day") { Some(v) => v == d.to_string(), None => info.explicit == Some(*d) };
                                option value=(d) selected[chosen] { (day_label(l, *d)) }
                            }
                        }
                        (m.error("day"))
                        button type="submit" { (l.t(msg!("nd.pick"))) }
                    }
                }
            }
        }
        div.card #reminders {
            h2 { (l.t(msg!("rem.title"))) }
            (reminder_table(me, &fm, &reminders))
            @let m = Marks::of(refused, "reminder");
            form.toolbar method="post" action=(crate::paths::ContactReminders { id: c.id }) {
                (csrf(me))
                (layout::datetime_typed(&fm, &m, "at", now_local, l.t(msg!("rem.due")), true))
                (m.inline(l.t(msg!("rem.text")), "text", "", MAX_LINE_CHARS, true))
                select name="assignee" aria-label=(l.t(msg!("rem.assignee")))
                    class=[m.class("assignee")] aria-invalid=[m.invalid("assignee")] aria-describedby=[m.described("assignee")] {
                    option value="" { (l.t(msg!("rem.nobody"))) }
                    @for u in users.iter().filter(|u| !u.disabled) {
                        @if c.book.is_business() || u.id == me.actor.id() {
                            option value=(u.name) selected[m.value("assignee") == Some(u.name.as_str())] { (u.name) }
                        }
                    }
                }
                (m.error("assignee"))
                button type="submit" { (l.t(msg!("rem.set"))) }
            }
        }
        (crate::parts::meetings::contact_meetings(state, me, c.id))
        @if c.data.kind == ContactKind::Person {
            (crate::parts::meetings::alerts_card(state, me, c.id, refused))
        }
        @if c.book.is_business() && c.data.kind == ContactKind::Organisation {
            (crate::parts::cases::cases_of(state, me, c.id))
        }
        @if let Some(history) = &history {
            div.card #history {
                h2 { (l.t(msg!("hist.title"))) }
                @if history.is_empty() { p.muted { (l.t(msg!("hist.none"))) } }
                ul.plain.timeline {
                    @for e in history {
                        li {
                            span.time { (fm.datetime(e.at)) }
                            " " span.badge { (e.kind) } " " (e.text)
                            " " span.muted { "· " (names.get(&e.author).cloned().unwrap_or_default()) }
                            @for f in &e.files { " · 📎 " a href=(crate::paths::HistoryFile { id: f.id }) { (f.name) } }
                            @if me.actor.may_change_history(e) {
                                " · " a href=(crate::paths::HistoryEdit { id: e.id }) { (l.t(msg!("hist.edit"))) }
                            }
                        }
                    }
                }
                @let m = Marks::of(refused, "history");
                form.toolbar method="post" action=(crate::paths::ContactHistory { id: c.id }) enctype="multipart/form-data" {
                    (csrf(me))
                    input name="kind" list="history-kinds" required placeholder=(l.t(msg!("hist.kind"))) aria-label=(l.t(msg!("hist.kind")))
                        value=(m.value_or("kind", "")) maxlength=(MAX_LABEL_CHARS)
                        class=[m.class("kind")] aria-invalid=[m.invalid("kind")] aria-describedby=[m.described("kind")];
                    (m.error("kind"))
                    datalist #history-kinds { @for (k, _) in &kinds { option value=(k) {} } }
                    (layout::datetime_typed(&fm, &m, "at", now_local, l.t(msg!("hist.when")), false))
                    (m.inline(l.t(msg!("hist.text")), "text", "", MAX_TEXT_BYTES, true))
                    (m.file("file", l.t(msg!("ui.max_file")), None, false))
                    button type="submit" { (l.t(msg!("hist.add"))) }
                    span.muted.limit { (l.t(msg!("ui.max_file"))) }
                }
            }
        }
    }
}

pub(crate) fn day_label(l: Lang, d: MonthDay) -> String {
    const KEYS: [crate::i18n::Msg; 12] = [
        msg!("month.1"),
        msg!("month.2"),
        msg!("month.3"),
        msg!("month.4"),
        msg!("month.5"),
        msg!("month.6"),
        msg!("month.7"),
        msg!("month.8"),
        msg!("month.9"),
        msg!("month.10"),
        msg!("month.11"),
        msg!("month.12"),
    ];
    let m = KEYS
        .get(d.month() as usize - 1)
        .map(|k| l.t(*k))
        .unwrap_or("");
    format!("{} {m}", d.day())
}
