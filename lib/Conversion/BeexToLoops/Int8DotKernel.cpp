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

namespace {
/// The 4-byte dot-product instruction of a register width: vpdpbusd (u8 x
/// s8) on x86 (AVX-512 VNNI at 512 bits, AVX-VNNI at 256), sdot (s8 x s8) on
/// AArch64 (+dotprod, 128 bits). The 0/1 weight bytes make both the same.
StringRef dotIntrinsic(unsigned vectorBits) {
  switch (vectorBits) {
  case 512:
    return "llvm.x86.avx512.vpdpbusd.512";
  case 256:
    return "llvm.x86.avx512.vpdpbusd.256";
  default:
    return "llvm.aarch64.neon.sdot.v4i32.v16i8";
  }
}
} // namespace

void mlir::beex::lowerInt8Dot(BinaryLinearOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  OpBuilder &b = k.b;
  Type i1 = b.getI1Type(), i8 = b.getI8Type(), i32 = b.getI32Type();
  Type f32 = b.getF32Type();
  LinearOperands linear(op, context);
  int64_t inputs = linear.inputs, outputs = linear.outputs;
  Value signs = linear.signs, alpha = linear.alpha, bias = linear.bias, out = linear.output;
  int64_t steps = cast<MemRefType>(signs.getType()).getDimSize(1);
  SmallVector<Value> encoding = inputEncoding(context, linear.input,
                                              ActivationMode::int8, inputs);
  Value quantised = encoding[0], betas = encoding[1], totals = encoding[2];

  // A word's 16 outputs fill `parts` registers of `width` 32-bit lanes.
  int64_t width = std::min<int64_t>(kDotLanes, k.vectorBits / 32);
  int64_t parts = kDotLanes / width;
  bool x86 = k.vectorBits >= 256;
  VectorType lanes = k.vectorOf(width, i32), floats = k.vectorOf(width, f32);
  VectorType bytes = k.vectorOf(4 * width, i8);
  Value ones = b.create<arith::ConstantOp>(
      k.loc, bytes, DenseElementsAttr::get(bytes, b.getI8IntegerAttr(1)));
  Value zeroBytes = k.zeros(bytes);
  auto offset = [&](Value base, int64_t delta) {
    return delta ? b.create<arith::AddIOp>(k.loc, base, k.index(delta))
                       .getResult()
                 : base;
  };
  auto dot = [&](Value accumulator, Value weights, Value row) {
    // x86's intrinsics take the bytes as i32 lanes, AArch64's as bytes.
    Type operand = x86 ? Type(lanes) : Type(bytes);
    auto cast = [&](Value v) {
      return v.getType() == operand
                 ? v
                 : b.create<vector::BitCastOp>(k.loc, operand, v).getResult();
    };
    return b
        .create<LLVM::CallIntrinsicOp>(
            k.loc, lanes, b.getStringAttr(dotIntrinsic(k.vectorBits)),
            ValueRange{accumulator, cast(weights), cast(row)})
        .getResult(0);
  };
  // Part `part` of `word` as 0/1 bytes: byte i is bit 4 * width * part + i
  // (on AVX-512 a k mask and one masked move; elsewhere a table shuffle and
  // a test of each lane's bit, see wordBits).
  auto expand = [&](Value word, int64_t part) -> Value {
    return b.create<arith::SelectOp>(
        k.loc, k.wordBits(word, 4 * width * part, 4 * width), ones, zeroBytes);
  };

  // Rows [firstRow, +rows) x groups of 16 outputs [firstGroup, +groups);
  // `valid` outputs of the last group are real.
  auto tile = [&](Value firstRow, int64_t rows, Value firstGroup,
                  int64_t groups, int64_t valid) {
    int64_t registers = groups * parts;
    SmallVector<Value> sums = k.loop(
        k.index(0), k.index(steps), k.index(1),
        SmallVector<Value>(rows * registers, k.zeros(lanes)),
        [&](Value step, ValueRange acc) {
          SmallVector<Value> weights, next;
          for (int64_t g = 0; g < groups; ++g) {
            Value word = k.scalar(signs, {offset(firstGroup, g), step});
            for (int64_t part = 0; part < parts; ++part)
              weights.push_back(expand(word, part));
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
            for (int64_t w = 0; w < registers; ++w)
              next.push_back(dot(acc[r * registers + w], weights[w], broadcast));
          }
          return next;
        });
    for (int64_t r = 0; r < rows; ++r) {
      Value row = offset(firstRow, r);
      Value beta = k.splat(floats, k.scalar(betas, {row}));
      Value total = k.splat(lanes, k.scalar(totals, {row}));
      for (int64_t w = 0; w < registers; ++w) {
        // Outputs of this register that are real: all but in the last group.
        int64_t first = (w % parts) * width;
        int64_t real = w / parts + 1 < groups ? width
                                              : std::clamp<int64_t>(valid - first, 0, width);
        if (real == 0)
          continue;
        Value mask = real == width ? Value()
                                   : b.create<vector::CreateMaskOp>(
                                         k.loc, k.vectorOf(width, i1),
                                         ValueRange{k.index(real)});
        Value column = offset(b.create<arith::MulIOp>(k.loc, offset(firstGroup, w / parts),
                                                      k.index(kDotLanes)),
                              first);
        Value exact = b.create<arith::SubIOp>(
            k.loc, total,
            b.create<arith::ShLIOp>(k.loc, sums[r * registers + w],
                                    k.splat(lanes, k.i32(1))));
        Value y = k.mul(k.mul(k.load(floats, alpha, {column}, mask), beta),
                        b.create<arith::SIToFPOp>(k.loc, floats, exact));
        y = k.add(y, k.load(floats, bias, {column}, mask));
        k.store(applyEpilogue(context, op, y, row, column, mask), out,
                {row, column}, mask);
      }
    }
  };

  // 16 accumulators: 4 rows x 4 registers of outputs.
  forEachGroupTile(context, outputs, kDotLanes, tile, parts == 1 ? 4 : 1);
}
