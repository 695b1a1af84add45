//===- Lowering.h - Lowering beex ops to kernels ----------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the kernels of convert-beex-to-loops share: the buffers of the values
// already lowered, and one emitter per op family.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H
#define BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H

#include "KernelBuilder.h"
#include "ScratchPlan.h"

#include "dialects/beex/BeexOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::beex {

/// A positive-input binarized linear (inputSignsArePositive) whose outputs
/// the epilogue of a later linear's kernel computes where it needs them,
/// instead of a kernel of its own storing them for it to load: the SLFN's
/// gate fc2, whose only user is the product with the candidate's fc2. Output
/// j of row i is alpha_j beta_i sum_j + bias_j, from the per-output sums of
/// signs (signSums) and the beta of its input's row, which the later kernel
/// encodes where the gate's own would have (`encodes`, `encodesShortInput`
/// as in KernelFusion).
struct ComputedLinear {
  BinaryLinearOp op;
  bool encodes = false, encodesShortInput = false;
};

/// What a kernel does beyond its op's semantics; part of the identity of the
/// kernel's function.
struct KernelFusion {
  /// Elementwise ops a linear's kernel applies to its outputs as it stores
  /// them, in order, each the only user of the one before (the first, of the
  /// linear): a beex.sigmoid or math.tanh, or an arith.addf / arith.mulf whose
  /// other operand is computed before the kernel runs (the SLFN's product,
  /// the residual adds). The kernel stores the last one's result, in the
  /// linear's buffer; the others never exist.
  SmallVector<Operation *, 2> epilogue;
  /// The row encodings (RowEncoding.cpp) the kernel writes into its
  /// temporaries, in order: a LayerNorm's, of its output for the linears
  /// that read it; a linear's, of its input when it is the first reader.
  /// A linear that does not encode finds its input's encoding there.
  SmallVector<ActivationMode, 1> encodings;
  /// What a grouped binary linear with a fused sigmoid or tanh (the SLFN's
  /// first linears) writes of the binary encoding of its output, for the
  /// linears that read it, from its activation loop while each row is in L1:
  /// nothing, beta alone (its readers' inputs are all positive,
  /// inputSignsArePositive), or beta and the signs. It writes it when its
  /// share is of rows (GroupShare::byRows): otherwise no part has whole rows.
  enum class OutputEncoding { None, Scale, SignsAndScale };
  OutputEncoding outputEncoding = OutputEncoding::None;
  /// Whether the linear encodes its input itself only while its producer
  /// does not (OutputEncoding; below kRowShareRows rows).
  bool encodesShortInput = false;
  /// The linears whose outputs the epilogue computes (ComputedLinear); the
  /// buffers of their inputs' encodings are the kernel's last temporaries.
  SmallVector<ComputedLinear, 1> computed;
};

/// What a kernel is emitted with: the builder, the row count and the
/// buffers of its op's tensors and temporaries.
struct LoweringContext {
  KernelBuilder &k;
  /// The number of tokens S (index).
  Value rows;
  /// The share of the op's work this call does (index): rows [begin, end)
  /// of a row-parallel kernel, items [begin, end) of attention
  /// (attentionQueryTile). The other kernels (exit heads, pooling) run whole
  /// and ignore them. Calls with other ranges may run at the same time
  /// (ParallelTasks.cpp).
  Value begin, end;
  /// The memref holding each tensor value lowered so far.
  llvm::DenseMap<Value, Value> buffers;
  /// The op's temporaries (memref<N x i8> each).
  SmallVector<Value> temporaries;
  KernelFusion fusion;
  /// The betas of each ComputedLinear's input rows (prepareComputedLinears).
  llvm::DenseMap<Operation *, Value> computedBetas;

  Value buffer(Value tensor) const {
    return buffers.lookup(ScratchPlan::resolve(tensor));
  }
  /// Temporary `index` viewed as `type` (one dynamic row count).
  Value temporary(unsigned index, MemRefType type) {
    SmallVector<Value> sizes;
    if (type.getRank() > 0 && type.isDynamicDim(0))
      sizes.push_back(rows);
    return k.view(temporaries[index], 0, type, sizes);
  }
};

/// The target settings the kernels are lowered for (the pass options).
struct KernelTarget {
  unsigned vectorBits;
  bool widePopcount, scalable, int8Dot, f32Lookup;
};

/// Emits each op's kernel as a private function shared by every op with the
/// same name, attributes and buffer types, and calls it (KernelFunctions.cpp).
class KernelFunctions {
public:
  KernelFunctions(ModuleOp module, StringRef prefix, int64_t maxRows,
                  KernelTarget config)
      : module(module), prefix(prefix.str()), maxRows(maxRows), config(config) {}

  /// Calls the kernel of `op`, doing `fusion` as well, with the buffers
  /// `caller` holds for its tensors and `temporaries`.
  void call(Operation *op, LoweringContext &caller, ValueRange temporaries,
            const KernelFusion &fusion);

private:
  func::FuncOp define(Operation *op, FunctionType signature,
                      ArrayRef<Value> tensors, const KernelFusion &fusion);

  ModuleOp module;
  std::string prefix;
  int64_t maxRows;
  KernelTarget config;
  llvm::DenseMap<std::pair<Attribute, Type>, func::FuncOp> functions;
  llvm::StringMap<unsigned> counts;
};

/// Bits per packed sign word, and the words of a row of `columns` signs.
constexpr int64_t kSignWordBits = 64;
int64_t signWords(int64_t columns);

/// Outputs per vector register of the binary-activation kernel that keeps one
/// output per 64-bit lane, or 0 where the target counts bits of another width
/// or has scalable vectors (the kernel then reduces each dot product).
inline int64_t signGroup(const KernelTarget &target) {
  return target.widePopcount && !target.scalable
             ? std::max<int64_t>(2, target.vectorBits / 64)
             : 0;
}

/// How the kernel a target has for a linear's activation mode reads its
/// weight signs (InterleavedSigns.cpp).
enum class SignLayout {
  /// [N][W] words, as packed.
  RowMajor,
  /// One output per 64-bit lane: interleaveSigns.
  Grouped,
  /// One word per 16 outputs x 4 columns: interleaveSignsForDot.
  Dot,
  /// One 32-bit lane per output: interleaveSignsForLookup.
  Lookup,
  /// Not words but each output's sum of signs, as f32 (signSums): what a
  /// linear of positive inputs (inputSignsArePositive) reads on any target.
  Sums,
};
SignLayout signLayout(ActivationMode mode, const KernelTarget &target);

/// Whether a kernel with `fusion` applies its sigmoid or tanh in a loop of its
/// own over each finished row tile (lowerGroupedBinary) rather than as it
/// stores each output.
bool defersActivation(const KernelFusion &fusion);

/// Whether the task of `op` (with `fusion`, its signs in `layout`) may share
/// out groups of outputs rather than rows (GroupShare says when it does): the
/// binarized linear with one output per lane (signs grouped, binary
/// activations) that reads its input's encoding (written by the LayerNorm
/// before). A linear that encodes its own input keeps to rows: every part
/// would encode every row.
bool splitsOutputGroups(BinaryLinearOp op, const KernelFusion &fusion, SignLayout layout);
/// The rows and output groups of one call of a kernel that splitsOutputGroups.
/// Its task shares out the groups while S is short and the rows from
/// kRowShareRows rows on (groupTaskItems): a part of the groups streams only
/// its own outputs' weights, which pays at short lengths, while a part of
/// the rows reads and writes only rows its thread's other kernels touch, so
/// that no output crosses between the cores' caches to the next kernel.
/// Measured on 2 threads (W1A1, mean of bests): groups 15% faster at S = 16,
/// the same at S = 32, rows 2.5% faster at S = 64 and 1-5% at S = 128.
constexpr int64_t kRowShareRows = 64;
struct GroupShare {
  Value byRows, firstRow, endRow, firstGroup, endGroup;
  GroupShare(LoweringContext &context, int64_t groups);
};
/// Whether a call on `rows` rows (index) shares out rows (GroupShare).
Value sharesRows(KernelBuilder &k, Value rows);
/// The items of the task of a kernel that splitsOutputGroups, for `length`
/// rows (i64): `groups` while length < kRowShareRows, else the rows.
Value groupTaskItems(KernelBuilder &k, Value length, int64_t groups);

/// Whether every sign of `op`'s binarized input is +1 (its input is a
/// sigmoid's output), so that its dot products are per-output constants.
bool inputSignsArePositive(BinaryLinearOp op);

/// [N][W] sign words regrouped as [ceil(N/group)][W][group] (InterleavedSigns.cpp),
/// or null if `signs` holds no readable data.
DenseResourceElementsAttr interleaveSigns(ElementsAttr signs, int64_t group);
/// Each output's sum of signs over the `inputs` real columns of [N][W] sign
/// words, K - 2 popcount(w_j) (the padding bits are zero), as [N] f32: exact,
/// |K| < 2^24. Null if `signs` holds no readable data.
DenseResourceElementsAttr signSums(ElementsAttr signs, int64_t inputs);

/// Outputs per sign word in the layout of the int8 dot-product kernel: one
/// per 32-bit lane of 4 bytes.
constexpr int64_t kDotLanes = kSignWordBits / 4;

/// [N][W] sign words regrouped for 4-byte dot products into 32-bit lanes as
/// [ceil(N/16)][16W]: bit 4o + j of word t is the sign of output 16g + o at
/// column 4t + j. Null if `signs` holds no readable data.
DenseResourceElementsAttr interleaveSignsForDot(ElementsAttr signs);

/// Outputs per register of the f32 lookup kernel (LookupKernel.cpp): one per
/// f32 lane of a 512-bit register, which holds a whole 16-entry table.
constexpr int64_t kLookupLanes = 16;
/// Columns per table lookup, whose signs index the 16 entries.
constexpr int64_t kLookupColumns = 4;
/// The lookups (tables) of a row of `columns`: ceil(columns / 4).
int64_t lookupSteps(int64_t columns);

/// [N][W] sign words regrouped as 32-bit halves for the lookup kernel:
/// [ceil(N/16)][2W][16] i32, where lane o of block b holds bits 32b .. 32b + 31
/// of output 16g + o's signs, so its nibble j indexes the table of columns
/// 32b + 4j .. + 3. Null if `signs` holds no readable data.
DenseResourceElementsAttr interleaveSignsForLookup(ElementsAttr signs);

/// The profile name of the kernel that lowers `op` (linear_binary, attention,
/// rows, ...), or "" when no kernel lowers it.
std::string kernelClass(Operation *op);

/// A row's 64 values of word `word` of `memref[row]`, zero past `columns`.
Value loadWord(KernelBuilder &k, Value memref, Value row, Value word,
               int64_t columns, Type element);

/// The buffers (rows dynamic) of the encoding a `mode` linear reads of each
/// row of its `columns`-wide input (RowEncoding.cpp); `lookupTables` for
/// f32-activation linears on lookup tables (KernelTarget::f32Lookup).
SmallVector<MemRefType> rowEncodingTypes(MLIRContext *context, ActivationMode mode,
                                         int64_t columns, bool lookupTables);
/// beta of the binary encoding of `input[row]`: mean |x| over its `columns`.
Value binaryScale(KernelBuilder &k, Value input, Value row, int64_t columns);
/// Writes the `mode` encoding of `input[row]` into `buffers`.
void encodeRow(KernelBuilder &k, ActivationMode mode, Value input, Value row,
               int64_t columns, ArrayRef<Value> buffers);
/// The buffers of a `mode` encoding held in the context's temporaries from
/// index `first` on.
SmallVector<Value> rowEncoding(LoweringContext &context, unsigned first,
                               ActivationMode mode, int64_t columns);
/// Finishes row `row` of a binarized linear's `columns` outputs, `step` of
/// them at a time, by `finish` (which stores them and returns them, lanes
/// past the row masked), and writes the binary encoding of the finished row
/// into the context's last temporaries (KernelFusion::OutputEncoding): beta,
/// and with `signs` the signs, `step` (8 or 16) bits per store.
void finishAndEncodeRow(LoweringContext &context, Value row, int64_t columns,
                        int64_t step, bool signs,
                        function_ref<Value(Value row, Value column, Value mask)> finish);
/// A linear kernel's `mode` encoding of its `input` (its temporaries), which
/// it fills first unless another kernel did (KernelFusion::encodings): each
/// of its rows by `encode` if given (a kernel that reads only part of the
/// encoding), else by encodeRow.
SmallVector<Value>
inputEncoding(LoweringContext &context, Value input, ActivationMode mode, int64_t columns,
              function_ref<void(Value row, ArrayRef<Value> buffers)> encode = nullptr);

/// Queries per tile of the attention kernel on a target with `floatLanes`
/// f32 lanes: R. The kernel's items are [0, H), which transpose head h's
/// keys, then H + h T + t for query tile t of head h, queries
/// [t R, min(t R + R, S)), where T = ceil(S / R). The tiles read K^T: the
/// forward pass runs them as a task after the transposes' task.
int64_t attentionQueryTile(AttentionOp op, int64_t floatLanes);
/// T = ceil(S / R) for S = `length`, in its integer type (index in the
/// kernel, i64 in the forward pass).
Value attentionTilesPerHead(KernelBuilder &k, AttentionOp op, Value length);
/// The temporaries of the attention kernel: K^T.
SmallVector<int64_t> attentionTemporaries(AttentionOp op, int64_t maxRows);

/// The activation `activation` (beex.sigmoid or math.tanh) of `x`, a vector
/// or a scalar.
Value activate(KernelBuilder &k, Operation *activation, Value x);

/// `op` (arith.addf, arith.mulf, beex.sigmoid or math.tanh) of its operands
/// `x`, vectors or scalars.
Value elementwise(KernelBuilder &k, Operation *op, ValueRange x);

/// Encodes the input betas of the context's ComputedLinears as their own
/// kernels would have, and takes their temporaries off the context's.
void prepareComputedLinears(LoweringContext &context);
/// The outputs of ComputedLinear `op` at `row` and columns from `column`,
/// of the type of `like` (a vector, `mask` for its valid lanes, or a scalar).
Value computeLinear(LoweringContext &context, BinaryLinearOp op, Value row, Value column,
                    Value mask, Type like);

/// `y`, the outputs of `producer` at `row` and columns from `column` (a
/// vector, `mask` for its valid lanes, or a scalar), after the context's
/// epilogue (KernelFusion).
Value applyEpilogue(LoweringContext &context, Operation *producer, Value y,
                    Value row, Value column, Value mask);

/// Runs `rowTile(firstRow, rows)` over rows [begin, end) in whole tiles of
/// `tileRows` rows, then the rows left in tiles of halving sizes (3 rows
/// of a 4-row tile: 2, then 1). A tile streams the weights once for all
/// its rows: the rows left one by one made W1A1 S = 31 slower than S = 32,
/// and a tile of 2 costs about 2 rows of a whole tile where 2 rows alone
/// cost 3.3 (the 768 -> 768 kernel alone).
void forEachRowTile(KernelBuilder &k, Value begin, Value end, int64_t tileRows,
                    function_ref<void(Value firstRow, int64_t rows)> rowTile);

/// A tile of a kernel with one output per vector lane: rows [firstRow,
/// +rows) x `groups` registers of outputs from group `firstGroup`, of which
/// the last has `valid` real outputs.
using GroupTile = function_ref<void(Value firstRow, int64_t rows, Value firstGroup,
                                    int64_t groups, int64_t valid)>;
/// Covers S rows x `outputs` with tiles of up to 4 rows x `tileGroups`
/// groups of `group` outputs (16 accumulators when a group is one
/// register): whole tiles, then the groups and rows left over. The share
/// [context.begin, context.end) is of rows, or `share`'s rows and groups
/// (of ceil(outputs / group)) when the task shares out groups. `rowsDone`,
/// if given, runs after each tile of rows has all of the share's groups.
void forEachGroupTile(LoweringContext &context, int64_t outputs, int64_t group,
                      const GroupTile &tile, int64_t tileGroups = 4,
                      const GroupShare *share = nullptr,
                      function_ref<void(Value firstRow, int64_t rows)> rowsDone = nullptr);

/// A binarized linear's buffers and sizes, as every kernel of it reads them:
/// K = `inputs`, N = `outputs`.
struct LinearOperands {
  LinearOperands(BinaryLinearOp op, LoweringContext &context);
  Value input, output, signs, alpha, bias;
  int64_t inputs, outputs;
};

void lowerBinaryLinear(BinaryLinearOp op, LoweringContext &context);
/// The int8-activation linear on 4-byte dot-product instructions (vpdpbusd
/// on AVX-512 VNNI or AVX-VNNI, sdot on AArch64), with signs from
/// interleaveSignsForDot.
void lowerInt8Dot(BinaryLinearOp op, LoweringContext &context);
/// The f32-activation linear on 16-entry table lookups (AVX-512 vpermps),
/// with signs from interleaveSignsForLookup.
void lowerF32Lookup(BinaryLinearOp op, LoweringContext &context);
void lowerAttention(AttentionOp op, LoweringContext &context);
void lowerEmbed(EmbedOp op, LoweringContext &context);
void lowerLayerNorm(LayerNormOp op, LoweringContext &context);
/// arith.addf, arith.mulf, math.tanh and beex.sigmoid over rows.
void lowerElementwise(Operation *op, LoweringContext &context);
void lowerPool(PoolOp op, LoweringContext &context);
void lowerExitClassifier(ExitClassifierOp op, LoweringContext &context);
/// Returns the entropy as an f32 value.
Value lowerEntropy(EntropyOp op, LoweringContext &context);

} // namespace mlir::beex

#endif // BEEX_CONVERSION_BEEXTOLOOPS_LOWERING_H
