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
    echo "==> npm ci (Azurite, Redocly CLI, Chart.js)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

# The browser tests (tests/Complaints.Web.Tests) drive Debian's chromium through Playwright, which downloads no browser
# of its own; CJK fonts so that the Chinese pages' screenshots show text. Installed here when missing (CI runs as root).
# (The font check reads fc-list whole: grep -q would stop early and, under pipefail, fail the check.)
cjk_fonts="$(fc-list : family 2>/dev/null || true)"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || ! grep -qi 'wenquanyi\|noto sans cjk' <<<"$cjk_fonts"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install chromium fonts-wqy-zenhei (browser tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  elif [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    echo "The browser tests need chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: run 'sudo apt-get install -y chromium' (Debian) or set CHROMIUM_PATH, then ./test.sh again." >&2
    exit 1
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
