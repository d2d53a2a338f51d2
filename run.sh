#!/usr/bin/env bash
# Runs the whole system locally: the AppHost, every service, the infrastructure and the Aspire dashboard.
# Extra arguments go to the AppHost, e.g. ./run.sh --Infra:Mode=processes
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
exec dotnet run --project AppHost --launch-profile http -- "$@"
