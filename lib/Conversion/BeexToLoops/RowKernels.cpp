//===- RowKernels.cpp - Norms, elementwise ops and exit heads -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The memory-bound parts of the forward pass: each walks rows and processes a
// row's columns a vector register at a time.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

using namespace mlir;
using namespace mlir::beex;

namespace {
VectorType floatVector(KernelBuilder &k) {
  return k.vectorOf(k.floatLanes(), k.b.getF32Type());
}

/// sum over the columns of `memref[row]` of `element(x)`.
Value rowSum(KernelBuilder &k, Value memref, Value row, int64_t columns,
             function_ref<Value(Value x)> element) {
  VectorType vector = floatVector(k);
  return k.reduceAdd(k.columns(columns, k.floatLanes(), {k.zeros(vector)},
                               [&](Value column, Value mask, ValueRange acc) {
                                 Value x = k.load(vector, memref, {row, column}, mask);
                                 Value term = element(x);
                                 // Masked lanes must add nothing.
                                 if (mask)
                                   term = k.b.create<arith::SelectOp>(
                                       k.loc, mask, term, k.zeros(vector));
                                 return SmallVector<Value>{k.add(acc[0], term)};
                               })[0]);
}
} // namespace

void mlir::beex::lowerLayerNorm(LayerNormOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value in = context.buffer(op.getInput()), out = context.buffer(op.getResult());
  Value gamma = context.buffer(op.getGamma()), beta = context.buffer(op.getBeta());
  int64_t columns = op.getType().getDimSize(1);
  VectorType vector = floatVector(k);
  Value count = k.f32(double(columns));
  k.loop(context.begin, context.end, [&](Value row) {
    Value mean = k.div(rowSum(k, in, row, columns, [](Value x) { return x; }), count);
    Value meanVector = k.splat(vector, mean);
    // Population variance, from the centred values (stable for large means).
    Value variance = k.div(rowSum(k, in, row, columns,
                                  [&](Value x) {
                                    Value centred = k.sub(x, meanVector);
                                    return k.mul(centred, centred);
                                  }),
                           count);
    Value epsilon = k.f32(op.getEpsilon().convertToDouble());
    Value inverse = k.div(k.f32(1.0), k.b.create<math::SqrtOp>(
                                          k.loc, k.add(variance, epsilon)));
    Value inverseVector = k.splat(vector, inverse);
    k.columns(columns, k.floatLanes(), {}, [&](Value column, Value mask, ValueRange) {
      Value x = k.load(vector, in, {row, column}, mask);
      Value normalised = k.mul(k.sub(x, meanVector), inverseVector);
      Value y = k.b.create<math::FmaOp>(k.loc, normalised,
                                        k.load(vector, gamma, {column}, mask),
                                        k.load(vector, beta, {column}, mask));
      k.store(y, out, {row, column}, mask);
      return SmallVector<Value>();
    });
    // The encodings the next linears read, while the row is in L1.
    unsigned first = 0;
    for (ActivationMode mode : context.fusion.encodings) {
      SmallVector<Value> buffers = rowEncoding(context, first, mode, columns);
      encodeRow(k, mode, out, row, columns, buffers);
      first += buffers.size();
    }
  });
}

Value mlir::beex::activate(KernelBuilder &k, Operation *activation, Value x) {
  if (isa<math::TanhOp>(activation))
    return k.b.create<math::TanhOp>(k.loc, x);
  // beex.sigmoid(x) = 1 / (1 + exp(-x)) = 0.5 tanh(0.5 x) + 0.5. The tanh
  // form needs no float-to-int conversion (exp's range reduction does), which
  // qemu 7.2 mistranslates for RVV. beex-expand-math folds the halves into
  // the tanh's coefficients (SigmoidInTanhForm).
  auto constant = [&](double value) {
    Value scalar = k.f32(value);
    auto vector = dyn_cast<VectorType>(x.getType());
    return vector ? k.splat(vector, scalar) : scalar;
  };
  Value tanh = k.b.create<math::TanhOp>(k.loc, k.mul(x, constant(0.5)));
  return k.b.create<math::FmaOp>(k.loc, tanh, constant(0.5), constant(0.5));
}

Value mlir::beex::elementwise(KernelBuilder &k, Operation *op, ValueRange x) {
  if (isa<arith::AddFOp>(op))
    return k.add(x[0], x[1]);
  if (isa<arith::MulFOp>(op))
    return k.mul(x[0], x[1]);
  return activate(k, op, x[0]);
}

Value mlir::beex::applyEpilogue(LoweringContext &context, Operation *producer,
                                Value y, Value row, Value column, Value mask) {
  KernelBuilder &k = context.k;
  auto vector = dyn_cast<VectorType>(y.getType());
  Value chain = producer->getResult(0);
  for (Operation *op : context.fusion.epilogue) {
    // The value so far in its operand position; the other operand (of an
    // add or a product) read from its buffer, or computed (ComputedLinear).
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      auto computed = operand.getDefiningOp<BinaryLinearOp>();
      if (operand == chain)
        operands.push_back(y);
      else if (computed && context.computedBetas.count(computed))
        operands.push_back(computeLinear(context, computed, row, column, mask, y.getType()));
      else if (vector)
        operands.push_back(k.load(vector, context.buffer(operand), {row, column}, mask));
      else
        operands.push_back(k.scalar(context.buffer(operand), {row, column}));
    }
    y = elementwise(k, op, operands);
    chain = op->getResult(0);
  }
  return y;
}

void mlir::beex::lowerElementwise(Operation *op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value out = context.buffer(op->getResult(0));
  SmallVector<Value> inputs;
  for (Value operand : op->getOperands())
    inputs.push_back(context.buffer(operand));
  VectorType vector = floatVector(k);
  int64_t columns = cast<ShapedType>(op->getResult(0).getType()).getDimSize(1);
  k.loop(context.begin, context.end, [&](Value row) {
    k.columns(columns, k.floatLanes(), {}, [&](Value column, Value mask, ValueRange) {
      SmallVector<Value> x;
      for (Value input : inputs)
        x.push_back(k.load(vector, input, {row, column}, mask));
      k.store(elementwise(k, op, x), out, {row, column}, mask);
      return SmallVector<Value>();
    });
  });
}

void mlir::beex::lowerPool(PoolOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value in = context.buffer(op.getInput()), out = context.buffer(op.getResult());
  int64_t columns = op.getType().getDimSize(0);
  VectorType vector = floatVector(k);
  bool mean = op.getKind() == PoolingKind::mean;
  Value count = mean ? k.b.create<arith::UIToFPOp>(
                           k.loc, k.b.getF32Type(),
                           k.b.create<arith::IndexCastOp>(k.loc, k.b.getI64Type(),
                                                          context.rows))
                     : Value();
  k.columns(columns, k.floatLanes(), {}, [&](Value column, Value mask, ValueRange) {
    Value pooled;
    if (mean) {
      Value sum = k.loop(k.index(0), context.rows, k.index(1), {k.zeros(vector)},
                         [&](Value row, ValueRange acc) {
                           return SmallVector<Value>{k.add(
                               acc[0], k.load(vector, in, {row, column}, mask))};
                         })[0];
      pooled = k.div(sum, k.splat(vector, count));
    } else {
      pooled = k.load(vector, in, {k.index(0), column}, mask);
    }
    k.store(pooled, out, {column}, mask);
    return SmallVector<Value>();
  });
}

void mlir::beex::lowerExitClassifier(ExitClassifierOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value pooled = context.buffer(op.getPooled()), weight = context.buffer(op.getWeight());
  Value bias = context.buffer(op.getBias()), out = context.buffer(op.getLogits());
  int64_t classes = op.getType().getDimSize(0);
  int64_t columns = op.getPooled().getType().getDimSize(0);
  VectorType vector = floatVector(k);
  for (int64_t c = 0; c < classes; ++c) {
    Value dot = k.columns(columns, k.floatLanes(), {k.zeros(vector)},
                          [&](Value column, Value mask, ValueRange acc) {
                            Value w = k.load(vector, weight, {k.index(c), column}, mask);
                            Value p = k.load(vector, pooled, {column}, mask);
                            return SmallVector<Value>{
                                k.b.create<math::FmaOp>(k.loc, w, p, acc[0])};
                          })[0];
    k.storeScalar(k.add(k.reduceAdd(dot), k.scalar(bias, {k.index(c)})), out,
                  {k.index(c)});
  }
}

/// H = log(sum_c e_c) - sum_c (e_c / sum) (z_c - max), with e_c = exp(z_c - max):
/// the entropy of softmax(z) without forming log p_c of tiny probabilities.
Value mlir::beex::lowerEntropy(EntropyOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value logits = context.buffer(op.getLogits());
  int64_t classes = op.getLogits().getType().getDimSize(0);
  Value largest = k.scalar(logits, {k.index(0)});
  for (int64_t c = 1; c < classes; ++c)
    largest = k.b.create<arith::MaxNumFOp>(k.loc, largest,
                                            k.scalar(logits, {k.index(c)}));
  Value sum = k.f32(0.0), weighted = k.f32(0.0);
  for (int64_t c = 0; c < classes; ++c) {
    Value shifted = k.sub(k.scalar(logits, {k.index(c)}), largest);
    Value e = k.b.create<math::ExpOp>(k.loc, shifted);
    sum = k.add(sum, e);
    weighted = k.add(weighted, k.mul(e, shifted));
  }
  return k.sub(k.b.create<math::LogOp>(k.loc, sum), k.div(weighted, sum));
}
