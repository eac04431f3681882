#!/usr/bin/env bash
# Makes this machine able to build and run the image (as root): Debian's podman, buildah,
# podman-compose and debootstrap when missing, and a containers.conf podman can work with here.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
for tool in podman buildah podman-compose debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "-- installing ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
# crun fails on this kind of host ("cgroups in hybrid mode not supported") and the default
# rlimits are above what an unprivileged namespace may set (setrlimit EPERM).
conf=/etc/containers/containers.conf
if ! grep -qs '^runtime = "runc"' "$conf"; then
  echo "-- writing $conf"
  mkdir -p /etc/containers
  cat >"$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
fi
