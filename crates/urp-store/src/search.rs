//! Storage for search: synonym groups per ente, the search log (content gaps), the search
//! outbox's position and pruning, and the database checks every search result passes.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use urp_domain::TenantId;

/// A searched phrase that found nothing, or whose results nobody opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentGap {
    pub query: String,
    pub searches: i64,
    /// Searches of this phrase that returned no result.
    pub no_results: i64,
    /// Searches with results of which none was opened.
    pub no_click: i64,
    pub last_at: DateTime<Utc>,
}

/// A published sheet as a result list shows it without the index (empty query, fallback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetBrief {
    pub id: i64,
    pub external_id: Option<String>,
    pub title: String,
    pub summary: String,
}

#[async_trait]
pub trait SearchStore: Send + Sync {
    /// The ente's synonym groups, one list of members each, in the order they were written.
    async fn synonym_groups(&self, t: TenantId) -> StoreResult<Vec<Vec<String>>>;
    /// Replaces all the ente's groups (the editor saves the whole list).
    async fn replace_synonym_groups(&self, t: TenantId, groups: &[Vec<String>], now: DateTime<Utc>) -> StoreResult<()>;

    /// Records a search; returns its id, which a click on a result refers to.
    async fn log_search(
        &self,
        t: TenantId,
        query: &str,
        source: &str,
        results: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Records that a result of search `log_id` was opened (the first click counts).
    async fn log_search_click(&self, t: TenantId, log_id: i64, doc_id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// Phrases searched since `since` that found nothing or were followed by no click, most
    /// frequent first.
    async fn content_gaps(&self, t: TenantId, since: DateTime<Utc>, limit: i64) -> StoreResult<Vec<ContentGap>>;

    /// Number of search outbox rows after `after_id`, and the highest id there is (0: none).
    async fn search_outbox_position(&self, after_id: i64) -> StoreResult<(i64, i64)>;
    /// Deletes search outbox rows written before `before` (every server has long applied them).
    async fn prune_search_outbox(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// Of `ids`, those that are sheets of the ente published now.
    async fn published_sheet_ids(&self, t: TenantId, ids: &[i64]) -> StoreResult<Vec<i64>>;
    /// Published sheets, most viewed first (the empty search).
    async fn most_viewed_sheets(&self, t: TenantId, limit: i64) -> StoreResult<Vec<SheetBrief>>;
    /// Published sheets whose title, summary or keywords contain every word, in order (the
    /// simple match used while the index is rebuilt).
    async fn sheets_like(&self, t: TenantId, words: &[String], limit: i64) -> StoreResult<Vec<SheetBrief>>;
}

macro_rules! impl_search_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::search::SearchStore for $Store {
            async fn synonym_groups(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<Vec<String>>> {
                let rows: Vec<(String,)> =
                    sqlx::query_as("SELECT terms FROM search_synonyms WHERE tenant_id = $1 ORDER BY id")
                        .bind(t.0)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows
                    .into_iter()
                    .map(|(terms,)| terms.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect())
                    .collect())
            }

            async fn replace_synonym_groups(
                &self,
                t: urp_domain::TenantId,
                groups: &[Vec<String>],
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM search_synonyms WHERE tenant_id = $1").bind(t.0).execute(&mut *tx).await?;
                for g in groups {
                    sqlx::query("INSERT INTO search_synonyms (tenant_id, terms, updated_at) VALUES ($1, $2, $3)")
                        .bind(t.0)
                        .bind(g.join(", "))
                        .bind(now.timestamp_millis())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn log_search(
                &self,
                t: urp_domain::TenantId,
                query: &str,
                source: &str,
                results: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO search_log (tenant_id, at, query, source, results) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(t.0)
                .bind(now.timestamp_millis())
                .bind(query)
                .bind(source)
                .bind(results)
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn log_search_click(
                &self,
                t: urp_domain::TenantId,
                log_id: i64,
                doc_id: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "UPDATE search_log SET clicked_doc_id = $1, clicked_at = $2 \
                     WHERE tenant_id = $3 AND id = $4 AND clicked_doc_id IS NULL",
                )
                .bind(doc_id)
                .bind(now.timestamp_millis())
                .bind(t.0)
                .bind(log_id)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn content_gaps(
                &self,
                t: urp_domain::TenantId,
                since: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::search::ContentGap>> {
                let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
                    "SELECT query, COUNT(*), \
                     SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END), \
                     SUM(CASE WHEN results > 0 AND clicked_doc_id IS NULL THEN 1 ELSE 0 END), MAX(at) \
                     FROM search_log WHERE tenant_id = $1 AND at >= $2 \
                     GROUP BY query \
                     HAVING SUM(CASE WHEN results = 0 OR clicked_doc_id IS NULL THEN 1 ELSE 0 END) > 0 \
                     ORDER BY SUM(CASE WHEN results = 0 OR clicked_doc_id IS NULL THEN 1 ELSE 0 END) DESC, MAX(at) DESC \
                     LIMIT $3",
                )
                .bind(t.0)
                .bind(since.timestamp_millis())
                .bind(limit.clamp(1, 1000))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(query, searches, no_results, no_click, last)| {
                        Ok($crate::search::ContentGap {
                            query,
                            searches,
                            no_results,
                            no_click,
                            last_at: $crate::shared::ts(last)?,
                        })
                    })
                    .collect()
            }

            async fn search_outbox_position(&self, after_id: i64) -> $crate::StoreResult<(i64, i64)> {
                let (pending,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM search_outbox WHERE id > $1")
                    .bind(after_id)
                    .fetch_one(&self.pool)
                    .await?;
                let (max,): (Option<i64>,) =
                    sqlx::query_as("SELECT MAX(id) FROM search_outbox").fetch_one(&self.pool).await?;
                Ok((pending, max.unwrap_or(0)))
            }

            async fn prune_search_outbox(&self, before: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM search_outbox WHERE created_at < $1")
                    .bind(before.timestamp_millis())
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn published_sheet_ids(
                &self,
                t: urp_domain::TenantId,
                ids: &[i64],
            ) -> $crate::StoreResult<Vec<i64>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new("SELECT id FROM sheets WHERE tenant_id = ");
                q.push_bind(t.0).push(" AND state = ").push_bind(urp_domain::kb::SheetState::Pubblicata.code()).push(" AND id IN (");
                let mut sep = q.separated(", ");
                for id in ids {
                    sep.push_bind(*id);
                }
                q.push(")");
                let rows: Vec<(i64,)> = q.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(|(id,)| id).collect())
            }

            async fn most_viewed_sheets(
                &self,
                t: urp_domain::TenantId,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::search::SheetBrief>> {
                let rows: Vec<(i64, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT id, external_id, title, summary FROM sheets WHERE tenant_id = $1 AND state = $2 \
                     ORDER BY views DESC, title LIMIT $3",
                )
                .bind(t.0)
                .bind(urp_domain::kb::SheetState::Pubblicata.code())
                .bind(limit.clamp(1, 1000))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, external_id, title, summary)| $crate::search::SheetBrief { id, external_id, title, summary })
                    .collect())
            }

            async fn sheets_like(
                &self,
                t: urp_domain::TenantId,
                words: &[String],
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::search::SheetBrief>> {
                let escaped: Vec<String> = words
                    .iter()
                    .map(|w| w.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
                    .collect();
                let pattern = format!("%{}%", escaped.join("%"));
                let rows: Vec<(i64, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT id, external_id, title, summary FROM sheets WHERE tenant_id = $1 AND state = $2 \
                     AND LOWER(title || ' ' || summary || ' ' || keywords) LIKE $3 ESCAPE '\\' \
                     ORDER BY views DESC, title LIMIT $4",
                )
                .bind(t.0)
                .bind(urp_domain::kb::SheetState::Pubblicata.code())
                .bind(pattern)
                .bind(limit.clamp(1, 1000))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, external_id, title, summary)| $crate::search::SheetBrief { id, external_id, title, summary })
                    .collect())
            }
        }
    };
}
pub(crate) use impl_search_store;
