//! `contacts manager set|clear|clients`: the account manager ("opiekun klienta") of
//! business clients. The core checks that each contact is a business contact the user
//! may see and that the manager is an enabled user; a bulk change is all or nothing.

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::ManagerCommand;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: ManagerCommand) -> Result<()> {
    match command {
        ManagerCommand::Set { manager, ids } => {
            let user = ctx.service.user_named(&ctx.actor, "manager", &manager)?;
            let ids = ids
                .iter()
                .map(|i| contact_id(i))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let n = ctx
                .service
                .set_account_managers(&ctx.actor, &ids, Some(user.id))?;
            report(ctx, n, ids.len(), Some(&user.name))
        }
        ManagerCommand::Clear { ids } => {
            let ids = ids
                .iter()
                .map(|i| contact_id(i))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let n = ctx.service.set_account_managers(&ctx.actor, &ids, None)?;
            report(ctx, n, ids.len(), None)
        }
        ManagerCommand::Clients { manager } => {
            let user = ctx.service.user_named(&ctx.actor, "manager", &manager)?;
            let clients = ctx.service.clients_of(&ctx.actor, user.id)?;
            super::list::print_contacts(ctx, &clients)
        }
    }
}

fn report<S: Store>(
    ctx: &mut Ctx<'_, S>,
    changed: usize,
    given: usize,
    user: Option<&str>,
) -> Result<()> {
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({"changed": changed, "contacts": given, "manager": user}),
        );
    }
    match user {
        Some(u) => writeln!(
            ctx.out,
            "account manager {u}: {changed} of {given} contact(s) changed"
        )?,
        None => writeln!(
            ctx.out,
            "account manager cleared: {changed} of {given} contact(s) changed"
        )?,
    }
    Ok(())
}
