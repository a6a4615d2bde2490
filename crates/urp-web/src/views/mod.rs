//! Page handlers, one module per area.

pub mod admin_channels;
pub mod admin_offices;
pub mod admin_tenant;
pub mod admin_topics;
pub mod admin_users;
pub mod case_settings;
pub mod portal;
pub mod portal_cases;
pub mod portal_kb;
pub mod registry;
pub mod staff;
pub mod staff_cases;
pub mod staff_kb;

use serde::Deserialize;

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
