#!/usr/bin/env bash
# The .NET client tests against the real graph-comms-mock binary: restores and builds the
# solution once (NuGet), makes a test app (a client secret, and a certificate from openssl)
# registered in a fixture (fixtures/default.json plus _mock.apps), starts the mock on a free port
# with --auth jwt and its local CA written out, waits for its "listening on" line, runs
# `dotnet test` once with SSL_CERT_FILE = that CA (how docs/clients.md tells .NET users to trust it:
# set before the process starts) and MOCK_* describing the mock, then stops the mock with SIGTERM
# and expects exit code 0.
# Usage: tests/clients/dotnet/run.sh BINARY [dotnet test arguments, e.g. --filter Msal]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 path/to/graph-comms-mock [dotnet test arguments]" >&2; exit 2; }
binary=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
started=$SECONDS

# No telemetry banner, and no MSBuild or compiler servers left running after the build.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

work=$(mktemp -d)
mock=
cleanup() {
    if [ -n "$mock" ] && kill -0 "$mock" 2>/dev/null; then kill -KILL "$mock" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "=== dotnet: restore and build ($(dotnet --version))"
dotnet restore "$here/GraphCommsMock.ClientTests.slnx" --verbosity quiet
dotnet build "$here/GraphCommsMock.ClientTests.slnx" --no-restore --verbosity quiet -nologo -clp:NoSummary \
    -p:TreatWarningsAsErrors=false
built=$SECONDS

# The test app: a secret and a certificate, every calling role, in the fixture's _mock.apps.
app_id=5e3ce6c0-2b1f-4285-8d4b-75ee78787346
tenant_id=aa67bd4c-8475-432d-bd41-39f255720e0a
secret="dotnet-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=graph-comms-mock .NET tests" \
    -keyout "$work/app.key" -out "$work/app.crt" 2>/dev/null
mkdir "$work/fixtures"
cp "$repo/fixtures/default.json" "$work/fixtures/default.json"
certificate=$(awk '{ printf "%s\\n", $0 }' "$work/app.crt")
cat >"$work/fixtures/dotnet-app.json" <<JSON
{"calls": [], "_mock": {"apps": [{
  "appId": "$app_id", "displayName": "graph-comms-mock .NET tests", "tenantId": "$tenant_id",
  "secrets": ["$secret"], "certificates": ["$certificate"],
  "roles": ["Calls.Initiate.All", "Calls.InitiateGroupCall.All", "Calls.JoinGroupCall.All",
            "Calls.JoinGroupCallAsGuest.All", "Calls.AccessMedia.All"]}]}}
JSON

# Invitees answer only when a test says so (POST /_mock/calls/{id}/invitations/{pid}/answer).
"$binary" --port 0 --auth jwt --tls-ca-out "$work/ca.pem" --fixtures "$work/fixtures" \
    --invite-answer-ms 600000 --shutdown-grace-ms 2000 >"$work/mock.log" 2>&1 &
mock=$!
deadline=$((SECONDS + 20))
until grep -q 'graph-comms-mock listening on ' "$work/mock.log"; do
    if ! kill -0 "$mock" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
        cat "$work/mock.log" >&2
        echo "dotnet: the mock never printed its 'listening on' line" >&2
        exit 1
    fi
    sleep 0.1
done
port=$(sed -n 's/.*graph-comms-mock listening on [a-z]*:\/\/[^ ]*:\([0-9]*\).*/\1/p' "$work/mock.log" | head -n 1)
[ -n "$port" ] || { cat "$work/mock.log" >&2; echo "dotnet: no port in the 'listening on' line" >&2; exit 1; }
echo "=== dotnet: test against $(grep 'listening on' "$work/mock.log") (https://127.0.0.1:$port)"

code=0
SSL_CERT_FILE="$work/ca.pem" MOCK_URL="https://127.0.0.1:$port" MOCK_TENANT_ID="$tenant_id" \
    MOCK_APP_ID="$app_id" MOCK_APP_SECRET="$secret" MOCK_APP_CERT="$work/app.crt" MOCK_APP_KEY="$work/app.key" \
    dotnet test "$here/GraphCommsMock.ClientTests.slnx" --no-build --verbosity minimal "$@" || code=$?

# What the mock saw, for a post-mortem: TestResults/ (ignored by git).
mkdir -p "$here/TestResults"
curl -s --cacert "$work/ca.pem" "https://127.0.0.1:$port/_mock/journal" >"$here/TestResults/mock-journal.json" || true
kill -TERM "$mock"
status=0
wait "$mock" || status=$?
mock=
if [ "$code" -ne 0 ] || [ "$status" -ne 0 ]; then
    echo "--- the mock's journal: $here/TestResults/mock-journal.json; its log:" >&2
    tail -n 50 "$work/mock.log" >&2
fi
[ "$status" -eq 0 ] || { echo "dotnet: the mock exited $status on SIGTERM, not 0" >&2; exit 1; }
[ "$code" -eq 0 ] || { echo "dotnet: dotnet test failed ($code)" >&2; exit "$code"; }
echo "dotnet: green in $((SECONDS - started)) s (restore and build $((built - started)) s); the mock exited 0 on SIGTERM"
