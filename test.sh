#!/usr/bin/env bash
# Builds the solution and runs every test project against real PostgreSQL, Redis, RabbitMQ and SMTP
# (local processes started by the tests themselves). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
exec dotnet test Backend.sln "$@"
