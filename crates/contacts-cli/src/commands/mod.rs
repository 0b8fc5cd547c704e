//! One module per subcommand. [`run`] is generic over the store, so `main` alone picks
//! the backend.

mod add;
mod agenda;
mod attach;
mod backup;
mod case;
mod case_detail;
mod category;
mod config;
mod copy_to_business;
mod demo;
mod duplicates;
mod edit;
mod export;
mod field;
mod group;
mod history;
mod ics;
mod import;
mod labels;
mod list;
mod mail;
mod manager;
mod map;
mod meeting;
mod merge;
mod nameday;
mod photo;
mod postal;
mod remind;
mod reminders;
mod report;
mod rm;
mod search;
mod show;
mod status;
mod takeover;
mod trash;
mod unmerge;
mod upcoming;
mod user;

use std::io::Write;
use std::process::ExitCode;

use contacts_core::service::{Actor, BookKind, Service};
use contacts_core::store::Store;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// What every command gets: the service, the acting user, the output and its format.
pub struct Ctx<'a, S> {
    pub service: &'a Service<S>,
    pub actor: Actor,
    pub json: bool,
    pub out: &'a mut dyn Write,
}

impl<S: Store> Ctx<'_, S> {
    /// The formats of what this command prints for people (not JSON): the installation's
    /// language and time zone.
    pub fn fmt(&self) -> Result<contacts_core::format::Formatter> {
        let lang = self.service.installation_language()?;
        Ok(self.service.formatter(lang)?)
    }
}

/// Runs one command line against a service and gives the exit code. Errors are reported
/// on stderr as one line.
pub fn run<S: Store>(service: &Service<S>, cli: Cli, out: &mut dyn Write) -> ExitCode {
    match dispatch(service, cli, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

/// The login name: `USER`, else `USERNAME`, else "user".
fn default_user() -> String {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "user".to_string())
}

fn dispatch<S: Store>(service: &Service<S>, cli: Cli, out: &mut dyn Write) -> Result<()> {
    // Demo data is made by the demo account unless a user is named: it never creates an
    // admin account silently.
    let actor = match (&cli.command, &cli.user) {
        (Command::Demo(_), None) => service.demo_actor()?,
        _ => service.local_actor(&cli.user.clone().unwrap_or_else(default_user))?,
    };
    let mut ctx = Ctx {
        service,
        actor,
        json: cli.json,
        out,
    };
    let ctx = &mut ctx;
    match cli.command {
        Command::User(c) => user::run(ctx, c),
        Command::Add(a) => add::run(ctx, *a),
        Command::Show(a) => match &a.pdf {
            Some(file) => show::pdf(ctx, &a.id, file),
            None => show::run(ctx, &a.id),
        },
        Command::Edit(a) => edit::run(ctx, *a),
        Command::Rm(a) => rm::run(ctx, &a.id),
        Command::Trash(c) => trash::run(ctx, c),
        Command::List(a) => list::run(ctx, a),
        Command::Search(a) => search::run(ctx, a),
        Command::CopyToBusiness(a) => copy_to_business::run(ctx, &a.id),
        Command::Photo(c) => photo::run(ctx, c),
        Command::Attach(c) => attach::run(ctx, c),
        Command::Map(a) => map::run(ctx, &a.id),
        Command::Category(c) => category::run(ctx, c),
        Command::Group(c) => group::run(ctx, c),
        Command::Status(c) => status::run(ctx, c),
        Command::Field(c) => field::run(ctx, c),
        Command::Backup(a) => backup::run(ctx, a),
        Command::Demo(a) => demo::run(ctx, a),
        Command::History(a) => history::run(ctx, a),
        Command::Case(c) => case::run(ctx, c),
        Command::Report(c) => report::run(ctx, c),
        Command::Takeover(a) => takeover::run(ctx, a),
        Command::Manager(c) => manager::run(ctx, c),
        Command::Nameday(a) => nameday::run(ctx, a),
        Command::Upcoming(a) => upcoming::run(ctx, a),
        Command::Remind(a) => remind::run(ctx, a),
        Command::Reminders(a) => reminders::run(ctx, a),
        Command::Agenda(a) => agenda::run(ctx, a),
        Command::Ics(a) => ics::run(ctx, a),
        Command::Meeting(c) => meeting::run(ctx, c),
        Command::Alert(c) => meeting::alert(ctx, c),
        Command::Due => meeting::due(ctx),
        Command::Config(c) => config::run(ctx, c),
        Command::Postal(c) => postal::run(ctx, c),
        Command::Import(a) => import::run(ctx, a),
        Command::Export(a) => export::run(ctx, a),
        Command::Duplicates(a) => duplicates::run(ctx, book_filter(a.private, a.business)),
        Command::Merge(a) => merge::run(ctx, &a.keep, &a.other),
        Command::Unmerge(a) => unmerge::run(ctx, &a.id),
        Command::Mail(c) => mail::run(ctx, c),
        // `main` starts the server before any command runs; nothing reaches here.
        Command::Serve(_) => Ok(()),
    }
}

/// `--private` / `--business` / neither.
fn book_filter(private: bool, business: bool) -> Option<BookKind> {
    match (private, business) {
        (true, _) => Some(BookKind::Private),
        (_, true) => Some(BookKind::Business),
        _ => None,
    }
}

/// A date given as DD.MM.YYYY or YYYY-MM-DD, or today when none is.
fn date_or_today<S: Store>(
    service: &Service<S>,
    flag: &str,
    s: Option<&str>,
) -> Result<chrono::NaiveDate> {
    match s {
        None => Ok(service.today()?),
        Some(s) => Ok(contacts_core::format::parse_date(flag, s)?),
    }
}
