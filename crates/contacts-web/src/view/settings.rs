//! The frame of every settings page: its title and the settings menu.

use crate::session::auth::Me;
use crate::view::layout;
use crate::view::layout::Tab;
use maud::html;
use maud::Markup;

pub(crate) fn settings_page(me: &Me, title: &str, body: Markup) -> Markup {
    layout::page(
        me,
        Tab::Settings,
        title,
        html! { h1 { (title) } (settings_nav(me)) (body) },
    )
}

pub(crate) fn settings_nav(me: &Me) -> Markup {
    let l = me.lang;
    html! {
        nav.toolbar {
            a.button.secondary href="/settings" { (l.t(msg!("settings.general"))) }
            a.button.secondary href="/settings/categories" { (l.t(msg!("settings.categories"))) }
            a.button.secondary href="/settings/lists/groups" { (l.t(msg!("settings.groups"))) }
            a.button.secondary href="/settings/lists/statuses" { (l.t(msg!("settings.statuses"))) }
            a.button.secondary href="/settings/fields" { (l.t(msg!("settings.fields"))) }
            a.button.secondary href="/settings/case-kinds" { (l.t(msg!("cf.kinds"))) }
            @if me.actor.is_admin() {
                a.button.secondary href="/settings/users" { (l.t(msg!("settings.users"))) }
                a.button.secondary href="/settings/takeover" { (l.t(msg!("takeover.title"))) }
            }
        }
    }
}
