//! Search on the web side: this server's index (a cache of the database), the task that keeps
//! it current from the search outbox, and the one search function every page and the API use.
//!
//! Each app server keeps its own index and remembers, in the index directory, the last outbox
//! row it applied; so several servers each stay current, and a restart resumes where it was.
//! Results always pass a database check (published, same ente) before anyone sees them.

pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::Notify;
use urp_domain::TenantId;
use urp_domain::kb::SheetState;
use urp_search::{DocKind, OpenState, SearchDoc, SearchIndex, SearchQuery, Synonyms};
use urp_store::{Sheet, Store, StoreError};

const MARK_FILE: &str = "urp-outbox-mark";
/// Outbox rows older than this are pruned; an index whose mark is older is rebuilt.
pub const OUTBOX_KEEP: Duration = Duration::from_secs(24 * 3600);
const BATCH: i64 = 500;
const SYNONYM_TTL: Duration = Duration::from_secs(30);

pub struct SearchService {
    index: SearchIndex,
    /// Last search outbox id applied to the index.
    mark: AtomicI64,
    /// False while the index is being rebuilt: searches use the database's simple match.
    ready: AtomicBool,
    needs_rebuild: AtomicBool,
    started: AtomicBool,
    wake: Notify,
    synonyms: Mutex<HashMap<i64, (Instant, Arc<Synonyms>)>>,
}

/// One result, checked against the database.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: i64,
    pub external_id: Option<String>,
    pub title: String,
    pub url: String,
    /// HTML: escaped text with the query's words in `<mark>`.
    pub snippet: String,
    #[serde(skip)]
    pub title_html: String,
    pub score: f32,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub total: usize,
    pub results: Vec<Found>,
    /// Answered by the database's simple match because the index is being rebuilt.
    pub degraded: bool,
}

fn read_mark(dir: Option<&Path>) -> Option<(i64, std::time::SystemTime)> {
    let p = dir?.join(MARK_FILE);
    let text = std::fs::read_to_string(&p).ok()?;
    let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
    Some((text.trim().parse().ok()?, modified))
}

impl SearchService {
    fn with_index(index: SearchIndex, rebuild: bool, mark: i64) -> SearchService {
        SearchService {
            index,
            mark: AtomicI64::new(mark),
            ready: AtomicBool::new(!rebuild),
            needs_rebuild: AtomicBool::new(rebuild),
            started: AtomicBool::new(false),
            wake: Notify::new(),
            synonyms: Mutex::new(HashMap::new()),
        }
    }

    /// An index in memory, built from the database when the task starts (tests, `--demo`).
    pub fn in_memory() -> SearchService {
        SearchService::with_index(SearchIndex::in_memory(), true, 0)
    }

    /// The index in `dir`, rebuilt from the database when missing, damaged, of another schema
    /// version, or so far behind that the outbox rows it needs may have been pruned.
    pub fn open(dir: &Path) -> Result<SearchService, urp_search::SearchError> {
        let (index, state) = SearchIndex::open(dir)?;
        let mark = read_mark(Some(dir));
        let stale = mark.is_none_or(|(_, at)| at.elapsed().map_or(true, |age| age > OUTBOX_KEEP));
        let rebuild = state != OpenState::Current || stale;
        if rebuild {
            tracing::info!(dir = %dir.display(), ?state, "search index will be rebuilt from the database");
        }
        Ok(SearchService::with_index(index, rebuild, mark.map_or(0, |(m, _)| m)))
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    pub fn mark(&self) -> i64 {
        self.mark.load(Ordering::Acquire)
    }

    /// Asks the indexer to look at the outbox now (after a save on this server).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// Forgets the cached synonyms of an ente (after its groups were edited here).
    pub fn synonyms_changed(&self, t: TenantId) {
        if let Ok(mut m) = self.synonyms.lock() {
            m.remove(&t.0);
        }
    }

    async fn synonyms(&self, store: &dyn Store, t: TenantId) -> Arc<Synonyms> {
        if let Ok(m) = self.synonyms.lock()
            && let Some((at, s)) = m.get(&t.0)
            && at.elapsed() < SYNONYM_TTL
        {
            return s.clone();
        }
        let groups = store.synonym_groups(t).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "synonyms not loaded");
            Vec::new()
        });
        let s = Arc::new(Synonyms::new(&groups));
        if let Ok(mut m) = self.synonyms.lock() {
            m.insert(t.0, (Instant::now(), s.clone()));
        }
        s
    }

    /// Starts the indexer once (later calls do nothing).
    pub fn start(self: &Arc<Self>, store: Arc<dyn Store>) {
        if self.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let svc = self.clone();
        tokio::spawn(async move { svc.run(store).await });
    }

    async fn run(self: Arc<Self>, store: Arc<dyn Store>) {
        let mut last_prune = Instant::now() - Duration::from_secs(3600);
        loop {
            if self.needs_rebuild.load(Ordering::Acquire) {
                match self.rebuild(store.as_ref()).await {
                    Ok(n) => tracing::info!(documents = n, "search index rebuilt"),
                    Err(e) => {
                        tracing::warn!(error = %e, "search index rebuild failed; retrying");
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        continue;
                    }
                }
            }
            if let Err(e) = self.apply_pending(store.as_ref()).await {
                tracing::warn!(error = %e, "search outbox not applied; retrying");
            }
            if last_prune.elapsed() > Duration::from_secs(600) {
                last_prune = Instant::now();
                let before = Utc::now() - chrono::Duration::from_std(OUTBOX_KEEP).unwrap_or_default();
                if let Err(e) = store.prune_search_outbox(before).await {
                    tracing::warn!(error = %e, "search outbox not pruned");
                }
            }
            // Other servers' edits arrive within a second; this server's at once (poke).
            let _ = tokio::time::timeout(Duration::from_secs(1), self.wake.notified()).await;
        }
    }

    /// Rebuilds the whole index from the database; returns the number of documents.
    pub async fn rebuild(&self, store: &dyn Store) -> Result<usize, String> {
        self.ready.store(false, Ordering::Release);
        // Rows written from now on are applied afterwards (applying twice is harmless).
        let (_, max) = store.search_outbox_position(0).await.map_err(|e| e.to_string())?;
        self.index.clear().map_err(|e| e.to_string())?;
        let mut total = 0;
        for tenant in store.list_tenants().await.map_err(|e| e.to_string())? {
            let docs = tenant_docs(store, tenant.id).await.map_err(|e| e.to_string())?;
            total += docs.len();
            self.index.replace_tenant(tenant.id.0, docs.into_iter()).map_err(|e| e.to_string())?;
        }
        self.set_mark(max);
        self.needs_rebuild.store(false, Ordering::Release);
        self.ready.store(true, Ordering::Release);
        Ok(total)
    }

    fn set_mark(&self, mark: i64) {
        self.mark.store(mark, Ordering::Release);
        if let Some(dir) = self.index.dir()
            && let Err(e) = std::fs::write(dir.join(MARK_FILE), mark.to_string())
        {
            tracing::warn!(error = %e, "search outbox mark not saved");
        }
    }

    /// Applies outbox rows after the mark, in batches; returns how many rows were read.
    pub async fn apply_pending(&self, store: &dyn Store) -> Result<usize, String> {
        let mut read = 0;
        loop {
            let items = store.search_outbox_after(self.mark(), BATCH).await.map_err(|e| e.to_string())?;
            let Some(last) = items.last().map(|i| i.id) else { break };
            read += items.len();
            let mut seen = std::collections::HashSet::new();
            let mut changes = Vec::new();
            let mut names: HashMap<i64, Names> = HashMap::new();
            for item in &items {
                let Some(kind) = DocKind::parse(&item.doc_kind) else { continue };
                if !seen.insert((item.tenant_id.0, kind, item.doc_id)) {
                    continue;
                }
                let doc = match store.sheet(item.tenant_id, item.doc_id).await {
                    Ok(s) if s.state == SheetState::Pubblicata => {
                        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(item.tenant_id.0) {
                            e.insert(Names::load(store, item.tenant_id).await.map_err(|e| e.to_string())?);
                        }
                        names.get(&item.tenant_id.0).map(|n| sheet_doc(item.tenant_id, &s, n))
                    }
                    Ok(_) | Err(StoreError::NotFound) => None,
                    Err(e) => return Err(e.to_string()),
                };
                changes.push((item.tenant_id.0, kind, item.doc_id, doc));
            }
            self.index.apply(&changes).map_err(|e| e.to_string())?;
            self.set_mark(last);
            if items.len() < BATCH as usize {
                break;
            }
        }
        Ok(read)
    }

    /// Searches the ente's published content; every hit is re-checked against the database.
    /// While the index is rebuilt, answers from the database with a simple match.
    pub async fn search(&self, store: &dyn Store, t: TenantId, q: &SearchQuery) -> Result<Outcome, StoreError> {
        if !self.is_ready() {
            return fallback(store, t, &q.text, q.limit).await;
        }
        let syn = self.synonyms(store, t).await;
        let found = match self.index.search(t.0, q, &syn) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "search index failed; answering from the database");
                return fallback(store, t, &q.text, q.limit).await;
            }
        };
        let ids: Vec<i64> = found.hits.iter().filter(|h| h.kind == DocKind::Sheet).map(|h| h.id).collect();
        let allowed: std::collections::HashSet<i64> = store.published_sheet_ids(t, &ids).await?.into_iter().collect();
        let dropped = found.hits.len() - allowed.len().min(found.hits.len());
        let results: Vec<Found> = found
            .hits
            .into_iter()
            .filter(|h| h.kind == DocKind::Sheet && allowed.contains(&h.id))
            .map(|h| Found {
                kind: h.kind.as_str(),
                id: h.id,
                external_id: h.external_id,
                url: crate::kb::sheet_url(h.id, &h.title),
                title: h.title,
                snippet: h.snippet_html,
                title_html: h.title_html,
                score: h.score,
            })
            .collect();
        if dropped > 0 {
            // The index is behind the database: catch up now rather than in a second.
            self.poke();
        }
        Ok(Outcome { total: found.total.saturating_sub(dropped), results, degraded: false })
    }
}

/// Names the index stores beside a sheet: its topics and office.
struct Names {
    topics: HashMap<i64, String>,
    offices: HashMap<i64, String>,
}

impl Names {
    async fn load(store: &dyn Store, t: TenantId) -> Result<Names, StoreError> {
        Ok(Names {
            topics: store.list_topics(t).await?.into_iter().map(|x| (x.id, x.name)).collect(),
            offices: store.list_offices(t).await?.into_iter().map(|o| (o.id.0, o.data.name)).collect(),
        })
    }
}

async fn tenant_docs(store: &dyn Store, t: TenantId) -> Result<Vec<SearchDoc>, StoreError> {
    let names = Names::load(store, t).await?;
    Ok(store.published_sheets(t).await?.iter().map(|s| sheet_doc(t, s, &names)).collect())
}

/// What of a sheet is searchable: everything published (never the internal notes).
fn sheet_doc(t: TenantId, s: &Sheet, names: &Names) -> SearchDoc {
    let c = &s.content;
    let body = [
        &c.description,
        &c.audience,
        &c.how_to,
        &c.needed,
        &c.obtained,
        &c.deadlines,
        &c.costs,
        &c.place,
        &c.conditions,
        &c.contacts,
    ]
    .iter()
    .filter(|x| !x.trim().is_empty())
    .map(|x| crate::kb::plain(x))
    .collect::<Vec<_>>()
    .join("\n");
    SearchDoc {
        tenant: t.0,
        kind: DocKind::Sheet,
        id: s.id,
        external_id: s.external_id.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        body,
        keywords: c.keywords.clone(),
        topic: c.topic_ids.first().and_then(|id| names.topics.get(id).cloned()),
        office: c.office_id.and_then(|o| names.offices.get(&o.0).cloned()),
        url: crate::kb::sheet_url(s.id, &c.title),
    }
}

async fn fallback(store: &dyn Store, t: TenantId, text: &str, limit: usize) -> Result<Outcome, StoreError> {
    let words: Vec<String> = text.split_whitespace().take(8).map(str::to_string).collect();
    if words.is_empty() {
        return Ok(Outcome { degraded: true, ..Default::default() });
    }
    let rows = store.sheets_like(t, &words, i64::try_from(limit.clamp(1, 100)).unwrap_or(20)).await?;
    let results: Vec<Found> = rows
        .into_iter()
        .map(|b| Found {
            kind: DocKind::Sheet.as_str(),
            url: crate::kb::sheet_url(b.id, &b.title),
            id: b.id,
            external_id: b.external_id,
            title_html: urp_search::snippet::escape(&b.title),
            snippet: urp_search::snippet::escape(&b.summary),
            title: b.title,
            score: 0.0,
        })
        .collect();
    Ok(Outcome { total: results.len(), results, degraded: true })
}

/// Where the index lives by default: `search` beside a SQLite database file, else `./data/search`.
pub fn default_dir(database_url: &str) -> PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(p))
        .filter(|p| !p.is_empty() && *p != ":memory:");
    match path.and_then(|p| Path::new(p).parent()) {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join("search"),
        Some(_) => PathBuf::from("search"),
        None => PathBuf::from("data/search"),
    }
}

#[cfg(test)]
mod tests {
    use super::default_dir;
    use std::path::PathBuf;

    #[test]
    fn index_sits_beside_the_sqlite_file() {
        assert_eq!(default_dir("sqlite://data/urp.db?mode=rwc"), PathBuf::from("data/search"));
        assert_eq!(default_dir("sqlite:urp.db"), PathBuf::from("search"));
        assert_eq!(default_dir("postgres://u@h/db"), PathBuf::from("data/search"));
    }
}
