//===- AttentionKernel.cpp - Sparsity-aware multi-head attention ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// For each head and query row i, the keys the pattern allows are a few
// ranges whose bounds follow from i, the pattern and the run-time length S
// (SPEC §3.3). The kernel loops over exactly those ranges, so a masked key
// costs no iteration at all, whatever S is: masking is done by not visiting,
// and the result equals dense attention with the -inf mask applied.
//
//   dense          [0, S)
//   local w        [max(0, i - w), min(S, i + w + 1))
//   strided s      [i mod s, i - s + 1) step s, [max(0, i - s + 1), min(S, i + s)),
//                  [i + s, S) step s
//   block_sparse   I = i / b global: [0, S); otherwise the band
//                  [max(0, (I - n) b), min(S, (I + n + 1) b)) and every global
//                  block G with |G - I| > n: [G b, min(S, (G + 1) b))
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

using namespace mlir;
using namespace mlir::beex;

namespace {
/// Keys [lower, upper) visited with `step`.
struct KeyRange {
  Value lower, upper, step;
};

class AttentionLowering {
public:
  AttentionLowering(AttentionOp op, LoweringContext &context)
      : op(op), context(context), k(context.k) {}

  void lower();

private:
  Value min(Value a, Value b) { return k.b.create<arith::MinSIOp>(k.loc, a, b); }
  Value max(Value a, Value b) { return k.b.create<arith::MaxSIOp>(k.loc, a, b); }
  Value addi(Value a, Value b) { return k.b.create<arith::AddIOp>(k.loc, a, b); }
  Value subi(Value a, Value b) { return k.b.create<arith::SubIOp>(k.loc, a, b); }
  Value muli(Value a, Value b) { return k.b.create<arith::MulIOp>(k.loc, a, b); }

  SmallVector<KeyRange> keyRanges(Value query);
  /// Runs `body(key)` for every allowed key of `query`.
  void forEachKey(ArrayRef<KeyRange> ranges, Value init,
                  function_ref<Value(Value key, Value carried)> body,
                  Value &result);

  AttentionOp op;
  LoweringContext &context;
  KernelBuilder &k;
};

SmallVector<KeyRange> AttentionLowering::keyRanges(Value i) {
  Value zero = k.index(0), one = k.index(1), rows = context.rows;
  Attribute pattern = op.getPattern();
  if (auto local = dyn_cast<LocalPatternAttr>(pattern)) {
    Value window = k.index(local.getWindow());
    return {{max(zero, subi(i, window)), min(rows, addi(i, addi(window, one))), one}};
  }
  if (auto strided = dyn_cast<StridedPatternAttr>(pattern)) {
    Value s = k.index(strided.getStride());
    Value bandLower = max(zero, subi(addi(i, one), s));
    Value bandUpper = min(rows, addi(i, s));
    Value first = k.b.create<arith::RemSIOp>(k.loc, i, s);
    // Keys before the band: first, first + s, ... < bandLower.
    Value before = max(first, bandLower);
    return {{first, before, s}, {bandLower, bandUpper, one},
            {addi(i, s), rows, s}};
  }
  if (auto blocks = dyn_cast<BlockSparsePatternAttr>(pattern)) {
    Value size = k.index(blocks.getBlock()), band = k.index(blocks.getBand());
    Value block = k.b.create<arith::DivSIOp>(k.loc, i, size);
    Value isGlobal = k.b.create<arith::ConstantIntOp>(k.loc, 0, 1);
    for (int64_t global : blocks.getGlobal())
      isGlobal = k.b.create<arith::OrIOp>(
          k.loc, isGlobal,
          k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::eq, block,
                                    k.index(global)));
    // A global query block sees everything: widen the band to all keys.
    Value bandLower = k.b.create<arith::SelectOp>(
        k.loc, isGlobal, zero, max(zero, muli(subi(block, band), size)));
    Value bandUpper = k.b.create<arith::SelectOp>(
        k.loc, isGlobal, rows,
        min(rows, muli(addi(block, addi(band, one)), size)));
    SmallVector<KeyRange> ranges{{bandLower, bandUpper, one}};
    for (int64_t global : blocks.getGlobal()) {
      // |G - I| > n, as two comparisons (no abs on index).
      Value globalBlock = k.index(global);
      Value far = k.b.create<arith::OrIOp>(
          k.loc,
          k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::sgt,
                                    subi(block, globalBlock), band),
          k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::sgt,
                                    subi(globalBlock, block), band));
      Value outsideBand = k.b.create<arith::AndIOp>(
          k.loc,
          k.b.create<arith::XOrIOp>(k.loc, isGlobal,
                                    k.b.create<arith::ConstantIntOp>(k.loc, 1, 1)),
          far);
      Value lower = min(rows, k.index(global * blocks.getBlock()));
      Value upper = min(rows, k.index((global + 1) * blocks.getBlock()));
      // An empty range when the block is already in the band.
      ranges.push_back(
          {lower, k.b.create<arith::SelectOp>(k.loc, outsideBand, upper, lower), one});
    }
    return ranges;
  }
  return {{zero, rows, one}};
}

void AttentionLowering::forEachKey(ArrayRef<KeyRange> ranges, Value init,
                                   function_ref<Value(Value, Value)> body,
                                   Value &result) {
  result = init;
  for (const KeyRange &range : ranges)
    result = k.loop(range.lower, range.upper, range.step, {result},
                    [&](Value key, ValueRange carried) {
                      return SmallVector<Value>{body(key, carried[0])};
                    })[0];
}

void AttentionLowering::lower() {
  Value queries = context.buffer(op.getQuery()), keys = context.buffer(op.getKey());
  Value values = context.buffer(op.getValue()), out = context.buffer(op.getResult());
  int64_t heads = op.getNumHeads(), hidden = op.getType().getDimSize(1);
  int64_t headSize = hidden / heads, lanes = k.floatLanes();
  Type f32 = k.b.getF32Type();
  VectorType vector = k.vectorOf(lanes, f32);
  Value scores = context.temporary(0, MemRefType::get({ShapedType::kDynamic}, f32));
  Value scale = k.f32(1.0 / std::sqrt(double(headSize)));

  k.loop(k.index(0), k.index(heads), [&](Value head) {
    Value first = k.b.create<arith::MulIOp>(k.loc, head, k.index(headSize));
    k.loop(k.index(0), context.rows, [&](Value query) {
      SmallVector<KeyRange> ranges = keyRanges(query);
      // Scores of the allowed keys and their maximum.
      Value largest;
      forEachKey(ranges, k.f32(-std::numeric_limits<float>::infinity()),
                 [&](Value key, Value carried) {
                   Value dot = k.columns(
                       headSize, lanes, {k.zeros(vector)},
                       [&](Value column, Value mask, ValueRange acc) {
                         Value c = addi(first, column);
                         Value q = k.load(vector, queries, {query, c}, mask);
                         Value kv = k.load(vector, keys, {key, c}, mask);
                         return SmallVector<Value>{
                             k.b.create<math::FmaOp>(k.loc, q, kv, acc[0])};
                       })[0];
                   Value score = k.mul(k.reduceAdd(dot), scale);
                   k.storeScalar(score, scores, {key});
                   return k.b.create<arith::MaxNumFOp>(k.loc, carried, score)
                       .getResult();
                 },
                 largest);
      // exp(score - max) and their sum.
      Value sum;
      forEachKey(ranges, k.f32(0.0),
                 [&](Value key, Value carried) {
                   Value e = k.b.create<math::ExpOp>(
                       k.loc, k.sub(k.scalar(scores, {key}), largest));
                   k.storeScalar(e, scores, {key});
                   return k.add(carried, e);
                 },
                 sum);
      Value inverse = k.div(k.f32(1.0), sum);
      // out[i, head] = sum_j p_j V[j, head], a register-sized chunk at a time.
      k.columns(headSize, lanes, {}, [&](Value column, Value mask, ValueRange) {
        Value c = addi(first, column);
        Value acc;
        forEachKey(ranges, k.zeros(vector),
                   [&](Value key, Value carried) {
                     Value p = k.splat(vector, k.scalar(scores, {key}));
                     Value v = k.load(vector, values, {key, c}, mask);
                     return k.b.create<math::FmaOp>(k.loc, p, v, carried).getResult();
                   },
                   acc);
        k.store(k.mul(acc, k.splat(vector, inverse)), out, {query, c}, mask);
        return SmallVector<Value>();
      });
    });
  });
}
} // namespace

void mlir::beex::lowerAttention(AttentionOp op, LoweringContext &context) {
  AttentionLowering(op, context).lower();
}
