//! The catalogue of the meeting pages, occasion alerts and the due-reminder counter, kept
//! apart from the other tables; [`crate::i18n::t`] looks here last.

pub(crate) static EN: &[(&str, &str)] = &[
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

pub(crate) static PL: &[(&str, &str)] = &[
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
        let mut missing = Vec::new();
        for src in [include_str!("meetings.rs"), include_str!("layout.rs")] {
            for (at, _) in src.match_indices('"') {
                let rest = &src[at + 1..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                if ["mtg.", "alert.", "due."]
                    .iter()
                    .any(|p| key.starts_with(p))
                    && !key.contains(' ')
                    && !keys(EN).contains(key)
                {
                    missing.push(key.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "missing keys: {missing:?}");
    }
}
