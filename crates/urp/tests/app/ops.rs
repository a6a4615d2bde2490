use crate::helpers::*;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::demo().await;
    let c = app.client();
    assert_eq!(c.get("/healthz").await.status, 200);
    let ready = c.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    c.get("/uffici").await;
    let m = c.get("/metrics").await;
    assert_eq!(m.status, 200);
    assert!(m.body.contains("http_requests_total"), "{}", m.body);
    // Labelled by route template, never by the raw path.
    assert!(m.body.contains("route=\"/uffici\""), "{}", m.body);
    app.stop().await;
}

#[tokio::test]
async fn security_headers_and_request_id_on_every_page() {
    let app = TestApp::demo().await;
    let p = app.client().get("/").await;
    assert_eq!(p.status, 200);
    let h = |n: &str| p.headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(h("content-security-policy").contains("frame-ancestors 'none'"));
    assert!(!h("content-security-policy").contains("unsafe-inline"));
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("referrer-policy"), "same-origin");
    assert_eq!(h("cache-control"), "no-store");
    assert!(!h("x-request-id").is_empty());
    app.stop().await;
}

#[tokio::test]
async fn static_assets_are_hashed_immutable_and_gzipped() {
    let app = TestApp::demo().await;
    let c = app.client();
    let home = c.get("/").await;
    let start = home.body.find("/static/bootstrap-italia.min.").expect("stylesheet link");
    let end = home.body[start..].find('"').unwrap();
    let href = &home.body[start..start + end];
    let res = c.http.get(c.url(href)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(c.get("/static/bootstrap-italia.min.000000.css").await.status, 404);
    app.stop().await;
}

#[tokio::test]
async fn error_pages_are_italian_pages() {
    let app = TestApp::demo().await;
    let p = app.client().get("/non-esiste").await;
    assert_eq!(p.status, 404);
    assert!(p.body.contains("Pagina non trovata"), "{}", p.body);
    assert!(p.body.contains("Comune di Valfiorita"), "the error page keeps the ente's shell");
    let api = app.client().get("/api/v1/nothing").await;
    assert_eq!(api.status, 404);
    assert_eq!(api.headers["content-type"], "application/problem+json");
    app.stop().await;
}

/// A database that goes away makes pages answer 503 and /readyz fail within about a second;
/// when it comes back the service resumes by itself. Only PostgreSQL can disappear like this.
#[tokio::test]
async fn database_outage_gives_503_and_recovers() {
    if urp_store::test_support::TestDb::engine() != urp_store::DatabaseKind::Postgres {
        return;
    }
    let db = urp_store::test_support::TestDb::new().await.unwrap();
    urp::demo::seed(&db.store).await.unwrap();
    let proxy = proxy::Proxy::start(&db.url).await;
    let mut opts = urp_store::ConnectOptions::new(proxy.url.clone());
    opts.acquire_timeout = std::time::Duration::from_secs(1);
    opts.max_connections = 4;
    let store = urp_store::connect(&opts).await.unwrap();
    let app = TestApp::start(db, store, urp_web::WebConfig::default()).await;
    let c = app.client();
    assert_eq!(c.get("/").await.status, 200);
    assert_eq!(c.get("/readyz").await.status, 200);

    proxy.set_up(false);
    let started = std::time::Instant::now();
    let ready = c.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "readyz answered in {:?}", started.elapsed());
    let page = c.get("/uffici").await;
    assert_eq!(page.status, 503);
    assert!(page.body.contains("Servizio temporaneamente non disponibile"), "{}", page.body);
    assert_eq!(c.get("/healthz").await.status, 200, "liveness does not depend on the database");

    proxy.set_up(true);
    let mut recovered = false;
    for _ in 0..50 {
        if c.get("/readyz").await.status == 200 && c.get("/uffici").await.status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "service resumes when the database returns");
    app.stop().await;
}

mod proxy {
    //! A TCP proxy in front of PostgreSQL that the test can switch off (dropping every
    //! connection and refusing new ones) and on again.
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::watch;

    pub struct Proxy {
        pub url: String,
        up: Arc<AtomicBool>,
        kill: watch::Sender<u64>,
    }

    impl Proxy {
        pub async fn start(db_url: &str) -> Proxy {
            let mut url = url::Url::parse(db_url).unwrap();
            let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            url.set_host(Some("127.0.0.1")).unwrap();
            url.set_port(Some(port)).unwrap();
            let up = Arc::new(AtomicBool::new(true));
            let (kill, kill_rx) = watch::channel(0u64);
            let up2 = up.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((mut inbound, _)) = listener.accept().await else { return };
                    if !up2.load(Ordering::SeqCst) {
                        drop(inbound);
                        continue;
                    }
                    let target = target.clone();
                    let mut rx = kill_rx.clone();
                    // Only kills that happen from now on concern this connection.
                    rx.borrow_and_update();
                    tokio::spawn(async move {
                        let Ok(mut outbound) = TcpStream::connect(&target).await else { return };
                        tokio::select! {
                            _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                            _ = rx.changed() => {}
                        }
                    });
                }
            });
            Proxy { url: url.to_string(), up, kill }
        }

        pub fn set_up(&self, up: bool) {
            self.up.store(up, Ordering::SeqCst);
            if !up {
                self.kill.send_modify(|n| *n += 1);
            }
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_a_page() {
    let cfg = urp_web::WebConfig { body_limit: 64 * 1024, ..Default::default() };
    let app = TestApp::with_config(cfg, true).await;
    let c = app.client();
    let token = c.get("/accedi").await.csrf();
    let big = "x".repeat(200 * 1024);
    let res = c
        .http
        .post(c.url("/accedi"))
        .form(&[("csrf_token", token.as_str()), ("email", big.as_str()), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert!(res.text().await.unwrap().contains("File troppo grande"));
    app.stop().await;
}
