//! The router: routes, then the middleware every request passes through (request id,
//! tracing, metrics by route template, time-out, body limit, security headers, context).

use crate::views::{
    admin_channels, admin_offices, admin_services, admin_tenant, admin_topics, admin_users, case_settings,
    forms_library, notices, portal, portal_cases, portal_services, registry, staff, staff_cases,
};
use crate::{AppState, api, api_catalogue, assets, auth, context, ops};
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::time::Instant;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(state: AppState) -> Router {
    // No inline scripts or styles, nothing from other origins (but the map's tiles), never framed.
    let csp = HeaderValue::from_str(&crate::map::content_security_policy(state.config.map.as_ref()))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let pages = Router::new()
        .route("/", get(portal::home))
        .route("/uffici", get(portal::offices))
        .route("/uffici/{id}", get(portal::office))
        .route("/argomenti", get(portal::topics))
        .route("/cerca", get(portal::search))
        .route("/privacy", get(portal::privacy))
        .route("/accessibilita", get(portal::accessibility))
        .route("/note-legali", get(portal::legal_notes))
        .route("/crediti", get(portal::credits))
        .route("/logo", get(portal::logo))
        .route("/lingua/{code}", get(auth::switch_lang))
        .route("/accedi", get(auth::login_form).post(auth::login))
        .route("/esci", post(auth::logout))
        .route("/staff", get(staff::home))
        .route("/staff/password", get(staff::password_form).post(staff::password))
        .route("/staff/admin/ente", get(admin_tenant::show).post(admin_tenant::save))
        .route("/staff/admin/ente/logo", post(admin_tenant::upload_logo))
        .route("/staff/admin/ente/logo/rimuovi", post(admin_tenant::remove_logo))
        .route("/staff/admin/uffici", get(admin_offices::list))
        .route("/staff/admin/uffici/nuovo", get(admin_offices::new_form).post(admin_offices::create))
        .route("/staff/admin/uffici/{id}", get(admin_offices::edit_form).post(admin_offices::update))
        .route("/staff/admin/uffici/{id}/elimina", post(admin_offices::delete))
        .route("/staff/admin/utenti", get(admin_users::list))
        .route("/staff/admin/utenti/nuovo", get(admin_users::new_form).post(admin_users::create))
        .route("/staff/admin/utenti/{id}", get(admin_users::edit_form).post(admin_users::update))
        .route("/staff/admin/utenti/{id}/password", post(admin_users::set_password))
        .route("/staff/admin/argomenti", get(admin_topics::list).post(admin_topics::create))
        .route("/staff/admin/argomenti/{id}", get(admin_topics::edit_form).post(admin_topics::update))
        .route("/staff/admin/argomenti/{id}/elimina", post(admin_topics::delete))
        .route("/staff/admin/canali", get(admin_channels::list).post(admin_channels::save))
        .route("/staff/admin/canali/nuovo", post(admin_channels::create))
        .route("/staff/admin/registro", get(admin_channels::audit))
        .route("/richieste", get(portal_cases::requests))
        .route("/invia/{kind}", get(portal_cases::form).post(portal_cases::submit))
        .route("/ricevuta/{tracking}", get(portal_cases::receipt))
        .route("/segui", get(portal_cases::lookup))
        .route("/segui/{tracking}", get(portal_cases::track))
        .route("/staff/casi", get(staff_cases::queue))
        .route("/staff/casi/nuovo", get(staff_cases::new_form).post(staff_cases::create))
        .route("/staff/casi/{id}", get(staff_cases::show).post(staff_cases::act))
        .route("/staff/casi/{id}/allegati/{aid}", get(staff_cases::attachment))
        .route("/staff/casi/{id}/risposta", post(staff_cases::reply))
        .route("/segui/{tracking}/allegati/{aid}", get(portal_cases::attachment))
        .route("/staff/registro-protocollo", get(registry::daily))
        .route("/staff/posta", get(case_settings::outbox))
        .route("/staff/admin/termini", get(case_settings::page))
        .route("/staff/admin/termini/termini", post(case_settings::save_terms))
        .route("/staff/admin/termini/chiusure", post(case_settings::add_closure))
        .route("/staff/admin/termini/chiusure/rimuovi", post(case_settings::remove_closure))
        .merge(crate::views::routing_routes())
        .route("/api/v1/cases", post(api::create_case))
        .route("/api/v1/cases/{tracking}", get(api::get_case))
        .merge(catalogue_routes())
        .fallback(portal::not_found);

    let infra = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/static/{*name}", get(assets::serve_path));

    let config = state.config.clone();
    infra
        .merge(pages)
        // Inside the context middleware, so a time-out is shown as the Italian 503 page.
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
        .layer(middleware::from_fn_with_state(state.clone(), context::middleware))
        .layer(middleware::from_fn(no_store_for_pages))
        .layer(middleware::from_fn(track_metrics))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(self), interest-cohort=()"),
        ))
        .layer(CatchPanicLayer::custom(panic_page))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// The service catalogue and the forms library: staff editors, public pages, Open311 API.
fn catalogue_routes() -> Router<AppState> {
    Router::new()
        .route("/staff/catalogo/servizi", get(admin_services::list))
        .route("/staff/catalogo/servizi/nuovo", get(admin_services::new_form).post(admin_services::create))
        .route("/staff/catalogo/servizi/{id}", get(admin_services::edit_form).post(admin_services::update))
        .route("/staff/catalogo/moduli", get(forms_library::staff_list))
        .route("/staff/catalogo/moduli/nuovo", get(forms_library::new_form).post(forms_library::create))
        .route("/staff/catalogo/moduli/{id}", get(forms_library::edit).post(forms_library::update))
        .route("/servizi", get(portal_services::list))
        .route("/servizi/{code}", get(portal_services::show))
        .route("/servizi/{code}/richiesta", get(portal_services::request_form).post(portal_services::request_submit))
        .route("/modulistica", get(forms_library::public_list))
        .route("/modulistica/{id}", get(forms_library::public_show))
        .route("/modulistica/{id}/scarica", get(forms_library::download))
        .route("/modulistica/{id}/versioni/{vid}", get(forms_library::download_version))
        .route("/staff/catalogo/avvisi", get(notices::staff_list))
        .route("/staff/catalogo/avvisi/nuovo", get(notices::new_form).post(notices::create))
        .route("/staff/catalogo/avvisi/{id}", get(notices::edit).post(notices::update))
        .route("/novita", get(notices::public_list))
        .route("/novita.atom", get(notices::feed))
        .route("/novita/{id}", get(notices::public_show))
        .route("/novita/{id}/immagine", get(notices::image))
        .route("/api/v1/services", get(api_catalogue::services))
        .route("/api/v1/services.json", get(api_catalogue::services))
        .route("/api/v1/services/{code}", get(api_catalogue::definition))
}

/// Pages can carry personal data and CSRF tokens: never cache them in shared caches.
async fn no_store_for_pages(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    if !is_static && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Request count and latency, labelled by route template (bounded cardinality), not raw path.
async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route =
        req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    res
}

/// A handler that panicked still gets a proper page (in Italian: the request's context is gone
/// with the panic), and the panic is logged.
fn panic_page(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = %msg, "request handler panicked");
    crate::pages::error_response(crate::error::ErrorKind::Internal, crate::i18n::Lang::It, None, false, false)
}
