//===- Lowering.h - Lowering beex ops to kernels ----------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the kernels of convert-beex-to-loops share: the buffers of the values
// already lowered, and one emitter per op family.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H
#define BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H

#include "KernelBuilder.h"
#include "ScratchPlan.h"

#include "dialects/beex/BeexOps.h"

namespace mlir::beex {

struct LoweringContext {
  KernelBuilder &k;
  /// The caller's scratch buffer (memref<Bxi8>).
  Value scratch;
  /// The number of tokens S (index).
  Value rows;
  const ScratchPlan &plan;
  /// The memref holding each tensor value lowered so far.
  llvm::DenseMap<Value, Value> buffers;

  Value buffer(Value tensor) const {
    return buffers.lookup(ScratchPlan::resolve(tensor));
  }
  /// Temporary `index` of `op`, viewed as `type` (one dynamic row count).
  Value temporary(Operation *op, unsigned index, MemRefType type) {
    SmallVector<Value> sizes;
    if (type.getRank() > 0 && type.isDynamicDim(0))
      sizes.push_back(rows);
    return k.view(scratch, plan.temporaryOffset(op, index), type, sizes);
  }
};

/// The temporaries (bytes) each op's kernel needs for `maxRows` tokens.
SmallVector<int64_t> kernelTemporaries(Operation *op, int64_t maxRows);

void lowerBinaryLinear(BinaryLinearOp op, LoweringContext &context);
void lowerAttention(AttentionOp op, LoweringContext &context);
void lowerEmbed(EmbedOp op, LoweringContext &context);
void lowerLayerNorm(LayerNormOp op, LoweringContext &context);
/// arith.addf, arith.mulf, math.tanh and beex.sigmoid over rows.
void lowerElementwise(Operation *op, LoweringContext &context);
void lowerPool(PoolOp op, LoweringContext &context);
void lowerExitClassifier(ExitClassifierOp op, LoweringContext &context);
/// Returns the entropy as an f32 value.
Value lowerEntropy(EntropyOp op, LoweringContext &context);

} // namespace mlir::beex

#endif // BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H
