#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: the debug build (warnings are errors)
# and the same suite under AddressSanitizer + UndefinedBehaviorSanitizer. Exit code 0 = green.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps
(cd tests/schema && npm ci --no-audit --no-fund --loglevel=error)

jobs=$(nproc)
for preset in debug asan; do
    echo "=== ${preset}: configure and build"
    cmake --preset "$preset" -DBUILD_TESTING=ON >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== ${preset}: test"
    ctest --preset "$preset" -j "$jobs"
done
