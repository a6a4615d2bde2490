//! The back-office loop through HTTP: routing and re-routing, per-office permissions on every
//! route, taking in charge, internal opinions with internal deadlines, replies proposed by an
//! office and validated by the URP, notifications, mentions and followers, routing rules,
//! duplicates and merges.

use crate::helpers::*;
use urp_domain::OfficeId;
use urp_store::routing::FlowKind;
use urp_store::{CaseFilter, CaseId, CaseRecord};
use urp_web::provision::{self, UserInput};

pub const ANAGRAFE_REFERENT: (&str, &str) =
    ("referente.anagrafe@comune.valfiorita.example", "Valfiorita-Anagrafe-2026");
pub(crate) const ANAGRAFE: &str = "Servizi demografici – Anagrafe e Stato civile";

/// The demo comune plus a referent of the registry office (the demo has one referent only).
pub(crate) async fn app() -> TestApp {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    provision::create_user(
        &app.store,
        t.id,
        &UserInput {
            email: ANAGRAFE_REFERENT.0,
            name: "Rita Anagrafe",
            roles: &[urp_domain::Role::Referent],
            offices: &[ANAGRAFE.to_string()],
            password: ANAGRAFE_REFERENT.1,
        },
    )
    .await
    .unwrap();
    app
}

pub(crate) async fn office(app: &TestApp, name: &str) -> OfficeId {
    let t = app.tenant().await;
    app.store.office_by_name(t.id, name).await.unwrap().unwrap().id
}

pub(crate) async fn signed_in(app: &TestApp, who: (&str, &str)) -> Client {
    let c = app.client();
    assert_eq!(c.login(who).await.status, 303, "{} signs in", who.0);
    c
}

/// Opens a case at the desk and returns it.
pub(crate) async fn desk_case(app: &TestApp, op: &Client, subject: &str, extra: &[(&str, &str)]) -> CaseRecord {
    let mut fields: Vec<(&str, &str)> = vec![
        ("kind", "segnalazione"),
        ("channel", "sportello"),
        ("subject", subject),
        ("description", "Descrizione del problema segnalato allo sportello."),
        ("email", "cittadino@example.org"),
    ];
    fields.extend_from_slice(extra);
    let r = op.submit("/staff/casi/nuovo", "/staff/casi/nuovo", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = r.location().trim_start_matches("/staff/casi/").split('?').next().unwrap().parse().unwrap();
    app.store.case(app.tenant().await.id, CaseId(id)).await.unwrap()
}

/// Posts a form of the case page with the case's current status as `expected`.
pub(crate) async fn post_case(app: &TestApp, c: &Client, case: CaseId, path: &str, fields: &[(&str, &str)]) -> Page {
    let t = app.tenant().await;
    let status = app.store.case(t.id, case).await.unwrap().status;
    let token = c.get("/staff").await.csrf();
    let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token), ("expected", status.code())];
    all.extend_from_slice(fields);
    c.post(&format!("/staff/casi/{}{path}", case.0), &all).await
}

async fn flow_kinds(app: &TestApp, case: CaseId) -> Vec<FlowKind> {
    let t = app.tenant().await;
    app.store.flow_events(t.id, case).await.unwrap().into_iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn routing_rerouting_and_taking_in_charge_with_strict_office_permissions() {
    let app = app().await;
    let t = app.tenant().await;
    let tributi = office(&app, "Ufficio Tributi").await;
    let anagrafe = office(&app, ANAGRAFE).await;
    let front = signed_in(&app, FRONT).await;
    let referent = signed_in(&app, REFERENT).await;
    let outsider = signed_in(&app, ANAGRAFE_REFERENT).await;
    let case = desk_case(&app, &front, "Rimborso TARI", &[]).await;
    let path = format!("/staff/casi/{}", case.id);

    // Not routed yet: no referent sees it, through any route.
    assert_eq!(referent.get(&path).await.status, 403);
    let every_post = [
        "",
        "/smista",
        "/prendi",
        "/parere",
        "/parere/1",
        "/proposta",
        "/proposta/1",
        "/segui",
        "/unisci",
        "/separa",
        "/risposta",
    ];
    for p in every_post {
        let r = post_case(&app, &referent, case.id, p, &[("office", &tributi.0.to_string())]).await;
        assert!(r.status == 403 || r.status == 400, "{p}: {}", r.status);
    }
    assert_eq!(referent.get(&format!("{path}/allegati/1")).await.status, 403);

    // Routing to Tributi: the history says so, a typed flow row is stored, the referent is told.
    let r = post_case(&app, &front, case.id, "/smista", &[("office", &tributi.0.to_string())]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let routed = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!(routed.office_id, Some(tributi));
    assert_eq!(flow_kinds(&app, case.id).await, vec![FlowKind::Routed]);
    let page = referent.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Assegnata all&#x27;ufficio Ufficio Tributi") || page.body.contains("Ufficio Tributi"));
    let home = referent.get("/staff/notifiche").await;
    assert!(home.body.contains("1 notifica da leggere"), "{}", home.body);
    assert!(home.body.contains("Notifiche (1 da leggere)"), "the menu shows the unread count");
    let queue = referent.get("/staff/ufficio").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Rimborso TARI"));

    // A referent of another office still sees and does nothing, through every route.
    assert_eq!(outsider.get(&path).await.status, 403);
    for p in every_post {
        let r = post_case(&app, &outsider, case.id, p, &[("office", &anagrafe.0.to_string())]).await;
        assert!(r.status == 403 || r.status == 400, "{p}: {}", r.status);
    }
    assert!(!outsider.get("/staff/ufficio").await.body.contains("Rimborso TARI"));
    assert!(!outsider.get("/staff/casi").await.body.contains("Rimborso TARI"));
    // Referents never route, ask opinions or merge, even on their own office's cases.
    for p in ["/smista", "/parere", "/unisci", "/separa"] {
        assert_eq!(
            post_case(&app, &referent, case.id, p, &[("office", &anagrafe.0.to_string())]).await.status,
            403,
            "{p}"
        );
    }

    // The referent takes it in charge: it becomes theirs and the citizen sees "presa in carico".
    assert_eq!(post_case(&app, &referent, case.id, "/prendi", &[]).await.status, 303);
    let taken = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!(taken.status.code(), "presa_in_carico");
    let me = app.store.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id;
    assert_eq!(taken.assignee_id, Some(me));

    // Re-routing needs a reason; with one, the case moves and the old office loses it.
    let bad =
        post_case(&app, &front, case.id, "/smista", &[("office", &anagrafe.0.to_string()), ("reason", " ")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Campo obbligatorio"), "{}", bad.body);
    let same =
        post_case(&app, &front, case.id, "/smista", &[("office", &tributi.0.to_string()), ("reason", "x")]).await;
    assert_eq!(same.status, 422, "routing to the office it already has is refused");
    let ok = post_case(
        &app,
        &front,
        case.id,
        "/smista",
        &[("office", &anagrafe.0.to_string()), ("reason", "Riguarda la residenza, non il tributo")],
    )
    .await;
    assert_eq!(ok.status, 303);
    let moved = app.store.case(t.id, case.id).await.unwrap();
    assert_eq!((moved.office_id, moved.assignee_id), (Some(anagrafe), None));
    assert_eq!(referent.get(&path).await.status, 403);
    assert_eq!(outsider.get(&path).await.status, 200);
    let events = app.store.flow_events(t.id, case.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![FlowKind::Routed, FlowKind::Taken, FlowKind::Rerouted]
    );
    assert_eq!((events[2].from_office_id, events[2].office_id), (Some(tributi), Some(anagrafe)));
    // The flow rows of one office are read by period.
    let day = chrono::Duration::days(1);
    let now = chrono::Utc::now();
    let tributi_rows = app.store.flow_events_between(t.id, Some(tributi), now - day, now + day).await.unwrap();
    assert_eq!(tributi_rows.iter().map(|e| e.kind).collect::<Vec<_>>(), vec![FlowKind::Routed, FlowKind::Taken]);
    assert!(app.store.flow_events_between(t.id, Some(tributi), now + day, now + day * 2).await.unwrap().is_empty());
    // A referent of the wrong office cannot be named.
    let wrong = post_case(
        &app,
        &front,
        case.id,
        "/smista",
        &[("referent", &format!("{}:{}", tributi.0, 999_999)), ("reason", "prova")],
    )
    .await;
    assert_eq!(wrong.status, 422);
    app.stop().await;
}

#[tokio::test]
async fn internal_opinions_have_a_deadline_answers_go_in_the_history_and_replies_are_validated() {
    let app = app().await;
    let t = app.tenant().await;
    let tributi = office(&app, "Ufficio Tributi").await;
    let anagrafe = office(&app, ANAGRAFE).await;
    let front = signed_in(&app, FRONT).await;
    let manager = signed_in(&app, MANAGER).await;
    let referent = signed_in(&app, REFERENT).await;
    let case = desk_case(&app, &front, "Cambio di residenza e TARI", &[("office_id", &anagrafe.0.to_string())]).await;
    let path = format!("/staff/casi/{}", case.id);
    assert_eq!(referent.get(&path).await.status, 403, "not asked yet");

    let empty =
        post_case(&app, &front, case.id, "/parere", &[("opinion_office", &tributi.0.to_string()), ("question", "")])
            .await;
    assert_eq!(empty.status, 422);
    let asked = post_case(
        &app,
        &front,
        case.id,
        "/parere",
        &[("opinion_office", &tributi.0.to_string()), ("question", "La TARI segue il cambio di residenza?")],
    )
    .await;
    assert_eq!(asked.status, 303, "{}", asked.body);
    let opinions = app.store.opinions(t.id, case.id).await.unwrap();
    assert_eq!(opinions.len(), 1);
    let rules = urp_web::intake::CaseRules::load(app.store.as_ref(), &t).await.unwrap();
    let today = urp_web::intake::local_date(chrono::Utc::now());
    assert_eq!(
        opinions[0].due_date,
        urp_domain::routing::opinion_due(today, 15, &rules.calendar),
        "15 days by default"
    );

    // The office asked reads the case and answers; it cannot work the case itself.
    let queue = referent.get("/staff/ufficio").await;
    assert!(queue.body.contains("La TARI segue il cambio di residenza?"), "asked of my office");
    assert_eq!(referent.get(&path).await.status, 200);
    let work = post_case(&app, &referent, case.id, "", &[("event", "note"), ("text", "nota")]).await;
    assert_eq!(work.status, 403);
    let oid = opinions[0].id;
    let answer = post_case(
        &app,
        &referent,
        case.id,
        &format!("/parere/{oid}"),
        &[("answer", "Sì: la TARI passa al nuovo indirizzo dal mese successivo.")],
    )
    .await;
    assert_eq!(answer.status, 303);
    let again = post_case(&app, &referent, case.id, &format!("/parere/{oid}"), &[("answer", "bis")]).await;
    assert_eq!(again.status, 422, "an answered request is not answered twice");
    let page = front.get(&path).await;
    assert!(page.body.contains("la TARI passa al nuovo indirizzo"), "the answer is in the case");
    let history = app.store.case_events(t.id, case.id, false).await.unwrap();
    assert!(history.iter().any(|e| e.kind == "opinion_answer" && !e.public));
    assert_eq!(flow_kinds(&app, case.id).await, vec![FlowKind::OpinionRequested, FlowKind::OpinionAnswered]);
    // The citizen never sees internal requests or answers.
    let track = app.client().get(&format!("/segui/{}", case.tracking_code)).await;
    assert!(!track.body.contains("TARI passa"));

    // Terms per ente and per office.
    let mut fields = vec![("opinion_days".to_string(), "10".to_string()), ("distance".into(), "".into())];
    for o in app.store.list_offices(t.id).await.unwrap() {
        fields.push((format!("validate_{}", o.id.0), "1".into()));
        if o.id == tributi {
            fields.push((format!("days_{}", o.id.0), "5".into()));
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        manager.submit("/staff/admin/smistamento", "/staff/admin/smistamento/impostazioni", &refs).await.status,
        303
    );
    let bad = manager
        .submit("/staff/admin/smistamento", "/staff/admin/smistamento/impostazioni", &[("opinion_days", "0")])
        .await;
    assert_eq!(bad.status, 422);
    for (o, days) in [(tributi, 5), (office(&app, "Ufficio Relazioni con il Pubblico (URP)").await, 10)] {
        post_case(
            &app,
            &front,
            case.id,
            "/parere",
            &[("opinion_office", &o.0.to_string()), ("question", "Altro parere")],
        )
        .await;
        let last = app.store.opinions(t.id, case.id).await.unwrap().pop().unwrap();
        assert_eq!(last.office_id, o);
        assert_eq!(last.due_date, urp_domain::routing::opinion_due(today, days, &rules.calendar));
    }

    // Hand-back: a Tributi case; the referent may not reply directly, proposes, the URP validates.
    let own = desk_case(&app, &front, "Avviso TARI errato", &[("office_id", &tributi.0.to_string())]).await;
    assert_eq!(post_case(&app, &referent, own.id, "/prendi", &[]).await.status, 303);
    let own_page = referent.get(&format!("/staff/casi/{}", own.id)).await;
    assert!(!own_page.body.contains("/risposta\""), "no direct reply form");
    let direct = post_case(&app, &referent, own.id, "", &[("event", "send_reply"), ("text", "Risposta diretta")]).await;
    assert_eq!(direct.status, 403);
    let proposed =
        post_case(&app, &referent, own.id, "/proposta", &[("proposal", "L'avviso sarà annullato in autotutela.")])
            .await;
    assert_eq!(proposed.status, 303);
    let twice = post_case(&app, &referent, own.id, "/proposta", &[("proposal", "Seconda")]).await;
    assert_eq!(twice.status, 422, "one proposal at a time: the URP decides first");
    let pid = app.store.proposals(t.id, own.id).await.unwrap()[0].id;
    let returned = post_case(
        &app,
        &manager,
        own.id,
        &format!("/proposta/{pid}"),
        &[("decision", "return"), ("decision_text", "")],
    )
    .await;
    assert_eq!(returned.status, 422, "returning needs remarks");
    let approved = post_case(
        &app,
        &manager,
        own.id,
        &format!("/proposta/{pid}"),
        &[("decision", "approve"), ("decision_text", "L'avviso sarà annullato in autotutela entro 10 giorni.")],
    )
    .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let answered = app.store.case(t.id, own.id).await.unwrap();
    assert_eq!(answered.status.code(), "risposta_inviata");
    let track = app.client().get(&format!("/segui/{}", answered.tracking_code)).await;
    assert!(track.body.contains("entro 10 giorni"), "the validated reply reaches the citizen");
    assert_eq!(flow_kinds(&app, own.id).await, vec![FlowKind::Taken, FlowKind::HandedBack, FlowKind::ReplyValidated]);
    let notes = app
        .store
        .notifications(t.id, app.store.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id, 50)
        .await
        .unwrap();
    assert!(notes.iter().any(|n| n.kind == "reply_decided"));

    // An office set to answer directly gets the reply form.
    let mut fields: Vec<(String, String)> = vec![];
    for o in app.store.list_offices(t.id).await.unwrap() {
        if o.id != tributi {
            fields.push((format!("validate_{}", o.id.0), "1".into()));
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        manager.submit("/staff/admin/smistamento", "/staff/admin/smistamento/impostazioni", &refs).await.status,
        303
    );
    let third = desk_case(&app, &front, "Scadenza IMU", &[("office_id", &tributi.0.to_string())]).await;
    post_case(&app, &referent, third.id, "/prendi", &[]).await;
    let direct =
        post_case(&app, &referent, third.id, "", &[("event", "send_reply"), ("text", "La rata scade il 16 dicembre.")])
            .await;
    assert_eq!(direct.status, 303);
    app.stop().await;
}

#[tokio::test]
async fn notifications_preferences_mentions_and_followers() {
    let app = app().await;
    let t = app.tenant().await;
    let tributi = office(&app, "Ufficio Tributi").await;
    let front = signed_in(&app, FRONT).await;
    let manager = signed_in(&app, MANAGER).await;
    let referent = signed_in(&app, REFERENT).await;
    let ref_id = app.store.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id;
    let mgr_id = app.store.credentials_by_email(t.id, MANAGER.0).await.unwrap().unwrap().user.id;
    let outbox_kinds = |t| {
        let store = app.store.clone();
        async move {
            let now = chrono::Utc::now() + chrono::Duration::days(1);
            store
                .claim_outbox(now, now + chrono::Duration::days(365), 1000)
                .await
                .unwrap()
                .into_iter()
                .filter(|o| o.tenant_id == t && o.kind == "notification")
                .map(|o| (o.kind, o.recipient))
                .collect::<Vec<_>>()
        }
    };

    // Immediately (the default): in the app and through the outbox.
    let a = desk_case(&app, &front, "Primo", &[]).await;
    post_case(&app, &front, a.id, "/smista", &[("office", &tributi.0.to_string())]).await;
    let list = app.store.notifications(t.id, ref_id, 10).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].kind.as_str(), list[0].email.as_str()), ("routed", "now"));
    let sent = outbox_kinds(t.id).await;
    assert!(sent.contains(&("notification".into(), REFERENT.0.into())), "{sent:?}");
    // The e-mail is written from the notification.
    let item = urp_store::OutboxItem {
        id: 0,
        tenant_id: t.id,
        kind: "notification".into(),
        recipient: REFERENT.0.into(),
        lang: "it".into(),
        case_id: Some(a.id),
        event_id: Some(list[0].id),
        attempts: 1,
        last_error: None,
    };
    let mail = urp_web::mail::render(app.store.as_ref(), &item, "https://urp.example").await.unwrap();
    assert!(mail.subject.contains("Notifica URP"), "{}", mail.subject);
    assert!(mail.body.contains(&format!("https://urp.example/staff/casi/{}", a.id)), "{}", mail.body);
    assert!(mail.body.contains(&a.registry.to_string()));

    // Preferences: digest keeps it for the daily summary, off drops it.
    let prefs = referent.get("/staff/notifiche/preferenze").await;
    assert_eq!(prefs.status, 200);
    assert_eq!(
        referent
            .submit(
                "/staff/notifiche/preferenze",
                "/staff/notifiche/preferenze",
                &[("mode_routed", "digest"), ("mode_mention", "off")]
            )
            .await
            .status,
        303
    );
    let b = desk_case(&app, &front, "Secondo", &[]).await;
    post_case(&app, &front, b.id, "/smista", &[("office", &tributi.0.to_string())]).await;
    let list = app.store.notifications(t.id, ref_id, 10).await.unwrap();
    assert_eq!((list.len(), list[0].email.as_str()), (2, "digest"));
    assert!(outbox_kinds(t.id).await.is_empty(), "nothing e-mailed at once");
    assert_eq!(app.store.digest_pending(t.id, ref_id).await.unwrap().len(), 1);

    // Mentions: of a colleague (off for the referent now) and of an office; followers hear of notes.
    assert_eq!(post_case(&app, &manager, b.id, "/segui", &[("follow", "1")]).await.status, 303);
    let r = post_case(
        &app,
        &front,
        b.id,
        "",
        &[("event", "note"), ("text", "Chiedo a @referente.tributi e @ufficio-tributi")],
    )
    .await;
    assert_eq!(r.status, 303);
    let list = app.store.notifications(t.id, ref_id, 10).await.unwrap();
    assert_eq!(list.len(), 2, "mentions are off for the referent");
    let mgr = app.store.notifications(t.id, mgr_id, 10).await.unwrap();
    assert_eq!(mgr[0].kind, "note", "the follower is told of the note");
    post_case(&app, &referent, b.id, "/segui", &[("follow", "1")]).await;
    referent.submit("/staff/notifiche/preferenze", "/staff/notifiche/preferenze", &[("mode_mention", "now")]).await;
    post_case(&app, &front, b.id, "", &[("event", "note"), ("text", "Ancora @referente.tributi")]).await;
    let list = app.store.notifications(t.id, ref_id, 10).await.unwrap();
    assert_eq!(list[0].kind, "mention");
    assert_eq!(
        list.iter().filter(|n| n.created_at == list[0].created_at).count(),
        1,
        "one notification, not mention and note"
    );
    // Unfollow: no more notes.
    post_case(&app, &manager, b.id, "/segui", &[("follow", "0")]).await;
    let before = app.store.notifications(t.id, mgr_id, 50).await.unwrap().len();
    post_case(&app, &front, b.id, "", &[("event", "note"), ("text", "Ultima nota")]).await;
    assert_eq!(app.store.notifications(t.id, mgr_id, 50).await.unwrap().len(), before);

    // The list, marking one and all as read.
    let page = referent.get("/staff/notifiche").await;
    assert!(page.body.contains("notifiche da leggere"), "{}", page.body);
    let first = app.store.notifications(t.id, ref_id, 1).await.unwrap()[0].id.to_string();
    assert_eq!(referent.submit("/staff/notifiche", "/staff/notifiche/lette", &[("id", &first)]).await.status, 303);
    // Routed twice, mentioned once, and told of the last note on the case they follow.
    assert_eq!(app.store.notifications(t.id, ref_id, 50).await.unwrap().len(), 4);
    assert_eq!(app.store.unread_count(t.id, ref_id).await.unwrap(), 3);
    referent.submit("/staff/notifiche", "/staff/notifiche/lette", &[]).await;
    assert_eq!(app.store.unread_count(t.id, ref_id).await.unwrap(), 0);
    assert!(referent.get("/staff/notifiche").await.body.contains("Nessuna notifica da leggere"));
    app.stop().await;
}

#[tokio::test]
async fn routing_rules_first_match_wins_bad_patterns_are_refused_and_samples_are_tried() {
    let app = app().await;
    let t = app.tenant().await;
    let tributi = office(&app, "Ufficio Tributi").await;
    let anagrafe = office(&app, ANAGRAFE).await;
    let manager = signed_in(&app, MANAGER).await;
    let front = signed_in(&app, FRONT).await;
    assert_eq!(front.get("/staff/admin/smistamento").await.status, 403);
    assert_eq!(signed_in(&app, REFERENT).await.get("/staff/admin/smistamento").await.status, 403);
    let page = manager.get("/staff/admin/smistamento").await;
    assert_eq!(page.status, 200);

    let rule = |name: &'static str, kw: &'static str, office: OfficeId, action: &'static str| {
        let m = &manager;
        async move {
            m.submit(
                "/staff/admin/smistamento",
                "/staff/admin/smistamento",
                &[
                    ("name", name),
                    ("keywords", kw),
                    ("office_id", &office.0.to_string()),
                    ("sample", "Avviso TARI sbagliato"),
                    ("azione", action),
                ],
            )
            .await
        }
    };
    let bad = rule("Tributi", "tari,,imu", tributi, "salva").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("alternativa vuota"), "{}", bad.body);
    assert!(bad.body.contains("value=\"tari,,imu\""), "the input is kept");
    let bad = rule("Tributi", "ta*", tributi, "salva").await;
    assert!(bad.body.contains("almeno tre lettere"));
    assert!(app.store.routing_rules(t.id).await.unwrap().is_empty(), "nothing saved");

    // Tried before saving: says where the sample would go, saves nothing.
    let trial = rule("Tributi", "tari, imu", tributi, "prova").await;
    assert_eq!(trial.status, 200);
    assert!(
        trial.body.contains("La pratica andrebbe all&#x27;ufficio Ufficio Tributi") || trial.body.contains("andrebbe"),
        "{}",
        trial.body
    );
    assert!(app.store.routing_rules(t.id).await.unwrap().is_empty());
    let miss = manager
        .submit(
            "/staff/admin/smistamento",
            "/staff/admin/smistamento",
            &[
                ("name", "x"),
                ("keywords", "lampion*"),
                ("office_id", &tributi.0.to_string()),
                ("sample", "Avviso TARI"),
                ("azione", "prova"),
            ],
        )
        .await;
    assert!(miss.body.contains("Nessuna regola corrisponde"));

    assert_eq!(rule("Residenza", "residenz*, anagrafe", anagrafe, "salva").await.status, 303);
    assert_eq!(rule("Tributi", "tari, imu", tributi, "salva").await.status, 303);
    let api = |subject: &'static str| {
        let c = app.client();
        async move {
            let body =
                serde_json::json!({"kind": "reclamo", "channel": "web", "subject": subject, "description": "Testo"});
            let v: serde_json::Value =
                c.http.post(c.url("/api/v1/cases")).json(&body).send().await.unwrap().json().await.unwrap();
            v["tracking_code"].as_str().unwrap().to_string()
        }
    };
    let office_of = |code: String| {
        let store = app.store.clone();
        async move { store.case_by_tracking(t.id, &code).await.unwrap().unwrap().office_id }
    };
    assert_eq!(office_of(api("Avviso TARI sbagliato").await).await, Some(tributi));
    assert_eq!(office_of(api("TARI dopo il cambio di residenza").await).await, Some(anagrafe), "first match wins");
    assert_eq!(office_of(api("Lampione spento").await).await, None, "no rule: waits for the URP");
    // Moving the Tributi rule up changes the winner.
    let tributi_rule = app.store.routing_rules(t.id).await.unwrap()[1].id;
    manager
        .submit(
            "/staff/admin/smistamento",
            &format!("/staff/admin/smistamento/{tributi_rule}/sposta"),
            &[("dir", "su")],
        )
        .await;
    let code = api("TARI dopo il cambio di residenza").await;
    let case = app.store.case_by_tracking(t.id, &code).await.unwrap().unwrap();
    assert_eq!(case.office_id, Some(tributi));
    assert_eq!(flow_kinds(&app, case.id).await, vec![FlowKind::Routed]);
    assert!(app.store.case_events(t.id, case.id, false).await.unwrap().iter().any(|e| e.kind == "routed"));
    manager.submit("/staff/admin/smistamento", &format!("/staff/admin/smistamento/{tributi_rule}/elimina"), &[]).await;
    assert_eq!(app.store.routing_rules(t.id).await.unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn duplicates_are_suggested_and_merges_keep_numbers_histories_and_replies() {
    let app = app().await;
    let t = app.tenant().await;
    let front = signed_in(&app, FRONT).await;
    let referent = signed_in(&app, REFERENT).await;
    let place = [("address", "Via Garibaldi 8")];
    let main = desk_case(&app, &front, "Buca pericolosa in via Garibaldi", &place).await;
    let dup = {
        let fields = [
            ("kind", "segnalazione"),
            ("channel", "telefono"),
            ("subject", "Buche in via Garibaldi"),
            ("description", "Una buca pericolosa in via Garibaldi davanti al civico 8"),
            ("email", "altro.cittadino@example.org"),
        ];
        let r = front.submit("/staff/casi/nuovo", "/staff/casi/nuovo", &fields).await;
        let id: i64 = r.location().trim_start_matches("/staff/casi/").split('?').next().unwrap().parse().unwrap();
        app.store.case(t.id, CaseId(id)).await.unwrap()
    };
    let other = desk_case(&app, &front, "Orari della biblioteca", &[]).await;
    let page = front.get(&format!("/staff/casi/{}", dup.id)).await;
    assert!(page.body.contains("Possibili duplicati"), "suggested on the new case's page");
    assert!(page.body.contains(&main.registry.to_string()));
    assert!(!page.body.contains(&other.registry.to_string()));

    // Refused: into itself, into an unknown number, by a referent.
    let me = post_case(&app, &front, dup.id, "/unisci", &[("into", &dup.registry.to_string())]).await;
    assert_eq!(me.status, 422);
    assert!(me.body.contains("se stessa"));
    let unknown = post_case(&app, &front, dup.id, "/unisci", &[("into", "1999/0000001")]).await;
    assert!(unknown.body.contains("Nessuna pratica"));
    assert_eq!(post_case(&app, &referent, dup.id, "/unisci", &[("into", &main.id.0.to_string())]).await.status, 403);

    let merged = post_case(&app, &front, dup.id, "/unisci", &[("into", &main.registry.to_string())]).await;
    assert_eq!(merged.status, 303, "{}", merged.body);
    let after = app.store.case(t.id, dup.id).await.unwrap();
    assert_eq!(after.registry, dup.registry, "the merged case keeps its number");
    assert_eq!(after.status.code(), "chiusa");
    assert!(after.closed_at.is_some());
    let track = app.client().get(&format!("/segui/{}", dup.tracking_code)).await;
    assert!(track.body.contains(&main.registry.to_string()), "the citizen learns of the main case");

    // No chains or cycles: the main case cannot go into the merged one, nor anything into it.
    let cycle = post_case(&app, &front, main.id, "/unisci", &[("into", &dup.registry.to_string())]).await;
    assert_eq!(cycle.status, 422);
    let chain = post_case(&app, &front, other.id, "/unisci", &[("into", &dup.registry.to_string())]).await;
    assert_eq!(chain.status, 422);
    let chain2 = post_case(&app, &front, main.id, "/unisci", &[("into", &other.registry.to_string())]).await;
    assert_eq!(chain2.status, 422, "a case with duplicates merged into it is not merged itself");

    // The main case's reply reaches the merged case's citizen too.
    post_case(&app, &front, main.id, "", &[("event", "take_in_charge")]).await;
    let reply =
        post_case(&app, &front, main.id, "", &[("event", "send_reply"), ("text", "La buca sarà chiusa domani.")]).await;
    assert_eq!(reply.status, 303);
    let now = chrono::Utc::now() + chrono::Duration::days(1);
    let replies: Vec<String> = app
        .store
        .claim_outbox(now, now, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == "case_reply")
        .map(|o| o.recipient)
        .collect();
    assert!(replies.contains(&"cittadino@example.org".to_string()));
    assert!(replies.contains(&"altro.cittadino@example.org".to_string()), "{replies:?}");

    // Undo: back to its previous status, open again, both moves in the history.
    assert_eq!(post_case(&app, &front, dup.id, "/separa", &[]).await.status, 303);
    let undone = app.store.case(t.id, dup.id).await.unwrap();
    assert_eq!(undone.status.code(), "nuova");
    assert!(undone.closed_at.is_none());
    let kinds: Vec<String> =
        app.store.case_events(t.id, dup.id, false).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert!(kinds.ends_with(&["merged".to_string(), "unmerged".to_string()]), "{kinds:?}");
    assert_eq!(flow_kinds(&app, dup.id).await, vec![FlowKind::Merged, FlowKind::Unmerged]);
    assert_eq!(post_case(&app, &front, dup.id, "/separa", &[]).await.status, 422, "nothing left to undo");
    assert!(app.store.merged_into(t.id, main.id).await.unwrap().is_empty());
    // Into a closed case: refused.
    post_case(&app, &front, main.id, "", &[("event", "close")]).await;
    let closed = post_case(&app, &front, dup.id, "/unisci", &[("into", &main.registry.to_string())]).await;
    assert_eq!(closed.status, 422);
    assert_eq!(app.store.count_cases(t.id, &CaseFilter::default()).await.unwrap(), 3);
    app.stop().await;
}

#[tokio::test]
async fn a_case_of_another_ente_is_never_a_merge_target() {
    let app = app().await;
    let t = app.tenant().await;
    let other = provision::create_tenant(
        &app.store,
        &urp_web::provision::TenantInput {
            slug: "altro",
            name: "Comune Altro",
            ipa_code: "c_alt",
            hosts: &["altro.example".to_string()],
            patron_day: None,
            is_default: false,
        },
    )
    .await
    .unwrap();
    let input = urp_web::intake::IntakeInput {
        kind: "segnalazione".into(),
        channel: "web".into(),
        subject: "Buca pericolosa in via Garibaldi".into(),
        description: "Stessa buca, altro comune".into(),
        ..Default::default()
    };
    let (new, _) = urp_web::intake::validate(
        &input,
        &urp_web::intake::CaseRules::default(),
        chrono::Utc::now(),
        urp_web::i18n::Lang::It,
    )
    .unwrap();
    let foreign = app.store.create_case(other.id, &new).await.unwrap().record().clone();
    let front = signed_in(&app, FRONT).await;
    let mine = desk_case(&app, &front, "Buca pericolosa in via Garibaldi", &[]).await;
    assert_ne!(mine.id, foreign.id);
    let r = post_case(&app, &front, mine.id, "/unisci", &[("into", &foreign.id.0.to_string())]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Nessuna pratica di questo ente"), "{}", r.body);
    assert_eq!(app.store.case(t.id, mine.id).await.unwrap().status.code(), "nuova");
    assert_eq!(front.get(&format!("/staff/casi/{}", foreign.id)).await.status, 404, "not even visible");
    // Nor is it ever suggested as a duplicate.
    let page = front.get(&format!("/staff/casi/{}", mine.id)).await;
    assert!(!page.body.contains("Possibili duplicati"));
    app.stop().await;
}
