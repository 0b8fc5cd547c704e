//! `contacts list`: a page of contacts in name order (or recently changed first), with
//! filters.

use std::collections::HashMap;

use contacts_core::category::CategoryKey;
use contacts_core::model::Contact;
use contacts_core::service::ListFilter;
use contacts_core::store::{ListKind, ListSort, Store};

use super::{book_filter, Ctx};
use crate::cli::ListArgs;
use crate::error::Result;
use crate::output;
use crate::wire::Names;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: ListArgs) -> Result<()> {
    let service = ctx.service;
    let filter = ListFilter {
        book: book_filter(args.private, args.business),
        category: args
            .category
            .as_deref()
            .map(CategoryKey::parse)
            .transpose()?,
        group: args
            .group
            .as_deref()
            .map(|g| service.label(ListKind::Group, g).map(|l| l.id))
            .transpose()?,
        status: args
            .status
            .as_deref()
            .map(|s| service.label(ListKind::Status, s).map(|l| l.id))
            .transpose()?,
        not_contacted_for: args
            .not_contacted_for
            .as_deref()
            .map(|s| crate::input::span("not-contacted-for", s))
            .transpose()?,
        account_manager: args
            .manager
            .as_deref()
            .map(|u| service.user_named(&ctx.actor, "manager", u).map(|u| u.id))
            .transpose()?,
        sort: ListSort::parse(&args.sort).unwrap_or_default(),
        limit: args.limit as usize,
        offset: args.offset as usize,
    };
    // One row more than asked says whether there are more, without counting a large book.
    let mut contacts = service.list(
        &ctx.actor,
        &ListFilter {
            limit: filter.limit + 1,
            ..filter.clone()
        },
    )?;
    let more = contacts.len() > filter.limit;
    contacts.truncate(filter.limit);
    print_contacts(ctx, &contacts)?;
    if !ctx.json && !contacts.is_empty() && (more || filter.offset > 0) {
        let shown_to = filter.offset + contacts.len();
        let next = if more {
            format!("; more with --offset {shown_to}")
        } else {
            String::new()
        };
        writeln!(ctx.out, "({}-{shown_to}{next})", filter.offset + 1)?;
    }
    Ok(())
}

/// Prints contacts as a table or a JSON array (shared with `search`).
pub fn print_contacts<S: Store>(ctx: &mut Ctx<'_, S>, contacts: &[Contact]) -> Result<()> {
    if ctx.json {
        let list: Vec<contacts_wire::Contact> =
            contacts.iter().map(contacts_wire::Contact::from).collect();
        return output::json(ctx.out, &list);
    }
    let names = Names::load(ctx.service, &ctx.actor)?;
    if contacts.is_empty() {
        writeln!(ctx.out, "no contacts")?;
        return Ok(());
    }
    // A person linked to an organisation by id shows its current name.
    let mut orgs: HashMap<i64, String> = HashMap::new();
    for c in contacts {
        if let Some(o) = c.data.org_id {
            orgs.entry(o.0)
                .or_insert_with(|| match contacts.iter().find(|x| x.id == o) {
                    Some(x) => x.data.display_name(),
                    None => ctx
                        .service
                        .get(&ctx.actor, o)
                        .map(|x| x.data.display_name())
                        .unwrap_or_default(),
                });
        }
    }
    let org_of = |c: &Contact| -> String {
        match c.data.org_id.and_then(|o| orgs.get(&o.0)) {
            Some(name) if !name.is_empty() => name.clone(),
            _ if c.data.kind == contacts_core::model::ContactKind::Person => {
                c.data.org_name.clone()
            }
            _ => String::new(),
        }
    };
    let rows: Vec<Vec<String>> = contacts
        .iter()
        .map(|c| output::contact_row(c, &names, &org_of))
        .collect();
    output::table(ctx.out, &output::CONTACT_HEADERS, &rows)
}
