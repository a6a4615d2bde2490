//! Storage of cases: the gapless registry counter, the case row, its history, suspensions,
//! attachments and the outbox — each change in one transaction on both engines.

use crate::StoreResult;
use crate::case_model::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use urp_domain::TenantId;

#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Stores a case with the next registry number of its year, its first history row, its
    /// attachments and outbox rows, all or nothing. A repeated idempotency key returns the
    /// case the first request created.
    async fn create_case(&self, t: TenantId, c: &NewCase) -> StoreResult<Created>;
    /// The settings a new case is checked and timed against, cached for a moment.
    async fn intake_refs(&self, t: TenantId) -> StoreResult<std::sync::Arc<crate::IntakeRefs>>;
    async fn case(&self, t: TenantId, id: CaseId) -> StoreResult<CaseRecord>;
    async fn case_by_tracking(&self, t: TenantId, tracking_code: &str) -> StoreResult<Option<CaseRecord>>;
    async fn list_cases(&self, t: TenantId, f: &CaseFilter, limit: i64, offset: i64) -> StoreResult<Vec<CaseRecord>>;
    async fn count_cases(&self, t: TenantId, f: &CaseFilter) -> StoreResult<i64>;
    async fn case_events(&self, t: TenantId, id: CaseId, public_only: bool) -> StoreResult<Vec<CaseEventRecord>>;
    async fn case_suspensions(&self, t: TenantId, id: CaseId) -> StoreResult<Vec<SuspensionRecord>>;
    /// Applies a change if the case still has `expected_status`; `Conflict` otherwise.
    async fn change_case(&self, t: TenantId, ch: &CaseChange) -> StoreResult<CaseRecord>;
    async fn attachments(&self, t: TenantId, id: CaseId) -> StoreResult<Vec<AttachmentMeta>>;
    async fn attachment(&self, t: TenantId, id: CaseId, attachment: i64) -> StoreResult<(AttachmentMeta, Vec<u8>)>;
    /// The registry numbers issued on one day, in order (the daily register, DPR 445/2000).
    async fn daily_register(&self, t: TenantId, day: NaiveDate) -> StoreResult<Vec<CaseRecord>>;

    /// The ente's extra closing days (day, reason), in order.
    async fn closures(&self, t: TenantId) -> StoreResult<Vec<(NaiveDate, String)>>;
    async fn add_closure(&self, t: TenantId, day: NaiveDate, reason: &str) -> StoreResult<()>;
    async fn remove_closure(&self, t: TenantId, day: NaiveDate) -> StoreResult<()>;
    /// Terms set by the ente for kinds of case; kinds not listed use their legal default.
    async fn kind_terms(
        &self,
        t: TenantId,
    ) -> StoreResult<Vec<(urp_domain::case::CaseKind, urp_domain::deadline::Term)>>;
    /// Sets a kind's term, or goes back to the default with `None`.
    async fn set_kind_term(
        &self,
        t: TenantId,
        kind: urp_domain::case::CaseKind,
        term: Option<urp_domain::deadline::Term>,
    ) -> StoreResult<()>;

    /// Claims up to `limit` due outbox rows for `lease` (so another server does not send them too).
    async fn claim_outbox(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxItem>>;
    async fn outbox_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    async fn outbox_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()>;
    /// Messages not delivered yet that have failed at least once, for staff to see.
    async fn outbox_failures(&self, t: TenantId) -> StoreResult<Vec<OutboxItem>>;
}

macro_rules! case_cols {
    () => {
        "id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, description, service, \
         topic_id, office_id, assignee_id, citizen_name, citizen_surname, citizen_email, citizen_phone, \
         citizen_fiscal_code, location_address, location_lat, location_lon, term_days, term_unit, received_at, \
         received_date, due_date, closed_at, created_by, updated_at, service_id, service_definition_id, intake_answers"
    };
}
pub(crate) use case_cols;

/// The open statuses as SQL, identical to the predicate of the partial queue indexes.
pub(crate) const OPEN_STATUSES_SQL: &str =
    " AND status IN ('nuova', 'presa_in_carico', 'in_lavorazione', 'sospesa', 'riaperta')";

/// Whether `statuses` is exactly the set of open statuses (in any order).
pub(crate) fn is_open_set(statuses: &[urp_domain::case::CaseStatus]) -> bool {
    let open: Vec<_> = urp_domain::case::CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
    statuses.len() == open.len() && open.iter().all(|s| statuses.contains(s))
}

pub(crate) fn parse_code<T: std::str::FromStr>(code: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    code.parse::<T>().map_err(|e| crate::StoreError::Corrupt(e.to_string()))
}

pub(crate) fn parse_date(s: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| crate::StoreError::Corrupt(format!("date {s}: {e}")))
}

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The answers of a case opened for a service, as stored (JSON).
pub(crate) fn answers_json(c: &crate::NewCase) -> StoreResult<Option<String>> {
    c.intake
        .as_ref()
        .map(|i| serde_json::to_string(&i.answers).map_err(|e| crate::StoreError::Other(format!("answers: {e}"))))
        .transpose()
}

pub(crate) fn intake_from(
    service_id: Option<i64>,
    definition_id: Option<i64>,
    answers: Option<String>,
) -> StoreResult<Option<crate::CaseIntake>> {
    match (service_id, definition_id) {
        (Some(service_id), Some(definition_id)) => Ok(Some(crate::CaseIntake {
            service_id,
            definition_id,
            answers: match answers {
                Some(a) => serde_json::from_str(&a).map_err(|e| crate::StoreError::Corrupt(format!("answers: {e}")))?,
                None => Vec::new(),
            },
        })),
        _ => Ok(None),
    }
}

pub(crate) fn term_from(days: i64, unit: &str) -> StoreResult<urp_domain::deadline::Term> {
    let days = u32::try_from(days).map_err(|_| crate::StoreError::Corrupt(format!("term {days}")))?;
    match unit {
        "calendar_days" => Ok(urp_domain::deadline::Term::calendar_days(days)),
        "working_days" => Ok(urp_domain::deadline::Term::working_days(days)),
        other => Err(crate::StoreError::Corrupt(format!("term unit {other}"))),
    }
}

macro_rules! impl_case_store {
    ($Store:ty, $Db:ty, $Row:ty) => {
        mod case_rows {
            use crate::StoreResult;
            use crate::case_model::*;
            use crate::cases::{parse_code, parse_date, term_from};
            use crate::shared::ts;
            use sqlx::Row as _;

            pub(super) fn case(r: &$Row) -> StoreResult<CaseRecord> {
                let year: i64 = r.try_get("registry_year")?;
                let seq: i64 = r.try_get("registry_seq")?;
                Ok(CaseRecord {
                    id: CaseId(r.try_get("id")?),
                    registry: urp_domain::registry::RegistryNumber {
                        year: i32::try_from(year).map_err(|_| crate::StoreError::Corrupt("year".into()))?,
                        seq: u64::try_from(seq).map_err(|_| crate::StoreError::Corrupt("seq".into()))?,
                    },
                    tracking_code: r.try_get("tracking_code")?,
                    kind: parse_code(&r.try_get::<String, _>("kind")?)?,
                    channel: parse_code(&r.try_get::<String, _>("channel")?)?,
                    status: parse_code(&r.try_get::<String, _>("status")?)?,
                    subject: r.try_get("subject")?,
                    description: r.try_get("description")?,
                    service: r.try_get("service")?,
                    topic_id: r.try_get("topic_id")?,
                    office_id: r.try_get::<Option<i64>, _>("office_id")?.map(urp_domain::OfficeId),
                    assignee_id: r.try_get::<Option<i64>, _>("assignee_id")?.map(urp_domain::UserId),
                    citizen: Citizen {
                        name: r.try_get("citizen_name")?,
                        surname: r.try_get("citizen_surname")?,
                        email: r.try_get("citizen_email")?,
                        phone: r.try_get("citizen_phone")?,
                        fiscal_code: r.try_get("citizen_fiscal_code")?,
                    },
                    location: Location {
                        address: r.try_get("location_address")?,
                        lat: r.try_get("location_lat")?,
                        lon: r.try_get("location_lon")?,
                    },
                    term: term_from(r.try_get("term_days")?, &r.try_get::<String, _>("term_unit")?)?,
                    received_at: ts(r.try_get("received_at")?)?,
                    received_date: parse_date(&r.try_get::<String, _>("received_date")?)?,
                    due_date: r.try_get::<Option<String>, _>("due_date")?.as_deref().map(parse_date).transpose()?,
                    closed_at: r.try_get::<Option<i64>, _>("closed_at")?.map(ts).transpose()?,
                    created_by: r.try_get::<Option<i64>, _>("created_by")?.map(urp_domain::UserId),
                    updated_at: ts(r.try_get("updated_at")?)?,
                    intake: crate::cases::intake_from(
                        r.try_get("service_id")?,
                        r.try_get("service_definition_id")?,
                        r.try_get("intake_answers")?,
                    )?,
                })
            }

            pub(super) fn event(r: &$Row) -> StoreResult<CaseEventRecord> {
                Ok(CaseEventRecord {
                    id: r.try_get("id")?,
                    at: ts(r.try_get("at")?)?,
                    actor_id: r.try_get::<Option<i64>, _>("actor_id")?.map(urp_domain::UserId),
                    kind: r.try_get("kind")?,
                    from_status: r.try_get::<Option<String>, _>("from_status")?.as_deref().map(parse_code).transpose()?,
                    to_status: r.try_get::<Option<String>, _>("to_status")?.as_deref().map(parse_code).transpose()?,
                    body: r.try_get("body")?,
                    public: r.try_get("public")?,
                })
            }

            pub(super) fn outbox(r: &$Row) -> StoreResult<OutboxItem> {
                Ok(OutboxItem {
                    id: r.try_get("id")?,
                    tenant_id: urp_domain::TenantId(r.try_get("tenant_id")?),
                    kind: r.try_get("kind")?,
                    recipient: r.try_get("recipient")?,
                    lang: r.try_get("lang")?,
                    case_id: r.try_get::<Option<i64>, _>("case_id")?.map(CaseId),
                    event_id: r.try_get("event_id")?,
                    attempts: r.try_get("attempts")?,
                    last_error: r.try_get("last_error")?,
                })
            }

            pub(super) fn attachment(r: &$Row) -> StoreResult<AttachmentMeta> {
                Ok(AttachmentMeta {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    file_name: r.try_get("file_name")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    public: r.try_get("public")?,
                })
            }
        }

        impl $Store {
            async fn insert_outbox(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                case_id: i64,
                event_id: Option<i64>,
                items: &[$crate::NewOutbox],
                now: i64,
            ) -> $crate::StoreResult<()> {
                for o in items {
                    sqlx::query(
                        "INSERT INTO outbox (tenant_id, kind, recipient, lang, case_id, event_id, created_at, next_attempt_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    )
                    .bind(t.0)
                    .bind(&o.kind)
                    .bind(&o.recipient)
                    .bind(&o.lang)
                    .bind(case_id)
                    .bind(event_id)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn insert_attachments(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                case_id: i64,
                event_id: i64,
                files: &[$crate::NewAttachment],
                now: i64,
            ) -> $crate::StoreResult<()> {
                for a in files {
                    sqlx::query(
                        "INSERT INTO attachments (tenant_id, case_id, event_id, file_name, content_type, size, sha256, public, bytes, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(t.0)
                    .bind(case_id)
                    .bind(event_id)
                    .bind(&a.file_name)
                    .bind(&a.content_type)
                    .bind(i64::try_from(a.bytes.len()).unwrap_or(i64::MAX))
                    .bind(&a.sha256)
                    .bind(a.public)
                    .bind(&a.bytes)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn case_id_by_key(&self, t: urp_domain::TenantId, key: &str) -> $crate::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar::<$Db, i64>("SELECT id FROM cases WHERE tenant_id = $1 AND idempotency_key = $2")
                    .bind(t.0)
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            /// Stores one new case inside `tx` (a savepoint of the writer's batch).
            async fn insert_case_in(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                c: &$crate::NewCase,
            ) -> $crate::StoreResult<$crate::group::Stored> {
                use chrono::Datelike as _;
                let now = $crate::time::to_db(c.received_at);
                let year = i64::from(c.received_date.year());
                let seq: i64 = sqlx::query_scalar(
                    "INSERT INTO registry_counters (tenant_id, year, last_seq) VALUES ($1, $2, 1) \
                     ON CONFLICT (tenant_id, year) DO UPDATE SET last_seq = registry_counters.last_seq + 1 \
                     RETURNING last_seq",
                )
                .bind(t.0)
                .bind(year)
                .fetch_one(&mut **tx)
                .await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO cases (tenant_id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, \
                     description, service, topic_id, office_id, citizen_name, citizen_surname, citizen_email, citizen_phone, \
                     citizen_fiscal_code, location_address, location_lat, location_lon, term_days, term_unit, received_at, \
                     received_date, due_date, created_by, idempotency_key, updated_at, service_id, service_definition_id, \
                     intake_answers) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                     $22, $23, $24, $25, $26, $27, $23, $28, $29, $30) RETURNING id",
                )
                .bind(t.0)
                .bind(year)
                .bind(seq)
                .bind(&c.tracking_code)
                .bind(c.kind.code())
                .bind(c.channel.code())
                .bind(urp_domain::case::CaseStatus::INITIAL.code())
                .bind(&c.subject)
                .bind(&c.description)
                .bind(&c.service)
                .bind(c.topic_id)
                .bind(c.office_id.map(|o| o.0))
                .bind(&c.citizen.name)
                .bind(&c.citizen.surname)
                .bind(&c.citizen.email)
                .bind(&c.citizen.phone)
                .bind(&c.citizen.fiscal_code)
                .bind(&c.location.address)
                .bind(c.location.lat)
                .bind(c.location.lon)
                .bind(i64::from(c.term.days))
                .bind(c.term.unit.code())
                .bind(now)
                .bind($crate::cases::date_text(c.received_date))
                .bind(c.due_date.map($crate::cases::date_text))
                .bind(c.created_by.map(|u| u.0))
                .bind(&c.idempotency_key)
                .bind(c.intake.as_ref().map(|i| i.service_id))
                .bind(c.intake.as_ref().map(|i| i.definition_id))
                .bind(crate::cases::answers_json(c)?)
                .fetch_one(&mut **tx)
                .await?;
                let event_id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_events (tenant_id, case_id, at, actor_id, kind, to_status, public) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(t.0)
                .bind(id)
                .bind(now)
                .bind(c.created_by.map(|u| u.0))
                .bind("created")
                .bind(urp_domain::case::CaseStatus::INITIAL.code())
                .bind(true)
                .fetch_one(&mut **tx)
                .await?;
                Self::insert_attachments(tx, t, id, event_id, &c.attachments, now).await?;
                Self::insert_outbox(tx, t, id, Some(event_id), &c.outbox, now).await?;
                Ok($crate::group::Stored { id, seq })
            }
            /// Starts the writer task: it takes every case waiting in the queue (up to
            /// `group::BATCH`), stores each in a savepoint of one transaction — so one bad case
            /// fails alone and gives its registry number back — and commits them together.
            /// One flush to disk then covers the whole batch, instead of one per case while
            /// the registry counter row stays locked.
            fn spawn_intake_writer(pool: sqlx::Pool<$Db>) -> tokio::sync::mpsc::Sender<$crate::group::Job> {
                let (tx, mut rx) = tokio::sync::mpsc::channel::<$crate::group::Job>($crate::group::QUEUE);
                tokio::spawn(async move {
                    let mut growth = $crate::group::Growth::default();
                    while let Some(first) = rx.recv().await {
                        let mut batch = vec![first];
                        while batch.len() < $crate::group::BATCH {
                            match rx.try_recv() {
                                Ok(job) => batch.push(job),
                                Err(_) => break,
                            }
                        }
                        let n = batch.len();
                        Self::write_batch(&pool, batch).await;
                        if Self::KIND == $crate::DatabaseKind::Postgres && growth.add(n) {
                            // PostgreSQL plans the foreign-key checks of this connection once,
                            // from the statistics it has then. On a young database those say
                            // "empty", and the check of each history and outbox row picks an
                            // index on the ente alone: a scan of all its cases, per insert.
                            // Fresh statistics (which also drop the cached plans) keep the
                            // checks on the unique index until autovacuum takes over.
                            if let Err(e) = sqlx::query("ANALYZE cases, case_events, outbox").execute(&pool).await {
                                tracing::warn!(error = %e, "could not refresh the statistics of the case tables");
                            }
                        }
                    }
                });
                tx
            }

            /// The fast path: the whole batch in a handful of statements — one counter move per
            /// ente and year, then multi-row inserts — instead of several round trips per case.
            async fn insert_batch_fast(
                tx: &mut sqlx::Transaction<'_, $Db>,
                batch: &[$crate::group::Job],
            ) -> $crate::StoreResult<Vec<$crate::group::Stored>> {
                use chrono::Datelike as _;
                let year_of = |j: &$crate::group::Job| i64::from(j.case.received_date.year());
                let mut seqs = vec![0i64; batch.len()];
                let mut groups: Vec<((i64, i64), Vec<usize>)> = Vec::new();
                for (i, j) in batch.iter().enumerate() {
                    let key = (j.tenant.0, year_of(j));
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, v)) => v.push(i),
                        None => groups.push((key, vec![i])),
                    }
                }
                for ((tenant, year), idx) in &groups {
                    let n = i64::try_from(idx.len()).unwrap_or(i64::MAX);
                    let last: i64 = sqlx::query_scalar(
                        "INSERT INTO registry_counters (tenant_id, year, last_seq) VALUES ($1, $2, $3) \
                         ON CONFLICT (tenant_id, year) DO UPDATE SET last_seq = registry_counters.last_seq + $3 \
                         RETURNING last_seq",
                    )
                    .bind(*tenant)
                    .bind(*year)
                    .bind(n)
                    .fetch_one(&mut **tx)
                    .await?;
                    for (k, i) in idx.iter().enumerate() {
                        seqs[*i] = last - n + 1 + i64::try_from(k).unwrap_or(0);
                    }
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "INSERT INTO cases (tenant_id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, \
                     description, service, topic_id, office_id, citizen_name, citizen_surname, citizen_email, citizen_phone, \
                     citizen_fiscal_code, location_address, location_lat, location_lon, term_days, term_unit, received_at, \
                     received_date, due_date, created_by, idempotency_key, updated_at, service_id, service_definition_id, \
                     intake_answers) ",
                );
                let answers = batch
                    .iter()
                    .map(|j| crate::cases::answers_json(&j.case))
                    .collect::<$crate::StoreResult<Vec<_>>>()?;
                q.push_values(batch.iter().zip(&seqs).zip(answers), |mut b, ((j, seq), answers)| {
                    let c = &j.case;
                    let now = $crate::time::to_db(c.received_at);
                    b.push_bind(j.tenant.0)
                        .push_bind(year_of(j))
                        .push_bind(*seq)
                        .push_bind(c.tracking_code.clone())
                        .push_bind(c.kind.code())
                        .push_bind(c.channel.code())
                        .push_bind(urp_domain::case::CaseStatus::INITIAL.code())
                        .push_bind(c.subject.clone())
                        .push_bind(c.description.clone())
                        .push_bind(c.service.clone())
                        .push_bind(c.topic_id)
                        .push_bind(c.office_id.map(|o| o.0))
                        .push_bind(c.citizen.name.clone())
                        .push_bind(c.citizen.surname.clone())
                        .push_bind(c.citizen.email.clone())
                        .push_bind(c.citizen.phone.clone())
                        .push_bind(c.citizen.fiscal_code.clone())
                        .push_bind(c.location.address.clone())
                        .push_bind(c.location.lat)
                        .push_bind(c.location.lon)
                        .push_bind(i64::from(c.term.days))
                        .push_bind(c.term.unit.code())
                        .push_bind(now)
                        .push_bind($crate::cases::date_text(c.received_date))
                        .push_bind(c.due_date.map($crate::cases::date_text))
                        .push_bind(c.created_by.map(|u| u.0))
                        .push_bind(c.idempotency_key.clone())
                        .push_bind(now)
                        .push_bind(c.intake.as_ref().map(|i| i.service_id))
                        .push_bind(c.intake.as_ref().map(|i| i.definition_id))
                        .push_bind(answers);
                });
                q.push(" RETURNING id, tracking_code");
                let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut **tx).await?;
                let ids: Vec<i64> = batch
                    .iter()
                    .map(|j| rows.iter().find(|(_, code)| *code == j.case.tracking_code).map(|(id, _)| *id))
                    .collect::<Option<Vec<i64>>>()
                    .ok_or_else(|| $crate::StoreError::Other("batch insert returned fewer cases".into()))?;
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "INSERT INTO case_events (tenant_id, case_id, at, actor_id, kind, to_status, public) ",
                );
                q.push_values(batch.iter().zip(&ids), |mut b, (j, id)| {
                    b.push_bind(j.tenant.0)
                        .push_bind(*id)
                        .push_bind($crate::time::to_db(j.case.received_at))
                        .push_bind(j.case.created_by.map(|u| u.0))
                        .push_bind("created")
                        .push_bind(urp_domain::case::CaseStatus::INITIAL.code())
                        .push_bind(true);
                });
                q.push(" RETURNING id, case_id");
                let events: Vec<(i64, i64)> = q.build_query_as().fetch_all(&mut **tx).await?;
                let event_of = |case: i64| events.iter().find(|(_, c)| *c == case).map(|(e, _)| *e);
                let mut outbox: Vec<(&$crate::group::Job, i64, Option<i64>, &$crate::NewOutbox)> = Vec::new();
                for (j, id) in batch.iter().zip(&ids) {
                    let event = event_of(*id).ok_or_else(|| $crate::StoreError::Other("batch history row missing".into()))?;
                    if !j.case.attachments.is_empty() {
                        Self::insert_attachments(tx, j.tenant, *id, event, &j.case.attachments, $crate::time::to_db(j.case.received_at)).await?;
                    }
                    outbox.extend(j.case.outbox.iter().map(|o| (j, *id, Some(event), o)));
                }
                let stored = ids.iter().zip(&seqs).map(|(id, seq)| $crate::group::Stored { id: *id, seq: *seq }).collect();
                if !outbox.is_empty() {
                    let mut q = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO outbox (tenant_id, kind, recipient, lang, case_id, event_id, created_at, next_attempt_at) ",
                    );
                    q.push_values(outbox, |mut b, (j, id, event, o)| {
                        let now = $crate::time::to_db(j.case.received_at);
                        b.push_bind(j.tenant.0)
                            .push_bind(o.kind.clone())
                            .push_bind(o.recipient.clone())
                            .push_bind(o.lang.clone())
                            .push_bind(id)
                            .push_bind(event)
                            .push_bind(now)
                            .push_bind(now);
                    });
                    q.build().execute(&mut **tx).await?;
                }
                Ok(stored)
            }

            async fn write_batch(pool: &sqlx::Pool<$Db>, batch: Vec<$crate::group::Job>) {
                let mut tx = match Self::begin_write_on(pool).await {
                    Ok(tx) => tx,
                    Err(e) => return $crate::group::fail_all(batch, &e),
                };
                match Self::insert_batch_fast(&mut tx, &batch).await {
                    Ok(stored) => {
                        return match tx.commit().await {
                            Ok(()) => $crate::group::answer(batch, stored.into_iter().map(Ok).collect()),
                            Err(e) => $crate::group::fail_all(batch, &e.into()),
                        };
                    }
                    // Some case of the batch is refused: start again one savepoint per case, so
                    // that it fails alone and the others are stored.
                    Err(_) => {
                        let _ = tx.rollback().await;
                    }
                }
                let mut tx = match Self::begin_write_on(pool).await {
                    Ok(tx) => tx,
                    Err(e) => return $crate::group::fail_all(batch, &e),
                };
                let mut outcomes = Vec::with_capacity(batch.len());
                for job in &batch {
                    let outcome = async {
                        let mut sp = sqlx::Acquire::begin(&mut tx).await?;
                        match Self::insert_case_in(&mut sp, job.tenant, &job.case).await {
                            Ok(stored) => {
                                sp.commit().await?;
                                Ok(stored)
                            }
                            Err(e) => {
                                sp.rollback().await?;
                                Err(e)
                            }
                        }
                    }
                    .await;
                    outcomes.push(outcome);
                }
                match tx.commit().await {
                    Ok(()) => $crate::group::answer(batch, outcomes),
                    Err(e) => $crate::group::fail_all(batch, &e.into()),
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::CaseStore for $Store {
            async fn create_case(&self, t: urp_domain::TenantId, c: &$crate::NewCase) -> $crate::StoreResult<$crate::Created> {
                if let Some(key) = &c.idempotency_key {
                    if let Some(id) = self.case_id_by_key(t, key).await? {
                        return Ok($crate::Created::Replayed(self.case(t, $crate::CaseId(id)).await?));
                    }
                }
                match $crate::group::submit(&self.intake, t, c).await {
                    // The record is built from what was written: no second read per request.
                    Ok(stored) => Ok($crate::Created::New($crate::CaseRecord::stored(stored.id, stored.seq, c)?)),
                    // Two requests with the same key raced: the loser answers with the winner's case.
                    Err($crate::StoreError::Conflict(e)) => match &c.idempotency_key {
                        Some(key) => match self.case_id_by_key(t, key).await? {
                            Some(id) => Ok($crate::Created::Replayed(self.case(t, $crate::CaseId(id)).await?)),
                            None => Err($crate::StoreError::Conflict(e)),
                        },
                        None => Err($crate::StoreError::Conflict(e)),
                    },
                    Err(e) => Err(e),
                }
            }

            async fn intake_refs(&self, t: urp_domain::TenantId) -> $crate::StoreResult<std::sync::Arc<$crate::IntakeRefs>> {
                if let Some(r) = self.cache.intake(t) {
                    return Ok(r);
                }
                let generation = self.cache.generation();
                let refs = std::sync::Arc::new($crate::IntakeRefs {
                    closures: self.closures(t).await?.into_iter().map(|(d, _)| d).collect(),
                    kind_terms: self.kind_terms(t).await?,
                    topics: $crate::Store::list_topics(self, t).await?,
                    offices: $crate::Store::list_offices(self, t).await?.into_iter().map(|o| o.id).collect(),
                });
                self.cache.put_intake(t, refs.clone(), generation);
                Ok(refs)
            }

            async fn case(&self, t: urp_domain::TenantId, id: $crate::CaseId) -> $crate::StoreResult<$crate::CaseRecord> {
                let sql = concat!("SELECT ", $crate::cases::case_cols!(), " FROM cases WHERE tenant_id = $1 AND id = $2");
                match sqlx::query::<$Db>(sql).bind(t.0).bind(id.0).fetch_optional(&self.pool).await? {
                    Some(r) => case_rows::case(&r),
                    None => Err($crate::StoreError::NotFound),
                }
            }

            async fn case_by_tracking(&self, t: urp_domain::TenantId, code: &str) -> $crate::StoreResult<Option<$crate::CaseRecord>> {
                let sql = concat!("SELECT ", $crate::cases::case_cols!(), " FROM cases WHERE tenant_id = $1 AND tracking_code = $2");
                sqlx::query::<$Db>(sql).bind(t.0).bind(code).fetch_optional(&self.pool).await?.as_ref().map(case_rows::case).transpose()
            }

            async fn list_cases(
                &self,
                t: urp_domain::TenantId,
                f: &$crate::CaseFilter,
                limit: i64,
                offset: i64,
            ) -> $crate::StoreResult<Vec<$crate::CaseRecord>> {
                let mut q = sqlx::QueryBuilder::<$Db>::new(concat!("SELECT ", $crate::cases::case_cols!(), " FROM cases"));
                Self::push_filter(&mut q, t, f);
                q.push(" ORDER BY due_date IS NULL, due_date, id LIMIT ");
                q.push_bind(limit.clamp(1, 1000));
                q.push(" OFFSET ");
                q.push_bind(offset.max(0));
                q.build().fetch_all(&self.pool).await?.iter().map(case_rows::case).collect()
            }

            async fn count_cases(&self, t: urp_domain::TenantId, f: &$crate::CaseFilter) -> $crate::StoreResult<i64> {
                let mut q = sqlx::QueryBuilder::<$Db>::new("SELECT COUNT(*) FROM cases");
                Self::push_filter(&mut q, t, f);
                Ok(q.build_query_scalar::<i64>().fetch_one(&self.pool).await?)
            }

            async fn case_events(
                &self,
                t: urp_domain::TenantId,
                id: $crate::CaseId,
                public_only: bool,
            ) -> $crate::StoreResult<Vec<$crate::CaseEventRecord>> {
                let rows = if public_only {
                    sqlx::query::<$Db>(
                        "SELECT id, at, actor_id, kind, from_status, to_status, body, public FROM case_events \
                         WHERE tenant_id = $1 AND case_id = $2 AND public = $3 ORDER BY id",
                    )
                    .bind(t.0)
                    .bind(id.0)
                    .bind(true)
                    .fetch_all(&self.pool)
                    .await?
                } else {
                    sqlx::query::<$Db>(
                        "SELECT id, at, actor_id, kind, from_status, to_status, body, public FROM case_events \
                         WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                    )
                    .bind(t.0)
                    .bind(id.0)
                    .fetch_all(&self.pool)
                    .await?
                };
                rows.iter().map(case_rows::event).collect()
            }

            async fn case_suspensions(&self, t: urp_domain::TenantId, id: $crate::CaseId) -> $crate::StoreResult<Vec<$crate::SuspensionRecord>> {
                let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
                    "SELECT from_date, to_date, reason FROM case_suspensions WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                )
                .bind(t.0)
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(f, to, reason)| {
                        Ok($crate::SuspensionRecord {
                            from: $crate::cases::parse_date(&f)?,
                            to: to.as_deref().map($crate::cases::parse_date).transpose()?,
                            reason,
                        })
                    })
                    .collect()
            }

            async fn change_case(&self, t: urp_domain::TenantId, ch: &$crate::CaseChange) -> $crate::StoreResult<$crate::CaseRecord> {
                let at = $crate::time::to_db(ch.at);
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE cases SET status = $3, due_date = $4, updated_at = $5, \
                     closed_at = CASE WHEN $6 THEN $5 WHEN $8 THEN NULL ELSE closed_at END, \
                     assignee_id = COALESCE($9, assignee_id) \
                     WHERE tenant_id = $1 AND id = $2 AND status = $7",
                )
                .bind(t.0)
                .bind(ch.case_id.0)
                .bind(ch.new_status.code())
                .bind(ch.due_date.map($crate::cases::date_text))
                .bind(at)
                .bind(ch.closed)
                .bind(ch.expected_status.code())
                // Back to an open status (a reopening): the case is no longer closed.
                .bind(ch.new_status.is_open() || ch.new_status == urp_domain::case::CaseStatus::Riaperta)
                .bind(ch.assign_to.map(|u| u.0))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    drop(tx);
                    // Either the case does not exist here, or someone changed it first.
                    self.case(t, ch.case_id).await?;
                    return Err($crate::StoreError::Conflict("case status changed".into()));
                }
                let from = (ch.expected_status != ch.new_status).then(|| ch.expected_status.code());
                let to = (ch.expected_status != ch.new_status).then(|| ch.new_status.code());
                let event_id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_events (tenant_id, case_id, at, actor_id, kind, from_status, to_status, body, public) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(t.0)
                .bind(ch.case_id.0)
                .bind(at)
                .bind(ch.actor_id.map(|u| u.0))
                .bind(&ch.event_kind)
                .bind(from)
                .bind(to)
                .bind(&ch.body)
                .bind(ch.public)
                .fetch_one(&mut *tx)
                .await?;
                if let Some(day) = ch.close_suspension {
                    sqlx::query("UPDATE case_suspensions SET to_date = $3 WHERE tenant_id = $1 AND case_id = $2 AND to_date IS NULL")
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind($crate::cases::date_text(day))
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some((day, reason)) = &ch.open_suspension {
                    sqlx::query("INSERT INTO case_suspensions (tenant_id, case_id, from_date, reason) VALUES ($1, $2, $3, $4)")
                        .bind(t.0)
                        .bind(ch.case_id.0)
                        .bind($crate::cases::date_text(*day))
                        .bind(reason)
                        .execute(&mut *tx)
                        .await?;
                }
                Self::insert_attachments(&mut tx, t, ch.case_id.0, event_id, &ch.attachments, at).await?;
                Self::insert_outbox(&mut tx, t, ch.case_id.0, Some(event_id), &ch.outbox, at).await?;
                tx.commit().await?;
                self.case(t, ch.case_id).await
            }

            async fn attachments(&self, t: urp_domain::TenantId, id: $crate::CaseId) -> $crate::StoreResult<Vec<$crate::AttachmentMeta>> {
                sqlx::query::<$Db>(
                    "SELECT id, event_id, file_name, content_type, size, sha256, public FROM attachments \
                     WHERE tenant_id = $1 AND case_id = $2 ORDER BY id",
                )
                .bind(t.0)
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(case_rows::attachment)
                .collect()
            }

            async fn attachment(
                &self,
                t: urp_domain::TenantId,
                id: $crate::CaseId,
                attachment: i64,
            ) -> $crate::StoreResult<($crate::AttachmentMeta, Vec<u8>)> {
                let r = sqlx::query::<$Db>(
                    "SELECT id, event_id, file_name, content_type, size, sha256, public, bytes FROM attachments \
                     WHERE tenant_id = $1 AND case_id = $2 AND id = $3",
                )
                .bind(t.0)
                .bind(id.0)
                .bind(attachment)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::StoreError::NotFound)?;
                Ok((case_rows::attachment(&r)?, sqlx::Row::try_get(&r, "bytes")?))
            }

            async fn daily_register(&self, t: urp_domain::TenantId, day: chrono::NaiveDate) -> $crate::StoreResult<Vec<$crate::CaseRecord>> {
                let sql = concat!(
                    "SELECT ",
                    $crate::cases::case_cols!(),
                    " FROM cases WHERE tenant_id = $1 AND received_date = $2 ORDER BY registry_year, registry_seq"
                );
                sqlx::query::<$Db>(sql)
                    .bind(t.0)
                    .bind($crate::cases::date_text(day))
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(case_rows::case)
                    .collect()
            }

            async fn closures(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<(chrono::NaiveDate, String)>> {
                let rows: Vec<(String, String)> =
                    sqlx::query_as("SELECT day, reason FROM tenant_closures WHERE tenant_id = $1 ORDER BY day")
                        .bind(t.0)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(|(d, r)| Ok(($crate::cases::parse_date(&d)?, r))).collect()
            }

            async fn add_closure(&self, t: urp_domain::TenantId, day: chrono::NaiveDate, reason: &str) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    sqlx::query(
                        "INSERT INTO tenant_closures (tenant_id, day, reason) VALUES ($1, $2, $3) \
                         ON CONFLICT (tenant_id, day) DO UPDATE SET reason = excluded.reason",
                    )
                    .bind(t.0)
                    .bind($crate::cases::date_text(day))
                    .bind(reason)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn remove_closure(&self, t: urp_domain::TenantId, day: chrono::NaiveDate) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    sqlx::query("DELETE FROM tenant_closures WHERE tenant_id = $1 AND day = $2")
                        .bind(t.0)
                        .bind($crate::cases::date_text(day))
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn kind_terms(
                &self,
                t: urp_domain::TenantId,
            ) -> $crate::StoreResult<Vec<(urp_domain::case::CaseKind, urp_domain::deadline::Term)>> {
                let rows: Vec<(String, i64, String)> =
                    sqlx::query_as("SELECT kind, days, unit FROM case_kind_terms WHERE tenant_id = $1 ORDER BY kind")
                        .bind(t.0)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(k, d, u)| Ok(($crate::cases::parse_code(&k)?, $crate::cases::term_from(d, &u)?)))
                    .collect()
            }

            async fn set_kind_term(
                &self,
                t: urp_domain::TenantId,
                kind: urp_domain::case::CaseKind,
                term: Option<urp_domain::deadline::Term>,
            ) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    match term {
                        Some(term) => {
                            sqlx::query(
                                "INSERT INTO case_kind_terms (tenant_id, kind, days, unit) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (tenant_id, kind) DO UPDATE SET days = excluded.days, unit = excluded.unit",
                            )
                            .bind(t.0)
                            .bind(kind.code())
                            .bind(i64::from(term.days))
                            .bind(term.unit.code())
                            .execute(&self.pool)
                            .await?;
                        }
                        None => {
                            sqlx::query("DELETE FROM case_kind_terms WHERE tenant_id = $1 AND kind = $2")
                                .bind(t.0)
                                .bind(kind.code())
                                .execute(&self.pool)
                                .await?;
                        }
                    }
                    Ok(())
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn claim_outbox(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease_until: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::OutboxItem>> {
                let now = $crate::time::to_db(now);
                let candidates: Vec<i64> = sqlx::query_scalar(
                    "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let mut claimed = Vec::new();
                for id in candidates {
                    // Claimed only if no other server took it in the meantime.
                    let r = sqlx::query::<$Db>(
                        "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 \
                         WHERE id = $1 AND sent_at IS NULL AND next_attempt_at <= $3 \
                         RETURNING id, tenant_id, kind, recipient, lang, case_id, event_id, attempts, last_error",
                    )
                    .bind(id)
                    .bind($crate::time::to_db(lease_until))
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(r) = r {
                        claimed.push(case_rows::outbox(&r)?);
                    }
                }
                Ok(claimed)
            }

            async fn outbox_sent(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE outbox SET sent_at = $2, last_error = NULL WHERE id = $1")
                    .bind(id)
                    .bind($crate::time::to_db(now))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn outbox_failed(&self, id: i64, error: &str, retry_at: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE outbox SET last_error = $2, next_attempt_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(error)
                    .bind($crate::time::to_db(retry_at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn outbox_failures(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::OutboxItem>> {
                sqlx::query::<$Db>(
                    "SELECT id, tenant_id, kind, recipient, lang, case_id, event_id, attempts, last_error FROM outbox \
                     WHERE tenant_id = $1 AND sent_at IS NULL AND last_error IS NOT NULL ORDER BY id",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(case_rows::outbox)
                .collect()
            }
        }

        impl $Store {
            fn push_filter(q: &mut sqlx::QueryBuilder<$Db>, t: urp_domain::TenantId, f: &$crate::CaseFilter) {
                q.push(" WHERE tenant_id = ");
                q.push_bind(t.0);
                if $crate::cases::is_open_set(&f.statuses) {
                    // Written literally (they are our own constants) so the partial index of
                    // open cases (migration 0004) is usable by both planners.
                    q.push($crate::cases::OPEN_STATUSES_SQL);
                } else if !f.statuses.is_empty() {
                    q.push(" AND status IN (");
                    let mut sep = q.separated(", ");
                    for s in &f.statuses {
                        sep.push_bind(s.code());
                    }
                    q.push(")");
                }
                if let Some(k) = f.kind {
                    q.push(" AND kind = ");
                    q.push_bind(k.code());
                }
                if let Some(c) = f.channel {
                    q.push(" AND channel = ");
                    q.push_bind(c.code());
                }
                if let Some(o) = f.office_id {
                    q.push(" AND office_id = ");
                    q.push_bind(o.0);
                }
                if let Some(tp) = f.topic_id {
                    q.push(" AND topic_id = ");
                    q.push_bind(tp);
                }
                if let Some(a) = f.assignee_id {
                    q.push(" AND assignee_id = ");
                    q.push_bind(a.0);
                }
                if let Some(d) = f.due_before {
                    q.push(" AND due_date < ");
                    q.push_bind($crate::cases::date_text(d));
                }
            }
        }
    };
}
pub(crate) use impl_case_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_literal_open_statuses_are_the_domains() {
        let open: Vec<_> = urp_domain::case::CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
        for s in &open {
            assert!(OPEN_STATUSES_SQL.contains(&format!("'{}'", s.code())), "{s:?}");
        }
        assert_eq!(OPEN_STATUSES_SQL.matches('\'').count(), open.len() * 2);
        assert!(is_open_set(&open));
        assert!(!is_open_set(&open[1..]));
        for sql in [
            include_str!("../migrations/sqlite/0004_open_queue_index.sql"),
            include_str!("../migrations/postgres/0004_open_queue_index.sql"),
        ] {
            assert!(
                sql.contains(OPEN_STATUSES_SQL.trim_start_matches(" AND ")),
                "the index predicate matches the query"
            );
        }
    }

    #[test]
    fn dates_round_trip_as_iso_text() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(date_text(d), "2026-01-05");
        assert_eq!(parse_date("2026-01-05").unwrap(), d);
        assert!(parse_date("05/01/2026").is_err());
    }
}
