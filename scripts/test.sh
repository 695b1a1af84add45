#!/usr/bin/env bash
# Sets up the machine, builds beex and runs every test: the lit suite
# (check-beex), then a short bounded smoke of every fuzz target and the whole
# lit suite again under ASan + UBSan (fuzz/README.md). Any failing test, fuzz
# finding or sanitizer report makes this script fail.
#
# BEEX_FUZZ_SECONDS: seconds per fuzz target (default 15, 75 s for the five; 0
# skips the smoke). BEEX_SANITIZE_SUITE=0 skips the sanitizer suite (about 11
# minutes of tests on two cores, 2.8x the plain suite, plus its build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh" --dev
bash "$root/scripts/build.sh" check-beex

seconds=${BEEX_FUZZ_SECONDS:-15}
if ((seconds > 0)); then
  echo "== fuzz smoke: ${seconds}s per target (build-fuzz/)"
  bash "$root/scripts/fuzz.sh" "$seconds"
fi
if [[ ${BEEX_SANITIZE_SUITE:-1} != 0 ]]; then
  echo "== the lit suite under ASan + UBSan (build-asan/)"
  bash "$root/scripts/sanitize.sh"
fi
