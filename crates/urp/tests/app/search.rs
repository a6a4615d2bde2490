//! Search over HTTP: the API's shape, outbox-driven indexing (a published edit becomes
//! searchable, an unpublished sheet never shows), the portal and staff pages, synonyms,
//! content gaps, garbage queries, and the rebuild of a damaged index.

use crate::helpers::{BACK, FRONT, TestApp};
use chrono::Utc;
use std::time::{Duration, Instant};
use urp_domain::kb::SheetState;
use urp_store::SheetContent;
use urp_web::search::SearchService;

/// Waits until the server's index has applied every outbox row.
async fn indexed(app: &TestApp) {
    let start = Instant::now();
    loop {
        let r = app.client().get("/readyz").await;
        if r.body.contains("search: lag 0") {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "index never caught up: {}", r.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn api(app: &TestApp, q: &str) -> serde_json::Value {
    let url = format!("/api/v1/search?q={}&limit=5", urlencode(q));
    let r = app.client().get(&url).await;
    assert_eq!(r.status, 200, "{q:?}: {}", r.body);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{q:?}: {e}: {}", r.body))
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn ids(v: &serde_json::Value) -> Vec<i64> {
    v["results"].as_array().map(|a| a.iter().filter_map(|r| r["id"].as_i64()).collect()).unwrap_or_default()
}

fn content(title: &str, word: &str) -> SheetContent {
    SheetContent {
        title: title.into(),
        service_active: true,
        summary: format!("Come ottenere il {word}."),
        audience: "Ai residenti.".into(),
        how_to: "Allo sportello.".into(),
        needed: "Un documento.".into(),
        obtained: "Il servizio.".into(),
        deadlines: "Subito.".into(),
        keywords: vec![word.into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn api_returns_published_sheets_best_first_with_highlighted_snippets() {
    let app = TestApp::demo().await;
    indexed(&app).await;
    let v = api(&app, "carta d'identita scaduta").await;
    assert!(v["total"].as_u64().unwrap_or(0) >= 1, "{v}");
    let first = &v["results"][0];
    assert_eq!(first["type"], "sheet");
    assert_eq!(first["external_id"], "vf-cie");
    assert!(first["title"].as_str().unwrap_or("").contains("Carta d'identità"));
    assert!(first["url"].as_str().unwrap_or("").starts_with("/servizi/"));
    assert!(first["snippet"].as_str().unwrap_or("").contains("<mark>"), "{first}");
    assert!(first["score"].as_f64().unwrap_or(0.0) > 0.0);
    let scores: Vec<f64> = v["results"].as_array().unwrap().iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    // Foreign residents and typos.
    assert_eq!(api(&app, "identity card").await["results"][0]["external_id"], "vf-cie");
    assert_eq!(api(&app, "carta d'identitá elettronika").await["results"][0]["external_id"], "vf-cie");
    app.stop().await;
}

#[tokio::test]
async fn garbage_queries_never_fail() {
    let app = TestApp::demo().await;
    let long = "parola ".repeat(3000);
    for q in ["", "   ", "\"", "((", "title:x AND", "*?~^", "<script>alert(1)</script>", "😀", "%00", &long] {
        let v = api(&app, q).await;
        assert!(v["results"].is_array(), "{q:?}");
        let r = app.client().get(&format!("/cerca?q={}", urlencode(q))).await;
        assert_eq!(r.status, 200, "{q:?}");
        assert!(!r.body.contains("<script>alert"), "escaped");
    }
    app.stop().await;
}

#[tokio::test]
async fn outbox_drives_the_index_and_unpublished_sheets_never_show() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    indexed(&app).await;
    assert_eq!(api(&app, "zibaldone").await["total"], 0);

    // A published sheet written through the store (outbox row in the same transaction) is
    // found within seconds, with no other signal to this server.
    let s = app
        .store
        .create_sheet(
            t.id,
            None,
            &content("Prestito dello zibaldone", "zibaldone"),
            SheetState::Pubblicata,
            None,
            "n",
            Utc::now(),
        )
        .await
        .unwrap();
    let start = Instant::now();
    while ids(&api(&app, "zibaldone").await) != vec![s.id] {
        assert!(start.elapsed() < Duration::from_secs(5), "published sheet not searchable");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Archived: gone at once, even before the index hears of it (results are re-checked).
    app.store
        .set_sheet_state(t.id, s.id, SheetState::Pubblicata, SheetState::Archiviata, None, Utc::now())
        .await
        .unwrap();
    assert!(ids(&api(&app, "zibaldone").await).is_empty());
    indexed(&app).await;
    assert_eq!(api(&app, "zibaldone").await["total"], 0);

    // A draft is never returned.
    let d = app
        .store
        .create_sheet(
            t.id,
            None,
            &content("Bozza sul quadernone", "quadernone"),
            SheetState::Bozza,
            None,
            "n",
            Utc::now(),
        )
        .await
        .unwrap();
    indexed(&app).await;
    assert!(!ids(&api(&app, "quadernone").await).contains(&d.id));
    app.stop().await;
}

#[tokio::test]
async fn portal_search_filters_logs_and_shows_popular_sheets_when_empty() {
    let app = TestApp::demo().await;
    indexed(&app).await;
    let c = app.client();
    let empty = c.get("/cerca").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Le schede più consultate"));
    assert!(empty.body.contains("/servizi/"));
    let r = c.get("/cerca?q=spazzatura").await;
    assert!(r.body.contains("<mark>"), "highlighted");
    assert!(r.body.contains("/cerca/apri/"), "result links record the click");
    let only_offices = c.get("/cerca?q=anagrafe&tipo=office").await;
    assert!(only_offices.body.contains("Ufficio") && !only_offices.body.contains("/cerca/apri/"));
    // A search nobody could answer shows up among the content gaps.
    c.get("/cerca?q=ornitorinco").await;
    let staff = app.client();
    staff.login(BACK).await;
    let gaps = staff.get("/staff/kb/lacune").await;
    assert_eq!(gaps.status, 200);
    assert!(gaps.body.contains("ornitorinco"));
    // The front office may not edit synonyms nor read gaps.
    let front = app.client();
    front.login(FRONT).await;
    assert_eq!(front.get("/staff/kb/lacune").await.status, 403);
    app.stop().await;
}

#[tokio::test]
async fn staff_search_as_you_type_and_synonyms_editor() {
    let app = TestApp::demo().await;
    indexed(&app).await;
    let front = app.client();
    front.login(FRONT).await;
    let full = front.get("/staff/cerca?q=carta+identita").await;
    assert_eq!(full.status, 200);
    assert!(full.body.contains("hx-get=\"/staff/cerca\""));
    assert!(full.body.contains("Copia link") && full.body.contains("mailto:"));

    let back = app.client();
    back.login(BACK).await;
    assert!(ids(&api(&app, "ornitorinco").await).is_empty());
    let bad = back.submit("/staff/admin/sinonimi", "/staff/admin/sinonimi", &[("groups", "ornitorinco\n")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("almeno due termini") && bad.body.contains("ornitorinco"), "message and input kept");
    let ok = back
        .submit("/staff/admin/sinonimi", "/staff/admin/sinonimi", &[("groups", "ornitorinco, carta d'identità\n")])
        .await;
    assert!(ok.status == 303 || ok.status == 200, "{}", ok.status);
    let page = back.get("/staff/admin/sinonimi").await;
    assert!(
        page.body.contains("ornitorinco, carta d&#39;identità") || page.body.contains("ornitorinco, carta d'identità")
    );
    let v = api(&app, "ornitorinco").await;
    assert_eq!(v["results"][0]["external_id"], "vf-cie", "synonym applies at once: {v}");
    app.stop().await;
}

#[tokio::test]
async fn a_damaged_index_directory_is_rebuilt_from_the_database() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("search");
    {
        let svc = SearchService::open(&dir).unwrap();
        assert!(!svc.is_ready(), "a new index must be built first");
        assert!(svc.rebuild(app.store.as_ref()).await.unwrap() >= 10);
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "idx" || x == "term" || x == "store") {
            std::fs::write(&p, b"rovinato").unwrap();
        }
    }
    let svc = SearchService::open(&dir).unwrap();
    assert!(!svc.is_ready());
    // While rebuilding, searches are answered from the database.
    let q = urp_search::SearchQuery::new("carta", 5);
    let out = svc.search(app.store.as_ref(), t.id, &q).await.unwrap();
    assert!(out.degraded && !out.results.is_empty());
    svc.rebuild(app.store.as_ref()).await.unwrap();
    let out = svc.search(app.store.as_ref(), t.id, &urp_search::SearchQuery::new("carta identita", 5)).await.unwrap();
    assert!(!out.degraded);
    assert_eq!(out.results[0].external_id.as_deref(), Some("vf-cie"));
    app.stop().await;
}

#[tokio::test]
async fn relevance_through_the_product_import_path() {
    let dir = urp::search_cli::default_eval_dir();
    assert!(dir.join("queries.jsonl").exists(), "evaluation set not found at {}", dir.display());
    let r = urp::search_cli::evaluate_product(&dir.join("sheets.jsonl"), &dir.join("queries.jsonl")).await.unwrap();
    println!("{r}");
    assert!(r.overall.mrr10 >= 0.957 - 0.02, "MRR@10 {:.3}", r.overall.mrr10);
    assert!(r.overall.recall3 >= 0.943 - 0.02, "recall@3 {:.3}", r.overall.recall3);
}
