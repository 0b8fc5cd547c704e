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
    /// Show one contact.
    Show(IdArg),
    /// Change a contact.
    ///
    /// Scalar flags (--given, --nip, --birthday, ...) replace the value, and an empty value
    /// clears it. List flags (--email, --phone, --address, --website, --messenger, --group,
    /// --field) add an entry; the --rm-* flags remove one. Removals happen before additions.
    Edit(Box<EditArgs>),
    /// Remove a contact with its photo and attachments.
    Rm(IdArg),
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
    /// A card that cannot be read or breaks a rule is reported with its file, card number
    /// and line; the others still import. A card matching a contact of the book (same
    /// e-mail, same phone, or same name and birthday) follows --on-duplicate.
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
    /// Birthday: YYYY-MM-DD, or --MM-DD when the year is unknown.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Anniversary: YYYY-MM-DD or --MM-DD.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub anniversary: Option<String>,
    /// Name-day (MM-DD), when it is not the one of the given name.
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
    /// Remove an entry and every use of it.
    Rm { name: String },
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
