use crate::helpers::*;
use urp_store::CaseFilter;

fn multipart(token: &str, fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("attachments", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    }
    form
}

async fn send(c: &Client, path: &str, form: reqwest::multipart::Form) -> Page {
    let res = c.http.post(c.url(path)).header("accept-language", "it").multipart(form).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    Page { status, headers, body: res.text().await.unwrap() }
}

const FIELDS: [(&str, &str); 8] = [
    ("subject", "Buca pericolosa"),
    ("description", "In via Garibaldi c'è una buca profonda davanti al civico 8."),
    ("address", "Via Garibaldi 8"),
    ("lat", "42.351234"),
    ("lon", "12.712345"),
    ("name", "Lucia"),
    ("email", "lucia@example.org"),
    ("idem", "form-key-1"),
];

#[tokio::test]
async fn citizen_reports_a_problem_with_summary_receipt_and_tracking() {
    let app = TestApp::demo().await;
    let c = app.client();
    let list = c.get("/richieste").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("/invia/segnalazione") && list.body.contains("data-element=\"report-inefficiency\""));
    let form = c.get("/invia/segnalazione").await;
    assert_eq!(form.status, 200);
    let token = form.csrf();

    // Missing subject and privacy: the form comes back with the messages and the values.
    let bad = send(
        &c,
        "/invia/segnalazione",
        multipart(&token, &[("step", "review"), ("description", "Testo"), ("name", "Lucia")], None),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Oggetto: Campo obbligatorio."), "{}", bad.body);
    assert!(
        bad.body.contains("Devi dichiarare di aver letto l&#x27;informativa privacy")
            || bad.body.contains("informativa privacy")
    );
    assert!(bad.body.contains("value=\"Lucia\""));

    let mut fields = FIELDS.to_vec();
    fields.push(("privacy", "1"));
    let review: Vec<(&str, &str)> = fields.iter().copied().chain([("step", "review")]).collect();
    let summary = send(&c, "/invia/segnalazione", multipart(&token, &review, None)).await;
    assert_eq!(summary.status, 200, "{}", summary.body);
    assert!(summary.body.contains("Riepilogo della richiesta") && summary.body.contains("Buca pericolosa"));
    let t = app.tenant().await;
    assert_eq!(
        app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(),
        0,
        "nothing stored before confirming"
    );

    // A disguised file is refused on the summary screen; nothing is stored.
    let sending: Vec<(&str, &str)> = fields.iter().copied().chain([("step", "send")]).collect();
    let fake =
        send(&c, "/invia/segnalazione", multipart(&token, &sending, Some(("foto.png", b"MZ not an image".to_vec()))))
            .await;
    assert_eq!(fake.status, 422);
    assert_eq!(app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(), 0);

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let sent = send(&c, "/invia/segnalazione", multipart(&token, &sending, Some(("foto.png", png.clone())))).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let receipt_path = sent.location().to_string();
    assert!(receipt_path.starts_with("/ricevuta/"));
    // Double submission (same form key): the same case, not a second one.
    let again = send(&c, "/invia/segnalazione", multipart(&token, &sending, Some(("foto.png", png)))).await;
    assert_eq!(again.location(), receipt_path);
    assert_eq!(app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(), 1);

    let receipt = c.get(&receipt_path).await;
    assert_eq!(receipt.status, 200);
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(receipt.body.contains(&format!("{year}/0000001")), "registry number on the receipt");
    assert!(receipt.body.contains("Scade il "), "latest date for the answer");
    assert!(receipt.body.contains("18-bis"));
    let tracking = receipt_path.trim_start_matches("/ricevuta/");
    let track = c.get(&format!("/segui/{tracking}")).await;
    assert_eq!(track.status, 200);
    assert!(track.body.contains("Inviata"));
    assert_eq!(c.get(&format!("/segui?codice={tracking}")).await.location(), format!("/segui/{tracking}"));
    assert_eq!(c.get("/segui?codice=sbagliato").await.status, 404);
    let case = app.store.case_by_tracking(t.id, tracking).await.unwrap().unwrap();
    assert_eq!(app.store.attachments(t.id, case.id).await.unwrap().len(), 1);
    assert_eq!(case.citizen.email.as_deref(), Some("lucia@example.org"));
    assert_eq!(
        (case.location.lat, case.location.lon),
        (Some(42.351234), Some(12.712345)),
        "the point from the browser"
    );
    app.stop().await;
}

#[tokio::test]
async fn assistance_and_access_requests_need_an_identified_requester() {
    let app = TestApp::demo().await;
    let c = app.client();
    let token = c.get("/invia/foia").await.csrf();
    let r = send(
        &c,
        "/invia/foia",
        multipart(
            &token,
            &[("step", "review"), ("subject", "Dati"), ("description", "Chiedo i dati"), ("privacy", "1")],
            None,
        ),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Cognome: Campo obbligatorio."), "{}", r.body);
    let long = "x".repeat(601);
    let r = send(
        &c,
        "/invia/assistenza",
        multipart(
            &token,
            &[
                ("step", "review"),
                ("subject", "Aiuto"),
                ("description", &long),
                ("name", "A"),
                ("surname", "B"),
                ("email", "a@b.it"),
                ("privacy", "1"),
            ],
            None,
        ),
    )
    .await;
    assert_eq!(r.status, 422, "assistance details are limited to 600 characters");
    assert_eq!(c.get("/invia/sconosciuto").await.status, 404);
    app.stop().await;
}

async fn act(c: &Client, case_path: &str, fields: &[(&str, &str)]) -> Page {
    let page = c.get(case_path).await;
    let marker = "name=\"expected\" value=\"";
    let expected = page.body.find(marker).map(|i| {
        let rest = &page.body[i + marker.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    });
    let expected = expected.unwrap_or_default();
    let mut all = vec![("csrf_token", page.csrf()), ("expected", expected)];
    all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post(case_path, &refs).await
}

#[tokio::test]
async fn operators_work_a_case_through_its_lifecycle() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let op = app.client();
    assert_eq!(op.login(FRONT).await.status, 303);
    // Intake at the counter, on a citizen's behalf.
    let bad = op
        .submit(
            "/staff/casi/nuovo",
            "/staff/casi/nuovo",
            &[("kind", "reclamo"), ("channel", "telefono"), ("subject", ""), ("description", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    let created = op
        .submit(
            "/staff/casi/nuovo",
            "/staff/casi/nuovo",
            &[
                ("kind", "reclamo"),
                ("channel", "telefono"),
                ("subject", "Mensa scolastica"),
                ("description", "Il pasto è arrivato freddo."),
                ("email", "padre@example.org"),
                ("idem", "desk-1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let case_path = created.location().split('?').next().unwrap().to_string();
    let queue = op.get("/staff/casi").await;
    assert!(queue.body.contains("Mensa scolastica"));
    let case = app.store.list_cases(t.id, &CaseFilter::default(), 10, 0).await.unwrap().remove(0);
    assert_eq!(case.channel.code(), "telefono");

    assert_eq!(act(&op, &case_path, &[("event", "take_in_charge")]).await.status, 303);
    assert_eq!(act(&op, &case_path, &[("event", "note"), ("text", "Sentire la ditta della mensa")]).await.status, 303);
    let no_reason = act(&op, &case_path, &[("event", "suspend"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(
        act(&op, &case_path, &[("event", "suspend"), ("reason", "Indicare la scuola e la data")]).await.status,
        303
    );
    let suspended = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!(suspended.due_date, None, "the clock is stopped");
    assert_eq!(act(&op, &case_path, &[("event", "resume")]).await.status, 303);
    assert!(app.store.case(t.id, case.id).await.unwrap().due_date.is_some());
    // Closing a complaint without an answer is refused by the state machine.
    let early = act(&op, &case_path, &[("event", "close")]).await;
    assert_eq!(early.status, 422);
    assert_eq!(
        act(&op, &case_path, &[("event", "send_reply"), ("text", "Abbiamo segnalato il problema alla ditta.")])
            .await
            .status,
        303
    );
    assert_eq!(act(&op, &case_path, &[("event", "close")]).await.status, 303);
    let closed = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!(closed.status.code(), "chiusa");
    assert!(closed.assignee_id.is_some(), "taking in charge assigns the case");

    // Stale form: the status the operator saw is no longer the case's.
    let stale = op
        .post(
            &case_path,
            &[("csrf_token", &op.get("/staff").await.csrf()), ("expected", "nuova"), ("event", "take_in_charge")],
        )
        .await;
    assert_eq!(stale.status, 422);

    // The citizen sees the reply and the statuses, never the internal note.
    let track = app.client().get(&format!("/segui/{}", closed.tracking_code)).await;
    assert!(track.body.contains("Abbiamo segnalato il problema alla ditta."));
    assert!(track.body.contains("Indicare la scuola e la data"), "the suspension reason tells what to add");
    assert!(!track.body.contains("Sentire la ditta della mensa"));
    let page = op.get(&case_path).await;
    assert!(page.body.contains("Sentire la ditta della mensa"), "staff see internal notes");
    assert!(page.body.contains("perché"), "the deadline explains itself");
    app.stop().await;
}

#[tokio::test]
async fn referents_see_only_their_offices_cases() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let tributi = app.store.office_by_name(t.id, "Ufficio Tributi").await.unwrap().unwrap();
    let op = app.client();
    op.login(FRONT).await;
    let office = tributi.id.0.to_string();
    let mine = op
        .submit(
            "/staff/casi/nuovo",
            "/staff/casi/nuovo",
            &[
                ("kind", "informazione"),
                ("channel", "sportello"),
                ("office_id", &office),
                ("subject", "Rata IMU"),
                ("description", "Scadenza della rata"),
            ],
        )
        .await;
    let other = op
        .submit(
            "/staff/casi/nuovo",
            "/staff/casi/nuovo",
            &[
                ("kind", "informazione"),
                ("channel", "sportello"),
                ("subject", "Carta d'identità"),
                ("description", "Orari"),
            ],
        )
        .await;
    let mine_path = mine.location().split('?').next().unwrap().to_string();
    let other_path = other.location().split('?').next().unwrap().to_string();
    let r = app.client();
    r.login(REFERENT).await;
    let queue = r.get("/staff/casi").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Rata IMU"));
    assert!(!queue.body.contains("Carta d&#x27;identità") && !queue.body.contains("Carta d'identità"));
    assert_eq!(r.get(&mine_path).await.status, 200);
    assert_eq!(r.get(&other_path).await.status, 403);
    assert_eq!(r.get("/staff/casi/nuovo").await.status, 403);
    let back = app.client();
    back.login(BACK).await;
    assert_eq!(back.get("/staff/casi").await.status, 403);
    assert_eq!(app.client().get(&mine_path).await.status, 303, "anonymous visitors are sent to sign in");
    app.stop().await;
}

#[tokio::test]
async fn daily_register_lists_the_numbers_of_the_day_and_exports_csv() {
    let app = TestApp::demo().await;
    let op = app.client();
    op.login(FRONT).await;
    for subject in ["Primo oggetto", "=Secondo oggetto"] {
        let r = op
            .submit(
                "/staff/casi/nuovo",
                "/staff/casi/nuovo",
                &[
                    ("kind", "informazione"),
                    ("channel", "posta"),
                    ("subject", subject),
                    ("description", "x"),
                    ("name", "Ada"),
                    ("surname", "Neri"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    let year = chrono::Utc::now().format("%Y").to_string();
    let page = op.get("/staff/registro-protocollo").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("{year}/0000001")) && page.body.contains(&format!("{year}/0000002")));
    assert!(page.body.contains("Ada Neri"));
    let today = urp_web::intake::local_date(chrono::Utc::now()).format("%Y-%m-%d").to_string();
    let csv = op.get(&format!("/staff/registro-protocollo?giorno={today}&formato=csv")).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.body.lines().count(), 3, "{}", csv.body);
    assert!(csv.body.contains("\"'=Secondo oggetto\""), "formulas are neutralised");
    let r = app.client();
    r.login(REFERENT).await;
    assert_eq!(r.get("/staff/registro-protocollo").await.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn the_entes_terms_and_closing_days_drive_new_deadlines() {
    use urp_domain::calendar::Calendar;
    use urp_domain::deadline::{Term, compute_deadline};
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let m = app.client();
    assert_eq!(m.login(MANAGER).await.status, 303);
    let mut form: Vec<(String, String)> = Vec::new();
    for k in urp_domain::case::CaseKind::ALL {
        let days = if k.code() == "reclamo" { "10" } else { "30" };
        form.push((format!("days_{}", k.code()), days.into()));
        if k.code() == "reclamo" {
            form.push(("working_reclamo".into(), "1".into()));
        }
    }
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(m.submit("/staff/admin/termini", "/staff/admin/termini/termini", &fields).await.status, 303);
    assert_eq!(
        app.store.kind_terms(t.id).await.unwrap(),
        vec![(urp_domain::case::CaseKind::Reclamo, Term::working_days(10))]
    );
    let bad = m.submit("/staff/admin/termini", "/staff/admin/termini/termini", &[("days_reclamo", "0")]).await;
    assert_eq!(bad.status, 422);

    let api = |subject: &'static str| {
        let c = app.client();
        async move {
            let body = serde_json::json!({"kind": "reclamo", "channel": "web", "subject": subject, "description": "x"});
            let v: serde_json::Value =
                c.http.post(c.url("/api/v1/cases")).json(&body).send().await.unwrap().json().await.unwrap();
            chrono::NaiveDate::parse_from_str(v["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap()
        }
    };
    let today = urp_web::intake::local_date(chrono::Utc::now());
    let cal = Calendar::new(t.data.patron_day).unwrap();
    let due1 = api("Primo").await;
    assert_eq!(Some(due1), compute_deadline(today, Term::working_days(10), &[], &cal).due());

    let day = due1.format("%Y-%m-%d").to_string();
    let added = m
        .submit(
            "/staff/admin/termini",
            "/staff/admin/termini/chiusure",
            &[("day", &day), ("reason", "Chiusura straordinaria")],
        )
        .await;
    assert_eq!(added.status, 303);
    let due2 = api("Secondo").await;
    assert!(due2 > due1, "a closing day on the last day moves the deadline: {due1} -> {due2}");
    assert_eq!(
        Some(due2),
        compute_deadline(today, Term::working_days(10), &[], &cal.clone().with_closures([due1])).due()
    );
    let page = m.get("/staff/admin/termini").await;
    assert!(page.body.contains("Chiusura straordinaria"));

    let r = app.client();
    r.login(REFERENT).await;
    assert_eq!(r.get("/staff/admin/termini").await.status, 403);
    let f = app.client();
    f.login(FRONT).await;
    assert_eq!(f.get("/staff/posta").await.status, 200);
    app.stop().await;
}

#[tokio::test]
async fn replies_carry_documents_the_citizen_can_download() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let op = app.client();
    op.login(FRONT).await;
    let created = op
        .submit(
            "/staff/casi/nuovo",
            "/staff/casi/nuovo",
            &[
                ("kind", "accesso_documentale"),
                ("channel", "pec"),
                ("subject", "Copia delibera"),
                ("description", "Chiedo copia della delibera 12/2026"),
                ("name", "Carla"),
                ("surname", "Bruni"),
                ("email", "carla@example.org"),
            ],
        )
        .await;
    let case_path = created.location().split('?').next().unwrap().to_string();
    let case = app.store.list_cases(t.id, &CaseFilter::default(), 1, 0).await.unwrap().remove(0);
    let token = op.get(&case_path).await.csrf();
    let reply = |file: (&'static str, Vec<u8>)| {
        reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .text("expected", "nuova")
            .text("text", "In allegato la copia richiesta.")
            .part("attachments", reqwest::multipart::Part::bytes(file.1).file_name(file.0))
    };
    let bad = op
        .http
        .post(op.url(&format!("{case_path}/risposta")))
        .multipart(reply(("delibera.pdf", b"not a pdf".to_vec())))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(app.store.case(t.id, case.id).await.unwrap().status.code(), "nuova", "nothing applied");
    // A reply straight from "nuova" is not allowed by the state machine: take it in charge first.
    let early = op
        .http
        .post(op.url(&format!("{case_path}/risposta")))
        .multipart(reply(("delibera.pdf", b"%PDF-1.7 ...".to_vec())))
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 422);
    assert_eq!(act(&op, &case_path, &[("event", "take_in_charge")]).await.status, 303);
    let token = op.get(&case_path).await.csrf();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("expected", "presa_in_carico")
        .text("text", "In allegato la copia richiesta.")
        .part("attachments", reqwest::multipart::Part::bytes(b"%PDF-1.7 copia".to_vec()).file_name("delibera 12.pdf"));
    let ok = op.http.post(op.url(&format!("{case_path}/risposta"))).multipart(form).send().await.unwrap();
    assert_eq!(ok.status(), 303);
    let after = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!(after.status.code(), "risposta_inviata");
    let files = app.store.attachments(t.id, case.id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].content_type, "application/pdf");

    let citizen = app.client();
    let track = citizen.get(&format!("/segui/{}", after.tracking_code)).await;
    assert!(track.body.contains("delibera 12.pdf"));
    let link = format!("/segui/{}/allegati/{}", after.tracking_code, files[0].id);
    let dl = citizen.http.get(citizen.url(&link)).send().await.unwrap();
    assert_eq!(dl.status(), 200);
    assert_eq!(dl.headers()["content-type"], "application/pdf");
    assert_eq!(dl.bytes().await.unwrap().to_vec(), b"%PDF-1.7 copia".to_vec());
    assert_eq!(citizen.get(&format!("/segui/altro-codice/allegati/{}", files[0].id)).await.status, 404);
    app.stop().await;
}
