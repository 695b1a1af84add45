//===- EmbedKernel.cpp - The embedding gather -----------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Row i of beex.embed is word[tokens[i]] + position[i], read from f32 tables
// or dequantized from the codes of compressed ones (beex.dequantize,
// docs/math.md §2.4) as the rows are gathered.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

using namespace mlir;
using namespace mlir::beex;

namespace {
/// Chunks of kTableChunk columns of one row of an embedding table as f32
/// vectors: loads from an f32 table, or the f32 products code * scale of
/// EmbeddingTable::at from the codes of a dequantized one. A Q4 chunk is the
/// low or the high nibbles of one group's 16 bytes (the chunk is half a
/// group), so each chunk is one byte load and one scale.
class TableRows {
public:
  static constexpr int64_t kTableChunk = ::beex::kQ4GroupColumns / 2;

  TableRows(Value table, LoweringContext &context) : k(context.k) {
    if (auto dequantize = table.getDefiningOp<DequantizeOp>()) {
      storage = dequantize.getStorage();
      codes = context.buffer(dequantize.getCodes());
      scales = context.buffer(dequantize.getScales());
    } else {
      values = context.buffer(table);
    }
  }

  /// Columns [column, column + kTableChunk) of `row`; masked lanes are zero
  /// or garbage, and must not be stored.
  Value chunk(Value row, Value column, Value mask) {
    VectorType floats = k.vectorOf(kTableChunk, k.b.getF32Type());
    if (values)
      return k.load(floats, values, {row, column}, mask);
    VectorType bytes = k.vectorOf(kTableChunk, k.b.getI8Type());
    Value code;
    Value group = k.index(0);
    if (storage == ::beex::EmbeddingStorage::Int8) {
      code = k.load(bytes, codes, {row, column}, mask);
    } else {
      // Rows hold whole groups: the load stays in the row even past its end.
      group = k.b.create<arith::DivUIOp>(k.loc, column, k.index(::beex::kQ4GroupColumns));
      Value byte = k.b.create<arith::MulIOp>(k.loc, group, k.index(kTableChunk));
      Value packed = k.load(bytes, codes, {row, byte}, Value());
      // The high nibbles hold the second half of the group.
      Value high = k.b.create<arith::CmpIOp>(
          k.loc, arith::CmpIPredicate::ne,
          k.b.create<arith::RemUIOp>(k.loc, column, k.index(::beex::kQ4GroupColumns)),
          k.index(0));
      Value shift = k.b.create<arith::SelectOp>(k.loc, high, byteSplat(bytes, 4),
                                                byteSplat(bytes, 0));
      Value nibble = k.b.create<arith::AndIOp>(
          k.loc, k.b.create<arith::ShRUIOp>(k.loc, packed, shift), byteSplat(bytes, 15));
      code = k.b.create<arith::SubIOp>(k.loc, nibble, byteSplat(bytes, ::beex::kQ4Offset));
    }
    Value scale = bf16ToF32(k.scalar(scales, {row, group}));
    return k.mul(k.b.create<arith::SIToFPOp>(k.loc, floats, code), k.splat(floats, scale));
  }

private:
  Value byteSplat(VectorType bytes, int64_t value) {
    return k.b.create<arith::ConstantOp>(
        k.loc, bytes, DenseElementsAttr::get(bytes, k.b.getI8IntegerAttr(value)));
  }
  /// bf16 is the high half of an f32: widening is a shift, exact on every
  /// target (no bf16 arithmetic needed).
  Value bf16ToF32(Value bf16) {
    Value bits = k.b.create<arith::BitcastOp>(k.loc, k.b.getI16Type(), bf16);
    Value wide = k.b.create<arith::ExtUIOp>(k.loc, k.b.getI32Type(), bits);
    Value shifted = k.b.create<arith::ShLIOp>(k.loc, wide, k.i32(16));
    return k.b.create<arith::BitcastOp>(k.loc, k.b.getF32Type(), shifted);
  }

  KernelBuilder &k;
  ::beex::EmbeddingStorage storage = ::beex::EmbeddingStorage::F32;
  Value values, codes, scales;
};
} // namespace

void mlir::beex::lowerEmbed(EmbedOp op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  Value tokens = context.buffer(op.getTokens());
  TableRows words(op.getWord(), context), positions(op.getPosition(), context);
  Value out = context.buffer(op.getResult());
  k.loop(context.begin, context.end, [&](Value row) {
    // Token ids were checked against V by the runtime before the call.
    Value token = k.toIndex(k.scalar(tokens, {row}));
    k.columns(op.getType().getDimSize(1), TableRows::kTableChunk, {},
              [&](Value column, Value mask, ValueRange) {
                Value sum = k.add(words.chunk(token, column, mask),
                                  positions.chunk(row, column, mask));
                k.store(sum, out, {row, column}, mask);
                return SmallVector<Value>();
              });
  });
}
