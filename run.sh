#!/usr/bin/env bash
# Runs the whole pipeline locally: its own Azurite (from package-lock.json, on free ports, data in .azurite/data)
# and the local host (HTTP API, queue triggers, and the Durable Task Framework worker that runs every complaint's
# orchestration) at http://localhost:7071. Ctrl-C stops both.
#
# Environment:
#   AzureWebJobsStorage          use this storage account (a connection string) instead of starting Azurite; two hosts
#                                given the same one share its queues, tables and task hub as competing workers
#   ASPNETCORE_URLS              where the API listens (default http://localhost:7071)
#   AZURITE_DEBUG=1              write Azurite's debug log to .azurite/azurite.log (large: tens of MB in minutes)
#   Complaints__Deadlines__Acknowledge=00:00:30 (and Resolve, Confirm, Mediation) to watch deadlines pass quickly
#   Complaints__Demo__SeedComplaints  demo complaints driven through the pipeline at the first start on this store
#                                (default 300 here; 0 for none); see docs/operations.md, "Demo data"
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Three ports nothing listens on, chosen by the OS.
free_ports() { node -e 'const n=require("net");const g=()=>new Promise(r=>{const s=n.createServer();s.listen(0,"127.0.0.1",()=>{const p=s.address().port;s.close(()=>r(p));});});(async()=>{const a=[];for(let i=0;i<3;i++)a.push(await g());console.log(a.join(" "));})();'; }

url="${ASPNETCORE_URLS:-http://localhost:7071}"
url="${url%%;*}"
port="${url##*:}"; port="${port%%/*}"
if [[ "$port" =~ ^[0-9]+$ ]] && port_open "$port"; then
  fail "Something already listens on port $port (another ./run.sh?). Stop it, or run this one elsewhere: ASPNETCORE_URLS=http://localhost:7072 ./run.sh"
fi

mkdir -p .azurite
azurite_pid=""
host_pid=""
cleanup() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  if [ -n "$azurite_pid" ] && kill -0 "$azurite_pid" 2>/dev/null; then
    say "Stopping Azurite"
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
    rm -f .azurite/azurite.pid
  fi
}
trap cleanup EXIT INT TERM

if [ -z "${AzureWebJobsStorage:-}" ]; then
  if [ -s .azurite/azurite.pid ] && kill -0 "$(cat .azurite/azurite.pid)" 2>/dev/null; then
    fail "Another ./run.sh from this checkout owns .azurite/data (Azurite pid $(cat .azurite/azurite.pid)). Stop it first, or share its storage on purpose: AzureWebJobsStorage=\"\$(cat .azurite/connection-string)\" ./run.sh"
  fi
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing Azurite (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  read -r blob queue table < <(free_ports)
  debug=()
  if [ "${AZURITE_DEBUG:-}" = "1" ]; then debug=(--debug .azurite/azurite.log); fi
  say "Starting Azurite on 127.0.0.1:${blob}/${queue}/${table} (data in .azurite/data)"
  # In a session of its own: Ctrl-C reaches the host alone, and Azurite is stopped after it (cleanup), so the host's
  # shutdown still has its storage.
  setsid node_modules/.bin/azurite --location .azurite/data "${debug[@]}" --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
    >.azurite/azurite.out 2>&1 &
  azurite_pid=$!
  echo "$azurite_pid" > .azurite/azurite.pid
  for _ in $(seq 1 60); do
    if port_open "$blob" && port_open "$queue" && port_open "$table"; then break; fi
    kill -0 "$azurite_pid" 2>/dev/null || fail "Azurite exited; see .azurite/azurite.out"
    sleep 0.5
  done
  port_open "$table" || fail "Azurite did not start within 30 s; see .azurite/azurite.out"
  account=devstoreaccount1
  # Azurite's published development key (not a secret).
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blob}/${account};QueueEndpoint=http://127.0.0.1:${queue}/${account};TableEndpoint=http://127.0.0.1:${table}/${account};"
  printf '%s' "$AzureWebJobsStorage" > .azurite/connection-string
fi

# A development secret for tracking tokens of idempotent filings, kept across restarts (git-ignored).
if [ -z "${Complaints__Api__TokenSecret:-}" ]; then
  [ -s .azurite/token-secret ] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > .azurite/token-secret
  export Complaints__Api__TokenSecret="$(cat .azurite/token-secret)"
fi

# The web pages load Chart.js from node_modules (package-lock.json), which the host build copies beside it.
if [ ! -f node_modules/chart.js/dist/chart.umd.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing the web pages' chart library (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="$url"
export Complaints__Demo__SeedComplaints="${Complaints__Demo__SeedComplaints:-300}"
say "Building the local host"
dotnet build functions/Complaints.LocalHost --configuration Release --verbosity quiet --nologo
cat <<BANNER

  Public board       ${url}/             (consumers: ${url}/file.html, regulators: ${url}/desk.html)
  Complaints API     ${url}/api          (walk-through: complaints.http)
  OpenAPI document   ${url}/openapi/v1.json
  API explorer       ${url}/docs
  Health             ${url}/health/ready
  Every complaint is a Durable Task orchestration (task hub "complaints" on this Azurite).
  Demo API keys are printed below as the host seeds parties.demo.json. Ctrl-C stops everything.
  Demo webhooks: the demo parties are registered to ${url}/demo/webhook-receiver, which logs
  one line per signed delivery ("Demo webhook receiver: complaint.assigned ...") when you file a complaint.
  Demo data: on a fresh store, ${Complaints__Demo__SeedComplaints} complaints go through the pipeline after start
  ("Demo seed: ..." lines show progress); Complaints__Demo__SeedComplaints=0 ./run.sh for none.

BANNER
cd functions/Complaints.LocalHost
dotnet bin/Release/net10.0/Complaints.LocalHost.dll &
host_pid=$!
wait "$host_pid"
