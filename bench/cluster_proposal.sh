#!/usr/bin/env bash
# Times clustering::propose (k = 5 and k = 16) on the 168 units of Hồ Chí Minh City
# in release mode and prints Markdown tables for docs/benchmarks.md.
#
# Usage: bench/cluster_proposal.sh [CSV] [REPETITIONS]
#   CSV          commune CSV with wardCode, wardLat, wardLon, wardAreaKm2 and an
#                optional population column (default: the HCMC test data)
#   REPETITIONS  timed runs per row after one warm-up run (default: 50)
# CARGO_TARGET_DIR is honoured as usual.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csv="${1:-$repo_root/crates/caunoi-core/tests/data/hcmc_168_units.csv}"
repetitions="${2:-50}"

if [[ ! -f "$csv" ]]; then
    echo "error: CSV file not found: $csv" >&2
    exit 1
fi

cd "$repo_root"
echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version)"
echo
cargo run --quiet --release -p caunoi-core --example bench_cluster_proposal -- "$csv" "$repetitions"
