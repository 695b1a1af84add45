//===- EmitModel.cpp - LLVM IR, the model descriptor, object code ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/WriteFile.h"
#include "beex/Target/Target.h"
#include "beex/Version.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"

using namespace beex;
using llvm::Error;

namespace {
Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
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
  // convert-beex-to-llvm has defined the descriptor and everything it
  // points to: the module is the whole object.
  std::string descriptor = (name + "_model").str();
  if (!module.lookupSymbol<mlir::LLVM::GlobalOp>(descriptor))
    return fail("no compiled model @" + descriptor + " (is the input a beex model named '" +
                name + "'?)");

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
  for (llvm::Function &function : *llvmModule)
    if (!function.isDeclaration()) {
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
      function.addFnAttr("target-cpu", target.cpu);
      function.addFnAttr("target-features", target.features);
    }
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
