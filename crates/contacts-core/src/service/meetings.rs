//! Meetings, occasion alerts and the due-reminder counter.
//!
//! Rules, written once here:
//! - A meeting has a title, a start (local time of the installation, stored in UTC), a
//!   duration of 1 to 1440 minutes, an optional place, one or more participants (enabled
//!   users) and is on a contact, a case or both.
//! - A meeting on a contact is visible exactly where its contact is; one only on a case (a
//!   business matter) is visible to everyone. On a private contact only its owner may take
//!   part (nobody else may see it).
//! - A meeting is on the agenda and in the calendar feed (a `VEVENT`) of each participant.
//! - An occasion alert is a user's own "remind me N days (0 to 60) before this contact's
//!   birthday / name-day": it puts a line on that user's agenda N days before, and an alarm
//!   on the occasion's event in the user's feed.
//! - The counter on every page: the actor's open reminders (assigned to them, or unassigned
//!   and made by them) due before the end of today, and how many of them are overdue.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};

use crate::date::MonthDay;
use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, MeetingId, UserId};
use crate::model::{Book, ContactKind};
use crate::nameday::Calendar;
use crate::store::{Meeting, MeetingQuery, OccasionAlert, OccasionAlertKind, Ops, Store};
use crate::time;
use crate::upcoming::occurrences;

use super::dates::user_names;
use super::{non_empty, visible, Actor, ContactSummary, Service};

/// The longest meeting title and place, in characters.
pub const MAX_MEETING_TEXT: usize = 200;
/// The longest meeting, in minutes (a day).
pub const MAX_MEETING_MINUTES: u32 = 1440;
/// The most participants of one meeting.
pub const MAX_PARTICIPANTS: usize = 50;
/// The longest lead time of an occasion alert, in days.
pub const MAX_ALERT_DAYS: u32 = 60;

/// An alert's lead time as typed in a form field named `field`: empty is no alert, else a
/// whole number of days from 0 to [`MAX_ALERT_DAYS`] (at most 16 characters read).
pub fn parse_alert_days(field: &str, text: &str) -> Result<Option<u32>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 16 {
        return Err(Error::invalid(field, "is not a number of days"));
    }
    let days = t
        .parse::<u32>()
        .map_err(|_| Error::invalid(field, format!("'{t}' is not a number of days")))?;
    check_alert_days(field, Some(days))?;
    Ok(Some(days))
}

fn check_alert_days(field: &str, days: Option<u32>) -> Result<()> {
    match days {
        Some(d) if d > MAX_ALERT_DAYS => Err(Error::invalid(
            field,
            format!("{d} is not a number of days from 0 to {MAX_ALERT_DAYS}"),
        )),
        _ => Ok(()),
    }
}

/// What the caller gives for a new or changed meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub title: String,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub place: String,
    pub contact: Option<ContactId>,
    pub case: Option<CaseId>,
    /// User names.
    pub participants: Vec<String>,
}

/// A meeting with the names a frontend shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub meeting: Meeting,
    /// The start in the installation's time zone.
    pub start_local: NaiveDateTime,
    pub contact: Option<ContactSummary>,
    /// The case's number and title.
    pub case: Option<(String, String)>,
    /// Participant names, in the meeting's order.
    pub participants: Vec<String>,
    pub created_by: String,
}

/// Which meetings [`Service::meetings`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeetingFilter {
    /// Only meetings the actor takes part in.
    pub mine: bool,
    pub contact: Option<ContactId>,
    pub case: Option<CaseId>,
    pub from: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
}

/// The counter on every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DueCounts {
    /// Open reminders of the actor due before the end of today, overdue ones included.
    pub due: u64,
    /// Of those, due before now.
    pub overdue: u64,
}

/// A line of the agenda for an occasion alert: the occasion is on `occasion_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertView {
    pub contact: ContactSummary,
    pub kind: OccasionAlertKind,
    pub days_before: u32,
    pub occasion_date: NaiveDate,
}

fn check_input(input: &MeetingInput) -> Result<(String, String)> {
    let title = non_empty("title", &input.title)?;
    if title.chars().count() > MAX_MEETING_TEXT {
        return Err(Error::invalid(
            "title",
            format!("longer than {MAX_MEETING_TEXT} characters"),
        ));
    }
    let place = input.place.trim().to_string();
    if place.chars().count() > MAX_MEETING_TEXT {
        return Err(Error::invalid(
            "place",
            format!("longer than {MAX_MEETING_TEXT} characters"),
        ));
    }
    if place.chars().any(char::is_control) {
        return Err(Error::invalid("place", "contains control characters"));
    }
    if !(1..=MAX_MEETING_MINUTES).contains(&input.minutes) {
        return Err(Error::invalid(
            "minutes",
            format!(
                "{} is not a duration from 1 to {MAX_MEETING_MINUTES} minutes",
                input.minutes
            ),
        ));
    }
    if input.contact.is_none() && input.case.is_none() {
        return Err(Error::invalid(
            "contact",
            "a meeting is on a contact or a case; give one",
        ));
    }
    if input.participants.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::invalid("participants", "give at least one employee"));
    }
    if input.participants.len() > MAX_PARTICIPANTS {
        return Err(Error::invalid(
            "participants",
            format!("at most {MAX_PARTICIPANTS}"),
        ));
    }
    Ok((title, place))
}

/// Checks the contact, case and participants of `input` inside a write and gives the user
/// ids, sorted and without repeats.
fn resolve(ops: &dyn Ops, actor: &Actor, input: &MeetingInput) -> Result<Vec<UserId>> {
    let book = match input.contact {
        Some(c) => Some(visible(ops, actor, c)?.book),
        None => None,
    };
    if let Some(case) = input.case {
        ops.case(case)?
            .ok_or_else(|| Error::not_found(format!("case {case}")))?;
    }
    let mut ids = Vec::new();
    for name in input.participants.iter().map(|p| p.trim()) {
        if name.is_empty() {
            continue;
        }
        let user = ops
            .user_by_name(name)?
            .filter(|u| !u.disabled)
            .ok_or_else(|| Error::invalid("participants", format!("no user '{name}'")))?;
        if let Some(Book::Private(owner)) = book {
            if owner != user.id {
                return Err(Error::invalid(
                    "participants",
                    format!(
                        "'{}' cannot see this private contact; only its owner can take part",
                        user.name
                    ),
                ));
            }
        }
        ids.push(user.id);
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The meeting, if the actor may see it; otherwise "not found".
fn visible_meeting(ops: &dyn Ops, actor: &Actor, id: MeetingId) -> Result<Meeting> {
    let hidden = || Error::not_found(format!("meeting {id}"));
    let m = ops.meeting(id)?.ok_or_else(hidden)?;
    if let Some(c) = m.contact {
        visible(ops, actor, c).map_err(|_| hidden())?;
    }
    Ok(m)
}

fn meeting_view(
    ops: &dyn Ops,
    tz: chrono_tz::Tz,
    users: &std::collections::BTreeMap<UserId, String>,
    m: Meeting,
) -> Result<MeetingView> {
    let name = |u: UserId| users.get(&u).cloned().unwrap_or_else(|| format!("#{u}"));
    let contact = match m.contact {
        Some(id) => ops.contact(id)?.map(|c| ContactSummary {
            id: c.id,
            book: c.book,
            name: c.data.display_name(),
        }),
        None => None,
    };
    let case = match m.case {
        Some(id) => ops.case(id)?.map(|c| (c.number, c.data.title)),
        None => None,
    };
    Ok(MeetingView {
        start_local: time::utc_to_local(tz, m.start),
        contact,
        case,
        participants: m.participants.iter().map(|u| name(*u)).collect(),
        created_by: name(m.created_by),
        meeting: m,
    })
}

/// The day of `kind` for a contact: its birthday's month-day, or its name-day (explicit,
/// else derived from the given name and birthday).
fn occasion_day(
    cal: &Calendar,
    c: &crate::model::Contact,
    kind: OccasionAlertKind,
) -> Option<MonthDay> {
    let birthday = c.data.birthday.map(|b| b.month_day);
    match kind {
        OccasionAlertKind::Birthday => birthday,
        OccasionAlertKind::Nameday => c.data.nameday.or_else(|| {
            if c.data.kind != ContactKind::Person {
                return None;
            }
            match cal.contact_nameday(&c.data.name.given, birthday) {
                crate::nameday::NamedayChoice::One(d) => Some(d),
                _ => None,
            }
        }),
    }
}

impl<S: Store> Service<S> {
    // ---- the counter ----------------------------------------------------------------

    /// The actor's open reminders due before the end of today (local), and how many of
    /// them are overdue at `now`. Two index range counts; every page shows them.
    pub fn due_counts(&self, actor: &Actor, now: DateTime<Utc>) -> Result<DueCounts> {
        let tz = self.timezone()?;
        let today = time::utc_to_local(tz, now).date();
        let end = today
            .checked_add_days(Days::new(1))
            .map(|d| time::start_of_day(tz, d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let (overdue, due) = self
            .store
            .read(|ops| ops.due_reminder_counts(&actor.scope(None), actor.id(), now, end))?;
        Ok(DueCounts { due, overdue })
    }

    // ---- meetings -------------------------------------------------------------------

    /// Plans a meeting. See the module doc for the rules.
    pub fn add_meeting(&self, actor: &Actor, input: &MeetingInput) -> Result<MeetingView> {
        let (title, place) = check_input(input)?;
        let now = self.now();
        let tz = self.timezone()?;
        let id = self.store.write(|ops| {
            let participants = resolve(ops, actor, input)?;
            ops.insert_meeting(&Meeting {
                id: MeetingId(0),
                title: title.clone(),
                start: input.start,
                minutes: input.minutes,
                place: place.clone(),
                contact: input.contact,
                case: input.case,
                participants,
                created_by: actor.id(),
                created_at: now,
                version: 1,
            })
        })?;
        self.store.read(|ops| {
            let m = visible_meeting(ops, actor, id)?;
            meeting_view(ops, tz, &user_names(ops)?, m)
        })
    }

    /// A meeting the actor may see.
    pub fn meeting(&self, actor: &Actor, id: MeetingId) -> Result<MeetingView> {
        let tz = self.timezone()?;
        self.store.read(|ops| {
            let m = visible_meeting(ops, actor, id)?;
            meeting_view(ops, tz, &user_names(ops)?, m)
        })
    }

    /// Changes a meeting the actor may see, if it is still at `expected_version`.
    pub fn update_meeting(
        &self,
        actor: &Actor,
        id: MeetingId,
        expected_version: u64,
        input: &MeetingInput,
    ) -> Result<MeetingView> {
        let (title, place) = check_input(input)?;
        self.store.write(|ops| {
            let old = visible_meeting(ops, actor, id)?;
            let participants = resolve(ops, actor, input)?;
            let m = Meeting {
                title: title.clone(),
                start: input.start,
                minutes: input.minutes,
                place: place.clone(),
                contact: input.contact,
                case: input.case,
                participants,
                version: expected_version + 1,
                ..old
            };
            ops.update_meeting(&m, expected_version)?;
            Ok(())
        })?;
        self.meeting(actor, id)
    }

    /// Removes a meeting the actor may see.
    pub fn delete_meeting(&self, actor: &Actor, id: MeetingId) -> Result<()> {
        self.store.write(|ops| {
            visible_meeting(ops, actor, id)?;
            ops.delete_meeting(id)
        })
    }

    /// Meetings the actor may see, in start order.
    pub fn meetings(&self, actor: &Actor, filter: &MeetingFilter) -> Result<Vec<MeetingView>> {
        let tz = self.timezone()?;
        let q = MeetingQuery {
            participant: filter.mine.then_some(actor.id()),
            contact: filter.contact,
            case: filter.case,
            start_from: filter.from,
            start_before: filter.before,
        };
        self.store.read(|ops| {
            if let Some(c) = filter.contact {
                visible(ops, actor, c)?;
            }
            if let Some(case) = filter.case {
                ops.case(case)?
                    .ok_or_else(|| Error::not_found(format!("case {case}")))?;
            }
            let users = user_names(ops)?;
            let scope = actor.scope(None);
            let mut out = Vec::new();
            for m in ops.meetings(&q)? {
                if let Some(c) = m.contact {
                    match ops.contact(c)? {
                        Some(x) if scope.contains(x.book) => {}
                        _ => continue,
                    }
                }
                out.push(meeting_view(ops, tz, &users, m)?);
            }
            Ok(out)
        })
    }

    // ---- occasion alerts ------------------------------------------------------------

    /// Sets the actor's alert `days_before` days (0 to 60) before a contact's birthday or
    /// name-day; `None` removes it.
    pub fn set_occasion_alert(
        &self,
        actor: &Actor,
        contact: ContactId,
        kind: OccasionAlertKind,
        days_before: Option<u32>,
    ) -> Result<()> {
        check_alert_days("days_before", days_before)?;
        self.store.write(|ops| {
            visible(ops, actor, contact)?;
            match days_before {
                Some(days_before) => ops.set_occasion_alert(&OccasionAlert {
                    contact,
                    user: actor.id(),
                    kind,
                    days_before,
                }),
                None => ops.remove_occasion_alert(contact, actor.id(), kind),
            }
        })
    }

    /// Sets (or with `None` removes) several of the actor's alerts on one contact at once,
    /// as the alerts form does: every value is checked first (an error names the occasion,
    /// `birthday` or `nameday`), then all are written in one transaction, so a refused value
    /// leaves every alert as it was.
    pub fn set_occasion_alerts(
        &self,
        actor: &Actor,
        contact: ContactId,
        alerts: &[(OccasionAlertKind, Option<u32>)],
    ) -> Result<()> {
        for (kind, days) in alerts {
            check_alert_days(kind.key(), *days)?;
        }
        self.store.write(|ops| {
            visible(ops, actor, contact)?;
            for (kind, days) in alerts {
                match days {
                    Some(days_before) => ops.set_occasion_alert(&OccasionAlert {
                        contact,
                        user: actor.id(),
                        kind: *kind,
                        days_before: *days_before,
                    })?,
                    None => ops.remove_occasion_alert(contact, actor.id(), *kind)?,
                }
            }
            Ok(())
        })
    }

    /// The actor's alerts, on one contact or on every contact the actor may see.
    pub fn occasion_alerts(
        &self,
        actor: &Actor,
        contact: Option<ContactId>,
    ) -> Result<Vec<OccasionAlert>> {
        self.store.read(|ops| {
            if let Some(c) = contact {
                visible(ops, actor, c)?;
            }
            let scope = actor.scope(None);
            let mut out = Vec::new();
            for a in ops.occasion_alerts(actor.id(), contact)? {
                if ops
                    .contact(a.contact)?
                    .is_some_and(|c| scope.contains(c.book))
                {
                    out.push(a);
                }
            }
            Ok(out)
        })
    }

    /// The actor's alert lines for the local days `[from, from + days)`: each on the day
    /// `days_before` before its occasion.
    pub fn alerts_due(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
    ) -> Result<Vec<(NaiveDate, AlertView)>> {
        let cal = self.calendar()?;
        self.store.read(|ops| {
            let scope = actor.scope(None);
            let mut out = Vec::new();
            for a in ops.occasion_alerts(actor.id(), None)? {
                let Some(c) = ops.contact(a.contact)?.filter(|c| scope.contains(c.book)) else {
                    continue;
                };
                let Some(day) = occasion_day(cal, &c, a.kind) else {
                    continue;
                };
                let Some(shifted) = from.checked_add_days(Days::new(u64::from(a.days_before)))
                else {
                    continue;
                };
                for date in occurrences(day, shifted, days) {
                    let Some(on) = date.checked_sub_days(Days::new(u64::from(a.days_before)))
                    else {
                        continue;
                    };
                    out.push((
                        on,
                        AlertView {
                            contact: ContactSummary {
                                id: c.id,
                                book: c.book,
                                name: c.data.display_name(),
                            },
                            kind: a.kind,
                            days_before: a.days_before,
                            occasion_date: date,
                        },
                    ));
                }
            }
            out.sort_by(|a, b| (a.0, &a.1.contact.name).cmp(&(b.0, &b.1.contact.name)));
            Ok(out)
        })
    }
}
