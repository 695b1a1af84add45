//===- ExitCascade.cpp - The early-exit cascade as nested scf.if ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ModelLowering.h"

using namespace mlir;
using namespace mlir::beex;

/// docs/math.md §4 at exit head `layer`, with the run-time threshold, patience and
/// full-depth arguments. Returns the i1 "stop here".
Value ModelLowering::decide(int64_t layer, Value entropy, Value logits,
                            ExitState &state, LoweringContext &context) {
  KernelBuilder &k = context.k;
  OpBuilder &b = k.b;
  ExitPolicyAttr policy = cascade.getPolicy();
  int64_t classes = cast<MemRefType>(logits.getType()).getDimSize(0);

  // argmax, the first of equal maxima.
  Value best = k.scalar(logits, {k.index(0)}), argmax = k.index(0);
  for (int64_t c = 1; c < classes; ++c) {
    Value z = k.scalar(logits, {k.index(c)});
    Value greater = b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OGT, z, best);
    best = b.create<arith::SelectOp>(k.loc, greater, z, best);
    argmax = b.create<arith::SelectOp>(k.loc, greater, k.index(c), argmax);
  }
  Value same = b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::eq, argmax,
                                       state.previousArgmax);
  Value run = b.create<arith::SelectOp>(
      k.loc, same, b.create<arith::AddIOp>(k.loc, state.run, k.i64(1)), k.i64(1));

  Value stop = b.create<arith::ConstantIntOp>(k.loc, 0, 1);
  switch (policy.getKind()) {
  case ExitPolicyKind::entropy_drop:
    if (layer > policy.getMinLayer()) {
      Value previous = state.previousEntropy;
      Value isZero = b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OEQ,
                                             previous, k.f32(0.0));
      Value drop = b.create<arith::SelectOp>(
          k.loc, isZero, k.f32(0.0), k.div(k.sub(previous, entropy), previous));
      stop = b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OLT, drop, threshold);
    }
    break;
  case ExitPolicyKind::entropy_below:
    stop = b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OLT, entropy, threshold);
    break;
  case ExitPolicyKind::patience:
    stop = b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::sge, run,
                                   b.create<arith::AddIOp>(k.loc, patience, k.i64(1)));
    break;
  case ExitPolicyKind::none:
    break;
  }
  Value shallow = b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::eq, fullDepth,
                                          k.i32(0));
  state = {entropy, run, argmax};
  return b.create<arith::AndIOp>(k.loc, stop, shallow);
}

/// Lowers layer `index` and, unless it exits there, the layers after it
/// inside the branch taken when it does not: a block after the exit is code
/// that does not run. Returns the exit layer (i32).
FailureOr<Value> ModelLowering::lowerLayers(unsigned index, ExitState state,
                                            LoweringContext &context) {
  KernelBuilder &k = context.k;
  Block &body = cascade.getLayers()[index].front();
  if (failed(lowerBlock(body, context)))
    return failure();
  int64_t layer = index + 1, layers = cascade.getNumLayers();
  auto yield = cast<YieldOp>(body.getTerminator());
  if (!yield.getLogits())
    return lowerLayers(index + 1, state, context);

  Value logits = context.buffer(yield.getLogits());
  Value entropy = scalars.lookup(yield.getEntropy());
  k.storeScalar(entropy, entropiesOut, {k.index(index)});
  // The logits of the latest head are the answer if the cascade stops here.
  for (int64_t c = 0; c < cast<MemRefType>(logits.getType()).getDimSize(0); ++c)
    k.storeScalar(k.scalar(logits, {k.index(c)}), logitsOut, {k.index(c)});
  if (layer == layers)
    return k.i32(layers);

  Value stop = decide(layer, entropy, logits, state, context);
  auto branch = builder.create<scf::IfOp>(
      k.loc, TypeRange{builder.getI32Type()}, stop, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(branch.thenBlock());
  builder.create<scf::YieldOp>(k.loc, k.i32(layer));
  builder.setInsertionPointToStart(branch.elseBlock());
  FailureOr<Value> deeper = lowerLayers(index + 1, state, context);
  if (failed(deeper))
    return failure();
  builder.create<scf::YieldOp>(k.loc, *deeper);
  return branch.getResult(0);
}

