//! Calendar dates without a year (birthdays, name-days) and dates with an optional year.
//!
//! A birthday may be known without its year ("--03-14" in vCard 4.0), so the domain keeps
//! month and day apart from the year instead of forcing a fake year into a `NaiveDate`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// A day of the year: month 1..=12 and a day valid in a leap year (so 02-29 is allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u8,
    day: u8,
}

const DAYS_IN_MONTH_LEAP: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl MonthDay {
    /// Builds a month-day, rejecting impossible ones such as 02-30 or 13-01.
    pub fn new(month: u32, day: u32) -> Result<MonthDay> {
        if !(1..=12).contains(&month) {
            return Err(Error::invalid(
                "date",
                format!("month {month} is not 1 to 12"),
            ));
        }
        let max = u32::from(DAYS_IN_MONTH_LEAP[(month - 1) as usize]);
        if day == 0 || day > max {
            return Err(Error::invalid(
                "date",
                format!("day {day} does not exist in month {month:02}"),
            ));
        }
        Ok(MonthDay {
            month: month as u8,
            day: day as u8,
        })
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The month-day of a full date.
    pub fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: date.month() as u8,
            day: date.day() as u8,
        }
    }

    /// This day in `year`. 29 February falls on 28 February in common years.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month(), self.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = Error;

    /// Accepts `MM-DD`, `--MM-DD` and `--MMDD`, and the Polish `DD.MM` (a closing dot
    /// allowed: `18.10.`).
    fn from_str(s: &str) -> Result<MonthDay> {
        let t = s.trim();
        if let Some((d, m)) = t.strip_suffix('.').unwrap_or(t).split_once('.') {
            let part = |p: &str| -> Result<u32> {
                if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Error::invalid(
                        "date",
                        format!("'{s}' is not DD.MM or MM-DD"),
                    ));
                }
                p.parse()
                    .map_err(|_| Error::invalid("date", format!("'{s}' is not DD.MM or MM-DD")))
            };
            return MonthDay::new(part(m)?, part(d)?);
        }
        let t = t.strip_prefix("--").unwrap_or(t);
        let (m, d) = match t.split_once('-') {
            Some(parts) => parts,
            None if t.len() == 4 && t.is_ascii() => t.split_at(2),
            None => {
                return Err(Error::invalid(
                    "date",
                    format!("'{s}' is not DD.MM or MM-DD"),
                ))
            }
        };
        let parse = |p: &str| -> Result<u32> {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::invalid(
                    "date",
                    format!("'{s}' is not DD.MM or MM-DD"),
                ));
            }
            p.parse()
                .map_err(|_| Error::invalid("date", format!("'{s}' is not DD.MM or MM-DD")))
        };
        MonthDay::new(parse(m)?, parse(d)?)
    }
}

/// A date whose year may be unknown, such as a birthday given as `--03-14`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month_day: MonthDay,
}

impl PartialDate {
    pub fn full(date: NaiveDate) -> PartialDate {
        PartialDate {
            year: Some(date.year()),
            month_day: MonthDay::of(date),
        }
    }

    pub fn without_year(month_day: MonthDay) -> PartialDate {
        PartialDate {
            year: None,
            month_day,
        }
    }

    /// The full date, when the year is known and the day exists in it.
    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month_day.month(), self.month_day.day())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{}", self.month_day),
            None => write!(f, "--{}", self.month_day),
        }
    }
}

impl FromStr for PartialDate {
    type Err = Error;

    /// Accepts `YYYY-MM-DD`, `YYYYMMDD`, `--MM-DD` and `--MMDD`, and the Polish
    /// `DD.MM.YYYY` and `DD.MM` (a day without its year).
    fn from_str(s: &str) -> Result<PartialDate> {
        let t = s.trim();
        let bad = || {
            Error::invalid(
                "date",
                format!("'{s}' is not DD.MM.YYYY, YYYY-MM-DD, DD.MM or --MM-DD"),
            )
        };
        if t.starts_with("--") {
            return Ok(PartialDate::without_year(t.parse()?));
        }
        if t.contains('.') {
            let parts: Vec<&str> = t.split('.').collect();
            return match parts.as_slice() {
                [_, _] | [_, _, ""] => Ok(PartialDate::without_year(t.parse().map_err(|_| bad())?)),
                [d, m, y] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                    let md: MonthDay = format!("{d}.{m}").parse().map_err(|_| bad())?;
                    let year: i32 = y.parse().map_err(|_| bad())?;
                    let date =
                        NaiveDate::from_ymd_opt(year, md.month(), md.day()).ok_or_else(bad)?;
                    Ok(PartialDate::full(date))
                }
                _ => Err(bad()),
            };
        }
        let date = NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(t, "%Y%m%d"))
            .map_err(|_| bad())?;
        if t.len() < 8 {
            return Err(bad());
        }
        Ok(PartialDate::full(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::month_day("03-14", "03-14")]
    #[case::vcard_without_year("--0314", "03-14")]
    #[case::leap_day("--02-29", "02-29")]
    fn parses_and_prints_month_days(#[case] input: &str, #[case] want: &str) {
        assert_eq!(
            input
                .parse::<MonthDay>()
                .map(|m| m.to_string())
                .ok()
                .as_deref(),
            Some(want)
        );
    }

    #[rstest]
    fn refuses_days_that_do_not_exist(
        #[values("02-30", "13-01", "00-10", "3", "ab-cd", "04-31")] bad: &str,
    ) {
        assert!(bad.parse::<MonthDay>().is_err(), "{bad} should be rejected");
    }

    #[test]
    fn leap_day_falls_on_28_february_in_common_years() {
        let md: MonthDay = "02-29".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(md.in_year(2027).to_string(), "2027-02-28");
        assert_eq!(md.in_year(2028).to_string(), "2028-02-29");
    }

    #[test]
    fn partial_dates() {
        assert_eq!(
            "1980-02-29"
                .parse::<PartialDate>()
                .ok()
                .map(|d| d.to_string())
                .as_deref(),
            Some("1980-02-29")
        );
        assert_eq!(
            "--12-24"
                .parse::<PartialDate>()
                .ok()
                .map(|d| d.to_string())
                .as_deref(),
            Some("--12-24")
        );
        assert!("1981-02-29".parse::<PartialDate>().is_err());
        assert!("2020-1-1x".parse::<PartialDate>().is_err());
    }
}
