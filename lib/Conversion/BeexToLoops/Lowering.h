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

/// What a kernel is emitted with: the builder, the row count and the
/// buffers of its op's tensors and temporaries.
struct LoweringContext {
  KernelBuilder &k;
  /// The number of tokens S (index).
  Value rows;
  /// The memref holding each tensor value lowered so far.
  llvm::DenseMap<Value, Value> buffers;
  /// The op's temporaries (memref<N x i8> each), in kernelTemporaries order.
  SmallVector<Value> temporaries;
  /// A beex.sigmoid or math.tanh fused into a linear kernel: the kernel
  /// stores activate(y) (into the activation's result buffer), or null.
  Operation *activation = nullptr;

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

/// Which settings a KernelBuilder was made with, to make another.
struct KernelTarget {
  unsigned vectorBits;
  bool widePopcount, scalable;
};

/// Emits each op's kernel as a private function shared by every op with the
/// same name, attributes and buffer types, and calls it (KernelFunctions.cpp).
class KernelFunctions {
public:
  KernelFunctions(ModuleOp module, StringRef prefix, int64_t maxRows,
                  KernelTarget config)
      : module(module), prefix(prefix.str()), maxRows(maxRows), config(config) {}

  /// Calls the kernel of `op` with the buffers `caller` holds for its tensors
  /// and `temporaries`; the kernel applies `activation` (if not null, see
  /// LoweringContext) to what it stores.
  void call(Operation *op, LoweringContext &caller, ValueRange temporaries,
            Operation *activation = nullptr);

private:
  func::FuncOp define(Operation *op, FunctionType signature,
                      ArrayRef<Value> tensors, Operation *activation);

  ModuleOp module;
  std::string prefix;
  int64_t maxRows;
  KernelTarget config;
  llvm::DenseMap<std::pair<Attribute, Type>, func::FuncOp> functions;
  llvm::StringMap<unsigned> counts;
};

/// Outputs per vector register of the binary-activation kernel that keeps one
/// output per 64-bit lane, or 0 where the target counts bits of another width
/// or has scalable vectors (the kernel then reduces each dot product).
inline int64_t signGroup(const KernelTarget &target) {
  return target.widePopcount && !target.scalable
             ? std::max<int64_t>(2, target.vectorBits / 64)
             : 0;
}

/// [N][W] sign words regrouped as [ceil(N/group)][W][group] (InterleavedSigns.cpp),
/// or null if `signs` holds no readable data.
DenseResourceElementsAttr interleaveSigns(ElementsAttr signs, int64_t group);

/// The profile name of the kernel that lowers `op` (linear_binary, attention,
/// rows, ...), or "" when no kernel lowers it.
std::string kernelClass(Operation *op);

/// The temporaries (bytes) each op's kernel needs for `maxRows` tokens.
SmallVector<int64_t> kernelTemporaries(Operation *op, int64_t maxRows);

/// The temporaries of the attention kernel: K^T and a tile of probabilities.
SmallVector<int64_t> attentionTemporaries(AttentionOp op, int64_t maxRows);

/// The activation `activation` (beex.sigmoid or math.tanh) of `x`, a vector
/// or a scalar.
Value activate(KernelBuilder &k, Operation *activation, Value x);

void lowerBinaryLinear(BinaryLinearOp op, LoweringContext &context);
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
