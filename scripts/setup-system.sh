#!/usr/bin/env bash
# System packages for tests and the full benchmark. Idempotent; needs root (CI runs as root).
set -euo pipefail
# chromium: the browser tests (test/platform/browser.test.ts, the web lab's test/web/e2e.test.ts) drive it
# through playwright-core.
# python3-onnx: onnx.checker over the exported graphs (test/io/onnx/checker.test.ts; it skips without it).
PKGS=(dataset-fashion-mnist chromium python3-onnx)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
