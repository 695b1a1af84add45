//===- EmitModel.cpp - LLVM IR, the model descriptor, object code ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Vocabulary.h"

#include "beex/Support/WriteFile.h"
#include "beex/Target/Target.h"
#include "beex/Version.h"
#include "dialects/beex/BeexOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"

using namespace beex;
using llvm::Error;

namespace {
/// Must equal BEEX_ABI_VERSION in runtime/include/beex/runtime.h.
constexpr uint32_t kAbiVersion = 2;

Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The model facts convert-beex-to-loops recorded on the forward function.
struct ModelFacts {
  int64_t vocabSize, maxPositions, labels, layers, scratchBytes;
  mlir::beex::ExitPolicyAttr policy;
};

llvm::Expected<ModelFacts> readFacts(mlir::ModuleOp module, llvm::StringRef name) {
  std::string forwardName = (name + "_forward").str();
  mlir::Operation *forward = module.lookupSymbol(forwardName);
  if (!forward)
    return fail("no compiled model function @" + forwardName +
                " (is the input a beex model named '" + name + "'?)");
  auto facts = forward->getAttrOfType<mlir::DictionaryAttr>("beex.model");
  auto scratch = forward->getAttrOfType<mlir::IntegerAttr>("beex.scratch_bytes");
  if (!facts || !scratch)
    return fail("@" + forwardName + " lacks the beex.model facts");
  auto integer = [&](llvm::StringRef key) {
    auto attr = facts.getAs<mlir::IntegerAttr>(key);
    return attr ? attr.getInt() : int64_t(0);
  };
  return ModelFacts{integer("vocab_size"), integer("max_positions"),
                    integer("num_labels"), integer("num_layers"), scratch.getInt(),
                    facts.getAs<mlir::beex::ExitPolicyAttr>("policy")};
}

/// `const beex_model <name>_model`, laid out as runtime.h declares it; the
/// target's data layout places the fields.
void addDescriptor(llvm::Module &module, llvm::StringRef name,
                   const ModelFacts &facts, llvm::Function *forward,
                   llvm::Constant *vocabulary) {
  llvm::LLVMContext &context = module.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(context);
  llvm::Type *i64 = llvm::Type::getInt64Ty(context);
  llvm::Type *f32 = llvm::Type::getFloatTy(context);
  llvm::Type *ptr = llvm::PointerType::get(context, 0);
  auto *type = llvm::StructType::create(
      context, {i32, i32, ptr, i64, i64, i64, i64, i64, i32, f32, i64, i64, ptr, ptr},
      "struct.beex_model");

  llvm::Constant *nameString =
      llvm::IRBuilder<>(context).CreateGlobalStringPtr(name, name + "_name", 0, &module);
  mlir::beex::ExitPolicyAttr policy = facts.policy;
  // Defaults the runtime accepts for every policy: a finite threshold and
  // patience >= 1 even where the policy does not use them.
  auto constant = [&](llvm::Type *t, int64_t v) { return llvm::ConstantInt::get(t, v); };
  llvm::Constant *fields[] = {
      constant(i32, kAbiVersion),
      constant(i32, 0),
      nameString,
      constant(i64, facts.vocabSize),
      constant(i64, facts.maxPositions),
      constant(i64, facts.labels),
      constant(i64, facts.layers),
      constant(i64, policy.getMinLayer()),
      constant(i32, static_cast<int32_t>(policy.getKind())),
      llvm::ConstantFP::get(f32, policy.getThreshold().convertToDouble()),
      constant(i64, policy.getPatience()),
      constant(i64, facts.scratchBytes),
      forward,
      vocabulary ? vocabulary
                 : llvm::ConstantPointerNull::get(llvm::PointerType::get(context, 0)),
  };
  new llvm::GlobalVariable(module, type, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantStruct::get(type, fields), name + "_model");
}

void optimize(llvm::Module &module, llvm::TargetMachine &machine, unsigned level) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  llvm::ModulePassManager pipeline = builder.buildPerModuleDefaultPipeline(
      levels[std::min(level, 3u)]);
  pipeline.run(module, modules);
}
} // namespace

Error beex::emitModel(mlir::ModuleOp module, llvm::StringRef name,
                      const TargetChoice &target, unsigned optLevel,
                      EmitKind kind, llvm::StringRef output,
                      llvm::function_ref<void()> translated) {
  llvm::Expected<ModelFacts> facts = readFacts(module, name);
  if (!facts)
    return facts.takeError();
  llvm::Expected<std::vector<std::string>> pieces =
      readVocabularyAttr(module, facts->vocabSize);
  if (!pieces)
    return pieces.takeError();

  mlir::DialectRegistry registry;
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  if (translated)
    translated();

  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(target.triple, error);
  if (!llvmTarget)
    return fail(error);
  llvm::TargetOptions options;
  llvm::CodeGenOptLevel codegenLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      target.triple, target.cpu, target.features, options, llvm::Reloc::PIC_,
      std::nullopt, codegenLevels[std::min(optLevel, 3u)]));
  if (!machine)
    return fail("cannot create a target machine for " + target.triple);
  llvmModule->setTargetTriple(target.triple);
  llvmModule->setDataLayout(machine->createDataLayout());

  // The forward pass and its kernels are internal: the descriptor is the
  // object's one export.
  llvm::Function *forward = llvmModule->getFunction((name + "_forward").str());
  for (llvm::Function &function : *llvmModule)
    if (!function.isDeclaration()) {
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
      function.addFnAttr("target-cpu", target.cpu);
      function.addFnAttr("target-features", target.features);
    }
  addDescriptor(*llvmModule, name, *facts, forward,
                pieces->empty() ? nullptr
                                : addVocabularyTables(*llvmModule, name, *pieces));
  // Which compiler made the object, in its .comment section as clang's
  // "clang version ..." is: `readelf -p .comment model.o`.
  llvmModule->getOrInsertNamedMetadata("llvm.ident")
      ->addOperand(llvm::MDNode::get(
          context, llvm::MDString::get(context, "beexc (beex) " BEEX_VERSION
                                                ", LLVM " LLVM_VERSION_STRING)));
  if (llvm::verifyModule(*llvmModule, &llvm::errs()))
    return fail("the generated LLVM IR does not verify");
  optimize(*llvmModule, *machine, optLevel);

  return writeFileAtomically(output, [&](llvm::raw_ostream &os) -> Error {
    if (kind == EmitKind::LLVMIR) {
      llvmModule->print(os, nullptr);
      return Error::success();
    }
    // The code generator wants a seekable stream for objects: the output
    // file is one; anything else gets a copy in memory first.
    llvm::SmallString<0> bytes;
    llvm::raw_svector_ostream buffer(bytes);
    auto *file = os.get_kind() == llvm::raw_ostream::OStreamKind::OK_FDStream
                     ? static_cast<llvm::raw_fd_ostream *>(&os)
                     : nullptr;
    llvm::raw_pwrite_stream &stream =
        file && file->supportsSeeking() ? static_cast<llvm::raw_pwrite_stream &>(*file)
                                        : buffer;
    llvm::legacy::PassManager passes;
    auto fileType = kind == EmitKind::Object ? llvm::CodeGenFileType::ObjectFile
                                             : llvm::CodeGenFileType::AssemblyFile;
    if (machine->addPassesToEmitFile(passes, stream, nullptr, fileType))
      return fail(target.triple + " cannot emit this kind of file");
    passes.run(*llvmModule);
    if (&stream == &buffer)
      os << bytes;
    return Error::success();
  });
}
