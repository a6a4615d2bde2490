//! Helpers shared by the benchmark programs: result records (one JSON object per line in the
//! results file that `benchdb report` turns into tables), percentiles, CPU counters from /proc.
//! Nothing here runs in the test suite; `bench/run.sh` drives it.

use anyhow::Context as _;
use serde_json::Value;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

/// Appends one record to the results file (JSON Lines).
pub fn append_record(path: &Path, record: &Value) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    writeln!(f, "{record}")?;
    Ok(())
}

/// Reads every record of a results file.
pub fn read_records(path: &Path) -> anyhow::Result<Vec<Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).with_context(|| format!("bad record: {l}")))
        .collect()
}

/// Latency summary of a set of samples, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub count: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

/// Nearest-rank percentiles of the samples (sorted in place).
pub fn summarize(samples: &mut [Duration]) -> Summary {
    if samples.is_empty() {
        return Summary::default();
    }
    samples.sort_unstable();
    let n = samples.len();
    let at = |p: f64| {
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        ms(samples[rank.clamp(1, n) - 1])
    };
    let total: Duration = samples.iter().sum();
    Summary {
        count: n,
        p50_ms: at(50.0),
        p90_ms: at(90.0),
        p99_ms: at(99.0),
        max_ms: ms(samples[n - 1]),
        mean_ms: ms(total) / n as f64,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Clock ticks per second of /proc's CPU counters (USER_HZ; 100 on Linux/x86-64).
const TICKS_PER_SEC: f64 = 100.0;

/// CPU time a process has used so far (user + system), from /proc/PID/stat.
pub fn process_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: count fields after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_secs_f64((utime + stime) / TICKS_PER_SEC))
}

/// Busy and total CPU ticks of the whole machine, from /proc/stat.
pub fn machine_cpu() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?;
    let v: Vec<u64> = line.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal ...
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3)? + v.get(4).copied().unwrap_or(0);
    Some((total - idle, total))
}

/// Share of all CPUs that was busy between two `machine_cpu` readings, in percent of one core
/// times the number of cores (200% = both cores of a 2-core machine fully busy).
pub fn machine_busy_percent(before: (u64, u64), after: (u64, u64), cores: usize) -> f64 {
    let busy = after.0.saturating_sub(before.0) as f64;
    let total = after.1.saturating_sub(before.1) as f64;
    if total == 0.0 { 0.0 } else { busy / total * 100.0 * cores as f64 }
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// The CPU model named in /proc/cpuinfo.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Total memory from /proc/meminfo, in GiB.
pub fn memory_gib() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0)
}

/// Engine of a database URL, as the tables name it.
pub fn engine_of(url: &str) -> &'static str {
    if url.starts_with("postgres") { "postgresql" } else { "sqlite" }
}
