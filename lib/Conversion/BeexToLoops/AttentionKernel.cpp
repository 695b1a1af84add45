//===- AttentionKernel.cpp - Fused, tiled, sparsity-aware attention -------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// FlashAttention on vector registers. Per head, a tile of R queries walks the
// keys 1, 2 or 4 vector registers (of `lanes` keys) at a time and keeps, per
// query, the running maximum m, the running denominator l and the output row
// O on registers (the online softmax):
//
//   s   = Q_tile K_tile^T / sqrt(d)           R vectors: one FMA per dimension
//                                             and query on a row of K^T
//   s   = -inf where the pattern masks a pair
//   m'  = max(m, max s); a = exp(m - m')
//   p   = exp(s - m')                          vectorised exp
//   l   = a l + sum p;  O = a O + p V_tile     one FMA per key, query and
//                                             register of the head's columns
//
// and writes O / l. No S x S scores exist anywhere. The keys are transposed
// once per head (K^T, d x S per head) so that a row of K^T holds `lanes` keys,
// `lanes` x `lanes` blocks at a time through registers.
//
// The work splits into items that threads may run at the same time
// (ParallelTasks.cpp): the H transposes, one per head, as one task; then, as
// a second task, every head's query tiles, which read K^T and share nothing
// else but read-only inputs. Tiles rather than heads as items keep threads
// evenly busy when the heads do not divide among them (12 heads on 8 cores)
// or one core is slower.
//
// Patterns (docs/math.md §3.3) bound the keys a query tile can see, and a key tile
// the pattern masks for every query of the tile costs nothing:
//
//   dense          [0, S)
//   local w        [max(0, i0 - w), min(S, i1 + w + 1)) for queries i0..i1
//   strided s      [0, S); a key tile is skipped unless its differences
//                  i - j meet (-s, s) or hold a multiple of s
//   block_sparse   [0, S); a key tile is skipped unless its blocks J meet the
//                  band |I - J| <= n of the query tile's blocks I, or a global
//                  block is among the I or the J
//
// Within a visited tile, each pair is masked exactly as docs/math.md §3.3 says, so
// the result equals dense attention with the -inf mask.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include <numeric>

using namespace mlir;
using namespace mlir::beex;

namespace {
/// The widest vector of f32 any target uses (AVX-512): temporaries are sized
/// for it, so that the scratch plan needs no target.
constexpr int64_t kMaxLanes = 16;
/// Most queries per tile; their outputs and scores must stay on registers.
constexpr int64_t kMaxQueries = 4;
/// Most vector registers of keys per tile.
constexpr int64_t kMaxKeyVectors = 4;

/// Vector registers of `lanes` floats per row of a head's columns.
int64_t headChunks(int64_t headSize, int64_t lanes) {
  return llvm::divideCeil(headSize, lanes);
}

/// Columns of K^T: every key tile may start at any key < P and read a whole
/// vector.
int64_t transposedColumns(int64_t maxRows) {
  return llvm::alignTo(maxRows, kMaxLanes) + kMaxKeyVectors * kMaxLanes;
}

class AttentionLowering {
public:
  AttentionLowering(AttentionOp op, LoweringContext &context)
      : op(op), context(context), k(context.k) {}

  void lower();

private:
  /// The running state of one query tile.
  struct State {
    SmallVector<Value> maxima, sums, outputs; // R, R, R x chunks
    SmallVector<Value> flat() const {
      SmallVector<Value> all(maxima);
      all.append(sums.begin(), sums.end());
      all.append(outputs.begin(), outputs.end());
      return all;
    }
    static State unflat(ValueRange all, int64_t rows) {
      State state;
      state.maxima.assign(all.begin(), all.begin() + rows);
      state.sums.assign(all.begin() + rows, all.begin() + 2 * rows);
      state.outputs.assign(all.begin() + 2 * rows, all.end());
      return state;
    }
  };

  Value min(Value a, Value b) { return k.b.create<arith::MinSIOp>(k.loc, a, b); }
  Value max(Value a, Value b) { return k.b.create<arith::MaxSIOp>(k.loc, a, b); }
  Value addi(Value a, Value b) { return k.b.create<arith::AddIOp>(k.loc, a, b); }
  Value subi(Value a, Value b) { return k.b.create<arith::SubIOp>(k.loc, a, b); }
  Value cmpi(arith::CmpIPredicate predicate, Value a, Value b) {
    return k.b.create<arith::CmpIOp>(k.loc, predicate, a, b);
  }
  /// An index in every lane of an i32 vector (S <= P < 2^31).
  Value lanesOf(Value index) {
    return k.splat(indices,
                   k.b.create<arith::IndexCastOp>(k.loc, k.b.getI32Type(), index));
  }
  Value andi(Value a, Value b) { return k.b.create<arith::AndIOp>(k.loc, a, b); }
  Value ori(Value a, Value b) { return k.b.create<arith::OrIOp>(k.loc, a, b); }

  /// Lanes of the head's column chunk `c` within the head (null: all).
  Value chunkMask(int64_t c) {
    int64_t columns = std::min(lanes, headSize - c * lanes);
    if (columns == lanes)
      return Value();
    return k.b.create<vector::CreateMaskOp>(k.loc, mask, ValueRange{k.index(columns)});
  }
  /// K^T's rows of `head`'s columns.
  void transposeKeys(Value head);
  /// `rows`, `lanes` vectors of `lanes` floats (a power of 2), transposed on
  /// registers.
  void transposeBlock(SmallVector<Value> &rows);
  /// Queries [first, first + rows) of `head`.
  void queryTile(Value head, Value first, int64_t rows);
  /// The keys [lower, upper) the queries [first, last] may see.
  std::pair<Value, Value> keyRange(Value first, Value last);
  /// Whether the keys [key, key + lanes) hold a pair the pattern allows for
  /// the queries [first, last] (true when the pattern has no such test).
  Value tileVisible(Value first, Value last, Value key, Value upper);
  /// Lane mask: query `query` may see key `keys[lane]`.
  Value allowed(Value query, Value keys);
  State keyTile(Value head, Value first, int64_t rows, Value key, Value upper,
                State state);

  AttentionOp op;
  LoweringContext &context;
  KernelBuilder &k;
  Value queries, keys, values, out, transposed, probabilities;
  int64_t headSize = 0, lanes = 0, chunks = 0, keyVectors = 1;
  VectorType vector, indices, mask;
};

void AttentionLowering::lower() {
  queries = context.buffer(op.getQuery());
  keys = context.buffer(op.getKey());
  values = context.buffer(op.getValue());
  out = context.buffer(op.getResult());
  int64_t hidden = op.getType().getDimSize(1);
  headSize = hidden / op.getNumHeads();
  lanes = std::min(k.floatLanes(), kMaxLanes);
  chunks = headChunks(headSize, lanes);
  Type f32 = k.b.getF32Type();
  vector = k.vectorOf(lanes, f32);
  indices = k.vectorOf(lanes, k.b.getI32Type());
  mask = k.vectorOf(lanes, k.b.getI1Type());
  int64_t maxRows = cast<MemRefType>(queries.getType()).getDimSize(0);
  transposed = context.temporary(
      0, MemRefType::get({hidden, transposedColumns(maxRows)}, f32));
  // On the stack, not in scratch: calls for other items run at the same time.
  probabilities = k.b.create<memref::AllocaOp>(
      k.loc, MemRefType::get({kMaxQueries, kMaxKeyVectors * kMaxLanes}, f32),
      k.b.getI64IntegerAttr(kMaxLanes * 4));

  // Queries per tile and key registers per tile: R x chunks output
  // registers plus R x keyVectors score registers stay within ~24 of the 32
  // vector registers (AVX-512, NEON; AVX2 spills some). With 512-bit
  // registers four key registers fill all 32 (d = 64: 16 outputs + 16
  // scores, a few spills around the exps) and QK^T does 16 FMAs per
  // dimension for 4 key loads and 4 query broadcasts, instead of 8 for 2
  // and 4, with twice the independent chains: W1A1 (dense) 4.5% faster at
  // S = 128 and 6% at S = 512 than with two, the same at S = 16 and 32 and
  // with local attention (w = 32).
  int64_t rows = attentionQueryTile(op, k.floatLanes());
  if (lanes == kMaxLanes && rows * (chunks + 4) <= 32)
    keyVectors = 4;
  else
    keyVectors = rows * (chunks + 2) <= 24 ? 2 : 1;
  using P = arith::CmpIPredicate;
  Value heads = k.index(op.getNumHeads()), tile = k.index(rows);
  Value tiles = attentionTilesPerHead(k, op, context.rows);
  // The items, as attentionQueryTile numbers them.
  k.loop(context.begin, context.end, [&](Value item) {
    auto transposes = k.b.create<scf::IfOp>(k.loc, cmpi(P::ult, item, heads),
                                            /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(k.b);
    k.b.setInsertionPointToStart(transposes.thenBlock());
    transposeKeys(item);
    k.b.setInsertionPointToStart(transposes.elseBlock());
    Value queryTileIndex = subi(item, heads);
    Value head = k.b.create<arith::DivUIOp>(k.loc, queryTileIndex, tiles);
    Value first = k.b.create<arith::MulIOp>(
        k.loc, k.b.create<arith::RemUIOp>(k.loc, queryTileIndex, tiles), tile);
    // The last tile of a head may hold fewer than R queries: they run in
    // tiles of halving sizes, as a linear's rows left.
    Value end = min(addi(first, tile), context.rows);
    forEachRowTile(k, first, end, rows,
                   [&](Value query, int64_t queries) { queryTile(head, query, queries); });
  });
}

void AttentionLowering::transposeKeys(Value head) {
  Value first = k.b.create<arith::MulIOp>(k.loc, head, k.index(headSize));
  Value last = addi(first, k.index(headSize));
  // Blocks of `lanes` keys x `lanes` columns go through registers. The keys
  // past the last whole block, and all keys of heads whose columns do not
  // fill whole registers, go one element at a time, which LLVM vectorises
  // into scatters or gathers: several times slower, so kept to the few.
  Value blocked = k.index(0);
  int64_t maxRows = cast<MemRefType>(keys.getType()).getDimSize(0);
  if (headSize % lanes == 0 && maxRows >= lanes && llvm::isPowerOf2_64(lanes)) {
    blocked = subi(context.rows,
                   k.b.create<arith::RemUIOp>(k.loc, context.rows, k.index(lanes)));
    k.loop(k.index(0), blocked, k.index(lanes), {}, [&](Value key, ValueRange) {
      k.loop(first, last, k.index(lanes), {}, [&](Value column, ValueRange) {
        SmallVector<Value> block;
        for (int64_t r = 0; r < lanes; ++r)
          block.push_back(k.load(vector, keys, {addi(key, k.index(r)), column}, Value()));
        transposeBlock(block);
        for (int64_t r = 0; r < lanes; ++r)
          k.store(block[r], transposed, {addi(column, k.index(r)), key}, Value());
        return SmallVector<Value>();
      });
      return SmallVector<Value>();
    });
  }
  k.loop(blocked, context.rows, [&](Value key) {
    k.loop(first, last, [&](Value column) {
      k.storeScalar(k.scalar(keys, {key, column}), transposed, {column, key});
    });
  });
}

void AttentionLowering::transposeBlock(SmallVector<Value> &rows) {
  // For each bit s of the indices, rows i and i + s (bit s of i clear) swap
  // their off-diagonal s x s blocks: element (i, j) moves to the row and
  // column with bit s of i and of j exchanged. After every bit, (i, j) is at
  // (j, i).
  for (int64_t s = 1; s < lanes; s *= 2)
    for (int64_t i = 0; i < lanes; ++i) {
      if (i & s)
        continue;
      SmallVector<int64_t> low, high;
      for (int64_t j = 0; j < lanes; ++j) {
        low.push_back(j & s ? lanes + j - s : j);
        high.push_back(j & s ? lanes + j : j + s);
      }
      Value a = rows[i], b = rows[i + s];
      rows[i] = k.b.create<vector::ShuffleOp>(k.loc, a, b, low);
      rows[i + s] = k.b.create<vector::ShuffleOp>(k.loc, a, b, high);
    }
}

std::pair<Value, Value> AttentionLowering::keyRange(Value first, Value last) {
  Value zero = k.index(0), rows = context.rows;
  if (auto local = dyn_cast<LocalPatternAttr>(op.getPattern())) {
    Value window = k.index(local.getWindow());
    return {max(zero, subi(first, window)),
            min(rows, addi(last, k.index(local.getWindow() + 1)))};
  }
  return {zero, rows};
}

Value AttentionLowering::tileVisible(Value first, Value last, Value key,
                                     Value upper) {
  using P = arith::CmpIPredicate;
  Value lastKeyRow =
      subi(min(addi(key, k.index(keyVectors * lanes)), upper), k.index(1));
  if (auto strided = dyn_cast<StridedPatternAttr>(op.getPattern())) {
    // The tile's differences i - j fill [low, high]: a pair is allowed when
    // that interval meets (-s, s) or holds a multiple of s.
    Value s = k.index(strided.getStride());
    Value low = subi(first, lastKeyRow), high = subi(last, key);
    Value near = andi(cmpi(P::slt, low, s), cmpi(P::sgt, high, subi(k.index(0), s)));
    // The largest multiple of s <= high: high minus its non-negative
    // remainder (remsi keeps the dividend's sign).
    auto rem = [&](Value a) { return k.b.create<arith::RemSIOp>(k.loc, a, s).getResult(); };
    Value multiple = subi(high, rem(addi(rem(high), s)));
    return ori(near, cmpi(P::sge, multiple, low));
  }
  auto blocks = dyn_cast<BlockSparsePatternAttr>(op.getPattern());
  if (!blocks)
    return Value();
  Value size = k.index(blocks.getBlock()), band = k.index(blocks.getBand());
  auto blockOf = [&](Value index) {
    return k.b.create<arith::DivUIOp>(k.loc, index, size).getResult();
  };
  Value firstQuery = blockOf(first), lastQuery = blockOf(last);
  Value firstKey = blockOf(key), lastKey = blockOf(lastKeyRow);
  // The band of the query blocks, [I0 - n, I1 + n], meets [J0, J1].
  Value visible = andi(cmpi(P::sle, firstKey, addi(lastQuery, band)),
                       cmpi(P::sge, lastKey, subi(firstQuery, band)));
  for (int64_t global : blocks.getGlobal()) {
    Value g = k.index(global);
    visible = ori(visible, andi(cmpi(P::sge, g, firstQuery), cmpi(P::sle, g, lastQuery)));
    visible = ori(visible, andi(cmpi(P::sge, g, firstKey), cmpi(P::sle, g, lastKey)));
  }
  return visible;
}

Value AttentionLowering::allowed(Value query, Value keyLanes) {
  using P = arith::CmpIPredicate;
  Value i = lanesOf(query);
  auto constant = [&](int64_t value) { return k.splat(indices, k.i32(value)); };
  auto compare = [&](P predicate, Value a, Value b) {
    return k.b.create<arith::CmpIOp>(k.loc, predicate, a, b).getResult();
  };
  Attribute pattern = op.getPattern();
  if (auto local = dyn_cast<LocalPatternAttr>(pattern)) {
    Value w = constant(local.getWindow());
    return andi(compare(P::sge, keyLanes, subi(i, w)),
                compare(P::sle, keyLanes, addi(i, w)));
  }
  if (auto strided = dyn_cast<StridedPatternAttr>(pattern)) {
    Value s = constant(strided.getStride());
    Value distance = subi(i, keyLanes);
    Value near = andi(compare(P::slt, distance, s),
                      compare(P::sgt, distance, subi(constant(0), s)));
    Value onStride = compare(
        P::eq, k.b.create<arith::RemSIOp>(k.loc, distance, s), constant(0));
    return ori(near, onStride);
  }
  if (auto blocks = dyn_cast<BlockSparsePatternAttr>(pattern)) {
    Value size = constant(blocks.getBlock()), band = constant(blocks.getBand());
    Value queryBlock = k.b.create<arith::DivUIOp>(k.loc, i, size);
    Value keyBlock = k.b.create<arith::DivUIOp>(k.loc, keyLanes, size);
    Value difference = subi(queryBlock, keyBlock);
    Value result = andi(compare(P::sle, difference, band),
                        compare(P::sge, difference, subi(constant(0), band)));
    for (int64_t global : blocks.getGlobal())
      result = ori(result, ori(compare(P::eq, queryBlock, constant(global)),
                               compare(P::eq, keyBlock, constant(global))));
    return result;
  }
  return k.b.create<arith::ConstantOp>(k.loc, mask, DenseElementsAttr::get(mask, true));
}

AttentionLowering::State AttentionLowering::keyTile(Value head, Value first,
                                                    int64_t rows, Value key,
                                                    Value upper, State state) {
  Value column = k.b.create<arith::MulIOp>(k.loc, head, k.index(headSize));
  Value minusInfinity = k.f32(-std::numeric_limits<float>::infinity());
  auto queryOf = [&](int64_t r) { return r ? addi(first, k.index(r)) : first; };
  auto keysOf = [&](int64_t v) { return v ? addi(key, k.index(v * lanes)) : key; };

  // Scores: s[r][v] += Q[i_r, c] * K^T[c, key + v lanes : ...] over the head's
  // d: per dimension, one load of keys serves every query.
  SmallVector<Value> scores = k.loop(
      k.index(0), k.index(headSize), k.index(1),
      SmallVector<Value>(rows * keyVectors, k.zeros(vector)),
      [&](Value c, ValueRange acc) {
        Value dimension = addi(column, c);
        SmallVector<Value> keyRows;
        for (int64_t v = 0; v < keyVectors; ++v)
          keyRows.push_back(k.load(vector, transposed, {dimension, keysOf(v)}, Value()));
        SmallVector<Value> next;
        for (int64_t r = 0; r < rows; ++r) {
          Value q = k.splat(vector, k.scalar(queries, {queryOf(r), dimension}));
          for (int64_t v = 0; v < keyVectors; ++v)
            next.push_back(k.b.create<math::FmaOp>(k.loc, q, keyRows[v],
                                                   acc[r * keyVectors + v]));
        }
        return next;
      });

  // Keys of the tile; lanes past `upper` are masked for every query.
  SmallVector<int32_t> steps(lanes);
  std::iota(steps.begin(), steps.end(), 0);
  Value step = k.b.create<arith::ConstantOp>(
      k.loc, indices, DenseElementsAttr::get(indices, ArrayRef(steps)));
  SmallVector<Value> keyLanes, inRange;
  for (int64_t v = 0; v < keyVectors; ++v) {
    keyLanes.push_back(addi(lanesOf(keysOf(v)), step));
    inRange.push_back(k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::slt,
                                                keyLanes[v], lanesOf(upper)));
  }
  Value scale = k.splat(vector, k.f32(1.0 / std::sqrt(double(headSize))));
  Value zero = k.zeros(vector);
  State next;
  // Each row's new maximum; the rows' rescales exp(m - m') are then one
  // vector exp rather than a scalar exp (a chain of about 15 dependent
  // instructions) per row.
  SmallVector<SmallVector<Value>> visible(rows), masked(rows);
  Value differences = k.zeros(k.vectorOf(rows, k.b.getF32Type()));
  for (int64_t r = 0; r < rows; ++r) {
    Value tileMax;
    for (int64_t v = 0; v < keyVectors; ++v) {
      visible[r].push_back(andi(inRange[v], allowed(queryOf(r), keyLanes[v])));
      masked[r].push_back(k.b.create<arith::SelectOp>(
          k.loc, visible[r][v], k.mul(scores[r * keyVectors + v], scale),
          k.splat(vector, minusInfinity)));
      tileMax = v ? k.b.create<arith::MaxNumFOp>(k.loc, tileMax, masked[r][v]).getResult()
                  : masked[r][v];
    }
    Value largest =
        k.b.create<arith::MaxNumFOp>(k.loc, state.maxima[r], k.reduceMax(tileMax));
    next.maxima.push_back(largest);
    differences = k.b.create<vector::InsertOp>(k.loc, k.sub(state.maxima[r], largest),
                                               differences, r);
  }
  Value rescales = k.b.create<math::ExpOp>(k.loc, differences);
  for (int64_t r = 0; r < rows; ++r) {
    Value largest = next.maxima[r];
    // Nothing seen yet (m = -inf): the old sum and outputs are zero, and
    // exp(-inf - -inf) would be NaN.
    Value fresh = k.b.create<arith::CmpFOp>(k.loc, arith::CmpFPredicate::OEQ,
                                            state.maxima[r], minusInfinity);
    Value rescale = k.b.create<arith::SelectOp>(
        k.loc, fresh, k.f32(0.0), k.b.create<vector::ExtractOp>(k.loc, rescales, r));
    Value tileSum;
    for (int64_t v = 0; v < keyVectors; ++v) {
      Value p = k.b.create<arith::SelectOp>(
          k.loc, visible[r][v],
          k.b.create<math::ExpOp>(k.loc, k.sub(masked[r][v], k.splat(vector, largest))),
          zero);
      k.store(p, probabilities, {k.index(r), k.index(v * lanes)}, Value());
      tileSum = v ? k.add(tileSum, p) : p;
    }
    next.sums.push_back(k.add(k.mul(state.sums[r], rescale), k.reduceAdd(tileSum)));
    Value rescaleVector = k.splat(vector, rescale);
    for (int64_t c = 0; c < chunks; ++c)
      next.outputs.push_back(k.mul(state.outputs[r * chunks + c], rescaleVector));
  }

  // O_r += p_r[t] V[key + t] over the tile's keys below `upper`.
  Value count = min(k.index(keyVectors * lanes), subi(upper, key));
  next.outputs = k.loop(
      k.index(0), count, k.index(1), next.outputs, [&](Value t, ValueRange acc) {
        Value row = addi(key, t);
        SmallVector<Value> value;
        for (int64_t c = 0; c < chunks; ++c)
          value.push_back(k.load(vector, values, {row, addi(column, k.index(c * lanes))},
                                 chunkMask(c)));
        SmallVector<Value> updated;
        for (int64_t r = 0; r < rows; ++r) {
          Value p = k.splat(vector, k.scalar(probabilities, {k.index(r), t}));
          for (int64_t c = 0; c < chunks; ++c)
            updated.push_back(
                k.b.create<math::FmaOp>(k.loc, p, value[c], acc[r * chunks + c]));
        }
        return updated;
      });
  return next;
}

void AttentionLowering::queryTile(Value head, Value first, int64_t rows) {
  Value last = addi(first, k.index(rows - 1));
  Value lower, upper;
  std::tie(lower, upper) = keyRange(first, last);
  State start;
  start.maxima.assign(rows, k.f32(-std::numeric_limits<float>::infinity()));
  start.sums.assign(rows, k.f32(0.0));
  start.outputs.assign(rows * chunks, k.zeros(vector));
  SmallVector<Value> flat = k.loop(
      lower, upper, k.index(keyVectors * lanes), start.flat(), [&](Value key, ValueRange carried) {
        State state = State::unflat(carried, rows);
        Value visible = tileVisible(first, last, key, upper);
        if (!visible)
          return keyTile(head, first, rows, key, upper, state).flat();
        // A tile the pattern masks entirely is skipped.
        SmallVector<Type> types;
        for (Value value : carried)
          types.push_back(value.getType());
        auto branch = k.b.create<scf::IfOp>(k.loc, types, visible, true);
        {
          OpBuilder::InsertionGuard guard(k.b);
          k.b.setInsertionPointToStart(branch.thenBlock());
          k.b.create<scf::YieldOp>(k.loc,
                                   keyTile(head, first, rows, key, upper, state).flat());
          k.b.setInsertionPointToStart(branch.elseBlock());
          k.b.create<scf::YieldOp>(k.loc, carried);
        }
        return SmallVector<Value>(branch.getResults());
      });
  State state = State::unflat(flat, rows);

  Value column = k.b.create<arith::MulIOp>(k.loc, head, k.index(headSize));
  for (int64_t r = 0; r < rows; ++r) {
    Value query = r ? addi(first, k.index(r)) : first;
    // Every query sees itself, so the sum is positive.
    Value inverse = k.splat(vector, k.div(k.f32(1.0), state.sums[r]));
    for (int64_t c = 0; c < chunks; ++c)
      k.store(k.mul(state.outputs[r * chunks + c], inverse), out,
              {query, addi(column, k.index(c * lanes))}, chunkMask(c));
  }
}
} // namespace

int64_t mlir::beex::attentionQueryTile(AttentionOp op, int64_t floatLanes) {
  int64_t headSize = op.getType().getDimSize(1) / op.getNumHeads();
  int64_t chunks = headChunks(headSize, std::min(floatLanes, kMaxLanes));
  return std::clamp<int64_t>(16 / chunks, 1, kMaxQueries);
}

Value mlir::beex::attentionTilesPerHead(KernelBuilder &k, AttentionOp op, Value length) {
  auto constant = [&](int64_t value) {
    return k.b.create<arith::ConstantOp>(k.loc, k.b.getIntegerAttr(length.getType(), value));
  };
  int64_t tile = attentionQueryTile(op, k.floatLanes());
  return k.b.create<arith::DivUIOp>(
      k.loc, k.b.create<arith::AddIOp>(k.loc, length, constant(tile - 1)), constant(tile));
}

SmallVector<int64_t> mlir::beex::attentionTemporaries(AttentionOp op,
                                                      int64_t maxRows) {
  int64_t hidden = op.getType().getDimSize(1);
  return {hidden * transposedColumns(maxRows) * 4};
}

void mlir::beex::lowerAttention(AttentionOp op, LoweringContext &context) {
  AttentionLowering(op, context).lower();
}
