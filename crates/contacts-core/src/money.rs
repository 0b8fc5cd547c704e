//! Money for cases: exact decimal amounts (`rust_decimal`, never floats), currencies, line
//! and case totals, and rounding to two places (half to even) only for display.
//!
//! Quantities and unit prices have at most [`MAX_SCALE`] decimal places and stay below
//! [`MAX_AMOUNT`], so a line total (at most 8 places, below 10^18) is always exact.
//!
//! ```
//! use contacts_core::money::{self, Amount};
//! let line = money::line_total(Amount::parse("quantity", "2.5")?, Amount::parse("price", "3,333")?)?;
//! assert_eq!(line.to_string(), "8.3325");
//! assert_eq!(money::display(line), "8.33");
//! # Ok::<(), contacts_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;

use crate::error::{Error, Result};

/// The most decimal places a quantity or price may have.
pub const MAX_SCALE: u32 = 4;
/// Quantities and prices are below this (one billion).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// A non-negative quantity or unit price with at most four decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Checks the rules; `field` names the value in the error ("quantity", "price").
    pub fn new(field: &str, d: Decimal) -> Result<Amount> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(Error::invalid(field, format!("{d} is negative")));
        }
        if d.scale() > MAX_SCALE && d.normalize().scale() > MAX_SCALE {
            return Err(Error::invalid(
                field,
                format!("{d} has more than {MAX_SCALE} decimal places"),
            ));
        }
        if d >= Decimal::from(MAX_AMOUNT) {
            return Err(Error::invalid(
                field,
                format!("{d} is too large (the limit is {MAX_AMOUNT})"),
            ));
        }
        let d = if d.scale() > MAX_SCALE {
            d.normalize()
        } else {
            d
        };
        Ok(Amount(d.abs()))
    }

    /// Parses "1234.50", "1234,50" or "1 234,50".
    pub fn parse(field: &str, s: &str) -> Result<Amount> {
        let cleaned: String = s
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let d = Decimal::from_str_exact(&cleaned)
            .map_err(|_| Error::invalid(field, format!("'{s}' is not a number")))?;
        Amount::new(field, d)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An ISO 4217-style currency code: three upper-case ASCII letters. The default is PLN.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(String);

impl Currency {
    pub fn pln() -> Currency {
        Currency("PLN".into())
    }

    pub fn parse(s: &str) -> Result<Currency> {
        let t = s.trim().to_ascii_uppercase();
        if t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(t))
        } else {
            Err(Error::invalid(
                "currency",
                format!("'{s}' is not a three-letter currency code such as PLN or EUR"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Currency {
    fn default() -> Currency {
        Currency::pln()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::parse(s)
    }
}

/// Quantity × unit price, exactly.
pub fn line_total(quantity: Amount, price: Amount) -> Result<Decimal> {
    quantity
        .0
        .checked_mul(price.0)
        .ok_or_else(|| Error::invalid("price", "the line total is too large"))
}

/// Sums exactly; fails rather than round when a sum leaves the exact range.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for v in values {
        total = add(total, v)?;
    }
    Ok(total)
}

/// `a + b`, refusing any result that could not be kept exactly.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    let too_large = || Error::invalid("total", "the total is too large to keep exactly");
    let s = a.checked_add(b).ok_or_else(too_large)?;
    // rust_decimal rounds away low digits rather than overflow; an exact sum keeps the
    // larger scale of its operands.
    if s.scale() < a.scale().max(b.scale()) && s - a != b {
        return Err(too_large());
    }
    Ok(s)
}

/// Rounded to two places, half to even (banker's rounding): for display only.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// "1234.50": rounded to two places, half to even, always with two decimals. This is also
/// the one form money takes in CSV, for every currency ([`crate::report`]).
pub fn display(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

/// Totals per currency, in currency order.
pub type Totals = Vec<(Currency, Decimal)>;

/// Adds `value` in `currency` to `totals`, keeping currency order.
pub fn add_to(totals: &mut Totals, currency: &Currency, value: Decimal) -> Result<()> {
    match totals.binary_search_by(|(c, _)| c.cmp(currency)) {
        Ok(i) => totals[i].1 = add(totals[i].1, value)?,
        Err(i) => totals.insert(i, (currency.clone(), value)),
    }
    Ok(())
}

/// "PLN=12.5;EUR=3": the compact form stores keep a case's totals in.
pub fn encode_totals(totals: &Totals) -> String {
    totals
        .iter()
        .map(|(c, v)| format!("{c}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads [`encode_totals`]' form back.
pub fn decode_totals(s: &str) -> Result<Totals> {
    let mut out = Totals::new();
    for part in s.split(';').filter(|p| !p.is_empty()) {
        let (c, v) = part
            .split_once('=')
            .ok_or_else(|| Error::invalid("totals", format!("bad totals '{s}'")))?;
        let v = Decimal::from_str_exact(v)
            .map_err(|_| Error::invalid("totals", format!("bad totals '{s}'")))?;
        add_to(&mut out, &Currency::parse(c)?, v)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn amount(s: &str) -> Amount {
        Amount::parse("x", s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parsing_and_rules() {
        assert_eq!(amount("1 234,50").to_string(), "1234.50");
        assert_eq!(amount("0.10000").to_string(), "0.1");
        for bad in ["-1", "abc", "1.23456", "1000000000", ""] {
            assert!(Amount::parse("quantity", bad).is_err(), "{bad}");
        }
        assert!(Currency::parse("eur").is_ok());
        assert!(Currency::parse("EURO").is_err());
    }

    #[rstest]
    #[case("0.125", "0.12")]
    #[case("0.135", "0.14")]
    #[case("2.5", "2.50")]
    #[case("8.3325", "8.33")]
    #[case("1", "1.00")]
    #[case("0.005", "0.00")]
    #[case("0.015", "0.02")]
    fn display_rounds_half_to_even(#[case] v: &str, #[case] shown: &str) {
        let d = Decimal::from_str_exact(v).unwrap_or_default();
        assert_eq!(display(d), shown, "{v}");
    }

    #[test]
    fn totals_round_trip_their_stored_form() {
        let mut t = Totals::new();
        let v = |s: &str| Decimal::from_str_exact(s).unwrap_or_default();
        add_to(&mut t, &Currency::pln(), v("10.5")).unwrap_or_else(|e| panic!("{e}"));
        add_to(&mut t, &Currency::parse("EUR").unwrap_or_default(), v("3"))
            .unwrap_or_else(|e| panic!("{e}"));
        add_to(&mut t, &Currency::pln(), v("0.25")).unwrap_or_else(|e| panic!("{e}"));
        let s = encode_totals(&t);
        assert_eq!(s, "EUR=3;PLN=10.75");
        assert_eq!(decode_totals(&s).unwrap_or_default(), t);
    }

    /// An amount as an exact (mantissa, scale) pair, the way it is written.
    fn amount_parts() -> impl Strategy<Value = (i64, u32)> {
        (0i64..MAX_AMOUNT * 10_000, 0u32..=4).prop_map(|(m, scale)| {
            // Keep the value below MAX_AMOUNT whatever the scale.
            (m % (MAX_AMOUNT * 10i64.pow(scale)), scale)
        })
    }

    fn text_of(m: i64, scale: u32) -> String {
        Decimal::new(m, scale).to_string()
    }

    proptest! {
        /// A line total is quantity × price exactly, checked against integer arithmetic.
        #[test]
        fn line_total_is_exact((qm, qs) in amount_parts(), (pm, ps) in amount_parts()) {
            let q = Amount::parse("quantity", &text_of(qm, qs)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let p = Amount::parse("price", &text_of(pm, ps)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let t = line_total(q, p).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let exact = i128::from(qm) * i128::from(pm);
            let scale = qs + ps;
            // t == exact / 10^scale  <=>  t * 10^scale == exact
            let mut back = t;
            back.rescale(scale);
            prop_assert_eq!(back.mantissa(), exact);
            prop_assert_eq!(back.scale(), scale);
        }

        /// A case total is the exact sum of its lines, in any order.
        #[test]
        fn case_total_is_the_sum_of_lines(lines in proptest::collection::vec((amount_parts(), amount_parts()), 0..40)) {
            let mut exact: i128 = 0; // in units of 10^-8
            let mut totals = Vec::new();
            for ((qm, qs), (pm, ps)) in &lines {
                let q = Amount::new("q", Decimal::new(*qm, *qs)).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let p = Amount::new("p", Decimal::new(*pm, *ps)).map_err(|e| TestCaseError::fail(e.to_string()))?;
                totals.push(line_total(q, p).map_err(|e| TestCaseError::fail(e.to_string()))?);
                exact += i128::from(*qm) * i128::from(*pm) * 10i128.pow(8 - qs - ps);
            }
            let forward = sum(totals.iter().copied()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let backward = sum(totals.iter().rev().copied()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(forward, backward);
            let mut f = forward;
            f.rescale(8);
            prop_assert_eq!(f.mantissa(), exact);
        }

        /// Display rounds once, half to even, to two places, and matches integer rounding.
        #[test]
        fn display_is_half_even_of_the_exact_value(m in 0i64..10_000_000_000, scale in 0u32..=8) {
            let d = Decimal::new(m, scale);
            let shown = display(d);
            // Integer half-even rounding of m / 10^scale to cents.
            let expect = if scale <= 2 {
                i128::from(m) * 10i128.pow(2 - scale)
            } else {
                let div = 10i128.pow(scale - 2);
                let (q, r) = (i128::from(m) / div, i128::from(m) % div);
                if r * 2 > div || (r * 2 == div && q % 2 == 1) { q + 1 } else { q }
            };
            prop_assert_eq!(shown, format!("{}.{:02}", expect / 100, expect % 100));
        }
    }
}
