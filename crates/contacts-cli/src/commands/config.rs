//! `contacts config get|set|list`: the installation's time zone and name-day calendar. The
//! core checks the values and that only an admin changes them.

use contacts_core::service::{DEFAULT_NAMEDAY_COUNTRY, LANGUAGE_SETTING, NAMEDAY_COUNTRY_SETTING};
use contacts_core::store::Store;
use contacts_core::time::{DEFAULT_TIMEZONE, TIMEZONE_SETTING};
use serde::Serialize;

use super::Ctx;
use crate::cli::ConfigCommand;
use crate::error::Result;
use crate::output;

const KEYS: [(&str, &str); 3] = [
    (TIMEZONE_SETTING, DEFAULT_TIMEZONE),
    (NAMEDAY_COUNTRY_SETTING, DEFAULT_NAMEDAY_COUNTRY),
    (LANGUAGE_SETTING, "pl"),
];

#[derive(Serialize)]
struct SettingJson {
    key: String,
    value: String,
    default: bool,
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: ConfigCommand) -> Result<()> {
    let keys: Vec<&str> = match &command {
        ConfigCommand::Set { key, value } => {
            ctx.service.set_setting(&ctx.actor, key, value.trim())?;
            vec![KEYS.iter().find(|(k, _)| k == key).map_or("", |(k, _)| *k)]
        }
        ConfigCommand::Get { key } => {
            vec![KEYS.iter().find(|(k, _)| k == key).map_or("", |(k, _)| *k)]
        }
        ConfigCommand::List => KEYS.iter().map(|(k, _)| *k).collect(),
    };
    let mut settings = Vec::new();
    for key in keys {
        let default = KEYS.iter().find(|(k, _)| *k == key).map_or("", |(_, d)| *d);
        let stored = ctx.service.setting(key)?;
        settings.push(SettingJson {
            key: key.to_string(),
            default: stored.is_none(),
            value: stored.unwrap_or_else(|| default.to_string()),
        });
    }
    if ctx.json {
        return match (&command, settings.as_slice()) {
            (ConfigCommand::List, _) => output::json(ctx.out, &settings),
            (_, [one]) => output::json(ctx.out, one),
            _ => output::json(ctx.out, &settings),
        };
    }
    for s in &settings {
        match command {
            ConfigCommand::Get { .. } => writeln!(ctx.out, "{}", s.value)?,
            ConfigCommand::Set { .. } => writeln!(ctx.out, "set {} = {}", s.key, s.value)?,
            ConfigCommand::List => {
                let note = if s.default { " (default)" } else { "" };
                writeln!(ctx.out, "{} = {}{note}", s.key, s.value)?
            }
        }
    }
    Ok(())
}
