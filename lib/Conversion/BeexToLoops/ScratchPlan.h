//===- ScratchPlan.h - Where each intermediate lives in scratch -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Compiled models allocate nothing: every intermediate tensor and kernel
// temporary lives at a byte offset of the caller's scratch buffer fixed at
// compile time for the longest input. Offsets come from a linear scan over the
// ops in execution order that reuses the memory of values that are dead.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_BEEXTOLOOPS_SCRATCHPLAN_H
#define BEEX_CONVERSION_BEEXTOLOOPS_SCRATCHPLAN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>

namespace mlir::beex {

/// Alignment of every block of scratch (a cache line; the widest vector).
constexpr int64_t kScratchAlignment = 64;

class ScratchPlan {
public:
  /// A block of scratch an op's kernel uses besides its results: `bytes`,
  /// kept until `lastUser` has run (the op itself when null), for kernels
  /// after it that read what it left there.
  struct Temporary {
    int64_t bytes;
    Operation *lastUser = nullptr;
  };
  /// The temporaries of each op (none by default).
  using Temporaries = std::function<SmallVector<Temporary>(Operation *)>;

  /// Plans every tensor value computed in `function` (not constants, nor
  /// dequantized tables) with
  /// `maxRows` rows for its dynamic dimension, and the temporaries of each op.
  /// A value in `aliases` has no buffer of its own: it lives in the buffer of
  /// the value it maps to, which stays allocated until the alias's last use.
  /// The ops from `first` to `last` of each of `together` (in one block) run
  /// at the same time: what any of them uses stays until all are done.
  ScratchPlan(func::FuncOp function, int64_t maxRows,
              const Temporaries &temporaries,
              const llvm::DenseMap<Value, Value> &aliases,
              ArrayRef<std::pair<Operation *, Operation *>> together = {});

  /// The offset of `value`, following region arguments of the early-exit
  /// cascade to the value that flows into them.
  int64_t offsetOf(Value value) const;
  int64_t temporaryOffset(Operation *op, unsigned index) const {
    return temporaryOffsets.lookup(op)[index];
  }
  int64_t totalBytes() const { return total; }

  /// The value whose buffer `value` shares (itself unless it is a region
  /// argument of the cascade).
  static Value resolve(Value value);
  /// The buffer's owner for `value`: resolve() and then `aliases` (as the
  /// plan's constructor takes them).
  static Value owner(Value value, const llvm::DenseMap<Value, Value> &aliases);

private:
  int64_t allocate(int64_t bytes);
  void release(int64_t offset, int64_t bytes);

  llvm::DenseMap<Value, Value> aliases;
  llvm::DenseMap<Value, int64_t> offsets;
  llvm::DenseMap<Operation *, SmallVector<int64_t>> temporaryOffsets;
  /// Free blocks as (offset, bytes), sorted by offset.
  SmallVector<std::pair<int64_t, int64_t>> freeBlocks;
  int64_t total = 0;
};

/// Bytes of a tensor of `type` with `maxRows` for a dynamic dimension,
/// rounded up to the scratch alignment.
int64_t scratchBytes(ShapedType type, int64_t maxRows);

} // namespace mlir::beex

#endif // BEEX_CONVERSION_BEEXTOLOOPS_SCRATCHPLAN_H
