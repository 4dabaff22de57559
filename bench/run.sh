#!/usr/bin/env bash
# The benchmark in one command (docs/benchmarks.md). Starts in-memory Azurite and the Release local host on free
# loopback ports, drives complaints end to end (each one a Durable orchestration), verifies storage and every
# orchestration's status, counts the engine's work per complaint from the task hub's history, measures the engine's
# own ceiling (a trivial orchestration of the same shape on the host's engine settings), operations per complaint
# against the design's minimum, the storage ceiling, intake vs a bare endpoint and the public feed, and writes
# bench/results/<UTC stamp>/{results.json,summary.md}. Every phase is bounded.
#
#   ./bench/run.sh                                  # 2000 complaints, 16 clients, mix 60/30/10, feed 1k/10k/100k
#   ./bench/run.sh --complaints 500 --feed-sizes "" # quicker
#   ./bench/run.sh --complaints 100 --feed-sizes "" --half-rate-complaints 0   # smoke run
#   ./bench/run.sh --help                           # every option
#   ./bench/run.sh fuzz --requests 5000             # malformed-request fuzzing (docs/reliability.md)
#   ./bench/run.sh export                           # the full export's memory at 1k/10k/100k rows (docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (Azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> dotnet build (Release: the bench, which builds the local host it references)"
dotnet build bench/Complaints.Bench --configuration Release --nologo --verbosity quiet

exec dotnet bench/Complaints.Bench/bin/Release/net10.0/Complaints.Bench.dll "$@"
