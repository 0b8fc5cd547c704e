//! The catalogue of the mailing pages ("Wysyłka"), kept apart from the other tables;
//! [`crate::i18n::t`] looks here after them.

pub(crate) const EN: &[(&str, &str)] = &[
    ("mail.button", "Mailing"),
    ("mail.title", "Mailing"),
    ("mail.campaigns", "Campaigns"),
    ("mail.campaign", "Campaign"),
    ("mail.new", "New mailing"),
    ("mail.settings", "Mail settings"),
    ("mail.none", "No campaigns yet."),
    ("mail.created", "Created"),
    ("mail.subject", "Subject"),
    ("mail.state", "State"),
    ("mail.counts", "Recipients"),
    ("mail.one_off", "single message"),
    ("mail.cstate.ready", "ready"),
    ("mail.cstate.sending", "sending"),
    ("mail.cstate.stopped", "stopped"),
    ("mail.cstate.done", "done"),
    ("mail.state.queued", "queued"),
    ("mail.state.sending", "sending"),
    ("mail.state.sent", "sent"),
    ("mail.state.failed", "failed"),
    ("mail.state.skipped", "skipped"),
    ("mail.state.unknown", "unknown"),
    ("mail.skip", "Left out"),
    ("mail.skip.opted_out", "opted out of mailing"),
    ("mail.skip.no_email", "no e-mail address"),
    ("mail.skip.duplicate", "address already in this campaign"),
    ("mail.skip.bad_address", "bad address"),
    ("mail.skip.other", "contact removed"),
    ("mail.running", "Sending; this page refreshes itself."),
    ("mail.refresh", "Refresh"),
    ("mail.resume", "Resume sending"),
    ("mail.unknown_explain", "Sending stopped during some messages: they may or may not have arrived, so they were not sent again."),
    ("mail.recipient", "Recipient"),
    ("mail.detail", "Server reply or reason"),
    ("mail.default_subject", "Offer for {{ full_name }}"),
    ("mail.default_text", "{{ salutation }},\n\n\n{{ sender.signature | default(sender.name) }}\n"),
    ("mail.recipients", "Recipients"),
    ("mail.whole", "Every contact you may see (no filter)."),
    ("mail.matched", "contact(s) match"),
    ("mail.message", "Message"),
    ("mail.text", "Text"),
    ("mail.html", "HTML (optional)"),
    ("mail.attachments", "Attachments (10 MB in all)"),
    ("mail.placeholders", "Placeholders: {{ salutation }}, {{ given_name }}, {{ family_name }}, {{ full_name }}, {{ organisation }}, {{ position }}, {{ nameday }}, {{ birthday }}, {{ fields[\"Label\"] }}, {{ sender.name }}, {{ sender.signature }}. An empty one stops the mailing unless it has a default: {{ organisation | default(\"your company\") }}."),
    ("mail.preview_for", "Preview for contact no. (empty: the first recipient)"),
    ("mail.preview", "Preview"),
    ("mail.dry_run", "Dry run (zip of .eml files)"),
    ("mail.send", "Send"),
    ("mail.nobody", "Nobody in this audience would get a message."),
    ("mail.profile", "Your signature"),
    ("mail.profile_name", "Your name in messages"),
    ("mail.profile_address", "Your address (Reply-To)"),
    ("mail.signature", "Signature"),
    ("mail.save", "Save"),
    ("mail.may_send", "may send campaigns"),
    ("mail.may_not_send", "may not send campaigns (an administrator decides)"),
    ("mail.smtp", "Mail server"),
    ("mail.host", "Host"),
    ("mail.port", "Port"),
    ("mail.security", "Security"),
    ("mail.login", "Login (empty: none)"),
    ("mail.from", "From address (empty: each employee's own)"),
    ("mail.from_name", "From name (empty: the employee's)"),
    ("mail.unsubscribe", "Opt-out address (List-Unsubscribe; empty: the From address)"),
    ("mail.rate", "Messages per minute (0: no limit)"),
    ("mail.password_env", "The password is never stored: the server reads it from CONTACTS_SMTP_PASSWORD."),
    ("mail.rights", "Who may send campaigns"),
    ("mail.allow", "Allow"),
    ("mail.deny", "Take away"),
];

pub(crate) const PL: &[(&str, &str)] = &[
    ("mail.button", "Wysyłka"),
    ("mail.title", "Wysyłka"),
    ("mail.campaigns", "Kampanie"),
    ("mail.campaign", "Kampania"),
    ("mail.new", "Nowa wysyłka"),
    ("mail.settings", "Ustawienia poczty"),
    ("mail.none", "Nie ma jeszcze kampanii."),
    ("mail.created", "Utworzona"),
    ("mail.subject", "Temat"),
    ("mail.state", "Stan"),
    ("mail.counts", "Odbiorcy"),
    ("mail.one_off", "pojedyncza wiadomość"),
    ("mail.cstate.ready", "gotowa"),
    ("mail.cstate.sending", "wysyłanie"),
    ("mail.cstate.stopped", "zatrzymana"),
    ("mail.cstate.done", "zakończona"),
    ("mail.state.queued", "w kolejce"),
    ("mail.state.sending", "wysyłanie"),
    ("mail.state.sent", "wysłana"),
    ("mail.state.failed", "odrzucona"),
    ("mail.state.skipped", "pominięta"),
    ("mail.state.unknown", "nieznany"),
    ("mail.skip", "Pominięto"),
    ("mail.skip.opted_out", "rezygnacja z korespondencji"),
    ("mail.skip.no_email", "brak adresu e-mail"),
    ("mail.skip.duplicate", "adres już jest w tej kampanii"),
    ("mail.skip.bad_address", "błędny adres"),
    ("mail.skip.other", "kontakt usunięty"),
    ("mail.running", "Trwa wysyłanie; strona odświeża się sama."),
    ("mail.refresh", "Odśwież"),
    ("mail.resume", "Wznów wysyłanie"),
    ("mail.unknown_explain", "Wysyłanie przerwano w trakcie niektórych wiadomości: mogły dotrzeć albo nie, więc nie wysłano ich ponownie."),
    ("mail.recipient", "Odbiorca"),
    ("mail.detail", "Odpowiedź serwera lub powód"),
    ("mail.default_subject", "Oferta dla {{ full_name }}"),
    ("mail.default_text", "{{ salutation }},\n\n\n{{ sender.signature | default(sender.name) }}\n"),
    ("mail.recipients", "Odbiorcy"),
    ("mail.whole", "Wszystkie kontakty, które widzisz (bez filtra)."),
    ("mail.matched", "kontaktów spełnia kryteria"),
    ("mail.message", "Wiadomość"),
    ("mail.text", "Treść"),
    ("mail.html", "HTML (opcjonalnie)"),
    ("mail.attachments", "Załączniki (łącznie 10 MB)"),
    ("mail.placeholders", "Pola: {{ salutation }}, {{ given_name }}, {{ family_name }}, {{ full_name }}, {{ organisation }}, {{ position }}, {{ nameday }}, {{ birthday }}, {{ fields[\"Etykieta\"] }}, {{ sender.name }}, {{ sender.signature }}. Puste pole zatrzymuje wysyłkę, chyba że ma wartość domyślną: {{ organisation | default(\"Państwa firma\") }}."),
    ("mail.preview_for", "Podgląd dla kontaktu nr (puste: pierwszy odbiorca)"),
    ("mail.preview", "Podgląd"),
    ("mail.dry_run", "Próba (zip z plikami .eml)"),
    ("mail.send", "Wyślij"),
    ("mail.nobody", "Nikt z tej grupy nie dostałby wiadomości."),
    ("mail.profile", "Twój podpis"),
    ("mail.profile_name", "Twoje imię i nazwisko w wiadomościach"),
    ("mail.profile_address", "Twój adres (Reply-To)"),
    ("mail.signature", "Podpis"),
    ("mail.save", "Zapisz"),
    ("mail.may_send", "może wysyłać kampanie"),
    ("mail.may_not_send", "nie może wysyłać kampanii (decyduje administrator)"),
    ("mail.smtp", "Serwer poczty"),
    ("mail.host", "Serwer"),
    ("mail.port", "Port"),
    ("mail.security", "Zabezpieczenie"),
    ("mail.login", "Login (puste: bez logowania)"),
    ("mail.from", "Adres nadawcy (puste: adres pracownika)"),
    ("mail.from_name", "Nazwa nadawcy (puste: imię pracownika)"),
    ("mail.unsubscribe", "Adres rezygnacji (List-Unsubscribe; puste: adres nadawcy)"),
    ("mail.rate", "Wiadomości na minutę (0: bez limitu)"),
    ("mail.password_env", "Hasło nie jest zapisywane: serwer czyta je ze zmiennej CONTACTS_SMTP_PASSWORD."),
    ("mail.rights", "Kto może wysyłać kampanie"),
    ("mail.allow", "Zezwól"),
    ("mail.deny", "Odbierz"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let en: Vec<&str> = EN.iter().map(|(k, _)| *k).collect();
        let pl: Vec<&str> = PL.iter().map(|(k, _)| *k).collect();
        assert_eq!(en, pl);
        let mut sorted = en.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), en.len(), "a key appears twice");
    }

    /// Every `"mail.…"` key the sources ask for is here.
    #[test]
    fn every_mail_key_used_exists() {
        let known: Vec<&str> = EN.iter().map(|(k, _)| *k).collect();
        let missing = crate::i18n::keys_missing(&crate::i18n::all_sources(), &["mail."], &|w| {
            known.contains(&w)
        });
        assert!(missing.is_empty(), "missing: {missing:?}");
    }
}
