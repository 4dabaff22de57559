#!/usr/bin/env bash
# Reliability runs of issues 6 and 11 on the Durable engine, each bounded in time, loopback only, writing its figures
# into docs/reliability.md (between <!-- bench:NAME --> markers).
# Usage: scripts/reliability/run.sh [kill-host|restart-storage|two-hosts|soak|fuzz|all]
#
#   kill-host        (a) kill -9 the local host every ~KILL_EVERY s (±30 %) during a run of KILL_COMPLAINTS (2000)
#                        complaints driven by KILL_CLIENTS (32) clients; it is started again each time, and the last,
#                        fresh host finishes what is left. Each kill leaves the messages the dead host had taken
#                        hidden for the control-queue visibility timeout (see below), so each client waits that long
#                        often: 8 clients made 0.13 complaints/s; more clients keep more complaints in flight.
#                        Its hosts purge completed orchestrations every 3 s (HistoryRetention 0): on Azurite each
#                        history read scans the whole history table, which slowed the unpurged run from 0.4 to 0.2/s.
#                        Not 30 s: the purge's first run is one interval after start, and a host here lives ~10 s.
#                        Its control-queue visibility is KILL_CONTROL_VISIBILITY (45 s, half the default): at 90 s the
#                        kills held a run of 32 clients at ~0.27/s whatever the load. Shorter costs redelivered
#                        duplicates (each is detected and dropped by the provider; the run's verification counts effects)
#   restart-storage  (b) restart Azurite (on disk, --location) RESTART_AFTER (20) s into a run of RESTART_COMPLAINTS
#                        (400); the host is not restarted and must recover by itself
#   two-hosts        (c) two local hosts on one storage account and one task hub (competing workers of the same
#                        orchestrations); requests alternate between them; TWO_HOSTS_COMPLAINTS (400)
#   soak             (e) the memory soak: SOAK_RATE (4) filings/s for SOAK_MINUTES (10) minutes, host RSS every second
#   fuzz             (d) FUZZ_REQUESTS (5000) generated malformed requests; zero 5xx expected
#   all              all five, in that order (about 2 hours on the 2-core machine)
#
# COMPLAINTS, if set, is the size of (a), (b) and (c) alike (a smoke run: COMPLAINTS=100 scripts/reliability/run.sh kill-host).
# Each run ends with the bench's verification: every complaint has exactly one disclosure draft, event versions 1..n
# without gaps, no once-only event twice, payouts ledger rows = refused complaints, poison queues empty, and every
# complaint's orchestration Completed in the task hub's instances table (Failed, Running or missing ones are listed).
set -euo pipefail
cd "$(dirname "$0")/../.."
doc=docs/reliability.md
kill_complaints="${COMPLAINTS:-${KILL_COMPLAINTS:-2000}}"
restart_complaints="${COMPLAINTS:-${RESTART_COMPLAINTS:-400}}"
two_hosts_complaints="${COMPLAINTS:-${TWO_HOSTS_COMPLAINTS:-400}}"

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build bench/Complaints.Bench --configuration Release --nologo --verbosity quiet # builds the local host too
bench() { dotnet bench/Complaints.Bench/bin/Release/net10.0/Complaints.Bench.dll "$@"; }
common=(--ceiling false --engine-ceiling false --feed-sizes "" --drain-timeout 900 --step-timeout 900 --doc "$doc")

status=0
run() { echo "==> $1"; shift; "$@" || status=1; }
case "${1:-all}" in
  kill-host|all) run "(a) kill -9 the host every ~${KILL_EVERY:-10} s, ${kill_complaints} complaints" \
    bench --complaints "$kill_complaints" --clients "${KILL_CLIENTS:-32}" --kill-host-every "${KILL_EVERY:-10}" --doc-section kill-host --max-minutes "${KILL_MAX_MINUTES:-90}" \
    --host-setting Complaints__Workflow__HistoryRetention=00:00:00 --host-setting Complaints__Workflow__HistoryPurgeInterval=00:00:03 \
    --host-setting Complaints__Durable__ControlQueueVisibilityTimeout="${KILL_CONTROL_VISIBILITY:-00:00:45}" "${common[@]}" ;;&
  restart-storage|all) run "(b) restart Azurite mid-run, ${restart_complaints} complaints" \
    bench --complaints "$restart_complaints" --clients 8 --restart-storage-after "${RESTART_AFTER:-20}" --doc-section restart-storage --max-minutes 30 "${common[@]}" ;;&
  two-hosts|all) run "(c) two hosts, one account, one task hub, ${two_hosts_complaints} complaints" \
    bench --complaints "$two_hosts_complaints" --clients 8 --hosts 2 --doc-section two-hosts --max-minutes 30 "${common[@]}" ;;&
  soak|all) run "(e) soak: ${SOAK_RATE:-4}/s for ${SOAK_MINUTES:-10} min" \
    bench soak --rate "${SOAK_RATE:-4}" --minutes "${SOAK_MINUTES:-10}" --drain-timeout "${SOAK_DRAIN:-1800}" --max-minutes 90 --doc "$doc" --doc-section soak ;;&
  fuzz|all) run "(d) fuzz" bench fuzz --requests "${FUZZ_REQUESTS:-5000}" --doc "$doc" --doc-section fuzz ;;
  kill-host|restart-storage|two-hosts|soak) ;;
  *) echo "usage: $0 [kill-host|restart-storage|two-hosts|soak|fuzz|all]" >&2; exit 2 ;;
esac
exit $status
