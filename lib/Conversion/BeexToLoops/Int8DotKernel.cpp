//===- Int8DotKernel.cpp - int8 activations on vpdpbusd -------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The int8-activation linear on AVX-512 VNNI. vpdpbusd adds, in each 32-bit
// lane, the dot product of 4 unsigned bytes with 4 signed bytes. Here the
// unsigned bytes are 0/1, "this weight is -1", and the signed bytes the
// quantised row q, so with one output per lane:
//
//   negative[j] = sum over k with s[j, k] = -1 of q[k]
//   sum_k s[j, k] q[k] = sum_k q[k] - 2 * negative[j]     (exact in i32)
//
// The signs come regrouped as one 64-bit word per 16 outputs x 4 columns
// (interleaveSignsForDot): a word is a k-register mask, and selecting 1 or 0
// per byte by it expands it to the 0/1 bytes. The row's 4 bytes of the step
// are broadcast to every lane. A tile of 4 rows x 4 registers of 16 outputs
// keeps 16 accumulators; each weight register serves 4 rows and each row's
// broadcast 64 outputs. Nothing is reduced across lanes.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace mlir::beex;

void mlir::beex::lowerInt8Dot(BinaryLinearOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  OpBuilder &b = k.b;
  Type i8 = b.getI8Type(), i32 = b.getI32Type(), i64 = b.getI64Type();
  Type f32 = b.getF32Type();
  int64_t inputs = op.getInput().getType().getDimSize(1);
  int64_t outputs = op.getType().getDimSize(1);
  Value signs = context.buffer(op.getSigns()),
        alpha = context.buffer(op.getAlpha());
  Value bias = context.buffer(op.getBias()),
        out = context.buffer(op.getResult());
  int64_t steps = cast<MemRefType>(signs.getType()).getDimSize(1);
  SmallVector<Value> encoding = inputEncoding(
      context, context.buffer(op.getInput()), ActivationMode::int8, inputs);
  Value quantised = encoding[0], betas = encoding[1], totals = encoding[2];

  VectorType lanes = k.vectorOf(kDotLanes, i32),
             floats = k.vectorOf(kDotLanes, f32);
  VectorType bytes = k.vectorOf(4 * kDotLanes, i8);
  Value ones = b.create<arith::ConstantOp>(
      k.loc, bytes, DenseElementsAttr::get(bytes, b.getI8IntegerAttr(1)));
  Value zeroBytes = k.zeros(bytes);
  auto offset = [&](Value base, int64_t delta) {
    return delta ? b.create<arith::AddIOp>(k.loc, base, k.index(delta))
                       .getResult()
                 : base;
  };
  auto dot = [&](Value accumulator, Value weights, Value row) {
    return b
        .create<LLVM::CallIntrinsicOp>(
            k.loc, lanes, b.getStringAttr("llvm.x86.avx512.vpdpbusd.512"),
            ValueRange{accumulator, weights, row})
        .getResult(0);
  };

  // Rows [firstRow, +rows) x groups of 16 outputs [firstGroup, +groups);
  // `valid` outputs of the last group are real.
  auto tile = [&](Value firstRow, int64_t rows, Value firstGroup,
                  int64_t groups, int64_t valid) {
    SmallVector<Value> sums = k.loop(
        k.index(0), k.index(steps), k.index(1),
        SmallVector<Value>(rows * groups, k.zeros(lanes)),
        [&](Value step, ValueRange acc) {
          SmallVector<Value> weights, next;
          for (int64_t g = 0; g < groups; ++g) {
            Value word = k.scalar(signs, {offset(firstGroup, g), step});
            Value mask = b.create<vector::BitCastOp>(
                k.loc, k.vectorOf(4 * kDotLanes, b.getI1Type()),
                k.splat(k.vectorOf(1, i64), word));
            weights.push_back(b.create<vector::BitCastOp>(
                k.loc, lanes,
                b.create<arith::SelectOp>(k.loc, mask, ones, zeroBytes)));
          }
          Value column = b.create<arith::MulIOp>(k.loc, step, k.index(4));
          for (int64_t r = 0; r < rows; ++r) {
            Value four = k.load(k.vectorOf(4, i8), quantised,
                                {offset(firstRow, r), column}, Value());
            Value packed = b.create<vector::ExtractOp>(
                k.loc,
                b.create<vector::BitCastOp>(k.loc, k.vectorOf(1, i32), four),
                ArrayRef<int64_t>{0});
            Value broadcast = k.splat(lanes, packed);
            for (int64_t g = 0; g < groups; ++g)
              next.push_back(dot(acc[r * groups + g], weights[g], broadcast));
          }
          return next;
        });
    Value mask = valid == kDotLanes
                     ? Value()
                     : b.create<vector::CreateMaskOp>(
                           k.loc, k.vectorOf(kDotLanes, b.getI1Type()),
                           ValueRange{k.index(valid)});
    for (int64_t r = 0; r < rows; ++r) {
      Value row = offset(firstRow, r);
      Value beta = k.splat(floats, k.scalar(betas, {row}));
      Value total = k.splat(lanes, k.scalar(totals, {row}));
      for (int64_t g = 0; g < groups; ++g) {
        Value column = b.create<arith::MulIOp>(k.loc, offset(firstGroup, g),
                                               k.index(kDotLanes));
        Value exact = b.create<arith::SubIOp>(
            k.loc, total,
            b.create<arith::ShLIOp>(k.loc, sums[r * groups + g],
                                    k.splat(lanes, k.i32(1))));
        Value y = k.mul(k.mul(k.load(floats, alpha, {column}, mask), beta),
                        b.create<arith::SIToFPOp>(k.loc, floats, exact));
        y = k.add(y, k.load(floats, bias, {column}, mask));
        k.store(applyEpilogue(context, op, y, row, column, mask), out,
                {row, column}, mask);
      }
    }
  };

  forEachGroupTile(context, outputs, kDotLanes, tile);
}
