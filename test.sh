#!/usr/bin/env bash
# Builds the whole solution (Complaints.sln: both hosts, the benchmark, every test project) and runs every test.
# The Azurite-backed suites start their own in-memory Azurite on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")"

# The OpenAPI document is linted with @redocly/cli and a client generated from it by NSwag drives the pipeline, both in
# tests/Complaints.Api.Tests (OpenApiDocumentTests, GeneratedClientTests): Redocly comes from package-lock.json too.
# Azurite comes from package-lock.json; reinstall when node_modules is missing or older than the lock file.
if [ -f package-lock.json ]; then
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci (Azurite, Redocly CLI)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

echo "==> dotnet restore"
dotnet restore Complaints.sln --verbosity quiet

echo "==> dotnet build (Release, warnings are errors)"
dotnet build Complaints.sln --no-restore --configuration Release --verbosity quiet --nologo

echo "==> dotnet test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Complaints.sln --no-build --configuration Release \
  --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

# One closing line over all test projects.
passed=$(awk '/^[[:space:]]+Passed:[[:space:]]+[0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]+Failed:[[:space:]]+[0-9]+$/ {s += $2} END {print s + 0}' "$log")
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
