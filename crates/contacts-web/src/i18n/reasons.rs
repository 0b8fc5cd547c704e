//! The core's reasons for refusing input (`Error::Invalid`, `Error::Conflict`) in Polish.
//!
//! The core words its reasons in English with the values it quotes (`'abc' is not a
//! number`). This table holds each reason's shape, `{}` standing for a quoted value, and
//! its Polish wording with the same values in the same order. [`say`] finds the shape a
//! reason has and fills the Polish one with its values. A test
//! (`every_core_reason_has_polish`) reads the core's sources and fails on a reason reachable
//! from a page that has no shape here, so a new message in the core cannot stay English on
//! a Polish page unnoticed.
//!
//! Reasons the core composes from others (`{}: {}`) are said part by part where the parts
//! are known.

use crate::i18n::Lang;

/// (English shape, Polish shape); `{}` is a value, the same ones in the same order.
pub const REASONS: &[(&str, &str)] = &[
    // cases
    ("'{}' does not follow the case number pattern {} (for example {})", "'{}' nie pasuje do wzoru numeru sprawy {} (np. {})"),
    ("'{}' is not a case number pattern: {} (for example YYYY/NNNN)", "'{}' to nie wzór numeru sprawy: {} (np. YYYY/NNNN)"),
    ("'{}' is not high, normal or low", "'{}' to nie wysoki, zwykły ani niski"),
    ("'{}': case sequence numbers start at 1", "'{}': numery kolejne spraw zaczynają się od 1"),
    ("'{}' must be one line without control characters", "'{}' musi być jednym wierszem bez znaków sterujących"),
    ("a case kind name has at most {} characters", "nazwa rodzaju sprawy ma najwyżej {} znaków"),
    ("a case kind needs a name", "rodzaj sprawy musi mieć nazwę"),
    ("a case number has at most {} characters", "numer sprawy ma najwyżej {} znaków"),
    ("a file needs its content", "plik musi mieć treść"),
    ("a note needs some text", "notatka musi mieć treść"),
    ("a {} cannot become a {}", "{} nie może stać się {}"),
    ("an item needs an article", "pozycja musi mieć towar"),
    ("case kind '{}' is used by {} case{} ({}{}); give {} another kind first", "rodzaj sprawy '{}' ma spraw: {}{} ({}{}); najpierw nadaj {} inny rodzaj"),
    ("case number {} is already used (its sequence number {} is taken)", "numer sprawy {} jest już zajęty (numer kolejny {} jest zajęty)"),
    ("case number {} is already used by \"{}\"; type another or leave it for the next free one", "numer sprawy {} ma już sprawa \"{}\"; wpisz inny albo zostaw pole puste (następny wolny)"),
    ("case {} is closed; reopen it to change it", "sprawa {} jest zamknięta; otwórz ją ponownie, by ją zmienić"),
    ("case {} is open already", "sprawa {} jest już otwarta"),
    ("case {} is already closed", "sprawa {} jest już zamknięta"),
    ("case {} was changed by someone else (you edited version {}, it is now at {}); reload and try again", "sprawę {} zmienił ktoś inny (edytowano wersję {}, teraz jest {}); odśwież i spróbuj ponownie"),
    ("detail item {} was changed by someone else (you edited version {}, it is now at {}); reload and try again", "wpis {} zmienił ktoś inny (edytowano wersję {}, teraz jest {}); odśwież i spróbuj ponownie"),
    ("no case kind with id {}", "nie ma rodzaju sprawy o id {}"),
    ("no case numbers left in {}", "brak wolnych numerów spraw w {}"),
    ("no document numbers left", "brak wolnych numerów dokumentów"),
    ("no user with id {}", "nie ma użytkownika o id {}"),
    ("pick at least one contact", "zaznacz co najmniej jeden kontakt"),
    ("the case has no item number {}", "sprawa nie ma pozycji nr {}"),
    ("there is a case kind '{}' already", "rodzaj sprawy '{}' już istnieje"),
    ("user '{}' is disabled", "użytkownik '{}' jest wyłączony"),
    ("{} (contact {}) does not work at {}", "{} (kontakt {}) nie pracuje w {}"),
    ("{} (contact {}) is a person; a contact person belongs to an organisation", "{} (kontakt {}) to osoba; osoba kontaktowa należy do organizacji"),
    ("{} contacts is more than the limit of {} at once", "kontaktów: {}, a najwięcej naraz: {}"),
    ("at most 200 characters", "najwyżej 200 znaków"),
    ("at most 2000 characters", "najwyżej 2000 znaków"),
    ("'{}' is not a user", "'{}' to nie użytkownik"),
    // dates and times
    ("'{}' is not DD.MM or MM-DD", "'{}' to nie DD.MM ani MM-DD"),
    ("'{}' is not DD.MM.YYYY, YYYY-MM-DD, DD.MM or --MM-DD", "'{}' to nie DD.MM.RRRR, RRRR-MM-DD, DD.MM ani --MM-DD"),
    ("day {} does not exist in month {}", "dnia {} nie ma w miesiącu {}"),
    ("month {} is not 1 to 12", "miesiąc {} to nie liczba od 1 do 12"),
    ("'{}' is not a time zone name (such as Europe/Warsaw or UTC)", "'{}' to nie nazwa strefy czasowej (np. Europe/Warsaw albo UTC)"),
    ("{} does not exist in {} (the clocks jump forward then); choose another time", "{} nie istnieje w strefie {} (zegary przesuwa się wtedy do przodu); wybierz inną godzinę"),
    ("'{}' is not an id (a positive whole number)", "'{}' to nie id (dodatnia liczba całkowita)"),
    ("the period ends ({}) before it starts ({})", "okres kończy się ({}) przed początkiem ({})"),
    // mailing
    ("'{}' is not a host name", "'{}' to nie nazwa serwera"),
    ("'{}' is not a media type", "'{}' to nie typ pliku (media type)"),
    ("'{}' is not a usable file name", "'{}' to nie poprawna nazwa pliku"),
    ("'{}' is not an address a server accepts", "'{}' to nie adres, który serwer przyjmie"),
    ("'{}' is not one of starttls, tls, none", "'{}' to nie starttls, tls ani none"),
    ("'{}' is not a port (1-65535)", "'{}' to nie numer portu (1-65535)"),
    ("a message needs a plain-text body", "wiadomość musi mieć treść tekstową"),
    ("a message needs a subject", "wiadomość musi mieć temat"),
    ("at most 100 groups and 100 statuses", "najwyżej 100 grup i 100 statusów"),
    ("at most {} attachments", "najwyżej {} załączników"),
    ("at most {} bytes", "najwyżej {} bajtów"),
    ("at most {} characters", "najwyżej {} znaków"),
    ("at most {} contacts may be picked", "można wybrać najwyżej {} kontaktów"),
    ("at most {} messages per minute (0: no limit)", "najwyżej {} wiadomości na minutę (0: bez limitu)"),
    ("at most {}", "najwyżej {}"),
    ("groups, statuses, account manager, custom fields and \"not contacted\" exist only in the business book", "grupy, statusy, opiekun, pola własne i \"bez kontaktu\" są tylko w bazie firmowej"),
    ("the attachments take {} bytes; at most {} (10 MB) in all", "załączniki mają {} bajtów; razem najwyżej {} (10 MB)"),
    ("the attachments take more than {} bytes (10 MB)", "załączniki mają więcej niż {} bajtów (10 MB)"),
    ("the login is empty or too long", "login jest pusty albo za długi"),
    ("the number of days must be between 1 and 36600", "liczba dni musi być od 1 do 36600"),
    ("the port must be 1 to 65535", "port musi być od 1 do 65535"),
    ("'{}' matches {} contacts or more; use more words or other criteria", "'{}' pasuje do {} lub więcej kontaktów; dodaj słowa albo inne kryteria"),
    ("no From address: an admin sets the installation's (mail smtp --from) or you set your own (mail profile --address)", "brak adresu nadawcy: administrator ustawia adres instalacji (Ustawienia poczty, SMTP) albo ustaw własny w swoim profilu"),
    ("no e-mail address", "brak adresu e-mail"),
    ("no recipient would get a message ({} matched, all skipped)", "nikt nie dostałby wiadomości (pasuje: {}, wszyscy pominięci)"),
    ("nothing was sent; the template gives no message for {} recipient(s):\n{}", "nic nie wysłano; szablon nie daje wiadomości dla odbiorców: {}:\n{}"),
    ("{} (#{}) gets no message: {}", "{} (#{}) nie dostanie wiadomości: {}"),
    ("'{}' is not a number", "'{}' to nie liczba"),
    // contacts
    ("'{}' has a wrong check digit", "'{}' ma złą cyfrę kontrolną"),
    ("'{}' is not one of M, F, O, N, U", "'{}' to nie M, F, O, N ani U"),
    ("'{}' is not person or organisation", "'{}' to nie osoba ani organizacja"),
    ("'{}' may hold only digits, spaces and dashes", "'{}' może zawierać tylko cyfry, spacje i myślniki"),
    ("'{}' must have 10 digits, has {}", "'{}' musi mieć 10 cyfr, ma {}"),
    ("'{}' must have 9 or 14 digits, has {}", "'{}' musi mieć 9 albo 14 cyfr, ma {}"),
    ("a contact needs a name, an organisation, an e-mail or a phone", "kontakt musi mieć imię lub nazwisko, organizację, e-mail albo telefon"),
    ("an organisation cannot work at another organisation", "organizacja nie może pracować w innej organizacji"),
    ("holds {} bytes of text, over the limit of {}", "ma {} bajtów tekstu, a limit to {}"),
    ("holds {} bytes, over the limit of {}", "ma {} bajtów, a limit to {}"),
    ("{} values is more than the limit of {}", "wartości: {}, a limit to {}"),
    ("unknown category '{}' (known: {})", "nieznana kategoria '{}' (znane: {})"),
    ("'{}' contains control characters", "'{}' zawiera znaki sterujące"),
    ("'{}' is not a valid {} value", "'{}' to nie poprawna wartość typu {}"),
    ("'{}' is not one of: {}", "'{}' to nie jedna z opcji: {}"),
    ("'{}' is not {}", "'{}' to nie {}"),
    ("'{}' is set through the mail settings (contacts mail smtp), not directly", "'{}' ustawia się w ustawieniach poczty, nie bezpośrednio"),
    ("a choice field needs a list of non-empty options", "pole wyboru potrzebuje listy niepustych opcji"),
    ("cases name this {}; it cannot change its kind", "sprawy wskazują ten kontakt ({}); nie może zmienić rodzaju"),
    ("categories belong to the private book", "kategorie są tylko w bazie prywatnej"),
    ("contact {} is already in the business book", "kontakt {} jest już w bazie firmowej"),
    ("contact {} is not an organisation", "kontakt {} to nie organizacja"),
    ("contact {} was changed by someone else (you edited version {}, it is now at {}); reload and try again", "kontakt {} zmienił ktoś inny (edytowano wersję {}, teraz jest {}); odśwież i spróbuj ponownie"),
    ("custom fields belong to the business book", "pola własne są tylko w bazie firmowej"),
    ("groups belong to the business book", "grupy są tylko w bazie firmowej"),
    ("statuses belong to the business book", "statusy są tylko w bazie firmowej"),
    ("no custom field with id {}", "nie ma pola własnego o id {}"),
    ("no group with id {}", "nie ma grupy o id {}"),
    ("no status with id {}", "nie ma statusu o id {}"),
    ("no organisation {}", "nie ma organizacji {}"),
    ("organisation {} is in the other book", "organizacja {} jest w drugiej bazie"),
    ("people work at this organisation; it cannot become a person", "w tej organizacji pracują osoby; nie może stać się osobą"),
    ("the last admin cannot be disabled or demoted", "ostatniego administratora nie można wyłączyć ani odebrać mu uprawnień"),
    ("unknown field '{}' (known: {})", "nieznane pole '{}' (znane: {})"),
    ("unknown {} '{}' (known: {})", "nieznany wpis ({}) '{}' (znane: {})"),
    ("{} case(s) name contact {}; remove them or change their counterparty first", "sprawy ({}) wskazują kontakt {}; najpierw je usuń albo zmień ich kontrahenta"),
    ("'{}' is held by {} contact(s); give them another one first (an admin may force the removal from them all)", "'{}' ma kontaktów: {}; najpierw przypisz im inny wpis (administrator może usunąć go ze wszystkich)"),
    ("'{}' is held by {} contact(s); only an admin may remove it from them", "'{}' ma kontaktów: {}; usunąć go z nich może tylko administrator"),
    // the meeting form's own
    ("'{}' is not a number of minutes", "'{}' to nie liczba minut"),
    ("'{}' is not a contact id", "'{}' to nie id kontaktu"),
    ("no case '{}'", "nie ma sprawy '{}'"),
    // the case forms' "not found" for a field holding an id
    ("{} not found", "nie znaleziono: {}"),
    // permissions (`Error::Forbidden`, said on a Polish error page)
    ("only an admin may import the postal code list", "wykaz kodów pocztowych może wczytać tylko administrator"),
    ("only its author or an admin may remove a history entry", "wpis historii może usunąć tylko jego autor albo administrator"),
    ("only its author or an admin may change a history entry", "wpis historii może zmienić tylko jego autor albo administrator"),
    ("only the employee responsible or an admin may remove case {}", "sprawę {} może usunąć tylko odpowiedzialny pracownik albo administrator"),
    ("only an admin may hand over an employee's work", "pracę pracownika może przekazać tylko administrator"),
    ("only an admin may change the installation's language", "język instalacji może zmienić tylko administrator"),
    ("'{}' holds {} value(s); only an admin may remove a field that holds values", "'{}' ma wartości: {}; pole z wartościami może usunąć tylko administrator"),
    ("only an admin may change the mail server settings", "ustawienia serwera poczty może zmienić tylko administrator"),
    ("only an admin may see other users' mailing profiles", "profile wysyłki innych użytkowników widzi tylko administrator"),
    ("only an admin may decide who sends campaigns", "o tym, kto wysyła kampanie, decyduje tylko administrator"),
    ("only an admin may change other users' mailing profiles", "profile wysyłki innych użytkowników może zmieniać tylko administrator"),
    ("user '{}' may not send campaigns; an admin can allow it", "użytkownik '{}' nie może wysyłać kampanii; administrator może mu na to pozwolić"),
    ("only an admin may change other users", "innych użytkowników może zmieniać tylko administrator"),
    ("only an admin may add users", "użytkowników może dodawać tylko administrator"),
    ("only an admin may change settings", "ustawienia może zmieniać tylko administrator"),
    ("only an admin may list users", "listę użytkowników widzi tylko administrator"),
    ("only an admin may reset passwords", "hasła może resetować tylko administrator"),
    ("only an admin may back up the installation", "kopię zapasową instalacji może zrobić tylko administrator"),
    ("an admin exists already", "administrator już jest"),
    ("nobody sets another user's password: an admin makes a reset link", "nikt nie ustawia hasła innej osobie: administrator tworzy link do zmiany hasła"),
    ("the file is {}, over the limit of {}", "plik ma {}, a limit to {}"),
    // users, tokens, sign-in
    ("a session id or token needs at least {} random characters", "identyfikator sesji lub token potrzebuje co najmniej {} losowych znaków"),
    ("a token name is one line of at most {} characters", "nazwa tokenu to jeden wiersz, najwyżej {} znaków"),
    ("change your own password on the settings page", "własne hasło zmień na stronie ustawień"),
    ("you have a token named '{}' already", "masz już token o nazwie '{}'"),
    ("is not the password", "to nie jest hasło"),
    ("no user '{}'", "nie ma użytkownika '{}'"),
    ("'{}' is not text, number, date, yesno or choice", "'{}' to nie tekst, liczba, data, tak/nie ani wybór"),
    // reminders, meetings, name-days
    ("'{}' cannot see this private contact; only its owner can be assigned", "'{}' nie widzi tego prywatnego kontaktu; przypisać można tylko jego właściciela"),
    ("'{}' cannot see this private contact; only its owner can take part", "'{}' nie widzi tego prywatnego kontaktu; udział może wziąć tylko jego właściciel"),
    ("no name-day calendar for '{}' (known: {})", "brak kalendarza imienin dla '{}' (znane: {})"),
    ("reminder {} was done by {} at {}", "przypomnienie {} wykonał(a) {} o {}"),
    ("{} is not a number of days from 1 to {}", "{} to nie liczba dni od 1 do {}"),
    ("is not a number of days", "to nie liczba dni"),
    ("'{}' is not a number of days", "'{}' to nie liczba dni"),
    ("a meeting is on a contact or a case; give one", "spotkanie dotyczy kontaktu albo sprawy; podaj jedno z nich"),
    ("give at least one employee", "podaj co najmniej jednego pracownika"),
    ("longer than {} characters", "dłuższe niż {} znaków"),
    ("{} is not a duration from 1 to {} minutes", "{} to nie czas trwania od 1 do {} minut"),
    ("'{}' is not birthday or nameday", "'{}' to nie urodziny ani imieniny"),
    // merging and import
    ("'{}' is not a field a merge can take (one of: {})", "'{}' to nie pole, które scalanie może przejąć (jedno z: {})"),
    ("cannot merge a contact with itself", "nie można scalić kontaktu z nim samym"),
    ("cases name contact {}; point them at {} first", "sprawy wskazują kontakt {}; najpierw przepnij je na {}"),
    ("contact {} changed after the merge (version {} now, {} then); it cannot be unmerged", "kontakt {} zmienił się po scaleniu (teraz wersja {}, wtedy {}); nie można cofnąć scalenia"),
    ("contacts {} and {} are in different books", "kontakty {} i {} są w różnych bazach"),
    ("people work at organisation {}; link them to {} first", "w organizacji {} pracują osoby; najpierw przypisz je do {}"),
    // the stores' own conflicts
    ("contact {} is at version {}, not {}", "kontakt {} ma wersję {}, nie {}"),
    ("case {} is at version {}, not {}", "sprawa {} ma wersję {}, nie {}"),
    ("detail item {} is at version {}, not {}", "wpis {} ma wersję {}, nie {}"),
    ("reminder {} is at version {}, not {}", "przypomnienie {} ma wersję {}, nie {}"),
    ("meeting {} is at version {}, not {}", "spotkanie {} ma wersję {}, nie {}"),
    ("case number {} is taken", "numer sprawy {} jest zajęty"),
    ("contact {} exists", "kontakt {} już istnieje"),
    ("the session exists already", "ta sesja już istnieje"),
    ("token '{}' exists already", "token '{}' już istnieje"),
    ("'{}' must be one word of at most {} bytes", "'{}' musi być jednym słowem (najwyżej {} bajtów)"),
    // money
    ("'{}' is not a three-letter currency code such as PLN or EUR", "'{}' to nie trzyliterowy kod waluty, np. PLN albo EUR"),
    ("bad totals '{}'", "błędne sumy '{}'"),
    ("the line total is too large", "wartość pozycji jest za duża"),
    ("the total is too large to keep exactly", "suma jest za duża, by ją dokładnie zapisać"),
    ("{} has more than {} decimal places", "{} ma więcej niż {} miejsc po przecinku"),
    ("{} is negative", "{} jest ujemne"),
    ("{} is too large (the limit is {})", "{} jest za duże (limit to {})"),
];

/// The values of `reason` where it has `shape`, in order; `None` where it has another.
fn values<'a>(shape: &str, reason: &'a str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = shape.split("{}").collect();
    let (first, rest) = parts.split_first()?;
    let mut tail = reason.strip_prefix(first)?;
    let mut out = Vec::new();
    for (i, lit) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let at = if last {
            if lit.is_empty() {
                tail.len()
            } else if tail.ends_with(lit) {
                tail.len() - lit.len()
            } else {
                return None;
            }
        } else if lit.is_empty() {
            // Two values side by side: the first takes nothing it cannot give up.
            0
        } else {
            tail.find(lit)?
        };
        out.push(&tail[..at]);
        tail = &tail[at + lit.len()..];
    }
    (tail.is_empty()).then_some(out)
}

/// `shape` with `{}` filled by `vals` in order.
fn fill(shape: &str, vals: &[&str]) -> String {
    let mut out = String::new();
    let mut vals = vals.iter();
    let mut parts = shape.split("{}").peekable();
    while let Some(p) = parts.next() {
        out.push_str(p);
        if parts.peek().is_some() {
            out.push_str(vals.next().copied().unwrap_or(""));
        }
    }
    out
}

/// The Polish wording of a core reason, if it has a known shape. The longest matching
/// shape wins (`at most {} characters` before `at most {}`).
pub fn say(reason: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for (en, pl) in REASONS {
        if let Some(v) = values(en, reason) {
            let weight = en.len() - 2 * v.len();
            if best.as_ref().is_none_or(|(w, _)| weight > *w) {
                best = Some((weight, fill(pl, &v)));
            }
        }
    }
    if let Some((_, s)) = best {
        return Some(s);
    }
    // Composed reasons: "who (#id): reason" and "field: reason".
    let (head, tail) = reason.rsplit_once(": ")?;
    let tail = say(tail)?;
    Some(format!("{head}: {tail}"))
}

/// A core reason in the reader's language, where it has one of the usual shapes.
pub fn reason_in(lang: Lang, reason: &str) -> String {
    if lang != Lang::Pl {
        return reason.to_string();
    }
    if reason == "must not be empty" {
        return "nie może być puste".to_string();
    }
    if let Some(n) = reason
        .strip_prefix("is longer than ")
        .and_then(|r| r.strip_suffix(" characters"))
    {
        return format!("jest dłuższe niż {n} znaków");
    }
    // "the file is 6 MB, over the limit of 5 MB" / "is 6 MB, over the limit of 5 MB"
    let r = reason.strip_prefix("the file ").unwrap_or(reason);
    if let Some((size, limit)) = r
        .strip_prefix("is ")
        .and_then(|r| r.split_once(", over the limit of "))
    {
        let comma = |s: &str| s.replace('.', ",");
        return format!("plik ma {}, a limit to {}", comma(size), comma(limit));
    }
    if let Some(n) = reason
        .strip_prefix("is longer than ")
        .and_then(|r| r.strip_suffix(" kB"))
    {
        return format!("jest dłuższe niż {n} kB");
    }
    if let Some(c) = reason.strip_prefix("contains the control character ") {
        return format!("zawiera znak sterujący {c}");
    }
    // Whole reasons the core gives as they are.
    const WHOLE: &[(&str, &str)] = &[
        (
            "is not a JPEG, PNG, GIF or WebP image",
            "to nie jest obraz JPEG, PNG, GIF ani WebP",
        ),
        ("a token needs a name", "token musi mieć nazwę"),
        (
            "a choice field needs at least one choice",
            "pole wyboru potrzebuje co najmniej jednej opcji",
        ),
        (
            "only a choice field has choices",
            "opcje ma tylko pole wyboru",
        ),
        (
            "hand the work to someone other than its current holder",
            "przekaż pracę komuś innemu niż obecny właściciel",
        ),
        ("contains control characters", "zawiera znaki sterujące"),
    ];
    if let Some((_, pl)) = WHOLE.iter().find(|(en, _)| *en == reason) {
        return pl.to_string();
    }
    // Reasons that quote what was typed first: "'x' is not a date such as ...".
    const AFTER_QUOTE: &[(&str, &str)] = &[
        (
            " is not a date and time such as 10.09.2026 12:00 or 2026-09-10 12:00",
            " to nie data i godzina, np. 10.09.2026 12:00",
        ),
        (
            " is not a date such as 18.10.1985 or 1985-10-18",
            " to nie data, np. 18.10.1985",
        ),
        (" is not pl or en", " to nie pl ani en"),
        (
            " must be one word of at most 64 bytes",
            " musi być jednym słowem (najwyżej 64 bajty)",
        ),
        (" does not exist", " nie istnieje"),
        (" exists already", " już istnieje"),
    ];
    for (en, pl) in AFTER_QUOTE {
        if let Some(quoted) = reason.strip_suffix(en) {
            let quoted = quoted
                .strip_prefix("user ")
                .map_or_else(|| quoted.to_string(), |name| format!("użytkownik {name}"));
            return format!("{quoted}{pl}");
        }
    }
    if let Some((n, rest)) = reason.split_once(" is not a number of days from 0 to ") {
        return format!("{n} to nie liczba dni od 0 do {rest}");
    }
    // Every other reason of the core, by its shape (`i18n::reasons`).
    say(reason).unwrap_or_else(|| reason.to_string())
}

/// Whether `shape` holds only values and punctuation (a reason composed of others).
pub fn composed(shape: &str) -> bool {
    !shape.replace("{}", "").chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_filled_with_their_values() {
        assert_eq!(
            say("'abc' is not a number").as_deref(),
            Some("'abc' to nie liczba")
        );
        assert_eq!(
            say("10001 contacts is more than the limit of 10000 at once").as_deref(),
            Some("kontaktów: 10001, a najwięcej naraz: 10000")
        );
        assert_eq!(
            say("at most 300 characters").as_deref(),
            Some("najwyżej 300 znaków")
        );
        assert_eq!(say("something else entirely"), None);
    }

    #[test]
    fn every_shape_has_as_many_values_in_polish() {
        for (en, pl) in REASONS {
            assert_eq!(
                en.matches("{}").count(),
                pl.matches("{}").count(),
                "{en} / {pl}"
            );
            assert_ne!(en, pl);
        }
    }
}
