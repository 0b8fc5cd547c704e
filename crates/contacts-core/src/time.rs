//! Wall-clock time in the installation's time zone. Reminders are stored in UTC and shown in
//! local time; these helpers convert both ways, correctly across daylight-saving changes.
//!
//! Converting local time to UTC has two awkward cases on the days the clocks change:
//! - a time that does not exist (02:30 on the spring-forward day in Europe/Warsaw) is refused
//!   with an `Invalid` error saying so;
//! - a time that exists twice (02:30 on the autumn fall-back day) means the earlier of the two,
//!   the one still in summer time, which is what someone writing "02:30" before the change meant.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// The setting key of the installation's time zone (an IANA name such as "Europe/Warsaw").
pub const TIMEZONE_SETTING: &str = "timezone";
/// The time zone when none is set.
pub const DEFAULT_TIMEZONE: &str = "Europe/Warsaw";

/// An IANA time zone by name ("Europe/Warsaw", "UTC").
pub fn parse_tz(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "timezone",
            format!("'{name}' is not a time zone name (such as Europe/Warsaw or UTC)"),
        )
    })
}

/// Parses a local date and time: `YYYY-MM-DD HH:MM` or the Polish `DD.MM.YYYY HH:MM`, with
/// optional `:SS`, and a `T` instead of the space accepted too.
pub fn parse_local(s: &str) -> Result<NaiveDateTime> {
    let t = s.trim();
    for format in [
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(dt);
        }
    }
    Err(Error::invalid(
        "time",
        format!("'{s}' is not a date and time such as 10.09.2026 12:00 or 2026-09-10 12:00"),
    ))
}

/// The UTC instant of a local wall-clock time in `tz`. A time skipped by a spring-forward change
/// is an error; a time repeated by a fall-back change is taken at its earlier occurrence.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(Error::invalid(
            "time",
            format!(
                "{} does not exist in {} (the clocks jump forward then); choose another time",
                local.format("%Y-%m-%d %H:%M"),
                tz.name()
            ),
        )),
    }
}

/// The local wall-clock time in `tz` of a UTC instant.
pub fn utc_to_local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// The UTC instant local `date` begins in `tz` (its first existing minute, should midnight be
/// skipped by a clock change).
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    // A zone may skip midnight (some did); try the next minutes of the day.
    for _ in 0..(24 * 60) {
        if let Ok(t) = local_to_utc(tz, local) {
            return t;
        }
        local += chrono::Duration::minutes(1);
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn warsaw() -> Tz {
        parse_tz("Europe/Warsaw").unwrap_or_else(|e| panic!("{e}"))
    }

    fn utc(s: &str) -> String {
        local_to_utc(
            warsaw(),
            parse_local(s).unwrap_or_else(|e| panic!("{s}: {e}")),
        )
        .map(|t| t.format("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn warsaw_summer_and_winter() {
        assert_eq!(utc("2026-09-10 12:00"), "2026-09-10 10:00:00Z");
        assert_eq!(utc("2026-01-10 12:00"), "2026-01-10 11:00:00Z");
        assert_eq!(utc("2026-01-10T12:00:30"), "2026-01-10 11:00:30Z");
    }

    #[test]
    fn spring_forward_skips_an_hour() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST.
        assert_eq!(utc("2026-03-29 01:59"), "2026-03-29 00:59:00Z");
        assert_eq!(
            utc("2026-03-29 02:30"),
            "error: invalid time: 2026-03-29 02:30 does not exist in Europe/Warsaw (the clocks jump forward then); choose another time"
        );
        assert_eq!(utc("2026-03-29 03:00"), "2026-03-29 01:00:00Z");
    }

    #[test]
    fn fall_back_repeats_an_hour_and_the_earlier_one_wins() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        assert_eq!(utc("2026-10-25 01:30"), "2026-10-24 23:30:00Z");
        assert_eq!(utc("2026-10-25 02:30"), "2026-10-25 00:30:00Z");
        assert_eq!(utc("2026-10-25 03:30"), "2026-10-25 02:30:00Z");
        let later = Utc
            .with_ymd_and_hms(2026, 10, 25, 1, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(
            utc_to_local(warsaw(), later).to_string(),
            "2026-10-25 02:30:00",
            "the later 02:30 shows as 02:30 too"
        );
    }

    #[test]
    fn bad_input() {
        assert!(parse_tz("Mars/Olympus").is_err());
        for bad in [
            "2026-02-31 12:00",
            "2026-09-10",
            "12:00",
            "2026-09-10 25:00",
        ] {
            assert!(parse_local(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_start_at_local_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap_or_default();
        assert_eq!(
            start_of_day(warsaw(), d).to_rfc3339(),
            "2026-03-28T23:00:00+00:00"
        );
        let d = NaiveDate::from_ymd_opt(2026, 3, 30).unwrap_or_default();
        assert_eq!(
            start_of_day(warsaw(), d).to_rfc3339(),
            "2026-03-29T22:00:00+00:00"
        );
    }

    fn any_zone() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            "Europe/Warsaw",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "UTC",
            "America/Santiago",
        ])
        .prop_map(|n| parse_tz(n).unwrap_or_else(|e| panic!("{e}")))
    }

    proptest! {
        /// Every UTC instant shows as a local time that converts back to it, except the later
        /// occurrence of a repeated hour, which converts to the earlier one (an hour or less away).
        #[test]
        fn utc_local_round_trip(tz in any_zone(), secs in 0i64..(120 * 365 * 86_400)) {
            let t = DateTime::from_timestamp(946_684_800 + secs - 60 * 365 * 86_400, 0)
                .unwrap_or_default();
            let local = utc_to_local(tz, t);
            let back = local_to_utc(tz, local);
            prop_assert!(back.is_ok(), "{local} shown in {tz} must exist");
            let back = back.unwrap_or_default();
            prop_assert!(back <= t);
            prop_assert!((t - back).num_minutes() <= 60);
            prop_assert_eq!(utc_to_local(tz, back), local);
        }

        /// A local time that exists converts to UTC and shows as itself again.
        #[test]
        fn local_utc_round_trip(tz in any_zone(), day in 0u64..40_000, minute in 0u32..1440) {
            let date = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
                + chrono::Days::new(day);
            let local = date.and_time(
                NaiveTime::from_num_seconds_from_midnight_opt(minute * 60, 0).unwrap_or_default(),
            );
            if let Ok(t) = local_to_utc(tz, local) {
                prop_assert_eq!(utc_to_local(tz, t), local);
            }
        }
    }
}
