//! An iCalendar (RFC 5545) writer for the calendar feed: birthdays and name-days as yearly
//! all-day events, meetings as timed events, reminders as to-dos.
//!
//! Output follows RFC 5545: CRLF line ends; content lines folded at 75 octets (never inside a
//! UTF-8 character) with a single space starting each continuation; TEXT values escaped
//! (backslash, semicolon, comma, newline); `VERSION:2.0`, `PRODID` and a `DTSTAMP` on every
//! component. Times are written in UTC (`...Z`), so no `VTIMEZONE` is needed.
//!
//! A yearly all-day event starting on 29 February recurs with
//! `RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1`, the last day of February, so it shows on
//! 28 February in common years, the rule the rest of the program uses (`MonthDay::in_year`).
//! A plain `FREQ=YEARLY` would skip common years: RFC 5545 drops invalid dates such as 29 Feb 2027.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

/// The `PRODID` used by [`write_calendar`].
pub const DEFAULT_PRODID: &str = "-//Contacts//Contacts calendar feed//EN";

/// One component of a calendar feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IcsItem {
    /// An all-day event every year (birthday, name-day), first on `first`.
    YearlyAllDay {
        /// Globally unique and stable across feeds, such as "birthday-42@contacts".
        uid: String,
        /// The title.
        summary: String,
        /// Longer text, if any.
        description: Option<String>,
        /// The first occurrence (a birth date, or this year's name-day). 29 February recurs on the
        /// last day of February.
        first: NaiveDate,
        /// An alarm this many days before each occurrence (a `VALARM` with
        /// `TRIGGER:-PnD`), if any.
        alarm_days_before: Option<u32>,
    },
    /// A timed event, such as a planned meeting.
    Event {
        /// Globally unique and stable across feeds.
        uid: String,
        /// The title.
        summary: String,
        /// Longer text, if any.
        description: Option<String>,
        /// When it starts.
        start_utc: DateTime<Utc>,
        /// How long it lasts, in minutes.
        duration_minutes: u32,
        /// Where, if anywhere.
        location: Option<String>,
    },
    /// A to-do with a due time, such as a reminder; done when `completed_utc` is set.
    Todo {
        /// Globally unique and stable across feeds.
        uid: String,
        /// The title.
        summary: String,
        /// Longer text, if any.
        description: Option<String>,
        /// When it is due.
        due_utc: DateTime<Utc>,
        /// When it was marked done, if it was.
        completed_utc: Option<DateTime<Utc>>,
    },
}

/// Writes calendars with a given `PRODID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsWriter {
    /// The product identifier, such as "-//Contacts//Contacts calendar feed//EN".
    pub prodid: String,
}

impl Default for IcsWriter {
    fn default() -> IcsWriter {
        IcsWriter {
            prodid: DEFAULT_PRODID.to_string(),
        }
    }
}

impl IcsWriter {
    /// The calendar `name` holding `items`, as iCalendar text. `dtstamp` (when the feed was made)
    /// goes on every component.
    pub fn write(&self, name: &str, items: &[IcsItem], dtstamp: DateTime<Utc>) -> String {
        let mut out = Lines::default();
        out.line("BEGIN:VCALENDAR");
        out.line("VERSION:2.0");
        out.line(&format!("PRODID:{}", escape_text(&self.prodid)));
        out.line("CALSCALE:GREGORIAN");
        // NAME is RFC 7986; X-WR-CALNAME is what most clients read.
        out.line(&format!("NAME:{}", escape_text(name)));
        out.line(&format!("X-WR-CALNAME:{}", escape_text(name)));
        let stamp = format!("DTSTAMP:{}", utc(dtstamp));
        for item in items {
            match item {
                IcsItem::YearlyAllDay {
                    uid,
                    summary,
                    description,
                    first,
                    alarm_days_before,
                } => {
                    out.line("BEGIN:VEVENT");
                    out.line(&format!("UID:{}", escape_text(uid)));
                    out.line(&stamp);
                    out.line(&format!("DTSTART;VALUE=DATE:{}", date(*first)));
                    if let Some(next) = first.checked_add_days(Days::new(1)) {
                        out.line(&format!("DTEND;VALUE=DATE:{}", date(next)));
                    }
                    if first.month() == 2 && first.day() == 29 {
                        out.line("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
                    } else {
                        out.line("RRULE:FREQ=YEARLY");
                    }
                    out.text("SUMMARY", summary);
                    if let Some(d) = description {
                        out.text("DESCRIPTION", d);
                    }
                    out.line("TRANSP:TRANSPARENT");
                    if let Some(days) = alarm_days_before {
                        out.line("BEGIN:VALARM");
                        out.line("ACTION:DISPLAY");
                        out.line(&format!("TRIGGER:-P{days}D"));
                        out.text("DESCRIPTION", summary);
                        out.line("END:VALARM");
                    }
                    out.line("END:VEVENT");
                }
                IcsItem::Event {
                    uid,
                    summary,
                    description,
                    start_utc,
                    duration_minutes,
                    location,
                } => {
                    out.line("BEGIN:VEVENT");
                    out.line(&format!("UID:{}", escape_text(uid)));
                    out.line(&stamp);
                    out.line(&format!("DTSTART:{}", utc(*start_utc)));
                    out.line(&format!("DURATION:PT{duration_minutes}M"));
                    out.text("SUMMARY", summary);
                    if let Some(d) = description {
                        out.text("DESCRIPTION", d);
                    }
                    if let Some(l) = location {
                        out.text("LOCATION", l);
                    }
                    out.line("END:VEVENT");
                }
                IcsItem::Todo {
                    uid,
                    summary,
                    description,
                    due_utc,
                    completed_utc,
                } => {
                    out.line("BEGIN:VTODO");
                    out.line(&format!("UID:{}", escape_text(uid)));
                    out.line(&stamp);
                    out.line(&format!("DUE:{}", utc(*due_utc)));
                    out.text("SUMMARY", summary);
                    if let Some(d) = description {
                        out.text("DESCRIPTION", d);
                    }
                    match completed_utc {
                        Some(done) => {
                            out.line("STATUS:COMPLETED");
                            out.line(&format!("COMPLETED:{}", utc(*done)));
                        }
                        None => out.line("STATUS:NEEDS-ACTION"),
                    }
                    out.line("END:VTODO");
                }
            }
        }
        out.line("END:VCALENDAR");
        out.0
    }
}

/// The calendar `name` holding `items`, with [`DEFAULT_PRODID`]; see [`IcsWriter::write`].
pub fn write_calendar(name: &str, items: &[IcsItem], dtstamp: DateTime<Utc>) -> String {
    IcsWriter::default().write(name, items, dtstamp)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash, a
/// line break becomes `\n`. Other control characters, which TEXT does not allow, are dropped
/// (a tab is kept).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (without its line end) into CRLF-ended physical lines of at most
/// 75 octets; continuation lines start with a space (RFC 5545 §3.1). Never splits a character.
pub fn fold_line(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// The output being built, one folded content line at a time.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, content: &str) {
        self.0.push_str(&fold_line(content));
    }

    fn text(&mut self, property: &str, value: &str) {
        self.line(&format!("{property}:{}", escape_text(value)));
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests;
