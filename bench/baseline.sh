#!/usr/bin/env bash
# Records a new micro-benchmark baseline in bench/baseline.txt, which
# bench/run.sh compares later runs with. Run it on the machine and at the
# commit the comparison should be against, with the machine otherwise idle.
#
# Environment:
#   BENCH_COUNT   runs per benchmark (default 6)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source bench/lib.sh

count="${BENCH_COUNT:-6}"
tmp="$(mktemp "${TMPDIR:-/tmp}/gatehouse-baseline.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

run_microbenchmarks "$count" "$tmp"
if ! grep -q '^Benchmark' "$tmp"; then
	echo "baseline: no benchmarks found; bench/baseline.txt left unchanged" >&2
	exit 1
fi

# Configuration lines ("key: value") label the baseline in benchstat output.
{
	echo "recorded: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
	echo "cpus: $(nproc)"
	grep -E '^(goos|goarch|pkg|cpu):|^Benchmark' "$tmp"
} >bench/baseline.txt
echo "baseline: wrote bench/baseline.txt"
benchstat bench/baseline.txt
