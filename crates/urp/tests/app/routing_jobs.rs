//! Scheduled work with an injected clock: escalation of late offices and overdue cases, the
//! daily digest, two workers competing for runs, and a worker that dies mid-run.

use crate::helpers::*;
use crate::routing::{ANAGRAFE, app, desk_case, office, post_case, signed_in};
use chrono::{Duration, Utc};
use urp_web::jobs::{self, DIGEST, ESCALATION, LEASE};

fn kinds_of(list: &[urp_store::routing::Notification], kind: &str) -> usize {
    list.iter().filter(|n| n.kind == kind).count()
}

#[tokio::test]
async fn late_offices_and_overdue_cases_are_escalated_once_to_the_office_and_the_manager() {
    let app = app().await;
    let t = app.tenant().await;
    let s = app.store.as_ref();
    let tributi = office(&app, "Ufficio Tributi").await;
    let anagrafe = office(&app, ANAGRAFE).await;
    let front = signed_in(&app, FRONT).await;
    let case = desk_case(&app, &front, "Residenza e tributi", &[("office_id", &anagrafe.0.to_string())]).await;
    post_case(&app, &front, case.id, "/parere", &[("opinion_office", &tributi.0.to_string()), ("question", "Parere?")])
        .await;
    let referent = s.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id;
    let manager = s.credentials_by_email(t.id, MANAGER.0).await.unwrap().unwrap().user.id;
    let rita = s.credentials_by_email(t.id, crate::routing::ANAGRAFE_REFERENT.0).await.unwrap().unwrap().user.id;

    let now = Utc::now();
    jobs::schedule(s, now).await.unwrap();
    assert_eq!(jobs::run_due(s, now).await.unwrap(), 0, "the first runs are in the future");
    // Twenty days later (the server was down all along): the missed hourly checks are caught
    // up, the late opinion is escalated once, to the office asked and to the URP manager.
    let later = now + Duration::days(20);
    jobs::schedule(s, later).await.unwrap();
    let ran = jobs::run_due(s, later).await.unwrap();
    assert!(ran >= 2, "caught-up runs: {ran}");
    let (escalations, digests) =
        (s.jobs_done(t.id, ESCALATION).await.unwrap(), s.jobs_done(t.id, DIGEST).await.unwrap());
    assert_eq!(escalations + digests, i64::try_from(ran).unwrap());
    // The first hourly run plus at most a month of missed ones.
    assert_eq!(escalations, 32);
    let ref_list = s.notifications(t.id, referent, 100).await.unwrap();
    assert_eq!(kinds_of(&ref_list, "escalation"), 1, "once, however many runs");
    assert!(ref_list.iter().any(|n| n.kind == "escalation" && n.body.contains("non ha reso")));
    assert_eq!(kinds_of(&s.notifications(t.id, manager, 100).await.unwrap(), "escalation"), 1);
    assert_eq!(
        kinds_of(&s.notifications(t.id, rita, 100).await.unwrap(), "escalation"),
        0,
        "the legal term still runs"
    );
    let opinion = s.opinions(t.id, case.id).await.unwrap()[0].id;
    assert_eq!(s.escalations(t.id, case.id).await.unwrap(), vec![("opinion".to_string(), opinion)]);

    // Forty days on, the legal deadline has passed: the office in charge and the manager hear.
    let much_later = now + Duration::days(40);
    jobs::schedule(s, much_later).await.unwrap();
    jobs::run_due(s, much_later).await.unwrap();
    assert_eq!(kinds_of(&s.notifications(t.id, rita, 100).await.unwrap(), "escalation"), 1);
    let mgr = s.notifications(t.id, manager, 100).await.unwrap();
    assert_eq!(kinds_of(&mgr, "escalation"), 2);
    assert!(mgr.iter().any(|n| n.body.contains("termine di legge")));
    assert_eq!(kinds_of(&s.notifications(t.id, referent, 100).await.unwrap(), "escalation"), 1, "not again");
    assert_eq!(s.escalations(t.id, case.id).await.unwrap().len(), 2);
    let flow = s.flow_events(t.id, case.id).await.unwrap();
    assert_eq!(flow.iter().filter(|e| e.kind == urp_store::routing::FlowKind::Escalated).count(), 2);
    app.stop().await;
}

#[tokio::test]
async fn the_daily_digest_lists_what_is_due_and_what_waited_for_it() {
    let app = app().await;
    let t = app.tenant().await;
    let s = app.store.as_ref();
    let tributi = office(&app, "Ufficio Tributi").await;
    let front = signed_in(&app, FRONT).await;
    let referent_c = signed_in(&app, REFERENT).await;
    referent_c.submit("/staff/notifiche/preferenze", "/staff/notifiche/preferenze", &[("mode_routed", "digest")]).await;
    let due = desk_case(&app, &front, "Rimborso IMU", &[("office_id", &tributi.0.to_string())]).await;
    let other = desk_case(&app, &front, "Altro", &[]).await;
    post_case(&app, &front, other.id, "/smista", &[("office", &tributi.0.to_string())]).await;
    let referent = s.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id;
    assert_eq!(s.digest_pending(t.id, referent).await.unwrap().len(), 1);

    // The digest of the day two days before the legal deadline.
    let day = due.due_date.unwrap() - Duration::days(2);
    let at = day.and_hms_opt(6, 0, 0).unwrap().and_utc();
    s.schedule_job(t.id, DIGEST, at).await.unwrap();
    assert_eq!(jobs::run_due(s, at + Duration::minutes(1)).await.unwrap(), 1);
    let list = s.notifications(t.id, referent, 100).await.unwrap();
    let digest = list.iter().find(|n| n.kind == "digest").expect("a digest");
    assert!(
        digest.body.contains(&format!("Scade il {}", urp_web::deadline_text::date(due.due_date.unwrap()))),
        "{}",
        digest.body
    );
    assert!(digest.body.contains(&due.registry.to_string()));
    assert!(digest.body.contains(&other.registry.to_string()), "the notification kept for the digest");
    assert!(s.digest_pending(t.id, referent).await.unwrap().is_empty(), "not repeated tomorrow");
    let now = Utc::now() + Duration::days(400);
    let mails = s.claim_outbox(now, now, 1000).await.unwrap();
    assert!(
        mails.iter().any(|m| m.kind == "notification" && m.recipient == REFERENT.0 && m.event_id == Some(digest.id))
    );
    // People with nothing due get no digest.
    let manager = s.credentials_by_email(t.id, MANAGER.0).await.unwrap().unwrap().user.id;
    assert_eq!(kinds_of(&s.notifications(t.id, manager, 100).await.unwrap(), "digest"), 0);
    app.stop().await;
}

#[tokio::test]
async fn two_workers_compete_for_runs_and_none_is_done_twice() {
    let app = app().await;
    let t = app.tenant().await;
    let s = app.store.clone();
    let tributi = office(&app, "Ufficio Tributi").await;
    let front = signed_in(&app, FRONT).await;
    let case = desk_case(&app, &front, "Rimborso IMU", &[("office_id", &tributi.0.to_string())]).await;
    let referent = s.credentials_by_email(t.id, REFERENT.0).await.unwrap().unwrap().user.id;
    // Twenty digest runs, each of which writes one digest for the referent.
    let base = case.due_date.unwrap().and_hms_opt(6, 0, 0).unwrap().and_utc() - Duration::days(2);
    for i in 0..20 {
        s.schedule_job(t.id, DIGEST, base + Duration::minutes(i)).await.unwrap();
    }
    let now = base + Duration::hours(1);
    let (a, b) = tokio::join!(jobs::run_due(s.as_ref(), now), jobs::run_due(s.as_ref(), now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, 20, "worker A ran {a}, worker B ran {b}");
    assert_eq!(s.jobs_done(t.id, DIGEST).await.unwrap(), 20);
    assert_eq!(kinds_of(&s.notifications(t.id, referent, 500).await.unwrap(), "digest"), 20);
    assert_eq!(jobs::run_due(s.as_ref(), now).await.unwrap(), 0, "nothing left");
    app.stop().await;
}

#[tokio::test]
async fn a_worker_that_dies_mid_run_leaves_it_to_another_and_its_late_finish_is_void() {
    let app = app().await;
    let t = app.tenant().await;
    let s = app.store.as_ref();
    let now = Utc::now();
    s.schedule_job(t.id, ESCALATION, now - Duration::hours(1)).await.unwrap();
    let dead = s.claim_job(now, now + LEASE, "dead-worker").await.unwrap().expect("claimed");
    assert!(s.claim_job(now, now + LEASE, "other").await.unwrap().is_none(), "leased: nobody else takes it");
    // The lease runs out: another worker takes the run over and completes it.
    let later = now + LEASE + Duration::seconds(1);
    let alive = s.claim_job(later, later + LEASE, "alive-worker").await.unwrap().expect("claimed again");
    assert_eq!((alive.id, alive.attempts), (dead.id, 2));
    let fx = urp_store::routing::JobEffects::default();
    assert!(s.finish_job(&alive, &fx, later).await.unwrap());
    // The first worker comes back and tries to finish: refused, nothing written twice.
    let manager = s.credentials_by_email(t.id, MANAGER.0).await.unwrap().unwrap().user.id;
    let late = urp_store::routing::JobEffects {
        notify: vec![urp_store::routing::NewNotification {
            user_id: manager,
            kind: "escalation".into(),
            case_id: None,
            body: "doppione".into(),
            email: urp_store::routing::NotifyEmail::None,
        }],
        ..Default::default()
    };
    assert!(!s.finish_job(&dead, &late, later).await.unwrap());
    assert!(s.notifications(t.id, manager, 10).await.unwrap().is_empty());
    assert_eq!(s.jobs_done(t.id, ESCALATION).await.unwrap(), 1);
    app.stop().await;
}
