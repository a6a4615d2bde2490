//! `urp search reindex` and `urp eval search`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use urp_search::SearchQuery;
use urp_search::eval::{self, Report};
use urp_store::{ConnectOptions, Store};
use urp_web::provision::{self, TenantInput};
use urp_web::search::SearchService;

/// Where the development set lives on every machine of the project: `shared/eval/kb-dev`
/// beside the repository (or `$URP_KB_EVAL_DIR`).
pub fn default_eval_dir() -> PathBuf {
    if let Ok(d) = std::env::var("URP_KB_EVAL_DIR") {
        return PathBuf::from(d);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/kb-dev")
}

/// Relevance through the product: a fresh SQLite database, `urp import sheets`' code, the
/// index rebuilt by the server's indexer, and the server's search (with its database checks).
pub async fn evaluate_product(sheets: &Path, queries: &Path) -> anyhow::Result<Report> {
    let tmp = tempfile::tempdir().context("cannot create a temporary directory")?;
    let url = format!("sqlite://{}?mode=rwc", tmp.path().join("eval.db").display());
    let store: Arc<dyn Store> = urp_store::connect(&ConnectOptions::new(url)).await?;
    let tenant = provision::create_tenant(
        &store,
        &TenantInput {
            slug: "valutazione",
            name: "Comune della valutazione",
            ipa_code: "c_eval",
            hosts: &[],
            patron_day: None,
            is_default: true,
        },
    )
    .await?;
    let text = std::fs::read_to_string(sheets).with_context(|| format!("cannot read {}", sheets.display()))?;
    let report =
        urp_web::kb::import::import_sheets(store.as_ref(), tenant.id, &text, false, chrono::Utc::now()).await?;
    if report.created == 0 {
        bail!("no sheet imported from {}", sheets.display());
    }
    let search = SearchService::in_memory();
    search.rebuild(store.as_ref()).await.map_err(|e| anyhow::anyhow!(e))?;
    let queries = eval::load_queries(queries)?;
    let mut ranked = Vec::with_capacity(queries.len());
    for q in &queries {
        let out = search.search(store.as_ref(), tenant.id, &SearchQuery::new(&q.q, 10)).await?;
        ranked.push(out.results.into_iter().filter_map(|r| r.external_id).collect::<Vec<_>>());
    }
    let mut it = ranked.into_iter();
    let r = eval::evaluate(&queries, |_| -> Result<Vec<String>, ()> { Ok(it.next().unwrap_or_default()) })
        .map_err(|_| anyhow::anyhow!("evaluation failed"))?;
    store.close().await;
    Ok(r)
}

/// Rebuilds the index in `dir` from the database (the server must not be using `dir`).
pub async fn reindex(store: &Arc<dyn Store>, dir: &Path) -> anyhow::Result<usize> {
    let svc = SearchService::open(dir).with_context(|| {
        format!(
            "cannot open the search index in {} (is a server using it? stop it, or just delete the directory: \
             the server rebuilds it at start)",
            dir.display()
        )
    })?;
    svc.rebuild(store.as_ref()).await.map_err(|e| anyhow::anyhow!(e))
}
