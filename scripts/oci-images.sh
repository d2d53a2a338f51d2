#!/usr/bin/env bash
# Test tooling, not the product: proves the five services publish as OCI images with the SDK's PublishContainer and
# that one of them runs, on a machine with no Docker daemon and no public registry (tests/Deployment.Tests/ImageTests.cs).
#   1. a base image like Microsoft's aspnet:10.0: a Debian root filesystem (mmdebstrap) with this machine's .NET
#      runtime, packed by umoci, cached in ~/.cache/backend/oci (OCI_DATA_DIR);
#   2. Debian's docker-registry on 127.0.0.1 serves it (skopeo pushes it);
#   3. `dotnet publish -t:PublishContainer` builds every service on that base and pushes it there;
#   4. runc runs the gateway's image (read-only root, uid 1654, loopback) until /health/live answers.
# Prints "image <repository> <bytes>" per service and "health <service> ok". Needs root (mmdebstrap, runc).
set -euo pipefail
cd "$(dirname "$0")/.."

# Outside the clone, so that CI's fresh clones on the same machine reuse the base image (about a minute to build).
data=${OCI_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backend/oci}
tag=${BACKEND_IMAGE_TAG:-1.0.0}
mkdir -p "$data"
work=$(mktemp -d)
registry_pid=""
container=""
cleanup() {
  [ -n "$container" ] && { runc kill "$container" KILL 2>/dev/null || true; runc delete -f "$container" 2>/dev/null || true; }
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# 1. The base image, rebuilt only when the runtime or the package list changes.
runtime=$(ls /usr/share/dotnet/shared/Microsoft.AspNetCore.App | sort -V | tail -n 1)
packages="ca-certificates,tzdata,libicu72,libssl3,zlib1g,libstdc++6,libgcc-s1"
base_key=$(echo "$runtime $packages" | sha256sum | cut -c1-16)
base_layout="$data/base-$base_key"
if [ ! -d "$base_layout" ]; then
  rootfs="$work/rootfs"
  mmdebstrap --quiet --variant=essential --include="$packages" --format=directory bookworm "$rootfs" >&2
  mkdir -p "$rootfs/usr/share/dotnet/shared"
  cp -a /usr/share/dotnet/dotnet /usr/share/dotnet/host "$rootfs/usr/share/dotnet/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$rootfs/usr/share/dotnet/shared/$framework"
    cp -a "/usr/share/dotnet/shared/$framework/$runtime" "$rootfs/usr/share/dotnet/shared/$framework/"
  done
  ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  # The "app" user of Microsoft's images; no package caches or docs in the image.
  echo "app:x:1654:1654::/home/app:/usr/sbin/nologin" >> "$rootfs/etc/passwd"
  echo "app:x:1654:" >> "$rootfs/etc/group"
  mkdir -p "$rootfs/home/app" && chown 1654:1654 "$rootfs/home/app"
  rm -rf "$rootfs/var/cache/apt/"* "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc/"* "$rootfs/usr/share/man/"*
  tar -C "$rootfs" --numeric-owner -cf "$work/rootfs.tar" .
  umoci init --layout "$work/layout"
  umoci new --image "$work/layout:base"
  umoci raw add-layer --image "$work/layout:base" "$work/rootfs.tar"
  umoci config --image "$work/layout:base" --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.env APP_UID=1654 --config.env DOTNET_RUNNING_IN_CONTAINER=true --config.env "DOTNET_VERSION=$runtime" \
    --config.env "ASPNET_VERSION=$runtime" --config.env ASPNETCORE_HTTP_PORTS=8080 --os linux --architecture amd64
  umoci gc --layout "$work/layout"
  rm -rf "$data"/base-* && mv "$work/layout" "$base_layout"
fi

# 2. A registry on loopback only, its storage in the work folder (each run publishes afresh).
port=$(free_port)
registry="127.0.0.1:$port"
cat > "$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: $registry
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
skopeo copy --quiet --dest-tls-verify=false "oci:$base_layout:base" "docker://$registry/dotnet/aspnet:$runtime"

# 3. Every service, through the project files' settings, on that base.
export DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry
# Run from a test under `dotnet test`, the outer MSBuild's variables would steer this build: drop them.
while IFS= read -r variable; do unset "$variable"; done < <(env | grep -io '^msbuild[a-z_]*' || true)
unset DOTNET_HOST_PATH VSTEST_HOST_DEBUG || true
for project in Gateway Identity.Service Users.Service Orders.Service Notifications.Worker; do
  dotnet publish "$project/$project.csproj" -c Release -t:PublishContainer --nologo -v:quiet \
    -p:ContainerBaseImage="$registry/dotnet/aspnet:$runtime" -p:ContainerRegistry="$registry" -p:BackendImageTag="$tag" >&2
done
for service in gateway identity users orders notifications; do
  bytes=$(skopeo inspect --tls-verify=false --raw "docker://$registry/backend/$service:$tag" |
    python3 -c 'import json,sys; m=json.load(sys.stdin); print(m["config"]["size"] + sum(l["size"] for l in m["layers"]))')
  echo "image backend/$service:$tag $bytes"
done

# 4. The gateway under runc, as Kubernetes would run it: its image's user and entry point, read-only root, /tmp a tmpfs.
skopeo copy --quiet --src-tls-verify=false "docker://$registry/backend/gateway:$tag" "oci:$work/run:gateway"
umoci unpack --image "$work/run:gateway" "$work/bundle" >/dev/null
http_port=$(free_port)
python3 - "$work/bundle/config.json" "$http_port" <<'EOF'
import json, sys
path, port = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config["root"]["readonly"] = True
config["process"]["terminal"] = False
# The host's network namespace, so the probe can reach it; it binds loopback only.
config["linux"]["namespaces"] = [n for n in config["linux"]["namespaces"] if n["type"] != "network"]
config["process"]["env"] += [f"ASPNETCORE_URLS=http://127.0.0.1:{port}", "ASPNETCORE_ENVIRONMENT=Production",
    "Identity__Issuer=http://127.0.0.1/", "Identity__Authority=http://identity"]
config["mounts"].append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "size=65536k"]})
json.dump(config, open(path, "w"))
EOF
user=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["process"]["user"]; print(p["uid"])' "$work/bundle/config.json")
container="backend-gateway-$$"
runc run --detach --bundle "$work/bundle" --pid-file "$work/container.pid" "$container" > "$work/container.log" 2>&1 < /dev/null
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$http_port/health/live" >/dev/null 2>&1; then
    echo "health gateway ok (uid $user)"
    exit 0
  fi
  sleep 0.5
done
echo "error: the gateway's /health/live did not answer within 60 s" >&2
cat "$work/container.log" >&2
exit 1
