//! The page frame every page shares, and small rendering helpers. maud escapes every
//! interpolated value, so user data can never become markup.

use contacts_core::format::{self, Formatter};
use maud::{html, Markup, DOCTYPE};

use crate::error::ErrorPage;
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::session::CSRF_FIELD;

/// Which top tab is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Business,
    Private,
    Settings,
    None,
}

fn head(lang: Lang, title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · " (lang.t(msg!("app.name"))) }
            link rel="stylesheet" href="/static/app.css";
            link rel="stylesheet" href=(crate::assets::PRINT_CSS_PATH) media="print";
            link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            script src=(crate::assets::JS_PATH) integrity=(crate::assets::js_integrity()) defer {}
        }
    }
}

/// A page for a signed-in user: top bar with the book tabs, settings and sign-out.
pub fn page(me: &Me, tab: Tab, title: &str, body: Markup) -> Markup {
    let l = me.lang;
    let cls = |t: Tab| if t == tab { "tab active" } else { "tab" };
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            (head(l, title))
            body {
                header.top #top {
                    a.brand href="/" { "📇 " (l.t(msg!("app.name"))) }
                    button.menu-toggle #menu-toggle type="button" aria-controls="menu" aria-expanded="false" {
                        "☰ " (l.t(msg!("ui.menu")))
                    }
                    nav.tabs #menu {
                        a class=(cls(Tab::Business)) href="/contacts?book=business" { (l.t(msg!("book.business"))) }
                        a class=(cls(Tab::Private)) href="/contacts?book=private" { (l.t(msg!("book.private"))) }
                        a.tab href="/agenda" { (l.t(msg!("menu.agenda"))) }
                        a.tab href="/meetings" { (l.t(msg!("menu.meetings"))) }
                        a.tab href="/cases" { (l.t(msg!("menu.cases"))) }
                        a.tab href="/reports" { (l.t(msg!("menu.reports"))) }
                        a class=(cls(Tab::Settings)) href="/settings" { (l.t(msg!("nav.settings"))) }
                    }
                    div.who {
                        @if let Some(d) = me.due {
                            a #due-counter href="/agenda"
                                class=(if d.overdue > 0 { "due-counter overdue" } else if d.due > 0 { "due-counter due" } else { "due-counter" })
                                title=(l.t(msg!("due.title"))) {
                                "🔔 " span.due-count { (d.due) }
                                @if d.overdue > 0 { " " span.badge.danger.overdue-count { (d.overdue) " " (l.t(msg!("due.overdue"))) } }
                            }
                        }
                        span.user { (me.actor.name()) }
                        form.inline method="post" action="/logout" {
                            (csrf(me))
                            button.link type="submit" { (l.t(msg!("nav.logout"))) }
                        }
                    }
                }
                main {
                    @if let Some(key) = me.flash {
                        p.notice.flash #flash role="status" { (l.t(key)) }
                    }
                    (body)
                }
            }
        }
    }
}

/// A redirect to `path` whose page shows `flash`, one of [`crate::i18n::FLASHES`].
pub fn done(path: &str, flash: crate::i18n::Msg) -> axum::response::Redirect {
    let what = crate::i18n::flash_name(flash);
    let (base, anchor) = match path.split_once('#') {
        Some((b, a)) => (b, format!("#{a}")),
        None => (path, String::new()),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{base}{sep}done={what}{anchor}"))
}

/// A page without the signed-in frame (login, setup, errors).
pub fn bare(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title))
            body {
                header.top { a.brand href="/" { "📇 " (lang.t(msg!("app.name"))) } }
                main { (body) }
            }
        }
    }
}

pub fn error_page(lang: Lang, page: &ErrorPage) -> Markup {
    bare(
        lang,
        lang.t(page.key),
        html! {
            div.card.narrow {
                h1 { (page.status.as_u16()) " · " (lang.t(page.key)) }
                @if let Some(d) = page.detail_in(lang) { p.error { (d) } }
                @if let Some(back) = &page.back { p { a.button #back href=(back) { (lang.t(msg!("error.back_to_form"))) } } }
                p { a href="/" { (lang.t(msg!("nav.home"))) } }
            }
        },
    )
}

/// The hidden CSRF field every POST form carries.
pub fn csrf(me: &Me) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(me.csrf); }
}

/// A confirmation step before a change that cannot be taken back or that everyone will see
/// (delete, copy to the business book, remove a photo or a file, close a case).
#[derive(Debug)]
pub struct Confirm<'a> {
    /// The question, in bold under the page title.
    pub question: &'a str,
    /// What the step is about and what the reader should know, under the question.
    pub about: Markup,
    /// Where the answer is posted, with the CSRF token and `version` when given.
    pub action: &'a str,
    pub version: Option<u64>,
    /// The button's text; `danger` draws it as a destructive one.
    pub yes: &'a str,
    pub danger: bool,
    /// Where "Cancel" leads.
    pub back: &'a str,
}

/// The body of a [`Confirm`] step: the same card on every confirmation page.
pub fn confirm(me: &Me, c: Confirm<'_>) -> Markup {
    let l = me.lang;
    html! {
        div.card.narrow #confirm {
            h1 { (l.t(msg!("confirm.title"))) }
            p { strong { (c.question) } }
            (c.about)
            div.actions {
                form.inline method="post" action=(c.action) {
                    (csrf(me))
                    @if let Some(v) = c.version {
                        input type="hidden" name="version" value=(v);
                    }
                    button #confirm-yes type="submit" class=[c.danger.then_some("danger")] { (c.yes) }
                }
                a.button.secondary href=(c.back) { (l.t(msg!("confirm.cancel"))) }
            }
        }
    }
}

/// A small POST form with one button (delete, copy, disable...).
/// A "danger" button (remove a file, a photo, an item...) asks first (`data-confirm`, by
/// the page script).
pub fn post_button(me: &Me, action: &str, label: &str, class: &str) -> Markup {
    let confirm = class
        .split(' ')
        .any(|c| c == "danger")
        .then(|| me.lang.t(msg!("confirm.generic")));
    html! {
        form.inline method="post" action=(action) data-confirm=[confirm] {
            (csrf(me))
            button type="submit" class=(class) { (label) }
        }
    }
}

/// A date field that looks the same in every browser: text in the page's format
/// (`18.10.1985` in Polish), with its pattern and placeholder; ISO is accepted too. (A
/// browser's own date picker would show the browser's locale, such as US month/day order.)
pub fn date_input(
    f: &Formatter,
    name: &str,
    value: Option<chrono::NaiveDate>,
    label: &str,
) -> Markup {
    html! {
        input name=(name) value=(value.map(|d| f.date(d)).unwrap_or_default()) inputmode="numeric"
            pattern=(format::DATE_PATTERN) placeholder=(f.date_placeholder()) aria-label=(label) size="10";
    }
}

/// A date-and-time field in the page's format (`18.10.2026 14:30` in Polish) holding a local
/// time of the installation's zone.
pub fn datetime_input(
    f: &Formatter,
    name: &str,
    value: Option<chrono::NaiveDateTime>,
    label: &str,
    required: bool,
) -> Markup {
    html! {
        input name=(name) value=(value.map(|t| f.local_datetime(t)).unwrap_or_default())
            pattern=(format::DATETIME_PATTERN) placeholder=(f.datetime_placeholder()) aria-label=(label) size="16" required[required];
    }
}

/// A date-and-time field holding what was typed (a refused form), marked by `m` when it is
/// the refused field; the page's format, pattern and placeholder as [`datetime_input`].
pub fn datetime_typed(
    f: &Formatter,
    m: &crate::view::refused::Marks<'_>,
    name: &str,
    default: Option<chrono::NaiveDateTime>,
    label: &str,
    required: bool,
) -> Markup {
    if !m.refused() {
        return datetime_input(f, name, default, label, required);
    }
    html! {
        input name=(name) value=(m.value_or(name, ""))
            pattern=(format::DATETIME_PATTERN) placeholder=(f.datetime_placeholder()) aria-label=(label) size="16" required[required]
            class=[m.class(name)] aria-invalid=[m.invalid(name)] aria-describedby=[m.described(name)];
        (m.error(name))
    }
}

/// An activity report's key for detail items (the core's `DetailBody::activity_key`:
/// "note: telefon", "document: faktura", "file") in the reader's words: the item's type from
/// the catalogue, the kind (the users' own word) as it is. Never a raw key on a page.
pub fn activity_label(lang: Lang, key: &str) -> String {
    let (kind, rest) = match key.split_once(": ") {
        Some((k, r)) => (k, Some(r)),
        None => (key, None),
    };
    let word = match kind {
        "note" => lang.t(msg!("case.note")),
        "document" => lang.t(msg!("case.document")),
        "file" => lang.t(msg!("case.file")),
        _ => return key.to_string(),
    };
    match rest {
        Some(r) => format!("{word}: {r}"),
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_keys_are_shown_in_the_readers_words() {
        assert_eq!(
            activity_label(Lang::Pl, "document: faktura"),
            "Dokument: faktura"
        );
        assert_eq!(activity_label(Lang::Pl, "note"), "Notatka");
        assert_eq!(activity_label(Lang::En, "file"), "File");
        assert_eq!(activity_label(Lang::Pl, "telefon"), "telefon");
    }
}
