//===- LookupKernel.cpp - f32 activations on table lookups (vpermps) ------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The f32-activation linear on AVX-512 as table lookups, in the manner of
// T-MAC. With signs s in {-1, +1}, the dot product of a row x with one output's
// signs over 4 columns is one of only 16 values,
//
//   T[i] = sum_j (bit j of i ? -x_j : x_j)        (i = the 4 packed sign bits),
//
// which the row's encoding computes once per 4 columns (RowEncoding.cpp).
// 16 f32 entries fill one 512-bit register, and vpermps picks, in each of 16
// lanes, the entry its lane's low 4 index bits name. So with one output per
// lane and its 4 sign bits as the index, one vpermps and one vaddps do 16
// outputs x 4 columns: 64 multiply-adds in 2 instructions, where an FMA
// kernel needs 4.
//
// The signs come as one 32-bit lane per output (interleaveSignsForLookup):
// lane o of block b is 32 columns of output o, and its nibble j the index of
// the table of columns 32b + 4j .. + 3, exposed by a right shift (vpermps
// ignores the higher bits). A tile of 4 rows x 4 registers of outputs keeps
// 16 accumulators; each index register serves 4 rows and each table 4
// registers of outputs. The sum of each output is the tables' entries added
// in column order.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace mlir::beex;

void mlir::beex::lowerF32Lookup(BinaryLinearOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  OpBuilder &b = k.b;
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  LinearOperands linear(op, context);
  int64_t inputs = linear.inputs, outputs = linear.outputs;
  Value signs = linear.signs, alpha = linear.alpha, bias = linear.bias, out = linear.output;
  Value tables = inputEncoding(context, linear.input,
                               ActivationMode::f32, inputs)[0];
  // Steps (tables) per row, 8 to a block of 32-bit index lanes.
  constexpr int64_t kStepsPerBlock = 32 / kLookupColumns;
  int64_t steps = lookupSteps(inputs);

  VectorType indices = k.vectorOf(kLookupLanes, i32),
             floats = k.vectorOf(kLookupLanes, f32);
  auto offset = [&](Value base, int64_t delta) {
    return delta ? b.create<arith::AddIOp>(k.loc, base, k.index(delta))
                       .getResult()
                 : base;
  };
  auto lookup = [&](Value table, Value index) {
    return b
        .create<LLVM::CallIntrinsicOp>(
            k.loc, floats, b.getStringAttr("llvm.x86.avx512.permvar.sf.512"),
            ValueRange{table, index})
        .getResult(0);
  };

  // Rows [firstRow, +rows) x groups of 16 outputs [firstGroup, +groups);
  // `valid` outputs of the last group are real.
  auto tile = [&](Value firstRow, int64_t rows, Value firstGroup,
                  int64_t groups, int64_t valid) {
    // The `count` steps of block `block`.
    auto blockSteps = [&](Value block, int64_t count, ValueRange acc) {
      SmallVector<Value> words, next(acc);
      for (int64_t g = 0; g < groups; ++g)
        words.push_back(k.load(indices, signs,
                               {offset(firstGroup, g), block, k.index(0)},
                               Value()));
      Value firstEntry = b.create<arith::MulIOp>(
          k.loc, block, k.index(kStepsPerBlock * kLookupLanes));
      for (int64_t j = 0; j < count; ++j) {
        SmallVector<Value> rowTables;
        for (int64_t r = 0; r < rows; ++r)
          rowTables.push_back(
              k.load(floats, tables,
                     {offset(firstRow, r), offset(firstEntry, j * kLookupLanes)},
                     Value()));
        for (int64_t g = 0; g < groups; ++g) {
          Value index =
              j == 0 ? words[g]
                     : b.create<arith::ShRUIOp>(
                           k.loc, words[g],
                           k.splat(indices, k.i32(j * kLookupColumns)));
          for (int64_t r = 0; r < rows; ++r)
            next[r * groups + g] =
                k.add(next[r * groups + g], lookup(rowTables[r], index));
        }
      }
      return next;
    };
    int64_t fullBlocks = steps / kStepsPerBlock;
    SmallVector<Value> sums(rows * groups, k.zeros(floats));
    if (fullBlocks > 0)
      sums = k.loop(k.index(0), k.index(fullBlocks), k.index(1), sums,
                    [&](Value block, ValueRange acc) {
                      return blockSteps(block, kStepsPerBlock, acc);
                    });
    if (int64_t rest = steps % kStepsPerBlock)
      sums = blockSteps(k.index(fullBlocks), rest, sums);

    Value mask = valid == kLookupLanes
                     ? Value()
                     : b.create<vector::CreateMaskOp>(
                           k.loc, k.vectorOf(kLookupLanes, b.getI1Type()),
                           ValueRange{k.index(valid)});
    for (int64_t r = 0; r < rows; ++r) {
      Value row = offset(firstRow, r);
      for (int64_t g = 0; g < groups; ++g) {
        Value column = b.create<arith::MulIOp>(k.loc, offset(firstGroup, g),
                                               k.index(kLookupLanes));
        Value y = k.add(k.mul(k.load(floats, alpha, {column}, mask),
                              sums[r * groups + g]),
                        k.load(floats, bias, {column}, mask));
        k.store(applyEpilogue(context, op, y, row, column, mask), out,
                {row, column}, mask);
      }
    }
  };

  forEachGroupTile(context, outputs, kLookupLanes, tile);
}
