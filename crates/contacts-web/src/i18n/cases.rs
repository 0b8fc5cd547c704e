//! The catalogue of the case forms (numbers typed by hand, counterparty and person picked
//! by name, item and entry edits, case kinds), kept apart from the other tables;
//! [`crate::i18n::t`] looks here last.

pub(crate) const EN: &[(&str, &str)] = &[
    ("cf.not_saved", "Not saved:"),
    ("cf.choose_one", "Choose one and type or pick it"),
    ("cf.type_name", "type a name and pick a suggestion"),
    ("cf.no_match", "no business contact has this name"),
    ("cf.several", "several business contacts match"),
    ("cf.need_counterparty", "a case needs a counterparty"),
    ("cf.kinds", "Case kinds"),
    (
        "cf.kinds_help",
        "Kinds sort cases (customer process, supplier process, service...). A kind can be removed only while no case has it.",
    ),
    ("cf.kind_cases", "Cases"),
    ("cf.kind_in_use", "in use"),
    ("cf.edit", "Edit"),
    ("cf.edit_item", "Edit item"),
    ("cf.edit_entry", "Edit entry"),
    ("cf.next_number", "Next number of this kind"),
    ("cf.file_name", "File name"),
    ("cf.replace_file", "Replace the file"),
    ("cf.replace", "Replace"),
    (
        "cf.replace_help",
        "The new file takes the place of the old one (its name and content); the note and the date stay. The old content cannot be brought back.",
    ),
    ("cf.tasks", "Reminders and tasks"),
    ("cf.pattern", "Case number pattern"),
    (
        "cf.pattern_help",
        "YYYY (or YY) is the year, a run of N the sequence (NNNN: 0001); the rest is written as it is, e.g. ZK/YYYY/NNNN. Without a year the sequence never restarts.",
    ),
    ("cf.next_is", "The next case gets"),
    (
        "cf.tasks_help",
        "A task is a reminder on the counterparty: it is also on the assignee's list and day plan.",
    ),
];

pub(crate) const PL: &[(&str, &str)] = &[
    ("cf.not_saved", "Nie zapisano:"),
    ("cf.choose_one", "Wybierz jeden i wpisz go lub wskaż na liście"),
    ("cf.type_name", "wpisz nazwę i wybierz podpowiedź"),
    ("cf.no_match", "żaden kontakt firmowy nie ma takiej nazwy"),
    ("cf.several", "pasuje kilka kontaktów firmowych"),
    ("cf.need_counterparty", "sprawa musi mieć kontrahenta"),
    ("cf.kinds", "Rodzaje spraw"),
    (
        "cf.kinds_help",
        "Rodzaje porządkują sprawy (procesy klienta, procesy dostawcy, serwis...). Rodzaj można usunąć tylko wtedy, gdy nie ma go żadna sprawa.",
    ),
    ("cf.kind_cases", "Sprawy"),
    ("cf.kind_in_use", "w użyciu"),
    ("cf.edit", "Edytuj"),
    ("cf.edit_item", "Edycja pozycji"),
    ("cf.edit_entry", "Edycja wpisu"),
    ("cf.next_number", "Kolejny numer tego rodzaju"),
    ("cf.file_name", "Nazwa pliku"),
    ("cf.replace_file", "Podmień plik"),
    ("cf.replace", "Podmień"),
    (
        "cf.replace_help",
        "Nowy plik zajmuje miejsce starego (nazwa i zawartość); opis i data zostają. Starej zawartości nie da się przywrócić.",
    ),
    ("cf.tasks", "Przypomnienia i zadania"),
    ("cf.pattern", "Wzorzec numeru sprawy"),
    (
        "cf.pattern_help",
        "YYYY (lub YY) to rok, ciąg N to numer kolejny (NNNN: 0001); reszta zostaje jak jest, np. ZK/YYYY/NNNN. Bez roku numeracja nigdy nie zaczyna się od nowa.",
    ),
    ("cf.next_is", "Następna sprawa dostanie numer"),
    (
        "cf.tasks_help",
        "Zadanie to przypomnienie przy kontrahencie: jest też na liście i w planie dnia osoby, której je przydzielono.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(table: &[(&str, &str)]) -> BTreeSet<String> {
        table.iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn both_tables_have_the_same_keys_once_and_none_of_the_others() {
        assert_eq!(keys(EN), keys(PL));
        assert_eq!(keys(EN).len(), EN.len(), "a key repeats in EN");
        assert_eq!(keys(PL).len(), PL.len(), "a key repeats in PL");
        let mut others: BTreeSet<String> = crate::i18n::main_keys().collect();
        others.extend(crate::i18n::pages::EN.iter().map(|(k, _)| k.to_string()));
        others.extend(crate::i18n::everyday::EN.iter().map(|(k, _)| k.to_string()));
        others.extend(crate::i18n::meetings::EN.iter().map(|(k, _)| k.to_string()));
        others.extend(crate::i18n::mailing::EN.iter().map(|(k, _)| k.to_string()));
        let both: Vec<_> = keys(EN).intersection(&others).cloned().collect();
        assert!(both.is_empty(), "keys in two catalogues: {both:?}");
    }

    /// Every `cf.` key the case pages ask for exists.
    #[test]
    fn every_key_used_exists() {
        let known = keys(EN);
        let sources = crate::i18n::all_sources();
        let missing = crate::i18n::keys_missing(&sources, &["cf."], &|w| known.contains(w));
        assert!(missing.is_empty(), "keys missing: {missing:?}");
    }
}
