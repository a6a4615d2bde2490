//! One conformance suite over the `Store` interface. It runs on SQLite by default and on
//! PostgreSQL when `TEST_DATABASE_URL=postgres://…` is set (`.ci/run` does both).

mod cases;
mod catalogue;
mod kb;
mod search;

use chrono::{DateTime, Duration, TimeZone, Utc};
use urp_domain::{OfficeId, Role, TenantId, UserId};
use urp_store::test_support::TestDb;
use urp_store::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).single().expect("valid") + Duration::milliseconds(123)
}

fn new_tenant(slug: &str, hosts: &[&str], is_default: bool) -> NewTenant {
    NewTenant {
        slug: slug.into(),
        data: TenantData {
            name: format!("Comune di {slug}"),
            ipa_code: format!("c_{slug}"),
            patron_day: Some((9, 29)),
            ..Default::default()
        },
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        is_default,
    }
}

fn office(name: &str) -> OfficeData {
    OfficeData {
        name: name.into(),
        competences: "Competenze".into(),
        address: Some("Piazza Municipio 1".into()),
        ..Default::default()
    }
}

fn user(email: &str, roles: &[Role], offices: &[OfficeId]) -> UserData {
    UserData {
        email: email.into(),
        name: "Maria Rossi".into(),
        roles: roles.to_vec(),
        offices: offices.to_vec(),
        active: true,
    }
}

async fn db() -> TestDb {
    TestDb::new().await.expect("test database")
}

#[tokio::test]
async fn migrations_are_applied_and_current() {
    let db = db().await;
    assert!(db.store.migrations_current().await.unwrap());
    db.store.ping().await.unwrap();
    // Running them again is a no-op.
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.kind(), TestDb::engine());
}

#[test]
fn both_engines_have_the_same_migration_versions() {
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
    assert!(!names("sqlite").is_empty());
}

#[tokio::test]
async fn tenants_by_host_slug_and_default() {
    let db = db().await;
    let s = &db.store;
    let a =
        s.create_tenant(&new_tenant("alfa", &["alfa.example.it", "www.alfa.example.it"], true), t0()).await.unwrap();
    let b = s.create_tenant(&new_tenant("beta", &["beta.example.it"], false), t0()).await.unwrap();
    assert_eq!(a.data.patron_day, Some((9, 29)));
    assert_eq!(a.hosts, vec!["alfa.example.it".to_string(), "www.alfa.example.it".to_string()]);
    assert_eq!(s.tenant_by_host("beta.example.it").await.unwrap().map(|t| t.id), Some(b.id));
    assert_eq!(s.tenant_by_host("gamma.example.it").await.unwrap(), None);
    assert_eq!(s.tenant_by_slug("alfa").await.unwrap().map(|t| t.id), Some(a.id));
    assert_eq!(s.default_tenant().await.unwrap().map(|t| t.id), Some(a.id));
    s.set_default_tenant(b.id).await.unwrap();
    assert_eq!(s.default_tenant().await.unwrap().map(|t| t.id), Some(b.id));
    assert!(!s.tenant(a.id).await.unwrap().is_default);
    // A host belongs to one tenant only.
    let err = s.update_tenant(b.id, &b.data, &["alfa.example.it".into()], t0()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    // ... and the failed update changed nothing.
    assert_eq!(s.tenant(b.id).await.unwrap().hosts, vec!["beta.example.it".to_string()]);
    assert_eq!(s.list_tenants().await.unwrap().len(), 2);
    assert!(matches!(s.tenant(TenantId(9999)).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn tenant_update_and_logo() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let mut d = a.data.clone();
    d.name = "Comune di Alfa Superiore".into();
    d.patron_day = None;
    d.pec = Some("protocollo@pec.alfa.it".into());
    let later = t0() + Duration::hours(1);
    let u = s.update_tenant(a.id, &d, &["alfa.it".into()], later).await.unwrap();
    assert_eq!(u.data, d);
    assert_eq!(u.hosts, vec!["alfa.it".to_string()]);
    assert_eq!(u.updated_at, later);
    assert!(!u.has_logo);
    let logo = Logo { content_type: "image/png".into(), bytes: vec![0x89, b'P', b'N', b'G', 0, 1, 2] };
    s.set_tenant_logo(a.id, Some(&logo), later).await.unwrap();
    assert_eq!(s.tenant_logo(a.id).await.unwrap(), Some(logo));
    assert!(s.tenant(a.id).await.unwrap().has_logo);
    s.set_tenant_logo(a.id, None, later).await.unwrap();
    assert_eq!(s.tenant_logo(a.id).await.unwrap(), None);
}

#[tokio::test]
async fn offices_crud_and_unique_names_per_tenant() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let b = s.create_tenant(&new_tenant("beta", &[], false), t0()).await.unwrap();
    let o = s.create_office(a.id, &office("Anagrafe"), t0()).await.unwrap();
    assert_eq!(o.data, office("Anagrafe"));
    assert!(matches!(s.create_office(a.id, &office("Anagrafe"), t0()).await, Err(StoreError::Conflict(_))));
    // The same name is fine in another ente.
    s.create_office(b.id, &office("Anagrafe"), t0()).await.unwrap();
    let mut d = office("Servizi demografici");
    d.opening_hours = Some("Lun–Ven 9–12".into());
    let u = s.update_office(a.id, o.id, &d, t0()).await.unwrap();
    assert_eq!(u.data, d);
    assert_eq!(s.office_by_name(a.id, "Servizi demografici").await.unwrap().map(|o| o.id), Some(o.id));
    s.delete_office(a.id, o.id).await.unwrap();
    assert!(matches!(s.office(a.id, o.id).await, Err(StoreError::NotFound)));
    assert!(matches!(s.delete_office(a.id, o.id).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn tenants_never_see_each_others_rows() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let b = s.create_tenant(&new_tenant("beta", &[], false), t0()).await.unwrap();
    let oa = s.create_office(a.id, &office("Tributi"), t0()).await.unwrap();
    let ua = s.create_user(a.id, &user("m@alfa.it", &[Role::Admin], &[oa.id]), "h", t0()).await.unwrap();
    let ta = s.create_topic(a.id, "Tributi", None, t0()).await.unwrap();

    assert!(s.list_offices(b.id).await.unwrap().is_empty());
    assert!(s.list_users(b.id).await.unwrap().is_empty());
    assert!(s.list_topics(b.id).await.unwrap().is_empty());
    assert!(matches!(s.office(b.id, oa.id).await, Err(StoreError::NotFound)));
    assert!(matches!(s.update_office(b.id, oa.id, &office("X"), t0()).await, Err(StoreError::NotFound)));
    assert!(matches!(s.delete_office(b.id, oa.id).await, Err(StoreError::NotFound)));
    assert!(matches!(s.user(b.id, ua.id).await, Err(StoreError::NotFound)));
    assert!(matches!(s.update_user(b.id, ua.id, &user("x@beta.it", &[], &[]), t0()).await, Err(StoreError::NotFound)));
    assert!(matches!(s.set_password(b.id, ua.id, "x", t0()).await, Err(StoreError::NotFound)));
    assert_eq!(s.credentials_by_email(b.id, "m@alfa.it").await.unwrap(), None);
    assert!(matches!(s.delete_topic(b.id, ta.id).await, Err(StoreError::NotFound)));
    // A user of B cannot be attached to an office of A.
    let err = s.create_user(b.id, &user("x@beta.it", &[Role::Referent], &[oa.id]), "h", t0()).await.unwrap_err();
    assert!(matches!(err, StoreError::InvalidReference(_)), "{err:?}");
    assert!(s.list_users(b.id).await.unwrap().is_empty(), "the failed insert left nothing behind");
    // Sessions too.
    let sess = NewSession {
        token_hash: "tok-a".into(),
        tenant_id: a.id,
        user_id: ua.id,
        csrf_token: "c".into(),
        created_at: t0(),
        expires_at: t0() + Duration::hours(8),
    };
    s.create_session(&sess).await.unwrap();
    assert!(s.session(a.id, "tok-a", t0()).await.unwrap().is_some());
    assert!(s.session(b.id, "tok-a", t0()).await.unwrap().is_none());
    s.delete_session(b.id, "tok-a").await.unwrap();
    assert!(s.session(a.id, "tok-a", t0()).await.unwrap().is_some(), "B cannot end A's session");
}

#[tokio::test]
async fn users_with_roles_offices_and_credentials() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let o1 = s.create_office(a.id, &office("Tributi"), t0()).await.unwrap();
    let o2 = s.create_office(a.id, &office("Anagrafe"), t0()).await.unwrap();
    let u = s
        .create_user(
            a.id,
            &user("m@alfa.it", &[Role::Referent, Role::FrontOffice, Role::Referent], &[o2.id, o1.id]),
            "hash1",
            t0(),
        )
        .await
        .unwrap();
    assert_eq!(u.data.roles, vec![Role::FrontOffice, Role::Referent]);
    let mut offices = vec![o1.id, o2.id];
    offices.sort();
    assert_eq!(u.data.offices, offices);
    assert_eq!(u.created_at, t0());
    assert!(matches!(
        s.create_user(a.id, &user("m@alfa.it", &[Role::Admin], &[]), "h", t0()).await,
        Err(StoreError::Conflict(_))
    ));
    let c = s.credentials_by_email(a.id, "m@alfa.it").await.unwrap().unwrap();
    assert_eq!(c.password_hash, "hash1");
    assert_eq!(c.user, u);
    s.set_password(a.id, u.id, "hash2", t0()).await.unwrap();
    assert_eq!(s.credentials(a.id, u.id).await.unwrap().password_hash, "hash2");

    let mut d = u.data.clone();
    d.roles = vec![Role::Admin];
    d.offices = vec![o1.id];
    d.name = "Maria Bianchi".into();
    let u2 = s.update_user(a.id, u.id, &d, t0()).await.unwrap();
    assert_eq!(u2.data, d);
    assert_eq!(s.count_active_admins(a.id).await.unwrap(), 1);
    // Deleting an office removes the membership, not the user.
    s.delete_office(a.id, o1.id).await.unwrap();
    assert!(s.user(a.id, u.id).await.unwrap().data.offices.is_empty());

    let list = s.list_users(a.id).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].data.roles, vec![Role::Admin]);
}

#[tokio::test]
async fn sessions_expire_and_end_with_deactivation() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let u = s.create_user(a.id, &user("m@alfa.it", &[Role::Manager], &[]), "h", t0()).await.unwrap();
    let mk = |tok: &str| NewSession {
        token_hash: tok.into(),
        tenant_id: a.id,
        user_id: u.id,
        csrf_token: format!("csrf-{tok}"),
        created_at: t0(),
        expires_at: t0() + Duration::hours(1),
    };
    s.create_session(&mk("one")).await.unwrap();
    s.create_session(&mk("two")).await.unwrap();
    let rec = s.session(a.id, "one", t0()).await.unwrap().unwrap();
    assert_eq!(rec.csrf_token, "csrf-one");
    assert_eq!(rec.user.id, u.id);
    assert_eq!(rec.expires_at, t0() + Duration::hours(1));
    // Expiry is exclusive and compared numerically.
    assert!(s.session(a.id, "one", t0() + Duration::hours(1)).await.unwrap().is_none());
    s.touch_session(a.id, "one", t0() + Duration::minutes(30), t0() + Duration::hours(2)).await.unwrap();
    assert!(s.session(a.id, "one", t0() + Duration::minutes(90)).await.unwrap().is_some());
    // Ending all other sessions keeps the current one.
    assert_eq!(s.delete_user_sessions(a.id, u.id, Some("one")).await.unwrap(), 1);
    assert!(s.session(a.id, "two", t0()).await.unwrap().is_none());
    assert_eq!(s.purge_expired_sessions(t0() + Duration::hours(3)).await.unwrap(), 1);
    s.create_session(&mk("three")).await.unwrap();
    let mut d = u.data.clone();
    d.active = false;
    s.update_user(a.id, u.id, &d, t0()).await.unwrap();
    assert!(s.session(a.id, "three", t0()).await.unwrap().is_none(), "deactivated users lose their sessions");
    let _ = UserId(0);
}

#[tokio::test]
async fn login_failures_are_counted_in_a_window() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    for i in 0..3 {
        s.record_login_failure(a.id, "email:m@alfa.it", t0() + Duration::minutes(i)).await.unwrap();
    }
    assert_eq!(s.count_login_failures(a.id, "email:m@alfa.it", t0()).await.unwrap(), 3);
    assert_eq!(s.count_login_failures(a.id, "email:m@alfa.it", t0() + Duration::minutes(1)).await.unwrap(), 2);
    assert_eq!(s.count_login_failures(a.id, "email:other", t0()).await.unwrap(), 0);
    assert_eq!(s.purge_login_failures(t0() + Duration::minutes(1)).await.unwrap(), 1);
    s.clear_login_failures(a.id, "email:m@alfa.it").await.unwrap();
    assert_eq!(s.count_login_failures(a.id, "email:m@alfa.it", t0()).await.unwrap(), 0);
}

#[tokio::test]
async fn topics_channels_and_audit() {
    let db = db().await;
    let s = &db.store;
    let a = s.create_tenant(&new_tenant("alfa", &[], true), t0()).await.unwrap();
    let t = s.create_topic(a.id, "Ambiente", Some("Rifiuti e verde"), t0()).await.unwrap();
    assert!(matches!(s.create_topic(a.id, "Ambiente", None, t0()).await, Err(StoreError::Conflict(_))));
    let t2 = s.update_topic(a.id, t.id, "Ambiente e verde", None, t0()).await.unwrap();
    assert_eq!(t2.description, None);
    assert_eq!(s.list_topics(a.id).await.unwrap(), vec![t2.clone()]);
    s.delete_topic(a.id, t.id).await.unwrap();
    assert!(s.list_topics(a.id).await.unwrap().is_empty());

    s.upsert_channel(a.id, "telefono", "Telefono", true, 2, t0()).await.unwrap();
    s.upsert_channel(a.id, "sportello", "Sportello", true, 1, t0()).await.unwrap();
    let c = s.upsert_channel(a.id, "telefono", "Telefono (call center)", false, 2, t0()).await.unwrap();
    assert!(!c.active);
    let list = s.list_channels(a.id).await.unwrap();
    assert_eq!(list.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), vec!["sportello", "telefono"]);
    assert_eq!(list[1].name, "Telefono (call center)");

    s.audit(a.id, None, "tenant.update", "alfa", t0()).await.unwrap();
    s.audit(a.id, None, "office.create", "Tributi", t0() + Duration::seconds(1)).await.unwrap();
    let events = s.list_audit(a.id, 10).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].action, "office.create");
    assert_eq!(events[0].at, t0() + Duration::seconds(1));
}
