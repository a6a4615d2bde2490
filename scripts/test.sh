#!/usr/bin/env bash
# Runs every test of URP: browser + accessibility suite, then the Rust suites, each on SQLite
# and on PostgreSQL. Needs: the Rust toolchain with cargo-nextest, Node/npm with the e2e
# packages installed (`npm ci` in e2e/), Debian's chromium, PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN_URL="${URP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432; start it first (.ci/run does)." >&2
  exit 1
fi

echo "== build"
cargo build --locked -p urp

echo "== browser and accessibility tests (SQLite, then PostgreSQL)"
export URP_BIN="$TARGET_DIR/debug/urp"
bash e2e/run.sh sqlite
bash e2e/run.sh postgres

echo "== Rust tests on SQLite"
cargo nextest run --workspace --locked --no-fail-fast

echo "== Rust tests on PostgreSQL"
TEST_DATABASE_URL="$PG_ADMIN_URL" cargo nextest run --workspace --locked --no-fail-fast
