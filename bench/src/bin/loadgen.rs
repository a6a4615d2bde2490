//! The load generator: a fixed number of client tasks, each with its own keep-alive
//! connection, sending requests one after another (closed loop) to a server on loopback.
//!
//! `loadgen intake`: `POST /api/v1/cases` for a warm-up and then a measured window; records
//! throughput and latency of the window, and prints on stdout how many requests were
//! acknowledged with `201` in all (warm-up included) and how many had no answer, for the
//! durability check that follows.
//!
//! `loadgen queue-http`: signs in through the staff form and times the operator queue page.

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use urp_bench::{append_record, cores, machine_busy_percent, machine_cpu, process_cpu, round, summarize};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    Intake(IntakeArgs),
    QueueHttp(QueueArgs),
}

#[derive(Parser)]
struct IntakeArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:40123 (loopback only).
    #[arg(long)]
    base: String,
    /// Concurrent clients (tasks, one connection each).
    #[arg(long)]
    clients: usize,
    /// Seconds measured.
    #[arg(long, default_value_t = 20.0)]
    duration: f64,
    /// Seconds of load before the measured window (answers count for durability, not for the figures).
    #[arg(long, default_value_t = 3.0)]
    warmup: f64,
    /// Process id of the server, to report the CPU it used in the window.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Send a fresh `Idempotency-Key` with every request.
    #[arg(long)]
    idempotency_key: bool,
    #[arg(long)]
    engine: String,
    /// `urp` or `baseline`.
    #[arg(long)]
    server: String,
    /// A configuration variant of the server, shown beside its name.
    #[arg(long, default_value = "")]
    variant: String,
    /// Results file (JSON Lines).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Parser)]
struct QueueArgs {
    #[arg(long)]
    base: String,
    #[arg(long)]
    email: String,
    #[arg(long)]
    password: String,
    #[arg(long, default_value = "/staff/casi")]
    path: String,
    #[arg(long, default_value_t = 300)]
    samples: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// Stop taking samples after this many seconds (at least 50 are always taken).
    #[arg(long, default_value_t = 45.0)]
    max_seconds: f64,
    #[arg(long)]
    engine: String,
    #[arg(long)]
    cases: i64,
    #[arg(long)]
    out: PathBuf,
}

fn check_loopback(base: &str) -> anyhow::Result<reqwest::Url> {
    let url = reqwest::Url::parse(base).context("bad --base")?;
    match url.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => Ok(url),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => Ok(url),
        Some(url::Host::Domain("localhost")) => Ok(url),
        _ => bail!("the load goes only to loopback addresses, not {base}"),
    }
}

#[derive(Default)]
struct TaskResult {
    latencies: Vec<Duration>,
    measured_ok: u64,
    measured_other: u64,
    acked_total: u64,
    unknown: u64,
    other_status: Vec<(u16, String)>,
}

async fn intake(a: IntakeArgs) -> anyhow::Result<()> {
    let url = check_loopback(&a.base)?.join("/api/v1/cases")?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(a.clients)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()?;
    // What the rest of the machine is doing before the load starts (the cores are shared).
    let quiet0 = machine_cpu();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let background = match (quiet0, machine_cpu()) {
        (Some(a), Some(b)) => Some(round(machine_busy_percent(a, b, cores()), 0)),
        _ => None,
    };
    let seq = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let warm_end = start + Duration::from_secs_f64(a.warmup);
    let end = warm_end + Duration::from_secs_f64(a.duration);
    // Readings at the start of the measured window, taken by a timer task.
    let window_start = tokio::spawn({
        let pid = a.server_pid;
        async move {
            tokio::time::sleep_until(warm_end.into()).await;
            (Instant::now(), machine_cpu(), pid.and_then(process_cpu), process_cpu(std::process::id()))
        }
    });
    let mut tasks = Vec::new();
    for _ in 0..a.clients {
        let client = client.clone();
        let url = url.clone();
        let seq = seq.clone();
        let idem = a.idempotency_key;
        tasks.push(tokio::spawn(async move {
            let mut r = TaskResult { latencies: Vec::with_capacity(1 << 16), ..Default::default() };
            loop {
                let now = Instant::now();
                if now >= end {
                    break;
                }
                let measured = now >= warm_end;
                let n = seq.fetch_add(1, Ordering::Relaxed);
                let body = format!(
                    r#"{{"kind":"segnalazione","channel":"app","subject":"Lampione spento n. {n}","description":"Il lampione davanti al civico {n} di via Roma è spento da tre sere.","citizen":{{"email":"cittadino{n}@example.org"}}}}"#
                );
                let mut req = client.post(url.clone()).header("content-type", "application/json").body(body);
                if idem {
                    req = req.header("idempotency-key", format!("bench-{}-{n}", std::process::id()));
                }
                let t0 = Instant::now();
                let res = req.send().await;
                let outcome = match res {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        match res.bytes().await {
                            Ok(b) => Some((status, b)),
                            Err(_) => None,
                        }
                    }
                    Err(_) => None,
                };
                let took = t0.elapsed();
                match outcome {
                    Some((201, _)) => {
                        r.acked_total += 1;
                        if measured {
                            r.measured_ok += 1;
                            r.latencies.push(took);
                        }
                    }
                    Some((status, body)) => {
                        if measured {
                            r.measured_other += 1;
                        }
                        if r.other_status.len() < 3 {
                            r.other_status.push((status, String::from_utf8_lossy(&body).chars().take(200).collect()));
                        }
                    }
                    None => {
                        // No answer: the case may or may not exist. Counted apart.
                        r.unknown += 1;
                        if measured {
                            r.measured_other += 1;
                        }
                    }
                }
            }
            r
        }));
    }
    let mut all = TaskResult::default();
    for t in tasks {
        let r = t.await?;
        all.latencies.extend(r.latencies);
        all.measured_ok += r.measured_ok;
        all.measured_other += r.measured_other;
        all.acked_total += r.acked_total;
        all.unknown += r.unknown;
        if all.other_status.len() < 3 {
            all.other_status.extend(r.other_status);
        }
    }
    let finished = Instant::now();
    let (w_start, m0, s0, c0) = window_start.await?;
    let m1 = machine_cpu();
    let s1 = a.server_pid.and_then(process_cpu);
    let c1 = process_cpu(std::process::id());
    // The window ends when the last request begun in it has its answer.
    let window = finished.duration_since(w_start).as_secs_f64();
    let cpu_pct = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) => Some(round((b.saturating_sub(a)).as_secs_f64() / window * 100.0, 0)),
        _ => None,
    };
    let machine_pct = match (m0, m1) {
        (Some(a), Some(b)) => Some(round(machine_busy_percent(a, b, cores()), 0)),
        _ => None,
    };
    let s = summarize(&mut all.latencies);
    let rps = all.measured_ok as f64 / window;
    let record = json!({
        "bench": "intake",
        "engine": a.engine,
        "server": a.server,
        "variant": a.variant,
        "clients": a.clients,
        "window_s": round(window, 2),
        "warmup_s": a.warmup,
        "ok": all.measured_ok,
        "errors": all.measured_other,
        "rps": round(rps, 1),
        "p50_ms": round(s.p50_ms, 2),
        "p90_ms": round(s.p90_ms, 2),
        "p99_ms": round(s.p99_ms, 2),
        "max_ms": round(s.max_ms, 2),
        "acked_total": all.acked_total,
        "unknown": all.unknown,
        "server_cpu_pct": cpu_pct(s0, s1),
        "client_cpu_pct": cpu_pct(c0, c1),
        "machine_cpu_pct": machine_pct,
        "background_cpu_pct": background,
        "idempotency_key": a.idempotency_key,
        "sample_errors": all.other_status.iter().map(|(s, b)| format!("{s}: {b}")).collect::<Vec<_>>(),
    });
    append_record(&a.out, &record)?;
    eprintln!(
        "  {:<8} {:<10} {:>3} clients: {:>8.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {}",
        a.server, a.engine, a.clients, rps, s.p50_ms, s.p99_ms, all.measured_other
    );
    for (status, body) in &all.other_status {
        eprintln!("    answer {status}: {body}");
    }
    println!("{} {}", all.acked_total, all.unknown);
    Ok(())
}

/// The value of the hidden `csrf_token` field in a page.
fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\"")?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + 7;
    let len = tag[v..].find('"')?;
    Some(tag[v..v + len].to_string())
}

async fn queue_http(a: QueueArgs) -> anyhow::Result<()> {
    let base = check_loopback(&a.base)?;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let page = base.join(&a.path)?;
    let probe = client.get(page.clone()).send().await?;
    if probe.status() == reqwest::StatusCode::NOT_FOUND {
        eprintln!("  {} answers 404: the queue page is not there yet; skipped", a.path);
        append_record(
            &a.out,
            &json!({"bench": "queue", "engine": a.engine, "path": format!("HTTP GET {}", a.path), "cases": a.cases, "available": false}),
        )?;
        return Ok(());
    }
    let login = base.join("/accedi")?;
    let form = client.get(login.clone()).send().await?.text().await?;
    let token = csrf_token(&form).context("no csrf_token field on the sign-in form")?;
    let res = client
        .post(login)
        .form(&[("email", a.email.as_str()), ("password", a.password.as_str()), ("csrf_token", &token), ("next", "")])
        .send()
        .await?;
    if !res.status().is_redirection() {
        bail!("sign-in refused: {}", res.status());
    }
    let mut samples = Vec::with_capacity(a.samples);
    let mut bytes = 0usize;
    let budget = Instant::now() + Duration::from_secs_f64(a.max_seconds);
    for i in 0..a.warmup + a.samples {
        if i >= a.warmup + 50 && Instant::now() > budget {
            break;
        }
        let t0 = Instant::now();
        let res = client.get(page.clone()).send().await?;
        let status = res.status();
        let body = res.bytes().await?;
        let took = t0.elapsed();
        if status != reqwest::StatusCode::OK {
            bail!("{} answered {status} to the signed-in operator", a.path);
        }
        if i >= a.warmup {
            samples.push(took);
            bytes = body.len();
        }
    }
    let s = summarize(&mut samples);
    eprintln!("  HTTP GET {}: p50 {:.2} ms p99 {:.2} ms ({} bytes)", a.path, s.p50_ms, s.p99_ms, bytes);
    append_record(
        &a.out,
        &json!({
            "bench": "queue", "engine": a.engine, "path": format!("HTTP GET {} (signed in)", a.path), "available": true,
            "cases": a.cases, "samples": s.count, "p50_ms": round(s.p50_ms, 2), "p99_ms": round(s.p99_ms, 2),
            "max_ms": round(s.max_ms, 2), "mean_ms": round(s.mean_ms, 2), "page_bytes": bytes,
            "target_p99_ms": 50.0,
        }),
    )?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Two worker threads: the client shares the machine's two cores with the server under test,
    // the same for URP and the baseline.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async {
        match cli.command {
            Cmd::Intake(a) => intake(a).await,
            Cmd::QueueHttp(a) => queue_http(a).await,
        }
    })
}
