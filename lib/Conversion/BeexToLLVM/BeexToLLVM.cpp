//===- BeexToLLVM.cpp - The model descriptor and vocabulary as globals ----===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The last step of --beex-compile-pipeline: every function that carries a
// #beex.compiled_model becomes the `const beex_model <name>_model` of
// runtime.h, built as llvm.mlir.globals, so that the LLVM dialect module is
// the whole object (what `beexc --emit=mlir` shows) and lib/Target only picks
// the target and generates code.
//
//===----------------------------------------------------------------------===//

#include "GlobalBuilder.h"
#include "RuntimeAbi.h"
#include "VocabularyTables.h"

#include "beex/Conversion/Passes.h"
#include "dialects/beex/BeexAttrs.h"
#include "dialects/beex/BeexDialect.h"

namespace mlir::beex {
#define GEN_PASS_DEF_CONVERTBEEXTOLLVM
#include "beex/Conversion/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;
using namespace mlir::beex;
using namespace ::beex::abi;

namespace {
constexpr StringLiteral kForwardSuffix = "_forward";
constexpr StringLiteral kTaskSuffix = "_task";

/// `<name>_name`: the NUL-terminated name the descriptor points to.
LLVM::GlobalOp nameString(OpBuilder &builder, Location loc, StringRef name) {
  std::string bytes = (name + Twine('\0')).str();
  return internalConstant(builder, loc,
                          LLVM::LLVMArrayType::get(builder.getI8Type(), bytes.size()),
                          name + "_name", builder.getStringAttr(bytes));
}

LogicalResult defineDescriptor(ModuleOp module, LLVM::LLVMFuncOp forward,
                               CompiledModelAttr facts) {
  StringRef forwardName = forward.getSymName();
  if (!forwardName.ends_with(kForwardSuffix))
    return forward.emitOpError() << "carries a #beex.compiled_model but is not named "
                                    "<name>"
                                 << kForwardSuffix;
  StringRef name = forwardName.drop_back(kForwardSuffix.size());
  FailureOr<std::vector<std::string>> pieces = readVocabulary(module, facts.getVocabSize());
  if (failed(pieces))
    return failure();

  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  Location loc = forward.getLoc();
  ExitPolicyAttr policy = facts.getPolicy();
  StructBuilder model(builder, loc, "beex_model", kModelFields);
  model.integer(kAbiVersion, BEEX_ABI_VERSION);
  model.integer(kFlags, 0);
  model.address(kName, nameString(builder, loc, name));
  model.integer(kVocabSize, facts.getVocabSize());
  model.integer(kMaxPositions, facts.getMaxPositions());
  model.integer(kNumLabels, facts.getLabels());
  model.integer(kNumLayers, facts.getLayers());
  model.integer(kMinLayer, policy.getMinLayer());
  // The same numbers as beex_exit_policy (beex/Model/EnumAgreement.h).
  model.integer(kExitPolicy, static_cast<int64_t>(policy.getKind()));
  // The policy's threshold and patience are valid defaults (finite, >= 1)
  // for every kind, as beex_check_model requires, even where unused.
  model.f32(kThreshold, facts.getF32Threshold());
  model.integer(kPatience, policy.getPatience());
  model.integer(kScratchSize, facts.getScratchBytes());
  model.address(kForward, forwardName);
  if (pieces->empty())
    model.null(kVocabulary);
  else
    model.address(kVocabulary, buildVocabularyTables(builder, loc, name, *pieces));
  // convert-beex-to-loops defines it next to the forward pass.
  std::string taskName = (name + kTaskSuffix).str();
  if (!module.lookupSymbol(taskName))
    return forward.emitOpError() << "has no task function @" << taskName;
  model.address(kTask, taskName);
  model.define(name + "_model", LLVM::Linkage::External);
  return success();
}

struct ConvertBeexToLLVM
    : mlir::beex::impl::ConvertBeexToLLVMBase<ConvertBeexToLLVM> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<LLVM::LLVMFuncOp, CompiledModelAttr>> models;
    module.walk([&](LLVM::LLVMFuncOp function) {
      if (auto facts = function->getAttrOfType<CompiledModelAttr>(
              BeexDialect::getCompiledModelAttrName()))
        models.emplace_back(function, facts);
    });
    for (auto [forward, facts] : models)
      if (failed(defineDescriptor(module, forward, facts)))
        return signalPassFailure();
    // The tables hold the vocabulary now.
    module->removeAttr(BeexDialect::getVocabularyAttrName());
  }
};
} // namespace
