#!/usr/bin/env bash
# The main job: sets up, builds, then imports, compiles, links and runs an
# example checkpoint. The checkpoint is a generated random one (seed 3 of the
# test generator: binary activations, dense attention, entropy-drop exits)
# until the trained SST-2 model lands; its labels carry no meaning.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_BUILD_DIR:-$root/build}
work=$build/example
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" beex-import beexc beex-run
mkdir -p "$work"

echo "== checkpoint: config.json + model.safetensors (generated, seed 3)"
(cd "$root/python" && /usr/bin/python3 -m beex.random_checkpoint --seed 3 --out "$work/checkpoint")
echo "== beex-import -> model.beex"
"$build/bin/beex-import" "$work/checkpoint" -o "$work/model.beex"
echo "== beexc -> model.o + model.h (host CPU)"
"$build/bin/beexc" "$work/model.beex" -o "$work/model.o" --header "$work/model.h" --name example
echo "== link with the runtime"
clang-19 -O2 -fuse-ld=lld -I "$work" -I "$root/runtime/include" \
  "$root/examples/classify/classify.c" "$root"/runtime/src/*.c "$work/model.o" -lm \
  -o "$work/classify"
echo "== run"
"$work/classify" 5,17,9 1,2,3,4,5,6,7,8 42 100,3,150,7
echo "== the reference interpreter on the first input, for comparison"
"$build/bin/beex-run" --reference "$work/model.beex" --tokens 5,17,9
