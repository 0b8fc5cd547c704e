//! Meetings as other pages show them: on a contact's card, on a case, and the card of a
//! contact's birthday and name-day alerts.

use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout::csrf;
use crate::view::links::contact_link;
use crate::view::refused::Marks;
use crate::view::refused::Refused;
use crate::AppState;
use contacts_core::ids::CaseId;
use contacts_core::ids::ContactId;
use contacts_core::service::MeetingFilter;
use contacts_core::service::MeetingView;
use contacts_core::service::MAX_ALERT_DAYS;
use contacts_core::store::OccasionAlertKind;
use contacts_core::store::Store;
use maud::html;
use maud::Markup;

/// The meetings card of a contact page.
pub(crate) fn contact_meetings<S: Store>(state: &AppState<S>, me: &Me, c: ContactId) -> Markup {
    let filter = MeetingFilter {
        contact: Some(c),
        ..MeetingFilter::default()
    };
    let list = state
        .service()
        .meetings(&me.actor, &filter)
        .unwrap_or_default();
    let l = me.lang;
    html! {
        div.card #meetings {
            h2 { (l.t(msg!("mtg.title"))) }
            (meeting_table(me, &list))
            p { a href=(crate::paths::MeetingNew.with_query(crate::paths::MeetingWith { contact: c })) { "＋ " (l.t(msg!("mtg.new"))) } }
        }
    }
}

/// The meetings card of a case page.
pub(crate) fn case_meetings<S: Store>(
    state: &AppState<S>,
    me: &Me,
    case: CaseId,
    number: &str,
) -> Markup {
    let filter = MeetingFilter {
        case: Some(case),
        ..MeetingFilter::default()
    };
    let list = state
        .service()
        .meetings(&me.actor, &filter)
        .unwrap_or_default();
    let l = me.lang;
    let link = crate::paths::MeetingNew.with_query(crate::paths::MeetingOnCase {
        case: number.to_string(),
    });
    html! {
        div.card #meetings {
            h2 { (l.t(msg!("mtg.title"))) }
            (meeting_table(me, &list))
            p { a href=(link) { "＋ " (l.t(msg!("mtg.new"))) } }
        }
    }
}

/// The occasion alerts card of a contact page: days before the birthday and the name-day.
pub(crate) fn alerts_card<S: Store>(
    state: &AppState<S>,
    me: &Me,
    c: ContactId,
    refused: Option<&Refused>,
) -> Markup {
    let alerts = state
        .service()
        .occasion_alerts(&me.actor, Some(c))
        .unwrap_or_default();
    let days = |k: OccasionAlertKind| {
        alerts
            .iter()
            .find(|a| a.kind == k)
            .map(|a| a.days_before.to_string())
            .unwrap_or_default()
    };
    let l = me.lang;
    let m = Marks::of(refused, "alerts");
    html! {
        div.card #alerts {
            h2 { (l.t(msg!("alert.title"))) }
            form.toolbar method="post" action=(crate::paths::ContactAlerts { id: c }) {
                (csrf(me))
                @for (name, key, kind, icon) in [("birthday", msg!("alert.birthday"), OccasionAlertKind::Birthday, "🎂 "), ("nameday", msg!("alert.nameday"), OccasionAlertKind::Nameday, "💐 ")] {
                    @let stored = days(kind);
                    label { (icon) (l.t(key)) " "
                        input type="number" name=(name) min="0" max=(MAX_ALERT_DAYS) value=(m.value_or(name, &stored))
                            class=[m.class(name)] aria-invalid=[m.invalid(name)] aria-describedby=[m.described(name)];
                        " " (l.t(msg!("alert.days_before")))
                        (m.error(name))
                    }
                }
                button type="submit" { (l.t(msg!("alert.save"))) }
            }
            p.muted { (l.t(msg!("alert.help"))) }
        }
    }
}

/// A table of meetings with links to change them.
pub(crate) fn meeting_table(me: &Me, list: &[MeetingView]) -> Markup {
    let l = me.lang;
    html! {
        @if list.is_empty() { p.muted { (l.t(msg!("mtg.none"))) } } @else {
            table.list.meetings {
                thead { tr {
                    th { (l.t(msg!("mtg.start"))) } th { (l.t(msg!("mtg.minutes"))) } th { (l.t(msg!("mtg.title_f"))) }
                    th { (l.t(msg!("mtg.place"))) } th { (l.t(msg!("mtg.participants"))) } th { (l.t(msg!("mtg.on"))) }
                } }
                tbody { @for m in list {
                    tr {
                        td { a href=(crate::paths::Meeting { id: m.meeting.id }) { (contacts_core::format::local_datetime(l.language(), m.start_local)) } }
                        td { (m.meeting.minutes) }
                        td { (m.meeting.title) }
                        td { (m.meeting.place) }
                        td { (m.participants.join(", ")) }
                        td {
                            @if let Some(c) = &m.contact { (contact_link(c.id, &c.name)) " " }
                            @if let (Some((number, _)), Some(id)) = (&m.case, m.meeting.case) { a href=(crate::paths::Case { id }) { (number) } }
                        }
                    }
                } }
            }
        }
    }
}
