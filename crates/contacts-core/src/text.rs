//! Text helpers shared by name-day lookup and search: folding names to a comparison key.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds `s` to a key that ignores case and diacritics: "Łukasz", "LUKASZ" and "lukasz" all fold
/// to "lukasz".
///
/// The text is NFKD-decomposed, combining marks are dropped, letters that carry no decomposable
/// mark are mapped by hand (ł→l, ø→o, đ→d, ß→ss, æ→ae, œ→oe, þ→th, ...) and everything is
/// lowercased. Other characters (spaces, hyphens, digits) are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // ASCII decomposes to itself and carries no marks: the common case, made cheap.
            out.push(c.to_ascii_lowercase());
        } else {
            // Dropping every combining mark makes NFKD's reordering irrelevant, so
            // decomposing one character at a time equals decomposing the whole string.
            decompose_compatible(c, |d| push_folded(&mut out, d));
        }
    }
    out
}

fn push_folded(out: &mut String, c: char) {
    if is_combining_mark(c) {
        return;
    }
    match c {
        'ł' | 'Ł' => out.push('l'),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'þ' | 'Þ' => out.push_str("th"),
        'ħ' | 'Ħ' => out.push('h'),
        'ı' => out.push('i'),
        'ŧ' | 'Ŧ' => out.push('t'),
        'ŀ' | 'Ŀ' => out.push('l'),
        '’' | '‘' | 'ʼ' => out.push('\''),
        // Lowercasing may add a combining mark ('İ' -> "i\u{307}"); drop it too.
        _ => out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l))),
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, push_folded};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// The straightforward definition: NFKD of the whole string, then fold each character.
    fn fold_by_whole_string_nfkd(s: &str) -> String {
        let mut out = String::new();
        for c in s.nfkd() {
            push_folded(&mut out, c);
        }
        out
    }

    proptest! {
        #[test]
        fn per_character_fold_equals_whole_string_nfkd(s in "\\PC{0,30}") {
            prop_assert_eq!(fold(&s), fold_by_whole_string_nfkd(&s));
        }

        #[test]
        fn per_character_fold_equals_whole_string_nfkd_on_latin(s in "[a-zA-ZąćęłńóśźżĄĆĘŁŃÓŚŹŻäöüßİıéèçñ\u{300}-\u{36f} ]{0,30}") {
            prop_assert_eq!(fold(&s), fold_by_whole_string_nfkd(&s));
        }
    }

    #[test]
    fn folds_case_and_diacritics() {
        for (input, want) in [
            ("Łukasz", "lukasz"),
            ("ŁUKASZ", "lukasz"),
            ("lukasz", "lukasz"),
            ("Żaneta", "zaneta"),
            (
                "Grzegorz Brzęczyszczykiewicz",
                "grzegorz brzeczyszczykiewicz",
            ),
            ("Søren", "soren"),
            ("Đorđe", "dorde"),
            ("Straße", "strasse"),
            ("Ægir", "aegir"),
            ("Œdipe", "oedipe"),
            ("Þór", "thor"),
            ("Štěpán", "stepan"),
            ("Jean-François", "jean-francois"),
            ("ﬁ", "fi"),
            ("İstanbul", "istanbul"),
        ] {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "[\\p{Latin}\\p{Greek}\\p{Cyrillic} '-]{0,20}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_ignores_case_of_ascii(s in "[a-zA-Z]{0,20}") {
            prop_assert_eq!(fold(&s), s.to_lowercase());
        }
    }
}
