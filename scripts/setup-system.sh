#!/usr/bin/env bash
# System packages for tests and the full benchmark. Idempotent; needs root (CI runs as root).
set -euo pipefail
PKGS=(dataset-fashion-mnist)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
