//===- RowEncoding.cpp - What a binarized linear derives from each row ----===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Before any dot product, a binarized linear turns each input row into what
// its kernel reads (docs/math.md §2):
//
// - binary: beta = mean |x| and the signs packed 64 to a word (bit set = -1);
// - int8: beta = max |x| / 127, the row quantised to integers in [-127, 127]
//   (as i8, padded with zeros to whole words) and their sum;
// - f32: the row's sum; or, for the lookup kernel (LookupKernel.cpp), the
//   row's tables: for each 4 columns x_0 .. x_3, the 16 sums
//   T[i] = sum_j (bit j of i ? -x_j : x_j), one 512-bit register each.
//
// The encoding depends only on the row and the mode, so it is computed once
// per tensor: by the LayerNorm that produces the tensor, right after it
// writes each row (still in L1), or else by the first linear that reads it.
// Q, K and V (and the SLFN's two first linears) then share one encoding.
// The SLFN's first linears, on AVX-512, also write the binary encoding of
// their sigmoid or tanh outputs for the second ones (finishAndEncodeRow)
// whenever their share of the work is whole rows: each fc2 would otherwise
// read back S x F floats, more than L2 holds at S = 128 (W1A1 2.4% faster
// there on one thread, 2.0% on two).
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "beex/Support/Binarize.h"

using namespace mlir;
using namespace mlir::beex;

int64_t mlir::beex::signWords(int64_t columns) {
  return ::beex::signWordsPerRow(columns, kSignWordBits);
}

int64_t mlir::beex::lookupSteps(int64_t columns) {
  return (columns + kLookupColumns - 1) / kLookupColumns;
}

Value mlir::beex::loadWord(KernelBuilder &k, Value memref, Value row,
                           Value word, int64_t columns, Type element) {
  VectorType type = k.vectorOf(kSignWordBits, element);
  Value column = k.b.create<arith::MulIOp>(k.loc, word, k.index(kSignWordBits));
  if (columns % kSignWordBits == 0)
    return k.load(type, memref, {row, column}, Value());
  // Lanes past the row end are masked: remaining = columns - column.
  Value remaining = k.b.create<arith::SubIOp>(k.loc, k.index(columns), column);
  Value mask = k.b.create<vector::CreateMaskOp>(
      k.loc, k.vectorOf(kSignWordBits, k.b.getI1Type()), ValueRange{remaining});
  return k.load(type, memref, {row, column}, mask);
}

namespace {
enum class Reduction { Sum, SumOfAbs, MaxOfAbs };

/// sum x, sum |x| or max |x| over a row, as f32.
Value rowReduce(KernelBuilder &k, Value memref, Value row, int64_t columns,
                Reduction reduction) {
  int64_t lanes = k.floatLanes();
  VectorType type = k.vectorOf(lanes, k.b.getF32Type());
  Value result =
      k.columns(columns, lanes, {k.zeros(type)},
                [&](Value column, Value mask, ValueRange carried) {
                  Value x = k.load(type, memref, {row, column}, mask);
                  if (reduction != Reduction::Sum)
                    x = k.b.create<math::AbsFOp>(k.loc, x);
                  Value next =
                      reduction == Reduction::MaxOfAbs
                          ? k.b.create<arith::MaxNumFOp>(k.loc, carried[0], x)
                          : k.add(carried[0], x);
                  return SmallVector<Value>{next};
                })[0];
  return reduction == Reduction::MaxOfAbs ? k.reduceMax(result)
                                          : k.reduceAdd(result);
}

void encodeBinary(KernelBuilder &k, Value input, Value row, int64_t columns,
                  Value bits, Value betas) {
  Type i64 = k.b.getI64Type(), f32 = k.b.getF32Type();
  k.storeScalar(binaryScale(k, input, row, columns), betas, {row});
  k.loop(k.index(0), k.index(signWords(columns)), [&](Value word) {
    Value x = loadWord(k, input, row, word, columns, f32);
    // sgn(x) = -1 exactly when !(x >= 0); padding lanes read 0 -> bit 0.
    Value negative =
        k.b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::ULT, x,
                                  k.zeros(k.vectorOf(kSignWordBits, f32)));
    Value packed =
        k.b.create<vector::BitCastOp>(k.loc, k.vectorOf(1, i64), negative);
    k.storeScalar(
        k.b.create<vector::ExtractOp>(k.loc, packed, ArrayRef<int64_t>{0}),
        bits, {row, word});
  });
}

void encodeInt8(KernelBuilder &k, Value input, Value row, int64_t columns,
                Value quantised, Value betas, Value totals) {
  Type f32 = k.b.getF32Type(), i32 = k.b.getI32Type();
  VectorType floats = k.vectorOf(kSignWordBits, f32);
  VectorType ints = k.vectorOf(kSignWordBits, i32);
  Value largest = rowReduce(k, input, row, columns, Reduction::MaxOfAbs);
  Value isZero = k.b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OEQ,
                                           largest, k.f32(0.0));
  Value beta = k.b.create<arith::SelectOp>(k.loc, isZero, k.f32(1.0),
                                           k.div(largest, k.f32(127.0)));
  k.storeScalar(beta, betas, {row});
  Value total = k.loop(
      k.index(0), k.index(signWords(columns)), k.index(1), {k.zeros(ints)},
      [&](Value word, ValueRange sum) {
        Value x = loadWord(k, input, row, word, columns, f32);
        Value scaled = k.div(x, k.splat(floats, beta));
        // Adding 1.5 * 2^23 to a value in [-127, 127] rounds it to the
        // nearest integer, ties to even (the default rounding mode), and
        // leaves that integer in the low mantissa bits: subtracting the
        // constant's bits gives it as an i32. No libm, no float-to-int
        // conversion instruction.
        Value clamped = k.b.create<arith::MinNumFOp>(
            k.loc,
            k.b.create<arith::MaxNumFOp>(k.loc, scaled,
                                         k.splat(floats, k.f32(-127.0))),
            k.splat(floats, k.f32(127.0)));
        constexpr float kMagic = 12582912.0f; // 1.5 * 2^23, bits 0x4B400000
        Value biased = k.add(clamped, k.splat(floats, k.f32(kMagic)));
        Value integers = k.b.create<arith::SubIOp>(
            k.loc, k.b.create<arith::BitcastOp>(k.loc, ints, biased),
            k.splat(ints, k.i32(0x4B400000)));
        Value column =
            k.b.create<arith::MulIOp>(k.loc, word, k.index(kSignWordBits));
        VectorType bytes = k.vectorOf(kSignWordBits, k.b.getI8Type());
        k.store(k.b.create<arith::TruncIOp>(k.loc, bytes, integers), quantised,
                {row, column}, Value());
        return SmallVector<Value>{k.add(sum[0], integers)};
      })[0];
  k.storeScalar(k.reduceAdd(total), totals, {row});
}

/// Table t of the row holds T[i] = sum_j s_j(i) x[4t + j] with s_j(i) = -1
/// where bit j of i is set (as the signs are packed), x zero past the row:
/// sign flips and three adds per table, in one order on every target.
void encodeLookupTables(KernelBuilder &k, Value input, Value row, int64_t columns,
                        Value tables) {
  Type f32 = k.b.getF32Type();
  VectorType entries = k.vectorOf(kLookupLanes, f32);
  SmallVector<Value> signs;
  for (int64_t j = 0; j < kLookupColumns; ++j) {
    SmallVector<float> values;
    for (int64_t i = 0; i < kLookupLanes; ++i)
      values.push_back((i >> j) & 1 ? -1.0f : 1.0f);
    signs.push_back(k.b.create<arith::ConstantOp>(
        k.loc, entries, DenseElementsAttr::get(entries, ArrayRef<float>(values))));
  }
  auto table = [&](Value step, int64_t valid) {
    Value first = k.b.create<arith::MulIOp>(k.loc, step, k.index(kLookupColumns));
    Value sum;
    for (int64_t j = 0; j < valid; ++j) {
      Value column = k.b.create<arith::AddIOp>(k.loc, first, k.index(j));
      Value term = k.mul(k.splat(entries, k.scalar(input, {row, column})), signs[j]);
      sum = sum ? k.add(sum, term) : term;
    }
    Value at = k.b.create<arith::MulIOp>(k.loc, step, k.index(kLookupLanes));
    k.store(sum, tables, {row, at}, Value());
  };
  int64_t full = columns / kLookupColumns;
  k.loop(k.index(0), k.index(full), [&](Value step) { table(step, kLookupColumns); });
  if (int64_t rest = columns % kLookupColumns)
    table(k.index(full), rest);
}
} // namespace

Value mlir::beex::binaryScale(KernelBuilder &k, Value input, Value row, int64_t columns) {
  return k.div(rowReduce(k, input, row, columns, Reduction::SumOfAbs),
               k.f32(double(columns)));
}

SmallVector<MemRefType> mlir::beex::rowEncodingTypes(MLIRContext *context,
                                                     ActivationMode mode,
                                                     int64_t columns,
                                                     bool lookupTables) {
  constexpr int64_t rows = ShapedType::kDynamic;
  auto f32 = Float32Type::get(context);
  auto i8 = IntegerType::get(context, 8), i32 = IntegerType::get(context, 32);
  auto i64 = IntegerType::get(context, 64);
  int64_t words = signWords(columns);
  switch (mode) {
  case ActivationMode::binary:
    return {MemRefType::get({rows, words}, i64), MemRefType::get({rows}, f32)};
  case ActivationMode::int8:
    return {MemRefType::get({rows, words * kSignWordBits}, i8),
            MemRefType::get({rows}, f32), MemRefType::get({rows}, i32)};
  case ActivationMode::f32:
    if (lookupTables)
      return {MemRefType::get({rows, lookupSteps(columns) * kLookupLanes}, f32)};
    return {MemRefType::get({rows}, f32)};
  }
  llvm_unreachable("unknown activation mode");
}

void mlir::beex::encodeRow(KernelBuilder &k, ActivationMode mode, Value input,
                           Value row, int64_t columns,
                           ArrayRef<Value> buffers) {
  switch (mode) {
  case ActivationMode::binary:
    return encodeBinary(k, input, row, columns, buffers[0], buffers[1]);
  case ActivationMode::int8:
    return encodeInt8(k, input, row, columns, buffers[0], buffers[1],
                      buffers[2]);
  case ActivationMode::f32:
    if (k.f32Lookup)
      return encodeLookupTables(k, input, row, columns, buffers[0]);
    return k.storeScalar(rowReduce(k, input, row, columns, Reduction::Sum),
                         buffers[0], {row});
  }
}

SmallVector<Value>
mlir::beex::inputEncoding(LoweringContext &context, Value input, ActivationMode mode,
                          int64_t columns,
                          function_ref<void(Value row, ArrayRef<Value> buffers)> encode) {
  KernelBuilder &k = context.k;
  SmallVector<Value> buffers = rowEncoding(context, 0, mode, columns);
  auto encodeRows = [&] {
    k.loop(context.begin, context.end, [&](Value row) {
      if (encode)
        encode(row, buffers);
      else
        encodeRow(k, mode, input, row, columns, buffers);
    });
  };
  if (llvm::is_contained(context.fusion.encodings, mode))
    encodeRows();
  else if (context.fusion.encodesShortInput) // the producer encodes rows shares
    k.ifThen(sharesRows(k, context.rows), [] {}, encodeRows);
  return buffers;
}

void mlir::beex::finishAndEncodeRow(
    LoweringContext &context, Value row, int64_t columns, int64_t step, bool signs,
    function_ref<Value(Value row, Value column, Value mask)> finish) {
  KernelBuilder &k = context.k;
  VectorType floats = k.vectorOf(step, k.b.getF32Type());
  unsigned first = context.temporaries.size() -
                   rowEncodingTypes(k.b.getContext(), ActivationMode::binary, columns,
                                    /*lookupTables=*/false)
                       .size();
  Value betas = rowEncoding(context, first, ActivationMode::binary, columns)[1];
  // The sign words as `step`-bit pieces, one store per step.
  int64_t pieces = signWords(columns) * kSignWordBits / step;
  Type piece = k.b.getIntegerType(step);
  Value bits = context.temporary(
      first, MemRefType::get({ShapedType::kDynamic, pieces}, piece));
  // Summed as binaryScale sums: lane j of the accumulator holds the columns
  // j mod `step`, in order.
  Value sum = k.columns(
      columns, step, {k.zeros(floats)},
      [&](Value column, Value mask, ValueRange carried) {
        Value y = finish(row, column, mask);
        if (mask)
          y = k.b.create<arith::SelectOp>(k.loc, mask, y, k.zeros(floats));
        if (signs) {
          // sgn(y) = -1 exactly when !(y >= 0), as encodeBinary; lanes past
          // the row are 0 -> bit 0.
          Value negative = k.b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::ULT, y,
                                                     k.zeros(floats));
          Value packed =
              k.b.create<vector::BitCastOp>(k.loc, k.vectorOf(1, piece), negative);
          Value at = k.b.create<arith::DivUIOp>(k.loc, column, k.index(step));
          k.storeScalar(k.b.create<vector::ExtractOp>(k.loc, packed, ArrayRef<int64_t>{0}),
                        bits, {row, at});
        }
        return SmallVector<Value>{k.add(carried[0], k.b.create<math::AbsFOp>(k.loc, y))};
      })[0];
  k.storeScalar(k.div(k.reduceAdd(sum), k.f32(double(columns))), betas, {row});
  // The padding of the last word.
  if (signs)
    for (int64_t at = llvm::divideCeil(columns, step); at < pieces; ++at)
      k.storeScalar(k.b.create<arith::ConstantIntOp>(k.loc, 0, step), bits,
                    {row, k.index(at)});
}

SmallVector<Value> mlir::beex::rowEncoding(LoweringContext &context,
                                           unsigned first, ActivationMode mode,
                                           int64_t columns) {
  SmallVector<Value> buffers;
  for (MemRefType type :
       rowEncodingTypes(context.k.b.getContext(), mode, columns, context.k.f32Lookup))
    buffers.push_back(context.temporary(first + buffers.size(), type));
  return buffers;
}
