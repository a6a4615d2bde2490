use crate::helpers::*;
use urp_web::provision::{self, TenantInput, UserInput};

/// Two enti on one database, each with its own host name: nothing of one is visible, usable
/// or reachable from the other, through any screen.
#[tokio::test]
async fn two_tenants_never_see_each_other() {
    let app = TestApp::with_config(urp_web::WebConfig::default(), false).await;
    let s = &app.store;
    let mk = |slug: &'static str, host: &'static str, default: bool| async move {
        provision::create_tenant(
            s,
            &TenantInput {
                slug,
                name: &format!("Comune di {slug}"),
                ipa_code: "c_x",
                hosts: &[host.to_string()],
                patron_day: None,
                is_default: default,
            },
        )
        .await
        .unwrap()
    };
    let a = mk("alfa", "alfa.example", true).await;
    let b = mk("beta", "beta.example", false).await;
    let office_a = s
        .create_office(
            a.id,
            &urp_store::OfficeData {
                name: "Ufficio Segreto Alfa".into(),
                competences: "x".into(),
                ..Default::default()
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    s.create_topic(a.id, "Argomento Alfa", None, chrono::Utc::now()).await.unwrap();
    for (t, email) in [(a.id, "admin@alfa.example"), (b.id, "admin@beta.example")] {
        provision::create_user(
            s,
            t,
            &UserInput {
                email,
                name: "Admin",
                roles: &[urp_domain::Role::Admin],
                offices: &[],
                password: "Cielo-Sereno-2026",
            },
        )
        .await
        .unwrap();
    }
    let ca = app.client_for_host("alfa.example");
    let cb = app.client_for_host("beta.example");
    assert!(ca.get("/").await.body.contains("Comune di alfa"));
    assert!(cb.get("/").await.body.contains("Comune di beta"));
    assert!(ca.get("/uffici").await.body.contains("Ufficio Segreto Alfa"));
    assert!(!cb.get("/uffici").await.body.contains("Ufficio Segreto Alfa"));
    assert!(!cb.get("/argomenti").await.body.contains("Argomento Alfa"));
    assert_eq!(cb.get(&format!("/uffici/{}", office_a.id)).await.status, 404);

    // A's admin cannot sign in on B's host.
    assert_eq!(cb.login(("admin@alfa.example", "Cielo-Sereno-2026")).await.status, 422);
    assert_eq!(ca.login(("admin@alfa.example", "Cielo-Sereno-2026")).await.status, 303);
    assert_eq!(ca.get("/staff").await.status, 200);
    // A's session token (from a fresh login on A), replayed on B's host, is no session there.
    let fresh = app.client_for_host("alfa.example");
    let r = fresh.login(("admin@alfa.example", "Cielo-Sereno-2026")).await;
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("urp_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve("beta.example", app.addr)
        .build()
        .unwrap()
        .get(cb.url("/staff"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303, "B does not know A's session");

    // B's admin sees only B's users and offices, and cannot open A's office by id.
    assert_eq!(cb.login(("admin@beta.example", "Cielo-Sereno-2026")).await.status, 303);
    let users = cb.get("/staff/admin/utenti").await;
    assert!(users.body.contains("admin@beta.example"));
    assert!(!users.body.contains("admin@alfa.example"));
    assert!(!cb.get("/staff/admin/uffici").await.body.contains("Ufficio Segreto Alfa"));
    assert_eq!(cb.get(&format!("/staff/admin/uffici/{}", office_a.id)).await.status, 404);
    let token = cb.get("/staff/password").await.csrf();
    assert_eq!(
        cb.post(&format!("/staff/admin/uffici/{}/elimina", office_a.id), &[("csrf_token", &token)]).await.status,
        404
    );
    assert!(s.office(a.id, office_a.id).await.is_ok(), "A's office survived");
    app.stop().await;
}

#[tokio::test]
async fn unknown_hosts_get_the_default_ente_or_404_as_configured() {
    let app = TestApp::demo().await;
    assert!(app.client_for_host("sconosciuto.example").get("/").await.body.contains("Comune di Valfiorita"));
    app.stop().await;

    let cfg = urp_web::WebConfig { unknown_host: urp_web::UnknownHost::NotFound, ..Default::default() };
    let strict = TestApp::with_config(cfg, true).await;
    let p = strict.client_for_host("sconosciuto.example").get("/").await;
    assert_eq!(p.status, 404);
    assert!(p.body.contains("Pagina non trovata"));
    strict.stop().await;
}
