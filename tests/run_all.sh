#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: the debug build (warnings are errors),
# the .NET client tests against it (when dotnet is on PATH), the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, and each libFuzzer target
# over its corpus and then for a bounded time (GCM_FUZZ_SECONDS, default 30). Exit 0 = green.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps --tests
(cd tests/schema && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/clients/node && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/ui && npm ci --no-audit --no-fund --loglevel=error)

jobs=$(nproc)
stages=0
for preset in debug asan; do
    echo "=== ${preset}: configure and build"
    cmake --preset "$preset" -DBUILD_TESTING=ON >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== ${preset}: test"
    ctest --preset "$preset" -j "$jobs"
    stages=$((stages + 1))
    if [ "$preset" = debug ]; then
        # Real .NET clients (MSAL.NET, the Graph SDK v6, the Communications SDK, the sample bots'
        # token validation) against the debug binary: tests/clients/dotnet.
        if command -v dotnet >/dev/null 2>&1; then
            bash tests/clients/dotnet/run.sh build/debug/server/cli/graph-comms-mock
            stages=$((stages + 1))
        else
            echo "=== dotnet: SKIPPED, no dotnet on PATH (tests/clients/dotnet needs the .NET 10 SDK)"
        fi
    fi
done

echo "=== fuzz: build, replay the corpora, then fuzz each target for ${GCM_FUZZ_SECONDS:-30} s"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz
found=$(mktemp -d)
trap 'rm -rf "$found"' EXIT
for target in fuzz_http fuzz_fixture fuzz_notifications; do
    corpus=tests/fuzz/corpus/${target#fuzz_}
    [ "$target" = fuzz_notifications ] && corpus=tests/fuzz/corpus/fixture
    mkdir -p "$found/$target"
    # The whole log is kept: on a finding, its report (the stack, the input in Base64) is what
    # CI shows; otherwise the final stats are enough.
    if ! ./build/fuzz/tests/fuzz/"$target" -max_total_time="${GCM_FUZZ_SECONDS:-30}" -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$found/" "$found/$target" "$corpus" \
        >"$found/$target.log" 2>&1; then
        echo "=== fuzz: $target found a failure:"
        grep -v '^#[0-9]' "$found/$target.log" | tail -n 80
        # The input itself, to replay (libFuzzer prints only short ones): base64 -d >input.
        for artifact in "$found"/crash-* "$found"/leak-* "$found"/timeout-* "$found"/oom-*; do
            [ -f "$artifact" ] && echo "$(basename "$artifact") in Base64: $(base64 -w0 "$artifact")"
        done
        exit 1
    fi
    tail -n 3 "$found/$target.log"
    stages=$((stages + 1))
done
echo "run_all: ${stages} passed, 0 failed"
