//! Whether a parsed phone number is valid, decided as `phonenumber::is_valid` decides it, from
//! the same metadata, with each region's patterns compiled once.
//!
//! `phonenumber` keeps its patterns in one shared regex cache: every use locks a global mutex
//! and hashes the pattern's source (for Poland, hundreds of characters) to find the compiled
//! regex, and a validity check uses up to eleven patterns. That was about 5 µs a number, half
//! of the time to read a phone number and a tenth of an import's CPU time. Here the patterns
//! of the regions numbers are checked against are compiled on first use and kept.
//!
//! The rule is `phonenumber`'s own (`validator::number_type` is not `Unknown`): the national
//! number matches the region's general pattern and at least one of its type patterns
//! (fixed line, mobile, toll free, premium rate, shared cost, VoIP, personal, pager, UAN,
//! voicemail), each pattern matching from the first digit when the number has one of the
//! pattern's possible lengths. A test compares the two on many numbers.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use phonenumber::metadata::{Descriptor, Metadata};
use phonenumber::PhoneNumber;

/// A pattern with its possible lengths, as `phonenumber::metadata::Descriptor::is_match`.
struct Pattern {
    lengths: Vec<u16>,
    regex: regex::Regex,
}

impl Pattern {
    fn of(descriptor: &Descriptor) -> Option<Pattern> {
        // The metadata's own options (whitespace in a pattern is layout); the newline ends a
        // comment the pattern might close with.
        let regex =
            regex::RegexBuilder::new(&format!("^(?:{}\n)", descriptor.national_number().as_str()))
                .ignore_whitespace(true)
                .build()
                .ok()?;
        Some(Pattern {
            lengths: descriptor.possible_length().to_vec(),
            regex,
        })
    }

    fn is_match(&self, national: &str) -> bool {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&length)) && self.regex.is_match(national)
    }
}

/// One region's patterns.
struct Region {
    general: Pattern,
    types: Vec<Pattern>,
}

impl Region {
    fn of(meta: &Metadata) -> Option<Region> {
        let d = meta.descriptors();
        let types = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ];
        let mut patterns = Vec::new();
        for descriptor in types.into_iter().flatten() {
            patterns.push(Pattern::of(descriptor)?);
        }
        Some(Region {
            general: Pattern::of(d.general())?,
            types: patterns,
        })
    }

    fn is_valid(&self, national: &str) -> bool {
        self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
    }
}

/// Regions by calling code, compiled on first use; `None` for a code this check leaves to
/// `phonenumber` (shared by several regions, or not compiled).
fn region(code: u16) -> Option<&'static Region> {
    static REGIONS: OnceLock<Mutex<HashMap<u16, Option<&'static Region>>>> = OnceLock::new();
    let regions = REGIONS.get_or_init(Default::default);
    let mut regions = regions.lock().unwrap_or_else(|e| e.into_inner());
    *regions.entry(code).or_insert_with(|| {
        let db = &*phonenumber::metadata::DATABASE;
        // One region for the code, as `phonenumber`'s `source_for` takes it directly.
        let ids = db.region(&code)?;
        let [id] = ids.as_slice() else {
            return None;
        };
        // "001" is every non-geographic code's region: its metadata is found by the code,
        // as `phonenumber` finds it.
        let meta = if *id == "001" {
            db.by_code(&code)?.into_iter().next()?
        } else {
            db.by_id(*id)?
        };
        // Kept for the life of the program, like `phonenumber`'s own database (one entry
        // per calling code ever seen: at most a few hundred).
        Region::of(meta).map(|r| &*Box::leak(Box::new(r)))
    })
}

/// Whether `number` is valid, as `phonenumber::is_valid` says.
pub(crate) fn is_valid(number: &PhoneNumber) -> bool {
    let code = number.country().code();
    let national = number.national().to_string();
    match region(code) {
        Some(region) => region.is_valid(&national),
        None => phonenumber::is_valid(number),
    }
}

/// A number written the way Polish numbers nearly always are: nine digits, the first not a
/// zero, in groups split by single spaces or hyphens, after `+48 ` or nothing (and then not
/// starting with 48). Such a number
/// is its nine digits under calling code 48 for `phonenumber` as well (Poland has no
/// national prefix to strip), so it is checked without `phonenumber::parse`, which is most
/// of the time to read a phone number; `Some` with its E.164 form when valid, `Some(None)`
/// when not, `None` for any other shape (then `parse` decides). A test compares the two.
pub(crate) fn polish(typed: &str) -> Option<Option<String>> {
    // After `+48` a separator, or digits alone: `phonenumber` refuses "+488-98774792" (it
    // reads the calling code from the first group).
    let (rest, with_code) = match typed.strip_prefix("+48") {
        Some(rest) => match rest.strip_prefix([' ', '-']) {
            Some(rest) => (rest, true),
            None if rest.bytes().all(|b| b.is_ascii_digit()) => (rest, true),
            None => return None,
        },
        None => (typed, false),
    };
    let mut national = String::with_capacity(9);
    let mut after_digit = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                national.push(c);
                after_digit = true;
            }
            ' ' | '-' if after_digit => after_digit = false,
            _ => return None,
        }
    }
    // Without `+48`, `phonenumber` may take a leading "48" for the calling code
    // ("488544306" is 8544306 to it).
    if !after_digit
        || national.len() != 9
        || national.starts_with('0')
        || (!with_code && national.starts_with("48"))
    {
        return None;
    }
    let region = region(48)?;
    Some(region.is_valid(&national).then(|| format!("+48{national}")))
}

/// The E.164 form, `+` calling code national number: what `phonenumber`'s E.164 formatter
/// writes, without the national format it looks up first and does not use.
pub(crate) fn e164(number: &PhoneNumber) -> String {
    format!("+{}{}", number.country().code(), number.national())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed pseudo-random sequence (xorshift).
    fn random(seed: u64) -> impl FnMut() -> u64 {
        let mut rng = seed;
        move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        }
    }

    /// Many numbers of every length and leading digit, in several countries and under
    /// non-geographic codes.
    fn numbers() -> Vec<String> {
        let mut next = random(0x5eed);
        let mut out = Vec::new();
        // Non-geographic codes (+800, +808, +870, +882, +883) share the region "001".
        for country in [
            "", "+48 ", "+1 ", "+44 ", "+49 ", "+7 ", "+420 ", "+380 ", "+800 ", "+808 ", "+870 ",
            "+882 ", "+883 ",
        ] {
            for _ in 0..4000 {
                let len = 5 + (next() % 9) as usize;
                let digits: String = (0..len)
                    .map(|_| char::from(b'0' + (next() % 10) as u8))
                    .collect();
                out.push(format!("{country}{digits}"));
            }
        }
        out
    }

    #[test]
    fn the_polish_shapes_read_as_phonenumber_reads_them() {
        let mut next = random(0x9e37_79b9);
        let (mut fast, mut valid) = (0, 0);
        for _ in 0..60_000 {
            let len = 8 + (next() % 3) as usize;
            let mut raw =
                ["", "+48", "+48 ", "+48-", "+4", " ", "(22) "][(next() % 7) as usize].to_string();
            for i in 0..len {
                if i > 0 && next().is_multiple_of(4) {
                    raw.push([' ', '-', ' ', '-', ' ', '.'][(next() % 6) as usize]);
                }
                raw.push(char::from(b'0' + (next() % 10) as u8));
            }
            let Some(ours) = polish(&raw) else {
                continue;
            };
            fast += 1;
            let theirs = theirs(&raw);
            assert_eq!(ours, theirs, "{raw}");
            valid += usize::from(ours.is_some());
        }
        // Both answers are common among the numbers that took the fast path.
        assert!(fast > 4_000, "{fast}");
        assert!(valid > 1_000 && valid < fast - 1_000, "{valid} of {fast}");
    }

    /// `phonenumber`'s E.164 reading of a valid number, with Poland the default region.
    fn theirs(raw: &str) -> Option<String> {
        phonenumber::parse(Some(phonenumber::country::Id::PL), raw)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|p| p.format().mode(phonenumber::Mode::E164).to_string())
    }

    proptest::proptest! {
        // Nine digits in the usual groups: the fast path answers (but for a leading 48
        // without the code), as phonenumber does.
        #[test]
        fn the_fast_path_answers_the_usual_shapes_as_phonenumber_does(
            raw in "(\\+48[ -])?[1-9][0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{3}"
        ) {
            let ours = polish(&raw);
            let leading_48 = !raw.starts_with('+') && raw.starts_with("48");
            proptest::prop_assert_eq!(ours.is_some(), !leading_48, "{}", raw);
            if let Some(ours) = ours {
                proptest::prop_assert_eq!(ours, theirs(&raw), "{}", raw);
            }
        }

        // Any other text: wherever the fast path answers, phonenumber answers the same.
        #[test]
        fn the_fast_path_agrees_wherever_it_answers(raw in "(\\+48|\\+4|00)?[0-9 +-]{0,14}|\\PC{0,12}") {
            if let Some(ours) = polish(&raw) {
                proptest::prop_assert_eq!(ours, theirs(&raw), "{}", raw);
            }
        }
    }

    #[test]
    fn validity_and_e164_are_phonenumbers_own() {
        let mut valid = 0;
        let mut checked = 0;
        for raw in numbers() {
            let Ok(parsed) = phonenumber::parse(Some(phonenumber::country::Id::PL), &raw) else {
                continue;
            };
            checked += 1;
            let theirs = phonenumber::is_valid(&parsed);
            assert_eq!(is_valid(&parsed), theirs, "{raw}");
            assert_eq!(
                e164(&parsed),
                parsed.format().mode(phonenumber::Mode::E164).to_string(),
                "{raw}"
            );
            valid += usize::from(theirs);
        }
        // Both answers occur often enough for the comparison to mean something.
        assert!(checked > 40_000, "{checked}");
        assert!(
            valid > 3_000 && valid < checked - 3_000,
            "{valid} of {checked}"
        );
    }
}
