//===- CompilePipeline.cpp - From beex IR to the LLVM dialect -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Pipeline/CompilePipeline.h"
#include "beex/Conversion/Passes.h"
#include "beex/Transforms/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void beex::buildCompilePipeline(OpPassManager &pm,
                                const CompilePipelineOptions &options) {
  pm.addPass(createBeexPackWeights());
  ConvertBeexToLoopsOptions loops;
  loops.vectorBits = options.vectorBits;
  loops.widePopcount = options.widePopcount;
  loops.scalableVectors = options.scalableVectors;
  loops.int8Dot = options.int8Dot;
  loops.f32Lookup = options.f32Lookup;
  pm.addPass(createConvertBeexToLoops(loops));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Weights a kernel reads in another layout (interleaved signs) leave their
  // original global unused: it must not reach the object.
  pm.addPass(createSymbolDCEPass());
  if (options.stopAtLoops)
    return;

  BeexExpandMathOptions math;
  math.keepFma = options.hasFma;
  pm.addPass(createBeexExpandMath(math));
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  // Memrefs cross the C ABI as bare pointers (runtime/include/beex/runtime.h).
  ConvertFuncToLLVMPassOptions functions;
  functions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(functions));
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertBeexToLLVM());
}

void beex::registerCompilePipeline() {
  PassPipelineRegistration<CompilePipelineOptions>(
      "beex-compile-pipeline",
      "Compile beex IR to the LLVM dialect (what beexc compiles)",
      buildCompilePipeline);
}
