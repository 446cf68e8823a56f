#!/usr/bin/env bash
# Times inter-school teaching recommendations (staffing::recommend) on two generated
# instances, one cluster (220 schools, 7,000 teachers) and Ho Chi Minh City (3,500
# schools, 110,000 teachers), against OR-Tools' SimpleMinCostFlow on the same flow
# networks, and prints a Markdown table for docs/benchmarks.md. Fails when the two
# solvers disagree on the flow or the cost.
#
# Usage: bench/recommend.sh [REPETITIONS]   (default: 3)
# On first use, the script installs OR-Tools from PyPI into a virtual environment under
# the cargo target directory. Only this benchmark uses OR-Tools, never the product. The instances are written to
# TARGET/bench-recommend as JSON and DIMACS files.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repetitions="${1:-3}"
target="${CARGO_TARGET_DIR:-$repo_root/target}"
instances="$target/bench-recommend"
venv="$target/bench-venv"

cd "$repo_root"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import ortools' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet 'ortools==9.15.*'
fi
ortools_version="$("$venv/bin/python" -c 'import ortools; print(ortools.__version__)')"

echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version), OR-Tools $ortools_version"
echo
cargo build --quiet --release -p caunoi-core --example bench_recommend
ours="$("$target/release/examples/bench_recommend" "$instances" "$repetitions")"
theirs="$("$venv/bin/python" bench/recommend_ortools.py "$repetitions" "$instances/cluster.dimacs" "$instances/hcmc.dimacs")"

echo "| instance | schools | teachers | nodes | edges | shortage periods | covered | cost (period-m) | build ms | solve ms | split ms | recommend ms | OR-Tools load ms | OR-Tools solve ms | solve / OR-Tools |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
status=0
for name in cluster hcmc; do
    read -r _ _ flow cost build solve split total <<<"$(grep "^result $name " <<<"$ours")"
    read -r _ _ facts <<<"$(grep "^facts $name " <<<"$ours")"
    read -r _ _ or_flow or_cost or_load or_solve <<<"$(grep "^ortools $name " <<<"$theirs")"
    declare -A fact=()
    for pair in $facts; do fact[${pair%%=*}]=${pair#*=}; done
    ratio="$(awk -v a="$solve" -v b="$or_solve" 'BEGIN { printf "%.2f", a / b }')"
    echo "| $name | ${fact[schools]} | ${fact[teachers]} | ${fact[nodes]} | ${fact[edges]} | ${fact[shortage_periods]} | $flow | $cost | $build | $solve | $split | $total | $or_load | $or_solve | $ratio |"
    if [[ "$flow" != "$or_flow" || "$cost" != "$or_cost" ]]; then
        echo "error: $name: our flow $flow and cost $cost differ from OR-Tools' flow $or_flow and cost $or_cost" >&2
        status=1
    fi
done
echo
while read -r _ name assignments teachers multi_school max_schools; do
    echo "- $name: $assignments assignments to $teachers teachers; $multi_school of them teach at more than one school (at most $max_schools)."
done < <(grep '^split ' <<<"$ours")
exit "$status"
