#!/usr/bin/env bash
# Soak: calls churned (created, acted on, hung up) for SECONDS against a dead bot (its port
# refuses connections) and a slow one (answers after 2 s), loopback only. Samples the server's
# RSS every 5 s and fails when it grows by more than GROWTH_MB after the warm-up (the first
# third of the run). Prints RSS first/last/max and the API's p50/p99.
# Usage: bash tests/bench/soak.sh [SECONDS] [BINARY]   (default 150 s, the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-150}
mock=${2:-build/release/server/cli/graph-comms-mock}
growth_mb=${GROWTH_MB:-32}
[[ -x $mock ]] || { echo "no binary at $mock (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

mkfifo "$work/out"
"$mock" --port 0 --auth none --threads 1 --notify-timeout-ms 1000 >"$work/out" 2>"$work/err" &
mock_pid=$!
pids+=("$mock_pid")
read -r line <"$work/out"
port=${line##*:}
cat "$work/out" >/dev/null &
pids+=($!)

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$mock_pid/status"; }
node tests/bench/soak.mjs "$port" "$seconds" 2000 >"$work/load" &
load_pid=$!
pids+=("$load_pid")
samples=()
warm=$(( seconds / 3 / 5 ))
while kill -0 "$load_pid" 2>/dev/null; do
    sleep 5
    kill -0 "$mock_pid" 2>/dev/null || { echo "the server died:" >&2; tail -5 "$work/err" >&2; exit 1; }
    samples+=("$(rss_kb)")
done
wait "$load_pid"
read -r requests p50 p99 errors <"$work/load"
first=${samples[$warm]:-${samples[0]}}
last=${samples[-1]}
max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
printf 'soak %s s: %s requests, %s errors, API p50 %s ms, p99 %s ms\n' "$seconds" "$requests" "$errors" "$p50" "$p99"
printf 'RSS (MB): start %s, after warm-up %s, last %s, max %s (samples every 5 s: %s)\n' \
    "$(( samples[0] / 1024 ))" "$(( first / 1024 ))" "$(( last / 1024 ))" "$(( max / 1024 ))" "${#samples[@]}"
if (( last - first > growth_mb * 1024 )); then
    echo "FAIL: RSS grew by $(( (last - first) / 1024 )) MB after the warm-up (bound ${growth_mb} MB)" >&2
    exit 1
fi
echo "OK: RSS grew by $(( (last - first) / 1024 )) MB after the warm-up (bound ${growth_mb} MB)"
