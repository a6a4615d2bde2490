//! The web layer of URP: the citizen portal, the staff screens and the operations endpoints,
//! as one axum router over an `Arc<dyn Store>`.

mod api;
mod api_catalogue;
pub mod assets;
mod auth;
pub mod case_flow;
mod context;
mod csrf;
pub mod deadline_text;
pub mod duplicates;
mod error;
mod forms;
pub mod i18n;
pub mod intake;
pub mod jobs;
mod layers;
pub mod library;
pub mod mail;
pub mod map;
mod ops;
mod pages;
pub mod password;
pub mod provision;
pub mod routing_flow;
pub mod service_intake;
mod views;

use std::sync::Arc;
use std::time::Duration;
use urp_store::Store;

pub use error::AppError;

/// What to do with a request whose host name no tenant claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownHost {
    /// Serve the default tenant (a single-ente install reached by IP or any name).
    Default,
    /// Answer 404: a shared service where every ente has its own host names.
    NotFound,
}

#[derive(Debug, Clone)]
pub struct WebConfig {
    pub unknown_host: UnknownHost,
    /// Mark cookies `Secure`. `None`: decide per request from `X-Forwarded-Proto: https`.
    pub secure_cookies: Option<bool>,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    pub trust_proxy: bool,
    pub session_idle: Duration,
    pub request_timeout: Duration,
    pub body_limit: usize,
    /// Failed logins per e-mail (and ten times that per client address) within `login_window`
    /// before further attempts are refused.
    pub login_max_failures: i64,
    pub login_window: Duration,
    /// Case submissions per minute per client address on the public intake (portal forms and
    /// API); 0 turns the limit off.
    pub intake_rate_limit: u32,
    /// The map on the report form; `None`: address and the browser's position only.
    pub map: Option<map::MapConfig>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            unknown_host: UnknownHost::Default,
            secure_cookies: None,
            trust_proxy: false,
            session_idle: Duration::from_secs(8 * 3600),
            request_timeout: Duration::from_secs(30),
            body_limit: 10 * 1024 * 1024,
            login_max_failures: 5,
            login_window: Duration::from_secs(15 * 60),
            intake_rate_limit: 30,
            map: None,
        }
    }
}

pub type IntakeLimiter = governor::DefaultKeyedRateLimiter<String>;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    /// Per-server limiter of public submissions (each app server counts its own clients).
    pub intake_limiter: Option<Arc<IntakeLimiter>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> AppState {
        let intake_limiter = std::num::NonZeroU32::new(config.intake_rate_limit)
            .map(|n| Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(n))));
        AppState { store, config: Arc::new(config), metrics: install_metrics(), intake_limiter }
    }

    /// Whether this client may submit one more case now.
    pub fn intake_allowed(&self, client: &str) -> bool {
        self.intake_limiter.as_ref().is_none_or(|l| l.check_key(&client.to_string()).is_ok())
    }
}

pub use layers::router;

/// Serves `router` on `listener` until `shutdown` resolves, then drains in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Installs the Prometheus recorder once per process and returns its handle.
pub fn install_metrics() -> Option<metrics_exporter_prometheus::PrometheusHandle> {
    static HANDLE: std::sync::OnceLock<Option<metrics_exporter_prometheus::PrometheusHandle>> =
        std::sync::OnceLock::new();
    HANDLE.get_or_init(|| metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder().ok()).clone()
}
