#!/usr/bin/env bash
# The benchmark in one command (docs/benchmarks.md). Starts in-memory Azurite and the Release local host on free
# loopback ports, drives complaints end to end, measures the storage ceiling, intake vs a bare endpoint and the
# public feed, and writes bench/results/<UTC stamp>/{results.json,summary.md}. Every phase is bounded.
#
#   ./bench/run.sh                                  # 2000 complaints, 16 clients, mix 60/30/10, feed 1k/10k/100k
#   ./bench/run.sh --complaints 500 --feed-sizes "" # quicker
#   ./bench/run.sh --help                           # every option
#   ./bench/run.sh fuzz --requests 5000             # malformed-request fuzzing (docs/reliability.md)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (Azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> dotnet build (Release: local host and bench)"
dotnet build functions/Complaints.LocalHost --configuration Release --nologo --verbosity quiet
dotnet build bench/Complaints.Bench --configuration Release --nologo --verbosity quiet

exec dotnet bench/Complaints.Bench/bin/Release/net10.0/Complaints.Bench.dll "$@"
