use reqwest::redirect::Policy;
use std::net::SocketAddr;
use std::sync::Arc;
use urp_store::Store;
use urp_store::test_support::TestDb;
use urp_web::{AppState, WebConfig};

pub const ADMIN: (&str, &str) = ("admin@comune.valfiorita.example", "Valfiorita-Admin-2026");
pub const MANAGER: (&str, &str) = ("responsabile.urp@comune.valfiorita.example", "Valfiorita-Urp-2026");
pub const FRONT: (&str, &str) = ("sportello@comune.valfiorita.example", "Valfiorita-Sportello-2026");
pub const BACK: (&str, &str) = ("redazione@comune.valfiorita.example", "Valfiorita-Redazione-2026");
pub const REFERENT: (&str, &str) = ("referente.tributi@comune.valfiorita.example", "Valfiorita-Tributi-2026");

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    /// Keeps the database alive (and drops it) with the app.
    _db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    /// A server with the demo comune loaded.
    pub async fn demo() -> TestApp {
        Self::with_config(WebConfig::default(), true).await
    }

    pub async fn with_config(config: WebConfig, demo: bool) -> TestApp {
        let db = TestDb::new().await.expect("test database");
        if demo {
            urp::demo::seed(&db.store).await.expect("demo data");
        }
        let store = db.store.clone();
        Self::start(db, store, config).await
    }

    pub async fn start(db: TestDb, store: Arc<dyn Store>, config: WebConfig) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = AppState::new(store.clone(), config);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            urp_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .expect("server");
        });
        TestApp { addr, store, _db: db, shutdown: Some(tx), server: Some(server) }
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client::new(self.addr, None)
    }

    /// A client that reaches the server under a host name, as a browser would for that ente.
    pub fn client_for_host(&self, host: &str) -> Client {
        Client::new(self.addr, Some(host.to_string()))
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
    }

    pub async fn tenant(&self) -> urp_store::Tenant {
        self.store.default_tenant().await.unwrap().unwrap()
    }
}

pub struct Client {
    pub http: reqwest::Client,
    base: String,
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The CSRF token the page's forms carry.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).map(|i| i + marker.len()).expect("page has a CSRF field");
        let end = self.body[start..].find('"').expect("closing quote");
        self.body[start..start + end].to_string()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect()
    }
}

impl Client {
    fn new(addr: SocketAddr, host: Option<String>) -> Client {
        let mut b = reqwest::Client::builder().cookie_store(true).redirect(Policy::none());
        let base = match &host {
            Some(h) => {
                b = b.resolve(h, addr);
                format!("http://{h}:{}", addr.port())
            }
            None => format!("http://{addr}"),
        };
        Client { http: b.build().expect("client"), base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn page(res: reqwest::Response) -> Page {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap_or_default();
        Page { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.http.get(self.url(path)).header("accept-language", "it-IT,it;q=0.9").send().await.expect("GET"))
            .await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        Self::page(self.http.post(self.url(path)).form(form).send().await.expect("POST")).await
    }

    /// Posts a form with the CSRF token taken from `from` (the page that shows the form).
    pub async fn submit(&self, from: &str, path: &str, form: &[(&str, &str)]) -> Page {
        let token = self.get(from).await.csrf();
        let mut fields: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        fields.extend_from_slice(form);
        self.post(path, &fields).await
    }

    pub async fn login(&self, (email, password): (&str, &str)) -> Page {
        self.submit("/accedi", "/accedi", &[("email", email), ("password", password)]).await
    }
}
