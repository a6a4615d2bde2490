use crate::helpers::*;
use serde_json::{Value, json};
use urp_store::CaseFilter;

fn body() -> Value {
    json!({
        "kind": "segnalazione",
        "channel": "app",
        "subject": "Lampione spento",
        "description": "Il lampione davanti al civico 12 è spento da tre giorni.",
        "topic": "Polizia",
        "citizen": {"name": "Anna", "surname": "Verdi", "email": "anna.verdi@example.org", "fiscal_code": "RSSMRA85T10A562S"},
        "location": {"address": "Via Roma 12", "lat": 42.35, "lon": 12.71}
    })
}

async fn post(c: &Client, b: &Value, key: Option<&str>) -> (u16, Value) {
    let mut req = c.http.post(c.url("/api/v1/cases")).header("accept-language", "it").json(b);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn api_creates_a_case_with_number_deadline_and_tracking() {
    let app = TestApp::demo().await;
    let c = app.client();
    let (status, v) = post(&c, &body(), None).await;
    assert_eq!(status, 201, "{v}");
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(v["registry_number"], format!("{year}/0000001"));
    let tracking = v["tracking_code"].as_str().unwrap();
    assert!(tracking.len() >= 22, "at least 128 bits");
    assert!(v["tracking_url"].as_str().unwrap().ends_with(&format!("/segui/{tracking}")));
    assert!(v["due_date"].as_str().is_some());
    assert!(v["received_at"].as_str().unwrap().ends_with('Z'));

    let (status, v2) = post(&c, &body(), None).await;
    assert_eq!(status, 201);
    assert_eq!(v2["registry_number"], format!("{year}/0000002"));

    let public: Value =
        c.http.get(c.url(&format!("/api/v1/cases/{tracking}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(public["registry_number"], v["registry_number"]);
    assert_eq!(public["status"], "nuova");
    assert_eq!(public["stage"], "inviata");
    assert!(public.to_string().find("anna.verdi").is_none(), "no personal data on the public state");
    assert_eq!(c.get("/api/v1/cases/nonesiste").await.status, 404);
    app.stop().await;
}

#[tokio::test]
async fn idempotency_key_returns_the_first_answer() {
    let app = TestApp::demo().await;
    let c = app.client();
    let (s1, v1) = post(&c, &body(), Some("abc-123")).await;
    let (s2, v2) = post(&c, &body(), Some("abc-123")).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(v1, v2);
    let t = app.tenant().await;
    assert_eq!(app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(), 1);
    app.stop().await;
}

#[tokio::test]
async fn invalid_submissions_store_nothing_and_consume_no_number() {
    let app = TestApp::demo().await;
    let c = app.client();
    let mut b = body();
    b["description"] = json!("x".repeat(4001));
    b["citizen"]["email"] = json!("anna@");
    b["citizen"]["fiscal_code"] = json!("RSSMRA85T10A562X");
    b["kind"] = json!("lamentela");
    let (status, v) = post(&c, &b, None).await;
    assert_eq!(status, 422, "{v}");
    let fields: Vec<&str> = v["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["kind", "description", "email", "fiscal_code"] {
        assert!(fields.contains(&f), "{f}: {v}");
    }
    assert!(v["errors"].to_string().contains("codice fiscale non è valido"), "Italian messages: {v}");

    let mut unknown = body();
    unknown["topic"] = json!("Astronomia");
    assert_eq!(post(&c, &unknown, None).await.0, 422);
    let res = c
        .http
        .post(c.url("/api/v1/cases"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    let t = app.tenant().await;
    assert_eq!(app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(), 0);
    let (_, ok) = post(&c, &body(), None).await;
    assert!(ok["registry_number"].as_str().unwrap().ends_with("/0000001"), "no number was consumed: {ok}");
    app.stop().await;
}

#[tokio::test]
async fn public_intake_is_rate_limited_per_client() {
    let cfg = urp_web::WebConfig { intake_rate_limit: 2, ..Default::default() };
    let app = TestApp::with_config(cfg, true).await;
    let c = app.client();
    assert_eq!(post(&c, &body(), None).await.0, 201);
    assert_eq!(post(&c, &body(), None).await.0, 201);
    let (status, v) = post(&c, &body(), None).await;
    assert_eq!(status, 429, "{v}");
    app.stop().await;

    let off = urp_web::WebConfig { intake_rate_limit: 0, ..Default::default() };
    let app = TestApp::with_config(off, true).await;
    let c = app.client();
    for _ in 0..40 {
        assert_eq!(post(&c, &body(), None).await.0, 201);
    }
    app.stop().await;
}
