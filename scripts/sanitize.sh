#!/usr/bin/env bash
# Builds beex (libraries, tools, runtime, and the fuzz targets' replay
# drivers) with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/
# and runs the whole lit suite there. test/lit.cfg.py makes every ASan, UBSan
# or LeakSanitizer report abort the tool, so a report fails its test even
# where the test expects the tool to fail. Debian's LLVM/MLIR stay
# uninstrumented: their memory errors are found only where beex code makes
# the access.
#
#   scripts/sanitize.sh [ninja targets...]     # default: check-beex
#
# Run a sanitized tool by hand with the options lit uses:
#   ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1 build-asan/bin/beex-import ...
# (allow_user_poisoning=0: see fuzz/SanitizerOptions.cpp.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_ASAN_BUILD_DIR:-$root/build-asan}

if (($# == 0)); then
  set -- check-beex
fi
BEEX_BUILD_DIR=$build BEEX_CMAKE_ARGS=-DBEEX_SANITIZE=ON bash "$root/scripts/build.sh" "$@"
