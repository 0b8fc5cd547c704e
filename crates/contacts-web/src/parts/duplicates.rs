//! Duplicates as other pages show them: the notice on a merged contact's card, the
//! "this may already exist" warning on the contact form, and the reasons in words.

use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout::post_button;
use crate::view::links::book_name;
use crate::view::links::contact_link;
use crate::AppState;
use contacts_core::ids::ContactId;
use contacts_core::model::Contact;
use contacts_core::service::BookKind;
use contacts_core::service::DuplicateHint;
use contacts_core::store::Store;
use maud::html;
use maud::Markup;

/// On a contact page: the merge into it that can still be undone, with the button.
pub(crate) fn merge_notice<S: Store>(state: &AppState<S>, me: &Me, c: &Contact) -> Markup {
    let l = me.lang;
    match state.service().undoable_merge(&me.actor, c.id) {
        Ok(Some((other, name))) => html! {
            div.card #merged {
                p { (l.t(msg!("dup.merged_with"))) " " strong { (name) } " (#" (other) ")" }
                (post_button(me, &crate::paths::ContactUnmerge { id: c.id }.to_string(), l.t(msg!("dup.unmerge")), "secondary"))
            }
        },
        _ => html! {},
    }
}

/// Above a contact form: the stored contacts what is being saved matches, with links, and
/// the button that saves anyway.
pub(crate) fn warning(me: &Me, book: BookKind, hints: &[DuplicateHint]) -> Markup {
    let l = me.lang;
    html! {
        div.warning #duplicate-warning role="alert" {
            p { strong { (l.t(msg!("dup.warning"))) } }
            ul { @for h in hints {
                li { (contact_link(h.contact.id, &h.contact.name)) " · " span.muted { (reason_text(l, &h.reason)) } }
            } }
            p { (l.t(msg!("dup.warning_help"))) " "
                a href=(crate::paths::Duplicates.with_query(crate::paths::InBook { book: book_name(book) })) { (l.t(msg!("dup.title"))) } }
        }
    }
}

/// The hints for a contact form, unless confirmed; errors count as none (the save reports
/// them).
pub(crate) fn hints_for<S: Store>(
    state: &AppState<S>,
    me: &Me,
    book: BookKind,
    data: &contacts_core::model::ContactData,
    except: Option<ContactId>,
    pairs: &[(String, String)],
) -> Vec<DuplicateHint> {
    if confirmed(pairs) {
        return Vec::new();
    }
    state
        .service()
        .possible_duplicates(&me.actor, book, data, except)
        .unwrap_or_default()
}

/// Why two contacts look the same (the core's "same e-mail …", "same phone …", "same name
/// and birthday (…)") in the reader's language.
pub(crate) fn reason_text(l: crate::i18n::Lang, reason: &str) -> String {
    if l != crate::i18n::Lang::Pl {
        return reason.to_string();
    }
    for (en, pl) in [
        ("same e-mail ", "ten sam e-mail "),
        ("same phone ", "ten sam telefon "),
        (
            "same name and birthday ",
            "to samo imię i nazwisko oraz data urodzenia ",
        ),
    ] {
        if let Some(rest) = reason.strip_prefix(en) {
            return format!("{pl}{rest}");
        }
    }
    reason.to_string()
}

/// Whether a submitted contact form confirmed saving despite the warning.
pub(crate) fn confirmed(pairs: &[(String, String)]) -> bool {
    pairs
        .iter()
        .any(|(k, v)| k == "confirm_duplicate" && v == "1")
}
