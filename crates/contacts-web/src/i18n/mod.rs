//! The message catalogue: every UI string in Polish and English, looked up by key.
//!
//! The language is the signed-in user's setting (kept with the user, chosen on the settings
//! page), else the `lang` cookie (set on the same page, so the login page follows it too),
//! else the first of Polish or English in `Accept-Language`, else the installation's
//! language (English while unset). See `auth::Ctx` and [`Lang::of_page`]; error pages
//! follow the same rule.

pub(crate) mod cases;
pub(crate) mod everyday;
pub(crate) mod mailing;
pub(crate) mod meetings;
pub(crate) mod pages;
pub mod reasons;

use axum::http::{header, HeaderMap};

use crate::cookies::cookie;

/// The cookie that keeps a browser's language choice.
pub const LANG_COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Pl,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }

    /// The catalogue for a user's language setting.
    pub fn of_language(l: contacts_core::model::Language) -> Lang {
        match l {
            contacts_core::model::Language::Polish => Lang::Pl,
            contacts_core::model::Language::English => Lang::En,
        }
    }

    /// The core's name for this language (what a user's setting stores).
    pub fn language(self) -> contacts_core::model::Language {
        match self {
            Lang::Pl => contacts_core::model::Language::Polish,
            Lang::En => contacts_core::model::Language::English,
        }
    }

    /// The formats of a page in this language: dates, money, and times in the installation's
    /// time zone (Europe/Warsaw should the setting be unreadable).
    pub fn fmt<S: contacts_core::store::Store>(
        self,
        svc: &contacts_core::service::Service<S>,
    ) -> contacts_core::format::Formatter {
        svc.formatter(self.language())
            .unwrap_or_else(|_| contacts_core::format::Formatter::default_zone(self.language()))
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "pl" => Some(Lang::Pl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The browser's language: the cookie's choice, else the best of `Accept-Language` (by
    /// q-value), else English. A signed-in user's own setting comes before this.
    pub fn of_request(headers: &HeaderMap) -> Lang {
        Lang::of_browser(headers).unwrap_or(Lang::En)
    }

    /// The browser's language, if it names Polish or English: the cookie's choice, else
    /// the best of `Accept-Language` (by q-value).
    pub fn of_browser(headers: &HeaderMap) -> Option<Lang> {
        if let Some(l) = cookie(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)) {
            return Some(l);
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut best: Option<(f32, Lang)> = None;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("");
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(l) = Lang::parse(tag) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language of a page: the signed-in user's setting, else the browser's, else the
    /// installation's (English while unset).
    pub fn of_page<S: contacts_core::store::Store>(
        user: Option<contacts_core::model::Language>,
        headers: &HeaderMap,
        svc: &contacts_core::service::Service<S>,
    ) -> Lang {
        user.map(Lang::of_language)
            .or_else(|| Lang::of_browser(headers))
            .unwrap_or_else(|| {
                svc.installation_language()
                    .map(Lang::of_language)
                    .unwrap_or(Lang::En)
            })
    }

    /// The text of a message in this language.
    pub fn t(self, key: Msg) -> &'static str {
        t(self, key)
    }
}

/// A key of the catalogue that both languages have: made only by [`msg!`], which checks
/// the key while compiling, so no page can ask for a message that is not there and no key
/// is made at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg(&'static str);

impl Msg {
    /// For [`msg!`] only, after its compile-time check.
    #[doc(hidden)]
    pub const fn checked(key: &'static str) -> Msg {
        Msg(key)
    }

    /// The key itself (for tests and logs, never shown to a user).
    pub fn key(self) -> &'static str {
        self.0
    }
}

/// Every table of a language's catalogue, in the order [`lookup`] looks in them.
const EN_TABLES: &[&[(&str, &str)]] = &[
    EN,
    pages::EN,
    meetings::EN,
    mailing::EN,
    everyday::EN,
    cases::EN,
];
const PL_TABLES: &[&[(&str, &str)]] = &[
    PL,
    pages::PL,
    meetings::PL,
    mailing::PL,
    everyday::PL,
    cases::PL,
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn in_tables(tables: &[&[(&str, &str)]], key: &str) -> bool {
    let mut t = 0;
    while t < tables.len() {
        let mut i = 0;
        while i < tables[t].len() {
            if same(tables[t][i].0, key) {
                return true;
            }
            i += 1;
        }
        t += 1;
    }
    false
}

/// Whether the catalogue says `key` in both languages; [`msg!`] asks this while compiling.
pub const fn known(key: &str) -> bool {
    in_tables(EN_TABLES, key) && in_tables(PL_TABLES, key)
}

/// A message key checked by the compiler: `l.t(msg!("case.new"))` does not build when
/// either language lacks `case.new`, so a page can never show a missing message. It is
/// the only way to make a [`Msg`], and [`t`] takes nothing else.
macro_rules! msg {
    ($key:literal) => {{
        const _: () = assert!(
            $crate::i18n::known($key),
            concat!("no message '", $key, "' in both languages of the catalogue")
        );
        $crate::i18n::Msg::checked($key)
    }};
}

/// The messages a page shows after an action, each named in the address of the redirect
/// that leads there (`?done=saved` for `flash.saved`, see [`crate::view::layout::done`]).
pub const FLASHES: &[Msg] = &[
    msg!("flash.saved"),
    msg!("flash.created"),
    msg!("flash.deleted"),
    msg!("flash.copied"),
    msg!("flash.imported"),
    msg!("flash.photo_saved"),
    msg!("flash.file_replaced"),
    msg!("flash.photo_removed"),
    msg!("flash.file_added"),
    msg!("flash.file_removed"),
    msg!("flash.restored"),
    msg!("flash.purged"),
    msg!("flash.emptied"),
    msg!("flash.reminder_added"),
    msg!("flash.reminder_done"),
    msg!("flash.history_added"),
    msg!("flash.case_saved"),
    msg!("flash.case_closed"),
    msg!("flash.case_reopened"),
    msg!("flash.item_removed"),
    msg!("flash.removed"),
    msg!("flash.merged"),
    msg!("flash.unmerged"),
    msg!("flash.reminder_taken"),
];

/// The name of a flash message in an address: its key without `flash.`.
pub fn flash_name(m: Msg) -> &'static str {
    m.key().strip_prefix("flash.").unwrap_or(m.key())
}

/// The text of a message in `lang`. [`msg!`] checked that both languages have it.
pub fn t(lang: Lang, key: Msg) -> &'static str {
    lookup(lang, key.0).unwrap_or(key.0)
}

/// The text under a key given as a string, if the catalogue has one: for tests that
/// compare pages with the catalogue. Pages use [`t`], which takes only a checked [`Msg`].
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let tables = match lang {
        Lang::En => EN_TABLES,
        Lang::Pl => PL_TABLES,
    };
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// The keys of the main tables (the pages' catalogue keeps apart from them).
#[cfg(test)]
pub(crate) fn main_keys() -> impl Iterator<Item = String> {
    EN.iter().map(|(k, _)| k.to_string())
}

const EN: &[(&str, &str)] = &[
    ("app.name", "Contacts"),
    ("nav.settings", "Settings"),
    ("nav.logout", "Sign out"),
    ("nav.home", "Back to contacts"),
    ("book.business", "Business book"),
    ("book.private", "Private book"),
    ("login.title", "Sign in"),
    ("login.user", "User name"),
    ("login.password", "Password"),
    ("login.submit", "Sign in"),
    ("login.failed", "Wrong user name or password."),
    ("login.wait", "Too many failed attempts. Please wait before trying again"),
    ("login.busy", "The server is busy checking other sign-ins. Please try again in a moment."),
    ("setup.title", "Create the admin account"),
    ("setup.intro", "This installation has no administrator yet. Choose the name and password of the first admin. This link works only once."),
    ("setup.submit", "Create admin"),
    ("list.search", "Search by name, e-mail, phone…"),
    ("list.all_categories", "All categories"),
    ("list.all_groups", "All groups"),
    ("list.all_statuses", "All statuses"),
    ("list.sort", "Sort"),
    ("list.sort_name", "Name A–Z"),
    ("list.sort_name_desc", "Name Z–A"),
    ("list.sort_changed", "Recently changed"),
    ("list.filter", "Filter"),
    ("list.new", "New contact"),
    ("list.changed", "Changed"),
    ("list.empty", "No contacts."),
    ("list.prev", "Previous"),
    ("list.next", "Next"),
    ("list.page", "Page"),
    ("list.contacts", "contacts"),
    ("contact.new", "New contact"),
    ("action.edit", "Edit"),
    ("action.save", "Save"),
    ("action.cancel", "Cancel"),
    ("action.delete", "Delete"),
    ("action.delete_confirm", "Delete this contact with its photo and attachments?"),
    ("action.copy_business", "Copy to business book"),
    ("action.remove", "Remove"),
    ("action.rename", "Rename"),
    ("action.add", "Add"),
    ("form.identity", "Name"),
    ("form.work", "Work and organisation"),
    ("form.dates", "Dates"),
    ("form.birthday_hint", "1980-03-14 / --03-14"),
    ("form.nameday_hint", "03-14"),
    ("form.business", "Business book"),
    ("form.label", "label"),
    ("field.kind", "Kind"),
    ("field.name", "Name"),
    ("field.prefix", "Prefix"),
    ("field.given", "Given name"),
    ("field.additional", "Middle name"),
    ("field.family", "Family name"),
    ("field.suffix", "Suffix"),
    ("field.nickname", "Nickname"),
    ("field.gender", "Gender"),
    ("field.org_name", "Organisation"),
    ("field.org_id", "Works at"),
    ("field.department", "Department"),
    ("field.job_title", "Job title"),
    ("field.nip", "NIP"),
    ("field.regon", "REGON"),
    ("field.bank_account", "Bank account"),
    ("field.email", "E-mail"),
    ("field.emails", "E-mail addresses"),
    ("field.phone", "Phone"),
    ("field.phones", "Phone numbers"),
    ("field.address", "Address"),
    ("field.addresses", "Postal addresses"),
    ("field.website", "Web site"),
    ("field.websites", "Web sites"),
    ("field.messengers", "Messengers"),
    ("field.im_service", "service"),
    ("field.im_handle", "Messenger handle"),
    ("field.birthday", "Birthday"),
    ("field.nameday", "Name-day"),
    ("field.anniversary", "Anniversary"),
    ("field.notes", "Notes"),
    ("field.no_mailing", "No mass mailing"),
    ("field.category", "Category"),
    ("field.groups", "Groups"),
    ("field.status", "Status"),
    ("field.photo", "Photo"),
    ("kind.person", "Person"),
    ("kind.organisation", "Organisation"),
    ("gender.m", "Male"),
    ("gender.f", "Female"),
    ("gender.o", "Other"),
    ("gender.n", "Not applicable"),
    ("gender.u", "Unknown"),
    ("adr.street", "Street"),
    ("adr.extended", "Flat, floor"),
    ("adr.po_box", "PO box"),
    ("adr.postal_code", "Postal code"),
    ("adr.locality", "City"),
    ("adr.region", "Region"),
    ("adr.country", "Country"),
    ("yes", "yes"),
    ("no", "no"),
    ("meta.created", "Created"),
    ("meta.updated", "Changed"),
    ("photo.upload", "Upload photo"),
    ("photo.remove", "Remove photo"),
    ("attachments.title", "Attachments"),
    ("attachments.none", "No attachments."),
    ("attachments.note", "Note"),
    ("attachments.upload", "Attach file"),
    ("conflict.title", "Someone else changed this contact"),
    ("conflict.explain", "The contact was saved by someone else after you opened the form. Nothing was overwritten. Compare the versions below and choose."),
    ("conflict.yours", "Your version"),
    ("conflict.stored", "Stored version"),
    ("conflict.keep_stored", "Keep the stored version"),
    ("conflict.edit_stored", "Edit the stored version"),
    ("conflict.save_mine", "Save my version over it"),
    ("settings.general", "General"),
    ("settings.saved", "Saved."),
    ("settings.language", "Language"),
    ("settings.password", "Change password"),
    ("settings.current_password", "Current password"),
    ("settings.api_token", "API tokens"),
    ("settings.api_token_help", "Personal tokens for the JSON API at /api/v1 (see /api/v1/openapi.json). Send one as Authorization: Bearer TOKEN; it acts as you. A token lasts until you revoke it (or an admin disables your account or resets your password)."),
    ("settings.api_token_none", "You have no tokens."),
    ("settings.api_token_name", "Token name"),
    ("settings.api_token_created", "Created"),
    ("settings.api_token_used", "Last used"),
    ("settings.api_token_revoke", "Revoke"),
    ("settings.api_token_new", "Make a new token"),
    ("settings.api_token_once", "Your new token. Copy it now: it is shown only once."),
    ("settings.dav", "Phone and desktop sync"),
    ("settings.dav_help", "Address books over CardDAV (DAVx5 on Android, iPhone and Mac Contacts, Thunderbird): server address below, your user name, and an API token from above as the password. You get your private book and the business book."),
    ("settings.feed", "Calendar subscription"),
    ("settings.feed_help", "A secret link to your calendar (birthdays, name-days, reminders) for a calendar app. Anyone with the link can read it: revoke it if it leaks."),
    ("settings.feed_none", "You have no calendar link."),
    ("settings.feed_made", "Link made"),
    ("settings.feed_new", "Make a new link"),
    ("settings.feed_revoke", "Revoke the link"),
    ("settings.feed_once", "Your calendar link. Copy it now: it is shown only once. A new link replaces the old one."),
    ("settings.categories", "Categories"),
    ("settings.categories_help", "The ten categories of your private book. Renaming changes only your labels."),
    ("settings.groups", "Groups"),
    ("settings.statuses", "Statuses"),
    ("settings.fields", "Custom fields"),
    ("settings.fields_help", "Fields of the business book. Renaming a field keeps its values."),
    ("settings.installation_language", "Installation language"),
    ("settings.installation_language_help", "Sets the names everyone starts with: categories, statuses, the relationship type, five spare fields, history and case kinds. Names users changed stay."),
    ("settings.field_holds", "The field"),
    ("settings.field_values", "contact(s) hold a value of it."),
    ("settings.field_remove_warn", "Removing the field removes these values for good."),
    ("settings.field_remove_confirm", "Remove the field and its values"),
    ("settings.label_used", "{n} contact(s) hold this entry: give them another one first (an admin may remove it from them)."),
    ("settings.label_used_admin", "{n} contact(s) hold this entry: give them another one first, or remove it from all of them."),
    ("settings.label_remove_used", "Remove it from every contact"),
    ("settings.field_admin_only", "Only an admin may remove a field that holds values."),
    ("settings.field_type", "Type"),
    ("settings.choices", "Choices, comma-separated"),
    ("settings.new_name", "New name"),
    ("settings.none", "None yet."),
    ("settings.users", "Users"),
    ("ftype.text", "Text"),
    ("ftype.number", "Number"),
    ("ftype.date", "Date"),
    ("ftype.yesno", "Yes/no"),
    ("ftype.choice", "Choice"),
    ("user.role", "Role"),
    ("user.state", "State"),
    ("user.admin", "Administrator"),
    ("user.member", "User"),
    ("user.active", "Active"),
    ("user.disabled", "Disabled"),
    ("user.no_password", "No password"),
    ("user.enable", "Enable"),
    ("user.disable", "Disable"),
    ("user.reset", "Reset password"),
    ("user.new_password", "New password"),
    ("user.password_repeat", "Repeat password"),
    ("user.add", "Add user"),
    ("user.add_hint", "The new user gets a one-time link to set their own password; you never know it."),
    ("account.link_made", "One-time password link for"),
    ("account.link_hint", "Give this link to the user, and only to them: it lets them set their password once, and stops working after 72 hours. You do not get a password that works; the user will see that you made this link."),
    ("account.set_password", "Set your password"),
    ("account.notices", "Changes to your account"),
    ("account.notices_intro", "Since you last signed in, this was done to your account. If you did not expect it, tell someone you trust."),
    ("account.when", "When"),
    ("account.what", "What"),
    ("account.who", "Who"),
    ("account.acknowledge", "I have read this"),
    ("account.event.password_reset", "Your password was reset by an administrator: your sessions and API tokens were ended and a one-time link was made"),
    ("account.event.invited", "Your account was created by an administrator, with a one-time link to set your password"),
    ("account.event.password_set_by_link", "Your password was set through a one-time link"),
    ("account.event.disabled", "Your account was disabled"),
    ("account.event.enabled", "Your account was enabled again"),
    ("account.event.made_admin", "You were made an administrator"),
    ("account.event.admin_removed", "Your administrator rights were removed"),
    ("error.not_found", "Not found"),
    ("error.forbidden", "Not allowed"),
    ("error.conflict", "Conflict"),
    ("error.invalid", "Invalid input"),
    ("error.too_large", "The upload is too large (photos: at most 5 MB; files and imports: at most 25 MB)"),
    ("error.photo_too_large", "The photo is larger than 5 MB. Choose a smaller one."),
    ("error.file_too_large", "The file is larger than 25 MB."),
    ("error.import_too_large", "The file is larger than 25 MB. Split it into smaller files."),
    ("error.back_to_form", "Back to the form"),
    ("error.bad_request", "Bad request"),
    ("error.unauthorized", "Sign in first."),
    ("error.method", "This address does not take that kind of request. Go back to the page and use its buttons."),
    ("error.too_many", "Too many tries. Wait a moment and try again."),
    ("error.busy", "The server is busy. Try again in a moment."),
    ("error.csrf", "The form has expired or came from another page. Go back, reload the page and send it again."),
    ("error.internal", "Something went wrong on the server. It has been logged."),
    ("error.no_file", "Choose a file first."),
    ("error.version", "The form is missing its version; reload the contact and edit again."),
    ("error.wrong_password", "The current password is wrong."),
    ("error.password_too_short", "A password needs at least 8 characters."),
    ("error.password_too_long", "A password may have at most 1024 characters."),
    ("error.passwords_differ", "The two passwords differ."),
    ("io.import", "Import…"),
    ("io.import_go", "Import"),
    ("io.import_title", "Import contacts"),
    ("io.import_help", "A vCard file (.vcf: phones, Google, Apple, Outlook, Thunderbird) or a Google or Outlook CSV file. Everything is imported in one go: a card that cannot be read is listed below with its number and line, the others are imported."),
    ("io.file", "File"),
    ("io.format", "Format"),
    ("io.format_auto", "Recognise automatically"),
    ("io.format_vcf", "vCard (.vcf)"),
    ("io.format_google", "CSV (Google)"),
    ("io.format_outlook", "CSV (Outlook)"),
    ("io.book", "Into the book"),
    ("io.duplicates", "A contact that is already there (same e-mail, phone or name)"),
    ("io.dup_merge", "merge the card into it"),
    ("io.dup_skip", "skip the card"),
    ("io.dup_create", "add it anyway"),
    ("io.dry_run", "Dry run: check the file and show the summary, write nothing"),
    ("io.bad_file", "The file could not be imported; nothing was written."),
    ("io.done_title", "Import finished"),
    ("io.nothing_title", "Nothing was imported"),
    ("io.dry_run_title", "Dry run finished"),
    ("io.dry_run_note", "This was a dry run: nothing was written."),
    ("io.imported", "Imported"),
    ("io.merged", "Merged into existing contacts"),
    ("io.skipped", "Skipped (already there)"),
    ("io.failed", "Failed"),
    ("io.failures", "Cards that were not imported"),
    ("io.card", "Card"),
    ("io.line", "Line"),
    ("io.error", "Error"),
    ("io.warnings", "Warnings: lines skipped or kept as extra lines"),
    ("io.import_more", "Import another file"),
    ("io.export_book", "Export the book"),
    ("io.export_shown", "Export the contacts shown"),
    ("io.file_private", "private-contacts"),
    ("io.file_business", "business-contacts"),
    ("io.file_private_selected", "private-contacts-selected"),
    ("io.file_business_selected", "business-contacts-selected"),
    ("io.file_selected", "contacts"),
];

const PL: &[(&str, &str)] = &[
    ("app.name", "Kontakty"),
    ("nav.settings", "Ustawienia"),
    ("nav.logout", "Wyloguj"),
    ("nav.home", "Wróć do kontaktów"),
    ("book.business", "Baza firmowa"),
    ("book.private", "Kontakty prywatne"),
    ("login.title", "Logowanie"),
    ("login.user", "Nazwa użytkownika"),
    ("login.password", "Hasło"),
    ("login.submit", "Zaloguj"),
    ("login.failed", "Błędna nazwa użytkownika lub hasło."),
    ("login.wait", "Zbyt wiele nieudanych prób. Odczekaj chwilę przed kolejną"),
    ("login.busy", "Serwer sprawdza teraz inne logowania. Spróbuj ponownie za chwilę."),
    ("setup.title", "Utwórz konto administratora"),
    ("setup.intro", "Ta instalacja nie ma jeszcze administratora. Wybierz nazwę i hasło pierwszego administratora. Ten link działa tylko raz."),
    ("setup.submit", "Utwórz administratora"),
    ("list.search", "Szukaj po nazwisku, e-mailu, telefonie…"),
    ("list.all_categories", "Wszystkie kategorie"),
    ("list.all_groups", "Wszystkie grupy"),
    ("list.all_statuses", "Wszystkie statusy"),
    ("list.sort", "Sortowanie"),
    ("list.sort_name", "Nazwa A–Z"),
    ("list.sort_name_desc", "Nazwa Z–A"),
    ("list.sort_changed", "Ostatnio zmienione"),
    ("list.filter", "Filtruj"),
    ("list.new", "Nowy kontakt"),
    ("list.changed", "Zmieniono"),
    ("list.empty", "Brak kontaktów."),
    ("list.prev", "Poprzednia"),
    ("list.next", "Następna"),
    ("list.page", "Strona"),
    ("list.contacts", "kontaktów"),
    ("contact.new", "Nowy kontakt"),
    ("action.edit", "Edytuj"),
    ("action.save", "Zapisz"),
    ("action.cancel", "Anuluj"),
    ("action.delete", "Usuń"),
    ("action.delete_confirm", "Usunąć ten kontakt razem ze zdjęciem i załącznikami?"),
    ("action.copy_business", "Skopiuj do bazy firmowej"),
    ("action.remove", "Usuń"),
    ("action.rename", "Zmień nazwę"),
    ("action.add", "Dodaj"),
    ("form.identity", "Nazwa"),
    ("form.work", "Praca i firma"),
    ("form.dates", "Daty"),
    ("form.birthday_hint", "14.03.1980 / 14.03"),
    ("form.nameday_hint", "14.03"),
    ("form.business", "Baza firmowa"),
    ("form.label", "etykieta"),
    ("field.kind", "Rodzaj"),
    ("field.name", "Nazwa"),
    ("field.prefix", "Tytuł"),
    ("field.given", "Imię"),
    ("field.additional", "Drugie imię"),
    ("field.family", "Nazwisko"),
    ("field.suffix", "Przyrostek"),
    ("field.nickname", "Pseudonim"),
    ("field.gender", "Płeć"),
    ("field.org_name", "Firma"),
    ("field.org_id", "Pracuje w"),
    ("field.department", "Dział"),
    ("field.job_title", "Stanowisko"),
    ("field.nip", "NIP"),
    ("field.regon", "REGON"),
    ("field.bank_account", "Konto bankowe"),
    ("field.email", "E-mail"),
    ("field.emails", "Adresy e-mail"),
    ("field.phone", "Telefon"),
    ("field.phones", "Telefony"),
    ("field.address", "Adres"),
    ("field.addresses", "Adresy pocztowe"),
    ("field.website", "Strona WWW"),
    ("field.websites", "Strony WWW"),
    ("field.messengers", "Komunikatory"),
    ("field.im_service", "usługa"),
    ("field.im_handle", "Identyfikator w komunikatorze"),
    ("field.birthday", "Urodziny"),
    ("field.nameday", "Imieniny"),
    ("field.anniversary", "Rocznica"),
    ("field.notes", "Notatki"),
    ("field.no_mailing", "Bez korespondencji seryjnej"),
    ("field.category", "Kategoria"),
    ("field.groups", "Grupy"),
    ("field.status", "Status"),
    ("field.photo", "Zdjęcie"),
    ("kind.person", "Osoba"),
    ("kind.organisation", "Firma"),
    ("gender.m", "Mężczyzna"),
    ("gender.f", "Kobieta"),
    ("gender.o", "Inna"),
    ("gender.n", "Nie dotyczy"),
    ("gender.u", "Nieznana"),
    ("adr.street", "Ulica"),
    ("adr.extended", "Lokal, piętro"),
    ("adr.po_box", "Skrytka"),
    ("adr.postal_code", "Kod pocztowy"),
    ("adr.locality", "Miejscowość"),
    ("adr.region", "Województwo"),
    ("adr.country", "Kraj"),
    ("yes", "tak"),
    ("no", "nie"),
    ("meta.created", "Utworzono"),
    ("meta.updated", "Zmieniono"),
    ("photo.upload", "Wgraj zdjęcie"),
    ("photo.remove", "Usuń zdjęcie"),
    ("attachments.title", "Załączniki"),
    ("attachments.none", "Brak załączników."),
    ("attachments.note", "Opis"),
    ("attachments.upload", "Dołącz plik"),
    ("conflict.title", "Ktoś inny zmienił ten kontakt"),
    ("conflict.explain", "Kontakt został zapisany przez kogoś innego po otwarciu formularza. Niczego nie nadpisano. Porównaj wersje poniżej i zdecyduj."),
    ("conflict.yours", "Twoja wersja"),
    ("conflict.stored", "Wersja zapisana"),
    ("conflict.keep_stored", "Zostaw zapisaną wersję"),
    ("conflict.edit_stored", "Edytuj zapisaną wersję"),
    ("conflict.save_mine", "Zapisz moją wersję zamiast niej"),
    ("settings.general", "Ogólne"),
    ("settings.saved", "Zapisano."),
    ("settings.language", "Język"),
    ("settings.password", "Zmiana hasła"),
    ("settings.current_password", "Obecne hasło"),
    ("settings.api_token", "Tokeny API"),
    ("settings.api_token_help", "Osobiste tokeny do API JSON pod /api/v1 (opis: /api/v1/openapi.json). Wysyłaj token jako Authorization: Bearer TOKEN; działa w Twoim imieniu. Token działa, dopóki go nie unieważnisz (albo administrator nie zablokuje konta lub nie ustawi nowego hasła)."),
    ("settings.api_token_none", "Nie masz tokenów."),
    ("settings.api_token_name", "Nazwa tokenu"),
    ("settings.api_token_created", "Utworzony"),
    ("settings.api_token_used", "Ostatnio użyty"),
    ("settings.api_token_revoke", "Unieważnij"),
    ("settings.api_token_new", "Utwórz nowy token"),
    ("settings.api_token_once", "Twój nowy token. Skopiuj go teraz: jest pokazywany tylko raz."),
    ("settings.dav", "Synchronizacja z telefonem i komputerem"),
    ("settings.dav_help", "Książki adresowe przez CardDAV (DAVx5 na Androidzie, Kontakty na iPhonie i Macu, Thunderbird): adres serwera poniżej, Twoja nazwa użytkownika i token API z sekcji wyżej jako hasło. Dostajesz swoją książkę prywatną i bazę firmową."),
    ("settings.feed", "Subskrypcja kalendarza"),
    ("settings.feed_help", "Tajny link do Twojego kalendarza (urodziny, imieniny, przypomnienia) dla aplikacji kalendarza. Każdy, kto ma link, może go czytać: unieważnij go, jeśli wycieknie."),
    ("settings.feed_none", "Nie masz linku do kalendarza."),
    ("settings.feed_made", "Link utworzony"),
    ("settings.feed_new", "Utwórz nowy link"),
    ("settings.feed_revoke", "Unieważnij link"),
    ("settings.feed_once", "Twój link do kalendarza. Skopiuj go teraz: jest pokazywany tylko raz. Nowy link zastępuje poprzedni."),
    ("settings.categories", "Kategorie"),
    ("settings.categories_help", "Dziesięć kategorii Twoich kontaktów prywatnych. Zmiana nazwy dotyczy tylko Ciebie."),
    ("settings.groups", "Grupy"),
    ("settings.statuses", "Statusy"),
    ("settings.fields", "Pola własne"),
    ("settings.fields_help", "Pola bazy firmowej. Zmiana nazwy pola zachowuje jego wartości."),
    ("settings.installation_language", "Język instalacji"),
    ("settings.installation_language_help", "Ustala nazwy, od których wszyscy zaczynają: kategorie, statusy, rodzaj relacji, pięć pól do nazwania, rodzaje historii i spraw. Nazwy zmienione przez użytkowników zostają."),
    ("settings.field_holds", "Pole"),
    ("settings.field_values", "– tyle kontaktów ma w nim wartość."),
    ("settings.field_remove_warn", "Usunięcie pola usuwa te wartości na zawsze."),
    ("settings.field_remove_confirm", "Usuń pole i jego wartości"),
    ("settings.label_used", "Ten wpis ma kontaktów: {n}. Najpierw przypisz im inny (administrator może usunąć go ze wszystkich)."),
    ("settings.label_used_admin", "Ten wpis ma kontaktów: {n}. Najpierw przypisz im inny albo usuń go ze wszystkich."),
    ("settings.label_remove_used", "Usuń go ze wszystkich kontaktów"),
    ("settings.field_admin_only", "Pole z wartościami może usunąć tylko administrator."),
    ("settings.field_type", "Typ"),
    ("settings.choices", "Wartości do wyboru, po przecinku"),
    ("settings.new_name", "Nowa nazwa"),
    ("settings.none", "Jeszcze brak."),
    ("settings.users", "Użytkownicy"),
    ("ftype.text", "Tekst"),
    ("ftype.number", "Liczba"),
    ("ftype.date", "Data"),
    ("ftype.yesno", "Tak/nie"),
    ("ftype.choice", "Wybór"),
    ("user.role", "Rola"),
    ("user.state", "Stan"),
    ("user.admin", "Administrator"),
    ("user.member", "Użytkownik"),
    ("user.active", "Aktywny"),
    ("user.disabled", "Zablokowany"),
    ("user.no_password", "Bez hasła"),
    ("user.enable", "Odblokuj"),
    ("user.disable", "Zablokuj"),
    ("user.reset", "Zresetuj hasło"),
    ("user.new_password", "Nowe hasło"),
    ("user.password_repeat", "Powtórz hasło"),
    ("user.add", "Dodaj użytkownika"),
    ("user.add_hint", "Nowy użytkownik dostanie jednorazowy link, przez który sam ustawi hasło; ty go nie poznasz."),
    ("account.link_made", "Jednorazowy link do ustawienia hasła dla"),
    ("account.link_hint", "Przekaż ten link tylko temu użytkownikowi: pozwala raz ustawić hasło i przestaje działać po 72 godzinach. Nie dostajesz działającego hasła; użytkownik zobaczy, że utworzyłeś ten link."),
    ("account.set_password", "Ustaw swoje hasło"),
    ("account.notices", "Zmiany na twoim koncie"),
    ("account.notices_intro", "Od ostatniego logowania na twoim koncie zrobiono to, co poniżej. Jeśli się tego nie spodziewałeś, powiedz o tym zaufanej osobie."),
    ("account.when", "Kiedy"),
    ("account.what", "Co"),
    ("account.who", "Kto"),
    ("account.acknowledge", "Przeczytałem"),
    ("account.event.password_reset", "Administrator zresetował twoje hasło: zakończono twoje sesje i tokeny API i utworzono jednorazowy link"),
    ("account.event.invited", "Administrator utworzył twoje konto z jednorazowym linkiem do ustawienia hasła"),
    ("account.event.password_set_by_link", "Hasło ustawiono przez jednorazowy link"),
    ("account.event.disabled", "Twoje konto zablokowano"),
    ("account.event.enabled", "Twoje konto odblokowano"),
    ("account.event.made_admin", "Nadano ci uprawnienia administratora"),
    ("account.event.admin_removed", "Odebrano ci uprawnienia administratora"),
    ("error.not_found", "Nie znaleziono"),
    ("error.forbidden", "Brak uprawnień"),
    ("error.conflict", "Konflikt"),
    ("error.invalid", "Błędne dane"),
    ("error.too_large", "Plik jest za duży (zdjęcia: najwyżej 5 MB; pliki i import: najwyżej 25 MB)"),
    ("error.photo_too_large", "Zdjęcie jest większe niż 5 MB. Wybierz mniejsze."),
    ("error.file_too_large", "Plik jest większy niż 25 MB."),
    ("error.import_too_large", "Plik jest większy niż 25 MB. Podziel go na mniejsze pliki."),
    ("error.back_to_form", "Wróć do formularza"),
    ("error.bad_request", "Błędne żądanie"),
    ("error.unauthorized", "Najpierw się zaloguj."),
    ("error.method", "Ten adres nie przyjmuje takiego żądania. Wróć na stronę i użyj jej przycisków."),
    ("error.too_many", "Za dużo prób. Odczekaj chwilę i spróbuj ponownie."),
    ("error.busy", "Serwer jest zajęty. Spróbuj ponownie za chwilę."),
    ("error.csrf", "Formularz wygasł albo przyszedł z innej strony. Wróć, odśwież stronę i wyślij go ponownie."),
    ("error.internal", "Wystąpił błąd serwera. Został zapisany w dzienniku."),
    ("error.no_file", "Najpierw wybierz plik."),
    ("error.version", "W formularzu brak wersji; otwórz kontakt ponownie i edytuj jeszcze raz."),
    ("error.wrong_password", "Obecne hasło jest błędne."),
    ("error.password_too_short", "Hasło musi mieć co najmniej 8 znaków."),
    ("error.password_too_long", "Hasło może mieć najwyżej 1024 znaki."),
    ("error.passwords_differ", "Hasła się różnią."),
    ("io.import", "Import…"),
    ("io.import_go", "Importuj"),
    ("io.import_title", "Import kontaktów"),
    ("io.import_help", "Plik vCard (.vcf: telefony, Google, Apple, Outlook, Thunderbird) albo plik CSV z Google lub Outlooka. Całość importuje się za jednym razem: wizytówka, której nie da się odczytać, pojawi się niżej z numerem i wierszem, pozostałe zostaną zaimportowane."),
    ("io.file", "Plik"),
    ("io.format", "Format"),
    ("io.format_auto", "Rozpoznaj automatycznie"),
    ("io.format_vcf", "vCard (.vcf)"),
    ("io.format_google", "CSV (Google)"),
    ("io.format_outlook", "CSV (Outlook)"),
    ("io.book", "Do bazy"),
    ("io.duplicates", "Kontakt, który już jest (ten sam e-mail, telefon lub nazwisko)"),
    ("io.dup_merge", "scal z nim wizytówkę"),
    ("io.dup_skip", "pomiń wizytówkę"),
    ("io.dup_create", "dodaj mimo to"),
    ("io.dry_run", "Próba: sprawdź plik i pokaż podsumowanie, niczego nie zapisuj"),
    ("io.bad_file", "Nie udało się zaimportować pliku; nic nie zostało zapisane."),
    ("io.done_title", "Import zakończony"),
    ("io.nothing_title", "Nic nie zostało zaimportowane"),
    ("io.dry_run_title", "Próba zakończona"),
    ("io.dry_run_note", "To była próba: nic nie zostało zapisane."),
    ("io.imported", "Zaimportowane"),
    ("io.merged", "Scalone z istniejącymi"),
    ("io.skipped", "Pominięte (już są)"),
    ("io.failed", "Błędne"),
    ("io.failures", "Wizytówki, których nie zaimportowano"),
    ("io.card", "Wizytówka"),
    ("io.line", "Wiersz"),
    ("io.error", "Błąd"),
    ("io.warnings", "Ostrzeżenia: wiersze pominięte lub zachowane jako dodatkowe"),
    ("io.import_more", "Importuj kolejny plik"),
    ("io.export_book", "Eksportuj bazę"),
    ("io.export_shown", "Eksportuj widoczne kontakty"),
    ("io.file_private", "kontakty-prywatne"),
    ("io.file_business", "kontakty-firmowe"),
    ("io.file_private_selected", "kontakty-prywatne-wybrane"),
    ("io.file_business_selected", "kontakty-firmowe-wybrane"),
    ("io.file_selected", "kontakty"),
];

/// Every source file of the crate, read at test time, for the tests that check that
/// each catalogue key the code asks for exists (wherever the code asking for it lives).
#[cfg(test)]
pub(crate) fn all_sources() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    assert!(out.len() > 40, "the crate's sources were not found");
    out
}

/// Test helper: every `"prefix.word"` string literal in `sources` whose prefix is one of
/// `prefixes` and which is not in `known` (a key a page asks for that no catalogue has).
#[cfg(test)]
pub(crate) fn keys_missing(
    sources: &[String],
    prefixes: &[&str],
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut missing = Vec::new();
    for src in sources {
        for (at, _) in src.match_indices('"') {
            let rest = &src[at + 1..];
            let end = rest
                .find(|c: char| {
                    !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
                })
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if rest[end..].starts_with('"')
                && prefixes
                    .iter()
                    .any(|p| word.starts_with(p) && word.len() > p.len())
                && !known(word)
            {
                missing.push(word.to_string());
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(table: &[(&str, &str)]) -> BTreeSet<String> {
        table.iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn both_tables_have_the_same_keys_once() {
        assert_eq!(keys(EN), keys(PL));
        assert_eq!(keys(EN).len(), EN.len(), "a key repeats in EN");
        assert_eq!(keys(PL).len(), PL.len(), "a key repeats in PL");
    }

    /// Every key the source code asks for is in the catalogue.
    #[test]
    fn every_flash_message_of_the_catalogue_can_be_named_in_an_address() {
        // `FLASHES` lists them again (a `Msg` is only made by `msg!`): one missing there
        // would redirect with `done=…` and show nothing.
        let listed: Vec<&str> = FLASHES.iter().map(|m| m.key()).collect();
        let missing: Vec<&str> = EN_TABLES
            .iter()
            .flat_map(|t| t.iter())
            .map(|(k, _)| *k)
            .filter(|k| k.starts_with("flash.") && !listed.contains(k))
            .collect();
        assert!(missing.is_empty(), "not in i18n::FLASHES: {missing:?}");
        for m in FLASHES {
            assert_eq!(
                crate::session::auth::flash_of(Some(&format!("done={}", flash_name(*m)))),
                Some(*m)
            );
        }
    }

    #[test]
    fn every_key_used_in_the_source_exists() {
        let known = keys(EN);
        let sources = crate::i18n::all_sources();
        let prefixes = [
            "app.",
            "nav.",
            "book.",
            "login.",
            "setup.",
            "list.",
            "contact.",
            "action.",
            "form.",
            "field.",
            "kind.",
            "gender.",
            "adr.",
            "meta.",
            "photo.",
            "attachments.",
            "conflict.",
            "settings.",
            "ftype.",
            "user.",
            "error.",
            "io.",
        ];
        let missing = crate::i18n::keys_missing(&sources, &prefixes, &|w| known.contains(w));
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    #[test]
    fn language_from_cookie_then_accept_language() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::of_request(&h), Lang::En);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "de-DE,pl;q=0.9,en;q=0.8"
                .parse()
                .unwrap_or(header::HeaderValue::from_static("")),
        );
        assert_eq!(Lang::of_request(&h), Lang::Pl);
        h.insert(header::COOKIE, header::HeaderValue::from_static("lang=en"));
        assert_eq!(Lang::of_request(&h), Lang::En);
        assert_eq!(
            t(Lang::Pl, msg!("action.copy_business")),
            "Skopiuj do bazy firmowej"
        );
    }
}
