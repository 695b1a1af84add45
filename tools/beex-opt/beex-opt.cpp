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
//===----------------------------------------------------------------------===//

#include "beex/Conversion/Passes.h"
#include "beex/Pipeline/CompilePipeline.h"
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
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

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
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "beex optimizer driver\n", registry));
}
