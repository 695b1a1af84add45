//===- beex_file.cpp - Fuzzing the .beex reader ---------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Input: a .beex file. readBeexBuffer runs the FlatBuffers verifier and the
// semantic checks; a model they accept must then be usable by everything
// that reads a Model, so the fuzzer also
// - runs the reference interpreter on a few tokens (fuzz/FuzzSupport.h),
// - writes the model again and reads it back,
// - translates it to beex IR (beex-translate --import-beex, the first step
//   of beexc) and verifies the IR, when the model is small.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "beex/Import/BeexFile.h"
#include "beex/Translate/ModelToIR.h"
#include "dialects/beex/BeexDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>

namespace {
/// Weights and layers past which the IR translation is skipped, to keep
/// executions fast; the reader's checks do not depend on size.
constexpr int64_t kMaxTranslatedLayers = 16;
constexpr size_t kMaxTranslatedBytes = 1 << 16;

void translateAndVerify(const beex::Model &model, size_t fileSize) {
  if (model.config.layers > kMaxTranslatedLayers || fileSize > kMaxTranslatedBytes)
    return;
  mlir::DialectRegistry registry;
  registry.insert<mlir::beex::BeexDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::math::MathDialect>();
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::beex::translateModelToIR(model, &context, "fuzz");
  if (!module)
    beex::fuzz::fail("a valid model does not translate to IR: " + diagnostics);
  if (mlir::failed(mlir::verify(*module)))
    beex::fuzz::fail("a valid model translates to invalid IR: " + diagnostics);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  llvm::Expected<std::unique_ptr<beex::Model>> model =
      beex::readBeexBuffer(llvm::MemoryBuffer::getMemBufferCopy(input, "fuzz.beex"));
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  beex::fuzz::runReferenceBounded(**model, beex::fuzz::hashBytes(data, size));

  beex::fuzz::checkRewrites(**model, "a valid model");
  translateAndVerify(**model, size);
  return 0;
}
