//! CSRF protection for every state-changing request, in one place: the synchronizer token
//! of the session (or, before login, of a token cookie) must come back in the `csrf_token`
//! form field or the `X-CSRF-Token` header (htmx). Checked before any handler runs.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, Method, header};

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
pub const COOKIE: &str = "urp_csrf";

pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the request and hands it back (with its body restored) when the token matches.
/// `Err(None)` means refused; `Err(Some(status))` means the body itself was unreadable.
pub async fn verify(req: Request, expected: &str, limit: usize) -> Result<Request, Option<axum::http::StatusCode>> {
    if expected.is_empty() {
        return Err(None);
    }
    // Browsers tell us when a request comes from another site: refuse it outright.
    if req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return Err(None);
    }
    if let Some(token) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(token, expected) { Ok(req) } else { Err(None) };
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes =
        axum::body::to_bytes(body, limit).await.map_err(|_| Some(axum::http::StatusCode::PAYLOAD_TOO_LARGE))?;
    let found = token_in_body(&parts.headers, &bytes).await;
    let req = Request::from_parts(parts, Body::from(bytes));
    match found {
        Some(t) if same(&t, expected) => Ok(req),
        _ => Err(None),
    }
}

async fn token_in_body(headers: &HeaderMap, bytes: &Bytes) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if ct.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded_token(bytes);
    }
    if ct.starts_with("multipart/form-data") {
        let mut builder = Request::builder().method(Method::POST);
        if let Some(h) = builder.headers_mut() {
            h.insert(header::CONTENT_TYPE, headers.get(header::CONTENT_TYPE)?.clone());
        }
        let req = builder.body(Body::from(bytes.clone())).ok()?;
        let mut mp = Multipart::from_request(req, &()).await.ok()?;
        while let Ok(Some(field)) = mp.next_field().await {
            if field.name() == Some(FIELD) {
                return field.text().await.ok();
            }
        }
    }
    None
}

fn form_urlencoded_token(bytes: &[u8]) -> Option<String> {
    form_urlencoded::parse(bytes).find(|(k, _)| k == FIELD).map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_token_in_urlencoded_body() {
        assert_eq!(form_urlencoded_token(b"a=1&csrf_token=abc%2B&b=2"), Some("abc+".into()));
        assert_eq!(form_urlencoded_token(b"a=1"), None);
    }

    #[test]
    fn comparison() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }

    #[tokio::test]
    async fn verify_accepts_and_restores_body() {
        let req = Request::builder()
            .method(Method::POST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf_token=tok&name=x"))
            .unwrap();
        let req = verify(req, "tok", 1024).await.unwrap();
        let body = axum::body::to_bytes(req.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], b"csrf_token=tok&name=x");
    }

    #[tokio::test]
    async fn verify_refuses_wrong_missing_and_cross_site() {
        let mk = |body: &'static str| {
            Request::builder()
                .method(Method::POST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap()
        };
        assert!(verify(mk("csrf_token=bad"), "tok", 1024).await.is_err());
        assert!(verify(mk("name=x"), "tok", 1024).await.is_err());
        assert!(verify(mk("csrf_token="), "", 1024).await.is_err());
        let mut cross = mk("csrf_token=tok");
        cross.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(verify(cross, "tok", 1024).await.is_err());
    }

    #[tokio::test]
    async fn verify_reads_multipart() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok\r\n--XX\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--XX--\r\n";
        let req = Request::builder()
            .method(Method::POST)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XX")
            .body(Body::from(body))
            .unwrap();
        assert!(verify(req, "tok", 4096).await.is_ok());
    }
}
