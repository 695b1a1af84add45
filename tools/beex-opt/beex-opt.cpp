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
#include "beex/Support/WriteFile.h"
#include "beex/Transforms/Passes.h"
#include "dialects/beex/BeexDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::beex::registerBeexPasses();
  mlir::beex::registerBeexConversionPasses();
  mlir::beex::registerCompilePipeline();

  mlir::DialectRegistry registry;
  registry.insert<mlir::beex::BeexDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::LLVM::LLVMDialect, mlir::math::MathDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect, mlir::vector::VectorDialect>();
  llvm::InitLLVM init(argc, argv);
  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "beex optimizer driver\n", registry);
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
