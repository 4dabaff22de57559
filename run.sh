#!/usr/bin/env bash
# Runs the whole pipeline locally: Azurite (from package-lock.json) + the local host (HTTP API, queue workers,
# process manager) at http://localhost:7071. Ctrl-C stops both.
#
# Environment:
#   ConnectionStrings__Storage   use this storage account instead of starting Azurite
#   ASPNETCORE_URLS              where the API listens (default http://localhost:7071)
#   Complaints__Deadlines__Acknowledge=00:00:30 (and Resolve, Confirm, Mediation) to watch deadlines pass quickly
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p .azurite
azurite_pid=""
cleanup() {
  if [ -n "$azurite_pid" ] && kill -0 "$azurite_pid" 2>/dev/null; then
    say "Stopping Azurite"
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

if [ -z "${ConnectionStrings__Storage:-}" ]; then
  if port_open 10000 && port_open 10001 && port_open 10002; then
    say "Storage already listening on 10000-10002: using it"
  else
    if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      say "Installing Azurite (npm ci)"
      npm ci --no-audit --no-fund --loglevel=error
    fi
    say "Starting Azurite (data in .azurite/data, log in .azurite/azurite.log)"
    node_modules/.bin/azurite --location .azurite/data --debug .azurite/azurite.log --disableTelemetry --skipApiVersionCheck --loose \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >/dev/null 2>&1 &
    azurite_pid=$!
    for _ in $(seq 1 60); do
      if port_open 10000 && port_open 10001 && port_open 10002; then break; fi
      if ! kill -0 "$azurite_pid" 2>/dev/null; then echo "Azurite exited; see .azurite/azurite.log" >&2; exit 1; fi
      sleep 0.5
    done
    port_open 10002 || { echo "Azurite did not start within 30 s; see .azurite/azurite.log" >&2; exit 1; }
  fi
  export ConnectionStrings__Storage="UseDevelopmentStorage=true"
fi

# A development secret for tracking tokens of idempotent filings, kept across restarts (git-ignored).
if [ -z "${Complaints__Api__TokenSecret:-}" ]; then
  [ -s .azurite/token-secret ] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > .azurite/token-secret
  export Complaints__Api__TokenSecret="$(cat .azurite/token-secret)"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
url="${ASPNETCORE_URLS:-http://localhost:7071}"
url="${url%%;*}"
say "Building the local host"
dotnet build functions/Complaints.LocalHost --configuration Release --verbosity quiet --nologo
cat <<BANNER

  Complaints API     ${url}/api          (walk-through: complaints.http)
  OpenAPI document   ${url}/openapi/v1.json
  API explorer       ${url}/docs
  Health             ${url}/health/ready
  Demo API keys are printed below as the host seeds parties.demo.json. Ctrl-C stops everything.

BANNER
cd functions/Complaints.LocalHost
dotnet bin/Release/net10.0/Complaints.LocalHost.dll &
host_pid=$!
trap 'kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; cleanup' EXIT INT TERM
wait "$host_pid"
