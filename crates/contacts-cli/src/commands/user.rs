//! `contacts user add|list`.

use contacts_core::store::Store;
use serde::Serialize;

use super::Ctx;
use crate::cli::UserCommand;
use crate::error::Result;
use crate::output;
use crate::wire::time;

#[derive(Serialize)]
struct UserJson {
    id: i64,
    name: String,
    admin: bool,
    disabled: bool,
    created_at: String,
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: UserCommand) -> Result<()> {
    let to_json = |u: &contacts_core::model::User| UserJson {
        id: u.id.0,
        name: u.name.clone(),
        admin: u.admin,
        disabled: u.disabled,
        created_at: time(u.created_at),
    };
    match command {
        UserCommand::Add { name, admin } => {
            let user = ctx.service.add_user(Some(&ctx.actor), &name, admin)?;
            if ctx.json {
                output::json(ctx.out, &to_json(&user))
            } else {
                let role = if user.admin { " (admin)" } else { "" };
                writeln!(ctx.out, "added user {}{role}", user.name)?;
                Ok(())
            }
        }
        UserCommand::List => {
            let users = ctx.service.users(&ctx.actor)?;
            if ctx.json {
                let list: Vec<UserJson> = users.iter().map(to_json).collect();
                return output::json(ctx.out, &list);
            }
            let yes = |b: bool| if b { "yes" } else { "" }.to_string();
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        u.id.to_string(),
                        u.name.clone(),
                        yes(u.admin),
                        yes(u.disabled),
                    ]
                })
                .collect();
            output::table(ctx.out, &["ID", "NAME", "ADMIN", "DISABLED"], &rows)
        }
    }
}
