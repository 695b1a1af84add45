//===- ScratchPlan.cpp - Where each intermediate lives in scratch ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ScratchPlan.h"

#include "dialects/beex/BeexOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::beex;

int64_t mlir::beex::scratchBytes(ShapedType type, int64_t maxRows) {
  int64_t elements = 1;
  for (int64_t size : type.getShape())
    elements *= ShapedType::isDynamic(size) ? maxRows : size;
  int64_t bytes = elements * type.getElementTypeBitWidth() / 8;
  return llvm::alignTo(bytes, kScratchAlignment);
}

Value ScratchPlan::resolve(Value value) {
  auto argument = dyn_cast<BlockArgument>(value);
  if (!argument)
    return value;
  auto cascade = dyn_cast<EarlyExitOp>(argument.getOwner()->getParentOp());
  if (!cascade)
    return value;
  unsigned layer = argument.getOwner()->getParent()->getRegionNumber();
  if (layer == 0)
    return resolve(cascade.getInput());
  auto yield = cast<YieldOp>(cascade.getLayers()[layer - 1].front().getTerminator());
  return resolve(yield.getNext());
}

int64_t ScratchPlan::allocate(int64_t bytes) {
  for (auto *block = freeBlocks.begin(); block != freeBlocks.end(); ++block) {
    if (block->second < bytes)
      continue;
    int64_t offset = block->first;
    block->first += bytes;
    block->second -= bytes;
    if (block->second == 0)
      freeBlocks.erase(block);
    return offset;
  }
  int64_t offset = total;
  total += bytes;
  return offset;
}

void ScratchPlan::release(int64_t offset, int64_t bytes) {
  auto *position = llvm::lower_bound(
      freeBlocks, std::make_pair(offset, int64_t(0)));
  position = freeBlocks.insert(position, {offset, bytes});
  // Merge with the neighbours so large buffers fit again.
  size_t index = position - freeBlocks.begin();
  if (index + 1 < freeBlocks.size() &&
      freeBlocks[index].first + freeBlocks[index].second ==
          freeBlocks[index + 1].first) {
    freeBlocks[index].second += freeBlocks[index + 1].second;
    freeBlocks.erase(freeBlocks.begin() + index + 1);
  }
  if (index > 0 && freeBlocks[index - 1].first + freeBlocks[index - 1].second ==
                       freeBlocks[index].first) {
    freeBlocks[index - 1].second += freeBlocks[index].second;
    freeBlocks.erase(freeBlocks.begin() + index);
  }
}

Value ScratchPlan::owner(Value value, const llvm::DenseMap<Value, Value> &aliases) {
  Value resolved = resolve(value);
  Value aliased = aliases.lookup(resolved);
  return aliased ? aliased : resolved;
}

ScratchPlan::ScratchPlan(func::FuncOp function, int64_t maxRows,
                         const Temporaries &temporaries,
                         const llvm::DenseMap<Value, Value> &aliases,
                         ArrayRef<std::pair<Operation *, Operation *>> together)
    : aliases(aliases) {
  // Execution order: the cascade's regions run one after the other, so a
  // pre-order walk is the order ops run in.
  llvm::DenseMap<Operation *, int64_t> position;
  SmallVector<Operation *> order;
  function.walk<WalkOrder::PreOrder>([&](Operation *op) {
    position[op] = order.size();
    order.push_back(op);
  });
  // Ops that run at the same time all take the position of the last. Spans
  // that overlap (a job whose kernel computes a linear in its epilogue, after
  // that linear's own span) run at the same time as one another: merged.
  SmallVector<std::pair<int64_t, int64_t>> spans;
  for (auto [first, last] : together)
    spans.push_back({position[first], position[last]});
  llvm::sort(spans);
  for (size_t at = 0; at < spans.size();) {
    auto [begin, end] = spans[at];
    for (++at; at < spans.size() && spans[at].first <= end; ++at)
      end = std::max(end, spans[at].second);
    for (int64_t index = begin; index < end; ++index)
      position[order[index]] = end;
  }

  // A dequantized table is never materialized: the embedding's gather reads
  // its codes (lowerEmbed).
  auto needsBuffer = [&](Value value) {
    return isa<RankedTensorType>(value.getType()) && !aliases.count(value) &&
           !value.getDefiningOp<arith::ConstantOp>() &&
           !value.getDefiningOp<DequantizeOp>() &&
           !isa<BlockArgument>(value) && !value.getDefiningOp<EarlyExitOp>();
  };
  llvm::DenseMap<Value, int64_t> lastUse;
  for (Operation *op : order)
    for (Value operand : op->getOperands())
      if (needsBuffer(owner(operand, aliases)))
        lastUse[owner(operand, aliases)] = position[op];

  // Buffers that die at each position, freed before the next op allocates.
  llvm::DenseMap<int64_t, SmallVector<std::pair<int64_t, int64_t>>> dying;
  int64_t released = 0; // the positions whose dead buffers are free again
  for (Operation *op : order) {
    int64_t here = position[op];
    for (; released < here; ++released)
      if (auto found = dying.find(released); found != dying.end())
        for (auto [offset, bytes] : found->second)
          release(offset, bytes);
    for (Temporary temporary : temporaries(op)) {
      int64_t rounded = llvm::alignTo(temporary.bytes, kScratchAlignment);
      int64_t offset = allocate(rounded);
      temporaryOffsets[op].push_back(offset);
      int64_t last = temporary.lastUser ? position.lookup(temporary.lastUser) : here;
      dying[std::max(here, last)].push_back({offset, rounded});
    }
    for (Value result : op->getResults()) {
      if (!needsBuffer(result))
        continue;
      int64_t bytes = scratchBytes(cast<ShapedType>(result.getType()), maxRows);
      int64_t offset = allocate(bytes);
      offsets[result] = offset;
      dying[std::max(here, lastUse.lookup(result))].push_back({offset, bytes});
    }
  }
}

int64_t ScratchPlan::offsetOf(Value value) const {
  return offsets.lookup(owner(value, aliases));
}
