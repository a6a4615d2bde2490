//! Static files embedded at build time (see build.rs), served under content-hashed names with
//! a one-year immutable cache, gzip when the client accepts it.

use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub struct Asset {
    pub logical: &'static str,
    pub hashed: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    pub gzip: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The public URL of an asset by its logical name (`bootstrap-italia.min.css`). Unknown names
/// give a URL that 404s rather than a panic; the tests render every page, so a typo shows.
pub fn url(logical: &str) -> String {
    match ASSETS.iter().find(|a| a.logical == logical) {
        Some(a) => format!("/static/{}", a.hashed),
        None => format!("/static/missing/{logical}"),
    }
}

pub async fn serve_path(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.hashed == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepts_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type))
        .header(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"))
        .header(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    let body = match asset.gzip {
        Some(gz) if accepts_gzip => {
            builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            gz
        }
        _ => asset.body,
    };
    builder.body(Body::from(body)).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_assets_are_embedded_with_hashed_names() {
        for name in [
            "bootstrap-italia.min.css",
            "bootstrap-italia.bundle.min.js",
            "sprites.svg",
            "htmx.min.js",
            "fonts.css",
            "urp.css",
        ] {
            let a = ASSETS.iter().find(|a| a.logical == name).unwrap_or_else(|| panic!("{name} missing"));
            assert_ne!(a.hashed, a.logical);
            assert!(!a.body.is_empty());
            assert!(url(name).starts_with("/static/"));
        }
        let fonts = ASSETS.iter().filter(|a| a.content_type == "font/woff2").count();
        assert!(fonts >= 8, "{fonts} fonts");
        let css = ASSETS
            .iter()
            .find(|a| a.logical == "fonts.css")
            .map(|a| String::from_utf8_lossy(a.body))
            .unwrap_or_default();
        assert!(css.contains("Titillium Web") && css.contains("/static/fonts/"));
    }
}
