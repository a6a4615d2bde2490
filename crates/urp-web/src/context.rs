//! Per-request context, resolved once before any handler: the tenant (from the host name),
//! the language, the staff session and the CSRF token. It also checks CSRF on every
//! state-changing request and renders error responses as pages in the request's language.

use crate::csrf;
use crate::error::ErrorKind;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::{AppError, AppState, UnknownHost};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use urp_domain::Actor;
use urp_store::{Tenant, User};

pub const SESSION_COOKIE: &str = "urp_session";

/// A signed-in staff member's session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub actor: Actor,
    pub token_hash: String,
    /// Unread notifications, counted for staff pages only (the menu shows it).
    pub unread: i64,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub tenant: Arc<Tenant>,
    pub lang: Lang,
    pub session: Option<Arc<Session>>,
    pub csrf: String,
    pub path: String,
    /// The query string, kept to build the language switch's return address.
    pub query: Option<String>,
    pub secure: bool,
    pub client_ip: String,
    pub htmx: bool,
    /// `scheme://host[:port]` as the client reached us, for absolute links (tracking URLs).
    pub origin: String,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The session, or a redirect to the login page that comes back here afterwards.
    pub fn require_session(&self) -> Result<&Session, AppError> {
        self.session.as_deref().ok_or_else(|| AppError::LoginRequired(self.path.clone()))
    }

    /// Decides with the policy module; refuses with 403 otherwise.
    pub fn authorize(&self, action: urp_domain::Action) -> Result<&Session, AppError> {
        let s = self.require_session()?;
        if s.actor.may(action) { Ok(s) } else { Err(AppError::Forbidden) }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| AppError::internal("request context missing"))
    }
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn random_token() -> String {
    random_bytes_b64(32)
}

/// `n` bytes from the operating system's CSPRNG, URL-safe base64 without padding.
pub fn random_bytes_b64(n: usize) -> String {
    use base64::Engine as _;
    use rand::RngCore as _;
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies.unwrap_or_else(|| {
        state.config.trust_proxy && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
    })
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure behind HTTPS. `max_age_secs: Some(0)`
/// deletes the cookie; `None` makes it last for the browser session.
pub fn cookie(name: &'static str, value: String, secure: bool, max_age_secs: Option<i64>) -> HeaderValue {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
        .to_string();
    if let Some(secs) = max_age_secs {
        c.push_str(&format!("; Max-Age={secs}"));
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn client_ip(state: &AppState, req: &Request) -> String {
    if state.config.trust_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return ip.to_string();
    }
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

async fn resolve_tenant(state: &AppState, headers: &HeaderMap) -> Result<Arc<Tenant>, AppError> {
    let raw_host = if state.config.trust_proxy {
        headers.get("x-forwarded-host").or_else(|| headers.get(header::HOST))
    } else {
        headers.get(header::HOST)
    };
    let host = raw_host.and_then(|v| v.to_str().ok()).and_then(urp_domain::validate::host_from_header);
    if let Some(h) = &host
        && let Some(t) = state.store.tenant_by_host(h).await?
    {
        return Ok(Arc::new(t));
    }
    match state.config.unknown_host {
        UnknownHost::Default => state.store.default_tenant().await?.map(Arc::new).ok_or(AppError::NotFound),
        UnknownHost::NotFound => Err(AppError::NotFound),
    }
}

/// Paths that need no tenant, session or page rendering.
pub fn is_infrastructure(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/static/")
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_infrastructure(&path) {
        return next.run(req).await;
    }
    let jar = CookieJar::from_headers(req.headers());
    let lang = Lang::negotiate(
        jar.get(LANG_COOKIE).map(|c| c.value()),
        req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    );
    let htmx = req.headers().contains_key("hx-request");
    let api = path.starts_with("/api/");
    let tenant = match resolve_tenant(&state, req.headers()).await {
        Ok(t) => t,
        Err(e) => return crate::pages::error_response(e.kind(), lang, None, api, htmx),
    };
    let secure = is_secure(&state, req.headers());
    let now = Utc::now();

    let mut session = None;
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        let hash = token_hash(&token);
        match state.store.session(tenant.id, &hash, now).await {
            Ok(Some(rec)) => {
                // Sliding expiry, written at most every five minutes rather than on every request.
                if now - rec.last_seen_at > chrono::Duration::minutes(5) {
                    let idle =
                        chrono::Duration::from_std(state.config.session_idle).unwrap_or(chrono::Duration::hours(8));
                    if let Err(e) = state.store.touch_session(tenant.id, &hash, now, now + idle).await {
                        tracing::warn!(error = %e, "could not extend session");
                    }
                }
                let actor = Actor {
                    user_id: rec.user.id,
                    tenant_id: tenant.id,
                    roles: rec.user.data.roles.clone(),
                    offices: rec.user.data.offices.clone(),
                };
                let unread = if path.starts_with("/staff") {
                    state.store.unread_count(tenant.id, rec.user.id).await.unwrap_or(0)
                } else {
                    0
                };
                session = Some((Arc::new(Session { user: rec.user, actor, token_hash: hash, unread }), rec.csrf_token));
            }
            Ok(None) => {}
            Err(e) => return crate::pages::error_response(AppError::from(e).kind(), lang, Some(&tenant), api, htmx),
        }
    }
    let (session, csrf_token, new_csrf_cookie) = match session {
        Some((s, token)) => (Some(s), token, None),
        None => match jar.get(csrf::COOKIE).map(|c| c.value().to_string()).filter(|v| v.len() >= 32) {
            Some(t) => (None, t, None),
            None => {
                let t = random_token();
                (None, t.clone(), Some(t))
            }
        },
    };

    let mut req = req;
    // The JSON API authenticates without cookies, so it is not exposed to CSRF.
    if csrf::is_state_changing(req.method()) && !api {
        match csrf::verify(req, &csrf_token, state.config.body_limit).await {
            Ok(r) => req = r,
            Err(status) => {
                let kind = match status {
                    Some(s) => ErrorKind::from_status(s).unwrap_or(ErrorKind::BadRequest),
                    None => ErrorKind::Csrf,
                };
                tracing::info!(path = %path, "refused state-changing request: CSRF check failed");
                return crate::pages::error_response(kind, lang, Some(&tenant), api, htmx);
            }
        }
    }

    let host_header = if state.config.trust_proxy {
        req.headers().get("x-forwarded-host").or_else(|| req.headers().get(header::HOST))
    } else {
        req.headers().get(header::HOST)
    };
    let origin_host = host_header
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost")
        .to_string();
    let ctx = Ctx {
        origin: format!("{}://{origin_host}", if secure { "https" } else { "http" }),
        client_ip: client_ip(&state, &req),
        tenant: tenant.clone(),
        lang,
        session,
        csrf: csrf_token,
        path,
        query: req.uri().query().map(str::to_string),
        secure,
        htmx,
    };
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;

    // Errors from handlers (and axum's own 404/405/413/415 rejections) become full pages.
    let kind = res.extensions().get::<ErrorKind>().copied().or_else(|| {
        // axum's own rejections come as plain text (or no body at all): show them as pages too.
        let plain = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| v.to_str().is_ok_and(|v| v.starts_with("text/plain")));
        if plain { ErrorKind::from_status(res.status()) } else { None }
    });
    if let Some(kind) = kind {
        let headers = std::mem::take(res.headers_mut());
        res = crate::pages::error_page(kind, &ctx, api);
        for name in [header::SET_COOKIE, header::LOCATION] {
            for v in headers.get_all(&name) {
                res.headers_mut().append(name.clone(), v.clone());
            }
        }
    }
    if let Some(t) = new_csrf_cookie {
        res.headers_mut().append(header::SET_COOKIE, cookie(csrf::COOKIE, t, secure, None));
    }
    res.into_response()
}
