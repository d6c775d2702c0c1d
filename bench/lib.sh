# Shell functions shared by bench/run.sh and bench/baseline.sh. Source it
# from the module root.

# benchstat at a pinned version. "go run pkg@version" ignores the current
# module, so it adds nothing to go.mod.
BENCHSTAT_VERSION="v0.0.0-20260908200009-22c9c6c9d4da"

benchstat() {
	go run "golang.org/x/perf/cmd/benchstat@${BENCHSTAT_VERSION}" "$@"
}

# run_microbenchmarks COUNT FILE runs every benchmark of the module COUNT
# times and writes the results to FILE. Benchmark output also goes to stderr,
# so a long run shows progress.
run_microbenchmarks() {
	local count="$1" file="$2"
	echo "bench: go test -run '^\$' -bench . -benchmem -count $count ./..." >&2
	go test -run '^$' -bench . -benchmem -count "$count" ./... 2>&1 | tee "$file" >&2
	return "${PIPESTATUS[0]}"
}

# compare_with_baseline BASELINE NEW TABLE writes the benchstat comparison to
# TABLE (and stderr) and prints a one-line summary. Without a baseline it
# prints that no baseline exists and summarizes NEW alone.
compare_with_baseline() {
	local baseline="$1" new="$2" table="$3"
	if ! grep -q '^Benchmark' "$new"; then
		echo "no benchmarks found"
		return
	fi
	if [[ ! -s "$baseline" ]]; then
		benchstat "$new" | tee "$table" >&2
		echo "no baseline recorded yet ($baseline; run bench/baseline.sh), current results printed above"
		return
	fi
	benchstat "$baseline" "$new" | tee "$table" >&2
	benchstat -format csv "$baseline" "$new" 2>/dev/null | count_changes
}

# count_changes reads benchstat CSV and prints how many results got
# significantly worse or better. Units ending in /s (throughput) are better
# when higher, and all others (sec/op, B/op, allocs/op) when lower.
count_changes() {
	awk -F, '
		$1 == "" && $2 != "" && $3 == "CI" { unit = $2; next }
		$1 == "" || $1 == "geomean" || NF < 6 { next }
		{
			delta = $6
			if (delta !~ /^[+-]/) next
			higher_better = (unit ~ /\/s$/)
			if ((delta ~ /^\+/) != higher_better) worse++; else better++
		}
		END {
			printf "%d results significantly worse and %d better than the baseline (benchstat, alpha 0.05)\n", worse + 0, better + 0
		}'
}

# has_main_package PKG reports whether PKG is a main package of the module.
has_main_package() {
	[[ "$(go list -e -f '{{.Name}}' "$1" 2>/dev/null)" == main ]]
}
