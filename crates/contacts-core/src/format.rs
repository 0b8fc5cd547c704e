//! How values are shown to people and which forms of them people may type, per UI language,
//! written once for every frontend (CLI tables, web pages). Machine formats (JSON, vCard,
//! CSV, iCalendar) stay ISO and are not this module's business.
//!
//! Polish: dates `18.10.1985` (a day without a year `18.10`), times `18.10.2026 14:30` in the
//! installation's time zone, money `3 249,97 zł` (space between thousands, decimal comma,
//! PLN as "zł"), NIP `123-456-78-90`. English keeps ISO dates (`1985-10-18`) and amounts as
//! the product always wrote them (`3249.97 PLN`), with the same NIP grouping.
//!
//! Input is accepted in either form whatever the language: `18.10.1985`, `1985-10-18` and
//! `19851018`; for a day without a year `18.10`, `18.10.`, `--10-18` and `10-18`; times as
//! `18.10.2026 14:30` or `2026-10-18 14:30`. The parsers live with their types
//! ([`PartialDate`], [`MonthDay`], [`crate::time::parse_local`], [`parse_date`]).
//!
//! ```
//! use contacts_core::{format, model::Language, money::{Currency, Decimal}};
//! let d = format::parse_date("date", "18.10.1985")?;
//! assert_eq!(format::date(Language::Polish, d), "18.10.1985");
//! assert_eq!(format::date(Language::English, d), "1985-10-18");
//! let v: Decimal = "3249.97".parse().unwrap_or_default();
//! assert_eq!(format::money(Language::Polish, v, &Currency::pln()), "3 249,97 zł");
//! # Ok::<(), contacts_core::Error>(())
//! ```

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::date::{MonthDay, PartialDate};
use crate::error::{Error, Result};
use crate::model::{Language, Nip};
use crate::money::{self, Currency, Decimal};

/// What a date field shows as its placeholder ("DD.MM.RRRR").
pub fn date_placeholder(lang: Language) -> &'static str {
    match lang {
        Language::Polish => "DD.MM.RRRR",
        Language::English => "YYYY-MM-DD",
    }
}

/// What a date-and-time field shows as its placeholder.
pub fn datetime_placeholder(lang: Language) -> &'static str {
    match lang {
        Language::Polish => "DD.MM.RRRR GG:MM",
        Language::English => "YYYY-MM-DD HH:MM",
    }
}

/// An HTML `pattern` for a date field: `18.10.1985` or `1985-10-18` (the server checks the
/// day exists).
pub const DATE_PATTERN: &str = r"\s*(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\s*";
/// An HTML `pattern` for a date-and-time field (a `T` as the separator accepted too).
pub const DATETIME_PATTERN: &str =
    r"\s*(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2})?\s*";

/// A full date: `18.10.1985` in Polish, `1985-10-18` in English.
pub fn date(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::Polish => d.format("%d.%m.%Y").to_string(),
        Language::English => d.format("%Y-%m-%d").to_string(),
    }
}

/// A day of the year: `18.10` in Polish, `10-18` in English.
pub fn month_day(lang: Language, md: MonthDay) -> String {
    match lang {
        Language::Polish => format!("{:02}.{:02}", md.day(), md.month()),
        Language::English => md.to_string(),
    }
}

/// A date whose year may be unknown: `18.10.1985` / `18.10` in Polish, `1985-10-18` /
/// `--10-18` in English.
pub fn partial_date(lang: Language, d: PartialDate) -> String {
    match (lang, d.year) {
        (Language::Polish, Some(y)) => {
            format!("{:02}.{:02}.{y:04}", d.month_day.day(), d.month_day.month())
        }
        (Language::Polish, None) => month_day(lang, d.month_day),
        (Language::English, _) => d.to_string(),
    }
}

/// A local wall-clock time: `18.10.2026 14:30` in Polish, `2026-10-18 14:30` in English.
pub fn local_datetime(lang: Language, t: NaiveDateTime) -> String {
    match lang {
        Language::Polish => t.format("%d.%m.%Y %H:%M").to_string(),
        Language::English => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A stored instant shown in the installation's time zone `tz`.
pub fn datetime(lang: Language, tz: Tz, t: DateTime<Utc>) -> String {
    local_datetime(lang, crate::time::utc_to_local(tz, t))
}

/// The local day of a stored instant in `tz`.
pub fn day_of(lang: Language, tz: Tz, t: DateTime<Utc>) -> String {
    date(lang, crate::time::utc_to_local(tz, t).date())
}

/// A full date typed by a person: `18.10.1985`, `1985-10-18` or `19851018`; `field` names
/// the value in the error.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    let bad = || {
        Error::invalid(
            field,
            format!("'{s}' is not a date such as 18.10.1985 or 1985-10-18"),
        )
    };
    s.parse::<PartialDate>()
        .ok()
        .and_then(PartialDate::date)
        .ok_or_else(bad)
}

/// A decimal rounded to two places (half to even): `3 249,97` in Polish (a space between
/// thousands), `3249.97` in English (as the product always wrote it).
pub fn decimal(lang: Language, d: Decimal) -> String {
    let plain = money::display(d);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    let (group, point) = match lang {
        Language::Polish => (Some(' '), ','),
        Language::English => (None, '.'),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if let Some(g) = group.filter(|_| i > 0 && (int.len() - i) % 3 == 0) {
            grouped.push(g);
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{point}{frac}")
}

/// An amount with its currency: `3 249,97 zł` (PLN) or `12,50 EUR` in Polish; `3249.97 PLN`
/// in English.
pub fn money(lang: Language, d: Decimal, currency: &Currency) -> String {
    let code = match (lang, currency.as_str()) {
        (Language::Polish, "PLN") => "zł",
        (_, code) => code,
    };
    format!("{} {code}", decimal(lang, d))
}

/// A quantity or price as typed back into a form: no grouping, the language's decimal mark,
/// no trailing zeros beyond what was stored (`2,5` in Polish, `2.5` in English).
pub fn amount_input(lang: Language, d: Decimal) -> String {
    let s = d.normalize().to_string();
    match lang {
        Language::Polish => s.replace('.', ","),
        Language::English => s,
    }
}

/// A NIP as `123-456-78-90`.
pub fn nip(n: &Nip) -> String {
    let s = n.as_str();
    if s.len() != 10 || !s.is_ascii() {
        return s.to_string();
    }
    format!("{}-{}-{}-{}", &s[0..3], &s[3..6], &s[6..8], &s[8..10])
}

/// The formats of one page or report: the reader's language and the installation's time
/// zone ([`crate::service::Service::formatter`]).
#[derive(Debug, Clone, Copy)]
pub struct Formatter {
    pub lang: Language,
    pub tz: Tz,
}

impl Formatter {
    /// Formats in the default zone (Europe/Warsaw), for when the setting cannot be read.
    pub fn default_zone(lang: Language) -> Formatter {
        Formatter {
            lang,
            tz: chrono_tz::Europe::Warsaw,
        }
    }

    pub fn date(&self, d: NaiveDate) -> String {
        date(self.lang, d)
    }
    pub fn partial_date(&self, d: PartialDate) -> String {
        partial_date(self.lang, d)
    }
    pub fn month_day(&self, md: MonthDay) -> String {
        month_day(self.lang, md)
    }
    /// A stored instant in the installation's time zone.
    pub fn datetime(&self, t: DateTime<Utc>) -> String {
        datetime(self.lang, self.tz, t)
    }
    /// The local day of a stored instant.
    pub fn day_of(&self, t: DateTime<Utc>) -> String {
        day_of(self.lang, self.tz, t)
    }
    pub fn local_datetime(&self, t: NaiveDateTime) -> String {
        local_datetime(self.lang, t)
    }
    pub fn money(&self, d: Decimal, currency: &Currency) -> String {
        money(self.lang, d, currency)
    }
    pub fn decimal(&self, d: Decimal) -> String {
        decimal(self.lang, d)
    }
    pub fn amount_input(&self, d: Decimal) -> String {
        amount_input(self.lang, d)
    }
    pub fn date_placeholder(&self) -> &'static str {
        date_placeholder(self.lang)
    }
    pub fn datetime_placeholder(&self) -> &'static str {
        datetime_placeholder(self.lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const PL: Language = Language::Polish;
    const EN: Language = Language::English;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[rstest]
    #[case("18.10.1985", "18.10.1985", "1985-10-18")]
    #[case("1985-10-18", "18.10.1985", "1985-10-18")]
    #[case("8.3.2026", "08.03.2026", "2026-03-08")]
    #[case(" 29.02.2028 ", "29.02.2028", "2028-02-29")]
    #[case("19851018", "18.10.1985", "1985-10-18")]
    fn dates_in_and_out(#[case] input: &str, #[case] pl: &str, #[case] en: &str) {
        let d = parse_date("date", input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(date(PL, d), pl);
        assert_eq!(date(EN, d), en);
    }

    #[rstest]
    fn bad_dates_name_the_field(
        #[values(
            "31.02.2026",
            "18.10",
            "18-10-1985",
            "1985/10/18",
            "jutro",
            "",
            "1.1.85"
        )]
        bad: &str,
    ) {
        let e = parse_date("deadline", bad)
            .err()
            .unwrap_or_else(|| panic!("{bad} accepted"));
        assert!(e.to_string().contains("deadline"), "{e}");
        assert!(e.to_string().contains("18.10.1985"), "{e}");
    }

    #[rstest]
    #[case("18.10.1985", "18.10.1985", "1985-10-18")]
    #[case("18.10", "18.10", "--10-18")]
    #[case("18.10.", "18.10", "--10-18")]
    #[case("--10-18", "18.10", "--10-18")]
    #[case("29.02", "29.02", "--02-29")]
    fn partial_dates_in_and_out(#[case] input: &str, #[case] pl: &str, #[case] en: &str) {
        let d: PartialDate = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(partial_date(PL, d), pl);
        assert_eq!(partial_date(EN, d), en);
    }

    #[test]
    fn month_days_both_ways() {
        for (input, pl, en) in [
            ("18.10", "18.10", "10-18"),
            ("18.10.", "18.10", "10-18"),
            ("10-18", "18.10", "10-18"),
        ] {
            let md: MonthDay = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(month_day(PL, md), pl);
            assert_eq!(month_day(EN, md), en);
        }
        assert!("31.02".parse::<MonthDay>().is_err());
        assert!("10.18".parse::<MonthDay>().is_err(), "day.month: month 18");
    }

    #[rstest]
    #[case("3249.97", "3 249,97 zł", "3249.97 PLN")]
    #[case("0", "0,00 zł", "0.00 PLN")]
    #[case("999.999", "1 000,00 zł", "1000.00 PLN")]
    #[case("1234567.005", "1 234 567,00 zł", "1234567.00 PLN")]
    #[case("-1500.5", "-1 500,50 zł", "-1500.50 PLN")]
    #[case("12.5", "12,50 zł", "12.50 PLN")]
    fn money_per_language(#[case] v: &str, #[case] pl: &str, #[case] en: &str) {
        assert_eq!(money(PL, dec(v), &Currency::pln()), pl);
        assert_eq!(money(EN, dec(v), &Currency::pln()), en);
    }

    #[test]
    fn other_currencies_keep_their_code() {
        let eur = Currency::parse("EUR").unwrap_or_default();
        assert_eq!(money(PL, dec("1200"), &eur), "1 200,00 EUR");
    }

    #[test]
    fn decimal_commas_round_trip() {
        let a = crate::money::Amount::parse("price", "3 249,97").unwrap_or_default();
        assert_eq!(amount_input(PL, a.value()), "3249,97");
        assert_eq!(amount_input(EN, a.value()), "3249.97");
        assert_eq!(amount_input(PL, dec("2.50")), "2,5");
    }

    #[test]
    fn nip_is_grouped() {
        let n = Nip::parse("PL 1234563218").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nip(&n), "123-456-32-18");
    }

    #[test]
    fn times_in_the_installations_zone() {
        let tz: Tz = crate::time::parse_tz("Europe/Warsaw").unwrap_or_else(|e| panic!("{e}"));
        let t = DateTime::parse_from_rfc3339("2026-10-18T12:30:00Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .with_timezone(&Utc);
        assert_eq!(datetime(PL, tz, t), "18.10.2026 14:30");
        assert_eq!(datetime(EN, tz, t), "2026-10-18 14:30");
        let winter = DateTime::parse_from_rfc3339("2026-12-31T23:30:00Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .with_timezone(&Utc);
        assert_eq!(datetime(PL, tz, winter), "01.01.2027 00:30");
        assert_eq!(day_of(PL, tz, winter), "01.01.2027");
        let local = crate::time::parse_local("18.10.2026 14:30").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(local_datetime(EN, local), "2026-10-18 14:30");
    }
}
