//! E-mail to citizens: receipts, replies and status changes, sent over SMTP by a background
//! worker that drains the outbox.
//!
//! Each change to a case writes its outbox rows in the same transaction as the change, so an
//! e-mail exists exactly when the change does. The worker claims due rows with a lease (so
//! several servers can run it side by side), renders each one from the committed case in the
//! citizen's language, sends it, then marks it sent — or records the error and a later retry
//! with exponential backoff, where staff can see it.
//!
//! Delivery is **at least once**: a crash (or a lost database connection) between the SMTP
//! hand-over and `outbox_sent` leaves the row leased but unsent, and it is sent again once the
//! lease expires. A citizen may then get a duplicate; no message is ever lost.

use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use futures::FutureExt as _;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Tokio1Executor};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use urp_domain::TenantId;
use urp_store::{CaseEventRecord, CaseRecord, OutboxItem, Store, StoreError, TenantData};

/// Where the tracking links point when nothing else is configured (the server's default bind).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
/// How many due rows one round claims.
pub const BATCH: i64 = 20;
/// How long a claimed row stays reserved to this worker; it is due again afterwards.
pub const LEASE: Duration = Duration::from_secs(5 * 60);
/// A message is not started when less than this is left of the lease, so that it cannot still
/// be in flight when another server claims the row again.
const LEASE_MARGIN: Duration = Duration::from_secs(90);
/// Time-out of each SMTP connection and command.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
const BACKOFF_FIRST: Duration = Duration::from_secs(60);
const BACKOFF_MAX: Duration = Duration::from_secs(6 * 3600);

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text: only for a relay on the same machine or a trusted network.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587 or 25).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `URP Comune di Valfiorita <urp@comune.valfiorita.example>`.
    pub from: String,
    /// Scheme and host the citizen's tracking links start with, e.g. `https://urp.comune.it`.
    pub public_url: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("e-mail settings: {0}")]
    Config(String),
    #[error("unknown outbox kind `{0}`: no e-mail template (expected case_receipt, case_reply or case_status)")]
    UnknownKind(String),
    #[error("cannot write the e-mail: {0}")]
    Render(String),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("bad address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build the e-mail: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// A connection recipe to the SMTP server plus what every message needs.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// Checks the settings (sender address, public URL, TLS) without connecting.
    pub fn new(cfg: &SmtpConfig) -> Result<Mailer, MailError> {
        if cfg.host.trim().is_empty() {
            return Err(MailError::Config("no SMTP host".into()));
        }
        let from: Mailbox =
            cfg.from.parse().map_err(|e| MailError::Config(format!("sender address `{}`: {e}", cfg.from)))?;
        let public_url = cfg.public_url.trim().trim_end_matches('/').to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(MailError::Config(format!("public URL `{public_url}` must start with http:// or https://")));
        }
        let host = cfg.host.trim();
        let builder = match cfg.security {
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
        };
        let mut builder = builder.port(cfg.port).timeout(Some(SMTP_TIMEOUT));
        match (&cfg.username, &cfg.password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
            }
            (None, None) => {}
            _ => return Err(MailError::Config("SMTP user name and password go together".into())),
        }
        Ok(Mailer { transport: builder.build(), from, public_url })
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Hands one plain-text message to the SMTP server.
    pub async fn send(&self, to: &str, mail: &Rendered) -> Result<(), MailError> {
        // A Message-ID in the sender's domain, as spam filters expect.
        let message_id = format!("<{}@{}>", crate::context::random_bytes_b64(18), self.from.email.domain());
        let message = Message::builder()
            .message_id(Some(message_id))
            .from(self.from.clone())
            .to(to.parse::<Mailbox>()?)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())?;
        self.transport.send(message).await?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// The kinds of outbox row this module knows how to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MailKind {
    Receipt,
    Reply,
    Status,
}

impl MailKind {
    fn parse(code: &str) -> Result<MailKind, MailError> {
        match code {
            "case_receipt" => Ok(MailKind::Receipt),
            "case_reply" => Ok(MailKind::Reply),
            "case_status" => Ok(MailKind::Status),
            other => Err(MailError::UnknownKind(other.to_string())),
        }
    }
}

/// Writes the message an outbox row stands for, from the case as it is now committed.
pub async fn render(store: &dyn Store, item: &OutboxItem, public_url: &str) -> Result<Rendered, MailError> {
    if item.kind == "notification" {
        return staff_notification(store, item, public_url).await;
    }
    let kind = MailKind::parse(&item.kind)?;
    let case_id = item.case_id.ok_or_else(|| MailError::Render(format!("outbox row {} names no case", item.id)))?;
    let case = store.case(item.tenant_id, case_id).await?;
    let tenant = store.tenant(item.tenant_id).await?;
    let letter = Letter {
        lang: Lang::from_code(&item.lang).unwrap_or_default(),
        ente: &tenant.data,
        case: &case,
        public_url: public_url.trim_end_matches('/'),
    };
    match kind {
        MailKind::Receipt => {
            let office = office_name(store, item.tenant_id, &case).await?;
            Ok(letter.receipt(office.as_deref()))
        }
        MailKind::Reply => letter.reply(&event(store, item, &case).await?),
        MailKind::Status => {
            let ev = match item.event_id {
                Some(_) => Some(event(store, item, &case).await?),
                None => None,
            };
            Ok(letter.status(ev.as_ref()))
        }
    }
}

/// A notification to a member of staff (routing, internal requests, mentions, digests,
/// escalations): its text and a link to the case in the staff area.
async fn staff_notification(store: &dyn Store, item: &OutboxItem, public_url: &str) -> Result<Rendered, MailError> {
    let id = item.event_id.ok_or_else(|| MailError::Render(format!("outbox row {} names no notification", item.id)))?;
    let n = store.notification(item.tenant_id, id).await?;
    let tenant = store.tenant(item.tenant_id).await?;
    let lang = Lang::from_code(&item.lang).unwrap_or_default();
    let mut body = vec![n.body.clone(), String::new()];
    if let Some(case) = n.case_id {
        body.push(format!("{}/staff/casi/{case}", public_url.trim_end_matches('/')));
    }
    body.push(format!("{}/staff/notifiche", public_url.trim_end_matches('/')));
    body.push(String::new());
    body.push(lang.t("mail-automatic"));
    let key = if n.kind == "digest" { "notification-mail-digest-subject" } else { "notification-mail-subject" };
    Ok(Rendered { subject: lang.t_args(key, &[("ente", tenant.data.name.clone())]), body: body.join("\n") + "\n" })
}

async fn office_name(store: &dyn Store, t: TenantId, case: &CaseRecord) -> Result<Option<String>, MailError> {
    let Some(office) = case.office_id else { return Ok(None) };
    match store.office(t, office).await {
        Ok(o) => Ok(Some(o.data.name)),
        // A deleted office does not stop the receipt; it is just not named.
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn event(store: &dyn Store, item: &OutboxItem, case: &CaseRecord) -> Result<CaseEventRecord, MailError> {
    let id = item.event_id.ok_or_else(|| MailError::Render(format!("outbox row {} names no event", item.id)))?;
    store
        .case_events(item.tenant_id, case.id, false)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| MailError::Render(format!("event {id} of case {} not found", case.id)))
}

/// Everything a message is written from.
struct Letter<'a> {
    lang: Lang,
    ente: &'a TenantData,
    case: &'a CaseRecord,
    public_url: &'a str,
}

impl Letter<'_> {
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    fn args(&self) -> [(&'static str, String); 2] {
        [("registry", self.case.registry.to_string()), ("ente", self.ente.name.clone())]
    }

    fn line(&self, label: &str, value: &str) -> String {
        // Citizens' text may hold line breaks; a labelled line stays one line.
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{}: {value}", self.t(label))
    }

    fn tracking_url(&self) -> String {
        format!("{}/segui/{}", self.public_url, self.case.tracking_code)
    }

    fn receipt(&self, office: Option<&str>) -> Rendered {
        let c = self.case;
        let local = c.received_at.with_timezone(&chrono_tz::Europe::Rome);
        let received = self.lang.t_args(
            "mail-received-at",
            &[("date", local.format("%d/%m/%Y").to_string()), ("time", local.format("%H:%M").to_string())],
        );
        let term_key = match c.term.unit {
            urp_domain::deadline::TermUnit::CalendarDays => "mail-term-calendar",
            urp_domain::deadline::TermUnit::WorkingDays => "mail-term-working",
        };
        let mut body = self.opening("mail-receipt-intro");
        body.push(self.line("mail-label-ente", &self.ente.name));
        body.push(self.line("mail-label-received", &received));
        body.push(self.line("mail-label-kind", &self.t(&format!("kind-{}", c.kind.code()))));
        if let Some(office) = office {
            body.push(self.line("mail-label-office", office));
        }
        body.push(self.line("mail-label-term", &self.lang.t_count(term_key, "days", i64::from(c.term.days), &[])));
        if let Some(due) = c.due_date {
            body.push(self.line("mail-label-due", &due.format("%d/%m/%Y").to_string()));
        }
        self.track(&mut body);
        body.push(self.t("mail-receipt-keep"));
        body.push(self.t("mail-receipt-legal"));
        self.finish("mail-receipt-subject", body)
    }

    /// A public reply. An internal note is never e-mailed, whatever the outbox row says.
    fn reply(&self, event: &CaseEventRecord) -> Result<Rendered, MailError> {
        if !event.public {
            return Err(MailError::Render(format!("event {} is internal: not sent to the citizen", event.id)));
        }
        let mut body = self.opening("mail-reply-intro");
        body.push(String::new());
        body.push(self.t("mail-reply-heading"));
        body.extend(event.body.as_deref().unwrap_or_default().lines().map(str::to_string));
        self.track(&mut body);
        Ok(self.finish("mail-reply-subject", body))
    }

    /// A status change: the status the change led to (not a later one), its stage, and the
    /// office's words when they are public.
    fn status(&self, event: Option<&CaseEventRecord>) -> Rendered {
        let status = event.and_then(|e| e.to_status).unwrap_or(self.case.status);
        let mut body = self.opening("mail-status-intro");
        body.push(self.line("mail-label-status", &self.t(&format!("status-{}", status.code()))));
        body.push(self.line("mail-label-stage", &self.t(&format!("stage-{}", status.public_stage().code()))));
        if let Some(due) = self.case.due_date.filter(|_| status.is_open()) {
            body.push(self.line("mail-label-due", &due.format("%d/%m/%Y").to_string()));
        }
        let note = event.filter(|e| e.public).and_then(|e| e.body.as_deref());
        if let Some(text) = note.filter(|b| !b.trim().is_empty()) {
            body.push(String::new());
            body.push(self.t("mail-status-note"));
            body.extend(text.lines().map(str::to_string));
        }
        self.track(&mut body);
        self.finish("mail-status-subject", body)
    }

    fn opening(&self, intro: &str) -> Vec<String> {
        let mut body = vec![self.t("mail-greeting"), String::new(), self.lang.t_args(intro, &self.args())];
        body.push(String::new());
        body.push(self.line("mail-label-registry", &self.case.registry.to_string()));
        body.push(self.line("mail-label-subject", &self.case.subject));
        body
    }

    fn track(&self, body: &mut Vec<String>) {
        body.push(String::new());
        body.push(self.t("mail-track"));
        body.push(self.tracking_url());
        body.push(String::new());
    }

    fn finish(&self, subject_key: &str, mut body: Vec<String>) -> Rendered {
        body.push(String::new());
        // "-- " (with the space) is the signature separator mail programs recognise.
        body.push("-- ".into());
        body.push(self.lang.t_args("mail-signature", &[("ente", self.ente.name.clone())]));
        let contacts: Vec<&str> =
            [&self.ente.email, &self.ente.pec, &self.ente.phone].into_iter().filter_map(|c| c.as_deref()).collect();
        if !contacts.is_empty() {
            body.push(self.line("mail-label-contacts", &contacts.join(" · ")));
        }
        body.push(self.t("mail-automatic"));
        // The subject is ours alone (number and ente): no citizen text reaches a header.
        Rendered { subject: self.lang.t_args(subject_key, &self.args()), body: body.join("\n") + "\n" }
    }
}

// ---------------------------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------------------------

/// How long to wait before the next try after the `attempts`-th failed one: one minute,
/// doubling, at most six hours.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    BACKOFF_FIRST.saturating_mul(1u32 << doublings).min(BACKOFF_MAX)
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// One round: claims the rows due at `now` and sends them. Returns how many were sent.
pub async fn deliver_due(store: &dyn Store, mailer: &Mailer, now: DateTime<Utc>) -> usize {
    deliver_batch(store, mailer, now, &mut || false).await.sent
}

struct Round {
    claimed: usize,
    sent: usize,
}

/// Claims and sends one batch; `stop` is asked before each message, so a shutdown waits only
/// for the message in hand. Rows left unsent stay leased and are due again when it ends.
async fn deliver_batch(
    store: &dyn Store,
    mailer: &Mailer,
    now: DateTime<Utc>,
    stop: &mut (dyn FnMut() -> bool + Send),
) -> Round {
    let lease_until = now + chrono_duration(LEASE);
    let items = match store.claim_outbox(now, lease_until, BATCH).await {
        Ok(items) => items,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the e-mail outbox");
            return Round { claimed: 0, sent: 0 };
        }
    };
    let mut round = Round { claimed: items.len(), sent: 0 };
    for (done, item) in items.iter().enumerate() {
        if stop() || Utc::now() + chrono_duration(LEASE_MARGIN) >= lease_until {
            tracing::info!(left = items.len() - done, "e-mail round interrupted: the rest is sent after the lease");
            break;
        }
        if deliver_one(store, mailer, item, now).await {
            round.sent += 1;
        }
    }
    round
}

async fn deliver_one(store: &dyn Store, mailer: &Mailer, item: &OutboxItem, now: DateTime<Utc>) -> bool {
    let result = async {
        let mail = render(store, item, mailer.public_url()).await?;
        mailer.send(&item.recipient, &mail).await
    }
    .await;
    match result {
        Ok(()) => {
            if let Err(e) = store.outbox_sent(item.id, Utc::now()).await {
                // Sent but not marked: it will go out again after the lease (at least once).
                tracing::error!(outbox_id = item.id, error = %e, "e-mail sent but not marked as sent");
            }
            tracing::info!(outbox_id = item.id, kind = %item.kind, case_id = ?item.case_id, "e-mail sent");
            true
        }
        Err(e) => {
            let wait = backoff(item.attempts);
            // From the later of the round's clock and the real one: a slow round does not
            // make the retry due at once.
            let retry_at = now.max(Utc::now()) + chrono_duration(wait);
            tracing::warn!(
                outbox_id = item.id,
                kind = %item.kind,
                attempts = item.attempts,
                retry_in_secs = wait.as_secs(),
                error = %e,
                "e-mail not sent"
            );
            if let Err(se) = store.outbox_failed(item.id, &e.to_string(), retry_at).await {
                tracing::error!(outbox_id = item.id, error = %se, "cannot record the e-mail failure");
            }
            false
        }
    }
}

/// A shutdown future that can be asked "already?" between messages without consuming it.
struct Shutdown<F> {
    signal: Pin<Box<F>>,
    done: bool,
}

impl<F: Future<Output = ()>> Shutdown<F> {
    fn requested(&mut self) -> bool {
        if !self.done {
            self.done = self.signal.as_mut().now_or_never().is_some();
        }
        self.done
    }

    /// Sleeps for `d` or until shutdown; true when shutting down.
    async fn sleep(&mut self, d: Duration) -> bool {
        if !self.done {
            tokio::select! {
                () = self.signal.as_mut() => self.done = true,
                () = tokio::time::sleep(d) => {}
            }
        }
        self.done
    }
}

/// Sends the outbox every `poll` until `shutdown` resolves. A shutdown lets the message in
/// hand finish (bounded by the SMTP time-outs) and leaves the rest of the round leased, to be
/// sent after the lease by whichever server runs next. A full round is followed at once by
/// another, so a backlog drains without waiting for the poll interval.
pub async fn run_outbox_worker(
    store: Arc<dyn Store>,
    mailer: Mailer,
    poll: Duration,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut shutdown = Shutdown { signal: Box::pin(shutdown), done: false };
    tracing::info!(poll_ms = poll.as_millis(), "e-mail outbox worker started");
    while !shutdown.requested() {
        let round = deliver_batch(&*store, &mailer, Utc::now(), &mut || shutdown.requested()).await;
        let full = i64::try_from(round.claimed).is_ok_and(|n| n >= BATCH);
        if !full && shutdown.sleep(poll).await {
            break;
        }
    }
    tracing::info!("e-mail outbox worker stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use urp_domain::case::{CaseKind, CaseStatus, Channel};
    use urp_domain::deadline::Term;
    use urp_domain::registry::RegistryNumber;
    use urp_store::{CaseId, Citizen, Location};

    fn ente() -> TenantData {
        TenantData {
            name: "Comune di Valfiorita".into(),
            email: Some("urp@comune.valfiorita.example".into()),
            phone: Some("0744 000000".into()),
            ..Default::default()
        }
    }

    fn case() -> CaseRecord {
        // 09:05 UTC on 4 December is 10:05 in Rome (winter time).
        let received_at = DateTime::parse_from_rfc3339("2026-12-04T09:05:00Z").unwrap().with_timezone(&Utc);
        CaseRecord {
            id: CaseId(7),
            registry: RegistryNumber { year: 2026, seq: 123 },
            tracking_code: "AbC-123_xyz".into(),
            kind: CaseKind::Reclamo,
            channel: Channel::Web,
            status: CaseStatus::Nuova,
            subject: "Buche in\nvia Roma".into(),
            description: "Ci sono buche pericolose.".into(),
            service: None,
            topic_id: None,
            office_id: None,
            assignee_id: None,
            citizen: Citizen { email: Some("anna@example.org".into()), ..Default::default() },
            location: Location::default(),
            term: Term::DEFAULT,
            received_at,
            received_date: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2027, 1, 4),
            closed_at: None,
            created_by: None,
            updated_at: received_at,
            intake: None,
        }
    }

    fn letter<'a>(lang: Lang, ente: &'a TenantData, case: &'a CaseRecord) -> Letter<'a> {
        Letter { lang, ente, case, public_url: "https://urp.valfiorita.example" }
    }

    fn event(public: bool, body: &str) -> CaseEventRecord {
        CaseEventRecord {
            id: 3,
            at: Utc::now(),
            actor_id: None,
            kind: "reply".into(),
            from_status: Some(CaseStatus::Nuova),
            to_status: Some(CaseStatus::PresaInCarico),
            body: Some(body.into()),
            public,
        }
    }

    #[test]
    fn italian_receipt_has_number_times_term_and_link() {
        let (e, c) = (ente(), case());
        let m = letter(Lang::It, &e, &c).receipt(Some("Ufficio Tecnico"));
        assert_eq!(m.subject, "Ricevuta della richiesta n. 2026/0000123 – Comune di Valfiorita");
        for part in [
            "Numero di protocollo: 2026/0000123",
            "Ricevuta il: 04/12/2026 alle 10:05 (ora italiana)",
            "Tipo di richiesta: Reclamo o disservizio",
            "Oggetto: Buche in via Roma",
            "Ufficio competente: Ufficio Tecnico",
            "Termine per la risposta: 30 giorni di calendario",
            "Risposta entro il: 04/01/2027",
            "https://urp.valfiorita.example/segui/AbC-123_xyz",
            "art. 18-bis",
            "urp@comune.valfiorita.example",
        ] {
            assert!(m.body.contains(part), "{part} in:\n{}", m.body);
        }
        assert!(!m.body.contains("mail-"), "no raw catalogue key:\n{}", m.body);
    }

    #[test]
    fn english_receipt_in_summer_time_without_office() {
        let e = ente();
        let mut c = case();
        c.received_at = DateTime::parse_from_rfc3339("2026-07-01T22:30:00Z").unwrap().with_timezone(&Utc);
        c.term = Term::working_days(1);
        let m = letter(Lang::En, &e, &c).receipt(None);
        assert!(m.subject.starts_with("Receipt of request no. 2026/0000123"), "{}", m.subject);
        for part in [
            "Dear citizen,",
            "Registry number: 2026/0000123",
            // 22:30 UTC in July is 00:30 of the next day in Rome.
            "Received on: 02/07/2026 at 00:30 (Italian time)",
            "Term for the answer: 1 working day",
            "Answer by: 04/01/2027",
            "https://urp.valfiorita.example/segui/AbC-123_xyz",
        ] {
            assert!(m.body.contains(part), "{part} in:\n{}", m.body);
        }
        assert!(!m.body.contains("Office in charge"));
    }

    #[test]
    fn reply_carries_the_public_text_and_refuses_internal_notes() {
        let (e, c) = (ente(), case());
        let l = letter(Lang::It, &e, &c);
        let m = l.reply(&event(true, "Le buche saranno chiuse entro lunedì.\nCordiali saluti")).unwrap();
        assert!(m.subject.starts_with("Risposta alla richiesta n. 2026/0000123"));
        assert!(m.body.contains("Risposta:\nLe buche saranno chiuse entro lunedì.\nCordiali saluti\n"), "{}", m.body);
        assert!(matches!(l.reply(&event(false, "nota interna")), Err(MailError::Render(_))));
    }

    #[test]
    fn status_change_names_the_new_status_and_stage() {
        let (e, c) = (ente(), case());
        let m = letter(Lang::It, &e, &c).status(Some(&event(true, "Pratica assegnata all'Ufficio Tecnico.")));
        assert!(m.body.contains("Stato: Presa in carico"), "{}", m.body);
        assert!(m.body.contains("Fase: Presa in carico"), "{}", m.body);
        assert!(m.body.contains("Pratica assegnata"), "{}", m.body);
        let internal = letter(Lang::It, &e, &c).status(Some(&event(false, "solo per noi")));
        assert!(!internal.body.contains("solo per noi"));
    }

    #[test]
    fn unknown_kinds_are_refused_with_a_clear_error() {
        let err = MailKind::parse("fax").unwrap_err().to_string();
        assert!(err.contains("unknown outbox kind `fax`"), "{err}");
        assert_eq!(MailKind::parse("case_receipt").unwrap(), MailKind::Receipt);
    }

    #[test]
    fn backoff_doubles_from_a_minute_up_to_six_hours() {
        assert_eq!(backoff(0), Duration::from_secs(60));
        assert_eq!(backoff(1), Duration::from_secs(60));
        assert_eq!(backoff(2), Duration::from_secs(120));
        assert_eq!(backoff(3), Duration::from_secs(240));
        assert_eq!(backoff(9), Duration::from_secs(60 * 256));
        assert_eq!(backoff(10), Duration::from_secs(6 * 3600));
        assert_eq!(backoff(i64::MAX), Duration::from_secs(6 * 3600));
    }

    #[test]
    fn settings_are_checked_and_the_password_never_printed() {
        let cfg = SmtpConfig {
            host: "smtp.example.org".into(),
            port: 587,
            security: SmtpSecurity::StartTls,
            username: Some("urp".into()),
            password: Some("s3cret".into()),
            from: "URP Comune di Valfiorita <urp@comune.valfiorita.example>".into(),
            public_url: "https://urp.valfiorita.example/".into(),
        };
        assert!(!format!("{cfg:?}").contains("s3cret"));
        let m = Mailer::new(&cfg).unwrap();
        assert_eq!(m.public_url(), "https://urp.valfiorita.example");
        assert!(Mailer::new(&SmtpConfig { from: "not an address".into(), ..cfg.clone() }).is_err());
        assert!(Mailer::new(&SmtpConfig { public_url: "urp.example".into(), ..cfg.clone() }).is_err());
        assert!(Mailer::new(&SmtpConfig { password: None, ..cfg }).is_err());
    }
}
