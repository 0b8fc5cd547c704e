//! The command line: global options and one subcommand enum, parsed with clap's derive.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};

/// A contact book and small-firm CRM: a private book per user and one shared business book.
#[derive(Debug, Parser)]
#[command(name = "contacts", version, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: contacts.db in the user's data directory].
    #[arg(long, global = true, env = "CONTACTS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Act as this local user, created on first use [default: the login name].
    #[arg(long, global = true, env = "CONTACTS_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// Print JSON for programs instead of text for people.
    #[arg(long, global = true)]
    pub json: bool,

    /// Use this fixed time (RFC 3339) as "now", for reproducible scripts and tests.
    #[arg(long, global = true, env = "CONTACTS_NOW", value_name = "TIME",
          value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,

    #[command(subcommand)]
    pub command: Command,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{s}' is not an RFC 3339 time like 2024-05-01T12:00:00Z ({e})"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the users of this installation.
    #[command(subcommand)]
    User(UserCommand),
    /// Add a contact and print its id.
    ///
    /// The contact goes into the shared business book unless --private is given. It is an
    /// organisation when --org-name is given without any name part, else a person (or say
    /// --kind).
    Add(Box<AddArgs>),
    /// Show one contact (or write its card as a PDF with --pdf).
    Show(ShowArgs),
    /// Change a contact.
    ///
    /// Scalar flags (--given, --nip, --birthday, ...) replace the value, and an empty value
    /// clears it. List flags (--email, --phone, --address, --website, --messenger, --group,
    /// --field) add an entry; the --rm-* flags remove one. Removals happen before additions.
    Edit(Box<EditArgs>),
    /// Move a contact with its photo, attachments, history and reminders to the trash
    /// (`contacts trash` restores it for 30 days).
    Rm(IdArg),
    /// Deleted contacts, kept 30 days: list, restore, delete for good, empty.
    #[command(subcommand)]
    Trash(TrashCommand),
    /// List contacts in name order.
    List(ListArgs),
    /// Find contacts by words (prefixes, any case, with or without diacritics).
    Search(SearchArgs),
    /// Copy a private contact (with photo, notes and attachments) into the business book.
    CopyToBusiness(IdArg),
    /// Set, get or remove a contact's photo.
    #[command(subcommand)]
    Photo(PhotoCommand),
    /// Attach files to a contact, list and fetch them.
    #[command(subcommand)]
    Attach(AttachCommand),
    /// Print OpenStreetMap and Google Maps links for a contact's first address.
    Map(IdArg),
    /// The ten categories of your private book.
    #[command(subcommand)]
    Category(CategoryCommand),
    /// Groups of the business book.
    #[command(subcommand)]
    Group(LabelCommand),
    /// Import vCard (2.1, 3.0, 4.0) or CSV (Google, Outlook) files, all in one transaction.
    ///
    /// A line that cannot be read is skipped with a warning naming file, card and line; only
    /// a card with nothing usable is refused, and the others still import. Warnings of one
    /// kind are counted, with the first few shown. A card matching a contact of the book
    /// (same e-mail, same phone, or same name and birthday) follows --on-duplicate.
    ///
    /// Exit code: 0 every card went in; 4 some cards were refused, the others went in;
    /// 1 nothing went in (or the file is empty, or neither vCard nor a Google/Outlook CSV).
    Import(ImportArgs),
    /// Export contacts as vCard or CSV (to stdout, or to a file with -o).
    Export(ExportArgs),
    /// List pairs of contacts that are probably the same, with the reason.
    Duplicates(BookArgs),
    /// Merge OTHER into KEEP field by field and remove OTHER; `unmerge KEEP` undoes it.
    Merge(MergeArgs),
    /// Undo the latest merge into a contact: both contacts as they were.
    Unmerge(IdArg),
    /// Statuses of the business book.
    #[command(subcommand)]
    Status(LabelCommand),
    /// Custom fields of the business book.
    #[command(subcommand)]
    Field(FieldCommand),
    /// Write a consistent copy of the whole database to FILE (admins only).
    Backup(BackupArgs),
    /// Fill the business book with realistic made-up organisations and people.
    Demo(DemoArgs),
    /// Client history of the business book: add entries, read a client's timeline.
    History(HistoryArgs),
    /// Cases (sales matters) with items under negotiation and detail items.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Reports over cases and history: forecast, activity, overdue.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Hand every open case, open reminder and client of one employee to another (admins).
    Takeover(TakeoverArgs),
    /// Account managers ("opiekun klienta") of business clients: set, clear, list.
    #[command(subcommand)]
    Manager(ManagerCommand),
    /// The days a given name is celebrated, or the names celebrated on a day.
    Nameday(NamedayArgs),
    /// Birthdays and name-days coming up in every book you may see ("Solenizanci +7 dni").
    Upcoming(UpcomingArgs),
    /// Set a reminder on a contact, due at a local time of the installation's time zone.
    Remind(RemindArgs),
    /// List reminders (the default), take one over or mark one done.
    #[command(args_conflicts_with_subcommands = true)]
    Reminders(RemindersArgs),
    /// The day plan: reminders due and overdue, birthdays and name-days, in time order.
    Agenda(AgendaArgs),
    /// Write your iCalendar feed: birthdays and name-days as yearly events (with your alerts
    /// as alarms), reminders as to-dos, your meetings as events.
    Ics(IcsArgs),
    /// Meetings on a contact or a case: plan, list, change, remove.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Your alerts before a contact's birthday or name-day ("3 days before").
    #[command(subcommand)]
    Alert(AlertCommand),
    /// How many of your reminders are due today, and how many of them are overdue.
    Due,
    /// Settings of the installation: timezone, nameday.country and language (set: admins only).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Postal codes by street: import the official street-level list (admins), look codes up.
    #[command(subcommand)]
    Postal(PostalCommand),
    /// Mailing ("Wysyłka"): audiences, previews, dry runs, campaigns over SMTP, settings.
    #[command(subcommand)]
    Mail(crate::mail_cli::MailCommand),
    /// Start the web UI for the office LAN. On a database whose admin cannot log in yet,
    /// prints a one-time link that creates the admin account.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on; 0.0.0.0:8080 serves the whole LAN.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The contact's id.
    pub id: String,
    /// Write the contact card as a PDF to FILE (A4, in the installation's language, with
    /// an embedded font) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The contact's id.
    pub id: String,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (admins only, or anyone while there is no admin).
    Add {
        name: String,
        /// Make the user an admin.
        #[arg(long)]
        admin: bool,
    },
    /// List the users.
    List,
    /// Set a user's web password, read as one line from stdin (admins may set anyone's,
    /// a user only their own).
    Passwd { name: String },
}

/// Fields shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// person or organisation [add default: organisation when only --org-name names it].
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Name prefix (Dr, Prof.).
    #[arg(long)]
    pub prefix: Option<String>,
    /// Given (first) name.
    #[arg(long)]
    pub given: Option<String>,
    /// Additional (middle) names.
    #[arg(long)]
    pub additional: Option<String>,
    /// Family name.
    #[arg(long)]
    pub family: Option<String>,
    /// Name suffix (Jr., PhD).
    #[arg(long)]
    pub suffix: Option<String>,
    #[arg(long)]
    pub nickname: Option<String>,
    /// An organisation's name, or the name of the firm a person works at.
    #[arg(long, value_name = "NAME")]
    pub org_name: Option<String>,
    /// The id of the organisation contact a person works at (same book).
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    #[arg(long)]
    pub job_title: Option<String>,
    /// Birthday: DD.MM.YYYY or YYYY-MM-DD, or DD.MM / --MM-DD when the year is unknown.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Anniversary: DD.MM.YYYY, YYYY-MM-DD, DD.MM or --MM-DD.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub anniversary: Option<String>,
    /// Name-day (DD.MM or MM-DD), when it is not the one of the given name.
    #[arg(long, value_name = "MM-DD", allow_hyphen_values = true)]
    pub nameday: Option<String>,
    /// M, F, O (other), N (not applicable) or U (unknown).
    #[arg(long)]
    pub gender: Option<String>,
    /// Notes (replace the notes on edit).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Polish tax id (organisations).
    #[arg(long, value_name = "NIP")]
    pub nip: Option<String>,
    /// Polish business register number (organisations).
    #[arg(long, value_name = "REGON")]
    pub regon: Option<String>,
    /// IBAN, or a 26-digit Polish account number.
    #[arg(long, value_name = "ACCOUNT")]
    pub bank_account: Option<String>,
    /// Private category key (see `contacts category list`).
    #[arg(long, value_name = "KEY")]
    pub category: Option<String>,
    /// Business status by name.
    #[arg(long, value_name = "NAME")]
    pub status: Option<String>,
    /// Exclude from mass mailings.
    #[arg(long)]
    pub opt_out: bool,
    /// E-mail, as LABEL:ADDRESS or ADDRESS (repeatable).
    #[arg(long, value_name = "[LABEL:]ADDRESS")]
    pub email: Vec<String>,
    /// Phone, as LABEL:NUMBER or NUMBER; Poland is the default country (repeatable).
    #[arg(long, value_name = "[LABEL:]NUMBER")]
    pub phone: Vec<String>,
    /// Postal address "street;city;postal code;country", optionally "LABEL:" in front
    /// (repeatable).
    #[arg(long, value_name = "[LABEL:]STREET;CITY;POSTAL;COUNTRY")]
    pub address: Vec<String>,
    /// Web site, as LABEL:URL or URL (repeatable).
    #[arg(long, value_name = "[LABEL:]URL")]
    pub website: Vec<String>,
    /// Messenger handle as SERVICE:HANDLE, e.g. signal:+48601234567 (repeatable).
    #[arg(long, value_name = "SERVICE:HANDLE")]
    pub messenger: Vec<String>,
    /// Business group by name (repeatable).
    #[arg(long, value_name = "NAME")]
    pub group: Vec<String>,
    /// Custom field value as LABEL=VALUE (repeatable).
    #[arg(long, value_name = "LABEL=VALUE")]
    pub field: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Add to your private book.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// Add to the shared business book (the default).
    #[arg(long)]
    pub business: bool,
    #[command(flatten)]
    pub fields: ContactFields,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The contact's id.
    pub id: String,
    /// Change only if the contact is still at this version (optimistic locking); a
    /// stale version is a conflict and nothing is written.
    #[arg(long, visible_alias = "if-version", value_name = "N")]
    pub version: Option<u64>,
    #[command(flatten)]
    pub fields: ContactFields,
    /// Let the contact receive mass mailings again.
    #[arg(long, conflicts_with = "opt_out")]
    pub opt_in: bool,
    /// Remove the e-mail with this address (repeatable).
    #[arg(long, value_name = "ADDRESS")]
    pub rm_email: Vec<String>,
    /// Remove the phone with this number (as typed or in E.164) (repeatable).
    #[arg(long, value_name = "NUMBER")]
    pub rm_phone: Vec<String>,
    /// Remove the address at this position, counting from 1 (repeatable).
    #[arg(long, value_name = "N")]
    pub rm_address: Vec<usize>,
    /// Remove the web site with this URL (repeatable).
    #[arg(long, value_name = "URL")]
    pub rm_website: Vec<String>,
    /// Remove the messenger handle (SERVICE:HANDLE or HANDLE) (repeatable).
    #[arg(long, value_name = "HANDLE")]
    pub rm_messenger: Vec<String>,
    /// Take the contact out of this group (repeatable).
    #[arg(long, value_name = "NAME")]
    pub rm_group: Vec<String>,
    /// Clear this custom field (repeatable).
    #[arg(long, value_name = "LABEL")]
    pub rm_field: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only your private book.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// Only the business book.
    #[arg(long)]
    pub business: bool,
    /// Only this private category (key).
    #[arg(long, value_name = "KEY")]
    pub category: Option<String>,
    /// Only members of this business group.
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// Only contacts with this business status.
    #[arg(long, value_name = "NAME")]
    pub status: Option<String>,
    /// At most this many contacts.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
    /// Skip this many contacts first.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Only business clients with no history entry for this long: Nd (days) or Nw (weeks).
    #[arg(long, value_name = "90d")]
    pub not_contacted_for: Option<String>,
    /// Only business clients of this account manager (a user name).
    #[arg(long, value_name = "USER")]
    pub manager: Option<String>,
    /// The order: by name, or recently changed first.
    #[arg(long, value_name = "ORDER", default_value = "name", value_parser = ["name", "recent"])]
    pub sort: String,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; every word must start a word of the contact.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only your private book.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// Only the business book.
    #[arg(long)]
    pub business: bool,
    /// At most this many contacts.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// The entries you may see: your private contacts and every business one.
    List,
    /// Put a deleted contact back with its photo, attachments, history and reminders.
    Restore {
        /// The entry id from `contacts trash list`.
        entry: String,
    },
    /// Delete one entry for good.
    Purge {
        /// The entry id from `contacts trash list`.
        entry: String,
    },
    /// Delete every entry you may see for good.
    Empty {
        /// Confirm: nothing is deleted without it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PhotoCommand {
    /// Set the photo from a JPEG, PNG, GIF or WebP file.
    Set { id: String, file: PathBuf },
    /// Write the photo to a file (or to standard output).
    Get {
        id: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Remove the photo.
    Rm { id: String },
}

#[derive(Debug, Subcommand)]
pub enum AttachCommand {
    /// Attach a file; its media type is guessed from the extension.
    Add {
        id: String,
        file: PathBuf,
        /// A note on the attachment.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// List a contact's attachments.
    List { id: String },
    /// Write an attachment to a file (or to standard output).
    Get {
        id: String,
        attachment_id: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Remove an attachment.
    Rm { id: String, attachment_id: String },
}

#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// List the categories: key, icon, label.
    List,
    /// Give a category your own label.
    Rename { key: String, label: String },
}

#[derive(Debug, Subcommand)]
pub enum LabelCommand {
    /// List the entries.
    List,
    /// Add an entry.
    Add { name: String },
    /// Rename an entry; contacts keep it.
    Rename { old: String, new: String },
    /// Remove an entry. One that contacts hold is refused with how many hold it; an
    /// admin may remove it from them all with --force (case kinds: only when no case has
    /// one).
    Rm {
        name: String,
        /// Remove it even from the contacts that hold it (admins only).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FieldCommand {
    /// List the custom fields.
    List,
    /// Add a custom field.
    Add {
        label: String,
        /// text, number, date, yesno or choice.
        #[arg(long = "type", value_name = "TYPE", default_value = "text")]
        field_type: String,
        /// The options of a choice field, comma-separated.
        #[arg(long, value_name = "A,B,C")]
        choices: Option<String>,
    },
    /// Rename a custom field; every value stays.
    Rename { old: String, new: String },
    /// Remove a custom field and all its values.
    Rm { label: String },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many contacts to make (organisations and people together).
    #[arg(long, default_value_t = 100)]
    pub count: u64,
    /// The random seed; the same seed makes the same contacts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add nothing when the business book has contacts already (for first-run scripts).
    #[arg(long)]
    pub if_empty: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    /// The business contact whose history to show (newest first).
    pub id: Option<String>,
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Add an entry to a business contact's history; prints its id.
    Add {
        /// The business contact.
        id: String,
        /// phone, e-mail, meeting, presentation... (new kinds join the suggestions).
        #[arg(long)]
        kind: String,
        /// What happened.
        #[arg(long)]
        text: String,
        /// When, local time "YYYY-MM-DD HH:MM" [default: now].
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// Attach a file (repeatable).
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// Change a history entry's kind, text or time (its author or an admin); what is not
    /// given stays, and so do its files.
    Edit {
        /// The entry's id (see `contacts history ID --json`).
        entry_id: String,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        text: Option<String>,
        /// When, local time "DD.MM.YYYY HH:MM" or "YYYY-MM-DD HH:MM".
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
    },
    /// The history kinds used so far, most used first.
    Kinds,
    /// Write a file attached to a history entry to FILE (or to standard output).
    Get {
        /// The file's id (see `contacts history ID`).
        file_id: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The fields of a case that `case add` and `case edit` set. On edit an empty value
/// clears an optional field.
#[derive(Debug, Args, Default)]
pub struct CaseFields {
    /// The case number typed by hand (it must follow the pattern, setting
    /// case.number_pattern, and be unused) [add only; default: the next free one].
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// The counterparty: a business contact by id or by name (an organisation, or a
    /// private person such as a sole trader).
    #[arg(long, value_name = "ID|NAME")]
    pub counterparty: Option<String>,
    /// The person on the counterparty side, by id or name; must work at the counterparty.
    #[arg(long, value_name = "ID|NAME")]
    pub person: Option<String>,
    /// The employee responsible (user name) [add default: you].
    #[arg(long, value_name = "USER")]
    pub responsible: Option<String>,
    /// The deadline, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
    /// high, normal or low.
    #[arg(long)]
    pub priority: Option<String>,
    /// The case kind by name (see `contacts case kind list`).
    #[arg(long, value_name = "NAME")]
    pub kind: Option<String>,
    /// The counterparty's own reference number.
    #[arg(long, value_name = "N")]
    pub external: Option<String>,
    /// A short subject.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The registration date, YYYY-MM-DD [add default: today].
    #[arg(long, value_name = "DATE")]
    pub registered: Option<String>,
    /// Only the listed articles when creating a document: yes or no.
    #[arg(long, value_name = "yes|no")]
    pub only_listed: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// The user-defined case kinds.
    #[command(subcommand)]
    Kind(LabelCommand),
    /// Register a case; prints its number (like 2026/0001).
    Add(Box<CaseFields>),
    /// A reminder or task on a case: a reminder on its counterparty, linked to the case
    /// (it is on the assignee's list and day plan too; `case show` lists it).
    Remind(CaseRemindArgs),
    /// The number the next case would get, and the pattern numbers follow.
    NextNumber {
        /// The registration date [default: today].
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Business contacts a counterparty (or, with --org, a contact person) can be, by name.
    Parties {
        /// A name or part of it.
        query: String,
        /// The counterparty's id: list the people working there.
        #[arg(long, value_name = "ORG_ID")]
        org: Option<String>,
    },
    /// Show a case: its fields, items with totals, and its timeline.
    Show {
        /// The case number (2026/0001) or id.
        case: String,
    },
    /// Write a case with its items and timeline as a PDF (A4, in the installation's
    /// language, with an embedded font).
    Pdf {
        /// The case number (2026/0001) or id.
        case: String,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// List cases, newest first.
    List(CaseListArgs),
    /// Change a case's fields.
    Edit(Box<CaseEditArgs>),
    /// Close a case (records who and when).
    Close(CaseStateArgs),
    /// Reopen a closed case.
    Reopen(CaseStateArgs),
    /// Items under negotiation.
    #[command(subcommand)]
    Item(ItemCommand),
    /// Detail items: notes, document references, files.
    #[command(subcommand)]
    Detail(DetailCommand),
}

#[derive(Debug, Args)]
pub struct CaseListArgs {
    /// Only open cases.
    #[arg(long, conflicts_with = "closed")]
    pub open: bool,
    /// Only closed cases.
    #[arg(long)]
    pub closed: bool,
    /// Only the cases you are responsible for.
    #[arg(long, conflicts_with = "responsible")]
    pub mine: bool,
    /// Only the cases this user is responsible for.
    #[arg(long, value_name = "USER")]
    pub responsible: Option<String>,
    /// Only the cases with this counterparty (id).
    #[arg(long, value_name = "ORG_ID")]
    pub counterparty: Option<String>,
    /// At most this many cases.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
    /// Skip this many cases first.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

#[derive(Debug, Args)]
pub struct CaseEditArgs {
    /// The case number or id.
    pub case: String,
    /// Change only if the case is still at this version.
    #[arg(long, visible_alias = "if-version", value_name = "N")]
    pub version: Option<u64>,
    #[command(flatten)]
    pub fields: CaseFields,
}

#[derive(Debug, Args)]
pub struct CaseStateArgs {
    /// The case number or id.
    pub case: String,
    /// Only if the case is still at this version.
    #[arg(long, visible_alias = "if-version", value_name = "N")]
    pub version: Option<u64>,
}

/// The fields of an item; on `item edit` the given ones replace the stored ones.
#[derive(Debug, Args)]
pub struct ItemFields {
    /// The article (product or service) under negotiation.
    #[arg(long)]
    pub article: Option<String>,
    /// The quantity (exact decimal, not negative).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub qty: Option<String>,
    /// The unit: szt, kg, h...
    #[arg(long)]
    pub unit: Option<String>,
    /// The negotiated price of one unit (exact decimal).
    #[arg(long, value_name = "PRICE", allow_hyphen_values = true)]
    pub price: Option<String>,
    /// The currency code [default: PLN].
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// The form of payment (transfer, cash...).
    #[arg(long)]
    pub payment: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    /// Add an item to a case.
    Add {
        /// The case number (2026/0001) or id.
        case: String,
        #[command(flatten)]
        fields: ItemFields,
    },
    /// Change item number LINE of a case (as `case show` numbers them).
    Edit {
        /// The case number (2026/0001) or id.
        case: String,
        /// The item's number in `case show`.
        line: usize,
        #[command(flatten)]
        fields: ItemFields,
    },
    /// Remove item number LINE of a case.
    Rm {
        /// The case number (2026/0001) or id.
        case: String,
        /// The item's number in `case show`.
        line: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum DetailCommand {
    /// Add a detail item: --note TEXT, --document with --doc-kind/--symbol/--content, or
    /// --file PATH; prints its id.
    Add {
        /// The case number or id.
        case: String,
        #[command(flatten)]
        fields: DetailFields,
        /// Add a document reference.
        #[arg(long, conflicts_with = "file")]
        document: bool,
    },
    /// Change a detail item; the given fields replace the stored ones.
    Edit {
        /// The detail item's id (see `case show`).
        id: String,
        #[command(flatten)]
        fields: DetailFields,
        /// Only if the detail item is still at this version.
        #[arg(long, visible_alias = "if-version", value_name = "N")]
        version: Option<u64>,
    },
    /// Remove a detail item.
    Rm {
        /// The detail item's id (see `case show`).
        id: String,
    },
    /// Show a detail item; a file's content goes to FILE (or to standard output).
    Get {
        /// The detail item's id (see `case show`).
        id: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct DetailFields {
    /// A note's text, or the note on a file.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// A note's kind (phone, meeting...).
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// A document's kind (invoice, offer...).
    #[arg(long, value_name = "K")]
    pub doc_kind: Option<String>,
    /// A document's symbol (FV 12/2026).
    #[arg(long, value_name = "S")]
    pub symbol: Option<String>,
    /// A document's content.
    #[arg(long, value_name = "C")]
    pub content: Option<String>,
    /// A file to attach (its media type is guessed from the extension).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// The date registered, local "YYYY-MM-DD HH:MM" [default: now].
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// A document takes the next number of its kind's sequence in its year (after
    /// --symbol, if given: "FV" gives "FV 12/2026").
    #[arg(long)]
    pub next_number: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The value of open cases by month of deadline, by employee and by kind.
    Forecast(ReportFormat),
    /// What each employee did in a period (both days included).
    Activity {
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: String,
        #[command(flatten)]
        format: ReportFormat,
    },
    /// Open cases past their deadline, most overdue first.
    Overdue(ReportFormat),
}

#[derive(Debug, Args)]
pub struct ReportFormat {
    /// Print CSV (for spreadsheets) instead of a table: money with two decimals and a
    /// `.` for every currency, the currency in its own column.
    #[arg(long)]
    pub csv: bool,
    /// Write the report as a PDF to FILE (A4, in the installation's language) instead of
    /// printing it.
    #[arg(long, value_name = "FILE", conflicts_with = "csv")]
    pub pdf: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TakeoverArgs {
    /// The user whose work is handed over.
    #[arg(long, value_name = "USER")]
    pub from: String,
    /// The user who takes it over.
    #[arg(long, value_name = "USER")]
    pub to: String,
    /// Show what would move without moving anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum ManagerCommand {
    /// Make USER the account manager of business contacts (any number of ids at once).
    Set {
        /// The employee responsible for the clients.
        #[arg(value_name = "USER")]
        manager: String,
        /// Business contact ids.
        #[arg(required = true, num_args = 1..=10_000, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Remove the account manager of business contacts.
    Clear {
        #[arg(required = true, num_args = 1..=10_000, value_name = "ID")]
        ids: Vec<String>,
    },
    /// List the clients of an account manager.
    Clients {
        #[arg(value_name = "USER")]
        manager: String,
    },
}

#[derive(Debug, Args)]
pub struct NamedayArgs {
    /// A given name, in any case, with or without diacritics.
    #[arg(required_unless_present = "date", conflicts_with = "date")]
    pub name: Option<String>,
    /// List the names celebrated on this day instead (MM-DD).
    #[arg(long, value_name = "MM-DD", allow_hyphen_values = true)]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct UpcomingArgs {
    /// How many days, today (or --from) included.
    #[arg(long, default_value_t = 7)]
    pub days: u32,
    /// The first day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only birthdays (with --namedays: both, the default).
    #[arg(long)]
    pub birthdays: bool,
    /// Only name-days.
    #[arg(long)]
    pub namedays: bool,
}

#[derive(Debug, Args)]
pub struct CaseRemindArgs {
    /// The case number (2026/0001) or id.
    pub case: String,
    /// When, as local time "YYYY-MM-DD HH:MM" in the installation's time zone.
    #[arg(long, value_name = "TIME")]
    pub at: String,
    /// What to do.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// Assign it to this user.
    #[arg(long, value_name = "USER")]
    pub assign: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The contact's id.
    pub id: String,
    /// When, as local time "YYYY-MM-DD HH:MM" in the installation's time zone. A past time
    /// is allowed; the reminder is overdue at once.
    #[arg(long, value_name = "TIME")]
    pub at: String,
    /// What to do.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// Assign it to this user.
    #[arg(long, value_name = "USER")]
    pub assign: Option<String>,
}

/// Which reminders to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DueArg {
    /// Every reminder not done yet.
    #[default]
    Open,
    /// Not done, due today.
    Today,
    /// Not done, due before now.
    Overdue,
    /// Not done, due today or in the next 6 days.
    Week,
    /// Every reminder, done ones too.
    All,
}

#[derive(Debug, Args, Default)]
pub struct ReminderListArgs {
    /// Only reminders assigned to you, or unassigned ones you set.
    #[arg(long)]
    pub mine: bool,
    /// Which by due time.
    #[arg(long, value_enum, default_value_t = DueArg::Open)]
    pub due: DueArg,
    /// Only the reminders on this contact.
    #[arg(long, value_name = "ID")]
    pub contact: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemindersArgs {
    #[command(subcommand)]
    pub command: Option<ReminderCommand>,
    #[command(flatten)]
    pub list: ReminderListArgs,
}

#[derive(Debug, Subcommand)]
pub enum ReminderCommand {
    /// List reminders (what `contacts reminders` alone does).
    List(ReminderListArgs),
    /// Take a reminder over: assign it to yourself.
    Take { rid: String },
    /// Assign a reminder to a user (for a private contact, only its owner).
    Assign {
        rid: String,
        // Not named `user`: that id is taken by the global --user option.
        #[arg(value_name = "USER")]
        assignee: String,
    },
    /// Mark a reminder done (who and when are recorded).
    Done { rid: String },
    /// Remove a reminder.
    Rm { rid: String },
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The day (YYYY-MM-DD) [default: today].
    pub date: Option<String>,
    /// Seven days from that day.
    #[arg(long)]
    pub week: bool,
}

#[derive(Debug, Args)]
pub struct MeetingFields {
    /// The subject.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The start, local time "YYYY-MM-DD HH:MM" of the installation's time zone.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How long, in minutes [new meetings: 60].
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Where.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// The contact's id.
    #[arg(long, value_name = "ID")]
    pub contact: Option<String>,
    /// The case, by id or number.
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Participants' user names, comma-separated [new meetings: you].
    #[arg(long, value_name = "USERS", value_delimiter = ',')]
    pub with: Option<Vec<String>>,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Plan a meeting on a contact or a case.
    Add(MeetingFields),
    /// Meetings you may see (in start order).
    List {
        /// Only the ones you take part in.
        #[arg(long)]
        mine: bool,
        /// Only on this contact.
        #[arg(long, value_name = "ID")]
        contact: Option<String>,
        /// Only on this case (id or number).
        #[arg(long, value_name = "CASE")]
        case: Option<String>,
    },
    /// Change a meeting; what is not given stays.
    Edit {
        mid: String,
        #[command(flatten)]
        fields: MeetingFields,
    },
    /// Remove a meeting.
    Rm { mid: String },
}

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Remind you DAYS days (0 to 60) before a contact's birthday or name-day.
    Set {
        /// The contact's id.
        id: String,
        /// birthday or nameday.
        kind: String,
        /// Days before.
        days: u32,
    },
    /// Remove your alert.
    Rm { id: String, kind: String },
    /// Your alerts (on one contact, or all).
    List {
        #[arg(long, value_name = "ID")]
        contact: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct IcsArgs {
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The file formats of import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// vCard for import, CSV otherwise (judged by content).
    Auto,
    Vcf,
    CsvGoogle,
    CsvOutlook,
}

/// What to do with a card matching a contact of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnDuplicateArg {
    Merge,
    Skip,
    Create,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to read.
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Import into your private book.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// Import into the shared business book (the default).
    #[arg(long)]
    pub business: bool,
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = OnDuplicateArg::Merge)]
    pub on_duplicate: OnDuplicateArg,
    /// Do everything but write nothing: shows what an import would do.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["ids", "all"])))]
pub struct ExportArgs {
    /// The contacts to export.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Every contact of the book (of both books you see without --private/--business).
    #[arg(long)]
    pub all: bool,
    /// With --all: your private book only.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// With --all: the business book only.
    #[arg(long)]
    pub business: bool,
    /// The vCard version.
    #[arg(long, default_value = "4.0", value_parser = ["3.0", "4.0"])]
    pub version: String,
    #[arg(long, value_enum, default_value_t = Format::Vcf)]
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PostalCommand {
    /// Replace the street-level list with FILE: the public spreadsheet layout saved as CSV
    /// (code;locality;street;numbers;commune;county;voivodeship, a header line allowed,
    /// UTF-8 or Windows-1250). Admins only.
    Import { file: PathBuf },
    /// The postal codes of a locality's street (as much of its name as you know), for a
    /// house number when given.
    Lookup {
        #[arg(long)]
        locality: String,
        #[arg(long, default_value = "")]
        street: String,
        #[arg(long, default_value = "")]
        number: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a setting (or its default).
    Get {
        #[arg(value_parser = ["timezone", "nameday.country", "language"])]
        key: String,
    },
    /// Change a setting (admins only): timezone (e.g. Europe/Warsaw), nameday.country (e.g.
    /// pl) or language (pl or en: the installation's language, which also sets the names of
    /// statuses, categories, spare fields, history and case kinds).
    Set {
        #[arg(value_parser = ["timezone", "nameday.country", "language"])]
        key: String,
        value: String,
    },
    /// Print every setting.
    List,
}

#[derive(Debug, Args)]
pub struct BookArgs {
    /// Your private book only.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// The business book only.
    #[arg(long)]
    pub business: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The contact that stays.
    pub keep: String,
    /// The contact merged into it and removed.
    pub other: String,
}
