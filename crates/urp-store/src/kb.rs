//! Storage of the knowledge base: service sheets, their versions, their ratings, and the
//! search outbox written in the same transaction as every change to a sheet.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use urp_domain::kb::SheetState;
use urp_domain::{OfficeId, TenantId, UserId};

/// Everything an editor writes on a sheet. Section bodies are Markdown. A version's snapshot
/// is this, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetContent {
    pub title: String,
    /// A code of `urp_domain::service_category`.
    pub category: Option<String>,
    pub service_active: bool,
    /// Why the service is not available (shown when `service_active` is false).
    pub status_reason: Option<String>,
    pub summary: String,
    pub description: String,
    pub audience: String,
    pub how_to: String,
    pub needed: String,
    pub obtained: String,
    pub deadlines: String,
    /// The administration's maximum response time, in days, when there is one.
    pub max_response_days: Option<i64>,
    pub costs: String,
    pub online_url: Option<String>,
    pub booking_url: Option<String>,
    /// The physical place where the service is given (address, floor, opening hours).
    pub place: String,
    pub conditions: String,
    /// Contact text beside the owner office (the imported "Ufficio responsabile").
    pub contacts: String,
    pub office_id: Option<OfficeId>,
    pub topic_ids: Vec<i64>,
    pub keywords: Vec<String>,
    pub related: Vec<i64>,
    /// For operators only: never published.
    pub notes: String,
    pub review_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub id: i64,
    pub external_id: Option<String>,
    pub content: SheetContent,
    pub state: SheetState,
    /// The number of the latest version (each save and each workflow step adds one).
    pub version: i64,
    pub views: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetVersion {
    pub version: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub state: SheetState,
    pub note: String,
    pub content: SheetContent,
}

/// Which sheets a list shows. Empty `states`: every state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SheetFilter {
    pub states: Vec<SheetState>,
    pub office_id: Option<OfficeId>,
    pub topic_id: Option<i64>,
    pub category: Option<String>,
    /// Only sheets whose review-by date is on or before this day.
    pub review_due_on: Option<NaiveDate>,
}

/// What a save did: `changed` is false when the content equals the current one (then no
/// version is written and nothing is re-indexed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSaved {
    pub sheet: Sheet,
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    pub stars: u8,
    pub answer: Option<String>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRating {
    pub stars: i64,
    pub answer: Option<String>,
    pub details: Option<String>,
    pub at: DateTime<Utc>,
}

/// Ratings of one sheet in aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingSummary {
    pub sheet_id: i64,
    pub count: i64,
    pub average: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOutboxItem {
    pub id: i64,
    pub tenant_id: TenantId,
    pub doc_kind: String,
    pub doc_id: i64,
    pub created_at: DateTime<Utc>,
}

/// The `doc_kind` of sheets in the search outbox.
pub const DOC_SHEET: &str = "sheet";
/// The e-mail outbox kind of a review reminder to an owner office.
pub const MAIL_REVIEW: &str = "kb_review";

#[async_trait]
pub trait KbStore: Send + Sync {
    /// Creates a sheet with its first version.
    #[allow(clippy::too_many_arguments)]
    async fn create_sheet(
        &self,
        t: TenantId,
        external_id: Option<&str>,
        c: &SheetContent,
        state: SheetState,
        actor: Option<UserId>,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Sheet>;
    /// Saves new content as a new version, if `expected_version` (when given) is still the
    /// latest (`Conflict` otherwise) and the content differs from the current one.
    #[allow(clippy::too_many_arguments)]
    async fn update_sheet(
        &self,
        t: TenantId,
        id: i64,
        c: &SheetContent,
        expected_version: Option<i64>,
        actor: Option<UserId>,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SheetSaved>;
    /// Moves a sheet from `from` to `to` (`Conflict` if it is no longer in `from`), recording
    /// the step as a version.
    async fn set_sheet_state(
        &self,
        t: TenantId,
        id: i64,
        from: SheetState,
        to: SheetState,
        actor: Option<UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Sheet>;
    async fn sheet(&self, t: TenantId, id: i64) -> StoreResult<Sheet>;
    async fn sheet_by_external_id(&self, t: TenantId, external_id: &str) -> StoreResult<Option<Sheet>>;
    /// Sheets by title.
    async fn list_sheets(&self, t: TenantId, f: &SheetFilter, limit: i64, offset: i64) -> StoreResult<Vec<Sheet>>;
    async fn count_sheets(&self, t: TenantId, f: &SheetFilter) -> StoreResult<i64>;
    /// Every published sheet of the ente (for building the search index).
    async fn published_sheets(&self, t: TenantId) -> StoreResult<Vec<Sheet>>;
    async fn sheet_versions(&self, t: TenantId, id: i64) -> StoreResult<Vec<SheetVersion>>;
    async fn sheet_version(&self, t: TenantId, id: i64, version: i64) -> StoreResult<SheetVersion>;
    async fn count_sheet_view(&self, t: TenantId, id: i64) -> StoreResult<()>;

    async fn add_rating(&self, t: TenantId, sheet: i64, r: &NewRating, now: DateTime<Utc>) -> StoreResult<()>;
    async fn sheet_ratings(&self, t: TenantId, sheet: i64) -> StoreResult<Vec<SheetRating>>;
    async fn rating_summaries(&self, t: TenantId) -> StoreResult<Vec<RatingSummary>>;

    /// For every published sheet (of every ente) whose review-by date is on or before `today`
    /// and whose owner office has an e-mail address, queues one reminder per review-by date.
    /// Returns the (ente, sheet) pairs reminded now.
    async fn queue_review_reminders(&self, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<Vec<(TenantId, i64)>>;

    /// Search outbox rows after `after_id`, in id order.
    async fn search_outbox_after(&self, after_id: i64, limit: i64) -> StoreResult<Vec<SearchOutboxItem>>;
    /// Removes the search outbox rows up to and including `up_to_id`.
    async fn delete_search_outbox(&self, up_to_id: i64) -> StoreResult<u64>;
}

macro_rules! sheet_cols {
    () => {
        "id, external_id, title, category, service_active, status_reason, summary, description, audience, how_to, \
         needed, obtained, deadlines, max_response_days, costs, online_url, booking_url, place, conditions, contacts, \
         office_id, keywords, notes, state, review_by, version, views, created_at, updated_at, published_at"
    };
}
pub(crate) use sheet_cols;

pub(crate) fn keywords_json(k: &[String]) -> String {
    serde_json::to_string(k).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn snapshot_json(c: &SheetContent) -> StoreResult<String> {
    serde_json::to_string(c).map_err(|e| crate::StoreError::Other(format!("sheet snapshot: {e}")))
}

pub(crate) fn parse_snapshot(s: &str) -> StoreResult<SheetContent> {
    serde_json::from_str(s).map_err(|e| crate::StoreError::Corrupt(format!("sheet snapshot: {e}")))
}

pub(crate) fn parse_keywords(s: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(s).map_err(|e| crate::StoreError::Corrupt(format!("keywords: {e}")))
}

/// Content as stored: topics and related sheets without duplicates, in a stable order, so
/// that equal content compares equal.
pub(crate) fn normalised(c: &SheetContent) -> SheetContent {
    let mut c = c.clone();
    c.topic_ids.sort_unstable();
    c.topic_ids.dedup();
    let mut seen = std::collections::HashSet::new();
    c.related.retain(|r| seen.insert(*r));
    c
}

macro_rules! impl_kb_store {
    ($Store:ty, $Db:ty, $Row:ty) => {
        mod kb_rows {
            use crate::StoreResult;
            use crate::kb::*;
            use crate::shared::ts;
            use sqlx::Row as _;

            pub(super) fn sheet(r: &$Row) -> StoreResult<Sheet> {
                Ok(Sheet {
                    id: r.try_get("id")?,
                    external_id: r.try_get("external_id")?,
                    content: SheetContent {
                        title: r.try_get("title")?,
                        category: r.try_get("category")?,
                        service_active: r.try_get("service_active")?,
                        status_reason: r.try_get("status_reason")?,
                        summary: r.try_get("summary")?,
                        description: r.try_get("description")?,
                        audience: r.try_get("audience")?,
                        how_to: r.try_get("how_to")?,
                        needed: r.try_get("needed")?,
                        obtained: r.try_get("obtained")?,
                        deadlines: r.try_get("deadlines")?,
                        max_response_days: r.try_get("max_response_days")?,
                        costs: r.try_get("costs")?,
                        online_url: r.try_get("online_url")?,
                        booking_url: r.try_get("booking_url")?,
                        place: r.try_get("place")?,
                        conditions: r.try_get("conditions")?,
                        contacts: r.try_get("contacts")?,
                        office_id: r.try_get::<Option<i64>, _>("office_id")?.map(urp_domain::OfficeId),
                        topic_ids: Vec::new(),
                        keywords: parse_keywords(&r.try_get::<String, _>("keywords")?)?,
                        related: Vec::new(),
                        notes: r.try_get("notes")?,
                        review_by: r
                            .try_get::<Option<String>, _>("review_by")?
                            .as_deref()
                            .map(crate::cases::parse_date)
                            .transpose()?,
                    },
                    state: crate::cases::parse_code(&r.try_get::<String, _>("state")?)?,
                    version: r.try_get("version")?,
                    views: r.try_get("views")?,
                    created_at: ts(r.try_get("created_at")?)?,
                    updated_at: ts(r.try_get("updated_at")?)?,
                    published_at: r.try_get::<Option<i64>, _>("published_at")?.map(ts).transpose()?,
                })
            }
        }

        impl $Store {
            /// Writes topics, related sheets, a version row and a search outbox row for a sheet
            /// whose own row was just written in `tx`.
            #[allow(clippy::too_many_arguments)]
            async fn kb_after_write(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                id: i64,
                version: i64,
                c: &$crate::kb::SheetContent,
                state: urp_domain::kb::SheetState,
                actor: Option<urp_domain::UserId>,
                note: &str,
                now: i64,
                links: bool,
            ) -> $crate::StoreResult<()> {
                if links {
                    sqlx::query("DELETE FROM sheet_topics WHERE tenant_id = $1 AND sheet_id = $2")
                        .bind(t.0)
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                    for topic in &c.topic_ids {
                        sqlx::query("INSERT INTO sheet_topics (tenant_id, sheet_id, topic_id) VALUES ($1, $2, $3)")
                            .bind(t.0)
                            .bind(id)
                            .bind(*topic)
                            .execute(&mut **tx)
                            .await?;
                    }
                    sqlx::query("DELETE FROM sheet_related WHERE tenant_id = $1 AND sheet_id = $2")
                        .bind(t.0)
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                    for (pos, rel) in c.related.iter().enumerate().filter(|(_, r)| **r != id) {
                        sqlx::query(
                            "INSERT INTO sheet_related (tenant_id, sheet_id, related_id, position) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(t.0)
                        .bind(id)
                        .bind(*rel)
                        .bind(i64::try_from(pos).unwrap_or(0))
                        .execute(&mut **tx)
                        .await?;
                    }
                }
                sqlx::query(
                    "INSERT INTO sheet_versions (tenant_id, sheet_id, version, at, actor_id, state, note, snapshot) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(t.0)
                .bind(id)
                .bind(version)
                .bind(now)
                .bind(actor.map(|u| u.0))
                .bind(state.code())
                .bind(note)
                .bind($crate::kb::snapshot_json(c)?)
                .execute(&mut **tx)
                .await?;
                sqlx::query("INSERT INTO search_outbox (tenant_id, doc_kind, doc_id, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(t.0)
                    .bind($crate::kb::DOC_SHEET)
                    .bind(id)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Fills topics and related sheets of the listed sheets.
            async fn kb_fill_links(
                &self,
                t: urp_domain::TenantId,
                sheets: &mut [$crate::kb::Sheet],
            ) -> $crate::StoreResult<()> {
                if sheets.is_empty() {
                    return Ok(());
                }
                let one = (sheets.len() == 1).then(|| sheets[0].id);
                let topics: Vec<(i64, i64)> = match one {
                    Some(id) => sqlx::query_as(
                        "SELECT sheet_id, topic_id FROM sheet_topics WHERE tenant_id = $1 AND sheet_id = $2 ORDER BY topic_id",
                    )
                    .bind(t.0)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?,
                    None => sqlx::query_as(
                        "SELECT sheet_id, topic_id FROM sheet_topics WHERE tenant_id = $1 ORDER BY sheet_id, topic_id",
                    )
                    .bind(t.0)
                    .fetch_all(&self.pool)
                    .await?,
                };
                let related: Vec<(i64, i64)> = match one {
                    Some(id) => sqlx::query_as(
                        "SELECT sheet_id, related_id FROM sheet_related WHERE tenant_id = $1 AND sheet_id = $2 ORDER BY position",
                    )
                    .bind(t.0)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?,
                    None => sqlx::query_as(
                        "SELECT sheet_id, related_id FROM sheet_related WHERE tenant_id = $1 ORDER BY sheet_id, position",
                    )
                    .bind(t.0)
                    .fetch_all(&self.pool)
                    .await?,
                };
                let mut by_id: std::collections::HashMap<i64, usize> =
                    sheets.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
                for (sheet, topic) in topics {
                    if let Some(i) = by_id.get_mut(&sheet) {
                        sheets[*i].content.topic_ids.push(topic);
                    }
                }
                for (sheet, rel) in related {
                    if let Some(i) = by_id.get(&sheet) {
                        sheets[*i].content.related.push(rel);
                    }
                }
                Ok(())
            }

            fn kb_push_filter(q: &mut sqlx::QueryBuilder<$Db>, t: urp_domain::TenantId, f: &$crate::kb::SheetFilter) {
                q.push(" WHERE tenant_id = ");
                q.push_bind(t.0);
                if !f.states.is_empty() {
                    q.push(" AND state IN (");
                    let mut sep = q.separated(", ");
                    for s in &f.states {
                        sep.push_bind(s.code());
                    }
                    q.push(")");
                }
                if let Some(o) = f.office_id {
                    q.push(" AND office_id = ");
                    q.push_bind(o.0);
                }
                if let Some(c) = &f.category {
                    q.push(" AND category = ");
                    q.push_bind(c.clone());
                }
                if let Some(tp) = f.topic_id {
                    q.push(" AND id IN (SELECT sheet_id FROM sheet_topics WHERE tenant_id = ");
                    q.push_bind(t.0);
                    q.push(" AND topic_id = ");
                    q.push_bind(tp);
                    q.push(")");
                }
                if let Some(d) = f.review_due_on {
                    q.push(" AND review_by IS NOT NULL AND review_by <= ");
                    q.push_bind($crate::cases::date_text(d));
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::kb::KbStore for $Store {
            async fn create_sheet(
                &self,
                t: urp_domain::TenantId,
                external_id: Option<&str>,
                c: &$crate::kb::SheetContent,
                state: urp_domain::kb::SheetState,
                actor: Option<urp_domain::UserId>,
                note: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::kb::Sheet> {
                let c = $crate::kb::normalised(c);
                let at = $crate::time::to_db(now);
                let published = (state == urp_domain::kb::SheetState::Pubblicata).then_some(at);
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO sheets (tenant_id, external_id, title, category, service_active, status_reason, summary, \
                     description, audience, how_to, needed, obtained, deadlines, max_response_days, costs, online_url, \
                     booking_url, place, conditions, contacts, office_id, keywords, notes, state, review_by, version, \
                     created_at, updated_at, published_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                     $21, $22, $23, $24, $25, 1, $26, $26, $27) RETURNING id",
                )
                .bind(t.0)
                .bind(external_id)
                .bind(&c.title)
                .bind(&c.category)
                .bind(c.service_active)
                .bind(&c.status_reason)
                .bind(&c.summary)
                .bind(&c.description)
                .bind(&c.audience)
                .bind(&c.how_to)
                .bind(&c.needed)
                .bind(&c.obtained)
                .bind(&c.deadlines)
                .bind(c.max_response_days)
                .bind(&c.costs)
                .bind(&c.online_url)
                .bind(&c.booking_url)
                .bind(&c.place)
                .bind(&c.conditions)
                .bind(&c.contacts)
                .bind(c.office_id.map(|o| o.0))
                .bind($crate::kb::keywords_json(&c.keywords))
                .bind(&c.notes)
                .bind(state.code())
                .bind(c.review_by.map($crate::cases::date_text))
                .bind(at)
                .bind(published)
                .fetch_one(&mut *tx)
                .await?;
                Self::kb_after_write(&mut tx, t, id, 1, &c, state, actor, note, at, true).await?;
                tx.commit().await?;
                self.sheet(t, id).await
            }

            async fn update_sheet(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                c: &$crate::kb::SheetContent,
                expected_version: Option<i64>,
                actor: Option<urp_domain::UserId>,
                note: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::kb::SheetSaved> {
                let c = $crate::kb::normalised(c);
                let current = self.sheet(t, id).await?;
                if expected_version.is_some_and(|v| v != current.version) {
                    return Err($crate::StoreError::Conflict("sheet version".into()));
                }
                if $crate::kb::normalised(&current.content) == c {
                    return Ok($crate::kb::SheetSaved { sheet: current, changed: false });
                }
                let at = $crate::time::to_db(now);
                let version = current.version + 1;
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE sheets SET title = $3, category = $4, service_active = $5, status_reason = $6, summary = $7, \
                     description = $8, audience = $9, how_to = $10, needed = $11, obtained = $12, deadlines = $13, \
                     max_response_days = $14, costs = $15, online_url = $16, booking_url = $17, place = $18, \
                     conditions = $19, contacts = $20, office_id = $21, keywords = $22, notes = $23, review_by = $24, \
                     version = $25, updated_at = $26 \
                     WHERE tenant_id = $1 AND id = $2 AND version = $27",
                )
                .bind(t.0)
                .bind(id)
                .bind(&c.title)
                .bind(&c.category)
                .bind(c.service_active)
                .bind(&c.status_reason)
                .bind(&c.summary)
                .bind(&c.description)
                .bind(&c.audience)
                .bind(&c.how_to)
                .bind(&c.needed)
                .bind(&c.obtained)
                .bind(&c.deadlines)
                .bind(c.max_response_days)
                .bind(&c.costs)
                .bind(&c.online_url)
                .bind(&c.booking_url)
                .bind(&c.place)
                .bind(&c.conditions)
                .bind(&c.contacts)
                .bind(c.office_id.map(|o| o.0))
                .bind($crate::kb::keywords_json(&c.keywords))
                .bind(&c.notes)
                .bind(c.review_by.map($crate::cases::date_text))
                .bind(version)
                .bind(at)
                .bind(current.version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err($crate::StoreError::Conflict("sheet version".into()));
                }
                Self::kb_after_write(&mut tx, t, id, version, &c, current.state, actor, note, at, true).await?;
                tx.commit().await?;
                Ok($crate::kb::SheetSaved { sheet: self.sheet(t, id).await?, changed: true })
            }

            async fn set_sheet_state(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                from: urp_domain::kb::SheetState,
                to: urp_domain::kb::SheetState,
                actor: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::kb::Sheet> {
                let current = self.sheet(t, id).await?;
                if current.state != from {
                    return Err($crate::StoreError::Conflict("sheet state".into()));
                }
                let at = $crate::time::to_db(now);
                let version = current.version + 1;
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE sheets SET state = $3, version = $4, updated_at = $5, \
                     published_at = CASE WHEN $6 THEN $5 ELSE published_at END \
                     WHERE tenant_id = $1 AND id = $2 AND state = $7 AND version = $8",
                )
                .bind(t.0)
                .bind(id)
                .bind(to.code())
                .bind(version)
                .bind(at)
                .bind(to == urp_domain::kb::SheetState::Pubblicata)
                .bind(from.code())
                .bind(current.version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err($crate::StoreError::Conflict("sheet state".into()));
                }
                let note = format!("state:{}", to.code());
                Self::kb_after_write(&mut tx, t, id, version, &current.content, to, actor, &note, at, false).await?;
                tx.commit().await?;
                self.sheet(t, id).await
            }

            async fn sheet(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<$crate::kb::Sheet> {
                let sql = concat!("SELECT ", $crate::kb::sheet_cols!(), " FROM sheets WHERE tenant_id = $1 AND id = $2");
                let r = sqlx::query::<$Db>(sql)
                    .bind(t.0)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or($crate::StoreError::NotFound)?;
                let mut v = vec![kb_rows::sheet(&r)?];
                self.kb_fill_links(t, &mut v).await?;
                v.pop().ok_or($crate::StoreError::NotFound)
            }

            async fn sheet_by_external_id(
                &self,
                t: urp_domain::TenantId,
                external_id: &str,
            ) -> $crate::StoreResult<Option<$crate::kb::Sheet>> {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM sheets WHERE tenant_id = $1 AND external_id = $2")
                    .bind(t.0)
                    .bind(external_id)
                    .fetch_optional(&self.pool)
                    .await?;
                match id {
                    Some(id) => Ok(Some(self.sheet(t, id).await?)),
                    None => Ok(None),
                }
            }

            async fn list_sheets(
                &self,
                t: urp_domain::TenantId,
                f: &$crate::kb::SheetFilter,
                limit: i64,
                offset: i64,
            ) -> $crate::StoreResult<Vec<$crate::kb::Sheet>> {
                let mut q = sqlx::QueryBuilder::<$Db>::new(concat!("SELECT ", $crate::kb::sheet_cols!(), " FROM sheets"));
                Self::kb_push_filter(&mut q, t, f);
                q.push(" ORDER BY title, id LIMIT ");
                q.push_bind(limit.clamp(1, 1_000_000));
                q.push(" OFFSET ");
                q.push_bind(offset.max(0));
                let mut v: Vec<$crate::kb::Sheet> =
                    q.build().fetch_all(&self.pool).await?.iter().map(kb_rows::sheet).collect::<Result<_, _>>()?;
                self.kb_fill_links(t, &mut v).await?;
                Ok(v)
            }

            async fn count_sheets(&self, t: urp_domain::TenantId, f: &$crate::kb::SheetFilter) -> $crate::StoreResult<i64> {
                let mut q = sqlx::QueryBuilder::<$Db>::new("SELECT COUNT(*) FROM sheets");
                Self::kb_push_filter(&mut q, t, f);
                Ok(q.build_query_scalar::<i64>().fetch_one(&self.pool).await?)
            }

            async fn published_sheets(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::kb::Sheet>> {
                let f = $crate::kb::SheetFilter {
                    states: vec![urp_domain::kb::SheetState::Pubblicata],
                    ..Default::default()
                };
                self.list_sheets(t, &f, 1_000_000, 0).await
            }

            async fn sheet_versions(
                &self,
                t: urp_domain::TenantId,
                id: i64,
            ) -> $crate::StoreResult<Vec<$crate::kb::SheetVersion>> {
                let rows: Vec<(i64, i64, Option<i64>, String, String, String)> = sqlx::query_as(
                    "SELECT version, at, actor_id, state, note, snapshot FROM sheet_versions \
                     WHERE tenant_id = $1 AND sheet_id = $2 ORDER BY version DESC",
                )
                .bind(t.0)
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(version, at, actor, state, note, snap)| {
                        Ok($crate::kb::SheetVersion {
                            version,
                            at: $crate::shared::ts(at)?,
                            actor_id: actor.map(urp_domain::UserId),
                            state: $crate::cases::parse_code(&state)?,
                            note,
                            content: $crate::kb::parse_snapshot(&snap)?,
                        })
                    })
                    .collect()
            }

            async fn sheet_version(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                version: i64,
            ) -> $crate::StoreResult<$crate::kb::SheetVersion> {
                let (version, at, actor, state, note, snap): (i64, i64, Option<i64>, String, String, String) =
                    sqlx::query_as(
                        "SELECT version, at, actor_id, state, note, snapshot FROM sheet_versions \
                         WHERE tenant_id = $1 AND sheet_id = $2 AND version = $3",
                    )
                    .bind(t.0)
                    .bind(id)
                    .bind(version)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or($crate::StoreError::NotFound)?;
                Ok($crate::kb::SheetVersion {
                    version,
                    at: $crate::shared::ts(at)?,
                    actor_id: actor.map(urp_domain::UserId),
                    state: $crate::cases::parse_code(&state)?,
                    note,
                    content: $crate::kb::parse_snapshot(&snap)?,
                })
            }

            async fn count_sheet_view(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE sheets SET views = views + 1 WHERE tenant_id = $1 AND id = $2")
                    .bind(t.0)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn add_rating(
                &self,
                t: urp_domain::TenantId,
                sheet: i64,
                r: &$crate::kb::NewRating,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sheet_ratings (tenant_id, sheet_id, stars, answer, details, at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(t.0)
                .bind(sheet)
                .bind(i64::from(r.stars))
                .bind(&r.answer)
                .bind(&r.details)
                .bind($crate::time::to_db(now))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn sheet_ratings(
                &self,
                t: urp_domain::TenantId,
                sheet: i64,
            ) -> $crate::StoreResult<Vec<$crate::kb::SheetRating>> {
                let rows: Vec<(i64, Option<String>, Option<String>, i64)> = sqlx::query_as(
                    "SELECT stars, answer, details, at FROM sheet_ratings WHERE tenant_id = $1 AND sheet_id = $2 ORDER BY id DESC",
                )
                .bind(t.0)
                .bind(sheet)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(stars, answer, details, at)| {
                        Ok($crate::kb::SheetRating { stars, answer, details, at: $crate::shared::ts(at)? })
                    })
                    .collect()
            }

            async fn rating_summaries(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::kb::RatingSummary>> {
                let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
                    "SELECT sheet_id, COUNT(*), CAST(SUM(stars) AS BIGINT) FROM sheet_ratings WHERE tenant_id = $1 GROUP BY sheet_id ORDER BY sheet_id",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(sheet_id, count, sum)| $crate::kb::RatingSummary {
                        sheet_id,
                        count,
                        #[allow(clippy::cast_precision_loss)]
                        average: if count > 0 { sum as f64 / count as f64 } else { 0.0 },
                    })
                    .collect())
            }

            async fn queue_review_reminders(
                &self,
                today: chrono::NaiveDate,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<Vec<(urp_domain::TenantId, i64)>> {
                let due: Vec<(i64, i64, String)> = sqlx::query_as(
                    "SELECT s.tenant_id, s.id, o.email FROM sheets s \
                     JOIN offices o ON o.tenant_id = s.tenant_id AND o.id = s.office_id \
                     WHERE s.state = $1 AND s.review_by IS NOT NULL AND s.review_by <= $2 \
                     AND (s.reminded_for IS NULL OR s.reminded_for <> s.review_by) \
                     AND o.email IS NOT NULL AND o.email <> '' ORDER BY s.tenant_id, s.id",
                )
                .bind(urp_domain::kb::SheetState::Pubblicata.code())
                .bind($crate::cases::date_text(today))
                .fetch_all(&self.pool)
                .await?;
                let at = $crate::time::to_db(now);
                let mut done = Vec::new();
                for (tenant, id, email) in due {
                    let mut tx = self.begin_write().await?;
                    // Another server may have queued it meanwhile: only the one that marks it sends.
                    let n = sqlx::query(
                        "UPDATE sheets SET reminded_for = review_by WHERE tenant_id = $1 AND id = $2 \
                         AND review_by IS NOT NULL AND (reminded_for IS NULL OR reminded_for <> review_by)",
                    )
                    .bind(tenant)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 1 {
                        sqlx::query(
                            "INSERT INTO outbox (tenant_id, kind, recipient, lang, sheet_id, created_at, next_attempt_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $6)",
                        )
                        .bind(tenant)
                        .bind($crate::kb::MAIL_REVIEW)
                        .bind(&email)
                        .bind("it")
                        .bind(id)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                        done.push((urp_domain::TenantId(tenant), id));
                    }
                    tx.commit().await?;
                }
                Ok(done)
            }

            async fn search_outbox_after(
                &self,
                after_id: i64,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::kb::SearchOutboxItem>> {
                let rows: Vec<(i64, i64, String, i64, i64)> = sqlx::query_as(
                    "SELECT id, tenant_id, doc_kind, doc_id, created_at FROM search_outbox WHERE id > $1 ORDER BY id LIMIT $2",
                )
                .bind(after_id)
                .bind(limit.clamp(1, 100_000))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, tenant, doc_kind, doc_id, at)| {
                        Ok($crate::kb::SearchOutboxItem {
                            id,
                            tenant_id: urp_domain::TenantId(tenant),
                            doc_kind,
                            doc_id,
                            created_at: $crate::shared::ts(at)?,
                        })
                    })
                    .collect()
            }

            async fn delete_search_outbox(&self, up_to_id: i64) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM search_outbox WHERE id <= $1")
                    .bind(up_to_id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }
        }
    };
}
pub(crate) use impl_kb_store;
