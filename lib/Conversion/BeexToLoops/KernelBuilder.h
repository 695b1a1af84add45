//===- KernelBuilder.h - Loops and vectors for the beex kernels -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The small vocabulary every kernel is written in: constants, scf.for loops
// over rows, and loops over a static number of columns in vector-sized chunks
// whose last, partial chunk is masked, so that no kernel reads past a row.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_BEEXTOLOOPS_KERNELBUILDER_H
#define BEEX_CONVERSION_BEEXTOLOOPS_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>

namespace mlir::beex {

class KernelBuilder {
public:
  KernelBuilder(OpBuilder &builder, Location loc, unsigned vectorBits,
                bool widePopcount, bool scalable = false, bool f32Lookup = false)
      : b(builder), loc(loc), vectorBits(vectorBits), widePopcount(widePopcount),
        scalable(scalable), f32Lookup(f32Lookup) {}

  OpBuilder &b;
  Location loc;
  /// Width of the target's vector registers.
  unsigned vectorBits;
  /// Whether popcount of 64-bit lanes is one instruction on the target.
  bool widePopcount;
  /// Whether the binarized linears use scalable vectors (vector-length
  /// agnostic code; `vectorBits` is then the minimum width).
  bool scalable;
  /// Whether f32-activation linears read lookup tables (RowEncoding.cpp).
  bool f32Lookup;

  /// f32 lanes of one vector register.
  int64_t floatLanes() const { return std::max<int64_t>(4, vectorBits / 32); }

  Value index(int64_t value) {
    return b.create<arith::ConstantIndexOp>(loc, value);
  }
  Value f32(double value) {
    return b.create<arith::ConstantFloatOp>(loc, APFloat(float(value)),
                                            b.getF32Type());
  }
  Value i64(int64_t value) {
    return b.create<arith::ConstantIntOp>(loc, value, 64);
  }
  Value i32(int64_t value) {
    return b.create<arith::ConstantIntOp>(loc, value, 32);
  }
  VectorType vectorOf(int64_t lanes, Type element) {
    return VectorType::get({lanes}, element);
  }
  /// vscale x `lanes` elements: the register's width is known at run time.
  VectorType scalableVectorOf(int64_t lanes, Type element) {
    return VectorType::get({lanes}, element, /*scalableDims=*/{true});
  }
  Value zeros(VectorType type) {
    return b.create<arith::ConstantOp>(loc, type, b.getZeroAttr(type));
  }
  Value splat(VectorType type, Value scalar) {
    return b.create<vector::BroadcastOp>(loc, type, scalar);
  }

  /// for iv in [lower, upper) step `step`, carrying `init`; returns the final
  /// carried values.
  SmallVector<Value>
  loop(Value lower, Value upper, Value step, ValueRange init,
       function_ref<SmallVector<Value>(Value iv, ValueRange carried)> body) {
    auto forOp = b.create<scf::ForOp>(
        loc, lower, upper, step, init,
        [&](OpBuilder &nested, Location, Value iv, ValueRange carried) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nested.getInsertionBlock());
          b.create<scf::YieldOp>(loc, body(iv, carried));
        });
    return SmallVector<Value>(forOp.getResults());
  }
  /// `then` under scf.if(condition), and `otherwise` in its else branch.
  void ifThen(Value condition, function_ref<void()> then,
              function_ref<void()> otherwise = nullptr) {
    auto branch = b.create<scf::IfOp>(loc, condition, /*withElseRegion=*/bool(otherwise));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    then();
    if (otherwise) {
      b.setInsertionPointToStart(branch.elseBlock());
      otherwise();
    }
  }
  void loop(Value lower, Value upper, function_ref<void(Value iv)> body) {
    loop(lower, upper, index(1), {}, [&](Value iv, ValueRange) {
      body(iv);
      return SmallVector<Value>();
    });
  }

  /// Walks columns [0, columns) in chunks of `lanes`: full chunks in a loop,
  /// then one masked chunk for the remainder. `body` gets the first column
  /// of the chunk and a lane mask (null for full chunks).
  SmallVector<Value> columns(
      int64_t columns, int64_t lanes, ValueRange init,
      function_ref<SmallVector<Value>(Value column, Value mask, ValueRange carried)>
          body) {
    SmallVector<Value> carried(init);
    int64_t full = columns / lanes * lanes;
    if (full > 0)
      carried = loop(index(0), index(full), index(lanes), carried,
                     [&](Value column, ValueRange values) {
                       return body(column, Value(), values);
                     });
    if (int64_t tail = columns - full) {
      Value mask = b.create<vector::CreateMaskOp>(
          loc, vectorOf(lanes, b.getI1Type()), ValueRange{index(tail)});
      carried = body(index(full), mask, carried);
    }
    return carried;
  }

  /// columns() for scalable chunks of vscale x `lanes`: the chunk size is
  /// only known at run time, so the whole chunks run unmasked and the columns
  /// left, if any, in one chunk masked to them (masked loads read zero past
  /// the mask). A mask on every chunk cost RVV a compare and, per masked
  /// load, a register copy of the zeros it merges (the binary linear's loop
  /// with Zvbb: 49 instructions per 8 vcpop.v at LMUL 1; 39 per 8 at LMUL 2
  /// without the masks).
  SmallVector<Value> scalableColumns(
      int64_t columns, int64_t lanes, ValueRange init,
      function_ref<SmallVector<Value>(Value column, Value mask, ValueRange carried)>
          body) {
    Value step = b.create<arith::MulIOp>(
        loc, b.create<vector::VectorScaleOp>(loc), index(lanes));
    Value end = index(columns);
    Value whole = b.create<arith::SubIOp>(loc, end, b.create<arith::RemUIOp>(loc, end, step));
    SmallVector<Value> carried =
        loop(index(0), whole, step, init, [&](Value column, ValueRange carried) {
          return body(column, Value(), carried);
        });
    Value left = b.create<arith::SubIOp>(loc, end, whole);
    Value any = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, left, index(0));
    auto tail = b.create<scf::IfOp>(loc, ValueRange(carried).getTypes(), any,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.thenBlock());
    Value mask = b.create<vector::CreateMaskOp>(
        loc, scalableVectorOf(lanes, b.getI1Type()), ValueRange{left});
    b.create<scf::YieldOp>(loc, body(whole, mask, carried));
    b.setInsertionPointToStart(tail.elseBlock());
    b.create<scf::YieldOp>(loc, carried);
    return SmallVector<Value>(tail.getResults());
  }

  /// A vector of `type` at `indices` of `memref`; masked-off lanes read zero.
  Value load(VectorType type, Value memref, ValueRange indices, Value mask) {
    if (!mask)
      return b.create<vector::LoadOp>(loc, type, memref, indices);
    return b.create<vector::MaskedLoadOp>(loc, type, memref, indices, mask,
                                          zeros(type));
  }
  void store(Value vector, Value memref, ValueRange indices, Value mask) {
    if (!mask)
      b.create<vector::StoreOp>(loc, vector, memref, indices);
    else
      b.create<vector::MaskedStoreOp>(loc, memref, indices, mask, vector);
  }
  Value scalar(Value memref, ValueRange indices) {
    return b.create<memref::LoadOp>(loc, memref, indices);
  }
  void storeScalar(Value value, Value memref, ValueRange indices) {
    b.create<memref::StoreOp>(loc, value, memref, indices);
  }

  Value add(Value lhs, Value rhs) {
    return isa<FloatType>(mlir::getElementTypeOrSelf(lhs.getType()))
               ? b.create<arith::AddFOp>(loc, lhs, rhs).getResult()
               : b.create<arith::AddIOp>(loc, lhs, rhs).getResult();
  }
  Value mul(Value lhs, Value rhs) { return b.create<arith::MulFOp>(loc, lhs, rhs); }
  Value sub(Value lhs, Value rhs) { return b.create<arith::SubFOp>(loc, lhs, rhs); }
  Value div(Value lhs, Value rhs) { return b.create<arith::DivFOp>(loc, lhs, rhs); }
  Value reduceAdd(Value vector) { return reduce(vector::CombiningKind::ADD, vector); }
  Value reduceMax(Value vector) { return reduce(vector::CombiningKind::MAXNUMF, vector); }
  /// vector.reduction, except for floats in a fixed number of lanes (a power
  /// of 2): LLVM keeps the order of a float reduction that may not be
  /// reassociated, which is a chain of lanes - 1 dependent scalar steps (on
  /// AVX-512, 15 vaddss, or 15 vmaxss + vcmpunordss pairs, per vector), and
  /// the attention kernel reduces every query row at every key tile. Here
  /// the upper half is combined onto the lower half until one lane is left:
  /// log2(lanes) vector steps, in an order as fixed as the chain's.
  Value reduce(vector::CombiningKind kind, Value vector) {
    auto type = cast<VectorType>(vector.getType());
    int64_t lanes = type.getNumElements();
    if (!isa<FloatType>(type.getElementType()) || type.isScalable() ||
        !llvm::isPowerOf2_64(lanes))
      return b.create<vector::ReductionOp>(loc, kind, vector);
    for (; lanes > 1; lanes /= 2) {
      SmallVector<int64_t> lower(lanes / 2), upper(lanes / 2);
      std::iota(lower.begin(), lower.end(), 0);
      std::iota(upper.begin(), upper.end(), lanes / 2);
      vector = vector::makeArithReduction(
          b, loc, kind, b.create<vector::ShuffleOp>(loc, vector, vector, lower),
          b.create<vector::ShuffleOp>(loc, vector, vector, upper));
    }
    return b.create<vector::ExtractOp>(loc, vector, 0);
  }
  /// Bits [first, first + count) of the i64 `word` as a vector of i1, lane i
  /// = bit first + i. Where there are 64-lane masks (AVX-512 k registers, RVV
  /// v0) and count is 64 from bit 0, a bitcast; elsewhere each byte of the
  /// word is copied to its 8 lanes by one table shuffle (NEON tbl, vpshufb)
  /// and tested against the lane's bit. LLVM lowers the bitcast on NEON with
  /// two scalar instructions per lane.
  Value wordBits(Value word, int64_t first, int64_t count) {
    Type i8 = b.getI8Type();
    Value asVector = splat(vectorOf(1, b.getI64Type()), word);
    if (first == 0 && count == 64 && (scalable || vectorBits >= 256))
      return b.create<vector::BitCastOp>(loc, vectorOf(64, b.getI1Type()), asVector);
    Value bytes = b.create<vector::BitCastOp>(loc, vectorOf(8, i8), asVector);
    SmallVector<int64_t> source;
    SmallVector<int8_t> bit;
    for (int64_t i = first; i < first + count; ++i) {
      source.push_back(i / 8);
      bit.push_back(int8_t(1u << (i % 8)));
    }
    VectorType spreadType = vectorOf(count, i8);
    Value spread = b.create<vector::ShuffleOp>(loc, bytes, bytes, source);
    Value bits = b.create<arith::AndIOp>(
        loc, spread,
        b.create<arith::ConstantOp>(
            loc, spreadType, DenseElementsAttr::get(spreadType, ArrayRef<int8_t>(bit))));
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, bits, zeros(spreadType));
  }

  Value toIndex(Value integer) {
    return b.create<arith::IndexCastOp>(loc, b.getIndexType(), integer);
  }

  /// A 2-D f32 (or other) view of scratch at `offset` with `rows` rows.
  Value view(Value scratch, int64_t offset, MemRefType type, ValueRange sizes) {
    return b.create<memref::ViewOp>(loc, type, scratch, index(offset), sizes);
  }
};

} // namespace mlir::beex

#endif // BEEX_CONVERSION_BEEXTOLOOPS_KERNELBUILDER_H
