//! The catalogue of the meeting pages, occasion alerts, the due-reminder counter and the
//! duplicate pages, kept apart from the other tables; [`crate::i18n::t`] looks here last.

pub(crate) const EN: &[(&str, &str)] = &[
    ("dup.title", "Duplicates"),
    ("dup.none", "No probable duplicates."),
    ("dup.first", "Contact"),
    ("dup.second", "Probably the same as"),
    ("dup.reason", "Why"),
    ("dup.compare", "Compare and merge"),
    ("dup.merge_title", "Merge two contacts"),
    ("dup.merge_help", "The first contact is kept and the second removed (the merge can be undone until the kept contact changes). Where both have a value, pick one; e-mails, phones, addresses, web sites, groups, history, files, reminders and meetings of both are kept."),
    ("dup.field", "Field"),
    ("dup.keep", "Kept"),
    ("dup.other", "Merged in"),
    ("dup.united", "Both kept"),
    ("dup.merge", "Merge"),
    ("dup.swap", "Keep the other one instead"),
    ("dup.merged_with", "Merged with"),
    ("dup.unmerge", "Undo the merge"),
    ("dup.warning", "This looks like a contact that is already there:"),
    ("dup.warning_help", "Open it to add what is new, or save anyway. See also:"),
    ("dup.save_anyway", "Save anyway"),
    (
        "due.title",
        "Your reminders due today (overdue ones included)",
    ),
    ("due.overdue", "overdue"),
    ("mtg.title", "Meetings"),
    ("mtg.new", "Plan a meeting"),
    ("mtg.edit", "Change the meeting"),
    ("mtg.title_f", "Subject"),
    ("mtg.start", "Start"),
    ("mtg.minutes", "Minutes"),
    ("mtg.place", "Place"),
    ("mtg.contact", "Contact (id)"),
    ("mtg.case", "Case (number)"),
    ("mtg.participants", "Participants"),
    ("mtg.on", "On"),
    ("mtg.save", "Save the meeting"),
    ("mtg.delete", "Remove the meeting"),
    ("mtg.none", "No meetings."),
    ("mtg.mine", "My meetings"),
    ("mtg.all", "Everyone's meetings"),
    ("alert.title", "Remind me before"),
    ("alert.birthday", "Birthday"),
    ("alert.nameday", "Name-day"),
    ("alert.days_before", "days before"),
    ("alert.save", "Save"),
    (
        "alert.help",
        "Shown on your day plan and as an alarm in your calendar feed; leave empty for none.",
    ),
];

pub(crate) const PL: &[(&str, &str)] = &[
    ("dup.title", "Duplikaty"),
    ("dup.none", "Brak prawdopodobnych duplikatów."),
    ("dup.first", "Kontakt"),
    ("dup.second", "Prawdopodobnie to samo co"),
    ("dup.reason", "Dlaczego"),
    ("dup.compare", "Porównaj i scal"),
    ("dup.merge_title", "Scal dwa kontakty"),
    ("dup.merge_help", "Pierwszy kontakt zostaje, drugi jest usuwany (scalenie można cofnąć, dopóki zachowany kontakt się nie zmieni). Gdy oba mają wartość, wybierz jedną; e-maile, telefony, adresy, strony, grupy, historia, pliki, przypomnienia i spotkania obu zostają."),
    ("dup.field", "Pole"),
    ("dup.keep", "Zostaje"),
    ("dup.other", "Dołączany"),
    ("dup.united", "Zostają oba"),
    ("dup.merge", "Scal"),
    ("dup.swap", "Zachowaj raczej drugi"),
    ("dup.merged_with", "Scalono z"),
    ("dup.unmerge", "Cofnij scalenie"),
    ("dup.warning", "To wygląda na kontakt, który już jest:"),
    ("dup.warning_help", "Otwórz go i dopisz, co nowe, albo zapisz mimo to. Zobacz też:"),
    ("dup.save_anyway", "Zapisz mimo to"),
    ("due.title", "Twoje przypomnienia na dziś (z zaległymi)"),
    ("due.overdue", "zaległe"),
    ("mtg.title", "Spotkania"),
    ("mtg.new", "Zaplanuj spotkanie"),
    ("mtg.edit", "Zmień spotkanie"),
    ("mtg.title_f", "Temat"),
    ("mtg.start", "Początek"),
    ("mtg.minutes", "Minut"),
    ("mtg.place", "Miejsce"),
    ("mtg.contact", "Kontakt (id)"),
    ("mtg.case", "Sprawa (numer)"),
    ("mtg.participants", "Uczestnicy"),
    ("mtg.on", "Dotyczy"),
    ("mtg.save", "Zapisz spotkanie"),
    ("mtg.delete", "Usuń spotkanie"),
    ("mtg.none", "Brak spotkań."),
    ("mtg.mine", "Moje spotkania"),
    ("mtg.all", "Spotkania wszystkich"),
    ("alert.title", "Przypomnij mi wcześniej"),
    ("alert.birthday", "Urodziny"),
    ("alert.nameday", "Imieniny"),
    ("alert.days_before", "dni przed"),
    ("alert.save", "Zapisz"),
    (
        "alert.help",
        "Pokazywane w planie dnia i jako alarm w kalendarzu; puste pole: bez przypomnienia.",
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
    fn both_tables_have_the_same_keys_once_and_every_used_key_exists() {
        assert_eq!(keys(EN), keys(PL));
        assert_eq!(keys(EN).len(), EN.len(), "a key repeats in EN");
        assert_eq!(keys(PL).len(), PL.len(), "a key repeats in PL");
        let main: BTreeSet<String> = crate::i18n::main_keys().collect();
        assert!(keys(EN).is_disjoint(&main));
        let known = keys(EN);
        let missing = crate::i18n::keys_missing(
            &crate::i18n::all_sources(),
            &["mtg.", "alert.", "due.", "dup."],
            &|w| known.contains(w),
        );
        assert!(missing.is_empty(), "missing keys: {missing:?}");
    }
}
