use crate::helpers::*;
use urp_store::FormFilter;

async fn send_multipart(
    c: &Client,
    path: &str,
    token: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> Page {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    }
    let res = c.http.post(c.url(path)).header("accept-language", "it").multipart(form).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    Page { status, headers, body: res.text().await.unwrap() }
}

/// The fields of a valid service form, with one list field.
fn service_fields<'a>(code: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![
        ("code", code),
        ("name", "Passo carrabile"),
        ("description", "Autorizzazione all'accesso carrabile."),
        ("category", "autorizzazioni"),
        ("office_id", ""),
        ("term_days", "45"),
        ("term_unit", "working_days"),
        ("channels", "online"),
        ("channels", "pec"),
        ("published", "1"),
        ("rows", "2"),
        ("f0_code", "larghezza"),
        ("f0_label", "Larghezza del passo (metri)"),
        ("f0_datatype", "number"),
        ("f0_order", "1"),
        ("f0_required", "1"),
        ("f1_code", "tipo"),
        ("f1_label", "Tipo di accesso"),
        ("f1_datatype", "singlevaluelist"),
        ("f1_order", "2"),
        ("f1_values", "privato = Privato\ncondominiale = Condominiale"),
        ("step", "save"),
    ];
    v.extend_from_slice(extra);
    v
}

#[tokio::test]
async fn the_public_sees_published_services_by_category_and_their_forms() {
    let app = TestApp::demo().await;
    let c = app.client();
    let list = c.get("/procedimenti").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Permesso di transito nella ZTL"));
    assert!(list.body.contains("Mobilità e trasporti") || list.body.contains("Mobilit"), "grouped by category");
    assert!(!list.body.contains("Contributo per l&#x27;affitto"), "a draft is not listed");
    assert_eq!(c.get("/procedimenti/contributo-affitto").await.status, 404, "a draft has no public page");
    let page = c.get("/procedimenti/permesso-ztl").await;
    assert_eq!(page.status, 200);
    for text in [
        "Polizia Locale",
        "30 giorni di calendario",
        "Domanda di permesso di transito nella ZTL",
        "Segretario generale",
    ] {
        assert!(page.body.contains(text), "{text} in service page");
    }
    let suolo = c.get("/procedimenti/occupazione-suolo-pubblico").await;
    assert!(suolo.body.contains("20 giorni lavorativi") && suolo.body.contains("si intende accolta"));
    app.stop().await;
}

#[tokio::test]
async fn open311_lists_services_and_their_definitions() {
    let app = TestApp::demo().await;
    let c = app.client();
    let res = c.http.get(c.url("/api/v1/services")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let list: serde_json::Value = res.json().await.unwrap();
    let codes: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"permesso-ztl") && !codes.contains(&"contributo-affitto"), "{codes:?}");
    let ztl = list.as_array().unwrap().iter().find(|s| s["service_code"] == "permesso-ztl").unwrap();
    assert_eq!(ztl["metadata"], true);
    assert_eq!(ztl["type"], "realtime");
    assert_eq!(ztl["group"], "mobilita-trasporti");

    let def: serde_json::Value =
        c.http.get(c.url("/api/v1/services/permesso-ztl")).send().await.unwrap().json().await.unwrap();
    assert_eq!(def["service_code"], "permesso-ztl");
    let attrs = def["attributes"].as_array().unwrap();
    assert_eq!(attrs[0]["code"], "targa");
    assert_eq!(attrs[0]["datatype"], "string");
    assert_eq!(attrs[0]["required"], true);
    assert_eq!(attrs[0]["order"], 1);
    assert_eq!(attrs[1]["datatype"], "singlevaluelist");
    assert_eq!(attrs[1]["values"][0]["key"], "auto");
    assert_eq!(attrs[1]["values"][0]["name"], "Autovettura");
    let missing = c.http.get(c.url("/api/v1/services/contributo-affitto")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.headers()["content-type"].to_str().unwrap().contains("problem+json"));
    app.stop().await;
}

#[tokio::test]
async fn the_back_office_builds_a_service_whose_definition_is_versioned() {
    let app = TestApp::demo().await;
    let c = app.client();
    c.login(BACK).await;
    assert_eq!(c.get("/staff/catalogo/servizi").await.status, 200);

    // Duplicate field codes, an order clash and an empty list: refused field by field.
    let bad = service_fields(
        "passo-carrabile",
        &[
            ("rows", "3"),
            ("f2_code", "larghezza"),
            ("f2_label", "Altro"),
            ("f2_datatype", "multivaluelist"),
            ("f2_order", "2"),
        ],
    );
    let bad: Vec<(&str, &str)> = bad.into_iter().filter(|(k, _)| *k != "rows").chain([("rows", "3")]).collect();
    let r = c.submit("/staff/catalogo/servizi/nuovo", "/staff/catalogo/servizi/nuovo", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Questo codice è già usato da un altro campo."), "{}", r.body);
    assert!(r.body.contains("Questo ordine è già usato da un altro campo."));
    assert!(r.body.contains("Una lista deve avere almeno un valore."));
    assert!(r.body.contains("Campo 3 — Codice del campo"), "the summary names the row");
    assert!(r.body.contains("value=\"Larghezza del passo (metri)\""), "input kept");
    let t = app.tenant().await;
    assert!(app.store.service_by_code(t.id, "passo-carrabile").await.unwrap().is_none(), "nothing saved");

    let ok = c
        .submit(
            "/staff/catalogo/servizi/nuovo",
            "/staff/catalogo/servizi/nuovo",
            &service_fields("passo-carrabile", &[]),
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let s = app.store.service_by_code(t.id, "passo-carrabile").await.unwrap().unwrap();
    assert_eq!(s.data.term, urp_domain::deadline::Term::working_days(45));
    assert_eq!(s.data.channels, vec!["online", "pec"]);
    let v1 = s.current_definition_id.unwrap();

    // Change a label: a second version, the first kept as it was.
    let path = format!("/staff/catalogo/servizi/{}", s.id);
    let mut changed = service_fields("passo-carrabile", &[]);
    for f in changed.iter_mut() {
        if f.0 == "f0_label" {
            f.1 = "Larghezza (m)";
        }
    }
    assert_eq!(c.submit(&path, &path, &changed).await.status, 303);
    let s2 = app.store.service(t.id, s.id).await.unwrap();
    assert_ne!(s2.current_definition_id, Some(v1));
    assert_eq!(app.store.service_definition(t.id, v1).await.unwrap().fields[0].label, "Larghezza del passo (metri)");
    let edit = c.get(&path).await;
    assert!(edit.body.contains("Versione 2") && edit.body.contains("Versione 1"));
    let def: serde_json::Value =
        c.http.get(c.url("/api/v1/services/passo-carrabile")).send().await.unwrap().json().await.unwrap();
    assert_eq!(def["version"], 2);
    assert_eq!(def["attributes"][0]["description"], "Larghezza (m)");

    // A taken code is refused next to the field.
    let dup = c
        .submit(
            "/staff/catalogo/servizi/nuovo",
            "/staff/catalogo/servizi/nuovo",
            &service_fields("passo-carrabile", &[]),
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("Esiste già un servizio con questo codice."));
    app.stop().await;
}

#[tokio::test]
async fn only_the_back_office_and_the_manager_edit_the_catalogue() {
    let app = TestApp::demo().await;
    for (who, expected) in [(FRONT, 403), (REFERENT, 403), (ADMIN, 403), (MANAGER, 200), (BACK, 200)] {
        let c = app.client();
        c.login(who).await;
        assert_eq!(c.get("/staff/catalogo/servizi").await.status, expected, "{}", who.0);
        assert_eq!(c.get("/staff/catalogo/moduli").await.status, expected, "{}", who.0);
    }
    let anon = app.client();
    assert_eq!(anon.get("/staff/catalogo/moduli").await.status, 303, "login first");
    app.stop().await;
}

#[tokio::test]
async fn forms_get_versions_with_checksums_and_counted_downloads() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(MANAGER).await;
    let ztl = app.store.service_by_code(t.id, "permesso-ztl").await.unwrap().unwrap();
    let svc = ztl.id.to_string();
    let token = c.get("/staff/catalogo/moduli/nuovo").await.csrf();
    let fields =
        [("title", "Delega al ritiro del permesso"), ("services", svc.as_str()), ("published", "1"), ("step", "save")];

    // A program disguised as a PDF, and a missing file: refused, nothing stored.
    let bad = send_multipart(
        &c,
        "/staff/catalogo/moduli/nuovo",
        &token,
        &fields,
        Some(("delega.pdf", b"MZ\x90\0\x03".to_vec())),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("non è un PDF, ODT, ODS, DOCX o XLSX valido"), "{}", bad.body);
    let none = send_multipart(&c, "/staff/catalogo/moduli/nuovo", &token, &fields, None).await;
    assert_eq!(none.status, 422);
    let filter = FormFilter { text: Some("Delega".into()), ..Default::default() };
    assert!(app.store.list_forms(t.id, &filter).await.unwrap().is_empty());

    let v1 = urp::demo_catalogue::pdf(&["Delega", "v1"]);
    let created =
        send_multipart(&c, "/staff/catalogo/moduli/nuovo", &token, &fields, Some(("delega.pdf", v1.clone()))).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let form = app.store.list_forms(t.id, &filter).await.unwrap().pop().unwrap();
    assert_eq!(form.service_ids, vec![ztl.id]);

    // A new version (an ODT): the public link serves it, the PDF stays in the history.
    let v2 = urp::demo_catalogue::odt("Delega, seconda versione");
    let path = format!("/staff/catalogo/moduli/{}", form.id);
    let up = send_multipart(
        &c,
        &path,
        &token,
        &[("step", "version"), ("note", "Nuovo modello")],
        Some(("delega.odt", v2.clone())),
    )
    .await;
    assert_eq!(up.status, 303, "{}", up.body);
    let versions = app.store.form_versions(t.id, form.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    let sha = |b: &[u8]| {
        use sha2::Digest as _;
        sha2::Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect::<String>()
    };
    assert_eq!(versions[0].sha256, sha(&v2));
    assert_eq!(versions[1].sha256, sha(&v1));

    let public = app.client();
    let page = public.get(&format!("/modulistica/{}", form.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&sha(&v2)) && page.body.contains(&sha(&v1)), "both fingerprints shown");
    assert!(page.body.contains("aggiornato il"));
    assert!(public.get("/procedimenti/permesso-ztl").await.body.contains("Delega al ritiro del permesso"));

    let dl = public.http.get(public.url(&format!("/modulistica/{}/scarica", form.id))).send().await.unwrap();
    assert_eq!(dl.status(), 200);
    assert_eq!(dl.headers()["content-type"], "application/vnd.oasis.opendocument.text");
    assert!(dl.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"delega.odt\""));
    assert_eq!(dl.headers()["cache-control"], "public, no-cache");
    let etag = dl.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(dl.bytes().await.unwrap().as_ref(), v2.as_slice());
    // A client that has it already gets 304, which is not counted as a download.
    let again = public
        .http
        .get(public.url(&format!("/modulistica/{}/scarica", form.id)))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let old = public
        .http
        .get(public.url(&format!("/modulistica/{}/versioni/{}", form.id, versions[1].id)))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 200);
    assert_eq!(old.headers()["content-type"], "application/pdf");
    assert!(old.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(old.bytes().await.unwrap().as_ref(), v1.as_slice());
    let counts: Vec<i64> = app.store.form_versions(t.id, form.id).await.unwrap().iter().map(|v| v.downloads).collect();
    assert_eq!(counts, vec![1, 1]);

    // Search and filters on the public list.
    let found = public.get(&format!("/modulistica?q=delega&servizio={}", ztl.id)).await;
    assert!(found.body.contains("Delega al ritiro del permesso"));
    assert!(!found.body.contains("Dichiarazione TARI"));
    app.stop().await;
}

#[tokio::test]
async fn unpublished_or_expired_forms_are_not_public_and_review_is_flagged() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(BACK).await;
    let list = c.get("/staff/catalogo/moduli").await;
    // The demo TARI form is past its review date.
    let row = list.body.split("<tr>").find(|r| r.contains("Dichiarazione TARI")).unwrap();
    assert!(row.contains("Da rivedere"), "{row}");
    let tari = app
        .store
        .list_forms(t.id, &FormFilter { text: Some("TARI".into()), ..Default::default() })
        .await
        .unwrap()
        .pop()
        .unwrap();
    let token = c.get(&format!("/staff/catalogo/moduli/{}", tari.id)).await.csrf();
    let path = format!("/staff/catalogo/moduli/{}", tari.id);
    // Inverted validity dates are refused.
    let bad = send_multipart(
        &c,
        &path,
        &token,
        &[
            ("title", "Dichiarazione TARI"),
            ("valid_from", "2026-05-01"),
            ("valid_until", "2026-04-01"),
            ("published", "1"),
        ],
        None,
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("La fine della validità non può precedere l&#x27;inizio.")
            || bad.body.contains("non può precedere")
    );
    // Expired yesterday: gone from the public list and page.
    let ok = send_multipart(
        &c,
        &path,
        &token,
        &[("title", "Dichiarazione TARI"), ("valid_until", "2020-01-01"), ("published", "1")],
        None,
    )
    .await;
    assert_eq!(ok.status, 303);
    let public = app.client();
    assert!(!public.get("/modulistica").await.body.contains("Dichiarazione TARI"));
    assert_eq!(public.get(&format!("/modulistica/{}", tari.id)).await.status, 404);
    assert_eq!(public.get(&format!("/modulistica/{}/scarica", tari.id)).await.status, 404);
    app.stop().await;
}

const CITIZEN: [(&str, &str); 5] = [
    ("name", "Lucia"),
    ("surname", "Ferri"),
    ("email", "lucia.ferri@example.org"),
    ("privacy", "1"),
    ("description", "Abito in via del Duomo."),
];

#[tokio::test]
async fn a_service_request_builds_its_form_from_the_definition_and_keeps_the_version() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    let form = c.get("/procedimenti/permesso-ztl/richiesta").await;
    assert_eq!(form.status, 200);
    for f in ["name=\"a_targa\"", "name=\"a_tipo_veicolo\"", "type=\"datetime-local\"", "Residenza nella ZTL"] {
        assert!(form.body.contains(f), "{f} in the form");
    }
    assert_eq!(c.get("/procedimenti/contributo-affitto/richiesta").await.status, 404, "drafts take no requests");

    // Missing required answer, a value not in the list, a bad date: a message per field.
    let mut bad: Vec<(&str, &str)> = CITIZEN.to_vec();
    bad.extend([("step", "review"), ("a_tipo_veicolo", "camion"), ("a_motivo", "residente"), ("a_dal", "domani")]);
    let r = c.submit("/procedimenti/permesso-ztl/richiesta", "/procedimenti/permesso-ztl/richiesta", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Targa del veicolo: Campo obbligatorio."), "{}", r.body);
    assert!(r.body.contains("Tipo di veicolo: Scegli uno dei valori proposti."));
    assert!(r.body.contains("Dal giorno: Indica una data valida"));
    assert!(r.body.contains("value=\"lucia.ferri@example.org\""), "input kept");

    let mut good: Vec<(&str, &str)> = CITIZEN.to_vec();
    good.extend([
        ("a_targa", "AB123CD"),
        ("a_tipo_veicolo", "auto"),
        ("a_motivo", "residente"),
        ("a_dal", "2026-12-04T09:30"),
    ]);
    let review: Vec<(&str, &str)> = good.iter().copied().chain([("step", "review")]).collect();
    let summary =
        c.submit("/procedimenti/permesso-ztl/richiesta", "/procedimenti/permesso-ztl/richiesta", &review).await;
    assert_eq!(summary.status, 200, "{}", summary.body);
    assert!(
        summary.body.contains("Riepilogo") && summary.body.contains("Autovettura") && summary.body.contains("AB123CD")
    );
    assert_eq!(app.store.count_cases(t.id, &urp_store::CaseFilter::default()).await.unwrap(), 0, "nothing stored yet");
    let send: Vec<(&str, &str)> = good.iter().copied().chain([("step", "send"), ("idem", "ztl-1")]).collect();
    let sent = c.submit("/procedimenti/permesso-ztl/richiesta", "/procedimenti/permesso-ztl/richiesta", &send).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(sent.location().starts_with("/ricevuta/"));

    let cases = app.store.list_cases(t.id, &urp_store::CaseFilter::default(), 10, 0).await.unwrap();
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    let svc = app.store.service_by_code(t.id, "permesso-ztl").await.unwrap().unwrap();
    let intake = case.intake.clone().expect("the case keeps the service and the answers");
    assert_eq!(intake.service_id, svc.id);
    assert_eq!(intake.definition_id, svc.current_definition_id.unwrap());
    let answers: Vec<(&str, &str)> = intake.answers.iter().map(|a| (a.code.as_str(), a.values[0].as_str())).collect();
    assert_eq!(
        answers,
        vec![("targa", "AB123CD"), ("tipo_veicolo", "auto"), ("motivo", "residente"), ("dal", "2026-12-04T09:30")]
    );
    assert_eq!(case.kind, urp_domain::case::CaseKind::AvvioProcedimento);
    assert_eq!(case.office_id, svc.data.office_id, "routed to the service's office");
    assert_eq!(case.term, svc.data.term);

    // The definition changes; the case is still read with the questions it was asked.
    let mut fields = app.store.service_definition(t.id, intake.definition_id).await.unwrap().fields;
    fields[0].label = "Numero di targa".into();
    app.store.update_service(t.id, svc.id, &svc.data, &fields, None, chrono::Utc::now()).await.unwrap();
    let staff = app.client();
    staff.login(FRONT).await;
    let page = staff.get(&format!("/staff/casi/{}", case.id.0)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Targa del veicolo") && !page.body.contains("Numero di targa"), "{}", page.body);
    assert!(page.body.contains("versione 1"));
    assert_eq!(app.store.case(t.id, case.id).await.unwrap().intake.unwrap().definition_id, intake.definition_id);
    app.stop().await;
}

#[tokio::test]
async fn the_services_term_in_working_days_sets_the_due_date() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    let mut good: Vec<(&str, &str)> = CITIZEN.to_vec();
    good.extend([("a_tipo", "residenza"), ("step", "send"), ("idem", "cert-1")]);
    let sent = c
        .submit(
            "/procedimenti/certificato-anagrafico/richiesta",
            "/procedimenti/certificato-anagrafico/richiesta",
            &good,
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let case = app.store.list_cases(t.id, &urp_store::CaseFilter::default(), 1, 0).await.unwrap().pop().unwrap();
    assert_eq!(case.term, urp_domain::deadline::Term::working_days(5));
    let cal = urp_domain::calendar::Calendar::new(t.data.patron_day).unwrap_or_default();
    let expected = urp_domain::deadline::compute_deadline(
        case.received_date,
        urp_domain::deadline::Term::working_days(5),
        &[],
        &cal,
    )
    .due();
    assert_eq!(case.due_date, expected);
    // Not the 30 calendar days an "avvio procedimento" gets without a service.
    assert_ne!(case.due_date, Some(case.received_date + chrono::Duration::days(30)));
    app.stop().await;
}

#[tokio::test]
async fn the_desk_opens_a_case_for_a_service_with_its_fields() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(FRONT).await;
    let form = c.get("/staff/casi/nuovo?servizio=riduzione-tari").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"a_riduzioni\"") && form.body.contains("type=\"checkbox\""));
    assert!(form.body.contains("60 giorni di calendario"));
    let fields = [
        ("kind", "avvio_procedimento"),
        ("channel", "sportello"),
        ("service", "riduzione-tari"),
        ("subject", "Riduzioni TARI"),
        ("description", "Il cittadino chiede le riduzioni."),
        ("name", "Mario"),
        ("surname", "Neri"),
        ("a_componenti", "tre"),
        ("a_riduzioni", "compostaggio"),
        ("a_riduzioni", "isee"),
        ("idem", "desk-tari"),
    ];
    let bad = c.submit("/staff/casi/nuovo?servizio=riduzione-tari", "/staff/casi/nuovo", &fields).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Componenti del nucleo familiare: Indica un numero"), "{}", bad.body);
    assert!(bad.body.contains("value=\"isee\" checked"), "choices kept");
    assert_eq!(app.store.count_cases(t.id, &urp_store::CaseFilter::default()).await.unwrap(), 0);
    let ok: Vec<(&str, &str)> =
        fields.iter().map(|(k, v)| if *k == "a_componenti" { (*k, "3") } else { (*k, *v) }).collect();
    let created = c.submit("/staff/casi/nuovo?servizio=riduzione-tari", "/staff/casi/nuovo", &ok).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let case = app.store.list_cases(t.id, &urp_store::CaseFilter::default(), 1, 0).await.unwrap().pop().unwrap();
    let intake = case.intake.unwrap();
    assert_eq!(intake.answers[1].values, vec!["compostaggio", "isee"]);
    assert_eq!(case.term, urp_domain::deadline::Term::calendar_days(60));
    assert_eq!(case.service.as_deref(), Some("Riduzioni e agevolazioni TARI"));
    app.stop().await;
}

const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba,
    0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn send_notice(c: &Client, path: &str, token: &str, fields: &[(&str, &str)], image: Option<Vec<u8>>) -> Page {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some(bytes) = image {
        form = form.part("image", reqwest::multipart::Part::bytes(bytes).file_name("foto.png"));
    }
    let res = c.http.post(c.url(path)).header("accept-language", "it").multipart(form).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    Page { status, headers, body: res.text().await.unwrap() }
}

fn local_input(d: chrono::DateTime<chrono::Utc>) -> String {
    d.with_timezone(&chrono_tz::Europe::Rome).format("%Y-%m-%dT%H:%M").to_string()
}

#[tokio::test]
async fn notices_are_scheduled_checked_and_fed_as_atom() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let public = app.client();
    // The demo has one notice online and one scheduled for next month.
    let list = public.get("/novita").await;
    assert!(list.body.contains("ZTL del centro storico") && !list.body.contains("Bando contributo affitto"));
    let feed = public.http.get(public.url("/novita.atom")).send().await.unwrap();
    assert_eq!(feed.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let xml = feed.text().await.unwrap();
    assert!(xml.starts_with("<?xml") && xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert_eq!(xml.matches("<entry>").count(), 1, "{xml}");
    let scheduled = app
        .store
        .list_notices(t.id, None, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.data.title.starts_with("Bando"))
        .unwrap();
    assert_eq!(public.get(&format!("/novita/{}", scheduled.id)).await.status, 404, "not yet published");

    let c = app.client();
    c.login(BACK).await;
    let token = c.get("/staff/catalogo/avvisi/nuovo").await.csrf();
    let now = chrono::Utc::now();
    let past = local_input(now - chrono::Duration::days(1));
    let later = local_input(now + chrono::Duration::days(3));
    let sooner = local_input(now + chrono::Duration::days(2));
    // A start in the past, an end before the start, an image without alternative text.
    let bad = send_notice(
        &c,
        "/staff/catalogo/avvisi/nuovo",
        &token,
        &[
            ("title", "Chiusura uffici"),
            ("summary", "Uffici chiusi"),
            ("body", "Il 24 dicembre gli uffici sono chiusi."),
            ("publish_from", &past),
        ],
        Some(PNG_1X1.to_vec()),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("La data non può essere nel passato."), "{}", bad.body);
    assert!(
        bad.body.contains("Scrivi il testo alternativo dell&#x27;immagine.")
            || bad.body.contains("testo alternativo dell")
    );
    let inverted = send_notice(
        &c,
        "/staff/catalogo/avvisi/nuovo",
        &token,
        &[
            ("title", "Chiusura uffici"),
            ("summary", "Uffici chiusi"),
            ("body", "Testo"),
            ("publish_from", &later),
            ("publish_until", &sooner),
        ],
        None,
    )
    .await;
    assert_eq!(inverted.status, 422);
    assert!(
        inverted.body.contains("La fine deve venire dopo l&#x27;inizio.")
            || inverted.body.contains("La fine deve venire dopo")
    );
    let disguised = send_notice(
        &c,
        "/staff/catalogo/avvisi/nuovo",
        &token,
        &[("title", "Chiusura uffici"), ("summary", "Uffici chiusi"), ("body", "Testo"), ("image_alt", "Foto")],
        Some(b"%PDF-1.4 not an image".to_vec()),
    )
    .await;
    assert_eq!(disguised.status, 422);
    assert_eq!(app.store.list_notices(t.id, None, 10).await.unwrap().len(), 2, "nothing saved");

    // Published now, with an image and a related service.
    let ztl = app.store.service_by_code(t.id, "permesso-ztl").await.unwrap().unwrap().id.to_string();
    let ok = send_notice(
        &c,
        "/staff/catalogo/avvisi/nuovo",
        &token,
        &[
            ("title", "Chiusura uffici <24 dicembre>"),
            ("summary", "Uffici chiusi & sportelli online"),
            ("body", "Il 24 dicembre gli uffici sono chiusi."),
            ("image_alt", "La facciata del municipio"),
            ("services", &ztl),
        ],
        Some(PNG_1X1.to_vec()),
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let n = app.store.list_notices(t.id, Some(chrono::Utc::now()), 10).await.unwrap().into_iter().next().unwrap();
    assert_eq!(n.data.title, "Chiusura uffici <24 dicembre>");
    let page = public.get(&format!("/novita/{}", n.id)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("alt=\"La facciata del municipio\"") && page.body.contains("Permesso di transito nella ZTL")
    );
    let img = public.http.get(public.url(&format!("/novita/{}/immagine", n.id))).send().await.unwrap();
    assert_eq!(img.headers()["content-type"], "image/png");
    let xml = public.http.get(public.url("/novita.atom")).send().await.unwrap().text().await.unwrap();
    assert!(xml.contains("<title>Chiusura uffici &lt;24 dicembre&gt;</title>"), "escaped in the feed: {xml}");
    assert!(xml.contains("Uffici chiusi &amp; sportelli online"));

    // Editing it later keeps its (now past) start; the image stays.
    let path = format!("/staff/catalogo/avvisi/{}", n.id);
    let edit = c.get(&path).await;
    let from = edit.body.split("name=\"publish_from\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let saved = send_notice(
        &c,
        &path,
        &token,
        &[
            ("title", "Chiusura uffici"),
            ("summary", "Uffici chiusi"),
            ("body", "Testo"),
            ("publish_from", &from),
            ("image_alt", "Municipio"),
        ],
        None,
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(app.store.notice(t.id, n.id).await.unwrap().has_image);
    app.stop().await;
}
