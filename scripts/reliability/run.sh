#!/usr/bin/env bash
# Reliability runs of issue 6, each bounded in time, loopback only, writing its figures into docs/reliability.md
# (between <!-- bench:NAME --> markers). Usage: scripts/reliability/run.sh [kill-host|restart-storage|two-hosts|fuzz|all]
#
#   kill-host        (a) kill -9 a local host every ~10 s (KILL_EVERY) during a bench run and restart it
#   restart-storage  (b) restart Azurite (on disk, --location) mid-run; the host is not restarted
#   two-hosts        (c) two local hosts share one storage account; requests alternate between them
#   fuzz             (d) thousands of generated malformed requests; zero 5xx expected
#
# Each run ends with the bench's storage verification: every complaint has exactly one disclosure draft, event
# versions 1..n without gaps, no once-only event twice, payouts ledger rows = refused complaints, poison queues empty.
set -euo pipefail
cd "$(dirname "$0")/../.."
doc=docs/reliability.md
complaints="${COMPLAINTS:-400}"

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build functions/Complaints.LocalHost --configuration Release --nologo --verbosity quiet
dotnet build bench/Complaints.Bench --configuration Release --nologo --verbosity quiet
bench() { dotnet bench/Complaints.Bench/bin/Release/net10.0/Complaints.Bench.dll "$@"; }
common=(--ceiling false --feed-sizes "" --clients 8 --drain-timeout 600 --step-timeout 600 --max-minutes 30 --doc "$doc")

status=0
run() { echo "==> $1"; shift; "$@" || status=1; }
case "${1:-all}" in
  kill-host|all) run "(a) kill -9 the host every ~${KILL_EVERY:-10} s" bench --complaints "$complaints" --kill-host-every "${KILL_EVERY:-10}" --doc-section kill-host "${common[@]}" ;;&
  restart-storage|all) run "(b) restart Azurite mid-run" bench --complaints "$complaints" --restart-storage-after 15 --doc-section restart-storage "${common[@]}" ;;&
  two-hosts|all) run "(c) two hosts, one storage account" bench --complaints "$complaints" --hosts 2 --doc-section two-hosts "${common[@]}" ;;&
  fuzz|all) run "(d) fuzz" bench fuzz --requests "${FUZZ_REQUESTS:-5000}" --doc "$doc" --doc-section fuzz ;;
  kill-host|restart-storage|two-hosts) ;;
  *) echo "usage: $0 [kill-host|restart-storage|two-hosts|fuzz|all]" >&2; exit 2 ;;
esac
exit $status
