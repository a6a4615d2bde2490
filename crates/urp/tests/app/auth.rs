use crate::helpers::*;

#[tokio::test]
async fn login_sets_a_safe_session_cookie_and_logout_ends_it() {
    let app = TestApp::demo().await;
    let c = app.client();
    let r = c.login(ADMIN).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), "/staff");
    let cookie = r.set_cookies().into_iter().find(|c| c.starts_with("urp_session=")).expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP without a proxy: no Secure flag");
    let home = c.get("/staff").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Davide Serafini") || home.body.contains("Buongiorno"), "{}", home.body);

    let out = c.submit("/staff", "/esci", &[]).await;
    assert_eq!(out.status, 303);
    let again = c.get("/staff").await;
    assert_eq!(again.status, 303);
    assert!(again.location().starts_with("/accedi?next=%2Fstaff"), "{}", again.location());
    app.stop().await;
}

#[tokio::test]
async fn secure_cookie_behind_https_proxy() {
    let cfg = urp_web::WebConfig { trust_proxy: true, ..Default::default() };
    let app = TestApp::with_config(cfg, true).await;
    let c = app.client();
    let form = c.get("/accedi").await;
    let res = c
        .http
        .post(c.url("/accedi"))
        .header("x-forwarded-proto", "https")
        .form(&[("csrf_token", form.csrf().as_str()), ("email", ADMIN.0), ("password", ADMIN.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("urp_session="))
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_generic_message() {
    let app = TestApp::demo().await;
    let c = app.client();
    let wrong = c.login((ADMIN.0, "Sbagliata-1234")).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Indirizzo e-mail o password non corretti."));
    assert!(!wrong.set_cookies().iter().any(|c| c.starts_with("urp_session=")));
    let unknown = c.login(("nessuno@comune.valfiorita.example", "Sbagliata-1234")).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Indirizzo e-mail o password non corretti."));
    let strip = |b: &str, e: &str| b.replace(e, "").replace(&c_token(b), "");
    assert_eq!(
        strip(&wrong.body, ADMIN.0),
        strip(&unknown.body, "nessuno@comune.valfiorita.example"),
        "no user enumeration"
    );
    let empty = c.login(("", "")).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Campo obbligatorio."));
    app.stop().await;
}

fn c_token(body: &str) -> String {
    Page { status: 200, headers: Default::default(), body: body.to_string() }.csrf()
}

#[tokio::test]
async fn login_is_throttled_after_repeated_failures() {
    let app = TestApp::demo().await;
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(c.login((FRONT.0, "Sbagliata-1234")).await.status, 422);
    }
    let blocked = c.login(FRONT).await;
    assert_eq!(blocked.status, 422, "even the right password is refused while throttled");
    assert!(blocked.body.contains("Troppi tentativi"));
    // Another account is not locked by someone else's failures.
    assert_eq!(c.login(BACK).await.status, 303);
    app.stop().await;
}

#[tokio::test]
async fn csrf_is_required_on_every_state_changing_request() {
    let app = TestApp::demo().await;
    let c = app.client();
    // No token at all: refused, no session created.
    let r = c.post("/accedi", &[("email", ADMIN.0), ("password", ADMIN.1)]).await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("Modulo scaduto o non valido"), "{}", r.body);
    assert_eq!(c.get("/staff").await.status, 303, "not signed in");

    assert_eq!(c.login(ADMIN).await.status, 303);
    let before = app.tenant().await;
    let wrong = c
        .post(
            "/staff/admin/ente",
            &[("csrf_token", "not-the-token"), ("name", "Comune Manomesso"), ("ipa_code", "c_x")],
        )
        .await;
    assert_eq!(wrong.status, 403);
    let missing = c.post("/staff/admin/ente", &[("name", "Comune Manomesso"), ("ipa_code", "c_x")]).await;
    assert_eq!(missing.status, 403);
    assert_eq!(app.tenant().await.data, before.data, "nothing changed");
    // The pre-login token is not accepted once signed in: the session has its own.
    let cross = c
        .http
        .post(c.url("/esci"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf_token", c.get("/staff").await.csrf().as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403, "a cross-site request is refused even with a token");
    assert_eq!(c.get("/staff").await.status, 200, "still signed in");
    app.stop().await;
}

#[tokio::test]
async fn pages_are_restricted_by_role() {
    let app = TestApp::demo().await;
    let anon = app.client();
    assert_eq!(anon.get("/staff/admin/utenti").await.status, 303);

    type Expectations<'a> = &'a [(&'a str, u16)];
    let cases: [((&str, &str), Expectations); 5] = [
        (
            ADMIN,
            &[
                ("/staff", 200),
                ("/staff/admin/ente", 200),
                ("/staff/admin/utenti", 200),
                ("/staff/admin/canali", 200),
                ("/staff/admin/registro", 200),
            ],
        ),
        (
            MANAGER,
            &[
                ("/staff", 200),
                ("/staff/admin/ente", 403),
                ("/staff/admin/utenti", 403),
                ("/staff/admin/argomenti", 200),
                ("/staff/admin/uffici", 200),
            ],
        ),
        (
            FRONT,
            &[
                ("/staff", 200),
                ("/staff/admin/ente", 403),
                ("/staff/admin/argomenti", 403),
                ("/staff/admin/uffici", 403),
                ("/staff/admin/uffici/nuovo", 403),
            ],
        ),
        (
            BACK,
            &[
                ("/staff", 200),
                ("/staff/admin/argomenti", 200),
                ("/staff/admin/canali", 403),
                ("/staff/admin/utenti", 403),
            ],
        ),
        (
            REFERENT,
            &[
                ("/staff", 200),
                ("/staff/admin/uffici", 200),
                ("/staff/admin/utenti", 403),
                ("/staff/admin/argomenti", 403),
                ("/staff/admin/registro", 403),
            ],
        ),
    ];
    for (who, pages) in cases {
        let c = app.client();
        assert_eq!(c.login(who).await.status, 303, "{}", who.0);
        for (path, status) in pages {
            let p = c.get(path).await;
            assert_eq!(p.status, *status, "{} on {path}", who.0);
            if *status == 403 {
                assert!(p.body.contains("Accesso non consentito"));
            }
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn password_change_checks_the_current_one_and_ends_other_sessions() {
    let app = TestApp::demo().await;
    let a = app.client();
    let b = app.client();
    assert_eq!(a.login(REFERENT).await.status, 303);
    assert_eq!(b.login(REFERENT).await.status, 303);
    let bad = a
        .submit(
            "/staff/password",
            "/staff/password",
            &[
                ("current", "Sbagliata-1234"),
                ("new_password", "Nuova-Password-2026"),
                ("confirm", "Nuova-Password-2026"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("La password attuale non è corretta."));
    let weak = a
        .submit(
            "/staff/password",
            "/staff/password",
            &[("current", REFERENT.1), ("new_password", "corta"), ("confirm", "corta")],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("troppo corta"));
    let ok = a
        .submit(
            "/staff/password",
            "/staff/password",
            &[("current", REFERENT.1), ("new_password", "Nuova-Password-2026"), ("confirm", "Nuova-Password-2026")],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(a.get("/staff").await.status, 200, "this session stays");
    assert_eq!(b.get("/staff").await.status, 303, "the other session ended");
    let c = app.client();
    assert_eq!(c.login(REFERENT).await.status, 422, "old password no longer works");
    assert_eq!(c.login((REFERENT.0, "Nuova-Password-2026")).await.status, 303);
    app.stop().await;
}
