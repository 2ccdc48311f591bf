#!/usr/bin/env bash
# Benchmarks graph-comms-mock against nginx (the ceiling for an HTTP server here) and WireMock
# (what users would pick instead), all in this one run, on loopback, bounded in time. Prints a
# table whose figures are ratios to those baselines. Usage: bash tests/bench/run.sh [SECONDS]
# (default 10: each round of the first table runs half that, every other measure all of it).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
duration=${1:-10}
work=$(mktemp -d)
chmod 755 "$work" # nginx's worker (www-data) reads the answers from here
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# --- tools -------------------------------------------------------------------------------------
bash .ci/install-deps
for tool in wrk nginx; do
    command -v "$tool" >/dev/null || { apt-get install -y -qq wrk nginx-light >/dev/null; break; }
done
(cd tests/bench && npm install --no-audit --no-fund --loglevel=error >/dev/null)
cmake --preset release -DBUILD_TESTING=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
mock=$root/build/release/server/cli/graph-comms-mock

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
wait_http() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { echo "scale=3; $1 / $2" | bc | sed 's/^\./0./'; }

# Starts the mock; sets mock_pid and mock_port. Extra arguments go to the mock.
start_mock() {
    local out
    out=$(mktemp -u "$work/mock.XXXXXX")
    mkfifo "$out.fifo"
    "$mock" --port 0 "$@" >"$out.fifo" 2>"$out.err" &
    mock_pid=$!
    pids+=("$mock_pid")
    read -r line <"$out.fifo"
    mock_port=${line##*:}
    cat "$out.fifo" >/dev/null &
}
stop_mock() {
    if ! kill "$mock_pid" 2>/dev/null; then
        echo "graph-comms-mock exited early:" >&2
        tail -n 5 "$work"/mock.*.err >&2 || true
    fi
    wait "$mock_pid" 2>/dev/null || true
}

# wrk -t1: the machine has 2 cores, one for the server under test and one for the load.
# Prints "req/s p50_us p99_us non2xx".
load() {
    local conns=$1 script=$2 url=$3
    wrk -t1 -c"$conns" -d"${duration}s" --latency -s "$script" "$url" >"$work/wrk.out" 2>&1 || true
    awk '
        function us(v) { if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1000000; return v }
        /Requests\/sec/ {rps=$2} / 50%/ {p50=us($2)} / 99%/ {p99=us($2)}
        /Non-2xx/ {bad=$5} END {printf "%d %d %d %d\n", rps, p50, p99, bad+0}' "$work/wrk.out"
}

# --- the answers the baselines serve: the mock's own, byte for byte ---------------------------
start_mock --auth none --no-notifications
hold_url=/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e
curl -s "http://127.0.0.1:$mock_port$hold_url" >"$work/get.json"
curl -s -X POST -H 'Content-Type: application/json' -d '{"clientContext": "c"}' \
    "http://127.0.0.1:$mock_port$hold_url/stopHoldMusic" >"$work/post.json"
stop_mock

# --- nginx: one worker, the same JSON from memory ------------------------------------------------
# `return` answers from the configuration, with no file to open and (for POST) no internal
# redirect: the fastest nginx can be, so it is the ceiling. Its string syntax needs "$" spelled
# through a variable and "'" escaped.
nginx_literal() { sed -e 's/\$/${dollar}/g' -e "s/'/\\\\'/g" "$1"; }
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    log_format stamp '\$msec';
    client_body_temp_path $work/nginx;
    keepalive_requests 1000000;
    geo \$dollar { default "\$"; }
    server {
        listen 127.0.0.1:$nginx_port;
        location = /get { default_type application/json; return 200 '$(nginx_literal "$work/get.json")'; }
        location = /post { default_type application/json; return 202 '$(nginx_literal "$work/post.json")'; }
        location /api/calls { access_log $work/nginx/deliveries.log stamp; return 202; }
    }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_http "http://127.0.0.1:$nginx_port/get"
cmp -s <(curl -s "http://127.0.0.1:$nginx_port/get") "$work/get.json" ||
    { echo "nginx does not serve the mock's GET answer byte for byte" >&2; exit 1; }

# --- WireMock: the same two answers as mappings ---------------------------------------------------------------
wiremock_port=$(free_port)
(cd tests/bench && npx wiremock --port "$wiremock_port" --disable-banner --no-request-journal \
    >"$work/wiremock.log" 2>&1) &
pids+=($!)
wait_http "http://127.0.0.1:$wiremock_port/__admin/health" || wait_http "http://127.0.0.1:$wiremock_port/__admin/mappings"
node -e '
const [port, get, post] = process.argv.slice(1);
const fs = require("fs");
const mapping = (method, url, status, body) => fetch(`http://127.0.0.1:${port}/__admin/mappings`, {
  method: "POST", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({request: {method, url}, response: {status, body,
    headers: {"Content-Type": "application/json"}}})});
Promise.all([mapping("GET", "/get", 200, fs.readFileSync(get, "utf8")),
             mapping("POST", "/post", 202, fs.readFileSync(post, "utf8"))]);
' "$wiremock_port" "$work/get.json" "$work/post.json"

printf '\nEach run: wrk -t1 on loopback; the server under test has the other core.\n'
printf 'Baselines in this run: nginx (1 worker, the same JSON via return), WireMock %s (mappings).\n\n' \
    "$(node -p 'require("./tests/bench/node_modules/wiremock/package.json").version')"

# Ratios first; the mock's own figures next; the baselines' req/s last, for reference.
row() { printf '%-44s %8s %10s %10s %8s %8s %10s %10s\n' "$@"; }
row "workload" "x nginx" "x WireMock" "req/s" "p50 us" "p99 us" "nginx" "WireMock"
row "--------" "-------" "----------" "-----" "------" "------" "-----" "--------"

start_mock --auth none --no-notifications --threads 1
# Warm-up, the same for all three: WireMock's JIT needs it to show its steady state.
for url in "http://127.0.0.1:$nginx_port/" "http://127.0.0.1:$wiremock_port/" "http://127.0.0.1:$mock_port$hold_url"; do
    if [[ $url == *"$hold_url" ]]; then get=$url; post=$url/stopHoldMusic; else get=${url}get; post=${url}post; fi
    duration=5 load 32 tests/bench/get.lua "$get" >/dev/null
    duration=5 load 32 tests/bench/post.lua "$post" >/dev/null
done
# Three rounds, each running nginx, WireMock and the mock in turn for half the run length: a
# noisy moment on this VM then moves one round's ratio, not the median of three.
rounds=3
round_s=$(( duration > 3 ? duration / 2 : 2 ))
for conns in 32 256; do
    for kind in get post; do
        if [ "$kind" = get ]; then path=$hold_url; script=tests/bench/get.lua; else path=$hold_url/stopHoldMusic; script=tests/bench/post.lua; fi
        ns=(); ws=(); ms=(); m50s=(); m99s=(); xn=(); xw=()
        for _ in $(seq 1 "$rounds"); do
            read -r n_rps _ _ _ < <(duration=$round_s load "$conns" "$script" "http://127.0.0.1:$nginx_port/$kind")
            read -r w_rps _ _ _ < <(duration=$round_s load "$conns" "$script" "http://127.0.0.1:$wiremock_port/$kind")
            read -r m_rps m50 m99 _ < <(duration=$round_s load "$conns" "$script" "http://127.0.0.1:$mock_port$path")
            ns+=("$n_rps"); ws+=("$w_rps"); ms+=("$m_rps"); m50s+=("$m50"); m99s+=("$m99")
            xn+=("$(ratio "$m_rps" "$n_rps")"); xw+=("$(ratio "$m_rps" "$w_rps")")
        done
        label="$( [ "$kind" = get ] && echo "GET participant" || echo "POST stopHoldMusic (stateful)")"
        if [ "$kind" = post ] && [ "$conns" = 32 ]; then post32_rps=$(median "${ms[@]}"); post32_rounds="${xn[*]}"; fi
        row "$label, $conns conns" "$(median "${xn[@]}")" "$(median "${xw[@]}")" "$(median "${ms[@]}")" \
            "$(median "${m50s[@]}")" "$(median "${m99s[@]}")" "$(median "${ns[@]}")" "$(median "${ws[@]}")"
    done
done
printf '(medians of %d interleaved rounds of %d s; x nginx of POST stopHoldMusic, 32 conns, by round: %s)\n' \
    "$rounds" "$round_s" "$post32_rounds"
stop_mock

# --- WireMock as it runs by default: its request journal on (the mock's is on too) ---------------
# The table above uses --no-request-journal, WireMock's fastest setting; this is the one most users
# run. (A bounded journal, --max-request-journal-entries 10000, is slower still: under 1k req/s.)
wiremock_default_port=$(free_port)
(cd tests/bench && npx wiremock --port "$wiremock_default_port" --disable-banner \
    >"$work/wiremock-default.log" 2>&1) &
pids+=($!)
wait_http "http://127.0.0.1:$wiremock_default_port/__admin/mappings"
curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$wiremock_default_port/__admin/mappings" \
    -d "$(node -e 'const fs=require("fs");console.log(JSON.stringify({request:{method:"POST",url:"/post"},
        response:{status:202,body:fs.readFileSync(process.argv[1],"utf8"),headers:{"Content-Type":"application/json"}}}))' "$work/post.json")" >/dev/null
duration=5 load 32 tests/bench/post.lua "http://127.0.0.1:$wiremock_default_port/post" >/dev/null
read -r wd_rps _ _ _ < <(load 32 tests/bench/post.lua "http://127.0.0.1:$wiremock_default_port/post")
kill "$(pgrep -f "wiremock-standalone.*--port $wiremock_default_port" | head -1)" 2>/dev/null || true
printf '
WireMock with its default request journal, POST, 32 conns: %d req/s; the mock'"'"'s POST above is %sx that
' \
    "$wd_rps" "$(echo "scale=1; $post32_rps/$wd_rps" | bc)"

# --- mixed bot flow across 1,000 calls ---------------------------------------------------------
node tests/bench/make_fixture.mjs 1000 5 >"$work/calls-1000.json"
start_mock --auth none --no-notifications --fixtures "$work/calls-1000.json"
for conns in 32 256; do
    read -r m_rps m50 m99 bad < <(BENCH_CALLS=1000 load "$conns" tests/bench/mixed.lua "http://127.0.0.1:$mock_port")
    row "mixed bot flow, 1000 calls, $conns conns" "-" "-" "$m_rps" "$m50" "$m99" "-" "-"
done
stop_mock

# --- scale: 10 calls vs 100,000 calls x 5 participants -----------------------------------------
# Both loaded at once and measured in turns (three 5 s runs each, medians), so that a noisy moment
# on the VM does not land on one size only.
scale_path="/v1.0/communications/calls/00000001-0000-4000-8000-$(printf '%012x' 7)/participants/00000002-0000-4000-8000-$(printf '%012x' 36)"
declare -A scale_port scale_pid scale_rss
for calls in 10 100000; do
    node tests/bench/make_fixture.mjs "$calls" 5 >"$work/calls-$calls.json"
    start_mock --auth none --no-notifications --fixtures "$work/calls-$calls.json"
    scale_port[$calls]=$mock_port
    scale_pid[$calls]=$mock_pid
    scale_rss[$calls]=$(rss_kb "$mock_pid") # loaded, before any request
    duration=5 load 32 tests/bench/get.lua "http://127.0.0.1:$mock_port$scale_path" >/dev/null # warm-up
done
declare -A p50s p99s
for _ in 1 2 3; do
    for calls in 10 100000; do
        read -r _ p50 p99 _ < <(duration=5 load 32 tests/bench/get.lua "http://127.0.0.1:${scale_port[$calls]}$scale_path")
        p50s[$calls]+="$p50 "
        p99s[$calls]+="$p99 "
    done
done
# Then one GET on every call (each thawed into the engine's own state: a load test's worst case).
BENCH_CALLS=100000 wrk -t1 -c32 -d15s -s tests/bench/touch.lua "http://127.0.0.1:${scale_port[100000]}" \
    >"$work/touch.out" 2>&1 || true
touched_requests=$(awk '/requests in/ {print $1}' "$work/touch.out")
touched_rss=$(rss_kb "${scale_pid[100000]}")
printf '\n%-44s %12s %12s %12s\n' "scale (GET participant, 32 conns)" "p50 us" "p99 us" "RSS MB"
for calls in 10 100000; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    printf '%-44s %12s %12s %12s\n' "$calls calls loaded" "$(median ${p50s[$calls]})" \
        "$(median ${p99s[$calls]})" "$(( scale_rss[$calls] / 1024 ))"
done
# shellcheck disable=SC2086
printf '%-44s %12s %12s\n' "100000 vs 10 calls" \
    "$(echo "scale=2; $(median ${p50s[100000]}) / $(median ${p50s[10]})" | bc)x" \
    "$(echo "scale=2; $(median ${p99s[100000]}) / $(median ${p99s[10]})" | bc)x"
# Per participant: the whole process's RSS over 500,000 participants, and what each adds (the
# difference to the 10-call process over the 499,950 more participants).
printf 'memory, 100,000 calls x 5 participants: %d bytes per participant (RSS / participants), %d bytes each added; target 600\n' \
    "$(( scale_rss[100000] * 1024 / 500000 ))" \
    "$(( (scale_rss[100000] - scale_rss[10]) * 1024 / 499950 ))"
printf 'memory after a GET on every call (%s requests for 100,000 calls): RSS %d MB, %d bytes per participant\n' \
    "$touched_requests" "$(( touched_rss / 1024 ))" "$(( touched_rss * 1024 / 500000 ))"
for calls in 10 100000; do
    mock_pid=${scale_pid[$calls]}
    stop_mock
done

# --- soak: 1,000,000 mixed requests, journal on, notifications on -------------------------------
node tests/bench/make_fixture.mjs 1000 5 "http://127.0.0.1:$nginx_port/api/calls" >"$work/soak.json"
start_mock --auth none --fixtures "$work/soak.json"
(
    start=$(date +%s)
    for i in $(seq 1 200); do sleep 1; echo "$(( $(date +%s) - start )) $(rss_kb "$mock_pid")"; done
) >"$work/rss.log" &
rss_sampler=$!
pids+=("$rss_sampler")
soak_total=0
soak_start=$(date +%s)
while [ "$soak_total" -lt 1000000 ] && [ $(( $(date +%s) - soak_start )) -lt 180 ]; do
    wrk -t1 -c32 -d10s -s tests/bench/mixed.lua "http://127.0.0.1:$mock_port" >"$work/soak.out" 2>&1
    soak_total=$(( soak_total + $(awk '/requests in/ {print $1}' "$work/soak.out") ))
done
kill "$rss_sampler" 2>/dev/null || true
stop_mock
printf '\nsoak: %d mixed requests in %d s with journal and notifications on; RSS MB at start/middle/end: %s\n' \
    "$soak_total" "$(( $(date +%s) - soak_start ))" \
    "$(awk 'NR==1{a=$2} {v[NR]=$2} END{printf "%d / %d / %d", a/1024, v[int(NR/2)+1]/1024, v[NR]/1024}' "$work/rss.log")"

# --- notifications: deliveries per second to nginx over kept-alive connections ------------------
# Sustained: mutes of a 5-participant group call (one roster notification each) at full speed,
# delivered while they come; the API's latency beside the same load with notifications off.
node tests/bench/make_fixture.mjs 100 5 "http://127.0.0.1:$nginx_port/api/calls" >"$work/notify.json"
mute_url() { echo "http://127.0.0.1:$mock_port/v1.0/communications/calls/00000001-0000-4000-8000-000000000007/participants/00000002-0000-4000-8000-000000000024/mute"; }
start_mock --auth none --fixtures "$work/notify.json" --no-notifications
read -r off_rps off50 off99 _ < <(load 32 tests/bench/post.lua "$(mute_url)")
stop_mock
start_mock --auth none --fixtures "$work/notify.json" --notify-max-pending 1000000
: >"$work/nginx/deliveries.log"
read -r api_rps api50 api99 _ < <(load 32 tests/bench/post.lua "$(mute_url)")
api_total=$(awk '/requests in/ {print $1}' "$work/wrk.out")
for _ in $(seq 1 100); do # until the queue drained (bounded)
    before=$(wc -l <"$work/nginx/deliveries.log"); sleep 0.2
    [ "$(wc -l <"$work/nginx/deliveries.log")" = "$before" ] && break
done
delivered=$(wc -l <"$work/nginx/deliveries.log")
stop_mock
# Burst: 20,000 calls come up at once (each notifies its state, its media and its roster): the
# notifier alone, from the first delivery to the last.
node tests/bench/make_fixture.mjs 20000 5 "http://127.0.0.1:$nginx_port/api/calls" establishing >"$work/burst.json"
: >"$work/nginx/deliveries.log"
start_mock --auth none --fixtures "$work/burst.json" --call-setup-ms 1000 --notify-max-pending 1000000
for _ in $(seq 1 300); do
    before=$(wc -l <"$work/nginx/deliveries.log"); sleep 0.5
    now=$(wc -l <"$work/nginx/deliveries.log")
    [ "$now" -gt 0 ] && [ "$now" = "$before" ] && break
done
stop_mock
read -r burst_n burst_s burst_rate < <(sort -n "$work/nginx/deliveries.log" |
    awk 'NR==1{f=$1} {l=$1} END {printf "%d %.2f %d\n", NR, l-f, (l>f) ? NR/(l-f) : 0}')
printf '\nnotifications over kept-alive connections (--notify-connections 8) to nginx returning 202:\n'
printf '  sustained: %d mutes/s, %d of %d roster notifications delivered (%sx), %d deliveries/s\n' \
    "$api_rps" "$delivered" "$api_total" "$(ratio "$delivered" "$api_total")" \
    "$(( delivered / duration ))"
printf '  API beside them: p50 %s us, p99 %s us; with notifications off: %d mutes/s, p50 %s us, p99 %s us (p99 %sx)\n' \
    "$api50" "$api99" "$off_rps" "$off50" "$off99" "$(ratio "$api99" "$off99")"
printf '  burst: %d deliveries in %s s from the first to the last: %d deliveries/s; target 50,000\n' \
    "$burst_n" "$burst_s" "$burst_rate"
node tests/bench/make_fixture.mjs 100 5 "http://127.0.0.1:$(free_port)/api/calls" >"$work/dead.json"
start_mock --auth none --fixtures "$work/dead.json" --notify-max-pending 1000
read -r _ dead50 dead99 _ < <(load 32 tests/bench/post.lua "$(mute_url)")
stop_mock
printf 'API latency with the bot down: p50 %s us, p99 %s us (notifications off: p50 %s us, p99 %s us; %sx, %sx)\n' \
    "$dead50" "$dead99" "$off50" "$off99" "$(echo "scale=2; $dead50/$off50" | bc)" "$(echo "scale=2; $dead99/$off99" | bc)"

# --- threads: 1 vs 2 I/O threads, a namespace per load thread -----------------------------------
# wrk -t2 (each thread its own namespace) pinned to CPU 1 both times; the mock with one thread on
# CPU 0, then with two on CPUs 0 and 1 (the second shares its core with the load generator).
printf '\n%-44s %12s %12s %12s\n' "threads (a namespace per wrk thread, 64 conns)" "1 thread" "2 threads" "2 vs 1"
for kind in get post; do
    declare -A by_threads=()
    for round in 1 2 3; do
        for threads in 1 2; do
            cpus=$([ "$threads" = 1 ] && echo 0 || echo 0,1)
            out=$(mktemp -u "$work/mock.XXXXXX")
            mkfifo "$out.fifo"
            taskset -c "$cpus" "$mock" --port 0 --auth none --no-notifications --threads "$threads" \
                >"$out.fifo" 2>"$out.err" &
            mock_pid=$!
            pids+=("$mock_pid")
            read -r line <"$out.fifo"
            mock_port=${line##*:}
            cat "$out.fifo" >/dev/null &
            BENCH_KIND=$kind taskset -c 1 wrk -t2 -c64 -d"$round_s"s -s tests/bench/namespaced.lua \
                "http://127.0.0.1:$mock_port" >"$work/wrk.out" 2>&1 || true
            by_threads[$threads]+="$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk.out") "
            stop_mock
        done
    done
    # shellcheck disable=SC2086
    one=$(median ${by_threads[1]}); two=$(median ${by_threads[2]})
    printf '%-44s %12s %12s %12s\n' "$([ "$kind" = get ] && echo "GET participant" || echo "POST stopHoldMusic")" \
        "$one" "$two" "$(ratio "$two" "$one")x"
done

# --- start-up and idle memory ------------------------------------------------------------------
best=999999
for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    start_mock --auth none
    t1=$(date +%s%N)
    idle=$(rss_kb "$mock_pid")
    stop_mock
    ms=$(( (t1 - t0) / 1000000 ))
    if [ "$ms" -lt "$best" ]; then best=$ms; fi
done
printf 'start-up to the "listening on" line: %d ms (best of 5); idle RSS %d MB\n' "$best" "$(( idle / 1024 ))"
