//! What search finds a contact by: the words of its names, organisation, e-mails, notes and
//! custom field values, folded, plus phone digits; and how a query becomes prefix terms.
//!
//! Both stores index [`document`] and match [`terms`] as prefixes, so "lukasz" finds
//! "Łukasz" and "601234" finds "+48 601 234 567".

use crate::model::ContactData;
use crate::text::fold;

/// The folded words a contact is found by, separated by spaces.
pub fn document(c: &ContactData) -> String {
    let mut words = String::new();
    let mut push = |s: &str| {
        for w in fold(s).split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                words.push_str(w);
                words.push(' ');
            }
        }
    };
    let n = &c.name;
    for part in [
        &n.prefix,
        &n.given,
        &n.additional,
        &n.family,
        &n.suffix,
        &c.nickname,
        &c.org_name,
        &c.department,
        &c.job_title,
        &c.notes,
    ] {
        push(part);
    }
    for e in &c.emails {
        push(e.address());
        // The whole address too, so "jan.kowalski@" narrows well.
        let whole: String = fold(e.address())
            .chars()
            .filter(|ch| ch.is_alphanumeric())
            .collect();
        push(&whole);
    }
    for a in &c.addresses {
        push(&a.street);
        push(&a.locality);
    }
    for v in c.custom.values() {
        push(&v.to_string());
    }
    let mut out = words;
    for p in &c.phones {
        // International digits, national digits, and the digits as typed.
        let intl: String = p.e164().chars().filter(char::is_ascii_digit).collect();
        let typed: String = p.raw().chars().filter(char::is_ascii_digit).collect();
        out.push_str(&intl);
        out.push(' ');
        let national = intl.strip_prefix("48");
        if let Some(national) = national {
            out.push_str(national);
            out.push(' ');
        }
        if !typed.is_empty() && typed != intl && Some(typed.as_str()) != national {
            out.push_str(&typed);
            out.push(' ');
        }
    }
    if let Some(nip) = &c.nip {
        out.push_str(nip.as_str());
        out.push(' ');
    }
    out.truncate(out.trim_end().len());
    out
}

/// The prefix terms of a query: folded words of letters and digits. A query of digits
/// and spaces ("601 234") is one digit term, as typed phone numbers are.
pub fn terms(query: &str) -> Vec<String> {
    let q = query.trim();
    if !q.is_empty()
        && q.chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')')
    {
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        return if digits.is_empty() {
            vec![]
        } else {
            vec![digits]
        };
    }
    let mut words = words_of(q);
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words
}

/// Folded alphanumeric words.
fn words_of(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether every term is a prefix of some word of `doc` (what FTS5 prefix queries do).
pub fn matches(doc: &str, terms: &[String]) -> bool {
    !terms.is_empty()
        && terms
            .iter()
            .all(|t| doc.split(' ').any(|w| w.starts_with(t.as_str())))
}

/// Whether every one of `words` is a whole word of `doc`.
pub fn has_words(doc: &str, words: &[String]) -> bool {
    words.iter().all(|t| doc.split(' ').any(|w| w == t))
}

/// The key lists sort by: family then given name, else the display name, as the bytes of
/// its Polish collation key ([`collation_key`]). Byte order of two keys is Polish
/// alphabetical order of the names, so a store orders by the key alone (SQLite compares
/// the BLOBs with `memcmp`, an index walks them in order).
pub fn sort_key(c: &ContactData) -> Vec<u8> {
    // The display name only when there is no family or given name to sort by.
    if c.name.family.trim().is_empty() && c.name.given.trim().is_empty() {
        sort_key_of("", "", &c.display_name())
    } else {
        sort_key_of(&c.name.family, &c.name.given, "")
    }
}

/// [`sort_key`] from its parts: family and given name, else `display`.
pub fn sort_key_of(family: &str, given: &str, display: &str) -> Vec<u8> {
    let (family, given) = (family.trim(), given.trim());
    if family.is_empty() && given.is_empty() {
        collation_key(display.trim())
    } else {
        collation_key(format!("{family} {given}").trim())
    }
}

/// The Polish collation key of `text` (ICU4X, CLDR's Polish tailoring, tertiary
/// strength): "Baran" < "Bąk" < "Bąkowski", "Lucyna" < "Łukasz" < "Maria", "ewa" < "Ewa".
pub fn collation_key(text: &str) -> Vec<u8> {
    use icu_collator::options::CollatorOptions;
    use icu_collator::{Collator, CollatorBorrowed};
    static POLISH: std::sync::LazyLock<Option<CollatorBorrowed<'static>>> =
        std::sync::LazyLock::new(|| {
            Collator::try_new(
                icu_locale_core::locale!("pl").into(),
                CollatorOptions::default(),
            )
            .ok()
        });
    let mut key = Vec::with_capacity(text.len() * 3);
    match POLISH.as_ref() {
        Some(c) => {
            let _ = c.write_sort_key_to(text, &mut key);
        }
        // The data is compiled in, so this does not happen; folded text keeps some order.
        None => key.extend_from_slice(fold(text).as_bytes()),
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Email, Phone};

    fn doc_of(c: &ContactData) -> String {
        document(c)
    }

    #[test]
    fn names_sort_in_polish_alphabetical_order() {
        let mut names = vec![
            "Żak", "Łukasz", "Lucyna", "Bąk", "Baran", "Zając", "Ćwik", "Cyran", "Śliwa", "Sowa",
            "Ąbc", "Azja", "Maria", "Łąka", "Ołówek", "Ósemka", "Ozga",
        ];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            [
                "Azja", "Ąbc", "Baran", "Bąk", "Cyran", "Ćwik", "Lucyna", "Łąka", "Łukasz",
                "Maria", "Ołówek", "Ozga", "Ósemka", "Sowa", "Śliwa", "Zając", "Żak"
            ]
        );
        // Case comes after letters: "ewa" and "Ewa" stay together, before "Ewelina".
        let mut e = vec!["Ewelina", "Ewa", "ewa"];
        e.sort_by_key(|n| collation_key(n));
        assert_eq!(e, ["ewa", "Ewa", "Ewelina"]);
    }

    #[test]
    fn finds_by_folded_prefix_and_phone_digits() {
        let mut c = ContactData::person("Łukasz", "Żółć");
        c.phones
            .push(Phone::new("mobile", "+48 601 234 567").unwrap_or_else(|e| panic!("{e}")));
        c.emails
            .push(Email::new("", "l.zolc@firma.pl").unwrap_or_else(|e| panic!("{e}")));
        let d = doc_of(&c);
        for q in [
            "lukasz",
            "ŁUK",
            "zolc",
            "601234",
            "601 234",
            "48601",
            "firma",
            "lukasz zol",
        ] {
            assert!(matches(&d, &terms(q)), "{q} should match {d}");
        }
        for q in ["kowalski", "602", "lukasz nowak", ""] {
            assert!(!matches(&d, &terms(q)), "{q} should not match {d}");
        }
    }

    proptest::proptest! {
        #[test]
        fn terms_are_folded_and_nonempty(q in "\\PC{0,40}") {
            for t in terms(&q) {
                proptest::prop_assert!(!t.is_empty());
                proptest::prop_assert_eq!(fold(&t), t.clone());
                proptest::prop_assert!(t.chars().all(char::is_alphanumeric));
            }
        }

        #[test]
        fn a_word_of_a_name_always_finds_its_contact(given in "[\\p{L}]{1,12}", family in "[\\p{L}]{1,12}") {
            let c = ContactData::person(&given, &family);
            let d = document(&c);
            let ts = terms(&given);
            if !ts.is_empty() {
                proptest::prop_assert!(matches(&d, &ts), "{:?} in {:?}", ts, d);
            }
        }
    }
}
