#!/usr/bin/env bash
# Proves the container image on a machine with no Docker engine and no Docker Hub, with podman
# (the recipe of shared/spec/container.md). Run as root, from anywhere:
#   bash docker/test-image.sh
#  1. makes the debian:bookworm-slim base with debootstrap, builds docker/Dockerfile (and the
#     sample bot's image, at the same time) and fails above 40,000,000 bytes;
#  2. runs the image with -p 127.0.0.1:PORT:8080, waits for the image's own HEALTHCHECK command
#     to pass (run in the container, as CI's health waits do), runs the README's seed examples
#     against the published port, checks that a folder mounted over /fixtures replaces the
#     default fixture, and that SIGTERM stops the server (PID 1) with exit code 0 within a second;
#  3. brings up docker/compose.yaml with podman-compose (mock + sample bot on one network, wired
#     by service names), rings the bot through the control plane and waits until the journal
#     shows it answered, played its prompt, held and unheld the caller and hung up, every
#     notification delivered (so the bot accepted every token, and http://bot:3978 resolved);
#  4. the same with docker/compose.csharp.yaml: the C# sample bot on Microsoft's Communications
#     SDK, over https both ways (its image built from stand-ins for Microsoft's .NET images made
#     from this machine's .NET SDK, since mcr.microsoft.com cannot be reached either).
# Everything it makes (podman's whole state: images, containers, networks) lives in a temporary
# folder under /var/tmp and is removed on exit. Every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
started_ns=$(date +%s%N)
say() { printf '[test-image %3d s] %s\n' $((SECONDS - started)) "$*"; }
fail() {
    say "FAIL: $*" >&2
    exit 1
}
size_limit=40000000
mock_image=localhost/graph-comms-mock:latest
bot_image=localhost/graph-comms-mock-sample-bot:latest
project=gcmtest$$

# --- tools -------------------------------------------------------------------------------------
# podman with runc (crun fails on these VMs' hybrid cgroups), netavark + aardvark-dns for a network
# whose containers find each other by name, debootstrap for the base image, podman-compose.
packages=(podman runc netavark aardvark-dns iptables debootstrap podman-compose curl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs) # JSON checks and free ports
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- podman's state: private, temporary ---------------------------------------------------------
work=$(mktemp -d /var/tmp/gcm-image-test.XXXXXX)
mkdir -p "$work/tmp" "$work/networks"
cat >"$work/containers.conf" <<CONF
[containers]
# podman's default ulimits exceed these VMs' hard limits.
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/events.log"
tmp_dir = "$work/tmp"
[network]
network_backend = "netavark"
network_config_dir = "$work/networks"
CONF
cat >"$work/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$work/root"
runroot = "$work/runroot"
CONF
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf
export TMPDIR=$work/tmp

# netavark turns on IPv4 forwarding and leaves its base firewall chains behind: put the host back
# as it was (the chains only when this run made them and they hold no one's rules).
forwarding_before=$(cat /proc/sys/net/ipv4/ip_forward)
chains_before=no
iptables -t nat -S NETAVARK-HOSTPORT-DNAT >/dev/null 2>&1 && chains_before=yes
restore_host() {
    if [ "$chains_before" = no ] && iptables -t nat -S NETAVARK-HOSTPORT-DNAT >/dev/null 2>&1 &&
        [ "$(iptables -t nat -S NETAVARK-HOSTPORT-DNAT | grep -c '^-A')" = 0 ] &&
        [ "$(iptables -S NETAVARK_FORWARD 2>/dev/null | grep -c '^-A')" = 0 ]; then
        iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j NETAVARK-HOSTPORT-DNAT
        iptables -t nat -D OUTPUT -m addrtype --dst-type LOCAL -j NETAVARK-HOSTPORT-DNAT
        iptables -t nat -D POSTROUTING -j NETAVARK-HOSTPORT-MASQ
        for chain in NETAVARK-HOSTPORT-DNAT NETAVARK-HOSTPORT-MASQ NETAVARK-HOSTPORT-SETMARK; do
            iptables -t nat -F "$chain" && iptables -t nat -X "$chain"
        done
        iptables -D FORWARD -m comment --comment "netavark firewall plugin rules" -j NETAVARK_FORWARD
        iptables -F NETAVARK_FORWARD && iptables -X NETAVARK_FORWARD
    fi
    echo "$forwarding_before" >/proc/sys/net/ipv4/ip_forward
}

cleanup() {
    local code=$?
    set +e
    podman pod rm -a -f -t 0 >/dev/null 2>&1
    podman rm -a -f -t 0 >/dev/null 2>&1
    podman network prune -f >/dev/null 2>&1
    podman system reset -f >/dev/null 2>&1
    # Whatever podman left mounted under the folder, then the folder.
    findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$work"
    restore_host 2>/dev/null
    local ms=$((($(date +%s%N) - started_ns) / 1000000))
    if [ "$code" -eq 0 ]; then say "green in $((ms / 1000)).$((ms % 1000 / 100)) s"; else say "failed ($code)"; fi
}
trap cleanup EXIT

free_port() {
    node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Polls `command...` every 0.2 s until it succeeds, for at most $1 seconds.
wait_for() {
    local limit=$1
    shift
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}

# --- 1. the base image and the two images ---------------------------------------------------------
say "making debian:bookworm-slim with debootstrap"
t=$SECONDS
debootstrap --variant=minbase bookworm "$work/rootfs" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
tar -C "$work/rootfs" -c . | podman import - localhost/bookworm-minbase >/dev/null
podman tag localhost/bookworm-minbase docker.io/library/debian:bookworm-slim
rm -rf "$work/rootfs"
say "base image ready in $((SECONDS - t)) s"

# --format docker keeps HEALTHCHECK (the OCI image format has none). The bot's image (apt only)
# builds while the mock's compiles.
t=$SECONDS
podman build --pull=never --format docker -t "$bot_image" examples/sample-bot \
    >"$work/bot-build.log" 2>&1 &
bot_build=$!
podman build --pull=never --format docker -f docker/Dockerfile -t "$mock_image" . \
    >"$work/mock-build.log" 2>&1 || { tail -40 "$work/mock-build.log" >&2; fail "docker/Dockerfile does not build"; }
say "docker/Dockerfile built in $((SECONDS - t)) s"
wait "$bot_build" || { tail -40 "$work/bot-build.log" >&2; fail "examples/sample-bot/Dockerfile does not build"; }
say "both images built in $((SECONDS - t)) s"

size=$(podman image inspect --format '{{.Size}}' "$mock_image")
say "image size: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB; limit $size_limit)"
[ "$size" -le "$size_limit" ] || fail "the image is $size bytes, over $size_limit"

# The image's own HEALTHCHECK command, as CI runners (and docker) run it.
health_json=$(podman image inspect --format '{{json .HealthCheck.Test}}' "$mock_image")
mapfile -t health < <(node -e '
    const test = JSON.parse(process.argv[1]);
    if (!Array.isArray(test) || test[0] !== "CMD") process.exit(1);
    for (const word of test.slice(1)) console.log(word);' "$health_json") ||
    fail "the image has no exec-form HEALTHCHECK: $health_json"
say "HEALTHCHECK: ${health[*]}"
healthy() { podman exec "$1" "${health[@]}"; }
# The CI snippets of docs/docker.md wait with the same commands as this script.
grep -qF "docker exec \${{ job.services.graph-mock.id }} ${health[*]} && break" docs/docker.md ||
    fail "docs/docker.md: the GitHub Actions wait does not run the image's HEALTHCHECK command (${health[*]})"
grep -qF 'curl -fsS http://graph-mock:8080/_mock/health && break' docs/docker.md ||
    fail "docs/docker.md: the GitLab CI wait is not the one this script runs"

# --- 2. the image alone -----------------------------------------------------------------------------
port=$(free_port)
t=$SECONDS
# (podman complains on stderr that it cannot make systemd timers for the health check: no systemd
# here; the check itself is run below, as CI runners run it.)
podman run -d --name "$project-mock" -p "127.0.0.1:$port:8080" "$mock_image" >/dev/null 2>>"$work/podman.log" ||
    { cat "$work/podman.log" >&2; fail "podman run"; }
wait_for 30 healthy "$project-mock" || { podman logs "$project-mock" >&2; fail "not healthy within 30 s"; }
say "container healthy after $((SECONDS - t)) s ($(healthy "$project-mock"))"

# The README's seed examples as written, against the published port.
seed_block=$(awk '$0 == "### Try the seed examples" { inside = 1; next }
                  inside && /^```sh$/ { code = 1; next }
                  code && /^```$/ { exit }
                  code { print }' README.md)
[ -n "$seed_block" ] || fail "no seed block in the README"
statuses=$(port=$port bash -c '
    curl() { # the README curls, with the status code as their only output
        command curl -s -o /dev/null -w "%{http_code}\n" "${@//localhost:8080/127.0.0.1:$port}"
    }
    '"$seed_block")
statuses=$(tr '\n' ' ' <<<"$statuses" | sed 's/ *$//')
say "seed examples answered: $statuses"
[ "$statuses" = "202 204 200 204 200" ] || fail "the seed examples answered '$statuses', expected '202 204 200 204 200'"

# A folder mounted over /fixtures replaces the default fixture.
mkdir -p "$work/fixtures"
cat >"$work/fixtures/mine.json" <<'JSON'
{"calls": [{"id": "6a0f3b7e-2c14-4d8b-9e51-7f2a8c3d1b90", "state": "established",
            "participants": [{"id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"}]}]}
JSON
chmod -R a+rX "$work/fixtures"
port2=$(free_port)
podman run -d --name "$project-mounted" -p "127.0.0.1:$port2:8080" -v "$work/fixtures:/fixtures:ro" \
    "$mock_image" >/dev/null 2>>"$work/podman.log" || { cat "$work/podman.log" >&2; fail "podman run -v"; }
wait_for 30 healthy "$project-mounted" || { podman logs "$project-mounted" >&2; fail "the container with /fixtures mounted is not healthy"; }
mine=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port2/_mock/calls/6a0f3b7e-2c14-4d8b-9e51-7f2a8c3d1b90")
seed=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port2/_mock/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d")
[ "$mine $seed" = "200 404" ] || fail "with /fixtures mounted: mounted call $mine, seed call $seed (expected 200 404)"
say "a folder mounted over /fixtures replaces the default fixture"
podman rm -f -t 0 "$project-mounted" >/dev/null 2>>"$work/podman.log"

# SIGTERM reaches the server as PID 1: exit code 0, within a second (from before `podman kill`
# to the moment the process ended; the seed examples left notifications for a bot that is not
# there, so the shutdown grace period is spent).
t0=$(date +%s%N)
podman kill --signal TERM "$project-mock" >/dev/null
code=$(podman wait --interval 20ms "$project-mock")
finished=$(podman inspect --format '{{.State.FinishedAt.UnixNano}}' "$project-mock")
stop_ms=$(((finished - t0) / 1000000))
say "SIGTERM: exit code $code, $stop_ms ms after the signal was sent"
[ "$code" = 0 ] || { podman logs "$project-mock" >&2; fail "exit code $code on SIGTERM"; }
[ "$stop_ms" -lt 1000 ] || fail "the container took $stop_ms ms to stop on SIGTERM"
podman rm -f -t 0 "$project-mock" >/dev/null 2>>"$work/podman.log"

# --- 3. the compose pair ---------------------------------------------------------------------------
# podman-compose (Debian 12's 1.0.3) runs docker/compose.yaml as written: one network, each
# container reachable by its service name (netavark + aardvark-dns). The images built above
# carry the names the compose file gives, so `up` builds nothing.
# Brings up the compose file $1 (the mock and a bot): sets compose, mock, bot and mock_url, and
# returns once the mock is healthy and the bot says it listens.
export GRAPH_MOCK_HOST_PORT
# (grep reads the whole log: `podman logs | grep -q` fails under pipefail when grep leaves early.)
bot_ready() { grep -q 'sample-bot: listening on' < <(podman logs "$bot" 2>&1); }
compose_up() {
    compose=(podman-compose -f "$1" -p "$project")
    GRAPH_MOCK_HOST_PORT=$(free_port)
    local t=$SECONDS
    "${compose[@]}" up -d >"$work/compose.log" 2>&1 || { cat "$work/compose.log" >&2; fail "podman-compose up ($1)"; }
    mock=$(podman ps -q --filter "label=io.podman.compose.project=$project" --filter "label=com.docker.compose.service=mock")
    bot=$(podman ps -q --filter "label=io.podman.compose.project=$project" --filter "label=com.docker.compose.service=bot")
    [ -n "$mock" ] && [ -n "$bot" ] || { cat "$work/compose.log" >&2; podman ps -a >&2; fail "$1 did not start both services"; }
    wait_for 30 healthy "$mock" || { podman logs "$mock" >&2; fail "$1: the mock is not healthy"; }
    mock_url=http://127.0.0.1:$GRAPH_MOCK_HOST_PORT
    # The GitLab CI wait of docs/docker.md, from outside the container (there: http://graph-mock:8080).
    for i in $(seq 1 30); do curl -fsS "$mock_url/_mock/health" && break; [ "$i" = 30 ] && fail "$1: /_mock/health"; sleep 1; done >/dev/null
    wait_for 60 bot_ready || { podman logs "$bot" >&2; fail "$1: the bot did not start (it needs the mock's keys, or CA)"; }
    say "$1 up in $((SECONDS - t)) s (mock healthy, the bot listening)"
}
compose_up docker/compose.yaml

# What the journal must show for the call: the bot's requests in this order, and every
# notification delivered (a bot refuses a token it does not accept: the Node one with 403, the
# Communications SDK with 401).
check_journal() {
    curl -s "$mock_url/_mock/journal" | node -e '
        const call = process.argv[1];
        let s = "";
        process.stdin.on("data", (c) => (s += c)).on("end", () => {
            const entries = JSON.parse(s).value;
            const base = `/v1.0/communications/calls/${call}`;
            const want = [
                ["POST", `${base}/answer`, 202], ["POST", `${base}/playPrompt`, 200],
                ["POST", /\/participants\/[^/]+\/startHoldMusic$/, 202],
                ["POST", /\/participants\/[^/]+\/stopHoldMusic$/, 202], ["DELETE", base, 204]];
            // The Communications SDK sends actions namespace-qualified (.../microsoft.graph.answer).
            const requests = entries.filter((e) => e.kind === "request" && e.path.startsWith(base)
                                                   && e.method !== "GET")
                .map((e) => ({...e, path: e.path.replace("/microsoft.graph.", "/")}));
            const deliveries = entries.filter((e) => e.kind === "delivery" && e.callId === call);
            const ended = entries.some((e) => e.kind === "callStateChanged" && e.callId === call
                                              && e.state === "terminated");
            const seen = requests.map((r) => `${r.method} ${r.path.slice(base.length) || "/"} ${r.status}`);
            const inOrder = requests.length === want.length && want.every(([m, p, st], i) =>
                requests[i].method === m && requests[i].status === st &&
                (typeof p === "string" ? requests[i].path === p : p.test(requests[i].path)));
            const delivered = deliveries.filter((d) => d.outcome === "delivered").length;
            const bad = deliveries.filter((d) => d.outcome !== "delivered");
            console.log(`requests: [${seen.join(", ")}]; deliveries: ${delivered} delivered, ` +
                        `${bad.length} not (${bad.map((d) => d.status + " " + d.outcome).join(", ")})`);
            // created, establishing, established, prompt done, hold done, terminating, terminated
            process.exit(inOrder && ended && bad.length === 0 && delivered >= 7 ? 0 : 1);
        });' "$1"
}
# Rings the compose pair's bot and waits until the journal shows the whole script.
ring_and_check() {
    local call
    call=$(curl -s -X POST "$mock_url/_mock/calls/incoming" -H 'Content-Type: application/json' \
        --data @examples/sample-bot/incoming-call.json | node -e '
        let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
            const id = JSON.parse(s).id;
            if (typeof id !== "string") { console.error(s); process.exit(1); }
            console.log(id);
        })') || fail "could not ring the bot"
    say "rang the bot: call $call"
    local t=$SECONDS
    if ! wait_for 60 check_journal "$call"; then
        check_journal "$call" || true
        podman logs "$bot" >&2
        fail "the bot did not answer, prompt, hold, unhold and hang up within 60 s"
    fi
    say "the bot answered, played its prompt, held and unheld the caller and hung up in $((SECONDS - t)) s"
    say "$(check_journal "$call")"
    podman logs "$bot" 2>&1 | sed 's/^/    bot: /'
}

compose_down() {
    "${compose[@]}" down >>"$work/compose.log" 2>&1 || { cat "$work/compose.log" >&2; fail "podman-compose down"; }
    [ -z "$(podman ps -aq --filter "label=io.podman.compose.project=$project")" ] ||
        fail "podman-compose down left containers behind"
    say "compose pair down"
}

ring_and_check
compose_down

# --- 4. the C# sample bot (the Communications SDK) ----------------------------------------------------
# Stand-ins for mcr.microsoft.com/dotnet/aspnet:10.0 and sdk:10.0, under their real names so the
# bot's Dockerfile keeps its FROM lines. The real ones are Ubuntu 24.04; these are Debian 12
# approximations: the base above with the same kind of additions (ca-certificates, OpenSSL, ICU;
# the user app, uid 1654, in APP_UID) and this machine's .NET 10 (the runtime: dotnet, host,
# shared; the SDK: all of it). The SDK one also carries this
# machine's trust store and NuGet's offline revocation mode, so its restore reaches the NuGet
# served here, as a developer's docker build reaches nuget.org.
if ! command -v dotnet >/dev/null 2>&1; then
    say "SKIPPED the C# sample bot: no dotnet on PATH (its stand-in images are made from the .NET 10 SDK)"
    exit 0
fi
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
t=$SECONDS
mkdir -p "$work/aspnet" "$work/sdk"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$work/aspnet/"
cat >"$work/aspnet/Containerfile" <<'STANDIN'
FROM localhost/bookworm-minbase
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libssl3 libicu72 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid app --create-home --home-dir /home/app app
COPY dotnet /usr/share/dotnet/dotnet
COPY host /usr/share/dotnet/host
COPY shared /usr/share/dotnet/shared
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV APP_UID=1654 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_ROOT=/usr/share/dotnet
STANDIN
podman build --pull=never -t mcr.microsoft.com/dotnet/aspnet:10.0 "$work/aspnet" \
    >"$work/aspnet-build.log" 2>&1 || { tail -40 "$work/aspnet-build.log" >&2; fail "the aspnet:10.0 stand-in does not build"; }
rm -rf "$work/aspnet"
cp -a "$dotnet_root/." "$work/sdk/dotnet"
cp /etc/ssl/certs/ca-certificates.crt "$work/sdk/"
cat >"$work/sdk/Containerfile" <<'STANDIN'
FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
STANDIN
podman build --pull=never -t mcr.microsoft.com/dotnet/sdk:10.0 "$work/sdk" \
    >"$work/sdk-build.log" 2>&1 || { tail -40 "$work/sdk-build.log" >&2; fail "the sdk:10.0 stand-in does not build"; }
rm -rf "$work/sdk"
say ".NET image stand-ins ready in $((SECONDS - t)) s"
t=$SECONDS
podman build --pull=never --format docker -t localhost/graph-comms-mock-sample-bot-csharp:latest \
    examples/sample-bot-csharp >"$work/csharp-build.log" 2>&1 ||
    { tail -60 "$work/csharp-build.log" >&2; fail "examples/sample-bot-csharp/Dockerfile does not build"; }
say "the C# bot's image built in $((SECONDS - t)) s"

compose_up docker/compose.csharp.yaml
ring_and_check
compose_down
