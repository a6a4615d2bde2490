use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use urp_domain::kb::SheetState;
use urp_domain::{OfficeId, TenantId, UserId};
use urp_store::test_support::TestDb;
use urp_store::*;

async fn tenant(s: &Arc<dyn Store>, slug: &str) -> Tenant {
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
}

async fn office(s: &Arc<dyn Store>, t: TenantId, name: &str, email: Option<&str>) -> OfficeId {
    let d = OfficeData {
        name: name.into(),
        competences: "Competenze".into(),
        email: email.map(str::to_string),
        ..Default::default()
    };
    s.create_office(t, &d, Utc::now()).await.unwrap().id
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).single().unwrap()
}

fn content(title: &str, office: Option<OfficeId>) -> SheetContent {
    SheetContent {
        title: title.into(),
        service_active: true,
        summary: "Come chiedere il servizio.".into(),
        audience: "Ai residenti.".into(),
        how_to: "Prenota allo sportello.".into(),
        needed: "Un documento d'identità.".into(),
        obtained: "Il certificato.".into(),
        deadlines: "Subito.".into(),
        office_id: office,
        keywords: vec!["anagrafe".into(), "certificato".into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn every_save_is_a_version_and_a_restore_is_a_new_one() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let o = office(s, t, "Anagrafe", None).await;
    let topic = s.create_topic(t, "Certificati", None, Utc::now()).await.unwrap().id;
    let mut c = content("Certificato di residenza", Some(o));
    c.topic_ids = vec![topic];
    c.notes = "Solo per operatori".into();
    let created = s.create_sheet(t, Some("kb-1"), &c, SheetState::Bozza, None, "creata", at(9)).await.unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.content, c, "everything written is read back, links included");
    assert_eq!(s.sheet_by_external_id(t, "kb-1").await.unwrap().map(|x| x.id), Some(created.id));

    let mut c2 = c.clone();
    c2.costs = "16,00 euro di bollo".into();
    let saved = s.update_sheet(t, created.id, &c2, Some(1), Some(UserId(9)), "", at(10)).await.unwrap();
    assert!(saved.changed);
    assert_eq!(saved.sheet.version, 2);
    // The same content again: no new version.
    let same = s.update_sheet(t, created.id, &c2, Some(2), None, "", at(11)).await.unwrap();
    assert!(!same.changed);
    assert_eq!(same.sheet.version, 2);
    // A stale form (version 1) is refused rather than overwriting version 2.
    let stale = s.update_sheet(t, created.id, &c, Some(1), None, "", at(11)).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");

    let versions = s.sheet_versions(t, created.id).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(versions[0].actor_id, Some(UserId(9)));
    assert_eq!(versions[0].at, at(10));
    assert_eq!(versions[1].content, c);
    let v1 = s.sheet_version(t, created.id, 1).await.unwrap();
    let restored = s.update_sheet(t, created.id, &v1.content, Some(2), None, "ripristino v1", at(12)).await.unwrap();
    assert!(restored.changed);
    assert_eq!(restored.sheet.version, 3);
    assert_eq!(restored.sheet.content, c);
    assert_eq!(s.sheet_versions(t, created.id).await.unwrap().len(), 3);
    assert!(matches!(s.sheet_version(t, created.id, 9).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn workflow_steps_are_versions_and_only_from_the_expected_state() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let sh =
        s.create_sheet(t, None, &content("Passo carrabile", None), SheetState::Bozza, None, "", at(9)).await.unwrap();
    assert_eq!(sh.published_at, None);
    let r = s.set_sheet_state(t, sh.id, SheetState::Bozza, SheetState::InRevisione, None, at(10)).await.unwrap();
    assert_eq!((r.state, r.version), (SheetState::InRevisione, 2));
    let twice = s.set_sheet_state(t, sh.id, SheetState::Bozza, SheetState::InRevisione, None, at(10)).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))));
    let p = s
        .set_sheet_state(t, sh.id, SheetState::InRevisione, SheetState::Pubblicata, Some(UserId(3)), at(11))
        .await
        .unwrap();
    assert_eq!(p.published_at, Some(at(11)));
    let v = s.sheet_versions(t, sh.id).await.unwrap();
    assert_eq!(v[0].state, SheetState::Pubblicata);
    assert_eq!(v[0].actor_id, Some(UserId(3)));
    assert_eq!(s.published_sheets(t).await.unwrap().len(), 1);
}

#[tokio::test]
async fn lists_filter_by_state_office_topic_and_review_date() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let other = tenant(s, "beta").await.id;
    let o1 = office(s, t, "Anagrafe", None).await;
    let o2 = office(s, t, "Tributi", None).await;
    let topic = s.create_topic(t, "Tasse", None, Utc::now()).await.unwrap().id;
    let mut a = content("A", Some(o1));
    a.review_by = Some(day(2026, 11, 1));
    let mut b = content("B", Some(o2));
    b.topic_ids = vec![topic];
    b.review_by = Some(day(2027, 1, 1));
    s.create_sheet(t, None, &a, SheetState::Pubblicata, None, "", at(9)).await.unwrap();
    s.create_sheet(t, None, &b, SheetState::Bozza, None, "", at(9)).await.unwrap();
    s.create_sheet(other, None, &content("C", None), SheetState::Pubblicata, None, "", at(9)).await.unwrap();
    let titles = |v: Vec<Sheet>| v.into_iter().map(|s| s.content.title).collect::<Vec<_>>();
    let all = SheetFilter::default();
    assert_eq!(titles(s.list_sheets(t, &all, 100, 0).await.unwrap()), vec!["A", "B"]);
    assert_eq!(s.count_sheets(t, &all).await.unwrap(), 2);
    let f = SheetFilter { states: vec![SheetState::Bozza], ..Default::default() };
    assert_eq!(titles(s.list_sheets(t, &f, 100, 0).await.unwrap()), vec!["B"]);
    let f = SheetFilter { office_id: Some(o1), ..Default::default() };
    assert_eq!(titles(s.list_sheets(t, &f, 100, 0).await.unwrap()), vec!["A"]);
    let f = SheetFilter { topic_id: Some(topic), ..Default::default() };
    assert_eq!(titles(s.list_sheets(t, &f, 100, 0).await.unwrap()), vec!["B"]);
    let f = SheetFilter { review_due_on: Some(day(2026, 11, 26)), ..Default::default() };
    assert_eq!(titles(s.list_sheets(t, &f, 100, 0).await.unwrap()), vec!["A"]);
}

#[tokio::test]
async fn an_office_of_another_ente_is_refused() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let other = tenant(s, "beta").await.id;
    let foreign = office(s, other, "Anagrafe", None).await;
    let r = s.create_sheet(t, None, &content("X", Some(foreign)), SheetState::Bozza, None, "", at(9)).await;
    assert!(matches!(r, Err(StoreError::InvalidReference(_))), "{r:?}");
    assert_eq!(s.count_sheets(t, &SheetFilter::default()).await.unwrap(), 0);
}

#[tokio::test]
async fn every_change_writes_the_search_outbox_in_its_transaction() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let sh = s.create_sheet(t, None, &content("X", None), SheetState::Bozza, None, "", at(9)).await.unwrap();
    let mut c = sh.content.clone();
    c.title = "Y".into();
    s.update_sheet(t, sh.id, &c, None, None, "", at(10)).await.unwrap();
    s.update_sheet(t, sh.id, &c, None, None, "", at(10)).await.unwrap(); // unchanged: no row
    s.set_sheet_state(t, sh.id, SheetState::Bozza, SheetState::InRevisione, None, at(11)).await.unwrap();
    let rows = s.search_outbox_after(0, 100).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.doc_kind == DOC_SHEET && r.doc_id == sh.id && r.tenant_id == t));
    assert_eq!(s.search_outbox_after(rows[1].id, 100).await.unwrap().len(), 1);
    assert_eq!(s.delete_search_outbox(rows[1].id).await.unwrap(), 2);
    assert_eq!(s.search_outbox_after(0, 100).await.unwrap().len(), 1);
    // A refused change leaves no row behind.
    let bad = SheetContent { office_id: Some(OfficeId(999_999)), ..c };
    assert!(s.update_sheet(t, sh.id, &bad, None, None, "", at(12)).await.is_err());
    assert_eq!(s.search_outbox_after(0, 100).await.unwrap().len(), 1);
    assert_eq!(s.sheet_versions(t, sh.id).await.unwrap().len(), 3);
}

#[tokio::test]
async fn review_reminders_are_queued_once_per_review_date() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let with_mail = office(s, t, "Tributi", Some("tributi@comune.example")).await;
    let without = office(s, t, "Anagrafe", None).await;
    let mut c = content("TARI", Some(with_mail));
    c.review_by = Some(day(2026, 12, 1));
    let due = s.create_sheet(t, None, &c, SheetState::Pubblicata, None, "", at(9)).await.unwrap();
    let mut d = content("CIE", Some(without));
    d.review_by = Some(day(2026, 11, 1));
    s.create_sheet(t, None, &d, SheetState::Pubblicata, None, "", at(9)).await.unwrap();
    let mut e = content("Bozza", Some(with_mail));
    e.review_by = Some(day(2026, 11, 1));
    s.create_sheet(t, None, &e, SheetState::Bozza, None, "", at(9)).await.unwrap();

    assert!(s.queue_review_reminders(day(2026, 11, 30), at(9)).await.unwrap().is_empty(), "not due yet");
    assert_eq!(s.queue_review_reminders(day(2026, 12, 1), at(9)).await.unwrap(), vec![(t, due.id)]);
    assert!(s.queue_review_reminders(day(2026, 12, 2), at(9)).await.unwrap().is_empty(), "once per date");
    let mails = s.claim_outbox(at(9), at(9) + Duration::minutes(5), 10).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, MAIL_REVIEW);
    assert_eq!(mails[0].recipient, "tributi@comune.example");
    assert_eq!(mails[0].sheet_id, Some(due.id));
    assert_eq!(mails[0].case_id, None);
    // A new review-by date (after the review) is reminded again when it comes.
    let mut c2 = due.content.clone();
    c2.review_by = Some(day(2027, 6, 1));
    s.update_sheet(t, due.id, &c2, None, None, "", at(10)).await.unwrap();
    assert!(s.queue_review_reminders(day(2027, 5, 31), at(9)).await.unwrap().is_empty());
    assert_eq!(s.queue_review_reminders(day(2027, 6, 1), at(9)).await.unwrap().len(), 1);
}

#[tokio::test]
async fn ratings_are_stored_and_summarised_per_sheet() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "alfa").await.id;
    let sh = s.create_sheet(t, None, &content("X", None), SheetState::Pubblicata, None, "", at(9)).await.unwrap();
    for (stars, answer) in [(5, "Le indicazioni erano chiare"), (2, "Ho avuto problemi tecnici")] {
        let r = NewRating { stars, answer: Some(answer.into()), details: Some("ok".into()) };
        s.add_rating(t, sh.id, &r, at(10)).await.unwrap();
    }
    let list = s.sheet_ratings(t, sh.id).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].stars, 2);
    assert_eq!(list[0].answer.as_deref(), Some("Ho avuto problemi tecnici"));
    let sum = s.rating_summaries(t).await.unwrap();
    assert_eq!(sum.len(), 1);
    assert_eq!(sum[0].count, 2);
    assert!((sum[0].average - 3.5).abs() < 1e-9);
    s.count_sheet_view(t, sh.id).await.unwrap();
    s.count_sheet_view(t, sh.id).await.unwrap();
    assert_eq!(s.sheet(t, sh.id).await.unwrap().views, 2);
}
