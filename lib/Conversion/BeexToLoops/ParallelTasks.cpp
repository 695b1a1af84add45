//===- ParallelTasks.cpp - Kernels that may run on several threads --------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every kernel whose work splits into independent parts runs as a task: the
// row kernels (embedding, LayerNorm, linears, elementwise rows) by rows, the
// AVX-512 binarized linears that read a LayerNorm's encoding by groups of
// outputs at short lengths (splitsOutputGroups, GroupShare), and attention
// as two tasks, its heads' key transposes and then its query tiles.
// Independent linears that follow one another (Q, K and V; the SLFN's first
// two) share one task, their items one after the other, and a LayerNorm runs
// in the task of the kernel that writes its input, on the same rows
// (planJobs). The forward pass does not call such a kernel; it calls
//
//   beex_parallel_task(run, task, items)
//
// in the runtime, which calls the exported `<model>_task(tokens, length,
// scratch, task, begin, end)` for parts [begin, end) of the `items`, on one
// thread or on several at once through the caller's parallel-for
// (runtime/include/beex/runtime.h). `<model>_task` switches on the task
// number to the task's function, which finds its buffers again at their
// planned scratch offsets and calls the kernel on its part.
//
// A part computes whole rows (heads, outputs), each exactly as the serial
// pass computes it: no sum crosses a part's boundary, so the results do not depend
// on how the work is split, and threaded runs equal serial ones bit for bit.
// The exit heads, pooling and the decisions stay in the forward pass: they
// are a few hundred multiplies.
//
//===----------------------------------------------------------------------===//

#include "ModelLowering.h"

#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace mlir::beex;

namespace {
/// The runtime function the forward pass calls for a task.
constexpr StringLiteral kDispatchName = "beex_parallel_task";
} // namespace

MemRefType ModelLowering::tokensType() {
  return MemRefType::get({maxRows}, builder.getI32Type());
}

MemRefType ModelLowering::scratchType() {
  return MemRefType::get({scratchSize}, builder.getI8Type());
}

/// The runtime's state of one run, opaque to the generated code: one byte,
/// so that it crosses the C ABI as a bare pointer.
MemRefType ModelLowering::runType() {
  return MemRefType::get({1}, builder.getI8Type());
}

bool ModelLowering::isParallel(Operation *op) const {
  std::string kind = kernelClass(op);
  return !kind.empty() && kind != "exit" && !appliedByProducer.contains(op);
}

func::FuncOp ModelLowering::dispatchFunction() {
  auto module = model->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(kDispatchName))
    return existing;
  OpBuilder moduleBuilder = OpBuilder::atBlockBegin(module.getBody());
  Type i64 = builder.getI64Type();
  auto declaration = moduleBuilder.create<func::FuncOp>(
      model.getLoc(), kDispatchName, builder.getFunctionType({runType(), i64, i64}, {}));
  declaration.setPrivate();
  return declaration;
}

/// The buffer of `tensor` in the function `context` builds: a weight's
/// global, or its view of scratch.
Value ModelLowering::materialize(Value tensor, LoweringContext &context) {
  Value resolved = ScratchPlan::resolve(tensor);
  if (Value known = context.buffers.lookup(resolved))
    return known;
  Value buffer;
  if (auto constant = resolved.getDefiningOp<arith::ConstantOp>()) {
    buffer = global(constant);
  } else {
    auto type = cast<RankedTensorType>(resolved.getType());
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0))
      sizes.push_back(context.rows);
    buffer = context.k.view(scratch, plan->offsetOf(resolved), memrefFor(type), sizes);
  }
  context.buffers[resolved] = buffer;
  return buffer;
}

/// Kernels that follow one another run as one job, one wait for the threads
/// instead of several (2.4 us each on 2 threads of this VM):
///  - a LayerNorm and the kernel that writes its input, both with their rows
///    as items at every length (splitsRows), run on the same rows, one after
///    the other on each part: the LayerNorm reads the rows the same thread
///    has just written (the embedding's, the out-projection's and the SLFN
///    last linear's). Longer chains of row kernels (the int8 and f32 SLFN)
///    measured no faster on 2 threads and 3% slower on 1 (W1A32);
///  - independent linears (Q, K and V; the SLFN's two first linears) run
///    on items of their own, the first's, then the second's, and so on.
/// What any kernel of a job uses stays in scratch until all are done, so a
/// job can need more scratch than its kernels one by one. A LayerNorm joins
/// its kernel only where the scratch stays as small (fitChain): threads must
/// not cost memory.
void ModelLowering::planJobs() {
  SmallVector<Job> chains;
  model.walk([&](Block *block) {
    Job job;
    auto close = [&] {
      if (job.ops.size() > 1 && job.sameRows)
        chains.push_back(job);
      else if (job.ops.size() > 1)
        addJob(job);
      job = Job();
    };
    for (Operation &op : *block) {
      // Applied by their linear's kernel, or buffers only: no code between.
      if (appliedByProducer.contains(&op) || isa<arith::ConstantOp>(op))
        continue;
      if (!isParallel(&op)) {
        close();
        continue;
      }
      bool linears = isa<BinaryLinearOp>(op) && llvm::all_of(job.ops, [](Operation *member) {
                       return isa<BinaryLinearOp>(member);
                     });
      if (isa<LayerNormOp>(op) && job.ops.size() == 1 && splitsRows(job.ops.front()) &&
          !independent(job.ops, &op))
        job.sameRows = true; // normalizes the rows its kernel writes
      else if (job.ops.empty() || !linears || !independent(job.ops, &op))
        close();
      job.ops.push_back(&op);
    }
    close();
  });
  int64_t limit = plannedScratch(together);
  for (const Job &chain : chains)
    fitChain(chain, limit);
}

void ModelLowering::addJob(const Job &job) {
  joined.insert(job.ops.begin() + 1, job.ops.end());
  together.push_back({job.ops.front(), job.ops.back()});
  jobs[job.ops.front()] = job;
}

/// Adds `chain`, a kernel and the LayerNorm of its result, as a job if the
/// scratch stays within `limit` bytes.
void ModelLowering::fitChain(const Job &chain, int64_t limit) {
  SmallVector<std::pair<Operation *, Operation *>> spans(together);
  spans.push_back({chain.ops.front(), chain.ops.back()});
  auto fits = [&] { return plannedScratch(spans) <= limit; };
  // The LayerNorm can write over its input, which no other thread reads in a
  // job on the same rows. That can also cost bytes elsewhere (what the
  // first-fit plan does with the longer life), so only where it is needed.
  Value norm = chain.ops.back()->getResult(0);
  bool fitted = fits();
  if (!fitted && overwriteOperand(chain.ops.back())) {
    fitted = fits();
    if (!fitted)
      aliases.erase(norm);
  }
  if (fitted)
    addJob(chain);
}

int64_t ModelLowering::plannedScratch(ArrayRef<std::pair<Operation *, Operation *>> spans) {
  return ScratchPlan(
             model, maxRows, [&](Operation *op) { return temporariesOf(op); }, aliases,
             spans)
      .totalBytes();
}

bool ModelLowering::splitsRows(Operation *op) {
  if (isa<AttentionOp>(op))
    return false;
  auto linear = dyn_cast<BinaryLinearOp>(op);
  return !linear || !groupsOutputs(linear) ||
         !splitsOutputGroups(linear, fusions.lookup(op), SignLayout::Grouped);
}

/// Whether `op` reads nothing that the kernels of `job` write: their results
/// (and their epilogues', in the same buffers) and encodings.
bool ModelLowering::independent(ArrayRef<Operation *> job, Operation *op) {
  auto owner = [&](Value value) { return ScratchPlan::owner(value, aliases); };
  llvm::DenseSet<Value> written;
  for (Operation *member : job)
    for (Value result : member->getResults())
      written.insert(owner(result));
  if (llvm::any_of(kernelReads(op), [&](Value read) { return written.contains(owner(read)); }))
    return false;
  auto linear = dyn_cast<BinaryLinearOp>(op);
  return !linear || !llvm::is_contained(job, readsEncodingOf(linear));
}

/// The tensors the kernel of `op` reads: its operands, those of the linears
/// its epilogue computes (ComputedLinear) and the other operands of its
/// epilogue.
SmallVector<Value> ModelLowering::kernelReads(Operation *op) {
  KernelFusion fusion = fusions.lookup(op);
  SmallVector<Value> reads(op->getOperands());
  for (const ComputedLinear &computed : fusion.computed)
    llvm::append_range(reads, computed.op->getOperands());
  for (Operation *fused : fusion.epilogue)
    llvm::append_range(reads, fused->getOperands());
  return reads;
}

Value ModelLowering::taskItems(Operation *op, KernelBuilder &k, Value length) {
  if (splitsRows(op))
    return length;
  auto linear = cast<BinaryLinearOp>(op);
  return groupTaskItems(k, length,
                        llvm::divideCeil(linear.getType().getDimSize(1), signGroup(target)));
}

LogicalResult ModelLowering::lowerTask(Operation *op, LoweringContext &forward) {
  KernelBuilder &k = forward.k;
  Job job = jobs.lookup(op);
  if (job.ops.empty())
    job.ops.push_back(op);
  // Later kernels in the forward pass (the exit heads) read the results.
  for (Operation *member : job.ops)
    bindResults(member, forward);
  if (auto attention = dyn_cast<AttentionOp>(op)) {
    // Two tasks, the transposes and then the query tiles that read them
    // (attentionQueryTile), numbered on from the H transposes.
    int64_t heads = attention.getNumHeads();
    Value tiles = attentionTilesPerHead(k, attention, length);
    if (failed(emitTask(job, k.i64(heads), 0, forward)))
      return failure();
    return emitTask(job, k.b.create<arith::MulIOp>(k.loc, tiles, k.i64(heads)), heads,
                    forward);
  }
  Value items = taskItems(op, k, length);
  if (!job.sameRows)
    for (Operation *member : ArrayRef(job.ops).drop_front())
      items = k.b.create<arith::AddIOp>(k.loc, items, taskItems(member, k, length));
  return emitTask(job, items, 0, forward);
}

LogicalResult ModelLowering::emitTask(const Job &job, Value items, int64_t firstItem,
                                      LoweringContext &forward) {
  ArrayRef<Operation *> ops = job.ops;
  Operation *op = ops.front();
  KernelBuilder &k = forward.k;
  int64_t number = tasks.size();
  Type i64 = builder.getI64Type();
  k.b.create<func::CallOp>(k.loc, dispatchFunction(),
                           ValueRange{run, k.i64(number), items});

  OpBuilder::InsertionGuard guard(builder);
  auto module = model->getParentOfType<ModuleOp>();
  builder.setInsertionPointToEnd(module.getBody());
  auto task = builder.create<func::FuncOp>(
      op->getLoc(), (model.getSymName() + "_task_" + Twine(number)).str(),
      builder.getFunctionType({tokensType(), i64, scratchType(), i64, i64}, {}));
  task.setPrivate();
  SymbolTable(module).insert(task);
  tasks.push_back(task);
  Block *entry = task.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  KernelBuilder taskBuilder(builder, op->getLoc(), target.vectorBits,
                            target.widePopcount, target.scalable, target.f32Lookup);
  auto item = [&](unsigned argument) {
    Value index = taskBuilder.toIndex(entry->getArgument(argument));
    if (firstItem)
      index = builder.create<arith::AddIOp>(op->getLoc(), index,
                                            taskBuilder.index(firstItem));
    return index;
  };
  LoweringContext context{taskBuilder,
                          taskBuilder.toIndex(entry->getArgument(1)),
                          item(3),
                          item(4),
                          llvm::DenseMap<Value, Value>(),
                          {},
                          {},
                          llvm::DenseMap<Operation *, Value>()};
  context.buffers[model.getArgument(0)] = entry->getArgument(0);
  Value forwardScratch = scratch;
  scratch = entry->getArgument(2);
  // What the kernels read (a dequantized table: its codes and scales).
  for (Operation *member : ops) {
    for (Value read : kernelReads(member)) {
      if (auto table = read.getDefiningOp<DequantizeOp>()) {
        materialize(table.getCodes(), context);
        materialize(table.getScales(), context);
      } else if (isa<RankedTensorType>(read.getType()) &&
                 !llvm::is_contained(member->getResults(), read)) {
        materialize(read, context);
      }
    }
  }
  LogicalResult lowered = success();
  if (job.sameRows || ops.size() == 1) {
    for (Operation *member : ops)
      if (failed(lowerOp(member, context)))
        lowered = failure();
  } else {
    // Each kernel runs on the part of [begin, end) among its items, if any.
    Value begin = context.begin, end = context.end, first = taskBuilder.index(0);
    for (Operation *member : ops) {
      Value count = taskItems(member, taskBuilder, context.rows);
      Value last = builder.create<arith::AddIOp>(op->getLoc(), first, count);
      auto clamp = [&](Value item) {
        Value inside = builder.create<arith::MinUIOp>(
            op->getLoc(), builder.create<arith::MaxUIOp>(op->getLoc(), item, first), last);
        return builder.create<arith::SubIOp>(op->getLoc(), inside, first).getResult();
      };
      context.begin = clamp(begin);
      context.end = clamp(end);
      taskBuilder.ifThen(builder.create<arith::CmpIOp>(op->getLoc(), arith::CmpIPredicate::ult,
                                                       context.begin, context.end),
                         [&] {
                           if (failed(lowerOp(member, context)))
                             lowered = failure();
                         });
      first = last;
    }
  }
  scratch = forwardScratch;
  builder.create<func::ReturnOp>(op->getLoc());
  return lowered;
}

/// `<model>_task(tokens, length, scratch, task, begin, end)`, the entry the
/// runtime calls: task `task` on parts [begin, end).
void ModelLowering::defineTaskSwitch() {
  auto module = model->getParentOfType<ModuleOp>();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  Location loc = model.getLoc();
  Type i64 = builder.getI64Type();
  auto entryPoint = builder.create<func::FuncOp>(
      loc, (model.getSymName() + "_task").str(),
      builder.getFunctionType({tokensType(), i64, scratchType(), i64, i64, i64}, {}));
  SymbolTable(module).insert(entryPoint);
  Block *entry = entryPoint.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  ValueRange arguments = entry->getArguments();
  Value number = builder.create<arith::IndexCastOp>(loc, builder.getIndexType(), arguments[3]);
  SmallVector<int64_t> cases = llvm::to_vector(llvm::seq<int64_t>(0, tasks.size()));
  auto taskSwitch =
      builder.create<scf::IndexSwitchOp>(loc, TypeRange(), number, cases, cases.size());
  for (auto [region, task] : llvm::zip(taskSwitch.getCaseRegions(), tasks)) {
    builder.setInsertionPointToStart(&region.emplaceBlock());
    builder.create<func::CallOp>(loc, task,
                                 ValueRange{arguments[0], arguments[1], arguments[2],
                                            arguments[4], arguments[5]});
    builder.create<scf::YieldOp>(loc);
  }
  builder.setInsertionPointToStart(&taskSwitch.getDefaultRegion().emplaceBlock());
  builder.create<scf::YieldOp>(loc);
  builder.setInsertionPointAfter(taskSwitch);
  builder.create<func::ReturnOp>(loc);
}
