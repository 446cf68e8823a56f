//! Email through SMTP (`lettre`), configured by the operator, with Vietnamese-first
//! messages rendered from the Fluent files.
//!
//! Addresses and the SMTP password never reach the logs: [`SmtpUrl`] hides its text,
//! and [`redact`] removes addresses from every error kept or logged.

use std::time::Duration;

use caunoi_db::notifications::EmailToSend;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{Address, AsyncTransport, Tokio1Executor};

use crate::i18n::{FluentArg, Locale};
use crate::pages::notifications::notification_line;

/// How long one SMTP conversation may take before it fails and is retried.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The SMTP server URL as the operator wrote it. Its `Debug` hides it, because it may
/// carry a password.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn new(url: impl Into<String>) -> SmtpUrl {
        SmtpUrl(url.into())
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpUrl(…)")
    }
}

/// Email settings chosen by the operator.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    /// `smtp://USER:PASS@HOST:587` (STARTTLS required), `smtps://USER:PASS@HOST:465`
    /// (TLS from the start), or `smtp://HOST:PORT?tls=none` for a relay on a trusted
    /// network. `None`: email is off and email jobs are skipped.
    pub smtp_url: Option<SmtpUrl>,
    /// Sender, such as `Cầu Nối <khong-tra-loi@sogd.example.vn>`.
    pub mail_from: Option<String>,
    /// Origin the links in emails start with, such as `https://caunoi.example.vn`.
    pub public_url: String,
}

/// A setting of [`MailConfig`] that cannot work, with the fix in the message.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("invalid SMTP URL: {0}; use smtp://USER:PASSWORD@HOST:587, smtps://USER:PASSWORD@HOST:465 or smtp://HOST:PORT?tls=none")]
    SmtpUrl(String),
    #[error("--mail-from (CAUNOI_MAIL_FROM) is required with --smtp-url, e.g. \"Cầu Nối <khong-tra-loi@sogd.example.vn>\"")]
    MissingFrom,
    #[error("invalid sender {0:?} in --mail-from: use \"Name <address@domain>\" or \"address@domain\"")]
    From(String),
}

/// Sends the emails of notifications; without SMTP configured it sends nothing.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("configured", &self.is_configured()).finish_non_exhaustive()
    }
}

/// The reason an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The address or the message cannot be sent however often it is tried.
    #[error("{0}")]
    Permanent(String),
    /// The server or the network may accept it later.
    #[error("{0}")]
    Transient(String),
}

impl Mailer {
    /// Builds the mailer. Nothing connects yet: a wrong password shows at the first send.
    pub fn new(config: &MailConfig) -> Result<Mailer, MailConfigError> {
        let public_url = config.public_url.trim_end_matches('/').to_owned();
        let Some(url) = &config.smtp_url else {
            return Ok(Mailer { transport: None, public_url });
        };
        let from = config.mail_from.as_deref().map(str::trim).filter(|from| !from.is_empty());
        let from = from.ok_or(MailConfigError::MissingFrom)?;
        let from: Mailbox = from.parse().map_err(|_| MailConfigError::From(from.to_owned()))?;
        let lettre_url = lettre_url(&url.0)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url)
            // lettre's message may repeat the URL, password included.
            .map_err(|_| MailConfigError::SmtpUrl("lettre rejected it".into()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Mailer { transport: Some((transport, from)), public_url })
    }

    /// Returns a mailer that sends nothing, for instances without SMTP.
    pub fn disabled(public_url: &str) -> Mailer {
        Mailer { transport: None, public_url: public_url.trim_end_matches('/').to_owned() }
    }

    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends the email of one notification to its reader.
    pub async fn send(&self, notification: &EmailToSend) -> Result<(), MailError> {
        let Some((transport, from)) = &self.transport else {
            return Err(MailError::Permanent("SMTP is not configured".into()));
        };
        let address = notification.email.as_deref().map(str::trim).unwrap_or_default();
        let address: Address =
            address.parse().map_err(|_| MailError::Permanent("the recipient's address is invalid".into()))?;
        let to = Mailbox::new(Some(notification.full_name.clone()), address);
        let email = compose(notification, &self.public_url);
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body)
            .map_err(|error| MailError::Permanent(redact(&error.to_string())))?;
        match transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(MailError::Permanent(redact(&error.to_string()))),
            Err(error) => Err(MailError::Transient(redact(&error.to_string()))),
        }
    }
}

/// Rewrites the operator's URL into lettre's form. lettre reads a bare `smtp://` as
/// plain text; here it means STARTTLS required, and `tls=none` is the explicit opt-out.
fn lettre_url(url: &str) -> Result<String, MailConfigError> {
    let url = url.trim();
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut tls = None;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        match pair.split_once('=') {
            Some(("tls", value)) => tls = Some(value),
            _ => rest.push(pair),
        }
    }
    let tls = if base.starts_with("smtps://") {
        None
    } else if base.starts_with("smtp://") {
        match tls {
            None | Some("required") => Some("required"),
            Some("opportunistic") => Some("opportunistic"),
            Some("none") => None,
            Some(other) => {
                return Err(MailConfigError::SmtpUrl(format!("tls={other} is not one of required, opportunistic, none")));
            }
        }
    } else {
        let scheme = base.split("://").next().unwrap_or_default();
        return Err(MailConfigError::SmtpUrl(format!("unknown scheme {scheme:?}")));
    };
    if let Some(tls) = tls {
        rest.push(match tls {
            "required" => "tls=required",
            _ => "tls=opportunistic",
        });
    }
    if rest.is_empty() { Ok(base.to_owned()) } else { Ok(format!("{base}?{}", rest.join("&"))) }
}

/// Subject and plain-text body of an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// Writes the email of a notification: a Vietnamese subject, the Vietnamese text, then
/// the English text below it. The reader's language is not stored, and Vietnamese is
/// what every user of the platform reads.
pub fn compose(notification: &EmailToSend, public_url: &str) -> Email {
    let params = serde_json::from_str(&notification.params).unwrap_or(serde_json::Value::Null);
    let link = format!("{}{}", public_url.trim_end_matches('/'), notification.link);
    let settings = format!("{}/notifications/settings", public_url.trim_end_matches('/'));
    let line_vi = notification_line(Locale::Vi, &notification.message_id, &params);
    let subject = Locale::Vi.t_args("email-subject", &[("line", FluentArg::Text(line_vi))]);
    let mut body = part(Locale::Vi, notification, &params, &link, &settings);
    body.push_str("\n\n");
    body.push_str(&Locale::Vi.t("email-english-below"));
    body.push_str("\n\n");
    body.push_str(&part(Locale::En, notification, &params, &link, &settings));
    body.push('\n');
    Email { subject, body }
}

fn part(locale: Locale, notification: &EmailToSend, params: &serde_json::Value, link: &str, settings: &str) -> String {
    let kind = locale.tp("notification-kind", &notification.kind);
    [
        locale.t1("email-greeting", "name", &notification.full_name),
        String::new(),
        notification_line(locale, &notification.message_id, params),
        String::new(),
        locale.t1("email-open", "url", link),
        String::new(),
        locale.t_args(
            "email-footer",
            &[("kind", FluentArg::Text(kind)), ("settings", FluentArg::Text(settings.to_owned()))],
        ),
    ]
    .join("\n")
}

/// Replaces every word with an `@` by `<address>`, so that SMTP replies such as
/// "550 <name@example.vn>: mailbox unavailable" can be logged and stored.
pub fn redact(text: &str) -> String {
    text.split(' ')
        .map(|word| if word.contains('@') { "<address>" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_defaults_to_starttls() {
        assert_eq!(lettre_url("smtp://u:p@mail.example.vn:587").unwrap(), "smtp://u:p@mail.example.vn:587?tls=required");
        assert_eq!(lettre_url("smtp://127.0.0.1:2525?tls=none").unwrap(), "smtp://127.0.0.1:2525");
        assert_eq!(lettre_url("smtp://h?tls=opportunistic").unwrap(), "smtp://h?tls=opportunistic");
        assert_eq!(lettre_url("smtps://u:p@h").unwrap(), "smtps://u:p@h");
    }

    #[test]
    fn bad_smtp_urls_fail() {
        assert!(lettre_url("http://h").is_err());
        assert!(lettre_url("smtp://h?tls=maybe").is_err());
    }

    #[test]
    fn mailer_needs_a_sender() {
        let config = MailConfig {
            smtp_url: Some(SmtpUrl::new("smtp://127.0.0.1:2525?tls=none")),
            mail_from: None,
            public_url: "http://localhost".into(),
        };
        assert!(matches!(Mailer::new(&config), Err(MailConfigError::MissingFrom)));
        let config = MailConfig { mail_from: Some("not an address".into()), ..config };
        assert!(matches!(Mailer::new(&config), Err(MailConfigError::From(_))));
    }

    #[test]
    fn url_debug_hides_password() {
        let url = SmtpUrl::new("smtp://user:secret@h");
        assert!(!format!("{url:?}").contains("secret"));
        let config = MailConfig { smtp_url: Some(url), mail_from: None, public_url: String::new() };
        assert!(!format!("{config:?}").contains("secret"));
    }

    #[test]
    fn redact_hides_addresses() {
        assert_eq!(redact("550 <a.b@example.vn>: unknown"), "550 <address> unknown");
        assert_eq!(redact("timed out"), "timed out");
    }
}
