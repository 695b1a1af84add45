#!/usr/bin/env bash
# The main job: sets up, builds, then imports, compiles, links and runs the
# bundled example, a BEExformer trained on SST-2 (examples/sst2/): it
# classifies the sentences given as arguments, or a few of its own.
#
#   bash scripts/run-example.sh ["a sentence" ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BEEX_BUILD_DIR:-$root/build}
work=$build/example
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" beex-import beexc
mkdir -p "$work"

echo "== beex-import examples/sst2/model (config.json, model.safetensors, vocab.txt) -> sst2.beex"
"$build/bin/beex-import" "$root/examples/sst2/model" -o "$work/sst2.beex"
echo "== beexc -> model.o + model.h (host CPU)"
"$build/bin/beexc" "$work/sst2.beex" -o "$work/model.o" --header "$work/model.h" --name example
echo "== link examples/classify/classify.c with the model and the runtime"
clang-19 -O2 -fuse-ld=lld -I "$work" -I "$root/runtime/include" \
  "$root/examples/classify/classify.c" "$root"/runtime/src/*.c "$root/runtime/pool/thread_pool.c" \
  "$work/model.o" -lm -pthread -o "$work/classify"
echo "== classify"
if [ $# -eq 0 ]; then
  set -- "a gorgeous, witty, seductive movie." \
    "the story is bogged down by an overly complicated plot and dull characters." \
    "it's not a bad film, but it is not a good one either." \
    "an utterly charming and hilarious film that reminded me why i love the movies."
fi
"$work/classify" --labels negative,positive "$@"
