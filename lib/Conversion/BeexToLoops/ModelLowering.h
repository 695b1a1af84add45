//===- ModelLowering.h - One model function to its forward pass -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The state of convert-beex-to-loops for one model function. Its parts live
// in BeexToLoops.cpp (weights, fusion plan, op dispatch, the forward
// function) and ExitCascade.cpp (the early-exit decisions and the nesting of
// the layers after them).
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_CONVERSION_BEEXTOLOOPS_MODELLOWERING_H
#define BEEX_LIB_CONVERSION_BEEXTOLOOPS_MODELLOWERING_H

#include "Lowering.h"

#include <optional>

namespace mlir::beex {

/// The memref type of a tensor type.
MemRefType memrefFor(Type tensor);

/// The exit decision's state carried from one exit head to the next.
struct ExitState {
  Value previousEntropy; ///< f32
  Value run;             ///< i64: exits in a row with the same argmax
  Value previousArgmax;  ///< index
};

/// Lowers one model function: its weights to globals, its ops to kernel
/// calls on scratch views, its cascade to nested scf.if.
class ModelLowering {
public:
  ModelLowering(func::FuncOp model, KernelTarget target)
      : model(model), builder(model.getContext()), target(target) {}

  LogicalResult lower();

private:
  LogicalResult checkForm();
  Value global(arith::ConstantOp constant);
  memref::GlobalOp addGlobal(Location loc, Attribute value, MemRefType type);
  Value getGlobal(Location loc, memref::GlobalOp global, MemRefType type);
  std::pair<memref::GlobalOp, MemRefType> regroupedSigns(BinaryLinearOp linear);
  Value interleavedSigns(BinaryLinearOp linear);
  /// Whether `linear`'s kernel is lowerGroupedBinary: one output per lane.
  bool groupsOutputs(BinaryLinearOp linear);
  BinaryLinearOp outputEncoder(Value tensor);

  void planFusions();
  /// Makes `op` write its result over an operand that dies there, if one
  /// can be: an alias.
  bool overwriteOperand(Operation *op);
  Value encodedTensor(Operation *encoder) const;
  SmallVector<ScratchPlan::Temporary> temporariesOf(Operation *op);
  SmallVector<Value> temporaryViews(Operation *owner, unsigned first, unsigned count,
                                    KernelBuilder &k);

  Operation *readsEncodingOf(BinaryLinearOp linear) const;
  SmallVector<Value> encodingViews(BinaryLinearOp linear, KernelBuilder &k);
  SmallVector<BinaryLinearOp> linearsReadBy(Operation *op, const KernelFusion &fusion);
  void planComputedLinears(Operation *op);

  void bindResults(Operation *op, LoweringContext &context);
  LogicalResult lowerOp(Operation *op, LoweringContext &context);

  // The kernels that run as tasks (ParallelTasks.cpp).
  /// Kernels that run as one task (planJobs): each on items of its own, one
  /// op's after the other's, or all on the same rows, one after the other on
  /// each part (`sameRows`).
  struct Job {
    SmallVector<Operation *, 4> ops;
    bool sameRows = false;
  };
  bool isParallel(Operation *op) const;
  void planJobs();
  void addJob(const Job &job);
  void fitChain(const Job &chain, int64_t limit);
  int64_t plannedScratch(ArrayRef<std::pair<Operation *, Operation *>> spans);
  bool independent(ArrayRef<Operation *> job, Operation *op);
  /// Whether the items of `op`'s task are its rows at every length.
  bool splitsRows(Operation *op);
  SmallVector<Value> kernelReads(Operation *op);
  LogicalResult lowerTask(Operation *op, LoweringContext &forward);
  /// The items of the task of kernel `op` for `length` rows (i64 in the
  /// forward pass, index in a task).
  Value taskItems(Operation *op, KernelBuilder &k, Value length);
  /// A task that runs the kernels of `job` from item `firstItem` on
  /// (`items` in all), and the forward pass's call of it.
  LogicalResult emitTask(const Job &job, Value items, int64_t firstItem,
                         LoweringContext &forward);
  Value materialize(Value tensor, LoweringContext &context);
  func::FuncOp dispatchFunction();
  void defineTaskSwitch();
  MemRefType tokensType();
  MemRefType scratchType();
  MemRefType runType();
  LogicalResult lowerBlock(Block &block, LoweringContext &context);
  FailureOr<Value> lowerLayers(unsigned index, ExitState state,
                               LoweringContext &context);
  Value decide(int64_t layer, Value entropy, Value logits, ExitState &state,
               LoweringContext &context);

  func::FuncOp model;
  OpBuilder builder;
  KernelTarget target;
  /// The global of each constant, once made.
  llvm::DenseMap<Operation *, memref::GlobalOp> constantGlobals;
  /// The interleaved copy of each sign constant per SignLayout, once made.
  llvm::DenseMap<std::pair<Operation *, unsigned>, std::pair<memref::GlobalOp, MemRefType>>
      interleaved;
  /// What each kernel does besides its op, and the ops applied by the
  /// linear before them (the epilogues).
  llvm::DenseMap<Operation *, KernelFusion> fusions;
  llvm::SmallPtrSet<Operation *, 16> appliedByProducer;
  /// One row encoding per (tensor, activation mode) that linears read: the
  /// kernel that writes it and the last linear that reads it.
  struct SharedEncoding {
    Operation *encoder, *lastReader;
  };
  llvm::DenseMap<std::pair<Value, unsigned>, SharedEncoding> encodings;
  /// Each epilogue op's result, to its linear's (the plan puts them in one
  /// buffer).
  llvm::DenseMap<Value, Value> aliases;
  EarlyExitOp cascade;
  EmbedOp embed;
  /// Scalars (entropies) produced by lowered ops.
  llvm::DenseMap<Value, Value> scalars;
  /// Longest input, where each buffer lives, the kernels emitted so far.
  int64_t maxRows = 0;
  std::optional<ScratchPlan> plan;
  std::optional<KernelFunctions> kernels;
  int64_t scratchSize = 0;
  /// The ABI arguments of the forward function; `scratch` is the task's
  /// while a task is lowered.
  Value scratch, threshold, patience, fullDepth, logitsOut, entropiesOut, run, length;
  /// The task functions, in task-number order.
  SmallVector<func::FuncOp> tasks;
  /// Ops from the first to the second of each pair run at once: a job
  /// (planJobs), or a computed linear and its consumer (ComputedLinear).
  SmallVector<std::pair<Operation *, Operation *>> together;
  /// The jobs of more than one kernel, by their first op.
  llvm::DenseMap<Operation *, Job> jobs;
  /// The ops of those jobs after their first.
  llvm::SmallPtrSet<Operation *, 16> joined;
  int globals = 0;
};

} // namespace mlir::beex

#endif // BEEX_LIB_CONVERSION_BEEXTOLOOPS_MODELLOWERING_H
