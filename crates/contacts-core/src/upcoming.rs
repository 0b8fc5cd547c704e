//! Date arithmetic for "who celebrates in the next N days": where a yearly day falls in a window
//! of dates, which month-days a store must look up for a window, and ages.
//!
//! A window is `[from, from + days)`: `days == 0` is empty, `days == 1` is `from` alone. Windows
//! may cross the year end (28 Dec + 7 days reaches 3 Jan). 29 February is celebrated on
//! 28 February in common years, the same rule as [`MonthDay::in_year`].

use chrono::{Datelike, Days, NaiveDate};

use crate::date::MonthDay;

/// Every occurrence of a yearly `day` in the window `[from, from + days)`, in date order.
///
/// A window longer than a year holds several occurrences. A 29 February `day` occurs on
/// 28 February in common years. Windows reaching past the last date chrono can represent end there.
pub fn occurrences(day: MonthDay, from: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let end = window_end(from, days);
    let mut out = Vec::new();
    for year in from.year()..=end.year() {
        let date = day.in_year(year);
        if date >= from && date < end {
            out.push(date);
        }
    }
    out
}

/// The month-days whose occurrence falls in the window `[from, from + days)`, in the order they
/// first occur, each once, so that a store with an index on (month, day) can answer the window.
///
/// When the window holds 28 February of a common year, 02-29 follows 02-28 in the list: people
/// born on a leap day celebrate on 28 February then.
pub fn month_days_in_window(from: NaiveDate, days: u32) -> Vec<MonthDay> {
    let end = window_end(from, days);
    let mut out: Vec<MonthDay> = Vec::new();
    let mut seen = [[false; 32]; 13];
    let mut push = |md: MonthDay, out: &mut Vec<MonthDay>| {
        let slot = &mut seen[md.month() as usize][md.day() as usize];
        if !*slot {
            *slot = true;
            out.push(md);
        }
    };
    let mut date = from;
    // After a full year (and a day) every month-day has been seen; stop there.
    while date < end && out.len() < 366 {
        let md = MonthDay::of(date);
        push(md, &mut out);
        if md.month() == 2 && md.day() == 28 && !is_leap(date.year()) {
            if let Ok(leap_day) = MonthDay::new(2, 29) {
                push(leap_day, &mut out);
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// Age in whole years on `on` of someone born on `birth`; `None` if `on` is before `birth`.
///
/// Someone born on 29 February turns a year older on 28 February in common years, the day the
/// birthday is celebrated (see [`MonthDay::in_year`]).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let years = on.year() - birth.year();
    let birthday_this_year = MonthDay::of(birth).in_year(on.year());
    let age = if on >= birthday_this_year {
        years
    } else {
        years - 1
    };
    u32::try_from(age).ok()
}

/// The first date after the window `[from, from + days)`, clamped to the last representable date.
fn window_end(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn is_leap(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn md(s: &str) -> MonthDay {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn dates(v: &[NaiveDate]) -> Vec<String> {
        v.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn occurrences_across_the_year_end() {
        let from = d("2025-12-28");
        assert_eq!(dates(&occurrences(md("01-03"), from, 7)), ["2026-01-03"]);
        assert_eq!(
            dates(&occurrences(md("01-04"), from, 7)),
            Vec::<String>::new()
        );
        assert_eq!(dates(&occurrences(md("12-28"), from, 7)), ["2025-12-28"]);
        assert_eq!(
            dates(&occurrences(md("12-27"), from, 7)),
            Vec::<String>::new()
        );
        assert_eq!(
            dates(&occurrences(md("12-28"), from, 0)),
            Vec::<String>::new()
        );
        assert_eq!(
            dates(&occurrences(md("12-28"), from, 365)),
            ["2025-12-28"],
            "the window ends before 2026-12-28"
        );
        assert_eq!(
            dates(&occurrences(md("12-28"), from, 366)),
            ["2025-12-28", "2026-12-28"]
        );
    }

    #[test]
    fn leap_day_occurrences() {
        let leap = md("02-29");
        assert_eq!(
            dates(&occurrences(leap, d("2027-02-20"), 10)),
            ["2027-02-28"]
        );
        assert_eq!(
            dates(&occurrences(leap, d("2028-02-20"), 10)),
            ["2028-02-29"]
        );
        assert_eq!(
            dates(&occurrences(leap, d("2028-02-20"), 9)),
            Vec::<String>::new()
        );
        assert_eq!(
            dates(&occurrences(leap, d("2027-01-01"), 2 * 366)),
            ["2027-02-28", "2028-02-29"]
        );
    }

    #[test]
    fn month_days_for_windows() {
        let list = |from: &str, days: u32| -> Vec<String> {
            month_days_in_window(d(from), days)
                .iter()
                .map(|m| m.to_string())
                .collect()
        };
        assert_eq!(
            list("2025-12-28", 7),
            ["12-28", "12-29", "12-30", "12-31", "01-01", "01-02", "01-03"]
        );
        assert_eq!(list("2027-02-27", 3), ["02-27", "02-28", "02-29", "03-01"]);
        assert_eq!(list("2028-02-27", 3), ["02-27", "02-28", "02-29"]);
        assert_eq!(list("2028-02-28", 1), ["02-28"]);
        assert_eq!(list("2028-02-28", 0), Vec::<String>::new());
        assert_eq!(month_days_in_window(d("2025-03-01"), 800).len(), 366);
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(d("1980-05-10"), d("2025-05-09")), Some(44));
        assert_eq!(age_on(d("1980-05-10"), d("2025-05-10")), Some(45));
        assert_eq!(age_on(d("1980-05-10"), d("1980-05-10")), Some(0));
        assert_eq!(age_on(d("1980-05-10"), d("1980-05-09")), None);
        assert_eq!(age_on(d("1980-02-29"), d("2025-02-27")), Some(44));
        assert_eq!(age_on(d("1980-02-29"), d("2025-02-28")), Some(45));
        assert_eq!(age_on(d("1980-02-29"), d("2028-02-28")), Some(47));
        assert_eq!(age_on(d("1980-02-29"), d("2028-02-29")), Some(48));
        assert_eq!(age_on(d("1999-12-31"), d("2000-12-30")), Some(0));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(200 * 366)).prop_map(|n| {
            d("1900-01-01")
                .checked_add_days(Days::new(n as u64))
                .unwrap_or_else(|| panic!("{n}"))
        })
    }

    fn any_month_day() -> impl Strategy<Value = MonthDay> {
        (0u64..366).prop_map(|n| {
            // 2000 is a leap year, so this reaches every month-day including 02-29.
            MonthDay::of(
                d("2000-01-01")
                    .checked_add_days(Days::new(n))
                    .unwrap_or_else(|| panic!("{n}")),
            )
        })
    }

    /// Where a yearly `day` is celebrated in the year of `date`, walking dates one at a time.
    fn celebrated_on(day: MonthDay, date: NaiveDate) -> bool {
        MonthDay::of(date) == day
            || (day.month() == 2 && day.day() == 29 && !is_leap(date.year()) && {
                date.month() == 2 && date.day() == 28
            })
    }

    fn walk(from: NaiveDate, days: u32) -> Vec<NaiveDate> {
        from.iter_days().take(days as usize).collect()
    }

    proptest! {
        #[test]
        fn occurrences_match_a_day_by_day_walk(
            day in any_month_day(), from in any_date(), days in 0u32..800,
        ) {
            let got = occurrences(day, from, days);
            let want: Vec<NaiveDate> =
                walk(from, days).into_iter().filter(|&x| celebrated_on(day, x)).collect();
            prop_assert_eq!(&got, &want);
            for x in &got {
                prop_assert!(*x >= from && (*x - from).num_days() < i64::from(days));
            }
        }

        #[test]
        fn month_days_match_a_day_by_day_walk(from in any_date(), days in 0u32..800) {
            let got = month_days_in_window(from, days);
            // Brute force: a month-day belongs when it has an occurrence in the window; order by
            // first occurrence (02-29 sorts right after 02-28 when it falls on 28 February).
            let mut want: Vec<(NaiveDate, MonthDay)> = Vec::new();
            for n in 0..366u64 {
                let md = MonthDay::of(d("2000-01-01") + Days::new(n));
                if let Some(first) = occurrences(md, from, days).first() {
                    want.push((*first, md));
                }
            }
            want.sort();
            let want: Vec<MonthDay> = want.into_iter().map(|(_, md)| md).collect();
            prop_assert_eq!(got, want);
        }
    }
}
