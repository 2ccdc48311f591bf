#!/usr/bin/env bash
# Builds (and smoke-tests) the image on a machine without a Docker engine or Docker Hub access:
# debootstrap makes the debian:bookworm-slim base locally, podman builds docker/Dockerfile with
# it, runs the container on a free loopback port and checks /_mock/health. Run as root.
# Usage: bash docker/podman-build.sh [IMAGE_NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-graph-comms-mock}
state=${GCM_PODMAN_STATE:-/var/tmp/graph-comms-mock-podman}

command -v podman >/dev/null && command -v debootstrap >/dev/null && command -v runc >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq podman runc debootstrap >/dev/null; }
mkdir -p "$state"
# crun fails on these VMs' hybrid cgroups, and podman's default ulimits exceed the host's.
cat >"$state/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
export CONTAINERS_CONF=$state/containers.conf
podman=(podman --root "$state/root" --runroot "$state/runroot" --tmpdir "$state/tmp")

if ! "${podman[@]}" image exists docker.io/library/debian:bookworm-slim; then
    debootstrap --variant=minbase bookworm "$state/rootfs" >/dev/null
    tar -C "$state/rootfs" -c . | "${podman[@]}" import - localhost/bookworm-minbase >/dev/null
    "${podman[@]}" tag localhost/bookworm-minbase docker.io/library/debian:bookworm-slim
fi
# --format docker keeps the HEALTHCHECK (the OCI format has none).
"${podman[@]}" build --pull=never --format docker -f docker/Dockerfile -t "$image" .

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})" 2>/dev/null || echo 18080)
"${podman[@]}" run -d --rm --name "$image-smoke" -p "127.0.0.1:$port:8080" "$image" >/dev/null
trap '"${podman[@]}" stop -t 5 "$image-smoke" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$port/_mock/health" && { echo; echo "image $image answers on 127.0.0.1:$port"; exit 0; }
    sleep 0.2
done
echo "the container did not answer" >&2
exit 1
