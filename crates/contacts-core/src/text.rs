//! Text folding for matching: case- and diacritic-insensitive keys ("Łukasz" -> "lukasz").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases, decomposes and drops combining marks, and maps letters that do not
/// decompose (ł, ø, đ, ß, æ, œ, þ) to their usual ASCII spelling.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_polish_and_other_letters() {
        assert_eq!(fold("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(fold("ŹDŹBŁO"), "zdzblo");
        assert_eq!(fold("Søren Straße"), "soren strasse");
        assert_eq!(fold("Ærø"), "aero");
    }
}
