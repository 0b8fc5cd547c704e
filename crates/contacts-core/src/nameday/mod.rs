//! Name-day calendars compiled into the binary: given a name, the days it is celebrated; given a
//! day, the names; and the name-day of a contact derived from the given name.
//!
//! Names are matched by their [`fold`]ed form, so case and diacritics do not matter: "lukasz" and
//! "ŁUKASZ" find "Łukasz". Where two distinct names of a calendar fold to the same key (such as
//! "Adela" and "Adéla"), a case-insensitive exact match picks one; otherwise the answer is the
//! union of their dates, under both spellings ("Adela/Adéla").
//!
//! A compound entry such as "Maria Magdalena" is found as a whole and under each of its words:
//! "Magdalena" includes the days of "Maria Magdalena" (and so does "Maria").
//!
//! The data and how it was cleaned are described in `data/namedays/SOURCES.md`.

mod data;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::Datelike;

use crate::date::MonthDay;
use crate::text::fold;

/// One country's name-day calendar.
#[derive(Debug)]
pub struct Calendar {
    country: &'static str,
    /// The names of each day of a leap year, indexed by the day's ordinal (0 = 1 January).
    by_day: Vec<Vec<String>>,
    /// Folded name -> the names with that key and their days.
    index: HashMap<String, Vec<Entry>>,
}

/// A name as written in the calendar, with its days in calendar order.
#[derive(Debug)]
struct Entry {
    display: String,
    dates: Vec<MonthDay>,
}

/// The days a name is celebrated, from [`Calendar::lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameDays {
    /// The name as the calendar writes it, with diacritics ("Łukasz"). When several spellings
    /// fold to the asked name and none matches exactly, they are joined with "/".
    pub name: String,
    /// The days, in calendar order, each once.
    pub dates: Vec<MonthDay>,
}

/// The name is not in the calendar; `suggestions` are the nearest known names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// Up to five known names closest to the asked one (by edit distance of their folded forms,
    /// at most 3 edits), nearest first.
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("name not in the name-day calendar")?;
        if !self.suggestions.is_empty() {
            write!(f, "; did you mean {}?", self.suggestions.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownName {}

/// The name-day of a contact, from [`Calendar::contact_nameday`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedayChoice {
    /// The given name is not in the calendar.
    None,
    /// One day: the name has a single day, or the birthday picked one.
    One(MonthDay),
    /// Several days and nothing to choose between them; the user should pick one.
    Ambiguous(Vec<MonthDay>),
}

impl NamedayChoice {
    /// The choice among the days of a given name (in calendar order): none, the only one, the
    /// first on or after a known birthday (wrapping to the first of the year), or all of them
    /// to pick from.
    pub fn pick(dates: &[MonthDay], birthday: Option<MonthDay>) -> NamedayChoice {
        match (dates, birthday) {
            ([], _) => NamedayChoice::None,
            ([one], _) => NamedayChoice::One(*one),
            ([first_date, ..], Some(birthday)) => NamedayChoice::One(
                dates
                    .iter()
                    .copied()
                    .find(|d| *d >= birthday)
                    .unwrap_or(*first_date),
            ),
            (_, None) => NamedayChoice::Ambiguous(dates.to_vec()),
        }
    }
}

const MAX_SUGGESTIONS: usize = 5;
const MAX_SUGGESTION_DISTANCE: usize = 3;

impl Calendar {
    /// The calendar of `country` (an ISO 3166 code as listed by [`Calendar::countries`], any case),
    /// parsed on first use and kept for the life of the program.
    pub fn get(country: &str) -> Option<&'static Calendar> {
        static CALENDARS: [OnceLock<Option<Calendar>>; data::FILES.len()] =
            [const { OnceLock::new() }; data::FILES.len()];
        let i = data::FILES
            .iter()
            .position(|(cc, _)| cc.eq_ignore_ascii_case(country.trim()))?;
        let (cc, text) = data::FILES[i];
        CALENDARS[i].get_or_init(|| parse(cc, text).ok()).as_ref()
    }

    /// The country codes with a calendar, sorted.
    pub fn countries() -> &'static [&'static str] {
        static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
        CODES.get_or_init(|| data::FILES.iter().map(|(cc, _)| *cc).collect())
    }

    /// This calendar's country code, such as "pl".
    pub fn country(&self) -> &str {
        self.country
    }

    /// The days `name` is celebrated, in calendar order; empty if the name is unknown.
    pub fn dates_of(&self, name: &str) -> Vec<MonthDay> {
        self.find(name).map(|n| n.dates).unwrap_or_default()
    }

    /// The names celebrated on `day`, as the calendar writes them.
    pub fn names_on(&self, day: MonthDay) -> &[String] {
        self.by_day
            .get(day_index(day))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every list of days a given name folding to the same key as `name` can resolve to: one per
    /// spelling in the calendar ("Adela", "Adéla"), plus their union when there are several
    /// (what [`Calendar::lookup`] gives for a spelling matching none exactly). Empty if unknown.
    /// Queries use it to find every contact who may celebrate on a day without knowing how each
    /// one spells the name.
    pub fn date_sets(&self, name: &str) -> Vec<Vec<MonthDay>> {
        let Some(entries) = self.index.get(&fold(name.trim())) else {
            return Vec::new();
        };
        let mut sets: Vec<Vec<MonthDay>> = entries.iter().map(|e| e.dates.clone()).collect();
        if entries.len() > 1 {
            let mut all: Vec<MonthDay> = entries.iter().flat_map(|e| e.dates.clone()).collect();
            all.sort();
            all.dedup();
            sets.push(all);
        }
        sets
    }

    /// The name as the calendar writes it and its days, or the nearest known names.
    pub fn lookup(&self, name: &str) -> Result<NameDays, UnknownName> {
        self.find(name).ok_or_else(|| UnknownName {
            suggestions: self.suggestions(&name.split_whitespace().collect::<Vec<_>>().join(" ")),
        })
    }

    /// [`Calendar::lookup`] without the suggestions, which cost a pass over every name: what
    /// per-contact lookups (upcoming name-days over a big book) want.
    fn find(&self, name: &str) -> Option<NameDays> {
        let wanted = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let entries = self.index.get(&fold(&wanted))?;
        let lower = wanted.to_lowercase();
        if let Some(exact) = entries.iter().find(|e| e.display.to_lowercase() == lower) {
            return Some(NameDays {
                name: exact.display.clone(),
                dates: exact.dates.clone(),
            });
        }
        let mut dates: Vec<MonthDay> = entries.iter().flat_map(|e| e.dates.clone()).collect();
        dates.sort();
        dates.dedup();
        let names: Vec<&str> = entries.iter().map(|e| e.display.as_str()).collect();
        Some(NameDays {
            name: names.join("/"),
            dates,
        })
    }

    /// The name-day of a contact with this given name: only its first word counts ("Jan Maria" ->
    /// "Jan"; a hyphenated "Anna-Maria" unknown as a whole falls back to "Anna").
    ///
    /// A name with one day gives that day. With several days, a known birthday picks the first
    /// day on or after it, wrapping to the first day of the year; without one the days are
    /// [`NamedayChoice::Ambiguous`]. An unknown name gives [`NamedayChoice::None`].
    pub fn contact_nameday(&self, given_name: &str, birthday: Option<MonthDay>) -> NamedayChoice {
        let Some(first) = given_name.split_whitespace().next() else {
            return NamedayChoice::None;
        };
        let mut dates = self.dates_of(first);
        if dates.is_empty() {
            if let Some((head, _)) = first.split_once('-') {
                dates = self.dates_of(head);
            }
        }
        NamedayChoice::pick(&dates, birthday)
    }

    /// Known names nearest to `name` by edit distance of the folded forms.
    fn suggestions(&self, name: &str) -> Vec<String> {
        let key: Vec<char> = fold(name).chars().collect();
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &str)> = Vec::new();
        for (other, entries) in &self.index {
            let distance = edit_distance(&key, other);
            if distance <= MAX_SUGGESTION_DISTANCE {
                scored.extend(entries.iter().map(|e| (distance, e.display.as_str())));
            }
        }
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

/// The ordinal of `day` in a leap year (0 = 1 January, 365 = 31 December).
fn day_index(day: MonthDay) -> usize {
    // 2000 is a leap year, so every month-day exists in it.
    day.in_year(2000).ordinal0() as usize
}

/// Levenshtein distance between `a` and `b`, counted in characters.
fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Parses one country's file; an error names the first bad line.
fn parse(country: &'static str, text: &str) -> Result<Calendar, String> {
    let mut by_day: Vec<Vec<String>> = vec![Vec::new(); 366];
    let mut index: HashMap<String, Vec<Entry>> = HashMap::new();
    let mut add = |key_source: &str, display: &str, day: MonthDay| {
        let entries = index.entry(fold(key_source)).or_default();
        let entry = match entries.iter_mut().position(|e| e.display == display) {
            Some(i) => &mut entries[i],
            None => {
                entries.push(Entry {
                    display: display.to_string(),
                    dates: Vec::new(),
                });
                let last = entries.len() - 1;
                &mut entries[last]
            }
        };
        if entry.dates.last() != Some(&day) {
            entry.dates.push(day);
        }
    };
    for (n, line) in text.lines().enumerate() {
        let bad = |why: &str| format!("{country}.txt line {}: {why}", n + 1);
        let (day, names) = line.split_once('\t').ok_or_else(|| bad("no tab"))?;
        let day: MonthDay = day.parse().map_err(|e| bad(&format!("{e}")))?;
        let slot = &mut by_day[day_index(day)];
        if !slot.is_empty() {
            return Err(bad("day listed twice"));
        }
        for name in names.split(',') {
            let name = name.trim();
            if name.is_empty() {
                return Err(bad("empty name"));
            }
            slot.push(name.to_string());
            add(name, name, day);
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() > 1 {
                for word in words {
                    add(word, word, day);
                }
            }
        }
    }
    // Lines come in calendar order, but sort anyway so `dates` is in order whatever the file.
    for entries in index.values_mut() {
        for e in entries.iter_mut() {
            e.dates.sort();
            e.dates.dedup();
        }
    }
    Ok(Calendar {
        country,
        by_day,
        index,
    })
}

#[cfg(test)]
mod tests;
