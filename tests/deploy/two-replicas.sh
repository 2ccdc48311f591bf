#!/usr/bin/env bash
# Two graph-comms-mock replicas behind a stock nginx that shards by namespace, with the config of
# docker/nginx-namespaces.conf (`map $uri $ns` + `hash $ns consistent`). Run as root:
#   bash tests/deploy/two-replicas.sh [BUILD_DIR]      (default: build/release)
# Proves, on loopback, with ports picked free:
#  a. every request of a namespace reaches one replica: for 20 namespaces, a call created through
#     nginx is seen through nginx, and asking the replicas directly finds it, and the namespace's
#     requests, on exactly one of them (the other has never heard of the namespace);
#  b. the namespaces are spread: both replicas hold some;
#  c. killing and restarting one replica loses only its own namespaces: while it is down their
#     requests get 502 (they do not move to the other replica), afterwards they start again from
#     the fixture, and the other replica's namespaces still have their calls.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
started_ns=$(date +%s%N)
say() { printf '[two-replicas %3d s] %s\n' $((SECONDS - started)) "$*"; }
fail() {
    say "FAIL: $*" >&2
    exit 1
}

build=${1:-build/release}
bin=$build/server/cli/graph-comms-mock
[ -x "$bin" ] || fail "no binary at $bin (build it: cmake --preset release && cmake --build --preset release)"
if ! command -v nginx >/dev/null; then
    say "installing nginx-light"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
fi

dir=$(mktemp -d /var/tmp/gcm-replicas.XXXXXX)
declare -A pid=()
cleanup() {
    local code=$?
    set +e
    for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null; done
    for name in "${!pid[@]}"; do wait "${pid[$name]}" 2>/dev/null; done
    if [ "$code" -ne 0 ]; then
        for log in "$dir"/*.err "$dir"/error.log; do
            [ -s "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }
        done
    fi
    rm -rf "$dir"
    local ms=$((($(date +%s%N) - started_ns) / 1000000))
    if [ "$code" -eq 0 ]; then say "green in $((ms / 1000)).$((ms % 1000 / 100)) s"; else say "failed ($code)"; fi
}
trap cleanup EXIT

free_port() {
    if command -v node >/dev/null; then
        node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
    else
        python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"
    fi
}

# Starts replica $1 on port $2 (0: any) and sets port[$1] from its "listening on" line.
declare -A port=()
start_replica() {
    local name=$1 want=$2 deadline=$((SECONDS + 10))
    for _ in 1 2 3 4 5; do
        : >"$dir/$name.out"
        "$bin" --port "$want" --no-notifications >"$dir/$name.out" 2>"$dir/$name.err" &
        pid[$name]=$!
        until grep -q 'listening on' "$dir/$name.out"; do
            if ! kill -0 "${pid[$name]}" 2>/dev/null; then
                wait "${pid[$name]}" 2>/dev/null || true
                unset "pid[$name]"
                break
            fi
            [ $SECONDS -lt $deadline ] || fail "$name printed no 'listening on' line within 10 s"
            sleep 0.05
        done
        if [ -n "${pid[$name]:-}" ]; then
            port[$name]=$(sed -n 's/^graph-comms-mock listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/$name.out")
            return 0
        fi
        # The port may still be held for a moment after a kill: try again, within the deadline.
        [ $SECONDS -lt $deadline ] || break
        sleep 0.2
    done
    fail "$name could not start on port $want: $(cat "$dir/$name.err")"
}

# HTTP helpers: status code only, or the body.
code() { curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer test' "$@"; }
body() { curl -s -H 'Authorization: Bearer test' "$@"; }
requests_in_journal() { body "$1/_ns/$2/_mock/journal" | { grep -o '"kind":"request"' || true; } | wc -l; }

start_replica r1 0
start_replica r2 0
r1=http://127.0.0.1:${port[r1]}
r2=http://127.0.0.1:${port[r2]}
say "replicas: r1 on ${port[r1]}, r2 on ${port[r2]}"

nginx_port=$(free_port)
sed -e "s|@PREFIX@|$dir|g" -e "s|@LISTEN@|127.0.0.1:$nginx_port|g" \
    -e "s|@REPLICA_1@|127.0.0.1:${port[r1]}|g" -e "s|@REPLICA_2@|127.0.0.1:${port[r2]}|g" \
    docker/nginx-namespaces.conf >"$dir/nginx.conf"
nginx -t -p "$dir" -c "$dir/nginx.conf" 2>"$dir/nginx-t.log" || { cat "$dir/nginx-t.log" >&2; fail "nginx -t"; }
nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/nginx.err" &
pid[nginx]=$!
proxy=http://127.0.0.1:$nginx_port
deadline=$((SECONDS + 10))
until [ "$(code "$proxy/_mock/health")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || fail "nginx did not answer within 10 s"
    sleep 0.05
done
say "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') on $nginx_port, hashing /_ns/{name} to a replica"

# --- a. one namespace, one replica ------------------------------------------------------------------
create='{"@odata.type": "#microsoft.graph.call", "callbackUri": "http://127.0.0.1:9/api/calls",
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
    "identity": {"@odata.type": "#microsoft.graph.identitySet",
      "user": {"@odata.type": "#microsoft.graph.identity", "id": "8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d"}}}],
  "requestedModalities": ["audio"],
  "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}'
declare -A call=() home=()
namespaces=()
for i in $(seq -w 1 20); do namespaces+=("team-$i"); done
for ns in "${namespaces[@]}"; do
    location=$(curl -s -D - -o /dev/null -H 'Authorization: Bearer test' -H 'Content-Type: application/json' \
        -d "$create" "$proxy/_ns/$ns/v1.0/communications/calls" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [ -n "$location" ] || fail "$ns: creating a call through nginx gave no Location"
    id=${location##*/}
    call[$ns]=$id
    calls=$proxy/_ns/$ns/v1.0/communications/calls/$id
    [ "$(code "$calls")" = 200 ] || fail "$ns: the call made through nginx is not found through nginx"
    [ "$(code "$calls/participants")" = 200 ] || fail "$ns: participants"
    [ "$(code -X POST "$calls/keepAlive")" = 200 ] || fail "$ns: keepAlive"
    # Directly: which replica has the call, and the namespace's 4 requests?
    on1=$(code "$r1/_ns/$ns/_mock/calls/$id")
    on2=$(code "$r2/_ns/$ns/_mock/calls/$id")
    seen1=$(requests_in_journal "$r1" "$ns")
    seen2=$(requests_in_journal "$r2" "$ns")
    case "$on1 $on2 $seen1 $seen2" in
        "200 404 4 0") home[$ns]=r1 ;;
        "404 200 0 4") home[$ns]=r2 ;;
        *) fail "$ns: call on r1 $on1, on r2 $on2; requests seen by r1 $seen1, by r2 $seen2 (expected all 4 on one replica)" ;;
    esac
done
on_r1=() on_r2=()
for ns in "${namespaces[@]}"; do
    if [ "${home[$ns]}" = r1 ]; then on_r1+=("$ns"); else on_r2+=("$ns"); fi
done
say "a. ${#namespaces[@]} namespaces: each one's call and all 4 of its requests on exactly one replica"
say "   r1: ${on_r1[*]:-(none)}"
say "   r2: ${on_r2[*]:-(none)}"

# --- b. spread --------------------------------------------------------------------------------------
[ ${#on_r1[@]} -gt 0 ] && [ ${#on_r2[@]} -gt 0 ] || fail "all namespaces landed on one replica"
say "b. both replicas hold namespaces (${#on_r1[@]} and ${#on_r2[@]})"

# --- c. kill and restart r1 ---------------------------------------------------------------------------
exec {stderr}>&2 2>/dev/null # (bash would report the kill on stderr)
kill -KILL "${pid[r1]}"
wait "${pid[r1]}" || true
exec 2>&"$stderr" {stderr}>&-
unset "pid[r1]"
lost=${on_r1[0]}
down=$(code "$proxy/_ns/$lost/v1.0/communications/calls/${call[$lost]}")
[ "$down" = 502 ] || fail "with r1 down, its namespace $lost answered $down, not 502 (it moved to r2?)"
start_replica r1 "${port[r1]}"
say "c. r1 killed (its namespaces got 502 meanwhile, not r2's answers) and restarted on ${port[r1]}"
for ns in "${on_r2[@]}"; do
    [ "$(code "$proxy/_ns/$ns/v1.0/communications/calls/${call[$ns]}")" = 200 ] ||
        fail "$ns (on r2) lost its call when r1 restarted"
done
for ns in "${on_r1[@]}"; do
    [ "$(code "$proxy/_ns/$ns/v1.0/communications/calls/${call[$ns]}")" = 404 ] ||
        fail "$ns (on r1) still has its call after r1 restarted"
    # Fresh from the fixture: the seed call is there, and the journal knows only these two requests.
    [ "$(code "$proxy/_ns/$ns/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d")" = 200 ] ||
        fail "$ns (on r1) did not start again from the fixture"
    [ "$(requests_in_journal "$r1" "$ns")" = 2 ] || fail "$ns (on r1): journal not fresh"
done
say "   r2's ${#on_r2[@]} namespaces kept their calls; r1's ${#on_r1[@]} started again from the fixture"
