//===- beex-opt.cpp - mlir-opt for the beex dialect and passes ------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Registers the beex dialect with the upstream dialects the lowering goes
// through (func, arith, math, tensor, scf, cf, memref, vector, llvm), the
// generic upstream passes (canonicalize, cse, ...) and the beex passes.
//
// Unlike mlir-opt, -o FILE is written through a temporary file renamed into
// place on success, so an error leaves FILE as it was (absent or old), and
// input nested deeper than MLIR's recursive parser survives is an error
// (beex/Support/IRNesting.h), not a stack overflow.
//
//===----------------------------------------------------------------------===//

#include "beex/Conversion/Passes.h"
#include "beex/Pipeline/CompilePipeline.h"
#include "beex/Support/IRNesting.h"
#include "beex/Support/ToolOptions.h"
#include "beex/Support/WriteFile.h"
#include "beex/Transforms/Passes.h"
#include "mlir/Debug/Counter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

namespace {
namespace cl = llvm::cl;

/// mlir::registerAndParseCLIOptions with LLVM's own options hidden from
/// --help in between: what remains are mlir-opt's options and the passes.
std::pair<std::string, std::string> parseOptions(int argc, char **argv,
                                                 mlir::DialectRegistry &registry) {
  // First: the statics below are registered when control reaches them.
  beex::hideForeignOptions("beex-opt", {});
  static cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<input file>"),
                                            cl::init("-"));
  static cl::opt<std::string> outputFilename("o", cl::desc("Output filename"),
                                             cl::value_desc("filename"), cl::init("-"));
  mlir::MlirOptMainConfig::registerCLOptions(registry);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  mlir::tracing::DebugCounter::registerCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "beex optimizer driver\n");
  return {inputFilename.getValue(), outputFilename.getValue()};
}
} // namespace

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::beex::registerBeexPasses();
  mlir::beex::registerBeexConversionPasses();
  mlir::beex::registerCompilePipeline();

  mlir::DialectRegistry registry;
  mlir::beex::registerPipelineDialects(registry);
  llvm::InitLLVM init(argc, argv);
  auto [inputFilename, outputFilename] = parseOptions(argc, argv, registry);
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects())
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFilename, &message);
  if (!input) {
    llvm::WithColor::error(llvm::errs(), "beex-opt") << message << "\n";
    return 1;
  }
  if (llvm::Error error = beex::checkIRNesting(input->getBuffer(),
                                               input->getBufferIdentifier())) {
    llvm::WithColor::error(llvm::errs(), "beex-opt")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  // The diagnostics are already printed when MlirOptMain fails.
  bool failed = false;
  llvm::Error error = beex::writeFileAtomically(outputFilename, [&](llvm::raw_ostream &os) {
    failed = mlir::failed(mlir::MlirOptMain(os, std::move(input), registry, config));
    return failed ? llvm::createStringError(llvm::inconvertibleErrorCode(), "")
                  : llvm::Error::success();
  });
  if (failed) {
    llvm::consumeError(std::move(error));
    return 1;
  }
  if (error) {
    llvm::WithColor::error(llvm::errs(), "beex-opt")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
