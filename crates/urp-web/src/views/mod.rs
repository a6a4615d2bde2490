//! Page handlers, one module per area.

pub mod admin_channels;
pub mod admin_offices;
pub mod admin_services;
pub mod admin_tenant;
pub mod admin_topics;
pub mod admin_users;
pub mod case_settings;
pub mod forms_library;
pub mod notices;
pub mod notifications;
pub mod office_queue;
pub mod portal;
pub mod portal_cases;
pub mod portal_services;
pub mod registry;
pub mod routing_case;
pub mod routing_menu;
pub mod routing_rules;
pub mod staff;
pub mod staff_cases;
pub mod waiting;

use serde::Deserialize;

/// The pages and forms of the back-office loop (routing, opinions, notifications, rules,
/// "who is waiting for whom"), merged into the router as one block.
pub fn routing_routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/staff/casi/{id}/smista", post(routing_case::route))
        .route("/staff/casi/{id}/prendi", post(routing_case::take))
        .route("/staff/casi/{id}/parere", post(routing_case::ask))
        .route("/staff/casi/{id}/parere/{oid}", post(routing_case::answer))
        .route("/staff/casi/{id}/proposta", post(routing_case::propose))
        .route("/staff/casi/{id}/proposta/{pid}", post(routing_case::decide))
        .route("/staff/casi/{id}/segui", post(routing_case::follow))
        .route("/staff/casi/{id}/unisci", post(routing_case::merge))
        .route("/staff/casi/{id}/separa", post(routing_case::unmerge))
        .route("/staff/ufficio", get(office_queue::show))
        .route("/staff/attese", get(waiting::show))
        .route("/staff/notifiche", get(notifications::list))
        .route("/staff/notifiche/lette", post(notifications::mark_read))
        .route("/staff/notifiche/preferenze", get(notifications::prefs).post(notifications::save_prefs))
        .route("/staff/admin/smistamento", get(routing_rules::show).post(routing_rules::create))
        .route("/staff/admin/smistamento/impostazioni", post(routing_rules::save_settings))
        .route("/staff/admin/smistamento/{id}/elimina", post(routing_rules::delete))
        .route("/staff/admin/smistamento/{id}/sposta", post(routing_rules::reorder))
}

/// `?ok=saved` after a successful POST-redirect-GET: which confirmation to show.
#[derive(Deserialize, Default)]
pub struct Notice {
    pub ok: Option<String>,
}

/// A numeric id from the path; anything else is a page that does not exist (404), not a
/// malformed request.
pub struct Id(pub i64);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Id {
    type Rejection = crate::AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| crate::AppError::NotFound)?;
        raw.parse::<i64>().map(Id).map_err(|_| crate::AppError::NotFound)
    }
}
