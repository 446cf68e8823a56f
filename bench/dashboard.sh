#!/usr/bin/env bash
# Load test of the department dashboard: builds release, creates the demo database
# (Ho Chi Minh City, every school) on SQLite, serves it on a free loopback port, logs in
# as the department specialist and runs our load generator (examples/bench_load.rs)
# against /healthz (baseline) and the dashboard page, printing a Markdown table for
# docs/benchmarks.md.
#
# Usage: bench/dashboard.sh [SECONDS] [CONCURRENCY]   (defaults: 20 and 64)
# The demo database lives in a temporary directory, removed afterwards with the server.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
concurrency="${2:-64}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo_root"
cargo build --quiet --release -p caunoi
cargo build --quiet --release -p caunoi-web --example bench_load
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
caunoi="$target_dir/release/caunoi"
load="$target_dir/release/examples/bench_load"

# A free loopback port, chosen by the kernel.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
address="127.0.0.1:$port"

"$caunoi" demo --no-serve --data-dir "$work" >/dev/null
CAUNOI_LOG=warn "$caunoi" serve --data-dir "$work" --listen "$address" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if curl -fs "http://$address/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version); server and load generator share the machine."
echo "Database: SQLite, demo of Ho Chi Minh City ($("$caunoi" --version 2>/dev/null || echo caunoi)); $seconds s per path at concurrency $concurrency."
echo
"$load" "$address" chuyenvien "${CAUNOI_ADMIN_PASSWORD:-caunoi-demo}" "$seconds" "$concurrency" \
  /healthz /p/79/dashboard "/p/79/dashboard?indicator=reports" /api/v1/provinces/79/dashboard
