//! Labels other programs write on phones, e-mails and addresses, in Polish, English and a
//! few other languages (`komórka`, `praca`, `dom`, `Handy`, `Telefon służbowy`), turned into
//! the words the book uses (`mobile`, `work`, `home`, `fax`, `pager`, `other`). Used by
//! the vCard reader (TYPE parameters and `X-ABLabel`) and the CSV reader (Google labels
//! and Outlook column names). A label with a word this table does not know stays as it
//! was written (lower-cased), so nothing is lost.

use crate::text::fold;

/// What a label is on: `dom` means "home" on a phone but the vCard 3.0 address type
/// "domestic" in an address's TYPE parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelOf {
    Phone,
    Email,
    Address,
    /// An address TYPE parameter of vCard 3.0, where `dom` keeps its RFC meaning.
    AddressType,
}

/// Words that only say what the value is (`Telefon`, `E-mail`, `Adres`).
const FILLER: &[&str] = &[
    "telefon",
    "tel",
    "tel.",
    "phone",
    "numer",
    "nr",
    "number",
    "e-mail",
    "email",
    "mail",
    "adres",
    "address",
    "adresse",
    "nummer",
    "telefono",
    "telephone",
    "voice",
    "internet",
    "pref",
    "x400",
    "(",
    ")",
];

/// Folded word -> the book's word.
const WORDS: &[(&str, &str)] = &[
    ("mobile", "mobile"),
    ("cell", "mobile"),
    ("cellular", "mobile"),
    ("komorka", "mobile"),
    ("komorkowy", "mobile"),
    ("kom", "mobile"),
    ("kom.", "mobile"),
    ("gsm", "mobile"),
    ("handy", "mobile"),
    ("mobil", "mobile"),
    ("mobiltelefon", "mobile"),
    ("portable", "mobile"),
    ("movil", "mobile"),
    ("celular", "mobile"),
    ("cellulare", "mobile"),
    ("work", "work"),
    ("business", "work"),
    ("office", "work"),
    ("praca", "work"),
    ("sluzbowy", "work"),
    ("sluzbowa", "work"),
    ("sluzbowe", "work"),
    ("firma", "work"),
    ("firmowy", "work"),
    ("biuro", "work"),
    ("arbeit", "work"),
    ("geschaftlich", "work"),
    ("dienstlich", "work"),
    ("buro", "work"),
    ("travail", "work"),
    ("bureau", "work"),
    ("trabajo", "work"),
    ("lavoro", "work"),
    ("home", "home"),
    ("dom", "home"),
    ("domowy", "home"),
    ("domowa", "home"),
    ("domowe", "home"),
    ("prywatny", "home"),
    ("prywatna", "home"),
    ("privat", "home"),
    ("private", "home"),
    ("zuhause", "home"),
    ("domicile", "home"),
    ("maison", "home"),
    ("casa", "home"),
    ("fax", "fax"),
    ("faks", "fax"),
    ("telefax", "fax"),
    ("pager", "pager"),
    ("other", "other"),
    ("inny", "other"),
    ("inna", "other"),
    ("inne", "other"),
    ("sonstige", "other"),
    ("andere", "other"),
    ("autre", "other"),
    ("otro", "other"),
    ("altro", "other"),
];

/// The book's label for a label as another program wrote it. Unknown words keep the whole
/// label as written (trimmed, lower-cased).
pub fn canonical(label: &str, of: LabelOf) -> String {
    let written = label.trim().to_lowercase();
    if written.is_empty() || written.len() > 200 {
        return written;
    }
    let folded = fold(&written);
    let mut out: Vec<&str> = Vec::new();
    for word in folded.split(|c: char| c.is_whitespace() || c == ',' || c == '/') {
        let word = word.trim_matches(|c: char| c == '(' || c == ')');
        if word.is_empty() || FILLER.contains(&word) {
            continue;
        }
        if of == LabelOf::AddressType && word == "dom" {
            return written;
        }
        match WORDS.iter().find(|(w, _)| *w == word) {
            Some((_, to)) => {
                if !out.contains(to) {
                    out.push(to);
                }
            }
            None => return written,
        }
    }
    if out.is_empty() {
        return written;
    }
    // "work fax", "home fax": the place first, as the book writes them.
    out.sort_by_key(|w| match *w {
        "work" | "home" | "other" => 0,
        _ => 1,
    });
    if out.len() > 1 {
        out.retain(|w| *w != "other");
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_german_and_english_labels() {
        for (label, of, want) in [
            ("Komórka", LabelOf::Phone, "mobile"),
            ("Telefon komórkowy", LabelOf::Phone, "mobile"),
            ("Handy", LabelOf::Phone, "mobile"),
            ("praca", LabelOf::Email, "work"),
            ("Telefon służbowy", LabelOf::Phone, "work"),
            ("Faks służbowy", LabelOf::Phone, "work fax"),
            ("Dom", LabelOf::Address, "home"),
            ("dom", LabelOf::AddressType, "dom"),
            ("Geschäftlich", LabelOf::Phone, "work"),
            ("CELL", LabelOf::Phone, "mobile"),
            ("Babcia", LabelOf::Phone, "babcia"),
            ("", LabelOf::Phone, ""),
        ] {
            assert_eq!(canonical(label, of), want, "{label}");
        }
    }
}
