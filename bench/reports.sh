#!/usr/bin/env bash
# Times report aggregation: a template with 300 indicators submitted by every school of
# Hồ Chí Minh City (about one million values) on SQLite in release mode. Measures
# dashboard-style reads of the roll-ups (p50/p95), the figures page, one incremental
# update and a full recompute, against two baselines measured in the same run, and
# prints a Markdown table for docs/benchmarks.md.
#
# Usage: bench/reports.sh [REPETITIONS]   (default: 200)
# The demo database is built in a temporary directory and removed afterwards.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repetitions="${1:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo_root"
echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version)"
echo
cargo run --quiet --release -p caunoi -- demo --no-serve --data-dir "$work" >/dev/null
cargo run --quiet --release -p caunoi-web --example bench_reports -- "sqlite://$work/caunoi.sqlite" "$repetitions"
