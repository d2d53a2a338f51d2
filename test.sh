#!/usr/bin/env bash
# Builds the solution and runs every test project against real PostgreSQL, Redis, RabbitMQ and SMTP
# (local processes started by the tests themselves) and a real browser (Debian's chromium) for the web storefront.
# Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh --for-tests
exec dotnet test Backend.sln "$@"
