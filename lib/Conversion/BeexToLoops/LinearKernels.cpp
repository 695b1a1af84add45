//===- LinearKernels.cpp - The three binarized-linear kernels -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// y[i, j] = alpha[j] * beta_i * sum_k s[j, k] a[i, k] + bias[j] (docs/math.md §2) over
// weight signs packed 64 to a word (bit set = -1, padding zero):
//
// - binary: the row's signs are packed the same way, and the sum is
//   K - 2 * popcount(w xor a), computed on whole vector registers of words
//   (vpxorq + vpopcntq on AVX-512 VPOPCNTDQ);
// - f32: each weight word becomes a 64-lane mask that selects -x or x, so the
//   signs are applied without multiplications;
// - int8: the row is quantised once to values in [-127, 127], then the
//   same sign-select accumulates them exactly in i16 lanes (i32 past
//   K = 16512); with 4-byte dot-product instructions the Int8DotKernel.cpp
//   kernel runs instead;
// - f32 on AVX-512: LookupKernel.cpp's table lookups replace the
//   sign-select.
//
// What each kernel reads of its input rows (packed signs, quantised rows,
// betas, sums) is their row encoding (RowEncoding.cpp), shared with the other
// linears that read the same tensor.
//
// Every kernel works on a register tile of input rows x weight rows (see
// Tile and lib/Target/README.md): one load of activations serves every weight
// row of the tile and one load of weights every input row.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include <cstdint>
#include <numeric>
#include <optional>

using namespace mlir;
using namespace mlir::beex;

/// Where whole tiles of `tile` from `begin` stop short of `end`.
static Value wholeTilesEnd(KernelBuilder &k, Value begin, Value end, int64_t tile) {
  Value count = k.b.create<arith::SubIOp>(k.loc, end, begin);
  return k.b.create<arith::SubIOp>(
      k.loc, end, k.b.create<arith::RemUIOp>(k.loc, count, k.index(tile)));
}

namespace {
/// The register tile of a kernel: `rows` input rows times `outputs` weight
/// rows accumulate together, so each activation load serves `outputs` weight
/// rows and each weight load `rows` input rows.
struct Tile {
  int64_t rows, outputs;
};

/// Tiles that keep the accumulators (plus one load per row and per output)
/// within the register file: 32 registers on AVX-512 and AArch64, 16 on AVX2.
Tile binaryTile(const KernelBuilder &k) {
  // One register per accumulator.
  return k.vectorBits >= 512 ? Tile{4, 4} : Tile{2, 4};
}
Tile maskedTile(const KernelBuilder &k) {
  // A 64-lane accumulator takes 2048 / vectorBits registers.
  if (k.vectorBits >= 512)
    return {2, 2};
  return k.vectorBits >= 256 ? Tile{1, 2} : Tile{1, 1};
}

/// The 64 lanes of `word` (i64) as a mask: lane k is bit k.
Value wordMask(KernelBuilder &k, Value word) {
  return k.wordBits(word, 0, kSignWordBits);
}

struct RowShape : LinearOperands {
  RowShape(BinaryLinearOp op, LoweringContext &context)
      : LinearOperands(op, context), words(signWords(inputs)), op(op),
        context(&context) {}
  int64_t words;
  /// The linear and its kernel's context, for the epilogue (KernelFusion).
  Operation *op;
  LoweringContext *context;

  /// The stored value of outputs `y` at `row`, `column` (see applyEpilogue).
  Value finish(Value y, Value row, Value column, Value mask = Value()) const {
    return applyEpilogue(*context, op, y, row, column, mask);
  }
};

/// The loop nest all three kernels share: for every tile of input rows i and
/// output rows j, accumulate `step(activation, weights, accumulator)` over the
/// row's words, `wordsPerStep` at a time (the rest in one narrower step, or
/// masked steps for scalable vectors), then write
/// alpha[j] * scale(i) * finish(i, sum) + bias[j]. Rows left over from the tile
/// (S is only known at run time) and outputs left over go one at a time.
void forEachOutput(
    LoweringContext &context, const RowShape &shape, Tile tile,
    VectorType accumulatorType, int64_t wordsPerStep,
    function_ref<Value(Value row, Value word, Value mask, int64_t words)>
        loadActivation,
    function_ref<Value(Value output, Value word, Value mask, int64_t words)>
        loadWeights,
    function_ref<Value(Value activation, Value weights, Value accumulator)> step,
    function_ref<Value(Value row, Value sum)> finish,
    function_ref<Value(Value row)> scale,
    function_ref<Value(Value accumulator)> reduce = nullptr) {
  KernelBuilder &k = context.k;
  auto offset = [&](Value base, int64_t delta) {
    return delta ? k.b.create<arith::AddIOp>(k.loc, base, k.index(delta)).getResult()
                 : base;
  };
  auto accumulate = [&](Value firstRow, int64_t rows, Value firstOutput,
                        int64_t outputs) {
    SmallVector<Value> init(rows * outputs, k.zeros(accumulatorType));
    auto body = [&](Value word, Value mask, int64_t words, ValueRange accumulators) {
      SmallVector<Value> activations, weights, next;
      for (int64_t r = 0; r < rows; ++r)
        activations.push_back(loadActivation(offset(firstRow, r), word, mask, words));
      for (int64_t o = 0; o < outputs; ++o)
        weights.push_back(loadWeights(offset(firstOutput, o), word, mask, words));
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t o = 0; o < outputs; ++o)
          next.push_back(
              step(activations[r], weights[o], accumulators[r * outputs + o]));
      return next;
    };
    SmallVector<Value> sums(init);
    if (accumulatorType.isScalable()) {
      sums = k.scalableColumns(shape.words, wordsPerStep, init,
                               [&](Value word, Value mask, ValueRange accumulators) {
                                 return body(word, mask, wordsPerStep, accumulators);
                               });
    } else {
      // Whole steps, then the words left as one narrower, unmasked step: a
      // masked full-width step would xor and count zeros (a third of the
      // work for K = 768 on AVX-512).
      int64_t full = shape.words / wordsPerStep * wordsPerStep;
      if (full > 0)
        sums = k.loop(k.index(0), k.index(full), k.index(wordsPerStep), sums,
                      [&](Value word, ValueRange accumulators) {
                        return body(word, Value(), wordsPerStep, accumulators);
                      });
      if (int64_t tail = shape.words - full)
        sums = body(k.index(full), Value(), tail, sums);
    }
    for (int64_t r = 0; r < rows; ++r) {
      Value row = offset(firstRow, r), rowScale = scale(row);
      for (int64_t o = 0; o < outputs; ++o) {
        Value output = offset(firstOutput, o);
        Value value = k.mul(k.mul(k.scalar(shape.alpha, {output}), rowScale),
                            finish(row, reduce ? reduce(sums[r * outputs + o])
                                               : k.reduceAdd(sums[r * outputs + o])));
        k.storeScalar(shape.finish(k.add(value, k.scalar(shape.bias, {output})), row,
                                   output),
                      shape.output, {row, output});
      }
    }
  };
  int64_t outputs = std::min(tile.outputs, shape.outputs);
  int64_t blockedOutputs = shape.outputs / outputs * outputs;
  auto rowTile = [&](Value firstRow, int64_t rows) {
    k.loop(k.index(0), k.index(blockedOutputs), k.index(outputs), {},
           [&](Value firstOutput, ValueRange) {
             accumulate(firstRow, rows, firstOutput, outputs);
             return SmallVector<Value>();
           });
    for (int64_t output = blockedOutputs; output < shape.outputs; ++output)
      accumulate(firstRow, rows, k.index(output), 1);
  };
  forEachRowTile(context.k, context.begin, context.end, tile.rows, rowTile);
}

/// The binary kernel with one output per 64-bit lane (signs interleaved as
/// [ceil(N/G)][W][G], see interleaveSigns): per word, one register holds the
/// word of G outputs, the row's word is broadcast to every lane, and each
/// lane accumulates its own output's popcount. No reduction across lanes and
/// no partial steps for any K; 2G results are converted, scaled and stored
/// at once. A tile of 4 rows x 4 registers of outputs keeps 16 accumulators.
void lowerGroupedBinary(BinaryLinearOp op, LoweringContext &context,
                        const RowShape &shape, Value bits, Value betas) {
  KernelBuilder &k = context.k;
  Type i64 = k.b.getI64Type(), f32 = k.b.getF32Type();
  int64_t group = cast<MemRefType>(shape.signs.getType()).getDimSize(2);
  VectorType wordsType = k.vectorOf(group, i64);
  auto offset = [&](Value base, int64_t delta) {
    return delta ? k.b.create<arith::AddIOp>(k.loc, base, k.index(delta)).getResult()
                 : base;
  };

  bool deferEpilogue = defersActivation(context.fusion);

  // Rows [firstRow, +rows) x output groups [firstGroup, +groups); `valid`
  // outputs of each group are real (fewer only in the last group).
  auto tile = [&](Value firstRow, int64_t rows, Value firstGroup, int64_t groups,
                  int64_t valid) {
    SmallVector<Value> sums = k.loop(
        k.index(0), k.index(shape.words), k.index(1),
        SmallVector<Value>(rows * groups, k.zeros(wordsType)),
        [&](Value word, ValueRange acc) {
          SmallVector<Value> weights, next;
          for (int64_t g = 0; g < groups; ++g)
            weights.push_back(k.load(wordsType, shape.signs,
                                     {offset(firstGroup, g), word, k.index(0)}, Value()));
          for (int64_t r = 0; r < rows; ++r) {
            Value activation =
                k.splat(wordsType, k.scalar(bits, {offset(firstRow, r), word}));
            for (int64_t g = 0; g < groups; ++g) {
              Value differ = k.b.create<arith::XOrIOp>(k.loc, weights[g], activation);
              next.push_back(
                  k.add(acc[r * groups + g], k.b.create<math::CtPopOp>(k.loc, differ)));
            }
          }
          return next;
        });
    Value mask = valid == group ? Value()
                                : k.b.create<vector::CreateMaskOp>(
                                      k.loc, k.vectorOf(group, k.b.getI1Type()),
                                      ValueRange{k.index(valid)});
    for (int64_t r = 0; r < rows; ++r) {
      Value row = offset(firstRow, r);
      Value beta = k.scalar(betas, {row});
      // Two neighbouring whole groups are 2G contiguous outputs: the
      // epilogue runs once on the full register width rather than twice on
      // half of it (G i64 counts become G f32, half a register).
      for (int64_t g = 0; g < groups;) {
        int64_t width = !mask && g + 1 < groups ? 2 : 1;
        Value column =
            k.b.create<arith::MulIOp>(k.loc, offset(firstGroup, g), k.index(group));
        // A count is at most K < 2^31: the low i32 half of its i64 lane
        // (little-endian) holds it. The width x G low halves are gathered
        // into one register (vpermt2d) and converted once (vcvtdq2ps), where
        // converting each i64 group and joining them took three steps.
        VectorType halves = k.vectorOf(2 * group, k.b.getI32Type());
        auto lowHalves = [&](int64_t at) {
          return k.b.create<vector::BitCastOp>(k.loc, halves, sums[r * groups + at]);
        };
        SmallVector<int64_t> lows(width * group);
        for (int64_t lane = 0; lane < width * group; ++lane)
          lows[lane] = 2 * lane;
        Value first = lowHalves(g);
        Value counts = k.b.create<vector::ShuffleOp>(
            k.loc, first, width == 2 ? lowHalves(g + 1) : first, lows);
        VectorType type = k.vectorOf(width * group, f32);
        counts = k.b.create<arith::SIToFPOp>(k.loc, type, counts);
        // K - 2 * popcount is an integer below 2^24 in magnitude: exact in
        // f32, so one fma gives it and a second applies scale and bias.
        Value dot = k.b.create<math::FmaOp>(k.loc, counts, k.splat(type, k.f32(-2.0)),
                                            k.splat(type, k.f32(shape.inputs)));
        Value scale = k.mul(k.load(type, shape.alpha, {column}, mask), k.splat(type, beta));
        Value y = k.b.create<math::FmaOp>(k.loc, scale, dot,
                                          k.load(type, shape.bias, {column}, mask));
        k.store(deferEpilogue ? y : shape.finish(y, row, column, mask), shape.output,
                {row, column}, mask);
        g += width;
      }
    }
  };

  std::optional<GroupShare> share;
  if (splitsOutputGroups(op, context.fusion, SignLayout::Grouped))
    share.emplace(context, llvm::divideCeil(shape.outputs, group));
  const GroupShare *groupShare = share ? &*share : nullptr;
  if (!deferEpilogue)
    return forEachGroupTile(context, shape.outputs, group, tile, 4, groupShare);
  // The share's columns: every column, or those of its groups.
  Value firstColumn = k.index(0), endColumn = k.index(shape.outputs);
  if (share) {
    firstColumn = k.b.create<arith::MinUIOp>(
        k.loc, endColumn, k.b.create<arith::MulIOp>(k.loc, share->firstGroup, k.index(group)));
    endColumn = k.b.create<arith::MinUIOp>(
        k.loc, endColumn, k.b.create<arith::MulIOp>(k.loc, share->endGroup, k.index(group)));
  }
  // Whole steps of 2G columns up to `whole`, then the columns left
  // (possibly none) in one step under `left`: the same for every row.
  VectorType pass = k.vectorOf(2 * group, f32);
  Value whole = wholeTilesEnd(k, firstColumn, endColumn, 2 * group);
  Value left = k.b.create<vector::CreateMaskOp>(
      k.loc, k.vectorOf(2 * group, k.b.getI1Type()),
      ValueRange{k.b.create<arith::SubIOp>(k.loc, endColumn, whole)});
  auto finishAt = [&](Value row, Value column, Value mask) {
    Value y = shape.finish(k.load(pass, shape.output, {row, column}, mask), row, column, mask);
    k.store(y, shape.output, {row, column}, mask);
    return y;
  };
  auto finishRow = [&](Value row) {
    k.loop(firstColumn, whole, k.index(2 * group), {}, [&](Value column, ValueRange) {
      finishAt(row, column, Value());
      return SmallVector<Value>();
    });
    finishAt(row, whole, left);
  };
  using OutputEncoding = KernelFusion::OutputEncoding;
  OutputEncoding encoding = context.fusion.outputEncoding;
  forEachGroupTile(context, shape.outputs, group, tile, 4, groupShare,
                   [&](Value firstRow, int64_t rows) {
    k.loop(firstRow, offset(firstRow, rows), [&](Value row) {
      if (encoding == OutputEncoding::None)
        return finishRow(row);
      // A share of rows has whole rows: their encoding too.
      auto finishAndEncode = [&] {
        finishAndEncodeRow(context, row, shape.outputs, 2 * group,
                           encoding == OutputEncoding::SignsAndScale, finishAt);
      };
      if (share)
        k.ifThen(share->byRows, finishAndEncode, [&] { finishRow(row); });
      else
        finishAndEncode();
    });
  });
}

/// The betas of the binary encoding of `input` (`columns` wide), whose signs
/// are all +1 (inputSignsArePositive): only beta is encoded. No other kernel
/// reads this encoding's signs: only linears encode a sigmoid's output, and
/// those are all of this kind.
Value positiveInputBetas(LoweringContext &context, Value input, int64_t columns) {
  KernelBuilder &k = context.k;
  return inputEncoding(context, input, ActivationMode::binary, columns,
                       [&](Value row, ArrayRef<Value> buffers) {
                         k.storeScalar(binaryScale(k, input, row, columns), buffers[1], {row});
                       })[1];
}

/// alpha * beta * dot + bias, in the order lowerPositiveBinary and
/// computeLinear both round it.
Value scaleSums(KernelBuilder &k, Value alpha, Value beta, Value dot, Value bias) {
  return k.add(k.mul(k.mul(alpha, beta), dot), bias);
}

/// Binary activations of an input whose signs are all +1
/// (inputSignsArePositive): sum_k s_jk a_k = sum_k s_jk depends on the output
/// alone. Each row's outputs are alpha[j] * beta_i * sum_k s_jk + bias[j]:
/// the dot-product kernels' result and rounding, without a product per row.
/// The sums are usually a constant made at compile time (signSums, `signs`
/// is then [N] f32) and the weights are not in the object at all; signs
/// computed at run time ([N][W] words, or [ceil(N/G)][W][G] grouped by
/// interleaveSigns) are counted once per call, K - 2 popcount(w_j), a group's
/// G counts as one vector (row-major signs are groups of one output).
void lowerPositiveBinary(LoweringContext &context, const RowShape &shape, Value betas) {
  KernelBuilder &k = context.k;
  Type f32 = k.b.getF32Type();
  auto scaleRows = [&](Value column, Value mask, Value dot) {
    VectorType floats = cast<VectorType>(dot.getType());
    Value alpha = k.load(floats, shape.alpha, {column}, mask);
    Value bias = k.load(floats, shape.bias, {column}, mask);
    k.loop(context.begin, context.end, [&](Value row) {
      Value beta = k.splat(floats, k.scalar(betas, {row}));
      Value y = shape.finish(scaleSums(k, alpha, beta, dot, bias), row, column, mask);
      k.store(y, shape.output, {row, column}, mask);
    });
  };
  auto signsType = cast<MemRefType>(shape.signs.getType());
  if (signsType.getRank() == 1) {
    VectorType floats = k.vectorOf(k.floatLanes(), f32);
    k.columns(shape.outputs, k.floatLanes(), {}, [&](Value column, Value mask, ValueRange) {
      scaleRows(column, mask, k.load(floats, shape.signs, {column}, mask));
      return SmallVector<Value>();
    });
    return;
  }
  bool grouped = signsType.getRank() == 3;
  int64_t group = grouped ? signsType.getDimSize(2) : 1;
  VectorType words = k.vectorOf(group, k.b.getI64Type());
  int64_t steps = signsType.getDimSize(0);
  k.loop(k.index(0), k.index(steps), [&](Value step) {
    Value column = k.b.create<arith::MulIOp>(k.loc, step, k.index(group));
    int64_t valid = std::min(group, shape.outputs - (steps - 1) * group);
    // Only the last group can be partial; its mask covers the real outputs.
    Value mask;
    if (valid < group) {
      Value last = k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::eq, step,
                                             k.index(steps - 1));
      Value count = k.b.create<arith::SelectOp>(k.loc, last, k.index(valid),
                                                k.index(group));
      mask = k.b.create<vector::CreateMaskOp>(
          k.loc, k.vectorOf(group, k.b.getI1Type()), ValueRange{count});
    }
    Value negative =
        k.loop(k.index(0), k.index(shape.words), k.index(1), {k.zeros(words)},
               [&](Value word, ValueRange count) {
                 SmallVector<Value> at{step, word};
                 if (grouped)
                   at.push_back(k.index(0));
                 Value bits = k.load(words, shape.signs, at, Value());
                 return SmallVector<Value>{
                     k.add(count[0], k.b.create<math::CtPopOp>(k.loc, bits))};
               })[0];
    // K - 2 * popcount: exact in i64, then one conversion.
    Value dot = k.b.create<arith::SIToFPOp>(
        k.loc, k.vectorOf(group, f32),
        k.b.create<arith::SubIOp>(
            k.loc, k.splat(words, k.i64(shape.inputs)),
            k.b.create<arith::ShLIOp>(k.loc, negative, k.splat(words, k.i64(1)))));
    scaleRows(column, mask, dot);
  });
}

void lowerBinaryActivations(BinaryLinearOp op, LoweringContext &context,
                            const RowShape &shape) {
  KernelBuilder &k = context.k;
  Type i64 = k.b.getI64Type(), f32 = k.b.getF32Type();
  if (inputSignsArePositive(op))
    return lowerPositiveBinary(context, shape,
                               positiveInputBetas(context, shape.input, shape.inputs));
  SmallVector<Value> encoding =
      inputEncoding(context, shape.input, ActivationMode::binary, shape.inputs);
  Value bits = encoding[0], betas = encoding[1];
  if (cast<MemRefType>(shape.signs.getType()).getRank() == 3)
    return lowerGroupedBinary(op, context, shape, bits, betas);

  // xor + popcount over whole vector registers of words. Without a 64-bit
  // lane popcount (NEON cnt, AVX2 vpshufb, RVV without Zvbb) bytes are
  // counted and accumulated in byte lanes (each step adds at most 8), and
  // widened once at the end of the dot product, instead of widening every
  // word's count: possible while steps * 8 <= 255.
  // Scalable: vscale x 2 words per step (two RVV registers, LMUL 2), at
  // least vectorBits / 32 of them, which bounds the steps for the byte lanes.
  // Not vscale x 1: MLIR 19 lowers an unmasked vector.load of vector<[1]xT>
  // as a load of one element, broadcast (it counts the elements without
  // vscale), and the whole chunks load unmasked (scalableColumns).
  int64_t lanes = k.scalable ? 2 : std::max<int64_t>(2, k.vectorBits / 64);
  int64_t minimumLanes = k.scalable ? lanes * k.vectorBits / 64 : lanes;
  auto vector = [&](int64_t count, Type element) {
    return k.scalable ? k.scalableVectorOf(count, element) : k.vectorOf(count, element);
  };
  VectorType wordsType = vector(lanes, i64);
  int64_t steps = (shape.words + minimumLanes - 1) / minimumLanes;
  bool bytes = !k.widePopcount && steps * 8 <= 255;
  VectorType bytesType = vector(lanes * 8, k.b.getI8Type());
  forEachOutput(
      context, shape, binaryTile(k), bytes ? bytesType : wordsType, lanes,
      [&](Value row, Value word, Value mask, int64_t words) {
        return k.load(vector(words, i64), bits, {row, word}, mask);
      },
      [&](Value output, Value word, Value mask, int64_t words) {
        return k.load(vector(words, i64), shape.signs, {output, word}, mask);
      },
      [&](Value activation, Value weights, Value accumulator) {
        Value differ = k.b.create<arith::XOrIOp>(k.loc, weights, activation);
        int64_t words = cast<VectorType>(differ.getType()).getDimSize(0);
        if (bytes)
          differ = k.b.create<vector::BitCastOp>(k.loc, vector(words * 8, k.b.getI8Type()),
                                                 differ);
        Value counts = k.b.create<math::CtPopOp>(k.loc, differ);
        // A narrower tail step's counts fill the low lanes (a zero-extending
        // register move).
        if (words < lanes)
          counts = k.b.create<vector::InsertStridedSliceOp>(
              k.loc, counts, k.zeros(cast<VectorType>(accumulator.getType())),
              ArrayRef<int64_t>{0}, ArrayRef<int64_t>{1});
        return k.add(accumulator, counts);
      },
      [&](Value, Value differing) {
        // K - 2 * popcount: exact in i64, then one conversion.
        Value dot = k.b.create<arith::SubIOp>(
            k.loc, k.i64(shape.inputs),
            k.b.create<arith::ShLIOp>(k.loc, differing, k.i64(1)));
        return k.b.create<arith::SIToFPOp>(k.loc, f32, dot);
      },
      [&](Value row) { return k.scalar(betas, {row}); },
      [&](Value accumulator) -> Value {
        if (!bytes)
          return k.reduceAdd(accumulator);
        Value wide = k.b.create<arith::ExtUIOp>(
            k.loc, vector(lanes * 8, k.b.getI16Type()), accumulator);
        return k.b.create<arith::ExtUIOp>(k.loc, i64, k.reduceAdd(wide));
      });
}

/// sum_k s_k x_k = sum_k x_k - 2 * sum_{s_k = -1} x_k: with the row's total
/// computed once, each weight word costs one masked add per register.
void lowerF32Activations(BinaryLinearOp op, LoweringContext &context,
                         const RowShape &shape) {
  KernelBuilder &k = context.k;
  Type f32 = k.b.getF32Type();
  Value totals = inputEncoding(context, shape.input, ActivationMode::f32, shape.inputs)[0];
  VectorType floats = k.vectorOf(kSignWordBits, f32);
  forEachOutput(
      context, shape, maskedTile(k), floats, 1,
      [&](Value row, Value word, Value, int64_t) {
        return loadWord(k, shape.input, row, word, shape.inputs, f32);
      },
      [&](Value output, Value word, Value, int64_t) {
        return k.scalar(shape.signs, {output, word});
      },
      // acc + x where the weight is negative: one merge-masked add (adding a
      // selected zero instead would need -0.0 care, and two instructions).
      [&](Value x, Value weightWord, Value accumulator) {
        return k.b.create<arith::SelectOp>(k.loc, wordMask(k, weightWord),
                                           k.add(accumulator, x), accumulator)
            .getResult();
      },
      [&](Value row, Value negative) {
        return k.sub(k.scalar(totals, {row}), k.mul(k.f32(2.0), negative));
      },
      [&](Value) { return k.f32(1.0); });
}

void lowerInt8Activations(BinaryLinearOp op, LoweringContext &context,
                          const RowShape &shape) {
  KernelBuilder &k = context.k;
  Type f32 = k.b.getF32Type(), i32 = k.b.getI32Type();
  SmallVector<Value> encoding =
      inputEncoding(context, shape.input, ActivationMode::int8, shape.inputs);
  Value quantised = encoding[0], betas = encoding[1], totals = encoding[2];
  // Each lane adds at most one value in [-127, 127] per sign word, so while
  // words * 127 fits in i16 the lanes are i16: half the registers, and the
  // masked add of sign-extended bytes is one widening add (RVV vwadd.wv under
  // the mask, NEON saddw).
  Type lane = shape.words * 127 <= INT16_MAX ? k.b.getI16Type() : i32;
  VectorType lanes = k.vectorOf(kSignWordBits, lane);
  forEachOutput(
      context, shape, maskedTile(k), lanes, 1,
      [&](Value row, Value word, Value, int64_t) {
        Value column = k.b.create<arith::MulIOp>(k.loc, word, k.index(kSignWordBits));
        return k.b.create<arith::ExtSIOp>(
            k.loc, lanes,
            k.load(k.vectorOf(kSignWordBits, k.b.getI8Type()), quantised, {row, column},
                   Value()));
      },
      [&](Value output, Value word, Value, int64_t) {
        return k.scalar(shape.signs, {output, word});
      },
      [&](Value q, Value weightWord, Value accumulator) {
        return k.b.create<arith::SelectOp>(k.loc, wordMask(k, weightWord),
                                           k.add(accumulator, q), accumulator)
            .getResult();
      },
      // sum_k s_k q_k = sum_k q_k - 2 * sum_{s_k = -1} q_k, exactly in i32.
      [&](Value row, Value negative) {
        Value dot = k.b.create<arith::SubIOp>(
            k.loc, k.scalar(totals, {row}),
            k.b.create<arith::ShLIOp>(k.loc, negative, k.i32(1)));
        return k.b.create<arith::SIToFPOp>(k.loc, f32, dot);
      },
      [&](Value row) { return k.scalar(betas, {row}); },
      [&](Value accumulator) {
        if (lane != i32)
          accumulator = k.b.create<arith::ExtSIOp>(
              k.loc, k.vectorOf(kSignWordBits, i32), accumulator);
        return k.reduceAdd(accumulator);
      });
}
} // namespace

void mlir::beex::forEachRowTile(KernelBuilder &k, Value begin, Value end, int64_t tileRows,
                                function_ref<void(Value firstRow, int64_t rows)> rowTile) {
  Value at = wholeTilesEnd(k, begin, end, tileRows);
  k.loop(begin, at, k.index(tileRows), {}, [&](Value firstRow, ValueRange) {
    rowTile(firstRow, tileRows);
    return SmallVector<Value>();
  });
  // Fewer than tileRows left: tiles of halving sizes, each once at most.
  for (int64_t rows = llvm::PowerOf2Ceil(tileRows) / 2; rows >= 1; rows /= 2) {
    Value fits = k.b.create<arith::CmpIOp>(
        k.loc, arith::CmpIPredicate::uge, k.b.create<arith::SubIOp>(k.loc, end, at),
        k.index(rows));
    k.ifThen(fits, [&] { rowTile(at, rows); });
    at = k.b.create<arith::SelectOp>(k.loc, fits,
                                     k.b.create<arith::AddIOp>(k.loc, at, k.index(rows)), at);
  }
}

void mlir::beex::forEachGroupTile(LoweringContext &context, int64_t outputs,
                                  int64_t group, const GroupTile &tile,
                                  int64_t tileGroups, const GroupShare *share,
                                  function_ref<void(Value, int64_t)> rowsDone) {
  KernelBuilder &k = context.k;
  constexpr int64_t kRows = 4;
  int64_t fullGroups = outputs / group;
  int64_t rest = outputs - fullGroups * group;
  // Every row tile of [begin, end), over the groups that `rowTile` covers.
  auto rowTiles = [&](Value begin, Value end, function_ref<void(Value, int64_t)> rowTile) {
    forEachRowTile(k, begin, end, kRows, [&](Value firstRow, int64_t rows) {
      rowTile(firstRow, rows);
      if (rowsDone)
        rowsDone(firstRow, rows);
    });
  };

  if (!share) {
    // All groups, known here: whole tiles, then the full groups left as one
    // narrower tile, then the partial group.
    int64_t blockedGroups = fullGroups / tileGroups * tileGroups;
    return rowTiles(context.begin, context.end, [&](Value firstRow, int64_t rows) {
      if (blockedGroups > 0)
        k.loop(k.index(0), k.index(blockedGroups), k.index(tileGroups), {},
               [&](Value firstGroup, ValueRange) {
                 tile(firstRow, rows, firstGroup, tileGroups, group);
                 return SmallVector<Value>();
               });
      if (fullGroups > blockedGroups)
        tile(firstRow, rows, k.index(blockedGroups), fullGroups - blockedGroups, group);
      if (rest)
        tile(firstRow, rows, k.index(fullGroups), 1, rest);
    });
  }
  // The share's groups, known at run time: its full groups [first, last) in
  // whole tiles up to `blocked`, then one at a time; then the partial group
  // if the share holds it.
  Value first = share->firstGroup;
  Value last = k.b.create<arith::MaxUIOp>(
      k.loc, first, k.b.create<arith::MinUIOp>(k.loc, share->endGroup, k.index(fullGroups)));
  Value blocked = wholeTilesEnd(k, first, last, tileGroups);
  Value partial = k.b.create<arith::MaxUIOp>(k.loc, first, k.index(fullGroups));
  rowTiles(share->firstRow, share->endRow, [&](Value firstRow, int64_t rows) {
    k.loop(first, blocked, k.index(tileGroups), {}, [&](Value firstGroup, ValueRange) {
      tile(firstRow, rows, firstGroup, tileGroups, group);
      return SmallVector<Value>();
    });
    k.loop(blocked, last, [&](Value g) { tile(firstRow, rows, g, 1, group); });
    if (rest)
      k.loop(partial, share->endGroup, [&](Value g) { tile(firstRow, rows, g, 1, rest); });
  });
}

Value mlir::beex::sharesRows(KernelBuilder &k, Value rows) {
  return k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::uge, rows,
                                   k.index(kRowShareRows));
}

mlir::beex::GroupShare::GroupShare(LoweringContext &context, int64_t groups) {
  KernelBuilder &k = context.k;
  byRows = sharesRows(k, context.rows);
  auto pick = [&](Value ifRows, Value ifGroups) {
    return k.b.create<arith::SelectOp>(k.loc, byRows, ifRows, ifGroups).getResult();
  };
  firstRow = pick(context.begin, k.index(0));
  endRow = pick(context.end, context.rows);
  firstGroup = pick(k.index(0), context.begin);
  endGroup = pick(k.index(groups), context.end);
}

Value mlir::beex::groupTaskItems(KernelBuilder &k, Value length, int64_t groups) {
  auto constant = [&](int64_t value) {
    return k.b.create<arith::ConstantOp>(k.loc, k.b.getIntegerAttr(length.getType(), value));
  };
  Value byRows = k.b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::uge, length,
                                           constant(kRowShareRows));
  return k.b.create<arith::SelectOp>(k.loc, byRows, length, constant(groups));
}

bool mlir::beex::defersActivation(const KernelFusion &fusion) {
  // A fused activation (tanh, sigmoid) is a long chain of dependent
  // instructions with a division. Between two tiles' popcount loops it
  // stalls them; applied afterwards to each row tile's outputs (in L1 or L2
  // by then) in a loop of its own, its chains overlap one another.
  return llvm::any_of(fusion.epilogue,
                      [](Operation *op) { return isa<math::TanhOp, SigmoidOp>(op); });
}

bool mlir::beex::splitsOutputGroups(BinaryLinearOp op, const KernelFusion &fusion,
                                    SignLayout layout) {
  return layout == SignLayout::Grouped && op.getActivations() == ActivationMode::binary &&
         !inputSignsArePositive(op) &&
         !llvm::is_contained(fusion.encodings, ActivationMode::binary) &&
         !fusion.encodesShortInput;
}

bool mlir::beex::inputSignsArePositive(BinaryLinearOp op) {
  // sigmoid's outputs are in [0, 1] (0 where exp(-v) overflows), and
  // sgn(0) = +1 (docs/math.md §2.1).
  return op.getActivations() == ActivationMode::binary &&
         ScratchPlan::resolve(op.getInput()).getDefiningOp<SigmoidOp>();
}

mlir::beex::LinearOperands::LinearOperands(BinaryLinearOp op, LoweringContext &context)
    : input(context.buffer(op.getInput())), output(context.buffer(op.getResult())),
      signs(context.buffer(op.getSigns())), alpha(context.buffer(op.getAlpha())),
      bias(context.buffer(op.getBias())),
      inputs(op.getInput().getType().getDimSize(1)),
      outputs(op.getType().getDimSize(1)) {}

void mlir::beex::prepareComputedLinears(LoweringContext &context) {
  unsigned each = rowEncodingTypes(context.k.b.getContext(), ActivationMode::binary, 0,
                                   /*lookupTables=*/false)
                      .size();
  unsigned first = context.temporaries.size() - each * context.fusion.computed.size();
  SmallVector<Value> own(ArrayRef(context.temporaries).take_front(first));
  for (const ComputedLinear &computed : context.fusion.computed) {
    // The computed linear's kernel would have seen this context, with its own
    // encoding flags and temporaries, over the same rows.
    LoweringContext as = context;
    as.temporaries.assign(context.temporaries.begin() + first,
                          context.temporaries.begin() + first + each);
    as.fusion = KernelFusion();
    if (computed.encodes)
      as.fusion.encodings.push_back(ActivationMode::binary);
    as.fusion.encodesShortInput = computed.encodesShortInput;
    BinaryLinearOp op = computed.op;
    context.computedBetas[op] = positiveInputBetas(
        as, context.buffer(op.getInput()), op.getInput().getType().getDimSize(1));
    first += each;
  }
  context.temporaries = own;
}

Value mlir::beex::computeLinear(LoweringContext &context, BinaryLinearOp op, Value row,
                                Value column, Value mask, Type like) {
  KernelBuilder &k = context.k;
  Value beta = k.scalar(context.computedBetas.lookup(op), {row});
  auto vector = dyn_cast<VectorType>(like);
  auto at = [&](Value buffer) {
    return vector ? k.load(vector, buffer, {column}, mask) : k.scalar(buffer, {column});
  };
  return scaleSums(k, at(context.buffer(op.getAlpha())), vector ? k.splat(vector, beta) : beta,
                   at(context.buffer(op.getSigns())), at(context.buffer(op.getBias())));
}

void mlir::beex::lowerBinaryLinear(BinaryLinearOp op, LoweringContext &context) {
  prepareComputedLinears(context);
  RowShape shape(op, context);
  switch (op.getActivations()) {
  case ActivationMode::binary:
    lowerBinaryActivations(op, context, shape);
    break;
  case ActivationMode::f32:
    // The row encoding is then the lookup tables (RowEncoding.cpp).
    if (context.k.f32Lookup)
      lowerF32Lookup(op, context);
    else
      lowerF32Activations(op, context, shape);
    break;
  case ActivationMode::int8:
    // Signs regrouped for dot products (interleaveSignsForDot).
    if (cast<MemRefType>(shape.signs.getType()).getDimSize(1) == kDotLanes * shape.words)
      lowerInt8Dot(op, context);
    else
      lowerInt8Activations(op, context, shape);
    break;
  }
}
