//! Storage for search: synonyms, the search log and its content gaps, the outbox position and
//! pruning, and the publication checks results pass.

use chrono::{Duration, TimeZone, Utc};
use std::sync::Arc;
use urp_domain::TenantId;
use urp_domain::kb::SheetState;
use urp_store::test_support::TestDb;
use urp_store::*;

async fn tenant(s: &Arc<dyn Store>, slug: &str) -> TenantId {
    s.create_tenant(
        &NewTenant {
            slug: slug.into(),
            data: TenantData { name: slug.into(), ipa_code: "c_x".into(), ..Default::default() },
            hosts: vec![],
            is_default: false,
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id
}

fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).single().unwrap()
}

async fn sheet(s: &Arc<dyn Store>, t: TenantId, title: &str, state: SheetState) -> i64 {
    let c = SheetContent {
        title: title.into(),
        service_active: true,
        summary: format!("Riassunto di {title}"),
        audience: "Ai residenti.".into(),
        how_to: "Allo sportello.".into(),
        needed: "Documento.".into(),
        obtained: "Il servizio.".into(),
        deadlines: "Subito.".into(),
        keywords: vec!["parola chiave".into()],
        ..Default::default()
    };
    s.create_sheet(t, None, &c, state, None, "creata", at(9)).await.unwrap().id
}

#[tokio::test]
async fn synonym_groups_are_replaced_per_tenant() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let (a, b) = (tenant(s, "alfa").await, tenant(s, "beta").await);
    let groups =
        vec![vec!["spazzatura".to_string(), "rifiuti".to_string()], vec!["CIE".into(), "carta d'identità".into()]];
    s.replace_synonym_groups(a, &groups, at(9)).await.unwrap();
    assert_eq!(s.synonym_groups(a).await.unwrap(), groups);
    assert!(s.synonym_groups(b).await.unwrap().is_empty());
    s.replace_synonym_groups(a, &groups[1..], at(10)).await.unwrap();
    assert_eq!(s.synonym_groups(a).await.unwrap(), groups[1..].to_vec());
}

#[tokio::test]
async fn content_gaps_count_empty_and_unclicked_searches() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await;
    let other = tenant(s, "beta").await;
    for _ in 0..3 {
        s.log_search(t, "passaporto", "portal", 0, at(9)).await.unwrap();
    }
    let clicked = s.log_search(t, "carta identita", "portal", 4, at(10)).await.unwrap();
    s.log_search_click(t, clicked, 7, at(10)).await.unwrap();
    s.log_search(t, "tari", "staff", 2, at(11)).await.unwrap();
    s.log_search(other, "passaporto", "portal", 0, at(9)).await.unwrap();
    // A click from another tenant's id changes nothing.
    let gaps = s.content_gaps(t, at(8), 10).await.unwrap();
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert_eq!(
        (gaps[0].query.as_str(), gaps[0].searches, gaps[0].no_results, gaps[0].no_click),
        ("passaporto", 3, 3, 0)
    );
    assert_eq!((gaps[1].query.as_str(), gaps[1].no_results, gaps[1].no_click), ("tari", 0, 1));
    assert_eq!(gaps[1].last_at, at(11));
    assert!(s.content_gaps(t, at(12), 10).await.unwrap().is_empty(), "window respected");
}

#[tokio::test]
async fn outbox_position_pruning_and_publication_checks() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await;
    let other = tenant(s, "beta").await;
    let published = sheet(s, t, "Carta d'identità", SheetState::Pubblicata).await;
    let draft = sheet(s, t, "Passaporto", SheetState::Bozza).await;
    let foreign = sheet(s, other, "Tari", SheetState::Pubblicata).await;
    // Every sheet write leaves a search outbox row.
    let (pending, max) = s.search_outbox_position(0).await.unwrap();
    assert!(pending >= 3 && max > 0, "{pending} {max}");
    assert_eq!(s.search_outbox_position(max).await.unwrap(), (0, max));

    let ok = s.published_sheet_ids(t, &[published, draft, foreign, 999_999]).await.unwrap();
    assert_eq!(ok, vec![published]);
    assert!(s.published_sheet_ids(t, &[]).await.unwrap().is_empty());

    let viewed = s.most_viewed_sheets(t, 10).await.unwrap();
    assert_eq!(viewed.iter().map(|b| b.id).collect::<Vec<_>>(), vec![published]);
    let like = s.sheets_like(t, &["carta".into(), "identità".into()], 10).await.unwrap();
    assert_eq!(like.len(), 1);
    assert!(s.sheets_like(t, &["passaporto".into()], 10).await.unwrap().is_empty(), "drafts never match");
    assert!(s.sheets_like(t, &["100%_\\".into()], 10).await.unwrap().is_empty(), "LIKE wildcards are literal");

    assert_eq!(s.prune_search_outbox(at(9) - Duration::hours(1)).await.unwrap(), 0);
    assert!(s.prune_search_outbox(at(9) + Duration::seconds(1)).await.unwrap() >= 3);
    assert_eq!(s.search_outbox_position(0).await.unwrap().0, 0);
}
