//! Operations endpoints: liveness, readiness and Prometheus metrics.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Alive: the process answers. No dependency is checked, so a database blip never makes a
/// load balancer kill healthy app servers.
pub async fn healthz() -> Response {
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok\n").into_response()
}

/// Ready: the database answers within a second and every migration is applied. The body also
/// reports the search index: how many outbox rows it has not applied yet (its lag), or that it
/// is being rebuilt (searches are then answered by a simpler database match, so still ready).
pub async fn readyz(State(state): State<AppState>) -> Response {
    let check = async {
        state.store.ping().await?;
        state.store.migrations_current().await
    };
    let (status, body) = match tokio::time::timeout(Duration::from_secs(1), check).await {
        Ok(Ok(true)) => (StatusCode::OK, format!("ready\n{}\n", search_status(&state).await)),
        Ok(Ok(false)) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending\n".to_string()),
        Ok(Err(e)) => (StatusCode::SERVICE_UNAVAILABLE, format!("database: {e}\n")),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database: no answer within 1s\n".to_string()),
    };
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}

async fn search_status(state: &AppState) -> String {
    if !state.search.is_ready() {
        return "search: rebuilding".to_string();
    }
    match state.store.search_outbox_position(state.search.mark()).await {
        Ok((lag, _)) => format!("search: lag {lag}"),
        Err(e) => format!("search: lag unknown ({e})"),
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    match &state.metrics {
        Some(h) => (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
