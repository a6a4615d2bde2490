//! E-mail to citizens through a real SMTP session: each test starts Python's aiosmtpd as a
//! sink writing a maildir, and reads what arrived with Python's own MIME parser. Missing
//! python3 or aiosmtpd fails the test (it is part of the suite, not optional):
//! `python3 -m pip install aiosmtpd`.

use crate::helpers::*;
use chrono::{Duration as Span, Utc};
use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use urp_domain::case::CaseStatus;
use urp_store::{CaseChange, CaseRecord, NewOutbox};
use urp_web::i18n::Lang;
use urp_web::mail::{self, Mailer, SmtpConfig, SmtpSecurity};

const PUBLIC_URL: &str = "https://urp.valfiorita.example";
const INSTALL: &str = "install it with: python3 -m pip install aiosmtpd";

/// An aiosmtpd process accepting every message into a maildir; killed when dropped.
struct Sink {
    port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

impl Sink {
    /// A sink on a free port.
    fn new() -> Sink {
        Sink::start(free_port())
    }

    fn start(port: u16) -> Sink {
        let dir = tempfile::tempdir().expect("temporary directory");
        let log = std::fs::File::create(dir.path().join("sink.log")).expect("sink log");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("the e-mail tests need python3 with aiosmtpd ({e}); {INSTALL}"));
        let mut sink = Sink { port, child, dir };
        sink.wait_ready(port);
        sink
    }

    fn wait_ready(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(self.dir.path().join("sink.log")).unwrap_or_default();
                panic!("the SMTP sink (aiosmtpd) exited with {status}; {INSTALL}\n{log}");
            }
            assert!(Instant::now() < deadline, "the SMTP sink did not accept connections on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = ["new", "cur"]
            .iter()
            .flat_map(|d| std::fs::read_dir(self.dir.path().join("maildir").join(d)).into_iter().flatten())
            .map(|e| e.expect("maildir entry").path())
            .collect();
        files.sort();
        files
    }

    /// Every message received, decoded: envelope recipient, To, Subject and the text body.
    fn messages(&self) -> Vec<Received> {
        self.files().iter().map(|f| Received::parse(f)).collect()
    }

    /// Waits until `n` messages have arrived (the worker runs in the background).
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.files().len() < n {
            assert!(Instant::now() < deadline, "only {} of {n} messages arrived", self.files().len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Received {
    rcpt: String,
    to: String,
    subject: String,
    body: String,
}

impl Received {
    fn parse(file: &Path) -> Received {
        const DECODE: &str = "import email, email.policy, json, sys\n\
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
            print(json.dumps({'rcpt': m['X-RcptTo'], 'to': str(m['To']), 'subject': str(m['Subject']), \
            'body': m.get_content()}))";
        let out = Command::new("python3").args(["-c", DECODE]).arg(file).output().expect("python3");
        assert!(out.status.success(), "cannot decode {}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON from the decoder");
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        Received {
            rcpt: text("rcpt"),
            to: text("to"),
            subject: text("subject"),
            body: text("body").replace("\r\n", "\n"),
        }
    }
}

/// A port nobody listens on (it was free a moment ago).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn mailer(port: u16) -> Mailer {
    Mailer::new(&SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "URP Comune di Valfiorita <urp@comune.valfiorita.example>".into(),
        public_url: PUBLIC_URL.into(),
    })
    .expect("mailer")
}

/// Submits a case through the API as a citizen would; returns the API's answer.
async fn submit(app: &TestApp, lang: &str, office_id: Option<i64>) -> Value {
    let c = app.client();
    let body = json!({
        "kind": "reclamo",
        "channel": "web",
        "subject": "Buche in via Roma",
        "description": "Ci sono buche pericolose davanti al civico 12.",
        "office_id": office_id,
        "citizen": {"name": "Anna", "email": "anna@example.org"}
    });
    let res = c.http.post(c.url("/api/v1/cases")).header("accept-language", lang).json(&body).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    res.json().await.unwrap()
}

async fn case_of(app: &TestApp, created: &Value) -> CaseRecord {
    let t = app.tenant().await;
    app.store.case_by_tracking(t.id, created["tracking_code"].as_str().unwrap()).await.unwrap().unwrap()
}

/// "2027-01-04" → "04/01/2027".
fn italian_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap().format("%d/%m/%Y").to_string()
}

/// Whether any row is still waiting to be sent, whenever it is due.
async fn pending(app: &TestApp) -> usize {
    let far = Utc::now() + Span::days(365);
    app.store.claim_outbox(far, far, 100).await.unwrap().len()
}

#[tokio::test]
async fn receipt_reaches_the_citizen_and_the_row_is_marked_sent() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let office = app.store.list_offices(t.id).await.unwrap().remove(0);
    let created = submit(&app, "it", Some(office.id.0)).await;
    let sink = Sink::new();
    let port = sink.port;

    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), Utc::now()).await, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1, "exactly one message: {got:?}");
    let m = &got[0];
    assert_eq!(m.rcpt, "anna@example.org");
    assert_eq!(m.to, "anna@example.org");
    let registry = created["registry_number"].as_str().unwrap();
    assert_eq!(m.subject, format!("Ricevuta della richiesta n. {registry} – {}", t.data.name));
    let tracking = format!("{PUBLIC_URL}/segui/{}", created["tracking_code"].as_str().unwrap());
    for part in [
        format!("Numero di protocollo: {registry}"),
        format!("Risposta entro il: {}", italian_date(created["due_date"].as_str().unwrap())),
        format!("Ufficio competente: {}", office.data.name),
        "Tipo di richiesta: Reclamo o disservizio".to_string(),
        "Termine per la risposta: 30 giorni di calendario".to_string(),
        tracking,
    ] {
        assert!(m.body.contains(&part), "{part} in:\n{}", m.body);
    }

    // Sent means sent: nothing left to claim, nothing shown as failed, nothing sent twice.
    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), Utc::now() + Span::hours(1)).await, 0);
    assert_eq!(pending(&app).await, 0);
    assert!(app.store.outbox_failures(t.id).await.unwrap().is_empty());
    assert_eq!(sink.messages().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn with_the_sink_down_the_error_is_kept_and_the_message_sent_later() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let created = submit(&app, "en", None).await;
    let port = free_port();
    let now = Utc::now();

    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), now).await, 0);
    let failures = app.store.outbox_failures(t.id).await.unwrap();
    assert_eq!(failures.len(), 1, "staff see the failure");
    assert_eq!(failures[0].attempts, 1);
    assert!(failures[0].last_error.as_deref().is_some_and(|e| e.contains("SMTP")), "{:?}", failures[0].last_error);

    // Not before the backoff (one minute after the first failure).
    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), now + Span::seconds(30)).await, 0);
    assert_eq!(app.store.outbox_failures(t.id).await.unwrap()[0].attempts, 1, "not tried again yet");

    let sink = Sink::start(port);
    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), now + Span::seconds(61)).await, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt, "anna@example.org");
    // Submitted in English: the receipt is in English.
    let registry = created["registry_number"].as_str().unwrap();
    assert!(got[0].subject.starts_with(&format!("Receipt of request no. {registry}")), "{}", got[0].subject);
    assert!(got[0].body.contains(&format!("Registry number: {registry}")), "{}", got[0].body);
    assert!(got[0].body.contains(&format!("{PUBLIC_URL}/segui/{}", created["tracking_code"].as_str().unwrap())));
    assert!(app.store.outbox_failures(t.id).await.unwrap().is_empty(), "the error is cleared once sent");
    assert_eq!(pending(&app).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn worker_sends_receipt_status_and_reply_then_stops_on_shutdown() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let sink = Sink::new();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(mail::run_outbox_worker(
        app.store.clone(),
        mailer(sink.port),
        Duration::from_millis(50),
        async move {
            let _ = stopped.await;
        },
    ));

    let created = submit(&app, "it", None).await;
    sink.wait_for(1).await;
    let case = case_of(&app, &created).await;
    let outbox =
        |kind: &str| vec![NewOutbox { kind: kind.into(), recipient: "anna@example.org".into(), lang: "it".into() }];
    let change = |from, to, kind: &str, body: &str, public, mail: &str| CaseChange {
        case_id: case.id,
        expected_status: from,
        new_status: to,
        actor_id: None,
        at: Utc::now(),
        event_kind: kind.into(),
        body: Some(body.into()),
        public,
        due_date: case.due_date,
        open_suspension: None,
        close_suspension: None,
        closed: false,
        assign_to: None,
        attachments: vec![],
        outbox: outbox(mail),
    };
    let taken = change(
        CaseStatus::Nuova,
        CaseStatus::PresaInCarico,
        "transition",
        "Assegnata all'ufficio.",
        true,
        "case_status",
    );
    app.store.change_case(t.id, &taken).await.unwrap();
    sink.wait_for(2).await;
    let reply = "Le buche saranno chiuse entro lunedì.\nCordiali saluti";
    let answered = change(CaseStatus::PresaInCarico, CaseStatus::RispostaInviata, "reply", reply, true, "case_reply");
    app.store.change_case(t.id, &answered).await.unwrap();
    let got = sink.wait_for(3).await;

    let registry = case.registry.to_string();
    let find = |prefix: &str| {
        got.iter().find(|m| m.subject.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {got:?}"))
    };
    assert!(find("Ricevuta della richiesta").body.contains(&registry));
    let status = find("Aggiornamento della richiesta");
    assert!(status.body.contains(&format!("Stato: {}", Lang::It.t("status-presa_in_carico"))), "{}", status.body);
    assert!(status.body.contains("Assegnata all'ufficio."), "{}", status.body);
    let answer = find("Risposta alla richiesta");
    assert!(answer.body.contains(reply), "{}", answer.body);
    assert!(
        got.iter().all(|m| m.rcpt == "anna@example.org" && m.body.contains(&format!("/segui/{}", case.tracking_code)))
    );

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), worker).await.expect("the worker stops promptly").unwrap();
    assert_eq!(pending(&app).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_kind_or_an_internal_note_is_failed_not_sent() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let created = submit(&app, "it", None).await;
    let case = case_of(&app, &created).await;
    let sink = Sink::new();
    let port = sink.port;
    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), Utc::now()).await, 1, "the receipt");

    // An internal note that (by mistake) asks for a reply e-mail, and a kind nobody knows.
    let mut note = CaseChange {
        case_id: case.id,
        expected_status: CaseStatus::Nuova,
        new_status: CaseStatus::Nuova,
        actor_id: None,
        at: Utc::now(),
        event_kind: "note".into(),
        body: Some("Nota interna: il cittadino ha già scritto tre volte.".into()),
        public: false,
        due_date: case.due_date,
        open_suspension: None,
        close_suspension: None,
        closed: false,
        assign_to: None,
        attachments: vec![],
        outbox: vec![NewOutbox { kind: "case_reply".into(), recipient: "anna@example.org".into(), lang: "it".into() }],
    };
    app.store.change_case(t.id, &note).await.unwrap();
    note.outbox[0].kind = "fax".into();
    app.store.change_case(t.id, &note).await.unwrap();

    assert_eq!(mail::deliver_due(&*app.store, &mailer(port), Utc::now()).await, 0);
    let failures = app.store.outbox_failures(t.id).await.unwrap();
    let errors: Vec<&str> = failures.iter().filter_map(|f| f.last_error.as_deref()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("internal")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("unknown outbox kind `fax`")), "{errors:?}");
    assert_eq!(sink.messages().len(), 1, "nothing but the receipt went out");
    app.stop().await;
}
