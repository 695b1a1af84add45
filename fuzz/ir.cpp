//===- ir.cpp - Fuzzing beex IR parsing, verification and passes ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Input: MLIR text, parsed and verified as beex-opt does with the dialects
// beexc reads (beex, func, arith, math), after the same nesting check. A
// module that parses and verifies must then
// - print and parse back (the round trip of test/Dialect/Beex/ops.mlir),
// - survive --beex-pack-weights and --canonicalize (the pass manager
//   verifies after each pass; a failure must be a diagnostic, not a crash).
//
// Every input gets a fresh single-threaded context: a shared one would keep
// the dense resources and uniqued attributes of earlier inputs.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "beex/Support/IRNesting.h"
#include "beex/Transforms/Passes.h"
#include "dialects/beex/BeexDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <cstdint>

namespace {
mlir::DialectRegistry &registry() {
  static mlir::DialectRegistry *registry = [] {
    auto *registry = new mlir::DialectRegistry();
    registry->insert<mlir::beex::BeexDialect, mlir::arith::ArithDialect,
                     mlir::func::FuncDialect, mlir::math::MathDialect>();
    return registry;
  }();
  return *registry;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The parser reads a NUL-terminated buffer.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::MLIRContext context(registry(), mlir::MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diagnostics.size() < 4096)
      diagnostics += diag.str() + "\n";
    return mlir::success();
  });

  // beex-opt refuses what MLIR's recursive parser cannot survive.
  if (llvm::Error error = beex::checkIRNesting(text, "fuzz.mlir")) {
    llvm::consumeError(std::move(error));
    return 0;
  }
  mlir::ParserConfig config(&context); // Verifies after parsing.
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, config, "fuzz.mlir");
  if (!module)
    return 0;

  std::string printed;
  {
    llvm::raw_string_ostream os(printed);
    module->print(os);
  }
  mlir::MLIRContext reparseContext(registry(),
                                   mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler reparseHandler(
      &reparseContext, [&](mlir::Diagnostic &diag) {
        diagnostics += diag.str() + "\n";
        return mlir::success();
      });
  diagnostics.clear();
  if (!mlir::parseSourceString<mlir::ModuleOp>(
          printed, mlir::ParserConfig(&reparseContext), "printed.mlir"))
    beex::fuzz::fail("a verified module does not parse back after printing:\n" +
                     diagnostics + "--- printed:\n" + printed);

  mlir::PassManager pm(&context);
  pm.addPass(mlir::beex::createBeexPackWeights());
  pm.addPass(mlir::createCanonicalizerPass());
  (void)pm.run(*module);
  return 0;
}
