#!/usr/bin/env bash
# System packages for tests and the full benchmark. Idempotent; needs root (CI runs as root).
set -euo pipefail
# chromium: the browser tests (test/platform/browser.test.ts) drive it through playwright-core.
PKGS=(dataset-fashion-mnist chromium)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
