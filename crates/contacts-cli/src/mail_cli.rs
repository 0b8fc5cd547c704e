//! The command line of `contacts mail` (kept apart from `cli.rs`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Count the recipients of an audience and list them, with the reason for every one
    /// left out (opted out, no e-mail, duplicate address, bad address).
    Audience(AudienceCmd),
    /// Print the exact message one contact would get.
    Preview(PreviewCmd),
    /// Write every message as an .eml file into a folder; nothing is sent or stored.
    DryRun(DryRunCmd),
    /// Make a campaign (the audience evaluated now, the template checked for everyone)
    /// and print its id; `mail send --campaign ID` sends it.
    Create(CreateCmd),
    /// Send a campaign: a new one from the flags, or `--campaign ID` to send or resume one.
    Send(SendCmd),
    /// A campaign's state and every recipient's (sent with the server's reply, failed,
    /// skipped, unknown).
    Status(CampaignIdArg),
    /// Your campaigns, newest first.
    Campaigns,
    /// Send one message to one contact (a meeting reminder, say); anyone may.
    One(OneCmd),
    /// Show or change the mail server settings (changing: admins only). The password is
    /// never stored: it is read from CONTACTS_SMTP_PASSWORD when sending.
    Smtp(SmtpCmd),
    /// Let a user send campaigns (admins only).
    Allow(UserArg),
    /// Take the right to send campaigns from a user (admins only).
    Deny(UserArg),
    /// Show or set your name, address (Reply-To) and signature for messages.
    Profile(ProfileCmd),
}

/// Who receives: every criterion given must hold.
#[derive(Debug, Args, Default)]
pub struct AudienceArgs {
    /// Only your private book.
    #[arg(long, conflicts_with = "business")]
    pub private: bool,
    /// Only the business book.
    #[arg(long)]
    pub business: bool,
    /// In this business group (repeat for any of several).
    #[arg(long, value_name = "NAME")]
    pub group: Vec<String>,
    /// With this status (repeat for any of several).
    #[arg(long, value_name = "NAME")]
    pub status: Vec<String>,
    /// Clients of this account manager (a user name).
    #[arg(long, value_name = "USER")]
    pub manager: Option<String>,
    /// A custom field with this value: LABEL=VALUE (any case, with or without diacritics).
    #[arg(long, value_name = "LABEL=VALUE")]
    pub field: Option<String>,
    /// No history entry for this long: Nd or Nw.
    #[arg(long, value_name = "90d")]
    pub not_contacted_for: Option<String>,
    /// Birthdays and name-days in the next N days ("Solenizanci +7 dni").
    #[arg(long, value_name = "DAYS")]
    pub upcoming: Option<u32>,
    /// With --upcoming: birthdays only (with --namedays: both).
    #[arg(long, requires = "upcoming")]
    pub birthdays: bool,
    /// With --upcoming: name-days only (with --birthdays: both).
    #[arg(long, requires = "upcoming")]
    pub namedays: bool,
    /// Search words (each the start of a word of the contact).
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
    /// This contact (repeat to pick several).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
}

/// The message: subject and text always, HTML and attachments optional.
#[derive(Debug, Args, Default)]
pub struct TemplateArgs {
    /// The subject template, e.g. "Oferta dla {{ given_name }}".
    #[arg(long)]
    pub subject: Option<String>,
    /// The plain-text body template.
    #[arg(long, conflicts_with = "text_file")]
    pub text: Option<String>,
    /// The plain-text body template, from a UTF-8 file.
    #[arg(long, value_name = "PATH")]
    pub text_file: Option<PathBuf>,
    /// An HTML body template, from a UTF-8 file (sent beside the text).
    #[arg(long, value_name = "PATH")]
    pub html_file: Option<PathBuf>,
    /// A file to attach to every message (repeatable; 10 MB in all).
    #[arg(long, value_name = "PATH")]
    pub attach: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AudienceCmd {
    #[command(flatten)]
    pub audience: AudienceArgs,
    /// List every recipient (duplicates judged over all), not only the first --limit.
    #[arg(long)]
    pub all: bool,
    /// How many to list.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct PreviewCmd {
    /// The contact to preview for.
    #[arg(long, value_name = "ID")]
    pub contact: String,
    #[command(flatten)]
    pub template: TemplateArgs,
    /// Print the whole MIME message (.eml) instead of the readable parts.
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Args)]
pub struct DryRunCmd {
    /// The folder for the .eml files (made if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub audience: AudienceArgs,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Args)]
pub struct CreateCmd {
    #[command(flatten)]
    pub audience: AudienceArgs,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Args)]
pub struct SendCmd {
    /// Send (or resume) this campaign instead of making a new one.
    #[arg(long, value_name = "ID")]
    pub campaign: Option<String>,
    /// Messages per minute at most (default: the installation's setting; 0: no limit).
    #[arg(long, value_name = "N")]
    pub rate: Option<u32>,
    /// Queue again the recipients whose state is unknown after a crash (they may get the
    /// message twice).
    #[arg(long, requires = "campaign")]
    pub resend_unknown: bool,
    #[command(flatten)]
    pub audience: AudienceArgs,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Args)]
pub struct CampaignIdArg {
    /// The campaign id.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct OneCmd {
    /// The contact to write to.
    #[arg(long, value_name = "ID")]
    pub contact: String,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Args)]
pub struct SmtpCmd {
    /// The mail server's host name.
    #[arg(long)]
    pub host: Option<String>,
    #[arg(long)]
    pub port: Option<u16>,
    /// starttls (default), tls (from the first byte, port 465) or none (an office relay).
    #[arg(long, value_name = "MODE")]
    pub security: Option<String>,
    /// The login name (the password comes from CONTACTS_SMTP_PASSWORD when sending).
    #[arg(long, conflicts_with = "no_login")]
    pub login: Option<String>,
    /// Send without logging in.
    #[arg(long)]
    pub no_login: bool,
    /// The installation's From address (empty: each employee's own).
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// The name in From (empty: the employee's).
    #[arg(long, value_name = "NAME")]
    pub from_name: Option<String>,
    /// Where recipients write to opt out (List-Unsubscribe; empty: the From address).
    #[arg(long, value_name = "ADDRESS")]
    pub unsubscribe: Option<String>,
    /// Messages per minute at most (0: no limit).
    #[arg(long, value_name = "N")]
    pub rate: Option<u32>,
}

#[derive(Debug, Args)]
pub struct UserArg {
    /// The user name. (Its own id: the global `--user` is also called "user", and clap
    /// would fill the acting user from this argument.)
    #[arg(id = "target_user", value_name = "USER")]
    pub user: String,
}

#[derive(Debug, Args)]
pub struct ProfileCmd {
    /// The name your messages are signed with (From).
    #[arg(long)]
    pub name: Option<String>,
    /// Your address (Reply-To, and From when the installation sets none).
    #[arg(long)]
    pub address: Option<String>,
    /// Your signature, from a UTF-8 file ({{ sender.signature }}).
    #[arg(long, value_name = "PATH")]
    pub signature_file: Option<PathBuf>,
}
