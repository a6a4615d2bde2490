//! The knowledge base over HTTP: the AgID "Servizio" page and its JSON-LD, the editorial
//! workflow and who may do what, versions, the rating component, review reminders, and the
//! import/export commands.

use crate::helpers::{BACK, FRONT, MANAGER, REFERENT, TestApp};
use chrono::{Duration, Utc};
use std::io::Write as _;
use std::process::{Command, Stdio};
use urp_domain::kb::SheetState;
use urp_store::test_support::TestDb;
use urp_store::{MAIL_REVIEW, SheetFilter};

/// The first link to a published sheet on the services page.
async fn first_service(app: &TestApp) -> String {
    let list = app.client().get("/servizi").await;
    assert_eq!(list.status, 200);
    let marker = "href=\"/servizi/";
    let start = list.body.find(marker).expect("a published sheet is listed") + "href=\"".len();
    let end = list.body[start..].find('"').unwrap();
    list.body[start..start + end].to_string()
}

async fn sheet_url_of(app: &TestApp, ext: &str) -> (i64, String) {
    let t = app.tenant().await;
    let s = app.store.sheet_by_external_id(t.id, ext).await.unwrap().expect("demo sheet");
    (s.id, urp_web::kb::sheet_url(s.id, &s.content.title))
}

#[tokio::test]
async fn the_sheet_page_has_the_agid_structure_and_valid_json_ld() {
    let app = TestApp::demo().await;
    let (_, url) = sheet_url_of(&app, "vf-cie").await;
    assert!(first_service(&app).await.starts_with("/servizi/"));
    let page = app.client().get(&url).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let b = &page.body;
    for el in [
        "breadcrumb",
        "service-title",
        "service-status",
        "service-description",
        "service-addressed",
        "service-how-to",
        "service-needed",
        "service-achieved",
        "service-calendar-text",
        "service-calendar-list",
        "service-generic-access",
        "service-online-access",
        "service-file",
        "service-area",
        "service-topic",
        "page-index",
        "feedback",
        "feedback-title",
        "feedback-rating-positive",
        "feedback-rating-negative",
        "feedback-rating-question",
        "feedback-rating-answer",
        "feedback-input-text",
    ] {
        assert!(b.contains(&format!("data-element=\"{el}\"")), "missing data-element {el}");
    }
    for n in 1..=5 {
        assert!(b.contains(&format!("data-element=\"feedback-rate-{n}\"")));
        assert!(b.contains(&format!("Valuta {n} stelle su 5")));
    }
    for text in urp_domain::kb::rating::POSITIVE.iter().chain(urp_domain::kb::rating::NEGATIVE.iter()) {
        assert!(b.contains(&askama_escape(text)), "answer {text}");
    }
    for text in [
        "Quanto sono chiare le informazioni su questa pagina?",
        "Valuta da 1 a 5 stelle la pagina",
        "Quali sono stati gli aspetti che hai preferito?",
        "Dove hai incontrato le maggiori difficoltà?",
        "Vuoi aggiungere altri dettagli?",
        "Inserire massimo 200 caratteri",
    ] {
        assert!(b.contains(&askama_escape(text)), "text {text}");
    }
    // The page index lists the model's sections in the model's order.
    let index_start = b.find("data-element=\"page-index\"").unwrap();
    let index = &b[index_start..index_start + b[index_start..].find("</ul>").unwrap()];
    let mut last = 0;
    for item in [
        "A chi è rivolto",
        "Come fare",
        "Cosa serve",
        "Cosa si ottiene",
        "Tempi e scadenze",
        "Accedi al servizio",
        "Condizioni di servizio",
        "Contatti",
    ] {
        let at = index.find(&askama_escape(item)).unwrap_or_else(|| panic!("index lacks {item}"));
        assert!(at > last, "{item} out of order");
        last = at;
    }
    // Internal notes never reach citizens.
    assert!(!b.contains("usare il passaporto in attesa"), "internal note leaked");

    // JSON-LD: parses, is a GovernmentService, and carries every property the validator requires.
    let marker = "<script type=\"application/ld+json\" data-element=\"metatag\">";
    let start = b.find(marker).expect("JSON-LD in the page") + marker.len();
    let end = b[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&b[start..start + end]).expect("valid JSON");
    assert_eq!(ld["@type"], "GovernmentService");
    assert_eq!(ld["name"], "Carta d'identità elettronica");
    for path in [
        "/name",
        "/serviceType",
        "/serviceOperator/name",
        "/areaServed/name",
        "/audience/audienceType",
        "/availableChannel/serviceUrl",
        "/availableChannel/serviceLocation/name",
        "/availableChannel/serviceLocation/address/streetAddress",
        "/availableChannel/serviceLocation/address/postalCode",
        "/availableChannel/serviceLocation/address/addressLocality",
    ] {
        let v = ld.pointer(path).and_then(|v| v.as_str()).unwrap_or_default();
        assert!(!v.trim().is_empty(), "{path} empty in {ld}");
    }
    assert_eq!(ld["serviceOperator"]["name"], "Comune di Valfiorita");
    app.stop().await;
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The fields of a complete sheet owned by `office`.
fn full_sheet(office: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Rimborso TARI pagata in eccesso".into()),
        ("category", "tributi-finanze-contravvenzioni".into()),
        ("service_active", "1".into()),
        ("summary", "Chiedere il rimborso della tassa rifiuti pagata due volte.".into()),
        ("audience", "A chi ha pagato più del dovuto.".into()),
        ("how_to", "Presenta la domanda all'Ufficio Tributi.".into()),
        ("needed", "Le ricevute dei pagamenti.".into()),
        ("obtained", "Il rimborso sul conto corrente.".into()),
        ("deadlines", "Entro 180 giorni dalla domanda.".into()),
        ("office_id", office.into()),
        ("keywords", "rimborso, TARI".into()),
        ("notes", "Nota interna per lo sportello".into()),
    ]
}

async fn step(id: i64, c: &crate::helpers::Client, to: &str) -> crate::helpers::Page {
    // Any staff page with a form gives the session's CSRF token (a reader's sheet page has none).
    c.submit("/staff/password", &format!("/staff/kb/{id}/stato"), &[("to", to)]).await
}

fn form<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn editors_write_the_owner_office_approves_and_citizens_see_only_published_sheets() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let tributi = app.store.office_by_name(t.id, "Ufficio Tributi").await.unwrap().unwrap().id.0.to_string();
    let back = app.client();
    back.login(BACK).await;
    let created = back.submit("/staff/kb/nuova", "/staff/kb/nuova", &form(&full_sheet(&tributi))).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id: i64 = created.location().trim_start_matches("/staff/kb/").split('?').next().unwrap().parse().unwrap();
    let sheet = app.store.sheet(t.id, id).await.unwrap();
    assert_eq!(sheet.state, SheetState::Bozza);
    let public = urp_web::kb::sheet_url(id, &sheet.content.title);
    assert_eq!(app.client().get(&public).await.status, 404, "a draft is not public");

    assert_eq!(step(id, &back, "in_revisione").await.status, 303);
    // The editor cannot approve: publication is the owner office's.
    assert_eq!(step(id, &back, "pubblicata").await.status, 403);
    assert_eq!(app.store.sheet(t.id, id).await.unwrap().state, SheetState::InRevisione);
    // The front office reads everything (internal notes included) but writes nothing.
    let front = app.client();
    front.login(FRONT).await;
    let read = front.get(&format!("/staff/kb/{id}")).await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains("Nota interna per lo sportello"));
    assert_eq!(front.get("/staff/kb/nuova").await.status, 403);
    assert_eq!(front.get(&format!("/staff/kb/{id}/modifica")).await.status, 403);
    assert_eq!(step(id, &front, "pubblicata").await.status, 403);
    // The Tributi referent approves.
    let referent = app.client();
    referent.login(REFERENT).await;
    assert_eq!(step(id, &referent, "pubblicata").await.status, 303);
    assert_eq!(app.store.sheet(t.id, id).await.unwrap().state, SheetState::Pubblicata);
    let page = app.client().get(&public).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Nota interna per lo sportello"), "internal notes are never published");
    // …but not a sheet of another office.
    let (other, _) = sheet_url_of(&app, "vf-cie").await;
    let to_draft = step(other, &referent, "bozza").await;
    assert_eq!(to_draft.status, 403);
    // The manager approves any office's sheets.
    let manager = app.client();
    manager.login(MANAGER).await;
    assert_eq!(step(id, &manager, "archiviata").await.status, 303);
    assert_eq!(app.client().get(&public).await.status, 404, "archived sheets leave the portal");
    let versions = app.store.sheet_versions(t.id, id).await.unwrap();
    assert_eq!(versions.len(), 4, "created, in review, published, archived");
    app.stop().await;
}

#[tokio::test]
async fn publication_requires_the_mandatory_sections_with_a_message_per_field() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let back = app.client();
    back.login(BACK).await;
    // A draft may be incomplete.
    let created = back
        .submit("/staff/kb/nuova", "/staff/kb/nuova", &[("title", "Bozza incompleta"), ("service_active", "1")])
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id: i64 = created.location().trim_start_matches("/staff/kb/").split('?').next().unwrap().parse().unwrap();
    let refused = step(id, &back, "in_revisione").await;
    assert_eq!(refused.status, 422);
    for field in ["summary", "audience", "how_to", "needed", "obtained", "deadlines", "office_id"] {
        assert!(refused.body.contains(&format!("id=\"e-{field}\"")), "no message next to {field}");
    }
    assert!(refused.body.contains("Per pubblicare la scheda"));
    assert_eq!(app.store.sheet(t.id, id).await.unwrap().state, SheetState::Bozza);
    // Bad values are refused next to their fields and the input is kept.
    let bad = back
        .submit(
            &format!("/staff/kb/{id}/modifica"),
            &format!("/staff/kb/{id}/modifica"),
            &[
                ("title", "Bozza incompleta"),
                ("service_active", "1"),
                ("online_url", "non un link"),
                ("review_by", "31/02/2026"),
                ("max_response_days", "-4"),
                ("audience", "Testo da tenere"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    for field in ["online_url", "review_by", "max_response_days"] {
        assert!(bad.body.contains(&format!("id=\"e-{field}\"")), "no message next to {field}");
    }
    assert!(bad.body.contains("Testo da tenere"));
    assert_eq!(app.store.sheet(t.id, id).await.unwrap().version, 1, "nothing saved");
    app.stop().await;
}

#[tokio::test]
async fn every_save_is_a_version_with_a_readable_diff_and_restore() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let (id, _) = sheet_url_of(&app, "vf-biblioteca").await;
    let before = app.store.sheet(t.id, id).await.unwrap();
    let back = app.client();
    back.login(BACK).await;
    let edit = back.get(&format!("/staff/kb/{id}/modifica")).await;
    assert_eq!(edit.status, 200);
    let mut fields: Vec<(&'static str, String)> = vec![
        ("title", before.content.title.clone()),
        ("category", before.content.category.clone().unwrap_or_default()),
        ("service_active", "1".into()),
        ("summary", before.content.summary.clone()),
        ("audience", before.content.audience.clone()),
        ("how_to", before.content.how_to.clone()),
        ("needed", before.content.needed.clone()),
        ("obtained", before.content.obtained.clone()),
        ("deadlines", before.content.deadlines.clone()),
        ("costs", "Il prestito costa 1 euro.".into()),
        ("contacts", before.content.contacts.clone()),
        ("office_id", before.content.office_id.unwrap().0.to_string()),
        ("version", before.version.to_string()),
    ];
    for tp in &before.content.topic_ids {
        fields.push(("topic_ids", tp.to_string()));
    }
    fields.push(("keywords", before.content.keywords.join(", ")));
    let saved =
        back.submit(&format!("/staff/kb/{id}/modifica"), &format!("/staff/kb/{id}/modifica"), &form(&fields)).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after = app.store.sheet(t.id, id).await.unwrap();
    assert_eq!(after.version, before.version + 1);
    // The same form again (with the new version) changes nothing.
    let v = after.version.to_string();
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", v));
    let again =
        back.submit(&format!("/staff/kb/{id}/modifica"), &format!("/staff/kb/{id}/modifica"), &form(&fields)).await;
    assert!(again.location().contains("ok=kb-unchanged"), "{}", again.location());
    assert_eq!(app.store.sheet(t.id, id).await.unwrap().version, after.version);
    // A stale form is refused, not merged.
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", before.version.to_string()));
    let stale =
        back.submit(&format!("/staff/kb/{id}/modifica"), &format!("/staff/kb/{id}/modifica"), &form(&fields)).await;
    assert_eq!(stale.status, 422);

    let history = back.get(&format!("/staff/kb/{id}/versioni")).await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("<ins class=\"urp-ins\">"), "{}", history.body);
    assert!(history.body.contains("+ Il prestito costa 1 euro."));
    assert!(history.body.contains("- L&#39;iscrizione e il prestito sono gratuiti."), "{}", history.body);
    let restore = back
        .submit(
            &format!("/staff/kb/{id}/versioni"),
            &format!("/staff/kb/{id}/versioni/{}/ripristina", before.version),
            &[],
        )
        .await;
    assert_eq!(restore.status, 303);
    let restored = app.store.sheet(t.id, id).await.unwrap();
    assert_eq!(restored.version, after.version + 1, "a restore is a new version");
    assert_eq!(restored.content.costs, before.content.costs);
    // The front office cannot restore.
    let front = app.client();
    front.login(FRONT).await;
    let refused = front.submit("/staff/password", &format!("/staff/kb/{id}/versioni/1/ripristina"), &[]).await;
    assert_eq!(refused.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn ratings_are_stored_with_and_without_htmx_and_checked() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let (id, url) = sheet_url_of(&app, "vf-tari").await;
    let c = app.client();
    let plain = c
        .submit(&url, &format!("{url}/valutazione"), &[("stars", "5"), ("answer_pos", "1"), ("details", "Chiara")])
        .await;
    assert_eq!(plain.status, 303);
    assert_eq!(plain.location(), format!("{url}?valutazione=grazie#feedback"));
    let thanks = c.get(&format!("{url}?valutazione=grazie")).await;
    assert!(thanks.body.contains("Grazie, il tuo parere ci aiuterà a migliorare il servizio!"));
    // htmx: only the component comes back.
    let token = c.get(&url).await.csrf();
    let res = c
        .http
        .post(c.url(&format!("{url}/valutazione")))
        .header("hx-request", "true")
        .form(&[("csrf_token", token.as_str()), ("stars", "2"), ("answer_neg", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(body.contains("data-element=\"feedback\"") && body.contains("Grazie"));
    assert!(!body.contains("<html"), "a fragment, not a page");
    // Bad ratings are refused and not stored.
    for bad in [vec![("stars", "9")], vec![("stars", "4"), ("answer_pos", "7")]] {
        let r = c.submit(&url, &format!("{url}/valutazione"), &bad).await;
        assert_eq!(r.status, 422, "{bad:?}");
    }
    let long = "x".repeat(201);
    let r = c.submit(&url, &format!("{url}/valutazione"), &[("stars", "3"), ("details", long.as_str())]).await;
    assert_eq!(r.status, 422);
    let stored = app.store.sheet_ratings(t.id, id).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].stars, 2);
    assert_eq!(stored[0].answer.as_deref(), Some("Ho avuto problemi tecnici"));
    assert_eq!(stored[1].answer.as_deref(), Some("Le indicazioni erano complete"));
    assert_eq!(stored[1].details.as_deref(), Some("Chiara"));
    // Staff see them.
    let m = app.client();
    m.login(MANAGER).await;
    let report = m.get("/staff/kb/valutazioni").await;
    assert!(report.body.contains("TARI") && report.body.contains("3.5"), "{}", report.body);
    app.stop().await;
}

#[tokio::test]
async fn review_reminders_reach_the_owner_office_once_by_the_injected_clock() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let store = &*app.store;
    let now = Utc::now();
    // The demo has TARI and residence overdue, CIE due in 180 days.
    let first = urp_web::kb::reminders::queue_due(store, now).await.unwrap();
    assert_eq!(first, 2);
    assert_eq!(urp_web::kb::reminders::queue_due(store, now + Duration::days(1)).await.unwrap(), 0, "once per date");
    let later = urp_web::kb::reminders::queue_due(store, now + Duration::days(200)).await.unwrap();
    assert_eq!(later, 2, "CIE and mensa come due later");
    let mails = store.claim_outbox(now + Duration::days(200), now + Duration::days(201), 50).await.unwrap();
    let reviews: Vec<_> = mails.iter().filter(|m| m.kind == MAIL_REVIEW).collect();
    assert_eq!(reviews.len(), 4);
    let (tari, _) = sheet_url_of(&app, "vf-tari").await;
    let tari_mail = reviews.iter().find(|m| m.sheet_id == Some(tari)).expect("TARI reminder");
    assert_eq!(tari_mail.recipient, "tributi@comune.valfiorita.example");
    let rendered = urp_web::mail::render(store, tari_mail, "https://urp.example").await.unwrap();
    assert!(rendered.subject.contains("TARI – Tassa sui rifiuti"), "{}", rendered.subject);
    assert!(rendered.body.contains(&format!("https://urp.example/staff/kb/{tari}")), "{}", rendered.body);
    // The overdue list shows what is due today.
    let m = app.client();
    m.login(MANAGER).await;
    let list = m.get("/staff/kb/da-rivedere").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("TARI") && list.body.contains("Cambio di residenza"));
    assert!(!list.body.contains("Carta d&#39;identità elettronica"), "not due yet");
    let f = SheetFilter { review_due_on: Some(urp_web::intake::local_date(now)), ..Default::default() };
    assert_eq!(store.count_sheets(t.id, &f).await.unwrap(), 2);
    app.stop().await;
}

fn eval_sheets() -> std::path::PathBuf {
    let p = urp::search_cli::default_eval_dir().join("sheets.jsonl");
    assert!(p.exists(), "the development set is missing: {}", p.display());
    p
}

#[tokio::test]
async fn import_is_idempotent_reports_bad_lines_and_export_round_trips() {
    let (url, _guard) = TestDb::empty().await.unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_urp"))
            .args(["--database-url", &url])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().unwrap()
    };
    let out = |o: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    };
    assert!(run(&["migrate"], None).status.success());
    let t = run(&["tenant", "add", "--slug", "valdoro", "--name", "Comune di Valdoro", "--ipa-code", "c_v001"], None);
    assert!(t.status.success(), "{}", out(&t));
    let path = eval_sheets();
    let path = path.to_str().unwrap();
    let first = run(&["import", "sheets", path], None);
    assert!(first.status.success(), "{}", out(&first));
    assert!(out(&first).contains("80 nuove, 0 aggiornate, 0 invariate, 0 scartate"), "{}", out(&first));

    let mut opts = urp_store::ConnectOptions::new(url.clone());
    opts.migrate = false;
    let store = urp_store::connect(&opts).await.unwrap();
    let tenant = store.tenant_by_slug("valdoro").await.unwrap().unwrap();
    let count_versions = || async {
        let mut n = 0;
        for s in store.list_sheets(tenant.id, &SheetFilter::default(), 1000, 0).await.unwrap() {
            n += store.sheet_versions(tenant.id, s.id).await.unwrap().len();
        }
        n
    };
    assert_eq!(count_versions().await, 80);
    let cie = store.sheet_by_external_id(tenant.id, "kb-001").await.unwrap().unwrap();
    assert_eq!(cie.state, SheetState::Pubblicata);
    assert!(cie.content.audience.starts_with("Ai cittadini italiani e stranieri residenti"));
    assert!(cie.content.costs.starts_with("22,21 euro"));
    assert!(cie.content.contacts.starts_with("Ufficio Anagrafe"), "Ufficio responsabile fills Contatti");
    assert!(store.office_by_name(tenant.id, "Anagrafe e Stato civile").await.unwrap().is_some(), "office created");
    let outbox_before = store.search_outbox_after(0, 100_000).await.unwrap().len();

    let again = run(&["import", "sheets", path], None);
    assert!(out(&again).contains("0 nuove, 0 aggiornate, 80 invariate"), "{}", out(&again));
    assert_eq!(count_versions().await, 80, "re-import adds no version");
    assert_eq!(store.search_outbox_after(0, 100_000).await.unwrap().len(), outbox_before);

    // Export, then import the export: nothing changes.
    let exported = run(&["export", "sheets"], None);
    assert!(exported.status.success());
    let text = String::from_utf8(exported.stdout).unwrap();
    assert_eq!(text.lines().count(), 80);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.jsonl");
    std::fs::write(&file, &text).unwrap();
    let round = run(&["import", "sheets", file.to_str().unwrap()], None);
    assert!(out(&round).contains("0 nuove, 0 aggiornate, 80 invariate"), "{}", out(&round));

    // Bad lines: reported with their numbers; nothing imported unless asked to skip them.
    let good = r#"{"id":"x-1","title":"Nuovo servizio","office":"Ufficio nuovo","topic":"varie","summary":"S","body":"A chi è rivolto\nA tutti\nCome fare\nChiedi\nCosa serve\nNulla\nCosa si ottiene\nTutto\nTempi e scadenze\nSubito","keywords":["k"]}"#;
    let bad_file = dir.path().join("bad.jsonl");
    let content = format!(
        "{good}\n{{not json\n{}\n{}\n",
        r#"{"id":"x-2","title":"Senza sezioni","office":"URP","summary":"S","body":"solo testo"}"#,
        r#"{"id":"x-3","title":"Stato strano","office":"URP","summary":"S","body":"","status":"forse"}"#
    );
    std::fs::write(&bad_file, content).unwrap();
    let refused = run(&["import", "sheets", bad_file.to_str().unwrap()], None);
    assert!(!refused.status.success());
    let msg = out(&refused);
    assert!(msg.contains("riga 2: JSON non valido"), "{msg}");
    assert!(msg.contains("riga 3:") && msg.contains("A chi è rivolto"), "{msg}");
    assert!(msg.contains("riga 4:") && msg.contains("forse"), "{msg}");
    assert!(!msg.contains("riga 1:"), "{msg}");
    assert!(store.sheet_by_external_id(tenant.id, "x-1").await.unwrap().is_none(), "nothing imported");
    let skipped = run(&["import", "sheets", "--skip-invalid", bad_file.to_str().unwrap()], None);
    assert!(skipped.status.success(), "{}", out(&skipped));
    assert!(out(&skipped).contains("1 nuove, 0 aggiornate, 0 invariate, 3 scartate"), "{}", out(&skipped));
    assert!(store.sheet_by_external_id(tenant.id, "x-1").await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn ratings_share_the_public_submission_limit() {
    let cfg = urp_web::WebConfig { intake_rate_limit: 2, ..Default::default() };
    let app = TestApp::with_config(cfg, true).await;
    let t = app.tenant().await;
    let (id, url) = sheet_url_of(&app, "vf-imu").await;
    let c = app.client();
    for _ in 0..2 {
        let r = c.submit(&url, &format!("{url}/valutazione"), &[("stars", "4")]).await;
        assert_eq!(r.status, 303);
    }
    let third = c.submit(&url, &format!("{url}/valutazione"), &[("stars", "4")]).await;
    assert_eq!(third.status, 429);
    assert!(third.body.contains("troppe richieste"));
    assert_eq!(app.store.sheet_ratings(t.id, id).await.unwrap().len(), 2);
    app.stop().await;
}
