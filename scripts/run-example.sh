#!/usr/bin/env bash
# The main job, for now: sets up, builds the tools and runs beex-opt on the bundled
# 2-block example model, packing its latent weights (--beex-pack-weights). Compiling
# to an object file arrives with beexc; until then this shows the model's IR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" beex-opt
"${BEEX_BUILD_DIR:-$root/build}/bin/beex-opt" --beex-pack-weights \
  --mlir-elide-elementsattrs-if-larger=4 "$root/examples/tiny/model.mlir"
