#!/usr/bin/env bash
# URP search benchmark: the search engine (urp-search) against SQLite FTS5 over the same
# generated sheets, in the same run: latency p50/p99 with 8 concurrent clients at 1,000 and
# 100,000 sheets, and the time to build each index from scratch. Prints a Markdown table.
#
#   bash bench/search.sh                 # ~3 minutes on 2 cores (plus the release build)
#   bash bench/search.sh --sizes 1000    # quick
#
# Needs the development set at ../shared/eval/kb-dev (or $URP_KB_EVAL_DIR). Never part of the
# test suite or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
EVAL_DIR="${URP_KB_EVAL_DIR:-$ROOT/../shared/eval/kb-dev}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$(mktemp -d /tmp/urp-searchbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "== build (release, -j 2)" >&2
cargo build --release -j 2 -p urp-bench --bin searchbench >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
"$TARGET_DIR/release/searchbench" --eval-dir "$EVAL_DIR" --work "$WORK" "$@"
