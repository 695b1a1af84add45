#!/usr/bin/env bash
# Turns a .beex model into a linked executable for a target, in one command:
# beexc compiles the model, clang-19 links it with the runtime and your C files.
#
#   scripts/link-model.sh MODEL.beex TARGET OUTPUT your.c [more .c files or clang flags]
#
# TARGET: host, x86-avx512, x86-avx2, arm-neon or riscv-rvv. The model's
# descriptor is `model_model` (NAME_model with NAME=${BEEX_NAME:-model}), and
# OUTPUT.h declares it. BEEX_MATTR adds target features (beexc --mattr, e.g.
# +dotprod with arm-neon). Cross executables run under qemu-user:
#   qemu-aarch64 -L /usr/aarch64-linux-gnu OUTPUT
#   qemu-riscv64 -L /usr/riscv64-linux-gnu -cpu rv64,v=true,vlen=128 OUTPUT
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_BUILD_DIR:-$root/build}
if (($# < 4)); then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
model=$1 target=$2 output=$3
shift 3
name=${BEEX_NAME:-model}

case $target in
  host | x86-avx512 | x86-avx2) cross=() ;;
  arm-neon) cross=(--target=aarch64-linux-gnu) ;;
  riscv-rvv) cross=(--target=riscv64-linux-gnu) ;;
  *) echo "link-model.sh: unknown target '$target'" >&2; exit 2 ;;
esac

"$build/bin/beexc" "$model" --target="$target" ${BEEX_MATTR:+--mattr="$BEEX_MATTR"} \
  --name="$name" -o "$output.o" --header "$output.h"
clang-19 "${cross[@]}" -O2 -fuse-ld=lld -I "$root/runtime/include" -I "$(dirname "$output")" \
  "$@" "$root"/runtime/src/*.c "$root/runtime/pool/thread_pool.c" "$output.o" -lm -pthread \
  -o "$output"
