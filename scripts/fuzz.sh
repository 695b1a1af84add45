#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with ASan and UBSan in build-fuzz/ and
# runs each for SECONDS (default 60), after replaying the committed regression
# inputs. Any crash, sanitizer report, leak, timeout or broken invariant stops
# that target, leaves its input in build-fuzz/artifacts/<target>/ and makes
# this script fail.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # targets: checkpoint beex-file ir runtime tokenize
#
# BEEX_FUZZ_JOBS=2 runs two targets at a time. New inputs accumulate in
# build-fuzz/corpus/<target>/ across runs (the committed seeds in
# fuzz/corpus/<target>/ are only read); the last lines of each run's log,
# libFuzzer's final stats included, are printed. Reproduce a finding with
#   build-fuzz/bin/beex-fuzz-<target> build-fuzz/artifacts/<target>/crash-...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(checkpoint beex-file ir runtime tokenize)
jobs=${BEEX_FUZZ_JOBS:-1}

BEEX_BUILD_DIR=$build BEEX_CMAKE_ARGS=-DBEEX_BUILD_FUZZERS=ON \
  bash "$root/scripts/build.sh" beex-fuzzers

# allow_user_poisoning=0: see fuzz/SanitizerOptions.cpp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-19/bin/llvm-symbolizer}

# Runs one target; its log goes to build-fuzz/logs/<target>.log.
fuzz_one() {
  local target=$1 binary=$build/bin/beex-fuzz-$1
  local corpus=$build/corpus/$target artifacts=$build/artifacts/$target/
  local log=$build/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  : >"$log"
  local regressions=$root/fuzz/regressions/$target
  if [[ -d $regressions ]]; then
    if ! "$binary" "$regressions"/* >>"$log" 2>&1; then
      echo "fuzz: $target: a committed regression input fails again (see $log)"
      tail -n 40 "$log"
      return 1
    fi
  fi
  local seeds=() dict=()
  [[ -d $root/fuzz/corpus/$target ]] && seeds=("$root/fuzz/corpus/$target")
  [[ -f $root/fuzz/$target.dict ]] && dict=(-dict="$root/fuzz/$target.dict")
  # -close_fd_mask=2: the libraries' warnings on stderr would flood the log;
  # libFuzzer and the sanitizers still report on their own copy of it.
  if "$binary" "$corpus" "${seeds[@]}" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=65536 \
      -close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$artifacts" \
      >>"$log" 2>&1; then
    echo "fuzz: $target: ok after ${seconds}s"
    grep -E "^(stat::|#[0-9]+ +DONE)" "$log" | tail -n 12 || true
  else
    echo "fuzz: $target: FAILED (inputs in $artifacts, log $log)"
    grep -v "^#[0-9]" "$log" | tail -n 60
    return 1
  fi
}

status=0
if ((jobs > 1)); then
  pids=()
  for target in "${targets[@]}"; do
    while (($(jobs -rp | wc -l) >= jobs)); do sleep 1; done
    fuzz_one "$target" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
else
  for target in "${targets[@]}"; do fuzz_one "$target" || status=1; done
fi
exit $status
