//! The home page after sign-in: today's plan, due and overdue reminders, "Solenizanci +7
//! dni", recently changed contacts and the user's open cases with the nearest deadlines.
//! Every section is a bounded service call; each links to its full page.

use axum::extract::State;
use contacts_core::case::CaseQuery;
use contacts_core::service::{AgendaEntry, Due, ListFilter, OccasionKind, ReminderFilter};
use contacts_core::store::{ListSort, Store};
use maud::{html, Markup};

use crate::error::AppError;
use crate::session::auth::Me;
use crate::view::layout::{self, Tab};
use crate::view::links::{contact_link, occasion_text, weekday};
use crate::view::reminders::{agenda_line, reminder_actions};
use crate::AppState;

/// Lines a section shows at most.
pub const SECTION_LIMIT: usize = 10;
/// Open cases of the user read to find the nearest deadlines.
const CASES_READ: usize = 500;

fn section(
    id: &str,
    title: &str,
    more: &str,
    more_label: &str,
    lines: Vec<Markup>,
    empty: &str,
) -> Markup {
    html! {
        section.card id=(id) {
            h2 { (title) }
            @if lines.is_empty() {
                p.muted { (empty) }
            } @else {
                ul.plain { @for m in &lines { li { (m) } } }
            }
            p { a href=(more) { (more_label) " →" } }
        }
    }
}

pub(crate) async fn home<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let fm = l.fmt(svc);
    let now = svc.now();
    let today = svc.today()?;

    // Today's plan: birthdays, name-days and case deadlines of today (reminders have their
    // own section below).
    let mut agenda: Vec<Markup> = svc
        .agenda(&me.actor, today, 1, now)?
        .iter()
        .filter(|i| matches!(i.entry, AgendaEntry::Occasion(_)))
        .take(SECTION_LIMIT)
        .map(|i| agenda_line(&me, i))
        .collect();
    agenda.extend(
        crate::parts::cases::deadlines(&state, &me, today, 1)?
            .into_iter()
            .take(SECTION_LIMIT.saturating_sub(agenda.len()))
            .map(|(_, m)| m),
    );

    // Reminders due today or earlier and not done.
    let filter = ReminderFilter {
        mine: false,
        due: Due::Open,
        contact: None,
    };
    let reminders: Vec<Markup> = svc
        .reminders(&me.actor, &filter, now)?
        .into_iter()
        .filter(|r| r.overdue || r.due_local.date() <= today)
        .take(SECTION_LIMIT)
        .map(|r| {
            html! {
                span class=(if r.overdue { "badge danger" } else { "badge" }) {
                    (fm.local_datetime(r.due_local))
                }
                " " (r.reminder.text) " · " (contact_link(r.contact.id, &r.contact.name))
                " " (reminder_actions(&me, &r))
            }
        })
        .collect();

    // Name-days in the next 7 days.
    let namedays: Vec<Markup> = svc
        .upcoming(&me.actor, today, 7, false, true)?
        .into_iter()
        .filter(|o| matches!(o.kind, OccasionKind::Nameday { .. }))
        .take(SECTION_LIMIT)
        .map(|o| {
            html! {
                span.badge { (fm.date(o.date)) " " (weekday(l, o.date)) }
                " " (occasion_text(l, &o)) " · " (contact_link(o.contact.id, &o.contact.name))
            }
        })
        .collect();

    // Recently changed contacts in both books.
    let recent_filter = ListFilter {
        sort: ListSort::Recent,
        limit: SECTION_LIMIT,
        ..ListFilter::default()
    };
    let recent: Vec<Markup> = svc
        .list(&me.actor, &recent_filter)?
        .into_iter()
        .map(|c| {
            html! {
                span { (crate::view::links::icon(&c.data)) " " (contact_link(c.id, &c.data.display_name())) }
                span.muted { (fm.datetime(c.meta.updated_at)) }
            }
        })
        .collect();

    // The user's open cases, nearest deadline first (cases without one last).
    let q = CaseQuery {
        open: Some(true),
        responsible: Some(me.actor.id()),
        limit: CASES_READ,
        ..CaseQuery::default()
    };
    let mut cases = svc.cases(&me.actor, &q)?;
    cases.sort_by_key(|c| (c.data.deadline.is_none(), c.data.deadline, c.id));
    let cases: Vec<Markup> = cases
        .into_iter()
        .take(SECTION_LIMIT)
        .map(|c| {
            let overdue = c.data.deadline.is_some_and(|d| d < today);
            html! {
                span { a href=(crate::paths::Case { id: c.id }) { (c.number) } " " (c.data.title) }
                @match c.data.deadline {
                    Some(d) => span class=(if overdue { "badge danger" } else { "badge" }) { (fm.date(d)) },
                    None => span.muted { (l.t(msg!("home.no_deadline"))) },
                }
            }
        })
        .collect();

    let title = l.t(msg!("home.title"));
    let nothing = l.t(msg!("home.nothing"));
    let more = l.t(msg!("home.more"));
    let body = html! {
        h1 { (title) " · " (fm.date(today)) " " span.muted { (weekday(l, today)) } }
        div.home-grid {
            (section("home-agenda", l.t(msg!("home.agenda")), "/agenda", more, agenda, nothing))
            (section("home-reminders", l.t(msg!("home.reminders")), "/reminders", more, reminders, nothing))
            (section("home-namedays", l.t(msg!("home.namedays")), "/upcoming?days=7&kind=namedays", more, namedays, nothing))
            (section("home-recent", l.t(msg!("home.recent")), "/contacts?book=business&sort=changed", more, recent, nothing))
            (section("home-cases", l.t(msg!("home.cases")), "/cases", more, cases, nothing))
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}
