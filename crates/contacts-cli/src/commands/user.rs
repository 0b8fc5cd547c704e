//! `contacts user add|list|passwd`.

use std::io::BufRead;

use contacts_core::password::NewPassword;
use contacts_core::store::Store;
use contacts_core::Error;

use super::Ctx;
use crate::cli::UserCommand;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: UserCommand) -> Result<()> {
    let to_json = contacts_wire::User::from;
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
        UserCommand::Passwd { name } => {
            let password = read_password(&mut std::io::stdin().lock())?;
            // Whoever can open the database file holds everything in it: setting a
            // password here is that power, not an admin's (the web's reset is a link).
            let user = ctx.service.set_password_locally(&name, &password)?;
            if ctx.json {
                output::json(ctx.out, &to_json(&user))
            } else {
                writeln!(ctx.out, "password set for {}", user.name)?;
                Ok(())
            }
        }
        UserCommand::List => {
            let users = ctx.service.users(&ctx.actor)?;
            if ctx.json {
                let list: Vec<contacts_wire::User> = users.iter().map(to_json).collect();
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

/// The password: the first line of `input`, without its line ending; the core's rule
/// (`NewPassword`) applies.
fn read_password(input: &mut dyn BufRead) -> Result<NewPassword> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| Error::invalid("password", format!("cannot read stdin: {e}")))?;
    let password = line.trim_end_matches(['\n', '\r']);
    Ok(NewPassword::new(password).map_err(Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_the_first_line_without_its_ending() {
        let mut input: &[u8] = b"correct horse\r\nsecond line\n";
        assert_eq!(
            read_password(&mut input).ok(),
            NewPassword::new("correct horse").ok()
        );
        let mut short: &[u8] = b"short\n";
        let e = match read_password(&mut short) {
            Err(crate::error::CliError::Core(e)) => Some(e.to_string()),
            _ => None,
        };
        assert_eq!(
            e.as_deref(),
            Some("invalid password: must have at least 8 characters")
        );
    }
}
