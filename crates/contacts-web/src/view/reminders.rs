//! TODO

use crate::session::auth::Me;
use crate::view::layout::post_button;
use crate::view::links::book_badge;
use crate::view::links::contact_link;
use crate::view::links::occasion_text;
use chrono::NaiveTime;
use contacts_core::format::Formatter;
use contacts_core::service::AgendaEntry;
use contacts_core::service::AgendaItem;
use contacts_core::service::ReminderView;
use maud::html;
use maud::Markup;

pub(crate) fn reminder_actions(me: &Me, r: &ReminderView) -> Markup {
    let l = me.lang;
    html! {
        @if r.reminder.done_by.is_none() {
            @if r.can_take {
                (post_button(me, &crate::paths::ReminderTake { id: r.reminder.id }.to_string(), l.t(msg!("rem.take")), "secondary"))
            }
            (post_button(me, &crate::paths::ReminderDone { id: r.reminder.id }.to_string(), l.t(msg!("rem.done")), ""))
        }
    }
}

pub(crate) fn reminder_table(me: &Me, fm: &Formatter, list: &[ReminderView]) -> Markup {
    let l = me.lang;
    html! {
        @if list.is_empty() { p.muted { (l.t(msg!("rem.none"))) } } @else {
            table.list {
                thead { tr {
                    th { (l.t(msg!("rem.due"))) } th { (l.t(msg!("rem.text"))) } th { (l.t(msg!("rem.contact"))) }
                    th { (l.t(msg!("rem.assignee"))) } th { (l.t(msg!("rem.created_by"))) } th {}
                } }
                tbody { @for r in list { (reminder_row(me, fm, r)) } }
            }
        }
    }
}

pub(crate) fn agenda_line(me: &Me, item: &AgendaItem) -> Markup {
    let l = me.lang;
    let time = |t: Option<NaiveTime>| match t {
        Some(t) => t.format("%H:%M").to_string(),
        None => l.t(msg!("agenda.all_day")).to_string(),
    };
    html! {
        span.time { (time(item.time)) } " "
        @match &item.entry {
            AgendaEntry::Reminder(r) => {
                span class=(if r.overdue { "badge danger" } else { "badge" }) {
                    (l.t(if r.overdue { msg!("rem.overdue") } else { msg!("agenda.reminder") }))
                }
                " " (r.reminder.text) " · " (contact_link(r.contact.id, &r.contact.name))
                @if let Some((id, number)) = &r.case { " · " a href=(crate::paths::Case { id: *id }) { (number) } }
                @if let Some(a) = &r.assignee { " · " span.muted { "→ " (a) } }
                " " (reminder_actions(me, r))
            }
            AgendaEntry::Occasion(o) => {
                (occasion_text(l, o)) " · " (contact_link(o.contact.id, &o.contact.name))
            }
            AgendaEntry::Meeting(m) => {
                span.badge.meeting { (l.t(msg!("agenda.meeting"))) }
                " " a href=(crate::paths::Meeting { id: m.meeting.id }) { (m.meeting.title) }
                " · " (m.meeting.minutes) " min"
                @if !m.meeting.place.is_empty() { " · 📍 " (m.meeting.place) }
                @if let Some(c) = &m.contact { " · " (contact_link(c.id, &c.name)) }
                @if let (Some((number, _)), Some(id)) = (&m.case, m.meeting.case) { " · " a href=(crate::paths::Case { id }) { (number) } }
                " " span.muted { "👥 " (m.participants.join(", ")) }
            }
            AgendaEntry::Alert(a) => {
                span.badge { "⏰ " (a.days_before) " " (l.t(msg!("agenda.days_before"))) }
                " "
                @match a.kind {
                    contacts_core::store::OccasionAlertKind::Birthday => { "🎂 " (l.t(msg!("upc.birthday"))) }
                    contacts_core::store::OccasionAlertKind::Nameday => { "💐 " (l.t(msg!("upc.nameday"))) }
                }
                " " (contacts_core::format::date(l.language(), a.occasion_date)) " · " (contact_link(a.contact.id, &a.contact.name))
            }
            _ => {}
        }
    }
}

pub(crate) fn reminder_row(me: &Me, fm: &Formatter, r: &ReminderView) -> Markup {
    let l = me.lang;
    html! {
        tr class=(if r.overdue { "overdue" } else { "" }) {
            td { (fm.local_datetime(r.due_local))
                @if r.overdue { " " span.badge.danger { (l.t(msg!("rem.overdue"))) } } }
            td { (r.reminder.text) }
            td { (contact_link(r.contact.id, &r.contact.name)) " " (book_badge(l, r.contact.book))
                @if let Some((id, number)) = &r.case { " · " a href=(crate::paths::Case { id: *id }) { (number) } } }
            td { (r.assignee.as_deref().unwrap_or("—")) }
            td.muted { (r.created_by) }
            td {
                @if let Some(by) = &r.done_by {
                    "✔ " (by)
                    @if let Some(at) = r.reminder.done_at { " · " (fm.datetime(at)) }
                } @else { (reminder_actions(me, r)) }
            }
        }
    }
}
