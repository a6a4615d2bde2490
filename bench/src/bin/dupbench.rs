//! Duplicate suggestion latency at intake: for a new report, URP reads the most recent open
//! cases of the same kind (`RoutingStore::duplicate_candidates`, 400 of them) and ranks them by
//! Italian-aware text similarity and distance (`urp_web::duplicates::rank`). Measured on a
//! database filled by `benchdb fill` (1,000,000 cases, 10% open), beside a baseline in the same
//! run: the first page of `list_cases` with no filter (all statuses, 50 by due date) through
//! the same store. Prints a Markdown row per engine.

use anyhow::Context;
use clap::Parser;
use std::time::{Duration, Instant};
use urp_domain::case::CaseKind;
use urp_store::ConnectOptions;
use urp_web::duplicates::{self, Probe};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 500)]
    samples: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// Also append the figures as JSON Lines here.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

const PROBES: [&str; 6] = [
    "Lampione spento in via Roma, la strada è al buio",
    "Buca pericolosa in via Garibaldi davanti al civico 8",
    "Rifiuti abbandonati in piazza del mercato",
    "Illuminazione pubblica guasta davanti al parcheggio",
    "Perdita d'acqua in via Verdi",
    "Il lampione davanti al civico è spento da diverse sere",
];

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let engine = if a.database_url.starts_with("sqlite") { "sqlite" } else { "postgresql" };
    let mut opts = ConnectOptions::new(a.database_url.clone());
    opts.max_connections = 4;
    opts.migrate = false;
    let store = urp_store::connect(&opts).await?;
    let tenant = store.default_tenant().await?.context("no default ente")?;
    let total = store.count_cases(tenant.id, &Default::default()).await?;
    let open_kind = store
        .count_cases(
            tenant.id,
            &urp_store::CaseFilter {
                statuses: urp_domain::case::CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect(),
                kind: Some(CaseKind::Segnalazione),
                ..Default::default()
            },
        )
        .await?;
    let (mut full, mut read, mut base) = (Vec::new(), Vec::new(), Vec::new());
    let mut suggested = 0usize;
    for i in 0..a.warmup + a.samples {
        let measured = i >= a.warmup;
        let text = PROBES[i % PROBES.len()];
        let probe = Probe {
            kind: CaseKind::Segnalazione,
            service: None,
            subject: text,
            description: "Segnalazione ricevuta allo sportello.",
            point: Some((42.35 + (i % 10) as f64 * 0.001, 12.71)),
            exclude: None,
        };
        // The whole suggestion, as the case page runs it (settings, candidates, ranking).
        let t = Instant::now();
        let settings = store.routing_settings(tenant.id).await?;
        let max_m = f64::from(settings.duplicate_distance_m.unwrap_or(duplicates::DEFAULT_DISTANCE_M));
        let candidates = store.duplicate_candidates(tenant.id, probe.kind, None, None, duplicates::CANDIDATES).await?;
        let read_took = t.elapsed();
        let ranked = duplicates::rank(&probe, candidates, max_m);
        let took = t.elapsed();
        if measured {
            full.push(took);
            read.push(read_took);
            suggested += ranked.len();
        }
        // Baseline: the unfiltered first page of the case list (all statuses), same store.
        let t = Instant::now();
        let page = store.list_cases(tenant.id, &Default::default(), 50, 0).await?;
        if measured {
            base.push(t.elapsed());
        }
        anyhow::ensure!(page.len() == 50, "baseline read {} rows", page.len());
    }
    let (p50, p99) = (pct(&mut full, 0.5), pct(&mut full, 0.99));
    let (r50, r99) = (pct(&mut read, 0.5), pct(&mut read, 0.99));
    let (b50, b99) = (pct(&mut base, 0.5), pct(&mut base, 0.99));
    println!(
        "| {engine} | {total} | {open_kind} | {} | {p50:.2} | {p99:.2} | {r50:.2} / {r99:.2} | {b50:.2} / {b99:.2} | {:.1}× | {:.1} | {} |",
        a.samples,
        p99 / b99.max(0.001),
        suggested as f64 / a.samples as f64,
        if p99 < 30.0 { "met (< 30 ms)" } else { "missed (≥ 30 ms)" }
    );
    if let Some(out) = a.out {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(out)?;
        writeln!(
            f,
            "{}",
            serde_json::json!({"bench": "duplicates", "engine": engine, "cases": total, "open_same_kind": open_kind,
                "samples": a.samples, "p50_ms": p50, "p99_ms": p99, "read_p50_ms": r50, "read_p99_ms": r99,
                "baseline_p50_ms": b50, "baseline_p99_ms": b99, "target_p99_ms": 30.0})
        )?;
    }
    store.close().await;
    Ok(())
}
