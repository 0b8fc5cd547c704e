//! The client facts on a contact's card: account manager, last contact, the company's
//! people.

use crate::error::AppError;
use crate::paths::QueryLink;
use crate::session::auth::Me;
use crate::view::layout::csrf;
use crate::view::refused::Marks;
use crate::view::refused::Refused;
use crate::AppState;
use contacts_core::ids::ContactId;
use contacts_core::model::Contact;
use contacts_core::model::ContactKind;
use contacts_core::service::ClientFacts;
use contacts_core::store::Store;
use maud::html;
use maud::Markup;
use std::collections::HashMap;

/// The facts the list shows per business contact, by id.
pub(crate) fn facts_of<S: Store>(
    state: &AppState<S>,
    me: &Me,
    contacts: &[Contact],
) -> HashMap<ContactId, ClientFacts> {
    let ids: Vec<ContactId> = contacts
        .iter()
        .filter(|c| c.book.is_business())
        .map(|c| c.id)
        .collect();
    if ids.is_empty() {
        return HashMap::new();
    }
    state
        .service()
        .client_facts(&me.actor, &ids)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// The card's part for a business client and a company: account manager (with a form),
/// last contact, and a company's people with a link that adds one.
pub(crate) fn contact_section<S: Store>(
    state: &AppState<S>,
    me: &Me,
    c: &Contact,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let m = Marks::of(refused, "manager");
    let svc = state.service();
    let l = me.lang;
    let people = if c.data.kind == ContactKind::Organisation {
        svc.people_of(&me.actor, c.id)?
    } else {
        vec![]
    };
    let facts = if c.book.is_business() {
        svc.client_facts(&me.actor, &[c.id])?
            .into_iter()
            .next()
            .map(|(_, f)| f)
    } else {
        None
    };
    let users = if facts.is_some() {
        svc.user_directory(&me.actor)?
    } else {
        vec![]
    };
    let book = if c.book.is_business() {
        "business"
    } else {
        "private"
    };
    Ok(html! {
        @if let Some(f) = &facts {
            div.card #client {
                h2 { (l.t(msg!("client.title"))) }
                dl.fields {
                    dt { (l.t(msg!("client.manager"))) }
                    dd #account-manager { (f.manager.as_ref().map(|u| u.name.as_str()).unwrap_or("—")) }
                    dt { (l.t(msg!("client.last_contact"))) }
                    dd #last-contact {
                        @match f.last_contact {
                            Some(t) => (l.fmt(state.service()).datetime(t)),
                            None => (l.t(msg!("client.never"))),
                        }
                    }
                }
                form.toolbar method="post" action=(crate::paths::ContactManager { id: c.id }) {
                    (csrf(me))
                    select name="user" aria-label=(l.t(msg!("client.manager")))
                        class=[m.class("user")] aria-invalid=[m.invalid("user")] aria-describedby=[m.described("user")] {
                        option value="" { (l.t(msg!("client.no_manager"))) }
                        @for u in users.iter().filter(|u| !u.disabled) {
                            option value=(u.id) selected[f.manager.as_ref().is_some_and(|m| m.id == u.id)] { (u.name) }
                        }
                    }
                    (m.error("user"))
                    button.secondary type="submit" { (l.t(msg!("client.set_manager"))) }
                }
            }
        }
        @if c.data.kind == ContactKind::Organisation {
            div.card #people {
                h2 { (l.t(msg!("people.title"))) " (" (people.len()) ")" }
                @if people.is_empty() { p.muted { (l.t(msg!("people.none"))) } }
                @else {
                    table.list {
                        thead { tr { th { (l.t(msg!("field.name"))) } th { (l.t(msg!("people.position"))) } th { (l.t(msg!("field.phone"))) } th { (l.t(msg!("field.email"))) } } }
                        tbody {
                            @for p in &people {
                                tr {
                                    td { a href=(crate::paths::Contact { id: p.id }) { (p.data.display_name()) } }
                                    td { (p.data.job_title) }
                                    td { (p.data.phones.first().map(|x| x.raw()).unwrap_or("")) }
                                    td { (p.data.emails.first().map(|x| x.address()).unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
                a.button #add-person href=(crate::paths::ContactNew.with_query(crate::paths::PersonAt { book, org: c.id })) { "+ " (l.t(msg!("people.add"))) }
            }
        }
    })
}
