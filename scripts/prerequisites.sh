#!/usr/bin/env bash
# Installs what run.sh and test.sh need on a Debian machine, and only what is missing:
#   - the Debian packages of the local infrastructure (PostgreSQL 15, Redis 7, RabbitMQ 3.10);
#   - the dotnet local tools pinned in .config/dotnet-tools.json (smtp4dev, dotnet-ef);
#   - what tests/Deployment.Tests checks the deployment with: kubectl (kustomize), docker-compose, and mmdebstrap,
#     umoci, docker-registry, skopeo and runc for the images (scripts/oci-images.sh);
#   - npm, and the npm packages pinned in tools/openapi (Redocly, which lints the API documents);
#   - the web storefront (WebApp/): its npm packages from the lockfile, then its build (WebApp/dist, which the gateway serves);
#   - with --for-tests, Debian's chromium, the real browser tests/Storefront.Tests drives (never a downloaded one).
# The .NET 10 SDK itself is not in Debian's archive: it must already be on PATH.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; install sudo or run as root." >&2; return 1
  fi
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is not on PATH. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then rerun." >&2
    exit 1
  fi
  local major
  major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  if [ "${major:-0}" -lt 10 ]; then
    echo "error: .NET SDK $(dotnet --version) found; this repository needs 10.0 (see global.json)." >&2
    exit 1
  fi
}

for_tests=false
[ "${1:-}" = "--for-tests" ] && for_tests=true

missing_packages() {
  local missing=()
  if [ "$for_tests" = true ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/redis-server ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  local tool
  for tool in docker-compose mmdebstrap umoci docker-registry skopeo runc curl npm; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  # Debian names kubectl's package kubernetes-client; some machines have a "kubectl" package from elsewhere.
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  echo "${missing[@]:-}"
}

install_infrastructure_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: not a Debian-like system; install $missing yourself, or use Docker (Infra:Mode=containers)." >&2
    return 0
  fi
  echo "Installing Debian packages: $missing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# The SDK restores the manifest's tools concurrently and, with an empty NuGet cache, can mix them up ("The command
# dotnet-ef ... is not contained in the package with Package Id dotnet-ef. The commands contained in the package are
# smtp4dev."): a second attempt, with one tool cached, succeeds.
restore_tools() {
  local attempt output
  for attempt in 1 2 3; do
    if output=$(dotnet tool restore 2>&1); then
      return 0
    fi
    echo "dotnet tool restore failed (attempt $attempt of 3); retrying." >&2
    sleep 2
  done
  echo "$output" >&2
  return 1
}

# From the committed lockfile, only when it changed since the last install.
install_node_tools() {
  local folder=tools/openapi
  if [ ! -x "$folder/node_modules/.bin/redocly" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
  fi
}

# The app is rebuilt every time (a few seconds): the gateway must never serve an app older than its sources.
build_web_app() {
  local folder=WebApp
  if [ ! -d "$folder/node_modules" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
  fi
  npm run build --prefix "$folder" --silent >/dev/null
}

require_dotnet
install_infrastructure_packages
restore_tools
install_node_tools
build_web_app
