//! Database side of the benchmark:
//!
//! - `createdb` / `dropdb`: PostgreSQL databases for one run (names start with `urp_bench_`);
//! - `check`: after an intake run, are all acknowledged cases there, numbered 1..N without gaps?
//! - `fill`: bulk-loads N cases straight into `cases` (one INSERT … SELECT per 100,000 rows);
//! - `queue`: times the operator queue through URP's store (`list_cases`) beside a plain query;
//! - `meta` and `report`: the machine and the tables printed at the end of `bench/run.sh`.

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Connection as _, Row as _};
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::time::{Duration, Instant};
use urp_bench::{append_record, cores, cpu_model, engine_of, memory_gib, read_records, round, summarize};
use urp_domain::case::CaseStatus;
use urp_store::{CaseFilter, ConnectOptions};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create a PostgreSQL database through the admin URL.
    Createdb {
        #[arg(long)]
        admin_url: String,
        #[arg(long)]
        name: String,
    },
    /// Drop a PostgreSQL database created by `createdb`.
    Dropdb {
        #[arg(long)]
        admin_url: String,
        #[arg(long)]
        name: String,
    },
    Check(CheckArgs),
    Fill(FillArgs),
    Queue(QueueArgs),
    Meta(MetaArgs),
    Report {
        #[arg(long)]
        results: PathBuf,
    },
}

#[derive(Parser)]
struct CheckArgs {
    #[arg(long)]
    database_url: String,
    /// `urp` (table `cases`) or `baseline` (table `bench_cases`).
    #[arg(long)]
    server: String,
    #[arg(long, default_value = "")]
    variant: String,
    #[arg(long)]
    clients: usize,
    /// Requests answered `201`.
    #[arg(long)]
    acked: i64,
    /// Requests without an answer (each may or may not have been stored).
    #[arg(long, default_value_t = 0)]
    unknown: i64,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Parser)]
struct FillArgs {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 1_000_000)]
    cases: i64,
    /// Share of the cases still open (in the operator queue), in percent.
    #[arg(long, default_value_t = 10)]
    open_percent: i64,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Parser)]
struct QueueArgs {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 500)]
    samples: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// Stop taking samples after this many seconds (at least 50 rounds are always taken).
    #[arg(long, default_value_t = 60.0)]
    max_seconds: f64,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Parser)]
struct MetaArgs {
    #[arg(long)]
    pg_admin_url: String,
    #[arg(long)]
    command_line: String,
    #[arg(long, default_value = "")]
    commit: String,
    #[arg(long, default_value = "")]
    rustc: String,
    #[arg(long)]
    out: PathBuf,
}

enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

async fn open(url: &str) -> anyhow::Result<Db> {
    if url.starts_with("postgres") {
        Ok(Db::Pg(PgPoolOptions::new().max_connections(2).connect_with(PgConnectOptions::from_str(url)?).await?))
    } else {
        let opts = SqliteConnectOptions::from_str(url)?.busy_timeout(Duration::from_secs(10));
        Ok(Db::Sqlite(SqlitePoolOptions::new().max_connections(2).connect_with(opts).await?))
    }
}

impl Db {
    async fn scalar(&self, sql: String) -> anyhow::Result<i64> {
        Ok(match self {
            Db::Sqlite(p) => sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).fetch_one(p).await?,
            Db::Pg(p) => sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).fetch_one(p).await?,
        })
    }

    /// Rows of integers.
    async fn rows(&self, sql: String) -> anyhow::Result<Vec<Vec<i64>>> {
        Ok(match self {
            Db::Sqlite(p) => sqlx::query(AssertSqlSafe(sql))
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| (0..r.len()).map(|i| r.try_get::<i64, _>(i)).collect::<Result<Vec<_>, _>>())
                .collect::<Result<_, _>>()?,
            Db::Pg(p) => sqlx::query(AssertSqlSafe(sql))
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| (0..r.len()).map(|i| r.try_get::<i64, _>(i)).collect::<Result<Vec<_>, _>>())
                .collect::<Result<_, _>>()?,
        })
    }

    async fn execute(&self, sql: String) -> anyhow::Result<u64> {
        Ok(match self {
            Db::Sqlite(p) => sqlx::raw_sql(AssertSqlSafe(sql)).execute(p).await?.rows_affected(),
            Db::Pg(p) => sqlx::raw_sql(AssertSqlSafe(sql)).execute(p).await?.rows_affected(),
        })
    }
}

fn db_name(name: &str) -> anyhow::Result<&str> {
    if !name.starts_with("urp_bench_") || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        bail!("refusing database name {name:?}: bench databases are named urp_bench_[a-z0-9_]+");
    }
    Ok(name)
}

async fn admin(url: &str, sql: String) -> anyhow::Result<()> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

async fn check(a: CheckArgs) -> anyhow::Result<()> {
    let table = match a.server.as_str() {
        "urp" => "cases",
        "baseline" => "bench_cases",
        other => bail!("unknown server {other}"),
    };
    let db = open(&a.database_url).await?;
    let rows = db.scalar(format!("SELECT COUNT(*) FROM {table}")).await?;
    let years = db
        .rows(format!(
            "SELECT tenant_id, registry_year, COUNT(*), COUNT(DISTINCT registry_seq), MIN(registry_seq), \
             MAX(registry_seq) FROM {table} GROUP BY tenant_id, registry_year ORDER BY 1, 2"
        ))
        .await?;
    let mut gapless = true;
    let mut numbers = Vec::new();
    for y in &years {
        let (year, n, distinct, min, max) = (y[1], y[2], y[3], y[4], y[5]);
        gapless &= n == distinct && min == 1 && max == n;
        numbers.push(format!("{year}/1..{max}"));
    }
    let (events, outbox) = if table == "cases" {
        (
            Some(db.scalar("SELECT COUNT(*) FROM case_events WHERE kind = 'created'".into()).await?),
            Some(db.scalar("SELECT COUNT(*) FROM outbox".into()).await?),
        )
    } else {
        (None, None)
    };
    let count_ok = if a.unknown == 0 { rows == a.acked } else { rows >= a.acked && rows <= a.acked + a.unknown };
    let history_ok = events.is_none_or(|e| e == rows);
    let ok = count_ok && gapless && history_ok;
    let engine = engine_of(&a.database_url);
    eprintln!(
        "  durability {:<8} {:<10} {:>3} clients: 201 answers {}, rows {}, numbers {} gapless={} history rows {:?} -> {}",
        a.server,
        engine,
        a.clients,
        a.acked,
        rows,
        numbers.join(", "),
        gapless,
        events,
        if ok { "OK" } else { "FAILED" }
    );
    append_record(
        &a.out,
        &json!({
            "bench": "durable", "engine": engine, "server": a.server, "variant": a.variant, "clients": a.clients,
            "acked": a.acked, "unknown": a.unknown, "rows": rows, "numbers": numbers, "gapless": gapless,
            "created_events": events, "outbox": outbox, "ok": ok,
        }),
    )?;
    Ok(())
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next()?))
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// `CASE expr WHEN 0 THEN v0 WHEN 1 THEN v1 … END`, cycling through `values`.
fn cycle(expr: &str, values: &[String]) -> String {
    let mut s = format!("CASE ({expr}) % {}", values.len());
    for (i, v) in values.iter().enumerate() {
        s.push_str(&format!(" WHEN {i} THEN {v}"));
    }
    s.push_str(" END");
    s
}

fn quoted(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| format!("'{c}'")).collect()
}

async fn fill(a: FillArgs) -> anyhow::Result<()> {
    let engine = engine_of(&a.database_url);
    let db = open(&a.database_url).await?;
    let tenant =
        db.scalar("SELECT id FROM tenants ORDER BY is_default DESC, id LIMIT 1".into()).await.context("no ente")?;
    let existing = db.scalar(format!("SELECT COUNT(*) FROM cases WHERE tenant_id = {tenant}")).await?;
    if existing > 0 {
        bail!("the database already has {existing} cases; fill wants a fresh one");
    }
    let mut offices: Vec<String> = db
        .rows(format!("SELECT id FROM offices WHERE tenant_id = {tenant} ORDER BY id"))
        .await?
        .into_iter()
        .map(|r| r[0].to_string())
        .collect();
    offices.push("NULL".into());
    let kinds = quoted(&urp_domain::case::CaseKind::ALL.map(|k| k.code()));
    let channels = quoted(&urp_domain::case::Channel::ALL.map(|c| c.code()));
    let open_codes: Vec<&str> = CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
    let closed_codes = ["chiusa", "chiusa", "chiusa", "chiusa", "risposta_inviata", "respinta", "ritirata"];
    let status = format!(
        "CASE WHEN n % 100 < {} THEN {} ELSE {} END",
        a.open_percent,
        cycle("n / 100", &quoted(&open_codes)),
        cycle("n / 100", &quoted(&closed_codes))
    );
    // Five registry years of equal size, numbered 1.. in each; receipt days spread over each year.
    let per_year = (a.cases + 4) / 5;
    let description = "Si segnala che il lampione della pubblica illuminazione davanti al civico indicato \
                       è spento da diverse sere e la strada resta completamente al buio, con pericolo per i pedoni \
                       e per chi esce dal parcheggio. Si chiede un intervento di riparazione al più presto. Pratica";
    let kind = cycle("n", &kinds);
    let channel = cycle("n", &channels);
    let office = cycle("n", &offices);
    let chunk = 100_000i64;
    let started = Instant::now();
    let mut from = 1i64;
    while from <= a.cases {
        let to = (from + chunk - 1).min(a.cases);
        let sql = match engine {
            "sqlite" => format!(
                "WITH RECURSIVE s(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM s WHERE n < {to}), \
                 y AS (SELECT n, 2022 + (n - 1) / {per_year} AS yr, (n - 1) % {per_year} AS k FROM s), \
                 d AS (SELECT n, yr, k, date(printf('%d-01-01', yr), printf('+%d days', k * 365 / {per_year})) AS day FROM y) \
                 INSERT INTO cases (tenant_id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, \
                   description, office_id, citizen_name, citizen_surname, citizen_email, term_days, term_unit, received_at, \
                   received_date, due_date, updated_at) \
                 SELECT {tenant}, yr, k + 1, printf('bq%020d', n), {kind}, {channel}, {status}, 'Segnalazione n. ' || n, \
                   '{description} ' || n, {office}, 'Nome', 'Cognome', 'cittadino' || n || '@example.org', 30, 'calendar_days', \
                   (CAST(strftime('%s', day) AS INTEGER) + n % 36000) * 1000, day, date(day, '+30 days'), \
                   (CAST(strftime('%s', day) AS INTEGER) + n % 36000) * 1000 \
                 FROM d"
            ),
            _ => format!(
                "INSERT INTO cases (tenant_id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, \
                   description, office_id, citizen_name, citizen_surname, citizen_email, term_days, term_unit, received_at, \
                   received_date, due_date, updated_at) \
                 SELECT {tenant}, yr, k + 1, 'bq' || lpad(n::text, 20, '0'), {kind}, {channel}, {status}, \
                   'Segnalazione n. ' || n, '{description} ' || n, {office}, 'Nome', 'Cognome', \
                   'cittadino' || n || '@example.org', 30, 'calendar_days', \
                   (extract(epoch FROM day)::bigint + n % 36000) * 1000, to_char(day, 'YYYY-MM-DD'), \
                   to_char(day + 30, 'YYYY-MM-DD'), (extract(epoch FROM day)::bigint + n % 36000) * 1000 \
                 FROM (SELECT n, yr, k, make_date(yr::int, 1, 1) + (k * 365 / {per_year})::int AS day \
                       FROM (SELECT n, 2022 + (n - 1) / {per_year} AS yr, (n - 1) % {per_year} AS k \
                             FROM generate_series({from}::bigint, {to}::bigint) AS g(n)) y) d"
            ),
        };
        db.execute(sql).await.with_context(|| format!("bulk insert of cases {from}..{to}"))?;
        eprint!("\r  {engine}: {to} cases loaded ({:.0} s)", started.elapsed().as_secs_f64());
        from = to + 1;
    }
    eprintln!();
    match engine {
        // URP never runs ANALYZE on SQLite, so neither does the bench: the planner sees what a
        // real installation's planner sees. Only the WAL is folded back into the file.
        "sqlite" => {
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)".into()).await?;
        }
        // Autovacuum would analyze after such a load anyway; doing it now makes runs repeatable.
        _ => {
            db.execute("VACUUM ANALYZE cases".into()).await?;
        }
    }
    let fill_s = started.elapsed().as_secs_f64();
    let total = db.scalar(format!("SELECT COUNT(*) FROM cases WHERE tenant_id = {tenant}")).await?;
    let open = db
        .scalar(format!(
            "SELECT COUNT(*) FROM cases WHERE tenant_id = {tenant} AND status IN ({})",
            quoted(&open_codes).join(", ")
        ))
        .await?;
    let (db_bytes, cases_bytes) = match engine {
        "sqlite" => {
            let p = sqlite_path(&a.database_url).context("SQLite path")?;
            let wal = PathBuf::from(format!("{}-wal", p.display()));
            (file_size(&p) + file_size(&wal), None)
        }
        _ => (
            u64::try_from(db.scalar("SELECT pg_database_size(current_database())".into()).await?).unwrap_or(0),
            Some(db.scalar("SELECT pg_total_relation_size('cases')".into()).await?),
        ),
    };
    eprintln!(
        "  {engine}: {total} cases ({open} open) in {fill_s:.0} s; database {:.0} MiB",
        db_bytes as f64 / 1048576.0
    );
    append_record(
        &a.out,
        &json!({
            "bench": "fill", "engine": engine, "cases": total, "open": open, "open_percent": a.open_percent,
            "fill_s": round(fill_s, 1), "db_bytes": db_bytes, "cases_bytes": cases_bytes,
        }),
    )?;
    Ok(())
}

/// `SELECT` and the columns URP's store reads for a case (`case_cols!` in crates/urp-store/src/cases.rs).
macro_rules! cols {
    () => {
        "SELECT id, registry_year, registry_seq, tracking_code, kind, channel, status, subject, description, \
         service, topic_id, office_id, assignee_id, citizen_name, citizen_surname, citizen_email, citizen_phone, \
         citizen_fiscal_code, location_address, location_lat, location_lon, term_days, term_unit, received_at, \
         received_date, due_date, closed_at, created_by, updated_at"
    };
}
const COLS: &str = cols!();

async fn queue(a: QueueArgs) -> anyhow::Result<()> {
    let engine = engine_of(&a.database_url);
    let mut opts = ConnectOptions::new(a.database_url.clone());
    opts.max_connections = 4;
    let store = urp_store::connect(&opts).await?;
    let tenant = store.default_tenant().await?.context("no default ente")?;
    let open_filter =
        CaseFilter { statuses: CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect(), ..Default::default() };
    let office = store.list_offices(tenant.id).await?.into_iter().next().context("no office")?;
    let office_filter = CaseFilter { office_id: Some(office.id), ..open_filter.clone() };
    let db = open(&a.database_url).await?;
    let cases = db.scalar(format!("SELECT COUNT(*) FROM cases WHERE tenant_id = {}", tenant.id.0)).await?;
    let baseline_sql = concat!(cols!(), " FROM cases WHERE tenant_id = $1 ORDER BY id LIMIT 50");
    let mut list = Vec::new();
    let mut office_list = Vec::new();
    let mut count = Vec::new();
    let mut base = Vec::new();
    let mut open_count = 0;
    let budget = Instant::now() + Duration::from_secs_f64(a.max_seconds);
    for i in 0..a.warmup + a.samples {
        let measured = i >= a.warmup;
        if i >= a.warmup + 50 && Instant::now() > budget {
            break;
        }
        // Interleaved, so that noise from the other engineers' work hits all paths alike.
        let t = Instant::now();
        let page = store.list_cases(tenant.id, &open_filter, 50, 0).await?;
        let took = t.elapsed();
        if page.len() != 50 || page.iter().any(|c| !c.status.is_open()) {
            bail!("list_cases returned {} rows, not 50 open cases", page.len());
        }
        if measured {
            list.push(took);
        }
        let t = Instant::now();
        let page = store.list_cases(tenant.id, &office_filter, 50, 0).await?;
        let took = t.elapsed();
        if page.is_empty() {
            bail!("no open case in office {}", office.id.0);
        }
        if measured {
            office_list.push(took);
        }
        let t = Instant::now();
        open_count = store.count_cases(tenant.id, &open_filter).await?;
        if measured {
            count.push(t.elapsed());
        }
        let t = Instant::now();
        let n = match &db {
            Db::Sqlite(p) => sqlx::query(baseline_sql)
                .bind(tenant.id.0)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("id").map(|_| ()))
                .collect::<Result<Vec<_>, _>>()?
                .len(),
            Db::Pg(p) => sqlx::query(baseline_sql)
                .bind(tenant.id.0)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("id").map(|_| ()))
                .collect::<Result<Vec<_>, _>>()?
                .len(),
        };
        let took = t.elapsed();
        if n != 50 {
            bail!("baseline returned {n} rows");
        }
        if measured {
            base.push(took);
        }
    }
    let b = summarize(&mut base);
    let paths = [
        ("store list_cases: open cases by due date, first 50", &mut list),
        ("store list_cases: open cases of one office by due date, first 50", &mut office_list),
        ("store count_cases: open cases", &mut count),
    ];
    for (path, samples) in paths {
        let s = summarize(samples);
        eprintln!("  {engine}: {path}: p50 {:.2} ms p99 {:.2} ms", s.p50_ms, s.p99_ms);
        append_record(
            &a.out,
            &json!({
                "bench": "queue", "engine": engine, "path": path, "available": true, "cases": cases, "open": open_count,
                "samples": s.count, "p50_ms": round(s.p50_ms, 3), "p99_ms": round(s.p99_ms, 3),
                "max_ms": round(s.max_ms, 3), "mean_ms": round(s.mean_ms, 3),
                "baseline_p50_ms": round(b.p50_ms, 3), "baseline_p99_ms": round(b.p99_ms, 3), "target_p99_ms": 50.0,
            }),
        )?;
    }
    eprintln!("  {engine}: baseline SELECT … ORDER BY id LIMIT 50: p50 {:.2} ms p99 {:.2} ms", b.p50_ms, b.p99_ms);
    append_record(
        &a.out,
        &json!({
            "bench": "queue", "engine": engine, "path": "baseline: SELECT same columns … ORDER BY id LIMIT 50",
            "available": true, "cases": cases, "open": open_count, "samples": b.count, "p50_ms": round(b.p50_ms, 3),
            "p99_ms": round(b.p99_ms, 3), "max_ms": round(b.max_ms, 3), "mean_ms": round(b.mean_ms, 3), "baseline": true,
        }),
    )?;
    store.close().await;
    // How each engine runs the queue query that URP builds (crates/urp-store/src/cases.rs).
    let statuses = CaseStatus::ALL.into_iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code()));
    let queue_sql = format!(
        "{COLS} FROM cases WHERE tenant_id = {} AND status IN ({}) ORDER BY due_date IS NULL, due_date, id \
         LIMIT 50 OFFSET 0",
        tenant.id.0,
        statuses.collect::<Vec<_>>().join(", ")
    );
    let plan: Vec<String> = match &db {
        Db::Sqlite(p) => sqlx::query(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {queue_sql}")))
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("detail"))
            .collect::<Result<_, _>>()?,
        Db::Pg(p) => {
            sqlx::query_scalar::<_, String>(AssertSqlSafe(format!("EXPLAIN (ANALYZE, COSTS OFF) {queue_sql}")))
                .fetch_all(p)
                .await?
        }
    };
    eprintln!("  {engine}: plan of the queue query:\n    {}", plan.join("\n    "));
    append_record(&a.out, &json!({"bench": "plan", "engine": engine, "sql": queue_sql, "plan": plan}))?;
    Ok(())
}

async fn meta(a: MetaArgs) -> anyhow::Result<()> {
    let pg_version = match sqlx::PgConnection::connect(&a.pg_admin_url).await {
        Ok(mut c) => sqlx::query_scalar::<_, String>("SHOW server_version").fetch_one(&mut c).await.ok(),
        Err(_) => None,
    };
    let pg_durability = match sqlx::PgConnection::connect(&a.pg_admin_url).await {
        Ok(mut c) => {
            let mut v = Vec::new();
            for s in ["fsync", "synchronous_commit", "wal_sync_method", "commit_delay"] {
                if let Ok(x) =
                    sqlx::query_scalar::<_, String>(AssertSqlSafe(format!("SHOW {s}"))).fetch_one(&mut c).await
                {
                    v.push(format!("{s}={x}"));
                }
            }
            v.join(" ")
        }
        Err(_) => String::new(),
    };
    let mut mem = sqlx::SqliteConnection::connect("sqlite::memory:").await?;
    let sqlite_version: String = sqlx::query_scalar("SELECT sqlite_version()").fetch_one(&mut mem).await?;
    append_record(
        &a.out,
        &json!({
            "bench": "meta",
            "date": chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            "cores": cores(), "cpu": cpu_model(), "memory_gib": round(memory_gib(), 1),
            "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
            "command": a.command_line, "commit": a.commit, "rustc": a.rustc,
            "loadavg": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" "),
            "postgresql": pg_version, "pg_durability": pg_durability, "sqlite": sqlite_version,
        }),
    )?;
    Ok(())
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "–".into(),
        other => other.to_string(),
    }
}

/// `urp`, or `urp (pool 4)` for a variant.
fn server_label(r: &Value) -> String {
    match r["variant"].as_str().filter(|v| !v.is_empty()) {
        Some(v) => format!("{} ({v})", s(&r["server"])),
        None => s(&r["server"]),
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn report(results: &Path) -> anyhow::Result<()> {
    let recs = read_records(results)?;
    let of = |kind: &'static str| recs.iter().filter(move |r| r["bench"] == kind);
    let meta = of("meta").next().cloned().unwrap_or(Value::Null);
    let machine = format!(
        "{} × {} cores, {} GiB RAM, Linux {}; SQLite {}, PostgreSQL {} ({})",
        s(&meta["cpu"]),
        s(&meta["cores"]),
        s(&meta["memory_gib"]),
        s(&meta["kernel"]),
        s(&meta["sqlite"]),
        s(&meta["postgresql"]),
        s(&meta["pg_durability"])
    );
    println!("# URP benchmark\n");
    println!("- date: {}", s(&meta["date"]));
    println!("- machine: {machine}");
    println!("- code: commit {} (release build), {}", s(&meta["commit"]), s(&meta["rustc"]));
    println!("- command: `{}`", s(&meta["command"]));
    println!(
        "- load average when it started: {} (the 2 cores are shared with other work; see the \"busy before\" column)",
        s(&meta["loadavg"])
    );
    let mut failed = false;

    let intake: Vec<&Value> = of("intake").collect();
    if !intake.is_empty() {
        let w = intake.first().map(|r| (s(&r["window_s"]), s(&r["warmup_s"]))).unwrap_or_default();
        println!("\n## 1. Intake: POST /api/v1/cases\n");
        println!(
            "Closed loop, each client on its own keep-alive connection, {} s warm-up then ~{} s measured per row; \
             fresh database per row; URP started with `--intake-rate-limit 0`, default pool (16). Data size: \
             the database starts empty and ends with the rows in the durability table. CPU: % of one core in \
             the measured window (machine: both cores = 200%); \"busy before\": the machine's CPU use in the \
             second before the row started, i.e. other people's work.\n",
            w.1, w.0
        );
        println!(
            "| engine | clients | server | req/s | p50 ms | p99 ms | max ms | errors | server CPU | client CPU | machine CPU | busy before | URP/baseline |"
        );
        println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in &intake {
            let ratio = if r["server"] == "urp" {
                intake
                    .iter()
                    .find(|b| b["server"] == "baseline" && b["engine"] == r["engine"] && b["clients"] == r["clients"])
                    .map(|b| format!("**{:.0}%**", f(&r["rps"]) / f(&b["rps"]) * 100.0))
                    .unwrap_or_else(|| "–".into())
            } else {
                String::new()
            };
            let pct = |v: &Value| if v.is_null() { "–".into() } else { format!("{}%", s(v)) };
            println!(
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {} | {} | {} | {} | {} |",
                s(&r["engine"]),
                s(&r["clients"]),
                server_label(r),
                f(&r["rps"]),
                f(&r["p50_ms"]),
                f(&r["p99_ms"]),
                f(&r["max_ms"]),
                s(&r["errors"]),
                pct(&r["server_cpu_pct"]),
                pct(&r["client_cpu_pct"]),
                pct(&r["machine_cpu_pct"]),
                pct(&r["background_cpu_pct"]),
                ratio
            );
        }
        println!("\nTarget: URP ≥ 50% of the baseline's throughput.");
    }

    let durable: Vec<&Value> = of("durable").collect();
    if !durable.is_empty() {
        println!("\n### Durability: every `201` is a stored case, numbered without gaps\n");
        println!(
            "Each server is killed with SIGKILL right after its last answer (no graceful shutdown), then the \
             database is opened again and counted.\n"
        );
        println!(
            "| engine | clients | server | 201 answers | no answer | rows | registry numbers | gapless | \"created\" history rows | outbox rows | check |"
        );
        println!("|---|---:|---|---:|---:|---:|---|---|---:|---:|---|");
        for r in &durable {
            let ok = r["ok"].as_bool().unwrap_or(false);
            failed |= !ok;
            let numbers =
                r["numbers"].as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(", ")).unwrap_or_default();
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                s(&r["engine"]),
                s(&r["clients"]),
                server_label(r),
                s(&r["acked"]),
                s(&r["unknown"]),
                s(&r["rows"]),
                numbers,
                if r["gapless"].as_bool().unwrap_or(false) { "yes" } else { "**NO**" },
                s(&r["created_events"]),
                s(&r["outbox"]),
                if ok { "OK" } else { "**FAILED**" }
            );
        }
    }

    let queue: Vec<&Value> = of("queue").collect();
    if !queue.is_empty() {
        println!("\n## 2. Operator queue\n");
        for fill in of("fill") {
            println!(
                "- {}: {} cases ({} open, {}%) loaded in {} s; database {:.0} MiB{}",
                s(&fill["engine"]),
                s(&fill["cases"]),
                s(&fill["open"]),
                s(&fill["open_percent"]),
                s(&fill["fill_s"]),
                f(&fill["db_bytes"]) / 1048576.0,
                fill["cases_bytes"]
                    .as_f64()
                    .map(|b| format!(" (table `cases` with its indexes {:.0} MiB)", b / 1048576.0))
                    .unwrap_or_default()
            );
        }
        println!(
            "\nSequential requests by one operator; the paths are interleaved in each round. Ratio: p99 over the \
             baseline's p99 (a plain `SELECT` of the same columns `ORDER BY id LIMIT 50` on the same table).\n"
        );
        println!(
            "| engine | cases | what | samples | p50 ms | p99 ms | max ms | p99 / baseline p99 | target p99 < 50 ms |"
        );
        println!("|---|---:|---|---:|---:|---:|---:|---:|---|");
        for r in &queue {
            if r["available"] == false {
                println!(
                    "| {} | {} | {} | – | – | – | – | – | page not available in this build |",
                    s(&r["engine"]),
                    s(&r["cases"]),
                    s(&r["path"])
                );
                continue;
            }
            let base = queue
                .iter()
                .find(|b| b["baseline"] == true && b["engine"] == r["engine"])
                .map(|b| f(&b["p99_ms"]))
                .unwrap_or(f64::NAN);
            let is_base = r["baseline"] == true;
            let target = if is_base {
                String::new()
            } else if f(&r["p99_ms"]) < 50.0 {
                "met".into()
            } else {
                failed = true;
                "**missed**".into()
            };
            println!(
                "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {} | {} |",
                s(&r["engine"]),
                s(&r["cases"]),
                s(&r["path"]),
                s(&r["samples"]),
                f(&r["p50_ms"]),
                f(&r["p99_ms"]),
                f(&r["max_ms"]),
                if is_base { "1.0×".into() } else { format!("{:.1}×", f(&r["p99_ms"]) / base) },
                target
            );
        }
    }
    for p in of("plan") {
        println!("\n{} plan of the queue query (`{}`):\n", s(&p["engine"]), s(&p["sql"]));
        println!("```");
        for line in p["plan"].as_array().into_iter().flatten() {
            println!("{}", s(line));
        }
        println!("```");
    }
    if failed {
        println!("\nSome check or target above was not met.");
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Cmd::Createdb { admin_url, name } => {
            admin(&admin_url, format!("CREATE DATABASE {}", db_name(&name)?)).await?;
        }
        Cmd::Dropdb { admin_url, name } => {
            admin(&admin_url, format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", db_name(&name)?)).await?;
        }
        Cmd::Check(a) => check(a).await?,
        Cmd::Fill(a) => fill(a).await?,
        Cmd::Queue(a) => queue(a).await?,
        Cmd::Meta(a) => meta(a).await?,
        Cmd::Report { results } => report(&results)?,
    }
    Ok(())
}
