//! Scheduled work of the back-office loop, from the `jobs` table: the daily digest of each
//! referent and the escalation of late offices and overdue cases.
//!
//! Every server schedules the same runs (one row per run, unique, so the second insert does
//! nothing) and claims due runs with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, an
//! IMMEDIATE transaction on SQLite). A run's effects (notifications, e-mails through the
//! outbox, escalation marks) are written in the transaction that marks it done, and only if
//! the worker still holds its lease: a worker that dies mid-run leaves the run to be retried
//! after the lease, and no run takes effect twice. Runs missed while no server was up are
//! scheduled when one starts again (catch-up, at most a month of them). Every function takes
//! the current time, so tests move the clock.

use crate::i18n::Lang;
use crate::intake::local_date;
use crate::routing_flow::People;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use urp_domain::{OfficeId, Role, UserId};
use urp_store::routing::{Job, JobEffects, NewNotification, NotifyEmail};
use urp_store::{CaseFilter, Store, StoreError, StoreResult, Tenant};

pub const DIGEST: &str = "daily_digest";
pub const ESCALATION: &str = "escalation";
pub const KINDS: [&str; 2] = [DIGEST, ESCALATION];
/// How long a claimed run stays reserved to its worker.
pub const LEASE: Duration = Duration::minutes(5);
/// Most past runs scheduled at start-up after downtime.
const CATCH_UP: usize = 31;
/// Cases and requests due within this many days are in the digest.
pub const DIGEST_SOON_DAYS: i64 = 3;

/// The instants at which runs of `kind` fall: the digest at 07:00 Italian time every day, the
/// escalation check at the start of every hour.
fn slot_after(kind: &str, t: DateTime<Utc>) -> DateTime<Utc> {
    if kind == DIGEST {
        let rome = chrono_tz::Europe::Rome;
        let local = t.with_timezone(&rome).date_naive();
        for d in 0..3 {
            let day = local + Duration::days(d);
            if let Some(at) = day.and_hms_opt(7, 0, 0).and_then(|n| rome.from_local_datetime(&n).earliest()) {
                let at = at.with_timezone(&Utc);
                if at > t {
                    return at;
                }
            }
        }
        t + Duration::days(1)
    } else {
        let hour = t.timestamp().div_euclid(3600) * 3600;
        DateTime::from_timestamp(hour + 3600, 0).unwrap_or(t + Duration::hours(1))
    }
}

/// The runs to schedule now: every slot since the last scheduled run up to `now` (runs missed
/// while down, at most [`CATCH_UP`]), and the next one. The first time, only the next one.
pub fn slots(kind: &str, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    if let Some(mut t) = last {
        loop {
            t = slot_after(kind, t);
            if t > now {
                break;
            }
            out.push(t);
        }
        if out.len() > CATCH_UP {
            out.drain(..out.len() - CATCH_UP);
        }
    }
    let next = slot_after(kind, now);
    if !out.contains(&next) {
        out.push(next);
    }
    out
}

/// Schedules the runs of every ente (idempotent across servers).
pub async fn schedule(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<()> {
    for t in store.list_tenants().await? {
        for kind in KINDS {
            let last = store.last_job(t.id, kind).await?;
            for at in slots(kind, last, now) {
                store.schedule_job(t.id, kind, at).await?;
            }
        }
    }
    Ok(())
}

/// Claims and runs every due run; returns how many took effect here.
pub async fn run_due(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<usize> {
    let token = crate::context::random_bytes_b64(12);
    let mut done = 0;
    while let Some(job) = store.claim_job(now, now + LEASE, &token).await? {
        match effects(store, &job, now).await {
            Ok(fx) => {
                if store.finish_job(&job, &fx, now).await? {
                    done += 1;
                }
            }
            Err(e) => {
                tracing::warn!(job_id = job.id, kind = %job.kind, error = %e, "scheduled job failed; retried later");
                store.fail_job(&job, &e.to_string(), now + LEASE).await?;
            }
        }
    }
    Ok(done)
}

/// What a run produces, without writing anything.
pub async fn effects(store: &dyn Store, job: &Job, now: DateTime<Utc>) -> StoreResult<JobEffects> {
    let tenant = store.tenant(job.tenant_id).await?;
    match job.kind.as_str() {
        DIGEST => digest(store, &tenant, local_date(job.due_at)).await,
        ESCALATION => escalation(store, &tenant, local_date(now.max(job.due_at))).await,
        other => Err(StoreError::Other(format!("unknown job kind {other}"))),
    }
}

fn email_now(people: &People, user: UserId) -> NotifyEmail {
    match people.users.iter().find(|u| u.id == user) {
        Some(u) => NotifyEmail::Now { recipient: u.data.email.clone(), lang: Lang::It.code().into() },
        None => NotifyEmail::None,
    }
}

/// The daily digest of one user: open cases of their offices that are overdue or due within
/// three days, open internal requests to their offices likewise, and the notifications they
/// asked to receive by digest. Nothing to say: no digest.
pub async fn digest_for(
    store: &dyn Store,
    tenant: &Tenant,
    people: &People,
    user: &urp_store::User,
    today: NaiveDate,
) -> StoreResult<Option<(String, Vec<i64>)>> {
    let lang = Lang::It;
    let t = tenant.id;
    let soon = today + Duration::days(DIGEST_SOON_DAYS + 1);
    let mut lines: Vec<String> = Vec::new();
    let open: Vec<_> = urp_domain::case::CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
    if user.data.roles.contains(&Role::Referent) {
        for office in &user.data.offices {
            let f = CaseFilter {
                statuses: open.clone(),
                office_id: Some(*office),
                due_before: Some(soon),
                ..Default::default()
            };
            for c in store.list_cases(t, &f, 50, 0).await? {
                let Some(due) = c.due_date else { continue };
                let key = if due < today { "digest-line-overdue" } else { "digest-line-due" };
                lines.push(lang.t_args(
                    key,
                    &[
                        ("registry", c.registry.to_string()),
                        ("subject", c.subject.clone()),
                        ("date", crate::deadline_text::date(due)),
                    ],
                ));
            }
        }
        let offices: Vec<OfficeId> = user.data.offices.clone();
        for o in store.opinions_for(t, &offices, true).await? {
            if o.due_date >= soon {
                continue;
            }
            let case = store.case(t, o.case_id).await?;
            let key = if o.due_date < today { "digest-line-opinion-overdue" } else { "digest-line-opinion-due" };
            lines.push(lang.t_args(
                key,
                &[
                    ("registry", case.registry.to_string()),
                    ("office", people.office_name(Some(o.office_id))),
                    ("date", crate::deadline_text::date(o.due_date)),
                ],
            ));
        }
    }
    let pending = store.digest_pending(t, user.id).await?;
    for n in &pending {
        lines.push(format!("• {}", n.body));
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let mut body = lang.t_args("digest-intro", &[("date", crate::deadline_text::date(today))]);
    for l in lines {
        body.push('\n');
        body.push_str(&l);
    }
    Ok(Some((body, pending.iter().map(|n| n.id).collect())))
}

async fn digest(store: &dyn Store, tenant: &Tenant, today: NaiveDate) -> StoreResult<JobEffects> {
    let people = People { users: store.list_users(tenant.id).await?, offices: store.list_offices(tenant.id).await? };
    let mut fx = JobEffects::default();
    for user in people.users.iter().filter(|u| u.data.active) {
        if let Some((body, ids)) = digest_for(store, tenant, &people, user, today).await? {
            fx.notify.push(NewNotification {
                user_id: user.id,
                kind: "digest".into(),
                case_id: None,
                body,
                email: email_now(&people, user.id),
            });
            fx.digested.extend(ids);
        }
    }
    Ok(fx)
}

/// Who hears that an office is late: its head when one is set, else its referents; and the
/// URP managers.
fn escalate_to(people: &People, head: Option<UserId>, office: Option<OfficeId>) -> Vec<UserId> {
    let mut who: Vec<UserId> = match (head, office) {
        (Some(h), _) => vec![h],
        (None, Some(o)) => people.referents(o),
        (None, None) => vec![],
    };
    for m in people.managers() {
        if !who.contains(&m) {
            who.push(m);
        }
    }
    who
}

async fn escalation(store: &dyn Store, tenant: &Tenant, today: NaiveDate) -> StoreResult<JobEffects> {
    let lang = Lang::It;
    let t = tenant.id;
    let people = People { users: store.list_users(t).await?, offices: store.list_offices(t).await? };
    let settings = store.routing_settings(t).await?;
    let mut fx = JobEffects::default();
    let push = |fx: &mut JobEffects, who: Vec<UserId>, case: urp_store::CaseId, body: String| {
        for u in who {
            fx.notify.push(NewNotification {
                user_id: u,
                kind: "escalation".into(),
                case_id: Some(case),
                body: body.clone(),
                email: email_now(&people, u),
            });
        }
    };
    for o in store.open_opinions(t).await? {
        if o.due_date >= today {
            continue;
        }
        if store.escalations(t, o.case_id).await?.iter().any(|(k, r)| k == "opinion" && *r == o.id) {
            continue;
        }
        let case = store.case(t, o.case_id).await?;
        let who = escalate_to(&people, settings.office(o.office_id).head_user_id, Some(o.office_id));
        let body = lang.t_args(
            "escalation-opinion",
            &[
                ("registry", case.registry.to_string()),
                ("office", people.office_name(Some(o.office_id))),
                ("date", crate::deadline_text::date(o.due_date)),
            ],
        );
        push(&mut fx, who, case.id, body);
        fx.escalations.push((case.id, "opinion".into(), o.id));
    }
    for case in store.overdue_unescalated(t, today, 500).await? {
        let head = case.office_id.and_then(|o| settings.office(o).head_user_id);
        let who = escalate_to(&people, head, case.office_id);
        let body = lang.t_args(
            "escalation-legal",
            &[
                ("registry", case.registry.to_string()),
                ("subject", case.subject.clone()),
                ("date", case.due_date.map(crate::deadline_text::date).unwrap_or_default()),
            ],
        );
        push(&mut fx, who, case.id, body);
        fx.escalations.push((case.id, "legal".into(), 0));
    }
    Ok(fx)
}

/// Schedules and runs jobs every `poll` until `shutdown` resolves.
pub async fn run_worker(
    store: Arc<dyn Store>,
    poll: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()> + Send,
) {
    tokio::pin!(shutdown);
    loop {
        let now = Utc::now();
        if let Err(e) = schedule(&*store, now).await {
            tracing::warn!(error = %e, "cannot schedule jobs");
        } else if let Err(e) = run_due(&*store, now).await {
            tracing::warn!(error = %e, "cannot run jobs");
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(poll) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn digest_runs_at_seven_italian_time_and_escalation_hourly() {
        // 07:00 in Rome is 06:00 UTC in winter, 05:00 UTC in summer.
        assert_eq!(slot_after(DIGEST, at("2026-11-26T05:00:00Z")), at("2026-11-26T06:00:00Z"));
        assert_eq!(slot_after(DIGEST, at("2026-11-26T06:00:00Z")), at("2026-11-27T06:00:00Z"));
        assert_eq!(slot_after(DIGEST, at("2026-07-01T04:59:00Z")), at("2026-07-01T05:00:00Z"));
        assert_eq!(slot_after(ESCALATION, at("2026-11-26T13:20:00Z")), at("2026-11-26T14:00:00Z"));
        assert_eq!(slot_after(ESCALATION, at("2026-11-26T14:00:00Z")), at("2026-11-26T15:00:00Z"));
    }

    #[test]
    fn missed_runs_are_caught_up_and_the_next_one_scheduled() {
        assert_eq!(slots(ESCALATION, None, at("2026-11-26T13:20:00Z")), vec![at("2026-11-26T14:00:00Z")]);
        let caught = slots(ESCALATION, Some(at("2026-11-26T10:00:00Z")), at("2026-11-26T13:20:00Z"));
        assert_eq!(
            caught,
            vec![
                at("2026-11-26T11:00:00Z"),
                at("2026-11-26T12:00:00Z"),
                at("2026-11-26T13:00:00Z"),
                at("2026-11-26T14:00:00Z")
            ]
        );
        // Three months down: at most a month of digests, plus the next one.
        let long = slots(DIGEST, Some(at("2026-08-01T05:00:00Z")), at("2026-11-26T12:00:00Z"));
        assert_eq!(long.len(), CATCH_UP + 1);
        assert_eq!(long.last(), Some(&at("2026-11-27T06:00:00Z")));
    }
}
