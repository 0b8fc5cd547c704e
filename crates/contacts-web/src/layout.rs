//! The page frame every page shares, and small rendering helpers. maud escapes every
//! interpolated value, so user data can never become markup.

use maud::{html, Markup, DOCTYPE};

use crate::auth::Me;
use crate::error::ErrorPage;
use crate::i18n::Lang;
use crate::middleware::CSRF_FIELD;

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
            title { (title) " · " (lang.t("app.name")) }
            link rel="stylesheet" href="/static/app.css";
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
                header.top {
                    a.brand href="/" { "📇 " (l.t("app.name")) }
                    nav.tabs {
                        a class=(cls(Tab::Business)) href="/contacts?book=business" { (l.t("book.business")) }
                        a class=(cls(Tab::Private)) href="/contacts?book=private" { (l.t("book.private")) }
                        a.tab href="/agenda" { (l.t("menu.agenda")) }
                        a.tab href="/meetings" { (l.t("menu.meetings")) }
                        a.tab href="/cases" { (l.t("menu.cases")) }
                        a.tab href="/reports" { (l.t("menu.reports")) }
                        a class=(cls(Tab::Settings)) href="/settings" { (l.t("nav.settings")) }
                    }
                    div.who {
                        @if let Some(d) = me.due {
                            a #due-counter href="/agenda"
                                class=(if d.overdue > 0 { "due-counter overdue" } else if d.due > 0 { "due-counter due" } else { "due-counter" })
                                title=(l.t("due.title")) {
                                "🔔 " span.due-count { (d.due) }
                                @if d.overdue > 0 { " " span.badge.danger.overdue-count { (d.overdue) " " (l.t("due.overdue")) } }
                            }
                        }
                        span.user { (me.actor.name()) }
                        form.inline method="post" action="/logout" {
                            (csrf(me))
                            button.link type="submit" { (l.t("nav.logout")) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A page without the signed-in frame (login, setup, errors).
pub fn bare(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title))
            body {
                header.top { a.brand href="/" { "📇 " (lang.t("app.name")) } }
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
                @if let Some(d) = &page.detail { p.error { (d) } }
                p { a href="/" { (lang.t("nav.home")) } }
            }
        },
    )
}

/// The hidden CSRF field every POST form carries.
pub fn csrf(me: &Me) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(me.csrf); }
}

/// A small POST form with one button (delete, copy, disable...).
pub fn post_button(me: &Me, action: &str, label: &str, class: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf(me))
            button type="submit" class=(class) { (label) }
        }
    }
}
