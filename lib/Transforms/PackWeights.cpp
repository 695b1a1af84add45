//===- PackWeights.cpp - Fold latent weights into packed constants --------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Transforms/Passes.h"
#include "dialects/beex/BeexOps.h"
#include "mlir/Transforms/FoldUtils.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::beex {
#define GEN_PASS_DEF_BEEXPACKWEIGHTS
#include "beex/Transforms/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;
using namespace mlir::beex;

namespace {
struct BeexPackWeights : mlir::beex::impl::BeexPackWeightsBase<BeexPackWeights> {
  void runOnOperation() override {
    SmallVector<Operation *> packing;
    getOperation()->walk([&](Operation *op) {
      if (isa<PackSignsOp, WeightScaleOp>(op))
        packing.push_back(op);
    });
    OperationFolder folder(&getContext());
    // A latent weight used by both pack_signs and weight_scale appears once.
    llvm::SetVector<Operation *> latents;
    for (Operation *op : packing) {
      if (Operation *latent = op->getOperand(0).getDefiningOp())
        latents.insert(latent);
      (void)folder.tryToFold(op);
    }
    for (Operation *latent : latents)
      if (isOpTriviallyDead(latent))
        latent->erase();
  }
};
} // namespace
