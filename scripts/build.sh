#!/usr/bin/env bash
# Configures (once) and builds beex in build/ with clang-19, lld, Ninja and ccache, Release.
# Usage: scripts/build.sh [ninja targets...]
# BEEX_BUILD_DIR picks another folder and BEEX_CMAKE_ARGS adds options to its
# first configuration (scripts/fuzz.sh and scripts/sanitize.sh use both).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_BUILD_DIR:-$root/build}
read -r -a extra_args <<<"${BEEX_CMAKE_ARGS:-}"
# Paths below the checkout are hashed relative to it, so that another clone
# (CI's) reuses what this one compiled.
export CCACHE_BASEDIR=$root

if [[ ! -f $build/build.ninja ]]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_DIR=/usr/lib/llvm-19/lib/cmake/llvm \
    "${extra_args[@]}"
fi
cmake --build "$build" -- "$@"
