use crate::helpers::*;

#[tokio::test]
async fn admin_edits_the_ente_and_bad_input_changes_nothing() {
    let app = TestApp::demo().await;
    let c = app.client();
    c.login(ADMIN).await;
    let before = app.tenant().await;
    let bad = c
        .submit(
            "/staff/admin/ente",
            "/staff/admin/ente",
            &[("name", ""), ("ipa_code", "c vf"), ("patron_day", "31/04"), ("hosts", "bad_host")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Campo obbligatorio."));
    assert!(bad.body.contains("GG/MM"));
    assert!(bad.body.contains("value=\"c vf\""), "the user's values are kept");
    assert_eq!(app.tenant().await.data, before.data);

    let ok = c
        .submit(
            "/staff/admin/ente",
            "/staff/admin/ente",
            &[
                ("name", "Comune di Valfiorita Alta"),
                ("ipa_code", "c_vf01"),
                ("patron_day", "29/09"),
                ("hosts", "valfiorita.example\nwww.valfiorita.example"),
                ("email", "urp@valfiorita.example"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let t = app.tenant().await;
    assert_eq!(t.data.name, "Comune di Valfiorita Alta");
    assert_eq!(t.data.patron_day, Some((9, 29)));
    assert_eq!(t.hosts, vec!["valfiorita.example".to_string(), "www.valfiorita.example".to_string()]);
    assert!(c.get("/staff/admin/ente?ok=saved").await.body.contains("Modifiche salvate."));
    app.stop().await;
}

#[tokio::test]
async fn admin_uploads_a_logo_checked_by_content() {
    let app = TestApp::demo().await;
    let c = app.client();
    c.login(ADMIN).await;
    let token = c.get("/staff/admin/ente").await.csrf();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let form = reqwest::multipart::Form::new().text("csrf_token", token.clone()).part(
        "logo",
        reqwest::multipart::Part::bytes(png.clone()).file_name("logo.png").mime_str("image/png").unwrap(),
    );
    let r = c.http.post(c.url("/staff/admin/ente/logo")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let logo = c.http.get(c.url("/logo")).send().await.unwrap();
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.unwrap().to_vec(), png);
    // An SVG claiming to be a PNG is refused.
    let form = reqwest::multipart::Form::new().text("csrf_token", token).part(
        "logo",
        reqwest::multipart::Part::bytes(b"<svg onload='x'/>".to_vec())
            .file_name("x.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let r = c.http.post(c.url("/staff/admin/ente/logo")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let form = reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(png).file_name("logo.png"));
    let r = c.http.post(c.url("/staff/admin/ente/logo")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 403, "multipart without CSRF token");
    app.stop().await;
}

#[tokio::test]
async fn offices_create_edit_delete_and_referent_limits() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(ADMIN).await;
    let n = app.store.list_offices(t.id).await.unwrap().len();
    let empty =
        c.submit("/staff/admin/uffici/nuovo", "/staff/admin/uffici/nuovo", &[("name", ""), ("competences", "")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("error-summary"));
    assert_eq!(app.store.list_offices(t.id).await.unwrap().len(), n, "nothing half-written");
    let dup = c
        .submit(
            "/staff/admin/uffici/nuovo",
            "/staff/admin/uffici/nuovo",
            &[("name", "Ufficio Tributi"), ("competences", "x")],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("Esiste già un ufficio con questo nome."));
    let ok = c
        .submit(
            "/staff/admin/uffici/nuovo",
            "/staff/admin/uffici/nuovo",
            &[("name", "Ufficio Sport"), ("competences", "Impianti sportivi."), ("phone", "+39 0999 123499")],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let sport = app.store.office_by_name(t.id, "Ufficio Sport").await.unwrap().unwrap();
    assert_eq!(sport.data.phone.as_deref(), Some("+39 0999 123499"));

    // The referent of Tributi edits Tributi's hours, cannot rename it, cannot touch Sport.
    let r = app.client();
    r.login(REFERENT).await;
    let tributi = app.store.office_by_name(t.id, "Ufficio Tributi").await.unwrap().unwrap();
    let path = format!("/staff/admin/uffici/{}", tributi.id);
    let upd = r
        .submit(
            &path,
            &path,
            &[("name", "Rinominato"), ("competences", &tributi.data.competences), ("opening_hours", "Lunedì 9–12")],
        )
        .await;
    assert_eq!(upd.status, 303, "{}", upd.body);
    let after = app.store.office(t.id, tributi.id).await.unwrap();
    assert_eq!(after.data.name, "Ufficio Tributi");
    assert_eq!(after.data.opening_hours.as_deref(), Some("Lunedì 9–12"));
    let other = format!("/staff/admin/uffici/{}", sport.id);
    assert_eq!(r.get(&other).await.status, 403);
    let token = r.get(&path).await.csrf();
    assert_eq!(r.post(&format!("{other}/elimina"), &[("csrf_token", &token)]).await.status, 403);

    let del = c
        .submit(&format!("/staff/admin/uffici/{}", sport.id), &format!("/staff/admin/uffici/{}/elimina", sport.id), &[])
        .await;
    assert_eq!(del.status, 303);
    assert!(app.store.office_by_name(t.id, "Ufficio Sport").await.unwrap().is_none());
    app.stop().await;
}

#[tokio::test]
async fn users_are_created_edited_and_deactivated() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(ADMIN).await;
    let tributi = app.store.office_by_name(t.id, "Ufficio Tributi").await.unwrap().unwrap();
    let office = tributi.id.0.to_string();
    let bad = c
        .submit(
            "/staff/admin/utenti/nuovo",
            "/staff/admin/utenti/nuovo",
            &[("name", "Luca Neri"), ("email", "luca"), ("password", "x"), ("confirm", "x")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Scegli almeno un ruolo."));
    let ok = c
        .submit(
            "/staff/admin/utenti/nuovo",
            "/staff/admin/utenti/nuovo",
            &[
                ("name", "Luca Neri"),
                ("email", "Luca.Neri@comune.valfiorita.example"),
                ("roles", "referent"),
                ("roles", "front_office"),
                ("offices", &office),
                ("password", "Tramonto-Rosso-42"),
                ("confirm", "Tramonto-Rosso-42"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let luca = app.store.credentials_by_email(t.id, "luca.neri@comune.valfiorita.example").await.unwrap().unwrap().user;
    assert_eq!(luca.data.roles, vec![urp_domain::Role::FrontOffice, urp_domain::Role::Referent]);
    assert_eq!(luca.data.offices, vec![tributi.id]);
    let l = app.client();
    assert_eq!(l.login(("luca.neri@comune.valfiorita.example", "Tramonto-Rosso-42")).await.status, 303);

    // Deactivating ends the sessions and blocks login.
    let path = format!("/staff/admin/utenti/{}", luca.id);
    let off = c
        .submit(
            &path,
            &path,
            &[("name", "Luca Neri"), ("email", "luca.neri@comune.valfiorita.example"), ("roles", "referent")],
        )
        .await;
    assert_eq!(off.status, 303, "{}", off.body);
    assert_eq!(l.get("/staff").await.status, 303);
    assert_eq!(app.client().login(("luca.neri@comune.valfiorita.example", "Tramonto-Rosso-42")).await.status, 422);

    // An admin cannot lock themselves out.
    let admin = app.store.credentials_by_email(t.id, ADMIN.0).await.unwrap().unwrap().user;
    let me = format!("/staff/admin/utenti/{}", admin.id);
    let self_demote = c
        .submit(&me, &me, &[("name", "Davide Serafini"), ("email", ADMIN.0), ("roles", "manager"), ("active", "1")])
        .await;
    assert_eq!(self_demote.status, 422);
    assert!(self_demote.body.contains("Non puoi togliere a te stesso il ruolo di amministratore."));
    app.stop().await;
}

#[tokio::test]
async fn topics_and_channels_are_managed() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let c = app.client();
    c.login(BACK).await;
    let ok = c
        .submit(
            "/staff/admin/argomenti",
            "/staff/admin/argomenti",
            &[("name", "Verde pubblico"), ("description", "Parchi e giardini")],
        )
        .await;
    assert_eq!(ok.status, 303);
    let dup = c.submit("/staff/admin/argomenti", "/staff/admin/argomenti", &[("name", "Verde pubblico")]).await;
    assert_eq!(dup.status, 422);
    assert!(app.store.list_topics(t.id).await.unwrap().iter().any(|x| x.name == "Verde pubblico"));

    let a = app.client();
    a.login(ADMIN).await;
    let channels = app.store.list_channels(t.id).await.unwrap();
    assert_eq!(channels.len(), 8);
    let mut form: Vec<(String, String)> = Vec::new();
    for ch in &channels {
        form.push(("code".into(), ch.code.clone()));
        form.push((
            format!("name_{}", ch.code),
            if ch.code == "social" { "Facebook e Instagram".into() } else { ch.name.clone() },
        ));
        form.push((format!("position_{}", ch.code), ch.position.to_string()));
        if ch.code != "app" {
            form.push((format!("active_{}", ch.code), "1".into()));
        }
    }
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(a.submit("/staff/admin/canali", "/staff/admin/canali", &fields).await.status, 303);
    let after = app.store.list_channels(t.id).await.unwrap();
    assert_eq!(after.iter().find(|c| c.code == "social").unwrap().name, "Facebook e Instagram");
    assert!(!after.iter().find(|c| c.code == "app").unwrap().active);
    let new = a
        .submit(
            "/staff/admin/canali",
            "/staff/admin/canali/nuovo",
            &[("new_code", "whatsapp"), ("new_name", "WhatsApp")],
        )
        .await;
    assert_eq!(new.status, 303);
    assert_eq!(app.store.list_channels(t.id).await.unwrap().len(), 9);
    let audit = a.get("/staff/admin/registro").await;
    assert!(audit.body.contains("channel.create"));
    app.stop().await;
}
