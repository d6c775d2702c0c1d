#!/usr/bin/env bash
# Compares gatehouse with nginx and HAProxy as reverse proxies on one pinned
# core, side by side in one run, and writes a markdown fragment.
#
# Layout (CPU numbers from the machine's view):
#   proxy under test   CPU 0; nginx with worker_processes 1, HAProxy with
#                      nbthread 1, gatehouse and the net/http baseline
#                      ("gateload proxy") with GOMAXPROCS=1
#   backend            nginx responding to every request with 200 "ok" from its
#                      own config, on CPU 1. nginx is the backend because it
#                      spends the least CPU per response of the candidates,
#                      which leaves the proxy as the bottleneck. The gateload
#                      stub is measured alone for comparison.
#   load generators    wrk and gateload on CPUs 2 and up when the machine has
#                      4 or more, else on CPU 1 with the backend
#
# Every round runs, for each proxy in turn: wrk -t1 -c64 -d10s --latency
# (closed-loop throughput; its latencies suffer from coordinated omission),
# then gateload at a fixed rate against the proxy and, interleaved, the
# backend directly (open-loop added latency). CPU per request is the
# proxy's utime+stime delta from /proc/PID/stat (its workers included)
# during the wrk run, divided by wrk's request count. The table gives the
# median over rounds.
#
# Missing nginx, haproxy or wrk are installed from Debian with apt-get.
# All traffic stays on 127.0.0.1.
#
# Environment:
#   ROUNDS           rounds (default 3)
#   WRK_DURATION     wrk duration per run (default 10s)
#   WRK_CONNECTIONS  wrk connections (default 64)
#   RATE             gateload rate in requests per second (default 2000)
#   GATELOAD_DURATION  gateload duration per side and run (default 10s)
#   PROXIES          proxies to compare (default "nginx haproxy gatehouse
#                    gatehouse-default httputil"; gatehouse runs with GOMAXPROCS=1,
#                    gatehouse-default with its own default on one CPU, which is 2)
#   OUT              markdown output (default bench/peers/results.md)
#   KEEP_WORK        when set, keep the temporary folder with configs and logs
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

rounds="${ROUNDS:-3}"
wrk_duration="${WRK_DURATION:-10s}"
wrk_connections="${WRK_CONNECTIONS:-64}"
rate="${RATE:-2000}"
gl_duration="${GATELOAD_DURATION:-10s}"
proxies="${PROXIES:-nginx haproxy gatehouse gatehouse-default httputil}"
out="${OUT:-bench/peers/results.md}"

# --- packages ---------------------------------------------------------------

ensure_packages() {
	local missing=()
	command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
	command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
	command -v wrk >/dev/null || missing+=(wrk)
	command -v taskset >/dev/null || missing+=(util-linux)
	if ((${#missing[@]} == 0)); then
		return
	fi
	local sudo=()
	if [[ "$(id -u)" != 0 ]]; then
		sudo=(sudo)
	fi
	echo "peers: installing ${missing[*]}" >&2
	"${sudo[@]}" apt-get update
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${missing[@]}"
}
ensure_packages
export PATH="$PATH:/usr/sbin"

# --- CPU layout and processes -----------------------------------------------

cpus="$(nproc)"
proxy_cpu=0
backend_cpu=$((cpus > 1 ? 1 : 0))
if ((cpus >= 4)); then
	load_cpus="2-$((cpus - 1))"
else
	load_cpus="$backend_cpu"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-peers.XXXXXX")"
pids=()

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	sleep 0.5
	for pid in "${pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	if [[ -z "${KEEP_WORK:-}" ]]; then
		rm -rf "$work"
	else
		echo "peers: kept $work" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a random loopback port that nothing listens on.
free_port() {
	local port
	while :; do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
}

# wait_http NAME PORT waits until 127.0.0.1:PORT responds to HTTP, for at most
# 20s, and shows the process's log when it does not.
wait_http() {
	local i
	for i in $(seq 1 400); do
		if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$2/"; then
			return 0
		fi
		sleep 0.05
	done
	echo "peers: $1 does not respond on 127.0.0.1:$2; its output:" >&2
	cat "$work/$1.log" >&2
	return 1
}

# start NAME CPU COMMAND... starts a pinned process in the background and
# records its PID under NAME. taskset and env exec the command, so the PID
# is the command's.
declare -A pid_of
start() {
	local name="$1" cpu="$2"
	shift 2
	taskset -c "$cpu" "$@" >"$work/$name.log" 2>&1 &
	pid_of[$name]=$!
	pids+=("$!")
}

# --- configuration files ----------------------------------------------------

nginx_config() { # nginx_config NAME PORT BODY
	local name="$1" port="$2" body="$3" dir="$work/$1"
	mkdir -p "$dir/logs" "$dir/tmp"
	cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 1000000;
    $body
}
EOF
	echo "$dir"
}

backend_port="$(free_port)"
backend_dir="$(nginx_config backend "$backend_port" "server { listen 127.0.0.1:$backend_port; location / { return 200 \"ok\"; } }")"
start backend "$backend_cpu" nginx -p "$backend_dir" -c "$backend_dir/nginx.conf"
wait_http backend "$backend_port"

declare -A port_of
start_proxy() {
	local name="$1" port
	port="$(free_port)"
	port_of[$name]="$port"
	case "$name" in
	nginx)
		local dir
		dir="$(nginx_config nginx-proxy "$port" "upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }
    }")"
		start nginx "$proxy_cpu" nginx -p "$dir" -c "$dir/nginx.conf"
		;;
	haproxy)
		cat >"$work/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
    http-reuse always
frontend fe
    bind 127.0.0.1:$port
    default_backend be
backend be
    server backend 127.0.0.1:$backend_port
EOF
		start haproxy "$proxy_cpu" haproxy -db -f "$work/haproxy.cfg"
		;;
	gatehouse)
		start gatehouse "$proxy_cpu" env GOMAXPROCS=1 "$work/gatehouse" proxy --listen "127.0.0.1:$port" --to "127.0.0.1:$backend_port"
		;;
	gatehouse-default)
		# No GOMAXPROCS: on one pinned CPU gatehouse raises it to 2 itself.
		start gatehouse-default "$proxy_cpu" env -u GOMAXPROCS "$work/gatehouse" proxy --listen "127.0.0.1:$port" --to "127.0.0.1:$backend_port"
		;;
	httputil)
		start httputil "$proxy_cpu" env GOMAXPROCS=1 "$work/gateload" proxy --listen "127.0.0.1:$port" --to "127.0.0.1:$backend_port"
		;;
	esac
	wait_http "$name" "$port"
}

# --- measurements -----------------------------------------------------------

# cpu_ticks PID prints utime+stime of PID and its children, in clock ticks.
cpu_ticks() {
	local total=0 pid
	for pid in "$1" $(pgrep -P "$1" || true); do
		if [[ -r "/proc/$pid/stat" ]]; then
			# Fields 14 and 15 after the command name, which may hold spaces.
			total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
		fi
	done
	echo "$total"
}

# to_us converts a wrk duration (850.00us, 1.20ms, 1.00s) to microseconds.
to_us() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n
	}'
}

# run_wrk NAME PORT ROUND appends "reqs_per_s p50_us p99_us cpu_us_per_req"
# to $work/NAME.wrk.
run_wrk() {
	local name="$1" port="$2" file="$work/$1.wrk.$3.txt" pid="${pid_of[$1]:-}" before after
	[[ -n "$pid" ]] && before="$(cpu_ticks "$pid")"
	taskset -c "$load_cpus" wrk -t1 -c"$wrk_connections" -d"$wrk_duration" --latency "http://127.0.0.1:$port/" >"$file"
	[[ -n "$pid" ]] && after="$(cpu_ticks "$pid")"

	local rps p50 p99 requests cpu="-"
	rps="$(awk '/^Requests\/sec:/ {print $2}' "$file")"
	p50="$(to_us "$(awk '$1 == "50%" {print $2}' "$file")")"
	p99="$(to_us "$(awk '$1 == "99%" {print $2}' "$file")")"
	requests="$(awk '/requests in/ {print $1}' "$file")"
	if [[ -n "$pid" && "$requests" -gt 0 ]]; then
		cpu="$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')"
	fi
	echo "$rps $p50 $p99 $cpu" >>"$work/$name.wrk"
}

cat >"$work/scenario.yaml" <<EOF
scenarios:
  - name: peer-get
    targets: [{path: /}]
    rate: $rate
    duration: $gl_duration
    warmup: 1s
    connections: 64
EOF

# run_gateload NAME PORT ROUND appends "added_p50 added_p99 gateway_p99_9 valid
# late_percent" to $work/NAME.gl, where late_percent is the larger of the
# proxy's and the direct run's share of late sends.
run_gateload() {
	local name="$1" port="$2" tsv="$work/$1.gl.$3.tsv"
	taskset -c "$load_cpus" "$work/gateload" -q -scenarios "$work/scenario.yaml" \
		-target "http://127.0.0.1:$port" -direct "http://127.0.0.1:$backend_port" \
		-out "$work/$name.report.$3" -tsv "$tsv" >"$work/$name.gl.$3.txt" 2>&1 || true
	if [[ ! -s "$tsv" ]]; then
		echo "- - - false -" >>"$work/$name.gl"
		return
	fi
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{
			late = $col["gateway_late_fraction"]
			if ($col["direct_late_fraction"] > late) late = $col["direct_late_fraction"]
			print $col["added_p50_us"], $col["added_p99_us"], $col["gateway_p99_9_us"], $col["valid"], 100 * late
		}' "$tsv" >>"$work/$name.gl"
}

# median FILE COLUMN prints the median of a numeric column, or "-".
median() {
	awk -v c="$2" '$c != "-" {print $c}' "$1" | sort -g | awk '{v[NR] = $1} END {
		if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

fmt_us() {
	awk -v v="$1" 'BEGIN { if (v == "-") print "-"; else if (v >= 1000 || v <= -1000) printf "%.2f ms\n", v / 1000; else printf "%.0f µs\n", v }'
}

# --- run --------------------------------------------------------------------

go build -o "$work/gateload" ./cmd/gateload
selected=()
gatehouse_note="Gatehouse was not measured: it was left out of PROXIES."
for p in $proxies; do
	if [[ "$p" == gatehouse* ]]; then
		if [[ "$(go list -e -f '{{.Name}}' ./cmd/gatehouse 2>/dev/null)" != main ]]; then
			gatehouse_note="Gatehouse was not measured: cmd/gatehouse had no main package."
			echo "peers: skipping gatehouse, cmd/gatehouse has no main package yet" >&2
			continue
		fi
		go build -o "$work/gatehouse" ./cmd/gatehouse
	fi
	start_proxy "$p"
	selected+=("$p")
done

# The gateload stub alone shows what a Go net/http backend could serve.
stub_port="$(free_port)"
start stub "$backend_cpu" env GOMAXPROCS=1 "$work/gateload" stub -listen "127.0.0.1:$stub_port" -size 2
wait_http stub "$stub_port"

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
	echo "peers: round $round of $rounds" >&2
	run_wrk backend "$backend_port" "$round"
	run_wrk stub "$stub_port" "$round"
	for p in "${selected[@]}"; do
		echo "peers:   $p" >&2
		run_wrk "$p" "${port_of[$p]}" "$round"
		run_gateload "$p" "${port_of[$p]}" "$round"
	done
done
load_at_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report -----------------------------------------------------------------

{
	echo "### Gatehouse and peers as reverse proxies on one core"
	echo
	echo "Generated by \`bench/peers/run.sh\` on $(date -u +%Y-%m-%d): $cpus CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
	echo "load average $load_at_start at start and $load_at_end at the end (above $cpus means other work shared the CPUs)."
	echo "Proxies on CPU $proxy_cpu; backend nginx \`return 200 \"ok\"\` on CPU $backend_cpu; wrk and gateload on CPU $load_cpus."
	echo "Versions: $(nginx -v 2>&1 | sed 's/^nginx version: //'), HAProxy $(haproxy -v | awk 'NR == 1 {print $3}'), $(go version | awk '{print $3}')."
	echo "Throughput and closed-loop latency: \`wrk -t1 -c$wrk_connections -d$wrk_duration --latency\`."
	echo "Added latency: \`gateload\` at $rate requests/s for $gl_duration per side, proxy and direct interleaved, from intended send times."
	echo "Medians of $rounds interleaved rounds. CPU/request is the proxy's utime+stime over wrk's request count."
	echo
	echo "gateload marks a run invalid when more than 0.1% of its sends started over 1ms late; the last column gives the"
	echo "median share of late sends, the larger of the proxy and direct runs, so invalid rows can be judged."
	echo
	echo "| proxy | requests/s | × nginx | p50 (wrk) | p99 (wrk) | CPU/request | added p50 @ $rate/s | added p99 @ $rate/s | proxy p99.9 @ $rate/s | valid gateload runs | late sends |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	nginx_rps=""
	[[ -s "$work/nginx.wrk" ]] && nginx_rps="$(median "$work/nginx.wrk" 1)"
	for p in "${selected[@]}"; do
		valid="$(awk '$4 == "true"' "$work/$p.gl" | wc -l)"
		rps="$(median "$work/$p.wrk" 1)"
		ratio="-"
		[[ -n "$nginx_rps" ]] && ratio="$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')"
		printf '| %s | %.0f | %s | %s | %s | %s µs | %s | %s | %s | %d of %d | %s%% |\n' "$p" \
			"$rps" "$ratio" "$(fmt_us "$(median "$work/$p.wrk" 2)")" "$(fmt_us "$(median "$work/$p.wrk" 3)")" \
			"$(median "$work/$p.wrk" 4)" "$(fmt_us "$(median "$work/$p.gl" 1)")" "$(fmt_us "$(median "$work/$p.gl" 2)")" \
			"$(fmt_us "$(median "$work/$p.gl" 3)")" "$valid" "$rounds" "$(median "$work/$p.gl" 5)"
	done
	echo
	echo "Backends alone, same wrk command (wrk shares the backend's CPU on machines with fewer than 4):"
	echo
	echo "| backend | requests/s | p50 (wrk) | p99 (wrk) | CPU/request |"
	echo "|---|---:|---:|---:|---:|"
	for b in backend stub; do
		label="nginx return 200"
		[[ "$b" == stub ]] && label="gateload stub (GOMAXPROCS=1)"
		printf '| %s | %.0f | %s | %s | %s µs |\n' "$label" "$(median "$work/$b.wrk" 1)" \
			"$(fmt_us "$(median "$work/$b.wrk" 2)")" "$(fmt_us "$(median "$work/$b.wrk" 3)")" "$(median "$work/$b.wrk" 4)"
	done
	if [[ " ${selected[*]} " != *" gatehouse "* ]]; then
		echo
		echo "$gatehouse_note"
	fi
} >"$out"
cat "$out"
