//! Dates on the service: the installation's time zone and name-day calendar, reminders, the
//! name-day of a contact, upcoming birthdays and name-days ("Solenizanci +7 dni"), the day plan
//! and the iCalendar feed. Every read goes through the same access rule as contacts: a reminder
//! or occasion of a private contact exists only for the contact's owner.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::date::MonthDay;
use crate::error::{Error, Result};
use crate::ical::{write_calendar, IcsItem};
use crate::ids::{ContactId, ReminderId, UserId};
use crate::model::{Book, ContactKind, User};
use crate::nameday::{Calendar, NamedayChoice};
use crate::store::{
    DatedContact, NameRule, NewReminder, OccasionQuery, Ops, Reminder, ReminderQuery, Store,
};
use crate::time;
use crate::upcoming::{age_on, month_days_in_window, occurrences};

use super::{non_empty, visible, Actor, Service};

/// The setting key of the installation's name-day calendar (a country code such as "pl").
pub const NAMEDAY_COUNTRY_SETTING: &str = "nameday.country";
/// The name-day calendar when none is set.
pub const DEFAULT_NAMEDAY_COUNTRY: &str = "pl";
/// The longest window `upcoming` and `agenda` accept, in days.
pub const MAX_WINDOW_DAYS: u32 = 366;

/// Which reminders [`Service::reminders`] lists. Days are the installation's local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Due {
    /// Every reminder not done yet.
    #[default]
    Open,
    /// Not done and due today (local day of `now`).
    Today,
    /// Not done and due before `now`.
    Overdue,
    /// Not done and due from the start of today until the end of the 7th day.
    Week,
    /// Every reminder, done ones included.
    All,
}

/// Filters for [`Service::reminders`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReminderFilter {
    /// Only reminders assigned to the actor, or unassigned ones the actor created.
    pub mine: bool,
    pub due: Due,
    pub contact: Option<ContactId>,
}

/// What a list shows of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSummary {
    pub id: ContactId,
    pub book: Book,
    /// The display name.
    pub name: String,
}

/// A reminder with the names a frontend shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderView {
    pub reminder: Reminder,
    pub contact: ContactSummary,
    /// When it is due, in the installation's time zone.
    pub due_local: NaiveDateTime,
    pub created_by: String,
    pub assignee: Option<String>,
    pub done_by: Option<String>,
    /// Not done and due before `now`.
    pub overdue: bool,
    /// Whether "take over" applies: not done and on a business contact (a reminder on a
    /// private contact is its owner's alone; nobody else can see it to take it).
    pub can_take: bool,
    /// The case it is a task of: id and number.
    pub case: Option<(crate::ids::CaseId, String)>,
}

/// Why a day is an occasion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OccasionKind {
    /// `age` is the age reached that day, when the year of birth is known.
    Birthday { age: Option<u32> },
    /// `name` is the given name celebrated.
    Nameday { name: String },
}

/// A birthday or name-day on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub date: NaiveDate,
    pub contact: ContactSummary,
    pub kind: OccasionKind,
}

/// One line of the day plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// The local date; an overdue reminder keeps the date it was due.
    pub date: NaiveDate,
    /// The local time; `None` for all-day items, which come first on their day.
    pub time: Option<NaiveTime>,
    pub entry: AgendaEntry,
}

/// What a day-plan line is. More kinds (case deadlines, meetings) will join.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AgendaEntry {
    Reminder(ReminderView),
    Occasion(Occasion),
    /// The deadline of an open case of the business book (all day, on the deadline; an
    /// overdue one keeps its deadline's date).
    CaseDeadline {
        case: crate::ids::CaseId,
        number: String,
        title: String,
        counterparty: String,
        responsible: String,
        overdue: bool,
    },
    /// A meeting the actor takes part in, at its start.
    Meeting(super::MeetingView),
    /// The actor's own alert, `days_before` days before a birthday or name-day (all day).
    Alert(super::AlertView),
}

/// A contact's name-day and where it comes from, for showing and picking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedayInfo {
    /// The day celebrated: the explicit one, else the one derived from the given name.
    pub effective: Option<MonthDay>,
    /// The day set by hand, if any.
    pub explicit: Option<MonthDay>,
    /// What the given name and birthday give.
    pub derived: NamedayChoice,
    /// Every day the first given name is celebrated (the candidates to pick from).
    pub candidates: Vec<MonthDay>,
}

/// Checks a setting value this module owns before it is stored.
pub(super) fn check_setting(key: &str, value: &str) -> Result<()> {
    match key {
        time::TIMEZONE_SETTING => time::parse_tz(value).map(|_| ()),
        NAMEDAY_COUNTRY_SETTING => calendar_for(value).map(|_| ()),
        _ => Ok(()),
    }
}

/// The day after a window of `days` days from `from`.
fn end_day(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn calendar_for(country: &str) -> Result<&'static Calendar> {
    Calendar::get(country).ok_or_else(|| {
        Error::invalid(
            "nameday.country",
            format!(
                "no name-day calendar for '{country}' (known: {})",
                Calendar::countries().join(", ")
            ),
        )
    })
}

impl<S: Store> Service<S> {
    // ---- time zone and calendar ----------------------------------------------------

    /// The installation's time zone (setting `timezone`, default Europe/Warsaw).
    pub fn timezone(&self) -> Result<Tz> {
        let name = self.setting(time::TIMEZONE_SETTING)?;
        time::parse_tz(name.as_deref().unwrap_or(time::DEFAULT_TIMEZONE))
    }

    /// The UTC instant of a local time such as "2026-09-10 12:00" in the installation's zone.
    /// A time skipped by the spring clock change is `Invalid`; a repeated autumn time is the
    /// earlier one.
    pub fn local_to_utc(&self, local: &str) -> Result<DateTime<Utc>> {
        time::local_to_utc(self.timezone()?, time::parse_local(local)?)
    }

    /// The formats for a reader of `lang`: dates, money and times in the installation's zone.
    pub fn formatter(&self, lang: crate::model::Language) -> Result<crate::format::Formatter> {
        Ok(crate::format::Formatter {
            lang,
            tz: self.timezone()?,
        })
    }

    /// A UTC instant as local time in the installation's zone.
    pub fn utc_to_local(&self, t: DateTime<Utc>) -> Result<NaiveDateTime> {
        Ok(time::utc_to_local(self.timezone()?, t))
    }

    /// Today's local date.
    pub fn today(&self) -> Result<NaiveDate> {
        Ok(self.utc_to_local(self.now())?.date())
    }

    /// The installation's name-day calendar (setting `nameday.country`, default "pl").
    pub fn calendar(&self) -> Result<&'static Calendar> {
        let country = self.setting(NAMEDAY_COUNTRY_SETTING)?;
        calendar_for(country.as_deref().unwrap_or(DEFAULT_NAMEDAY_COUNTRY))
    }

    // ---- name-days of contacts ------------------------------------------------------

    /// What the first given name and the birthday of a contact give as its name-day (ignoring
    /// an explicit choice): one day, several to pick from, or none.
    pub fn nameday_candidates(&self, actor: &Actor, id: ContactId) -> Result<NamedayChoice> {
        Ok(self.nameday_info(actor, id)?.derived)
    }

    /// A contact's name-day: the effective day, the explicit one, the derived choice and every
    /// candidate day of the first given name.
    pub fn nameday_info(&self, actor: &Actor, id: ContactId) -> Result<NamedayInfo> {
        let cal = self.calendar()?;
        let c = self.get(actor, id)?;
        let given = &c.data.name.given;
        let derived = cal.contact_nameday(given, c.data.birthday.map(|b| b.month_day));
        let candidates = given
            .split_whitespace()
            .next()
            .map(|first| {
                let dates = cal.dates_of(first);
                match first.split_once('-') {
                    Some((head, _)) if dates.is_empty() => cal.dates_of(head),
                    _ => dates,
                }
            })
            .unwrap_or_default();
        let effective = c.data.nameday.or(match &derived {
            NamedayChoice::One(d) => Some(*d),
            _ => None,
        });
        Ok(NamedayInfo {
            effective,
            explicit: c.data.nameday,
            derived,
            candidates,
        })
    }

    // ---- reminders ------------------------------------------------------------------

    /// Sets a reminder on a contact the actor may see, due at `at` (past times are allowed:
    /// the reminder is overdue at once), optionally assigned to the user named `assignee`.
    pub fn remind(
        &self,
        actor: &Actor,
        contact: ContactId,
        at: DateTime<Utc>,
        text: &str,
        assignee: Option<&str>,
    ) -> Result<Reminder> {
        let text = non_empty("text", text)?;
        let now = self.now();
        self.store.write(|ops| {
            let c = visible(ops, actor, contact)?;
            let assignee = match assignee {
                Some(name) => Some(assignable(ops, c.book, name)?.id),
                None => None,
            };
            let new = NewReminder {
                contact,
                text,
                due_at: at,
                created_by: actor.id,
                created_at: now,
                assignee,
            };
            let id = ops.insert_reminder(&new)?;
            Ok(Reminder {
                id,
                contact,
                text: new.text,
                due_at: at,
                created_by: actor.id,
                created_at: now,
                assignee,
                done_by: None,
                done_at: None,
                version: 1,
            })
        })
    }

    /// Sets a reminder or task on a case (the seed's service tasks): it is a reminder on
    /// the case's counterparty (so it is on the assignee's list and day plan like any
    /// other) linked to the case, whose page lists it. Any user may: cases are the
    /// business book's.
    pub fn remind_on_case(
        &self,
        actor: &Actor,
        case: crate::ids::CaseId,
        at: DateTime<Utc>,
        text: &str,
        assignee: Option<&str>,
    ) -> Result<Reminder> {
        let text = non_empty("text", text)?;
        if text.chars().count() > 2000 {
            return Err(Error::invalid("text", "at most 2000 characters"));
        }
        let now = self.now();
        self.store.write(|ops| {
            let c = ops
                .case(case)?
                .ok_or_else(|| Error::not_found(format!("case {case}")))?;
            let counterparty = super::cases::business_contact(ops, actor, c.data.counterparty)?;
            let assignee = match assignee.map(str::trim).filter(|a| !a.is_empty()) {
                Some(name) => Some(assignable(ops, counterparty.book, name)?.id),
                None => None,
            };
            let new = NewReminder {
                contact: counterparty.id,
                text,
                due_at: at,
                created_by: actor.id,
                created_at: now,
                assignee,
            };
            let id = ops.insert_reminder(&new)?;
            ops.link_case_reminder(id, case)?;
            ops.reminder(id)?
                .ok_or_else(|| Error::not_found(format!("reminder {id}")))
        })
    }

    /// The reminders and tasks of a case, in due order, with names. Any user may.
    pub fn case_reminders(
        &self,
        actor: &Actor,
        case: crate::ids::CaseId,
    ) -> Result<Vec<ReminderView>> {
        let now = self.now();
        let tz = self.timezone()?;
        self.store.read(|ops| {
            ops.case(case)?
                .ok_or_else(|| Error::not_found(format!("case {case}")))?;
            let users = user_names(ops)?;
            let mut out = Vec::new();
            for id in ops.case_reminder_ids(case)? {
                if let Ok(r) = visible_reminder(ops, actor, id) {
                    out.push(view(ops, tz, &users, r, now)?);
                }
            }
            out.sort_by_key(|v| (v.reminder.due_at, v.reminder.id));
            Ok(out)
        })
    }

    /// A reminder the actor may see, with names.
    pub fn reminder(&self, actor: &Actor, id: ReminderId) -> Result<ReminderView> {
        let now = self.now();
        let tz = self.timezone()?;
        self.store.read(|ops| {
            let r = visible_reminder(ops, actor, id)?;
            let users = user_names(ops)?;
            view(ops, tz, &users, r, now)
        })
    }

    /// Reminders the actor may see, in due order. `now` decides what is overdue and which
    /// local day is today.
    pub fn reminders(
        &self,
        actor: &Actor,
        filter: &ReminderFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<ReminderView>> {
        let tz = self.timezone()?;
        let mut q = ReminderQuery::new(actor.scope(None));
        q.contact = filter.contact;
        q.involving = filter.mine.then_some(actor.id);
        q.open_only = filter.due != Due::All;
        let today = time::utc_to_local(tz, now).date();
        let day_start = |days: u64| {
            today
                .checked_add_days(Days::new(days))
                .map(|d| time::start_of_day(tz, d))
        };
        match filter.due {
            Due::Open | Due::All => {}
            Due::Today => {
                q.due_from = day_start(0);
                q.due_before = day_start(1);
            }
            Due::Overdue => q.due_before = Some(now),
            Due::Week => {
                q.due_from = day_start(0);
                q.due_before = day_start(7);
            }
        }
        self.store.read(|ops| {
            if let Some(c) = filter.contact {
                visible(ops, actor, c)?;
            }
            let users = user_names(ops)?;
            ops.reminders(&q)?
                .into_iter()
                .map(|r| view(ops, tz, &users, r, now))
                .collect()
        })
    }

    /// "Take over": assigns the reminder to the actor.
    pub fn take_reminder(&self, actor: &Actor, id: ReminderId) -> Result<Reminder> {
        self.change_reminder(actor, id, |_, _, r| {
            r.assignee = Some(actor.id);
            Ok(())
        })
    }

    /// Assigns the reminder to the user named `user`, or to nobody.
    pub fn assign_reminder(
        &self,
        actor: &Actor,
        id: ReminderId,
        user: Option<&str>,
    ) -> Result<Reminder> {
        self.change_reminder(actor, id, |ops, book, r| {
            r.assignee = match user {
                Some(name) => Some(assignable(ops, book, name)?.id),
                None => None,
            };
            Ok(())
        })
    }

    /// Marks the reminder done, recording who and when.
    pub fn done_reminder(&self, actor: &Actor, id: ReminderId) -> Result<Reminder> {
        let now = self.now();
        self.change_reminder(actor, id, |_, _, r| {
            r.done_by = Some(actor.id);
            r.done_at = Some(now);
            Ok(())
        })
    }

    /// Removes a reminder the actor may see.
    pub fn delete_reminder(&self, actor: &Actor, id: ReminderId) -> Result<()> {
        self.store.write(|ops| {
            visible_reminder(ops, actor, id)?;
            ops.delete_reminder(id)
        })
    }

    /// Loads a visible, not yet done reminder, applies `change` and saves it one version up.
    fn change_reminder(
        &self,
        actor: &Actor,
        id: ReminderId,
        change: impl FnOnce(&dyn Ops, Book, &mut Reminder) -> Result<()>,
    ) -> Result<Reminder> {
        self.store.write(|ops| {
            let mut r = visible_reminder(ops, actor, id)?;
            if let (Some(by), Some(at)) = (r.done_by, r.done_at) {
                let who = ops.user(by)?.map(|u| u.name).unwrap_or_default();
                return Err(Error::invalid(
                    "reminder",
                    format!(
                        "reminder {id} was done by {who} at {}",
                        at.format("%Y-%m-%d %H:%M UTC")
                    ),
                ));
            }
            let book = ops
                .contact(r.contact)?
                .map(|c| c.book)
                .ok_or_else(|| Error::not_found(format!("reminder {id}")))?;
            let expected = r.version;
            change(ops, book, &mut r)?;
            r.version = expected + 1;
            ops.update_reminder(&r, expected)?;
            Ok(r)
        })
    }

    // ---- upcoming birthdays and name-days ------------------------------------------

    /// Birthdays and name-days in the window `[from, from + days)` over every book the actor
    /// may see, in date order (then name). With neither `birthdays` nor `namedays`, both.
    /// 29 February is celebrated on 28 February in common years.
    pub fn upcoming(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
        birthdays: bool,
        namedays: bool,
    ) -> Result<Vec<Occasion>> {
        self.find_occasions(actor, from, days, birthdays, namedays, false)
            .map(|(found, _)| found)
    }

    /// The contacts [`Service::upcoming`] finds, each once, with its book and its name's
    /// sort key ([`crate::search::sort_key`]) when the name columns give it (`None` for a
    /// contact with neither given nor family name: its key needs the whole record).
    pub(crate) fn occasion_contacts(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
        birthdays: bool,
        namedays: bool,
    ) -> Result<Vec<KeyedContact>> {
        self.find_occasions(actor, from, days, birthdays, namedays, true)
            .map(|(_, keyed)| keyed)
    }

    /// [`Service::upcoming`], and with `keyed` the contacts found with their sort keys.
    fn find_occasions(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
        birthdays: bool,
        namedays: bool,
        keyed: bool,
    ) -> Result<(Vec<Occasion>, Vec<KeyedContact>)> {
        let (birthdays, namedays) = if birthdays || namedays {
            (birthdays, namedays)
        } else {
            (true, true)
        };
        check_window(days)?;
        let cal = self.calendar()?;
        let month_days = month_days_in_window(from, days);
        let scope = actor.scope(None);
        // Two halves on two threads, each with its own read: birthdays and name-days set by
        // hand, and name-days that follow from given names. They never give the same
        // occasion (a derived name-day is only counted for a contact with none set), so
        // each half sorts its own and the two are merged. Over a million contacts a week is
        // twenty thousand occasions; one thread took twice as long.
        let direct = OccasionQuery {
            scope,
            birthdays: if birthdays {
                month_days.clone()
            } else {
                Vec::new()
            },
            namedays: if namedays {
                month_days.clone()
            } else {
                Vec::new()
            },
            names: Vec::new(),
        };
        let derived = OccasionQuery {
            scope,
            birthdays: Vec::new(),
            namedays: Vec::new(),
            names: if namedays {
                name_rules(cal, &month_days)
            } else {
                Vec::new()
            },
        };
        let key_of = |c: &DatedContact| -> Option<KeyedContact> {
            keyed.then(|| {
                let named = !(c.family.trim().is_empty() && c.given.trim().is_empty());
                let key = named.then(|| crate::search::sort_key_of(&c.family, &c.given, ""));
                (c.id, c.book, key)
            })
        };
        let direct_half = || -> Result<(Vec<Occasion>, Vec<KeyedContact>)> {
            let found = self.store.read(|ops| ops.occasions(&direct))?;
            let mut out = Vec::with_capacity(found.len());
            let mut keys = Vec::new();
            for mut c in found {
                let start = out.len();
                if birthdays {
                    birthday_occasions(&c, from, days, &mut out);
                }
                if namedays && c.nameday.is_some() {
                    nameday_occasions(&c, &NamedayChoice::None, from, days, &mut out);
                }
                if out.len() > start {
                    keys.extend(key_of(&c));
                }
                give_name(&mut out[start..], &mut c);
            }
            sort_occasions(&mut out);
            Ok((out, keys))
        };
        let derived_half = || -> Result<(Vec<Occasion>, Vec<KeyedContact>)> {
            if derived.names.is_empty() {
                return Ok((Vec::new(), Vec::new()));
            }
            let found = self.store.read(|ops| ops.occasions(&derived))?;
            let mut out = Vec::with_capacity(found.len());
            let mut keys = Vec::new();
            // Thousands of contacts share a few hundred given names: look each up once.
            let mut name_days: HashMap<String, NamedayChoice> = HashMap::new();
            for mut c in found {
                if c.nameday.is_some() {
                    continue;
                }
                if !name_days.contains_key(c.given.as_str()) {
                    let choice = cal.contact_nameday(&c.given, None);
                    name_days.insert(c.given.clone(), choice);
                }
                let start = out.len();
                if let Some(choice) = name_days.get(c.given.as_str()) {
                    nameday_occasions(&c, choice, from, days, &mut out);
                }
                if out.len() > start {
                    keys.extend(key_of(&c));
                }
                give_name(&mut out[start..], &mut c);
            }
            sort_occasions(&mut out);
            Ok((out, keys))
        };
        let (a, b) = std::thread::scope(|threads| {
            let other = threads.spawn(derived_half);
            let a = direct_half();
            let b = other
                .join()
                .unwrap_or_else(|_| Err(Error::Backend("upcoming: a worker failed".into())));
            (a, b)
        });
        let ((a, mut a_keys), (b, b_keys)) = (a?, b?);
        // A contact can be in both halves (a birthday, and a name-day from the given name):
        // callers of the keyed list take each id once.
        a_keys.extend(b_keys);
        Ok((merge_sorted(a, b), a_keys))
    }

    // ---- the day plan ---------------------------------------------------------------

    /// The day plan for the local days `[from, from + days)`: reminders due then and every
    /// overdue one (not done), birthdays and name-days, in time order; all-day items first on
    /// each day.
    pub fn agenda(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<AgendaItem>> {
        check_window(days)?;
        let tz = self.timezone()?;
        let start = time::start_of_day(tz, from);
        let end = from
            .checked_add_days(Days::new(u64::from(days)))
            .map(|d| time::start_of_day(tz, d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut q = ReminderQuery::new(actor.scope(None));
        q.open_only = true;
        q.due_before = Some(end);
        let reminders = self.store.read(|ops| {
            let users = user_names(ops)?;
            ops.reminders(&q)?
                .into_iter()
                .filter(|r| r.due_at >= start || r.due_at < now)
                .map(|r| view(ops, tz, &users, r, now))
                .collect::<Result<Vec<_>>>()
        })?;
        let mut items: Vec<AgendaItem> = reminders
            .into_iter()
            .map(|v| AgendaItem {
                date: v.due_local.date(),
                time: Some(v.due_local.time()),
                entry: AgendaEntry::Reminder(v),
            })
            .collect();
        items.extend(
            self.upcoming(actor, from, days, true, true)?
                .into_iter()
                .map(|o| AgendaItem {
                    date: o.date,
                    time: None,
                    entry: AgendaEntry::Occasion(o),
                }),
        );
        items.extend(self.case_deadlines(from, end_day(from, days), now, tz)?);
        let mine = super::MeetingFilter {
            mine: true,
            from: Some(start),
            before: Some(end),
            ..super::MeetingFilter::default()
        };
        items.extend(
            self.meetings(actor, &mine)?
                .into_iter()
                .map(|m| AgendaItem {
                    date: m.start_local.date(),
                    time: Some(m.start_local.time()),
                    entry: AgendaEntry::Meeting(m),
                }),
        );
        items.extend(
            self.alerts_due(actor, from, days)?
                .into_iter()
                .map(|(date, a)| AgendaItem {
                    date,
                    time: None,
                    entry: AgendaEntry::Alert(a),
                }),
        );
        // A stable sort keeps the occasions' own order within a day.
        items.sort_by_key(|i| (i.date, i.time.is_some(), i.time));
        Ok(items)
    }

    /// Open cases with a deadline in `[from, end)` or before today (overdue), in number
    /// order.
    fn case_deadlines(
        &self,
        from: NaiveDate,
        end: NaiveDate,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Vec<AgendaItem>> {
        let today = time::utc_to_local(tz, now).date();
        let q = crate::case::CaseQuery {
            open: Some(true),
            deadline_before: Some(end),
            limit: usize::MAX,
            ..crate::case::CaseQuery::default()
        };
        self.store.read(|ops| {
            let users = user_names(ops)?;
            let mut out = Vec::new();
            let mut cases = ops.list_cases(&q)?;
            cases.sort_by_key(|c| (c.year, c.seq));
            for c in cases {
                let Some(deadline) = c.data.deadline else {
                    continue;
                };
                if deadline < from && deadline >= today {
                    continue;
                }
                let counterparty = ops
                    .contact(c.data.counterparty)?
                    .map(|x| x.data.display_name())
                    .unwrap_or_default();
                out.push(AgendaItem {
                    date: deadline,
                    time: None,
                    entry: AgendaEntry::CaseDeadline {
                        case: c.id,
                        number: c.number,
                        title: c.data.title,
                        counterparty,
                        responsible: users.get(&c.data.responsible).cloned().unwrap_or_default(),
                        overdue: deadline < today,
                    },
                });
            }
            Ok(out)
        })
    }

    // ---- the calendar feed ----------------------------------------------------------

    /// The actor's iCalendar feed: birthdays and name-days of every contact the actor may see
    /// as yearly all-day events (with an alarm where the actor set an occasion alert), the
    /// reminders the actor may see as to-dos, and the actor's meetings as timed events.
    pub fn ics(&self, actor: &Actor, now: DateTime<Utc>) -> Result<String> {
        let cal = self.calendar()?;
        let scope = actor.scope(None);
        let (contacts, reminders, users, names) = self.store.read(|ops| {
            let contacts = ops.dated_contacts(&scope)?;
            let reminders = ops.reminders(&ReminderQuery::new(scope))?;
            let mut names: HashMap<ContactId, String> = HashMap::new();
            for r in &reminders {
                if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(r.contact) {
                    let name = ops.contact(r.contact)?.map(|c| c.data.display_name());
                    slot.insert(name.unwrap_or_default());
                }
            }
            Ok((contacts, reminders, user_names(ops)?, names))
        })?;
        let alerts: HashMap<(ContactId, crate::store::OccasionAlertKind), u32> = self
            .occasion_alerts(actor, None)?
            .into_iter()
            .map(|a| ((a.contact, a.kind), a.days_before))
            .collect();
        let alarm = |c: ContactId, k| alerts.get(&(c, k)).copied();
        let year = now.year();
        let mut items = Vec::new();
        for c in &contacts {
            let name = summary(c).name;
            if let Some(b) = c.birthday {
                let first = b.date().unwrap_or_else(|| recent(b.month_day, year));
                items.push(IcsItem::YearlyAllDay {
                    uid: format!("birthday-{}@contacts", c.id),
                    summary: format!("Birthday: {name}"),
                    description: b.year.map(|y| format!("Born {y}")),
                    first,
                    alarm_days_before: alarm(c.id, crate::store::OccasionAlertKind::Birthday),
                });
            }
            if let Some(day) = effective_nameday(cal, c) {
                items.push(IcsItem::YearlyAllDay {
                    uid: format!("nameday-{}@contacts", c.id),
                    summary: format!("Name-day: {name}"),
                    description: Some(format!("Imieniny: {}", nameday_name(c))),
                    first: recent(day, year),
                    alarm_days_before: alarm(c.id, crate::store::OccasionAlertKind::Nameday),
                });
            }
        }
        for r in &reminders {
            let contact = names.get(&r.contact).cloned().unwrap_or_default();
            let mut description = format!("Contact: {contact}");
            if let Some(a) = r.assignee.and_then(|a| users.get(&a)) {
                description.push_str(&format!("\nAssigned to: {a}"));
            }
            items.push(IcsItem::Todo {
                uid: format!("reminder-{}@contacts", r.id),
                summary: format!("{} ({contact})", r.text),
                description: Some(description),
                due_utc: r.due_at,
                completed_utc: r.done_at,
            });
        }
        let mine = super::MeetingFilter {
            mine: true,
            ..super::MeetingFilter::default()
        };
        for m in self.meetings(actor, &mine)? {
            let mut description = format!("With: {}", m.participants.join(", "));
            if let Some(c) = &m.contact {
                description.push_str(&format!("\nContact: {}", c.name));
            }
            if let Some((number, title)) = &m.case {
                description.push_str(&format!("\nCase: {number} {title}"));
            }
            items.push(IcsItem::Event {
                uid: format!("meeting-{}@contacts", m.meeting.id),
                summary: m.meeting.title.clone(),
                description: Some(description),
                start_utc: m.meeting.start,
                duration_minutes: m.meeting.minutes,
                location: Some(m.meeting.place.clone()).filter(|p| !p.is_empty()),
            });
        }
        Ok(write_calendar(
            &format!("Contacts of {}", actor.name),
            &items,
            now,
        ))
    }
}

fn check_window(days: u32) -> Result<()> {
    if !(1..=MAX_WINDOW_DAYS).contains(&days) {
        return Err(Error::invalid(
            "days",
            format!("{days} is not a number of days from 1 to {MAX_WINDOW_DAYS}"),
        ));
    }
    Ok(())
}

/// The reminder, if the actor may see its contact; otherwise "not found".
fn visible_reminder(ops: &dyn Ops, actor: &Actor, id: ReminderId) -> Result<Reminder> {
    let hidden = || Error::not_found(format!("reminder {id}"));
    let r = ops.reminder(id)?.ok_or_else(hidden)?;
    visible(ops, actor, r.contact).map_err(|_| hidden())?;
    Ok(r)
}

/// A user a reminder on a contact in `book` may be assigned to: an enabled user, and for a
/// private contact only its owner (nobody else may see it).
fn assignable(ops: &dyn Ops, book: Book, name: &str) -> Result<User> {
    let user = ops
        .user_by_name(name.trim())?
        .filter(|u| !u.disabled)
        .ok_or_else(|| Error::invalid("assignee", format!("no user '{}'", name.trim())))?;
    if let Book::Private(owner) = book {
        if owner != user.id {
            return Err(Error::invalid(
                "assignee",
                format!(
                    "'{}' cannot see this private contact; only its owner can be assigned",
                    user.name
                ),
            ));
        }
    }
    Ok(user)
}

pub(super) fn user_names(ops: &dyn Ops) -> Result<BTreeMap<UserId, String>> {
    Ok(ops.users()?.into_iter().map(|u| (u.id, u.name)).collect())
}

fn view(
    ops: &dyn Ops,
    tz: Tz,
    users: &BTreeMap<UserId, String>,
    r: Reminder,
    now: DateTime<Utc>,
) -> Result<ReminderView> {
    let c = ops
        .contact(r.contact)?
        .ok_or_else(|| Error::not_found(format!("contact {}", r.contact)))?;
    let name = |u: UserId| users.get(&u).cloned().unwrap_or_else(|| format!("#{u}"));
    Ok(ReminderView {
        contact: ContactSummary {
            id: c.id,
            book: c.book,
            name: c.data.display_name(),
        },
        due_local: time::utc_to_local(tz, r.due_at),
        created_by: name(r.created_by),
        assignee: r.assignee.map(name),
        done_by: r.done_by.map(name),
        overdue: !r.is_done() && r.due_at < now,
        can_take: !r.is_done() && c.book.is_business(),
        case: ops.reminder_case(r.id)?,
        reminder: r,
    })
}

/// The queries that find every contact whose derived name-day may fall on one of `month_days`:
/// for each name celebrated then (each word of a compound such as "Maria Magdalena"), the
/// contacts with that name; where the name has several days, only those whose birthday makes
/// the birthday rule (first day on or after the birthday, wrapping round the year) pick a day in
/// the window. The service checks each found contact exactly afterwards.
fn name_rules(cal: &Calendar, month_days: &[MonthDay]) -> Vec<NameRule> {
    let in_window = |d: &MonthDay| month_days.contains(d);
    let mut by_key: BTreeMap<String, Option<Vec<(MonthDay, MonthDay)>>> = BTreeMap::new();
    for md in month_days {
        for name in cal.names_on(*md) {
            for word in name.split_whitespace() {
                let key = crate::text::fold(word);
                if by_key.contains_key(&key) {
                    continue;
                }
                let mut born: Option<Vec<(MonthDay, MonthDay)>> = Some(Vec::new());
                for set in cal.date_sets(word) {
                    if !set.iter().any(in_window) {
                        continue;
                    }
                    if set.len() == 1 {
                        born = None; // any birthday, or none
                        break;
                    }
                    if let Some(ranges) = born.as_mut() {
                        ranges.extend(birthday_ranges(&set, &in_window));
                    }
                }
                by_key.insert(key, born);
            }
        }
    }
    by_key
        .into_iter()
        .map(|(key, born)| NameRule {
            key,
            born: born.unwrap_or_default(),
        })
        .filter(|r| !r.key.is_empty())
        .collect()
}

/// For a name celebrated on the sorted days `set` (two or more), the inclusive ranges of
/// birthdays whose chosen day lies in the window.
fn birthday_ranges(
    set: &[MonthDay],
    in_window: &impl Fn(&MonthDay) -> bool,
) -> Vec<(MonthDay, MonthDay)> {
    let jan1 = MonthDay::new(1, 1).unwrap_or_else(|_| set[0]);
    let dec31 = MonthDay::new(12, 31).unwrap_or_else(|_| set[0]);
    let mut out = Vec::new();
    for (i, d) in set.iter().enumerate() {
        if !in_window(d) {
            continue;
        }
        if i == 0 {
            out.push((jan1, *d));
            let last = set[set.len() - 1];
            if last != dec31 {
                out.push((next_day(last), dec31));
            }
        } else {
            out.push((next_day(set[i - 1]), *d));
        }
    }
    out
}

/// The next month-day in a leap year (12-31 stays).
fn next_day(md: MonthDay) -> MonthDay {
    md.in_year(2000)
        .succ_opt()
        .filter(|d| d.year() == 2000)
        .map(MonthDay::of)
        .unwrap_or(md)
}

/// The contact's name-day: the explicit one, else the one its given name and birthday give.
pub(super) fn effective_nameday(cal: &Calendar, c: &DatedContact) -> Option<MonthDay> {
    c.nameday.or_else(|| {
        if c.kind != ContactKind::Person {
            return None;
        }
        match cal.contact_nameday(&c.given, c.birthday.map(|b| b.month_day)) {
            NamedayChoice::One(d) => Some(d),
            _ => None,
        }
    })
}

fn nameday_name(c: &DatedContact) -> String {
    c.given
        .split_whitespace()
        .next()
        .map(str::to_string)
        .unwrap_or_else(|| summary(c).name)
}

fn birthday_occasions(c: &DatedContact, from: NaiveDate, days: u32, out: &mut Vec<Occasion>) {
    let Some(b) = c.birthday else { return };
    for date in occurrences(b.month_day, from, days) {
        out.push(Occasion {
            date,
            contact: unnamed(c),
            kind: OccasionKind::Birthday {
                age: b.date().and_then(|born| age_on(born, date)),
            },
        });
    }
}

/// `derived` is what the contact's given name gives without a birthday.
fn nameday_occasions(
    c: &DatedContact,
    derived: &NamedayChoice,
    from: NaiveDate,
    days: u32,
    out: &mut Vec<Occasion>,
) {
    let day = c.nameday.or_else(|| {
        if c.kind != ContactKind::Person {
            return None;
        }
        match derived {
            NamedayChoice::One(d) => Some(*d),
            NamedayChoice::Ambiguous(dates) => {
                match NamedayChoice::pick(dates, c.birthday.map(|b| b.month_day)) {
                    NamedayChoice::One(d) => Some(d),
                    _ => None,
                }
            }
            NamedayChoice::None => None,
        }
    });
    let Some(day) = day else {
        return;
    };
    for date in occurrences(day, from, days) {
        out.push(Occasion {
            date,
            contact: unnamed(c),
            kind: OccasionKind::Nameday {
                name: nameday_name(c),
            },
        });
    }
}

/// Date order, birthdays before name-days on a day, then name; ids make the order total, so
/// an unstable sort gives one answer (and needs no buffer).
fn sort_occasions(out: &mut [Occasion]) {
    out.sort_unstable_by(occasion_order);
}

fn occasion_order(a: &Occasion, b: &Occasion) -> std::cmp::Ordering {
    (a.date, kind_rank(&a.kind), &a.contact.name, a.contact.id).cmp(&(
        b.date,
        kind_rank(&b.kind),
        &b.contact.name,
        b.contact.id,
    ))
}

/// Two lists in [`sort_occasions`] order, merged into one.
fn merge_sorted(a: Vec<Occasion>, b: Vec<Occasion>) -> Vec<Occasion> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => occasion_order(x, y).is_le(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

fn kind_rank(k: &OccasionKind) -> u8 {
    match k {
        OccasionKind::Birthday { .. } => 0,
        OccasionKind::Nameday { .. } => 1,
    }
}

/// The contact of an occasion, its name left empty for [`give_name`] to fill.
fn unnamed(c: &DatedContact) -> ContactSummary {
    ContactSummary {
        id: c.id,
        book: c.book,
        name: String::new(),
    }
}

/// Names the occasions just made for `c`, moving its name into the last one (a week over a
/// million contacts makes twenty thousand; a copy each was a tenth of the time).
/// A contact's id, book and name sort key (`None` when the name columns do not give it).
pub(crate) type KeyedContact = (ContactId, Book, Option<Vec<u8>>);

fn give_name(made: &mut [Occasion], c: &mut DatedContact) {
    let Some((last, rest)) = made.split_last_mut() else {
        return;
    };
    let name = if c.name.is_empty() {
        format!("contact {}", c.id)
    } else {
        std::mem::take(&mut c.name)
    };
    for o in rest {
        o.contact.name = name.clone();
    }
    last.contact.name = name;
}

fn summary(c: &DatedContact) -> ContactSummary {
    ContactSummary {
        id: c.id,
        book: c.book,
        name: if c.name.is_empty() {
            format!("contact {}", c.id)
        } else {
            c.name.clone()
        },
    }
}

/// The latest date on or before `year` on which `day` falls as itself (29 February goes back
/// to a leap year), the first occurrence of a yearly event with no known start.
fn recent(day: MonthDay, year: i32) -> NaiveDate {
    (0..8)
        .filter_map(|back| NaiveDate::from_ymd_opt(year - back, day.month(), day.day()))
        .next()
        .unwrap_or_else(|| day.in_year(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> MonthDay {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn birthday_ranges_split_the_year_between_the_days() {
        let set = [md("03-10"), md("06-24"), md("12-27")];
        let all = |_: &MonthDay| true;
        let got: Vec<String> = birthday_ranges(&set, &all)
            .iter()
            .map(|(a, b)| format!("{a}..{b}"))
            .collect();
        assert_eq!(
            got,
            [
                "01-01..03-10",
                "12-28..12-31",
                "03-11..06-24",
                "06-25..12-27"
            ]
        );
        let only_june = |d: &MonthDay| d.month() == 6;
        assert_eq!(
            birthday_ranges(&set, &only_june),
            [(md("03-11"), md("06-24"))]
        );
        assert_eq!(next_day(md("02-28")), md("02-29"));
        assert_eq!(next_day(md("12-31")), md("12-31"));
    }

    #[test]
    fn the_feed_parses_with_an_independent_parser() {
        use crate::memory::MemoryStore;
        use crate::model::ContactData;
        use crate::service::BookKind;
        use chrono::TimeZone;
        use icalendar::parser::{read_calendar, unfold};

        let now = Utc
            .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let s = Service::new(MemoryStore::default()).with_clock(move || now);
        fn ok<T>(r: Result<T>) -> T {
            r.unwrap_or_else(|e| panic!("{e}"))
        }
        let anna = ok(s.local_actor("anna"));
        let bob = ok(s.local_actor("bob"));
        let mut lukasz = ContactData::person("Łukasz", "Przestępny");
        lukasz.birthday = Some(ok("1980-02-29".parse()));
        let lukasz = ok(s.create(&anna, BookKind::Business, lukasz));
        let mut ewa = ContactData::person("Ewa", "Prywatna");
        ewa.birthday = Some(ok("--02-29".parse()));
        let ewa = ok(s.create(&anna, BookKind::Private, ewa));
        let mut other = ContactData::person("Jan", "Boba");
        other.birthday = Some(ok("--05-05".parse()));
        ok(s.create(&bob, BookKind::Private, other));
        let call = ok(s.remind(&anna, lukasz.id, now, "Call, then write; done", None));
        ok(s.done_reminder(&bob, call.id));
        let later = ok(s.local_to_utc("2026-12-01 09:30"));
        let visit = ok(s.remind(&anna, ewa.id, later, "Visit", None));

        let ics = ok(s.ics(&anna, now));
        let unfolded = unfold(&ics);
        let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{ics}"));
        let prop = |c: &icalendar::parser::Component, name: &str| {
            c.properties
                .iter()
                .find(|p| p.name.as_str() == name)
                .map(|p| p.val.to_string())
                .unwrap_or_default()
        };
        let got: Vec<String> = cal
            .components
            .iter()
            .map(|c| {
                format!(
                    "{} {} | {} | {}{} | {}",
                    c.name,
                    prop(c, "UID"),
                    prop(c, "SUMMARY"),
                    prop(c, "DTSTART"),
                    prop(c, "DUE"),
                    [prop(c, "RRULE"), prop(c, "STATUS")].concat()
                )
            })
            .collect();
        let (l, e, c, v) = (lukasz.id, ewa.id, call.id, visit.id);
        assert_eq!(
            got,
            [
                format!("VEVENT birthday-{l}@contacts | Birthday: Łukasz Przestępny | 19800229 | FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
                format!("VEVENT nameday-{l}@contacts | Name-day: Łukasz Przestępny | 20260422 | FREQ=YEARLY"),
                format!("VEVENT birthday-{e}@contacts | Birthday: Ewa Prywatna | 20240229 | FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
                format!("VEVENT nameday-{e}@contacts | Name-day: Ewa Prywatna | 20261224 | FREQ=YEARLY"),
                format!("VTODO reminder-{c}@contacts | Call, then write; done (Łukasz Przestępny) | 20261123T120000Z | COMPLETED"),
                format!("VTODO reminder-{v}@contacts | Visit (Ewa Prywatna) | 20261201T083000Z | NEEDS-ACTION"),
            ],
            "{ics}"
        );
        let typed: std::result::Result<icalendar::Calendar, _> = ics.parse();
        assert!(typed.is_ok(), "{:?}", typed.err());
        let bobs = ok(s.ics(&bob, now));
        assert!(!bobs.contains("Prywatna") && bobs.contains("Boba") && bobs.contains("Przestępny"));
    }

    #[test]
    fn recent_finds_a_year_where_the_day_exists() {
        assert_eq!(recent(md("02-29"), 2026).to_string(), "2024-02-29");
        assert_eq!(recent(md("05-03"), 2026).to_string(), "2026-05-03");
    }
}
