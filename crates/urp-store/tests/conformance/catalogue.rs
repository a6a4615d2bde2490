use chrono::{Duration, NaiveDate, TimeZone, Utc};
use urp_domain::catalogue::{Datatype, IntakeField, ListValue};
use urp_domain::deadline::Term;
use urp_store::test_support::TestDb;
use urp_store::*;

async fn tenant(s: &std::sync::Arc<dyn Store>, slug: &str) -> Tenant {
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

fn service(code: &str, published: bool) -> ServiceData {
    ServiceData {
        code: code.into(),
        name: format!("Servizio {code}"),
        description: "Descrizione".into(),
        category: "mobilita-trasporti".into(),
        office_id: None,
        responsible: Some("Dott.ssa Rossi".into()),
        term: Term::working_days(20),
        silence_consent: true,
        substitute: Some("Segretario generale".into()),
        channels: vec!["online".into(), "sportello".into()],
        fee: Some("16 euro".into()),
        sheet_ref: Some("/schede/ztl".into()),
        published,
    }
}

fn fields(n: usize) -> Vec<IntakeField> {
    (1..=n)
        .map(|i| IntakeField {
            code: format!("campo_{i}"),
            label: format!("Campo {i}"),
            datatype: if i == 1 { Datatype::Singlevaluelist } else { Datatype::String },
            required: i == 1,
            order: u32::try_from(i).unwrap(),
            help: String::new(),
            values: if i == 1 { vec![ListValue { key: "a".into(), name: "A".into() }] } else { vec![] },
        })
        .collect()
}

fn file(bytes: &[u8], name: &str) -> NewFormVersion {
    NewFormVersion {
        file_name: name.into(),
        content_type: "application/pdf".into(),
        sha256: format!("{:064x}", bytes.len()),
        bytes: bytes.to_vec(),
        note: None,
    }
}

#[tokio::test]
async fn services_keep_every_definition_version() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "a").await;
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let created = s.create_service(t.id, &service("ztl", true), &fields(1), None, now).await.unwrap();
    assert_eq!(created.data, service("ztl", true));
    let v1 = created.current_definition_id.unwrap();
    assert_eq!(s.service_definition(t.id, v1).await.unwrap().fields, fields(1));
    // Saving the same fields adds no version; different fields do, and become current.
    let same = s.update_service(t.id, created.id, &service("ztl", true), &fields(1), None, now).await.unwrap();
    assert_eq!(same.current_definition_id, Some(v1));
    let changed = s
        .update_service(t.id, created.id, &service("ztl", false), &fields(2), None, now + Duration::hours(1))
        .await
        .unwrap();
    let v2 = changed.current_definition_id.unwrap();
    assert_ne!(v1, v2);
    assert!(!changed.data.published);
    let history = s.service_definitions(t.id, created.id).await.unwrap();
    assert_eq!(history.iter().map(|d| d.version).collect::<Vec<_>>(), vec![2, 1]);
    // The old version is still readable as it was.
    assert_eq!(s.service_definition(t.id, v1).await.unwrap().fields, fields(1));
    assert_eq!(s.service_definition(t.id, v2).await.unwrap().fields, fields(2));
}

#[tokio::test]
async fn services_are_listed_per_tenant_published_or_all_with_unique_codes() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let a = tenant(s, "a").await;
    let b = tenant(s, "b").await;
    let now = Utc::now();
    s.create_service(a.id, &service("pubblico", true), &[], None, now).await.unwrap();
    s.create_service(a.id, &service("bozza", false), &[], None, now).await.unwrap();
    s.create_service(b.id, &service("pubblico", true), &[], None, now).await.unwrap();
    assert_eq!(s.list_services(a.id, true).await.unwrap().len(), 1);
    assert_eq!(s.list_services(a.id, false).await.unwrap().len(), 2);
    assert!(matches!(
        s.create_service(a.id, &service("bozza", true), &[], None, now).await,
        Err(StoreError::Conflict(_))
    ));
    let found = s.service_by_code(b.id, "pubblico").await.unwrap().unwrap();
    assert!(s.service(a.id, found.id).await.is_err(), "another ente's service is not visible");
    assert!(s.service_by_code(a.id, "nessuno").await.unwrap().is_none());
}

#[tokio::test]
async fn forms_keep_old_versions_and_count_downloads_per_day() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "a").await;
    let now = Utc::now();
    let svc = s.create_service(t.id, &service("ztl", true), &[], None, now).await.unwrap();
    let data = FormDocData {
        title: "Domanda di permesso ZTL".into(),
        description: "Modulo per residenti".into(),
        published: true,
        review_by: NaiveDate::from_ymd_opt(2027, 1, 1),
        ..Default::default()
    };
    let form = s.create_form(t.id, &data, &[svc.id, svc.id], &file(b"%PDF-1 uno", "ztl.pdf"), None, now).await.unwrap();
    assert_eq!(form.service_ids, vec![svc.id]);
    assert_eq!(form.current.as_ref().unwrap().version, 1);
    let v2 =
        s.add_form_version(t.id, form.id, &file(b"%PDF-1 due, piu lungo", "ztl-2027.pdf"), None, now).await.unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.size, 21);
    let (cur, bytes) = s.form_file(t.id, form.id, None).await.unwrap();
    assert_eq!((cur.version, bytes.as_slice()), (2, b"%PDF-1 due, piu lungo".as_slice()));
    let versions = s.form_versions(t.id, form.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    let (old, old_bytes) = s.form_file(t.id, form.id, Some(versions[1].id)).await.unwrap();
    assert_eq!((old.version, old_bytes.as_slice()), (1, b"%PDF-1 uno".as_slice()));

    let d1 = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let d2 = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    s.record_form_download(t.id, v2.id, d1).await.unwrap();
    s.record_form_download(t.id, v2.id, d1).await.unwrap();
    s.record_form_download(t.id, v2.id, d2).await.unwrap();
    s.record_form_download(t.id, old.id, d2).await.unwrap();
    let versions = s.form_versions(t.id, form.id).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.downloads).collect::<Vec<_>>(), vec![3, 1]);
    assert_eq!(s.form(t.id, form.id).await.unwrap().current.unwrap().downloads, 3);
    assert_eq!(s.form_downloads_between(t.id, &[form.id], d1, d1).await.unwrap(), 2);
    assert_eq!(s.form_downloads_between(t.id, &[form.id], d1, d2).await.unwrap(), 4);
    assert_eq!(s.form_downloads_between(t.id, &[], d1, d2).await.unwrap(), 0);
}

#[tokio::test]
async fn forms_are_filtered_by_text_office_topic_service_and_publication() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "a").await;
    let now = Utc::now();
    let office = s
        .create_office(
            t.id,
            &OfficeData { name: "Tributi".into(), competences: "Tasse".into(), ..Default::default() },
            now,
        )
        .await
        .unwrap();
    let topic = s.create_topic(t.id, "Tasse", None, now).await.unwrap();
    let svc = s.create_service(t.id, &service("tari", true), &[], None, now).await.unwrap();
    let tari = FormDocData {
        title: "Dichiarazione TARI".into(),
        description: "Rifiuti: iscrizione, variazione".into(),
        office_id: Some(office.id),
        topic_id: Some(topic.id),
        published: true,
        ..Default::default()
    };
    s.create_form(t.id, &tari, &[svc.id], &file(b"%PDF-1 a", "tari.pdf"), None, now).await.unwrap();
    let draft = FormDocData { title: "Bozza 100% nuova".into(), description: String::new(), ..Default::default() };
    let d = s.create_form(t.id, &draft, &[], &file(b"%PDF-1 b", "b.pdf"), None, now).await.unwrap();
    let titles = |v: Vec<FormDoc>| v.into_iter().map(|f| f.data.title).collect::<Vec<_>>();
    assert_eq!(s.list_forms(t.id, &FormFilter::default()).await.unwrap().len(), 2);
    let public = FormFilter { published_only: true, ..Default::default() };
    assert_eq!(titles(s.list_forms(t.id, &public).await.unwrap()), vec!["Dichiarazione TARI"]);
    for f in [
        FormFilter { text: Some("tari RIFIUTI".into()), ..Default::default() },
        FormFilter { office_id: Some(office.id), ..Default::default() },
        FormFilter { topic_id: Some(topic.id), ..Default::default() },
        FormFilter { service_id: Some(svc.id), ..Default::default() },
    ] {
        assert_eq!(titles(s.list_forms(t.id, &f).await.unwrap()), vec!["Dichiarazione TARI"], "{f:?}");
    }
    // LIKE wildcards in the search are literal characters.
    assert_eq!(
        titles(s.list_forms(t.id, &FormFilter { text: Some("100%".into()), ..Default::default() }).await.unwrap()),
        vec!["Bozza 100% nuova"]
    );
    assert!(
        s.list_forms(t.id, &FormFilter { text: Some("tari moto".into()), ..Default::default() })
            .await
            .unwrap()
            .is_empty()
    );
    // Updating replaces the services and keeps the file.
    let updated = s.update_form(t.id, d.id, &FormDocData { published: true, ..draft }, &[svc.id], now).await.unwrap();
    assert_eq!(updated.service_ids, vec![svc.id]);
    assert_eq!(updated.current.unwrap().version, 1);
    assert!(matches!(
        s.add_form_version(t.id, 9999, &file(b"%PDF", "x.pdf"), None, now).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn a_case_keeps_its_service_definition_version_and_answers() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "a").await;
    let svc = s.create_service(t.id, &service("ztl", true), &fields(2), None, Utc::now()).await.unwrap();
    let v1 = svc.current_definition_id.unwrap();
    let answers = vec![
        urp_domain::catalogue::Answer { code: "campo_1".into(), values: vec!["a".into()] },
        urp_domain::catalogue::Answer { code: "campo_2".into(), values: vec!["AB123CD".into()] },
    ];
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    // Several at once, so the writer's batch path stores them too, and one without a service.
    let mut jobs = Vec::new();
    for i in 0..8 {
        let mut c = crate::cases::new_case(&format!("trk-intake-{i}"), day);
        if i != 3 {
            c.intake = Some(CaseIntake { service_id: svc.id, definition_id: v1, answers: answers.clone() });
        }
        jobs.push(c);
    }
    let created = futures_join(s, t.id, jobs).await;
    for (i, rec) in created.iter().enumerate() {
        let read = s.case(t.id, rec.id).await.unwrap();
        assert_eq!(&read, rec, "the answer equals what is read back");
        if i == 3 {
            assert_eq!(read.intake, None);
        } else {
            assert_eq!(
                read.intake,
                Some(CaseIntake { service_id: svc.id, definition_id: v1, answers: answers.clone() })
            );
        }
    }
    // A new definition version leaves the cases on the one they were opened with.
    s.update_service(t.id, svc.id, &service("ztl", true), &fields(3), None, Utc::now()).await.unwrap();
    let read = s.case(t.id, created[0].id).await.unwrap();
    assert_eq!(read.intake.unwrap().definition_id, v1);
}

async fn futures_join(s: &std::sync::Arc<dyn Store>, t: urp_domain::TenantId, cases: Vec<NewCase>) -> Vec<CaseRecord> {
    let mut handles = Vec::new();
    for c in cases {
        let s = s.clone();
        handles.push(tokio::spawn(async move { s.create_case(t, &c).await.unwrap() }));
    }
    let mut out = Vec::new();
    for h in handles {
        match h.await.unwrap() {
            Created::New(r) | Created::Replayed(r) => out.push(r),
        }
    }
    out
}

#[tokio::test]
async fn notices_are_visible_only_within_their_window() {
    let db = TestDb::new().await.unwrap();
    let s = &db.store;
    let t = tenant(s, "a").await;
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    let svc = s.create_service(t.id, &service("ztl", true), &[], None, t0).await.unwrap();
    let notice = |title: &str, from: chrono::DateTime<Utc>, until: Option<chrono::DateTime<Utc>>| NoticeData {
        title: title.into(),
        summary: "Sintesi".into(),
        body: "Testo".into(),
        topic_id: None,
        publish_from: from,
        publish_until: until,
        image_alt: Some("Piazza del Duomo".into()),
    };
    let image = NoticeImage { content_type: "image/png".into(), bytes: b"\x89PNG\r\n\x1a\nx".to_vec() };
    let a = s
        .create_notice(
            t.id,
            &notice("Lavori in piazza", t0, Some(t0 + Duration::days(7))),
            Some(&image),
            &[svc.id],
            None,
            t0,
        )
        .await
        .unwrap();
    let b =
        s.create_notice(t.id, &notice("Nuovi orari", t0 + Duration::days(2), None), None, &[], None, t0).await.unwrap();
    assert_eq!(a.service_ids, vec![svc.id]);
    assert!(a.has_image && !b.has_image);
    let titles = |v: Vec<Notice>| v.into_iter().map(|n| n.data.title).collect::<Vec<_>>();
    assert_eq!(titles(s.list_notices(t.id, Some(t0 - Duration::seconds(1)), 10).await.unwrap()), Vec::<String>::new());
    assert_eq!(titles(s.list_notices(t.id, Some(t0), 10).await.unwrap()), vec!["Lavori in piazza"]);
    assert_eq!(
        titles(s.list_notices(t.id, Some(t0 + Duration::days(3)), 10).await.unwrap()),
        vec!["Nuovi orari", "Lavori in piazza"]
    );
    // The end instant is excluded.
    assert_eq!(titles(s.list_notices(t.id, Some(t0 + Duration::days(7)), 10).await.unwrap()), vec!["Nuovi orari"]);
    assert_eq!(s.list_notices(t.id, None, 10).await.unwrap().len(), 2);
    // Updating without an image keeps it.
    let changed = s.update_notice(t.id, a.id, &notice("Lavori rinviati", t0, None), None, &[], t0).await.unwrap();
    assert!(changed.has_image && changed.service_ids.is_empty());
    assert_eq!(s.notice_image(t.id, a.id).await.unwrap(), Some(image));
    assert_eq!(s.notice_image(t.id, b.id).await.unwrap(), None);
    let other = tenant(s, "b").await;
    assert!(matches!(s.notice(other.id, a.id).await, Err(StoreError::NotFound)));
}
