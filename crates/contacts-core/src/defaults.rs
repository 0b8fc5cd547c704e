//! What an installation starts with, in its language: the labels of the ten private
//! categories, business statuses, the relationship type, five business custom fields to
//! rename ("Pole 1" … "Pole 5"), history kinds and case kinds (names from the product
//! descriptions the project started from).
//!
//! The installation's language is the setting [`LANGUAGE_SETTING`] ("pl" or "en"; English
//! while unset, which is how every installation before it was made). Choosing it
//! ([`crate::service::Service::set_installation_language`]) writes the defaults of that
//! language: entries still carrying the other language's default name are renamed, missing
//! ones are added the first time; anything users renamed or added stays as it is. An
//! installation left unset keeps the built-in English names (two statuses, English category
//! labels); the web setup writes the defaults only when another language is chosen.

use crate::category::CategoryKey;
use crate::model::Language;

/// The setting key of the installation's language.
pub const LANGUAGE_SETTING: &str = "language";

/// The label of a private category nobody renamed.
pub fn category_label(key: CategoryKey, lang: Language) -> &'static str {
    match lang {
        Language::English => key.default_label(),
        Language::Polish => match key {
            CategoryKey::Home => "Dom",
            CategoryKey::Personal => "Osobiste",
            CategoryKey::Friends => "Znajomi",
            CategoryKey::Family => "Rodzina",
            CategoryKey::Work => "Praca",
            CategoryKey::Clients => "Kluczowi klienci",
            CategoryKey::Suppliers => "Dostawcy",
            CategoryKey::Candidates => "Kandydaci do pracy",
            CategoryKey::Vip => "VIP",
            CategoryKey::Other => "Inne",
        },
    }
}

/// Business statuses, the same order in both languages (an entry renames to its partner).
pub fn statuses(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::Polish => ["Aktywny klient", "Nieaktywny", "Potencjalny klient"],
        Language::English => ["Active client", "Inactive", "Prospect"],
    }
}

/// The relationship-type custom field (a choice): its label and options.
pub fn relationship_field(lang: Language) -> (&'static str, [&'static str; 4]) {
    match lang {
        Language::Polish => (
            "Rodzaj relacji",
            ["klient", "potencjalny klient", "partner", "konkurent"],
        ),
        Language::English => (
            "Relationship",
            ["client", "prospect", "partner", "competitor"],
        ),
    }
}

/// Five ready business text fields for users to rename.
pub fn spare_fields(lang: Language) -> [&'static str; 5] {
    match lang {
        Language::Polish => ["Pole 1", "Pole 2", "Pole 3", "Pole 4", "Pole 5"],
        Language::English => ["Field 1", "Field 2", "Field 3", "Field 4", "Field 5"],
    }
}

/// Kinds of client history entries offered before anyone typed one.
pub fn history_kinds(lang: Language) -> [&'static str; 5] {
    match lang {
        Language::Polish => ["telefon", "spotkanie", "e-mail", "prezentacja", "oferta"],
        Language::English => ["phone", "meeting", "e-mail", "presentation", "offer"],
    }
}

/// Case kinds: processes with a client, with a supplier, and complaints.
pub fn case_kinds(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::Polish => ["Sprawa klienta", "Sprawa dostawcy", "Reklamacja"],
        Language::English => ["Client matter", "Supplier matter", "Complaint"],
    }
}

/// The other language (the one whose default names are renamed away from).
pub fn other(lang: Language) -> Language {
    match lang {
        Language::Polish => Language::English,
        Language::English => Language::Polish,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_categories_as_the_product_names_them() {
        let pl: Vec<&str> = CategoryKey::ALL
            .iter()
            .map(|k| category_label(*k, Language::Polish))
            .collect();
        assert_eq!(&pl[..4], ["Dom", "Osobiste", "Znajomi", "Rodzina"]);
        let distinct: std::collections::HashSet<_> = pl.iter().collect();
        assert_eq!(distinct.len(), 10);
    }
}
