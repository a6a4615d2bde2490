#!/usr/bin/env bash
# Runs the browser test suite against one storage backend.
#
#   bash e2e/run.sh sqlite     # fresh SQLite file in a temp dir (made by playwright.config.ts)
#   bash e2e/run.sh postgres   # fresh database urp_e2e_<random> on 127.0.0.1:5432, dropped at exit
#
# It neither builds the Rust code nor installs npm packages: CI runs
# `cargo build -p urp` and `npm ci` (in e2e/) first. Exits with Playwright's status.
set -euo pipefail

backend="${1:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

case "$backend" in
  sqlite)
    export E2E_PORT="${E2E_PORT:-18181}"
    unset E2E_DATABASE_URL
    ;;
  postgres)
    export E2E_PORT="${E2E_PORT:-18182}"
    pg_host="${E2E_PG_HOST:-127.0.0.1}"
    pg_port="${E2E_PG_PORT:-5432}"
    pg_user="${E2E_PG_USER:-postgres}"
    db="urp_e2e_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    psql_cmd=(psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -q -X)
    drop_db() {
      "${psql_cmd[@]}" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 \
        || "${psql_cmd[@]}" -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 \
        || echo "run.sh: could not drop database $db" >&2
    }
    "${psql_cmd[@]}" -c "CREATE DATABASE \"$db\""
    trap drop_db EXIT
    export E2E_DATABASE_URL="postgres://${pg_user}@${pg_host}:${pg_port}/${db}"
    echo "run.sh: PostgreSQL database $db"
    ;;
  *)
    echo "usage: $0 sqlite|postgres" >&2
    exit 2
    ;;
esac

if [ ! -x "$here/node_modules/.bin/playwright" ]; then
  echo "run.sh: e2e/node_modules is missing; run 'npm ci' in e2e/ first" >&2
  exit 2
fi
urp_bin="${URP_BIN:-../target/debug/urp}"
case "$urp_bin" in /*) ;; *) urp_bin="$here/$urp_bin" ;; esac
if [ ! -x "$urp_bin" ]; then
  echo "run.sh: $urp_bin not found; build it first (cargo build -p urp)" >&2
  exit 2
fi

export CI="${CI:-1}"
export FORCE_COLOR=0
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

echo "run.sh: backend=$backend port=$E2E_PORT binary=$urp_bin"
log="$(mktemp -t urp-e2e-log.XXXXXX)"
set +e
npx --no-install playwright test "${@:2}" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e
# A plain closing line for CI (Playwright's own summary is indented and split over lines).
count() { grep -Eo "^ +[0-9]+ $1" "$log" | tail -n 1 | tr -dc '0-9' || true; }
passed="$(count passed)"; failed="$(count failed)"; flaky="$(count flaky)"; skipped="$(count skipped)"
rm -f "$log"
summary="${passed:-0} passed, ${failed:-0} failed"
[ -n "$flaky" ] && summary="$summary, $flaky flaky"
[ -n "$skipped" ] && summary="$summary, $skipped skipped"
if [ "$status" -eq 0 ]; then
  echo "e2e ($backend): $summary"
else
  echo "e2e ($backend): $summary (playwright exit status $status)"
fi
exit "$status"
