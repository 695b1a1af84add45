//===- BeexToLoops.cpp - A beex model function as a compiled forward pass -===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Conversion/Passes.h"

#include "ModelLowering.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

#include <limits>

namespace mlir::beex {
#define GEN_PASS_DEF_CONVERTBEEXTOLOOPS
#include "beex/Conversion/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;
using namespace mlir::beex;

MemRefType mlir::beex::memrefFor(Type tensor) {
  auto shaped = cast<ShapedType>(tensor);
  return MemRefType::get(shaped.getShape(), shaped.getElementType());
}

namespace {
/// The elementwise ops the kernel of linear `op` can apply as it stores
/// (KernelFusion::epilogue): while the value so far has one user in the same
/// block, that user if it is
/// - beex.sigmoid or math.tanh, only in the kernels with one output per lane
///   (the interleaved sign layouts): they store whole registers, while the
///   others store one output at a time, where a scalar tanh per output costs
///   more than the separate vector pass (W1A32 at S=128: 614 -> 801 ms when
///   fused);
/// - arith.addf or arith.mulf whose other operand exists before `op` runs.
SmallVector<Operation *, 2> fusableEpilogue(Operation *op, const KernelTarget &target) {
  SmallVector<Operation *, 2> epilogue;
  auto linear = dyn_cast<BinaryLinearOp>(op);
  if (!linear)
    return epilogue;
  bool wholeRegisters = signLayout(linear.getActivations(), target) != SignLayout::RowMajor;
  Value value = op->getResult(0);
  while (value.hasOneUse()) {
    Operation *user = *value.getUsers().begin();
    if (user->getBlock() != op->getBlock())
      break;
    if (isa<SigmoidOp, math::TanhOp>(user)) {
      if (!wholeRegisters)
        break;
    } else if (isa<arith::AddFOp, arith::MulFOp>(user)) {
      Value other = user->getOperand(user->getOperand(0) == value ? 1 : 0);
      Operation *definer = ScratchPlan::resolve(other).getDefiningOp();
      if (other == value || (definer && definer->getBlock() == op->getBlock() &&
                             !definer->isBeforeInBlock(op)))
        break;
    } else {
      break;
    }
    epilogue.push_back(user);
    value = user->getResult(0);
  }
  return epilogue;
}

} // namespace

LogicalResult ModelLowering::checkForm() {
  auto fail = [&](const Twine &message) {
    return model.emitError() << "cannot compile @" << model.getSymName() << ": "
                             << message;
  };
  if (!model.getBody().hasOneBlock() || model.getNumArguments() != 1)
    return fail("a model function takes one tensor<?xi32> of token ids");
  auto returned = dyn_cast<func::ReturnOp>(model.getBody().front().getTerminator());
  cascade = returned && returned.getNumOperands() == 3
                ? returned.getOperand(0).getDefiningOp<EarlyExitOp>()
                : EarlyExitOp();
  if (!cascade || ValueRange(returned.getOperands()) != cascade.getResults())
    return fail("it must return the three results of its beex.early_exit");
  model.walk([&](EmbedOp op) { embed = op; });
  if (!embed || embed.getTokens() != model.getArgument(0))
    return fail("the token ids must go through one beex.embed");
  // The embedding's gather dequantizes the rows it reads, from the codes.
  WalkResult tables = model.walk([&](DequantizeOp op) {
    bool readable = op.getCodes().getDefiningOp<arith::ConstantOp>() &&
                    op.getScales().getDefiningOp<arith::ConstantOp>();
    bool gathered = llvm::all_of(op->getUsers(), [](Operation *user) {
      return isa<EmbedOp>(user);
    });
    if (readable && gathered)
      return WalkResult::advance();
    op.emitOpError() << "cannot be compiled: it must dequantize constants for "
                        "beex.embed only";
    return WalkResult::interrupt();
  });
  if (tables.wasInterrupted())
    return failure();
  WalkResult walk = model.walk([&](BinaryLinearOp op) {
    if (!op.getSigns().getType().getElementType().isInteger(64)) {
      op.emitOpError() << "cannot be compiled: signs must be packed in i64 words";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// Weights become read-only globals, aligned for vector loads: one per
/// constant, which the forward pass and the tasks all read.
Value ModelLowering::global(arith::ConstantOp constant) {
  MemRefType type = memrefFor(constant.getType());
  memref::GlobalOp &made = constantGlobals[constant];
  if (!made)
    made = addGlobal(constant.getLoc(), constant.getValue(), type);
  return getGlobal(constant.getLoc(), made, type);
}

/// A global holding `value` for a memref of `type`. Weights held in dense
/// resources become byte arrays: LLVM writes an i8 array into the object in
/// one piece, but f32 or i64 arrays an element at a time (most of beexc's
/// time on a BERT-sized model).
memref::GlobalOp ModelLowering::addGlobal(Location loc, Attribute value,
                                          MemRefType type) {
  MemRefType globalType = type;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    int64_t bytes = type.getNumElements() * type.getElementTypeBitWidth() / 8;
    globalType = MemRefType::get({bytes}, builder.getI8Type());
    value = DenseResourceElementsAttr::get(
        RankedTensorType::get({bytes}, builder.getI8Type()), resource.getRawHandle());
  } else if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    value = dense.reshape(RankedTensorType::get(type.getShape(), type.getElementType()));
  }
  auto module = model->getParentOfType<ModuleOp>();
  OpBuilder moduleBuilder = OpBuilder::atBlockBegin(module.getBody());
  std::string name = (model.getSymName() + "_weight" + Twine(globals++)).str();
  auto globalOp = moduleBuilder.create<memref::GlobalOp>(
      loc, name, moduleBuilder.getStringAttr("private"), globalType, value,
      /*constant=*/true, moduleBuilder.getI64IntegerAttr(kScratchAlignment));
  SymbolTable(module).insert(globalOp);
  return globalOp;
}

/// `global` as a memref of `type` (a view of its bytes where it holds bytes).
Value ModelLowering::getGlobal(Location loc, memref::GlobalOp global, MemRefType type) {
  Value memref =
      builder.create<memref::GetGlobalOp>(loc, global.getType(), global.getSymName());
  if (global.getType() == type)
    return memref;
  return builder.create<memref::ViewOp>(
      loc, type, memref, builder.create<arith::ConstantIndexOp>(loc, 0), ValueRange());
}

/// The global (and its memref type) of a linear's signs as the target's
/// kernel reads them when that is not row by row (signLayout), or of their
/// per-output sums for a linear of positive inputs on any target; made once.
/// Null otherwise, or if they are not a readable constant.
std::pair<memref::GlobalOp, MemRefType> ModelLowering::regroupedSigns(BinaryLinearOp linear) {
  SignLayout layout = inputSignsArePositive(linear)
                          ? SignLayout::Sums
                          : signLayout(linear.getActivations(), target);
  auto constant =
      ScratchPlan::resolve(linear.getSigns()).getDefiningOp<arith::ConstantOp>();
  if (!constant || layout == SignLayout::RowMajor)
    return {};
  auto &[global, type] = interleaved[{constant, unsigned(layout)}];
  if (!global) {
    auto signs = cast<ElementsAttr>(constant.getValue());
    DenseResourceElementsAttr grouped;
    switch (layout) {
    case SignLayout::RowMajor:
      return {};
    case SignLayout::Grouped:
      grouped = interleaveSigns(signs, signGroup(target));
      break;
    case SignLayout::Dot:
      grouped = interleaveSignsForDot(signs);
      break;
    case SignLayout::Lookup:
      grouped = interleaveSignsForLookup(signs);
      break;
    case SignLayout::Sums:
      grouped = signSums(signs, linear.getInput().getType().getDimSize(1));
      break;
    }
    if (!grouped)
      return {};
    type = memrefFor(grouped.getType());
    global = addGlobal(constant.getLoc(), grouped, type);
  }
  return {global, type};
}

Value ModelLowering::interleavedSigns(BinaryLinearOp linear) {
  auto [global, type] = regroupedSigns(linear);
  return global ? getGlobal(linear.getLoc(), global, type) : Value();
}

bool ModelLowering::groupsOutputs(BinaryLinearOp linear) {
  return !inputSignsArePositive(linear) &&
         signLayout(linear.getActivations(), target) == SignLayout::Grouped &&
         regroupedSigns(linear).first;
}

/// The linear whose kernel can write the binary encoding of `tensor` as it
/// finishes each row (KernelFusion::OutputEncoding): the grouped binary
/// kernel whose epilogue ends in `tensor` and holds a sigmoid or tanh, which
/// it applies in a loop of its own over each row tile (lowerGroupedBinary).
BinaryLinearOp ModelLowering::outputEncoder(Value tensor) {
  Value produced = aliases.lookup(tensor);
  auto producer = produced ? produced.getDefiningOp<BinaryLinearOp>() : BinaryLinearOp();
  if (!producer || !groupsOutputs(producer))
    return {};
  KernelFusion fusion = fusions.lookup(producer);
  if (!defersActivation(fusion) || fusion.epilogue.back()->getResult(0) != tensor)
    return {};
  return producer;
}

/// The tensor whose encoding `linear` writes as KernelFusion::OutputEncoding.
static Value encodedOutput(const KernelFusion &fusion) {
  return fusion.epilogue.back()->getResult(0);
}

/// Whether elementwise `op` may write its result over `operand`: no one else
/// reads the operand, and it lives in a buffer of its own made in this block.
static bool canOverwrite(Value operand, Operation *op) {
  Operation *definer = operand.getDefiningOp();
  return operand.hasOneUse() && operand.getType() == op->getResult(0).getType() &&
         definer && definer->getBlock() == op->getBlock() &&
         !isa<arith::ConstantOp, DequantizeOp, EarlyExitOp>(definer);
}

bool ModelLowering::overwriteOperand(Operation *op) {
  for (Value operand : op->getOperands())
    if (canOverwrite(operand, op)) {
      Value owner = aliases.lookup(operand);
      aliases[op->getResult(0)] = owner ? owner : operand;
      return true;
    }
  return false;
}

/// Decides what each kernel does besides its op: a linear applies its
/// epilogue (fusableEpilogue); the encoding of a tensor that linears read is
/// written once, by the LayerNorm that produces it, or by the grouped
/// binary linear that produces it through a sigmoid or tanh (outputEncoder),
/// or else by the first linear that reads it (RowEncoding.cpp).
void ModelLowering::planFusions() {
  model.walk<WalkOrder::PreOrder>([&](Operation *op) {
    for (Operation *fused : fusableEpilogue(op, target)) {
      fusions[op].epilogue.push_back(fused);
      appliedByProducer.insert(fused);
      aliases[fused->getResult(0)] = op->getResult(0);
    }
    // An elementwise pass of its own runs in place over an operand that dies
    // there (each chunk is loaded before it is stored): the SLFN's F-wide
    // sigmoid and tanh after the row-major kernels then need no buffers.
    if (kernelClass(op) == "rows" && !appliedByProducer.contains(op))
      overwriteOperand(op);
    auto linear = dyn_cast<BinaryLinearOp>(op);
    if (!linear)
      return;
    Value input = ScratchPlan::resolve(linear.getInput());
    ActivationMode mode = linear.getActivations();
    auto [entry, first] = encodings.try_emplace({input, unsigned(mode)});
    using OutputEncoding = KernelFusion::OutputEncoding;
    BinaryLinearOp producer =
        mode == ActivationMode::binary ? outputEncoder(input) : BinaryLinearOp();
    if (first) {
      auto norm = input.getDefiningOp<LayerNormOp>();
      if (norm) {
        entry->second.encoder = norm;
        fusions[norm].encodings.push_back(mode);
      } else if (producer) {
        // The producer writes the encoding when its share is of rows; this
        // first reader, when it is not.
        entry->second.encoder = producer;
        fusions[op].encodesShortInput =
            splitsOutputGroups(producer, fusions[producer], SignLayout::Grouped);
      } else {
        entry->second.encoder = op;
        fusions[op].encodings.push_back(mode);
      }
    }
    if (producer && entry->second.encoder == producer) {
      OutputEncoding &written = fusions[producer].outputEncoding;
      written = inputSignsArePositive(linear) && written != OutputEncoding::SignsAndScale
                    ? OutputEncoding::Scale
                    : OutputEncoding::SignsAndScale;
    }
    entry->second.lastReader = op;
    planComputedLinears(op);
  });
}

/// Makes the linears whose only use is in `op`'s epilogue ComputedLinears of
/// it, where they can be: positive inputs, per-output sums made at compile
/// time, and a kernel for `op` that shares out rows (it encodes their inputs'
/// betas for its own rows).
void ModelLowering::planComputedLinears(Operation *op) {
  auto consumer = cast<BinaryLinearOp>(op);
  KernelFusion &fusion = fusions[op];
  if (groupsOutputs(consumer) && splitsOutputGroups(consumer, fusion, SignLayout::Grouped))
    return;
  for (Operation *fused : fusion.epilogue)
    for (Value operand : fused->getOperands()) {
      auto linear = operand.getDefiningOp<BinaryLinearOp>();
      if (!linear || !operand.hasOneUse() || !inputSignsArePositive(linear) ||
          linear->getBlock() != op->getBlock() || !fusions.lookup(linear).epilogue.empty())
        continue;
      auto [sums, type] = regroupedSigns(linear);
      if (!sums || type.getRank() != 1)
        continue;
      KernelFusion own = fusions.lookup(linear); // fusions must not grow here
      fusion.computed.push_back(
          {linear, llvm::is_contained(own.encodings, ActivationMode::binary),
           own.encodesShortInput});
      // Its kernel is this one's epilogue; its result has no buffer; what it
      // reads lives until this kernel has run.
      appliedByProducer.insert(linear);
      aliases[operand] = op->getResult(0);
      encodings[{ScratchPlan::resolve(linear.getInput()), unsigned(ActivationMode::binary)}]
          .lastReader = op;
      together.push_back({linear, op});
    }
}

/// The tensor whose row encodings `encoder` writes.
Value ModelLowering::encodedTensor(Operation *encoder) const {
  if (auto linear = dyn_cast<BinaryLinearOp>(encoder))
    return ScratchPlan::resolve(linear.getInput());
  return encoder->getResult(0);
}

/// The scratch each op's kernel uses besides its results: the attention
/// kernel's, and the encodings it writes, kept until their last reader.
SmallVector<ScratchPlan::Temporary> ModelLowering::temporariesOf(Operation *op) {
  SmallVector<ScratchPlan::Temporary> result;
  if (auto attention = dyn_cast<AttentionOp>(op))
    for (int64_t bytes : attentionTemporaries(attention, maxRows))
      result.push_back({bytes});
  auto found = fusions.find(op);
  if (found == fusions.end())
    return result;
  auto encodingOf = [&](Value tensor, ActivationMode mode) {
    Operation *lastReader = encodings.lookup({tensor, unsigned(mode)}).lastReader;
    int64_t columns = cast<ShapedType>(tensor.getType()).getDimSize(1);
    for (MemRefType type : rowEncodingTypes(op->getContext(), mode, columns, target.f32Lookup))
      result.push_back({scratchBytes(type, maxRows), lastReader});
  };
  for (ActivationMode mode : found->second.encodings)
    encodingOf(encodedTensor(op), mode);
  // After them: KernelFusion::OutputEncoding, of the linear's output.
  if (found->second.outputEncoding != KernelFusion::OutputEncoding::None)
    encodingOf(encodedOutput(found->second), ActivationMode::binary);
  return result;
}

/// Temporaries [first, first + count) of `owner` as byte buffers.
SmallVector<Value> ModelLowering::temporaryViews(Operation *owner, unsigned first,
                                                 unsigned count, KernelBuilder &k) {
  SmallVector<ScratchPlan::Temporary> all = temporariesOf(owner);
  SmallVector<Value> views;
  for (unsigned index = first; index < first + count; ++index)
    views.push_back(k.view(
        scratch, plan->temporaryOffset(owner, index),
        MemRefType::get({int64_t(llvm::alignTo(all[index].bytes, kScratchAlignment))},
                        builder.getI8Type()),
        {}));
  return views;
}

/// Results live in scratch at their planned offsets; so do the results of
/// the epilogue `op`'s kernel applies, in the same buffer.
void ModelLowering::bindResults(Operation *op, LoweringContext &context) {
  for (Value result : op->getResults())
    if (auto tensor = dyn_cast<RankedTensorType>(result.getType())) {
      SmallVector<Value> sizes;
      if (tensor.isDynamicDim(0))
        sizes.push_back(context.rows);
      Value buffer =
          context.k.view(scratch, plan->offsetOf(result), memrefFor(tensor), sizes);
      context.buffers[result] = buffer;
      for (Operation *fused : fusions.lookup(op).epilogue)
        context.buffers[fused->getResult(0)] = buffer;
    }
}

LogicalResult ModelLowering::lowerOp(Operation *op, LoweringContext &context) {
  KernelBuilder &k = context.k;
  if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
    if (!isa<RankedTensorType>(constant.getType()))
      return op->emitOpError() << "cannot be compiled: only tensor constants are";
    context.buffers[constant.getResult()] = global(constant);
    return success();
  }
  if (isa<DequantizeOp>(op))
    return success(); // the embedding reads the codes (checkForm)
  if (auto entropy = dyn_cast<EntropyOp>(op)) {
    scalars[entropy.getResult()] = lowerEntropy(entropy, context);
    return success();
  }
  if (kernelClass(op).empty())
    return op->emitOpError() << "cannot be compiled by convert-beex-to-loops";
  // An epilogue op is applied by its linear's kernel as it stores, in the
  // linear's buffer (the plan aliases the two): no pass over the S x F
  // outputs of the SLFN's first linears, nor for its product and the
  // residual adds.
  if (appliedByProducer.contains(op))
    return success();
  KernelFusion fusion = fusions.lookup(op);
  bindResults(op, context);
  auto linear = dyn_cast<BinaryLinearOp>(op);
  // A linear that does not encode its input reads the encoding where its
  // encoder left it; then its own temporaries: its encodings of its input
  // (if it is their encoder) and that of its output (OutputEncoding); then
  // the encodings its computed linears read.
  SmallVector<Value> temporaries;
  if (Operation *encoder = linear ? readsEncodingOf(linear) : nullptr; encoder && encoder != op)
    temporaries = encodingViews(linear, k);
  llvm::append_range(temporaries, temporaryViews(op, 0, temporariesOf(op).size(), k));
  for (const ComputedLinear &computed : fusion.computed)
    llvm::append_range(temporaries, encodingViews(computed.op, k));
  // The kernel reads these signs in another layout: this call passes them
  // instead of the row-major constant.
  SmallVector<std::pair<Value, Value>> rebound;
  for (BinaryLinearOp read : linearsReadBy(op, fusion)) {
    Value grouped = interleavedSigns(read);
    // The lookup kernel has no row-major fallback: its encoding is the tables.
    if (!grouped && signLayout(read.getActivations(), target) == SignLayout::Lookup)
      return read->emitOpError() << "cannot be compiled with f32-lookup: its signs "
                                    "are not a readable constant";
    if (!grouped)
      continue;
    Value signs = ScratchPlan::resolve(read.getSigns());
    rebound.push_back({signs, context.buffers.lookup(signs)});
    context.buffers[signs] = grouped;
  }
  kernels->call(op, context, temporaries, fusion);
  for (auto [signs, rowMajor] : rebound)
    context.buffers[signs] = rowMajor;
  return success();
}

/// The linear kernel `op` and those its epilogue computes (ComputedLinear).
SmallVector<BinaryLinearOp> ModelLowering::linearsReadBy(Operation *op,
                                                         const KernelFusion &fusion) {
  SmallVector<BinaryLinearOp> linears;
  if (auto linear = dyn_cast<BinaryLinearOp>(op))
    linears.push_back(linear);
  for (const ComputedLinear &computed : fusion.computed)
    linears.push_back(computed.op);
  return linears;
}

/// The op that writes the encoding `linear` reads of its input.
Operation *ModelLowering::readsEncodingOf(BinaryLinearOp linear) const {
  return encodings
      .lookup({ScratchPlan::resolve(linear.getInput()), unsigned(linear.getActivations())})
      .encoder;
}

/// The buffers of the encoding `linear` reads of its input, in its encoder's
/// temporaries: the encoder's encodings of one tensor, then (a linear that
/// writes the encoding of its output) that one.
SmallVector<Value> ModelLowering::encodingViews(BinaryLinearOp linear, KernelBuilder &k) {
  Operation *encoder = readsEncodingOf(linear);
  auto count = [&](ActivationMode mode) {
    return unsigned(rowEncodingTypes(linear.getContext(), mode, 0, target.f32Lookup).size());
  };
  unsigned first = 0;
  for (ActivationMode mode : fusions.lookup(encoder).encodings) {
    if (encodedTensor(encoder) == ScratchPlan::resolve(linear.getInput()) &&
        mode == linear.getActivations())
      break;
    first += count(mode);
  }
  return temporaryViews(encoder, first, count(linear.getActivations()), k);
}

LogicalResult ModelLowering::lowerBlock(Block &block, LoweringContext &context) {
  for (Operation &op : block.without_terminator()) {
    if (isa<EarlyExitOp>(op))
      continue;
    if (joined.contains(&op))
      continue; // lowered with the first op of its job
    if (failed(isParallel(&op) ? lowerTask(&op, context) : lowerOp(&op, context)))
      return failure();
  }
  return success();
}

LogicalResult ModelLowering::lower() {
  if (failed(checkForm()))
    return failure();
  Location loc = model.getLoc();
  ShapedType positions = embed.getPosition().getType();
  maxRows = positions.getDimSize(0);
  planFusions();
  planJobs();
  plan.emplace(
      model, maxRows, [&](Operation *op) { return temporariesOf(op); }, aliases,
      together);
  kernels.emplace(model->getParentOfType<ModuleOp>(), model.getSymName(), maxRows,
                  target);

  // The C ABI of beex_forward_fn (runtime/include/beex/runtime.h); memrefs
  // are passed as bare pointers.
  Type f32 = builder.getF32Type(), i64 = builder.getI64Type(), i32 = builder.getI32Type();
  scratchSize = std::max<int64_t>(plan->totalBytes(), kScratchAlignment);
  auto logitsType = memrefFor(cascade.getLogits().getType());
  auto entropiesType = memrefFor(cascade.getEntropies().getType());
  SmallVector<Type> inputs{tokensType(), i64, scratchType(), f32, i64, i32,
                           logitsType, entropiesType, runType()};
  builder.setInsertionPoint(model);
  auto forward = builder.create<func::FuncOp>(
      loc, (model.getSymName() + "_forward").str(),
      builder.getFunctionType(inputs, {i32}));
  ExitPolicyAttr policy = cascade.getPolicy();
  forward->setAttr(BeexDialect::getCompiledModelAttrName(),
                   CompiledModelAttr::get(builder.getContext(),
                                          embed.getWord().getType().getDimSize(0),
                                          maxRows, logitsType.getDimSize(0),
                                          cascade.getNumLayers(), policy, scratchSize));
  Block *entry = forward.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  KernelBuilder k(builder, loc, target.vectorBits, target.widePopcount,
                  target.scalable, target.f32Lookup);
  Value rows = k.toIndex(entry->getArgument(1));
  scratch = entry->getArgument(2);
  // The kernels the forward pass runs itself (the exit heads) do all the work.
  LoweringContext context{
      k, rows, k.index(0), rows, llvm::DenseMap<Value, Value>(), {}, {}, llvm::DenseMap<Operation *, Value>()};
  context.buffers[model.getArgument(0)] = entry->getArgument(0);
  threshold = entry->getArgument(3);
  patience = entry->getArgument(4);
  fullDepth = entry->getArgument(5);
  logitsOut = entry->getArgument(6);
  entropiesOut = entry->getArgument(7);
  run = entry->getArgument(8);
  length = entry->getArgument(1);

  // Layers that compute no exit head report NaN.
  Value nan = k.f32(std::numeric_limits<double>::quiet_NaN());
  for (int64_t l = 0; l < cascade.getNumLayers(); ++l)
    k.storeScalar(nan, entropiesOut, {k.index(l)});

  if (failed(lowerBlock(model.getBody().front(), context)))
    return failure();
  ExitState start{k.f32(0.0), k.i64(0), k.index(-1)};
  FailureOr<Value> exitLayer = lowerLayers(0, start, context);
  if (failed(exitLayer))
    return failure();
  builder.create<func::ReturnOp>(loc, *exitLayer);
  defineTaskSwitch();
  model.erase();
  return success();
}

namespace {
struct ConvertBeexToLoops
    : mlir::beex::impl::ConvertBeexToLoopsBase<ConvertBeexToLoops> {
  using ConvertBeexToLoopsBase::ConvertBeexToLoopsBase;

  void runOnOperation() override {
    SmallVector<func::FuncOp> models;
    getOperation().walk([&](func::FuncOp function) {
      if (isModelFunction(function))
        models.push_back(function);
    });
    for (func::FuncOp model : models)
      if (failed(ModelLowering(model, KernelTarget{vectorBits, widePopcount,
                                                   scalableVectors, int8Dot,
                                                   f32Lookup})
                         .lower()))
        return signalPassFailure();
  }
};
} // namespace
