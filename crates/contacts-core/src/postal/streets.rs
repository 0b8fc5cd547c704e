//! Street-level Polish postal codes, from the file an admin imports (`contacts postal import
//! FILE`): the public spreadsheet layout of the official list, one row per code, locality and
//! street with the house numbers it covers:
//!
//! ```text
//! PNA;Miejscowość;Ulica;Numery;Gmina;Powiat;Województwo
//! 61-001;Poznań;Głogowska;1-23(n), 2-40(p);Poznań;Poznań;wielkopolskie
//! ```
//!
//! Separators `;`, `,` or tab (found from the first line), an optional header, UTF-8 or
//! Windows-1250. The project ships no such file (it is not openly licensed).
//!
//! House numbers (`numbers`): comma-separated parts, each a number (`5`, `5a`), a range
//! (`1-23`, `12a-20`, `7-DK`: to the end of the street) with an optional `(n)` (odd only) or
//! `(p)` (even only). An empty `numbers` covers the whole street.

use std::io::Read;

use crate::error::{Error, Result};
use crate::text::fold;

/// The most rows one import may hold (the official list has about 120,000).
pub const MAX_ROWS: usize = 1_000_000;
/// The largest file accepted (the official list is about 15 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest value of one column.
const MAX_COLUMN: usize = 200;

/// One row of the street-level list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreetRow {
    pub code: String,
    pub locality: String,
    pub street: String,
    pub numbers: String,
    pub commune: String,
    pub county: String,
    pub voivodeship: String,
}

impl StreetRow {
    /// The folded locality the store indexes rows by.
    pub fn locality_key(&self) -> String {
        fold(self.locality.trim())
    }

    /// The folded street name without a prefix such as "ul.".
    pub fn street_key(&self) -> String {
        street_key(&self.street)
    }
}

/// A street name as stores index it: folded, without "ul.", "al.", "pl.", "os." and the like.
pub fn street_key(street: &str) -> String {
    let f = fold(street.trim());
    let mut s = f.as_str();
    for prefix in [
        "ul. ", "ul.", "ulica ", "al. ", "al.", "aleja ", "aleje ", "pl. ", "pl.", "plac ", "os. ",
        "os.", "osiedle ", "rondo ", "skwer ",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
            break;
        }
    }
    s.trim().to_string()
}

/// A street and house number typed together ("ul. Głogowska 12a/3") split into the street
/// and the house number ("12a"); the number is empty when none is found.
pub fn split_street(street: &str) -> (String, String) {
    let t = street.trim();
    if let Some((head, last)) = t.rsplit_once(' ') {
        if last.starts_with(|c: char| c.is_ascii_digit()) && !head.trim().is_empty() {
            let number = last.split('/').next().unwrap_or(last);
            return (head.trim().to_string(), number.to_string());
        }
    }
    (t.to_string(), String::new())
}

/// A house number: its numeric part and the letters after it ("12a" is (12, "a")).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HouseNumber {
    pub number: u32,
    pub suffix: String,
}

impl HouseNumber {
    pub fn parse(s: &str) -> Option<HouseNumber> {
        let t = s.trim();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() > 6 {
            return None;
        }
        let suffix: String = t[digits.len()..].trim().to_lowercase();
        if suffix.chars().count() > 3 || !suffix.chars().all(char::is_alphabetic) {
            return None;
        }
        Some(HouseNumber {
            number: digits.parse().ok()?,
            suffix,
        })
    }
}

/// Whether `numbers` (the list's column) covers house number `house`. An empty column
/// covers every number; an unreadable part covers none.
pub fn covers(numbers: &str, house: &HouseNumber) -> bool {
    let numbers = numbers.trim();
    if numbers.is_empty() {
        return true;
    }
    numbers.split(',').any(|part| part_covers(part, house))
}

fn part_covers(part: &str, house: &HouseNumber) -> bool {
    let mut p = part.trim().to_lowercase();
    let mut parity: Option<u32> = None;
    for (mark, rest) in [("(n)", 1), ("(p)", 0)] {
        if let Some(stripped) = p.strip_suffix(mark) {
            parity = Some(rest);
            p = stripped.trim().to_string();
        }
    }
    if parity.is_some_and(|r| house.number % 2 != r) {
        return false;
    }
    match p.split_once('-') {
        None => HouseNumber::parse(&p).is_some_and(|n| n == *house),
        Some((from, to)) => {
            let Some(from) = HouseNumber::parse(from) else {
                return false;
            };
            let to = to.trim();
            if *house < from {
                return false;
            }
            if to == "dk" {
                return true;
            }
            match HouseNumber::parse(to) {
                // "…-20" covers 20 and its letters (20a).
                Some(to) => {
                    house.number < to.number
                        || (house.number == to.number
                            && (to.suffix.is_empty() || house.suffix <= to.suffix))
                }
                None => false,
            }
        }
    }
}

/// Reads a street-level file; a row that is not one (no `NN-NNN` code) is an error naming
/// its line, except a header on the first line.
pub fn read_file(mut input: impl Read) -> Result<Vec<StreetRow>> {
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid("file", format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            format!("it is over {} MB", MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1250.decode(bytes).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = record.map_err(|e| Error::invalid("file", format!("line {line}: {e}")))?;
        let col = |n: usize| record.get(n).unwrap_or("").trim().to_string();
        let code = col(0);
        if !super::is_pna(&code) {
            if line == 1 {
                continue; // the header
            }
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Err(Error::invalid(
                "file",
                format!("line {line}: '{code}' is not a postal code NN-NNN"),
            ));
        }
        if record.len() < 4 {
            return Err(Error::invalid(
                "file",
                format!("line {line}: expected code, locality, street, numbers, commune, county, voivodeship"),
            ));
        }
        if record.iter().any(|c| c.chars().count() > MAX_COLUMN) {
            return Err(Error::invalid(
                "file",
                format!("line {line}: a column is longer than {MAX_COLUMN} characters"),
            ));
        }
        if rows.len() >= MAX_ROWS {
            return Err(Error::invalid("file", format!("more than {MAX_ROWS} rows")));
        }
        let row = StreetRow {
            code,
            locality: col(1),
            street: col(2),
            numbers: col(3),
            commune: col(4),
            county: col(5),
            voivodeship: col(6),
        };
        if row.locality.is_empty() {
            return Err(Error::invalid("file", format!("line {line}: no locality")));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(Error::invalid("file", "it holds no postal code rows"));
    }
    Ok(rows)
}

/// A postal code the street-level list offers for a street.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub code: String,
    pub street: String,
    pub numbers: String,
}

/// The candidates among `rows` (the locality's rows whose street starts with what was
/// typed) for house number `number` (any number when empty or unreadable), best first: a
/// covering row with a number range before a whole-street row, then by street and code.
pub fn candidates(rows: &[StreetRow], number: &str) -> Vec<Candidate> {
    let house = HouseNumber::parse(number);
    let mut out: Vec<(bool, Candidate)> = rows
        .iter()
        .filter(|r| house.as_ref().is_none_or(|h| covers(&r.numbers, h)))
        .map(|r| {
            (
                r.numbers.trim().is_empty(),
                Candidate {
                    code: r.code.clone(),
                    street: r.street.clone(),
                    numbers: r.numbers.clone(),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| {
        (a.0, street_key(&a.1.street), &a.1.code).cmp(&(b.0, street_key(&b.1.street), &b.1.code))
    });
    out.dedup_by(|a, b| a.1 == b.1);
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn h(s: &str) -> HouseNumber {
        HouseNumber::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[rstest]
    #[case("1-23(n)", "7", true)]
    #[case("1-23(n)", "8", false)]
    #[case("1-23(n)", "25", false)]
    #[case("2-40(p)", "40", true)]
    #[case("2-40(p)", "13", false)]
    #[case("5", "5", true)]
    #[case("5", "5a", false)]
    #[case("12a-20", "12", false)]
    #[case("12a-20", "12a", true)]
    #[case("12a-20", "12b", true)]
    #[case("12a-20", "20a", true)]
    #[case("12a-20", "21", false)]
    #[case("7-DK(n)", "1001", true)]
    #[case("7-DK(n)", "1002", false)]
    #[case("1-3, 8, 10-12(p)", "8", true)]
    #[case("1-3, 8, 10-12(p)", "11", false)]
    #[case("", "999", true)]
    #[case("nonsense", "1", false)]
    fn house_numbers(#[case] numbers: &str, #[case] house: &str, #[case] want: bool) {
        assert_eq!(covers(numbers, &h(house)), want, "{numbers} ∋ {house}");
    }

    #[test]
    fn streets_split_and_fold() {
        assert_eq!(
            split_street("ul. Głogowska 12a/3"),
            ("ul. Głogowska".to_string(), "12a".to_string())
        );
        assert_eq!(split_street("Rynek"), ("Rynek".to_string(), String::new()));
        assert_eq!(street_key("ul. Głogowska"), "glogowska");
        assert_eq!(street_key("Aleje Jerozolimskie"), "jerozolimskie");
        assert_eq!(street_key("al. Jerozolimskie"), "jerozolimskie");
    }

    #[test]
    fn reads_the_public_layout_and_names_a_bad_line() {
        let file = "PNA;Miejscowość;Ulica;Numery;Gmina;Powiat;Województwo\n\
                    61-001;Poznań;Głogowska;1-23(n);Poznań;Poznań;wielkopolskie\n\
                    61-002;Poznań;Głogowska;2-40(p);Poznań;Poznań;wielkopolskie\n";
        let rows = read_file(file.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].numbers, "2-40(p)");
        assert_eq!(rows[0].voivodeship, "wielkopolskie");
        let got = candidates(&rows, "14");
        assert_eq!(
            got.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["61-002"]
        );
        assert_eq!(candidates(&rows, "").len(), 2);
        let bad = format!("{file}6100;Poznań;Głogowska;1;Poznań;Poznań;wielkopolskie\n");
        let e = read_file(bad.as_bytes())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("line 4"), "{e}");
        let cp1250 = encoding_rs::WINDOWS_1250
            .encode("00-001;Łódź;Piotrkowska;;Łódź;Łódź;łódzkie\n")
            .0;
        let rows = read_file(&cp1250[..]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows[0].locality, "Łódź");
    }
}
