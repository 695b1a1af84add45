//===- KernelFunctions.cpp - Each kernel as a named, shared function ------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every op's kernel becomes a private function `<model>_<class>_<n>` (a
// linear's with its shape: `<model>_<class>_<K>x<N>_<n>`) that takes the row
// count, the share of the work to do (LoweringContext::begin, end), the op's
// buffers and its temporaries; the forward pass or a task calls it.
// Two reasons:
//
// - The L blocks of a model run the same kernels on other weights: one
//   function per distinct op (name, attributes, buffer types) serves all of
//   them, so LLVM optimises and emits each kernel once instead of L times.
// - A profile (`perf report`) names the kernel classes: linear_binary,
//   linear_int8, linear_f32, attention, layer_norm, embed, rows (elementwise
//   row work) and exit (pooling, exit heads), and the linears' shapes (the
//   bench rates one shape from them). The functions stay out of line
//   (noinline) so the names survive optimisation.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace mlir::beex;

std::string mlir::beex::kernelClass(Operation *op) {
  if (auto linear = dyn_cast<BinaryLinearOp>(op))
    return ("linear_" + stringifyActivationMode(linear.getActivations())).str();
  if (isa<AttentionOp>(op))
    return "attention";
  if (isa<EmbedOp>(op))
    return "embed";
  if (isa<LayerNormOp>(op))
    return "layer_norm";
  if (isa<PoolOp, ExitClassifierOp>(op))
    return "exit";
  if (isa<arith::AddFOp, arith::MulFOp, math::TanhOp, SigmoidOp>(op)) {
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (type && type.getRank() == 2)
      return "rows";
  }
  return "";
}

namespace {
void lowerKernel(Operation *op, LoweringContext &context) {
  if (auto linear = dyn_cast<BinaryLinearOp>(op))
    lowerBinaryLinear(linear, context);
  else if (auto attention = dyn_cast<AttentionOp>(op))
    lowerAttention(attention, context);
  else if (auto embedding = dyn_cast<EmbedOp>(op))
    lowerEmbed(embedding, context);
  else if (auto norm = dyn_cast<LayerNormOp>(op))
    lowerLayerNorm(norm, context);
  else if (auto pool = dyn_cast<PoolOp>(op))
    lowerPool(pool, context);
  else if (auto classifier = dyn_cast<ExitClassifierOp>(op))
    lowerExitClassifier(classifier, context);
  else
    lowerElementwise(op, context);
}

/// `type` with every dynamic size set to `maxRows`: what a kernel function
/// takes, so that the buffer crosses the call as a bare pointer.
MemRefType withStaticRows(MemRefType type, int64_t maxRows) {
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t &size : shape)
    if (ShapedType::isDynamic(size))
      size = maxRows;
  return MemRefType::get(shape, type.getElementType());
}
} // namespace

void KernelFunctions::call(Operation *op, LoweringContext &caller,
                           ValueRange temporaries, const KernelFusion &fusion) {
  KernelBuilder &k = caller.k;
  // The op's buffers: operands, then results. A dequantized table is passed
  // as its codes and scales, which the kernel reads.
  SmallVector<Value> tensors;
  SmallVector<Attribute> tableFormats;
  for (Value operand : op->getOperands()) {
    if (auto table = operand.getDefiningOp<DequantizeOp>()) {
      tensors.append({table.getCodes(), table.getScales()});
      tableFormats.push_back(table.getBitsAttr());
    } else if (isa<RankedTensorType>(operand.getType())) {
      tensors.push_back(operand);
    }
  }
  for (Value result : op->getResults())
    if (isa<RankedTensorType>(result.getType()))
      tensors.push_back(result);
  // The other operands of the epilogue's adds and products; for a
  // ComputedLinear's output, that linear's operands.
  Value chain = op->getNumResults() ? op->getResult(0) : Value();
  for (Operation *fused : fusion.epilogue) {
    for (Value operand : fused->getOperands()) {
      if (operand == chain)
        continue;
      auto linear = operand.getDefiningOp<BinaryLinearOp>();
      if (linear && llvm::any_of(fusion.computed, [&](const ComputedLinear &computed) {
            return computed.op == linear;
          }))
        llvm::append_range(tensors, linear->getOperands());
      else
        tensors.push_back(operand);
    }
    chain = fused->getResult(0);
  }

  SmallVector<Value> arguments{caller.rows, caller.begin, caller.end};
  SmallVector<Type> types(arguments.size(), k.b.getIndexType());
  for (Value tensor : tensors) {
    Value buffer = caller.buffer(tensor);
    auto type = cast<MemRefType>(buffer.getType());
    MemRefType fixed = withStaticRows(type, maxRows);
    arguments.push_back(
        type == fixed ? buffer : k.b.create<memref::CastOp>(k.loc, fixed, buffer));
    types.push_back(fixed);
  }
  for (Value temporary : temporaries) {
    arguments.push_back(temporary);
    types.push_back(temporary.getType());
  }

  Builder &b = k.b;
  auto signature = b.getFunctionType(types, {});
  SmallVector<Attribute> identity{b.getStringAttr(op->getName().getStringRef()),
                                  op->getAttrDictionary()};
  identity.append(tableFormats);
  for (Operation *fused : fusion.epilogue)
    identity.push_back(b.getStringAttr(fused->getName().getStringRef()));
  // A linear of sigmoid outputs has a kernel of its own (lowerPositiveBinary).
  if (auto linear = dyn_cast<BinaryLinearOp>(op); linear && inputSignsArePositive(linear))
    identity.push_back(b.getStringAttr("positive input"));
  identity.push_back(b.getStringAttr("encodes"));
  for (ActivationMode mode : fusion.encodings)
    identity.push_back(ActivationModeAttr::get(b.getContext(), mode));
  identity.push_back(b.getI32IntegerAttr(int32_t(fusion.outputEncoding)));
  identity.push_back(b.getBoolAttr(fusion.encodesShortInput));
  identity.push_back(b.getStringAttr("computes"));
  for (const ComputedLinear &computed : fusion.computed)
    identity.append({computed.op->getAttrDictionary(), b.getBoolAttr(computed.encodes),
                     b.getBoolAttr(computed.encodesShortInput)});
  auto key = std::make_pair(b.getArrayAttr(identity), Type(signature));
  func::FuncOp &function = functions[key];
  if (!function)
    function = define(op, signature, tensors, fusion);
  k.b.create<func::CallOp>(k.loc, function, arguments);
}

func::FuncOp KernelFunctions::define(Operation *op, FunctionType signature,
                                     ArrayRef<Value> tensors,
                                     const KernelFusion &fusion) {
  std::string kind = kernelClass(op);
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  std::string shape;
  if (auto linear = dyn_cast<BinaryLinearOp>(op))
    shape = (Twine(linear.getInput().getType().getDimSize(1)) + "x" +
             Twine(linear.getType().getDimSize(1)) + "_")
                .str();
  std::string name =
      (prefix + "_" + kind + "_" + shape + Twine(counts[kind]++)).str();
  auto function = builder.create<func::FuncOp>(op->getLoc(), name, signature);
  function.setPrivate();
  function->setAttr("passthrough", builder.getArrayAttr({builder.getStringAttr(
                                       "noinline")}));
  SymbolTable(module).insert(function);

  Block *entry = function.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  KernelBuilder k(builder, op->getLoc(), config.vectorBits, config.widePopcount,
                  config.scalable, config.f32Lookup);
  LoweringContext context{k, entry->getArgument(0), entry->getArgument(1),
                          entry->getArgument(2), llvm::DenseMap<Value, Value>(), {},
                          fusion, llvm::DenseMap<Operation *, Value>()};
  constexpr unsigned kFirstBuffer = 3;
  for (auto [index, tensor] : llvm::enumerate(tensors))
    context.buffers[ScratchPlan::resolve(tensor)] = entry->getArgument(index + kFirstBuffer);
  for (BlockArgument temporary :
       entry->getArguments().drop_front(tensors.size() + kFirstBuffer))
    context.temporaries.push_back(temporary);
  lowerKernel(op, context);
  builder.create<func::ReturnOp>(op->getLoc());
  return function;
}
