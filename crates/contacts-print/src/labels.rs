//! The words printed documents use, in Polish and English. The frontends' catalogues stay
//! theirs (the web's is in contacts-web, which the CLI may not use); this one covers only
//! what a PDF prints: report columns and words ([`contacts_core::report`]) and a case sheet.

use contacts_core::model::Language;

/// (key, Polish, English).
const LABELS: &[(&str, &str, &str)] = &[
    // Report names and summaries.
    ("forecast", "Prognoza sprzedaży", "Sales forecast"),
    ("activity", "Aktywność pracowników", "Employee activity"),
    ("overdue", "Sprawy po terminie", "Overdue cases"),
    ("open_cases", "Otwarte sprawy", "Open cases"),
    ("total", "Razem", "Total"),
    ("period", "Okres", "Period"),
    ("printed", "Wydruk", "Printed"),
    ("page", "Strona", "Page"),
    ("nothing", "Brak danych.", "Nothing to show."),
    // Report columns.
    ("group", "Zestawienie", "Group"),
    ("key", "Pozycja", "Key"),
    ("currency", "Waluta", "Currency"),
    ("value", "Wartość", "Value"),
    ("cases", "Sprawy", "Cases"),
    ("user", "Pracownik", "Employee"),
    ("what", "Co", "What"),
    ("kind", "Rodzaj", "Kind"),
    ("count", "Liczba", "Count"),
    ("number", "Numer", "Number"),
    ("title", "Tytuł", "Title"),
    ("counterparty", "Kontrahent", "Counterparty"),
    ("responsible", "Odpowiedzialny", "Responsible"),
    ("deadline", "Termin", "Deadline"),
    ("days_overdue", "Dni po terminie", "Days overdue"),
    // Report words.
    ("month", "miesiąc", "month"),
    ("employee", "pracownik", "employee"),
    ("history", "historia", "history"),
    ("detail", "szczegół", "detail"),
    ("opened", "otwarte", "opened"),
    ("closed", "zamknięte", "closed"),
    ("no_deadline", "bez terminu", "no deadline"),
    ("no_kind", "bez rodzaju", "no kind"),
    ("no_employee", "bez pracownika", "no employee"),
    // A case sheet.
    ("case", "Sprawa", "Case"),
    ("status", "Stan", "Status"),
    ("status_open", "otwarta", "open"),
    ("status_closed", "zamknięta", "closed"),
    ("priority", "Priorytet", "Priority"),
    ("prio_high", "wysoki", "high"),
    ("prio_normal", "zwykły", "normal"),
    ("prio_low", "niski", "low"),
    ("person", "Osoba kontaktowa", "Contact person"),
    ("external", "Numer u kontrahenta", "Their reference"),
    ("registered", "Zarejestrowana", "Registered"),
    ("closed_by", "Zamknął", "Closed by"),
    ("items", "Pozycje", "Items"),
    ("article", "Towar lub usługa", "Article"),
    ("quantity", "Ilość", "Quantity"),
    ("price", "Cena jedn.", "Unit price"),
    ("payment", "Płatność", "Payment"),
    ("line_total", "Wartość", "Line total"),
    ("timeline", "Przebieg sprawy", "Timeline"),
    ("when", "Kiedy", "When"),
    ("text", "Treść", "Text"),
    ("by", "Kto", "By"),
    ("note", "notatka", "note"),
    ("document", "dokument", "document"),
    ("file", "plik", "file"),
    ("none", "brak", "none"),
    // A contact card.
    ("book", "Baza", "Book"),
    ("book_business", "firmowa", "business"),
    ("book_private", "prywatna", "private"),
    ("organisation", "Firma", "Organisation"),
    ("department", "Dział", "Department"),
    ("job_title", "Stanowisko", "Job title"),
    ("email", "E-mail", "E-mail"),
    ("phone", "Telefon", "Phone"),
    ("address", "Adres", "Address"),
    ("website", "Strona WWW", "Web site"),
    ("messenger", "Komunikator", "Messenger"),
    ("birthday", "Urodziny", "Birthday"),
    ("nameday", "Imieniny", "Name-day"),
    ("anniversary", "Rocznica", "Anniversary"),
    ("nip", "NIP", "NIP"),
    ("regon", "REGON", "REGON"),
    ("bank_account", "Konto bankowe", "Bank account"),
    ("category", "Kategoria", "Category"),
    ("groups", "Grupy", "Groups"),
    ("contact_status", "Status", "Status"),
    ("account_manager", "Opiekun klienta", "Account manager"),
    ("last_contact", "Ostatni kontakt", "Last contact"),
    ("mailing", "Wysyłka", "Mailing"),
    ("no_mailing", "nie wysyłać", "opted out"),
    ("yes", "tak", "yes"),
    ("no", "nie", "no"),
    ("notes", "Notatki", "Notes"),
    ("people", "Osoby", "People"),
    ("name", "Nazwa", "Name"),
    ("attachments", "Załączniki", "Attachments"),
    ("file_note", "Opis", "Note"),
    ("client_history", "Historia kontaktów", "Client history"),
    (
        "history_shown",
        "Pokazano najnowsze wpisy:",
        "Newest entries shown:",
    ),
];

/// The word for `key` in `lang`; an unknown key is printed as it is.
pub fn label(lang: Language, key: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, pl, en)| match lang {
            Language::Polish => *pl,
            Language::English => *en,
        })
        .unwrap_or(key)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_report_word_has_a_label() {
        let mut keys: Vec<&str> = LABELS.iter().map(|l| l.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "a key is listed twice");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let tables = [
            contacts_core::report::forecast_table(&Default::default()),
            contacts_core::report::activity_table(&[], day, day),
            contacts_core::report::overdue_table(&[]),
        ];
        let words = [
            "month",
            "employee",
            "kind",
            "history",
            "detail",
            "cases",
            "opened",
            "closed",
            "no_deadline",
            "no_kind",
            "no_employee",
            "open_cases",
            "total",
        ];
        for w in tables
            .iter()
            .flat_map(|t| t.columns.iter().copied().chain([t.name]))
            .chain(words)
        {
            assert!(keys.contains(&w), "no label for '{w}'");
        }
    }
}
