//===- CompilePipeline.h - From beex IR to the LLVM dialect -----*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one pipeline beexc compiles with and beex-opt shows
// (--beex-compile-pipeline), so what a user inspects is what is compiled.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_PIPELINE_COMPILEPIPELINE_H
#define BEEX_PIPELINE_COMPILEPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::beex {

struct CompilePipelineOptions
    : public PassPipelineOptions<CompilePipelineOptions> {
  Option<unsigned> vectorBits{*this, "vector-bits",
                              llvm::cl::desc("Vector register width in bits"),
                              llvm::cl::init(128)};
  Option<bool> widePopcount{
      *this, "wide-popcount",
      llvm::cl::desc("The target has a 64-bit lane popcount (VPOPCNTDQ, Zvbb)"),
      llvm::cl::init(false)};
  Option<bool> scalableVectors{
      *this, "scalable-vectors",
      llvm::cl::desc("Vector-length-agnostic binarized linears (RVV)"),
      llvm::cl::init(false)};
  Option<bool> int8Dot{
      *this, "int8-dot",
      llvm::cl::desc("int8-activation linears on 4-byte dot products (vpdpbusd "
                     "with AVX-512 VNNI or AVX-VNNI, sdot with AArch64 dotprod)"),
      llvm::cl::init(false)};
  Option<bool> f32Lookup{
      *this, "f32-lookup",
      llvm::cl::desc("f32-activation linears on 16-entry lookup tables (vpermps, "
                     "AVX-512)"),
      llvm::cl::init(false)};
  Option<bool> hasFma{*this, "fma",
                      llvm::cl::desc("The target has fused multiply-add"),
                      llvm::cl::init(false)};
  Option<bool> stopAtLoops{
      *this, "stop-at-loops",
      llvm::cl::desc("Stop after convert-beex-to-loops (scf/vector/memref)"),
      llvm::cl::init(false)};
};

/// beex IR (tensors) -> LLVM dialect with the runtime's C ABI.
void buildCompilePipeline(OpPassManager &pm, const CompilePipelineOptions &options);

/// Registers --beex-compile-pipeline.
void registerCompilePipeline();

/// Registers every dialect of beex IR at any stage of the pipeline, from the
/// beex ops down to the llvm dialect: what beex-opt and beex-lsp-server read.
void registerPipelineDialects(DialectRegistry &registry);

} // namespace mlir::beex

#endif // BEEX_PIPELINE_COMPILEPIPELINE_H
