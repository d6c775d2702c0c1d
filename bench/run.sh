#!/usr/bin/env bash
# Runs the Go micro-benchmarks of the module and compares them with
# bench/baseline.txt using benchstat, then runs the budget scenarios
# (bench/scenarios.yaml against bench/budgets.yaml) with gateload through a
# gatehouse built from the tree, and prints one summary.
#
# Exit status: 0 when every budget passed, 1 when a budget failed or a run
# was invalid, 2 when a step could not run. Slower micro-benchmarks are
# reported but do not change the status, because a shared machine makes
# single comparisons noisy. Read the benchstat table.
#
# Environment:
#   BENCH_COUNT    runs per benchmark (default 6, the minimum benchstat needs
#                  for a confidence interval)
#   BENCH_OUT      folder for all outputs (default: a new temporary folder)
#   GATEWAY_CPUS   taskset CPU list for gatehouse (default 0)
#   BACKEND_CPUS   taskset CPU list for the stub backends (default 1)
#   GATELOAD_CPUS  taskset CPU list for gateload (default: the CPUs from 2 up
#                  on machines with 4 or more, else unpinned)
#   GATELOAD_ARGS  extra gateload flags, such as "-only get-plain -repeats 1"
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source bench/lib.sh

count="${BENCH_COUNT:-6}"
out="${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench.XXXXXX")}"
mkdir -p "$out"
echo "bench: outputs in $out" >&2

# Step 1: micro-benchmarks.
bench_status=ok
if ! run_microbenchmarks "$count" "$out/bench.txt"; then
	bench_status=failed
fi
bench_summary="$(compare_with_baseline bench/baseline.txt "$out/bench.txt" "$out/benchstat.txt")"

# Step 2: budget scenarios through gatehouse.
load_status=skipped
load_summary="skipped: cmd/gatehouse has no main package yet"
if has_main_package ./cmd/gatehouse; then
	go build -o "$out/gateload" ./cmd/gateload
	go build -o "$out/gatehouse" ./cmd/gatehouse
	nproc_total="$(nproc)"
	gateload_cpus="${GATELOAD_CPUS:-}"
	if [[ -z "$gateload_cpus" && "$nproc_total" -ge 4 ]]; then
		gateload_cpus="2-$((nproc_total - 1))"
	fi
	if [[ "$nproc_total" -lt 4 ]]; then
		echo "bench: only $nproc_total CPUs, so gateload shares them with gatehouse and the stubs;" \
			"runs at 2,000 requests/s may be invalid (try GATELOAD_ARGS=\"-rate 500\")" >&2
	fi
	pin=()
	if [[ -n "$gateload_cpus" ]] && command -v taskset >/dev/null; then
		pin=(taskset -c "$gateload_cpus")
	fi
	# shellcheck disable=SC2086 # GATELOAD_ARGS is a list of flags
	if "${pin[@]}" "$out/gateload" \
		-scenarios bench/scenarios.yaml -budgets bench/budgets.yaml \
		-gatehouse "$out/gatehouse" \
		-gateway-cpus "${GATEWAY_CPUS:-0}" -backend-cpus "${BACKEND_CPUS:-1}" \
		-out "$out/gateload-report" -tsv "$out/gateload.tsv" \
		${GATELOAD_ARGS:-} | tee "$out/gateload.txt"; then
		load_status=passed
	else
		case "${PIPESTATUS[0]}" in
		1) load_status=failed ;;
		*) load_status=error ;;
		esac
	fi
	load_summary="$(grep -E '^budgets: ' "$out/gateload.txt" || echo "no budget line; see $out/gateload.txt")"
fi

echo
echo "== bench summary =="
echo "micro-benchmarks: $bench_status; $bench_summary"
echo "budget scenarios: $load_status; $load_summary"
echo "outputs: $out"

case "$load_status" in
passed | skipped) [[ "$bench_status" == ok ]] && exit 0 || exit 2 ;;
failed) exit 1 ;;
*) exit 2 ;;
esac
