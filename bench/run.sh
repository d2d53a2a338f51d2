#!/usr/bin/env bash
# The benchmark report: builds in Release, starts the whole system in process mode, runs every load
# scenario side by side and writes docs/benchmarks.md. Needs wrk (installed here if missing). ~5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q wrk; else sudo apt-get install -y -q wrk; fi
fi
dotnet build Backend.sln -c Release -v quiet -nologo
exec dotnet run --project bench/Backend.Bench -c Release --no-build -- "$@"
