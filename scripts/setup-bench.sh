#!/usr/bin/env bash
# System packages for the full benchmark (`npm run bench`), not for the tests: PyTorch as the
# reference engine, with OpenBLAS. Debian's python3-torch links the generic libblas.so.3, which
# is the reference (netlib) BLAS unless an optimized one is installed; libopenblas0-pthread
# takes over the libblas.so.3 alternative (priority 100), so PyTorch's GEMM runs ~10× faster.
# Without it the bench warns that its PyTorch anchor is crippled. Idempotent; needs root.
set -euo pipefail
PKGS=(python3-torch python3-numpy libopenblas0-pthread)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
blas=$(realpath /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo none)
echo "libblas.so.3 -> $blas"
case "$blas" in
  *openblas*) ;;
  *) echo "WARNING: libblas.so.3 is not OpenBLAS; select it: update-alternatives --config libblas.so.3-x86_64-linux-gnu" >&2 ;;
esac
