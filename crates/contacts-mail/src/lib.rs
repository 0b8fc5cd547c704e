//! Mail for Contacts: turns the core's [`OutgoingMessage`] into MIME with `lettre`
//! (UTF-8, RFC 2047 headers, Message-ID, Date, List-Unsubscribe) and hands it to an SMTP
//! server, one transaction per recipient over one reused connection.
//!
//! The SMTP password comes from the caller (the CLI and the web server read it from the
//! `CONTACTS_SMTP_PASSWORD` environment variable); it is never stored, printed or logged,
//! and this crate's `Debug` output leaves it out.
//!
//! Faults, as the core's [`SendFailure`]:
//! - a 4xx/5xx reply to MAIL, RCPT, DATA or the message: `Refused` (that recipient fails,
//!   the others go on; the transaction is reset with RSET, or the connection made again);
//! - no connection, no STARTTLS, a refused login: `Stop` before anything was handed over;
//! - the connection breaking while the message itself is sent: `Stop` with
//!   `maybe_delivered` (the core marks that recipient "unknown", never resends it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use contacts_core::mailing::{
    MailTransport, Mailbox as CoreMailbox, OutgoingMessage, Security, SendFailure, SmtpSettings,
};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use lettre::Address;

/// The environment variable the SMTP password is read from.
pub const PASSWORD_ENV: &str = "CONTACTS_SMTP_PASSWORD";

/// How long a connection attempt or a reply may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A connection left idle this long is checked (NOOP) before the next message, so a
/// server that closed it does not turn a message into an "unknown" one.
const IDLE_CHECK: Duration = Duration::from_secs(10);

fn address(a: &str) -> Result<Address, String> {
    a.parse::<Address>()
        .map_err(|e| format!("'{a}' is not an address: {e}"))
}

fn mailbox(m: &CoreMailbox) -> Result<Mailbox, String> {
    let name = m.name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        address(&m.address)?,
    ))
}

/// The MIME message: text, or text and HTML as alternatives, with attachments after.
pub fn build_message(msg: &OutgoingMessage) -> Result<Message, String> {
    let mut b = Message::builder()
        .from(mailbox(&msg.from)?)
        .to(mailbox(&msg.to)?)
        .subject(msg.subject.clone())
        .message_id(Some(format!("<{}>", msg.message_id)))
        .date(SystemTime::from(msg.date))
        .user_agent("Contacts".to_string());
    if let Some(r) = &msg.reply_to {
        b = b.reply_to(mailbox(r)?);
    }
    if let Some(u) = &msg.unsubscribe {
        // A mailto address was checked by the core (`mailable`): ASCII, no spaces or '>'.
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<mailto:{u}?subject=unsubscribe>"),
        ));
    }
    let built = match (&msg.html, msg.attachments.is_empty()) {
        (None, true) => b.singlepart(SinglePart::plain(msg.text.clone())),
        (Some(html), true) => b.multipart(MultiPart::alternative_plain_html(
            msg.text.clone(),
            html.clone(),
        )),
        (html, false) => {
            let mut mixed = match html {
                Some(html) => MultiPart::mixed().multipart(MultiPart::alternative_plain_html(
                    msg.text.clone(),
                    html.clone(),
                )),
                None => MultiPart::mixed().singlepart(SinglePart::plain(msg.text.clone())),
            };
            for a in msg.attachments.iter() {
                let ct = ContentType::parse(&a.media_type)
                    .or_else(|_| ContentType::parse("application/octet-stream"))
                    .map_err(|e| e.to_string())?;
                mixed = mixed.singlepart(Attachment::new(a.name.clone()).body(a.bytes.clone(), ct));
            }
            b.multipart(mixed)
        }
    };
    built.map_err(|e| format!("cannot build the message: {e}"))
}

/// The message as an `.eml` file's bytes.
pub fn eml(msg: &OutgoingMessage) -> Result<Vec<u8>, String> {
    Ok(build_message(msg)?.formatted())
}

/// A file name for the `n`-th message of a dry run: number, contact id, address.
pub fn eml_name(n: usize, msg: &OutgoingMessage) -> String {
    let safe: String = msg
        .to
        .address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' || c == '@' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{n:05}-{}-{safe}.eml", msg.contact)
}

/// Writes one `.eml` file into `dir` (a dry run).
pub fn write_eml(dir: &Path, n: usize, msg: &OutgoingMessage) -> Result<PathBuf, String> {
    let path = dir.join(eml_name(n, msg));
    let bytes = eml(msg)?;
    let mut f = std::fs::File::create(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(&bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The DATA payload with dot-stuffing and the closing `.` line, when the message is ASCII
/// (lettre's MIME always is: 7-bit transfer encodings).
struct Stuffed(String);

impl std::fmt::Display for Stuffed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn stuffed(bytes: &[u8]) -> Option<Stuffed> {
    let text = std::str::from_utf8(bytes).ok().filter(|t| t.is_ascii())?;
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split("\r\n").enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
    }
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    Some(Stuffed(out))
}

fn reply(r: &Response) -> String {
    let text: Vec<&str> = r.message().collect();
    format!("{} {}", r.code(), text.join(" "))
        .trim()
        .to_string()
}

/// An SMTP transport over one reused connection.
pub struct SmtpSender {
    settings: SmtpSettings,
    password: Option<String>,
    conn: Option<SmtpConnection>,
    last_used: std::time::Instant,
}

impl std::fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSender")
            .field("host", &self.settings.host)
            .field("port", &self.settings.port)
            .field("user", &self.settings.user)
            .field("password", &self.password.as_ref().map(|_| "(set)"))
            .finish()
    }
}

impl SmtpSender {
    /// A sender for these settings; `password` is used only with a login (`settings.user`).
    pub fn new(settings: SmtpSettings, password: Option<String>) -> SmtpSender {
        SmtpSender {
            settings,
            password,
            conn: None,
            last_used: std::time::Instant::now(),
        }
    }

    /// A sender whose password comes from [`PASSWORD_ENV`].
    pub fn from_env(settings: SmtpSettings) -> SmtpSender {
        let password = std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty());
        SmtpSender::new(settings, password)
    }

    fn where_(&self) -> String {
        format!("{}:{}", self.settings.host, self.settings.port)
    }

    /// Connects (and logs in) unless connected; the error says what failed, in words.
    pub fn connect(&mut self) -> Result<(), String> {
        if let Some(c) = &mut self.conn {
            if !c.has_broken() && (self.last_used.elapsed() < IDLE_CHECK || c.test_connected()) {
                return Ok(());
            }
            self.conn = None;
        }
        let s = &self.settings;
        let hello = ClientId::Domain(
            s.from_address
                .rsplit_once('@')
                .map(|(_, d)| d.to_string())
                .unwrap_or_else(|| "localhost".into()),
        );
        let tls = match s.security {
            Security::None => None,
            _ => Some(
                TlsParameters::new(s.host.clone())
                    .map_err(|e| format!("cannot set up TLS for {}: {e}", self.where_()))?,
            ),
        };
        let implicit = match s.security {
            Security::Tls => tls.as_ref(),
            _ => None,
        };
        let mut conn = SmtpConnection::connect(
            (s.host.as_str(), s.port),
            Some(TIMEOUT),
            &hello,
            implicit,
            None,
        )
        .map_err(|e| format!("cannot connect to the mail server {}: {e}", self.where_()))?;
        if s.security == Security::Starttls {
            let params = tls.as_ref().ok_or("TLS parameters missing")?;
            if !conn.can_starttls() {
                conn.abort();
                return Err(format!(
                    "the mail server {} does not offer STARTTLS; choose security \"tls\" or \"none\"",
                    self.where_()
                ));
            }
            conn.starttls(params, &hello)
                .map_err(|e| format!("STARTTLS with {} failed: {e}", self.where_()))?;
        }
        if let Some(user) = &s.user {
            let Some(password) = &self.password else {
                conn.abort();
                return Err(format!(
                    "the mail server login '{user}' needs a password: set {PASSWORD_ENV}"
                ));
            };
            let creds = Credentials::new(user.clone(), password.clone());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
                .map_err(|e| {
                    format!(
                        "the mail server {} refused the login '{user}': {e}",
                        self.where_()
                    )
                })?;
        }
        self.conn = Some(conn);
        self.last_used = std::time::Instant::now();
        Ok(())
    }

    /// Says goodbye to the server (QUIT), if connected.
    pub fn close(&mut self) {
        if let Some(mut c) = self.conn.take() {
            let _ = c.quit();
        }
    }
}

impl Drop for SmtpSender {
    fn drop(&mut self) {
        self.close();
    }
}

impl MailTransport for SmtpSender {
    fn send(&mut self, msg: &OutgoingMessage) -> Result<String, SendFailure> {
        let message = build_message(msg).map_err(SendFailure::Refused)?;
        let bytes = message.formatted();
        let from = address(&msg.from.address).map_err(SendFailure::Refused)?;
        let to = address(&msg.to.address).map_err(SendFailure::Refused)?;
        self.connect().map_err(|reason| SendFailure::Stop {
            reason,
            maybe_delivered: false,
        })?;
        let where_ = self.where_();
        let Some(conn) = self.conn.as_mut() else {
            return Err(SendFailure::Stop {
                reason: "not connected".into(),
                maybe_delivered: false,
            });
        };
        self.last_used = std::time::Instant::now();
        // The envelope: MAIL, RCPT, DATA. A reply refusing it ends this message only.
        let envelope = (|| {
            conn.command(Mail::new(Some(from), vec![]))?;
            conn.command(Rcpt::new(to, vec![]))?;
            conn.command(Data)
        })();
        if let Err(e) = envelope {
            return Err(if e.is_permanent() || e.is_transient() {
                let refused = e.to_string();
                if conn.command(Rset).is_err() {
                    self.conn = None;
                }
                SendFailure::Refused(refused)
            } else {
                self.conn = None;
                SendFailure::Stop {
                    reason: format!("the connection to {where_} failed: {e}"),
                    maybe_delivered: false,
                }
            });
        }
        // The message and its closing dot go out in one write: written apart (as lettre's
        // `message` does), Nagle's algorithm held the dot until the server's delayed ACK,
        // 40 ms per message.
        let sent = match stuffed(&bytes) {
            Some(data) => conn.command(data),
            None => conn.message(&bytes),
        };
        match sent {
            Ok(r) => Ok(reply(&r)),
            Err(e) if e.is_permanent() || e.is_transient() => {
                // The server answered the message with a refusal; the session goes on.
                Err(SendFailure::Refused(e.to_string()))
            }
            Err(e) => {
                self.conn = None;
                Err(SendFailure::Stop {
                    reason: format!(
                        "the connection to {where_} broke while a message was sent: {e}"
                    ),
                    maybe_delivered: true,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeZone;
    use contacts_core::ids::ContactId;
    use contacts_core::mailing::MailAttachment;

    use super::*;

    fn msg() -> OutgoingMessage {
        OutgoingMessage {
            campaign: None,
            contact: ContactId(3),
            message_id: "c1.r1.5@firma.pl".into(),
            date: chrono::Utc
                .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
                .single()
                .unwrap_or_default(),
            from: CoreMailbox {
                name: "Biuro Łódź".into(),
                address: "biuro@firma.pl".into(),
            },
            reply_to: None,
            to: CoreMailbox {
                name: "Żaneta Łęcka".into(),
                address: "zaneta@example.pl".into(),
            },
            subject: "Zażółć gęślą jaźń".into(),
            text: "Szanowna Pani,\nzapraszamy.\n".into(),
            html: None,
            attachments: Arc::new(vec![]),
            unsubscribe: Some("wypisz@firma.pl".into()),
        }
    }

    #[test]
    fn headers_are_encoded_and_complete() {
        let bytes = eml(&msg()).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.is_ascii(), "every header and body is 7-bit: {text}");
        assert!(text.contains("Subject: =?utf-8?"), "{text}");
        assert!(text.contains("Message-ID: <c1.r1.5@firma.pl>"), "{text}");
        assert!(text.contains("Date: Thu, 03 Dec 2026 10:00:00"), "{text}");
        assert!(
            text.contains("List-Unsubscribe: <mailto:wypisz@firma.pl?subject=unsubscribe>"),
            "{text}"
        );
        assert!(text.contains("To: =?utf-8?"), "{text}");
    }

    #[test]
    fn html_and_attachments_make_multipart() {
        let mut m = msg();
        m.html = Some("<p>Szanowna Pani</p>".into());
        m.attachments = Arc::new(vec![MailAttachment {
            name: "oferta.pdf".into(),
            media_type: "application/pdf".into(),
            bytes: b"%PDF-1.4".to_vec(),
        }]);
        let text = String::from_utf8(eml(&m).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("multipart/mixed"), "{text}");
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(text.contains("filename=\"oferta.pdf\""), "{text}");
    }

    #[test]
    fn data_is_dot_stuffed_and_closed_once() {
        let s = stuffed(b"Subject: x\r\n\r\n.hidden\r\nline\r\n")
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert_eq!(s, "Subject: x\r\n\r\n..hidden\r\nline\r\n.\r\n");
        let s = stuffed(b"a\r\nb")
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert_eq!(s, "a\r\nb\r\n.\r\n");
        assert!(stuffed("ż".as_bytes()).is_none());
    }

    #[test]
    fn the_password_never_shows_in_debug() {
        let s = SmtpSender::new(SmtpSettings::default(), Some("tajne-haslo".into()));
        assert!(!format!("{s:?}").contains("tajne"));
    }

    #[test]
    fn a_refused_connection_stops_with_a_clear_message() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9);
        let mut s = SmtpSender::new(
            SmtpSettings {
                host: "127.0.0.1".into(),
                port,
                security: Security::None,
                ..SmtpSettings::default()
            },
            None,
        );
        match s.send(&msg()) {
            Err(SendFailure::Stop {
                reason,
                maybe_delivered: false,
            }) => assert!(reason.contains("cannot connect"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
