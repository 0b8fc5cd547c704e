//! The catalogue of the everyday pages (home page, messages after an action, confirmation
//! steps, the trash, the narrow-screen menu), kept apart from the other tables;
//! [`crate::i18n::t`] looks here after them.

pub(crate) const EN: &[(&str, &str)] = &[
    ("ui.menu", "Menu"),
    ("lbl.mobile", "mobile"),
    ("lbl.work", "work"),
    ("lbl.home", "home"),
    ("lbl.fax", "fax"),
    ("lbl.pager", "pager"),
    ("lbl.other", "other"),
    ("ui.max_photo", "JPEG, PNG, GIF or WebP, at most 5 MB"),
    ("ui.max_file", "At most 25 MB"),
    ("ui.max_import", "At most 25 MB"),
    ("home.title", "Today"),
    ("home.agenda", "Today's plan"),
    ("home.reminders", "Due and overdue reminders"),
    ("home.namedays", "Name-days in the next 7 days"),
    ("home.recent", "Recently changed contacts"),
    ("home.cases", "My open cases"),
    ("home.no_deadline", "no deadline"),
    ("home.nothing", "Nothing here."),
    ("home.more", "Show all"),
    ("flash.saved", "Saved."),
    ("flash.created", "Contact added."),
    ("flash.deleted", "Contact moved to the trash. You can restore it there for 30 days."),
    ("flash.copied", "Copied to the business book."),
    ("flash.imported", "Import finished."),
    ("flash.photo_saved", "Photo saved."),
    ("flash.file_replaced", "File replaced."),
    ("flash.photo_removed", "Photo removed."),
    ("flash.file_added", "File attached."),
    ("flash.file_removed", "File removed."),
    ("flash.restored", "Contact restored from the trash."),
    ("flash.purged", "Contact deleted for good."),
    ("flash.emptied", "Trash emptied."),
    ("flash.reminder_added", "Reminder added."),
    ("flash.reminder_done", "Reminder done."),
    ("flash.history_added", "History entry added."),
    ("flash.case_saved", "Case saved."),
    ("flash.case_closed", "Case closed."),
    ("flash.case_reopened", "Case reopened."),
    ("flash.item_removed", "Item removed."),
    ("flash.removed", "Removed."),
    ("flash.merged", "Contacts merged; the card can undo the merge."),
    ("flash.unmerged", "The merge was undone."),
    ("flash.reminder_taken", "The reminder is yours now."),
    ("confirm.title", "Please confirm"),
    ("confirm.delete", "Move this contact to the trash?"),
    ("confirm.delete_note", "It disappears from every list. Its owner (for business contacts: any user) can restore it from the trash for 30 days, with photo, attachments, history and reminders."),
    ("confirm.copy", "Copy this contact to the business book?"),
    ("confirm.copy_note", "Everyone in the office will see the copy, including:"),
    ("confirm.copy_notes", "the notes"),
    ("confirm.copy_files", "attachments"),
    ("confirm.copy_data", "every address, phone, e-mail and date of the contact"),
    ("confirm.yes_delete", "Yes, move to the trash"),
    ("confirm.yes_copy", "Yes, copy for everyone"),
    ("confirm.cancel", "Cancel"),
    ("confirm.generic", "This cannot be undone. Continue?"),
    ("confirm.photo", "Remove this contact's photo?"),
    ("confirm.file", "Remove this file?"),
    ("confirm.remove_note", "This cannot be undone: it is gone for everyone who sees this contact (the trash keeps only deleted contacts)."),
    ("confirm.yes_remove", "Yes, remove"),
    ("confirm.case_close", "Close this case?"),
    ("confirm.case_close_note", "A closed case takes no new items or entries and leaves the forecast; it can be reopened."),
    ("confirm.yes_close", "Yes, close the case"),
    ("confirm.item", "Remove this item from the case?"),
    ("confirm.detail", "Remove this entry from the case?"),
    ("confirm.case_remove_note", "This cannot be undone: it is gone from the case for everyone."),
    ("trash.title", "Trash"),
    ("trash.intro", "Deleted contacts stay here for 30 days; then they are deleted for good."),
    ("trash.empty_list", "The trash is empty."),
    ("trash.deleted_at", "Deleted"),
    ("trash.deleted_by", "By"),
    ("trash.until", "Kept until"),
    ("trash.restore", "Restore"),
    ("trash.purge", "Delete for good"),
    ("trash.empty", "Empty the trash"),
    ("trash.empty_confirm", "Delete every contact in the trash you may see, for good?"),
    ("trash.purge_confirm", "Delete this contact for good? This cannot be undone."),
    ("trash.link", "Trash"),
];

pub(crate) const PL: &[(&str, &str)] = &[
    ("ui.menu", "Menu"),
    ("lbl.mobile", "komórka"),
    ("lbl.work", "praca"),
    ("lbl.home", "dom"),
    ("lbl.fax", "faks"),
    ("lbl.pager", "pager"),
    ("lbl.other", "inny"),
    ("ui.max_photo", "JPEG, PNG, GIF lub WebP, najwyżej 5 MB"),
    ("ui.max_file", "Najwyżej 25 MB"),
    ("ui.max_import", "Najwyżej 25 MB"),
    ("home.title", "Na dziś"),
    ("home.agenda", "Plan dnia"),
    ("home.reminders", "Przypomnienia na dziś i zaległe"),
    ("home.namedays", "Solenizanci +7 dni"),
    ("home.recent", "Ostatnio zmienione kontakty"),
    ("home.cases", "Moje otwarte sprawy"),
    ("home.no_deadline", "bez terminu"),
    ("home.nothing", "Nic tu nie ma."),
    ("home.more", "Pokaż wszystko"),
    ("flash.saved", "Zapisano."),
    ("flash.created", "Dodano kontakt."),
    ("flash.deleted", "Kontakt przeniesiono do kosza. Można go stamtąd przywrócić przez 30 dni."),
    ("flash.copied", "Skopiowano do bazy firmowej."),
    ("flash.imported", "Import zakończony."),
    ("flash.photo_saved", "Zapisano zdjęcie."),
    ("flash.file_replaced", "Podmieniono plik."),
    ("flash.photo_removed", "Usunięto zdjęcie."),
    ("flash.file_added", "Dołączono plik."),
    ("flash.file_removed", "Usunięto plik."),
    ("flash.restored", "Przywrócono kontakt z kosza."),
    ("flash.purged", "Kontakt usunięto na zawsze."),
    ("flash.emptied", "Kosz opróżniono."),
    ("flash.reminder_added", "Dodano przypomnienie."),
    ("flash.reminder_done", "Przypomnienie wykonane."),
    ("flash.history_added", "Dodano wpis do historii."),
    ("flash.case_saved", "Zapisano sprawę."),
    ("flash.case_closed", "Sprawę zamknięto."),
    ("flash.case_reopened", "Sprawę otwarto ponownie."),
    ("flash.item_removed", "Usunięto pozycję."),
    ("flash.removed", "Usunięto."),
    ("flash.merged", "Scalono kontakty. Scalenie można cofnąć na karcie kontaktu."),
    ("flash.unmerged", "Cofnięto scalenie."),
    ("flash.reminder_taken", "Przejęto przypomnienie."),
    ("confirm.title", "Potwierdź"),
    ("confirm.delete", "Przenieść ten kontakt do kosza?"),
    ("confirm.delete_note", "Zniknie ze wszystkich list. Właściciel (kontakt firmowy: każdy użytkownik) może go przywrócić z kosza przez 30 dni, ze zdjęciem, załącznikami, historią i przypomnieniami."),
    ("confirm.copy", "Skopiować ten kontakt do bazy firmowej?"),
    ("confirm.copy_note", "Kopię zobaczą wszyscy w biurze, także:"),
    ("confirm.copy_notes", "notatki"),
    ("confirm.copy_files", "załączniki"),
    ("confirm.copy_data", "wszystkie adresy, telefony, e-maile i daty kontaktu"),
    ("confirm.yes_delete", "Tak, przenieś do kosza"),
    ("confirm.yes_copy", "Tak, skopiuj dla wszystkich"),
    ("confirm.cancel", "Anuluj"),
    ("confirm.generic", "Tego nie da się cofnąć. Kontynuować?"),
    ("confirm.photo", "Usunąć zdjęcie tego kontaktu?"),
    ("confirm.file", "Usunąć ten plik?"),
    ("confirm.remove_note", "Tego nie da się cofnąć: zniknie dla wszystkich, którzy widzą ten kontakt (kosz przechowuje tylko usunięte kontakty)."),
    ("confirm.yes_remove", "Tak, usuń"),
    ("confirm.case_close", "Zamknąć tę sprawę?"),
    ("confirm.case_close_note", "Do zamkniętej sprawy nie dopisuje się pozycji ani wpisów i nie liczy się jej w prognozie; można ją otworzyć ponownie."),
    ("confirm.yes_close", "Tak, zamknij sprawę"),
    ("confirm.item", "Usunąć tę pozycję ze sprawy?"),
    ("confirm.detail", "Usunąć ten wpis ze sprawy?"),
    ("confirm.case_remove_note", "Tego nie da się cofnąć: zniknie ze sprawy dla wszystkich."),
    ("trash.title", "Kosz"),
    ("trash.intro", "Usunięte kontakty leżą tu 30 dni, potem znikają na zawsze."),
    ("trash.empty_list", "Kosz jest pusty."),
    ("trash.deleted_at", "Usunięto"),
    ("trash.deleted_by", "Kto"),
    ("trash.until", "Do"),
    ("trash.restore", "Przywróć"),
    ("trash.purge", "Usuń na zawsze"),
    ("trash.empty", "Opróżnij kosz"),
    ("trash.empty_confirm", "Usunąć na zawsze wszystkie widoczne dla Ciebie kontakty z kosza?"),
    ("trash.purge_confirm", "Usunąć ten kontakt na zawsze? Tego nie da się cofnąć."),
    ("trash.link", "Kosz"),
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
        let both: Vec<_> = keys(EN).intersection(&others).cloned().collect();
        assert!(both.is_empty(), "keys in two catalogues: {both:?}");
    }

    /// Every key of this catalogue's prefixes that the source asks for exists.
    #[test]
    fn every_key_used_exists() {
        let known = keys(EN);
        let sources = crate::i18n::all_sources();
        let prefixes = ["ui.", "home.", "flash.", "confirm.", "trash.", "lbl."];
        let missing = crate::i18n::keys_missing(&sources, &prefixes, &|w| known.contains(w));
        assert!(missing.is_empty(), "keys missing: {missing:?}");
    }
}
