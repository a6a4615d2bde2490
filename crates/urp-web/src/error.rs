//! One error type for every handler. A handler returns `AppError`; the context middleware
//! (which knows the tenant and the language) turns it into an Italian/English HTML page, a
//! JSON problem body for the API, or a small fragment for htmx.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urp_store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Forbidden,
    Csrf,
    NotFound,
    PayloadTooLarge,
    Unavailable,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Forbidden | ErrorKind::Csrf => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Prefix of the message-catalogue keys for this error's title and explanation.
    pub fn key(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "error-400",
            ErrorKind::Forbidden => "error-403",
            ErrorKind::Csrf => "error-csrf",
            ErrorKind::NotFound => "error-404",
            ErrorKind::PayloadTooLarge => "error-413",
            ErrorKind::Unavailable => "error-503",
            ErrorKind::Internal => "error-500",
        }
    }

    pub fn from_status(status: StatusCode) -> Option<ErrorKind> {
        Some(match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ErrorKind::BadRequest
            }
            StatusCode::FORBIDDEN => ErrorKind::Forbidden,
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ErrorKind::NotFound,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::PayloadTooLarge,
            StatusCode::SERVICE_UNAVAILABLE => ErrorKind::Unavailable,
            StatusCode::REQUEST_TIMEOUT | StatusCode::INTERNAL_SERVER_ERROR => ErrorKind::Internal,
            _ => return None,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request")]
    BadRequest,
    #[error("forbidden")]
    Forbidden,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// Not signed in: the answer is a redirect to the login page, which returns to this path.
    #[error("login required")]
    LoginRequired(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::BadRequest => ErrorKind::BadRequest,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::Csrf => ErrorKind::Csrf,
            AppError::NotFound => ErrorKind::NotFound,
            AppError::LoginRequired(_) => ErrorKind::Forbidden,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Internal(_) => ErrorKind::Internal,
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(m) => tracing::error!(error = %m, "internal error"),
            AppError::Unavailable(m) => tracing::warn!(error = %m, "database unavailable"),
            _ => {}
        }
        if let AppError::LoginRequired(path) = &self {
            let target = format!("/accedi?next={}", crate::forms::encode(path));
            return axum::response::Redirect::to(&target).into_response();
        }
        let kind = self.kind();
        let mut res = kind.status().into_response();
        // The body is rendered by the context middleware, which knows tenant and language.
        res.extensions_mut().insert(kind);
        res
    }
}
