#!/usr/bin/env bash
# URP benchmark: case intake (URP against a one-INSERT baseline, SQLite and PostgreSQL, 16 and
# 64 clients) and the operator queue at 1,000,000 cases. Prints Markdown tables.
#
#   bash bench/run.sh            # full run, ~7 minutes on 2 cores (plus the release build)
#   bash bench/run.sh --quick    # smoke run: short windows, 100,000 cases
#
# Options: --quick, --duration S (measured seconds per intake row), --cases N (queue data),
# --extra (also URP with --log warn and with a pool of 4, 16 clients, ~2 more minutes),
# --skip-intake, --skip-queue, --out FILE (results as JSON Lines; default under bench/results/).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). Load goes to 127.0.0.1 only.
# Never part of the test suite or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DURATION=20
WARMUP=3
CASES=1000000
QUEUE_SAMPLES=500
HTTP_SAMPLES=300
DO_INTAKE=1
DO_QUEUE=1
DO_DUP=1
EXTRA=0
OUT=""
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=4; WARMUP=1; CASES=100000; QUEUE_SAMPLES=100; HTTP_SAMPLES=50 ;;
    --duration) DURATION="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    --skip-intake) DO_INTAKE=0 ;;
    --skip-queue) DO_QUEUE=0 ;;
    --skip-duplicates) DO_DUP=0 ;;
    --extra) EXTRA=1 ;;
    --out) OUT="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

PG_ADMIN_URL="${URP_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release"
WORK="$(mktemp -d /tmp/urp-bench.XXXXXX)"
mkdir -p "$ROOT/bench/results"
OUT="${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
: > "$OUT"
RUN_ID="$$_$(date +%s)"
PG_DBS=()
PIDS=()

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  for db in "${PG_DBS[@]}"; do "$BIN/benchdb" dropdb --admin-url "$PG_ADMIN_URL" --name "$db" >/dev/null 2>&1; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build (release, -j 2)" >&2
cargo build --release -j 2 -p urp -p urp-bench >&2

if ! "$BIN/benchdb" createdb --admin-url "$PG_ADMIN_URL" --name "urp_bench_probe_$RUN_ID" 2>/dev/null; then
  echo "PostgreSQL is not reachable at $PG_ADMIN_URL" >&2
  exit 1
fi
"$BIN/benchdb" dropdb --admin-url "$PG_ADMIN_URL" --name "urp_bench_probe_$RUN_ID"

"$BIN/benchdb" meta --pg-admin-url "$PG_ADMIN_URL" --out "$OUT" \
  --command-line "bash bench/run.sh${ARGS:+ $ARGS}" \
  --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')" \
  --rustc "$(rustc --version)"

# A fresh database: a SQLite file in $WORK, or a new PostgreSQL database (dropped at the end
# of its step, and on exit whatever happens). Sets DB_URL and DB_NAME.
fresh_db() { # engine label
  local engine="$1" label="$2"
  if [ "$engine" = sqlite ]; then
    mkdir -p "$WORK/$label"
    DB_NAME=""
    DB_URL="sqlite://$WORK/$label/urp.db?mode=rwc"
  else
    DB_NAME="urp_bench_${label}_$RUN_ID"
    "$BIN/benchdb" createdb --admin-url "$PG_ADMIN_URL" --name "$DB_NAME"
    PG_DBS+=("$DB_NAME")
    DB_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
  fi
}

drop_db() { # label
  if [ -n "$DB_NAME" ]; then
    "$BIN/benchdb" dropdb --admin-url "$PG_ADMIN_URL" --name "$DB_NAME"
  else
    rm -rf "${WORK:?}/$1"
  fi
}

# Starts a server in the background with its output in LOG; sets SERVER_PID and SERVER_URL.
start_server() { # log command...
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  SERVER_URL=""
  for _ in $(seq 1 300); do
    SERVER_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    [ -n "$SERVER_URL" ] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server failed to start:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.1
  done
  [ -n "$SERVER_URL" ] || { echo "server did not start in 30 s:" >&2; cat "$log" >&2; exit 1; }
}

# SIGKILL: nothing gets a chance to flush after the last answer.
kill_server() {
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

ROW=0
intake_row() { # engine clients server [variant urp-flags...]
  local engine="$1" clients="$2" server="$3" variant="${4:-}"
  shift 3; [ $# -gt 0 ] && shift
  ROW=$((ROW + 1))
  local label="i${ROW}_${clients}_${server}_${engine}"
  local url log acked
  fresh_db "$engine" "$label"
  url="$DB_URL"
  log="$WORK/$label.log"
  if [ "$server" = urp ]; then
    "$BIN/urp" --database-url "$url" tenant add --slug banco --name "Comune di Banco" --ipa-code c_bench >/dev/null
    start_server "$log" "$BIN/urp" --database-url "$url" "$@" serve --bind 127.0.0.1:0 --intake-rate-limit 0
  else
    start_server "$log" "$BIN/intake-baseline" --database-url "$url" --bind 127.0.0.1:0
  fi
  acked="$("$BIN/loadgen" intake --base "$SERVER_URL" --clients "$clients" --duration "$DURATION" \
    --warmup "$WARMUP" --server-pid "$SERVER_PID" --engine "$engine" --server "$server" --variant "$variant" --out "$OUT")"
  kill_server
  "$BIN/benchdb" check --database-url "$url" --server "$server" --variant "$variant" --clients "$clients" \
    --acked "${acked% *}" --unknown "${acked#* }" --out "$OUT"
  drop_db "$label"
}

if [ "$DO_INTAKE" = 1 ]; then
  echo "== intake: ${WARMUP}s warm-up + ${DURATION}s measured per row" >&2
  for engine in sqlite postgresql; do
    for clients in 16 64; do
      # Baseline and URP back to back, so both see the same machine.
      intake_row "$engine" "$clients" baseline
      intake_row "$engine" "$clients" urp
    done
    if [ "$EXTRA" = 1 ]; then
      # Knobs an operator has without code changes: quieter logs, a smaller pool.
      intake_row "$engine" 16 urp "log warn" --log warn
      intake_row "$engine" 16 urp "pool 4" --db-max-connections 4
    fi
  done
fi

DUP_ROWS=()
if [ "$DO_QUEUE" = 1 ] || [ "$DO_DUP" = 1 ]; then
  echo "== queue and duplicate suggestions: $CASES cases" >&2
  for engine in sqlite postgresql; do
    fresh_db "$engine" "queue"
    url="$DB_URL"
    "$BIN/urp" --database-url "$url" demo >/dev/null
    "$BIN/benchdb" fill --database-url "$url" --cases "$CASES" --out "$OUT"
    if [ "$DO_DUP" = 1 ]; then
      DUP_ROWS+=("$("$BIN/dupbench" --database-url "$url" --samples "$QUEUE_SAMPLES" --out "$OUT")")
    fi
    if [ "$DO_QUEUE" = 1 ]; then
      "$BIN/benchdb" queue --database-url "$url" --samples "$QUEUE_SAMPLES" --out "$OUT"
      start_server "$WORK/queue-$engine.log" "$BIN/urp" --database-url "$url" serve --bind 127.0.0.1:0
      "$BIN/loadgen" queue-http --base "$SERVER_URL" --email sportello@comune.valfiorita.example \
        --password Valfiorita-Sportello-2026 --samples "$HTTP_SAMPLES" --engine "$engine" --cases "$CASES" \
        --out "$OUT"
      kill_server
    fi
    drop_db queue
  done
fi

echo >&2
"$BIN/benchdb" report --results "$OUT"
if [ "${#DUP_ROWS[@]}" -gt 0 ]; then
  echo
  echo "### Duplicate suggestion at intake (400 most recent open cases of the kind, ranked; 2 cores)"
  echo
  echo "| engine | cases | open of the kind | samples | p50 ms | p99 ms | read p50 / p99 ms | baseline p50 / p99 ms (list_cases, no filter, first 50) | p99 / baseline p99 | suggestions per report | target p99 < 30 ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${DUP_ROWS[@]}"
fi
echo >&2
echo "(results: $OUT)" >&2
