//! Storage of the back-office loop: routing changes with their typed flow events, internal
//! opinions, proposed replies, notifications and preferences, followers, routing rules and
//! settings, scheduled jobs, escalations and merges. Each change to a case is one transaction.

use crate::{CaseId, CaseRecord, NewOutbox, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use urp_domain::case::CaseStatus;
use urp_domain::{OfficeId, TenantId, UserId};

/// A typed row of the flow log, for per-office flow figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    Routed,
    Rerouted,
    Taken,
    OpinionRequested,
    OpinionAnswered,
    HandedBack,
    ReplyValidated,
    ReplyReturned,
    Merged,
    Unmerged,
    Escalated,
}

impl FlowKind {
    pub const ALL: [FlowKind; 11] = [
        FlowKind::Routed,
        FlowKind::Rerouted,
        FlowKind::Taken,
        FlowKind::OpinionRequested,
        FlowKind::OpinionAnswered,
        FlowKind::HandedBack,
        FlowKind::ReplyValidated,
        FlowKind::ReplyReturned,
        FlowKind::Merged,
        FlowKind::Unmerged,
        FlowKind::Escalated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FlowKind::Routed => "routed",
            FlowKind::Rerouted => "rerouted",
            FlowKind::Taken => "taken",
            FlowKind::OpinionRequested => "opinion_requested",
            FlowKind::OpinionAnswered => "opinion_answered",
            FlowKind::HandedBack => "handed_back",
            FlowKind::ReplyValidated => "reply_validated",
            FlowKind::ReplyReturned => "reply_returned",
            FlowKind::Merged => "merged",
            FlowKind::Unmerged => "unmerged",
            FlowKind::Escalated => "escalated",
        }
    }

    pub fn parse(code: &str) -> Option<FlowKind> {
        FlowKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowEvent {
    pub kind: FlowKind,
    pub office_id: Option<OfficeId>,
    pub from_office_id: Option<OfficeId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowEventRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub kind: FlowKind,
    pub office_id: Option<OfficeId>,
    pub from_office_id: Option<OfficeId>,
    pub actor_id: Option<UserId>,
    pub opinion_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// How a notification reaches its user by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyEmail {
    None,
    /// Now, through the outbox, to this address in this language.
    Now {
        recipient: String,
        lang: String,
    },
    /// In the next daily digest.
    Digest,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: UserId,
    pub kind: String,
    pub case_id: Option<CaseId>,
    pub body: String,
    pub email: NotifyEmail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub user_id: UserId,
    pub kind: String,
    pub case_id: Option<CaseId>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub email: String,
}

/// A history row written with the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub kind: String,
    pub body: Option<String>,
    pub public: bool,
}

/// The part of a flow change that touches the loop's own tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowOp {
    None,
    AskOpinion { office: OfficeId, question: String, due: NaiveDate },
    AnswerOpinion { opinion_id: i64, answer: String },
    Propose { office: Option<OfficeId>, body: String },
    Decide { proposal_id: i64, approved: bool },
    Merge { into: CaseId, previous_status: CaseStatus },
    Unmerge { merge_id: i64 },
}

/// One change to a case by the back-office loop, applied atomically if the case still has
/// `expected_status`.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowChange {
    pub case_id: CaseId,
    pub expected_status: CaseStatus,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub new_status: Option<CaseStatus>,
    /// `Some(true)`: closed now; `Some(false)`: no longer closed.
    pub closed: Option<bool>,
    pub office: Option<Option<OfficeId>>,
    pub assignee: Option<Option<UserId>>,
    pub history: Option<HistoryEntry>,
    pub flow: Vec<FlowEvent>,
    pub op: FlowOp,
    pub notify: Vec<NewNotification>,
    pub outbox: Vec<NewOutbox>,
}

impl FlowChange {
    pub fn new(case: &CaseRecord, actor: Option<UserId>, at: DateTime<Utc>) -> FlowChange {
        FlowChange {
            case_id: case.id,
            expected_status: case.status,
            at,
            actor_id: actor,
            new_status: None,
            closed: None,
            office: None,
            assignee: None,
            history: None,
            flow: vec![],
            op: FlowOp::None,
            notify: vec![],
            outbox: vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    pub id: i64,
    pub case_id: CaseId,
    pub office_id: OfficeId,
    pub question: String,
    pub asked_by: Option<UserId>,
    pub asked_at: DateTime<Utc>,
    pub due_date: NaiveDate,
    pub answer: Option<String>,
    pub answered_by: Option<UserId>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: i64,
    pub case_id: CaseId,
    pub office_id: Option<OfficeId>,
    pub body: String,
    pub proposed_by: Option<UserId>,
    pub proposed_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub approved: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub into_case_id: CaseId,
    pub previous_status: CaseStatus,
    pub merged_at: DateTime<Utc>,
}

/// A routing rule as stored (the keyword pattern as written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleData {
    pub name: String,
    pub kind: Option<urp_domain::case::CaseKind>,
    pub channel: Option<urp_domain::case::Channel>,
    pub service: Option<String>,
    pub topic_id: Option<i64>,
    pub keywords: String,
    pub office_id: Option<OfficeId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    pub id: i64,
    pub position: i64,
    pub data: RuleData,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfficeRouting {
    pub office_id: Option<OfficeId>,
    pub opinion_days: Option<u32>,
    pub validate_replies: bool,
    pub head_user_id: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoutingSettings {
    pub opinion_days: Option<u32>,
    pub duplicate_distance_m: Option<u32>,
    pub offices: Vec<OfficeRouting>,
}

impl RoutingSettings {
    /// An office's settings; offices never set validate their replies through the URP.
    pub fn office(&self, id: OfficeId) -> OfficeRouting {
        self.offices.iter().find(|o| o.office_id == Some(id)).cloned().unwrap_or(OfficeRouting {
            office_id: Some(id),
            opinion_days: None,
            validate_replies: true,
            head_user_id: None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: String,
    pub due_at: DateTime<Utc>,
    pub token: String,
    pub attempts: i64,
}

/// What a finished job leaves behind, written with its completion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobEffects {
    pub notify: Vec<NewNotification>,
    /// (case, kind, ref id): escalations recorded so they are sent once.
    pub escalations: Vec<(CaseId, String, i64)>,
    /// Digest notifications now included in a digest.
    pub digested: Vec<i64>,
}

/// An open case as the duplicate search compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct DupCandidate {
    pub id: CaseId,
    pub registry: urp_domain::registry::RegistryNumber,
    pub kind: urp_domain::case::CaseKind,
    pub subject: String,
    pub description: String,
    pub service: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[async_trait]
pub trait RoutingStore: Send + Sync {
    /// Applies a change of the back-office loop if the case still has its expected status.
    async fn apply_flow(&self, t: TenantId, ch: &FlowChange) -> StoreResult<CaseRecord>;
    async fn flow_events(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<FlowEventRecord>>;
    /// Flow rows of one office (or all) in `[from, to)`, read from the (office, time) index.
    async fn flow_events_between(
        &self,
        t: TenantId,
        office: Option<OfficeId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<FlowEventRecord>>;

    async fn opinions(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<Opinion>>;
    /// Requests addressed to these offices, open first and by due date.
    async fn opinions_for(&self, t: TenantId, offices: &[OfficeId], open_only: bool) -> StoreResult<Vec<Opinion>>;
    /// Every open request of the ente (the "who is waiting for whom" view, escalations).
    async fn open_opinions(&self, t: TenantId) -> StoreResult<Vec<Opinion>>;
    async fn proposals(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<Proposal>>;
    async fn pending_proposals(&self, t: TenantId) -> StoreResult<Vec<Proposal>>;

    async fn notify(&self, t: TenantId, n: &[NewNotification], at: DateTime<Utc>) -> StoreResult<()>;
    async fn notifications(&self, t: TenantId, user: UserId, limit: i64) -> StoreResult<Vec<Notification>>;
    async fn unread_count(&self, t: TenantId, user: UserId) -> StoreResult<i64>;
    /// Marks one notification (or all with `None`) as read.
    async fn mark_read(&self, t: TenantId, user: UserId, id: Option<i64>, at: DateTime<Utc>) -> StoreResult<()>;
    /// Notifications waiting for this user's digest.
    async fn digest_pending(&self, t: TenantId, user: UserId) -> StoreResult<Vec<Notification>>;
    async fn notification_prefs(&self, t: TenantId, user: UserId) -> StoreResult<Vec<(String, String)>>;
    async fn set_notification_pref(&self, t: TenantId, user: UserId, kind: &str, mode: &str) -> StoreResult<()>;

    async fn followers(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<UserId>>;
    async fn set_following(
        &self,
        t: TenantId,
        case: CaseId,
        user: UserId,
        follow: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    async fn routing_rules(&self, t: TenantId) -> StoreResult<Vec<StoredRule>>;
    /// Adds a rule at the end (`id == None`) or changes one.
    async fn save_rule(&self, t: TenantId, id: Option<i64>, d: &RuleData, at: DateTime<Utc>) -> StoreResult<i64>;
    async fn delete_rule(&self, t: TenantId, id: i64) -> StoreResult<()>;
    /// Swaps a rule with its neighbour above (`up`) or below.
    async fn move_rule(&self, t: TenantId, id: i64, up: bool) -> StoreResult<()>;

    async fn routing_settings(&self, t: TenantId) -> StoreResult<RoutingSettings>;
    async fn set_tenant_routing(&self, t: TenantId, days: Option<u32>, distance_m: Option<u32>) -> StoreResult<()>;
    async fn notification(&self, t: TenantId, id: i64) -> StoreResult<Notification>;
    async fn set_office_routing(&self, t: TenantId, o: &OfficeRouting) -> StoreResult<()>;

    /// Schedules a run; a run already scheduled (by this or another server) is left alone.
    async fn schedule_job(&self, t: TenantId, kind: &str, due_at: DateTime<Utc>) -> StoreResult<()>;
    /// The latest scheduled run of a kind, done or not.
    async fn last_job(&self, t: TenantId, kind: &str) -> StoreResult<Option<DateTime<Utc>>>;
    /// Claims one due run not leased by anyone, for `lease_until`.
    async fn claim_job(&self, now: DateTime<Utc>, lease_until: DateTime<Utc>, token: &str) -> StoreResult<Option<Job>>;
    /// Writes the run's effects and marks it done, if this worker still holds it; `false`
    /// (and nothing written) when the lease was lost to another worker.
    async fn finish_job(&self, job: &Job, fx: &JobEffects, at: DateTime<Utc>) -> StoreResult<bool>;
    async fn fail_job(&self, job: &Job, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()>;
    /// How many runs are done (for tests and operations).
    async fn jobs_done(&self, t: TenantId, kind: &str) -> StoreResult<i64>;
    /// Escalations already sent for a case: (kind, ref id).
    async fn escalations(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<(String, i64)>>;
    /// Open cases whose legal deadline is before `today`, not yet escalated.
    async fn overdue_unescalated(&self, t: TenantId, today: NaiveDate, limit: i64) -> StoreResult<Vec<CaseRecord>>;

    /// The case with this registry number, if any (unique per ente, year and number).
    async fn case_by_registry(&self, t: TenantId, year: i32, seq: u64) -> StoreResult<Option<CaseRecord>>;
    async fn active_merge(&self, t: TenantId, case: CaseId) -> StoreResult<Option<MergeRecord>>;
    async fn merged_into(&self, t: TenantId, case: CaseId) -> StoreResult<Vec<MergeRecord>>;
    /// Open cases of `kind` (or with `service`), newest first, at most `limit`, for the
    /// duplicate search.
    async fn duplicate_candidates(
        &self,
        t: TenantId,
        kind: urp_domain::case::CaseKind,
        service: Option<&str>,
        exclude: Option<CaseId>,
        limit: i64,
    ) -> StoreResult<Vec<DupCandidate>>;
}

macro_rules! impl_routing_store {
    ($Store:ty, $Db:ty, $Row:ty, $lock:literal) => {
        mod routing_rows {
            use crate::StoreResult;
            use crate::routing::*;
            use crate::shared::ts;
            use sqlx::Row as _;
            use urp_domain::{OfficeId, UserId};

            fn office(v: Option<i64>) -> Option<OfficeId> {
                v.map(OfficeId)
            }

            fn user(v: Option<i64>) -> Option<UserId> {
                v.map(UserId)
            }

            pub(super) fn flow(r: &$Row) -> StoreResult<FlowEventRecord> {
                let kind: String = r.try_get("kind")?;
                Ok(FlowEventRecord {
                    id: r.try_get("id")?,
                    case_id: crate::CaseId(r.try_get("case_id")?),
                    kind: FlowKind::parse(&kind).ok_or_else(|| crate::StoreError::Corrupt(format!("flow kind {kind}")))?,
                    office_id: office(r.try_get("office_id")?),
                    from_office_id: office(r.try_get("from_office_id")?),
                    actor_id: user(r.try_get("actor_id")?),
                    opinion_id: r.try_get("opinion_id")?,
                    at: ts(r.try_get("at")?)?,
                })
            }

            pub(super) fn opinion(r: &$Row) -> StoreResult<Opinion> {
                Ok(Opinion {
                    id: r.try_get("id")?,
                    case_id: crate::CaseId(r.try_get("case_id")?),
                    office_id: OfficeId(r.try_get("office_id")?),
                    question: r.try_get("question")?,
                    asked_by: user(r.try_get("asked_by")?),
                    asked_at: ts(r.try_get("asked_at")?)?,
                    due_date: crate::cases::parse_date(&r.try_get::<String, _>("due_date")?)?,
                    answer: r.try_get("answer")?,
                    answered_by: user(r.try_get("answered_by")?),
                    answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(ts).transpose()?,
                })
            }

            pub(super) fn proposal(r: &$Row) -> StoreResult<Proposal> {
                Ok(Proposal {
                    id: r.try_get("id")?,
                    case_id: crate::CaseId(r.try_get("case_id")?),
                    office_id: office(r.try_get("office_id")?),
                    body: r.try_get("body")?,
                    proposed_by: user(r.try_get("proposed_by")?),
                    proposed_at: ts(r.try_get("proposed_at")?)?,
                    decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(ts).transpose()?,
                    approved: r.try_get("approved")?,
                })
            }

            pub(super) fn notification(r: &$Row) -> StoreResult<Notification> {
                Ok(Notification {
                    id: r.try_get("id")?,
                    user_id: UserId(r.try_get("user_id")?),
                    kind: r.try_get("kind")?,
                    case_id: r.try_get::<Option<i64>, _>("case_id")?.map(crate::CaseId),
                    body: r.try_get("body")?,
                    created_at: ts(r.try_get("created_at")?)?,
                    read_at: r.try_get::<Option<i64>, _>("read_at")?.map(ts).transpose()?,
                    email: r.try_get("email")?,
                })
            }

            pub(super) fn merge(r: &$Row) -> StoreResult<MergeRecord> {
                Ok(MergeRecord {
                    id: r.try_get("id")?,
                    case_id: crate::CaseId(r.try_get("case_id")?),
                    into_case_id: crate::CaseId(r.try_get("into_case_id")?),
                    previous_status: crate::cases::parse_code(&r.try_get::<String, _>("previous_status")?)?,
                    merged_at: ts(r.try_get("merged_at")?)?,
                })
            }

            pub(super) fn rule(r: &$Row) -> StoreResult<StoredRule> {
                let kind: Option<String> = r.try_get("kind")?;
                let channel: Option<String> = r.try_get("channel")?;
                Ok(StoredRule {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    data: RuleData {
                        name: r.try_get("name")?,
                        kind: kind.as_deref().map(crate::cases::parse_code).transpose()?,
                        channel: channel.as_deref().map(crate::cases::parse_code).transpose()?,
                        service: r.try_get("service")?,
                        topic_id: r.try_get("topic_id")?,
                        keywords: r.try_get("keywords")?,
                        office_id: Some(OfficeId(r.try_get("office_id")?)),
                    },
                })
            }
        }

        impl $Store {
            async fn insert_notifications(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                list: &[$crate::routing::NewNotification],
                at: i64,
            ) -> $crate::StoreResult<()> {
                use $crate::routing::NotifyEmail;
                for n in list {
                    let mode = match n.email {
                        NotifyEmail::None => "none",
                        NotifyEmail::Now { .. } => "now",
                        NotifyEmail::Digest => "digest",
                    };
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO notifications (tenant_id, user_id, kind, case_id, body, created_at, email) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(t.0)
                    .bind(n.user_id.0)
                    .bind(&n.kind)
                    .bind(n.case_id.map(|c| c.0))
                    .bind(&n.body)
                    .bind(at)
                    .bind(mode)
                    .fetch_one(&mut **tx)
                    .await?;
                    if let NotifyEmail::Now { recipient, lang } = &n.email {
                        // The outbox row names the notification; the worker writes the e-mail from it.
                        sqlx::query(
                            "INSERT INTO outbox (tenant_id, kind, recipient, lang, case_id, event_id, created_at, next_attempt_at) \
                             VALUES ($1, 'notification', $2, $3, $4, $5, $6, $6)",
                        )
                        .bind(t.0)
                        .bind(recipient)
                        .bind(lang)
                        .bind(n.case_id.map(|c| c.0))
                        .bind(id)
                        .bind(at)
                        .execute(&mut **tx)
                        .await?;
                    }
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::routing::RoutingStore for $Store {
            async fn apply_flow(
                &self,
                t: urp_domain::TenantId,
                ch: &$crate::routing::FlowChange,
            ) -> $crate::StoreResult<$crate::CaseRecord> {
                use $crate::routing::FlowOp;
                let at = $crate::time::to_db(ch.at);
                let mut tx = self.begin_write().await?;
                let mut q = sqlx::QueryBuilder::<$Db>::new("UPDATE cases SET updated_at = ");
                q.push_bind(at);
                if let Some(s) = ch.new_status {
                    q.push(", status = ");
                    q.push_bind(s.code());
                }
                match ch.closed {
                    Some(true) => {
                        q.push(", closed_at = ");
                        q.push_bind(at);
                    }
                    Some(false) => {
                        q.push(", closed_at = NULL");
                    }
                    None => {}
                }
                if let Some(o) = ch.office {
                    q.push(", office_id = ");
                    q.push_bind(o.map(|o| o.0));
                }
                if let Some(a) = ch.assignee {
                    q.push(", assignee_id = ");
                    q.push_bind(a.map(|a| a.0));
                }
                q.push(" WHERE tenant_id = ");
                q.push_bind(t.0);
                q.push(" AND id = ");
                q.push_bind(ch.case_id.0);
                q.push(" AND status = ");
                q.push_bind(ch.expected_status.code());
                if q.build().execute(&mut *tx).await?.rows_affected() == 0 {
                    drop(tx);
                    $crate::CaseStore::case(self, t, ch.case_id).await?;
                    return Err($crate::StoreError::Conflict("case status changed".into()));
                }
                let mut opinion_id: Option<i64> = None;
                match &ch.op {
                    FlowOp::None => {}
                    FlowOp::AskOpinion { office, question, due } => {
                        opinion_id = Some(
                            sqlx::query_scalar(
                                "INSERT INTO case_opinions (tenant_id, case_id, office_id, question, asked_by, asked_at, due_date) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                            )
                            .bind(t.0)
                            .bind(ch.case_id.0)
                            .bind(office.0)
                            .bind(question)
                            .bind(ch.actor_id.map(|u| u.0))
                            .bind(at)
                            .bind($crate::cases::date_text(*due))
                            .fetch_one(&mut *tx)
                            .await?,
                        );
                    }
                    FlowOp::AnswerOpinion { opinion_id: id, answer } => {
                        let n = sqlx::query(
                            "UPDATE case_opinions SET answer = $4, answered_by = $5, answered_at = $6 \
                             WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND answered_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(id)
                        .bind(answer)
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            return Err($crate::StoreError::Conflict("opinion already answered".into()));
                        }
                        opinion_id = Some(*id);
                    }
                    FlowOp::Propose { office, body } => {
                        let open: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM reply_proposals WHERE tenant_id = $1 AND case_id = $2 AND decided_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .fetch_one(&mut *tx)
                        .await?;
                        if open > 0 {
                            return Err($crate::StoreError::Conflict("a proposed reply is already waiting".into()));
                        }
                        sqlx::query(
                            "INSERT INTO reply_proposals (tenant_id, case_id, office_id, body, proposed_by, proposed_at) \
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(office.map(|o| o.0))
                        .bind(body)
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    FlowOp::Decide { proposal_id, approved } => {
                        let n = sqlx::query(
                            "UPDATE reply_proposals SET decided_by = $4, decided_at = $5, approved = $6 \
                             WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND decided_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(proposal_id)
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(at)
                        .bind(*approved)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            return Err($crate::StoreError::Conflict("proposal already decided".into()));
                        }
                    }
                    FlowOp::Merge { into, previous_status } => {
                        // The main case must be open and not merged itself: merges never chain,
                        // so they can never form a cycle. Checked inside the write transaction.
                        let target: Option<String> = sqlx::query_scalar(
                            "SELECT status FROM cases WHERE tenant_id = $1 AND id = $2",
                        )
                        .bind(t.0)
                        .bind(into.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                        let target = target.ok_or($crate::StoreError::NotFound)?;
                        let target: urp_domain::case::CaseStatus = $crate::cases::parse_code(&target)?;
                        let chained: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM case_merges WHERE tenant_id = $1 AND undone_at IS NULL \
                             AND (case_id = $2 OR into_case_id = $3)",
                        )
                        .bind(t.0)
                        .bind(into.0)
                        .bind(ch.case_id.0)
                        .fetch_one(&mut *tx)
                        .await?;
                        if !target.is_open() || chained > 0 || *into == ch.case_id {
                            return Err($crate::StoreError::Conflict("merge refused".into()));
                        }
                        sqlx::query(
                            "INSERT INTO case_merges (tenant_id, case_id, into_case_id, previous_status, merged_by, merged_at) \
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(into.0)
                        .bind(previous_status.code())
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    FlowOp::Unmerge { merge_id } => {
                        let n = sqlx::query(
                            "UPDATE case_merges SET undone_by = $4, undone_at = $5 \
                             WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND undone_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(merge_id)
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            return Err($crate::StoreError::Conflict("merge already undone".into()));
                        }
                    }
                }
                let mut event_id: Option<i64> = None;
                if let Some(h) = &ch.history {
                    let from = ch.new_status.filter(|s| *s != ch.expected_status).map(|_| ch.expected_status.code());
                    let to = ch.new_status.filter(|s| *s != ch.expected_status).map(|s| s.code());
                    event_id = Some(
                        sqlx::query_scalar(
                            "INSERT INTO case_events (tenant_id, case_id, at, actor_id, kind, from_status, to_status, body, public) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                        )
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind(at)
                        .bind(ch.actor_id.map(|u| u.0))
                        .bind(&h.kind)
                        .bind(from)
                        .bind(to)
                        .bind(&h.body)
                        .bind(h.public)
                        .fetch_one(&mut *tx)
                        .await?,
                    );
                }
                for f in &ch.flow {
                    sqlx::query(
                        "INSERT INTO case_flow_events (tenant_id, case_id, kind, office_id, from_office_id, actor_id, opinion_id, at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(t.0)
                    .bind(ch.case_id.0)
                    .bind(f.kind.code())
                    .bind(f.office_id.map(|o| o.0))
                    .bind(f.from_office_id.map(|o| o.0))
                    .bind(ch.actor_id.map(|u| u.0))
                    .bind(opinion_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_notifications(&mut tx, t, &ch.notify, at).await?;
                for o in &ch.outbox {
                    // Replies of a main case also reach the citizens of cases merged into it:
                    // the row names the case whose text is sent.
                    sqlx::query(
                        "INSERT INTO outbox (tenant_id, kind, recipient, lang, case_id, event_id, created_at, next_attempt_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    )
                    .bind(t.0)
                    .bind(&o.kind)
                    .bind(&o.recipient)
                    .bind(&o.lang)
                    .bind(ch.case_id.0)
                    .bind(event_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                $crate::CaseStore::case(self, t, ch.case_id).await
            }

            async fn flow_events(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<$crate::routing::FlowEventRecord>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, kind, office_id, from_office_id, actor_id, opinion_id, at FROM case_flow_events \
                     WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::flow)
                .collect()
            }

            async fn flow_events_between(
                &self,
                t: urp_domain::TenantId,
                office: Option<urp_domain::OfficeId>,
                from: chrono::DateTime<chrono::Utc>,
                to: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<Vec<$crate::routing::FlowEventRecord>> {
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT id, case_id, kind, office_id, from_office_id, actor_id, opinion_id, at FROM case_flow_events WHERE tenant_id = ",
                );
                q.push_bind(t.0);
                if let Some(o) = office {
                    q.push(" AND office_id = ");
                    q.push_bind(o.0);
                }
                q.push(" AND at >= ");
                q.push_bind($crate::time::to_db(from));
                q.push(" AND at < ");
                q.push_bind($crate::time::to_db(to));
                q.push(" ORDER BY at, id");
                q.build().fetch_all(&self.pool).await?.iter().map(routing_rows::flow).collect()
            }

            async fn opinions(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<$crate::routing::Opinion>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, office_id, question, asked_by, asked_at, due_date, answer, answered_by, answered_at \
                     FROM case_opinions WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::opinion)
                .collect()
            }

            async fn opinions_for(
                &self,
                t: urp_domain::TenantId,
                offices: &[urp_domain::OfficeId],
                open_only: bool,
            ) -> $crate::StoreResult<Vec<$crate::routing::Opinion>> {
                if offices.is_empty() {
                    return Ok(vec![]);
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT id, case_id, office_id, question, asked_by, asked_at, due_date, answer, answered_by, answered_at \
                     FROM case_opinions WHERE tenant_id = ",
                );
                q.push_bind(t.0);
                q.push(" AND office_id IN (");
                let mut sep = q.separated(", ");
                for o in offices {
                    sep.push_bind(o.0);
                }
                q.push(")");
                if open_only {
                    q.push(" AND answered_at IS NULL");
                }
                q.push(" ORDER BY answered_at IS NOT NULL, due_date, id LIMIT 500");
                q.build().fetch_all(&self.pool).await?.iter().map(routing_rows::opinion).collect()
            }

            async fn open_opinions(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::routing::Opinion>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, office_id, question, asked_by, asked_at, due_date, answer, answered_by, answered_at \
                     FROM case_opinions WHERE tenant_id = $1 AND answered_at IS NULL ORDER BY due_date, id LIMIT 5000",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::opinion)
                .collect()
            }

            async fn proposals(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<$crate::routing::Proposal>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, office_id, body, proposed_by, proposed_at, decided_at, approved FROM reply_proposals \
                     WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::proposal)
                .collect()
            }

            async fn pending_proposals(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::routing::Proposal>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, office_id, body, proposed_by, proposed_at, decided_at, approved FROM reply_proposals \
                     WHERE tenant_id = $1 AND decided_at IS NULL ORDER BY id LIMIT 5000",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::proposal)
                .collect()
            }

            async fn notify(
                &self,
                t: urp_domain::TenantId,
                n: &[$crate::routing::NewNotification],
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                Self::insert_notifications(&mut tx, t, n, $crate::time::to_db(at)).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn notifications(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::routing::Notification>> {
                sqlx::query::<$Db>(
                    "SELECT id, user_id, kind, case_id, body, created_at, read_at, email FROM notifications \
                     WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3",
                )
                .bind(t.0)
                .bind(user.0)
                .bind(limit.clamp(1, 500))
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::notification)
                .collect()
            }

            async fn unread_count(&self, t: urp_domain::TenantId, user: urp_domain::UserId) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL",
                )
                .bind(t.0)
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn mark_read(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
                id: Option<i64>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let at = $crate::time::to_db(at);
                match id {
                    Some(id) => {
                        sqlx::query(
                            "UPDATE notifications SET read_at = $4 WHERE tenant_id = $1 AND user_id = $2 AND id = $3 AND read_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(user.0)
                        .bind(id)
                        .bind(at)
                        .execute(&self.pool)
                        .await?;
                    }
                    None => {
                        sqlx::query(
                            "UPDATE notifications SET read_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL",
                        )
                        .bind(t.0)
                        .bind(user.0)
                        .bind(at)
                        .execute(&self.pool)
                        .await?;
                    }
                }
                Ok(())
            }

            async fn digest_pending(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
            ) -> $crate::StoreResult<Vec<$crate::routing::Notification>> {
                sqlx::query::<$Db>(
                    "SELECT id, user_id, kind, case_id, body, created_at, read_at, email FROM notifications \
                     WHERE tenant_id = $1 AND user_id = $2 AND email = 'digest' ORDER BY id",
                )
                .bind(t.0)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::notification)
                .collect()
            }

            async fn notification_prefs(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
            ) -> $crate::StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT kind, mode FROM notification_prefs WHERE tenant_id = $1 AND user_id = $2 ORDER BY kind",
                )
                .bind(t.0)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_notification_pref(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
                kind: &str,
                mode: &str,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO notification_prefs (tenant_id, user_id, kind, mode) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, user_id, kind) DO UPDATE SET mode = excluded.mode",
                )
                .bind(t.0)
                .bind(user.0)
                .bind(kind)
                .bind(mode)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn followers(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<urp_domain::UserId>> {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT user_id FROM case_followers WHERE tenant_id = $1 AND case_id = $2 ORDER BY user_id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(ids.into_iter().map(urp_domain::UserId).collect())
            }

            async fn set_following(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
                user: urp_domain::UserId,
                follow: bool,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                if follow {
                    sqlx::query(
                        "INSERT INTO case_followers (tenant_id, case_id, user_id, since) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (tenant_id, case_id, user_id) DO NOTHING",
                    )
                    .bind(t.0)
                    .bind(case.0)
                    .bind(user.0)
                    .bind($crate::time::to_db(at))
                    .execute(&self.pool)
                    .await?;
                } else {
                    sqlx::query("DELETE FROM case_followers WHERE tenant_id = $1 AND case_id = $2 AND user_id = $3")
                        .bind(t.0)
                        .bind(case.0)
                        .bind(user.0)
                        .execute(&self.pool)
                        .await?;
                }
                Ok(())
            }

            async fn routing_rules(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::routing::StoredRule>> {
                sqlx::query::<$Db>(
                    "SELECT id, position, name, kind, channel, service, topic_id, keywords, office_id FROM routing_rules \
                     WHERE tenant_id = $1 ORDER BY position, id",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::rule)
                .collect()
            }

            async fn save_rule(
                &self,
                t: urp_domain::TenantId,
                id: Option<i64>,
                d: &$crate::routing::RuleData,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<i64> {
                let office = d.office_id.ok_or_else(|| $crate::StoreError::InvalidReference("office".into()))?;
                let at = $crate::time::to_db(at);
                match id {
                    None => {
                        let mut tx = self.begin_write().await?;
                        let next: i64 = sqlx::query_scalar(
                            "SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules WHERE tenant_id = $1",
                        )
                        .bind(t.0)
                        .fetch_one(&mut *tx)
                        .await?;
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO routing_rules (tenant_id, position, name, kind, channel, service, topic_id, keywords, office_id, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                        )
                        .bind(t.0)
                        .bind(next)
                        .bind(&d.name)
                        .bind(d.kind.map(|k| k.code()))
                        .bind(d.channel.map(|c| c.code()))
                        .bind(&d.service)
                        .bind(d.topic_id)
                        .bind(&d.keywords)
                        .bind(office.0)
                        .bind(at)
                        .fetch_one(&mut *tx)
                        .await?;
                        tx.commit().await?;
                        Ok(id)
                    }
                    Some(id) => {
                        let n = sqlx::query(
                            "UPDATE routing_rules SET name = $3, kind = $4, channel = $5, service = $6, topic_id = $7, \
                             keywords = $8, office_id = $9, updated_at = $10 WHERE tenant_id = $1 AND id = $2",
                        )
                        .bind(t.0)
                        .bind(id)
                        .bind(&d.name)
                        .bind(d.kind.map(|k| k.code()))
                        .bind(d.channel.map(|c| c.code()))
                        .bind(&d.service)
                        .bind(d.topic_id)
                        .bind(&d.keywords)
                        .bind(office.0)
                        .bind(at)
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            return Err($crate::StoreError::NotFound);
                        }
                        Ok(id)
                    }
                }
            }

            async fn delete_rule(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM routing_rules WHERE tenant_id = $1 AND id = $2")
                    .bind(t.0)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn move_rule(&self, t: urp_domain::TenantId, id: i64, up: bool) -> $crate::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let rows: Vec<(i64, i64)> =
                    sqlx::query_as("SELECT id, position FROM routing_rules WHERE tenant_id = $1 ORDER BY position, id")
                        .bind(t.0)
                        .fetch_all(&mut *tx)
                        .await?;
                let Some(i) = rows.iter().position(|(r, _)| *r == id) else {
                    return Err($crate::StoreError::NotFound);
                };
                let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < rows.len()) };
                if let Some(j) = j {
                    // Positions are renumbered densely so that ties never decide the order.
                    let mut order: Vec<i64> = rows.iter().map(|(r, _)| *r).collect();
                    order.swap(i, j);
                    for (pos, rid) in order.iter().enumerate() {
                        sqlx::query("UPDATE routing_rules SET position = $3 WHERE tenant_id = $1 AND id = $2")
                            .bind(t.0)
                            .bind(rid)
                            .bind(i64::try_from(pos).unwrap_or(i64::MAX) + 1)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                tx.commit().await?;
                Ok(())
            }

            async fn routing_settings(&self, t: urp_domain::TenantId) -> $crate::StoreResult<$crate::routing::RoutingSettings> {
                let row: Option<(Option<i64>, Option<i64>)> =
                    sqlx::query_as("SELECT opinion_days, duplicate_distance_m FROM routing_settings WHERE tenant_id = $1")
                        .bind(t.0)
                        .fetch_optional(&self.pool)
                        .await?;
                let (days, distance) = row.unwrap_or((None, None));
                let rows: Vec<(i64, Option<i64>, bool, Option<i64>)> = sqlx::query_as(
                    "SELECT office_id, opinion_days, validate_replies, head_user_id FROM office_routing WHERE tenant_id = $1 ORDER BY office_id",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?;
                let to_days = |d: Option<i64>| d.and_then(|d| u32::try_from(d).ok());
                Ok($crate::routing::RoutingSettings {
                    opinion_days: to_days(days),
                    duplicate_distance_m: to_days(distance),
                    offices: rows
                        .into_iter()
                        .map(|(o, d, v, h)| $crate::routing::OfficeRouting {
                            office_id: Some(urp_domain::OfficeId(o)),
                            opinion_days: to_days(d),
                            validate_replies: v,
                            head_user_id: h.map(urp_domain::UserId),
                        })
                        .collect(),
                })
            }

            async fn set_tenant_routing(
                &self,
                t: urp_domain::TenantId,
                days: Option<u32>,
                distance_m: Option<u32>,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO routing_settings (tenant_id, opinion_days, duplicate_distance_m) VALUES ($1, $2, $3) \
                     ON CONFLICT (tenant_id) DO UPDATE SET opinion_days = excluded.opinion_days, \
                     duplicate_distance_m = excluded.duplicate_distance_m",
                )
                .bind(t.0)
                .bind(days.map(i64::from))
                .bind(distance_m.map(i64::from))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn notification(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<$crate::routing::Notification> {
                sqlx::query::<$Db>(
                    "SELECT id, user_id, kind, case_id, body, created_at, read_at, email FROM notifications \
                     WHERE tenant_id = $1 AND id = $2",
                )
                .bind(t.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(routing_rows::notification)
                .transpose()?
                .ok_or($crate::StoreError::NotFound)
            }

            async fn set_office_routing(
                &self,
                t: urp_domain::TenantId,
                o: &$crate::routing::OfficeRouting,
            ) -> $crate::StoreResult<()> {
                let office = o.office_id.ok_or_else(|| $crate::StoreError::InvalidReference("office".into()))?;
                sqlx::query(
                    "INSERT INTO office_routing (tenant_id, office_id, opinion_days, validate_replies, head_user_id) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, office_id) DO UPDATE SET \
                     opinion_days = excluded.opinion_days, validate_replies = excluded.validate_replies, \
                     head_user_id = excluded.head_user_id",
                )
                .bind(t.0)
                .bind(office.0)
                .bind(o.opinion_days.map(i64::from))
                .bind(o.validate_replies)
                .bind(o.head_user_id.map(|u| u.0))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn schedule_job(
                &self,
                t: urp_domain::TenantId,
                kind: &str,
                due_at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO jobs (tenant_id, kind, due_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (tenant_id, kind, due_at) DO NOTHING",
                )
                .bind(t.0)
                .bind(kind)
                .bind($crate::time::to_db(due_at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn last_job(
                &self,
                t: urp_domain::TenantId,
                kind: &str,
            ) -> $crate::StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
                let v: Option<i64> = sqlx::query_scalar("SELECT MAX(due_at) FROM jobs WHERE tenant_id = $1 AND kind = $2")
                    .bind(t.0)
                    .bind(kind)
                    .fetch_one(&self.pool)
                    .await?;
                v.map($crate::shared::ts).transpose()
            }

            async fn claim_job(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease_until: chrono::DateTime<chrono::Utc>,
                token: &str,
            ) -> $crate::StoreResult<Option<$crate::routing::Job>> {
                let now_ms = $crate::time::to_db(now);
                // PostgreSQL: the row is locked and other workers skip it (SKIP LOCKED);
                // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes them.
                let mut tx = self.begin_write().await?;
                let row: Option<(i64, i64, String, i64, i64)> = sqlx::query_as(concat!(
                    "SELECT id, tenant_id, kind, due_at, attempts FROM jobs WHERE done_at IS NULL AND due_at <= $1 \
                     AND (lease_until IS NULL OR lease_until < $1) ORDER BY due_at, id LIMIT 1",
                    $lock
                ))
                .bind(now_ms)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((id, tenant, kind, due_at, attempts)) = row else {
                    return Ok(None);
                };
                sqlx::query("UPDATE jobs SET lease_until = $2, lease_token = $3, attempts = attempts + 1 WHERE id = $1")
                    .bind(id)
                    .bind($crate::time::to_db(lease_until))
                    .bind(token)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some($crate::routing::Job {
                    id,
                    tenant_id: urp_domain::TenantId(tenant),
                    kind,
                    due_at: $crate::shared::ts(due_at)?,
                    token: token.to_string(),
                    attempts: attempts + 1,
                }))
            }

            async fn finish_job(
                &self,
                job: &$crate::routing::Job,
                fx: &$crate::routing::JobEffects,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<bool> {
                let at = $crate::time::to_db(at);
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE jobs SET done_at = $3, lease_until = NULL, last_error = NULL \
                     WHERE id = $1 AND lease_token = $2 AND done_at IS NULL",
                )
                .bind(job.id)
                .bind(&job.token)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    // Another worker took the run over after our lease ended: its effects count.
                    return Ok(false);
                }
                for (case, kind, r) in &fx.escalations {
                    sqlx::query(
                        "INSERT INTO case_escalations (tenant_id, case_id, kind, ref_id, at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (tenant_id, case_id, kind, ref_id) DO NOTHING",
                    )
                    .bind(job.tenant_id.0)
                    .bind(case.0)
                    .bind(kind)
                    .bind(*r)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO case_flow_events (tenant_id, case_id, kind, at) VALUES ($1, $2, 'escalated', $3)",
                    )
                    .bind(job.tenant_id.0)
                    .bind(case.0)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                for id in &fx.digested {
                    sqlx::query("UPDATE notifications SET email = 'digested' WHERE tenant_id = $1 AND id = $2")
                        .bind(job.tenant_id.0)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                Self::insert_notifications(&mut tx, job.tenant_id, &fx.notify, at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn fail_job(
                &self,
                job: &$crate::routing::Job,
                error: &str,
                retry_at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE jobs SET last_error = $3, lease_until = $4 WHERE id = $1 AND lease_token = $2")
                    .bind(job.id)
                    .bind(&job.token)
                    .bind(error)
                    .bind($crate::time::to_db(retry_at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn jobs_done(&self, t: urp_domain::TenantId, kind: &str) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM jobs WHERE tenant_id = $1 AND kind = $2 AND done_at IS NOT NULL",
                )
                .bind(t.0)
                .bind(kind)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn escalations(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT kind, ref_id FROM case_escalations WHERE tenant_id = $1 AND case_id = $2 ORDER BY kind, ref_id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn overdue_unescalated(
                &self,
                t: urp_domain::TenantId,
                today: chrono::NaiveDate,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::CaseRecord>> {
                let sql = concat!(
                    "SELECT ",
                    $crate::cases::case_cols!(),
                    " FROM cases c WHERE tenant_id = $1",
                    " AND status IN ('nuova', 'presa_in_carico', 'in_lavorazione', 'sospesa', 'riaperta')",
                    " AND due_date < $2 AND NOT EXISTS (SELECT 1 FROM case_escalations e WHERE e.tenant_id = c.tenant_id \
                     AND e.case_id = c.id AND e.kind = 'legal') ORDER BY due_date, id LIMIT $3"
                );
                sqlx::query::<$Db>(sql)
                    .bind(t.0)
                    .bind($crate::cases::date_text(today))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(case_rows::case)
                    .collect()
            }

            async fn case_by_registry(
                &self,
                t: urp_domain::TenantId,
                year: i32,
                seq: u64,
            ) -> $crate::StoreResult<Option<$crate::CaseRecord>> {
                let sql = concat!(
                    "SELECT ",
                    $crate::cases::case_cols!(),
                    " FROM cases WHERE tenant_id = $1 AND registry_year = $2 AND registry_seq = $3"
                );
                sqlx::query::<$Db>(sql)
                    .bind(t.0)
                    .bind(i64::from(year))
                    .bind(i64::try_from(seq).unwrap_or(i64::MAX))
                    .fetch_optional(&self.pool)
                    .await?
                    .as_ref()
                    .map(case_rows::case)
                    .transpose()
            }

            async fn active_merge(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Option<$crate::routing::MergeRecord>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, into_case_id, previous_status, merged_at FROM case_merges \
                     WHERE tenant_id = $1 AND case_id = $2 AND undone_at IS NULL",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(routing_rows::merge)
                .transpose()
            }

            async fn merged_into(
                &self,
                t: urp_domain::TenantId,
                case: $crate::CaseId,
            ) -> $crate::StoreResult<Vec<$crate::routing::MergeRecord>> {
                sqlx::query::<$Db>(
                    "SELECT id, case_id, into_case_id, previous_status, merged_at FROM case_merges \
                     WHERE tenant_id = $1 AND into_case_id = $2 AND undone_at IS NULL ORDER BY id",
                )
                .bind(t.0)
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(routing_rows::merge)
                .collect()
            }

            async fn duplicate_candidates(
                &self,
                t: urp_domain::TenantId,
                kind: urp_domain::case::CaseKind,
                service: Option<&str>,
                exclude: Option<$crate::CaseId>,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::routing::DupCandidate>> {
                // Same kind, read newest first from the partial index of open cases by kind;
                // the same service under another kind is found through the service column.
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT id, registry_year, registry_seq, kind, subject, description, service, location_lat, location_lon \
                     FROM cases WHERE tenant_id = ",
                );
                q.push_bind(t.0);
                q.push($crate::cases::OPEN_STATUSES_SQL);
                q.push(" AND kind = ");
                q.push_bind(kind.code());
                if let Some(x) = exclude {
                    q.push(" AND id <> ");
                    q.push_bind(x.0);
                }
                q.push(" ORDER BY received_at DESC LIMIT ");
                q.push_bind(limit);
                let mut rows = q.build().fetch_all(&self.pool).await?;
                if let Some(s) = service.filter(|s| !s.trim().is_empty()) {
                    let mut q = sqlx::QueryBuilder::<$Db>::new(
                        "SELECT id, registry_year, registry_seq, kind, subject, description, service, location_lat, location_lon \
                         FROM cases WHERE tenant_id = ",
                    );
                    q.push_bind(t.0);
                    q.push($crate::cases::OPEN_STATUSES_SQL);
                    q.push(" AND service = ");
                    q.push_bind(s.to_string());
                    q.push(" AND kind <> ");
                    q.push_bind(kind.code());
                    q.push(" ORDER BY received_at DESC LIMIT ");
                    q.push_bind(limit);
                    rows.extend(q.build().fetch_all(&self.pool).await?);
                }
                rows.iter()
                    .map(|r| {
                        use sqlx::Row as _;
                        let year: i64 = r.try_get("registry_year")?;
                        let seq: i64 = r.try_get("registry_seq")?;
                        Ok($crate::routing::DupCandidate {
                            id: $crate::CaseId(r.try_get("id")?),
                            registry: urp_domain::registry::RegistryNumber {
                                year: i32::try_from(year).map_err(|_| $crate::StoreError::Corrupt("year".into()))?,
                                seq: u64::try_from(seq).map_err(|_| $crate::StoreError::Corrupt("seq".into()))?,
                            },
                            kind: $crate::cases::parse_code(&r.try_get::<String, _>("kind")?)?,
                            subject: r.try_get("subject")?,
                            description: r.try_get("description")?,
                            service: r.try_get("service")?,
                            lat: r.try_get("location_lat")?,
                            lon: r.try_get("location_lon")?,
                        })
                    })
                    .collect()
            }
        }
    };
}
pub(crate) use impl_routing_store;
