//! Search benchmark: URP's engine (urp-search, tantivy) against SQLite FTS5 over the same
//! texts, in the same run. Latency p50/p99 with 8 concurrent clients at two corpus sizes, and
//! the time to build each index from scratch. Prints a Markdown table.
//!
//! Corpus: generated from the knowledge-base development set (its 80 sheets' titles, keywords
//! and sentences recombined, so word statistics stay those of real sheets); queries: the set's
//! 99 queries (every style, long stories included), cycled.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use urp_search::eval::{EvalSheet, load_queries, load_sheets};
use urp_search::{DocKind, SearchDoc, SearchIndex, SearchQuery, Synonyms};

#[derive(Parser)]
struct Args {
    /// The development set (sheets.jsonl, queries.jsonl).
    #[arg(long)]
    eval_dir: PathBuf,
    /// Corpus sizes.
    #[arg(long, value_delimiter = ',', default_value = "1000,100000")]
    sizes: Vec<usize>,
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Searches per client per measured row.
    #[arg(long, default_value_t = 400)]
    per_client: usize,
    /// Where to build the on-disk indexes.
    #[arg(long)]
    work: PathBuf,
}

fn generate(sheets: &[EvalSheet], n: usize) -> Vec<SearchDoc> {
    let mut rng = StdRng::seed_from_u64(42);
    let sentences: Vec<&str> =
        sheets.iter().flat_map(|s| s.body.split(['.', '\n']).map(str::trim).filter(|x| x.len() > 20)).collect();
    (0..n)
        .map(|i| {
            let base = &sheets[i % sheets.len()];
            let other = &sheets[rng.random_range(0..sheets.len())];
            let mut body = base.body.clone();
            for _ in 0..6 {
                body.push_str(". ");
                body.push_str(sentences[rng.random_range(0..sentences.len())]);
            }
            let extra = other.keywords.first().cloned().unwrap_or_default();
            SearchDoc {
                tenant: 1,
                kind: DocKind::Sheet,
                id: i as i64 + 1,
                external_id: Some(format!("gen-{i}")),
                title: if i < sheets.len() { base.title.clone() } else { format!("{} – {extra} ({i})", base.title) },
                summary: base.summary.clone(),
                body,
                keywords: base.keywords.iter().cloned().chain([extra]).collect(),
                topic: base.topic.clone(),
                office: base.office.clone(),
                url: format!("/servizi/{}", i + 1),
            }
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

struct Row {
    system: &'static str,
    size: usize,
    build: Duration,
    p50: f64,
    p99: f64,
    qps: f64,
}

fn urp_row(docs: &[SearchDoc], queries: &[String], args: &Args) -> anyhow::Result<Row> {
    let dir = args.work.join(format!("urp-{}", docs.len()));
    let _ = std::fs::remove_dir_all(&dir);
    let (index, _) = SearchIndex::open(&dir)?;
    let start = Instant::now();
    index.replace_tenant(1, docs.iter().cloned())?;
    let build = start.elapsed();
    let index = Arc::new(index);
    let syn = Arc::new(Synonyms::empty());
    // Warm-up: every query once.
    for q in queries {
        index.search(1, &SearchQuery::new(q, 10), &syn)?;
    }
    let start = Instant::now();
    let handles: Vec<_> = (0..args.clients)
        .map(|c| {
            let (index, syn, queries) = (index.clone(), syn.clone(), queries.to_vec());
            let n = args.per_client;
            std::thread::spawn(move || -> anyhow::Result<Vec<f64>> {
                let mut lat = Vec::with_capacity(n);
                for i in 0..n {
                    let q = &queries[(c * 7 + i) % queries.len()];
                    let t = Instant::now();
                    index.search(1, &SearchQuery::new(q, 10), &syn)?;
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok(lat)
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.join().map_err(|_| anyhow::anyhow!("client panicked"))??);
    }
    let wall = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok(Row {
        system: "URP (tantivy, Italian analysis)",
        size: docs.len(),
        build,
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        qps: all.len() as f64 / wall,
    })
}

/// FTS5 query: every word quoted (so no syntax), OR-ed, ranked by bm25().
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(64)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

async fn fts_row(docs: &[SearchDoc], queries: &[String], args: &Args) -> anyhow::Result<Row> {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let path = args.work.join(format!("fts-{}.db", docs.len()));
    let _ = std::fs::remove_file(&path);
    let opts = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = SqlitePoolOptions::new().max_connections(args.clients as u32).connect_with(opts).await?;
    sqlx::query(
        "CREATE VIRTUAL TABLE sheets USING fts5(title, summary, body, keywords, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .execute(&pool)
    .await
    .context("FTS5 not available")?;
    let start = Instant::now();
    let mut tx = pool.begin().await?;
    for d in docs {
        sqlx::query("INSERT INTO sheets (rowid, title, summary, body, keywords) VALUES ($1, $2, $3, $4, $5)")
            .bind(d.id)
            .bind(&d.title)
            .bind(&d.summary)
            .bind(&d.body)
            .bind(d.keywords.join(" "))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let build = start.elapsed();
    let qs: Vec<String> = queries.iter().filter_map(|q| fts_query(q)).collect();
    let search = |pool: sqlx::SqlitePool, q: String| async move {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT rowid, snippet(sheets, 2, '<mark>', '</mark>', '…', 20) FROM sheets WHERE sheets MATCH $1 \
             ORDER BY bm25(sheets, 10.0, 5.0, 1.0, 8.0) LIMIT 10",
        )
        .bind(q)
        .fetch_all(&pool)
        .await
    };
    for q in &qs {
        search(pool.clone(), q.clone()).await?;
    }
    let start = Instant::now();
    let tasks: Vec<_> = (0..args.clients)
        .map(|c| {
            let (pool, qs) = (pool.clone(), qs.clone());
            let n = args.per_client;
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(n);
                for i in 0..n {
                    let q = qs[(c * 7 + i) % qs.len()].clone();
                    let t = Instant::now();
                    search(pool.clone(), q).await?;
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok::<_, sqlx::Error>(lat)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    pool.close().await;
    Ok(Row {
        system: "baseline: SQLite FTS5 (bm25)",
        size: docs.len(),
        build,
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        qps: all.len() as f64 / wall,
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.work)?;
    let sheets = load_sheets(&args.eval_dir.join("sheets.jsonl"))?;
    let queries: Vec<String> = load_queries(&args.eval_dir.join("queries.jsonl"))?.into_iter().map(|q| q.q).collect();
    let mut rows = Vec::new();
    for &size in &args.sizes {
        let docs = generate(&sheets, size);
        eprintln!("== {size} sheets: baseline");
        rows.push(fts_row(&docs, &queries, &args).await?);
        eprintln!("== {size} sheets: URP");
        rows.push(urp_row(&docs, &queries, &args)?);
    }
    println!(
        "| sheets | system | index build s | p50 ms | p99 ms | searches/s | p99 URP/baseline |\n|---:|---|---:|---:|---:|---:|---:|"
    );
    for pair in rows.chunks(2) {
        for r in pair {
            let ratio =
                if r.system.starts_with("URP") { format!("**{:.2}**", r.p99 / pair[0].p99) } else { String::new() };
            println!(
                "| {} | {} | {:.2} | {:.2} | {:.2} | {:.0} | {ratio} |",
                r.size,
                r.system,
                r.build.as_secs_f64(),
                r.p50,
                r.p99,
                r.qps
            );
        }
    }
    println!(
        "\n{} concurrent clients, {} searches each per row after one warm-up pass; queries: the kb-dev set's {} (all styles).",
        args.clients,
        args.per_client,
        queries.len()
    );
    Ok(())
}
