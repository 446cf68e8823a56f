#!/usr/bin/env bash
# Times publishing a directive to every school of Hồ Chí Minh City (about 3,500) and
# rendering its tracking page, on SQLite in release mode, and prints a Markdown table
# for docs/benchmarks.md.
#
# Usage: bench/directives.sh [REPETITIONS]   (default: 100)
# The demo database is built in a temporary directory and removed afterwards.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repetitions="${1:-100}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo_root"
echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version)"
echo
cargo run --quiet --release -p caunoi -- demo --no-serve --data-dir "$work" >/dev/null
cargo run --quiet --release -p caunoi-web --example bench_directives -- "sqlite://$work/caunoi.sqlite" "$repetitions"
